"""The bot's basics through the real dispatcher and the emulator: greet, help, language, hints."""

from __future__ import annotations

import logging
import sqlite3

import pytest

from bot.core.commands import commands_for
from bot.core.users import Role, UserService
from tests.conftest import RunningBot
from tests.constants import ADMIN_ID


@pytest.mark.parametrize(
    ("language_code", "expected"),
    [
        ("pl", r"Dzień dobry!.*organizacjom pozarządowym.*przechowuję"),
        ("uk", r"Вітаю!.*громадським організаціям.*зберігаю"),
        ("en", r"Hello!.*NGOs.*/privacy says what I store"),
        ("en-GB", r"Hello!"),
        ("de", r"Dzień dobry!"),
        (None, r"Dzień dobry!"),
    ],
)
async def test_start_greets_in_the_telegram_language_and_says_what_is_stored(
    bot: RunningBot, language_code: str | None, expected: str
) -> None:
    alice = bot.emulator.user(1001, "Alicja", language_code=language_code)
    await alice.send("/start")
    await alice.wait_for(expected)


async def test_start_again_welcomes_back(bot: RunningBot) -> None:
    alice = bot.emulator.user(1001, "Alicja", language_code="pl")
    await alice.send("/start")
    await alice.wait_for("Dzień dobry")
    await alice.send("/start")
    await alice.wait_for("Witaj ponownie!")


async def test_greeting_leaves_the_name_out_rather_than_in_the_wrong_case(
    bot: RunningBot,
) -> None:
    # Polish needs the vocative ("Anno"), which a Telegram first name cannot be put into.
    anna = bot.emulator.user(1002, "Anna", language_code="pl")
    await anna.send("/start")
    reply = await anna.wait_for(r"Dzień dobry!")
    assert "Anna" not in reply["text"]


async def test_help_lists_member_commands_only_for_members(bot: RunningBot) -> None:
    bob = bot.emulator.user(1003, "Bob", language_code="en")
    await bob.send("/help")
    reply = await bob.wait_for(r"What I can do.*/start.*/topics.*/language.*/forget.*/help")
    assert "/stats" not in reply["text"]
    assert "city staff" not in reply["text"]


async def test_help_shows_staff_commands_to_an_admin(bot: RunningBot) -> None:
    admin = bot.emulator.user(ADMIN_ID, "Urzędniczka", language_code="pl")
    await admin.send("/help")
    await admin.wait_for(r"Co potrafię.*/start.*Dla pracowników Miasta.*/statystyki")


async def test_language_button_switches_language_for_later_replies(bot: RunningBot) -> None:
    olena = bot.emulator.user(1004, "Olena", language_code="pl")
    await olena.send("/language")
    await olena.wait_for("Wybierz język")
    query = await olena.press("Українська")
    answer = await olena.wait_for_answer(query)
    assert not answer.show_alert
    await olena.wait_for("Готово: відтепер я пишу вам українською.")
    await olena.send("/help")
    await olena.wait_for("Що я вмію")


async def test_chosen_language_wins_over_telegram_language(bot: RunningBot) -> None:
    olena = bot.emulator.user(1004, "Olena", language_code="pl")
    await olena.send("/language")
    await olena.wait_for("Wybierz")
    await olena.wait_for_answer(await olena.press("English"))
    await olena.send("/start")
    await olena.wait_for("Welcome back!")


async def test_forged_language_callback_is_refused_and_changes_nothing(bot: RunningBot) -> None:
    eve = bot.emulator.user(1005, "Eve", language_code="en")
    await eve.send("/language")
    await eve.wait_for("Choose the language")
    for forged in ("lang:xx", "lang:", "lang:pl;drop table users", "admin:grant"):
        answer = await eve.wait_for_answer(await eve.press_data(forged))
        assert answer.show_alert is True
        assert "no longer valid" in (answer.text or "")
    await eve.send("/help")
    await eve.wait_for("What I can do")


async def test_unknown_command_gets_a_hint(bot: RunningBot) -> None:
    bob = bot.emulator.user(1003, "Bob", language_code="pl")
    await bob.send("/frobnicate now")
    await bob.wait_for(r"Nie znam polecenia /frobnicate\. Wyślij /pomoc")


async def test_free_text_gets_a_hint(bot: RunningBot) -> None:
    bob = bot.emulator.user(1003, "Bob", language_code="uk")
    await bob.send("Добрий день, коли наступна консультація?")
    await bob.wait_for("Я працюю з командами та кнопками")


async def test_stats_is_refused_to_members(bot: RunningBot) -> None:
    bob = bot.emulator.user(1003, "Bob", language_code="en")
    await bob.send("/stats")
    await bob.wait_for("This command is for city staff only.")


async def test_stats_counts_people_with_polish_plurals(bot: RunningBot) -> None:
    admin = bot.emulator.user(ADMIN_ID, "Ewa", language_code="pl")
    await admin.send("/stats")
    await admin.wait_for(r"Z bota korzysta 1 osoba\.")
    for user_id in (2001, 2002):
        member = bot.emulator.user(user_id, "Member", language_code="uk")
        await member.send("/start")
        await member.wait_for("Вітаю")
    await admin.send("/stats")
    await admin.wait_for(r"Z bota korzystają 3 osoby\..*Українська: 2.*administratorzy: 1")
    for user_id in (2003, 2004):
        member = bot.emulator.user(user_id, "Member", language_code="en")
        await member.send("/start")
        await member.wait_for("Hello")
    await admin.send("/stats")
    await admin.wait_for(r"Z bota korzysta 5 osób\.")


async def test_command_menus_are_published_per_language_and_for_staff(bot: RunningBot) -> None:
    emu = bot.emulator
    for language, description in (("pl", "Zmień język"), ("uk", "Змінити мову"), ("en", "Change")):
        menu = {c["command"]: c["description"] for c in emu.commands(language_code=language)}
        # Polish users see the Polish names; Ukrainian users the English ones, described in
        # Ukrainian (names must be Latin).
        assert list(menu) == [c.shown(language) for c in commands_for(Role.MEMBER)]
        assert description in menu["jezyk" if language == "pl" else "language"]
        assert "stats" not in menu and "statystyki" not in menu and "pending" not in menu
    assert "tematy" in {c["command"] for c in emu.commands()}  # the default menu is Polish
    admin = emu.user(ADMIN_ID, "Ewa", language_code="pl")
    await admin.send("/start")
    await admin.wait_for("Dzień dobry")
    await emu.wait_until(
        lambda: any(
            c["command"] == "statystyki"
            for c in emu.commands(scope={"type": "chat", "chat_id": ADMIN_ID})
        ),
        timeout=5,
    )


async def test_a_failing_handler_is_logged_and_the_user_told_in_their_language(
    bot: RunningBot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(self: UserService) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(UserService, "stats", broken)
    admin = bot.emulator.user(ADMIN_ID, "Ewa", language_code="uk")
    with caplog.at_level(logging.ERROR):
        await admin.send("/stats")
        await admin.wait_for("Вибачте, з мого боку щось пішло не так")
    assert any("disk I/O error" in (r.exc_text or str(r.exc_info)) for r in caplog.records)


async def test_in_a_group_only_commands_addressed_to_the_bot_get_a_hint(bot: RunningBot) -> None:
    alice = bot.emulator.user(1001, "Alicja", language_code="pl")
    group = bot.emulator.group(-3001, "Fundacja Przykład", admins=[alice])
    await alice.send_in(group, "/frobnicate")  # may be meant for another bot: stay quiet
    await alice.send_in(group, "/frobnicate@ngobot_test_bot")
    reply = await alice.wait_for_in(group, r"Nie znam polecenia /frobnicate\.")
    hints = [m for m in group.messages() if "Nie znam" in (m.get("text") or "")]
    assert hints == [reply]
