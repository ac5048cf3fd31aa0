"""The files of a site made by code, not templates: sitemap, robots.txt, icons and manifest, host headers,
redirects and forwarding pages for renamed products, CNAME, catalog.json, products.xml (made by feed.py)
and the browser editor's /admin/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import routes
from ..editor import admin
from . import hosting
from .catalog import catalog_json
from .icons import make_icons


def hosting_files(shop, site, product_views, categories, page_views, products, pages, theme,
                  product_feed: bytes | None = None, icon_cache: Path | None = None, catalog: bytes | None = None) -> dict[str, bytes]:
    """Sitemap, robots.txt, icons and manifest, host headers, redirects for renamed products, CNAME,
    catalog.json (what the cart checks its lines against) and the product feed, products.xml (made by
    feed.py while the warnings still count; not in the sitemap: it is not a page). `icon_cache`: where the
    icons' image files are kept between builds (icons.py); `catalog`: catalog.json when the caller made it."""
    newest = {p.slug: p.last_updated for p in products}
    entries = [hosting.SitemapEntry(shop.base_url, max(newest.values(), default=dt.date.today())),
               hosting.SitemapEntry(site.absolute(site.catalog_url), max(newest.values(), default=dt.date.today()))]
    for category in categories:
        entries.append(hosting.SitemapEntry(site.absolute(category.url), max(newest[p.slug] for p in category.products)))
    entries += [hosting.SitemapEntry(view.absolute_url, newest[view.slug]) for view in product_views]
    page_dates = {p.slug: p.last_updated for p in pages}
    entries += [hosting.SitemapEntry(site.absolute(view.url), page_dates[view.slug]) for view in page_views]
    editor = admin.files(shop)  # the browser editor, with [editor]: kept out of the sitemap and search engines
    files = {
        routes.SITEMAP: hosting.sitemap(entries),
        routes.ROBOTS: hosting.robots(shop.base_url, (shop.base_path + routes.ADMIN,) if editor else ()),
        ".nojekyll": b"",
        "_headers": hosting.headers(shop.base_path, theme.content_security_policy.header(),
                                    admin.headers(shop.base_path) if editor else ""),
        routes.CATALOG_JSON: catalog if catalog is not None else catalog_json(product_views),
        **({routes.PRODUCT_FEED: product_feed} if product_feed is not None else {}),
        **editor,
    }
    files.update(make_icons(shop.logo, shop.title, shop.title.split()[-1] if shop.title.split() else shop.title,
                            shop.base_path, shop.language, shop.description, theme.brand_color, icon_cache).files)
    if shop.cname:
        files["CNAME"] = (shop.cname + "\n").encode()
    moves = []
    views_by_slug = {view.slug: view for view in product_views}
    for product in products:
        view = views_by_slug[product.slug]
        for alias in product.aliases:
            moves.append((shop.base_path + routes.product(alias), view.url))
            files[routes.output_path(routes.product(alias))] = hosting.forwarding_page(view.absolute_url, view.title, shop.language)
    if moves:
        files["_redirects"] = hosting.redirects(moves)
    return files
