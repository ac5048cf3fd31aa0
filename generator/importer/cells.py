"""One cell's text as the value it means: an amount as people type it, a count, a weight, a date, a list.

Every reader raises CellError with a message that quotes the cell and says what to write instead; the
formats put the row and the column in front of it and skip that row (model.Skipped), so nothing is
guessed. Amounts follow a Convention (which of `.` and `,` separates thousands); a sheet chooses its
own from its headers and the amounts it holds (formats/sheet.py), WooCommerce writes plain decimals.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..contract.schema import quote

MAX_AMOUNT = Decimal(10) ** 15  # the build's own limit on a price (contract/schema.py)
CATEGORY_CHOICES = ("first", "full")


class CellError(ValueError):
    """The cell cannot be read; the message quotes it and says what to write."""


@dataclass(frozen=True)
class Convention:
    thousands: str
    decimal: str
    example: str  # 185000.5 written this way, for messages


INDONESIAN = Convention(thousands=".", decimal=",", example="185.000,50")
ENGLISH = Convention(thousands=",", decimal=".", example="185,000.50")

CURRENCY_BEFORE = re.compile(r"^(?:rp\.?|idr|usd|us\$|\$|€|eur|sgd|s\$|rm|myr)\s*", re.IGNORECASE)
CURRENCY_AFTER = re.compile(r"\s*(?:,-|\.-|,—|idr|rp|usd|eur)$", re.IGNORECASE)
RUPIAH = re.compile(r"^\s*(?:rp|idr)", re.IGNORECASE)
GROUPED = r"[1-9]\d{{0,2}}(?:{sep}\d{{3}})+"  # 1.250.000: every group after the first has three digits


def amount(text: str, convention: Convention, *, number_cell: bool = False) -> Decimal | None:
    """A price as typed: `185000`, `185.000`, `Rp 185.000,-`, `185,000.50`; None for an empty cell.

    One separator followed by three digits is the convention's thousands (`185.000` in an Indonesian
    sheet) and ambiguous when it is the convention's decimal point (`185.000` in an English sheet
    could be 185 or 185000): refused, never guessed. `Rp`/`IDR` in the cell makes it Indonesian.
    `number_cell`: the text may be a spreadsheet number as Python writes it (`12500.5`, never ending in 0
    after the point), whose dot is a decimal point; `185.000` cannot be one, so it is text and read as above.
    """
    raw = text.strip().replace("\u00a0", " ")
    if not raw:
        return None
    if RUPIAH.match(raw):
        convention = INDONESIAN
    digits = CURRENCY_AFTER.sub("", CURRENCY_BEFORE.sub("", raw)).strip()
    if digits.startswith("-"):
        raise CellError(f"{quote(text)} is negative; write the amount without a minus sign")
    if not re.fullmatch(r"\d+(?:[.,]\d+)*", digits):
        raise CellError(f"{quote(text)} is not an amount; write digits only, such as 185000")
    if number_cell and re.fullmatch(r"\d+\.\d*[1-9]", digits):
        value = Decimal(digits)
    else:
        value = _separated(text, digits, convention)
    if value >= MAX_AMOUNT:
        raise CellError(f"{quote(text)} is too large for a price")
    return value


def _separated(text: str, digits: str, convention: Convention) -> Decimal:
    dots, commas = digits.count("."), digits.count(",")
    if not dots and not commas:
        return Decimal(digits)
    if dots and commas:  # both: the last one is the decimal point, the other separates thousands
        point = "." if digits.rfind(".") > digits.rfind(",") else ","
        thousands = "," if point == "." else "."
        whole, _, fraction = digits.rpartition(point)
        if point in whole or len(fraction) > 2 or not re.fullmatch(GROUPED.format(sep=re.escape(thousands)), whole):
            raise CellError(f"{quote(text)} mixes . and , in a way that is not an amount; write it as "
                            f"{convention.example} or without separators (185000.50)")
        return Decimal(whole.replace(thousands, "") + "." + fraction)
    separator = "." if dots else ","
    if digits.count(separator) > 1:  # 1.250.000: only thousands repeat
        if not re.fullmatch(GROUPED.format(sep=re.escape(separator)), digits):
            raise CellError(f"{quote(text)} has its {separator} in the wrong places; write it as 1{separator}250{separator}000 or 1250000")
        return Decimal(digits.replace(separator, ""))
    whole, fraction = digits.split(separator)
    if separator == convention.thousands:
        if len(fraction) == 3 and re.fullmatch(r"[1-9]\d{0,2}", whole):
            return Decimal(whole + fraction)
        raise CellError(f"{quote(text)}: in this sheet {separator} separates thousands ({convention.example}); "
                        f"write {whole}{convention.decimal}{fraction} for a fraction, or the amount without separators")
    if len(fraction) == 3 and not whole.startswith("0"):  # 0,125 cannot be thousands
        raise CellError(f"{quote(text)} is ambiguous: in this sheet {separator} is the decimal point, so it reads as "
                        f"{whole}.{fraction}; write {whole}{fraction} if you mean {whole} thousand")
    return Decimal(whole + "." + fraction)


STOCK_WORDS = {  # what sellers write in a stock column instead of a number
    "habis": 0, "kosong": 0, "sold out": 0, "out of stock": 0, "stok habis": 0,
    "ready": None, "ready stock": None, "tersedia": None, "ada": None, "in stock": None,
}
COUNT_UNITS = re.compile(r"\s*(?:pcs|pc|buah|unit|units|pieces|biji|lembar)\.?$", re.IGNORECASE)


@dataclass(frozen=True)
class Count:
    stock: int | None  # units, when the cell says how many
    sold_out: bool  # "habis", or 0


def count(text: str, convention: Convention, *, number_cell: bool = False) -> Count | None:
    """Units on hand: `12`, `1.200`, `12 pcs`, or a word (`habis`, `ready`); None for an empty cell."""
    raw = " ".join(text.lower().split())
    if not raw:
        return None
    if raw in STOCK_WORDS:
        stock = STOCK_WORDS[raw]
        return Count(stock, stock == 0)
    try:
        value = amount(COUNT_UNITS.sub("", raw), convention, number_cell=number_cell)
    except CellError:
        value = None
    if value is None or value != value.to_integral_value():
        raise CellError(f"{quote(text)} is not a number of units; write a whole number such as 12, or \"habis\"")
    return Count(int(value), int(value) == 0)


WEIGHT_UNITS = {"g": 1, "gr": 1, "gram": 1, "grams": 1, "gramm": 1, "kg": 1000, "kilo": 1000, "kilogram": 1000,
                "kgs": 1000, "ons": 100, "lb": Decimal("453.59237"), "lbs": Decimal("453.59237"), "oz": Decimal("28.349523125")}


def unit_grams(unit: str) -> Decimal | None:
    """How many grams one `unit` is ("kg" → 1000), None for a unit this does not know."""
    factor = WEIGHT_UNITS.get(unit.strip().lower().rstrip("."))
    return None if factor is None else Decimal(factor)


def weight(text: str, convention: Convention, grams_per_unit: Decimal, *, number_cell: bool = False) -> int | None:
    """Grams from `250`, `0,25 kg`, `250 gr` (a unit in the cell wins over the column's); None when empty or 0."""
    raw = text.strip()
    if not raw:
        return None
    match = re.fullmatch(r"(.*?)\s*([a-zA-Z]+\.?)?", raw)
    number, unit = (match.group(1), match.group(2)) if match else (raw, None)
    factor = grams_per_unit
    if unit:
        known = unit_grams(unit)
        if known is None:
            raise CellError(f"{quote(text)}: unknown unit {quote(unit)}; write grams (250) or kg (0,25 kg)")
        factor = known
    value = amount(number, convention, number_cell=number_cell)
    if value is None:
        raise CellError(f"{quote(text)} is not a weight; write grams, such as 250")
    grams = int((value * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return grams or None


DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def date(text: str) -> dt.date | None:
    """`2025-12-31`, `2025-12-31 23:59:59` (WooCommerce), or `31/12/2025` (day first, as Indonesia writes it)."""
    raw = text.strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw[:10]) if re.match(r"\d{4}-\d{2}-\d{2}(?:$|[ T])", raw) else _day_first(raw)
    except ValueError:
        raise CellError(f"{quote(text)} is not a date; write it as 2025-12-31 or 31/12/2025") from None


def _day_first(raw: str) -> dt.date:
    match = DAY_FIRST.fullmatch(raw)
    if not match:
        raise ValueError(raw)
    day, month, year = (int(part) for part in match.groups())
    return dt.date(year, month, day)


def split_list(text: str) -> list[str]:
    """`A, B\\, C, D` → ["A", "B, C", "D"]: WooCommerce escapes a comma inside a value with a backslash."""
    parts = re.split(r"(?<!\\),", text)
    return [part.replace("\\,", ",").strip() for part in parts if part.replace("\\,", ",").strip()]


def category(text: str, choice: str) -> str | None:
    """The first of `A > B, C`: "A" (choice "first") or "A > B" ("full"), spaced as Etalase writes it."""
    categories = split_list(text)
    if not categories:
        return None
    path = [part.strip() for part in categories[0].split(">") if part.strip()]
    if not path:
        return None
    return path[0] if choice == "first" else " > ".join(path)


def check_category_choice(choice: str) -> None:
    if choice not in CATEGORY_CHOICES:
        raise ValueError(f"category must be one of {', '.join(CATEGORY_CHOICES)} (got {choice!r})")


def decimal(text: str) -> Decimal | None:
    """A plain decimal as a program writes it (`185000`, `1.5`, `1,5`): no thousands separators."""
    raw = text.strip()
    if not raw:
        return None
    if not re.fullmatch(r"\d+(?:[.,]\d+)?", raw):
        raise CellError(f"{quote(text)} is not a number")
    return Decimal(raw.replace(",", "."))
