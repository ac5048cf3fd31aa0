"""Product photos: decoded once, measured, resized, stripped of metadata, cached by content.

Each photo becomes WebP at several widths (never upscaled), one JPEG fallback,
and a square thumbnail for catalog grids. Every output is re-encoded from
pixels in sRGB, so no EXIF (GPS location, camera serial, owner name), no XMP
and no ICC profile reaches the published site. Results are cached under the
shop's cache folder by the photo's bytes and the processing settings: an
unchanged photo is never decoded again.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
import shutil
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PIL import Image, ImageCms, ImageOps, ImageStat

from . import routes

try:  # iPhone photos (HEIC/HEIF)
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - a dependency, but a missing plugin must not break JPEG shops
    pass

WIDTHS = (480, 800, 1200)  # WebP sizes for the srcset
FALLBACK_WIDTH = 800  # one JPEG for browsers without WebP
THUMB_WIDTHS = (240, 480)  # square catalog thumbnails
SHARE_SIZE = (1200, 630)  # the Open Graph / Twitter card image
SETTINGS = {"version": 4, "share": SHARE_SIZE, "widths": WIDTHS, "fallback": FALLBACK_WIDTH, "thumbs": THUMB_WIDTHS, "webp": 80, "webp_method": 2, "jpeg": 82}
# webp_method 2 encodes twice as fast as the default 4 for files about 2 % larger.
MAX_PIXELS = 100_000_000  # above any phone camera (iPhone 48 MP); larger is a decompression bomb
_SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class Rendition:
    name: str  # file name under photos/, carries the content hash
    width: int
    height: int


@dataclass(frozen=True)
class PhotoMetrics:
    """What the quality contract looks at; thresholds are applied by the build, not here."""

    width: int  # upright, as decoded (before any resizing)
    height: int
    sharpness: float  # 1 - blur effect of the sharpest region: 0 (blurred) .. 1 (sharp)
    brightness: float  # mean luminance 0..255


@dataclass(frozen=True)
class ProcessedPhoto:
    sources: tuple[Rendition, ...]  # WebP, narrowest first
    fallback: Rendition  # JPEG
    thumbs: tuple[Rendition, ...]  # square WebP, narrowest first
    thumb_fallback: Rendition  # square JPEG
    share: Rendition  # 1200×630 JPEG for link previews
    color: str  # dominant colour, "#rrggbb": the placeholder while the photo loads
    metrics: PhotoMetrics

    def __hash__(self) -> int:
        # equal photos have equal fallbacks (whose name holds the digest of the source and settings); the
        # dataclass's own hash walks every rendition, and the preview's memo keys hash each product's photos
        return hash(self.fallback)

    @property
    def renditions(self) -> list[Rendition]:
        return [*self.sources, self.fallback, *self.thumbs, self.thumb_fallback, self.share]


def _digest(path: Path, focus: tuple[float, float] | None) -> str:
    h = hashlib.sha256(json.dumps([SETTINGS, focus], sort_keys=True).encode())
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:20]


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


@dataclass(frozen=True)
class PhotoJob:
    source: Path
    focus: tuple[float, float] | None = None


class PhotoProcessor:
    """Processes the photos a build needs; remembers results across builds."""

    def __init__(self, cache_dir: Path, memo: dict | None = None):
        self.cache_dir = cache_dir
        self.memo: dict = memo if memo is not None else {}
        self.memo.setdefault("digests", {})  # source -> ((size, mtime, focus), digest)
        self.memo.setdefault("results", {})  # digest -> ProcessedPhoto
        self.decoded = 0  # for tests: a rebuild without change decodes nothing

    def digest(self, job: PhotoJob) -> str:
        stat = job.source.stat()
        key = (stat.st_size, stat.st_mtime_ns, job.focus)
        known = self.memo["digests"].get(str(job.source))
        if known and known[0] == key:
            return known[1]
        digest = _digest(job.source, job.focus)
        self.memo["digests"][str(job.source)] = (key, digest)
        return digest

    def _cached(self, digest: str) -> ProcessedPhoto | None:
        result = self.memo["results"].get(digest)
        if result and all((self.cache_dir / digest / r.name).is_file() for r in result.renditions):
            return result
        return None

    def process(
        self, jobs: list[PhotoJob], progress: Callable[[int, int], None] | None = None
    ) -> tuple[dict[PhotoJob, ProcessedPhoto], dict[PhotoJob, str]]:
        """(results, error message) by job. Work is spread over all cores."""
        digests = {job: self.digest(job) for job in jobs}
        todo: dict[str, PhotoJob] = {}
        for job, digest in digests.items():
            if not self._cached(digest):
                todo.setdefault(digest, job)
        failures: dict[str, str] = {}
        work = [(str(job.source), digest, str(self.cache_dir / digest), job.focus) for digest, job in todo.items()]
        workers = min(len(work), os.cpu_count() or 1)
        done = 0
        if work:
            import skimage.measure  # noqa: F401 - loaded once here; forked workers inherit it

            sharpness(Image.new("L", (64, 64)))  # and its lazily imported parts
        if workers > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                futures = {pool.submit(_safe_process, item): item[1] for item in work}
                for future in as_completed(futures):
                    self._record(futures[future], future.result(), failures)
                    done += 1
                    if progress:
                        progress(done, len(work))
        else:
            for item in work:
                self._record(item[1], _safe_process(item), failures)
        results: dict[PhotoJob, ProcessedPhoto] = {}
        errors: dict[PhotoJob, str] = {}
        for job, digest in digests.items():
            if digest in failures:
                errors[job] = failures[digest]
            else:
                results[job] = self.memo["results"][digest]
        return results, errors

    def _record(self, digest: str, outcome: ProcessedPhoto | str, failures: dict[str, str]) -> None:
        self.decoded += 1
        if isinstance(outcome, str):
            failures[digest] = outcome
            shutil.rmtree(self.cache_dir / digest, ignore_errors=True)
        else:
            self.memo["results"][digest] = outcome

    def files(self, job: PhotoJob, result: ProcessedPhoto) -> dict[str, Path]:
        """Site path -> cached file, for every rendition of a processed photo."""
        folder = self.cache_dir / self.digest(job)
        return {routes.photo(r.name): folder / r.name for r in result.renditions}

