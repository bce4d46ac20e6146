"""Lru: bounded, forgetting the least recently used entry first."""

from __future__ import annotations

import pytest

from bot.core.lru import Lru


def test_the_least_recently_used_entry_goes_first() -> None:
    cache: Lru[str, int] = Lru(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # now "b" is the oldest
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c"), len(cache)) == (1, None, 3, 2)
    cache.put("a", 10)  # replacing keeps the size
    assert (cache.get("a"), len(cache)) == (10, 2)


def test_a_size_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="size must be positive"):
        Lru[str, int](0)
