"""Options and variants: the choices a product offers, and what each combination has of its own.

A seller writes the options (up to three, in the order shown) and, under `variants:`,
only what differs from the product:

    options:
      Ukuran: [S, M, L, XL, XXL]
      Warna: [Sogan Cokelat, Biru Indigo]
    variants:
      - {Ukuran: XXL, price: 295000}
      - {Ukuran: S, Warna: Biru Indigo, availability: sold_out, sku: BTK-001-S-BIR}

Every combination starts as the product and takes, field by field, the value of the
most specific entry that matches it (the one naming the most options). Two entries of
the same specificity that both match a combination and disagree on a field are an
error: the seller must say which one holds there. The older form
`variants: [{name: Ukuran, options: [S, M, L]}]` still builds: it is read as `options:`
with no entries, so a shop written before stays valid without an edit.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

from . import schema as s
from ..errors import did_you_mean
from ..models import AVAILABILITY, Option, Variant

MAX_OPTIONS = 3  # Shopify's limit too: a fourth choice is a different product
MAX_COMBINATIONS = 100  # a shopper compares a few dozen at most; beyond that it is a catalogue, not a product

# What an entry may set for its combinations; everything else it names must be an option.
ENTRY_FIELDS: dict[str, Callable[[Any], Any]] = {
    "price": s.number,
    "sale_price": s.number,
    "sale_until": s.date,
    "sku": s.text,
    "availability": s.choice(*AVAILABILITY),
    "stock": s.whole,
    "ready_date": s.date,
    "booked_until": s.date,
    "weight_grams": s.whole,
    "photo": lambda value: value,  # checked as a photo file by the product's contract
}
FOR = "for"  # an entry's option values apart: `{for: {Ukuran: XXL}, price: 295000}`, or `for: [{name: Ukuran, value: XXL}]` as the browser editor writes it
INHERITED = ("price", "sale_price", "sale_until", "sku", "availability", "stock", "ready_date", "booked_until", "weight_grams", "photo")


@dataclass(frozen=True)
class Entry:
    """One item of `variants:` as written: which option values it names, and what it sets."""

    index: int
    line: int | None
    choice: dict[str, str]  # option name -> value
    sets: dict[str, Any]  # field -> converted value


@dataclass(frozen=True)
class Report:
    """A problem with the line it belongs to (the product's contract adds the file)."""

    line: int | None
    message: str


def is_old_form(raw: Any) -> bool:
    """`variants: [{name: Ukuran, options: [S, M]}]`, the form before options had their own key."""
    return isinstance(raw, list) and bool(raw) and all(isinstance(item, dict) and set(item) == {"name", "options"} for item in raw)


def read_old_form(raw: list) -> list[Option]:
    """The older list of `{name, options}` as options (raises Invalid with the new form as the fix)."""
    options = []
    for item in raw:
        values = s.text_list(item["options"])
        if not values:
            raise s.Invalid(f'variant {s.quote(str(item["name"]))} has no options')
        options.append(Option(s.text(item["name"]), tuple(values)))
    count_combinations(options)
    _at_most_three(options)
    return options


def read_options(raw: Any) -> list[Option]:
    """`options: {Ukuran: [S, M, L]}`, or as the browser editor writes it, `options: [{name: Ukuran, values: [S, M, L]}]`;
    raises Invalid (the message follows `options: `)."""
    if isinstance(raw, list) and all(isinstance(item, dict) and set(item) == {"name", "values"} for item in raw):
        names = [s.text(item["name"]) for item in raw]
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise s.Invalid(f"{', '.join(s.quote(name) for name in repeated)} is named twice: give each option once")
        raw = {name: item["values"] for name, item in zip(names, raw)}
    if not isinstance(raw, dict):
        raise s.Invalid("must be option names with their values, e.g. options: {Ukuran: [S, M, L], Warna: [Hitam, Merah]}")
    options = []
    for name, values in raw.items():
        name = s.text(name)
        if name in ENTRY_FIELDS or name == FOR:
            raise s.Invalid(f"{s.quote(name)} is a variant setting, not an option name: call the option something else, e.g. Ukuran or Warna")
        if isinstance(values, (str, int, float)) and not isinstance(values, bool):
            values = [values]
        if not isinstance(values, list) or not values:
            raise s.Invalid(f"{s.quote(name)}: give its values as a list, e.g. {name}: [S, M, L]")
        texts = [s.text(value) for value in values]
        repeated = sorted({value for value in texts if texts.count(value) > 1})
        if repeated:
            raise s.Invalid(f"{s.quote(name)}: {', '.join(s.quote(v) for v in repeated)} is listed twice: keep each value once")
        options.append(Option(name, tuple(texts)))
    count_combinations(options)
    _at_most_three(options)
    return options


def _named_pairs(items: list) -> dict | None:
    """`[{name: Ukuran, value: XXL}, …]` as `{Ukuran: XXL, …}`; None when it is not that shape (or names one twice)."""
    pairs = {}
    for item in items:
        if not isinstance(item, dict) or set(item) != {"name", "value"} or isinstance(item["name"], (dict, list)):
            return None
        if str(item["name"]) in pairs:
            return None
        pairs[str(item["name"])] = item["value"]
    return pairs


def _at_most_three(options: list[Option]) -> None:
    if len(options) > MAX_OPTIONS:
        raise s.Invalid(f"{len(options)} options; at most {MAX_OPTIONS} (a fourth choice is a separate product)")


def count_combinations(options: list[Option]) -> int:
    """How many combinations the options make, refused beyond MAX_COMBINATIONS (counted, never listed:
    10 options of 10 values would be 10 ** 10 and fill the memory)."""
    combinations = math.prod(len(option.values) for option in options)
    if combinations > MAX_COMBINATIONS:
        sizes = " × ".join(str(len(option.values)) for option in options)
        raise s.Invalid(f"{sizes} = {combinations:,} combinations; at most {MAX_COMBINATIONS}: "
                        "split the product, or keep only the options shoppers really choose between")
    return combinations


def read_entries(raw: Any, options: list[Option], lines: Callable[[int], int | None]) -> tuple[list[Entry], list[Report]]:
    """The items of `variants:` checked against the options: every problem reported, with its line."""
    reports: list[Report] = []
    if not isinstance(raw, list):
        return [], [Report(lines(-1), "variants: must be a list of what differs, e.g. variants: [{Ukuran: XXL, price: 295000}]")]
    if len(raw) > MAX_COMBINATIONS * 4:  # more entries than any catalog has: refused before each is read
        return [], [Report(lines(-1), f"variants: {len(raw):,} entries; at most {MAX_COMBINATIONS * 4}")]
    by_name = {option.name: option for option in options}
    entries = []
    for index, item in enumerate(raw):
        line = lines(index)
        where = f"variants[{index}]"
        if not isinstance(item, dict):
            reports.append(Report(line, f"{where}: write the option values and what differs, e.g. {{Ukuran: XXL, price: 295000}}"))
            continue
        choice: dict[str, str] = {}
        sets: dict[str, Any] = {}
        good = True
        named = item.get(FOR)
        if isinstance(named, list):  # as the browser editor writes it: [{name: Ukuran, value: XXL}]
            named = _named_pairs(named)
            if named is None:
                reports.append(Report(line, f"{where}.{FOR}: must name option values, e.g. {FOR}: [{{name: Ukuran, value: XXL}}], "
                                            "each option once"))
                continue
        if named is not None and not isinstance(named, dict):
            reports.append(Report(line, f"{where}.{FOR}: must name option values, e.g. {FOR}: {{Ukuran: XXL}}"))
            continue
        pairs = [(key, value) for key, value in item.items() if key != FOR] + list((named or {}).items())
        for key, value in pairs:
            key = str(key)
            if key in ENTRY_FIELDS:
                if value is None:
                    continue
                try:
                    sets[key] = ENTRY_FIELDS[key](value)
                except s.Invalid as error:
                    reports.append(Report(line, f"{where}.{key}: {error}"))
                    good = False
                continue
            option = by_name.get(key)
            if key in choice:
                reports.append(Report(line, f"{where}: {s.quote(key)} is named twice: name each option once"))
                good = False
                continue
            if option is None:
                known = list(by_name) + list(ENTRY_FIELDS)
                hint = did_you_mean(key, known) or f" the options are {', '.join(by_name) or 'none (add options: first)'}"
                reports.append(Report(line, f"{where}: {s.quote(key)} is not an option of this product:{hint}"))
                good = False
                continue
            try:
                text = s.text(value)
            except s.Invalid as error:
                reports.append(Report(line, f"{where}.{key}: {error}"))
                good = False
                continue
            if text not in option.values:
                hint = did_you_mean(text, option.values) or f" the values are {', '.join(option.values)}"
                reports.append(Report(line, f"{where}.{key}: {s.quote(text)} is not one of its values:{hint}"))
                good = False
                continue
            choice[key] = text
        if good and not choice:
            reports.append(Report(line, f"{where}: name the option values it is for, e.g. {{{options[0].name if options else 'Ukuran'}: ..., price: ...}}"))
            good = False
        if good and not sets:
            reports.append(Report(line, f"{where}: sets nothing: add what differs (price, sale_price, sku, availability, stock, photo, weight_grams) or remove it"))
            good = False
        if good:
            entries.append(Entry(index, line, choice, sets))
    return entries, reports


def resolve(options: list[Option], entries: list[Entry], base: dict[str, Any],
            photo_index: Callable[[Entry], int | None]) -> tuple[list[Variant], list[Report]]:
    """Every combination, each field from the most specific entry that sets it (else from `base`, the product).

    `photo_index` turns an entry's photo into its place in the product's photos.
    """
    reports: list[Report] = []
    conflicts: set[tuple[int, int, str]] = set()
    variants = []
    names = tuple(option.name for option in options)
    # An entry matches the combinations that have the values it names: it is found by those values, looked up
    # for each set of option names a combination could be named by (at most 7 for 3 options), not by trying
    # every entry on every combination (12 entries × 12 combinations a product of the benchmark).
    by_choice: dict[tuple[tuple[str, str], ...], list[Entry]] = {}
    for entry in entries:
        by_choice.setdefault(tuple((name, entry.choice[name]) for name in names if name in entry.choice), []).append(entry)
    name_sets = [subset for size in range(len(names), 0, -1) for subset in itertools.combinations(range(len(names)), size)]
    for values in itertools.product(*(option.values for option in options)):
        chosen = dict(zip(names, values))
        # The most specific first; among equals, the file's order: the first entry met that sets a field holds it.
        ranked: list[Entry] = []
        for subset in name_sets:
            found = by_choice.get(tuple((names[i], values[i]) for i in subset))
            if found:
                ranked.extend(found)
        if len(ranked) > 1:
            ranked.sort(key=lambda entry: (-len(entry.choice), entry.index))
        holders: dict[str, Entry] = {}  # field -> the entry whose value the combination takes
        rivals: dict[str, list[Entry]] = {}  # field -> other entries as specific as its holder
        for entry in ranked:
            for field in entry.sets:
                holder = holders.get(field)
                if holder is None:
                    holders[field] = entry
                elif len(holder.choice) == len(entry.choice):
                    rivals.setdefault(field, []).append(entry)
        for field in INHERITED if rivals else ():  # each conflict reported once, field by field
            first = holders.get(field)
            for other in rivals.get(field, ()):
                if _differ(field, first, other) and (first.index, other.index, field) not in conflicts:
                    conflicts.add((first.index, other.index, field))
                    reports.append(Report(other.line, (
                        f"variants[{other.index}] and variants[{first.index}] (line {first.line}) both set {field} for "
                        f"{_name(chosen)}, differently: add an entry naming all its options, e.g. {{{_choice_text(chosen)}, {field}: ...}}")))
        resolved: dict[str, Any] = dict(base)
        lines: list[int] = []
        for field, holder in holders.items():
            resolved[field] = photo_index(holder) if field == "photo" else holder.sets[field]
            if holder.line is not None:
                lines.append(holder.line)
        variants.append(Variant(values=values, line=max(lines) if lines else None, **resolved))
    return variants, reports


def _differ(field: str, one: Entry, other: Entry) -> bool:
    a, b = one.sets[field], other.sets[field]
    if isinstance(a, dict) or isinstance(b, dict):
        a, b = (a.get("src") if isinstance(a, dict) else a), (b.get("src") if isinstance(b, dict) else b)
    return a != b


def _name(chosen: dict[str, str]) -> str:
    return ", ".join(f"{name} {value}" for name, value in chosen.items())


def _choice_text(chosen: dict[str, str]) -> str:
    return ", ".join(f"{name}: {value}" for name, value in chosen.items())


def variant_label(options: tuple[Option, ...], variant: Variant) -> str:
    """"Ukuran XXL, Warna Biru Indigo": how a combination is named in messages and the cart."""
    return ", ".join(f"{option.name} {value}" for option, value in zip(options, variant.values))


def price_to_pay(variant: Variant) -> Decimal:
    return variant.sale_price if variant.sale_price is not None else variant.price
