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


PriceOrder = dict[int, tuple]  # id of a product view -> (its amount, its title in lower case)


def price_order(products: list[ProductView]) -> PriceOrder:
    """What the price sorts order each product by (then by title): made once for all the lists of a build."""
    return {id(p): (p.amount, p.title.lower()) for p in products}


def _ordered(products: list[ProductView], sort: str, keys: PriceOrder | None = None) -> list[ProductView]:
    if sort == "newest":
        return list(products)  # they arrive newest first
    keys = keys if keys is not None else price_order(products)
    sign = 1 if sort == "price-asc" else -1
    keyed = [(sign * amount, title, index) for index, (amount, title) in enumerate(keys[id(p)] for p in products)]
    keyed.sort()
    return [products[index] for _, _, index in keyed]


def paginate(
    title: str,
    folder: str,
    home_url: str,
    products: list[ProductView],
    per_page: int,
    labels: dict[str, str],
    sort_keys: PriceOrder | None = None,
) -> list[tuple[str, "PlannedListing"]]:
    """(output path, what the page is made of) for every sort × filter × page of one list.

    `folder` is the list's site path ("products/"), `home_url` the site's address that links start with,
    `labels` holds the translated words for the sort and filter links, `sort_keys` (price_order) the
    products' sort keys when the caller has them for all its lists.
    """
    result = []
    words = tuple(sorted(labels.items()))
    for available in (False, True):
        chosen = [p for p in products if p.availability in AVAILABLE] if available else products
        for sort in SORTS:
            ordered = _ordered(chosen, sort, sort_keys)
            pages = max(1, math.ceil(len(ordered) / per_page))
            for number in range(1, pages + 1):
                planned = PlannedListing(title, folder, home_url, words, sort, available, number, pages, len(ordered),
                                         ordered[(number - 1) * per_page:number * per_page])
                result.append((folder + _variant_path(sort, available, number) + "index.html", planned))
    return result


@dataclass(frozen=True)
class PlannedListing:
    """One page of a list before it is made: everything its ListingPage is made of, and no more.

    A shop of 1,000 products has 2,000 list pages (each sort and filter of each list), most of them unchanged by
    an edit: the build graph's key of such a page is its list's digest with this one's sort, filter, number, page
    count, total and products (pages.PageGraph.key), and the page with its links is made only for the pages
    rendered (`page()`, where the template gets it as `listing`)."""

    title: str
    folder: str
    home_url: str
    labels: tuple[tuple[str, str], ...]
    sort: str
    available: bool
    number: int
    pages: int
    total: int  # products in the whole (filtered) list
    products: list[ProductView] = field(repr=False)  # this page's: digested one by one (graph.py), not by repr

    def page(self) -> ListingPage:
        folder, sort, available, number, pages = self.folder, self.sort, self.available, self.number, self.pages
        labels = dict(self.labels)

        def url(sort: str, available: bool, number: int) -> str:
            return self.home_url + folder + _variant_path(sort, available, number)

        return ListingPage(
            title=self.title,
            products=self.products,
            total=self.total,
            number=number,
            pages=pages,
            url=url(sort, available, number),
            canonical=self.canonical,
            noindex=available or sort != "newest",
            previous_url=url(sort, available, number - 1) if number > 1 else None,
            next_url=url(sort, available, number + 1) if number < pages else None,
            page_links=[Choice(str(n), url(sort, available, n), n == number) for n in _page_window(number, pages)],
            sort_links=[Choice(labels[s], url(s, available, 1), s == sort) for s in SORTS],
            filter_links=[Choice(labels["all"], url(sort, False, 1), not available),
                          Choice(labels["available"], url(sort, True, 1), available)],
        )

    @property
    def canonical(self) -> str:
        """The default list's page this one stands for (its canonical link)."""
        number = self.number if not self.available and self.sort == "newest" else 1
        return self.home_url + self.folder + _variant_path("newest", False, number)
