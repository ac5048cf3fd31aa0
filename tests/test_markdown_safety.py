"""Seller Markdown can never become a link or image a browser runs as script (issue 13, A).

The oracle here is independent of generator.markdown_text: the produced HTML is
parsed with html.parser (which decodes entities as a browser does) and each
href/src is read with the WHATWG URL rules for the scheme.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.markdown_text import SafeMarkdown
from generator.schemes import link_scheme, safe_url

ALLOWED = {"http", "https", "mailto", "tel"}
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")


def browser_scheme(url: str) -> str | None:
    """The scheme a browser sees (WHATWG URL: trim C0 controls and spaces, drop tabs and newlines), or None if relative."""
    url = url.strip("".join(map(chr, range(0x21)))).replace("\t", "").replace("\n", "").replace("\r", "")
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


class _Urls(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value or "" for name, value in attrs if name in ("href", "src", "action", "formaction", "srcset")]


def urls_in(html: str) -> list[str]:
    parser = _Urls()
    parser.feed(html)
    parser.close()
    return parser.urls


def assert_no_script_link(html: str) -> None:
    for url in urls_in(html):
        scheme = browser_scheme(url)
        assert scheme is None or scheme in ALLOWED, f"{url!r} runs as {scheme}: in\n{html}"


# The ways a seller (or a pasted text) can spell javascript: and friends
HOSTILE_TARGETS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "javascript&#58;alert(1)", "javascript&#058;alert(1)",
    "javascript&#0000058;alert(1)", "javascript&#x3a;alert(1)", "javascript&#x3A;alert(1)", "javascript&#X3a;alert(1)",
    "javascript&colon;alert(1)", "javascript&#x3a alert(1)", "jav&#x09;ascript:alert(1)", "jav&#x0A;ascript:alert(1)",
    "jav&#x0D;ascript:alert(1)", "jav&#9;ascript:alert(1)", "jav&Tab;ascript:alert(1)", "jav&NewLine;ascript:alert(1)",
    "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)", "&#x6a&#x61&#x76&#x61script:alert(1)",
    "&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)",
    "&#x01;javascript:alert(1)", "&#32;javascript:alert(1)", "javascript&#x3a;&#x61;lert(1)", "vbscript:msgbox(1)",
    "VBScript&#58;msgbox(1)", "data:text/html,<script>alert(1)</script>", "data&colon;text/html;base64,PHNjcmlwdD4=",
    "DATA:text/html,x", "data:image/svg+xml,<svg onload=alert(1)>", "file:///etc/passwd", "jar:file:x!/y", "livescript:x",
    "javascript:/*/https://ok*/alert(1)", "javascript://%0aalert(1)", "ja&#x76;ascript:x",
    "javascript&#x0000003a;x", "java&#x7f;script:alert(1)",
]
SAFE_TARGETS = [
    "https://tokouji.example/", "http://a.example/x?a=1&b=2", "mailto:halo@tokouji.example", "tel:+6281234567890",
    "/products/kemeja/", "#ukuran", "?warna=merah", "kemeja.html", "../pages/privacy/", "//cdn.example/x.png",
    "https://wa.me/6281234567890?text=Halo%20kak", "HTTPS://A.EXAMPLE", "produk:kemeja/".replace(":", "%3A"),
]
# Each target written as an inline link, a reference link, an image, an image by reference and an autolink
FORMS = [
    "[tautan]({t})", "[tautan]({t} \"judul\")", "[tautan](<{t}>)", "[tautan][1]\n\n[1]: {t}\n", "[1]\n\n[1]: <{t}>\n",
    "![foto]({t})", "![foto][f]\n\n[f]: {t}\n", "<{t}>", "teks [a]({t}) dan ![b]({t}) lagi",
]


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_hostile_schemes_are_refused(target):
    assert not safe_url(target), link_scheme(target)


@pytest.mark.parametrize("target", SAFE_TARGETS)
def test_web_mail_phone_and_relative_links_are_kept(target):
    assert safe_url(target), link_scheme(target)


@pytest.fixture(scope="module")
def converter():
    return SafeMarkdown()


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_no_markdown_form_makes_a_script_link(converter, form, target):
    assert_no_script_link(converter.convert(form.format(t=target)))


@pytest.mark.parametrize("target", [t for t in SAFE_TARGETS if not t.startswith("//")])
def test_safe_links_survive_conversion(converter, target):
    html = converter.convert(f"[tautan]({target})")
    assert urls_in(html) == [target], html


url_pieces = st.sampled_from(["java", "script", "vb", "data", ":", "&#58;", "&#x3a;", "&colon;", "&#x09;", "&Tab;", "&#10;",
                              "&#x6a;", "&#106;", "&#0;", "&", "#", ";", "/", "\\", " ", "\t", "<", ">", "(", ")", "\"",
                              "alert(1)", "http", "x"])


@settings(max_examples=300, deadline=None, database=None)
@given(pieces=st.lists(url_pieces, max_size=10).map("".join), form=st.sampled_from(FORMS))
def test_random_spellings_never_make_a_script_link(converter, pieces, form):
    html = converter.convert(form.format(t=pieces))
    assert_no_script_link(html)
    for url in urls_in(html):  # and the public check agrees with the browser on what is produced
        assert safe_url(url)
