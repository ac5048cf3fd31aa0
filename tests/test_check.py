"""`etalase check`: broken links, missing photos, heavy pages, bad anchors, sub-paths, outside links."""

from __future__ import annotations

import http.server
import re
import socket
import threading
import time
from pathlib import Path

import pytest

from generator.contract.published_site import Resolver, Target, check_site, link_problem as Problem, parse_page, srcset_urls
from tests.helpers import SHOP_TOML, WORDS, build, copy_demo, make_shop, product_md, run

# A copy of the theme's page.html with links planted in it
PAGE_WITH = """{{% extends "base.html" %}}
{{% block title %}}{{{{ page.title }}}} · {{{{ site.title }}}}{{% endblock %}}
{{% block main %}}
<article class="page">
  <h1>{{{{ page.title }}}}</h1>
  {{{{ page.body }}}}
  <p>{links}</p>
  {{% if page.last_updated %}}<p class="updated">{{{{ _("Last updated") }}}}: {{{{ page.last_updated }}}}</p>{{% endif %}}
</article>
{{% endblock %}}
"""


def page_template(links: str) -> str:
    return PAGE_WITH.format(links=links)


def check(root: Path, *extra: str) -> tuple[int, list[str], str]:
    """Run `etalase check`: (exit code, the problem lines, all of stderr)."""
    code, _, err = run("check", "--shop", root, "--no-git", *extra)
    return code, [line for line in err.splitlines() if " → " in line], err


def test_clean_shop_passes(tmp_path):
    shop = make_shop(tmp_path, {"content/pages/about.md": "---\ntitle: Tentang\n---\n[Kemeja](/products/kemeja/) dan [privasi](../privacy/#main).\n"})
    code, problems, err = check(shop)
    assert code == 0, err
    assert problems == []
    assert re.fullmatch(r"checked \d+ pages, \d+ links: no problems", err.splitlines()[-1])
    assert (shop / "public/products/kemeja/index.html").is_file()  # it built first
    code, _, err = check(shop, "--no-build", "-q")
    assert code == 0 and err == ""


def test_broken_link(tmp_path):
    shop = make_shop(tmp_path, {"templates/page.html": page_template(
        '<a href="/tidak-ada/">Promo</a> <a href="/products/kemeja/">Kemeja</a> <a href="../products/kemeja">Tanpa garis miring</a>'
        ' <!-- <a href="/dikomentari/">bukan tautan</a> --> <a href="mailto:a@b.example">Surat</a> <a href="tel:+62274">Telepon</a>'
    )})
    code, problems, err = check(shop)
    assert code == 1
    assert problems == [
        "privacy/index.html → /tidak-ada/: file not found",
        "privacy/index.html → ../products/kemeja: is a folder: end the link with /",
    ]
    assert err.splitlines()[-1] == "check failed: 2 problems on 1 page"


def test_missing_image(tmp_path):
    shop = make_shop(tmp_path)
    assert build(shop)[0] == 0
    photo = next((shop / "public/photos").glob("kemeja-*-480.webp"))
    photo.unlink()
    code, problems, _ = check(shop, "--no-build")
    assert code == 1
    assert f"products/kemeja/index.html → /photos/{photo.name}: file not found" in problems
    assert all(line.endswith(f"→ /photos/{photo.name}: file not found") for line in problems)


def test_oversized_page(tmp_path):
    shop = make_shop(tmp_path, {"content/products/kemeja.md": product_md(
        "title: Kemeja Batik\nprice: 185000\nphotos: [kemeja.jpg]", "\n\n".join([WORDS] * 250))})
    code, problems, _ = check(shop)
    assert code == 1
    public = shop / "public"
    css = sum(p.stat().st_size for p in (public / "assets").glob("*.css"))
    size = (public / "products/kemeja/index.html").stat().st_size + css
    assert size > 50 * 1024
    assert problems == [
        f"products/kemeja/index.html → (page weight): {size / 1024:.1f} KB of HTML, CSS and JS up front; "
        "the budget is 50 KB (quality.max_page_kb)"
    ]


def test_page_budget_from_shop_toml(tmp_path):
    shop = make_shop(tmp_path, {"shop.toml": SHOP_TOML + "\n[quality]\nmax_page_kb = 1\n"})
    code, problems, _ = check(shop)
    assert code == 1
    pages = sorted(p.relative_to(shop / "public").as_posix() for p in (shop / "public").rglob("*.html"))
    assert [line.split(" → ")[0] for line in problems] == pages
    assert all(" → (page weight): " in line and line.endswith("the budget is 1 KB (quality.max_page_kb)") for line in problems)
    make_shop(shop, {"shop.toml": SHOP_TOML + "\n[quality]\nmax_page_kb = \"banyak\"\n"})
    code, _, err = check(shop)
    assert code == 1 and "shop.toml:" in err and "quality.max_page_kb" in err


def test_bad_anchor(tmp_path):
    shop = make_shop(tmp_path, {"templates/page.html": page_template(
        '<a href="#ulasan">Ulasan</a> <a href="/products/kemeja/#harga">Harga</a> <a href="/products/kemeja/#main">Isi</a>'
        ' <a href="#">Atas</a> <a href="#top">Atas</a> <a name="catatan"></a><a href="#catatan">Catatan</a>'
    )})
    code, problems, _ = check(shop)
    assert code == 1
    assert problems == [
        'privacy/index.html → #ulasan: no element with id="ulasan" in privacy/index.html',
        'privacy/index.html → /products/kemeja/#harga: no element with id="harga" in products/kemeja/index.html',
    ]


def test_sub_path_passes(tmp_path):
    shop = make_shop(tmp_path)
    code, problems, err = check(shop, "--base-url", "https://example.test/shop/")
    assert code == 0, err
    assert 'href="/shop/products/kemeja/"' in (shop / "public/index.html").read_text()


def test_sub_path_link_without_the_prefix(tmp_path):
    shop = make_shop(tmp_path, {"templates/page.html": page_template(
        '<a href="/privacy/">Privasi</a> <a href="https://example.test/shop/products/kemeja/">Kemeja</a>')})
    code, problems, _ = check(shop, "--base-url", "https://example.test/shop/")
    assert code == 1
    assert problems == ["privacy/index.html → /privacy/: outside the shop: every link must start with /shop/"]


def test_no_build_without_a_site(tmp_path):
    shop = make_shop(tmp_path)
    code, _, err = check(shop, "--no-build")
    assert code == 1 and "no built site here" in err


def test_build_problems_stop_the_check(tmp_path):
    shop = make_shop(tmp_path, {"content/pages/privacy.md": None})
    code, problems, err = check(shop)
    assert code == 1 and problems == []
    assert "build failed:" in err and "checked" not in err


@pytest.mark.parametrize("theme", ["etalase", "pasar"])
def test_demo_shop_passes(tmp_path, theme):
    """No broken link and every page inside the page budget, in both bundled themes."""
    shop = copy_demo(tmp_path / "shop")
    toml = shop / "shop.toml"
    toml.write_text(toml.read_text().replace('theme = "etalase"', f'theme = "{theme}"'))
    code, problems, err = check(shop)
    assert code == 0, err
    assert problems == []
    assert re.fullmatch(r"checked \d+ pages, [\d,]+ links: no problems", err.splitlines()[-1])  # "1,036 links"


# Outside links, against a real server on 127.0.0.1 (never the internet)


class _Handler(http.server.BaseHTTPRequestHandler):
    """/ok answers; /no-head refuses HEAD but answers GET; anything else is 404."""

    def _answer(self, head: bool) -> None:
        if self.path == "/ok" or (self.path == "/no-head" and not head):
            status = 200
        elif self.path == "/no-head":
            status = 405
        else:
            status = 404
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if not head:
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_external_links(tmp_path, local_server, monkeypatch):
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    closed = f"http://127.0.0.1:{_closed_port()}/"
    shop = make_shop(tmp_path, {"content/pages/about.md": (
        f"---\ntitle: Tentang\n---\n[ok]({local_server}/ok) [tanpa HEAD]({local_server}/no-head) "
        f"[hilang]({local_server}/missing) [mati]({closed})\n")})
    code, problems, err = check(shop)
    assert code == 0, err  # outside links are checked only with --external
    code, problems, err = check(shop, "--no-build", "--external")
    assert code == 1
    assert len(problems) == 2  # printed in address order, and the closed port's number is random
    assert f"about/index.html → {local_server}/missing: HTTP 404" in problems
    assert any(p.startswith(f"about/index.html → {closed}: cannot connect: ") for p in problems)


# The parts


def test_outside_links_skip_whatsapp_mail_and_data(tmp_path):
    (tmp_path / "index.html").write_text(
        '<a href="https://wa.me/62812?text=x">WA</a><a href="mailto:a@b.example">m</a><a href="tel:1">t</a>'
        '<img src="data:image/png;base64,AAAA" alt=""><a href="https://other.example/p#f">o</a>'
        '<a href="https://toko.example/">home</a><a href="//cdn.example/x.js">cdn</a>')
    asked = []
    result = check_site(tmp_path, "https://toko.example/", 50, external=True, fetch=lambda url: asked.append(url) or "HTTP 410")
    assert sorted(asked) == ["https://cdn.example/x.js", "https://other.example/p"]
    assert result.problems == [Problem("index.html", "//cdn.example/x.js", "HTTP 410"), Problem("index.html", "https://other.example/p#f", "HTTP 410")]


def test_resolver():
    resolver = Resolver("https://toko.example/shop/")
    page = "products/kaos/index.html"
    assert resolver.resolve("/shop/products/kemeja/", page) == Target("internal", "products/kemeja/index.html")
    assert resolver.resolve("../kemeja/#harga", page) == Target("internal", "products/kemeja/index.html", "harga")
    assert resolver.resolve("foto%20depan.webp?v=2", page) == Target("internal", "products/kaos/foto depan.webp")
    assert resolver.resolve("#ukuran", page) == Target("internal", page, "ukuran")
    assert resolver.resolve("https://toko.example/shop/", page) == Target("internal", "index.html")
    assert resolver.resolve("/products/", page).kind == "broken"
    assert resolver.resolve("../../../../x/", page).kind == "broken"  # climbs out of /shop/
    assert resolver.resolve("https://toko.example/lain/", page).kind == "broken"
    assert resolver.resolve("https://pasar.example/a#b", page) == Target("external", "https://pasar.example/a")
    for skipped in ("mailto:a@b.example", "tel:+62274", "https://wa.me/62812", "data:image/gif;base64,R0lG", "javascript:void(0)"):
        assert resolver.resolve(skipped, page).kind == "skip", skipped


def test_srcset_urls():
    assert srcset_urls("/a-480.webp 480w, /a-800.webp 800w") == ["/a-480.webp", "/a-800.webp"]
    assert srcset_urls(" /a.webp, /b.webp 2x ,/c.webp") == ["/a.webp", "/b.webp", "/c.webp"]
    assert srcset_urls("/a.webp,/b.webp 2x") == ["/a.webp,/b.webp"]  # a comma inside a URL is part of it, as browsers read it
    assert srcset_urls("data:image/png;base64,AAAA 1x, /b.png 2x") == ["data:image/png;base64,AAAA", "/b.png"]


def test_parse_page():
    page = parse_page("index.html", (
        '<link rel="stylesheet" href="/a.css"><link rel="preconnect" href="https://fonts.example">'
        '<script src="/sync.js"></script><script src="/d.js" defer></script><script src="/m.js" type="module"></script>'
        '<!-- <a href="/hidden/"> --><div id="x"></div><a name="y">y</a><span name="z"></span>'
        '<picture><source srcset="/p-480.webp 480w, /p-800.webp 800w"><img src="/p.jpg" alt=""></picture>'
        '<a href="/q?a=1&amp;b=2">q</a>'
    ).encode())
    assert [(link.url, link.upfront) for link in page.links] == [
        ("/a.css", True), ("/sync.js", True), ("/d.js", False), ("/m.js", False),
        ("/p-480.webp", False), ("/p-800.webp", False), ("/p.jpg", False), ("/q?a=1&b=2", False),
    ]
    assert page.ids == {"x", "y"}


class _DrippingServer:
    """Accepts connections and sends each an HTTP answer one byte every `pause` seconds, as a stuck server does."""

    def __init__(self, pause: float = 0.5):
        self.pause = pause
        self.stopped = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/slow"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._drip, args=(connection,), daemon=True).start()

    def _drip(self, connection: socket.socket) -> None:
        answer = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Padding: " + b"." * 200 + b"\r\n\r\nok"
        with connection:
            for byte in answer:
                if self.stopped.wait(self.pause):
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return

    def close(self) -> None:
        self.stopped.set()
        self.listener.close()


def test_slow_outside_link_is_held_to_a_deadline(tmp_path, local_server, monkeypatch):
    from generator.contract import published_site as site_check

    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(site_check, "EXTERNAL_TIMEOUT", 1.5)
    dripping = _DrippingServer(pause=0.5)  # each byte well within any socket timeout
    try:
        shop = make_shop(tmp_path, {"content/pages/about.md": f"---\ntitle: Tentang\n---\n[lambat]({dripping.url}) [ok]({local_server}/ok)\n"})
        assert build(shop)[0] == 0
        started = time.monotonic()
        code, problems, err = check(shop, "--no-build", "--external")
        elapsed = time.monotonic() - started
    finally:
        dripping.close()
    assert code == 1, err
    assert problems == [f"about/index.html → {dripping.url}: did not answer within 1.5 s"]
    assert elapsed < 1.5 + 5, elapsed  # the deadline and a margin for a busy machine, not the ~100 s the answer takes to drip in


# Links that run code, planted in a built page by hand (the HTML source as a browser gets it)
PLANTED = (
    '<a href="JaVaScRiPt:alert(1)">a</a>'
    '<a href=" \t\njavascript:alert(2)">b</a>'
    '<a href="java\tscript:alert(3)">c</a>'
    '<a href="javascript&#58;alert(4)">d</a>'
    '<a href="java&Tab;script&colon;alert(5)">e</a>'
    '<form action="vbscript:msgbox(6)"><button formaction="VBScript:msgbox(7)">f</button></form>'
    '<iframe src="data:text/html;base64,PHNjcmlwdD4="></iframe>'
    '<img alt="" srcset="/favicon.ico 1x, DATA:text/html,x 2x">'
    '<a href="data:image/svg+xml,&lt;svg onload=alert(8)&gt;">g</a>'
    '<img alt="" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'  # an image as data: is fine where only an image shows
    '<a href="https://tokouji.example/privacy/">h</a>'
)


def test_links_that_run_code_are_named(tmp_path):
    shop = make_shop(tmp_path)
    assert build(shop)[0] == 0
    page = shop / "public/privacy/index.html"
    page.write_text(page.read_text().replace("</main>", PLANTED + "</main>", 1))
    code, problems, err = check(shop, "--no-build")
    assert code == 1, err
    runs = "link runs code in the shopper's browser; remove it"
    assert problems == [
        f"privacy/index.html → JaVaScRiPt:alert(1): a javascript: {runs}",
        f"privacy/index.html →  \\t\\njavascript:alert(2): a javascript: {runs}",
        f"privacy/index.html → java\\tscript:alert(3): a javascript: {runs}",
        f"privacy/index.html → javascript:alert(4): a javascript: {runs}",
        f"privacy/index.html → java\\tscript:alert(5): a javascript: {runs}",
        f"privacy/index.html → vbscript:msgbox(6): a vbscript: {runs}",
        f"privacy/index.html → VBScript:msgbox(7): a vbscript: {runs}",
        "privacy/index.html → data:text/html;base64,PHNjcmlwdD4=: a data:text/html URL carries a page or a script; "
        "link to a file of the site instead",
        "privacy/index.html → DATA:text/html,x: a data:text/html URL carries a page or a script; link to a file of the site instead",
        "privacy/index.html → data:image/svg+xml,<svg onload=alert(8)>: a data: image in a href can open as a page; "
        "use an image file, or data: only in img src",
    ]


def test_link_scheme():
    from generator.schemes import link_scheme

    assert link_scheme("JaVaScRiPt:x") == "javascript"
    assert link_scheme("\x00 \x1fjavascript:x \x01") == "javascript"  # controls and spaces cut from the ends
    assert link_scheme("j\na\rv\tascript:x") == "javascript"  # tabs and newlines dropped anywhere
    assert link_scheme("java script:x") == "javascript"  # stricter than a browser (a relative URL to it): never looser
    assert link_scheme("/products/javascript:x") == "" and link_scheme("#a:b") == ""
    assert link_scheme("HTTPS://toko.example/") == "https"