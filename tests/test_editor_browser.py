"""Issue 16 in a real Chromium: the pinned Sveltia CMS (from npm, served locally: no CDN) on the
configuration the build generated, working on a copy of the shop in the browser's own file system.

Playwright cannot answer a folder picker, so `showDirectoryPicker` hands Sveltia a folder of the
origin-private file system (OPFS) seeded with the shop's files; the files the editor saves there are
read back, written into the shop folder and built with `etalase build`.
"""

from __future__ import annotations

import base64
import io
import re
import shutil

import pytest
import yaml
from PIL import Image
from playwright.sync_api import expect

from generator.editor import sveltia
from tests.conftest import NODE_MODULES
from tests.helpers import SHOP_TOML, build, make_photo, make_shop, page_text, product_md

EDITOR = '\n[editor]\nrepo = "tokouji/toko"\nbranch = "main"\n'
BUNDLE = NODE_MODULES / "@sveltia/cms/dist/sveltia-cms.js"
HEIC_DECODER = NODE_MODULES / "@discourse/heic"  # what the bundle imports from unpkg for a HEIC photo
ASSETS = NODE_MODULES / "@sveltia/cms/npm/assets"
# the bundle asks jsDelivr for its fonts; the npm package ships the same files
FONTS = {"material-symbols-outlined": "material-symbols-outlined-latin-wght-normal-*.woff2",
         "source-sans-3": "source-sans-3-latin-wght-normal-*.woff2", "noto-mono": "noto-mono-latin-400-normal-*.woff2"}
# what the editor asks for that the policy refuses on purpose: its update check and GitHub's status page
REFUSED_ON_PURPOSE = ("https://unpkg.com/@sveltia/cms/package.json", "https://www.githubstatus.com/")

PICKER = "window.showDirectoryPicker = async () => (await navigator.storage.getDirectory()).getDirectoryHandle('shop', {create: true});"
SEED = """async (files) => {
  const shop = await (await navigator.storage.getDirectory()).getDirectoryHandle('shop', {create: true});
  await shop.getDirectoryHandle('.git', {create: true});  // Sveltia checks that the folder is a repository
  for (const [path, data] of Object.entries(files)) {
    let folder = shop;
    const parts = path.split('/');
    for (const part of parts.slice(0, -1)) folder = await folder.getDirectoryHandle(part, {create: true});
    const writable = await (await folder.getFileHandle(parts.at(-1), {create: true})).createWritable();
    await writable.write(Uint8Array.from(atob(data), c => c.charCodeAt(0)));
    await writable.close();
  }
}"""
READ = """async () => {
  const files = {};
  const walk = async (folder, prefix) => {
    for await (const [name, handle] of folder.entries()) {
      if (handle.kind === 'directory') { if (name !== '.git') await walk(handle, prefix + name + '/'); continue; }
      if (name.endsWith('.crswap')) continue;  // a file being written (Chromium's swap file)
      let bytes;
      try { bytes = new Uint8Array(await (await handle.getFile()).arrayBuffer()); }
      catch (e) { files[prefix + name] = null; continue; }  // being replaced while we looked: read again
      let text = ''; for (const b of bytes) text += String.fromCharCode(b);
      files[prefix + name] = btoa(text);
    }
  };
  await walk(await (await navigator.storage.getDirectory()).getDirectoryHandle('shop'), '');
  return files;
}"""

KOPI = product_md("""title: Kopi Arabika
price: 50000
availability: in_stock
photos:
  - src: kopi.jpg
    alt: Sebungkus kopi arabika""")
DESCRIPTION = ("Teh melati dari kebun di lereng Gunung Slamet, dipetik pagi hari lalu dikeringkan bersama bunga melati "
               "segar selama dua malam. Seduh satu sendok teh dengan air panas selama tiga menit. Isi paket: satu kaleng "
               "seratus gram dengan tutup rapat, cukup untuk sekitar empat puluh cangkir.")


def jpeg(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", (width, height), colour)
    for x in range(0, width, 37):  # lines, so the photo is sharp enough for the build's check
        image.paste((250, 250, 240), (x, 0, x + 4, height))
    image.save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


@pytest.fixture
def shop(tmp_path):
    root = make_shop(tmp_path / "shop", {"shop.toml": SHOP_TOML + EDITOR, "content/products/kopi/index.md": KOPI})
    make_photo(root / "content/products/kopi/kopi.jpg")
    code, err = build(root)
    assert code == 0, err
    return root


@pytest.fixture
def editor(shop, browser, serve_site):
    """The built site served with its _headers (the editor's own policy), Sveltia opened on the shop's files."""
    base = serve_site(shop / "public")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(PICKER)
    outside: list[str] = []

    def answer(route):
        url = route.request.url
        if url == sveltia.SCRIPT_URL:  # integrity needs a CORS-readable answer (crossorigin="anonymous")
            route.fulfill(path=str(BUNDLE), content_type="text/javascript", headers={"Access-Control-Allow-Origin": "*"})
        elif url.startswith(sveltia.FONTS):
            family = url.removeprefix(sveltia.FONTS).split("@")[0].split(":")[0]
            route.fulfill(path=str(next(ASSETS.glob(FONTS[family]))), content_type="font/woff2",
                          headers={"Access-Control-Allow-Origin": "*"})
        elif url.startswith(sveltia.HEIC_DECODER):  # asked for by the decoding worker: the npm package's files
            file = HEIC_DECODER / url.removeprefix(sveltia.HEIC_DECODER).split("?")[0]
            kind = "application/wasm" if file.suffix == ".wasm" else "text/javascript"
            route.fulfill(path=str(file), content_type=kind, headers={"Access-Control-Allow-Origin": "*"})
        elif url.startswith((base, "data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", answer)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" and not any(u in m.text for u in REFUSED_ON_PURPOSE) else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(base + "/404.html")  # the origin's file system, seeded before the editor opens
    sources = [shop / "shop.toml", *sorted(p for p in (shop / "content").rglob("*") if p.is_file())]
    page.evaluate(SEED, {str(p.relative_to(shop)): base64.b64encode(p.read_bytes()).decode() for p in sources})
    page.goto(base + "/admin/")
    page.get_by_role("button", name="Work with Local Repository").click()
    expect(page.get_by_role("treeitem", name=re.compile("^Produk"))).to_be_visible()
    yield page, base, problems, outside
    context.close()


def saved_files(page, path: str | None = None, needle: str = "") -> dict[str, bytes]:
    """The shop's files in the browser; with `path`, once that file is there holding `needle` (a save is
    written a moment after the form closes)."""
    for _ in range(100):
        read = page.evaluate(READ)
        files = {name: base64.b64decode(data) for name, data in read.items() if data is not None}
        if None not in read.values() and (path is None or (path in files and needle.encode() in files[path])):
            return files
        page.wait_for_timeout(100)
    raise AssertionError(f"{path} was never saved with {needle!r}")


def front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("---", 2)[1])


def field(page, label: str):
    """An editor field's group, by its label (Sveltia wraps names in Unicode isolates). The form shows
    its fields as they scroll into view, so the last one shown is scrolled to until this one is there."""
    group = page.get_by_role("group", name=re.compile(f"^\\W*{re.escape(label)}\\W* Field$")).first
    for _ in range(40):
        if group.count():
            return group
        page.get_by_role("group", name=re.compile(r" Field$")).last.scroll_into_view_if_needed()
        page.wait_for_timeout(100)
    raise AssertionError(f"no field {label!r} in the form")


def inside(page, group, role: str, name: str):
    """A control inside a field's group, once the form has drawn it (it draws what scrolls into view)."""
    control = group.get_by_role(role, name=name, exact=True)
    for _ in range(50):
        if control.count():
            return control.last
        group.scroll_into_view_if_needed()
        page.mouse.wheel(0, 120)
        page.wait_for_timeout(100)
    raise AssertionError(f"no {role} {name!r} in the field")


def add_photo(page, name: str, data: bytes, alt: str, kind: str = "image/jpeg") -> None:
    """Upload a photo into a new item of the photo list and describe it. Waits for the editor to have
    converted it: the field stays empty while "Processing a file" shows, and a Save meanwhile is refused."""
    photos = field(page, "Foto")
    photos.get_by_role("button", name=re.compile(r"^Add\W*Foto\W*$")).click()
    photos.get_by_role("button", name="Browse", exact=True).last.click()  # the new item's image field
    dialog = page.get_by_role("dialog")
    with page.expect_file_chooser() as chooser:
        dialog.get_by_role("button", name="Upload").click()
    chooser.value.set_files(files=[{"name": name, "mimeType": kind, "buffer": data}])
    dialog.get_by_role("button", name="Insert").click()
    expect(dialog).to_be_hidden()
    converted = photos.get_by_role("group", name=re.compile("Berkas foto")).last.get_by_role("textbox")
    expect(converted, f"{name} was never converted to WebP (refused or still processing)").to_have_text(
        re.compile(r"\.webp$"), timeout=30_000)
    photos.get_by_role("textbox", name="Foto: keterangan untuk pembeli tunanetra").last.fill(alt)


def copy_back(files: dict[str, bytes], shop) -> None:
    """What the editor wrote, into the shop folder, as a commit would bring it."""
    for path, data in files.items():
        target = shop / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def test_the_editor_opens_on_the_generated_configuration(editor):
    page, base, problems, outside = editor
    expect(page.get_by_role("alert")).to_have_count(0)  # a configuration error shows as an alert
    expect(page.get_by_role("treeitem", name=re.compile("^Halaman"))).to_be_visible()
    expect(page.get_by_role("treeitem", name=re.compile("^Pengaturan toko"))).to_be_visible()
    expect(page.get_by_role("row", name="Kopi Arabika")).to_be_visible()
    assert problems == []
    assert all(url.startswith(REFUSED_ON_PURPOSE) for url in outside), outside  # no CDN: everything else is local


def test_create_a_product_with_two_photos_and_a_variant_that_builds(editor, shop):
    page, base, problems, _ = editor
    page.get_by_role("button", name="Create New Entry").first.click()
    expect(page.get_by_role("status")).to_contain_text("creating a new entry")  # the form is ready
    page.get_by_role("textbox", name="Nama produk").fill("Teh Melati")
    page.get_by_role("spinbutton", name="Harga (Rp)").fill("25000")
    add_photo(page, "teh-kaleng.jpg", jpeg(3000, 2000, (40, 120, 60)), "Teh melati dalam kaleng hijau")
    add_photo(page, "teh-daun.jpg", jpeg(1200, 900, (120, 110, 40)), "Daun teh kering dan bunga melati")

    options = field(page, "Pilihan (ukuran, warna…)")
    options.get_by_role("button", name=re.compile(r"^Add\W*Pilihan\W*$")).click()
    inside(page, options, "textbox", "Nama pilihan").fill("Berat")
    values = field(page, "Nilai")
    values.get_by_role("textbox").last.fill("100 g")
    values.get_by_role("button", name=re.compile(r"^Add\W*Nilai\W*$")).click()
    values.get_by_role("textbox").last.fill("250 g")

    variants = field(page, "Varian yang berbeda")
    variants.get_by_role("button", name=re.compile(r"^Add\W*Varian\W*$")).click()
    choice = field(page, "Untuk pilihan")
    choice.get_by_role("button", name=re.compile(r"^Add\W*Pilihan\W*$")).click()
    inside(page, choice, "textbox", "Nama pilihan").fill("Berat")
    inside(page, choice, "textbox", "Nilai pilihan").fill("250 g")
    inside(page, variants, "spinbutton", "Harga (Rp)").fill("55000")

    body = field(page, "Deskripsi").get_by_role("textbox")
    body.fill("Teh melati yang wangi.")  # too short: refused in the editor, in the shop's language
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("deskripsi: tulis minimal 30 kata (bahan, ukuran, perawatan, isi paket)")).to_be_visible()
    assert not any(path.startswith("content/products/teh-melati/") for path in saved_files(page))

    body.fill(DESCRIPTION)
    # typed again: a new entry's form, just opened, sometimes starts over once under a fast robot's typing
    for name, value, role in (("Nama produk", "Teh Melati", "textbox"), ("Harga (Rp)", "25000", "spinbutton")):
        box = page.get_by_role(role, name=name, exact=True).first
        if box.input_value() != value:
            box.fill(value)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("row", name="Teh Melati")).to_be_visible(timeout=20_000)  # saved: back in the list, with it
    files = saved_files(page, "content/products/teh-melati/index.md", "Gunung Slamet")
    text = files["content/products/teh-melati/index.md"].decode()
    front = front_matter(text)
    assert front["title"] == "Teh Melati" and front["price"] == 25000
    assert [photo["alt"] for photo in front["photos"]] == ["Teh melati dalam kaleng hijau", "Daun teh kering dan bunga melati"]
    for photo in front["photos"]:
        data = files[f"content/products/teh-melati/{photo['src']}"]
        shrunk = Image.open(io.BytesIO(data))
        assert shrunk.format == "WEBP" and max(shrunk.size) <= 2000  # made smaller in the browser
    assert Image.open(io.BytesIO(files["content/products/teh-melati/" + front["photos"][0]["src"]])).size == (2000, 1333)
    assert front["options"] == [{"name": "Berat", "values": ["100 g", "250 g"]}]
    assert front["variants"] == [{"for": [{"name": "Berat", "value": "250 g"}], "price": 55000}]

    copy_back(files, shop)
    code, err = build(shop)
    assert code == 0, err
    html = (shop / "public/products/teh-melati/index.html").read_text()
    assert "Teh Melati" in html and "Rp 25.000 – Rp 55.000" in page_text(html)
    assert "Teh melati dalam kaleng hijau" in html and "Daun teh kering dan bunga melati" in html
    assert "Gunung Slamet" in html
    assert problems == []


def test_change_an_existing_products_price_and_availability(editor, shop):
    page, base, problems, _ = editor
    page.get_by_role("row", name="Kopi Arabika").click()
    price = page.get_by_role("spinbutton", name="Harga (Rp)")
    expect(price).to_have_value("50000")
    price.fill("55000")
    page.get_by_role("combobox", name="Ketersediaan").click()
    page.get_by_role("option", name="Habis").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("main", name=re.compile("Produk.*Collection"))).to_be_visible()  # saved: back in the list
    files = saved_files(page, "content/products/kopi/index.md", "55000")
    front = front_matter(files["content/products/kopi/index.md"].decode())
    assert front["price"] == 55000 and front["availability"] == "sold_out"
    assert front["photos"] == [{"src": "kopi.jpg", "alt": "Sebungkus kopi arabika"}]  # untouched keys read back the same
    copy_back({"content/products/kopi/index.md": files["content/products/kopi/index.md"]}, shop)
    code, err = build(shop)
    assert code == 0, err
    html = (shop / "public/products/kopi/index.html").read_text()
    assert "Rp 55.000" in html and "Habis" in html
    assert problems == []


def test_the_editor_fits_a_phone(editor):
    page, base, problems, _ = editor
    page.set_viewport_size({"width": 390, "height": 844})
    for view in ("#/collections/products", "#/collections/products/new", "#/collections/products/entries/kopi/index"):
        page.goto(base + "/admin/" + view)
        page.wait_for_load_state("networkidle")
        expect(page.get_by_role("button", name=re.compile("Create New Entry|Save")).first).to_be_visible()
        page.evaluate("document.fonts.ready")  # icons as icons: as words ("more_vert") they widen toolbars
        for _ in range(50):  # the layout settles as the view's parts arrive: judged once it has
            wide = page.evaluate("""() => [document.documentElement.scrollWidth, innerWidth,
                [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1
                  && getComputedStyle(e).position !== 'fixed').slice(0, 5).map(e => e.tagName + '.' + e.className)]""")
            if wide[0] <= wide[1] and wide[2] == []:
                break
            page.wait_for_timeout(100)
        assert wide[0] <= wide[1] and wide[2] == [], (view, wide)


def test_the_shops_settings_save_as_a_shop_toml_that_builds(editor, shop):
    page, base, problems, _ = editor
    page.get_by_role("treeitem", name=re.compile("^Pengaturan toko")).click()
    page.get_by_role("row", name=re.compile("Pengaturan toko")).click()
    promise = field(page, "Janji waktu membalas").get_by_role("textbox")
    expect(promise).to_have_value("Kami membalas dalam 1 jam.")
    promise.fill("Kami membalas dalam 30 menit pada jam kerja.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("button", name="Save")).to_be_hidden()  # saved: the form is closed
    text = saved_files(page, "shop.toml", "30 menit")["shop.toml"].decode()
    import tomllib

    settings = tomllib.loads(text)
    assert settings["contact"]["response_time"] == "Kami membalas dalam 30 menit pada jam kerja."
    assert settings["editor"] == {"repo": "tokouji/toko", "branch": "main"}  # what the form does not show in front stays
    assert settings["base_url"] == "https://tokouji.example/" and settings["contact"]["whatsapp"] == "6281234567890"
    (shop / "shop.toml").write_text(text, encoding="utf-8")
    code, err = build(shop)
    assert code == 0, err
    assert "Kami membalas dalam 30 menit pada jam kerja." in (shop / "public/index.html").read_text()
    assert problems == []


def heic(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    """A photo as an iPhone saves it (HEIC), made with pillow-heif, the build's own HEIC reader."""
    import pillow_heif

    buffer = io.BytesIO()
    pillow_heif.from_pillow(Image.open(io.BytesIO(jpeg(width, height, colour)))).save(buffer, quality=90)
    return buffer.getvalue()


def test_a_heic_photo_from_an_iphone_is_converted_saved_and_built(editor, shop):
    page, base, problems, outside = editor
    decoder: list[str] = []  # Chromium cannot decode HEIC: the editor's worker loads @discourse/heic
    page.on("request", lambda request: decoder.append(request.url) if request.url.startswith(sveltia.HEIC_DECODER) else None)
    page.get_by_role("row", name="Kopi Arabika").click()
    expect(page.get_by_role("spinbutton", name="Harga (Rp)")).to_have_value("50000")
    add_photo(page, "IMG_0042.HEIC", heic(3024, 4032, (150, 90, 50)), "Biji kopi di telapak tangan", "image/heic")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("main", name=re.compile("Produk.*Collection"))).to_be_visible(timeout=20_000)  # saved
    files = saved_files(page, "content/products/kopi/index.md", "Biji kopi")
    front = front_matter(files["content/products/kopi/index.md"].decode())
    assert front["photos"][0] == {"src": "kopi.jpg", "alt": "Sebungkus kopi arabika"}
    assert front["photos"][1] == {"src": "IMG_0042.webp", "alt": "Biji kopi di telapak tangan"}
    assert sorted(files) == sorted([*saved_before(shop), "content/products/kopi/IMG_0042.webp"])  # no HEIC stored
    photo = Image.open(io.BytesIO(files["content/products/kopi/IMG_0042.webp"]))
    assert photo.format == "WEBP" and photo.size == (1500, 2000)  # converted and shrunk in the browser
    assert sveltia.HEIC_DECODER + "codec/dec/heic_dec.wasm" in decoder

    copy_back(files, shop)
    code, err = build(shop)
    assert code == 0, err
    html = (shop / "public/products/kopi/index.html").read_text()
    img = re.search(r'<img [^>]*alt="Biji kopi di telapak tangan"[^>]*>', html)
    assert img, "the HEIC photo is not on the product page"
    src = re.search(r'src="([^"]+)"', img.group(0)).group(1)
    assert (shop / "public" / src.lstrip("/")).is_file() or (shop / "public/products/kopi" / src).is_file(), src
    assert problems == []  # no refused worker, script or WebAssembly: the policy lets the decoder run
    assert all(url.startswith(REFUSED_ON_PURPOSE) for url in outside), outside


def saved_before(shop) -> list[str]:
    """The shop's files as the editor was seeded with them (paths relative to the shop)."""
    return [str(p.relative_to(shop)) for p in [shop / "shop.toml", *(p for p in (shop / "content").rglob("*") if p.is_file())]]
