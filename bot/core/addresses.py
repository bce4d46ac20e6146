"""Web addresses from outside split and joined without raising (urlsplit refuses '[x')."""

from __future__ import annotations

from urllib.parse import SplitResult, urljoin, urlsplit


def split_address(text: str) -> SplitResult | None:
    """urlsplit, or None where it raises: a '[' or ']' outside a valid IPv6 host, a bad port
    is only noticed later (`.port`), so callers that need the port must still guard it."""
    try:
        return urlsplit(text)
    except ValueError:  # "Invalid IPv6 URL", and NFKC-normalised netloc characters
        return None


def join_address(base: str, link: str) -> str | None:
    """urljoin, or None where either part cannot be split."""
    try:
        return urljoin(base, link)
    except ValueError:
        return None
