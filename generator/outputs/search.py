"""Static search: the Pagefind index of the product pages, made inside the build output.

Pagefind (the PyPI package ships its indexer) reads the built HTML: only the
elements marked `data-pagefind-body` (the product article) are indexed, in the
language of `<html lang>`. The shopper's browser then loads `pagefind/pagefind.js`,
its WebAssembly and the few index chunks a query needs, only on the search page
and only when a search is made. See README "Search" for why Pagefind and not a
JSON index.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import routes
from ..errors import BuildError, Problem
from .search_bundle import content_named, entry_version, link_into, meta_version, prune

if TYPE_CHECKING:
    from ..previous import PreviousOutput

OUTPUT_SUBDIR = routes.SEARCH_INDEX.rstrip("/")
# Only product pages are searched (the theme marks their article `data-pagefind-body`): reading just
# these halves the indexing time of a 1,000-product shop, whose list pages are twice as many.
PAGES = routes.PRODUCT_PAGES_GLOB
SEARCH_PAGE = routes.SEARCH_PAGE

# What the indexer writes that the shop's own search page does not use (Pagefind's ready-made UIs).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


@dataclass(frozen=True)
class KeptIndex:
    """The last index's files linked into the folder a new index is made in (keep_last_index)."""

    version: str  # of the Pagefind that wrote them
    names: frozenset[str]  # their names in the index


def index_site(folder: Path, target: Path, timeout: float = 300, kept: KeptIndex | None = None) -> int:
    """Write into `target` the index of the product pages in `folder` (laid out as in the site).

    `target` is absent or empty, or holds the last index's content-named files, `kept` (keep_last_index):
    Pagefind does not write those again, and what the new index does not lead to is removed after
    (search_bundle.py). The result is the index made from nothing, byte for byte; when that cannot be
    told, it is made from nothing. Gives how many files of the last index it kept."""
    target = target.resolve()
    if kept is not None:
        _run_pagefind(folder, target, timeout)
        # Another Pagefind may name files alike that it writes otherwise: kept only from the same version
        removed = prune(target) if entry_version(target) == kept.version else None
        if removed is not None:
            return len(kept.names - removed)
    if target.exists():
        shutil.rmtree(target)
    _run_pagefind(folder, target, timeout)
    return 0


def keep_last_index(target: Path, reuse: dict[str, Path]) -> KeptIndex | None:
    """Make `target` hold hard links to `reuse` (the last index's content-named files, reusable_index), for
    index_site; None (and `target` absent) when none are kept."""
    if target.exists():
        shutil.rmtree(target)
    meta = next((file for name, file in reuse.items() if name.endswith(".pf_meta")), None)
    version = meta_version(meta) if meta is not None else None
    if version is None:
        return None
    return KeptIndex(version, frozenset(link_into(target, reuse)))


def pagefind_command() -> list[str]:
    """The indexer, found where `python -m pagefind` finds it (PAGEFIND_BINARY_PATH, then the binary packages'
    public get_executable) and run itself: the wrapper's start, a Python with asyncio, was ~80 ms of every index.
    Without either package, the wrapper looks further (the PATH)."""
    configured = os.getenv("PAGEFIND_BINARY_PATH")
    if configured is not None:
        return [configured]
    for package in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            return [str(importlib.import_module(package).get_executable().absolute())]
        except (ImportError, FileNotFoundError):
            continue
    return [sys.executable, "-m", "pagefind"]


def _run_pagefind(folder: Path, target: Path, timeout: float) -> None:
    command = [*pagefind_command(), "--site", str(folder), "--output-path", str(target), "--glob", PAGES, "--quiet"]
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
    """The build's search index, made in another thread (Pagefind in another process, on the other core)
    while the site is written.

    Pagefind reads a folder of HTML files. It is given its own: a copy of the product pages, kept in the
    cache between builds (`input_folder`), where only pages that changed are written again; the index is
    made into `into` (in the output's work folder) and moved into the site by the writer. So the index
    does not wait for the new site's folder, and a build that keeps most pages writes only a few.
    """

    def __init__(self, input_folder: Path, timeout: float = 300) -> None:
        self.input_folder = input_folder
        self.timeout = timeout
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._into: Path | None = None
        self.reuse: dict[str, Path] = {}  # the live index's files the new one may keep (reusable_index)
        self.kept = 0  # how many files of the last index the new one kept (not written again by Pagefind)
        self.seconds = 0.0  # how long the index took, its input copied and Pagefind run
        self.waited = 0.0  # how long the build waited for it after writing the rest

    @staticmethod
    def reads(path: str) -> bool:
        """Whether Pagefind reads this file of the site."""
        return PAGE_PATH.fullmatch(path) is not None

    # A build that writes a whole new site (nothing of the last one kept) sets this, unless the copy holds most
    # of its product pages already (build.py): the index then reads them from the new tree, as soon as the
    # writer has put them there (start_on_tree), and the copy is not written: 1,000 pages are half a second
    # more on a slow disk.
    on_new_tree = False

    def start(self, pages: dict[str, tuple[str, "bytes | Path"]], into: Path) -> None:
        """Begin the index of `pages` (site path -> (content digest, the bytes or the file holding them)) in `into`."""
        if not pages:
            return  # a shop without products: nothing to index
        started = time.perf_counter()
        # Copied here, not in the thread: a thread making many small system calls while the build renders
        # waits for Python's lock after each (milliseconds apiece); after an edit only a page or two are copied.
        _copy_input(self.input_folder, pages)
        self._run(self.input_folder / INPUT_PAGES, into, started)

    def copied_share(self, pages: dict[str, tuple[str, "bytes | Path"]]) -> float:
        """The share of `pages` that the copy already holds as they are (what `start` would not write again)."""
        if not pages:
            return 0.0
        manifest, present = _read_copy(self.input_folder)
        return sum(1 for path, (digest, _) in pages.items() if _held(manifest, present, path, digest)) / len(pages)

    # The product pages of a new site read from its tree (path -> content digest), set by the build: once the
    # tree is written they are linked into the copy (keep_tree_pages), so that later builds find it current.
    tree_pages: dict[str, str] | None = None

    def keep_tree_pages(self, folder: Path) -> None:
        """Make the copy hold the product pages of the new tree `folder`, as hard links (no bytes written);
        done while the index is made from the tree. A later build then copies only the pages it changes."""
        if self.tree_pages:
            try:
                _copy_input(self.input_folder, {path: (digest, folder / path) for path, digest in self.tree_pages.items()}, link=True)
            except OSError:
                pass  # a cache: without its manifest the next build copies every page again

    def start_on_tree(self, folder: Path, into: Path) -> None:
        """Begin the index of the product pages already written in `folder` (a new site being written)."""
        if next(folder.glob(PAGES), None) is not None:
            self._run(folder, into, time.perf_counter())

    def _run(self, folder: Path, into: Path, started: float) -> None:
        # Linked here, not in the thread, for the reason given in start()
        kept = keep_last_index(into, self.reuse) if self.reuse else None

        def index() -> None:
            try:
                self.kept = index_site(folder, into, timeout=self.timeout, kept=kept) or 0
            except BaseException as error:  # noqa: BLE001 - handed to finish(), in the build's thread
                self._error = error
            self.seconds = time.perf_counter() - started

        self._into = into
        self._thread = threading.Thread(target=index, name="search index", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        if self._thread is not None:
            started = time.perf_counter()
            self._thread.join()
            self.waited = time.perf_counter() - started
            self._thread = None

    def finish(self) -> Path | None:
        """Wait for the index; its folder, or None when there is none. Its failure is a problem of the build."""
        self.wait()
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        return self._into


def reusable_index(output: Path, previous: "PreviousOutput") -> dict[str, Path]:
    """The files of the live site's index (under `output`) that a new index may keep: those Pagefind names
    by their content, as the last build left them (name in the index -> file)."""
    prefix = OUTPUT_SUBDIR + "/"
    return {path[len(prefix):]: output / path for path in previous.files or ()
            if path.startswith(prefix) and content_named(path[len(prefix):]) and previous.reusable(path)}


def search_input(files: dict[str, bytes], kept: dict[str, Path], records: dict) -> dict[str, tuple[str, "bytes | Path"]]:
    """What the index reads of a site: each product page's content digest (from the build's records) and its
    bytes, or for a page kept from the last build the file holding them."""
    pages: dict[str, tuple[str, bytes | Path]] = {}
    for path, data in files.items():
        if SearchIndexing.reads(path):
            pages[path] = (records[path].content, data)
    for path, file in kept.items():
        if SearchIndexing.reads(path):
            pages[path] = (records[path].content, file)
    return pages


INPUT_PAGES = "pages"
INPUT_MANIFEST = "pages.json"


def _read_copy(folder: Path) -> tuple[dict, dict]:
    """The copy's manifest (path -> [digest, size, time] when written) and its files as they are now."""
    from ..write import listing

    try:
        manifest = json.loads((folder / INPUT_MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    try:
        present = listing(folder / INPUT_PAGES)
    except OSError:  # no copy yet
        present = {}
    return manifest, present


def _held(manifest: dict, present: dict, path: str, digest: str) -> bool:
    known = manifest.get(path)
    return known is not None and known[0] == digest and present.get(path) == known[1:]


def _copy_input(folder: Path, pages: dict[str, tuple[str, "bytes | Path"]], link: bool = False) -> None:
    """Make `folder/pages/` hold exactly `pages`, writing only what its manifest does not show there already
    (with `link`, a page given as a file is hard-linked there: the site's file, replaced by rename when it changes).

    The manifest (path -> content digest, size, time) is removed first and written last: a build killed
    in between leaves none, and the next one copies every page again instead of trusting a half-made copy.
    """
    target = folder / INPUT_PAGES
    manifest, present = _read_copy(folder)
    (folder / INPUT_MANIFEST).unlink(missing_ok=True)
    target.mkdir(parents=True, exist_ok=True)
    copied: dict[str, list] = {}
    made: set[Path] = set()
    for path, (digest, source) in pages.items():
        if _held(manifest, present, path, digest):
            copied[path] = manifest[path]
            continue
        file = target / path
        if file.parent not in made:
            file.parent.mkdir(parents=True, exist_ok=True)
            made.add(file.parent)
        file.unlink(missing_ok=True)  # never written through: it may be a link to a page of the live site
        if link and isinstance(source, Path):
            try:
                os.link(source, file)
            except OSError:  # another disk (or one without links): the rest are copied, not tried one by one
                link = False
                shutil.copyfile(source, file)
        else:
            file.write_bytes(source if isinstance(source, bytes) else source.read_bytes())
        stat = file.stat()
        copied[path] = [digest, stat.st_size, stat.st_mtime_ns]
    for path in present.keys() - pages.keys():
        (target / path).unlink(missing_ok=True)
    (folder / INPUT_MANIFEST).write_text(json.dumps(copied), encoding="utf-8")
