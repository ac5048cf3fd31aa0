"""Split a Markdown file into YAML front matter and body, keeping line numbers.

The YAML is read with PyYAML's C loader (the pure-Python one is ~10x slower)
through its node graph, so every top-level key, and every item of a list
under it, knows the line it was written on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .schema import quote

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _Loader = yaml.SafeLoader  # type: ignore[misc]


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


def parse(text: str) -> FrontMatter:
    yaml_text, body, body_line = split(text)
    if yaml_text is None or not yaml_text.strip():
        return FrontMatter({}, {}, body, body_line)
    offset = 2  # the YAML starts on the line after the opening "---"
    loader = _Loader(yaml_text)
    try:
        node = loader.get_single_node()
        if node is None:
            return FrontMatter({}, {}, body, body_line)
        if not isinstance(node, yaml.MappingNode):
            raise FrontMatterError(node.start_mark.line + offset, "front matter must be keys and values, such as `title: Kemeja Batik`")
        lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in lines:
                raise FrontMatterError(key_node.start_mark.line + offset, f"key {quote(key)} is written twice: keep one")
            lines[key] = key_node.start_mark.line + offset
            if isinstance(value_node, yaml.SequenceNode):
                for index, item in enumerate(value_node.value):
                    lines[f"{key}.{index}"] = item.start_mark.line + offset
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + offset if mark else None
        reason = error.problem or error.context or "cannot be read"
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
