"""/export through the emulator: staff get the report as a file; members are refused."""

from __future__ import annotations

import csv
import io

import pytest

from tests.announce_support import make_staff
from tests.conftest import RunningBot, StartBot
from tests.postulate_export_support import Entry, add_postulate, add_round, docx_table
from tests.seeding import seeding


@pytest.fixture
async def running(start_bot: StartBot) -> RunningBot:
    return await start_bot()


async def seed_round(running: RunningBot) -> int:
    async with seeding(running) as seed:
        round_id = await add_round(seed.db, "Roczny program współpracy 2027")
        await add_postulate(seed.db, round_id, Entry("Kluby <b>seniora</b>", 1))
        await add_postulate(seed.db, round_id, Entry("Lokale dla NGO", 2))
        await add_postulate(seed.db, None, Entry("Ze skrzynki", 3))
    return round_id


async def test_staff_get_the_rounds_report_as_docx_and_csv(running: RunningBot) -> None:
    await seed_round(running)
    staff = await make_staff(running)
    await staff.send("/export")
    await staff.wait_for("Consultation report")
    await staff.wait_for_answer(await staff.press("Roczny program współpracy 2027"))
    await staff.wait_for("Report: Roczny program współpracy 2027")
    await staff.wait_for_answer(await staff.press("📄 DOCX (Word)"))
    document = await staff.wait_for_document()
    assert document.file_name == "postulaty-roczny-program-wspolpracy-2027.docx"
    paragraphs, cells = docx_table(document.data)
    assert paragraphs[0].startswith("Propozycje do projektu „Roczny program współpracy 2027”")
    assert cells[0][:2] == ["Lp.", "Propozycje organizacji pozarządowych"]
    assert cells[0][2].startswith("Stanowisko Miasta – Miejskiego Ośrodka Pomocy Społecznej")
    assert [(row[0], row[1].split(".")[0]) for row in cells[1:]] == [
        ("1.", "Kluby <b>seniora</b>"),
        ("2.", "Lokale dla NGO"),
    ]
    await staff.wait_for_answer(await staff.press("📄 ODT (LibreOffice)"))
    odt = await staff.wait_for_document()
    assert odt.file_name == "postulaty-roczny-program-wspolpracy-2027.odt"
    assert odt.data.startswith(b"PK") and b"application/vnd.oasis.opendocument.text" in odt.data
    await staff.wait_for_answer(await staff.press("📊 CSV (Excel)"))
    document = await staff.wait_for_document()
    text = io.StringIO(document.data.decode("utf-8-sig"), newline="")
    rows = list(csv.DictReader(text, delimiter=";"))
    assert [(row["Nabór"], row["Tytuł"]) for row in rows] == [
        ("Roczny program współpracy 2027", "Kluby <b>seniora</b>"),
        ("Roczny program współpracy 2027", "Lokale dla NGO"),
    ]
    await staff.wait_for_answer(await staff.press("📢 DOCX to publish"))
    public = await staff.wait_for_document()
    assert public.file_name == "postulaty-roczny-program-wspolpracy-2027-do-publikacji.docx"
    assert docx_table(public.data)[0][2].startswith("Wersja do publikacji")


async def test_staff_can_export_the_general_inbox(running: RunningBot) -> None:
    await seed_round(running)
    staff = await make_staff(running)
    await staff.send("/export")
    await staff.wait_for_answer(await staff.press("📥 General inbox"))
    await staff.wait_for("Report: General inbox")
    await staff.wait_for_answer(await staff.press("📊 CSV (Excel)"))
    document = await staff.wait_for_document()
    assert document.file_name == "postulaty-skrzynka-ogolna.csv"
    assert "Ze skrzynki" in document.data.decode("utf-8-sig")
    await staff.wait_for_answer(await staff.press("◀️ Rounds"))
    await staff.wait_for("Choose the round")


async def test_forged_or_stale_buttons_get_an_alert(running: RunningBot) -> None:
    staff = await make_staff(running)
    await staff.send("/export")
    await staff.wait_for("Consultation report")
    for data in ("pex:r:77", "pex:f:77:docx", "pex:f:0:pdf", "pex:f:x:csv", "pex:zz", "pex:r"):
        answer = await staff.wait_for_answer(await staff.press_data(data))
        assert answer.show_alert and "no longer valid" in (answer.text or ""), data
    assert len(staff.messages()) == 1, "no file, no new message"


async def test_a_member_cannot_export(running: RunningBot) -> None:
    round_id = await seed_round(running)
    member = running.emulator.user(6100, "Member", language_code="en")
    await member.send("/export")
    await member.wait_for("This command is for city staff only.")
    for data in ("pex:l", f"pex:r:{round_id}", f"pex:f:{round_id}:docx", "pex:f:0:csv"):
        answer = await member.wait_for_answer(await member.press_data(data))
        assert answer.show_alert and "city staff only" in (answer.text or ""), data
    assert len(member.messages()) == 1, "nothing but the refusal"
