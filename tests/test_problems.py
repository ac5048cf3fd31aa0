"""One `Problem` for the build and for `etalase check`: one way to print it, and the stage that found it."""

from __future__ import annotations

import io

import pytest

from generator.build import BuildOptions, Builder
from generator.errors import BuildError, Problem, format_problem
from generator.reporter import Reporter
from generator.contract.published_site import check_site
from tests.helpers import SHOP_TOML, make_shop, product_md


def test_one_format_for_a_file_a_line_and_a_built_page():
    assert format_problem(Problem("content/products/kemeja.md", 4, 'price: must be a number (got "murah")')) == (
        'content/products/kemeja.md:4: price: must be a number (got "murah")')
    assert format_problem(Problem("shop.toml", None, "not found")) == "shop.toml: not found"
    assert format_problem(Problem("products/kemeja/index.html", None, "file not found", kind="link", target="/photos/x.webp")) == (
        "products/kemeja/index.html → /photos/x.webp: file not found")
    assert str(Problem("a\x1b[2Jb.md", 1, "x")) == "a\\x1b[2Jb.md:1: x"  # a name cannot rewrite the terminal


def test_the_reporter_prints_errors_and_warnings_of_both_commands():
    stream = io.StringIO()
    reporter = Reporter(0, stream=stream)  # quiet: problems are printed all the same
    reporter.problem(Problem("content/products/kemeja.md", 6, "photos[0]: no alt text", warning=True))
    reporter.problem(Problem("index.html", None, "HTTP 404", kind="link", target="https://x.example/"))
    assert stream.getvalue() == "warning: content/products/kemeja.md:6: photos[0]: no alt text\nindex.html → https://x.example/: HTTP 404\n"


def _problems(shop) -> list[Problem]:
    with pytest.raises(BuildError) as raised:
        Builder(BuildOptions(root=shop, use_git=False)).build()
    return raised.value.problems


@pytest.mark.parametrize("files, kind", [
    ({"shop.toml": SHOP_TOML.replace('currency = "IDR"', 'currency = "IDR"\nper_page = "banyak"')}, "config"),
    ({"shop.toml": SHOP_TOML.replace('currency = "IDR"', 'currency = "IDR"\ntheme = "nope"')}, "theme"),
    ({"content/products/kemeja.md": product_md("title: Kemeja\nprice: murah\nphotos: [kemeja.jpg]")}, "content"),
    ({"templates/product.html": '{% extends "base.html" %}{% block main %}{{ product.nama.x }}{% endblock %}'}, "template"),
    ({"templates/page.html": "<html><body>{{ page.title }}</body></html>"}, "contract"),
])
def test_a_build_problem_says_which_stage_found_it(tmp_path, files, kind):
    problems = _problems(make_shop(tmp_path, files))
    assert problems and {p.kind for p in problems} == {kind}, problems


def test_a_check_problem_says_which_check_found_it(tmp_path):
    (tmp_path / "index.html").write_text('<a href="/gone/">x</a><a href="javascript:alert(1)">y</a>' + "<p>isi</p>" * 200)
    problems = check_site(tmp_path, "https://toko.example/", 1).problems
    assert [(p.target, p.kind) for p in problems] == [("/gone/", "link"), ("javascript:alert(1)", "unsafe"), ("(page weight)", "page")]
