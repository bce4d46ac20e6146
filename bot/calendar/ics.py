"""Calendar files (.ics) for dated announcements: events as they are, deadlines as short slots."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from bot.announcements.model import Announcement, Status
from bot.calendar.preferences import LeadKind, Preferences, lead_kind
from bot.core.safe_html import visible_text

# An event without an end is shown as lasting an hour; a deadline as a half-hour slot ending
# at the deadline, so calendars show it on the right day and its alarms count back from it.
DEFAULT_DURATION: Final = timedelta(hours=1)
DEADLINE_SLOT: Final = timedelta(minutes=30)
PRODID: Final = "-//ngobot//announcements//PL"
_UNSAFE: Final = re.compile(r"[^\w\-]+")


@dataclass(frozen=True, slots=True)
class AlarmLeads:
    """How long before a deadline and before an event a calendar should remind (none: no alarm)."""

    deadline: tuple[timedelta, ...] = ()
    event: tuple[timedelta, ...] = ()

    @classmethod
    def of(cls, preferences: Preferences) -> AlarmLeads:
        """The chat's own lead times. Taken even when bot reminders are off: the calendar is
        where people who switched the bot's reminders off still want to be reminded."""
        return cls(
            tuple(lead.delta for lead in preferences.deadline_leads),
            tuple(lead.delta for lead in preferences.event_leads),
        )


def calendar_file(
    announcements: Iterable[Announcement],
    zone: ZoneInfo,
    now: datetime,
    alarms: AlarmLeads,
    *,
    name: str | None = None,
) -> bytes | None:
    """One VCALENDAR with a VEVENT per dated announcement; None when none of them has a date.

    UID stays the same across corrections and SEQUENCE is the revision, so importing the file
    again updates the entries instead of adding second ones. `name` is the calendar's title
    (X-WR-CALNAME), for a file of many announcements.
    """
    events = [event for a in announcements if (event := _event(a, zone, now, alarms)) is not None]
    if not events:
        return None
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    ical: bytes = calendar.to_ical()
    return ical


def _event(a: Announcement, zone: ZoneInfo, now: datetime, alarms: AlarmLeads) -> Event | None:
    moment, which = a.calendar_time, lead_kind(a.kind)
    if moment is None or which is None:
        return None
    event = Event()
    event.add("uid", f"announcement-{a.id}@ngobot")
    event.add("sequence", a.revision)
    event.add("dtstamp", now.astimezone(UTC))
    event.add("summary", a.title)
    if which is LeadKind.EVENT:
        start, end = moment, a.ends_at or moment + DEFAULT_DURATION
        leads, related = alarms.event, "START"
    else:
        start, end = moment - DEADLINE_SLOT, moment
        leads, related = alarms.deadline, "END"
    event.add("dtstart", wall_time(start, zone))
    event.add("dtend", wall_time(end, zone))
    location = a.place or a.address
    if location:
        event.add("location", location)
    if a.link:
        event.add("url", a.link)
    event.add("description", visible_text(a.body_html))
    if a.status is Status.CANCELLED:
        event.add("status", "CANCELLED")  # a re-import then marks the entry cancelled
    for lead in leads:
        event.add_component(_alarm(a.title, lead, related))
    return event


def _alarm(title: str, lead: timedelta, related: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", title)
    alarm.add("trigger", -lead, parameters={"RELATED": related})
    return alarm


def wall_time(moment: datetime, zone: ZoneInfo) -> datetime:
    """The local time in `zone`, written with its TZID; UTC for the second of two equal wall
    times on the autumn night (RFC 5545 reads a repeated local time as its first occurrence,
    so 02:30 with TZID cannot mean the later 02:30)."""
    local = moment.astimezone(zone)
    if local.fold and local.replace(fold=0).utcoffset() != local.utcoffset():
        return moment.astimezone(UTC)
    return local


def file_name(announcement: Announcement) -> str:
    """A safe ASCII-ish file name from the title, e.g. "Dzien_otwarty.ics"."""
    stem = _UNSAFE.sub("_", announcement.title).strip("_")[:40] or "announcement"
    return f"{stem}.ics"
