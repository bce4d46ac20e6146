"""Moving a SQLite database into an empty PostgreSQL one, verified row by row (`ngobot copy-to`).

The target is migrated to the same schema version as the source, emptied of what migrations
seed (the topic catalogue), filled table by table in foreign-key order with COPY, its identity
counters moved past the copied ids, and finally every table of both is read back and compared.
The source is read in one transaction, so the copy is one consistent moment even if the bot
was left running (it should not be: its later writes would be missing from the copy).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace

import asyncpg

from storage.connection import Connection
from storage.db import Database, StorageError
from storage.migrate import current_version, latest_version, migrate
from storage.postgres import PgDatabase

log = logging.getLogger(__name__)
Rows = list[tuple[object, ...]]


class CopyError(StorageError):
    """The copy was refused (target not empty, wrong backends) or does not match the source."""


@dataclass(frozen=True, slots=True)
class CopyResult:
    """How many rows each table holds in both databases."""

    rows: dict[str, int]


@dataclass(frozen=True, slots=True)
class _Table:
    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]  # the primary key's columns
    references: tuple[tuple[str, str], ...]  # (column, parent table) of each foreign key
    nullable: frozenset[str]
    # Foreign keys whose parent is filled later (a cycle, or the table itself): copied as
    # NULL first and set once every table is filled.
    deferred: tuple[str, ...] = ()

    @property
    def parents(self) -> frozenset[str]:
        return frozenset(
            parent for column, parent in self.references if column not in self.deferred
        )


async def copy_database(source: Database, target: Database) -> CopyResult:
    """Copy every row of the SQLite `source` into the empty PostgreSQL `target`, and verify."""
    if source.dialect != "sqlite" or not isinstance(target, PgDatabase):
        raise CopyError("copy-to copies a SQLite database into a PostgreSQL one")
    if await current_version(target) != 0:
        raise CopyError("the PostgreSQL database is not empty: copy-to needs a new database")
    await migrate(source)  # as the bot does at start; a no-op when up to date
    await migrate(target)
    if await current_version(target) != latest_version():
        raise CopyError("the PostgreSQL database did not reach the current schema")
    async with source.connection() as conn:
        await conn.execute("BEGIN")  # one snapshot for the copy and its check
        try:
            tables = _in_dependency_order(await _tables(conn))
            contents = {t.name: await _read(conn, t) for t in tables}
        finally:
            await conn.execute("COMMIT")
    await _fill(target, tables, contents)
    await _verify(target, tables, contents)
    return CopyResult({name: len(rows) for name, rows in contents.items()})


async def _tables(conn: Connection) -> list[_Table]:
    names = await conn.execute_fetchall(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    tables = []
    for (name,) in names:
        info = list(await conn.execute_fetchall(f'PRAGMA table_info("{name}")'))
        columns = tuple(str(r[1]) for r in info)
        key = tuple(str(r[1]) for r in sorted(info, key=lambda r: r[5]) if r[5])
        keys = await conn.execute_fetchall(f'PRAGMA foreign_key_list("{name}")')
        references = tuple((str(k[3]), str(k[2])) for k in keys)
        self_references = tuple(column for column, parent in references if parent == name)
        nullable = frozenset(str(r[1]) for r in info if not r[3] and not r[5])
        tables.append(_Table(str(name), columns, key, references, nullable, self_references))
    return tables


def _in_dependency_order(tables: Sequence[_Table]) -> list[_Table]:
    """Parents before children, so every foreign key finds its row; a cycle is broken at a
    nullable reference (users.organisation_id <-> organisations.created_by), set afterwards."""
    ordered: list[_Table] = []
    placed: set[str] = set()
    waiting = list(tables)
    while waiting:
        ready = [t for t in waiting if t.parents <= placed]
        if not ready:
            ready = [_break_cycle(waiting, placed)]
        for table in ready:
            ordered.append(table)
            placed.add(table.name)
            waiting.remove(table)
    return ordered


def _break_cycle(waiting: list[_Table], placed: set[str]) -> _Table:
    """Defer the references of a waiting table to tables not placed yet, if all are nullable."""
    for index, table in enumerate(waiting):
        late = tuple(c for c, parent in table.references if parent not in placed)
        if all(c in table.nullable for c in late):
            waiting[index] = replace(table, deferred=table.deferred + late)
            return waiting[index]
    raise CopyError(f"foreign keys form a cycle among {[t.name for t in waiting]}")


async def _read(conn: Connection, table: _Table) -> Rows:
    columns = ", ".join(f'"{c}"' for c in table.columns)
    rows = await conn.execute_fetchall(f'SELECT {columns} FROM "{table.name}"')  # noqa: S608
    return [tuple(row) for row in rows]


async def _fill(target: PgDatabase, tables: Sequence[_Table], contents: dict[str, Rows]) -> None:
    async with target.raw_transaction() as raw:
        names = ", ".join(f'"{t.name}"' for t in tables)
        await raw.execute(f"TRUNCATE {names} RESTART IDENTITY")  # what migrations seeded
        for table in tables:
            rows = contents[table.name]
            later = [table.columns.index(c) for c in table.deferred]
            first = [_without(row, later) for row in rows] if later else rows
            if rows:
                await raw.copy_records_to_table(table.name, records=first, columns=table.columns)
        for table in tables:
            await _set_deferred(raw, table, contents[table.name])
            if "id" in table.columns:
                # Names read from the schema, not from input.
                sql = (
                    f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "  # noqa: S608
                    f'coalesce((SELECT max(id) FROM "{table.name}"), 0) + 1, false)'
                )
                await raw.execute(sql)
        log.info("copied %d tables", len(tables))


async def _set_deferred(raw: asyncpg.Connection, table: _Table, rows: Rows) -> None:
    """Set the references copied as NULL, now that every row they point at exists."""
    keys = [table.columns.index(c) for c in table.key]
    where = " AND ".join(f'"{c}" = ${i}' for i, c in enumerate(table.key, start=2))
    for column in table.deferred:
        index = table.columns.index(column)
        values = [(row[index], *(row[k] for k in keys)) for row in rows if row[index] is not None]
        if values:
            sql = f'UPDATE "{table.name}" SET "{column}" = $1 WHERE {where}'  # noqa: S608
            await raw.executemany(sql, values)


def _without(row: tuple[object, ...], indices: Sequence[int]) -> tuple[object, ...]:
    return tuple(None if i in indices else value for i, value in enumerate(row))


async def _verify(target: PgDatabase, tables: Sequence[_Table], contents: dict[str, Rows]) -> None:
    """Every table of the target holds exactly the source's rows (compared sorted)."""
    async with target.raw_transaction() as raw:
        for table in tables:
            columns = ", ".join(f'"{c}"' for c in table.columns)
            copied = [tuple(r) for r in await raw.fetch(f'SELECT {columns} FROM "{table.name}"')]  # noqa: S608
            if _sorted(copied) != _sorted(contents[table.name]):
                raise CopyError(f"table {table.name}: the copy differs from the source")


def _sorted(rows: Rows) -> Rows:
    return sorted(rows, key=lambda row: tuple((value is None, value) for value in row))
