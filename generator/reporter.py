"""How a command talks to the person running it, quiet or verbose.

Everything is said on stderr (`stream`) but a command's answer, which goes to
stdout (`out`) where a script can read it.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from .errors import Problem, format_problem


class Reporter:
    def __init__(self, verbosity: int = 1, stream: TextIO | None = None, out: TextIO | None = None):
        self.verbosity = verbosity  # 0 quiet, 1 normal, 2 verbose
        self.stream = stream or sys.stderr
        self.out = out or sys.stdout
        self._started = time.perf_counter()
        self._last_progress = 0.0

    def answer(self, message: str) -> None:
        """The result a command exists for, on stdout (said even when quiet)."""
        print(message, file=self.out)

    def info(self, message: str) -> None:
        if self.verbosity >= 1:
            print(message, file=self.stream)

    def debug(self, message: str) -> None:
        if self.verbosity >= 2:
            print(f"[{time.perf_counter() - self._started:6.3f}s] {message}", file=self.stream)

    def warning(self, message: str) -> None:
        print(f"warning: {message}", file=self.stream)

    def error(self, message: str) -> None:
        print(message, file=self.stream)

    def problem(self, problem: Problem) -> None:
        """A problem of the build or of `etalase check`, as an error or a warning."""
        (self.warning if problem.warning else self.error)(format_problem(problem))

    def progress_for(self, stage: str, minimum: int = 4):
        """A callback(done, total) for one stage's progress line."""
        return lambda done, total: self.progress(stage, done, total, minimum)

    def progress(self, stage: str, done: int, total: int, minimum: int = 200) -> None:
        """One updating line, only on a terminal and only for long work."""
        if self.verbosity < 1 or total < minimum or not self.stream.isatty():
            return
        now = time.perf_counter()
        if done < total and now - self._last_progress < 0.2:
            return
        self._last_progress = now
        end = "\n" if done >= total else ""
        print(f"\r{stage}: {done}/{total}", end=end, file=self.stream, flush=True)
