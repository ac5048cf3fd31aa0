"""`etalase import` end to end: a Shopify export whose photos come from a real HTTP server on 127.0.0.1,
written into a shop that then builds; nothing overwritten; --update; an import killed midway."""

from __future__ import annotations

import functools
import http.server
import io
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from PIL import Image, ImageDraw

from tests.helpers import REPO, SHOP_TOML, build, make_shop, run, snapshot

FIXTURES = Path(__file__).parent / "fixtures" / "import"
CDN = "https://cdn.shopify.com/s/files/1/0612/3456/files/"


def photo_bytes(size=(1200, 1000), colour=(150, 60, 40)) -> bytes:
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 30):  # sharp edges: the clear-photo rule passes
        draw.line((x, 0, size[0] - x, size[1]), fill=(250, 245, 230), width=4)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


class PhotoServer:
    """Photos by name; `broken` names answer 404, `html` names an HTML page, `slow` names after a delay,
    `stalled` names send their status line a byte at a time, `delay` seconds before each."""

    def __init__(self, broken=(), html=(), slow=(), delay=0.0, stalled=()):
        self.requests: list[str] = []
        good = photo_bytes()
        small = photo_bytes((400, 300))
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                name = self.path.rsplit("/", 1)[-1].split("?")[0]
                server.requests.append(name)
                if name in stalled:  # never silent for a timeout, and never done with its headers
                    for byte in b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\n" * 4:
                        if server.closing.wait(delay):
                            return
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                    return
                if name in slow:
                    time.sleep(delay)
                if name in broken:
                    self.send_error(404)
                    return
                body = b"<!doctype html><title>Not found</title>" if name in html else (small if name.startswith("kecil") else good)
                self.send_response(200)
                self.send_header("Content-Type", "image/jpeg")  # what a server may claim, whatever it sends
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.closing = threading.Event()
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/files/"

    def close(self):
        self.closing.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def photo_server():
    servers = []

    def start(**kwargs) -> PhotoServer:
        servers.append(PhotoServer(**kwargs))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def export(tmp_path: Path, server: PhotoServer, name: str = "shopify-legacy.csv") -> Path:
    """The fixture export with its photo addresses on the local server."""
    path = tmp_path / name
    path.write_text((FIXTURES / name).read_text(encoding="utf-8").replace(CDN, server.base), encoding="utf-8")
    return path


def empty_shop(root: Path, min_words: int = 5) -> Path:
    """A shop with no product yet; the fixtures' descriptions are short, so its minimum is too."""
    toml = SHOP_TOML + f"\n[quality]\nmin_description_words = {min_words}\n"
    shop = make_shop(root, {"content/products/kemeja.md": None, "shop.toml": toml}, photos=())
    (shop / "content/products").mkdir(parents=True, exist_ok=True)
    return shop


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])


def test_a_shopify_export_becomes_a_shop_that_builds(tmp_path, photo_server):
    server = photo_server(broken={"detail.jpg"}, html={"belakang.jpg"})
    shop = empty_shop(tmp_path / "shop")
    code, out, err = run("import", export(tmp_path, server), "--shop", shop)
    assert code == 0, err
    products = shop / "content/products"
    assert sorted(p.name for p in products.iterdir()) == ["gelang-perak", "kemeja-batik", "syal-sutra", "tote-kanvas"], out
    shirt = front(products / "kemeja-batik/index.md")
    assert shirt["title"] == "Kemeja Batik Tulis" and shirt["price"] == 185000  # the lowest; each combination its own
    assert {"price": 210000, "sale_price": 185000, "sku": "BTK-S-SOG"}.items() <= shirt["variants"][0].items()
    assert shirt["options"] == [{"name": "Ukuran", "values": ["S", "M", "L"]}, {"name": "Warna", "values": ["Sogan", "Indigo"]}]
    assert {"for": [{"name": "Ukuran", "value": "S"}, {"name": "Warna", "value": "Indigo"}], "availability": "sold_out",
            "sku": "BTK-S-IND"} in [{k: v for k, v in e.items() if k in ("for", "availability", "sku")} for e in shirt["variants"]]
    assert [p["src"] for p in shirt["photos"]][:2] == ["foto-1.jpg", "foto-2.jpg"]
    for photo in shirt["photos"]:
        assert Image.open(products / "kemeja-batik" / photo["src"]).format == "JPEG"
    body = (products / "kemeja-batik/index.md").read_text(encoding="utf-8").split("---", 2)[2]
    assert "**Lasem**" in body and "<p>" not in body
    # the report: what failed and what is left to do
    assert "photo  kemeja-batik:" in out and "HTTP 404" in out and "not an image" in out
    assert "skip   Kartu Hadiah:" in out and "gift card" in out
    assert "columns: Handle → " in out
    assert shirt["draft"] is True  # its L in sogan sells at zero stock on Shopify: a preorder needs its date
    assert "draft  content/products/kemeja-batik/index.md: sold with no stock on the platform (a preorder): add ready_date" in out
    code, err = build(shop)
    assert code == 0, err  # the first build after an import succeeds: what cannot pass is a draft
    page = (shop / "public/products/tote-kanvas/index.html").read_text(encoding="utf-8")
    assert front(products / "tote-kanvas/index.md")["title"] in page
    assert server.requests.count("sogan.jpg") == 1  # each address once, however many products and rows use it


def test_what_cannot_pass_the_contract_is_a_draft_with_its_reasons(tmp_path, photo_server):
    server = photo_server()
    shop = empty_shop(tmp_path / "shop", min_words=30)
    csv = tmp_path / "sheet.csv"
    csv.write_text("Handle,Title,Body (HTML),Variant Price,Image Src,Image Position,Status\n"
                   f"pendek,Gelang,<p>Terlalu pendek.</p>,50000,{server.base}kecil.jpg,1,active\n"
                   f"tanpa-foto,Cincin,<p>{' '.join(['kata'] * 40)}</p>,70000,{server.base}hilang.jpg,1,active\n", encoding="utf-8")
    code, out, err = run("import", csv, "--shop", shop)
    assert code == 0, err
    bracelet = front(shop / "content/products/pendek/index.md")
    assert bracelet["draft"] is True
    assert "draft  content/products/pendek/index.md: photo foto-1.jpg is 300 px on its shortest side; the shop needs at least 800" in out
    assert "description: 2 words; write at least 30" in out
    assert build(shop)[0] == 0
    huge = tmp_path / "huge.csv"  # longer than a product page takes: a draft, not a crash
    huge.write_text("Handle,Title,Body (HTML),Variant Price,Image Src\n"
                    f"panjang,Kain,\"<p>{'kata ' * 40000}</p>\",50000,{server.base}kain.jpg\n", encoding="utf-8")
    code, out, err = run("import", huge, "--shop", shop)
    assert code == 0, err
    assert "draft  content/products/panjang/index.md: description: longer than a product page takes" in out
    assert (shop / "content/products/panjang/deskripsi-lengkap.txt").read_text().count("kata") == 40000  # nothing lost
    code, err = build(shop)
    assert code == 0, err


def test_a_second_import_changes_nothing_and_update_changes_only_the_imported_fields(tmp_path, photo_server):
    server = photo_server()
    shop = empty_shop(tmp_path / "shop")
    source = export(tmp_path, server)
    assert run("import", source, "--shop", shop)[0] == 0
    index = shop / "content/products/kemeja-batik/index.md"
    # the seller's own edits: a longer description and a photo of their own
    text = index.read_text(encoding="utf-8")
    index.write_text(text.rstrip() + "\n\nDijahit rapi oleh penjahit kami sendiri.\n", encoding="utf-8")
    before = snapshot(shop / "content")
    code, out, _ = run("import", source, "--shop", shop)
    assert code == 0 and snapshot(shop / "content") == before  # nothing overwritten
    assert "skip   content/products/kemeja-batik: already there (use --update" in out

    source.write_text(source.read_text(encoding="utf-8").replace("185000.00,210000.00", "189000.00,210000.00", 1), encoding="utf-8")
    code, out, _ = run("import", source, "--shop", shop, "--update")
    assert code == 0
    after = index.read_text(encoding="utf-8")
    assert "Dijahit rapi oleh penjahit kami sendiri." in after  # the seller's description stays
    assert "update content/products/kemeja-batik/index.md: " in out
    changed = {path for path in before if snapshot(shop / "content").get(path) != before[path]}
    assert changed <= {"products/kemeja-batik/index.md"}, changed


def test_an_import_killed_midway_leaves_no_half_written_product(tmp_path, photo_server):
    server = photo_server()
    shop = empty_shop(tmp_path / "shop")
    source = export(tmp_path, server)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    products = shop / "content/products"
    for attempt in range(5):  # killed as soon as the first product is in place
        for folder in products.iterdir():
            subprocess.run(["rm", "-rf", str(folder)], check=True)
        process = subprocess.Popen([sys.executable, "-m", "generator", "import", str(source), "--shop", str(shop)],
                                   env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while not any(products.iterdir()) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        process.send_signal(signal.SIGKILL)
        process.wait()
        for folder in products.iterdir():
            assert (folder / "index.md").is_file(), folder  # each folder complete, or not there
            for photo in front(folder / "index.md")["photos"]:
                assert (folder / photo["src"]).is_file()
        assert not [p for p in products.iterdir() if p.name.startswith(".")]
    code, out, err = run("import", source, "--shop", shop)  # the next import finishes the job
    assert code == 0, err
    assert len(list(products.iterdir())) == 4
    assert not (shop / ".etalase-cache/import").exists()


@pytest.mark.parametrize("name, format", [("woocommerce.csv", "woocommerce"), ("sheet-id.csv", "sheet"), ("sheet-id-excel.csv", "sheet")])
def test_woocommerce_and_a_sellers_sheet_import_into_a_shop_that_builds(tmp_path, photo_server, name, format):
    server = photo_server()
    shop = empty_shop(tmp_path / "shop")
    source = tmp_path / name
    text = (FIXTURES / name).read_bytes().decode("utf-8-sig")
    for host in ("https://toko.example/", "https://tokopedia.example/"):
        text = text.replace(host, server.base)
    source.write_text(text, encoding="utf-8")
    (tmp_path / "kaos.jpg").write_bytes(photo_bytes())  # a sheet may name a photo beside it
    code, out, err = run("import", source, "--shop", shop)
    assert code == 0, err
    assert out.startswith(f"read as {format}: ")
    imported = [p for p in (shop / "content/products").iterdir()]
    assert imported, out
    code, err = build(shop)
    assert code == 0, err
    assert not [p.name for p in imported if p.name.isdigit()]  # named by their titles, not WooCommerce's numbers
    published = [p for p in imported if not front(p / "index.md").get("draft")]
    for folder in published:
        assert (shop / "public/products" / folder.name / "index.html").is_file()


def test_the_template_and_what_the_command_refuses(tmp_path):
    shop = empty_shop(tmp_path / "shop")
    template = tmp_path / "produk.xlsx"
    code, out, _ = run("import", "--template", template)
    assert code == 0 and template.is_file() and "etalase import" in out
    code, _, err = run("import", "--template", template)
    assert code == 1 and "already exists" in err  # never overwritten
    code, out, err = run("import", template, "--shop", shop)
    assert code == 0 and out.startswith("read as sheet: 0 imported")
    code, _, err = run("import", tmp_path / "tidak-ada.csv", "--shop", shop)
    assert code == 1 and "file not found" in err
    code, _, err = run("import", template, "--shop", tmp_path)
    assert code == 1 and "shop.toml" in err
    code, _, err = run("import")
    assert code == 2 and "give the file to import" in err


def test_a_progress_bar_while_photos_download(tmp_path, photo_server):
    from generator.importer.run import run_import

    server = photo_server()
    shop = empty_shop(tmp_path / "shop")
    stream = io.StringIO()
    report = run_import(export(tmp_path, server), shop, stream=stream, progress=True)
    assert report.photos_fetched == 8
    assert "photos: 100%" in stream.getvalue() and "8/8" in stream.getvalue()
    quiet = io.StringIO()  # not a terminal: no bar
    run_import(export(tmp_path, server), empty_shop(tmp_path / "other"), stream=quiet)
    assert quiet.getvalue() == ""


def test_a_photo_server_slow_to_send_its_headers_is_given_up_at_the_deadline(tmp_path, photo_server):
    from generator.importer import photos
    from generator.importer.run import run_import

    server = photo_server(stalled={"lambat.jpg"}, delay=0.2)  # 172 bytes of headers in 34 s, each within the timeout
    csv = tmp_path / "sheet.csv"
    rows = ("Handle,Title,Body (HTML),Variant Price,Image Src,Image Position\n"
            f"kain,Kain,<p>{' '.join(['kata'] * 10)}</p>,50000,{server.base}kain.jpg,1\n"
            f"kain,,,,{server.base}{{second}},2\n")
    csv.write_text(rows.format(second="kain-2.jpg"), encoding="utf-8")
    started = time.monotonic()
    run_import(csv, empty_shop(tmp_path / "quick"), photo_timeout=0.5)  # the same import with both photos answering
    usual = time.monotonic() - started
    csv.write_text(rows.format(second="lambat.jpg"), encoding="utf-8")
    started = time.monotonic()
    shop = empty_shop(tmp_path / "shop")
    report = run_import(csv, shop, photo_timeout=0.5)
    elapsed = time.monotonic() - started
    deadline = photos.DEADLINE_TIMEOUTS * 0.5
    assert elapsed < usual + deadline + 1, f"{elapsed:.1f} s, against {usual:.1f} s without it and a {deadline:g} s deadline"
    assert report.photo_errors == [("kain", f"{server.base}lambat.jpg: took longer than {deadline:g} s to download")]
    assert report.imported == ["kain"] and report.photos_fetched == 1
    assert [p["src"] for p in front(shop / "content/products/kain/index.md")["photos"]] == ["foto-1.jpg"]


def test_sold_at_zero_stock_is_a_preorder_draft_from_shopify_and_woocommerce_alike(tmp_path):
    shop = empty_shop(tmp_path / "shop")
    (tmp_path / "kain.jpg").write_bytes(photo_bytes())
    text = " ".join(["Kain tenun ikat"] * 4)
    shopify = tmp_path / "products_export.csv"
    shopify.write_text("Handle,Title,Body (HTML),Variant Price,Variant Inventory Tracker,Variant Inventory Qty,"
                       "Variant Inventory Policy,Image Src\n"
                       f"kain-shopify,Kain Shopify,<p>{text}</p>,50000,shopify,0,continue,kain.jpg\n", encoding="utf-8")
    woo = tmp_path / "wc-product-export.csv"
    woo.write_text("ID,Type,SKU,Name,Published,Description,In stock?,Stock,Backorders allowed?,Regular price,Images\n"
                   f"7,simple,KW,Kain Woo,1,<p>{text}</p>,backorder,-1,1,50000,kain.jpg\n", encoding="utf-8")
    reason = "sold with no stock on the platform (a preorder): add ready_date, the day it ships, or set availability"
    for source, slug in ((shopify, "kain-shopify"), (woo, "kain-woo")):
        code, out, err = run("import", source, "--shop", shop)
        assert code == 0, err
        index = shop / "content/products" / slug / "index.md"
        written = front(index)
        assert (written.get("availability"), written.get("draft")) == ("preorder", True), (slug, written)
        assert f"draft  content/products/{slug}/index.md: {reason}" in out
        # the seller gives the date and publishes it: the page says preorder, never in stock
        index.write_text(index.read_text(encoding="utf-8").replace("draft: true\n", "ready_date: 2030-03-01\n"), encoding="utf-8")
    code, err = build(shop, "--today", "2030-01-15")
    assert code == 0, err
    for slug in ("kain-shopify", "kain-woo"):
        page = (shop / "public/products" / slug / "index.html").read_text(encoding="utf-8")
        assert "Pre-order" in page and "schema.org/PreOrder" in page, slug
        assert "Tersedia" not in page and "schema.org/InStock" not in page, slug


def test_a_product_named_as_a_lists_folder_gets_another_name(tmp_path, photo_server):
    server = photo_server()
    shop = empty_shop(tmp_path / "shop")
    csv = tmp_path / "sheet.csv"
    csv.write_text("Handle,Title,Body (HTML),Variant Price,Image Src\n"
                   f"page,Page,<p>{' '.join(['kata'] * 10)}</p>,50000,{server.base}kain.jpg\n", encoding="utf-8")
    assert run("import", csv, "--shop", shop)[0] == 0
    assert (shop / "content/products/page-2/index.md").is_file()  # "page" holds the lists' later pages
    code, err = build(shop)
    assert code == 0, err


def test_update_never_writes_through_a_link_out_of_the_shop(tmp_path, photo_server):
    server = photo_server()
    shop = empty_shop(tmp_path / "shop")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "index.md").write_text("---\ntitle: Rahasia\n---\nJangan diubah.\n", encoding="utf-8")
    (shop / "content/products/kemeja-batik").symlink_to(outside)
    code, out, _ = run("import", export(tmp_path, server), "--shop", shop, "--update")
    assert code == 0
    assert "skip   content/products/kemeja-batik: a link to somewhere else" in out
    assert (outside / "index.md").read_text(encoding="utf-8") == "---\ntitle: Rahasia\n---\nJangan diubah.\n"


def test_a_count_of_a_few_is_low_stock_with_its_number(tmp_path):
    from generator.importer.plan import stock_state

    assert [stock_state(None, n) for n in (0, 1, 3, 4)] == ["sold_out", "low_stock", "low_stock", None]
    assert stock_state("in_stock", 2) == "low_stock" and stock_state("preorder", 0) == "preorder"
    shop = empty_shop(tmp_path / "shop")
    csv = tmp_path / "sheet.csv"
    csv.write_text("Nama Produk,Harga,Stok,Deskripsi\nKain,50000,2,Kain tenun ikat dari Sumba yang ditenun tangan\n", encoding="utf-8")
    assert run("import", csv, "--shop", shop)[0] == 0
    kain = front(shop / "content/products/kain/index.md")
    assert kain["availability"] == "low_stock" and kain["stock"] == 2
