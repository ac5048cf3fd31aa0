"""Themes are interchangeable: the same content in another look, with no content change."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import SHOP_TOML, build, make_shop, snapshot


def _page_text(html: str) -> str:
    import re

    return re.sub(r"<[^>]+>", " ", html)


def test_switching_theme_keeps_content_changes_look(tmp_path):
    shop = make_shop(tmp_path)
    assert build(shop)[0] == 0
    etalase = (shop / "public/products/kemeja/index.html").read_text()
    etalase_css = next((shop / "public/assets").glob("style.*.css")).read_text()
    content = snapshot(shop / "content")

    (shop / "shop.toml").write_text(SHOP_TOML.replace('currency = "IDR"', 'currency = "IDR"\ntheme = "pasar"'))
    assert build(shop)[0] == 0
    pasar = (shop / "public/products/kemeja/index.html").read_text()
    pasar_css = next((shop / "public/assets").glob("style.*.css")).read_text()

    assert snapshot(shop / "content") == content
    assert etalase != pasar and etalase_css != pasar_css
    assert 'class="pasar"' in pasar and 'class="topbar"' in pasar and "topbar" not in etalase
    for text in ("Kemeja Batik", "Rp 185.000", "Kebijakan privasi", "KB-1"):
        assert text in _page_text(etalase) and text in _page_text(pasar)
    assert len(list((shop / "public/assets").glob("style.*.css"))) == 1


def test_theme_in_shop_folder_wins_and_inherits(tmp_path):
    shop = make_shop(tmp_path, {
        "shop.toml": SHOP_TOML.replace('currency = "IDR"', 'currency = "IDR"\ntheme = "milikku"'),
        "themes/milikku/theme.toml": 'name = "Milikku"\nparent = "etalase"\n',
        "themes/milikku/templates/home.html": '{% extends "base.html" %}{% block main %}<h1>Selamat datang di toko kami</h1>{% endblock %}',
    })
    code, err = build(shop)
    assert code == 0, err
    assert "Selamat datang di toko kami" in (shop / "public/index.html").read_text()
    assert "Rp 185.000" in (shop / "public/products/kemeja/index.html").read_text()


def test_the_published_stylesheet_leaves_out_comments_and_spaces_but_no_rule(tmp_path):
    # Every page loads the stylesheet up front, inside the page budget: the theme's comments stay in its file only
    tricky = ('/* the seller\'s note */\n.note::after { content: "/* not a comment */"; }\n'
              '.wide  >  a:hover ,\n.wide b { margin : 0  auto; width: calc(100% - 2px); }\n')
    shop = make_shop(tmp_path, {
        "shop.toml": SHOP_TOML.replace('currency = "IDR"', 'currency = "IDR"\ntheme = "milikku"'),
        "themes/milikku/theme.toml": 'name = "Milikku"\nparent = "etalase"\n',
        "themes/milikku/static/extra.css": tricky,
    })
    code, err = build(shop)
    assert code == 0, err
    [extra] = (shop / "public/assets").glob("extra.*.css")
    assert extra.read_text() == '.note::after{content:"/* not a comment */"}.wide>a:hover,.wide b{margin:0 auto;width:calc(100% - 2px)}'
    assert (shop / "themes/milikku/static/extra.css").read_text() == tricky  # the theme's own file untouched
    import hashlib
    assert extra.name == f"extra.{hashlib.sha256(extra.read_bytes()).hexdigest()[:8]}.css"  # named for what is served
    [style] = (shop / "public/assets").glob("style.*.css")
    source = (Path(__file__).parent.parent / "themes/etalase/static/style.css").read_text()
    assert "/*" in source and "/*" not in style.read_text()
    assert len(style.read_bytes()) < 0.85 * len(source.encode())
    assert f'href="/assets/{style.name}"' in (shop / "public/index.html").read_text()
