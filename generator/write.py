"""Write the site atomically, and never into a folder that is not ours.

The site is written to a temporary folder and swapped in only when complete,
or, when a build changed a small part of it, updated in place with every old
file kept aside until the end (in_place.py): either way a failed or
interrupted build leaves the previous site as it was. A marker
file proves a folder was made by Etalase; a non-empty folder without it (a
home folder, the shop itself) is refused, never wiped. The marker also lists
every file written (size and time), so a site damaged by hand is noticed.

What a build makes before it goes live is in the output's work folder
(work_folder.py), whose lock lets one build at a time write the output. The
next build puts back a site a killed build had moved away, undoes an update
in place it left half made, and removes its other leftovers.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .outputs.search import SearchIndexing

from .work_folder import drop_work_folder, make_work_folder, work_folder, writing

MARKER = ".etalase-site"
# What a file browser leaves in any folder it opens: not a change to the site (a host never serves them)
DESKTOP_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
_WORK_ENTRY = re.compile(r"(tmp|old|staged|aside|index|journal)-(\d+)(\.json)?")
SEARCH_INDEX_FOLDER = "pagefind"  # where the search index goes in the site (routes.SEARCH_INDEX)
WRITERS = 8  # threads that write a new tree (_write_files)
PARALLEL_FROM = 200  # files: fewer are written from one thread (a thread pool costs more than it saves)


class OutputError(Exception):
    pass


def read_marker(output: Path) -> dict | None:
    try:
        return json.loads((output / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def check_output_folder(output: Path, shop_root: Path) -> None:
    output = output.resolve()
    root = shop_root.resolve()
    if output == root or root.is_relative_to(output):
        raise OutputError(f"{output}: refusing to build into the shop folder or a folder that contains it; use --output public")
    for protected in ("content", "templates", "themes", ".git"):
        if output.is_relative_to(root / protected):
            raise OutputError(f"{output}: refusing to build inside {protected}/; use --output public")
    if output.exists() and not output.is_dir():
        raise OutputError(f"{output}: is a file, not a folder; choose another --output")
    if output.is_dir() and any(output.iterdir()) and read_marker(output) is None:
        raise OutputError(
            f"{output}: refusing to replace a folder that Etalase did not make (it is not empty and has no {MARKER}); "
            "choose an empty or new folder with --output"
        )


# What the output holds


def listing(folder: Path, folders: dict[str, int] | None = None) -> dict[str, list[int]]:
    """Every file under `folder` but the marker: relative path -> [size, modification time in ns].
    With `folders`, each folder under `folder` (not `folder` itself) goes there: relative path -> its time in ns.

    Only directory entries and stat, never file contents: the no-op rebuild runs this.
    """
    found: dict[str, list[int]] = {}
    pending: list[tuple[str, str]] = [(str(folder), "")]  # plain strings: a Path a folder was a third of the time
    while pending:
        directory, prefix = pending.pop()
        with os.scandir(directory) as entries:
            for entry in entries:
                name = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, name + "/"))
                    if folders is not None:
                        folders[name] = entry.stat(follow_symlinks=False).st_mtime_ns
                elif name != MARKER and entry.name not in DESKTOP_FILES:
                    stat = entry.stat(follow_symlinks=False)
                    found[name] = [stat.st_size, stat.st_mtime_ns]
    return found


def output_damage(output: Path, marker: dict) -> str | None:
    """How the output differs from what the last build wrote (a file missing, added or changed), or None."""
    written = marker.get("files")
    if not isinstance(written, dict):
        return "the marker lists no files"
    if _unchanged_by_times(output, written, marker.get("folders")):
        return None
    try:
        present = listing(output)
    except OSError as error:
        return f"cannot be read: {error.strerror}"
    if present == written:
        return None
    missing = sorted(written.keys() - present.keys())
    added = sorted(present.keys() - written.keys())
    changed = sorted(name for name in written.keys() & present.keys() if present[name] != written[name])
    parts = [f"{label} {', '.join(names[:3])}{' ...' if len(names) > 3 else ''}"
             for label, names in (("missing", missing), ("added", added), ("changed", changed)) if names]
    return "; ".join(parts)


def _unchanged_by_times(output: Path, written: dict, folders: object) -> bool:
    """True when every file and folder the marker lists has the size and time it had, and the output's top level
    holds only those: then nothing was added, removed or changed, with no folder read but the top one.

    A folder's time changes whenever an entry is added to it, removed or renamed (POSIX asks it of creat,
    mkdir, link, rename and unlink), so the folders' times stand for reading every folder. `folders` is
    recorded by a build that listed a whole tree (a marker without it, or any difference, gets listing())."""
    if not isinstance(folders, dict):
        return False
    top = {name.split("/", 1)[0] for name in written} | {name for name in folders if "/" not in name}
    base = str(output) + os.sep
    try:
        with os.scandir(output) as entries:
            if {entry.name for entry in entries} - {MARKER} - DESKTOP_FILES != top:
                return False
        for name, time_ns in folders.items():
            if os.lstat(base + name).st_mtime_ns != time_ns:
                return False
        for name, size_and_time in written.items():
            stat = os.lstat(base + name)
            if [stat.st_size, stat.st_mtime_ns] != size_and_time:
                return False
    except (OSError, TypeError, ValueError):
        return False
    return True


# Leftovers of earlier builds


def _leftovers(output: Path) -> list[tuple[str, int, Path]]:
    """(kind, process id, path) of every temporary ("tmp") and previous ("old") site of this output, and of
    what an update in place and the search index use ("staged", "aside", "journal", "index"), in the work
    folder and, as earlier versions left them, beside the output."""
    found = []
    work = work_folder(output)
    if work.is_dir():
        for path in work.iterdir():
            match = _WORK_ENTRY.fullmatch(path.name)
            if match:
                found.append((match[1], int(match[2]), path))
    legacy = re.compile(rf"\.{re.escape(output.name)}\.etalase-(tmp|old)-(\d+)")
    if output.parent.is_dir():
        for path in output.parent.iterdir():
            match = legacy.fullmatch(path.name)
            if match:
                found.append((match[1], int(match[2]), path))
    return found


def at_rest(output: Path) -> bool:
    """No build is writing `output` (given resolved) and none left anything to put right: no work folder, no leftover
    beside it. What a read-only look (the no-op build's) needs before it trusts the output without the lock."""
    return not work_folder(output).exists() and not _leftovers(output)


def _is_running(pid: int) -> bool:
    """Whether a process with this id runs, other than this one (an earlier version's build, which takes no
    lock, may be writing its folder). Only asked on POSIX: elsewhere the lock alone says (work_folder.py)."""
    if pid == os.getpid() or os.name != "posix":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def recover_output(output: Path) -> list[str]:
    """Undo what killed builds left: an update in place they had begun undone, the previous site put back
    when the output is missing, then every other leftover removed. Says what it did."""
    output = output.resolve()
    done: list[str] = []
    with writing(output):
        done.extend(_roll_back_journals(output))  # the site is half changed: whoever left it, it goes back first
        stale = [(kind, path) for kind, pid, path in _leftovers(output) if kind != "journal" and not _is_running(pid)]
        if not output.exists():
            sites = [path for kind, path in stale if kind == "old" and (path / MARKER).is_file()]
            if sites:
                newest = max(sites, key=lambda path: (path / MARKER).stat().st_mtime_ns)
                try:
                    os.rename(newest, output)
                    done.append(f"put back the site an interrupted build had moved to {newest.name}")
                except OSError as error:  # keep it: if this build fails too, it is the seller's only copy
                    stale = [(kind, path) for kind, path in stale if path != newest]
                    done.append(f"could not put back {newest.name}: {error.strerror}")
        for kind, path in stale:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
                done.append(f"removed {path.name}, left by an interrupted build")
            elif path.exists():
                path.unlink(missing_ok=True)
    return done


def _roll_back_journals(output: Path) -> list[str]:
    """Undo each update in place whose journal is in the work folder (held: no build is writing now)."""
    from .in_place import roll_back_killed

    done = []
    for kind, pid, path in _leftovers(output):
        if kind == "journal":
            note = roll_back_killed(output, path.parent, pid)
            if note:
                done.append(note)
    return done


# Writing


def write_site(output: Path, files: dict[str, bytes], links: dict[str, Path], marker: dict,
               kept: dict[str, Path] | None = None, search: "SearchIndexing | None" = None,
               live: dict[str, list[int]] | None = None) -> None:
    """`files`: path -> bytes; `links`: path -> cached file (hard-linked, else copied); `kept`: path -> the
    same file in the live site, unchanged since the last build.

    Only what changed is written. When that is a small part of the site, the live site is updated in
    place (in_place.py: the new files moved in one by one, each old one set aside until the end);
    otherwise a new tree is written (kept files hard-linked into it) and swapped in whole. Either way a
    failure leaves the previous site as it was.

    `search`, started by the caller (index_folder), makes the search index meanwhile; it becomes the
    site's pagefind/ and, if it fails, nothing changes. The marker gets the site's listing under "files".
    `live`: the live site's listing, if the caller took it under the output's lock (else it is listed here).
    """
    from .in_place import apply_change, plan_change

    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    finish_index = search.finish if search is not None else (lambda: None)
    with writing(output) as work:
        try:
            # An earlier write of this process whose putting back failed (the preview lives long): its files first
            _roll_back_journals(output)
            change = None
            if kept and (output / MARKER).is_file():
                live = live if live is not None else listing(output)
                change = plan_change(output, set(live), files, links, set(kept))
            if change is not None:
                apply_change(output, work, change, marker, finish_index, live)
            else:
                _write_tree(output, work, files, {**(kept or {}), **links}, marker, finish_index, search)
        finally:
            if search is not None:
                search.wait()  # it must not write into a folder being removed; the first error is the one to tell
            remove_index_folder(output)


def index_folder(output: Path) -> Path:
    """Where this build's search index is made: in the output's work folder, so that it moves into the site by a rename."""
    work = work_folder(output.resolve())
    make_work_folder(work)
    return work / f"index-{os.getpid()}"


def remove_index_folder(output: Path) -> None:
    """What is left of this build's search index folder (moved into the site, it is gone), and the work folder if empty."""
    work = work_folder(output.resolve())
    shutil.rmtree(work / f"index-{os.getpid()}", ignore_errors=True)
    drop_work_folder(work)


def _write_tree(output: Path, work: Path, files: dict[str, bytes], links: dict[str, Path], marker: dict, finish_index,
                search: "SearchIndexing | None") -> None:
    temporary = work / f"tmp-{os.getpid()}"
    if temporary.exists():
        shutil.rmtree(temporary)
    try:
        if search is not None and search.on_new_tree:  # the pages the index reads first; it is made while the rest is written
            reads = search.reads
            _write_files(temporary, {p: d for p, d in files.items() if reads(p)}, {p: s for p, s in links.items() if reads(p)})
            search.start_on_tree(temporary, index_folder(output))
            _write_files(temporary, {p: d for p, d in files.items() if not reads(p)}, {p: s for p, s in links.items() if not reads(p)})
            search.keep_tree_pages(temporary)  # while the index is made
        else:
            _write_files(temporary, files, links)
        index = finish_index()
        if index is not None:
            os.rename(index, temporary / SEARCH_INDEX_FOLDER)
        folders: dict[str, int] = {}
        complete = {**marker, "files": listing(temporary, folders), "folders": folders}
        (temporary / MARKER).write_text(json.dumps(complete, sort_keys=True), encoding="utf-8")
        _swap(temporary, output, work)
    finally:
        if temporary.exists():
            shutil.rmtree(temporary, ignore_errors=True)


def _write_files(folder: Path, files: dict[str, bytes], links: dict[str, Path]) -> None:
    """Write `files` and link `links` under `folder`, from several threads when there are many.

    On a virtual machine's disk each folder or file made can wait a millisecond or more on the device, and
    those waits overlap: 4,000 pages took 6.0 s from one thread and 1.2 s from four in one measured slow
    period (0.2-0.4 s either way when the disk is quick). The threads wait in the kernel, not on each other.
    A failed write (a full disk, Ctrl-C) ends it: the iterator of `map` cancels the writes not yet begun."""
    folders: dict[int, set[str]] = {}  # by depth: a folder is made after its parent
    for relative in (*files, *links):
        parts = relative.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            folders.setdefault(depth, set()).add("/".join(parts[:depth]))
    folder.mkdir(parents=True, exist_ok=True)

    def write(relative: str) -> None:
        (folder / relative).write_bytes(files[relative])

    def link(relative: str) -> None:
        try:
            os.link(links[relative], folder / relative)
        except OSError:
            shutil.copyfile(links[relative], folder / relative)

    def make(relative: str) -> None:
        (folder / relative).mkdir(exist_ok=True)  # the second call of a tree (_write_tree) finds some

    if len(files) + len(links) < PARALLEL_FROM:
        for depth in sorted(folders):
            for relative in folders[depth]:
                make(relative)
        for relative in files:
            write(relative)
        for relative in links:
            link(relative)
        return
    from concurrent.futures import ThreadPoolExecutor  # here: the no-op build, which writes nothing, does without its imports

    with ThreadPoolExecutor(WRITERS) as pool:
        for depth in sorted(folders):
            list(pool.map(make, folders[depth]))
        list(pool.map(write, files))
        list(pool.map(link, links))


def _swap(new: Path, output: Path, work: Path) -> None:
    """Put `new` in the place of `output`; afterwards `new` holds the previous site (or is gone).

    On Linux the two folders are exchanged in one step (renameat2 RENAME_EXCHANGE): the output
    is never missing. Elsewhere (or on a filesystem without it) it takes two renames; a build
    killed between them leaves no output, and the next one puts the previous site back
    (recover_output). A symlink swapped atomically would avoid that too, but would turn the
    output into a link, which upload tools and hosts do not all follow.
    """
    if not output.exists():
        os.rename(new, output)
        return
    if _exchange(new, output):
        return
    old = work / f"old-{os.getpid()}"
    os.rename(output, old)
    try:
        os.rename(new, output)
    except OSError:
        os.rename(old, output)  # put the previous site back
        raise
    shutil.rmtree(old, ignore_errors=True)


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


@functools.lru_cache(maxsize=1)
def _renameat2():
    """Linux's renameat2 from the C library (glibc 2.28 and later), or None."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # here: a no-op rebuild swaps nothing

    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False when this system or filesystem cannot."""
    function = _renameat2()
    if function is None:
        return False
    return function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0
