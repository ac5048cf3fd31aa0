"""What `build` writes: pages, links, escaping, prices, and never losing anything."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import urllib.parse

import pytest

from generator.build import BuildOptions, Builder
from tests.helpers import REPO, SHOP_TOML, WORDS, build, make_photo, make_shop, product_md, snapshot

HOSTILE = 'Kaos "Best" <script>alert(1)</script>'


def test_pages_for_every_product_category_and_page(tmp_path):
    shop = make_shop(tmp_path, {
        "content/products/kaos/index.md": product_md("title: Kaos\nprice: 90000\ncategory: Kaos Oblong\nphotos: [kaos.jpg]"),
        "content/pages/about.md": "---\ntitle: Tentang Kami\n---\nKami toko kecil.\n",
    }, photos=("content/products/kemeja.jpg", "content/products/kaos/kaos.jpg"))
    code, err = build(shop)
    assert code == 0, err
    public = shop / "public"
    for page in ["index.html", "404.html", "products/index.html", "products/kemeja/index.html", "products/kaos/index.html",
                 "category/batik/index.html", "category/kaos-oblong/index.html", "privacy/index.html", "about/index.html"]:
        assert (public / page).is_file(), page
    home = (public / "index.html").read_text()
    assert 'href="/products/kaos/"' in home and 'href="/about/"' in home


def test_every_page_has_contact_privacy_and_last_updated(tmp_path):
    shop = make_shop(tmp_path)
    assert build(shop)[0] == 0
    for page in (shop / "public").rglob("*.html"):
        html = page.read_text()
        assert 'href="https://wa.me/6281234567890"' in html, page
        assert 'href="mailto:halo@tokouji.example"' in html, page
        assert 'href="/privacy/"' in html, page
        assert re.search(r"Terakhir diperbarui: <time datetime=\"\d{4}-\d\d-\d\d\">", html), page


def test_prices_and_order_link(tmp_path):
    shop = make_shop(tmp_path, {
        "content/products/kemeja.md": product_md(
            "title: Kemeja Batik\nprice: 185000\nsale_price: 150000.5\nsku: KB-1\nphotos: [kemeja.jpg]\n"
            "variants:\n  - name: Ukuran\n    options: [M, L]"),
    })
    assert build(shop)[0] == 0
    html = (shop / "public/products/kemeja/index.html").read_text()
    assert "Rp 185.000" in html and "Rp 150.000,50" in html
    main = re.findall(r'class="button button-whatsapp" href="(https://wa\.me/6281234567890\?text=[^"]+)"', html)
    assert len(main) == 1  # the main button asks the shopper to choose
    assert "Varian: Ukuran: M / L (mohon pilih)" in urllib.parse.unquote(main[0].split("text=")[1])
    links = re.findall(r'class="order-whatsapp" href="(https://wa\.me/6281234567890\?text=[^"]+)"', html)
    assert len(links) == 2  # one tap per variant: the table of combinations
    text = urllib.parse.unquote(links[1].split("text=")[1])
    assert text == ("Halo Toko Uji, saya mau pesan:\nKemeja Batik\nVarian: Ukuran L\nSKU: KB-1\n"
                    "Harga: Rp 150.000,50\nhttps://tokouji.example/products/kemeja/?variant=l")
    mail = re.search(r'href="(mailto:halo@tokouji\.example\?[^"]+)"', html).group(1)
    assert "subject=Pesanan%3A%20Kemeja%20Batik" in mail


def test_english_shop(tmp_path):
    shop = make_shop(tmp_path, {"shop.toml": SHOP_TOML.replace('language = "id"', 'language = "en"'),
                                "content/products/kemeja.md": product_md("title: Shirt\nprice: 185000\navailability: preorder\nready_date: 2026-12-12\nphotos: [kemeja.jpg]")})
    assert build(shop)[0] == 0
    html = (shop / "public/products/kemeja/index.html").read_text()
    assert 'lang="en"' in html and "IDR 185,000" in html and "ready around 12 December 2026" in html
    assert "Order via WhatsApp" in html


def test_seller_text_is_escaped_everywhere(tmp_path):
    shop = make_shop(tmp_path, {
        "shop.toml": SHOP_TOML.replace('title = "Toko Uji"', 'title = "Toko <b>Uji</b> & \\"Co\\""'),
        "content/products/kemeja.md": product_md(
            f"title: '{HOSTILE}'\nprice: 5\ncategory: '<img src=x onerror=alert(1)>'\nphotos:\n  - src: kemeja.jpg\n    alt: '\" onload=\"alert(1)'",
            WORDS + "\n\n<script>alert(2)</script> [klik](javascript:alert(3))"),
    })
    code, err = build(shop)
    assert code == 0, err
    for page in (shop / "public").rglob("*.html"):
        html = page.read_text()
        # only our data blocks, the cart scripts and the search page's module
        assert not re.search(r'<script(?! type="application/ld\+json">| type="application/json" id="(?:cart|search)-data">'
                             r'| src="/assets/cart(?:-link)?\.[0-9a-f]{8}\.js" defer(?: blocking="render")?></script>'
                             r'| type="module" src="/assets/search\.[0-9a-f]{8}\.js"></script>)', html), page
        for block in re.findall(r'<script type="application/(?:ld\+)?json"[^>]*>(.*?)</script>', html, re.S):
            assert "<" not in block, page
        assert "<img src=x" not in html and "<b>Uji</b>" not in html and "javascript:" not in html, page
        assert 'onload="alert' not in html, page
    html = (shop / "public/products/kemeja/index.html").read_text()
    assert "Kaos &#34;Best&#34; &lt;script&gt;alert(1)&lt;/script&gt;" in html
    # inside the order URL the title is percent-encoded, not raw
    assert "Kaos%20%22Best%22%20%3Cscript%3E" in html


def test_second_build_does_no_work(tmp_path):
    shop = make_shop(tmp_path)
    first = Builder(BuildOptions(root=shop, use_git=False)).build()
    assert first.photos_decoded == 1 and not first.up_to_date
    before = snapshot(shop / "public")
    second = Builder(BuildOptions(root=shop, use_git=False)).build()  # a new process: caches from disk
    assert second.up_to_date and second.files_read == 0 and second.photos_decoded == 0
    assert snapshot(shop / "public") == before


def test_a_no_op_rebuild_neither_validates_nor_imports_the_config(tmp_path):
    """The no-op's short way (the marker keeps what the fingerprint takes from shop.toml), in a new process."""
    import subprocess
    import sys

    shop = make_shop(tmp_path)
    assert build(shop)[0] == 0
    probe = ("import sys\nfrom pathlib import Path\nfrom generator.build import BuildOptions, Builder\n"
             f"result = Builder(BuildOptions(root=Path({str(shop)!r}), use_git=False)).build()\n"
             "print(result.up_to_date, sorted(m for m in sys.modules if m in ('generator.config', 'generator.themes', "
             "'generator.models', 'email_validator', 'jinja2', 'yaml')))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                          cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert done.stdout.strip() == "True []", done.stdout + done.stderr


def test_a_no_op_rebuild_imports_neither_the_writer_threads_nor_the_lock(tmp_path):
    """Their imports (concurrent.futures and logging, filelock) were a seventh of the no-op's 0.11 s."""
    import subprocess
    import sys

    shop = make_shop(tmp_path)
    assert build(shop)[0] == 0
    probe = ("import sys\nfrom pathlib import Path\nfrom generator.build import BuildOptions, Builder\n"
             f"result = Builder(BuildOptions(root=Path({str(shop)!r}), use_git=False)).build()\n"
             "print(result.up_to_date, sorted(m for m in sys.modules if m in ('concurrent.futures', 'filelock')))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                          cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    assert done.stdout.strip() == "True []", done.stdout + done.stderr


def test_a_no_op_rebuild_without_git_imports_neither_pickle_nor_subprocess_nor_ctypes(tmp_path):
    """The state (pickle), git (subprocess) and the folder swap (ctypes) are not needed to find nothing changed:
    the whole command, as a seller runs it, with Python telling every module it imports."""
    import subprocess
    import sys

    shop = make_shop(tmp_path)
    assert build(shop)[0] == 0
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "generator", "build", "--no-git", "--shop", str(shop)],
                          capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0 and "up to date" in done.stdout + done.stderr, done.stderr[-2000:]
    imported = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "generator.build" in imported and not imported & {"pickle", "subprocess", "ctypes"}


def test_the_fingerprint_counts_every_file_of_the_shop_but_hidden_folders_and_linked_ones(tmp_path):
    from generator.fingerprint import fingerprint

    shop = make_shop(tmp_path / "shop")
    options = BuildOptions(root=shop, use_git=False)
    themes = [REPO / "themes/etalase"]

    def print_() -> str:
        return fingerprint(options, themes, dt.date(2026, 12, 6))

    before = print_()
    nested = shop / "content/products/kemeja-foto/detail.txt"
    nested.parent.mkdir()
    nested.write_text("a")
    assert print_() != before
    before = print_()
    (shop / "content/.git").mkdir()
    (shop / "content/.git/HEAD").write_text("ref")  # a hidden folder is no input
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "big.bin").write_text("x")
    (shop / "content/linked").symlink_to(outside, target_is_directory=True)  # nor a folder a link names
    assert print_() == before
    (outside / "big.bin").write_text("xy")
    assert print_() == before
    nested.write_text("bc")
    assert print_() != before


def test_shop_toml_changed_in_its_bytes_alone_is_built_again(tmp_path):
    """Same size, same time (a tool that restores times, a checkout): the config's digest still tells."""
    shop = make_shop(tmp_path)
    assert build(shop)[0] == 0
    config = shop / "shop.toml"
    before = config.stat()
    config.write_text(SHOP_TOML.replace("Toko Uji", "Toko Baj"), encoding="utf-8")
    os.utime(config, ns=(before.st_atime_ns, before.st_mtime_ns))
    result = Builder(BuildOptions(root=shop, use_git=False)).build()
    assert not result.up_to_date
    assert "Toko Baj" in (shop / "public/index.html").read_text()
    assert Builder(BuildOptions(root=shop, use_git=False)).build().up_to_date


def test_a_theme_added_to_the_shop_in_place_of_the_bundled_one_is_built_again(tmp_path):
    import shutil

    from generator.themes import bundled_themes_dir

    shop = make_shop(tmp_path)
    assert build(shop)[0] == 0
    own = shop / "themes/etalase"
    shutil.copytree(bundled_themes_dir() / "etalase", own)
    footer = own / "templates/_footer.html"
    footer.write_text(footer.read_text() + "<!-- the shop's own copy of the theme -->\n")
    result = Builder(BuildOptions(root=shop, use_git=False)).build()
    assert not result.up_to_date
    assert "<!-- the shop's own copy of the theme -->" in (shop / "public/index.html").read_text()


def test_changed_file_is_read_again_alone(tmp_path):
    shop = make_shop(tmp_path, {"content/products/kaos.md": product_md("title: Kaos\nprice: 5\nphotos: [kemeja.jpg]")})
    Builder(BuildOptions(root=shop, use_git=False)).build()
    path = shop / "content/products/kaos.md"
    path.write_text(path.read_text().replace("price: 5", "price: 7000"))
    result = Builder(BuildOptions(root=shop, use_git=False)).build()
    assert not result.up_to_date and result.files_read == 1 and result.photos_decoded == 0
    assert "Rp 7.000" in (shop / "public/products/kaos/index.html").read_text()


def test_removed_product_page_disappears(tmp_path):
    shop = make_shop(tmp_path, {"content/products/kaos.md": product_md("title: Kaos\nprice: 5\nphotos: [kemeja.jpg]")})
    assert build(shop)[0] == 0
    (shop / "content/products/kaos.md").unlink()
    assert build(shop)[0] == 0
    assert not (shop / "public/products/kaos").exists()


def test_refuses_a_folder_it_did_not_make(tmp_path):
    shop = make_shop(tmp_path / "shop")
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    (home / "Documents/skripsi.docx").write_text("precious")
    code, err = build(shop, "--output", str(home))
    assert code == 1
    assert "refusing to replace a folder that Etalase did not make" in err
    assert (home / "Documents/skripsi.docx").read_text() == "precious"
    code, err = build(shop, "--output", str(shop))
    assert code == 1 and "refusing to build into the shop folder" in err
    code, err = build(shop, "--output", str(shop / "content" / "x"))
    assert code == 1 and "refusing to build inside content/" in err


def test_output_option_and_rebuild_into_own_folder(tmp_path):
    shop = make_shop(tmp_path / "shop")
    out = tmp_path / "site"
    assert build(shop, "--output", str(out))[0] == 0
    assert build(shop, "--output", str(out), "--force")[0] == 0
    assert json.loads((out / ".etalase-site").read_text())["generator"].startswith("etalase ")
    assert not [p for p in tmp_path.iterdir() if "etalase-tmp" in p.name or "etalase-old" in p.name]


def test_sources_are_never_modified(tmp_path):
    shop = make_shop(tmp_path)
    make_photo(shop / "content/products/kemeja.jpg", exif=_gps_exif())
    before = snapshot(shop / "content")
    mtimes = {p: p.stat().st_mtime_ns for p in (shop / "content").rglob("*")}
    assert build(shop)[0] == 0
    assert snapshot(shop / "content") == before
    assert {p: p.stat().st_mtime_ns for p in (shop / "content").rglob("*")} == mtimes


def test_photos_lose_exif_location(tmp_path):
    from PIL import Image

    shop = make_shop(tmp_path)
    make_photo(shop / "content/products/kemeja.jpg", exif=_gps_exif())
    assert build(shop)[0] == 0
    outputs = list((shop / "public/photos").glob("*"))
    assert len(outputs) == 8  # 3 WebP widths (480, 800, 900), JPEG, 2 square WebP, square JPEG, share image
    for photo in outputs:
        with Image.open(photo) as image:
            assert not image.getexif() and "exif" not in image.info


def test_template_override_and_dropped_links_fail(tmp_path):
    shop = make_shop(tmp_path, {"templates/404.html": '{% extends "base.html" %}{% block main %}<h1>Hilang!</h1>{% endblock %}'})
    assert build(shop)[0] == 0
    assert "Hilang!" in (shop / "public/404.html").read_text()
    before = snapshot(shop / "public")
    make_shop(shop, {"templates/page.html": "<html><body>{{ page.title }}</body></html>"})
    code, err = build(shop)
    assert code == 1
    assert ("templates/page.html: privacy/index.html lacks the whatsapp contact link (https://wa.me/6281234567890): "
            "every page must show it, add it back to the template") in err.splitlines()
    assert "templates/page.html: privacy/index.html lacks a link to the privacy page (/privacy/): every page must show it, add it back to the template" in err
    assert snapshot(shop / "public") == before


def test_template_error_names_the_template(tmp_path):
    shop = make_shop(tmp_path, {"templates/product.html": '{% extends "base.html" %}{% block main %}{{ product.nama }}{% endblock %}'})
    code, err = build(shop)
    assert code == 1
    assert "templates/product.html: template uses something that does not exist" in err


def test_base_url_with_sub_path(tmp_path):
    shop = make_shop(tmp_path)
    assert build(shop, "--base-url", "https://user.github.io/toko")[0] == 0
    html = (shop / "public/products/kemeja/index.html").read_text()
    assert 'href="/toko/privacy/"' in html and 'src="/toko/photos/' in html and 'href="/toko/assets/style.' in html
    assert "https%3A%2F%2Fuser.github.io%2Ftoko%2Fproducts%2Fkemeja%2F" in html


def _gps_exif():
    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = 6  # orientation
    exif[0x010F] = "Canon"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "S", (7.0, 48.0, 0.0), "E", (110.0, 21.0, 0.0)
    return exif.tobytes()


def test_exif_orientation_is_applied(tmp_path):
    from PIL import Image

    shop = make_shop(tmp_path, photos=())
    make_photo(shop / "content/products/kemeja.jpg", size=(1200, 900), exif=_gps_exif())
    assert build(shop)[0] == 0
    large = next(p for p in (shop / "public/photos").glob("*.jpg") if "-sq" not in p.name)
    with Image.open(large) as image:
        assert image.size == (800, 1067)  # rotated upright (orientation 6), then the 800-px fallback


def test_no_temporary_folders_left_after_failure(tmp_path):
    shop = make_shop(tmp_path / "shop", {"content/pages/privacy.md": None})
    assert build(shop)[0] == 1
    assert not (shop / "public").exists()
    assert [p.name for p in (tmp_path / "shop").iterdir() if p.name.startswith(".public")] == []
    assert os.listdir(tmp_path) == ["shop"]


def test_names_without_latin_letters_get_their_own_pages():
    from generator.slugs import slugify

    assert slugify("Tas & Dompet") == "tas-dompet"
    assert slugify("Kopi Gayo") != slugify("Kopi Toraja")
    assert slugify("☕") != slugify("🍵") and slugify("☕").startswith("k-")  # not one shared "other" page
    assert slugify("茶") == slugify("茶")
    long_a, long_b = "Kain " * 20 + "A", "Kain " * 20 + "B"
    assert slugify(long_a) != slugify(long_b) and len(slugify(long_a)) <= 67


def _delete_page(public):
    (public / "index.html").unlink()


def _truncate_page(public):
    (public / "products/kemeja/index.html").write_bytes(b"<html>")


def _edit_page_keeping_its_size(public):
    page = public / "privacy/index.html"
    page.write_bytes(page.read_bytes().replace(b"<html", b"<HTML", 1))


def _add_stray_file(public):
    (public / "products/draft").mkdir()
    (public / "products/draft/index.html").write_text("<p>not from the shop</p>")


def _delete_photo(public):
    next((public / "photos").glob("kemeja-*-480.webp")).unlink()


def _add_file_to_a_page_folder(public):
    (public / "products/kemeja/old.html").write_text("<p>not from the shop</p>")


def _add_file_at_the_top(public):
    (public / "google123.html").write_text("google-site-verification: google123.html")


def _replace_a_folder_with_a_copy(public):
    # a copy of every page of the folder, times kept (cp -p): only the folder's own time tells
    import shutil

    shutil.copytree(public / "products/kemeja", public / "products/kemeja-copy", copy_function=shutil.copy2)
    shutil.rmtree(public / "products/kemeja")
    (public / "products/kemeja-copy").rename(public / "products/kemeja")
    (public / "products/kemeja/extra.html").write_text("<p>not from the shop</p>")


def test_a_file_browsers_own_files_do_not_count_as_a_change(tmp_path):
    shop = make_shop(tmp_path)
    assert build(shop)[0] == 0
    for folder in (shop / "public", shop / "public/products"):
        (folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")  # what Finder writes on opening a folder
        (folder / "Thumbs.db").write_bytes(b"\xd0\xcf")  # and Windows Explorer
    code, err = build(shop, "-v")
    assert code == 0 and "nothing changed since the last build" in err, err


@pytest.mark.parametrize("damage", [_delete_page, _truncate_page, _edit_page_keeping_its_size, _add_stray_file, _delete_photo,
                                    _add_file_to_a_page_folder, _add_file_at_the_top, _replace_a_folder_with_a_copy])
def test_output_changed_by_hand_is_built_again(tmp_path, damage):
    shop = make_shop(tmp_path)
    assert build(shop)[0] == 0
    clean = _site(shop / "public")
    damage(shop / "public")
    result = Builder(BuildOptions(root=shop, use_git=False)).build()
    assert not result.up_to_date
    assert _site(shop / "public") == clean
    assert Builder(BuildOptions(root=shop, use_git=False)).build().up_to_date  # and then quiet again


def _site(public) -> dict[str, bytes]:
    """The site's files as a shopper gets them (the marker records file times, which a rebuild renews)."""
    return {name: data for name, data in snapshot(public).items() if name != ".etalase-site"}


def test_templates_compiled_once_are_not_compiled_again_by_the_next_process(tmp_path, monkeypatch):
    """Jinja's compiled code is kept in .etalase-cache/ between processes; a changed template is compiled afresh."""
    import jinja2

    shop = make_shop(tmp_path / "shop")
    assert build(shop)[0] == 0
    compiled: list[str] = []
    real = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return real(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    Builder(BuildOptions(root=shop, use_git=False, force=True)).build()  # a new builder: as a new process
    assert compiled == []
    footer = shop / "templates/_footer.html"
    footer.parent.mkdir()
    footer.write_text((REPO / "themes/etalase/templates/_footer.html").read_text() + "<!-- diganti -->\n")
    Builder(BuildOptions(root=shop, use_git=False)).build()
    assert compiled == ["_footer.html"]
    assert "<!-- diganti -->" in (shop / "public/index.html").read_text()


def test_the_collector_runs_rarely_during_a_build_and_as_before_after_it(tmp_path, monkeypatch):
    """`etalase build` raises the collector's first threshold for the build (its objects live until it ends) and
    gives it back after, a failed build too: main() also runs inside other programs."""
    import gc

    from generator import cli
    from generator.build import Builder
    from tests.helpers import GOOD_PRODUCT, build, make_shop

    before = gc.get_threshold()
    seen: list[int] = []
    real = Builder.build
    monkeypatch.setattr(Builder, "build", lambda self: seen.append(gc.get_threshold()[0]) or real(self))
    shop = make_shop(tmp_path / "shop")
    assert build(shop)[0] == 0
    assert seen == [cli.BUILD_GC_THRESHOLD] and gc.get_threshold() == before
    (shop / "content/products/kemeja.md").write_text(GOOD_PRODUCT.replace("price: 185000", "price: murah"))
    assert build(shop)[0] == 1
    assert len(seen) == 2 and gc.get_threshold() == before
