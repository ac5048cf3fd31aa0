"""Every theme string is translated: the catalogs are complete for every template and for views.py."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po

from tests.helpers import REPO

THEMES = [p.parent for p in (REPO / "themes").glob("*/theme.toml")]


def template_msgids(theme: Path) -> set[str]:
    ids: set[str] = set()
    for template in (theme / "templates").glob("*"):
        with open(template, "rb") as f:
            for _, message, _, _ in extract("jinja2.ext:babel_extract", f, keywords={"_": None, "gettext": None},
                                            options={"extensions": "jinja2.ext.i18n", "trimmed": "false"}):
                ids.add(message if isinstance(message, str) else message[0])
    return ids


def python_msgids(path: Path) -> set[str]:
    """Strings passed to `_` (the translations' gettext) in a Python module."""
    ids = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "gettext_")
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            ids.add(node.args[0].value)
    return ids


def catalog(language: str) -> dict[str, str]:
    with open(REPO / "themes/etalase/locales" / language / "LC_MESSAGES/messages.po", "rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id}


@pytest.mark.parametrize("theme", THEMES, ids=[t.name for t in THEMES])
def test_indonesian_catalog_is_complete(theme):
    wanted = template_msgids(theme) | python_msgids(REPO / "generator/views.py")
    assert wanted, "no strings found: the extraction is broken"
    translations = catalog("id")
    missing = sorted(msgid for msgid in wanted if not translations.get(msgid))
    assert missing == [], missing


def test_no_stale_entries():
    wanted = set().union(*(template_msgids(theme) for theme in THEMES)) | python_msgids(REPO / "generator/views.py")
    stale = sorted(set(catalog("id")) - wanted)
    assert stale == [], stale
