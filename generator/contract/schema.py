"""Typed fields for seller-written mappings (shop.toml sections, front matter).

One small mechanism checks both: each key has a `Field` that converts the
raw value or says, in words a seller understands, what was expected.
Unknown keys are refused with a suggestion, because a typo such as `prise`
would otherwise silently drop the price.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable

from ..errors import ProblemList, did_you_mean, printable


class Invalid(ValueError):
    """Raised by a converter; the message follows `key: `."""


def quote(value: Any, limit: int = 80) -> str:
    """`"value"` for a message: on one line (control characters escaped, `\\n`) and cut short if long."""
    value = printable(str(value))
    return f'"{value[:limit]}…"' if len(value) > limit else f'"{value}"'


def _show(value: Any) -> str:
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def text(value: Any) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        raise Invalid(f"must be text (got {_show(value)})")
    if isinstance(value, (dt.date, int, float)):
        return str(value)
    value = str(value).strip()
    if not value:
        raise Invalid("must not be empty")
    return value


MAX_NUMBER = Decimal(10) ** 15


def number(value: Any) -> Decimal:
    """A price: a plain number, at least 0. `"185000"` is accepted, `"murah"` is not."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise Invalid(f"must be a number (got {_show(value)})")
    try:
        result = Decimal(str(value).strip())
    except InvalidOperation:
        raise Invalid(f"must be a number (got {_show(value)})") from None
    if not result.is_finite():
        raise Invalid(f"must be a number (got {_show(value)})")
    if abs(result) >= MAX_NUMBER:  # beyond any price, and beyond what the price formatting can round
        raise Invalid(f"must be less than {MAX_NUMBER:,.0f} (got {_show(value)})")
    if result < 0:
        raise Invalid(f"must be 0 or more (got {value})")
    return result


def whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"must be a whole number (got {_show(value)})")
    if value < 0:
        raise Invalid(f"must be 0 or more (got {value})")
    return value


def fraction(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise Invalid(f"must be a number from 0 to 1 (got {_show(value)})")
    return float(value)


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"must be true or false (got {_show(value)})")
    return value


def date(value: Any) -> dt.date:
    """YAML dates and ISO strings alike: `2027-01-15` or `"2027-01-15"`."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise Invalid(f"must be a date such as 2027-01-15 (got {_show(value)})")


def text_list(value: Any) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise Invalid(f"must be a list of words (got {_show(value)})")
    return [text(item) for item in value]


def choice(*allowed: str) -> Callable[[Any], str]:
    def convert(value: Any) -> str:
        if value not in allowed:
            hint = did_you_mean(str(value), allowed)
            raise Invalid(f"must be one of {', '.join(allowed)} (got {_show(value)}){hint and ';' + hint}")
        return value

    convert.allowed = allowed  # type: ignore[attr-defined]  # the editor offers them as a select
    return convert


@dataclass(frozen=True)
class Field:
    convert: Callable[[Any], Any]
    required: bool = False
    default: Any = None
    hint: str = ""  # what to write, for a missing required key


def check_mapping(
    data: Any,
    fields: dict[str, Field],
    lines: dict[str, int],
    problems: ProblemList,
    path: Path,
    prefix: str = "",
    default_line: int | None = None,
) -> dict[str, Any]:
    """Convert `data` by `fields`; every problem goes to `problems`.

    Returns the converted values (defaults filled in); a key with a bad
    value is left out, so later checks do not pile errors on top of it.
    """
    result: dict[str, Any] = {}
    if not isinstance(data, dict):
        problems.add(path, default_line, f"{prefix.rstrip('.') or 'this'}: must be a mapping of keys (got {_show(data)})")
        return result
    for key, raw in data.items():
        name = f"{prefix}{key}"
        line = lines.get(str(key), default_line)
        field = fields.get(str(key))
        if field is None:
            problems.add(path, line, f'unknown key {quote(name)}:{did_you_mean(str(key), fields) or " remove it or check the spelling (see README)"}')
            continue
        if raw is None:
            continue  # `key:` with nothing after it counts as missing
        try:
            result[key] = field.convert(raw)
        except Invalid as error:
            problems.add(path, line, f"{name}: {error}")
    for key, field in fields.items():
        if key in result or key in data and data[key] is not None:
            continue
        if field.required:
            hint = f" ({field.hint})" if field.hint else ""
            problems.add(path, default_line, f"{prefix}{key}: required{hint}")
        else:
            result[key] = field.default
    return result
