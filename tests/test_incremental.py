"""The build graph: an incremental build is byte-identical to a clean one, and an edit renders only what it touches."""

from __future__ import annotations

import datetime as dt
import pickle
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import BuildOptions, Builder
from generator.outputs.pages import PageGraph
from generator.outputs.search import SearchIndexing
from generator.state import CACHE_DIR, STATE_FILE
from generator.write import MARKER
from tests.helpers import PRIVACY, SHOP_TOML, make_photo, product_md, snapshot

TODAY = dt.date(2026, 12, 2)
CATEGORIES = ("Batik", "Tenun", "Kopi")
PHOTOS = ("content/products/kemeja.jpg", "content/products/kaos.jpg")


def product(title: str, price: int, category: str, photo: str, extra: str = "") -> str:
    return product_md(f"title: {title}\nprice: {price}\ncategory: {category}\ntags: [{category.lower()}, harian]\n"
                      f"photos: [{{src: {photo}, alt: Foto {title}}}]\n{extra}")


def make_catalog(root: Path) -> Path:
    files = {
        "shop.toml": SHOP_TOML + "\n[catalog]\nper_page = 2\n",
        "content/pages/privacy.md": PRIVACY,
        "content/products/kemeja.md": product("Kemeja", 185000, "Batik", "kemeja.jpg"),
        "content/products/kaos.md": product("Kaos", 95000, "Batik", "kaos.jpg", "availability: preorder\nready_date: 2026-12-20\n"),
        "content/products/kain.md": product("Kain", 450000, "Tenun", "kemeja.jpg"),
        "content/products/kopi.md": product("Kopi", 60000, "Kopi", "kaos.jpg", "stock: 2\n"),
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    make_photo(root / PHOTOS[0], color=(180, 60, 40))
    make_photo(root / PHOTOS[1], color=(30, 90, 160))
    return root


def build(shop: Path, today: dt.date, output: Path | None = None) -> object:
    return Builder(BuildOptions(root=shop, output=output, use_git=False, today=today)).build()


def clean_build(shop: Path, today: dt.date, work: Path) -> dict[str, bytes]:
    """A build of the same files from scratch: a copy (times kept) with no output and no records, photos cached."""
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(shop, work, ignore=shutil.ignore_patterns("public"))
    state_file = work / CACHE_DIR / STATE_FILE
    state = pickle.loads(state_file.read_bytes())
    state_file.write_bytes(pickle.dumps({key: state[key] for key in ("version", "photos")}))
    build(work, today)
    return site_files(work / "public")


def site_files(folder: Path) -> dict[str, bytes]:
    return {path: data for path, data in snapshot(folder).items() if path != MARKER}


def product_files(shop: Path) -> list[Path]:
    return sorted((shop / "content/products").glob("*.md"))


# One edit a seller (or the calendar) makes; `choice` picks the product or the value.
def edit(shop: Path, kind: str, choice: int, today: dt.date) -> dt.date:
    products = product_files(shop)
    target = products[choice % len(products)]
    text = target.read_text(encoding="utf-8")
    if kind == "price":
        target.write_text(text.replace("price: ", f"price: {choice + 1}", 1), encoding="utf-8")
    elif kind == "title":
        target.write_text(text.replace("title: ", f"title: Baru {choice} ", 1), encoding="utf-8")
    elif kind == "category":
        old = next(c for c in CATEGORIES if f"category: {c}\n" in text)
        target.write_text(text.replace(f"category: {old}\n", f"category: {CATEGORIES[choice % len(CATEGORIES)]}\n"), encoding="utf-8")
    elif kind == "new":
        (shop / f"content/products/baru-{choice}.md").write_text(
            product(f"Baru {choice}", 10000 + choice, CATEGORIES[choice % 3], "kemeja.jpg"), encoding="utf-8")
    elif kind == "delete" and len(products) > 1:
        target.unlink()
    elif kind == "photo":
        swapped = text.replace("kemeja.jpg", "@").replace("kaos.jpg", "kemeja.jpg").replace("@", "kaos.jpg")
        target.write_text(swapped, encoding="utf-8")
    elif kind == "template":
        override = shop / "templates/_footer.html"
        source = override if override.exists() else Path(__file__).parent.parent / "themes/etalase/templates/_footer.html"
        override.parent.mkdir(exist_ok=True)
        override.write_text(source.read_text(encoding="utf-8") + f"<!-- {choice} -->\n", encoding="utf-8")
    elif kind == "shop":
        config = shop / "shop.toml"
        config.write_text(config.read_text(encoding="utf-8").replace('title = "', f'title = "{choice} ', 1), encoding="utf-8")
    elif kind == "day":
        return today + dt.timedelta(days=1 + choice % 10)
    elif kind == "description":
        target.write_text(text.rstrip("\n") + f" Edisi {choice}.\n", encoding="utf-8")
    elif kind == "card":  # a card that reads more of a product: a field, a field by `attr`, the whole view
        override = shop / "templates/_card.html"
        override.parent.mkdir(exist_ok=True)
        override.write_text(CARD.read_text(encoding="utf-8").replace("</li>", CARD_READS[choice % len(CARD_READS)] + "</li>"),
                            encoding="utf-8")
    return today


CARD = Path(__file__).parent.parent / "themes/etalase/templates/_card.html"
CARD_READS = ("<p>{{ product.meta_description }}</p>", "<p>{{ product|attr('description') }}</p>",
              "<p>{{ product|string|length }}</p>", "{% if product.description|length > 60 %}<p>panjang</p>{% endif %}",
              # made text without a filter: joined by ~, or formatted into a translated sentence
              "<p>{{ (product ~ '')|length }}</p>", "<p>{{ _('%(p)s', p=product)|length }}</p>")

EDITS = st.lists(st.tuples(st.sampled_from(["price", "title", "category", "new", "delete", "photo", "template", "shop", "day",
                                            "description", "card"]),
                           st.integers(0, 50)), min_size=1, max_size=5)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_incremental_build_equals_clean_build_after_every_edit(tmp_path_factory, monkeypatch, edits):
    # The search index is made from the written pages by Pagefind, not by the graph (tests/test_search.py): left
    # out here, it would be most of the time of these ~100 builds.
    monkeypatch.setattr(SearchIndexing, "start", lambda self, pages, into: None)
    monkeypatch.setattr(SearchIndexing, "start_on_tree", lambda self, folder, into: None)
    root = tmp_path_factory.mktemp("shop")
    shop = make_catalog(root / "shop")
    today = TODAY
    build(shop, today)
    for kind, choice in edits:
        today = edit(shop, kind, choice, today)
        build(shop, today)
        assert site_files(shop / "public") == clean_build(shop, today, root / "clean"), f"after {kind} {choice}"


def composed(site, kept_from: dict[str, bytes]) -> tuple[dict[str, bytes], list[str]]:
    """A composed site's files as the preview serves them (kept ones from the site before, photos from their cache),
    and its warnings."""
    files = {**{path: kept_from[path] for path in site.kept}, **site.files}
    files.update({path: Path(source).read_bytes() for path, source in site.links.items()})
    return files, [str(warning) for warning in site.result.warnings]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=EDITS)
def test_the_previews_long_lived_builder_equals_a_new_one_after_every_edit(tmp_path_factory, edits):
    """The preview keeps one builder, with its memos (views, the feed's items, the environment and its template
    digests), between builds: after each edit its site and warnings are those of a builder that starts afresh."""
    from generator.previous import from_files

    shop = make_catalog(tmp_path_factory.mktemp("shop") / "shop")
    today = TODAY
    builder = Builder(BuildOptions(root=shop, use_git=False, today=today))
    builder.incremental = True
    site = builder.compose()
    files, _ = composed(site, {})
    for kind, choice in edits:
        today = edit(shop, kind, choice, today)
        builder.options.today = today
        site = builder.compose(previous=from_files(site.records, files))
        files, warnings = composed(site, files)
        fresh = Builder(BuildOptions(root=shop, use_git=False, today=today)).compose()
        assert (files, warnings) == composed(fresh, {}), f"after {kind} {choice}"


def test_the_previews_feed_remakes_only_the_edited_products_items_and_says_the_others_warnings_again(tmp_path, monkeypatch):
    from generator.outputs import feed
    from generator.previous import from_files

    shop = make_catalog(tmp_path / "shop")
    later = dt.date(2027, 1, 5)  # kaos's ready date has passed: left out of the feed, with a warning
    builder = Builder(BuildOptions(root=shop, use_git=False, today=later))
    builder.incremental = True
    made: list[str] = []
    real_items = feed._Items
    monkeypatch.setattr(feed, "_Items", lambda shop_, product, *rest: made.append(product.slug) or real_items(shop_, product, *rest))
    site = builder.compose()
    files, warnings = composed(site, {})
    assert sorted(made) == ["kain", "kaos", "kemeja", "kopi"]
    assert any("kaos.md:8: ready_date: 2026-12-20 has passed, so the product is left out of products.xml" in w for w in warnings)
    made.clear()
    edited = shop / "content/products/kopi.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("price: 60000", "price: 65000"), encoding="utf-8")
    site = builder.compose(previous=from_files(site.records, files))
    assert made == ["kopi"]
    again, warnings_again = composed(site, files)
    assert warnings_again == warnings and b"65000" in again["products.xml"]
    assert (again, warnings_again) == composed(Builder(BuildOptions(root=shop, use_git=False, today=later)).compose(), {})


def test_the_previews_catalog_json_encodes_again_only_the_entries_of_views_it_made_again(tmp_path, monkeypatch):
    from generator.outputs import catalog
    from generator.previous import from_files

    shop = make_catalog(tmp_path / "shop")
    builder = Builder(BuildOptions(root=shop, use_git=False, today=TODAY))
    builder.incremental = True
    encoded: list[str] = []
    entry = catalog.catalog_entry
    monkeypatch.setattr(catalog, "catalog_entry", lambda view: encoded.append(view.slug) or entry(view))
    site = builder.compose()
    files, _ = composed(site, {})
    assert sorted(encoded) == ["kain", "kaos", "kemeja", "kopi"]
    encoded.clear()
    kain = shop / "content/products/kain.md"  # alone in its category: the other categories' views are kept
    kain.write_text(kain.read_text(encoding="utf-8").replace("price: 450000", "price: 455000"), encoding="utf-8")
    site = builder.compose(previous=from_files(site.records, files))
    assert encoded == ["kain"]
    again, _ = composed(site, files)
    assert b'"price":455000' in again["catalog.json"]
    assert again["catalog.json"] == composed(Builder(BuildOptions(root=shop, use_git=False, today=TODAY)).compose(), {})[0]["catalog.json"]


def test_an_edit_renders_only_the_product_its_lists_and_the_files_that_list_every_product(tmp_path):
    shop = make_catalog(tmp_path / "shop")
    first = build(shop, TODAY)
    before = snapshot(shop / "public")
    kopi = shop / "content/products/kopi.md"
    kopi.write_text(kopi.read_text(encoding="utf-8").replace("title: Kopi", "title: Kopi Gayo"), encoding="utf-8")
    second = build(shop, TODAY)
    after = snapshot(shop / "public")
    changed = {path for path in after if before.get(path) != after[path] and not path.startswith("pagefind/")} - {MARKER}
    assert second.written == len(changed)  # written are exactly the files that changed (the search index is made anew)
    lists_with_kopi = {path for path in changed if path.startswith(("products/", "category/kopi/", "tag/kopi/", "tag/harian/"))
                       and path != "products/kopi/index.html"}
    every_product = {"index.html", "feed.xml", "sitemap.xml", "catalog.json", "cart/index.html", "products.xml"}  # the files that list them all
    assert changed - lists_with_kopi <= {"products/kopi/index.html"} | every_product, changed
    assert {"products/kopi/index.html", "feed.xml", "catalog.json", "category/kopi/index.html"} <= changed
    assert lists_with_kopi and all("kopi" in after[path].decode() or "Kopi" in after[path].decode() for path in lists_with_kopi)
    assert "category/batik/index.html" not in changed and "tag/batik/index.html" not in changed and "privacy/index.html" not in changed
    assert second.pages == first.pages and second.written < first.written / 2
    third = build(shop, TODAY)
    assert third.up_to_date


def rendered_by(build_it, monkeypatch) -> list[str]:
    """The pages `build_it()` renders (not only those whose bytes changed)."""
    from generator.outputs import pages

    rendered: list[str] = []
    render = pages._render
    monkeypatch.setattr(pages, "_render", lambda env, name, path, **values: rendered.append(path) or render(env, name, path, **values))
    build_it()
    monkeypatch.setattr(pages, "_render", render)
    return rendered


def test_a_description_edit_renders_only_the_pages_that_show_the_description(tmp_path, monkeypatch):
    # A list page (and the home page) is keyed by the fields of its products that it read: a card shows no
    # description, so the lists holding the product are not rendered again; the feed shows it.
    shop = make_catalog(tmp_path / "shop")
    build(shop, TODAY)
    kopi = shop / "content/products/kopi.md"
    kopi.write_text(kopi.read_text(encoding="utf-8").rstrip("\n") + " Disangrai pekan ini.\n", encoding="utf-8")
    assert sorted(rendered_by(lambda: build(shop, TODAY), monkeypatch)) == ["feed.xml", "products/kopi/index.html"]
    assert site_files(shop / "public") == clean_build(shop, TODAY, tmp_path / "clean")
    kopi.write_text(kopi.read_text(encoding="utf-8").replace("title: Kopi", "title: Kopi Gayo"), encoding="utf-8")
    again = rendered_by(lambda: build(shop, TODAY), monkeypatch)  # a card shows the title: every list holding it
    assert {"index.html", "category/kopi/index.html", "tag/harian/page/2/index.html", "products/by/price-asc/index.html"} <= set(again)
    assert "category/batik/index.html" not in again


def test_a_card_that_reads_more_of_a_product_makes_its_lists_depend_on_it(tmp_path, monkeypatch):
    # What a page reads is recorded while it renders: a field by name or by the attr filter, or the view whole
    # (printed, or given to a filter), each makes the lists holding the product render again when it changes.
    for reads in CARD_READS:
        shop = make_catalog(tmp_path / f"shop-{CARD_READS.index(reads)}")
        (shop / "templates").mkdir()
        (shop / "templates/_card.html").write_text(CARD.read_text(encoding="utf-8").replace("</li>", reads + "</li>"), encoding="utf-8")
        build(shop, TODAY)
        kopi = shop / "content/products/kopi.md"
        opening = "\n---\n"  # the description starts after the front matter: its start is in the meta description too
        kopi.write_text(kopi.read_text(encoding="utf-8").replace(opening, opening + "Disangrai pekan ini. ", 1), encoding="utf-8")
        again = rendered_by(lambda: build(shop, TODAY), monkeypatch)
        assert {"index.html", "category/kopi/index.html", "tag/kopi/index.html"} <= set(again), reads
        assert [path for path in again if path.startswith("products/by/") or path.startswith("products/page/")], reads
        assert "category/batik/index.html" not in again, reads
        assert site_files(shop / "public") == clean_build(shop, TODAY, tmp_path / "clean"), reads


def keys_digested(monkeypatch) -> list[str]:
    """The pages whose keys the builds from now on digest (filled as they run), not taken over from the last build."""
    digested: list[str] = []
    key = PageGraph.key

    def counted(graph: PageGraph, job) -> tuple[str, str]:
        result = key(graph, job)
        old = graph.previous.records.get(graph.prefix + job.path)
        if old is None or result[0] is not old.key:  # a key taken over is the recorded string itself
            digested.append(job.path)
        return result

    monkeypatch.setattr(PageGraph, "key", counted)
    return digested


def test_an_edit_digests_the_keys_of_only_the_lists_that_hold_the_product(tmp_path, monkeypatch):
    # A list page's key is its list's digest, made once for all its pages: the pages of lists the edit did not
    # touch keep their keys without digesting their products again (pages.PageGraph.key).
    shop = make_catalog(tmp_path / "shop")
    build(shop, TODAY)
    digested = keys_digested(monkeypatch)
    kopi = shop / "content/products/kopi.md"
    kopi.write_text(kopi.read_text(encoding="utf-8").replace("price: 60000", "price: 65000"), encoding="utf-8")
    build(shop, TODAY)
    untouched = ("category/batik/", "category/tenun/", "tag/batik/", "tag/tenun/")
    assert not [path for path in digested if path.startswith(untouched)], digested
    assert {"category/kopi/index.html", "tag/harian/page/2/index.html", "products/by/price-asc/index.html"} <= set(digested)
    assert "products/kopi/index.html" in digested


def test_a_list_is_digested_by_the_fields_its_pages_read_so_a_description_edit_keeps_every_lists_keys(tmp_path, monkeypatch):
    # A list's digest is made of its products' fields that its pages read (and those it is sorted and filtered
    # by): right after a first build, as after any, a description edit digests no list page's key again...
    shop = make_catalog(tmp_path / "shop")
    build(shop, TODAY)
    digested = keys_digested(monkeypatch)
    kopi = shop / "content/products/kopi.md"
    kopi.write_text(kopi.read_text(encoding="utf-8").rstrip("\n") + " Disangrai pekan ini.\n", encoding="utf-8")
    build(shop, TODAY)
    assert not [path for path in digested if "/by/" in path or path.startswith(("category/", "tag/", "products/page/"))], digested
    assert "products/kopi/index.html" in digested
    # ... until a card shows the description: then the lists holding the product are digested and rendered again.
    (shop / "templates").mkdir()
    (shop / "templates/_card.html").write_text(CARD.read_text(encoding="utf-8").replace("</li>", "<p>{{ product.description }}</p></li>"),
                                              encoding="utf-8")
    build(shop, TODAY)
    digested.clear()
    kopi.write_text(kopi.read_text(encoding="utf-8").rstrip("\n") + " Segar.\n", encoding="utf-8")
    again = rendered_by(lambda: build(shop, TODAY), monkeypatch)
    assert {"category/kopi/index.html", "products/by/price-asc/index.html"} <= set(digested) & set(again)
    assert not [path for path in digested if path.startswith("category/batik/")], digested
    assert site_files(shop / "public") == clean_build(shop, TODAY, tmp_path / "clean")


def test_a_site_edited_by_hand_is_made_again_where_it_was_changed(tmp_path):
    shop = make_catalog(tmp_path / "shop")
    build(shop, TODAY)
    page = shop / "public/products/kain/index.html"
    clean = page.read_bytes()
    page.write_bytes(b"changed by hand")
    (shop / "content/products/kopi.md").write_text(product("Kopi", 61000, "Kopi", "kaos.jpg"), encoding="utf-8")
    build(shop, TODAY)
    assert page.read_bytes() == clean


def test_records_of_another_build_are_not_trusted(tmp_path):
    """A marker written by another copy of the shop (another cache): nothing of that folder is kept."""
    shop = make_catalog(tmp_path / "shop")
    first = build(shop, TODAY)
    state_file = shop / CACHE_DIR / STATE_FILE
    state = pickle.loads(state_file.read_bytes())
    for saved in state["outputs"].values():
        saved["build"] = "another"
    state_file.write_bytes(pickle.dumps(state))
    (shop / "content/products/kopi.md").write_text(product("Kopi", 61000, "Kopi", "kaos.jpg"), encoding="utf-8")
    result = build(shop, TODAY)
    assert result.written == first.written  # every file written again, as by the first build


def test_verbose_build_says_its_own_time_and_the_search_index_apart(tmp_path):
    from tests.helpers import run

    shop = make_catalog(tmp_path / "shop")
    code, _, err = run("build", "--shop", shop, "--no-git", "--today", TODAY.isoformat(), "-v")
    assert code == 0, err
    line = next(line for line in err.splitlines() + _.splitlines() if "Etalase's own work" in line)
    assert "the search index" in line and "files written, the rest kept from the last build" in line


def test_force_renders_every_page_again(tmp_path):
    shop = make_catalog(tmp_path / "shop")
    first = build(shop, TODAY)
    forced = Builder(BuildOptions(root=shop, use_git=False, today=TODAY, force=True)).build()
    assert forced.written == first.written and site_files(shop / "public") == clean_build(shop, TODAY, tmp_path / "clean")


def test_a_long_lived_builder_sees_a_new_template_override(tmp_path):
    """The preview keeps its builder and Jinja environment: a template added to templates/ must still win."""
    shop = make_catalog(tmp_path / "shop")
    builder = Builder(BuildOptions(root=shop, use_git=False, today=TODAY))
    builder.incremental = True
    first = builder.compose()
    override = shop / "templates/_footer.html"
    override.parent.mkdir()
    footer = (Path(__file__).parent.parent / "themes/etalase/templates/_footer.html").read_text(encoding="utf-8")
    override.write_text(footer + "<!-- ganti -->\n", encoding="utf-8")
    from generator.previous import from_files

    second = builder.compose(previous=from_files(first.records, first.files))
    assert b"<!-- ganti -->" in second.files["index.html"]


def test_a_long_lived_builder_sees_an_edited_and_a_removed_template(tmp_path):
    """Jinja does not check template files on each use here: an edit or a removal must give new pages anyway."""
    from generator.previous import from_files

    shop = make_catalog(tmp_path / "shop")
    override = shop / "templates/_footer.html"
    override.parent.mkdir()
    footer = (Path(__file__).parent.parent / "themes/etalase/templates/_footer.html").read_text(encoding="utf-8")
    override.write_text(footer + "<!-- one -->\n", encoding="utf-8")
    builder = Builder(BuildOptions(root=shop, use_git=False, today=TODAY))
    builder.incremental = True
    result = builder.compose()
    assert b"<!-- one -->" in result.files["index.html"]
    for marker in ("<!-- two -->", "<!-- three! -->"):  # the same size once, then another size
        override.write_text(footer + marker + "\n", encoding="utf-8")
        result = builder.compose(previous=from_files(result.records, result.files))
        assert marker.encode() in result.files["index.html"]
    override.unlink()
    result = builder.compose(previous=from_files(result.records, result.files))
    assert b"<!-- three! -->" not in result.files["index.html"] and b"<footer" in result.files["index.html"]
