"""Update a built site in place, when a build changed few of its files.

A new tree costs one folder or link per file of the site, changed or not: on a slow disk
seconds for a one-product edit of a 1,000-product shop, whose build changes a few hundred of
its 4,000 files. Here only those are moved: each new file is first written into the work folder
(nothing in the site changes while a build can still fail), then a journal of the moves is
written, then each old file is set aside (a hard link, so the path is never missing) and the
new one renamed over it. The marker, written last, is the moment the new site is complete.
A failure on the way puts every old file back; a build killed on the way is rolled back by the
next one (`roll_back_killed`), which finds the journal of a process that no longer runs.
"""

from __future__ import annotations

import json
import os
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .write import MARKER, listing
SEARCH_FOLDER = "pagefind"  # the search index, made apart from the other files (outputs/search.py)
# A change larger than this share of the site is written as a new tree (as many moves as files)
LARGEST_SHARE = 0.5


@dataclass(frozen=True)
class Change:
    """What turns the live site into the new one."""

    writes: dict[str, bytes]  # path -> the new file's bytes
    links: dict[str, Path]  # path -> the cached file (a photo) to link there
    removes: tuple[str, ...]  # files of the live site that the new one has not

    @property
    def size(self) -> int:
        return len(self.writes) + len(self.links) + len(self.removes)


def plan_change(output: Path, live: set[str], files: dict[str, bytes], links: dict[str, Path], kept: set[str]) -> Change | None:
    """The change from the live site (`live`: its files, as listed) to files + links + kept; None when
    a new tree is the better way: a large change, or a file where the live site has a folder (or the reverse)."""
    new = files.keys() | links.keys() | kept
    if not kept or not kept <= live:
        return None
    changed_links = {path: source for path, source in links.items() if not _same_file(output / path, source)}
    removes = tuple(sorted(path for path in live - new if not path.startswith(SEARCH_FOLDER + "/")))
    change = Change(files, changed_links, removes)
    if change.size > LARGEST_SHARE * max(len(new), 1):
        return None
    # On a disk that ignores case (macOS, Windows) a removed Logo.png and a new logo.png are one file: the
    # removal, done last, would take the new one away. Such a change is written as a new tree.
    if {_folded(path) for path in removes} & {_folded(path) for path in (*change.writes, *change.links)}:
        return None
    live_folders = {parent for path in live for parent in _parents(path)}
    for path in (*change.writes, *change.links):
        if path in live_folders or (path not in live and any(parent in live for parent in _parents(path))):
            return None
    return change


def _folded(path: str) -> str:
    return unicodedata.normalize("NFC", path).casefold()


def _parents(path: str) -> list[str]:
    parts = path.split("/")[:-1]
    return ["/".join(parts[:end]) for end in range(1, len(parts) + 1)]


def _same_file(target: Path, source: Path) -> bool:
    try:
        return os.path.samefile(target, source)
    except OSError:
        return False


def journal_path(work: Path, pid: int) -> Path:
    return work / f"journal-{pid}.json"


def apply_change(output: Path, work: Path, change: Change, marker: dict, finish_index: Callable[[], Path | None],
                 live: dict[str, list[int]]) -> None:
    """Make the change in `output` (whose files are listed in `live`), then write `marker` (with the site's listing
    under "files": `live` with the moved files as they are now, a stat each, not the whole site listed again).

    `finish_index` waits for the new search index (made while the files are staged) and gives its
    folder, or None when the new site has none; when it fails, nothing in the site has changed.
    The index's files are moved like the others: those with the bytes of the live index stay."""
    pid = os.getpid()
    live_folders = _marker_folders(output)
    staged, aside = work / f"staged-{pid}", work / f"aside-{pid}"
    for folder in (staged, aside):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
    steps: list[list] = []  # [path, the file to move there or None (a removal), whether the path exists now]
    try:
        for number, (path, data) in enumerate(change.writes.items()):
            (staged / str(number)).write_bytes(data)
            steps.append([path, str(staged / str(number)), (output / path).is_file()])
        for number, (path, source) in enumerate(change.links.items(), start=len(change.writes)):
            try:
                os.link(source, staged / str(number))
            except OSError:
                shutil.copyfile(source, staged / str(number))
            steps.append([path, str(staged / str(number)), (output / path).is_file()])
        steps.extend([path, None, True] for path in change.removes)
        steps.extend(_index_steps(output, finish_index()))
        # New files first, then changed ones, removals last: a page (or the index's entry file) that goes
        # live never points at a file that is not there yet.
        steps.sort(key=lambda step: (step[2], step[1] is None))
        journal = journal_path(work, pid)
        _write_durably(journal, json.dumps({"build": marker.get("build"), "steps": steps}))
        try:
            _move(output, aside, steps)
            complete = {**marker, "files": _listing_after(output, live, steps)}
            (staged / MARKER).write_text(json.dumps(complete, sort_keys=True), encoding="utf-8")
            os.replace(staged / MARKER, output / MARKER)  # the new site is complete
        except BaseException as error:
            try:
                roll_back(output, aside, steps)
            except OSError as failure:  # the journal stays: the next build (or write) puts the old files back
                error.add_note(f"putting the previous files back failed too ({failure}); the next build will")
                raise error from None
            journal.unlink(missing_ok=True)
            raise
        journal.unlink(missing_ok=True)
        _remove_empty_folders(output, [path for path, source, _ in steps if source is None])
        _add_folder_times(output, staged, complete, live_folders, steps)
    finally:
        if not journal_path(work, pid).exists():  # else the old files set aside are what the next build puts back
            shutil.rmtree(aside, ignore_errors=True)
        shutil.rmtree(staged, ignore_errors=True)


def _listing_after(output: Path, live: dict[str, list[int]], steps: list[list]) -> dict[str, list[int]]:
    files = dict(live)
    for path, source, _ in steps:
        if source is None:
            files.pop(path, None)
        else:
            stat = os.lstat(output / path)  # as listing() does
            files[path] = [stat.st_size, stat.st_mtime_ns]
    return files


def _marker_folders(output: Path) -> dict[str, int] | None:
    """The folder times the live site's marker holds (write.listing's), or None."""
    try:
        folders = json.loads((output / MARKER).read_text(encoding="utf-8")).get("folders")
    except (OSError, ValueError, AttributeError):
        return None
    return folders if isinstance(folders, dict) else None


def _add_folder_times(output: Path, staged: Path, marker: dict, live_folders: dict[str, int] | None, steps: list[list]) -> None:
    """Write the marker again with the site's folder times (the no-op's quick look, write.output_damage): the live
    site's, with each folder a step went through stat-ed again (moved into, made or removed). Only once the empty
    folders are gone, so after the marker that completes the site; without it, or if this fails, the marker stays
    as written and the next no-op lists the site instead."""
    if live_folders is None:
        return
    folders = dict(live_folders)
    for folder in {parent for path, _source, _existed in steps for parent in _parents(path)}:
        try:
            folders[folder] = os.lstat(output / folder).st_mtime_ns
        except FileNotFoundError:
            folders.pop(folder, None)
        except OSError:
            return
    try:
        (staged / MARKER).write_text(json.dumps({**marker, "folders": folders}, sort_keys=True), encoding="utf-8")
        os.replace(staged / MARKER, output / MARKER)
    except OSError:
        pass


def _index_steps(output: Path, index: Path | None) -> list[list]:
    """The moves that make the live search index the new one: its changed and new files, and the removal of the rest."""
    live = listing(output / SEARCH_FOLDER) if (output / SEARCH_FOLDER).is_dir() else {}
    new = listing(index) if index is not None else {}
    steps = []
    for name in sorted(new):
        source = index / name
        if name in live and live[name][0] == new[name][0] and _same_bytes(output / SEARCH_FOLDER / name, source):
            continue  # Pagefind names most of its files by their content: after an edit, most are the same
        steps.append([f"{SEARCH_FOLDER}/{name}", str(source), name in live])
    steps.extend([f"{SEARCH_FOLDER}/{name}", None, True] for name in sorted(live.keys() - new.keys()))
    return steps


def _same_bytes(live: Path, new: Path) -> bool:
    """Whether two files hold the same bytes; a file of the live index that the new one kept is the same
    file (a hard link, search_bundle.py), told without reading it."""
    if os.path.samefile(live, new):
        return True
    return live.read_bytes() == new.read_bytes()


def _move(output: Path, aside: Path, steps: list[list]) -> None:
    for number, (path, source, existed) in enumerate(steps):
        target = output / path
        if source is None:
            os.rename(target, aside / str(number))
            continue
        if existed:
            try:
                os.link(target, aside / str(number))  # the old file stays at its path until the new one replaces it
            except OSError:
                os.rename(target, aside / str(number))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)


def roll_back(output: Path, aside: Path, steps: list[list]) -> None:
    """Undo the steps (each may have happened or not; a step undone twice is undone once), and remove the
    folders made for new files (a site as built has no empty folder)."""
    for number in reversed(range(len(steps))):
        path, _source, existed = steps[number]
        kept_aside = aside / str(number)
        if kept_aside.exists():
            os.replace(kept_aside, output / path)
        elif not existed:
            (output / path).unlink(missing_ok=True)
    _remove_empty_folders(output, [path for path, _source, existed in steps if not existed])


def roll_back_killed(output: Path, work: Path, pid: int) -> str | None:
    """Undo the change a killed build `pid` left half made (its journal says what it did); what was done, or None."""
    journal = journal_path(work, pid)
    try:
        record = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    try:
        marker = json.loads((output / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        marker = {}
    if marker.get("build") == record.get("build"):  # killed after the new site was complete: only the tidying is left
        _remove_empty_folders(output, [path for path, source, _ in record["steps"] if source is None])
        note = None
    else:
        roll_back(output, work / f"aside-{pid}", record["steps"])
        note = f"put back the files an interrupted build had begun to replace ({len(record['steps'])})"
    journal.unlink(missing_ok=True)
    # Its folders go with it, whichever process has its id now: the lock is held, so `pid` writes nothing here.
    for folder in (work / f"staged-{pid}", work / f"aside-{pid}"):
        shutil.rmtree(folder, ignore_errors=True)
    return note


def _write_durably(path: Path, text: str) -> None:
    """Write `path` and make it (and its name in the folder) reach the disk before anything moves: after a crash of
    the machine, the journal is what puts the old files back."""
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    if os.name == "posix":  # a folder cannot be opened for fsync elsewhere
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def _remove_empty_folders(output: Path, paths: list[str]) -> None:
    """The folders of these paths, once empty (a deleted product's, or those made for a change undone):
    a new tree would not have them."""
    for folder in sorted({parent for path in paths for parent in _parents(path)}, key=len, reverse=True):
        try:
            (output / folder).rmdir()
        except OSError:
            pass
