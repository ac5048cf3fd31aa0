"""Robustness: random and hostile front matter, shop.toml texts and file names (Hypothesis).

Whatever a seller's files hold, `etalase build` ends in one of two ways: a good
build (exit 0), or a clear list of problems (exit 1), every stderr line shaped
`path:line: message` (or `path: message`) and the last one `build failed: ...`.
Never a traceback: the CLI is called in-process, so an uncaught exception fails
the test and Hypothesis shrinks the input that caused it.

Each test builds in one shop folder of its own, rewriting only the files it
varies, so the photo is processed once and later builds take it from the cache.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tomllib
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from generator.contract.before_render import PRODUCT_FIELDS
from tests.helpers import GOOD_PRODUCT, PRIVACY, SHOP_TOML, WORDS, build, make_shop

TODAY = "2026-06-01"  # fixed, so a failure replays exactly
PROBLEM_LINE = re.compile(r"^[^:\n]+(:\d+)?: .+")
PRODUCT = "content/products/kemeja.md"

# modest example counts (ROBUSTNESS_EXAMPLES=1000 digs deeper), no per-example deadline (a good build takes ~0.1 s)
ROBUST = settings(max_examples=int(os.environ.get("ROBUSTNESS_EXAMPLES", 30)), deadline=None, database=None, print_blob=True,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def assert_clear(code: int, err: str) -> None:
    """A good build, or problems each on a line of its own: never a traceback or a stray line."""
    assert "Traceback" not in err, err
    assert code in (0, 1), (code, err)
    if code == 1:
        lines = err.rstrip("\n").split("\n")  # only "\n" ends a line (a "\r" in a file name is printed as it is)
        assert lines != [""], "exit 1 without saying why"
        assert lines[-1].startswith("build failed: "), err
        stray = [line for line in lines[:-1] if not PROBLEM_LINE.match(line)]
        assert not stray, f"lines not shaped `path:line: message`: {stray!r}\n--- stderr:\n{err}"


@pytest.fixture(scope="module")
def shops(tmp_path_factory):
    """shops(name): a valid one-product shop of its own per test, made once and built once (photo cached)."""
    made: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in made:
            root = make_shop(tmp_path_factory.mktemp(name) / "shop")
            assert build(root, "--today", TODAY)[0] == 0
            made[name] = root
        return made[name]

    return get


def build_clear(root: Path) -> tuple[int, str]:
    code, err = build(root, "--today", TODAY)
    assert_clear(code, err)
    event("good build" if code == 0 else "problems reported")  # see --hypothesis-show-statistics
    return code, err


# --------------------------------------------------------------------------- strategies

HOSTILE_TEXT = [
    "", " ", "\t", "\n", "\r\n", "\x00", "\ufeff", "\u200b", "\u202e", "\u2028", "\x85", "---", "...", "- ", ": ",
    "{", "}", "[", "]", "&anchor", "*alias", "!!python/object:os.system", "!!binary", "%YAML 1.1", "#", "'", '"',
    "|", ">", "?", "@", "`", "%", "~", "null", "yes", "no", "on", "0x1F", "1e400", "-.inf", ".nan", "2027-02-30",
    "<script>alert(1)</script>", "[x](javascript:alert(1))", "../../etc/passwd", "/etc/passwd", "C:\\foo", "{{ 7*7 }}",
    "{% raw %}", "Kemeja Batik 👕", "ÄÖÜ ß", "ﾃｽﾄ", "x" * 5000, "kata " * 400,
]
# any character, with the ones that break parsers, paths and terminals drawn far more often than by chance
hostile_chars = st.one_of(st.characters(blacklist_categories=("Cs",)),
                          st.sampled_from(list("\x00\t\n\r\x0b\x0c\x1b\x1e\x7f\x85\xa0\u2028\u202e\ufeff :-[]{}'\"#&*!|>%@`,?\\/.")))
hostile_text = st.one_of(st.text(hostile_chars, max_size=30), st.sampled_from(HOSTILE_TEXT))
numbers = st.one_of(
    st.integers(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, -1, 0.5, 1e-30, 1e300, 10**15 - 1, 10**15, 10**18, 2**63, 10**28, 10**30, "1e400", "1e-400", "0x10", "1_000"]),
)
dates = st.one_of(st.dates(), st.sampled_from([dt.date.min, dt.date.max, dt.date(2026, 6, 1), dt.date(2026, 5, 31)]))
scalars = st.one_of(st.none(), st.booleans(), numbers, hostile_text, dates, st.datetimes())
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(["src", "alt", "focus", "name", "options"]), st.text(max_size=8)),
                        children, max_size=4),
    ),
    max_leaves=10,
)
keys = st.one_of(st.sampled_from(sorted(PRODUCT_FIELDS)), st.text(max_size=12))

# plausible values for each key, so that random input also reaches the later stages (dates, rendering)
photo_item = st.one_of(
    st.just("kemeja.jpg"), hostile_text,
    st.fixed_dictionaries({"src": st.one_of(st.just("kemeja.jpg"), hostile_text)},
                          optional={"alt": st.one_of(hostile_text, values), "focus": values}),
    st.fixed_dictionaries({"src": st.just("kemeja.jpg"),
                           "focus": st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=0, max_size=3)}),
)
PLAUSIBLE = {
    "title": hostile_text,
    "price": numbers,
    "sale_price": numbers,
    "currency": st.sampled_from(["IDR", "usd", "EUR", "XXX", "ID", "", "IDRR"]),
    "photos": st.lists(photo_item, max_size=3),
    "availability": st.sampled_from(["in_stock", "low_stock", "preorder", "booked", "sold_out", "soldout", ""]),
    "sku": hostile_text,
    "category": hostile_text,
    "tags": st.lists(hostile_text, max_size=4),
    "variants": st.lists(st.fixed_dictionaries({"name": hostile_text, "options": st.lists(hostile_text, max_size=8)}), max_size=3),
    "stock": numbers,
    "weight_grams": numbers,
    "featured": st.booleans(),
    "aliases": st.lists(st.one_of(st.sampled_from(["kemeja-lama", "kemeja", "Kemeja Lama"]), hostile_text), max_size=3),
    "brand": hostile_text,
    "description": hostile_text,
}
for _key in ("sale_until", "ready_date", "booked_until", "updated", "created"):
    PLAUSIBLE[_key] = st.one_of(dates, dates.map(str))


@st.composite
def product_overrides(draw) -> dict:
    """A good product's front matter with some keys given plausible, random or hostile values."""
    data = {"title": "Kemeja Batik", "price": 185000, "sku": "KB-1", "category": "Batik", "photos": ["kemeja.jpg"]}
    for key in draw(st.lists(st.sampled_from(sorted(PRODUCT_FIELDS)), max_size=6, unique=True)):
        strategy = PLAUSIBLE.get(key, values)
        data[key] = draw(st.one_of(strategy, values) if draw(st.integers(0, 4)) == 0 else strategy)
    for key in draw(st.lists(st.sampled_from(["title", "price", "photos"]), max_size=1)):
        del data[key]
    data.update(draw(st.dictionaries(st.text(max_size=12), values, max_size=1)))
    return data


markdown_fragments = st.sampled_from([
    "# Judul\n", "\n\n", "* a\n* b\n", "1. a\n2. b\n", "| a | b |\n|---|---|\n| 1 | 2 |\n", "```\nkode\n```\n", "    indent\n",
    "[tautan](javascript:alert(1))", "[x](data:text/html,<b>)", "![img](../../etc/passwd)", "<b>tebal</b>", "<!-- c -->",
    "&amp;", "&#0;", "\x00", "\t", "\r", "\u202e", "*", "_", "`", "\\", "---\n", "[^1]", "<https://a.example>", "x" * 3000,
])
markdown_bodies = st.lists(st.one_of(st.text(max_size=20), markdown_fragments), max_size=8).map("".join)


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=10**6)


# --------------------------------------------------------------------------- front matter


@ROBUST
@given(front=product_overrides(), body=markdown_bodies)
@example(front={"title": "Kemeja", "price": 1, "photos": ["kemeja.jpg\x00"]}, body="")
@example(front={"title": "Kemeja", "price": 1, "photos": ["kemeja.jpg"], "\n": {"\x08": None}}, body="")  # a key that is a line break
def test_random_values_in_a_product(shops, front, body):
    root = shops("values")
    (root / PRODUCT).write_text(f"---\n{dump(front)}---\n{WORDS}\n\n{body}\n", encoding="utf-8")
    build_clear(root)


nonblank = hostile_text.filter(lambda text: text.strip() != "")


@st.composite
def valid_products(draw) -> dict:
    """Front matter of the right types, with hostile text and dates anywhere from year 1 to 9999: most must build."""
    price = draw(st.one_of(st.integers(0, 10**15 - 1), st.floats(0, 1e15, exclude_max=True), st.sampled_from([0, 0.01, 1.005, 10**15 - 1])))
    data = {"title": draw(nonblank), "price": price,
            "photos": [draw(st.one_of(st.just("kemeja.jpg"), st.fixed_dictionaries(
                {"src": st.just("kemeja.jpg"), "alt": nonblank},
                optional={"focus": st.lists(st.floats(0, 1), min_size=2, max_size=2)})))]}
    availability = draw(st.sampled_from(["in_stock", "low_stock", "preorder", "booked", "sold_out"]))
    data["availability"] = availability
    companion = {"low_stock": ("stock", st.integers(0, 10**12)), "preorder": ("ready_date", dates),
                 "booked": ("booked_until", dates)}.get(availability)
    if companion:
        data[companion[0]] = draw(companion[1])
    if draw(st.booleans()):
        data["sale_price"] = draw(st.floats(0, 1)) * float(price)
        if draw(st.booleans()):
            data["sale_until"] = draw(dates)
    optional = {
        "sku": nonblank, "category": nonblank, "brand": nonblank, "description": nonblank, "currency": st.sampled_from(["USD", "JPY", "KWD", "XXX", "BTC"]),
        "tags": st.lists(nonblank, max_size=3), "weight_grams": st.integers(0, 10**12), "featured": st.booleans(),
        "updated": dates, "created": dates,
        "variants": st.lists(st.fixed_dictionaries({"name": nonblank, "options": st.lists(nonblank, min_size=1, max_size=4)}), max_size=3),
    }
    for key in draw(st.lists(st.sampled_from(sorted(optional)), max_size=len(optional), unique=True)):
        data[key] = draw(optional[key])
    return data


@ROBUST
@given(front=valid_products(), body=markdown_bodies)
def test_hostile_values_of_the_right_type(shops, front, body):
    root = shops("valid")
    (root / PRODUCT).write_text(f"---\n{dump(front)}---\n{WORDS}\n\n{body}\n", encoding="utf-8")
    build_clear(root)


@ROBUST
@given(document=st.one_of(st.dictionaries(st.one_of(keys, st.integers(), st.none(), st.booleans(), st.dates()), values, max_size=8),
                          values))
def test_random_yaml_documents(shops, document):
    root = shops("documents")
    try:
        front = dump(document)
    except yaml.YAMLError:
        front = "{}\n"
    (root / PRODUCT).write_text(f"---\n{front}---\n{WORDS}\n", encoding="utf-8")
    build_clear(root)


raw_pieces = st.one_of(
    st.text(max_size=40),
    st.sampled_from(HOSTILE_TEXT + ["---\n", "...\n", "title: Kemeja\n", "price: 185000\n", "photos: [kemeja.jpg]\n",
                                    "photos:\n  - kemeja.jpg\n", "  - ", "\t- x\n", "a: b: c\n", "? [a]\n: b\n", "x" * 100_000]),
)


@ROBUST
@given(prefix=st.sampled_from(["", "---\n", "---\r\n", "\ufeff---\n", "--- \n", "---\ntitle: Kemeja\n"]),
       pieces=st.lists(raw_pieces, max_size=12))
@example(prefix="---\n", pieces=["title: \x00\n"])
@example(prefix="---\n", pieces=["title: K\nprice: 1\n", "photos: [\"kemeja.jpg\\0\"]\n", "---\n", WORDS])
def test_raw_text_as_a_product_file(shops, prefix, pieces):
    root = shops("raw")
    (root / PRODUCT).write_text(prefix + "".join(pieces), encoding="utf-8", errors="surrogatepass")
    build_clear(root)


@ROBUST
@given(data=st.binary(max_size=200), page=st.booleans())
def test_raw_bytes_as_a_product_or_page(shops, data, page):
    root = shops("bytes")
    (root / PRODUCT).write_bytes(data if not page else GOOD_PRODUCT.encode())
    (root / "content/pages/privacy.md").write_bytes(data if page else PRIVACY.encode())
    build_clear(root)


@ROBUST
@given(front=st.one_of(st.dictionaries(st.one_of(st.sampled_from(["title", "updated"]), st.text(max_size=8)), values, max_size=3),
                       values),
       body=markdown_bodies)
def test_random_page_front_matter(shops, front, body):
    root = shops("pages")
    (root / "content/pages/privacy.md").write_text(f"---\n{dump(front)}---\n{body}\n", encoding="utf-8")
    build_clear(root)


# --------------------------------------------------------------------------- shop.toml


def toml_string(text: str) -> str:
    escaped = []
    for char in text:
        if char in '"\\':
            escaped.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else toml_string(key)


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, dt.datetime, dt.date)):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    if isinstance(value, float):
        return "nan" if value != value else ("inf" if value > 0 else "-inf") if value in (float("inf"), float("-inf")) else repr(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


def toml_document(data: dict) -> str:
    top = [f"{toml_key(k)} = {toml_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    sections = [f"\n[{toml_key(k)}]\n" + "".join(f"{toml_key(kk)} = {toml_value(vv)}\n" for kk, vv in v.items())
                for k, v in data.items() if isinstance(v, dict)]
    return "\n".join(top) + "\n" + "".join(sections)


toml_scalars = st.one_of(st.booleans(), st.integers(min_value=-(2**63), max_value=2**63 - 1),
                         st.floats(allow_nan=True, allow_infinity=True), hostile_text,
                         st.dates(), st.datetimes(min_value=dt.datetime(1, 1, 1, 0, 0, 1)))
toml_values = st.recursive(toml_scalars, lambda children: st.one_of(
    st.lists(children, max_size=3), st.dictionaries(st.text(min_size=1, max_size=8), children, max_size=3)), max_leaves=6)
SHOP = {
    "title": "Toko Uji", "base_url": "https://tokouji.example/", "language": "id", "currency": "IDR",
    "contact": {"whatsapp": "6281234567890", "email": "halo@tokouji.example"},
}
SHOP_KEYS = {
    "": ["title", "base_url", "language", "currency", "theme", "description", "timezone", "logo", "cname",
         "contact", "quality", "messages", "order"],
    "contact": ["whatsapp", "email", "phone", "instagram", "telegram", "address", "hours", "response_time"],
    "quality": ["min_description_words", "min_photo_px", "min_sharpness", "new_days", "stale_after_days", "max_page_kb"],
    "messages": ["order", "ask", "restock"],
    "order": ["payment_methods", "booking_rule"],
}
PLAUSIBLE_TOML = {
    "language": st.sampled_from(["id", "en", "fr", "ID", ""]),
    "currency": st.sampled_from(["IDR", "usd", "XXXX", "", "Rp"]),
    "theme": st.sampled_from(["etalase", "pasar", "nope", "../etalase", "", "."]),
    "timezone": st.sampled_from(["Asia/Jakarta", "UTC", "Mars/Base", "", "../../etc/passwd", "Asia/Jakarta\x00"]),
    "base_url": st.sampled_from(["https://t.example/", "https://t.example/toko", "ftp://t.example/", "t.example", "https://",
                                 "https://user.github.io/toko/", "https://t.example/a b/"]),
    "logo": st.sampled_from(["content/products/kemeja.jpg", "../x.png", "/etc/passwd", "", "nope.png", "content"]),
    "cname": st.sampled_from(["toko.example.id", "https://toko.example", "", "a..b"]),
    "whatsapp": st.sampled_from(["6281234567890", "081234567890", "+62 812-3456-7890", "x", ""]),
    "email": st.sampled_from(["halo@toko.example", "halo", "@", ""]),
    "order": st.sampled_from(["Halo {shop} {product}", "{nope}", "{", "}", "{0}", "{product!r}", "{product:>{width}}"]),
    "ask": st.sampled_from(["Tanya {product}", "{", "{}", "{url.x}", "{sku[0]}"]),
    "payment_methods": st.lists(hostile_text, max_size=3),
    "min_description_words": st.integers(min_value=-5, max_value=10**9),
    "min_photo_px": st.integers(min_value=-5, max_value=10**9),
    "min_sharpness": st.floats(allow_nan=True, allow_infinity=True),
}


@st.composite
def shop_tables(draw) -> dict:
    data = {k: dict(v) if isinstance(v, dict) else v for k, v in SHOP.items()}
    for section, names in SHOP_KEYS.items():
        for key in draw(st.lists(st.sampled_from(names), max_size=3, unique=True)):
            strategy = PLAUSIBLE_TOML.get(key, toml_values)
            value = draw(st.one_of(strategy, toml_values))
            if section:
                table = data.setdefault(section, {})
                if isinstance(table, dict):
                    table[key] = value
            elif not (key in ("contact", "quality", "messages", "order") and isinstance(value, dict)):
                data[key] = value
    for key in draw(st.lists(st.sampled_from(["title", "base_url", "contact"]), max_size=1)):
        del data[key]
    data.update(draw(st.dictionaries(st.text(min_size=1, max_size=10), toml_values, max_size=1)))
    return data


@ROBUST
@given(data=shop_tables())
def test_valid_toml_with_wrong_types(shops, data):
    root = shops("toml-values")
    text = toml_document(data)
    tomllib.loads(text)  # valid TOML: what is wrong is the types and values
    (root / "shop.toml").write_text(text, encoding="utf-8")
    build_clear(root)


toml_pieces = st.one_of(
    st.text(max_size=30),
    st.sampled_from(['title = "Toko"\n', 'base_url = "https://t.example/"\n', "[contact]\n", 'email = "a@b.example"\n',
                     "[[contact]]\n", "[quality]\n", "min_photo_px = 1\n", "[messages]\n", "order = '''\n", '"""', "'''",
                     "= ", " = ", "[", "]", "{", "}", ",", '"', "'", "\\", "\\u0000", "\x00", "\t", "\r\n", "#", "\n",
                     "a.b.c = 1\n", "contact.email = 'x@y.example'\n", "1979-05-27T07:32:00Z", "inf", "nan", "0x1F",
                     "x" * 10_000, "\ufeff"]),
)


@ROBUST
@given(pieces=st.lists(toml_pieces, max_size=12), keep_start=st.booleans())
def test_random_toml_text(shops, pieces, keep_start):
    root = shops("toml-text")
    start = SHOP_TOML if keep_start else ""
    (root / "shop.toml").write_text(start + "".join(pieces), encoding="utf-8")
    build_clear(root)


# --------------------------------------------------------------------------- file names

name_alphabet = st.characters(blacklist_characters="/\x00:\n", blacklist_categories=("Cs",))
# A colon or a line break in a file name cannot be told apart from `path:line: message` (and neither is possible on
# Windows or in macOS's Finder); "/" and NUL cannot be in a name at all.
HOSTILE_NAMES = ["kemeja batik", "Kemeja", "kemeja.batik", "..kemeja", "kemeja..", "a..b", "-", "--", "_", " ",
                 "kemeja ", " kemeja", "\t", "ke\u0301meja", "kéméja", "кофта", "衬衫", "👕", "\u202ekemeja", "index",
                 "CON", "nul", "kemeja.md", "kemeja.jpg", "%2e%2e", "...", "kemeja\r", "privacy", "a" * 200, "é" * 120]
file_names = st.one_of(st.text(name_alphabet, min_size=1, max_size=30), st.sampled_from(HOSTILE_NAMES),
                       st.integers(100, 246).map(lambda n: "x" * n)).filter(
    lambda n: n not in (".", "..") and len(n.encode()) <= 246)


@ROBUST
@given(products=st.lists(st.tuples(file_names, st.booleans()), max_size=3),
       pages=st.lists(file_names, max_size=2),
       photo=st.one_of(st.none(), file_names))
def test_hostile_file_names(shops, products, pages, photo):
    root = shops("names")
    products_dir, pages_dir = root / "content/products", root / "content/pages"
    for path in [*products_dir.iterdir(), *pages_dir.iterdir()]:  # what the last example left
        if path.name not in ("kemeja.md", "kemeja.jpg", "privacy.md"):
            shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
    (products_dir / "kemeja.md").write_text(GOOD_PRODUCT, encoding="utf-8")  # a name below may have replaced it
    photo_ref = "kemeja.jpg"
    if photo is not None and photo != "kemeja.jpg":
        try:
            os.link(products_dir / "kemeja.jpg", products_dir / photo)
        except FileExistsError:
            pass  # a name the loop above kept (kemeja.md): the build says it is not an image
        photo_ref = photo
    for number, (name, bundle) in enumerate(products):
        front = {"title": f"Produk {number}", "price": 1000 + number, "sku": f"N-{number}", "photos": [photo_ref]}
        if bundle:  # content/products/<name>/index.md, its photo one folder up
            path = products_dir / name / "index.md"
            front["photos"] = ["../" + photo_ref]
        else:
            path = products_dir / f"{name}.md"
        if path.parent.exists() and not path.parent.is_dir() or path.is_dir():
            continue  # the photo's name took it
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"---\n{dump(front)}---\n{WORDS}\n", encoding="utf-8")
    for name in pages:
        if not (pages_dir / f"{name}.md").is_dir():
            (pages_dir / f"{name}.md").write_text(f"---\ntitle: Halaman\n---\n{WORDS}\n", encoding="utf-8")
    build_clear(root)


# --------------------------------------------------------------------------- what the tests above found

LONG = "x" * 300
FOUND = {
    "control character in the YAML": (
        {PRODUCT: "---\ntitle: Kemeja\nprice: 5\x1e\nphotos: [kemeja.jpg]\n---\n" + WORDS},
        "content/products/kemeja.md:3: invalid YAML: the invisible character U+001E is not allowed: delete it or retype the line",
    ),
    "NUL in the YAML": (
        {PRODUCT: "---\ntitle: \x00\n---\n" + WORDS},
        "content/products/kemeja.md:2: invalid YAML: the invisible character U+0000 is not allowed: delete it or retype the line",
    ),
    "line break in a wrong value": (
        {PRODUCT: 'title: Kemeja\nprice: "murah\\nsekali"\nphotos: [kemeja.jpg]'},
        'content/products/kemeja.md:3: price: must be a number (got "murah\\nsekali")',
    ),
    "line break in an unknown key": (
        {PRODUCT: 'title: Kemeja\nprice: 5\nphotos: [kemeja.jpg]\n"war\\nna": merah'},
        'content/products/kemeja.md:5: unknown key "war\\nna": remove it or check the spelling (see README)',
    ),
    "line break in a variant name": (
        {PRODUCT: 'title: Kemeja\nprice: 5\nphotos: [kemeja.jpg]\nvariants: [{name: "Uku\\nran", options: []}]'},
        'content/products/kemeja.md:5: variants: variant "Uku\\nran" has no options',
    ),
    "long value cut short": (
        {PRODUCT: f"title: Kemeja\nprice: {LONG}\nphotos: [kemeja.jpg]"},
        f'content/products/kemeja.md:3: price: must be a number (got "{"x" * 80}…")',
    ),
    "NUL in a photo name": (
        {PRODUCT: 'title: Kemeja\nprice: 5\nphotos: ["kemeja.jpg\\0"]'},
        "content/products/kemeja.md:4: photos[0]: the invisible character U+0000 is not allowed: delete it or retype the value",
    ),
    "photo name too long": (
        {PRODUCT: f"title: Kemeja\nprice: 5\nphotos: [{LONG}.jpg]"},
        f'content/products/kemeja.md:4: photos[0]: "{"x" * 255}…" cannot be opened (file name too long): rename the photo',
    ),
    "price too large to show": (
        {PRODUCT: "title: Kemeja\nprice: 1e400\nphotos: [kemeja.jpg]"},
        'content/products/kemeja.md:3: price: must be less than 1,000,000,000,000,000 (got "1e400")',
    ),
    "category too long for a folder name": (
        {PRODUCT: f"title: Kemeja\nprice: 5\ncategory: {'kain ' * 60}\nphotos: [kemeja.jpg]"},
        "content/products/kemeja.md:4: category: must be a short name such as Batik, at most 100 characters (got 299)",
    ),
    "alias too long for a folder name": (
        {PRODUCT: f"title: Kemeja\nprice: 5\naliases: [{'a' * 251}]\nphotos: [kemeja.jpg]"},
        f'content/products/kemeja.md:4: aliases: "{"a" * 80}…" must be an old file name (slug) such as kemeja-lama',
    ),
    "line break in a shop.toml value": (
        {"shop.toml": SHOP_TOML.replace('"halo@tokouji.example"', '"halo\\n@tokouji"')},
        'shop.toml:8: contact.email: must be one email address such as "halo@tokoku.id" '
        '(got "halo\\n@tokouji": The email address contains invalid characters before the @-sign: U+000A.)',
    ),
}


@pytest.mark.parametrize("case", list(FOUND))
def test_found_by_the_property_tests(tmp_path, case):
    files, expected = FOUND[case]
    files = {name: text if name != PRODUCT or text.startswith("---") else f"---\n{text}\n---\n{WORDS}\n"
             for name, text in files.items()}
    shop = make_shop(tmp_path, files)
    code, err = build(shop, "--today", TODAY)
    assert_clear(code, err)
    assert code == 1
    assert expected in err.split("\n"), err


# --------------------------------------------------------------------------- Markdown that is slow to read (issue 13, C)

# CPU seconds of the build's own process: each of these took 20 s to minutes, or crashed, before. Its CPU
# time, not the wall clock, so a machine busy with other work (two test workers, a browser) cannot fail it.
BUILD_SECONDS = 10


def build_in_time(root: Path) -> tuple[int, str]:
    """Build in a subprocess, so a hang or a crash fails the test instead of stopping the run."""
    import resource
    import subprocess
    import sys

    def children_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    started = children_cpu()
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--shop", str(root), "--no-git", "--today", TODAY],
                          capture_output=True, text=True, timeout=BUILD_SECONDS * 6, cwd=Path(__file__).resolve().parent.parent)
    seconds = children_cpu() - started
    assert seconds < BUILD_SECONDS, f"{seconds:.1f} CPU s"
    assert_clear(done.returncode, done.stderr)
    if done.returncode == 1:
        assert done.stderr.startswith(f"{PRODUCT}:"), done.stderr
    return done.returncode, done.stderr


SLOW_SHAPES = {  # body (or whole file) -> about 100 KB to 1 MB each
    "unclosed brackets": "[" * 8000, "unclosed brackets 1 MB": "[" * 1_000_000, "link starts": "[a](" * 4000,
    "image starts": "![" * 50_000, "references": "[x][" * 25_000, "emphasis and brackets": "*[" * 50_000,
    "nested lists": "".join("  " * i + "- x\n" for i in range(300)), "nested quotes": "> " * 300 + "x",
    "nested lists 4 spaces": "".join("    " * i + "- x\n" for i in range(400)),
    "headings in one paragraph": "# x\n" * 25_000, "setext headings": "x\n=\n" * 24_000, "rules": "x\n---\n" * 16_000,
    "many paragraphs of brackets": ("[" * 1990 + "\n\n") * 45, "emphasis runs": "*a" * 49_000, "backticks": "`a" * 49_000,
    "backslashes": "\\" * 99_000, "angle brackets": "<" * 1_000_000, "ampersands": "&#1" * 33_000,
    "long line": "kata " * 19_900, "table": "|a|b|\n|-|-|\n" + "|1|2|\n" * 16_000, "1 MB of text": "x" * 1_000_000,
    "deep YAML": "---\ntitle: Kemeja\nprice: 5\nphotos: [kemeja.jpg]\nx: " + "[" * 300_000 + "]" * 300_000 + "\n---\n",
}


@pytest.mark.parametrize("shape", list(SLOW_SHAPES))
def test_slow_markdown_builds_or_is_refused_in_seconds(shops, shape):
    root = shops("slow-shapes")
    text = SLOW_SHAPES[shape]
    (root / PRODUCT).write_text(text if text.startswith("---") else f"{GOOD_PRODUCT}\n{text}\n", encoding="utf-8")
    build_in_time(root)


slow_units = st.sampled_from(["[", "![", "[a](", "](", "(", "[x][", "*[", "[*", "*a", "`a", "\\", "<", "&", "> ", "- ",
                              "# x\n", "x\n=\n", "---\n", "  - x\n", "\n", " ", "kata "])
slow_bodies = st.lists(st.tuples(slow_units, st.integers(1, 30_000)), min_size=1, max_size=4).map(
    lambda runs: "".join(unit * count for unit, count in runs)[:120_000])
nested_bodies = st.integers(15, 400).flatmap(lambda depth: st.sampled_from([
    "".join("  " * i + "- x\n" for i in range(depth)), "> " * depth + "x", "".join(">" * i + " x\n" for i in range(depth)),
    "".join("    " * i + "1. x\n" for i in range(depth))]))


@settings(ROBUST, max_examples=min(ROBUST.max_examples, 15))
@given(body=st.one_of(slow_bodies, nested_bodies))
def test_long_runs_and_deep_nesting_build_or_are_refused_in_seconds(shops, body):
    root = shops("slow-random")
    (root / PRODUCT).write_text(f"{GOOD_PRODUCT}\n{body}\n", encoding="utf-8")
    build_in_time(root)


# --------------------------------------------------------------------------- messages and variants that could explode

# Pieces a seller's message template is made of, and the format-spec shapes that make str.format allocate gigabytes
MESSAGE_PIECES = st.sampled_from([
    "Halo ", "{shop}", "{product}", "{price}", "{lines}", "{total}", "{", "}", "{{", "}}", ":", "!", "!r", ">",
    "99999999", "{product:>99999999}", "{price:,}", "{shop!a}", "{url:{shop}}", "{product.__class__}", "{0}",
    "{product[0]}", "{}", "\\n", " ", "é",
])


@ROBUST
@given(key=st.sampled_from(["order", "ask", "restock", "cart"]), pieces=st.lists(MESSAGE_PIECES, min_size=1, max_size=8))
def test_any_message_template_builds_at_once_or_is_refused(shops, key, pieces):
    import json
    import string
    import time

    root = shops("messages")
    (root / "shop.toml").write_text(SHOP_TOML + f"\n[messages]\n{key} = {json.dumps(''.join(pieces))}\n")
    started = time.monotonic()
    code, err = build_clear(root)
    assert time.monotonic() - started < 10, "a message template must never make the build slow"
    if code == 0:  # then every placeholder is a plain name
        fields = [(spec, conversion) for _, name, spec, conversion in string.Formatter().parse("".join(pieces)) if name is not None]
        assert not any(spec or conversion for spec, conversion in fields), "a format spec or conversion was accepted"


@ROBUST
@given(sizes=st.lists(st.integers(min_value=1, max_value=40), min_size=1, max_size=9))
def test_any_variant_grid_builds_at_once_or_is_refused(shops, sizes):
    import math
    import time

    root = shops("variants")
    variants = "".join(f"  - name: V{i}\n    options: [{', '.join(f'o{n}' for n in range(size))}]\n" for i, size in enumerate(sizes))
    (root / PRODUCT).write_text(GOOD_PRODUCT.replace("---\nKain", f"variants:\n{variants}---\nKain", 1))
    started = time.monotonic()
    code, err = build_clear(root)
    assert time.monotonic() - started < 10, "variant combinations must be counted, not listed"
    assert (code == 0) == (math.prod(sizes) <= 100 and len(sizes) <= 3), err  # at most 3 options (issue 15's contract)
