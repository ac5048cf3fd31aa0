"""The ids a product and each of its combinations are known by outside the shop.

Google matches a product page's structured data with a Merchant Center feed item by these ids, so
the page's JSON-LD and the product feed (issue 18) both take them from here: the JSON-LD's
`productGroupID` is the feed's `g:item_group_id`, a combination's `sku` is the feed's `g:id`, and a
node's `@id` is the page's address with that id as its fragment (`…/products/kemeja/#BTK-001-S-BIR`).
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

MAX_ID = 50  # Merchant Center's limit for g:id and g:item_group_id


def group_id(sku: str | None, slug: str) -> str:
    """The product's SKU, else its slug (unique in the shop, and stable while its address is)."""
    return _fit(sku or slug)


def variant_id(group: str, own_sku: str | None, key: str) -> str:
    """A combination's own SKU, else the group's id and the combination's key ("KOP-001-500-g-biji-utuh").

    The key is the `?variant=` of its address, unique within the product, so the id is unique in the
    shop without inventing anything a seller must keep: the same files always give the same ids.
    """
    return _fit(own_sku or f"{group}-{key}")


def node_id(page_url: str, identifier: str) -> str:
    """The JSON-LD `@id`: the page's address with the id as its (encoded) fragment."""
    return f"{page_url}#{quote(identifier, safe='-._~')}"


def _fit(identifier: str) -> str:
    """At most MAX_ID characters: a longer id is cut and keeps a short hash of the whole, so two long
    ids that start alike stay apart."""
    if len(identifier) <= MAX_ID:
        return identifier
    digest = hashlib.sha1(identifier.encode()).hexdigest()[:8]
    return identifier[:MAX_ID - 9].rstrip("-") + "-" + digest
