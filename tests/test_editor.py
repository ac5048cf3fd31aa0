"""Issue 16, the build's half: /admin/ and the editor's configuration, generated from the schema.

The browser half (Sveltia CMS itself, in Chromium, on this configuration) is tests/test_editor_browser.py."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re

import pytest
import yaml
from hypothesis import given, strategies as st

from generator import config
from generator.contract import variants as v
from generator.contract.before_render import PAGE_FIELDS, PRODUCT_FIELDS
from generator.editor import admin, sveltia
from generator.editor.fields import WORDS_AT_LEAST
from tests.helpers import REPO, SHOP_TOML, build, make_shop, product_md, snapshot

EDITOR = '\n[editor]\nrepo = "tokouji/toko"\nbranch = "main"\n'


def editor_shop(root, toml: str = SHOP_TOML + EDITOR, files: dict | None = None):
    shop = make_shop(root, {"shop.toml": toml, **(files or {})})
    code, err = build(shop)
    assert code == 0, err
    return shop


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    return editor_shop(tmp_path_factory.mktemp("editor") / "shop")


def configuration(shop) -> dict:
    return yaml.safe_load((shop / "public/admin/config.yml").read_text(encoding="utf-8"))


def collection(data: dict, name: str) -> dict:
    return next(c for c in data["collections"] if c["name"] == name)


def names(fields: list[dict]) -> dict[str, dict]:
    return {field["name"]: field for field in fields}


# --------------------------------------------------------------------------- every key of the schema


def test_every_key_the_schema_accepts_is_in_the_configuration(shop):
    data = configuration(shop)
    products = names(collection(data, "products")["fields"])
    assert set(products) == set(PRODUCT_FIELDS) | {"body"}  # a new product key can never be forgotten here
    assert set(names(products["variants"]["fields"])) == set(v.ENTRY_FIELDS) | {v.FOR}
    assert set(names(products["photos"]["fields"])) == {"src", "alt", "focus"}  # every key a photo may have
    assert set(names(collection(data, "pages")["fields"])) == set(PAGE_FIELDS) | {"body"}
    settings = names(collection(data, "settings")["files"][0]["fields"])
    assert set(settings) == set(config.SHOP_FIELDS)
    sections = {"contact": config.CONTACT_FIELDS, "order": config.ORDER_FIELDS, "messages": config.MESSAGE_FIELDS,
                "quality": config.QUALITY_FIELDS, "catalog": config.CATALOG_FIELDS, "publish": config.PUBLISH_FIELDS,
                "editor": config.EDITOR_FIELDS, "returns": config.RETURNS_FIELDS}
    for section, fields in sections.items():
        assert set(names(settings[section]["fields"])) == set(fields), section


def test_each_key_has_the_widget_of_its_type_and_the_contract_rules(shop):
    data = configuration(shop)
    products = names(collection(data, "products")["fields"])
    assert products["price"] == {"name": "price", "label": "Harga (Rp)", "widget": "number", "value_type": "int", "min": 0,
                                 "hint": "Angka saja, tanpa titik: 185000.", "required": True}
    assert products["title"]["required"] and products["title"]["widget"] == "string"
    assert products["sale_price"]["widget"] == "number" and not products["sale_price"]["required"]
    for date in ("ready_date", "sale_until", "booked_until", "updated", "created"):
        assert {k: products[date][k] for k in ("widget", "type", "format")} == {"widget": "datetime", "type": "date", "format": "YYYY-MM-DD"}
    assert products["availability"]["widget"] == "select"
    assert products["availability"]["options"][:2] == [{"label": "Tersedia", "value": "in_stock"}, {"label": "Stok terbatas", "value": "low_stock"}]
    assert [o["value"] for o in products["availability"]["options"]] == ["in_stock", "low_stock", "preorder", "booked", "sold_out"]
    assert products["availability"]["default"] == "in_stock"
    assert products["stock"]["value_type"] == "int" and products["stock"]["min"] == 0
    assert products["featured"]["widget"] == "boolean"
    photos = products["photos"]
    assert photos["widget"] == "list" and photos["min"] == 1 and photos["required"]
    assert names(photos["fields"])["src"]["widget"] == "image"
    assert names(photos["fields"])["alt"] == {"name": "alt", "label": "Foto: keterangan untuk pembeli tunanetra", "widget": "string",
                                              "required": True, "hint": names(photos["fields"])["alt"]["hint"]}
    assert products["options"]["max"] == v.MAX_OPTIONS
    assert names(names(products["variants"]["fields"])["for"]["fields"]).keys() == {"name", "value"}
    assert names(products["variants"]["fields"])["photo"]["widget"] == "image"
    body = products["body"]
    assert body["widget"] == "markdown" and body["pattern"][1] == (
        "deskripsi: tulis minimal 30 kata (bahan, ukuran, perawatan, isi paket)")
    assert products["category"]["pattern"][0] == "^.{1,100}$"
    contact = names(names(collection(data, "settings")["files"][0]["fields"])["contact"]["fields"])
    assert contact["whatsapp"]["pattern"][1].startswith("WhatsApp: nomor dengan kode negara")
    assert contact["email"]["type"] == "email"


def test_an_english_shop_gets_english_words_and_the_builds_own_messages(tmp_path):
    toml = SHOP_TOML.replace('language = "id"', 'language = "en"').replace('currency = "IDR"', 'currency = "USD"') + EDITOR
    shop = editor_shop(tmp_path / "shop", toml)
    products = names(collection(configuration(shop), "products")["fields"])
    assert products["price"]["label"] == "Price ($)"
    assert products["price"]["value_type"] == "float"  # cents
    assert products["availability"]["options"][0] == {"label": "In stock", "value": "in_stock"}
    # the editor's message is the build's: a short description refused by both in the same words
    short = make_shop(tmp_path / "short", {"shop.toml": toml, "content/products/kemeja.md": product_md(
        "title: Shirt\nprice: 18.5\nphotos: [kemeja.jpg]", "Too short.")})
    code, err = build(short)
    assert code == 1
    message = products["body"]["pattern"][1]
    assert message == "description: write at least 30 words (what it is made of, sizes, care, what is in the package)"
    assert message.removeprefix("description: ") in err


def test_the_shipping_days_countries_and_returns_have_their_fields(shop):
    settings = names(collection(configuration(shop), "settings")["files"][0]["fields"])
    order = names(settings["order"]["fields"])
    assert order["handling_days"]["widget"] == "string" and order["handling_days"]["label"] == "Lama menyiapkan pesanan (hari)"
    assert order["transit_days"]["pattern"][1] == "hari: angka seperti 2 atau rentang seperti 1-3"
    assert order["ships_to"]["widget"] == "list" and not order["ships_to"]["required"]
    returns = settings["returns"]
    assert returns["label"] == "Pengembalian barang" and returns["collapsed"]
    fields = names(returns["fields"])
    assert {k: fields["days"][k] for k in ("widget", "value_type", "min", "max")} == {"widget": "number", "value_type": "int", "min": 1, "max": 365}
    assert [o["value"] for o in fields["fees"]["options"]] == ["free", "customer"]
    assert [o["value"] for o in fields["method"]["options"]] == ["mail", "in_store"] and fields["method"]["default"] == "mail"
    assert fields["accepted"] == {"name": "accepted", "label": "Menerima pengembalian", "widget": "boolean",
                                  "hint": "Matikan jika barang tidak bisa dikembalikan.", "required": False, "default": True}
    assert fields["shipping_fee"]["label"] == "Biaya pengembalian tetap (Rp)"


@pytest.mark.parametrize("text", ["2", "0", "1-3", " 1 - 3 ", "2–4", "12-60", "1-", "-2", "a", "1-2-3", "1.5", "", "61", "3-1"])
def test_the_days_pattern_lets_through_what_the_build_reads(shop, text):
    """The editor refuses as the seller types what is not a number or a range; the build then holds the bounds."""
    order = names(names(collection(configuration(shop), "settings")["files"][0]["fields"])["order"]["fields"])
    pattern = order["handling_days"]["pattern"][0]
    try:
        config._days(text)
        readable = True
    except config.s.Invalid as error:
        readable = "fewer to more" in str(error) or "at most" in str(error)  # the right form, out of bounds
    assert bool(re.match(pattern, text)) == readable


# --------------------------------------------------------------------------- the rule the editor checks as the seller types


@given(st.lists(st.sampled_from(["kain", "katun", "S", "2027", "a_b", " ", "  ", "\n", "-", "**", ",", ". ", "#", "(", ")"]), max_size=60),
       st.integers(min_value=1, max_value=40))
def test_the_word_pattern_counts_words_as_the_build_does(parts, minimum):
    text = "".join(parts)
    expected = len(re.findall(r"\w+", text)) >= minimum  # the build's count (markdown_text.count_words), ASCII text
    assert bool(re.match(WORDS_AT_LEAST % minimum, text, re.ASCII)) == expected


def test_the_word_pattern_fails_fast_on_one_long_word():
    import time

    started = time.perf_counter()
    assert not re.match(WORDS_AT_LEAST % 30, "a" * 200_000 + " b" * 10, re.ASCII)
    assert time.perf_counter() - started < 1  # \b: a word is matched whole, never split and retried


# --------------------------------------------------------------------------- /admin/ and what it is kept out of


def test_admin_page_loads_exactly_the_pinned_script(shop):
    page = (shop / "public/admin/index.html").read_text(encoding="utf-8")
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts == [f'<script src="{sveltia.SCRIPT_URL}" integrity="{sveltia.INTEGRITY}" crossorigin="anonymous">']
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert 'rel="cms-config-url"' in page and 'href="config.yml"' in page
    meta = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page).group(1)
    meta = html.unescape(meta)
    assert f"script-src '{sveltia.INTEGRITY}'" in meta and "frame-ancestors" not in meta  # a <meta> cannot carry it


def test_the_pin_is_the_package_the_tests_install():
    package = json.loads((REPO / "package.json").read_text())
    assert package["devDependencies"]["@sveltia/cms"] == sveltia.VERSION
    assert sveltia.SCRIPT_URL == f"https://unpkg.com/@sveltia/cms@{sveltia.VERSION}/dist/sveltia-cms.js"
    bundle = REPO / "node_modules/@sveltia/cms/dist/sveltia-cms.js"
    digest = "sha384-" + base64.b64encode(hashlib.sha384(bundle.read_bytes()).digest()).decode()
    assert digest == sveltia.INTEGRITY
    lock = json.loads((REPO / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/@sveltia/cms"]["version"] == sveltia.VERSION
    # the HEIC decoder: the version the bundle asks unpkg for (its own dependency, `^` dropped), which
    # the policy allows and the browser tests serve from npm
    wanted = re.search(rb'"@discourse/heic":`\^?([0-9][^`]*)`', bundle.read_bytes()).group(1).decode()
    assert wanted == sveltia.HEIC_VERSION and sveltia.HEIC_DECODER in sveltia.RUNTIME_MODULES
    assert package["devDependencies"]["@discourse/heic"] == sveltia.HEIC_VERSION
    assert lock["packages"]["node_modules/@discourse/heic"]["version"] == sveltia.HEIC_VERSION


def test_admin_has_its_own_policy_and_stays_out_of_sitemap_search_and_robots(shop):
    public = shop / "public"
    headers = (public / "_headers").read_text()
    rule = headers.split("\n/admin/*\n", 1)[1]
    assert rule.startswith("  ! Content-Security-Policy\n")  # the site's policy is detached, not combined
    policy = re.search(r"^  Content-Security-Policy: (.+)$", rule, re.M).group(1)
    directives = dict(part.split(" ", 1) for part in policy.split("; "))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"].split() == [f"'{sveltia.INTEGRITY}'", *sveltia.RUNTIME_MODULES, "'wasm-unsafe-eval'"]
    assert "https://api.github.com" in directives["connect-src"].split()
    assert directives["frame-ancestors"] == "'none'"
    assert "X-Robots-Tag: noindex" in rule
    assert "Disallow: /admin/\n" in (public / "robots.txt").read_text()
    assert "/admin" not in (public / "sitemap.xml").read_text()
    index = b"".join(path.read_bytes() for path in (public / "pagefind").rglob("*") if path.is_file())
    assert b"admin" not in index.lower() and b"sveltia" not in index.lower()


def netlify_headers(headers_file: str, path: str) -> dict[str, str]:
    """The headers Netlify sends for `path`, by the rules of its own parser and matcher (netlify/build
    packages/headers-parser/src/line_parser.ts: a line without a colon is skipped, a name repeated in one
    rule is joined with ", "; netlify/cli utils/headers: the matching rules are applied in file order, a
    later rule replacing a header of the same name)."""
    import fnmatch

    rules: list[tuple[str, dict[str, str]]] = []
    for line in headers_file.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("/"):
            rules.append((line, {}))
        elif ":" in line:
            name, _, value = line.partition(":")
            values = rules[-1][1]
            values[name.strip()] = f"{values[name.strip()]}, {value.strip()}" if name.strip() in values else value.strip()
    sent: dict[str, str] = {}
    for pattern, values in rules:
        if fnmatch.fnmatch(path, pattern):
            sent.update(values)
    return sent


def test_on_netlify_too_admin_gets_only_its_own_policy(shop):
    headers = (shop / "public/_headers").read_text()
    own = re.search(r"\n/admin/\*\n(?:  .*\n)*?  Content-Security-Policy: (.+)\n", headers).group(1)
    site = re.search(r"^/\*\n  Content-Security-Policy: (.+)$", headers, re.M).group(1)
    assert own != site
    assert netlify_headers(headers, "/admin/index.html")["Content-Security-Policy"] == own
    assert netlify_headers(headers, "/admin/config.yml")["Content-Security-Policy"] == own
    assert netlify_headers(headers, "/products/")["Content-Security-Policy"] == site
    assert "! Content-Security-Policy" not in netlify_headers(headers, "/admin/index.html")  # skipped: it has no colon


def test_a_shop_without_editor_has_no_admin_and_the_editor_changes_no_other_page(tmp_path, shop):
    plain = editor_shop(tmp_path / "plain", SHOP_TOML)
    assert not (plain / "public/admin").exists()
    assert "admin" not in (plain / "public/robots.txt").read_text() and "/admin/" not in (plain / "public/_headers").read_text()
    without, with_editor = snapshot(plain / "public"), snapshot(shop / "public")
    changed = {path for path in without.keys() & with_editor.keys() if without[path] != with_editor[path]}
    assert changed <= {"robots.txt", "_headers", ".etalase-site"}, sorted(changed)  # .etalase-site: the list of files
    assert with_editor.keys() - without.keys() == {"admin/index.html", "admin/config.yml"}


def test_a_bad_editor_section_names_its_line(tmp_path):
    shop = make_shop(tmp_path / "shop", {"shop.toml": SHOP_TOML + '\n[editor]\nrepo = "https://github.com/a/b"\n'})
    code, err = build(shop)
    assert code == 1
    assert 'shop.toml:12: editor.repo: must be the GitHub repository as owner/name, such as "tokosaya/toko"' in err
    shop = make_shop(tmp_path / "shop2", {"shop.toml": SHOP_TOML + '\n[editor]\nbranch = "main"\n'})
    code, err = build(shop)
    assert code == 1 and "editor.repo: required" in err


def test_a_page_cannot_take_the_editors_address(tmp_path):
    shop = make_shop(tmp_path / "shop", {"content/pages/admin.md": "---\ntitle: Admin\n---\nHalaman ini.\n"})
    code, err = build(shop)
    assert code == 1 and 'file name "admin" is taken by the shop\'s own pages' in err


def test_the_photo_size_never_falls_below_the_shops_minimum(tmp_path):
    toml = SHOP_TOML + "\n[quality]\nmin_photo_px = 2400\n" + EDITOR
    shop = make_shop(tmp_path / "shop", {"shop.toml": toml}, photos=())
    from generator.config import load_shop
    from generator.errors import ProblemList

    loaded = load_shop(shop, ProblemList(shop))
    raster = admin.configuration(loaded, loaded.editor)["media_libraries"]["default"]["config"]["transformations"]["raster_image"]
    assert raster == {"format": "webp", "quality": 85, "width": 2400, "height": 2400}


# --------------------------------------------------------------------------- the preview's /admin/


def test_serve_offers_the_editor_on_the_local_folder(tmp_path):
    """Without [editor] too: "Work with Local Repository" needs no GitHub repository; no reload script in it."""
    from generator.build import BuildOptions
    from generator.reporter import Reporter
    from generator.serve import start, stop
    from tests.test_serve import get

    shop = make_shop(tmp_path / "shop")
    server, preview, observers = start(BuildOptions(root=shop, use_git=False), "127.0.0.1", 0, Reporter(0), watch=False)
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        status, headers, body = get(base + "/admin/")
        assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
        assert headers["Content-Security-Policy"] == admin.content_security_policy()
        assert sveltia.INTEGRITY.encode() in body and b"__etalase__" not in body  # a save must not reload the form
        status, headers, body = get(base + "/admin/config.yml")
        assert status == 200 and headers["Content-Type"].startswith("text/yaml")
        assert yaml.safe_load(body)["backend"] == {"name": "github", "repo": "local/shop", "branch": "main"}
        assert get(base + "/admin/nothing.js")[0] == 404
        assert b"/admin/" not in get(base + "/sitemap.xml")[2]
        # made once per shop.toml, and again when it changes
        config = shop / "shop.toml"
        before = yaml.safe_load(get(base + "/admin/config.yml")[2])["site_url"]
        config.write_text(config.read_text(encoding="utf-8").replace(before, "https://toko-baru.example/"), encoding="utf-8")
        preview.rebuild({str(config)})
        assert yaml.safe_load(get(base + "/admin/config.yml")[2])["site_url"] == "https://toko-baru.example/"
    finally:
        stop(server, preview, observers)
