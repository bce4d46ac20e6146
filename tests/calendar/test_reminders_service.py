"""Planning reminders into the outbox: leads, quiet hours, choices, moves, cancels, downtime."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.announcements.model import Announcement, Field, Source
from bot.announcements.render import AnnouncementRenderer
from bot.announcements.service import AnnouncementService
from bot.calendar.preferences import LeadKind, PreferenceService, ReminderDefaults
from bot.calendar.reminder_render import ReminderRenderer
from bot.calendar.reminders import ReminderService
from bot.core.i18n import Catalogs
from bot.core.topics import Kind, TopicService
from bot.core.users import UserService
from bot.delivery.outbox import OutboxService
from bot.delivery.types import OutboxItem, Purpose
from bot.organisations.service import OrganisationService
from bot.periods import parse_leads, parse_quiet
from bot.subscriptions.service import ChatType, SubscriptionService
from storage import Database

WARSAW = ZoneInfo("Europe/Warsaw")
NOW = datetime(2027, 1, 10, 11, 0, tzinfo=UTC)  # 12:00 in Warsaw, a Sunday
ANIA, BOGDAN = 7001, 7002


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@dataclass
class World:
    db: Database
    clock: Clock
    announcements: AnnouncementService
    preferences: PreferenceService
    reminders: ReminderService
    renderer: ReminderRenderer
    culture: int

    async def publish(self, kind: Kind, moment: datetime, title: str = "Gala") -> Announcement:
        draft = await self.announcements.create_draft(kind, Source.CLI, None)
        await self.announcements.set_audience(draft.id, [self.culture])
        field = Field.STARTS if kind in (Kind.EVENT, Kind.TRAINING) else Field.DEADLINE
        values: dict[Field, object] = {Field.TITLE: title, Field.TEXT: "Text", field: moment}
        if kind is Kind.EVENT:
            values[Field.PLACE] = "Rynek 1"
        if kind is Kind.CALL:
            values[Field.LINK] = "https://example.org"
        await self.announcements.update_draft(draft.id, values)
        published = await self.announcements.publish(draft.id)
        assert isinstance(published, Announcement), published
        return published

    async def reminders_of(self, announcement_id: int) -> list[tuple[int, str, str, str]]:
        rows = await self.db.fetch_all(
            "SELECT chat_id, tag, state, not_before FROM outbox WHERE announcement_id = ? "
            "AND purpose = 'reminder' ORDER BY chat_id, not_before",
            (announcement_id,),
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    async def mark_sent(self, announcement_id: int) -> None:
        await execute(
            self.db,
            "UPDATE outbox SET state = 'sent' WHERE announcement_id = ? "
            "AND purpose = 'announcement'",
            (announcement_id,),
        )


async def world(db: Database, quiet: str = "21:00-08:00") -> World:
    clock = Clock()
    users, subscriptions, topics = UserService(db, "pl"), SubscriptionService(db), TopicService(db)
    culture = await topics.find("culture")
    assert culture is not None
    for user_id in (ANIA, BOGDAN):
        await users.register(user_id, "en")
        await subscriptions.ensure_chat(user_id, ChatType.PRIVATE)
        await subscriptions.toggle_topic(user_id, culture.id)
    outbox = OutboxService(db, clock)
    announcements = AnnouncementService(db, outbox, WARSAW, clock)
    defaults = ReminderDefaults(parse_leads("7d,1d"), parse_leads("1d,2h"), parse_quiet(quiet))
    preferences = PreferenceService(db, defaults, clock)
    reminders = ReminderService(db, announcements, preferences, clock)
    announcements.on_change(reminders.announcement_changed)
    preferences.on_change(reminders.plan_chat)
    catalogs = Catalogs("pl")
    render = AnnouncementRenderer(announcements, topics, OrganisationService(db, ()), catalogs)
    renderer = ReminderRenderer(render, reminders, clock)
    return World(db, clock, announcements, preferences, reminders, renderer, culture.id)


async def execute(db: Database, sql: str, params: tuple[object, ...]) -> None:
    async with db.transaction() as conn:
        await conn.execute(sql, params)


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=WARSAW)  # type: ignore[misc]  # year, month, day, hour, ...


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


async def test_each_recipient_gets_a_reminder_per_lead_with_its_time(db: Database) -> None:
    w = await world(db)
    deadline = at(2027, 1, 20, 15, 0)
    call = await w.publish(Kind.CALL, deadline)
    planned = await w.reminders_of(call.id)
    assert planned == [
        (chat, f"{lead}|20270120T140000Z", "pending", stamp(deadline - delta))
        for chat in (ANIA, BOGDAN)
        for lead, delta in (("7d", timedelta(days=7)), ("1d", timedelta(days=1)))
    ]


async def test_a_lead_reaching_back_before_publication_gives_no_reminder(db: Database) -> None:
    w = await world(db)
    event = await w.publish(Kind.EVENT, at(2027, 1, 10, 17, 0))  # in 5 hours
    assert {tag for _, tag, _, _ in await w.reminders_of(event.id)} == {"2h|20270110T160000Z"}


async def test_quiet_hours_move_a_night_reminder_to_the_morning(db: Database) -> None:
    w = await world(db)
    event = await w.publish(Kind.EVENT, at(2027, 1, 12, 7, 30))
    # 1d before = 07:30 -> 08:00 that morning; 2h before = 05:30, and 08:00 would be after the
    # event: it stays.
    times = sorted({not_before for _, _, _, not_before in await w.reminders_of(event.id)})
    assert times == [stamp(at(2027, 1, 11, 8, 0)), stamp(at(2027, 1, 12, 5, 30))]
    evening = await w.publish(Kind.EVENT, at(2027, 1, 13, 22, 30))
    times = sorted({not_before for _, _, _, not_before in await w.reminders_of(evening.id)})
    # 1d before = 22:30 -> 08:00 next morning; 2h before = 20:30 stays.
    assert times == [stamp(at(2027, 1, 13, 8, 0)), stamp(at(2027, 1, 13, 20, 30))]


async def test_a_chats_own_choices_replan_its_reminders(db: Database) -> None:
    w = await world(db)
    call = await w.publish(Kind.CALL, at(2027, 1, 30, 15, 0))
    await w.mark_sent(call.id)
    assert await w.preferences.toggle_lead(ANIA, LeadKind.DEADLINE, "14d") is not None
    assert await w.preferences.toggle_lead(ANIA, LeadKind.DEADLINE, "7d") is not None
    tags = {tag.split("|")[0] for chat, tag, _, _ in await w.reminders_of(call.id) if chat == ANIA}
    assert tags == {"14d", "1d"}
    await w.preferences.set_reminders(BOGDAN, False)
    assert [r for r in await w.reminders_of(call.id) if r[0] == BOGDAN] == []
    await w.preferences.reset(BOGDAN)
    assert len([r for r in await w.reminders_of(call.id) if r[0] == BOGDAN]) == 2


async def test_moving_the_deadline_moves_pending_reminders_and_queues_a_note(
    db: Database,
) -> None:
    w = await world(db)
    call = await w.publish(Kind.CALL, at(2027, 1, 20, 15, 0))
    await w.mark_sent(call.id)
    moved = await w.announcements.correct(call.id, {Field.DEADLINE: at(2027, 1, 27, 15, 0)})
    assert isinstance(moved, Announcement)
    tags = {tag for _, tag, state, _ in await w.reminders_of(call.id) if state == "pending"}
    assert tags == {"7d|20270127T140000Z", "1d|20270127T140000Z"}
    notes = await db.fetch_all(
        "SELECT chat_id, tag FROM outbox WHERE purpose = 'date_change' ORDER BY chat_id"
    )
    assert [tuple(n) for n in notes] == [(ANIA, "20270127T140000Z"), (BOGDAN, "20270127T140000Z")]


async def test_cancelling_drops_the_reminders(db: Database) -> None:
    w = await world(db)
    event = await w.publish(Kind.EVENT, at(2027, 1, 20, 18, 0))
    await w.announcements.cancel(event.id)
    assert {state for _, _, state, _ in await w.reminders_of(event.id)} == {"skipped"}


async def reminder_items(w: World, announcement_id: int, chat_id: int) -> list[OutboxItem]:
    rows = await w.db.fetch_all(
        "SELECT id, tag FROM outbox WHERE announcement_id = ? AND chat_id = ? "
        "AND purpose = 'reminder' ORDER BY not_before",
        (announcement_id, chat_id),
    )
    return [
        OutboxItem(r[0], announcement_id, chat_id, Purpose.REMINDER, r[1], 0, None) for r in rows
    ]


async def test_after_downtime_only_the_latest_overdue_reminder_is_sent(db: Database) -> None:
    w = await world(db)
    call = await w.publish(Kind.CALL, at(2027, 1, 20, 15, 0))
    await w.mark_sent(call.id)
    seven, one = await reminder_items(w, call.id, ANIA)
    w.clock.now = at(2027, 1, 13, 16, 0).astimezone(UTC)  # only the 7-day one is due
    text = await w.renderer.render(seven)
    assert text is not None and "Reminder" in text.text and "in a week" in text.text
    w.clock.now = at(2027, 1, 20, 9, 0).astimezone(UTC)  # both overdue: only the 1-day one
    assert await w.renderer.render(seven) is None
    assert await w.renderer.render(one) is not None
    w.clock.now = at(2027, 1, 20, 15, 1).astimezone(UTC)  # the deadline passed: none at all
    assert await w.renderer.render(one) is None


async def test_no_reminder_for_a_chat_that_unsubscribed_or_never_got_it(db: Database) -> None:
    w = await world(db)
    call = await w.publish(Kind.CALL, at(2027, 1, 20, 15, 0))
    w.clock.now = at(2027, 1, 13, 16, 0).astimezone(UTC)
    (ania_seven, _), (bogdan_seven, _) = (
        await reminder_items(w, call.id, ANIA),
        await reminder_items(w, call.id, BOGDAN),
    )
    assert await w.renderer.render(ania_seven) is None  # the announcement itself never arrived
    await w.mark_sent(call.id)
    await SubscriptionService(db).toggle_topic(BOGDAN, w.culture)
    assert await w.renderer.render(bogdan_seven) is None
    assert await w.renderer.render(ania_seven) is not None


async def test_rebuild_restores_missing_reminders_and_drops_stale_ones(db: Database) -> None:
    w = await world(db)
    call = await w.publish(Kind.CALL, at(2027, 1, 20, 15, 0))
    await execute(db, "DELETE FROM outbox WHERE purpose = 'reminder' AND chat_id = ?", (ANIA,))
    await execute(
        db,
        "UPDATE outbox SET tag = '3d|20270120T140000Z' WHERE purpose = 'reminder' "
        "AND chat_id = ? AND tag LIKE '7d%'",
        (BOGDAN,),
    )
    assert await w.reminders.rebuild() == 4
    assert len(await w.reminders_of(call.id)) == 4


async def test_a_group_that_became_a_supergroup_keeps_its_reminders_and_follow_ups(
    db: Database,
) -> None:
    """The call reached the group under its old id; then the group became a supergroup.
    Reminders (also those planned again at a restart) and follow-ups go to the new id; a
    correction comes as a note of its own, since the old message is not in the new chat."""
    w = await world(db)
    subscriptions = SubscriptionService(db)
    old, new = -50, -100_50
    await subscriptions.ensure_chat(old, ChatType.GROUP, title="Grupa")
    await subscriptions.toggle_topic(old, w.culture)
    call = await w.publish(Kind.CALL, at(2027, 1, 20, 15, 0))
    await w.mark_sent(call.id)
    await execute(db, "UPDATE outbox SET message_id = 77 WHERE chat_id = ?", (old,))
    await subscriptions.migrate_chat(old, new)  # as the bot does on Telegram's update
    await OutboxService(db, w.clock).follow_migration(old, new)
    assert await w.reminders.rebuild() == 6
    chats = {chat for chat, _, state, _ in await w.reminders_of(call.id) if state == "pending"}
    assert chats == {ANIA, BOGDAN, new}
    (seven, _) = await reminder_items(w, call.id, new)
    w.clock.now = at(2027, 1, 13, 16, 0).astimezone(UTC)
    reminder = await w.renderer.render(seven)
    assert reminder is not None and "za tydzień" in reminder.text  # a group: Polish
    moved = await w.announcements.correct(call.id, {Field.DEADLINE: at(2027, 1, 27, 15, 0)})
    assert isinstance(moved, Announcement)
    follow_ups = await db.fetch_all(
        "SELECT purpose, reply_to_message_id FROM outbox WHERE chat_id = ? "
        "AND purpose IN ('correction', 'date_change') ORDER BY purpose",
        (new,),
    )
    assert [tuple(row) for row in follow_ups] == [("correction", None), ("date_change", None)]
    assert not await db.fetch_all(
        "SELECT 1 FROM outbox WHERE chat_id = ? AND state = 'pending'", (old,)
    )


async def test_a_moment_with_a_fraction_of_a_second_still_gets_its_reminder(
    db: Database,
) -> None:
    # The tag keeps whole seconds; a moment stored with microseconds (a script's datetime.now()
    # plus a delay, as the demo's sample call has) must not look moved since.
    w = await world(db)
    call = await w.publish(Kind.CALL, at(2027, 1, 20, 15, 0).replace(microsecond=250_000))
    await w.mark_sent(call.id)
    _seven, one = await reminder_items(w, call.id, ANIA)
    w.clock.now = at(2027, 1, 19, 15, 0).astimezone(UTC)
    assert await w.renderer.render(one) is not None
