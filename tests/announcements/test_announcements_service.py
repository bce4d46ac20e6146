"""AnnouncementService and the renderer on a real database with the real outbox."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.announcements import render as announcement_render
from bot.announcements.model import (
    Announcement,
    Field,
    Problem,
    Refusal,
    Source,
    Status,
)
from bot.announcements.render import AnnouncementRenderer
from bot.announcements.service import AnnouncementService
from bot.core.i18n import Catalogs
from bot.core.screens import Screen
from bot.core.topics import Kind, TopicService
from bot.core.users import UserService
from bot.delivery.outbox import OutboxService
from bot.delivery.types import OutboxItem, Purpose, RenderContext
from bot.organisations.service import OrganisationService
from bot.subscriptions.service import ChatType, SubscriptionService
from storage import Database
from storage.outbox_sending import Outcome

WARSAW = ZoneInfo("Europe/Warsaw")
NOW = datetime(2026, 12, 10, 11, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


async def setup(db: Database) -> tuple[AnnouncementService, AnnouncementRenderer, Clock, int]:
    """Services, a clock, and the "culture" topic with two subscribers (pl and uk)."""
    clock = Clock()
    users, subscriptions, topics = UserService(db, "pl"), SubscriptionService(db), TopicService(db)
    culture = await topics.find("culture")
    assert culture is not None
    for user_id, language in ((7001, "pl"), (7002, "uk")):
        await users.register(user_id, language)
        await subscriptions.ensure_chat(user_id, ChatType.PRIVATE)
        await subscriptions.toggle_topic(user_id, culture.id)
    service = AnnouncementService(db, OutboxService(db, clock), WARSAW, clock)
    renderer = AnnouncementRenderer(service, topics, OrganisationService(db, ()), Catalogs("pl"))
    return service, renderer, clock, culture.id


LATER = datetime(2027, 1, 16, 15, 0, tzinfo=WARSAW)
LATER_CODE = "20270116T140000Z"  # the "date changed" note's tag: the new moment, in UTC


async def event_draft(service: AnnouncementService, topic_id: int) -> int:
    draft = await service.create_draft(Kind.EVENT, Source.CHAT, None)
    await service.set_audience(draft.id, [topic_id])
    await service.update_draft(
        draft.id,
        {
            Field.TITLE: "Dzień otwarty",
            Field.TEXT: "<b>Zapraszamy</b>",
            Field.STARTS: datetime(2027, 1, 15, 15, 0, tzinfo=WARSAW),
            Field.PLACE: "Rynek 1",
        },
    )
    return draft.id


def item(announcement_id: int, chat_id: int, purpose: Purpose, tag: str = "") -> OutboxItem:
    return OutboxItem(1, announcement_id, chat_id, purpose, tag, 0, 99)


async def queued(db: Database, announcement_id: int, purpose: str = "announcement") -> list[int]:
    rows = await db.fetch_all(
        "SELECT chat_id FROM outbox WHERE announcement_id = ? AND purpose = ? ORDER BY chat_id",
        (announcement_id, purpose),
    )
    return [row[0] for row in rows]


async def test_publishing_snapshots_the_audience_once(db: Database) -> None:
    service, _, _, culture = await setup(db)
    draft_id = await event_draft(service, culture)
    woken = []
    service.wake_with(lambda: woken.append(True))
    published = await service.publish(draft_id)
    assert not isinstance(published, Refusal)
    assert published.status is Status.PUBLISHED and published.published_at == NOW
    assert await queued(db, draft_id) == [7001, 7002]
    assert woken == [True]
    assert await service.publish(draft_id) == Refusal(Problem.WRONG_STATE)


async def test_an_incomplete_draft_is_refused_naming_the_field(db: Database) -> None:
    service, _, _, culture = await setup(db)
    draft = await service.create_draft(Kind.CALL, Source.CHAT, None)
    assert await service.publish(draft.id) == Refusal(Problem.MISSING, Field.AUDIENCE)
    await service.set_audience(draft.id, [culture])
    await service.update_draft(draft.id, {Field.TITLE: "Granty", Field.TEXT: "Tekst"})
    assert await service.publish(draft.id) == Refusal(Problem.MISSING, Field.DEADLINE)
    assert await queued(db, draft.id) == []


async def test_scheduled_ones_go_out_when_due_and_dates_must_follow_publication(
    db: Database,
) -> None:
    service, _, clock, culture = await setup(db)
    draft_id = await event_draft(service, culture)
    too_late = datetime(2027, 2, 1, 9, 0, tzinfo=WARSAW)
    assert await service.publish(draft_id, too_late) == Refusal(
        Problem.BEFORE_PUBLICATION, Field.STARTS
    )
    at = NOW + timedelta(hours=2)
    scheduled = await service.publish(draft_id, at)
    assert not isinstance(scheduled, Refusal) and scheduled.status is Status.SCHEDULED
    assert await service.next_due() == at
    assert await service.publish_due() == []
    clock.now = at + timedelta(hours=5)  # the bot was down when it was due
    assert await service.publish_due() == [draft_id]
    assert await queued(db, draft_id) == [7001, 7002]
    assert await service.next_due() is None


async def test_cancelling_stops_pending_sends_and_notifies_those_who_got_it(
    db: Database,
) -> None:
    service, _, _, culture = await setup(db)
    draft_id = await event_draft(service, culture)
    await service.publish(draft_id)
    await db.fetch_one(
        "UPDATE outbox SET state = 'sent', message_id = 5 WHERE chat_id = 7001 RETURNING id"
    )
    cancelled = await service.cancel(draft_id)
    assert cancelled is not None and cancelled.status is Status.CANCELLED
    states = await db.fetch_all("SELECT chat_id, state FROM outbox WHERE purpose = 'announcement'")
    assert sorted(tuple(row) for row in states) == [(7001, "sent"), (7002, "skipped")]
    assert await queued(db, draft_id, "cancellation") == [7001]
    assert await service.cancel(draft_id) is None


async def test_a_message_on_its_way_when_corrected_or_cancelled_still_gets_the_follow_up(
    db: Database,
) -> None:
    service, _, clock, culture = await setup(db)
    outbox = OutboxService(db, clock)

    async def claimed_then(
        change: Callable[[int], Awaitable[object]], requeued: bool = False, both: bool = False
    ) -> tuple[int, int]:
        """Publish, claim both messages, one answered before `change`, one after (or put
        back, as the engine does with a message not sent yet, and claimed again); or `both`
        answered after it."""
        draft_id = await event_draft(service, culture)
        await service.publish(draft_id)
        first, second = [c for c in await outbox.claim(10) if c.announcement_id == draft_id]
        if not both:
            await outbox.record([Outcome(first.id, "sent", message_id=5)])
        clock.now += timedelta(seconds=1)
        await change(draft_id)
        clock.now += timedelta(seconds=1)
        if both:
            await outbox.record([Outcome(first.id, "sent", message_id=5)])
        if requeued:
            await outbox.record([Outcome(second.id, "pending", attempted=False)])
            (second,) = [c for c in await outbox.claim(10) if c.id == second.id]
        await outbox.record([Outcome(second.id, "sent", message_id=6)])
        return draft_id, second.chat_id

    corrected, late = await claimed_then(lambda a: service.correct(a, {Field.PLACE: "Sala 7"}))
    assert await queued(db, corrected, "correction") == [7001, 7002]
    reply_to = await db.fetch_value(
        "SELECT reply_to_message_id FROM outbox WHERE purpose = 'correction' AND chat_id = ? "
        "AND announcement_id = ?",
        (late, corrected),
    )
    assert reply_to == 6  # its own message is edited
    cancelled, _ = await claimed_then(service.cancel)
    assert await queued(db, cancelled, "cancellation") == [7001, 7002]
    # Claimed again after the correction, the message says it already: nothing follows.
    again, _ = await claimed_then(lambda a: service.correct(a, {Field.PLACE: "Sala 8"}), True)
    assert await queued(db, again, "correction") == [7001]
    # Nobody had it yet when it was corrected, so no correction was queued then: each message
    # gets one as it is recorded.
    early, _ = await claimed_then(lambda a: service.correct(a, {Field.PLACE: "Sala 9"}), both=True)
    assert await queued(db, early, "correction") == [7001, 7002]
    # A moved date: the edit changes the message silently, so the note that notifies follows
    # too, also for the message on its way, and when nobody had it yet.
    for both in (False, True):
        moved, _ = await claimed_then(
            lambda a: service.correct(a, {Field.STARTS: LATER}), both=both
        )
        notes = await db.fetch_all(
            "SELECT chat_id, tag FROM outbox WHERE announcement_id = ? AND purpose = ? "
            "ORDER BY chat_id",
            (moved, "date_change"),
        )
        assert [tuple(note) for note in notes] == [(7001, LATER_CODE), (7002, LATER_CODE)]


async def test_a_correction_bumps_the_revision_and_queues_edits(db: Database) -> None:
    service, renderer, _, culture = await setup(db)
    draft_id = await event_draft(service, culture)
    await service.publish(draft_id)
    await db.fetch_one("UPDATE outbox SET state = 'sent', message_id = 5 RETURNING id")
    corrected = await service.correct(draft_id, {Field.PLACE: "Sala 7"})
    assert not isinstance(corrected, Refusal) and corrected.revision == 1
    assert await queued(db, draft_id, "correction") == [7001, 7002]
    outgoing = await renderer.render(item(draft_id, 7001, Purpose.CORRECTION, "1"))
    assert outgoing is not None and outgoing.edit_message_id == 99
    assert "📍 Gdzie: Sala 7" in outgoing.text
    assert outgoing.fallback_text is not None and "Sala 7" in outgoing.fallback_text
    assert await renderer.render(item(draft_id, 7001, Purpose.CORRECTION, "0")) is None
    assert await service.correct(draft_id, {Field.PLACE: ""}) == Refusal(
        Problem.MISSING, Field.PLACE
    )


async def test_the_message_speaks_each_recipients_language(db: Database) -> None:
    service, renderer, _, culture = await setup(db)
    draft_id = await event_draft(service, culture)
    await service.publish(draft_id)
    polish = await renderer.render(item(draft_id, 7001, Purpose.ANNOUNCEMENT))
    ukrainian = await renderer.render(item(draft_id, 7002, Purpose.ANNOUNCEMENT))
    assert polish is not None and ukrainian is not None
    assert polish.text.startswith("<b>📅 Wydarzenie</b>\n<b>Dzień otwarty</b>\n\n")
    assert "🗓 Kiedy: 15 stycznia 2027, 15:00" in polish.text
    assert "15 січня 2027, 15:00" in ukrainian.text
    assert polish.text.endswith("<b>Zapraszamy</b>")
    assert polish.rows == [[("📅 Dodaj do kalendarza", f"ics:{draft_id}")]]
    test = await renderer.render(item(draft_id, 7001, Purpose.TEST, "x"))
    assert test is not None and test.text.startswith("🧪 <b>TEST</b>")


async def test_what_the_claim_read_decides_language_and_state_without_reading_again(
    db: Database,
) -> None:
    service, renderer, _, culture = await setup(db)
    draft_id = await event_draft(service, culture)
    await service.publish(draft_id)
    claimed = dataclasses.replace(
        item(draft_id, 7001, Purpose.ANNOUNCEMENT), context=RenderContext("published", 0, "uk")
    )
    ukrainian = await renderer.render(claimed)  # chat 7001 speaks Polish in the database
    assert ukrainian is not None and "15 січня 2027, 15:00" in ukrainian.text
    cancelled = dataclasses.replace(claimed, context=RenderContext("cancelled", 0, "uk"))
    assert await renderer.render(cancelled) is None


async def test_a_broadcasts_first_sends_at_once_read_and_compose_the_message_once(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    service, renderer, _, culture = await setup(db)
    draft_id = await event_draft(service, culture)
    await service.publish(draft_id)
    calls = {"compose": 0, "get": 0}
    compose, get = announcement_render.compose, service.get

    def counted_compose(*args: Any) -> Screen:
        calls["compose"] += 1
        return compose(*args)

    async def counted_get(announcement_id: int) -> Announcement | None:
        calls["get"] += 1
        return await get(announcement_id)

    monkeypatch.setattr(announcement_render, "compose", counted_compose)
    monkeypatch.setattr(service, "get", counted_get)
    claimed = dataclasses.replace(
        item(draft_id, 7001, Purpose.ANNOUNCEMENT), context=RenderContext("published", 0, "pl")
    )
    rendered = await asyncio.gather(*(renderer.render(claimed) for _ in range(40)))
    assert len({r.text for r in rendered if r is not None}) == 1 and None not in rendered
    assert calls == {"compose": 1, "get": 1}
    ukrainian = dataclasses.replace(claimed, context=RenderContext("published", 0, "uk"))
    await asyncio.gather(*(renderer.render(ukrainian) for _ in range(5)))
    assert calls == {"compose": 2, "get": 1}


async def test_nothing_is_rendered_for_a_cancelled_announcement(db: Database) -> None:
    service, renderer, _, culture = await setup(db)
    draft_id = await event_draft(service, culture)
    await service.publish(draft_id)
    await service.cancel(draft_id)
    assert await renderer.render(item(draft_id, 7001, Purpose.ANNOUNCEMENT)) is None
    note = await renderer.render(item(draft_id, 7001, Purpose.CANCELLATION))
    assert note is not None and note.text == "❌ Odwołane: Dzień otwarty"
    assert await renderer.render(item(999, 7001, Purpose.ANNOUNCEMENT)) is None
