"""What only the PostgreSQL backend has: statement rewriting, literals, pg_dump backups."""

from __future__ import annotations

import asyncio
import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.delivery import OutboxService
from storage import Database, connect, upsert_user
from storage.backup_postgres import backup_postgres
from storage.db import StorageError
from storage.dialect import BindError, bind, literal, to_postgres
from storage.election import Candidate, lock_key
from storage.inbound_updates import claim_next, renew_claims, store_update
from tests.delivery_support import add_announcement, add_chats
from tests.pg_cluster import find_bindir


def postgres(sql: str, params: object = ()) -> str:
    return bind(to_postgres(sql), params)  # type: ignore[arg-type]  # tests pass both shapes


def test_parameters_of_every_style_become_literals() -> None:
    assert postgres("SELECT ?, ?", (1, "a")) == "SELECT 1, 'a'"
    assert postgres("SELECT ?2, ?1, ?2", (1, 2)) == "SELECT 2, 1, 2"
    assert postgres("SELECT :a, :a", {"a": None}) == "SELECT NULL, NULL"
    assert postgres("SELECT x::text, ':no', '?' FROM t WHERE y = ?", (5,)) == (
        "SELECT x::text, ':no', '?' FROM t WHERE y = 5"
    )


def test_text_is_quoted_so_it_cannot_end_the_literal() -> None:
    assert literal("O'Brien; DROP TABLE users; --") == "'O''Brien; DROP TABLE users; --'"
    assert literal("back\\slash") == "'back\\slash'"  # standard_conforming_strings is on
    assert literal(-3) == "(-3)" and literal(True) == "'1'"
    with pytest.raises(BindError):
        literal("nul\x00byte")


def test_sqlite_spellings_are_rewritten() -> None:
    assert postgres("INSERT OR IGNORE INTO t (a) VALUES (?)", (1,)) == (
        "INSERT INTO t (a) VALUES (1) ON CONFLICT DO NOTHING"
    )
    assert postgres("INSERT OR IGNORE INTO t (a) VALUES (1) RETURNING a") == (
        "INSERT INTO t (a) VALUES (1)  ON CONFLICT DO NOTHING RETURNING a"
    )
    assert "strpos(" in postgres("SELECT instr(a, 'b')")
    assert "json_array_elements_text(" in postgres("SELECT value FROM json_each(?)", ("[1]",))
    # "IS ?" compares NULL with NULL in SQLite (the general inbox's round); "IS NOT" likewise.
    assert (
        postgres("SELECT 1 WHERE a IS ?", (None,)) == "SELECT 1 WHERE a IS NOT DISTINCT FROM NULL"
    )
    assert (
        postgres("SELECT 1 WHERE a IS NOT :r", {"r": 2}) == "SELECT 1 WHERE a IS DISTINCT FROM 2"
    )
    assert postgres("SELECT 1 WHERE a IS NULL") == "SELECT 1 WHERE a IS NULL"


@pytest.mark.postgresql_only
async def test_quotes_and_backslashes_are_stored_as_given(db: Database) -> None:
    await db.fetch_all("SELECT 1")  # the connection works
    row = await upsert_user(db, 1, "pl", datetime(2026, 1, 1, tzinfo=UTC), "o'brien\\x")
    assert row.username == "o'brien\\x"


@pytest.mark.postgresql_only
async def test_a_backup_is_a_private_pg_dump_archive(db: Database, tmp_path: Path) -> None:
    await upsert_user(db, 42, "uk", datetime(2026, 1, 1, tzinfo=UTC))
    result = await backup_postgres(str(db.target), tmp_path)
    assert result.destination.suffix == ".pgdump"
    assert stat.S_IMODE(os.stat(result.destination).st_mode) == 0o600
    bindir = find_bindir()
    assert bindir is not None
    process = await asyncio.create_subprocess_exec(
        str(bindir / "pg_restore"), "--list", str(result.destination),
        stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    listing, _ = await process.communicate()
    assert process.returncode == 0
    assert b"TABLE DATA public users" in listing


@pytest.mark.postgresql_only
async def test_kept_statements_give_what_literals_gave_whatever_the_values(db: Database) -> None:
    """A statement is prepared once and kept; values that do not fit its parameters' types,
    and statements PostgreSQL cannot type, run with literals, with the same answers."""
    sql = "SELECT count(*) FROM users WHERE telegram_id = ?"
    await upsert_user(db, 7, "pl", datetime(2026, 1, 1, tzinfo=UTC))
    assert [await db.fetch_value(sql, (7,)) for _ in range(3)] == [1, 1, 1]
    assert await db.fetch_value(sql, ("7",)) == 1  # text for a bigint: a literal, as before
    assert await db.fetch_value(sql, (True,)) == 0  # a boolean is stored as 0/1
    assert await db.fetch_value("SELECT ? IS NULL", (None,)) in (1, True)  # not typable
    assert (
        await db.fetch_value("SELECT language FROM users WHERE telegram_id = :id", {"id": 7})
        == "pl"
    )
    assert await db.fetch_value(sql, (2**70,)) == 0  # past bigint: a numeric literal
    with pytest.raises(StorageError):
        await db.fetch_value("SELECT nonexistent FROM users WHERE telegram_id = ?", (7,))


@pytest.mark.postgresql_only
async def test_a_statement_that_needs_literals_does_not_break_the_transaction(
    db: Database,
) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO topics (code, name_pl, name_uk, name_en, position)"
            " VALUES ('kept', 'a', 'b', 'c', 99)"
        )
        # Its VALUES columns are text to PostgreSQL: preparing it fails, inside a savepoint.
        rows = await conn.execute_fetchall(
            "SELECT t.code FROM topics AS t JOIN (VALUES (?)) AS v ON t.position = v.column1",
            (99,),
        )
        assert [row[0] for row in rows] == ["kept"]
    assert await db.fetch_value("SELECT count(*) FROM topics WHERE code = 'kept'") == 1


@pytest.mark.postgresql_only
async def test_replicas_count_each_other_and_one_of_them_leads(db: Database) -> None:
    first, second = Candidate(db, lock_key(1)), Candidate(db, lock_key(1))
    other_bot = Candidate(db, lock_key(2))
    try:
        assert await first.try_lead()
        assert not await second.try_lead()
        assert await other_bot.try_lead()  # another bot in the same database elects its own
        assert (await first.replicas(), await second.replicas()) == (2, 2)
        assert await first.held()
        await first.close()  # the sender dies: its session and lock go with it
        assert await second.try_lead()
        assert await second.replicas() == 1
    finally:
        for candidate in (first, second, other_bot):
            await candidate.close()


@pytest.mark.postgresql_only
async def test_a_replica_is_told_when_another_stores_an_update_or_sends(db: Database) -> None:
    """Idle replicas wait for these notices instead of looking every 0.2 s; a claim that
    finds nothing tells nobody (its notice used to wake the others to claim, without end)."""
    woken: list[str] = []
    db.on_notice("inbound_updates", lambda: woken.append("stored"))
    db.on_notice("sending", lambda: woken.append("sending"))
    await db.changes()  # the listener is up
    other = await connect(str(db.target))
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    try:
        await upsert_user(other, 3, "pl", moment)  # another table
        await claim_next(other, "other", moment, timedelta(seconds=5))  # nothing to claim
        await renew_claims(other, "other", moment)
        await store_update(other, 1, 3, "{}", moment)
        await db.changes()  # a round trip: notices of earlier commits have arrived
        assert woken == ["stored"]
        await store_update(db, 2, 3, "{}", moment)  # this process's own store: no notice
        await other.tell("sending")  # the sender, while it sends
        await db.changes()
        assert woken == ["stored", "sending"]
    finally:
        await other.close()


@pytest.mark.postgresql_only
async def test_two_processes_publishing_one_announcement_queue_it_once(db: Database) -> None:
    """A first snapshot inserts without ON CONFLICT; the row lock makes the second wait and
    then find the first one's items, so neither fails and nobody is queued twice."""
    await add_chats(db, range(1, 301))
    announcement = await add_announcement(db)
    other = await connect(str(db.target))
    try:
        counts = await asyncio.gather(
            OutboxService(db).enqueue_audience(announcement),
            OutboxService(other).enqueue_audience(announcement),
        )
    finally:
        await other.close()
    assert counts == [300, 300]
    assert await db.fetch_value("SELECT count(*) FROM outbox") == 300
