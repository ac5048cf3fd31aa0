"""What the editor's form says, in each shop language: a label and a hint for every key.

Keys are the schema's ("price", "contact.whatsapp", "variants.for"); the English rule messages
are the build's own words (imported from the contract), so the editor refuses an edit with the
message the build would give, translated for an Indonesian shop.
"""

from __future__ import annotations

from ..contract.before_render import DESCRIPTION_RULE

# key: (Indonesian label, Indonesian hint, English label, English hint); "{currency}" is the shop's symbol.
WORDS: dict[str, tuple[str, str, str, str]] = {
    # products
    "title": ("Nama produk", "Nama yang dicari pembeli, misalnya Kemeja Batik Parang.",
              "Product name", "The name shoppers search for, e.g. Batik Shirt Parang."),
    "price": ("Harga ({currency})", "Angka saja, tanpa titik: 185000.", "Price ({currency})", "A number only, without separators: 185000."),
    "sale_price": ("Harga promo ({currency})", "Lebih rendah dari harga; kosongkan jika tidak ada promo.",
                   "Sale price ({currency})", "Lower than the price; leave empty when there is no sale."),
    "sale_until": ("Promo sampai", "Hari terakhir harga promo.", "Sale until", "The last day of the sale price."),
    "currency": ("Mata uang", "Kosongkan untuk mata uang toko; tiga huruf, misalnya IDR.",
                 "Currency", "Leave empty for the shop's currency; three letters such as IDR."),
    "photos": ("Foto", "Minimal satu foto yang jelas; foto pertama tampil paling depan.",
               "Photos", "At least one clear photo; the first is shown first."),
    "photos.src": ("Berkas foto", "Foto dari ponsel diperkecil sebelum diunggah.", "Photo file", "Phone photos are made smaller before upload."),
    "photos.alt": ("Foto: keterangan untuk pembeli tunanetra", "Apa yang terlihat di foto, misalnya: kemeja batik cokelat tampak depan.",
                   "Photo: description for blind shoppers", "What the photo shows, e.g. brown batik shirt, front."),
    "photos.focus": ("Titik fokus potongan kecil", "Dua angka 0 sampai 1 (kiri, atas); kosongkan untuk tengah.",
                     "Thumbnail focus", "Two numbers from 0 to 1 (left, top); leave empty for the centre."),
    "availability": ("Ketersediaan", "", "Availability", ""),
    "ready_date": ("Tanggal siap (pre-order)", "Wajib untuk pre-order: kapan barang dikirim.",
                   "Ready date (preorder)", "Required for a preorder: when it ships."),
    "stock": ("Sisa stok", "Wajib untuk stok terbatas: berapa yang tersisa.", "Stock left", "Required for low stock: how many are left."),
    "booked_until": ("Dipesan sampai", "Wajib untuk barang yang dipesan: hari terakhir menunggu pembayaran.",
                     "Booked until", "Required for booked: the last day the booking waits for payment."),
    "sku": ("SKU", "Kode barang Anda sendiri (opsional).", "SKU", "Your own item code (optional)."),
    "category": ("Kategori", "Satu nama pendek, misalnya Batik.", "Category", "One short name, e.g. Batik."),
    "tags": ("Tag", "Kata-kata untuk mencari, satu per baris.", "Tags", "Words to find it by, one a line."),
    "options": ("Pilihan (ukuran, warna…)", "Sampai 3 pilihan, misalnya Ukuran: S, M, L.",
                "Options (size, colour…)", "Up to 3 options, e.g. Size: S, M, L."),
    "options.name": ("Nama pilihan", "Misalnya Ukuran atau Warna.", "Option name", "E.g. Size or Colour."),
    "options.one": ("Pilihan", "", "Option", ""),
    "options.values": ("Nilai", "Satu per baris, dalam urutan tampil: S, M, L.", "Values", "One a line, in the order shown: S, M, L."),
    "variants": ("Varian yang berbeda", "Hanya yang berbeda dari produk: harga, stok, foto, SKU per ukuran atau warna.",
                 "Variants that differ", "Only what differs from the product: price, stock, photo, SKU per size or colour."),
    "variants.one": ("Varian", "", "Variant", ""),
    "variants.for": ("Untuk pilihan", "Nama pilihan dan nilainya, misalnya Ukuran dan XXL.",
                     "For the choice", "Option name and value, e.g. Size and XXL."),
    "variants.value": ("Nilai pilihan", "", "Option value", ""),
    "variants.price": ("Harga ({currency})", "", "Price ({currency})", ""),
    "variants.sale_price": ("Harga promo ({currency})", "", "Sale price ({currency})", ""),
    "variants.sale_until": ("Promo sampai", "", "Sale until", ""),
    "variants.sku": ("SKU", "", "SKU", ""),
    "variants.availability": ("Ketersediaan", "", "Availability", ""),
    "variants.stock": ("Sisa stok", "", "Stock left", ""),
    "variants.ready_date": ("Tanggal siap (pre-order)", "", "Ready date (preorder)", ""),
    "variants.booked_until": ("Dipesan sampai", "", "Booked until", ""),
    "variants.weight_grams": ("Berat (gram)", "", "Weight (grams)", ""),
    "variants.photo": ("Foto varian", "Tampil paling depan saat pilihan ini dipilih.", "Variant photo", "Shown first when this choice is picked."),
    "weight_grams": ("Berat (gram)", "Untuk perkiraan ongkos kirim.", "Weight (grams)", "For the shipping estimate."),
    "featured": ("Tampilkan di halaman depan", "", "Show on the home page", ""),
    "draft": ("Draf (belum tampil di toko)", "", "Draft (not shown in the shop)", ""),
    "updated": ("Terakhir diperbarui", "Isi saat isi produk benar-benar berubah.", "Last updated", "Set it when the product really changed."),
    "created": ("Mulai dijual", "", "On sale since", ""),
    "brand": ("Merek", "", "Brand", ""),
    "description": ("Ringkasan untuk mesin pencari", "Satu atau dua kalimat; kosongkan untuk memakai awal deskripsi.",
                    "Summary for search engines", "One or two sentences; leave empty to use the description's start."),
    "aliases": ("Alamat lama", "Nama berkas lama produk ini, agar tautan lama tetap jalan.",
                "Old addresses", "Old file names of this product, so old links keep working."),
    "condition": ("Kondisi", "Baru, rekondisi atau bekas; untuk Google Shopping dan katalog Instagram/Facebook.",
                  "Condition", "New, refurbished or used; for Google Shopping and the Instagram/Facebook catalog."),
    "gtin": ("Barcode (GTIN/EAN)", "Angka di bawah barcode kemasan, jika ada; kosongkan untuk buatan sendiri.",
             "Barcode (GTIN/EAN)", "The digits under the package's barcode, if it has one; leave empty for your own make."),
    "mpn": ("Nomor part pabrik (MPN)", "Kode barang dari pembuatnya, jika ada.", "Maker's part number (MPN)", "The maker's code for the item, if there is one."),
    "google_product_category": ("Kategori Google", "Nomor atau nama kategori produk Google, misalnya 2271 (gaun); boleh kosong.",
                                "Google category", "The number or name of Google's product category, e.g. 2271 (dresses); may be empty."),
    "body": ("Deskripsi", "Bahan, ukuran, cara merawat, isi paket.", "Description", "Material, sizes, care, what is in the package."),
    # pages
    "page.title": ("Judul halaman", "", "Page title", ""),
    "page.updated": ("Terakhir diperbarui", "", "Last updated", ""),
    "page.body": ("Isi halaman", "", "Page text", ""),
    # shop.toml
    "shop.title": ("Nama toko", "", "Shop name", ""),
    "shop.description": ("Tentang toko (satu kalimat)", "", "About the shop (one sentence)", ""),
    "shop.base_url": ("Alamat toko di internet", "Misalnya https://tokoku.example/", "Shop address", "E.g. https://tokoku.example/"),
    "shop.language": ("Bahasa utama", "", "Main language", ""),
    "shop.languages": ("Bahasa lain", "", "Other languages", ""),
    "shop.currency": ("Mata uang", "", "Currency", ""),
    "shop.theme": ("Tema", "", "Theme", ""),
    "shop.timezone": ("Zona waktu", "Misalnya Asia/Jakarta.", "Time zone", "E.g. Asia/Jakarta."),
    "shop.logo": ("Logo", "Berkas PNG atau JPEG persegi, minimal 512 px.", "Logo", "A square PNG or JPEG, at least 512 px."),
    "shop.cname": ("Domain sendiri", "Tanpa https://, misalnya toko.example.id.", "Own domain", "Without https://, e.g. toko.example.id."),
    "shop.contact": ("Kontak", "Minimal satu cara menghubungi; tampil di setiap halaman.", "Contact", "At least one way to reach you; shown on every page."),
    "contact.whatsapp": ("WhatsApp", "Dengan kode negara, tanpa + atau 0 di depan: 6281234567890.",
                         "WhatsApp", "With the country code, no + or leading 0: 6281234567890."),
    "contact.email": ("Email", "", "Email", ""),
    "contact.phone": ("Telepon", "", "Phone", ""),
    "contact.instagram": ("Instagram", "Nama akun, tanpa @.", "Instagram", "The account name, without @."),
    "contact.telegram": ("Telegram", "Nama akun, tanpa @.", "Telegram", "The account name, without @."),
    "contact.address": ("Alamat", "", "Address", ""),
    "contact.hours": ("Jam buka", "Misalnya Senin–Sabtu, 09.00–17.00 WIB.", "Opening hours", "E.g. Mon–Sat, 9:00–17:00."),
    "contact.response_time": ("Janji waktu membalas", "Misalnya: Kami membalas dalam 1 jam pada jam kerja.",
                              "Reply-time promise", "E.g. We reply within an hour during opening hours."),
    "shop.order": ("Pemesanan dan pengiriman", "", "Ordering and shipping", ""),
    "order.payment_methods": ("Cara bayar", "Satu per baris: Transfer bank, QRIS.", "Payment methods", "One a line: Bank transfer, QRIS."),
    "order.booking_rule": ("Aturan barang dipesan", "", "Booking rule", ""),
    "order.shipping_note": ("Catatan pengiriman", "", "Shipping note", ""),
    "order.shipping_flat": ("Ongkos kirim tetap ({currency})", "Satu harga per pesanan; atau isi per kg, bukan keduanya.",
                            "Flat shipping ({currency})", "One price per order; or per kg, not both."),
    "order.shipping_per_kg": ("Ongkos kirim per kg ({currency})", "", "Shipping per kg ({currency})", ""),
    "order.ships_to": ("Negara tujuan kirim", "Kode dua huruf, satu per baris: ID. Kosongkan untuk negara mata uang toko.",
                       "Ships to", "Two-letter country codes, one a line: ID. Leave empty for the country of the shop's currency."),
    "order.handling_days": ("Lama menyiapkan pesanan (hari)", "Dari pesanan sampai diserahkan ke kurir: 1 atau 1-2.",
                            "Handling time (days)", "From the order to the courier: 1 or 1-2."),
    "order.transit_days": ("Lama di perjalanan (hari)", "Dari kurir sampai barang tiba: 2 atau 2-4.",
                           "Transit time (days)", "From the courier to the door: 2 or 2-4."),
    "shop.returns": ("Pengembalian barang", "Tampil di halaman pengembalian dan dibaca Google bersama produk.",
                     "Returns", "Shown on the returns page and read by Google with each product."),
    "returns.accepted": ("Menerima pengembalian", "Matikan jika barang tidak bisa dikembalikan.",
                         "Returns accepted", "Turn off when items cannot be returned."),
    "returns.days": ("Batas pengembalian (hari)", "Berapa hari setelah barang diterima, misalnya 7.",
                     "Return window (days)", "How many days after delivery, e.g. 7."),
    "returns.fees": ("Ongkos kirim pengembalian", "free: Anda yang membayar; customer: pembeli yang membayar.",
                     "Return shipping paid by", "free: you pay; customer: the shopper pays."),
    "returns.shipping_fee": ("Biaya pengembalian tetap ({currency})", "Hanya jika pembeli membayar jumlah tetap.",
                             "Fixed return fee ({currency})", "Only when the shopper pays a fixed amount."),
    "returns.method": ("Cara mengembalikan", "mail: lewat kurir atau pos; in_store: dibawa ke toko.",
                       "Return method", "mail: by courier or post; in_store: brought to the shop."),
    "shop.messages": ("Pesan yang sudah terisi", "Kosongkan untuk kalimat bawaan tema.", "Prefilled messages", "Leave empty for the theme's words."),
    "messages.order": ("Pesan memesan", "", "Order message", ""),
    "messages.ask": ("Pesan bertanya", "", "Question message", ""),
    "messages.restock": ("Pesan minta stok", "", "Restock message", ""),
    "messages.cart": ("Pesan keranjang", "", "Cart message", ""),
    "shop.quality": ("Aturan mutu", "Batas yang diperiksa setiap kali toko dibuat.", "Quality rules", "Limits checked on every build."),
    "quality.min_description_words": ("Deskripsi minimal (kata)", "", "Shortest description (words)", ""),
    "quality.min_photo_px": ("Foto minimal (px, sisi terpendek)", "", "Smallest photo (px, shortest side)", ""),
    "quality.min_sharpness": ("Ketajaman foto minimal (0–1)", "", "Least photo sharpness (0–1)", ""),
    "quality.max_page_kb": ("Berat halaman maksimal (KB)", "", "Heaviest page (KB)", ""),
    "quality.new_days": ("Lencana Baru selama (hari)", "", "New badge for (days)", ""),
    "quality.stale_after_days": ("Tandai lama setelah (hari)", "", "Flag as stale after (days)", ""),
    "shop.catalog": ("Daftar produk", "", "Product lists", ""),
    "catalog.per_page": ("Produk per halaman", "", "Products per page", ""),
    "shop.google_product_category": ("Kategori Google per kategori", "Kategori = nomor atau nama kategori Google, misalnya Kopi = 1868; untuk produk yang tidak mengisinya sendiri.",
                                     "Google category per category", "Category = Google's number or name, e.g. Kopi = 1868; for products that do not set their own."),
    "shop.names": ("Nama kategori dan tag dalam bahasa lain", "", "Category and tag names in other languages", ""),
    "names.language": ("Terjemahan ({language})", "Nama = terjemahan, misalnya Tas = Bags.", "Translations ({language})", "Name = translation, e.g. Tas = Bags."),
    "shop.publish": ("Penerbitan", "", "Publishing", ""),
    "publish.install": ("Versi Etalase", "Misalnya etalase==1.2.0.", "Etalase version", "E.g. etalase==1.2.0."),
    "shop.editor": ("Editor", "", "Editor", ""),
    "editor.repo": ("Repositori GitHub", "pemilik/nama", "GitHub repository", "owner/name"),
    "editor.branch": ("Cabang", "", "Branch", ""),
    # the editor's own words
    "collection.products": ("Produk", "", "Products", ""),
    "collection.pages": ("Halaman", "", "Pages", ""),
    "collection.settings": ("Pengaturan toko", "", "Shop settings", ""),
    "file.shop": ("Pengaturan toko (shop.toml)", "", "Shop settings (shop.toml)", ""),
    "app_title": ("Editor toko", "", "Shop editor", ""),
}

AVAILABILITY_WORDS = {
    "in_stock": ("Tersedia", "In stock"),
    "low_stock": ("Stok terbatas", "Low stock"),
    "preorder": ("Pre-order", "Preorder"),
    "booked": ("Sedang dipesan", "Booked"),
    "sold_out": ("Habis", "Sold out"),
}

CONDITION_WORDS = {
    "new": ("Baru", "New"),
    "refurbished": ("Rekondisi", "Refurbished"),
    "used": ("Bekas", "Used"),
}

# Rule messages: the English text is the build's; the Indonesian says the same.
RULES: dict[str, tuple[str, str]] = {
    "description": ("deskripsi: tulis minimal {minimum} kata (bahan, ukuran, perawatan, isi paket)",
                    "description: " + DESCRIPTION_RULE),
    "category": ("kategori: nama pendek seperti Batik, maksimal {maximum} huruf",
                 "category: must be a short name such as Batik, at most {maximum} characters"),
    "currency": ("mata uang: tiga huruf kode ISO 4217 seperti IDR", 'currency: must be a three-letter ISO 4217 code such as "IDR"'),
    "gtin": ("barcode: 8, 12, 13 atau 14 angka di bawah barcode", "gtin: must be the 8, 12, 13 or 14 digits under the barcode"),
    "whatsapp": ("WhatsApp: nomor dengan kode negara, tanpa 0 di depan, misalnya 6281234567890",
                 'whatsapp: must be a phone number with country code, such as "6281234567890"'),
    "days": ("hari: angka seperti 2 atau rentang seperti 1-3", 'days: must be a number of days such as 2, or a range such as "1-3"'),
}


def label(key: str, shop_language: str, **values: str) -> str:
    indonesian, _, english, _ = WORDS[key]
    return (indonesian if shop_language == "id" else english).format(**values)


def hint(key: str, shop_language: str, **values: str) -> str:
    _, indonesian, _, english = WORDS[key]
    return (indonesian if shop_language == "id" else english).format(**values)


def rule(key: str, shop_language: str, **values: object) -> str:
    indonesian, english = RULES[key]
    return (indonesian if shop_language == "id" else english).format(**values)
