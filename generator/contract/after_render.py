"""Checks on the rendered site: what the theme must never drop.

Every page must let a shopper reach the seller (every contact link) and find
the privacy policy. A theme or template override that drops them fails the
build, naming the template to fix.
"""

from __future__ import annotations

import html
import re

from ..errors import Problem
from ..outputs.pages import RenderedPage
from ..views import SiteView

_HREF = re.compile(r"""<a\s[^>]*?href\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


def links_on(page_html: str) -> set[str]:
    return {html.unescape(href) for href in _HREF.findall(page_html)}


def check_pages(pages: list[RenderedPage], site: SiteView) -> list[Problem]:
    """A problem for every page that lacks a required link, its path the template's name (the build
    says where that template lives)."""
    required = {link.href: f"the {link.kind} contact link ({link.href})" for link in site.contact_links}
    required[site.privacy_url] = f"a link to the privacy page ({site.privacy_url})"
    problems = []
    for page in pages:
        if not page.path.endswith(".html"):
            continue  # feeds and other data files are not pages a shopper reads
        present = links_on(page.html)
        for href, what in required.items():
            if href not in present:
                problems.append(Problem(page.template, None, f"{page.path} lacks {what}: every page must show it, add it back to the template",
                                        kind="contract"))
    return problems
