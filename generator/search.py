"""Static search: the Pagefind index of the product pages, made inside the build output.

Pagefind (the PyPI package ships its indexer) reads the built HTML: only the
elements marked `data-pagefind-body` (the product article) are indexed, in the
language of `<html lang>`. The shopper's browser then loads `pagefind/pagefind.js`,
its WebAssembly and the few index chunks a query needs, only on the search page
and only when a search is made. See README "Search" for why Pagefind and not a
JSON index.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .errors import BuildError, Problem

OUTPUT_SUBDIR = "pagefind"
# Only product pages are searched (the theme marks their article `data-pagefind-body`): reading just
# these halves the indexing time of a 1,000-product shop, whose list pages are twice as many.
PAGES = "**/products/*/index.html"
SEARCH_PAGE = "search/index.html"

# What the indexer writes that the shop's own search page does not use (Pagefind's ready-made UIs).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


def index_site(folder: Path, output: Path | None = None, timeout: float = 300) -> None:
    """Write `folder/pagefind/` (or `output`) for the site in `folder` (a finished build, before it goes live)."""
    target = (output or folder / OUTPUT_SUBDIR).resolve()
    if target.exists():
        shutil.rmtree(target)
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--output-path", str(target), "--glob", PAGES, "--quiet"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BuildError([Problem("search", None, f"the search index could not be made: {error}", kind="search")]) from None
    if done.returncode != 0 or not (target / "pagefind.js").is_file():
        detail = (done.stderr or done.stdout).strip().splitlines()
        hint = "; is Etalase installed with its dependencies (pip install .)?" if "No module named" in done.stderr else ""
        raise BuildError([Problem("search", None, f"the search index could not be made (pagefind: {detail[-1] if detail else done.returncode}){hint}", kind="search")])
    for name in UNUSED:
        (target / name).unlink(missing_ok=True)


def index_if_searchable(folder: Path) -> None:
    """The build's hook: index only a site whose theme has a search page."""
    if (folder / SEARCH_PAGE).is_file() and next(folder.glob(PAGES), None) is not None:  # a shop without products has nothing to index
        index_site(folder)
