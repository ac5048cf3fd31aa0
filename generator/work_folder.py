"""The work folder beside an output, and the lock that lets one build at a time write that output.

Everything a build makes before it goes live (a new tree, staged files, the search index, the
journal of an update in place) lives in `.{output}.etalase-work/`: beside the output, because a
rename only works within one filesystem; in one hidden folder holding a `.gitignore` of `*`, so that
what a killed build leaves there is never picked up by `git add .`.

A build of an output holds the folder's lock from before it looks at the last build until its site
is live: two builds of one output at once (a second terminal, the preview beside `etalase build`)
would otherwise each plan from the same live site and mix their files. Held, it also means that
whatever the folder holds from other processes is left over, whichever process ids are running
(on Windows a process id cannot be checked). The lock is the operating system's (flock, or
LockFileEx): it goes with a killed process, so a lock never outlives its build.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

WORK_SUFFIX = ".etalase-work"
LOCK_NAME = "lock"


def work_folder(output: Path) -> Path:
    return output.parent / f".{output.name}{WORK_SUFFIX}"


def make_work_folder(work: Path) -> None:
    work.mkdir(parents=True, exist_ok=True)
    ignore = work / ".gitignore"
    if not ignore.is_file():
        ignore.write_text("*\n", encoding="utf-8")  # git ignores the folder and all in it


def drop_work_folder(work: Path) -> None:
    """Remove the work folder when nothing but its .gitignore is left (another build may be about to use it)."""
    try:
        if {path.name for path in work.iterdir()} <= {".gitignore"}:
            (work / ".gitignore").unlink(missing_ok=True)
            work.rmdir()
    except OSError:
        pass


@contextmanager
def writing(output: Path, waiting: Callable[[], None] | None = None) -> Iterator[Path]:
    """Hold the lock of `output` (given resolved) and give its work folder.

    Another process or thread holding it is waited for (`waiting` is called first, to say so);
    the same thread may take it again inside (a build's write takes it within the build's)."""
    from filelock import FileLock, Timeout  # 20 ms of imports: a no-op build that needs no lock does without

    work = work_folder(output)
    # One object per lock file in this process, holding one count per thread: taken again in the same
    # thread it only counts, taken in another thread it waits, as another process does.
    lock = FileLock(work / LOCK_NAME, is_singleton=True)
    told = False
    while True:
        try:
            make_work_folder(work)
            try:
                lock.acquire(blocking=False)
            except Timeout:
                if waiting is not None and not told:
                    waiting()
                    told = True
                lock.acquire()
            break
        except FileNotFoundError:  # the build that held it has just removed the folder: make it again
            # (between the mkdir and the .gitignore, or between the .gitignore and the lock)
            continue
    try:
        make_work_folder(work)  # its .gitignore may have gone with the build before this one
        yield work
    finally:
        last = lock.lock_counter == 1
        if last and os.name == "posix":
            # Removed while held, so that no one holds a lock on a file without a name (filelock checks it
            # has one after taking it, and makes the file again); on Windows the release removes it.
            (work / LOCK_NAME).unlink(missing_ok=True)
        lock.release()
        if last:
            drop_work_folder(work)
