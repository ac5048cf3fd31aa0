"""Render every page of the site to bytes, in memory; nothing is written here."""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from .views import CategoryView, PageView, ProductView, SiteView

RECENT_ON_HOME = 8
FEED_ENTRIES = 30


@dataclass(frozen=True)
class RenderedPage:
    path: str  # inside the output folder, e.g. "products/kemeja/index.html"
    template: str
    html: str


class TemplateProblem(Exception):
    def __init__(self, template: str, line: int | None, message: str):
        self.template, self.line, self.message = template, line, message
        super().__init__(message)


def _render(env: jinja2.Environment, template_name: str, out_path: str, **context) -> RenderedPage:
    try:
        template = env.get_template(template_name)
        return RenderedPage(out_path, template_name, template.render(**context))
    except jinja2.TemplateSyntaxError as error:
        raise TemplateProblem(error.filename or template_name, error.lineno, f"template error: {error.message}") from None
    except jinja2.TemplateNotFound as error:
        raise TemplateProblem(template_name, None, f"template not found: {error.name}") from None
    except jinja2.UndefinedError as error:
        raise TemplateProblem(template_name, None, f"template uses something that does not exist: {error.message}") from None


def render_site(
    env: jinja2.Environment,
    site: SiteView,
    products: list[ProductView],
    categories: list[CategoryView],
    pages: list[PageView],
) -> list[RenderedPage]:
    """Home, catalog, one page per category, product and static page, and 404."""
    featured = [p for p in products if p.featured]
    new = sorted((p for p in products if p.is_new), key=lambda p: p.added_iso, reverse=True)
    # `products` arrives most recently updated first
    rendered = [
        _render(env, "home.html", "index.html", site=site, featured=featured, new=new, recent=products[:RECENT_ON_HOME], page_url=site.home_url),
        _render(env, "feed.xml", "feed.xml", site=site, products=products[:FEED_ENTRIES], page_url=None),
        _render(env, "catalog.html", "products/index.html", site=site, products=products, categories=categories, page_url=site.catalog_url),
        _render(env, "404.html", "404.html", site=site, page_url=None),
    ]
    for category in categories:
        rendered.append(_render(env, "category.html", f"category/{category.slug}/index.html", site=site, category=category, categories=categories, page_url=category.url))
    product_template = env.get_template("product.html")
    for product in products:
        try:
            html = product_template.render(site=site, product=product, page_url=product.url)
        except jinja2.UndefinedError as error:
            raise TemplateProblem("product.html", None, f"template uses something that does not exist: {error.message}") from None
        rendered.append(RenderedPage(f"products/{product.slug}/index.html", "product.html", html))
    for page in pages:
        rendered.append(_render(env, "page.html", f"{page.slug}/index.html", site=site, page=page, page_url=page.url))
    if _has_template(env, "cart.html"):  # themes without a cart have no cart page
        rendered.append(_render(env, "cart.html", "cart/index.html", site=site, products=products, page_url=site.home_url + "cart/"))
    return rendered


def _has_template(env: jinja2.Environment, name: str) -> bool:
    try:
        env.get_template(name)
    except jinja2.TemplateNotFound:
        return False
    return True
