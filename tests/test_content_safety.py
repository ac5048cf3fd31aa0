"""Hostile content files (issue 13, B D E): invisible characters, links out of the shop, nested duplicate keys.

Every case builds a real shop with tests/helpers and looks at the outcome a seller sees (stderr) and what a
shopper's browser or feed reader would get (the files in public/).
"""

from __future__ import annotations

import os
import re
import xml.dom.minidom
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import GOOD_PRODUCT, PRIVACY, SHOP_TOML, WORDS, build, make_shop, product_md

PRODUCT = "content/products/kemeja.md"
C0 = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
MARKER = "RAHASIA-7f3a91-JANGAN-TERBIT"


def output_files(shop: Path) -> dict[str, bytes]:
    public = shop / "public"
    return {p.relative_to(public).as_posix(): p.read_bytes() for p in public.rglob("*") if p.is_file()} if public.is_dir() else {}


# --------------------------------------------------------------------------- B: invisible characters


def test_control_characters_in_the_body_make_well_formed_xml_and_clean_html(tmp_path):
    body = (f"{WORDS}\x0bBaris baru dari pengolah kata.\x0c\n\nTeks \x01\x02rusak\x03 ![](\"([]() dan &#1; &#xFFFE; "
            f"&#x0B; lagi\x7f.\n\n{WORDS}")
    shop = make_shop(tmp_path, {PRODUCT: product_md("title: Kemeja Batik\nprice: 185000\nsku: KB-1\nphotos: [kemeja.jpg]", body),
                                "content/pages/tentang.md": product_md("title: Tentang", f"Toko\x0bkami\x1b. {WORDS}")})
    code, err = build(shop, "--today", "2026-06-01")
    assert code == 0, err
    files = output_files(shop)
    xml_files = [name for name in files if name.endswith(".xml")]
    assert "feed.xml" in xml_files and "sitemap.xml" in xml_files
    for name in xml_files:
        xml.dom.minidom.parseString(files[name])  # strict: raises on any character XML 1.0 forbids
    for name, data in files.items():
        if name.endswith((".html", ".xml", ".json", ".txt")):
            text = data.decode("utf-8")
            assert not C0.search(text), (name, C0.search(text))
            assert not re.search(r"&#(0*(?:[0-8]|1[124-9]|2\d|3[01])|[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F]));", text), name
    page = files["products/kemeja/index.html"].decode()
    assert "Baris baru dari pengolah kata." in page and "rusak" in page and "lagi." in page


@pytest.mark.parametrize("front, line, message", [
    ('title: "Kaos\\x01\\x0b Uji"', 2, "title: the invisible character U+0001 is not allowed: delete it or retype the value"),
    ('title: Kemeja\ntags: [katun, "ba\\vtik"]', 3, "tags[1]: the invisible character U+000B is not allowed: delete it or retype the value"),
    ('title: Kemeja\nvariants:\n  - name: Ukuran\n    options: [S, "M\\x1b"]', 5,
     "variants[0].options[1]: the invisible character U+001B is not allowed: delete it or retype the value"),
    ('title: Kemeja\ndescription: "Ringkas\\uFFFE"', 3, "description: the invisible character U+FFFE is not allowed: delete it or retype the value"),
], ids=["title", "tag", "variant-option", "description"])
def test_escaped_control_characters_in_front_matter_are_refused(tmp_path, front, line, message):
    shop = make_shop(tmp_path, {PRODUCT: product_md(f"{front}\nprice: 185000\nphotos: [kemeja.jpg]")})
    code, err = build(shop)
    assert code == 1
    assert f"{PRODUCT}:{line}: {message}" in err.splitlines(), err


# --------------------------------------------------------------------------- E: duplicate keys, colons


@pytest.mark.parametrize("front, expected", [
    ("title: Kemeja\nprice: 5\nphotos: [{src: kemeja.jpg, alt: x, alt: y}]",
     f'{PRODUCT}:4: photos[0]: key "alt" is written twice: keep one'),
    ("title: Kemeja\nprice: 5\nphotos:\n  - src: kemeja.jpg\n    alt: Kemeja dilipat\n    alt: Kemeja dipakai",
     f'{PRODUCT}:7: photos[0]: key "alt" is written twice: keep one'),
    ("title: Kemeja\nprice: 5\nphotos: [kemeja.jpg]\nvariants:\n  - name: Ukuran\n    options: [S, M]\n    name: Warna",
     f'{PRODUCT}:8: variants[0]: key "name" is written twice: keep one'),
    ("title: Kemeja\nprice: 5\nphotos: [kemeja.jpg]\nprice: 6", f'{PRODUCT}:5: key "price" is written twice: keep one'),
    ("title: Kaos: Edisi Baru\nprice: 5\nphotos: [kemeja.jpg]",
     f'{PRODUCT}:2: invalid YAML: a value with a colon in it: put the value in quotes: title: "Kaos: Edisi Baru"'),
    ("title: Kemeja\nprice: 5\nphotos: [kemeja.jpg]\nx: " + "[" * 50_000 + "]" * 50_000,
     f"{PRODUCT}:5: values are nested more than 20 levels deep: write lists and keys flatter"),  # crashed Python (libyaml)
], ids=["photo-inline", "photo-block", "variant", "top-level", "colon-in-title", "deep-nesting"])
def test_front_matter_mistakes_are_named_with_their_line(tmp_path, front, expected):
    shop = make_shop(tmp_path, {PRODUCT: product_md(front)})
    code, err = build(shop)
    assert code == 1
    assert expected in err.splitlines(), err


# --------------------------------------------------------------------------- D: links out of the shop


def _secret(tmp_path: Path) -> Path:
    secret = tmp_path / "outside" / "secret.md"
    secret.parent.mkdir()
    secret.write_text(f"{MARKER} {WORDS}\n")  # a page without front matter: published as it is if the link is followed
    return secret


def _theme_shop(shop: Path) -> None:
    (shop / "shop.toml").write_text(SHOP_TOML.replace('currency = "IDR"', 'currency = "IDR"\ntheme = "milikku"'))
    (shop / "themes/milikku/templates").mkdir(parents=True)
    (shop / "themes/milikku/static").mkdir()
    (shop / "themes/milikku/theme.toml").write_text('name = "Milikku"\nparent = "etalase"\n')


LINKS = {  # where the link is made -> the name the build must give
    "page": ("content/pages/env.md", None),
    "product": ("content/products/rahasia.md", None),
    "product folder's index.md": ("content/products/rahasia/index.md", None),
    "product folder": ("content/products/rahasia", "index.md"),
    "translation": ("content/pages/privacy.en.md", None),
    "shop template": ("templates/home.html", None),
    "theme template": ("themes/milikku/templates/home.html", "theme"),
    "theme static file": ("themes/milikku/static/style.css", "theme"),
}


@pytest.mark.parametrize("case", list(LINKS))
def test_a_link_to_a_file_outside_the_shop_is_refused(tmp_path, case):
    shop = make_shop(tmp_path / "shop", {"shop.toml": SHOP_TOML.replace('language = "id"', 'language = "id"\nlanguages = ["id", "en"]') if case == "translation" else SHOP_TOML})
    name, how = LINKS[case]
    secret = _secret(tmp_path)
    if how == "theme":
        _theme_shop(shop)
    link = shop / name
    link.parent.mkdir(parents=True, exist_ok=True)
    if how == "index.md":  # the whole folder is a link
        os.symlink(secret.parent, link)
        os.link(secret, secret.parent / "index.md")
    else:
        os.symlink(secret, link)
    code, err = build(shop)
    assert code == 1, err
    # named from the shop folder, as the seller sees it (not where the link leads)
    assert any(line.startswith(name) and ": is a link to a file outside" in line for line in err.splitlines()), err
    assert all(MARKER.encode() not in data for data in output_files(shop).values())


def test_a_link_inside_the_shop_is_fine(tmp_path):
    shop = make_shop(tmp_path, {"notes/kebijakan.md": PRIVACY.replace("privasi", "pengembalian"), "content/products/kemeja.md": GOOD_PRODUCT})
    os.symlink(shop / "notes/kebijakan.md", shop / "content/pages/retur.md")
    code, err = build(shop)
    assert code == 0, err
    assert "Kami hanya menyimpan data" in (shop / "public/retur/index.html").read_text()


@pytest.mark.parametrize("name", ["content/pages/git.md", "templates/home.html", "content/products/rahasia.md"])
def test_a_link_into_the_shops_git_folder_is_refused(tmp_path, name):
    """Inside the shop, but private: in CI .git/config holds the publish token (actions/checkout)."""
    shop = make_shop(tmp_path / "shop")
    (shop / ".git").mkdir()
    (shop / ".git/config").write_text(f"[http]\n\textraheader = AUTHORIZATION: basic {MARKER}\n{WORDS}\n")
    link = shop / name
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(shop / ".git/config", link)
    code, err = build(shop)
    assert code == 1, err
    assert any(line.startswith(name) and ": is a link to a file outside" in line for line in err.splitlines()), err
    assert all(MARKER.encode() not in data for data in output_files(shop).values())


# --------------------------------------------------------------------------- nesting, checked on the nodes


def _nested(depth: int, width: int) -> object:
    value: object = "x"
    for level in range(depth):
        value = [value] * (1 + level % width) if level % 2 else {f"k{level}": value, "n": 1}
    return value


@settings(max_examples=120, deadline=None)
@given(depth=st.integers(15, 26), flow=st.sampled_from([True, False, None]), width=st.integers(1, 3),
       scanner_stops=st.booleans())
def test_the_nesting_found_on_the_nodes_is_the_event_streams(depth, flow, width, scanner_stops):
    """parse checks the depth on the composed nodes where libyaml refuses deep nesting itself: it must refuse
    exactly what the event stream's count refuses, at the same line (and the event check still runs without it)."""
    import yaml
    from generator import frontmatter

    # a list repeats one object: safe_dump writes it once with an anchor (&id001), then as aliases (*id001)
    body = yaml.safe_dump({"title": "Kemeja", "deep": _nested(depth, width)}, default_flow_style=flow)
    text = f"---\n{body}---\nIsi.\n"
    try:
        frontmatter._check_depth(frontmatter.split(text)[0], 2)
        expected = None
    except frontmatter.FrontMatterError as error:
        expected = (error.line, error.message)
    original = frontmatter.SCANNER_STOPS_DEEP_NESTING
    frontmatter.SCANNER_STOPS_DEEP_NESTING = scanner_stops
    try:
        frontmatter.parse(text)
        found = None
    except frontmatter.FrontMatterError as error:
        found = (error.line, error.message)
    finally:
        frontmatter.SCANNER_STOPS_DEEP_NESTING = original
    assert found == expected
    assert (expected is not None) == (depth + 1 > frontmatter.MAX_DEPTH)


@pytest.mark.parametrize("deep", [
    "x:\n" + "- " * 100_000 + "v",  # block sequences in one line
    "".join(" " * i + f"k{i}:\n" for i in range(3_000)) + " " * 3_000 + "v",  # mappings, each indented once more
    "x: " + "{a: " * 50_000 + "v" + "}" * 50_000,
], ids=["dashes", "indents", "flow-mappings"])
def test_nesting_far_beyond_the_limit_is_refused_with_its_line(deep):
    """libyaml refuses these itself (at 1,000 levels), before its recursive composer: the seller gets the depth message."""
    from generator import frontmatter

    with pytest.raises(frontmatter.FrontMatterError) as caught:
        frontmatter.parse(f"---\ntitle: Kemeja\n{deep}\n---\nIsi.\n")
    assert caught.value.message == frontmatter.DEPTH_MESSAGE and caught.value.line is not None


# --------------------------------------------------------------------------- values, read without PyYAML's generic constructor

_SCALARS = (st.text(max_size=8) | st.integers(-10**20, 10**20) | st.floats(allow_nan=False) | st.booleans() | st.none()
            | st.dates() | st.datetimes())
_KEYS = st.text(max_size=6) | st.integers(-99, 99) | st.booleans() | st.dates()
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
                       max_leaves=12)
_UNUSUAL = [  # each is left to PyYAML's constructor, which reads it or refuses it
    "tags: !!set {a, b}\n", "photo: !!binary aGVsbG8=\n", "x: !custom 5\n", "? [a, b]\n: pair\n", "? {a: 1}\n: map\n",
    "base: &b {price: 5}\nitem:\n  <<: *b\n  sku: A\n", "list: &l [1, 2]\nagain: *l\n", "=: value key\n",
    "when: 2027-02-30\n", "at: 2027-01-15 10:30:00+07:00\n", "n: !!str 12\n", "f: !!float 1\n", "v: {a: 1, a: 2}\n",
    "ordered: !!omap [{a: 1}, {b: 2}]\n",
]


def _read(text: str, plain: bool):
    from generator import frontmatter

    loader = frontmatter._Loader(text)
    try:
        node = loader.get_single_node()
        value = frontmatter.construct(loader, node, aliases=not plain) if plain else loader.construct_document(node)
        return "value", repr(value)  # repr: 1 and True, 1.0 and 1, a date and a datetime stay apart
    except Exception as error:  # noqa: BLE001 - the same refusal is the point
        return "error", type(error).__name__, str(error)
    finally:
        loader.dispose()


@settings(max_examples=300, deadline=None)
@given(data=st.dictionaries(st.text(max_size=6), _VALUES, min_size=1, max_size=5), flow=st.sampled_from([True, False, None]),
       unusual=st.sampled_from([""] + _UNUSUAL))
def test_the_plain_walk_reads_the_values_pyyaml_reads(data, flow, unusual):
    """frontmatter.construct reads a tree of plain mappings, lists and scalars itself (PyYAML's constructor is
    ~5 µs a node) and leaves the rest to PyYAML: the values (types too) or the refusal must be PyYAML's."""
    import yaml

    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True) + unusual
    assert _read(text, plain=True) == _read(text, plain=False)


@settings(max_examples=400, deadline=None)
@given(title=st.text(max_size=12), style=st.sampled_from(['"', "'", None]))
def test_an_invisible_character_is_found_however_the_value_is_written(title, style):
    """Whichever way the title is written (plain, quoted, or with escapes such as "\\x0b" that YAML's writer
    uses for control characters), one with an invisible character is refused, and only then."""
    import yaml
    from generator import frontmatter
    from generator.markdown_text import INVISIBLE

    line = yaml.safe_dump({"title": title}, default_style=style, allow_unicode=True, width=10_000)
    try:
        frontmatter.parse(f"---\n{line}price: 5\n---\nIsi.\n")
        refused = False
    except frontmatter.FrontMatterError as error:
        refused = "invisible character" in error.message
    assert refused == bool(INVISIBLE.search(title))
