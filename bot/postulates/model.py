"""What a postulate and a consultation round are: fields, statuses, limits and refusals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final

TITLE_MAX: Final = 120
DESCRIPTION_MAX: Final = 2000
BENEFICIARIES_MAX: Final = 300
REASON_MAX: Final = 500
POSITION_MAX: Final = 4000
# Characters of a position the answer note carries itself; a longer one continues in a note of
# its own ("answer_more:<id>", queued with the answer), so both fit whatever the language.
NOTE_FIRST_PART: Final = 3000
ROUND_TITLE_MAX: Final = 200
ROUND_DESCRIPTION_MAX: Final = 4000
PER_DAY: Final = 5  # postulates one person may submit in 24 hours (a flood guard)


class Status(StrEnum):
    NEW = "new"
    UNDER_REVIEW = "under_review"
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    REJECTED = "rejected"
    WILL_MAKE_EFFORTS = "will_make_efforts"
    OUTSIDE_COMPETENCE = "outside_competence"
    IMPLEMENTED = "implemented"
    WITHDRAWN = "withdrawn"
    MERGED = "merged"


# The statuses an answer of the city gives (the "Stanowisko Miasta" column).
ANSWERS: Final = (
    Status.ACCEPTED,
    Status.PARTLY_ACCEPTED,
    Status.REJECTED,
    Status.WILL_MAKE_EFFORTS,
    Status.OUTSIDE_COMPETENCE,
    Status.IMPLEMENTED,
)
# Still open: may be withdrawn, supported, reviewed, merged, answered.
OPEN: Final = (Status.NEW, Status.UNDER_REVIEW)


class Problem(StrEnum):
    """Why a postulate action was refused."""

    EMPTY = "empty"
    TOO_LONG = "too_long"
    TOO_MANY = "too_many"  # PER_DAY reached
    ROUND_CLOSED = "round_closed"
    UNKNOWN_TOPIC = "unknown_topic"
    NO_ORGANISATION = "no_organisation"  # on behalf of / support needs a membership
    OWN_ORGANISATION = "own_organisation"  # supporting one's own organisation's postulate
    ALREADY = "already"  # already supported by the organisation / already in that state
    NOT_ALLOWED = "not_allowed"  # not the author (or their organisation) / not staff
    WRONG_STATE = "wrong_state"  # withdrawn, merged or answered meanwhile
    NOT_FOUND = "not_found"
    BAD_DATES = "bad_dates"  # a round closing before it opens, or in the past


@dataclass(frozen=True, slots=True)
class Refusal:
    problem: Problem
    excess: int = 0  # TOO_LONG: by how many characters


@dataclass(frozen=True, slots=True)
class Round:
    id: int
    title: str
    description: str
    opens_at: datetime
    closes_at: datetime
    topic_ids: tuple[int, ...]
    announcement_id: int | None

    def is_open(self, now: datetime) -> bool:
        return self.opens_at <= now < self.closes_at


@dataclass(frozen=True, slots=True)
class Postulate:
    id: int
    round_id: int | None  # None: the general inbox
    topic_id: int
    title: str
    description: str
    beneficiaries: str
    organisation_id: int | None  # on behalf of this organisation; None: in the author's name
    organisation_name: str | None
    author_id: int | None  # None once the author asked to be forgotten
    status: Status
    merged_into: int | None
    withdraw_reason: str | None
    answer_status: Status | None  # drafted or published answer
    position: str | None  # the city's position (plain text)
    answered_at: datetime | None  # set when the answer is published
    submitted_at: datetime
    supports: int  # organisations supporting it

    @property
    def is_open(self) -> bool:
        return self.status in OPEN


@dataclass(frozen=True, slots=True)
class Draft:
    """A submission being written (kept in the dialog between steps, as JSON)."""

    round_id: int | None = None
    topic_id: int | None = None
    title: str = ""
    description: str = ""
    beneficiaries: str = ""
    on_behalf: bool = False


def clean_text(text: str, limit: int, *, one_line: bool = False) -> str | Refusal:
    """The text stripped (a one-line field also with its whitespace runs made single spaces),
    or EMPTY / TOO_LONG with the excess. Markup is kept verbatim: it is escaped when shown."""
    cleaned = " ".join(text.split()) if one_line else text.strip()
    if not cleaned:
        return Refusal(Problem.EMPTY)
    if len(cleaned) > limit:
        return Refusal(Problem.TOO_LONG, len(cleaned) - limit)
    return cleaned
