"""/feeds actions and conversations without Telegram, on a real database with real services."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.announcements.model import Status
from bot.config import load_settings
from bot.container import Services
from bot.core.dialogs import Dialog
from bot.core.i18n import Catalogs
from bot.core.screens import Reply
from bot.core.topics import Kind
from bot.feeds.add_view import FILE_MAX, Step
from bot.feeds.flow import AddFeedFlow, Fetch, Upload
from bot.feeds.held_flow import HeldItemFlow
from bot.feeds.model import Feed, Mode
from bot.feeds.view import Action, parse
from bot.wiring import build_flows, build_services
from storage import Database
from tests.feeds_ui_support import NEXT_YEAR, call_entry, hold_item, opml_of, review_feed

T = Catalogs("en").translator("en")
STAFF = 5001


@pytest.fixture
async def services(db: Database, tmp_path: Path) -> Services:
    settings = load_settings({"NGOBOT_DB": str(tmp_path / "x.sqlite3")}, need_token=False)
    built = build_services(settings, db)
    await built.users.register(STAFF, "en")
    return built


def flow_of(s: Services) -> AddFeedFlow:
    return build_flows(s).add_feed


def desk_of(s: Services) -> HeldItemFlow:
    return build_flows(s).held_items


async def dialog(s: Services) -> Dialog:
    found = await s.dialogs.get(STAFF)
    assert found is not None
    return found


async def pressed(s: Services, data: str, body: bytes = b"") -> Reply | None:
    action = parse(data)
    assert action is not None, data
    return await flow_of(s).press(await s.dialogs.get(STAFF), action, fetch_of(body), T)


async def press(s: Services, data: str) -> str:
    """Press a conversation button; the text of the screen it leads to (or its toast)."""
    reply = await pressed(s, data)
    assert reply is not None, data
    if reply.toast:
        return reply.toast
    return (reply.edit or reply.send[-1]).text


async def stored(s: Services, feed_id: int) -> Feed:
    feed = await s.feeds.get(feed_id)
    assert feed is not None
    return feed


def fetch_of(body: bytes) -> Fetch:
    async def fetch(file_id: str) -> bytes:
        assert file_id == "file-1"
        return body

    return fetch


async def send(
    s: Services, text: str | None, upload: Upload | None = None, body: bytes = b""
) -> str:
    reply = await flow_of(s).answer(await dialog(s), text, upload, fetch_of(body), T)
    return "\n".join(screen.text for screen in reply.send)


async def test_adding_a_feed_asks_each_choice_and_keeps_a_refused_step(services: Services) -> None:
    await review_feed(services, "https://www.example.pl/old")
    await flow_of(services).start(STAFF, Step.URL, T)
    assert "does not look like a feed address" in await send(services, "not a url")
    assert "already on the list" in await send(services, "www.example.pl/old")
    assert (await dialog(services)).step == Step.URL
    assert "Which topics?" in await send(services, "www.example.pl/news")
    culture = await services.topics.find("culture")
    assert culture is not None
    assert "at least one topic" in await press(services, "fd:cd")
    assert "✅ Culture" in str(await pressed(services, f"fd:ct:{culture.id}"))
    assert "What are its items?" in await press(services, "fd:cd")
    assert "Publish its items automatically" in await press(services, "fd:ck:event")
    summary = await press(services, "fd:cm:auto")
    assert "Feed: https://www.example.pl/news\n🏷 Topics: Culture\nKind: 📅 Event" in summary
    assert "without sending it" in await press(services, "fd:cy")
    feed = next(f for f in await services.feeds.list() if f.url.endswith("/news"))
    assert (feed.kind, feed.topic_ids, feed.mode, feed.all_topics) == (
        Kind.EVENT, (culture.id,), Mode.AUTO, False,
    )  # fmt: skip
    assert await services.dialogs.get(STAFF) is None


async def test_buttons_work_only_at_their_own_step(services: Services) -> None:
    await flow_of(services).start(STAFF, Step.URL, T)
    for data in ("fd:ca", "fd:ck:call", "fd:cm:auto", "fd:cy"):
        assert await pressed(services, data) is None, data
    assert await flow_of(services).press(None, Action("cy"), fetch_of(b""), T) is None


async def test_an_opml_file_adds_its_feeds_and_counts_the_skipped(services: Services) -> None:
    await review_feed(services, "https://www.example.pl/old")
    body = opml_of("https://a.example.pl/rss", "https://www.example.pl/old", "b.example.pl/rss")
    await flow_of(services).start(STAFF, Step.FILE, T)
    upload = Upload("file-1", "feeds.opml", len(body))
    assert "The file lists 3 feeds." in await send(services, None, upload, body)
    await press(services, "fd:ca")
    await press(services, "fd:ck:notice")
    summary = await press(services, "fd:cm:review")
    assert "OPML file: feeds.opml (3 feeds)" in summary
    reply = await pressed(services, "fd:cy", body)
    assert reply is not None and reply.edit is not None
    assert reply.edit.text.startswith("✅ 2 feeds added, 1 skipped")
    added = [f for f in await services.feeds.list() if f.url != "https://www.example.pl/old"]
    assert {(f.kind, f.mode, f.all_topics) for f in added} == {(Kind.NOTICE, Mode.REVIEW, True)}


async def test_files_that_are_not_opml_or_too_big_are_refused_politely(
    services: Services,
) -> None:
    await flow_of(services).start(STAFF, Step.FILE, T)
    assert "send the OPML file as a document" in await send(services, "https://a.pl/rss")
    big = Upload("file-1", "big.opml", FILE_MAX + 1)
    assert "too big" in await send(services, None, big)
    unknown_size = Upload("file-1", "big.opml", None)
    assert "too big" in await send(services, None, unknown_size, b"x" * (FILE_MAX + 1))
    upload = Upload("file-1", "page.html", 10)
    assert "could not read that file" in await send(services, None, upload, b"<html></html>")
    assert "could not read" in await send(services, None, upload, opml_of())
    assert (await dialog(services)).step == Step.FILE


async def test_the_list_pauses_resumes_removes_and_keeps_at_least_one_topic(
    services: Services,
) -> None:
    feed = await review_feed(services)
    admin = build_flows(services).feed_admin
    paused = await admin.press(Action("p", (feed.id, 0)), T)
    assert (
        paused is not None and paused.edit is not None and "⏸ Paused by staff" in paused.edit.text
    )
    assert (await stored(services, feed.id)).active is False
    await admin.press(Action("r", (feed.id, 0)), T)
    assert (await stored(services, feed.id)).active is True
    culture_id = feed.topic_ids[0]
    refused = await admin.press(Action("tt", (feed.id, culture_id, 0)), T)
    assert refused is not None and refused.alert
    everything = await admin.press(Action("ta", (feed.id, 0)), T)
    assert everything is not None and (await stored(services, feed.id)).all_topics
    assert await admin.press(Action("tt", (feed.id, 99999, 0)), T) is None
    removed = await admin.press(Action("dy", (feed.id, 0)), T)
    assert removed is not None and removed.toast == "Removed."
    assert await services.feeds.get(feed.id) is None
    assert await admin.press(Action("p", (feed.id, 0)), T) is None


async def test_a_held_call_shows_its_deadline_and_publishes_once(
    services: Services, db: Database
) -> None:
    feed = await review_feed(services)
    item_id = await hold_item(services, db, feed.id, call_entry("Granty na kulturę"))
    preview, controls = await desk_of(services).card((await services.held_items.held())[0], T)
    assert "<b>📝 Call for proposals</b>\n<b>Granty na kulturę</b>" in preview.text
    assert f"⏳ Deadline: <b>15 January {NEXT_YEAR}, 12:00</b>. Please check it" in controls.text
    labels = [label for row in controls.rows for label, _ in row]
    assert labels == ["🚀 Publish", "🏷 Change topics", "⏳ Change deadline", "🗑 Discard"]
    published = await desk_of(services).press(Action("hp", (item_id,)), STAFF, T)
    assert published is not None and published.edit is not None
    assert "Published: Granty na kulturę. It goes to 0 chats." in published.edit.text
    again = await desk_of(services).press(Action("hq", (item_id,)), STAFF, T)
    assert again is not None and again.toast == "This item has already been published."


async def test_a_held_items_deadline_is_changed_or_removed(
    services: Services, db: Database
) -> None:
    feed = await review_feed(services)
    item_id = await hold_item(
        services, db, feed.id, call_entry("Bez terminu", with_deadline=False)
    )
    desk = desk_of(services)
    (_, controls) = await desk.card((await services.held_items.held())[0], T)
    assert "No deadline found in the text" in controls.text
    prompt = await desk.press(Action("hl", (item_id,)), STAFF, T)
    assert prompt is not None and "Send the deadline of <b>Bez terminu</b>" in prompt.send[0].text
    reply = await desk.answer_deadline(await dialog(services), "wczoraj", T)
    assert "that moment has already passed" in reply.send[0].text
    reply = await desk.answer_deadline(await dialog(services), f"20.02.{NEXT_YEAR}", T)
    assert reply.send[0].text == f"Deadline: 20 February {NEXT_YEAR}, 15:00 ✓"
    assert await services.dialogs.get(STAFF) is None
    removed = await desk.press(Action("hn", (item_id,)), STAFF, T)
    assert removed is not None and "No deadline found" in removed.send[-1].text
    held = await services.held_items.get(item_id)
    assert held is not None and held.announcement.deadline is None


async def test_a_discarded_item_is_gone_and_its_topics_cannot_change(
    services: Services, db: Database
) -> None:
    feed = await review_feed(services, kind=Kind.NOTICE)
    item_id = await hold_item(services, db, feed.id, call_entry("Ogłoszenie"))
    desk = desk_of(services)
    (_, controls) = await desk.card((await services.held_items.held())[0], T)
    assert "⏳" not in controls.text, "no deadline for notices"
    assert await desk.press(Action("hl", (item_id,)), STAFF, T) is None
    health = await services.topics.find("health")
    assert health is not None
    toggled = await desk.press(Action("hx", (item_id, health.id)), STAFF, T)
    assert (
        toggled is not None and toggled.edit is not None and "✅ Health" in str(toggled.edit.rows)
    )
    discarded = await desk.press(Action("hq", (item_id,)), STAFF, T)
    assert discarded is not None and "Discarded: Ogłoszenie" in str(discarded.edit)
    late = await desk.press(Action("hx", (item_id, health.id)), STAFF, T)
    assert late is not None and late.toast == "This item has already been discarded."
    assert await desk.press(Action("hp", (99999,)), STAFF, T) is None


async def test_the_held_listing_counts_and_shows_cards(services: Services, db: Database) -> None:
    feed = await review_feed(services)
    for title in ("Pierwszy", "Drugi"):
        await hold_item(services, db, feed.id, call_entry(title))
    screens = await desk_of(services).listing(T)
    assert screens[0].text == "📝 2 feed items are waiting for approval."
    assert len(screens) == 5
    assert "Pierwszy" in screens[1].text and "Drugi" in screens[3].text
    drafts = [item.announcement for item in await services.held_items.held()]
    assert [draft.status for draft in drafts] == [Status.DRAFT, Status.DRAFT]
