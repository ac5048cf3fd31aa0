"""Find the seller's Markdown files and read each one (front matter + HTML body).

Reading is the costly part of a rebuild (YAML and Markdown), so each file's
result is memoised by (size, mtime): an unchanged file is not read again.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import frontmatter
from .boundaries import resolves_inside
from .markdown_text import SafeMarkdown, TooComplex, count_words

PRODUCTS_DIR = Path("content/products")
PAGES_DIR = Path("content/pages")


@dataclass
class Document:
    """One Markdown file, read but not yet checked."""

    path: Path
    slug: str
    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    body_html: str = ""
    body_text: str = ""  # body_html as plain text (outputs/seo.plain_text): made once, kept with the document
    body_line: int = 1
    words: int = 0
    error: tuple[int | None, str] | None = None  # unreadable file: (line, message)


TRANSLATABLE = ("en", "id")  # a file `<name>.<language>.md` is a translation, not a product of its own


def _split_language(name: str) -> tuple[str, str | None]:
    """"kemeja.en" -> ("kemeja", "en"); "kemeja" -> ("kemeja", None)."""
    stem, dot, language = name.rpartition(".")
    if dot and language in TRANSLATABLE:
        return stem, language
    return name, None


def find_products(root: Path, language: str | None = None) -> list[tuple[str, Path]]:
    """(slug, markdown path) for `<slug>.md` and `<slug>/index.md`; with `language`, the
    translations `<slug>.<language>.md` and `<slug>/index.<language>.md` instead.

    A folder without index.md holds shared photos and is not a product.
    """
    folder = root / PRODUCTS_DIR
    found: list[tuple[str, Path]] = []
    if not folder.is_dir():
        return found
    index_name = f"index.{language}.md" if language else "index.md"
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.startswith((".", "_")):
            continue
        if entry.is_dir():
            index = Path(entry.path) / index_name
            if index.is_file() and (Path(entry.path) / "index.md").is_file():
                found.append((entry.name, index))
        elif entry.name.endswith(".md"):
            slug, file_language = _split_language(entry.name[:-3])
            if file_language == language:
                found.append((slug, Path(entry.path)))
    return found


def find_pages(root: Path, language: str | None = None) -> list[tuple[str, Path]]:
    folder = root / PAGES_DIR
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.md")):
        if path.name.startswith((".", "_")):
            continue
        slug, file_language = _split_language(path.stem)
        if file_language == language:
            found.append((slug, path))
    return found


OUTSIDE_SHOP = "is a link to a file outside the shop folder (or into its .git or .etalase-cache): copy the file here instead"


def _shop_root(path: Path) -> Path:
    """The shop folder of a content file (content/products/x.md, content/products/x/index.md, content/pages/x.md)."""
    parts = path.parts
    for index in range(len(parts) - 2, 0, -1):
        if parts[index - 1] == "content" and parts[index] in (PRODUCTS_DIR.name, PAGES_DIR.name):
            return Path(*parts[:index - 1])
    return path.parent


def inside_shop(path: Path, plain_folders: set[str] | None = None, is_link: bool | None = None, root: Path | None = None) -> bool:
    """False for a content file that is (or is in a folder that is) a link to something outside the shop:
    `ln -s /proc/self/environ content/pages/env.md` must not publish the environment.

    `plain_folders`: folders already found to be no link and in no linked folder (filled here), so that a
    thousand files of content/products/ look at that folder once, not once each. `is_link`: whether the
    file itself is a link, when the caller has looked already; `root`: the file's shop folder, when known."""
    root = root or _shop_root(path)
    shop, current = str(root), str(path)
    if os.path.islink(current) if is_link is None else is_link:
        return resolves_inside(path, root)
    passed = []
    current = os.path.dirname(current)
    while len(current) > len(shop):  # its folders up to the shop: without a link, nothing to resolve
        if plain_folders is not None and current in plain_folders:
            break
        if os.path.islink(current):
            return resolves_inside(path, root)
        passed.append(current)
        current = os.path.dirname(current)
    if plain_folders is not None:
        plain_folders.update(passed)
    return True


READ_IN_TWO_FROM = 300  # files to parse: fewer are parsed in one process (a fork costs more than it saves)


class DocumentReader:
    """Reads Markdown files, remembering results between builds."""

    def __init__(self, memo: dict[str, tuple[tuple[int, int], Document]] | None = None):
        self.memo = memo if memo is not None else {}
        self._markdown: SafeMarkdown | None = None
        self.files_read = 0  # for tests: a no-op rebuild reads nothing

    def read(self, slug: str, path: Path) -> Document:
        return self.read_all([(slug, path)])[0][0]

    def read_all(self, files: list[tuple[str, Path]]) -> tuple[list[Document], int]:
        """(the document of each (slug, path), how many were parsed in a second process): a file unchanged
        since it was last read comes from the memo; with many to parse, every other one is parsed in a fork
        (parsing is Python holding the GIL: outputs/forked_share.py)."""
        from .outputs.forked_share import in_two

        documents: list[Document | None] = []
        to_parse: list[tuple[int, tuple[int, int]]] = []  # (place in `files`, the file's key)
        plain_folders: set[str] = set()  # for this reading only: a folder may be made a link before the next
        roots: dict[str, Path] = {}  # each folder's shop folder, found once
        for slug, path in files:
            found = os.lstat(path)  # one look tells a link and, for a file that is none, its size and time
            is_link = stat.S_ISLNK(found.st_mode)
            folder = os.path.dirname(path)
            root = roots.get(folder) or roots.setdefault(folder, _shop_root(path))
            if not inside_shop(path, plain_folders, is_link, root):  # checked before the memo: the link may have changed, not the file it names
                documents.append(Document(path=path, slug=slug, error=(None, OUTSIDE_SHOP)))
                continue
            if is_link:
                found = os.stat(path)
            key = (found.st_size, found.st_mtime_ns)
            cached = self.memo.get(str(path))
            if cached and cached[0] == key and cached[1].slug == slug:
                documents.append(cached[1])
                continue
            documents.append(None)
            to_parse.append((len(documents) - 1, key))
        parsed, in_fork = in_two(lambda number: self._read(*files[to_parse[number][0]]), len(to_parse), READ_IN_TWO_FROM)
        for (place, key), document in zip(to_parse, parsed):
            self.memo[str(document.path)] = (key, document)
            documents[place] = document
        self.files_read += len(to_parse)
        return documents, in_fork  # type: ignore[return-value]  # every place is filled

    def _read(self, slug: str, path: Path) -> Document:
        document = Document(path=path, slug=slug)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            document.error = (None, f"is not UTF-8 text (byte {error.start}): save it as UTF-8")
            return document
        try:
            parsed = frontmatter.parse(text)
        except frontmatter.FrontMatterError as error:
            document.error = (error.line, error.message)
            return document
        if self._markdown is None:
            self._markdown = SafeMarkdown()
        document.data = parsed.data
        document.lines = parsed.lines
        document.body_line = parsed.body_line
        try:
            document.body_html = self._markdown.convert(parsed.body)
        except TooComplex as error:
            document.error = (parsed.body_line + error.line - 1, error.message)
            return document
        document.words = count_words(document.body_html)
        from .outputs.seo import plain_text

        document.body_text = plain_text(document.body_html)
        return document
