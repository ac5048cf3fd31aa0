"""`--update`: an existing product's front matter, changed where the imported file speaks and nowhere else.

- A key the file has a column for (ReadResult.provides) follows the file: set to its value, or removed
  when the cell is now empty (a sale that ended, a product restocked). `title` and `price` are never
  removed: an empty cell there keeps the seller's. A `sale_until` goes with the `sale_price` it ended.
- A key the file has no column for stays as the seller wrote it, and so does every key no file has
  (ready_date, booked_until, gtin, aliases…).
- Combinations are merged one by one: an existing entry is matched by its option values, else by its
  SKU (an option value renamed on the platform), and takes the file's price, sale_price, sku,
  availability, stock and weight_grams, keeping its other keys; entries for combinations the file no
  longer has are removed, new ones added. An entry naming only some options (the seller's own, such as
  a photo per colour) keeps what the file does not give per combination.
- Photos are the seller's: one already in the folder (by content, see write.py) keeps its name, place,
  alt text and focus; only photos new to the product are added, and none is removed. A combination's
  photo is set from the file only where it has none.
- A preorder without its ready_date would fail the build: the product becomes a draft, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..contract import schema as s
from ..contract import variants as v
from .model import ImportedProduct
from .plan import PREORDER_REASON

PRODUCT_KEYS = ("title", "price", "sale_price", "sale_until", "sku", "availability", "stock", "category", "tags", "brand",
                "weight_grams")
REQUIRED = ("title", "price")  # the build needs them: an empty cell keeps the seller's
VARIANT_KEYS = ("price", "sale_price", "sku", "availability", "stock", "weight_grams")  # a combination's, from the file
REPORTED = (*PRODUCT_KEYS, "options", "variants", "photos", "draft")  # the order the report names changed keys in


@dataclass(frozen=True)
class Merged:
    front: dict
    changed: tuple[str, ...]  # the top-level keys that differ from what was there
    reasons: tuple[str, ...]  # why it is (now) a draft


def merge(current: dict, planned: dict, product: ImportedProduct, provides: frozenset[str] | None,
          names: dict[str, str], present: set[str]) -> Merged:
    """`current`: the front matter as the seller has it; `planned`: as a new import would write it (plan.py).
    `names`: each planned photo's file name -> the name it has in the folder (an existing file with the same
    content, or the new file's); `present`: the planned names whose photo the front matter already uses."""
    provided = frozenset(planned) if provides is None else provides
    front = dict(current)
    for key in PRODUCT_KEYS:
        if key not in provided:
            continue
        if key in planned:
            front[key] = planned[key]
        elif key not in REQUIRED:
            front.pop(key, None)
    if "sale_price" in current and "sale_price" not in front:
        front.pop("sale_until", None)
    if "photos" in provided:
        _add_photos(front, planned.get("photos") or [], names, present)
    if "options" in provided:
        _merge_options(front, current, planned, product, provided & set(VARIANT_KEYS), names)
    reasons = []
    if _preorder_without_date(front):
        if not front.get("draft"):
            front["draft"] = True
        reasons.append(PREORDER_REASON)
    changed = tuple(key for key in REPORTED if current.get(key) != front.get(key))
    changed += tuple(key for key in current if key not in front and key not in changed)
    return Merged(front, changed, tuple(reasons))


def _add_photos(front: dict, planned: list[dict], names: dict[str, str], present: set[str]) -> None:
    photos = list(front.get("photos") or [])
    listed = {_source(photo) for photo in photos}
    for photo in planned:
        name = names.get(photo["src"])
        if name is None or photo["src"] in present or name in listed:
            continue
        photos.append({**photo, "src": name})
        listed.add(name)
    if photos:
        front["photos"] = photos


def _merge_options(front: dict, current: dict, planned: dict, product: ImportedProduct, keys: frozenset[str],
                   names: dict[str, str]) -> None:
    options = planned.get("options")
    old_form = v.is_old_form(current.get("variants"))  # `variants: [{name, options}]`: options, no entries
    if current.get("variants") is not None and not isinstance(current["variants"], list):
        return  # not a list of entries: the build says what is wrong, and the seller mends it
    if not options:
        front.pop("options", None)
        front.pop("variants", None)
        return
    if old_form or _options_of(current.get("options")) != _options_of(options):
        front["options"] = options
    entries = _merge_entries([] if old_form else current.get("variants") or [], planned.get("variants") or [],
                             product, keys, names)
    if entries:
        front["variants"] = entries
    else:
        front.pop("variants", None)


def _options_of(raw: Any) -> list[tuple[str, tuple[str, ...]]] | None:
    """Options as compared, in either written form ({Ukuran: [S, M]} or [{name: Ukuran, values: [S, M]}])."""
    if isinstance(raw, list) and all(isinstance(item, dict) and set(item) == {"name", "values"} for item in raw):
        return [(str(item["name"]), tuple(map(str, item["values"] or []))) for item in raw]
    if isinstance(raw, dict):
        return [(str(name), tuple(map(str, values if isinstance(values, list) else [values]))) for name, values in raw.items()]
    return None


def _merge_entries(existing: list, planned: list[dict], product: ImportedProduct, keys: frozenset[str],
                   names: dict[str, str]) -> list:
    option_names = [option.name for option in product.options]
    values_of = {option.name: set(option.values) for option in product.options}
    combos = [tuple(variant.values) for variant in product.variants]
    skus = {combo: variant.sku for combo, variant in zip(combos, product.variants) if variant.sku}
    wanted = {tuple(pair["value"] for pair in entry["for"]): entry for entry in planned}
    claimed: dict[int, tuple[str, ...]] = {}  # existing entry's index -> the combination it is now
    by_sku: set[int] = set()
    for index, entry in enumerate(existing):
        choice = _choice(entry)
        combo = tuple(choice.get(name) for name in option_names) if choice and set(choice) == set(option_names) else None
        if combo in combos and combo not in claimed.values():
            claimed[index] = combo
    for index, entry in enumerate(existing):
        sku = entry.get("sku") if isinstance(entry, dict) and index not in claimed else None
        combo = next((c for c in combos if sku and skus.get(c) == str(sku) and c not in claimed.values()), None)
        if combo is not None:
            claimed[index] = combo
            by_sku.add(index)
    merged = []
    for index, entry in enumerate(existing):
        choice = _choice(entry)
        if index in claimed:
            combo = claimed[index]
            result = _renamed(entry, option_names, combo) if index in by_sku else dict(entry)
            _take(result, wanted.get(combo, {}), keys, names)
        elif choice is None:
            merged.append(entry)  # its values cannot be read: the seller's to fix, as the build says
            continue
        elif set(choice) < set(option_names) and all(value in values_of[name] for name, value in choice.items()):
            result = dict(entry)  # for some options only: what the file gives per combination is the file's
            _take(result, {}, keys, names)
        else:
            continue  # a combination the file no longer has, or values it no longer offers
        if "sale_price" in entry and "sale_price" not in result:
            result.pop("sale_until", None)
        if any(key in v.ENTRY_FIELDS for key in result):
            merged.append(result)
    for combo in combos:
        if combo not in claimed.values() and combo in wanted:
            entry = dict(wanted[combo])
            if "photo" in entry:
                entry["photo"] = names.get(entry["photo"], entry["photo"])
            merged.append(entry)
    return merged


def _take(entry: dict, planned: dict, keys: frozenset[str], names: dict[str, str]) -> None:
    """The file's values for `keys` on one entry (removed where the file has none); its photo only where it has none."""
    for key in VARIANT_KEYS:
        if key not in keys:
            continue
        if key in planned:
            entry[key] = planned[key]
        else:
            entry.pop(key, None)
    if "photo" in planned and entry.get("photo") is None:
        entry["photo"] = names.get(planned["photo"], planned["photo"])


def _renamed(entry: dict, option_names: list[str], combo: tuple[str, ...]) -> dict:
    """An entry matched by its SKU, naming the combination's values as the file now spells them."""
    result: dict = {v.FOR: [{"name": name, "value": value} for name, value in zip(option_names, combo)]}
    result.update((key, value) for key, value in entry.items() if key in v.ENTRY_FIELDS)
    return result


def _choice(entry: Any) -> dict[str, str] | None:
    """Which option values an entry names, in any form it may be written; None when it cannot be read."""
    if not isinstance(entry, dict):
        return None
    choice: dict[str, str] = {}
    named = entry.get(v.FOR)
    if isinstance(named, list):
        named = {str(item.get("name")): item.get("value") for item in named if isinstance(item, dict)}
    pairs = list((named or {}).items()) if isinstance(named, dict) else []
    pairs += [(key, value) for key, value in entry.items() if key != v.FOR and key not in v.ENTRY_FIELDS]
    for key, value in pairs:
        if isinstance(value, (dict, list)) or value is None:
            return None
        choice[str(key)] = str(value)
    return choice


def _source(photo: Any) -> str | None:
    return photo.get("src") if isinstance(photo, dict) else photo if isinstance(photo, str) else None


def _preorder_without_date(front: dict) -> bool:
    """What the build would refuse: a preorder (the product's, or a combination's) without its ready_date."""
    base = {"price": 0, "availability": front.get("availability") or "in_stock", "ready_date": front.get("ready_date")}
    if "options" not in front:
        return base["availability"] == "preorder" and base["ready_date"] is None
    try:
        options = v.read_options(front["options"])
    except s.Invalid:
        return False  # the build names that error itself
    entries, _ = v.read_entries(front.get("variants") or [], options, lambda index: None)
    combinations, _ = v.resolve(options, entries, base, lambda entry: None)
    return any(c.availability == "preorder" and c.ready_date is None for c in combinations)
