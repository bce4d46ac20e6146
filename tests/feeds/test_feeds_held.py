"""Held feed items through the emulator: staff alerts, publish, topics, deadline, discard."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import Bot

from bot.core.users import Role
from bot.sandbox.driver import SimulatedUser
from bot.wiring import build_flows
from handlers.feed_alerts import FeedAlerts
from tests.announce_support import make_staff, member_of
from tests.conftest import RunningBot
from tests.constants import ADMIN_ID, TOKEN
from tests.feeds_ui_support import (
    NEXT_YEAR,
    bot_services,
    call_entry,
    hold_item,
    review_feed,
)

HELD_LINE = "Held for approval, from the feed: https://www.example.pl/rss"


@asynccontextmanager
async def alerts_for(bot: RunningBot) -> AsyncIterator[FeedAlerts]:
    """FeedAlerts as bot.app will build it: a bot on the emulator and the real services."""
    telegram_bot = Bot(TOKEN, base_url=bot.settings.api_base_url)
    async with telegram_bot, bot_services(bot) as (services, _):
        yield FeedAlerts(telegram_bot, services, build_flows(services).held_items)


async def held_call(bot: RunningBot, title: str, *, alerted: bool = False) -> int:
    """A call held for approval, made by the real Ingestor; staff are alerted if `alerted`."""
    async with bot_services(bot) as (services, db), alerts_for(bot) as alerts:
        feeds = await services.feeds.list()
        feed = feeds[0] if feeds else await review_feed(services)
        return await hold_item(
            services, db, feed.id, call_entry(title), alerts if alerted else None
        )


async def reachable_staff(bot: RunningBot) -> SimulatedUser:
    """A staff member who once wrote to the bot, so it may write to them first."""
    staff = await make_staff(bot)
    bot.emulator.state.private_chat(staff.record)
    return staff


async def show_held(staff: SimulatedUser, title: str) -> None:
    await staff.send("/feeds")
    await staff.wait_for_answer(await staff.press(re.compile(r"📝 Held items \(\d+\)")))
    await staff.wait_for(f"Call for proposals\n{title}")
    await staff.wait_for(HELD_LINE)


async def test_staff_get_the_held_card_and_publish_it_once(bot: RunningBot) -> None:
    await make_staff(bot, 4001)  # listed first, never wrote to the bot: cannot be reached
    staff = await reachable_staff(bot)
    bot.emulator.user(ADMIN_ID, "Admin").block()
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    await held_call(bot, "Granty na kulturę", alerted=True)
    await staff.wait_for(
        f"Call for proposals\nGranty na kulturę\n\n⏳ Deadline: 15 January {NEXT_YEAR}"
    )
    card = await staff.wait_for(f"{HELD_LINE}\n⏳ Deadline: 15 January {NEXT_YEAR}, 12:00. Please")
    assert not ania.messages(), "nothing goes out before staff decide"
    await staff.wait_for_answer(await staff.press("🚀 Publish"))
    await staff.wait_for("Published: Granty na kulturę. It goes to 1 chat.")
    await ania.wait_for("Granty na kulturę", timeout=10)
    answer = await staff.wait_for_answer(
        await staff.press_data(f"fd:hq:{_item_of(card)}", message_id=card["message_id"])
    )
    assert answer.show_alert and answer.text == "This item has already been published."


async def test_a_paused_feed_is_reported_to_staff(bot: RunningBot) -> None:
    staff = await reachable_staff(bot)
    async with bot_services(bot) as (services, _):
        feed = await review_feed(services)
    async with alerts_for(bot) as alerts:
        await alerts.feed_paused(feed.id, "HTTP 404 Not Found")
    await staff.wait_for(
        "The feed https://www.example.pl/rss was paused after repeated failures: HTTP 404 "
        "Not Found\nSend /feeds to resume it"
    )


async def test_a_held_items_deadline_and_topics_are_changed_then_it_is_discarded(
    bot: RunningBot,
) -> None:
    staff = await make_staff(bot)
    item_id = await held_call(bot, "Konkurs sportowy")
    await show_held(staff, "Konkurs sportowy")
    await staff.wait_for_answer(await staff.press("⏳ Change deadline"))
    await staff.wait_for("Send the deadline of Konkurs sportowy")
    await staff.send("wczoraj")
    await staff.wait_for("that moment has already passed.*Send the deadline")
    await staff.send(f"20.02.{NEXT_YEAR} 12:00")
    await staff.wait_for(f"Deadline: 20 February {NEXT_YEAR}, 12:00 ✓")
    await staff.wait_for(f"{HELD_LINE}\n⏳ Deadline: 20 February {NEXT_YEAR}, 12:00")
    await staff.wait_for_answer(await staff.press("🏷 Change topics"))
    await staff.wait_for("Topics of Konkurs sportowy")
    await staff.wait_for_answer(await staff.press("▫️ Education"))
    await staff.wait_for_answer(await staff.press("Done ▶️"))
    await staff.wait_for("Saved. The updated item is below.")
    await staff.wait_for("🏷 Topics: Education, Culture")
    await staff.wait_for_answer(await staff.press("🗑 Discard"))
    await staff.wait_for("Discarded: Konkurs sportowy. Nothing was sent.")
    answer = await staff.wait_for_answer(await staff.press_data(f"fd:hp:{item_id}"))
    assert answer.show_alert and answer.text == "This item has already been discarded."
    async with bot_services(bot) as (services, _):
        assert await services.held_items.get(item_id) is None
        assert await services.held_items.decision(item_id) == "discarded"


async def test_the_deadline_can_be_removed_with_its_button(bot: RunningBot) -> None:
    staff = await make_staff(bot)
    item_id = await held_call(bot, "Konkurs bez daty")
    await show_held(staff, "Konkurs bez daty")
    await staff.wait_for_answer(await staff.press("⏳ Change deadline"))
    await staff.wait_for_answer(await staff.press("🗑 Remove the deadline"))
    await staff.wait_for("Deadline removed.")
    await staff.wait_for("No deadline found in the text")
    async with bot_services(bot) as (services, _):
        held = await services.held_items.get(item_id)
        assert held is not None and held.announcement.deadline is None
        assert await services.dialogs.get(staff.id) is None


async def test_members_cannot_touch_held_items(bot: RunningBot) -> None:
    item_id = await held_call(bot, "Konkurs")
    member = bot.emulator.user(6100, "Member", language_code="en")
    await member.send("/start")
    await member.wait_for("Hello")
    for action in ("hp", "ht", "hl", "hq", "ha", "hd", "hn"):
        answer = await member.wait_for_answer(await member.press_data(f"fd:{action}:{item_id}"))
        assert answer.show_alert and "city staff only" in (answer.text or ""), action
    async with bot_services(bot) as (services, _):
        held = await services.held_items.get(item_id)
        assert held is not None and held.announcement.deadline is not None
        member_profile = await services.users.profile(6100)
        assert member_profile is not None and member_profile.role is Role.MEMBER


def _item_of(message: dict[str, object]) -> int:
    """The held item's id in a card's Publish button."""
    markup = message["reply_markup"]
    assert isinstance(markup, dict)
    data = markup["inline_keyboard"][0][0]["callback_data"]
    return int(data.rsplit(":", 1)[1])
