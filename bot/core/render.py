"""Safe Telegram HTML: escaping of user text and the marker for text that is already safe."""

from __future__ import annotations

import html


class Html(str):
    """Text that is already valid Telegram HTML and must not be escaped again."""

    __slots__ = ()


def escape(value: object) -> Html:
    """Escape any value for Telegram's HTML parse mode (Html passes through unchanged)."""
    if isinstance(value, Html):
        return value
    return Html(html.escape(str(value), quote=False))


def bold(value: object) -> Html:
    return Html(f"<b>{escape(value)}</b>")
