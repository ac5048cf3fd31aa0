"""Page weight of every page type of the demo shop on a phone: bytes of HTML, CSS, JS and images.

    python bench/weight.py [--width 390] [--write-results]

The demo shop (this repository) is built and served on 127.0.0.1; Debian's Chromium (Playwright, never a
downloaded browser) opens each page type that tests/test_gates.py checks, at a 390 × 844 viewport with
device pixel ratio 1, and waits until the network is idle without scrolling: lazy photos below the fold
are not fetched, as on a phone until the shopper scrolls. Every response is counted by its body (Python's
http.server sends files as they are, uncompressed) and by Playwright's resource type: the document (HTML),
stylesheets (CSS), scripts (JS), images (the photos), and anything else (the SVG favicon, which Chromium
fetches as "other"; the cart's catalog.json).
"gzip" is what the text parts (HTML, CSS, JS, JSON, SVG) weigh gzip-compressed (level 6), as most hosts
send them, plus the images as they are.

A "Shopify-style reference page" (issue 9) is not included: a faithful copy of a Shopify theme's product
page (its theme scripts, app embeds and CDN images) cannot be reproduced offline with any honesty.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.compare import machine, write_section  # noqa: E402
from bench.lighthouse import serve  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402
from tests.helpers import build, copy_demo  # noqa: E402
from tests.test_gates import PAGE_TYPES  # noqa: E402

KINDS = {"document": "HTML", "stylesheet": "CSS", "script": "JS", "image": "images"}
COLUMNS = ["HTML", "CSS", "JS", "images", "other"]
TEXT_TYPES = ("text/", "application/json", "application/javascript", "application/manifest+json", "image/svg+xml",
              "application/xml", "application/atom+xml")


def weigh(browser, base: str, path: str, width: int) -> tuple[Counter, int, int]:
    """(bytes by column, gzip-compressed total, requests) for one page, loaded without scrolling."""
    context = browser.new_context(viewport={"width": width, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(base + path, wait_until="networkidle")
    sizes: Counter = Counter()
    compressed = 0
    for response in responses:
        body = response.body()
        sizes[KINDS.get(response.request.resource_type, "other")] += len(body)
        kind = response.headers.get("content-type", "")
        compressed += len(gzip.compress(body, 6)) if kind.startswith(TEXT_TYPES) else len(body)
    context.close()
    return sizes, compressed, len(responses)


def kb(size: int) -> str:
    return f"{size / 1024:.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=390, help="viewport width in CSS pixels")
    parser.add_argument("--write-results", action="store_true", help="also write the table into bench/RESULTS.md")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    workdir = Path(tempfile.mkdtemp(prefix="etalase-weight-"))
    try:
        shop = copy_demo(workdir / "shop")
        code, err = build(shop, "-q")
        if code:
            print(err, file=sys.stderr)
            return 1
        server, base = serve(shop / "public")
        rows = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            for name, path in PAGE_TYPES.items():
                sizes, compressed, requests = weigh(browser, base, path, args.width)
                rows.append((name, path or "/", sizes, compressed, requests))
            browser.close()
        server.shutdown()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    header = ["page type", "path", *[f"{c} KB" for c in COLUMNS], "total KB", "gzip KB", "requests"]
    body = [[name, path, *[kb(sizes[c]) for c in COLUMNS], kb(sum(sizes.values())), kb(compressed), str(requests)]
            for name, path, sizes, compressed, requests in rows]
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]
    print(f"demo shop, {args.width} × 844 viewport (device pixel ratio 1), no scrolling; KB = 1,024 bytes")
    for row in [header, *body]:
        print("  ".join(cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))))
    if args.write_results:
        lines = ["| " + " | ".join(header) + " |", "|---|---|" + "---:|" * (len(header) - 2)]
        lines += ["| " + " | ".join(row) + " |" for row in body]
        write_section("weight", f"`python bench/weight.py` — {machine()}\n\nDemo shop, {args.width} × 844 viewport "
                                f"(device pixel ratio 1), no scrolling; KB = 1,024 bytes.\n\n" + "\n".join(lines))
        print("written to bench/RESULTS.md", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
