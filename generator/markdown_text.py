"""Seller Markdown to safe HTML.

Raw HTML in seller text is escaped, not passed through, and links may only
use web, mail, phone and WhatsApp schemes: a description can never run
script on a shopper's phone.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:", "#", "/")
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+")


class _SafeLinks(Treeprocessor):
    def run(self, root: Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is None:
                    continue
                lowered = value.strip().lower()
                relative = ":" not in lowered.split("/", 1)[0]
                if not (relative or lowered.startswith(SAFE_SCHEMES)):
                    element.set(attribute, "#")


class SafeMarkdown:
    """One reusable converter (building a Markdown instance is the slow part)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        self._md.treeprocessors.register(_SafeLinks(self._md), "safe_links", 0)

    def convert(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)


def count_words(html: str) -> int:
    return len(_WORD.findall(_TAG.sub(" ", html)))
