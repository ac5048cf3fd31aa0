"""Included fragments rendered once a build for each set of values they read (generator/fragments.py):
the text is always what Jinja alone makes of the same templates."""

from __future__ import annotations

from dataclasses import dataclass

import jinja2
import pytest

from generator.graph import COUNT, RecordingEnvironment
from generator.views import CategoryView


@dataclass(frozen=True)
class Item:
    title: str
    tags: tuple[str, ...] = ()


TEMPLATES = {
    "card.html": "<li>{{ item.title }}{% if note is defined %} ({{ note }}){% endif %}{{ tick() }}{% include 'badge.html' %}</li>",
    "badge.html": "{% for tag in item.tags %}<b>{{ tag }}</b>{% endfor %}",
    "list.html": "<ul>{% for item in items %}{% include 'card.html' %}{% endfor %}</ul>",
    "noted.html": "{% for item in items %}{% set note = 'n' ~ loop.index %}{% include 'card.html' %}{% endfor %}",
    "by_cycler.html": "{% set turn = cycler('odd', 'even') %}{% for item in items %}{% include 'turned.html' %}{% endfor %}",
    "turned.html": "{{ turn.next() }}:{{ item.title }} ",
    "by_namespace.html": "{% set ns = namespace(n=0) %}{% for i in range(3) %}{% set ns.n = ns.n + 1 %}{% include 'counted.html' %}{% endfor %}",
    "counted.html": "[{{ ns.n }}]",
    "by_dict.html": "{% for item in items %}{% include 'from_dict.html' %}{% endfor %}",
    "from_dict.html": "{{ item['title'] }} ",
    "macro.html": "{% macro m(x) %}<{{ x }}>{% endmacro %}{{ m(item.title) }}",
    "uses_macro.html": "{% for item in items %}{% include 'macro.html' %}{% endfor %}",
    "category_count.html": "{{ category.name }}: {{ category.count }}",
    "page.html": "{% include 'category_count.html' %}",
    "reads_first.html": "{{ category.count }} {% include 'category_count.html' %}",
}


def environments():
    """(the memoizing environment, plain Jinja's) and the count of the fragment's renders."""
    calls = []

    def tick() -> str:
        calls.append(1)
        return ""

    envs = []
    for kind in (RecordingEnvironment, jinja2.Environment):
        env = kind(loader=jinja2.DictLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined)
        env.globals["tick"] = tick
        envs.append(env)
    return envs[0], envs[1], calls


def render_both(name: str, **values) -> tuple[str, str]:
    memo, plain, _ = environments()
    return memo.get_template(name).render(**values), plain.get_template(name).render(**values)


def test_a_card_included_again_for_the_same_view_is_rendered_once_and_reads_the_same():
    memo, plain, calls = environments()
    a, b = Item("Kaos <b>", ("baru",)), Item("Kemeja")
    items = [a, b, a, a, b]
    expected = plain.get_template("list.html").render(items=items)
    calls.clear()
    assert memo.get_template("list.html").render(items=items) == expected
    assert len(calls) == 2  # once for a, once for b
    assert "Kaos &lt;b&gt;" in expected


def test_a_value_the_fragment_reads_is_part_of_its_key():
    items = [Item("A"), Item("A"), Item("A")]
    memo, plain = render_both("noted.html", items=items)
    assert memo == plain and "(n1)" in memo and "(n3)" in memo


@pytest.mark.parametrize("name, values", [
    ("by_cycler.html", {"items": [Item("A"), Item("A")]}),  # one object whose state moves with each include
    ("by_namespace.html", {}),  # a namespace the includer changes between includes
    ("by_dict.html", {"items": [{"title": "x"}, {"title": "y"}]}),  # a mutable value
    ("uses_macro.html", {"items": [Item("A"), Item("B")]}),  # a template with a macro is never a fragment
])
def test_what_could_change_under_a_fragment_is_rendered_each_time(name, values):
    memo, plain = render_both(name, **values)
    assert memo == plain
    assert {"by_namespace.html": "[1][2][3]", "by_cycler.html": "odd:A even:A "}.get(name, memo) == memo


def test_views_made_and_dropped_one_after_another_never_get_an_earlier_ones_text():
    """Keys hold views by identity: the memo keeps them alive, so a new view cannot take a freed one's id."""
    memo, _, _ = environments()
    template = memo.get_template("list.html")
    for number in range(200):
        assert template.render(items=[Item(f"produk {number}")]) == f"<ul><li>produk {number}</li></ul>"


def test_a_new_build_forgets_the_texts():
    memo, _, calls = environments()
    item = Item("A")
    memo.get_template("list.html").render(items=[item])
    memo.fragments.forget()
    calls.clear()
    memo.get_template("list.html").render(items=[item])
    assert len(calls) == 1


@pytest.mark.parametrize("first", ["page.html", "reads_first.html"])  # the first page read it before the fragment did
def test_what_a_reused_fragment_read_is_recorded_for_every_page_that_shows_it(first):
    memo, _, _ = environments()
    category = CategoryView("Batik", "batik", "/category/batik/")
    for name in (first, "page.html", "page.html"):
        memo.recording = set()
        assert memo.get_template(name).render(category=category).endswith("Batik: 0")
        assert memo.recording == {(COUNT, "batik")}
    memo.recording = None


def test_an_include_of_a_missing_or_broken_template_is_left_to_jinja():
    templates = {"ok.html": "{% include 'gone.html' ignore missing %}[{{ item.title }}]",
                 "broken.html": "{% include 'bad.html' %}", "bad.html": "{% if %}"}
    env = RecordingEnvironment(loader=jinja2.DictLoader(templates), autoescape=True)
    assert env.get_template("ok.html").render(item=Item("A")) == "[A]"
    with pytest.raises(jinja2.TemplateSyntaxError) as error:
        env.get_template("broken.html").render()
    assert error.value.name == "bad.html"
