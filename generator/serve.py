"""`etalase serve`: a local preview that rebuilds what changed and reloads the browser.

One builder stays alive and rebuilds incrementally (only pages whose values or
templates changed are rendered again). The site is served from an in-memory
snapshot that is swapped whole after a successful build, so a half-built site
is never served; a failed build keeps the last good snapshot and shows its
problems in the terminal and as an overlay in the browser. The preview is also
mirrored into `.etalase-cache/preview/` (only changed files are written), never
into `public/`. Once rebuilds settle, a background thread makes the search index
from the mirror (`.etalase-cache/preview-search/`), served under `pagefind/`.

Safety: loopback by default; requests whose Host header is not the address
served are refused (DNS rebinding); GET and HEAD only. Every request target goes
through `request_path` (decoded once; `..`, `//`, encoded or doubly encoded dots
and slashes, backslashes, NUL and bad UTF-8 are refused) and every file read
from disk through `confine` (resolved, symlinks followed, inside its root), so
nothing outside the site is served.
"""

from __future__ import annotations

import http.server
import ipaddress
import json
import mimetypes
import os
import shutil
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .build import BuildOptions, Builder
from .errors import BuildError
from .reporter import Reporter

PREVIEW_DIR = "preview"
SPECIAL = "/__etalase__/"
DEBOUNCE_SECONDS = 0.03  # editors save twice or write a temp file first: wait for the burst to end
SEARCH_SETTLE_SECONDS = 1.0  # the search index is made again once no rebuild happened for this long
SEARCH_DIR = "preview-search"
IGNORED_PARTS = {".git", ".etalase-cache", "public", "node_modules", "__pycache__"}
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".part", ".crdownload")
CONTENT_TYPES = {
    ".webp": "image/webp", ".avif": "image/avif", ".xml": "application/xml", ".json": "application/json",
    ".webmanifest": "application/manifest+json", ".ico": "image/x-icon", ".svg": "image/svg+xml",
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}
RELOAD_JS = Path(__file__).with_name("reload.js")
IDLE_TIMEOUT = 10.0  # seconds a connection may wait on the client (idle keep-alive, a slow request) before it is closed
MAX_CONNECTIONS = 100  # connections served at once, one thread each (a browser opens 6, plus one event stream a tab)
MAX_DISCARDED_BODY = 64 * 1024  # a request body the preview never uses is read up to this size, else the connection closes
BUSY_TEXT = b"Busy: too many connections\n"
BUSY = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\n"
        b"Retry-After: 1\r\nConnection: close\r\n\r\n%s" % (len(BUSY_TEXT), BUSY_TEXT))


@dataclass
class Snapshot:
    """One complete build, as served."""

    files: dict[str, bytes]
    links: dict[str, Path]
    epoch: int
    base_path: str = "/"


@dataclass
class PreviewState:
    snapshot: Snapshot | None = None
    errors: list[str] = field(default_factory=list)
    epoch: int = 0
    last_kind: str = "reload"  # what the last change needs in the browser: reload, css or error
    last_pages: list[str] | None = None  # the URLs whose page changed in the last change (None: any may have)
    rendered: list[str] = field(default_factory=list)  # pages rendered by the last build
    rebuild_ms: float = 0.0  # how long the last full rebuild took
    builds: int = 0  # full builds finished (changed or not, good or failed): tests wait on it
    changed: threading.Condition = field(default_factory=threading.Condition)


def is_watched(path: str, root: Path) -> bool:
    """Files whose change can change the site: shop.toml, content/, templates/, themes/."""
    try:
        relative = Path(path).resolve().relative_to(root)
    except ValueError:
        return True  # a bundled theme outside the shop
    parts = relative.parts
    if not parts or IGNORED_PARTS & set(parts) or parts[-1].endswith(IGNORED_SUFFIXES) or parts[-1].startswith(".#"):
        return False
    return parts == ("shop.toml",) or parts[0] in ("content", "templates", "themes")


class Preview:
    """Builds and rebuilds the site for the server."""

    def __init__(self, options: BuildOptions, reporter: Reporter):
        self.builder = Builder(options, reporter)
        self.builder.incremental = True
        self.reporter = reporter
        self.root = self.builder.root
        self.mirror = self.builder.cache_dir / PREVIEW_DIR
        self.state = PreviewState()
        self.base_path = "/"  # the path part of base_url: the preview serves the site under it, as published
        self._pending: set[str] = set()
        self._wake = threading.Event()
        self._last_event = 0.0
        self._stop = threading.Event()
        self._last_warnings: list[str] = []
        self._confirmed: Snapshot | None = None  # the last full build's site (the edited-first snapshot is not one)
        self._records: dict = {}  # what each file of the last full build was made from (graph.py)
        self.search_dir: Path | None = None  # the newest complete search index of the preview, served as pagefind/
        self._search_wanted = threading.Event()
        self._site_changed_at = 0.0
        self._search_runs = 0

    # --- building -------------------------------------------------------
    def rebuild(self, changed: set[str] | None = None) -> None:
        try:
            self._rebuild(changed)
        finally:
            self.state.builds += 1

    def _rebuild(self, changed: set[str] | None) -> None:
        started = time.perf_counter()
        if changed and self.state.snapshot is not None and not self.state.errors:
            self._publish_edited_first(changed)
        from .previous import from_files

        base = self._confirmed  # the last full build (not the edited-first pages): what the records describe
        try:
            site = self.builder.compose(previous=from_files(self._records, base.files) if base is not None else None)
        except BuildError as error:
            self._failed([str(p) for p in error.problems])
            return
        except Exception as error:  # noqa: BLE001 - a broken edit must never stop the server
            self._failed([f"{type(error).__name__}: {error} (please report this as a bug in Etalase)"])
            return
        if base is not None:
            site.files.update({path: base.files[path] for path in site.kept})  # unchanged: the bytes already served
        self._records = site.records
        css_only = bool(changed) and all(path.endswith(".css") for path in changed)
        previous = self.state.snapshot
        if previous is not None and not self.state.errors and site.files == previous.files and site.links == previous.links:
            self._confirmed = previous  # the event changed nothing the shopper sees, or the edited page was already right
            self.state.rebuild_ms = (time.perf_counter() - started) * 1000
            return
        warnings = [str(w) for w in site.result.warnings]
        if warnings != self._last_warnings:  # say them once, not on every save
            for warning in warnings:
                self.reporter.warning(warning)
            self._last_warnings = warnings
        self._mirror(site.files, site.links)
        if "search/index.html" in site.files:  # the theme has a search page: index the mirror once edits settle
            self._site_changed_at = time.monotonic()
            self._search_wanted.set()
        self.base_path = site.base_path
        self._publish(Snapshot(site.files, site.links, 0, site.base_path), [], "css" if css_only else "reload", site.rendered)
        self._confirmed = self.state.snapshot
        self.state.rebuild_ms = (time.perf_counter() - started) * 1000
        self.reporter.info(f"rebuilt: {len(site.rendered)} of {site.result.pages} pages rendered in {self.state.rebuild_ms:.0f} ms")

    def _publish_edited_first(self, changed: set[str]) -> None:
        """Serve the pages of edited product files at once, before the whole site is rebuilt.

        Like Hugo's fast render mode: the page the seller is looking at comes first.
        The full rebuild follows straight away and replaces this snapshot; if it
        fails, the last full build is served again.
        """
        try:
            pages = self.builder.edited_product_pages(changed)
        except Exception:  # noqa: BLE001 - the full rebuild that follows reports it
            return
        if not pages:
            return
        previous = self.state.snapshot
        assert previous is not None
        files = dict(previous.files)
        files.update({page.path: page.data for page in pages})
        self._mirror(files, previous.links)
        self._publish(Snapshot(files, previous.links, 0, previous.base_path), [], "reload", [page.path for page in pages])
        self.reporter.debug(f"edited page{'s' if len(pages) > 1 else ''} served first: {', '.join(page.path for page in pages)}")

    def _failed(self, messages: list[str]) -> None:
        if self._confirmed is not None and self.state.snapshot is not self._confirmed:
            self._mirror(self._confirmed.files, self._confirmed.links)  # take back the edited-first pages
            self._publish(self._confirmed, messages, "error", [])
        else:
            self._publish(None, messages, "error", [])
        for message in messages:
            self.reporter.error(message)
        still = "still serving the last good site" if self.state.snapshot else "every page shows these problems"
        self.reporter.error(f"build failed: {len(messages)} problem(s); {still}")

    def _publish(self, snapshot: Snapshot | None, errors: list[str], kind: str, rendered: list[str]) -> None:
        with self.state.changed:
            previous = self.state.snapshot
            pages = None
            if snapshot is not None and previous is not None and not self.state.errors and not errors:
                pages = changed_pages(previous, snapshot)
            self.state.epoch += 1
            if snapshot is not None:
                snapshot.epoch = self.state.epoch
                self.state.snapshot = snapshot
                self.state.rendered = rendered
            self.state.errors = errors
            self.state.last_kind = kind
            self.state.last_pages = pages
            self.state.changed.notify_all()

    def _mirror(self, files: dict[str, bytes], links: dict[str, Path]) -> None:
        """Write changed files into the preview folder and remove files no longer in the site.

        Compared with the served snapshot in memory, not with the disk: a rebuild that
        re-rendered 26 of 3,000 pages writes 26 files and reads none.
        """
        previous = self.state.snapshot
        old_files = previous.files if previous else {}
        old_links = previous.links if previous else {}
        for path, data in files.items():
            old = old_files.get(path)
            if old is data or old == data and (self.mirror / path).exists():
                continue
            target = self.mirror / path
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.tmp")
            temporary.write_bytes(data)
            os.replace(temporary, target)
        for path, source in links.items():
            target = self.mirror / path
            if old_links.get(path) == source and target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)
            try:
                os.link(source, target)
            except OSError:
                target.write_bytes(source.read_bytes())
        if previous is None:  # first build: clear whatever an earlier session left
            wanted = set(files) | set(links)
            if self.mirror.is_dir():
                for existing in list(self.mirror.rglob("*")):
                    if existing.is_file() and existing.relative_to(self.mirror).as_posix() not in wanted:
                        existing.unlink()
        else:
            for path in (set(old_files) | set(old_links)) - set(files) - set(links):
                (self.mirror / path).unlink(missing_ok=True)

    # --- watching -------------------------------------------------------
    def file_changed(self, path: str) -> None:
        if is_watched(path, self.root):
            self._pending.add(path)
            self._last_event = time.monotonic()
            self._wake.set()

    def run_rebuilds(self) -> None:
        """The build loop: one rebuild per burst of file events."""
        while not self._stop.is_set():
            self._wake.wait(timeout=0.5)
            if self._stop.is_set():
                return
            if not self._wake.is_set():
                continue
            while time.monotonic() - self._last_event < DEBOUNCE_SECONDS:
                time.sleep(0.005)
            self._wake.clear()
            changed, self._pending = self._pending, set()
            self.rebuild(changed)

    def run_search_indexing(self) -> None:
        """The search loop: index the mirror once rebuilds have settled (Pagefind reads the written pages)."""
        while not self._stop.is_set():
            if not self._search_wanted.wait(timeout=0.5):
                continue
            while time.monotonic() - self._site_changed_at < SEARCH_SETTLE_SECONDS and not self._stop.is_set():
                time.sleep(0.1)
            if self._stop.is_set():
                return
            self._search_wanted.clear()
            self.index_search()

    def index_search(self) -> None:
        from .search import index_site

        self._search_runs += 1
        if self._search_runs == 1:
            shutil.rmtree(self.builder.cache_dir / SEARCH_DIR, ignore_errors=True)  # a previous session's
        target = self.builder.cache_dir / SEARCH_DIR / str(self._search_runs)
        try:
            index_site(self.mirror, target)
        except BuildError as error:
            for problem in error.problems:
                self.reporter.warning(str(problem))
            return
        previous, self.search_dir = self.search_dir, target
        if previous is not None:
            shutil.rmtree(previous, ignore_errors=True)
        self.reporter.debug("search index updated")

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._search_wanted.set()
        with self.state.changed:
            self.state.changed.notify_all()


# Files the browser never shows itself, or fetches fresh when it needs them (the cart reads catalog.json).
NOT_SHOWN = {"sitemap.xml", "robots.txt", "_headers", "_redirects", ".nojekyll", "CNAME", "feed.xml", "catalog.json"}


def changed_pages(before: Snapshot, after: Snapshot) -> list[str] | None:
    """The URLs of pages that differ between two snapshots, so the browser reloads only if it shows one;
    None when something every page may use changed (a stylesheet, a photo, an icon)."""
    if before.links != after.links or before.base_path != after.base_path:
        return None
    pages = []
    for path in set(before.files) | set(after.files):
        old, new = before.files.get(path), after.files.get(path)
        if old is new or old == new:
            continue
        name = path.rsplit("/", 1)[-1]
        if path.endswith(".html"):
            pages.append(after.base_path + path.removesuffix("index.html"))
        elif name not in NOT_SHOWN:
            return None
    return sorted(pages)


def _watch(preview: Preview, folders: list[Path]):
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            if event.event_type not in ("created", "modified", "deleted", "moved"):
                return  # opened/closed: the write itself already came as "modified"
            if event.is_directory and event.event_type != "deleted":
                return
            preview.file_changed(event.src_path)
            if getattr(event, "dest_path", None):
                preview.file_changed(event.dest_path)

    observer = Observer()
    for folder in folders:
        if folder.is_dir():
            observer.schedule(Handler(), str(folder), recursive=folder != preview.root)
    observer.daemon = True
    observer.start()
    return observer


def allowed_hosts(host: str, port: int) -> set[str] | None:
    """Host headers accepted; None accepts any IP address or localhost (when bound to all interfaces)."""
    if host in ("0.0.0.0", "::", ""):
        return None
    names = {host}
    try:
        if ipaddress.ip_address(host).is_loopback:
            names |= {"localhost", "127.0.0.1", "[::1]"}
    except ValueError:
        if host == "localhost":
            names |= {"127.0.0.1", "[::1]"}
    hosts = {f"{name}:{port}" for name in names}
    return hosts | (names if port == 80 else set())


def _host_ok(header: str | None, allowed: set[str] | None) -> bool:
    if not header:
        return False
    if allowed is not None:
        return header.lower() in allowed
    name = header.rsplit(":", 1)[0].strip("[]")
    if name == "localhost":
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def request_path(target: str) -> str | None:
    """The path of a request target, percent-decoded once; None when it cannot name a file of the site.

    Refused: anything but printable ASCII on the wire, bad or overlong UTF-8 (%c0%ae), and after
    decoding a `%` (double encoding: %252e), a backslash, a control character (NUL) or an empty,
    `.` or `..` segment (`//etc`, `/a/../b`). What is left can be joined to any root safely.
    """
    if target.startswith(("http://", "https://")):  # the absolute form a client may send (RFC 9112 3.2.2)
        target = urlsplit(target).path or "/"
    path = target.split("?", 1)[0].split("#", 1)[0]
    if not path.startswith("/") or not all("!" <= char <= "~" for char in path):
        return None
    try:
        path = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return None
    if any(char in "%\\" or char < " " or char == "\x7f" for char in path):
        return None
    segments = path[1:].split("/")
    if any(segment in ("", ".", "..") for segment in segments[:-1]) or segments[-1] in (".", ".."):
        return None
    return path


def confine(root: Path, relative: str | Path) -> Path | None:
    """The regular file `relative` names inside `root`, every symlink followed; None when it lies
    outside `root` (an absolute path, `..`, a symlink pointing out) or is not a file.

    Every file the preview reads from disk for a request goes through here.
    """
    try:
        base = root.resolve()
        target = (base / relative).resolve()
        if target != base and target.is_relative_to(base) and target.is_file():
            return target
    except (OSError, ValueError):  # a NUL byte, a loop of symlinks, a name too long
        pass
    return None


def read_confined(root: Path | None, relative: str | Path) -> bytes | None:
    """The bytes of `confine(root, relative)`, or None."""
    target = confine(root, relative) if root is not None else None
    if target is None:
        return None
    try:
        return target.read_bytes()
    except OSError:
        return None


def make_handler(preview: Preview, allowed: set[str] | None, idle_timeout: float = IDLE_TIMEOUT):
    reload_script = RELOAD_JS.read_bytes()
    tag = f'<script src="{SPECIAL}reload.js" defer></script>'.encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "etalase-preview"
        protocol_version = "HTTP/1.1"
        # Set on each connection's socket: a client silent this long is dropped (http.server closes on the
        # timeout), so idle keep-alive connections free their thread. The event stream only writes, and a
        # write times out only when the browser stopped reading, so it lives on.
        timeout = idle_timeout

        def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
            pass

        # Anything but GET and HEAD
        def _refuse(self):
            self._discard_body()
            self.send_response(405)
            self.send_header("Allow", "GET, HEAD")
            self.send_header("Content-Length", "0")
            self._end_headers()

        def _discard_body(self) -> None:
            """Read the body of a request (the preview uses none), so that the next request on a keep-alive
            connection is not read from the middle of it; one too big or of unknown length closes the connection."""
            length = self.headers.get("Content-Length", "0").strip()
            size = int(length) if length.isascii() and length.isdigit() else -1  # isdigit() alone takes "²"
            if "Transfer-Encoding" in self.headers or not 0 <= size <= MAX_DISCARDED_BODY:
                self.close_connection = True
                return
            while size > 0:
                chunk = self.rfile.read(min(size, 16384))
                if not chunk:
                    self.close_connection = True
                    return
                size -= len(chunk)

        def _end_headers(self) -> None:
            if self.close_connection:  # say so, or the client sends its next request into a closed socket
                self.send_header("Connection", "close")
            self.end_headers()

        do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _refuse

        def do_HEAD(self):
            self._serve(body=False)

        def do_GET(self):
            self._serve(body=True)

        def _send(self, status: int, content_type: str, data: bytes, body: bool, extra: dict | None = None):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self._end_headers()
            if body:
                self.wfile.write(data)

        def _serve(self, body: bool):
            self._discard_body()
            if not _host_ok(self.headers.get("Host"), allowed):
                return self._send(403, "text/plain; charset=utf-8", b"Forbidden: unknown Host\n", body)
            path = request_path(self.path)
            if path is None:
                return self._not_found(body)
            if path.startswith(SPECIAL):
                return self._special(path[len(SPECIAL):], body)
            base_path = preview.base_path
            if not path.startswith(base_path):
                if path in ("/", "") and base_path != "/":
                    return self._send(302, "text/plain; charset=utf-8", b"", body, {"Location": base_path})
                return self._not_found(body)
            relative = path[len(base_path):]
            snapshot = preview.state.snapshot
            if snapshot is None:
                return self._problems_page(body)
            if relative == "" or relative.endswith("/"):
                relative += "index.html"
            data = self._site_file(snapshot, relative)
            if data is None:
                if relative + "/index.html" in snapshot.files:
                    return self._send(301, "text/plain; charset=utf-8", b"", body, {"Location": path + "/"})
                return self._not_found(body)
            suffix = os.path.splitext(relative)[1].lower()
            content_type = CONTENT_TYPES.get(suffix) or mimetypes.guess_type(relative)[0] or "application/octet-stream"
            if suffix == ".html":
                data = inject(data, tag)
            self._send(200, content_type, data, body)

        def _site_file(self, snapshot: Snapshot, relative: str) -> bytes | None:
            """The served roots, in order: the snapshot in memory, its cached photos, the search index."""
            data = snapshot.files.get(relative)
            if data is None and relative in snapshot.links:  # the build's own files, still only inside the cache
                data = read_confined(preview.builder.cache_dir, snapshot.links[relative])
            if data is None and relative.startswith("pagefind/"):  # made from the mirror in the background
                data = read_confined(preview.search_dir, relative.removeprefix("pagefind/"))
            return data

        def _not_found(self, body: bool):
            snapshot = preview.state.snapshot
            page = snapshot.files.get("404.html") if snapshot else None
            page_tag = tag.replace(b" defer>", f' data-page="{_escape(preview.base_path)}404.html" defer>'.encode())
            self._send(404, "text/html; charset=utf-8", inject(page, page_tag) if page else b"<h1>404</h1>", body)

        def _problems_page(self, body: bool):
            """The very first build failed: every page explains what to fix."""
            items = "".join(f"<li><code>{_escape(e)}</code></li>" for e in preview.state.errors)
            page = (f'<!doctype html><html><head><meta charset="utf-8"><title>Build failed</title></head><body>'
                    f"<h1>The shop does not build yet</h1><p>Fix these, save, and this page reloads:</p><ul>{items}</ul>"
                    f"</body></html>").encode()
            self._send(500, "text/html; charset=utf-8", inject(page, tag), body)

        def _special(self, name: str, body: bool):
            if name == "reload.js":
                return self._send(200, CONTENT_TYPES[".js"], reload_script, body)
            if name == "status":
                state = preview.state
                data = json.dumps({"epoch": state.epoch, "errors": state.errors, "kind": state.last_kind,
                                   "rendered": state.rendered, "rebuild_ms": round(state.rebuild_ms, 1),
                                   "builds": state.builds}).encode()
                return self._send(200, CONTENT_TYPES[".json"], data, body)
            if name == "events" and body:
                return self._events()
            self._not_found(body)

        def _events(self):
            """Server-sent events: one message per rebuild (reload, css or error)."""
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            state = preview.state
            seen = state.epoch
            try:
                self.wfile.write(b": connected\n\n")
                self.wfile.flush()
                while not preview._stop.is_set():
                    with state.changed:
                        state.changed.wait_for(lambda: state.epoch != seen or preview._stop.is_set(), timeout=15)
                        epoch, kind, errors, pages = state.epoch, state.last_kind, list(state.errors), state.last_pages
                    if epoch == seen:
                        self.wfile.write(b": ping\n\n")
                    else:
                        seen = epoch
                        message = json.dumps({"epoch": epoch, "kind": kind, "errors": errors, "pages": pages})
                        self.wfile.write(f"data: {message}\n\n".encode())
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError, OSError):
                return

    return Handler


def inject(page: bytes, tag: bytes) -> bytes:
    """Add the reload script to a page (serve mode only; `build` never writes it)."""
    index = page.rfind(b"</body>")
    return page[:index] + tag + page[index:] if index >= 0 else page + tag


def _escape(text: str) -> str:
    import html

    return html.escape(text)


class PreviewServer(http.server.ThreadingHTTPServer):
    """One thread per connection, at most `max_connections` at once; over that, a connection is
    answered 503 by the accepting thread and closed, so held sockets cannot pile up threads."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64  # a burst of connections (a page's photos) waits to be accepted, not refused by the OS

    def __init__(self, address, handler, max_connections: int = MAX_CONNECTIONS):
        self._slots = threading.BoundedSemaphore(max_connections)
        super().__init__(address, handler)

    def process_request(self, request, client_address) -> None:
        if not self._slots.acquire(blocking=False):
            return self._refuse_busy(request)
        try:
            super().process_request(request, client_address)
        except BaseException:  # the thread did not start: its slot is free again
            self._slots.release()
            raise

    def process_request_thread(self, request, client_address) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def _refuse_busy(self, request) -> None:
        try:
            request.setblocking(False)  # the accepting thread never waits on a client
            request.send(BUSY)
        except OSError:
            pass
        self.shutdown_request(request)

    def handle_error(self, request, client_address) -> None:
        """A browser that stops reading (a reload while a page loads) is normal, not a traceback in the terminal."""
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


class CannotListen(OSError):
    """The preview's address cannot be bound: the port is in use, or the host is not this computer's."""


def listen(preview: Preview, host: str, port: int, timeout: float, max_connections: int) -> PreviewServer:
    """The server, bound and listening, not serving yet; its Host allowlist needs the port the OS chose."""
    try:
        server = PreviewServer((host, port), make_handler(preview, set(), timeout), max_connections)  # set(): no Host yet
    except OSError as error:
        raise CannotListen(error.errno, error.strerror or str(error)) from error
    server.RequestHandlerClass = make_handler(preview, allowed_hosts(host, server.server_address[1]), timeout)
    return server


def start(options: BuildOptions, host: str = "127.0.0.1", port: int = 8000, reporter: Reporter | None = None,
          watch: bool = True, timeout: float = IDLE_TIMEOUT,
          max_connections: int = MAX_CONNECTIONS) -> tuple[PreviewServer, Preview, list]:
    """Listen, build, start serving in background threads, and watch; returns what `stop` needs.

    The socket is bound before the first build, so a port in use fails at once (CannotListen), not
    after the whole shop was built; browsers connecting meanwhile wait in the queue until it is done.
    """
    reporter = reporter or Reporter(1)
    preview = Preview(options, reporter)
    server = listen(preview, host, port, timeout, max_connections)
    try:
        preview.rebuild()
    except BaseException:  # Ctrl-C during the first build: give the port back
        server.server_close()
        raise
    threads = [threading.Thread(target=server.serve_forever, daemon=True), threading.Thread(target=preview.run_rebuilds, daemon=True),
               threading.Thread(target=preview.run_search_indexing, daemon=True)]
    for thread in threads:
        thread.start()
    observer = None
    if watch:
        from .themes import bundled_themes_dir

        folders = [preview.root, preview.root / "content", preview.root / "templates", preview.root / "themes", bundled_themes_dir()]
        observer = _watch(preview, folders)
    return server, preview, [observer]


def stop(server: PreviewServer, preview: Preview, observers: list) -> None:
    preview.stop()
    for observer in observers:
        if observer is not None:
            observer.stop()
    server.shutdown()
    server.server_close()
    for observer in observers:
        if observer is not None:
            observer.join(timeout=2)
