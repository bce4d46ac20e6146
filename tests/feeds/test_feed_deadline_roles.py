"""Deadlines chosen by their sentence's role: each form issue 17 found misread, and the corpus."""

from __future__ import annotations

import pytest

from bot.feeds.deadlines import DeadlineKind, find_deadline, read_deadline
from tests.bench.deadlines import outcome
from tests.feeds.deadline_corpus import CORPUS, NOW, WARSAW, Sample


def local(text: str, hint: DeadlineKind | None = None) -> str | None:
    found = find_deadline(text, WARSAW, NOW, hint)
    return None if found is None else found.at.astimezone(WARSAW).strftime("%Y-%m-%d %H:%M")


def test_a_funding_portal_header_gives_the_end_of_its_period_with_its_time() -> None:
    text = "Nabór od 04.01.2027 do 29.01.2027 15:00\nWydział Kultury\nDotacje do 40 tys. PLN"
    assert local(text) == "2027-01-29 15:00"
    assert local("Nabór od 20.12.2026 do 12.01.2027 23:59") == "2027-01-12 23:59"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Termin zakończenia naboru: 26.02.2027 r.", "2027-02-26 15:00"),
        ("Do kiedy trwa nabór ofert: 19.03.2027", "2027-03-19 15:00"),
        ("Termin składania: 2027/02/15", "2027-02-15 15:00"),
    ],
)
def test_labels_give_the_date_after_them(text: str, expected: str) -> None:
    assert local(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Na wnioski czekamy do 22 stycznia 2027 r.", "2027-01-22 15:00"),
        ("Organizacje mają czas do 28 lutego 2027 r. na złożenie wniosków.", "2027-02-28 15:00"),
        ("Do 3 czerwca trwa konkurs grantowy.", "2027-06-03 15:00"),
        (
            "Projekt jest w BIP, a organizacje w terminie 14 dni, tj. do 20 stycznia 2027 r., "
            "mogą zgłaszać uwagi.",
            "2027-01-20 23:59",
        ),
        (
            "Termin elektronicznego składania wniosków upływa 18 stycznia 2027 r. o godz. 16:15.",
            "2027-01-18 16:15",
        ),
    ],
)
def test_other_verbs_and_word_orders_state_a_deadline(text: str, expected: str) -> None:
    assert local(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Konsultacje przeprowadzone są od 3 do 26 czerwca 2015 r.", "2015-06-26 23:59"),
        (
            "Konsultacje zostaną przeprowadzone w dniach 4 do 25 stycznia 2027 roku.",
            "2027-01-25 23:59",
        ),
        (
            "Konsultacje przeprowadzone będą w terminie od 27.01.2027 r. do 16.02.2027 r.",
            "2027-02-16 23:59",
        ),
    ],
)
def test_passive_consultations_close_at_the_end_of_their_period(text: str, expected: str) -> None:
    assert local(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Uwagi do projektu Rady m.st. Warszawy można przesyłać do 22 stycznia 2027 r.",
            "2027-01-22 23:59",
        ),
        (
            "Oferty składa się przy ul. Rynek 40, pok. 12, do 20 stycznia 2027 r.",
            "2027-01-20 15:00",
        ),
        (
            "Oferty, tj. formularz i załączniki nr 1 i 2, należy złożyć do 3 lutego 2027 r.",
            "2027-02-03 15:00",
        ),
        (
            "Zgodnie z art. 13 ust. 1 pkt 3 ustawy oferty należy złożyć do 3 lutego 2027 r.",
            "2027-02-03 15:00",
        ),
        (
            "Oferty przyjmuje Kancelaria przy al. 1 Maja 14 do 9 lutego 2027 r., godz. 12.",
            "2027-02-09 12:00",
        ),
    ],
)
def test_abbreviations_and_street_names_inside_a_sentence(text: str, expected: str) -> None:
    assert local(text) == expected


def test_a_time_in_parentheses_is_the_deadlines_time() -> None:
    assert (
        local("Wnioski należy składać do 6 marca 2020 roku (do godz. 15.30).")
        == "2020-03-06 15:30"
    )


@pytest.mark.parametrize(
    "distractor",
    [
        "Zadanie realizowane od 1.03 do 31.12.",
        "Zakończenie zadania nastąpi nie później niż 31 grudnia 2027 r.",
        "Wyniki konkursu zostaną ogłoszone do 26 lutego 2027 r.",
        "Kolejny nabór zostanie ogłoszony do 30 czerwca 2027 r.",
        "Potwierdzenie złożenia oferty w wersji papierowej należy przesłać do 27 stycznia 2027 r.",
        "Opublikowano 1 grudnia 2026 r.",
        "Spotkanie informacyjne dla oferentów odbędzie się 8 stycznia 2027 r.",
        "Sprawozdanie z realizacji zadania należy złożyć do 31 stycznia 2028 r.",
        "Uzupełnienia braków formalnych można dokonać do 25 stycznia 2027 r.",
        "Kwota dotacji przekazana zostanie do 31 marca 2027 r.",
        "Wniosek o płatność należy złożyć do 30 czerwca 2027 r.",
        "Termin ogłoszenia konkursu: 2 grudnia 2026 r.",
        "Planowany termin rozpoczęcia naboru: 1 lutego 2027 r.",
        "Granty zostaną przyznane do 30 kwietnia 2027 r.",
    ],
)
def test_dates_that_are_not_the_submission_deadline_are_passed_over(distractor: str) -> None:
    deadline = "Oferty należy składać do 22 stycznia 2027 r."
    assert local(distractor) is None
    assert local(f"{distractor} {deadline}") == "2027-01-22 15:00"
    assert local(f"{deadline} {distractor}") == "2027-01-22 15:00"


def test_a_consultation_without_a_time_closes_at_the_end_of_the_day() -> None:
    assert local("Konsultacje trwają do 10.03.2027.") == "2027-03-10 23:59"
    assert local("Termin składania ofert: 10.03.2027.") == "2027-03-10 15:00"


def test_the_feeds_kind_decides_the_time_when_the_words_do_not() -> None:
    text = "Wypełniony formularz należy złożyć do 1 lutego 2027 r."
    assert local(text) == "2027-02-01 15:00"
    assert local(text, DeadlineKind.CONSULTATION) == "2027-02-01 23:59"


@pytest.mark.parametrize(
    "text",
    [
        "I nabór wniosków trwa do 15 marca 2027 r., II nabór do 15 czerwca 2027 r.",
        "Oferty należy składać do 15 stycznia 2027 r. Oferty przyjmujemy do 22 stycznia 2027 r.",
        "Terminy naborów:\nPROO 2a: do 8.03.2027 r.\nPROO 3: do 1.03.2027 r.",
        "Oferty do 15 stycznia 2027 r. do godz. 12:00. Wnioski do 15 stycznia 2027 r. o 15:00.",
    ],
)
def test_deadlines_that_disagree_give_none_and_say_it_is_unclear(text: str) -> None:
    reading = read_deadline(text, WARSAW, NOW)
    assert reading.deadline is None and reading.unclear


def test_a_text_without_a_deadline_is_not_unclear() -> None:
    reading = read_deadline("Zadanie realizowane od 1.03 do 31.12.", WARSAW, NOW)
    assert reading.deadline is None and not reading.unclear


def test_a_moved_deadline_is_its_new_date() -> None:
    text = "Przesunięto termin składania wniosków z 22 stycznia na 29 stycznia 2027 roku."
    assert local(text) == "2027-01-29 15:00"


@pytest.mark.parametrize("sample", CORPUS, ids=lambda sample: sample.text[:60])
def test_no_text_of_the_corpus_gets_a_wrong_deadline(sample: Sample) -> None:
    result, got = outcome(sample)
    assert result != "wrong date", f"{got} instead of {sample.expected} ({sample.source})"
    found = find_deadline(sample.text, WARSAW, NOW, DeadlineKind(sample.kind))
    assert found is None or found.kind == DeadlineKind(sample.kind)


def test_at_least_nine_in_ten_texts_of_the_corpus_are_read_right() -> None:
    correct = sum(outcome(sample)[0] == "correct" for sample in CORPUS)
    assert correct >= 0.9 * len(CORPUS)


def test_two_programmes_closing_on_different_days_give_none() -> None:
    text = (
        "Do 18 grudnia organizacje mogą składać wnioski w pierwszym programie. Natomiast 28 "
        "grudnia upływa termin naboru w drugim programie."
    )
    reading = read_deadline(text, WARSAW, NOW)
    assert reading.deadline is None and reading.unclear
    assert local("Natomiast 28 grudnia upływa termin naboru wniosków.") == "2026-12-28 15:00"


def test_filing_during_office_hours_closes_when_the_office_does_on_the_last_day() -> None:
    text = (
        "Wnioski można składać w godzinach od 7.30 do 15.30 w dniach od 14 grudnia 2026 r. "
        "do 15 stycznia 2027 r."
    )
    assert local(text) == "2027-01-15 15:30"
    assert local("Oferty można składać w godz. 8-16 do 20 stycznia 2027 r.") == "2027-01-20 16:00"
    # Opening hours in another sentence, or after the date, are not the deadline's time.
    other = "Biuro jest czynne w godzinach od 8.00 do 16.00. Oferty należy składać do 20 stycznia."
    assert local(other) == "2027-01-20 15:00"
    # Hours of a consultation point, which no filing verb governs, may be one channel of several.
    point = "Punkt konsultacyjny czynny w godz. 10-18 od 4 do 20 stycznia 2027 r."
    assert local(point) == "2027-01-20 23:59"


@pytest.mark.parametrize(
    "text",
    [
        "Konsultacje potrwają nie do 14 grudnia, jak podawaliśmy wcześniej, lecz do 21 grudnia.",
        "Uwagi można zgłaszać do 21 grudnia 2026 r. zamiast 14 grudnia.",
    ],
)
def test_a_corrected_date_gives_way_to_the_one_that_replaces_it(text: str) -> None:
    assert local(text) == "2026-12-21 23:59"


def test_a_date_followed_by_a_start_opens_the_period() -> None:
    text = (
        "W poniedziałek 11 stycznia rozpoczęły się konsultacje. Konsultacje trwają do 25 stycznia."
    )
    assert local(text) == "2027-01-25 23:59"
    assert local("W dniu 7 grudnia rozpoczął konsultacje projektu uchwały.") is None
    # A noun ("rozpoczęcie realizacji") after a deadline, or "do" before a date, is no start.
    text = "Termin składania ofert upływa 15 stycznia 2027 r., rozpoczęcie realizacji 1 marca."
    assert local(text) == "2027-01-15 15:00"
    assert local("Wnioski można składać do 15 stycznia, po czym rozpocznie się ocena.") == (
        "2027-01-15 15:00"
    )


def test_the_end_of_a_month_is_its_last_day_all_of_it() -> None:
    assert local("Konsultacje potrwają do końca stycznia.") == "2027-01-31 23:59"
    assert local("Nabór wniosków potrwa do końca lutego 2028 r.") == "2028-02-29 23:59"


def test_a_survey_is_a_consultation() -> None:
    text = "Ankietę można wypełnić w terminie do 29 stycznia 2027 r. na stronie internetowej."
    assert local(text) == "2027-01-29 23:59"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ofertę należy złożyć w systemie, następnie wydrukować, podpisać i złożyć w wersji "
            "papierowej do dnia 18 lutego 2027 r. do godz. 15.30.",
            "2027-02-18 15:30",
        ),
        (
            "Wypełniony, podpisany i zeskanowany formularz uwag należy przesłać do 8 stycznia "
            "2027 roku, do godziny 15.45.",
            "2027-01-08 15:45",
        ),
    ],
)
def test_printing_and_signing_the_filing_is_the_filing_itself(text: str, expected: str) -> None:
    assert local(text) == expected


def test_a_copy_or_an_estimated_date_is_not_the_deadline() -> None:
    deadline = "Wnioski należy przesyłać do 21 stycznia 2027 r."
    assert local(f"{deadline} Kopię deklaracji należy wysłać do 29 stycznia.") == (
        "2027-01-21 15:00"
    )
    assert local(f"{deadline} Termin składania opracowań: szacowany termin 2.04.2027 r.") == (
        "2027-01-21 15:00"
    )


def test_a_calls_title_and_an_aside_between_dashes_say_nothing_of_the_date() -> None:
    title = (
        "Nabór do konkursu „OKO Promocji” na realizację w 2027 roku zadań publicznych potrwa "
        "do 12 lutego 2027 r."
    )
    assert local(title) == "2027-02-12 15:00"
    aside = "Rozstrzygnięcie – wybór ofert, które otrzymają dotację – zaplanowano do 30 kwietnia."
    assert local(aside) is None
    assert local(f"{title} {aside}") == "2027-02-12 15:00"


@pytest.mark.parametrize(
    "text",
    [
        "Unieważnia się otwarty konkurs ofert. Termin składania ofert - 27 listopada 2026 roku do "
        "godz. 15:00. We wskazanym terminie nie wpłynęła żadna oferta.",
        "Unieważniam otwarty konkurs ofert, gdyż w terminie do 25 listopada 2026 r. nie wpłynęła "
        "żadna oferta.",
    ],
)
def test_a_cancelled_call_states_no_deadline(text: str) -> None:
    reading = read_deadline(text, WARSAW, NOW)
    assert reading.deadline is None and not reading.unclear


def test_a_call_reserving_the_right_to_cancel_is_not_cancelled() -> None:
    text = (
        "Organizator zastrzega sobie prawo do unieważnienia konkursu bez podania przyczyny. "
        "Oferty należy składać do 15 stycznia 2027 r."
    )
    assert local(text) == "2027-01-15 15:00"


def test_the_day_a_meeting_is_held_is_not_a_deadline() -> None:
    text = (
        "Zapraszamy do udziału w spotkaniach konsultacyjnych, które odbędą się 15 grudnia w "
        "Gdańsku i 16 grudnia w Chojnicach."
    )
    assert local(text) is None
    assert local(f"{text} Uwagi można zgłaszać do 21 grudnia.") == "2026-12-21 23:59"
    assert local("Zgłoszenia na szkolenie przyjmujemy do 1 lutego.") == "2027-02-01 15:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zgłoszenia przyjmujemy do pierwszego lutego.", "2027-02-01 15:00"),
        ("Konsultacje potrwają do piętnastego stycznia 2027 roku.", "2027-01-15 23:59"),
        ("Oferty przyjmujemy do dwudziestego ósmego stycznia 2027 r.", "2027-01-28 15:00"),
        ("Oferty przyjmujemy do Dwudziestego  ósmego stycznia 2027 r.", "2027-01-28 15:00"),
        ("Konsultacje odbywać się będą od 15 stycznia do 5lutego 2027 r.", "2027-02-05 23:59"),
    ],
)
def test_days_in_words_and_a_day_glued_to_its_month_are_dates(text: str, expected: str) -> None:
    assert local(text) == expected


def test_a_time_with_minutes_after_o_stands_before_any_word() -> None:
    text = "W piątek 22 stycznia o 14:00 upływa czas na składanie ofert."
    assert local(text) == "2027-01-22 14:00"
    assert local("Oferty składa się do 22 stycznia o 10 osobach w zespole.") == "2027-01-22 15:00"


def test_a_sentence_may_start_with_a_date() -> None:
    text = (
        "Termin realizacji zadania przedłużono do 21 stycznia. 21 stycznia jest też ostatecznym "
        "terminem przesyłania wniosków."
    )
    assert local(text) == "2027-01-21 15:00"
