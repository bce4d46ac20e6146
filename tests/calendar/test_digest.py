"""The weekly digest through the running bot: the week's dates on each chat's topics, once."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from bot.core.topics import Kind
from bot.periods import WEEKDAYS
from tests.announce_support import WARSAW, member_of
from tests.conftest import StartBot
from tests.reminder_support import FAST_REMINDERS, outbox_rows, publish, texts, wired


def digest_a_minute_ago() -> str:
    """NGOBOT_DIGEST naming the current minute's weekday and the minute before."""
    moment = datetime.now(WARSAW) - timedelta(minutes=1)
    return f"{WEEKDAYS[moment.weekday()]} {moment:%H:%M}"


async def test_the_digest_lists_this_weeks_dates_for_the_chats_topics(
    start_bot: StartBot,
) -> None:
    bot = await start_bot(**FAST_REMINDERS)
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    olek = await member_of(bot, 6002, "Fundacja Beta", ("sport",))
    ewa = await member_of(bot, 6003, "Fundacja Gamma", ("culture",))
    now = datetime.now(WARSAW)
    await publish(bot, Kind.CALL, "Culture grants", now + timedelta(days=2))
    await publish(bot, Kind.EVENT, "Theatre evening", now + timedelta(days=1))
    await publish(bot, Kind.EVENT, "Next month's fair", now + timedelta(days=30))
    await publish(bot, Kind.EVENT, "Football cup", now + timedelta(days=3), topic="sport")
    await ania.wait_for("Theatre evening")
    async with wired(bot) as services:
        assert await services.preferences.set_digest(ewa.chat_id, False) is not None
    await bot.stop()
    # The digest moment passed while the bot was down: it is queued as it starts.
    restarted = await start_bot(**{**FAST_REMINDERS, "NGOBOT_DIGEST": digest_a_minute_ago()})
    digest = await ania.wait_for("This week", timeout=15)
    text = digest["text"]
    assert "2 dates for your topics" in text
    assert text.index("Theatre evening") < text.index("Culture grants"), "soonest first"
    assert "Next month's fair" not in text and "Football cup" not in text
    sport = await olek.wait_for("This week", timeout=15)
    assert "Football cup" in sport["text"] and "Culture grants" not in sport["text"]
    await restarted.stop()
    await start_bot(**{**FAST_REMINDERS, "NGOBOT_DIGEST": digest_a_minute_ago()})
    await asyncio.sleep(2)
    assert len(texts(ania, "This week")) == 1, "one digest a week, also across restarts"
    assert texts(ewa, "This week") == [], "she turned the digest off"
    assert len(await outbox_rows(restarted, "digest")) == 2


async def test_no_digest_when_there_is_nothing_to_say(start_bot: StartBot) -> None:
    bot = await start_bot(**FAST_REMINDERS)
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    await bot.stop()
    again = await start_bot(**{**FAST_REMINDERS, "NGOBOT_DIGEST": digest_a_minute_ago()})
    for _ in range(100):
        rows = await outbox_rows(again, "digest")
        if rows and rows[0]["state"] not in ("pending", "sending"):
            break
        await asyncio.sleep(0.1)
    assert [r["state"] for r in rows] == ["skipped"]
    assert texts(ania, "This week") == []
