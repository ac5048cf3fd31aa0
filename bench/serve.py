"""Preview-server benchmark: time from saving a product file to the rebuilt page being served,
and memory after many edits, on a synthetic shop of N products.

    python bench/serve.py [--products 1000] [--edits 500]
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import make_shop  # noqa: E402
from generator.build import BuildOptions  # noqa: E402
from generator.reporter import Reporter  # noqa: E402
from generator.serve import DEBOUNCE_SECONDS, start, stop  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def fetch(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    body = connection.getresponse().read().decode()
    connection.close()
    return body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=500)
    parser.add_argument("--change", choices=("text", "price"), default="text",
                        help="what each edit changes: the description (a typical edit) or the price (moves it in every price-sorted list)")
    parser.add_argument("--verbose", action="store_true", help="print each rebuild")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="etalase-serve-"))
    try:
        root = make_shop(workdir / "shop", args.products)
        started = time.perf_counter()
        server, preview, observers = start(BuildOptions(root=root, use_git=False), "127.0.0.1", 0, Reporter(int(args.verbose)))
        print(f"products: {args.products}; first build: {time.perf_counter() - started:.2f} s")
        port = server.server_address[1]
        product = root / "content/products/produk-00001.md"
        original = product.read_text()
        latencies = []
        memory = {}
        for edit in range(1, args.edits + 1):
            if args.change == "price":
                price = 100000 + edit
                product.write_text(original.replace("price: ", f"price: {price}\n# ", 1))
                expected = f"Rp {price // 1000}.{price % 1000:03d}"
            else:
                expected = f"Edisi {edit} dari kain pilihan"
                product.write_text(original.rstrip() + f"\n\n{expected}.\n")
            saved = time.perf_counter()
            while expected not in fetch(port, "/products/produk-00001/"):
                if time.perf_counter() - saved > 30:
                    raise SystemExit(f"edit {edit}: the page never showed {expected}")
                time.sleep(0.01)  # polling faster steals the server its CPU and measures that instead
            latencies.append(time.perf_counter() - saved)
            if edit in (1, 50, 100, 250, 500) or edit == args.edits:
                memory[edit] = rss_mb()
        stop(server, preview, observers)
        ms = sorted(x * 1000 for x in latencies)
        print(f"each edit changes the {args.change}")
        print(f"save -> rebuilt page served: median {statistics.median(ms):.0f} ms, "
              f"p90 {ms[int(len(ms) * 0.9) - 1]:.0f} ms, max {ms[-1]:.0f} ms over {len(ms)} edits "
              f"(includes the {int(DEBOUNCE_SECONDS * 1000)} ms debounce)")
        print("memory (RSS) after edits: " + ", ".join(f"{n}: {mb:.0f} MB" for n, mb in memory.items()))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
