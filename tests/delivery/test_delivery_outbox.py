"""OutboxService on a real migrated database: snapshots, follow-ups, claims and figures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.delivery import OutboxService, Purpose
from bot.delivery.types import RenderContext
from bot.subscriptions.forum_threads import ForumThreadService
from bot.subscriptions.service import ChatType, SubscriptionService
from storage import Database
from storage.outbox_sending import Outcome
from tests.delivery_support import NOW, add_announcement, add_chats, states

T0 = datetime(2026, 1, 1, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def outbox(db: Database, clock: Clock) -> OutboxService:
    return OutboxService(db, clock)


async def topic_id(db: Database, code: str) -> int:
    return int(str(await db.fetch_value("SELECT id FROM topics WHERE code = ?", (code,))))


async def subscribed(db: Database, chat_id: int, *codes: str) -> None:
    subscriptions = SubscriptionService(db)
    kind = ChatType.PRIVATE if chat_id > 0 else ChatType.GROUP
    await subscriptions.ensure_chat(chat_id, kind)
    for code in codes:
        await subscriptions.toggle_topic(chat_id, await topic_id(db, code))


async def on_topics(db: Database, *codes: str, kind: str = "event") -> int:
    announcement = await add_announcement(db, all_topics=False, kind=kind)
    async with db.transaction() as conn:
        for code in codes:
            await conn.execute(
                "INSERT INTO announcement_topics VALUES (?, ?)",
                (announcement, await _topic(conn, code)),
            )
    return announcement


async def _topic(conn: object, code: str) -> int:
    async with conn.execute("SELECT id FROM topics WHERE code = ?", (code,)) as cursor:  # type: ignore[attr-defined]
        row = await cursor.fetchone()
    return int(row[0])


async def test_the_snapshot_takes_active_unpaused_subscribers_receiving_the_kind(
    db: Database, outbox: OutboxService
) -> None:
    subscriptions = SubscriptionService(db)
    await subscribed(db, 1, "health")
    await subscribed(db, 2, "education", "health")
    await subscribed(db, 3, "culture")  # another topic
    await subscribed(db, 4, "health")
    await subscriptions.set_paused(4, True)
    await subscribed(db, 5, "health")
    await subscriptions.set_active(5, False)
    await subscribed(db, 6, "health")
    await subscriptions.toggle_kind(6, "event")  # mutes events
    await subscribed(db, -100, "education")
    announcement = await on_topics(db, "health", "education")
    assert await outbox.enqueue_audience(announcement) == 3
    assert await outbox.enqueue_audience(announcement) == 3  # idempotent
    chats = await db.fetch_all("SELECT chat_id FROM outbox ORDER BY chat_id")
    assert [r[0] for r in chats] == [-100, 1, 2]
    assert await outbox.audience_size("event", [await topic_id(db, "health")], None) == (2, 0)


async def test_all_topics_reaches_every_chat_receiving_the_kind(
    db: Database, outbox: OutboxService
) -> None:
    await subscribed(db, 1)
    await subscribed(db, 2, "culture")
    await SubscriptionService(db).toggle_kind(2, "call")
    announcement = await add_announcement(db, kind="call")
    assert await outbox.enqueue_audience(announcement) == 1
    assert await outbox.audience_size("event", None, None) == (2, 0)


async def test_a_targeted_notice_reaches_the_members_and_groups_of_one_organisation(
    db: Database, outbox: OutboxService
) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO organisations (id, name, name_key, created_at) VALUES "
            "(7, 'A', 'a', ?), (8, 'B', 'b', ?)",
            (NOW, NOW),
        )
        await conn.executemany(
            "INSERT INTO users (telegram_id, language, organisation_id) VALUES (?, 'pl', ?)",
            [(1, 7), (2, 7), (3, 8)],
        )
    await add_chats(db, [1, 2, 3, -50, -60])
    async with db.transaction() as conn:
        await conn.execute("UPDATE chats SET organisation_id = 7 WHERE chat_id = -50")
        await conn.execute("UPDATE chats SET paused = 1 WHERE chat_id = 2")
    announcement = await add_announcement(db, all_topics=False, kind="notice")
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE announcements SET organisation_id = 7 WHERE id = ?", (announcement,)
        )
    assert await outbox.enqueue_audience(announcement) == 2
    chats = await db.fetch_all("SELECT chat_id FROM outbox ORDER BY chat_id")
    assert [r[0] for r in chats] == [-50, 1]
    assert await outbox.audience_size("notice", None, 7) == (2, 1)
    assert await outbox.audience_size("notice", None, 8) == (1, 1)


async def test_followups_point_at_each_sent_message(db: Database, outbox: OutboxService) -> None:
    await add_chats(db, [1, 2, 3])
    announcement = await add_announcement(db)
    await outbox.enqueue_audience(announcement)
    items = await outbox.claim(10)
    outcomes = [Outcome(items[0].id, "sent", message_id=41), Outcome(items[1].id, "sent", 42)]
    await outbox.record([*outcomes, Outcome(items[2].id, "blocked", error="Forbidden")])
    assert await outbox.enqueue_followups(announcement, Purpose.CORRECTION, "1") == 2
    assert await outbox.enqueue_followups(announcement, Purpose.CORRECTION, "1") == 0
    rows = await db.fetch_all(
        "SELECT chat_id, reply_to_message_id FROM outbox WHERE purpose = 'correction' "
        "ORDER BY chat_id"
    )
    assert [tuple(r) for r in rows] == [(items[0].chat_id, 41), (items[1].chat_id, 42)]


async def test_claims_take_due_items_tests_first_and_recovery_puts_them_back(
    db: Database, outbox: OutboxService, clock: Clock
) -> None:
    await add_chats(db, [1, 2, 3])
    announcement = await add_announcement(db)
    await outbox.enqueue_audience(announcement)
    clock.now += timedelta(seconds=1)
    await outbox.enqueue_chats(announcement, [9], Purpose.TEST)
    first = await outbox.claim(2)
    assert [(i.chat_id, i.purpose) for i in first] == [
        (9, Purpose.TEST),
        (1, Purpose.ANNOUNCEMENT),
    ]
    retry_at = clock.now + timedelta(seconds=30)
    await outbox.record([Outcome(first[1].id, "pending", not_before=retry_at, error="5xx")])
    assert [i.chat_id for i in await outbox.claim(10)] == [2, 3]
    assert await outbox.claim(10) == []  # chat 1 is not due yet
    clock.now = retry_at
    (again,) = await outbox.claim(10)
    assert (again.chat_id, again.attempts) == (1, 1)
    assert await outbox.recover() == 4
    assert await states(db, announcement) == {"pending": 4}


async def test_a_claim_reads_each_chats_language_and_the_announcements_state_as_they_are_then(
    db: Database, outbox: OutboxService
) -> None:
    await add_chats(db, [1, 3, -5])
    announcement = await add_announcement(db)
    await outbox.enqueue_audience(announcement)
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO users (telegram_id, language) VALUES (1, 'pl')")
        await conn.execute("UPDATE chats SET language = 'en' WHERE chat_id = -5")
        # After the snapshot: the claim, not the snapshot, decides.
        await conn.execute("UPDATE users SET language = 'uk' WHERE telegram_id = 1")
        await conn.execute("UPDATE announcements SET revision = 3 WHERE id = ?", (announcement,))
    claimed = {item.chat_id: item.context for item in await outbox.claim(10)}
    assert claimed == {
        1: RenderContext("published", 3, "uk"),
        3: RenderContext("published", 3, None),  # nobody known: the default language
        -5: RenderContext("published", 3, "en"),
    }


async def test_a_claim_reads_the_forum_thread_each_chat_routes_the_announcement_to(
    db: Database, outbox: OutboxService
) -> None:
    threads = ForumThreadService(db)
    for chat in (-5, -6, -7):
        await subscribed(db, chat, "health", "education")
    await threads.route(-5, await topic_id(db, "education"), 77)
    await threads.route(-6, await topic_id(db, "culture"), 88)  # a theme this one is not about
    announcement = await on_topics(db, "health", "education")
    await outbox.enqueue_audience(announcement)
    claimed = {item.chat_id: item.context for item in await outbox.claim(10)}
    assert {chat: context.thread_id for chat, context in claimed.items() if context} == {
        -5: 77,
        -6: None,
        -7: None,
    }


async def test_stats_and_failed_recipients(db: Database, outbox: OutboxService) -> None:
    await add_chats(db, [1, 2, 3, 4])
    announcement = await add_announcement(db)
    await outbox.enqueue_audience(announcement)
    a, b, c, _ = await outbox.claim(10)
    await outbox.record(
        [
            Outcome(a.id, "sent", message_id=1),
            Outcome(b.id, "failed", error="Bad Request: chat not found"),
            Outcome(c.id, "blocked", error="Forbidden: bot was blocked by the user"),
        ]
    )
    stats = await outbox.stats(announcement, rate=2.0)
    assert (stats.total, stats.sent, stats.failed, stats.blocked, stats.pending) == (4, 1, 1, 1, 1)
    assert (stats.finished, stats.eta_seconds, stats.started_at) == (False, 0.5, T0)
    failed = await outbox.failed_recipients(announcement)
    assert [(f.chat_id, f.state, f.attempts) for f in failed] == [
        (2, "failed", 1),
        (3, "blocked", 1),
    ]
    assert await outbox.cancel_pending(announcement) == 0  # the last one is 'sending'
    assert (await outbox.stats(announcement)).eta_seconds is None


async def test_cancel_skips_what_is_not_sent_yet(db: Database, outbox: OutboxService) -> None:
    await add_chats(db, [1, 2])
    announcement = await add_announcement(db)
    await outbox.enqueue_audience(announcement)
    assert await outbox.cancel_pending(announcement) == 2
    stats = await outbox.stats(announcement)
    assert (stats.skipped, stats.finished, stats.eta_seconds) == (2, True, 0.0)


async def test_following_a_migration_moves_unsent_items_without_duplicates(
    db: Database, outbox: OutboxService
) -> None:
    await add_chats(db, [-1, -2])
    both, only_old = await add_announcement(db), await add_announcement(db)
    await outbox.enqueue_audience(both)
    await outbox.enqueue_chats(only_old, [-1], Purpose.ANNOUNCEMENT)
    await outbox.follow_migration(-1, -2)
    rows = await db.fetch_all(
        "SELECT announcement_id, chat_id, state FROM outbox ORDER BY announcement_id, state"
    )
    assert [tuple(r) for r in rows] == [
        (both, -2, "pending"),
        (both, -1, "skipped"),  # the new id already had it: nobody gets it twice
        (only_old, -2, "pending"),
    ]
