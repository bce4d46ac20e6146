"""DialogService: conversation state that is replaced, merged, finished and survives restarts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.dialogs import DialogService
from storage import Database, connect, migrate, upsert_user

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


@pytest.fixture
async def dialogs(db: Database) -> DialogService:
    await upsert_user(db, 1, "pl", NOW)
    return DialogService(db, lambda: NOW)


async def test_start_replaces_the_dialog_in_progress(dialogs: DialogService) -> None:
    await dialogs.start(1, "register", "name", {"x": 1})
    started = await dialogs.start(1, "search", "query")
    assert (started.flow, started.step, started.data) == ("search", "query", {})
    assert started.updated_at == NOW
    assert await dialogs.get(1) == started


async def test_advance_merges_data_and_keeps_none_values(dialogs: DialogService) -> None:
    await dialogs.start(1, "register", "name", {"name": "Łąka", "krs": "1"})
    advanced = await dialogs.advance(1, "district", krs=None, email="a@b.pl")
    assert advanced is not None and advanced.step == "district"
    assert advanced.data == {"name": "Łąka", "krs": None, "email": "a@b.pl"}
    assert await dialogs.advance(2, "x") is None


async def test_finish_ends_the_dialog(dialogs: DialogService) -> None:
    await dialogs.start(1, "register", "name")
    await dialogs.finish(1)
    assert await dialogs.get(1) is None
    await dialogs.finish(1)  # finishing twice is harmless


async def test_values_json_cannot_hold_are_refused_before_storing(
    dialogs: DialogService,
) -> None:
    with pytest.raises(TypeError):
        await dialogs.start(1, "register", "name", {"when": NOW})
    assert await dialogs.get(1) is None


async def test_dialog_survives_reopening_the_database(tmp_path: Path) -> None:
    path = tmp_path / "ngobot.sqlite3"
    db = await connect(path)
    await migrate(db)
    await upsert_user(db, 1, "uk", NOW)
    await DialogService(db, lambda: NOW).start(1, "register", "krs", {"name": "Фонд"})
    await db.close()

    reopened = await connect(path)
    try:
        dialog = await DialogService(reopened, lambda: NOW + timedelta(1)).get(1)
    finally:
        await reopened.close()
    assert dialog is not None
    assert (dialog.flow, dialog.step, dialog.data, dialog.updated_at) == (
        "register", "krs", {"name": "Фонд"}, NOW,
    )  # fmt: skip
