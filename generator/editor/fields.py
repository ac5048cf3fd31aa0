"""The editor's form fields, made from the schema that validates products, pages and shop.toml.

Every key of PRODUCT_FIELDS, ENTRY_FIELDS, PAGE_FIELDS, SHOP_FIELDS and each shop.toml section
becomes a field here: its widget comes from the key's converter (a number for prices, a date for
dates, a select for a choice), the structured keys (photos, options, variants, sections) are built
below, and a converter this module does not know is an error, so a new key can never be left out
of the editor silently (tests/test_editor.py builds every configuration).
"""

from __future__ import annotations

from typing import Any, Callable

from babel.numbers import get_currency_precision, get_currency_symbol

from .. import config
from ..contract import schema as s
from ..contract import variants as v
from ..contract.before_render import MAX_CATEGORY, PAGE_FIELDS, PRODUCT_FIELDS, _gtin
from ..models import AVAILABILITY, Shop
from . import words

Field = dict[str, Any]

DATE = {"widget": "datetime", "type": "date", "format": "YYYY-MM-DD"}  # written as 2027-01-15, as the build reads
TEXT_LIST = {"widget": "list"}  # a list of words, one item each
# ASCII \w, and \b so that a word is matched whole (no backtracking over its letters); the build counts \w+
WORDS_AT_LEAST = r"^(?:\W*\w+\b){%d}"


class Form:
    """The fields of one shop's editor: labels in its language, prices in its currency."""

    def __init__(self, shop: Shop) -> None:
        self.shop = shop
        self.language = shop.language
        self.currency = get_currency_symbol(shop.currency, locale=_locale(shop.language))
        self.whole_prices = get_currency_precision(shop.currency) == 0

    # ------------------------------------------------------------------ one field

    def field(self, name: str, key: str, convert: Callable[[Any], Any], *, required: bool = False,
              default: Any = None) -> Field:
        """The editor field of one schema key (`key` picks its words, `name` is what it writes)."""
        result: Field = {"name": name, "label": self.label(key), **self.widget(name, convert)}
        hint = " ".join(filter(None, [words.hint(key, self.language, currency=self.currency), result.get("hint")]))
        if hint:
            result["hint"] = hint
        result["required"] = required
        if default not in (None, [], {}, "") and result["widget"] in ("select", "boolean", "number"):
            result["default"] = default
        return result

    def widget(self, name: str, convert: Callable[[Any], Any]) -> Field:
        if convert is s.text:
            return {"widget": "string"}
        if convert is s.number:
            return {"widget": "number", "value_type": "int" if self.whole_prices else "float", "min": 0}
        if convert is s.whole:
            return {"widget": "number", "value_type": "int", "min": 0}
        if convert is s.fraction:
            return {"widget": "number", "value_type": "float", "min": 0, "max": 1, "step": 0.01}
        if convert is s.boolean:
            return {"widget": "boolean"}
        if convert is s.date:
            return dict(DATE)
        if convert is s.text_list:
            return dict(TEXT_LIST)
        if hasattr(convert, "allowed"):  # schema.choice
            return {"widget": "select", "options": [self.choice(value) for value in convert.allowed]}
        if hasattr(convert, "pattern"):  # an account name (config._handle)
            return {"widget": "string", "pattern": ["^@?" + convert.pattern + "$", self.label(f"contact.{name}")]}
        special = {
            config._currency: {"widget": "string", "pattern": ["^[A-Za-z]{3}$", words.rule("currency", self.language)]},
            config._whatsapp: {"widget": "string", "pattern": [r"^\+?[1-9][\d\s()-]{7,}$", words.rule("whatsapp", self.language)]},
            config._email: {"widget": "string", "type": "email"},
            config._url: {"widget": "string", "type": "url"},
            config._timezone: {"widget": "string"},
            config._domain: {"widget": "string"},
            config._repo: {"widget": "string"},
            config._branch: {"widget": "string"},
            config._install: {"widget": "string"},
            config._per_page: {"widget": "number", "value_type": "int", "min": 1, "max": 200},
            _gtin: {"widget": "string", "pattern": [r"^(\d{8}|\d{12,14})$", words.rule("gtin", self.language)]},
            config._days: {"widget": "string", "pattern": [r"^\s*\d{1,4}\s*([-–]\s*\d{1,4}\s*)?$", words.rule("days", self.language)]},
            config._countries: dict(TEXT_LIST),
            config._return_days: {"widget": "number", "value_type": "int", "min": 1, "max": 365},
        }
        if convert in special:
            return dict(special[convert])
        if hasattr(convert, "placeholders"):  # a message template (config._message)
            return {"widget": "text", "hint": " ".join("{" + name + "}" for name in convert.placeholders)}
        raise LookupError(f"the editor has no field for {name!r} (converter {getattr(convert, '__qualname__', convert)!r}): "
                          "add it to generator/editor/fields.py")

    def choice(self, value: str) -> dict:
        known = words.AVAILABILITY_WORDS.get(value) or words.CONDITION_WORDS.get(value)
        text = (known[0] if self.language == "id" else known[1]) if known else value
        return {"label": text, "value": value}

    def label(self, key: str) -> str:
        return words.label(key, self.language, currency=self.currency)

    # ------------------------------------------------------------------ products

    def products(self) -> list[Field]:
        result = []
        for name, spec in PRODUCT_FIELDS.items():
            if name in STRUCTURED:
                result.append(STRUCTURED[name](self, spec))
            else:
                result.append(self.field(name, name, spec.convert, required=spec.required, default=spec.default))
        result.append(self.body("body", self.shop.quality.min_description_words))
        return result

    def body(self, key: str, minimum: int | None) -> Field:
        field: Field = {"name": "body", "label": self.label(key), "widget": "markdown", "required": True}
        hint = words.hint(key, self.language)
        if hint:
            field["hint"] = hint
        if minimum:
            field["pattern"] = [WORDS_AT_LEAST % minimum, words.rule("description", self.language, minimum=minimum)]
        return field

    def photos(self, spec: s.Field) -> Field:
        return {
            "name": "photos", "label": self.label("photos"), "hint": words.hint("photos", self.language),
            "widget": "list", "min": 1, "required": True,
            "fields": [
                {"name": "src", "label": self.label("photos.src"), "widget": "image", "required": True,
                 "hint": words.hint("photos.src", self.language)},
                {"name": "alt", "label": self.label("photos.alt"), "widget": "string", "required": True,
                 "hint": words.hint("photos.alt", self.language)},
                {"name": "focus", "label": self.label("photos.focus"), "widget": "list", "required": False,
                 "hint": words.hint("photos.focus", self.language),
                 "field": {"name": "at", "label": self.label("photos.focus"), "widget": "number", "value_type": "float",
                           "min": 0, "max": 1, "step": 0.05}, "min": 2, "max": 2},
            ],
        }

    def category(self, spec: s.Field) -> Field:
        field = self.field("category", "category", s.text)
        field["pattern"] = [f"^.{{1,{MAX_CATEGORY}}}$", words.rule("category", self.language, maximum=MAX_CATEGORY)]
        return field

    def options(self, spec: s.Field) -> Field:
        return {
            "name": "options", "label": self.label("options"), "hint": words.hint("options", self.language),
            "widget": "list", "required": False, "max": v.MAX_OPTIONS, "label_singular": self.label("options.one"),
            "summary": "{{fields.name}}",
            "fields": [
                {"name": "name", "label": self.label("options.name"), "hint": words.hint("options.name", self.language),
                 "widget": "string", "required": True},
                {"name": "values", "label": self.label("options.values"), "hint": words.hint("options.values", self.language),
                 "widget": "list", "required": True, "min": 1},
            ],
        }

    def variants(self, spec: s.Field) -> Field:
        # [{name, value}]: Sveltia 0.221's keyvalue widget inside a list item writes a stray "*" item
        entry = [{"name": v.FOR, "label": self.label("variants.for"), "hint": words.hint("variants.for", self.language),
                  "widget": "list", "required": True, "min": 1, "max": v.MAX_OPTIONS,
                  "label_singular": self.label("options.one"), "summary": "{{fields.name}} {{fields.value}}",
                  "fields": [{"name": "name", "label": self.label("options.name"), "widget": "string", "required": True},
                             {"name": "value", "label": self.label("variants.value"), "widget": "string", "required": True}]}]
        for name, convert in v.ENTRY_FIELDS.items():
            key = f"variants.{name}"
            if name == "photo":
                entry.append({"name": name, "label": self.label(key), "hint": words.hint(key, self.language),
                              "widget": "image", "required": False})
            else:
                entry.append(self.field(name, key, convert))
        return {"name": "variants", "label": self.label("variants"), "hint": words.hint("variants", self.language),
                "label_singular": self.label("variants.one"), "widget": "list", "required": False, "fields": entry}

    # ------------------------------------------------------------------ pages

    def pages(self) -> list[Field]:
        result = [self.field(name, f"page.{name}", spec.convert, required=spec.required) for name, spec in PAGE_FIELDS.items()]
        result.append(self.body("page.body", None))
        return result

    # ------------------------------------------------------------------ shop.toml

    def settings(self) -> list[Field]:
        result = []
        for name, spec in config.SHOP_FIELDS.items():
            if name in SECTIONS:
                result.append(self.section(name, SECTIONS[name]))
            elif name == "names":
                result.append(self.names())
            elif name == "google_product_category":  # category name = Google's category
                result.append({"name": name, "label": self.label("shop.google_product_category"),
                               "hint": words.hint("shop.google_product_category", self.language), "widget": "keyvalue", "required": False})
            elif name == "languages":
                select = {"label": self.label("shop.languages"), "widget": "select", "multiple": True,
                          "options": list(config.LANGUAGES)}
                result.append({"name": name, **select, "required": False})
            elif name == "logo":
                result.append({"name": name, "label": self.label("shop.logo"), "hint": words.hint("shop.logo", self.language),
                               "widget": "image", "required": False})
            else:
                result.append(self.field(name, f"shop.{name}", spec.convert, required=spec.required, default=spec.default))
        return result

    def section(self, name: str, fields: dict[str, s.Field]) -> Field:
        """A [section] of shop.toml as one group; the ones a seller rarely changes start folded."""
        return {
            "name": name, "label": self.label(f"shop.{name}"), "widget": "object", "required": False,
            "collapsed": name not in ("contact", "order"),
            **({"hint": words.hint(f"shop.{name}", self.language)} if words.hint(f"shop.{name}", self.language) else {}),
            "fields": [self.field(key, f"{name}.{key}", spec.convert, required=spec.required, default=spec.default)
                       for key, spec in fields.items()],
        }

    def names(self) -> Field:
        others = [language for language in self.shop.languages if language != self.shop.language]
        if not others:  # nothing to translate into: kept as it is ([names.xx] needs the language first)
            return {"name": "names", "widget": "hidden", "required": False}
        return {"name": "names", "label": self.label("shop.names"), "widget": "object", "required": False, "collapsed": True,
                "fields": [{"name": language, "label": words.label("names.language", self.language, language=language),
                            "hint": words.hint("names.language", self.language), "widget": "keyvalue", "required": False}
                           for language in others]}


STRUCTURED: dict[str, Callable[[Form, s.Field], Field]] = {
    "photos": Form.photos, "options": Form.options, "variants": Form.variants, "category": Form.category,
}
SECTIONS: dict[str, dict[str, s.Field]] = {
    "contact": config.CONTACT_FIELDS, "order": config.ORDER_FIELDS, "messages": config.MESSAGE_FIELDS,
    "quality": config.QUALITY_FIELDS, "catalog": config.CATALOG_FIELDS, "publish": config.PUBLISH_FIELDS,
    "editor": config.EDITOR_FIELDS, "returns": config.RETURNS_FIELDS,
}


def _locale(language: str) -> str:
    return {"id": "id_ID", "en": "en_US"}.get(language, language)
