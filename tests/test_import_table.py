"""The importer's table reader: whatever a seller's program saved, headers and rows of text."""

from __future__ import annotations

import pytest

from generator.importer import table as t


def test_a_csv_with_a_bom_semicolons_and_a_line_break_in_a_cell(tmp_path):
    path = tmp_path / "produk.csv"
    path.write_bytes('\ufeffNama Produk;Harga;Deskripsi;Barcode\n'
                     'Kemeja;185000;"Dua\nbaris";3.65275E+11\n\n'
                     'Kaos; 90000 ;;8991234567890\n'.encode())
    table = t.read_table(path)
    assert table.headers == ("Nama Produk", "Harga", "Deskripsi", "Barcode")
    assert [(row.number, row.values) for row in table.rows] == [
        (2, {"Nama Produk": "Kemeja", "Harga": "185000", "Deskripsi": "Dua\nbaris", "Barcode": "365275000000"}),
        (4, {"Nama Produk": "Kaos", "Harga": "90000", "Deskripsi": "", "Barcode": "8991234567890"}),  # row 3 is blank
    ]
    assert table.rows[0].get("Price", "Harga") == "185000"


def test_a_windows_csv_and_an_xlsx(tmp_path):
    path = tmp_path / "lama.csv"
    path.write_bytes("Name,Price\nCafé,10\n".encode("cp1252"))
    assert t.read_table(path).rows[0].values == {"Name": "Café", "Price": "10"}

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Nama", "Harga", "Barcode", None])
    sheet.append(["Kemeja", 185000.0, 365275000000, None])
    sheet.append([None, None, None, None])
    sheet.append(["Kaos", 90000, None, "ekstra"])
    book.save(tmp_path / "produk.xlsx")
    rows = t.read_table(tmp_path / "produk.xlsx").rows
    assert [(row.number, row.values) for row in rows] == [
        (2, {"Nama": "Kemeja", "Harga": "185000", "Barcode": "365275000000"}),
        (4, {"Nama": "Kaos", "Harga": "90000", "Barcode": ""}),  # a cell under no header is not read
    ]


@pytest.mark.parametrize("content, message", [
    (b"", "the first row has no column names"),
    (b'Nama,Harga\n"Kemeja,100\n', "not a readable CSV"),
])
def test_unreadable_files_say_what_to_do(tmp_path, content, message):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(t.TableError, match=message):
        t.read_table(path)
    (tmp_path / "x.xlsx").write_bytes(b"not a zip")
    with pytest.raises(t.TableError, match="not a readable .xlsx workbook"):
        t.read_table(tmp_path / "x.xlsx")


def test_too_many_rows_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(t, "MAX_ROWS", 3)
    path = tmp_path / "x.csv"
    path.write_text("Nama\n" + "a\n" * 5)
    with pytest.raises(t.TableError, match="more than 3 rows"):
        t.read_table(path)


def test_a_workbook_that_unpacks_to_too_much_or_claims_every_column(tmp_path, monkeypatch):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Nama", "Harga"])
    book.active.cell(row=2, column=5000, value="jauh")  # a sheet as wide as Excel allows: its rows padded to it
    book.save(tmp_path / "lebar.xlsx")
    table = t.read_table(tmp_path / "lebar.xlsx")
    assert len(table.headers) == t.MAX_COLUMNS and table.rows == ()  # capped, and the far cell is under no header
    monkeypatch.setattr(t, "MAX_UNPACKED", 1000)
    with pytest.raises(t.TableError, match="unpacks to more than"):
        t.read_table(tmp_path / "lebar.xlsx")


def test_bytes_no_code_page_knows_still_read(tmp_path):
    path = tmp_path / "aneh.csv"
    path.write_bytes(b"Nama,Harga\nKain \x81\x8d,10\n")  # undefined in cp1252
    assert t.read_table(path).rows[0].values["Harga"] == "10"
