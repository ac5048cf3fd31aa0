"""What the last build left that this one may keep: its output records, and which of its files are intact.

`etalase build` keeps files of the output folder (the new site links them
instead of writing them again), but only files the marker lists with the size
and time they had when written, and only when the records were saved by the
build that wrote that marker: a folder edited by hand or built by another
copy of the shop is rendered again. The preview keeps the bytes of the site
it serves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from .graph import OutputRecord
from .write import listing, read_marker


class PreviousOutput:
    def __init__(self, records: dict[str, OutputRecord] | None = None, reusable: Callable[[str], bool] | None = None,
                 files: dict[str, list[int]] | None = None) -> None:
        self.records = records or {}
        self._reusable = reusable
        self.files = files  # the output folder's files as this build found them (write.listing), when it looked

    def reusable(self, path: str) -> bool:
        return self._reusable is not None and self._reusable(path)


NOTHING = PreviousOutput()


def from_folder(output: Path, saved: dict | None) -> PreviousOutput:
    """The output folder's files that are as the last build (whose records are `saved`) wrote them."""
    marker = read_marker(output)
    if not saved or not marker or marker.get("build") != saved.get("build") or not isinstance(marker.get("files"), dict):
        return NOTHING
    written = marker["files"]
    try:
        present = listing(output)
    except OSError:
        return NOTHING
    intact = {path for path, stat in present.items() if written.get(path) == stat}
    return PreviousOutput(saved.get("records", {}), intact.__contains__, present)


def from_files(records: dict[str, OutputRecord], files: dict[str, bytes]) -> PreviousOutput:
    """The site the preview serves: every file it holds can be kept."""
    return PreviousOutput(records, files.__contains__)
