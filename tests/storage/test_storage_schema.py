"""Migrations on real databases: 0002 (organisations and subscriptions: upgrade, seeds, rules)
and 0012 (the last move of a date, taken from the notes already queued)."""

from __future__ import annotations

import importlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage import Database, available_migrations, connect, current_version, migrate, upsert_user

migrate_module = importlib.import_module("storage.migrate")
NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
STAMP = "2026-01-05T12:00:00.000000+00:00"
LATER = "2026-01-06T12:00:00.000000+00:00"


async def test_upgrade_from_0001_keeps_users_without_an_organisation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = await connect(tmp_path / "old.sqlite3")
    try:
        first = available_migrations()[0]
        monkeypatch.setattr(migrate_module, "available_migrations", lambda: [first])
        await migrate(db)
        async with db.transaction() as conn:  # a row as version 1 wrote it
            await conn.execute(
                "INSERT INTO users (telegram_id, language, first_seen, last_seen) "
                "VALUES (7, 'uk', ?, ?)",
                (STAMP, STAMP),
            )
        monkeypatch.undo()

        result = await migrate(db)

        assert result.applied[0] == 2 and await current_version(db) >= 2
        row = await db.fetch_one(
            "SELECT language, organisation_id FROM users WHERE telegram_id = 7"
        )
        assert row is not None and (row["language"], row["organisation_id"]) == ("uk", None)
    finally:
        await db.close()


async def test_twelve_seeded_topics_have_names_in_three_languages(db: Database) -> None:
    rows = await db.fetch_all("SELECT * FROM topics ORDER BY position")
    assert [row["code"] for row in rows] == [
        "health", "education", "inclusion", "culture", "ecology", "sport",
        "civil-society", "families", "homelessness", "seniors", "unemployment", "refugees",
    ]  # fmt: skip
    assert all(row["name_pl"] and row["name_uk"] and row["name_en"] for row in rows)
    assert all(row["retired_at"] is None for row in rows)
    assert rows[7]["name_uk"] == "Сім'ї в кризі"


async def insert(db: Database, sql: str, *params: object) -> None:
    async with db.transaction() as conn:
        await conn.execute(sql, params)


async def test_organisation_rows_are_checked_by_the_schema(db: Database) -> None:
    sql = "INSERT INTO organisations (name, name_key, krs, created_at) VALUES (?, ?, ?, ?)"
    await insert(db, sql, "Fundacja", "fundacja", "0000123456", STAMP)
    for name_key, krs in (("fundacja", None), ("inna", "0000123456"), ("inna", "12345")):
        with pytest.raises(sqlite3.IntegrityError):
            await insert(db, sql, "x", name_key, krs, STAMP)


async def test_changing_a_chat_id_carries_its_topics_and_muted_kinds(db: Database) -> None:
    await insert(
        db, "INSERT INTO chats (chat_id, type, created_at, updated_at) VALUES (-5, 'group', ?, ?)",
        STAMP, STAMP,
    )  # fmt: skip
    await insert(db, "INSERT INTO chat_topics VALUES (-5, 3)")
    await insert(db, "INSERT INTO chat_muted_kinds VALUES (-5, 'notice')")

    await insert(db, "UPDATE chats SET chat_id = -1005 WHERE chat_id = -5")

    assert await db.fetch_value("SELECT chat_id FROM chat_topics") == -1005
    assert await db.fetch_value("SELECT chat_id FROM chat_muted_kinds") == -1005


async def test_dialog_data_must_be_a_json_object(db: Database) -> None:
    await upsert_user(db, 1, "pl", NOW)
    sql = "INSERT INTO dialogs (user_id, flow, step, data, updated_at) VALUES (1, 'f', 's', ?, ?)"
    for bad in ("not json", "[1, 2]"):
        with pytest.raises(sqlite3.IntegrityError):
            await insert(db, sql, bad, STAMP)


async def test_upgrade_to_0012_remembers_the_last_move_of_each_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Migration 0012: an announcement whose date moved before it gets its latest move (the
    tag of the note the recipients got) from the notes already queued."""
    db = await connect(tmp_path / "old.sqlite3")
    try:
        before = available_migrations()[:11]
        monkeypatch.setattr(migrate_module, "available_migrations", lambda: before)
        await migrate(db)
        async with db.transaction() as conn:  # rows as version 11 wrote them
            await conn.execute(
                "INSERT INTO announcements (id, kind, title, body_html, starts_at, all_topics, "
                "status, source, created_at, published_at, revision, corrected_at) "
                "VALUES (1, 'event', 'Gala', '', ?, 1, 'published', 'cli', ?, ?, 2, ?)",
                (STAMP, STAMP, STAMP, STAMP),
            )
            await conn.execute(
                "INSERT INTO chats (chat_id, type, created_at, updated_at) "
                "VALUES (7, 'private', ?, ?)",
                (STAMP, STAMP),
            )
            for tag, created in (("20270101T100000Z", STAMP), ("20270102T100000Z", LATER)):
                await conn.execute(
                    "INSERT INTO outbox (announcement_id, chat_id, purpose, tag, not_before, "
                    "created_at, updated_at) VALUES (1, 7, 'date_change', ?, ?, ?, ?)",
                    (tag, created, created, created),
                )
        monkeypatch.undo()

        assert (await migrate(db)).applied[0] == 12
        row = await db.fetch_one("SELECT moved_at, moved_to FROM announcements WHERE id = 1")
        assert row is not None and tuple(row) == (LATER, "20270102T100000Z")
    finally:
        await db.close()
