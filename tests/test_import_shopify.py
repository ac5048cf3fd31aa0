"""Issue 17: Shopify's product CSV (both header generations) read into ImportedProducts, and the import's
format detection. The fixtures are written to Shopify's column specification; both describe the same
catalogue, so one list of expected products checks both."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from generator.importer import formats
from generator.importer.formats import FormatError, detect, read
from generator.importer.formats.shopify import read_shopify
from generator.importer.model import ImportedOption, ImportedPhoto, ImportedProduct, ImportedVariant, ReadResult, Skipped
from generator.importer.table import Table, read_table

FIXTURES = Path(__file__).parent / "fixtures" / "import"
LEGACY = FIXTURES / "shopify-legacy.csv"
CURRENT = FIXTURES / "shopify-current.csv"
CDN = "https://cdn.shopify.com/s/files/1/0612/3456/files/"


def photo(name: str, alt: str | None = None) -> ImportedPhoto:
    return ImportedPhoto(CDN + name, alt)


SOGAN = photo("sogan.jpg?v=1700000001", "Kemeja batik sogan, tampak depan")
INDIGO = photo("indigo.jpg?v=1700000002", "Kemeja batik indigo")
INDIGO_L = photo("indigo-l.jpg?v=1700000005")  # named only by its variant: no image row, no alt


def expected(path: Path) -> tuple[ImportedProduct, ...]:
    # the shawl's description spans three lines of the file: its rows are numbered as the table numbers them
    shawl, shawl_green = (row.number for row in read_table(path).rows[11:13])
    return (
        ImportedProduct(
            handle="kemeja-batik",
            title="Kemeja Batik Tulis",
            description_html="<p>Kemeja batik tulis dari <strong>Lasem</strong>, diwarnai alami.</p>"
                             "<ul><li>Katun primisima</li><li>Kancing batok</li></ul>",
            price=Decimal("185000"),  # the lowest regular price (S Indigo); each variant has its own
            category="Apparel & Accessories",  # Type is empty: Product Category's first part
            tags=("batik", "kemeja pria", "tulis"),
            brand="Batik Lasem",
            photos=(SOGAN, INDIGO, photo("belakang.jpg?v=1700000003", "Tampak belakang"),
                    photo("detail.jpg?v=1700000004", "Detail motif parang"), INDIGO_L),
            options=(ImportedOption("Ukuran", ("S", "M", "L")), ImportedOption("Warna", ("Sogan", "Indigo"))),
            variants=(
                ImportedVariant(("S", "Sogan"), price=Decimal("210000"), sale_price=Decimal("185000"), sku="BTK-S-SOG",
                                stock=5, availability="in_stock", weight_grams=280, photo=SOGAN, row=2),
                ImportedVariant(("S", "Indigo"), price=Decimal("185000"), sku="BTK-S-IND",
                                stock=0, availability="sold_out", weight_grams=280, photo=INDIGO, row=3),
                ImportedVariant(("M", "Sogan"), price=Decimal("195000"), sku="BTK-M-SOG",  # compare-at equal: no sale
                                stock=3, availability="in_stock", weight_grams=300, photo=SOGAN, row=4),
                ImportedVariant(("M", "Indigo"), price=Decimal("230000"), sale_price=Decimal("195000"), sku="BTK-M-IND",
                                stock=2, availability="in_stock", weight_grams=300, photo=INDIGO, row=5),
                ImportedVariant(("L", "Sogan"), price=Decimal("205000"), sku="BTK-L-SOG",  # sells on at zero
                                stock=0, availability="preorder", weight_grams=320, row=6),
                ImportedVariant(("L", "Indigo"), price=Decimal("215000"), sku="BTK-L-IND",
                                stock=7, availability="in_stock", weight_grams=320, photo=INDIGO_L, row=7),
            ),
            row=2,
        ),
        ImportedProduct(  # Title / Default Title: no options; inventory not tracked, so always for sale
            handle="tote-kanvas",
            title="Tote Bag Kanvas",
            description_html="Tas kanvas tebal, muat laptop 14 inci.",
            price=Decimal("90000"),
            sale_price=Decimal("75000"),
            sku="TOTE-01",
            availability="in_stock",
            weight_grams=150,
            category="Tas",  # Type wins over Product Category
            photos=(photo("tote.jpg?v=1700000010"),),
            row=10,
        ),
        ImportedProduct(
            handle="gelang-perak",
            title="Gelang Perak Kotagede",
            description_html="<p>Perak 925 buatan tangan.</p>",
            price=Decimal("45000"),
            sku="GLG-01",
            stock=10,
            availability="in_stock",
            weight_grams=25,
            category="Perhiasan",
            tags=("perak",),
            brand="Perak Kotagede",
            draft=True,  # legacy: Published FALSE; current: Status Archived
            photos=(photo("gelang.jpg?v=1700000020", "Gelang perak"),),
            row=12,
        ),
        ImportedProduct(
            handle="syal-sutra",
            title="Syal Sutra",
            description_html="<h2>Syal sutra ATBM</h2>\n<p>Ditenun dengan alat tenun bukan mesin.</p>\n<script>alert(1)</script>",
            price=Decimal("120000"),
            weight_grams=90,  # the same for every variant
            category="Aksesoris",
            tags=("sutra", "syal"),
            brand="Sutra Garut",
            draft=True,  # legacy: Status draft; current: Published on online store FALSE
            photos=(photo("syal.jpg?v=1700000030", "Syal sutra merah"),),
            options=(ImportedOption("Warna", ("Merah", "Hijau")),),
            variants=(
                ImportedVariant(("Merah",), price=Decimal("120000"), sku="SYL-MRH", stock=4, availability="in_stock",
                                weight_grams=90, row=shawl),
                ImportedVariant(("Hijau",), price=Decimal("120000"), sku="SYL-HJU", stock=1, availability="in_stock",
                                weight_grams=90, row=shawl_green),
            ),
            row=shawl,
        ),
    )


GIFT_CARD = Skipped("Kartu Hadiah", "row 11: a gift card; gift cards are not imported")


@pytest.mark.parametrize("path", [LEGACY, CURRENT], ids=["legacy", "current"])
def test_every_product_variant_price_stock_and_photo(path):
    result = read_shopify(read_table(path))
    assert result.format == "shopify"
    for got, want in zip(result.products, expected(path), strict=True):
        assert got == want
    assert result.skipped == (GIFT_CARD,)


@pytest.mark.parametrize("path", [LEGACY, CURRENT], ids=["legacy", "current"])
def test_prices_come_out_as_the_seller_writes_them(path):
    # "185000.00" in the file, 185000 in the product folder (Decimal equality alone would not tell)
    shirt = read_shopify(read_table(path)).products[0]
    assert [str(v.price) for v in shirt.variants] == ["210000", "185000", "195000", "230000", "205000", "215000"]
    assert str(shirt.price) == "185000"


def test_the_whole_category_path_when_the_shop_asks_for_it():
    products = read_shopify(read_table(LEGACY), category="full").products
    assert [p.category for p in products] == ["Apparel & Accessories > Clothing > Shirts & Tops", "Tas > Tote",
                                              "Perhiasan", "Aksesoris"]


def test_an_unknown_category_choice_is_refused():
    with pytest.raises(ValueError, match="category must be one of"):
        read_shopify(read_table(LEGACY), category="leaf")


def test_which_column_fed_which_field_and_what_was_not_read():
    result = read_shopify(read_table(LEGACY))
    assert result.columns == {
        "Handle": "handle", "Title": "title", "Body (HTML)": "description_html", "Vendor": "brand",
        "Type": "category", "Product Category": "category (when Type is empty)", "Tags": "tags",
        "Published": "draft", "Status": "draft", "Gift Card": "skipped (gift cards)",
        "Option1 Name": "options", "Option2 Name": "options", "Option3 Name": "options",
        "Option1 Value": "options, variants", "Option2 Value": "options, variants", "Option3 Value": "options, variants",
        "Variant SKU": "sku", "Variant Grams": "weight_grams", "Variant Inventory Tracker": "stock",
        "Variant Inventory Qty": "stock", "Variant Inventory Policy": "availability",
        "Variant Price": "price, sale_price", "Variant Compare At Price": "price (when higher than Price)",
        "Image Src": "photos", "Image Position": "photos (order)", "Image Alt Text": "photos (alt)",
        "Variant Image": "variants (photo)",
    }
    assert result.unused == ("Variant Fulfillment Service", "Variant Requires Shipping", "Variant Taxable",
                             "Variant Barcode", "SEO Title", "SEO Description", "Variant Weight Unit", "Cost per item",
                             "Price / International", "Compare At Price / International")


def test_the_current_generation_reports_its_own_headers():
    result = read_shopify(read_table(CURRENT))
    assert result.columns["URL handle"] == "handle"
    assert result.columns["Continue selling when out of stock"] == "availability"
    assert result.columns["Weight value (grams)"] == "weight_grams"
    assert result.columns["Product image URL"] == "photos"
    assert result.columns["Image position"] == "photos (order)"
    assert result.unused == ("Barcode", "Option1 Linked To", "Option2 Linked To", "Option3 Linked To", "Cost per item",
                             "Charge tax", "Tax code", "Unit price total measure", "Unit price total measure unit",
                             "Unit price base measure", "Unit price base measure unit", "Weight unit for display",
                             "Requires shipping", "Fulfillment service", "SEO title", "SEO description",
                             "Google Shopping / Condition")
    assert set(result.columns) | set(result.unused) == set(read_table(CURRENT).headers)


@pytest.mark.parametrize("path", [LEGACY, CURRENT], ids=["legacy", "current"])
def test_a_copy_saved_by_excel_with_semicolons_and_a_bom_reads_the_same(tmp_path, path):
    with path.open(newline="", encoding="utf-8") as source:
        rows = list(csv.reader(source))
    copy = tmp_path / "excel.csv"
    with copy.open("w", newline="", encoding="utf-8-sig") as target:
        csv.writer(target, delimiter=";").writerows(rows)
    raw = copy.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b";" in raw.split(b"\n", 1)[0]
    table = read_table(copy)
    assert detect(table) == "shopify"
    assert read_shopify(table) == read_shopify(read_table(path))


# Small files for the rules one at a time: the legacy headers a hand-made file would have.
HEADERS = ["Handle", "Title", "Body (HTML)", "Published", "Status", "Option1 Name", "Option1 Value", "Option2 Name",
           "Option2 Value", "Variant SKU", "Variant Inventory Qty", "Variant Inventory Policy", "Variant Price",
           "Variant Compare At Price", "Image Src", "Image Position", "Image Alt Text"]


def shopify_csv(tmp_path: Path, rows: list[dict[str, str]], headers: list[str] = HEADERS) -> Table:
    path = tmp_path / "products_export.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, headers)
        writer.writeheader()
        writer.writerows(rows)
    return read_table(path)


def test_variants_without_an_option_name_are_skipped(tmp_path):
    result = read_shopify(shopify_csv(tmp_path, [
        {"Handle": "kaos", "Title": "Kaos", "Variant SKU": "K-1", "Variant Price": "50000"},
        {"Handle": "kaos", "Variant SKU": "K-2", "Variant Price": "55000"},
    ]))
    assert result.products == ()
    assert result.skipped == (Skipped("Kaos", "rows 2, 3: 2 variants but no Option1 Name: name the option they differ in (Ukuran, Warna)"),)


def test_a_variant_without_its_option_value_is_skipped(tmp_path):
    result = read_shopify(shopify_csv(tmp_path, [
        {"Handle": "kaos", "Title": "Kaos", "Option1 Name": "Ukuran", "Option1 Value": "S", "Option2 Name": "Warna",
         "Option2 Value": "Putih", "Variant Price": "50000"},
        {"Handle": "kaos", "Option1 Value": "M", "Variant Price": "50000"},
    ]))
    assert result.skipped == (Skipped("Kaos", "row 3: Option2 Value is empty; every variant row names its Warna"),)


def test_the_same_variant_twice_is_skipped(tmp_path):
    result = read_shopify(shopify_csv(tmp_path, [
        {"Handle": "kaos", "Title": "Kaos", "Option1 Name": "Ukuran", "Option1 Value": "S", "Variant Price": "50000"},
        {"Handle": "kaos", "Option1 Value": "M", "Variant Price": "50000"},
        {"Handle": "kaos", "Option1 Value": "S", "Variant Price": "52000"},
    ]))
    assert result.skipped == (Skipped("Kaos", "rows 2 and 4: the same variant (S) twice"),)


@pytest.mark.parametrize("price, reason", [
    ("murah", "row 2: Variant Price: not a number (got 'murah'); write it as Shopify does, 185000.00"),
    ("Rp 50.000,00", "row 2: Variant Price: not a number (got 'Rp 50.000,00'); write it as Shopify does, 185000.00"),
    ("-5000", "row 2: Variant Price: below zero (got '-5000')"),
])
def test_a_price_that_is_not_one_skips_the_product_and_says_where(tmp_path, price, reason):
    result = read_shopify(shopify_csv(tmp_path, [
        {"Handle": "kaos", "Title": "Kaos", "Variant Price": price},
        {"Handle": "topi", "Title": "Topi", "Variant Price": "35000"},
    ]))
    assert result.skipped == (Skipped("Kaos", reason),)
    assert [p.handle for p in result.products] == ["topi"]


def test_decimal_commas_and_cents(tmp_path):
    # Excel in a decimal-comma locale re-saves 50000.00 as 50000,00
    products = read_shopify(shopify_csv(tmp_path, [
        {"Handle": "kaos", "Title": "Kaos", "Variant Price": "50000,00", "Variant Compare At Price": "65000,5"},
        {"Handle": "topi", "Title": "Topi", "Variant Price": "12.50"},
    ])).products
    assert (str(products[0].price), str(products[0].sale_price)) == ("65000.5", "50000")
    assert str(products[1].price) == "12.50"


def test_rows_of_no_product_and_products_with_no_title_are_reported(tmp_path):
    result = read_shopify(shopify_csv(tmp_path, [
        {"Handle": "kaos", "Title": "Kaos", "Variant Price": "50000"},
        {"Image Src": "lost.jpg"},
        {"Handle": "topi", "Image Src": "topi.jpg"},
    ]))
    assert [p.handle for p in result.products] == ["kaos"]
    assert result.skipped == (
        Skipped("row 3", "no Handle and no Title: a row belongs to the product whose handle it names"),
        Skipped("topi", "row 4: no Title on any row of this handle"),
    )


def test_rows_of_one_handle_belong_together_wherever_they_are(tmp_path):
    products = read_shopify(shopify_csv(tmp_path, [
        {"Handle": "kaos", "Title": "Kaos", "Variant Price": "50000", "Image Src": "a.jpg", "Image Position": "1"},
        {"Handle": "topi", "Title": "Topi", "Variant Price": "35000"},
        {"Handle": "kaos", "Image Src": "b.jpg", "Image Position": "2"},
    ])).products
    assert [(p.handle, [ph.source for ph in p.photos]) for p in products] == [("kaos", ["a.jpg", "b.jpg"]), ("topi", [])]


def test_photos_without_a_position_follow_and_a_repeated_one_counts_once(tmp_path):
    product = read_shopify(shopify_csv(tmp_path, [
        {"Handle": "kaos", "Title": "Kaos", "Variant Price": "50000", "Image Src": "c.jpg"},
        {"Handle": "kaos", "Image Src": "b.jpg", "Image Position": "2", "Image Alt Text": "Belakang"},
        {"Handle": "kaos", "Image Src": "a.jpg", "Image Position": "1"},
        {"Handle": "kaos", "Image Src": "b.jpg", "Image Position": "5"},
    ])).products[0]
    assert product.photos == (ImportedPhoto("a.jpg"), ImportedPhoto("b.jpg", "Belakang"), ImportedPhoto("c.jpg"))


def test_published_and_status_left_empty_mean_published(tmp_path):
    products = read_shopify(shopify_csv(tmp_path, [
        {"Handle": "kaos", "Title": "Kaos", "Variant Price": "50000"},
        {"Handle": "topi", "Title": "Topi", "Variant Price": "35000", "Published": "false"},
        {"Handle": "tas", "Title": "Tas", "Variant Price": "35000", "Status": "ARCHIVED"},
        {"Handle": "sabuk", "Title": "Sabuk", "Variant Price": "35000", "Status": "active", "Published": "TRUE"},
    ])).products
    assert [(p.handle, p.draft) for p in products] == [("kaos", False), ("topi", True), ("tas", True), ("sabuk", False)]


def test_stock_without_an_inventory_tracker_column(tmp_path):
    # a hand-made file without the tracker column: its quantities count as tracked
    products = read_shopify(shopify_csv(tmp_path, [
        {"Handle": "kaos", "Title": "Kaos", "Variant Price": "50000", "Variant Inventory Qty": "0"},
        {"Handle": "topi", "Title": "Topi", "Variant Price": "35000", "Variant Inventory Qty": "-2",
         "Variant Inventory Policy": "continue"},
        {"Handle": "tas", "Title": "Tas", "Variant Price": "35000"},
        {"Handle": "sabuk", "Title": "Sabuk", "Variant Price": "35000", "Variant Inventory Qty": "1.5"},
    ]))
    assert [(p.handle, p.stock, p.availability) for p in products.products] == [
        ("kaos", 0, "sold_out"), ("topi", 0, "preorder"), ("tas", None, None)]
    assert products.skipped == (Skipped("Sabuk", "row 5: Variant Inventory Qty: not a whole number (got '1.5')"),)


def test_the_current_generation_may_leave_the_handle_to_the_title(tmp_path):
    table = shopify_csv(tmp_path, [{"Title": "Kaos Polos Hitam", "Price": "50000"}],
                        headers=["Title", "URL handle", "Description", "Price", "Compare-at price"])
    assert [(p.handle, p.title, p.price) for p in read_shopify(table).products] == [("kaos-polos-hitam", "Kaos Polos Hitam", 50000)]


def test_a_file_that_is_not_a_shopify_export_is_refused(tmp_path):
    table = shopify_csv(tmp_path, [{"Nama Produk": "Kaos", "Harga": "50000"}], headers=["Nama Produk", "Harga"])
    with pytest.raises(FormatError, match=r"products_export\.csv: no Title or Price column, so this is not a Shopify product CSV"):
        read_shopify(table)


# Detection: from the headers alone.

def headers_csv(tmp_path: Path, text: str, encoding: str = "utf-8") -> Table:
    path = tmp_path / "export.csv"
    path.write_text(text + "\n", encoding=encoding)
    return read_table(path)


def test_both_shopify_generations_are_detected():
    assert detect(read_table(LEGACY)) == "shopify"
    assert detect(read_table(CURRENT)) == "shopify"


@pytest.mark.parametrize("header", [
    "ID,Type,SKU,Name,Published,Is featured?,Visibility in catalog,Short description,Description,Date sale price starts,"
    "Date sale price ends,In stock?,Stock,Weight (kg),Sale price,Regular price,Categories,Tags,Images,Parent,"
    "Attribute 1 name,Attribute 1 value(s)",
    "ID,Tipe,SKU,Nama,Diterbitkan,Harga obral,Harga reguler,Kategori,Tag,Gambar,Induk",
], ids=["english", "indonesian"])
def test_woocommerce_is_detected_with_its_bom_and_in_translation(tmp_path, header):
    assert detect(headers_csv(tmp_path, header, encoding="utf-8-sig")) == "woocommerce"


def test_woocommerce_is_detected_even_when_the_bom_stays_in_the_header():
    table = Table(Path("export.csv"), ("\ufeffID", "Type", "Regular  price"), ())
    assert detect(table) == "woocommerce"


@pytest.mark.parametrize("header", [
    "Nama Produk,Harga,Harga Coret,Stok,Berat (gram),Kategori,SKU,Deskripsi,Foto 1,Foto 2,Variasi",
    "Name,Price,Stock,Photo 1",
    "Handle,Title,Price",  # a handle alone is not Shopify's: no Variant Price
], ids=["indonesian", "english", "handle-only"])
def test_anything_else_is_a_plain_sheet(tmp_path, header):
    assert detect(headers_csv(tmp_path, header)) == "sheet"


def test_read_detects_and_dispatches():
    result = read(LEGACY, category="full")
    assert isinstance(result, ReadResult) and result.format == "shopify"
    assert result.products[0].category == "Apparel & Accessories > Clothing > Shirts & Tops"
    assert read(str(CURRENT), format="shopify") == read_shopify(read_table(CURRENT))


def test_read_with_a_format_the_file_is_not_in(tmp_path):
    path = tmp_path / "katalog.csv"
    path.write_text("Nama Produk,Harga\nKaos,50000\n", encoding="utf-8")
    with pytest.raises(FormatError, match="not a Shopify product CSV"):
        read(path, format="shopify")


def test_read_names_an_unknown_format():
    with pytest.raises(FormatError, match="^unknown format 'tokopedia': choose one of shopify, woocommerce, sheet$"):
        read(LEGACY, format="tokopedia")


def test_read_says_so_when_a_format_module_is_missing(monkeypatch):
    monkeypatch.setattr(formats, "FORMATS", (*formats.FORMATS, "ghost"))
    with pytest.raises(FormatError, match=r"^the ghost format cannot be read by this version of Etalase "
                                          r"\(generator\.importer\.formats\.ghost is missing\); choose another --format$"):
        read(LEGACY, format="ghost")
