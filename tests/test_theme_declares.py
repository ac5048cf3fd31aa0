"""Themes say what they need: theme.toml's Content-Security-Policy and brand colour reach `_headers`, the
manifest and the plain icon; children inherit them; bad values are refused naming the line."""

from __future__ import annotations

import json
import re

import pytest
from PIL import Image

from generator.theme_settings import DEFAULT_BRAND_COLOR, DEFAULT_POLICY, ContentSecurityPolicy
from generator.themes import ThemeError, find_theme
from tests.helpers import SHOP_TOML, build, make_shop

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
