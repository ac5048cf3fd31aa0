"""`etalase new DIR`: a small shop that builds as it is, to edit from."""

from __future__ import annotations

from pathlib import Path

SHOP_TOML = '''# Your shop. Every key is explained in the Etalase README.
title = "Toko Saya"
base_url = "https://tokosaya.example/"
language = "id"        # id or en
currency = "IDR"
theme = "etalase"
description = "Kaos dan kain buatan tangan, dikirim dari Yogyakarta."

[contact]
whatsapp = "6281234567890"   # with country code, no + or leading 0
email = "halo@tokosaya.example"
hours = "Senin–Sabtu, 09.00–17.00 WIB"
response_time = "Kami membalas pesan dalam 1 jam pada jam kerja."

[order]
payment_methods = ["Transfer bank", "QRIS"]
booking_rule = "Barang yang dipesan kami simpan 2 × 24 jam; jika belum dibayar, barang kami jual kembali."

[quality]
min_description_words = 30

# [editor]
# repo = "owner/name"   # the shop's GitHub repository, for the browser editor at /admin/
# branch = "main"
'''

PRODUCT = '''---
title: Kaos Katun Motif Kawung
price: 125000
sku: KAOS-001
category: Kaos
photos:
  - src: kaos-kawung.jpg
    alt: Kaos katun putih dengan sablon motif kawung biru di bagian depan
options:
  Ukuran: [S, M, L, XL]
weight_grams: 250
featured: true
---
Kaos dari katun combed 30s yang lembut dan menyerap keringat, dengan sablon motif
kawung berwarna biru di bagian depan. Jahitan rantai di bahu membuatnya awet dipakai
sehari-hari. Ukuran S lebar dada 48 cm, M 50 cm, L 52 cm, XL 54 cm. Cuci dengan air
dingin, jangan diperas kuat, dan setrika dari bagian dalam agar sablon tetap rapi.
'''

PRIVACY = '''---
title: Kebijakan Privasi
---
Kami hanya mencatat nama, nomor WhatsApp atau email, dan alamat pengiriman yang Anda
kirimkan saat memesan, untuk memproses dan mengirim pesanan Anda. Data ini tidak kami
jual atau berikan kepada pihak lain selain jasa pengiriman. Situs ini tidak memakai
cookie pelacak. Untuk melihat atau menghapus data Anda, hubungi kami lewat WhatsApp
atau email yang tertera di bawah.
'''

HOW_TO_ORDER = '''---
title: Cara Memesan
---
Buka halaman produk, pilih ukuran, lalu tekan tombol "Pesan via WhatsApp". Pesan
berisi nama produk dan harga sudah terisi; cukup kirim, dan kami membalas dengan
total ongkos kirim dan nomor rekening.
'''


SHIPPING = '''---
title: Pengiriman
---
Pesanan dikirim dari Yogyakarta dengan JNE, J&T atau SiCepat dalam 1–2 hari kerja setelah
pembayaran kami terima. Ongkos kirim dihitung dari berat paket dan kota tujuan; nomor resi
kami kirim lewat WhatsApp pada hari pengiriman.
'''

RETURNS = '''---
title: Pengembalian
---
Jika barang yang Anda terima salah ukuran, cacat, atau tidak sesuai foto, kabari kami dalam
3 hari sejak paket tiba dengan foto barangnya. Kami tukar dengan barang yang benar atau kami
kembalikan uang Anda, dan ongkos kirim pengembalian kami yang tanggung.
'''

PAYMENT = '''---
title: Pembayaran
---
Pembayaran lewat transfer bank atau QRIS. Setelah Anda memesan lewat WhatsApp, kami kirim total
harga dengan ongkos kirim. Pesanan kami proses setelah pembayaran masuk; untuk pre-order cukup
uang muka 50 persen.
'''

# For the seller, at the repository's root where GitHub shows it on the front page; the build reads only
# content/ and shop.toml, so it is never published.
SELLER_README = '''# Toko Saya

Ini folder toko Anda. Isi toko ada di `content/` (produk di `content/products/`, halaman di
`content/pages/`), pengaturannya di `shop.toml`. File ini hanya untuk Anda: tidak tampil di toko.

## Mengubah toko dari HP

Produk, harga, stok dan foto bisa diubah dari browser di HP, tanpa memasang aplikasi.

### Sekali saja: siapkan akun dan token

1. Buat akun GitHub di https://github.com/signup (gratis). Jika repositori toko ini milik orang
   lain, minta dia mengundang akun Anda (Settings → Collaborators).
2. Di `shop.toml`, hapus tanda `#` di depan tiga baris `[editor]`, `repo` dan `branch`, lalu isi
   `repo` dengan nama repositori ini, misalnya `repo = "budi/toko-saya"`. Di GitHub: buka
   `shop.toml`, tekan ikon pensil, ubah, lalu tekan **Commit changes**.
3. Buat token (kunci masuk ke editor) di https://github.com/settings/personal-access-tokens/new:
   - **Token name**: misalnya `Editor toko`.
   - **Expiration**: berapa lama token berlaku. Setelah habis, buat token baru dengan cara yang sama.
   - **Repository access**: pilih **Only select repositories**, lalu pilih repositori toko ini saja.
   - **Permissions** → **Repository permissions** → **Contents**: pilih **Read and write**.
   - Tekan **Generate token** dan salin tokennya (diawali `github_pat_`).

   Token itu seperti kata sandi: simpan di tempat aman dan jangan dikirim ke siapa pun.

### Masuk ke editor

1. Buka `https://<alamat toko>/admin/`: alamat toko Anda (`base_url` di `shop.toml`) ditambah
   `/admin/`, misalnya https://tokosaya.example/admin/.
2. Tekan **Sign In with Token**, tempel token Anda, lalu masuk.

### Menambah produk dengan foto

1. Buka daftar produk dan buat produk baru (**New**).
2. Isi nama, harga, deskripsi, dan ukuran atau pilihan lain bila ada.
3. Di bagian foto, tambahkan foto dari galeri atau langsung dari kamera HP. Foto diperkecil di
   browser sebelum diunggah, jadi hemat kuota. Foto HEIC dari iPhone diubah dulu, beberapa detik
   ("Processing a file"): tunggu sampai nama fotonya berakhiran `.webp` sebelum menekan **Save**.
   Bila muncul "One field has an error", tekan **Save** sekali lagi.
4. Untuk setiap foto, tulis keterangan singkat tentang apa yang terlihat. Keterangan ini dibacakan
   untuk pembeli tunanetra.
5. Tekan **Save**.

### Melihat hasilnya

Setiap kali Anda menyimpan, GitHub membangun ulang toko. Lihat di tab **Actions** repositori ini:
lingkaran kuning berarti sedang berjalan, centang hijau berarti sudah tayang. Biasanya beberapa
menit. Setelah itu buka toko dan muat ulang halamannya.

### Jika perubahan ditolak

Sebelum tayang, toko diperiksa: harga harus angka, foto harus ada, deskripsi cukup panjang, dan
seterusnya. Jika ada yang salah, toko tetap tayang seperti sebelumnya, dan GitHub mengirim email
bahwa workflow gagal.

1. Buka email itu, atau tab **Actions**, lalu pilih jalannya yang bertanda silang merah.
2. Buka langkah **Build** yang gagal. Pesannya menyebut nama file dan masalahnya, misalnya
   `content/products/kaos-kawung/index.md:3: price: must be a number (got "murah")`.
3. Perbaiki produk itu di editor, lalu simpan lagi. Setelah centang hijau, perubahan tayang.

## Di komputer

Dengan Etalase terpasang, jalankan `etalase serve` di folder ini. Toko tampil di
http://127.0.0.1:8000/ dan editor yang sama ada di http://127.0.0.1:8000/admin/: pilih
**Work with Local Repository** dan folder ini (perlu Chrome atau Edge). Setiap simpan langsung
terlihat di pratinjau; kirim perubahannya ke GitHub seperti biasa (commit dan push).
'''


def publish_workflow() -> str:
    """The GitHub Actions workflow of a new shop: it installs exactly this version of Etalase unless
    shop.toml's `[publish] install` says otherwise (e.g. from the project's git repository)."""
    from . import __version__

    template = (Path(__file__).parent / "workflow.yml").read_text(encoding="utf-8")
    return template.replace("ETALASE_VERSION", __version__)


class ScaffoldError(Exception):
    pass


def _photo(path: Path) -> None:
    """A plain product-like photo made on the spot, so the scaffold ships no binary."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1000, 1000), (236, 232, 224))
    draw = ImageDraw.Draw(image)
    draw.polygon([(300, 220), (420, 180), (580, 180), (700, 220), (800, 360), (700, 410), (680, 360), (680, 840), (320, 840), (320, 360), (300, 410), (200, 360)], fill=(250, 250, 248), outline=(120, 120, 120))
    for row in range(4):
        for col in range(4):
            x, y = 400 + col * 50, 420 + row * 50
            draw.ellipse((x, y, x + 40, y + 40), outline=(31, 78, 140), width=6)
    image.save(path, "JPEG", quality=85)


def create_shop(directory: Path) -> None:
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise ScaffoldError(f"{directory}: already exists and is not empty; choose a new folder")
    product_dir = directory / "content" / "products" / "kaos-kawung"
    pages = directory / "content" / "pages"
    product_dir.mkdir(parents=True)
    pages.mkdir(parents=True)
    (directory / "shop.toml").write_text(SHOP_TOML, encoding="utf-8")
    (directory / "README.md").write_text(SELLER_README, encoding="utf-8")
    (directory / ".gitignore").write_text("/public/\n.etalase-cache/\n", encoding="utf-8")
    (product_dir / "index.md").write_text(PRODUCT, encoding="utf-8")
    _photo(product_dir / "kaos-kawung.jpg")
    (pages / "privacy.md").write_text(PRIVACY, encoding="utf-8")
    (pages / "how-to-order.md").write_text(HOW_TO_ORDER, encoding="utf-8")
    (pages / "shipping.md").write_text(SHIPPING, encoding="utf-8")
    (pages / "returns.md").write_text(RETURNS, encoding="utf-8")
    (pages / "payment.md").write_text(PAYMENT, encoding="utf-8")
    workflows = directory / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "publish.yml").write_text(publish_workflow(), encoding="utf-8")
