"""Dates that expire: what a shop promised that today's build must not show as still true.

A date is valid through its own day. Expired sales and bookings are fixed in
the output automatically (the normal price, the item available again); every
expired promise, and every product left untouched for too long, is a warning
that names the file and says what to do (`--strict` makes them errors).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from zoneinfo import ZoneInfo

from typing import TYPE_CHECKING

from ..errors import ProblemList

if TYPE_CHECKING:  # not imported by the no-op rebuild, which asks for resolve_today (content brings YAML and Markdown)
    from ..content import Document
    from ..models import Product, Shop, Variant


def resolve_today(explicit: dt.date | None, timezone: str) -> dt.date:
    """--today, else SOURCE_DATE_EPOCH (reproducible builds), else the clock, in the shop's time zone."""
    if explicit:
        return explicit
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    zone = ZoneInfo(timezone)
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), zone).date()
    return dt.datetime.now(zone).date()


def _variant_today(product: Product, variant: Variant, today: dt.date, problems: ProblemList, seen: set) -> Variant:
    """A combination as it stands today; its own expired promises are warned about at its entry's line
    (those it takes from the product were warned about with the product's keys)."""
    from .variants import variant_label

    name = variant_label(product.options, variant)
    if variant.sale_until and variant.sale_price is not None and variant.sale_until < today:
        if variant.sale_until != product.sale_until and ("sale", variant.line) not in seen:
            seen.add(("sale", variant.line))
            problems.warn(product.source, variant.line, (
                f"{name}: the sale ended on {variant.sale_until.isoformat()}, so the normal price is shown; "
                "remove its sale_price and sale_until, or set a new sale_until"))
        variant = replace(variant, sale_price=None)
    if variant.availability == "booked" and variant.booked_until and variant.booked_until < today:
        if variant.booked_until != product.booked_until and ("booked", variant.line) not in seen:
            seen.add(("booked", variant.line))
            problems.warn(product.source, variant.line, (
                f"{name}: the booking ended on {variant.booked_until.isoformat()}, so it shows as available again; "
                "if it was paid, set its availability: sold_out, else remove booked_until and availability"))
        variant = replace(variant, availability="in_stock")
    if variant.availability == "preorder" and variant.ready_date and variant.ready_date < today and variant.ready_date != product.ready_date \
            and ("ready", variant.line) not in seen:
        seen.add(("ready", variant.line))
        problems.warn(product.source, variant.line, (
            f"{name}: ready_date {variant.ready_date.isoformat()} has passed; shoppers who paid a deposit are waiting: "
            "set the new estimate, or its availability: in_stock if it has arrived"))
    return variant


def apply_today(products: list[Product], documents: dict, shop: Shop, today: dt.date, problems: ProblemList) -> list[Product]:
    """Products as they stand today; warnings for every promise that has run out."""
    result = []
    for product in products:
        document: Document | None = documents.get(product.source)
        line = (lambda key: document.lines.get(key)) if document else (lambda key: None)
        path = product.source
        if product.sale_until and product.sale_price is not None and product.sale_until < today:
            problems.warn(path, line("sale_until"), (
                f"sale_until: the sale ended on {product.sale_until.isoformat()}, so the normal price is shown; "
                "remove sale_price and sale_until, or set a new sale_until"))
            product = replace(product, sale_price=None)
        if product.availability == "booked" and product.booked_until and product.booked_until < today:
            problems.warn(path, line("booked_until"), (
                f"booked_until: the booking ended on {product.booked_until.isoformat()}, so the item shows as available again; "
                "if it was paid, set availability: sold_out, else remove booked_until and availability"))
            product = replace(product, availability="in_stock")
        if product.availability == "preorder" and product.ready_date and product.ready_date < today:
            problems.warn(path, line("ready_date"), (
                f"ready_date: {product.ready_date.isoformat()} has passed; shoppers who paid a deposit are waiting: "
                "set the new estimate, or availability: in_stock if it has arrived"))
        if product.variants:
            seen: set = set()  # one warning per entry, not one per combination it covers
            variants = tuple(_variant_today(product, variant, today, problems, seen) for variant in product.variants)
            if any(new is not old for new, old in zip(variants, product.variants)):  # else the same object: memos see it unchanged
                product = replace(product, variants=variants)
        age = (today - product.last_updated).days if product.last_updated else 0
        if age > shop.quality.stale_after_days:
            problems.warn(path, None, (
                f"not updated for {age} days (since {product.last_updated.isoformat()}): check that price, stock and photos "
                f"are still right, then save it or set updated: {today.isoformat()} (quality.stale_after_days = {shop.quality.stale_after_days})"))
        result.append(product)
    return result
