"""The shop in its other languages: `<slug>.<language>.md` translations merged over the main files.

A translation may change the words (title, description, variant names, photo alt
texts), never prices, stock or dates. A product or page without a translation is
shown with its main text, with a warning, so the language links never lead nowhere.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Callable

from .content import Document, DocumentReader
from .errors import ProblemList
from .models import Option, Page, Product, Shop, Variant
from .contract.before_render import TRANSLATED_KEYS, check_page, check_product
from .contract.schema import Invalid
from .contract.variants import is_old_form, read_old_form, read_options


def read_translations(reader: DocumentReader, root: Path, find: Callable[..., list[tuple[str, Path]]], language: str,
                      main_slugs: set[str], what: str, problems: ProblemList) -> dict[str, Document]:
    """The `language` files found by `find` (find_products or find_pages), by slug; a warning for each one
    that translates nothing."""
    translations = {slug: reader.read(slug, path) for slug, path in find(root, language)}
    for slug, document in translations.items():
        if slug not in main_slugs:
            problems.warn(document.path, None, f"a translation of a {what} that does not exist ({slug}.md): rename or remove it")
    return translations


def _shown_untranslated(problems: ProblemList, source: Path, name: str, language: str, url_path: str) -> None:
    problems.warn(source, None, f"no {language} version: the main text is shown on /{language}/{url_path}; "
                                f"add {name}.{language}.md beside it to translate it")


def translate_products(products: list[Product], documents: list[Document], translations: dict[str, Document],
                       language: str, shop: Shop, problems: ProblemList) -> list[Product]:
    """Each product in `language`: its translation merged over the main file and checked, or the main product."""
    main_docs = {d.slug: d for d in documents}
    result = []
    for product in products:
        document = translations.get(product.slug)
        if document is None:
            _shown_untranslated(problems, product.source, product.source.stem, language, f"products/{product.slug}/")
            result.append(product)
            continue
        if document.error:
            problems.add(document.path, *document.error)
            continue
        unknown = [key for key in document.data if key not in TRANSLATED_KEYS]
        for key in unknown:
            problems.add(document.path, document.lines.get(key), f'{key}: comes from the main file; a translation may only set {", ".join(TRANSLATED_KEYS)}')
        if unknown:
            continue
        main = main_docs[product.slug]
        # The options are checked on their own (below): the main file's variants name the main language's values.
        words = {key: value for key, value in document.data.items() if key not in ("options", "variants")}
        merged = replace(main, path=document.path, data={**main.data, **words}, lines={**main.lines, **document.lines},
                         body_html=document.body_html, body_text=document.body_text, body_line=document.body_line, words=document.words)
        translated = check_product(merged, shop, problems)
        options = translate_options(product, document, problems)
        if translated is not None and options is not None:
            photos = tuple(replace(ref, source=original.source, focus=original.focus)
                           for ref, original in zip(translated.photos, product.photos))
            result.append(replace(product, title=translated.title, description_html=translated.description_html,
                                  description_text=translated.description_text,
                                  options=options, variants=_renamed(product, options), summary=translated.summary,
                                  photos=photos if len(photos) == len(product.photos) else product.photos))
    return result


def translate_options(product: Product, document: Document, problems: ProblemList) -> tuple[Option, ...] | None:
    """The product's options with the translation's names and values (matched by position), or None on a problem.

    A translation writes `options:` like the main file (or the older `variants: [{name, options}]`),
    the same options with as many values each, in the same order; prices and stock stay the main file's.
    """
    raw_options, raw_variants = document.data.get("options"), document.data.get("variants")
    if raw_options is None and raw_variants is None:
        return product.options
    key = "options" if raw_options is not None else "variants"
    line = document.lines.get(key)
    try:
        if raw_options is None:
            if not is_old_form(raw_variants):
                raise Invalid("a translation names the options only, as options: {Size: [S, M, L]}; prices and stock come from the main file")
            options = read_old_form(raw_variants)
        else:
            options = read_options(raw_options)
    except Invalid as error:
        problems.add(document.path, line, f"{key}: {error}")
        return None
    shape = [len(option.values) for option in product.options]
    if [len(option.values) for option in options] != shape:
        expected = ", ".join(f"{option.name}: {len(option.values)} values" for option in product.options) or "no options"
        problems.add(document.path, line, f"{key}: must translate the main file's options in the same order, with as many values each ({expected})")
        return None
    return tuple(options)


def _renamed(product: Product, options: tuple[Option, ...]) -> tuple[Variant, ...]:
    """The product's combinations with their values in the translated words."""
    def word(index: int, value: str) -> str:
        return options[index].values[product.options[index].values.index(value)]

    return tuple(replace(variant, values=tuple(word(i, value) for i, value in enumerate(variant.values)))
                 for variant in product.variants)


def translate_pages(pages: list[Page], translations: dict[str, Document], language: str, problems: ProblemList) -> list[Page]:
    """Each page in `language`: its translation (with the main page's date), or the main page."""
    result = []
    for page in pages:
        document = translations.get(page.slug)
        if document is None:
            _shown_untranslated(problems, page.source, page.slug, language, f"{page.slug}/")
            result.append(page)
            continue
        translated = check_page(document, problems)
        if translated is not None:
            result.append(replace(translated, last_updated=page.last_updated))
    return result
