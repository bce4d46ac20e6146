"""Scheduling through /announce: on time, across a restart, cancelled; and refused inputs."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta

from bot.announcements.model import Status
from bot.sandbox.driver import SimulatedUser
from tests.announce_support import WARSAW, later, latest, make_staff, member_of, typed
from tests.conftest import RunningBot, StartBot


async def notice_preview(staff: SimulatedUser, title: str) -> None:
    """A notice to every topic, up to its preview."""
    await staff.send("/announce")
    await staff.wait_for_answer(await staff.press("Notices"))
    await staff.wait_for_answer(await staff.press("🌐 All topics"))
    await staff.wait_for("Send the title")
    await staff.send(title)
    await staff.wait_for("Send the text")
    await staff.send(f"About {title}.")
    await staff.wait_for("Send a link")
    await staff.wait_for_answer(await staff.press("Skip ▶️"))
    await staff.wait_for("Attach a document")
    await staff.wait_for_answer(await staff.press("Skip ▶️"))
    await staff.wait_for("exactly what recipients will see")


async def schedule_in(staff: SimulatedUser, seconds: float) -> datetime:
    """Press Schedule, type a time `seconds` ahead (ISO, with seconds) and confirm it."""
    at = (datetime.now(WARSAW) + timedelta(seconds=seconds)).replace(microsecond=0)
    await staff.wait_for_answer(await staff.press("🕒 Schedule"))
    await staff.wait_for("When should it go out?")
    await staff.send(at.strftime("%Y-%m-%dT%H:%M:%S"))
    await staff.wait_for("It will go out on")
    await staff.wait_for_answer(await staff.press("✅ Schedule"))
    await staff.wait_for("🕒 Scheduled for")
    return at


async def test_a_scheduled_announcement_goes_out_on_time_after_a_restart(
    bot: RunningBot, start_bot: StartBot
) -> None:
    staff = await make_staff(bot)
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    await notice_preview(staff, "Tomorrow's meeting")
    at = await schedule_in(staff, 3)
    assert (await latest(bot)).status is Status.SCHEDULED
    await bot.stop()
    restarted = await start_bot()
    await ania.wait_for("Tomorrow's meeting", timeout=15)
    assert time.time() >= at.timestamp() - 0.1, "not before its time"
    assert (await latest(restarted)).status is Status.PUBLISHED


async def test_scheduling_wakes_the_scheduler_of_the_running_bot(bot: RunningBot) -> None:
    """The scheduler sleeps until what it knows is due (or 30 s); a new schedule wakes it."""
    staff = await make_staff(bot)
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    await notice_preview(staff, "Soon")
    # The set-up wrote through another connection: let the watcher see that first, so that
    # only the schedule itself can wake the scheduler.
    await asyncio.sleep(1.0)
    at = await schedule_in(staff, 2)
    await ania.wait_for("Soon", timeout=10)
    assert time.time() >= at.timestamp() - 0.1, "not before its time"


async def test_staff_cancel_a_scheduled_announcement(bot: RunningBot) -> None:
    staff = await make_staff(bot)
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    await notice_preview(staff, "Cancelled meeting")
    at = await schedule_in(staff, 4)
    await staff.send("/announcements")
    await staff.wait_for(r"Cancelled meeting\n🕒 Scheduled for")
    await staff.wait_for_answer(await staff.press("🚫 Cancel"))
    await staff.wait_for("It will not go out.")
    await staff.wait_for_answer(await staff.press("🚫 Yes, cancel it"))
    await staff.wait_for("❌ Cancelled: Cancelled meeting")
    assert (await latest(bot)).status is Status.CANCELLED
    await asyncio.sleep(max(at.timestamp() - time.time(), 0) + 1.5)  # past its time
    assert not ania.messages()


async def test_past_dates_and_late_deadlines_are_refused_with_a_reason(bot: RunningBot) -> None:
    staff = await make_staff(bot)
    await staff.send("/announce")
    await staff.wait_for_answer(await staff.press("Calls for proposals"))
    await staff.wait_for_answer(await staff.press("🌐 All topics"))
    await staff.send("Grants 2027")
    await staff.wait_for("Send the text")
    await staff.send("Apply now.")
    await staff.wait_for("What is the deadline")
    await staff.send("01.01.2020 15:00")
    await staff.wait_for("Deadline: that moment has already passed.*What is the deadline")
    await staff.send("someday")
    await staff.wait_for("I could not read that date")
    deadline = later(days=2)
    await staff.send(deadline.strftime("%d.%m.%Y"))  # a date alone: 15:00 for a call
    await staff.wait_for(r"Deadline: \d+ \w+ \d{4}, 15:00 ✓")
    await staff.send("not a link")
    await staff.wait_for("does not look like a web address")
    await staff.send("https://www.krakow.pl/granty")
    await staff.wait_for("Attach a document")
    await staff.wait_for_answer(await staff.press("Skip ▶️"))
    await staff.wait_for("exactly what recipients will see")
    await staff.wait_for_answer(await staff.press("🕒 Schedule"))
    await staff.send(typed(later(days=5)))
    await staff.wait_for("Deadline would be before the announcement goes out")
    assert (await latest(bot)).status is Status.DRAFT


async def test_a_text_too_long_for_telegram_is_refused_saying_by_how_much(
    bot: RunningBot,
) -> None:
    staff = await make_staff(bot)
    await staff.send("/announce")
    await staff.wait_for_answer(await staff.press("Notices"))
    await staff.wait_for_answer(await staff.press("🌐 All topics"))
    await staff.send("x" * 201)
    await staff.wait_for("Title is 1 character too long")
    await staff.send("Long one")
    await staff.wait_for("Send the text")
    await staff.send("y" * 4096)
    answer = await staff.wait_for(
        r"would be (\d+) characters longer than Telegram allows \(4096\)"
    )
    assert "Send the text" in answer["text"]
    assert (await latest(bot)).body_html == ""
