"""The content model: frozen values, equal and hashed by what they hold, never written after they are made."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from generator.models import PhotoRef, Product


def test_hashing_a_product_writes_nothing_into_it():
    product = Product(slug="kemeja", source=Path("content/products/kemeja.md"), title="Kemeja", price=Decimal("185000"),
                      currency="IDR", photos=(PhotoRef(Path("content/products/kemeja.jpg"), "Kemeja batik", 6),),
                      description_html="<p>Kemeja batik.</p>")
    held = dict(vars(product))
    copy = replace(product)
    assert copy is not product and copy == product and hash(copy) == hash(product)  # a cache key by value
    assert vars(product) == held  # no hash (or anything else) tucked into a frozen object
    assert replace(product, price=Decimal("175000")) != product
