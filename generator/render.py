"""Render every page of the site to bytes, in memory; nothing is written here."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Hashable

import jinja2
from jinja2 import meta

from .listing import paginate
from .memo import GenerationalMemo
from .views import CategoryView, PageView, ProductView, SiteView

RECENT_ON_HOME = 8
FEED_ENTRIES = 30


@dataclass(frozen=True)
class RenderedPage:
    path: str  # inside the output folder, e.g. "products/kemeja/index.html"
    template: str
    html: str

    @cached_property
    def data(self) -> bytes:
        """The page as written (encoded once, also when the preview reuses the page)."""
        return self.html.encode("utf-8")


class TemplateProblem(Exception):
    def __init__(self, template: str, line: int | None, message: str):
        self.template, self.line, self.message = template, line, message
        super().__init__(message)


def _render(env: jinja2.Environment, template_name: str, out_path: str, **context) -> RenderedPage:
    """Render one page; template errors become a TemplateProblem naming the template."""
    try:
        template = env.get_template(template_name)
        return RenderedPage(out_path, template_name, template.render(**context))
    except jinja2.TemplateSyntaxError as error:
        raise TemplateProblem(error.filename or template_name, error.lineno, f"template error: {error.message}") from None
    except jinja2.TemplateNotFound as error:
        raise TemplateProblem(template_name, None, f"template not found: {error.name}") from None
    except jinja2.UndefinedError as error:
        raise TemplateProblem(template_name, None, f"template uses something that does not exist: {error.message}") from None
    except (LookupError, TypeError, ValueError, AttributeError) as error:  # a filter or method call that failed
        raise TemplateProblem(template_name, None, f"template error while making {out_path}: {type(error).__name__}: {error}") from None


@dataclass
class PageJob:
    """One page to render: where it goes, with which template and values, and what it depends on."""

    path: str
    template: str
    context: dict
    content_key: Hashable  # changes when the values this page shows change


def plan_site(
    env: jinja2.Environment,
    site: SiteView,
    products: list[ProductView],
    categories: list[CategoryView],
    pages: list[PageView],
    product_keys: dict[str, Hashable] | None = None,
    list_memo: GenerationalMemo | None = None,
) -> list[PageJob]:
    """Home, catalog, one page per category, product and static page, 404, feed, cart.

    `product_keys` (slug -> key) lets a listing page know it is unchanged when
    none of the products it shows changed.
    """
    keys = product_keys or {p.slug: id(p) for p in products}
    featured = [p for p in products if p.featured]
    new = sorted((p for p in products if p.is_new), key=lambda p: p.added_iso, reverse=True)[:RECENT_ON_HOME]
    recent = products[:RECENT_ON_HOME]  # `products` arrives most recently updated first

    def listing(items: list[ProductView]) -> tuple:
        return tuple(keys[p.slug] for p in items)

    jobs = [
        PageJob("index.html", "home.html", dict(site=site, featured=featured, new=new, recent=recent, page_url=site.home_url),
                ("home", listing(featured), listing(new), listing(recent))),
        PageJob("feed.xml", "feed.xml", dict(site=site, products=products[:FEED_ENTRIES], page_url=None),
                ("feed", listing(products[:FEED_ENTRIES]))),
        PageJob("404.html", "404.html", dict(site=site, page_url=None), ("404",)),
    ]

    def lists(template: str, title: str, folder: str, items: list[ProductView], **extra) -> None:
        """Every page of one list (sorts × filter × pages), each keyed by the products it shows."""
        memo_key = (site.home_url, title, folder, listing(items), site.per_page, tuple(site.listing_labels.items()))
        pages_of_list = list_memo.get(memo_key) if list_memo is not None else None
        if pages_of_list is None:
            pages_of_list = paginate(title, folder, lambda p: site.home_url + p, items, site.per_page, site.listing_labels)
            if list_memo is not None:
                list_memo.put(memo_key, pages_of_list)
        for path, listing_page in pages_of_list:
            jobs.append(PageJob(path, template, dict(site=site, listing=listing_page, page_url=listing_page.canonical, **extra),
                                ("list", title, listing_page.number, listing_page.pages, listing_page.total,
                                 listing(listing_page.products))))

    lists("catalog.html", "", "products/", products, categories=categories)
    for category in categories:
        lists("category.html", category.name, f"category/{category.slug}/", category.products, category=category, categories=categories)
    tags: dict[str, tuple[str, list[ProductView]]] = {}  # slug -> (name as first written, products)
    for product in products:
        for link in product.tag_links:
            tags.setdefault(link.key, (link.label, []))[1].append(product)
    for slug, (tag, items) in sorted(tags.items()):
        lists("tag.html", tag, f"tag/{slug}/", items)
    for product in products:
        jobs.append(product_job(site, product, keys[product.slug]))
    for page in pages:
        jobs.append(PageJob(f"{page.slug}/index.html", "page.html", dict(site=site, page=page, page_url=page.url), ("page", repr(page))))
    if _has_template(env, "cart.html"):  # themes without a cart have no cart page
        jobs.append(PageJob("cart/index.html", "cart.html", dict(site=site, products=products, page_url=site.home_url + "cart/"),
                            ("cart", listing(products))))
    if _has_template(env, "search.html"):  # the search page (its index is made from the written pages: search.py)
        jobs.append(PageJob("search/index.html", "search.html", dict(site=site, page_url=site.home_url + "search/"), ("search",)))
    return jobs


def product_job(site: SiteView, product: ProductView, key: Hashable) -> PageJob:
    """A product's page (also rendered on its own by the preview, ahead of the rest of the site)."""
    return PageJob(f"products/{product.slug}/index.html", "product.html",
                   dict(site=site, product=product, page_url=product.url), ("product", key))


def render_jobs(
    env: jinja2.Environment, jobs: list[PageJob], site_key: Hashable = None, memo: GenerationalMemo | None = None
) -> tuple[list[RenderedPage], list[str]]:
    """(every page, the paths actually rendered now); with a memo, unchanged pages are reused."""
    rendered: list[RenderedPage] = []
    fresh: list[str] = []
    template_keys: dict[str, Hashable] = {}
    for job in jobs:
        key = None
        if memo is not None:
            if job.template not in template_keys:
                template_keys[job.template] = hash(template_key(env, job.template))  # hashed once per build
            key = (job.path, site_key, template_keys[job.template], job.content_key)
            cached = memo.get(key)
            if cached is not None:
                rendered.append(cached)
                continue
        page = _render(env, job.template, job.path, **job.context)
        fresh.append(job.path)
        rendered.append(page)
        if memo is not None:
            memo.put(key, page)
    return rendered, fresh


def template_key(env: jinja2.Environment, name: str) -> Hashable:
    """The files a template is made of (itself, what it extends, includes, imports), with their times.

    A change to one of them re-renders the pages that use it, and only those.
    A template name computed at render time cannot be known: then every template counts.
    """
    seen: dict[str, tuple] = {}
    todo = [name]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        source, filename, _ = env.loader.get_source(env, current)  # type: ignore[union-attr]
        stat = os.stat(filename) if filename else None
        seen[current] = (filename, stat.st_mtime_ns if stat else 0, stat.st_size if stat else len(source))
        for referenced in _references(env, source):
            if referenced is None:
                return ("all", tuple(sorted(str(t) for t in env.list_templates())), _all_template_times(env))
            todo.append(referenced)
    return tuple(sorted(seen.items()))


@lru_cache(maxsize=256)
def _references_cached(env: jinja2.Environment, source: str) -> tuple:
    return tuple(meta.find_referenced_templates(env.parse(source)))


def _references(env: jinja2.Environment, source: str) -> tuple:
    """Templates a template's source names (parsing is slow: remembered by source text)."""
    return _references_cached(env, source)


def _all_template_times(env: jinja2.Environment) -> tuple:
    times = []
    for template in env.list_templates():
        _, filename, _ = env.loader.get_source(env, template)  # type: ignore[union-attr]
        stat = os.stat(filename)
        times.append((filename, stat.st_mtime_ns, stat.st_size))
    return tuple(times)


def _has_template(env: jinja2.Environment, name: str) -> bool:
    try:
        env.get_template(name)
    except jinja2.TemplateNotFound:
        return False
    return True
