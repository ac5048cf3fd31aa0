"""Read `shop.toml` into a `Shop`, collecting every problem with its line."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

from .contract import schema as s
from .errors import ProblemList, printable
from .fingerprint import CONFIG_NAME  # named there: the no-op looks at shop.toml without importing this module
from .models import CONTACT_CHANNELS, Contact, EditorSettings, Messages, OrderSettings, Quality, ReturnPolicy, Shop

LANGUAGES = ("id", "en")


def _url(value) -> str:
    value = s.text(value)
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise s.Invalid(f'must be a full address such as "https://tokoku.example/" (got {s.quote(value)})')
    return value if value.endswith("/") else value + "/"


def _currency(value) -> str:
    value = s.text(value).upper()
    if not re.fullmatch(r"[A-Z]{3}", value):
        raise s.Invalid(f'must be a three-letter ISO 4217 code such as "IDR" (got {s.quote(value)})')
    return value


def _whatsapp(value) -> str:
    digits = re.sub(r"[\s+\-()]", "", s.text(value))
    if not digits.isdigit() or len(digits) < 8:
        raise s.Invalid(f'must be a phone number with country code, such as "6281234567890" (got {s.quote(value)})')
    if digits.startswith("0"):
        raise s.Invalid(f'must start with the country code, not 0: write "62{digits[1:]}" instead of {s.quote(value)}')
    return digits


def _email(value) -> str:
    """One plain address (no name, no <…>, no ?cc=): it becomes the mailto: of every order button."""
    from email_validator import EmailNotValidError, validate_email

    value = s.text(value)
    try:  # syntax only: no DNS look-up at build time; .example domains (documentation's own) allowed for trying things out
        checked = validate_email(value, check_deliverability=False, globally_deliverable=False, allow_display_name=False)
    except EmailNotValidError as error:
        raise s.Invalid(f'must be one email address such as "halo@tokoku.id" (got {s.quote(value)}: {error})') from None
    return checked.normalized


# The platforms' own rules for account names (letters, digits and these few marks, within these lengths).
HANDLES = {
    "instagram": (re.compile(r"[A-Za-z0-9._]{1,30}"), "1 to 30 letters, digits, dots and underscores"),
    "telegram": (re.compile(r"[A-Za-z][A-Za-z0-9_]{4,31}"), "5 to 32 letters, digits and underscores, starting with a letter"),
}


def _handle(platform: str):
    pattern, rule = HANDLES[platform]

    def convert(value) -> str:
        handle = s.text(value).removeprefix("@")
        if not pattern.fullmatch(handle):
            raise s.Invalid(f'must be your {platform} account name, {rule}, such as "tokosaya" (got {s.quote(value)})')
        return handle

    convert.pattern = pattern.pattern  # type: ignore[attr-defined]  # the editor checks it as the seller types
    return convert


def _timezone(value) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    value = s.text(value)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise s.Invalid(f'must be a time zone name such as "Asia/Jakarta", "Asia/Makassar" or "Asia/Jayapura" (got {s.quote(value)})') from None
    return value


def _domain(value) -> str:
    value = s.text(value).lower()
    if not re.fullmatch(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}", value):
        raise s.Invalid(f'must be a domain name such as "toko.example.id", without https:// (got {s.quote(value)})')
    return value


MESSAGE_PLACEHOLDERS = ("shop", "product", "variant", "sku", "price", "url")
CART_PLACEHOLDERS = ("shop", "lines", "total", "shipping", "name", "address", "notes")  # filled in by cart.js


def _message(placeholders: tuple[str, ...] = MESSAGE_PLACEHOLDERS):
    """A message template whose placeholders are all among `placeholders`."""

    def convert(value) -> str:
        import string

        value = s.text(value)
        example = "{" + placeholders[1] + "}"
        try:
            fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(value) if name is not None]
        except ValueError as error:
            raise s.Invalid(f"has a stray {{ or }} ({error}); placeholders look like {example}") from None
        if any(spec or conversion for _, spec, conversion in fields):  # {price:>99999999} would run for minutes
            raise s.Invalid(f"placeholders are plain names such as {example}, without : or !")
        unknown = sorted({name for name, _, _ in fields} - set(placeholders))
        if unknown:
            raise s.Invalid(f"unknown placeholder {{{printable(unknown[0][:40])}}}: use {', '.join('{' + n + '}' for n in placeholders)}")
        return value

    convert.placeholders = placeholders  # type: ignore[attr-defined]  # the editor names them in its hint
    return convert


SHOP_FIELDS = {
    "title": s.Field(s.text, required=True, hint='the shop name, e.g. title = "Toko Kain Nusantara"'),
    "base_url": s.Field(_url, required=True, hint='where the shop is published, e.g. base_url = "https://tokoku.example/"'),
    "language": s.Field(s.choice(*LANGUAGES), default="id"),
    "languages": s.Field(lambda v: [s.choice(*LANGUAGES)(item) for item in s.text_list(v)], default=[]),
    "currency": s.Field(_currency, default="IDR"),
    "theme": s.Field(s.text, default="etalase"),
    "description": s.Field(s.text, default=""),
    "timezone": s.Field(_timezone, default="Asia/Jakarta"),
    "logo": s.Field(s.text),
    "cname": s.Field(_domain),
    "contact": s.Field(lambda v: v, default={}),  # checked as its own section below
    "quality": s.Field(lambda v: v, default={}),
    "messages": s.Field(lambda v: v, default={}),
    "catalog": s.Field(lambda v: v, default={}),
    "order": s.Field(lambda v: v, default={}),
    "names": s.Field(lambda v: v, default={}),
    # [google_product_category] Kopi = "1868": Google's category for every product of a category, checked below
    "google_product_category": s.Field(lambda v: v, default={}),
    "publish": s.Field(lambda v: v, default={}),
    "editor": s.Field(lambda v: v),  # [editor]: the browser editor at /admin/, checked as its own section below
    "returns": s.Field(lambda v: v),  # [returns]: the return policy (product markup, returns page), checked below
}
def _install(value) -> str:
    """What the publish workflow gives to `pip install`: Etalase, as a pinned version or from a git repository."""
    from packaging.requirements import InvalidRequirement, Requirement

    value = s.text(value)
    example = '"etalase==1.2.0" or "etalase @ git+https://github.com/OWNER/etalase@v1.2.0"'
    try:
        requirement = Requirement(value)
    except InvalidRequirement:
        raise s.Invalid(f"must be what pip installs Etalase from, such as {example} (got {s.quote(value)})") from None
    if requirement.name.lower() != "etalase":
        raise s.Invalid(f"must install etalase, not {s.quote(requirement.name)}: e.g. {example}")
    return value


def _per_page(value) -> int:
    value = s.whole(value)
    if not 1 <= value <= 200:
        raise s.Invalid(f"must be from 1 to 200 (got {value})")
    return value


def _repo(value) -> str:
    value = s.text(value)
    if not re.fullmatch(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}", value) or value.endswith((".", "/..")):
        raise s.Invalid(f'must be the GitHub repository as owner/name, such as "tokosaya/toko" (got {s.quote(value)})')
    return value


def _branch(value) -> str:
    value = s.text(value)
    if not re.fullmatch(r"[A-Za-z0-9._/-]{1,100}", value) or ".." in value or value.startswith(("/", "-")):
        raise s.Invalid(f'must be a branch name such as "main" (got {s.quote(value)})')
    return value


EDITOR_FIELDS = {  # [editor]: the browser editor commits to this repository and branch
    "repo": s.Field(_repo, required=True, hint='the GitHub repository of this shop, e.g. repo = "tokosaya/toko"'),
    "branch": s.Field(_branch, default="main"),
}
CATALOG_FIELDS = {"per_page": s.Field(_per_page, default=12)}
PUBLISH_FIELDS = {"install": s.Field(_install)}  # read by the publish workflow (workflow.yml), checked here
MESSAGE_FIELDS = {name: s.Field(_message()) for name in ("order", "ask", "restock")}
MESSAGE_FIELDS["cart"] = s.Field(_message(CART_PLACEHOLDERS))
MAX_DAYS = 60  # handling or transit: beyond two months a promise is a preorder's, not shipping's


def _days(value) -> tuple[int, int]:
    """Days as a number (`2`) or a range (`"1-3"`): (fewest, most)."""
    example = 'a number of days such as 2, or a range such as "1-3"'
    if isinstance(value, int) and not isinstance(value, bool):
        low = high = value
    elif isinstance(value, str) and (match := re.fullmatch(r"\s*(\d{1,4})\s*(?:[-–]\s*(\d{1,4})\s*)?", value)):
        low, high = int(match.group(1)), int(match.group(2) or match.group(1))
    else:
        shown = s.quote(value) if isinstance(value, str) else "a list" if isinstance(value, list) else repr(value)
        raise s.Invalid(f"must be {example} (got {shown})")
    if low < 0:
        raise s.Invalid(f"must be 0 or more days (got {value})")
    if low > high:
        raise s.Invalid(f'must go from fewer to more days, such as "{high}-{low}" (got {s.quote(value)})')
    if high > MAX_DAYS:
        raise s.Invalid(f"must be at most {MAX_DAYS} days (got {s.quote(value) if isinstance(value, str) else value})")
    return low, high


# Codes babel knows as territories that are not countries one ships to (unknown, EU, eurozone, UN, outlying Oceania).
_NOT_COUNTRIES = {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"}


def _countries(value) -> list[str]:
    """ISO 3166-1 two-letter country codes, as Google reads a shipping destination: `["ID"]` (or `"ID"`)."""
    from babel import Locale

    known = Locale("en").territories
    result = []
    for item in s.text_list(value):
        code = item.upper()
        if not re.fullmatch(r"[A-Z]{2}", code) or code not in known or code in _NOT_COUNTRIES:
            raise s.Invalid(f'must be two-letter country codes such as ["ID"] or ["ID", "MY"] (got {s.quote(item)})')
        if code not in result:
            result.append(code)
    if not result:
        raise s.Invalid('must name at least one country, such as ["ID"]')
    return result


def currency_country(currency: str) -> str | None:
    """The one country whose money `currency` is (IDR: Indonesia), else None (USD and EUR are many countries')."""
    from babel.core import get_global

    countries = [territory for territory, spans in get_global("territory_currencies").items()
                 if any(code == currency and end is None and tender for code, _, end, tender in spans)]
    return countries[0] if len(countries) == 1 else None


ORDER_FIELDS = {
    "payment_methods": s.Field(s.text_list, default=[]),
    "booking_rule": s.Field(s.text),
    "shipping_note": s.Field(s.text),
    "shipping_flat": s.Field(s.number),
    "shipping_per_kg": s.Field(s.number),
    "ships_to": s.Field(_countries),  # default: the country of the shop's currency (currency_country)
    "handling_days": s.Field(_days),  # from the order to handing it to the courier
    "transit_days": s.Field(_days),  # with the courier
}


def _return_days(value) -> int:
    value = s.whole(value)
    if not 1 <= value <= 365:
        raise s.Invalid(f"must be from 1 to 365 days (got {value})")
    return value


RETURN_FEES = ("free", "customer")  # who pays for sending an item back: the shop, or the shopper
RETURN_METHODS = ("mail", "in_store")
RETURNS_FIELDS = {  # [returns]: checked together in _returns (days and fees are needed unless accepted = false)
    "accepted": s.Field(s.boolean, default=True),
    "days": s.Field(_return_days),
    "fees": s.Field(s.choice(*RETURN_FEES)),
    "shipping_fee": s.Field(s.number),
    "method": s.Field(s.choice(*RETURN_METHODS), default="mail"),
}
CONTACT_FIELDS = {
    "whatsapp": s.Field(_whatsapp),
    "email": s.Field(_email),
    "phone": s.Field(s.text),
    "instagram": s.Field(_handle("instagram")),
    "telegram": s.Field(_handle("telegram")),
    "address": s.Field(s.text),
    "hours": s.Field(s.text),
    "response_time": s.Field(s.text),
}
QUALITY_FIELDS = {
    "min_description_words": s.Field(s.whole, default=Quality.min_description_words),
    "min_photo_px": s.Field(s.whole, default=Quality.min_photo_px),
    "min_sharpness": s.Field(s.fraction, default=Quality.min_sharpness),
    "max_page_kb": s.Field(s.whole, default=Quality.max_page_kb),
    "new_days": s.Field(s.whole, default=Quality.new_days),
    "stale_after_days": s.Field(s.whole, default=Quality.stale_after_days),
}


def _order_shipping(raw: dict, order: dict, currency: str | None, has_returns: bool, lines: dict[str, int],
                    problems: ProblemList, path: Path) -> tuple[str, ...]:
    """The rules across [order]'s shipping keys; returns the countries shipped to (ships_to, else the currency's)."""
    if order.get("shipping_flat") is not None and order.get("shipping_per_kg") is not None:
        problems.add(path, lines.get("order.shipping_per_kg"),
                     "order: give shipping_flat (one price per order) or shipping_per_kg (by weight), not both")
    days = [key for key in ("handling_days", "transit_days") if raw.get(key) is not None]
    if len(days) == 1:
        problems.add(path, lines.get(f"order.{days[0]}"),
                     "order: give both handling_days and transit_days (Google reads a delivery time as both), or neither")
    rate = raw.get("shipping_flat") is not None or raw.get("shipping_per_kg") is not None
    if days and not rate:
        problems.add(path, lines.get(f"order.{days[0]}"),
                     f"order: {' and '.join(days)} go with a shipping rate: add shipping_flat or shipping_per_kg "
                     "(the product markup never guesses a rate), or remove them")
    countries = tuple(order.get("ships_to") or ())
    needed = (days and rate) or has_returns  # the markup's shipping destination and the policy's country
    if not countries and needed and raw.get("ships_to") is None and currency is not None:
        country = currency_country(currency)
        if country:
            countries = (country,)
        else:
            problems.add(path, lines.get("order") or lines.get("returns"),
                         f"order.ships_to: required for the shipping and returns in the product markup: {currency} is the money "
                         f'of several countries, so name the ones you ship to, e.g. ships_to = ["US"]')
    return countries


def _returns(raw: object, lines: dict[str, int], problems: ProblemList, path: Path) -> ReturnPolicy | None:
    """[returns]: days and who pays, or accepted = false for no returns."""
    before = len(problems.errors)
    section = lines.get("returns")
    values = s.check_mapping(raw, RETURNS_FIELDS, _section_lines(lines, "returns"), problems, path,
                             prefix="returns.", default_line=section)
    if not isinstance(raw, dict) or "accepted" not in values:
        return None
    given = [key for key in RETURNS_FIELDS if raw.get(key) is not None]
    if not values["accepted"]:
        for key in given:
            if key != "accepted":
                problems.add(path, lines.get(f"returns.{key}", section), f"returns.{key}: not with accepted = false (no returns): remove it")
    else:
        if "days" not in given:
            problems.add(path, section, "returns.days: required: how many days after delivery a shopper may send an item back, "
                                        "e.g. days = 7 (or accepted = false for no returns)")
        if "fees" not in given:
            problems.add(path, section, 'returns.fees: required: who pays for sending an item back, fees = "free" (you) '
                                        'or fees = "customer" (the shopper)')
        if values.get("fees") == "free" and values.get("shipping_fee") is not None:
            problems.add(path, lines.get("returns.shipping_fee", section),
                         'returns.shipping_fee: only with fees = "customer" (what the shopper pays to send an item back); '
                         "free returns cost the shopper nothing")
    if len(problems.errors) > before:
        return None
    if not values["accepted"]:
        return ReturnPolicy(accepted=False)
    return ReturnPolicy(days=values["days"], fees=values["fees"], shipping_fee=values.get("shipping_fee"), method=values["method"])


def toml_key_lines(text: str) -> dict[str, int]:
    """Line of each `key =` as "section.key" (top level: "key"), and of each `[section]`.

    tomllib gives values without positions; this finds where a key was written
    so an error can point at its line. It only locates, it does not parse.
    """
    lines: dict[str, int] = {}
    section = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"\s*\[\s*([A-Za-z0-9_.\-]+)\s*\]", line)
        if header:
            section = header.group(1) + "."
            lines.setdefault(header.group(1), number)
            continue
        key = re.match(r"\s*([A-Za-z0-9_\-]+)\s*=", line)
        if key:
            lines.setdefault(section + key.group(1), number)
    return lines


def _section_lines(lines: dict[str, int], section: str) -> dict[str, int]:
    prefix = section + "."
    return {k[len(prefix):]: v for k, v in lines.items() if k.startswith(prefix)}


def _names(raw: object, languages: tuple[str, ...], lines: dict[str, int], problems: ProblemList, path: Path) -> tuple:
    """[names.en] tables: category and tag names in each other language, checked."""
    example = '[names.en] with lines such as Tas = "Bags"'
    if not isinstance(raw, dict):
        problems.add(path, lines.get("names"), f"names: must be tables such as {example}")
        return ()
    result = []
    for language, table in raw.items():
        line = lines.get(f"names.{language}") or lines.get("names")
        if language not in languages[1:]:
            others = ", ".join(languages[1:]) or "none yet: add languages = [...]"
            problems.add(path, line, f"names.{language}: not one of the shop's other languages ({others}); "
                                     f"names are written in the main language's files and translated here")
            continue
        if not isinstance(table, dict):
            problems.add(path, line, f"names.{language}: must be a table such as {example}")
            continue
        result.append((language, _text_pairs(table, f"names.{language}", line, lines, problems, path)))
    return tuple(result)


def _google_categories(raw: object, lines: dict[str, int], problems: ProblemList, path: Path) -> tuple[tuple[str, str], ...]:
    """[google_product_category]: a category's Google product category, for products that do not set their own."""
    example = '[google_product_category] with lines such as Kopi = "1868"'
    if not isinstance(raw, dict):
        problems.add(path, lines.get("google_product_category"), f"google_product_category: must be a table such as {example}")
        return ()
    return _text_pairs(raw, "google_product_category", lines.get("google_product_category"), lines, problems, path,
                       ' (Google\'s number, e.g. "1868", or its name)')


def _text_pairs(table: dict, key: str, line: int | None, lines: dict[str, int], problems: ProblemList, path: Path,
                hint: str = "") -> tuple[tuple[str, str], ...]:
    """A table of name = "text" lines (names.en, google_product_category), each value checked as text."""
    pairs = []
    for name, value in table.items():
        try:
            pairs.append((name, s.text(value)))
        except s.Invalid as error:
            problems.add(path, lines.get(f"{key}.{name}") or line, f"{key}.{s.quote(name)}: {error}{hint}")
    return tuple(pairs)


def read_config_text(root: Path) -> str:
    """shop.toml's text; a byte-order mark (Windows Notepad writes one) is dropped, as TOML allows none."""
    return (root / CONFIG_NAME).read_text(encoding="utf-8").removeprefix("\ufeff")


_ARRAY_START = re.compile(r"""\s*[A-Za-z0-9_."'-]+\s*=\s*\[""")


def explain_toml_error(text: str, error: tomllib.TOMLDecodeError) -> tuple[int | None, str]:
    """(line, what to do) for tomllib's error: where the seller made the slip, in words they can act on."""
    message = str(error)
    lines = text.splitlines()
    match = re.search(r"\(at line (\d+), column \d+\)", message)
    line = int(match.group(1)) if match else (len(lines) or None) if "end of document" in message else None
    reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message).rstrip(".")
    if reason.startswith("Unclosed array"):  # noticed where the next key starts: point at the list itself
        start = next((n for n in range(min(line or len(lines), len(lines)), 0, -1) if _ARRAY_START.match(lines[n - 1])), line)
        return start, "a list is not closed: add ] after its last item, e.g. payment_methods = [\"Transfer BCA\", \"QRIS\"]"
    if reason in ("Illegal character '\\n'", "Unterminated string") or reason.startswith(("Expected '\"'", 'Expected "\'"')):
        start = line
        if "end of document" in message:  # a literal 'string' left open: the last line with an odd quote
            start = next((n for n in range(len(lines), 0, -1) if lines[n - 1].count("'") % 2), line)
        return start, "a string is not closed: add the closing quote at the end of the value, e.g. title = \"Toko Saya\""
    if reason == "Cannot overwrite a value":
        return line, "a key is written twice: keep one"
    if reason.startswith("Expected ']' at the end of a table declaration"):
        return line, "a section name is not closed: write it as [contact]"
    if reason == "Invalid value":
        return line, "the value needs quotes (text), or is not a number, true/false or [list]: e.g. title = \"Toko Saya\""
    return line, f"invalid TOML: {reason} (see the examples in the README)"


def load_shop(root: Path, problems: ProblemList, base_url: str | None = None) -> Shop | None:
    path = root / CONFIG_NAME
    try:
        raw_text = read_config_text(root)
    except FileNotFoundError:
        problems.add(path, None, f"not found: every shop needs a {CONFIG_NAME} (run `etalase new DIR` to see one)")
        return None
    except UnicodeDecodeError:
        problems.add(path, None, "is not UTF-8 text: save it as UTF-8")
        return None
    try:
        data = tomllib.loads(raw_text)
    except tomllib.TOMLDecodeError as error:
        problems.add(path, *explain_toml_error(raw_text, error))
        return None

    lines = toml_key_lines(raw_text)
    top = {k: v for k, v in lines.items() if "." not in k}
    values = s.check_mapping(data, SHOP_FIELDS, top, problems, path, default_line=None)
    contact = s.check_mapping(
        values.get("contact") or {}, CONTACT_FIELDS, _section_lines(lines, "contact"), problems, path,
        prefix="contact.", default_line=lines.get("contact"),
    )
    quality = s.check_mapping(
        values.get("quality") or {}, QUALITY_FIELDS, _section_lines(lines, "quality"), problems, path,
        prefix="quality.", default_line=lines.get("quality"),
    )
    messages = s.check_mapping(
        values.get("messages") or {}, MESSAGE_FIELDS, _section_lines(lines, "messages"), problems, path,
        prefix="messages.", default_line=lines.get("messages"),
    )
    order = s.check_mapping(
        values.get("order") or {}, ORDER_FIELDS, _section_lines(lines, "order"), problems, path,
        prefix="order.", default_line=lines.get("order"),
    )
    returns = _returns(values["returns"], lines, problems, path) if values.get("returns") is not None else None
    raw_order = values.get("order") if isinstance(values.get("order"), dict) else {}
    ships_to = _order_shipping(raw_order, order, values.get("currency"), values.get("returns") is not None, lines, problems, path)
    catalog = s.check_mapping(
        values.get("catalog") or {}, CATALOG_FIELDS, _section_lines(lines, "catalog"), problems, path,
        prefix="catalog.", default_line=lines.get("catalog"),
    )
    s.check_mapping(values.get("publish") or {}, PUBLISH_FIELDS, _section_lines(lines, "publish"), problems, path,
                    prefix="publish.", default_line=lines.get("publish"))
    editor = None
    if values.get("editor") is not None:
        checked = s.check_mapping(values["editor"], EDITOR_FIELDS, _section_lines(lines, "editor"), problems, path,
                                  prefix="editor.", default_line=lines.get("editor"))
        if "repo" in checked:
            editor = EditorSettings(repo=checked["repo"], branch=checked["branch"])
    languages = tuple(dict.fromkeys([values.get("language", "id"), *values.get("languages", [])]))  # the main language first
    names = _names(values.get("names") or {}, languages, lines, problems, path)
    google_categories = _google_categories(values.get("google_product_category", {}), lines, problems, path)
    contact_model = Contact(**{k: v for k, v in contact.items() if v is not None})
    raw_contact = values.get("contact") if isinstance(values.get("contact"), dict) else {}
    if not any(k in raw_contact for k in CONTACT_CHANNELS):  # a bad value is reported already
        problems.add(
            path, lines.get("contact"),
            "no contact channel: add at least one of whatsapp, email, phone, instagram, telegram under [contact] "
            "(shoppers must be able to reach you from every page)",
        )
    logo = None
    if values.get("logo"):
        logo = (root / values["logo"]).resolve()
        if not logo.is_relative_to(root.resolve()) or not logo.is_file():
            problems.add(path, top.get("logo"), f'logo: file not found in the shop folder: {s.quote(values["logo"], 255)} (a square PNG or JPEG, at least 512 px)')
    if base_url is not None:
        try:
            values["base_url"] = _url(base_url)
        except s.Invalid as error:
            problems.add("--base-url", None, str(error))
    if problems.errors or "title" not in values or "base_url" not in values:
        return None
    return Shop(
        root=root,
        title=values["title"],
        base_url=values["base_url"],
        language=values["language"],
        currency=values["currency"],
        theme=values["theme"],
        description=values["description"],
        contact=contact_model,
        quality=Quality(**{k: v for k, v in quality.items() if v is not None}),
        timezone=values["timezone"],
        per_page=catalog.get("per_page", 12),
        languages=languages,
        names=names,
        google_categories=google_categories,
        logo=logo,
        cname=values.get("cname"),
        messages=Messages(**messages),
        order=OrderSettings(payment_methods=tuple(order["payment_methods"]), booking_rule=order.get("booking_rule"),
                            shipping_note=order.get("shipping_note"), shipping_flat=order.get("shipping_flat"),
                            shipping_per_kg=order.get("shipping_per_kg"), ships_to=ships_to,
                            handling_days=order.get("handling_days"), transit_days=order.get("transit_days")),
        returns=returns,
        editor=editor,
    )
