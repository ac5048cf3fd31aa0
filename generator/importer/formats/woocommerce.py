"""WooCommerce's own product CSV (Products → Export), read into ImportedProducts.

The columns are the built-in exporter's (WC_Product_CSV_Exporter, WooCommerce 3.1 and later, in English):
`ID, Type, SKU, Name, Published, …, Regular price, Categories, Tags, Images, Parent, Attribute N name,
Attribute N value(s)…`. What the exporter does to values, and this undoes: lists are joined with ", " and
a comma inside a value is written `\\,`; line breaks in descriptions are written as the two characters
`\\n`; a text starting with = + - @ gets a leading `'` (against spreadsheet formulas); the weight's unit
is only in its header ("Weight (kg)"); dates are "2025-08-31 23:59:59" in the shop's time zone.

Read: `simple` and `variable` products, and the `variation` rows of a variable one (matched by `Parent`,
which is the parent's SKU or `id:123`). Left out, each listed with its reason: `grouped` and `external`
products and anything downloadable or virtual (nothing to ship), variations that WooCommerce itself
would not sell (disabled, or without a price), and rows that say something this cannot read.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import math
import re
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from ...contract.schema import quote
from ...contract.variants import MAX_COMBINATIONS, MAX_OPTIONS
from .. import cells
from ..model import ImportedOption, ImportedPhoto, ImportedProduct, ImportedVariant, ReadResult, Skipped
from ..table import Row, Table

READ = {  # the exporter's column -> the field it fills (ReadResult.columns)
    "ID": "handle (and the Parent of variations)",
    "Type": "which products are read (simple, variable, variation)",
    "SKU": "sku",
    "Name": "title",
    "Published": "draft",
    "Short description": "description_html",
    "Description": "description_html",
    "Date sale price starts": "sale_price (a sale that has not started is left out)",
    "Date sale price ends": "sale_until",
    "In stock?": "availability",
    "Stock": "stock",
    "Backorders allowed?": "availability (orders taken with none in stock: a preorder)",
    "Sale price": "sale_price",
    "Regular price": "price",
    "Categories": "category",
    "Tags": "tags",
    "Images": "photos",
    "Parent": "variants (the product a variation belongs to)",
}
WEIGHT = re.compile(r"Weight \((.+)\)")
ATTRIBUTE = re.compile(r"Attribute (\d+) (name|value\(s\))")
TYPES = ("simple", "variable", "variation", "grouped", "external")
NOT_SHIPPED = {  # why a product type is left out
    "grouped": "grouped product (a set of other products, which are imported on their own)",
    "external": "external product (sold on another site)",
    "downloadable": "downloadable product (nothing to ship)",
    "virtual": "virtual product (nothing to ship)",
}
FORMULA = re.compile(r"'(?=[=+\-@\t\r])")  # the exporter's guard before a text that starts like a formula
BLOCK = re.compile(r"<(?:p|div|ul|ol|li|h[1-6]|table|blockquote|pre|section|figure|hr)\b", re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Fields:
    """What a product row and a variation row both have."""

    price: Decimal | None
    sale_price: Decimal | None
    sale_until: dt.date | None
    stock: int | None
    availability: str | None
    weight_grams: int | None


def read_woocommerce(table: Table, category: str = "first", today: dt.date | None = None) -> ReadResult:
    """The products of a WooCommerce export; `category` "first" keeps "A" of "A > B", "full" all of it.

    `today` decides which sales still run (a sale that has not started or has ended is not imported).
    """
    cells.check_category_choice(category)
    reader = _Reader(table, category, today or dt.date.today())
    products = reader.read()
    return ReadResult("woocommerce", tuple(products), tuple(reader.skipped), reader.columns(), reader.unused(), reader.provides())


class _Reader:
    def __init__(self, table: Table, category: str, today: dt.date):
        self.table = table
        self.category = category
        self.today = today
        self.skipped: list[Skipped] = []
        self.weight_header, self.grams_per_unit = _weight_column(table.headers)
        self.attributes = sorted({int(m.group(1)) for h in table.headers if (m := ATTRIBUTE.fullmatch(h))})

    # -- the file as a whole

    def read(self) -> list[ImportedProduct]:
        parents: list[Row] = []
        variations: dict[int, list[Row]] = {}  # parent's index in `parents` -> its variation rows
        by_id: dict[str, int] = {}
        by_sku: dict[str, int] = {}
        orphans: list[Row] = []
        for row in self.table.rows:
            if "variation" in _types(self.cell(row, "Type")):
                orphans.append(row)
                continue
            index = len(parents)
            parents.append(row)
            if self.cell(row, "ID"):
                by_id.setdefault(self.cell(row, "ID"), index)
            if self.cell(row, "SKU"):
                by_sku.setdefault(self.cell(row, "SKU"), index)
        for row in orphans:  # the exporter lists variations after their parent, but a filtered export need not
            parent = self.cell(row, "Parent")
            key = parent[3:] if parent.startswith("id:") else None
            index = by_id.get(key) if key is not None else by_sku.get(parent, by_id.get(parent))
            if index is None:
                reason = f"a variation of {quote(parent)}, a product not in the file" if parent else "a variation without a Parent"
                self.skipped.append(Skipped(f"row {row.number}", reason))
            else:
                variations.setdefault(index, []).append(row)
        products = []
        for index, row in enumerate(parents):
            product = self.product(row, variations.get(index, []))
            if product is not None:
                products.append(product)
        return products

    def product(self, row: Row, variations: list[Row]) -> ImportedProduct | None:
        title = html.unescape(self.cell(row, "Name"))
        what = title or f"row {row.number}"
        types = _types(self.cell(row, "Type"))
        left_out = next((NOT_SHIPPED[t] for t in ("grouped", "external", "downloadable", "virtual") if t in types), None)
        kind = next((t for t in types if t in TYPES), None)
        if left_out is None and kind not in ("simple", "variable"):
            left_out = f"product type {quote(self.cell(row, 'Type'))} is not one Etalase imports (simple and variable are)"
        if left_out is not None:
            more = f", with its {len(variations)} variation{'s' if len(variations) != 1 else ''}" if variations else ""
            self.skipped.append(Skipped(what, f"row {row.number}: {left_out}; left out{more}"))
            return None
        if not title:
            self.skipped.append(Skipped(what, "no Name"))
            return None
        if kind == "simple" and variations:
            self.skipped.extend(Skipped(f"row {v.number}", f"a variation of {quote(title)}, which is a simple product") for v in variations)
        try:
            fields = self.fields(row)
            product = ImportedProduct(
                handle=self.cell(row, "ID") or self.cell(row, "SKU") or title,
                title=title,
                description_html=self.description(row),
                price=fields.price,
                sale_price=fields.sale_price,
                sale_until=fields.sale_until,
                sku=self.cell(row, "SKU") or None,
                stock=fields.stock,
                availability=fields.availability,
                weight_grams=fields.weight_grams,
                category=cells.category(self.cell(row, "Categories"), self.category),
                tags=tuple(cells.split_list(self.cell(row, "Tags"))),
                draft=self.cell(row, "Published") not in ("1", ""),  # -1 draft, 0 private, 2 pending review
                photos=tuple(ImportedPhoto(source) for source in cells.split_list(self.cell(row, "Images"))),
                row=row.number,
            )
        except cells.CellError as error:
            self.skipped.append(Skipped(title, str(error)))
            return None
        if kind == "simple":
            if product.price is None:
                self.skipped.append(Skipped(title, f"row {row.number}: no Regular price (WooCommerce does not sell it either)"))
                return None
            return product
        return self.variable(product, row, variations)

    # -- a variable product and its variations

    def variable(self, product: ImportedProduct, row: Row, variations: list[Row]) -> ImportedProduct | None:
        title = product.title
        if not variations:
            self.skipped.append(Skipped(title, f"row {row.number}: a variable product without variations in the file"))
            return None
        offered = self.attribute_values(row, several=True)
        chosen = [self.attribute_values(v, several=False) for v in variations]
        # Options: the attributes the variations choose by, in the parent's order; the others only describe.
        used = {name.casefold() for choice in chosen for name in choice}
        names = [name for name in offered if name.casefold() in used]
        names += sorted({n for choice in chosen for n in choice if n.casefold() not in {m.casefold() for m in names}})
        if not names:
            self.skipped.append(Skipped(title, f"row {row.number}: its variations name no attribute (Attribute 1 name…)"))
            return None
        if len(names) > MAX_OPTIONS:
            self.skipped.append(Skipped(title, f"row {row.number}: {len(names)} attributes make its variations; "
                                               f"Etalase offers up to {MAX_OPTIONS} options: split it into products"))
            return None
        options = [self.option(name, offered, chosen) for name in names]
        variants: dict[tuple[str, ...], ImportedVariant] = {}
        sale_ends: list[dt.date] = []
        for variation, choice in zip(variations, chosen):
            made = self.variants(title, options, variation, choice)
            if made is None:
                continue
            found, sale_until = made
            new = [variant for variant in found if variant.values not in variants]
            if not new:
                self.skipped.append(Skipped(f"{title} ({', '.join(found[0].values)})", f"row {variation.number}: the same "
                                            "combination as an earlier variation, which WooCommerce sells instead; left out"))
                continue
            variants.update((variant.values, variant) for variant in new)  # WooCommerce sells the first that matches
            if sale_until is not None:
                sale_ends.append(sale_until)
        if not variants:
            self.skipped.append(Skipped(title, f"row {row.number}: none of its variations can be sold"))
            return None
        options = [ImportedOption(o.name, tuple(v for v in o.values if any(k[i] == v for k in variants)))
                   for i, o in enumerate(options)]  # only the values something sells
        # A variation's sale ends on its own date, an imported product's on one: the earliest, so that no
        # sale price is shown after WooCommerce would have ended it.
        sale_until = min(sale_ends) if sale_ends else product.sale_until
        combinations = math.prod(len(option.values) for option in options)
        if combinations > MAX_COMBINATIONS:
            self.skipped.append(Skipped(title, f"row {row.number}: {combinations} combinations; Etalase shows up to {MAX_COMBINATIONS}"))
            return None
        return replace(product, sale_until=sale_until, options=tuple(options), variants=tuple(variants.values()))

    def option(self, name: str, offered: dict[str, list[str]], chosen: list[dict[str, str]]) -> ImportedOption:
        """The option's values: the parent's list, in its order, then any only a variation names."""
        parent = next((values for key, values in offered.items() if key.casefold() == name.casefold()), [])
        picked = [choice[key] for choice in chosen for key in choice if key.casefold() == name.casefold() and choice[key]]
        values = list(parent)
        values += [v for v in dict.fromkeys(picked) if v.casefold() not in {p.casefold() for p in values}]
        return ImportedOption(name, tuple(values))

    def variants(self, title: str, options: list[ImportedOption], row: Row,
                 choice: dict[str, str]) -> tuple[list[ImportedVariant], dt.date | None] | None:
        """The combinations one variation row sells (several when it is "Any Ukuran"), and its sale's end."""
        picked: list[tuple[str, ...]] = []
        for option in options:
            value = next((v for k, v in choice.items() if k.casefold() == option.name.casefold()), "")
            if value:  # spelled as the parent spells it
                value = next((v for v in option.values if v.casefold() == value.casefold()), value)
                picked.append((value,))
            else:  # "Any …": the variation sells every value of this option
                picked.append(option.values)
        label = f"{title} ({', '.join(p[0] if len(p) == 1 else 'any' for p in picked)})"
        types = _types(self.cell(row, "Type"))
        reason = next((NOT_SHIPPED[t] for t in ("downloadable", "virtual") if t in types), None)
        if reason is not None:
            self.skipped.append(Skipped(label, f"row {row.number}: {reason.replace('product', 'variation')}; left out"))
            return None
        if self.cell(row, "Published") == "0":  # a disabled variation is exported as private
            self.skipped.append(Skipped(label, f"row {row.number}: a disabled variation; left out"))
            return None
        try:
            fields = self.fields(row)
        except cells.CellError as error:
            self.skipped.append(Skipped(label, str(error)))
            return None
        if fields.price is None:
            self.skipped.append(Skipped(label, f"row {row.number}: a variation without a price (WooCommerce does not sell it either)"))
            return None
        if math.prod(len(p) for p in picked) > MAX_COMBINATIONS:
            self.skipped.append(Skipped(label, f"row {row.number}: \"any\" makes more than {MAX_COMBINATIONS} combinations; left out"))
            return None
        combinations = list(itertools.product(*picked))
        stock, availability = fields.stock, fields.availability
        if len(combinations) > 1 and stock is not None:
            # one count shared by several combinations cannot be split between them: keep only in or out
            availability = availability or ("sold_out" if stock == 0 else "in_stock")
            stock = None
        images = cells.split_list(self.cell(row, "Images"))
        made = [ImportedVariant(values=values, price=fields.price, sale_price=fields.sale_price,
                                sku=(self.cell(row, "SKU") or None) if len(combinations) == 1 else None,
                                stock=stock, availability=availability, weight_grams=fields.weight_grams,
                                photo=ImportedPhoto(images[0]) if images else None, row=row.number)
                for values in combinations]
        return made, fields.sale_until if fields.sale_price is not None else None

    def attribute_values(self, row: Row, several: bool) -> dict[str, list[str]] | dict[str, str]:
        """Attribute name -> its values (a product: its list) or its one value (a variation; "" for any)."""
        found: dict = {}
        for number in self.attributes:
            name = html.unescape(self.cell(row, f"Attribute {number} name"))
            if not name:
                continue
            text = self.cell(row, f"Attribute {number} value(s)")
            found[name] = cells.split_list(text) if several else text.replace("\\,", ",").strip()
        return found

    # -- one row's values

    def fields(self, row: Row) -> Fields:
        where = f"row {row.number}"
        regular = self.value(row, "Regular price", cells.decimal)
        sale = self.value(row, "Sale price", cells.decimal)
        starts = self.value(row, "Date sale price starts", cells.date)
        ends = self.value(row, "Date sale price ends", cells.date)
        if regular is None:
            price, sale = sale, None  # only a sale price: that is the price
        else:
            price = regular
        if sale is not None and not sale < price:
            sale = None  # not lower: no sale
        if sale is not None and ((starts and starts > self.today) or (ends and ends < self.today)):
            sale = None  # Etalase has no sale start, and a sale that has ended is over
        stock_text = self.cell(row, "Stock").lower()
        if stock_text in ("", "parent"):  # "parent": the variable product counts the stock for its variations
            stock = None
        elif re.fullmatch(r"-?\d+", stock_text):
            stock = max(0, int(stock_text))  # below 0 after backorders: none on hand
        else:
            raise cells.CellError(f"{where}: Stock: {quote(self.cell(row, 'Stock'))} is not a whole number")
        status = self.cell(row, "In stock?").lower()
        backorders = self.cell(row, "Backorders allowed?").lower() in ("1", "yes", "notify")
        if status not in ("", "1", "instock", "0", "outofstock", "backorder", "onbackorder"):
            raise cells.CellError(f"{where}: In stock?: {quote(self.cell(row, 'In stock?'))} is not 1, 0 or backorder")
        if status in ("0", "outofstock"):
            availability, stock = "sold_out", 0 if stock is not None else None
        elif stock is not None and stock > 0:
            availability = None  # on hand: the writer tells in stock from low stock by the count
        elif status in ("backorder", "onbackorder") or (stock == 0 and backorders):
            # Orders taken with none on hand, shipped when it comes: a preorder, as Shopify's "continue selling"
            # is, so the product is a draft until the seller gives its ready_date; never "in stock".
            availability = "preorder"
        elif status in ("1", "instock"):
            availability = None if stock is not None else "in_stock"  # with a count (0), the writer says sold out
        else:
            availability = None
        grams = None
        if self.weight_header is not None:
            value = self.value(row, self.weight_header, cells.decimal)
            if value is not None:
                grams = int((value * self.grams_per_unit).quantize(Decimal(1), rounding=ROUND_HALF_UP)) or None
        return Fields(price, sale, ends if sale is not None else None, stock, availability, grams)

    def value(self, row: Row, header: str, convert):
        try:
            return convert(self.cell(row, header))
        except cells.CellError as error:
            raise cells.CellError(f"row {row.number}: {header}: {error}") from None

    def description(self, row: Row) -> str:
        """The description; the short one alone when that is all there is, or before it when it says more."""
        long = _paragraphs(_lines(self.cell(row, "Description")))
        short = _paragraphs(_lines(self.cell(row, "Short description")))
        if short and long and _text(short) not in _text(long):
            return f"{short}\n{long}"
        return long or short

    @staticmethod
    def cell(row: Row, header: str) -> str:
        value = row.get(header)
        return value[1:] if FORMULA.match(value) else value

    # -- the report

    def columns(self) -> dict[str, str]:
        found = {header: field for header, field in READ.items() if header in self.table.headers}
        if self.weight_header is not None:
            found[self.weight_header] = "weight_grams"
        for header in self.table.headers:
            match = ATTRIBUTE.fullmatch(header)
            if match:
                found[header] = "options (the attributes variations are made of)" if match.group(2) == "name" else "options and variants"
        return found

    def provides(self) -> frozenset[str]:
        """The keys this file's columns give (the exporter has no brand); options with the attribute columns."""
        headers = set(self.table.headers)
        provided = {"title", "price"}
        for key, columns in (("sale_price", ("Sale price",)), ("sale_until", ("Date sale price ends",)), ("sku", ("SKU",)),
                             ("availability", ("In stock?", "Stock", "Backorders allowed?")),
                             ("stock", ("In stock?", "Stock", "Backorders allowed?")), ("category", ("Categories",)),
                             ("tags", ("Tags",)), ("photos", ("Images",))):
            if headers.intersection(columns):
                provided.add(key)
        if self.weight_header is not None:
            provided.add("weight_grams")
        if self.attributes:
            provided |= {"options", "variants"}
        return frozenset(provided)

    def unused(self) -> tuple[str, ...]:
        read = self.columns()
        return tuple(h for h in self.table.headers if h and h not in read and any(r.values.get(h) for r in self.table.rows))


def _weight_column(headers: tuple[str, ...]) -> tuple[str | None, Decimal]:
    """"Weight (kg)" and its unit in grams; no column when the unit is not one this knows."""
    for header in headers:
        match = WEIGHT.fullmatch(header)
        if match:
            factor = cells.unit_grams(match.group(1))
            if factor is not None:
                return header, factor
    return None, Decimal(1)


def _types(text: str) -> set[str]:
    return {part.strip().lower() for part in text.split(",") if part.strip()}


def _lines(text: str) -> str:
    """Undo the exporter's `\\n` for a line break (and `\\\\n` for a written backslash-n)."""
    return re.sub(r"\\(\\)?n", lambda m: "\\n" if m.group(1) else "\n", text).strip()


def _paragraphs(text: str) -> str:
    """WordPress stores paragraphs as blank lines and adds the <p> tags when it shows them (wpautop); a
    description without any block tag gets them here, so its paragraphs survive the HTML."""
    if not text or BLOCK.search(text):
        return text
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "\n".join("<p>" + p.replace("\n", "<br>\n") + "</p>" for p in paragraphs)


def _text(html_text: str) -> str:
    """Roughly what a description says, to tell whether the short one repeats the long one."""
    return " ".join(html.unescape(TAG.sub("", html_text)).split()).casefold()
