"""`etalase build`: the pipeline, stage by stage.

config -> read content -> validate -> photos -> freshness -> views -> render
-> checks -> write. Problems are collected per stage and end the build before
anything is written. A rebuild whose inputs have not changed at all (the
fingerprint of every input file's size and time) does nothing.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from typing import TYPE_CHECKING, Callable

from . import __version__, routes
from .errors import BuildError, Problem, ProblemList
from .freshness import GitLog
from .memo import GenerationalMemo
from .reporter import Reporter
from .fingerprint import config_digest, config_inputs, fingerprint, named_files
from .code_version import code_version
from .state import CACHE_DIR, ICONS_DIR, load_state, remember_output, save_state
from .work_folder import writing
from .write import at_rest, check_output_folder, output_damage, read_marker, recover_output

if TYPE_CHECKING:
    from .freshness import FileDates
    from .previous import PreviousOutput
    from .outputs.search import SearchIndexing
    from .models import Product, Shop

# The heavy stages (YAML, Markdown, Pillow, Jinja, Babel) are imported only when
# something changed: a no-op rebuild must not pay for loading them.

VIEWS_IN_TWO_FROM = 300  # products: fewer have their views made in one process (a fork costs more than it saves)
CHECK_IN_TWO_FROM = 300  # products: fewer are checked in one process


@dataclass
class BuildOptions:
    root: Path
    output: Path | None = None
    base_url: str | None = None
    use_git: bool = True
    force: bool = False  # rebuild everything, even when nothing changed
    today: dt.date | None = None  # --today; else SOURCE_DATE_EPOCH, else the clock
    strict: bool = False  # warnings fail the build

    @property
    def output_dir(self) -> Path:
        return (self.output or self.root / "public").resolve()


@dataclass
class BuildResult:
    output: Path
    up_to_date: bool = False
    pages: int = 0
    products: int = 0
    files_read: int = 0
    photos_decoded: int = 0
    search_seconds: float = 0.0  # Pagefind's run, while the pages were written
    search_wait: float = 0.0  # of which the build waited for it, after writing (the rest is Etalase's own work)
    written: int = 0  # files written (the others were kept from the previous build, or linked from the photo cache)
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class ComposedSite:
    files: dict[str, bytes]  # site path -> content, made in this run
    links: dict[str, Path]  # site path -> a cached file (photos)
    rendered: list[str]  # the pages rendered in this run
    result: BuildResult
    base_path: str = "/"
    kept: list[str] = field(default_factory=list)  # site paths unchanged since the previous build: kept as they are
    records: dict = field(default_factory=dict)  # site path -> OutputRecord (graph.py), for the next build
    shop: Shop | None = None  # the shop.toml it was built from (the preview's /admin/ is made from it)


@dataclass
class EditContext:
    """What the last good preview build knew, so an edited product's page can be rendered ahead of the rest."""

    shop: object
    today: dt.date
    site: object  # SiteView of the main language
    categories: dict
    views: object  # the ViewMaker that made the site's product views
    env: object  # the Jinja environment of the main language
    photos_by_file: dict  # (source, focus) -> processed photo
    newest: dt.date  # the site's "last updated" date
    products: dict[str, "Product"]  # source path -> product as shown
    dates: "FileDates"


class Builder:
    """Builds one shop; keeps its caches between builds (serve reuses one Builder)."""

    def __init__(self, options: BuildOptions, reporter: Reporter | None = None):
        self.options = options
        self.root = options.root.resolve()
        self.reporter = reporter or Reporter(0)
        self.cache_dir = self.root / CACHE_DIR
        self._state: dict | None = None
        self._reader = None
        self._photos = None
        self._git_log = GitLog()  # git's history, read again only when HEAD moves
        # The preview server sets `incremental`: then these remember work between builds.
        self.incremental = False
        self._products = GenerationalMemo()
        self._dated = GenerationalMemo()  # a checked product with its dates: the same object while they hold
        self._views = GenerationalMemo()
        self._feed_items = GenerationalMemo()  # each product's items of products.xml, and their warnings
        self._field_digests = GenerationalMemo()  # a view's fields that list pages read, digested (graph.Digester)
        self._envs: dict = {}  # (theme folders, language) -> (their files' times, Jinja environment, its TemplateDigests)
        self._catalog_entries: dict = {}  # language -> catalog.json's entries of the last build (outputs/catalog.py), in the preview
        self._categories: dict = {}  # language -> the last build's categories (views.with_categories), in the preview
        self._made: dict = {}  # language -> (ViewMaker, Jinja environment, photos by file) of the last build
        self.edit_context: EditContext | None = None  # set after each incremental build
        # Called by compose with every product page of the site (path -> (content digest, bytes, or None when
        # kept from the last build)) as soon as they are rendered: `build` starts the search index there.
        self.on_product_pages: Callable[[dict], None] | None = None

    @property
    def state(self) -> dict:
        if self._state is None:
            self._state = load_state(self.cache_dir, code_version())  # records and memos of this code only
        return self._state

    @property
    def reader(self):
        from .content import DocumentReader

        if self._reader is None:
            self._reader = DocumentReader(self.state.setdefault("documents", {}))
        return self._reader

    @property
    def photos(self):
        from .photos import PhotoProcessor

        if self._photos is None:
            self._photos = PhotoProcessor(self.cache_dir / "photos", self.state.setdefault("photos", {}))
        return self._photos

    def build(self) -> BuildResult:
        """Build into the output folder, atomically; nothing at all when no input changed."""
        started = time.perf_counter()
        output = self.options.output_dir
        check_output_folder(output, self.root)
        if not self.options.force and at_rest(output.resolve()) and self._unchanged_config_inputs_current(output, read_marker(output)):
            return BuildResult(output=output, up_to_date=True, seconds=time.perf_counter() - started)  # the no-op, unlocked
        # From the look at the last build to the new site live, no other build writes this output (work_folder.py)
        with writing(output.resolve(), waiting=lambda: self.reporter.info(
                f"waiting for another build of {output} to finish (an `etalase build` or preview in another window)")):
            return self._build_locked(output, started)

    def _build_locked(self, output: Path, started: float) -> BuildResult:
        """The build, with the output's lock held."""
        for note in recover_output(output):  # before "up to date": a killed build may have moved the site away
            self.reporter.debug(note)
        marker = read_marker(output)
        if not self.options.force and self._unchanged_config_inputs_current(output, marker):
            return BuildResult(output=output, up_to_date=True, seconds=time.perf_counter() - started)
        shop, theme, today = self._load_config()
        print_ = fingerprint(self.options, list(theme.folders), today, named_files(shop))
        if not self.options.force and self._output_current(output, marker, print_):
            return BuildResult(output=output, up_to_date=True, seconds=time.perf_counter() - started)
        from .previous import NOTHING, from_folder
        from .write import remove_index_folder, write_site

        saved = self.state.setdefault("outputs", {})
        # --force renders everything again: nothing of the last build is kept (a seller who doubts the output)
        previous = NOTHING if self.options.force else from_folder(output, saved.get(str(output)))
        search = self._search_index(output, previous)
        try:
            site = self.compose(shop, theme, today, previous)
        except BaseException:
            search.wait()
            remove_index_folder(output)
            raise
        finally:
            self.on_product_pages = None
        build_id = f"{print_[:16]}-{os.getpid()}-{time.time_ns()}"
        marker = {"generator": f"etalase {__version__}", "fingerprint": print_, "build": build_id,
                  "config_inputs": config_inputs(self.root, list(theme.folders), shop.timezone, named_files(shop))}
        indexed = search if not search.on_new_tree or routes.SEARCH_PAGE in site.files else None  # None: no search page
        write_site(output, site.files, site.links, marker, kept={path: output / path for path in site.kept}, search=indexed,
                   live=previous.files)  # listed under the lock, which this build has held since
        remember_output(self.state, output, build_id, site.records)  # beside the preview mirror's (serve starts from either)
        save_state(self.cache_dir, self.state)
        self.reporter.debug(f"written to {output}: {len(site.files)} files written, {len(site.kept)} kept")
        if search.kept:
            self.reporter.debug(f"search index: {search.kept} of its files kept from the last one, not written again")
        site.result.output = output
        site.result.written = len(site.files)
        site.result.search_seconds, site.result.search_wait = search.seconds, search.waited
        site.result.seconds = time.perf_counter() - started
        return site.result

    def _search_index(self, output: Path, previous: "PreviousOutput") -> "SearchIndexing":
        """The build's search index: from its copy of the product pages, started as soon as they are rendered
        (on_product_pages); for a whole new site whose pages the copy mostly lacks, from the new tree as it is written."""
        from .graph import content_digest
        from .outputs.search import SearchIndexing, reusable_index
        from .previous import NOTHING
        from .write import index_folder

        search = SearchIndexing(self.cache_dir / "search" / content_digest(os.fsencode(output))[:16])
        new_tree = previous is NOTHING
        search.on_new_tree = new_tree
        search.reuse = reusable_index(output, previous)  # the live index's files Pagefind need not write again

        def start(pages: dict) -> None:  # while the rest of the pages render
            pages = {path: (digest, output / path if data is None else data) for path, (digest, data) in pages.items()}
            if new_tree:
                # The site is new but the copy may not be (public/ removed): when it holds most pages
                # as they are, the index starts from it now rather than once the new tree has them.
                if self.options.force or search.copied_share(pages) < 0.5:  # --force trusts nothing kept
                    search.tree_pages = {path: digest for path, (digest, _) in pages.items()}
                    return
                search.on_new_tree = False
                self.reporter.debug("search index: started from its copy of the product pages, most of them current")
            self.reporter.debug(f"search index: started on {len(pages)} product pages")
            search.start(pages, index_folder(output))

        self.on_product_pages = start
        return search

    def _unchanged_config_inputs_current(self, output: Path, marker: dict | None) -> bool:
        """The no-op's short way: while shop.toml's bytes are those of the last build, so are the theme folders
        and the time zone the marker kept; the fingerprint needs no config validation or theme lookup."""
        inputs = (marker or {}).get("config_inputs")
        if not isinstance(inputs, dict) or inputs.get("config") is None or inputs.get("config") != config_digest(self.root):
            return False
        from zoneinfo import ZoneInfoNotFoundError

        from .contract.promises import resolve_today

        try:
            folders = [Path(folder) for folder in inputs["themes"]]
            named = [Path(path) for path in inputs["named"]]
            today = resolve_today(self.options.today, inputs["timezone"])
        except (KeyError, TypeError, ValueError, ZoneInfoNotFoundError):
            return False
        return self._output_current(output, marker, fingerprint(self.options, folders, today, named))

    def _output_current(self, output: Path, marker: dict | None, print_: str) -> bool:
        """Whether the output is what a build of these inputs wrote, untouched since (names and sizes, no reading)."""
        if not marker or marker.get("fingerprint") != print_:
            return False
        damage = output_damage(output, marker)
        if damage:
            self.reporter.debug(f"the output was changed since the last build ({damage}): building again")
            return False
        self.reporter.debug("nothing changed since the last build")
        return True

    def _load_config(self):
        from .config import CONFIG_NAME, load_shop, read_config_text, toml_key_lines
        from .themes import ThemeError, find_theme

        problems = ProblemList(self.root, "config")
        shop = load_shop(self.root, problems, self.options.base_url)
        problems.raise_if_any()
        assert shop is not None
        try:
            theme = find_theme(shop.theme, self.root)
        except ThemeError as error:
            if error.path is not None:  # a file of the theme itself is at fault: name it
                raise BuildError([Problem(ProblemList(self.root).rel(error.path), error.line, str(error), kind="theme")]) from None
            line = toml_key_lines(read_config_text(self.root)).get("theme")
            raise BuildError([Problem(CONFIG_NAME, line, str(error), kind="theme")]) from None
        from .contract.promises import resolve_today

        return shop, theme, resolve_today(self.options.today, shop.timezone)

    def compose(self, shop=None, theme=None, today=None, previous: "PreviousOutput | None" = None) -> "ComposedSite":
        """Everything the site consists of, in memory: rendered pages, generated files, photo files.

        Outputs whose inputs are unchanged since `previous` (by the records of the build
        graph, graph.py) are not made again but listed as kept. With `incremental` set
        (the preview server), parsed products and template values are remembered too.
        """
        from .previous import NOTHING

        previous = previous or NOTHING
        self._products.finish()  # a new generation: what the last build did not use is forgotten
        self._dated.finish()
        self._views.finish()
        self._feed_items.finish()
        self._field_digests.finish()
        records: dict = {}
        if shop is None:
            shop, theme, today = self._load_config()
        log = self.reporter.debug
        result = BuildResult(output=self.options.output_dir)
        problems = ProblemList(self.root)
        log(f"config and theme {theme.name} loaded")
        from .content import find_pages, find_products
        from .freshness import FileDates
        from .outputs.catalog import catalog_json
        from .photos import PhotoJob
        from .contract.promises import apply_today
        from .themes import asset_name, published_asset
        from .translate import read_translations, translate_pages, translate_products
        from .contract.before_render import check_page, check_photos, check_shop_wide

        # Read and check the content
        reads_before = self.reader.files_read
        product_files, page_files = find_products(self.root), find_pages(self.root)
        documents, read_in_fork = self.reader.read_all(product_files + page_files)
        product_docs, page_docs = documents[:len(product_files)], documents[len(product_files):]
        result.files_read = self.reader.files_read - reads_before
        checked, checked_in_fork = self._check_products(product_docs, shop, problems)
        products = [p for p in checked if p]
        pages = [p for p in (check_page(d, problems) for d in page_docs) if p]
        check_shop_wide(shop, products, [d for d in product_docs if d.data.get("draft") is not True], page_docs, problems)
        in_fork = f", {read_in_fork} of them in a second process" if read_in_fork else ""
        log(f"{len(product_docs)} products and {len(page_docs)} pages ({result.files_read} files read{in_fork}), {len(products)} products valid"
            + (f" ({checked_in_fork} checked in a second process)" if checked_in_fork else ""))

        # Photos: processed (or taken from the cache), then held to the contract
        jobs = {ref: PhotoJob(ref.source, ref.focus) for product in products for ref in product.photos}
        decoded_before = self.photos.decoded
        processed, failures = self.photos.process(sorted(set(jobs.values()), key=str), self.reporter.progress_for("photos"))
        result.photos_decoded = self.photos.decoded - decoded_before
        for product in products:
            for index, ref in enumerate(product.photos):
                if jobs[ref] in failures:
                    problems.add(product.source, ref.line, f'photos[{index}]: "{problems.rel(ref.source)}" {failures[jobs[ref]]}')
        check_photos(products, {ref: processed[job].metrics for ref, job in jobs.items() if job in processed}, shop, problems)
        log(f"{len(processed)} photos ready ({result.photos_decoded} processed)")
        problems.raise_if_any()
        photos_by_ref = {ref: processed[job] for ref, job in jobs.items()}

        # Freshness, and promises that expired by today
        dates = FileDates(self.root, use_git=self.options.use_git, log=self._git_log,
                          mtimes={path: version[1] for path, (version, _) in self.reader.memo.items()})  # as the reader found them
        if dates.shallow:
            problems.warn(self.root, None, "this is a shallow git clone: dates come from the few commits present and are wrong; "
                          "clone with full history (actions/checkout: fetch-depth: 0)")
        products = [self._with_date(p, dates) for p in products]
        pages = [replace(p, last_updated=dates.last_change(p.source)) for p in pages]
        products = apply_today(products, {d.path: d for d in product_docs}, shop, today, problems)
        products.sort(key=lambda p: (-p.last_updated.toordinal(), p.title.lower()))

        # Template values and pages, for the main language and then for each translation (under /en/ …)
        static = {name: (path, published_asset(path)) for name, path in theme.static_files().items()}
        assets = {name: asset_name(path, data) for name, (path, data) in static.items()}
        languages = shop.languages or (shop.language,)
        product_pages: dict = {}  # of every language, for on_product_pages
        site, product_views, categories, page_views, rendered, kept = self._language_site(
            shop, shop, theme, today, products, pages, photos_by_ref, assets, previous, records, "", product_pages, len(languages) == 1)
        extra_files: dict[str, bytes] = {}
        kept_pages = len(kept)
        for language in languages[1:]:
            translated_shop = replace(shop, language=language, base_url=f"{shop.base_url}{language}/")
            product_translations = read_translations(self.reader, self.root, find_products, language,
                                                     {d.slug for d in product_docs}, "product", problems)
            page_translations = read_translations(self.reader, self.root, find_pages, language, {d.slug for d in page_docs}, "page", problems)
            translated_products = translate_products(products, product_docs, product_translations, language, shop, problems)
            translated_pages = translate_pages(pages, page_translations, language, problems)
            problems.raise_if_any()
            other = self._language_site(translated_shop, shop, theme, today, translated_products, translated_pages, photos_by_ref, assets,
                                        previous, records, f"{language}/", product_pages, language == languages[-1])
            rendered += other[4]
            kept += other[5]
            kept_pages += len(other[5])
            extra_files[f"{language}/{routes.CATALOG_JSON}"] = catalog_json(other[1], self._catalog_entries.setdefault(language, {})
                                                                            if self.incremental else None)
        from .outputs.feed import product_feed

        # Made here, before --strict looks at the warnings: the feed's are the seller's to fix too
        feed = product_feed(shop, products, product_views, photos_by_ref, today, {d.path: d for d in product_docs},
                            [d for d in product_docs if d.data.get("draft") is True], problems,
                            *((self._feed_items.within((shop, today)), {path: version for path, (version, _) in self.reader.memo.items()})
                              if self.incremental else ()))
        log(f"products.xml: {feed.count(b'<item>')} items, {len(feed) // 1024} KB")
        failing = [w for w in problems.warnings if w.fails_strict]
        if self.options.strict and failing:
            raise BuildError([replace(w, warning=False) for w in failing])

        if self.incremental:
            made_views, made_env, by_file = self._made[shop.language]
            self.edit_context = EditContext(shop, today, site, categories, made_views, made_env, by_file,
                                            newest=max([p.last_updated for p in products] + [p.last_updated for p in pages]),
                                            products={str(p.source): p for p in products}, dates=dates)

        files = {page.path: page.data for page in rendered}
        from .outputs.site_files import hosting_files

        catalog = catalog_json(product_views, self._catalog_entries.setdefault(shop.language, {})) if self.incremental else None
        made = hosting_files(shop, site, product_views, categories.values(), page_views, products, pages, theme, product_feed=feed,
                             icon_cache=self.cache_dir / ICONS_DIR, catalog=catalog)
        made.update(extra_files)
        # Theme assets are copied (small); only our own cached photo files are hard-linked,
        # so nothing in the output shares its bytes with a file the seller edits.
        made.update({routes.asset(assets[name]): data for name, (_, data) in static.items()})
        from .graph import OutputRecord, content_digest

        for path, data in made.items():  # files made by code, not templates: kept when their bytes are the same
            digest = content_digest(data)
            old = previous.records.get(path)
            records[path] = OutputRecord("", (), "", digest)
            if old is not None and old.content == digest and previous.reusable(path):
                kept.append(path)
            else:
                files[path] = data
        links: dict[str, Path] = {}
        for job, photo in processed.items():
            links.update(self.photos.files(job, photo))
        result.pages = len(rendered) + kept_pages
        result.products = len(products)
        result.warnings = problems.warnings
        return ComposedSite(files=files, links=links, rendered=[page.path for page in rendered], result=result,
                            base_path=shop.base_path, kept=kept, records=records, shop=shop)

    def _language_site(self, shop, main_shop, theme, today, products, pages, photos_by_ref, assets, previous, records, prefix,
                       product_pages: dict, last: bool):
        """Template values and pages of the site in one language: the pages rendered now (paths from the
        site's root) and the paths of those kept from the previous build.

        Its product pages are added to `product_pages`; after the `last` language's, on_product_pages gets them all."""
        from .contract.after_render import check_pages
        from .graph import Digester, RecordingEnvironment, TemplateDigests, product_view_hasher
        from .outputs.forked_share import in_two
        from .outputs.pages import PageGraph, TemplateProblem, plan_site, render_jobs
        from .themes import load_translations, make_environment, translations_digest
        from .views import ViewMaker, with_categories, with_category

        translations = load_translations(theme, shop.language)
        asset_urls = {name: main_shop.base_path + routes.asset(hashed) for name, hashed in assets.items()}
        views = ViewMaker(shop, translations, asset_urls, today, media_base_url=main_shop.base_url)
        by_file = {(ref.source, ref.focus): photo for ref, photo in photos_by_ref.items()}
        photos_by_ref = {ref: by_file[(ref.source, ref.focus)] for product in products for ref in product.photos}  # translated alts too
        category_names = sorted({p.category for p in products if p.category}, key=lambda name: views.names.get(name, name).lower())
        categories = {name: views.category(name) for name in category_names}
        hashers: list = [None] * len(products)  # the preview's: product_view_hasher of each view's repr (graph.py)
        if self.incremental:  # the preview remembers views between its builds (and, with its threads, never forks)
            made = []
            context_key = hash((shop, today, tuple(sorted(assets.items()))))  # hashed once, not once per product
            for number, product in enumerate(products):
                key = (product, tuple(photos_by_ref[ref] for ref in product.photos), context_key)
                cached = self._views.get(key)
                if cached is None:
                    view = views.product(product, photos_by_ref, categories)
                    # kept without this build's category (whose product list would keep this build's views alive
                    # as long as the entry lives), with its repr hashed for its digest: the same with any build's category
                    cached = self._views.put(key, (with_category(view, None), product_view_hasher(repr(view))))
                made.append(cached[0])
                hashers[number] = cached[1]
        else:  # every other view made in a second process when there are many (outputs/forked_share.py)
            made, views_in_fork = in_two(lambda number: views.product(products[number], photos_by_ref, categories), len(products), VIEWS_IN_TWO_FROM)
            self.reporter.debug(f"{shop.language}: {len(made)} product views made" + (f", {views_in_fork} of them in a second process" if views_in_fork else ""))
        # a view made before (the preview's, kept without one) or in the second process holds another category object
        product_views, kept_categories = with_categories(categories, [p.category for p in products], made,
                                                         self._categories.get(shop.language) if self.incremental else None)
        if self.incremental:
            self._categories[shop.language] = kept_categories
            categories = {name: kept[0] for name, kept in kept_categories.items()}
        page_views = [views.page(p) for p in sorted(pages, key=lambda p: p.title.lower())]
        newest = max([p.last_updated for p in products] + [p.last_updated for p in pages])
        site = views.site(page_views, list(categories.values()), newest)
        site.languages = [(code, main_shop.base_url if code == main_shop.language else f"{main_shop.base_url}{code}/")
                          for code in (main_shop.languages or (main_shop.language,))]

        # Rendering: only the pages whose template or values changed since the previous build
        # An environment is kept between builds while no template or catalog file changed (new, edited or
        # removed: an override in the shop's templates/ too); then the next one compiles afresh.
        files = theme.files_key(self.root)
        kept_files, env, templates = self._envs.get((theme.folders, shop.language), (None, None, None))
        if kept_files != files:
            # Compiled code kept per Etalase version: the options templates are compiled with are this code's
            env = make_environment(theme, self.root, shop.language, RecordingEnvironment, compiled=self.cache_dir / f"templates-{__version__}-{RecordingEnvironment.compiled_form}")
            # Each template's digest (its source and what it includes, parsed to find out) holds while its files do
            templates = TemplateDigests(env, translations_digest(theme, shop.language))
            self._envs[(theme.folders, shop.language)] = (files, env, templates)
        self._made[shop.language] = (views, env, by_file)
        digester = Digester(categories.values(), {id(view): (view, hasher) for view, hasher in zip(product_views, hashers) if hasher is not None},
                            self._field_digests if self.incremental else None)
        graph = PageGraph(env, digester, templates, digester.of(site), previous, records, prefix)
        try:
            page_jobs = plan_site(env, site, product_views, list(categories.values()), page_views)
            has_search = any(job.path == routes.SEARCH_PAGE for job in page_jobs)

            def products_done(rendered: list, kept: list) -> None:
                for page in rendered:
                    product_pages[prefix + page.path] = (records[prefix + page.path].content, page.data)
                for path in kept:
                    product_pages[prefix + path] = (records[prefix + path].content, None)
                if last and has_search and self.on_product_pages is not None:
                    self.on_product_pages(product_pages)

            rendered, kept, in_fork = render_jobs(env, page_jobs, graph, then=products_done, after=len(product_views))
        except TemplateProblem as error:
            raise BuildError([Problem(self._template_path(env, error.template), error.line, error.message, kind="template")]) from None
        facts = getattr(env, "template_facts", None)
        if facts is not None:
            facts.save()  # what the templates refer to and read, for the next build (template_facts.py)
        forked = f"; {in_fork} of the pages were seen to in a second process" if in_fork else ""
        self.reporter.debug(f"{shop.language}: {len(rendered) + len(kept)} pages, {len(rendered)} rendered now{forked}")
        missing = check_pages(rendered, site)
        if missing:
            raise BuildError([replace(problem, path=self._template_path(env, problem.path)) for problem in missing])
        rendered = [replace(page, path=prefix + page.path) for page in rendered] if prefix else rendered
        return site, product_views, categories, page_views, rendered, [prefix + path for path in kept]

    def edited_product_pages(self, changed: set[str]) -> list | None:
        """The preview's pages of edited products, ahead of the full rebuild (serve/edited_first.py)."""
        from .serve.edited_first import edited_product_pages

        return edited_product_pages(self, changed)

    def _check_products(self, documents: list, shop, problems: ProblemList) -> tuple[list, int]:
        """(check_product of each document, None for one that failed; how many were checked in a second process):
        remembered per file version in the preview; in `build`, with many, every other one checked in a second
        process, its problems sent back with it and added in the files' order (the problems and the products
        are those of one process)."""
        if self.incremental:
            return [self._check_product(document, shop, problems) for document in documents], 0
        from .contract.before_render import check_product
        from .outputs.forked_share import in_two

        def check(number: int) -> tuple:
            found = ProblemList(problems.root, problems.kind)
            return check_product(documents[number], shop, found), found.items

        outcomes, in_fork = in_two(check, len(documents), CHECK_IN_TWO_FROM)
        products = []
        for product, found in outcomes:
            problems.items.extend(found)
            products.append(product)
        return products, in_fork

    def _check_product(self, document, shop, problems: ProblemList):
        """check_product, remembered per file version (the preview's: its problems replayed)."""
        from .contract.before_render import check_product

        key = (str(document.path), self.reader.memo.get(str(document.path), (None,))[0])
        cached = self._products.within(shop).get(key)
        if cached is None:
            start = len(problems.items)
            product = check_product(document, shop, problems)
            cached = self._products.put(key, (product, problems.items[start:]))
        else:
            problems.items.extend(cached[1])
        return cached[0]

    def _with_date(self, product, dates):
        """with_date; in the preview the same object as the last build's while its dates hold, so that the
        memos after it compare products by identity, not field by field."""
        if not self.incremental:
            return with_date(product, dates)
        updated, added = _dates_of(product, dates)
        key = (product, updated, added)
        cached = self._dated.get(key)
        if cached is None:
            cached = self._dated.put(key, replace(product, last_updated=updated, added=added))
        return cached

    def _template_path(self, env, name: str) -> str:
        """Where the template that produced a page lives, as the seller would open it."""
        path = Path(name)
        if not path.is_absolute():
            try:
                path = Path(env.get_template(name).filename or name)
            except Exception:
                return name
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else path.as_posix()


def _dates_of(product: "Product", dates: "FileDates") -> tuple[dt.date, dt.date]:
    """(last updated, added): front matter first, else git or the file's time."""
    updated = product.updated or dates.newest([product.source, *product.extra_sources])
    return updated, product.created or dates.added(product.source)


def with_date(product: "Product", dates: "FileDates") -> "Product":
    updated, added = _dates_of(product, dates)
    return replace(product, last_updated=updated, added=added)
