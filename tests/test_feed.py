"""Issue 18, the feed's half: products.xml for Google Merchant Center and Meta's Commerce Manager.

One shop holds a product for every case; the feed is parsed with a strict XML parser (expat, through
ElementTree: a character XML 1.0 forbids, an unescaped `<` or `&` fails the parse)."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from generator import routes
from generator.outputs import feed, product_ids
from tests.helpers import SHOP_TOML, WORDS, build, make_photo, make_shop, product_md

G = "{http://base.google.com/ns/1.0}"
TODAY = "2026-11-23"
BASE = "https://tokouji.example/"
LONG_TITLE = " ".join(["Kain Tenun Ikat Sumba Pewarna Alami"] * 6)  # 215 characters
HOSTILE_TITLE = 'Kain <b>Tenun</b> & "Ikat" ]]> <![CDATA[x]]>'
HOSTILE_BODY = f"{WORDS}\n\nTeks \x01rusak\x0b & <script>alert(1)</script> ]]> &#xFFFE; lagi."

PRODUCTS = {
    "kemeja": "title: Kemeja Batik\nprice: 185000\nsku: KB-1\nweight_grams: 300\nphotos: [kemeja.jpg, belakang.jpg]",
    "sarung": "title: Sarung Tenun\nprice: 250000\navailability: low_stock\nstock: 2\nphotos: [kemeja.jpg]",
    "kain": "title: Kain Songket\nprice: 900000\navailability: preorder\nready_date: 2027-01-15\nphotos: [kemeja.jpg]",
    "tas": "title: Tas Anyaman\nprice: 120000\navailability: booked\nbooked_until: 2026-11-30\nphotos: [kemeja.jpg]",
    "topi": "title: Topi Pandan\nprice: 80000\navailability: sold_out\nphotos: [kemeja.jpg]",
    "selendang": "title: Selendang Sutra\nprice: 300000\nsale_price: 249000\nsale_until: 2026-12-31\nphotos: [kemeja.jpg]",
    "dompet": "title: Dompet Kulit\nprice: 150000\nsale_price: 99000\nsale_until: 2026-11-22\nphotos: [kemeja.jpg]",
    "panjang": f"title: {LONG_TITLE}\nprice: 450000\nphotos: [kemeja.jpg]",
    "aneh": f"title: '{HOSTILE_TITLE}'\nbrand: 'A&B <Co> ]]>'\nprice: 10000\nphotos: [kemeja.jpg]",
    "senter": ("title: Senter LED\nprice: 75000\ncondition: refurbished\ngtin: 8991234567891\nmpn: SL-200\n"
               "google_product_category: '2271'\ncategory: Kopi\nphotos: [kemeja.jpg]"),
    "jam": "title: Jam Dinding\nprice: 60000\nbrand: Waktu & Co\ncondition: used\nmpn: JD-9\nphotos: [kemeja.jpg]",
    "gerabah": "title: Gerabah Kasongan\nprice: 90000\navailability: preorder\nready_date: 2028-01-10\nphotos: [kemeja.jpg]",
    "lampu": "title: Lampu Bambu\nprice: 70000\navailability: preorder\nready_date: 2026-11-01\nphotos: [kemeja.jpg]",
    "draf": "title: Belum Jadi\nprice: 5000\ndraft: true\nphotos: [kemeja.jpg]",
    "kecil": "title: Gantungan Kunci\nprice: 15000\nphotos: [kecil.jpg, lebar.jpg]",
    "galeri": "title: Galeri Foto\nprice: 20000\nphotos: [" + ", ".join(f"g{i}.jpg" for i in range(12)) + "]",
    "shirt": """title: Kemeja Batik Tulis
price: 185000
sku: BTK-001
weight_grams: 300
photos: [kemeja.jpg, biru.jpg]
options:
  Ukuran: [S, XXL]
  Warna: [Sogan, Biru]
variants:
  - {Warna: Biru, photo: biru.jpg}
  - {Ukuran: S, Warna: Biru, availability: sold_out, sku: BTK-001-S-BIR}
  - {Ukuran: XXL, price: 195000}
  - {Ukuran: XXL, Warna: Biru, availability: preorder, ready_date: 2027-01-15}
  - {Ukuran: XXL, Warna: Sogan, weight_grams: 330, sale_price: 170000, sale_until: 2026-12-31}""",
    "kopi": """title: Kopi Arabika Gayo
price: 95000
category: Kopi
photos: [kemeja.jpg]
options:
  Berat: [250 g, 500 g]
  Gilingan: [Biji utuh, Bubuk]
variants:
  - {Berat: 500 g, price: 180000}
  - {Berat: 500 g, Gilingan: Bubuk, availability: preorder, ready_date: 2026-11-01}""",
    "panjang-varian": f"title: {LONG_TITLE}\nprice: 450000\nphotos: [kemeja.jpg]\noptions:\n  Gilingan: [Halus, Kasar]",
    "ransel": """title: Tas Kanvas
price: 210000
gtin: 8991234567891
photos: [kemeja.jpg]
options:
  Warna: [Hitam, Krem]
  Model: [Ransel, Selempang]""",
}
SHORT = {"pendek": ("title: Gelang\nprice: 5000\nphotos: [kemeja.jpg]", "Gelang manik kayu.")}


def _files() -> dict[str, str]:
    files = {f"content/products/{slug}.md": product_md(front) for slug, front in PRODUCTS.items()}
    files["content/products/aneh.md"] = product_md(PRODUCTS["aneh"], HOSTILE_BODY)
    for slug, (front, body) in SHORT.items():
        files[f"content/products/{slug}.md"] = product_md(front, body)
    files["shop.toml"] = (SHOP_TOML + "\n[quality]\nmin_photo_px = 400\nmin_description_words = 3\n"
                          '\n[google_product_category]\nKopi = "Food, Beverages & Tobacco > Beverages > Coffee"\nJamu = "5723"\n')
    return files


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    root = make_shop(tmp_path_factory.mktemp("feed") / "shop", _files())
    make_photo(root / "content/products/belakang.jpg", color=(60, 120, 40))
    make_photo(root / "content/products/biru.jpg", color=(30, 50, 160))
    make_photo(root / "content/products/kecil.jpg", size=(700, 700), color=(200, 150, 40))
    make_photo(root / "content/products/lebar.jpg", size=(1400, 420), color=(90, 40, 120))
    for index in range(12):
        make_photo(root / f"content/products/g{index}.jpg", size=(520, 520), color=(40 + index * 15, 80, 120))
    code, err = build(root, "--today", TODAY)
    assert code == 0, err
    return root, err


@pytest.fixture(scope="module")
def items(shop) -> dict[str, ET.Element]:
    root, _ = shop
    document = ET.fromstring((root / "public/products.xml").read_bytes())  # strict: raises on malformed XML
    return {item.findtext(f"{G}id"): item for item in document.iter("item")}


def fields(item: ET.Element) -> dict[str, str]:
    """An item's single fields (additional_image_link, which repeats, apart)."""
    return {child.tag.removeprefix(G): child.text for child in item if child.tag != f"{G}additional_image_link"}


def warnings(shop) -> list[str]:
    return [line.removeprefix("warning: ") for line in shop[1].splitlines() if line.startswith("warning: ")]


def line_of(slug: str, start: str) -> int:
    """The line of the product file that starts with `start` (the file as the fixture writes it)."""
    text = product_md(PRODUCTS.get(slug) or SHORT[slug][0])
    return next(number for number, line in enumerate(text.splitlines(), start=1) if line.lstrip(" -").startswith(start))


# --------------------------------------------------------------------------- the file


def test_the_feed_written_product_by_product_is_the_one_indented_tree(shop):
    """feed.py serialises each product's items as they are made; the bytes must be those of the whole
    feed as one tree, indented, with the namespace declared once on <rss>."""
    written = (shop[0] / "public/products.xml").read_bytes()
    tree = ET.fromstring(written)
    ET.indent(tree)
    ET.register_namespace("g", feed.G)  # the prefix the feed writes, for this re-serialisation
    assert ET.tostring(tree, encoding="utf-8", xml_declaration=True) + b"\n" == written
    assert written.count(b"xmlns:g=") == 1 and len(tree.findall("channel/item")) > 20


@settings(max_examples=300, deadline=None)
@given(fields=st.lists(st.tuples(st.sampled_from(["id", "title", "description", "brand", "size", "price"]),
                                 st.text(max_size=40) | st.sampled_from(["", "&amp;", "<b>", "]]>", "a\r\nb", '"x"'])),
                       min_size=1, max_size=6))
def test_an_item_is_written_as_elementtree_writes_it(fields):
    """feed.py writes items field by field: for any text, the bytes ElementTree gives the same item indented."""
    ET.register_namespace("g", feed.G)
    wrapper = ET.Element("rss")
    item = ET.SubElement(ET.SubElement(wrapper, "channel"), "item")
    for name, text in fields:
        ET.SubElement(item, f"{G}{name}").text = feed.clean(text)
    ET.indent(wrapper)
    expected = ET.tostring(wrapper, encoding="unicode")
    written = feed.ITEM_START + "".join(feed._field(name, feed.clean(text)) for name, text in fields) + feed.ITEM_END
    assert expected[expected.index(feed.ITEM_START):expected.index(feed.CHANNEL_END)] == written


def test_the_feed_is_rss_in_googles_namespace_and_not_in_the_sitemap(shop):
    root, _ = shop
    data = (root / "public/products.xml").read_bytes()
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<rss ")
    assert b'xmlns:g="http://base.google.com/ns/1.0"' in data
    document = ET.fromstring(data)
    assert document.tag == "rss" and document.get("version") == "2.0"
    channel = document.find("channel")
    assert (channel.findtext("title"), channel.findtext("link")) == ("Toko Uji", BASE)
    assert "products.xml" not in (root / "public/sitemap.xml").read_text()
    assert routes.kind_of(routes.PRODUCT_FEED) == "product feed" and routes.PRODUCT_FEED == "products.xml"


def test_one_item_per_product_and_per_combination(items):
    singles = [item for item in items.values() if item.find(f"{G}item_group_id") is None]
    assert sorted(fields(item)["link"].removeprefix(BASE + "products/") for item in singles) == sorted(
        f"{slug}/" for slug in [*PRODUCTS, *SHORT] if slug not in ("shirt", "kopi", "ransel", "panjang-varian", "draf", "lampu"))
    groups = {}
    for item in items.values():
        if item.find(f"{G}item_group_id") is not None:
            groups.setdefault(item.findtext(f"{G}item_group_id"), []).append(item)
    assert {group: len(members) for group, members in groups.items()} == {"BTK-001": 4, "kopi": 3, "ransel": 4, "panjang-varian": 2}


# --------------------------------------------------------------------------- every field, product by product


def test_in_stock_product_every_field(shop, items):
    root, _ = shop
    item = items["KB-1"]
    values = fields(item)
    image, back = values.pop("image_link"), [e.text for e in item.findall(f"{G}additional_image_link")]
    assert values == {
        "id": "KB-1", "title": "Kemeja Batik", "description": WORDS, "link": BASE + "products/kemeja/",
        "brand": "Toko Uji", "condition": "new", "identifier_exists": "no",
        "availability": "in_stock", "price": "185000.00 IDR", "shipping_weight": "300 g",
    }
    for address in [image, *back]:  # the JPEG of each photo, 800 px wide: never a WebP
        assert re.fullmatch(re.escape(BASE) + r"photos/[a-z0-9-]+-800\.jpg", address), address
        with Image.open(root / "public" / address.removeprefix(BASE)) as photo:
            assert (photo.format, photo.width) == ("JPEG", 800)
    assert "kemeja-" in image and len(back) == 1 and "belakang-" in back[0]


@pytest.mark.parametrize("slug, availability", [("sarung", "in_stock"), ("tas", "out_of_stock"), ("topi", "out_of_stock")])
def test_low_stock_is_in_stock_booked_and_sold_out_stay_out_of_stock(items, slug, availability):
    values = fields(items[slug])
    assert values["availability"] == availability and "availability_date" not in values


def test_preorder_has_its_date_in_the_shops_time_zone(items):
    values = fields(items["kain"])
    assert (values["availability"], values["availability_date"]) == ("preorder", "2027-01-15T00:00+07:00")


def test_sale_price_with_its_end_only_while_the_sale_runs(items):
    on_sale = fields(items["selendang"])
    assert (on_sale["price"], on_sale["sale_price"]) == ("300000.00 IDR", "249000.00 IDR")
    assert on_sale["sale_price_effective_date"] == "2026-11-23T00:00+07:00/2026-12-31T23:59+07:00"
    ended = fields(items["dompet"])
    assert ended["price"] == "150000.00 IDR"
    assert "sale_price" not in ended and "sale_price_effective_date" not in ended


def test_no_weight_no_shipping_weight(items):
    assert "shipping_weight" not in fields(items["sarung"])


def test_a_long_title_is_cut_at_a_word(items, shop):
    title = fields(items["panjang"])["title"]
    assert len(LONG_TITLE) > 150 and len(title) <= 150 and title.endswith("…")
    kept = title.removesuffix("…")
    assert LONG_TITLE.startswith(kept) and LONG_TITLE[len(kept)] == " "
    assert len(kept) > 130  # cut at the last word that fits, not far before
    assert (f"content/products/panjang.md:2: title: {len(LONG_TITLE)} characters; Google and Meta take at most 150, "
            "so products.xml cuts it at a word: write a shorter title") in warnings(shop)


def test_a_long_title_with_options_keeps_the_options(items, shop):
    titles = {fields(item)["title"] for item in items.values() if fields(item).get("item_group_id") == "panjang-varian"}
    assert len(titles) == 2 and all(len(title) <= 150 for title in titles)
    assert {title.rsplit(" (", 1)[1] for title in titles} == {"Gilingan Halus)", "Gilingan Kasar)"}
    assert all(title.split(" (")[0].endswith("…") for title in titles)
    length = len(LONG_TITLE) + len(" (Gilingan Halus)")
    assert (f"content/products/panjang-varian.md:2: title: {length} characters with its options; Google and Meta take at most 150, "
            "so products.xml cuts it at a word: write a shorter title") in warnings(shop)


def test_condition_identifiers_and_google_category(items, shop):
    senter = fields(items["senter"])
    assert (senter["condition"], senter["gtin"], senter["mpn"], senter["google_product_category"]) == (
        "refurbished", "8991234567891", "SL-200", "2271")
    assert "identifier_exists" not in senter and senter["brand"] == "Toko Uji"
    jam = fields(items["jam"])
    assert (jam["condition"], jam["mpn"], jam["brand"]) == ("used", "JD-9", "Waktu & Co")
    assert "gtin" not in jam and "identifier_exists" not in jam
    assert "google_product_category" not in jam  # no key, no category
    assert ("content/products/senter.md:5: brand: missing, so products.xml names the shop (\"Toko Uji\") as the maker; "
            "a product with a barcode is most likely someone else's make: add brand: with the maker's name") in warnings(shop)
    assert not any(w.startswith("content/products/jam.md") and "brand" in w for w in warnings(shop))  # its own brand


def test_a_category_gives_its_products_googles_category_unless_they_set_their_own(items, shop):
    kopi = [fields(item) for key, item in items.items() if key.startswith("kopi-")]
    assert len(kopi) == 3 and {item["google_product_category"] for item in kopi} == {"Food, Beverages & Tobacco > Beverages > Coffee"}
    assert fields(items["senter"])["google_product_category"] == "2271"  # its own key wins over its category's
    line = next(n for n, text in enumerate(_files()["shop.toml"].splitlines(), 1) if text.startswith("Jamu"))
    assert (f'shop.toml:{line}: google_product_category: "Jamu" is not the category of any product, so products.xml uses it '
            "for none; write it exactly as in the product files") in warnings(shop)


@pytest.mark.parametrize("table, message", [
    ('google_product_category = "1868"', 'shop.toml:{line}: google_product_category: must be a table such as '
                                         '[google_product_category] with lines such as Kopi = "1868"'),
    ('[google_product_category]\nKopi = true', 'shop.toml:{line}: google_product_category."Kopi": must be text (got True) '
                                               '(Google\'s number, e.g. "1868", or its name)'),
])
def test_a_google_category_table_that_is_wrong_is_an_error(tmp_path, table, message):
    text = table + "\n" + SHOP_TOML if not table.startswith("[") else SHOP_TOML + "\n" + table + "\n"
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith(("google_product_category =", "Kopi")))
    root = make_shop(tmp_path, {"shop.toml": text})
    code, err = build(root, "--today", TODAY)
    assert code == 1
    assert message.format(line=line) in err.splitlines()


def test_variants_with_size_and_colour(items):
    shirt = {key: fields(item) for key, item in items.items() if fields(item).get("item_group_id") == "BTK-001"}
    assert set(shirt) == {"BTK-001-s-sogan", "BTK-001-S-BIR", "BTK-001-xxl-sogan", "BTK-001-xxl-biru"}
    page = BASE + "products/shirt/"
    assert shirt["BTK-001-s-sogan"] == {
        "id": "BTK-001-s-sogan", "title": "Kemeja Batik Tulis", "description": WORDS, "link": page + "?variant=s-sogan",
        "image_link": shirt["BTK-001-s-sogan"]["image_link"], "brand": "Toko Uji", "condition": "new", "identifier_exists": "no",
        "item_group_id": "BTK-001", "size": "S", "color": "Sogan", "availability": "in_stock", "price": "185000.00 IDR",
        "shipping_weight": "300 g",
    }
    assert shirt["BTK-001-S-BIR"]["availability"] == "out_of_stock" and shirt["BTK-001-S-BIR"]["link"] == page + "?variant=BTK-001-S-BIR"
    assert (shirt["BTK-001-xxl-biru"]["availability"], shirt["BTK-001-xxl-biru"]["availability_date"]) == ("preorder", "2027-01-15T00:00+07:00")
    xxl = shirt["BTK-001-xxl-sogan"]
    assert (xxl["price"], xxl["sale_price"], xxl["shipping_weight"]) == ("195000.00 IDR", "170000.00 IDR", "330 g")
    assert xxl["sale_price_effective_date"].endswith("/2026-12-31T23:59+07:00")
    assert "biru-" in shirt["BTK-001-S-BIR"]["image_link"] and "kemeja-" in shirt["BTK-001-s-sogan"]["image_link"]
    others = [e.text for e in items["BTK-001-S-BIR"].findall(f"{G}additional_image_link")]
    assert len(others) == 1 and "kemeja-" in others[0]  # the product's other photo


def test_options_that_are_no_attribute_are_named_in_the_title(items, shop):
    kopi = {key: fields(item) for key, item in items.items() if fields(item).get("item_group_id") == "kopi"}
    assert {values["title"] for values in kopi.values()} == {
        "Kopi Arabika Gayo (Berat 250 g, Gilingan Biji utuh)", "Kopi Arabika Gayo (Berat 250 g, Gilingan Bubuk)",
        "Kopi Arabika Gayo (Berat 500 g, Gilingan Biji utuh)"}
    assert not any("size" in values or "color" in values for values in kopi.values())
    assert kopi["kopi-500-g-biji-utuh"]["price"] == "180000.00 IDR"
    ransel = fields(items["ransel-hitam-ransel"])
    assert (ransel["title"], ransel["color"], ransel["identifier_exists"]) == ("Tas Kanvas (Model Ransel)", "Hitam", "no")
    assert "gtin" not in ransel
    assert ("content/products/ransel.md:4: gtin: names one item, so products.xml does not give it to this product's "
            "4 combinations: remove it, or sell each combination as its own product with its gtin") in warnings(shop)


def test_left_out_with_a_warning_draft_and_passed_preorder_date(items, shop):
    links = {fields(item)["link"] for item in items.values()}
    assert not any("/draf/" in link or "/lampu/" in link for link in links)
    assert f"content/products/draf.md:{line_of('draf', 'draft')}: draft: left out of products.xml (the product feed) until it is published" in warnings(shop)
    assert (f"content/products/lampu.md:{line_of('lampu', 'ready_date')}: ready_date: 2026-11-01 has passed, so the product is left "
            "out of products.xml until the date is set again") in warnings(shop)
    assert (f"content/products/kopi.md:{line_of('kopi', '{Berat: 500 g, Gilingan')}: Berat 500 g, Gilingan Bubuk: ready_date: "
            "2026-11-01 has passed, so this combination is left out of products.xml until the date is set again") in warnings(shop)


def test_photo_warnings_and_at_most_ten_additional_images(items, shop):
    root, _ = shop
    kecil = items["kecil"]
    assert fields(kecil)["image_link"].endswith("-700.jpg")  # the largest JPEG there is
    galeri = items["galeri"]
    assert len(galeri.findall(f"{G}additional_image_link")) == 10
    found = warnings(shop)
    line = line_of("kecil", "photos")
    assert (f'content/products/kecil.md:{line}: photos[0]: "content/products/kecil.jpg" gives products.xml a JPEG of 700 px wide; '
            "Google asks for at least 800: use a larger photo") in found
    assert (f'content/products/kecil.md:{line}: photos[1]: "content/products/lebar.jpg" is 800×240 px in products.xml; '
            "Meta's catalog needs at least 500×500: use a larger photo, or crop it closer to a square") in found
    # 520 px: enough for Meta; only the main photo is Google's image_link, so only it is held to 800 px
    assert [w.split(": ", 2)[1] for w in found if w.startswith("content/products/galeri.md") and "products.xml" in w] == ['photos[0]']


def test_description_too_short_for_meta_and_preorder_too_far(shop):
    found = warnings(shop)
    assert ("content/products/pendek.md:6: description: 18 characters; Meta's catalog needs at least 30: "
            "describe the product below the front matter") in found
    assert (f"content/products/gerabah.md:{line_of('gerabah', 'ready_date')}: ready_date: 2028-01-10 is more than a year ahead; "
            "Google Merchant Center refuses a preorder date beyond one year: check the date") in found


def test_hostile_seller_text_stays_text(shop, items):
    root, _ = shop
    data = (root / "public/products.xml").read_bytes()
    assert b"<b>" not in data and b"<script>" not in data and b"<![CDATA[" not in data and b"]]>" not in data
    values = fields(items["aneh"])
    assert values["title"] == HOSTILE_TITLE and values["brand"] == "A&B <Co> ]]>"
    assert "& <script>alert(1)</script> ]]>" in values["description"]
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe]", data.decode("utf-8"))


# --------------------------------------------------------------------------- the same ids as the pages' JSON-LD


def _json_ld(root: Path, slug: str) -> list[dict]:
    html = (root / f"public/products/{slug}/index.html").read_text()
    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)][0]


def test_ids_are_the_structured_datas(shop, items):
    root, _ = shop
    for slug in ("shirt", "kopi", "ransel"):
        group = next(node for node in _json_ld(root, slug) if node["@type"] == "ProductGroup")
        feed_ids = {key for key, item in items.items() if item.findtext(f"{G}item_group_id") == group["productGroupID"]}
        page_ids = {variant["sku"] for variant in group["hasVariant"]}
        assert feed_ids <= page_ids and feed_ids  # the left-out preorder aside, every item is one of the page's
        assert page_ids - feed_ids == ({"kopi-500-g-bubuk"} if slug == "kopi" else set())
        for variant in group["hasVariant"]:
            if variant["sku"] in items:
                assert fields(items[variant["sku"]])["link"] == variant["offers"]["url"]
    product = next(node for node in _json_ld(root, "kemeja") if node["@type"] == "Product")
    assert product["sku"] in items and fields(items[product["sku"]])["link"] == product["offers"]["url"]
    assert product_ids.group_id(None, "sarung") in items  # no SKU: the slug


# --------------------------------------------------------------------------- the parts


def test_prices_have_the_currencys_decimals():
    assert feed.price_text(Decimal("185000"), "IDR") == "185000.00 IDR"
    assert feed.price_text(Decimal("12.5"), "USD") == "12.50 USD"
    assert feed.price_text(Decimal("1500"), "JPY") == "1500.00 JPY"  # CLDR: none; Google's form has two
    assert feed.price_text(Decimal("1.5"), "KWD") == "1.500 KWD"


@settings(max_examples=500, deadline=None)
@given(st.text() | st.text(alphabet=st.characters(max_codepoint=127)))
def test_clean_drops_exactly_what_xml_cannot_hold(text):
    # clean() skips its pattern for printable ASCII: for any text it must drop what the pattern drops
    assert feed.clean(text) == feed._NOT_XML.sub("", text)


def test_cut_and_clean():
    assert feed.cut("Kain tenun ikat", 150) == "Kain tenun ikat"
    assert feed.cut("Kain tenun ikat Sumba", 12) == "Kain tenun…"
    assert feed.cut("Kaintenunikatsumba", 10) == "Kaintenun…"  # one long word: cut inside it
    assert feed.clean("A\x00B\x07C\x1fD\tE\nF\ufffeG") == "ABCD\tE\nFG"


def test_gtin_is_checked(tmp_path):
    shop = make_shop(tmp_path, {"content/products/kemeja.md": product_md(
        "title: Kemeja Batik\nprice: 185000\ngtin: 8991234567894\nmpn: '12345'\nphotos: [kemeja.jpg]")})
    code, err = build(shop, "--today", TODAY)
    assert code == 1
    assert ('content/products/kemeja.md:4: gtin: "8991234567894" has a wrong check digit (the last one): '
            "copy the number under the barcode again") in err.splitlines()
    (shop / "content/products/kemeja.md").write_text(product_md(
        "title: Kemeja Batik\nprice: 185000\ngtin: 12-34\nphotos: [kemeja.jpg]"), encoding="utf-8")
    code, err = build(shop, "--today", TODAY)
    assert ('content/products/kemeja.md:4: gtin: must be the 8, 12, 13 or 14 digits under the barcode, e.g. gtin: 8991234567891 '
            '(got "1234")') in err.splitlines()


def test_the_editor_offers_the_new_keys(shop):
    import yaml

    from tests.test_editor import EDITOR, editor_shop

    root = editor_shop(shop[0].parent / "editor", SHOP_TOML + EDITOR)
    data = yaml.safe_load((root / "public/admin/config.yml").read_text(encoding="utf-8"))
    products = {f["name"]: f for f in next(c for c in data["collections"] if c["name"] == "products")["fields"]}
    assert products["condition"]["options"] == [{"label": "Baru", "value": "new"}, {"label": "Rekondisi", "value": "refurbished"},
                                                {"label": "Bekas", "value": "used"}]
    assert products["condition"]["default"] == "new" and products["condition"]["label"] == "Kondisi"
    pattern, message = products["gtin"]["pattern"]
    assert re.match(pattern, "8991234567891") and not re.match(pattern, "12345")
    assert message == "barcode: 8, 12, 13 atau 14 angka di bawah barcode"
    assert products["google_product_category"]["widget"] == products["mpn"]["widget"] == "string"


def test_the_feed_follows_the_day(tmp_path):
    """The daily rebuild: a sale that ended is gone from the feed the next day, with no edit."""
    shop = make_shop(tmp_path, {"content/products/kemeja.md": product_md(
        "title: Kemeja Batik\nprice: 185000\nsale_price: 150000\nsale_until: 2026-11-23\nphotos: [kemeja.jpg]")})
    assert build(shop, "--today", TODAY)[0] == 0
    assert b"<g:sale_price>150000.00 IDR</g:sale_price>" in (shop / "public/products.xml").read_bytes()
    assert build(shop, "--today", (dt.date.fromisoformat(TODAY) + dt.timedelta(days=1)).isoformat())[0] == 0
    assert b"sale_price" not in (shop / "public/products.xml").read_bytes()
