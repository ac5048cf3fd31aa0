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
import json
import os
import shutil
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import routes

WIDTHS = (480, 800, 1200)  # WebP sizes for the srcset
FALLBACK_WIDTH = 800  # one JPEG for browsers without WebP
THUMB_WIDTHS = (240, 480)  # square catalog thumbnails
SHARE_SIZE = (1200, 630)  # the Open Graph / Twitter card image
SETTINGS = {"version": 4, "share": SHARE_SIZE, "widths": WIDTHS, "fallback": FALLBACK_WIDTH, "thumbs": THUMB_WIDTHS, "webp": 80, "webp_method": 2, "jpeg": 82}
# webp_method 2 encodes twice as fast as the default 4 for files about 2 % larger.


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
        if work:  # Pillow and the codecs only now: a build whose photos are all cached never imports them (~40 ms)
            import skimage.measure  # noqa: F401 - loaded once here; forked workers inherit it
            from PIL import Image

            from .photo_codec import _safe_process, sharpness

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

