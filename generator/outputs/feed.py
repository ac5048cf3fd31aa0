"""`products.xml`: the product feed Google Merchant Center and Meta's Commerce Manager fetch.

RSS 2.0 in Google's product namespace (Meta reads the same file): one item per product without
options, one per combination (with `g:item_group_id`) for a product with options. Ids come from
product_ids, so a feed item and the page's JSON-LD name the same product. The channel is made with
ElementTree; an item's fields, flat text elements, are written as ElementTree writes them (`_field`,
with the standard library's escape of &, < and > on every text; tests/test_feed.py proves the two agree), each
text cleaned of characters XML cannot hold. A product's combinations share most fields, and each
shared one is escaped once: at 12,000 items ElementTree took a second to build and write them.

What a platform would refuse or shorten is warned about per product, with its file and line: the
seller fixes it in the product file, and the next build (the daily one too) sends it again.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html import escape
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from babel.numbers import get_currency_precision

from .. import routes
from ..content import Document
from ..errors import ProblemList
from ..models import PhotoRef, Product, Shop, Variant
from ..photos import ProcessedPhoto, Rendition
from ..contract.variants import variant_label
from ..views import ProductView
from . import product_ids, seo

if TYPE_CHECKING:
    from ..memo import GenerationalMemo

G = "http://base.google.com/ns/1.0"

MAX_TITLE = 150  # Google's and Meta's limit
MAX_DESCRIPTION = 5000
MIN_DESCRIPTION = 30  # characters: Meta refuses a shorter one
MAX_ADDITIONAL_IMAGES = 10
GOOD_IMAGE_PX = 800  # Google asks for at least 800 px; the photos' JPEG rendition is at most this wide
META_MIN_IMAGE_PX = 500  # Meta refuses an image under 500 × 500
PREORDER_HORIZON = dt.timedelta(days=365)  # Google refuses an availability_date beyond a year
# An option that is one of these is sent as its own attribute; any other option is named in the title.
ATTRIBUTES = {"size": "size", "color": "color", "material": "material", "pattern": "pattern"}
AVAILABILITY = {"in_stock": "in_stock", "low_stock": "in_stock", "sold_out": "out_of_stock", "booked": "out_of_stock"}
# XML 1.0 cannot hold these at all, not even escaped: a seller's stray control character is dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class _Where:
    """The product file and its keys' lines, for warnings."""

    path: Path
    document: Document | None

    def line(self, key: str) -> int | None:
        return self.document.lines.get(key) if self.document else None


def clean(text: str) -> str:
    if text.isascii() and text.isprintable():  # most ids, links, prices and titles: nothing to drop
        return text
    return _NOT_XML.sub("", text)


def cut(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word and ended with "…" when too long."""
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    if " " in head.strip():
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,.;:-") + "…"


def price_text(amount: Decimal, currency: str) -> str:
    """"185000.00 IDR": as Google writes a price, with two decimals, or the currency's own when it has more
    (1.500 KWD). Babel's CLDR gives IDR and JPY none; the two zeros are Google's form and change no amount."""
    digits = max(2, get_currency_precision(currency))
    return f"{amount.quantize(Decimal(1).scaleb(-digits)):f} {currency}"


def _instant(day: dt.date, time: dt.time, zone: ZoneInfo) -> str:
    """ISO 8601 with the shop's offset: "2027-01-15T00:00+07:00"."""
    return dt.datetime.combine(day, time, zone).isoformat(timespec="minutes")


def product_feed(shop: Shop, products: list[Product], views: list[ProductView], photos: dict[PhotoRef, ProcessedPhoto],
                 today: dt.date, documents: dict[Path, Document], drafts: list[Document], problems: ProblemList,
                 remembered: "GenerationalMemo | None" = None, versions: dict[str, object] | None = None) -> bytes:
    """The feed's bytes (the same inputs always give the same bytes); warnings go to `problems`.

    With `remembered` (the preview's memo, kept between its builds, emptied for another shop or day), each
    product's items and warnings are made again only when what they are made of changed: the product, its
    photos, its file's version (`versions`: source path -> the reader's key; a warning names a line) and its
    addresses."""
    # The channel's own fields, then each product's items written (and encoded) as soon as they are
    # made, not one tree of every item written at the end: 12,000 combinations held 114 MB at once that
    # way. The bytes are those of that one tree as ElementTree indents it.
    rss = ET.Element("rss", {"xmlns:g": G, "version": "2.0"})  # declared here: this tree has no g: element
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = clean(shop.title)
    ET.SubElement(channel, "link").text = shop.base_url
    ET.SubElement(channel, "description").text = clean(shop.description or shop.title)
    ET.indent(rss)
    head, end = ET.tostring(rss, encoding="unicode").rsplit(CHANNEL_END, 1)
    for draft in sorted(drafts, key=lambda d: d.slug):
        problems.remind(draft.path, draft.lines.get("draft"), "draft: left out of products.xml (the product feed) until it is published")
    by_slug = {view.slug: view for view in views}
    parts = [(XML_DECLARATION + head).encode("utf-8")]  # bytes at once: the text of 12,000 items is 38 MB
    for product in sorted(products, key=lambda p: p.slug):
        view = by_slug[product.slug]
        key = None
        if remembered is not None:
            key = (product, tuple(photos[ref] for ref in product.photos), (versions or {}).get(str(product.source)),
                   view.absolute_url, tuple((v.key, v.absolute_url, v.photo) for v in view.variants))
            cached = remembered.get(key)
            if cached is not None:
                problems.items.extend(cached[1])  # its warnings again, as a build in a new process says them
                if cached[0]:
                    parts.append(cached[0])
                continue
        start = len(problems.items)
        items = _Items(shop, product, view, photos, today, _Where(product.source, documents.get(product.source)), problems)
        items.add()
        text = "".join(items.written).encode("utf-8")
        if key is not None:
            remembered.put(key, (text, problems.items[start:]))
        if text:
            parts.append(text)
    parts.append((CHANNEL_END + end + "\n").encode("utf-8"))
    return b"".join(parts)


XML_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
ITEM_START = "\n    <item>"  # as ET.indent places it: a new line, indented inside <channel>
ITEM_END = "\n    </item>"
FIELD_GAP = "\n      "  # before each field of an item
CHANNEL_END = "\n  </channel>"


def _field(name: str, text: str) -> str:
    """`<g:name>text</g:name>` on its own line, as ElementTree writes the element indented in an item."""
    # &, < and > as xml.sax.saxutils.escape replaces them (whose import pulls in urllib.request and ssl, ~10 ms)
    return f"{FIELD_GAP}<g:{name}>{escape(text, quote=False)}</g:{name}>" if text else f"{FIELD_GAP}<g:{name} />"


class _Items:
    """The items of one product, and its warnings (each once, however many combinations share it)."""

    def __init__(self, shop: Shop, product: Product, view: ProductView, photos: dict[PhotoRef, ProcessedPhoto],
                 today: dt.date, where: _Where, problems: ProblemList) -> None:
        self.shop, self.product, self.view, self.photos = shop, product, view, photos
        self.today, self.where, self.problems = today, where, problems
        self.zone = ZoneInfo(shop.timezone)
        self.shop_google_categories = dict(shop.google_categories)
        # once for every combination: what each of its items repeats, cleaned of what XML cannot hold
        self.description = cut(clean(product.description_text), MAX_DESCRIPTION)
        self.brand = clean(product.brand or shop.title)
        google_category = product.google_product_category or self.shop_google_categories.get(product.category or "")
        self.google_category = clean(google_category) if google_category else None
        self.photos_warned: set[int] = set()  # a photo's place in the product's photos
        self.photos_checked: set[tuple[int, bool]] = set()  # (its place, as the item's main photo)
        self.dates_warned: set[tuple[int | None, dt.date]] = set()  # (an entry's line, or None for the product's key; the date)
        self.written: list[str] = []  # the items' text, field by field
        self._fields: dict[tuple[str, str], str] = {}  # each field the combinations share, escaped once
        self._described: dict[tuple[int, bool], str] = {}  # (main photo, grouped) -> its fields from image_link on

    def _put(self, name: str, text: str) -> None:
        """One field of the item being written; `text` already clean."""
        key = (name, text)
        field = self._fields.get(key)
        if field is None:
            field = self._fields[key] = _field(name, text)
        self.written.append(field)

    def add(self) -> None:
        """Write the product's items into `written`."""
        product = self.product
        self._check_product()
        if not product.variants:
            if self._ready_passed(product.availability, product.ready_date, product.ready_date, None, "the product"):
                return
            self._item(product_ids.group_id(product.sku, product.slug), product.title, self.view.absolute_url, 0)
            self._offer(product, product.weight_grams)
            self.written.append(ITEM_END)
            return
        group = product_ids.group_id(product.sku, product.slug)
        properties = seo.variant_properties(tuple(option.name for option in product.options))
        longest = 0
        for variant, variant_view in zip(product.variants, self.view.variants):
            own_date = variant.ready_date if variant.ready_date != product.ready_date else None
            if self._ready_passed(variant.availability, variant.ready_date, own_date, variant, "this combination"):
                continue
            named = [f"{option.name} {value}" for option, prop, value in zip(product.options, properties, variant.values)
                     if ATTRIBUTES.get(prop or "") is None]
            suffix = f" ({', '.join(named)})" if named else ""
            longest = max(longest, len(product.title) + len(suffix))
            # a long title is cut before the options, so the combination stays named
            title = (cut(clean(product.title), MAX_TITLE - len(suffix)) + suffix if len(suffix) <= MAX_TITLE // 2
                     else product.title + suffix)
            self._item(product_ids.variant_id(group, variant.sku, variant_view.key), title,
                       variant_view.absolute_url, variant_view.photo, grouped=True)
            self._put("item_group_id", clean(group))
            for prop, value in zip(properties, variant.values):
                if ATTRIBUTES.get(prop or ""):
                    self._put(ATTRIBUTES[prop], clean(value))
            self._offer(variant, variant.weight_grams)
            self.written.append(ITEM_END)
        if longest > MAX_TITLE:
            self._warn_title(longest, " with its options" if longest > len(product.title) else "")

    # ------------------------------------------------------------------ one item

    def _item(self, identifier: str, title: str, link: str, photo: int, grouped: bool = False) -> None:
        """An item's start and the fields every item has (its offer follows)."""
        put = self._put
        self.written.append(ITEM_START)
        put("id", clean(identifier))
        put("title", cut(clean(title), MAX_TITLE))
        put("description", self.description)
        put("link", clean(link))
        key = (photo, grouped)
        if key not in self._described:
            self._described[key] = "".join(self._description_fields(photo, grouped))
        self.written.append(self._described[key])

    def _description_fields(self, photo: int, grouped: bool) -> list[str]:
        """The fields from image_link to google_product_category: the same for each item with this main photo."""
        product = self.product
        first, others = self._images(photo)
        fields = [_field("image_link", clean(first))]
        fields += [_field("additional_image_link", clean(address)) for address in others]
        fields.append(_field("brand", self.brand))
        fields.append(_field("condition", product.condition))  # one of the schema's words
        if product.gtin and not grouped:
            fields.append(_field("gtin", clean(product.gtin)))
        if product.mpn and not grouped:
            fields.append(_field("mpn", clean(product.mpn)))
        if grouped or not (product.gtin or product.mpn):
            fields.append(_field("identifier_exists", "no"))
        if self.google_category:
            fields.append(_field("google_product_category", self.google_category))
        return fields

    def _offer(self, offer: Product | Variant, weight: int | None) -> None:
        """Availability, price and weight, from the product or one combination."""
        put = self._put

        if offer.availability == "preorder":
            # Google's preorder needs its date; one without is orderable now and ships later: a backorder
            put("availability", "preorder" if offer.ready_date else "backorder")
            if offer.ready_date:
                put("availability_date", _instant(offer.ready_date, dt.time(0, 0), self.zone))
        else:
            put("availability", AVAILABILITY[offer.availability])
        currency = self.product.currency
        put("price", price_text(offer.price, currency))
        if offer.sale_price is not None:  # apply_today removed every sale that has ended
            put("sale_price", price_text(offer.sale_price, currency))
            if offer.sale_until:
                put("sale_price_effective_date", f"{_instant(self.today, dt.time(0, 0), self.zone)}/"
                                                 f"{_instant(offer.sale_until, dt.time(23, 59), self.zone)}")
        if weight is not None:
            put("shipping_weight", f"{weight} g")

    def _images(self, first: int) -> tuple[str, list[str]]:
        """The JPEG of the item's photo, and those of the product's other photos (up to ten)."""
        refs = list(self.product.photos)
        order = [first] + [index for index in range(len(refs)) if index != first]
        addresses = []
        for index in order[:1 + MAX_ADDITIONAL_IMAGES]:
            rendition = self.photos[refs[index]].fallback  # the whole photo; the others are crops
            self._check_photo(index, rendition, main=index == first)
            addresses.append(self.shop.base_url + routes.photo(rendition.name))
        return addresses[0], addresses[1:]

    # ------------------------------------------------------------------ warnings

    def _warn(self, line: int | None, message: str) -> None:
        self.problems.warn(self.where.path, line, message)

    def _check_product(self) -> None:
        product = self.product
        if not product.variants and len(product.title) > MAX_TITLE:
            self._warn_title(len(product.title), "")
        if len(self.description) < MIN_DESCRIPTION:
            line = self.where.document.body_line if self.where.document else None
            self._warn(line, f"description: {len(self.description)} characters; Meta's catalog needs at least {MIN_DESCRIPTION}: "
                             "describe the product below the front matter")
        if product.gtin and not product.brand:
            self._warn(self.where.line("gtin"), (
                f'brand: missing, so products.xml names the shop ("{self.shop.title}") as the maker; a product with a barcode '
                "is most likely someone else's make: add brand: with the maker's name"))
        if product.variants and (product.gtin or product.mpn):
            key = "gtin" if product.gtin else "mpn"
            self._warn(self.where.line(key), (
                f"{key}: names one item, so products.xml does not give it to this product's {len(product.variants)} combinations: "
                f"remove it, or sell each combination as its own product with its {key}"))
        horizon = self.today + PREORDER_HORIZON
        if product.availability == "preorder" and product.ready_date and product.ready_date > horizon:
            self._warn_far(self.where.line("ready_date"), "ready_date", product.ready_date)
        seen: set[int | None] = set()
        for variant in product.variants:
            if (variant.availability == "preorder" and variant.ready_date and variant.ready_date > horizon
                    and variant.ready_date != product.ready_date and variant.line not in seen):
                seen.add(variant.line)
                self._warn_far(variant.line, f"{variant_label(product.options, variant)}: ready_date", variant.ready_date)

    def _warn_title(self, length: int, what: str) -> None:
        self._warn(self.where.line("title"), (
            f"title: {length} characters{what}; Google and Meta take at most {MAX_TITLE}, so products.xml cuts it at a word: "
            "write a shorter title"))

    def _warn_far(self, line: int | None, name: str, day: dt.date) -> None:
        self._warn(line, f"{name}: {day.isoformat()} is more than a year ahead; Google Merchant Center refuses a preorder "
                         "date beyond one year: check the date")

    def _ready_passed(self, availability: str, ready: dt.date | None, own: dt.date | None, variant: Variant | None,
                      what: str) -> bool:
        """Whether a preorder's date has passed: then the item is left out (and the seller told, once per date)."""
        if availability != "preorder" or ready is None or ready >= self.today:
            return False
        key = (variant.line if variant and own else None, ready)
        if key not in self.dates_warned:
            self.dates_warned.add(key)
            if variant is not None and own:
                line, name = variant.line, f"{variant_label(self.product.options, variant)}: ready_date"
            else:
                line, name = self.where.line("ready_date"), "ready_date"
            self._warn(line, f"{name}: {ready.isoformat()} has passed, so {what} is left out of products.xml "
                             "until the date is set again")
        return True

    def _check_photo(self, index: int, rendition: Rendition, main: bool) -> None:
        # each photo checked once as the main photo and once as another (12 combinations share them)
        if index in self.photos_warned or (index, main) in self.photos_checked:
            return
        self.photos_checked.add((index, main))
        ref = self.product.photos[index]
        shortest = min(rendition.width, rendition.height)
        if shortest < META_MIN_IMAGE_PX or (main and rendition.width < GOOD_IMAGE_PX):
            name = f'photos[{index}]: "{self.problems.rel(ref.source)}"'  # only for a warning: rel resolves the path
        if shortest < META_MIN_IMAGE_PX:
            self.photos_warned.add(index)
            self._warn(ref.line, f"{name} is {rendition.width}×{rendition.height} px in products.xml; Meta's catalog needs "
                                 f"at least {META_MIN_IMAGE_PX}×{META_MIN_IMAGE_PX}: use a larger photo, or crop it closer to a square")
        elif main and rendition.width < GOOD_IMAGE_PX:
            self.photos_warned.add(index)
            self._warn(ref.line, f"{name} gives products.xml a JPEG of {rendition.width} px wide; Google asks for at least "
                                 f"{GOOD_IMAGE_PX}: use a larger photo")
