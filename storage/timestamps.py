"""How the storage layer writes and reads timestamps: UTC ISO 8601 text of fixed width."""

from __future__ import annotations

from datetime import UTC, datetime


def to_db(moment: datetime) -> str:
    """Format an aware datetime as e.g. '2025-01-31T12:00:00.000000+00:00'.

    Always with microseconds, so every value has the same width and comparing the text
    (ORDER BY, max()) compares the times.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"timestamp must be timezone-aware, got {moment!r}")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_db(text: str) -> datetime:
    """Parse a value written by `to_db` back into an aware UTC datetime."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"timestamp in the database has no offset: {text!r}")
    return moment.astimezone(UTC)
