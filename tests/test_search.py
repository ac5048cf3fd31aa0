"""Static search (Pagefind) on the demo shop, in Debian's Chromium: Indonesian words match, the
leather shoe ranks first for "sepatu kulit", it works under a sub-path and loads only when used."""

from __future__ import annotations

import urllib.parse

import pytest

from generator.content import find_products
from tests.helpers import build, built_demo, copy_demo, make_shop

BATIK = {"Kemeja Batik Parang Sogan", "Kain Batik Tulis Mega Mendung", "Blus Batik Kawung Indigo",
         "Kemeja Batik Truntum Lengan Panjang"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return built_demo(tmp_path_factory.mktemp("search") / "shop")


def search(page, base: str, query: str) -> list[str]:
    """Open the search page with ?q= (as the header form does) and return the result titles in order."""
    page.goto(f"{base}/search/?q={urllib.parse.quote(query)}")
    status = page.locator(".search-status")
    page.wait_for_function("s => s.textContent && !s.textContent.includes('…')", arg=status.element_handle())
    return page.locator(".search-results .search-title").all_inner_texts()


def console_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def test_index_is_in_the_output_only(demo):
    public = demo / "public"
    assert (public / "search/index.html").is_file()
    assert (public / "pagefind/pagefind.js").is_file() and list((public / "pagefind/fragment").iterdir())
    assert not (public / "pagefind/pagefind-ui.js").exists()  # Pagefind's own UIs are not shipped
    assert not (demo / "pagefind").exists() and not list(demo.glob(".public.etalase-*"))
    # only product pages are indexed: one fragment per product
    assert len(list((public / "pagefind/fragment").iterdir())) == len(find_products(demo))


def test_batik_lists_the_batik_products(demo, serve_site, page):
    errors = console_errors(page)
    base = serve_site(demo / "public")  # with the site's own Content-Security-Policy
    titles = search(page, base, "batik")
    assert set(titles) == BATIK
    assert page.locator(".search-status").inner_text() == "4 produk ditemukan untuk “batik”."
    first = page.locator(".search-results a").first
    assert first.get_attribute("href").startswith("/products/")
    assert page.locator(".search-results mark").count() >= 1  # the excerpt shows the word found
    assert errors == []


def test_indonesian_words_and_ranking(demo, serve_site, page):
    errors = console_errors(page)
    base = serve_site(demo / "public")
    kemeja = search(page, base, "kemeja")
    assert kemeja[:2] and all(t.startswith("Kemeja Batik") for t in kemeja[:2])
    assert search(page, base, "sepatu kulit")[0] == "Sepatu Kulit Oxford Sogan"
    assert search(page, base, "BTK-003") == ["Blus Batik Kawung Indigo"]  # SKU
    assert "Sepatu Kulit Oxford Sogan" in search(page, base, "sandal")  # its category: Sepatu & Sandal
    assert "Kain Batik Tulis Mega Mendung" in search(page, base, "cirebon")  # a tag
    assert search(page, base, "qwertyzzz") == []
    assert page.locator(".search-status").inner_text().startswith("Tidak ada produk")
    assert errors == []


def test_header_form_typing_and_no_early_loading(demo, serve_site, page):
    """The header's plain GET form leads to the search page; Pagefind loads only once a search is made."""
    errors = console_errors(page)
    base = serve_site(demo / "public")
    loaded: list[str] = []
    page.on("request", lambda r: loaded.append(r.url) if "/pagefind/" in r.url else None)
    page.goto(base + "/")
    assert not loaded
    page.fill("#site-search-q", "kopi")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/search/?q=kopi")
    page.wait_for_function("() => document.querySelectorAll('.search-results li').length === 3")
    assert loaded
    page.fill("#search-q", "tenun")  # typing searches again and keeps the address shareable
    page.wait_for_function("() => document.querySelector('.search-status').textContent.includes('tenun')")
    assert "q=tenun" in page.url
    assert all("Tenun" in t or "tenun" in t.lower() for t in page.locator(".search-title").all_inner_texts()[:3])
    page.goto(base + "/search/")
    assert page.locator(".search-results li").count() == 0
    assert errors == []


def test_search_under_a_sub_path(tmp_path, serve_site, page):
    errors = console_errors(page)
    shop = copy_demo(tmp_path / "shop")
    code, err = build(shop, "--base-url", "https://example.test/shop/")
    assert code == 0, err
    base = serve_site(shop / "public", "/shop/")
    assert set(search(page, base, "batik")) == BATIK
    links = page.locator(".search-results a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert links and all(link.startswith("/shop/products/") for link in links)
    page.wait_for_load_state("networkidle")
    images = page.locator(".search-results img").evaluate_all("imgs => imgs.map(i => i.complete && i.naturalWidth > 0)")
    assert len(images) == 4 and all(images)
    page.locator(".search-results a").first.click()
    page.wait_for_load_state()
    assert page.url.startswith(base + "/products/")
    assert errors == []


def test_both_themes_have_the_header_form(tmp_path):
    for theme in ("etalase", "pasar"):
        shop = make_shop(tmp_path / theme, {"shop.toml": f'title = "T"\nbase_url = "https://t.example/toko/"\ntheme = "{theme}"\n'
                                                        '[contact]\nemail = "a@t.example"\n'})
        assert build(shop)[0] == 0
        html = (shop / "public/index.html").read_text()
        assert '<form class="site-search" action="/toko/search/" role="search">' in html
        assert 'name="q"' in html and '<label class="visually-hidden" for="site-search-q">Cari produk</label>' in html
        assert (shop / "public/pagefind/pagefind.js").is_file()


def test_a_failed_index_keeps_the_previous_site(tmp_path, monkeypatch):
    import subprocess

    shop = make_shop(tmp_path)
    assert build(shop)[0] == 0
    before = (shop / "public/index.html").read_bytes()
    real = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda command, **kw: real(["false"], **kw) if any("pagefind" in str(part) for part in command) else real(command, **kw))
    code, err = build(shop, "--force")
    assert code == 1 and "search index could not be made" in err
    assert (shop / "public/index.html").read_bytes() == before and (shop / "public/pagefind/pagefind.js").is_file()


def test_preview_indexes_once_edits_settle(tmp_path, page):
    """`etalase serve` writes its mirror with its search index in the background after a rebuild and serves it as pagefind/."""
    import time

    from generator.build import BuildOptions
    from generator.reporter import Reporter
    from generator.serve import start, stop

    shop = make_shop(tmp_path / "shop")
    server, preview, observers = start(BuildOptions(root=shop, use_git=False), "127.0.0.1", 0, Reporter(0))
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        deadline = time.monotonic() + 30
        while preview.search_dir is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert search(page, base, "kemeja") == ["Kemeja Batik"]
        product = shop / "content/products/kemeja.md"
        product.write_text(product.read_text().replace("title: Kemeja Batik", "title: Kemeja Lurik"))
        found: list[str] = []
        while found != ["Kemeja Lurik"] and time.monotonic() < deadline + 30:
            time.sleep(0.5)
            found = search(page, base, "lurik")
        assert found == ["Kemeja Lurik"]
        assert not (shop / "public").exists() and not (shop / "pagefind").exists()
        # The index is made by write_site while it writes the mirror, as it makes public/pagefind/ in a build
        assert preview.search_dir == shop.resolve() / ".etalase-cache/preview/pagefind" and (preview.search_dir / "pagefind.js").is_file()
    finally:
        stop(server, preview, observers)


def index_files(site) -> dict[str, bytes]:
    from tests.helpers import snapshot

    return {path: data for path, data in snapshot(site).items() if path.startswith("pagefind/")}


def test_an_edit_updates_the_index_as_a_clean_build_makes_it(tmp_path):
    """After a one-product edit the index is updated in place (only its changed files moved), and is the
    index a clean build of the same pages makes, byte for byte; also when its copy of the pages was tampered with."""
    from tests.helpers import product_md

    shop = make_shop(tmp_path / "shop", {"content/products/kaos.md": product_md(
        "title: Kaos Polos\nprice: 75000\nsku: KP-1\ncategory: Kaos\nphotos: [kemeja.jpg]")})
    assert build(shop)[0] == 0
    product = shop / "content/products/kemeja.md"
    product.write_text(product.read_text().replace("title: Kemeja Batik", "title: Kemeja Lurik"))
    assert build(shop)[0] == 0
    assert build(shop, "--force", "--output", str(tmp_path / "clean"))[0] == 0
    updated = index_files(shop / "public")
    assert updated == index_files(tmp_path / "clean")
    import os

    from generator.graph import content_digest

    copies = shop / ".etalase-cache/search" / content_digest(os.fsencode((shop / "public").resolve()))[:16] / "pages/products"
    assert "Kemeja Lurik" in (copies / "kemeja/index.html").read_text()
    other = next(page for page in copies.glob("*/index.html") if page.parent.name != "kemeja")  # a page the edit leaves
    other.write_text("<html><body data-pagefind-body>kaos</body></html>")  # by hand: its size and time are not the manifest's
    product.write_text(product.read_text().replace("title: Kemeja Lurik", "title: Kemeja Tenun"))
    assert build(shop)[0] == 0
    assert build(shop, "--force", "--output", str(tmp_path / "clean"))[0] == 0
    assert index_files(shop / "public") == index_files(tmp_path / "clean") != updated


def test_a_new_site_starts_its_index_from_the_copy_when_the_copy_is_current(tmp_path):
    """public/ removed: the pages are all new to the site but not to the index's copy (which a build of a new tree
    leaves too, as links to its pages), and the index starts from it as soon as the product pages are rendered; a copy
    mostly out of date is not used, nor is any copy with --force."""
    import shutil

    shop = make_shop(tmp_path / "shop")
    product = shop / "content/products/kemeja.md"
    assert build(shop)[0] == 0  # a new tree: the index reads it, and the copy is made of links to its pages
    first = index_files(shop / "public")
    shutil.rmtree(shop / "public")
    code, err = build(shop, "-v")
    assert code == 0, err
    assert "started from its copy" in err
    assert index_files(shop / "public") == first
    code, err = build(shop, "-v", "--force")
    assert code == 0, err
    assert "started from its copy" not in err and index_files(shop / "public") == first
    shutil.rmtree(shop / "public")
    product.write_text(product.read_text().replace("title: Kemeja Batik", "title: Kemeja Lurik"))
    code, err = build(shop, "-v")
    assert code == 0, err
    assert "started from its copy" not in err  # its one page changed: the index reads the new tree
    assert build(shop, "--force", "--output", str(tmp_path / "clean"))[0] == 0
    assert index_files(shop / "public") == index_files(tmp_path / "clean") != first
    product.write_text(product.read_text().replace("title: Kemeja Lurik", "title: Kemeja Tenun"))
    assert build(shop)[0] == 0  # an edit, from the copy the tree left: the same index as a clean build's
    assert build(shop, "--force", "--output", str(tmp_path / "clean"))[0] == 0
    assert index_files(shop / "public") == index_files(tmp_path / "clean") != first


def test_an_edit_keeps_the_files_of_the_last_index_that_are_still_current(tmp_path):
    """Pagefind does not write again the files it names by their content: the new index starts with links to the
    live index's, so the fragments of pages an edit leaves are the same files as before (never written through:
    their bytes and times are as they were), the edited page's old fragment is gone, and the index is a clean
    build's, byte for byte; also after a product is removed."""
    import os

    from tests.helpers import product_md

    shop = make_shop(tmp_path / "shop", {f"content/products/kaos-{n}.md": product_md(
        f"title: Kaos Polos {n}\nprice: 75000\nsku: KP-{n}\ncategory: Kaos\nphotos: [kemeja.jpg]") for n in range(3)})
    assert build(shop)[0] == 0
    index = shop / "public/pagefind"

    def files() -> dict[str, tuple[int, int, bytes]]:
        return {path.relative_to(index).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns, path.read_bytes())
                for path in index.rglob("*") if path.is_file()}

    before = files()
    product = shop / "content/products/kemeja.md"
    product.write_text(product.read_text().replace("title: Kemeja Batik", "title: Kemeja Lurik"))
    code, err = build(shop, "-v")
    assert code == 0, err
    # the three fragments of the pages it leaves (and the filters' files, if any), not written again
    kept_line = next(line for line in err.splitlines() if "of its files kept from the last one" in line)
    assert int(kept_line.split("search index: ")[1].split()[0]) >= 3
    after = files()
    fragments = {name for name in before if name.startswith("fragment/")}
    kept = fragments & after.keys()
    assert len(kept) == 3 and all(after[name][0] == before[name][0] for name in kept)  # the same files, linked
    assert len([name for name in after if name.startswith("fragment/")]) == 4  # the edited page's old one is gone
    by_inode = {ino: (time, data) for ino, time, data in before.values()}
    assert all(by_inode[ino] == (time, data) for ino, time, data in after.values() if ino in by_inode)
    assert build(shop, "--force", "--output", str(tmp_path / "clean"))[0] == 0
    assert index_files(shop / "public") == index_files(tmp_path / "clean")
    os.unlink(shop / "content/products/kaos-1.md")
    assert build(shop)[0] == 0
    assert build(shop, "--force", "--output", str(tmp_path / "clean"))[0] == 0
    assert index_files(shop / "public") == index_files(tmp_path / "clean")
    assert len(list((index / "fragment").iterdir())) == 3


def pages_folder(root, titles: list[str]):
    for number, title in enumerate(titles):
        page = root / f"products/p{number}/index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f'<html lang="id"><body><article data-pagefind-body><h1>{title}</h1>'
                        f'<p data-pagefind-filter="warna">merah</p> {title} enak</article></body></html>')
    return root


def bundle(folder) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_an_index_made_on_the_last_one_is_the_one_made_from_nothing(tmp_path):
    """index_site on the kept files of the last index: stale fragments, chunks and filters are removed; a last index
    whose meta cannot be read is not kept, nor one written by another Pagefind version (the index is made afresh)."""
    from generator.outputs import search

    pages = pages_folder(tmp_path / "site", ["Kopi", "Teh", "Susu"])
    search.index_site(pages, tmp_path / "last")
    kept = {name: file for name, file in ((p.relative_to(tmp_path / "last").as_posix(), p)
            for p in (tmp_path / "last").rglob("*") if p.is_file()) if search.content_named(name)}
    assert any(name.startswith("filter/") for name in kept) and any(name.endswith(".pf_meta") for name in kept)
    pages_folder(pages, ["Kopi Arabika", "Teh"])
    (pages / "products/p2/index.html").unlink()
    search.index_site(pages, tmp_path / "fresh")
    linked = search.keep_last_index(tmp_path / "new", kept)
    assert linked is not None and linked.names == kept.keys()
    # "Teh"'s fragment and what else the new pages leave as it was
    assert 1 <= search.index_site(pages, tmp_path / "new", kept=linked) < len(kept)
    assert bundle(tmp_path / "new") == bundle(tmp_path / "fresh") != bundle(tmp_path / "last")

    linked = search.keep_last_index(tmp_path / "new", kept)
    other = search.KeptIndex("0.0.1", linked.names)  # as if another Pagefind had written them
    assert search.index_site(pages, tmp_path / "new", kept=other) == 0
    assert bundle(tmp_path / "new") == bundle(tmp_path / "fresh")

    meta = next(file for name, file in kept.items() if name.endswith(".pf_meta"))
    meta.write_bytes(b"not a meta")
    assert search.keep_last_index(tmp_path / "new", kept) is None and not (tmp_path / "new").exists()


def test_prune_tells_a_bundle_it_cannot_read(tmp_path):
    from generator.outputs import search_bundle
    from generator.outputs.search import index_site

    index_site(pages_folder(tmp_path / "site", ["Kopi"]), tmp_path / "index")
    made = bundle(tmp_path / "index")
    stale = tmp_path / "index/fragment/id_0000000.pf_fragment"
    stale.write_bytes(b"old")
    (tmp_path / "index/other.txt").write_text("not Pagefind's")  # not content-named: left to what made it
    assert search_bundle.prune(tmp_path / "index") == {"fragment/id_0000000.pf_fragment"} and not stale.exists()
    assert bundle(tmp_path / "index") == {**made, "other.txt": b"not Pagefind's"}
    fragment = next((tmp_path / "index/fragment").iterdir())
    fragment.unlink()  # a file the entry leads to is missing
    assert search_bundle.prune(tmp_path / "index") is None
    (tmp_path / "index/pagefind-entry.json").write_text("{}")
    assert search_bundle.prune(tmp_path / "index") is None


def test_the_indexer_is_run_itself_not_through_its_python_wrapper(monkeypatch):
    """Found where `python -m pagefind` finds it: PAGEFIND_BINARY_PATH first, then the installed binary package."""
    import os
    import sys
    from pathlib import Path

    from generator.outputs.search import pagefind_command

    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    command = pagefind_command()
    assert len(command) == 1 and command[0] != sys.executable and Path(command[0]).name.startswith("pagefind"), command
    assert os.access(command[0], os.X_OK)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/opt/pagefind/pagefind")
    assert pagefind_command() == ["/opt/pagefind/pagefind"]
