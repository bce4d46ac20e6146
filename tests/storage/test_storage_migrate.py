"""Tests for storage.migrate against real database files, with the real shipped migrations."""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from storage import (
    Database,
    DatabaseTooNewError,
    Migration,
    MigrationError,
    available_migrations,
    check_version,
    connect,
    current_version,
    latest_version,
    migrate,
    migration_files,
)

# `storage.migrate` the attribute is the re-exported function; this is the module.
migrate_module = importlib.import_module("storage.migrate")


@pytest.fixture
async def empty_db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await connect(tmp_path / "ngobot.sqlite3")
    yield database
    await database.close()


def use_migrations(monkeypatch: pytest.MonkeyPatch, migrations: list[Migration]) -> None:
    monkeypatch.setattr(migrate_module, "available_migrations", lambda: list(migrations))


async def table_names(db: Database) -> set[str]:
    rows = await db.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {row["name"] for row in rows}


def test_shipped_migrations_are_numbered_from_one() -> None:
    migrations = available_migrations()
    assert [m.version for m in migrations] == list(range(1, len(migrations) + 1))
    assert migrations[0].name == "users"
    assert latest_version() == len(migrations)


async def test_migrating_an_empty_database_reaches_latest_version(empty_db: Database) -> None:
    result = await migrate(empty_db)

    assert (result.before, result.after) == (0, latest_version())
    assert result.applied == list(range(1, latest_version() + 1))
    assert await current_version(empty_db) == latest_version()
    assert "users" in await table_names(empty_db)


async def test_migrating_again_applies_nothing(empty_db: Database) -> None:
    await migrate(empty_db)
    result = await migrate(empty_db)
    assert result.applied == []
    assert result.before == result.after == latest_version()


async def test_pending_migration_keeps_existing_data(
    empty_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = available_migrations()[0]
    use_migrations(monkeypatch, [first])
    await migrate(empty_db)
    async with empty_db.transaction() as conn:
        await conn.execute(
            "INSERT INTO users (telegram_id, language, first_seen, last_seen) "
            "VALUES (42, 'uk', '2025-01-01T00:00:00.000000+00:00', "
            "'2025-01-01T00:00:00.000000+00:00')"
        )
    second = Migration(2, "user_notes", "ALTER TABLE users ADD COLUMN note TEXT;")
    use_migrations(monkeypatch, [first, second])

    result = await migrate(empty_db)

    assert (result.before, result.after, result.applied) == (1, 2, [2])
    row = await empty_db.fetch_one("SELECT language, note FROM users WHERE telegram_id = 42")
    assert row is not None
    assert (row["language"], row["note"]) == ("uk", None)


async def test_failing_migration_is_rolled_back_completely(
    empty_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = available_migrations()[0]
    broken = Migration(
        2,
        "broken",
        """
        CREATE TABLE half_done (x INTEGER) STRICT;
        ALTER TABLE users ADD COLUMN note TEXT;
        INSERT INTO no_such_table VALUES (1);
        """,
    )
    use_migrations(monkeypatch, [first, broken])

    with pytest.raises(MigrationError, match="0002_broken failed"):
        await migrate(empty_db)

    assert await current_version(empty_db) == 1  # the first migration did commit
    assert "half_done" not in await table_names(empty_db)
    columns = await empty_db.fetch_all("SELECT name FROM pragma_table_info('users')")
    assert "note" not in {c["name"] for c in columns}
    async with empty_db.transaction() as conn:  # no transaction was left open
        await conn.execute("SELECT 1")


async def test_database_newer_than_code_is_refused_and_left_alone(empty_db: Database) -> None:
    too_new = latest_version() + 2
    async with empty_db.connection() as conn:
        await conn.execute(f"PRAGMA user_version = {too_new}")

    with pytest.raises(DatabaseTooNewError) as caught:
        await migrate(empty_db)
    with pytest.raises(DatabaseTooNewError):
        await check_version(empty_db)

    assert (caught.value.found, caught.value.supported) == (too_new, latest_version())
    assert str(caught.value) == (
        f"database schema version {too_new} is newer than this ngobot supports "
        f"({latest_version()}); upgrade ngobot or restore a backup"
    )
    assert await current_version(empty_db) == too_new
    assert await table_names(empty_db) == set()


async def test_check_version_accepts_current_and_older_databases(empty_db: Database) -> None:
    await check_version(empty_db)
    await migrate(empty_db)
    await check_version(empty_db)


@pytest.mark.parametrize(
    ("file_names", "message"),
    [
        (["0001_users.sql", "0003_gap.sql"], "without gaps"),
        (["0001_users.sql", "0001_again.sql"], "without gaps or duplicates"),
        (["0002_no_first.sql"], "without gaps"),
        (["0001_users.sql", "2_bad.sql"], "not named NNNN_short_name.sql"),
        (["0001_Users Table.sql"], "not named NNNN_short_name.sql"),
    ],
)
def test_inconsistent_migration_files_are_rejected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, file_names: list[str], message: str
) -> None:
    for name in file_names:
        (tmp_path / name).write_text("SELECT 1;", encoding="utf-8")
    monkeypatch.setattr(migration_files, "MIGRATIONS_DIR", tmp_path)
    with pytest.raises(MigrationError, match=message):
        available_migrations()


def test_non_sql_files_in_the_migrations_folder_are_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "0001_users.sql").write_text("SELECT 1;", encoding="utf-8")
    (tmp_path / "README.md").write_text("notes", encoding="utf-8")
    monkeypatch.setattr(migration_files, "MIGRATIONS_DIR", tmp_path)
    assert [(m.version, m.name) for m in available_migrations()] == [(1, "users")]
