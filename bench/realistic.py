"""A realistic shop of N products in Etalase's format, as a seller's shop looks, for benchmarks and tests.

Unlike bench/synthetic.py (20 photos shared by every product, two tags, 8 even categories, 135-word
descriptions), this shop has:

* about one distinct photo per two products (N // 2 by default), phone-camera sized: 1600-3000 px on
  the long side, 4:3, 3:4 or square, with gradients, textured shapes and grain (bench/photos.py's
  ``make_photo``) so they compress as photos do. A product shows its own photo first (two neighbouring
  products, as colours of one item, share it) and 0-2 more from the pool;
* 2-5 tags on every product from a vocabulary of 60, drawn with Zipf weights (the most used on about
  half the products, the next few on a fifth to a third, a long tail on 1 % each);
* 12 categories of uneven size (from about a quarter of the products down to 1 %), a few products with none;
* descriptions of about 200-500 words: Markdown paragraphs with some bold text and a list of facts;
* variants on about a quarter of the products (the older `variants: [{name, options}]`), a few
  preorders, some sold out, low stock, booked, on sale or featured;
* file times spread over the last 85 days, inside the 90 after which Etalase calls a product stale
  (Etalase with --no-git and Hugo both date products by them).

``plan(..., variants="every")`` gives every product instead 2 options and 12 combinations, each with
its own price (and its own SKU where the product has one, one sold out on about a third of the
products), and ``variants="none"`` the same catalog without any: the two differ only there, for
bench/compare.py's ``--catalog variants`` (issue 15).

Everything comes from one seed: the same arguments make the same files. Photos take about a second each
to make, so they are made once into a cache folder (bench/.work/photos/ by default) and hard-linked into
each shop; a second run makes none.
"""

from __future__ import annotations

import os
import random
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator.slugs import slugify

SEED = 14
PHOTOS_VERSION = 1  # bump when the photos change: they are cached under this number
PHOTO_CACHE = Path(__file__).resolve().parent / ".work/photos"
PHOTO_FOLDER = "foto"  # content/products/foto/: the seller's photos, shared by the products
DAY = 86400

# (name, weight, kinds, varieties, extras, variant): an uneven spread, as a seller's categories are
CATEGORIES = [
    ("Batik", 26, ["Kemeja Batik", "Kain Batik", "Blus Batik", "Dress Batik", "Outer Batik"],
     ["Parang", "Kawung", "Truntum", "Mega Mendung", "Sekar Jagad", "Sidomukti", "Lasem", "Pekalongan", "Sogan"], "colour", "Ukuran"),
    ("Tenun", 15, ["Kain Tenun", "Selendang Tenun", "Sarung Tenun", "Syal Tenun"],
     ["Ikat Sumba", "Troso", "Lurik", "Baduy", "Toraja", "Songket Palembang", "Ulos"], "colour", "Warna"),
    ("Tas & Dompet", 12, ["Tas Tote", "Tas Selempang", "Dompet Kulit", "Ransel Kanvas", "Pouch"],
     ["Anyam", "Kulit Sapi", "Kanvas", "Rotan", "Pandan", "Eceng Gondok"], "colour", "Warna"),
    ("Kopi & Teh", 10, ["Kopi Arabika", "Kopi Robusta", "Teh Hijau", "Teh Melati", "Kopi Luwak"],
     ["Gayo", "Kintamani", "Toraja", "Temanggung", "Flores Bajawa", "Java Preanger", "Kerinci"], "weight", "Berat"),
    ("Sepatu & Sandal", 8, ["Sandal Kulit", "Sepatu Kanvas", "Selop", "Sepatu Kulit"],
     ["Anyam", "Klasik", "Tenun", "Jepit", "Slip-on"], "colour", "Ukuran"),
    ("Aksesori", 7, ["Gelang", "Kalung", "Bros", "Ikat Rambut", "Topi"],
     ["Manik Dayak", "Kayu", "Perak Celuk", "Kuningan", "Mutiara Lombok"], "colour", None),
    ("Kaos", 6, ["Kaos", "Kaos Anak", "Polo"], ["Sablon Wayang", "Aksara Jawa", "Komodo", "Borobudur", "Rempah"], "colour", "Ukuran"),
    ("Perhiasan", 5, ["Cincin", "Anting", "Liontin"], ["Perak Kotagede", "Filigree", "Batu Bacan", "Emas Putih"], None, "Ukuran"),
    ("Dekorasi Rumah", 4, ["Taplak", "Sarung Bantal", "Keranjang", "Lampu Gantung"], ["Rotan", "Bambu", "Batik Cap", "Lurik"], "colour", None),
    ("Camilan", 3, ["Keripik", "Dodol", "Kue Kering", "Sambal"], ["Singkong Balado", "Garut", "Nastar", "Bawang Roa"], "weight", "Berat"),
    ("Perawatan Tubuh", 2, ["Sabun", "Lulur", "Minyak Urut"], ["Sereh", "Kopi", "Kunyit", "Cendana"], None, None),
    ("Mainan Anak", 1, ["Wayang Kardus", "Gasing", "Congklak"], ["Kayu Jati", "Bambu", "Warna-warni"], None, None),
]
COLOURS = ["Biru Indigo", "Merah Marun", "Hijau Botol", "Cokelat Soga", "Hitam", "Krem", "Kuning Kunyit",
           "Abu-abu", "Putih Gading", "Ungu Terong", "Oranye Bata", "Hijau Sage"]
WEIGHTS = ["100 g", "200 g", "250 g", "500 g", "1 kg"]
SIZES = ["S", "M", "L", "XL", "XXL"]

# the tag vocabulary, most used first: weights 1/rank, so the head is on half the products, the tail on 1 %
TAGS = ["handmade", "best seller", "lokal", "promo", "hadiah", "wanita", "pria", "premium", "pewarna alami", "katun",
        "oleh-oleh", "ramah lingkungan", "santai", "kantor", "unisex", "limited edition", "Yogyakarta", "Jawa Tengah",
        "Bali", "motif klasik", "tulis", "cap", "anak", "pesta", "lebaran", "kado ulang tahun", "kulit sapi", "sutra",
        "NTT", "Sumatra", "arabika", "single origin", "anyaman", "rotan", "motif modern", "minimalis", "warna cerah",
        "warna gelap", "organik", "tanpa pengawet", "travel", "slim fit", "oversize", "vintage", "perak", "kuningan",
        "bambu", "kayu jati", "robusta", "gula aren", "vegan", "Sulawesi", "tenun ikat", "printing", "grosir",
        "natal", "ukuran besar", "diskon", "couple", "koleksi museum"]

# descriptions: sentences made from these, so the words vary from product to product as a seller's do
OPENINGS = ["{title} ini dibuat oleh perajin {origin} dengan {method}.", "Kami memilih {title} untuk Anda yang mencari {want}.",
            "{title} hadir dalam warna {colour} yang {mood}.", "Setiap {title} dikerjakan satu per satu di bengkel kecil kami di {origin}.",
            "Inilah {title}, salah satu produk yang paling sering ditanyakan pembeli kami."]
SENTENCES = [
    "Bahannya {texture} dan terasa {feel} saat dipakai seharian.", "Warnanya {mood}, cocok untuk {occasion}.",
    "Proses {method} membutuhkan waktu sekitar {days} hari untuk setiap potong.",
    "Kami menyarankan {care} agar warnanya tetap awet.", "Motifnya terinspirasi dari {inspiration}.",
    "Banyak pembeli memilihnya sebagai {gift} untuk keluarga atau teman.",
    "Foto diambil di bawah cahaya {light}, jadi warna aslinya bisa sedikit berbeda di layar Anda.",
    "Jahitannya {finish} dan tepinya dirapikan dengan tangan.", "Ukurannya {fit}, silakan lihat tabel di bawah sebelum memesan.",
    "Produk ini dikirim dalam {packing} supaya aman sampai di tangan Anda.",
    "Kami bekerja sama dengan {partner} sejak {year}, dan hasilnya selalu {quality}.",
    "Jika Anda ragu soal {doubt}, tanyakan saja lewat WhatsApp; kami biasanya membalas dalam satu jam.",
    "Setiap potong sedikit berbeda karena dibuat dengan tangan, dan justru di situlah {charm}.",
    "Pemakaian pertama mungkin terasa {first}, tetapi setelah beberapa kali dicuci akan menjadi {later}.",
    "Stok kami terbatas karena {reason}.", "Untuk pesanan lebih dari {count} potong, hubungi kami untuk harga {deal}.",
    "Aroma {scent} yang lembut akan tercium saat kemasan dibuka.", "Permukaannya {surface} dengan sentuhan akhir {finish}.",
]
SLOTS = {
    "origin": ["Pekalongan", "Solo", "Yogyakarta", "Sumba Timur", "Jepara", "Garut", "Toraja", "Lombok", "Tasikmalaya", "Cirebon",
               "Lasem", "Kotagede", "Bukittinggi", "Samarinda", "Bajawa"],
    "method": ["canting dan malam panas", "alat tenun bukan mesin", "jahitan tangan", "pewarnaan celup berulang", "sangrai kecil",
               "pahatan manual", "anyaman tangan", "cap tembaga", "proses jemur matahari"],
    "want": ["barang lokal yang awet", "hadiah yang berkesan", "pakaian kerja yang tidak membosankan", "rasa yang jujur",
             "perlengkapan sehari-hari yang rapi", "warna yang tidak pasaran"],
    "colour": [c.lower() for c in COLOURS],
    "mood": ["kalem dan elegan", "cerah tanpa berlebihan", "hangat seperti tanah", "dalam dan tenang", "segar", "klasik"],
    "texture": ["lembut", "agak kaku di awal", "halus", "padat", "ringan", "bertekstur"],
    "feel": ["sejuk", "nyaman", "ringan", "hangat", "tidak gerah"],
    "occasion": ["acara kantor", "kondangan", "jalan-jalan akhir pekan", "hari raya", "rapat penting", "makan malam keluarga"],
    "days": ["tiga", "lima", "tujuh", "sepuluh", "empat belas", "dua puluh"],
    "care": ["mencuci dengan tangan memakai air dingin", "menjemur di tempat teduh", "menyimpan di wadah kedap udara",
             "tidak memakai pemutih", "menyetrika dari sisi dalam", "membersihkan dengan kain kering"],
    "inspiration": ["relief candi", "sawah bertingkat", "ombak pantai selatan", "rumah adat", "bunga kenanga", "burung merak",
                    "pola anyaman tikar", "awan di atas gunung"],
    "gift": ["hadiah ulang tahun", "kado pernikahan", "oleh-oleh", "bingkisan lebaran", "tanda terima kasih"],
    "light": ["matahari pagi", "lampu studio", "jendela yang teduh", "senja"],
    "finish": ["rapi", "kuat", "rapat", "halus", "doff", "mengilap"],
    "fit": ["sedikit lebih besar dari ukuran pasaran", "pas badan", "longgar", "standar Indonesia"],
    "packing": ["kotak kertas daur ulang", "kantong kain", "bubble wrap tebal", "kemasan kedap udara", "besek bambu"],
    "partner": ["kelompok perajin desa", "koperasi petani", "dua keluarga penenun", "bengkel kulit setempat", "ibu-ibu PKK"],
    "year": ["2015", "2017", "2018", "2019", "2021", "2022"],
    "quality": ["konsisten", "memuaskan", "di atas harapan", "rapi"],
    "doubt": ["ukuran", "warna", "waktu pengiriman", "cara perawatan", "bahan"],
    "charm": ["keindahannya", "nilainya", "keunikannya"],
    "first": ["agak kaku", "sedikit kasar", "berbau pewarna"], "later": ["lemas", "lembut", "nyaman"],
    "reason": ["bahan bakunya musiman", "perajinnya hanya sedikit", "kami membuat dalam jumlah kecil", "panen tahun ini sedikit"],
    "count": ["sepuluh", "dua puluh", "lima puluh"], "deal": ["grosir", "khusus", "reseller"],
    "scent": ["kayu", "kopi", "rempah", "melati", "sereh"],
    "surface": ["licin", "sedikit bertekstur", "berpori", "rata"],
}
FACTS = ["**Bahan:** {texture}, dari {origin}", "**Ukuran:** {fit}", "**Perawatan:** {care}", "**Kemasan:** {packing}",
         "**Asal:** {origin}", "**Proses:** {method}", "**Warna:** {colour}", "**Cocok untuk:** {occasion}", "**Waktu pembuatan:** {days} hari"]


@dataclass(frozen=True)
class PhotoSpec:
    index: int
    width: int
    height: int

    @property
    def name(self) -> str:  # as a phone names them
        return f"IMG_{20240000 + self.index:08d}.jpg"


@dataclass(frozen=True)
class ProductSpec:
    file: str  # content/products/<file>
    text: str  # the whole Markdown file
    days_ago: int  # its file time, before the moment the shop is written
    photos: tuple[int, ...]  # indexes into the photo specs
    tags: tuple[str, ...]
    category: str | None
    words: int  # in the description


@dataclass(frozen=True)
class Catalog:
    photos: tuple[PhotoSpec, ...]
    products: tuple[ProductSpec, ...]


def photo_specs(count: int, seed: int = SEED) -> tuple[PhotoSpec, ...]:
    """Sizes as a phone's: 1600-3000 px on the long side; landscape 4:3, portrait 3:4 or square."""
    rng = random.Random(f"photos-{seed}")
    specs = []
    for index in range(count):
        long = rng.randrange(1600, 3001, 8)
        short = long * 3 // 4 // 8 * 8
        shape = rng.choices(("landscape", "portrait", "square"), (60, 25, 15))[0]
        width, height = {"landscape": (long, short), "portrait": (short, long), "square": (long, long)}[shape]
        specs.append(PhotoSpec(index, width, height))
    return tuple(specs)


def _fill(rng: random.Random, template: str, **known: str) -> str:
    return template.format_map({**{key: rng.choice(values) for key, values in SLOTS.items()}, **known})


def _description(rng: random.Random, title: str, colour: str) -> str:
    """Paragraphs of 2-6 sentences until 180-420 words (a last paragraph may pass it), a list of facts after the first or second."""
    target = rng.randrange(180, 421)
    paragraphs, words = [], 0
    first = True
    while words < target:
        sentences = [_fill(rng, rng.choice(OPENINGS), title=title, colour=colour)] if first else []
        first = False
        sentences += [_fill(rng, rng.choice(SENTENCES)) for _ in range(rng.randrange(2, 7))]
        text = " ".join(sentences)
        if rng.random() < 0.3:  # a seller bolds what matters
            text = text.replace(sentences[-1], f"**{sentences[-1][:-1]}**.")
        paragraphs.append(text)
        words += len(text.split())
    facts = "\n".join("- " + _fill(rng, fact) for fact in rng.sample(FACTS, rng.randrange(3, 7)))
    paragraphs.insert(min(len(paragraphs), rng.choice((1, 2))), facts)
    return "\n\n".join(paragraphs)


def _yaml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


VARIANTS = ("some", "every", "none")
PACKS = ["Pouch", "Kaleng", "Toples", "Kotak kado"]


def every_combination(rng: random.Random, kind: str | None, price: int, sku: str | None) -> list[str]:
    """Front matter lines for 2 options making 12 combinations, each with its own price (and SKU)."""
    if kind == "Berat":
        options = {"Berat": ["250 g", "500 g", "1 kg"], "Kemasan": list(PACKS)}
    else:
        options = {"Ukuran": SIZES[:4], "Warna": rng.sample(COLOURS, 3)}
    (first, firsts), (second, seconds) = options.items()
    step = max(1000 * len(seconds), price // 20 // 1000 * 1000)  # each combination a price of its own
    sold_out = rng.randrange(12) if rng.random() < 0.3 else None
    lines = ["options:"] + [f"  {name}: [" + ", ".join(_yaml(value) for value in values) + "]" for name, values in options.items()]
    lines.append("variants:")
    for i, a in enumerate(firsts):
        for j, b in enumerate(seconds):
            entry = f"{first}: {_yaml(a)}, {second}: {_yaml(b)}, price: {price + step * i + 1000 * j}"
            if sku:
                entry += f", sku: {sku}-{i + 1}{j + 1}"
            if sold_out == i * len(seconds) + j:
                entry += ", availability: sold_out"
            lines.append(f"  - {{{entry}}}")
    return lines


def plan(products: int, photos: int | None = None, seed: int = SEED, variants: str = "some") -> Catalog:
    """The whole catalog as data (no files): the same arguments give the same catalog.

    `variants`: "some" (about a quarter of the products, the older form), "every" (2 options and 12
    combinations on every product) or "none"; the rest of the catalog is the same in all three.
    """
    if variants not in VARIANTS:
        raise ValueError(f"variants: one of {', '.join(VARIANTS)}, not {variants!r}")
    photos = max(1, products // 2) if photos is None else photos
    specs = photo_specs(photos, seed)
    rng = random.Random(f"products-{seed}")
    weights = [1 / rank for rank in range(1, len(TAGS) + 1)]
    items, slugs = [], set()
    for index in range(products):
        name, _, kinds, varieties, extra, variant = rng.choices(CATEGORIES, [c[1] for c in CATEGORIES])[0]
        category: str | None = name
        colour = rng.choice(COLOURS)
        title = f"{rng.choice(kinds)} {rng.choice(varieties)}"
        title += {"colour": f" {colour}", "weight": f" {rng.choice(WEIGHTS)}"}.get(extra or "", "")
        slug = slugify(title)
        number = 2
        while slug in slugs:  # a seller's second "Kemeja Batik Parang Hitam"
            slug, number = f"{slugify(title)}-{number}", number + 1
        slugs.add(slug)

        tags: list[str] = []
        count = rng.randrange(2, 6)
        while len(tags) < count:  # 2-5 distinct tags, the popular ones more often
            tag = rng.choices(TAGS, weights)[0]
            if tag not in tags:
                tags.append(tag)
        own = index * photos // products  # two neighbours share their first photo, every photo is someone's first
        shown = [own] + [rng.randrange(photos) for _ in range(rng.choices((0, 1, 2), (55, 30, 15))[0])]
        shown = list(dict.fromkeys(shown))
        views = ["tampak depan", "tampak samping", "detail bahan", "dipakai model", "kemasan"]

        availability = rng.choices(("in_stock", "low_stock", "preorder", "sold_out", "booked"), (83, 5, 3, 8, 1))[0]
        price = rng.randrange(15, 1500) * 1000 if name != "Camilan" else rng.randrange(10, 90) * 1000
        front = [f"title: {_yaml(title)}", f"price: {price}"]
        if rng.random() < 0.7:
            front.append(f"sku: {slugify(name)[:3].upper()}-{index:04d}")
        if rng.random() < 0.98:  # a few products the seller never filed
            front.append(f"category: {_yaml(name)}")
        else:
            category = None
        front.append("tags: [" + ", ".join(_yaml(tag) for tag in tags) + "]")
        front.append(f"weight_grams: {rng.randrange(50, 2000, 10)}")
        if availability != "in_stock":
            front.append(f"availability: {availability}")
        if availability == "low_stock":
            front.append(f"stock: {rng.randrange(1, 4)}")
        if availability in ("preorder", "booked"):  # fixed dates far ahead: the same files every day
            field = "ready_date" if availability == "preorder" else "booked_until"
            front.append(f"{field}: 2030-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}")
        if rng.random() < 0.1:
            front.append(f"sale_price: {price * rng.choice((70, 80, 85, 90)) // 100 // 1000 * 1000}")
        if rng.random() < 0.02:
            front.append("featured: true")
        if variant and rng.random() < 0.3:  # about a quarter of all products (drawn in every mode: the rest stays the same)
            options = {"Ukuran": SIZES[:rng.randrange(3, 6)], "Warna": rng.sample(COLOURS, rng.randrange(2, 5)),
                       "Berat": rng.sample(WEIGHTS, rng.randrange(2, 4))}[variant]
            if variants == "some":
                front.append(f"variants:\n  - name: {variant}\n    options: [" + ", ".join(_yaml(o) for o in options) + "]")
        if variants == "every":  # from a generator of its own, so the other products' draws do not move
            sku = next((line.split(": ", 1)[1] for line in front if line.startswith("sku: ")), None)
            front += every_combination(random.Random(f"variants-{seed}-{index}"), variant, price, sku)
        front.append("photos:" + "".join(
            f"\n  - src: {PHOTO_FOLDER}/{specs[p].name}" + (f"\n    alt: {_yaml(f'{title}, {views[n]}')}" if rng.random() < 0.8 else "")
            for n, p in enumerate(shown)))
        body = _description(rng, title, colour.lower())
        text = "---\n" + "\n".join(front) + "\n---\n" + body + "\n"
        items.append(ProductSpec(f"{slug}.md", text, rng.randrange(0, 86), tuple(shown), tuple(tags), category,
                                 len(body.split())))
    return Catalog(specs, tuple(items))


# --------------------------------------------------------------------------- photos, made once


def _write_photo(item: tuple[int, int, int, str]) -> None:
    from bench.photos import make_photo  # numpy and the generator only in the workers that need them

    index, width, height, path = item
    partial = Path(path + ".part")
    make_photo(10_000 + index, width, height).save(partial, "JPEG", quality=88)
    partial.rename(path)  # a run cut short leaves no half photo in the cache


def cached_photos(specs: tuple[PhotoSpec, ...], cache: Path, scale: float = 1.0) -> list[Path]:
    """Every photo in the cache folder, made (on all cores) only if it is not there yet."""
    folder = cache / (f"v{PHOTOS_VERSION}" + ("" if scale == 1 else f"-scale{scale:g}"))
    folder.mkdir(parents=True, exist_ok=True)
    ignore = cache / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n", encoding="utf-8")  # the cache is never committed
    sized = [(spec, max(16, round(spec.width * scale)), max(16, round(spec.height * scale))) for spec in specs]
    paths = [folder / f"{spec.index:05d}-{w}x{h}.jpg" for spec, w, h in sized]
    missing = [(spec.index, w, h, str(path)) for (spec, w, h), path in zip(sized, paths) if not path.is_file()]
    if missing:
        print(f"making {len(missing)} photos into {folder} (once; later runs reuse them)…", flush=True)
        workers = min(len(missing), os.cpu_count() or 1)
        if workers == 1:
            for item in missing:
                _write_photo(item)
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                list(pool.map(_write_photo, missing, chunksize=4))
    return paths


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)  # the same bytes, no copy
    except OSError:
        shutil.copy2(source, target)


# --------------------------------------------------------------------------- the shop


SHOP_TOML = '''title = "Toko Nusantara"
base_url = "https://nusantara.example/"
language = "id"
currency = "IDR"
description = "Batik, tenun, kopi dan kerajinan dari perajin di seluruh Indonesia."

[contact]
whatsapp = "6281234567890"
email = "halo@nusantara.example"
response_time = "Biasanya dalam 1 jam, Senin sampai Sabtu."
'''
PAGES = {
    "privacy": ("Privasi", "Kami hanya menyimpan nama, alamat dan nomor telepon Anda untuk mengirim pesanan."),
    "how-to-order": ("Cara Memesan", "Pilih produk, tekan tombol pesan, lalu kirim pesan WhatsApp yang sudah terisi."),
    "shipping": ("Pengiriman", "Kami mengirim dari Yogyakarta setiap hari kerja lewat JNE, J&T dan SiCepat."),
    "returns": ("Pengembalian", "Barang yang cacat kami ganti dalam 7 hari setelah diterima."),
    "payment": ("Pembayaran", "Transfer bank BCA, Mandiri, atau QRIS."),
}


def make_shop(root: Path, products: int, photos: int | None = None, cache: Path = PHOTO_CACHE, scale: float = 1.0,
              seed: int = SEED, now: float | None = None, variants: str = "some") -> Catalog:
    """Write the realistic shop into `root` (its photos from `cache`); `scale` shrinks the photos, for tests;
    `variants` as plan's."""
    catalog = plan(products, photos, seed, variants)
    (root / "content/pages").mkdir(parents=True, exist_ok=True)
    (root / "shop.toml").write_text(SHOP_TOML, encoding="utf-8")
    for slug, (title, text) in PAGES.items():
        (root / f"content/pages/{slug}.md").write_text(f"---\ntitle: {title}\n---\n{text}\n", encoding="utf-8")
    now = time.time() if now is None else now
    folder = root / "content/products" / PHOTO_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    oldest = now - 400 * DAY  # older than every product, so a photo does not make its product look updated
    for spec, path in zip(catalog.photos, cached_photos(catalog.photos, cache, scale)):
        target = folder / spec.name
        if not target.exists():
            _link(path, target)
        os.utime(target, (oldest, oldest))
    planned = {product.file for product in catalog.products}
    for stale in (root / "content/products").glob("*.md"):  # a shop kept from a run with other arguments
        if stale.name not in planned:
            stale.unlink()
    for product in catalog.products:
        path = root / "content/products" / product.file
        path.write_text(product.text, encoding="utf-8")
        stamp = now - product.days_ago * DAY
        os.utime(path, (stamp, stamp))
    return catalog
