"""Calibrate `quality.min_sharpness` on real photos: sharp, with a soft (bokeh) background, and blurred.

    python bench/calibrate_sharpness.py [more photos...]

Uses the real photos that ship inside scikit-image (public domain / CC0, see its
data/README.txt) plus any photos named on the command line. For each photo it
prints the sharpness score of: the photo; the photo with everything but a
central subject (40 % and 25 % of the frame) blurred like a macro shot; and a
copy blurred with a Gaussian radius of 1/300 of its width (the acceptance bar:
8 px on a 2,560-px photo), which must fall below the threshold.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.models import Quality  # noqa: E402
from generator.photo_codec import sharpness  # noqa: E402

SKIMAGE_PHOTOS = ("retina.jpg", "hubble_deep_field.jpg", "coffee.png", "astronaut.png", "chelsea.png", "rocket.jpg", "motorcycle_left.png")


def soft_background(image: Image.Image, subject: float) -> Image.Image:
    """Keep an ellipse of `subject` × the frame sharp, blur the rest strongly (a bokeh background)."""
    background = image.filter(ImageFilter.GaussianBlur(image.width / 60))
    mask = Image.new("L", image.size, 0)
    w, h = image.size
    cw, ch = int(w * subject), int(h * subject)
    ImageDraw.Draw(mask).ellipse(((w - cw) // 2, (h - ch) // 2, (w + cw) // 2, (h + ch) // 2), fill=255)
    return Image.composite(image, background, mask.filter(ImageFilter.GaussianBlur(10)))


def main() -> int:
    import skimage

    data = Path(skimage.__file__).parent / "data"
    paths = [data / name for name in SKIMAGE_PHOTOS] + [Path(p) for p in sys.argv[1:]]
    threshold = Quality().min_sharpness
    print(f"threshold (quality.min_sharpness default): {threshold}")
    print(f"{'photo':24} {'size':>11}  {'sharp':>6} {'bokeh40':>8} {'bokeh25':>8} {'blurred':>8}")
    for path in paths:
        image = Image.open(path).convert("RGB")
        blurred = image.filter(ImageFilter.GaussianBlur(image.width / 300))
        scores = [sharpness(image), sharpness(soft_background(image, 0.4)), sharpness(soft_background(image, 0.25)), sharpness(blurred)]
        flags = "" if scores[3] < threshold <= min(scores[:2]) else "  <- outside the bar"
        print(f"{path.name:24} {image.width:>5}×{image.height:<5}  " + " ".join(f"{s:>8.3f}" for s in scores) + flags)
    return 0


if __name__ == "__main__":
    sys.exit(main())
