"""/announce through the emulator: the whole conversation, test send, send now, restarts."""

from __future__ import annotations

import re

from bot.announcements.model import Status
from bot.sandbox.driver import SimulatedUser
from tests.announce_support import later, latest, long_en, make_staff, member_of, typed
from tests.conftest import RunningBot, StartBot


async def fill_event(staff: SimulatedUser, title: str, topic: str = "▫️ Culture") -> None:
    """From /announce to the preview of an event about one topic."""
    await staff.send("/announce")
    await staff.wait_for("What kind is it?")
    await staff.wait_for_answer(await staff.press("Events"))
    await staff.wait_for("Who should get it?")
    await staff.wait_for_answer(await staff.press(topic))
    await staff.wait_for("Who should get it?")  # the same message, edited
    await staff.wait_for_answer(await staff.press("Done ▶️"))
    await staff.wait_for("Send the title")
    await staff.send(title)
    await staff.wait_for("Send the text")
    await staff.send("Come & see <everything>")
    await staff.wait_for("When does it start")
    start = later(days=30)
    await staff.send(typed(start))
    await staff.wait_for(f"Start: {re.escape(long_en(start))} ✓")
    await staff.wait_for("When does it end")
    await staff.wait_for_answer(await staff.press("Skip ▶️"))
    await staff.wait_for("Where does it take place")
    await staff.send("Rynek Główny 1")
    await staff.wait_for("Send a link")
    await staff.wait_for_answer(await staff.press("Skip ▶️"))
    await staff.wait_for("Attach a document")
    await staff.wait_for_answer(await staff.press("Skip ▶️"))


async def test_an_event_goes_from_announce_to_every_subscriber(bot: RunningBot) -> None:
    staff = await make_staff(bot)
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    bogdan = await member_of(bot, 6002, "Stowarzyszenie Beta", ("culture", "sport"))
    cezary = await member_of(bot, 6003, "Klub Gamma", ("sport",))
    await fill_event(staff, "Open day")
    preview = await staff.wait_for(r"📅 Event\nOpen day\n\n🗓 When: .*📍 Where: Rynek Główny 1")
    assert "🏷 Topics: Culture" in preview["text"]
    assert preview["text"].endswith("Come & see <everything>")
    await staff.wait_for(
        r"exactly what recipients will see\.\nWill reach 2 people in 2 organisations\."
    )
    answer = await staff.wait_for_answer(await staff.press("🧪 Send a test to me"))
    assert "Test queued" in (answer.text or "")
    await staff.wait_for(r"🧪 TEST — only you got this message\.\n\n📅 Event\nOpen day")
    assert not ania.messages(), "a test goes to the staff member only"
    await staff.wait_for_answer(await staff.press("🚀 Send now"))
    await staff.wait_for_answer(await staff.press("🚀 Yes, send now"))
    await staff.wait_for("🚀 Published")
    for member in (ania, bogdan):
        message = await member.wait_for(r"📅 Event\nOpen day", timeout=10)
        buttons = [b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row]
        assert buttons == ["📅 Add to calendar"]
    await staff.wait_for(r"✅ Sent: Open day\nsent 2 of 2 · failed 0 · blocked 0", timeout=10)
    assert not cezary.messages()
    announcement = await latest(bot)
    assert announcement.status is Status.PUBLISHED
    assert announcement.progress_chat_id == staff.id


async def test_recipients_get_the_calendar_file_on_demand(bot: RunningBot) -> None:
    staff = await make_staff(bot)
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("culture",))
    await fill_event(staff, "Concert")
    await staff.wait_for("Will reach 1 person in 1 organisation.")
    await staff.wait_for_answer(await staff.press("🚀 Send now"))
    await staff.wait_for_answer(await staff.press("🚀 Yes, send now"))
    await ania.wait_for("Concert", timeout=10)
    await ania.wait_for_answer(await ania.press("📅 Add to calendar"))
    document = await ania.wait_for_document()
    announcement = await latest(bot)
    assert document.file_name == "Concert.ics"
    assert f"UID:announcement-{announcement.id}@ngobot" in document.data.decode()
    assert "TZID=Europe/Warsaw" in document.data.decode()


async def test_the_conversation_survives_a_restart(bot: RunningBot, start_bot: StartBot) -> None:
    staff = await make_staff(bot)
    await staff.send("/announce")
    await staff.wait_for_answer(await staff.press("Notices"))
    await staff.wait_for_answer(await staff.press("🌐 All topics"))
    await staff.wait_for("Send the title")
    await staff.send("Office closed")
    await staff.wait_for("Send the text")
    await bot.stop()
    await start_bot()
    await staff.send("The office is closed on Friday.")
    await staff.wait_for("Send a link")
    await staff.wait_for_answer(await staff.press("Skip ▶️"))
    await staff.wait_for_answer(await staff.press("Skip ▶️"))
    await staff.wait_for(r"📌 Notice\nOffice closed\n\n🏷 Topics: all\n\nThe office is closed")


async def test_a_targeted_notice_reaches_one_organisation_only(bot: RunningBot) -> None:
    staff = await make_staff(bot)
    ania = await member_of(bot, 6001, "Fundacja Alfa", ())
    bogdan = await member_of(bot, 6002, "Stowarzyszenie Beta", ("culture",))
    await staff.send("/announce")
    await staff.wait_for_answer(await staff.press("Notices"))
    await staff.wait_for_answer(await staff.press("🎯 One organisation"))
    await staff.wait_for("Send part of the organisation's name")
    await staff.send("alfa")
    await staff.wait_for("Choose the organisation")
    await staff.wait_for_answer(await staff.press("Fundacja Alfa"))
    await staff.send("Inspection on Monday")
    await staff.send("We will visit your premises.")
    await staff.wait_for("Send a link")
    await staff.wait_for_answer(await staff.press("Skip ▶️"))
    await staff.wait_for_answer(await staff.press("Skip ▶️"))
    await staff.wait_for(r"📌 Notice\nInspection on Monday\n\n🎯 For: Fundacja Alfa\n\nWe will")
    await staff.wait_for(r"Will reach 1 person in 1 organisation\.")
    await staff.wait_for_answer(await staff.press("🚀 Send now"))
    await staff.wait_for_answer(await staff.press("🚀 Yes, send now"))
    await ania.wait_for("Inspection on Monday", timeout=10)
    await staff.wait_for("✅ Sent: Inspection on Monday", timeout=10)
    assert not bogdan.messages()


async def test_an_attached_document_is_sent_on_demand(bot: RunningBot) -> None:
    staff = await make_staff(bot)
    ania = await member_of(bot, 6001, "Fundacja Alfa", ("education",))
    await staff.send("/announce")
    await staff.wait_for_answer(await staff.press("Notices"))
    await staff.wait_for_answer(await staff.press("▫️ Education"))
    await staff.wait_for_answer(await staff.press("Done ▶️"))
    await staff.send("New rules")
    await staff.send("See the attached rules.")
    await staff.wait_for("Send a link")
    await staff.send("www.krakow.pl/ngo")
    await staff.wait_for("Attach a document")
    await staff.send_document(b"%PDF-1.4 rules", "regulamin.pdf")
    await staff.wait_for(r"🔗 https://www\.krakow\.pl/ngo")
    await staff.wait_for_answer(await staff.press("🚀 Send now"))
    await staff.wait_for_answer(await staff.press("🚀 Yes, send now"))
    await ania.wait_for("New rules", timeout=10)
    await ania.wait_for_answer(await ania.press("📎 regulamin.pdf"))
    document = await ania.wait_for_document()
    assert document.data == b"%PDF-1.4 rules"


async def test_polish_preview_counts_people_and_organisations(bot: RunningBot) -> None:
    staff = await make_staff(bot, language="pl")
    for number in range(5):
        await member_of(bot, 6010 + number, f"Fundacja {number}", ("culture",))
    await staff.send("/announce")
    await staff.wait_for("Jakiego rodzaju")
    await staff.wait_for_answer(await staff.press("Wydarzenia"))
    await staff.wait_for_answer(await staff.press("🌐 Wszystkie tematy"))
    await staff.send("Dzień otwarty")
    await staff.send("Zapraszamy!")
    start = later(days=40)
    await staff.send(typed(start))
    await staff.wait_for("Kiedy się kończy")
    await staff.wait_for_answer(await staff.press("Pomiń ▶️"))
    await staff.send("Rynek Główny 1")
    await staff.wait_for_answer(await staff.press("Pomiń ▶️"))
    await staff.wait_for_answer(await staff.press("Pomiń ▶️"))
    await staff.wait_for(r"📅 Wydarzenie\nDzień otwarty\n\n🗓 Kiedy: ")
    await staff.wait_for("Trafi do 5 osób w 5 organizacjach.")


async def test_staff_formatting_is_kept_and_anything_else_is_escaped(bot: RunningBot) -> None:
    staff = await make_staff(bot)
    await staff.send("/announce")
    await staff.wait_for_answer(await staff.press("Notices"))
    await staff.wait_for_answer(await staff.press("🌐 All topics"))
    await staff.send("Formatting")
    await staff.wait_for("Send the text")
    text = "Bold and <script>x</script> & a link"
    entities = [
        {"type": "bold", "offset": 0, "length": 4},
        {"type": "text_link", "offset": 32, "length": 4, "url": "https://krakow.pl"},
    ]
    # The driver's send() has no formatting; post the entities Telegram would attach.
    staff._post(staff._private_chat(), {"text": text, "entities": entities}, None)
    await staff.wait_for("Send a link")
    announcement = await latest(bot)
    assert announcement.body_html == (
        '<b>Bold</b> and &lt;script&gt;x&lt;/script&gt; &amp; a <a href="https://krakow.pl">link</a>'
    )
