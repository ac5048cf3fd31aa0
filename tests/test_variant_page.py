"""Issue 15, the shopper's half: the product page of a product with options, with and without JavaScript,
and the cart's lines per combination. Browser tests run in Debian's Chromium (tests/conftest.py)."""

from __future__ import annotations

import re
import urllib.parse
from html.parser import HTMLParser

import pytest
from playwright.sync_api import expect

from tests.conftest import node_tool
from tests.helpers import build, built_demo, copy_demo, make_photo, make_shop, product_md
from tests.test_cart import AXE, choose, rp

PRODUCT = "content/products/kemeja.md"
SHIRT = """title: Kemeja Batik
price: 185000
sku: BTK-001
weight_grams: 300
photos: [kemeja.jpg]
options:
  Ukuran: [S, M, XXL]
  Warna: [Sogan, Biru]
variants:
  - {Ukuran: XXL, price: 195000}
  - {Warna: Biru, photo: biru.jpg}
  - {Ukuran: S, Warna: Biru, availability: sold_out, sku: BTK-001-S-BIR}
  - {Ukuran: M, Warna: Biru, sale_price: 150000, sale_until: 2026-12-31}
  - {Ukuran: XXL, Warna: Biru, availability: preorder, ready_date: 2027-01-15}
  - {Ukuran: XXL, Warna: Sogan, sku: BTK-001-XXL-SOG, weight_grams: 330}
"""
TODAY = "2026-11-23"
PAGE = "/products/kemeja/"
SHOP = "Toko Uji"
URL = "https://tokouji.example/products/kemeja/"
COFFEE = "kopi-arabika-gayo"  # Berat × Gilingan: 250 g Rp 95.000 (300 g), 500 g Rp 180.000 (550 g), 1 kg Rp 340.000 (1050 g)


def shirt_shop(root, front: str = SHIRT):
    shop = make_shop(root, {PRODUCT: product_md(front)})
    make_photo(shop / "content/products/biru.jpg", color=(30, 50, 160))
    code, err = build(shop, "--today", TODAY)
    assert code == 0, err
    return shop


@pytest.fixture(scope="module")
def shirt(tmp_path_factory):
    return shirt_shop(tmp_path_factory.mktemp("variant-page") / "shop")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return built_demo(tmp_path_factory.mktemp("variant-demo") / "shop", "--today", TODAY)


def order_text(variant: str, price: str, key: str, sku: str = "BTK-001") -> str:
    return f"Halo {SHOP}, saya mau pesan:\nKemeja Batik\nVarian: {variant}\nSKU: {sku}\nHarga: {price}\n{URL}?variant={key}"


def message(href: str) -> str:
    """The prefilled text of a wa.me link, or the body of a mailto link, decoded."""
    parts = urllib.parse.urlsplit(href)
    assert href.startswith(("https://wa.me/6281234567890?text=", "mailto:halo@tokouji.example?subject=")), href
    query = dict(item.partition("=")[::2] for item in parts.query.split("&"))
    return urllib.parse.unquote(query.get("text") or query["body"])


def whatsapp_text(page) -> str:
    return message(page.locator(".order .button-whatsapp").get_attribute("href"))


def email_text(page) -> str:
    return message(page.locator(".email-order").get_attribute("href"))


def email_subject(page) -> str:
    href = page.locator(".email-order").get_attribute("href")
    return urllib.parse.unquote(dict(item.partition("=")[::2] for item in urllib.parse.urlsplit(href).query.split("&"))["subject"])


def pill(page, option: str, value: str):
    radio = page.locator(".variant-picker").get_by_role("group", name=option, exact=True).locator(f'input[value="{value}"]')
    return page.locator(f'label[for="{radio.get_attribute("id")}"]')


def cart_lines(page) -> list:
    return page.evaluate("JSON.parse(localStorage.getItem('etalase-cart:/catalog.json') || '[]')")


# --------------------------------------------------------------------------- with JavaScript


def test_choosing_a_variant_changes_price_photo_stock_and_order_links(shirt, serve_folder, page):
    base = serve_folder(shirt / "public")
    page.goto(base + PAGE)
    expect(page.locator(".variant-picker")).to_be_visible()
    expect(page.locator(".combinations")).to_be_hidden()  # one list: the pills
    price, badge = page.locator(".details .price"), page.locator(".details .availability .badge").first
    first_photo = page.locator(".gallery img").first
    form = page.locator("form.add-to-cart")

    # no ?variant=: the first orderable combination
    expect(page.get_by_role("radio", name="S", exact=True)).to_be_checked()
    expect(page.get_by_role("radio", name="Sogan", exact=True)).to_be_checked()
    expect(price).to_have_text("Rp 185.000")
    assert "/photos/kemeja-" in first_photo.get_attribute("src")
    assert whatsapp_text(page) == order_text("Ukuran S, Warna Sogan", "Rp 185.000", "s-sogan")
    assert page.url == base + PAGE  # the address changes when the shopper chooses, not before

    choose(page, Ukuran="XXL")
    expect(price).to_have_text("Rp 195.000")
    assert page.url == base + PAGE + "?variant=BTK-001-XXL-SOG"
    assert whatsapp_text(page) == order_text("Ukuran XXL, Warna Sogan", "Rp 195.000", "BTK-001-XXL-SOG", "BTK-001-XXL-SOG")
    assert email_text(page) == whatsapp_text(page)  # variant.js makes the e-mail from the row's one link
    assert email_subject(page) == "Pesanan: Kemeja Batik (Ukuran XXL, Warna Sogan)"
    expect(form).to_have_attribute("data-price", "195000")
    expect(form).to_have_attribute("data-sku", "BTK-001-XXL-SOG")
    expect(form).to_have_attribute("data-weight", "330")
    expect(page.locator(".fact-sku")).to_have_text("BTK-001-XXL-SOG")
    expect(page.locator(".fact-weight")).to_have_text("330 g")
    expect(page.locator(".variant-status")).to_have_text("Ukuran XXL, Warna Sogan: Rp 195.000, Tersedia")  # announced

    choose(page, Warna="Biru")  # XXL in blue: a preorder, with the blue photo
    expect(badge).to_have_text("Pre-order: siap sekitar 15 Januari 2027")
    expect(badge).to_have_class("badge badge-preorder")
    expect(page.locator(".details .availability-note")).to_be_visible()
    expect(first_photo).to_have_attribute("src", re.compile(r"/photos/biru-"))
    expect(page.locator(".gallery img")).to_have_count(2)  # the other photo stays, second
    assert "Varian: Ukuran XXL, Warna Biru\n" in whatsapp_text(page)

    choose(page, Ukuran="M")  # on sale
    expect(price.locator(".sale-price")).to_have_text("Rp 150.000")
    expect(price.locator("del")).to_have_text("Harga normal Rp 185.000")
    expect(page.locator(".details .sale-until")).to_have_text("Harga promo sampai 31 Desember 2026")
    expect(page.locator(".details .availability-note")).to_be_hidden()
    expect(badge).to_have_text("Tersedia")
    assert whatsapp_text(page) == order_text("Ukuran M, Warna Biru", "Rp 150.000", "m-biru")
    # in blue, the S is sold out: its pill is struck through and says so in words
    expect(pill(page, "Ukuran", "S")).to_have_class(re.compile(r"\bunavailable\b"))
    expect(pill(page, "Ukuran", "S")).to_have_text("S (Habis)")
    expect(pill(page, "Ukuran", "XXL")).not_to_have_class(re.compile(r"\bunavailable\b"))
    assert pill(page, "Ukuran", "S").evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"

    choose(page, Warna="Sogan")
    expect(page.locator(".details .sale-until")).to_be_hidden()
    expect(pill(page, "Ukuran", "S")).to_have_text("S")
    expect(pill(page, "Ukuran", "S")).not_to_have_class(re.compile(r"\bunavailable\b"))


def test_a_sold_out_combination_cannot_be_ordered_or_added(shirt, serve_folder, page):
    base = serve_folder(shirt / "public")
    page.goto(base + PAGE + "?variant=BTK-001-S-BIR")  # a shared link opens that combination, even sold out
    expect(page.get_by_role("radio", name="S (Habis)")).to_be_checked()
    expect(page.get_by_role("radio", name="Biru (Habis)")).to_be_checked()
    expect(page.locator(".details .availability .badge").first).to_have_text("Habis")
    expect(page.locator(".order")).to_be_hidden()
    expect(page.locator(".variant-note")).to_have_text(
        "Pilihan ini tidak bisa dipesan sekarang: pilih yang lain, atau tanyakan kepada kami.")
    form = page.locator("form.add-to-cart")
    expect(form.get_by_role("button", name="Masukkan keranjang")).to_be_disabled()
    form.get_by_label("Jumlah").press("Enter")
    page.evaluate("document.querySelector('form.add-to-cart').requestSubmit()")  # a submit by any other way
    expect(form.locator(".cart-status")).to_be_empty()
    assert cart_lines(page) == []

    choose(page, Warna="Sogan")
    expect(page.locator(".order")).to_be_visible()
    expect(page.locator(".variant-note")).to_be_hidden()
    form.get_by_role("button", name="Masukkan keranjang").click()
    expect(form.locator(".cart-status")).to_have_text("Masuk keranjang: Kemeja Batik (Ukuran S, Warna Sogan) × 1")
    assert [(line["options"], line["price"], line["url"]) for line in cart_lines(page)] == [
        (["S", "Sogan"], 185000, PAGE + "?variant=s-sogan")]


@pytest.mark.parametrize("query, checked", [
    ("?variant=xxl-biru", ("XXL", "Biru")),
    ("?variant=m-sogan", ("M", "Sogan")),
    ("?variant=tidak-ada", ("S", "Sogan")),  # an unknown key: the first orderable one
])
def test_the_address_opens_its_variant(shirt, serve_folder, page, query, checked):
    base = serve_folder(shirt / "public")
    page.goto(base + PAGE + query)
    for group, value in zip(("Ukuran", "Warna"), checked):
        expect(page.get_by_role("group", name=group).get_by_role("radio", checked=True)).to_have_attribute("value", value)
    assert page.url == base + PAGE + query


def test_keyboard_moves_between_pills(shirt, serve_folder, page):
    base = serve_folder(shirt / "public")
    page.goto(base + PAGE)
    page.get_by_role("group", name="Ukuran").get_by_role("radio", checked=True).focus()
    page.keyboard.press("ArrowRight")  # S -> M
    expect(page.get_by_role("radio", name="M", exact=True)).to_be_focused()
    expect(page.locator(".variant-status")).to_have_text("Ukuran M, Warna Sogan: Rp 185.000, Tersedia")
    assert page.url.endswith("?variant=m-sogan")
    outline = pill(page, "Ukuran", "M").evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline == "solid"  # the focused pill shows it


# --------------------------------------------------------------------------- without JavaScript


class Table(HTMLParser):
    """The rows of the table of combinations: their cells' text and links."""

    def __init__(self):
        super().__init__()
        self.rows: list[dict] = []
        self.inside = False
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and "combinations" in (attrs.get("class") or ""):
            self.inside = True
        elif self.inside and tag == "tr" and "data-key" in attrs:
            self.rows.append({"attrs": attrs, "cells": [], "links": []})
        elif self.rows and self.inside and tag == "td":
            self.cell = []
        elif self.rows and self.cell is not None and tag == "a":
            self.rows[-1]["links"].append(attrs)

    def handle_endtag(self, tag):
        if tag == "td" and self.cell is not None:
            self.rows[-1]["cells"].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "section":
            self.inside = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_of(html: str) -> list[dict]:
    parser = Table()
    parser.feed(html)
    return parser.rows


def test_the_page_lists_every_combination_with_its_own_order_link(shirt):
    html = (shirt / "public/products/kemeja/index.html").read_text()
    assert "<select" not in html and 'class="variants"' not in html  # the old text list and selects are gone
    # the pills come with the first orderable combination checked, as variant.js starts: nothing changes when it runs
    assert re.findall(r'<input type="radio"[^>]*value="([^"]+)" checked>', html) == ["S", "Sogan"]
    rows = table_of(html)
    assert [row["cells"][:5] for row in rows] == [
        ["S", "Sogan", "Rp 185.000", "Tersedia", "WhatsApp"],  # one link a row: the page budget (variant.js makes the e-mail)
        ["S", "Biru", "Rp 185.000", "Habis", "Tidak bisa dipesan"],
        ["M", "Sogan", "Rp 185.000", "Tersedia", "WhatsApp"],
        ["M", "Biru", "Rp 150.000 Harga normal Rp 185.000", "Tersedia", "WhatsApp"],
        ["XXL", "Sogan", "Rp 195.000", "Tersedia", "WhatsApp"],
        ["XXL", "Biru", "Rp 195.000", "Pre-order: siap sekitar 15 Januari 2027", "WhatsApp"],
    ]
    sold = rows[1]
    assert sold["links"] == [] and "not-orderable" in sold["attrs"]["class"]
    xxl = rows[4]
    assert message(xxl["links"][0]["href"]) == order_text(
        "Ukuran XXL, Warna Sogan", "Rp 195.000", "BTK-001-XXL-SOG", "BTK-001-XXL-SOG")
    assert xxl["links"][0]["aria-label"] == "Pesan Ukuran XXL, Warna Sogan via WhatsApp"
    assert len(xxl["links"]) == 1
    assert {k: v for k, v in xxl["attrs"].items() if k.startswith("data-")} == {  # the address comes from the key
        "data-key": "BTK-001-XXL-SOG", "data-amount": "195000", "data-sku": "BTK-001-XXL-SOG", "data-weight": "330"}
    assert rows[5]["attrs"]["data-photo"] == "1" and rows[5]["attrs"]["data-note"] == "dalam 2 bulan"
    assert rows[3]["attrs"]["data-sale-until"] == "Harga promo sampai 31 Desember 2026"
    # the first screen keeps the range and the main order button, which asks the shopper to choose
    assert re.search(r'<p class="price" data-pagefind-ignore>\s*<span class="price-range" data-pagefind-meta="price"><span>Rp 150\.000</span> – <span>Rp 195\.000</span></span>', html)
    main = re.search(r'class="button button-whatsapp" href="([^"]+)"', html).group(1)
    assert "Varian: Ukuran: S / M / XXL; Warna: Sogan / Biru (mohon pilih)" in message(main)


def test_a_shop_without_whatsapp_orders_each_combination_by_email(tmp_path, serve_folder, page):
    shop = shirt_shop(tmp_path / "shop")
    toml = shop / "shop.toml"
    toml.write_text(toml.read_text().replace('whatsapp = "6281234567890"\n', ""))
    code, err = build(shop, "--today", TODAY)
    assert code == 0, err
    xxl = table_of((shop / "public/products/kemeja/index.html").read_text())[4]
    assert xxl["cells"][4] == "Email" and len(xxl["links"]) == 1
    assert xxl["links"][0]["aria-label"] == "Pesan Ukuran XXL, Warna Sogan lewat email"
    assert message(xxl["links"][0]["href"]) == order_text("Ukuran XXL, Warna Sogan", "Rp 195.000", "BTK-001-XXL-SOG", "BTK-001-XXL-SOG")

    page.goto(serve_folder(shop / "public") + PAGE)
    choose(page, Ukuran="XXL")
    assert email_text(page) == order_text("Ukuran XXL, Warna Sogan", "Rp 195.000", "BTK-001-XXL-SOG", "BTK-001-XXL-SOG")
    assert email_subject(page) == "Pesanan: Kemeja Batik (Ukuran XXL, Warna Sogan)"


def test_without_javascript_the_table_orders_each_combination(shirt, demo, serve_folder, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(serve_folder(shirt / "public") + PAGE)
    expect(page.locator(".variant-picker")).to_be_hidden()
    table = page.locator(".combinations")
    expect(table.get_by_role("heading", name="Semua pilihan")).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(6)
    link = table.get_by_role("link", name="Pesan Ukuran M, Warna Biru via WhatsApp")
    expect(link).to_be_visible()
    assert message(link.get_attribute("href")) == order_text("Ukuran M, Warna Biru", "Rp 150.000", "m-biru")
    sold = table.locator("tr.not-orderable")
    expect(sold).to_have_count(1)
    expect(sold).to_contain_text("Habis")
    expect(sold.get_by_role("link")).to_have_count(0)

    # the demo's coffee, 12 combinations: the first screen of a phone shows the price range and the order button
    page.goto(serve_folder(demo / "public") + f"/products/{COFFEE}/")
    expect(page.locator(".combinations tbody tr")).to_have_count(12)
    for element in (page.locator(".details .price"), page.locator(".order .button-whatsapp")):
        expect(element).to_be_in_viewport()
    expect(page.locator(".details .price")).to_have_text("Rp 95.000 – Rp 340.000")
    context.close()


def test_the_coffee_page_with_its_table_fits_the_page_budget(demo):
    public = demo / "public"
    html = (public / f"products/{COFFEE}/index.html").read_text()
    css = sum((public / path).stat().st_size for path in re.findall(r'<link rel="stylesheet" href="/([^"]+)"', html))
    size = len(html.encode()) + css
    assert len(table_of(html)) == 12
    assert size <= 50 * 1024, f"{size / 1024:.1f} KB"


# --------------------------------------------------------------------------- the cart


def test_two_combinations_of_one_product_are_two_lines(demo, serve_folder, page):
    base = serve_folder(demo / "public")
    for weight, grind, quantity in (("500 g", "Biji utuh", 1), ("1 kg", "Giling halus (tubruk dan espresso)", 2), ("500 g", "Biji utuh", 1)):
        page.goto(f"{base}/products/{COFFEE}/")
        choose(page, Berat=weight, Gilingan=grind)
        form = page.locator("form.add-to-cart")
        form.get_by_label("Jumlah").fill(str(quantity))
        form.get_by_role("button", name="Masukkan keranjang").click()
        expect(form.locator(".cart-status")).to_contain_text(f"Kopi Arabika Gayo (Berat {weight}, Gilingan {grind})")
    page.goto(f"{base}/cart/")
    page.wait_for_load_state("networkidle")
    lines = page.locator(".cart-line")
    expect(lines).to_have_count(2)  # the same combination twice is one line
    expect(lines.nth(0).locator(".cart-price")).to_have_text(rp(180000))
    expect(lines.nth(1).locator(".cart-price")).to_have_text(rp(340000))
    expect(lines.nth(0).locator("a")).to_have_attribute("href", f"/products/{COFFEE}/?variant=500-g-biji-utuh")
    expect(page.locator("main .cart-status")).to_be_empty()  # the catalog agrees with both
    expected = "\n".join([
        "Halo Toko Kain Nusantara, saya mau pesan:",
        f"- Kopi Arabika Gayo (Berat 500 g, Gilingan Biji utuh), SKU KOP-001: 2 × {rp(180000)} = {rp(360000)}",
        f"- Kopi Arabika Gayo (Berat 1 kg, Gilingan Giling halus (tubruk dan espresso)), SKU KOP-001: 2 × {rp(340000)} = {rp(680000)}",
        f"Total: {rp(1040000)}",
        f"Perkiraan ongkir: {rp(80000)} (4 kg)",  # each its own weight: 2 × 550 g + 2 × 1050 g = 3.2 kg, rounded up
    ])
    expect(page.locator("#cart-message")).to_have_value(expected)


def test_the_cart_checks_each_combination_against_the_latest_build(tmp_path, serve_folder, page):
    shop = shirt_shop(tmp_path / "shop")
    base = serve_folder(shop / "public")
    for size, colour in (("XXL", "Sogan"), ("M", "Sogan"), ("S", "Sogan"), ("M", "Biru")):
        page.goto(base + PAGE)
        choose(page, Ukuran=size, Warna=colour)
        page.locator("form.add-to-cart").get_by_role("button", name="Masukkan keranjang").click()
        expect(page.locator("form.add-to-cart .cart-status")).to_contain_text(f"(Ukuran {size}, Warna {colour})")
    page.goto(base + "/cart/")
    lines = page.locator(".cart-line")
    expect(lines).to_have_count(4)
    page.wait_for_load_state("networkidle")
    expect(page.locator(".cart-flag")).to_have_count(0)

    # the XXL dearer, M in brown sold out, S no longer made; the blue M untouched
    front = (SHIRT.replace("price: 195000}", "price: 199000}").replace("Ukuran: [S, M, XXL]", "Ukuran: [M, XXL]")
             .replace("  - {Ukuran: S, Warna: Biru, availability: sold_out, sku: BTK-001-S-BIR}\n",
                      "  - {Ukuran: M, Warna: Sogan, availability: sold_out}\n"))
    (shop / PRODUCT).write_text(product_md(front))
    code, err = build(shop, "--today", TODAY)
    assert code == 0, err
    page.reload()
    expect(page.locator("main .cart-status")).to_have_text(
        f"Harga Kemeja Batik (Ukuran XXL, Warna Sogan) berubah dari {rp(195000)} menjadi {rp(199000)}.")
    expect(lines.nth(0).locator(".cart-flag")).to_have_count(0)
    expect(lines.nth(0).locator(".cart-price")).to_have_text(rp(199000))
    expect(lines.nth(1).locator(".cart-flag")).to_have_text("Habis: tidak ikut dipesan")
    expect(lines.nth(2).locator(".cart-flag")).to_have_text("Tidak tersedia lagi: tidak ikut dipesan")
    expect(lines.nth(3).locator(".cart-flag")).to_have_count(0)
    expect(lines.nth(3).locator(".cart-price")).to_have_text(rp(150000))
    expected = "\n".join([
        f"Halo {SHOP}, saya mau pesan:",
        f"- Kemeja Batik (Ukuran XXL, Warna Sogan), SKU BTK-001-XXL-SOG: 1 × {rp(199000)} = {rp(199000)}",
        f"- Kemeja Batik (Ukuran M, Warna Biru), SKU BTK-001: 1 × {rp(150000)} = {rp(150000)}",
        f"Total: {rp(349000)}",
    ])
    expect(page.locator("#cart-message")).to_have_value(expected)


# --------------------------------------------------------------------------- accessibility, both themes


@pytest.mark.parametrize("theme", ["etalase", "pasar"])
def test_product_page_with_options_has_no_accessibility_violation(tmp_path, serve_folder, page, theme):
    shop = copy_demo(tmp_path / "shop")
    toml = shop / "shop.toml"
    toml.write_text(toml.read_text().replace('theme = "etalase"', f'theme = "{theme}"'))
    code, err = build(shop, "--today", TODAY)
    assert code == 0, err
    base = serve_folder(shop / "public")
    page.goto(f"{base}/products/kemeja-batik-parang/?variant=s-biru-indigo")  # a struck-through pill, chosen
    expect(page.locator(".variant-picker")).to_be_visible()
    expect(page.locator(".variant-note")).to_be_visible()
    page.add_script_tag(path=str(node_tool("axe-core", "axe.min.js")))
    assert page.evaluate(AXE) == []
    choose(page, Warna="Sogan Cokelat", Ukuran="XXL")
    assert page.evaluate(AXE) == []

    # the page as it is without scripts: the table of combinations. axe needs JavaScript (it hangs in a context
    # without), so the scripts are blocked and the stylesheet's `scripting: none` choice is applied by hand
    page.route(re.compile(r".*/assets/(cart|variant)\.[0-9a-f]{8}\.js$"), lambda route: route.abort())
    page.goto(f"{base}/products/{COFFEE}/")
    page.add_style_tag(content=".combinations { display: block !important } .variant-picker { display: none !important }")
    expect(page.locator(".combinations")).to_be_visible()
    expect(page.locator(".variant-picker")).to_be_hidden()
    page.add_script_tag(path=str(node_tool("axe-core", "axe.min.js")))
    assert page.evaluate(AXE) == []


def test_variant_script_is_small_and_self_contained():
    from tests.helpers import REPO

    script = REPO / "themes/etalase/static/variant.js"
    assert script.stat().st_size <= 5 * 1024, f"variant.js is {script.stat().st_size} bytes; the budget is 5 KB"
    text = script.read_text(encoding="utf-8")
    assert re.findall(r"https?://[^\"' ]*", text) == []  # the order links come encoded from the build
    assert "innerHTML" not in text and "eval(" not in text and "document.write" not in text


def test_a_product_with_every_combination_sold_out(tmp_path, serve_folder, page):
    shop = shirt_shop(tmp_path / "shop", "title: Tas\nprice: 100000\nphotos: [kemeja.jpg]\noptions: {Warna: [Merah, Hitam]}\n"
                                         "variants:\n  - {Warna: Merah, availability: sold_out}\n  - {Warna: Hitam, availability: booked, booked_until: 2026-12-01}")
    html = (shop / "public/products/kemeja/index.html").read_text()
    assert [row["cells"][1:] for row in table_of(html)] == [
        ["Rp 100.000", "Habis", "Tidak bisa dipesan"], ["Rp 100.000", "Dipesan sampai 1 Desember 2026", "Tidak bisa dipesan"]]
    assert all(row["links"] == [] for row in table_of(html))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(serve_folder(shop / "public") + PAGE + "?variant=hitam")
    expect(page.locator(".details .availability .badge").first).to_have_text("Dipesan sampai 1 Desember 2026")
    expect(pill(page, "Warna", "Merah")).to_have_text("Merah (Habis)")
    expect(page.locator(".sold-out-note")).to_be_visible()
    expect(page.locator(".order, form.add-to-cart, .variant-note")).to_have_count(0)
    assert errors == []
