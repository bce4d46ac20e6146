"""/privacy, /mydata and /forget through the bot."""

from __future__ import annotations

import json

from tests.conftest import RunningBot
from tests.test_onboarding import register, to_organisation_step


async def test_privacy_says_what_is_stored(bot: RunningBot) -> None:
    ewa = bot.emulator.user(1301, "Ewa", language_code="en")
    await ewa.send("/privacy")
    await ewa.wait_for(r"What I store and why.*Telegram id.*/mydata.*/forget")


async def test_mydata_sends_the_users_data_as_json(bot: RunningBot) -> None:
    ewa = bot.emulator.user(1301, "Ewa", language_code="en")
    await to_organisation_step(ewa)
    await register(ewa, "Fundacja „Źródło”")
    await ewa.wait_for_answer(await ewa.press("✅ Register"))
    await ewa.send("/mydata")
    document = await ewa.wait_for_document()
    assert document.file_name == "ngobot-my-data.json"
    assert "Fundacja „Źródło”".encode() in document.data  # readable UTF-8, not \u escapes
    text = json.dumps(json.loads(document.data), ensure_ascii=False)
    assert "1301" in text and "biuro@example.org" in text and "Education" not in text


async def test_forget_deletes_personal_data_after_confirmation(bot: RunningBot) -> None:
    ewa = bot.emulator.user(1301, "Ewa", language_code="en")
    await to_organisation_step(ewa)
    await register(ewa, "Fundacja Ewy")
    await ewa.wait_for_answer(await ewa.press("✅ Register"))
    await ewa.send("/forget")
    await ewa.wait_for("Delete your data?")
    await ewa.wait_for_answer(await ewa.press("No, keep it"))
    await ewa.wait_for("Nothing was deleted")
    await ewa.send("/forget")
    await ewa.wait_for("Delete your data?")
    await ewa.wait_for_answer(await ewa.press("Yes, delete my data"))
    await ewa.wait_for("your data has been deleted")
    await ewa.send("/mydata")
    document = await ewa.wait_for_document()
    assert "Fundacja Ewy" not in document.data.decode()
    other = bot.emulator.user(1302, "Olga", language_code="en")
    await to_organisation_step(other)
    await other.send("Ewy")
    await other.wait_for("Is it one of these")  # the organisation itself stays
