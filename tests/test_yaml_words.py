"""Issue 16: front matter reads as the seller (or the browser editor) meant it. PyYAML follows YAML 1.1,
where `no` is false, `18:30` is 1110 and `0012` is octal 10; Etalase reads plain words as YAML 1.2's core
schema does, and keeps a number with a leading zero as text."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.frontmatter import parse
from tests.helpers import build, make_shop, product_md

READ_AS = {
    "no": "no", "No": "No", "off": "off", "yes": "yes", "y": "y", "on": "on",  # words, not booleans
    "true": True, "False": False,
    "18:30": "18:30", "1:20:30": "1:20:30",  # times, not base-60 numbers
    "0012": "0012", "0812345678": "0812345678", "0o17": "0o17", "0x1F": "0x1F",  # codes, not octal or hex
    "185000": 185000, "-5": -5, "0": 0, "12.5": 12.5, ".5": 0.5, "1e3": 1000.0, "185_000": "185_000",
    "2027-01-15": dt.date(2027, 1, 15), "'2027-01-15'": "2027-01-15", '"no"': "no", "~": None, "null": None,
}


@pytest.mark.parametrize("written", sorted(READ_AS))
def test_a_plain_word_reads_as_meant(written):
    assert parse(f"---\nvalue: {written}\n---\nbody").data["value"] == READ_AS[written]


def test_option_values_and_codes_that_yaml_1_1_would_turn_into_other_things(tmp_path):
    shop = make_shop(tmp_path, {"content/products/kemeja.md": product_md(
        "title: No Name Tee\nprice: 1000\nsku: 0012\nphotos: [kemeja.jpg]\noptions:\n  Tali: [yes, no]\n  Jam kirim: [09:00, 18:30]")})
    code, err = build(shop)
    assert code == 0, err
    page = (shop / "public/products/kemeja/index.html").read_text()
    assert "18:30" in page and "0012" in page and ">no<" in page.replace(" ", "")


def test_a_yes_for_a_true_or_false_key_is_explained(tmp_path):
    shop = make_shop(tmp_path, {"content/products/kemeja.md": product_md("title: Kemeja\nprice: 1000\nfeatured: yes\nphotos: [kemeja.jpg]")})
    code, err = build(shop)
    assert code == 1
    assert 'content/products/kemeja.md:4: featured: must be true or false (got "yes")' in err.splitlines(), err
