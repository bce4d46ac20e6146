"""ChangeWatcher on a real database (SQLite's counters, PostgreSQL's notifications): whom it
wakes after whose writes."""

from __future__ import annotations

import asyncio

from bot.watching import ChangeWatcher
from storage import Database, connect


async def write(db: Database, code: str) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO topics (code, name_pl, name_uk, name_en, position)"
            " VALUES (?, 'T', 'T', 'T', 99)",
            (code,),
        )


def watched(db: Database) -> tuple[ChangeWatcher, list[str]]:
    woken: list[str] = []
    watcher = ChangeWatcher(db, interval=0.05)
    watcher.on_any(lambda: woken.append("any"))
    watcher.on_other_process(lambda: woken.append("other"))
    return watcher, woken


async def test_another_connection_wakes_everyone_and_this_one_only_the_engine(
    db: Database,
) -> None:
    watcher, woken = watched(db)
    await watcher.start()
    try:
        await asyncio.sleep(0.12)
        assert woken == [], "nothing changed, nobody is woken"
        await write(db, "here")
        await watcher.look()
        assert woken == ["any"]
        woken.clear()
        other = await connect(db.target)  # as `ngobot announce` from cron does
        try:
            await write(other, "elsewhere")
        finally:
            await other.close()
        await asyncio.sleep(0.12)  # the watcher's own look
        assert sorted(woken) == ["any", "other"]
        woken.clear()
        await watcher.look()
        assert woken == [], "each change wakes once"
    finally:
        await watcher.stop()


async def test_a_read_wakes_nobody(db: Database) -> None:
    watcher, woken = watched(db)
    await watcher.start()
    await db.fetch_all("SELECT * FROM topics")
    await watcher.look()
    await watcher.stop()
    assert woken == []
