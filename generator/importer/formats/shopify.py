"""Shopify's product CSV, in both header generations, as ImportedProducts.

Written to Shopify's column specification ("Using CSV files to import and export products",
help.shopify.com): the legacy headers (`Handle, Title, Body (HTML), …, Variant Price, Variant Compare At
Price, Image Src…`) and the current ones (`Title, URL handle, Description, …, Price, Compare-at price,
Product image URL…`). One product is every row with its handle: the first row with a Title carries the
product, each row with option values or a price is a variant, and rows with only an image add photos.

What the columns mean, as Shopify defines them:
- Compare-at price is the regular price when it is higher than Price (then Price is the sale price).
- Option1 Name `Title` with the value `Default Title` is a product without options.
- Inventory tracker blank: Shopify does not count this variant and always sells it, so its quantity
  means nothing. Inventory policy `continue` (Continue selling when out of stock: CONTINUE) keeps
  taking orders at zero: a preorder, not sold out.
- Weights are in grams whatever unit the shop displays them in; prices are plain decimals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from generator.importer.formats import FormatError
from generator.importer.model import ImportedOption, ImportedPhoto, ImportedProduct, ImportedVariant, ReadResult, Skipped
from generator.importer.table import Row, Table
from generator.slugs import slugify


@dataclass(frozen=True)
class Column:
    names: tuple[str, ...]  # the legacy header, then the current one (matched ignoring case)
    field: str  # what it fills, for the report


HANDLE = Column(("Handle", "URL handle"), "handle")
TITLE = Column(("Title",), "title")
BODY = Column(("Body (HTML)", "Description"), "description_html")
VENDOR = Column(("Vendor",), "brand")
TYPE = Column(("Type",), "category")
PRODUCT_CATEGORY = Column(("Product Category",), "category (when Type is empty)")
TAGS = Column(("Tags",), "tags")
PUBLISHED = Column(("Published", "Published on online store"), "draft")
STATUS = Column(("Status",), "draft")
GIFT_CARD = Column(("Gift Card",), "skipped (gift cards)")
OPTION_NAMES = tuple(Column((f"Option{n} Name",), "options") for n in (1, 2, 3))
OPTION_VALUES = tuple(Column((f"Option{n} Value",), "options, variants") for n in (1, 2, 3))
SKU = Column(("Variant SKU", "SKU"), "sku")
GRAMS = Column(("Variant Grams", "Weight value (grams)"), "weight_grams")
TRACKER = Column(("Variant Inventory Tracker", "Inventory tracker"), "stock")
QUANTITY = Column(("Variant Inventory Qty", "Inventory quantity"), "stock")
POLICY = Column(("Variant Inventory Policy", "Continue selling when out of stock"), "availability")
PRICE = Column(("Variant Price", "Price"), "price, sale_price")
COMPARE_AT = Column(("Variant Compare At Price", "Compare-at price"), "price (when higher than Price)")
IMAGE = Column(("Image Src", "Product image URL"), "photos")
IMAGE_POSITION = Column(("Image Position",), "photos (order)")
IMAGE_ALT = Column(("Image Alt Text",), "photos (alt)")
VARIANT_IMAGE = Column(("Variant Image", "Variant image URL"), "variants (photo)")

COLUMNS = (HANDLE, TITLE, BODY, VENDOR, TYPE, PRODUCT_CATEGORY, TAGS, PUBLISHED, STATUS, GIFT_CARD,
           *OPTION_NAMES, *OPTION_VALUES, SKU, GRAMS, TRACKER, QUANTITY, POLICY, PRICE, COMPARE_AT,
           IMAGE, IMAGE_POSITION, IMAGE_ALT, VARIANT_IMAGE)
VARIANT_DATA = (*OPTION_VALUES, SKU, PRICE, COMPARE_AT, QUANTITY)  # a row with any of these is a variant
HIDDEN_STATUSES = ("draft", "archived")
CATEGORY_CHOICES = ("first", "full")
PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
DECIMAL_COMMA = re.compile(r"-?\d+,\d{1,2}")  # 185000,00: Excel in a decimal-comma locale saved the file


class _Skip(Exception):
    """A product the file describes in a way that cannot be imported; the report names it and why."""

    def __init__(self, what: str, reason: str) -> None:
        super().__init__(reason)
        self.what = what
        self.reason = reason


class _Columns:
    """The table's own header for each Column, whichever generation (and capitalisation) it uses."""

    def __init__(self, headers: tuple[str, ...]) -> None:
        by_key = {header.casefold(): header for header in headers}
        self.header: dict[Column, str] = {}
        for column in COLUMNS:
            found = next((by_key[n.casefold()] for n in column.names if n.casefold() in by_key), None)
            if found:
                self.header[column] = found

    def get(self, row: Row, column: Column) -> str:
        header = self.header.get(column)
        return row.values.get(header, "") if header else ""

    def name(self, column: Column) -> str:
        return self.header.get(column, column.names[-1])


def read_shopify(table: Table, category: str = "first") -> ReadResult:
    if category not in CATEGORY_CHOICES:
        raise ValueError(f"category must be one of {CATEGORY_CHOICES}, not {category!r}")
    columns = _Columns(table.headers)
    if TITLE not in columns.header or PRICE not in columns.header:
        raise FormatError(f"{table.path}: no Title or Price column, so this is not a Shopify product CSV; "
                          "export it again from Shopify (Products > Export) or choose another --format")
    groups: dict[str, list[Row]] = {}
    skipped: list[Skipped] = []
    for row in table.rows:
        handle = columns.get(row, HANDLE)
        if not handle:
            title = columns.get(row, TITLE)
            if not title:
                skipped.append(Skipped(f"row {row.number}", f"no {columns.name(HANDLE)} and no Title: "
                                                            "a row belongs to the product whose handle it names"))
                continue
            handle = slugify(title)  # the current generation lets a new product leave its handle to Shopify
        groups.setdefault(handle, []).append(row)
    products = []
    for handle, rows in groups.items():
        try:
            products.append(_product(handle, rows, columns, category))
        except _Skip as skip:
            skipped.append(Skipped(skip.what, skip.reason))
    used = {columns.header[c]: c.field for c in COLUMNS if c in columns.header}
    return ReadResult(
        format="shopify",
        products=tuple(products),
        skipped=tuple(skipped),
        columns=used,
        unused=tuple(h for h in table.headers if h and h not in used),
        provides=_provides(columns),
    )


def _provides(columns: _Columns) -> frozenset[str]:
    """The keys this file's columns give (Shopify has no sale end date: a seller's sale_until stays while the sale runs)."""
    has = columns.header.__contains__
    provided = {"title", "price"}
    for key, found in (("sale_price", has(COMPARE_AT)), ("sku", has(SKU)), ("availability", has(QUANTITY) or has(TRACKER)),
                       ("stock", has(QUANTITY) or has(TRACKER)), ("weight_grams", has(GRAMS)),
                       ("category", has(TYPE) or has(PRODUCT_CATEGORY)), ("tags", has(TAGS)), ("brand", has(VENDOR)),
                       ("options", has(OPTION_NAMES[0])), ("variants", has(OPTION_NAMES[0])),
                       ("photos", has(IMAGE) or has(VARIANT_IMAGE))):
        if found:
            provided.add(key)
    return frozenset(provided)


def _product(handle: str, rows: list[Row], columns: _Columns, category: str) -> ImportedProduct:
    head = next((row for row in rows if columns.get(row, TITLE)), None)
    if head is None:
        raise _Skip(handle, f"{_rows(rows)}: no Title on any row of this handle")
    title = columns.get(head, TITLE)
    if _yes(columns.get(head, GIFT_CARD)):
        raise _Skip(title, f"row {head.number}: a gift card; gift cards are not imported")
    status = columns.get(head, STATUS).casefold()
    draft = status in HIDDEN_STATUSES or _no(columns.get(head, PUBLISHED))

    variant_rows = [row for row in rows if any(columns.get(row, c) for c in VARIANT_DATA)] or [head]
    names = [(n, columns.get(head, OPTION_NAMES[n])) for n in range(3)]
    names = [(n, name) for n, name in names if name]
    if _default_title(names, variant_rows, columns):
        names = []
    if not names and len(variant_rows) > 1:
        raise _Skip(title, f"{_rows(variant_rows)}: {len(variant_rows)} variants but no "
                           f"{columns.name(OPTION_NAMES[0])}: name the option they differ in (Ukuran, Warna)")

    photos = _photos(rows, columns)
    variants = [_variant(row, columns, title) for row in variant_rows]
    for variant in variants:  # a variant's photo is one of the product's, even when no image row names it
        if variant.photo and all(p.source != variant.photo.source for p in photos):
            photos.append(variant.photo)
    alt = {photo.source: photo.alt for photo in photos}
    variants = [replace(v, photo=ImportedPhoto(v.photo.source, alt[v.photo.source])) if v.photo else v for v in variants]

    common = dict(
        handle=handle,
        title=title,
        description_html=columns.get(head, BODY),
        category=_category(columns.get(head, TYPE) or columns.get(head, PRODUCT_CATEGORY), category),
        tags=_tags(columns.get(head, TAGS)),
        brand=columns.get(head, VENDOR) or None,
        draft=draft,
        photos=tuple(photos),
        row=rows[0].number,
    )
    if not names:
        only = variants[0]
        return ImportedProduct(**common, price=only.price, sale_price=only.sale_price, sku=only.sku, stock=only.stock,
                               availability=only.availability, weight_grams=only.weight_grams)

    options, variants = _options(names, variant_rows, variants, columns, title)
    prices = {(v.price, v.sale_price) for v in variants}
    regular = [v.price for v in variants if v.price is not None]
    weights = {v.weight_grams for v in variants}
    return ImportedProduct(
        **common,
        price=min(regular) if regular else None,  # the lowest, as "from Rp…"; each variant keeps its own
        sale_price=next(iter(prices))[1] if len(prices) == 1 else None,
        weight_grams=next(iter(weights)) if len(weights) == 1 else None,
        options=options,
        variants=variants,
    )


def _default_title(names: list[tuple[int, str]], variant_rows: list[Row], columns: _Columns) -> bool:
    """Shopify writes a product without options as one variant: Option1 Name `Title`, value `Default Title`."""
    return (len(names) == 1 and names[0] == (0, "Title") and len(variant_rows) == 1
            and columns.get(variant_rows[0], OPTION_VALUES[0]) in ("Default Title", ""))


def _options(names: list[tuple[int, str]], rows: list[Row], variants: list[ImportedVariant], columns: _Columns,
             title: str) -> tuple[tuple[ImportedOption, ...], tuple[ImportedVariant, ...]]:
    seen: dict[int, list[str]] = {n: [] for n, _ in names}
    combos: dict[tuple[str, ...], int] = {}
    result = []
    for row, variant in zip(rows, variants):
        values = []
        for n, name in names:
            value = columns.get(row, OPTION_VALUES[n])
            if not value:
                raise _Skip(title, f"row {row.number}: {columns.name(OPTION_VALUES[n])} is empty; "
                                   f"every variant row names its {name}")
            if value not in seen[n]:
                seen[n].append(value)
            values.append(value)
        key = tuple(values)
        if key in combos:
            raise _Skip(title, f"rows {combos[key]} and {row.number}: the same variant ({' / '.join(key)}) twice")
        combos[key] = row.number
        result.append(replace(variant, values=key))
    options = tuple(ImportedOption(name, tuple(seen[n])) for n, name in names)
    return options, tuple(result)


def _variant(row: Row, columns: _Columns, title: str) -> ImportedVariant:
    price = _number(row, PRICE, columns, title)
    compare_at = _number(row, COMPARE_AT, columns, title)
    sale_price = None
    if price is not None and compare_at is not None and compare_at > price:
        price, sale_price = compare_at, price
    grams = _number(row, GRAMS, columns, title)
    stock, availability = _stock(row, columns, title)
    image = columns.get(row, VARIANT_IMAGE)
    return ImportedVariant(
        values=(),
        price=price,
        sale_price=sale_price,
        sku=columns.get(row, SKU) or None,
        stock=stock,
        availability=availability,
        weight_grams=int(grams.quantize(Decimal(1), ROUND_HALF_UP)) if grams is not None else None,
        photo=ImportedPhoto(image) if image else None,
        row=row.number,
    )


def _stock(row: Row, columns: _Columns, title: str) -> tuple[int | None, str | None]:
    if TRACKER in columns.header and not columns.get(row, TRACKER):
        return None, "in_stock"  # not counted by Shopify: always for sale, and its quantity is meaningless
    quantity = _number(row, QUANTITY, columns, title)
    if quantity is None:
        return None, None
    if quantity != quantity.to_integral_value():
        raise _Skip(title, f"row {row.number}: {columns.name(QUANTITY)}: not a whole number (got {columns.get(row, QUANTITY)!r})")
    stock = max(int(quantity), 0)  # oversold below zero: none on hand
    if stock > 0:
        return stock, "in_stock"
    keeps_selling = columns.get(row, POLICY).casefold() in ("continue", "true", "yes")
    return stock, "preorder" if keeps_selling else "sold_out"


def _photos(rows: list[Row], columns: _Columns) -> list[ImportedPhoto]:
    found = []
    for order, row in enumerate(rows):
        source = columns.get(row, IMAGE)
        if not source:
            continue
        position = columns.get(row, IMAGE_POSITION)
        rank = int(position) if position.isdigit() else None
        found.append((rank is None, rank or 0, order, source, columns.get(row, IMAGE_ALT) or None))
    photos: list[ImportedPhoto] = []
    for *_, source, alt in sorted(found):  # by Image Position; unnumbered ones after, as they come
        if all(photo.source != source for photo in photos):
            photos.append(ImportedPhoto(source, alt))
    return photos


def _number(row: Row, column: Column, columns: _Columns, title: str) -> Decimal | None:
    text = columns.get(row, column).replace(" ", "")
    if not text:
        return None
    if DECIMAL_COMMA.fullmatch(text):
        text = text.replace(",", ".")
    if not PLAIN_NUMBER.fullmatch(text):
        raise _Skip(title, f"row {row.number}: {columns.name(column)}: not a number (got {columns.get(row, column)!r}); "
                           "write it as Shopify does, 185000.00")
    number = Decimal(text)  # the patterns admit only what Decimal reads
    if number < 0 and column is not QUANTITY:
        raise _Skip(title, f"row {row.number}: {columns.name(column)}: below zero (got {columns.get(row, column)!r})")
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number


def _category(text: str, choice: str) -> str | None:
    parts = [part.strip() for part in text.split(">") if part.strip()]
    if not parts:
        return None
    return parts[0] if choice == "first" else " > ".join(parts)


def _tags(text: str) -> tuple[str, ...]:
    tags: list[str] = []
    for tag in (t.strip() for t in text.split(",")):
        if tag and tag not in tags:
            tags.append(tag)
    return tuple(tags)


def _yes(text: str) -> bool:
    return text.strip().casefold() in ("true", "yes", "1")


def _no(text: str) -> bool:
    return text.strip().casefold() in ("false", "no", "0")


def _rows(rows: list[Row]) -> str:
    numbers = [str(row.number) for row in rows]
    return f"row {numbers[0]}" if len(numbers) == 1 else f"rows {', '.join(numbers)}"
