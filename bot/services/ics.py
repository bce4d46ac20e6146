"""Calendar files (.ics) for dated announcements: the event itself, or a call's deadline."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from bot.services.announcement_model import Announcement
from bot.services.catalogue import Kind
from bot.services.safe_html import visible_text

# An event without an end is shown as lasting an hour; a deadline as a half-hour slot ending
# at the deadline, with a reminder the day before (the useful moment to act on it).
DEFAULT_DURATION: Final = timedelta(hours=1)
DEADLINE_SLOT: Final = timedelta(minutes=30)
DEADLINE_ALARM: Final = timedelta(days=1)
PRODID: Final = "-//ngobot//announcements//PL"
_UNSAFE: Final = re.compile(r"[^\w\-]+")


def calendar_file(announcement: Announcement, zone: ZoneInfo, now: datetime) -> bytes | None:
    """The .ics for the announcement, or None when it has no date to put in a calendar.

    UID stays the same across corrections and SEQUENCE is the revision, so importing a
    corrected file updates the entry instead of adding a second one.
    """
    moment = announcement.calendar_time
    if moment is None:
        return None
    event = Event()
    event.add("uid", f"announcement-{announcement.id}@ngobot")
    event.add("sequence", announcement.revision)
    event.add("dtstamp", now)
    event.add("summary", announcement.title)
    if announcement.kind in (Kind.EVENT, Kind.TRAINING):
        start, end = moment, announcement.ends_at or moment + DEFAULT_DURATION
    else:
        start, end = moment - DEADLINE_SLOT, moment
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", announcement.title)
        alarm.add("trigger", -DEADLINE_ALARM, parameters={"RELATED": "END"})
        event.add_component(alarm)
    event.add("dtstart", start.astimezone(zone))
    event.add("dtend", end.astimezone(zone))
    location = announcement.place or announcement.address
    if location:
        event.add("location", location)
    if announcement.link:
        event.add("url", announcement.link)
    event.add("description", visible_text(announcement.body_html))
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    ical: bytes = calendar.to_ical()
    return ical


def file_name(announcement: Announcement) -> str:
    """A safe ASCII-ish file name from the title, e.g. "Dzien_otwarty.ics"."""
    stem = _UNSAFE.sub("_", announcement.title).strip("_")[:40] or "announcement"
    return f"{stem}.ics"
