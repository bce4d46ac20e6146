"""Webhook mode with replicas on one PostgreSQL: each update handled once and in order per
chat by any replica, one elected sender, and a successor when a replica dies."""

from __future__ import annotations

import time

import aiohttp
import pytest

from bot.sandbox import BotApiEmulator
from storage import Database, connect
from tests.conftest import StartBot
from tests.delivery_support import queue_broadcast, states, wait_for
from tests.replica_support import WEBHOOK_PATH, StartProcess, free_port, start_replicas
from tests.test_onboarding import to_organisation_step

pytestmark = pytest.mark.postgresql_only
SHARED_LOG = "3 replica(s) share the replies' headroom"


async def open_updates(db: Database) -> int:
    return int(str(await db.fetch_value("SELECT count(*) FROM inbound_updates")))


async def test_a_request_without_the_secret_token_gets_403_and_nothing_is_stored(
    start_bot: StartBot, database_target: str
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}{WEBHOOK_PATH}"
    bot = await start_bot(NGOBOT_WEBHOOK_URL=url, NGOBOT_WEBHOOK_LISTEN=f"127.0.0.1:{port}")
    update = b'{"update_id": 5, "message": {"message_id": 1, "date": 0, "text": "/start",' \
        b' "chat": {"id": 9, "type": "private"}, "from": {"id": 9, "is_bot": false,' \
        b' "first_name": "Eve"}}}'  # fmt: skip
    async with aiohttp.ClientSession() as session:
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "guessed-secret-token"}):
            async with session.post(url, data=update, headers=headers) as response:
                assert response.status == 403
    db = await connect(database_target)
    try:
        assert await open_updates(db) == 0
    finally:
        await db.close()
    anna = bot.emulator.user(1101, "Anna", language_code="en")
    await anna.send("/start")  # the emulator, as Telegram, sends the secret
    await anna.wait_for("Step 1 of 3")


async def test_consecutive_steps_on_two_replicas_are_applied_once_and_in_order(
    bot_process: StartProcess, emulator: BotApiEmulator, database_target: str
) -> None:
    balancer = await start_replicas(bot_process, emulator, database_target, 2)
    anna = emulator.user(1101, "Anna", language_code="en")
    await to_organisation_step(anna)
    await anna.wait_for_answer(await anna.press("➕ Register a new organisation"))
    await anna.wait_for("full name")
    # Two steps at once: one replica gets the name, the other the KRS number.
    await anna.send("Fundacja Pomocy Sąsiedzkiej")
    await anna.send("0000123456")
    await anna.wait_for("district", timeout=15)
    assert len(balancer.received) == 2, "both replicas received updates"
    prompts = [m["text"] for m in anna.messages() if "KRS" in m.get("text", "")]
    assert len(prompts) == 1, "each step was applied once"
    await anna.wait_for_answer(await anna.press("Nowa Huta"))
    await anna.wait_for("contact e-mail")
    await anna.send("biuro@example.org")
    summary = await anna.wait_for("Please check")
    assert "Fundacja Pomocy Sąsiedzkiej" in summary["text"] and "0000123456" in summary["text"]


async def test_an_update_whose_replica_dies_mid_way_is_handled_by_another(
    bot_process: StartProcess, emulator: BotApiEmulator, database_target: str
) -> None:
    balancer = await start_replicas(bot_process, emulator, database_target, 2)
    emulator.faults.slow(3.0, methods=["sendMessage"])  # its reply is still on the wire ...
    anna = emulator.user(1101, "Anna", language_code="en")
    await anna.send("/start")
    await wait_for(lambda: len(emulator.calls("sendMessage")) > 0, 15, "the reply being sent")
    db = await connect(database_target)
    try:
        # Whichever replica claimed the update (the one that received it, or another woken by
        # the database's notification) is killed while its reply is on the wire.
        claimed_by = str(await db.fetch_value("SELECT claimed_by FROM inbound_updates"))
        (handling,) = [
            r for r in balancer.replicas if claimed_by.endswith(f":{r.process.process.pid}")
        ]
        handling.process.process.kill()  # ... when that replica dies
        await handling.process.process.wait()
        emulator.faults.slow(0.0)
        # It had stored Anna before it died; the other handles the update again (a step the
        # dead one may have half done is repeated, as after any crash).
        await anna.wait_for("Welcome back!", timeout=20)
        await wait_for(lambda: _all_done(db), 10, "the update marked done")
    finally:
        await db.close()


async def test_killing_the_sender_mid_broadcast_another_replica_finishes_it(
    bot_process: StartProcess, emulator: BotApiEmulator, database_target: str
) -> None:
    balancer = await start_replicas(
        bot_process, emulator, database_target, 3, NGOBOT_SEND_RATE="300"
    )
    senders = [r for r in balancer.replicas if r.is_sender()]
    assert len(senders) == 1, "exactly one replica sends"
    emulator.faults.slow(0.05)
    db = await connect(database_target)
    try:
        chat_ids, announcement = await queue_broadcast(db, emulator, 2000)
        await wait_for(lambda: emulator.stats.delivered_total >= 300, 30, "300 deliveries")
        senders[0].process.process.kill()
        killed_at = time.monotonic()
        await senders[0].process.process.wait()
        in_flight = (await states(db, announcement)).get("sending", 0)
        await wait_for(
            lambda: any(r.alive and r.is_sender() for r in balancer.replicas), 15, "a successor"
        )
        print(f"failover: a successor was elected {time.monotonic() - killed_at:.1f} s after")
        await wait_for(lambda: _all_sent(db, announcement), 60, "every recipient's message")
        counts = {c: _bot_messages(emulator, c) for c in chat_ids}
        assert min(counts.values()) >= 1, "everyone got the announcement"
        assert sum(counts.values()) - len(chat_ids) <= in_flight
    finally:
        await db.close()


async def test_replies_from_three_replicas_stay_within_the_headroom_beside_the_broadcast(
    bot_process: StartProcess, emulator: BotApiEmulator, database_target: str
) -> None:
    """At 25/s the broadcast leaves five places a second of Telegram's 30: twelve people who
    press /start together on three replicas are answered within them, with no 429."""
    balancer = await start_replicas(bot_process, emulator, database_target, 3)
    await wait_for(
        lambda: all(SHARED_LOG in r.process.log() for r in balancer.replicas),
        15,
        "every replica counting three",
    )
    emulator.faults.rate_limit(global_per_second=30, per_chat_burst=3)
    db = await connect(database_target)
    try:
        await queue_broadcast(db, emulator, 250)
        await wait_for(lambda: emulator.stats.delivered_total >= 50, 30, "the broadcast")
        people = [emulator.user(1200 + n, f"Osoba {n}", language_code="en") for n in range(12)]
        for person in people:
            await person.send("/start")
        for person in people:
            await person.wait_for("Step 1 of 3", timeout=30)
        assert emulator.stats.rate_limited == 0, "no send went past Telegram's limit"
        assert len(balancer.received) == 3, "every replica answered some"
    finally:
        await db.close()


async def _all_done(db: Database) -> bool:
    return await db.fetch_value("SELECT count(*) FROM inbound_updates WHERE done_at IS NULL") == 0


def _bot_messages(emulator: BotApiEmulator, chat_id: int) -> int:
    return sum(1 for entry in emulator.chat_history(chat_id) if entry.from_bot)


async def _all_sent(db: Database, announcement: int) -> bool:
    return await states(db, announcement) == {"sent": 2000}
