"""A cache that forgets what the last build did not use.

Each build starts a new generation; entries read or written during it are
kept, the rest are dropped at `finish()`. A preview server that rebuilds on
every save (500 edits in a row) so keeps one generation's worth of entries,
never an ever-growing pile.
"""

from __future__ import annotations

from typing import Any, Hashable


_NO_CONTEXT = object()
_MISSING = object()


class _Hashed:
    """A key whose hash is computed once: a tuple's is not kept, and each dict step (look in this generation,
    take from the last, put in this one) would hash the products and photos in it again."""

    __slots__ = ("key", "hash")

    def __init__(self, key: Hashable) -> None:
        self.key = key
        self.hash = hash(key)

    def __hash__(self) -> int:
        return self.hash

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Hashed) and self.key == other.key


class GenerationalMemo:
    def __init__(self) -> None:
        self._old: dict[Hashable, Any] = {}
        self._new: dict[Hashable, Any] = {}
        self._context: Any = _NO_CONTEXT

    def within(self, context: Hashable) -> "GenerationalMemo":
        """Itself, emptied first when `context` (the shop.toml read, the day) is not the one of its last use: an
        entry is never taken in another context, and the context is compared once a build instead of being
        hashed into every key (a Shop's hash, once a product, was a tenth of the preview's rebuild)."""
        if context is not self._context and context != self._context:  # a Shop's == compares every field, itself too
            self._old, self._new, self._context = {}, {}, context
        return self

    def get(self, key: Hashable) -> Any | None:
        key = _Hashed(key)
        value = self._new.get(key, _MISSING)
        if value is _MISSING:
            value = self._old.pop(key, _MISSING)
            if value is _MISSING:
                return None
            self._new[key] = value
        return value

    def put(self, key: Hashable, value: Any) -> Any:
        self._new[_Hashed(key)] = value
        return value

    def finish(self) -> None:
        """End a build: only what it used survives."""
        self._old, self._new = self._new, {}

    def __len__(self) -> int:
        return len(self._old) + len(self._new)
