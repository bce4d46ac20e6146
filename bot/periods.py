"""Reminder lead times, quiet hours, the weekly digest moment, and moments in outbox tags."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

UNITS: Final = {"m": 60, "h": 3600, "d": 86400}
LEAD_MAX: Final = timedelta(days=60)
_LEAD: Final = re.compile(r"^\s*(\d{1,4})\s*([mhd])\s*$")
_CLOCK: Final = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")
WEEKDAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# The words that switch an optional period off (quiet hours, the digest).
OFF: Final = frozenset({"off", "none", "no", "0", ""})
MOMENT_FORMAT: Final = "%Y%m%dT%H%M%SZ"


class PeriodError(ValueError):
    """A lead time, clock time or weekday could not be read; the message says why."""


@dataclass(frozen=True, slots=True, order=True)
class Lead:
    """How long before a deadline or an event a reminder goes out: one number and one unit."""

    seconds: int
    amount: int
    unit: str  # 'm', 'h' or 'd'

    @property
    def delta(self) -> timedelta:
        return timedelta(seconds=self.seconds)

    @property
    def code(self) -> str:
        """E.g. '7d': how the lead is written in settings, storage and callback data."""
        return f"{self.amount}{self.unit}"


def parse_lead(text: str) -> Lead:
    match = _LEAD.match(text.lower())
    if match is None:
        raise PeriodError(f"{text!r} is not a lead time such as 30m, 2h or 7d")
    amount, unit = int(match[1]), match[2]
    lead = Lead(amount * UNITS[unit], amount, unit)
    if amount == 0 or lead.delta > LEAD_MAX:
        raise PeriodError(f"{text!r}: a lead time must be between 1 minute and 60 days")
    return lead


def parse_leads(text: str) -> tuple[Lead, ...]:
    """'7d,1d' -> the leads, longest first, without repeats; '' or 'off' -> none."""
    if text.strip().lower() in OFF:
        return ()
    leads = {parse_lead(part) for part in text.split(",")}
    return tuple(sorted(leads, reverse=True))


_DURATION: Final = re.compile(r"^\s*(\d{1,6})\s*([smh])\s*$")
DURATION_UNITS: Final = {"s": 1, "m": 60, "h": 3600}


def parse_duration(text: str) -> timedelta:
    """'10m', '30s', '1h': a positive span in seconds, minutes or hours (feed intervals)."""
    match = _DURATION.match(text.lower())
    if match is None or int(match[1]) == 0:
        raise PeriodError(f"{text!r} is not a duration such as 30s, 10m or 1h")
    return timedelta(seconds=int(match[1]) * DURATION_UNITS[match[2]])


def leads_code(leads: tuple[Lead, ...]) -> str:
    return ",".join(lead.code for lead in leads)


def parse_clock(text: str) -> time:
    match = _CLOCK.match(text)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise PeriodError(f"{text!r} is not a time of day such as 08:00")
    return time(int(match[1]), int(match[2]))


@dataclass(frozen=True, slots=True)
class QuietHours:
    """A nightly window (it may wrap past midnight) in which reminders are not sent."""

    start: time
    end: time

    @property
    def code(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    def contains(self, moment: time) -> bool:
        if self.start <= self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end

    def defer(self, due: datetime, before: datetime, zone: ZoneInfo) -> datetime:
        """`due`, or the end of the quiet window it falls in when that is still before
        `before` (the deadline or event): a reminder after its moment would be useless."""
        local = due.astimezone(zone)
        if not self.contains(local.time().replace(tzinfo=None)):
            return due
        day = local.date()
        if self.start > self.end and local.time() >= self.start:
            day += timedelta(days=1)  # the evening part of a window that ends tomorrow
        morning = _local(day, self.end, zone)
        return morning if morning < before else due


def parse_quiet(text: str) -> QuietHours | None:
    """'21:00-08:00' -> the window; 'off' -> None (no quiet hours)."""
    if text.strip().lower() in OFF:
        return None
    start, sep, end = text.partition("-")
    if not sep:
        raise PeriodError(f"{text!r} is not a window such as 21:00-08:00")
    quiet = QuietHours(parse_clock(start), parse_clock(end))
    if quiet.start == quiet.end:
        raise PeriodError(f"{text!r}: the window starts and ends at the same time")
    return quiet


@dataclass(frozen=True, slots=True)
class DigestTime:
    """When the weekly digest goes out: a weekday (0 = Monday) and a local time."""

    weekday: int
    at: time

    def week_of(self, moment: datetime, zone: ZoneInfo) -> tuple[str, datetime]:
        """The ISO week `moment` falls in ('2027-W03') and that week's digest moment."""
        local = moment.astimezone(zone)
        year, week, _ = local.isocalendar()
        day = date.fromisocalendar(year, week, self.weekday + 1)
        return f"{year}-W{week:02d}", _local(day, self.at, zone)


def parse_digest(text: str) -> DigestTime | None:
    """'mon 08:00' -> the moment; 'off' -> None (no digest)."""
    if text.strip().lower() in OFF:
        return None
    day, _, clock = text.strip().lower().partition(" ")
    if day[:3] not in WEEKDAYS:
        raise PeriodError(f"{text!r} is not a weekday and time such as 'mon 08:00'")
    return DigestTime(WEEKDAYS.index(day[:3]), parse_clock(clock))


def _local(day: date, at: time, zone: ZoneInfo) -> datetime:
    """A wall-clock time on a day in `zone`; a time skipped by the spring change is read with
    the offset before the change (02:30 on that night is 03:30 summer time), as zoneinfo does."""
    return datetime.combine(day, at, tzinfo=zone)


def reminder_tag(lead: Lead, moment: datetime) -> str:
    """'7d|20270115T140000Z': the lead and the moment it counts back from (UTC)."""
    return f"{lead.code}|{moment_code(moment)}"


def moment_code(moment: datetime) -> str:
    """A moment as compact UTC text, for outbox tags."""
    return f"{moment.astimezone(UTC):{MOMENT_FORMAT}}"


def read_tag(tag: str) -> tuple[str, datetime] | None:
    """The lead code and moment of a reminder's tag; None for anything else."""
    lead, sep, moment = tag.partition("|")
    if not sep:
        return None
    try:
        return lead, datetime.strptime(moment, MOMENT_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None
