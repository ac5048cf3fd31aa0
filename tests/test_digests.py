"""graph.Digester: the digest of a template value, each view and list digested once a build."""

from __future__ import annotations

from generator.graph import Digester
from generator.views import CategoryView
from tests.helpers import make_shop


class CountedCategory(CategoryView):
    """A category view that counts how often its repr (its digest) is made."""

    made = 0

    def __repr__(self) -> str:
        type(self).made += 1
        return super().__repr__()


def test_the_list_of_categories_is_digested_once_for_every_page_that_gets_it():
    categories = [CountedCategory("Batik", "batik", "/category/batik/"), CountedCategory("Tenun", "tenun", "/category/tenun/")]
    digester = Digester(categories)
    CountedCategory.made = 0
    first = digester.context({"categories": categories, "page_url": "/catalog/"})
    second = digester.context({"categories": categories, "page_url": "/catalog/page/2/"})
    assert first != second
    assert CountedCategory.made == 2  # each category once, not once a page


def test_the_digest_is_the_content_not_the_object():
    made = [CategoryView("Batik", "batik", "/category/batik/")]
    again = [CategoryView("Batik", "batik", "/category/batik/")]
    other = [CategoryView("Batik Tulis", "batik", "/category/batik/")]
    assert Digester().of(made) == Digester().of(again)
    assert Digester().of(made) != Digester().of(other)
    assert Digester().of(made) != Digester().of(made + made)


def test_a_product_view_digested_from_its_kept_hash_is_digested_as_from_its_repr(tmp_path):
    # The preview keeps each view's repr hashed (graph.product_view_hasher): the digest must not depend on that
    from generator.graph import product_view_hasher
    from tests.test_preview import LARGER, preview_of

    shop = make_shop(tmp_path / "shop", LARGER)
    preview = preview_of(shop)
    preview.rebuild()
    assert preview.builder.edit_context is not None
    views = [view for category in preview.builder.edit_context.categories.values() for view in category.products]
    assert len(views) >= 13
    hashers = {id(view): (view, product_view_hasher(repr(view))) for view in views}
    assert [Digester(hashers=hashers).of(view) for view in views] == [Digester().of(view) for view in views]
    assert len({Digester().of(view) for view in views}) == len(views)


def test_a_view_with_another_category_is_the_view_with_only_that_changed(tmp_path):
    from dataclasses import fields, replace

    from generator.views import with_category
    from tests.test_preview import LARGER, preview_of

    preview = preview_of(make_shop(tmp_path / "shop", LARGER))
    preview.rebuild()
    assert preview.builder.edit_context is not None
    view = next(view for category in preview.builder.edit_context.categories.values() for view in category.products)
    other = CategoryView("Lain", "lain", "/category/lain/")
    moved = with_category(view, other)
    assert moved.category is other and moved == replace(view, category=other)
    assert all(getattr(moved, f.name) is getattr(view, f.name) for f in fields(view) if f.name != "category")
