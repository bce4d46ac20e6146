"""Tests for storage.db: opening the file safely, PRAGMAs, and serialised transactions."""

from __future__ import annotations

import asyncio
import logging
import os
import stat
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from storage import Database, StorageError, connect

DEADLINE = 5.0


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    # With umask 0 anything SQLite created on its own would be world-readable.
    old = os.umask(0)
    yield
    os.umask(old)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await connect(tmp_path / "data" / "ngobot.sqlite3")
    async with database.transaction() as conn:
        await conn.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER) STRICT")
        await conn.execute("INSERT INTO counter VALUES (1, 0)")
    yield database
    await database.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def counter(db: Database) -> object:
    return await db.fetch_value("SELECT value FROM counter WHERE id = 1")


@pytest.mark.usefixtures("permissive_umask")
async def test_connect_creates_owner_only_folder_file_and_sidecars(tmp_path: Path) -> None:
    path = tmp_path / "new" / "ngobot.sqlite3"
    db = await connect(path)
    try:
        async with db.transaction() as conn:
            await conn.execute("CREATE TABLE t (x INTEGER)")
        assert db.path == path
        assert mode(path.parent) == 0o700
        assert mode(path) == 0o600
        for suffix in ("-wal", "-shm"):
            assert mode(path.with_name(path.name + suffix)) == 0o600
    finally:
        await db.close()


@pytest.mark.sqlite_only
async def test_connect_sets_pragmas(db: Database) -> None:
    assert await db.fetch_value("PRAGMA foreign_keys") == 1
    assert await db.fetch_value("PRAGMA journal_mode") == "wal"
    assert await db.fetch_value("PRAGMA synchronous") == 1  # NORMAL
    assert await db.fetch_value("PRAGMA busy_timeout") == 5000


async def test_connect_leaves_existing_file_mode_but_warns(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "ngobot.sqlite3"
    path.touch()
    path.chmod(0o644)
    with caplog.at_level(logging.WARNING, logger="storage.db"):
        db = await connect(path)
    await db.close()
    assert mode(path) == 0o644
    assert "accessible by other users" in caplog.text


async def test_transaction_commits_on_success(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute("UPDATE counter SET value = 7")
    assert await counter(db) == 7


async def test_transaction_rolls_back_and_reraises_on_error(db: Database) -> None:
    with pytest.raises(RuntimeError, match="boom"):
        async with db.transaction() as conn:
            await conn.execute("UPDATE counter SET value = 7")
            raise RuntimeError("boom")
    assert await counter(db) == 0


async def test_cancelled_transaction_is_rolled_back(db: Database) -> None:
    inside = asyncio.Event()

    async def stuck_writer() -> None:
        async with db.transaction() as conn:
            await conn.execute("UPDATE counter SET value = 7")
            inside.set()
            await asyncio.Event().wait()  # until cancelled

    task = asyncio.create_task(stuck_writer())
    await asyncio.wait_for(inside.wait(), DEADLINE)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert await counter(db) == 0


async def test_nested_use_in_same_task_raises_instead_of_deadlocking(db: Database) -> None:
    async with db.transaction():
        with pytest.raises(StorageError, match="already holds the database"):
            await db.fetch_value("SELECT 1")


async def test_concurrent_read_modify_write_transactions_do_not_interleave(db: Database) -> None:
    inside = 0
    most_inside = 0

    async def increment() -> None:
        nonlocal inside, most_inside
        async with db.transaction() as conn:
            inside += 1
            most_inside = max(most_inside, inside)
            async with conn.execute("SELECT value FROM counter WHERE id = 1") as cursor:
                row = await cursor.fetchone()
            assert row is not None
            await asyncio.sleep(0)  # give every other task the chance to barge in
            await conn.execute("UPDATE counter SET value = ? WHERE id = 1", (row[0] + 1,))
            inside -= 1

    await asyncio.wait_for(asyncio.gather(*(increment() for _ in range(50))), DEADLINE)
    assert await counter(db) == 50
    assert most_inside == 1


async def test_reads_wait_until_a_running_transaction_finishes(db: Database) -> None:
    inside, release = asyncio.Event(), asyncio.Event()

    async def writer() -> None:
        async with db.transaction() as conn:
            await conn.execute("UPDATE counter SET value = 7")
            inside.set()
            await release.wait()

    write = asyncio.create_task(writer())
    await asyncio.wait_for(inside.wait(), DEADLINE)
    read = asyncio.create_task(counter(db))
    for _ in range(10):
        await asyncio.sleep(0)
    assert not read.done()
    release.set()
    assert await asyncio.wait_for(read, DEADLINE) == 7
    await write


async def test_fetch_helpers(db: Database) -> None:
    assert await db.fetch_value("SELECT value FROM counter WHERE id = ?", (2,)) is None
    assert await db.fetch_one("SELECT value FROM counter WHERE id = 2") is None
    row = await db.fetch_one("SELECT id, value FROM counter WHERE id = :id", {"id": 1})
    assert row is not None
    assert (row["id"], row["value"]) == (1, 0)
    rows = await db.fetch_all("SELECT id FROM counter")
    assert [r["id"] for r in rows] == [1]
