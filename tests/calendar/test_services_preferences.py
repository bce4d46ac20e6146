"""PreferenceService on a real database: defaults, toggles, forged values, quiet hours, reset."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.calendar.preferences import (
    LeadKind,
    Preferences,
    PreferenceService,
    ReminderDefaults,
)
from bot.periods import parse_lead, parse_leads, parse_quiet
from bot.subscriptions.service import ChatType, SubscriptionService
from storage import Database

NOW = datetime(2027, 1, 4, 12, 0, tzinfo=UTC)
CHAT = 5001
DEFAULTS = ReminderDefaults(parse_leads("7d,1d"), parse_leads("1d,2h"), parse_quiet("21:00-08:00"))


@pytest.fixture
async def prefs(db: Database) -> PreferenceService:
    await SubscriptionService(db, lambda: NOW).ensure_chat(CHAT, ChatType.PRIVATE)
    return PreferenceService(db, DEFAULTS, lambda: NOW)


async def stored_rows(db: Database) -> int:
    row = await db.fetch_one("SELECT count(*) FROM chat_preferences")
    assert row is not None
    return int(row[0])


async def test_a_chat_without_choices_gets_the_deployments_defaults(
    prefs: PreferenceService, db: Database
) -> None:
    expected = Preferences(
        reminders=True,
        deadline_leads=DEFAULTS.deadline_leads,
        event_leads=DEFAULTS.event_leads,
        quiet=DEFAULTS.quiet,
        digest=True,
        customised=False,
    )
    assert await prefs.get(CHAT) == expected
    assert await prefs.get(999) == expected
    assert await stored_rows(db) == 0


async def test_toggling_a_lead_away_and_back_leaves_no_row(
    prefs: PreferenceService, db: Database
) -> None:
    added = await prefs.toggle_lead(CHAT, LeadKind.DEADLINE, "14d")
    assert added is not None and added.customised
    assert added.deadline_leads == parse_leads("14d,7d,1d")
    assert added.event_leads == DEFAULTS.event_leads
    assert await stored_rows(db) == 1
    back = await prefs.toggle_lead(CHAT, LeadKind.DEADLINE, "14d")
    assert back is not None and not back.customised
    assert await stored_rows(db) == 0


async def test_every_lead_of_a_kind_can_be_switched_off(prefs: PreferenceService) -> None:
    await prefs.toggle_lead(CHAT, LeadKind.EVENT, "1d")
    chosen = await prefs.toggle_lead(CHAT, LeadKind.EVENT, "2h")
    assert chosen is not None and chosen.event_leads == ()
    assert chosen.leads(LeadKind.EVENT) == () and chosen.leads(LeadKind.DEADLINE)


async def test_reminders_and_digest_switch_off_and_back_on(
    prefs: PreferenceService, db: Database
) -> None:
    off = await prefs.set_reminders(CHAT, False)
    assert off is not None and not off.reminders and off.leads(LeadKind.DEADLINE) == ()
    no_digest = await prefs.set_digest(CHAT, False)
    assert no_digest is not None and not no_digest.digest and not no_digest.reminders
    await prefs.set_reminders(CHAT, True)
    await prefs.set_digest(CHAT, True)
    assert await stored_rows(db) == 0


@pytest.mark.parametrize(
    ("which", "code"),
    [
        (LeadKind.DEADLINE, "5d"),  # well formed, but not offered
        (LeadKind.DEADLINE, "2h"),  # offered for events only
        (LeadKind.EVENT, "14d"),
        (LeadKind.EVENT, "abc"),
        (LeadKind.EVENT, "0m"),
        (LeadKind.EVENT, ""),
    ],
)
async def test_leads_not_offered_are_refused(
    prefs: PreferenceService, db: Database, which: LeadKind, code: str
) -> None:
    assert await prefs.toggle_lead(CHAT, which, code) is None
    assert await stored_rows(db) == 0


async def test_changes_to_an_unknown_chat_are_refused(
    prefs: PreferenceService, db: Database
) -> None:
    assert await prefs.set_reminders(999, False) is None
    assert await prefs.toggle_lead(999, LeadKind.DEADLINE, "14d") is None
    assert await prefs.set_quiet(999, 1) is None
    assert await stored_rows(db) == 0


async def test_quiet_choices_start_with_the_default_and_end_with_none(
    prefs: PreferenceService, db: Database
) -> None:
    choices = prefs.quiet_choices()
    assert choices[0] == DEFAULTS.quiet and choices[-1] is None
    assert len(set(choices)) == len(choices)
    later = await prefs.set_quiet(CHAT, 1)
    assert later is not None and later.quiet == choices[1] and later.customised
    none = await prefs.set_quiet(CHAT, len(choices) - 1)
    assert none is not None and none.quiet is None
    back = await prefs.set_quiet(CHAT, 0)
    assert back is not None and back.quiet == DEFAULTS.quiet and not back.customised
    assert await stored_rows(db) == 0


@pytest.mark.parametrize("index", [-1, 5, 99])
async def test_quiet_choices_out_of_range_are_refused(
    prefs: PreferenceService, db: Database, index: int
) -> None:
    assert await prefs.set_quiet(CHAT, index) is None
    assert await stored_rows(db) == 0


async def test_a_deployment_without_quiet_hours_offers_none_first(db: Database) -> None:
    service = PreferenceService(db, ReminderDefaults((), (), None))
    choices = service.quiet_choices()
    assert choices[0] is None and None not in choices[1:]


async def test_the_deployments_own_leads_are_always_offered(db: Database) -> None:
    service = PreferenceService(db, ReminderDefaults(parse_leads("5d"), parse_leads("30m"), None))
    assert parse_lead("5d") in service.lead_choices(LeadKind.DEADLINE)
    assert parse_lead("30m") in service.lead_choices(LeadKind.EVENT)
    assert list(service.lead_choices(LeadKind.EVENT)) == sorted(
        service.lead_choices(LeadKind.EVENT), reverse=True
    )


async def test_reset_returns_to_the_defaults(prefs: PreferenceService, db: Database) -> None:
    await prefs.set_reminders(CHAT, False)
    await prefs.toggle_lead(CHAT, LeadKind.EVENT, "1h")
    await prefs.set_quiet(CHAT, 2)
    await prefs.set_digest(CHAT, False)
    reset = await prefs.reset(CHAT)
    assert reset == await prefs.get(999) and not reset.customised
    assert await stored_rows(db) == 0


async def test_the_listener_hears_every_change_but_no_refusal(prefs: PreferenceService) -> None:
    heard: list[int] = []

    async def listener(chat_id: int) -> None:
        heard.append(chat_id)

    prefs.on_change(listener)
    await prefs.set_reminders(CHAT, False)
    await prefs.toggle_lead(CHAT, LeadKind.DEADLINE, "3d")
    await prefs.set_quiet(CHAT, 1)
    await prefs.set_digest(CHAT, False)
    await prefs.reset(CHAT)
    assert heard == [CHAT] * 5
    await prefs.toggle_lead(CHAT, LeadKind.DEADLINE, "5d")
    await prefs.set_quiet(CHAT, 42)
    await prefs.set_reminders(999, True)
    assert heard == [CHAT] * 5
