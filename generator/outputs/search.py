"""Static search: the Pagefind index of the product pages, made inside the build output.

Pagefind (the PyPI package ships its indexer) reads the built HTML: only the
elements marked `data-pagefind-body` (the product article) are indexed, in the
language of `<html lang>`. The shopper's browser then loads `pagefind/pagefind.js`,
its WebAssembly and the few index chunks a query needs, only on the search page
and only when a search is made. See README "Search" for why Pagefind and not a
JSON index.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from .. import routes
from ..errors import BuildError, Problem

OUTPUT_SUBDIR = routes.SEARCH_INDEX.rstrip("/")
# Only product pages are searched (the theme marks their article `data-pagefind-body`): reading just
# these halves the indexing time of a 1,000-product shop, whose list pages are twice as many.
PAGES = routes.PRODUCT_PAGES_GLOB
SEARCH_PAGE = routes.SEARCH_PAGE

# What the indexer writes that the shop's own search page does not use (Pagefind's ready-made UIs).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


def index_site(folder: Path, timeout: float = 300) -> None:
    """Write `folder/pagefind/` for the site in `folder` (a build being written, before it goes live)."""
    target = (folder / OUTPUT_SUBDIR).resolve()
    if target.exists():
        shutil.rmtree(target)
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-path", str(target), "--glob", PAGES, "--quiet"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BuildError([Problem("search", None, f"the search index could not be made: {error}", kind="search")]) from None
    _check_index(done.returncode, done.stdout, done.stderr, target)


def _check_index(returncode: int, stdout: str, stderr: str, target: Path) -> None:
    """Raise the build's problem when Pagefind failed; drop what the shop does not use."""
    if returncode != 0 or not (target / "pagefind.js").is_file():
        detail = (stderr or stdout).strip().splitlines()
        hint = "; is Etalase installed with its dependencies (pip install .)?" if "No module named" in stderr else ""
        raise BuildError([Problem("search", None, f"the search index could not be made (pagefind: {detail[-1] if detail else returncode}){hint}", kind="search")])
    for name in UNUSED:
        (target / name).unlink(missing_ok=True)


PAGE_PATH = re.compile(r"(.*/)?products/[^/]+/index\.html")  # PAGES, as a site path


class SearchIndexing:
    """The build's search index, made while the site is written: Pagefind starts as soon as the
    pages it reads are in the new folder and runs (in another process, on the other core) while the
    rest of the site is written. Only for a site whose theme has a search page."""

    def __init__(self, timeout: float = 300) -> None:
        self.timeout = timeout
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self.seconds = 0.0  # how long Pagefind ran
        self.waited = 0.0  # how long the build waited for it after writing the rest

    @staticmethod
    def needs(path: str) -> bool:
        """Whether Pagefind reads this file of the site (it is written first)."""
        return path == SEARCH_PAGE or PAGE_PATH.fullmatch(path) is not None

    def start(self, folder: Path) -> None:
        if not (folder / SEARCH_PAGE).is_file() or next(folder.glob(PAGES), None) is None:
            return  # no search page, or a shop without products: nothing to index

        def index() -> None:
            started = time.perf_counter()
            try:
                index_site(folder, timeout=self.timeout)
            except BaseException as error:  # noqa: BLE001 - handed to finish(), in the build's thread
                self._error = error
            self.seconds = time.perf_counter() - started

        self._thread = threading.Thread(target=index, name="search index", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        if self._thread is not None:
            started = time.perf_counter()
            self._thread.join()
            self.waited = time.perf_counter() - started
            self._thread = None

    def finish(self) -> None:
        """Wait for the index; its failure is a problem of the build (the previous site stays)."""
        self.wait()
        if self._error is not None:
            error, self._error = self._error, None
            raise error
