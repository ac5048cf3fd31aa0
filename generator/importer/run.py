"""`etalase import FILE`: read, fetch the photos, plan each product, write the folders, report.

Nothing is overwritten: a product whose folder exists is skipped unless `update` is set. The report
says what was imported, which products are drafts and why (the seller's to-do list), what was
skipped, which photos failed, and which columns fed which field and which were not read.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from ..config import load_shop
from ..errors import ProblemList
from ..markdown_text import SafeMarkdown, TooComplex, count_words
from . import formats, write
from .model import ReadResult
from .photos import fetch_all
from .plan import Plan, measure_photo, plan, unique_slug


class ImportError_(Exception):
    """The import cannot start (no shop, an unreadable file); the message says what to do."""


@dataclass
class Report:
    format: str = ""
    imported: list[str] = field(default_factory=list)  # slugs written
    updated: list[tuple[str, list[str]]] = field(default_factory=list)  # slug, keys changed
    drafts: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # slug, reasons
    skipped: list[tuple[str, str]] = field(default_factory=list)  # what, why
    photos_fetched: int = 0
    photo_errors: list[tuple[str, str]] = field(default_factory=list)  # slug, what failed
    columns: dict[str, str] = field(default_factory=dict)
    unused: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        out = [f"read as {self.format}: {len(self.imported)} imported, {len(self.updated)} updated, "
               f"{len(self.drafts)} of them drafts, {len(self.skipped)} skipped; "
               f"{self.photos_fetched} photos fetched, {len(self.photo_errors)} failed"]
        for slug, reasons in self.drafts:
            out.append(f"draft  content/products/{slug}/index.md: " + "; ".join(reasons))
        for slug, error in self.photo_errors:
            out.append(f"photo  {slug}: {error}")
        for what, why in self.skipped:
            out.append(f"skip   {what}: {why}")
        for slug, keys in self.updated:
            out.append(f"update content/products/{slug}/index.md: {', '.join(keys) if keys else 'nothing changed'}")
        if self.columns:
            out.append("columns: " + "; ".join(f"{column} → {name}" for column, name in self.columns.items()))
        if self.unused:
            out.append("not read: " + ", ".join(self.unused))
        if self.drafts:
            out.append("Drafts are not published: fix what each line says, remove `draft: true`, and build.")
        return out


def run_import(source: Path, shop_root: Path, *, format: str | None = None, category: str = "first",
               update: bool = False, stream: TextIO | None = None, progress: bool | None = None,
               photo_timeout: float = 20) -> Report:
    """`photo_timeout`: the seconds a photo's server may stay silent (its whole download has photos.DEADLINE_TIMEOUTS of them)."""
    problems = ProblemList(shop_root)
    shop = load_shop(shop_root, problems)
    if shop is None:
        raise ImportError_("shop.toml: " + "; ".join(str(p) for p in problems.errors)
                           + " (run the import in the shop folder, or give --shop)")
    result: ReadResult = formats.read(source, format, category)
    report = Report(format=result.format, columns=dict(result.columns), unused=tuple(result.unused),
                    skipped=[(s.what, s.reason) for s in result.skipped])
    products_dir = shop_root / "content" / "products"
    existing = {p.name for p in products_dir.iterdir() if p.is_dir()} if products_dir.is_dir() else set()
    existing |= {p.stem for p in products_dir.glob("*.md")} if products_dir.is_dir() else set()
    taken: set[str] = set()
    jobs = []
    for product in result.products:
        slug = unique_slug(product, taken)
        if slug in existing and not update:
            report.skipped.append((f"content/products/{slug}", "already there (use --update to change its imported fields)"))
            continue
        jobs.append((slug, product))
    sources = [photo.source for _, product in jobs for photo in
               (*product.photos, *(v.photo for v in product.variants if v.photo is not None))]
    fetched = fetch_all(sources, source.parent, timeout=photo_timeout, progress=_progress_bar(len(set(sources)), stream, progress))
    report.photos_fetched = sum(1 for f in fetched.values() if f.data is not None)
    markdown = SafeMarkdown()

    def words(text: str) -> int | None:
        try:
            return count_words(markdown.convert(text))
        except TooComplex:
            return None

    write.clear_temporary(shop_root)
    for slug, product in jobs:
        planned: Plan = plan(product, slug, fetched, shop.quality, words, _measure)
        report.photo_errors.extend((slug, error) for error in planned.photo_errors)
        where = f"content/products/{slug}"
        try:
            if slug in existing:
                folder = products_dir / slug
                if folder.is_symlink() or not folder.resolve().is_relative_to(shop_root.resolve()):
                    report.skipped.append((where, "a link to somewhere else: update it by hand"))
                    continue
                if not (folder / "index.md").is_file():
                    report.skipped.append((where, "a file, not a folder: update it by hand"))
                    continue
                updated = write.update(folder, planned, result.provides)
                report.updated.append((slug, list(updated.changed)))
                if updated.reasons:
                    report.drafts.append((slug, updated.reasons))
                continue
            write.write_new(shop_root, products_dir, planned)
        except (OSError, ValueError) as error:  # one product that cannot be written: said, and the others go on
            report.skipped.append((where, f"not written: {error}"))
            continue
        report.imported.append(slug)
        if planned.reasons:
            report.drafts.append((slug, planned.reasons))
    write.clear_temporary(shop_root)
    return report


def _measure(data: bytes) -> tuple[int, float]:
    try:
        return measure_photo(data)
    except Exception:  # noqa: BLE001 - fetched photos were checked already; a late failure makes it a draft
        return 0, 0.0


def _progress_bar(total: int, stream: TextIO | None, shown: bool | None):
    """A tqdm bar on a terminal while photos download (none when piped, or for a handful)."""
    stream = stream or sys.stderr
    if total == 0 or (shown is None and not (hasattr(stream, "isatty") and stream.isatty())) or shown is False:
        return None
    from tqdm import tqdm

    bar = tqdm(total=total, unit="photo", file=stream, desc="photos")

    def advance(done: int, _total: int) -> None:
        bar.update(done - bar.n)
        if done >= _total:
            bar.close()

    return advance
