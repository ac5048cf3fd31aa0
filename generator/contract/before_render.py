"""The quality contract for content: Documents in, Products and Pages out.

Every rule adds a Problem with the file and line; nothing stops at the first
problem, so the seller gets the whole list in one build.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from .. import routes
from . import schema as s
from ..config import _currency
from ..content import Document
from ..errors import ProblemList
from ..models import AVAILABILITY, CONDITIONS, Option, Page, PhotoRef, Product, Shop, Variant
from . import variants as v
from ..slugs import slugify

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


# The browser editor refuses a short description with these words too (editor/words.py).
DESCRIPTION_RULE = "write at least {minimum} words (what it is made of, sizes, care, what is in the package)"
MAX_CATEGORY = 100  # characters: a category's name becomes a folder name (at most 255 bytes) in the site


def _category(value: Any) -> str:
    value = s.text(value)
    if len(unicodedata.normalize("NFKD", value)) > MAX_CATEGORY:  # its web address is made from this form
        raise s.Invalid(f"must be a short name such as Batik, at most {MAX_CATEGORY} characters (got {len(value)})")
    return value


def _gtin(value: Any) -> str:
    """A barcode's number (EAN-8, UPC-A, EAN-13, GTIN-14) with a right check digit: a typo would tie the
    product to another maker's item in Google Merchant Center."""
    value = s.text(value).replace(" ", "").replace("-", "")
    if not value.isascii() or not value.isdigit() or len(value) not in (8, 12, 13, 14):
        raise s.Invalid(f"must be the 8, 12, 13 or 14 digits under the barcode, e.g. gtin: 8991234567891 (got {s.quote(value)})")
    digits = [int(c) for c in value]
    total = sum(d * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits[:-1])))
    if (10 - total % 10) % 10 != digits[-1]:
        raise s.Invalid(f"{s.quote(value)} has a wrong check digit (the last one): copy the number under the barcode again")
    return value


def _photo_list(value: Any) -> list:
    if isinstance(value, (str, dict)):
        value = [value]
    if not isinstance(value, list):
        raise s.Invalid("must be a list of photo files, e.g. [kemeja-depan.jpg]")
    return value


PRODUCT_FIELDS = {
    "title": s.Field(s.text, required=True, hint="the product name, e.g. title: Kemeja Batik Parang"),
    "price": s.Field(s.number, required=True, hint="a number in your currency, e.g. price: 185000"),
    "sale_price": s.Field(s.number),
    "sale_until": s.Field(s.date),
    "currency": s.Field(_currency),
    "photos": s.Field(_photo_list, required=True, hint="add at least one photo, e.g. photos: [kemeja-depan.jpg]"),
    "availability": s.Field(s.choice(*AVAILABILITY), default="in_stock"),
    "ready_date": s.Field(s.date),
    "stock": s.Field(s.whole),
    "booked_until": s.Field(s.date),
    "sku": s.Field(s.text),
    "category": s.Field(_category),
    "tags": s.Field(s.text_list, default=[]),
    "options": s.Field(lambda value: value),  # checked with the variants below: they name its values
    "variants": s.Field(lambda value: value, default=[]),
    "weight_grams": s.Field(s.whole),
    "featured": s.Field(s.boolean, default=False),
    "draft": s.Field(s.boolean, default=False),
    "updated": s.Field(s.date),
    "created": s.Field(s.date),
    "brand": s.Field(s.text),
    "description": s.Field(s.text),
    "aliases": s.Field(s.text_list, default=[]),
    # For the product feed (outputs/feed.py): Google Merchant Center and Meta's catalog read them
    "condition": s.Field(s.choice(*CONDITIONS), default="new"),
    "gtin": s.Field(_gtin),
    "mpn": s.Field(s.text),
    "google_product_category": s.Field(s.text),
}
PAGE_FIELDS = {
    "title": s.Field(s.text),
    "updated": s.Field(s.date),
}
REQUIRED_PAGES = ("privacy",)
TRANSLATED_KEYS = ("title", "description", "options", "variants", "photos")  # what `<slug>.<language>.md` may set
TRUST_PAGES = {  # recommended: shoppers look for these before paying a stranger
    "how-to-order": "how to order and pay, step by step",
    "shipping": "couriers, costs and delivery times",
    "returns": "what happens when an item is wrong or damaged",
    "payment": "the payment methods you accept and when to pay",
}


# Names the site uses for its own folders: a product or page with one of them would collide.
PRODUCT_RESERVED = routes.LIST_VARIANT_NAMES
PAGE_RESERVED = routes.TOP_LEVEL


def _check_slug(document: Document, problems: ProblemList, reserved: tuple[str, ...] = ()) -> None:
    if document.slug in reserved:
        problems.add(document.path, None, f'file name "{document.slug}" is taken by the shop\'s own pages '
                     f'({", ".join(reserved)}): rename it, e.g. to "{document.slug}-1"')
    if not SLUG.fullmatch(document.slug):
        suggestion = re.sub(r"[^a-z0-9]+", "-", document.slug.lower()).strip("-") or "produk"
        problems.add(document.path, None, f'file name {s.quote(document.slug, 255)} is not a clean web address: rename it to "{suggestion}" (lowercase letters, digits and hyphens)')


def _photos(document: Document, raw: list, shop: Shop, problems: ProblemList) -> list[PhotoRef]:
    refs = []
    for index, item in enumerate(raw):
        line = document.lines.get(f"photos.{index}", document.lines.get("photos"))
        ref = _photo(document, item, f"photos[{index}]", line, shop, problems)
        if ref is not None:
            refs.append(ref)
    return refs


def _photo(document: Document, item: Any, where: str, line: int | None, shop: Shop, problems: ProblemList,
           alt_expected: bool = True) -> PhotoRef | None:
    """One photo as written (`file.jpg` or `{src, alt, focus}`), checked to be a file inside the shop."""
    root = shop.root.resolve()
    alt = None
    focus = None
    if isinstance(item, dict):
        unknown = set(item) - {"src", "alt", "focus"}
        if unknown or "src" not in item:
            problems.add(document.path, line, f"{where}: write a file name, or {{src: file.jpg, alt: what it shows}}")
            return None
        if "focus" in item:
            focus = item["focus"]
            if not (isinstance(focus, list) and len(focus) == 2 and all(
                    isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1 for v in focus)):
                problems.add(document.path, line, f"{where}.focus: must be [x, y] from 0 to 1, e.g. focus: [0.5, 0.3] (centre, upper third)")
                return None
            focus = (float(focus[0]), float(focus[1]))
        item, alt = item["src"], item.get("alt")
        if alt is not None:
            try:
                alt = s.text(alt)
            except s.Invalid as error:
                problems.add(document.path, line, f"{where}.alt: {error}")
                return None
    if not isinstance(item, str) or not item.strip():
        problems.add(document.path, line, f"{where}: must be a file name (got {item!r})")
        return None
    if "\x00" in item:  # no file name can hold it (and the OS refuses to look one up)
        problems.add(document.path, line, f"{where}: {s.quote(item, 255)} has a NUL character (\\x00): retype the file name")
        return None
    try:
        source = (document.path.parent / item.strip()).resolve()
        found = source.is_relative_to(root) and source.is_file()
    except (OSError, RuntimeError) as error:  # a name longer than the system allows; a symlink loop
        reason = getattr(error, "strerror", None) or str(error)
        problems.add(document.path, line, f"{where}: {s.quote(item, 255)} cannot be opened ({reason.lower()}): rename the photo")
        return None
    if not source.is_relative_to(root):
        problems.add(document.path, line, f"{where}: {s.quote(item, 255)} is outside the shop folder: put the photo beside the product file")
        return None
    if not found:
        shown = problems.rel(document.path.parent)
        problems.add(document.path, line, f"{where}: file not found: {s.quote(item, 255)} (looked in {shown}/)")
        return None
    if alt is None and alt_expected:
        problems.warn(document.path, line, f'{where}: no alt text, the title is used instead; describe what the photo shows with {{src: {item}, alt: ...}}')
    return PhotoRef(source=source, alt=alt, line=line, focus=focus)


def _options_and_variants(document: Document, values: dict, photos: list[PhotoRef], shop: Shop,
                          problems: ProblemList) -> tuple[list[Option], list[Variant]]:
    """The product's options and every combination resolved (see contract/variants.py).

    A variant's photo that is not among `photos` is added to them, so the gallery shows
    it too and it is processed and checked like every photo.
    """
    raw_options, raw_variants = values.get("options"), values.get("variants") or []
    line = document.lines.get
    if raw_options is None and v.is_old_form(raw_variants):
        try:
            options = v.read_old_form(raw_variants)
        except s.Invalid as error:
            problems.add(document.path, line("variants"), f"variants: {error}")
            return [], []
        entries, reports = [], []
    elif raw_options is None:
        if raw_variants:
            problems.add(document.path, line("variants"), (
                "variants: name the options first, e.g. options: {Ukuran: [S, M, L]}, then list only what differs, "
                "e.g. variants: [{Ukuran: L, price: 195000}]"))
        return [], []
    else:
        try:
            options = v.read_options(raw_options)
        except s.Invalid as error:
            problems.add(document.path, line("options"), f"options: {error}")
            return [], []
        entries, reports = v.read_entries(raw_variants, options, lambda index: line(f"variants.{index}", line("variants")))

    placed: dict[int, int | None] = {}  # by entry: its photo is checked (and a fault reported) once, however many combinations it covers

    def photo_index(entry: v.Entry) -> int | None:
        if entry.index not in placed:
            placed[entry.index] = place_photo(entry)
        return placed[entry.index]

    def place_photo(entry: v.Entry) -> int | None:
        ref = _photo(document, entry.sets["photo"], f"variants[{entry.index}].photo", entry.line, shop, problems, alt_expected=False)
        if ref is None:
            return None
        for index, existing in enumerate(photos):
            if existing.source == ref.source:
                return index
        photos.append(ref)
        return len(photos) - 1

    base = {key: values.get(key) for key in ("price", "sale_price", "sale_until", "availability", "stock", "ready_date",
                                              "booked_until", "weight_grams")}
    variants, more = v.resolve(options, entries, base, photo_index) if values.get("price") is not None else ([], [])
    reports += more
    for variant in variants:
        reports += _variant_rules(options, variant)
    seen = set()
    for report in reports:
        if (report.line, report.message) not in seen:
            seen.add((report.line, report.message))
            problems.add(document.path, report.line, report.message)
    return options, variants


def _variant_rules(options: list[Option], variant: Variant) -> list[v.Report]:
    """The product's own rules, for one combination (which may take part of its values from the product)."""
    def name() -> str:  # only when a rule is broken: most combinations break none
        return v.variant_label(tuple(options), variant)

    reports = []
    if variant.sale_price is not None and variant.sale_price >= variant.price:
        reports.append(v.Report(variant.line, f"{name()}: sale_price {variant.sale_price} must be lower than its price ({variant.price}); "
                                              "set a lower sale_price for it, or sale_price: on the product only where it applies"))
    if variant.availability == "preorder" and variant.ready_date is None:
        reports.append(v.Report(variant.line, f"{name()}: ready_date: required for a preorder, so shoppers know when it ships (e.g. ready_date: 2027-01-15)"))
    if variant.availability == "low_stock" and variant.stock is None:
        reports.append(v.Report(variant.line, f"{name()}: stock: required for low_stock, so shoppers see how many are left (e.g. stock: 2)"))
    if variant.availability == "booked" and variant.booked_until is None:
        reports.append(v.Report(variant.line, f"{name()}: booked_until: required for booked, the day the booking ends if unpaid (e.g. booked_until: 2026-12-01)"))
    return reports


def check_product(document: Document, shop: Shop, problems: ProblemList) -> Product | None:
    """A Product, or None when the file is a draft or has errors (they are in `problems`)."""
    if document.error:
        problems.add(document.path, *document.error)
        return None
    before = len(problems.errors)
    start = len(problems.items)
    _check_slug(document, problems, PRODUCT_RESERVED)
    values = s.check_mapping(document.data, PRODUCT_FIELDS, document.lines, problems, document.path, default_line=1)
    if values.get("draft"):
        del problems.items[start:]  # a draft is not published, so it need not be finished
        return None
    line = document.lines.get
    if values.get("sale_price") is not None and values.get("price") is not None and values["sale_price"] >= values["price"]:
        problems.add(document.path, line("sale_price"), f"sale_price: must be lower than price ({values['price']}); remove it to sell at the normal price")
    availability = values.get("availability")
    if availability == "preorder" and values.get("ready_date") is None and "ready_date" not in document.data:
        problems.add(document.path, line("availability"), "ready_date: required for a preorder, so shoppers know when it ships (e.g. ready_date: 2027-01-15)")
    if availability == "low_stock" and values.get("stock") is None and "stock" not in document.data:
        problems.add(document.path, line("availability"), "stock: required for low_stock, so shoppers see how many are left (e.g. stock: 2)")
    if availability == "booked" and values.get("booked_until") is None and "booked_until" not in document.data:
        problems.add(document.path, line("availability"), "booked_until: required for booked, the day the booking ends if unpaid (e.g. booked_until: 2026-12-01)")
    for alias in values.get("aliases") or []:
        if not SLUG.fullmatch(alias) or len(alias) > 250:  # an old file name fits in a folder name
            problems.add(document.path, line("aliases"), f'aliases: {s.quote(alias)} must be an old file name (slug) such as kemeja-lama')
    if values.get("sale_until") is not None and values.get("sale_price") is None and "sale_price" not in document.data:
        problems.add(document.path, line("sale_until"), "sale_until: there is no sale_price to end; add sale_price or remove sale_until")
    photos = _photos(document, values.get("photos") or [], shop, problems)
    if "photos" in values and not values["photos"]:
        problems.add(document.path, line("photos"), "photos: add at least one photo, e.g. photos: [kemeja-depan.jpg]")
    options, variants = _options_and_variants(document, values, photos, shop, problems)
    minimum = shop.quality.min_description_words
    if document.words < minimum:
        problems.add(
            document.path, document.body_line,
            f"description: {document.words} words; {DESCRIPTION_RULE.format(minimum=minimum)} below the front matter",
        )
    if len(problems.errors) > before:
        return None
    return Product(
        slug=document.slug,
        source=document.path,
        title=values["title"],
        price=values["price"],
        currency=values.get("currency") or shop.currency,
        photos=tuple(photos),
        description_html=document.body_html,
        description_text=document.body_text,
        availability=values["availability"],
        sale_price=values.get("sale_price"),
        sale_until=values.get("sale_until"),
        ready_date=values.get("ready_date"),
        stock=values.get("stock"),
        booked_until=values.get("booked_until"),
        sku=values.get("sku"),
        category=values.get("category"),
        tags=tuple(values["tags"]),
        options=tuple(options),
        variants=tuple(variants),
        weight_grams=values.get("weight_grams"),
        featured=values["featured"],
        updated=values.get("updated"),
        created=values.get("created"),
        brand=values.get("brand"),
        summary=values.get("description"),
        aliases=tuple(values["aliases"]),
        condition=values["condition"],
        gtin=values.get("gtin"),
        mpn=values.get("mpn"),
        google_product_category=values.get("google_product_category"),
    )


def check_page(document: Document, problems: ProblemList) -> Page | None:
    if document.error:
        problems.add(document.path, *document.error)
        return None
    before = len(problems.errors)
    _check_slug(document, problems, PAGE_RESERVED)
    values = s.check_mapping(document.data, PAGE_FIELDS, document.lines, problems, document.path, default_line=1)
    if document.words == 0:
        problems.add(document.path, document.body_line, "the page is empty: write its text below the front matter")
    if len(problems.errors) > before:
        return None
    title = values.get("title") or document.slug.replace("-", " ").capitalize()
    return Page(slug=document.slug, source=document.path, title=title, body_html=document.body_html)


def _check_names(shop: Shop, products: list[Product], problems: ProblemList) -> None:
    """A translated name that no product uses is most likely misspelt: it would translate nothing."""
    from ..config import CONFIG_NAME, read_config_text, toml_key_lines

    used = {p.category for p in products if p.category} | {tag for p in products for tag in p.tags}
    lines = toml_key_lines(read_config_text(shop.root))
    for language, pairs in shop.names:
        for name, _ in pairs:
            if name not in used:
                problems.warn(shop.root / CONFIG_NAME, lines.get(f"names.{language}.{name}") or lines.get(f"names.{language}"),
                              f"names.{language}: {s.quote(name)} is not the category or tag of any product, so it translates nothing; "
                              "write it exactly as in the product files")


def _check_google_categories(shop: Shop, products: list[Product], problems: ProblemList) -> None:
    """A category named in [google_product_category] that no product has is most likely misspelt."""
    from ..config import CONFIG_NAME, read_config_text, toml_key_lines

    used = {p.category for p in products if p.category}
    lines = toml_key_lines(read_config_text(shop.root))
    for name, _ in shop.google_categories:
        if name not in used:
            problems.warn(shop.root / CONFIG_NAME, lines.get(f"google_product_category.{name}") or lines.get("google_product_category"),
                          f"google_product_category: {s.quote(name)} is not the category of any product, so products.xml uses it "
                          "for none; write it exactly as in the product files")


def check_shop_wide(
    shop: Shop, products: list[Product], documents: list[Document], page_documents: list[Document], problems: ProblemList
) -> None:
    """Rules across files: unique slugs and SKUs, the required pages."""
    seen_slugs: dict[str, Path] = {}
    for document in documents:
        other = seen_slugs.setdefault(document.slug, document.path)
        if other != document.path:
            problems.add(document.path, None, f'duplicate product {s.quote(document.slug, 255)}: {problems.rel(other)} has the same name; rename or remove one')
    lines = {document.path: document.lines for document in documents}

    def line(product: Product, key: str) -> int | None:
        return lines.get(product.source, {}).get(key)

    by_sku: dict[str, list[Product]] = {}
    for product in products:
        if product.sku is not None:
            by_sku.setdefault(product.sku, []).append(product)
    for sku, same in by_sku.items():
        if len(same) < 2:
            continue
        # Reported at the file saved last (most likely the one just copied or edited), naming the others with their lines
        edited, *others = sorted(same, key=lambda p: (-p.source.stat().st_mtime_ns, str(p.source)))
        where = ", ".join(f"{problems.rel(o.source)}:{line(o, 'sku')}" if line(o, "sku") else problems.rel(o.source) for o in others)
        problems.add(edited.source, line(edited, "sku"),
                     f"sku: {s.quote(sku)} is already used by {where}; every product needs its own SKU: change it in this file or there")
    _check_variant_skus(products, set(by_sku), problems)
    spellings: dict[str, Product] = {}  # a category's address -> the first product in it
    for product in products:
        if product.category is None:
            continue
        slug = slugify(product.category)
        first = spellings.setdefault(slug, product)
        if first.category != product.category:
            problems.add(product.source, line(product, "category"), (
                f'category: {s.quote(product.category)} and {s.quote(first.category)} ({problems.rel(first.source)}) would share one page, '
                f"category/{slug}/: write the category the same way in both"))
    if shop.names:
        _check_names(shop, products, problems)
    if shop.google_categories:
        _check_google_categories(shop, products, problems)
    slugs = {product.slug for product in products}
    claimed: dict[str, Product] = {}
    for product in products:
        for alias in product.aliases:
            if alias in slugs:
                problems.add(product.source, line(product, "aliases"), f'aliases: {s.quote(alias)} is the name of an existing product; an old name must be free')
            elif claimed.setdefault(alias, product) is not product:
                problems.add(product.source, line(product, "aliases"), f'aliases: {s.quote(alias)} is already an alias of {problems.rel(claimed[alias].source)}')
    present = {document.slug for document in page_documents}
    for slug, what in TRUST_PAGES.items():
        if slug not in present:
            problems.warn(shop.root / "content/pages" / f"{slug}.md", None, f"missing: shoppers trust a shop that explains {what}; create this page")
    for required in REQUIRED_PAGES:
        if required not in present:
            problems.add(
                shop.root / "content/pages" / f"{required}.md", None,
                "missing: every shop needs a privacy policy page; create this file saying what you collect (name, phone, address) and why",
            )


def _check_variant_skus(products: list[Product], product_skus: set[str], problems: ProblemList) -> None:
    """A variant's SKU names one combination in the whole shop: not another combination, not a product."""
    holders: dict[str, list[tuple[Product, Variant]]] = {}
    for product in products:
        for variant in product.variants:
            if variant.sku is not None:
                holders.setdefault(variant.sku, []).append((product, variant))
    owners = {product.sku: product for product in products if product.sku is not None}

    def where(product: Product, variant: Variant) -> str:
        return f"{problems.rel(product.source)}:{variant.line}" if variant.line else problems.rel(product.source)

    for sku, same in holders.items():
        reported: set[tuple[Path, int | None]] = set()
        first_product, first_variant = same[0]
        for product, variant in same:
            spot = (product.source, variant.line)
            if spot in reported:
                continue
            name = v.variant_label(product.options, variant)
            if sku in product_skus:
                message = (f"{name}: sku {s.quote(sku)} is already the SKU of {problems.rel(owners[sku].source)}; "
                           "every combination needs its own SKU: change one of them")
            elif (product, variant) == (first_product, first_variant):
                continue
            elif product is first_product and variant.line == first_variant.line:
                count = sum(1 for p, other in same if p is product and other.line == variant.line)
                message = (f"variants: sku {s.quote(sku)} is set for {count} combinations "
                           f"({v.variant_label(product.options, first_variant)}, {name}…): a SKU names one combination, "
                           "so an entry that sets one must name every option")
            else:
                message = (f"{name}: sku {s.quote(sku)} is already used by {v.variant_label(first_product.options, first_variant)} "
                           f"({where(first_product, first_variant)}); every combination needs its own SKU: change it here or there")
            reported.add(spot)
            problems.add(product.source, variant.line, message)


DARK, BRIGHT = 40, 235  # mean luminance (0..255) beyond which a photo hides the product
MAX_ASPECT = 3.0


def check_photos(products: list[Product], measured: dict, shop: Shop, problems: ProblemList) -> None:
    """The photo rules of the contract; `measured` maps a PhotoRef to its PhotoMetrics."""
    quality = shop.quality
    for product in products:
        for index, ref in enumerate(product.photos):
            metrics = measured.get(ref)
            if metrics is None:
                continue
            shortest = min(metrics.width, metrics.height)
            ratio = max(metrics.width, metrics.height) / max(1, shortest)
            if (shortest >= quality.min_photo_px and metrics.sharpness >= quality.min_sharpness
                    and DARK <= metrics.brightness <= BRIGHT and ratio <= MAX_ASPECT):
                continue  # the common case: nothing to say (and no path to format)
            name = f'photos[{index}]: "{problems.rel(ref.source)}"'
            if shortest < quality.min_photo_px:
                problems.add(product.source, ref.line, (
                    f"{name} is {metrics.width}×{metrics.height} px; photos need at least {quality.min_photo_px} px "
                    "on the shortest side (quality.min_photo_px): use the original photo from the camera"))
            elif metrics.sharpness < quality.min_sharpness:
                problems.add(product.source, ref.line, (
                    f"{name} looks blurred (sharpness {metrics.sharpness:.2f}, needs {quality.min_sharpness:.2f}, "
                    "quality.min_sharpness): retake it in focus"))
            if metrics.brightness < DARK:
                problems.warn(product.source, ref.line, f"{name} is very dark (brightness {metrics.brightness:.0f} of 255): retake it in more light")
            elif metrics.brightness > BRIGHT:
                problems.warn(product.source, ref.line, f"{name} is blown out (brightness {metrics.brightness:.0f} of 255): retake it with less light")
            if ratio > MAX_ASPECT:
                problems.warn(product.source, ref.line, f"{name} is very long and thin ({metrics.width}×{metrics.height}): crop it closer to the product")
