"""A seller's file as a table: its headers and its rows of text, whatever it was saved as.

CSV from Shopify, WooCommerce or a spreadsheet program (a byte-order mark, `;` as Excel writes it in
locales with a decimal comma, quoted line breaks), or an .xlsx workbook's first sheet (openpyxl). Every
cell comes out as text, stripped; a number Excel shows in scientific notation (`3.65275E+11`, a
barcode) is written out in full when it is a whole number. Reading is capped, so no file can exhaust
the import.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

MAX_BYTES = 100 * 1024 * 1024  # a 20,000-product Shopify export is about 30 MB
MAX_ROWS = 200_000
MAX_UNPACKED = 300 * 1024 * 1024  # an .xlsx is a zip: what its parts unpack to
MAX_COLUMNS = 500
MAX_CELL = 1_000_000  # characters: a description with inline images can be long, never this long
SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d+)?[eE][+]?\d+")


class TableError(Exception):
    """The file cannot be read as a table; the message says why and what to do."""


@dataclass(frozen=True)
class Row:
    number: int  # as a spreadsheet program numbers it: the header is row 1
    values: dict[str, str]  # header -> cell text ("" when empty)

    def get(self, *headers: str) -> str:
        """The first non-empty cell among `headers` (a column's names in different exports)."""
        for header in headers:
            value = self.values.get(header, "")
            if value:
                return value
        return ""


@dataclass(frozen=True)
class Table:
    path: Path
    headers: tuple[str, ...]
    rows: tuple[Row, ...]


def read_table(path: Path) -> Table:
    if not path.is_file():
        raise TableError(f"{path}: file not found")
    if path.stat().st_size > MAX_BYTES:
        raise TableError(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MB; split it into smaller files")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        headers, cells = _xlsx(path)
    else:
        headers, cells = _csv(path)
    headers = tuple(_header(h) for h in headers)
    if not any(headers):
        raise TableError(f"{path}: the first row has no column names")
    rows = []
    for number, values in cells:
        if not any(v.strip() for v in values):
            continue  # a blank line between products
        padded = list(values) + [""] * (len(headers) - len(values))
        rows.append(Row(number, {h: _cell(v) for h, v in zip(headers, padded) if h}))
    return Table(path, headers, tuple(rows))


def _header(text: str) -> str:
    return " ".join(str(text or "").replace("\ufeff", "").split())


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    if len(text) > MAX_CELL:
        text = text[:MAX_CELL]
    text = text.strip()
    if SCIENTIFIC.fullmatch(text):  # Excel's 3.65275E+11 for a barcode it took for a number
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            return text
        if number == number.to_integral_value() and abs(number) < Decimal(10) ** 20:
            return str(int(number))
    return text


def _csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):  # Excel on Windows saves "CSV" in the system code page;
        try:                                              # latin-1 reads any byte, so one of them always does
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count) if any(d in first for d in ";,\t") else ","
    csv.field_size_limit(MAX_CELL + 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)  # an unclosed quote is an error, not the rest of the file in one cell
    try:
        headers = next(reader, [])
        rows = []
        for number, values in enumerate(reader, start=2):  # rows as a spreadsheet program counts them, line breaks in cells or not
            if len(rows) >= MAX_ROWS:
                raise TableError(f"{path}: more than {MAX_ROWS:,} rows; split it into smaller files")
            rows.append((number, values))
    except csv.Error as error:
        raise TableError(f"{path}:{reader.line_num}: not a readable CSV ({error}); save it again as CSV UTF-8") from None
    return headers, rows


def _xlsx(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    import zipfile

    from openpyxl import load_workbook

    try:  # the limit is on what it unpacks to: a few KB can unpack to gigabytes
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise TableError(f"{path}: not a readable .xlsx workbook ({error}); save it again from your spreadsheet program") from None
    if unpacked > MAX_UNPACKED:
        raise TableError(f"{path}: unpacks to more than {MAX_UNPACKED // (1024 * 1024)} MB; split it into smaller files")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise TableError(f"{path}: not a readable .xlsx workbook ({error}); save it again from your spreadsheet program") from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        headers: list[str] = []
        # a sheet may claim any size (A1:XFD1048576): read-only openpyxl pads each row to it, so columns are capped
        columns = min(sheet.max_column or MAX_COLUMNS, MAX_COLUMNS)
        for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=columns), start=1):
            if number == 1:
                headers = ["" if v is None else str(v) for v in values]
                continue
            if number > MAX_ROWS + 1:
                raise TableError(f"{path}: more than {MAX_ROWS:,} rows; split it into smaller files")
            rows.append((number, [_xlsx_text(v) for v in values]))
        return headers, rows
    finally:
        workbook.close()


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 185000.0 as the seller typed it: 185000
    if hasattr(value, "date") and hasattr(value, "isoformat"):
        return value.isoformat()[:10] if getattr(value, "hour", 0) == 0 and getattr(value, "minute", 0) == 0 else value.isoformat()
    return str(value)
