"""A catalog's photos, each fetched once: downloaded over http(s), or read from beside the imported file.

Downloads run concurrently (a thread each, up to `workers`), each with a timeout on every wait for the
server, an overall deadline (DEADLINE_TIMEOUTS timeouts) and a size cap read as the bytes arrive. The
deadline holds from the first connection to the last byte, redirects included: when it passes, the
download's sockets are shut, which ends any wait inside urllib (a server that sends its status line a
byte at a time is never silent for a timeout).
Redirects are followed only to http(s). A local path is read relative to the imported file's folder and
never outside it. Whatever arrives must be an image by Pillow's reading of its bytes (never by the
address's extension or the server's Content-Type): the extension comes from the format Pillow finds,
and a header claiming more pixels than the build accepts (photo_codec.MAX_PIXELS) is refused as the build
would refuse it. One bad photo is one Fetched with an error; no exception escapes for it.
"""

from __future__ import annotations

import http.client
import io
import re
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
import warnings
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, Callable, Iterable

from PIL import Image, UnidentifiedImageError

from ..photo_codec import MAX_PIXELS, TooManyPixels, check_pixels

try:  # iPhone photos (HEIC/HEIF), as the build reads them
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - a dependency, but a missing plugin must not stop a JPEG catalog
    pass

# The formats a photo may come in (Pillow's names), and the extension each is saved with.
# Pillow opens only these: never EPS (Ghostscript), PSD or any other format that is no photo.
EXTENSIONS = {"JPEG": ".jpg", "MPO": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif", "HEIF": ".heic",
              "AVIF": ".avif", "TIFF": ".tif", "BMP": ".bmp"}
DEADLINE_TIMEOUTS = 3  # a photo has this many timeouts in all to arrive (25 MB in 60 s is 3.5 Mbit/s)
CHUNK = 64 * 1024
USER_AGENT = "Mozilla/5.0 (compatible; etalase-import)"  # some CDNs refuse Python's own
_WARNINGS = threading.Lock()
_HTML = re.compile(rb"<(?:!doctype\s+html|html|head|body|meta|title|script)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Fetched:
    source: str  # as the file names it
    data: bytes | None  # the photo's bytes, as they came
    extension: str | None  # ".jpg", ".png", ".webp", ".gif", ".heic"…: from the format Pillow read
    error: str | None  # what went wrong, for the seller (None: data and extension are set)


def fetch_all(sources: Iterable[str], base: Path, *, timeout: float = 20, max_bytes: int = 25 * 1024 * 1024,
              workers: int = 8, progress: Callable[[int, int], None] | None = None) -> dict[str, Fetched]:
    """Each distinct source fetched once, in the order first named; `progress(done, total)` as each finishes."""
    unique = list(dict.fromkeys(sources))
    results: dict[str, Fetched] = {}
    pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="photo")
    try:
        futures = {pool.submit(fetch, source, base, timeout=timeout, max_bytes=max_bytes): source for source in unique}
        for done, future in enumerate(as_completed(futures), 1):
            source = futures[future]
            try:
                results[source] = future.result()
            except Exception as error:  # noqa: BLE001 - fetch catches what it knows; nothing else may stop the rest
                results[source] = Fetched(source, None, None, f"could not be fetched ({type(error).__name__}: {error})")
            if progress is not None:
                progress(done, len(unique))
    except BaseException:  # Ctrl-C: do not start the photos still waiting
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return {source: results[source] for source in unique}


def fetch(source: str, base: Path, *, timeout: float = 20, max_bytes: int = 25 * 1024 * 1024) -> Fetched:
    """One photo: downloaded when `source` is an http(s) address, else read as a path relative to `base`."""
    name = source.strip()
    scheme = urllib.parse.urlsplit(name).scheme.lower() if "://" in name or name.lower().startswith(("data:", "file:")) else ""
    if scheme in ("http", "https"):
        data, error = _download(name, timeout, max_bytes)
    elif scheme:
        data, error = None, f"a {scheme}: address; only http and https addresses are downloaded: save the photo next to the file and write its name"
    else:
        data, error = _read(name, base, max_bytes)
    if error is None:
        assert data is not None
        extension, error = _image_extension(data)
        if error is None:
            return Fetched(source, data, extension, None)
    return Fetched(source, None, None, error)


# --------------------------------------------------------------------------- the photo's bytes

def _image_extension(data: bytes) -> tuple[str | None, str | None]:
    """(extension, None) when Pillow reads `data` as a photo; (None, why not) otherwise."""
    try:
        # as the build does: Pillow's own warning (89 MP) yields to check_pixels; past twice that, Pillow refuses.
        # Warning filters are global, so one thread at a time changes them (and puts them back).
        with _WARNINGS, warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=_openable()) as image:
                check_pixels(image.size)
                found = image.format
                image.verify()
    except (TooManyPixels, Image.DecompressionBombError):
        return None, f"has far too many pixels (more than {MAX_PIXELS // 1_000_000} megapixels; a decompression bomb?)"
    except UnidentifiedImageError:
        if _HTML.search(data[:4096]):
            return None, "not an image (HTML page?)"
        return None, "not an image (JPEG, PNG, WebP, GIF or HEIC)"
    except Exception as error:  # noqa: BLE001 - a damaged file may fail anywhere inside a codec
        return None, f"a damaged image ({error or type(error).__name__})"
    return EXTENSIONS.get(found or "", ".jpg"), None


def _openable() -> list[str]:
    """The EXTENSIONS Pillow has an opener for (an MPO is opened as JPEG; AVIF needs a Pillow built with it)."""
    Image.init()
    return [name for name in EXTENSIONS if name in Image.OPEN]


def _too_large(max_bytes: int) -> str:
    if max_bytes >= 1024 * 1024:
        return f"larger than {round(max_bytes / (1024 * 1024), 1):g} MB"
    return f"larger than {round(max_bytes / 1024, 1):g} KB"


# --------------------------------------------------------------------------- a local path

def _read(name: str, base: Path, max_bytes: int) -> tuple[bytes | None, str | None]:
    if not name:
        return None, "no file name"
    where = f"the folder of the imported file ({base})"
    relative = name.replace("\\", "/")  # a sheet made on Windows writes foto\kemeja.jpg
    if PurePosixPath(relative).is_absolute() or PureWindowsPath(name).drive:  # /home/…, C:\…, \\server\…
        return None, f"an absolute path: copy the photo into {where} and write its name from there (foto/kemeja.jpg)"
    folder = base.resolve()
    path = folder / relative
    try:
        real = path.resolve()  # symlinks followed: a link inside the folder to a file outside it is outside
    except (OSError, RuntimeError):  # a symlink loop
        return None, "a link that leads nowhere: copy the photo itself into the folder"
    if not real.is_relative_to(folder):
        return None, f"outside {where}: copy the photo into that folder and write its name from there"
    if not real.exists():
        return None, f"no such file in {where}" + _near_miss(real)
    if not real.is_file():
        return None, "a folder or a special file, not a photo: write the photo's file name"
    if real.stat().st_size > max_bytes:
        return None, f"{_too_large(max_bytes)}: save the photo smaller (a phone photo is 2 to 5 MB)"
    try:
        with real.open("rb") as file:
            data = file.read(max_bytes + 1)  # it may have grown since
    except OSError as error:
        return None, f"cannot be read ({error.strerror or error})"
    return (None, _too_large(max_bytes)) if len(data) > max_bytes else (data, None)


def _near_miss(path: Path) -> str:
    """"; did you mean Kemeja.JPG?" when only capitals differ (a sheet typed on Windows, where they do not count)."""
    try:
        names = [entry.name for entry in path.parent.iterdir()] if path.parent.is_dir() else []
    except OSError:
        return ""
    for entry in names:
        if entry.lower() == path.name.lower():
            return f"; did you mean {entry}? (capitals count)"
    return "; check the name, or put the photo there"


# --------------------------------------------------------------------------- a download

class _Refused(Exception):
    """A download stopped on purpose; the message is for the seller."""


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Redirects followed only to http and https (urllib's own would follow ftp: too), at most five."""

    max_redirections = 5

    def http_error_302(self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any) -> Any:
        target = urllib.parse.urljoin(req.full_url, headers.get("location") or headers.get("uri") or "")
        scheme = urllib.parse.urlsplit(target).scheme.lower()
        if scheme not in ("http", "https"):
            fp.close()
            raise _Refused(f"redirected to a {scheme or 'non-web'}: address; only http and https are followed")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


class _Deadline:
    """One download's time limit: when it passes, every socket the download opened is shut down (both ways),
    so whatever urllib is waiting for (the TLS handshake, the status line, a header, the body) ends at once."""

    def __init__(self, seconds: float) -> None:
        self.passed = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        # a duplicate of the descriptor: TLS wraps the socket into another object, and shutdown acts on the
        # connection itself, whichever descriptor names it
        twin = sock.dup()
        with self._lock:
            self._sockets.append(twin)
            late = self.passed
        if late:
            self._expire()

    def _expire(self) -> None:
        with self._lock:
            self.passed = True
            for twin in self._sockets:
                try:
                    twin.shutdown(socket.SHUT_RDWR)
                except OSError:  # already closed by the download itself
                    pass

    def close(self) -> None:
        self._timer.cancel()
        with self._lock:
            for twin in self._sockets:
                twin.close()
            self._sockets.clear()


class _Watched(http.client.HTTPConnection):
    """A connection whose socket its download's deadline can shut (`deadline` is set by _connection)."""

    deadline: _Deadline

    def connect(self) -> None:
        super().connect()  # for HTTPS this is the plain socket, before the handshake: the handshake is covered too
        self.deadline.watch(self.sock)


class _WatchedHTTPS(http.client.HTTPSConnection, _Watched):
    """HTTPSConnection.connect calls _Watched.connect (the next in line) for its socket, then wraps it."""


def _connection(kind: type[_Watched], deadline: _Deadline) -> Callable[..., _Watched]:
    def make(*args: Any, **kwargs: Any) -> _Watched:
        connection = kind(*args, **kwargs)
        connection.deadline = deadline
        return connection
    return make


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def http_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_connection(_Watched, self._deadline), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def https_open(self, req: urllib.request.Request) -> Any:
        return self.do_open(_connection(_WatchedHTTPS, self._deadline), req, context=self._context)


def _opener(deadline: _Deadline) -> urllib.request.OpenerDirector:
    """http and https only: no file:, ftp: or data: handler to reach, whatever a redirect says."""
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), _HTTPHandler(deadline), _HTTPSHandler(deadline),
                    urllib.request.HTTPDefaultErrorHandler(), _Redirects(), urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    return opener


def _address(url: str) -> str:
    """The URL as a request can carry it: spaces and non-ASCII letters percent-encoded, an international host in IDNA."""
    parts = urllib.parse.urlsplit(url)
    host = parts.netloc
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            pass
    path = urllib.parse.quote(parts.path, safe="/%:@!$&'()*+,;=~")
    query = urllib.parse.quote(parts.query, safe="%=&/:?@!$'()*+,;~")
    return urllib.parse.urlunsplit((parts.scheme, host, path, query, ""))


def _download(url: str, timeout: float, max_bytes: int) -> tuple[bytes | None, str | None]:
    seconds = DEADLINE_TIMEOUTS * timeout
    deadline = _Deadline(seconds)
    try:
        data, error = _receive(url, timeout, max_bytes, deadline)
    finally:
        deadline.close()
    if deadline.passed:  # whatever the shut sockets made of it: an error, or bytes cut short
        return None, f"took longer than {seconds:g} s to download"
    return data, error


def _receive(url: str, timeout: float, max_bytes: int, deadline: _Deadline) -> tuple[bytes | None, str | None]:
    try:
        request = urllib.request.Request(_address(url), headers={"User-Agent": USER_AGENT, "Accept": "image/*,*/*;q=0.5"})
        with _opener(deadline).open(request, timeout=timeout) as response:
            if response.status != 200:
                return None, f"HTTP {response.status}"
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                return None, _too_large(max_bytes)
            chunks, size = [], 0
            while chunk := response.read1(CHUNK):  # what has arrived; at the deadline its socket is shut, and this ends
                size += len(chunk)
                if size > max_bytes:
                    return None, _too_large(max_bytes)
                chunks.append(chunk)
            return b"".join(chunks), None
    except _Refused as error:
        return None, str(error)
    except urllib.error.HTTPError as error:
        error.close()
        return None, f"HTTP {error.code}"
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            return None, f"no answer within {timeout:g} s"
        return None, f"could not connect ({getattr(error.reason, 'strerror', None) or error.reason})"
    except TimeoutError:
        return None, f"no answer within {timeout:g} s"
    except ValueError as error:  # http.client.InvalidURL, a port that is no number
        return None, f"not a valid address ({error})"
    except Exception as error:  # noqa: BLE001 - a connection that broke off (IncompleteRead, reset): one photo's failure
        return None, f"the download broke off ({type(error).__name__}: {error})"
