"""Onboarding says what each button does: skip or next, register what was searched, city-wide."""

from __future__ import annotations

from tests.conftest import RunningBot


async def test_the_organisation_step_says_skip_and_ends_without_an_empty_list(
    bot: RunningBot,
) -> None:
    jan = bot.emulator.user(1501, "Jan", language_code="pl")
    await jan.send("/start")
    await jan.wait_for("Krok 1 z 3")
    await jan.wait_for_answer(await jan.press("Dalej ▶️"))
    step = await jan.wait_for("Krok 2 z 3")
    labels = [b["text"] for row in step["reply_markup"]["inline_keyboard"] for b in row]
    assert "Pomiń ▶️" in labels and "Dalej ▶️" not in labels  # nothing done yet: skip it
    await jan.wait_for_answer(await jan.press("Pomiń ▶️"))
    await jan.wait_for("Krok 3 z 3")
    await jan.wait_for_answer(await jan.press("Gotowe"))
    done = await jan.wait_for("Gotowe!")
    assert "Nie masz jeszcze wybranych tematów" in done["text"]
    assert "Oto, co będziesz otrzymywać" not in done["text"]


async def test_a_search_that_finds_nothing_offers_to_register_that_very_name(
    bot: RunningBot,
) -> None:
    ola = bot.emulator.user(1502, "Ola", language_code="pl")
    await ola.send("/organizacja")
    await ola.wait_for("Wpisz część nazwy")
    await ola.send("Fundacja Łąka")
    await ola.wait_for("Nie znaleziono organizacji pasującej do „Fundacja Łąka”")
    await ola.wait_for_answer(await ola.press("➕ Zarejestruj „Fundacja Łąka”"))
    await ola.wait_for("Numer KRS")  # the name is already filled in
    await ola.send("0000 123-456")  # as it is often written: spaces and dashes
    districts = await ola.wait_for("W której dzielnicy")
    first = districts["reply_markup"]["inline_keyboard"][0][0]["text"]
    assert first == "cały Kraków"
    await ola.wait_for_answer(await ola.press("cały Kraków"))
    await ola.wait_for("e-mail")
    await ola.wait_for_answer(await ola.press("Pomiń ▶️"))
    check = await ola.wait_for("Sprawdź, proszę")
    for shown in ("Fundacja Łąka", "0000123456", "cały Kraków"):
        assert shown in check["text"]
    await ola.wait_for_answer(await ola.press("✅ Zarejestruj"))
    await ola.wait_for("Organizacja Fundacja Łąka została zarejestrowana")


async def test_a_forged_register_the_searched_name_button_is_refused(bot: RunningBot) -> None:
    eve = bot.emulator.user(1503, "Eve", language_code="en")
    await eve.send("/start")
    await eve.wait_for("Step 1 of 3")
    answer = await eve.wait_for_answer(await eve.press_data("org:nq"))  # nothing searched
    assert answer.show_alert is True
