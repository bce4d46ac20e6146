"""End to end as an operator runs it: `ngobot announce` while `python -m bot` delivers, then
kill -9 in mid-broadcast and a restart — everyone gets it, at most the in-flight twice."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.sandbox import BotApiEmulator
from storage import Database
from tests.conftest import BotProcess, bot_env, run_cli
from tests.delivery_support import add_chats, add_recipients, states, unfinished, wait_for

RECIPIENTS = 150


async def subscribe_all(db: Database, chat_ids: list[int], topic: str) -> None:
    await add_chats(db, chat_ids)
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO chat_topics SELECT ?, id FROM topics WHERE code = ?",
            [(chat_id, topic) for chat_id in chat_ids],
        )


async def test_kill_9_mid_broadcast_from_the_cli_then_restart(
    db: Database,
    emulator: BotApiEmulator,
    bot_process: Callable[..., Awaitable[BotProcess]],
    tmp_path: Path,
) -> None:
    chat_ids = add_recipients(emulator, RECIPIENTS)
    await subscribe_all(db, chat_ids, "health")
    emulator.faults.slow(0.15, methods=["sendMessage"])  # sends are on the wire when it dies
    first = await bot_process(NGOBOT_SEND_RATE="60")
    status, out, err = await run_cli(
        "announce",
        "--kind=notice",
        "--title=Forum organizacji",
        "--text=Zapraszamy na forum.",
        "--topic=health",
        env=bot_env(tmp_path, emulator),
        cwd=tmp_path,
    )
    assert status == 0, err
    announcement = int(out.split()[-1])
    await wait_for(lambda: received(emulator, chat_ids) >= 40, 20, "40 deliveries")
    first.process.kill()  # SIGKILL: no stop(), no last writes
    await first.process.wait()
    in_flight = (await states(db, announcement)).get("sending", 0)
    assert in_flight > 0
    second = await bot_process(NGOBOT_SEND_RATE="60")
    await wait_for(lambda: _drained(db), 30, "the outbox draining")
    code, _ = await second.terminate()
    assert code == 0
    counts = [len(emulator.chat_history(chat_id)) for chat_id in chat_ids]
    assert min(counts) == 1
    assert sum(counts) - RECIPIENTS <= in_flight
    assert await states(db, announcement) == {"sent": RECIPIENTS}


def received(emulator: BotApiEmulator, chat_ids: list[int]) -> int:
    return sum(1 for chat_id in chat_ids if emulator.chat_history(chat_id))


async def _drained(db: Database) -> bool:
    return await unfinished(db) == 0
