"""Contact and order links (mailto:, WhatsApp, profiles), every part percent-encoded.

A seller's address or a product's title lands inside a URL here; encoding each
part means no value can add a `?bcc=`, a second recipient or a new parameter.
"""

from __future__ import annotations

from urllib.parse import quote


# quote(safe="") of each ASCII character, from urllib itself: str.translate applies it to an ASCII text in
# one pass of C, where quote calls a Python function a byte (12,000 combinations' links a build)
_ASCII_ENCODED = {code: quote(chr(code), safe="") for code in range(128)}


def encode_value(text: str) -> str:
    """`quote(text, safe="")`: every character but letters, digits and `_.-~` percent-encoded (UTF-8)."""
    return text.translate(_ASCII_ENCODED) if text.isascii() else quote(text, safe="")


def encode_text(text: str, known: dict[str, str] | None = None) -> str:
    """A message as one query value, every reserved character encoded. With `known`, line by line, each
    line's encoding kept there: the links of one product's combinations repeat most lines (the greeting,
    the title, the price), and encoding is most of a link's cost. The result is the same either way."""
    if known is None:
        return encode_value(text)
    encoded = []
    for line in text.split("\n"):
        if line not in known:
            known[line] = encode_value(line)
        encoded.append(known[line])
    return "%0A".join(encoded)


def mailto(address: str, subject: str | None = None, body: str | None = None, known: dict[str, str] | None = None) -> str:
    """`mailto:` with the address's local part and domain encoded, then the fields."""
    local, _, domain = address.rpartition("@")
    url = f"mailto:{quote(local, safe='')}@{quote(domain, safe='')}"
    fields = [(name, value) for name, value in (("subject", subject), ("body", body)) if value is not None]
    if fields:
        url += "?" + "&".join(f"{name}={encode_text(value, known)}" for name, value in fields)
    return url


def whatsapp(number: str, text: str | None = None, known: dict[str, str] | None = None) -> str:
    """A wa.me chat link; `number` is digits only (config checks it), the text is encoded."""
    url = f"https://wa.me/{quote(number, safe='')}"
    return url if text is None else f"{url}?text={encode_text(text, known)}"


def query_value(value: str) -> str:
    """One value for a site address's query (`?variant=…`), every reserved character encoded."""
    return encode_value(value)


def profile(site: str, handle: str) -> str:
    """An Instagram or Telegram profile address from a checked handle."""
    return f"https://{site}/{quote(handle, safe='')}"
