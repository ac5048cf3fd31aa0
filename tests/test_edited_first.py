"""The preview renders an edited product's page ahead of the full rebuild (`Builder.edited_product_pages`).

What it serves first must be byte for byte what the full rebuild makes; edits it cannot
render alone (they change other pages' shared parts) must wait for the full rebuild.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from generator.build import BuildOptions, Builder
from tests.helpers import SHOP_TOML, git, make_photo, make_shop, product_md

KAOS = product_md("title: Kaos Polos\nprice: 90000\ncategory: Kaos\nsku: K-1\ntags: [katun]\nphotos: [kemeja.jpg]")
SHOP = {
    "content/products/kaos.md": KAOS,
    "content/products/celana.md": product_md("title: Celana Batik\nprice: 150000\ncategory: Batik\nsku: C-1\nphotos: [kemeja.jpg]"),
    "content/products/celana.en.md": product_md("title: Batik Trousers", " ".join(["Batik trousers dyed with natural colours by hand."] * 4)),
    "content/products/kaos.en.md": product_md("title: Plain T-shirt", " ".join(["Soft cotton for every day, sewn by local tailors."] * 4)),
    "content/products/kemeja.en.md": product_md("title: Batik Shirt", " ".join(["A batik shirt dyed with natural colours by hand."] * 4)),
    "shop.toml": SHOP_TOML.replace('language = "id"', 'language = "id"\nlanguages = ["id", "en"]'),
}


def builder_for(shop: Path, use_git: bool = False) -> Builder:
    builder = Builder(BuildOptions(root=shop, use_git=use_git, today=dt.date(2026, 11, 23)))
    builder.incremental = True
    builder.compose()
    return builder


def save(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stat = path.stat()  # a new size or time, as a real save gives, even within the same clock tick
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))


EDITS_SERVED_FIRST = {
    "description": lambda t: t.replace("Kain katun", "Kain katun tebal"),
    "price": lambda t: t.replace("price: 90000", "price: 95000"),
    "sale": lambda t: t.replace("price: 90000", "price: 90000\nsale_price: 80000"),
    "title": lambda t: t.replace("Kaos Polos", "Kaos Polos Putih"),
    "sold out": lambda t: t.replace("price: 90000", "price: 90000\navailability: sold_out"),
    "variants": lambda t: t.replace("price: 90000", "price: 90000\nvariants: [{name: Ukuran, options: [S, M, L]}]"),
    "new tag": lambda t: t.replace("tags: [katun]", "tags: [katun, putih]"),
}


def test_moving_to_another_existing_category_is_served_first(tmp_path):
    shop = make_shop(tmp_path / "shop", SHOP)
    builder = builder_for(shop)
    product = shop / "content/products/kemeja.md"  # Batik keeps celana, and Kaos exists: the navigation stays the same
    save(product, product.read_text().replace("category: Batik", "category: Kaos"))
    first = builder.edited_product_pages({str(product)})
    assert first is not None and ">Kaos</a>" in first[0].html
    assert first[0].data == builder.compose().files["products/kemeja/index.html"]


@pytest.mark.parametrize("name", list(EDITS_SERVED_FIRST))
def test_page_served_first_is_what_the_full_rebuild_makes(tmp_path, name):
    shop = make_shop(tmp_path / "shop", SHOP)
    builder = builder_for(shop)
    product = shop / "content/products/kaos.md"
    save(product, EDITS_SERVED_FIRST[name](product.read_text()))
    first = builder.edited_product_pages({str(product)})
    assert first is not None and [page.path for page in first] == ["products/kaos/index.html"]
    full = builder.compose().files
    assert first[0].data == full["products/kaos/index.html"]
    assert first[0].data != builder_for(make_shop(tmp_path / "before", SHOP)).compose().files["products/kaos/index.html"]


EDITS_THAT_WAIT = {
    "a new category": lambda shop, p: save(p, p.read_text().replace("category: Kaos", "category: Tenun")),
    "its category emptied": lambda shop, p: save(p, p.read_text().replace("category: Kaos", "category: Batik")),
    "a problem": lambda shop, p: save(p, p.read_text().replace("price: 90000", 'price: "murah"')),
    "a draft": lambda shop, p: save(p, p.read_text().replace("price: 90000", "price: 90000\ndraft: true")),
    "a new photo": lambda shop, p: (make_photo(shop / "content/products/baru.jpg", color=(20, 90, 160)),
                                    save(p, p.read_text().replace("[kemeja.jpg]", "[baru.jpg]"))),
    "a newer date than the site's": lambda shop, p: save(p, p.read_text().replace("price: 90000", "price: 90000\nupdated: 2030-01-01")),
    "a deleted file": lambda shop, p: p.unlink(),
}


@pytest.mark.parametrize("name", list(EDITS_THAT_WAIT))
def test_edits_that_change_other_pages_wait_for_the_full_rebuild(tmp_path, name):
    shop = make_shop(tmp_path / "shop", SHOP)
    builder = builder_for(shop)
    product = shop / "content/products/kaos.md"
    EDITS_THAT_WAIT[name](shop, product)
    assert builder.edited_product_pages({str(product)}) is None


def test_only_main_product_files_are_served_first(tmp_path):
    shop = make_shop(tmp_path / "shop", SHOP)
    builder = builder_for(shop)
    for name in ("content/products/kaos.en.md", "shop.toml", "content/pages/privacy.md", "content/products/new.md"):
        path = shop / name
        save(path, path.read_text() + "\n" if path.exists() else KAOS)
        assert builder.edited_product_pages({str(path)}) is None, name
    assert Builder(BuildOptions(root=shop, use_git=False)).edited_product_pages({str(shop / "content/products/kaos.md")}) is None


def test_with_git_dates_the_edited_file_counts_as_changed_today(tmp_path):
    shop = make_shop(tmp_path / "shop", SHOP)
    git(shop, "init", "-q")
    git(shop, "add", ".")
    git(shop, "commit", "-qm", "shop", date="2026-10-01")
    builder = Builder(BuildOptions(root=shop, use_git=True))
    builder.incremental = True
    builder.compose()
    product = shop / "content/products/kaos.md"
    save(product, product.read_text().replace("price: 90000", "price: 95000"))
    # First edit since the commit: the product (and so the site) is updated today, which every page shows.
    assert builder.edited_product_pages({str(product)}) is None
    builder.compose()
    save(product, product.read_text().replace("price: 95000", "price: 97000"))
    first = builder.edited_product_pages({str(product)})
    assert first is not None
    assert first[0].data == builder.compose().files["products/kaos/index.html"]
    assert dt.date.today().isoformat() in first[0].html
