"""`etalase convert-photos`: plain photo paths rewritten as `{src, alt}` objects, in place.

The browser editor's photo list holds objects: a plain path (`photos: [a.jpg]`, `photos: a.jpg`,
`- a.jpg`) makes it refuse to save. Each product file, translations too, is changed only where its
`photos:` value is written, found by the YAML composer's marks rather than by matching text, so the
body, the other keys, comments, line endings and a byte order mark stay as they were. The alt text
written is the title, which the build already shows for a photo without one: the shop builds the same
pages afterwards. Every rewritten file is read back and compared with what it said before it is
written, and written whole or not at all.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import frontmatter
from .content import OUTSIDE_SHOP, TRANSLATABLE, find_products, inside_shop
from .contract import schema as s
from .errors import Problem

YAML_OFFSET = 2  # the front matter's first line is the file's second (after "---"), as in frontmatter.parse
SUMMARY_ADVICE = "the alt text is the product title; describe each photo in the editor or in the file"


class Unconvertible(Exception):
    """A file left as it is: the line (or None) and what to do."""

    def __init__(self, line: int | None, message: str):
        self.line = line
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Source:
    """A product file as read for the conversion."""

    path: Path
    text: str  # the whole file, its byte order mark included
    yaml_start: int  # where the front matter's YAML starts in `text`
    yaml_text: str
    data: dict[str, Any]
    body: str
    root: yaml.MappingNode | None  # None: no front matter


@dataclass(frozen=True)
class Change:
    """One file to rewrite."""

    path: Path
    before: str
    after: str
    photos: int  # photos now written as {src, alt}
    copied_from: Path | None = None  # a translation given its main file's photos (see copy_photos)


@dataclass(frozen=True)
class Plan:
    changes: tuple[Change, ...]
    problems: tuple[Problem, ...]  # the files left as they are, and why


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r", "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}


def _unprintable(character: str) -> bool:
    code = ord(character)
    return code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF or code in (0xFEFF, 0xFFFE, 0xFFFF)


def yaml_string(value: str) -> str:
    """`value` as a double-quoted YAML string that reads back as exactly `value`. Quotes, backslashes, line
    breaks and characters YAML would not keep as written are escaped; the rest (é, emoji) is written as it
    is, for the seller to read and edit."""
    return '"' + "".join(_ESCAPES.get(ch) or (f"\\u{ord(ch):04X}" if _unprintable(ch) else ch) for ch in value) + '"'


def read_source(path: Path) -> Source:
    if not inside_shop(path):
        raise Unconvertible(None, OUTSIDE_SHOP)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise Unconvertible(None, f"is not UTF-8 text (byte {error.start}): save it as UTF-8") from None
    except OSError as error:
        raise Unconvertible(None, f"cannot be read ({error.strerror})") from None
    try:
        parsed = frontmatter.parse(text)  # the build's own reading: what it refuses is left alone here
        yaml_text, body, _ = frontmatter.split(text)
    except frontmatter.FrontMatterError as error:
        raise Unconvertible(error.line, error.message) from None
    if yaml_text is None:
        return Source(path, text, 0, "", parsed.data, body, None)
    bom = 1 if text.startswith("\ufeff") else 0
    start = bom + len(text[bom:].splitlines(keepends=True)[0])  # split's YAML is the lines after "---", as written
    root = frontmatter.compose(yaml_text)
    return Source(path, text, start, yaml_text, parsed.data, body, root if isinstance(root, yaml.MappingNode) else None)


def _title(data: dict[str, Any]) -> str | None:
    """The title as the build shows it (and so as it shows a photo without alt text), or None."""
    try:
        return s.text(data["title"]) if "title" in data else None
    except s.Invalid:
        return None


def _photos_entry(source: Source) -> tuple[yaml.ScalarNode, yaml.Node] | None:
    if source.root is None:
        return None
    for key, value in source.root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "photos":
            return key, value
    return None


def _items(value: yaml.Node, raw: Any) -> list[tuple[yaml.Node, Any]]:
    """The photos as written, each node with its value: the list's entries, or the one photo of `photos: a.jpg`."""
    if isinstance(value, yaml.SequenceNode) and isinstance(raw, list):
        return list(zip(value.value, raw))
    return [(value, raw)]


def _is_plain(node: yaml.Node, raw: Any) -> bool:
    """A photo written as a file name alone: what the build reads as a file name."""
    return isinstance(node, yaml.ScalarNode) and isinstance(raw, str) and bool(raw.strip())


def _has_aliases(root: yaml.Node) -> bool:
    """An alias (*name) is its anchor's node a second time, with the anchor's marks: no text of its own to replace."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
    return False


def _newline(text: str, at: int) -> str:
    """The line ending of the line holding `at`: new lines are written like it."""
    end = text.find("\n", at)
    return "\r\n" if end > 0 and text[end - 1] == "\r" else "\n"


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str


class _Writer:
    """The replacement texts for one file's photos, in that file's layout."""

    def __init__(self, source: Source, key: yaml.ScalarNode, title: str):
        self.source = source
        self.key = key
        self.alt = yaml_string(title)
        self.newline = _newline(source.text, self._at(key.start_mark))

    def _at(self, mark: yaml.Mark) -> int:
        return self.source.yaml_start + mark.index

    def span(self, node: yaml.Node) -> tuple[int, int]:
        start, end = self._at(node.start_mark), self._at(node.end_mark)
        while end > start and self.source.text[end - 1] in " \t\r\n":  # a block scalar's span takes its line breaks
            end -= 1
        return start, end

    def written(self, node: yaml.Node) -> str:
        start, end = self.span(node)
        return self.source.text[start:end]

    def src(self, node: yaml.Node, raw: str, verbatim: bool) -> str:
        """The file name as written (a tag or quotes kept) when it stays on one line in the same context, else quoted."""
        written = self.written(node)
        return written if verbatim and len(written.splitlines()) == 1 else yaml_string(raw)

    def block_item(self, node: yaml.Node, raw: str) -> _Edit:
        """`- a.jpg` -> `- src: a.jpg⏎  alt: "…"`: the mapping starts where the file name did."""
        column = " " * node.start_mark.column
        return _Edit(*self.span(node), f"src: {self.src(node, raw, True)}{self.newline}{column}alt: {self.alt}")

    def colon_after_key(self, value: yaml.Node) -> int | None:
        """Where `photos:` ends when the value follows on the same line, one line long (`photos: [a.jpg, b.jpg]`)."""
        start = self._at(self.key.end_mark)
        between = self.source.text[start:self._at(value.start_mark)]
        if value.start_mark.line != value.end_mark.line or not re.fullmatch(r"[ \t]*:[ \t]*", between):
            return None
        return start + between.index(":") + 1

    def as_block_list(self, colon: int, value: yaml.Node, items: list[tuple[yaml.Node, Any]]) -> _Edit:
        """The one-line value rewritten as a block list under the key; entries already objects written as they were
        (a one-line flow entry reads the same in block context)."""
        indent = " " * (self.key.start_mark.column + 2)
        entries = []
        for node, raw in items:
            if _is_plain(node, raw):
                entries.append(f"- src: {self.src(node, raw, True)}{self.newline}{indent}  alt: {self.alt}")
            else:
                entries.append(f"- {self.written(node)}")
        return _Edit(colon, self.span(value)[1], "".join(f"{self.newline}{indent}{entry}" for entry in entries))

    def in_flow(self, value: yaml.Node, items: list[tuple[yaml.Node, Any]]) -> list[_Edit]:
        """Any other layout (a list over several lines, comments inside it): each file name becomes a flow
        mapping where it stands, so nothing around it moves."""
        if isinstance(value, yaml.ScalarNode):  # on its own line or over several: from block context, quoted unless it was
            raw = items[0][1]
            src = self.src(value, raw, value.style in ("'", '"'))
            return [_Edit(*self.span(value), f"[{{src: {src}, alt: {self.alt}}}]")]
        return [_Edit(*self.span(node), f"{{src: {self.src(node, raw, True)}, alt: {self.alt}}}")
                for node, raw in items if _is_plain(node, raw)]


def _apply(text: str, edits: list[_Edit]) -> str:
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[:edit.start] + edit.text + text[edit.end:]
    return text


def _verify(source: Source, text: str, photos: list[Any], line: int | None) -> None:
    """The rewritten file must read as the old one with exactly these photos, every other key and the body unchanged."""
    expected = {**source.data, "photos": photos}
    try:
        after = frontmatter.parse(text)
    except frontmatter.FrontMatterError:
        after = None
    if after is None or list(after.data.items()) != list(expected.items()) or after.body != source.body:
        raise Unconvertible(line, "photos: written in a way this command cannot convert safely: "
                                  "write each photo as {src: file.jpg, alt: what it shows} by hand")


def convert(source: Source, title: str | None) -> tuple[str, int]:
    """The file with its plain photo paths written as {src, alt: title}, and how many there were ((text, 0): none)."""
    entry = _photos_entry(source)
    if entry is None:
        return source.text, 0
    key, value = entry
    items = _items(value, source.data.get("photos"))
    plain = sum(1 for node, raw in items if _is_plain(node, raw))
    if not plain:
        return source.text, 0
    line = key.start_mark.line + YAML_OFFSET
    if title is None:
        raise Unconvertible(line, "photos: there is no title to write as the photos' alt text: add title: first")
    assert source.root is not None  # a photos entry was found in it
    if _has_aliases(source.root):
        raise Unconvertible(line, "photos: the front matter uses aliases (*name): write each photo as "
                                  "{src: file.jpg, alt: what it shows} by hand")
    writer = _Writer(source, key, title)
    colon = writer.colon_after_key(value)
    if isinstance(value, yaml.SequenceNode) and value.flow_style is False:
        edits = [writer.block_item(node, raw) for node, raw in items if _is_plain(node, raw)]
    elif colon is not None:
        edits = [writer.as_block_list(colon, value, items)]
    else:
        edits = writer.in_flow(value, items)
    text = _apply(source.text, edits)
    _verify(source, text, [{"src": raw, "alt": title} if _is_plain(node, raw) else raw for node, raw in items], line)
    return text, plain


def copy_photos(translation: Source, main: Source, title: str) -> tuple[str, int]:
    """A translation with a title of its own and no photos shows the main file's photos, with its own title where
    a photo has no alt text. Once the main file's alt texts are written, it would show the main title there
    instead: so the photos are written into the translation too, each with the alt text it showed."""
    raw = main.data.get("photos")
    photos = []
    for item in raw if isinstance(raw, list) else [raw]:
        alt = item.get("alt") if isinstance(item, dict) else None
        src = item.get("src") if isinstance(item, dict) else item
        try:
            if not isinstance(src, str):
                raise s.Invalid("not a file name")
            photos.append({"src": src, "alt": title if alt is None else s.text(alt)})
        except s.Invalid:
            raise Unconvertible(None, f"photos: the photos of {main.path.name} cannot be copied here with this file's "
                                      f"title as their alt text: fix {main.path.name} first") from None
    assert translation.root is not None  # it has a title
    at = translation.yaml_start + len(translation.yaml_text)  # the closing "---" line
    if translation.text[at - 1:at] not in ("\n", "\r"):
        raise Unconvertible(None, "photos: cannot add them before the closing ---: put it on a line of its own")
    newline = _newline(translation.text, at - 1)
    indent = " " * translation.root.start_mark.column
    lines = [f"{indent}photos:"] + [f"{indent}  - src: {yaml_string(photo['src'])}{newline}{indent}    alt: {yaml_string(photo['alt'])}"
                                    for photo in photos]
    text = translation.text[:at] + newline.join(lines) + newline + translation.text[at:]
    _verify(translation, text, photos, None)
    return text, len(photos)


def _problem(root: Path, path: Path, error: Unconvertible) -> Problem:
    return Problem(path.relative_to(root).as_posix(), error.line, f"{error.message} (not converted)")


def plan_shop(root: Path) -> Plan:
    """What converting the shop's product files would change, and which files it must leave alone."""
    changes: list[Change] = []
    problems: list[Problem] = []
    mains: dict[str, tuple[str | None, Source | None]] = {}  # slug -> (title, the source if it is converted)
    for slug, path in find_products(root):
        try:
            source = read_source(path)
            title = _title(source.data)
            text, count = convert(source, title)
        except Unconvertible as error:
            problems.append(_problem(root, path, error))
            continue
        mains[slug] = (title, source if count else None)
        if count:
            changes.append(Change(path, source.text, text, count))
    for language in TRANSLATABLE:
        for slug, path in find_products(root, language):
            main_title, converted_main = mains.get(slug, (None, None))
            try:
                source = read_source(path)
                own = _title(source.data)
                title = own if "title" in source.data else main_title  # the translated page's title (data merged over the main's)
                if "photos" in source.data:
                    text, count = convert(source, title)
                    copied_from = None
                elif converted_main is not None and own is not None and own != main_title:
                    text, count = copy_photos(source, converted_main, own)
                    copied_from = converted_main.path
                else:
                    continue
            except Unconvertible as error:
                problems.append(_problem(root, path, error))
                continue
            if count:
                changes.append(Change(path, source.text, text, count, copied_from))
    return Plan(tuple(sorted(changes, key=lambda c: c.path)), tuple(problems))


def write_atomically(path: Path, text: str) -> None:
    """Write a temporary file beside it, then rename it over: a crash leaves the old file or the new, never half."""
    target = Path(os.path.realpath(path))  # a link (inside the shop) stays a link
    mode = stat.S_IMODE(target.stat().st_mode)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def apply(plan: Plan, root: Path) -> Plan:
    """Write the plan's changes: the plan of what was written, with a problem for each file that could not be."""
    done: list[Change] = []
    problems = list(plan.problems)
    for change in plan.changes:
        try:
            if change.path.read_bytes().decode("utf-8", "replace") != change.before:
                raise Unconvertible(None, "changed while it was being converted: run the command again")
            write_atomically(change.path, change.after)
        except OSError as error:
            problems.append(_problem(root, change.path, Unconvertible(None, f"cannot be written ({error.strerror})")))
            continue
        except Unconvertible as error:
            problems.append(_problem(root, change.path, error))
            continue
        done.append(change)
    return Plan(tuple(done), tuple(problems))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def describe(change: Change, root: Path, check: bool) -> str:
    """One line for a file converted (or, with --check, to convert)."""
    verb = "to convert" if check else "converted"
    line = f"{verb}: {change.path.relative_to(root).as_posix()} ({_plural(change.photos, 'photo')}"
    if change.copied_from is not None:
        line += f" copied from {change.copied_from.name}, with the alt texts this translation's page showed"
    return line + ")"


def summary(plan: Plan, check: bool) -> str:
    if not plan.changes:
        return "nothing to convert: every photo is already written as {src, alt}"
    files, photos = _plural(len(plan.changes), "file"), _plural(sum(c.photos for c in plan.changes), "photo")
    if check:
        return f"{files} to convert, {photos}: run etalase convert-photos to write them as {{src, alt}} for the browser editor"
    return f"{files} converted, {photos}: {SUMMARY_ADVICE}"
