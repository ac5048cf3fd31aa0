"""What a template's source says (its references, the names it reads) is parsed once and kept between builds."""

from __future__ import annotations

from generator.build import BuildOptions, Builder
from generator.template_facts import FACTS_FILE
from tests.helpers import REPO, make_shop


def parsed(builder: Builder) -> int:
    envs = [env for _, env, _ in builder._envs.values()]
    assert envs
    return sum(env.template_facts.parsed for env in envs)


def test_a_later_build_parses_only_the_template_that_changed(tmp_path):
    shop = make_shop(tmp_path / "shop")
    first = Builder(BuildOptions(root=shop, use_git=False))
    site = first.compose()
    assert parsed(first) > 5
    second = Builder(BuildOptions(root=shop, use_git=False))  # as the next `etalase build`, in a new process
    assert second.compose().files == site.files and parsed(second) == 0
    template = (REPO / "themes/etalase/templates/_card.html").read_text(encoding="utf-8")
    (shop / "templates").mkdir()
    (shop / "templates/_card.html").write_text(template.replace("</li>", "<!-- kartu --></li>", 1), encoding="utf-8")
    third = Builder(BuildOptions(root=shop, use_git=False))
    assert "<!-- kartu -->" in third.compose().files["index.html"].decode() and parsed(third) == 1


def test_damaged_facts_are_parsed_again(tmp_path):
    shop = make_shop(tmp_path / "shop")
    site = Builder(BuildOptions(root=shop, use_git=False)).compose()
    for facts in (shop / ".etalase-cache").rglob(FACTS_FILE):
        facts.write_text('{"not": "facts"', encoding="utf-8")
    again = Builder(BuildOptions(root=shop, use_git=False))
    assert again.compose().files == site.files and parsed(again) > 5
