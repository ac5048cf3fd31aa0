"""What a seller writes in shop.toml and front matter that could hang the build or break out of a link:
contact addresses and handles, message templates, variant combinations, TOML slips, duplicate SKUs."""

from __future__ import annotations

import os
import re
import time
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest

from generator import links
from tests.helpers import SHOP_TOML, WORDS, build, make_shop, product_md

CONTACT = SHOP_TOML.split("[contact]")[0]


def _shop_toml(contact: str, extra: str = "") -> str:
    return CONTACT + "[contact]\n" + contact + extra


@pytest.mark.parametrize("address", [
    "halo@toko.example?bcc=spy@evil.example", "<halo@toko.example>", "Toko <halo@toko.example>", "halo@toko.example>",
    "halo@toko.example,spy@evil.example", "halo@toko.example\\nbcc: spy@evil.example", "halo @toko.example", "halo",
    "halo@", "@toko.example", "halo@toko..example", "halo@localhost", "halo@toko.example%0Abcc:x", "javascript:alert(1)//@x.example",
])
def test_an_email_that_is_not_one_plain_address_is_refused(tmp_path, address):
    shop = make_shop(tmp_path, {"shop.toml": _shop_toml(f'email = "{address}"\n')})
    code, err = build(shop)
    assert code == 1
    assert re.search(r"^shop\.toml:7: contact\.email: must be one email address such as \"halo@tokoku\.id\" \(got .+\)$", err, re.M), err


@pytest.mark.parametrize("key, value, rule", [
    ("instagram", "toko saya", "1 to 30 letters, digits, dots and underscores"),
    ("instagram", "toko/../../evil", "1 to 30 letters, digits, dots and underscores"),
    ("instagram", "toko?x=1", "1 to 30 letters, digits, dots and underscores"),
    ("instagram", "a" * 31, "1 to 30 letters, digits, dots and underscores"),
    ("telegram", "toko", "5 to 32 letters, digits and underscores, starting with a letter"),
    ("telegram", "toko-saya", "5 to 32 letters, digits and underscores, starting with a letter"),
    ("telegram", "@@tokosaya", "5 to 32 letters, digits and underscores, starting with a letter"),
    ("telegram", "1tokosaya", "5 to 32 letters, digits and underscores, starting with a letter"),
])
def test_handles_follow_the_platforms_rules(tmp_path, key, value, rule):
    shop = make_shop(tmp_path, {"shop.toml": _shop_toml(f'whatsapp = "6281234567890"\n{key} = "{value}"\n')})
    code, err = build(shop)
    assert code == 1
    assert f"shop.toml:8: contact.{key}: must be your {key} account name, {rule}, such as \"tokosaya\"" in err, err


class _Hrefs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.hrefs += [value for name, value in attrs if name == "href" and value]


def test_contact_and_order_links_encode_every_part(tmp_path):
    """Valid but unusual values (a `?`, `&` and `=` in the local part, `&` and quotes in a title) stay inside their part."""
    toml = _shop_toml('whatsapp = "62 812-3456-7890"\nemail = "halo?cc=x&bcc=y@tokouji.example"\ninstagram = "@toko.saya"\ntelegram = "toko_saya"\n')
    title = 'Kemeja "A&B" ?x=1 #1 %0A'
    shop = make_shop(tmp_path, {"shop.toml": toml, "content/products/kemeja.md": product_md(f"title: '{title}'\nprice: 1000\nphotos: [kemeja.jpg]")})
    code, err = build(shop)
    assert code == 0, err
    parser = _Hrefs()
    parser.feed((shop / "public/products/kemeja/index.html").read_text())
    mailtos = [h for h in parser.hrefs if h.startswith("mailto:")]
    assert mailtos, parser.hrefs
    for href in mailtos:
        address, _, query = href.removeprefix("mailto:").partition("?")
        assert unquote(address) == "halo?cc=x&bcc=y@tokouji.example" and "?" not in address and "&" not in address
        fields = dict(pair.split("=", 1) for pair in query.split("&")) if query else {}
        assert set(fields) <= {"subject", "body"}
        assert all(title in unquote(v) for k, v in fields.items() if k == "subject")
    was = [h for h in parser.hrefs if h.startswith("https://wa.me/")]
    assert was and all(urlsplit(h).path == "/6281234567890" and set(urlsplit(h).query.split("=")[0:1]) <= {"text", ""} for h in was)
    assert "https://instagram.com/toko.saya" in parser.hrefs and "https://t.me/toko_saya" in parser.hrefs
    cart = (shop / "public/cart/index.html").read_text()
    assert 'href="mailto:halo%3Fcc%3Dx%26bcc%3Dy@tokouji.example"' in cart


def test_link_helpers():
    assert links.mailto("a?b=c@x.example", "S & T", "1\n2") == "mailto:a%3Fb%3Dc@x.example?subject=S%20%26%20T&body=1%0A2"
    assert links.whatsapp("6281", "Halo & ?") == "https://wa.me/6281?text=Halo%20%26%20%3F"
    assert links.profile("t.me", "a/b") == "https://t.me/a%2Fb"


@pytest.mark.parametrize("key", ["order", "ask", "restock", "cart"])
@pytest.mark.parametrize("template", ["{product:>99999999}", "{shop!r}", "{price:,}", "{url:{shop}}"])
def test_message_placeholders_are_plain_names_in_every_message(tmp_path, key, template):
    shop = make_shop(tmp_path, {"shop.toml": SHOP_TOML + f'\n[messages]\n{key} = "Halo {template}"\n'})
    started = time.monotonic()
    code, err = build(shop)
    assert code == 1 and time.monotonic() - started < 10
    example = "{lines}" if key == "cart" else "{product}"
    assert f"shop.toml:12: messages.{key}: placeholders are plain names such as {example}, without : or !" in err, err


def test_message_placeholders_fill_without_str_format():
    from generator.order_text import fill

    assert fill("Halo {shop}: {product} {{x}}", {"shop": "Toko {0}", "product": None}) == "Halo Toko {0}:  {x}"
    assert fill("{product:>99999999}", {"product": "x"}) == "x"  # a spec is never applied


def test_variant_combinations_are_counted_not_listed(tmp_path):
    variants = "\n".join(f"  - name: V{i}\n    options: [{', '.join(str(n) for n in range(10))}]" for i in range(8))
    shop = make_shop(tmp_path, {"content/products/kemeja.md": product_md(f"title: Kemeja\nprice: 1000\nphotos: [kemeja.jpg]\nvariants:\n{variants}")})
    started = time.monotonic()
    code, err = build(shop)
    assert code == 1 and time.monotonic() - started < 10
    assert ("content/products/kemeja.md:5: variants: 10 × 10 × 10 × 10 × 10 × 10 × 10 × 10 = 100,000,000 combinations; at most 100: "
            "split the product, or keep only the options shoppers really choose between") in err.splitlines(), err


def test_one_hundred_combinations_build(tmp_path):
    variants = "  - name: Ukuran\n    options: [" + ", ".join(f"U{n}" for n in range(10)) + "]\n  - name: Warna\n    options: [" + ", ".join(f"W{n}" for n in range(10)) + "]"
    shop = make_shop(tmp_path, {"content/products/kemeja.md": product_md(f"title: Kemeja\nprice: 1000\nphotos: [kemeja.jpg]\nvariants:\n{variants}")})
    assert build(shop)[0] == 0


TOML_SLIPS = {
    "a string left open": ('title = "Toko Uji\nbase_url = "https://t.example/"\n', 1,
                           'a string is not closed: add the closing quote at the end of the value, e.g. title = "Toko Saya"'),
    "a literal string left open": ("title = 'Toko Uji\nbase_url = \"https://t.example/\"\n", 1,
                                   'a string is not closed: add the closing quote at the end of the value, e.g. title = "Toko Saya"'),
    "a list left open": ('title = "T"\nbase_url = "https://t.example/"\n\n[order]\npayment_methods = ["BCA",\n  "QRIS"\nbooking_rule = "x"\n', 5,
                         'a list is not closed: add ] after its last item, e.g. payment_methods = ["Transfer BCA", "QRIS"]'),
    "a list left open at the end": ('title = "T"\nbase_url = "https://t.example/"\n[order]\npayment_methods = ["BCA", "QRIS"\n', 4,
                                    'a list is not closed: add ] after its last item, e.g. payment_methods = ["Transfer BCA", "QRIS"]'),
    "text without quotes": ('title = Toko: Uji\n', 1, 'the value needs quotes (text), or is not a number, true/false or [list]: e.g. title = "Toko Saya"'),
    "a key twice": ('title = "T"\ntitle = "U"\n', 2, "a key is written twice: keep one"),
    "a section left open": ('title = "T"\n[contact\n', 2, "a section name is not closed: write it as [contact]"),
}


@pytest.mark.parametrize("case", list(TOML_SLIPS))
def test_toml_slips_are_explained_where_they_are(tmp_path, case):
    text, line, message = TOML_SLIPS[case]
    shop = make_shop(tmp_path, {"shop.toml": text})
    code, err = build(shop)
    assert code == 1
    assert f"shop.toml:{line}: {message}" in err.splitlines(), err


def test_a_byte_order_mark_in_shop_toml_is_accepted(tmp_path):
    shop = make_shop(tmp_path, {"shop.toml": "\ufeff" + SHOP_TOML})  # what Windows Notepad saves
    code, err = build(shop)
    assert code == 0, err


@pytest.mark.parametrize("edited", ["kaos", "kemeja"])
def test_a_duplicate_sku_names_both_files_the_edited_one_first(tmp_path, edited):
    shop = make_shop(tmp_path, {"content/products/kaos.md": product_md("title: Kaos\nprice: 1000\nsku: KB-1\nphotos: [kemeja.jpg]", WORDS)})
    other = "kemeja" if edited == "kaos" else "kaos"
    now = time.time()
    os.utime(shop / f"content/products/{other}.md", (now - 3600, now - 3600))
    os.utime(shop / f"content/products/{edited}.md", (now, now))
    code, err = build(shop)
    assert code == 1
    assert (f'content/products/{edited}.md:4: sku: "KB-1" is already used by content/products/{other}.md:4; '
            "every product needs its own SKU: change it in this file or there") in err.splitlines(), err


def _laughs(levels: int) -> str:
    """Ten lines that stand for 9 ** levels values once every alias is written out ("billion laughs")."""
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join(lines) + f"\navailability: *l{levels - 1}"


@pytest.mark.parametrize("front, line, message", [
    (_laughs(10), 9, "more than 10,000 values once the aliases (*name) are written out: write the values themselves, without & and *"),
    ("tags: &t [Batik, *t]", 5, "an alias (*name) stands inside the value it names: write the values themselves, without & and *"),
])
def test_aliases_that_multiply_the_front_matter_are_refused(tmp_path, front, line, message):
    shop = make_shop(tmp_path, {"content/products/kemeja.md": product_md(f"title: Kemeja\nprice: 1000\nphotos: [kemeja.jpg]\n{front}")})
    started = time.monotonic()
    code, err = build(shop)
    assert code == 1 and time.monotonic() - started < 10
    assert f"content/products/kemeja.md:{line}: {message}" in err.splitlines(), err


def test_a_few_aliases_are_fine(tmp_path):
    shop = make_shop(tmp_path, {"content/products/kemeja.md": product_md(
        "title: Kemeja\nprice: 1000\nphotos: [kemeja.jpg]\ncategory: &kain Batik\ntags: [*kain, Katun]")})
    code, err = build(shop)
    assert code == 0, err
    assert (shop / "public/tag/batik/index.html").is_file()
