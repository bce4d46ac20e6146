"""The consultation report: a DOCX in the shape of the city's table, a CSV that round-trips."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.postulates.report import ReportService
from storage import Database
from tests.postulate_export_support import (
    Entry,
    add_organisation,
    add_postulate,
    add_round,
    add_support,
    docx_table,
)

WARSAW = ZoneInfo("Europe/Warsaw")
NOW = datetime(2027, 4, 2, 10, 0, tzinfo=UTC)
HEALTH = "Zdrowie i wsparcie osób z niepełnosprawnościami"
TRICKY_TITLE = 'Kluby <b>seniora</b> & "Łąka", Kraków'
TRICKY_TEXT = 'Pierwsza linia, z przecinkiem\nDruga: "cudzysłów"; <i>*markdown*</i>\r\nżółć'


def service(db: Database) -> ReportService:
    return ReportService(db, WARSAW, clock=lambda: NOW)


async def seed_round(db: Database) -> tuple[int, dict[str, int]]:
    """A round with postulates in every state, inserted out of submission order."""
    laka = await add_organisation(db, "Fundacja „Łąka”", "fundacja laka")
    beta = await add_organisation(db, "Stowarzyszenie Beta", "stowarzyszenie beta")
    round_id = await add_round(db, "Roczny program współpracy 2027")
    ids = {}
    ids["accepted"] = await add_postulate(db, round_id, Entry(
        "Miejsca wsparcia", 10, organisation_id=laka, status="accepted",
        position="Miasto uruchomi trzy kluby.", published=True,
    ))  # fmt: skip
    ids["tricky"] = await add_postulate(
        db, round_id, Entry(TRICKY_TITLE, 5, description=TRICKY_TEXT, beneficiaries="rodziny")
    )
    ids["drafted"] = await add_postulate(db, round_id, Entry(
        "Lokale dla NGO", 20, status="under_review", position="Szkic: nie publikować",
    ))  # fmt: skip
    ids["merged"] = await add_postulate(
        db, round_id, Entry("Duplikat", 30, status="merged", merged_into=ids["accepted"])
    )
    ids["withdrawn"] = await add_postulate(
        db, round_id, Entry("Wycofany", 40, status="withdrawn", withdraw_reason="Już zbędny")
    )
    await add_support(db, ids["accepted"], beta)
    other = await add_round(db, "Inna runda")
    await add_postulate(db, other, Entry("Z innej rundy", 1))
    await add_postulate(db, None, Entry("Ze skrzynki", 2))
    return round_id, ids


async def test_docx_has_the_heading_and_the_rows_in_submission_order(db: Database) -> None:
    round_id, _ = await seed_round(db)
    data = await service(db).docx(round_id)
    assert data is not None
    paragraphs, cells = docx_table(data)
    assert paragraphs[0] == "Roczny program współpracy 2027"
    assert paragraphs[1] == "Konsultacje od 1 marca 2027, 10:00 do 31 marca 2027, 11:00."
    assert "według stanu na 2 kwietnia 2027, 12:00" in paragraphs[2]
    assert cells[0] == ["Lp.", "Postulat organizacji", "Stanowisko Miasta"]
    assert [row[0] for row in cells[1:]] == ["1.", "2.", "3.", "4.", "5."]
    titles = [row[1].split("\n")[0] for row in cells[1:]]
    assert titles == [TRICKY_TITLE, "Miejsca wsparcia", "Lokale dla NGO", "Duplikat", "Wycofany"]


async def test_docx_cells_hold_the_postulate_and_the_citys_position(db: Database) -> None:
    round_id, _ = await seed_round(db)
    data = await service(db).docx(round_id)
    assert data is not None
    _, cells = docx_table(data)
    tricky, accepted, drafted, merged, withdrawn = cells[1:]
    assert tricky[1] == (
        f"{TRICKY_TITLE}\n{TRICKY_TEXT.replace(chr(13), '')}\nDotyczy: rodziny\n"
        f"Zgłaszający: w imieniu własnym\nObszar: {HEALTH}"
    )
    assert tricky[2] == "bez odpowiedzi"
    assert "Zgłaszający: Fundacja „Łąka”" in accepted[1]
    assert "Poparcie innych organizacji: 1" in accepted[1]
    assert accepted[2] == "Przyjęty.\nMiasto uruchomi trzy kluby."
    assert drafted[2] == "bez odpowiedzi", "a drafted answer is not public yet"
    assert merged[2] == "Połączony z postulatem Lp. 2."
    assert withdrawn[2] == "Wycofany przez zgłaszającego.\nPowód: Już zbędny"


async def test_csv_round_trips_what_people_typed(db: Database) -> None:
    round_id, ids = await seed_round(db)
    data = await service(db).csv(round_id)
    assert data is not None and data.startswith(b"\xef\xbb\xbf"), "a BOM, for Excel"
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    assert reader.fieldnames == [
        "id", "round", "topic", "title", "description", "organisation", "status", "position",
        "submitted", "answered", "supports",
    ]  # fmt: skip
    rows = list(reader)
    order = ("tricky", "accepted", "drafted", "merged", "withdrawn")
    assert [int(row["id"]) for row in rows] == [ids[name] for name in order]
    tricky, accepted, drafted = rows[:3]
    assert (tricky["title"], tricky["description"]) == (TRICKY_TITLE, TRICKY_TEXT)
    assert (tricky["organisation"], tricky["status"], tricky["answered"]) == ("", "nowy", "")
    assert tricky["round"] == "Roczny program współpracy 2027"
    assert tricky["topic"] == HEALTH
    assert tricky["submitted"] == "2027-03-01T10:05:00+01:00"
    assert accepted["organisation"] == "Fundacja „Łąka”"
    assert accepted["status"] == "przyjęty"
    assert accepted["position"] == "Miasto uruchomi trzy kluby."
    assert (accepted["answered"], accepted["supports"]) == ("2027-03-02T10:10:00+01:00", "1")
    assert (drafted["status"], drafted["position"]) == ("w analizie", "")
    assert [row["status"] for row in rows[3:]] == ["połączony z innym", "wycofany"]


async def test_csv_cells_a_spreadsheet_would_run_get_an_apostrophe(db: Database) -> None:
    round_id = await add_round(db, "+48 runda")
    await add_postulate(db, round_id, Entry(
        '=HYPERLINK("http://example.invalid","Kliknij")', 5, description="@SUM(A1:A9)",
    ))  # fmt: skip
    await add_postulate(db, round_id, Entry("Tytuł = zwykły tekst", 6, description="-"))
    data = await service(db).csv(round_id)
    assert data is not None
    first, second = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    assert first["title"] == '\'=HYPERLINK("http://example.invalid","Kliknij")'
    assert (first["description"], first["round"]) == ("'@SUM(A1:A9)", "'+48 runda")
    assert (second["title"], second["description"]) == ("Tytuł = zwykły tekst", "'-")


async def test_the_general_inbox_has_its_own_report(db: Database) -> None:
    await seed_round(db)
    reports = service(db)
    data = await reports.docx(None)
    assert data is not None
    paragraphs, cells = docx_table(data)
    assert paragraphs[0] == "Postulaty spoza konsultacji (skrzynka ogólna)"
    assert [row[1].split("\n")[0] for row in cells[1:]] == ["Ze skrzynki"]
    assert await reports.file_name(None, "csv") == "postulaty-skrzynka-ogolna.csv"


async def test_an_unknown_round_has_no_report(db: Database) -> None:
    reports = service(db)
    assert await reports.docx(99) is None
    assert await reports.csv(99) is None
    assert await reports.file_name(99, "docx") is None


async def test_a_round_without_postulates_says_so(db: Database) -> None:
    round_id = await add_round(db, "Pusta runda")
    data = await service(db).docx(round_id)
    assert data is not None
    paragraphs, cells = docx_table(data)
    assert paragraphs[-1] == "Nie zgłoszono postulatów." and cells == []


async def test_characters_word_cannot_store_are_dropped_from_the_docx_only(db: Database) -> None:
    round_id = await add_round(db, "Runda")
    await add_postulate(db, round_id, Entry("Tytuł\x0bz\x01znakiem", 1))
    reports = service(db)
    data = await reports.docx(round_id)
    assert data is not None
    assert docx_table(data)[1][1][1].startswith("Tytułzznakiem\n")
    csv_data = await reports.csv(round_id)
    assert csv_data is not None and "Tytuł\x0bz\x01znakiem" in csv_data.decode("utf-8-sig")


async def test_files_are_named_after_the_round(db: Database) -> None:
    round_id = await add_round(db, "Roczny program współpracy 2027 — Łódź?")
    name = await service(db).file_name(round_id, "docx")
    assert name == "postulaty-roczny-program-wspolpracy-2027-lodz.docx"
