"""When was each file last changed? Front matter `updated`, else git, else mtime.

Git is asked twice per build, not once per file: one `git log` lists every
commit's files (newest first), one `git status` finds files edited since.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


class FileDates:
    """Last-change date of files under the shop folder."""

    def __init__(self, root: Path, use_git: bool = True):
        self.root = root.resolve()
        self.committed: dict[Path, dt.date] = {}  # newest commit of each file
        self.first_committed: dict[Path, dt.date] = {}  # oldest commit: when it was added
        self.dirty: set[Path] = set()
        self.shallow = False
        if use_git:
            self._read_git()

    def _read_git(self) -> None:
        top = _git(self.root, "rev-parse", "--show-toplevel")
        if not top:
            return
        top_path = Path(top.strip()).resolve()
        self.shallow = (_git(self.root, "rev-parse", "--is-shallow-repository") or "").strip() == "true"
        log = _git(self.root, "log", "--format=%x01%cs", "--name-only", "-z", "--no-renames", "--", ".")
        if log:
            current: dt.date | None = None
            for chunk in log.split("\0"):
                for part in chunk.split("\n"):
                    part = part.strip()
                    if not part:
                        continue
                    if part.startswith("\x01"):
                        current = dt.date.fromisoformat(part[1:])
                    elif current is not None:
                        path = top_path / part
                        self.committed.setdefault(path, current)
                        self.first_committed[path] = current  # the log is newest first: the last one wins
        status = _git(self.root, "status", "--porcelain", "-z", "--untracked-files=all", "--", ".")
        if status:
            for entry in status.split("\0"):
                if len(entry) > 3:
                    self.dirty.add(top_path / entry[3:])

    def with_edited(self, paths: list[Path]) -> "FileDates":
        """These dates, knowing that `paths` were just saved (so git's dates no longer hold for them)."""
        copy = object.__new__(FileDates)
        copy.__dict__.update(self.__dict__)
        copy.dirty = self.dirty | {path.resolve() for path in paths}
        return copy

    def last_change(self, path: Path) -> dt.date:
        if self.committed:  # outside git there is nothing to look up, and resolve() is not free
            path = path.resolve()
            if path not in self.dirty and path in self.committed:
                return self.committed[path]
        return dt.date.fromtimestamp(path.stat().st_mtime)

    def added(self, path: Path) -> dt.date:
        """When the file first appeared: its first commit, else its modification time."""
        if self.first_committed:
            resolved = path.resolve()
            if resolved in self.first_committed:
                return self.first_committed[resolved]
        return dt.date.fromtimestamp(path.stat().st_mtime)

    def newest(self, paths: list[Path]) -> dt.date:
        return max(self.last_change(p) for p in paths)
