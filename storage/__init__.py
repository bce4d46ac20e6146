"""ngobot's storage layer: the SQLite connection, schema migrations, backups and table modules."""

from storage.backup import BackupError, BackupResult, backup_database
from storage.db import Database, StorageError, connect
from storage.migrate import (
    DatabaseTooNewError,
    Migration,
    MigrationError,
    MigrationResult,
    available_migrations,
    check_version,
    current_version,
    latest_version,
    migrate,
)
from storage.users import (
    LANGUAGES,
    ROLES,
    UserRow,
    count_users,
    ensure_admins,
    get_user,
    set_language,
    set_role,
    upsert_user,
)

__all__ = [
    "LANGUAGES",
    "ROLES",
    "BackupError",
    "BackupResult",
    "Database",
    "DatabaseTooNewError",
    "Migration",
    "MigrationError",
    "MigrationResult",
    "StorageError",
    "UserRow",
    "available_migrations",
    "backup_database",
    "check_version",
    "connect",
    "count_users",
    "current_version",
    "ensure_admins",
    "get_user",
    "latest_version",
    "migrate",
    "set_language",
    "set_role",
    "upsert_user",
]
