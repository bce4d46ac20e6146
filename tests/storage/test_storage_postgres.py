"""What only the PostgreSQL backend has: statement rewriting, literals, pg_dump backups."""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path

import pytest

from storage import Database, upsert_user
from storage.backup_postgres import backup_postgres
from storage.dialect import BindError, bind, literal, to_postgres
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
    from datetime import UTC, datetime

    row = await upsert_user(db, 1, "pl", datetime(2026, 1, 1, tzinfo=UTC), "o'brien\\x")
    assert row.username == "o'brien\\x"


@pytest.mark.postgresql_only
async def test_a_backup_is_a_private_pg_dump_archive(db: Database, tmp_path: Path) -> None:
    from datetime import UTC, datetime

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
