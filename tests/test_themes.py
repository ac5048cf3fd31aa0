"""Themes are interchangeable: the same content in another look, with no content change."""

from __future__ import annotations

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
