from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # pytest-playwright has no option for the executable: Debian's Chromium, never a download
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _handler_sending_pages_in_pieces(piece: int, pause: float) -> type[http.server.SimpleHTTPRequestHandler]:
    """A handler that sends each HTML page in pieces of about `piece` bytes, each ending after a tag's `>`, with a
    pause between them: Chromium paints what it has parsed, as on a slow phone network (or a busy phone whose
    parser stops between tags), so an element whose box depends on what arrives after it shows its move."""

    class InPieces(_QuietHandler):
        def copyfile(self, source, outputfile):
            if not self.path.split("?", 1)[0].endswith((".html", "/")):
                return super().copyfile(source, outputfile)
            data, start = source.read(), 0
            while start < len(data):
                end = data.find(b">", start + piece)
                end = len(data) if end < 0 else end + 1
                outputfile.write(data[start:end])
                outputfile.flush()
                time.sleep(pause)
                start = end

    return InPieces


@pytest.fixture
def serve_folder():
    """Serve a folder over a real socket on 127.0.0.1 (a port the OS picks); yields a function."""
    servers = []

    def start(folder: Path, html_in_pieces: int | None = None) -> str:
        """`html_in_pieces`: send each page in pieces of about that many bytes, 30 ms apart."""
        kind = _handler_sending_pages_in_pieces(html_in_pieces, 0.03) if html_in_pieces else _QuietHandler
        handler = functools.partial(kind, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"


def node_tool(*parts: str) -> Path:
    """A file from the npm test tools (package.json); scripts/test.sh installs them."""
    path = NODE_MODULES.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"{path} is missing: run `npm ci` (scripts/test.sh does)")
    return path


def _host_headers(folder: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rules of a Netlify-style _headers file, so tests see what a host would send."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    headers_file = folder / "_headers"
    if headers_file.exists():
        for line in headers_file.read_text().splitlines():
            if line and not line[0].isspace():
                rules.append((line.strip(), []))
            elif line.strip() and rules:
                name, _, value = line.strip().partition(":")
                rules[-1][1].append((name.strip(), value.strip()))
    return rules


@pytest.fixture
def serve_site():
    """Serve a built site on 127.0.0.1 under a path prefix, sending its _headers like a host would."""
    import fnmatch

    servers = []

    def start(folder: Path, prefix: str = "/") -> str:
        rules = _host_headers(folder)

        class Handler(_QuietHandler):
            def translate_path(self, path):
                clean = path.split("?", 1)[0].split("#", 1)[0]
                if not clean.startswith(prefix):
                    return str(folder / "__outside_the_prefix__")
                return super().translate_path("/" + clean[len(prefix):])

            def end_headers(self):
                sent: list[tuple[str, str]] = []
                for pattern, headers in rules:
                    if fnmatch.fnmatch(self.path.split("?", 1)[0], pattern):
                        for name, value in headers:
                            if name.startswith("!"):  # Cloudflare Pages: detach a header a broader rule attached
                                sent = [(n, v) for n, v in sent if n.lower() != name[1:].strip().lower()]
                            else:
                                sent.append((name, value))
                for name, value in sent:
                    self.send_header(name, value)
                super().end_headers()

        handler = functools.partial(Handler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}{prefix.rstrip('/')}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


BROWSER_FIXTURES = {"page", "browser", "context", "browser_type", "browser_context_args", "browser_type_launch_args"}


def pytest_collection_modifyitems(items):
    """Mark every test that drives Chromium as `browser`, so `-m "not browser"` is the quick loop."""
    for item in items:
        if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
