"""Favicon, touch icon and web-app manifest icons, made from the shop's logo.

Without a logo, a plain icon with the shop's initial in the theme's colour
(`brand_color` in theme.toml) is made, so browsers asking for /favicon.ico
never get a 404.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

ICON_SIZES = {"icons/apple-touch-icon.png": 180, "icons/icon-192.png": 192, "icons/icon-512.png": 512}


@dataclass(frozen=True)
class Icons:
    files: dict[str, bytes]  # site path -> bytes


def _square(logo: Path | None, title: str, color: str) -> Image.Image:
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


@lru_cache(maxsize=4)
def _icon_files(logo: Path | None, logo_version: tuple, title: str, color: str) -> dict[str, bytes]:
    """The image files; remembered while the logo file, the title and the colour stay the same (the preview rebuilds often)."""
    source = _square(logo, title, color)
    files: dict[str, bytes] = {}
    buffer = io.BytesIO()
    source.save(buffer, "ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    files["favicon.ico"] = buffer.getvalue()
    for path, size in ICON_SIZES.items():
        buffer = io.BytesIO()
        source.resize((size, size), Image.Resampling.LANCZOS).save(buffer, "PNG", optimize=True)
        files[path] = buffer.getvalue()
    return files


def make_icons(logo: Path | None, title: str, short_name: str, base_path: str, language: str, description: str,
               brand_color: str) -> Icons:
    """`brand_color` ("#rrggbb", the theme's): the plain icon's background and the manifest's theme_color."""
    version = (logo.stat().st_mtime_ns, logo.stat().st_size) if logo else ()
    files = dict(_icon_files(logo, version, title, brand_color))
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

