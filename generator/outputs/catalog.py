"""`catalog.json`: the products as the cart checks them, keyed by slug.

The cart keeps its lines in the shopper's browser; on the cart page it fetches
this file to update prices that changed since and to flag products that were
sold out, booked or removed, so no stale order is sent. Compact on purpose: a
1,000-product shop's catalog is fetched by the cart page only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..views import ProductView


def catalog_entry(view: ProductView) -> dict:
    return {
        "title": view.title,
        "url": view.url,
        "price": view.amount,  # what the shopper pays: the sale price while the sale runs
        "price_text": view.sale_price or view.price,  # as the pages print it, "Rp 185.000"
        "currency": view.currency,
        "availability": view.availability,
        "availability_label": view.availability_label,  # in words: "Terjual habis"
        "orderable": view.orderable,
        "options": [{"name": option.name, "values": list(option.values)} for option in view.options],
        # every combination with its own price, stock and SKU: the cart checks a line against its own
        "variants": [{"values": list(v.values), "key": v.key, "price": v.amount, "price_text": v.sale_price or v.price,
                      "availability": v.availability, "availability_label": v.availability_label, "orderable": v.orderable,
                      "sku": v.sku, "weight_grams": v.weight_grams} for v in view.variants],
        "weight_grams": view.weight_grams,
        "sku": view.sku,
    }


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def catalog_json(product_views: Iterable[ProductView], remembered: dict | None = None) -> bytes:
    """The file. `remembered` (the preview's, between its builds): id of a view -> (the view, its `"slug":{…}`),
    replaced by the entries of this build; a view kept from the last build is not encoded again. The same bytes
    as json.dumps of the whole: an object is its members' encodings joined by commas (slugs are unique)."""
    views = sorted(product_views, key=lambda v: v.slug)
    if remembered is None:
        return _json({view.slug: catalog_entry(view) for view in views}).encode("utf-8")
    kept: dict[int, tuple[ProductView, str]] = {}
    for view in views:
        known = remembered.get(id(view))
        if known is None or known[0] is not view:
            known = (view, f"{_json(view.slug)}:{_json(catalog_entry(view))}")
        kept[id(view)] = known
    remembered.clear()
    remembered.update(kept)
    return ("{" + ",".join(text for _, text in kept.values()) + "}").encode("utf-8")
