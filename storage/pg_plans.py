"""Prepared PostgreSQL statements per rewritten statement, and values fitted to their types.

A statement whose values are bound as literals (storage.dialect.bind) is new text to the server
every time: it is parsed, planned and described again, which costs a second round trip and the
server's CPU. Here each statement is prepared once with `$n` parameters and kept, so running it
again is one round trip. The server infers each parameter's type from its context; a value is
passed only when its Python type fits that type exactly (an int for a bigint, a str for text).
Otherwise, and for statements whose parameter types the server cannot infer (`? IS NULL`), the
caller binds literals as before, so the behaviour is the same one SQLite's loose typing gives.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

import asyncpg

from storage.connection import Params
from storage.dialect import Template, storable_text, value_of

_CACHE_SIZE: Final = 512  # distinct statements; dynamic `IN (?, ?, …)` lists make more


class Unfit(Exception):
    """A value's Python type does not fit its parameter's inferred type: bind literals."""


def _fit_integer(value: object) -> object:
    if isinstance(value, int):  # a bool too: stored as 0/1, as the literal '1' would be
        return int(value)
    raise Unfit


def _fit_float(value: object) -> object:
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return float(value)
    raise Unfit


def _fit_numeric(value: object) -> object:
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)  # the connection's numeric codec takes text
    raise Unfit


def _fit_text(value: object) -> object:
    if isinstance(value, str):
        return storable_text(value)
    raise Unfit


def _fit_bool(value: object) -> object:
    if isinstance(value, bool):
        return value
    raise Unfit


def _fit_bytes(value: object) -> object:
    if isinstance(value, bytes):
        return value
    raise Unfit


Fit = Callable[[object], object]
# The value each parameter type the server may infer takes; a type missing here means literals.
_FITTERS: Final[dict[str, Fit]] = {
    **dict.fromkeys(("int2", "int4", "int8"), _fit_integer),
    **dict.fromkeys(("float4", "float8"), _fit_float),
    **dict.fromkeys(("text", "varchar", "bpchar", "name", "json", "jsonb"), _fit_text),
    "numeric": _fit_numeric,
    "bool": _fit_bool,
    "bytea": _fit_bytes,
}


@dataclass(frozen=True, slots=True)
class Plan:
    """One prepared statement, and how to take its arguments from the storage module's values."""

    statement: asyncpg.prepared_stmt.PreparedStatement
    refs: tuple[int | str, ...]  # the value for $1, $2, … (position or name)
    fitters: tuple[Fit, ...]

    def arguments(self, params: Params) -> list[object]:
        """The values in $n order, each fitted to its type; Unfit when one does not fit."""
        out: list[object] = []
        for ref, fit in zip(self.refs, self.fitters, strict=True):
            value = value_of(params, ref)
            out.append(None if value is None else fit(value))
        return out


def numbered(template: Template) -> tuple[str, tuple[int | str, ...]]:
    """The statement with `$n` parameters, and the value each `$n` takes (one per distinct ref)."""
    order: dict[int | str, int] = {}
    out = [template.pieces[0]]
    for ref, piece in zip(template.refs, template.pieces[1:], strict=True):
        number = order.setdefault(ref, len(order) + 1)
        out.append(f"${number}")
        out.append(piece)
    return "".join(out), tuple(order)


class Plans:
    """The prepared statements of one connection, most recently used last; None means literals."""

    def __init__(self) -> None:
        self._plans: OrderedDict[Template, Plan | None] = OrderedDict()

    async def plan(self, conn: asyncpg.Connection, template: Template) -> Plan | None:
        """The kept statement, prepared the first time; None (kept too) when the server cannot
        type its parameters."""
        if template in self._plans:
            self._plans.move_to_end(template)
            return self._plans[template]
        sql, refs = numbered(template)
        statement = await _prepare(conn, sql)
        plan: Plan | None = None
        if statement is not None:
            fitters = [_FITTERS.get(kind.name) for kind in statement.get_parameters()]
            if all(fit is not None for fit in fitters):
                plan = Plan(statement, refs, tuple(f for f in fitters if f is not None))
        self._plans[template] = plan
        if len(self._plans) > _CACHE_SIZE:
            self._plans.popitem(last=False)
        return plan

    def forget(self, template: Template | None = None) -> None:
        """Drop one statement (its plan went stale) or all of them (after a schema change)."""
        if template is None:
            self._plans.clear()
        else:
            self._plans.pop(template, None)


async def _prepare(
    conn: asyncpg.Connection, sql: str
) -> asyncpg.prepared_stmt.PreparedStatement | None:
    """The prepared statement, or None when PostgreSQL cannot type it without literals.

    Untyped parameters fail where literals do not: `? IS NULL`, or a `VALUES (?, ?)` list
    compared with an integer column (its columns become text). Such a statement runs with
    literals, and a statement that is simply wrong fails there with the server's message. In a
    transaction the attempt is wrapped in a savepoint, so its failure does not abort the rest.
    """
    if not conn.is_in_transaction():
        try:
            return await conn.prepare(sql)
        except asyncpg.PostgresError:
            return None
    await conn.execute("SAVEPOINT ngobot_prepare")
    try:
        statement = await conn.prepare(sql)
    except asyncpg.PostgresError:
        await conn.execute("ROLLBACK TO SAVEPOINT ngobot_prepare")
        statement = None
    await conn.execute("RELEASE SAVEPOINT ngobot_prepare")
    return statement
