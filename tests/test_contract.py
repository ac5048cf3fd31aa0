"""Every rule of the quality contract: exact message and line, exit 1, the previous site untouched."""

from __future__ import annotations

import pytest

from tests.helpers import GOOD_PRODUCT, SHOP_TOML, WORDS, build, make_photo, make_shop, product_md, snapshot

P = "content/products/kemeja.md"

CASES = {
    "no privacy page": (
        {"content/pages/privacy.md": None},
        "content/pages/privacy.md: missing: every shop needs a privacy policy page; create this file saying what you collect (name, phone, address) and why",
    ),
    "no contact channel": (
        {"shop.toml": 'title = "Toko"\nbase_url = "https://t.example/"\n\n[contact]\naddress = "Jl. Malioboro 1"\n'},
        "shop.toml:4: no contact channel: add at least one of whatsapp, email, phone, instagram, telegram under [contact] (shoppers must be able to reach you from every page)",
    ),
    "no contact section": (
        {"shop.toml": 'title = "Toko"\nbase_url = "https://t.example/"\n'},
        "shop.toml: no contact channel: add at least one of whatsapp, email, phone, instagram, telegram under [contact] (shoppers must be able to reach you from every page)",
    ),
    "missing title": (
        {P: product_md("price: 185000\nphotos: [kemeja.jpg]")},
        "content/products/kemeja.md:1: title: required (the product name, e.g. title: Kemeja Batik Parang)",
    ),
    "missing price": (
        {P: product_md("title: Kemeja\nphotos: [kemeja.jpg]")},
        "content/products/kemeja.md:1: price: required (a number in your currency, e.g. price: 185000)",
    ),
    "missing photos": (
        {P: product_md("title: Kemeja\nprice: 185000")},
        "content/products/kemeja.md:1: photos: required (add at least one photo, e.g. photos: [kemeja-depan.jpg])",
    ),
    "empty photo list": (
        {P: product_md("title: Kemeja\nprice: 185000\nphotos: []")},
        "content/products/kemeja.md:4: photos: add at least one photo, e.g. photos: [kemeja-depan.jpg]",
    ),
    "photo not found": (
        {P: product_md("title: Kemeja\nprice: 185000\nphotos:\n  - kemeja.jpg\n  - belakang.jpg")},
        'content/products/kemeja.md:6: photos[1]: file not found: "belakang.jpg" (looked in content/products/)',
    ),
    "photo outside the shop": (
        {P: product_md("title: Kemeja\nprice: 185000\nphotos: [../../../etc/passwd]")},
        'content/products/kemeja.md:4: photos[0]: "../../../etc/passwd" is outside the shop folder: put the photo beside the product file',
    ),
    "short description": (
        {P: product_md("title: Kemeja\nprice: 185000\nphotos: [kemeja.jpg]", "Kemeja bagus sekali.")},
        "content/products/kemeja.md:6: description: 3 words; write at least 30 words (what it is made of, sizes, care, what is in the package) below the front matter",
    ),
    "sale price not lower": (
        {P: product_md("title: Kemeja\nprice: 185000\nsale_price: 185000\nphotos: [kemeja.jpg]")},
        "content/products/kemeja.md:4: sale_price: must be lower than price (185000); remove it to sell at the normal price",
    ),
    "preorder without ready date": (
        {P: product_md("title: Kemeja\nprice: 185000\navailability: preorder\nphotos: [kemeja.jpg]")},
        "content/products/kemeja.md:4: ready_date: required for a preorder, so shoppers know when it ships (e.g. ready_date: 2027-01-15)",
    ),
    "duplicate slug": (
        {"content/products/kemeja/index.md": product_md("title: Kemeja 2\nprice: 1000\nphotos: [../kemeja.jpg]")},
        'content/products/kemeja.md: duplicate product "kemeja": content/products/kemeja/index.md has the same name; rename or remove one',
    ),
    "one category spelled two ways": (
        {"content/products/kaos.md": product_md("title: Kaos\nprice: 1000\ncategory: batik\nphotos: [kemeja.jpg]")},
        'content/products/kemeja.md:5: category: "Batik" and "batik" (content/products/kaos.md) would share one page, '
        "category/batik/: write the category the same way in both",
    ),
    "duplicate sku": (
        {"content/products/kaos.md": product_md("title: Kaos\nprice: 1000\nsku: KB-1\nphotos: [kemeja.jpg]")},
        'content/products/kaos.md:4: sku: "KB-1" is already used by content/products/kemeja.md:4; '
        'every product needs its own SKU: change it in this file or there',
    ),
    "unknown key with suggestion": (
        {P: product_md("title: Kemeja\nprise: 185000\nprice: 185000\nphotos: [kemeja.jpg]")},
        'content/products/kemeja.md:3: unknown key "prise": did you mean "price"?',
    ),
    "unknown key in shop.toml": (
        {"shop.toml": SHOP_TOML.replace('currency = "IDR"', 'curency = "IDR"')},
        'shop.toml:4: unknown key "curency": did you mean "currency"?',
    ),
    "unknown contact key": (
        {"shop.toml": SHOP_TOML.replace("whatsapp =", "whatsap =")},
        'shop.toml:7: unknown key "contact.whatsap": did you mean "whatsapp"?',
    ),
    "malformed YAML": (
        {P: "---\ntitle: Kemeja\nprice: 185000\nphotos: [kemeja.jpg\n---\n" + WORDS},
        "content/products/kemeja.md:5: invalid YAML: did not find expected ',' or ']' (check quotes, colons and indentation)",
    ),
    "malformed TOML": (
        {"shop.toml": 'title = "Toko\nbase_url = "https://t.example/"\n'},
        'shop.toml:1: a string is not closed: add the closing quote at the end of the value, e.g. title = "Toko Saya"',
    ),
    "wrong type": (
        {P: product_md('title: Kemeja\nprice: "murah"\nphotos: [kemeja.jpg]')},
        'content/products/kemeja.md:3: price: must be a number (got "murah")',
    ),
    "negative price": (
        {P: product_md("title: Kemeja\nprice: -5\nphotos: [kemeja.jpg]")},
        "content/products/kemeja.md:3: price: must be 0 or more (got -5)",
    ),
    "bad availability": (
        {P: product_md("title: Kemeja\nprice: 5\navailability: preoder\nphotos: [kemeja.jpg]")},
        'content/products/kemeja.md:4: availability: must be one of in_stock, low_stock, preorder, booked, sold_out (got "preoder"); did you mean "preorder"?',
    ),
    "bad date": (
        {P: product_md("title: Kemeja\nprice: 5\navailability: preorder\nready_date: besok\nphotos: [kemeja.jpg]")},
        'content/products/kemeja.md:5: ready_date: must be a date such as 2027-01-15 (got "besok")',
    ),
    "bad file name": (
        {"content/products/Kemeja Merah.md": GOOD_PRODUCT.replace("KB-1", "KB-2")},
        'content/products/Kemeja Merah.md: file name "Kemeja Merah" is not a clean web address: rename it to "kemeja-merah" (lowercase letters, digits and hyphens)',
    ),
    "whatsapp with leading zero": (
        {"shop.toml": SHOP_TOML.replace('"6281234567890"', '"081234567890"')},
        'shop.toml:7: contact.whatsapp: must start with the country code, not 0: write "6281234567890" instead of "081234567890"',
    ),
    "missing base_url": (
        {"shop.toml": SHOP_TOML.replace('base_url = "https://tokouji.example/"\n', "")},
        'shop.toml: base_url: required (where the shop is published, e.g. base_url = "https://tokoku.example/")',
    ),
    "unknown theme": (
        {"shop.toml": SHOP_TOML.replace('currency = "IDR"', 'currency = "IDR"\ntheme = "nope"')},
        'shop.toml:5: theme: no theme named "nope" (available: etalase, pasar)',
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_contract_rule(tmp_path, case):
    files, expected = CASES[case]
    shop = make_shop(tmp_path / "shop")
    assert build(shop)[0] == 0
    before = snapshot(shop / "public")
    content_before = snapshot(shop / "content")

    make_shop(shop, files)
    changed_content = snapshot(shop / "content")
    code, err = build(shop)

    assert code == 1
    assert expected in err.splitlines(), err
    assert "nothing was written" in err
    assert snapshot(shop / "public") == before  # the previous site is untouched
    assert snapshot(shop / "content") == changed_content  # and the seller's files too
    assert content_before is not None


def test_every_problem_is_reported_in_one_run(tmp_path):
    shop = make_shop(tmp_path, {
        "content/pages/privacy.md": None,
        P: product_md('title: Kemeja\nprice: "murah"\nprise: 1\nphotos: [hilang.jpg]', "pendek"),
    })
    code, err = build(shop)
    assert code == 1
    lines = err.splitlines()
    assert 'content/products/kemeja.md:3: price: must be a number (got "murah")' in lines
    assert 'content/products/kemeja.md:4: unknown key "prise": did you mean "price"?' in lines
    assert any(line.startswith("content/products/kemeja.md:5: photos[0]: file not found") for line in lines)
    assert any(line.startswith("content/products/kemeja.md:7: description: 1 words") for line in lines)
    assert any(line.startswith("content/pages/privacy.md: missing") for line in lines)
    assert not (shop / "public").exists()


def test_draft_is_skipped_even_if_unfinished(tmp_path):
    shop = make_shop(tmp_path, {"content/products/baru.md": product_md("title: Belum jadi\ndraft: true", "x")})
    assert build(shop)[0] == 0
    assert not (shop / "public/products/baru").exists()
    assert (shop / "public/products/kemeja/index.html").exists()


def test_dates_as_yaml_dates_or_strings(tmp_path):
    shop = make_shop(tmp_path, {
        P: product_md("title: Kemeja\nprice: 5\navailability: preorder\nready_date: 2027-01-15\nphotos: [kemeja.jpg]"),
        "content/products/kaos.md": product_md('title: Kaos\nprice: 5\navailability: preorder\nready_date: "2027-02-01"\nphotos: [kemeja.jpg]'),
    })
    assert build(shop)[0] == 0
    assert "15 Januari 2027" in (shop / "public/products/kemeja/index.html").read_text()
    assert "1 Februari 2027" in (shop / "public/products/kaos/index.html").read_text()


def test_folder_without_index_is_shared_photos(tmp_path):
    make_photo(tmp_path / "content/products/foto-bersama/kain.jpg")
    shop = make_shop(tmp_path, {P: product_md("title: Kemeja\nprice: 5\nphotos: [foto-bersama/kain.jpg]")})
    assert build(shop)[0] == 0
    assert not (shop / "public/products/foto-bersama").exists()


def test_unreadable_photo_names_the_file(tmp_path):
    (tmp_path / "content/products").mkdir(parents=True)
    (tmp_path / "content/products/kemeja.jpg").write_text("this is not a photo")
    shop = make_shop(tmp_path)
    code, err = build(shop)
    assert code == 1
    assert 'content/products/kemeja.md:6: photos[0]: "content/products/kemeja.jpg" is not an image file, or is damaged: export it again as JPEG or PNG' in err.splitlines()


def test_a_file_name_with_control_characters_cannot_garble_the_message(tmp_path):
    name = "content/products/kaos\r\x1b[2Kbaru.md"
    shop = make_shop(tmp_path / "shop", {name: product_md("title: Kaos\nphotos: [kemeja.jpg]")})
    code, err = build(shop)
    assert code == 1
    assert "content/products/kaos\\r\\x1b[2Kbaru.md:1: price: required" in err
    assert "\r" not in err and "\x1b" not in err
