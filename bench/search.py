"""Search benchmark: Pagefind (what the build makes) against a compact JSON index, on built sites.

    python bench/search.py [SITE ...]      (default: the demo shop, built into a temporary folder)

For each built site (`etalase build` output, with its `pagefind/`):
- index size: Pagefind's files on disk, and the JSON index a small script would load whole
  (every product's title, category, tags, SKU and description, plus its URL and thumbnail),
  raw and gzipped, with and without the descriptions;
- page weight: in Chromium, the bytes the search page loads before a search and for one search
  (photos apart); for the JSON index, the page plus the gzipped index (a script would add ~2 KB);
- results: a few queries with the product that must come first, through Pagefind in the browser
  and through the JSON index scored as a small script would (every query word a prefix of a word in
  the product; title words count most, then category, tags and SKU, then the description).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import re
import sys
import tempfile
import threading
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CHROMIUM = "/usr/bin/chromium"
DEMO_QUERIES = {  # query -> titles that must come first (any order among them)
    "batik": ["Kemeja Batik Parang Sogan", "Kain Batik Tulis Mega Mendung", "Blus Batik Kawung Indigo",
              "Kemeja Batik Truntum Lengan Panjang"],
    "kemeja": ["Kemeja Batik Parang Sogan", "Kemeja Batik Truntum Lengan Panjang"],
    "sepatu kulit": ["Sepatu Kulit Oxford Sogan"],
    "BTK-003": ["Blus Batik Kawung Indigo"],
    "cirebon": ["Kain Batik Tulis Mega Mendung"],
    "kemejanya": ["Kemeja Batik Parang Sogan", "Kemeja Batik Truntum Lengan Panjang"],  # suffix -nya
    "tenunan": ["Kain Tenun Ikat Sumba Timur"],  # -an: any tenun product counts, see below
    "kopi arabika": ["Kopi Arabika Gayo 250 g", "Kopi Arabika Kintamani 250 g"],
}
SYNTHETIC_QUERIES = {  # bench/synthetic.py: product N is in CATEGORIES[N % 8]
    "SKU-00417": ["Produk Tenun Nomor 417"],
    "produk tas nomor 11": ["Produk Tas Nomor 11"],
    "songket 999": ["Produk Songket Nomor 999"],
    "kopi nomor 4": ["Produk Kopi Nomor 4"],
}
WEIGHTS = {"title": 10, "category": 5, "tags": 5, "sku": 5, "text": 1}


class ProductPage(HTMLParser):
    """The searchable fields of a built product page (the theme's classes)."""

    def __init__(self):
        super().__init__()
        self.fields = {"title": "", "category": "", "tags": "", "sku": "", "text": "", "thumb": ""}
        self._where: list[str] = []
        self._dt = ""
        self._stack: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        field = None
        if tag == "h1":
            field = "title"
        elif "description" in (attrs.get("class") or "").split():
            field = "text"
        elif tag == "dd":
            field = {"Kategori": "category", "Category": "category", "SKU": "sku", "Label": "tags", "Tags": "tags"}.get(self._dt.strip())
        elif tag == "dt":
            self._dt = ""
            field = "dt"
        if tag == "article" and attrs.get("data-pagefind-meta", "").startswith("image:"):
            self.fields["thumb"] = attrs["data-pagefind-meta"][6:]
        if tag not in ("br", "img", "source", "input", "meta", "link"):
            self._stack.append((tag, field))

    def handle_endtag(self, tag):
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _, field in reversed(self._stack):
            if field == "dt":
                self._dt += data
                return
            if field:
                self.fields[field] += data + " "
                return


def product_records(site: Path) -> list[dict]:
    records = []
    for path in sorted((site / "products").glob("*/index.html")):
        html = path.read_text(encoding="utf-8")
        if "data-pagefind-body" not in html:
            continue  # forwarding pages, lists
        parser = ProductPage()
        parser.feed(html)
        record = {k: " ".join(v.split()) for k, v in parser.fields.items()}
        record["url"] = "/" + path.parent.relative_to(site).as_posix() + "/"
        records.append(record)
    return records


def json_index(records: list[dict], with_text: bool) -> bytes:
    keys = ["url", "title", "category", "tags", "sku", "thumb"] + (["text"] if with_text else [])
    return json.dumps([[r[k] for k in keys] for r in records], ensure_ascii=False, separators=(",", ":")).encode()


WORD = re.compile(r"[\w]+", re.UNICODE)


def json_search(records: list[dict], query: str) -> list[str]:
    """What a small script over the JSON index would do: AND of prefix matches, weighted by field."""
    words = [w.lower() for w in WORD.findall(query)]
    scored = []
    for record in records:
        fields = {name: [w.lower() for w in WORD.findall(record[name])] for name in WEIGHTS}
        score = 0
        for word in words:
            hits = sum(WEIGHTS[name] * sum(1 for w in tokens if w.startswith(word)) for name, tokens in fields.items())
            if not hits:
                break
            score += hits
        else:
            scored.append((-score, record["title"]))
    return [title for _, title in sorted(scored)]


def serve(folder: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


def measure(site: Path, queries: dict[str, list[str]], browser) -> None:
    pagefind = site / "pagefind"
    files = [p for p in pagefind.rglob("*") if p.is_file()]
    records = product_records(site)
    print(f"\n== {site}: {len(records)} products")
    print(f"Pagefind index: {sum(p.stat().st_size for p in files) / 1024:8.1f} KB in {len(files)} files "
          f"(index chunks and fragments are gzipped already; wasm {sum(p.stat().st_size for p in files if 'wasm' in p.name) / 1024:.1f} KB)")
    for with_text in (True, False):
        raw = json_index(records, with_text)
        print(f"JSON index {'with descriptions' if with_text else 'without descriptions'}: "
              f"{len(raw) / 1024:8.1f} KB raw, {len(gzip.compress(raw, 9)) / 1024:7.1f} KB gzipped")

    base, server = serve(site)
    try:
        page = browser.new_page()
        loaded: dict[str, int] = {}
        wire: dict[str, int] = {}  # as a host that gzips sends it (Pagefind's index files are gzip already)

        def record(response):
            if response.ok and "/photos/" not in response.url:
                body = response.body()
                loaded[response.url] = len(body)
                wire[response.url] = len(body) if body[:2] == b"\x1f\x8b" else len(gzip.compress(body, 9))

        page.on("response", record)
        page.goto(base + "/search/", wait_until="networkidle")
        before = sum(loaded.values())
        print(f"search page before searching: {before / 1024:6.1f} KB (HTML, CSS, search.js; nothing of the index)")
        first = next(iter(queries))
        before_wire = sum(wire.values())
        loaded.clear()
        wire.clear()
        page.goto(f"{base}/search/?q={urllib.parse.quote(first)}", wait_until="networkidle")
        total = sum(loaded.values())
        index_part = sum(v for k, v in loaded.items() if "/pagefind/" in k)
        print(f"one search ({first!r}), Pagefind: {total / 1024:6.1f} KB ({sum(wire.values()) / 1024:.1f} KB gzipped), "
              f"of which Pagefind {index_part / 1024:.1f} KB in {sum(1 for k in loaded if '/pagefind/' in k)} files")
        whole = json_index(records, True)
        print(f"one search, JSON index: {(before + len(whole)) / 1024:6.1f} KB ({(before_wire + len(gzip.compress(whole, 9))) / 1024:.1f} KB gzipped) "
              f"(page + the whole index, + ~2 KB script)")
        print(f"{'query':22} {'Pagefind first results':50} | JSON index first results")
        for query, wanted in queries.items():
            titles = page.evaluate(
                """async ([base, q]) => { const pf = await import(base + '/pagefind/pagefind.js'); const s = await pf.search(q);
                   return Promise.all(s.results.slice(0, 5).map(async r => (await r.data()).meta.title)); }""", [base, query])
            found = json_search(records, query)[:5]

            def verdict(results: list[str]) -> str:
                ok = set(results[:len(wanted)]) == set(wanted) or (query == "tenunan" and results and "Tenun" in results[0])
                return ("ok  " if ok else "MISS") + " " + "; ".join(results[:3])[:44]

            print(f"{query:22} {verdict(titles):50} | {verdict(found)}")
        page.close()
    finally:
        server.shutdown()


def main() -> int:
    from playwright.sync_api import sync_playwright

    sites = [Path(a) for a in sys.argv[1:]]
    if not sites:
        from tests.helpers import build, copy_demo

        shop = copy_demo(Path(tempfile.mkdtemp(prefix="etalase-search-")) / "shop")
        assert build(shop)[0] == 0
        sites = [shop / "public"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for site in sites:
            demo = (site / "products/kemeja-batik-parang").is_dir()
            measure(site, DEMO_QUERIES if demo else SYNTHETIC_QUERIES, browser)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
