"""Render every page of the site to bytes, in memory; nothing is written here."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Callable, Iterable

import jinja2

from .forked_share import ForkedShare, can_fork
from .listing import PlannedListing, paginate, price_order
from .. import routes
from ..graph import Digester, OutputRecord, TemplateDigests, content_digest, parts_digest
from ..views import FIELD, WHOLE, CategoryView, PageView, ProductView, SiteView

if TYPE_CHECKING:
    from ..previous import PreviousOutput

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

    def __reduce__(self):  # sent from a second process (forked_share.py) without the bytes: they are its HTML again
        return RenderedPage, (self.path, self.template, self.html)


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


@dataclass(frozen=True, eq=False)
class ListOf:
    """One product list whose pages (each sort × filter × page) are planned together: what all their keys are
    made from besides the page's own address. PageGraph digests it once for all its pages (a build of 1,000
    products has some 2,000 list pages, whose keys were each a digest of their products)."""

    template: str
    title: str
    folder: str
    products: list[ProductView]  # the whole list, in the order given to paginate
    extra: dict  # the template's other values (the categories, the category)
    paths: tuple[str, ...] = ()  # its pages' output paths


# What paginate orders and filters a list's products by (listing.price_order, AVAILABLE), and which product each is:
# with the fields its pages read, all a list's pages are made from of its products (PageGraph._list_digests).
LIST_PLANNING_FIELDS = ("amount", "availability", "slug", "title")


@dataclass
class PageJob:
    """One page to render: where it goes, with which template and values (its key is their digest: graph.py)."""

    path: str
    template: str
    context: dict
    list_of: ListOf | None = None  # a list page's list

    def lists_products(self) -> bool:
        """Whether it is given lists of product views (a list page, the home page): its key holds only the fields of
        them it reads. A product view given by itself (a product's page) is digested whole."""
        return self.list_of is not None or any(type(value) in (list, tuple) and any(type(item) is ProductView for item in value)
                                               for value in self.context.values())

    def values(self) -> dict:
        """What the template gets: `context`, with a planned list page made into the page (listing.PlannedListing)."""
        listing = self.context.get("listing")
        if isinstance(listing, PlannedListing):  # its page_url, the page's canonical address, made with it
            return {**self.context, "listing": listing.page(), "page_url": listing.canonical}
        return self.context


def plan_site(
    env: jinja2.Environment,
    site: SiteView,
    products: list[ProductView],
    categories: list[CategoryView],
    pages: list[PageView],
) -> list[PageJob]:
    """Product pages first (the search index starts on them), then home, feed, 404, the lists, static pages, cart, search."""
    featured = [p for p in products if p.featured]
    new = sorted((p for p in products if p.is_new), key=lambda p: p.added_iso, reverse=True)[:RECENT_ON_HOME]
    recent = products[:RECENT_ON_HOME]  # `products` arrives most recently updated first
    jobs = [product_job(site, product) for product in products]
    sort_keys = price_order(products)  # once a build, not once for each list that holds the product
    jobs += [
        PageJob(routes.output_path(routes.HOME), "home.html", dict(site=site, featured=featured, new=new, recent=recent, page_url=site.home_url)),
        PageJob(routes.FEED, "feed.xml", dict(site=site, products=products[:FEED_ENTRIES], page_url=None)),
        PageJob(routes.NOT_FOUND, "404.html", dict(site=site, page_url=None)),
    ]

    def lists(template: str, title: str, folder: str, items: list[ProductView], **extra) -> None:
        """Every page of one list (sorts × filter × pages)."""
        pages = paginate(title, folder, site.home_url, items, site.per_page, site.listing_labels, sort_keys)
        list_of = ListOf(template, title, folder, items, extra, tuple(path for path, _ in pages))
        for path, planned in pages:
            jobs.append(PageJob(path, template, dict(site=site, listing=planned, **extra), list_of))  # page_url: values()

    lists("catalog.html", "", routes.CATALOG, products, categories=categories)
    for category in categories:
        lists("category.html", category.name, routes.category(category.slug), category.products, category=category, categories=categories)
    tags: dict[str, tuple[str, list[ProductView]]] = {}  # slug -> (name as first written, products)
    for product in products:
        for link in product.tag_links:
            tags.setdefault(link.key, (link.label, []))[1].append(product)
    for slug, (tag, items) in sorted(tags.items()):
        lists("tag.html", tag, routes.tag(slug), items)
    for page in pages:
        jobs.append(PageJob(routes.output_path(routes.page(page.slug)), "page.html", dict(site=site, page=page, page_url=page.url)))
    if _has_template(env, "cart.html"):  # themes without a cart have no cart page
        jobs.append(PageJob(routes.output_path(routes.CART), "cart.html", dict(site=site, products=products, page_url=site.cart_url)))
    if _has_template(env, "search.html"):  # the search page (its index is made from the written pages: search.py)
        jobs.append(PageJob(routes.SEARCH_PAGE, "search.html", dict(site=site, page_url=site.search_url)))
    return jobs


def product_job(site: SiteView, product: ProductView) -> PageJob:
    """A product's page (also rendered on its own by the preview, ahead of the rest of the site)."""
    return PageJob(routes.output_path(routes.product(product.slug)), "product.html", dict(site=site, product=product, page_url=product.url))


FORK_FROM = 300  # pages: fewer are rendered in one process (a fork costs more than it saves)


@dataclass(frozen=True)
class _Outcome:
    """What the build keeps of one job: the page's record (with a graph), and the page unless its file stays."""

    path: str
    record: OutputRecord | None
    page: RenderedPage | None


def render_jobs(env: jinja2.Environment, jobs: list[PageJob], graph: "PageGraph | None" = None,
                then: "Callable[[list[RenderedPage], list[str]], None] | None" = None, after: int = 0
                ) -> tuple[list[RenderedPage], list[str], int]:
    """(the pages rendered now, the paths kept from the previous build: their key or their bytes are unchanged,
    how many of the jobs a second process did).

    Without a graph every page is rendered. `then`, if given, is called with both lists once the first
    `after` jobs are done (the build starts the search index on the product pages while the rest render).
    With many jobs a share of them is done in a fork (forked_share.py); the outcomes are taken in job order,
    so the lists, `then` and the first error are those of one process.
    """
    rendered: list[RenderedPage] = []
    kept: list[str] = []
    fragments = getattr(env, "fragments", None)
    if fragments is not None:
        fragments.forget()  # the memo holds one build's views
    share, forked, in_fork = None, set(), 0
    try:
        if len(jobs) >= FORK_FROM and _renders_most(jobs, graph) and can_fork():
            forked = set(forked_jobs(len(jobs)))
            try:
                share = ForkedShare(lambda number: _outcome(env, jobs[number], graph), sorted(forked))
            except OSError:  # no memory or process left for a second one: this one does all
                forked = set()
        for number, job in enumerate(jobs):
            if then is not None and number == after:
                then(rendered, kept)
                then = None
            outcome = share.take(number) if share is not None and number in forked else None
            if outcome is None:
                outcome = _outcome(env, job, graph)
            else:
                in_fork += 1
            if outcome.record is not None and graph is not None:
                graph.records[graph.prefix + outcome.path] = graph.shared_fields(outcome.record)
            if outcome.page is None:
                kept.append(outcome.path)
            else:
                rendered.append(outcome.page)
    finally:
        if share is not None:
            share.close()
    if graph is not None:
        graph.settle_groups({id(job.list_of): job.list_of for job in jobs if job.list_of is not None}.values())
    if then is not None:
        then(rendered, kept)
    return rendered, kept, in_fork


def _renders_most(jobs: list[PageJob], graph: "PageGraph | None") -> bool:
    """Whether most jobs will likely be rendered (most have no page of the last build that still stands): an edit
    renders a few pages and looks the rest up, which a second process, its copied memory and a pipe would slow down."""
    if graph is None:
        return True
    standing = sum(1 for job in jobs if graph.prefix + job.path in graph.previous.records and graph.previous.reusable(graph.prefix + job.path))
    return standing < len(jobs) / 2


def forked_jobs(count: int) -> range:
    """The jobs the second process does: every other one, so that both have as many of each kind of page."""
    return range(1, count, 2)


def _outcome(env: jinja2.Environment, job: PageJob, graph: "PageGraph | None") -> _Outcome:
    if graph is None:
        return _Outcome(job.path, None, _render(env, job.template, job.path, **job.values()))
    key, group = graph.key(job)
    old = graph.reusable(job.path, key)
    if old is not None:
        return _Outcome(job.path, old if old.group == group else replace(old, group=group), None)
    env.recording = read = set()  # type: ignore[attr-defined]
    try:
        page = _render(env, job.template, job.path, **job.values())
    finally:
        env.recording = None  # type: ignore[attr-defined]
    fields = None
    if job.lists_products():  # its key made of what it read of the products listed (none whole), as the next build's will be
        fields = graph.fields_read(read)
        if fields != graph.fields_keyed(job):
            key = graph.page_key(job, fields)
    record, same_bytes = graph.record(job.path, key, tuple(sorted(d for d in read if d[0] != FIELD)), page.data, group, fields)
    # Its values changed in a way the page does not show: the file stays as it is.
    return _Outcome(job.path, record, None if same_bytes else page)


class PageGraph:
    """The pages of one language and what each was made from: the last build's records, and this build's."""

    def __init__(self, env: jinja2.Environment, digester: Digester, templates: TemplateDigests, site_digest: str,
                 previous: "PreviousOutput", records: dict[str, OutputRecord], prefix: str = "") -> None:
        self.env, self.digester, self.templates = env, digester, templates
        self.site_digest = site_digest
        self.previous = previous
        self.records = records  # filled by this build: output path -> record
        self.prefix = prefix  # "en/" for a translation's pages
        # id -> (list, _list_digests, the fields of its products they were made with), for this build
        self._groups: dict[int, tuple[ListOf, tuple[str, str], tuple[str, ...] | None]] = {}
        self._shared_fields: dict[tuple[str, ...], tuple[str, ...]] = {}

    def key(self, job: PageJob) -> tuple[str, str]:
        """(the page's key, the digest of its list or ""): a list page of a list digested as in the last build has
        the key it had then (the address, the rest of the key's inputs, is the page's own)."""
        if job.list_of is None:
            return self.page_key(job, self.fields_keyed(job) if job.lists_products() else None), ""
        shared, group = self._list_digests(job.list_of)
        old = self.previous.records.get(self.prefix + job.path)
        if old is not None and old.group == group:
            return old.key, group
        return self.list_page_key(job, old.fields if old is not None else None), group

    def page_key(self, job: PageJob, fields: tuple[str, ...] | None) -> str:
        """A page's key, the product views in the lists it is given (the home page's cards) by the `fields` of
        them it reads (None: all of each)."""
        if job.list_of is not None:
            return self.list_page_key(job, fields)
        values = {name: value for name, value in job.context.items() if name != "site"}
        return f"{self.templates.of(job.template)}|{self.site_digest}|{self.digester.context(values, fields)}"

    def list_page_key(self, job: PageJob, fields: tuple[str, ...] | None) -> str:
        """A list page's key: its list's shared part, then the page's own part of its list, which paginate made from
        the list's values: which sort, filter and page of how many, and its products, by the `fields` of them
        the page reads (None: all of each). Its page_url is the planned page's canonical address."""
        assert job.list_of is not None
        shared, _ = self._list_digests(job.list_of)
        planned = job.context["listing"]
        own = repr((planned.sort, planned.available, planned.number, planned.pages, planned.total))
        if fields is None:
            return parts_digest("ListPage", shared, own, self.digester.of(planned.products))
        of = self.digester.fields_of
        return parts_digest("ListPage", shared, own, *fields, "", *(of(view, fields) for view in planned.products))

    def fields_keyed(self, job: PageJob) -> tuple[str, ...] | None:
        """The fields this build's key of a page given lists of product views is made with: those its last page read."""
        old = self.previous.records.get(self.prefix + job.path)
        return old.fields if old is not None else None

    def shared_fields(self, record: OutputRecord) -> OutputRecord:
        """The record, its fields the tuple other records hold (one from a second process is its own copy): the
        state saves each tuple once."""
        if record.fields is None:
            return record
        shared = self._shared_fields.setdefault(record.fields, record.fields)
        return record if shared is record.fields else replace(record, fields=shared)

    def fields_read(self, read: set) -> tuple[str, ...] | None:
        """The product fields among what a page read, sorted (one tuple for each set, shared by the records that
        hold it); None when it read a view whole."""
        fields = tuple(sorted(name for kind, name in read if kind == FIELD))
        if WHOLE in fields:
            return None
        return self._shared_fields.setdefault(fields, fields)

    def _list_digests(self, list_of: ListOf) -> tuple[str, str]:
        """(the digest of what all the list's pages are made from but its products, that and its products')."""
        known = self._groups.get(id(list_of))
        if known is not None and known[0] is list_of:
            return known[1]
        # The template, the site (with paginate's words, page size and address), the list's title, folder and other
        # values. Records are keyed by the page's full path, so the language prefix is in it too.
        of = self.digester.of
        shared = parts_digest("ListOf", self.templates.of(list_of.template), self.site_digest, list_of.template, list_of.title,
                              list_of.folder, *(f"{name}={of(value)}" for name, value in sorted(list_of.extra.items())))
        fields = self._list_fields(list_of, self.previous.records)
        digests = (shared, self._group(list_of, shared, fields))
        self._groups[id(list_of)] = (list_of, digests, fields)
        return digests

    def _group(self, list_of: ListOf, shared: str, fields: tuple[str, ...] | None) -> str:
        """The digest of all a list's pages are made from: `shared`, and its products by `fields` (None: whole)."""
        if fields is None:
            return parts_digest(shared, self.digester.of(list_of.products))
        return parts_digest(shared, *fields, "", *self.digester.fields_of_all(list_of.products, fields))

    def _list_fields(self, list_of: ListOf, records: dict[str, OutputRecord]) -> tuple[str, ...] | None:
        """The fields of its products a list's pages read (by their `records`), with what paginate plans them by;
        None when a page read its products whole. A description edit so leaves every list's digest as it was."""
        names = set(LIST_PLANNING_FIELDS)
        for path in list_of.paths:
            record = records.get(self.prefix + path)
            if record is not None:
                if record.fields is None:
                    return None
                names.update(record.fields)
        fields = tuple(sorted(names))
        return self._shared_fields.setdefault(fields, fields)

    def settle_groups(self, lists: Iterable[ListOf]) -> None:
        """After rendering: a list whose pages read other fields than its digest was made with (the last build's
        pages, or none: a new list) gets its digest made again by the fields read now, in its pages' records, so
        that the next build, which makes it by these records, finds it the same while nothing it shows changed."""
        for list_of in lists:
            shared, group = self._list_digests(list_of)  # here too for a list whose pages a second process keyed
            fields = self._groups[id(list_of)][2]
            now = self._list_fields(list_of, self.records)
            if now == fields:
                continue
            regrouped = self._group(list_of, shared, now)
            for path in list_of.paths:
                record = self.records.get(self.prefix + path)
                if record is not None and record.group == group:
                    self.records[self.prefix + path] = replace(record, group=regrouped)

    def reusable(self, path: str, key: str) -> OutputRecord | None:
        """The last build's record of the page when the page it made still stands: same key, same inputs read."""
        full = self.prefix + path
        old = self.previous.records.get(full)
        if old is None or old.key != key or not self.previous.reusable(full):
            return None
        if old.dependencies and self.digester.dependencies(old.dependencies) != old.dependencies_digest:
            return None
        return old

    def record(self, path: str, key: str, dependencies: tuple, data: bytes, group: str = "",
               fields: tuple[str, ...] | None = None) -> tuple[OutputRecord, bool]:
        """What the page was made from, and whether its bytes are those of the previous build's file."""
        full = self.prefix + path
        record = OutputRecord(key, dependencies, self.digester.dependencies(dependencies), content_digest(data), group, fields)
        old = self.previous.records.get(full)
        return record, old is not None and old.content == record.content and self.previous.reusable(full)


def _has_template(env: jinja2.Environment, name: str) -> bool:
    try:
        env.get_template(name)
    except jinja2.TemplateNotFound:
        return False
    return True
