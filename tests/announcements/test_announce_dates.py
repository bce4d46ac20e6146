"""Dates typed in /announce, through the emulator: Polish habits, start and end, Ukrainian
prompts' own examples, impossible dates refused, and the art. 13 warning on short calls."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from bot.core.dates import format_long
from bot.sandbox.driver import SimulatedUser
from tests.announce_support import WARSAW, later, latest, make_staff, typed
from tests.conftest import RunningBot


def next_occurrence(day: int, month: int) -> date:
    """The day.month on or after today in Kraków: what "15.01" means."""
    today = datetime.now(WARSAW).date()
    this_year = date(today.year, month, day)
    return this_year if this_year >= today else date(today.year + 1, month, day)


def coming(weekday: int) -> date:
    """The next such weekday after today ("w piątek" said on a Friday is next week's)."""
    today = datetime.now(WARSAW).date()
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


async def call_until_deadline(staff: SimulatedUser, kind: str, everyone: str) -> None:
    """/announce for a call to every topic, up to the deadline's question."""
    await staff.send("/announce")
    await staff.wait_for_answer(await staff.press(kind))
    await staff.wait_for_answer(await staff.press(everyone))
    await staff.send("Granty 2027")
    await staff.send("Zapraszamy do składania ofert.")


async def test_day_dot_month_is_a_date_never_a_time_of_day(bot: RunningBot) -> None:
    staff = await make_staff(bot, language="pl")
    await call_until_deadline(staff, "Konkursy ofert", "🌐 Wszystkie tematy")
    await staff.wait_for("Jaki jest termin")
    await staff.send("jutro 25:00")
    await staff.wait_for("Nie ma takiej godziny — godziny są od 0:00 do 23:59.*Jaki jest")
    await staff.send("31.02")
    await staff.wait_for("Nie ma takiego dnia.*Jaki jest")
    # "15.01" once read as today at 15:01; on 15 January itself the 16th keeps the test sure.
    day = 16 if next_occurrence(15, 1) == datetime.now(WARSAW).date() else 15
    await staff.send(f"{day}.01")
    await staff.wait_for(rf"Termin: {day} stycznia {next_occurrence(day, 1).year}, 15:00 ✓")
    deadline = (await latest(bot)).deadline
    assert deadline is not None
    assert deadline.astimezone(WARSAW).date() == next_occurrence(day, 1)


async def test_a_time_alone_after_a_start_is_on_the_start_day(bot: RunningBot) -> None:
    staff = await make_staff(bot)
    await staff.send("/announce")
    await staff.wait_for_answer(await staff.press("Events"))
    await staff.wait_for_answer(await staff.press("🌐 All topics"))
    await staff.send("Open day")
    await staff.send("Come and see.")
    await staff.wait_for("When does it start")
    friday = coming(4)
    await staff.send("w piątek o 10")
    await staff.wait_for(rf"Start: {friday.day} {friday.strftime('%B %Y')}, 10:00 ✓")
    await staff.wait_for("When does it end")
    await staff.send("12:00")
    await staff.wait_for(rf"End: {friday.day} {friday.strftime('%B %Y')}, 12:00 ✓")
    stored = await latest(bot)
    assert stored.starts_at is not None and stored.ends_at is not None
    assert stored.ends_at - stored.starts_at == timedelta(hours=2)


async def test_a_ukrainian_user_types_the_example_the_prompt_suggests(bot: RunningBot) -> None:
    staff = await make_staff(bot, language="uk")
    await staff.send("/announce")
    await staff.wait_for_answer(await staff.press("Інформація"))
    await staff.wait_for_answer(await staff.press("🌐 Усі теми"))
    await staff.send("Зустріч")
    await staff.send("Запрошуємо.")
    await staff.wait_for("Надішліть посилання")
    await staff.wait_for_answer(await staff.press("Пропустити ▶️"))
    await staff.wait_for("Додайте документ")
    await staff.wait_for_answer(await staff.press("Пропустити ▶️"))
    await staff.wait_for("Саме так це побачать отримувачі")
    await staff.wait_for_answer(await staff.press("🕒 Запланувати"))
    prompt = await staff.wait_for("Коли надіслати оголошення")
    monday = datetime.combine(coming(0), datetime.min.time(), WARSAW)
    await staff.send("у понеділок")
    await staff.wait_for(f"Оголошення буде надіслано {format_long(monday, 'uk', WARSAW)}")
    await staff.wait_for_answer(await staff.press("◀️ Назад"))
    await staff.wait_for("Саме так це побачать отримувачі")
    await staff.wait_for_answer(await staff.press("🕒 Запланувати"))
    await staff.wait_for("Коли надіслати оголошення")
    example = re.search(r"«(у [^»]+)»", prompt["text"])
    assert example is not None, prompt["text"]
    assert example.group(1) == "у п'ятницю о 12"
    friday = datetime.combine(coming(4), datetime.min.time(), WARSAW).replace(hour=12)
    await staff.send(example.group(1))
    await staff.wait_for(f"Оголошення буде надіслано {format_long(friday, 'uk', WARSAW)}")


async def test_a_call_closing_within_21_days_is_previewed_with_the_art_13_warning(
    bot: RunningBot,
) -> None:
    staff = await make_staff(bot)
    await call_until_deadline(staff, "Calls for proposals", "🌐 All topics")
    await staff.wait_for("What is the deadline")
    await staff.send(typed(later(days=10)))
    await staff.send("https://www.krakow.pl/granty")
    await staff.wait_for_answer(await staff.press("Skip ▶️"))
    controls = await staff.wait_for("exactly what recipients will see")
    assert "⚠️ Less than 21 days to the deadline: art. 13" in controls["text"]
    buttons = [b["text"] for row in controls["reply_markup"]["inline_keyboard"] for b in row]
    assert "🚀 Send now" in buttons, "a warning, not a refusal"


async def test_a_call_with_21_days_or_more_has_no_warning(bot: RunningBot) -> None:
    staff = await make_staff(bot, language="pl")
    await call_until_deadline(staff, "Konkursy ofert", "🌐 Wszystkie tematy")
    await staff.wait_for("Jaki jest")
    await staff.send(typed(later(days=22)))
    await staff.send("https://www.krakow.pl/granty")
    await staff.wait_for_answer(await staff.press("Pomiń ▶️"))
    controls = await staff.wait_for("Dokładnie tak zobaczą to odbiorcy")
    assert "art. 13" not in controls["text"]


async def test_the_art_13_warning_reads_in_polish(bot: RunningBot) -> None:
    staff = await make_staff(bot, language="pl")
    await call_until_deadline(staff, "Konkursy ofert", "🌐 Wszystkie tematy")
    await staff.wait_for("Jaki jest")
    await staff.send("jutro")
    await staff.send("https://www.krakow.pl/granty")
    await staff.wait_for_answer(await staff.press("Pomiń ▶️"))
    await staff.wait_for(
        "⚠️ Do terminu zostało mniej niż 21 dni: art. 13 ustawy o działalności pożytku "
        "publicznego i o wolontariacie"
    )
