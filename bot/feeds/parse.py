"""Parsing fetched feed bytes (RSS 0.9x/1.0/2.0, Atom) into entries, off the event loop."""

from __future__ import annotations

import asyncio
import calendar
import html
import io
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any, Final

import feedparser

from bot.core.addresses import join_address, split_address
from bot.feeds.repair import clean_text, repair_encoding, repair_references
from bot.numbers import parse_natural

log = logging.getLogger(__name__)
HTML_TYPES = ("text/html", "application/xhtml+xml")
# How far into a body to look for an HTML page's start (XHTML pages open with a prolog).
HTML_SNIFF_BYTES = 1024
PROBLEM_LENGTH = 120


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One item of a feed; `published` is aware UTC, `summary_html` is sanitised HTML."""

    guid: str | None
    link: str | None
    title: str
    published: datetime | None
    summary_html: str


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A parsed feed, or why it is not usable (`problem`)."""

    title: str | None
    link: str | None
    entries: list[FeedEntry]
    ttl_minutes: int | None
    problem: str | None


# One thread for all parsing: feedparser is CPU-bound Python, and several such threads take the
# GIL from the event loop in turns (measured: over a second of loop lag with the default pool
# of six, against the 50 ms target); one thread leaves the loop every other turn.
_PARSER: Final = ThreadPoolExecutor(max_workers=1, thread_name_prefix="feed-parser")


async def parse_feed(body: bytes, url: str) -> ParsedFeed:
    """Parse in the parser thread: feedparser would stall the event loop."""
    return await asyncio.get_running_loop().run_in_executor(_PARSER, parse_sync, body, url)


def parse_sync(body: bytes, url: str) -> ParsedFeed:
    # A stream, never bare bytes: feedparser opens bytes that name an existing file as a path.
    # Given no URL it fetches nothing; it strips ENTITY declarations and its SAX parser does
    # not load external entities or DTDs. Content-Location makes relative links absolute;
    # application/xml makes the XML prolog's encoding authoritative (RFC 3023).
    headers = {"content-location": url, "content-type": "application/xml"}
    try:
        # Its HTML sanitizer is off: bot/feeds/content.py cleans with nh3 (allow-list) anyway,
        # and the sanitizer costs 40% of parsing. Relative links are still made absolute.
        result = feedparser.parse(
            io.BytesIO(repair_references(repair_encoding(body))),
            response_headers=headers,
            sanitize_html=False,
        )
    except Exception as exc:  # feedparser is lenient, but a feed must never stop the poller
        return unusable(f"malformed feed: unexpected {type(exc).__name__}")
    version = result.get("version") or ""
    entries = result.get("entries") or []
    bozo = bool(result.get("bozo"))
    # Bozo with a known version and entries is usually a recoverable glitch (a stray "&", a
    # wrong declared encoding): city portals produce those often, and the entries are fine.
    if version and (entries or not bozo):
        return parsed(result.get("feed") or {}, entries, url)
    if not body.strip():
        return unusable("not a feed (empty response)")
    if looks_like_html(body):
        return unusable("not a feed (an HTML page?)")
    if bozo:
        return unusable(f"malformed feed: {short_reason(result.get('bozo_exception'))}")
    return unusable("not a feed (no RSS or Atom document)")


def looks_like_html(body: bytes) -> bool:
    """An HTML page served where a feed used to be; asked only when feedparser found no feed."""
    head = body[:HTML_SNIFF_BYTES].lower()
    return b"<html" in head or b"<!doctype html" in head


def unusable(problem: str) -> ParsedFeed:
    return ParsedFeed(title=None, link=None, entries=[], ttl_minutes=None, problem=problem)


def parsed(feed: Any, entries: list[Any], url: str) -> ParsedFeed:
    return ParsedFeed(
        title=plain_text(feed.get("title")) or None,
        link=absolute_link(feed.get("link"), url),
        entries=[entry for entry in map(lambda e: safe_entry(e, url), entries) if entry],
        ttl_minutes=ttl_of(feed.get("ttl")),
        problem=None,
    )


def safe_entry(entry: Any, url: str) -> FeedEntry | None:
    """The entry, or None when it cannot be read: one bad item never blocks the others."""
    try:
        return entry_of(entry, url)
    except Exception:  # feedparser hands back odd shapes for broken items
        log.warning("skipping an unreadable entry of %s", url, exc_info=True)
        return None


def entry_of(entry: Any, url: str) -> FeedEntry:
    guid = entry.get("id")
    return FeedEntry(
        guid=clean_text(guid).strip() or None if isinstance(guid, str) else None,
        link=absolute_link(entry.get("link"), url),
        title=plain_text(entry.get("title")),
        published=published_of(entry),
        summary_html=summary_of(entry),
    )


def summary_of(entry: Any) -> str:
    """content:encoded or Atom content when present (HTML preferred), else the summary."""
    contents = [c for c in entry.get("content") or [] if c.get("value")]
    chosen = next((c for c in contents if c.get("type") in HTML_TYPES), None)
    if chosen is None and contents:
        chosen = contents[0]
    if chosen is not None:
        return as_html(chosen.get("value"), chosen.get("type"))
    detail = entry.get("summary_detail") or {}
    return as_html(entry.get("summary"), detail.get("type", "text/html"))


def as_html(value: Any, content_type: Any) -> str:
    if not isinstance(value, str):
        return ""
    # feedparser has already sanitised HTML; plain text must be escaped to become HTML.
    value = clean_text(value).strip()
    return value if content_type in HTML_TYPES else html.escape(value, quote=False)


def published_of(entry: Any) -> datetime | None:
    """published, else updated; feedparser's *_parsed tuples are already UTC."""
    moment = entry.get("published_parsed") or entry.get("updated_parsed")
    if moment is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(moment), UTC)
    except (TypeError, ValueError, OverflowError):
        return None


def absolute_link(link: Any, base: str) -> str | None:
    """An absolute http(s) link, or None (javascript:, mailto: and the like are dropped)."""
    if not isinstance(link, str) or not link.strip():
        return None
    absolute = join_address(base, link.strip())
    parts = None if absolute is None else split_address(absolute)
    return absolute if parts is not None and parts.scheme in ("http", "https") else None


def ttl_of(value: Any) -> int | None:
    text = value.strip() if isinstance(value, str) else ""
    minutes = parse_natural(text, max_digits=9)
    return minutes if minutes else None


def short_reason(exc: Any) -> str:
    """feedparser's bozo_exception in one short line."""
    if exc is None:
        return "unknown error"
    if hasattr(exc, "getMessage") and hasattr(exc, "getLineNumber"):
        reason = f"{exc.getMessage()} (line {exc.getLineNumber()})"
    else:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return reason if len(reason) <= PROBLEM_LENGTH else reason[: PROBLEM_LENGTH - 1] + "…"


class TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment: tags removed, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def plain_text(value: Any) -> str:
    """Titles: tags removed (portals often put HTML in them), entities decoded, one line."""
    if not isinstance(value, str):
        return ""
    extractor = TextExtractor()
    extractor.feed(value)
    extractor.close()
    # Double-encoded titles ("&amp;quot;") survive feedparser's own decoding once.
    return " ".join(clean_text(html.unescape("".join(extractor.parts))).split())
