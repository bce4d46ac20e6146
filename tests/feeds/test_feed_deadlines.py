"""Deadlines found in Polish calls and consultations; dates that are not deadlines ignored."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.feeds.content import plain_text
from bot.feeds.deadlines import extract_deadline
from tests.feed_samples import BIP_CALL, NEWS, TABLE, WORD

WARSAW = ZoneInfo("Europe/Warsaw")
# Thursday 10 December 2026, noon in Kraków: the reference for dates without a year.
NOW = datetime(2026, 12, 10, 12, 0, tzinfo=WARSAW)


def local(text: str, now: datetime = NOW) -> str | None:
    found = extract_deadline(text, WARSAW, now)
    if found is None:
        return None
    assert found.tzinfo is not None
    return found.astimezone(WARSAW).strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Termin składania ofert upływa 15 stycznia 2027 r. o godz. 15:00.", "2027-01-15 15:00"),
        ("Oferty należy składać do dnia 15.01.2027.", "2027-01-15 15:00"),
        ("Termin składania ofert: 15.01.2027 r., godz. 12:00", "2027-01-15 12:00"),
        ("Nabór trwa do 31 stycznia 2027.", "2027-01-31 15:00"),
        ("Wnioski przyjmowane są do 20 lutego 2027 r. do godz. 16.00.", "2027-02-20 16:00"),
        ("Uwagi można zgłaszać do 5 marca 2027 r.", "2027-03-05 23:59"),
        ("Konsultacje potrwają do 10.03.2027.", "2027-03-10 23:59"),
        ("Oferty należy złożyć w terminie do dnia 2027-01-15.", "2027-01-15 15:00"),
        ("Wnioski należy składać nie później niż do 15 I 2027 r.", "2027-01-15 15:00"),
        ("Wnioski należy składać w terminie do dnia 15.I.2027 r.", "2027-01-15 15:00"),
        ("Uwagi należy zgłaszać do 18 grudnia br. za pomocą formularza.", "2026-12-18 23:59"),
        ("Zgłoszenia do piątku 15 stycznia.", "2027-01-15 15:00"),
        ("Zapisy trwają do 5 stycznia.", "2027-01-05 15:00"),
        ("Zgłoszenia przyjmujemy do 20 stycznia (środa) do godz. 12:00.", "2027-01-20 12:00"),
        (
            "Konkurs ogłoszony 2 grudnia 2026 r. na stronie BIP. Oferty do 15.01.2027",
            "2027-01-15 15:00",
        ),
        (
            "Opublikowano 1 grudnia 2026 r. Spotkanie informacyjne dla oferentów odbędzie się "
            "8 stycznia 2027 r. o godz. 10:00. Termin składania ofert mija 22 stycznia 2027 r.",
            "2027-01-22 15:00",
        ),
        (
            "Prezydent Miasta Krakowa ogłasza otwarty konkurs ofert. Oferty można składać od "
            "15 grudnia 2026 r. do 15 stycznia 2027 r. w Kancelarii.",
            "2027-01-15 15:00",
        ),
        (
            "Oferty w konkursie ogłoszonym 2 grudnia 2026 r. należy składać "
            "do 15 stycznia 2027 r.",
            "2027-01-15 15:00",
        ),
        ("Konsultacje trwają od 1 lutego do 10 marca 2027 r.", "2027-03-10 23:59"),
        ("Konsultacje odbędą się w dniach 1–10 kwietnia 2027 r.", "2027-04-10 23:59"),
        ("Konsultacje zakończą się 30 kwietnia 2027 r.", "2027-04-30 23:59"),
        ("Oferty należy składać do godz. 15:30 w dniu 15 stycznia 2027 r.", "2027-01-15 15:30"),
        ("Termin naboru wniosków mija 31.03.2027 o 12", "2027-03-31 12:00"),
        ("Termin składania ofert upływa z dniem 8 stycznia 2027 r.", "2027-01-08 15:00"),
        (
            "Termin składania ofert upływa dnia 15 stycznia 2027 roku o godzinie 12.00.",
            "2027-01-15 12:00",
        ),
        ("Termin składania ofert – 15 stycznia 2027 r.", "2027-01-15 15:00"),
        ("Termin składania wniosków: do 28 lutego 2027 r.", "2027-02-28 15:00"),
        ("Ostateczny termin nadsyłania zgłoszeń: 30.09.2027 r. godz. 23:59", "2027-09-30 23:59"),
        ("Rekrutacja potrwa do 15 czerwca 2027 r.", "2027-06-15 15:00"),
        (
            "Nabór do programu „Senior w sieci” prowadzony jest do 26 marca 2027 r.",
            "2027-03-26 15:00",
        ),
        (
            "Karty zgłoszeniowe należy dostarczyć osobiście najpóźniej do 12 lutego 2027 r., "
            "do godz. 14.00",
            "2027-02-12 14:00",
        ),
        (
            "Oferty wraz z załącznikami należy przesłać pocztą lub złożyć osobiście w Kancelarii "
            "Urzędu do 15.01.2027 r. (decyduje data wpływu).",
            "2027-01-15 15:00",
        ),
        (
            "Formularze należy przesłać na adres konsultacje@um.krakow.pl do 15 stycznia 2027 r.",
            "2027-01-15 15:00",
        ),
        (
            "Wnioski o dotację można składać do 31 października 2027 r. o godz. 9",
            "2027-10-31 09:00",
        ),
        ("Prace konkursowe należy nadsyłać do 1 marca 2027 r. do godz. 24:00", "2027-03-01 23:59"),
        ("NABÓR WNIOSKÓW TRWA DO 31 STYCZNIA 2027 R.", "2027-01-31 15:00"),
        ("Wnioski należy składać do 15 sty. 2027 r.", "2027-01-15 15:00"),
        ("Termin składania ofert\u00a0upływa\n15\u00a0stycznia 2027\u00a0r.", "2027-01-15 15:00"),
    ],
)
def test_deadline_phrasings_are_found(text: str, expected: str) -> None:
    assert local(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Brak jakiejkolwiek daty w tym tekście.",
        "Spotkanie odbędzie się 15 stycznia 2027 r. o godz. 17:00 w sali obrad.",
        "Opublikowano 2 grudnia 2026 r. Aktualizacja 3 grudnia 2026 r.",
        "Dofinansowanie do 50 000 zł na jeden projekt.",
        "Kwota dotacji do 20 000 zł, wkład własny do 10%.",
        "Zajęcia dla grup do 15 osób, od 15 stycznia 2027 r.",
        "Zapisy od 15 stycznia 2027 r.",
        "Wystawę można oglądać do 15 stycznia 2027 r.",
        "Wyniki konkursu zostaną ogłoszone do 28 lutego 2027 r.",
        "Lista ofert złożonych zostanie ogłoszona do 28 lutego 2027 r.",
        "Oferty złożone w konkursie zostaną rozpatrzone do 15 lutego 2027 r.",
        "Rozstrzygnięcie konkursu nastąpi nie później niż do 28 lutego 2027 r.",
        "Zadanie należy zrealizować w terminie do 31 grudnia 2027 r.",
        "Termin realizacji zadania: od 1 marca do 31 grudnia 2027 r.",
        "Umowy zostaną podpisane do 31 marca 2027 r.",
        "Urząd jest czynny od poniedziałku do piątku w godz. 7.30–15.30.",
        "Konsultacje społeczne programu — zapraszamy na spotkanie 12 stycznia 2027 r.",
        "Wnioski zostaną rozpatrzone w terminie do 30 dni.",
        "Oferty do 31 lutego 2027 r.",
    ],
)
def test_texts_without_a_deadline_give_none(text: str) -> None:
    assert local(text) is None


def test_the_offset_follows_daylight_saving_time() -> None:
    winter = extract_deadline("Oferty do 26.03.2027", WARSAW, NOW)
    summer = extract_deadline("Oferty do 29.03.2027", WARSAW, NOW)
    # 31 October 2027 is the Sunday summer time ends: 9:00 is already winter time.
    autumn = extract_deadline("Oferty do 31.10.2027 r. godz. 9:00", WARSAW, NOW)
    assert winter is not None and winter.utcoffset() == timedelta(hours=1)
    assert summer is not None and summer.utcoffset() == timedelta(hours=2)
    assert autumn is not None and autumn.utcoffset() == timedelta(hours=1)


def test_the_result_is_in_the_zone_given() -> None:
    kyiv = ZoneInfo("Europe/Kyiv")
    found = extract_deadline("Oferty do 15.01.2027 r. godz. 12:00", kyiv, NOW)
    assert found == datetime(2027, 1, 15, 12, 0, tzinfo=kyiv)


def test_a_date_without_a_year_is_its_next_occurrence_today_included() -> None:
    assert local("Nabór trwa do 10 grudnia.") == "2026-12-10 15:00"
    assert local("Nabór trwa do 9 grudnia.") == "2027-12-09 15:00"


def test_a_weekday_picks_the_year_in_which_the_date_falls_on_it() -> None:
    # 15 January 2027 is a Friday and 15 January 2028 a Saturday.
    assert local("Zgłoszenia do soboty 15 stycznia.") == "2028-01-15 15:00"
    # A weekday matching neither of the next two is a slip: the nearest date is meant.
    assert local("Zgłoszenia do środy 15 stycznia.") == "2027-01-15 15:00"


def test_past_dates_are_returned_as_found() -> None:
    assert local("Termin składania ofert upływa 15 stycznia 2026 r.") == "2026-01-15 15:00"
    assert local("Uwagi można zgłaszać do 15 stycznia br.") == "2026-01-15 23:59"


def test_a_date_for_a_meeting_is_not_the_comment_deadline() -> None:
    text = (
        "Uwagi do projektu można zgłaszać do 5 marca 2027 r. "
        "Wnioski o udział w spotkaniu należy składać do 20 lutego 2027 r."
    )
    assert local(text) == "2027-03-05 23:59"


def test_deadlines_in_converted_portal_items() -> None:
    assert local(plain_text(BIP_CALL)) == "2027-01-15 15:00"
    assert local(plain_text(WORD)) == "2027-03-05 23:59"
    assert local(plain_text(NEWS)) is None
    assert local(plain_text(TABLE)) is None


def test_a_long_text_full_of_near_misses_still_finds_the_deadline() -> None:
    sentence = (
        "Oferty, wnioski i zgłoszenia dotyczące naboru do 15 osób można konsultować "
        "od 1 stycznia, termin składania dokumentów ustalą do 50 000 zł; "
    )
    assert local(sentence * 200 + "Oferty do 15.01.2027 r.") == "2027-01-15 15:00"
