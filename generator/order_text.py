"""The text of an order message: `{name}` placeholders filled, lines with nothing to say left out.

The cart (themes/etalase/static/cart.js: `fill`, `messageFromTemplate`) applies the same rules in the
shopper's browser, with the same pattern; tests/order_rules_cases.json holds both sides to one table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

# `{{` and `}}` are literal braces; `{name}` is a placeholder, and a `:spec` or `!x` after its name is
# dropped, never applied (`{product:>99999999}` would take gigabytes through str.format). Any other
# brace stays as written: shop.toml's messages are refused before that (config.py), so only a broken
# theme translation gets there, and it must not stop the build or the cart. The name and the rest
# cannot overlap, so an unclosed `{` costs one pass, not a backtracking search.
FIELD = re.compile(r"\{\{|\}\}|\{([^{}!:]*)(?:[!:][^{}]*)?\}")


def fill(template: str, values: Mapping[str, str | None]) -> str:
    """`template` with each placeholder replaced by its value; an unknown or empty one by nothing."""
    return FIELD.sub(lambda m: m[0][0] if m[1] is None else values.get(m[1]) or "", template)


def message_from_template(template: str, values: Mapping[str, str | None]) -> str:
    """The filled message, without the lines whose placeholders are all empty (no SKU, no variant)."""
    return MessageTemplate.read(template).fill(values)


@dataclass(frozen=True)
class MessageTemplate:
    """A message template read once, for the many messages of a build (one a product's combination):
    each line as its literal text and placeholder names, in order, and the names it holds."""

    lines: tuple[tuple[tuple[tuple[bool, str], ...], tuple[str, ...]], ...]  # ((is a name, text)...), names

    @classmethod
    def read(cls, template: str) -> "MessageTemplate":
        lines = []
        for line in template.split("\n"):
            parts: list[tuple[bool, str]] = []
            at = 0
            for match in FIELD.finditer(line):
                parts.append((False, line[at:match.start()]))
                # as fill(): `{{` and `}}` give a brace; a placeholder its value (an empty name none)
                parts.append((False, match[0][0]) if match[1] is None else (True, match[1]))
                at = match.end()
            parts.append((False, line[at:]))
            lines.append((tuple(part for part in parts if part != (False, "")), tuple(n for is_name, n in parts if is_name and n)))
        return cls(tuple(lines))

    def fill(self, values: Mapping[str, str | None]) -> str:
        kept = []
        for parts, names in self.lines:
            if names and not any(values.get(name) for name in names):
                continue
            kept.append("".join((values.get(text) or "") if is_name else text for is_name, text in parts))
        return "\n".join(kept)
