"""Preview-server benchmark: time from saving a product file to the rebuilt page being served,
and memory after many edits, on a synthetic shop of N products.

The server runs as its own process (`python -m generator serve`), as a seller runs it, and the
benchmark waits the way the browser's reload script does: on the server's event stream, then
fetches the page. Polling the page instead would steal the server its CPU and measure that.

    python bench/serve.py [--products 1000] [--edits 500] [--change text|price] [--pause 0.5]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.synthetic import make_shop  # noqa: E402
from generator.serve import DEBOUNCE_SECONDS  # noqa: E402


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def fetch(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    body = connection.getresponse().read().decode()
    connection.close()
    return body


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listen(port: int, events: queue.Queue) -> None:
    """Put each server-sent event (a rebuild finished) on the queue, as the reload script receives it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=None)
    connection.request("GET", "/__etalase__/events")
    response = connection.getresponse()
    while True:
        line = response.readline()
        if not line:
            return
        if line.startswith(b"data: "):
            events.put((time.perf_counter(), json.loads(line[6:])))


def wait_until_serving(port: int, process: subprocess.Popen, timeout: float = 600) -> None:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            fetch(port, "/__etalase__/status")
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=500)
    parser.add_argument("--change", choices=("text", "price", "category", "new-category"), default="text",
                        help="what each edit changes: the description (a typical edit), the price (moves it in every price-sorted "
                             "list), the category (to another existing one: two category lists change) or a new category "
                             "(every page's navigation lists categories: the whole site is rendered again)")
    parser.add_argument("--pause", type=float, default=0.5,
                        help="seconds between saves (over 1: the preview writes its mirror and search index between saves, "
                             "and a save may come while it does)")
    parser.add_argument("--verbose", action="store_true", help="show the server's output")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="etalase-serve-"))
    process = None
    try:
        root = make_shop(workdir / "shop", args.products)
        port = free_port()
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--shop", str(root), "--port", str(port), "--no-git"],
                                   cwd=REPO, stdout=None if args.verbose else subprocess.DEVNULL,
                                   stderr=None if args.verbose else subprocess.DEVNULL)
        wait_until_serving(port, process)
        print(f"products: {args.products}; first build and start: {time.perf_counter() - started:.2f} s")
        events: queue.Queue = queue.Queue()
        threading.Thread(target=listen, args=(port, events), daemon=True).start()
        time.sleep(0.5)  # the event stream is connected
        product = root / "content/products/produk-00001.md"
        original = product.read_text()
        latencies, reloads, full_rebuilds = [], [], []
        memory = {}
        for edit in range(1, args.edits + 1):
            if args.change == "price":
                price = 100000 + edit
                new_text = original.replace("price: ", f"price: {price}\n# ", 1)
                expected = f"Rp {price // 1000}.{price % 1000:03d}"
            elif args.change in ("category", "new-category"):
                category = (("Batik", "Tenun") if args.change == "category" else ("Kategori Genap", "Kategori Ganjil"))[edit % 2]
                new_text = original.replace("category: ", f"category: {category}\n# ", 1)
                expected = f">{category}</a>"
            else:
                expected = f"Edisi {edit} dari kain pilihan"
                new_text = original.rstrip() + f"\n\n{expected}.\n"
            while not events.empty():
                events.get()
            saved = time.perf_counter()
            product.write_text(new_text)
            served_at = None
            count = 0
            while served_at is None:
                try:
                    _, message = events.get(timeout=30)
                except queue.Empty:
                    raise SystemExit(f"edit {edit}: no rebuild reported within 30 s") from None
                count += 1
                if message.get("kind") == "error":
                    raise SystemExit(f"edit {edit}: the build failed: {message.get('errors')}")
                if expected in fetch(port, "/products/produk-00001/"):
                    served_at = time.perf_counter()
            latencies.append(served_at - saved)
            time.sleep(args.pause)  # let the rest of the rebuild finish, as a seller types between saves
            while not events.empty():  # later events that reload the edited page again (the full rebuild corrected it)
                _, message = events.get()
                pages = message.get("pages")
                count += pages is None or "/products/produk-00001/" in pages
                if args.verbose and (pages is None or "/products/produk-00001/" in pages):
                    print(f"edit {edit}: the page changed again: {message}")
            reloads.append(count)
            full_rebuilds.append(json.loads(fetch(port, "/__etalase__/status"))["rebuild_ms"])
            if edit in (1, 50, 100, 250, 500) or edit == args.edits:
                memory[edit] = rss_mb(process.pid)
        ms = sorted(x * 1000 for x in latencies)
        print(f"each edit changes the {args.change}")
        print(f"save -> rebuilt page served: median {statistics.median(ms):.0f} ms, "
              f"p90 {ms[int(len(ms) * 0.9) - 1]:.0f} ms, max {ms[-1]:.0f} ms over {len(ms)} edits "
              f"(includes the {int(DEBOUNCE_SECONDS * 1000)} ms debounce)")
        print(f"the whole site rebuilt behind it (the server's own timing): median {statistics.median(full_rebuilds):.0f} ms, "
              f"max {max(full_rebuilds):.0f} ms")
        print(f"reloads of the edited page per edit: {statistics.mean(reloads):.2f} on average, at most {max(reloads)} "
              "(more than 1: the full rebuild changed the page served first)")
        print("memory (server RSS) after edits: " + ", ".join(f"{n}: {mb:.0f} MB" for n, mb in memory.items()))
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
