"""Issue 18, second half: the product markup Google's merchant listings read, complete. Each Offer (each
combination's too) tells its shipping from [order] (flat or by weight, with the days it takes) and the
return policy from [returns]; a sale's end and a preorder's start only when they are real. Checked
field by field on fixture shops, with the exact config errors, the returns page's words, and Adobe's
structured-data validator."""

from __future__ import annotations

import re

import pytest

from generator.outputs import product_ids
from tests.helpers import GOOD_PRODUCT, SHOP_TOML, build, make_shop, product_md
from tests.test_structured_data import group_of, json_ld, product_page, validate

TODAY = ["--today", "2026-11-23"]
URL = "https://tokouji.example/products/"
RETURNS_MD = "---\ntitle: Pengembalian\n---\nHubungi kami jika barang tidak sesuai.\n"
ABOUT_MD = "---\ntitle: Tentang Kami\n---\nToko kecil di Yogyakarta.\n"

PER_KG = SHOP_TOML.replace('currency = "IDR"\n', 'currency = "IDR"\nlanguages = ["id", "en"]\n') + """
[order]
shipping_per_kg = 20000
handling_days = "1-2"
transit_days = 3

[returns]
days = 7
fees = "customer"
"""
PRODUCTS = {
    "content/products/kemeja.md": GOOD_PRODUCT,  # no weight_grams: no rate by weight
    "content/products/berat.md": product_md(
        "title: Kain Berat\nprice: 185000\nsale_price: 150000\nsale_until: 2026-12-31\nsku: KN-1\nweight_grams: 1200\n"
        "photos: [kemeja.jpg]"),
    "content/products/pesan.md": product_md(
        "title: Tenun Pesanan\nprice: 900000\nsku: TP-1\nweight_grams: 500\navailability: preorder\nready_date: 2027-01-15\n"
        "photos: [kemeja.jpg]"),
    "content/products/lewat.md": product_md(
        "title: Sarung Lama\nprice: 200000\nsale_price: 180000\nsale_until: 2026-11-01\nsku: SL-1\nweight_grams: 300\n"
        "photos: [kemeja.jpg]"),
    "content/products/kaos.md": product_md(
        "title: Kaos Lurik\nprice: 120000\nsku: KL-1\nweight_grams: 400\nphotos: [kemeja.jpg]\n"
        "options:\n  Ukuran: [S, XL]\n"
        "variants:\n  - {Ukuran: S, sale_price: 99000, sale_until: 2026-12-31}\n"
        "  - {Ukuran: XL, weight_grams: 2100, availability: preorder, ready_date: 2027-01-10}"),
    "content/pages/returns.md": RETURNS_MD,
    "content/pages/about.md": ABOUT_MD,
}


def shipping(rate: int, country="ID", handling=(1, 2), transit=(3, 3)) -> dict:
    destination = ([{"@type": "DefinedRegion", "addressCountry": c} for c in country] if isinstance(country, list)
                   else {"@type": "DefinedRegion", "addressCountry": country})
    return {
        "@type": "OfferShippingDetails",
        "shippingRate": {"@type": "MonetaryAmount", "value": rate, "currency": "IDR"},
        "shippingDestination": destination,
        "deliveryTime": {
            "@type": "ShippingDeliveryTime",
            "handlingTime": {"@type": "QuantitativeValue", "minValue": handling[0], "maxValue": handling[1], "unitCode": "DAY"},
            "transitTime": {"@type": "QuantitativeValue", "minValue": transit[0], "maxValue": transit[1], "unitCode": "DAY"},
        },
    }


CUSTOMER_PAYS = {
    "@type": "MerchantReturnPolicy", "applicableCountry": "ID",
    "returnPolicyCategory": "https://schema.org/MerchantReturnFiniteReturnWindow", "merchantReturnDays": 7,
    "returnMethod": "https://schema.org/ReturnByMail", "returnFees": "https://schema.org/ReturnFeesCustomerResponsibility",
}


def product_of(page) -> dict:
    return next(item for item in json_ld(page) if item["@type"] == "Product")


@pytest.fixture(scope="module")
def per_kg(tmp_path_factory):
    shop = make_shop(tmp_path_factory.mktemp("markup") / "shop", {"shop.toml": PER_KG, **PRODUCTS})
    code, err = build(shop, *TODAY)
    assert code == 0, err
    return shop


def test_per_kg_shipping_follows_the_weight_rounded_up_and_every_offer_has_the_return_policy(per_kg):
    offer = product_of(product_page(per_kg, "berat"))["offers"]
    assert offer == {
        "@type": "Offer", "price": "150000", "priceCurrency": "IDR", "availability": "https://schema.org/InStock",
        "url": URL + "berat/", "priceValidUntil": "2026-12-31",  # a real sale_until
        "shippingDetails": shipping(40000),  # 1.2 kg is 2 kg at Rp 20.000, as the cart counts it
        "hasMerchantReturnPolicy": CUSTOMER_PAYS,
    }
    # a product without weight_grams has no rate by weight: no shipping is guessed, the returns still hold
    offer = product_of(product_page(per_kg, "kemeja"))["offers"]
    assert "shippingDetails" not in offer and offer["hasMerchantReturnPolicy"] == CUSTOMER_PAYS


def test_a_preorder_starts_on_its_ready_date_and_an_ended_sale_has_no_end_date(per_kg):
    offer = product_of(product_page(per_kg, "pesan"))["offers"]
    assert offer["availability"] == "https://schema.org/PreOrder" and offer["availabilityStarts"] == "2027-01-15"
    assert offer["shippingDetails"] == shipping(20000)  # 500 g: at least 1 kg
    assert "priceValidUntil" not in offer  # no sale
    ended = product_of(product_page(per_kg, "lewat"))["offers"]
    assert ended["price"] == "200000" and "priceValidUntil" not in ended and "availabilityStarts" not in ended


def test_each_combination_has_its_own_shipping_the_policy_and_its_sale_or_preorder_with_the_same_ids(per_kg):
    url = URL + "kaos/"
    group = group_of(product_page(per_kg, "kaos"))
    assert group["@id"] == product_ids.node_id(url, "KL-1") and group["productGroupID"] == "KL-1"
    assert "offers" not in group and "shippingDetails" not in group
    small, large = group["hasVariant"]
    assert [small["sku"], large["sku"]] == ["KL-1-s", "KL-1-xl"]
    assert [small["@id"], large["@id"]] == [f"{url}#KL-1-s", f"{url}#KL-1-xl"]
    assert small["offers"] == {
        "@type": "Offer", "price": "99000", "priceCurrency": "IDR", "availability": "https://schema.org/InStock",
        "url": f"{url}?variant=s", "priceValidUntil": "2026-12-31",
        "shippingDetails": shipping(20000),  # the product's 400 g
        "hasMerchantReturnPolicy": CUSTOMER_PAYS,
    }
    assert large["offers"] == {
        "@type": "Offer", "price": "120000", "priceCurrency": "IDR", "availability": "https://schema.org/PreOrder",
        "url": f"{url}?variant=xl", "availabilityStarts": "2027-01-10",
        "shippingDetails": shipping(60000),  # its own 2.1 kg: 3 kg
        "hasMerchantReturnPolicy": CUSTOMER_PAYS,
    }


def test_the_returns_page_says_the_policy_in_words_in_each_language(per_kg):
    html = (per_kg / "public/returns/index.html").read_text()
    assert "Hubungi kami jika barang tidak sesuai." in html  # the seller's own text stays first
    assert ('<h2>Kebijakan pengembalian</h2>\n  <ul class="return-policy">'
            "<li>Barang boleh dikembalikan paling lambat 7 hari setelah diterima.</li>"
            "<li>Ongkos kirim pengembalian Anda yang tanggung.</li>"
            "<li>Kirim barangnya kembali lewat kurir atau pos.</li></ul>") in html
    english = (per_kg / "public/en/returns/index.html").read_text()
    assert ('<h2>Return policy</h2>\n  <ul class="return-policy"><li>You may return an item within 7 days of receiving it.</li>'
            "<li>You pay for sending it back.</li><li>Send it back by courier or post.</li></ul>") in english
    assert "return-policy" not in (per_kg / "public/about/index.html").read_text()  # the returns page's alone
    # the English pages carry the same markup
    assert product_of(per_kg / "public/en/products/berat/index.html")["offers"]["shippingDetails"] == shipping(40000)


FLAT = SHOP_TOML.replace('language = "id"', 'language = "en"') + """
[order]
shipping_flat = 15000
handling_days = 0
transit_days = "1-3"
ships_to = ["id", "MY"]

[returns]
days = 1
fees = "free"
method = "in_store"
"""


@pytest.mark.parametrize("theme", ["etalase", "pasar"])
def test_flat_shipping_to_two_countries_free_returns_in_store_and_the_words_in_english(tmp_path, theme):
    shop = make_shop(tmp_path, {
        "shop.toml": FLAT.replace('currency = "IDR"\n', f'currency = "IDR"\ntheme = "{theme}"\n'),
        "content/products/dolar.md": product_md("title: Imported Shirt\nprice: 25\ncurrency: USD\nsku: IS-1\nphotos: [kemeja.jpg]"),
        "content/pages/returns.md": RETURNS_MD,
    })
    code, err = build(shop, *TODAY)
    assert code == 0, err
    policy = {
        "@type": "MerchantReturnPolicy", "applicableCountry": ["ID", "MY"],
        "returnPolicyCategory": "https://schema.org/MerchantReturnFiniteReturnWindow", "merchantReturnDays": 1,
        "returnMethod": "https://schema.org/ReturnInStore", "returnFees": "https://schema.org/FreeReturn",
    }
    offer = product_of(product_page(shop, "kemeja"))["offers"]
    assert offer["shippingDetails"] == shipping(15000, ["ID", "MY"], handling=(0, 0), transit=(1, 3))  # no weight needed
    assert offer["hasMerchantReturnPolicy"] == policy
    other = product_of(product_page(shop, "dolar"))["offers"]  # priced in USD: the IDR rate cannot be its shipping
    assert other["priceCurrency"] == "USD" and "shippingDetails" not in other and other["hasMerchantReturnPolicy"] == policy
    html = (shop / "public/returns/index.html").read_text()
    assert ("<h2>Return policy</h2>\n  <ul class=\"return-policy\"><li>You may return an item within a day of receiving it.</li>"
            "<li>Returns are free: we pay for sending it back.</li><li>Bring it back to our shop.</li></ul>") in html


RETURNS_CASES = {
    "a fixed return fee": ('[returns]\ndays = 14\nfees = "customer"\nshipping_fee = 15000\n',
                           {"@type": "MerchantReturnPolicy", "applicableCountry": "ID",
                            "returnPolicyCategory": "https://schema.org/MerchantReturnFiniteReturnWindow", "merchantReturnDays": 14,
                            "returnMethod": "https://schema.org/ReturnByMail", "returnFees": "https://schema.org/ReturnShippingFees",
                            "returnShippingFeesAmount": {"@type": "MonetaryAmount", "value": 15000, "currency": "IDR"}},
                           ["Barang boleh dikembalikan paling lambat 14 hari setelah diterima.",
                            "Ongkos kirim pengembalian yang Anda bayar: Rp 15.000.", "Kirim barangnya kembali lewat kurir atau pos."]),
    "no returns": ("[returns]\naccepted = false\n",
                   {"@type": "MerchantReturnPolicy", "applicableCountry": "ID",
                    "returnPolicyCategory": "https://schema.org/MerchantReturnNotPermitted"},
                   ["Kami tidak menerima pengembalian barang."]),
    "no [returns]": ("", None, []),
}


@pytest.mark.parametrize("case", list(RETURNS_CASES))
def test_return_policies_and_no_shipping_settings(tmp_path, case):
    section, policy, words = RETURNS_CASES[case]
    shop = make_shop(tmp_path, {"shop.toml": SHOP_TOML + "\n" + section, "content/pages/returns.md": RETURNS_MD})
    code, err = build(shop, *TODAY)
    assert code == 0, err
    offer = product_of(product_page(shop, "kemeja"))["offers"]
    assert "shippingDetails" not in offer  # no [order] rate: never an invented one
    assert offer.get("hasMerchantReturnPolicy") == policy
    html = (shop / "public/returns/index.html").read_text()
    found = re.search(r'<ul class="return-policy">(.*?)</ul>', html)
    assert (re.findall(r"<li>(.*?)</li>", found.group(1)) if found else []) == words
    assert ("Kebijakan pengembalian" in html) == bool(words)


def test_a_rate_without_the_days_has_no_shipping_details(tmp_path):
    shop = make_shop(tmp_path, {"shop.toml": SHOP_TOML + "\n[order]\nshipping_flat = 15000\n"})
    code, err = build(shop, *TODAY)
    assert code == 0, err
    assert "shippingDetails" not in product_of(product_page(shop, "kemeja"))["offers"]  # Google needs the days too


@pytest.mark.parametrize("section, expected", [
    ('[order]\nshipping_flat = 1\nhandling_days = "besok"\ntransit_days = 2',
     'shop.toml:13: order.handling_days: must be a number of days such as 2, or a range such as "1-3" (got "besok")'),
    ('[order]\nshipping_flat = 1\nhandling_days = 1\ntransit_days = "4-2"',
     'shop.toml:14: order.transit_days: must go from fewer to more days, such as "2-4" (got "4-2")'),
    ("[order]\nshipping_flat = 1\nhandling_days = 1\ntransit_days = 90",
     "shop.toml:14: order.transit_days: must be at most 60 days (got 90)"),
    ("[order]\nshipping_flat = 1\nhandling_days = -1\ntransit_days = 2",
     "shop.toml:13: order.handling_days: must be 0 or more days (got -1)"),
    ("[order]\nshipping_flat = 1\nhandling_days = [1, 2]\ntransit_days = 2",
     'shop.toml:13: order.handling_days: must be a number of days such as 2, or a range such as "1-3" (got a list)'),
    ("[order]\nshipping_flat = 1\nhandling_days = 1",
     "shop.toml:13: order: give both handling_days and transit_days (Google reads a delivery time as both), or neither"),
    ("[order]\nhandling_days = 1\ntransit_days = 2",
     "shop.toml:12: order: handling_days and transit_days go with a shipping rate: add shipping_flat or shipping_per_kg "
     "(the product markup never guesses a rate), or remove them"),
    ('[order]\nships_to = ["Indonesia"]',
     'shop.toml:12: order.ships_to: must be two-letter country codes such as ["ID"] or ["ID", "MY"] (got "Indonesia")'),
    ('[order]\nships_to = ["XY"]',
     'shop.toml:12: order.ships_to: must be two-letter country codes such as ["ID"] or ["ID", "MY"] (got "XY")'),
    ("[order]\nships_to = []", 'shop.toml:12: order.ships_to: must name at least one country, such as ["ID"]'),
    ("[returns]\nfees = \"customer\"",
     "shop.toml:11: returns.days: required: how many days after delivery a shopper may send an item back, "
     "e.g. days = 7 (or accepted = false for no returns)"),
    ("[returns]\ndays = 7",
     'shop.toml:11: returns.fees: required: who pays for sending an item back, fees = "free" (you) or fees = "customer" (the shopper)'),
    ('[returns]\ndays = 0\nfees = "free"', "shop.toml:12: returns.days: must be from 1 to 365 days (got 0)"),
    ('[returns]\ndays = 7\nfees = "gratis"',
     'shop.toml:13: returns.fees: must be one of free, customer (got "gratis")'),
    ('[returns]\ndays = 7\nfees = "free"\nshipping_fee = 10000',
     'shop.toml:14: returns.shipping_fee: only with fees = "customer" (what the shopper pays to send an item back); '
     "free returns cost the shopper nothing"),
    ("[returns]\naccepted = false\ndays = 7", "shop.toml:13: returns.days: not with accepted = false (no returns): remove it"),
    ('[returns]\ndays = 7\nfees = "customer"\nmethod = "post"', 'shop.toml:14: returns.method: must be one of mail, in_store (got "post")'),
    ('[returns]\ndays = 7\nfee = "free"', 'shop.toml:13: unknown key "returns.fee": did you mean "fees"?'),
])
def test_shipping_and_returns_settings_are_checked(tmp_path, section, expected):
    shop = make_shop(tmp_path, {"shop.toml": SHOP_TOML + "\n" + section + "\n"})
    code, err = build(shop)
    assert code == 1 and not (shop / "public").exists()
    assert expected in err.splitlines(), err


def test_a_currency_of_many_countries_needs_ships_to(tmp_path):
    toml = SHOP_TOML.replace('currency = "IDR"', 'currency = "USD"')
    shop = make_shop(tmp_path, {"shop.toml": toml + '\n[returns]\ndays = 30\nfees = "free"\n'})
    code, err = build(shop)
    assert code == 1
    assert ('shop.toml:11: order.ships_to: required for the shipping and returns in the product markup: USD is the money of '
            'several countries, so name the ones you ship to, e.g. ships_to = ["US"]') in err.splitlines()
    shop = make_shop(tmp_path, {"shop.toml": toml + '\n[order]\nships_to = "us"\n\n[returns]\ndays = 30\nfees = "free"\n'})
    code, err = build(shop, *TODAY)
    assert code == 0, err
    assert product_of(product_page(shop, "kemeja"))["offers"]["hasMerchantReturnPolicy"]["applicableCountry"] == "US"
    # without shipping days or [returns], nothing needs a country: a USD shop builds as before
    shop = make_shop(tmp_path, {"shop.toml": toml + "\n[order]\nshipping_flat = 4.5\n"})
    assert build(shop, *TODAY)[0] == 0


# --------------------------------------------------------------------------- a validator made by someone else


@pytest.mark.browser  # the npm test tools
def test_the_validator_finds_no_error_in_the_merchant_listing_markup(per_kg):
    pages = [product_page(per_kg, slug) for slug in ("berat", "kemeja", "pesan", "lewat", "kaos")]
    report = validate(*pages)
    for page in pages:
        errors = [issue for issue in report[str(page)]["issues"] if issue["severity"] == "ERROR"]
        assert errors == [], f"{page}: {errors}"
    # it read the shipping and the returns: Google's recommendations it checks are all met there
    notes = [issue for page in pages for issue in report[str(page)]["issues"]
             if any(step.get("property") in ("shippingDetails", "hasMerchantReturnPolicy") for step in issue["path"] or [])]
    assert [note["issueMessage"] for note in notes if "addressRegion" not in str(note["fieldNames"])] == []
    assert any("addressRegion" in str(note["fieldNames"]) for note in notes)  # a region is optional: it walked in


@pytest.mark.browser  # the npm test tools
def test_the_validator_reports_a_shipping_rate_without_its_currency_and_a_policy_without_its_country(per_kg, tmp_path):
    html = product_page(per_kg, "berat").read_text(encoding="utf-8")
    broken = tmp_path / "broken.html"
    broken.write_text(html.replace('"value":40000,"currency":"IDR"', '"value":40000', 1)
                      .replace('"applicableCountry":"ID",', "", 1), encoding="utf-8")
    errors = [issue for issue in validate(broken)[str(broken)]["issues"] if issue["severity"] == "ERROR"]
    assert sorted(error["issueMessage"] for error in errors) == [
        "Either applicableCountry and returnPolicyCategory or merchantReturnLink must be present",
        'Required attribute "shippingRate.currency" is missing',
    ]
