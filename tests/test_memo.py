"""GenerationalMemo: what a build did not use is forgotten, a key is hashed once a lookup."""

from __future__ import annotations

from generator.memo import GenerationalMemo


class CountedKey:
    """A key that counts how often it is hashed (a tuple of products and photos is not cheap to hash)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.hashed = 0

    def __hash__(self) -> int:
        self.hashed += 1
        return hash(self.name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CountedKey) and other.name == self.name


def test_an_entry_lives_while_builds_use_it():
    memo = GenerationalMemo()
    memo.put("a", 1)
    memo.put("b", 2)
    memo.finish()
    assert memo.get("a") == 1  # used by this build: kept
    memo.finish()
    assert memo.get("a") == 1
    assert memo.get("b") is None  # not used by the last build: forgotten
    assert len(memo) == 1


def test_a_key_is_hashed_once_a_lookup_however_old_its_entry():
    memo = GenerationalMemo()
    key = CountedKey("kaos")
    memo.put(key, "view")
    assert key.hashed == 1
    memo.finish()
    key.hashed = 0
    assert memo.get(key) == "view"  # from the last generation, moved to this one
    assert key.hashed == 1
    key.hashed = 0
    assert memo.get(key) == "view"  # in this generation
    assert key.hashed == 1
    key.hashed = 0
    assert memo.get(CountedKey("kemeja")) is None


def test_another_context_empties_it():
    memo = GenerationalMemo()
    memo.within("shop 1").put("a", 1)
    assert memo.within("shop 1").get("a") == 1
    assert memo.within("shop 2").get("a") is None
