"""graph.Digester: the digest of a template value, each view and list digested once a build."""

from __future__ import annotations

from generator.graph import Digester
from generator.views import CategoryView


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
