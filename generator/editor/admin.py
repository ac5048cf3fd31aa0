"""/admin/: the editor's page, its configuration and the Content-Security-Policy that fences it in.

The build writes these with [editor] in shop.toml; `etalase serve` serves the same files for the
local shop folder. Nothing else links to /admin/ and no other page loads anything of it.
"""

from __future__ import annotations

import html

import yaml

from .. import routes
from ..config import CONFIG_NAME
from ..models import EditorSettings, Shop
from . import sveltia, words
from .fields import Form

PRODUCTS_FOLDER = "content/products"
PAGES_FOLDER = "content/pages"
LONG_SIDE = 2000  # px: a phone photo shrunk to this is a few hundred KB, well above the build's minimum
WEBP_QUALITY = 85
LOCAL = EditorSettings(repo="local/shop")  # `etalase serve` without [editor]: the local folder is the repository


def configuration(shop: Shop, editor: EditorSettings) -> dict:
    """Sveltia CMS's configuration for this shop (config.yml), from the content model."""
    form = Form(shop)
    language = shop.language
    side = max(LONG_SIDE, shop.quality.min_photo_px)  # never below the build's minimum photo size
    return {
        "backend": {"name": "github", "repo": editor.repo, "branch": editor.branch},
        "site_url": shop.base_url,
        "display_url": shop.base_url,
        "app_title": words.label("app_title", language),
        "media_folder": "",  # photos beside each product's index.md
        "public_folder": "",
        # the build reads what the editor writes: no empty keys, and strings quoted so "no" stays text
        "output": {"omit_empty_optional_fields": True, "yaml": {"quote": "double"}},
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},  # the build's clean addresses
        "media_libraries": {"default": {"config": {"transformations": {
            "raster_image": {"format": "webp", "quality": WEBP_QUALITY, "width": side, "height": side},
        }}}},
        "collections": [
            {
                "name": "products", "label": words.label("collection.products", language),
                "label_singular": words.label("title", language),
                "folder": PRODUCTS_FOLDER, "path": "{{slug}}/index", "extension": "md", "format": "frontmatter",
                "media_folder": "", "public_folder": "", "create": True, "delete": True,
                "identifier_field": "title", "slug": "{{title}}",
                "summary": "{{title}}", "sortable_fields": ["title", "price", "updated"],
                "fields": form.products(),
            },
            {
                "name": "pages", "label": words.label("collection.pages", language),
                "folder": PAGES_FOLDER, "extension": "md", "format": "frontmatter", "create": True,
                "identifier_field": "title", "slug": "{{title}}",
                "fields": form.pages(),
            },
            {
                "name": "settings", "label": words.label("collection.settings", language),
                "files": [{"name": "shop", "label": words.label("file.shop", language), "file": CONFIG_NAME,
                           "format": "toml", "fields": form.settings()}],
            },
        ],
    }


def content_security_policy(meta: bool = False) -> str:
    """Exactly the editor's script (by its hash), the modules it loads for HEIC and WebP, its fonts and
    GitHub's API. `meta`: the form a <meta> element may carry (frame-ancestors works only as a header)."""
    modules = " ".join(sveltia.RUNTIME_MODULES)
    directives = [
        "default-src 'none'",
        f"script-src '{sveltia.INTEGRITY}' {modules} 'wasm-unsafe-eval'",
        "style-src 'unsafe-inline'",  # Svelte puts each component's style in the page
        f"img-src 'self' blob: data: https://avatars.githubusercontent.com",
        "media-src 'self' blob:",
        f"font-src {sveltia.FONTS}",
        f"connect-src 'self' blob: data: {sveltia.API} {modules}",
        "worker-src blob:",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    if not meta:
        directives.append("frame-ancestors 'none'")
    return "; ".join(directives)


def page(shop: Shop) -> bytes:
    """/admin/index.html: the editor's script, checked by its integrity hash, and nothing else."""
    title = html.escape(words.label("app_title", shop.language) + " – " + shop.title)
    return (
        "<!doctype html>\n"
        f'<html lang="{html.escape(shop.language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="robots" content="noindex, nofollow">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_attribute(content_security_policy(meta=True))}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n"
        '<link href="config.yml" type="application/yaml" rel="cms-config-url">\n'
        "</head>\n<body>\n"
        f'<script src="{sveltia.SCRIPT_URL}" integrity="{sveltia.INTEGRITY}" crossorigin="anonymous"></script>\n'
        "</body>\n</html>\n"
    ).encode()


def _attribute(text: str) -> str:
    """Text for a double-quoted attribute (its ' quotes stay readable)."""
    return html.escape(text, quote=False).replace('"', "&quot;")


def files(shop: Shop, editor: EditorSettings | None = None) -> dict[str, bytes]:
    """The /admin/ files for `editor` (default: the shop's [editor]); none without it."""
    editor = editor or shop.editor
    if editor is None:
        return {}
    text = yaml.safe_dump(configuration(shop, editor), allow_unicode=True, sort_keys=False, width=120)
    return {routes.ADMIN_PAGE: page(shop), routes.ADMIN_CONFIG: text.encode()}


def headers(base_path: str) -> str:
    """The _headers rule of /admin/: its own policy in place of the site's (`! …` detaches the site-wide
    header on Cloudflare Pages, which otherwise sends both and the browser applies the stricter), no indexing."""
    return "\n".join([
        "",
        f"{base_path}{routes.ADMIN}*",
        "  ! Content-Security-Policy",
        f"  Content-Security-Policy: {content_security_policy()}",
        "  X-Robots-Tag: noindex, nofollow",
        "  Cache-Control: no-cache",
        "",
    ])
