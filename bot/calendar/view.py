"""/upcoming and /calendar: pages of coming deadlines and events, and their calendar file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final
from zoneinfo import ZoneInfo

from bot.announcements.model import Announcement
from bot.announcements.render import KIND_HEADINGS
from bot.calendar.ics import AlarmLeads, calendar_file
from bot.calendar.preferences import PreferenceService
from bot.calendar.upcoming import UpcomingPage, UpcomingService
from bot.core.callbacks import Button, Keyboard, pack, unpack
from bot.core.dates import format_long
from bot.core.i18n import N_, Translator
from bot.core.render import Html, bold
from bot.core.screens import Screen
from bot.core.topics import Kind
from bot.numbers import parse_natural

PREFIX: Final = "upc"
FILE_NAME: Final = "upcoming.ics"
# The calendar's title in calendar apps; the same words as the /upcoming command's description.
CALENDAR_NAME: Final = N_("Coming deadlines and events")
NOTHING_AHEAD: Final = N_(
    "Nothing is coming up, so there is no calendar file to send. Choose topics with /topics."
)


class Action(StrEnum):
    """What an /upcoming button asks for; short because it travels in callback data."""

    PAGE = "p"
    FILE = "f"


@dataclass(frozen=True, slots=True)
class UpcomingRequest:
    action: Action
    page: int = 0


def parse(data: str | None) -> UpcomingRequest | None:
    """An /upcoming button; None for anything malformed or forged."""
    if unpack(data, PREFIX, 1) == [Action.FILE]:
        return UpcomingRequest(Action.FILE)
    parts = unpack(data, PREFIX, 2)
    if parts is None or parts[0] != Action.PAGE:
        return None
    page = parts[1]
    number = parse_natural(page, max_digits=6)
    return None if number is None else UpcomingRequest(Action.PAGE, number)


def screen(t: Translator, found: UpcomingPage, zone: ZoneInfo) -> Screen:
    """One page: a heading with the count, the entries, paging and the calendar-file button."""
    if found.total == 0:
        return Screen(
            t.gettext("Nothing is coming up for your topics. Choose topics with /topics.")
        )
    count = t.ngettext(
        "{n} deadline or event ahead", "{n} deadlines and events ahead", found.total
    )
    if found.pages > 1:
        where = t.gettext("page {page} of {pages}", page=found.page + 1, pages=found.pages)
        count = Html(f"{count} · {where}")
    title = t.gettext("📆 Coming up")
    heading = f"{bold(title)}\n{count}"
    entries = [entry(t, item, zone) for item in found.items]
    rows: Keyboard = []
    paging = _paging(t, found)
    if paging:
        rows.append(paging)
    rows.append([(t.plain("📥 Calendar file (.ics)"), pack(PREFIX, Action.FILE))])
    return Screen(Html("\n\n".join([heading, *entries])), rows)


def entry(t: Translator, a: Announcement, zone: ZoneInfo) -> Html:
    """Kind and title, then when (saying which dates are deadlines) and where."""
    lines = [f"{t.gettext(KIND_HEADINGS[a.kind])} · {bold(a.title)}"]
    moment = a.calendar_time
    if moment is not None:
        when = format_long(moment, t.language, zone)
        if a.kind is Kind.CONSULTATION:
            lines.append(t.gettext("⏳ Open until: {when}", when=when))
        elif a.kind is Kind.CALL:
            lines.append(t.gettext("⏳ Deadline: {when}", when=when))
        else:
            lines.append(t.gettext("🗓 When: {when}", when=when))
    if a.place:
        lines.append(t.gettext("📍 Where: {place}", place=a.place))
    return Html("\n".join(lines))


def _paging(t: Translator, found: UpcomingPage) -> list[Button]:
    row: list[Button] = []
    if found.page > 0:
        row.append((t.plain("◀️ Previous page"), pack(PREFIX, Action.PAGE, found.page - 1)))
    if found.page < found.pages - 1:
        row.append((t.plain("Next page ▶️"), pack(PREFIX, Action.PAGE, found.page + 1)))
    return row


def nothing_ahead(t: Translator) -> str:
    """Said instead of sending an empty calendar file (plain: also a button's alert)."""
    return t.plain(NOTHING_AHEAD)


async def calendar(
    upcoming: UpcomingService,
    preferences: PreferenceService,
    chat_id: int,
    t: Translator,
    zone: ZoneInfo,
    now: datetime,
) -> bytes | None:
    """The .ics of everything ahead for the chat, with alarms at the chat's lead times; None
    when nothing is ahead."""
    items = await upcoming.all(chat_id)
    alarms = AlarmLeads.of(await preferences.get(chat_id))
    return calendar_file(items, zone, now, alarms, name=t.plain(CALENDAR_NAME))
