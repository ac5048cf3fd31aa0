"""The content model: what a shop is, as plain frozen dataclasses.

Loading fills these in; later stages only read them. Anything a template
shows is computed from them in `views.py`, so templates hold no logic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

AVAILABILITY = ("in_stock", "low_stock", "preorder", "booked", "sold_out")
CONDITIONS = ("new", "refurbished", "used")  # as Google Merchant Center and Meta's catalog name them
CONTACT_CHANNELS = ("whatsapp", "email", "phone", "instagram", "telegram")


@dataclass(frozen=True)
class Contact:
    whatsapp: str | None = None
    email: str | None = None
    phone: str | None = None
    instagram: str | None = None
    telegram: str | None = None
    address: str | None = None
    hours: str | None = None
    response_time: str | None = None


@dataclass(frozen=True)
class Quality:
    min_description_words: int = 30
    min_photo_px: int = 800  # shortest side of every product photo
    min_sharpness: float = 0.42  # see photo_codec.sharpness and the README's calibration
    max_page_kb: int = 50  # HTML + up-front CSS and JS of each page, checked by `etalase check`
    new_days: int = 14  # a product added this recently gets a "New" badge
    stale_after_days: int = 90  # a product not updated for longer is flagged


@dataclass(frozen=True)
class Messages:
    """Prefilled WhatsApp/email texts; None means the theme's translated default.

    Placeholders: {shop} {product} {variant} {sku} {price} {url}. A line whose
    placeholders are all empty (no SKU, no variant) is left out. The cart's message
    has its own: {shop} {lines} {total} {shipping} {name} {address} {notes}.
    """

    order: str | None = None
    ask: str | None = None
    restock: str | None = None
    cart: str | None = None  # the one message the cart sends


@dataclass(frozen=True)
class OrderSettings:
    payment_methods: tuple[str, ...] = ()
    booking_rule: str | None = None  # what happens to unpaid bookings, shown with a booked item
    shipping_note: str | None = None  # shown in the cart, e.g. "Ongkir dihitung saat konfirmasi"
    shipping_flat: Decimal | None = None  # a flat shipping estimate per order
    shipping_per_kg: Decimal | None = None  # or per kg of weight_grams, rounded up to whole kg
    ships_to: tuple[str, ...] = ()  # ISO 3166-1 codes: [order] ships_to, else the country of the shop's currency
    handling_days: tuple[int, int] | None = None  # (fewest, most) days from the order to the courier
    transit_days: tuple[int, int] | None = None  # (fewest, most) days with the courier


@dataclass(frozen=True)
class ReturnPolicy:
    """[returns]: how long a shopper may send an item back and who pays for it; accepted=False: no returns."""

    accepted: bool = True
    days: int | None = None  # after delivery (set when accepted)
    fees: str | None = None  # "free" (the shop pays the return shipping) or "customer" (the shopper does)
    shipping_fee: Decimal | None = None  # with "customer": the fixed amount the shopper pays for it, if there is one
    method: str = "mail"  # "mail" (by courier or post) or "in_store" (brought back to the shop)


@dataclass(frozen=True)
class EditorSettings:
    """[editor]: the repository and branch the browser editor at /admin/ commits to."""

    repo: str  # "owner/name" on GitHub
    branch: str = "main"


@dataclass(frozen=True)
class Shop:  # noqa: D101 - fields explained in the README's shop.toml table
    root: Path
    title: str
    base_url: str  # always ends with "/"
    language: str
    currency: str
    theme: str
    description: str
    contact: Contact
    quality: Quality
    timezone: str = "Asia/Jakarta"
    per_page: int = 12  # [catalog] per_page: products on one page of a list
    languages: tuple[str, ...] = ()  # every language published, the main one first ("id", "en")
    logo: Path | None = None  # favicon and app icons are made from it
    cname: str | None = None  # custom domain, written to CNAME for GitHub Pages
    messages: Messages = Messages()
    order: OrderSettings = OrderSettings()
    # [names.en] Tas = "Bags": category and tag names in another language, as (language, ((name, translated), ...))
    names: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    # [google_product_category] Kopi = "1868": (category, Google's category) for products without their own key
    google_categories: tuple[tuple[str, str], ...] = ()
    editor: EditorSettings | None = None  # with [editor], the build writes /admin/
    returns: ReturnPolicy | None = None  # [returns]: the return policy in the product markup and on the returns page

    def names_in(self, language: str) -> dict[str, str]:
        """Category and tag names as shown in `language` (those not translated keep their name)."""
        return dict(dict(self.names).get(language, ()))

    @property
    def base_path(self) -> str:
        """The path part of base_url ("/" or "/shop/"): every link starts with it."""
        from urllib.parse import urlsplit

        return urlsplit(self.base_url).path or "/"


@dataclass(frozen=True)
class PhotoRef:
    """A photo as the seller named it: a file beside the Markdown, and its alt text."""

    source: Path
    alt: str | None
    line: int | None
    focus: tuple[float, float] | None = None  # thumbnail crop centre, 0..1 from the left and top


@dataclass(frozen=True)
class Option:
    """A choice the shopper makes, such as Ukuran: S, M, L (in the order shown)."""

    name: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Variant:
    """One combination of option values, with everything it has resolved (its own or the product's)."""

    values: tuple[str, ...]  # one per option, in the options' order
    price: Decimal
    availability: str = "in_stock"
    sale_price: Decimal | None = None
    sale_until: dt.date | None = None
    sku: str | None = None  # its own only: the product's SKU names the whole group
    stock: int | None = None
    ready_date: dt.date | None = None
    booked_until: dt.date | None = None
    weight_grams: int | None = None
    photo: int | None = None  # its photo's place in the product's photos (None: the first)
    line: int | None = None  # the line of the most specific entry that set something on it


@dataclass(frozen=True)
class Product:
    slug: str
    source: Path
    title: str
    price: Decimal
    currency: str
    photos: tuple[PhotoRef, ...]
    description_html: str
    availability: str = "in_stock"
    sale_price: Decimal | None = None
    sale_until: dt.date | None = None  # the last day of the sale
    ready_date: dt.date | None = None
    stock: int | None = None  # shown for low_stock ("only 2 left")
    booked_until: dt.date | None = None  # reserved by a customer until this day
    sku: str | None = None
    category: str | None = None
    tags: tuple[str, ...] = ()
    options: tuple[Option, ...] = ()
    variants: tuple[Variant, ...] = ()  # every combination of the options (none without options)
    weight_grams: int | None = None
    featured: bool = False
    updated: dt.date | None = None  # from front matter; wins over git and mtime
    created: dt.date | None = None  # from front matter; wins over the first git commit
    brand: str | None = None  # default: the shop's title
    summary: str | None = None  # front matter `description`: the meta description
    aliases: tuple[str, ...] = ()  # old addresses (slugs) that forward here
    condition: str = "new"  # one of CONDITIONS (the product feed's g:condition)
    gtin: str | None = None  # the barcode's digits (EAN, UPC), checked; with mpn, the feed's identifiers
    mpn: str | None = None  # the maker's part number
    google_product_category: str | None = None  # Google's taxonomy: an id ("2271") or its path ("Apparel & Accessories > Clothing")
    last_updated: dt.date | None = None  # computed by freshness.py
    added: dt.date | None = None  # computed by freshness.py
    # description_html as plain text (JSON-LD, the feed, <meta>): the reader's, made once with the document and
    # kept with it (content.Document.body_text); made here when not given. A copy with another description_html
    # must give its text too (translate.py).
    description_text: str | None = None

    def __post_init__(self) -> None:
        if self.description_text is None:  # a product made by hand (tests, tools): its text from its HTML
            from .outputs.seo import plain_text

            object.__setattr__(self, "description_text", plain_text(self.description_html))  # before anyone sees it

    def __hash__(self) -> int:
        # Products equal in every field have equal hashes from these few; the dataclass's own hash would walk
        # every photo, option and combination, and the preview's memos hash each product every rebuild.
        return hash((self.slug, self.source, self.price, self.availability, self.last_updated))

    @property
    def extra_sources(self) -> list[Path]:
        """Files besides the Markdown whose change makes the product newer."""
        return [photo.source for photo in self.photos]


@dataclass(frozen=True)
class Page:
    slug: str
    source: Path
    title: str
    body_html: str
    last_updated: dt.date | None = None
