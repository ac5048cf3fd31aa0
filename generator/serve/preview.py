"""The preview's build loop: one builder kept alive, rebuilt on every burst of file events.

The site is served from an in-memory snapshot swapped whole after a successful
build, so a half-built site is never served; a failed build keeps the last good
snapshot and shows its problems. Each rebuild hands the build graph the last
full build's records and bytes, so only what changed is rendered; the first
build starts from the last site written to disk (an earlier preview's mirror or
`etalase build`'s public/), by the records saved with it.

Pagefind reads written pages, so the preview keeps a mirror on disk,
`.etalase-cache/preview/` (never `public/`): once rebuilds settle, a background
thread writes the newest full build there with `write_site`, as `etalase build`
writes public/ (changed files written, the rest hard-linked, the search index
made while it is written, swapped in whole), and saves its records beside
public/'s. A save never waits for that write: pages are served from memory.
"""

from __future__ import annotations

import gc
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__, routes
from ..build import BuildOptions, Builder
from ..editor import admin
from ..errors import BuildError
from ..reporter import Reporter

if TYPE_CHECKING:
    from ..build import ComposedSite
    from ..previous import PreviousOutput


PREVIEW_DIR = "preview"
DEBOUNCE_SECONDS = 0.03  # editors save twice or write a temp file first: wait for the burst to end
MIRROR_SETTLE_SECONDS = 1.0  # the mirror (and its search index) is written once no rebuild happened for this long
IGNORED_PARTS = {".git", ".etalase-cache", "public", "node_modules", "__pycache__"}
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".part", ".crdownload")


@dataclass
class Snapshot:
    """One complete build, as served."""

    files: dict[str, bytes]
    links: dict[str, Path]
    epoch: int
    base_path: str = "/"
    records: dict = field(default_factory=dict)  # what each file was made from (graph.py): the next build's previous


@dataclass
class PreviewState:
    snapshot: Snapshot | None = None
    errors: list[str] = field(default_factory=list)
    epoch: int = 0
    last_kind: str = "reload"  # what the last change needs in the browser: reload, css or error
    last_pages: list[str] | None = None  # the URLs whose page changed in the last change (None: any may have)
    rendered: list[str] = field(default_factory=list)  # pages rendered by the last build
    rebuild_ms: float = 0.0  # how long the last full rebuild took
    builds: int = 0  # full builds finished (changed or not, good or failed): tests wait on it
    changed: threading.Condition = field(default_factory=threading.Condition)


def is_watched(path: str, root: Path) -> bool:
    """Files whose change can change the site: shop.toml, content/, templates/, themes/."""
    try:
        relative = Path(path).resolve().relative_to(root)
    except ValueError:
        return True  # a bundled theme outside the shop
    parts = relative.parts
    if not parts or IGNORED_PARTS & set(parts) or parts[-1].endswith(IGNORED_SUFFIXES) or parts[-1].startswith(".#"):
        return False
    return parts == ("shop.toml",) or parts[0] in ("content", "templates", "themes")


class Preview:
    """Builds and rebuilds the site for the server."""

    def __init__(self, options: BuildOptions, reporter: Reporter):
        self.builder = Builder(options, reporter)
        self.builder.incremental = True
        self.reporter = reporter
        self.root = self.builder.root
        self.mirror = self.builder.cache_dir / PREVIEW_DIR
        self.state = PreviewState()
        self.base_path = "/"  # the path part of base_url: the preview serves the site under it, as published
        self._pending: set[str] = set()
        self._wake = threading.Event()
        self._last_event = 0.0
        self._stop = threading.Event()
        self._last_warnings: list[str] = []
        self._confirmed: Snapshot | None = None  # the last full build's site (the edited-first snapshot is not one)
        self._mirrored: Snapshot | None = None  # the full build the mirror holds
        self.search_dir: Path | None = None  # the mirror's search index once one was made there, served as pagefind/
        # /admin/: the browser editor on this shop folder ("Work with Local Repository"), with or without [editor]
        self.editor_files: dict[str, bytes] = {}
        self._editor_made_for: tuple | None = None  # the (shop, editor settings) editor_files were made from
        self._mirror_wanted = threading.Event()
        self._frozen = False  # whether the first build's objects are kept out of the collector's rounds (rebuild)
        self._site_changed_at = 0.0

    @property
    def mirrored(self) -> bool:
        """Whether the mirror holds the last full build."""
        return self._confirmed is not None and self._mirrored is self._confirmed

    # --- building -------------------------------------------------------
    def rebuild(self, changed: set[str] | None = None) -> None:
        # Python's collector is held off while a rebuild runs and run once after it, while the preview waits for
        # the next save: its full collections over the memos' objects took ~100 ms, in one rebuild out of three.
        # What the first build leaves (modules, templates, most views and documents: kept while their files
        # are) is frozen out of later collections, which then look at what later builds made.
        gc.disable()
        try:
            self._rebuild(changed)
        finally:
            gc.enable()
            self.state.builds += 1
            gc.collect()
            if not self._frozen and self.state.snapshot is not None and not self.state.errors:
                # once, after the first build that made a site (a failed one leaves little to freeze). What of it
                # becomes garbage later (its category views and their product lists) stays, once a session.
                # forked_share.ForkedShare unfreezes after a fork: the preview does not fork once its threads run.
                gc.freeze()
                self._frozen = True

    def _rebuild(self, changed: set[str] | None) -> None:
        started = time.perf_counter()
        if changed and self.state.snapshot is not None and not self.state.errors:
            self._publish_edited_first(changed)
        base = self._confirmed  # the last full build (not the edited-first pages): what the records describe
        try:
            site = self._compose(base)
        except BuildError as error:
            self._failed([str(p) for p in error.problems])
            return
        except Exception as error:  # noqa: BLE001 - a broken edit must never stop the server
            self._failed([f"{type(error).__name__}: {error} (please report this as a bug in Etalase)"])
            return
        css_only = bool(changed) and all(path.endswith(".css") for path in changed)
        previous = self.state.snapshot
        if previous is not None and not self.state.errors and site.files == previous.files and site.links == previous.links:
            # The event changed nothing the shopper sees, or the edited page was already right
            previous.records = site.records
            self._confirm(previous)
            self.state.rebuild_ms = (time.perf_counter() - started) * 1000
            return
        warnings = [str(w) for w in site.result.warnings]
        if warnings != self._last_warnings:  # say them once, not on every save
            for warning in warnings:
                self.reporter.warning(warning)
            self._last_warnings = warnings
        self.base_path = site.base_path
        editor = (site.shop, site.shop.editor or admin.LOCAL)
        if editor != self._editor_made_for:  # its YAML, dumped again only when the shop.toml it comes from changed
            self.editor_files, self._editor_made_for = admin.files(*editor), editor
        self._publish(Snapshot(site.files, site.links, 0, site.base_path, site.records), [], "css" if css_only else "reload",
                      site.rendered)
        assert self.state.snapshot is not None
        self._confirm(self.state.snapshot)
        self.state.rebuild_ms = (time.perf_counter() - started) * 1000
        self.reporter.info(f"rebuilt: {len(site.rendered)} of {site.result.pages} pages rendered in {self.state.rebuild_ms:.0f} ms")

    def _compose(self, base: Snapshot | None) -> "ComposedSite":
        """The whole site in memory, rendering only what changed since `base` (the site served), or at the
        start since the last site written to disk: an earlier preview's mirror or `etalase build`'s output."""
        from ..previous import from_files

        if base is not None:
            site = self.builder.compose(previous=from_files(base.records, base.files))
            site.files.update({path: base.files[path] for path in site.kept})  # unchanged: the bytes already served
            return site
        previous, folder = self._last_written()
        site = self.builder.compose(previous=previous)
        if folder is not None:
            kept = read_kept(folder, site.kept, site.records)
            if kept is None:  # the folder changed while it was read (a build swapped in another site)
                return self.builder.compose()
            site.files.update(kept)
        return site

    def _last_written(self) -> tuple["PreviousOutput", Path | None]:
        """The newest site on disk whose records were saved with it, and its folder."""
        from ..previous import NOTHING, from_folder
        from ..write import MARKER

        saved = self.builder.state.get("outputs", {})
        found = []
        for folder in (self.mirror, self.builder.options.output_dir):
            previous = from_folder(folder, saved.get(str(folder)))
            if previous is not NOTHING:
                try:
                    found.append(((folder / MARKER).stat().st_mtime_ns, str(folder), previous))
                except OSError:
                    continue
        if not found:
            return NOTHING, None
        _, folder, previous = max(found, key=lambda item: item[0])
        self.reporter.debug(f"the first build starts from {folder}")
        return previous, Path(folder)

    def _confirm(self, snapshot: Snapshot) -> None:
        """`snapshot` is the last full build: the mirror writes it once edits settle."""
        changed = snapshot is not self._confirmed
        self._confirmed = snapshot
        if changed:
            self._site_changed_at = time.monotonic()
            self._mirror_wanted.set()

    def _publish_edited_first(self, changed: set[str]) -> None:
        """Serve the pages of edited product files at once, before the whole site is rebuilt.

        Like Hugo's fast render mode: the page the seller is looking at comes first.
        The full rebuild follows straight away and replaces this snapshot; if it
        fails, the last full build is served again.
        """
        try:
            pages = self.builder.edited_product_pages(changed)
        except Exception:  # noqa: BLE001 - the full rebuild that follows reports it
            return
        if not pages:
            return
        previous = self.state.snapshot
        assert previous is not None
        files = dict(previous.files)
        files.update({page.path: page.data for page in pages})
        self._publish(Snapshot(files, previous.links, 0, previous.base_path, previous.records), [], "reload", [page.path for page in pages])
        self.reporter.debug(f"edited page{'s' if len(pages) > 1 else ''} served first: {', '.join(page.path for page in pages)}")

    def _failed(self, messages: list[str]) -> None:
        if self._confirmed is not None and self.state.snapshot is not self._confirmed:
            self._publish(self._confirmed, messages, "error", [])  # take back the edited-first pages
        else:
            self._publish(None, messages, "error", [])
        for message in messages:
            self.reporter.error(message)
        still = "still serving the last good site" if self.state.snapshot else "every page shows these problems"
        self.reporter.error(f"build failed: {len(messages)} problem(s); {still}")

    def _publish(self, snapshot: Snapshot | None, errors: list[str], kind: str, rendered: list[str]) -> None:
        with self.state.changed:
            previous = self.state.snapshot
            pages = None
            if snapshot is not None and previous is not None and not self.state.errors and not errors:
                pages = changed_pages(previous, snapshot)
            self.state.epoch += 1
            if snapshot is not None:
                snapshot.epoch = self.state.epoch
                self.state.snapshot = snapshot
                self.state.rendered = rendered
            self.state.errors = errors
            self.state.last_kind = kind
            self.state.last_pages = pages
            self.state.changed.notify_all()

    # --- the mirror -----------------------------------------------------
    def write_mirror(self) -> None:
        """Write the last full build into the mirror, as `etalase build` writes public/: with write_site
        (files whose content the mirror already has are hard-linked from it, the search index is made
        while the rest is written, the new tree swapped in whole), then save its records for the next
        session. Runs in the background thread: rebuilds go on meanwhile."""
        from ..outputs.search import OUTPUT_SUBDIR, SearchIndexing, reusable_index, search_input
        from ..previous import from_folder
        from ..code_version import code_version
        from ..state import load_state, remember_output, save_state
        from ..work_folder import writing
        from ..write import index_folder, recover_output, write_site

        snapshot = self._confirmed
        if snapshot is None or snapshot is self._mirrored:
            return
        records = snapshot.records  # read once: a rebuild that changed no byte may give the snapshot newer ones meanwhile
        with writing(self.mirror):  # another preview of this shop may be writing it: one at a time, whole
            if self._mirrored is None:
                for note in recover_output(self.mirror):  # what a preview killed while writing left
                    self.reporter.debug(note)
            state = load_state(self.builder.cache_dir, code_version())  # as on disk: an `etalase build` may have saved since
            on_disk = from_folder(self.mirror, state.get("outputs", {}).get(str(self.mirror)))
            kept = {path: self.mirror / path for path in snapshot.files
                    if on_disk.reusable(path) and same_content(on_disk.records.get(path), records.get(path))}
            build_id = f"preview-{os.getpid()}-{time.time_ns()}"
            search = SearchIndexing(self.builder.cache_dir / "preview-search")
            search.reuse = reusable_index(self.mirror, on_disk)
            try:
                if routes.SEARCH_PAGE in snapshot.files:
                    search.start(search_input(snapshot.files, {}, records), index_folder(self.mirror))
                write_site(self.mirror, {path: data for path, data in snapshot.files.items() if path not in kept}, snapshot.links,
                           {"generator": f"etalase {__version__}", "build": build_id}, kept=kept, search=search)
            except BuildError as error:  # the search index failed: the mirror stays as it was, and is tried again after the next edit
                for problem in error.problems:
                    self.reporter.warning(str(problem))
                return
            except OSError as error:
                self.reporter.warning(f"{self.mirror}: the preview's copy for the search index could not be written: {error}")
                return
        if (self.mirror / OUTPUT_SUBDIR / "pagefind.js").is_file():
            self.search_dir = self.mirror / OUTPUT_SUBDIR  # a fixed path: each write replaces the files behind it, new ones first
        self._mirrored = snapshot  # after search_dir: the status says "mirrored" only once the index is served
        remember_output(state, self.mirror, build_id, records)
        try:
            save_state(self.builder.cache_dir, state)
        except OSError as error:  # the next session starts from nothing: it only costs time
            self.reporter.warning(f"{self.builder.cache_dir}: the preview's records could not be saved: {error}")
        self.reporter.debug(f"mirror written: {len(snapshot.files) - len(kept)} files written, {len(kept)} kept")

    # --- watching -------------------------------------------------------
    def file_changed(self, path: str) -> None:
        if is_watched(path, self.root):
            self._pending.add(path)
            self._last_event = time.monotonic()
            self._wake.set()

    def run_rebuilds(self) -> None:
        """The build loop: one rebuild per burst of file events."""
        while not self._stop.is_set():
            self._wake.wait(timeout=0.5)
            if self._stop.is_set():
                return
            if not self._wake.is_set():
                continue
            while time.monotonic() - self._last_event < DEBOUNCE_SECONDS:
                time.sleep(0.005)
            self._wake.clear()
            changed, self._pending = self._pending, set()
            self.rebuild(changed)

    def run_mirror(self) -> None:
        """The mirror loop: write the mirror once rebuilds have settled (see write_mirror)."""
        while not self._stop.is_set():
            if not self._mirror_wanted.wait(timeout=0.5):
                continue
            while time.monotonic() - self._site_changed_at < MIRROR_SETTLE_SECONDS and not self._stop.is_set():
                time.sleep(0.1)
            if self._stop.is_set():
                return
            self._mirror_wanted.clear()
            try:
                self.write_mirror()
            except Exception as error:  # noqa: BLE001 - the preview goes on serving from memory
                self.reporter.warning(f"the preview's copy for the search index: {type(error).__name__}: {error} "
                                      "(please report this as a bug in Etalase)")

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._mirror_wanted.set()
        with self.state.changed:
            self.state.changed.notify_all()


def read_kept(folder: Path, paths: list[str], records: dict) -> dict[str, bytes] | None:
    """The bytes of files kept from a site on disk, each checked against its record; None when one differs."""
    from ..graph import content_digest

    files = {}
    for path in paths:
        try:
            data = (folder / path).read_bytes()
        except OSError:
            return None
        record = records.get(path)
        if record is None or record.content != content_digest(data):
            return None
        files[path] = data
    return files


def same_content(old, new) -> bool:
    """Whether two output records (graph.OutputRecord, or None) describe the same bytes."""
    return old is not None and new is not None and old.content == new.content


# Files the browser never shows itself, or fetches fresh when it needs them (the cart reads catalog.json).
NOT_SHOWN = {"sitemap.xml", "robots.txt", "_headers", "_redirects", ".nojekyll", "CNAME", "feed.xml", "catalog.json", "products.xml"}


def changed_pages(before: Snapshot, after: Snapshot) -> list[str] | None:
    """The URLs of pages that differ between two snapshots, so the browser reloads only if it shows one;
    None when something every page may use changed (a stylesheet, a photo, an icon)."""
    if before.links != after.links or before.base_path != after.base_path:
        return None
    pages = []
    for path in set(before.files) | set(after.files):
        old, new = before.files.get(path), after.files.get(path)
        if old is new or old == new:
            continue
        name = path.rsplit("/", 1)[-1]
        if path.endswith(".html"):
            pages.append(after.base_path + path.removesuffix("index.html"))
        elif name not in NOT_SHOWN:
            return None
    return sorted(pages)


def _watch(preview: Preview, folders: list[Path]):
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            if event.event_type not in ("created", "modified", "deleted", "moved"):
                return  # opened/closed: the write itself already came as "modified"
            if event.is_directory and event.event_type != "deleted":
                return
            preview.file_changed(event.src_path)
            if getattr(event, "dest_path", None):
                preview.file_changed(event.dest_path)

    observer = Observer()
    for folder in folders:
        if folder.is_dir():
            observer.schedule(Handler(), str(folder), recursive=folder != preview.root)
    observer.daemon = True
    observer.start()
    return observer
