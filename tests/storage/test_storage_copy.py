"""`ngobot copy-to`: a SQLite database used by the real bot moves into PostgreSQL intact."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage import Database, connect, migrate
from storage.copy import CopyError, copy_database
from tests import backends
from tests.announce_support import make_staff, member_of
from tests.announcements.test_announce_flow import fill_event
from tests.conftest import StartBot, bot_env, run_cli

pytestmark = pytest.mark.sqlite_only  # the source is SQLite; the target is made here


@pytest.fixture
async def empty_postgres() -> AsyncIterator[str]:
    url = await backends.new_database(template="template0")
    yield url
    await backends.drop_database(url)


async def _tables(db: Database) -> list[str]:
    rows = await db.fetch_all(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return sorted(str(r[0]) for r in rows)


async def test_a_database_the_bot_used_is_copied_row_by_row_and_the_bot_runs_on_the_copy(
    start_bot: StartBot, empty_postgres: str, tmp_path: Path
) -> None:
    bot = await start_bot()
    staff = await make_staff(bot)
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    await fill_event(staff, "Open day")
    await staff.wait_for_answer(await staff.press("🚀 Send now"))
    await staff.wait_for_answer(await staff.press("🚀 Yes, send now"))
    await ania.wait_for("Open day", timeout=10)
    await staff.wait_for("✅ Sent: Open day", timeout=10)
    await bot.stop()

    env = bot_env(tmp_path, bot.emulator)
    status, out, err = await run_cli("copy-to", empty_postgres, env=env, cwd=tmp_path)
    assert status == 0, err
    assert "every row verified" in out

    source, copy = await connect(bot.settings.db_path), await connect(empty_postgres)
    try:
        for table in await _tables(source):
            query = f"SELECT count(*) FROM {table}"  # noqa: S608 - names from the schema
            assert await copy.fetch_value(query) == await source.fetch_value(query), table
        assert await source.fetch_value("SELECT count(*) FROM outbox") > 0
    finally:
        await source.close()
        await copy.close()

    moved = await start_bot(NGOBOT_DB=empty_postgres)
    await fill_event(staff, "Second day")  # the conversation goes on with the copied data
    await staff.wait_for("Will reach 1 person in 1 organisation.")
    await staff.wait_for_answer(await staff.press("🚀 Send now"))
    await staff.wait_for_answer(await staff.press("🚀 Yes, send now"))
    await ania.wait_for("Second day", timeout=10)
    await moved.stop()


async def test_a_database_that_is_not_empty_is_refused(
    tmp_path: Path, empty_postgres: str
) -> None:
    source = await connect(tmp_path / "ngobot.sqlite3")
    target = await connect(empty_postgres)
    try:
        await migrate(target)
        with pytest.raises(CopyError, match="not empty"):
            await copy_database(source, target)
    finally:
        await source.close()
        await target.close()
