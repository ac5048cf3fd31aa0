"""Included templates rendered once per build for each set of values they read.

A product's card is included in every list that shows it: the home page, its
category's pages and each of its tags' pages, in every order and filter (tens
of thousands of includes at 1,000 products). An included template whose output
depends only on the values it reads is rendered once per build for each set of
those values and its text reused. Which names it reads comes from its source
(and that of every template it includes); a call is served from the memo only
when each of those values is immutable: a frozen view (compared by identity,
and held by the memo so that no other object takes its identity), a string,
number, boolean or None, an undefined name, or the environment's own global.
Anything else (a loop, a namespace, a list) renders as usual. Templates that
extend, define blocks or macros, import, or include by a computed name are
never memoized. What a fragment reads that the build graph records
(RecordingEnvironment) is replayed on each reuse.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, Iterator

import jinja2
from jinja2.utils import missing

from .template_facts import facts_of

_PLAIN = (str, int, float, bool, type(None))
_CONTEXT_NAMES = {"self", "caller", "varargs", "kwargs"}  # what the template itself means: never a value to key on


def _is_frozen_view(value: Any) -> bool:
    params = getattr(type(value), "__dataclass_params__", None)
    return params is not None and params.frozen and dataclasses.is_dataclass(value)


class FragmentMemo:
    """One environment's memo: template name -> the names it reads (None: not a fragment), and the texts made."""

    def __init__(self, env: jinja2.Environment) -> None:
        self.env = env
        self._names: dict[str, tuple[str, ...] | None] = {}
        self._texts: dict[tuple, tuple[str, frozenset, tuple]] = {}

    def forget(self) -> None:
        """A new build: its views are new objects."""
        self._texts.clear()

    def names_read(self, name: str) -> tuple[str, ...] | None:
        if name not in self._names:
            self._names[name] = self._find_names(name)
        return self._names[name]

    def _find_names(self, name: str) -> tuple[str, ...] | None:
        names: set[str] = set()
        seen: set[str] = set()
        todo = [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            try:
                source, _, _ = self.env.loader.get_source(self.env, current)  # type: ignore[union-attr]
                facts = facts_of(self.env, current, source)
            except jinja2.TemplateError:  # missing (`ignore missing`) or broken: rendered as usual, which tells
                return None
            if not facts.fragment_ok or None in facts.referenced:
                return None
            todo += [str(template) for template in facts.referenced]
            names |= set(facts.names)
        if names & _CONTEXT_NAMES:
            return None
        return tuple(sorted(names))

    def key(self, name: str, names: tuple[str, ...], context: jinja2.runtime.Context) -> tuple[tuple, list] | None:
        """(the values the fragment reads, as a key; the views keyed by identity), or None when one of
        them could change under it."""
        key: list[Any] = [name]
        held = []
        globals_ = self.env.globals
        for variable in names:
            value = context.resolve_or_missing(variable)
            if value is missing:
                key.append(missing)
            elif isinstance(value, _PLAIN):
                key.append((type(value), value))
            elif _is_frozen_view(value):
                key.append(id(value))
                held.append(value)
            elif globals_.get(variable, missing) is value:
                key.append(variable)
            else:
                return None
        return tuple(key), held

    def render(self, name: str, render: Callable, context: jinja2.runtime.Context) -> Iterator[str]:
        names = self.names_read(name)
        keyed = self.key(name, names, context) if names is not None else None
        if keyed is None:
            yield from render(context)
            return
        key, held = keyed
        made = self._texts.get(key)
        recording = getattr(self.env, "recording", None)
        if made is None:
            # what the fragment itself reads, apart from what the page read before it: the next page needs all of it
            if recording is not None:
                self.env.recording = set()  # type: ignore[attr-defined]
            try:
                text = "".join(render(context))
                read = frozenset(self.env.recording or ())  # type: ignore[attr-defined]
            finally:
                if recording is not None:
                    self.env.recording = recording  # type: ignore[attr-defined]
            self._texts[key] = made = (text, read, tuple(held))  # held: no other object takes their ids meanwhile
        if recording is not None:
            recording.update(made[1])  # what the page read through the fragment, as if rendered here
        yield made[0]


class FragmentTemplate(jinja2.Template):
    """A template whose render, when included (or rendered) as a fragment, goes through its environment's memo."""

    @classmethod
    def _from_namespace(cls, environment, namespace, globals):  # type: ignore[override]
        template = super()._from_namespace(environment, namespace, globals)
        memo: FragmentMemo | None = getattr(environment, "fragments", None)
        # only fragments go through the memo: a page's template would pay a generator level for each piece of text
        if memo is not None and template.name is not None and memo.names_read(template.name) is not None:
            render, name = template.root_render_func, template.name

            def root_render_func(context: jinja2.runtime.Context) -> Iterator[str]:
                return memo.render(name, render, context)

            template.root_render_func = root_render_func  # type: ignore[method-assign]
        return template
