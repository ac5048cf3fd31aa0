"""Favicon, touch icon and web-app manifest icons, made from the shop's logo.

Without a logo, a plain icon with the shop's initial in the theme's colour
(`brand_color` in theme.toml) is made, so browsers asking for /favicon.ico
never get a 404.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import PIL  # its version only (a millisecond): Pillow itself is imported when icons are made, not taken from the cache

from .. import __version__

if TYPE_CHECKING:
    from PIL import Image

ICON_SIZES = {"icons/apple-touch-icon.png": 180, "icons/icon-192.png": 192, "icons/icon-512.png": 512}


@dataclass(frozen=True)
class Icons:
    files: dict[str, bytes]  # site path -> bytes


def _square(logo: io.BytesIO | None, title: str, color: str) -> Image.Image:
    from PIL import Image, ImageDraw, ImageFont, ImageOps

    from .. import photo_codec  # noqa: F401 - Pillow as the photos are opened: a logo.heic too (it registers HEIC)

    if logo is not None:
        with Image.open(logo) as opened:
            image = ImageOps.exif_transpose(opened).convert("RGBA")
        side = max(image.size)
        canvas = Image.new("RGBA", (side, side), (255, 255, 255, 255))
        canvas.paste(image, ((side - image.width) // 2, (side - image.height) // 2), image)
        return canvas.convert("RGB").resize((512, 512), Image.Resampling.LANCZOS)
    image = Image.new("RGB", (512, 512), color)
    draw = ImageDraw.Draw(image)
    letter = (title.strip()[:1] or "E").upper()
    font = ImageFont.load_default(size=300)
    box = draw.textbbox((0, 0), letter, font=font)
    draw.text(((512 - (box[2] - box[0])) / 2 - box[0], (512 - (box[3] - box[1])) / 2 - box[1]), letter, font=font, fill="white")
    return image


def _made_icons(logo: bytes | None, title: str, color: str) -> dict[str, bytes]:
    from PIL import Image

    source = _square(io.BytesIO(logo) if logo is not None else None, title, color)
    files: dict[str, bytes] = {}
    buffer = io.BytesIO()
    source.save(buffer, "ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    files["favicon.ico"] = buffer.getvalue()
    for path, size in ICON_SIZES.items():
        buffer = io.BytesIO()
        source.resize((size, size), Image.Resampling.LANCZOS).save(buffer, "PNG", optimize=True)
        files[path] = buffer.getvalue()
    return files


_OURS = re.compile(r"\.?[0-9a-f]{32}(\.\d+\.part)?")  # the sets (and half-written sets) this module names


def _icon_files(logo: Path | None, title: str, color: str, cache: Path | None) -> dict[str, bytes]:
    """The image files, kept in `cache` (.etalase-cache/icons/<digest>/) under the digest of what they are made
    of: the logo's bytes, the title, the colour and the versions of Etalase and Pillow. Encoding them took ~80 ms
    in every `etalase build`, for the same four files."""
    data = logo.read_bytes() if logo is not None else None
    key = hashlib.sha256(json.dumps([__version__, PIL.__version__, title, color]).encode()
                         + hashlib.sha256(data if data is not None else b"no logo").digest()).hexdigest()[:32]
    names = ["favicon.ico", *ICON_SIZES]
    kept = cache / key if cache is not None else None
    if kept is not None:
        try:
            files = {name: (kept / name).read_bytes() for name in names}
            if all(files.values()):  # an empty file (a crash before the disk had it): made again
                return files
        except OSError:
            pass  # not made yet (a folder is only ever there whole: below)
    files = _made_icons(data, title, color)
    if cache is not None and kept is not None:
        part = cache / f".{key}.{os.getpid()}.part"
        try:
            if cache.is_dir() and not cache.is_symlink():  # one shop, one set: the last logo's and title's
                for old in cache.iterdir():
                    if _OURS.fullmatch(old.name) and not old.is_symlink():
                        shutil.rmtree(old, ignore_errors=True)
            for name, content in files.items():
                (part / name).parent.mkdir(parents=True, exist_ok=True)
                (part / name).write_bytes(content)
            os.replace(part, kept)  # whole or not at all: a killed build leaves no half set to read
        except OSError:
            shutil.rmtree(part, ignore_errors=True)  # a cache that cannot be written: made again next time
    return files


def make_icons(logo: Path | None, title: str, short_name: str, base_path: str, language: str, description: str,
               brand_color: str, cache: Path | None = None) -> Icons:
    """`brand_color` ("#rrggbb", the theme's): the plain icon's background and the manifest's theme_color;
    `cache`: the folder the image files are kept in between builds."""
    files = dict(_icon_files(logo, title, brand_color, cache))
    manifest = {
        "name": title,
        "short_name": short_name[:12],
        "description": description,
        "lang": language,
        "start_url": base_path,
        "scope": base_path,
        "display": "browser",
        "background_color": "#ffffff",
        "theme_color": brand_color,
        "icons": [
            {"src": base_path + "icons/icon-192.png", "sizes": "192x192", "type": "image/png"},
            {"src": base_path + "icons/icon-512.png", "sizes": "512x512", "type": "image/png"},
        ],
    }
    files["manifest.webmanifest"] = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
    return Icons(files)

