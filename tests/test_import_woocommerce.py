"""WooCommerce's product CSV (the built-in exporter's columns) read into ImportedProducts (issue 17)."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from generator.importer.formats.woocommerce import read_woocommerce
from generator.importer.model import ImportedOption, ImportedPhoto, ImportedProduct, ImportedVariant, Skipped
from generator.importer.table import read_table

FIXTURE = Path(__file__).parent / "fixtures" / "import" / "woocommerce.csv"
TODAY = dt.date(2030, 1, 1)  # the fixture's sales end in 2030
UPLOADS = "https://toko.example/wp-content/uploads/2024/05/"
HEADERS = ["ID", "Type", "SKU", "Name", "Published", "Short description", "Description", "Date sale price starts",
           "Date sale price ends", "In stock?", "Stock", "Weight (kg)", "Sale price", "Regular price", "Categories",
           "Tags", "Images", "Parent", "Attribute 1 name", "Attribute 1 value(s)", "Attribute 2 name", "Attribute 2 value(s)"]


def read_fixture(**options):
    return read_woocommerce(read_table(FIXTURE), today=TODAY, **options)


def products_by_title(result) -> dict[str, ImportedProduct]:
    return {product.title: product for product in result.products}


def table_of(tmp_path: Path, rows: list[dict[str, str]], headers: list[str] = HEADERS):
    path = tmp_path / "wc-product-export.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row.get(h, "") for h in headers])
    return read_table(path)


def test_a_simple_product_on_sale_with_its_end_date_weight_in_kg_and_both_descriptions():
    kemeja = products_by_title(read_fixture())["Kemeja Batik Sogan"]
    assert kemeja == ImportedProduct(
        handle="11",
        title="Kemeja Batik Sogan",
        # the short description first (it says something the long one does not); the exporter's \n are line breaks
        description_html=("<p>Batik tulis asli.</p>\n<p>Kemeja batik tulis dari Solo.</p>\n"
                          "<p>Katun primisima, jahitan rapi.<br>\nLengan pendek.</p>"),
        price=Decimal("185000"),
        sale_price=Decimal("165000"),
        sale_until=dt.date(2030, 8, 31),
        sku="KB-01",
        stock=12,
        availability=None,  # a count: the writer tells in stock from low stock
        weight_grams=250,  # Weight (kg) 0.25
        category="Pakaian",
        tags=("batik", "katun", "pria"),
        draft=False,
        photos=(ImportedPhoto(UPLOADS + "kemeja-1.jpg"), ImportedPhoto(UPLOADS + "kemeja-2.jpg")),
        options=(),  # "Bahan: Katun" describes a simple product; it is no choice
        row=2,
    )


def test_a_variable_product_with_two_attributes_and_four_variations_at_their_own_price_and_stock():
    kaos = products_by_title(read_fixture())["Kaos Polos"]
    assert kaos.handle == "20" and kaos.sku == "KP" and kaos.row == 3
    # the short description repeats the long one: only the long one
    assert kaos.description_html == "<p>Kaos <strong>combed 30s</strong>.</p>\n<p>Adem dan tidak menerawang.</p>"
    assert kaos.price is None and kaos.sale_price is None
    assert kaos.sale_until == dt.date(2030, 6, 30)  # the one variation on sale ends then
    assert (kaos.weight_grams, kaos.category, kaos.tags, kaos.draft) == (200, "Pakaian", ("kaos",), False)
    assert kaos.photos == (ImportedPhoto(UPLOADS + "kaos.jpg"),)
    assert kaos.options == (ImportedOption("Warna", ("Hitam", "Putih")), ImportedOption("Ukuran", ("M", "L")))
    assert kaos.variants == (
        ImportedVariant(("Hitam", "M"), price=Decimal("75000"), sku="KP-HIT-M", stock=5,
                        photo=ImportedPhoto(UPLOADS + "kaos-hitam.jpg"), row=4),
        ImportedVariant(("Hitam", "L"), price=Decimal("79000"), sale_price=Decimal("69000"), sku="KP-HIT-L", stock=0,
                        availability="sold_out", photo=ImportedPhoto(UPLOADS + "kaos-hitam.jpg"), row=5),
        # its attributes in the other order, its parent as id:20, its own weight
        ImportedVariant(("Putih", "M"), price=Decimal("75000"), sku="KP-PUT-M", stock=8, weight_grams=210,
                        photo=ImportedPhoto(UPLOADS + "kaos-putih.jpg"), row=6),
        # on backorder with none on hand (-2): ordered now, shipped when it comes: a preorder (never "in stock")
        ImportedVariant(("Putih", "L"), price=Decimal("79000"), sku="KP-PUT-L", stock=0, availability="preorder", row=7),
    )


def test_a_draft_with_only_a_short_description_and_the_exporters_escapes_undone():
    sarung = products_by_title(read_fixture())["Sarung Tenun & Ikat"]  # the name's &amp; decoded
    assert sarung == ImportedProduct(
        handle="33", title="Sarung Tenun & Ikat",
        description_html="<p>- Tenun ikat dari Sumba, diwarnai alami.</p>",  # the exporter's ' before "-" dropped
        price=Decimal("250000"), availability="in_stock", weight_grams=400,
        category="Kain, Sarung", tags=("tenun", "ikat, sumba"),  # "\," is a comma inside a name
        draft=True, row=11,
    )


def test_grouped_external_downloadable_and_orphan_rows_are_skipped_with_their_reason():
    result = read_fixture()
    assert [p.title for p in result.products] == ["Kemeja Batik Sogan", "Kaos Polos", "Sarung Tenun & Ikat"]
    assert result.skipped == (
        Skipped("row 12", 'a variation of "id:999", a product not in the file'),
        Skipped("Paket Seragam", "row 8: grouped product (a set of other products, which are imported on their own); left out"),
        Skipped("Buku Motif Batik", "row 9: external product (sold on another site); left out"),
        Skipped("Pola Jahit Kemeja (PDF)", "row 10: downloadable product (nothing to ship); left out"),
    )
    assert result.format == "woocommerce"


def test_the_full_category_path_when_the_shop_chooses_it():
    found = products_by_title(read_fixture(category="full"))
    assert found["Kemeja Batik Sogan"].category == "Pakaian > Pria > Kemeja"
    assert found["Sarung Tenun & Ikat"].category == "Kain, Sarung > Tenun"
    with pytest.raises(ValueError, match="category must be one of first, full"):
        read_fixture(category="last")


def test_columns_say_what_fed_what_and_unused_lists_the_rest_that_hold_something():
    result = read_fixture()
    assert result.columns["Weight (kg)"] == "weight_grams"
    assert result.columns["Regular price"] == "price"
    assert result.columns["Attribute 2 value(s)"] == "options and variants"
    assert set(result.columns) == {
        "ID", "Type", "SKU", "Name", "Published", "Short description", "Description", "Date sale price starts",
        "Date sale price ends", "In stock?", "Stock", "Backorders allowed?", "Weight (kg)", "Sale price", "Regular price",
        "Categories", "Tags", "Images", "Parent", "Attribute 1 name", "Attribute 1 value(s)", "Attribute 2 name",
        "Attribute 2 value(s)"}
    assert result.unused == (
        "GTIN, UPC, EAN, or ISBN", "Is featured?", "Visibility in catalog", "Tax status", "Low stock amount",
        "Sold individually?", "Length (cm)", "Allow customer reviews?", "Download limit",
        "Grouped products", "External URL", "Button text", "Position", "Attribute 1 visible", "Attribute 1 global",
        "Attribute 2 visible", "Attribute 2 global", "Meta: _wpcom_is_markdown")  # empty ones (Tax class, Width…) not listed


def test_a_sale_that_has_not_started_or_has_ended_is_not_imported(tmp_path):
    rows = [{"ID": "1", "Type": "simple", "Name": "Belum", "Published": "1", "Regular price": "100000", "Sale price": "80000",
             "Date sale price starts": "2030-02-01 0:00:00", "Date sale price ends": "2030-03-01 23:59:59"},
            {"ID": "2", "Type": "simple", "Name": "Sudah", "Published": "1", "Regular price": "100000", "Sale price": "80000",
             "Date sale price ends": "2029-12-31 23:59:59"},
            {"ID": "3", "Type": "simple", "Name": "Jalan", "Published": "1", "Regular price": "100000", "Sale price": "80000",
             "Date sale price starts": "2029-12-01 0:00:00"},
            {"ID": "4", "Type": "simple", "Name": "Lebih mahal", "Published": "1", "Regular price": "100000", "Sale price": "120000"}]
    found = products_by_title(read_woocommerce(table_of(tmp_path, rows), today=TODAY))
    assert [(p.price, p.sale_price, p.sale_until) for p in found.values()] == [
        (Decimal("100000"), None, None), (Decimal("100000"), None, None),
        (Decimal("100000"), Decimal("80000"), None), (Decimal("100000"), None, None)]


@pytest.mark.parametrize("unit, cell, grams", [("kg", "1,5", 1500), ("g", "250", 250), ("lbs", "1", 454), ("oz", "2", 57)])
def test_the_weight_is_converted_to_grams_from_the_unit_the_header_names(tmp_path, unit, cell, grams):
    headers = [h if h != "Weight (kg)" else f"Weight ({unit})" for h in HEADERS]
    rows = [{"ID": "1", "Type": "simple", "Name": "Tas", "Published": "1", "Regular price": "50000", f"Weight ({unit})": cell}]
    result = read_woocommerce(table_of(tmp_path, rows, headers), today=TODAY)
    assert result.products[0].weight_grams == grams
    assert result.columns[f"Weight ({unit})"] == "weight_grams"


def test_backorders_at_zero_stock_are_a_preorder_and_never_in_stock(tmp_path):
    headers = HEADERS + ["Backorders allowed?"]
    cases = [  # (In stock?, Stock, Backorders allowed?) -> (stock, availability)
        ("backorder", "-3", "1", (0, "preorder")),  # the exporter's status once the count is below 1
        ("backorder", "", "1", (None, "preorder")),  # stock not counted, status set by hand
        ("1", "0", "1", (0, "preorder")),  # a hand-edited file: still orders taken with none on hand
        ("", "0", "notify", (0, "preorder")),
        ("1", "0", "0", (0, None)),  # no backorders: the writer says sold out
        ("0", "0", "1", (0, "sold_out")),  # WooCommerce says out of stock: it sells none
        ("backorder", "5", "1", (5, None)),  # five on hand: in stock with the count
    ]
    rows = [{"ID": str(n), "Type": "simple", "Name": f"Tas {n}", "Published": "1", "Regular price": "50000",
             "In stock?": status, "Stock": stock, "Backorders allowed?": backorders}
            for n, (status, stock, backorders, _) in enumerate(cases, 1)]
    result = read_woocommerce(table_of(tmp_path, rows, headers), today=TODAY)
    assert [(p.stock, p.availability) for p in result.products] == [expected for *_, expected in cases]
    assert result.columns["Backorders allowed?"] == "availability (orders taken with none in stock: a preorder)"


def test_a_weight_in_a_unit_it_does_not_know_is_not_guessed(tmp_path):
    headers = [h if h != "Weight (kg)" else "Weight (stone)" for h in HEADERS]
    rows = [{"ID": "1", "Type": "simple", "Name": "Tas", "Published": "1", "Regular price": "50000", "Weight (stone)": "2"}]
    result = read_woocommerce(table_of(tmp_path, rows, headers), today=TODAY)
    assert result.products[0].weight_grams is None
    assert "Weight (stone)" in result.unused


def test_a_cell_it_cannot_read_skips_the_product_naming_row_and_column(tmp_path):
    rows = [{"ID": "1", "Type": "simple", "Name": "Tas", "Published": "1", "Regular price": "murah"},
            {"ID": "2", "Type": "simple", "Name": "Topi", "Published": "1", "Regular price": "50000", "In stock?": "maybe"},
            {"ID": "3", "Type": "simple", "Name": "Syal", "Published": "1", "Regular price": "50000", "Date sale price ends": "31/02/2030"},
            {"ID": "4", "Type": "simple", "Name": "Peci", "Published": "1"},
            {"ID": "5", "Type": "bundle", "Name": "Paket", "Published": "1", "Regular price": "50000"}]
    result = read_woocommerce(table_of(tmp_path, rows), today=TODAY)
    assert result.products == ()
    assert result.skipped == (
        Skipped("Tas", 'row 2: Regular price: "murah" is not a number'),
        Skipped("Topi", 'row 3: In stock?: "maybe" is not 1, 0 or backorder'),
        Skipped("Syal", 'row 4: Date sale price ends: "31/02/2030" is not a date; write it as 2025-12-31 or 31/12/2025'),
        Skipped("Peci", "row 5: no Regular price (WooCommerce does not sell it either)"),
        Skipped("Paket", 'row 6: product type "bundle" is not one Etalase imports (simple and variable are); left out'),
    )


def variable(**parent) -> list[dict[str, str]]:
    return [{"ID": "10", "Type": "variable", "SKU": "TS", "Name": "Tas Selempang", "Published": "1",
             "Attribute 1 name": "Warna", "Attribute 1 value(s)": "Merah, Biru, Hijau", **parent}]


def variation(number: int, colour: str, **more) -> dict[str, str]:
    return {"ID": str(10 + number), "Type": "variation", "SKU": f"TS-{number}", "Name": f"Tas Selempang - {colour}",
            "Published": "1", "Parent": "TS", "Regular price": "90000", "In stock?": "1", "Stock": "4",
            "Attribute 1 name": "Warna", "Attribute 1 value(s)": colour, **more}


def test_variations_woocommerce_would_not_sell_are_skipped_and_the_others_kept(tmp_path):
    rows = variable() + [variation(1, "Merah"), variation(2, "Biru", Published="0"), variation(3, "Hijau", **{"Regular price": ""}),
                         variation(4, "Merah", Type="variation, virtual")]
    result = read_woocommerce(table_of(tmp_path, rows), today=TODAY)
    (tas,) = result.products
    assert tas.options == (ImportedOption("Warna", ("Merah",)),)  # only values something sells
    assert tas.variants == (ImportedVariant(("Merah",), price=Decimal("90000"), sku="TS-1", stock=4, row=3),)
    assert result.skipped == (
        Skipped("Tas Selempang (Biru)", "row 4: a disabled variation; left out"),
        Skipped("Tas Selempang (Hijau)", "row 5: a variation without a price (WooCommerce does not sell it either)"),
        Skipped("Tas Selempang (Merah)", "row 6: virtual variation (nothing to ship); left out"),
    )


def test_an_any_variation_sells_every_value_not_sold_by_an_earlier_one(tmp_path):
    rows = variable() + [variation(1, "Merah", **{"Regular price": "95000"}), variation(2, "", Stock="6"), variation(3, "Biru")]
    result = read_woocommerce(table_of(tmp_path, rows), today=TODAY)
    (tas,) = result.products
    assert tas.options == (ImportedOption("Warna", ("Merah", "Biru", "Hijau")),)
    assert tas.variants == (
        ImportedVariant(("Merah",), price=Decimal("95000"), sku="TS-1", stock=4, row=3),
        # one count for two combinations cannot be split: in stock, no count, no SKU (a SKU names one combination)
        ImportedVariant(("Biru",), price=Decimal("90000"), availability="in_stock", row=4),
        ImportedVariant(("Hijau",), price=Decimal("90000"), availability="in_stock", row=4),
    )
    assert result.skipped == (Skipped("Tas Selempang (Biru)", "row 5: the same combination as an earlier variation, "
                                                              "which WooCommerce sells instead; left out"),)


def test_a_skipped_parent_says_how_many_variations_went_with_it(tmp_path):
    rows = variable(Type="variable, downloadable") + [variation(1, "Merah"), variation(2, "Biru"), variation(3, "Hijau", Parent="")]
    result = read_woocommerce(table_of(tmp_path, rows), today=TODAY)
    assert result.products == ()
    assert result.skipped == (Skipped("row 5", "a variation without a Parent"),Skipped("Tas Selempang", "row 2: downloadable product (nothing to ship); left out, with its 2 variations"),)


def test_a_variable_product_without_variations_or_with_more_than_three_options_is_skipped(tmp_path):
    headers = HEADERS + ["Attribute 3 name", "Attribute 3 value(s)", "Attribute 4 name", "Attribute 4 value(s)"]
    many = {f"Attribute {n} name": name for n, name in enumerate(("Warna", "Ukuran", "Bahan", "Motif"), start=1)}
    rows = [{"ID": "1", "Type": "variable", "SKU": "A", "Name": "Sendiri", "Published": "1"},
            {"ID": "2", "Type": "variable", "SKU": "B", "Name": "Banyak", "Published": "1", **many,
             **{f"Attribute {n} value(s)": "x, y" for n in range(1, 5)}},
            {"ID": "3", "Type": "variation", "Parent": "B", "Regular price": "1000", **many,
             **{f"Attribute {n} value(s)": "x" for n in range(1, 5)}}]
    result = read_woocommerce(table_of(tmp_path, rows, headers), today=TODAY)
    assert result.products == ()
    assert result.skipped == (
        Skipped("Sendiri", "row 2: a variable product without variations in the file"),
        Skipped("Banyak", "row 3: 4 attributes make its variations; Etalase offers up to 3 options: split it into products"),
    )


def test_a_written_backslash_n_stays_and_a_blank_line_is_a_paragraph(tmp_path):
    rows = [{"ID": "1", "Type": "simple", "Name": "Kabel", "Published": "1", "Regular price": "1000",
             "Description": "Tulis C:\\\\new di sini.\\n\\nBaris dua"}]
    (kabel,) = read_woocommerce(table_of(tmp_path, rows), today=TODAY).products
    assert kabel.description_html == "<p>Tulis C:\\new di sini.</p>\n<p>Baris dua</p>"


def test_an_exported_formula_guard_is_dropped_only_before_a_formula_character(tmp_path):
    rows = [{"ID": "1", "Type": "simple", "Name": "'=Promo", "Published": "'-1", "Regular price": "1000", "Tags": "'ok, fine"}]
    (product,) = read_woocommerce(table_of(tmp_path, rows), today=TODAY).products
    assert (product.title, product.draft, product.tags) == ("=Promo", True, ("'ok", "fine"))
