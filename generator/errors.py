"""Problems found in a shop, and the one way they are printed.

Every stage reports what is wrong with the seller's files as a `Problem`
carrying the file, the line (where there is one) and what to do. Stages
collect problems instead of stopping at the first, so a seller sees
everything to fix in one run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the shop folder, with forward slashes
    line: int | None
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class BuildError(Exception):
    """The shop cannot be built; `problems` says why, every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class ProblemList:
    """Collects problems for one stage; `raise_if_any` ends the stage."""

    root: Path
    items: list[Problem] = field(default_factory=list)

    def rel(self, path: Path | str) -> str:
        path = Path(path)
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def add(self, path: Path | str, line: int | None, message: str) -> None:
        self.items.append(Problem(self.rel(path), line, message))

    def warn(self, path: Path | str, line: int | None, message: str) -> None:
        self.items.append(Problem(self.rel(path), line, message, warning=True))

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
