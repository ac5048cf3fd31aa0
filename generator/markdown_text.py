"""Seller Markdown to safe HTML.

Raw HTML in seller text is escaped, not passed through, and links may only
use web, mail and phone schemes (WhatsApp links are https://wa.me/...): a
description can never run script on a shopper's phone.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from xml.etree.ElementTree import Element

import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

SAFE_SCHEMES = frozenset({"", "http", "https", "mailto", "tel"})  # "" is a relative link: /path, #anchor, ?q, page.html
_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+")
# A browser ignores these inside a URL's scheme ("jav\tascript:" is javascript:): ASCII whitespace, C0 controls, DEL
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")


def link_scheme(value: str) -> str:
    """The scheme a browser would follow for this href/src value as written in HTML ("" for a relative link).

    Entities are decoded first (``javascript&#58;`` is ``javascript:``); an unreadable URL gives "invalid".
    A value already decoded may be passed too: decoding it again can only find more schemes, never fewer.
    """
    decoded = html.unescape(value.replace(AMP_SUBSTITUTE, "&"))
    try:
        return urllib.parse.urlsplit(_IGNORED_IN_SCHEME.sub("", decoded)).scheme.lower()
    except ValueError:  # e.g. "http://[" (a broken IPv6 host)
        return "invalid"


def safe_url(value: str) -> bool:
    """True for http, https, mailto, tel and relative links; False for javascript:, data:, vbscript: and the rest."""
    return link_scheme(value) in SAFE_SCHEMES


class _SafeLinks(Treeprocessor):
    """Every href and src in the converted tree, however it was written (inline, reference, autolink, image)."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not safe_url(value):
                    element.set(attribute, "#")


class SafeMarkdown:
    """One reusable converter (building a Markdown instance is the slow part)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        self._md.treeprocessors.register(_SafeLinks(self._md), "safe_links", -1)  # after every other tree change

    def convert(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)


def count_words(html: str) -> int:
    return len(_WORD.findall(_TAG.sub(" ", html)))
