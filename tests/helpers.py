"""Small shops for tests, made from a dict of files (after MkDocs' tempdir helper)."""

from __future__ import annotations

import io
import os
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from PIL import Image, ImageDraw

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent

SHOP_TOML = """title = "Toko Uji"
base_url = "https://tokouji.example/"
language = "id"
currency = "IDR"

[contact]
whatsapp = "6281234567890"
email = "halo@tokouji.example"
response_time = "Kami membalas dalam 1 jam."
"""

WORDS = " ".join(["Kain katun lembut yang nyaman dipakai setiap hari"] * 5)  # 40 words


def product_md(front: str, body: str = WORDS) -> str:
    return f"---\n{front.strip()}\n---\n{body}\n"


GOOD_PRODUCT = product_md("title: Kemeja Batik\nprice: 185000\nsku: KB-1\ncategory: Batik\nphotos: [kemeja.jpg]")
PRIVACY = "---\ntitle: Kebijakan Privasi\n---\nKami hanya menyimpan data untuk mengirim pesanan.\n"


def make_photo(path: Path, size: tuple[int, int] = (900, 900), color=(180, 60, 40), **save) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.new("RGB", size, color)
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 40):
        draw.line((x, 0, size[0] - x, size[1]), fill=(250, 240, 220), width=3)
    fmt = save.pop("format", "PNG" if path.suffix == ".png" else "JPEG")
    image.save(path, fmt, **save)
    return path


def make_shop(root: Path, files: dict[str, str | None] | None = None, photos: tuple[str, ...] = ("content/products/kemeja.jpg",)) -> Path:
    """A valid one-product shop; `files` adds, replaces (text) or removes (None) files."""
    base: dict[str, str | None] = {
        "shop.toml": SHOP_TOML,
        "content/products/kemeja.md": GOOD_PRODUCT,
        "content/pages/privacy.md": PRIVACY,
    }
    base.update(files or {})
    for name, text in base.items():
        path = root / name
        if text is None:
            if path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for photo in photos:
        if not (root / photo).exists():
            make_photo(root / photo)
    return root


def run(*args: str | os.PathLike) -> tuple[int, str, str]:
    """Run the CLI in-process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main([str(a) for a in args])
        except SystemExit as exit_:
            code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def build(root: Path, *extra: str) -> tuple[int, str]:
    code, _, err = run("build", "--shop", root, "--no-git", *extra)
    return code, err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def copy_demo(target: Path) -> Path:
    """The bundled demo shop (the repository root) without its build output and caches."""
    shutil.copytree(
        REPO, target,
        ignore=shutil.ignore_patterns(".git", ".venv*", "public", ".etalase-cache", "__pycache__", "*.egg-info", "build", "node_modules", ".pytest_cache"),
    )
    return target


def built_demo(target: Path, *extra: str) -> Path:
    """The demo shop copied to `target` and built (with `extra` build options); fails the test if it does not build."""
    shop = copy_demo(target)
    code, err = build(shop, *extra)
    assert code == 0, err
    return shop


def git(root: Path, *args: str, date: str | None = None) -> None:
    """Run git in a test repository; `date` (YYYY-MM-DD) sets the commit's date."""
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{date}T12:00:00+07:00"
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def page_text(html: str) -> str:
    """A page's text as a reader sees it: tags left out, runs of white space as one space (a price range is
    written as one element per amount, so each stays on one line)."""
    import re

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
