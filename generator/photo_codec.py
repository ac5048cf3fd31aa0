"""Decoding, measuring and encoding product photos: the part of photos.py that needs Pillow and its codecs.

Imported only when a photo is processed (photos.PhotoProcessor.process) or checked by the importer: a build whose
photos are all cached does without Pillow, pillow-heif and the colour profiles (~40 ms of an edit's build).
"""

from __future__ import annotations

import io
import math
import warnings
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, ImageStat

from .photos import FALLBACK_WIDTH, SETTINGS, SHARE_SIZE, THUMB_WIDTHS, WIDTHS, PhotoMetrics, ProcessedPhoto, Rendition

try:  # iPhone photos (HEIC/HEIF)
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - a dependency, but a missing plugin must not break JPEG shops
    pass

MAX_PIXELS = 100_000_000  # above any phone camera (iPhone 48 MP); larger is a decompression bomb
_SRGB = ImageCms.createProfile("sRGB")


class TooManyPixels(Exception):
    """The photo's header claims more than MAX_PIXELS."""


def check_pixels(size: tuple[int, int]) -> None:
    """Refuse a decompression bomb from its header's size, before a byte of it is decoded.

    Our own limit rather than Pillow's MAX_IMAGE_PIXELS: that is a global of Pillow's, and
    importing this module must not change how the rest of the program opens images.
    """
    if size[0] * size[1] > MAX_PIXELS:
        raise TooManyPixels(f"{size[0]}×{size[1]}")


def _decode(source: str, largest: int) -> tuple[Image.Image, tuple[int, int]]:
    """Open any photo a phone or camera makes: (upright 8-bit sRGB image, upright original size).

    JPEGs may be decoded at reduced scale, so the original size is taken first.
    """
    with warnings.catch_warnings():
        # Pillow's own bomb check warns below our limit (89 MP); check_pixels decides. Above twice
        # its limit Pillow refuses in Image.open, which _safe_process reports as our refusal.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        with Image.open(source) as opened:  # lazy: the header is read, no pixel yet
            check_pixels(opened.size)
            icc = opened.info.get("icc_profile")
            size = opened.size
            if opened.getexif().get(0x0112) in (5, 6, 7, 8):  # turned a quarter: width and height swap
                size = (size[1], size[0])
            if opened.format == "JPEG":
                # decode at reduced scale (DCT scaling) when the largest output allows it
                width, height = opened.size
                opened.draft(opened.mode, (min(width, largest), max(1, round(height * min(width, largest) / width))))
            opened.seek(0)  # GIF, WebP animations: the first frame
            opened.load()
            image = ImageOps.exif_transpose(opened)
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        import numpy as np

        array = np.asarray(image, dtype=np.uint32)
        image = Image.fromarray((array >> 8 if array.max() > 255 else array).astype("uint8"), "L")
    if icc and image.mode in ("RGB", "RGBA", "CMYK", "L", "LA"):
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if image.mode in ("RGBA", "LA"):
                alpha = image.getchannel("A")
                image = ImageCms.profileToProfile(image.convert("RGB"), profile, _SRGB, outputMode="RGB")
                image.putalpha(alpha)
            else:
                image = ImageCms.profileToProfile(image, profile, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: fall back to a plain conversion below
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))  # transparent parts on white, as on the page
        background.paste(image, mask=image.getchannel("A"))
        return background, size
    return image.convert("RGB"), size


def sharpness(image: Image.Image, tiles: int = 3) -> float:
    """1 minus the blur effect (Crété-Roffet et al. 2007) of the sharpest region.

    The metric compares the photo with a re-blurred copy of itself: blurring a
    sharp photo changes it a lot, blurring a blurred one hardly at all. Taking
    the sharpest of 3x3 regions keeps a sharp product on a soft (bokeh)
    background from counting as blurred; within a region only directions with
    real edges count. Measured at most 1000 px wide, so the
    score does not depend on the camera's resolution.
    """
    import numpy as np
    from skimage.measure import blur_effect

    grey = ImageOps.grayscale(image)
    if max(grey.size) > 1000:
        grey.thumbnail((1000, 1000), Image.Resampling.BOX)
    array = np.asarray(grey, dtype=np.float32)
    height, width = array.shape
    scores = []
    for row in range(tiles):
        for col in range(tiles):
            tile = array[row * height // tiles:(row + 1) * height // tiles, col * width // tiles:(col + 1) * width // tiles]
            if tile.shape[0] < 16 or tile.shape[1] < 16 or tile.std() < 10:
                continue  # a flat region (plain backdrop) says nothing about focus
            per_axis = blur_effect(tile, h_size=11, reduce_func=None)  # [vertical, horizontal]
            # Judge only the directions that have structure: a striped fabric has no edges
            # along its stripes, which the metric would otherwise read as blur.
            energy = [float(np.abs(np.diff(tile, axis=axis)).sum()) for axis in (0, 1)]
            blur = max(b for b, e in zip(per_axis, energy) if e >= 0.05 * max(energy))
            if math.isfinite(blur):
                scores.append(1.0 - float(blur))
    # Nothing measurable (a plain graphic): do not reject what cannot be judged.
    return round(max(scores), 3) if scores else 1.0


def _save(image: Image.Image, folder: Path, name: str, fmt: str) -> Rendition:
    if fmt == "WEBP":
        image.save(folder / name, "WEBP", quality=SETTINGS["webp"], method=SETTINGS["webp_method"])
    else:
        image.save(folder / name, "JPEG", quality=SETTINGS["jpeg"], optimize=True, progressive=True)
    return Rendition(name, image.width, image.height)


def _process(source: str, digest: str, out_dir: str, focus: tuple[float, float] | None) -> ProcessedPhoto:
    """Runs in a worker process: decode once, measure, write every size."""
    stem = "".join(c if c.isalnum() else "-" for c in Path(source).stem.lower())[:40].strip("-") or "foto"
    tag = digest[:10]
    image, (original_width, original_height) = _decode(source, max(WIDTHS))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    metrics = PhotoMetrics(
        width=original_width, height=original_height,
        sharpness=sharpness(image),
        brightness=round(ImageStat.Stat(ImageOps.grayscale(image).resize((64, 64), Image.Resampling.BOX)).mean[0], 1),
    )
    # Widths never exceed the photo; each size is resized from the next larger one (faster, same quality).
    widths = sorted({min(w, image.width) for w in WIDTHS}, reverse=True)
    sources = []
    current = image
    fallback: Rendition | None = None
    for width in widths:
        height = max(1, round(image.height * width / image.width))
        current = current.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0) if current.width != width else current
        sources.append(_save(current, out, f"{stem}-{tag}-{width}.webp", "WEBP"))
        if fallback is None and width <= FALLBACK_WIDTH:  # the smallest width is always <= 480
            fallback = _save(current, out, f"{stem}-{tag}-{width}.jpg", "JPEG")
    side = min(image.size)
    square = ImageOps.fit(image, (side, side), Image.Resampling.LANCZOS, centering=focus or (0.5, 0.5))
    thumbs = []
    thumb_fallback = None
    for width in sorted({min(w, side) for w in THUMB_WIDTHS}, reverse=True):
        square = square.resize((width, width), Image.Resampling.LANCZOS, reducing_gap=3.0) if square.width != width else square
        thumbs.append(_save(square, out, f"{stem}-{tag}-sq{width}.webp", "WEBP"))
        if thumb_fallback is None:  # the largest square, as JPEG
            thumb_fallback = _save(square, out, f"{stem}-{tag}-sq{width}.jpg", "JPEG")
    share_image = ImageOps.fit(image, SHARE_SIZE, Image.Resampling.LANCZOS, centering=focus or (0.5, 0.5))
    share = _save(share_image, out, f"{stem}-{tag}-og.jpg", "JPEG")
    red, green, blue = image.resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    return ProcessedPhoto(
        sources=tuple(reversed(sources)),
        fallback=fallback,  # type: ignore[arg-type]
        thumbs=tuple(reversed(thumbs)),
        thumb_fallback=thumb_fallback,  # type: ignore[arg-type]
        share=share,
        color=f"#{red:02x}{green:02x}{blue:02x}",
        metrics=metrics,
    )


def _safe_process(job: tuple[str, str, str, tuple[float, float] | None]) -> ProcessedPhoto | str:
    """A processed photo, or what is wrong with the file (never a traceback for a seller's photo)."""
    try:
        return _process(*job)
    except (TooManyPixels, Image.DecompressionBombError):
        return "has far too many pixels (more than 100 megapixels; a decompression bomb?): export it at a normal size"
    except Image.UnidentifiedImageError:
        return "is not an image file, or is damaged: export it again as JPEG or PNG"
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        reason = "the file is cut short" if "truncated" in str(error) else str(error)
        return f"cannot be read as a photo ({reason}): export it again as JPEG or PNG"
    except Exception as error:  # noqa: BLE001 - a damaged file may fail anywhere inside a codec
        return f"cannot be processed ({type(error).__name__}): export it again as JPEG or PNG"
