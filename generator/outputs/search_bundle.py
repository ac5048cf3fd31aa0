"""What of the last search index a new one can keep, and which files of a new one are current.

Pagefind names most files of its bundle by their content (`fragment/<hash>.pf_fragment`, one a
product page; `index/<hash>.pf_index`, `filter/<hash>.pf_filter`, `pagefind.<hash>.pf_meta`), and
does not write a file of that name when the output folder has it already. Writing ~1,000 new files
is most of its run at 1,000 products (0.7 s into an empty folder, 0.3 s into one that holds them),
so a build's index is made in a folder that first gets hard links to the live site's content-named
files (never the others: Pagefind rewrites those, and must not write through a link into the live
site). What the new index no longer leads to is then removed, read from its own entry file and
language metas (gzip + CBOR: the format Pagefind's browser code reads), so that the folder holds
exactly what an index made from nothing holds. When a meta cannot be read as expected (another
Pagefind), `prune` says so and the caller makes the index again from nothing.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import zlib
from pathlib import Path

ENTRY = "pagefind-entry.json"
_CONTENT_NAMED = re.compile(r"fragment/[\w-]+\.pf_fragment|index/[\w-]+\.pf_index|filter/[\w-]+\.pf_filter|pagefind\.[\w-]+\.pf_meta")
_DECOMPRESSED_SIGNATURE = b"pagefind_dcd"  # the start of each file once un-gzipped


def content_named(name: str) -> bool:
    """Whether Pagefind names this file of its bundle (a path inside it) by its content."""
    return _CONTENT_NAMED.fullmatch(name) is not None


def link_into(target: Path, files: dict[str, Path]) -> list[str]:
    """Make `target` hold hard links to `files` (name in the bundle -> the file); a file that cannot be
    linked (another disk, gone meanwhile) is left out: Pagefind writes it. Gives the names linked."""
    made: set[Path] = set()
    linked: list[str] = []
    for name, source in files.items():
        file = target / name
        if file.parent not in made:
            file.parent.mkdir(parents=True, exist_ok=True)
            made.add(file.parent)
        try:
            os.link(source, file)
        except OSError:
            continue
        linked.append(name)
    return linked


def meta_version(file: Path) -> str | None:
    """The Pagefind version that wrote this language meta, or None when it cannot be read as one."""
    meta = _read_meta(file)
    return meta[0] if meta else None


def entry_version(target: Path) -> str | None:
    """The Pagefind version the bundle's entry file names."""
    try:
        version = json.loads((target / ENTRY).read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return version if isinstance(version, str) else None


def prune(target: Path) -> set[str] | None:
    """Remove the content-named files of the bundle in `target` that its entry file does not lead to; their
    names. None (nothing removed) when the bundle cannot be read as expected or lacks a file it leads to."""
    current = _referenced(target)
    if current is None:
        return None
    present = {path.relative_to(target).as_posix() for path in target.rglob("*") if path.is_file()}
    if not current <= present:
        return None
    removed = {name for name in present - current if content_named(name)}
    for name in removed:
        (target / name).unlink()
    return removed


def _referenced(target: Path) -> set[str] | None:
    """The content-named files that the bundle's entry file leads to, through each language's meta."""
    try:
        entry = json.loads((target / ENTRY).read_text(encoding="utf-8"))
        languages = entry["languages"].values()
        files: set[str] = set()
        for language in languages:
            meta_name = f"pagefind.{language['hash']}.pf_meta"
            meta = _read_meta(target / meta_name)
            if meta is None or meta[0] != entry["version"]:
                return None
            _version, pages, chunks, filters = meta[:4]
            files.add(meta_name)
            files.update(f"fragment/{page[0]}.pf_fragment" for page in pages)
            files.update(f"index/{chunk[2]}.pf_index" for chunk in chunks)
            files.update(f"filter/{filter_[1]}.pf_filter" for filter_ in filters)
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
        return None
    return files if all(content_named(name) for name in files) else None


def _read_meta(file: Path) -> list | None:
    """A language meta: [version, pages [[hash, words]], chunks [[from, to, hash]], filters [[name, hash]], sorts, ...]."""
    import cbor2  # only when an index was kept: a build without one does not load it

    try:
        data = gzip.decompress(file.read_bytes())
        if not data.startswith(_DECOMPRESSED_SIGNATURE):
            return None
        meta = cbor2.loads(data[len(_DECOMPRESSED_SIGNATURE):])
    except (OSError, EOFError, ValueError, zlib.error, cbor2.CBORDecodeError):
        return None
    if not isinstance(meta, list) or len(meta) < 5 or not isinstance(meta[0], str):
        return None
    return meta
