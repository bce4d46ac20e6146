"""Replies to users and the broadcast share Telegram's global limit: the replies go first."""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter

from bot.cli.announce import add_parsers, run
from handlers.interactive_first import counts
from tests.conftest import StartBot
from tests.delivery_support import add_chats, add_recipients, wait_for
from tests.seeding import seeding

RECIPIENTS = 140
STARTS = 10


def test_only_methods_that_put_a_message_in_a_chat_count() -> None:
    assert counts("sendMessage") and counts("sendDocument") and counts("editMessageText")
    assert counts("copyMessage") and counts("forwardMessage")
    assert not counts("sendChatAction") and not counts("answerCallbackQuery")
    assert not counts("getMe") and not counts("setMyCommands")


async def test_a_broadcast_at_the_limit_yields_to_replies_and_meets_no_429(
    start_bot: StartBot,
) -> None:
    """Telegram allows 30 messages a second; the broadcast goes at 28, and ten people start
    the bot meanwhile: two messages each, 5 a second, more than the 2 of room. Every reply
    takes a broadcast send's place, so Telegram refuses none of the broadcast's sends. A reply
    refused before the broadcast could yield (a group had just left) goes again after
    Telegram's wait: every /start is answered, every recipient has the notice once."""
    bot = await start_bot(NGOBOT_SEND_RATE="28")
    emulator = bot.emulator
    emulator.faults.rate_limit(global_per_second=30, per_chat_per_second=1, per_chat_burst=3)
    chat_ids = add_recipients(emulator, RECIPIENTS)
    async with seeding(bot) as seed:
        await add_chats(seed.db, chat_ids)
        culture = await seed.topics.find("culture")
        assert culture is not None
        async with seed.db.transaction() as conn:
            await conn.executemany(
                "INSERT INTO chat_topics (chat_id, topic_id) VALUES (?, ?)",
                [(chat_id, culture.id) for chat_id in chat_ids],
            )
    parser = argparse.ArgumentParser(prog="ngobot")
    add_parsers(parser.add_subparsers(dest="command"))
    argv = ["announce", "--kind", "notice", "--title", "Dyżur", "--text", "Dziś do 18",
            "--topic", "culture"]  # fmt: skip
    assert await run(parser.parse_args(argv), bot.settings) == 0
    await wait_for(lambda: emulator.stats.delivered_total >= 30, what="the broadcast running")
    users = [emulator.user(9000 + n, f"Nowy {n}", language_code="en") for n in range(STARTS)]
    for user in users:
        await user.send("/start")
        await asyncio.sleep(0.4)
    for user in users:
        await user.wait_for("Step 1 of 3")
    await wait_for(
        lambda: emulator.stats.delivered_total >= RECIPIENTS + 2 * STARTS,
        timeout=20,
        what="the broadcast finishing",
    )
    attempts = Counter(call["chat_id"] for call in emulator.calls("sendMessage"))
    assert {attempts[chat_id] for chat_id in chat_ids} == {1}  # no broadcast send refused
    refused_replies = sum(attempts[user.chat_id] for user in users) - 2 * STARTS
    assert emulator.stats.rate_limited == refused_replies
    received = [[e.text for e in emulator.chat_history(c) if e.from_bot] for c in chat_ids]
    assert all(len(texts) == 1 and "Dyżur" in texts[0] for texts in received)
