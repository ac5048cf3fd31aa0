"""Product photos: decoded once, resized, stripped of metadata, cached by content.

Every output is re-encoded from pixels, so no EXIF (GPS location, camera
serial, owner name) and no other metadata reaches the published site.
Results are cached under the shop's cache folder by the photo's bytes and
the processing settings, so an unchanged photo is never decoded again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

SETTINGS = {"version": 1, "large": 1200, "thumb": 480, "jpeg_quality": 82}
Image.MAX_IMAGE_PIXELS = 64_000_000  # larger than any phone photo; bigger is a decompression bomb


@dataclass(frozen=True)
class Rendition:
    name: str  # file name under photos/, carries the content hash
    width: int
    height: int


@dataclass(frozen=True)
class ProcessedPhoto:
    large: Rendition
    thumb: Rendition


class PhotoError(Exception):
    pass


def _digest(path: Path) -> str:
    h = hashlib.sha256(json.dumps(SETTINGS, sort_keys=True).encode())
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()[:16]


def _to_rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image.convert("RGB")


def _process(source: str, digest: str, out_dir: str) -> ProcessedPhoto:
    """Runs in a worker process: decode once, write the large size and the square thumbnail."""
    stem = Path(source).stem.lower().replace(" ", "-")[:40]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source) as opened:
                opened.draft("RGB", (SETTINGS["large"], SETTINGS["large"]))
                image = _to_rgb(ImageOps.exif_transpose(opened))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError("is far too many pixels (a decompression bomb?): export it at a normal size") from None
    except Image.UnidentifiedImageError:
        raise PhotoError("is not an image file, or is damaged: export it again as JPEG or PNG") from None
    except (OSError, SyntaxError, ValueError) as error:
        raise PhotoError(f"cannot be read as a photo ({error}): export it again as JPEG or PNG") from None
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    large = image.copy()
    large.thumbnail((SETTINGS["large"], SETTINGS["large"] * 2), Image.Resampling.LANCZOS)
    large_name = f"{stem}-{digest[:10]}-{large.width}.jpg"
    large.save(out / large_name, "JPEG", quality=SETTINGS["jpeg_quality"], optimize=True, progressive=True)
    thumb = ImageOps.fit(image, (SETTINGS["thumb"], SETTINGS["thumb"]), Image.Resampling.LANCZOS)
    thumb_name = f"{stem}-{digest[:10]}-sq{thumb.width}.jpg"
    thumb.save(out / thumb_name, "JPEG", quality=SETTINGS["jpeg_quality"], optimize=True, progressive=True)
    return ProcessedPhoto(
        Rendition(large_name, large.width, large.height), Rendition(thumb_name, thumb.width, thumb.height)
    )


class PhotoProcessor:
    """Processes the photos a build needs; remembers results across builds."""

    def __init__(self, cache_dir: Path, memo: dict | None = None):
        self.cache_dir = cache_dir
        self.memo: dict = memo if memo is not None else {}  # "digests" and "results"
        self.memo.setdefault("digests", {})
        self.memo.setdefault("results", {})
        self.decoded = 0  # for tests: a rebuild without change decodes nothing

    def digest(self, source: Path) -> str:
        stat = source.stat()
        key = (stat.st_size, stat.st_mtime_ns)
        known = self.memo["digests"].get(str(source))
        if known and known[0] == key:
            return known[1]
        digest = _digest(source)
        self.memo["digests"][str(source)] = (key, digest)
        return digest

    def _cached(self, digest: str) -> ProcessedPhoto | None:
        result = self.memo["results"].get(digest)
        folder = self.cache_dir / digest
        if result and (folder / result.large.name).is_file() and (folder / result.thumb.name).is_file():
            return result
        return None

    def process(self, sources: list[Path], workers: int | None = None) -> tuple[dict[Path, ProcessedPhoto], dict[Path, str]]:
        """(results by source, error message by source)."""
        digests = {source: self.digest(source) for source in sources}
        results: dict[Path, ProcessedPhoto] = {}
        errors: dict[Path, str] = {}
        todo: dict[str, Path] = {}
        for source, digest in digests.items():
            cached = self._cached(digest)
            if cached:
                results[source] = cached
            else:
                todo.setdefault(digest, source)
        workers = workers or min(len(todo), os.cpu_count() or 1)
        jobs = [(str(src), digest, str(self.cache_dir / digest)) for digest, src in todo.items()]
        if workers > 1 and len(jobs) > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                outcomes = list(pool.map(_safe_process, jobs))
        else:
            outcomes = [_safe_process(job) for job in jobs]
        failures: dict[str, str] = {}
        for (_, digest, _), outcome in zip(jobs, outcomes):
            self.decoded += 1
            if isinstance(outcome, str):
                failures[digest] = outcome
            else:
                self.memo["results"][digest] = outcome
        for source, digest in digests.items():
            if digest in failures:
                errors[source] = failures[digest]
            elif source not in results:
                results[source] = self.memo["results"][digest]
        return results, errors

    def place(self, result: ProcessedPhoto, digest: str, photos_dir: Path) -> None:
        """Put a processed photo's files into the site (a hard link: no copy of the bytes)."""
        for rendition in (result.large, result.thumb):
            target = photos_dir / rendition.name
            if target.exists():
                continue
            source = self.cache_dir / digest / rendition.name
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)


def _safe_process(job: tuple[str, str, str]) -> ProcessedPhoto | str:
    try:
        return _process(*job)
    except PhotoError as error:
        return str(error)
    except Exception as error:  # never a traceback for a seller's photo
        return f"cannot be processed ({type(error).__name__}: {error}): export it again as JPEG or PNG"
