"""The photo pipeline: formats, colour, metadata, sizes, the clear-photo rules, bad files, the cache."""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageCms, ImageFilter

from generator.build import BuildOptions, Builder
from generator.photo_codec import sharpness
from generator.photos import PhotoJob, PhotoProcessor
from tests.helpers import build, make_photo, make_shop, product_md, snapshot

SKIMAGE_DATA = Path(__import__("skimage").__file__).parent / "data"
PHOTO = "content/products/kemeja.jpg"


def _outputs(shop: Path) -> dict[str, Image.Image]:
    found = {}
    for path in (shop / "public/photos").iterdir():
        with Image.open(path) as image:
            image.load()
            found[path.name] = image.copy()
    return found


def _center_color(image: Image.Image) -> tuple[int, int, int]:
    return image.convert("RGB").getpixel((image.width // 2, image.height // 2))


def _mean_color(image: Image.Image) -> tuple[int, int, int]:
    return image.convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))


def _retina(path: Path, blur: float = 0) -> Path:
    """A real photo (scikit-image's retina.jpg, 1411 px, public domain), optionally blurred."""
    image = Image.open(SKIMAGE_DATA / "retina.jpg").convert("RGB")
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=92)
    return path


def _fail(shop: Path) -> str:
    public = shop / "public"
    before = snapshot(public) if public.exists() else None
    code, err = build(shop)
    assert code == 1, err
    assert (snapshot(public) if public.exists() else None) == before
    return err


def test_gps_and_orientation(tmp_path):
    exif = Image.Exif()
    exif[0x0112] = 8  # rotate 90° clockwise to view
    exif[0x0131] = "Seller's Phone"
    exif[0xA431] = "SERIAL123"  # body serial number
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "S", (7.0, 48.0, 0.0), "E", (110.0, 21.0, 0.0)
    shop = make_shop(tmp_path, photos=())
    make_photo(shop / PHOTO, size=(1200, 900), exif=exif.tobytes())
    assert build(shop)[0] == 0
    for name, image in _outputs(shop).items():
        assert not image.getexif(), name
        assert not {"exif", "xmp", "icc_profile"} & set(image.info), name
        if "-sq" not in name and "-og" not in name:
            assert image.height > image.width, name  # upright
    for path in (shop / "public/photos").iterdir():
        data = path.read_bytes()
        assert b"SERIAL123" not in data and b"Seller's Phone" not in data


def test_heic_from_an_iphone_is_processed(tmp_path):
    import pillow_heif

    shop = make_shop(tmp_path, {"content/products/kemeja.md": product_md("title: Kemeja\nprice: 5\nphotos: [kemeja.heic]")}, photos=())
    source = make_photo(tmp_path / "src.png", size=(1000, 900), color=(30, 90, 200))
    pillow_heif.from_pillow(Image.open(source)).save(shop / "content/products/kemeja.heic", quality=90)
    code, err = build(shop)
    assert code == 0, err
    outputs = _outputs(shop)
    assert any(name.endswith(".webp") for name in outputs)
    r, g, b = _mean_color(next(i for n, i in outputs.items() if n.endswith("-800.jpg")))
    assert b > 150 and r < 120


def test_cmyk_and_16_bit_and_palette_and_alpha(tmp_path):
    shop = make_shop(tmp_path, {
        "content/products/kemeja.md": product_md(
            "title: Kemeja\nprice: 5\nphotos: [cmyk.jpg, grey16.png, palette.gif, alpha.png, grey.jpg, profile.jpg]"),
    }, photos=())
    folder = shop / "content/products"
    Image.new("CMYK", (900, 900), (0, 255, 255, 0)).save(folder / "cmyk.jpg", "JPEG", quality=95)  # pure red ink
    Image.new("I;16", (900, 900), 0x8080).save(folder / "grey16.png")  # 50 % grey in 16 bits
    Image.new("RGB", (900, 900), (0, 128, 0)).convert("P", palette=Image.Palette.ADAPTIVE).save(folder / "palette.gif")
    alpha = Image.new("RGBA", (900, 900), (0, 0, 0, 0))
    alpha.paste((200, 0, 0, 255), (300, 300, 600, 600))
    alpha.save(folder / "alpha.png")
    Image.new("L", (900, 900), 60).save(folder / "grey.jpg")
    # an embedded profile goes through the colour conversion (and is not copied to the output)
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    Image.new("RGB", (900, 900), (200, 120, 40)).save(folder / "profile.jpg", "JPEG", quality=95, icc_profile=srgb.tobytes())
    # these flat test images are not "clear photos": check the processing here, not the contract
    shop_toml = shop / "shop.toml"
    shop_toml.write_text(shop_toml.read_text() + "\n[quality]\nmin_sharpness = 0\n")
    code, err = build(shop)
    assert code == 0, err
    by_stem = {}
    for name, image in _outputs(shop).items():
        if name.endswith("-800.jpg") or name.endswith(("-900.jpg",)):
            by_stem[name.split("-")[0]] = _center_color(image)
    r, g, b = by_stem["cmyk"]
    assert r > 200 and g < 80 and b < 80  # red, not inverted
    assert all(abs(c - 128) < 6 for c in by_stem["grey16"])  # not clipped to white
    r, g, b = by_stem["palette"]
    assert g > 100 and r < 30
    r, g, b = by_stem["alpha"]
    assert r > 180 and g < 40  # the opaque part; transparency went to white
    assert all(abs(c - 60) < 6 for c in by_stem["grey"])
    r, g, b = by_stem["profile"]
    assert abs(r - 200) < 8 and abs(g - 120) < 8 and abs(b - 40) < 8


def test_sizes_never_upscaled_and_hashed_names(tmp_path):
    shop = make_shop(tmp_path, photos=())
    make_photo(shop / PHOTO, size=(1000, 850))
    assert build(shop)[0] == 0
    names = sorted(os.listdir(shop / "public/photos"))
    widths = sorted(int(n.rsplit("-", 1)[1].split(".")[0]) for n in names if n.endswith(".webp") and "-sq" not in n)
    assert widths == [480, 800, 1000]
    assert all(len(n.split("-")[1]) == 10 for n in names)  # kemeja-<hash>-<width>
    html = (shop / "public/products/kemeja/index.html").read_text()
    assert 'type="image/webp"' in html and " 480w, " in html and "1000w" in html
    assert 'width="1000" height="850"' in html and 'fetchpriority="high"' in html and "background-color:#" in html


def test_first_photo_eager_others_lazy(tmp_path):
    shop = make_shop(tmp_path, {"content/products/kemeja.md": product_md("title: K\nprice: 5\nphotos: [a.jpg, b.jpg, c.jpg]")}, photos=())
    for name in "abc":
        make_photo(shop / f"content/products/{name}.jpg", color=(ord(name), 80, 80))
    assert build(shop)[0] == 0
    html = (shop / "public/products/kemeja/index.html").read_text()
    gallery = html.split('class="gallery"')[1].split("</div>")[0]
    assert gallery.count("<img") == 3 and gallery.count('fetchpriority="high"') == 1 and gallery.count('loading="lazy"') == 2


def test_focus_point_moves_the_square_crop(tmp_path):
    shop = make_shop(tmp_path, {"content/products/kemeja.md": product_md(
        "title: K\nprice: 5\nphotos:\n  - src: kemeja.jpg\n    alt: kiri\n    focus: [0, 0.5]")}, photos=())
    image = Image.new("RGB", (1800, 900), (20, 20, 200))
    image.paste((200, 20, 20), (0, 0, 900, 900))  # left half red
    for x in range(0, 1800, 30):
        image.paste((255, 255, 255), (x, 0, x + 3, 900))
    image.save(shop / PHOTO, quality=95)
    code, err = build(shop)
    assert code == 0, err
    square = next(i for n, i in _outputs(shop).items() if "-sq" in n and n.endswith(".jpg"))
    assert _center_color(square)[0] > 150  # the left (red) part, not the centre


def test_sharp_photo_passes_and_its_blurred_copy_fails(tmp_path):
    shop = make_shop(tmp_path, photos=())
    _retina(shop / PHOTO)
    code, err = build(shop)
    assert code == 0, err
    _retina(shop / PHOTO, blur=1411 / 300)
    err = _fail(shop)
    assert 'content/products/kemeja.md:6: photos[0]: "content/products/kemeja.jpg" looks blurred (sharpness 0.' in err
    assert "needs 0.42, quality.min_sharpness): retake it in focus" in err


def test_soft_background_is_not_blur():
    """Real photos with a blurred (bokeh) background, and sharp real photos, all pass with a margin."""
    coffee = Image.open(SKIMAGE_DATA / "coffee.png").convert("RGB")  # a cup on a soft background
    for name in ("retina.jpg", "hubble_deep_field.jpg", "astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg"):
        image = Image.open(SKIMAGE_DATA / name).convert("RGB")
        assert sharpness(image) >= 0.55, name
        assert sharpness(image.filter(ImageFilter.GaussianBlur(image.width / 300))) < sharpness(image) - 0.1, name
    assert sharpness(coffee) > 0.6


def test_small_photo_fails(tmp_path):
    shop = make_shop(tmp_path, photos=())
    make_photo(shop / PHOTO, size=(500, 700))
    err = _fail(shop)
    assert ('content/products/kemeja.md:6: photos[0]: "content/products/kemeja.jpg" is 500×700 px; photos need at least 800 px '
            "on the shortest side (quality.min_photo_px): use the original photo from the camera") in err.splitlines()


def test_dark_bright_thin_and_missing_alt_warn(tmp_path):
    shop = make_shop(tmp_path, {"content/products/kemeja.md": product_md("title: K\nprice: 5\nphotos: [gelap.jpg, panjang.jpg]")}, photos=())
    make_photo(shop / "content/products/gelap.jpg", color=(5, 5, 5))
    dark = Image.open(shop / "content/products/gelap.jpg").point(lambda v: v // 12)
    dark.save(shop / "content/products/gelap.jpg", quality=95)
    make_photo(shop / "content/products/panjang.jpg", size=(3200, 850))
    code, err = build(shop)
    assert code == 0, err
    assert 'warning: content/products/kemeja.md:4: photos[0]: "content/products/gelap.jpg" is very dark' in err
    assert 'photos[1]: "content/products/panjang.jpg" is very long and thin (3200×850)' in err
    assert "warning: content/products/kemeja.md:4: photos[0]: no alt text, the title is used instead" in err


def _bomb(path: Path) -> None:
    """A tiny PNG that claims 20,000 × 20,000 pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", 20000, 20000, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b""))


@pytest.mark.parametrize("case", ["truncated", "text", "bomb", "symlink", "empty"])
def test_bad_files_give_a_clear_error(tmp_path, case):
    shop = make_shop(tmp_path / "shop")
    assert build(shop)[0] == 0
    photo = shop / PHOTO
    if case == "truncated":
        data = photo.read_bytes()
        photo.write_bytes(data[: len(data) // 3])
        expected = "cannot be read as a photo (the file is cut short): export it again as JPEG or PNG"
    elif case == "text":
        photo.write_text("Ini bukan foto, ini catatan harga.")
        expected = "is not an image file, or is damaged: export it again as JPEG or PNG"
    elif case == "empty":
        photo.write_bytes(b"")
        expected = "is not an image file, or is damaged: export it again as JPEG or PNG"
    elif case == "bomb":
        _bomb(photo)
        expected = "has far too many pixels (more than 100 megapixels; a decompression bomb?): export it at a normal size"
    else:
        outside = make_photo(tmp_path / "outside.jpg")
        photo.unlink()
        photo.symlink_to(outside)
        expected = "is outside the shop folder: put the photo beside the product file"
    err = _fail(shop)
    line = err.splitlines()[0]
    assert line.startswith("content/products/kemeja.md:6: photos[0]: "), line
    assert line.endswith(expected), line
    assert "Traceback" not in err


def test_rebuild_decodes_nothing_and_one_changed_photo_alone(tmp_path):
    shop = make_shop(tmp_path, {"content/products/kaos.md": product_md("title: Kaos\nprice: 5\nphotos: [kaos.jpg]")})
    make_photo(shop / "content/products/kaos.jpg", color=(10, 10, 200))
    first = Builder(BuildOptions(root=shop, use_git=False)).build()
    assert first.photos_decoded == 2
    forced = Builder(BuildOptions(root=shop, use_git=False, force=True)).build()
    assert forced.photos_decoded == 0 and forced.pages == first.pages
    make_photo(shop / "content/products/kaos.jpg", color=(10, 200, 10))
    changed = Builder(BuildOptions(root=shop, use_git=False)).build()
    assert changed.photos_decoded == 1
    assert len({p.name.split("-")[1] for p in (shop / "public/photos").iterdir()}) == 2  # old kaos renditions gone


def test_cache_survives_a_fresh_memo(tmp_path):
    """Lost state file: digests are recomputed from bytes, but the processed files are reused."""
    photo = make_photo(tmp_path / "a.jpg")
    first = PhotoProcessor(tmp_path / "cache")
    results, errors = first.process([PhotoJob(photo)])
    assert not errors and first.decoded == 1
    again = PhotoProcessor(tmp_path / "cache", memo={"results": first.memo["results"]})
    again.process([PhotoJob(photo)])
    assert again.decoded == 0


def _png_header(path: Path, width: int, height: int) -> None:
    """A tiny PNG whose header claims width × height grey pixels (its data is a few bytes: decoding fails)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b""))


def test_a_bomb_pillow_would_decode_is_refused_from_its_header(tmp_path):
    """110 MP: above our 100 MP limit, below the size Pillow (left at its default) refuses by itself.
    Refused before decoding: decoding this file would fail as cut short, not as too many pixels."""
    from generator.photo_codec import MAX_PIXELS

    assert Image.MAX_IMAGE_PIXELS * 2 > 110_000_000 > MAX_PIXELS
    bomb, small = tmp_path / "bomb.png", tmp_path / "small.png"
    _png_header(bomb, 11_000, 10_000)
    _png_header(small, 1_000, 1_000)
    _, errors = PhotoProcessor(tmp_path / "cache").process([PhotoJob(bomb), PhotoJob(small)])
    assert errors[PhotoJob(bomb)] == "has far too many pixels (more than 100 megapixels; a decompression bomb?): export it at a normal size"
    assert errors[PhotoJob(small)] == "cannot be read as a photo (the file is cut short): export it again as JPEG or PNG"


def test_the_limit_is_100_megapixels():
    from generator.photo_codec import TooManyPixels, check_pixels

    check_pixels((10_000, 10_000))
    with pytest.raises(TooManyPixels):
        check_pixels((10_000, 10_001))


def test_importing_the_photo_pipeline_leaves_pillow_alone():
    """Pillow's MAX_IMAGE_PIXELS is a global: importing our module must not change it for anyone else."""
    import subprocess
    import sys

    code = ("from PIL import Image; before = Image.MAX_IMAGE_PIXELS; import generator.photos, generator.photo_codec, generator.build; "
            "assert Image.MAX_IMAGE_PIXELS == before, (before, Image.MAX_IMAGE_PIXELS)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr


def test_a_build_whose_photos_are_all_cached_does_without_pillow(tmp_path):
    """Pillow and its codecs are imported only to process a photo (photo_codec.py): an edit's build of a shop whose
    photos are cached, in a process of its own as `etalase build` runs, imports neither them nor the installed
    packages' entry points (Markdown's extensions are given as objects, not looked up by name)."""
    import subprocess
    import sys

    shop = make_shop(tmp_path / "shop")
    assert build(shop)[0] == 0
    product = shop / "content/products/kemeja.md"
    product.write_text(product.read_text(encoding="utf-8").replace("185000", "186000"), encoding="utf-8")
    code = ("import sys; from generator.cli import main; code = main(['build', '--shop', sys.argv[1], '--no-git']); "
            "print(code, sorted(name for name in ('PIL.Image', 'pillow_heif', 'importlib.metadata') if name in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, str(shop)], capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert done.stdout.split("\n")[-2] == "0 []", done.stdout + done.stderr
    assert "186.000" in (shop / "public/products/kemeja/index.html").read_text(encoding="utf-8")
