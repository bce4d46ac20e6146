"""PgConnection: what storage.connection asks of a connection, on one asyncpg connection.

Each statement is rewritten from the storage modules' SQLite spelling (storage.dialect) and
kept prepared (storage.pg_plans); writes whose values must be literals go in one round trip
of the simple protocol. PostgreSQL's errors become the storage layer's: a violated constraint
is sqlite3's IntegrityError, which callers already handle, the rest StorageError.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Coroutine, Generator, Iterable, Sequence
from typing import Any, Final

import aiosqlite
import asyncpg

from storage.connection import Params
from storage.db import StorageError
from storage.dialect import Template, bind, to_postgres
from storage.pg_plans import Plan, Plans, Unfit

log = logging.getLogger(__name__)

_STATUS_COUNT = re.compile(r"(\d+)$")
_WRITE_ONLY = re.compile(r"\s*(?:INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
_RETURNING = re.compile(r"\bRETURNING\b", re.IGNORECASE)
_MANY_CHUNK: Final = 1000  # rows per multi-row INSERT built by executemany


class PgCursor:
    """What aiosqlite's cursor offers the storage modules: rows already read, and counts."""

    def __init__(self, rows: Sequence[asyncpg.Record], rowcount: int) -> None:
        self._rows = list(rows)
        self.rowcount = rowcount
        self.lastrowid: int | None = None  # the storage modules use RETURNING id instead

    async def fetchone(self) -> asyncpg.Record | None:
        return self._rows.pop(0) if self._rows else None

    async def fetchall(self) -> list[asyncpg.Record]:
        rows, self._rows = self._rows, []
        return rows

    async def close(self) -> None:
        self._rows = []

    async def __aenter__(self) -> PgCursor:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()


class _Pending:
    """`await conn.execute(...)` and `async with conn.execute(...) as cursor`, as aiosqlite."""

    def __init__(self, run: Coroutine[Any, Any, PgCursor]) -> None:
        self._run = run
        self._cursor: PgCursor | None = None

    def __await__(self) -> Generator[Any, None, PgCursor]:
        return self._run.__await__()

    async def __aenter__(self) -> PgCursor:
        self._cursor = await self._run
        return self._cursor

    async def __aexit__(self, kind: object, error: object, trace: object, /) -> None:
        if self._cursor is not None:
            await self._cursor.close()


class PgConnection:
    """storage.connection.Connection on an asyncpg connection."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self.raw = conn
        self._plans = Plans()

    def execute(self, sql: str, parameters: Params = ()) -> _Pending:
        return _Pending(self._execute(sql, parameters))

    async def _execute(self, sql: str, parameters: Params) -> PgCursor:
        template = to_postgres(sql)
        plan = await self._plan(template)
        if plan is not None:
            cursor = await self._run_prepared(template, plan, parameters)
            if cursor is not None:
                return cursor
        return await self._run_literal(bind(template, parameters))

    async def _plan(self, template: Template) -> Plan | None:
        try:
            return await self._plans.plan(self.raw, template)
        except asyncpg.PostgresError as exc:
            raise _storage_error(exc, template.pieces[0]) from exc

    async def _run_prepared(
        self, template: Template, plan: Plan, parameters: Params
    ) -> PgCursor | None:
        """One round trip with the kept statement; None when the values need literals."""
        try:
            rows = await plan.statement.fetch(*plan.arguments(parameters))
        except Unfit:
            return None
        except (asyncpg.DataError, OverflowError) as exc:
            # The value fits the type's family but not its range (a huge int for a bigint):
            # literals give the server's own answer, as they did before.
            log.debug("value not encodable as a parameter: %s", exc)
            return None
        except asyncpg.InvalidCachedStatementError as exc:
            # A schema change altered what the kept statement returns; prepare it anew next time.
            self._plans.forget(template)
            raise _storage_error(exc, template.pieces[0]) from exc
        except asyncpg.PostgresError as exc:
            raise _storage_error(exc, template.pieces[0]) from exc
        return PgCursor(rows, _count(plan.statement.get_statusmsg()))

    async def _run_literal(self, statement: str) -> PgCursor:
        if _WRITE_ONLY.match(statement) and not _RETURNING.search(statement):
            # No rows to read: the simple protocol runs it in one round trip, not two.
            try:
                status = await self.raw.execute(statement)
            except asyncpg.PostgresError as exc:
                raise _storage_error(exc, statement) from exc
            return PgCursor([], _count(status))
        try:
            prepared = await self.raw.prepare(statement)
            rows = await prepared.fetch()
        except asyncpg.PostgresError as exc:
            raise _storage_error(exc, statement) from exc
        return PgCursor(rows, _count(prepared.get_statusmsg()))

    async def execute_fetchall(self, sql: str, parameters: Params = ()) -> list[asyncpg.Record]:
        cursor = await self._execute(sql, parameters)
        return await cursor.fetchall()

    async def executemany(self, sql: str, seq: Iterable[Params]) -> PgCursor:
        """One multi-row INSERT per chunk for `INSERT ... VALUES (...)`, else one by one."""
        rows = list(seq)
        template = to_postgres(sql)
        values = _values_clause(template.pieces)
        total = 0
        if values is None:
            for params in rows:
                total += (await self._execute(sql, params)).rowcount
            return PgCursor([], total)
        head, tail = values
        for start in range(0, len(rows), _MANY_CHUNK):
            chunk = rows[start : start + _MANY_CHUNK]
            tuples = ", ".join(bind(_row_template(template), params) for params in chunk)
            statement = f"{head}{tuples}{tail}"
            try:
                status = await self.raw.execute(statement)
            except asyncpg.PostgresError as exc:
                raise _storage_error(exc, statement[:500]) from exc
            total += _count(status)
        return PgCursor([], total)

    async def executescript(self, script: str) -> None:
        await self.raw.execute(script)
        self._plans.forget()  # scripts change the schema; kept statements may describe the old

    async def close(self) -> None:
        await self.raw.close()

    async def rollback(self) -> None:
        if self.raw.is_in_transaction():
            await self.raw.execute("ROLLBACK")

    async def commit(self) -> None:
        if self.raw.is_in_transaction():
            await self.raw.execute("COMMIT")


def _count(status: str | None) -> int:
    match = _STATUS_COUNT.search(status or "")
    return int(match[1]) if match else -1


_VALUES = re.compile(r"\bVALUES\s*\(", re.IGNORECASE)


def _values_clause(pieces: Sequence[str]) -> tuple[str, str] | None:
    """(the statement up to VALUES, what follows the row) for a one-row INSERT, else None."""
    first, last = pieces[0], pieces[-1]
    match = _VALUES.search(first)
    if match is None or not first.lstrip().upper().startswith("INSERT"):
        return None
    close = last.find(")")
    if close < 0:
        return None
    return first[: match.start()] + "VALUES ", last[close + 1 :]


def _row_template(template: Template) -> Template:
    """The one-row template's `(?, ?, ...)` alone, to bind once per row."""
    first, last = template.pieces[0], template.pieces[-1]
    match = _VALUES.search(first)
    assert match is not None  # noqa: S101 - checked by _values_clause
    pieces = (first[match.end() - 1 :], *template.pieces[1:-1], last[: last.find(")") + 1])
    return Template(pieces, template.refs)


# SQLite's words for each kind of violated constraint, which callers and tests recognise.
_INTEGRITY_WORDS: Final = {
    "23514": "CHECK constraint failed",
    "23505": "UNIQUE constraint failed",
    "23503": "FOREIGN KEY constraint failed",
    "23502": "NOT NULL constraint failed",
}


def _storage_error(exc: asyncpg.PostgresError, statement: str) -> Exception:
    # Integrity errors become sqlite3.IntegrityError, which callers already handle.
    if isinstance(exc, asyncpg.IntegrityConstraintViolationError):
        words = _INTEGRITY_WORDS.get(exc.sqlstate or "", "constraint failed")
        return aiosqlite.IntegrityError(f"{words}: {exc}")
    log.debug("failed statement: %s", statement)
    return StorageError(f"PostgreSQL: {exc}")
