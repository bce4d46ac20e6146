"""The demo's own RSS feed, served by the demo process; a button adds an item to it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path

FEED_PATH = "/demo/feed.xml"
NEWS_PATH = "demo/news"
# Items a city portal for NGOs might carry; the page adds them one by one, then numbers repeats.
STORIES = (
    ("Nabór do Rady Działalności Pożytku Publicznego", "Organizacje mogą zgłaszać kandydatów."),
    ("Bezpłatne porady prawne dla NGO", "Dyżur prawnika w każdy czwartek w Centrum Obywatelskim."),
    (
        "Nowy wzór sprawozdania z realizacji zadania",
        "Od przyszłego miesiąca obowiązuje nowy wzór.",
    ),
    ("Spotkanie sieciujące organizacji senioralnych", "Zapraszamy do Centrum Kultury Podgórza."),
)
START_ITEMS = 2  # already there when the bot first reads the feed, so not announced


@dataclass(frozen=True, slots=True)
class FeedItem:
    guid: str
    title: str
    summary: str
    published: str  # ISO 8601, UTC


class DemoFeed:
    """Items kept in the demo folder; `rss()` is the feed the bot polls."""

    def __init__(self, folder: Path, link: str) -> None:
        self._file = folder / "feed.json"
        self._link = link
        self.items: list[FeedItem] = []
        if self._file.exists():
            self.items = [FeedItem(**raw) for raw in json.loads(self._file.read_text())]
        while len(self.items) < START_ITEMS:
            self.add_item()

    def add_item(self) -> FeedItem:
        number = len(self.items)
        title, summary = STORIES[number % len(STORIES)]
        if number >= len(STORIES):
            title = f"{title} ({number // len(STORIES) + 1})"
        item = FeedItem(f"demo-{number + 1}", title, summary, datetime.now(UTC).isoformat())
        self.items.append(item)
        self._file.write_text(json.dumps([asdict(i) for i in self.items], ensure_ascii=False))
        return item

    def item_link(self, item: FeedItem) -> str:
        # A path of its own: the bot tells items apart by link without its #fragment.
        return f"{self._link}{NEWS_PATH}/{item.guid}"

    def find(self, guid: str) -> FeedItem | None:
        return next((item for item in self.items if item.guid == guid), None)

    def page(self, item: FeedItem) -> str:
        """The item's own page, as the portal would have it."""
        return (
            '<!doctype html><html lang="pl"><meta charset="utf-8">'
            f"<title>{escape(item.title)}</title><main><h1>{escape(item.title)}</h1>"
            f"<p>{escape(item.summary)}</p></main></html>"
        )

    def rss(self) -> str:
        entries = "".join(
            "<item>"
            f"<title>{escape(item.title)}</title>"
            f"<link>{escape(self.item_link(item))}</link>"
            f'<guid isPermaLink="false">{escape(item.guid)}</guid>'
            f"<description>{escape(item.summary)}</description>"
            f"<pubDate>{format_datetime(datetime.fromisoformat(item.published))}</pubDate>"
            "</item>"
            for item in reversed(self.items)
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>Portal organizacji (demo)</title><link>{escape(self._link)}</link>"
            f"<description>Wiadomości dla organizacji pozarządowych</description>{entries}"
            "</channel></rss>"
        )
