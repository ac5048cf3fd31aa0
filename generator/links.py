"""Contact and order links (mailto:, WhatsApp, profiles), every part percent-encoded.

A seller's address or a product's title lands inside a URL here; encoding each
part means no value can add a `?bcc=`, a second recipient or a new parameter.
"""

from __future__ import annotations

from urllib.parse import quote


def mailto(address: str, subject: str | None = None, body: str | None = None) -> str:
    """`mailto:` with the address's local part and domain encoded, then the fields."""
    local, _, domain = address.rpartition("@")
    url = f"mailto:{quote(local, safe='')}@{quote(domain, safe='')}"
    fields = [(name, value) for name, value in (("subject", subject), ("body", body)) if value is not None]
    if fields:
        url += "?" + "&".join(f"{name}={quote(value, safe='')}" for name, value in fields)
    return url


def whatsapp(number: str, text: str | None = None) -> str:
    """A wa.me chat link; `number` is digits only (config checks it), the text is encoded."""
    url = f"https://wa.me/{quote(number, safe='')}"
    return url if text is None else f"{url}?text={quote(text, safe='')}"


def query_value(value: str) -> str:
    """One value for a site address's query (`?variant=…`), every reserved character encoded."""
    return quote(value, safe="")


def profile(site: str, handle: str) -> str:
    """An Instagram or Telegram profile address from a checked handle."""
    return f"https://{site}/{quote(handle, safe='')}"
