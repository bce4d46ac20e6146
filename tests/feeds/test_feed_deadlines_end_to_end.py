"""Feed deadlines through the running bot: a call whose text has several dates is published
with its submission deadline and reminded of before it; one whose deadlines disagree is held."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta
from pathlib import Path

from babel.dates import format_date

from tests.announce_support import WARSAW, member_of
from tests.conftest import StartBot, bot_env, run_cli
from tests.feeds.test_feeds_end_to_end import FAST_FEEDS, PORTAL, until
from tests.feeds_server import FeedServer
from tests.feeds_server import feed_server_fixture as feed_server_fixture
from tests.reminder_support import outbox_rows
from tests.seeding import Seed, seeding

ITEM = """
    <item>
      <title>{title}</title>
      <link>https://www.bip.krakow.pl/?news_id={guid}</link>
      <guid isPermaLink="false">bip-{guid}</guid>
      <pubDate>Wed, 02 Dec 2026 09:00:00 +0100</pubDate>
      <description><![CDATA[{text}]]></description>
    </item>"""


def polish(day: datetime) -> str:
    """A date as a BIP writes it: "15 stycznia 2027 r."."""
    return format_date(day.date(), "d MMMM y", locale="pl") + " r."


def items(*entries: str) -> bytes:
    return PORTAL.replace(b"  </channel>", ("".join(entries) + "\n  </channel>").encode(), 1)


async def test_a_call_with_distractor_dates_gets_its_deadline_and_reminders(
    start_bot: StartBot, feed_server: FeedServer, tmp_path: Path
) -> None:
    settings = {**FAST_FEEDS, "NGOBOT_REMINDERS_DEADLINES": "1d", "NGOBOT_QUIET_HOURS": "off"}
    bot = await start_bot(**settings)
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    feed_server.serve("/rss", PORTAL, etag='"v1"')
    env = bot_env(tmp_path, bot.emulator, **settings)
    status, _, err = await run_cli(
        "feeds", "add", feed_server.url("/rss"), "--kind", "call", "--topic", "culture",
        env=env, cwd=tmp_path,
    )  # fmt: skip
    assert status == 0, err
    await until(lambda: feed_server.count("/rss") >= 2)  # primed: what is there is history
    today = datetime.now(WARSAW)
    deadline = (today + timedelta(days=40)).replace(hour=12, minute=0, second=0, microsecond=0)
    starts, ends, results = (today + timedelta(days=d) for d in (70, 300, 55))
    text = (
        f"<p>Termin realizacji zadania: od {polish(starts)} do {polish(ends)}</p>"
        f"<p>Termin składania ofert upływa {polish(deadline)} o godz. 12:00. "
        f"Wyniki konkursu zostaną ogłoszone do {polish(results)}</p>"
    )
    muddled = f"<p>I nabór wniosków trwa do {polish(deadline)}, II nabór do {polish(results)}</p>"
    feed_server.serve(
        "/rss",
        items(
            ITEM.format(title="Konkurs na Klub Seniora", guid=1, text=text),
            ITEM.format(title="Dwa nabory grantów", guid=2, text=muddled),
        ),
    )
    message = await ania.wait_for("Konkurs na Klub Seniora", timeout=15)
    assert "12:00" in message["text"] and str(deadline.year) in message["text"]
    async with seeding(bot) as seed:
        await until_held(seed, "Dwa nabory grantów")
        stored = await seed.db.fetch_value(
            "SELECT deadline FROM announcements WHERE title = ?", ("Konkurs na Klub Seniora",)
        )
        held = await seed.db.fetch_all(
            "SELECT i.state, a.deadline FROM feed_items i JOIN announcements a "
            "ON a.id = i.announcement_id WHERE i.title = ?",
            ("Dwa nabory grantów",),
        )
    assert datetime.fromisoformat(stored) == deadline
    assert [(row["state"], row["deadline"]) for row in held] == [("held", None)]
    reminders = await outbox_rows(bot, "reminder")
    assert [datetime.fromisoformat(r["not_before"]) for r in reminders] == [
        deadline - timedelta(days=1)
    ]


async def until_held(seed: Seed, title: str, timeout: float = 15.0) -> None:
    """Wait until the item titled `title` has been held for staff."""
    deadline = time.monotonic() + timeout
    query = "SELECT state FROM feed_items WHERE title = ?"
    while await seed.db.fetch_value(query, (title,)) != "held":
        assert time.monotonic() < deadline, f"{title} was not held in time"
        await asyncio.sleep(0.05)
