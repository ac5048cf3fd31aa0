"""The formats `etalase import` reads: each turns a Table into a ReadResult (see ../model.py).

detect() names a file's format from its headers alone; read() reads the file and hands the table to that
format's module (shopify.py, woocommerce.py, sheet.py), imported only when it is needed.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from generator.importer.model import ReadResult
from generator.importer.table import Table, read_table

FORMATS = ("shopify", "woocommerce", "sheet")

# WooCommerce's exporter writes its headers in the site's language; these are the English ones and, as
# far as we know them, the Indonesian translation's.
WOO_ID = ("id",)
WOO_TYPE = ("type", "tipe", "jenis")
WOO_REGULAR_PRICE = ("regular price", "harga reguler", "harga normal")


class FormatError(Exception):
    """The file is not in the format asked for, or that format cannot be read; the message says what to do."""


def detect(table: Table) -> str:
    headers = {_key(header) for header in table.headers}
    if {"handle", "variant price"} <= headers or {"url handle", "title"} <= headers:
        return "shopify"
    if headers & set(WOO_ID) and headers & set(WOO_TYPE) and headers & set(WOO_REGULAR_PRICE):
        return "woocommerce"
    return "sheet"


def read(path: Path | str, format: str | None = None, category: str = "first") -> ReadResult:
    table = read_table(Path(path))
    name = format or detect(table)
    return _reader(name)(table, category)


def _reader(name: str) -> Callable[[Table, str], ReadResult]:
    if name not in FORMATS:
        raise FormatError(f"unknown format {name!r}: choose one of {', '.join(FORMATS)}")
    module_name = f"{__name__}.{name}"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise  # something the format itself needs is missing: not ours to hide
        raise FormatError(f"the {name} format cannot be read by this version of Etalase "
                          f"({module_name} is missing); choose another --format") from None
    return getattr(module, f"read_{name}")


def _key(header: str) -> str:
    """A header as compared: without a byte-order mark, spacing or case (Excel and translations vary them)."""
    return " ".join(header.replace("\ufeff", "").split()).casefold()
