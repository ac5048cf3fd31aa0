"""An imported product as the front matter and files of its folder, and what keeps it a draft.

The front matter is the variants format as the browser editor writes it (options as a list of names
and values, each variant `for: [{name, value}]`), so the seller can go on in the editor; only what a
combination has of its own is written under it. A product that would fail the quality contract is
written with `draft: true` and the reasons, so the first build after an import succeeds and the
drafts are the seller's to-do list.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from decimal import Decimal

from .. import routes
from ..markdown_text import MAX_CHARACTERS
from ..models import Quality
from ..slugs import slugify
from .describe import to_markdown
from .model import ImportedPhoto, ImportedProduct
from .photos import Fetched

WORD_LIMIT_NOTE = "what it is made of, sizes, care, what is in the package"
PREORDER_REASON = "sold with no stock on the platform (a preorder): add ready_date, the day it ships, or set availability"
FULL_DESCRIPTION = "deskripsi-lengkap.txt"  # beside index.md; the build reads no .txt


@dataclass(frozen=True)
class PlannedPhoto:
    """A file of the product's folder: a photo ("foto-1.jpg"), or the whole of a description cut short."""

    name: str
    data: bytes


@dataclass(frozen=True)
class Plan:
    slug: str
    product: ImportedProduct
    front: dict  # key order as written
    body: str  # Markdown
    photos: tuple[PlannedPhoto, ...]
    reasons: tuple[str, ...]  # why it is a draft ("" when it is not)
    photo_errors: tuple[str, ...]  # photos that could not be fetched, with why


def number(value: Decimal) -> int | float:
    """A price as YAML writes it plainly: 185000, or 18.5 when it has cents."""
    return int(value) if value == value.to_integral_value() else float(value)


RESERVED = routes.LIST_VARIANT_NAMES  # a product cannot be called so (the lists' own folders)


def unique_slug(product: ImportedProduct, taken: set[str]) -> str:
    """Its folder name: the platform's handle when it is a name (Shopify's URL handle), else the title
    (WooCommerce's handle is a number such as 4521, which says nothing in an address)."""
    handle = product.handle or ""
    slug = slugify(product.title if not handle or re.fullmatch(r"(?:id:)?\d+", handle) else handle)
    candidate, n = slug, 2
    while candidate in taken or candidate in RESERVED:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


LOW_STOCK_AT = 3  # units left: "Tinggal 2" tells a shopper what the platform's count knew


def stock_state(availability: str | None, stock: int | None) -> str | None:
    """The state a count gives, the same for every format: 0 sold out, a few low stock, else as the file says."""
    if stock is not None and availability in (None, "in_stock", "low_stock"):
        if stock <= 0:
            return "sold_out"
        if stock <= LOW_STOCK_AT:
            return "low_stock"
    return availability


def plan(product: ImportedProduct, slug: str, fetched: dict[str, Fetched], quality: Quality,
         count_words, measure) -> Plan:
    """`count_words(markdown) -> int | None` (None: the build's Markdown refuses it) and
    `measure(data) -> (shortest side, sharpness)` are the build's own."""
    reasons: list[str] = []
    errors: list[str] = []
    photos: list[PlannedPhoto] = []
    names: dict[str, str] = {}  # source -> file name, so a variant's photo that is also a product photo is one file

    def take(photo: ImportedPhoto) -> str | None:
        if photo.source in names:
            return names[photo.source]
        got = fetched.get(photo.source)
        if got is None or got.data is None:
            errors.append(f"{photo.source}: {got.error if got else 'not fetched'}")
            return None
        name = f"foto-{len(photos) + 1}{got.extension or '.jpg'}"
        photos.append(PlannedPhoto(name, got.data))
        names[photo.source] = name
        side, sharp = measure(got.data)
        if side < quality.min_photo_px:
            reasons.append(f"photo {name} is {side} px on its shortest side; the shop needs at least {quality.min_photo_px}")
        elif sharp < quality.min_sharpness:
            reasons.append(f"photo {name} looks blurred (sharpness {sharp:.2f}, the shop needs {quality.min_sharpness})")
        return name

    listed = [(photo, take(photo)) for photo in product.photos]
    front: dict = {"title": product.title}
    prices = [v.price for v in product.variants if v.price is not None]
    price = product.price if product.price is not None else (min(prices) if prices else None)
    if price is None:
        reasons.append("no price in the file: add price")
    else:
        front["price"] = number(price)
    if product.sale_price is not None and price is not None and product.sale_price < price:
        front["sale_price"] = number(product.sale_price)
        if product.sale_until:
            front["sale_until"] = product.sale_until.isoformat()
    if product.sku:
        front["sku"] = product.sku
    availability = stock_state(product.availability, product.stock)
    if availability and availability != "in_stock":
        front["availability"] = availability
        if availability == "low_stock" and product.stock is not None:
            front["stock"] = product.stock
    if product.category:
        front["category"] = product.category
    if product.tags:
        front["tags"] = list(product.tags)
    if product.brand:
        front["brand"] = product.brand
    if product.weight_grams is not None:
        front["weight_grams"] = product.weight_grams
    front["photos"] = [{"src": name, "alt": photo.alt or product.title} for photo, name in listed if name]
    if not front["photos"]:
        reasons.append("no photo could be used: add at least one clear photo")
    if product.options:
        front["options"] = [{"name": o.name, "values": list(o.values)} for o in product.options]
        entries = []
        for variant in product.variants:
            entry: dict = {"for": [{"name": o.name, "value": value} for o, value in zip(product.options, variant.values)]}
            if variant.price is not None and variant.price != price:
                entry["price"] = number(variant.price)
            if variant.sale_price is not None and variant.sale_price < (variant.price or price or variant.sale_price + 1):
                entry["sale_price"] = number(variant.sale_price)
            if variant.sku and variant.sku != product.sku:
                entry["sku"] = variant.sku
            state = stock_state(variant.availability, variant.stock)
            if state and state != front.get("availability", "in_stock"):
                entry["availability"] = state
                if state == "low_stock" and variant.stock is not None:
                    entry["stock"] = variant.stock
            if variant.weight_grams is not None and variant.weight_grams != product.weight_grams:
                entry["weight_grams"] = variant.weight_grams
            if variant.photo is not None:
                name = take(variant.photo)
                if name:
                    entry["photo"] = name
            if len(entry) > 1:
                entries.append(entry)
        if entries:
            front["variants"] = entries
    states = [front.get("availability")] + [entry.get("availability") for entry in front.get("variants", [])]
    if "preorder" in states:  # sold at zero stock on the platform; a preorder here says when it ships
        reasons.append(PREORDER_REASON)
    body = to_markdown(product.description_html)
    if len(body) > MAX_CHARACTERS:  # the build refuses it even in a draft: cut at a paragraph, the whole text kept beside
        photos.append(PlannedPhoto(FULL_DESCRIPTION, body.encode("utf-8")))
        cut = body.rfind("\n\n", 0, MAX_CHARACTERS // 2)
        body = body[:cut if cut > 0 else MAX_CHARACTERS // 2].rstrip()
        reasons.append(f"description: longer than a product page takes ({len(body):,}+ characters): shortened here, "
                       f"the whole text is in {FULL_DESCRIPTION}")
    words = count_words(body)
    if words is None:  # beyond what the build's Markdown takes (markdown_text.TooComplex)
        reasons.append("description: too long or too deeply nested for a product page: shorten it")
    elif words < quality.min_description_words:
        reasons.append(f"description: {words} words; write at least {quality.min_description_words} ({WORD_LIMIT_NOTE})")
    if product.draft:
        reasons.insert(0, "a draft on the platform it came from")
    if reasons:
        front["draft"] = True
    return Plan(slug, product, front, body, tuple(photos), tuple(reasons), tuple(errors))


def measure_photo(data: bytes) -> tuple[int, float]:
    """The shortest side and sharpness of a photo, as the build measures them (generator/photos.py)."""
    from PIL import Image, ImageOps

    from ..photo_codec import check_pixels, sharpness

    with Image.open(io.BytesIO(data)) as image:
        check_pixels(image.size)
        image.seek(0)
        upright = ImageOps.exif_transpose(image).convert("RGB")
    return min(upright.size), sharpness(upright)
