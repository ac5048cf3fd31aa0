"""The preview's first answer to a save: the edited product's page, rendered on its own with what the
last full build knew (its site view, categories, Jinja environment, photos, dates), served at once; the
full rebuild through the build graph follows and replaces it. Nothing of this is in the pipeline: the
builder only keeps `edit_context`, the last full build's main-language values.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..build import with_date
from ..contract.after_render import check_pages
from ..contract.before_render import check_photos
from ..contract.promises import apply_today
from ..errors import ProblemList
from ..outputs.pages import TemplateProblem, product_job, render_jobs

if TYPE_CHECKING:
    from ..build import Builder
    from ..models import Product


def edited_product_pages(builder: "Builder", changed: set[str]) -> list | None:
    """The pages of edited products, rendered on their own with what the last build knew.

    The preview serves these ahead of the full rebuild (which follows at once and
    replaces them): a seller who saves a product file sees its page in a few
    milliseconds. Only for an edit that cannot change anything but the product's
    own page and its place in lists; anything else (a new or deleted file, a new
    photo, a problem, a changed category or site date) returns None and waits for
    the full rebuild. In the main language only; translations follow in the rebuild.
    """
    context = builder.edit_context
    if context is None or not changed:
        return None
    paths = [str(Path(path).resolve()) for path in changed]
    if not all(path in context.products and os.path.isfile(path) for path in paths):
        return None  # a new, renamed or deleted product changes lists and links
    shop, _, today = builder._load_config()
    if shop != context.shop or today != context.today:
        return None
    problems = ProblemList(builder.root)
    dates = context.dates.with_edited([Path(path) for path in paths])
    pages = []
    for path in paths:
        before = context.products[path]
        document = builder.reader.read(before.slug, Path(path))
        product = builder._check_product(document, shop, problems) if document.error is None else None
        if product is None or not all((ref.source, ref.focus) in context.photos_by_file for ref in product.photos):
            return None
        photos = {ref: context.photos_by_file[(ref.source, ref.focus)] for ref in product.photos}
        check_photos([product], {ref: photo.metrics for ref, photo in photos.items()}, shop, problems)
        product = apply_today([with_date(product, dates)], {document.path: document}, shop, today, problems)[0]
        if problems.errors or not _same_categories_after_move(before, product, context.categories):
            return None
        if product.last_updated > context.newest or (before.last_updated == context.newest and product.last_updated < context.newest):
            return None  # the site's "last updated" date moves: every page changes
        view = context.views.product(product, photos, context.categories)
        try:
            rendered, _, _ = render_jobs(context.env, [product_job(context.site, view)])
        except TemplateProblem:
            return None
        if check_pages(rendered, context.site):
            return None
        pages += rendered
    return pages


def _same_categories_after_move(before: "Product", after: "Product", categories: dict) -> bool:
    """Whether the shop keeps the same categories (every page's navigation lists them) when a product
    moves from `before.category` to `after.category`: to one that exists, from one that keeps others."""
    if after.category == before.category:
        return True
    moved_to_existing = after.category is None or after.category in categories
    others_remain = before.category is None or len(categories[before.category].products) > 1
    return moved_to_existing and others_remain
