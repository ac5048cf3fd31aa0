"""The `etalase` command line: a thin shell over the stages.

Commands import their modules only when run, so `etalase --help` is instant.
Exit codes: 0 done, 1 the shop has problems to fix, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import gc
from pathlib import Path

from . import __version__

BUILD_GC_THRESHOLD = 50_000  # allocations between the collector's rounds of young objects during `etalase build` (Python's: 700)


def _date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (write it as 2026-12-01)") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="etalase",
        description="Etalase: build a fast, trustworthy static shop from Markdown product files.",
    )
    parser.add_argument("--version", action="version", version=f"etalase {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="build the shop into public/", description="Build the shop in the current folder (or --shop) into public/.")
    build.add_argument("--shop", type=Path, default=Path("."), metavar="DIR", help="the shop folder, with shop.toml (default: current folder)")
    build.add_argument("--output", "-o", type=Path, metavar="DIR", help="where to write the site (default: public/ in the shop)")
    build.add_argument("--base-url", metavar="URL", help="publish address, overriding base_url in shop.toml (for a preview deploy)")
    build.add_argument("--force", action="store_true", help="rebuild every page, even if nothing changed")
    build.add_argument("--no-git", action="store_true", help="do not read dates from git history (use file times)")
    build.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help="the date to build for (default: SOURCE_DATE_EPOCH, else today in the shop's timezone)")
    build.add_argument("--strict", action="store_true", help="fail on warnings too (expired dates, stale products, missing pages)")
    build.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    build.add_argument("-v", "--verbose", action="store_true", help="print each stage and its timing")

    serve = commands.add_parser(
        "serve", help="preview the shop locally; rebuilds on every save and reloads the browser",
        description="Build the shop, serve it on this computer, rebuild what changed on every save and reload the browser.",
    )
    serve.add_argument("--shop", type=Path, default=Path("."), metavar="DIR", help="the shop folder, with shop.toml (default: current folder)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this computer only)")
    serve.add_argument("--open", action="store_true", help="open the shop in the web browser")
    serve.add_argument("--no-git", action="store_true", help="do not read dates from git history (use file times)")
    serve.add_argument("--today", type=_date, metavar="YYYY-MM-DD", help="the date to preview for")

    new = commands.add_parser("new", help="make a new shop folder with a working example", description="Make a new shop folder with a small working example that builds.")
    new.add_argument("directory", type=Path, metavar="DIR", help="the folder to create (must not exist or be empty)")

    convert = commands.add_parser(
        "convert-photos", help="write plain photo paths as {src, alt} objects, as the browser editor needs",
        description="Rewrite every product file's plain photo paths (photos: [a.jpg]) as {src: a.jpg, alt: <the title>}, "
                    "in place, changing nothing else in the file. The browser editor cannot save a product without it.",
    )
    convert.add_argument("--shop", type=Path, default=Path("."), metavar="DIR", help="the shop folder, with shop.toml (default: current folder)")
    convert.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file would change (for CI)")

    importer = commands.add_parser(
        "import", help="make product folders from a Shopify or WooCommerce export or a spreadsheet",
        description="Make product folders (content/products/<slug>/index.md and photos) from a Shopify or WooCommerce "
                    "product CSV or a spreadsheet (CSV or XLSX). Existing products are left alone unless --update.",
    )
    importer.add_argument("file", type=Path, nargs="?", metavar="FILE", help="the export or spreadsheet to read")
    importer.add_argument("--shop", type=Path, default=Path("."), metavar="DIR", help="the shop folder, with shop.toml (default: current folder)")
    importer.add_argument("--format", choices=("shopify", "woocommerce", "sheet"), help="the file's format (default: told from its columns)")
    importer.add_argument("--category", choices=("first", "full"), default="first",
                          help='a category such as "Pakaian > Kemeja": its first part (default) or all of it')
    importer.add_argument("--update", action="store_true", help="change what the file provides of products already there (their description, photos and other keys stay; new photos are added)")
    importer.add_argument("--template", type=Path, metavar="OUT", help="write an empty spreadsheet (.csv or .xlsx) with the columns the import reads, and stop")

    # check takes every build option (it builds first): made from build's (-h included), after they are all defined
    check = commands.add_parser(
        "check", parents=[build], add_help=False, help="build the shop, then check its links, anchors and page weight",
        description="Build the shop (as `build` does), then check the built site: links, images, #anchors, page weight.",
    )
    check.add_argument("--no-build", action="store_true", help="check the existing output folder without building")
    check.add_argument("--external", action="store_true", help="also check links to other websites (needs the internet)")
    return parser


def _build(args: argparse.Namespace) -> int:
    from .build import BuildOptions, Builder
    from .errors import BuildError
    from .reporter import Reporter
    from .write import OutputError

    reporter = Reporter(0 if args.quiet else 2 if args.verbose else 1)
    root = args.shop.resolve()
    options = BuildOptions(
        root=root, output=args.output, base_url=args.base_url, use_git=not args.no_git, force=args.force,
        today=args.today, strict=args.strict,
    )
    # Python's collector looks at every young object each 700 allocations, and all of them now and then: ~200 ms of
    # a full build of 1,000 products, for next to no garbage (a build's objects live until it ends, its few
    # reference cycles with them). Rarer rounds during the build (peak memory: +6 MB of 390 with variants).
    thresholds = gc.get_threshold()
    gc.set_threshold(BUILD_GC_THRESHOLD, *thresholds[1:])
    try:
        result = Builder(options, reporter).build()
    except BuildError as error:
        for problem in error.problems:
            reporter.problem(problem)
        count = len(error.problems)
        reporter.error(f"build failed: {count} problem{'s' if count != 1 else ''} to fix; nothing was written")
        return 1
    except OutputError as error:
        reporter.error(str(error))
        return 1
    finally:
        gc.set_threshold(*thresholds)  # as it was: main() also runs inside other programs (the tests)
    for warning in result.warnings:
        reporter.problem(warning)
    if result.up_to_date:
        reporter.info(f"up to date: {result.output} ({result.seconds:.2f} s)")
    else:
        reporter.info(f"built {result.products} products, {result.pages} pages into {result.output} in {result.seconds:.2f} s")
        reporter.debug(f"Etalase's own work {result.seconds - result.search_wait:.2f} s; the search index {result.search_seconds:.2f} s, "
                       f"made while the pages were written ({result.search_wait:.2f} s waited for it); "
                       f"{result.written} files written, the rest kept from the last build")
    return 0


def _new(args: argparse.Namespace) -> int:
    from .reporter import Reporter
    from .scaffold import ScaffoldError, create_shop

    reporter = Reporter(1)
    try:
        create_shop(args.directory)
    except ScaffoldError as error:
        reporter.error(str(error))
        return 1
    reporter.answer(f"new shop in {args.directory}: cd {args.directory} && etalase build")
    return 0


def _convert_photos(args: argparse.Namespace) -> int:
    from .convert_photos import apply, describe, plan_shop, summary
    from .reporter import Reporter

    reporter = Reporter(1)
    root = args.shop.resolve()
    if not (root / "content" / "products").is_dir():
        reporter.error(f"{root}: no content/products/ folder here: run this in the shop folder, or give --shop DIR")
        return 1
    plan = plan_shop(root)
    if not args.check:
        plan = apply(plan, root)
    for change in plan.changes:
        reporter.answer(describe(change, root, args.check))
    reporter.answer(summary(plan, args.check))
    for problem in plan.problems:
        reporter.problem(problem)
    if plan.problems:
        reporter.error(f"{len(plan.problems)} file{'s' if len(plan.problems) != 1 else ''} left as {'they were' if len(plan.problems) != 1 else 'it was'}: "
                       "fix what is named above, then run etalase convert-photos again")
    return 1 if plan.problems or (args.check and plan.changes) else 0


def _import(args: argparse.Namespace) -> int:
    from .reporter import Reporter

    reporter = Reporter(1)
    if args.template:
        from .importer.formats.sheet import write_template

        if args.template.exists():
            reporter.error(f"{args.template}: already exists; give a new file name")
            return 1
        write_template(args.template)
        reporter.answer(f"wrote {args.template}: fill one row per product (or per size/colour), then: etalase import {args.template}")
        return 0
    if args.file is None:
        reporter.error("give the file to import, e.g. etalase import products_export.csv (or --template sheet.xlsx for an empty one)")
        return 2
    from .importer.formats import FormatError
    from .importer.run import ImportError_, run_import
    from .importer.table import TableError

    try:
        report = run_import(args.file, args.shop.resolve(), format=args.format, category=args.category, update=args.update)
    except (ImportError_, TableError, FormatError) as error:
        reporter.error(str(error))
        return 1
    for line in report.lines():
        reporter.answer(line)
    return 0


def _check(args: argparse.Namespace) -> int:
    from .build import BuildOptions
    from .errors import BuildError
    from .reporter import Reporter
    from .contract.published_site import SiteMissing, check_shop_site

    if not args.no_build:
        code = _build(args)
        if code:
            return code
    reporter = Reporter(0 if args.quiet else 1)
    root = args.shop.resolve()
    output = BuildOptions(root=root, output=args.output).output_dir
    try:
        result = check_shop_site(root, output, args.base_url, external=args.external)
    except BuildError as error:
        for problem in error.problems:
            reporter.problem(problem)
        return 1
    except SiteMissing as error:
        reporter.error(str(error))
        return 1
    for problem in result.problems:
        reporter.problem(problem)
    if result.problems:
        reporter.error(result.failure())
        return 1
    reporter.info(result.summary())
    return 0


def _serve(args: argparse.Namespace) -> int:
    from .build import BuildOptions
    from .reporter import Reporter
    import time

    from .serve import CannotListen, start, stop

    reporter = Reporter(1)
    options = BuildOptions(root=args.shop.resolve(), use_git=not args.no_git, today=args.today)
    try:
        server, preview, observers = start(options, args.host, args.port, reporter)
    except CannotListen as error:
        reporter.error(f"cannot listen on {args.host}:{args.port}: {error.strerror}; try another --port")
        return 1
    host = f"[{args.host}]" if ":" in args.host else args.host
    url = f"http://{host}:{server.server_address[1]}{preview.base_path}"
    reporter.info(f"serving {url}  (Ctrl-C to stop)")
    if args.open:
        import webbrowser

        webbrowser.open(url)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        reporter.info("\nstopping")
    finally:
        stop(server, preview, observers)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "build":
        return _build(args)
    if args.command == "new":
        return _new(args)
    if args.command == "serve":
        return _serve(args)
    if args.command == "check":
        return _check(args)
    if args.command == "convert-photos":
        return _convert_photos(args)
    if args.command == "import":
        return _import(args)
    from .reporter import Reporter

    Reporter(1).answer(parser.format_help().rstrip("\n"))  # print_help's text, through the one way out
    return 2
