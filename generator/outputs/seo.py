"""What search engines and social networks read: schema.org JSON-LD and short descriptions.

JSON-LD goes inside <script>: `json_script` escapes <, > and & as \\u escapes, so
no seller text (`</script>` in a title) can end the block early.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from . import product_ids

AVAILABILITY = {  # our states -> schema.org ItemAvailability
    "in_stock": "https://schema.org/InStock",
    "low_stock": "https://schema.org/LimitedAvailability",
    "preorder": "https://schema.org/PreOrder",
    "booked": "https://schema.org/Reserved",
    "sold_out": "https://schema.org/SoldOut",
}
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def json_script(data: Any) -> Markup:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def plain_text(fragment: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


def summary(fragment: str, limit: int = 155) -> str:
    """The start of a description, cut at a word, for <meta name="description">."""
    return summary_of_text(plain_text(fragment), limit)


def summary_of_text(text: str, limit: int = 155) -> str:
    """summary() of a description already made plain text (Product.description_text)."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def _merchant(offer: dict[str, Any], availability_starts: str | None, shipping: dict | None, return_policy: dict | None) -> None:
    """What an Offer tells besides its price: when a preorder ships, shipping and returns (outputs/merchant.py)."""
    if availability_starts:
        offer["availabilityStarts"] = availability_starts
    if shipping:
        offer["shippingDetails"] = shipping
    if return_policy:
        offer["hasMerchantReturnPolicy"] = return_policy


def product_data(*, name: str, description: str, images: list[str], sku: str | None, brand: str, price: str,
                 currency: str, availability: str, url: str, price_valid_until: str | None,
                 availability_starts: str | None = None, shipping: dict | None = None, return_policy: dict | None = None) -> dict:
    offer: dict[str, Any] = {
        "@type": "Offer",
        "price": price,
        "priceCurrency": currency,
        "availability": AVAILABILITY[availability],
        "url": url,
    }
    if price_valid_until:
        offer["priceValidUntil"] = price_valid_until
    _merchant(offer, availability_starts, shipping, return_policy)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": name,
        "description": description,
        "image": images,
        "brand": {"@type": "Brand", "name": brand},
        "offers": offer,
    }
    if sku:
        data["sku"] = sku
    return data


# Options Google's product-variant markup can name, by the first word of their name in Indonesian or
# English ("Ukuran Sepatu" is a size). Google reads only schema.org's color, size, material, pattern,
# suggestedAge and suggestedGender in `variesBy`; any other option (Berat, Gilingan) is told on each
# combination as an additionalProperty with the seller's own name, and left out of `variesBy`.
VARIES_BY = {
    "ukuran": "size", "size": "size",
    "warna": "color", "color": "color", "colour": "color",
    "bahan": "material", "material": "material",
    "motif": "pattern", "pattern": "pattern",
}
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class VariantOffer:
    """One combination as the structured data tells it."""

    id: str  # product_ids.variant_id: its sku here, the product feed's g:id
    name: str  # "Kemeja Batik (Ukuran XXL, Warna Biru Indigo)"
    image: str  # an absolute JPEG address
    values: tuple[str, ...]  # one per option, in the options' order
    price: str  # the price to pay (the sale price while on sale)
    availability: str  # one of our states
    url: str  # the page's address that opens this combination
    price_valid_until: str | None  # the last day of its sale, only when it is on sale
    availability_starts: str | None = None  # a preorder's ready_date
    shipping: dict | None = None  # its OfferShippingDetails (a per-kg rate follows its own weight)


def variant_properties(option_names: tuple[str, ...]) -> list[str | None]:
    """The schema.org property each option is (size, color, …), else None; a property once at most."""
    taken: set[str] = set()
    result: list[str | None] = []
    for name in option_names:
        words = _WORD.findall(name.casefold())
        prop = VARIES_BY.get(words[0]) if words else None
        if prop in taken:
            prop = None  # "Warna Tali" after "Warna": only the first can be the colour
        if prop:
            taken.add(prop)
        result.append(prop)
    return result


def product_group_data(*, name: str, description: str, images: list[str], brand: str, url: str, group_id: str,
                       option_names: tuple[str, ...], currency: str, variants: list[VariantOffer],
                       return_policy: dict | None = None) -> dict:
    """Google's product-variant markup: a ProductGroup, one Product with its own Offer per combination."""
    properties = variant_properties(option_names)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ProductGroup",
        "@id": product_ids.node_id(url, group_id),
        "name": name,
        "description": description,
        "url": url,
        "image": images,
        "brand": {"@type": "Brand", "name": brand},
        "productGroupID": group_id,
    }
    varies_by = [f"https://schema.org/{prop}" for prop in properties if prop]
    if varies_by:
        data["variesBy"] = varies_by
    data["hasVariant"] = [_variant(variant, url, group_id, option_names, properties, currency, return_policy) for variant in variants]
    return data


def _variant(variant: VariantOffer, url: str, group_id: str, option_names: tuple[str, ...],
             properties: list[str | None], currency: str, return_policy: dict | None) -> dict:
    offer: dict[str, Any] = {
        "@type": "Offer",
        "price": variant.price,
        "priceCurrency": currency,
        "availability": AVAILABILITY[variant.availability],
        "url": variant.url,
    }
    if variant.price_valid_until:
        offer["priceValidUntil"] = variant.price_valid_until
    _merchant(offer, variant.availability_starts, variant.shipping, return_policy)
    data: dict[str, Any] = {
        "@type": "Product",
        "@id": product_ids.node_id(url, variant.id),
        "name": variant.name,
        "sku": variant.id,
        "image": variant.image,
        "inProductGroupWithID": group_id,
    }
    others = []
    for option, prop, value in zip(option_names, properties, variant.values):
        if prop:
            data[prop] = value
        else:
            others.append({"@type": "PropertyValue", "name": option, "value": value})
    if others:
        data["additionalProperty"] = others
    data["offers"] = offer
    return data


def breadcrumbs(items: list[tuple[str, str]]) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": index, "name": name, "item": url}
            for index, (name, url) in enumerate(items, start=1)
        ],
    }


def organization_data(*, name: str, url: str, description: str, language: str, logo: str | None,
                      email: str | None, telephone: str | None, same_as: list[str]) -> list[dict]:
    organization: dict[str, Any] = {"@context": "https://schema.org", "@type": "Organization", "name": name, "url": url}
    if description:
        organization["description"] = description
    if logo:
        organization["logo"] = logo
    point: dict[str, Any] = {"@type": "ContactPoint", "contactType": "customer service", "availableLanguage": language}
    if email:
        point["email"] = email
    if telephone:
        point["telephone"] = telephone
    if email or telephone:
        organization["contactPoint"] = [point]
    if same_as:
        organization["sameAs"] = same_as
    website = {"@context": "https://schema.org", "@type": "WebSite", "name": name, "url": url, "inLanguage": language}
    return [organization, website]
