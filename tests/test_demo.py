"""The bundled demo shop: it builds, has what the spine promises, and shows in a real Chromium."""

from __future__ import annotations

import json
import re

import pytest

from generator.content import find_pages, find_products
from tests.helpers import REPO, SHOP_TOML, build, built_demo, copy_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return built_demo(tmp_path_factory.mktemp("demo") / "shop")


def _front(path):
    import yaml

    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def test_demo_has_a_page_for_every_product_category_and_page(demo):
    products = find_products(REPO)
    assert len(products) >= 12
    categories = set()
    states = []
    for slug, path in products:
        data = _front(path)
        assert (demo / f"public/products/{slug}/index.html").is_file(), slug
        categories.add(data.get("category"))
        states.append(data.get("availability", "in_stock"))
        if data.get("sale_price"):
            states.append("sale")
        if data.get("variants"):
            states.append("variants")
    assert len(categories - {None}) >= 3
    assert {"preorder", "sold_out", "sale", "variants"} <= set(states)
    categories_built = {p.parent.name for p in (demo / "public/category").glob("*/index.html")}
    assert len(categories_built) == len(categories - {None})
    for slug, _ in find_pages(REPO):
        assert (demo / f"public/{slug}/index.html").is_file(), slug
    assert (demo / "public/privacy/index.html").is_file()


def test_demo_is_indonesian(demo):
    html = (demo / "public/index.html").read_text()
    assert '<html lang="id">' in html and "Rp " in html and "Terakhir diperbarui" in html
    assert re.search(r"\d{1,2} (Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember) \d{4}", html)


def test_demo_in_the_second_theme(tmp_path):
    shop = copy_demo(tmp_path / "shop")
    toml = (shop / "shop.toml").read_text()
    (shop / "shop.toml").write_text(toml.replace('theme = "etalase"', 'theme = "pasar"'))
    code, err = build(shop)
    assert code == 0, err
    assert 'class="pasar"' in (shop / "public/index.html").read_text()
    assert SHOP_TOML  # the fixture shop format is the demo's format


def test_demo_shows_in_chromium(demo, serve_folder, page, tmp_path):
    base = serve_folder(demo / "public")
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/")
    assert page.locator(".brand").inner_text() == "Toko Kain Nusantara"
    cards = page.locator(".grid .card")
    assert cards.count() >= 4
    first = page.locator(".grid .card img").first
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=first.element_handle())
    page.screenshot(path=str(tmp_path / "home.png"), full_page=False)
    assert (tmp_path / "home.png").stat().st_size > 10_000

    page.locator(".grid .card a").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1
    assert page.locator("footer a[href='/privacy/']").count() == 1
    assert page.locator("footer .contact-whatsapp").get_attribute("href") == "https://wa.me/6281234567890"
    assert page.locator("article.product img").first.evaluate("img => img.complete && img.naturalWidth > 0")
    page.screenshot(path=str(tmp_path / "product.png"), full_page=True)
    assert errors == []


IMAGE_BUDGET_390 = 150_000  # bytes of images a product page may download on a 390-px phone screen (README)


def test_phone_downloads_only_small_photos(demo, serve_folder, browser):
    """At a 390-px viewport a product page fetches the small WebP sizes only, within the budget."""
    base = serve_folder(demo / "public")
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page = context.new_page()
    images: dict[str, int] = {}

    def record(response):
        if response.request.resource_type == "image":
            images[response.url] = len(response.body())

    page.on("response", record)
    slug = max(find_products(REPO), key=lambda item: len(_front(item[1])["photos"]))[0]
    page.goto(f"{base}/products/{slug}/", wait_until="networkidle")
    context.close()
    photos = {url: size for url, size in images.items() if "/photos/" in url}
    assert photos, images
    assert all(url.endswith(".webp") for url in photos), photos
    assert not [url for url in photos if re.search(r"-(800|1200)\.webp$", url)], photos
    assert sum(images.values()) <= IMAGE_BUDGET_390, images


def test_every_page_shows_contact_promise_and_date(demo, serve_folder, page):
    """In Chromium, every page of the demo shop: contact block, response-time promise, last-updated date;
    product pages: order and ask links that decode to the expected messages."""
    import tomllib
    import urllib.parse

    shop = tomllib.loads((demo / "shop.toml").read_text())
    products = json.loads((demo / "public/catalog.json").read_text())
    base = serve_folder(demo / "public")
    pages = sorted(p.relative_to(demo / "public").as_posix() for p in (demo / "public").rglob("*.html"))
    assert len(pages) >= 25
    for path in pages:
        page.goto(f"{base}/{path}")
        contact = page.locator("footer .contact")
        assert contact.is_visible(), path
        hrefs = contact.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert f"https://wa.me/{shop['contact']['whatsapp']}" in hrefs and f"mailto:{shop['contact']['email']}" in hrefs, path
        assert page.locator("footer .promise").inner_text() == shop["contact"]["response_time"], path
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", page.locator("footer .updated time").get_attribute("datetime")), path
        if not path.startswith("products/") or path == "products/index.html":
            continue
        title = page.locator("h1").inner_text()
        url = f"{shop['base_url']}{path.removesuffix('index.html')}"
        # with options, the order links (set by variant.js) are the chosen combination's: its address
        combinations = {f"{url}?variant={urllib.parse.quote(v['key'], safe='')}" for v in products.get(path.split("/")[1], {}).get("variants", [])}
        for link in page.locator(".buy-bar a, .order-more a").evaluate_all("links => links.map(a => a.href)"):
            parsed = urllib.parse.urlsplit(link)
            query = urllib.parse.parse_qs(parsed.query)
            text = query["text"][0] if parsed.netloc == "wa.me" else query["body"][0]
            lines = text.split("\n")
            assert lines[0] in ("Halo Toko Kain Nusantara, saya mau pesan:", "Halo Toko Kain Nusantara, saya mau bertanya tentang produk ini:",
                                "Halo Toko Kain Nusantara, apakah produk ini akan tersedia lagi?"), (path, text)
            ordering = "pesan" in lines[0] and combinations
            assert lines[1] == title and (lines[-1] in combinations if ordering else lines[-1] == url), (path, text)
            if "pesan" in lines[0]:
                assert any(line.startswith("Harga: Rp ") for line in lines), (path, text)
