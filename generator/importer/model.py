"""What an import reads from another platform's file, before it becomes product folders.

Every format (formats/shopify.py, formats/woocommerce.py, formats/sheet.py) turns its rows into these;
the writer (write.py) turns them into `content/products/<slug>/index.md` in the variants format. Values
are already in Etalase's units: prices as Decimal in the shop's currency, weights in grams, dates as
dates. `row` numbers are the file's own (the header is row 1), so the report can point at them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

AVAILABILITIES = ("in_stock", "low_stock", "preorder", "booked", "sold_out")  # the build's (models.AVAILABILITY)
# The front matter keys a file can provide (ReadResult.provides); for options and variants the
# combinations' own price, sale_price, sku, availability, stock, weight_grams and photo come with them.
PROVIDABLE = frozenset({"title", "price", "sale_price", "sale_until", "sku", "availability", "stock", "category", "tags",
                        "brand", "weight_grams", "options", "variants", "photos"})


@dataclass(frozen=True)
class ImportedPhoto:
    source: str  # an http(s) URL, or a path as the file names it (relative to the imported file's folder)
    alt: str | None = None


@dataclass(frozen=True)
class ImportedVariant:
    """One combination: its option values in the order of ImportedProduct.options, and what it has of its own."""

    values: tuple[str, ...]
    price: Decimal | None = None  # None: the product's
    sale_price: Decimal | None = None
    sku: str | None = None
    stock: int | None = None  # units on hand, when the file says
    availability: str | None = None  # one of AVAILABILITIES, when the file says (else from stock)
    weight_grams: int | None = None
    photo: ImportedPhoto | None = None
    row: int | None = None


@dataclass(frozen=True)
class ImportedOption:
    name: str  # "Ukuran"
    values: tuple[str, ...]  # in the order first seen


@dataclass(frozen=True)
class ImportedProduct:
    handle: str  # the platform's own id for the product (Shopify handle, WooCommerce ID/SKU, the sheet's name)
    title: str
    description_html: str = ""  # as the platform stores it (HTML); plain text is HTML too
    price: Decimal | None = None  # None when only the variants have prices (the lowest is used)
    sale_price: Decimal | None = None
    sale_until: dt.date | None = None
    sku: str | None = None
    stock: int | None = None
    availability: str | None = None
    weight_grams: int | None = None
    category: str | None = None  # as the shop chooses: the first part of "A > B", or all of it
    tags: tuple[str, ...] = ()
    brand: str | None = None
    draft: bool = False  # unpublished on the platform
    photos: tuple[ImportedPhoto, ...] = ()
    options: tuple[ImportedOption, ...] = ()
    variants: tuple[ImportedVariant, ...] = ()
    row: int | None = None  # its first row in the file


@dataclass(frozen=True)
class Skipped:
    """A row or product the import leaves out, and why ("grouped product", "no title")."""

    what: str  # "row 14" or the product's title
    reason: str


@dataclass(frozen=True)
class ReadResult:
    """One file read: its products, what was left out, and which columns fed which field."""

    format: str  # "shopify", "woocommerce", "sheet"
    products: tuple[ImportedProduct, ...]
    skipped: tuple[Skipped, ...] = ()
    columns: dict[str, str] = field(default_factory=dict)  # the file's column -> the field it filled
    unused: tuple[str, ...] = ()  # columns nothing read
    # the keys the file has a column for (of PROVIDABLE): `--update` changes those, removing one whose cell is now
    # empty, and keeps the others as the seller wrote them; None: the keys each product's plan has
    provides: frozenset[str] | None = None
