"""The route table holds every output path of the site and the names a seller's file may not take."""

from __future__ import annotations

from generator import routes
from generator.contract.before_render import PAGE_RESERVED, PRODUCT_RESERVED
from tests.helpers import built_demo


def test_every_file_of_the_demo_is_a_route(tmp_path):
    shop = built_demo(tmp_path / "demo")
    files = [path.relative_to(shop / "public").as_posix() for path in (shop / "public").rglob("*") if path.is_file()]
    unknown = [path for path in files if path != ".etalase-site" and routes.kind_of(path) is None]
    assert unknown == []
    kinds = {routes.kind_of(path) for path in files}
    assert {"home", "product", "catalog", "category", "tag", "page", "cart", "search", "photo", "asset", "icon", "feed",
            "catalog.json", "hosting", "search index", "not found"} <= kinds


def test_kinds_of_paths():
    assert routes.kind_of("en/products/kemeja/index.html") == "product"
    assert routes.kind_of("products/by/price-asc/page/2/index.html") == "catalog"
    assert routes.kind_of("category/batik/available/index.html") == "category"
    assert routes.kind_of("privacy/index.html") == "page"
    assert routes.kind_of("products/kemeja/extra.html") is None
    assert routes.kind_of("secret.txt") is None


def test_reserved_names_are_the_routes_own():
    """A page may not take a top-level folder a route writes into; a product not a list's variant folder."""
    assert PAGE_RESERVED == routes.TOP_LEVEL
    assert {"products", "category", "tag", "cart", "search", "pagefind", "photos", "assets", "icons", "en", "id"} <= set(PAGE_RESERVED)
    assert PRODUCT_RESERVED == routes.LIST_VARIANT_NAMES == ("page", "by", "available")
    assert routes.kind_of(routes.output_path(routes.page("products"))) == "catalog"  # a page called so would overwrite it
