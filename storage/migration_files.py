"""The shipped migrations: numbered SQL files in storage/migrations, read and checked, in
the spelling of the database they are for."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable

from storage.db import StorageError
from storage.pg_translate import translate

# Read through importlib.resources so the files are found inside an installed wheel too.
MIGRATIONS_DIR: Traversable = files("storage").joinpath("migrations")

_FILE_NAME = re.compile(r"(?P<version>\d{4})_(?P<name>[a-z0-9_]+)(?P<dialect>\.postgresql)?\.sql")


class MigrationError(StorageError):
    """The migration files are inconsistent, or one of them failed to apply."""


class DatabaseTooNewError(StorageError):
    """The database was migrated by a newer ngobot; running older code on it could corrupt it."""

    def __init__(self, found: int, supported: int) -> None:
        super().__init__(
            f"database schema version {found} is newer than this ngobot supports "
            f"({supported}); upgrade ngobot or restore a backup"
        )
        self.found = found
        self.supported = supported


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class MigrationResult:
    before: int
    after: int
    applied: list[int]


def available_migrations(dialect: str = "sqlite") -> list[Migration]:
    """Return the shipped migrations in order, after checking they are numbered 1, 2, 3, ...

    For PostgreSQL a migration's `NNNN_name.postgresql.sql` replaces `NNNN_name.sql` where
    the dialects differ; elsewhere the common file is used as translate() rewrites it.
    """
    migrations, variants = [], {}
    for entry in MIGRATIONS_DIR.iterdir():
        if not entry.name.endswith(".sql"):
            continue
        match = _FILE_NAME.fullmatch(entry.name)
        if match is None:
            raise MigrationError(f"migration file {entry.name!r} is not named NNNN_short_name.sql")
        version, sql = int(match["version"]), entry.read_text(encoding="utf-8")
        if match["dialect"]:
            variants[version] = sql
        else:
            migrations.append(Migration(version, match["name"], sql))
    if dialect == "postgresql":
        migrations = [
            Migration(m.version, m.name, variants.get(m.version) or translate(m.sql))
            for m in migrations
        ]
    migrations.sort(key=lambda m: m.version)
    _check_numbering(migrations)
    return migrations


def _check_numbering(migrations: list[Migration]) -> None:
    for expected, migration in enumerate(migrations, start=1):
        if migration.version != expected:
            found = [m.version for m in migrations]
            raise MigrationError(
                f"migration versions must be 1, 2, 3, ... without gaps or duplicates; "
                f"found {found}"
            )
