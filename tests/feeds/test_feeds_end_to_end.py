"""Feeds through the running bot and the operator's CLI: a portal's new item reaches a
subscriber once; `ngobot feeds add|list|remove` as an operator runs them."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

from bot.sandbox import BotApiEmulator
from tests.announce_support import member_of
from tests.conftest import StartBot, bot_env, run_cli
from tests.feeds_server import FeedServer, fixture
from tests.feeds_server import feed_server_fixture as feed_server_fixture
from tests.reminder_support import texts
from tests.seeding import seeding

# The fixture's <ttl>30</ttl> would (rightly) space polls half an hour apart.
PORTAL = fixture("krakow_rss20.xml").replace(b"<ttl>30</ttl>", b"")
FAST_FEEDS = {"NGOBOT_FEED_INTERVAL": "1s", "NGOBOT_FEED_MIN_INTERVAL": "1s"}
NEW_ITEM = """
    <item>
      <title>Nabór do Rady Działalności Pożytku Publicznego</title>
      <link>https://ngo.krakow.pl/aktualnosci/281900,nabor-rdpp.html</link>
      <guid isPermaLink="false">ngo-krakow-281900</guid>
      <pubDate>Wed, 16 Dec 2026 09:00:00 +0100</pubDate>
      <description><![CDATA[<p>Zgłoszenia <b>kandydatów</b> przyjmujemy do 29 stycznia 2027 r.</p>
      <script>alert(1)</script>]]></description>
    </item>
  </channel>""".encode()


async def until(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    """The feed server is not the emulator: poll the condition (it only counts requests)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.05)


async def test_a_new_feed_item_reaches_a_subscriber_once(
    start_bot: StartBot, feed_server: FeedServer, tmp_path: Path
) -> None:
    bot = await start_bot(**FAST_FEEDS)
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    feed_server.serve("/rss", PORTAL, etag='"v1"')
    env = bot_env(tmp_path, bot.emulator, NGOBOT_DB=bot.settings.db_url, **FAST_FEEDS)
    status, out, err = await run_cli(
        "feeds", "add", feed_server.url("/rss"), "--kind", "notice", "--topic", "culture",
        env=env, cwd=tmp_path,
    )  # fmt: skip
    assert status == 0 and out.strip().isdigit(), err
    await until(lambda: feed_server.count("/rss") >= 2)
    assert texts(ania, "Kraków") == [], "nothing from the first poll"
    feed_server.serve("/rss", PORTAL.replace(b"  </channel>", NEW_ITEM, 1))
    message = await ania.wait_for("Nabór do Rady", timeout=15)
    assert "kandydatów" in message["text"] and "alert" not in message["text"]
    polls = feed_server.count("/rss")
    await until(lambda: feed_server.count("/rss") >= polls + 2)
    assert len(texts(ania, "Nabór do Rady")) == 1, "published once"
    async with seeding(bot) as seed:
        state = await seed.db.fetch_value("SELECT primed FROM feeds")
    assert state == 1


# Two notices anchored on one BIP page (our own text, in the form of the lists of notices on
# one page such as sieradz.eu/ngo-for-the-money), without guids.
ANCHORED = """
    <item>
      <title>Ogłoszenie o konsultacjach programu współpracy</title>
      <link>https://bip.krakow.pl/ogloszenia.html#ogl-2</link>
      <pubDate>Wed, 16 Dec 2026 09:00:00 +0100</pubDate>
    </item>
    <item>
      <title>Ogłoszenie o naborze do komisji konkursowej</title>
      <link>https://bip.krakow.pl/ogloszenia.html#ogl-3</link>
      <pubDate>Wed, 16 Dec 2026 09:00:00 +0100</pubDate>
    </item>
  </channel>""".encode()


async def test_two_notices_anchored_on_one_page_both_reach_a_subscriber(
    start_bot: StartBot, feed_server: FeedServer, tmp_path: Path
) -> None:
    bot = await start_bot(**FAST_FEEDS)
    ania = await member_of(bot, 6002, "Fundacja Beta", ("culture",))
    feed_server.serve("/rss", PORTAL)
    env = bot_env(tmp_path, bot.emulator, NGOBOT_DB=bot.settings.db_url, **FAST_FEEDS)
    status, _, err = await run_cli(
        "feeds", "add", feed_server.url("/rss"), "--kind", "notice", "--topic", "culture",
        env=env, cwd=tmp_path,
    )  # fmt: skip
    assert status == 0, err
    await until(lambda: feed_server.count("/rss") >= 2)
    feed_server.serve("/rss", PORTAL.replace(b"  </channel>", ANCHORED, 1))
    await ania.wait_for("naborze do komisji", timeout=15)
    await ania.wait_for("konsultacjach programu", timeout=15)
    polls = feed_server.count("/rss")
    await until(lambda: feed_server.count("/rss") >= polls + 2)
    assert len(texts(ania, "Ogłoszenie o")) == 2, "each published once"


async def test_the_operator_adds_lists_and_removes_feeds(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    env = bot_env(tmp_path, emulator)
    add = ("feeds", "add", "https://www.krakow.pl/rss/ngo.xml", "--kind", "call")
    status, out, _ = await run_cli(*add, "--topic", "culture", "--mode", "review", env=env,
                                   cwd=tmp_path)  # fmt: skip
    assert status == 0
    feed_id = out.strip()
    status, out, _ = await run_cli("feeds", "list", env=env, cwd=tmp_path)
    assert status == 0 and "review" in out and "https://www.krakow.pl/rss/ngo.xml" in out
    status, _, err = await run_cli(*add, "--topic", "culture", env=env, cwd=tmp_path)
    assert status == 2 and "already a feed" in err
    status, _, err = await run_cli(*add[:2], "ftp://x", "--kind", "call", "--all-topics",
                                   env=env, cwd=tmp_path)  # fmt: skip
    assert status == 2 and "not an http(s) address" in err
    status, _, err = await run_cli("feeds", "add", "https://a.pl/r", "--kind", "call",
                                   "--topic", "nosuch", env=env, cwd=tmp_path)  # fmt: skip
    assert status == 2 and "unknown topic" in err
    assert (await run_cli("feeds", "remove", feed_id, env=env, cwd=tmp_path))[0] == 0
    status, _, err = await run_cli("feeds", "remove", feed_id, env=env, cwd=tmp_path)
    assert status == 2 and "no feed" in err
    status, out, _ = await run_cli("feeds", "list", env=env, cwd=tmp_path)
    assert (status, out) == (0, "")
