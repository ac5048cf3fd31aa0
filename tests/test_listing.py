"""Category, tag and catalog pages: pagination, sorting, the available-only filter (no JavaScript needed)."""

from __future__ import annotations

import re

from tests.helpers import SHOP_TOML, build, make_shop, product_md

TODAY = ["--today", "2026-11-23"]


def _shop(tmp_path, count: int = 50, extra: str = ""):
    files = {"shop.toml": SHOP_TOML + extra, "content/products/kemeja.md": None}
    for index in range(count):
        state = "sold_out" if index % 5 == 0 else "in_stock"
        files[f"content/products/p{index:02d}.md"] = product_md(
            f"title: Produk {index:02d}\nprice: {(index * 7919) % 100 + 1}000\ncategory: Batik\ntags: [Kulit Sapi]\n"
            f"availability: {state}\nupdated: 2026-10-{1 + index % 28:02d}\nphotos: [kemeja.jpg]")
    return make_shop(tmp_path, files)


def _titles(html: str) -> list[str]:
    return re.findall(r'<span class="card-title">([^<]+)</span>', html)


def _links(html: str, rel: str) -> list[str]:
    return re.findall(rf'<a rel="{rel}" href="([^"]+)"', html)


def test_fifty_products_make_five_pages_with_previous_and_next(tmp_path):
    shop = _shop(tmp_path)
    code, err = build(shop, *TODAY)
    assert code == 0, err
    folder = shop / "public/category/batik"
    pages = [folder / "index.html"] + [folder / f"page/{n}/index.html" for n in range(2, 6)]
    assert all(page.is_file() for page in pages) and not (folder / "page/6").exists()
    seen = []
    for number, page in enumerate(pages, start=1):
        html = page.read_text()
        titles = _titles(html)
        assert len(titles) == (12 if number < 5 else 2)
        seen += titles
        assert _links(html, "prev") == ([] if number == 1 else ["/category/batik/" + ("" if number == 2 else f"page/{number - 1}/")])
        assert _links(html, "next") == ([] if number == 5 else [f"/category/batik/page/{number + 1}/"])
        assert f'aria-current="page">{number}</a>' in html
    assert len(set(seen)) == 50


def test_sorting_by_price_and_newest(tmp_path):
    shop = _shop(tmp_path, 20)
    assert build(shop, *TODAY)[0] == 0
    newest = _titles((shop / "public/products/index.html").read_text())
    dates = {f"Produk {i:02d}": 1 + i % 28 for i in range(20)}
    assert [dates[t] for t in newest] == sorted((dates[t] for t in newest), reverse=True)
    prices = {f"Produk {i:02d}": (i * 7919) % 100 + 1 for i in range(20)}
    ascending = _titles((shop / "public/products/by/price-asc/index.html").read_text())
    ascending += _titles((shop / "public/products/by/price-asc/page/2/index.html").read_text())
    assert [prices[t] for t in ascending] == sorted(prices.values())
    descending = _titles((shop / "public/products/by/price-desc/index.html").read_text())
    assert prices[descending[0]] == max(prices.values())


def test_variants_are_noindex_with_canonical_to_the_default_list(tmp_path):
    shop = _shop(tmp_path, 5)
    assert build(shop, *TODAY)[0] == 0
    default = (shop / "public/products/index.html").read_text()
    assert "noindex" not in default and '<link rel="canonical" href="https://tokouji.example/products/">' in default
    for variant in ("products/by/price-asc/index.html", "products/available/index.html", "tag/kulit-sapi/available/by/price-desc/index.html"):
        html = (shop / "public" / variant).read_text()
        assert '<meta name="robots" content="noindex, follow">' in html, variant
        assert '<link rel="canonical" href="https://tokouji.example/' in html


def test_available_filter_without_javascript(tmp_path, serve_folder, browser):
    shop = _shop(tmp_path, 10)
    assert build(shop, *TODAY)[0] == 0
    base = serve_folder(shop / "public")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "/category/batik/")
    assert page.locator(".grid .card").count() == 10
    page.get_by_role("link", name="Yang tersedia saja").click()
    page.wait_for_url("**/category/batik/available/")
    titles = page.locator(".card-title").all_inner_texts()
    assert len(titles) == 8 and "Produk 00" not in titles and "Produk 05" not in titles
    assert page.locator(".badge-sold_out").count() == 0
    page.get_by_role("link", name="Harga terendah").click()
    page.wait_for_url("**/category/batik/available/by/price-asc/")
    assert page.locator(".card-title").count() == 8
    context.close()


def test_tag_pages_linked_from_products(tmp_path):
    shop = _shop(tmp_path, 3)
    assert build(shop, *TODAY)[0] == 0
    product = (shop / "public/products/p01/index.html").read_text()
    assert '<a href="/tag/kulit-sapi/">#Kulit Sapi</a>' in product
    assert len(_titles((shop / "public/tag/kulit-sapi/index.html").read_text())) == 3


def test_per_page_setting_and_reserved_names(tmp_path):
    shop = _shop(tmp_path, 7, '\n[catalog]\nper_page = 3\n')
    assert build(shop, *TODAY)[0] == 0
    assert (shop / "public/products/page/3/index.html").is_file() and not (shop / "public/products/page/4").exists()
    (shop / "shop.toml").write_text(SHOP_TOML + '\n[catalog]\nper_page = 0\n')
    code, err = build(shop)
    assert code == 1 and "shop.toml:12: catalog.per_page: must be from 1 to 200 (got 0)" in err.splitlines()
    (shop / "shop.toml").write_text(SHOP_TOML)
    (shop / "content/products/page.md").write_text((shop / "content/products/p01.md").read_text().replace("P-", "Q-"))
    code, err = build(shop)
    assert code == 1
    assert ('content/products/page.md: file name "page" is taken by the shop\'s own pages (page, by, available): '
            'rename it, e.g. to "page-1"') in err.splitlines()


def test_very_long_tag_and_category_names(tmp_path):
    """Found by the property tests: a 3,000-letter tag made a file name longer than the file system allows."""
    shop = make_shop(tmp_path, {"content/products/kemeja.md": product_md(
        f"title: Kemeja\nprice: 5\ncategory: {'kain ' * 18}\ntags: [{'x' * 3000}, {'x' * 2999}y]\nphotos: [kemeja.jpg]")})
    code, err = build(shop)
    assert code == 0, err
    assert len(list((shop / "public/tag").iterdir())) == 2
    assert all(len(p.name) <= 67 for p in (shop / "public/tag").iterdir())
