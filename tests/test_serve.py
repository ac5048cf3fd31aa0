"""`etalase serve` over a real socket on 127.0.0.1: incremental rebuilds, reload, errors, safety."""

from __future__ import annotations

import http.client
import http.server
import json
import os
import socket
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from generator.build import BuildOptions
from generator.reporter import Reporter
from generator.serve import start, stop
from generator.write import MARKER
from tests.helpers import SHOP_TOML, make_shop, product_md, snapshot


@pytest.fixture
def served(tmp_path):
    """Start the preview server for a shop; yields (shop folder, base URL)."""
    running = []

    def launch(files: dict | None = None, photos=("content/products/kemeja.jpg",), **serving) -> tuple[Path, str]:
        shop = make_shop(tmp_path / "shop", {
            "content/products/kaos.md": product_md("title: Kaos\nprice: 90000\ncategory: Kaos\nsku: K-1\nphotos: [kemeja.jpg]"),
            **(files or {}),
        }, photos=photos)
        server, preview, observers = start(BuildOptions(root=shop, use_git=False), "127.0.0.1", 0, Reporter(0), **serving)
        running.append((server, preview, observers))
        return shop, f"http://127.0.0.1:{server.server_address[1]}"

    yield launch
    for server, preview, observers in running:
        stop(server, preview, observers)


def get(url: str, headers: dict | None = None, method: str = "GET") -> tuple[int, dict, bytes]:
    parts = urllib.request.urlparse(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers or {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), body


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def wait_for(url: str, text: str, timeout: float = 10) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if text in get(url)[2].decode():
            return time.monotonic() - started
        time.sleep(0.02)
    raise AssertionError(f"{url} never showed {text!r}")


def builds(base: str) -> int:
    return json.loads(get(base + "/__etalase__/status")[2])["builds"]


def settle(base: str, after: int, timeout: float = 10) -> None:
    """Wait until a full rebuild finished after the `after`-th (the edited page may be served before it)."""
    deadline = time.monotonic() + timeout
    while builds(base) <= after:
        if time.monotonic() > deadline:
            raise AssertionError("no full rebuild finished")
        time.sleep(0.02)


def mirrored(base: str, timeout: float = 20) -> None:
    """Wait until the mirror on disk holds the last full build (it is written once edits settle)."""
    deadline = time.monotonic() + timeout
    while not json.loads(get(base + "/__etalase__/status")[2])["mirrored"]:
        if time.monotonic() > deadline:
            raise AssertionError("the mirror was never written")
        time.sleep(0.05)


def test_edit_price_rewrites_only_dependent_pages(served):
    shop, base = served()
    mirror = shop / ".etalase-cache/preview"
    status, _, body = get(base + "/products/kemeja/")
    assert status == 200 and "Rp 185.000" in body.decode()
    mirrored(base)
    before = {path: (mirror / path).stat().st_mtime_ns for path in snapshot(mirror)
              if not path.startswith(("pagefind/", MARKER))}  # the writer's own: made again on every write, as in public/
    built = builds(base)
    time.sleep(0.05)
    edit(shop / "content/products/kemeja.md", "price: 185000", "price: 199000")
    wait_for(base + "/products/kemeja/", "Rp 199.000")
    settle(base, built)
    mirrored(base)
    status_json = json.loads(get(base + "/__etalase__/status")[2])
    changed = {path for path, mtime in before.items() if (mirror / path).stat().st_mtime_ns != mtime}
    assert "products/kemeja/index.html" in changed
    assert "products/kaos/index.html" not in changed and "privacy/index.html" not in changed and "category/kaos/index.html" not in changed
    lists = {path for path in changed if path.startswith(("products/", "category/batik/")) and "kaos" not in path}
    assert changed - lists <= {"index.html", "feed.xml", "sitemap.xml", "cart/index.html", "catalog.json", "products.xml"}, changed
    assert "category/kaos/index.html" not in changed and "category/kaos/by/price-asc/index.html" not in changed
    assert {"category/batik/index.html", "products/by/price-asc/index.html"} <= changed  # lists show the new price
    assert "products/kaos/index.html" not in status_json["rendered"]
    assert not (shop / "public").exists()  # the preview never writes public/


def test_preview_is_byte_for_byte_the_build_plus_reload_script(served):
    from tests.helpers import build

    shop, base = served()
    assert build(shop)[0] == 0
    public = snapshot(shop / "public")
    for path, data in public.items():
        if path.startswith(".") or path.endswith(".html") is False and path != "feed.xml":
            continue
        status, _, body = get(f"{base}/{path}")
        if path.endswith(".html"):
            assert body.replace(b'<script src="/__etalase__/reload.js" defer></script>', b"") == data, path
            assert b"/__etalase__/reload.js" not in data  # never in build output
        else:
            assert body == data, path


def test_delete_and_rename_remove_old_pages(served):
    shop, base = served()
    (shop / "content/products/kaos.md").rename(shop / "content/products/kaos-oblong.md")
    wait_for(base + "/products/kaos-oblong/", "Kaos")
    deadline = time.monotonic() + 5
    while get(base + "/products/kaos/")[0] != 404 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert get(base + "/products/kaos/")[0] == 404
    mirrored(base)
    assert not (shop / ".etalase-cache/preview/products/kaos/index.html").exists()


def test_broken_edit_keeps_last_good_site_and_recovers(served):
    shop, base = served()
    product = shop / "content/products/kemeja.md"
    good = product.read_text()
    product.write_text(good.replace("price: 185000", 'price: "murah"'))
    deadline = time.monotonic() + 10
    while not json.loads(get(base + "/__etalase__/status")[2])["errors"] and time.monotonic() < deadline:
        time.sleep(0.05)
    errors = json.loads(get(base + "/__etalase__/status")[2])["errors"]
    assert errors == ['content/products/kemeja.md:3: price: must be a number (got "murah")']
    assert "Rp 185.000" in get(base + "/products/kemeja/")[2].decode()  # still the last good page
    product.write_text(good.replace("185000", "175000"))
    wait_for(base + "/products/kemeja/", "Rp 175.000")
    assert json.loads(get(base + "/__etalase__/status")[2])["errors"] == []


def test_edited_page_served_first_is_taken_back_when_the_full_build_fails(served):
    shop, base = served()
    built = builds(base)
    # Fine on its own (so its page is served first), but kemeja already has SKU KB-1: the whole shop fails.
    edit(shop / "content/products/kaos.md", "sku: K-1", "sku: KB-1")
    settle(base, built)
    errors = json.loads(get(base + "/__etalase__/status")[2])["errors"]
    assert len(errors) == 1 and 'sku: "KB-1" is already used by' in errors[0]
    assert "KB-1" not in get(base + "/products/kaos/")[2].decode()  # the last good build's page, not the one served first
    mirrored(base)
    assert "KB-1" not in (shop / ".etalase-cache/preview/products/kaos/index.html").read_text()
    edit(shop / "content/products/kaos.md", "sku: KB-1", "sku: K-2")
    wait_for(base + "/products/kaos/", "K-2")


def test_search_index_served_is_the_newest_complete_one(tmp_path, monkeypatch):
    """The mirror's index is made in the new tree while it is written: until that tree is swapped in
    whole, pagefind/ is served from the last complete one."""
    from generator.outputs import search

    made, entered, release = [], threading.Event(), threading.Event()

    def index(folder: Path, target: Path, timeout: float = 0, kept=None) -> None:
        made.append(folder)
        target.mkdir(exist_ok=True)
        (target / "pagefind.js").write_text(f"index {len(made)}")
        if len(made) == 2:
            entered.set()
            release.wait(20)

    monkeypatch.setattr(search, "index_site", index)
    shop = make_shop(tmp_path / "shop")
    server, preview, observers = start(BuildOptions(root=shop, use_git=False), "127.0.0.1", 0, Reporter(0), watch=False)
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        mirrored(base)
        assert get(base + "/pagefind/pagefind.js")[2] == b"index 1"
        product = shop / "content/products/kemeja.md"
        edit(product, "price: 185000", "price: 199000")
        preview.rebuild({str(product)})
        assert "Rp 199.000" in get(base + "/products/kemeja/")[2].decode()  # served before the mirror is written
        assert entered.wait(20)  # the second index is being made
        assert get(base + "/pagefind/pagefind.js")[2] == b"index 1"
        release.set()
        mirrored(base)
        assert get(base + "/pagefind/pagefind.js")[2] == b"index 2"
    finally:
        release.set()
        stop(server, preview, observers)


def test_search_index_is_served_as_soon_as_the_status_says_mirrored(tmp_path, monkeypatch):
    """The status's "mirrored" is what a page (and a test) waits for: the index must be served by then,
    even when saving the records after the swap is slow (CI once read a 404 in that window)."""
    from generator import state

    saving = state.save_state

    def slow_save(*args, **kwargs):
        time.sleep(1)
        return saving(*args, **kwargs)

    monkeypatch.setattr(state, "save_state", slow_save)
    shop = make_shop(tmp_path / "shop")
    server, preview, observers = start(BuildOptions(root=shop, use_git=False), "127.0.0.1", 0, Reporter(0), watch=False)
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        mirrored(base)
        status, _, body = get(base + "/pagefind/pagefind.js")
        assert status == 200 and body
    finally:
        stop(server, preview, observers)


def test_first_build_failing_explains_on_every_page(tmp_path):
    shop = make_shop(tmp_path / "shop", {"content/pages/privacy.md": None})
    server, preview, observers = start(BuildOptions(root=shop, use_git=False), "127.0.0.1", 0, Reporter(0))
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        for path in ("/", "/products/kemeja/", "/anything"):
            status, _, body = get(base + path)
            assert status == 500 and b"content/pages/privacy.md: missing" in body
        (shop / "content/pages").mkdir(exist_ok=True)
        (shop / "content/pages/privacy.md").write_text("---\ntitle: Privasi\n---\nKami menjaga data Anda.\n")
        wait_for(base + "/products/kemeja/", "Rp 185.000")
    finally:
        stop(server, preview, observers)


@pytest.mark.parametrize("path", [
    "/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/products/%2E%2E/%2E%2E/shop.toml", "/..%2f..%2fshop.toml",
    "/products\\..\\..\\shop.toml", "/%5c..%5c..%5cshop.toml", "/shop.toml", "/content/products/kemeja.md",
    "/.etalase-cache/state.pickle", "/photos/../../shop.toml", "/%00", "/products/kemeja/index.html%00.jpg",
])
def test_traversal_attempts_are_404(served, path):
    _, base = served()
    connection = http.client.HTTPConnection("127.0.0.1", int(base.rsplit(":", 1)[1]), timeout=10)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", base.removeprefix("http://"))
    connection.endheaders()
    response = connection.getresponse()
    assert response.status == 404, path
    assert b"[contact]" not in response.read()


SECRET = "ETALASE-RAHASIA-5d1c"  # in a file beside the shop: no response may ever contain it
UP = 12  # more `..` than any served root is deep: they reach / on any checkout


def escapes(target: str) -> list[str]:
    """Ways to name `target` (an absolute path, without its leading /) from inside a served root."""
    encoded = target.replace("/", "%2F")
    return [
        "/" + target, "//" + target, "%2F" + encoded, "%2f" + target, "%252F" + target, "%25252F" + target,
        "../" * UP + target, "..%2F" * UP + encoded, "..%2f" * UP + target, "%2e%2e/" * UP + target,
        "%2E%2E%2F" * UP + encoded, ".%2e/" * UP + target, "%2e./" * UP + target, "%252e%252e/" * UP + target,
        "%252e%252e%252f" * UP + target, "..\\" * UP + target.replace("/", "\\"), "..%5c" * UP + target,
        "..%5C" * UP + target.replace("/", "%5C"), "%c0%ae%c0%ae/" * UP + target, "..%c0%af" * UP + target,
        "%e0%80%ae%e0%80%ae/" * UP + target, "..%e0%80%af" * UP + target, "./" + "../" * UP + target,
        "x/../" * 2 + "../" * UP + target, "../" * UP + target + "%00.html", "%00/" + "../" * UP + target,
        "\x00" + "../" * UP + target, "..\xc0\xaf" * UP + target, "..;/" * UP + target, "%2e%2e;/" * UP + target,
        ".../" + "../" * UP + target, "../" * UP + target + "?x=1", "../" * UP + target + "#x",
    ]


def raw_get(port: int, target: str, timeout: float = 10) -> tuple[int, bytes]:
    """GET `target` exactly as written (NUL, backslashes and all), over its own connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode("latin-1"))
        response = b""
        while chunk := sock.recv(65536):
            response += chunk
    status_line = response.split(b"\r\n", 1)[0].split()
    return int(status_line[1]) if len(status_line) > 1 else 0, response


@pytest.fixture(scope="module")
def every_root(tmp_path_factory):
    """One preview with every root live (site, cached photos, search index, /__etalase__/), a secret
    beside the shop, and a symlink to it planted in each root on disk;
    yields (port, secret path, a photo served, the photo made a symlink)."""
    folder = tmp_path_factory.mktemp("roots")
    secret = folder / "secret.txt"
    secret.write_text(SECRET)
    shop = make_shop(folder / "shop")
    server, preview, observers = start(BuildOptions(root=shop, use_git=False), "127.0.0.1", 0, Reporter(0), watch=False)
    try:
        deadline = time.monotonic() + 60
        while preview.search_dir is None:
            assert time.monotonic() < deadline, "the search index was never made"
            time.sleep(0.1)
        (preview.search_dir / "bocor.js").symlink_to(secret)  # a symlink out of the search index
        links = preview.state.snapshot.links
        planted, kept = sorted(links)[:2]
        links[planted].unlink()
        links[planted].symlink_to(secret)  # a cached photo turned into a symlink out of the cache
        yield server.server_address[1], secret, kept, planted
    finally:
        stop(server, preview, observers)


ROOTS = ["/", "/products/", "/photos/", "/pagefind/", "/__etalase__/"]


def test_every_root_serves_its_own_files(every_root):
    port, _, photo, _ = every_root
    for path in ("/", f"/{photo}", "/pagefind/pagefind.js", "/__etalase__/reload.js"):
        assert raw_get(port, path)[0] == 200, path  # the roots the escapes below aim from are really served


@pytest.mark.parametrize("root", ROOTS)
@pytest.mark.parametrize("form", range(len(escapes("x"))))
def test_nothing_outside_any_root_is_served(every_root, root, form):
    port, secret, _, _ = every_root
    leaks = [SECRET.encode(), b"root:x:0:0", Path("/proc/self/environ").read_bytes()[:64]]
    for target in (str(secret).lstrip("/"), "etc/passwd", "proc/self/environ"):
        path = root + escapes(target)[form]
        status, response = raw_get(port, path)
        assert status in (400, 404), (path, status)
        assert not any(leak in response for leak in leaks), path


@pytest.mark.parametrize("root", ["search index", "photo cache"])
def test_symlinks_out_of_a_root_on_disk_are_not_followed(every_root, root):
    port, _, _, planted = every_root
    status, response = raw_get(port, "/pagefind/bocor.js" if root == "search index" else "/" + planted)
    assert status == 404 and SECRET.encode() not in response


def test_symlink_out_of_the_shop_is_not_served(served, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("rahasia")
    shop, base = served()
    mirrored(base)
    (shop / ".etalase-cache/preview/secret.txt").symlink_to(secret)
    assert get(base + "/secret.txt")[0] == 404


def test_host_header_methods_types_and_404(served):
    shop, base = served()
    port = base.rsplit(":", 1)[1]
    assert get(base + "/", {"Host": f"evil.example:{port}"})[0] == 403  # DNS rebinding
    assert get(base + "/", {"Host": f"localhost:{port}"})[0] == 200
    for method in ("POST", "PUT", "DELETE"):
        assert get(base + "/", method=method)[0] == 405
    status, headers, body = get(base + "/", method="HEAD")
    assert status == 200 and body == b""
    types = {"sitemap.xml": "application/xml", "manifest.webmanifest": "application/manifest+json", "feed.xml": "application/xml"}
    mirrored(base)
    webp = next(p for p in os.listdir(shop / ".etalase-cache/preview/photos") if p.endswith(".webp"))
    types[f"photos/{webp}"] = "image/webp"
    for path, expected in types.items():
        status, headers, _ = get(f"{base}/{path}")
        assert status == 200 and headers["Content-Type"] == expected, path
    status, headers, body = get(base + "/tidak-ada/")
    assert status == 404 and "Halaman tidak ditemukan" in body.decode()


def test_sub_path_base_url(served):
    shop, base = served({"shop.toml": SHOP_TOML.replace("https://tokouji.example/", "https://user.github.io/toko/")})
    status, headers, _ = get(base + "/")
    assert status == 302 and headers["Location"] == "/toko/"
    assert "Rp 185.000" in get(base + "/toko/products/kemeja/")[2].decode()


def test_fifty_parallel_clients(served):
    _, base = served()
    paths = ["/", "/products/", "/products/kemeja/", "/products/kaos/", "/privacy/", "/feed.xml"] * 9
    with ThreadPoolExecutor(max_workers=50) as pool:
        statuses = list(pool.map(lambda path: get(base + path)[0], paths))
    assert statuses == [200] * len(paths)


def test_browser_reloads_on_edit_and_swaps_css(served, page):
    shop, base = served({
        "shop.toml": SHOP_TOML.replace('currency = "IDR"', 'currency = "IDR"\ntheme = "milik"'),
        "themes/milik/theme.toml": 'name = "Milik"\nparent = "etalase"\n',
        "themes/milik/static/style.css": (Path(__file__).parent.parent / "themes/etalase/static/style.css").read_text(),
    })
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base + "/products/kemeja/")
    page.evaluate("window.__marker = 'same page'")
    page.wait_for_function("() => document.readyState === 'complete'")
    time.sleep(0.3)  # let the event stream connect
    edit(shop / "content/products/kemeja.md", "price: 185000", "price: 210000")
    page.wait_for_function("() => document.body.textContent.includes('Rp 210.000')", timeout=10000)
    assert page.evaluate("window.__marker") is None  # a real reload happened

    # Another product's edit leaves this page alone (the event lists the pages that changed).
    page.evaluate("window.__marker = 'not reloaded'")
    built = builds(base)
    edit(shop / "content/products/kaos.md", "price: 90000", "price: 95000")
    wait_for(base + "/products/kaos/", "Rp 95.000")
    settle(base, built)
    time.sleep(0.3)
    assert page.evaluate("window.__marker") == "not reloaded"

    page.evaluate("window.__marker = 'no navigation'")
    time.sleep(0.3)
    css = shop / "themes/milik/static/style.css"
    css.write_text(css.read_text() + "\nh1 { color: rgb(1, 2, 3); }\n")
    page.wait_for_function("() => getComputedStyle(document.querySelector('h1')).color === 'rgb(1, 2, 3)'", timeout=10000)
    assert page.evaluate("window.__marker") == "no navigation"

    product = shop / "content/products/kemeja.md"
    good = product.read_text()
    product.write_text(good.replace("price: 210000", "price: -1"))
    page.wait_for_selector("#etalase-problems", timeout=10000)
    assert "content/products/kemeja.md:3: price: must be 0 or more (got -1)" in page.inner_text("#etalase-problems")
    product.write_text(good)
    page.wait_for_function("() => !document.getElementById('etalase-problems') && document.body.textContent.includes('Rp 210.000')",
                           timeout=10000)
    assert errors == []


def wait_until(condition, timeout: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_idle_connections_time_out_and_threads_are_bounded(served):
    _, base = served(timeout=1.0, max_connections=8)
    port = int(base.rsplit(":", 1)[1])
    threads = threading.active_count()
    opened = time.monotonic()
    idle = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(7)]
    time.sleep(0.2)
    assert get(base + "/products/kemeja/")[0] == 200  # answered while seven sockets sit idle
    more = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(60)]
    time.sleep(0.3)
    assert threading.active_count() <= threads + 8  # 67 sockets, at most 8 threads
    answers = [sock.recv(4096) for sock in idle + more]
    closed = time.monotonic() - opened
    held = [answer for answer in answers if not answer.startswith(b"HTTP/1.1 503")]
    assert held[:7] == [b""] * 7 and len(held) <= 8  # the rest were refused at once, with a 503
    assert set(held) == {b""} and 1.0 < closed < 5  # the idle ones were closed by the server after the timeout
    assert get(base + "/products/kemeja/")[0] == 200
    wait_until(lambda: threading.active_count() <= threads + 1)
    for sock in idle + more:
        sock.close()


def test_event_stream_outlives_the_idle_timeout(served):
    shop, base = served(timeout=0.5)
    port = int(base.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=20) as sock:
        sock.sendall(f"GET /__etalase__/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        received = b""
        while b": connected" not in received:
            received += sock.recv(4096)
        time.sleep(1.5)  # three idle timeouts without a byte from either side
        edit(shop / "content/products/kemeja.md", "price: 185000", "price: 199000")
        while b"data: " not in received:
            chunk = sock.recv(4096)
            assert chunk, "the event stream was closed"
            received += chunk
    assert b'"kind": "reload"' in received


def read_response(reader) -> tuple[int, dict[str, str], bytes] | None:
    """One HTTP response from a socket's file; None when the server closed the connection (or reset it)."""
    try:
        status_line = reader.readline()
        if not status_line:
            return None
        headers = {}
        while (line := reader.readline().decode("latin-1").strip()):
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        return int(status_line.split()[1]), headers, reader.read(int(headers.get("content-length", 0)))
    except ConnectionResetError:
        return None


BODIES = {  # (framing header, body sent; None: its true length) a client may send with a refused method, or a GET
    "small": (None, b"hello world"),
    "a request line": (None, b"GET /shop.toml HTTP/1.1\r\n\r\n"),
    "empty": (None, b""),
    "at the bound": (None, b"x" * 64 * 1024),
    "too big": (f"Content-Length: {10 ** 9}", b"x" * 1000),
    "chunked": ("Transfer-Encoding: chunked", b"5\r\nhello\r\n0\r\n\r\n"),
    "bad length": ("Content-Length: 1e3", b"x" * 1000),
}


@pytest.mark.parametrize("method", ["POST", "PUT", "GET"])
@pytest.mark.parametrize("kind", BODIES)
def test_a_request_body_does_not_break_the_next_request(every_root, method, kind):
    port = every_root[0]
    framing, body = BODIES[kind]
    headers = f"{framing or f'Content-Length: {len(body)}'}\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:  # a hang fails as a timeout
        reader = sock.makefile("rb")
        host = f"Host: 127.0.0.1:{port}\r\n"
        sock.sendall(f"{method} /products/ HTTP/1.1\r\n{host}{headers}\r\n".encode() + body)
        sock.sendall(f"GET /__etalase__/reload.js HTTP/1.1\r\n{host}\r\n".encode())
        first = read_response(reader)
        assert first is not None and first[0] == (200 if method == "GET" else 405)
        second = read_response(reader)
        if first[1].get("connection") == "close":
            assert second is None  # closed cleanly, as the first response said
        else:
            assert second is not None and second[0] == 200 and b"EventSource" in second[2]
    assert kind not in ("too big", "chunked", "bad length") or first[1].get("connection") == "close"


def test_a_port_in_use_fails_before_building(tmp_path):
    import subprocess
    import sys

    from tests.helpers import REPO

    shop = make_shop(tmp_path / "shop")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "generator", "serve", "--shop", str(shop), "--port", str(port), "--no-git"],
                              cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}: " in done.stderr and "try another --port" in done.stderr
    assert "rebuilt:" not in done.stderr and not (shop / ".etalase-cache/preview").exists()  # nothing was built


def test_reload_event_names_the_changed_pages():
    from generator.serve import Snapshot, changed_pages

    before = Snapshot({"index.html": b"home", "products/a/index.html": b"a", "products/b/index.html": b"b",
                       "sitemap.xml": b"s1", "assets/style.1.css": b"c"}, {}, 1, "/shop/")
    after = Snapshot({**before.files, "products/a/index.html": b"a2", "sitemap.xml": b"s2"}, {}, 2, "/shop/")
    assert changed_pages(before, after) == ["/shop/products/a/"]
    gone = Snapshot({k: v for k, v in before.files.items() if k != "products/b/index.html"}, {}, 3, "/shop/")
    assert changed_pages(before, gone) == ["/shop/products/b/"]
    restyled = Snapshot({**before.files, "assets/style.1.css": b"c2"}, {}, 4, "/shop/")
    assert changed_pages(before, restyled) is None  # every page uses it
    moved = Snapshot(before.files, {}, 5, "/")
    assert changed_pages(before, moved) is None


def test_a_browser_hanging_up_is_not_a_traceback(capsys):
    from generator.serve import PreviewServer

    server = PreviewServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    try:
        for error in (BrokenPipeError(), ConnectionResetError()):
            try:
                raise error
            except OSError:
                server.handle_error(None, ("127.0.0.1", 1))
        assert capsys.readouterr().err == ""
        try:
            raise ValueError("a real bug")
        except ValueError:
            server.handle_error(None, ("127.0.0.1", 1))
        assert "ValueError: a real bug" in capsys.readouterr().err  # other errors still show
    finally:
        server.server_close()
