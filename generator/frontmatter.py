"""Split a Markdown file into YAML front matter and body, keeping line numbers.

The YAML is read with PyYAML's C loader (the pure-Python one is ~10x slower)
through its node graph, so every top-level key, and every item of a list
under it, knows the line it was written on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .markdown_text import INVISIBLE
from .contract.schema import quote

try:
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader  # type: ignore[misc]


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """PyYAML reads YAML 1.1, where `no` is false, `18:30` is 1110 and `0812` is octal: never what a seller
    (or a form-based editor) meant. This loader resolves plain words as YAML 1.2's core schema does:
    only true/false are booleans, and numbers are written in decimal (a number with a leading zero,
    such as a SKU 0012, stays text). Dates stay dates."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in (
            "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }


def _int(loader: yaml.BaseLoader, node: yaml.Node) -> int:
    return int(loader.construct_scalar(node))


def _float(loader: yaml.BaseLoader, node: yaml.Node) -> float | str:
    text = str(loader.construct_scalar(node))
    if "inf" in text.lower() or "nan" in text.lower():
        return float(text.lower().replace(".inf", "inf").replace(".nan", "nan"))
    value = float(text)
    return value if value not in (float("inf"), float("-inf")) else text  # 1e400: the checks say it is too large


_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9]+(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."))
_Loader.add_constructor("tag:yaml.org,2002:int", _int)
_Loader.add_constructor("tag:yaml.org,2002:float", _float)


class FrontMatterError(Exception):
    def __init__(self, line: int | None, message: str):
        self.line = line
        self.message = message
        super().__init__(message)


@dataclass
class FrontMatter:
    data: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)  # "price" -> 4, "photos.0" -> 7
    body: str = ""
    body_line: int = 1  # line of the body's first line in the file


def split(text: str) -> tuple[str | None, str, int]:
    """(yaml text or None, body, line where the body starts)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not (text.startswith("---\n") or text.startswith("---\r\n")):
        return None, text, 1
    lines = text.splitlines(keepends=True)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "".join(lines[1:index]), "".join(lines[index + 1:]), index + 2
    raise FrontMatterError(1, 'front matter starts with "---" but never ends: add a line "---" after the last key')


MAX_DEPTH = 20  # lists and mappings inside each other; libyaml's composer crashes the process at ~100,000
DEPTH_MESSAGE = f"values are nested more than {MAX_DEPTH} levels deep: write lists and keys flatter"


def _scanner_stops_deep_nesting() -> bool:
    """Whether the YAML library refuses deep nesting itself while scanning, before its (recursive) composer
    sees it: libyaml from 0.2.5 stops at 1,000 levels. Then the depth is checked on the composed nodes,
    in the walk that checks them anyway, not by reading the whole front matter a second time as events."""
    if _BaseLoader is yaml.SafeLoader:  # PyYAML's own composer recurses in Python
        return False
    loader = _BaseLoader("[" * 2000)
    try:
        loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        return "maximum nesting depth" in str(error.problem)
    finally:
        loader.dispose()
    return False


SCANNER_STOPS_DEEP_NESTING = _scanner_stops_deep_nesting()


def _check_depth(yaml_text: str, offset: int) -> None:
    """Refuse deep nesting from the event stream (flat), before anything recursive sees it."""
    message = DEPTH_MESSAGE
    depth = 0
    try:
        for event in yaml.parse(yaml_text, Loader=_Loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise FrontMatterError(event.start_mark.line + offset, message)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        # PyYAML 6.0.4 and later stop at 1,000 levels themselves, while scanning ahead of the events above
        if "maximum nesting depth" in str(error.problem) and error.problem_mark is not None:
            raise FrontMatterError(error.problem_mark.line + offset, message) from None
        raise


def _where(path: str) -> str:
    return f"{path}: " if path else ""


def _check_nodes(root: yaml.Node, offset: int) -> None:
    """Every mapping, nested ones too, has each key once; no string holds an invisible character ("\\x0b" escapes);
    nothing is nested more than MAX_DEPTH deep (the first too deep, in the file's order, is named)."""
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, str, int]] = [(root, "", 1)]  # a node, where it is, how deep (a key counts as its mapping's level)
    while stack:
        node, path, depth = stack.pop()
        if id(node) in seen:  # an alias: checked where its anchor is (which comes first)
            continue
        seen.add(id(node))
        if depth > MAX_DEPTH and not isinstance(node, yaml.ScalarNode):
            raise FrontMatterError(node.start_mark.line + offset, DEPTH_MESSAGE)
        if isinstance(node, yaml.ScalarNode):
            found = INVISIBLE.search(node.value)
            if found:
                raise FrontMatterError(node.start_mark.line + offset, f"{_where(path)}the invisible character "
                                       f"U+{ord(found.group()):04X} is not allowed: delete it or retype the value")
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, f"{path}[{index}]", depth + 1) for index, item in reversed(list(enumerate(node.value))))
        elif isinstance(node, yaml.MappingNode):
            keys: set[str] = set()
            for key_node, value_node in node.value:
                key = str(key_node.value)
                if key in keys and key != "<<":
                    raise FrontMatterError(key_node.start_mark.line + offset, f"{_where(path)}key {quote(key)} is written twice: keep one")
                keys.add(key)
                stack.extend([(value_node, f"{path}.{key}" if path else key, depth + 1), (key_node, path, depth + 1)])


MAX_VALUES = 10_000  # values in the front matter with every alias (*name) written out: a product holds a few dozen


def _check_size(root: yaml.Node, offset: int) -> None:
    """Refuse front matter whose aliases multiply it ("billion laughs": ten lines of `&b [*a, *a, ...]` stand for
    9^10 values that every later step would walk). Sizes are counted once per node, without expanding anything."""
    size: dict[int, int] = {}
    on_path: set[int] = set()  # begun, not finished: the nodes that contain the one being looked at
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in size:
            continue
        if not children_done and id(node) in on_path:
            raise FrontMatterError(node.start_mark.line + offset, "an alias (*name) stands inside the value it names: "
                                   "write the values themselves, without & and *")
        children = [] if isinstance(node, yaml.ScalarNode) else (
            node.value if isinstance(node, yaml.SequenceNode) else [part for pair in node.value for part in pair])
        if children_done:
            on_path.discard(id(node))
            size[id(node)] = 1 + sum(size[id(child)] for child in children)
            if size[id(node)] > MAX_VALUES:
                raise FrontMatterError(node.start_mark.line + offset, f"more than {MAX_VALUES:,} values once the aliases "
                                       "(*name) are written out: write the values themselves, without & and *")
        else:
            on_path.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in size)


_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL, _SEQ, _MAP = (_TAG + name for name in ("str", "int", "float", "bool", "null", "seq", "map"))
_SCALAR_KEYS = frozenset((_STR, _INT, _FLOAT, _BOOL, _NULL, _TAG + "timestamp"))


class _Unusual(Exception):
    """A node the plain walk leaves to PyYAML's own constructor: an explicit tag (!!set, !!binary, !foo),
    a merge key (<<) or a mapping or list used as a key."""


def _plain_values(loader: yaml.BaseLoader, node: yaml.Node) -> Any:
    """The values of a tree of plain mappings, lists and scalars, as `loader.construct_document` makes them.

    PyYAML's generic constructor costs ~5 µs a node (12 variant rows are ~90 nodes a file); front matter is
    nearly always such a tree. Scalars other than text go through the loader's own constructors, so the rules
    (YAML 1.2 numbers, dates) are the loader's. Only call it on nodes already checked (depth, no aliases)."""
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag == _MAP:
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag not in _SCALAR_KEYS:
                raise _Unusual
            mapping[_plain_values(loader, key_node)] = _plain_values(loader, value_node)
        return mapping
    if tag == _SEQ:
        return [_plain_values(loader, item) for item in node.value]
    if tag == _INT:
        return int(node.value)
    if tag in _SCALAR_KEYS:
        return loader.yaml_constructors[tag](loader, node)
    raise _Unusual


def construct(loader: yaml.BaseLoader, node: yaml.Node, aliases: bool) -> Any:
    """The document's values: the plain walk, else (aliases, tags, merge keys) PyYAML's constructor."""
    if not aliases:
        try:
            return _plain_values(loader, node)
        except _Unusual:
            pass
    return loader.construct_document(node)


def _quoting_hint(yaml_text: str, line_index: int) -> str | None:
    """`title: Kaos: Edisi Baru` -> `title: "Kaos: Edisi Baru"`: the usual cause of "mapping values are not allowed"."""
    lines = yaml_text.splitlines()
    if not 0 <= line_index < len(lines):
        return None
    key, colon, value = lines[line_index].partition(": ")
    if not colon or not value.strip() or value.lstrip()[0] in "\"'[{":
        return None
    escaped = value.strip().replace("\\", "\\\\").replace('"', '\\"')
    return f'{key.strip()}: "{escaped}"'


def compose(yaml_text: str) -> yaml.Node | None:
    """The node graph of front matter that `parse` has read without a problem, resolved by the same rules:
    each node's start_mark and end_mark say where its text is (`index` counts characters), for a tool
    that rewrites one value in place and must leave every other character as it was."""
    loader = _Loader(yaml_text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def parse(text: str) -> FrontMatter:
    yaml_text, body, body_line = split(text)
    if yaml_text is None or not yaml_text.strip():
        return FrontMatter({}, {}, body, body_line)
    offset = 2  # the YAML starts on the line after the opening "---"
    loader = _Loader(yaml_text)
    try:
        if not SCANNER_STOPS_DEEP_NESTING:
            _check_depth(yaml_text, offset)
        node = loader.get_single_node()
        if node is None:
            return FrontMatter({}, {}, body, body_line)
        if not isinstance(node, yaml.MappingNode):
            raise FrontMatterError(node.start_mark.line + offset, "front matter must be keys and values, such as `title: Kemeja Batik`")
        _check_nodes(node, offset)
        aliases = "*" in yaml_text  # an alias is written *name: without one, each node stands for one value
        if aliases:
            _check_size(node, offset)
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            lines[key] = key_node.start_mark.line + offset
            if isinstance(value_node, yaml.SequenceNode):
                for index, item in enumerate(value_node.value):
                    lines[f"{key}.{index}"] = item.start_mark.line + offset
            elif isinstance(value_node, yaml.MappingNode):  # options: {Ukuran: [...]}: each name's own line
                for inner_key, _ in value_node.value:
                    lines[f"{key}.{inner_key.value}"] = inner_key.start_mark.line + offset
        data = construct(loader, node, aliases)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + offset if mark else None
        if "maximum nesting depth" in str(error.problem) and line is not None:  # libyaml's own limit (1,000 levels)
            raise FrontMatterError(line, DEPTH_MESSAGE) from None
        reason = error.problem or error.context or "cannot be read"
        hint = _quoting_hint(yaml_text, mark.line) if mark and reason.startswith("mapping values are not allowed") else None
        if hint:
            raise FrontMatterError(line, f"invalid YAML: a value with a colon in it: put the value in quotes: {hint}") from None
        raise FrontMatterError(line, f"invalid YAML: {reason} (check quotes, colons and indentation)") from None
    except yaml.reader.ReaderError as error:  # a character YAML refuses (NUL, other control characters)
        line = yaml_text.count("\n", 0, error.position) + offset
        character = f"U+{error.character:04X}" if isinstance(error.character, int) else repr(error.character)
        raise FrontMatterError(line, f"invalid YAML: the invisible character {character} is not allowed: delete it or retype the line") from None
    except yaml.YAMLError as error:
        raise FrontMatterError(None, "invalid YAML: " + " ".join(str(error).split())) from None
    except (ValueError, TypeError) as error:  # e.g. an impossible date such as 2027-02-30
        raise FrontMatterError(None, f"invalid YAML value: {error}") from None
    finally:
        loader.dispose()
    return FrontMatter(data, lines, body, body_line)
