"""The running bot under thousands of seeded random updates of every kind Telegram sends.

    NGOBOT_FUZZ_EXAMPLES=20000 NGOBOT_FUZZ_SEED=7 \
        .venv/bin/pytest -q -s --timeout=0 tests/test_fuzz.py

runs a longer fuzz (the default, 3,000 updates with seed 18, takes about 10 s) and prints
what it did. Nothing may escape as an exception, no request may be one Telegram refuses, every
callback query is answered, /start still works and the database is intact afterwards.
"""

from __future__ import annotations

import logging
import os
import time

import pytest

from storage import connect
from tests.conftest import RunningBot, StartBot
from tests.constants import ADMIN_ID
from tests.fuzz_support import FuzzWorld
from tests.robust_support import logged_errors, refused_requests

EXAMPLES = int(os.environ.get("NGOBOT_FUZZ_EXAMPLES", "3000"))
SEED = int(os.environ.get("NGOBOT_FUZZ_SEED", "18"))
# Every this many updates the fuzzer waits for the bot to have handled all of them: a backlog
# longer than Telegram's 15 s for answering a callback query would make answers come too late.
SYNC_EVERY = 40


async def handled_so_far(bot: RunningBot, probe_number: int) -> None:
    """Updates are handled in order: once a fresh person's /start is answered, all before are."""
    probe = bot.emulator.user(7900 + probe_number, "Sonda", language_code="en")
    await probe.send("/start")
    await probe.wait_for("Hello", timeout=30)


@pytest.fixture
async def fast_bot(start_bot: StartBot) -> RunningBot:
    """The bot with Telegram's paid-broadcast limit: replies are not held to 30 a second, so
    thousands of updates take seconds (the emulator enforces no flood limit here)."""
    return await start_bot(NGOBOT_SEND_RATE="1000")


async def test_the_bot_survives_thousands_of_random_updates(
    fast_bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    bot = fast_bot
    caplog.set_level(logging.ERROR)
    world = FuzzWorld.create(bot.emulator, SEED, ADMIN_ID)
    began = time.monotonic()
    for number in range(EXAMPLES):
        await world.step()
        if number % SYNC_EVERY == SYNC_EVERY - 1:
            await handled_so_far(bot, number // SYNC_EVERY)
            assert logged_errors(caplog) == [], f"after {number + 1} updates"
    await handled_so_far(bot, EXAMPLES)
    elapsed = time.monotonic() - began
    queries = bot.emulator.state.callbacks.values()
    print(
        f"\nfuzz: {EXAMPLES} actions, seed {SEED}, {elapsed:.1f} s, {len(queries)} callback"
        f" queries, {len(bot.emulator.requests)} requests; {dict(world.counts)}"
    )
    assert refused_requests(bot.emulator) == []
    assert logged_errors(caplog) == []
    assert [q.data for q in queries if q.answer is None] == []
    db = await connect(bot.settings.db_path)
    try:
        assert await db.fetch_value("PRAGMA integrity_check") == "ok"
        assert await db.fetch_value("PRAGMA foreign_key_check") is None
    finally:
        await db.close()
