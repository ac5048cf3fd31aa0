"""`etalase import --update` (issue 17): what the file provides changes, what the seller wrote stays.

A key the file has a column for follows the file, removed when its cell is now empty (a sale that ended,
a product restocked); a key it has no column for stays as the seller wrote it. Combinations are merged
one by one, keeping what the seller set on each; photos are matched by their content, so the seller's
order, alt texts and focus points stay, and only photos new to the product are added. The description
keeps every byte.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from tests.helpers import build, run, snapshot
from tests.test_import import CDN, FIXTURES, empty_shop, front, photo_bytes, photo_server  # noqa: F401 - a fixture

SHOPIFY = ["Handle", "Title", "Body (HTML)", "Tags", "Option1 Name", "Option1 Value", "Variant SKU",
           "Variant Inventory Tracker", "Variant Inventory Qty", "Variant Inventory Policy", "Variant Price",
           "Variant Compare At Price", "Image Src", "Image Position", "Variant Image"]
DESCRIPTION = "<p>" + " ".join(["Kain tenun ikat dari Sumba."] * 3) + "</p>"


def shopify(path: Path, rows: list[dict[str, str]], headers: list[str] = SHOPIFY) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(headers)
        for row in rows:
            writer.writerow([row.get(h, "") for h in headers])
    return path


def product(**cells: str) -> dict[str, str]:
    return {"Handle": "kain", "Title": "Kain Ikat", "Body (HTML)": DESCRIPTION, "Variant Inventory Tracker": "shopify", **cells}


def edit(index: Path, change) -> None:
    """What a seller does in the editor: the front matter changed, the body left as it is."""
    _, yaml_text, body = index.read_bytes().split(b"---\n", 2)
    data = yaml.safe_load(yaml_text)
    change(data)
    index.write_bytes(b"---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode() + b"---\n" + body)


def body_of(index: Path) -> bytes:
    return index.read_bytes().split(b"\n---\n", 1)[1]


def update(source: Path, shop: Path) -> str:
    code, out, err = run("import", source, "--shop", shop, "--update")
    assert code == 0, err
    return out


def test_a_key_the_file_has_a_column_for_follows_it_and_the_sellers_own_keys_stay(tmp_path):
    shop = empty_shop(tmp_path / "shop")
    (tmp_path / "kain.jpg").write_bytes(photo_bytes())
    source = shopify(tmp_path / "products_export.csv", [product(
        Tags="tenun, ikat", **{"Variant SKU": "KI-1", "Variant Inventory Qty": "0", "Variant Price": "80000",
                               "Variant Compare At Price": "100000", "Image Src": "kain.jpg"})])
    assert run("import", source, "--shop", shop)[0] == 0
    index = shop / "content/products/kain/index.md"
    assert {"price": 100000, "sale_price": 80000, "availability": "sold_out", "tags": ["tenun", "ikat"]}.items() <= front(index).items()

    def seller(data):  # Shopify has no sale end, brand or barcode column here: the seller writes them
        data.update({"sale_until": "2030-12-31", "brand": "Tenun Sumba", "gtin": "8991234567891"})
    edit(index, seller)
    # the seller's description, byte for byte: a line ending of Windows, spaces at the end, blank lines after
    head = index.read_bytes().split(b"\n---\n", 1)[0]
    index.write_bytes(head + b"\n---\n\nDitenun tangan oleh ibu-ibu di Sumba Timur.  \r\nSatu kain, tiga bulan.\r\n\n\n")
    body = body_of(index)

    # the sale has ended (Compare-at emptied), it was restocked, its tags were cleared on Shopify
    shopify(source, [product(**{"Variant SKU": "KI-1", "Variant Inventory Qty": "10", "Variant Price": "100000",
                                "Image Src": "kain.jpg"})])
    out = update(source, shop)
    after = front(index)
    for gone in ("sale_price", "sale_until", "availability", "stock", "tags"):
        assert gone not in after, (gone, after)
    assert {"price": 100000, "sku": "KI-1", "brand": "Tenun Sumba", "gtin": "8991234567891"}.items() <= after.items()
    assert body_of(index) == body
    assert "update content/products/kain/index.md: sale_price, sale_until, availability, tags" in out

    # a few left: low stock with its count; then the same file again changes nothing
    shopify(source, [product(**{"Variant SKU": "KI-1", "Variant Inventory Qty": "2", "Variant Price": "100000"})])
    update(source, shop)
    assert {"availability": "low_stock", "stock": 2}.items() <= front(index).items()
    before = snapshot(shop / "content")
    out = update(source, shop)
    assert snapshot(shop / "content") == before and "update content/products/kain/index.md: nothing changed" in out

    # a file without a Tags or Compare-at column says nothing about them: the seller's stay
    edit(index, lambda data: data.update({"tags": ["sumba"], "sale_price": 90000, "sale_until": "2030-12-31"}))
    headers = [h for h in SHOPIFY if h not in ("Tags", "Variant Compare At Price")]
    shopify(source, [product(**{"Variant SKU": "KI-1", "Variant Inventory Qty": "2", "Variant Price": "100000"})], headers)
    update(source, shop)
    assert {"tags": ["sumba"], "sale_price": 90000, "sale_until": "2030-12-31"}.items() <= {
        k: str(v) if k == "sale_until" else v for k, v in front(index).items()}.items()
    assert body_of(index) == body
    assert build(shop)[0] == 0


def sizes(*rows: tuple[str, str, str, str], image: dict[str, str] | None = None) -> list[dict[str, str]]:
    """A product by Ukuran: (value, SKU, quantity, price) each; a quantity "0+" sells on at zero."""
    made = []
    for n, (value, sku, quantity, price) in enumerate(rows):
        cells = {"Option1 Value": value, "Variant SKU": sku, "Variant Inventory Qty": quantity.rstrip("+"),
                 "Variant Inventory Policy": "continue" if quantity.endswith("+") else "deny", "Variant Price": price,
                 "Variant Image": (image or {}).get(value, "")}
        if n == 0:
            cells.update({"Option1 Name": "Ukuran", "Image Src": "kain.jpg", "Image Position": "1"})
            made.append(product(**cells))
        else:
            made.append({"Handle": "kain", "Variant Inventory Tracker": "shopify", **cells})
    return made


def entries(index: Path) -> dict[str, dict]:
    """The variants as written, by the value each is for (whichever form names it)."""
    found = {}
    for entry in front(index).get("variants", []):
        value = entry["for"][0]["value"] if "for" in entry else entry["Ukuran"]
        found[value] = entry
    return found


def test_combinations_are_merged_one_by_one_and_keep_what_the_seller_set_on_each(tmp_path):
    shop = empty_shop(tmp_path / "shop")
    (tmp_path / "kain.jpg").write_bytes(photo_bytes())
    (tmp_path / "s.jpg").write_bytes(photo_bytes(colour=(20, 90, 160)))
    source = shopify(tmp_path / "products_export.csv", sizes(
        ("S", "K-S", "5", "100000"), ("M", "K-M", "0+", "100000"), ("L", "K-L", "2", "120000"), image={"S": "s.jpg"}))
    assert run("import", source, "--shop", shop)[0] == 0
    folder = shop / "content/products/kain"
    index = folder / "index.md"
    assert set(entries(index)) == {"S", "M", "L"} and front(index)["draft"] is True  # M is a preorder without its date
    (folder / "sendiri.jpg").write_bytes(photo_bytes(colour=(90, 160, 20)))

    def seller(data):
        for entry in data["variants"]:
            value = entry["for"][0]["value"]
            if value == "S":  # written by hand in the shorter form, with a photo of the seller's own
                entry.clear()
                entry.update({"Ukuran": "S", "sku": "K-S", "photo": "sendiri.jpg"})
            elif value == "M":
                entry["ready_date"] = "2030-03-01"
            else:
                entry["booked_until"] = "2030-02-01"
        del data["draft"]
    edit(index, seller)
    body = body_of(index)

    # S costs more now; M is called Medium (its SKU tells it is the same); L is gone; XL is new
    shopify(source, sizes(("S", "K-S", "5", "110000"), ("Medium", "K-M", "0+", "100000"), ("XL", "K-XL", "9", "100000"),
                          image={"S": "s.jpg"}))
    update(source, shop)
    after = front(index)
    assert after["options"] == [{"name": "Ukuran", "values": ["S", "Medium", "XL"]}]
    assert after["price"] == 100000 and "draft" not in after
    written = entries(index)
    assert set(written) == {"S", "Medium", "XL"}  # L's entry went with L
    assert written["S"] == {"Ukuran": "S", "sku": "K-S", "photo": "sendiri.jpg", "price": 110000}
    assert written["Medium"] == {"for": [{"name": "Ukuran", "value": "Medium"}], "sku": "K-M", "availability": "preorder",
                                 "ready_date": "2030-03-01"}
    assert written["XL"] == {"for": [{"name": "Ukuran", "value": "XL"}], "sku": "K-XL"}
    assert body_of(index) == body
    code, err = build(shop, "--today", "2030-01-15")
    assert code == 0, err

    # XL now sells on at zero too, with no date: the product becomes a draft, and the report says why
    shopify(source, sizes(("S", "K-S", "5", "110000"), ("Medium", "K-M", "0+", "100000"), ("XL", "K-XL", "0+", "100000"),
                          image={"S": "s.jpg"}))
    out = update(source, shop)
    assert front(index)["draft"] is True
    assert ("draft  content/products/kain/index.md: sold with no stock on the platform (a preorder): add ready_date, "
            "the day it ships, or set availability") in out
    assert build(shop, "--today", "2030-01-15")[0] == 0


def test_photos_already_there_keep_their_name_order_alt_and_focus_and_only_new_ones_are_added(tmp_path):
    shop = empty_shop(tmp_path / "shop")
    front_view, back_view, detail = (photo_bytes(colour=c) for c in ((150, 60, 40), (40, 60, 150), (60, 150, 40)))
    (tmp_path / "a.jpg").write_bytes(front_view)
    (tmp_path / "b.jpg").write_bytes(back_view)
    rows = [product(**{"Variant Price": "100000", "Image Src": "a.jpg", "Image Position": "1"}),
            {"Handle": "kain", "Image Src": "b.jpg", "Image Position": "2"}]
    source = shopify(tmp_path / "products_export.csv", rows)
    assert run("import", source, "--shop", shop)[0] == 0
    folder = shop / "content/products/kain"
    index = folder / "index.md"
    assert [p["src"] for p in front(index)["photos"]] == ["foto-1.jpg", "foto-2.jpg"]
    (folder / "sendiri.jpg").write_bytes(photo_bytes(colour=(200, 200, 40)))

    def seller(data):  # their own order, alt texts and focus, and a photo of their own
        data["photos"] = [{"src": "foto-2.jpg", "alt": "Bagian belakang", "focus": [0.5, 0.3]},
                          {"src": "sendiri.jpg", "alt": "Dipakai"},
                          {"src": "foto-1.jpg", "alt": "Kain dilipat"}]
    edit(index, seller)
    kept = snapshot(folder)

    # the platform's new order, the front photo under another name, and a detail photo new to the product
    (tmp_path / "depan.jpg").write_bytes(front_view)
    (tmp_path / "detail.jpg").write_bytes(detail)
    (folder / "foto-3.jpg").write_bytes(detail)  # as an update stopped before its index.md leaves it: used, not copied
    shopify(source, [product(**{"Variant Price": "100000", "Image Src": "b.jpg", "Image Position": "1"}),
                     {"Handle": "kain", "Image Src": "detail.jpg", "Image Position": "2"},
                     {"Handle": "kain", "Image Src": "depan.jpg", "Image Position": "3"}])
    out = update(source, shop)
    assert front(index)["photos"] == [{"src": "foto-2.jpg", "alt": "Bagian belakang", "focus": [0.5, 0.3]},
                                      {"src": "sendiri.jpg", "alt": "Dipakai"},
                                      {"src": "foto-1.jpg", "alt": "Kain dilipat"},
                                      {"src": "foto-3.jpg", "alt": "Kain Ikat"}]
    assert (folder / "foto-3.jpg").read_bytes() == detail
    now = snapshot(folder)
    assert {name: now[name] for name in kept if name != "index.md"} == {n: b for n, b in kept.items() if n != "index.md"}
    assert set(now) == set(kept) | {"foto-3.jpg"}
    assert "update content/products/kain/index.md: photos" in out

    # the platform dropped a photo: the seller's stays
    shopify(source, [product(**{"Variant Price": "100000", "Image Src": "b.jpg", "Image Position": "1"})])
    update(source, shop)
    assert [p["src"] for p in front(index)["photos"]] == ["foto-2.jpg", "sendiri.jpg", "foto-1.jpg", "foto-3.jpg"]
    assert build(shop)[0] == 0


EVERY_SHOPIFY_KEY = {"title", "price", "sale_price", "sku", "availability", "stock", "weight_grams", "category", "tags",
                     "brand", "options", "variants", "photos"}


def test_each_format_says_which_keys_its_columns_give(tmp_path):
    from generator.importer import formats

    # Shopify has no sale end date: a seller's sale_until stays while the sale runs
    assert formats.read(FIXTURES / "shopify-legacy.csv").provides == EVERY_SHOPIFY_KEY
    assert formats.read(FIXTURES / "shopify-current.csv").provides == EVERY_SHOPIFY_KEY
    # the exporter has no brand column
    assert formats.read(FIXTURES / "woocommerce.csv").provides == EVERY_SHOPIFY_KEY - {"brand"} | {"sale_until"}
    # a seller's sheet: what its headers name (no Merek, no Promo sampai here)
    assert formats.read(FIXTURES / "sheet-id.csv").provides == EVERY_SHOPIFY_KEY - {"brand"}
    minimal = tmp_path / "produk.csv"
    minimal.write_text("Nama Produk,Harga\nKain,50000\n", encoding="utf-8")
    assert formats.read(minimal).provides == {"title", "price"}  # nothing about stock, sales or photos: those stay


@pytest.mark.parametrize("name", ["shopify-legacy.csv", "shopify-current.csv", "woocommerce.csv", "sheet-id.csv"])
def test_an_update_from_the_file_just_imported_changes_nothing(tmp_path, photo_server, name):
    server = photo_server()
    shop = empty_shop(tmp_path / "shop")
    text = (FIXTURES / name).read_bytes().decode("utf-8-sig")
    for host in ("https://toko.example/", CDN):
        text = text.replace(host, server.base)
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    (tmp_path / "kaos.jpg").write_bytes(photo_bytes())
    assert run("import", source, "--shop", shop)[0] == 0
    before = snapshot(shop / "content")
    out = update(source, shop)
    assert snapshot(shop / "content") == before
    updates = [line for line in out.splitlines() if line.startswith("update ")]
    assert updates and all(line.endswith(": nothing changed") for line in updates), out
