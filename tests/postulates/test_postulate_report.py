"""The consultation report: a DOCX in the shape of the city's table, a CSV that round-trips."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from docx import Document
from odf import teletype
from odf.opendocument import load
from odf.table import Table, TableCell, TableHeaderRows, TableRow
from odf.text import P
from openpyxl import load_workbook

from bot.postulates.report import ReportFormat, ReportService
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


async def test_docx_has_the_citys_heading_participants_and_table_header(db: Database) -> None:
    round_id, _ = await seed_round(db)
    data = await service(db).docx(round_id)
    assert data is not None
    paragraphs, cells = docx_table(data)
    # The shape of the city's 2024 table (tests/fixtures seeds: "Propozycje do projektu RPW
    # 2025 zebrane na spotkaniu w dniu 18 czerwca 2024r. … W spotkaniu wzięli udział
    # przedstawiciele 12 organizacji pozarządowych."), over a round of a month.
    assert paragraphs[0] == (
        "Propozycje do projektu „Roczny program współpracy 2027” zebrane w dniach od "
        "1 marca 2027 do 31 marca 2027 r. przez Miejski Ośrodek Pomocy Społecznej w Krakowie "
        "(MOPS)."
    )
    assert paragraphs[1] == "W naborze wzięli udział przedstawiciele 2 organizacji pozarządowych."
    assert paragraphs[2] == "Wersja robocza dla pracowników, stan na 2 kwietnia 2027 r."
    assert cells[0] == [
        "Lp.",
        "Propozycje organizacji pozarządowych",
        "Stanowisko Miasta – Miejskiego Ośrodka Pomocy Społecznej w Krakowie (MOPS)",
    ]
    assert [row[0] for row in cells[1:]] == ["1.", "2.", "3.", "4.", "5."]
    header = Document(io.BytesIO(data)).tables[0].rows[0]._tr
    assert header.xpath("./w:trPr/w:tblHeader"), "the header repeats on every page"


async def test_docx_cells_are_plain_prose_and_staff_see_their_drafts(db: Database) -> None:
    round_id, _ = await seed_round(db)
    data = await service(db).docx(round_id)
    assert data is not None
    _, cells = docx_table(data)
    tricky, accepted, drafted, merged, withdrawn = cells[1:]
    assert tricky[1] == f"{TRICKY_TITLE}. {TRICKY_TEXT.replace(chr(13), '')}"
    assert tricky[2] == "Stanowisko nie zostało jeszcze przygotowane."
    assert accepted[1] == "Miejsca wsparcia. Opis."
    assert accepted[2] == "Miasto uruchomi trzy kluby."
    assert drafted[2] == "Projekt stanowiska (nieopublikowany): Szkic: nie publikować"
    assert merged[2] == "Propozycja połączona z propozycją Lp. 2."
    assert withdrawn[2] == "Propozycja wycofana przez zgłaszającego. Powód: Już zbędny"


async def test_the_public_docx_shows_only_published_positions(db: Database) -> None:
    round_id, _ = await seed_round(db)
    data = await service(db).render(round_id, ReportFormat.DOCX, public=True)
    assert data is not None
    paragraphs, cells = docx_table(data)
    assert paragraphs[2].startswith("Wersja do publikacji")
    assert cells[3][2] == "Stanowisko w przygotowaniu."
    assert "Szkic" not in data.decode("latin-1")  # the draft is nowhere in the file
    assert "bez odpowiedzi" not in [row[2] for row in cells]


async def test_the_details_are_in_an_appendix_table(db: Database) -> None:
    round_id, _ = await seed_round(db)
    data = await service(db).docx(round_id)
    assert data is not None
    document = Document(io.BytesIO(data))
    assert "Załącznik. Szczegóły propozycji" in [p.text for p in document.paragraphs]
    rows = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert rows[0] == [
        "Lp.", "Tytuł", "Kogo dotyczy", "Temat", "Zgłaszający", "Poparcie organizacji", "Status",
    ]  # fmt: skip
    assert rows[1][1:5] == [TRICKY_TITLE, "rodziny", HEALTH, "we własnym imieniu"]
    assert rows[2][4:] == ["Fundacja „Łąka”", "1", "przyjęty"]
    assert rows[3][6] == "w analizie (projekt odpowiedzi: odrzucony)"


async def test_odt_has_the_same_heading_and_table(db: Database) -> None:
    round_id, _ = await seed_round(db)
    data = await service(db).render(round_id, ReportFormat.ODT)
    assert data is not None
    document = load(io.BytesIO(data))
    texts = [teletype.extractText(p) for p in document.text.getElementsByType(P)]
    assert texts[0].startswith("Propozycje do projektu „Roczny program współpracy 2027”")
    assert texts[1] == "W naborze wzięli udział przedstawiciele 2 organizacji pozarządowych."
    table = document.text.getElementsByType(Table)[0]
    header = table.getElementsByType(TableHeaderRows)[0]
    titles = [teletype.extractText(c) for c in header.getElementsByType(TableCell)]
    assert titles[1] == "Propozycje organizacji pozarządowych"
    assert titles[2].startswith("Stanowisko Miasta – Miejskiego Ośrodka")
    body = [r for r in table.getElementsByType(TableRow) if r.parentNode is table]
    first = [teletype.extractText(c) for c in body[0].getElementsByType(TableCell)]
    assert first[0] == "1." and first[1].startswith(TRICKY_TITLE)


async def test_csv_opens_in_polish_excel_and_round_trips_what_people_typed(
    db: Database,
) -> None:
    round_id, ids = await seed_round(db)
    data = await service(db).csv(round_id)
    assert data is not None and data.startswith(b"\xef\xbb\xbf"), "a BOM, for Excel"
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";")
    assert reader.fieldnames is not None and reader.fieldnames[:6] == [
        "Lp.", "Nr postulatu", "Nabór", "Temat", "Tytuł", "Opis",
    ]  # fmt: skip
    rows = list(reader)
    order = ("tricky", "accepted", "drafted", "merged", "withdrawn")
    assert [int(row["Nr postulatu"]) for row in rows] == [ids[name] for name in order]
    tricky, accepted, drafted = rows[:3]
    assert (tricky["Tytuł"], tricky["Opis"]) == (TRICKY_TITLE, TRICKY_TEXT)
    assert (tricky["Zgłaszający"], tricky["Status"]) == ("we własnym imieniu", "nowy")
    assert tricky["Nabór"] == "Roczny program współpracy 2027"
    assert tricky["Temat"] == HEALTH
    assert tricky["Data zgłoszenia"] == "2027-03-01 10:05"
    assert accepted["Zgłaszający"] == "Fundacja „Łąka”"
    assert accepted["Stanowisko Miasta"] == "Miasto uruchomi trzy kluby."
    assert (accepted["Data odpowiedzi"], accepted["Poparcie organizacji"]) == (
        "2027-03-02 10:10",
        "1",
    )
    assert drafted["Stanowisko Miasta"] == ""
    assert drafted["Projekt stanowiska (nieopublikowany)"] == "Szkic: nie publikować"
    public = await service(db).render(round_id, ReportFormat.CSV, public=True)
    assert public is not None and "Szkic" not in public.decode("utf-8-sig")


async def test_csv_cells_a_spreadsheet_would_run_get_an_apostrophe(db: Database) -> None:
    round_id = await add_round(db, "+48 runda")
    await add_postulate(db, round_id, Entry(
        '=HYPERLINK("http://example.invalid","Kliknij")', 5, description="@SUM(A1:A9)",
    ))  # fmt: skip
    await add_postulate(db, round_id, Entry("Tytuł = zwykły tekst", 6, description="-"))
    data = await service(db).csv(round_id)
    assert data is not None
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";")
    first, second = reader
    assert first["Tytuł"] == '\'=HYPERLINK("http://example.invalid","Kliknij")'
    assert (first["Opis"], first["Nabór"]) == ("'@SUM(A1:A9)", "'+48 runda")
    assert (second["Tytuł"], second["Opis"]) == ("Tytuł = zwykły tekst", "'-")


async def test_xlsx_has_polish_columns_dates_and_no_formulas(db: Database) -> None:
    round_id = await add_round(db, "Roczny program")
    await add_postulate(db, round_id, Entry('=HYPERLINK("http://example.invalid")', 5))
    data = await service(db).render(round_id, ReportFormat.XLSX)
    assert data is not None
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    assert header[:5] == ["Lp.", "Nr postulatu", "Nabór", "Temat", "Tytuł"]
    assert sheet["E2"].value == '=HYPERLINK("http://example.invalid")'
    assert sheet["E2"].data_type == "s", "kept as text, never run as a formula"
    submitted = sheet.cell(row=2, column=header.index("Data zgłoszenia") + 1).value
    # Local Warsaw time, without a zone: spreadsheets have none.
    assert submitted == datetime(2027, 3, 1, 10, 5, tzinfo=WARSAW).replace(tzinfo=None)


async def test_the_general_inbox_has_its_own_report(db: Database) -> None:
    await seed_round(db)
    reports = service(db)
    data = await reports.docx(None)
    assert data is not None
    paragraphs, cells = docx_table(data)
    assert paragraphs[0].startswith("Propozycje organizacji pozarządowych zgłoszone poza")
    assert [row[1].split(".")[0] for row in cells[1:]] == ["Ze skrzynki"]
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
    assert paragraphs[-1] == "Nie zgłoszono propozycji." and cells == []


async def test_characters_word_cannot_store_are_dropped_from_the_docx_only(db: Database) -> None:
    round_id = await add_round(db, "Runda")
    await add_postulate(db, round_id, Entry("Tytuł\x0bz\x01znakiem", 1))
    reports = service(db)
    data = await reports.docx(round_id)
    assert data is not None
    assert docx_table(data)[1][1][1].startswith("Tytułzznakiem.")
    csv_data = await reports.csv(round_id)
    assert csv_data is not None and "Tytuł\x0bz\x01znakiem" in csv_data.decode("utf-8-sig")


async def test_files_are_named_after_the_round(db: Database) -> None:
    round_id = await add_round(db, "Roczny program współpracy 2027 — Łódź?")
    name = await service(db).file_name(round_id, "docx")
    assert name == "postulaty-roczny-program-wspolpracy-2027-lodz.docx"
