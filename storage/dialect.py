"""Turning the storage modules' SQLite-flavoured SQL into PostgreSQL, and binding its values.

The storage modules keep one spelling of each statement (SQLite's, with `?`, `?N` and `:name`
parameters). For PostgreSQL a statement is rewritten once (cached) and its values are bound as
literals: PostgreSQL then types each value from its context, as SQLite does, so `? IS NULL`,
an id compared with a column or '1' used as a boolean work without casts in every module.
Binding is safe because the connection forces standard_conforming_strings (a backslash is an
ordinary character in '...') and every text literal doubles its quotes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from storage.connection import Params

# A token the rewriting must step over (strings, quoted names, comments, casts) or a parameter.
_TOKEN = re.compile(
    r"""(?P<skip>'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|::)"""
    r"""|\?(?P<number>\d+)?|(?<![:\w]):(?P<name>[A-Za-z_]\w*)"""
)
# Statement-level rewrites where the two dialects spell one thing differently.
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bINDEXED BY \w+", re.IGNORECASE), ""),
    (re.compile(r"\binstr\(", re.IGNORECASE), "strpos("),
    (re.compile(r"\bAS INTEGER\)", re.IGNORECASE), "AS BIGINT)"),
    (re.compile(r"\bgroup_concat\((\w+)\)", re.IGNORECASE), r"string_agg(\1::text, ',')"),
    (re.compile(r"\bjson_group_array\((\w+)\)", re.IGNORECASE), r"coalesce(json_agg(\1), '[]')"),
    # SQLite's "x IS ?" matches NULL with NULL; PostgreSQL spells that comparison out.
    (re.compile(r"\bIS NOT (?=\?|:[A-Za-z_])", re.IGNORECASE), "IS DISTINCT FROM "),
    (re.compile(r"\bIS (?=\?|:[A-Za-z_])", re.IGNORECASE), "IS NOT DISTINCT FROM "),
    # Only ever used on JSON arrays of ids.
    (
        re.compile(r"\bvalue FROM json_each\(", re.IGNORECASE),
        "value::bigint FROM json_array_elements_text(",
    ),
)
_OR_IGNORE = re.compile(r"\bINSERT OR IGNORE INTO\b", re.IGNORECASE)
_RETURNING = re.compile(r"\bRETURNING\b", re.IGNORECASE)


class BindError(ValueError):
    """A value cannot be written as a PostgreSQL literal, or a parameter has no value."""


@dataclass(frozen=True, slots=True)
class Template:
    """A rewritten statement: SQL pieces with a parameter reference between each two."""

    pieces: tuple[str, ...]
    refs: tuple[int | str, ...]  # 0-based position or name


@lru_cache(maxsize=1024)
def to_postgres(sql: str) -> Template:
    """Rewrite one SQLite-flavoured statement for PostgreSQL (without binding its values)."""
    for pattern, replacement in _REWRITES:
        sql = pattern.sub(replacement, sql)
    if _OR_IGNORE.search(sql):
        sql = _on_conflict_do_nothing(_OR_IGNORE.sub("INSERT INTO", sql))
    pieces: list[str] = []
    refs: list[int | str] = []
    position, start = 0, 0
    for match in _TOKEN.finditer(sql):
        if match["skip"] is not None:
            continue
        pieces.append(sql[start : match.start()])
        start = match.end()
        if match["name"] is not None:
            refs.append(match["name"])
        elif match["number"] is not None:
            refs.append(int(match["number"]) - 1)
        else:
            refs.append(position)
            position += 1
    pieces.append(sql[start:])
    return Template(tuple(pieces), tuple(refs))


def _on_conflict_do_nothing(sql: str) -> str:
    """Add ON CONFLICT DO NOTHING where PostgreSQL wants it: before RETURNING, else at the end."""
    returning = _RETURNING.search(sql)
    if returning is not None:
        at = returning.start()
        return f"{sql[:at]} ON CONFLICT DO NOTHING {sql[at:]}"
    body = sql.rstrip().removesuffix(";")
    return f"{body} ON CONFLICT DO NOTHING"


def bind(template: Template, params: Params) -> str:
    """The statement with each parameter replaced by its value as a literal."""
    out = [template.pieces[0]]
    for ref, piece in zip(template.refs, template.pieces[1:], strict=True):
        out.append(literal(value_of(params, ref)))
        out.append(piece)
    return "".join(out)


def value_of(params: Params, ref: int | str) -> object:
    try:
        if isinstance(ref, str):
            if not isinstance(params, Mapping):
                raise BindError(f"named parameter :{ref} needs a mapping of values")
            return params[ref]
        if isinstance(params, Mapping):
            raise BindError("positional parameters need a sequence of values")
        return params[ref]
    except (KeyError, IndexError) as exc:
        raise BindError(f"no value for parameter {ref!r}") from exc


def literal(value: object) -> str:
    """One value as a PostgreSQL literal; text and booleans stay untyped ('...'), like SQLite."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):  # before int: stored as 0/1, also usable as a condition
        return "'1'" if value else "'0'"
    if isinstance(value, int):
        return f"({value})" if value < 0 else str(value)  # `a -?` must not become a comment
    if isinstance(value, float | Decimal):
        number = repr(float(value))
        return f"({number})" if value < 0 else number
    if isinstance(value, str):
        return "'" + storable_text(value).replace("'", "''") + "'"
    if isinstance(value, bytes):
        return f"'\\x{value.hex()}'::bytea"
    raise BindError(f"cannot store a value of type {type(value).__name__}")


def storable_text(value: str) -> str:
    """`value`, which PostgreSQL can store as text (it cannot hold NUL characters)."""
    if "\x00" in value:
        raise BindError("PostgreSQL text cannot hold NUL characters")
    return value
