"""The issue-3 features in Polish (the default) and Ukrainian, end to end."""

from __future__ import annotations

from tests.conftest import RunningBot
from tests.constants import ADMIN_ID
from tests.seeding import seeding


async def test_polish_onboarding_from_start_to_done(bot: RunningBot) -> None:
    jan = bot.emulator.user(1401, "Jan", language_code="pl")
    await jan.send("/start")
    await jan.wait_for("Krok 1 z 3: język")
    await jan.wait_for_answer(await jan.press("Dalej ▶️"))
    await jan.wait_for("Krok 2 z 3: Twoja organizacja")
    await jan.wait_for_answer(await jan.press("➕ Zarejestruj nową organizację"))
    await jan.send("Towarzystwo Pomocy im. Brata Alberta – Koło Krakowskie")
    await jan.wait_for("Numer KRS")
    await jan.send("123")
    await jan.wait_for("Numer KRS ma 10 cyfr")
    await jan.wait_for_answer(await jan.press("Pomiń ▶️"))
    await jan.wait_for_answer(await jan.press("Podgórze"))
    await jan.wait_for_answer(await jan.press("Pomiń ▶️"))
    await jan.wait_for(r"Sprawdź, proszę:.*Dzielnica: Podgórze")
    await jan.wait_for_answer(await jan.press("✅ Zarejestruj"))
    await jan.wait_for("Organizacja Towarzystwo Pomocy .*została zarejestrowana")
    await jan.wait_for_answer(await jan.press("Pomiń ▶️"))  # the optional areas of work
    await jan.wait_for("Krok 3 z 3: tematy")
    for topic in ("▫️ Edukacja", "▫️ Kultura"):
        await jan.wait_for_answer(await jan.press(topic))
    await jan.wait_for("Wybrane tematy: 2.")
    await jan.wait_for_answer(await jan.press("✅ Szkolenia"))
    await jan.wait_for_answer(await jan.press("Gotowe"))
    done = await jan.wait_for(r"Gotowe!.*Tematy:.*Edukacja, Kultura")
    assert "Szkolenia" not in done["text"]
    assert "czeka na weryfikację przez Miasto" in done["text"]


async def test_ukrainian_user_is_told_of_verification_in_ukrainian(bot: RunningBot) -> None:
    olena = bot.emulator.user(1402, "Олена", language_code="uk")
    await olena.send("/start")
    await olena.wait_for("Крок 1 з 3")
    async with seeding(bot) as seed:
        await seed.organisation(1402, "Fundacja Dla Ukrainy", verified=None)
        await seed.users.register(1402, "uk")
    admin = bot.emulator.user(ADMIN_ID, "Ewa", language_code="pl")
    await admin.send("/pending")
    await admin.wait_for("Fundacja Dla Ukrainy")
    await admin.wait_for_answer(await admin.press("✅ Zweryfikuj"))
    await admin.wait_for_answer(await admin.press("✅ Tak, zweryfikuj"))
    await olena.wait_for("Гарна новина: місто підтвердило організацію Fundacja Dla Ukrainy")
    await olena.send("/orgs")
    await olena.wait_for("Організації, перевірені містом")


async def test_polish_group_admin_and_member(bot: RunningBot) -> None:
    admin = bot.emulator.user(1403, "Adam", language_code="pl")
    member = bot.emulator.user(1404, "Maria", language_code="pl")
    group = bot.emulator.group(-4101, "Stowarzyszenie Razem", admins=[admin], members=[member])
    group.remove_bot()
    group.add_bot(by=admin)
    await admin.wait_for_in(group, "Będę publikować w tej grupie ogłoszenia Miasta")
    await member.send_in(group, "/topics@ngobot_test_bot")
    await member.wait_for_in(group, "Tylko administratorzy tej grupy")
    await admin.send_in(group, "/topics@ngobot_test_bot")
    await admin.wait_for_in(group, "Co ma otrzymywać grupa Stowarzyszenie Razem")
