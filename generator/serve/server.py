"""The preview's HTTP side: what may be asked, and what is answered.

Loopback by default; requests whose Host header is not the address served are
refused (DNS rebinding); GET and HEAD only. Every request target goes through
`request_path` (decoded once; `..`, `//`, encoded or doubly encoded dots and
slashes, backslashes, NUL and bad UTF-8 are refused) and every file read from
disk through `confine` (resolved, symlinks followed, inside its root), so
nothing outside the site is served.
"""

from __future__ import annotations

import http.server
import ipaddress
import json
import mimetypes
import os
import sys
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit


from .. import routes
from ..editor import admin
from .preview import Preview, Snapshot

SPECIAL = "/__etalase__/"
CONTENT_TYPES = {
    ".webp": "image/webp", ".avif": "image/avif", ".xml": "application/xml", ".json": "application/json",
    ".webmanifest": "application/manifest+json", ".ico": "image/x-icon", ".svg": "image/svg+xml",
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8", ".yml": "text/yaml; charset=utf-8",
}
RELOAD_JS = Path(__file__).with_name("reload.js")
IDLE_TIMEOUT = 10.0  # seconds a connection may wait on the client (idle keep-alive, a slow request) before it is closed
MAX_CONNECTIONS = 100  # connections served at once, one thread each (a browser opens 6, plus one event stream a tab)
MAX_DISCARDED_BODY = 64 * 1024  # a request body the preview never uses is read up to this size, else the connection closes
BUSY_TEXT = b"Busy: too many connections\n"
BUSY = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\n"
        b"Retry-After: 1\r\nConnection: close\r\n\r\n%s" % (len(BUSY_TEXT), BUSY_TEXT))


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
            if relative in preview.editor_files:  # its own policy, and no reload script: a save must not reload the form
                return self._send(200, CONTENT_TYPES[os.path.splitext(relative)[1]],
                                  preview.editor_files[relative], body, {"Content-Security-Policy": admin.content_security_policy()})
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
            if data is None and relative.startswith(routes.SEARCH_INDEX):  # the mirror's, swapped in whole when complete
                data = read_confined(preview.search_dir, relative.removeprefix(routes.SEARCH_INDEX))
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
                                   "builds": state.builds, "mirrored": preview.mirrored}).encode()
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
