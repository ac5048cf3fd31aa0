"""Publish-ready: JSON-LD, meta tags, sitemap, robots, icons, host files, redirects for renamed products."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from PIL import Image

from tests.helpers import SHOP_TOML, build, make_photo, make_shop, product_md

P = "content/products/kemeja.md"
TODAY = ["--today", "2026-11-23"]


def _json_ld(html: str) -> list:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [item for block in blocks for item in json.loads(block)]


def _meta(html: str, attribute: str, name: str) -> str | None:
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', html)
    return match.group(1) if match else None


def test_product_json_ld_and_availability(tmp_path):
    states = {"kemeja": ("in_stock", "InStock"), "kaos": ("preorder\nready_date: 2027-01-01", "PreOrder"),
              "topi": ("sold_out", "SoldOut"), "tas": ("low_stock\nstock: 1", "LimitedAvailability"),
              "sepatu": ("booked\nbooked_until: 2026-12-01", "Reserved")}
    files = {f"content/products/{slug}.md": product_md(
        f"title: Produk {slug}\nprice: 185000\nsale_price: 150000\nsale_until: 2026-12-31\nsku: S-{slug}\n"
        f"category: Batik\nbrand: Perajin Solo\navailability: {state}\nphotos: [kemeja.jpg]") for slug, (state, _) in states.items()}
    shop = make_shop(tmp_path, files)
    code, err = build(shop, *TODAY)
    assert code == 0, err
    for slug, (_, expected) in states.items():
        items = _json_ld((shop / f"public/products/{slug}/index.html").read_text())
        product = next(i for i in items if i["@type"] == "Product")
        assert product["name"] == f"Produk {slug}" and product["sku"] == f"S-{slug}"
        assert product["brand"] == {"@type": "Brand", "name": "Perajin Solo"}
        assert product["description"].startswith("Kain katun lembut")
        assert all(url.startswith("https://tokouji.example/photos/") for url in product["image"])
        offer = product["offers"]
        assert offer["availability"] == f"https://schema.org/{expected}"
        assert offer["price"] == "150000" and offer["priceCurrency"] == "IDR" and offer["priceValidUntil"] == "2026-12-31"
        assert offer["url"] == f"https://tokouji.example/products/{slug}/"
        crumbs = next(i for i in items if i["@type"] == "BreadcrumbList")["itemListElement"]
        assert [c["name"] for c in crumbs] == ["Toko Uji", "Semua produk", "Batik", f"Produk {slug}"]


def test_json_ld_survives_script_in_title(tmp_path):
    shop = make_shop(tmp_path, {P: product_md("title: 'Kaos </script><script>alert(1)</script>'\nprice: 5\nphotos: [kemeja.jpg]")})
    assert build(shop, *TODAY)[0] == 0
    html = (shop / "public/products/kemeja/index.html").read_text()
    product = next(i for i in _json_ld(html) if i["@type"] == "Product")
    assert product["name"] == "Kaos </script><script>alert(1)</script>"
    ours = r'<script (?:type="application/ld\+json">|type="application/json" id="cart-data">|src="/assets/cart(?:-link)?\.\w+\.js" defer>)'
    assert html.count("<script") == len(re.findall(ours, html)) == 4  # JSON-LD, the cart's data and script, the header's cart link


def test_meta_tags_and_share_image(tmp_path):
    shop = make_shop(tmp_path, {P: product_md("title: Kemeja\nprice: 5\ndescription: Kemeja batik tulis halus.\nphotos: [kemeja.jpg]")})
    assert build(shop, *TODAY)[0] == 0
    html = (shop / "public/products/kemeja/index.html").read_text()
    assert "<title>Kemeja · Toko Uji</title>" in html
    assert _meta(html, "name", "description") == "Kemeja batik tulis halus."
    assert '<link rel="canonical" href="https://tokouji.example/products/kemeja/">' in html
    assert _meta(html, "property", "og:url") == "https://tokouji.example/products/kemeja/"
    assert _meta(html, "property", "og:title") == "Kemeja · Toko Uji"
    assert _meta(html, "name", "twitter:card") == "summary_large_image"
    image = _meta(html, "property", "og:image")
    with Image.open(shop / "public" / image.removeprefix("https://tokouji.example/")) as share:
        assert share.size == (1200, 630)
    page = (shop / "public/privacy/index.html").read_text()
    assert _meta(page, "name", "description") == "Kami hanya menyimpan data untuk mengirim pesanan."
    home = (shop / "public/index.html").read_text()
    kinds = {item["@type"] for item in _json_ld(home)}
    assert kinds == {"Organization", "WebSite"}
    organization = next(i for i in _json_ld(home) if i["@type"] == "Organization")
    assert organization["contactPoint"][0]["email"] == "halo@tokouji.example"


def test_meta_description_from_the_start_of_the_text(tmp_path):
    long_text = " ".join(f"kata{i}" for i in range(80))
    shop = make_shop(tmp_path, {P: product_md("title: Kemeja\nprice: 5\nphotos: [kemeja.jpg]", long_text)})
    assert build(shop, *TODAY)[0] == 0
    description = _meta((shop / "public/products/kemeja/index.html").read_text(), "name", "description")
    assert description.startswith("kata0 kata1") and description.endswith("…") and len(description) <= 160


def test_sitemap_robots_and_host_files(tmp_path):
    shop = make_shop(tmp_path, {
        "shop.toml": SHOP_TOML.replace('currency = "IDR"', 'currency = "IDR"\ncname = "tokouji.example"'),
        P: product_md("title: Kemeja\nprice: 5\nupdated: 2026-10-10\ncategory: Batik\nphotos: [kemeja.jpg]"),
    })
    assert build(shop, *TODAY)[0] == 0
    public = shop / "public"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {u.find("s:loc", ns).text: u.find("s:lastmod", ns).text for u in ET.parse(public / "sitemap.xml").getroot()}
    assert urls["https://tokouji.example/products/kemeja/"] == "2026-10-10"
    assert urls["https://tokouji.example/category/batik/"] == "2026-10-10"
    assert "https://tokouji.example/privacy/" in urls and "https://tokouji.example/" in urls
    assert not any("404" in url for url in urls)
    assert "Sitemap: https://tokouji.example/sitemap.xml" in (public / "robots.txt").read_text()
    assert (public / ".nojekyll").exists() and (public / "CNAME").read_text() == "tokouji.example\n"
    headers = (public / "_headers").read_text()
    assert "Content-Security-Policy: default-src 'self'" in headers and "/photos/*\n  Cache-Control: public, max-age=31536000, immutable" in headers
    with Image.open(public / "favicon.ico") as icon:
        assert icon.format == "ICO"
    manifest = json.loads((public / "manifest.webmanifest").read_text())
    assert manifest["name"] == "Toko Uji" and {i["sizes"] for i in manifest["icons"]} == {"192x192", "512x512"}
    with Image.open(public / "icons/icon-512.png") as icon:
        assert icon.size == (512, 512)


def test_icons_from_the_logo(tmp_path):
    shop = make_shop(tmp_path, {"shop.toml": SHOP_TOML.replace('currency = "IDR"', 'currency = "IDR"\nlogo = "logo.png"')})
    make_photo(shop / "logo.png", size=(600, 400), color=(250, 200, 0))
    assert build(shop, *TODAY)[0] == 0
    with Image.open(shop / "public/icons/icon-192.png") as icon:
        assert icon.convert("RGB").getpixel((96, 96))[0] > 200  # the logo's yellow, not the default
    (shop / "shop.toml").write_text(SHOP_TOML.replace('currency = "IDR"', 'currency = "IDR"\nlogo = "hilang.png"'))
    code, err = build(shop)
    assert code == 1 and 'shop.toml:5: logo: file not found in the shop folder: "hilang.png"' in err


def test_icons_are_made_once_and_again_when_what_they_show_changes(tmp_path, monkeypatch):
    """The image files are kept in .etalase-cache/icons/ by the digest of the logo's bytes, the title and the
    colour: a second build reads them; a new logo makes them again. The logo lies outside content/: the
    no-op's fingerprint looks at it too (it once said "up to date" and kept the old icons)."""
    from generator.outputs import icons

    made: list[str] = []
    encode = icons._made_icons
    monkeypatch.setattr(icons, "_made_icons", lambda logo, title, color: made.append(title) or encode(logo, title, color))
    shop = make_shop(tmp_path, {"shop.toml": SHOP_TOML.replace('currency = "IDR"', 'currency = "IDR"\nlogo = "logo.png"')})
    make_photo(shop / "logo.png", size=(600, 400), color=(250, 200, 0))
    assert build(shop, *TODAY)[0] == 0
    first = (shop / "public/icons/icon-192.png").read_bytes()
    assert build(shop, "--force", *TODAY)[0] == 0
    assert made == ["Toko Uji"] and (shop / "public/icons/icon-192.png").read_bytes() == first
    make_photo(shop / "logo.png", size=(600, 400), color=(0, 90, 250))  # a new logo under the same name
    assert build(shop, *TODAY)[0] == 0
    with Image.open(shop / "public/icons/icon-192.png") as icon:
        assert icon.convert("RGB").getpixel((96, 96))[2] > 200  # the new logo's blue
    assert len(made) == 2 and len(list((shop / ".etalase-cache/icons").iterdir())) == 1  # the last logo's only


def test_aliases_redirect_old_addresses(tmp_path):
    shop = make_shop(tmp_path, {P: product_md("title: Kemeja\nprice: 5\naliases: [kemeja-lama]\nphotos: [kemeja.jpg]")})
    code, err = build(shop, "--base-url", "https://user.github.io/toko/", *TODAY)
    assert code == 0, err
    assert (shop / "public/_redirects").read_text() == "/toko/products/kemeja-lama/ /toko/products/kemeja/ 301\n"
    forward = (shop / "public/products/kemeja-lama/index.html").read_text()
    assert 'content="0; url=https://user.github.io/toko/products/kemeja/"' in forward
    assert '<link rel="canonical" href="https://user.github.io/toko/products/kemeja/">' in forward


def test_alias_must_be_free(tmp_path):
    shop = make_shop(tmp_path, {
        P: product_md("title: Kemeja\nprice: 5\naliases: [kaos]\nphotos: [kemeja.jpg]"),
        "content/products/kaos.md": product_md("title: Kaos\nprice: 5\nphotos: [kemeja.jpg]"),
    })
    code, err = build(shop)
    assert code == 1
    assert 'content/products/kemeja.md:4: aliases: "kaos" is the name of an existing product; an old name must be free' in err


def test_the_icon_cache_cleans_only_its_own_sets_and_remakes_an_empty_file(tmp_path):
    """Old sets go when the logo or title changes, nothing else in the folder, and never through a link; a
    cached file left empty (a crash before the disk had it) is made again, not published."""
    from generator.outputs.icons import make_icons

    cache = tmp_path / "shop/.etalase-cache/icons"
    keep = tmp_path / "elsewhere"
    (keep / "important").mkdir(parents=True)
    first = make_icons(None, "Toko Uji", "Uji", "/", "id", "", "#1f6f5c", cache).files
    (cache / "notes").mkdir()
    (cache / "linked").symlink_to(keep, target_is_directory=True)
    [made] = [folder for folder in cache.iterdir() if len(folder.name) == 32]
    (made / "favicon.ico").write_bytes(b"")
    again = make_icons(None, "Toko Uji", "Uji", "/", "id", "", "#1f6f5c", cache).files
    assert again["favicon.ico"] == first["favicon.ico"] != b""
    make_icons(None, "Toko Baru", "Baru", "/", "id", "", "#1f6f5c", cache)
    names = {folder.name for folder in cache.iterdir()}
    assert "notes" in names and "linked" in names and (keep / "important").is_dir()
    assert made.name not in names and len([name for name in names if len(name) == 32]) == 1


def test_a_heic_logo_makes_icons_in_a_process_that_processed_no_photo(tmp_path):
    """HEIC is registered with Pillow where photos are decoded (photo_codec.py), imported only when one is:
    icons made from an iPhone's logo.heic, in a build whose photos are all cached, need it too."""
    import ast
    import io
    import subprocess
    import sys
    from pathlib import Path

    import pillow_heif

    buffer = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (300, 200), (250, 200, 0))).save(buffer, quality=90)
    (tmp_path / "logo.heic").write_bytes(buffer.getvalue())
    code = ("import sys, io; from pathlib import Path; from generator.outputs.icons import _made_icons; from PIL import Image; "
            "files = _made_icons(Path(sys.argv[1]).read_bytes(), 'Toko Uji', '#0b6e4f'); "
            "print(Image.open(io.BytesIO(files['icons/icon-192.png'])).convert('RGB').getpixel((96, 96)))")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "logo.heic")], capture_output=True, text=True,
                          cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr
    red, green, blue = ast.literal_eval(done.stdout.strip())  # the logo's yellow, not the default icon's colour
    assert red > 200 and green > 150 and blue < 80, done.stdout
