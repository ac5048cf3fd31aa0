"""A spreadsheet a seller keeps by hand (CSV or XLSX), with Indonesian or English headers, read into products.

Columns are found by name, whatever their case, spacing or a trailing `*` or `:`, from the synonyms in
FIELDS (`Nama Produk`, `Nama`, `Product name` → title; `Harga` → price; …); a note in brackets is kept as
a unit (`Berat (gram)`, `Berat (kg)`, `Harga (Rp)`). The first column matching a field is read, and
ReadResult.columns says which header fed what; the others are listed as unused.

One row is one product, or one combination of a product with options:
- Rows with the same name (Nama Produk) are one product; each row's `Variasi` is its combination.
- A combination is written "Ukuran: S" or "Warna: Merah, Ukuran: L" (names in the cell), or "Merah, L"
  with the names in `Nama Variasi` ("Warna, Ukuran"); values are separated by `,` `;` `|` or ` / `.
  With one name, the whole cell is the value ("Merah, Putih" is one colour). Without names, the
  option is called as the column is (`Variasi`, or `Variasi 1`, `Variasi 2` for several values).
  Instead of one column, `Variasi 1`, `Variasi 2`… (with `Nama Variasi 1`…) give one value each.
- A row with no name but a Variasi continues the product above it. A row without Variasi before a
  product's combinations holds what they share (only there: a second one is refused).
- What the product shows (description, category, tags, photos, status, brand, weight) is its first
  row's. A combination has its own SKU, stock, weight (empty: the product's) and first photo (its
  other photos join the product's); its prices are its own, or the first row's when it leaves Harga,
  Harga Coret and Harga Promo all empty, as its Nama Variasi when that is empty.

Amounts as sellers type them (`185000`, `185.000`, `Rp 185.000,-`, `185,000.50`): the sheet's thousands
separator comes from its amounts (`1.250.000`, `Rp`, `Harga (Rp)`), else its headers' language (see
cells.amount); what stays ambiguous is refused with the row, never guessed. `Harga Coret` above `Harga`
makes `Harga` the sale price; `Harga Promo` below it is the sale price.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import tempfile
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

from ...contract.schema import quote
from ...contract.variants import MAX_COMBINATIONS, MAX_OPTIONS
from .. import cells
from ..model import ImportedOption, ImportedPhoto, ImportedProduct, ImportedVariant, ReadResult, Skipped
from ..table import Row, Table, TableError

# field -> (Indonesian names, English names, names of either); matched after _key()
FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "title": (("nama produk", "nama", "produk", "nama barang", "judul", "judul produk"),
              ("product name", "name", "product", "title", "product title", "item name"), ()),
    "price": (("harga", "harga jual", "harga satuan"), ("price", "selling price", "unit price"), ()),
    "compare_at": (("harga coret", "harga normal", "harga asli", "harga sebelum diskon"),
                   ("compare at price", "compare at", "regular price", "original price", "list price"), ()),
    "sale": (("harga promo", "harga diskon"), ("sale price", "discount price", "promo price"), ()),
    "sale_until": (("promo sampai", "diskon sampai", "akhir promo"), ("sale until", "sale ends", "sale end date"), ()),
    "stock": (("stok", "jumlah", "stok tersedia", "persediaan"), ("stock", "quantity", "qty", "inventory"), ()),
    "weight": (("berat",), ("weight",), ()),
    "category": (("kategori",), ("category",), ()),
    "tags": (("label",), ("tags",), ("tag",)),
    "sku": (("kode", "kode produk", "kode barang"), ("code", "product code", "item code"), ("sku",)),
    "description": (("deskripsi", "keterangan", "deskripsi produk"), ("description", "product description"), ()),
    "brand": (("merek", "merk"), ("brand",), ()),
    "status": ((), (), ("status",)),
    "draft": ((), (), ("draft",)),
}
DESCRIBED = {  # field -> what the report says it fed
    "title": "title", "price": "price",
    "compare_at": "price (the regular price, when higher than the price: that is then the sale price)",
    "sale": "sale_price (when lower than the price)", "sale_until": "sale_until", "stock": "stock and availability",
    "weight": "weight_grams", "category": "category", "tags": "tags", "sku": "sku", "description": "description_html",
    "brand": "brand", "status": "draft", "draft": "draft",
}
PHOTO = re.compile(r"(?:url )?(?:foto|gambar|photo|image|picture|img)(?: url)?(?: produk| product)?(?: (?:\d+|utama|main))?")
VARIANT = re.compile(r"(?:variasi|pilihan|varian|variant|variation|option)(?: (\d+))?")
OPTION_NAME = re.compile(r"(?:nama variasi|nama pilihan|nama varian|jenis variasi|option names?|variant name|variation name)"
                         r"(?: (\d+))?")
SEPARATORS = re.compile(r"\s*[,;|]\s*|\s+/\s+")
HTML_TAG = re.compile(r"</?(?:p|br|ul|ol|li|b|strong|i|em|h[1-6]|div|span|a|table|tr|td)\b[^>]*>", re.IGNORECASE)
DRAFT_WORDS = {"draft", "konsep", "nonaktif", "non aktif", "tidak aktif", "inactive", "hidden", "sembunyikan",
               "disembunyikan", "arsip", "archived", "unpublished", "unlisted", "tidak tampil"}
LIVE_WORDS = {"aktif", "active", "published", "publish", "tampil", "live", "dijual", "ready", "on"}
YES = {"ya", "y", "yes", "true", "1", "x", "v", "✓", "draft"}
NO = {"tidak", "t", "no", "n", "false", "0", "-"}

TEMPLATE = {
    "id": ("Nama Produk", "Harga", "Harga Coret", "Stok", "Berat (gram)", "Kategori", "Tag", "SKU", "Deskripsi",
           "Nama Variasi", "Variasi", "Status", "Foto 1", "Foto 2", "Foto 3", "Foto 4", "Foto 5"),
    "en": ("Product name", "Price", "Compare at price", "Stock", "Weight (g)", "Category", "Tags", "SKU", "Description",
           "Option name", "Variant", "Status", "Photo 1", "Photo 2", "Photo 3", "Photo 4", "Photo 5"),
}
TEMPLATE_HELP = {  # a comment on the XLSX template's headers
    "id": {"Nama Produk": "Wajib. Baris dengan nama yang sama adalah satu produk dengan variasinya.",
           "Harga": "Wajib, misal 185000 atau 185.000", "Harga Coret": "Harga sebelum diskon (kosongkan jika tidak ada)",
           "Stok": "Jumlah barang, atau \"habis\"", "Kategori": "Misal Pakaian atau Pakaian > Kemeja",
           "Tag": "Dipisah koma", "SKU": "Kode barang (kolom ini teks, agar barcode tidak berubah)",
           "Nama Variasi": "Misal Warna, Ukuran", "Variasi": "Misal Merah, L", "Status": "Aktif atau Draft",
           "Foto 1": "Nama file di samping sheet ini, atau alamat https://"},
    "en": {"Product name": "Required. Rows with the same name are one product with its variants.",
           "Price": "Required, e.g. 185000", "Compare at price": "The price before a discount (leave empty if none)",
           "Stock": "How many, or \"sold out\"", "Category": "e.g. Clothing or Clothing > Shirts", "Tags": "Comma-separated",
           "SKU": "Your code (this column is text, so barcodes stay as typed)", "Option name": "e.g. Colour, Size",
           "Variant": "e.g. Red, L", "Status": "Active or Draft", "Photo 1": "A file beside this sheet, or an https:// address"},
}


@dataclass(frozen=True)
class Column:
    header: str
    note: str  # what was in brackets ("gram", "rp"), lower case


@dataclass
class Layout:
    """Which header feeds what, found once for the file."""

    fields: dict[str, Column] = field(default_factory=dict)
    photos: list[str] = field(default_factory=list)
    variants: dict[int, str] = field(default_factory=dict)  # 0 for the one `Variasi`, else its number
    option_names: dict[int, str] = field(default_factory=dict)
    language: str = "id"


@dataclass
class Group:
    """The rows of one product, in the file's order."""

    title: str
    rows: list[Row]


def read_sheet(table: Table, category: str = "first") -> ReadResult:
    """The products of a seller's own sheet; `category` "first" keeps "A" of "A > B", "full" all of it."""
    cells.check_category_choice(category)
    layout = _layout(table.headers)
    if "title" not in layout.fields:
        names = ", ".join(FIELDS["title"][0][:2] + FIELDS["title"][1][:2])
        raise TableError(f"{table.path}: no column for the product's name (such as {names})")
    reader = _Reader(table, layout, category)
    products = reader.read()
    return ReadResult("sheet", tuple(products), tuple(reader.skipped), _columns(layout), _unused(table, layout),
                      _provides(layout))


def _key(header: str) -> tuple[str, str]:
    """"Berat (gram)*" → ("berat", "gram"): lower case, single spaces, the note in brackets apart."""
    notes = " ".join(re.findall(r"\(([^)]*)\)", header)).strip().lower()
    text = re.sub(r"\([^)]*\)", " ", header).lower()
    text = re.sub(r"[_\-:*.#]+", " ", text)
    return " ".join(text.split()), notes


def _layout(headers: tuple[str, ...]) -> Layout:
    layout = Layout()
    votes = {"id": 0, "en": 0}
    for header in headers:
        key, note = _key(header)
        if not key:
            continue
        found = next(((name, lang) for name, (id_names, en_names, both) in FIELDS.items()
                      for lang, names in (("id", id_names), ("en", en_names), ("", both)) if key in names), None)
        if found is not None:
            name, lang = found
            if name == "weight" and note and cells.unit_grams(note) is None:
                continue  # "Berat (karung)": not a unit this knows, so not read as grams
            if name not in layout.fields:
                layout.fields[name] = Column(header, note)
                if lang:
                    votes[lang] += 1
        elif PHOTO.fullmatch(key):
            layout.photos.append(header)
            votes["id" if key.startswith(("foto", "gambar")) else "en"] += 1
        elif (match := OPTION_NAME.fullmatch(key)) is not None:
            layout.option_names.setdefault(int(match.group(1) or 0), header)
        elif (match := VARIANT.fullmatch(key)) is not None:
            layout.variants.setdefault(int(match.group(1) or 0), header)
    if 0 in layout.variants and len(layout.variants) > 1:
        del layout.variants[0]  # `Variasi 1`, `Variasi 2` say more than a lone `Variasi` beside them
    layout.language = "en" if votes["en"] > votes["id"] else "id"
    return layout


def _columns(layout: Layout) -> dict[str, str]:
    found = {column.header: DESCRIBED[name] for name, column in layout.fields.items()}
    found.update({header: "photos" for header in layout.photos})
    found.update({header: "options and variants (the combination)" for header in layout.variants.values()})
    found.update({header: "options (their names)" for number, header in layout.option_names.items()
                  if number in layout.variants or (number == 0 and layout.variants)})
    return found


def _provides(layout: Layout) -> frozenset[str]:
    """The keys this sheet's columns give: a sheet without a Harga Coret or Harga Promo column says nothing of sales."""
    fields = layout.fields
    provided = {"title"}
    for key, names in (("price", ("price", "compare_at", "sale")), ("sale_price", ("compare_at", "sale")),
                       ("sale_until", ("sale_until",)), ("sku", ("sku",)), ("availability", ("stock",)), ("stock", ("stock",)),
                       ("weight_grams", ("weight",)), ("category", ("category",)), ("tags", ("tags",)), ("brand", ("brand",))):
        if any(name in fields for name in names):
            provided.add(key)
    if layout.variants:
        provided |= {"options", "variants"}
    if layout.photos:
        provided.add("photos")
    return frozenset(provided)


def _unused(table: Table, layout: Layout) -> tuple[str, ...]:
    read = _columns(layout)
    return tuple(h for h in table.headers if h and h not in read and any(r.values.get(h) for r in table.rows))


class _Reader:
    def __init__(self, table: Table, layout: Layout, category: str):
        self.table = table
        self.layout = layout
        self.category = category
        self.skipped: list[Skipped] = []
        self.convention = self.choose_convention()
        self.number_cells = table.path.suffix.lower() in (".xlsx", ".xlsm")  # openpyxl's numbers, as Python writes them
        weight = layout.fields.get("weight")
        self.grams_per_unit = (cells.unit_grams(weight.note) if weight and weight.note else None) or Decimal(1)

    def choose_convention(self) -> cells.Convention:
        """Which of . and , separates thousands here: what the amounts themselves show, else the headers' language."""
        columns = [self.layout.fields[name] for name in ("price", "compare_at", "sale") if name in self.layout.fields]
        indonesian = any(c.note in ("rp", "idr") for c in columns)
        english = False
        for row in self.table.rows:
            for column in columns:
                text = row.get(column.header).replace(" ", "")
                indonesian |= bool(cells.RUPIAH.match(text) or re.search(r"\d\.\d{3}\.\d{3}|\.\d{3},\d{1,2}\b", text))
                english |= bool(re.search(r"\d,\d{3},\d{3}|,\d{3}\.\d{1,2}\b", text))
        if indonesian != english:
            return cells.INDONESIAN if indonesian else cells.ENGLISH
        return cells.INDONESIAN if self.layout.language == "id" else cells.ENGLISH

    def cell(self, row: Row, name: str) -> str:
        column = self.layout.fields.get(name)
        return row.get(column.header) if column else ""

    def label(self, name: str) -> str:
        return self.layout.fields[name].header if name in self.layout.fields else name

    # -- rows into products

    def read(self) -> list[ImportedProduct]:
        products = []
        for group in self.groups():
            product = self.product(group)
            if product is not None:
                products.append(product)
        return products

    def groups(self) -> list[Group]:
        groups: dict[str, Group] = {}
        last: Group | None = None
        for row in self.table.rows:
            title = " ".join(self.cell(row, "title").split())
            if not title:
                if last is not None and self.combination_text(row):
                    last.rows.append(row)  # no name but a Variasi: the product above continues
                else:
                    self.skipped.append(Skipped(f"row {row.number}", f"no product name ({self.label('title')})"))
                continue
            key = title.casefold()
            if key not in groups:
                groups[key] = Group(title, [])
            last = groups[key]
            last.rows.append(row)
        return list(groups.values())

    def product(self, group: Group) -> ImportedProduct | None:
        first = group.rows[0]
        title = group.title
        try:
            product = ImportedProduct(
                handle=title,
                title=title,
                description_html=_description(self.cell(first, "description")),
                sale_until=self.value(first, "sale_until", cells.date),
                sku=self.cell(first, "sku") or None,
                weight_grams=self.weight(first),
                category=cells.category(self.cell(first, "category"), self.category),
                tags=_tags(self.cell(first, "tags")),
                brand=self.cell(first, "brand") or None,
                draft=self.draft(first),
                photos=tuple(ImportedPhoto(source) for source in self.photos(first)),
                row=first.number,
            )
        except cells.CellError as error:
            others = len(group.rows) - 1
            more = f" (with its {others} other row{'s' if others > 1 else ''})" if others else ""
            self.skipped.append(Skipped(title, f"{error}{more}"))
            return None
        plain = [row for row in group.rows if not self.combination_text(row)]
        if len(plain) == len(group.rows):  # no options
            for row in plain[1:]:
                self.skipped.append(Skipped(f"row {row.number}", f"a second product named {quote(title)} (row {first.number} is "
                                            f"the first): give its rows a {self.variant_label()}, or the products different names"))
            return self.simple(product, first)
        for row in plain:  # only the first row may be without a combination: it holds what they share
            if row is not first:
                self.skipped.append(Skipped(f"row {row.number}", f"{quote(title)} has combinations, and this row has no "
                                                                  f"{self.variant_label()}: write which one it is"))
        return self.with_options(product, first, [row for row in group.rows if self.combination_text(row)])

    def simple(self, product: ImportedProduct, row: Row) -> ImportedProduct | None:
        try:
            price, sale = self.prices(row, row)
            stock, availability = self.stock(row)
        except cells.CellError as error:
            self.skipped.append(Skipped(product.title, str(error)))
            return None
        if price is None:
            self.skipped.append(Skipped(product.title, f"row {row.number}: no price ({self.label('price')})"))
            return None
        return replace(product, price=price, sale_price=sale, sale_until=product.sale_until if sale else None,
                       stock=stock, availability=availability)

    def with_options(self, product: ImportedProduct, first: Row, rows: list[Row]) -> ImportedProduct | None:
        title = product.title
        names: list[str] | None = None
        variants: dict[tuple[str, ...], ImportedVariant] = {}
        seen_at: dict[tuple[str, ...], int] = {}
        sale_ends: list[dt.date] = []
        first_photo = product.photos[0].source if product.photos else None
        extra = [photo.source for photo in product.photos]  # the product's photos, then those of combinations beyond their first
        for row in rows:
            try:
                pairs = self.combination(row, first)
                if names is None:  # the first combination read names the options
                    found = [name for name, _ in pairs]
                    if len({n.casefold() for n in found}) != len(found):
                        raise cells.CellError(f"row {row.number}: {self.variant_label()} names an option twice")
                    if len(found) > MAX_OPTIONS:
                        self.skipped.append(Skipped(title, f"row {row.number}: {len(found)} options; Etalase offers up to "
                                                           f"{MAX_OPTIONS}: split it into products"))
                        return None
                    names = found
                values = self.ordered(row, names, pairs)
                if values in seen_at:
                    raise cells.CellError(f"row {row.number}: the same combination as row {seen_at[values]}")
                price, sale = self.prices(row, first)
                if price is None:
                    raise cells.CellError(f"row {row.number}: no price ({self.label('price')})")
                stock, availability = self.stock(row)
                grams = self.weight(row)
                until = self.value(row, "sale_until", cells.date) or product.sale_until
            except cells.CellError as error:
                self.skipped.append(Skipped(f"{title} ({self.combination_text(row)})", str(error)))
                continue
            photos = self.photos(row)
            extra += [p for p in photos[1:] if p not in extra]
            seen_at[values] = row.number
            variants[values] = ImportedVariant(
                values=values, price=price, sale_price=sale,
                sku=self.cell(row, "sku") or None,
                stock=stock, availability=availability,
                weight_grams=grams if grams != product.weight_grams else None,
                photo=ImportedPhoto(photos[0]) if photos and photos[0] != first_photo else None,
                row=row.number,
            )
            if sale is not None and until is not None:
                sale_ends.append(until)
        if not variants or names is None:
            self.skipped.append(Skipped(title, f"row {first.number}: none of its combinations could be read"))
            return None
        options = tuple(ImportedOption(name, tuple(dict.fromkeys(v[i] for v in variants))) for i, name in enumerate(names))
        combinations = 1
        for option in options:
            combinations *= len(option.values)
        if combinations > MAX_COMBINATIONS:
            self.skipped.append(Skipped(title, f"row {first.number}: {combinations} combinations; Etalase shows up to {MAX_COMBINATIONS}"))
            return None
        # The product's SKU names the group only when a row without Variasi gives it; a combination's is its own.
        sku = product.sku if not self.combination_text(first) else None
        # One sale end for the product: the earliest, so no sale price outlives the seller's date.
        return replace(product, sku=sku, sale_until=min(sale_ends) if sale_ends else None,
                       photos=tuple(ImportedPhoto(source) for source in extra), options=options, variants=tuple(variants.values()))

    # -- a row's combination

    def variant_label(self) -> str:
        return next(iter(self.layout.variants.values()), "Variasi" if self.layout.language == "id" else "Variant")

    def combination_text(self, row: Row) -> str:
        return ", ".join(row.get(h) for _, h in sorted(self.layout.variants.items()) if row.get(h))

    def combination(self, row: Row, first: Row) -> list[tuple[str, str]]:
        """(option name, value) pairs of the row's combination, in the order written."""
        pairs: list[tuple[str | None, str]] = []
        if 0 in self.layout.variants:
            header = self.layout.variants[0]
            text = row.get(header)
            names_header = self.layout.option_names.get(0)
            names_text = (row.get(names_header) or first.get(names_header)) if names_header else ""
            if ":" in text:
                pairs = [_pair(row, part, header, text) for part in SEPARATORS.split(text) if part.strip()]
            else:
                names = [n for n in SEPARATORS.split(names_text) if n] if names_text else []
                values = [text] if len(names) == 1 else [v for v in SEPARATORS.split(text) if v]
                if names and len(names) != len(values):
                    raise cells.CellError(f"row {row.number}: {header} {quote(text)} has {len(values)} values, "
                                          f"{names_header} {quote(names_text)} names {len(names)}")
                pairs = list(zip(names or [None] * len(values), values))
            defaults = [header] if len(pairs) == 1 else [f"{header} {i}" for i in range(1, len(pairs) + 1)]
            return [(name or default, value) for (name, value), default in zip(pairs, defaults)]
        for number, header in sorted(self.layout.variants.items()):
            text = row.get(header)
            if not text:
                continue
            if ":" in text:
                pairs.append(_pair(row, text, header, text))
            else:
                names_header = self.layout.option_names.get(number)
                name = (row.get(names_header) or first.get(names_header)) if names_header else ""
                pairs.append((name or header, text))
        return [(name or "", value) for name, value in pairs]

    def ordered(self, row: Row, names: list[str], pairs: list[tuple[str, str]]) -> tuple[str, ...]:
        """The row's values in the order of the product's first combination, by option name."""
        found = {name.casefold(): value for name, value in pairs}
        if len(found) != len(pairs) or set(found) != {n.casefold() for n in names}:
            raise cells.CellError(f"row {row.number}: its {self.variant_label()} names {', '.join(n for n, _ in pairs)}, "
                                  f"the product's first combination {', '.join(names)}")
        return tuple(found[name.casefold()] for name in names)

    # -- a row's cells

    def value(self, row: Row, name: str, convert):
        try:
            return convert(self.cell(row, name))
        except cells.CellError as error:
            raise cells.CellError(f"row {row.number}: {self.label(name)}: {error}") from None

    def weight(self, row: Row) -> int | None:
        return self.value(row, "weight", lambda t: cells.weight(t, self.convention, self.grams_per_unit, number_cell=self.number_cells))

    def amount(self, row: Row, name: str) -> Decimal | None:
        return self.value(row, name, lambda t: cells.amount(t, self.convention, number_cell=self.number_cells))

    def prices(self, row: Row, first: Row) -> tuple[Decimal | None, Decimal | None]:
        """(price, sale price): Harga Coret above Harga makes Harga the sale price; Harga Promo below it is one.

        The three cells go together: a row that writes none of them has the first row's.
        """
        if not any(self.cell(row, name) for name in ("price", "compare_at", "sale")):
            row = first
        price = self.amount(row, "price")
        regular = self.amount(row, "compare_at")
        promo = self.amount(row, "sale")
        if price is None:
            return (regular if regular is not None else promo), None
        if regular is not None and regular > price:
            return regular, price
        if promo is not None and promo < price:
            return price, promo
        return price, None

    def stock(self, row: Row) -> tuple[int | None, str | None]:
        counted = self.value(row, "stock", lambda t: cells.count(t, self.convention, number_cell=self.number_cells))
        if counted is None:
            return None, None
        if counted.sold_out:
            return 0, "sold_out"
        return counted.stock, None if counted.stock is not None else "in_stock"  # with a count, the writer tells low stock

    def draft(self, row: Row) -> bool:
        status = " ".join(self.cell(row, "status").lower().replace("-", " ").split())
        if status in DRAFT_WORDS:
            return True
        if status and status not in LIVE_WORDS:
            raise cells.CellError(f"row {row.number}: {self.label('status')}: {quote(self.cell(row, 'status'))} is "
                                  f"neither Aktif nor Draft")
        flag = self.cell(row, "draft").strip().lower()
        if flag in YES:
            return True
        if flag and flag not in NO:
            raise cells.CellError(f"row {row.number}: {self.label('draft')}: {quote(self.cell(row, 'draft'))} is neither ya nor tidak")
        return False

    def photos(self, row: Row) -> list[str]:
        found: list[str] = []
        for header in self.layout.photos:
            text = row.get(header)
            # several addresses in one cell; a local path alone may hold spaces ("foto/kemeja biru.jpg")
            parts = re.split(r"[\s,;]+", text) if text.count("://") > 1 else [text]
            found += [part.strip() for part in parts if part.strip() and part.strip() not in found]
        return found


def _pair(row: Row, part: str, header: str, text: str) -> tuple[str, str]:
    """"Ukuran: L" → ("Ukuran", "L")."""
    name, _, value = part.partition(":")
    if not name.strip() or not value.strip():
        raise cells.CellError(f"row {row.number}: {header} {quote(text)}: write each choice as Name: value, such as Ukuran: L")
    return " ".join(name.split()), " ".join(value.split())


def _tags(text: str) -> tuple[str, ...]:
    """"batik, #katun" → ("batik", "katun"): a hashtag's # dropped, each tag once."""
    return tuple(dict.fromkeys(tag for tag in (part.lstrip("#").strip() for part in cells.split_list(text)) if tag))


def _description(text: str) -> str:
    """The cell as HTML: kept when the seller wrote HTML, else escaped, its blank lines made paragraphs."""
    text = text.strip()
    if not text or HTML_TAG.search(text):
        return text
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    return "\n".join("<p>" + html.escape(p).replace("\n", "<br>\n") + "</p>" for p in paragraphs)


def write_template(path: Path, language: str = "id") -> None:
    """An empty sheet with the headers read_sheet expects: XLSX when `path` ends in .xlsx, else CSV.

    Refuses to overwrite a file (FileExistsError); written whole or not at all.
    """
    if language not in TEMPLATE:
        raise ValueError(f"language must be one of {', '.join(TEMPLATE)} (got {language!r})")
    if path.exists():
        raise FileExistsError(f"{path}: already exists; choose another name or move it away")
    headers = TEMPLATE[language]
    handle, temporary = tempfile.mkstemp(prefix=".template-", suffix=path.suffix, dir=path.parent)
    os.close(handle)
    try:
        if path.suffix.lower() == ".xlsx":
            _write_xlsx(Path(temporary), headers, TEMPLATE_HELP[language])
        else:
            import csv

            with open(temporary, "w", encoding="utf-8-sig", newline="") as out:  # the BOM makes Excel read UTF-8
                csv.writer(out).writerow(headers)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _write_xlsx(path: Path, headers: tuple[str, ...], notes: dict[str, str]) -> None:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Produk" if headers[0] == "Nama Produk" else "Products"
    sheet.append(list(headers))
    for number, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=number)
        cell.font = Font(bold=True)
        if header in notes:
            cell.comment = Comment(notes[header], "Etalase")
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = 40 if header in ("Deskripsi", "Description") else max(12, len(header) + 4)
        if header == "SKU":
            sheet.column_dimensions[letter].number_format = "@"  # text: Excel would show a barcode as 3.65275E+11
    sheet.freeze_panes = "A2"
    workbook.save(path)
