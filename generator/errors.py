"""Problems found in a shop, and the one way they are printed.

Every stage of the build, and every check of `etalase check`, reports what is
wrong as a `Problem` carrying the file, the line (where there is one), what to
do, and its `kind`: the stage or check that found it. Stages collect problems
instead of stopping at the first, so a seller sees everything to fix in one
run. `format_problem` is the one place a problem becomes a line of text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

# The kinds in use (a label for grouping and for tools, never part of the printed line):
# the build's "config", "theme", "content" (for now also the photos, which share the content
# stage's list), "template", "contract" (a rendered page lacks what every page must show) and
# "search"; `etalase check`'s "link", "unsafe" (a link that runs code) and "page" (page weight).
CONTENT = "content"


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the shop folder (the build) or to the output folder (check), forward slashes
    line: int | None
    message: str
    warning: bool = False
    kind: str = CONTENT
    target: str = ""  # `etalase check`: the URL as written in the page (or "(page weight)")
    # A warning `--strict` turns into an error. False for a reminder of the seller's own choice (a draft
    # left out of the feed): the daily strict check must not fail for as long as a shop keeps a draft.
    fails_strict: bool = True

    def __str__(self) -> str:
        return format_problem(self)


def format_problem(problem: Problem) -> str:
    """`content/products/kemeja.md:4: price: must be a number (got "murah")`, or for a built page,
    `products/kemeja/index.html → /photos/x.webp: file not found`."""
    path = printable(problem.path)
    message = printable(problem.message)  # one line, whatever seller text it quotes (a key that is a line break)
    if problem.target:
        return f"{path} → {problem.target}: {message}"
    where = f"{path}:{problem.line}" if problem.line else path
    return f"{where}: {message}"


def printable(text: str) -> str:
    """A file name as it can be shown in a terminal or a page: control and direction characters
    (a carriage return, an escape sequence, a right-to-left override) written as \\r, \\x1b, \\u202e,
    so a strange file name cannot rewrite or hide the line that names it."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


class BuildError(Exception):
    """The shop cannot be built; `problems` says why, every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class ProblemList:
    """Collects problems for one stage (of `kind`); `raise_if_any` ends the stage."""

    root: Path
    kind: str = CONTENT
    items: list[Problem] = field(default_factory=list)

    def rel(self, path: Path | str) -> str:
        """A path as the seller knows it (from the shop folder), safe to print."""
        path = Path(path)
        # Links not followed first: a content file that links outside the shop is named where the seller sees it
        for candidate, base in ((Path(os.path.abspath(path)), Path(os.path.abspath(self.root))), (path.resolve(), self.root.resolve())):
            if candidate.is_relative_to(base):
                return printable(candidate.relative_to(base).as_posix())
        return printable(path.as_posix())

    def add(self, path: Path | str, line: int | None, message: str, kind: str | None = None) -> None:
        self.items.append(Problem(self.rel(path), line, message, kind=kind or self.kind))

    def warn(self, path: Path | str, line: int | None, message: str, kind: str | None = None) -> None:
        self.items.append(Problem(self.rel(path), line, message, warning=True, kind=kind or self.kind))

    def remind(self, path: Path | str, line: int | None, message: str, kind: str | None = None) -> None:
        """A warning that `--strict` leaves a warning (see `Problem.fails_strict`)."""
        self.items.append(Problem(self.rel(path), line, message, warning=True, kind=kind or self.kind, fails_strict=False))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.warning]

    def raise_if_any(self) -> None:
        if self.errors:
            raise BuildError(self.errors)


def did_you_mean(word: str, choices) -> str:
    """`prise` -> ' did you mean "price"?' (empty when nothing is close)."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f' did you mean "{close[0]}"?' if close else ""
