"""Prices and dates in the shop's language, through Babel (CLDR data).

Indonesian: `Rp 185.000` (no decimals for a whole amount) and `12 Desember 2026`.
"""

from __future__ import annotations

import datetime as dt
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


@lru_cache(maxsize=4096)
def date(value: dt.date, language: str) -> str:
    return _format_date(value, "d MMMM y", locale=LOCALES[language])


def wait(until: dt.date, today: dt.date, language: str) -> str:
    """How long from today's build: "dalam 7 minggu" / "in 7 weeks"."""
    return format_timedelta(until - today, granularity="day", threshold=1.5, add_direction=True, locale=LOCALES[language])
