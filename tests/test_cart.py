"""Issue 7: the cart. Several products, variants and quantities, one order message by WhatsApp or email;
the cart survives reloads, follows the latest build's catalog, and every product keeps its order link
without JavaScript. Browser tests run in Debian's Chromium (tests/conftest.py)."""

from __future__ import annotations

import json
import re
import shutil
import urllib.parse
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from generator import formatting
from tests.conftest import node_tool
from tests.helpers import REPO, SHOP_TOML, build, built_demo, copy_demo, make_shop, product_md

SHOP = "Toko Kain Nusantara"
WHATSAPP = "6281234567890"
EMAIL = "halo@tokokainnusantara.id"
KEMEJA = "kemeja-batik-parang"  # options Ukuran × Warna, Rp 285.000 (XXL Rp 295.000), 300 g, SKU BTK-001
KOPI = "kopi-robusta-temanggung"  # no variants, Rp 65.000, 300 g, SKU KOP-002
SELENDANG = "selendang-tenun-troso"
TAS = "tas-kulit-selempang"
CART_JS = REPO / "themes/etalase/static/cart.js"
AXE = "async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' '))"


def rp(amount) -> str:
    """What the build prints: the cart must print exactly the same."""
    return formatting.price(Decimal(amount), "IDR", "id")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return built_demo(tmp_path_factory.mktemp("cart") / "shop", "--today", "2026-11-23")


def catalog(shop) -> dict:
    return json.loads((shop / "public/catalog.json").read_text(encoding="utf-8"))


def choose(page, **options):
    """On a product page: tap the pill of each option's value (radio inputs styled as pills)."""
    for name, value in options.items():
        radio = page.locator(".variant-picker").get_by_role("group", name=name, exact=True).locator(f'input[value="{value}"]')
        page.locator(f'label[for="{radio.get_attribute("id")}"]').click()
        expect(radio).to_be_checked()


def add(page, base: str, slug: str, quantity: int = 1, label: str = "Jumlah", button: str = "Masukkan keranjang", **options):
    """On the product page: choose the options, set the quantity, "Add to cart"."""
    page.goto(f"{base}/products/{slug}/")
    form = page.locator("form.add-to-cart")
    expect(form).to_be_visible()  # cart.js shows it
    choose(page, **options)
    form.get_by_label(label, exact=True).fill(str(quantity))
    form.get_by_role("button", name=button).click()
    expect(form.locator(".cart-status")).not_to_be_empty()


def message_of(href: str, scheme: str) -> tuple[str, dict[str, str]]:
    """The text of a wa.me or mailto link, decoded."""
    parts = urllib.parse.urlsplit(href)
    query = {k: urllib.parse.unquote(v) for k, _, v in (item.partition("=") for item in parts.query.split("&"))}
    if scheme == "whatsapp":
        assert (parts.scheme, parts.netloc, parts.path) == ("https", "wa.me", f"/{WHATSAPP}"), href
        return query["text"], query
    assert (parts.scheme, parts.path) == ("mailto", EMAIL), href
    return query["body"], query


def test_cart_script_is_small_and_self_contained():
    assert CART_JS.stat().st_size <= 8 * 1024, f"cart.js is {CART_JS.stat().st_size} bytes; the budget is 8 KB"
    text = CART_JS.read_text(encoding="utf-8")
    assert re.findall(r"https?://[^\"' ]*", text) == []  # no third-party address: the order links come encoded from the build
    assert "innerHTML" not in text and "eval(" not in text and "document.write" not in text


def test_catalog_json(demo):
    raw = (demo / "public/catalog.json").read_bytes()
    data = json.loads(raw)
    assert raw == json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()  # compact
    assert len(data) == 15 and list(data) == sorted(data)
    assert data["blus-batik-kawung"] == {  # on sale: the sale price is the price to pay
        "title": "Blus Batik Kawung Indigo", "url": "/products/blus-batik-kawung/", "price": 189000, "price_text": "Rp 189.000",
        "currency": "IDR", "availability": "in_stock", "availability_label": "Tersedia", "orderable": True,
        "options": [{"name": "Ukuran", "values": ["S", "M", "L", "XL"]}],
        "variants": [{"values": [size], "key": size.lower(), "price": 189000, "price_text": "Rp 189.000", "availability": "in_stock",
                      "availability_label": "Tersedia", "orderable": True, "sku": "BTK-003", "weight_grams": 250}
                     for size in ("S", "M", "L", "XL")],
        "weight_grams": 250, "sku": "BTK-003",
    }
    assert data["sarung-tenun-samarinda"]["orderable"] is False and data["sarung-tenun-samarinda"]["availability_label"] == "Habis"
    assert data["tas-tote-tenun"]["orderable"] is False and data["tas-tote-tenun"]["availability"] == "booked"


def test_cart_settings_and_translated_message(demo, tmp_path):
    html = (demo / "public/cart/index.html").read_text()
    settings = json.loads(re.search(r'<script type="application/json" id="cart-data">(.*?)</script>', html, re.S).group(1))
    assert settings["shop"] == {
        "catalog": "/catalog.json", "shop": SHOP, "currency": "IDR",
        "money": {"prefix": "Rp ", "group": ".", "decimal": ",", "suffix": ""},
        "message": "Halo {shop}, saya mau pesan:\n{lines}\nTotal: {total}\nPerkiraan ongkir: {shipping}\n"
                   "Nama: {name}\nAlamat: {address}\nCatatan: {notes}",
        "subject": f"Pesanan baru untuk {SHOP}", "whatsapp_link": f"https://wa.me/{WHATSAPP}", "email_link": f"mailto:{EMAIL}",
        "shipping_flat": None, "shipping_per_kg": 20000,
    }
    assert settings["text"]["left_out"] == "{state}: tidak ikut dipesan"
    shop = make_shop(tmp_path, {"shop.toml": SHOP_TOML.replace('language = "id"', 'language = "en"')})
    assert build(shop)[0] == 0
    html = (shop / "public/cart/index.html").read_text()
    settings = json.loads(re.search(r'id="cart-data">(.*?)</script>', html, re.S).group(1))
    assert settings["shop"]["message"] == ("Hello {shop}, I would like to order:\n{lines}\nTotal: {total}\n"
                                           "Shipping estimate: {shipping}\nName: {name}\nAddress: {address}\nNotes: {notes}")
    assert settings["shop"]["money"] == {"prefix": "IDR ", "group": ",", "decimal": ".", "suffix": ""}
    assert settings["text"]["added"] == "Added to the cart: {item}"


def test_script_loads_deferred_only_where_needed(demo):
    products, with_picker = catalog(demo), 0
    for path in sorted((demo / "public").rglob("*.html")):
        html = path.read_text()
        rel = path.relative_to(demo / "public").as_posix()
        loads = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html)
        product_page = re.fullmatch(r"products/([^/]+)/index\.html", rel)
        needs = rel == "cart/index.html" or bool(product_page and product_page.group(1) not in ("page", "by", "available"))
        script = re.search(r"cart\.[0-9a-f]{8}\.js", html)
        link = re.search(r"cart-link\.[0-9a-f]{8}\.js", html)
        picker = re.search(r"variant\.[0-9a-f]{8}\.js", html)
        # the variant picker: only on the pages of products with options
        picks = bool(product_page and needs and products[product_page.group(1)]["options"])
        assert link, rel  # every page: the header's cart link shows what the cart holds
        link_script = f'<script src="/assets/{link.group(0)}" defer>'
        if rel == "search/index.html":  # the search page loads its own module, and no cart
            assert len(loads) == 2 and re.fullmatch(r'<script type="module" src="/assets/search\.[0-9a-f]{8}\.js">', loads[0]), loads
            assert loads[1] == link_script
        else:
            # the cart page waits for cart.js (blocking="render"): the lines it draws are in the first paint
            blocking = ' blocking="render"' if rel == "cart/index.html" else ""
            assert loads == ([f'<script src="/assets/{script.group(0)}" defer{blocking}>'] if needs else []) + (
                [f'<script src="/assets/{picker.group(0)}" defer>'] if picks else []) + [link_script], rel
            with_picker += picks
        # no inline script (the CSP is script-src 'self'): only JSON data blocks, and no inline event handlers
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or re.search(r'type="application/(ld\+)?json"', tag), (rel, tag)
        assert not re.search(r"<[^>]*\son[a-z]+\s*=", html), rel
    assert with_picker == sum(bool(entry["options"]) for entry in products.values()) > 0


def test_cart_link_shows_on_every_page_once_the_cart_holds_something(demo, serve_folder, page):
    base = serve_folder(demo / "public")
    for path in ("/", "/products/", "/about/"):
        page.goto(base + path)
        expect(page.locator(".cart-link")).to_be_hidden()  # an empty cart: no link to nothing
    add(page, base, KOPI, 2)
    for path in ("/", "/products/", "/about/", "/search/", "/404.html"):
        page.goto(base + path)
        expect(page.locator(".cart-link")).to_have_text("Keranjang (2)")
    page.locator(".cart-link").click()
    expect(page.locator(".cart-line")).to_have_count(1)


def test_add_reload_remove_total(demo, serve_folder, page):
    """Acceptance 1: two products, one with a chosen variant, quantity 3, reload, remove one, total in Rp."""
    base = serve_folder(demo / "public")
    add(page, base, KEMEJA, Ukuran="L", Warna="Biru Indigo")
    expect(page.locator("form.add-to-cart .cart-status")).to_have_text(
        "Masuk keranjang: Kemeja Batik Parang Sogan (Ukuran L, Warna Biru Indigo) × 1")
    add(page, base, KOPI, 2)
    expect(page.locator(".cart-link")).to_have_text("Keranjang (3)")
    page.locator(".cart-link").click()
    lines = page.locator(".cart-line")
    expect(lines).to_have_count(2)
    kemeja = lines.nth(0)
    expect(kemeja.locator(".cart-item")).to_have_text("Kemeja Batik Parang Sogan (Ukuran L, Warna Biru Indigo)")
    kemeja.get_by_label("Jumlah Kemeja Batik Parang Sogan (Ukuran L, Warna Biru Indigo)").fill("3")
    page.keyboard.press("Tab")
    expect(page.locator("main .cart-status")).to_have_text(f"Total: {rp(3 * 285000 + 2 * 65000)}")
    expect(kemeja.locator(".cart-amount")).to_have_text(rp(3 * 285000))

    page.reload()
    expect(lines).to_have_count(2)
    expect(lines.nth(0).locator("input")).to_have_value("3")
    expect(lines.nth(1).locator("input")).to_have_value("2")
    expect(page.locator("#cart-total")).to_have_text(rp(985000))
    expect(page.locator(".cart-link")).to_have_text("Keranjang (5)")

    lines.nth(1).get_by_role("button", name="Hapus Kopi Robusta Temanggung 250 g").click()
    expect(lines).to_have_count(1)
    expect(page.locator("main .cart-status")).to_have_text("Dihapus dari keranjang: Kopi Robusta Temanggung 250 g")
    expect(page.locator("#cart-total")).to_have_text(rp(855000))
    assert rp(855000) == "Rp 855.000"
    page.reload()
    expect(lines).to_have_count(1)
    expect(page.locator("#cart-total")).to_have_text("Rp 855.000")
    expect(page.locator(".cart-link")).to_have_text("Keranjang (3)")


def test_send_order_by_whatsapp_email_or_clipboard(demo, serve_folder, page):
    """Acceptance 2: the wa.me and mailto texts equal the expected message exactly."""
    base = serve_folder(demo / "public")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    add(page, base, KEMEJA, 3, Ukuran="L", Warna="Biru Indigo")
    add(page, base, KOPI)
    page.goto(f"{base}/cart/")
    page.wait_for_load_state("networkidle")
    expected = "\n".join([
        f"Halo {SHOP}, saya mau pesan:",
        f"- Kemeja Batik Parang Sogan (Ukuran L, Warna Biru Indigo), SKU BTK-001: 3 × {rp(285000)} = {rp(855000)}",
        f"- Kopi Robusta Temanggung 250 g, SKU KOP-002: 1 × {rp(65000)} = {rp(65000)}",
        f"Total: {rp(920000)}",
        f"Perkiraan ongkir: {rp(40000)} (2 kg)",  # 3 × 300 g + 300 g = 1.2 kg, rounded up to 2 kg at Rp 20.000
    ])
    expect(page.locator("#cart-message")).to_have_value(expected)  # no name, address, notes: those lines are left out
    assert message_of(page.locator("#cart-whatsapp").get_attribute("href"), "whatsapp")[0] == expected
    expect(page.locator("#cart-shipping")).to_have_text(f"Perkiraan ongkir: {rp(40000)} (2 kg)")
    expect(page.locator(".shipping-note")).to_be_visible()

    page.get_by_label("Nama").fill("Budi Santoso")
    page.get_by_label("Alamat").fill("Jl. Malioboro 1 & 2\nYogyakarta 55271")
    page.get_by_label("Catatan").fill("Tolong dibungkus kado #1 (50% kertas daur ulang)")
    expected += "\nNama: Budi Santoso\nAlamat: Jl. Malioboro 1 & 2\nYogyakarta 55271\nCatatan: Tolong dibungkus kado #1 (50% kertas daur ulang)"
    expect(page.locator("#cart-message")).to_have_value(expected)

    text, query = message_of(page.locator("#cart-email").get_attribute("href"), "email")
    assert text == expected and query["subject"] == f"Pesanan baru untuk {SHOP}"

    page.get_by_role("button", name="Salin").click()
    expect(page.locator("main .cart-status")).to_have_text("Tersalin: tempelkan ke pesan untuk kami.")
    assert page.evaluate("navigator.clipboard.readText()") == expected

    page.reload()  # the shopper's details stay for this tab
    expect(page.get_by_label("Nama")).to_have_value("Budi Santoso")
    expect(page.locator("#cart-message")).to_have_value(expected)
    opened = []
    page.route("https://wa.me/**", lambda route: (opened.append(route.request.url), route.fulfill(body="WhatsApp")))
    page.get_by_role("link", name="Kirim lewat WhatsApp").click()
    page.wait_for_url("https://wa.me/**")
    assert len(opened) == 1 and message_of(opened[0], "whatsapp")[0] == expected


def test_cart_follows_the_latest_build(tmp_path, serve_folder, page):
    """Acceptance 3: a new price shows after a rebuild; sold-out and removed products are flagged and not sent."""
    shop = copy_demo(tmp_path / "shop")
    assert build(shop)[0] == 0
    titles = {slug: entry["title"] for slug, entry in catalog(shop).items()}
    base = serve_folder(shop / "public")
    add(page, base, KOPI, 2)
    add(page, base, SELENDANG)
    add(page, base, TAS)
    add(page, base, KEMEJA, Ukuran="XXL", Warna="Sogan Cokelat")
    page.goto(f"{base}/cart/")
    lines = page.locator(".cart-line")
    expect(lines).to_have_count(4)
    expect(page.locator(".cart-flag")).to_have_count(0)

    kopi = shop / f"content/products/{KOPI}.md"
    kopi.write_text(kopi.read_text().replace("price: 65000\n", "price: 72500\n"))
    selendang = shop / f"content/products/{SELENDANG}.md"
    selendang.write_text(selendang.read_text().replace("---\n", "---\navailability: sold_out\n", 1))
    shutil.rmtree(shop / f"content/products/{TAS}")
    kemeja = shop / f"content/products/{KEMEJA}/index.md"
    kemeja.write_text(kemeja.read_text().replace("Ukuran: [S, M, L, XL, XXL]", "Ukuran: [S, M, L, XL]")  # XXL gone
                      .replace("  - {Ukuran: XXL, price: 295000, weight_grams: 330}\n", ""))
    code, err = build(shop)
    assert code == 0, err
    assert catalog(shop)[KOPI]["price"] == 72500

    page.reload()
    expect(page.locator("main .cart-status")).to_have_text(
        f"Harga {titles[KOPI]} berubah dari {rp(65000)} menjadi {rp(72500)}.")
    expect(lines.nth(0).locator(".cart-price")).to_have_text(rp(72500))
    expect(lines.nth(0).locator(".cart-amount")).to_have_text(rp(145000))
    expect(lines.nth(1).locator(".cart-flag")).to_have_text("Habis: tidak ikut dipesan")
    expect(lines.nth(2).locator(".cart-flag")).to_have_text("Tidak tersedia lagi: tidak ikut dipesan")
    expect(lines.nth(3).locator(".cart-flag")).to_have_text("Tidak tersedia lagi: tidak ikut dipesan")
    expected = "\n".join([
        f"Halo {SHOP}, saya mau pesan:",
        f"- {titles[KOPI]}, SKU KOP-002: 2 × {rp(72500)} = {rp(145000)}",
        f"Total: {rp(145000)}",
        f"Perkiraan ongkir: {rp(20000)} (1 kg)",
    ])
    expect(page.locator("#cart-message")).to_have_value(expected)
    assert message_of(page.locator("#cart-whatsapp").get_attribute("href"), "whatsapp")[0] == expected
    expect(page.locator("#cart-total")).to_have_text(rp(145000))
    page.reload()  # the new price is kept, the flags come back from the catalog
    expect(page.locator(".cart-flag")).to_have_count(3)
    expect(page.locator("main .cart-status")).to_be_empty()
    expect(lines.nth(0).locator(".cart-price")).to_have_text(rp(72500))


def test_without_javascript_every_orderable_product_keeps_its_order_link(demo, serve_folder, browser):
    """Acceptance 4."""
    base = serve_folder(demo / "public")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    orderable = 0
    for slug, entry in catalog(demo).items():
        page.goto(f"{base}/products/{slug}/")
        links = page.locator(".order a, a.email-order")  # the bar's order button, the e-mail order below it
        if entry["orderable"]:
            orderable += 1
            assert links.count() >= 2, slug
            for index in range(links.count()):
                expect(links.nth(index)).to_be_visible()
                href = links.nth(index).get_attribute("href")
                assert href.startswith((f"https://wa.me/{WHATSAPP}?text=", f"mailto:{EMAIL}?subject=")), (slug, href)
            expect(page.locator("form.add-to-cart")).to_be_hidden()
        else:
            assert links.count() == 0 and page.locator("form.add-to-cart").count() == 0, slug
        expect(page.locator(".cart-link")).to_be_hidden()
    assert orderable >= 12
    page.goto(f"{base}/cart/")
    expect(page.locator("noscript p, main p").filter(has_text="Keranjang memerlukan JavaScript")).to_be_visible()
    expect(page.locator("#cart")).to_be_hidden()
    context.close()


def test_no_console_error_and_no_third_party_request_on_any_page(demo, serve_folder, page):
    """Acceptance 5, with a full cart so the script does its work on every page that loads it."""
    base = serve_folder(demo / "public")
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"{page.url}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    page.on("request", lambda r: problems.append(f"foreign request {r.url}") if not r.url.startswith(base) else None)
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    add(page, base, KEMEJA, 2, Ukuran="M", Warna="Sogan Cokelat")
    add(page, base, KOPI)
    pages = sorted(p.relative_to(demo / "public").as_posix() for p in (demo / "public").rglob("*.html"))
    assert "cart/index.html" in pages
    for path in pages:
        page.goto(f"{base}/{path}", wait_until="networkidle")
    assert problems == []
    assert page.request.get(f"{base}/favicon.ico").ok


def test_keyboard_only_with_announcements(demo, serve_folder, page):
    """Add and remove with the keyboard alone; every change is announced through a role=status region."""
    base = serve_folder(demo / "public")
    page.goto(f"{base}/products/{KEMEJA}/")
    expect(page.locator("form.add-to-cart")).to_be_visible()
    page.get_by_role("group", name="Ukuran").get_by_role("radio", checked=True).focus()  # S, the first orderable
    page.keyboard.press("ArrowDown")  # S -> M
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # the quantity
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    page.keyboard.press("Enter")
    status = page.locator("form.add-to-cart [role=status]")
    expect(status).to_have_text("Masuk keranjang: Kemeja Batik Parang Sogan (Ukuran M, Warna Sogan Cokelat) × 2")

    page.goto(f"{base}/cart/")
    quantity = page.get_by_label("Jumlah Kemeja Batik Parang Sogan (Ukuran M, Warna Sogan Cokelat)")
    quantity.focus()
    page.keyboard.press("ArrowUp")  # 2 -> 3
    page.keyboard.press("Tab")  # leaves the field: the change is applied and announced
    expect(page.locator("main [role=status]")).to_have_text(f"Total: {rp(3 * 285000)}")
    assert page.evaluate("document.activeElement.className") == "cart-remove"
    page.keyboard.press("Enter")
    expect(page.locator(".cart-line")).to_have_count(0)
    expect(page.locator("main [role=status]")).to_have_text(
        "Dihapus dari keranjang: Kemeja Batik Parang Sogan (Ukuran M, Warna Sogan Cokelat)")
    assert page.evaluate("document.activeElement.id") == "cart-heading"
    expect(page.locator(".cart-empty")).to_be_visible()
    expect(page.locator(".cart-order")).to_be_hidden()


@pytest.mark.parametrize("theme", ["etalase", "pasar"])
def test_cart_pages_have_no_accessibility_violation(tmp_path, serve_folder, page, theme):
    shop = copy_demo(tmp_path / "shop")
    toml = shop / "shop.toml"
    toml.write_text(toml.read_text().replace('theme = "etalase"', f'theme = "{theme}"'))
    assert build(shop)[0] == 0
    base = serve_folder(shop / "public")
    add(page, base, KEMEJA, Ukuran="XL", Warna="Biru Indigo")
    page.add_script_tag(path=str(node_tool("axe-core", "axe.min.js")))
    assert page.evaluate(AXE) == []  # the product page with its form and status shown
    add(page, base, SELENDANG)
    page.locator(".cart-link").click()
    expect(page.locator(".cart-line")).to_have_count(2)
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(node_tool("axe-core", "axe.min.js")))
    assert page.evaluate(AXE) == []
    if theme == "pasar":
        assert page.locator("body.pasar .masthead .cart-link").is_visible()


def test_cart_under_a_sub_path_with_the_host_headers(tmp_path, serve_site, page):
    """Built for https://example.test/shop/, served under /shop/ with its Content-Security-Policy."""
    shop = copy_demo(tmp_path / "shop")
    assert build(shop, "--base-url", "https://example.test/shop/")[0] == 0
    base = serve_site(shop / "public", "/shop/")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    add(page, base, KOPI, 4)
    page.locator(".cart-link").click()
    page.wait_for_load_state("networkidle")
    assert page.url == base + "/cart/"
    expect(page.locator(".cart-line a")).to_have_attribute("href", f"/shop/products/{KOPI}/")
    expect(page.locator("main .cart-status")).to_be_empty()  # catalog.json was found under /shop/
    expect(page.locator("#cart-total")).to_have_text(rp(4 * 65000))
    assert errors == []


def test_english_shop_with_decimals_flat_shipping_and_own_message(tmp_path, serve_folder, page):
    toml = SHOP_TOML.replace('language = "id"', 'language = "en"').replace('currency = "IDR"', 'currency = "USD"')
    shop = make_shop(tmp_path, {
        "shop.toml": toml + '\n[order]\nshipping_flat = 4.5\nshipping_note = "We confirm shipping before you pay."\n',
        "content/products/kemeja.md": product_md(
            "title: Shirt\nprice: 1234.5\nsku: S-1\nvariants:\n  - name: Size\n    options: [M, L]\nphotos: [kemeja.jpg]"),
    })
    assert build(shop)[0] == 0
    base = serve_folder(shop / "public")
    add(page, base, "kemeja", 3, label="Quantity", button="Add to cart", Size="L")
    expect(page.locator("form.add-to-cart .cart-status")).to_have_text("Added to the cart: Shirt (Size L) × 3")
    page.goto(f"{base}/cart/")
    page.wait_for_load_state("networkidle")
    usd = lambda amount: formatting.price(Decimal(amount), "USD", "en")  # noqa: E731
    assert usd("3703.5") == "$ 3,703.50"
    expect(page.locator("#cart-total")).to_have_text(usd("3703.5"))
    expected = "\n".join([
        "Hello Toko Uji, I would like to order:",
        f"- Shirt (Size L), SKU S-1: 3 × {usd('1234.5')} = {usd('3703.5')}",
        f"Total: {usd('3703.5')}",
        f"Shipping estimate: {usd('4.5')}",
    ])
    expect(page.locator("#cart-message")).to_have_value(expected)
    assert message_of(page.locator("#cart-whatsapp").get_attribute("href"), "whatsapp")[0] == expected

    (shop / "shop.toml").write_text(
        toml + '\n[messages]\ncart = "Order for {shop}:\\n{lines}\\nSum {total}\\nFor: {name}\\n{{not a placeholder}}"\n')
    assert build(shop)[0] == 0
    page.reload()
    expect(page.locator("#cart-message")).to_have_value(
        f"Order for Toko Uji:\n- Shirt (Size L), SKU S-1: 3 × {usd('1234.5')} = {usd('3703.5')}\nSum {usd('3703.5')}\n{{not a placeholder}}")
    expect(page.locator("#cart-shipping")).to_be_hidden()


def test_product_in_another_currency_is_not_offered_in_the_cart(tmp_path):
    shop = make_shop(tmp_path, {"content/products/kaos.md": product_md("title: Kaos\nprice: 12\ncurrency: USD\nphotos: [kemeja.jpg]")})
    assert build(shop)[0] == 0
    kaos = (shop / "public/products/kaos/index.html").read_text()
    kemeja = (shop / "public/products/kemeja/index.html").read_text()
    assert 'class="add-to-cart"' not in kaos and "button-whatsapp" in kaos  # its own order buttons remain
    assert 'class="add-to-cart"' in kemeja and 'data-price="185000"' in kemeja
    assert catalog(shop)["kaos"]["currency"] == "USD"  # and cart.js flags a line whose currency changed


@pytest.mark.parametrize("section, expected", [
    ('[order]\nshiping_note = "x"', 'shop.toml:12: unknown key "order.shiping_note": did you mean "shipping_note"?'),
    ('[order]\nshipping_per_kg = "murah"', 'shop.toml:12: order.shipping_per_kg: must be a number (got "murah")'),
    ("[order]\nshipping_flat = -1", "shop.toml:12: order.shipping_flat: must be 0 or more (got -1)"),
    ('[order]\nshipping_note = ["a"]', "shop.toml:12: order.shipping_note: must be text (got a list)"),
    ("[order]\nshipping_flat = 10000\nshipping_per_kg = 20000",
     "shop.toml:13: order: give shipping_flat (one price per order) or shipping_per_kg (by weight), not both"),
    ('[messages]\ncart = "Halo {product}"',
     "shop.toml:12: messages.cart: unknown placeholder {product}: use {shop}, {lines}, {total}, {shipping}, {name}, {address}, {notes}"),
    ('[messages]\ncart = "Total {total:>10}"', "shop.toml:12: messages.cart: placeholders are plain names such as {lines}, without : or !"),
    ('[messages]\ncart = "Total {total"',
     "shop.toml:12: messages.cart: has a stray { or } (expected '}' before end of string); placeholders look like {lines}"),
    ('[messages]\norder = "Halo {lines}"',
     "shop.toml:12: messages.order: unknown placeholder {lines}: use {shop}, {product}, {variant}, {sku}, {price}, {url}"),
])
def test_order_and_cart_settings_are_checked(tmp_path, section, expected):
    shop = make_shop(tmp_path, {"shop.toml": SHOP_TOML + "\n" + section + "\n"})
    code, err = build(shop)
    assert code == 1 and not (shop / "public").exists()
    assert err.splitlines()[0] == expected
