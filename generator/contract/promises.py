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

from ..content import Document
from ..errors import ProblemList
from ..models import Product, Shop


def resolve_today(explicit: dt.date | None, timezone: str) -> dt.date:
    """--today, else SOURCE_DATE_EPOCH (reproducible builds), else the clock, in the shop's time zone."""
    if explicit:
        return explicit
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    zone = ZoneInfo(timezone)
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), zone).date()
    return dt.datetime.now(zone).date()


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
        age = (today - product.last_updated).days if product.last_updated else 0
        if age > shop.quality.stale_after_days:
            problems.warn(path, None, (
                f"not updated for {age} days (since {product.last_updated.isoformat()}): check that price, stock and photos "
                f"are still right, then save it or set updated: {today.isoformat()} (quality.stale_after_days = {shop.quality.stale_after_days})"))
        result.append(product)
    return result
