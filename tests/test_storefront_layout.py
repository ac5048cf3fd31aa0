"""Issue 19: a storefront shoppers trust at first glance on a cheap phone. The demo shop, in both bundled themes,
in Chromium at 320, 390, 768 and 1280 px: nothing wider than the window on any page type, a one-line header on a
phone, the product page's first screen, its bottom bar and its photo gallery (without JavaScript too), badges and
amounts on one line, photos beside cart lines and search results. Screenshots of every page type at 390 and
1280 px land under the pytest basetemp, in screenshots/<theme>-<page>-<width>.png."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect


pytestmark = pytest.mark.browser  # Chromium (the markup checks share its built demo)

TODAY = "2026-11-23"
PRODUCT = "/products/kemeja-batik-parang/"  # options, one photo
PHOTOS = "/products/kain-tenun-ikat-sumba/"  # two photos, a preorder
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


THEMES = ["etalase", "pasar"]


@pytest.fixture(scope="module", params=THEMES)
def demo(request, tmp_path_factory):
    """The demo shop built in each bundled theme (the layout rules are the same; the look is each theme's)."""
    from tests.helpers import build, copy_demo

    shop = copy_demo(tmp_path_factory.mktemp(f"layout-{request.param}") / "shop")
    toml = shop / "shop.toml"
    toml.write_text(toml.read_text().replace('theme = "etalase"', f'theme = "{request.param}"'))
    code, err = build(shop, "--today", TODAY)
    assert code == 0, err
    return shop


def theme_of(shop) -> str:
    """Which theme the demo was built in (it names the screenshots)."""
    return "pasar" if 'theme = "pasar"' in (shop / "shop.toml").read_text() else "etalase"


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory):
    folder = tmp_path_factory.getbasetemp() / "screenshots"
    folder.mkdir(exist_ok=True)
    return folder


def shoot(page, folder, name: str) -> None:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 5_000, path


def in_first_viewport(page, selector: str) -> bool:
    """The element's whole box lies inside the window as the page opens (not scrolled)."""
    return page.locator(selector).first.evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.top >= 0 && r.left >= 0"
        " && r.bottom <= innerHeight && r.right <= innerWidth; }")


# --------------------------------------------------------------------------- the product page on a phone


@pytest.mark.parametrize("path", [PRODUCT, PHOTOS, "/products/kopi-arabika-gayo/", "/products/dompet-kulit-lipat/"])
def test_phone_first_screen_holds_photo_title_price_stock_and_the_order_button(demo, serve_folder, browser, path):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(serve_folder(demo / "public") + path)
    page.evaluate("document.fonts.ready")
    for selector in (".gallery img", ".details h1", ".details .price", ".details .availability .badge",
                     ".buy-bar .order .button", ".buy-bar .ask-whatsapp"):
        assert in_first_viewport(page, selector), (path, selector)
    expect(page.locator(".buy-bar .order .button")).to_have_text("Pesan via WhatsApp")
    expect(page.locator(".buy-bar .ask-whatsapp")).to_have_text("Tanya")
    expect(page.locator(".buy-bar .ask-whatsapp")).to_have_accessible_name("Tanya produk ini lewat WhatsApp")
    # one main action in the bar; the e-mail order below it, never beside
    expect(page.locator(".buy-bar .button")).to_have_count(1)
    email = page.locator(".order-more .email-order")
    expect(email).to_have_text("Pesan lewat email")
    assert email.evaluate("e => !e.closest('.buy-bar')")
    context.close()


def test_phone_bar_stays_at_the_bottom_while_scrolling(demo, serve_folder, browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(serve_folder(demo / "public") + PRODUCT)
    bar = page.locator(".buy-bar")
    for y in (0, 900, 2000, 100_000):  # the top, the description, the facts, the footer
        page.evaluate(f"scrollTo(0, {y})")
        box = bar.bounding_box()
        assert box and abs(box["y"] + box["height"] - PHONE["height"]) <= 1, (y, box)
        expect(bar.locator(".order .button")).to_be_in_viewport(ratio=1)
    # at the very end the bar covers nothing: the footer's last line is above it
    last = page.locator("footer .updated").bounding_box()
    assert last["y"] + last["height"] <= bar.bounding_box()["y"], last
    # the promise and the payment methods come next to the order action, not in the footer only
    trust = page.locator(".order-more")
    expect(trust.locator(".order-promise")).to_have_text("Kami membalas WhatsApp dan email dalam 1 jam pada jam buka.")
    expect(trust.locator(".payment")).to_contain_text("QRIS")
    context.close()


def test_desktop_bar_sits_in_the_details_column(demo, serve_folder, browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(serve_folder(demo / "public") + PHOTOS)
    bar, details = page.locator(".buy-bar").bounding_box(), page.locator(".details").bounding_box()
    assert details["x"] <= bar["x"] and bar["x"] + bar["width"] <= details["x"] + details["width"] + 1
    assert page.locator(".buy-bar").evaluate("e => getComputedStyle(e).position") == "static"
    for selector in (".details .price", ".buy-bar .order .button", ".order-promise", ".photos .thumbs"):
        assert in_first_viewport(page, selector), selector
    context.close()


# --------------------------------------------------------------------------- the photos


def test_gallery_markup_first_photo_eager_the_rest_lazy_and_large_on_tap(demo):
    html = (demo / "public" / PHOTOS.strip("/") / "index.html").read_text()
    gallery = html.split('<div class="gallery">')[1].split("</div>")[0]
    photos = re.findall(r'<a class="photo" id="photo-(\d)" href="([^"]+)">', gallery)
    assert [number for number, _ in photos] == ["1", "2"]
    assert all(re.search(r"/photos/kain-tenun-ikat-sumba[-\w]*-1200\.webp$", href) for _, href in photos), photos
    images = re.findall(r"<img [^>]+>", gallery)
    assert 'fetchpriority="high"' in images[0] and "loading=" not in images[0]
    assert 'loading="lazy"' in images[1] and "fetchpriority" not in images[1]
    thumbs = html.split('<div class="thumbs" style="--photos: 2" data-pagefind-ignore>')[1].split("</div>")[0]  # as many as the photos
    assert re.findall(r'<a href="#photo-(\d)">', thumbs) == ["1", "2"]
    assert "Foto 2 dari 2" in thumbs
    # one photo: no dots, no thumbnails
    assert 'class="thumbs"' not in (demo / "public" / PRODUCT.strip("/") / "index.html").read_text()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_gallery_goes_to_the_second_photo_without_javascript(demo, serve_folder, browser, viewport):
    context = browser.new_context(java_script_enabled=False, viewport=viewport)
    page = context.new_page()
    page.goto(serve_folder(demo / "public") + PHOTOS)
    gallery, second = page.locator(".gallery"), page.locator("#photo-2")
    expect(second).not_to_be_in_viewport()
    assert gallery.evaluate("g => g.scrollWidth > g.clientWidth && getComputedStyle(g).scrollSnapType.startsWith('x')")
    if viewport is PHONE:  # a swipe: a short sideways scroll snaps on to the next photo
        box = gallery.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.wheel(viewport["width"] * 0.6, 0)
    else:  # a thumbnail
        page.locator('.thumbs a[href="#photo-2"]').click()
    expect(second).to_be_in_viewport(ratio=0.95)
    # snapped: the second photo's left edge on the gallery's (polled here: wait_for_function needs page scripts)
    offset = "(() => document.getElementById('photo-2').getBoundingClientRect().left - document.querySelector('.gallery').getBoundingClientRect().left)()"
    for _ in range(50):
        if abs(page.evaluate(offset)) < 2:
            break
        page.wait_for_timeout(100)
    assert abs(page.evaluate(offset)) < 2, page.evaluate(offset)
    # a tap on the photo opens its large size
    href = second.get_attribute("href")
    assert href.endswith("-1200.webp") and page.request.get(page.url.split("/products/")[0] + href).ok
    context.close()


def test_phone_shows_dots_and_desktop_thumbnails(demo, serve_folder, browser):
    base = serve_folder(demo / "public")
    for viewport, shown in ((PHONE, False), (DESKTOP, True)):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(base + PHOTOS)
        links = page.locator(".thumbs a")
        expect(links).to_have_count(2)
        for index in range(2):
            box = links.nth(index).bounding_box()
            assert box["width"] >= 24 and box["height"] >= 24, box  # a target a thumb can hit
        assert page.locator(".thumbs img").first.is_visible() == shown
        context.close()




# --------------------------------------------------------------------------- the header

PAGE_TYPES = {  # every kind of page the demo has
    "home": "/", "catalog": "/products/", "catalog-page-2": "/products/page/2/", "category": "/category/batik/",
    "tag": "/tag/katun/", "product": PRODUCT, "product-photos": PHOTOS, "product-booked": "/products/tas-tote-tenun/",
    "product-sold-out": "/products/sarung-tenun-samarinda/", "cart": "/cart/", "search": "/search/?q=batik",
    "page": "/how-to-order/", "privacy": "/privacy/", "404": "/404.html",
}
KOPI = {"slug": "kopi-robusta-temanggung", "options": [], "qty": 2, "title": "Kopi Robusta Temanggung 250 g",
        "url": "/products/kopi-robusta-temanggung/", "price": 65000, "flag": ""}


def fill_cart(page, base: str) -> None:
    """Two bags of coffee in the cart (what cart.js keeps), so the cart page and the header's link show them."""
    import json

    page.goto(base + "/404.html")
    page.evaluate(f"localStorage.setItem('etalase-cart:/catalog.json', {json.dumps(json.dumps([KOPI]))})")


def test_demo_page_types_exist(demo):
    for name, path in PAGE_TYPES.items():
        file = demo / "public" / (path.split("?")[0].strip("/") or ".")
        assert (file if file.suffix == ".html" else file / "index.html").is_file(), name


# Every shown element (not in a closed menu) whose right edge passes the window's (inside a box that scrolls or clips sideways, the
# box itself is what is checked), and how far the page itself scrolls sideways
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth, wide = [];
  const contained = e => { for (let p = e.parentElement; p && p != document.body; p = p.parentElement)
    if (getComputedStyle(p).overflowX != 'visible') return true; return false; };
  for (const e of document.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect(), spills = getComputedStyle(e).overflowX == 'visible';  // its text may spill out
    const right = Math.max(r.right, spills ? r.left + e.scrollWidth : 0);
    if (r.width && r.height && right > width + 0.5 && e.checkVisibility({visibilityProperty: true}) && !contained(e))
      wide.push(e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '') + ' ' + Math.round(right));
  }
  return {scroll: document.documentElement.scrollWidth - width, wide};
}"""


@pytest.mark.parametrize("width", [320, 390, 768, 1280])
def test_no_page_is_wider_than_the_window(demo, serve_folder, browser, screenshots, width):
    context = browser.new_context(viewport={"width": width, "height": 844 if width < 760 else 900})
    page = context.new_page()
    base = serve_folder(demo / "public")
    fill_cart(page, base)
    for name, path in PAGE_TYPES.items():
        page.goto(base + path, wait_until="networkidle")
        if name == "search":
            page.wait_for_selector(".search-results li")
        page.evaluate("document.fonts.ready")
        assert page.evaluate(OVERFLOW) == {"scroll": 0, "wide": []}, (name, width)
        if width < 760:  # the menu open too
            page.locator(".menu > summary").click()
            assert page.evaluate(OVERFLOW) == {"scroll": 0, "wide": []}, (name, width, "menu")
            page.locator(".menu > summary").click()
        if width in (390, 1280):
            shoot(page, screenshots, f"{theme_of(demo)}-{name}-{width}")
    context.close()


@pytest.mark.parametrize("width", [320, 390])
def test_phone_header_is_one_line(demo, serve_folder, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    base = serve_folder(demo / "public")
    fill_cart(page, base)  # the cart link shown: the fullest header
    for name, path in PAGE_TYPES.items():
        page.goto(base + path)
        header = page.locator(".site-header").bounding_box()
        assert header["height"] <= 72, (name, header)
        for selector in (".brand", ".cart-link", ".menu > summary"):
            box = page.locator(f".site-header {selector}").bounding_box()
            assert box and header["y"] <= box["y"] and box["y"] + box["height"] <= header["y"] + header["height"], (name, selector, box)
        expect(page.locator(".site-header .cart-link")).to_have_text("Keranjang (2)")
        expect(page.locator(".site-nav")).to_be_hidden()  # folded into the menu
    context.close()


def test_phone_menu_opens_without_javascript(demo, serve_folder, browser):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(serve_folder(demo / "public") + "/")
    nav, search = page.locator(".site-nav"), page.locator("#site-search-q")
    expect(nav).to_be_hidden()
    page.locator(".menu > summary").click()
    expect(nav).to_be_visible()
    expect(search).to_be_visible()
    expect(page.locator(".menu > summary")).to_have_accessible_name("Menu")
    nav.get_by_role("link", name="Kopi").click()
    page.wait_for_url("**/category/kopi/")
    assert page.locator("h1").inner_text() == "Kopi"
    context.close()


def test_cart_link_is_the_same_on_every_page(demo, serve_folder, browser):
    """Empty: no link on any page (the product and cart pages too, where cart.js runs); filled: the same words everywhere."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    base = serve_folder(demo / "public")
    for name, path in PAGE_TYPES.items():
        page.goto(base + path, wait_until="networkidle")
        expect(page.locator(".cart-link")).to_be_hidden()
    fill_cart(page, base)
    for name, path in PAGE_TYPES.items():
        page.goto(base + path, wait_until="networkidle")
        link = page.locator(".site-header .cart-link")
        expect(link).to_have_text("Keranjang (2)")
        expect(link.locator(".cart-word")).to_be_visible()  # the word on a wide screen, an icon beside it
        assert link.evaluate("a => getComputedStyle(a, '::before').maskImage.startsWith('url(')"), name
    context.close()


def test_desktop_header_content_and_footer_share_one_column(demo, serve_folder, browser):
    """The content boxes of the header, the main column and the footer have the same edges (a centred column)."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    base = serve_folder(demo / "public")
    fill_cart(page, base)
    content_box = ("e => { const s = getComputedStyle(e), r = e.getBoundingClientRect();"
                   " return [Math.round(r.left + parseFloat(s.paddingLeft)), Math.round(r.right - parseFloat(s.paddingRight))]; }")
    for path in ("/", PRODUCT, "/about/"):
        page.goto(base + path)
        column = page.locator("main").evaluate(content_box)
        assert column[0] > 100  # a centred column, not the window's edge
        for selector in (".site-header", "footer"):
            assert page.locator(selector).evaluate(content_box) == column, (path, selector)
        for selector in (".site-header .brand", ".site-header .cart-link", ".site-nav", "footer h2", "footer .updated"):
            box = page.locator(selector).first.bounding_box()
            assert column[0] - 1 <= box["x"] and box["x"] + box["width"] <= column[1] + 1, (path, selector, box, column)
        assert abs(page.locator(".site-header .cart-link").evaluate("e => e.getBoundingClientRect().right") - column[1]) <= 1
        # the search box, the categories and the cart are in the header itself, no menu button
        expect(page.locator(".menu > summary")).to_be_hidden()
        expect(page.locator(".site-nav")).to_be_visible()
        expect(page.locator("#site-search-q")).to_be_visible()
    context.close()


# --------------------------------------------------------------------------- lists: badges, prices, "Baru"

# The lines an element's text takes (its text's boxes, grouped by line; hidden words left out)
LINES = """e => {
  const range = document.createRange(); range.selectNodeContents(e);
  const rects = [...range.getClientRects()].filter(r => r.width > 1 && r.height > 4);
  const lines = []; for (const r of rects) if (!lines.some(top => Math.abs(top - r.top) < r.height / 2)) lines.push(r.top);
  return lines.length;
}"""
PILL = "e => { const s = getComputedStyle(e); return parseFloat(s.borderTopLeftRadius) > 0 && (s.borderTopStyle != 'none' || s.backgroundColor != 'rgba(0, 0, 0, 0)'); }"
AMOUNTS = ".price > span:not(.price-range), .price-range > span, .price del, .variant-price > *, .cart-price, .cart-amount, #cart-total, .search-price > span"


def one_line_problems(page) -> list[str]:
    """Every pill badge and every amount ("Rp 235.000") whose text takes more than one line."""
    problems = []
    for selector, pills_only in ((".badge", True), (AMOUNTS, False)):
        for element in page.locator(selector).all():
            if not element.is_visible() or (pills_only and not element.evaluate(PILL)):
                continue
            if element.evaluate(LINES) != 1:
                problems.append(f"{element.evaluate('e => e.className || e.tagName')}: {element.inner_text()!r}")
    return problems


def test_home_shows_products_on_the_first_phone_screen(demo, serve_folder, browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(serve_folder(demo / "public") + "/")
    for index in range(2):  # the first row of cards, whole: photo, name, price, stock
        card = page.locator(".grid .card").nth(index)
        for part in ("img", ".card-title", ".price", ".badge"):
            assert card.locator(part).first.evaluate("e => e.getBoundingClientRect().bottom <= innerHeight"), (index, part)
    context.close()


@pytest.mark.parametrize("width", [320, 390, 768, 1280])
def test_badges_and_prices_keep_to_one_line(demo, serve_folder, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    base = serve_folder(demo / "public")
    fill_cart(page, base)
    pills = 0
    for name, path in PAGE_TYPES.items():
        page.goto(base + path, wait_until="networkidle")
        if name == "search":
            page.wait_for_selector(".search-results li")
        assert one_line_problems(page) == [], (name, width)
        pills += sum(badge.evaluate(PILL) for badge in page.locator(".badge").all() if badge.is_visible())
    assert pills > 30  # the check saw the cards' badges (not only words without a pill)
    context.close()


def test_a_sale_price_and_a_range_break_only_between_amounts(demo, serve_folder, browser):
    """On a 320 px phone two cards share nothing, but a narrow card still never splits "Rp" from its number."""
    context = browser.new_context(viewport={"width": 320, "height": 700})
    page = context.new_page()
    page.goto(serve_folder(demo / "public") + "/products/")
    page.add_style_tag(content=".grid { grid-template-columns: repeat(3, 1fr) !important }")  # cards ~90 px wide
    for price in page.locator(".card .price").all():
        for amount in price.locator(":scope > span:not(.price-range), .price-range > span, del").all():
            assert amount.evaluate(LINES) == 1, amount.inner_text()
    assert page.locator(".card .price-range").first.evaluate(LINES) >= 2  # the range itself breaks, at its dash
    context.close()


def test_new_means_new_in_the_demo(demo):
    """The demo's dates (front matter `created`) make "Baru" a few recent products, not the whole catalogue."""
    import datetime as dt

    from generator.content import find_products
    from tests.test_demo import _front

    today = dt.date.fromisoformat(TODAY)
    added = {slug: _front(path)["created"] for slug, path in find_products(demo)}
    new = {slug for slug, day in added.items() if (today - day).days <= 14}
    assert 0 < len(new) <= len(added) // 4, new
    for slug in added:
        html = (demo / f"public/products/{slug}/index.html").read_text()
        assert ('class="badge badge-new"' in html) == (slug in new), slug
    home = (demo / "public/index.html").read_text()
    section = home.split('id="new-heading"')[1].split("</section>")[0]
    assert section.count('class="card"') == len(new)


# --------------------------------------------------------------------------- cart lines and search results

BUTTON_STYLE = "e => { const s = getComputedStyle(e); return [s.borderTopLeftRadius, s.fontWeight, s.borderTopWidth]; }"


def test_cart_lines_have_a_photo_and_buttons_of_one_style(demo, serve_folder, browser, screenshots):
    base = serve_folder(demo / "public")
    for name, viewport in (("390", PHONE), ("1280", DESKTOP)):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(base + "/products/dompet-kulit-lipat/")
        page.get_by_role("button", name="Masukkan keranjang").click()
        expect(page.locator("form.add-to-cart .cart-status")).not_to_be_empty()
        page.goto(base + "/cart/", wait_until="networkidle")
        line = page.locator(".cart-line")
        expect(line).to_have_count(1)
        photo = line.locator("img")
        assert re.search(r"/photos/dompet-kulit-lipat-\w+-sq240\.webp$", photo.get_attribute("src"))
        assert photo.get_attribute("alt") == "" and photo.evaluate("i => i.complete && i.naturalWidth > 0")
        box, words = photo.bounding_box(), line.locator(".cart-item").bounding_box()
        assert box["width"] == box["height"] >= 56 and box["x"] + box["width"] < words["x"]  # beside the words
        expect(line.locator(".cart-price")).to_have_text("Rp 215.000")
        # "Hapus", "Kirim lewat email", "Salin": the same outlined button; WhatsApp the one filled, above them
        remove, email, copy = line.locator(".cart-remove"), page.locator("#cart-email"), page.locator("#cart-copy")
        assert remove.evaluate(BUTTON_STYLE) == email.evaluate(BUTTON_STYLE) == copy.evaluate(BUTTON_STYLE)
        assert remove.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
        for button in (remove, email, copy, page.locator("#cart-whatsapp")):
            assert button.bounding_box()["height"] >= 40
        whatsapp = page.locator("#cart-whatsapp").bounding_box()
        assert whatsapp["y"] + whatsapp["height"] <= email.bounding_box()["y"]  # below, not beside
        shoot(page, screenshots, f"{theme_of(demo)}-cart-with-photo-{name}")
        context.close()


def test_a_cart_line_shows_the_chosen_combination_s_photo(tmp_path, serve_folder, page):
    from tests.test_cart import choose
    from tests.test_variant_page import PAGE, shirt_shop

    shop = shirt_shop(tmp_path / "shop")
    base = serve_folder(shop / "public")
    for colour in ("Biru", "Sogan"):
        page.goto(base + PAGE)
        choose(page, Ukuran="M", Warna=colour)
        page.get_by_role("button", name="Masukkan keranjang").click()
        expect(page.locator("form.add-to-cart .cart-status")).not_to_be_empty()
    page.goto(base + "/cart/")
    photos = page.locator(".cart-line img").evaluate_all("images => images.map(i => i.getAttribute('src'))")
    assert re.search(r"/photos/biru-\w+-sq240\.webp$", photos[0]) and re.search(r"/photos/kemeja-\w+-sq240\.webp$", photos[1]), photos


def test_search_results_show_photo_price_and_stock_apart_from_the_text(demo, serve_folder, browser, screenshots):
    import json

    catalog = json.loads((demo / "public/catalog.json").read_text())
    by_title = {entry["title"]: entry for entry in catalog.values()}
    base = serve_folder(demo / "public")
    for name, viewport in (("390", PHONE), ("1280", DESKTOP)):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(base + "/search/?q=tenun")
        page.wait_for_selector(".search-results li")
        page.wait_for_load_state("networkidle")
        results = page.locator(".search-results li")
        assert results.count() >= 3
        for result in results.all():
            entry = by_title[result.locator(".search-title").inner_text()]
            prices = sorted({(v["price"], v["price_text"]) for v in entry["variants"] if v["orderable"]}) or [(0, entry["price_text"])]
            shown = prices[0][1] if len(prices) == 1 else f"{prices[0][1]} – {prices[-1][1]}"
            expect(result.locator(".search-price")).to_have_text(shown)
            expect(result.locator(".search-stock")).to_have_text(entry["availability_label"])
            excerpt = result.locator(".search-excerpt").inner_text()
            assert "Rp " not in excerpt and entry["availability_label"] not in excerpt, excerpt
            assert result.locator("img").evaluate("i => i.complete && i.naturalWidth > 0")
            assert all(amount.evaluate(LINES) == 1 for amount in result.locator(".search-price > span").all())
        shoot(page, screenshots, f"{theme_of(demo)}-search-tenun-{name}")
        context.close()


# Lighthouse's cumulative layout shift, as Chromium reports it to the page: every shift not caused by a tap or key
SHIFTS = """new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput)
  (window.__shifts ??= []).push({value: e.value, at: e.startTime, what: e.value.toFixed(4) + ' ' + e.sources.map(s => !s.node ? '?'
    : s.node.nodeType === 3 ? 'text in ' + s.node.parentNode.nodeName + '.' + s.node.parentNode.className
    : s.node.nodeName + '.' + s.node.className).join(' ')}); })
  .observe({type: 'layout-shift', buffered: true});"""


def shifts_on(page, *, after_parsing: bool = False) -> list[str]:
    """The layout shifts the page has had (all, or only those once its HTML was parsed: what scripts, photos and
    fonts move, without what the parser painted while the page was still arriving)."""
    parsed = page.evaluate("performance.getEntriesByType('navigation')[0].domInteractive")
    return [s["what"] for s in page.evaluate("window.__shifts ?? []") if not after_parsing or s["at"] >= parsed]


@pytest.mark.parametrize("cart", ["empty", "filled"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_nothing_moves_once_a_page_has_appeared(demo, serve_folder, browser, viewport, cart):
    """Layout shift 0 on every page type (the search page before a query: results come when asked), the cart's own
    lines included: scripts fill in what the page already made room for. (What the browser paints while the HTML
    still arrives is the next test's: here the page arrives at once, and a busy machine's parser may still pause.)"""
    context = browser.new_context(viewport=viewport)
    context.add_init_script(SHIFTS)
    page = context.new_page()
    base = serve_folder(demo / "public")
    if cart == "filled":  # as a shopper fills it: on a product page
        page.goto(base + KOPI["url"])
        page.locator("form.add-to-cart button").click()
        expect(page.locator(".cart-link").first).to_contain_text("1")
    moved = {}
    for name, path in {**PAGE_TYPES, "search": "/search/"}.items():
        page.goto(base + path, wait_until="networkidle")
        page.evaluate("document.fonts.ready")
        page.wait_for_timeout(300)
        shifts = shifts_on(page, after_parsing=True)
        if shifts:
            moved[name] = shifts
    context.close()
    assert moved == {}


def test_a_phone_that_gets_the_page_in_pieces_sees_nothing_move(demo, serve_folder, browser):
    """On a slow phone network the page arrives in pieces and the browser paints each: nothing already on the screen
    moves when the rest arrives (the dots under a photo, the menu before its button, the bar at the bottom before
    its buttons, the quantity row before its box, an amount before its struck price)."""
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(SHIFTS)
    page = context.new_page()
    base = serve_folder(demo / "public", html_in_pieces=512)
    moved = {}
    for name, path in {**PAGE_TYPES, "search": "/search/", "product-options": KOPI["url"]}.items():
        page.goto(base + path, wait_until="networkidle")
        page.wait_for_timeout(200)
        shifts = shifts_on(page)
        if shifts:
            moved[name] = shifts
    context.close()
    assert moved == {}
