#!/usr/bin/env python3
"""Generate the product photos of the bundled Etalase demo shop.

Every photo is drawn procedurally by this script: a soft studio backdrop,
a shadow, and the product (shirt, folded cloth, shoe, bag, coffee pouch ...)
filled with a batik / tenun / leather / kraft-paper texture.  No third-party
images are used, so the photos carry the same licence as the project.

The output is deterministic: every photo has a fixed seed, and running the
script twice with the same Pillow/numpy versions gives identical files.

    python tools/make_demo_photos.py            # (re)write every photo
    python tools/make_demo_photos.py --list     # show what would be written
    python tools/make_demo_photos.py --only tas-kulit-selempang

Requirements: Python 3.11+, Pillow, numpy.  Photos are 1200x1200 px,
baseline sRGB JPEG at quality 82 without EXIF or other metadata.
"""
from __future__ import annotations

import argparse
import math
import sys
import time
import zlib
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
from PIL import Image, ImageDraw, ImageFont

SIZE = 1200          # output width and height in pixels
SS = 4               # supersampling factor for shape masks
QUALITY = 82
ROOT = Path(__file__).resolve().parent.parent
PRODUCTS = ROOT / "content" / "products"
SHARED = "shared-photos"

F32 = np.float32
Pt = tuple[float, float]


# ---------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------

def rgb(hex_colour: str) -> np.ndarray:
    h = hex_colour.lstrip("#")
    return np.array([int(h[i:i + 2], 16) for i in (0, 2, 4)], dtype=F32)


def seed_for(name: str) -> int:
    return zlib.crc32(name.encode("utf-8"))


def cov(d: np.ndarray, px: float) -> np.ndarray:
    """Anti-aliased coverage of a signed distance field (negative = inside)."""
    return np.clip(0.5 - d / px, 0.0, 1.0).astype(F32)


def ell(dx, dy, a: float, b: float) -> np.ndarray:
    """Approximate signed distance to an axis-aligned ellipse."""
    k = np.sqrt((dx / a) ** 2 + (dy / b) ** 2)
    return ((k - 1.0) * min(a, b)).astype(F32)


def blend(out: np.ndarray, c: np.ndarray, colour) -> None:
    """In place: out = out * (1 - c) + colour * c."""
    c3 = c[..., None]
    out *= 1.0 - c3
    out += c3 * colour


def fill(shape, colour) -> np.ndarray:
    out = np.empty(shape + (3,), F32)
    out[:] = colour
    return out


def spline(pts: Sequence[Pt], closed: bool = True, n: int = 14) -> list[Pt]:
    """Catmull-Rom spline through the points."""
    p = np.asarray(pts, dtype=np.float64)
    if closed:
        ext = np.vstack([p[-1], p, p[0], p[1]])
    else:
        ext = np.vstack([p[0], p, p[-1]])
    t = np.linspace(0.0, 1.0, n, endpoint=False)[:, None]
    segs = []
    for i in range(1, len(ext) - 2):
        p0, p1, p2, p3 = ext[i - 1], ext[i], ext[i + 1], ext[i + 2]
        segs.append(0.5 * ((2 * p1) + (-p0 + p2) * t
                           + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t ** 2
                           + (-p0 + 3 * p1 - 3 * p2 + p3) * t ** 3))
    if not closed:
        segs.append(p[-1:])
    return [tuple(q) for q in np.vstack(segs)]


def offset(pts: Sequence[Pt], d: float, closed: bool = True) -> list[Pt]:
    """Offset a polyline by d (positive = towards the inside of a closed
    polygon, or to the left of an open polyline)."""
    p = np.asarray(pts, dtype=np.float64)
    if closed:
        nxt, prv = np.roll(p, -1, 0), np.roll(p, 1, 0)
    else:
        nxt = np.vstack([p[1:], p[-1:] + (p[-1:] - p[-2:-1])])
        prv = np.vstack([p[:1] - (p[1:2] - p[:1]), p[:-1]])
    tan = nxt - prv
    tan /= np.linalg.norm(tan, axis=1, keepdims=True) + 1e-9
    nrm = np.stack([tan[:, 1], -tan[:, 0]], 1)
    if closed:
        area = 0.5 * np.sum(p[:, 0] * nxt[:, 1] - nxt[:, 0] * p[:, 1])
        if area > 0:     # y points down: positive area = clockwise on screen
            nrm = -nrm
    return [tuple(q) for q in p + nrm * d]


def dashes(pts: Sequence[Pt], dash: float, gap: float, closed: bool = True):
    """Split a polyline into short dashes (stitches)."""
    p = np.asarray(pts, dtype=np.float64)
    if closed:
        p = np.vstack([p, p[:1]])
    seg = np.linalg.norm(np.diff(p, axis=0), axis=1)
    s = np.concatenate([[0.0], np.cumsum(seg)])
    total = s[-1]
    out = []
    pos = gap / 2
    while pos + dash <= total:
        a = pos
        b = pos + dash
        xa, ya = np.interp(a, s, p[:, 0]), np.interp(a, s, p[:, 1])
        xb, yb = np.interp(b, s, p[:, 0]), np.interp(b, s, p[:, 1])
        out.append(((xa, ya), (xb, yb)))
        pos += dash + gap
    return out


def transform(pts: Sequence[Pt], dx=0.0, dy=0.0, angle=0.0, scale=1.0,
              cx=0.0, cy=0.0, flip=False) -> list[Pt]:
    """Scale/rotate about (cx, cy), then translate."""
    ca, sa = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    out = []
    for x, y in pts:
        x, y = x - cx, y - cy
        if flip:
            x = -x
        x, y = x * scale, y * scale
        x, y = x * ca - y * sa, x * sa + y * ca
        out.append((x + cx + dx, y + cy + dy))
    return out


def ellipse_pts(cx, cy, rx, ry, angle=0.0, n=72) -> list[Pt]:
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    ca, sa = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    x, y = rx * np.cos(t), ry * np.sin(t)
    return list(zip(cx + x * ca - y * sa, cy + x * sa + y * ca))


def rounded_rect(x0, y0, x1, y1, r, n=10) -> list[Pt]:
    pts = []
    for cx, cy, a0 in ((x1 - r, y0 + r, -90), (x1 - r, y1 - r, 0),
                       (x0 + r, y1 - r, 90), (x0 + r, y0 + r, 180)):
        for a in np.linspace(a0, a0 + 90, n):
            pts.append((cx + r * math.cos(math.radians(a)),
                        cy + r * math.sin(math.radians(a))))
    return pts


def font(size_px: float, bold: bool = True, serif: bool = False):
    names = []
    if serif:
        names += ["DejaVuSerif-Bold.ttf" if bold else "DejaVuSerif.ttf"]
    names += ["DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf",
              "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"]
    for n in names:
        for d in ("/usr/share/fonts/truetype/dejavu/",
                  "/usr/share/fonts/truetype/liberation/", ""):
            try:
                return ImageFont.truetype(d + n, max(1, int(round(size_px))))
            except OSError:
                pass
    return ImageFont.load_default(size=max(1, int(round(size_px))))


# ---------------------------------------------------------------------------
# view (scene coordinates -> pixels) and anti-aliased masks
# ---------------------------------------------------------------------------

def _box(a: np.ndarray, r: int, axis: int) -> np.ndarray:
    if r < 1:
        return a
    pad = [(0, 0), (0, 0)]
    pad[axis] = (r + 1, r)
    c = np.cumsum(np.pad(a, pad, mode="edge"), axis=axis, dtype=np.float64)
    n = a.shape[axis]
    hi = np.take(c, np.arange(2 * r + 1, 2 * r + 1 + n), axis=axis)
    lo = np.take(c, np.arange(0, n), axis=axis)
    return ((hi - lo) / (2 * r + 1)).astype(F32)


def gauss(a: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian blur (three box passes per axis), sigma in pixels."""
    r = int(round((math.sqrt(4 * sigma * sigma + 1) - 1) / 2))
    out = a.astype(F32)
    for _ in range(3):
        out = _box(_box(out, r, 0), r, 1)
    return out


class View:
    """Scenes are drawn in a 1200x1200 coordinate space; a View maps that
    space onto the photo, so close-up shots are the same scene zoomed in."""

    def __init__(self, zoom: float = 1.0, cx: float = 600, cy: float = 600,
                 w: int = SIZE, h: int = SIZE):
        self.zoom, self.cx, self.cy, self.w, self.h = zoom, cx, cy, w, h
        xs = ((np.arange(w, dtype=F32) + 0.5) - w / 2) / zoom + cx
        ys = ((np.arange(h, dtype=F32) + 0.5) - h / 2) / zoom + cy
        self.X, self.Y = np.meshgrid(xs, ys)
        self.px = 1.0 / zoom        # size of one pixel in scene units
        self.shape = (h, w)

    def sp(self, pts: Sequence[Pt], ss: int = SS) -> list[Pt]:
        z = self.zoom
        return [(((x - self.cx) * z + self.w / 2) * ss,
                 ((y - self.cy) * z + self.h / 2) * ss) for x, y in pts]

    def mask(self) -> "Mask":
        return Mask(self)

    def blur(self, m: np.ndarray, radius: float) -> np.ndarray:
        """Gaussian blur; radius in scene units."""
        return gauss(m, radius * self.zoom)

    def shift(self, m: np.ndarray, dx: float, dy: float) -> np.ndarray:
        ox, oy = int(round(dx * self.zoom)), int(round(dy * self.zoom))
        out = np.zeros_like(m)
        h, w = m.shape
        ys = slice(max(0, oy), min(h, h + oy))
        yd = slice(max(0, -oy), min(h, h - oy))
        xs = slice(max(0, ox), min(w, w + ox))
        xd = slice(max(0, -ox), min(w, w - ox))
        out[ys, xs] = m[yd, xd]
        return out


class Mask:
    def __init__(self, view: View):
        self.v = view
        self.im = Image.new("L", (view.w * SS, view.h * SS), 0)
        self.d = ImageDraw.Draw(self.im)

    def poly(self, pts, on: bool = True) -> "Mask":
        self.d.polygon(self.v.sp(pts), fill=255 if on else 0)
        return self

    def line(self, pts, width: float, on: bool = True, caps: bool = True) -> "Mask":
        w = max(1, int(round(width * self.v.zoom * SS)))
        sp = self.v.sp(pts)
        f = 255 if on else 0
        self.d.line(sp, fill=f, width=w, joint="curve")
        if caps and w > 2:
            r = w / 2
            for x, y in (sp[0], sp[-1]):
                self.d.ellipse((x - r, y - r, x + r, y + r), fill=f)
        return self

    def ellipse(self, cx, cy, rx, ry=None, angle=0.0, on: bool = True) -> "Mask":
        ry = rx if ry is None else ry
        n = int(min(360, max(24, (rx + ry) * self.v.zoom)))
        return self.poly(ellipse_pts(cx, cy, rx, ry, angle, n), on)

    def ring(self, cx, cy, rx, ry, width, angle=0.0) -> "Mask":
        n = int(min(360, max(24, (rx + ry) * self.v.zoom)))
        pts = ellipse_pts(cx, cy, rx, ry, angle, n)
        return self.line(pts + pts[:1], width, caps=False)

    def stitches(self, pts, dash=7.0, gap=5.0, width=2.2, closed=True) -> "Mask":
        for a, b in dashes(pts, dash, gap, closed):
            self.line([a, b], width)
        return self

    def text(self, xy: Pt, s: str, size: float, bold=True, serif=False,
             anchor="mm", spacing: float = 0.0) -> "Mask":
        f = font(size * self.v.zoom * SS, bold, serif)
        (x, y), = self.v.sp([xy])
        if spacing:
            # letter-spaced text, laid out manually
            sp = spacing * self.v.zoom * SS
            widths = [f.getlength(ch) for ch in s]
            total = sum(widths) + sp * (len(s) - 1)
            cx = x - total / 2 if anchor[0] == "m" else x
            for ch, wch in zip(s, widths):
                self.d.text((cx, y), ch, fill=255, font=f, anchor="l" + anchor[1])
                cx += wch + sp
        else:
            self.d.text((x, y), s, fill=255, font=f, anchor=anchor)
        return self

    def done(self) -> np.ndarray:
        return np.asarray(self.im.reduce(SS), dtype=F32) / 255.0


# ---------------------------------------------------------------------------
# textures
# ---------------------------------------------------------------------------

def smooth_noise(rng: np.random.Generator, shape, cell_px: float) -> np.ndarray:
    """Value noise in [0, 1] with features about cell_px pixels large."""
    h, w = shape
    cell_px = max(1.0, cell_px)
    gh, gw = int(h / cell_px) + 3, int(w / cell_px) + 3
    g = rng.random((gh, gw), dtype=F32)
    im = Image.fromarray(g, mode="F").resize((w, h), Image.BICUBIC,
                                             box=(1, 1, gw - 2, gh - 2))
    return np.asarray(im, dtype=F32)


def weave(v: View, X, Y, thread: float = 3.0, depth: float = 0.07) -> np.ndarray:
    """Plain-weave relief multiplier (close to 1)."""
    t = thread
    a = np.cos(np.pi * X / t) ** 2
    b = np.cos(np.pi * Y / t) ** 2
    chk = (np.floor(X / t) + np.floor(Y / t)) % 2
    m = np.where(chk > 0, a, b)
    # fade the relief out when threads get smaller than ~2.5 pixels (moire)
    k = np.clip((t * v.zoom - 2.0) / 2.0, 0.0, 1.0)
    return (1.0 - depth * k + depth * k * m).astype(F32)


def fabric_grain(v: View, rng, amount: float = 0.035) -> np.ndarray:
    n = rng.normal(0.0, 1.0, v.shape).astype(F32)
    slub = smooth_noise(rng, v.shape, 6 * v.zoom) - 0.5
    return 1.0 + amount * (0.3 / v.zoom * n + 0.9 * slub)


def leather_grain(v: View, rng, scale: float = 1.0, amount: float = 0.09) -> np.ndarray:
    pebble = smooth_noise(rng, v.shape, 3.2 * scale * v.zoom)
    pebble2 = smooth_noise(rng, v.shape, 1.6 * scale * v.zoom)
    patina = smooth_noise(rng, v.shape, 120 * v.zoom)
    fine = rng.normal(0.0, 1.0, v.shape).astype(F32)
    g = (0.55 * pebble + 0.45 * pebble2) - 0.5
    g = np.sign(g) * np.abs(g) ** 0.8
    return (1.0 + amount * g + 0.08 * (patina - 0.5) + 0.012 * fine).astype(F32)


def relief(v: View, m: np.ndarray, radius: float, light: float = 0.55,
           ao: float = 0.18, light_dir=(0.55, 0.83)) -> np.ndarray:
    """Rounded-object shading from a mask: lit top-left rim, darker
    bottom-right rim and soft ambient occlusion near the edges."""
    b = v.blur(m, radius)
    gy, gx = np.gradient(b)
    r = radius * v.zoom
    lam = (gx * light_dir[0] + gy * light_dir[1]) * r * 2.2
    return (1.0 + light * lam - ao * (1.0 - b)).astype(F32)


# ---------------------------------------------------------------------------
# batik and tenun patterns: f(X, Y, px) -> RGB float image
# ---------------------------------------------------------------------------

def pat_parang(X, Y, px, ground, blade, line, dot, accent, W=64.0, P=40.0):
    """Parang: diagonal bands of leaning S-shaped blades, the bands separated
    by rules and a row of small 'mlinjon' lozenges."""
    s = F32(math.sqrt(0.5))
    U = (X + Y) * s                      # across the bands
    V = (X - Y) * s                      # along the bands
    bu = np.floor(U / W)
    lu = U - bu * W - W / 2
    lv = V + bu * P * 0.37
    r = W * 0.205
    t0 = r * 0.62
    th = math.radians(-38)
    c, sn = F32(math.cos(th)), F32(math.sin(th))

    def s_blade(dv, grow):
        # rotate so the S stands across the band, leaning
        p = dv * c + lu * sn
        q = -dv * sn + lu * c
        best = None
        for sg in (1.0, -1.0):               # the two halves of the S
            dx, dy = sg * p, sg * q + r
            rho = np.sqrt(dx * dx + dy * dy)
            phi = np.arctan2(dy, dx)
            k = np.clip((phi + np.pi / 2) / np.pi, 0, 1) ** 0.65
            d = np.abs(rho - r) - (t0 * k + grow)
            d = np.where(dx > -grow, d, 1e3)
            best = d if best is None else np.minimum(best, d)
        return best

    lvm = np.mod(lv, P) - P / 2
    outer = np.minimum(np.minimum(s_blade(lvm - P, 2.4), s_blade(lvm, 2.4)), s_blade(lvm + P, 2.4))
    inner = np.minimum(np.minimum(s_blade(lvm - P, 0.0), s_blade(lvm, 0.0)), s_blade(lvm + P, 0.0))
    out = fill(X.shape, ground)
    # isen-isen: fine dots (cecek) on the ground
    gx = np.mod(lv, 7.0) - 3.5
    gy = np.mod(lu + 2.0, 7.0) - 3.5
    blend(out, cov(np.sqrt(gx * gx + gy * gy) - 1.0, px) * 0.55, dot)
    blend(out, cov(outer, px), accent)
    blend(out, cov(outer + 1.0, px), line)
    blend(out, cov(inner, px), blade)
    # a thin light vein along the middle of each blade
    blend(out, cov(inner + t0 * 0.55, px) * 0.55, accent)
    # band edges: dark rule, light rule, row of lozenges
    du = W / 2 - np.abs(lu)
    blend(out, cov(du - 4.2, px), line)
    blend(out, cov(np.abs(du - 2.1) - 0.7, px), accent)
    dv = np.mod(lv + P / 2, P) - P / 2
    lz = (np.abs(dv) * 0.75 + du) - 9.0
    blend(out, cov(lz, px), line)
    blend(out, cov(lz + 2.2, px), accent)
    blend(out, cov(np.sqrt(dv ** 2 + du ** 2) - 1.6, px), line)
    return out


def pat_kawung(X, Y, px, ground, petal, line, seed, accent, S=112.0):
    s = F32(math.sqrt(0.5))
    U = (X + Y) * s
    V = (X - Y) * s
    gx = np.mod(U, S) - S / 2
    gy = np.mod(V, S) - S / 2
    a, b = S * 0.25, S * 0.165
    ax, ay = np.abs(gx), np.abs(gy)
    p1 = ell(ax - a, gy, a * 0.93, b)
    p2 = ell(ay - a, gx, a * 0.93, b)
    pet = np.minimum(p1, p2)
    out = fill(X.shape, ground)
    # tiny dots scattered on the ground (isen)
    hx = np.mod(gx, 9.0) - 4.5
    hy = np.mod(gy, 9.0) - 4.5
    blend(out, cov(np.sqrt(hx * hx + hy * hy) - 1.1, px) * 0.8, accent)
    blend(out, cov(pet - 1.0, px), line)
    blend(out, cov(pet + 2.2, px), petal)
    # inner contour line and a seed in each petal
    blend(out, cov(np.abs(pet + 7.0) - 0.9, px), line)
    s1 = ell(ax - a * 1.05, gy, a * 0.28, b * 0.33)
    s2 = ell(ay - a * 1.05, gx, a * 0.28, b * 0.33)
    blend(out, cov(np.minimum(s1, s2), px), seed)
    # centre cross and star points between the petals
    blend(out, cov(np.sqrt(gx * gx + gy * gy) - 5.0, px), line)
    blend(out, cov(np.sqrt(gx * gx + gy * gy) - 2.2, px), accent)
    cx = np.abs(ax - S / 2) + np.abs(ay - S / 2)
    blend(out, cov(cx - 10.0, px), line)
    blend(out, cov(cx - 6.0, px), accent)
    return out


def pat_mega_mendung(X, Y, px, ground, shades, gap, rng_seed=7, cell=(300.0, 190.0),
                     band=8.0, ground_dots=None):
    """Cirebon cloud motif: layered cloud outlines shading from dark to light."""
    rng = np.random.default_rng(rng_seed)
    x0, x1 = float(X.min()) - 200, float(X.max()) + 200
    y0, y1 = float(Y.min()) - 200, float(Y.max()) + 200
    cw, ch = cell
    out = fill(X.shape, ground)
    if ground_dots is not None:
        hx = np.mod(X + Y * 0.5, 14.0) - 7.0
        hy = np.mod(Y, 12.0) - 6.0
        blend(out, cov(np.sqrt(hx * hx + hy * hy) - 1.3, px) * 0.7, ground_dots)
    nb = len(shades)
    # iterate rows from top so lower clouds overlap upper ones
    r0 = int(math.floor(y0 / ch))
    r1 = int(math.ceil(y1 / ch))
    c0 = int(math.floor(x0 / cw))
    c1 = int(math.ceil(x1 / cw))
    for r in range(r0, r1 + 1):
        for cidx in range(c0, c1 + 1):
            # stable per-cell randomness regardless of the view
            cr = np.random.default_rng((rng_seed * 7919 + r * 104729 + cidx * 1299709) & 0xFFFFFFFF)
            cx = cidx * cw + (r % 2) * cw * 0.5 + cr.uniform(-30, 30)
            cy = r * ch + cr.uniform(-20, 20)
            scale = cr.uniform(0.85, 1.12)
            circles = [(-95, 10, 50), (-40, -10, 62), (25, -28, 70), (90, -5, 56),
                       (140, 18, 40), (-140, 25, 34), (40, 30, 48), (-20, 35, 44)]
            bx0, bx1 = cx - 280 * scale, cx + 280 * scale
            by0, by1 = cy - 200 * scale, cy + 180 * scale
            sel = (X > bx0) & (X < bx1) & (Y > by0) & (Y < by1)
            if not sel.any():
                continue
            ys, xs = np.nonzero(sel.any(axis=1))[0], np.nonzero(sel.any(axis=0))[0]
            sy = slice(ys[0], ys[-1] + 1)
            sx = slice(xs[0], xs[-1] + 1)
            Xs, Ys = X[sy, sx], Y[sy, sx]
            d = np.full(Xs.shape, 1e9, F32)
            for ox, oy, rr in circles:
                ox = ox * scale + cr.uniform(-6, 6)
                oy = oy * scale + cr.uniform(-6, 6)
                rr = rr * scale
                d = np.minimum(d, np.sqrt((Xs - cx - ox) ** 2 + (Ys - cy - oy) ** 2) - rr)
            sub = out[sy, sx]
            # depth below the cloud outline, estimated from a blurred mask so
            # that the inner bands follow the whole outline (not each circle)
            sig = band * nb / 2.3
            b = gauss(cov(d, px), sig / px)
            b = np.clip(b, 1e-6, 1 - 1e-6)
            depth = sig / 1.702 * np.log(b / (1 - b))
            blend(sub, cov(d - 2.0, px), shades[0])
            blend(sub, cov(d, px), shades[0])
            for k in range(1, nb):
                dk = np.maximum(d, k * band - depth)
                blend(sub, cov(dk, px), shades[k])
                # thin light separating line between bands
                blend(sub, cov(np.maximum(np.abs(k * band - depth) - 0.8, d), px) * 0.9, gap)
            out[sy, sx] = sub
    return out


def pat_truntum(X, Y, px, ground, flower, centre, dots, S=58.0):
    h = S * math.sqrt(3) / 2
    best = None
    for ox, oy in ((0.0, 0.0), (S / 2, h)):
        gx = np.mod(X - ox, S) - S / 2
        gy = np.mod(Y - oy, 2 * h) - h
        r2 = gx * gx + gy * gy
        if best is None:
            best = (r2, gx, gy)
        else:
            pick = r2 < best[0]
            best = (np.where(pick, r2, best[0]), np.where(pick, gx, best[1]),
                    np.where(pick, gy, best[2]))
    r = np.sqrt(best[0])
    th = np.arctan2(best[2], best[1])
    out = fill(X.shape, ground)
    R = S * 0.30
    star = r - R * (0.45 + 0.55 * np.abs(np.cos(4 * th)) ** 1.4)
    blend(out, cov(star, px), flower)
    blend(out, cov(np.abs(r - R * 0.42) - 0.9, px), ground)
    blend(out, cov(r - R * 0.22, px), centre)
    # small dots around each flower
    for k in range(8):
        a = k * math.pi / 4 + math.pi / 8
        dx = best[1] - math.cos(a) * R * 1.35
        dy = best[2] - math.sin(a) * R * 1.35
        blend(out, cov(np.sqrt(dx * dx + dy * dy) - 1.5, px), dots)
    return out


def _ikat_jitter(Y, amount, seed, group=3.0):
    rng = np.random.default_rng(seed)
    table = (rng.random(4096, dtype=F32) - 0.5) * 2 * amount
    idx = (np.floor(Y / group).astype(np.int64)) % 4096
    return table[idx]


def pat_ikat(X, Y, px, ground, c_main, c_light, c_accent, c_line, seed=3,
             period=360.0, jitter=4.5):
    """Sumba-style warp ikat: motif bands of lozenges and hooks with the
    characteristic feathered edges, separated by stripes."""
    Xj = X + _ikat_jitter(Y, jitter, seed)
    ly = np.mod(Y, period)
    out = fill(X.shape, ground)
    # stripes block
    stripes = [(6, 10, c_light), (16, 19, c_accent), (24, 27, c_light), (32, 44, c_main),
               (49, 52, c_light), (57, 60, c_accent)]
    for a, b, col in stripes:
        blend(out, cov(np.maximum(a - ly, ly - b) * 1.0, px), col)
    # motif band 1: large nested lozenges
    y0, y1 = 78.0, 226.0
    hb = (y1 - y0) / 2
    cyb = (y0 + y1) / 2
    M = 150.0
    lx = np.mod(Xj, M) - M / 2
    dy = ly - cyb
    inside = np.abs(dy) < hb
    dz = np.abs(lx) / (M * 0.48) + np.abs(dy) / (hb * 0.92)
    band = np.where(inside, 1.0, 0.0).astype(F32)
    blend(out, band * np.clip((1.0 - dz) * 60, 0, 1), c_main)
    blend(out, band * np.clip((0.78 - dz) * 60, 0, 1), c_light)
    blend(out, band * np.clip((0.64 - dz) * 60, 0, 1), c_main)
    blend(out, band * np.clip((0.46 - dz) * 60, 0, 1), c_accent)
    blend(out, band * np.clip((0.22 - dz) * 60, 0, 1), c_line)
    # hooks between the lozenges (stepped 'kaikit')
    hx = np.abs(np.mod(Xj + M / 2, M) - M / 2)
    hook = (np.abs(dy) < hb * 0.62) & (hx < 9) | \
           (np.abs(np.abs(dy) - hb * 0.62) < 6) & (hx < 28) | \
           (np.abs(dy) < 6) & (hx < 16)
    blend(out, (hook & inside).astype(F32), c_light)
    # motif band 2: small triangles (tumpal teeth) and a zigzag
    z0, z1 = 244.0, 300.0
    lz = ly - z0
    inz = (lz > 0) & (lz < z1 - z0)
    tx = np.abs(np.mod(Xj, 40.0) - 20.0)
    teeth = inz & (lz < 28) & (tx < (28 - lz) * 0.72)
    blend(out, teeth.astype(F32), c_accent)
    zig = inz & (np.abs(lz - 42 - (np.abs(np.mod(Xj, 32.0) - 16.0) - 8) * 0.9) < 3.5)
    blend(out, zig.astype(F32), c_light)
    for a, b, col in [(306, 309, c_light), (314, 324, c_main), (330, 333, c_light),
                      (340, 346, c_accent)]:
        blend(out, cov(np.maximum(a - ly, ly - b), px), col)
    return out


def pat_troso(X, Y, px, ground, c1, c2, c3, seed=5):
    """Jepara (Troso) tenun: small lozenges and chevrons in bands."""
    Xj = X + _ikat_jitter(Y, 2.5, seed)
    P = 132.0
    ly = np.mod(Y, P)
    out = fill(X.shape, ground)
    for a, b, col in [(2, 6, c2), (10, 12, c1), (120, 122, c1), (126, 130, c2)]:
        blend(out, cov(np.maximum(a - ly, ly - b), px), col)
    # row of lozenges
    M = 44.0
    lx = np.mod(Xj, M) - M / 2
    dy = ly - 40.0
    dz = np.abs(lx) / 19.0 + np.abs(dy) / 22.0
    blend(out, np.clip((1.0 - dz) * 40, 0, 1), c1)
    blend(out, np.clip((0.62 - dz) * 40, 0, 1), ground)
    blend(out, np.clip((0.30 - dz) * 40, 0, 1), c3)
    # chevrons
    cy = ly - 88.0
    ch = np.abs(np.mod(Xj, 36.0) - 18.0)
    for off, col in ((-14, c2), (0, c3), (14, c2)):
        blend(out, cov(np.abs(cy - off - ch * 0.8 + 7) - 2.6, px), col)
    return out


def pat_plaid(X, Y, px, warp: list, thread=3.0):
    """Twill-woven check (sarung samarinda)."""
    widths = np.array([w for w, _ in warp], dtype=F32)
    cols = np.array([c for _, c in warp], dtype=F32)
    edges = np.cumsum(widths)
    P = float(edges[-1])
    ix = np.searchsorted(edges, np.mod(X, P), side="right")
    iy = np.searchsorted(edges, np.mod(Y, P), side="right")
    ix = np.clip(ix, 0, len(cols) - 1)
    iy = np.clip(iy, 0, len(cols) - 1)
    tw = (np.floor(X / thread) + np.floor(Y / thread)) % 4 < 2
    out = np.where(tw[..., None], cols[ix], cols[iy]).astype(F32)
    # silk sheen along the twill lines
    sheen = 1.0 + 0.05 * np.cos(2 * np.pi * (X + Y) / (thread * 4))
    return out * sheen[..., None]


def pat_anyam(X, Y, px, base, strip=22.0):
    """Woven leather strips (basket weave), returns RGB."""
    s = F32(math.sqrt(0.5))
    U = (X + Y) * s
    V = (X - Y) * s
    iu, iv = np.floor(U / strip), np.floor(V / strip)
    fu = U / strip - iu
    fv = V / strip - iv
    over = ((iu + iv) % 2) == 0
    across = np.where(over, fu, fv)          # position across the strip
    along = np.where(over, fv, fu)
    shade = 0.78 + 0.30 * np.sin(np.pi * across) ** 0.6 - 0.10 * (np.abs(along - 0.5) * 2) ** 3
    edge = np.minimum(across, 1 - across) * strip
    gapline = np.clip(1.2 - edge / px * 0.8, 0, 1)
    shade = shade * (1 - 0.55 * gapline)
    return (base[None, None, :] * shade[..., None]).astype(F32)


# ---------------------------------------------------------------------------
# photo composition
# ---------------------------------------------------------------------------

class Photo:
    def __init__(self, name: str, view: View, top: str, bottom: str, seed=None):
        self.name = name
        self.v = view
        self.rng = np.random.default_rng(seed_for(name) if seed is None else seed)
        h, w = view.shape
        t = np.linspace(0.0, 1.0, h, dtype=F32)[:, None, None]
        t = t * t * (3 - 2 * t)
        c = rgb(top) * (1 - t) + rgb(bottom) * t
        yy, xx = np.mgrid[0:h, 0:w].astype(F32)
        r = np.sqrt(((xx - w * 0.46) / w) ** 2 + ((yy - h * 0.30) / h) ** 2)
        c = c * (1.04 - 0.10 * np.clip(r, 0, 1.2) ** 1.6)[..., None]
        self.img = np.broadcast_to(c, (h, w, 3)).astype(F32).copy()
        self.img += self.rng.normal(0.0, 0.6, (h, w, 1)).astype(F32)

    # shadows -------------------------------------------------------------
    def drop_shadow(self, m, dx=14.0, dy=22.0, blur=26.0, strength=0.30,
                    contact=0.28, contact_blur=5.0):
        v = self.v
        s = v.blur(v.shift(m, dx, dy), blur) * strength
        s += v.blur(v.shift(m, dx * 0.15, dy * 0.2), contact_blur) * contact
        self.img *= (1.0 - np.clip(s, 0, 0.85))[..., None]

    def floor_shadow(self, cx, cy, rx, ry, strength=0.45, blur=30.0, angle=0.0):
        m = self.v.mask().ellipse(cx, cy, rx, ry, angle).done()
        s = self.v.blur(m, blur) * strength
        self.img *= (1.0 - np.clip(s, 0, 0.9))[..., None]

    # painting ------------------------------------------------------------
    def paint(self, m, colour, alpha: float = 1.0):
        blend(self.img, m * alpha, colour)

    def shade(self, m, factor):
        """Multiply the image by factor where the mask is set."""
        f = 1.0 + (factor - 1.0) * m
        self.img *= f[..., None]

    def save(self, path: Path):
        out = np.clip(self.img + 0.5, 0, 255).astype(np.uint8)
        im = Image.fromarray(out, "RGB")
        path.parent.mkdir(parents=True, exist_ok=True)
        im.save(path, "JPEG", quality=QUALITY, optimize=True, progressive=False,
                subsampling="4:2:0")
        return path.stat().st_size


# ---------------------------------------------------------------------------
# product shapes
# ---------------------------------------------------------------------------

def shirt_outline(long_sleeve: bool) -> list[Pt]:
    if long_sleeve:
        left = [(527, 226), (398, 258), (338, 300), (300, 420), (262, 700),
                (236, 968), (330, 984), (350, 720), (376, 468), (382, 760),
                (386, 990)]
    else:
        left = [(527, 226), (396, 258), (330, 300), (218, 472), (330, 560),
                (384, 452), (378, 760), (384, 990)]
    right = [(1200 - x, y) for x, y in left]
    hem = [(430, 1024), (520, 1040), (600, 1044), (680, 1040), (770, 1024)]
    return left + hem + right[::-1]


def blouse_outline() -> list[Pt]:
    left = [(532, 222), (410, 248), (346, 296), (286, 430), (206, 618),
            (308, 660), (372, 520), (394, 450), (408, 620), (404, 700),
            (372, 860), (336, 1024)]
    right = [(1200 - x, y) for x, y in left]
    hem = [(420, 1040), (510, 1050), (600, 1054), (690, 1050), (780, 1040)]
    return left + hem + right[::-1]


def garment(p: Photo, outline, pattern: Callable, trim_dark: np.ndarray,
            button: np.ndarray, kind: str, fold_seed: int, placket=True):
    v, rng = p.v, p.rng
    body = v.mask().poly(outline).done()
    p.drop_shadow(body, dx=6, dy=12, blur=16, strength=0.26, contact=0.22)

    # gently warped coordinates so the motif follows soft folds
    wob = smooth_noise(np.random.default_rng(fold_seed), v.shape, 240 * v.zoom) - 0.5
    Xw = v.X + 10.0 * wob
    Yw = v.Y + 6.0 * wob
    tex = pattern(Xw, Yw, v.px)
    tex *= (weave(v, v.X, v.Y, 2.6, 0.06) * fabric_grain(v, rng, 0.03))[..., None]
    # folds: soft diagonal ridges
    ridges = np.zeros(v.shape, F32)
    fr = np.random.default_rng(fold_seed + 1)
    for _ in range(7):
        x0 = fr.uniform(380, 820)
        ang = fr.uniform(-0.25, 0.25)
        wdt = fr.uniform(18, 45)
        d = (v.X - x0 - (v.Y - 600) * ang) / wdt
        ridges += fr.uniform(-0.07, 0.06) * np.exp(-d * d)
    light = relief(v, body, 22, light=0.35, ao=0.22) + ridges
    tex *= light[..., None]
    p.paint(body, tex)

    # collar / neckline
    if kind == "shirt":
        band = v.mask().poly(spline([(527, 226), (566, 214), (600, 211), (634, 214),
                                     (673, 226), (640, 246), (600, 252), (560, 246)])).done()
        p.paint(band, tex * 0.62)
        lc = [(522, 222), (494, 262), (540, 376), (598, 304), (600, 258), (560, 246)]
        rc = [(1200 - x, y) for x, y in lc]
        for c in (lc, rc):
            cm = v.mask().poly(c).done()
            shift = rng.uniform(-40, 40)
            ctex = pattern(v.X + shift, v.Y + 30, v.px)
            ctex *= (weave(v, v.X, v.Y, 2.6, 0.06) * fabric_grain(v, rng, 0.03))[..., None]
            p.drop_shadow(cm, dx=3, dy=5, blur=6, strength=0.35, contact=0.2, contact_blur=2)
            ctex *= relief(v, cm, 8, light=0.45, ao=0.15)[..., None]
            p.paint(cm, ctex)
            p.paint(v.mask().line(c + c[:1], 1.6).done(), trim_dark, 0.55)
            p.paint(v.mask().stitches(offset(c, 6), 5, 3.5, 1.3).done(), trim_dark, 0.35)
    else:
        neck = spline([(532, 222), (560, 268), (600, 288), (640, 268), (668, 222),
                       (634, 234), (600, 238), (566, 234)])
        nm = v.mask().poly(neck).done()
        inside = np.clip((v.Y - 230) / 60.0, 0, 1)
        p.paint(nm, tex * (0.35 + 0.2 * inside)[..., None])
        rim = spline([(530, 220), (560, 268), (600, 288), (640, 268), (670, 220)], closed=False)
        rm = v.mask().line(rim, 11).done()
        p.drop_shadow(rm, 1, 3, 3, 0.35, 0.2, 1)
        p.paint(rm, trim_dark * 1.5 * relief(v, rm, 3, 0.8, 0.1)[..., None])
        p.paint(v.mask().stitches(rim, 5, 3.5, 1.2, closed=False).done(), trim_dark * 3.5, 0.5)

    # seams & stitches
    seam = v.mask()
    for side in (1, -1):
        def mx(pts):
            return pts if side == 1 else [(1200 - x, y) for x, y in pts]
        seam.line(spline(mx([(398, 258), (372, 330), (368, 400), (384, 452)]), False), 1.4)
        if kind == "shirt":
            seam.line(mx([(527, 240), (404, 272)]), 1.2)
    p.paint(seam.done(), trim_dark, 0.35)

    if kind == "shirt" and placket:
        pl = v.mask().line([(586, 300), (586, 1044)], 1.3).line([(614, 300), (614, 1044)], 1.3).done()
        p.paint(pl, trim_dark, 0.45)
        for y in range(340, 1000, 104):
            b = v.mask().ellipse(600, y, 8.5).done()
            p.drop_shadow(b, 1.5, 2.5, 2.5, 0.45, 0.2, 1.0)
            p.paint(b, button * relief(v, b, 3, 0.6, 0.1)[..., None])
            holes = v.mask().ellipse(597, y - 2.5, 1.4).ellipse(603, y - 2.5, 1.4) \
                .ellipse(597, y + 2.5, 1.4).ellipse(603, y + 2.5, 1.4).done()
            p.paint(holes, button * 0.45)
        pocket = [(652, 430), (758, 430), (758, 548), (705, 566), (652, 548)]
        p.paint(v.mask().line(pocket + pocket[:1], 1.5, caps=False).done(), trim_dark, 0.4)
        p.paint(v.mask().stitches(offset(pocket, 5), 5, 3.5, 1.2).done(), trim_dark, 0.3)
        p.paint(v.mask().line([(652, 452), (758, 452)], 1.2).done(), trim_dark, 0.3)
    elif kind == "blouse":
        p.paint(v.mask().line([(600, 276), (600, 360)], 1.6).done(), trim_dark, 0.6)
        for y in (296, 326, 354):
            b = v.mask().ellipse(600, y, 6.5).done()
            p.drop_shadow(b, 1.5, 2, 2, 0.45, 0.2, 1.0)
            p.paint(b, button * relief(v, b, 3, 0.6, 0.1)[..., None])
        waist = spline([(402, 668), (500, 680), (600, 684), (700, 680), (798, 668)], False)
        p.paint(v.mask().line(waist, 1.4).done(), trim_dark, 0.45)
        p.paint(v.mask().stitches(offset(waist, -5, False), 5, 3.5, 1.2, closed=False).done(), trim_dark, 0.3)

    # hems
    hem = v.mask()
    hem.stitches(offset(spline([(384, 990), (430, 1024), (520, 1040), (600, 1044), (680, 1040),
                                (770, 1024), (816, 990)], False), 10, False), 5, 3.5, 1.3, closed=False)
    p.paint(hem.done(), trim_dark, 0.35)
    # crisp outline
    p.paint(v.mask().line(outline + outline[:1], 1.2, caps=False).done(), trim_dark, 0.35)
    return body


def scene_shirt(p: Photo, pattern, trim, button, long_sleeve=False, seed=1):
    outline = shirt_outline(long_sleeve)
    garment(p, outline, pattern, rgb(trim), rgb(button), "shirt", seed)
    v = p.v
    if long_sleeve:
        for side in (1, -1):
            cuff = [(236, 968), (330, 984), (327, 1030), (232, 1016)]
            if side == -1:
                cuff = [(1200 - x, y) for x, y in cuff]
            cm = v.mask().poly(cuff).done()
            ctex = pattern(v.X + 17, v.Y, v.px) * relief(v, cm, 6, 0.5, 0.2)[..., None] * 0.95
            p.drop_shadow(cm, 2, 4, 4, 0.4, 0.2, 1.5)
            p.paint(cm, ctex)
            p.paint(v.mask().line(cuff + cuff[:1], 1.4, caps=False).done(), rgb(trim), 0.5)
            bx = 1200 - 300 if side == -1 else 300
            b = v.mask().ellipse(bx, 1006 if side == 1 else 1006, 7).done()
            p.paint(b, rgb(button) * relief(v, b, 3, 0.6, 0.1)[..., None])
    else:
        cuff = v.mask()
        for side in (1, -1):
            pts = offset([(218, 472), (330, 560)], 14, closed=False)
            if side == -1:
                pts = [(1200 - x, y) for x, y in pts]
            cuff.stitches(pts, 5, 3.5, 1.3, closed=False)
        p.paint(cuff.done(), rgb(trim), 0.35)


def folded_cloth(p: Photo, pattern, edge: np.ndarray, cx=600, cy=600, w=700, h=480,
                 angle=-7.0, layers=5, border=None, fringe=None, flap=True, tail=None):
    """A stack of folded cloth seen from above."""
    v, rng = p.v, p.rng
    ca, sa = math.cos(math.radians(angle)), math.sin(math.radians(angle))

    def T(pts):
        return [(cx + x * ca - y * sa, cy + x * sa + y * ca) for x, y in pts]

    # local coordinates (aligned with the cloth)
    Xl = (v.X - cx) * ca + (v.Y - cy) * sa
    Yl = -(v.X - cx) * sa + (v.Y - cy) * ca
    hw, hh = w / 2, h / 2
    rect = lambda x0, y0, x1, y1, r=6: rounded_rect(x0, y0, x1, y1, r, 4)

    stack = v.mask()
    for i in range(layers, -1, -1):
        stack.poly(T(rect(-hw + i * 1.2, -hh + i * 2.0, hw + i * 0.8, hh + i * 7.0)))
    if tail is not None:
        stack.poly(T(tail))
    sm = stack.done()
    p.drop_shadow(sm, dx=10, dy=18, blur=24, strength=0.28, contact=0.25)

    base = pattern(Xl, Yl, v.px)
    wv = weave(v, Xl, Yl, 2.8, 0.07)[..., None]
    grain = fabric_grain(v, rng, 0.03)[..., None]

    if tail is not None:
        tm = v.mask().poly(T(tail)).done()
        ttex = pattern(Xl * 0.98 + 40, Yl * 0.98 + 17, v.px) * wv * grain
        ripple = 1.0 + 0.10 * np.sin((Xl * 0.6 + Yl) / 38.0)
        ttex *= (relief(v, tm, 16, 0.4, 0.25) * ripple)[..., None]
        p.paint(tm, ttex * 0.97)
        if fringe is not None:
            fringe(p, T, "tail")

    # the visible edges of the lower layers
    for i in range(layers, 0, -1):
        lm = v.mask().poly(T(rect(-hw + i * 1.2, -hh + i * 2.0, hw + i * 0.8, hh + i * 7.0))).done()
        edge_tex = pattern(Xl + i * 37, Yl + i * 53, v.px)
        edge_tex = 0.55 * edge_tex + 0.45 * edge_tex.mean(axis=(0, 1))
        edge_tex *= wv * grain
        f = 0.68 + 0.05 * (layers - i) / layers
        gl = np.clip((Yl - (hh + i * 7.0 - 9)) / 9.0, 0, 1)  # darker towards the rolled fold
        edge_tex *= (f * (1 - 0.25 * gl))[..., None]
        p.paint(lm, edge_tex)
        p.paint(v.mask().line(T([(-hw + i * 1.2 + 8, hh + i * 7.0), (hw + i * 0.8 - 8, hh + i * 7.0)]),
                              1.0).done(), edge * 0.7, 0.5)

    top = v.mask().poly(T(rect(-hw, -hh, hw, hh))).done()
    tex = base * wv * grain
    light = relief(v, top, 14, light=0.30, ao=0.16)
    # rolled front fold: darker band along the bottom edge
    roll = np.clip((Yl - (hh - 26)) / 26.0, 0, 1)
    light = light * (1.0 - 0.22 * roll ** 1.5) + 0.06 * np.exp(-((Yl - (hh - 34)) / 8.0) ** 2)
    # gentle lengthwise waves
    light *= 1.0 + 0.035 * np.sin(Xl / 55.0 + 0.8) * np.cos(Yl / 90.0)
    if flap:
        fy = -hh * 0.30
        below = np.clip((Yl - fy) / 3.0, 0, 1)
        sh = np.exp(-np.maximum(Yl - fy, 0) / 14.0) * below
        light *= 1.0 - 0.22 * sh
        light *= 1.0 + 0.06 * (1 - below)
    tex *= light[..., None]
    p.paint(top, tex)
    if border is not None:
        border(p, T, top, Xl, Yl, hw, hh)
    if flap:
        p.paint(v.mask().line(T([(-hw + 3, -hh * 0.30), (hw - 3, -hh * 0.30)]), 1.2).done(), edge, 0.35)
    p.paint(v.mask().line(T(rect(-hw, -hh, hw, hh)) + T(rect(-hw, -hh, hw, hh))[:1], 1.1,
                          caps=False).done(), edge, 0.35)
    if fringe is not None:
        fringe(p, T, "top")
    return sm


def fringe_lines(colour: np.ndarray, x_edge: float, y0: float, y1: float, length=70.0,
                 spacing=9.0, seed=11, side=1):
    """Twisted tassels (rumbai) hanging from the short edge of a cloth."""
    def draw(p: Photo, T, where):
        if where != "top":
            return
        rng = np.random.default_rng(seed)
        v = p.v
        m = v.mask()
        y = y0
        while y < y1:
            ln = length * rng.uniform(0.85, 1.1)
            bend = rng.uniform(-10, 10)
            pts = spline([(x_edge, y), (x_edge + side * ln * 0.5, y + bend * 0.5),
                          (x_edge + side * ln, y + bend)], False, 8)
            m.line(T(pts), 3.2)
            y += spacing
        fm = m.done()
        p.drop_shadow(fm, 4, 6, 3, 0.35, 0.2, 1.5)
        tex = fill(v.shape, colour) * (0.85 + 0.3 * smooth_noise(rng, v.shape, 2 * v.zoom))[..., None]
        tex *= relief(v, fm, 1.5, 0.8, 0.0)[..., None]
        p.paint(fm, tex)
    return draw


def leather_fill(p: Photo, m, base: str, grain=1.0, amount=0.09, light=0.6, ao=0.25,
                 radius=24.0, gloss=None):
    v = p.v
    tex = fill(v.shape, rgb(base)) * leather_grain(v, p.rng, grain, amount)[..., None]
    sh = relief(v, m, radius, light, ao)
    tex *= sh[..., None]
    if gloss:
        for gx, gy, rx, ry, ang, k in gloss:
            dx = (v.X - gx)
            dy = (v.Y - gy)
            ca, sa = math.cos(math.radians(ang)), math.sin(math.radians(ang))
            u = (dx * ca + dy * sa) / rx
            w = (-dx * sa + dy * ca) / ry
            g = np.exp(-(u * u + w * w)) * k
            tex = tex + (255 - tex) * g[..., None]
    p.paint(m, tex)


def metal(p: Photo, m, base="#c9a25a", radius=4.0):
    v = p.v
    tex = fill(v.shape, rgb(base))
    grad = 0.75 + 0.45 * np.clip(1 - (v.Y - v.Y.min()) / max(1, (v.Y.max() - v.Y.min())), 0, 1)
    tex *= relief(v, m, radius, 1.2, 0.3)[..., None]
    tex *= (0.9 + 0.1 * grad)[..., None]
    p.paint(m, np.clip(tex, 0, 255))


# ---------------------------------------------------------------------------
# scenes
# ---------------------------------------------------------------------------

def batik_parang(X, Y, px):
    return pat_parang(X, Y, px, rgb("#9b6634"), rgb("#2c1b13"), rgb("#1c110b"),
                      rgb("#5e3a1c"), rgb("#ead7b0"))


def batik_kawung(X, Y, px):
    return pat_kawung(X, Y, px, rgb("#1f3563"), rgb("#efe3c6"), rgb("#14213f"),
                      rgb("#8a6a3a"), rgb("#d9c28e"), S=96.0)


def batik_mega_mendung(X, Y, px):
    shades = [rgb(c) for c in ("#0e2556", "#173a74", "#23508f", "#3467a6", "#4b80bb",
                               "#6d9bcd", "#94b8dc", "#bdd3ea", "#e4eef7")]
    return pat_mega_mendung(X, Y, px, rgb("#a3262a"), shades, rgb("#f3ead8"),
                            ground_dots=rgb("#7e1b20"), band=7.0)


def batik_truntum(X, Y, px):
    return pat_truntum(X, Y, px, rgb("#2a1c17"), rgb("#e8d3a6"), rgb("#9c5f2c"),
                       rgb("#c9a26a"), S=52.0)


def tenun_ikat(X, Y, px):
    return pat_ikat(X, Y, px, rgb("#1c2342"), rgb("#a4422a"), rgb("#ecdcbc"),
                    rgb("#d49a3a"), rgb("#15182b"))


def tenun_troso(X, Y, px):
    return pat_troso(X, Y, px, rgb("#1e5b57"), rgb("#e0b85a"), rgb("#8a2a36"),
                     rgb("#f1e6cf"))


def tenun_samarinda(X, Y, px):
    mar, gold, blk, wht, red = (rgb("#6a1423"), rgb("#d2a64a"), rgb("#1a1416"),
                                rgb("#efe6d6"), rgb("#b0283a"))
    warp = [(44, mar), (4, gold), (6, mar), (4, gold), (30, mar), (10, blk), (3, wht),
            (10, blk), (26, red), (6, gold), (26, red), (10, blk), (3, wht), (10, blk),
            (30, mar), (4, gold), (6, mar), (4, gold)]
    return pat_plaid(X, Y, px, warp)


def scene_kemeja_parang(v):
    p = Photo("kemeja-batik-parang", v, "#f1ede6", "#d9d2c7")
    scene_shirt(p, batik_parang, "#22150f", "#f2ead8", long_sleeve=False, seed=21)
    return p


def scene_kemeja_truntum(v):
    p = Photo("kemeja-batik-truntum", v, "#e9ecee", "#c9cfd3")
    scene_shirt(p, batik_truntum, "#120c09", "#d8c49a", long_sleeve=True, seed=33)
    return p


def scene_blus_kawung(v):
    p = Photo("blus-batik-kawung", v, "#f4efe9", "#e0d6cb")
    outline = blouse_outline()
    garment(p, outline, batik_kawung, rgb("#0f1a33"), rgb("#e9dcc0"), "blouse", 44)
    # flared sleeve hem
    for side in (1, -1):
        s = offset([(206, 618), (308, 660)], -12, closed=False)
        if side == -1:
            s = [(1200 - x, y) for x, y in s]
        p.paint(p.v.mask().stitches(s, 5, 3.5, 1.3, closed=False).done(), rgb("#0f1a33"), 0.4)
    return p


def mega_border(p, T, top, Xl, Yl, hw, hh):
    """Narrow plain border with fine lines along the long edge of the cloth."""
    v = p.v
    bm = v.mask().poly(T(rounded_rect(-hw, hh - 58, hw, hh, 6, 4))).done()
    col = fill(v.shape, rgb("#8e1f24"))
    for y, c in ((hh - 52, "#f3ead8"), (hh - 44, "#102a5c"), (hh - 14, "#102a5c")):
        col_line = cov(np.abs(Yl - y) - 1.6, v.px)
        blend(col, col_line, rgb(c))
    # a row of small tumpal triangles pointing into the cloth
    tri = np.abs(np.mod(Xl, 34.0) - 17.0)
    dy = Yl - (hh - 40)                       # 0 at the base line, grows downwards
    teeth = cov(np.maximum(tri * 1.1 - dy, -dy), v.px) * cov(Yl - (hh - 18), v.px)
    blend(col, teeth, rgb("#1c4380"))
    light = relief(v, top, 14, light=0.30, ao=0.16)
    roll = np.clip((Yl - (hh - 26)) / 26.0, 0, 1)
    light = light * (1.0 - 0.22 * roll ** 1.5)
    col *= (light * weave(v, Xl, Yl, 2.8, 0.07) * fabric_grain(v, p.rng, 0.03))[..., None]
    p.paint(bm * top, col)


def scene_kain_mega_mendung(v):
    p = Photo("kain-batik-tulis-mega-mendung", v, "#efece6", "#d6d0c6")
    folded_cloth(p, batik_mega_mendung, rgb("#3b0c0f"), cx=600, cy=585, w=760, h=520,
                 angle=-6, layers=6, border=mega_border)
    return p


def scene_kain_ikat(v):
    p = Photo("kain-tenun-ikat-sumba", v, "#efebe4", "#d3ccc0")
    fr = fringe_lines(rgb("#1c2342"), 360, -232, 232, length=64, spacing=8, seed=12)
    folded_cloth(p, tenun_ikat, rgb("#0e1122"), cx=560, cy=590, w=720, h=470,
                 angle=5, layers=6, fringe=fr)
    return p


def scene_selendang_troso(v):
    p = Photo("selendang-tenun-troso", v, "#eef0ec", "#cfd4cd")
    fr = fringe_lines(rgb("#e0b85a"), 420, -160, 160, length=90, spacing=8, seed=14)
    fr2 = fringe_lines(rgb("#1e5b57"), 420, -160, 160, length=80, spacing=8, seed=15)

    def both(p, T, where):
        fr2(p, lambda pts: T([(x, y + 3) for x, y in pts]), where)
        fr(p, T, where)
    folded_cloth(p, tenun_troso, rgb("#0d2826"), cx=545, cy=600, w=840, h=320,
                 angle=-12, layers=4, fringe=both, flap=False)
    return p


def scene_sarung_samarinda(v):
    p = Photo("sarung-tenun-samarinda", v, "#f0ece8", "#d4ccc4")
    folded_cloth(p, tenun_samarinda, rgb("#1a0a0e"), cx=600, cy=600, w=640, h=560,
                 angle=8, layers=7)
    return p


def shoe_outline() -> list[Pt]:
    return spline([(214, 512), (197, 600), (188, 700), (191, 790), (400, 798),
                   (640, 800), (850, 796), (990, 790), (1038, 770), (1050, 736),
                   (1024, 692), (952, 656), (850, 618), (760, 578), (690, 536),
                   (628, 504), (596, 480), (562, 486), (520, 516), (420, 544),
                   (330, 538), (262, 522)], True, 12)


def sole_outline() -> list[Pt]:
    top = spline([(183, 780), (400, 790), (640, 792), (850, 788), (990, 782),
                  (1044, 762), (1058, 772)], False, 10)
    bottom = spline([(1058, 772), (1030, 806), (930, 824), (760, 834), (610, 832),
                     (520, 830), (440, 838), (396, 846)], False, 10)
    return top + bottom + [(392, 884), (196, 884), (182, 862)]


def draw_shoe(p: Photo, T, base: str, dark=1.0, detail=True):
    v = p.v
    lining = rgb("#b48a5e")
    sole = T(sole_outline())
    sm = v.mask().poly(sole).done()
    stex = fill(v.shape, rgb("#2a1a12") * dark) * leather_grain(v, p.rng, 0.6, 0.05)[..., None]
    stex *= relief(v, sm, 6, 0.6, 0.2)[..., None]
    p.paint(sm, stex)
    # stacked heel layers and the welt
    hl = v.mask()
    for y in (806, 826, 846, 866):
        hl.line(T([(188, y), (392, y)]), 1.2)
    p.paint(hl.done(), rgb("#6d4a30") * dark, 0.5)
    welt = v.mask().line(T(spline([(190, 790), (400, 797), (640, 799), (850, 795), (990, 789),
                                   (1040, 768)], False, 10)), 7).done()
    p.paint(welt, rgb("#4a2c1b") * dark * relief(v, welt, 2.5, 0.8, 0.0)[..., None])
    if detail:
        p.paint(v.mask().stitches(T(spline([(260, 792), (640, 799), (990, 789), (1032, 771)],
                                           False, 16)), 4, 3, 1.8, False).done(), rgb("#d9c7a4"), 0.8)

    up = T(shoe_outline())
    um = v.mask().poly(up).done()
    leather_fill(p, um, base, 0.8, 0.10, light=0.7, ao=0.3, radius=30,
                 gloss=[(T([(965, 700)])[0] + (55, 20, -25, 0.45 * dark)),
                        (T([(990, 722)])[0] + (18, 8, -30, 0.35 * dark)),
                        (T([(760, 620)])[0] + (120, 12, 26, 0.22 * dark)),
                        (T([(300, 600)])[0] + (60, 20, 80, 0.12 * dark)),
                        (T([(520, 640)])[0] + (160, 10, 2, 0.08 * dark))])
    if dark != 1.0:
        p.shade(um, dark)
    if not detail:
        return um
    # lining at the collar
    lin = T(spline([(262, 522), (330, 538), (420, 544), (520, 516), (560, 490),
                    (540, 504), (420, 532), (330, 528)], True, 8))
    p.paint(v.mask().poly(lin).done(), lining * 0.8)
    # toe cap with brogue holes
    cap = T(spline([(868, 792), (858, 730), (880, 668), (905, 640)], False, 12))
    seam = v.mask().line(cap, 2.0).done()
    p.paint(seam, rgb("#1b0f09"), 0.7)
    st = v.mask().stitches(T(offset(spline([(868, 792), (858, 730), (880, 668), (905, 640)],
                                           False, 12), 8, False)), 4, 3, 1.6, False).done()
    p.paint(st, rgb("#1b0f09"), 0.55)
    holes = v.mask()
    for a, b in dashes(T(offset(spline([(868, 792), (858, 730), (880, 668), (905, 640)],
                                       False, 12), -8, False)), 0.1, 11, False):
        holes.ellipse(a[0], a[1], 2.6)
    p.paint(holes.done(), rgb("#120a06"), 0.9)
    # heel counter
    cnt = T(spline([(345, 540), (322, 620), (318, 720), (338, 794)], False, 10))
    p.paint(v.mask().line(cnt, 2.0).done(), rgb("#1b0f09"), 0.6)
    p.paint(v.mask().stitches(T(offset(spline([(345, 540), (322, 620), (318, 720), (338, 794)],
                                              False, 10), -8, False)), 4, 3, 1.6, False).done(),
            rgb("#1b0f09"), 0.5)
    # quarter with eyelets and laces
    facing = T(spline([(540, 500), (600, 492), (660, 520), (730, 566), (748, 588),
                       (700, 594), (630, 566), (560, 530)], True, 8))
    fm = v.mask().poly(facing).done()
    p.drop_shadow(fm, 2, 4, 4, 0.35, 0.2, 1.5)
    leather_fill(p, fm, base, 1.0, 0.07, light=0.9, ao=0.2, radius=8)
    p.paint(v.mask().stitches(T(offset(spline([(540, 500), (600, 492), (660, 520), (730, 566),
                                               (748, 588), (700, 594), (630, 566), (560, 530)],
                                              True, 8), 5)), 4, 3, 1.5).done(), rgb("#1b0f09"), 0.5)
    eyes = v.mask()
    lace = v.mask()
    prev = None
    for i, t in enumerate(np.linspace(0, 1, 5)):
        ex, ey = 588 + t * 136, 508 + t * 62
        (ex, ey), = T([(ex, ey)])
        eyes.ellipse(ex, ey, 5.0)
        if prev is not None:
            lace.line([prev, (ex, ey)], 4.0)
        prev = (ex, ey)
    p.paint(eyes.done(), rgb("#0d0805"))
    lm = lace.line(T(spline([(588, 506), (566, 488), (540, 486), (550, 502), (588, 508)],
                            False, 10)), 5.0) \
        .line(T(spline([(588, 506), (612, 484), (640, 482), (632, 500), (588, 508)], False, 10)), 5.0) \
        .line(T(spline([(588, 508), (572, 530), (566, 556)], False, 10)), 4.6) \
        .line(T(spline([(590, 508), (604, 532), (602, 560)], False, 10)), 4.6).done()
    p.drop_shadow(lm, 2, 3, 2, 0.4, 0.2, 1)
    p.paint(lm, rgb("#1a120e") * relief(v, lm, 1.6, 0.9, 0.0)[..., None])
    # back seam
    p.paint(v.mask().line(T([(213, 518), (196, 600), (188, 700), (190, 786)]), 1.6).done(),
            rgb("#1b0f09"), 0.5)
    return um


def shoe_pitch(pts):
    """Tilt the forefoot down so heel and ball stand on the same floor,
    keeping a little toe spring."""
    out = []
    for x, y in pts:
        t = min(1.0, max(0.0, (x - 380) / 380.0))
        dy = 52 * t * t * (3 - 2 * t) - max(0.0, x - 900) * 0.08
        out.append((x, y + dy))
    return out


def scene_sepatu(v):
    p = Photo("sepatu-kulit-oxford-sogan", v, "#eeebe6", "#cfc8be")
    back = lambda pts: transform(shoe_pitch(pts), dx=95, dy=-40, scale=0.83, cx=600, cy=800)
    front = lambda pts: transform(shoe_pitch(pts), dx=-35, dy=50, scale=0.9, cx=600, cy=800)
    p.floor_shadow(700, 826, 380, 24, 0.35, 22)
    p.floor_shadow(575, 930, 420, 28, 0.55, 20)
    p.floor_shadow(575, 928, 380, 9, 0.35, 5)
    draw_shoe(p, back, "#5c341d", dark=0.78, detail=True)
    draw_shoe(p, front, "#5c341d", dark=1.0, detail=True)
    return p


def footbed() -> list[Pt]:
    return spline([(-40, -372), (40, -366), (100, -336), (132, -278), (142, -180),
                   (130, -60), (110, 60), (102, 180), (104, 280), (80, 350), (0, 380),
                   (-80, 354), (-106, 280), (-104, 180), (-112, 60), (-130, -60),
                   (-138, -180), (-126, -280), (-94, -346)], True, 10)


def scene_sandal(v):
    p = Photo("sandal-kulit-selop-anyam", v, "#f2eee8", "#d8d0c4")
    vv = p.v
    for side, cx, ang in ((-1, 410, -5.0), (1, 790, 6.0)):
        def T(pts, cx=cx, ang=ang, side=side):
            return transform([(x * (-side), y) for x, y in pts], dx=cx, dy=610, angle=ang)
        rim = T([(x * 1.035, y * 1.02 + 8) for x, y in footbed()])
        rm = vv.mask().poly(rim).done()
        p.drop_shadow(rm, 10, 18, 18, 0.30, 0.30, 4)
        stex = fill(vv.shape, rgb("#3a2417")) * leather_grain(vv, p.rng, 0.5, 0.05)[..., None]
        p.paint(rm, stex * relief(vv, rm, 5, 0.5, 0.2)[..., None])
        fb = T(footbed())
        fm = vv.mask().poly(fb).done()
        leather_fill(p, fm, "#c08a55", 1.0, 0.06, light=0.45, ao=0.30, radius=26)
        p.paint(vv.mask().stitches(T(offset(footbed(), 12)), 5, 3.5, 1.6).done(), rgb("#5a3a22"), 0.55)
        # debossed brand at the heel
        hx, hy = T([(0, 250)])[0]
        tm = vv.mask().text((hx, hy), "NUSANTARA", 17, True, spacing=2).done()
        tm_rot = tm  # text stays horizontal: readable brand stamp
        p.paint(vv.shift(tm_rot, 0.8, 1.2), rgb("#f0d2a8"), 0.45)
        p.paint(tm_rot, rgb("#6b4424"), 0.75)
        # woven strap across the forefoot
        strap = T(spline([(-164, -236), (-60, -250), (60, -252), (170, -240), (176, -140),
                          (168, -40), (60, -28), (-60, -28), (-158, -40), (-168, -140)], True, 10))
        sm = vv.mask().poly(strap).done()
        p.drop_shadow(sm, 5, 10, 10, 0.45, 0.3, 3)
        Xl = vv.X - cx
        Yl = vv.Y - 610
        tex = pat_anyam(Xl, Yl, vv.px, rgb("#6e3f1f"), 24.0)
        tex *= leather_grain(vv, p.rng, 0.7, 0.05)[..., None]
        tex *= relief(vv, sm, 16, 0.5, 0.3)[..., None]
        p.paint(sm, tex)
        trim = vv.mask().line(strap + strap[:1], 5, caps=False).done()
        p.paint(trim, rgb("#3a1f0f") * relief(vv, trim, 2, 0.6, 0)[..., None])
    return p


def bag_body() -> list[Pt]:
    return spline([(352, 470), (600, 466), (848, 470), (872, 520), (880, 700),
                   (876, 860), (846, 912), (600, 920), (354, 912), (324, 860),
                   (320, 700), (328, 520)], True, 10)


def flap_outline() -> list[Pt]:
    return spline([(346, 462), (600, 456), (854, 462), (878, 520), (872, 640),
                   (820, 730), (700, 770), (600, 776), (500, 770), (380, 730),
                   (328, 640), (322, 520)], True, 10)


def scene_tas_selempang(v):
    p = Photo("tas-kulit-selempang", v, "#ece8e2", "#c9c1b6")
    vv = p.v
    base = "#9a5428"
    strap_path = spline([(338, 500), (352, 330), (430, 200), (600, 150), (770, 200),
                         (848, 330), (862, 500)], False, 16)
    p.floor_shadow(600, 928, 330, 24, 0.55, 20)
    sm = vv.mask().line(strap_path, 40).done()
    p.drop_shadow(sm, 10, 16, 16, 0.25, 0.15, 4)
    leather_fill(p, sm, base, 0.9, 0.08, light=0.6, ao=0.3, radius=10)
    st = vv.mask().stitches(offset(strap_path, 14, False), 5, 3.5, 1.7, False) \
        .stitches(offset(strap_path, -14, False), 5, 3.5, 1.7, False).done()
    p.paint(st, rgb("#f1dfbf"), 0.85)
    body = bag_body()
    bm = vv.mask().poly(body).done()
    leather_fill(p, bm, base, 1.0, 0.09, light=0.55, ao=0.35, radius=40,
                 gloss=[(520, 840, 160, 22, -3, 0.10)])
    p.paint(vv.mask().stitches(offset(body, 11), 6, 4, 1.9).done(), rgb("#f1dfbf"), 0.85)
    # D-rings
    for x in (338, 862):
        rm = vv.mask().ring(x, 496, 17, 13, 5.5).done()
        p.drop_shadow(rm, 2, 3, 2, 0.45, 0.2, 1)
        metal(p, rm, "#c6a15a", 2.0)
        tab = vv.mask().poly(rounded_rect(x - 14, 476, x + 14, 530, 5, 4)).done()
        leather_fill(p, tab, "#8a4a22", 0.8, 0.08, 0.6, 0.2, 6)
        rv = vv.mask().ellipse(x, 516, 4.5).done()
        metal(p, rv, "#c6a15a", 2.0)
    flap = flap_outline()
    fm = vv.mask().poly(flap).done()
    p.drop_shadow(fm, 4, 10, 10, 0.45, 0.3, 3)
    leather_fill(p, fm, base, 1.0, 0.09, light=0.6, ao=0.35, radius=34,
                 gloss=[(470, 540, 240, 40, -8, 0.16), (700, 700, 120, 20, -12, 0.06)])
    p.paint(vv.mask().line(flap + flap[:1], 2.2, caps=False).done(), rgb("#4a230d"), 0.6)
    p.paint(vv.mask().stitches(offset(flap, 11), 6, 4, 1.9).done(), rgb("#f1dfbf"), 0.9)
    # embossed logo
    lm = vv.mask().text((600, 560), "NUSANTARA", 26, True, serif=True, spacing=6).done()
    p.paint(vv.shift(lm, 1.0, 1.4), rgb("#d9a06a"), 0.45)
    p.paint(lm, rgb("#5a2b10"), 0.65)
    # turn-lock clasp
    plate = vv.mask().poly(rounded_rect(558, 724, 642, 780, 12, 6)).done()
    p.drop_shadow(plate, 2, 4, 4, 0.45, 0.25, 1.5)
    metal(p, plate, "#c8a35c", 5)
    knob = vv.mask().poly(rounded_rect(588, 734, 612, 770, 10, 6)).done()
    p.drop_shadow(knob, 1, 2, 2, 0.5, 0.25, 1)
    metal(p, knob, "#d9b56a", 4)
    screws = vv.mask().ellipse(570, 752, 3.2).ellipse(630, 752, 3.2).done()
    p.paint(screws, rgb("#6a5123"), 0.9)
    return p


def scene_tas_tote(v):
    p = Photo("tas-tote-tenun", v, "#eef0f0", "#cbd0d0")
    vv = p.v
    body = [(300, 452), (900, 452), (872, 990), (328, 990)]
    handle_back = spline([(470, 455), (488, 300), (600, 232), (712, 300), (730, 455)], False, 14)
    handle = spline([(430, 462), (450, 280), (600, 190), (750, 280), (770, 462)], False, 14)
    p.floor_shadow(600, 990, 320, 20, 0.55, 18)
    hb = vv.mask().line(handle_back, 26).done()
    leather_fill(p, hb, "#4a2a18", 0.8, 0.08, 0.5, 0.3, 8)
    p.shade(hb, 0.8)
    bm = vv.mask().poly(body).done()
    Xl, Yl = vv.X - 600, vv.Y
    # vertical bands: the troso pattern turned 90 degrees
    tex = pat_troso(Yl, Xl + 17, vv.px, rgb("#263a5c"), rgb("#e5b44e"), rgb("#b5442f"), rgb("#f0e4cc"))
    tex *= (weave(vv, Xl, Yl, 3.0, 0.08) * fabric_grain(vv, p.rng, 0.035))[..., None]
    tex *= relief(vv, bm, 22, 0.3, 0.25)[..., None]
    tex *= (1.0 + 0.05 * np.sin(Xl / 70.0))[..., None]
    p.paint(bm, tex)
    # leather binding on top and leather base
    top = vv.mask().poly([(296, 446), (904, 446), (902, 482), (298, 482)]).done()
    leather_fill(p, top, "#5a321b", 0.8, 0.08, 0.6, 0.2, 6)
    basep = vv.mask().poly([(316, 860), (884, 860), (872, 990), (328, 990)]).done()
    p.drop_shadow(basep, 0, 3, 3, 0.3, 0.2, 1)
    leather_fill(p, basep, "#5a321b", 0.9, 0.09, 0.5, 0.3, 14)
    st = vv.mask().stitches([(300, 472), (900, 472)], 6, 4, 1.8, False) \
        .stitches([(318, 872), (882, 872)], 6, 4, 1.8, False).done()
    p.paint(st, rgb("#efdcb6"), 0.85)
    hm = vv.mask().line(handle, 30).done()
    p.drop_shadow(hm, 6, 12, 10, 0.3, 0.2, 3)
    leather_fill(p, hm, "#5a321b", 0.8, 0.08, 0.6, 0.3, 9)
    p.paint(vv.mask().stitches(offset(handle, 10, False), 5, 3.5, 1.5, False)
            .stitches(offset(handle, -10, False), 5, 3.5, 1.5, False).done(), rgb("#efdcb6"), 0.8)
    for x in (430, 770):
        tab = vv.mask().poly(rounded_rect(x - 24, 440, x + 24, 540, 8, 4)).done()
        p.drop_shadow(tab, 2, 4, 4, 0.4, 0.2, 1.5)
        leather_fill(p, tab, "#5a321b", 0.8, 0.08, 0.7, 0.25, 8)
        p.paint(vv.mask().stitches(offset(rounded_rect(x - 24, 440, x + 24, 540, 8, 4), 6),
                                   5, 3.5, 1.5).done(), rgb("#efdcb6"), 0.8)
        for y in (478, 516):
            rv = vv.mask().ellipse(x, y, 6).done()
            p.drop_shadow(rv, 1, 1.5, 1.5, 0.4, 0.2, 1)
            metal(p, rv, "#c9a65e", 3)
    return p


def scene_dompet(v):
    p = Photo("dompet-kulit-lipat", v, "#efefec", "#d0d1cc")
    vv = p.v
    ang = -9
    T = lambda pts: transform(pts, dx=600, dy=610, angle=ang)
    outline = T([(-300, -200)] + rounded_rect(-300, -200, 302, 200, 16, 8)[:16]
                + spline([(-300, 200), (-316, 150), (-322, 0), (-316, -150)], False, 10)[:-1])
    wm = vv.mask().poly(outline).done()
    p.drop_shadow(wm, 10, 18, 18, 0.32, 0.3, 4)
    leather_fill(p, wm, "#2f4a36", 1.5, 0.24, light=0.6, ao=0.25, radius=12,
                 gloss=[(*T([(-180, -120)])[0], 200, 50, -10 + ang, 0.12)])
    # inner layers visible on the right edge
    for i, off in enumerate((6, 12)):
        ln = vv.mask().line(T([(294 - off, -172), (298 - off, 0), (294 - off, 172)]), 1.2).done()
        p.paint(ln, rgb("#1a2a1f"), 0.6)
    p.paint(vv.mask().line(outline + outline[:1], 3.0, caps=False).done(), rgb("#1b2a1f"), 0.8)
    seam = [(-292, -184)] + rounded_rect(-300, -184, 286, 184, 14, 6)[:12] + [(-292, 184)]
    p.paint(vv.mask().stitches(T(seam), 6, 4, 1.9, closed=False).done(), rgb("#e8dfcc"), 0.85)
    # fold on the left side
    fold = np.clip(1 - ((vv.X - T([(-322, 0)])[0][0]) / 60.0), 0, 1)
    p.shade(wm, 1 - 0.15 * fold)
    lm = vv.mask()
    cx, cy = T([(60, 60)])[0]
    lm.text((cx, cy), "TKN", 46, True, serif=True, spacing=4)
    lmask = lm.done()
    p.paint(vv.shift(lmask, 1.0, 1.5), rgb("#7a9a80"), 0.35)
    p.paint(lmask, rgb("#16251a"), 0.8)
    return p


def coffee_bean(m: Mask, x, y, ang, s=1.0):
    m.ellipse(x, y, 22 * s, 15 * s, ang)


def draw_beans(p: Photo, beans, colour="#3b2216"):
    vv = p.v
    m = vv.mask()
    for x, y, a, s in beans:
        coffee_bean(m, x, y, a, s)
    bm = m.done()
    p.drop_shadow(bm, 3, 6, 5, 0.45, 0.35, 1.5)
    tex = fill(vv.shape, rgb(colour)) * leather_grain(vv, p.rng, 0.5, 0.06)[..., None]
    tex *= relief(vv, bm, 7, 1.0, 0.35)[..., None]
    p.paint(bm, tex)
    crease = vv.mask()
    for x, y, a, s in beans:
        ca, sa = math.cos(math.radians(a)), math.sin(math.radians(a))
        pts = [(-16, 2), (-6, -2), (6, 2), (16, -2)]
        pts = spline([(x + (u * ca - w * sa) * s, y + (u * sa + w * ca) * s) for u, w in pts], False, 6)
        crease.line(pts, 2.6 * s)
    p.paint(crease.done(), rgb("#140a05"), 0.9)


def scene_kopi(v, name, label_col, text_col, lines, pouch="kraft", beans_seed=1,
               top="#efece7", bottom="#d2cabf", motif="gunung"):
    p = Photo(name, v, top, bottom)
    vv = p.v
    outline = spline([(372, 236), (600, 232), (828, 236), (846, 300), (852, 600),
                      (856, 880), (836, 958), (600, 968), (364, 958), (344, 880),
                      (348, 600), (354, 300)], True, 12)
    p.floor_shadow(600, 962, 300, 22, 0.55, 18)
    pm = vv.mask().poly(outline).done()
    p.drop_shadow(pm, 22, 10, 30, 0.18, 0.0)
    rng = p.rng
    if pouch == "kraft":
        base = rgb("#b88d5e")
        fib = smooth_noise(rng, vv.shape, 1.5 * vv.zoom)
        streak = np.asarray(Image.fromarray(rng.random((vv.shape[0] // 3 + 1, vv.shape[1] // 24 + 1),
                                                       dtype=F32), "F")
                            .resize((vv.shape[1], vv.shape[0]), Image.BILINEAR), dtype=F32)
        tex = fill(vv.shape, base) * (0.93 + 0.10 * fib + 0.05 * streak
                                      + rng.normal(0, 0.012, vv.shape).astype(F32))[..., None]
    else:
        base = rgb("#2b2a2c")
        tex = fill(vv.shape, base) * (0.97 + 0.05 * smooth_noise(rng, vv.shape, 2 * vv.zoom)
                                      + rng.normal(0, 0.01, vv.shape).astype(F32))[..., None]
    # cylinder-like shading across the pouch + vertical crinkles
    u = (vv.X - 600) / 255.0
    cyl = 1.05 - 0.20 * np.clip(np.abs(u), 0, 1.2) ** 2.2 + 0.06 * np.exp(-((u + 0.35) / 0.18) ** 2)
    crink = np.zeros(vv.shape, F32)
    cr = np.random.default_rng(seed_for(name) + 5)
    for _ in range(9):
        x0 = cr.uniform(380, 820)
        d = (vv.X - x0 - (vv.Y - 600) * cr.uniform(-0.1, 0.1)) / cr.uniform(6, 18)
        crink += cr.uniform(-0.05, 0.05) * np.exp(-d * d) * np.clip((vv.Y - 300) / 200, 0, 1)
    tex *= (cyl + crink)[..., None] * relief(vv, pm, 14, 0.4, 0.25)[..., None]
    p.paint(pm, tex)
    # heat seal with ridges, zipper, tear notches
    seal = vv.mask().poly([(372, 236), (828, 236), (834, 292), (366, 292)]).done()
    ridges = 1.0 - 0.10 * cov(np.abs(np.mod(vv.Y, 6.0) - 3.0) - 1.1, vv.px)
    p.shade(seal, ridges * 0.96)
    line = vv.mask().line([(366, 292), (834, 292)], 1.6).line([(360, 322), (840, 322)], 2.0) \
        .line([(360, 330), (840, 330)], 1.2).done()
    p.paint(line, base * 0.55, 0.8)
    for x, s in ((354, 1), (846, -1)):
        notch = vv.mask().poly([(x - 8 * s, 262), (x + 10 * s, 270), (x - 8 * s, 278)]).done()
        p.paint(notch, p.img.mean(axis=(0, 1)))
    # degassing valve
    vm = vv.mask().ellipse(600, 380, 24).done()
    p.drop_shadow(vm, 1, 2, 2, 0.3, 0.2, 1)
    p.paint(vm, base * 0.85 * relief(vv, vm, 5, 0.6, 0.2)[..., None])
    p.paint(vv.mask().ring(600, 380, 14, 14, 2.4).done(), base * 0.6)
    p.paint(vv.mask().ellipse(600, 380, 4).done(), base * 0.5)
    # label
    lab = rounded_rect(418, 470, 782, 842, 18, 8)
    lm = vv.mask().poly(lab).done()
    ltex = fill(vv.shape, rgb(label_col)) * (cyl * (0.99 + rng.normal(0, 0.008, vv.shape)))[..., None]
    p.paint(lm, ltex)
    tc = rgb(text_col)
    p.paint(vv.mask().line(rounded_rect(432, 484, 768, 828, 12, 8) + [rounded_rect(432, 484, 768, 828, 12, 8)[0]],
                           1.8, caps=False).done(), tc * cyl[..., None], 0.9)
    p.paint(vv.mask().text((600, 520), "TOKO KAIN NUSANTARA", 15, True, spacing=2.5).done(), tc, 0.95)
    # small illustration
    ill = vv.mask()
    if motif == "gunung":
        ill.line(spline([(470, 640), (530, 580), (560, 600), (600, 556), (650, 610), (690, 590),
                         (730, 640)], False, 8), 3.0)
        ill.line([(470, 640), (730, 640)], 2.0)
        ill.ellipse(660, 566, 9)
    elif motif == "biji":
        ill.ring(560, 600, 26, 18, 3, -30).ring(640, 600, 26, 18, 3, 30)
        ill.line(spline([(540, 608), (556, 598), (564, 604), (580, 592)], False, 6), 2.5)
        ill.line(spline([(620, 592), (636, 604), (644, 598), (660, 608)], False, 6), 2.5)
    else:  # daun
        ill.line(spline([(600, 646), (600, 600), (606, 560)], False, 8), 3)
        ill.poly(spline([(600, 612), (560, 600), (540, 572), (580, 580)], True, 8))
        ill.poly(spline([(604, 590), (646, 570), (664, 546), (624, 556)], True, 8))
    p.paint(ill.done(), tc, 0.95)
    y = 690
    for txt, size, bold in lines:
        p.paint(vv.mask().text((600, y), txt, size, bold, serif=bold).done(), tc, 0.97)
        y += size * 1.25
    # gusset line at the bottom
    p.paint(vv.mask().line(spline([(360, 900), (480, 930), (600, 936), (720, 930), (840, 900)], False, 10),
                           1.4).done(), base * 0.55, 0.6)
    # beans
    br = np.random.default_rng(beans_seed)
    beans = []
    for cx, cy, n in ((250, 1010, 7), (955, 1030, 6)):
        for _ in range(n):
            beans.append((cx + br.uniform(-70, 70), cy + br.uniform(-30, 40), br.uniform(0, 180),
                          br.uniform(0.92, 1.08)))
    beans.sort(key=lambda b: b[1])
    draw_beans(p, beans)
    return p


# ---------------------------------------------------------------------------
# the photo list
# ---------------------------------------------------------------------------

def kopi_gayo(v):
    return scene_kopi(v, "kopi-arabika-gayo", "#2f5a45", "#f1e6cc",
                      [("ARABIKA", 40, True), ("GAYO", 40, True),
                       ("Aceh Tengah · 250 g", 17, False)], motif="gunung", beans_seed=3)


def kopi_temanggung(v):
    return scene_kopi(v, "kopi-robusta-temanggung", "#c9a56a", "#2a1d14",
                      [("ROBUSTA", 40, True), ("TEMANGGUNG", 30, True),
                       ("Jawa Tengah · 250 g", 17, False)], pouch="black", motif="biji",
                      beans_seed=5, top="#e8e6e2", bottom="#c4beb5")


def kopi_kintamani(v):
    return scene_kopi(v, "kopi-arabika-kintamani", "#b9542b", "#f6e7cf",
                      [("ARABIKA", 40, True), ("KINTAMANI", 34, True),
                       ("Bali · 250 g", 17, False)], motif="daun", beans_seed=9,
                      top="#f1ece6", bottom="#d8cbbd")


PHOTOS: list[tuple[str, Callable[[View], Photo], View]] = []


def _add(rel: str, fn, view: View | None = None):
    PHOTOS.append((rel, fn, view))


_add("kemeja-batik-parang/kemeja-batik-parang.jpg", scene_kemeja_parang)
_add("kain-batik-tulis-mega-mendung/kain-batik-tulis-mega-mendung.jpg", scene_kain_mega_mendung)
_add("kain-batik-tulis-mega-mendung/kain-batik-tulis-mega-mendung-detail.jpg",
     scene_kain_mega_mendung, (2.4, 720, 700))
_add("blus-batik-kawung/blus-batik-kawung.jpg", scene_blus_kawung)
_add("kemeja-batik-truntum/kemeja-batik-truntum.jpg", scene_kemeja_truntum)
_add("kain-tenun-ikat-sumba/kain-tenun-ikat-sumba.jpg", scene_kain_ikat)
_add("kain-tenun-ikat-sumba/kain-tenun-ikat-sumba-detail.jpg", scene_kain_ikat,
     (2.3, 820, 560))
_add(f"{SHARED}/selendang-tenun-troso.jpg", scene_selendang_troso)
_add("sarung-tenun-samarinda/sarung-tenun-samarinda.jpg", scene_sarung_samarinda)
_add("sepatu-kulit-oxford-sogan/sepatu-kulit-oxford-sogan.jpg", scene_sepatu)
_add("sepatu-kulit-oxford-sogan/sepatu-kulit-oxford-sogan-detail.jpg", scene_sepatu,
     (2.0, 770, 690))
_add("sandal-kulit-selop-anyam/sandal-kulit-selop-anyam.jpg", scene_sandal)
_add("tas-kulit-selempang/tas-kulit-selempang.jpg", scene_tas_selempang)
_add("tas-kulit-selempang/tas-kulit-selempang-detail.jpg", scene_tas_selempang,
     (2.4, 640, 700))
_add("tas-tote-tenun/tas-tote-tenun.jpg", scene_tas_tote)
_add(f"{SHARED}/dompet-kulit-lipat.jpg", scene_dompet)
_add("kopi-arabika-gayo/kopi-arabika-gayo.jpg", kopi_gayo)
_add(f"{SHARED}/kopi-robusta-temanggung.jpg", kopi_temanggung)
_add("kopi-arabika-kintamani/kopi-arabika-kintamani.jpg", kopi_kintamani)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=PRODUCTS,
                    help="products folder to write into (default: content/products)")
    ap.add_argument("--only", nargs="*", default=None,
                    help="only photos whose path contains one of these strings")
    ap.add_argument("--list", action="store_true", help="list the photos and exit")
    args = ap.parse_args(argv)

    total = 0
    for rel, fn, zoom in PHOTOS:
        if args.only and not any(s in rel for s in args.only):
            continue
        if args.list:
            print(rel)
            continue
        t0 = time.time()
        view = View(*zoom) if zoom else View()
        photo = fn(view)
        size = photo.save(args.out / rel)
        total += size
        print(f"{rel:70s} {size / 1024:6.1f} KB  {time.time() - t0:4.1f}s")
    if not args.list:
        print(f"total {total / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
