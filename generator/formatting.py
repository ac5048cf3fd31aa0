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


def price(amount: Decimal, currency: str, language: str) -> str:
    """`Rp 185.000`, `Rp 185.000,50`: what Babel writes, made from the pieces `money_format` reads off it.

    Babel takes about 50 µs a price, and a catalog with variants has thousands of distinct prices;
    joining the pieces takes a microsecond. An amount the pieces cannot write (negative, or with more
    than two decimals, which Babel rounds) goes to Babel itself.
    """
    if amount.is_finite() and not amount.is_signed() and amount.as_tuple().exponent >= -2:
        try:
            money = money_format(currency, language)
        except ValueError:  # a format the pieces cannot describe
            return babel_price(amount, currency, language)
        whole = int(amount)
        text = f"{whole:,}".replace(",", money["group"])
        if amount != whole:
            text += f"{money['decimal']}{int((amount - whole) * 100):02d}"
        return money["prefix"] + text + money["suffix"]
    return babel_price(amount, currency, language)


@lru_cache(maxsize=256)
def babel_price(amount: Decimal, currency: str, language: str) -> str:
    pattern = "¤ #,##0" if amount == amount.to_integral_value() else "¤ #,##0.00"
    return format_currency(amount, currency, format=pattern, locale=LOCALES[language], currency_digits=False)


@lru_cache(maxsize=16)
def money_format(currency: str, language: str) -> dict[str, str]:
    """How `price` writes amounts, for the cart script to write them the same way.

    `{"prefix": "Rp ", "group": ".", "decimal": ",", "suffix": ""}` for IDR in `id`:
    read off Babel's own output, so the browser and the build never disagree.
    """
    sample = babel_price(Decimal("1234567.5"), currency, language)
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
