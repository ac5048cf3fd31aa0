"""Fetching an imported catalog's photos (issue 17): a real HTTP server on 127.0.0.1, real files beside the sheet."""

from __future__ import annotations

import http.server
import io
import os
import struct
import threading
import time
import warnings
import zlib
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

from generator.importer import photos
from generator.importer.photos import Fetched, fetch_all


def jpeg(size=(64, 48), color=(180, 60, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def png(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, "PNG")
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims width × height pixels, with almost no bytes behind it (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


GOOD = jpeg()
HTML_PAGE = b"<!DOCTYPE html><html><head><title>Masuk</title></head><body>Silakan masuk dulu</body></html>"
TIMEOUT = 0.5
MAX_BYTES = 64 * 1024


# --------------------------------------------------------------------------- the server

class _Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, body: bytes, content_type: str = "image/jpeg", length: bool = True) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        server = self.server
        with server.lock:
            server.requests[self.path] += 1
        path = self.path
        try:
            if path in ("/good.jpg", "/count.jpg"):
                self.send(GOOD)
            elif path == "/png-named.jpg":
                self.send(png(), "image/jpeg")  # the server's type is as wrong as the name
            elif path == "/page.jpg":
                self.send(HTML_PAGE, "image/jpeg")
            elif path == "/slow.jpg":
                server.stop.wait(4 * TIMEOUT)  # silent for longer than the timeout
                self.send(GOOD)
            elif path.startswith("/slowish/"):
                time.sleep(0.3)
                self.send(GOOD)
            elif path == "/trickle.jpg":  # never silent for a timeout, never done: only the deadline stops it
                self.send(b"\xff\xd8", length=False)
                for _ in range(40):  # 5 s, then it ends (so a missing deadline fails the test, not hangs it)
                    if server.stop.wait(TIMEOUT / 4):
                        break
                    self.wfile.write(b"\x00")
                    self.wfile.flush()
            elif path == "/slow-headers.jpg":  # accepts, then sleeps before each byte of its status line and headers
                head = b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: %d\r\n\r\n" % len(GOOD)
                for byte in head:  # never silent for a timeout: only the deadline stops it (it answers after 16 s)
                    if server.stop.wait(TIMEOUT / 2):
                        return
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                self.wfile.write(GOOD)
            elif path == "/huge.jpg":
                self.send(b"\xff\xd8" + b"\x00" * (4 * MAX_BYTES))
            elif path == "/huge-stream.jpg":  # no Content-Length: only counting the bytes finds it out
                self.send(b"\xff\xd8", length=False)
                for _ in range(64):
                    self.wfile.write(b"\x00" * 16 * 1024)
            elif path == "/redirect.jpg":
                self.send_response(302)
                self.send_header("Location", "/good.jpg")
                self.end_headers()
            elif path == "/redirect-file.jpg":
                self.send_response(302)
                self.send_header("Location", "file:///etc/passwd")
                self.end_headers()
            else:
                self.send_error(404)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should


class _Server(http.server.ThreadingHTTPServer):
    # eight downloads connect at once: past the default backlog of 5 the kernel drops a connection and the client
    # retries it a second later, longer than the test's timeout (a real web server's backlog is in the hundreds)
    request_queue_size = 64


@pytest.fixture(scope="module")
def server():
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.lock, httpd.requests, httpd.stop = threading.Lock(), Counter(), threading.Event()
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd
    httpd.stop.set()
    httpd.shutdown()
    httpd.server_close()


def url(server, path: str) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}{path}"


HTTP_CASES = ["/good.jpg", "/png-named.jpg", "/page.jpg", "/slow.jpg", "/trickle.jpg", "/slow-headers.jpg", "/missing.jpg", "/huge.jpg",
              "/huge-stream.jpg", "/redirect.jpg", "/redirect-file.jpg"]


@pytest.fixture(scope="module")
def downloaded(server, tmp_path_factory):
    """Every case fetched in one go, as an import does; (results, seconds taken)."""
    started = time.monotonic()
    results = fetch_all([url(server, path) for path in HTTP_CASES], tmp_path_factory.mktemp("sheet"),
                        timeout=TIMEOUT, max_bytes=MAX_BYTES)
    return {path: results[url(server, path)] for path in HTTP_CASES}, time.monotonic() - started


# --------------------------------------------------------------------------- downloads

def test_a_good_photo_is_downloaded_with_its_extension_from_its_content(downloaded):
    results, _ = downloaded
    assert results["/good.jpg"] == Fetched(results["/good.jpg"].source, GOOD, ".jpg", None)
    assert results["/png-named.jpg"].extension == ".png" and results["/png-named.jpg"].error is None


@pytest.mark.parametrize(("path", "error"), [
    ("/page.jpg", "not an image (HTML page?)"),
    ("/slow.jpg", f"no answer within {TIMEOUT:g} s"),
    ("/trickle.jpg", f"took longer than {photos.DEADLINE_TIMEOUTS * TIMEOUT:g} s to download"),
    ("/slow-headers.jpg", f"took longer than {photos.DEADLINE_TIMEOUTS * TIMEOUT:g} s to download"),
    ("/missing.jpg", "HTTP 404"),
    ("/huge.jpg", "larger than 64 KB"),
    ("/huge-stream.jpg", "larger than 64 KB"),
    ("/redirect-file.jpg", "redirected to a file: address; only http and https are followed"),
])
def test_each_bad_download_is_an_error_not_an_exception(downloaded, path, error):
    result = downloaded[0][path]
    assert (result.error, result.data, result.extension) == (error, None, None)


def test_a_redirect_to_a_photo_is_followed(downloaded, server):
    assert downloaded[0]["/redirect.jpg"].data == GOOD
    assert server.requests["/good.jpg"] >= 1


def test_the_slow_ones_do_not_hold_the_import_up(downloaded):
    # the slow photo ends at its timeout, the trickling one and the one slow to send its headers at the deadline,
    # while the others download
    assert downloaded[1] < photos.DEADLINE_TIMEOUTS * TIMEOUT + 1.5


def test_the_same_address_is_downloaded_once(server, tmp_path):
    address = url(server, "/count.jpg")
    calls = []
    results = fetch_all([address, address, address], tmp_path, timeout=TIMEOUT, progress=lambda *done: calls.append(done))
    assert list(results) == [address] and results[address].data == GOOD
    assert server.requests["/count.jpg"] == 1
    assert calls == [(1, 1)]


def test_downloads_run_at_the_same_time(server, tmp_path):
    addresses = [url(server, f"/slowish/{n}.jpg") for n in range(4)]
    started = time.monotonic()
    results = fetch_all(addresses, tmp_path, timeout=5, workers=4)
    elapsed = time.monotonic() - started
    assert all(results[a].data == GOOD for a in addresses)
    assert elapsed < 0.8, f"{elapsed:.2f} s for four 0.3 s photos on four workers"


def test_progress_counts_each_photo_as_it_finishes(server, tmp_path):
    calls = []
    sources = [url(server, "/good.jpg"), url(server, "/missing.jpg"), "nowhere.jpg"]
    fetch_all(sources, tmp_path, timeout=TIMEOUT, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_a_closed_port_and_other_schemes(tmp_path):
    results = fetch_all(["http://127.0.0.1:1/x.jpg", "ftp://example.com/x.jpg", "file:///etc/passwd",
                         "data:image/png;base64,iVBORw0KGgo="], tmp_path, timeout=TIMEOUT)
    assert results["http://127.0.0.1:1/x.jpg"].error.startswith("could not connect (")
    for source, scheme in [("ftp://example.com/x.jpg", "ftp"), ("file:///etc/passwd", "file"), ("data:image/png;base64,iVBORw0KGgo=", "data")]:
        assert results[source].error.startswith(f"a {scheme}: address; only http and https addresses are downloaded")


def test_an_unexpected_failure_is_one_photos_error(tmp_path, monkeypatch):
    (tmp_path / "good.jpg").write_bytes(GOOD)
    real = photos.fetch

    def failing(source, base, **options):
        if source == "bad.jpg":
            raise RuntimeError("codec crashed")
        return real(source, base, **options)

    monkeypatch.setattr(photos, "fetch", failing)
    results = fetch_all(["bad.jpg", "good.jpg"], tmp_path)
    assert results["bad.jpg"].error == "could not be fetched (RuntimeError: codec crashed)"
    assert results["good.jpg"].data == GOOD


# --------------------------------------------------------------------------- files beside the sheet

@pytest.fixture
def sheet_folder(tmp_path) -> Path:
    folder = tmp_path / "ekspor"
    (folder / "foto").mkdir(parents=True)
    (folder / "good.jpg").write_bytes(GOOD)
    (folder / "foto" / "a.png").write_bytes(png())
    (folder / "Kemeja.JPG").write_bytes(GOOD)
    (folder / "page.jpg").write_bytes(HTML_PAGE)
    (folder / "garbage.jpg").write_bytes(b"\x00\x01 not a photo at all" * 20)
    (folder / "bomb.png").write_bytes(png_claiming(20_000, 20_000))  # past Pillow's own refusal
    (folder / "bomb-121mp.png").write_bytes(png_claiming(11_000, 11_000))  # past the build's 100 MP, under Pillow's
    noise = io.BytesIO()
    Image.frombytes("RGB", (200, 200), os.urandom(200 * 200 * 3)).save(noise, "JPEG")  # noise: no compression helps
    (folder / "big.jpg").write_bytes(noise.getvalue())
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (1, 2, 3)).save(buffer, "HEIF")
    (folder / "iphone.heic").write_bytes(buffer.getvalue())
    (tmp_path / "outside.jpg").write_bytes(GOOD)
    (folder / "link.jpg").symlink_to(tmp_path / "outside.jpg")
    (folder / "inner-link.jpg").symlink_to(folder / "good.jpg")
    return folder


def test_local_photos_are_read_relative_to_the_sheet(sheet_folder):
    results = fetch_all(["good.jpg", "foto/a.png", "foto\\a.png", "./foto/../good.jpg", "inner-link.jpg", "iphone.heic"], sheet_folder)
    assert [(r.extension, r.error) for r in results.values()] == [
        (".jpg", None), (".png", None), (".png", None), (".jpg", None), (".jpg", None), (".heic", None)]
    assert results["good.jpg"].data == GOOD


def test_local_paths_that_are_refused_say_what_to_do(sheet_folder):
    absolute = str(sheet_folder / "good.jpg")
    sources = ["missing.jpg", "../outside.jpg", absolute, "C:\\Users\\Toko\\kemeja.jpg", "\\\\server\\foto\\a.jpg",
               "link.jpg", "kemeja.jpg", "foto", ""]
    results = fetch_all(sources, sheet_folder)
    where = f"the folder of the imported file ({sheet_folder})"
    assert results["missing.jpg"].error == f"no such file in {where}; check the name, or put the photo there"
    assert results["../outside.jpg"].error == f"outside {where}: copy the photo into that folder and write its name from there"
    assert results["link.jpg"].error == results["../outside.jpg"].error  # the link is followed, then refused
    for source in (absolute, "C:\\Users\\Toko\\kemeja.jpg", "\\\\server\\foto\\a.jpg"):
        assert results[source].error == f"an absolute path: copy the photo into {where} and write its name from there (foto/kemeja.jpg)"
    assert results["kemeja.jpg"].error == f"no such file in {where}; did you mean Kemeja.JPG? (capitals count)"
    assert results["foto"].error == "a folder or a special file, not a photo: write the photo's file name"
    assert results[""].error == "no file name"
    assert all(r.data is None and r.extension is None for r in results.values())


def test_local_files_are_checked_like_downloads(sheet_folder):
    filters = list(warnings.filters)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no DecompressionBombWarning for the 121 MP one: it is refused, quietly
        results = fetch_all(["page.jpg", "garbage.jpg", "bomb.png", "bomb-121mp.png", "big.jpg"], sheet_folder, max_bytes=8 * 1024)
    assert warnings.filters == filters  # Pillow's warnings silenced only while checking, and put back
    assert results["page.jpg"].error == "not an image (HTML page?)"
    assert results["garbage.jpg"].error == "not an image (JPEG, PNG, WebP, GIF or HEIC)"
    bomb = "has far too many pixels (more than 100 megapixels; a decompression bomb?)"
    assert results["bomb.png"].error == bomb and results["bomb-121mp.png"].error == bomb
    assert results["big.jpg"].error == "larger than 8 KB: save the photo smaller (a phone photo is 2 to 5 MB)"


def test_the_size_cap_reads_as_megabytes_by_default(sheet_folder):
    assert photos._too_large(25 * 1024 * 1024) == "larger than 25 MB"
