"""/feeds through the emulator: add (across a restart), list, pause, topics, remove, OPML."""

from __future__ import annotations

from bot.core.topics import Kind
from bot.core.users import Role
from bot.feeds.model import Mode
from bot.feeds.opml import read_opml
from tests.announce_support import STAFF_ID, make_staff
from tests.conftest import RunningBot, StartBot
from tests.feeds_ui_support import (
    bot_services,
    opml_of,
    review_feed,
)
from tests.seeding import seeding

STAFF_ONLY = "This command is for city staff only."


async def test_staff_add_a_feed_step_by_step_across_a_restart(
    bot: RunningBot, start_bot: StartBot
) -> None:
    staff = await make_staff(bot)
    await staff.send("/feeds")
    await staff.wait_for("No feeds yet")
    await staff.wait_for_answer(await staff.press("➕ Add feed"))
    await staff.wait_for("Send the feed's address")
    await staff.send("no address here")
    await staff.wait_for("does not look like a feed address.*Send the feed's address")
    await staff.send("www.example.pl/rss")
    await staff.wait_for("Which topics?")
    await staff.wait_for_answer(await staff.press("▫️ Culture"))
    await staff.wait_for_answer(await staff.press("Done ▶️"))
    await staff.wait_for("What are its items?")
    await bot.stop()
    restarted = await start_bot()
    await staff.wait_for_answer(await staff.press("📝 Call for proposals"))
    await staff.wait_for_answer(await staff.press("✋ Hold each item for approval"))
    await staff.wait_for(
        "Feed: https://www.example.pl/rss\n🏷 Topics: Culture\nKind: 📝 Call for proposals\n"
        "Items: ✋ held for approval"
    )
    await staff.wait_for_answer(await staff.press("✅ Add"))
    await staff.wait_for("Feed added: https://www.example.pl/rss.*records what the feed already")
    async with bot_services(restarted) as (services, _):
        (feed,) = await services.feeds.list()
        culture = await services.topics.find("culture")
        assert culture is not None
        assert (feed.kind, feed.mode, feed.topic_ids) == (Kind.CALL, Mode.REVIEW, (culture.id,))
        assert await services.dialogs.get(STAFF_ID) is None
    await staff.send("/feeds")
    await staff.wait_for("1. https://www.example.pl/rss")


async def test_a_duplicate_address_is_refused_and_the_step_stays(bot: RunningBot) -> None:
    staff = await make_staff(bot)
    async with bot_services(bot) as (services, _):
        await review_feed(services)
    await staff.send("/feeds")
    await staff.wait_for_answer(await staff.press("➕ Add feed"))
    await staff.send("https://www.example.pl/rss")
    await staff.wait_for("already on the list.*Send the feed's address")


async def test_the_list_pauses_resumes_changes_topics_and_removes(bot: RunningBot) -> None:
    staff = await make_staff(bot)
    async with bot_services(bot) as (services, _):
        feed = await review_feed(services)
    await staff.send("/feeds")
    listing = await staff.wait_for(
        r"1\. https://www.example.pl/rss\n📝 Call for proposals · 🏷 Culture · ✋ held for "
        r"approval\n✅ Active\nLast success: never\nPublished: 0 · held: 0"
    )
    await staff.wait_for_answer(await staff.press("⏸ Pause #1"))
    paused = await staff.wait_for("⏸ Paused by staff")
    assert paused["message_id"] == listing["message_id"], "edited in place"
    await staff.wait_for_answer(await staff.press("▶️ Resume #1"))
    await staff.wait_for("✅ Active")
    await staff.wait_for_answer(await staff.press("🏷 Topics #1"))
    await staff.wait_for("Topics of https://www.example.pl/rss")
    answer = await staff.wait_for_answer(await staff.press("✅ Culture"))
    assert answer.show_alert and "at least one topic" in (answer.text or "")
    await staff.wait_for_answer(await staff.press("▫️ Education"))
    await staff.wait_for_answer(await staff.press("Done ▶️"))
    await staff.wait_for("🏷 Education, Culture")
    await staff.wait_for_answer(await staff.press("🗑 Remove #1"))
    await staff.wait_for("Remove the feed https://www.example.pl/rss?")
    await staff.wait_for_answer(await staff.press("🗑 Yes, remove it"))
    await staff.wait_for("No feeds yet")
    async with bot_services(bot) as (services, _):
        assert await services.feeds.get(feed.id) is None


async def test_export_sends_an_opml_document_with_every_feed(bot: RunningBot) -> None:
    staff = await make_staff(bot)
    async with bot_services(bot) as (services, _):
        await review_feed(services, "https://www.example.pl/rss")
        await review_feed(services, "https://bip.example.pl/atom")
    await staff.send("/feeds")
    await staff.wait_for_answer(await staff.press("📤 Export OPML"))
    document = await staff.wait_for_document()
    assert document.file_name == "ngobot-feeds.opml"
    urls = {url for url, _title in read_opml(document.data)}
    assert urls == {"https://www.example.pl/rss", "https://bip.example.pl/atom"}


async def test_an_opml_file_is_imported_after_the_same_choices(bot: RunningBot) -> None:
    staff = await make_staff(bot)
    async with bot_services(bot) as (services, _):
        await review_feed(services, "https://www.example.pl/rss")
    await staff.send("/feeds")
    await staff.wait_for_answer(await staff.press("📥 Import OPML"))
    await staff.wait_for("Send the OPML file")
    await staff.send("https://a.example.pl/rss")
    await staff.wait_for("Please send the OPML file as a document")
    await staff.send_document(b"<html><body>hello</body></html>", "page.xml")
    await staff.wait_for("could not read that file as OPML")
    body = opml_of("https://a.example.pl/rss", "https://www.example.pl/rss", "b.example.pl/rss")
    await staff.send_document(body, "feeds.opml")
    await staff.wait_for("The file lists 3 feeds.")
    await staff.wait_for_answer(await staff.press("🌐 All topics"))
    await staff.wait_for_answer(await staff.press("📌 Notice"))
    await staff.wait_for_answer(await staff.press("🚀 Publish automatically"))
    await staff.wait_for("OPML file: feeds.opml \\(3 feeds\\)")
    await staff.wait_for_answer(await staff.press("✅ Add"))
    await staff.wait_for("2 feeds added, 1 skipped")
    async with bot_services(bot) as (services, _):
        added = {feed.url: feed for feed in await services.feeds.list()}
    assert set(added) == {
        "https://www.example.pl/rss",
        "https://a.example.pl/rss",
        "https://b.example.pl/rss",
    }
    assert added["https://a.example.pl/rss"].all_topics
    assert added["https://a.example.pl/rss"].mode is Mode.AUTO


async def test_the_address_step_also_takes_an_opml_file(bot: RunningBot) -> None:
    staff = await make_staff(bot)
    await staff.send("/feeds")
    await staff.wait_for_answer(await staff.press("➕ Add feed"))
    await staff.send_document(opml_of("https://a.example.pl/rss"), "one.opml")
    await staff.wait_for("The file lists 1 feed.")
    await staff.wait_for("Which topics?")


async def test_members_are_refused_every_feeds_command_and_button(bot: RunningBot) -> None:
    async with bot_services(bot) as (services, _):
        feed = await review_feed(services)
    member = bot.emulator.user(6100, "Member", language_code="en")
    await member.send("/feeds")
    await member.wait_for(STAFF_ONLY)
    buttons = ["fd:l:0", f"fd:p:{feed.id}:0", f"fd:dy:{feed.id}:0", f"fd:ta:{feed.id}:0"]
    buttons += ["fd:a", "fd:i", "fd:e", "fd:h", "fd:ca", "fd:ck:call", "fd:cy", "fd:hp:1"]
    for data in buttons:
        answer = await member.wait_for_answer(await member.press_data(data))
        assert answer.show_alert and "city staff only" in (answer.text or ""), data
    async with bot_services(bot) as (services, _):
        # Unchanged by the member (the bot's poller may have tried the made-up address).
        [kept] = await services.feeds.list()
        assert (kept.id, kept.url, kept.active, kept.topic_ids) == (
            feed.id,
            feed.url,
            feed.active,
            feed.topic_ids,
        )
    async with seeding(bot) as seed:
        assert await seed.dialogs.get(6100) is None
    assert len(member.messages()) == 1, "no list, no prompt, no document"


async def test_forged_or_stale_feeds_buttons_are_refused(bot: RunningBot) -> None:
    staff = await make_staff(bot)
    await staff.send("/feeds")
    await staff.wait_for("No feeds yet")
    forged = ["fd:zz", "fd:p:999999:0", "fd:t:abc:0", "fd:ck:bogus", "fd:cy", "fd:ct:1"]
    forged += ["fd:hp:999999", "fd:hx:1:1", "fd:tt:1:99999:0", "fd:" + "1" * 60]
    for data in forged:
        answer = await staff.wait_for_answer(await staff.press_data(data))
        assert answer.show_alert, data


async def test_a_staff_member_demoted_mid_conversation_is_stopped(bot: RunningBot) -> None:
    staff = await make_staff(bot)
    await staff.send("/feeds")
    await staff.wait_for_answer(await staff.press("➕ Add feed"))
    await staff.wait_for("Send the feed's address")
    async with seeding(bot) as seed:
        await seed.set_role(STAFF_ID, Role.MEMBER)
    await staff.send("https://www.example.pl/rss")
    await staff.wait_for(STAFF_ONLY)
    async with bot_services(bot) as (services, _):
        assert await services.feeds.list() == []
