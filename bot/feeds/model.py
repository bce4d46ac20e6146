"""What a feed is for staff: where it is, what its items become, and how its polling goes."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.core.topics import Kind
from storage.feeds import FeedRow


class Mode(StrEnum):
    AUTO = "auto"  # items are published as they come
    REVIEW = "review"  # staff publish or discard each one


class FeedProblem(StrEnum):
    """Why a feed could not be added or changed."""

    INVALID_URL = "invalid_url"
    DUPLICATE = "duplicate"
    NO_TOPICS = "no_topics"
    UNREADABLE = "unreadable"  # an OPML file that is not one


@dataclass(frozen=True, slots=True)
class Feed:
    id: int
    url: str
    title: str | None
    kind: Kind
    all_topics: bool
    topic_ids: tuple[int, ...]
    mode: Mode
    active: bool
    paused_reason: str | None  # set when the poller paused it after repeated failures
    last_success_at: datetime | None
    last_error: str | None
    failures: int
    primed: bool
    next_poll_at: datetime
    interval_seconds: int | None
    etag: str | None
    last_modified: str | None
    published: int
    held: int

    @property
    def name(self) -> str:
        return self.title or self.url


def feed_of(row: FeedRow) -> Feed:
    names = [f.name for f in dataclasses.fields(Feed) if hasattr(row, f.name)]
    values = {name: getattr(row, name) for name in names}
    values.update(kind=Kind(row.kind), mode=Mode(row.mode), active=row.status == "active")
    return Feed(**values)
