"""Issue 14: the order rules (a line of empty placeholders left out, `{name}` filled without str.format,
wa.me and mailto: links encoded part by part) are written once in Python and once in cart.js; one table,
tests/order_rules_cases.json, holds both. Every case runs on both sides: add one there, not here.

The cart side runs cart.js itself, loaded as a shop page loads it, in Debian's Chromium: the engine,
`encodeURIComponent` and regular expressions the shopper's browser uses (Node could not load the file
unchanged: it reads the page's DOM as it starts)."""

from __future__ import annotations

import json
import time
from pathlib import Path

from generator import links
from generator.order_text import fill, message_from_template
from tests.helpers import REPO

CASES = json.loads((Path(__file__).parent / "order_rules_cases.json").read_text(encoding="utf-8"))
SECTIONS = ("messages", "fill", "whatsapp", "mailto")
CART_JS = REPO / "themes/etalase/static/cart.js"
SHOP = "http://shop.test/"  # routed to the files below, never fetched
# An unclosed `{` before 100,000 characters: one pass takes milliseconds, a backtracking pattern half a minute.
SLOW = ["{" + "a" * 100_000, "{a:" + "b" * 100_000, "{a" * 50_000 + "}"]


def python_side(section: str, case: dict) -> str:
    if section == "messages":
        return message_from_template(case["template"], case["values"])
    if section == "fill":
        return fill(case["template"], case["values"])
    if section == "whatsapp":
        return links.whatsapp(case["number"], case["text"])
    return links.mailto(case["address"], case["subject"], case["body"])


def mismatches(results: dict[str, list[str]]) -> str:
    """One line per case a side gets wrong; empty when it follows the table."""
    return "\n".join(f"{section}: {case['name']}: got {got!r}, expected {case['expected']!r}"
                     for section in SECTIONS for case, got in zip(CASES[section], results[section]) if got != case["expected"])


def test_the_table_has_only_sections_both_sides_run():
    assert set(CASES) - {"about"} == set(SECTIONS)
    assert all(CASES[section] for section in SECTIONS)
    names = [case["name"] for section in SECTIONS for case in CASES[section]]
    assert len(names) == len(set(names))


def test_python_follows_the_table():
    results = {section: [python_side(section, case) for case in CASES[section]] for section in SECTIONS}
    assert not mismatches(results), mismatches(results)


def test_links_encoded_line_by_line_with_shared_lines_are_the_same_links():
    """views.py encodes one product's combination links line by line, sharing the lines they repeat
    (links.encode_text's `known`): every table case, each twice through one shared dict, and any text."""
    from hypothesis import given, settings, strategies as st

    known: dict[str, str] = {}
    for _ in range(2):
        for case in CASES["whatsapp"]:
            assert links.whatsapp(case["number"], case["text"], known) == case["expected"], case["name"]
        for case in CASES["mailto"]:
            assert links.mailto(case["address"], case["subject"], case["body"], known) == case["expected"], case["name"]

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.text(), max_size=4))
    def same(texts: list[str]) -> None:
        shared: dict[str, str] = {}
        for text in texts + texts:
            assert links.whatsapp("628123", text, shared) == links.whatsapp("628123", text)
            assert links.mailto("a@b.example", text, text, shared) == links.mailto("a@b.example", text, text)

    same()


def test_a_template_read_once_fills_as_fill_does_line_by_line():
    """views.py reads each message template once (order_text.MessageTemplate); the message is the one
    `fill` gives each kept line, whatever the template's braces."""
    from hypothesis import given, settings, strategies as st

    from generator.order_text import FIELD, MessageTemplate

    def by_fill(template: str, values: dict) -> str:
        kept = [line for line in template.split("\n")
                if not (names := [m[1] for m in FIELD.finditer(line) if m[1]]) or any(values.get(n) for n in names)]
        return "\n".join(fill(line, values) for line in kept)

    pieces = st.sampled_from(["{a}", "{b}", "{}", "{{", "}}", "{a:>9}", "{b!r}", "{", "}", "\n", "x", " ", "é"])
    values = st.fixed_dictionaries({"a": st.one_of(st.none(), st.sampled_from(["", "A", "{b}"])), "b": st.sampled_from(["", "B"])})

    @settings(max_examples=500, deadline=None)
    @given(st.lists(pieces, max_size=12).map("".join), values)
    def same(template: str, given_values: dict) -> None:
        assert MessageTemplate.read(template).fill(given_values) == by_fill(template, given_values)

    same()


def test_the_fast_encoding_is_urllibs_quote():
    """links.encode_value turns ASCII text with one str.translate: the same characters as quote(safe="")."""
    from urllib.parse import quote

    from hypothesis import given, settings, strategies as st

    ascii_text = st.text(alphabet=st.characters(max_codepoint=127))

    @settings(max_examples=500, deadline=None)
    @given(st.one_of(ascii_text, st.text()))
    def same(text: str) -> None:
        assert links.encode_value(text) == quote(text, safe="")

    same()
    assert links.encode_value("Kopi 250 g & teh?/#%+=~_.-") == "Kopi%20250%20g%20%26%20teh%3F%2F%23%25%2B%3D~_.-"


def test_an_unclosed_brace_costs_one_pass():
    # (Chromium's regular expressions fall back to a linear engine on their own: only Python's can take minutes.)
    for template in SLOW:
        started = time.perf_counter()
        message_from_template(template, {"a": "x"})
        assert time.perf_counter() - started < 1, template[:10]


def open_cart_js(page) -> None:
    """A page that loads cart.js as the shop's pages do (a deferred script of its own), without a cart."""
    page.route(SHOP, lambda route: route.fulfill(
        content_type="text/html", body='<!doctype html><title>t</title><script src="cart.js" defer></script>'))
    page.route(SHOP + "cart.js", lambda route: route.fulfill(content_type="text/javascript", path=str(CART_JS)))
    page.goto(SHOP)
    page.wait_for_function("self.etalaseOrder")


def test_cart_js_follows_the_table(page):
    open_cart_js(page)
    # The cart gets the bare links from the build (ViewMaker.cart) and adds the fields itself.
    tables = {**CASES, "whatsapp": [{**c, "link": links.whatsapp(c["number"])} for c in CASES["whatsapp"]],
              "mailto": [{**c, "link": links.mailto(c["address"])} for c in CASES["mailto"]]}
    results = page.evaluate("""t => {
      const o = self.etalaseOrder;
      return {
        messages: t.messages.map(c => o.messageFromTemplate(c.template, c.values)),
        fill: t.fill.map(c => o.fill(c.template, c.values)),
        whatsapp: t.whatsapp.map(c => o.whatsapp(c.link, c.text)),
        mailto: t.mailto.map(c => o.mailto(c.link, c.subject, c.body)),
      };
    }""", tables)
    assert not mismatches(results), mismatches(results)

