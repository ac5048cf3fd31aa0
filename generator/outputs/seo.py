"""What search engines and social networks read: schema.org JSON-LD and short descriptions.

JSON-LD goes inside <script>: `json_script` escapes <, > and & as \\u escapes, so
no seller text (`</script>` in a title) can end the block early.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from markupsafe import Markup

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
    text = plain_text(fragment)
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def product_data(*, name: str, description: str, images: list[str], sku: str | None, brand: str, price: str,
                 currency: str, availability: str, url: str, price_valid_until: str | None) -> dict:
    offer: dict[str, Any] = {
        "@type": "Offer",
        "price": price,
        "priceCurrency": currency,
        "availability": AVAILABILITY[availability],
        "url": url,
    }
    if price_valid_until:
        offer["priceValidUntil"] = price_valid_until
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
