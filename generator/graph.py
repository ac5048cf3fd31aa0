"""The build graph: every output remembers the content hashes of what it was made from.

A page's key is the digest of its template (with everything it extends,
includes and imports, and the translations it speaks) and of the values it was
given. Values that one product's edit would change for every page, such as a
category's product list, are not part of the key unless the page read them:
reads of `CategoryView.products` and `.count` are recorded while the page
renders (as Lektor records dependencies while reading), and the next build
compares their digests too. The records are plain data, persisted in
`.etalase-cache/`: the next `etalase build` or `etalase serve` renders again
exactly the outputs whose key changed. Keys are content hashes, never object
identity; `tests/test_incremental.py` proves an incremental build is
byte-identical to a clean one.
"""

from __future__ import annotations

import functools
import hashlib
import operator
from dataclasses import dataclass
from typing import Any, Iterable

import jinja2

from .fragments import FragmentMemo, FragmentTemplate
from .memo import GenerationalMemo
from .template_facts import facts_of
from .outputs.listing import PlannedListing
from .views import FIELD, VIEW_FIELD_NAMES, WHOLE, CategoryView, ProductView, SiteView, reads_recorded


def _hash(*parts: str) -> str:
    # each part followed by a NUL, encoded and hashed in one go (a build of 1,000 products hashes 10,000 of these)
    text = "\0".join(parts) + "\0" if parts else ""  # no parts: the digest of nothing, as when they were hashed one by one
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def parts_digest(*parts: str) -> str:
    """The digest of strings taken in order (as the page keys' parts are)."""
    return _hash(*parts)


def product_view_hasher(view_repr: str) -> "hashlib._Hash":
    """The hash of a product view's digest fed with all but its category: a view's repr is kilobytes, its category's
    digest a few bytes, so a view kept between builds (the preview's) is not hashed again in full for each build."""
    return hashlib.blake2b(f"ProductView\0{view_repr}\0".encode("utf-8", "surrogatepass"), digest_size=16)


def _product_view_digest(hasher: "hashlib._Hash", category_digest: str) -> str:
    """_hash("ProductView", view's repr, category's digest), from product_view_hasher's hash of the first two."""
    completed = hasher.copy()
    completed.update(f"{category_digest}\0".encode("utf-8", "surrogatepass"))
    return completed.hexdigest()


# What a page read beyond the values it was given: (kind, category slug), or (FIELD, a product view's field name)
Dependency = tuple[str, str]
PRODUCTS, COUNT = "category-products", "category-count"
# (FIELD, name): a page given lists of product views is keyed by the fields of them it read (PageGraph.key);
# (FIELD, WHOLE): it used a view whole (made text of it, gave it to a filter): it depends on all of it


@dataclass(frozen=True)
class OutputRecord:
    """What one output was made from, as the last build saw it."""

    key: str  # template and values
    dependencies: tuple[Dependency, ...]  # read while rendering
    dependencies_digest: str
    content: str  # digest of the bytes written
    # A list page's: the digest of its whole list and of all else its key is made from (outputs/pages.ListOf);
    # while a build's list has this digest, each of its pages has the key recorded here, not digested again
    group: str = ""
    # A page given lists of product views (list pages, home, feed, cart): the fields of them it read (sorted),
    # which its key is made from; None: all of them
    fields: tuple[str, ...] | None = None


_ABSENT = "(absent)"  # a field name a template asked for that a view does not have

# Digested once a build, by object (the build's views and lists are not changed once the pages are planned)
_BY_OBJECT = (ProductView, SiteView, PlannedListing, CategoryView, list)


class Digester:
    """Content digests of template values, each computed once per build.

    Product views appear on many pages (lists, home, feed), the list of categories
    on hundreds of list pages: the digest of a view or a list is remembered for
    the build, by object, while the object is alive (the build's own views and
    lists, which it does not change once the pages are planned); nothing of it
    outlives the build.
    """

    def __init__(self, categories: Iterable[CategoryView] = (), hashers: "dict[int, tuple[ProductView, hashlib._Hash]] | None" = None,
                 remembered: "GenerationalMemo | None" = None) -> None:
        self._known: dict[int, tuple[Any, str]] = {}
        # id -> (product view, product_view_hasher of its repr) the caller already has (the preview keeps them)
        self._hashers = hashers or {}
        self.categories = {category.slug: category for category in categories}
        self._dependencies: dict[Dependency, str] = {}
        # id of a tuple of fields -> (it, id of a view -> (the view, its digest by them), their getter)
        self._fields: dict[int, tuple[tuple[str, ...], dict[int, tuple[ProductView, str]], Any]] = {}
        self._remembered = remembered  # (a view's digest, fields) -> their digest, kept between builds (the preview's)

    def of(self, value: Any) -> str:
        if isinstance(value, _BY_OBJECT):
            known = self._known.get(id(value))
            if known is not None and known[0] is value:
                return known[1]
            if isinstance(value, PlannedListing):  # its repr leaves its products out: each has its own digest
                digest = _hash("PlannedListing", repr(value), self.of(value.products))
            elif isinstance(value, ProductView):  # its repr leaves its category out, a new object each build
                known_hasher = self._hashers.get(id(value))
                hasher = known_hasher[1] if known_hasher is not None and known_hasher[0] is value else product_view_hasher(repr(value))
                digest = _product_view_digest(hasher, self.of(value.category))
            elif isinstance(value, CategoryView):  # a small view: its repr (its products left out) is its content
                digest = repr(value)
            elif isinstance(value, list):  # the same list (the categories) is given to hundreds of list pages
                known, of = self._known.get, self.of  # mostly views digested already (a list page's products): looked up here
                digest = _hash("list", *[hit[1] if (hit := known(id(item))) is not None and hit[0] is item else of(item) for item in value])
            else:
                digest = _hash(type(value).__name__, repr(value))
            self._known[id(value)] = (value, digest)
            return digest
        if isinstance(value, tuple):
            return _hash("list", *map(self.of, value))
        if isinstance(value, dict):
            return _hash("dict", *(f"{key!r}={self.of(item)}" for key, item in value.items()))
        # Strings (Markup too), numbers, dates, None and the small views (links, photos, categories without
        # their products): repr is their content.
        return repr(value)

    def context(self, values: dict, fields: tuple[str, ...] | None = None) -> str:
        """The digest of a page's values; with `fields`, the product views in its lists by those fields alone."""
        if fields is None:
            return _hash(*(f"{name}={self.of(value)}" for name, value in sorted(values.items())))
        return _hash("fields", *fields, "", *(f"{name}={self._listed(value, fields)}" for name, value in sorted(values.items())))

    def _listed(self, value: Any, fields: tuple[str, ...]) -> str:
        if type(value) in (list, tuple) and any(type(item) is ProductView for item in value):
            return _hash("list", *(self.fields_of(item, fields) if type(item) is ProductView else self.of(item) for item in value))
        return self.of(value)

    def dependency(self, dependency: Dependency) -> str:
        if dependency not in self._dependencies:
            kind, slug = dependency
            category = self.categories.get(slug)
            if category is None:
                digest = "absent"
            elif kind == COUNT:
                digest = str(len(category.products))
            else:
                digest = self.of(category.products)
            self._dependencies[dependency] = digest
        return self._dependencies[dependency]

    def dependencies(self, dependencies: Iterable[Dependency]) -> str:
        return _hash(*(f"{kind}:{slug}:{self.dependency((kind, slug))}" for kind, slug in dependencies))

    def fields_of(self, view: ProductView, fields: tuple[str, ...]) -> str:
        """The digest of a product view's `fields` (and its slug, which says which product it is): what a list
        page's card of it is made from. Once a build for each view and set of fields (a set is one tuple: the
        graph gives its pages' records one tuple for each)."""
        known = self._fields.get(id(fields))
        if known is None or known[0] is not fields:
            known = self._fields[id(fields)] = (fields, {}, operator.attrgetter(*fields) if fields else (lambda view: ()))
        _, digests, values_of = known
        found = digests.get(id(view))
        if found is not None and found[0] is view:
            return found[1]
        remembered = self._remembered
        if remembered is not None:  # the preview's, by the view's whole digest: a view it kept is not read again
            whole = (self.of(view), fields)
            digest = remembered.get(whole)
            if digest is None:
                digest = remembered.put(whole, self._fields_digest(view, fields, values_of))
        else:
            digest = self._fields_digest(view, fields, values_of)
        digests[id(view)] = (view, digest)
        return digest

    def fields_of_all(self, views: list[ProductView], fields: tuple[str, ...]) -> list[str]:
        """fields_of of each view: a list's digest by what its pages read (most views' digests made already)."""
        known = self._fields.get(id(fields))
        digests = known[1] if known is not None and known[0] is fields else {}
        hits = [digests.get(id(view)) for view in views]
        return [hit[1] if hit is not None and hit[0] is view else self.fields_of(view, fields) for hit, view in zip(hits, views)]

    @staticmethod
    def _fields_digest(view: ProductView, fields: tuple[str, ...], values_of: Any) -> str:
        try:  # the values' reprs are their content, as `of` takes them (the small views', the lists')
            values = values_of(view)
        except AttributeError:  # a name the view does not have, which a template asked for
            values = tuple(getattr(view, name, _ABSENT) for name in fields)
        return _hash("ProductFields", view.slug, repr(values if len(fields) != 1 else (values,)))


# Filters and tests that take a product view (or a list of them) without reading it whole: the fields they read
# (`attribute=`) go through the environment's getitem, which records them. Any other filter or test given a view,
# or a list of views to the filters that turn each into text or compare them, depends on all of the view.
_LIST_READERS = frozenset({"attr", "length", "count", "first", "last", "list", "batch", "slice", "reverse", "random", "select", "reject",
                           "selectattr", "rejectattr", "map", "groupby", "sum", "default", "d"})
_VIEW_READERS = frozenset({"attr", "default", "d"})  # attr reads through getattr (Jinja 3.1.6)
_VIEW_TESTS = frozenset({"defined", "undefined", "none", "sameas"})


_CATEGORY_OWN = frozenset({"name", "slug", "url"})  # what a category view holds besides its products


def _view_in(values: Iterable[Any]) -> bool:
    return any(type(value) is ProductView for value in values)


class RecordingEnvironment(jinja2.Environment):
    """A Jinja environment that notes what a page reads beyond the values it was given.

    `category.products` (every product of a category) and `category.count`
    change with edits to other products; a page depends on them only when it
    reads them. The fields of product views a page reads are noted too: a list
    page shows a few fields of each product (its card), and its key is made of
    those alone, so that a product's description edited does not render every
    list it is in again. Reads through `.`, `[]` and the filters' `attribute=`
    and `attr` are noted; a view printed, or given to another filter or test,
    counts as read whole (WHOLE). Recording happens while `recording` holds a set.
    """

    _recording: set[Dependency] | None = None
    # What the compiled code of its templates is like (the finalize hook is in it): compiled templates are kept in a
    # folder named with it, so that none compiled for another form is loaded (Jinja's cache knows only the source)
    compiled_form = "finalize-1"
    template_class = FragmentTemplate  # included fragments (a product's card) rendered once a build: fragments.py

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.fragments = FragmentMemo(self)  # before the parent's init: templates compiled from now on use it
        kwargs["finalize"] = self._finalize  # each {{ value }}: a view printed is read whole
        super().__init__(*args, **kwargs)
        self.filters = {name: self._watched(name, function, _VIEW_READERS, _LIST_READERS) for name, function in self.filters.items()}
        self.tests = {name: self._watched(name, function, _VIEW_TESTS, _VIEW_TESTS) for name, function in self.tests.items()}

    @property
    def recording(self) -> set[Dependency] | None:
        return self._recording

    @recording.setter
    def recording(self, value: set[Dependency] | None) -> None:
        self._recording = value
        reads_recorded.set(value)  # a view's repr notes itself read whole into it (views.py)

    def getattr(self, obj: Any, attribute: str) -> Any:
        # every `a.b` of every template comes here (1.4 million a build of 1,000 products with variants):
        # Jinja's own first step inline, its fallback (obj[attribute], else undefined) only when that fails
        recording = self._recording
        if recording is not None:
            kind = type(obj)
            if kind is ProductView:  # a name that is no field (__dict__, a method) may reach every field
                recording.add((FIELD, attribute if attribute in VIEW_FIELD_NAMES else WHOLE))
            elif kind is CategoryView:
                self._note(obj, attribute)
        try:
            return getattr(obj, attribute)
        except AttributeError:
            return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        recording = self._recording
        if recording is not None and isinstance(argument, str):
            kind = type(obj)
            if kind is ProductView:
                recording.add((FIELD, argument if argument in VIEW_FIELD_NAMES else WHOLE))
            elif kind is CategoryView:
                self._note(obj, argument)
        return super().getitem(obj, argument)

    def _note(self, category: CategoryView, attribute: str) -> None:
        assert self._recording is not None
        if attribute == "count":
            self._recording.add((COUNT, category.slug))
        elif attribute not in _CATEGORY_OWN:  # its products, or a name (__dict__) that may reach them
            self._recording.add((PRODUCTS, category.slug))

    def _finalize(self, value: Any) -> Any:
        if type(value) is ProductView and self._recording is not None:
            self._recording.add((FIELD, WHOLE))
        return value

    def _watched(self, name: str, function: Any, view_readers: frozenset, list_readers: frozenset) -> Any:
        """`function` (a filter or test), noting a product view it is given as read whole, unless it is one of
        `view_readers` (a view) or `list_readers` (a list or tuple of views)."""
        if name in view_readers and name in list_readers:
            return function

        @functools.wraps(function)  # with Jinja's mark of what it is passed first (context, environment)
        def watched(*args: Any, **kwargs: Any) -> Any:
            if self._recording is not None and self._reads_whole(name, view_readers, list_readers, (*args, *kwargs.values())):
                self._recording.add((FIELD, WHOLE))
            return function(*args, **kwargs)

        return watched

    @staticmethod
    def _reads_whole(name: str, view_readers: frozenset, list_readers: frozenset, values: tuple) -> bool:
        for value in values:
            kind = type(value)
            if kind is ProductView and name not in view_readers:
                return True
            if kind in (list, tuple) and name not in list_readers and _view_in(value):
                return True
            if kind is dict and _view_in(value.values()):
                return True
        return False


class TemplateDigests:
    """The digest of a template and of every template it extends, includes or imports (by content).

    A template name computed at render time cannot be followed: such a
    template depends on every template of the theme.
    """

    def __init__(self, env: jinja2.Environment, extra: str = "") -> None:
        self.env = env
        self.extra = extra  # what else every template depends on (the translations it speaks)
        self._digests: dict[str, str] = {}
        self._sources: dict[str, tuple[str, tuple]] = {}  # name -> (source digest, names it refers to)

    def _source(self, name: str) -> tuple[str, tuple]:
        if name not in self._sources:
            source, _, _ = self.env.loader.get_source(self.env, name)  # type: ignore[union-attr]
            self._sources[name] = (_hash(name, source), facts_of(self.env, name, source).referenced)
        return self._sources[name]

    def of(self, name: str) -> str:
        if name not in self._digests:
            seen: dict[str, str] = {}
            todo = [name]
            while todo:
                current = todo.pop()
                if current in seen:
                    continue
                seen[current], referenced = self._source(current)
                if None in referenced:
                    seen = {template: self._source(template)[0] for template in self.env.list_templates()}
                    break
                todo.extend(referenced)
            self._digests[name] = _hash(self.extra, *(f"{n}:{d}" for n, d in sorted(seen.items())))
        return self._digests[name]


def content_digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()
