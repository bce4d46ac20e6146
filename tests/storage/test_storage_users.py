"""Tests for storage.users on a real database migrated by the real migrate()."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest

from storage import (
    Database,
    count_users,
    ensure_admins,
    get_user,
    get_user_by_username,
    set_language,
    set_role,
    upsert_user,
)

T0 = datetime(2025, 3, 1, 9, 30, 0, 123456, tzinfo=UTC)
T1 = T0 + timedelta(hours=2)


async def test_first_contact_adds_a_member_in_telegrams_language(db: Database) -> None:
    user = await upsert_user(db, 1001, "uk", T0)

    assert user.telegram_id == 1001
    assert (user.language, user.language_chosen, user.role) == ("uk", False, "member")
    assert user.first_seen == user.last_seen == T0
    assert user.first_seen.tzinfo is UTC
    assert await get_user(db, 1001) == user


async def test_later_contact_updates_last_seen_and_follows_telegrams_language(
    db: Database,
) -> None:
    await upsert_user(db, 1001, "uk", T0)
    user = await upsert_user(db, 1001, "en", T1)
    assert (user.language, user.first_seen, user.last_seen) == ("en", T0, T1)


async def test_chosen_language_is_no_longer_overridden_by_telegram(db: Database) -> None:
    await upsert_user(db, 1001, "en", T0)
    assert await set_language(db, 1001, "pl")

    user = await upsert_user(db, 1001, "en", T1)

    assert (user.language, user.language_chosen, user.last_seen) == ("pl", True, T1)


async def test_out_of_order_contact_does_not_move_last_seen_back(db: Database) -> None:
    await upsert_user(db, 1001, "pl", T1)
    user = await upsert_user(db, 1001, "pl", T0)
    assert user.last_seen == T1


async def test_timestamps_are_stored_as_utc(db: Database) -> None:
    warsaw_summer = timezone(timedelta(hours=2))
    user = await upsert_user(db, 1001, "pl", T0.astimezone(warsaw_summer))
    stored = await db.fetch_value("SELECT first_seen FROM users WHERE telegram_id = 1001")
    assert stored == "2025-03-01T09:30:00.123456+00:00"
    assert user.first_seen == T0


async def test_naive_timestamp_is_rejected(db: Database) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        await upsert_user(db, 1001, "pl", datetime(2025, 1, 1))  # noqa: DTZ001


async def test_unsupported_language_is_rejected(db: Database) -> None:
    with pytest.raises(ValueError, match="unsupported language 'de'"):
        await upsert_user(db, 1001, "de", T0)
    await upsert_user(db, 1001, "pl", T0)
    with pytest.raises(ValueError, match="unsupported language"):
        await set_language(db, 1001, "ru")


async def test_setters_report_unknown_users(db: Database) -> None:
    assert not await set_language(db, 404, "pl")
    assert not await set_role(db, 404, "staff")
    assert await get_user(db, 404) is None


async def test_set_role(db: Database) -> None:
    await upsert_user(db, 1001, "pl", T0)
    assert await set_role(db, 1001, "staff")
    user = await get_user(db, 1001)
    assert user is not None
    assert user.role == "staff"


async def test_unknown_role_is_refused_by_code_and_by_the_schema(db: Database) -> None:
    await upsert_user(db, 1001, "pl", T0)
    with pytest.raises(ValueError, match="unknown role 'boss'"):
        await set_role(db, 1001, "boss")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        async with db.transaction() as conn:
            await conn.execute("UPDATE users SET role = 'boss' WHERE telegram_id = 1001")
    user = await get_user(db, 1001)
    assert user is not None
    assert user.role == "member"


async def test_schema_refuses_unknown_language(db: Database) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO users (telegram_id, language, first_seen, last_seen) "
                "VALUES (1, 'de', 'x', 'x')"
            )


async def test_ensure_admins_adds_missing_and_promotes_existing(db: Database) -> None:
    await upsert_user(db, 1001, "uk", T0)
    await set_language(db, 1001, "en")

    await ensure_admins(db, [1001, 2002, 2002])

    existing, added = await get_user(db, 1001), await get_user(db, 2002)
    assert existing is not None
    assert added is not None
    assert (existing.role, existing.language, existing.first_seen) == ("admin", "en", T0)
    assert (added.role, added.language, added.language_chosen) == ("admin", "pl", False)
    assert await count_users(db) == 2


async def test_configured_admin_gets_telegrams_language_when_first_writing(
    db: Database,
) -> None:
    await ensure_admins(db, [2002])
    configured = await get_user(db, 2002)
    assert configured is not None
    assert (configured.first_seen, configured.last_seen) == (None, None)
    user = await upsert_user(db, 2002, "uk", T1)
    assert (user.role, user.language) == ("admin", "uk")
    assert user.first_seen == user.last_seen == T1


async def test_ensure_admins_with_no_ids_does_nothing(db: Database) -> None:
    await ensure_admins(db, [])
    assert await count_users(db) == 0


async def test_username_is_stored_lowercase_and_moves_to_its_latest_holder(db: Database) -> None:
    await upsert_user(db, 1, "pl", T0, "@Kasia_K")
    found = await get_user_by_username(db, "kasia_k")
    assert found is not None and found.telegram_id == 1 and found.username == "kasia_k"
    await upsert_user(db, 2, "pl", T1, "kasia_k")  # the name now belongs to another account
    found = await get_user_by_username(db, "@KASIA_K")
    assert found is not None and found.telegram_id == 2
    first = await get_user(db, 1)
    assert first is not None and first.username is None
    await upsert_user(db, 2, "pl", T1, None)  # they removed their username
    assert await get_user_by_username(db, "kasia_k") is None
