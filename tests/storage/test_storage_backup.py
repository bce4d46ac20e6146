"""Tests for storage.backup: consistent online copies while the bot keeps writing."""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
import stat
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage import (
    BackupError,
    Database,
    backup_database,
    latest_version,
    upsert_user,
)

# SQLite's online backup; PostgreSQL is backed up with pg_dump (test_storage_postgres.py).
pytestmark = pytest.mark.sqlite_only

DEADLINE = 5.0
NOW = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


@pytest.fixture
def backups(tmp_path: Path) -> Path:
    folder = tmp_path / "backups"
    folder.mkdir()
    return folder


async def add_users(db: Database, ids: range) -> None:
    stamp = NOW.isoformat(timespec="microseconds")
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO users (telegram_id, language, first_seen, last_seen) "
            "VALUES (?, 'pl', ?, ?)",
            [(i, stamp, stamp) for i in ids],
        )


def open_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".")]


async def test_backup_while_the_bot_writes_is_a_consistent_private_copy(
    db: Database, backups: Path
) -> None:
    await add_users(db, range(1, 101))
    written, stop = asyncio.Event(), asyncio.Event()

    async def keep_writing() -> None:
        for telegram_id in range(101, 10_000):
            if stop.is_set():
                return
            await upsert_user(db, telegram_id, "uk", NOW)
            if telegram_id >= 120:
                written.set()

    writer = asyncio.create_task(keep_writing())
    await asyncio.wait_for(written.wait(), DEADLINE)
    result = await asyncio.wait_for(backup_database(db.path, backups / "copy.sqlite3"), DEADLINE)
    stop.set()
    await asyncio.wait_for(writer, DEADLINE)

    copy = backups / "copy.sqlite3"
    assert result.destination == copy
    assert result.size_bytes == copy.stat().st_size
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert sorted(os.listdir(backups)) == ["copy.sqlite3"]  # no -wal, no temporary file
    with closing(open_read_only(copy)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert conn.execute("PRAGMA user_version").fetchone() == (latest_version(),)
        assert conn.execute("PRAGMA page_count").fetchone() == (result.pages,)
        ids = [row[0] for row in conn.execute("SELECT telegram_id FROM users ORDER BY 1")]
    # Everything written before the backup started, and a snapshot: no holes from later writes.
    assert len(ids) >= 120
    assert ids == list(range(1, len(ids) + 1))


async def test_backup_into_a_folder_gets_a_timestamped_name(db: Database, backups: Path) -> None:
    await add_users(db, range(1, 4))
    result = await backup_database(db.path, backups)
    assert result.destination.parent == backups
    assert re.fullmatch(r"ngobot-\d{8}-\d{6}\.sqlite3", result.destination.name)
    with closing(open_read_only(result.destination)) as conn:
        assert conn.execute("SELECT count(*) FROM users").fetchone() == (3,)


async def test_backup_replaces_an_existing_file(db: Database, backups: Path) -> None:
    target = backups / "latest.sqlite3"
    target.write_text("an older backup", encoding="utf-8")
    await backup_database(db.path, target)
    with closing(open_read_only(target)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (latest_version(),)


async def test_missing_source_is_refused(tmp_path: Path, backups: Path) -> None:
    with pytest.raises(BackupError, match="no such database file"):
        await backup_database(tmp_path / "nope.sqlite3", backups)
    assert not (tmp_path / "nope.sqlite3").exists()


async def test_file_that_is_not_sqlite_is_refused(tmp_path: Path, backups: Path) -> None:
    source = tmp_path / "notes.txt"
    source.write_text("not a database, but long enough to have a header " * 10)
    with pytest.raises(BackupError, match="is not an SQLite database"):
        await backup_database(source, backups)
    assert leftovers(backups) == []


async def test_sqlite_database_of_another_program_is_refused(
    tmp_path: Path, backups: Path
) -> None:
    source = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(source)) as conn:
        conn.execute("CREATE TABLE things (x INTEGER)")
    with pytest.raises(BackupError, match="is not an ngobot database"):
        await backup_database(source, backups)
    assert os.listdir(backups) == []


async def test_destination_in_a_missing_folder_is_refused(db: Database, tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="no folder"):
        await backup_database(db.path, tmp_path / "missing" / "copy.sqlite3")


async def test_backup_onto_the_database_itself_is_refused(db: Database) -> None:
    with pytest.raises(BackupError, match="refusing to overwrite the database"):
        await backup_database(db.path, db.path)
    assert await db.fetch_value("PRAGMA user_version") == latest_version()
