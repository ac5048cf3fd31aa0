"""Lighthouse scores for the demo shop's home, catalog and a product page (Debian's Chromium).

    python bench/lighthouse.py

Performance is noisy on a shared machine, so it is printed here, not asserted;
the test suite asserts accessibility, best practices and SEO (tests/test_lighthouse.py).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
                "--disable-background-networking --disable-component-update --disable-sync")
PAGES = {"home": "", "catalog": "products/", "product": "products/kemeja-batik-parang/"}


def lighthouse(url: str) -> dict:
    """Run Lighthouse once: {category: score 0..100}, the failing audits and the cumulative layout shift."""
    binary = REPO / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        raise SystemExit(f"{binary} is missing: run `npm ci`")
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [str(binary), url, "--output=json", f"--output-path={report}", "--quiet",
             "--only-categories=performance,accessibility,best-practices,seo", f"--chrome-flags={CHROME_FLAGS}"],
            check=True, capture_output=True, timeout=180, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
        )
        data = json.loads(report.read_text())
    scores = {name: round((category["score"] or 0) * 100) for name, category in data["categories"].items()}
    failing = [audit["id"] for audit in data["audits"].values()
               if audit.get("scoreDisplayMode") == "binary" and audit.get("score") == 0]
    shift = data["audits"]["cumulative-layout-shift"]["numericValue"]
    return {"scores": scores, "failing": failing, "layout_shift": shift}


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    from generator.serve import PreviewServer  # a threading server that takes a browser hanging up calmly

    server = PreviewServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main() -> int:
    sys.path.insert(0, str(REPO))
    from tests.helpers import build, copy_demo

    workdir = Path(tempfile.mkdtemp(prefix="etalase-lh-"))
    try:
        shop = copy_demo(workdir / "shop")
        code, err = build(shop)
        if code:
            print(err)
            return 1
        server, base = serve(shop / "public")
        print(f"{'page':10} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5} {'CLS':>6}")
        for name, path in PAGES.items():
            report = lighthouse(base + path)
            result = report["scores"]
            print(f"{name:10} {result['performance']:>5} {result['accessibility']:>5} {result['best-practices']:>5} {result['seo']:>5}"
                  f" {report['layout_shift']:>6.3f}")
        server.shutdown()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
