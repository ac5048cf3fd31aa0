"""Write the site atomically, and never into a folder that is not ours.

The site is written to a temporary folder beside the output and swapped in
only when complete: a failed or interrupted build leaves the previous site
as it was. A marker file proves a folder was made by Etalase; a non-empty
folder without it (a home folder, the shop itself) is refused, never wiped.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Callable

MARKER = ".etalase-site"


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


def write_site(output: Path, files: dict[str, bytes], links: dict[str, Path], marker: dict,
               before_swap: Callable[[Path], None] | None = None) -> None:
    """`files`: path -> bytes; `links`: path -> cached file (hard-linked, else copied).

    `before_swap` is called with the complete temporary folder just before it goes live (the search
    index is made there); if it raises, the previous site stays as it was.
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.parent / f".{output.name}.etalase-tmp-{os.getpid()}"
    if temporary.exists():
        shutil.rmtree(temporary)
    try:
        made: set[Path] = set()
        for relative, content in files.items():
            target = temporary / relative
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            target.write_bytes(content)
        for relative, source in links.items():
            target = temporary / relative
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
        (temporary / MARKER).write_text(json.dumps(marker, sort_keys=True), encoding="utf-8")
        if before_swap is not None:
            before_swap(temporary)
        _swap(temporary, output)
    finally:
        if temporary.exists():
            shutil.rmtree(temporary, ignore_errors=True)


def _swap(new: Path, output: Path) -> None:
    old = output.parent / f".{output.name}.etalase-old-{os.getpid()}"
    if output.exists():
        os.rename(output, old)
    try:
        os.rename(new, output)
    except OSError:
        if old.exists():
            os.rename(old, output)  # put the previous site back
        raise
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def touch_marker(output: Path, marker: dict) -> None:
    (output / MARKER).write_text(json.dumps(marker, sort_keys=True), encoding="utf-8")
