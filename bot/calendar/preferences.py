"""A chat's reminder preferences: lead times, quiet hours, the digest — with the defaults."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from bot.core.clock import Clock, utc_now
from bot.core.topics import Kind
from bot.periods import (
    Lead,
    PeriodError,
    QuietHours,
    leads_code,
    parse_lead,
    parse_leads,
    parse_quiet,
)
from storage import Database, preferences
from storage.preferences import PreferencesRow

# What /settings offers besides the deployment's own defaults (which are always offered).
DEADLINE_CHOICES: Final = ("14d", "7d", "3d", "1d")
EVENT_CHOICES: Final = ("3d", "1d", "2h", "1h")
QUIET_CHOICES: Final = ("21:00-08:00", "22:00-07:00", "20:00-09:00", "23:00-07:00")


class LeadKind(StrEnum):
    """Which dates a lead time is for; short values because they travel in callback data."""

    DEADLINE = "dl"  # calls for proposals, consultations, postulate rounds
    EVENT = "ev"  # events and trainings


def lead_kind(kind: Kind) -> LeadKind | None:
    if kind in (Kind.CALL, Kind.CONSULTATION):
        return LeadKind.DEADLINE
    if kind in (Kind.EVENT, Kind.TRAINING):
        return LeadKind.EVENT
    return None


@dataclass(frozen=True, slots=True)
class ReminderDefaults:
    """The deployment's defaults (NGOBOT_REMINDERS_*, NGOBOT_QUIET_HOURS)."""

    deadline_leads: tuple[Lead, ...]
    event_leads: tuple[Lead, ...]
    quiet: QuietHours | None


@dataclass(frozen=True, slots=True)
class Preferences:
    """What applies to one chat, its own choices resolved against the defaults."""

    reminders: bool
    deadline_leads: tuple[Lead, ...]
    event_leads: tuple[Lead, ...]
    quiet: QuietHours | None
    digest: bool
    customised: bool  # anything differs from the defaults

    def leads(self, which: LeadKind) -> tuple[Lead, ...]:
        if not self.reminders:
            return ()
        return self.deadline_leads if which is LeadKind.DEADLINE else self.event_leads


Listener = Callable[[int], Awaitable[None]]


class PreferenceService:
    """Reads and changes preferences; tells a listener (the reminders) about every change."""

    def __init__(self, db: Database, defaults: ReminderDefaults, clock: Clock = utc_now) -> None:
        self._db = db
        self.defaults = defaults
        self._clock = clock
        self._listeners: list[Listener] = []

    def on_change(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def resolve(self, row: PreferencesRow) -> Preferences:
        d = self.defaults
        return Preferences(
            reminders=row.reminders,
            deadline_leads=d.deadline_leads
            if row.deadline_leads is None
            else _leads(row.deadline_leads, d.deadline_leads),
            event_leads=d.event_leads
            if row.event_leads is None
            else _leads(row.event_leads, d.event_leads),
            quiet=d.quiet if row.quiet_hours is None else _quiet(row.quiet_hours, d.quiet),
            digest=row.digest,
            customised=row != preferences.DEFAULT_ROW,
        )

    async def get(self, chat_id: int) -> Preferences:
        return self.resolve(await preferences.get_preferences(self._db, chat_id))

    def lead_choices(self, which: LeadKind) -> tuple[Lead, ...]:
        deadline = which is LeadKind.DEADLINE
        own = DEADLINE_CHOICES if deadline else EVENT_CHOICES
        configured = self.defaults.deadline_leads if deadline else self.defaults.event_leads
        return tuple(sorted({*map(parse_lead, own), *configured}, reverse=True))

    def quiet_choices(self) -> tuple[QuietHours | None, ...]:
        """The default first, then the others, then "no quiet hours" (None)."""
        choices: list[QuietHours | None] = [self.defaults.quiet]
        choices += [q for q in map(parse_quiet, QUIET_CHOICES) if q not in choices]
        return tuple(dict.fromkeys([*choices, None]))

    async def set_reminders(self, chat_id: int, on: bool) -> Preferences | None:
        return await self._set(chat_id, reminders=int(on))

    async def set_digest(self, chat_id: int, on: bool) -> Preferences | None:
        return await self._set(chat_id, digest=int(on))

    async def toggle_lead(self, chat_id: int, which: LeadKind, code: str) -> Preferences | None:
        """Add or remove one offered lead time; None for an unknown chat or a lead not offered
        (callback data is not trusted)."""
        try:
            lead = parse_lead(code)
        except PeriodError:
            return None
        if lead not in self.lead_choices(which):
            return None
        deadline = which is LeadKind.DEADLINE
        prefs = await self.get(chat_id)
        current = set(prefs.deadline_leads if deadline else prefs.event_leads)
        chosen = tuple(sorted(current ^ {lead}, reverse=True))
        defaults = self.defaults.deadline_leads if deadline else self.defaults.event_leads
        value = None if chosen == defaults else leads_code(chosen)
        return await self._set(chat_id, **{"deadline_leads" if deadline else "event_leads": value})

    async def set_quiet(self, chat_id: int, index: int) -> Preferences | None:
        """Choose one of quiet_choices() by its position (what a button carries)."""
        choices = self.quiet_choices()
        if not 0 <= index < len(choices):
            return None
        quiet = choices[index]
        value = None if quiet == self.defaults.quiet else ("" if quiet is None else quiet.code)
        return await self._set(chat_id, quiet_hours=value)

    async def reset(self, chat_id: int) -> Preferences:
        await preferences.reset_preferences(self._db, chat_id)
        await self._changed(chat_id)
        return await self.get(chat_id)

    async def _set(self, chat_id: int, **values: object) -> Preferences | None:
        if not await preferences.set_preferences(self._db, chat_id, values, self._clock()):
            return None
        await self._changed(chat_id)
        return await self.get(chat_id)

    async def _changed(self, chat_id: int) -> None:
        for listener in self._listeners:
            await listener(chat_id)


def _leads(code: str, fallback: tuple[Lead, ...]) -> tuple[Lead, ...]:
    # A value written by an older version that no longer parses falls back to the default.
    try:
        return parse_leads(code)
    except PeriodError:
        return fallback


def _quiet(code: str, fallback: QuietHours | None) -> QuietHours | None:
    try:
        return parse_quiet(code)
    except PeriodError:
        return fallback
