"""Two languages: `<slug>.en.md` beside `<slug>.md` publishes an English tree under /en/."""

from __future__ import annotations

import re

from tests.helpers import SHOP_TOML, WORDS, build, copy_demo, make_shop, product_md

ENGLISH = " ".join(["Soft cotton cloth that is comfortable to wear every day"] * 4)


def _bilingual(tmp_path):
    return make_shop(tmp_path, {
        "shop.toml": SHOP_TOML.replace('language = "id"', 'language = "id"\nlanguages = ["id", "en"]'),
        "content/products/kemeja.en.md": product_md("title: Batik Shirt\ndescription: A hand-drawn batik shirt.", ENGLISH),
        "content/products/kaos.md": product_md("title: Kaos Polos\nprice: 90000\nsku: K-2\nphotos: [kemeja.jpg]"),
        "content/pages/privacy.en.md": "---\ntitle: Privacy Policy\n---\nWe keep your data only to ship your order.\n",
    })


def _alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def test_both_trees_with_hreflang_pairs(tmp_path):
    shop = _bilingual(tmp_path)
    code, err = build(shop)
    assert code == 0, err
    indonesian = (shop / "public/products/kemeja/index.html").read_text()
    english = (shop / "public/en/products/kemeja/index.html").read_text()
    assert '<html lang="id">' in indonesian and "Kemeja Batik" in indonesian and "Pesan via WhatsApp" in indonesian
    assert '<html lang="en">' in english and "Batik Shirt" in english and "Order via WhatsApp" in english
    assert "IDR 185,000" in english and "Soft cotton cloth" in english
    pair = {"id": "https://tokouji.example/products/kemeja/", "en": "https://tokouji.example/en/products/kemeja/",
            "x-default": "https://tokouji.example/products/kemeja/"}
    assert _alternates(indonesian) == pair and _alternates(english) == pair
    assert re.search(r'src="/photos/kemeja-[0-9a-f]+-\d+\.jpg"', english)  # photos are shared, not copied under /en/
    assert (shop / "public/en/privacy/index.html").read_text().count("Privacy Policy") >= 1
    assert (shop / "public/en/index.html").is_file() and (shop / "public/en/feed.xml").is_file()
    assert (shop / "public/en/category/batik/index.html").is_file()


def test_missing_translation_falls_back_with_a_warning(tmp_path):
    shop = _bilingual(tmp_path)
    code, err = build(shop)
    assert code == 0
    assert ("warning: content/products/kaos.md: no en version: the main text is shown on /en/products/kaos/; "
            "add kaos.en.md beside it to translate it") in err.splitlines()
    fallback = (shop / "public/en/products/kaos/index.html").read_text()
    assert "Kaos Polos" in fallback and "Order via WhatsApp" in fallback


def test_translation_may_not_change_prices(tmp_path):
    shop = _bilingual(tmp_path)
    (shop / "content/products/kemeja.en.md").write_text(product_md("title: Batik Shirt\nprice: 1", ENGLISH))
    code, err = build(shop)
    assert code == 1
    assert ("content/products/kemeja.en.md:3: price: comes from the main file; a translation may only set "
            "title, description, options, variants, photos") in err.splitlines()


def test_language_switch_in_chromium(tmp_path, serve_folder, page):
    shop = _bilingual(tmp_path)
    assert build(shop)[0] == 0
    base = serve_folder(shop / "public")
    page.goto(base + "/products/kemeja/")
    page.locator(".languages a[hreflang=en]").click()
    page.wait_for_url("**/en/products/kemeja/")
    assert page.locator("h1").inner_text() == "Batik Shirt"
    page.locator(".languages a[hreflang=id]").click()
    page.wait_for_url("**/products/kemeja/")
    assert page.locator("h1").inner_text() == "Kemeja Batik"


def test_single_language_shop_has_no_switch(tmp_path):
    shop = make_shop(tmp_path)
    assert build(shop)[0] == 0
    html = (shop / "public/products/kemeja/index.html").read_text()
    assert "hreflang" not in html and 'class="languages"' not in html and not (shop / "public/en").exists()


def test_demo_builds_in_english_without_indonesian_theme_words(tmp_path):
    shop = copy_demo(tmp_path / "shop")
    toml = shop / "shop.toml"
    toml.write_text(toml.read_text().replace('language = "id"', 'language = "en"'))
    code, err = build(shop)
    assert code == 0, err
    for page in ("index.html", "products/index.html", "products/kemeja-batik-parang/index.html", "category/batik/index.html"):
        html = (shop / "public" / page).read_text()
        assert '<html lang="en">' in html
        for word in ("Semua produk", "Hubungi kami", "Terakhir diperbarui", "Pesan via WhatsApp", "Kebijakan privasi"):
            assert word not in html, (page, word)
    assert WORDS


NAMES = '\n[names.en]\nBatik = "Batik prints"\n"Kaos Oblong" = "T-shirts"\nkatun = "cotton"\n'


def test_category_and_tag_names_translated_at_the_same_addresses(tmp_path):
    shop = _bilingual(tmp_path)
    (shop / "shop.toml").write_text((shop / "shop.toml").read_text() + NAMES)
    (shop / "content/products/kaos.md").write_text(product_md(
        "title: Kaos Polos\nprice: 90000\nsku: K-2\ncategory: Kaos Oblong\ntags: [katun, polos]\nphotos: [kemeja.jpg]"))
    code, err = build(shop)
    assert code == 0, err
    public = shop / "public"
    english = (public / "en/products/kaos/index.html").read_text()
    assert '<a href="/en/category/kaos-oblong/">T-shirts</a>' in english  # breadcrumb, facts and the menu
    assert '<a href="/en/tag/katun/">#cotton</a>' in english and '<a href="/en/tag/polos/">#polos</a>' in english
    indonesian = (public / "products/kaos/index.html").read_text()
    assert '<a href="/category/kaos-oblong/">Kaos Oblong</a>' in indonesian and '<a href="/tag/katun/">#katun</a>' in indonesian
    category = (public / "en/category/kaos-oblong/index.html").read_text()
    assert "<h1>T-shirts</h1>" in category and ">Batik prints</a>" in category
    assert _alternates(category)["id"] == "https://tokouji.example/category/kaos-oblong/"
    assert "<h1>Products tagged cotton</h1>" in (public / "en/tag/katun/index.html").read_text()
    assert not (public / "en/category/t-shirts").exists() and not (public / "en/tag/cotton").exists()


def test_names_must_be_for_another_language_and_used(tmp_path):
    shop = _bilingual(tmp_path)
    toml = (shop / "shop.toml").read_text()
    (shop / "shop.toml").write_text(toml + '\n[names.en]\nBatk = "Batik prints"\n')
    code, err = build(shop)
    assert code == 0
    line = len(toml.splitlines()) + 3
    assert (f'warning: shop.toml:{line}: names.en: "Batk" is not the category or tag of any product, so it translates nothing; '
            "write it exactly as in the product files") in err.splitlines()
    (shop / "shop.toml").write_text(toml + '\n[names.fr]\nBatik = "Batik"\n')
    code, err = build(shop)
    assert code == 1
    assert (f"shop.toml:{line - 1}: names.fr: not one of the shop's other languages (en); "
            "names are written in the main language's files and translated here") in err.splitlines()


def test_a_translation_of_nothing_is_named(tmp_path):
    shop = _bilingual(tmp_path)
    (shop / "content/products/celana.en.md").write_text(product_md("title: Trousers", ENGLISH))
    (shop / "content/pages/about.en.md").write_text("---\ntitle: About us\n---\nA small shop in Yogyakarta.\n")
    code, err = build(shop)
    assert code == 0, err
    assert ("warning: content/products/celana.en.md: a translation of a product that does not exist (celana.md): "
            "rename or remove it") in err.splitlines()
    assert ("warning: content/pages/about.en.md: a translation of a page that does not exist (about.md): "
            "rename or remove it") in err.splitlines()
    assert not (shop / "public/en/about").exists()
