"""Which scheme a browser follows for a URL written in a page: decided one way, for the Markdown
converter (what seller text may link to) and for `etalase check` (what a built page links to)."""

from __future__ import annotations

import html
import re
import urllib.parse

SAFE_SCHEMES = frozenset({"", "http", "https", "mailto", "tel"})  # "" is a relative link: /path, #anchor, ?q, page.html
# A browser ignores tabs and newlines anywhere in a URL and controls and spaces at its ends ("jav\tascript:" is
# javascript:); removing every one of them anywhere is a little stricter than a browser, never looser.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f]+")


def link_scheme(value: str) -> str:
    """The scheme of an href/src value as written in HTML, lowercase ("" for a relative link).

    Entities are decoded first (``javascript&#58;`` is ``javascript:``); an unreadable URL gives "invalid".
    A value already decoded (by an HTML parser) may be passed too: decoding it again can only find more
    schemes, never fewer.
    """
    decoded = html.unescape(value)
    try:
        return urllib.parse.urlsplit(_IGNORED_IN_SCHEME.sub("", decoded)).scheme.lower()
    except ValueError:  # e.g. "http://[" (a broken IPv6 host)
        return "invalid"


def safe_url(value: str) -> bool:
    """True for http, https, mailto, tel and relative links; False for javascript:, data:, vbscript: and the rest."""
    return link_scheme(value) in SAFE_SCHEMES
