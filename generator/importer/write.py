"""Product folders written whole or not at all, and `--update` of an existing one.

A new folder is made complete in the shop's `.etalase-cache/import/` (the same file system) and moved
into `content/products/` with one rename: an import that fails or is killed midway leaves finished
folders and no half-written one (a stale temporary folder is removed by the next import). An update
rewrites only index.md, through a temporary file and os.replace, keeping the seller's description,
their photos and every key the imported file does not provide.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import yaml

from ..frontmatter import FrontMatterError, parse
from .plan import Plan

TEMPORARY = Path(".etalase-cache") / "import"
# what an update takes from the imported file; the rest (description, photos, the seller's own keys) stays
UPDATED_KEYS = ("title", "price", "sale_price", "sale_until", "sku", "availability", "stock", "category", "tags",
                "brand", "weight_grams", "options", "variants")


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


def update(folder: Path, plan: Plan) -> list[str]:
    """Change only the imported keys of an existing product (its photos and description kept); the keys changed."""
    index = folder / "index.md"
    text = index.read_text(encoding="utf-8")
    try:
        current = parse(text)
    except FrontMatterError as error:
        raise ValueError(f"{index}:{error.line or 1}: {error.message}; fix it before updating") from None
    front = dict(current.data)
    changed = []
    for key in UPDATED_KEYS:
        value = plan.front.get(key)
        if key == "variants" and value:  # the seller's photos stay: a combination's photo only if that file is there
            value = [{k: v for k, v in entry.items() if k != "photo" or (folder / str(v)).is_file()} for entry in value]
        if key in plan.front and front.get(key) != value:
            front[key] = value
            changed.append(key)
    if not changed:
        return []
    handle, temporary = tempfile.mkstemp(prefix=".index-", suffix=".md", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(front_matter_text(front, current.body))
        os.replace(temporary, index)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return changed
