"""Product folders written whole or not at all, and `--update` of an existing one.

A new folder is made complete in the shop's `.etalase-cache/import/` (the same file system) and moved
into `content/products/` with one rename: an import that fails or is killed midway leaves finished
folders and no half-written one (a stale temporary folder is removed by the next import). An update
(merge.py says what it changes) adds the photos new to the product, each through a temporary file and
os.replace, then rewrites index.md the same way: its front matter merged, every byte of the seller's
description kept. Photos are told apart by their content (a SHA-256), never by their names, which follow
the order of the file they came from.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..frontmatter import FrontMatterError, parse, split
from .merge import merge
from .plan import FULL_DESCRIPTION, Plan

TEMPORARY = Path(".etalase-cache") / "import"
PHOTO_NAME = re.compile(r"foto-(\d+)\.\w+")


@dataclass(frozen=True)
class Updated:
    changed: tuple[str, ...]  # the keys changed ("photos" when photos were added); none: the file is as it was
    reasons: tuple[str, ...]  # why it is a draft now (a preorder without its date), for the report


def front_matter_text(front: dict, body: str) -> str:
    text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=100, default_flow_style=None)
    return f"---\n{text}---\n{body.strip()}\n"


def clear_temporary(shop: Path) -> None:
    shutil.rmtree(shop / TEMPORARY, ignore_errors=True)


def write_new(shop: Path, products_dir: Path, plan: Plan) -> Path:
    """The product's folder, moved into place complete; FileExistsError if the folder exists by then."""
    staging_root = shop / TEMPORARY
    staging_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=plan.slug[:40] + "-", dir=staging_root))
    try:
        for photo in plan.photos:
            (staging / photo.name).write_bytes(photo.data)
        (staging / "index.md").write_text(front_matter_text(plan.front, plan.body), encoding="utf-8")
        target = products_dir / plan.slug
        products_dir.mkdir(parents=True, exist_ok=True)
        os.rename(staging, target)  # one step; refuses an existing non-empty folder
        return target
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def update(folder: Path, plan: Plan, provides: frozenset[str] | None) -> Updated:
    """Change only what the imported file provides (merge.py); the seller's description, photos and own keys stay."""
    index = folder / "index.md"
    text = index.read_bytes().decode("utf-8")  # not read_text: its line endings are kept as they are
    try:
        current = parse(text)
    except FrontMatterError as error:
        raise ValueError(f"{index}:{error.line or 1}: {error.message}; fix it before updating") from None
    names, present, new_files = _photo_names(folder, current.data, plan)
    merged = merge(current.data, plan.front, plan.product, provides, names, present)
    if not merged.changed:
        return Updated((), merged.reasons)
    used = {_source(photo) for photo in merged.front.get("photos") or []}
    used |= {_source(entry.get("photo")) for entry in merged.front.get("variants") or [] if isinstance(entry, dict)}
    for name, data in new_files.items():
        if name in used:
            _replace(folder / name, data)
    _, body, _ = split(text)  # the description exactly as the seller has it (its line endings, its blank lines)
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    yaml_text = yaml.safe_dump(merged.front, allow_unicode=True, sort_keys=False, width=100, default_flow_style=None)
    _replace(index, f"{bom}---\n{yaml_text}---\n{body}".encode("utf-8"))
    return Updated(merged.changed, merged.reasons)


def _photo_names(folder: Path, front: dict, plan: Plan) -> tuple[dict[str, str], set[str], dict[str, bytes]]:
    """For each photo the plan has: the name of the file in `folder` with the same content, else a new free
    `foto-N` name; the planned names whose content the front matter already uses; the new files' bytes."""
    root = folder.resolve()
    used: dict[str, str] = {}  # content hash -> the name the front matter gives it
    for photo in [*(front.get("photos") or []), *(e.get("photo") for e in front.get("variants") or [] if isinstance(e, dict))]:
        name = _source(photo)
        digest = _digest(root, name) if name else None
        if digest is not None:
            used.setdefault(digest, name)
    there = dict(used)
    for path in sorted(folder.iterdir()):  # a file left by an interrupted update, or one the seller unlisted
        if path.name != "index.md" and not path.name.startswith("."):
            digest = _digest(root, path.name)
            if digest is not None:
                there.setdefault(digest, path.name)
    taken = {path.name.casefold() for path in folder.iterdir()}
    names: dict[str, str] = {}
    present: set[str] = set()
    new_files: dict[str, bytes] = {}
    for photo in plan.photos:
        if photo.name == FULL_DESCRIPTION:  # the description is the seller's: its full text is not written again
            continue
        digest = hashlib.sha256(photo.data).hexdigest()
        if digest in used:
            present.add(photo.name)
        if digest in there:
            names[photo.name] = there[digest]
            continue
        name = _free_name(taken, Path(photo.name).suffix)
        taken.add(name.casefold())
        names[photo.name] = there[digest] = name
        new_files[name] = photo.data
    return names, present, new_files


def _free_name(taken: set[str], suffix: str) -> str:
    number = 1 + max((int(m.group(1)) for name in taken if (m := PHOTO_NAME.fullmatch(name))), default=0)
    return f"foto-{number}{suffix}"


def _digest(root: Path, name: str) -> str | None:
    """The SHA-256 of a regular file inside the product's folder (never a link out of it); None otherwise."""
    try:
        path = (root / name).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except (OSError, RuntimeError, ValueError):
        return None


def _source(photo: Any) -> str | None:
    if isinstance(photo, dict):
        photo = photo.get("src")
    return photo.strip() if isinstance(photo, str) and photo.strip() else None


def _replace(path: Path, data: bytes) -> None:
    """`path` written whole or not at all: a temporary file beside it, then one rename."""
    handle, temporary = tempfile.mkstemp(prefix=".import-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
