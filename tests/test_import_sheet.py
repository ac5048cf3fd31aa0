"""A seller's own spreadsheet (CSV or XLSX, Indonesian or English headers) read into ImportedProducts (issue 17)."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from generator.importer import cells
from generator.importer.cells import ENGLISH, INDONESIAN, CellError
from generator.importer.formats.sheet import TEMPLATE, read_sheet, write_template
from generator.importer.model import ImportedOption, ImportedPhoto, ImportedProduct, ImportedVariant, Skipped
from generator.importer.table import TableError, read_table

FIXTURES = Path(__file__).parent / "fixtures" / "import"
SHEET = FIXTURES / "sheet-id.csv"
EXCEL_COPY = FIXTURES / "sheet-id-excel.csv"  # the same sheet as Excel saves it in Indonesia: a BOM and ;


def sheet_of(tmp_path: Path, headers: list[str], *rows: list[str], name: str = "produk.csv"):
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(headers)
        writer.writerows(rows)
    return read_table(path)


def by_title(result) -> dict[str, ImportedProduct]:
    return {product.title: product for product in result.products}


# -- amounts as sellers type them


@pytest.mark.parametrize("text, convention, value", [
    ("185000", INDONESIAN, "185000"),
    ("185.000", INDONESIAN, "185000"),
    ("Rp 185.000", INDONESIAN, "185000"),
    ("Rp185.000,-", INDONESIAN, "185000"),
    ("Rp. 185.000,00", INDONESIAN, "185000.00"),
    ("IDR 1.250.000", INDONESIAN, "1250000"),
    ("185.000,50", INDONESIAN, "185000.50"),
    ("18,5", INDONESIAN, "18.5"),
    ("1.250.000", ENGLISH, "1250000"),  # only thousands repeat
    ("Rp 185.000", ENGLISH, "185000"),  # Rp says Indonesian
    ("185,000.50", ENGLISH, "185000.50"),
    ("185,000", ENGLISH, "185000"),
    ("$ 18.50", ENGLISH, "18.50"),
    ("185.000,50", ENGLISH, "185000.50"),  # both separators: the last is the decimal point, whatever the sheet
    ("185,000.50", INDONESIAN, "185000.50"),
    ("\u00a0 75000 ", INDONESIAN, "75000"),
    ("0,125", INDONESIAN, "0.125"),  # a leading 0 is never a thousands group
    ("0.125", ENGLISH, "0.125"),
])
def test_an_amount_is_read_as_typed(text, convention, value):
    assert cells.amount(text, convention) == Decimal(value)


@pytest.mark.parametrize("text, convention, message", [
    ("185,000", INDONESIAN, '"185,000" is ambiguous: in this sheet , is the decimal point, so it reads as 185.000; '
                            "write 185000 if you mean 185 thousand"),
    ("185.000", ENGLISH, '"185.000" is ambiguous: in this sheet . is the decimal point, so it reads as 185.000; '
                         "write 185000 if you mean 185 thousand"),
    ("18.5", INDONESIAN, '"18.5": in this sheet . separates thousands (185.000,50); write 18,5 for a fraction, '
                         "or the amount without separators"),
    ("18,50", ENGLISH, '"18,50": in this sheet , separates thousands (185,000.50); write 18.50 for a fraction, '
                       "or the amount without separators"),
    ("1850.000", INDONESIAN, '"1850.000": in this sheet . separates thousands (185.000,50); write 1850,000 for a fraction, '
                             "or the amount without separators"),
    ("0.125", INDONESIAN, '"0.125": in this sheet . separates thousands (185.000,50); write 0,125 for a fraction, '
                          "or the amount without separators"),
    ("1.25.000", INDONESIAN, '"1.25.000" has its . in the wrong places; write it as 1.250.000 or 1250000'),
    ("1.250,000", INDONESIAN, '"1.250,000" mixes . and , in a way that is not an amount; write it as 185.000,50 '
                              "or without separators (185000.50)"),
    ("1,2.5", INDONESIAN, '"1,2.5" mixes . and , in a way that is not an amount; write it as 185.000,50 '
                          "or without separators (185000.50)"),
    ("-5000", INDONESIAN, '"-5000" is negative; write the amount without a minus sign'),
    ("murah", INDONESIAN, '"murah" is not an amount; write digits only, such as 185000'),
    ("185 000", INDONESIAN, '"185 000" is not an amount; write digits only, such as 185000'),
    ("1e6", INDONESIAN, '"1e6" is not an amount; write digits only, such as 185000'),
    ("1" + "0" * 15, INDONESIAN, '"1000000000000000" is too large for a price'),
])
def test_an_amount_that_is_ambiguous_or_wrong_is_refused_saying_what_to_write(text, convention, message):
    with pytest.raises(CellError) as raised:
        cells.amount(text, convention)
    assert str(raised.value) == message


def test_a_spreadsheet_number_is_read_with_its_decimal_point():
    assert cells.amount("12500.5", INDONESIAN, number_cell=True) == Decimal("12500.5")
    assert cells.amount("0.125", INDONESIAN, number_cell=True) == Decimal("0.125")
    assert cells.amount("185.000", INDONESIAN, number_cell=True) == Decimal("185000")  # Python never writes a float so: text
    assert cells.amount("", INDONESIAN) is None


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99), st.booleans())
def test_an_amount_written_with_either_conventions_separators_reads_back(whole, cents, with_cents):
    for convention in (INDONESIAN, ENGLISH):
        grouped = f"{whole:,}".replace(",", convention.thousands)
        text = f"{grouped}{convention.decimal}{cents:02d}" if with_cents else grouped
        expected = Decimal(f"{whole}.{cents:02d}") if with_cents else Decimal(whole)
        assert cells.amount(text, convention) == expected, text


def test_a_stock_cell_as_a_number_or_a_word():
    assert cells.count("12", INDONESIAN) == cells.Count(12, False)
    assert cells.count("1.200 pcs", INDONESIAN) == cells.Count(1200, False)
    assert cells.count("0", INDONESIAN) == cells.Count(0, True)
    assert cells.count("Habis", INDONESIAN) == cells.Count(0, True)
    assert cells.count("ready", INDONESIAN) == cells.Count(None, False)
    assert cells.count("", INDONESIAN) is None
    with pytest.raises(CellError, match=r'"2,5" is not a number of units'):
        cells.count("2,5", INDONESIAN)


def test_a_weight_in_grams_unless_the_cell_or_the_column_names_another_unit():
    assert cells.weight("250", INDONESIAN, Decimal(1)) == 250
    assert cells.weight("0,25 kg", INDONESIAN, Decimal(1)) == 250
    assert cells.weight("1,5", INDONESIAN, Decimal(1000)) == 1500
    assert cells.weight("2 ons", INDONESIAN, Decimal(1)) == 200
    assert cells.weight("0", INDONESIAN, Decimal(1)) is None
    with pytest.raises(CellError, match='unknown unit "karung"'):
        cells.weight("3 karung", INDONESIAN, Decimal(1))


def test_a_date_as_iso_or_day_first():
    assert cells.date("2030-12-31") == dt.date(2030, 12, 31)
    assert cells.date("31/12/2030") == dt.date(2030, 12, 31)
    assert cells.date("1-2-2030") == dt.date(2030, 2, 1)
    with pytest.raises(CellError, match='"12/31/2030" is not a date'):
        cells.date("12/31/2030")


# -- the Indonesian sheet


KEMEJA = ImportedProduct(
    handle="Kemeja Batik Sogan", title="Kemeja Batik Sogan",
    description_html="<p>Kemeja batik tulis dari Solo, katun primisima &amp; jahitan &lt;rapi&gt;.</p>",  # plain text, escaped
    price=Decimal("185000"), sku="KB-01", stock=12, weight_grams=250, category="Pakaian", tags=("batik", "katun"),
    photos=(ImportedPhoto("foto/kemeja-1.jpg"), ImportedPhoto("https://toko.example/kemeja-2.jpg")), row=2)
KAOS = ImportedProduct(
    handle="Kaos Polos", title="Kaos Polos", description_html="<p>Kaos combed 30s, adem.</p>",
    weight_grams=200, category="Pakaian", tags=("kaos",), photos=(ImportedPhoto("https://toko.example/kaos.jpg"),),
    options=(ImportedOption("Warna", ("Hitam", "Putih")), ImportedOption("Ukuran", ("M", "L"))),
    variants=(
        # Harga Coret 90.000 above Harga 75.000: 90.000 is the price, 75.000 the sale price
        ImportedVariant(("Hitam", "M"), price=Decimal("90000"), sale_price=Decimal("75000"), sku="KP-HIT-M", stock=5, row=3),
        # its own Harga and no Harga Coret: no sale; "habis" is sold out
        ImportedVariant(("Hitam", "L"), price=Decimal("79000"), sku="KP-HIT-L", stock=0, availability="sold_out", row=4),
        # no prices of its own: the first row's; its own weight and photo
        ImportedVariant(("Putih", "M"), price=Decimal("90000"), sale_price=Decimal("75000"), sku="KP-PUT-M", stock=8,
                        weight_grams=210, photo=ImportedPhoto("https://toko.example/kaos-putih.jpg"), row=5),
        # no name: the product above continues; Nama Variasi taken from the first row
        ImportedVariant(("Putih", "L"), price=Decimal("79000"), sku="KP-PUT-L", stock=3, row=6),
    ),
    row=3)
SARUNG = ImportedProduct(
    handle="Sarung Tenun", title="Sarung Tenun", description_html="<p>Tenun ikat <b>Sumba</b>.</p>",  # HTML kept
    price=Decimal("1250000"), availability="in_stock", weight_grams=1200, category="Kain", tags=("tenun", "ikat"),
    draft=True, row=7)


def celana(first_row: int, second_row: int) -> ImportedProduct:
    return ImportedProduct(
        handle="Celana Chino", title="Celana Chino",
        description_html="<p>Celana chino stretch.</p>\n<p>Potongan slim,<br>\nbahan adem.</p>",
        weight_grams=400, category="Pakaian",
        photos=(ImportedPhoto("foto/chino-32-belakang.jpg"),),  # a combination's photos beyond its own first
        options=(ImportedOption("Ukuran", ("30", "32")),),  # "Ukuran: 30": the name in the cell
        variants=(ImportedVariant(("30",), price=Decimal("210000"), row=first_row),
                  ImportedVariant(("32",), price=Decimal("210000"), stock=0, availability="sold_out",
                                  photo=ImportedPhoto("foto/chino-32.jpg"), row=second_row)),
        row=first_row)


def expected_skipped(duplicate_row: int = 11) -> tuple[Skipped, ...]:
    return (
        Skipped("row 10", "no product name (Nama Produk)"),
        Skipped(f"row {duplicate_row}", 'a second product named "Kemeja Batik Sogan" (row 2 is the first): '
                                        "give its rows a Variasi, or the products different names"),
        Skipped("Tas Anyaman", 'row 8: Harga: "18.5": in this sheet . separates thousands (185.000,50); '
                               "write 18,5 for a fraction, or the amount without separators"),
        Skipped("Dompet Kulit", 'row 9: Harga: "150,000" is ambiguous: in this sheet , is the decimal point, '
                                "so it reads as 150.000; write 150000 if you mean 150 thousand"),
    )


def test_the_indonesian_sheet_as_csv():
    table = read_table(SHEET)
    result = read_sheet(table)
    # the CSV reader numbers a row by the line it ends on: Celana Chino's description holds two line breaks
    celana_rows = [row.number for row in table.rows if row.get("Nama Produk") == "Celana Chino"]
    assert result.products == (KEMEJA, KAOS, SARUNG, celana(*celana_rows))
    assert result.skipped == expected_skipped()
    assert result.format == "sheet"


def test_the_columns_report_says_which_header_fed_what():
    result = read_sheet(read_table(SHEET))
    assert result.columns == {
        "Nama Produk": "title", "Harga": "price",
        "Harga Coret": "price (the regular price, when higher than the price: that is then the sale price)",
        "Stok": "stock and availability", "Berat (gram)": "weight_grams", "Kategori": "category", "Tag": "tags",
        "Kode": "sku", "Deskripsi": "description_html", "Status": "draft", "Foto 1": "photos", "Foto 2": "photos",
        "Variasi": "options and variants (the combination)", "Nama Variasi": "options (their names)",
    }
    assert result.unused == ("Catatan",)


def test_the_copy_excel_saves_with_a_bom_and_semicolons_reads_the_same():
    assert read_sheet(read_table(EXCEL_COPY)) == read_sheet(read_table(SHEET))


def test_the_full_category_path_when_the_shop_chooses_it():
    found = by_title(read_sheet(read_table(SHEET), category="full"))
    assert found["Kemeja Batik Sogan"].category == "Pakaian > Pria"
    assert found["Kaos Polos"].category == "Pakaian > Kaos"


BARCODE = 365275123456  # Excel shows it as 3.65275E+11


def test_the_indonesian_sheet_as_xlsx_with_numbers_stored_as_numbers_and_a_barcode(tmp_path):
    with open(SHEET, encoding="utf-8", newline="") as source:
        rows = list(csv.reader(source))
    workbook = Workbook()
    sheet = workbook.active
    for values in rows:
        sheet.append([int(v) if v.isdigit() else v for v in values])  # Stok, Berat as numbers, as Excel stores them
    sheet["H2"] = BARCODE  # Kemeja's Kode, a number shown in scientific notation
    sheet["H2"].number_format = "0.00000E+00"
    path = tmp_path / "produk.xlsx"
    workbook.save(path)

    result = read_sheet(read_table(path))
    # In a workbook the text "18.5" cannot be told from the number 18.5 (the table gives both as text): a
    # fraction. A workbook numbers rows as the seller sees them, line breaks in a cell or not.
    tas = ImportedProduct(handle="Tas Anyaman", title="Tas Anyaman", price=Decimal("18.5"), stock=4, weight_grams=300,
                          category="Tas", row=8)
    assert result.products == (replace(KEMEJA, sku=str(BARCODE)), KAOS, SARUNG, tas, celana(12, 13))
    assert result.skipped == tuple(s for s in expected_skipped() if s.what != "Tas Anyaman")


def test_xlsx_number_cells_a_date_and_an_english_header_set(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Product name", "Price", "Compare at price", "Stock", "Weight (kg)", "Sale until", "Status", "Photo"])
    sheet.append(["Tote Bag", 12500.5, 15000, 7, 0.35, dt.datetime(2030, 5, 31), "Active", "tote.jpg"])
    sheet.append(["Pouch", "9,500.00", None, "sold out", 1, None, "hidden", None])
    path = tmp_path / "products.xlsx"
    workbook.save(path)
    tote, pouch = read_sheet(read_table(path)).products
    assert (tote.price, tote.sale_price, tote.sale_until, tote.stock, tote.weight_grams, tote.draft, tote.photos) == (
        Decimal("15000"), Decimal("12500.5"), dt.date(2030, 5, 31), 7, 350, False, (ImportedPhoto("tote.jpg"),))
    assert (pouch.price, pouch.stock, pouch.availability, pouch.weight_grams, pouch.draft) == (
        Decimal("9500.00"), 0, "sold_out", 1000, True)


# -- the conventions a sheet chooses


def test_an_english_sheet_reads_commas_as_thousands_and_refuses_an_ambiguous_dot(tmp_path):
    table = sheet_of(tmp_path, ["Product name", "Price"], ["Tote", "185,000.50"], ["Pouch", "1,250"], ["Cap", "185.000"])
    result = read_sheet(table)
    assert [(p.title, p.price) for p in result.products] == [("Tote", Decimal("185000.50")), ("Pouch", Decimal("1250"))]
    assert result.skipped == (Skipped("Cap", 'row 4: Price: "185.000" is ambiguous: in this sheet . is the decimal point, '
                                             "so it reads as 185.000; write 185000 if you mean 185 thousand"),)


@pytest.mark.parametrize("headers, other", [
    (["Product name", "Price"], "1.250.000"),  # an amount that can only be Indonesian
    (["Product name", "Price"], "Rp 90.000"),
    (["Product name", "Price (Rp)"], "90000"),  # the header says Rupiah
])
def test_an_english_headed_sheet_whose_amounts_show_indonesian_thousands_reads_them_so(tmp_path, headers, other):
    result = read_sheet(sheet_of(tmp_path, headers, ["Tote", "185.000"], ["Pouch", other]))
    assert result.products[0].price == Decimal("185000")
    assert result.skipped == ()


def test_headers_match_whatever_their_case_spacing_or_marks(tmp_path):
    table = sheet_of(tmp_path, ["  NAMA   produk* ", "harga jual:", "Harga_Normal", "STOK", "Berat (kg)", "Merk", "foto utama"],
                     ["Peci", "50.000", "65.000", "3", "0,1", "Rumah Peci", "peci.jpg"])
    result = read_sheet(table)
    (peci,) = result.products
    assert (peci.title, peci.price, peci.sale_price, peci.stock, peci.weight_grams, peci.brand, peci.photos) == (
        "Peci", Decimal("65000"), Decimal("50000"), 3, 100, "Rumah Peci", (ImportedPhoto("peci.jpg"),))
    assert result.unused == ()


def test_harga_promo_below_harga_is_the_sale_price_and_a_higher_one_is_ignored(tmp_path):
    table = sheet_of(tmp_path, ["Nama", "Harga", "Harga Promo", "Diskon Sampai"],
                     ["Peci", "50.000", "45.000", "31/12/2030"], ["Syal", "50.000", "55.000", "31/12/2030"])
    peci, syal = read_sheet(table).products
    assert (peci.price, peci.sale_price, peci.sale_until) == (Decimal("50000"), Decimal("45000"), dt.date(2030, 12, 31))
    assert (syal.price, syal.sale_price, syal.sale_until) == (Decimal("50000"), None, None)


def test_a_sheet_without_a_name_column_is_refused(tmp_path):
    table = sheet_of(tmp_path, ["Harga", "Stok"], ["1000", "2"])
    with pytest.raises(TableError, match="no column for the product's name"):
        read_sheet(table)


# -- combinations


def test_pairs_in_the_cell_in_any_order_and_one_name_keeps_a_comma_in_its_value(tmp_path):
    table = sheet_of(tmp_path, ["Nama Produk", "Harga", "Pilihan"],
                     ["Kaos", "75000", "Warna: Hitam; Ukuran: M"], ["Kaos", "75000", "Ukuran: L / Warna: Putih"])
    (kaos,) = read_sheet(table).products
    assert kaos.options == (ImportedOption("Warna", ("Hitam", "Putih")), ImportedOption("Ukuran", ("M", "L")))
    assert [v.values for v in kaos.variants] == [("Hitam", "M"), ("Putih", "L")]

    table = sheet_of(tmp_path, ["Nama Produk", "Harga", "Nama Variasi", "Variasi"],
                     ["Syal", "50000", "Warna", "Merah, Putih"], ["Syal", "50000", "Warna", "Hitam"])
    (syal,) = read_sheet(table).products
    assert syal.options == (ImportedOption("Warna", ("Merah, Putih", "Hitam")),)


def test_values_without_names_take_the_columns_name(tmp_path):
    table = sheet_of(tmp_path, ["Nama", "Harga", "Variasi"], ["Kaos", "75000", "Hitam, M"], ["Kaos", "75000", "Putih, L"])
    (kaos,) = read_sheet(table).products
    assert kaos.options == (ImportedOption("Variasi 1", ("Hitam", "Putih")), ImportedOption("Variasi 2", ("M", "L")))


def test_numbered_variant_columns_with_their_names(tmp_path):
    table = sheet_of(tmp_path, ["Nama Produk", "Harga", "Nama Variasi 1", "Variasi 1", "Nama Variasi 2", "Variasi 2", "SKU"],
                     ["Kaos", "75.000", "Warna", "Hitam", "Ukuran", "S/M", "K-1"],
                     ["Kaos", "79.000", "", "Hitam", "", "L/XL", "K-2"])
    result = read_sheet(table)
    (kaos,) = result.products
    assert kaos.options == (ImportedOption("Warna", ("Hitam",)), ImportedOption("Ukuran", ("S/M", "L/XL")))
    assert kaos.variants == (ImportedVariant(("Hitam", "S/M"), price=Decimal("75000"), sku="K-1", row=2),
                             ImportedVariant(("Hitam", "L/XL"), price=Decimal("79000"), sku="K-2", row=3))
    assert result.columns["Nama Variasi 2"] == "options (their names)"


def test_a_shared_first_row_without_variasi_holds_what_the_combinations_share(tmp_path):
    table = sheet_of(tmp_path, ["Nama Produk", "Harga", "SKU", "Deskripsi", "Variasi", "Stok"],
                     ["Topi", "45.000", "TP", "Topi rajut.", "", ""],
                     ["Topi", "", "TP-M", "", "Merah", "2"],
                     ["Topi", "48.000", "TP-B", "", "Biru", "0"])
    (topi,) = read_sheet(table).products
    assert (topi.sku, topi.description_html, topi.row) == ("TP", "<p>Topi rajut.</p>", 2)
    assert topi.variants == (ImportedVariant(("Merah",), price=Decimal("45000"), sku="TP-M", stock=2, row=3),
                             ImportedVariant(("Biru",), price=Decimal("48000"), sku="TP-B", stock=0, availability="sold_out", row=4))


def test_combination_rows_that_disagree_are_skipped_each_with_its_reason(tmp_path):
    table = sheet_of(tmp_path, ["Nama Produk", "Harga", "Nama Variasi", "Variasi"],
                     ["Kaos", "75000", "Warna, Ukuran", "Hitam, M"],
                     ["Kaos", "75000", "Warna, Ukuran", "Hitam"],
                     ["Kaos", "75000", "Warna, Ukuran", "Hitam, M"],
                     ["Kaos", "75000", "", ""],
                     ["Kaos", "murah", "Warna, Ukuran", "Putih, L"],
                     ["Kaos", "75000", "", "Warna: Putih, Bahan: Katun"])
    result = read_sheet(table)
    (kaos,) = result.products
    assert [v.values for v in kaos.variants] == [("Hitam", "M")]
    assert result.skipped == (
        Skipped("row 5", '"Kaos" has combinations, and this row has no Variasi: write which one it is'),
        Skipped("Kaos (Hitam)", 'row 3: Variasi "Hitam" has 1 values, Nama Variasi "Warna, Ukuran" names 2'),
        Skipped("Kaos (Hitam, M)", "row 4: the same combination as row 2"),
        Skipped("Kaos (Putih, L)", 'row 6: Harga: "murah" is not an amount; write digits only, such as 185000'),
        Skipped("Kaos (Warna: Putih, Bahan: Katun)", "row 7: its Variasi names Warna, Bahan, the product's first combination Warna, Ukuran"),
    )


def test_status_and_draft_words(tmp_path):
    table = sheet_of(tmp_path, ["Nama", "Harga", "Status", "Draft"],
                     ["A", "1000", "Nonaktif", ""], ["B", "1000", "aktif", "ya"], ["C", "1000", "", "tidak"],
                     ["D", "1000", "terjual", ""], ["E", "1000", "", "mungkin"])
    result = read_sheet(table)
    assert [(p.title, p.draft) for p in result.products] == [("A", True), ("B", True), ("C", False)]
    assert result.skipped == (Skipped("D", 'row 5: Status: "terjual" is neither Aktif nor Draft'),
                              Skipped("E", 'row 6: Draft: "mungkin" is neither ya nor tidak'))


def test_several_addresses_in_one_photo_cell_and_a_local_path_with_spaces(tmp_path):
    table = sheet_of(tmp_path, ["Nama", "Harga", "Gambar", "Gambar 2"],
                     ["Tas", "1000", "https://a.example/1.jpg, https://a.example/2.jpg", "foto/tas biru.jpg"])
    (tas,) = read_sheet(table).products
    assert [p.source for p in tas.photos] == ["https://a.example/1.jpg", "https://a.example/2.jpg", "foto/tas biru.jpg"]


# -- the template


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_template_round_trips_through_read_sheet(tmp_path, language, suffix):
    path = tmp_path / f"template{suffix}"
    write_template(path, language)
    headers = TEMPLATE[language]
    assert read_table(path).headers == headers
    row = ["Kemeja", "185000", "200000", "3", "250", "Pakaian > Pria", "batik", "KB-1", "Kemeja batik.", "Ukuran", "M",
           "Draft", "kemeja.jpg", "", "", "", ""]
    if suffix == ".csv":
        with open(path, "a", encoding="utf-8", newline="") as out:
            csv.writer(out).writerow(row)
    else:
        workbook = load_workbook(path)
        assert workbook.active.column_dimensions["H"].number_format == "@"  # SKU as text: no 3.65275E+11
        workbook.active.append(row)
        workbook.save(path)
    result = read_sheet(read_table(path))
    assert set(result.columns) == set(headers)  # every header recognised
    (kemeja,) = result.products
    assert kemeja == ImportedProduct(
        handle="Kemeja", title="Kemeja", description_html="<p>Kemeja batik.</p>", weight_grams=250, category="Pakaian",
        tags=("batik",), draft=True, photos=(ImportedPhoto("kemeja.jpg"),), options=(ImportedOption("Ukuran", ("M",)),),
        variants=(ImportedVariant(("M",), price=Decimal("200000"), sale_price=Decimal("185000"), sku="KB-1", stock=3, row=2),),
        row=2)


def test_the_template_never_overwrites_a_file(tmp_path):
    path = tmp_path / "produk.csv"
    path.write_text("mine")
    with pytest.raises(FileExistsError, match="already exists"):
        write_template(path)
    assert path.read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["produk.csv"]  # no temporary file left behind
    with pytest.raises(ValueError, match="language must be one of id, en"):
        write_template(tmp_path / "x.csv", "fr")


def test_a_product_rows_error_skips_the_product_with_its_other_rows(tmp_path):
    table = sheet_of(tmp_path, ["Nama Produk", "Harga", "Berat", "Variasi"],
                     ["Kaos", "75000", "3 karung", "Ukuran: M"], ["Kaos", "75000", "", "Ukuran: L"],
                     ["Topi", "45000", "", "Warna: Merah, Ukuran: S, Bahan: Katun, Motif: Polos"])
    result = read_sheet(table)
    assert result.products == ()
    assert result.skipped == (
        Skipped("Kaos", 'row 2: Berat: "3 karung": unknown unit "karung"; write grams (250) or kg (0,25 kg) (with its 1 other row)'),
        Skipped("Topi", "row 4: 4 options; Etalase offers up to 3: split it into products"),
    )


def test_tags_drop_a_hashtags_mark_and_repeats(tmp_path):
    (tas,) = read_sheet(sheet_of(tmp_path, ["Name", "Price", "Tags"], ["Tas", "1000", "#batik, #solo, batik"])).products
    assert tas.tags == ("batik", "solo")


def test_a_second_product_of_the_same_name_is_refused_in_the_sheets_words(tmp_path):
    result = read_sheet(sheet_of(tmp_path, ["Name", "Price"], ["Tote", "1000"], ["tote ", "1200"]))
    assert [p.price for p in result.products] == [Decimal("1000")]
    assert result.skipped == (Skipped("row 3", 'a second product named "Tote" (row 2 is the first): give its rows a Variant, '
                                               "or the products different names"),)


def test_an_indonesian_workbooks_number_cells_keep_their_decimal_point(tmp_path):
    workbook = Workbook()
    workbook.active.append(["Nama Produk", "Harga", "Berat (kg)", "Stok"])
    workbook.active.append(["Tote", 12500.5, 0.35, 7.0])
    workbook.active.append(["Pouch", "12.500", "0,2", "1.200"])  # text cells: Indonesian separators
    path = tmp_path / "produk.xlsx"
    workbook.save(path)
    tote, pouch = read_sheet(read_table(path)).products
    assert (tote.price, tote.weight_grams, tote.stock) == (Decimal("12500.5"), 350, 7)
    assert (pouch.price, pouch.weight_grams, pouch.stock) == (Decimal("12500"), 200, 1200)
