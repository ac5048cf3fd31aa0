"""Seller Markdown to safe HTML.

Raw HTML in seller text is escaped, not passed through, and links may only
use web, mail and phone schemes (WhatsApp links are https://wa.me/...): a
description can never run script on a shopper's phone.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.tables import TableExtension
from markdown.inlinepatterns import IMAGE_LINK_RE, LINK_RE, ImageInlineProcessor, LinkInlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from . import schemes

_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+")


def safe_url(value: str) -> bool:
    """`schemes.safe_url` for a value inside Python-Markdown's tree, where `&` stands as its placeholder."""
    return schemes.safe_url(value.replace(AMP_SUBSTITUTE, "&"))


class _SafeLinks(Treeprocessor):
    """Every href and src in the converted tree, however it was written (inline, reference, autolink, image)."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is None:
                    continue
                # a placeholder marker here means Python-Markdown cut a link apart ("![](\"([]()"): not a real address
                if not safe_url(value) or "\x02" in value or "\x03" in value:
                    element.set(attribute, "#")


# --------------------------------------------------------------------------- characters

# C0 controls (but tab and line breaks), DEL, lone surrogates, U+FFFE/U+FFFF: not allowed in XML, invisible in HTML.
# Python-Markdown uses STX/ETX (\x02, \x03) as its own placeholder markers: text holding them comes out broken.
INVISIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_PAGE_BREAKS = re.compile("[\x0b\x0c]")  # a word processor's line break (VT) and page break (FF)
# A character reference to such a character (&#1;, &#xFFFE;) is decoded by browsers and feed readers alike
_CHARACTER_REF = re.compile(r"&#(?:([0-9]{1,8})|[xX]([0-9a-fA-F]{1,8}));")


def _visible_ref(match: re.Match[str]) -> str:
    number = int(match.group(1)) if match.group(1) else int(match.group(2), 16)
    invisible = number == 0 or number > 0x10FFFF or INVISIBLE.match(chr(number))
    return "&#xFFFD;" if invisible else match.group()


def clean_text(text: str) -> str:
    """Seller text without the invisible characters that break XML and Markdown (VT and FF become line breaks)."""
    return INVISIBLE.sub("", _PAGE_BREAKS.sub("\n", text))


# --------------------------------------------------------------------------- size and shape

MAX_CHARACTERS = 100_000  # a long description is ~5,000; a limit keeps every build within seconds
MAX_DEPTH = 20  # lists and quotes inside each other
# Python-Markdown reads from each "[" or "(" to its closing bracket, and re-reads the rest of a paragraph after each
# heading or rule in it; both are quadratic. These budgets (characters re-read) keep a text under ~1 s.
MAX_BRACKET_WORK = 2_000_000
MAX_SPLIT_WORK = 30_000_000
_QUOTES = re.compile(r"^(?:[ \t]*>)+")
_LIST_ITEM = re.compile(r"^([ \t]*)(?:[-*+]|\d+[.)])(?:[ \t]|$)")
_SPLITTING_LINE = re.compile(r"^ {0,3}(?:#|(?:[-=*_] *)+$)")  # a heading, a rule or a setext underline


class TooComplex(ValueError):
    """Seller text Markdown cannot read in reasonable time: `line` counts from the text's first line (1)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def _depth(line: str) -> int:
    quotes = _QUOTES.match(line)
    rest = line[quotes.end():] if quotes else line
    levels = quotes.group().count(">") if quotes else 0
    item = _LIST_ITEM.match(rest)
    return levels + (len(item.group(1).expandtabs(4)) // 4 + 1 if item else 0)


_BRACKET_TOKENS = {pair: re.compile(r"\\.|[" + re.escape("".join(pair)) + "]", re.S) for pair in (("[", "]"), ("(", ")"))}


def _bracket_work(block: str, opening: str, closing: str, after: str = "") -> int:
    """Characters Python-Markdown scans from each opening bracket (that follows `after`, if given) to its match
    or to the end of the paragraph. Only the brackets and escapes are visited (found by the regex engine):
    most descriptions have none, and this runs on every product."""
    if opening not in block:
        return 0
    work, stack = 0, []
    for match in _BRACKET_TOKENS[(opening, closing)].finditer(block):
        token, index = match.group(), match.start()
        if token[0] == "\\":
            continue  # an escaped character (a bracket or another backslash) counts for nothing
        if token == opening:
            stack.append((index, not after or block[index - 1:index] == after))
        elif stack:
            start, counted = stack.pop()
            work += index - start if counted else 0
    return work + sum(len(block) - start for start, counted in stack if counted)


def _paragraphs(text: str) -> list[tuple[int, list[str]]]:
    """(first line number, lines) of each run of non-blank lines."""
    found: list[tuple[int, list[str]]] = []
    previous_blank = True
    for number, line in enumerate(text.split("\n"), 1):
        blank = not line.strip()
        if not blank:
            if previous_blank:
                found.append((number, []))
            found[-1][1].append(line)
        previous_blank = blank
    return found


def check_shape(text: str) -> None:
    """Raise TooComplex for a text too long, too deeply nested or too costly for Markdown to read.

    The work budgets are for the whole text: many paragraphs each just under them would add up.
    """
    if len(text) > MAX_CHARACTERS:
        raise TooComplex(1, f"the text is {len(text):,} characters long; at most {MAX_CHARACTERS:,}: shorten it")
    bracket_work = {"[": 0, "(": 0}
    split_work = 0
    for first, lines in _paragraphs(text):
        for offset, line in enumerate(lines):
            if (depth := _depth(line)) > MAX_DEPTH:
                raise TooComplex(first + offset, f"lists or quotes are nested {depth} levels deep; at most {MAX_DEPTH}: indent less")
        block = "\n".join(lines)
        for opening, closing, after in ("[", "]", ""), ("(", ")", "]"):  # a "(" is read to its end only after "[...]"
            bracket_work[opening] += _bracket_work(block, opening, closing, after)
            if bracket_work[opening] > MAX_BRACKET_WORK:
                raise TooComplex(first, f'too many "{opening}" without a closing "{closing}" (in the paragraph starting here): '
                                        f'close them, or write \\{opening} for a bracket that is plain text')
        splitting = sum(1 for line in lines if _SPLITTING_LINE.match(line))
        split_work += splitting * len(block)
        if split_work > MAX_SPLIT_WORK:
            raise TooComplex(first, f"{splitting:,} headings or rules without an empty line between them: "
                                    "put an empty line after each heading")


class _WholeLinks(LinkInlineProcessor):
    """Python-Markdown 3.x reads `("(x) rest` as a link to everything up to the paragraph's end minus two characters
    (its fallback end is -1 when a "(" follows a quote); such a link is not a link, and the text stays text."""

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:
        href, title, end, handled = super().getLink(data, index)
        return (href, title, end, handled) if end > index else ("", None, index, False)


class _WholeImages(_WholeLinks, ImageInlineProcessor):
    pass


class SafeMarkdown:
    """One reusable converter (building a Markdown instance is the slow part)."""

    def __init__(self) -> None:
        # The extensions themselves, not their names: a name is looked up among every installed package's entry
        # points (importlib.metadata, ~30 ms of each build that parses a file), where another package may claim it.
        self._md = markdown.Markdown(extensions=[TableExtension(), SaneListExtension()], output_format="html")
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        self._md.inlinePatterns.register(_WholeLinks(LINK_RE, self._md), "link", 160)  # same names and places
        self._md.inlinePatterns.register(_WholeImages(IMAGE_LINK_RE, self._md), "image_link", 150)
        self._md.treeprocessors.register(_SafeLinks(self._md), "safe_links", -1)  # after every other tree change

    def convert(self, text: str) -> str:
        """HTML for seller text; TooComplex (with the line) for text it cannot read in reasonable time."""
        text = clean_text(text)
        check_shape(text)
        self._md.reset()
        try:
            html = self._md.convert(text)
        except RecursionError:  # nesting the depth check did not foresee
            raise TooComplex(1, f"lists or quotes are nested too deeply; at most {MAX_DEPTH} levels: indent less") from None
        # no Markdown placeholder may survive, and no reference to an invisible character
        return _CHARACTER_REF.sub(_visible_ref, html.replace("\x02", "").replace("\x03", ""))


def count_words(html: str) -> int:
    return len(_WORD.findall(_TAG.sub(" ", html)))
