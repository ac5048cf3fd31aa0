"""When was each file last changed? Front matter `updated`, else git, else mtime.

Git is asked a few times per build, not once per file: one `rev-parse` finds the
repository and HEAD, one `git log` lists every commit's files (newest first; a
`GitLog` remembers it until HEAD moves), one `git status` finds files edited since.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path


def _git(root: Path, *args: str) -> str | None:
    import subprocess  # here: a no-op rebuild without git does without it

    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


LogDates = tuple[dict[Path, dt.date], dict[Path, dt.date]]


def _read_log(root: Path, top_path: Path) -> LogDates:
    """(newest commit date, first commit date) of every file in the history below `root`."""
    committed: dict[Path, dt.date] = {}
    first_committed: dict[Path, dt.date] = {}
    log = _git(root, "log", "--format=%x01%cs", "--name-only", "-z", "--no-renames", "--", ".")
    current: dt.date | None = None
    for chunk in (log or "").split("\0"):
        for part in chunk.split("\n"):
            part = part.strip()
            if not part:
                continue
            if part.startswith("\x01"):
                current = dt.date.fromisoformat(part[1:])
            elif current is not None:
                path = top_path / part
                committed.setdefault(path, current)
                first_committed[path] = current  # the log is newest first: the last one wins
    return committed, first_committed


class GitLog:
    """What `git log` said, for one shop folder at one HEAD commit. History only changes with a
    new commit, so its owner (a builder; the preview keeps one for the whole session) passes the
    same GitLog to every build's FileDates, and git is asked for the log once per HEAD."""

    def __init__(self) -> None:
        self._key: tuple[Path, str] | None = None  # (shop folder, HEAD) the dates are for
        self._dates: LogDates = ({}, {})

    def dates(self, root: Path, top_path: Path, head: str) -> LogDates:
        if self._key != (root, head):
            self._dates = _read_log(root, top_path)
            self._key = (root, head)
        return self._dates


class FileDates:
    """Last-change date of files under the shop folder; `log` remembers git's history between builds."""

    def __init__(self, root: Path, use_git: bool = True, log: GitLog | None = None, mtimes: dict[str, int] | None = None):
        """`mtimes`: modification times (ns) already known this build, by path (the reader stat-ed every
        Markdown file): such a file is not stat-ed again."""
        self.root = root.resolve()
        self._log = log or GitLog()
        self.committed: dict[Path, dt.date] = {}  # newest commit of each file
        self.first_committed: dict[Path, dt.date] = {}  # oldest commit: when it was added
        self.dirty: set[Path] = set()
        self.shallow = False
        self._mtimes = mtimes or {}
        # For this build: a product's Markdown file is asked for twice, a shared photo by every product that shows it
        self._file_dates: dict[Path, dt.date] = {}
        self._resolved: dict[Path, Path] = {}
        if use_git:
            self._read_git()

    def _read_git(self) -> None:
        found = _git(self.root, "rev-parse", "--show-toplevel", "--is-shallow-repository", "HEAD")
        if found is None:  # not a repository, or one without commits yet (then it has no dates to give)
            found = _git(self.root, "rev-parse", "--show-toplevel", "--is-shallow-repository")
            if found is None:
                return
        top, shallow, *head = found.split("\n")
        top_path = Path(top.strip()).resolve()
        self.shallow = shallow.strip() == "true"
        if head and head[0].strip():
            self.committed, self.first_committed = self._log.dates(self.root, top_path, head[0].strip())
        status = _git(self.root, "status", "--porcelain", "-z", "--untracked-files=all", "--", ".")
        if status:
            for entry in status.split("\0"):
                if len(entry) > 3:
                    self.dirty.add(top_path / entry[3:])

    def with_edited(self, paths: list[Path]) -> "FileDates":
        """These dates, knowing that `paths` were just saved (so git's dates no longer hold for them)."""
        edited = copy.copy(self)
        edited.dirty = self.dirty | {path.resolve() for path in paths}
        edited._mtimes, edited._file_dates = {}, {}  # the saved files have new times: every file is looked at again
        return edited

    def last_change(self, path: Path) -> dt.date:
        if self.committed:  # outside git there is nothing to look up, and resolve() is not free
            resolved = self._resolve(path)
            if resolved not in self.dirty and resolved in self.committed:
                return self.committed[resolved]
        return self._file_date(path)

    def added(self, path: Path) -> dt.date:
        """When the file first appeared: its first commit, else its modification time."""
        if self.first_committed:
            resolved = self._resolve(path)
            if resolved in self.first_committed:
                return self.first_committed[resolved]
        return self._file_date(path)

    def _resolve(self, path: Path) -> Path:
        resolved = self._resolved.get(path)
        if resolved is None:
            resolved = self._resolved[path] = path.resolve()
        return resolved

    def _file_date(self, path: Path) -> dt.date:
        date = self._file_dates.get(path)
        if date is None:
            known = self._mtimes.get(str(path))
            date = self._file_dates[path] = dt.date.fromtimestamp(path.stat().st_mtime if known is None else known / 1e9)
        return date

    def newest(self, paths: list[Path]) -> dt.date:
        return max(self.last_change(p) for p in paths)
