"""Themes say what they need: theme.toml's Content-Security-Policy and brand colour reach `_headers`, the
manifest and the plain icon; children inherit them; bad values are refused naming the line. And templates
receive computed values (no slug comparisons, string surgery or hand-made timestamps in a theme)."""

from __future__ import annotations

import json
import re

import pytest
from PIL import Image

from generator.theme_settings import DEFAULT_BRAND_COLOR, DEFAULT_POLICY, ContentSecurityPolicy
from generator.themes import ThemeError, find_theme
from generator.views import timestamp
from tests.helpers import SHOP_TOML, build, make_shop, product_md

ETALASE_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'wasm-unsafe-eval'; "
    "font-src 'self'; connect-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
OWN_THEME = """name = "Milikku"
parent = "etalase"
brand_color = "#123456"

[content_security_policy]
default-src = ["'self'"]
font-src = ["'self'", "https://fonts.example"]
"""


def _shop_with_theme(tmp_path, theme_toml: str, name: str = "milikku", extra: dict | None = None):
    return make_shop(tmp_path, {
        "shop.toml": SHOP_TOML.replace('currency = "IDR"', f'currency = "IDR"\ntheme = "{name}"'),
        f"themes/{name}/theme.toml": theme_toml,
        **(extra or {}),
    })


def _csp(headers: str) -> str:
    return re.search(r"^  Content-Security-Policy: (.*)$", headers, re.M).group(1)


def test_bundled_themes_declare_what_their_files_use(tmp_path):
    etalase = find_theme("etalase", tmp_path)
    pasar = find_theme("pasar", tmp_path)
    assert etalase.content_security_policy.header() == ETALASE_POLICY  # what hosting.py wrote before it moved
    assert etalase.brand_color == "#0b5e55"  # --brand in its style.css
    assert pasar.content_security_policy == etalase.content_security_policy  # inherited: the same scripts
    assert pasar.brand_color == "#8a3b12"  # its own --brand


def test_own_theme_values_reach_headers_manifest_and_icon(tmp_path):
    shop = _shop_with_theme(tmp_path, OWN_THEME)
    code, err = build(shop)
    assert code == 0, err
    public = shop / "public"
    # default-src and font-src replaced in place, every other directive inherited from etalase in its order
    assert _csp((public / "_headers").read_text()) == ETALASE_POLICY.replace(
        "font-src 'self';", "font-src 'self' https://fonts.example;")
    assert json.loads((public / "manifest.webmanifest").read_text())["theme_color"] == "#123456"
    with Image.open(public / "icons/icon-512.png") as icon:  # no logo: the plain icon, in the theme's colour
        assert icon.convert("RGB").getpixel((4, 4)) == (0x12, 0x34, 0x56)
    with Image.open(public / "favicon.ico") as icon:
        assert icon.convert("RGB").getpixel((1, 1)) == (0x12, 0x34, 0x56)


def test_child_inherits_unless_it_sets_its_own(tmp_path):
    (tmp_path / "themes/mid").mkdir(parents=True)
    (tmp_path / "themes/mid/theme.toml").write_text(OWN_THEME.replace('"Milikku"', '"Mid"'))
    (tmp_path / "themes/leaf").mkdir()
    (tmp_path / "themes/leaf/theme.toml").write_text('name = "Leaf"\nparent = "mid"\n')
    leaf = find_theme("leaf", tmp_path)
    mid = find_theme("mid", tmp_path)
    assert leaf.brand_color == mid.brand_color == "#123456"
    assert leaf.content_security_policy == mid.content_security_policy

    (tmp_path / "themes/leaf/theme.toml").write_text(
        'name = "Leaf"\nparent = "mid"\nbrand_color = "#ABCDEF"\n[content_security_policy]\nimg-src = ["\'self\'", "https://cdn.example"]\n'
        'worker-src = ["\'none\'"]\n')
    leaf = find_theme("leaf", tmp_path)
    assert leaf.brand_color == "#abcdef"  # written as the manifest writes it
    assert leaf.content_security_policy.header() == ETALASE_POLICY.replace(
        "font-src 'self';", "font-src 'self' https://fonts.example;").replace(
        "img-src 'self' data:;", "img-src 'self' https://cdn.example;") + "; worker-src 'none'"


def test_a_theme_that_declares_nothing_gets_the_safe_defaults(tmp_path):
    (tmp_path / "themes/kosong").mkdir(parents=True)
    (tmp_path / "themes/kosong/theme.toml").write_text('name = "Kosong"\n')
    theme = find_theme("kosong", tmp_path)
    assert theme.content_security_policy == ContentSecurityPolicy(DEFAULT_POLICY)
    assert theme.content_security_policy.header() == (
        "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
    assert theme.brand_color == DEFAULT_BRAND_COLOR == "#555555"


BAD_VALUES = {
    "colour name": ('brand_color = "teal"',
                    'brand_color: must be "#" and six hex digits, e.g. brand_color = "#0b5e55" (got "teal")'),
    "short hex": ('brand_color = "#abc"',
                  'brand_color: must be "#" and six hex digits, e.g. brand_color = "#0b5e55" (got "#abc")'),
    "not text": ("brand_color = 0x0b5e55",
                 'brand_color: must be "#" and six hex digits, e.g. brand_color = "#0b5e55" (got 745045)'),
    "policy as text": ("content_security_policy = \"default-src 'self'\"",
                       "content_security_policy: must be a table: [content_security_policy] and under it a line per "
                       "directive, e.g. img-src = [\"'self'\", \"data:\"]"),
    "empty policy": ("[content_security_policy]",
                     "content_security_policy: is empty: leave it out for the default policy (own files only), or write "
                     "[content_security_policy] and under it a line per directive, e.g. img-src = [\"'self'\", \"data:\"]"),
    "misspelt directive": ("[content_security_policy]\nimg-scr = [\"'self'\"]",
                           'content_security_policy.img-scr: not a Content-Security-Policy directive that takes sources; '
                           'did you mean "img-src"?'),
    "not a list": ("[content_security_policy]\nimg-src = \"'self'\"",
                   "content_security_policy.img-src: must be a list of sources, e.g. img-src = [\"'self'\"] (got \"'self'\")"),
    "empty list": ("[content_security_policy]\nobject-src = []",
                   "content_security_policy.object-src: needs at least one source: write object-src = [\"'none'\"] to allow nothing"),
    "unquoted keyword": ('[content_security_policy]\nscript-src = ["self"]',
                         "content_security_policy.script-src: write the keyword self in single quotes inside the string: \"'self'\""),
    "two in one": ("[content_security_policy]\nimg-src = [\"'self' data:\"]",
                   "content_security_policy.img-src: \"'self' data:\" is not one source: write each source as its own string, "
                   'without spaces, "," or ";"'),
    "header injection": ('[content_security_policy]\nimg-src = ["a\\nSet-Cookie:x"]',
                         'content_security_policy.img-src: "a\\nSet-Cookie:x" is not one source: write each source as its own '
                         'string, without spaces, "," or ";"'),
}


@pytest.mark.parametrize("line, message", BAD_VALUES.values(), ids=BAD_VALUES.keys())
def test_bad_value_names_theme_toml_line_and_what_to_write(tmp_path, line, message):
    (tmp_path / "themes/milikku").mkdir(parents=True)
    (tmp_path / "themes/milikku/theme.toml").write_text(f'name = "Milikku"\nparent = "etalase"\n{line}\n')
    with pytest.raises(ThemeError) as caught:
        find_theme("milikku", tmp_path)
    assert str(caught.value) == message
    assert caught.value.path == tmp_path / "themes/milikku/theme.toml"
    assert caught.value.line == len(line.splitlines()) + 2  # the key's own line (or the table's)


def test_bad_value_fails_the_build_at_its_line(tmp_path):
    shop = _shop_with_theme(tmp_path, 'name = "Milikku"\nparent = "etalase"\n\nbrand_color = "teal"\n')
    code, err = build(shop)
    assert code == 1
    assert ('themes/milikku/theme.toml:4: brand_color: must be "#" and six hex digits, e.g. brand_color = "#0b5e55" '
            '(got "teal")') in err
    assert not (shop / "public").exists()


def test_bad_value_in_a_parent_names_the_parent(tmp_path):
    (tmp_path / "themes/mid").mkdir(parents=True)
    (tmp_path / "themes/mid/theme.toml").write_text('name = "Mid"\n[content_security_policy]\nfont-src = ["self"]\n')
    (tmp_path / "themes/leaf").mkdir()
    (tmp_path / "themes/leaf/theme.toml").write_text('name = "Leaf"\nparent = "mid"\n')
    with pytest.raises(ThemeError) as caught:
        find_theme("leaf", tmp_path)
    assert (caught.value.path, caught.value.line) == (tmp_path / "themes/mid/theme.toml", 3)


# --- computed values for templates ---------------------------------------------------------------------------------

SHOP_WITH_PAYMENTS = SHOP_TOML + '\n[order]\npayment_methods = ["Transfer BCA", "QRIS"]\n'


def _demo_like_shop(tmp_path, shop_toml: str = SHOP_WITH_PAYMENTS):
    shop = make_shop(tmp_path, {
        "shop.toml": shop_toml,
        "content/products/habis.md": product_md("title: Topi Habis\nprice: 5000\nsku: T-1\navailability: sold_out\n"
                                                "created: 2026-10-01\nphotos: [kemeja.jpg]"),
        "content/products/dipesan.md": product_md("title: Tas Dipesan\nprice: 7000\nsku: T-2\navailability: booked\n"
                                                  "booked_until: 2026-11-30\nphotos: [kemeja.jpg]"),
        "content/pages/how-to-order.md": "---\ntitle: Cara Memesan\n---\nPilih produk lalu tekan tombol pesan.\n",
        "content/pages/about.md": "---\ntitle: Tentang Kami\n---\nToko kecil di Solo.\n",
    }, photos=("content/products/kemeja.jpg",))
    code, err = build(shop, "--today", "2026-11-20")
    assert code == 0, err
    return shop / "public"


def test_templates_get_the_computed_values(tmp_path):
    public = _demo_like_shop(tmp_path)
    # PageView.payment_methods: the how-to-order page lists them, other pages do not
    how = (public / "how-to-order/index.html").read_text()
    assert '<ul class="payment-methods"><li>Transfer BCA</li><li>QRIS</li></ul>' in how
    assert "payment-methods" not in (public / "about/index.html").read_text()
    # ProductView.not_orderable_note: the wording for each state, translated; none when it can be ordered
    assert '<p class="sold-out-note">Produk ini sedang habis. Tanyakan kepada kami kapan tersedia lagi.</p>' in (
        public / "products/habis/index.html").read_text()
    assert '<p class="sold-out-note">Produk ini sudah dipesan pembeli lain. Tanyakan kepada kami apakah akan tersedia lagi.</p>' in (
        public / "products/dipesan/index.html").read_text()
    kemeja = (public / "products/kemeja/index.html").read_text()
    assert "sold-out-note" not in kemeja
    # PhotoView.thumb_url: the first (smallest) WebP thumbnail of the card's srcset
    card_srcset = re.search(r'<a href="/products/kemeja/">\s*<picture>\s*<source type="image/webp" srcset="([^"]+)"',
                            (public / "products/index.html").read_text())
    thumb = re.search(r'data-pagefind-meta="image:([^"]+)"', kemeja).group(1)
    assert thumb == card_srcset.group(1).split(" ")[0] and thumb.endswith("-sq240.webp")
    # SiteView.info_pages: every page but privacy (which has its own link); SiteView.search_url
    footer = kemeja[kemeja.index('<nav class="footer-pages"'):]
    assert footer.count('href="/privacy/"') == 1 and 'href="/about/"' in footer and 'href="/how-to-order/"' in footer
    assert '<form class="site-search" action="/search/"' in kemeja
    # feed timestamps: RFC 3339 instants
    feed = (public / "feed.xml").read_text()
    assert "<published>2026-10-01T00:00:00Z</published>" in feed
    assert re.search(r"<updated>\d{4}-\d\d-\d\dT00:00:00Z</updated>", feed)


def test_no_payment_methods_no_list(tmp_path):
    public = _demo_like_shop(tmp_path, SHOP_TOML)
    assert "payment-methods" not in (public / "how-to-order/index.html").read_text()


def test_timestamp_is_the_day_at_midnight_utc():
    import datetime as dt

    assert timestamp(dt.date(2026, 11, 20)) == "2026-11-20T00:00:00Z"


def test_bundled_templates_hold_no_logic_on_data():
    """What moved to views.py stays out of the themes' templates."""
    from tests.helpers import REPO

    for template in sorted((REPO / "themes").glob("*/templates/*")):
        text = template.read_text()
        for pattern in (r"slug\s*[!=]=", r"\.split\(", r"T00:00:00Z", r'availability\s*==', r"home_url \}\}search/"):
            assert not re.search(pattern, text), (template.name, pattern)


def test_whatsapp_number_is_written_as_people_write_it():
    from generator.views import whatsapp_number

    assert whatsapp_number("6281234567890") == "+62 812-3456-7890"  # as the demo's privacy page writes it
    assert whatsapp_number("628123456789") == "+62 812-3456-789"
    assert whatsapp_number("6591234567") == "+6591234567"  # another country's: as given
