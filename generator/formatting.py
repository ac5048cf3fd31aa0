"""Prices and dates in the shop's language, through Babel (CLDR data).

Indonesian: `Rp 185.000` (no decimals for a whole amount) and `12 Desember 2026`.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache

from babel.dates import format_date as _format_date
from babel.dates import format_timedelta
from babel.numbers import format_currency

LOCALES = {"id": "id_ID", "en": "en"}


@lru_cache(maxsize=4096)
def price(amount: Decimal, currency: str, language: str) -> str:
    pattern = "¤ #,##0" if amount == amount.to_integral_value() else "¤ #,##0.00"
    return format_currency(amount, currency, format=pattern, locale=LOCALES[language], currency_digits=False)


@lru_cache(maxsize=16)
def money_format(currency: str, language: str) -> dict[str, str]:
    """How `price` writes amounts, for the cart script to write them the same way.

    `{"prefix": "Rp ", "group": ".", "decimal": ",", "suffix": ""}` for IDR in `id`:
    read off Babel's own output, so the browser and the build never disagree.
    """
    sample = price(Decimal("1234567.5"), currency, language)
    match = re.fullmatch(r"(\D*)1(\D*)234(\D*)567(\D+)50(\D*)", sample)
    if not match or match.group(2) != match.group(3):
        raise ValueError(f"cannot read the number format of {sample!r}")
    prefix, group, _, decimal, suffix = match.groups()
    return {"prefix": prefix, "group": group, "decimal": decimal, "suffix": suffix}


@lru_cache(maxsize=4096)
def date(value: dt.date, language: str) -> str:
    return _format_date(value, "d MMMM y", locale=LOCALES[language])


def wait(until: dt.date, today: dt.date, language: str) -> str:
    """How long from today's build: "dalam 7 minggu" / "in 7 weeks"."""
    return format_timedelta(until - today, granularity="day", threshold=1.5, add_direction=True, locale=LOCALES[language])
