"""What an announcement is: its fields per kind, states, and the rules a valid one follows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum
from typing import Any, Final
from zoneinfo import ZoneInfo

from bot.core.addresses import split_address
from bot.core.dates import (
    CLOSING_TIME,
    DEADLINE_TIME,
    MIDNIGHT,
    DateProblem,
    parse_when,
)
from bot.core.safe_html import clean_html
from bot.core.topics import Kind

TITLE_MAX: Final = 200
LINE_MAX: Final = 200  # place, address
LINK_MAX: Final = 1000
MESSAGE_MAX: Final = 4096


class Status(StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class Source(StrEnum):
    CHAT = "chat"
    CLI = "cli"
    FEED = "feed"


class Field(StrEnum):
    """What staff fill in; the values are short because they travel in callback data."""

    AUDIENCE = "aud"
    TITLE = "title"
    TEXT = "text"
    STARTS = "starts"
    ENDS = "ends"
    PLACE = "place"
    DEADLINE = "deadline"
    ADDRESS = "address"
    LINK = "link"
    DOCUMENT = "doc"
    SCHEDULE = "sched"  # not stored on its own: the time a scheduled announcement goes out

    @property
    def attribute(self) -> str:
        """The Announcement attribute (and table column) holding the field."""
        return _ATTRIBUTES.get(self, self.value)


_ATTRIBUTES: Final = {
    Field.TEXT: "body_html",
    Field.STARTS: "starts_at",
    Field.ENDS: "ends_at",
    Field.DOCUMENT: "document_file_id",
    Field.SCHEDULE: "publish_at",
}
DATE_FIELDS: Final = frozenset({Field.STARTS, Field.ENDS, Field.DEADLINE, Field.SCHEDULE})

# The kind's own fields, in the order they are asked, and which of them must be filled.
KIND_FIELDS: Final[dict[Kind, tuple[Field, ...]]] = {
    Kind.EVENT: (Field.STARTS, Field.ENDS, Field.PLACE),
    Kind.TRAINING: (Field.STARTS, Field.ENDS, Field.PLACE),
    Kind.CALL: (Field.DEADLINE, Field.LINK),
    Kind.CONSULTATION: (Field.DEADLINE,),
    Kind.PREMISES: (Field.ADDRESS,),
    Kind.NOTICE: (),
}
OPTIONAL: Final = frozenset({Field.ENDS, Field.LINK, Field.DOCUMENT})


def is_optional(kind: Kind, field: Field) -> bool:
    return field in OPTIONAL and not (kind is Kind.CALL and field is Field.LINK)


def steps(kind: Kind) -> list[Field]:
    """The text fields asked after the audience, in order."""
    own = KIND_FIELDS[kind]
    link = [] if Field.LINK in own else [Field.LINK]
    return [Field.TITLE, Field.TEXT, *own, *link, Field.DOCUMENT]


def default_time(kind: Kind, field: Field) -> time:
    """The time meant by a date typed without one (see bot.core.dates)."""
    if field is Field.DEADLINE:
        return DEADLINE_TIME if kind is Kind.CALL else CLOSING_TIME
    return MIDNIGHT


@dataclass(frozen=True, slots=True)
class Announcement:
    id: int
    kind: Kind
    title: str
    body_html: str
    starts_at: datetime | None
    ends_at: datetime | None
    place: str | None
    deadline: datetime | None
    address: str | None
    link: str | None
    document_file_id: str | None
    document_name: str | None
    organisation_id: int | None
    all_topics: bool
    status: Status
    publish_at: datetime | None
    published_at: datetime | None
    cancelled_at: datetime | None
    revision: int
    source: Source
    created_by: int | None
    created_at: datetime
    progress_chat_id: int | None
    progress_message_id: int | None
    topic_ids: tuple[int, ...]

    @property
    def calendar_time(self) -> datetime | None:
        """What a calendar file is about: the event's start or the deadline, if any."""
        if self.kind in (Kind.EVENT, Kind.TRAINING):
            return self.starts_at
        return self.deadline if self.kind in (Kind.CALL, Kind.CONSULTATION) else None

    @property
    def has_audience(self) -> bool:
        return self.all_topics or bool(self.topic_ids) or self.organisation_id is not None


def blank(kind: Kind, source: Source, now: datetime) -> Announcement:
    """An empty draft in memory, to check values before anything is stored."""
    return Announcement(
        0, kind, "", "", None, None, None, None, None, None, None, None, None, False,
        Status.DRAFT, None, None, None, 0, source, None, now, None, None, (),
    )  # fmt: skip


class Problem(StrEnum):
    """Why a value or an announcement was refused."""

    MISSING = "missing"
    EMPTY = "empty"
    TOO_LONG = "too_long"
    LINK_INVALID = "link_invalid"
    UNREADABLE = "unreadable"
    PAST = "past"
    TOO_FAR = "too_far"
    BEFORE_PUBLICATION = "before_publication"
    END_BEFORE_START = "end_before_start"
    BAD_DATE = "bad_date"
    BAD_TIME = "bad_time"
    WRONG_STATE = "wrong_state"


@dataclass(frozen=True, slots=True)
class Refusal:
    """A refusal with the field it concerns and, for TOO_LONG, by how much."""

    problem: Problem
    field: Field | None = None
    excess: int = 0


def missing_field(announcement: Announcement) -> Field | None:
    """The first field that must be filled and is not."""
    if not announcement.has_audience:
        return Field.AUDIENCE
    required = [Field.TITLE, Field.TEXT]
    # A feed item is the city's own text: it goes out without the dates or place a portal's
    # item may not state in a machine-readable way (a deadline found in the text is added).
    if announcement.source is not Source.FEED:
        required += [
            f for f in KIND_FIELDS[announcement.kind] if not is_optional(announcement.kind, f)
        ]
    for field in required:
        if not getattr(announcement, field.attribute):
            return field
    return None


def check_dates(announcement: Announcement, at: datetime, now: datetime) -> Refusal | None:
    """Dates must lie ahead of the publication time `at`, and an end after its start."""
    for field in (Field.STARTS, Field.DEADLINE):
        moment = getattr(announcement, field.attribute)
        if moment is not None and moment <= now:
            return Refusal(Problem.PAST, field)
        if moment is not None and moment <= at:
            return Refusal(Problem.BEFORE_PUBLICATION, field)
    starts, ends = announcement.starts_at, announcement.ends_at
    if starts is not None and ends is not None and ends <= starts:
        return Refusal(Problem.END_BEFORE_START, Field.ENDS)
    return None


def parse_value(
    field: Field,
    text: str,
    html: str,
    kind: Kind,
    zone: ZoneInfo,
    now: datetime,
    *,
    starts: datetime | None = None,
) -> object | Refusal:
    """A typed answer for a text field as stored, or why it was refused.

    An end typed as a time alone ("12:00") is on the day of `starts`.
    """
    if field in DATE_FIELDS:
        day_of = starts if field is Field.ENDS else None
        parsed = parse_when(text, zone, now, default_time=default_time(kind, field), day_of=day_of)
        return (
            Refusal(_DATE_PROBLEMS[parsed], field) if isinstance(parsed, DateProblem) else parsed
        )
    if field is Field.TEXT:
        body = clean_html(html)
        return body if body else Refusal(Problem.EMPTY, field)
    if field is Field.LINK:
        return check_link(text)
    line = " ".join(text.split())
    limit = TITLE_MAX if field is Field.TITLE else LINE_MAX
    if not line:
        return Refusal(Problem.EMPTY, field)
    return Refusal(Problem.TOO_LONG, field, len(line) - limit) if len(line) > limit else line


def http_address(text: str) -> str | None:
    """An http(s) address as given ("www.example.org" gets its https:// added), or None."""
    link = text.strip()
    if link and "://" not in link:
        link = "https://" + link
    parts = split_address(link)
    if parts is None or parts.scheme not in ("http", "https"):
        return None
    if "." not in parts.netloc or " " in link:
        return None
    return link


def check_link(text: str) -> str | Refusal:
    """An http(s) address; "www.example.org" gets its https:// added."""
    link = http_address(text)
    if link is None:
        return Refusal(Problem.LINK_INVALID, Field.LINK)
    if len(link) > LINK_MAX:
        return Refusal(Problem.TOO_LONG, Field.LINK, len(link) - LINK_MAX)
    return link


_DATE_PROBLEMS: Final = {
    DateProblem.UNREADABLE: Problem.UNREADABLE,
    DateProblem.PAST: Problem.PAST,
    DateProblem.TOO_FAR: Problem.TOO_FAR,
    DateProblem.BEFORE_PUBLICATION: Problem.BEFORE_PUBLICATION,
    DateProblem.END_BEFORE_START: Problem.END_BEFORE_START,
    DateProblem.BAD_DATE: Problem.BAD_DATE,
    DateProblem.BAD_TIME: Problem.BAD_TIME,
}


def attributes(changes: Mapping[Field, object]) -> dict[str, Any]:
    """Field values by attribute (= column); a document is its (file_id, name) pair."""
    values: dict[str, Any] = {}
    for field, value in changes.items():
        if field is Field.DOCUMENT:
            file_id, name = value if isinstance(value, tuple | list) else (None, None)
            values.update(document_file_id=file_id, document_name=name)
        else:
            values[field.attribute] = value
    return values


def encode(value: object) -> object:
    """A field value as JSON (kept in the dialog across restarts)."""
    return value.isoformat() if isinstance(value, datetime) else value


def decode(field: Field, value: object) -> object:
    if field in DATE_FIELDS and isinstance(value, str):
        return datetime.fromisoformat(value)
    return value
