"""Queueing the weekly digest: its moment, once per week, late after downtime, quiet hours."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.calendar.digest import DigestService
from bot.calendar.preferences import PreferenceService, ReminderDefaults
from bot.core.users import UserService
from bot.periods import parse_digest, parse_leads, parse_quiet
from bot.subscriptions.service import ChatType, SubscriptionService
from storage import Database

WARSAW = ZoneInfo("Europe/Warsaw")
MONDAY_8 = datetime(2027, 1, 11, 8, 0, tzinfo=WARSAW)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def service(db: Database, clock: Clock) -> tuple[DigestService, PreferenceService]:
    users, subscriptions = UserService(db, "pl"), SubscriptionService(db)
    for chat_id in (1, 2, 3):
        await users.register(chat_id, "pl")
        await subscriptions.ensure_chat(chat_id, ChatType.PRIVATE)
    await subscriptions.set_paused(3, True)
    defaults = ReminderDefaults(parse_leads("7d"), parse_leads("1d"), parse_quiet("21:00-08:00"))
    preferences = PreferenceService(db, defaults, clock)
    return DigestService(db, parse_digest("mon 08:00"), preferences, WARSAW, clock), preferences


async def digest_rows(db: Database) -> list[tuple[int, str, str]]:
    rows = await db.fetch_all(
        "SELECT chat_id, tag, not_before FROM outbox WHERE purpose = 'digest' ORDER BY chat_id"
    )
    return [(r[0], r[1], r[2]) for r in rows]


async def test_the_digest_is_queued_once_at_its_moment_for_active_chats(db: Database) -> None:
    clock = Clock(MONDAY_8 - timedelta(minutes=1))
    digests, _ = await service(db, clock)
    assert await digests.queue_due() is None  # not yet
    clock.now = MONDAY_8 + timedelta(seconds=1)
    assert await digests.queue_due() == 2  # the paused chat is left out
    assert await digests.queue_due() is None  # once a week
    assert [(chat, tag) for chat, tag, _ in await digest_rows(db)] == [
        (1, "2027-W02"),
        (2, "2027-W02"),
    ]


async def test_the_scheduler_knows_when_the_digest_is_next_due(db: Database) -> None:
    clock = Clock(MONDAY_8 - timedelta(minutes=1))
    digests, preferences = await service(db, clock)
    assert digests.next_due() == MONDAY_8
    clock.now = MONDAY_8 + timedelta(hours=2)
    assert digests.next_due() == MONDAY_8, "due now: not queued yet"
    await digests.queue_due()
    assert digests.next_due() == MONDAY_8 + timedelta(days=7)
    # A week across the autumn clock change is 7 days and an hour; still 08:00 in Warsaw.
    clock.now = datetime(2027, 10, 25, 9, 0, tzinfo=WARSAW)
    await digests.queue_due()
    due = digests.next_due()
    assert due == datetime(2027, 11, 1, 8, 0, tzinfo=WARSAW)
    assert due is not None
    sent = datetime(2027, 10, 25, 8, 0, tzinfo=WARSAW)
    assert due.astimezone(UTC) - sent.astimezone(UTC) == timedelta(days=7, hours=1)
    off = DigestService(db, None, preferences, WARSAW, clock)
    assert off.next_due() is None


async def test_a_digest_missed_by_a_day_is_not_sent_late(db: Database) -> None:
    clock = Clock(MONDAY_8 + timedelta(hours=23))
    digests, _ = await service(db, clock)
    assert await digests.queue_due() == 2  # the same day: still worth it
    clock.now = MONDAY_8 + timedelta(days=8)  # the next week, a day late
    assert await digests.queue_due() is None


async def test_a_chats_quiet_hours_and_opt_out_apply(db: Database) -> None:
    clock = Clock(MONDAY_8)
    digests, preferences = await service(db, clock)
    late_sleeper = preferences.quiet_choices().index(parse_quiet("20:00-09:00"))
    assert await preferences.set_quiet(1, late_sleeper) is not None
    assert await preferences.set_digest(2, False) is not None
    assert await digests.queue_due() == 1
    [(chat, _, not_before)] = await digest_rows(db)
    assert chat == 1
    assert datetime.fromisoformat(not_before) == (MONDAY_8 + timedelta(hours=1)).astimezone(UTC)
