"""Product lists in pages: sorting, an "available only" filter and pagination, all as static pages.

Every combination is its own page, so sorting and filtering work without
JavaScript. Only the default list (newest first, everything) is for search
engines; the sorted and filtered copies are marked noindex and point their
canonical link at it.

URLs below a list's folder (products/, category/batik/, tag/kulit/):
    page/2/                 the default list, page 2
    by/price-asc/           sorted by price, page 1 (page/2/ below it for more)
    available/              in stock or preorder only (by/… and page/… below it)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

from ..views import ProductView

AVAILABLE = ("in_stock", "low_stock", "preorder")
SORTS = ("newest", "price-asc", "price-desc")


@dataclass(frozen=True)
class Choice:
    label: str
    url: str
    current: bool


@dataclass
class ListingPage:
    """One page of a product list, with its links; what catalog/category/tag templates show."""

    title: str
    products: list[ProductView]
    total: int  # products in the whole (filtered) list
    number: int
    pages: int
    url: str
    canonical: str  # the default list's first page
    noindex: bool
    previous_url: str | None = None
    next_url: str | None = None
    page_links: list[Choice] = field(default_factory=list)
    sort_links: list[Choice] = field(default_factory=list)
    filter_links: list[Choice] = field(default_factory=list)


def _variant_path(sort: str, available: bool, number: int) -> str:
    path = "available/" if available else ""
    if sort != "newest":
        path += f"by/{sort}/"
    if number > 1:
        path += f"page/{number}/"
    return path


def _page_window(number: int, pages: int, around: int = 2) -> list[int]:
    """The page numbers to link: the first, the last and a few around the current one (84 links help nobody)."""
    return sorted({1, pages, *range(max(1, number - around), min(pages, number + around) + 1)})


def _ordered(products: list[ProductView], sort: str) -> list[ProductView]:
    if sort == "newest":
        return list(products)  # they arrive newest first
    sign = 1 if sort == "price-asc" else -1
    keyed = [(sign * p.amount, p.title.lower(), index) for index, p in enumerate(products)]
    keyed.sort()
    return [products[index] for _, _, index in keyed]


def paginate(
    title: str,
    folder: str,
    url: Callable[[str], str],
    products: list[ProductView],
    per_page: int,
    labels: dict[str, str],
) -> list[tuple[str, ListingPage]]:
    """(output path, page) for every sort × filter × page of one list.

    `folder` is the list's site path ("products/"), `url` turns a site path into a link,
    `labels` holds the translated words for the sort and filter links.
    """
    result = []
    for available in (False, True):
        chosen = [p for p in products if p.availability in AVAILABLE] if available else products
        for sort in SORTS:
            ordered = _ordered(chosen, sort)
            pages = max(1, math.ceil(len(ordered) / per_page))
            for number in range(1, pages + 1):
                page = ListingPage(
                    title=title,
                    products=ordered[(number - 1) * per_page:number * per_page],
                    total=len(ordered),
                    number=number,
                    pages=pages,
                    url=url(folder + _variant_path(sort, available, number)),
                    canonical=url(folder + _variant_path("newest", False, number if not available and sort == "newest" else 1)),
                    noindex=available or sort != "newest",
                    previous_url=url(folder + _variant_path(sort, available, number - 1)) if number > 1 else None,
                    next_url=url(folder + _variant_path(sort, available, number + 1)) if number < pages else None,
                    page_links=[Choice(str(n), url(folder + _variant_path(sort, available, n)), n == number)
                                for n in _page_window(number, pages)],
                    sort_links=[Choice(labels[s], url(folder + _variant_path(s, available, 1)), s == sort) for s in SORTS],
                    filter_links=[Choice(labels["all"], url(folder + _variant_path(sort, False, 1)), not available),
                                  Choice(labels["available"], url(folder + _variant_path(sort, True, 1)), available)],
                )
                result.append((folder + _variant_path(sort, available, number) + "index.html", page))
    return result
