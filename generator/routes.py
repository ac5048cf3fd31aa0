"""Every address of the site in one place: the site path of each kind of page and file, where it is
written in the output folder, and the names no product or page may take because a route holds them.

Site paths are relative to the site's root ("products/kemeja/"); `views.ViewMaker.url` turns one into a
link under base_url's sub-path, `output_path` into the file written. Views, the page plan, the hosting
files, the contract's reserved names, the search index and the preview ask here.
"""

from __future__ import annotations

import re

HOME = ""
CATALOG = "products/"
CART = "cart/"
SEARCH = "search/"
FEED = "feed.xml"
PRODUCT_FEED = "products.xml"  # for Google Merchant Center and Meta's catalog (outputs/feed.py); not in the sitemap
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
CATALOG_JSON = "catalog.json"  # what the cart checks its lines against
NOT_FOUND = "404.html"
ASSETS = "assets/"  # theme files, named by content
PHOTOS = "photos/"  # processed photos, named by content
ICONS = "icons/"
SEARCH_INDEX = "pagefind/"
ADMIN = "admin/"  # the browser editor, with [editor] in shop.toml (editor/admin.py)
ADMIN_PAGE = ADMIN + "index.html"
ADMIN_CONFIG = ADMIN + "config.yml"

# The folders a list's sorted, filtered and later pages live in (products/by/price-asc/page/2/): no product may be called so.
LIST_VARIANT_NAMES = ("page", "by", "available")
LANGUAGES = ("en", "id")  # a translated site lives under its language code


def product(slug: str) -> str:
    return f"{CATALOG}{slug}/"


def category(slug: str) -> str:
    return f"category/{slug}/"


def tag(slug: str) -> str:
    return f"tag/{slug}/"


def page(slug: str) -> str:
    return f"{slug}/"


def photo(name: str) -> str:
    return PHOTOS + name


def asset(name: str) -> str:
    return ASSETS + name


def output_path(site_path: str) -> str:
    """The file that serves a site path: a folder's index.html, else the path itself."""
    return site_path + "index.html" if site_path == HOME or site_path.endswith("/") else site_path


# Top-level names the site's own routes hold: a seller's page called so would be overwritten or hide them.
TOP_LEVEL = tuple(dict.fromkeys(path.split("/")[0] for path in (CATALOG, "category/", "tag/", ASSETS, PHOTOS, ICONS, CART, SEARCH, ADMIN,
                                                              *(f"{code}/" for code in LANGUAGES), SEARCH_INDEX)))
SEARCH_PAGE = output_path(SEARCH)
PRODUCT_PAGES_GLOB = f"**/{CATALOG}*/index.html"  # every product page, in every language (what the search index reads)

HOSTING_FILES = (SITEMAP, ROBOTS, "_headers", "_redirects", ".nojekyll", "CNAME", "favicon.ico", "manifest.webmanifest")
_LIST = r"(?:available/)?(?:by/[a-z-]+/)?(?:page/\d+/)?index\.html"
_KINDS = (
    ("home", r"index\.html"),
    ("not found", re.escape(NOT_FOUND)),
    ("feed", re.escape(FEED)),
    ("product feed", re.escape(PRODUCT_FEED)),
    ("catalog.json", re.escape(CATALOG_JSON)),
    ("hosting", "|".join(re.escape(name) for name in HOSTING_FILES)),
    ("asset", re.escape(ASSETS) + r"[^/]+"),
    ("photo", re.escape(PHOTOS) + r"[^/]+"),
    ("icon", re.escape(ICONS) + r"[^/]+"),
    ("search index", re.escape(SEARCH_INDEX) + r".+"),
    ("editor", re.escape(ADMIN_PAGE) + "|" + re.escape(ADMIN_CONFIG)),
    ("cart", re.escape(output_path(CART))),
    ("search", re.escape(SEARCH_PAGE)),
    ("catalog", re.escape(CATALOG) + _LIST),
    ("product", re.escape(CATALOG) + r"[^/]+/index\.html"),
    ("category", r"category/[^/]+/" + _LIST),
    ("tag", r"tag/[^/]+/" + _LIST),
    ("page", r"[^/]+/index\.html"),
)
_KIND = [(kind, re.compile(pattern)) for kind, pattern in _KINDS]
_LANGUAGE = re.compile(rf"(?:{'|'.join(LANGUAGES)})/")


def kind_of(path: str) -> str | None:
    """What an output file is ("product", "category", "photo"...), or None for a path no route makes.

    A translation's files are those of its language folder (en/products/kemeja/index.html is a product).
    """
    language = _LANGUAGE.match(path)
    relative = path[language.end():] if language else path
    for kind, pattern in _KIND:
        if pattern.fullmatch(relative):
            return kind
    return None
