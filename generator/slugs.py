"""Category and tag names as folder names in the site's addresses."""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_SLUG = 60


def slugify(text: str) -> str:
    """`Tas & Dompet` -> `tas-dompet`. Long names are cut (file systems allow 255 bytes) and keep a
    short hash so two long names stay apart; a name with no Latin letters or digits at all (如意, ☕)
    becomes `k-` and a hash of it, so two such names never share a page."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug:
        return "k-" + _short_hash(text)
    if len(slug) > MAX_SLUG:
        slug = slug[:MAX_SLUG].strip("-") + "-" + _short_hash(text)
    return slug


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:6]
