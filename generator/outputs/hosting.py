"""Files static hosts and search engines read: sitemap, robots.txt, headers, redirects, CNAME.

`_headers` and `_redirects` follow the Netlify / Cloudflare Pages format. GitHub
Pages ignores them, so every old product address also gets a small
forwarding page, and `.nojekyll` stops Jekyll from hiding files.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"

@dataclass(frozen=True)
class SitemapEntry:
    url: str  # absolute
    lastmod: dt.date


def sitemap(entries: list[SitemapEntry]) -> bytes:
    """The sitemap (at least the home page and the catalog are in it). Written out as text, byte for byte what
    ElementTree makes of it (tests/test_sitemap.py holds it to that): its tree of 3,000 pages took 28 ms a build."""
    urls = "".join(f"<url><loc>{html.escape(entry.url, quote=False)}</loc><lastmod>{entry.lastmod.isoformat()}</lastmod></url>"
                   for entry in entries)
    return f"<?xml version='1.0' encoding='utf-8'?>\n<urlset xmlns=\"{SITEMAP_NS}\">{urls}</urlset>\n".encode()


def robots(base_url: str, hidden: tuple[str, ...] = ()) -> bytes:
    """Everything may be crawled but `hidden` (site paths such as "/admin/": the seller's editor)."""
    refused = "".join(f"Disallow: {path}\n" for path in hidden)
    return f"User-agent: *\n{refused}Allow: /\n\nSitemap: {base_url}sitemap.xml\n".encode()


def headers(base_path: str, content_security_policy: str, extra: str = "") -> bytes:
    """Security headers everywhere; hashed assets and photos cached for a year; `extra` rules after them.

    The policy is the theme's (theme.toml): what its templates and scripts need."""
    forever = "Cache-Control: public, max-age=31536000, immutable"
    lines = [
        f"{base_path}*",
        f"  Content-Security-Policy: {content_security_policy}",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: strict-origin-when-cross-origin",
        "  Permissions-Policy: camera=(), microphone=(), geolocation=(), interest-cohort=()",
        "  X-Frame-Options: DENY",
        "",
        f"{base_path}assets/*",
        f"  {forever}",
        "",
        f"{base_path}photos/*",
        f"  {forever}",
        "",
    ]
    return ("\n".join(lines) + extra).encode()


def redirects(moves: list[tuple[str, str]]) -> bytes:
    return "".join(f"{old} {new} 301\n" for old, new in moves).encode()


def forwarding_page(target_url: str, title: str, language: str) -> bytes:
    """For hosts without _redirects (GitHub Pages): a page that sends browsers and search engines on."""
    url = html.escape(target_url, quote=True)
    name = html.escape(title)
    return (
        f'<!doctype html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{name}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={url}">\n'
        f'<link rel="canonical" href="{url}">\n<meta name="robots" content="noindex">\n'
        f'</head>\n<body>\n<p><a href="{url}">{name}</a></p>\n</body>\n</html>\n'
    ).encode()
