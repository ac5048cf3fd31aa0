"""A synthetic shop of N products in Etalase's format, for benchmarks and tests."""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw

CATEGORIES = ["Batik", "Tenun", "Sepatu", "Tas", "Kopi", "Aksesori", "Kaos", "Songket"]
WORDS = ("kain katun lembut nyaman dipakai harian dijahit rapi oleh perajin lokal dengan pewarna alami "
         "cocok untuk acara resmi maupun santai ukuran lengkap mudah dirawat cuci dengan air dingin").split()


def make_photos(folder: Path, count: int, size: int = 1200) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for index in range(count):
        rng = random.Random(index)
        image = Image.new("RGB", (size, size), tuple(rng.randrange(150, 240) for _ in range(3)))
        draw = ImageDraw.Draw(image)
        for _ in range(60):
            x, y = rng.randrange(size), rng.randrange(size)
            r = rng.randrange(20, 160)
            draw.ellipse((x - r, y - r, x + r, y + r), outline=tuple(rng.randrange(0, 120) for _ in range(3)), width=rng.randrange(2, 9))
        name = f"foto-{index:03d}.jpg"
        image.save(folder / name, "JPEG", quality=85)
        names.append(name)
    return names


def make_shop(root: Path, products: int, photos: int = 20) -> Path:
    """`products` Markdown files sharing `photos` photos (a folder of shared photos)."""
    (root / "content/pages").mkdir(parents=True, exist_ok=True)
    (root / "shop.toml").write_text(
        'title = "Toko Sintetis"\nbase_url = "https://sintetis.example/"\nlanguage = "id"\ncurrency = "IDR"\n\n'
        '[contact]\nwhatsapp = "6281234567890"\nemail = "halo@sintetis.example"\nresponse_time = "Dalam 1 jam."\n',
        encoding="utf-8",
    )
    (root / "content/pages/privacy.md").write_text("---\ntitle: Privasi\n---\nKami hanya menyimpan data untuk pengiriman.\n", encoding="utf-8")
    for slug, title in (("how-to-order", "Cara Memesan"), ("shipping", "Pengiriman"), ("returns", "Pengembalian"), ("payment", "Pembayaran")):
        (root / f"content/pages/{slug}.md").write_text(f"---\ntitle: {title}\n---\nPenjelasan {title.lower()} untuk pembeli.\n", encoding="utf-8")
    names = make_photos(root / "content/products/foto-bersama", photos)
    rng = random.Random(42)
    for index in range(products):
        category = CATEGORIES[index % len(CATEGORIES)]
        state = ["in_stock"] * 8 + ["preorder", "sold_out"]
        availability = state[index % len(state)]
        front = [
            f"title: Produk {category} Nomor {index}",
            f"price: {rng.randrange(20, 900) * 1000}",
            f"sku: SKU-{index:05d}",
            f"category: {category}",
            f"availability: {availability}",
            f"photos:\n  - src: foto-bersama/{names[index % len(names)]}\n    alt: Foto produk {category} nomor {index}",
            f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]",
        ]
        if availability == "preorder":
            front.append("ready_date: 2027-02-01")
        if index % 5 == 0:
            front.append("variants:\n  - name: Ukuran\n    options: [S, M, L, XL]")
        if index % 7 == 0:
            front.append(f"sale_price: {rng.randrange(10, 19) * 1000}")
        body = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(45)).capitalize() + "." for _ in range(3))
        (root / f"content/products/produk-{index:05d}.md").write_text("---\n" + "\n".join(front) + "\n---\n" + body + "\n", encoding="utf-8")
    return root
