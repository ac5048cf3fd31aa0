"""A product description as another platform stores it (HTML, or plain text) as the Markdown of a product file.

Shopify's "Body (HTML)", WooCommerce's descriptions (HTML, or plain text whose line breaks are its
paragraphs) and a spreadsheet's text all go through one converter: markdownify, on BeautifulSoup's
html.parser. What it keeps: paragraphs, headings, lists, bold and italic, line breaks, quotes, rules,
links to http(s), mailto and tel, and each table row as a line of text. What it drops: scripts, styles,
frames, forms, objects and embeds with all they contain; every attribute but href, src and alt; links
to any other scheme (their text stays); and every image. Images go because the importer downloads only
the product's own photos (photos.py): a picture inside the text would load from the old shop, which
closes; an http(s) image leaves its alt text, a data: or javascript: image leaves nothing.

The Markdown holds no raw HTML (a "<" that could open a tag is written &lt;) and no Markdown the seller
did not mean (text that looks like a list, heading or link is escaped), so the build's own Markdown
(markdown_text.SafeMarkdown) shows it as text. The work is bounded whatever the input: elements nested
deeper than MAX_DEPTH, or past the first MAX_ELEMENTS, are left out as the parser meets them (their text
stays), so no later step walks a deep tree or a huge one.
"""

from __future__ import annotations

import html as html_module
import re
import urllib.parse
import warnings
from collections import Counter
from typing import Any

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, ParserRejectedMarkup, Tag
from bs4.element import PreformattedString
from markdownify import ATX, MarkdownConverter, chomp, should_remove_whitespace_inside, should_remove_whitespace_outside

from .. import schemes
from ..markdown_text import clean_text

MAX_DEPTH = 40  # elements inside each other; page builders (GemPages, PageFly) nest about 25
MAX_ELEMENTS = 20_000  # a long description has a few hundred
MAX_LISTS = 8  # lists inside lists; deeper items become paragraphs (the build reads 20 levels: markdown_text.MAX_DEPTH)
MAX_QUOTES = 4  # quotes inside quotes; deeper ones become plain paragraphs
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
KEPT_ATTRIBUTES = frozenset({"href", "src", "alt"})
# Left out with everything inside them: code, frames, forms and their fields, plug-ins, media, the document's head
DROPPED = frozenset({
    "script", "noscript", "template", "style", "link", "meta", "base", "head", "title",
    "iframe", "frame", "frameset", "noframes", "object", "embed", "applet", "param",
    "form", "input", "button", "select", "option", "optgroup", "textarea", "datalist", "output", "fieldset", "label",
    "svg", "math", "canvas", "video", "audio", "source", "track", "map", "area", "dialog",
})
# Tags after which the text starts on a new line: an over-deep one left out still separates its text
_BLOCKS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote", "center", "br", "hr",
    "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "td", "th", "pre", "figure", "figcaption",
    "h1", "h2", "h3", "h4", "h5", "h6",
})
# Text directly in these is WooCommerce's plain text (or WordPress's classic editor): its line breaks are paragraphs.
# Inside a <p>, <div>, <li>… a line break is HTML's white space, as a browser shows it.
_PLAIN_TEXT_PARENTS = frozenset({"[document]", "html", "body"})
_CELL = "\x1f"  # between table cells while a row is assembled (clean_text removes it from the input)

_SPACES = re.compile(r"[ \t\r\n\f\v\xa0]+")
_ENTITY_LIKE = re.compile(r"&(?=(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z0-9]+);)")  # what Python-Markdown keeps as an entity
_TAG_LIKE = re.compile(r"<(?![\s=]|$)")  # an opening of a tag, comment or autolink: "<b", "</", "<!", "<http", "<a@b"
_MARKUP = re.compile(r"([\\`*_\[\]])")  # Python-Markdown's inline syntax (all in its ESCAPED_CHARS)
# At a line's start (spaces before it are stripped later, next to a block): a heading, quote, list, rule or underline
_LINE_START = re.compile(r"(?m)^([ \t]*)([#>+-])")
_NUMBERED = re.compile(r"(?m)^([ \t]*\d{1,9})\.(?=\s|$)")  # "2024. Tahun" would be a numbered list
_EQUALS_LINE = re.compile(r"(?m)^([ \t]*)=(?==*[ \t]*$)")  # "===" under a line makes it a heading; "\=" is no escape
_MARKED_SECTION = re.compile(r"<!\[(?!CDATA\[)")  # "<![if …]>", "<![b": not CDATA
_LINE = re.compile(r"(?m)^(.*)")
_BLANK_LINES = re.compile(r"\n{3,}")
_URL_SAFE = "!#$%&'*+,-./:;=?@_~"  # kept as written; anything else (spaces, brackets, quotes, "<>") percent-encoded


def to_markdown(html: str) -> str:
    """Markdown for a description's HTML or plain text ("" for none)."""
    if not html or not html.strip():
        return ""
    text = clean_text(html.replace("\r\n", "\n").replace("\r", "\n"))
    text = _MARKED_SECTION.sub("&lt;![", text)  # Python 3.11's html.parser raises on these; a browser shows them as text
    try:
        markdown = _Converter().convert(text)
    except ParserRejectedMarkup:  # whatever else html.parser cannot read: the description as text, never an exception
        markdown = _Converter().convert(html_module.escape(text, quote=False))
    # a "<" that text nodes put next to each other ("<" then "?") could still open a tag
    return _tidy(_TAG_LIKE.sub("&lt;", clean_text(markdown)))


def _tidy(markdown: str) -> str:
    """No white space at the end of a paragraph's last line, and never two blank lines in a row."""
    lines = ["" if not line.strip() else line for line in markdown.split("\n")]
    for index, line in enumerate(lines):
        if index + 1 == len(lines) or not lines[index + 1]:
            lines[index] = line.rstrip()  # a hard break ("  ") before nothing is no break
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def escape(text: str) -> str:
    """Text as Markdown that shows exactly that text: no raw HTML, no emphasis, link, list or heading by accident."""
    text = _MARKUP.sub(r"\\\1", text)
    text = _ENTITY_LIKE.sub("&amp;", text)
    text = _TAG_LIKE.sub("&lt;", text)
    text = _LINE_START.sub(r"\1\\\2", text)
    text = _NUMBERED.sub(r"\1\\.", text)
    return _EQUALS_LINE.sub(r"\1&#61;", text)


def safe_link(href: str | None) -> str | None:
    """The address as it goes into Markdown's (…), or None when it is not http(s), mailto or tel."""
    if not href:
        return None
    # A browser ignores tabs and line breaks anywhere in an address and spaces and controls at its ends
    href = re.sub(r"[\t\n\r]", "", href).strip("".join(map(chr, range(0x21))))
    if href.startswith("//"):  # protocol-relative, as Shopify writes its CDN: the old shop served it over https
        href = "https:" + href
    try:
        written = urllib.parse.urlsplit(href).scheme.lower()
    except ValueError:
        return None
    # both the scheme as written and as entities decode it (schemes.link_scheme) must be allowed
    if written not in LINK_SCHEMES or schemes.link_scheme(href) not in LINK_SCHEMES:
        return None
    return urllib.parse.quote(href, safe=_URL_SAFE)


def _element_follows(el: Any) -> bool:
    """Whether an element comes next after `el`, past any comments (which come out as nothing)."""
    after = el.next_sibling
    while isinstance(after, PreformattedString):
        after = after.next_sibling
    return isinstance(after, Tag)


class _Soup(BeautifulSoup):
    """The parsed description, bounded while it is parsed.

    A tag nested deeper than MAX_DEPTH, or after the first MAX_ELEMENTS, is not made into an element (its
    text joins its parent's); a DROPPED tag and everything inside it are left out; only href, src and alt
    are kept. An unclosed DROPPED tag leaves out the rest of the text, as it would hide it in a browser.
    """

    def __init__(self, markup: str) -> None:
        self._skipped: Counter[str] = Counter()  # open tags left out, by name: their end tags are left out too
        self._hiding = 0  # open DROPPED tags: their text is left out
        self._elements = 0
        with warnings.catch_warnings():  # a description that is only an address or a file name is text all the same
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            super().__init__(markup, "html.parser")

    def handle_starttag(self, name: str, namespace: Any, nsprefix: Any, attrs: Any, *args: Any, **kwargs: Any) -> Any:
        dropped = name in DROPPED
        if self._hiding or dropped or len(self.tagStack) > MAX_DEPTH or self._elements >= MAX_ELEMENTS:
            if not self._hiding and (name in _BLOCKS or dropped):  # the words before and after stay apart
                self.handle_data("\n" if name in _BLOCKS else " ")
            if not self.builder.can_be_empty_element(name):  # <br>, <img> have no end tag to wait for
                self._skipped[name] += 1
                self._hiding += dropped
            return None  # bs4's sign of a tag left out (the tree builder then ignores it)
        if name == "li":
            self._close_item()
        self._elements += 1
        kept = {key: value for key, value in attrs.items() if key in KEPT_ATTRIBUTES}
        return super().handle_starttag(name, namespace, nsprefix, kept, *args, **kwargs)

    def _close_item(self) -> None:
        """A new <li> ends the open one in its list, as in a browser (html.parser would nest it in the last)."""
        for tag in reversed(self.tagStack):
            if tag.name in ("ul", "ol"):
                return
            if tag.name == "li":
                self.handle_endtag("li")
                return

    def handle_endtag(self, name: str, nsprefix: Any = None) -> None:
        if self._skipped[name]:
            self._skipped[name] -= 1
            if name in DROPPED:
                self._hiding -= 1
            return
        if self._hiding:
            return  # a stray end tag inside a dropped element must not close an element outside it
        super().handle_endtag(name, nsprefix)

    def handle_data(self, data: str) -> None:
        if not self._hiding:
            super().handle_data(data)


class _Converter(MarkdownConverter):
    """markdownify, writing what the build's Markdown (Python-Markdown, raw HTML off) reads as meant."""

    class Options(MarkdownConverter.Options):
        heading_style = ATX
        bullets = "-"
        autolinks = False
        escape_asterisks = False  # escape() does all escaping
        escape_underscores = False
        escape_misc = False

    def __init__(self) -> None:
        super().__init__()
        self._numbers: dict[int, dict[int, int]] = {}  # an <ol>'s items' numbers, counted once
        self._nesting: dict[int, tuple[int, int]] = {}  # a tag's (lists, quotes) around it

    def convert(self, html: str) -> str:
        return self.convert_soup(_Soup(html))

    def escape(self, text: str, parent_tags: Any = None) -> str:
        return escape(text)

    # ----------------------------------------------------------------- text

    def process_text(self, el: Any, parent_tags: Any = None) -> str:
        if isinstance(el, PreformattedString):
            return ""  # comments, <!DOCTYPE>, <?php ?>, CDATA: nothing a shopper reads
        parent_tags = parent_tags or set()
        raw = str(el).replace("\xa0", " ")  # &nbsp; spacing is no paragraph of its own
        parent = el.parent.name if el.parent is not None else "[document]"
        if "pre" in parent_tags:
            text = self._lines(raw, "  \n")  # each line as a line; no leading spaces (they would make a code block)
        elif parent in _PLAIN_TEXT_PARENTS and "\n" in raw:
            text = self._lines(raw, "\n\n")
        else:
            text = escape(_SPACES.sub(" ", raw))
        # as markdownify does: no white space next to a block
        if should_remove_whitespace_outside(el.previous_sibling) or (
                should_remove_whitespace_inside(el.parent) and not el.previous_sibling):
            text = text.lstrip(" \t\r\n")
        if should_remove_whitespace_outside(el.next_sibling) or (
                should_remove_whitespace_inside(el.parent) and not el.next_sibling):
            text = text.rstrip()
        if text.endswith("!") and _element_follows(el):
            text = text[:-1] + "\\!"  # it may be a link: "![" would make it an image
        return text

    @staticmethod
    def _lines(raw: str, joint: str) -> str:
        """Each line of `raw` by itself, joined by `joint`; spaces at the two ends kept (the text runs on there)."""
        lines = raw.split("\n")
        last = len(lines) - 1
        pieces = []
        for index, line in enumerate(lines):
            line = _SPACES.sub(" ", line)
            line = line.rstrip() if index == 0 else line.lstrip() if index == last else line.strip()
            if line or index in (0, last):
                pieces.append(line)
        return escape("\n".join(pieces)).replace("\n", joint)  # one escape for all lines: each starts a line

    # ----------------------------------------------------------------- inline

    def convert_a(self, el: Any, text: str, parent_tags: Any) -> str:
        prefix, suffix, text = chomp(_SPACES.sub(" ", text))
        if not text:
            return ""
        url = safe_link(el.get("href"))
        if url is None or "a" in parent_tags or "_noformat" in parent_tags:  # a link inside a link: its text
            return prefix + text + suffix
        return f"{prefix}[{text}]({url}){suffix}"

    def convert_img(self, el: Any, text: str, parent_tags: Any) -> str:
        src = (el.get("src") or "").strip()
        if src.startswith("//"):
            src = "https:" + src
        if schemes.link_scheme(src) not in ("http", "https", ""):
            return ""  # data:, javascript:…: nothing of it is the seller's
        alt = escape(_SPACES.sub(" ", el.get("alt") or "").strip())
        return alt[:-1] + "\\!" if alt.endswith("!") else alt  # a link may follow

    def _plain(self, el: Any, text: str, parent_tags: Any) -> str:
        return text

    # no code spans or blocks in a description; no strikethrough, underline or definition syntax in the build's Markdown
    convert_code = convert_kbd = convert_samp = convert_del = convert_s = _plain

    def _emphasis(self, el: Any, text: str, parent_tags: Any) -> str:
        if "\n\n" in text.strip():  # around whole paragraphs: Markdown's ** cannot span them
            return text
        return getattr(super(), f"convert_{el.name}")(el, text, parent_tags)

    convert_b = convert_strong = convert_em = convert_i = _emphasis

    # ----------------------------------------------------------------- blocks

    def convert_hN(self, n: int, el: Any, text: str, parent_tags: Any) -> str:
        text = _SPACES.sub(" ", text).strip()
        if "_inline" in parent_tags or not text:
            return text
        return f"\n\n{'#' * max(1, min(6, n))} {text}\n\n"

    def convert_pre(self, el: Any, text: str, parent_tags: Any) -> str:
        text = text.strip("\n")
        return f"\n\n{text}\n\n" if text.strip() else ""

    def _paragraph(self, el: Any, text: str, parent_tags: Any) -> str:
        text = text.strip()
        if "_inline" in parent_tags:
            return f" {text} "
        return f"\n\n{text}\n\n" if text else ""

    convert_dt = convert_dd = _paragraph

    def _around(self, el: Any) -> tuple[int, int]:
        """(lists, quotes) that `el` is inside, itself included; cached per tag (the tree is at most MAX_DEPTH deep)."""
        key = id(el)
        if key not in self._nesting:
            lists = quotes = 0
            for tag in (el, *el.parents):
                lists += tag.name in ("ul", "ol")
                quotes += tag.name == "blockquote"
            self._nesting[key] = (lists, quotes)
        return self._nesting[key]

    def convert_li(self, el: Any, text: str, parent_tags: Any) -> str:
        text = (text or "").strip()
        if not text:
            return "\n"
        parent = el.parent
        if parent is None or parent.name not in ("ul", "ol") or self._around(parent)[0] > MAX_LISTS:
            return f"\n\n{text}\n\n"  # in no list, or too deep: a paragraph (in the item around it)
        bullet = f"{self._number(parent, el)}." if parent.name == "ol" else "-"
        # Python-Markdown reads an item's further lines (and a list inside it) at four spaces, whatever the bullet
        indented = _LINE.sub(lambda m: "    " + m.group(1) if m.group(1) else "", text)
        return f"{bullet} {indented[4:]}\n"

    def _number(self, ol: Any, li: Any) -> int:
        numbers = self._numbers.get(id(ol))
        if numbers is None:
            items = ol.find_all("li", recursive=False)
            numbers = self._numbers[id(ol)] = {id(item): index for index, item in enumerate(items, 1)}
        return numbers.get(id(li), 1)

    def convert_blockquote(self, el: Any, text: str, parent_tags: Any) -> str:
        if self._around(el)[1] > MAX_QUOTES:
            return self._paragraph(el, text, parent_tags)
        return super().convert_blockquote(el, text, parent_tags)

    # Tables: each row a line of text, its cells between " | " (a size chart stays readable; no table syntax)
    def convert_td(self, el: Any, text: str, parent_tags: Any) -> str:
        return _CELL + _SPACES.sub(" ", text).strip()

    convert_th = convert_td

    def convert_tr(self, el: Any, text: str, parent_tags: Any) -> str:
        cells = [cell.strip() for cell in text.split(_CELL)]
        row = " | ".join(cell for cell in cells if cell)
        return f"\n\n{row}\n\n" if row else ""

    def convert_table(self, el: Any, text: str, parent_tags: Any) -> str:
        return f"\n\n{text.strip()}\n\n"
