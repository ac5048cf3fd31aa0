"""Build benchmark: a synthetic shop of N products; prints products/s, rebuild times and peak memory.

    python bench/build.py [--products 1000] [--photos 20] [--keep DIR]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import make_shop  # noqa: E402
from generator.build import BuildOptions, Builder  # noqa: E402


def timed(options: BuildOptions):
    started = time.perf_counter()
    result = Builder(options).build()  # a fresh Builder each time: caches come from disk, as in a new run
    return time.perf_counter() - started, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--photos", type=int, default=20, help="distinct photos shared by the products")
    parser.add_argument("--keep", type=Path, help="make the shop here and keep it")
    args = parser.parse_args()

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="etalase-bench-"))
    root = make_shop(workdir / "shop", args.products, args.photos)
    options = BuildOptions(root=root, use_git=False)
    try:
        cold, result = timed(options)
        pages = result.pages
        shutil.rmtree(root / ".etalase-cache" / "photos", ignore_errors=False)
        (root / ".etalase-cache" / "state.pickle").unlink()
        content_cold, _ = timed(BuildOptions(root=root, use_git=False, force=True))  # photos re-done, content read again
        forced, _ = timed(BuildOptions(root=root, use_git=False, force=True))  # caches warm, everything rendered
        noop, noop_result = timed(options)
        assert noop_result.up_to_date
        product = root / "content/products/produk-00001.md"
        product.write_text(product.read_text().replace("price: ", "price: 1", 1))
        edit, edit_result = timed(options)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "generator", "build", "-q", "--no-git", "--shop", str(root)], check=True,
                       cwd=Path(__file__).resolve().parent.parent)
        noop_cli = time.perf_counter() - started
        sizes = sorted(p.stat().st_size for p in (root / "public/products").glob("*/index.html"))
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"products: {args.products}, photos: {args.photos}, pages: {pages}")
        print(f"cold build (empty caches):          {cold:7.3f} s  ({args.products / cold:7.0f} products/s)")
        print(f"cold build, second run:             {content_cold:7.3f} s")
        print(f"full rebuild (caches warm, --force): {forced:6.3f} s  ({args.products / forced:7.0f} products/s)")
        print(f"one product edited:                 {edit:7.3f} s  ({edit_result.files_read} file read)")
        print(f"no-op rebuild (in process):         {noop:7.3f} s")
        print(f"no-op rebuild (etalase build, CLI): {noop_cli:7.3f} s")
        print(f"product page HTML: median {sizes[len(sizes) // 2]} bytes, max {sizes[-1]} bytes")
        print(f"peak memory: {peak_mb:.0f} MB")
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
