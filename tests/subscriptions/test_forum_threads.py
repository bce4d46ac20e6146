"""Forum groups: an admin routes a theme into a thread; announcements, reminders and date
changes about it go there (message_thread_id), corrections edit the message in its thread."""

from __future__ import annotations

from bot.delivery.types import OutboxItem, Outgoing, Purpose
from bot.sandbox.forum import in_thread, make_forum
from bot.sandbox.forum_driver import send_in_thread
from bot.subscriptions.forum_threads import ForumThreadService, ThreadRouting
from bot.subscriptions.service import ChatType, SubscriptionService
from storage import Database
from tests.announce_support import make_staff
from tests.announcements.test_announce_staff import publish_notice
from tests.conftest import RunningBot
from tests.seeding import seeding

GROUP = -100_900
SENIORS, EDUCATION = 10, 2


async def test_an_admin_routes_a_theme_into_the_thread_and_announcements_land_there(
    bot: RunningBot,
) -> None:
    emu = bot.emulator
    admin = emu.user(1801, "Ola", language_code="pl")
    member = emu.user(1802, "Jan", language_code="pl")
    group = emu.group(GROUP, "Fundacja Łąka", admins=[admin], members=[member], supergroup=True)
    threads = make_forum(group.chat, ["Seniorzy", "Ogłoszenia ogólne"])
    async with seeding(bot) as seed:
        await seed.subscriptions.ensure_chat(GROUP, ChatType.GROUP, title="Fundacja Łąka")
        await seed.subscriptions.toggle_topic(GROUP, SENIORS)
        await seed.subscriptions.toggle_topic(GROUP, EDUCATION)

    await send_in_thread(member, group, threads["Seniorzy"], "/watek@ngobot_test_bot")
    await member.wait_for_in(group, "Tylko administratorzy tej grupy")  # members may not
    await send_in_thread(admin, group, threads["Seniorzy"], "/watek@ngobot_test_bot")
    screen = await admin.wait_for_in(group, "Które tematy mają trafiać do tego wątku")
    assert screen["message_thread_id"] == threads["Seniorzy"], "the answer is in that thread"
    await admin.wait_for_answer(await admin.press_in(group, "▫️ Seniorzy: do wątku ogólnego"))
    edited = await admin.wait_for_in(group, "Które tematy mają trafiać do tego wątku")
    labels = [b["text"] for row in edited["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == ["▫️ Edukacja: do wątku ogólnego", "✅ Seniorzy: do tego wątku"]

    staff = await make_staff(bot)
    await publish_notice(staff, "Dzień seniora")  # to all topics: the first routed theme's
    await admin.wait_for_in(group, "Dzień seniora", timeout=10)
    arrived = in_thread(group.chat, threads["Seniorzy"])
    assert any("Dzień seniora" in (e.text or "") for e in arrived)
    assert not any("Dzień seniora" in (e.text or "") for e in in_thread(group.chat, None))


async def test_general_is_where_an_unrouted_group_gets_its_messages(bot: RunningBot) -> None:
    emu = bot.emulator
    admin = emu.user(1803, "Ola", language_code="en")
    group = emu.group(GROUP - 1, "Stowarzyszenie", admins=[admin], supergroup=True)
    make_forum(group.chat, ["Seniors"])
    async with seeding(bot) as seed:
        await seed.subscriptions.ensure_chat(GROUP - 1, ChatType.GROUP, title="Stowarzyszenie")
        await seed.subscriptions.toggle_topic(GROUP - 1, SENIORS)
    staff = await make_staff(bot)
    await publish_notice(staff, "Open day")
    await admin.wait_for_in(group, "Open day", timeout=10)
    assert any("Open day" in (e.text or "") for e in in_thread(group.chat, None))
    await admin.send_in(group, "/thread@ngobot_test_bot")  # in General: there is no thread
    await admin.wait_for_in(group, "Send /thread inside the thread")


async def test_only_a_member_routes_themes_of_a_group_that_speaks_for_an_organisation(
    bot: RunningBot,
) -> None:
    emu = bot.emulator
    ola = emu.user(1804, "Ola", language_code="pl")  # a member of Fundacja Łąka
    adam = emu.user(1805, "Adam", language_code="pl")  # an administrator, not a member
    group = emu.group(GROUP - 2, "Fundacja Łąka", admins=[ola, adam], supergroup=True)
    threads = make_forum(group.chat, ["Seniorzy"])
    async with seeding(bot) as seed:
        laka = await seed.organisation(1804, "Fundacja Łąka")
        await seed.users.choose_language(1804, "pl")
        await seed.subscriptions.ensure_chat(
            GROUP - 2, ChatType.GROUP, title="Fundacja Łąka", organisation_id=laka.id
        )
        await seed.subscriptions.toggle_topic(GROUP - 2, SENIORS)
    await send_in_thread(adam, group, threads["Seniorzy"], "/watek@ngobot_test_bot")
    await adam.wait_for_in(group, "Ta grupa występuje w imieniu organizacji Fundacja Łąka")
    await send_in_thread(ola, group, threads["Seniorzy"], "/watek@ngobot_test_bot")
    await ola.wait_for_in(group, "Które tematy mają trafiać do tego wątku")
    refused = await adam.wait_for_answer(
        await adam.press_in(group, "▫️ Seniorzy: do wątku ogólnego")
    )
    assert refused.show_alert and "Fundacja Łąka" in (refused.text or "")
    async with seeding(bot) as seed:
        assert await ForumThreadService(seed.db).threads(GROUP - 2) == {}


class Fixed:
    """An inner renderer that always renders the same text."""

    async def render(self, item: OutboxItem) -> Outgoing | None:
        return Outgoing(f"{item.purpose}")


async def announcement_for(db: Database, topic_id: int) -> int:
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO announcements (kind, title, body_html, all_topics, status, source, "
            "created_at) VALUES ('event', 'Gala', '', 0, 'published', 'cli', "
            "'2027-01-01T00:00:00.000000+00:00')"
        )
        assert cursor.lastrowid is not None
        await conn.execute(
            "INSERT INTO announcement_topics (announcement_id, topic_id) VALUES (?, ?)",
            (cursor.lastrowid, topic_id),
        )
    return cursor.lastrowid


async def test_reminders_and_date_changes_follow_into_the_thread_digests_do_not(
    db: Database,
) -> None:
    await SubscriptionService(db).ensure_chat(GROUP, ChatType.GROUP, title="Fundacja")
    await ForumThreadService(db).route(GROUP, SENIORS, 7)
    gala = await announcement_for(db, SENIORS)
    other = await announcement_for(db, EDUCATION)
    routing = ThreadRouting(Fixed(), db)

    def item(purpose: Purpose, announcement: int | None) -> OutboxItem:
        return OutboxItem(1, announcement, GROUP, purpose, "t", 0, None)

    for purpose in (
        Purpose.ANNOUNCEMENT,
        Purpose.REMINDER,
        Purpose.DATE_CHANGE,
        Purpose.CORRECTION,
    ):
        rendered = await routing.render(item(purpose, gala))
        assert rendered is not None and rendered.thread_id == 7, purpose
    for unrouted in (item(Purpose.REMINDER, other), item(Purpose.DIGEST, None)):
        rendered = await routing.render(unrouted)
        assert rendered is not None and rendered.thread_id is None
    assert await ForumThreadService(db).route(GROUP, SENIORS, None) == {}
