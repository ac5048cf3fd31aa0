"""The text of an order message: `{name}` placeholders filled, lines with nothing to say left out.

The cart (themes/etalase/static/cart.js: `fill`, `messageFromTemplate`) applies the same rules in the
shopper's browser, with the same pattern; tests/order_rules_cases.json holds both sides to one table.
"""

from __future__ import annotations

import re
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
    kept = []
    for line in template.split("\n"):
        names = [m[1] for m in FIELD.finditer(line) if m[1]]
        if names and not any(values.get(name) for name in names):
            continue
        kept.append(fill(line, values))
    return "\n".join(kept)
