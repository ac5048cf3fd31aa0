"""Issue 15: variants that are real. The options a product offers, what each combination has of its own
(price, sale price, stock, SKU, photo, weight), the most specific entry winning, and every contract rule
with its exact message, file and line."""

from __future__ import annotations

import json
import time

import pytest

from tests.helpers import build, make_photo, make_shop, page_text, product_md

PRODUCT = "content/products/kemeja.md"
SHIRT = """title: Kemeja Batik
price: 185000
sku: BTK-001
weight_grams: 300
photos: [kemeja.jpg]
options:
  Ukuran: [S, M, L, XL, XXL]
  Warna: [Sogan Cokelat, Biru Indigo]
variants:
  - {Ukuran: XXL, price: 195000}
  - {Warna: Biru Indigo, photo: biru.jpg}
  - {Ukuran: S, Warna: Biru Indigo, availability: sold_out, sku: BTK-001-S-BIR}
  - {Ukuran: XXL, Warna: Biru Indigo, price: 199000, weight_grams: 320}"""


def shirt_shop(tmp_path, front: str = SHIRT, **files):
    shop = make_shop(tmp_path, {PRODUCT: product_md(front), **files})
    make_photo(shop / "content/products/biru.jpg", color=(30, 50, 160))
    return shop


def errors(shop) -> list[str]:
    code, err = build(shop)
    assert code == 1, err
    return [line for line in err.splitlines() if line.startswith(PRODUCT)]


def catalog(shop) -> dict:
    return json.loads((shop / "public/catalog.json").read_text(encoding="utf-8"))


def test_each_combination_takes_the_most_specific_entry(tmp_path):
    shop = shirt_shop(tmp_path)
    code, err = build(shop)
    assert code == 0, err
    entry = catalog(shop)["kemeja"]
    assert entry["options"] == [{"name": "Ukuran", "values": ["S", "M", "L", "XL", "XXL"]},
                                {"name": "Warna", "values": ["Sogan Cokelat", "Biru Indigo"]}]
    by_values = {tuple(v["values"]): v for v in entry["variants"]}
    assert len(by_values) == 10
    assert by_values[("M", "Sogan Cokelat")] | {} == {  # nothing of its own: all the product's
        "values": ["M", "Sogan Cokelat"], "key": "m-sogan-cokelat", "price": 185000, "price_text": "Rp 185.000",
        "availability": "in_stock", "availability_label": "Tersedia", "orderable": True, "sku": "BTK-001", "weight_grams": 300}
    assert by_values[("XXL", "Sogan Cokelat")]["price"] == 195000  # {Ukuran: XXL}
    assert by_values[("XXL", "Biru Indigo")]["price"] == 199000  # two options named beat one
    assert by_values[("XXL", "Biru Indigo")]["weight_grams"] == 320
    sold = by_values[("S", "Biru Indigo")]
    assert (sold["availability"], sold["orderable"], sold["sku"], sold["key"]) == ("sold_out", False, "BTK-001-S-BIR", "BTK-001-S-BIR")
    assert entry["price"] == 185000 and entry["orderable"] is True  # the cheapest orderable combination
    page = (shop / "public/products/kemeja/index.html").read_text()
    assert "Rp 185.000 – Rp 199.000" in page_text(page)
    assert page.count("/photos/biru-") > 0  # the variant's own photo is in the gallery
    assert "Rp 185.000 – Rp 199.000" in page_text((shop / "public/products/index.html").read_text())  # the card
    assert "<summary>Rp 185.000 – Rp 199.000 · Tersedia</summary>" in (shop / "public/feed.xml").read_text()


def test_the_older_form_still_builds(tmp_path):
    shop = make_shop(tmp_path, {PRODUCT: product_md(
        "title: Kemeja\nprice: 1000\nphotos: [kemeja.jpg]\nvariants:\n  - name: Ukuran\n    options: [M, L]")})
    assert build(shop)[0] == 0
    entry = catalog(shop)["kemeja"]
    assert entry["options"] == [{"name": "Ukuran", "values": ["M", "L"]}]
    assert [v["values"] for v in entry["variants"]] == [["M"], ["L"]]
    assert all(v["price"] == 1000 for v in entry["variants"])


def test_a_product_whose_every_combination_is_gone_is_sold_out(tmp_path):
    shop = shirt_shop(tmp_path, "title: Tas\nprice: 100000\nphotos: [kemeja.jpg]\noptions: {Warna: [Merah, Hitam]}\n"
                                "variants:\n  - {Warna: Merah, availability: sold_out}\n  - {Warna: Hitam, availability: sold_out}")
    assert build(shop)[0] == 0
    entry = catalog(shop)["kemeja"]
    assert (entry["availability"], entry["orderable"]) == ("sold_out", False)
    available = (shop / "public/products/available/index.html").read_text()
    assert "/products/kemeja/" not in available


def test_a_sold_out_colour_leaves_the_product_available(tmp_path):
    shop = shirt_shop(tmp_path, "title: Tas\nprice: 100000\nphotos: [kemeja.jpg]\noptions: {Warna: [Merah, Hitam]}\n"
                                "variants:\n  - {Warna: Merah, availability: sold_out, price: 90000}")
    assert build(shop)[0] == 0
    entry = catalog(shop)["kemeja"]
    assert (entry["availability"], entry["orderable"], entry["price"]) == ("in_stock", True, 100000)  # the red's 90,000 cannot be paid
    assert "/products/kemeja/" in (shop / "public/products/available/index.html").read_text()
    assert "Rp 90.000" not in (shop / "public/products/index.html").read_text()


CONTRACT = {
    "an option that does not exist": (
        "options: {Ukuran: [S, M]}\nvariants:\n  - {Ukran: S, price: 1}", 7,
        'variants[0]: "Ukran" is not an option of this product: did you mean "Ukuran"?'),
    "a value that does not exist": (
        "options: {Ukuran: [S, M]}\nvariants:\n  - {Ukuran: XL, price: 1}", 7,
        'variants[0].Ukuran: "XL" is not one of its values: the values are S, M'),
    "a conflict at one specificity": (
        "options: {Ukuran: [S, M], Warna: [Merah, Hitam]}\nvariants:\n  - {Ukuran: M, price: 2000}\n  - {Warna: Hitam, price: 3000}", 8,
        "variants[1] and variants[0] (line 7) both set price for Ukuran M, Warna Hitam, differently: "
        "add an entry naming all its options, e.g. {Ukuran: M, Warna: Hitam, price: ...}"),
    "a missing photo": (
        "options: {Warna: [Merah, Hitam]}\nvariants:\n  - {Warna: Merah, photo: merah.jpg}", 7,
        'variants[0].photo: file not found: "merah.jpg" (looked in content/products/)'),
    "too many combinations": (
        "options:\n  A: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n  B: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n  C: [1, 2]", 5,
        "options: 10 × 10 × 2 = 200 combinations; at most 100: split the product, or keep only the options shoppers really choose between"),
    "a fourth option": (
        "options: {A: [1], B: [1], C: [1], D: [1]}", 5, "options: 4 options; at most 3 (a fourth choice is a separate product)"),
    "an entry that names no option": (
        "options: {Ukuran: [S, M]}\nvariants:\n  - {price: 1}", 7, "variants[0]: name the option values it is for, e.g. {Ukuran: ..., price: ...}"),
    "an entry that sets nothing": (
        "options: {Ukuran: [S, M]}\nvariants:\n  - {Ukuran: S}", 7,
        "variants[0]: sets nothing: add what differs (price, sale_price, sku, availability, stock, photo, weight_grams) or remove it"),
    "a value written twice": ("options: {Ukuran: [S, M, S]}", 5, 'options: "Ukuran": "S" is listed twice: keep each value once'),
    "a sale price above its own price": (
        "sale_price: 900\noptions: {Ukuran: [S, M]}\nvariants:\n  - {Ukuran: S, price: 800}", 8,
        "Ukuran S: sale_price 900 must be lower than its price (800); set a lower sale_price for it, or sale_price: on the product only where it applies"),
    "a preorder without its date": (
        "options: {Ukuran: [S, M]}\nvariants:\n  - {Ukuran: S, availability: preorder}", 7,
        "Ukuran S: ready_date: required for a preorder, so shoppers know when it ships (e.g. ready_date: 2027-01-15)"),
    "entries without options": (
        "variants:\n  - {Ukuran: S, price: 1}", 5,
        "variants: name the options first, e.g. options: {Ukuran: [S, M, L]}, then list only what differs, e.g. variants: [{Ukuran: L, price: 195000}]"),
    "one SKU for many combinations": (
        "options: {Ukuran: [S, M, L]}\nvariants:\n  - {Ukuran: S, sku: A-1}\n  - {Ukuran: M, sku: A-1}", 8,
        'Ukuran M: sku "A-1" is already used by Ukuran S (content/products/kemeja.md:7); every combination needs its own SKU: change it here or there'),
}


@pytest.mark.parametrize("case", sorted(CONTRACT))
def test_contract_rule(tmp_path, case):
    front, line, message = CONTRACT[case]
    shop = shirt_shop(tmp_path, f"title: Kemeja\nprice: 1000\nphotos: [kemeja.jpg]\n{front}")
    assert f"{PRODUCT}:{line}: {message}" in errors(shop)


def test_a_missing_photo_shared_by_several_combinations_is_named_once(tmp_path):
    shop = shirt_shop(tmp_path, "title: Kemeja\nprice: 1000\nphotos: [kemeja.jpg]\noptions: {Warna: [Merah, Hitam], Ukuran: [S, M, L]}\n"
                                "variants:\n  - {Warna: Merah, photo: merah.jpg}")
    assert errors(shop) == [f'{PRODUCT}:7: variants[0].photo: file not found: "merah.jpg" (looked in content/products/)']


def test_a_variant_sku_used_by_another_product(tmp_path):
    shop = shirt_shop(tmp_path, "title: Kemeja\nprice: 1000\nphotos: [kemeja.jpg]\noptions: {Ukuran: [S, M]}\n"
                                "variants:\n  - {Ukuran: S, sku: KB-2}",
                      **{"content/products/kaos.md": product_md("title: Kaos\nprice: 5000\nsku: KB-2\nphotos: [kemeja.jpg]")})
    assert (f'{PRODUCT}:7: Ukuran S: sku "KB-2" is already the SKU of content/products/kaos.md; '
            "every combination needs its own SKU: change one of them") in errors(shop)


def test_an_entry_that_gives_one_sku_to_several_combinations(tmp_path):
    shop = shirt_shop(tmp_path, "title: Kemeja\nprice: 1000\nphotos: [kemeja.jpg]\noptions: {Ukuran: [S, M], Warna: [A, B]}\n"
                                "variants:\n  - {Ukuran: S, sku: KB-9}")
    found = errors(shop)
    assert found == [f'{PRODUCT}:7: variants: sku "KB-9" is set for 2 combinations (Ukuran S, Warna A, Ukuran S, Warna B…): '
                     "a SKU names one combination, so an entry that sets one must name every option"], found


def test_combinations_are_counted_before_any_is_listed(tmp_path):
    options = "\n".join(f"  O{i}: [{', '.join(str(n) for n in range(40))}]" for i in range(3))
    shop = shirt_shop(tmp_path, f"title: Kemeja\nprice: 1000\nphotos: [kemeja.jpg]\noptions:\n{options}")
    started = time.monotonic()
    assert f"{PRODUCT}:5: options: 40 × 40 × 40 = 64,000 combinations; at most 100: split the product, or keep only the options shoppers really choose between" in errors(shop)
    assert time.monotonic() - started < 10


def test_an_expired_variant_sale_shows_the_normal_price_with_a_warning(tmp_path):
    shop = shirt_shop(tmp_path, "title: Kemeja\nprice: 1000\nphotos: [kemeja.jpg]\noptions: {Ukuran: [S, M]}\n"
                                "variants:\n  - {Ukuran: S, sale_price: 800, sale_until: 2026-01-31}")
    code, err = build(shop, "--today", "2026-02-01")
    assert code == 0, err
    assert (f"{PRODUCT}:7: Ukuran S: the sale ended on 2026-01-31, so the normal price is shown; "
            "remove its sale_price and sale_until, or set a new sale_until") in err
    assert {v["price"] for v in catalog(shop)["kemeja"]["variants"]} == {1000}


def test_a_translation_names_the_options_in_its_language(tmp_path):
    shop = shirt_shop(tmp_path)
    config = shop / "shop.toml"
    config.write_text(config.read_text().replace('language = "id"', 'language = "id"\nlanguages = ["id", "en"]'))
    (shop / "content/pages/privacy.en.md").write_text("---\ntitle: Privacy\n---\nWe keep only what we need to send your order.\n")
    (shop / "content/products/kemeja.en.md").write_text(product_md(
        "title: Batik Shirt\noptions:\n  Size: [S, M, L, XL, XXL]\n  Colour: [Sogan Brown, Indigo Blue]"))
    code, err = build(shop)
    assert code == 0, err
    page = (shop / "public/en/products/kemeja/index.html").read_text()
    assert "Indigo Blue" in page and "Biru Indigo" not in page
    (shop / "content/products/kemeja.en.md").write_text(product_md("title: Batik Shirt\noptions:\n  Size: [S, M]"))
    code, err = build(shop)
    assert code == 1
    assert ("content/products/kemeja.en.md:3: options: must translate the main file's options in the same order, "
            "with as many values each (Ukuran: 5 values, Warna: 2 values)") in err.splitlines(), err


# --------------------------------------------------------------------------- the resolution rule, against a plain oracle
from hypothesis import given, settings, strategies as st  # noqa: E402

from generator.contract import variants as v  # noqa: E402
from generator.models import Option  # noqa: E402

OPTIONS = [Option("Ukuran", ("S", "M", "L")), Option("Warna", ("Merah", "Hitam")), Option("Bahan", ("Katun", "Linen"))]


@st.composite
def entries(draw):
    options = OPTIONS[:draw(st.integers(1, 3))]
    raw = []
    for _ in range(draw(st.integers(0, 6))):
        named = draw(st.lists(st.sampled_from(options), min_size=1, max_size=len(options), unique_by=lambda o: o.name))
        item = {option.name: draw(st.sampled_from(option.values)) for option in named}
        item.update(draw(st.dictionaries(st.sampled_from(["price", "stock", "weight_grams"]), st.integers(1, 3), min_size=1)))
        raw.append(item)
    return options, raw


@given(entries())
@settings(max_examples=300, deadline=None)
def test_every_field_comes_from_the_most_specific_matching_entry(case):
    options, raw = case
    read, reports = v.read_entries(raw, options, lambda index: index + 1)
    assert reports == [] and len(read) == len(raw)
    base = {"price": 0, "stock": None, "weight_grams": None}
    resolved, conflicts = v.resolve(options, read, base, lambda entry: None)
    assert len(resolved) == v.count_combinations(options)
    expected_conflict = False
    for variant in resolved:
        chosen = dict(zip((o.name for o in options), variant.values))
        for field in base:
            setting = [item for item in raw if field in item and all(chosen[o.name] == item[o.name] for o in options if o.name in item)]
            if not setting:
                assert getattr(variant, field) == base[field]
                continue
            most = max(len(item) - sum(1 for key in item if key in base) for item in setting)
            top = {item[field] for item in setting if len(item) - sum(1 for key in item if key in base) == most}
            if len(top) > 1:
                expected_conflict = True
            else:
                assert getattr(variant, field) == top.pop(), (variant, field, raw)
    assert bool(conflicts) == expected_conflict


def test_sorting_by_price_uses_the_lowest_orderable_combination(tmp_path):
    shop = shirt_shop(tmp_path, "title: Kemeja\nprice: 150000\nphotos: [kemeja.jpg]\noptions: {Ukuran: [S, M]}\n"
                                "variants:\n  - {Ukuran: S, price: 50000, availability: sold_out}",
                      **{"content/products/kaos.md": product_md("title: Kaos\nprice: 100000\nsku: KS-1\nphotos: [kemeja.jpg]")})
    assert build(shop)[0] == 0
    cheapest_first = (shop / "public/products/by/price-asc/index.html").read_text()
    assert cheapest_first.index("/products/kaos/") < cheapest_first.index("/products/kemeja/")  # 100,000 < 150,000, not 50,000


def test_low_stock_words_count_what_is_left(tmp_path):
    shared = shirt_shop(tmp_path / "a", "title: Kemeja\nprice: 1000\nphotos: [kemeja.jpg]\navailability: low_stock\nstock: 2\n"
                                        "options: {Ukuran: [S, M]}")
    own = shirt_shop(tmp_path / "b", "title: Kemeja\nprice: 1000\nphotos: [kemeja.jpg]\navailability: low_stock\nstock: 2\n"
                                     "options: {Ukuran: [S, M]}\nvariants:\n  - {Ukuran: S, stock: 1}\n  - {Ukuran: M, stock: 3}")
    assert build(shared)[0] == 0 and build(own)[0] == 0
    assert catalog(shared)["kemeja"]["availability_label"] == "Tinggal 2"  # the product's 2, shared by its sizes
    assert catalog(own)["kemeja"]["availability_label"] == "Tinggal 4"
    assert [v["availability_label"] for v in catalog(own)["kemeja"]["variants"]] == ["Tinggal 1", "Tinggal 3"]


def test_the_browser_editors_form_reads_the_same(tmp_path):
    """Lists of names and values, and entries whose option values sit under `for:`: what a form-based editor writes."""
    hand = shirt_shop(tmp_path / "hand")
    editor = shirt_shop(tmp_path / "editor", SHIRT.split("options:")[0] + """options:
  - {name: Ukuran, values: [S, M, L, XL, XXL]}
  - {name: Warna, values: [Sogan Cokelat, Biru Indigo]}
variants:
  - {for: {Ukuran: XXL}, price: 195000}
  - {for: {Warna: Biru Indigo}, photo: biru.jpg}
  - {for: {Ukuran: S, Warna: Biru Indigo}, availability: sold_out, sku: BTK-001-S-BIR}
  - {for: {Ukuran: XXL, Warna: Biru Indigo}, price: 199000, weight_grams: 320}""")
    assert build(hand)[0] == 0 and build(editor)[0] == 0
    assert catalog(hand) == catalog(editor)
    twice = shirt_shop(tmp_path / "twice", "title: Kemeja\nprice: 1000\nphotos: [kemeja.jpg]\noptions: {Ukuran: [S, M]}\n"
                                           "variants:\n  - {Ukuran: S, for: {Ukuran: M}, price: 5}")
    assert f'{PRODUCT}:7: variants[0]: "Ukuran" is named twice: name each option once' in errors(twice)


def test_the_browser_editors_list_of_names_and_values_reads_the_same(tmp_path):
    """`for: [{name, value}]`: the editor's list field (its key-value field cannot sit in a list item)."""
    hand = shirt_shop(tmp_path / "hand")
    listed = shirt_shop(tmp_path / "listed", SHIRT.split("variants:")[0] + """variants:
  - {for: [{name: Ukuran, value: XXL}], price: 195000}
  - {for: [{name: Warna, value: Biru Indigo}], photo: biru.jpg}
  - for:
      - {name: Ukuran, value: S}
      - {name: Warna, value: Biru Indigo}
    availability: sold_out
    sku: BTK-001-S-BIR
  - {for: [{name: Ukuran, value: XXL}, {name: Warna, value: Biru Indigo}], price: 199000, weight_grams: 320}""")
    assert build(hand)[0] == 0 and build(listed)[0] == 0
    assert catalog(hand) == catalog(listed)
    for bad in ("[{name: Ukuran}]", "[{name: Ukuran, value: S}, {name: Ukuran, value: M}]", "[Ukuran]"):
        shop = shirt_shop(tmp_path / f"bad{len(bad)}", "title: Kemeja\nprice: 1000\nphotos: [kemeja.jpg]\noptions: {Ukuran: [S, M]}\n"
                                                       f"variants:\n  - {{for: {bad}, price: 5}}")
        assert (f"{PRODUCT}:7: variants[0].for: must name option values, e.g. for: [{{name: Ukuran, value: XXL}}], each option once"
                in errors(shop)), bad
