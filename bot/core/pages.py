"""Paging of long lists: one page of items with the numbers a keyboard needs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """Items of page `page` (0-based) out of `pages` (at least 1) holding `total` items."""

    items: list[T]
    page: int
    pages: int
    total: int


def page_bounds(total: int, page: int, per_page: int) -> tuple[int, int]:
    """The page to show (clamped, so a stale button lands on the last page) and the count.

    Returns (page, pages); the first item of the page is `page * per_page`.
    """
    if per_page < 1:
        raise ValueError(f"per_page must be at least 1, got {per_page}")
    pages = max(1, -(-total // per_page))
    return min(max(page, 0), pages - 1), pages
