"""Hostile feeds through the whole feed path of the running bot: fetch, parse, convert, publish.

The shapes follow what city portals really serve (BIP and ngo.krakow.pl RSS with HTML in
CDATA, https://ngo.krakow.pl/rss; emoji written as surrogate references by old CMSes), pushed
to their limits: nothing escapes as an exception and nothing invalid reaches Telegram.
"""

from __future__ import annotations

import asyncio
import gzip
import logging
import time
from pathlib import Path

import pytest

from bot.core.topics import Kind
from bot.feeds.fetch import cache_max_age, retry_after
from bot.feeds.model import Mode
from bot.feeds.parse import ttl_of
from bot.feeds.repair import repair_encoding, repair_references
from tests.announce_support import member_of
from tests.conftest import RunningBot, StartBot
from tests.constants import ADMIN_ID
from tests.feeds.test_feeds_end_to_end import until
from tests.feeds_server import FeedServer
from tests.feeds_server import feed_server_fixture as feed_server_fixture
from tests.feeds_ui_support import bot_services
from tests.robust_support import logged_errors, refused_requests

FAST_FEEDS = {"NGOBOT_FEED_INTERVAL": "1s", "NGOBOT_FEED_MIN_INTERVAL": "1s"}
TELEGRAM_MAX = 4096


def rss(items: str, *, ttl: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>Portal</title><link>https://ngo.krakow.pl/</link>{ttl}{items}"
        "</channel></rss>"
    ).encode()


def item(guid: str, title: str, description: str = "Opis.") -> str:
    return (
        f"<item><title>{title}</title><guid>{guid}</guid>"
        f"<link>https://ngo.krakow.pl/a/{guid}</link>"
        f"<description><![CDATA[{description}]]></description></item>"
    )


OLD = item("old", "Archiwalny wpis")
# Each hostile item and a word its announcement must show once published.
HOSTILE = {
    "pair": (item("pair", "Piknik &#55357;&#56832; sąsiedzki"), "Piknik 😀 sąsiedzki"),
    "lone": (item("lone", "Dyżur &#xD800;prawnika"), "Dyżur prawnika"),
    "past": (item("past", "Konkurs &#x110000;grantowy &#0;"), "Konkurs grantowy"),
    "long": (item("long", "Nabór " + "bardzo długi tytuł " * 530), "Nabór bardzo długi"),
    "huge": (
        item("huge", "Ogromny opis", "<p>" + "Treść ogłoszenia. " * 55_000 + "</p>"),
        "Ogromny opis",
    ),
    "nest": (
        item("nest", "Zagnieżdżone", "<div><b><i>" * 3000 + "głęboko" + "</i></b></div>" * 3000),
        "Zagnieżdżone",
    ),
    "tags": (
        item(
            "tags",
            "&lt;b&gt;Pogrubiony&lt;/b&gt; &amp; <![CDATA[<i>x</i>]]>",
            '<a href="javascript:alert(1)">x</a><a href="http://[x/">y</a><tg-spoiler>',
        ),
        "Pogrubiony",
    ),
}


async def add_feed(bot: RunningBot, url: str) -> int:
    async with bot_services(bot) as (services, _):
        feed = await services.feeds.add(url, Kind.NOTICE, None, Mode.AUTO, None)
        assert not isinstance(feed, str), feed
        return feed.id


async def feed_state(bot: RunningBot, feed_id: int) -> tuple[int, str | None, str | None]:
    async with bot_services(bot) as (services, _):
        feed = await services.feeds.get(feed_id)
        assert feed is not None
        return feed.failures, feed.last_error, feed.paused_reason


async def failed(bot: RunningBot, feed_id: int, timeout: float = 20.0) -> tuple[int, str | None]:
    """The feed's failures and last error, once it has failed at least once."""
    deadline = time.monotonic() + timeout
    while (state := await feed_state(bot, feed_id))[0] == 0:
        assert time.monotonic() < deadline, "the feed never failed"
        await asyncio.sleep(0.1)
    return state[0], state[1]


async def primed(bot: RunningBot, server: FeedServer, path: str) -> int:
    """A feed of `path` that has had its first poll (what it held then is history)."""
    server.serve(path, rss(OLD))
    feed_id = await add_feed(bot, server.url(path))
    await until(lambda: server.count(path) >= 2)
    return feed_id


def telegram_texts(bot: RunningBot) -> list[str]:
    return [
        str(c.get("text") or c.get("caption") or "") for c in bot.emulator.calls("sendMessage")
    ]


@pytest.fixture
async def feeds_bot(start_bot: StartBot) -> RunningBot:
    return await start_bot(**FAST_FEEDS, NGOBOT_FEED_MAX_NEW="20")


async def test_hostile_items_are_published_repaired_and_within_telegram_limits(
    feeds_bot: RunningBot, feed_server: FeedServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    bot = feeds_bot
    reader = await member_of(bot, 6101, "Fundacja Czytelnia", ("culture",))
    feed_id = await primed(bot, feed_server, "/hostile")
    items = "".join(body for body, _ in HOSTILE.values())
    # Invalid UTF-8 in one title; odd digits in ttl and in both caching headers.
    body = rss(items + item("utf8", "Zepsute XX kodowanie"), ttl="<ttl>²</ttl>")
    feed_server.serve(
        "/hostile",
        body.replace(b"XX", b"\xff\xfe\xc3"),
        headers={"Cache-Control": "public, max-age=²", "Retry-After": "٣"},
    )
    for _, shown in HOSTILE.values():
        await reader.wait_for(shown, timeout=20)
    await reader.wait_for("Zepsute", timeout=10)
    texts = telegram_texts(bot)
    assert all(len(text) <= TELEGRAM_MAX for text in texts)
    assert not any("\ud800" <= char <= "\udfff" or char == "\x00" for t in texts for char in t)
    assert (await feed_state(bot, feed_id))[0] == 0, "the feed never failed"
    assert refused_requests(bot.emulator) == []
    assert logged_errors(caplog) == []


async def test_a_gzip_bomb_and_an_unreadable_feed_fail_alone(
    feeds_bot: RunningBot, feed_server: FeedServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR)
    bot = feeds_bot
    reader = await member_of(bot, 6102, "Fundacja Odbiorca", ("culture",))
    bomb_id = await primed(bot, feed_server, "/bomb")
    good_id = await primed(bot, feed_server, "/good")
    bomb = gzip.compress(b" " * 60_000_000, compresslevel=9)  # ~60 KB on the wire
    feed_server.serve("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    feed_server.serve("/good", rss(OLD + item("fresh", "Świeży wpis obok bomby")))
    await reader.wait_for("Świeży wpis obok bomby", timeout=20)
    failures, error = await failed(bot, bomb_id)
    assert failures >= 1 and error is not None and "larger than" in error
    assert (await feed_state(bot, good_id))[0] == 0
    assert refused_requests(bot.emulator) == []
    assert logged_errors(caplog) == []


async def test_a_poll_with_more_new_items_than_allowed_holds_them_with_one_summary(
    feeds_bot: RunningBot, feed_server: FeedServer, tmp_path: Path
) -> None:
    bot = feeds_bot
    reader = await member_of(bot, 6103, "Fundacja Spokój", ("culture",))
    admin = bot.emulator.user(ADMIN_ID, "Admin", language_code="en")
    bot.emulator.state.private_chat(admin.record)
    await primed(bot, feed_server, "/flood")
    flood = "".join(item(f"re-{n}", f"Ponownie wydany wpis {n}") for n in range(45))
    feed_server.serve("/flood", rss(OLD + flood))
    await admin.wait_for("przyniósł naraz 45 nowych wpisów, więcej niż 20", timeout=20)
    polls = feed_server.count("/flood")
    await until(lambda: feed_server.count("/flood") >= polls + 2)
    assert not [t for t in telegram_texts(bot) if "Ponownie wydany" in t], "nothing published"
    assert [t for t in telegram_texts(bot) if "naraz 45" in t] == [telegram_texts(bot)[-1]]
    async with bot_services(bot) as (_, db):
        held = await db.fetch_value("SELECT count(*) FROM feed_items WHERE state = 'held'")
    assert held == 45
    assert reader.messages() == []


@pytest.mark.parametrize("odd", ["²", "①", "١٢", "9" * 5000, "-5", "1e3"])
def test_odd_digits_in_caching_headers_and_ttl_mean_no_wish(odd: str) -> None:
    assert cache_max_age(f"public, max-age={odd}") is None
    assert retry_after(odd) is None
    assert ttl_of(odd) is None


def test_surrogate_references_are_combined_and_invalid_ones_dropped() -> None:
    assert repair_references(b"a&#55357;&#56832;b&#xd83d;&#xDE00;") == b"a&#x1F600;b&#x1F600;"
    assert repair_references(b"&#xDC00;&#xD800;&#x110000;&#0;&#65;&#x9;") == b"&#65;&#x9;"
    assert repair_references(b"&#" + b"9" * 5000 + b";") == b""


def test_a_few_invalid_bytes_in_utf8_do_not_garble_the_rest() -> None:
    body = "<rss><title>Zażółć \udcff</title></rss>".encode("utf-8", "surrogateescape")
    assert repair_encoding(body).decode() == "<rss><title>Zażółć \ufffd</title></rss>"
    cp1250 = '<?xml version="1.0"?><rss>Zażółć gęślą jaźń</rss>'.encode("cp1250")
    assert repair_encoding(cp1250) == cp1250, "another encoding is left to feedparser"
