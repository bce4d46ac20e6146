"""The same date reader in /rounds and in a held feed item's deadline, through the emulator."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from tests.announce_support import WARSAW, make_staff
from tests.conftest import RunningBot
from tests.feeds.test_feeds_held import held_call, show_held


def coming_friday() -> date:
    today = datetime.now(WARSAW).date()
    return today + timedelta(days=(4 - today.weekday() - 1) % 7 + 1)


def next_occurrence(day: int, month: int, at: time) -> datetime:
    now = datetime.now(WARSAW)
    moment = datetime.combine(date(now.year, month, day), at, WARSAW)
    return moment if moment > now else moment.replace(year=now.year + 1)


async def test_a_round_closing_at_a_bare_time_closes_on_its_opening_day(bot: RunningBot) -> None:
    staff = await make_staff(bot)
    await staff.send("/rounds")
    await staff.wait_for_answer(await staff.press("➕ Open a round"))
    await staff.send("Runda")
    await staff.wait_for("description of the round")
    await staff.wait_for_answer(await staff.press("⏭ Skip"))
    await staff.wait_for_answer(await staff.press("🌐 All topics"))
    await staff.wait_for_answer(await staff.press("Done ▶️"))
    await staff.wait_for("When does the round open?")
    await staff.send("w piątek o 10")
    await staff.wait_for("When does it close?")
    await staff.send("31.02")
    await staff.wait_for("That day does not exist.*When does it close?")
    await staff.send("18:00")
    friday = coming_friday()
    summary = await staff.wait_for("Open this round?")
    day = f"{friday.day} {friday.strftime('%B %Y')}"
    assert f"Opens: {day}, 10:00" in summary["text"]
    assert f"Closes: {day}, 18:00" in summary["text"]


async def test_a_held_items_deadline_typed_as_day_and_month(bot: RunningBot) -> None:
    staff = await make_staff(bot)
    await held_call(bot, "Konkurs kulturalny")
    await show_held(staff, "Konkurs kulturalny")
    await staff.wait_for_answer(await staff.press("⏳ Change deadline"))
    await staff.wait_for("Send the deadline of Konkurs kulturalny")
    await staff.send("jutro 25:00")
    await staff.wait_for("That time does not exist.*Send the deadline")
    day = 16 if next_occurrence(15, 1, time(0, 0)).date() == datetime.now(WARSAW).date() else 15
    meant = next_occurrence(day, 1, time(15, 0))
    await staff.send(f"{day}.01")
    await staff.wait_for(f"Deadline: {day} January {meant.year}, 15:00 ✓")
