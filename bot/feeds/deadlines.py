"""Deadlines stated in Polish calls for proposals and consultations, or none when unsure.

A wrong deadline is worse than none: reminders would fire on the wrong day, while an item
without one is held for staff to confirm. So a date counts only when its sentence makes it the
submission (or comment) deadline, and two deadlines that disagree give none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.core.dates import CLOSING_TIME, DEADLINE_TIME, localise
from bot.feeds.deadline_dates import WHOLE_DAY, find_dates
from bot.feeds.deadline_kinds import DeadlineKind
from bot.feeds.deadline_revisions import cancelled
from bot.feeds.deadline_roles import RoledDate, assign_roles

__all__ = [
    "Deadline",
    "DeadlineKind",
    "Reading",
    "extract_deadline",
    "find_deadline",
    "read_deadline",
]


# A date without a time: a call closes at the city's usual hour, a comment period at the end
# of its last day (as bot.core.dates reads what staff type).
_DEFAULT_TIMES: dict[DeadlineKind, time] = {
    DeadlineKind.CALL: DEADLINE_TIME,
    DeadlineKind.CONSULTATION: CLOSING_TIME,
    DeadlineKind.OTHER: DEADLINE_TIME,
}


@dataclass(frozen=True, slots=True)
class Deadline:
    at: datetime
    kind: DeadlineKind


@dataclass(frozen=True, slots=True)
class Reading:
    deadline: Deadline | None
    # Dates that look like deadlines disagree (two rounds, two times, a moved date without
    # its new one): staff should say which one counts.
    unclear: bool = False


def extract_deadline(
    text: str, zone: ZoneInfo, now: datetime, hint: DeadlineKind | None = None
) -> datetime | None:
    """The submission or closing deadline stated in Polish `text`, in `zone`, or None."""
    found = find_deadline(text, zone, now, hint)
    return None if found is None else found.at


def find_deadline(
    text: str, zone: ZoneInfo, now: datetime, hint: DeadlineKind | None = None
) -> Deadline | None:
    """The deadline `text` states and what it closes, or None when none or unclear."""
    return read_deadline(text, zone, now, hint).deadline


def read_deadline(
    text: str, zone: ZoneInfo, now: datetime, hint: DeadlineKind | None = None
) -> Reading:
    """What `text` says of its deadline: the deadline, or none, and whether it is unclear.

    A date without a year is its next occurrence on or after `now`'s date ("br." this year);
    past dates are returned as found. `hint` (the feed's kind) decides what a text closes
    when its words do not say.
    """
    if cancelled(text):
        return Reading(None)  # the call no longer runs: none of its dates is a deadline
    today = now.astimezone(zone).date()
    mentions = list(find_dates(text, today))
    roled = [r for r in assign_roles(text, mentions, hint) if not r.starts]
    clear = [r for r in roled if not r.unclear]
    closing = [r for r in clear if not r.bare]
    chosen = _agreed(closing or clear)
    if chosen is None:
        return Reading(None, unclear=bool(clear))
    if any(r.unclear and r.mention.day != chosen[0].mention.day for r in roled):
        return Reading(None, unclear=True)  # another closing date of unknown purpose
    kind = Counter(r.kind for r in chosen).most_common(1)[0][0]
    at = _time(chosen, kind)
    if at is None:
        return Reading(None, unclear=True)
    return Reading(Deadline(localise(datetime.combine(chosen[0].mention.day, at), zone), kind))


def _agreed(roled: Sequence[RoledDate]) -> list[RoledDate] | None:
    """The mentions of the one deadline day, or None when there is none or they disagree.

    A deadline stated as extended ("przedłużono do 20 stycznia") replaces the earlier one;
    one for signing up to a meeting gives way to what the call or consultation closes.
    """
    if not roled:
        return None
    main = [r for r in roled if r.kind is not DeadlineKind.OTHER]
    if main and len(main) < len(roled):
        roled = main  # signing up for a meeting is not what a call or consultation closes
    days = {r.mention.day for r in roled}
    if len(days) == 1:
        return list(roled)
    extended = [r for r in roled if r.extended]
    if len({r.mention.day for r in extended}) == 1:
        return extended
    return None


def _time(chosen: Sequence[RoledDate], kind: DeadlineKind) -> time | None:
    """The one time stated for the day; none stated: the kind's default; two: unclear."""
    stated = {r.mention.at for r in chosen if r.mention.at is not None}
    if len(stated) > 1:
        return None
    if stated:
        return stated.pop()
    if any(r.mention.inclusive for r in chosen):
        return WHOLE_DAY
    return _DEFAULT_TIMES[kind]
