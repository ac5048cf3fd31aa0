"""The preview's build loop without the HTTP side: its mirror on disk, written by write_site."""

from __future__ import annotations

import datetime as dt
import os
import pickle
from pathlib import Path

from generator.build import BuildOptions
from generator.reporter import Reporter
from generator.serve.preview import Preview
from generator.state import CACHE_DIR, STATE_FILE
from generator.write import MARKER, read_marker
from tests.helpers import make_shop, product_md, snapshot

TODAY = dt.date(2026, 12, 2)
SHOP = {"content/products/kaos.md": product_md("title: Kaos\nprice: 90000\ncategory: Kaos\nsku: K-1\nphotos: [kemeja.jpg]")}
# More products in other categories: an edit to one renders a small part of the site
LARGER = {**SHOP, **{f"content/products/kain-{n}.md": product_md(f"title: Kain {n}\nprice: {100000 + n}\ncategory: Tenun {n % 3}\n"
                                                                   f"sku: T-{n}\nphotos: [kemeja.jpg]") for n in range(12)}}


def preview_of(shop: Path) -> Preview:
    return Preview(BuildOptions(root=shop, use_git=False, today=TODAY), Reporter(0))


def served(preview: Preview) -> dict[str, bytes]:
    """The site the preview serves, as files: its pages in memory and its photos."""
    snapshot_ = preview.state.snapshot
    assert snapshot_ is not None
    return {**snapshot_.files, **{path: source.read_bytes() for path, source in snapshot_.links.items()}}


def mirror_files(preview: Preview) -> dict[str, bytes]:
    return {path: data for path, data in snapshot(preview.mirror).items() if path != MARKER and not path.startswith("pagefind/")}


def save(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_mirror_is_written_apart_from_the_rebuild_as_build_writes_public(tmp_path):
    shop = make_shop(tmp_path / "shop", SHOP)
    preview = preview_of(shop)
    preview.rebuild()
    assert preview.state.snapshot is not None and not preview.mirror.exists() and not preview.mirrored  # a rebuild writes nothing
    preview.write_mirror()
    assert preview.mirrored and mirror_files(preview) == served(preview)
    assert preview.search_dir == preview.mirror / "pagefind" and (preview.search_dir / "pagefind.js").is_file()
    inodes = {path: (preview.mirror / path).stat().st_ino for path in mirror_files(preview)}

    product = shop / "content/products/kemeja.md"
    save(product, "price: 185000", "price: 199000")
    preview.rebuild({str(product)})
    assert not preview.mirrored
    preview.write_mirror()
    assert preview.mirrored and mirror_files(preview) == served(preview)
    after = {path: (preview.mirror / path).stat().st_ino for path in mirror_files(preview)}
    rewritten = {path for path in after if after[path] != inodes.get(path)}
    assert "products/kemeja/index.html" in rewritten and "products/kaos/index.html" not in rewritten  # the rest is hard-linked
    assert "privacy/index.html" not in rewritten and not any(path.startswith("photos/") for path in rewritten)
    state = pickle.loads((shop / CACHE_DIR / STATE_FILE).read_bytes())
    assert state["outputs"][str(preview.mirror)]["build"] == read_marker(preview.mirror)["build"]  # the mirror's records, kept
    assert not list(preview.mirror.parent.glob(".preview.etalase-work*"))  # nothing left of the swap


def test_a_failed_search_index_keeps_the_mirror_and_its_index(tmp_path, monkeypatch):
    from generator.outputs import search

    shop = make_shop(tmp_path / "shop", SHOP)
    preview = preview_of(shop)
    preview.rebuild()
    preview.write_mirror()
    before = snapshot(preview.mirror)
    product = shop / "content/products/kemeja.md"
    save(product, "price: 185000", "price: 199000")
    preview.rebuild({str(product)})

    def fails(folder: Path, target: Path, timeout: float = 0, kept=None) -> None:
        target.mkdir(exist_ok=True)  # it may hold the last index's files, kept
        (target / "half.js").write_text("half")  # written before it failed
        raise search.BuildError([search.Problem("search", None, "the search index could not be made (test)", kind="search")])

    monkeypatch.setattr(search, "index_site", fails)
    preview.write_mirror()
    assert not preview.mirrored and snapshot(preview.mirror) == before  # the whole old tree, index and all


def clean_site(shop: Path, work: Path) -> dict[str, bytes]:
    """A build of the same files from scratch (a copy, file times kept: they are the dates shown)."""
    import shutil

    from generator.build import Builder

    shutil.copytree(shop, work, ignore=shutil.ignore_patterns("public", CACHE_DIR))
    Builder(BuildOptions(root=work, use_git=False, today=TODAY)).build()
    return {path: data for path, data in snapshot(work / "public").items() if path != MARKER and not path.startswith("pagefind/")}


def build(shop: Path) -> None:
    from generator.build import Builder

    Builder(BuildOptions(root=shop, use_git=False, today=TODAY)).build()


def test_serve_after_a_build_renders_only_what_changed(tmp_path):
    shop = make_shop(tmp_path / "shop", LARGER)
    untouched = preview_of(make_shop(tmp_path / "unbuilt", LARGER))
    untouched.rebuild()
    build(shop)
    save(shop / "content/products/kemeja.md", "price: 185000", "price: 199000")
    preview = preview_of(shop)
    preview.rebuild()
    rendered = set(preview.state.rendered)
    assert "products/kemeja/index.html" in rendered and "category/batik/index.html" in rendered
    assert not {"products/kaos/index.html", "category/kaos/index.html", "privacy/index.html", "404.html"} & rendered
    assert len(rendered) < len(untouched.state.rendered) / 2  # without a build before it, every page is rendered
    assert served(preview) == clean_site(shop, tmp_path / "clean")


def test_a_second_preview_starts_from_the_first_ones_mirror(tmp_path):
    shop = make_shop(tmp_path / "shop", LARGER)
    first = preview_of(shop)
    first.rebuild()
    first.write_mirror()
    save(shop / "content/products/kaos.md", "price: 90000", "price: 95000")
    second = preview_of(shop)
    second.rebuild()
    rendered = set(second.state.rendered)
    assert "products/kaos/index.html" in rendered and not {"products/kemeja/index.html", "privacy/index.html"} & rendered
    assert len(rendered) < len(first.state.rendered) / 2
    assert served(second) == clean_site(shop, tmp_path / "clean")
    second.write_mirror()
    assert mirror_files(second) == served(second)


def test_build_and_the_mirror_keep_their_records_side_by_side(tmp_path):
    shop = make_shop(tmp_path / "shop", SHOP)
    public = (shop / "public").resolve()
    build(shop)
    preview = preview_of(shop)
    preview.rebuild()
    preview.write_mirror()

    def saved() -> dict:
        return pickle.loads((shop / CACHE_DIR / STATE_FILE).read_bytes())["outputs"]

    assert saved()[str(public)]["build"] == read_marker(public)["build"]
    assert saved()[str(preview.mirror)]["build"] == read_marker(preview.mirror)["build"]
    save(shop / "content/products/kaos.md", "price: 90000", "price: 95000")
    build(shop)
    assert set(saved()) == {str(public), str(preview.mirror)}  # a build keeps the mirror's
    assert saved()[str(public)]["build"] == read_marker(public)["build"]


def test_a_site_changed_while_it_is_read_is_rendered_again(tmp_path):
    """The first build keeps files of public/ by their records; one that changed since (another build
    swapped public/ meanwhile) is not served: the whole site is rendered again."""
    shop = make_shop(tmp_path / "shop", SHOP)
    build(shop)
    preview = preview_of(shop)
    compose = preview.builder.compose
    page = shop / "public/products/kaos/index.html"

    def then_changed(*args, **kwargs):
        site = compose(*args, **kwargs)
        page.write_bytes(page.read_bytes().replace(b"Kaos", b"Kaus"))
        return site

    preview.builder.compose = then_changed
    preview.rebuild()
    assert served(preview) == clean_site(shop, tmp_path / "clean")


def test_an_unchanged_product_stays_the_same_object_from_build_to_build(tmp_path):
    """The preview's memos after the dates (views, feed items) compare products: an unchanged one, with
    variants too, is the last build's object (compared at once), an edited one a new object."""
    bag = product_md("title: Tas\nprice: 150000\nsku: TAS-1\ncategory: Tas\nphotos: [kemeja.jpg]\n"
                     "options: {Warna: [Merah, Hitam]}\nvariants: [{Warna: Hitam, price: 160000}]")
    shop = make_shop(tmp_path / "shop", {**LARGER, "content/products/tas.md": bag})
    preview = preview_of(shop)
    preview.rebuild()
    assert preview.builder.edit_context is not None
    before = dict(preview.builder.edit_context.products)
    kaos = shop / "content/products/kaos.md"
    save(kaos, "price: 90000", "price: 95000")
    preview.rebuild({str(kaos)})
    after = preview.builder.edit_context.products
    assert after[str(shop / "content/products/tas.md")] is before[str(shop / "content/products/tas.md")]
    assert after[str(shop / "content/products/kain-3.md")] is before[str(shop / "content/products/kain-3.md")]
    assert after[str(kaos)] is not before[str(kaos)] and after[str(kaos)].price == 95000
    os.utime(shop / "content/products/kain-3.md", (1_790_000_000, 1_790_000_000))  # a new date, the same text
    preview.rebuild({str(shop / "content/products/kain-3.md")})
    dated = preview.builder.edit_context.products[str(shop / "content/products/kain-3.md")]
    assert dated is not before[str(shop / "content/products/kain-3.md")] and dated.added == dt.date(2026, 9, 21)


def test_the_collector_waits_while_a_rebuild_runs_and_is_on_again_after(tmp_path, monkeypatch):
    """Python's full collections over the preview's memos cost ~100 ms: held off during a rebuild (the
    seller waits for it), run once after it, with what the first build left frozen out of them; never left
    off, not even when the rebuild fails."""
    import gc

    shop = make_shop(tmp_path / "shop", SHOP)
    preview = preview_of(shop)
    seen: list[bool] = []
    compose = preview._compose

    def watched(base):
        seen.append(gc.isenabled())
        return compose(base)

    monkeypatch.setattr(preview, "_compose", watched)
    gc.unfreeze()
    preview.rebuild()
    assert seen == [False] and gc.isenabled()
    assert gc.get_freeze_count() > 0  # the first build's objects: out of the later collections
    gc.unfreeze()
    preview.rebuild()
    assert gc.get_freeze_count() == 0  # frozen once, after the first build only
    monkeypatch.setattr(preview, "_rebuild", lambda changed: 1 / 0)
    try:
        preview.rebuild()
    except ZeroDivisionError:
        pass
    assert gc.isenabled()


def test_a_build_s_category_views_go_once_a_later_build_replaced_them(tmp_path):
    """A remembered product view is kept without its category: the category's product list would keep that
    build's every view alive for as long as the product stays unchanged, one build more for each edit. A
    category none of whose products changed is kept as it is (views.with_categories); one an edit touched is
    made again, and the one it replaces goes."""
    import gc
    import weakref

    shop = make_shop(tmp_path / "shop", LARGER)
    preview = preview_of(shop)
    preview.rebuild()
    kaos = shop / "content/products/kaos.md"
    save(kaos, "price: 90000", "price: 91000")
    preview.rebuild({str(kaos)})  # kaos's view is made in this build, with this build's categories
    assert preview.builder.edit_context is not None
    category = weakref.ref(preview.builder.edit_context.categories["Kaos"])
    other = shop / "content/products/kain-1.md"
    for price in ("100002", "100003"):
        save(other, f"price: {int(price) - 1}", f"price: {price}")
        preview.rebuild({str(other)})  # kaos unchanged: its remembered view is used
    assert preview.builder.edit_context.categories["Kaos"] is category()  # untouched: kept with its product list
    save(kaos, "price: 91000", "price: 92000")
    preview.rebuild({str(kaos)})
    gc.collect()
    assert category() is None
