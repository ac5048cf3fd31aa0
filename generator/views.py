"""What templates receive: plain, already-computed values.

Formatting, URLs and order messages are made here, once, so a theme only
places values and never decides anything a seller relies on.
"""

from __future__ import annotations

import datetime as dt
import gettext
import operator
import re
from contextvars import ContextVar
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from typing import Callable
from urllib.parse import urlsplit

from markupsafe import Markup

from . import formatting, routes
from .outputs import merchant, product_ids, seo
from . import links as link
from .models import Page, Product, Shop
from .order_text import MessageTemplate
from .photos import ProcessedPhoto
from .slugs import slugify

ORDERABLE = ("in_stock", "low_stock", "preorder")  # what a shopper can order now (sold out and booked cannot)
PAYMENT_PAGE = "how-to-order"  # the page that lists shop.toml's payment_methods under its text
RETURNS_PAGE = "returns"  # the page that tells shop.toml's [returns] in words under its text (as the product markup does)


@dataclass(frozen=True)
class Link:
    label: str
    href: str
    kind: str = ""
    key: str = ""  # what the link stands for, whatever its label's language (a tag's slug)


@dataclass(frozen=True)
class PhotoView:
    """A photo ready for a <picture>: WebP srcset, JPEG fallback, intrinsic size, placeholder colour."""

    src: str  # JPEG fallback
    srcset: str  # WebP widths
    width: int
    height: int
    thumb_src: str
    thumb_srcset: str
    thumb_url: str  # the smallest WebP thumbnail alone (the search result's image)
    thumb_size: int
    color: str
    alt: str
    large: str = ""  # the widest WebP alone: where tapping a product photo leads


@dataclass(frozen=True)
class CategoryView:
    name: str
    slug: str
    url: str
    products: list["ProductView"] = field(default_factory=list, compare=False, repr=False)

    @property
    def count(self) -> int:
        """How many products the category holds (a page that shows only this does not depend on which)."""
        return len(self.products)


@dataclass(frozen=True)
class VariantView:
    """One combination as the page, the cart and the structured data show it."""

    key: str  # the address's ?variant=: its SKU, else its values as a slug ("xxl-biru-indigo")
    label: str  # "Ukuran XXL, Warna Biru Indigo"
    values: tuple[str, ...]  # one per option, in the options' order
    url: str  # the product's address with ?variant=<key>
    absolute_url: str
    price: str
    sale_price: str | None
    amount: int | float  # the price to pay (the sale price while on sale), for the cart
    availability: str
    availability_label: str
    orderable: bool
    sku: str | None  # its own, else the product's
    weight_grams: int | None
    photo: int  # its photo's place in the product's photos
    image: str  # the absolute address of its photo's JPEG (structured data)
    order_link: Link | None  # WhatsApp for this combination, else email (one a row: variant.js makes the email from it)
    sale_until: str | None = None  # the last day of its sale price ("31 Desember 2026"), while it runs
    availability_note: str | None = None  # its preorder's wait, its booking's rule


@dataclass(frozen=True)
class ProductView:
    slug: str
    url: str
    absolute_url: str
    title: str
    price: str
    sale_price: str | None
    availability: str
    availability_label: str  # words, never colour alone: "Tinggal 2", "Dipesan sampai 1 Desember 2026"
    availability_note: str | None  # a preorder's wait, a booking's rule
    ready_date: str | None
    sale_until: str | None
    is_new: bool
    added_iso: str
    added_timestamp: str  # an instant for the feed: "2026-11-20T00:00:00Z"
    sku: str | None
    category: CategoryView | None = field(repr=False)  # the build's own object: digested apart (graph.py)
    tags: tuple[str, ...]
    options: tuple  # the content model's Option: name and values, in the order shown
    variants: tuple[VariantView, ...]  # every combination (none without options)
    weight_grams: int | None
    featured: bool
    photos: list[PhotoView]
    description: Markup
    last_updated: str
    last_updated_iso: str
    last_updated_timestamp: str
    order_links: list[Link]
    email_order: Link | None
    # with options, the subject of a combination's e-mail with "{variant}" where its label goes (variant.js)
    email_variant_subject: str | None
    orderable: bool
    not_orderable_note: str | None  # why it cannot be ordered now and what to ask (None when it can)
    ask_links: list[Link]  # "ask about this product" (or "ask for restock" when sold out)
    meta_description: str
    json_ld: Markup  # Product and BreadcrumbList, escaped for a <script> block
    share_image: str  # absolute URL of the 1200×630 link-preview image
    amount: int | float = 0  # the price to pay (the sale price while on sale) as a number, for the cart
    currency: str = ""
    in_cart: bool = False  # orderable and in the shop's currency: offered by the cart
    tag_links: tuple[Link, ...] = ()
    price_range: str | None = None  # "Rp 150.000 – Rp 295.000" when the combinations' prices differ
    lowest_price: str | None = None  # the lowest of them alone, for a theme's "from Rp 150.000"
    highest_price: str | None = None  # and the highest: a theme keeps each amount on one line
    availability_short: str = ""  # the stock words without their date ("Pre-order", "Dipesan"): a card's badge


# What a page reads of a product view, as the build graph records it (graph.RecordingEnvironment): (FIELD, a field's
# name), or (FIELD, WHOLE) when the page turned the view into text, whose repr holds every field.
FIELD = "product-field"
WHOLE = "*"
# The set the page being rendered in this thread records into (None outside a render): every way Python makes text of
# a view (printed, joined, "~", "%", format, a list's repr, gettext's arguments) ends in its repr, which notes it here.
reads_recorded: ContextVar[set | None] = ContextVar("reads_recorded", default=None)
_dataclass_repr = ProductView.__repr__


def _recorded_repr(view: ProductView) -> str:
    recording = reads_recorded.get()
    if recording is not None:
        recording.add((FIELD, WHOLE))
    return _dataclass_repr(view)


ProductView.__repr__ = _recorded_repr  # type: ignore[method-assign]

# A product view's fields in order, read in one call: with_category makes a copy of a view positionally
_VIEW_FIELDS = [f.name for f in fields(ProductView)]
VIEW_FIELD_NAMES = frozenset(_VIEW_FIELDS)
_view_values = operator.attrgetter(*_VIEW_FIELDS)
_CATEGORY_AT = _VIEW_FIELDS.index("category")


def with_category(view: ProductView, category: CategoryView | None) -> ProductView:
    """The view with another build's category: replace(view, category=...) at half the cost (the preview does this
    for each of its remembered views every build; a view has some 45 fields, each passed by name by replace)."""
    values = list(_view_values(view))
    values[_CATEGORY_AT] = category
    return ProductView(*values)


# A category of the last build with what it was made from: (its view, the views of its products as made, their
# copies with it as category, which its product list holds)
KeptCategory = tuple[CategoryView, list[ProductView], list[ProductView]]


def with_categories(categories: dict[str, CategoryView], product_categories: list[str | None], made: list[ProductView],
                    last: dict[str, KeptCategory] | None = None) -> tuple[list[ProductView], dict[str, KeptCategory]]:
    """Each product's view (`made`, in the products' order, whose categories are `product_categories`) with this
    build's category, each category's product list filled in; and what the next build may keep of them.

    A category of `last` (the preview's last build) whose view and products, as made, are the same objects again is
    kept whole with its product list and their copies: a preview rebuild copies only the views of the categories
    an edit touched (with_category for every product was ~10 ms of a rebuild at 1,000 products)."""
    members: dict[str, list[ProductView]] = {name: [] for name in categories}
    for name, view in zip(product_categories, made):
        if name:
            members[name].append(view)
    kept: dict[str, KeptCategory] = {}
    for name, category in categories.items():
        old = (last or {}).get(name)
        views = members[name]
        if old is not None and old[0] == category and len(old[1]) == len(views) and all(a is b for a, b in zip(old[1], views)):
            kept[name] = old
            continue
        copies = [view if view.category is category else with_category(view, category) for view in views]
        category.products.extend(copies)
        kept[name] = (category, views, copies)
    copy_of = {id(view): copy for _, views, copies in kept.values() for view, copy in zip(views, copies)}
    return [copy_of[id(view)] if name else view for name, view in zip(product_categories, made)], kept


@dataclass(frozen=True)
class PageView:
    slug: str
    url: str
    title: str
    body: Markup
    meta_description: str
    last_updated: str
    payment_methods: tuple[str, ...] = ()  # listed under the text: the how-to-order page's, none elsewhere
    return_policy: tuple[str, ...] = ()  # [returns] in sentences, under the returns page's text


@dataclass
class SiteView:
    title: str
    description: str
    language: str
    base_url: str
    base_path: str
    home_url: str
    catalog_url: str
    privacy_url: str
    contact_links: list[Link]
    address: str | None
    hours: str | None
    response_time: str | None
    pages: list[PageView]
    categories: list[CategoryView]
    last_updated: str
    last_updated_iso: str
    assets: dict[str, str]
    last_updated_timestamp: str = ""  # an instant for the feed: "2026-11-20T00:00:00Z"
    info_pages: list[PageView] = field(default_factory=list)  # every page but privacy (linked on its own: privacy_url)
    search_url: str = ""
    payment_methods: tuple[str, ...] = ()
    feed_url: str = ""
    manifest_url: str = ""
    icons: dict[str, str] = field(default_factory=dict)  # "favicon", "touch", "512" -> URL
    json_ld: Markup = Markup("")  # Organization and WebSite, for the home page
    og_locale: str = "id_ID"
    currency: str = "IDR"
    cart_url: str = ""
    shipping_note: str | None = None
    cart: dict = field(default_factory=dict)  # settings for cart.js: see ViewMaker.cart
    per_page: int = 12
    listing_labels: dict[str, str] = field(default_factory=dict)  # sort and filter links, translated
    languages: list[tuple[str, str]] = field(default_factory=list)  # (code, base URL) of every language published

    def asset(self, name: str) -> str:
        if name not in self.assets:
            raise LookupError(f"no file {name!r} in the theme's static/ folder")
        return self.assets[name]

    def absolute(self, url: str) -> str:
        """A site link ("/shop/products/x/") as a full address ("https://…/shop/products/x/")."""
        return self.base_url + url[len(self.base_path):] if url.startswith(self.base_path) else url

    def alternate(self, url: str, language: str) -> str:
        """The same page in another language, as a full address (every page exists in every language)."""
        relative = url[len(self.base_path):] if url.startswith(self.base_path) else url.lstrip("/")
        return dict(self.languages)[language] + relative

    def alternate_path(self, url: str, language: str) -> str:
        """The same page in another language, as a site link (for the language switch)."""
        return urlsplit(self.alternate(url, language)).path


def _number(amount: Decimal) -> int | float:
    """A price as a JSON number: 185000, or 12.5 when it has decimals."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def timestamp(day: dt.date) -> str:
    """A day as the instant Atom needs (RFC 3339): its start, in UTC."""
    return dt.datetime.combine(day, dt.time(), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def pay(variant) -> Decimal:
    """What the shopper pays for a product or combination: the sale price while the sale runs."""
    return variant.sale_price if variant.sale_price is not None else variant.price


def _orderable_or_all(variants):
    orderable = [v for v in variants if v.availability in ORDERABLE]
    return orderable or list(variants)


def summarised(product: Product) -> Product:
    """A product with options as its cards and lists show it: the availability of its best combination
    (in stock if any is; sold out only when every one is) and the price of its cheapest orderable one,
    so sorting by price and "available only" follow what a shopper can really order."""
    if not product.variants:
        return product
    orderable = [v for v in product.variants if v.availability in ORDERABLE]
    states = {v.availability for v in product.variants}
    if not orderable:
        availability = "booked" if states == {"booked"} else "sold_out"
        booked = min((v.booked_until for v in product.variants if v.booked_until), default=None)
        cheapest = min(product.variants, key=pay)
        return replace(product, availability=availability, booked_until=booked, price=cheapest.price, sale_price=cheapest.sale_price)
    cheapest = min(orderable, key=pay)
    best = next(state for state in ORDERABLE if any(v.availability == state for v in orderable))
    low = [v for v in orderable if v.availability == "low_stock"]
    # Combinations that all carry the product's own stock share it ("only 2 left" in all); their own counts add up.
    stock = (product.stock if all(v.stock == product.stock for v in low) else sum(v.stock or 0 for v in low)) if best == "low_stock" else product.stock
    ready = min((v.ready_date for v in orderable if v.availability == "preorder" and v.ready_date), default=None)
    sale_until = cheapest.sale_until if cheapest.sale_price is not None else None
    return replace(product, availability=best, stock=stock, ready_date=ready if best == "preorder" else product.ready_date,
                   price=cheapest.price, sale_price=cheapest.sale_price, sale_until=sale_until)


def _all_products(gettext_: Callable[[str], str]) -> str:
    return gettext_("All products")


def whatsapp_number(digits: str) -> str:
    """A WhatsApp number as people write it: "6281234567890" -> "+62 812-3456-7890" (an Indonesian mobile), else "+<digits>"."""
    if digits.startswith("628") and 10 <= len(digits) <= 15:
        rest = digits[2:]
        return f"+62 {rest[:3]}-{rest[3:7]}-{rest[7:]}"
    return "+" + digits


def contact_links(shop: Shop) -> list[Link]:
    c = shop.contact
    links = []
    if c.whatsapp:
        links.append(Link(f"WhatsApp {whatsapp_number(c.whatsapp)}", link.whatsapp(c.whatsapp), "whatsapp"))
    if c.email:
        links.append(Link(c.email, link.mailto(c.email), "email"))
    if c.phone:
        links.append(Link(c.phone, "tel:" + re.sub(r"[^\d+]", "", c.phone), "phone"))
    if c.instagram:
        links.append(Link(f"Instagram @{c.instagram}", link.profile("instagram.com", c.instagram), "instagram"))
    if c.telegram:
        links.append(Link(f"Telegram @{c.telegram}", link.profile("t.me", c.telegram), "telegram"))
    return links


class ViewMaker:
    """Turns the content model into template values for one build."""

    def __init__(self, shop: Shop, translations: gettext.NullTranslations, assets: dict[str, str], today: dt.date,
                 media_base_url: str | None = None):
        self.shop = shop
        self._ = translations.gettext
        self.assets = assets
        self.today = today
        # Photos and icons live once, at the main language's root, also for /en/ pages.
        self.media_base_url = media_base_url or shop.base_url
        self.media_base_path = urlsplit(self.media_base_url).path or "/"
        self.base_path = shop.base_path  # read once: the property splits base_url on every call (a link each)
        # Category and tag names in this language; their addresses stay those of the main language's names,
        # so /category/tas/ and /en/category/tas/ are the same list in two languages.
        self.names = shop.names_in(shop.language)
        # [returns] is the shop's: one policy for every offer
        self.return_policy = merchant.return_policy(shop.returns, shop.order.ships_to, shop.currency)
        # shop.toml's [messages], else the theme's translated default: looked up once, used for every combination
        _ = self._
        defaults = {
            "order": _("Hello {shop}, I would like to order:\n{product}\nVariant: {variant}\nSKU: {sku}\nPrice: {price}\n{url}"),
            "ask": _("Hello {shop}, I have a question about this product:\n{product}\nSKU: {sku}\n{url}"),
            "restock": _("Hello {shop}, will this product be available again?\n{product}\nSKU: {sku}\n{url}"),
        }
        self._messages = {kind: MessageTemplate.read(getattr(shop.messages, kind) or default) for kind, default in defaults.items()}

    def url(self, path: str) -> str:
        """A site path ("products/kemeja/") as a link that works under base_url's sub-path."""
        return self.base_path + path

    def absolute(self, path: str) -> str:
        return self.shop.base_url + path

    def media(self, path: str) -> str:
        """A link to a shared file (photos, icons), the same from every language."""
        return self.media_base_path + path

    def media_absolute(self, path: str) -> str:
        return self.media_base_url + path

    def message(self, kind: str, product: Product, **values: str | None) -> str:
        """A prefilled message from shop.toml's [messages] or the theme's translated default.

        A line whose placeholders are all empty (no SKU, no variant) is left out.
        """
        template = self._messages[kind]
        fields = {"shop": self.shop.title, "product": product.title, "sku": product.sku, "variant": None, "price": None, "url": None}
        fields.update(values)
        return template.fill(fields)

    def cart(self) -> dict:
        """What cart.js needs from the shop (the theme adds its words): JSON-ready values."""
        _ = self._
        shop = self.shop
        order = shop.order
        default = _("Hello {shop}, I would like to order:\n{lines}\nTotal: {total}\nShipping estimate: {shipping}\n"
                    "Name: {name}\nAddress: {address}\nNotes: {notes}")
        return {
            "catalog": self.url(routes.CATALOG_JSON),
            "shop": shop.title,
            "currency": shop.currency,
            "money": formatting.money_format(shop.currency, shop.language),
            "message": shop.messages.cart or default,
            "subject": _("New order for %(shop)s") % {"shop": shop.title},
            "whatsapp_link": link.whatsapp(shop.contact.whatsapp) if shop.contact.whatsapp else None,  # encoded by links.py
            "email_link": link.mailto(shop.contact.email) if shop.contact.email else None,
            "shipping_flat": _number(order.shipping_flat) if order.shipping_flat is not None else None,
            "shipping_per_kg": _number(order.shipping_per_kg) if order.shipping_per_kg is not None else None,
        }

    def whatsapp(self, text: str, known: dict[str, str] | None = None) -> str:
        return link.whatsapp(self.shop.contact.whatsapp, text, known)

    def mailto(self, subject: str, body: str, known: dict[str, str] | None = None) -> str:
        return link.mailto(self.shop.contact.email, subject, body, known)

    def _order_links(self, product: Product, price: str, page_url: str) -> tuple[list[Link], Link | None]:
        _ = self._
        contact = self.shop.contact
        if product.availability in ("sold_out", "booked"):
            return [], None
        # With options, the main button asks the shopper to choose; the page's script (or, without it,
        # the table of combinations) gives each combination its own link.
        choice = ("; ".join(f"{o.name}: {' / '.join(o.values)}" for o in product.options) + " " + _("(please choose)")
                  if product.options else None)
        links = []
        if contact.whatsapp:
            text = self.message("order", product, variant=choice, price=price, url=page_url)
            links.append(Link(_("Order via WhatsApp"), self.whatsapp(text), "whatsapp"))
        email = None
        if contact.email:
            body = self.message("order", product, variant=choice, price=price, url=page_url)
            email = Link(_("Order by email"), self.mailto(_("Order: %(title)s") % {"title": product.title}, body), "email")
        return links, email

    def variant_subject(self, product: Product, label: str) -> str:
        return self._("Order: %(title)s") % {"title": f"{product.title} ({label})"}

    def _variant_views(self, product: Product, photos: dict, page_path: str) -> tuple[VariantView, ...]:
        _ = self._
        language = self.shop.language
        contact = self.shop.contact
        keys: set[str] = set()
        encoded: dict[str, str] = {}  # the lines the combinations' messages share, encoded once (links.encode_text)
        page_url, page_absolute = self.url(page_path), self.absolute(page_path)
        order_words = _("Order %(variant)s via WhatsApp") if contact.whatsapp else _("Order %(variant)s by email")
        images: dict[int, str] = {}  # a photo's address, by its place in the product's photos
        states: dict[tuple, tuple[str, str | None]] = {}  # the stock words, by what they say
        result = []
        for variant in product.variants:
            label = ", ".join(f"{o.name} {value}" for o, value in zip(product.options, variant.values))
            key = variant.sku or slugify("-".join(variant.values)) or "v"
            while key in keys:  # two spellings that make one slug ("S/M", "S M"): still one address each
                key += "-"
            keys.add(key)
            query = "?variant=" + link.query_value(key)
            price = formatting.price(variant.price, product.currency, language)
            sale = formatting.price(variant.sale_price, product.currency, language) if variant.sale_price is not None else None
            said = (variant.availability, variant.stock, variant.ready_date, variant.booked_until)
            if said not in states:
                states[said] = self._availability_of(*said)
            state, note = states[said]
            orderable = variant.availability in ORDERABLE
            order = None
            sku = variant.sku or product.sku
            if orderable:
                text = self.message("order", product, variant=label, sku=sku, price=sale or price, url=page_absolute + query)
                if contact.whatsapp:
                    order = Link(order_words % {"variant": label}, self.whatsapp(text, encoded), "whatsapp")
                elif contact.email:
                    order = Link(order_words % {"variant": label}, self.mailto(self.variant_subject(product, label), text, encoded), "email")
            photo = variant.photo if variant.photo is not None else 0
            if photo not in images:
                images[photo] = self.media_absolute("photos/" + photos[product.photos[photo]].fallback.name)
            result.append(VariantView(
                key=key, label=label, values=variant.values, url=page_url + query,
                absolute_url=page_absolute + query, price=price, sale_price=sale,
                amount=_number(variant.sale_price if variant.sale_price is not None else variant.price),
                availability=variant.availability, availability_label=state, orderable=orderable, sku=sku,
                weight_grams=variant.weight_grams, photo=photo,
                image=images[photo],
                order_link=order,
                sale_until=formatting.date(variant.sale_until, language) if variant.sale_until and sale else None,
                availability_note=note,
            ))
        return tuple(result)

    def _ask_links(self, product: Product, page_url: str) -> list[Link]:
        _ = self._
        kind = "restock" if product.availability == "sold_out" else "ask"
        text = self.message(kind, product, url=page_url)
        links = []
        if self.shop.contact.whatsapp:
            label = _("Ask for restock via WhatsApp") if kind == "restock" else _("Ask about this product via WhatsApp")
            links.append(Link(label, self.whatsapp(text), "whatsapp"))
        if self.shop.contact.email:
            label = _("Ask for restock by email") if kind == "restock" else _("Ask about this product by email")
            links.append(Link(label, self.mailto(_("Question: %(title)s") % {"title": product.title}, text), "email"))
        return links

    def _availability(self, product: Product) -> tuple[str, str | None]:
        return self._availability_of(product.availability, product.stock, product.ready_date, product.booked_until)

    def _availability_of(self, state: str, stock: int | None, ready_date: dt.date | None,
                         booked_until: dt.date | None) -> tuple[str, str | None]:
        """The stock words ("Tinggal 2") and the note that goes with them (a preorder's wait)."""
        _ = self._
        language = self.shop.language
        if state == "low_stock":
            return _("Only %(count)s left") % {"count": stock}, None
        if state == "preorder" and ready_date:
            label = _("Preorder: ready around %(date)s") % {"date": formatting.date(ready_date, language)}
            return label, formatting.wait(ready_date, self.today, language)
        if state == "booked" and booked_until:
            label = _("Booked until %(date)s") % {"date": formatting.date(booked_until, language)}
            return label, self.shop.order.booking_rule
        labels = {"in_stock": _("In stock"), "preorder": _("Preorder"), "sold_out": _("Sold out")}
        return labels.get(state, state), None

    def _not_orderable_note(self, product: Product, orderable: bool) -> str | None:
        _ = self._
        if orderable:
            return None
        if product.availability == "sold_out":
            return _("This product is sold out. Ask us when it is back.")
        return _("Another customer has booked this product. Ask us whether it becomes available.")

    def photo(self, processed: ProcessedPhoto, alt: str) -> PhotoView:
        def srcset(renditions) -> str:
            return ", ".join(f"{self.media('photos/' + r.name)} {r.width}w" for r in renditions)

        largest = processed.sources[-1]
        return PhotoView(
            src=self.media("photos/" + processed.fallback.name),
            srcset=srcset(processed.sources),
            width=largest.width,
            height=largest.height,
            thumb_src=self.media("photos/" + processed.thumb_fallback.name),
            thumb_srcset=srcset(processed.thumbs),
            thumb_url=self.media("photos/" + processed.thumbs[0].name),
            thumb_size=processed.thumbs[-1].width,
            color=processed.color,
            alt=alt,
            large=self.media("photos/" + largest.name),
        )

    def category(self, name: str) -> CategoryView:
        slug = slugify(name)
        return CategoryView(name=self.names.get(name, name), slug=slug, url=self.url(routes.category(slug)))

    def listing_labels(self) -> dict[str, str]:
        _ = self._
        return {"newest": _("Newest"), "price-asc": _("Lowest price"), "price-desc": _("Highest price"),
                "all": _("All"), "available": _("Available only")}

    def product(self, product: Product, photos: dict, categories: dict[str, CategoryView]) -> ProductView:
        language = self.shop.language
        path = routes.product(product.slug)
        product = summarised(product)
        price = formatting.price(product.price, product.currency, language)
        sale = formatting.price(product.sale_price, product.currency, language) if product.sale_price is not None else None
        price_range, lowest, highest = self._price_range(product)
        order_links, email = self._order_links(product, price_range or sale or price, self.absolute(path))
        label, note = self._availability(product)
        added = product.added or product.last_updated
        photo_views = [self.photo(photos[ref], ref.alt or product.title) for ref in product.photos]
        share = self.media_absolute("photos/" + photos[product.photos[0]].share.name)
        description = product.description_text
        category = categories.get(product.category) if product.category else None
        crumbs = [(self.shop.title, self.absolute("")), (_all_products(self._), self.absolute(routes.CATALOG))]
        if category:
            crumbs.append((category.name, self.absolute(routes.category(category.slug))))
        crumbs.append((product.title, self.absolute(path)))
        variants = self._variant_views(product, photos, path)
        images = [self.media_absolute("photos/" + photos[ref].fallback.name) for ref in product.photos] + [share]
        if product.variants:
            structured = self._product_group(product, description, images, variants, self.absolute(path))
        else:
            structured = seo.product_data(
                name=product.title, description=description[:5000], sku=product.sku, brand=product.brand or self.shop.title,
                images=images,
                price=str(product.sale_price if product.sale_price is not None else product.price), currency=product.currency,
                availability=product.availability, url=self.absolute(path),
                price_valid_until=product.sale_until.isoformat() if product.sale_until and product.sale_price is not None else None,
                availability_starts=self._availability_starts(product.availability, product.ready_date),
                shipping=merchant.shipping_details(self.shop.order, product.currency, self.shop.currency, product.weight_grams),
                return_policy=self.return_policy,
            )
        json_ld = seo.json_script([structured, seo.breadcrumbs(crumbs)])
        return ProductView(
            slug=product.slug,
            url=self.url(path),
            absolute_url=self.absolute(path),
            title=product.title,
            price=price,
            sale_price=sale,
            availability=product.availability,
            availability_label=label,
            availability_note=note,
            ready_date=formatting.date(product.ready_date, language) if product.ready_date else None,
            sale_until=formatting.date(product.sale_until, language) if product.sale_until and sale else None,
            is_new=(self.today - added).days <= self.shop.quality.new_days,
            added_iso=added.isoformat(),
            added_timestamp=timestamp(added),
            sku=product.sku,
            category=category,
            tags=product.tags,
            options=product.options,
            variants=variants,
            weight_grams=product.weight_grams,
            featured=product.featured,
            photos=photo_views,
            description=Markup(product.description_html),  # already made safe by markdown_text
            last_updated=formatting.date(product.last_updated, language),
            last_updated_iso=product.last_updated.isoformat(),
            last_updated_timestamp=timestamp(product.last_updated),
            order_links=order_links,
            email_order=email,
            email_variant_subject=self.variant_subject(product, "{variant}") if email and product.options else None,
            orderable=bool(order_links or email),
            not_orderable_note=self._not_orderable_note(product, bool(order_links or email)),
            ask_links=self._ask_links(product, self.absolute(path)),
            meta_description=product.summary or seo.summary_of_text(description),
            json_ld=json_ld,
            share_image=share,
            amount=_number(product.sale_price if product.sale_price is not None else product.price),
            currency=product.currency,
            in_cart=bool(order_links or email) and product.currency == self.shop.currency,
            tag_links=tuple(Link(self.names.get(tag, tag), self.url(routes.tag(slugify(tag))), "tag", slugify(tag)) for tag in product.tags),
            price_range=price_range,
            lowest_price=lowest,
            highest_price=highest,
            availability_short=self._availability_short(product.availability, label),
        )

    def _product_group(self, product: Product, description: str, images: list[str], views: tuple[VariantView, ...],
                       url: str) -> dict:
        """The structured data of a product with options: its ids are those of the product feed (product_ids)."""
        group = product_ids.group_id(product.sku, product.slug)
        offers = [
            seo.VariantOffer(
                id=product_ids.variant_id(group, variant.sku, view.key),
                name=f"{product.title} ({view.label})",
                image=view.image,
                values=variant.values,
                price=str(variant.sale_price if variant.sale_price is not None else variant.price),
                availability=variant.availability,
                url=view.absolute_url,
                price_valid_until=variant.sale_until.isoformat() if variant.sale_until and variant.sale_price is not None else None,
                availability_starts=self._availability_starts(variant.availability, variant.ready_date),
                shipping=merchant.shipping_details(self.shop.order, product.currency, self.shop.currency, variant.weight_grams),
            )
            for variant, view in zip(product.variants, views)
        ]
        return seo.product_group_data(
            name=product.title, description=description[:5000], images=images, brand=product.brand or self.shop.title,
            url=url, group_id=group, option_names=tuple(option.name for option in product.options),
            currency=product.currency, variants=offers, return_policy=self.return_policy,
        )

    def _availability_starts(self, availability: str, ready_date: dt.date | None) -> str | None:
        """A preorder's ready_date for the markup; one already past promises nothing (the build warns about it)."""
        if availability == "preorder" and ready_date and ready_date >= self.today:
            return ready_date.isoformat()
        return None

    def _price_range(self, product: Product) -> tuple[str | None, str | None, str | None]:
        """"Rp 150.000 – Rp 295.000", "Rp 150.000" and "Rp 295.000" when the orderable combinations' prices differ."""
        amounts = sorted({pay(v) for v in _orderable_or_all(product.variants)})
        if len(amounts) < 2:
            return None, None, None
        low, high = (formatting.price(amount, product.currency, self.shop.language) for amount in (amounts[0], amounts[-1]))
        return f"{low} – {high}", low, high

    def _availability_short(self, state: str, label: str) -> str:
        """The stock words a small card has room for: a preorder's or a booking's date is left to the product page."""
        _ = self._
        return {"preorder": _("Preorder"), "booked": _("Booked")}.get(state, label)

    def page(self, page: Page) -> PageView:
        return PageView(
            slug=page.slug,
            url=self.url(f"{page.slug}/"),
            title=page.title,
            body=Markup(page.body_html),
            meta_description=seo.summary(page.body_html),
            last_updated=formatting.date(page.last_updated, self.shop.language) if page.last_updated else "",
            payment_methods=self.shop.order.payment_methods if page.slug == PAYMENT_PAGE else (),
            return_policy=self.return_policy_words() if page.slug == RETURNS_PAGE else (),
        )

    def return_policy_words(self) -> tuple[str, ...]:
        """[returns] in the shop's language: what the product markup's MerchantReturnPolicy says, for shoppers."""
        _ = self._
        returns = self.shop.returns
        if returns is None:
            return ()
        if not returns.accepted:
            return (_("We do not accept returns."),)
        words = [_("You may return an item within a day of receiving it.") if returns.days == 1 else
                 _("You may return an item within %(days)s days of receiving it.") % {"days": returns.days}]
        if returns.fees == "free":
            words.append(_("Returns are free: we pay for sending it back."))
        elif returns.shipping_fee is not None:
            fee = formatting.price(returns.shipping_fee, self.shop.currency, self.shop.language)
            words.append(_("Sending it back costs you %(fee)s.") % {"fee": fee})
        else:
            words.append(_("You pay for sending it back."))
        words.append(_("Send it back by courier or post.") if returns.method == "mail" else _("Bring it back to our shop."))
        return tuple(words)

    def site(self, pages: list[PageView], categories: list[CategoryView], last_updated: dt.date) -> SiteView:
        shop = self.shop
        return SiteView(
            title=shop.title,
            description=shop.description,
            language=shop.language,
            base_url=shop.base_url,
            base_path=shop.base_path,
            home_url=self.url(""),
            catalog_url=self.url(routes.CATALOG),
            privacy_url=self.url("privacy/"),
            contact_links=contact_links(shop),
            address=shop.contact.address,
            hours=shop.contact.hours,
            response_time=shop.contact.response_time,
            pages=pages,
            categories=categories,
            last_updated=formatting.date(last_updated, shop.language),
            last_updated_iso=last_updated.isoformat(),
            last_updated_timestamp=timestamp(last_updated),
            info_pages=[page for page in pages if page.slug != "privacy"],
            search_url=self.url(routes.SEARCH),
            assets=self.assets,
            payment_methods=shop.order.payment_methods,
            feed_url=self.url(routes.FEED),
            manifest_url=self.media("manifest.webmanifest"),
            icons={"favicon": self.media("favicon.ico"), "touch": self.media("icons/apple-touch-icon.png"),
                   "512": self.media("icons/icon-512.png")},
            json_ld=seo.json_script(seo.organization_data(
                name=shop.title, url=shop.base_url, description=shop.description, language=shop.language,
                logo=self.media_absolute("icons/icon-512.png"), email=shop.contact.email, telephone=shop.contact.phone,
                same_as=[link.href for link in contact_links(shop) if link.kind in ("instagram", "telegram")],
            )),
            og_locale=formatting.LOCALES[shop.language] if "_" in formatting.LOCALES[shop.language] else "en_US",
            currency=shop.currency,
            per_page=shop.per_page,
            listing_labels=self.listing_labels(),
            cart_url=self.url(routes.CART),
            shipping_note=shop.order.shipping_note,
            cart=self.cart(),
        )
