"""Texts in the forms of real Polish calls and consultations, with the deadline each states.

Every text is written for these tests (no sentence is copied) in the form of a real public
announcement; the address beside it is where that form was seen. `expected` is the deadline
in Kraków's local time ("YYYY-MM-DD HH:MM"), or None where the right answer is silence (no
deadline, or two that disagree). Times not stated: a call closes at 15:00, a consultation at
23:59 (the whole day), as do deadlines marked "włącznie" or "do godz. 24:00".

Dates without a year are read against NOW. The corpus has its parts, each written after the
one before, from sources not used for the earlier parts: TUNING (read while the extractor was
written), then HELD_OUT, FRESH, UNSEEN and LAST, each first run against the extractor as it
stood, to estimate how it does on texts it has not seen. Their first-run figures (correct / no
date / wrong): held out 29/2/1 of 32, fresh 28/0/2 of 30, unseen 27/2/1 of 30, last 18/1/1 of
20. What they showed (vocabulary such as "konsultujemy" and "przyznane", a paper copy named
early in a sentence, a date in a title, a list of rounds, a meeting named after its date) was
then fixed in general form; a part's first run is the honest estimate, not its figures since.

After the extractor landed, LEAD (a held-out set the lead wrote from its own sources) came out
29/1/2 of 32 (two programmes' deadlines read as one, a time when filing in person during
office hours, a corrected date "nie do …, lecz do …"), and WIDER (other cities' portals,
county and regional calls) 25/2/3 of 30 (a start date named before "rozpoczęły się", "do końca
stycznia", a survey ("ankieta") as a consultation, "wydrukować, podpisać i złożyć", a call's
title "na realizację w 2027 roku zadań publicznych", an aside between dashes). FARTHER, written
after those fixes (cancelled calls, extensions, trainings, long notices, dates in words), came
out 20/6/4 of 30: a cancelled call's own deadline, meetings named in a clause of their own
("spotkań …, które odbędą się 15 grudnia"), a glued "5lutego", "o 14:00 upływa", days in words,
a copy of a declaration due later, a sentence that starts with a date. Two expectations were
revised with those fixes: "Do pierwszego lipca" (TUNING) was silence only because days in words
could not be read, and a competition's table names one firm deadline beside estimated ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

WARSAW: Final = ZoneInfo("Europe/Warsaw")
# Thursday 10 December 2026, noon in Kraków: the reference for dates without a year.
NOW: Final = datetime(2026, 12, 10, 12, 0, tzinfo=WARSAW)


@dataclass(frozen=True, slots=True)
class Sample:
    text: str
    expected: str | None
    kind: str  # "call", "consultation" or "other": what the text is
    source: str


def _s(text: str, expected: str | None, kind: str, source: str) -> Sample:
    return Sample(text, expected, kind, source)


CALL, CONSULTATION, OTHER = "call", "consultation", "other"

# Sources of the tuning part.
NGO_ZNIN = "https://fundusze.ngo.pl/353590-otwarty-konkurs-ofert-na-udzielenie-dotacji-stanowiacych-wklad-wlasny-organizacji-pozarzadowych-do-projektow-wspolfinansowanych-ze-srodkow-zewnetrznych-przeznaczonych-na-realizacje-zadan-wlasnych-gmin.html"
NGO_DZIERZONIOW = "https://fundusze.ngo.pl/399638-ogloszenie-w-sprawie-otwartego-konkursu-ofert-na-realizacje-zadania-publicznego-z-zakresu-ekologii-i-ochrony-zwierzat-oraz-ochrony-dziedzictwa-przyrodniczego-pod-nazwa-zapewnienie-opieki-bezdomnym-zwi.html"
NGO_WEJHEROWO = "https://fundusze.ngo.pl/396706-prowadzenie-punktu-nieodplatnego-poradnictwa-obywatelskiego-lub-nieodplatnej-pomocy-prawnej-w-2023-r.html"
NGO_KRAKOW = "https://fundusze.ngo.pl/364013-udzielanie-nieodplatnej-pomocy-prawnej-oraz-poradnictwa-obywatelskiego-zwiekszanie-swiadomosci-prawnej.html"
NGO_LUBLIN = "https://fundusze.ngo.pl/387722-otwarty-konkurs-ofert-na-realizacje-zadan-w-ramach-programu-wsparcia-i-aktywizacji-spolecznej-seniorow-na-terenie-miasta-lublin-w-latach-2021-2025-stanowiacego-zalacznik-do-uchwaly-nr-778-xxiv-2020-ra-387722.html"
NOWEFIO = (
    "https://centrumelblag.pl/strefa-organizacji/aktualnosci/1236,program-nowefio-edycja-2023"
)
ROOO = "https://idmn.pl/aktualnosci/wsparcie-dla-organizacji-pozarzadowych-pomagajacym-uchodzcom-z-ukrainy/"
BIP_KRAKOW_CAS = "https://www.bip.krakow.pl/?news_id=235183"
BIP_KRAKOW_MOPS = "https://bip.krakow.pl/?dok_id=229018&metka=1"
BIP_KRAKOW_TOUR = "https://www.bip.krakow.pl/?news_id=226915"
BIP_KRAKOW_C10 = "https://bip.krakow.pl/?news_id=181587"
BIP_KRAKOW_2013 = "https://www.bip.krakow.pl/?dok_id=53991"
BIP_KRAKOW_2018 = "http://www.bip.krakow.pl/?news_id=97379"
GRYFINO = (
    "https://docplayer.pl/amp/111578018-Uchwala-nr-2018-zarzadu-powiatu-w-gryfinie-z-dnia-r.html"
)
SOSNOWIEC = "https://wsparcie.sosnowiec.pl/aktualnosci/konsultacje-w-sprawie-uchwaly-dotyczacej-sosnowieckiej-rady-dzialalnosci-pozytku-publicznego/"
JASTRZEBIE = "http://www.jastrzebie.pl/2010/09/06/konsultacje-z-organizacjami/"
WISKITKI = "https://wiskitki.bip.net.pl/?a=842"
KONIN = "https://tvwarta.pl/zaproszenie-na-konsultacje-spoleczne/"
KOLBUDY = "https://www.kolbudy.pl/wiadomosci/aktualnosci/5707-program-wspolpracy-z-organizacjami-pozarzadowymi-konsultacje-projektu"
ZAWIERCIE = "https://zawiercie.powiat.pl/477-konsultacje.html"
WILANOW = "https://www.wilanow.pl/799-konsultuj"
SIERADZ = "https://sieradz.eu/ngo-for-the-money"
PODLASKIE = "https://podlaskie24.pl/artykul/tag/kapliczki-podlaskie/"
POLONIA = "https://powiempolsce.pl/articles/article?id=51531"
WFOS = "https://www.wfosigw.katowice.pl/9-aktualnosci/2649-wazna-informacja-dla-pjb.html"
GOLDAP = "https://goldap.org.pl/2021/06/kolejna-mozliwosc-dofinansowania-dzialan-na-rzecz-spolecznosci-lokalnej/"
MALOPOLSKA_UW = "https://www2.malopolska.uw.gov.pl/default.aspx?page=komunikat_pomoc"
KUZNICA = "https://kuznica.ug.gov.pl/konsultacje-spoleczne-6/"
STARA_BIALA = "https://gokis.starabiala.pl/gmina-stara-biala/aktualnosci/716-konsultacje-spoleczne?tmpl=component&print=1&layout=default&page="
PODLASIE_UM = "http://mailto:ksow@wrotapodlasia.pl/pl/organizacje_pozarzadowe/konsultacje_spoleczne/projekt-uchwaly-sejmiku-wojewodztwa-podlaskiego-w-sprawie-wyznaczenia-aglomeracji-szumowo.html"
NOWA_SOL = "https://nowasol.pl/?p=20557"
OSTROWIEC = "https://arl.ostrowiec.pl/2021/12/01/nowe-granty-i-konkursy-dla-ngo/"
WARSZAWA_NGO = "https://warszawa.ngo.pl/poradnik/konsultacje-z-ngo"
EKOSZALIN = "https://ekoszalin.pl/artykul/10390-Konsultacji-spoleczne-Programu-Budowy-Drog-Krajowych-na-lata-2014-2023"
OSP = "http://cms16.vps94.iat.pl/pl/206/7301/dotacje-dla-osp.html"
WABRZEZNO = "https://wabrzezno.com/kategoria/wszystkie/page/110/"
SULECZYNO = "http://suleczyno2.iq.pl/jednostki-i-organizacje-gminy/organizacje-pozarzadowe/aktualnosci/item/529-otwarty-konkurs-ofert-na-wykonanie-zadan-publicznych-w-2019-r-przez-organizacje-pozarzadowe-oraz-podmioty-wymienione-w-art-3-ust-3-ustawy-z-dnia-24-kwietnia-2003r-o-dzialalnosci-pozytku-publicznego-i-o-wolontariacie.html"
GIETRZWALD = "http://www.gietrzwald.pl/index.php/2015-02-11-13-06-13/organizacje-pozarzadowe-menu-w/dotacje/1507-dluzszy-termin-rozstrzygniecia-konkursu-na-edukacje-i-kulture.html"
# The issue's own list of misread forms (no page of its own).
ISSUE = "issue 17: forms seen on city, county and gmina portals and the national NGO portal"

TUNING: Final[tuple[Sample, ...]] = (
    # Funding-portal headers: "Nabór od DD.MM.RRRR do DD.MM.RRRR HH:MM".
    _s(
        "Nabór od 04.01.2027 do 29.01.2027 15:00\nWydział Kultury i Sportu\nŁączny budżet 40 tys. PLN",
        "2027-01-29 15:00",
        CALL,
        NGO_ZNIN,
    ),
    _s(
        "Nabór od 20.12.2026 do 12.01.2027 23:59\nUrząd Miasta\nDotacje do 120 tys. PLN",
        "2027-01-12 23:59",
        CALL,
        NGO_DZIERZONIOW,
    ),
    _s(
        "Wsparcie seniorów w 2027 r.\nNabór od 11.01.2027 do 01.02.2027 08:00\nWydział Inicjatyw Społecznych",
        "2027-02-01 08:00",
        CALL,
        NGO_LUBLIN,
    ),
    _s(
        "Nabór od 15.12.2026 do 08.01.2027 15:00\nWydział Polityki Społecznej\n"
        "Prezydent Miasta ogłosił otwarty konkurs ofert na realizację w 2027 r. zadania publicznego. "
        "Termin składania ofert upływa 8 stycznia 2027 r. o godz. 15:00.",
        "2027-01-08 15:00",
        CALL,
        NGO_KRAKOW,
    ),
    _s(
        "Nabór od 02.12.2026 do 22.12.2026 23:59\nStarostwo Powiatowe\n"
        "Zadanie realizowane będzie od 1 stycznia do 31 grudnia 2027 r.",
        "2026-12-22 23:59",
        CALL,
        NGO_WEJHEROWO,
    ),
    _s(
        "Nabór od 10.12.2026 do 31.01.2027 12:00\nOrganizacje pozarządowe\nDotacje od 5 tys. do 20 tys. PLN",
        "2027-01-31 12:00",
        CALL,
        NGO_WEJHEROWO,
    ),
    # Labels.
    _s("Termin zakończenia naboru: 26.02.2027 r.", "2027-02-26 15:00", CALL, NGO_ZNIN),
    _s(
        "Termin zakończenia naboru: 14 stycznia 2027, godz. 16:00",
        "2027-01-14 16:00",
        CALL,
        NGO_ZNIN,
    ),
    _s("Do kiedy trwa nabór ofert: 19.03.2027", "2027-03-19 15:00", CALL, NGO_DZIERZONIOW),
    _s(
        "Do kiedy trwa nabór ofert: 5 lutego 2027 r. do godz. 12:00",
        "2027-02-05 12:00",
        CALL,
        NGO_DZIERZONIOW,
    ),
    _s("Termin składania: 2027/02/15", "2027-02-15 15:00", CALL, SIERADZ),
    _s(
        "Maksymalna kwota dotacji: 20 000,00 zł\nTermin składania ofert: 17.02.2027 r.",
        "2027-02-17 15:00",
        CALL,
        SIERADZ,
    ),
    _s(
        "Termin nadsyłania ofert został wyznaczony na dzień 11 stycznia 2027 r.",
        "2027-01-11 15:00",
        CALL,
        POLONIA,
    ),
    _s(
        "Termin składania ofert: do 18 grudnia 2026 r. (decyduje data wpływu do urzędu)",
        "2026-12-18 15:00",
        CALL,
        SIERADZ,
    ),
    # Other verbs and word orders.
    _s("Na wnioski czekamy do 22 stycznia 2027 r.", "2027-01-22 15:00", CALL, ISSUE),
    _s(
        "Na Wasze wnioski czekamy do piątku, 15 stycznia 2027 r., do godz. 14:00.",
        "2027-01-15 14:00",
        CALL,
        ISSUE,
    ),
    _s(
        "Organizacje mają czas do 28 lutego 2027 r. na złożenie wniosków w generatorze.",
        "2027-02-28 15:00",
        CALL,
        ISSUE,
    ),
    _s(
        "Stowarzyszenia i fundacje mają czas do 9 marca na złożenie ofert.",
        "2027-03-09 15:00",
        CALL,
        ISSUE,
    ),
    _s(
        "Do 3 czerwca trwa konkurs grantowy dla organizacji z małych miejscowości.",
        "2027-06-03 15:00",
        CALL,
        ISSUE,
    ),
    _s(
        "Do 12 lutego 2027 r. trwa nabór wniosków w programie dla klubów seniora.",
        "2027-02-12 15:00",
        CALL,
        PODLASKIE,
    ),
    _s(
        "Projekt jest dostępny na stronie urzędu, a każda organizacja w terminie 14 dni, "
        "tj. do 20 stycznia 2027 r., może zgłaszać uwagi na formularzu.",
        "2027-01-20 23:59",
        CONSULTATION,
        ISSUE,
    ),
    _s(
        "Konsultacje trwają 21 dni, tj. do 29 stycznia 2027 r. Uwagi można wnosić pisemnie.",
        "2027-01-29 23:59",
        CONSULTATION,
        ISSUE,
    ),
    _s(
        "Termin elektronicznego składania wniosków upływa 18 stycznia 2027 r. o godz. 16:15.",
        "2027-01-18 16:15",
        CALL,
        ISSUE,
    ),
    _s(
        "Termin elektronicznego składania wniosków upływa 18 stycznia 2027 r. o godz. 16:15. "
        "Potwierdzenie złożenia wniosku w wersji papierowej należy przesłać do 25 stycznia 2027 r.",
        "2027-01-18 16:15",
        CALL,
        ISSUE,
    ),
    _s(
        "Termin składania ofert upływa 14 stycznia 2027 r. o godzinie 14.00. "
        "Oferty powinny zostać zrealizowane w terminie od 1 marca 2027 r. do 31 grudnia 2028 r.",
        "2027-01-14 14:00",
        CALL,
        NOWEFIO,
    ),
    _s(
        "Wnioski o dotację można składać do 30 listopada 2027r.", "2027-11-30 15:00", CALL, SIERADZ
    ),
    _s(
        "Wnioski będzie można składać do 1 października 2027 r. Z puli pozostało jeszcze 10 mln zł.",
        "2027-10-01 15:00",
        CALL,
        OSP,
    ),
    _s(
        "Zainteresowane organizacje wnioski o dotacje mogą składać od 9 do 26 lutego przez system.",
        "2027-02-26 15:00",
        CALL,
        PODLASKIE,
    ),
    _s(
        "Od 15 marca do 6 kwietnia 2027 r. organizacje pozarządowe mogą składać oferty na zadania z zakresu kultury.",
        "2027-04-06 15:00",
        CALL,
        WABRZEZNO,
    ),
    # Consultations in the passive and with ranges.
    _s(
        "Konsultacje przeprowadzone są od 3 do 26 czerwca 2015 r. w formie zbierania uwag na formularzu.",
        "2015-06-26 23:59",
        CONSULTATION,
        EKOSZALIN,
    ),
    _s(
        "Konsultacje przeprowadzone są od 11 do 29 stycznia 2027 r. Formularz można przesłać e-mailem.",
        "2027-01-29 23:59",
        CONSULTATION,
        EKOSZALIN,
    ),
    _s(
        "Konsultacje zostaną przeprowadzone w dniach 4 stycznia do 25 stycznia 2027 roku.",
        "2027-01-25 23:59",
        CONSULTATION,
        ISSUE,
    ),
    _s(
        "Konsultacje zostaną przeprowadzone w dniach od 18.01.2027 r. do 08.02.2027 r.",
        "2027-02-08 23:59",
        CONSULTATION,
        ISSUE,
    ),
    _s(
        "Konsultacje przeprowadzone będą w terminie od 27.01.2027 r. do 16.02.2027 r. do godziny 16:00.",
        "2027-02-16 16:00",
        CONSULTATION,
        STARA_BIALA,
    ),
    _s(
        "Konsultacje przeprowadzone będą w terminie od 1 do 22 marca 2027 r.",
        "2027-03-22 23:59",
        CONSULTATION,
        STARA_BIALA,
    ),
    _s(
        "Konsultacje, o których mowa w ust. 1, przeprowadzone zostaną w terminie od dnia opublikowania "
        "informacji na stronie powiatu do dnia 14 stycznia 2027 r. włącznie.",
        "2027-01-14 23:59",
        CONSULTATION,
        GRYFINO,
    ),
    _s(
        "Od 11 do 25 stycznia trwać będą konsultacje z organizacjami pozarządowymi projektu uchwały.",
        "2027-01-25 23:59",
        CONSULTATION,
        JASTRZEBIE,
    ),
    _s(
        "Opinie nt. projektu uchwały należy składać na piśmie do 25 stycznia w kancelarii Urzędu (pok. 020).",
        "2027-01-25 23:59",
        CONSULTATION,
        JASTRZEBIE,
    ),
    _s(
        "Konsultacje potrwają do 2 marca. Uwagi i opinie można zgłaszać na formularzu.",
        "2027-03-02 23:59",
        CONSULTATION,
        SOSNOWIEC,
    ),
    _s(
        "Termin przeprowadzenia konsultacji:\n- rozpoczęcie: 11 stycznia 2027 r.\n- zakończenie: 25 stycznia 2027 r.",
        "2027-01-25 23:59",
        CONSULTATION,
        WISKITKI,
    ),
    _s(
        "Opinie, uwagi i wnioski do projektu można zgłaszać w terminie od 13 stycznia 2027 r. "
        "do 29 stycznia 2027 r. drogą elektroniczną.",
        "2027-01-29 23:59",
        CONSULTATION,
        KONIN,
    ),
    # "br." is the current year: a date already past is returned as found.
    _s(
        "Czekamy na Państwa propozycje do dnia 25 stycznia br. Po ich analizie przygotujemy projekt uchwały.",
        "2026-01-25 23:59",
        CONSULTATION,
        KOLBUDY,
    ),
    _s(
        "Formularz do zgłaszania uwag znajduje się w załączniku. Czekamy na Państwa propozycje "
        "do dnia 25 stycznia 2027 r.",
        "2027-01-25 23:59",
        CONSULTATION,
        KOLBUDY,
    ),
    _s(
        "Konsultacje odbędą się w okresie od 06.01.2027 roku do 27.01.2027 roku w formie zgłaszania uwag "
        "na formularzu oraz otwartego spotkania, które odbędzie się w dniu 20.01.2027 roku w godzinach "
        "od 9.00 do 12.00.",
        "2027-01-27 23:59",
        CONSULTATION,
        ZAWIERCIE,
    ),
    _s(
        "Uwagi i opinie wniesione po dniu 27.01.2027 roku nie będą rozpatrywane.",
        "2027-01-27 23:59",
        CONSULTATION,
        ZAWIERCIE,
    ),
    _s(
        "Czas trwania konsultacji: od dnia 4 stycznia do dnia 18 stycznia 2027 r. Opinie należy zgłaszać "
        "pisemnie do dnia 18 stycznia 2027r. do godz. 15.00.",
        "2027-01-18 15:00",
        CONSULTATION,
        KUZNICA,
    ),
    _s(
        "Konsultacje trwają do 16 stycznia 2027 r. Uwagi można zgłaszać przez platformę konsultacyjną "
        "lub listownie do Centrum Komunikacji Społecznej Urzędu m.st. Warszawy, ul. Senatorska 27.",
        "2027-01-16 23:59",
        CONSULTATION,
        WILANOW,
    ),
    _s(
        "Zapraszamy na spotkania konsultacyjne 4 stycznia (poniedziałek) o godz. 17.30 oraz 12 stycznia "
        "(wtorek) o godz. 18.00. Konsultacje trwają do 20 stycznia 2027 r.",
        "2027-01-20 23:59",
        CONSULTATION,
        WILANOW,
    ),
    _s(
        "Uwagi do projektu Rady m.st. Warszawy można przesyłać do 22 stycznia 2027 r. na adres "
        "konsultacje@um.warszawa.pl.",
        "2027-01-22 23:59",
        CONSULTATION,
        WARSZAWA_NGO,
    ),
    # Abbreviations that do not end the sentence.
    _s(
        "Oferty należy składać w Kancelarii Urzędu, ul. Rynek 40, pok. 12, do dnia 20 stycznia 2027 r.",
        "2027-01-20 15:00",
        CALL,
        SULECZYNO,
    ),
    _s(
        "Oferty składa się w siedzibie Urzędu przy al. 1 Maja 14 w nieprzekraczalnym terminie do "
        "25.01.2027 r. godz. 15.30.",
        "2027-01-25 15:30",
        CALL,
        SULECZYNO,
    ),
    _s(
        "Zgodnie z art. 13 ust. 1 pkt 3 ustawy oferty należy złożyć do 3 lutego 2027 r.",
        "2027-02-03 15:00",
        CALL,
        SULECZYNO,
    ),
    _s(
        "Oferty, tj. formularz wraz z załącznikami nr 1 i 2, należy złożyć do 3 lutego 2027 r.",
        "2027-02-03 15:00",
        CALL,
        SULECZYNO,
    ),
    _s(
        "Na podstawie ustawy z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego "
        "(t.j. Dz. U. z 2024 r. poz. 1491) ogłasza się konkurs. Oferty należy składać do 1 lutego 2027 r.",
        "2027-02-01 15:00",
        CALL,
        NOWA_SOL,
    ),
    _s(
        "Termin składania ofert upływa 19 stycznia 2027 r. o godz. 12:00. Termin realizacji projektów to "
        "8.02.2027-30.09.2027 r.",
        "2027-01-19 12:00",
        CALL,
        BIP_KRAKOW_CAS,
    ),
    _s(
        "Wnioski należy składać do 6 marca 2020 roku (do godz. 15.30) w sekretariacie.",
        "2020-03-06 15:30",
        CALL,
        ISSUE,
    ),
    _s(
        "Wnioski należy składać do 6 marca 2027 roku (do godz. 15.30) w sekretariacie.",
        "2027-03-06 15:30",
        CALL,
        ISSUE,
    ),
    _s(
        "Oferty przyjmuje Kancelaria Starostwa, ul. Sienkiewicza 34, do 9 lutego 2027 r. "
        "W przypadku pytań prosimy o kontakt pod nr tel. 32 672 00 00.",
        "2027-02-09 15:00",
        CALL,
        ZAWIERCIE,
    ),
    _s("Termin składania ofert mija 15 II 2027 r.", "2027-02-15 15:00", CALL, SULECZYNO),
    _s(
        "Oferty należy składać do 15.III.2027 r. do godz. 10.00",
        "2027-03-15 10:00",
        CALL,
        SULECZYNO,
    ),
    _s("Oferty przyjmowane są do 28 stycznia 2027", "2027-01-28 15:00", CALL, SULECZYNO),
    _s(
        "Ostateczny termin składania wniosków: 12 marca 2027 roku.",
        "2027-03-12 15:00",
        CALL,
        SULECZYNO,
    ),
    # Several dates, one deadline: implementation periods.
    _s(
        "Termin realizacji zadania: od 1 marca 2027 r. do 31 grudnia 2027 r. Oferty należy składać "
        "do 29 stycznia 2027 r.",
        "2027-01-29 15:00",
        CALL,
        BIP_KRAKOW_MOPS,
    ),
    _s(
        "Termin realizacji zadania: Okres realizacji całości zadania powinien obejmować okres od 01 marca "
        "2027 r. do 31 grudnia 2027 r.",
        None,
        CALL,
        BIP_KRAKOW_TOUR,
    ),
    _s(
        "Termin realizacji zadania: od 1 stycznia 2027 roku do 30 czerwca 2029 roku. "
        "Termin składania ofert: 11 grudnia 2026 r. do godz. 15.00.",
        "2026-12-11 15:00",
        CALL,
        BIP_KRAKOW_C10,
    ),
    _s(
        "Zadanie realizowane od 1.03 do 31.12. Oferty do 12.02.2027 r.",
        "2027-02-12 15:00",
        CALL,
        ISSUE,
    ),
    _s("Zadanie realizowane od 1.03 do 31.12.", None, CALL, ISSUE),
    _s(
        "Zadanie należy zrealizować nie wcześniej niż 15 czerwca 2027 r. i nie później niż 15 września "
        "2027 r.",
        None,
        CALL,
        BIP_KRAKOW_2013,
    ),
    _s(
        "Realizacja zadania rozpocznie się nie wcześniej niż 1 kwietnia 2027 r., a jego zakończenie "
        "nastąpi nie później niż 30 listopada 2027 r. Oferty składa się do 8 lutego 2027 r.",
        "2027-02-08 15:00",
        CALL,
        ISSUE,
    ),
    _s("Zakończenie zadania nastąpi nie później niż 31 grudnia 2027 r.", None, CALL, ISSUE),
    _s(
        "Termin realizacji zadania konkursowego ustala się od 1 października do 31 grudnia 2027 roku.",
        None,
        CALL,
        MALOPOLSKA_UW,
    ),
    _s(
        "Na wykonanie zadania w okresie od 1 kwietnia do 31 grudnia 2027 roku Wojewoda przeznacza "
        "200 000 zł. Oferty można składać do 5 marca 2027 r.",
        "2027-03-05 15:00",
        CALL,
        MALOPOLSKA_UW,
    ),
    _s(
        "Prowadzenie noclegowni w okresie od 01.01.2027 r. do 31.12.2027 r. w lokalu wskazanym przez Gminę.",
        None,
        CALL,
        NOWA_SOL,
    ),
    _s(
        "Okres realizacji zadania: 1 kwietnia – 30 listopada 2027 r. Oferty należy składać do dnia "
        "4 marca 2027 r. do godz. 15:30.",
        "2027-03-04 15:30",
        CALL,
        BIP_KRAKOW_2018,
    ),
    _s(
        "Projekty mogą być realizowane od 1 stycznia 2027 r. do 30 listopada 2028 r., "
        "a termin składania ofert upływa 21 stycznia 2027 r. o 16.15.",
        "2027-01-21 16:15",
        CALL,
        ISSUE,
    ),
    # Results, further calls, publication.
    _s("Wyniki konkursu zostaną ogłoszone do 26 lutego 2027 r.", None, CALL, ISSUE),
    _s(
        "Oferty należy składać do 29 stycznia 2027 r. Wyniki konkursu zostaną ogłoszone do 26 lutego 2027 r.",
        "2027-01-29 15:00",
        CALL,
        ISSUE,
    ),
    _s(
        "Rozstrzygnięcie konkursu nastąpi nie później niż w ciągu 45 dni od ostatniego dnia przyjmowania "
        "ofert, tj. do 15 marca 2027 r.",
        None,
        CALL,
        GIETRZWALD,
    ),
    _s(
        "Termin składania ofert: do 15 stycznia 2027 r. Termin rozstrzygnięcia konkursu: 5 lutego 2027 r.",
        "2027-01-15 15:00",
        CALL,
        ISSUE,
    ),
    _s(
        "Lista ofert, które przeszły ocenę formalną, zostanie opublikowana do 10 lutego 2027 r.",
        None,
        CALL,
        ISSUE,
    ),
    _s("Kolejny nabór zostanie ogłoszony do 30 czerwca 2027 r.", None, CALL, ISSUE),
    _s(
        "Nabór wniosków trwa do 15 stycznia 2027 r. Następny nabór planujemy ogłosić 1 kwietnia 2027 r.",
        "2027-01-15 15:00",
        CALL,
        ISSUE,
    ),
    _s(
        "Wnioski można składać do 21 stycznia 2027 r. Drugi nabór w programie rozpocznie się 1 marca 2027 r.",
        "2027-01-21 15:00",
        CALL,
        ISSUE,
    ),
    _s(
        "Opublikowano 1 grudnia 2026 r. Termin składania ofert mija 22 stycznia 2027 r.",
        "2027-01-22 15:00",
        CALL,
        ISSUE,
    ),
    _s(
        "Data publikacji: 2026-12-02. Termin składania wniosków: 2027-01-08",
        "2027-01-08 15:00",
        CALL,
        ISSUE,
    ),
    _s(
        "Konkurs ogłoszony 2 grudnia 2026 r. Oferty w generatorze do 18.01.2027 r.",
        "2027-01-18 15:00",
        CALL,
        ISSUE,
    ),
    _s("Umowy z wyłonionymi oferentami zostaną podpisane do 31 marca 2027 r.", None, CALL, ISSUE),
    _s(
        "Dotacja przyznana w ramach konkursu musi zostać wykorzystana nie później niż do dnia "
        "31 grudnia 2027 r.",
        None,
        CALL,
        ROOO,
    ),
    # Paper confirmations and several channels.
    _s(
        "Ofertę należy złożyć w generatorze do 20 stycznia 2027 r. do godz. 23:59. Wydruk potwierdzenia "
        "złożenia oferty należy dostarczyć do Urzędu do 25 stycznia 2027 r.",
        "2027-01-20 23:59",
        CALL,
        ISSUE,
    ),
    _s(
        "Potwierdzenie złożenia oferty w wersji papierowej należy przesłać do 27 stycznia 2027 r.",
        None,
        CALL,
        ISSUE,
    ),
    _s(
        "Wnioski można składać od dnia 1 marca 2027 r. od godz. 14:00 do dnia 30 listopada 2027 r. do godz. "
        "14:00 lub do wyczerpania środków. Dotacja musi zostać wykorzystana nie później niż do dnia "
        "31 grudnia 2027 r.",
        "2027-11-30 14:00",
        CALL,
        ROOO,
    ),
    _s(
        "Szczegółowe pytania można kierować w dniach 14.12.2026 – 11.01.2027 w godz. 10:00-15:00. "
        "Termin składania ofert upływa 11 stycznia 2027 r. o godzinie 14.00.",
        "2027-01-11 14:00",
        CALL,
        NOWEFIO,
    ),
    _s(
        "Spotkanie informacyjne dla oferentów odbędzie się 8 stycznia 2027 r. o godz. 10:00. "
        "Oferty należy składać do 22 stycznia 2027 r.",
        "2027-01-22 15:00",
        CALL,
        ISSUE,
    ),
    # Deadlines that conflict or are not there: silence.
    _s(
        "I nabór wniosków trwa do 15 marca 2027 r., II nabór do 15 czerwca 2027 r.",
        None,
        CALL,
        ISSUE,
    ),
    _s(
        "Oferty należy składać do 15 stycznia 2027 r. Oferty należy składać do 22 stycznia 2027 r.",
        None,
        CALL,
        ISSUE,
    ),
    _s(
        "Termin składania wniosków przez państwowe jednostki budżetowe upływa 15 lutego roku "
        "poprzedzającego realizację zadania.",
        None,
        CALL,
        WFOS,
    ),
    _s(
        "Do pierwszego lipca można składać wnioski o dofinansowanie działań w programie.",
        "2027-07-01 15:00",
        CALL,
        GOLDAP,
    ),
    _s(
        "Termin na wyrażenie opinii: 14 dni kalendarzowych od dnia publikacji ogłoszenia. Wyniki "
        "konsultacji zostaną zamieszczone nie później niż w ciągu 30 dni od ich zakończenia.",
        None,
        CONSULTATION,
        PODLASIE_UM,
    ),
    _s(
        "Celem konkursu jest wsparcie rozwoju sportu dzieci i młodzieży w 2027 roku.",
        None,
        CALL,
        OSTROWIEC,
    ),
    _s(
        "Organizacje mogły składać oferty do 6 kwietnia 2023 r. Wyniki konkursu opublikujemy wkrótce.",
        "2023-04-06 15:00",
        CALL,
        WABRZEZNO,
    ),
    _s(
        "Dofinansowanie do 50 000 zł na jeden projekt, wkład własny do 10%.", None, CALL, OSTROWIEC
    ),
    _s("Oferty do 31 lutego 2027 r.", None, CALL, ISSUE),
    _s(
        "Termin składania ofert upływa 15 stycznia 2027 r. o godz. 25:00.",
        "2027-01-15 15:00",
        CALL,
        ISSUE,
    ),
    # A deadline moved.
    _s(
        "Termin składania ofert został przedłużony do 29 stycznia 2027 r. (pierwotnie 22 stycznia 2027 r.).",
        "2027-01-29 15:00",
        CALL,
        ISSUE,
    ),
    _s(
        "Przesunięto termin składania wniosków z 22 stycznia na 29 stycznia 2027 roku.",
        "2027-01-29 15:00",
        CALL,
        ISSUE,
    ),
    # Other kinds: registration and recruitment.
    _s("Rekrutacja uczestników potrwa do 15 stycznia 2027 r.", "2027-01-15 15:00", OTHER, ISSUE),
    _s(
        "Zapisy na szkolenie przyjmujemy do 12 stycznia 2027 r. Szkolenie odbędzie się 19 stycznia 2027 r.",
        "2027-01-12 15:00",
        OTHER,
        ISSUE,
    ),
    _s(
        "Spotkanie odbędzie się 15 stycznia 2027 r. o godz. 17:00 w sali obrad.",
        None,
        OTHER,
        ISSUE,
    ),
    _s("Warsztaty dla grup do 15 osób od 18 stycznia 2027 r.", None, OTHER, ISSUE),
    _s("Wystawę można oglądać do 31 stycznia 2027 r.", None, OTHER, ISSUE),
    # Years without "r.", "2027 roku", weekday names, ISO dates.
    _s(
        "Oferty należy składać do 22 stycznia 2027 w Biurze Obsługi Mieszkańców.",
        "2027-01-22 15:00",
        CALL,
        SULECZYNO,
    ),
    _s(
        "Termin składania ofert upływa dnia 22 stycznia 2027 roku o godzinie 12.00.",
        "2027-01-22 12:00",
        CALL,
        SULECZYNO,
    ),
    _s("Wnioski przyjmujemy do poniedziałku 18 stycznia 2027 r.", "2027-01-18 15:00", CALL, ISSUE),
    _s("Oferty należy złożyć w terminie do dnia 2027-01-15.", "2027-01-15 15:00", CALL, ISSUE),
    _s("Oferty należy składać do 15-01-2027 r.", "2027-01-15 15:00", CALL, ISSUE),
    _s(
        "Oferty należy składać do godz. 15:30 w dniu 15 stycznia 2027 r.",
        "2027-01-15 15:30",
        CALL,
        ISSUE,
    ),
    _s(
        "Prace konkursowe należy nadsyłać do 1 marca 2027 r. do godz. 24:00",
        "2027-03-01 23:59",
        CALL,
        ISSUE,
    ),
    _s(
        "Propozycje zmian w projekcie programu można składać do 18 stycznia 2027 roku włącznie.",
        "2027-01-18 23:59",
        CONSULTATION,
        ISSUE,
    ),
    _s("Nabór trwa do 20 grudnia br.", "2026-12-20 15:00", CALL, ISSUE),
    _s(
        "Oferty można składać od 15 grudnia 2026 r. do 15 stycznia 2027 r. w Kancelarii.",
        "2027-01-15 15:00",
        CALL,
        BIP_KRAKOW_2018,
    ),
    _s(
        "Konsultacje trwają od 1 lutego do 10 marca 2027 r.",
        "2027-03-10 23:59",
        CONSULTATION,
        KONIN,
    ),
    _s(
        "Konsultacje odbędą się w dniach 1–10 kwietnia 2027 r.",
        "2027-04-10 23:59",
        CONSULTATION,
        KONIN,
    ),
    _s("Konsultacje zakończą się 30 kwietnia 2027 r.", "2027-04-30 23:59", CONSULTATION, KONIN),
    _s(
        "Termin składania uwag: od 25 stycznia 2027 r. do 24 lutego 2027 r.",
        "2027-02-24 23:59",
        CONSULTATION,
        KONIN,
    ),
)

# Sources of the held-out part, not looked at while the tuning part was written.
GDANSK_2018 = "https://wolontariatgdansk.pl/konsultacje-programu-wspolpracy-miasta-gdanska-z-organizacjami-pozarzadowymi"
GDANSK_2023 = "https://www.gdansk.pl/wiadomosci/Trwaja-konsultacje-dotyczace-Programu-wspolpracy-z-NGO,a,227568"
GDANSK_2019 = "https://www.gdansk.pl/urzad-miejski/wydzial-rozwoju-spolecznego/stworzmy-razem-program-wspolpracy-na-kolejny-rok-podsumowania-spotkan,a,153321"
GDANSK_2021 = "https://razemztoba.pl/gdansk-konsultacje-ws-wspolpracy-miasta-z-ngo/"
GDYNIA = "http://www.gdyniapozarzadowa.pl/2016/10/07/program-wspolpracy-miasta-gdyni-z-organizacjami-pozarzadowymi-na-rok-2017-czekamy-na-opinie/"
UM_GDYNIA = "https://www.umgdy.gov.pl/?p=32062"
KORNIK = "https://kornik.pl/aktualnosci/zapraszamy-do-udzialu-w-otwartym-konkursie-ofert-2026"
PILA = "https://ciwis.pila.bankizywnosci.pl/2020/12/16/aktualne-nabory-wnioskow/"
TARNOWO = "https://www.tarnowo-podgorne.pl/ogloszenia-dla-ngo/powiat-poznanski-oglosil-otwarty-konkurs-ofert-na-realizacje-zadan-publicznych-w-2022-roku/"
POWIAT_POZNAN = "https://powiat.poznan.pl/czekamy-na-oferty-3/"
NGO_POZNAN = "https://fundusze.ngo.pl/411153-przygotowanie-i-prowadzenie-miejskiej-oferty-wsparcia-dla-szkolnych-opiekunow-wolontariatu.html"
BIP_WROCLAW = "https://bip.um.wroc.pl/contentsversions/36151/164325/preview"
WROCLAW_OSIEDLA = "https://www.wroclaw.pl/rozmawia/osiedla-kompletne-ii-o-konsultacjach"
OLAWA = "https://gminaolawa.pl/konsultacje-spoleczne-projektu-strategii-zintegrowanych-inwestycji-terytorialnych-wroclawskiego-obszaru-funkcjonalnego-2021-2027-wraz-z-prognoza-oddzialywania-na-srodowisko/"
ECHO24 = "http://www.echo24.tv/artykul/zglaszajcie-swoje-uwagi-dotyczace-wroclawia-5832"
NIW_FIO = "https://niw.gov.pl/nabor-wnioskow-do-fio-2018-wydluzony/"
TVP_FIO = "http://www.tvp.info/36670377/ostatnia-szansa-na-dotacje-dla-organizacji-pozarzadowych"
LECZNA = "https://powiatleczynski.pl/2019/04/02/fio-2019/"
SUSZA = "http://prognozasusza.pl/"
STOPSUSZY = "https://stopsuszy.pl/edukacja/rejestracja-na-konsultacje-spoleczne-2019/"
KPOWM = "http://kpowm.gov.pl/pl/aktualnosci/28"
GIOS = "http://rdsm.gios.gov.pl/index.php/pl/konsultacje-spoleczne/informacja-o-konsultacjach"

HELD_OUT: Final[tuple[Sample, ...]] = (
    _s(
        "Zachęcamy do składania uwag i wniosków. Propozycje można składać do 13 września 2027 roku "
        "włącznie, do godz. 16:00, przy użyciu formularza elektronicznego lub w wersji papierowej "
        "w siedzibie Wydziału przy ul. Kartuskiej 5, pok. 205.",
        "2027-09-13 16:00",
        CONSULTATION,
        GDANSK_2018,
    ),
    _s(
        "Podczas trwających do 27 września konsultacji można składać uwagi i wnioski, które trafią do "
        "Rady Działalności Pożytku Publicznego.",
        "2027-09-27 23:59",
        CONSULTATION,
        GDANSK_2023,
    ),
    _s(
        "Uwagi i wnioski można składać do poniedziałku 27 września 2027, do godz. 16.00, w godzinach "
        "pracy Urzędu: poniedziałek 8.00-16.00, środa 8.00-17.00.",
        "2027-09-27 16:00",
        CONSULTATION,
        GDANSK_2023,
    ),
    _s(
        "Uwagi i sugestie będziemy zbierać do 24 września 2027 r. do 16.00. Program będzie tematem sesji "
        "Rady Miasta w dniu 21 października br.",
        "2027-09-24 16:00",
        CONSULTATION,
        GDANSK_2019,
    ),
    _s(
        "Rozpoczęliśmy 10 lipca spotkaniem z Radą Działalności Pożytku Publicznego. Uwagi do projektu "
        "zbieramy do 24 września 2027 r.",
        "2027-09-24 23:59",
        CONSULTATION,
        GDANSK_2019,
    ),
    _s(
        "Propozycje można składać do 30 września 2027 roku przy użyciu formularza konsultacji lub "
        "przesłać pocztą na adres Urzędu, ul. Nowe Ogrody 8/12.",
        "2027-09-30 23:59",
        CONSULTATION,
        GDANSK_2021,
    ),
    _s(
        "Ewentualne uwagi proszę przesłać w terminie do dnia 22 października br. na adres ngo@gdynia.pl. "
        "Nienadesłanie uwag uznane będzie za przyjęcie programu.",
        "2026-10-22 23:59",
        CONSULTATION,
        GDYNIA,
    ),
    _s(
        "Uwagi do zapisów projektu rozporządzenia można zgłaszać do dnia 8 stycznia 2027 r.",
        "2027-01-08 23:59",
        CONSULTATION,
        UM_GDYNIA,
    ),
    _s(
        "Ważne terminy\nOferty można składać do 18 grudnia 2026 r., godz. 12:00 — decyduje data wpływu "
        "do urzędu.",
        "2026-12-18 12:00",
        CALL,
        KORNIK,
    ),
    _s(
        "Dokumenty wymagane w wersji papierowej, zawierające potwierdzenie złożenia oferty elektronicznie, "
        "należy złożyć w punkcie kancelaryjnym w terminie do 19 stycznia 2027 r., do godziny 15.30. "
        "Wybór ofert nastąpi 1 marca 2027 r.",
        None,
        CALL,
        PILA,
    ),
    _s(
        "Warunkiem udziału jest złożenie oferty w generatorze do 12 stycznia 2027 r. do godz. 23:59. "
        "Dokumenty potwierdzające złożenie oferty należy doręczyć do 19 stycznia 2027 r. Wybór ofert "
        "nastąpi 1 marca 2027 r.",
        "2027-01-12 23:59",
        CALL,
        PILA,
    ),
    _s(
        "Termin składania ofert: do 15 grudnia 2026 r. (decyduje data wpływu do urzędu)\nTermin "
        "rozstrzygnięcia konkursu: 5 stycznia 2027 r.\nTermin realizacji zadań: 14 lutego – 10 grudnia "
        "2027 r.",
        "2026-12-15 15:00",
        CALL,
        TARNOWO,
    ),
    _s(
        "Wnioski w ramach konkursów na rok 2027 można składać do 15 grudnia 2026 roku do godz. 12.00 "
        "w Kancelarii Starostwa przy ul. Jackowskiego.\nOpublikowano: 24 listopada 2026",
        "2026-12-15 12:00",
        CALL,
        POWIAT_POZNAN,
    ),
    _s(
        "Właśnie wystartował nabór wniosków na 2027 rok. Oferty można składać do 15 grudnia 2026 r. "
        "Podpisanie umów planujemy w styczniu.",
        "2026-12-15 15:00",
        CALL,
        POWIAT_POZNAN,
    ),
    _s(
        "Otwarty konkurs ofert nr 44/2027\nNabór od 31.12.2026 do 21.01.2027 23:59\nWydział Zdrowia "
        "i Spraw Społecznych\nDotacje do 100 tys. PLN",
        "2027-01-21 23:59",
        CALL,
        NGO_POZNAN,
    ),
    _s(
        "Wnioski i uwagi do projektu planu oraz prognozy należy składać w dniach od 18 stycznia 2027 r. "
        "do 8 lutego 2027 r. osobiście w sekretariacie Biura, od poniedziałku do piątku w godzinach "
        "od 7.45 do 15.45.",
        "2027-02-08 23:59",
        CONSULTATION,
        BIP_WROCLAW,
    ),
    _s(
        "Kiedy konsultujemy?\n4–24 stycznia 2027 r.\nSpotkania konsultacyjne: 5.01.2027 r., g. 18.00, "
        "świetlica przy ul. Jerzmanowskiej.",
        "2027-01-24 23:59",
        CONSULTATION,
        WROCLAW_OSIEDLA,
    ),
    _s(
        "Formularz opinii można wypełnić w dniach 4–24 stycznia 2027 r.",
        "2027-01-24 23:59",
        CONSULTATION,
        WROCLAW_OSIEDLA,
    ),
    _s(
        "Konsultacje społeczne prowadzone będą w dniach od 28 stycznia do 18 lutego 2027 roku. W ramach "
        "konsultacji odbędą się spotkania w terminach: 04.02.2027 w godz. 17:00-18.00, 05.02.2027 "
        "w godz. 17:00-18.00.",
        "2027-02-18 23:59",
        CONSULTATION,
        OLAWA,
    ),
    _s(
        "Opinie do dokumentu będzie można przekazywać za pomocą formularza do dnia 18.02.2027 r. "
        "lub wyrazić je podczas spotkań.",
        "2027-02-18 23:59",
        CONSULTATION,
        OLAWA,
    ),
    _s(
        "Do 22 stycznia mieszkańcy mogą składać uwagi dotyczące projektu studium.",
        "2027-01-22 23:59",
        CONSULTATION,
        ECHO24,
    ),
    _s(
        "Instytut przesunął termin składania wniosków do czwartku 8 kwietnia 2027 r. do godz. 16:15. "
        "Od otwarcia konkursu 1 marca zorganizowano 32 spotkania informacyjne.",
        "2027-04-08 16:15",
        CALL,
        NIW_FIO,
    ),
    _s(
        "Dyrektor zdecydował o przesunięciu terminu składania ofert z 1 kwietnia na czwartek 8 kwietnia "
        "2027 roku.",
        "2027-04-08 15:00",
        CALL,
        NIW_FIO,
    ),
    _s(
        "Do godziny 16:15 w czwartek organizacje mogą wnioskować o wsparcie. Wyniki mają być znane "
        "do 1 maja.",
        None,
        CALL,
        TVP_FIO,
    ),
    _s(
        "Najważniejsze informacje:\n• termin składania ofert upływa 21 stycznia 2027 r. o 16.15,\n"
        "• projekty mogą być realizowane od 1 stycznia 2027 r. do 30 listopada 2028 r.",
        "2027-01-21 16:15",
        CALL,
        LECZNA,
    ),
    _s(
        "Termin składania uwag: od 25 stycznia 2027 r. do 24 lutego 2027 r. Sposób rozpatrzenia uwag "
        "zamieszczony zostanie po zakończeniu procedury.",
        "2027-02-24 23:59",
        CONSULTATION,
        SUSZA,
    ),
    _s(
        "Konsultacje społeczne projektu planu odbywają się od 15 stycznia 2027 r. do 15 lipca 2027 r. "
        "Potwierdzenie uczestnictwa w spotkaniu zostanie wysłane na tydzień przed nim.",
        "2027-07-15 23:59",
        CONSULTATION,
        STOPSUSZY,
    ),
    _s(
        "Termin zgłaszania uwag do projektu programu upłynął 29 marca 2026 roku. Otrzymaliśmy ponad "
        "130 uwag.",
        "2026-03-29 23:59",
        CONSULTATION,
        KPOWM,
    ),
    _s(
        "Projekt jest dostępny do zgłaszania uwag przez 21 dni, w terminie od 3 maja do 23 maja 2027 roku.",
        "2027-05-23 23:59",
        CONSULTATION,
        GIOS,
    ),
    _s(
        "Zapraszamy do udziału w konsultacjach poprzez wypełnienie formularza konsultacji.",
        None,
        CONSULTATION,
        GIOS,
    ),
    _s(
        "Uwagi do projektu można zgłaszać do 5 lutego 2027 r., a raport z konsultacji opublikujemy "
        "do 5 marca 2027 r.",
        "2027-02-05 23:59",
        CONSULTATION,
        GDANSK_2019,
    ),
    _s(
        "Zgłoszenia kandydatów na członków komisji konkursowej przyjmujemy do 11 stycznia 2027 r. "
        "Oferty należy składać do 22 stycznia 2027 r. do godz. 15:00.",
        "2027-01-22 15:00",
        CALL,
        TARNOWO,
    ),
)

# Sources of the fresh part, written after the held-out part's fixes.
LODZ_2021 = "https://bip.uml.lodz.pl/ostatnio-dodane/artykul/otwarty-konkurs-ofert-w-formie-powierzenia-realizacji-zadania-z-zakresu-profilaktyki-i-rozwiazywania-problemow-zwiazanych-z-uzywaniem-substancji-psych-id39066/2021/2/11/"
LODZ_2018 = "http://bip.uml.lodz.pl/ostatnio-dodane/artykul/otwarty-konkurs-ofert-w-formie-powierzenia-realizacji-zadania-z-zakresu-profilaktyki-i-rozwiazywania-problemow-zwiazanych-z-uzywaniem-alkoholu-w-rama-id20838/2018/6/6/"
LODZ_LCO = "https://uml.lodz.pl/ua/novini/artykul/56990/2022/12/28/"
LODZ_CONSULT = "https://uml.lodz.pl/konsultacje/zakonczone-konsultacje/2020-rok/jaki-wieloletni-program-wspolpracy-miasta-z-ngo-na-lata-2021-2023/"
LODZ_LOKALE = "https://uml.lodz.pl/en/aktualnosci/news/15743/2017/10/13/"
LODZKIE = "https://www.lodzkie.pl/kultura/organizacje-pozarzadowe-2019"
RADOMKA = "https://razemdlaradomki.pl/news-pl-761/"
TARNOW = "https://tarnow.pl./Dla-mieszkancow/Urzad-Miasta/Wspolpraca-z-NGO/Aktualnosci/PROO-5-edycja-2022"
MA_GROUP = "https://ma-group.com.pl/program-rozwoju-organizacji-obywatelskich-"
WOLOMIN = "https://wolomin.org/ruszyl-proo-program-rozwoju-organizacji-obywatelskich"
POWIAT_BYDGOSKI = "https://bip.powiat.bydgoski.pl/?a=12240"
BIALYSTOK_2023 = "https://www.cas.bialystok.pl/pl/aktualnosci/program-wspolpracy-miasta-bialystok-z-organizacjami-pozarzadowymi-oraz-podmiotami-o-ktorych-mowa-w-art-3-ust-3-ustawy-o-dzialalnosci-pozytku-publicznego-i-o-wolontariacie-na-2023-rok-projekt-uchwaly-do-konsultacji.html"
BIALYSTOK_2020 = "http://cas.bialystok.pl/pl/ofertamiastadlango/program-wspolpracy.html"
BIDON = "https://bidon.bialystok.pl/spotkanie-konsultacyjne-w-sprawie-programu-wspolpracy-miasta-bialystok-z-organizacjami-pozarzadowymi-oraz-innymi-podmiotami-prowadzacymi-dzialalnosc-pozytku-publicznego-na-2020-rok/"
BYDGOSZCZ = "https://strategia.bydgoszcz.pl/aktualnosci/informacja-o-konsultacjach-programu-wspolpracy-miasta-bydgoszczy-z-organizacjami-pozarzadowymi-wpis-archiwalny/"
GIETRZWALD_IL = "https://gietrzwald.pl/dla-mieszkanca/inicjatywa-lokalna"
LIDZBARK = "http://gminalidzbark.com/rusza-nabor-na-inicjatywe-lokalna/"
LEGNICKIE_POLE = "http://legnickiepole.pl/ochrona-brodowiska-mainmenu-40/59-aktualnopci/2748-inicjatywa-lokalna-dla-mieszkancow-gminy-legnickie-pole.html"

FRESH: Final[tuple[Sample, ...]] = (
    _s(
        "Zadanie: upowszechnianie sportu wśród dzieci, realizacja w terminie luty – grudzień 2027 r. "
        "Oferty należy składać do 3 marca 2027 r. do godz. 16.00 w Wydziale Zdrowia.",
        "2027-03-03 16:00",
        CALL,
        LODZ_2021,
    ),
    _s(
        "Załącznik Nr 1 do zarządzenia Nr 6484/VIII/27 Prezydenta Miasta z dnia 9 lutego 2027 r.\n"
        "Ogłoszenie\nOferty można składać do 2 marca 2027 r.",
        "2027-03-02 15:00",
        CALL,
        LODZ_2021,
    ),
    _s(
        "Termin realizacji zadania.\nOd dnia podpisania umowy, nie później niż do 14 grudnia 2027 r.",
        None,
        CALL,
        LODZ_2018,
    ),
    _s(
        "Termin realizacji zadania: od dnia podpisania umowy do 14 grudnia 2027 r. Termin składania "
        "ofert upływa 28 czerwca 2027 r.",
        "2027-06-28 15:00",
        CALL,
        LODZ_2018,
    ),
    _s(
        "Zarządzeniem Prezydenta z dnia 23 grudnia 2026 r. ogłoszono otwarty konkurs ofert na prowadzenie "
        "Centrum Obywatelskiego. Termin realizacji: od dnia 1 lutego 2027 r. do dnia 31 grudnia 2027 r.",
        None,
        CALL,
        LODZ_LCO,
    ),
    _s(
        "Nabór ofert na prowadzenie Centrum Obywatelskiego potrwa do 16 stycznia 2027 r. Termin "
        "realizacji: od 1 lutego 2027 r. do 31 grudnia 2027 r.",
        "2027-01-16 15:00",
        CALL,
        LODZ_LCO,
    ),
    _s(
        "TERMIN KONSULTACJI: 27 grudnia 2026 – 10 stycznia 2027 r.\nCelem konsultacji jest zebranie uwag "
        "do projektu programu współpracy.",
        "2027-01-10 23:59",
        CONSULTATION,
        LODZ_CONSULT,
    ),
    _s(
        "Prezydent ogłasza nabór wniosków w konkursie na użyczenie lokali dla organizacji. Wnioski "
        "składać można do dnia 5 stycznia br.",
        "2026-01-05 15:00",
        CALL,
        LODZ_LOKALE,
    ),
    _s(
        "Wnioski o użyczenie lokalu składać można do dnia 5 lutego 2027 r. Udział w konkursie mogą wziąć "
        "organizacje działające od co najmniej 3 lat.",
        "2027-02-05 15:00",
        CALL,
        LODZ_LOKALE,
    ),
    _s(
        "W dniu 28 maja 2027 r. Zarząd Województwa rozstrzygnął konkurs. Dokumenty należy dostarczyć "
        "w terminie 7 dni od daty ukazania się wyników, czyli do 4 czerwca 2027 r. do godziny 16:00.",
        None,
        CALL,
        LODZKIE,
    ),
    _s(
        "Data publikacji: 29.05.2027 r.\nLista podmiotów, które otrzymały dotację, jest w załączniku.",
        None,
        CALL,
        LODZKIE,
    ),
    _s(
        "Wnioski można składać od 4 lutego 2027 r. od godz. 15.00 do 4 marca 2027 r. do godz. 12.00 "
        "poprzez System Obsługi Dotacji. Dotacja może zostać przyznana na okres od 24 do 36 miesięcy.",
        "2027-03-04 12:00",
        CALL,
        RADOMKA,
    ),
    _s(
        "Nabór wniosków ma charakter ciągły: wnioski można składać od dnia 1 marca 2027 r. od godz. 14:00 "
        "do dnia 30 listopada 2027 r. do godz. 14:00. Pytania dotyczące konkursu można zadawać poprzez "
        "formularz kontaktowy.",
        "2027-11-30 14:00",
        CALL,
        TARNOW,
    ),
    _s(
        "Terminy aktualnych naborów:\nPROO 2a: do 8.03.2027 r.\nPROO 3: do 1.03.2027 r.",
        None,
        CALL,
        MA_GROUP,
    ),
    _s(
        "Organizatorem konkursu jest Narodowy Instytut Wolności, a zadania mogą być realizowane "
        "od 1 stycznia 2027 r. do 31 grudnia 2029 r.",
        None,
        CALL,
        WOLOMIN,
    ),
    _s(
        "W terminie trwania konsultacji, tj. od 17 stycznia do 1 lutego 2027 r., można wnieść uwagi do "
        "projektu Programu Współpracy.",
        "2027-02-01 23:59",
        CONSULTATION,
        POWIAT_BYDGOSKI,
    ),
    _s(
        "Wypełniony formularz należy złożyć w nieprzekraczalnym terminie do 1 lutego 2027r. za "
        "pośrednictwem poczty na adres: Starostwo Powiatowe, ul. Konarskiego 1-3 – liczy się data wpływu.",
        "2027-02-01 23:59",
        CONSULTATION,
        POWIAT_BYDGOSKI,
    ),
    _s(
        "W trakcie konsultacji organizacje składały opinie w terminie od 26 września do 6 października "
        "2026 r. Sprawozdanie z konsultacji znajduje się w załączniku.",
        "2026-10-06 23:59",
        CONSULTATION,
        BIALYSTOK_2023,
    ),
    _s(
        "Opinię do projektu uchwały można przekazać w terminie do 6 stycznia 2027 r. osobiście do Centrum "
        "Aktywności Społecznej przy ul. Św. Rocha 3 w dni robocze w godz. 07.30-16.00.",
        "2027-01-06 23:59",
        CONSULTATION,
        BIALYSTOK_2020,
    ),
    _s(
        "Konsultacje były prowadzone w terminie od 27 września do 6 października 2026 r. na podstawie "
        "uchwały Rady Miejskiej z dnia 25 października 2010 r.",
        "2026-10-06 23:59",
        CONSULTATION,
        BIALYSTOK_2020,
    ),
    _s(
        "Już 3 stycznia 2027 roku o godzinie 17:00 w siedzibie Centrum przy ul. Św. Rocha 3 odbędzie się "
        "spotkanie konsultacyjne w sprawie programu współpracy.",
        None,
        CONSULTATION,
        BIDON,
    ),
    _s(
        "Od 27 grudnia 2026 r. do 18 stycznia 2027 r. potrwają konsultacje projektu Programu współpracy "
        "Miasta z organizacjami pozarządowymi.",
        "2027-01-18 23:59",
        CONSULTATION,
        BYDGOSZCZ,
    ),
    _s(
        "Termin składania wniosków upływa 15 stycznia 2027r.\nWnioski należy składać w sekretariacie "
        "Urzędu Gminy, ul. Olsztyńska 2.",
        "2027-01-15 15:00",
        CALL,
        GIETRZWALD_IL,
    ),
    _s(
        "Wnioski można składać do dnia 26 lutego 2027 r. w Sekretariacie Urzędu Gminy lub w pokoju 35, "
        "ul. Krasickiego 1. Szczegóły w uchwale Rady Gminy z dnia 26 października 2012 r.",
        "2027-02-26 15:00",
        CALL,
        LIDZBARK,
    ),
    _s(
        "Zapraszamy mieszkańców do składania wniosków w ramach Inicjatywy Lokalnej. Nabór wniosków "
        "odbywa się przez cały rok.",
        None,
        CALL,
        LEGNICKIE_POLE,
    ),
    _s(
        "Nabór wniosków w ramach inicjatywy lokalnej trwa do 31 marca 2027 r., a ocena wniosków nastąpi "
        "do 30 kwietnia 2027 r.",
        "2027-03-31 15:00",
        CALL,
        LEGNICKIE_POLE,
    ),
    _s(
        "Oferty należy składać do 22 stycznia 2027 r. Oferty złożone po terminie nie będą rozpatrywane. "
        "Rozstrzygnięcie konkursu nastąpi do 19 lutego 2027 r.",
        "2027-01-22 15:00",
        CALL,
        LODZ_2021,
    ),
    _s(
        "Konsultacje trwają od 2 do 16 stycznia 2027 r. Spotkanie otwarte odbędzie się 9 stycznia 2027 r. "
        "o godz. 11:00.",
        "2027-01-16 23:59",
        CONSULTATION,
        BIDON,
    ),
    _s(
        "Termin składania ofert: 25 stycznia 2027 r., godz. 12:00. Planowany termin rozstrzygnięcia: "
        "luty 2027 r.",
        "2027-01-25 12:00",
        CALL,
        TARNOW,
    ),
    _s(
        "Wnioski przyjmujemy do 29.01.2027 r. Umowy zostaną zawarte do 15.03.2027 r.",
        "2027-01-29 15:00",
        CALL,
        RADOMKA,
    ),
)

# Sources of the unseen part, written after the fresh part's fixes.
OPOLSKIE = "https://bip.opolskie.pl/historia/487884"
OPOLSKIE_SPORT = "https://gaad.opolskie.pl/historia/483942"
OLSZTYN_J = "https://www.olsztyn-jurajski.pl/roczny-program-wspolpracy-gminy-olsztyn-z-organizacjami-pozarzadowymi-oraz-podmiotami-wymienionymi-w-art-3-ust-3-ustawy-o-dzialalnosci-pozytku-publicznego-i-o-wolontariacie-w-2023-roku-ko/"
RADIO_OPOLE = "https://radio.opole.pl/104,609540,kraj-i-swiat&dtx=&szukaj=&go=morelist&s=10"
MONEY = "https://www.money.pl/gospodarka/mozna-skladac-wnioski-o-pieniadze-z-funduszu-mlodziezowego-10-mln-zl-do-podzialu-6802815429130944a.html"
EURODESK = "https://www.eurodesk.pl/news/korpus-solidarnosci-ruszyl-pierwszy-nabor"
GOLENIOW = "https://www.powiat-goleniowski.pl/aktualnosci,tytul,8804.html"
OLKUSZ = "http://stowarzyszenie-klucz.pl/news/konsultacje-spoleczne-w-powiecie-olkuskim/"
ROPS_POMORSKIE = "https://rops.pomorskie.eu/-/konkurs-ofert-w-zakresie-dzialalnosci-na-rzecz-osob-niepelnosprawnych"
BCOPW = "https://bcopw.pl/wspolpraca/roczny-program-wspolpracy/"
SWIDWIN = "https://bip.powiatswidwinski.pl/bip/prawo-miejscowe/uchwaly-rady/vi-kadencja-2018-2023/uchwala-nr-xxxii-154-21-w-sprawie-uchwalenia-programu-wspolpracy-powiatu-swidwinskiego-z-organizacjami-pozarzadowymi-oraz-podmiotami-wymienionymi-w-art-3-ust-3-ustawy-o-dzialalnosci-pozytku-publicznego-i-o-wolontariacie-w-2022-roku"
PAFW = "https://9lib.org/document/yevnd5lr-regulamin-otwartego-konkursu.html"

UNSEEN: Final[tuple[Sample, ...]] = (
    _s(
        "HARMONOGRAM REALIZACJI KONKURSU:\nETAP KONKURSU | TERMIN KOŃCOWY\nSkładanie ofert | do 17.12.2026 r.\n"
        "Przeprowadzenie oceny formalnej i merytorycznej ofert | do 11.01.2027 r.*\n"
        "Rozstrzygnięcie konkursu | do 22.01.2027 r.*",
        "2026-12-17 15:00",
        CALL,
        OPOLSKIE,
    ),
    _s(
        "Składanie ofert: do 08.01.2027 r.\nOcena formalna i merytoryczna: do 08.02.2027 r.\n"
        "Rozstrzygnięcie konkursu: do 08.03.2027 r.",
        "2027-01-08 15:00",
        CALL,
        OPOLSKIE_SPORT,
    ),
    _s(
        "Szczegółowych informacji udziela Departament Sportu, ul. Żeromskiego 3, tel. 77 44 29 322.\n"
        "Data ważności: 17.12.2026",
        None,
        CALL,
        OPOLSKIE,
    ),
    _s(
        "W dniach 04.01.2027 – 18.01.2027 r. organizacje mogą wziąć udział w konsultacjach projektu "
        "Rocznego Programu Współpracy Gminy na 2027 rok.",
        "2027-01-18 23:59",
        CONSULTATION,
        OLSZTYN_J,
    ),
    _s(
        "Uwagi i opinie prosimy składać do 18 stycznia 2027 r. pocztą elektroniczną lub osobiście "
        "w Biurze Obsługi Interesanta, Plac Piłsudskiego 10.",
        "2027-01-18 23:59",
        CONSULTATION,
        OLSZTYN_J,
    ),
    _s(
        "Wnioski w pierwszej edycji programu można składać od czwartkowego popołudnia do 13 września "
        "2027 r. do godz. 16 przez system obsługi dotacji.",
        "2027-09-13 16:00",
        CALL,
        RADIO_OPOLE,
    ),
    _s(
        "Od czwartku, 19 sierpnia, można składać wnioski o wsparcie inicjatyw młodzieżowych. "
        "Rozstrzygnięć należy spodziewać się w ciągu kilku tygodni.",
        None,
        CALL,
        RADIO_OPOLE,
    ),
    _s(
        "Do kiedy można składać wnioski?\nWnioski o wsparcie można składać do 13 września br. do godz. "
        "16 przez internet.",
        "2026-09-13 16:00",
        CALL,
        MONEY,
    ),
    _s(
        "Do 17 marca 2027 r. Komisja czeka na zgłoszenia konsorcjów zainteresowanych współpracą. "
        "Termin nadsyłania zgłoszeń mija 17 marca 2027 r.",
        "2027-03-17 15:00",
        CALL,
        EURODESK,
    ),
    _s(
        "Ogólny budżet na współfinansowanie zgłoszonych ofert wynosi 14,2 mln euro. Dotacja nie "
        "przekroczy 95 proc. kosztów działania.",
        None,
        CALL,
        EURODESK,
    ),
    _s(
        "OTWARTY KONKURS OFERT „PARTNERSTWO DLA WOLONTARIATU” - 16.01.2027 r.\nDyrektor Instytutu "
        "ogłasza otwarty konkurs ofert. Oferty można składać do 6 lutego 2027 r. do godz. 16:00.",
        "2027-02-06 16:00",
        CALL,
        GOLENIOW,
    ),
    _s(
        "Na stronie Starostwa załączono projekt uchwały oraz formularz uwag wraz z danymi "
        "teleadresowymi.",
        None,
        CONSULTATION,
        OLKUSZ,
    ),
    _s(
        "Starosta ogłosił konsultacje projektu uchwały Rady Powiatu. Formularz uwag należy przesłać "
        "do 29 stycznia 2027 r.",
        "2027-01-29 23:59",
        CONSULTATION,
        OLKUSZ,
    ),
    _s(
        "Zarząd Województwa przyjął uchwałę w sprawie zlecenia realizacji zadania w roku 2027. "
        "Uchwała Sejmiku z dnia 30 marca 2026 roku określa zadania finansowane ze środków PFRON.",
        None,
        CALL,
        ROPS_POMORSKIE,
    ),
    _s(
        "Oferty w konkursie na zadania z zakresu rehabilitacji należy składać do 12 stycznia 2027 r. "
        "Realizacja zadań: od 1 marca do 30 listopada 2027 r.",
        "2027-01-12 15:00",
        CALL,
        ROPS_POMORSKIE,
    ),
    _s(
        "Dokument jest poddawany konsultacjom społecznym. KONSULTACJE PROJEKTU PROGRAMU NA 2027 R.: "
        "uwagi można zgłaszać od 1 do 21 stycznia 2027 r.",
        "2027-01-21 23:59",
        CONSULTATION,
        BCOPW,
    ),
    _s(
        "UCHWAŁA Nr XXXII/154/26 RADY POWIATU z dnia 28 października 2026 r. w sprawie uchwalenia "
        "Programu współpracy na 2027 rok.",
        None,
        CONSULTATION,
        SWIDWIN,
    ),
    _s(
        "Wnioski w konkursie grantowym przyjmujemy do 15 lutego 2027 r. do godz. 23:59. Decyzja "
        "fundatora o przyznanych dofinansowaniach jest ostateczna.",
        "2027-02-15 23:59",
        CALL,
        PAFW,
    ),
    _s(
        "Konkurs trwa od 10 stycznia do 7 lutego 2027 r. Organizacje mogą się ubiegać o środki na "
        "rozwój instytucjonalny.",
        "2027-02-07 15:00",
        CALL,
        PAFW,
    ),
    _s(
        "Granty zostaną przyznane do 30 kwietnia 2027 r., a projekty trzeba zrealizować do 31 grudnia "
        "2027 r.",
        None,
        CALL,
        PAFW,
    ),
    _s(
        "Termin składania ofert: 21 stycznia 2027 r. (czwartek), godz. 15:30. Oferty złożone po terminie "
        "nie będą rozpatrywane.",
        "2027-01-21 15:30",
        CALL,
        GOLENIOW,
    ),
    _s(
        "Nabór kandydatów na członków komisji konkursowej trwa do 14 stycznia 2027 r.",
        None,
        CALL,
        GOLENIOW,
    ),
    _s(
        "Propozycje zmian do projektu programu współpracy przyjmujemy do 20 stycznia 2027 r. włącznie.",
        "2027-01-20 23:59",
        CONSULTATION,
        BCOPW,
    ),
    _s(
        "Opinie do projektu można składać w dniach 7–21 stycznia 2027 r. w Biurze Rady.",
        "2027-01-21 23:59",
        CONSULTATION,
        OLSZTYN_J,
    ),
    _s(
        "Termin składania wniosków: 2027-02-26, godz. 12:00. Ogłoszenie wyników: 2027-03-31.",
        "2027-02-26 12:00",
        CALL,
        OPOLSKIE,
    ),
    _s(
        "Oferty należy składać w terminie 21 dni od dnia ukazania się ogłoszenia, tj. do dnia "
        "28 stycznia 2027 r.",
        "2027-01-28 15:00",
        CALL,
        GOLENIOW,
    ),
    _s(
        "Spotkanie konsultacyjne odbędzie się 12 stycznia 2027 r. o godz. 17:00; uwagi można zgłaszać "
        "do 19 stycznia 2027 r.",
        "2027-01-19 23:59",
        CONSULTATION,
        BCOPW,
    ),
    _s(
        "Wnioski o dofinansowanie należy składać wyłącznie przez generator do 10 lutego 2027 r. "
        "do godz. 16:15. Informacja o wynikach zostanie opublikowana do 31 marca 2027 r.",
        "2027-02-10 16:15",
        CALL,
        RADIO_OPOLE,
    ),
    _s("Termin naboru zgłoszeń: 4–25 stycznia 2027 r.", "2027-01-25 15:00", CALL, EURODESK),
    _s(
        "Do 22 stycznia 2027 r. przyjmujemy uwagi do projektu regulaminu konsultacji.",
        "2027-01-22 23:59",
        CONSULTATION,
        OLKUSZ,
    ),
)

# Sources of the last part, written after the unseen part's fixes.
KOSCIELISKO = "https://gminakoscielisko.pl/wazne-sprawy/7202.html"
DOBCZYCE = "https://www.dobczyce.pl/knsultacje-rocznego-programu-wspolpracy-gminy-dobczyce-z-organizacjami-pozarzadowymi.html"
LUBNIEWICE = "http://lubniewice.pl/konsultacje-projektu-rocznego-programu-wspolpracy-z-organizacjami-pozarzadowymi-na-2024-rok/"
KORNICA = "https://ugkornica.bit-sa.pl/pl/konsultacje_spoleczne/zaproszenie-do-udzialu-w-konsultacjach-spolecznych.html"
WODYNIE = "https://www.wodynie.eu/2023/08/zaproszenie-do-skladania-propozycji-do-rocznego-programu-wspolpracy-gminy-wodynie-z-organizacjami-pozarzadowymi-na-2024-rok-2/"
LUBOMIERZ = "https://lubomierz.pl/konsultacje-programu-wspolpracy-na-2023-rok.html?print=true"
GIZALKI = (
    "https://bip.gizalki.pl/299,ogloszenia-i-obwieszczenia-rok-2023?tresc=3633&fontsize=normal"
)
OPOCZNO = "https://przetargi.pl/swiadczenie_uslug_pocztowych_w_obrocie_krajowym_i_zagranicznym_w_zakresie_przyjmowania_przemieszc_1000552.html"

LAST: Final[tuple[Sample, ...]] = (
    _s(
        "Konsultacje zostaną przeprowadzone w okresie od 11 stycznia 2027 r. do 25 stycznia 2027 r. "
        "w formie wyrażenia opinii lub zgłoszenia uwag.",
        "2027-01-25 23:59",
        CONSULTATION,
        KOSCIELISKO,
    ),
    _s(
        "W czasie trwania konsultacji, w dniu 25.01.2027 r. (poniedziałek) o godz. 15:00 w Sali Obrad "
        "odbędzie się spotkanie podsumowujące konsultacje.",
        None,
        CONSULTATION,
        KOSCIELISKO,
    ),
    _s(
        "Opinie i uwagi można składać pocztą tradycyjną na adres: Urząd Gminy, ul. Nędzy Kubińca 101, "
        "z dopiskiem „Uwagi do Programu”, do 25 stycznia 2027 r.",
        "2027-01-25 23:59",
        CONSULTATION,
        KOSCIELISKO,
    ),
    _s(
        "Informujemy, że od 28.12.2026 r. do 11.01.2027 r. prowadzone będą konsultacje dotyczące "
        "uchwalenia Rocznego Programu Współpracy na rok 2027.",
        "2027-01-11 23:59",
        CONSULTATION,
        DOBCZYCE,
    ),
    _s(
        "Konsultacje odbywać się będą w formie pisemnych opinii przesłanych na adres Urzędu. Projekt "
        "uchwały wraz z Programem zamieszczono w załączniku.",
        None,
        CONSULTATION,
        DOBCZYCE,
    ),
    _s(
        "Na podstawie zarządzenia nr 291/2026 Burmistrza z dnia 27 grudnia 2026 r. przedstawiam projekt "
        "programu celem zaopiniowania. Termin zakończenia konsultacji ustala się na dzień 13 stycznia "
        "2027 r.",
        "2027-01-13 23:59",
        CONSULTATION,
        LUBNIEWICE,
    ),
    _s(
        "Termin przeprowadzenia konsultacji projektu uchwały:\nRozpoczęcie konsultacji – 05.01.2027 r.\n"
        "Zakończenie konsultacji – 19.01.2027 r.",
        "2027-01-19 23:59",
        CONSULTATION,
        KORNICA,
    ),
    _s(
        "Wypełnione formularze można składać w sekretariacie Urzędu od godz. 7.30 do godz. 15.30 lub "
        "przesłać pocztą elektroniczną w terminie przeprowadzania konsultacji.",
        None,
        CONSULTATION,
        KORNICA,
    ),
    _s(
        "Swoje propozycje prosimy kierować na adres e-mail gminy. Na propozycje oczekujemy do dnia "
        "31 stycznia br. Po ich analizie przygotujemy projekt Programu współpracy.",
        "2026-01-31 23:59",
        CONSULTATION,
        WODYNIE,
    ),
    _s(
        "Na propozycje do programu współpracy oczekujemy do dnia 29 stycznia 2027 r., a projekt "
        "zostanie poddany konsultacjom w lutym.",
        "2027-01-29 23:59",
        CONSULTATION,
        WODYNIE,
    ),
    _s(
        "- Konsultacje zostaną przeprowadzone w terminie od 05.01.2027 r. do 20.01.2027 r.\n- Uwagi "
        "i opinie należy składać pocztą elektroniczną lub w sekretariacie urzędu.",
        "2027-01-20 23:59",
        CONSULTATION,
        LUBOMIERZ,
    ),
    _s(
        "Uwagi dotyczące uchwały można zgłaszać pisemnie w sekretariacie lub e-mailem do dnia "
        "02.02.2027 r. do godz. 10.00. Projekt będzie przedmiotem rozpatrzenia na sesji Rady Gminy.",
        "2027-02-02 10:00",
        CONSULTATION,
        GIZALKI,
    ),
    _s(
        "Metryka\n- autor: Agata J.; data wytworzenia: 2027-01-23\n- opublikował: Sebastian K.; data "
        "publikacji: 2027-01-24 09:57",
        None,
        CONSULTATION,
        GIZALKI,
    ),
    _s(
        "Data zamieszczenia: 2027-01-14\nTermin składania ofert: 2027-01-29\nRodzaj zamówienia: usługi",
        "2027-01-29 15:00",
        CALL,
        OPOCZNO,
    ),
    _s(
        "Usługi świadczone będą w okresie od dnia 01.07.2027 r. do dnia 30.06.2029 r. Oferty należy "
        "składać do dnia 12.02.2027 r. do godz. 10:00.",
        "2027-02-12 10:00",
        CALL,
        OPOCZNO,
    ),
    _s(
        "Oferty należy składać do 12 lutego 2027 r., godz. 10:00, a otwarcie ofert nastąpi tego samego "
        "dnia o godz. 10:30.",
        "2027-02-12 10:00",
        CALL,
        OPOCZNO,
    ),
    _s("Otwarcie ofert nastąpi 12 lutego 2027 r. o godz. 10:30 w sali nr 3.", None, CALL, OPOCZNO),
    _s(
        "Zapraszamy organizacje do składania propozycji zadań do programu. Propozycje przyjmujemy do "
        "15 stycznia 2027 r. drogą mailową.",
        "2027-01-15 23:59",
        CONSULTATION,
        WODYNIE,
    ),
    _s(
        "Konsultacje projektu regulaminu trwają od 4 do 18 stycznia 2027 r. Uwagi złożone po terminie "
        "nie będą rozpatrywane.",
        "2027-01-18 23:59",
        CONSULTATION,
        LUBOMIERZ,
    ),
    _s(
        "Rozpoczęcie konsultacji: 7 stycznia 2027 r. Zakończenie konsultacji: 21 stycznia 2027 r., "
        "godz. 15:30.",
        "2027-01-21 15:30",
        CONSULTATION,
        KORNICA,
    ),
)

# Sources of the lead's part: a held-out set the lead wrote from sources the parts before it did
# not use (some were later also used there: KOLBUDY, OLSZTYN_J, NOWEFIO, RADOMKA, WILANOW).
POMORSKIE_2022 = "https://pomorskie.eu/ogloszenia-komunikaty/zaproszenie-do-konsultacji-wieloletniego-programu-wspolpracy-samorzadu-wojewodztwa-pomorskiego-z-organizacjami-pozarzadowymi-na-lata-2022-2025/"
RADZIEJOW = "https://www.radziejow.pl/1298,konsultacje-spoleczne-programu-wspolpracy-na-2024-rok"
ESWIP = "https://pozarzadowiec.eswip.pl/aktualnosci/314"
# The correction ("nie do 14, lecz do 21 grudnia") is the lead's variation on this page's notice.
KRUSZWICA = (
    "https://gminakruszwica.pl/news/rozpoczynamy-konsultacje-programu-wspolpracy-na-rok-2021"
)
SZCZYTNO = "https://powiatszczycienski.pl/2502,Przedluzenie-terminu-rozstrzygniecia-otwartego-konkursu-ofert-na-2016-r.html"
POWIAT_OLSZTYN = "https://powiat-olsztynski.pl/otwarty-konkurs-ofert-na-wykonanie-zadan-publicznych-zwiazany-ii.html"
POLKOWICE = "https://polkowice.eu/ogloszenia/tytul-konkurs-ofert-na-realizacje-zadan-publicznych-w-roku-2020/"
WNP_NIW = "https://www.wnp.pl/wiadomosci/narodowy-instytut-wolnosci-blisko-150-mln-zl-dla-organizacji-pozarzadowych,650834.html"
WOLKA = "https://wolka.pl/aktualnosci/n,203076,nowefio-2021-zachecamy-do-aplikowania.html"
OWES_SZCZECIN = (
    "https://owesszczecin.pl/2021/12/16/ruszyly-nabory-w-konkursach-dotacyjnych-nowefio-i-proo/"
)
BUDZET_KRAKOW = "https://budzet.krakow.pl/get_html.php?dok_id=235932"
OBYWATELSKI_KRAKOW = "https://obywatelski.krakow.pl/get_html.php?dok_id=276432"
DZIELNICA10_LAKI = "http://dzielnica10.krakow.pl/konsultacje-spoleczne-dotyczace-projektu-uchwaly-rady-miasta-krakowa-w-sprawie-ustanowienia-uzytku-ekologicznego-laki-na-klinach/"
DZIELNICA10_PROGRAM = "http://dzielnica10.krakow.pl/konsultacje-projektu-programu-wspolpracy-gminy-miejskiej-krakow-na-rok-2022-z-organizacjami-pozarzadowymi/"
BIP_KRAKOW_63671 = "https://bip.krakow.pl/?news_id=63671"
BIP_KRAKOW_76992 = "https://bip.krakow.pl/?news_id=76992"
BIP_KRAKOW_52023 = "https://www.bip.krakow.pl/?dok_id=52023"
RADIO5 = "https://radio5.com.pl/2026/02/pomagaja-siegac-po-granty"
EFS_SLASKIE = "https://efs.slaskie.pl/?grupa=2&art1=1322660602&art=1186994745&id_m=511"

LEAD: Final[tuple[Sample, ...]] = (
    _s(
        "Zapraszamy organizacje do konsultacji projektu programu współpracy na 2027 rok. Na Państwa uwagi czekamy do dnia 18 grudnia br., a po ich analizie przygotujemy projekt uchwały.",
        "2026-12-18 23:59",
        CONSULTATION,
        KOLBUDY,
    ),
    _s(
        "Uwagi do projektu programu można przekazywać w terminie od 7 do 21 grudnia 2026 r. na formularzu. Podpisany i zeskanowany formularz prosimy wysłać e-mailem w terminie do 21.12.2026 roku.",
        "2026-12-21 23:59",
        CONSULTATION,
        POMORSKIE_2022,
    ),
    _s(
        "Zapraszamy do konsultacji rocznego programu współpracy powiatu na 2027 rok. Opinie do dokumentu można składać do 15 grudnia 2026r. Po zakończeniu konsultacji dokument trafi pod obrady Rady Powiatu.",
        "2026-12-15 23:59",
        CONSULTATION,
        RADZIEJOW,
    ),
    _s(
        "W dniach 08.12.2026 – 22.12.2026 r organizacje pozarządowe mogą wziąć udział w konsultacjach projektu programu współpracy gminy.",
        "2026-12-22 23:59",
        CONSULTATION,
        OLSZTYN_J,
    ),
    _s(
        "Wojewoda przedstawił projekt programu współpracy na 2027 rok. Konsultacje dokumentu potrwają do 17 grudnia. Uwagi prosimy przesyłać pocztą elektroniczną.",
        "2026-12-17 23:59",
        CONSULTATION,
        ESWIP,
    ),
    _s(
        "Zarząd przyjął projekt programu współpracy na posiedzeniu w dniu 2 grudnia 2026 r. Konsultacje potrwają nie do 14 grudnia, jak podawaliśmy wcześniej, lecz do 21 grudnia 2026 r.",
        "2026-12-21 23:59",
        CONSULTATION,
        KRUSZWICA,
    ),
    _s(
        "Informujemy, że termin rozstrzygnięcia otwartego konkursu ofert na realizację zadań publicznych w 2027 r. z zakresu kultury i sportu został przedłużony do dnia 22 stycznia 2027 r.",
        None,
        CALL,
        SZCZYTNO,
    ),
    _s(
        "Zarząd Powiatu ogłasza otwarty konkurs ofert na zadania publiczne w 2027 roku. Oferty wraz z załącznikami należy złożyć w terminie do 8 stycznia 2027 r. w Starostwie Powiatowym, pl. Bema 5. Decyduje data wpływu.",
        "2027-01-08 15:00",
        CALL,
        POWIAT_OLSZTYN,
    ),
    _s(
        "Burmistrz ogłasza otwarty konkurs ofert na zadania publiczne w roku 2027, obejmujący pomoc społeczną i ochronę zdrowia. Oferty można składać do dnia 11 stycznia 2027 r.",
        "2027-01-11 15:00",
        CALL,
        POLKOWICE,
    ),
    _s(
        "Ruszył nabór w programie rozwoju organizacji obywatelskich. Wnioski przyjmowane są od 10 grudnia 2026 r. od godz. 15.00 do 12 stycznia 2027 r. do godz. 12.00 w systemie obsługi dotacji. Kolejne transze wyniosą 2 mln zł w 2028 r.",
        "2027-01-12 12:00",
        CALL,
        RADOMKA,
    ),
    _s(
        "Do 18 grudnia organizacje mogą składać wnioski w programie NOWEFIO. Natomiast 28 grudnia upływa termin naboru w programie wspierania uniwersytetów ludowych.",
        None,
        CALL,
        WNP_NIW,
    ),
    _s(
        "Zachęcamy do udziału w konkursie. Termin składania wniosków: 25 stycznia 2027 r. do godz. 14:00. Projekty mogą być realizowane od 1 marca 2027 do grudnia 2029.",
        "2027-01-25 14:00",
        CALL,
        WOLKA,
    ),
    _s(
        "Najważniejsze informacje: nabór ofert rozpocznie się w dniu 14 grudnia 2026 roku o godzinie 14.00; termin składania ofert upływa 18 stycznia 2027 r. o godzinie 14.00; projekty mogą być realizowane od 1 marca 2027 do 31 grudnia 2029 r.",
        "2027-01-18 14:00",
        CALL,
        OWES_SZCZECIN,
    ),
    _s(
        "Pytania można zadawać telefonicznie w dniach 07.12.2026 – 11.01.2027 w godz. 10:00-15:00. Termin składania ofert upływa 11 stycznia 2027 r. o godzinie 14.00. Oferty powinny być zrealizowane w terminie od 1 marca 2027 r. do 31 grudnia 2028 r.",
        "2027-01-11 14:00",
        CALL,
        NOWEFIO,
    ),
    _s(
        "Prezydent Miasta Krakowa zaprasza do udziału w trwających od 7 grudnia 2026 r. do 8 stycznia 2027 r. konsultacjach projektu uchwały. Uwagi należy przekazać na formularzu w nieprzekraczalnym terminie do 8 stycznia 2027 r.",
        "2027-01-08 23:59",
        CONSULTATION,
        BUDZET_KRAKOW,
    ),
    _s(
        "W okresie od 20 października do 10 listopada 2026 r. Wydział prowadził konsultacje projektu uchwały. Zorganizowano spotkanie 24 października 2026 r. w godz. od 16:00 do 17:00. Uwagi można było zgłaszać do 10 listopada 2026 r.",
        "2026-11-10 23:59",
        CONSULTATION,
        OBYWATELSKI_KRAKOW,
    ),
    _s(
        "Konsultacje prowadzone są na podstawie uchwały nr CXI/2904/18 Rady Miasta Krakowa z dnia 26 września 2018 r. Konsultacje przeprowadzane będą w dniach: 14 grudnia 2026 – 11 stycznia 2027 r. Spotkanie dla zainteresowanych odbędzie się 17 grudnia 2026 roku o godzinie 17.00.",
        "2027-01-11 23:59",
        CONSULTATION,
        DZIELNICA10_LAKI,
    ),
    _s(
        "Prezydent Miasta Krakowa ogłasza konsultacje projektu programu współpracy na rok 2027. Konsultacje odbywają się w terminie od 1 do 22 grudnia 2026 r., a ich realizatorem jest Wydział Polityki Społecznej i Zdrowia, ul. Dekerta 24.",
        "2026-12-22 23:59",
        CONSULTATION,
        DZIELNICA10_PROGRAM,
    ),
    _s(
        "Konsultacje odbywać się będą w dniach od 10.12.2026 do 23.12.2026 r. Wypełniony formularz należy dostarczyć w nieprzekraczalnym terminie do dnia 23.12.2026 r. (formularz według zarządzenia nr 2301 z dnia 10.10.2011).",
        "2026-12-23 23:59",
        CONSULTATION,
        BIP_KRAKOW_63671,
    ),
    _s(
        "Urząd Miasta zaprasza organizacje do konsultacji projektu uchwały w sprawie pomników przyrody. Konsultacje odbywać się będą w dniach od 09.12.2026 r. do 30.12.2026 r.",
        "2026-12-30 23:59",
        CONSULTATION,
        BIP_KRAKOW_76992,
    ),
    _s(
        "Ośrodek wsparcia organizuje kolejne szkolenie dla organizacji, które odbędzie się 16 grudnia. Drugi nabór wniosków o powierzenie grantów już trwa: urząd marszałkowski przyjmuje dokumenty do 14 stycznia.",
        "2027-01-14 15:00",
        CALL,
        RADIO5,
    ),
    _s(
        "Marszałek ogłasza konkurs zamknięty na projekty integracji społecznej. Wnioski o dofinansowanie można składać w godzinach od 7.30 do 15.30 w dniach od 14 grudnia 2026 r. do 15 stycznia 2027 r.",
        "2027-01-15 15:30",
        CALL,
        EFS_SLASKIE,
    ),
    _s(
        "Nabór od 01.12.2026 do 21.12.2026 23:59. Starostwo Powiatowe ogłasza otwarty konkurs ofert na prowadzenie punktu nieodpłatnej pomocy prawnej w 2027 r.",
        "2026-12-21 23:59",
        CALL,
        NGO_WEJHEROWO,
    ),
    _s(
        "Zasady konsultacji określa uchwała nr CXI/2904/18 Rady Miasta Krakowa z dnia 26 września 2018 r., a wzór formularza zarządzenie z dnia 22 września 2011 r., zmienione 10 października 2011 roku.",
        None,
        CONSULTATION,
        BIP_KRAKOW_52023,
    ),
    _s(
        "Lista ofert, które otrzymały dotacje, zostanie opublikowana do 29 stycznia 2027 r. Umowy z wyłonionymi organizacjami zostaną podpisane do 15 lutego 2027 r.",
        None,
        CALL,
        SZCZYTNO,
    ),
    _s(
        "Ofertę należy złożyć w generatorze do dnia 12 stycznia 2027 r. Potwierdzenie złożenia oferty, podpisane przez osoby upoważnione, należy dostarczyć do urzędu do 15 stycznia 2027 r.",
        "2027-01-12 15:00",
        CALL,
        POLKOWICE,
    ),
    _s(
        "Oferty przyjmuje kancelaria urzędu do 20 stycznia 2027 roku (do godz. 15.30). O zachowaniu terminu decyduje data wpływu oferty do urzędu.",
        "2027-01-20 15:30",
        CALL,
        ISSUE,
    ),
    _s(
        "Formularze można składać w Biurze m.st. Warszawy przy ul. Senatorskiej 27 lub mailowo, w terminie do 30 grudnia 2026 r. Konsultacje prowadzi Biuro Pomocy i Projektów Społecznych.",
        "2026-12-30 23:59",
        CONSULTATION,
        WILANOW,
    ),
    _s(
        "Termin składania ofert: 2027-01-22, godz. 12:00. Realizacja zadania: od 2027-03-01 do 2027-12-31.",
        "2027-01-22 12:00",
        CALL,
        NOWEFIO,
    ),
    _s(
        "Termin składania: 2027/01/18. Oferty złożone po terminie nie będą rozpatrywane.",
        "2027-01-18 15:00",
        CALL,
        ISSUE,
    ),
    _s(
        "Zgłoszenia przyjmujemy do 11 stycznia 2027 r. włącznie poprzez formularz online. Rozstrzygnięcie konkursu nastąpi w lutym 2027 r.",
        "2027-01-11 23:59",
        CALL,
        WOLKA,
    ),
    _s(
        "Zapraszamy na spotkanie informacyjne o funduszach dla organizacji, które odbędzie się 17 grudnia 2026 r. o godz. 17:00 w Centrum Obywatelskim przy ul. Reformackiej 3.",
        None,
        OTHER,
        BUDZET_KRAKOW,
    ),
)

# Sources of the wider part, none used by the parts before it.
GDANSK_BIP_KULTURA = "https://bip.gdansk.pl/urzad-miejski/konkursy/Ogloszenie-otwarcia-naboru-na-otwarty-konkurs-ofert-na-zadania-z-zakresu-kultury-sztuki-ochrony-dobr-kultury-i-dziedzictwa-narodowego-na-rok-2026,a,301608"
GDANSK_BIP_DOGRYWKA = "https://bip.gdansk.pl/urzad-miejski/konkursy/Ogloszenie-otwartego-konkursu-ofert-na-realizacje-zadan-publicznych-Miasta-Gdanska-okreslonych-w-Programie-wspolpracy-Miasta-Gdanska-z-organizacjami-pozarzadowymi-na-rok-2025-WRS-dogrywka-Domy-i-Kluby-sasiedzkie,a,281484"
GDANSK_KULTURA_2021 = "https://www.gdansk.pl/urzad-miejski/konkursy/ogloszenie-otwartego-konkursu-ofert-na-realizacje-zadan-z-zakresu-kultury-sztuki-ochrony-dobr-kultury-i-dziedzictwa-narodowego-okreslonych-w-programie-wspolpracy-miasta-gdanska-z-organizacjami-pozarzadowymi-na-rok-2021,a,194862"
GDANSK_2020 = "https://www.gdansk.pl/urzad-miejski/konkursy/konkurs-na-dzialania-kulturalne-na-rzecz-integracji-spolecznej-wyrownywania-szans-i-praw-czlowieka-2020,a,175241"
BRG_GDANSK = "https://www.brg.gda.pl/aktualnosci/rewitalizacja/2076-konkurs-dla-organizacji-pozarzadowych-w-ramach-rewitalizacji-spolecznej-2"
ECHO_RZESZOWA = "https://echorzeszowa.pl/konsultacje-projektu-strategii-rozwiazywania-problemow-spolecznych-miasta-rzeszowa-na-lata-2023-2030/"
RZESZOW24 = "https://rzeszow24.pl/konsultacje-w-sprawie-rpo-w-rzeszowie-polska-razem-apeluje-o-rozwage-film/?cm=1"
RESINET = "https://www.resinet.pl/aktualnosci/rzeszow/ruszyly-konsultacje-ws-zmiany-granic-rzeszowa.html?page_news-10=248"
BIALYSTOK_DOM_KULTURY = "https://www.bialystok.pl/pl/wiadomosci/otwarty-konkurs-ofert-na-realizacje-zadania-pn-dom-kultury-na-osiedlu-sloneczny-stok-w-latach-2022-2024.html"
BIALYSTOK_OSIEDLA = "https://www.bialystok.pl/pl/wiadomosci/otwarty-konkurs-ofert-pn-niskobudzetowe-projekty-osiedlowe-2.html"
BIALYSTOK_WKLADY_2024 = "https://cas.bialystok.pl/pl/aktualnosci/otwarty-konkurs-ofert-na-finansowanie-w-2024-roku-wkladow-wlasnych.html"
BIALYSTOK_WKLADY_2020 = "https://www.bialystok.pl/pl/wiadomosci/aktualnosci/wsparcie-organizacji-pozarzadowych-wklady-wlasne.html"
NGO_BIALYSTOK = "https://fundusze.ngo.pl/431397-otwarty-konkurs-ofert-na-realizacje-zadania-publicznego-polegajacego-na-powierzeniu-prowadzenia-punktow-przeznaczonych-na-udzielanie-nieodplatnej-pomocy-prawnej-lub-swiadczenie-nieodplatnego-poradnict-431397.html"
NOWOGRODEK = "https://nowogrodekpomorski.pl/aktualnosci/364-program-spolecznik-na-lata-2019-2021"
WSPARCIE_ES = (
    "http://wsparcie.es/2021/04/14/ogloszenie-naboru-w-konkursie-partnerstwo-dla-wolontariatu/"
)
LOWES = "https://lowes.lubuskie.org.pl/2022/06/"
NGO_COVID = "https://publicystyka.ngo.pl/wstrzymaniu-naboru-wnioskow-w-ramach-programu-covid-19"
PRAGA_PN = "http://praga-pn.waw.pl/page/25,aktualnosci.html?id=14134"
KEDZIERZYN = "https://kedzierzynkozle.pl/pl/aktualnosc/konsultacje-projektu-zmian-statutow-osiedli"
LODZ_STOKI = "https://uml.lodz.pl/konsultacje/zakonczone-konsultacje/2021-rok/jaka-propozycja-podzialu-jednostki-pomocniczej-miasta-lodzi-osiedla-stoki-sikawa-podgorze/"
OLSZTYN_HARMONOGRAM = "https://olsztyn.konsultacjejst.pl/konsultacje-spoleczne/017be3ab-a6c0-4ff8-915c-a79862cb53d2/017be3b0-c315-43e1-9db8-7edebab4bea1"
OLSZTYN_OBO = "https://konsultacje.olsztyn.eu/konsultacje-spoleczne/01814389-1fa3-4ac4-9530-75b03eecf39a/01814390-3417-47c2-b054-78bf2259478a"
DZIELNICA11_ANKIETA = "https://www.dzielnica11.krakow.pl/index.php/aktualnosci/aktualnosci-2022/108-porozmawiajmy-o-krakowie-spotkania-z-mieszkancami"
DZIELNICA11_RETENCJA = "http://dzielnica11.krakow.pl/aktual_pliki/2019-12-14-mikroretencja.html"
DZIELNICA8 = "https://dzielnica8.krakow.pl/aktualnosci/konsultacje-spoleczne-8/"
DZIELNICA15 = "http://dzielnica15.krakow.pl/category/aktualnosci/"
WARMIA_OKO = "https://invest.warmia.mazury.pl/jak-zlozyc-dokumenty/"
NGO_SLASKIE_SPORT = "https://fundusze.ngo.pl/399811-otwarty-konkurs-ofert-na-zadania-publiczne-wojewodztwa-slaskiego-w-dziedzinie-kultury-fizycznej-oraz-bezpieczenstwa-publicznego-realizowanych-w-terminie-od-01-02-2023-do-17-12-2023-roku.html"
GNIEZNO = "http://przemiany.gniezno.pl/szkolenie-dla-organizacji-pozarzadowych/"

WIDER: Final[tuple[Sample, ...]] = (
    _s(
        "Oferty konkursowe należy złożyć przez elektroniczny generator ofert, wybierając nabór na "
        "odpowiednie zadanie, w nieprzekraczalnym terminie do dnia 08.01.2027 roku do godziny 17.00. "
        "Potwierdzenie złożenia oferty należy złożyć w nieprzekraczalnym terminie do dnia 15.01.2027 r.",
        "2027-01-08 17:00",
        CALL,
        GDANSK_BIP_KULTURA,
    ),
    _s(
        "Ogłasza się otwarty konkurs ofert na realizację w roku 2027 zadań publicznych – dogrywka "
        "dla domów i klubów sąsiedzkich. Oferty można składać do 19 lutego 2027 r. do godziny 17.00.",
        "2027-02-19 17:00",
        CALL,
        GDANSK_BIP_DOGRYWKA,
    ),
    _s(
        "Od 4 stycznia rusza nabór wniosków do otwartego konkursu ofert na zadania z zakresu kultury. "
        "Termin elektronicznego składania wniosków upływa 25 stycznia, o godz. 16.00. Wygenerowane z "
        "systemu potwierdzenie złożenia oferty należy dostarczyć do dnia 28 stycznia do urzędu.",
        "2027-01-25 16:00",
        CALL,
        GDANSK_KULTURA_2021,
    ),
    _s(
        "Ofertę należy złożyć przez generator ofert w nieprzekraczalnym terminie do dnia 03.08.2026 "
        "roku do godziny 16.00.\nPotwierdzenie w wersji papierowej należy złożyć do dnia 06.08.2026 "
        "roku w siedzibie organizatora:\na) ZOM nr 1 ul. Partyzantów 74 - pokój nr 210,\nb) ZOM nr 3 "
        "ul. Nowe Ogrody 8/12 - pokój nr 40.",
        "2026-08-03 16:00",
        CALL,
        GDANSK_2020,
    ),
    _s(
        "Projekty powinny mieścić się w okresie od marca do grudnia 2027 roku. Termin składania ofert "
        "w systemie elektronicznym upływa 17 lutego 2027 roku (potwierdzenie papierowe należy złożyć "
        "do 18 lutego). Oferty zostaną rozpatrzone najpóźniej do dnia 26 lutego 2027 roku.",
        "2027-02-17 15:00",
        CALL,
        BRG_GDANSK,
    ),
    _s(
        "Konsultacje będą trwały od 11 do 25 stycznia 2027. Uwagi, które wpłyną po terminie, nie będą "
        "rozpatrywane. Raport z przebiegu konsultacji zostanie zamieszczony w BIP w terminie do 30 dni "
        "od daty ich zakończenia.",
        "2027-01-25 23:59",
        CONSULTATION,
        ECHO_RZESZOWA,
    ),
    _s(
        "Spotkanie konsultacyjne projektu programu odbędzie się w czwartek, 14 stycznia, w sali "
        "audytoryjnej urzędu o godz. 9:00. Udział należy potwierdzić telefonicznie nie później niż "
        "dwa dni przed spotkaniem.",
        None,
        CONSULTATION,
        RZESZOW24,
    ),
    _s(
        "W poniedziałek 11 stycznia rozpoczęły się konsultacje z mieszkańcami w sprawie zmiany granic "
        "miasta. Konsultacje potrwają do końca stycznia.",
        "2027-01-31 23:59",
        CONSULTATION,
        RESINET,
    ),
    _s(
        "Wypełnione ankiety konsultacyjne można złożyć w punktach obsługi mieszkańców lub w siedzibach "
        "rad osiedli. Konsultacje trwają do 31 stycznia 2027 r.",
        "2027-01-31 23:59",
        CONSULTATION,
        RESINET,
    ),
    _s(
        "Zarządzeniem Nr 1204/26 z 7 grudnia 2026 r. Prezydent Miasta ogłosił otwarty konkurs ofert "
        "na zadanie planowane do realizacji w latach 2027-2029. Oferty należy składać w wersji "
        "papierowej w nieprzekraczalnym terminie do dnia 30 grudnia 2026 r. do godz. 15.30, w "
        "zamkniętej kopercie z dopiskiem „Konkurs ofert w dziedzinie kultury”.",
        "2026-12-30 15:30",
        CALL,
        BIALYSTOK_DOM_KULTURY,
    ),
    _s(
        "Ofertę należy złożyć przez platformę internetową, następnie wydrukować, podpisać i złożyć w "
        "wersji papierowej najpóźniej w terminie do dnia 18 lutego 2027 r. do godz. 15.30. O "
        "zachowaniu terminu decyduje data wpływu oferty papierowej do urzędu.",
        "2027-02-18 15:30",
        CALL,
        BIALYSTOK_OSIEDLA,
    ),
    _s(
        "Termin składania ofert:\nI nabór - od 4 stycznia do 25 stycznia 2027 r. do godz. 15.30 dla "
        "zadań realizowanych od 15 lutego do 15 czerwca 2027 r.\nII nabór - od 10 maja do 31 maja "
        "2027 r. do godz. 15.30 dla zadań realizowanych od 15 czerwca do 31 grudnia 2027 r.",
        None,
        CALL,
        BIALYSTOK_WKLADY_2024,
    ),
    _s(
        "Do 5 lutego 2027 r. mogą składać swoje oferty organizacje, które chcą wziąć udział w konkursie "
        "na dofinansowanie wkładów własnych. Kwota na zadania realizowane od 1 marca do 31 grudnia "
        "2027 r. to 40 tys. zł. Oferty można składać do 5 lutego do godz. 15.30 przez platformę.",
        "2027-02-05 15:30",
        CALL,
        BIALYSTOK_WKLADY_2020,
    ),
    _s(
        "Nabór od 28.10.2026 do 18.11.2026 15:30\nDepartament Organizacyjny i Nadzoru\nŁączny budżet "
        "409,472 tys. PLN\nDotacje od 204,736 tys. do 204,736 tys. PLN",
        "2026-11-18 15:30",
        CALL,
        NGO_BIALYSTOK,
    ),
    _s(
        "Od 1 do 22 marca będzie trwał nabór w obu filarach programu grantowego. Organizacje oraz "
        "grupy nieformalne będą mogły składać wnioski na mikrodotacje do 4 tys. zł.",
        "2027-03-22 15:00",
        CALL,
        NOWOGRODEK,
    ),
    _s(
        "Do 27 stycznia trwa nabór ofert w regionalnej edycji konkursu „Partnerstwo dla "
        "Wolontariatu”. Tegoroczna edycja jest trzyletnia i obowiązuje do 2029 roku.",
        "2027-01-27 15:00",
        CALL,
        WSPARCIE_ES,
    ),
    _s(
        "Konferencja szkoleniowa dla osób działających w sporcie\nniedziela 4 lipca w godzinach 09:30 "
        "– 12:30\nzgłoszenia: https://forms.gle/przyklad\nUdział w konferencji jest bezpłatny.",
        None,
        OTHER,
        LOWES,
    ),
    _s(
        "W związku z wykorzystaniem dostępnej alokacji z dniem 30 listopada 2026 roku, o godz. 16:00 "
        "nastąpiło wstrzymanie naboru wniosków w programie wsparcia doraźnego. W trakcie naboru "
        "trwającego od 2 listopada wpłynęło 1200 wniosków.",
        None,
        CALL,
        NGO_COVID,
    ),
    _s(
        "Jak można wziąć udział w konsultacjach:\n• osobiście 18 stycznia 2027 roku, w godz. 08:00 – "
        "18:00 w punkcie konsultacyjnym w sali obsługi mieszkańców,\n• e-mailem na adres sekretariatu,"
        "\n• pocztą na adres urzędu dzielnicy.\nKonsultacje trwają do 22 stycznia 2027 r.",
        "2027-01-22 23:59",
        CONSULTATION,
        PRAGA_PN,
    ),
    _s(
        "Konsultacje rozpoczną się 18 stycznia i potrwają do 1 lutego. Przeprowadzone zostaną w formie "
        "zbierania opinii, uwag i wniosków. Za termin złożenia opinii uznaje się datę ich wpływu do "
        "urzędu.",
        "2027-02-01 23:59",
        CONSULTATION,
        KEDZIERZYN,
    ),
    _s(
        "TERMIN KONSULTACJI: 4 stycznia do 15 lutego 2027 r.\nCelem konsultacji jest uzyskanie od "
        "mieszkańców opinii, uwag i wniosków na temat podziału osiedla.",
        "2027-02-15 23:59",
        CONSULTATION,
        LODZ_STOKI,
    ),
    _s(
        "Harmonogram\nKonsultacje będą przeprowadzone w terminie od dnia 14 grudnia 2026 r. do 15 "
        "stycznia 2027 r. na obszarze miasta.\nW konsultacjach uczestniczą podmioty wymienione w § 25 "
        "uchwały nr XXVII/474/25 z dnia 26 listopada 2025 roku w sprawie przyjęcia programu współpracy.",
        "2027-01-15 23:59",
        CONSULTATION,
        OLSZTYN_HARMONOGRAM,
    ),
    _s(
        "Harmonogram\nI spotkanie warsztatowe\n12 stycznia 2027 r. godz. 17.00 - Ratusz, sala 119\n"
        "II spotkanie warsztatowe\n19 stycznia 2027 r. godz. 17.00 - Ratusz, sala 119\nWnioski, uwagi, "
        "opinie\n20 stycznia - 10 lutego 2027 r.\nZbieranie opinii od mieszkańców pod adresem e-mail.",
        "2027-02-10 23:59",
        CONSULTATION,
        OLSZTYN_OBO,
    ),
    _s(
        "Anonimowa ankieta skierowana jest do mieszkańców południowych dzielnic. Ankietę można wypełnić "
        "w terminie do 29 stycznia 2027 r. na stronie internetowej lub w punktach stacjonarnych. Wyniki "
        "zostaną omówione na spotkaniach:\n• 12 lutego, Centrum Kultury, ul. Sokolska 13\n• 19 lutego, "
        "Szkoła Podstawowa nr 148, ul. Żabia 20",
        "2027-01-29 23:59",
        CONSULTATION,
        DZIELNICA11_ANKIETA,
    ),
    _s(
        "OGŁOSZENIE\nWydział Kształtowania Środowiska zaprasza do wzięcia udziału w konsultacjach "
        "społecznych dotyczących projektu uchwały w sprawie dotacji na mikroretencję wód opadowych.\n"
        "Konsultacje społeczne przeprowadzone zostaną na podstawie uchwały nr CXI/2904/18 Rady Miasta "
        "Krakowa z dnia 26 września 2018 r.\nKonsultacje odbywać się będą w okresie od 21 grudnia "
        "2026 r. do 22 stycznia 2027 r.\nW ramach konsultacji odbędzie się:\n1. otwarte spotkanie z "
        "mieszkańcami 12 stycznia 2027 r., godz. 16 - 18 w siedzibie wydziału, ul. Bracka 10,\n2. "
        "dyżur ekspercki 19 stycznia 2027 r., godz. 16 - 18, ul. Bracka 10.\nProjekt uchwały wraz z "
        "formularzem konsultacyjnym dostępne są:\n• na stronie internetowej www.dialoguj.pl,\n• w "
        "wersji papierowej w siedzibie wydziału w okresie trwania konsultacji.\nWypełnione formularze "
        "można przesyłać pocztą elektroniczną lub składać osobiście.",
        "2027-01-22 23:59",
        CONSULTATION,
        DZIELNICA11_RETENCJA,
    ),
    _s(
        "Wydział Polityki Społecznej w dniu 7 grudnia rozpoczął konsultacje społeczne dotyczące "
        "projektu uchwały w sprawie wyznaczenia obszaru aglomeracji. Konsultacje przeprowadzone zostaną "
        "na podstawie uchwały nr CXI/2904/18 Rady Miasta Krakowa z dnia 26 września 2018 r.",
        None,
        CONSULTATION,
        DZIELNICA8,
    ),
    _s(
        "Konsultacje są prowadzone przez Wydział ds. Turystyki.\nKonsultacje trwają w okresie od 4 do "
        "25 stycznia 2027 r.\nSpotkanie online z ekspertami\nZarząd Zieleni Miejskiej w najbliższy "
        "poniedziałek, tj. 14 grudnia o godzinie 16:30 organizuje spotkanie online. Wymagane zapisy!",
        "2027-01-25 23:59",
        CONSULTATION,
        DZIELNICA15,
    ),
    _s(
        "Nabór ofert do otwartego konkursu „OKO Promocji” na realizację w 2027 roku zadań publicznych "
        "odbywa się poprzez platformę internetową i potrwa do 12 lutego 2027 r. Rozstrzygnięcie – wybór "
        "ofert, które otrzymają dotację – zaplanowane zostało do 30 kwietnia 2027 r.",
        "2027-02-12 15:00",
        CALL,
        WARMIA_OKO,
    ),
    _s(
        "Otwarty konkurs ofert na zadania publiczne województwa w dziedzinie kultury fizycznej "
        "realizowanych w terminie od 01.02.2027 do 17.12.2027 roku\nNabór od 01.12.2026 do 23.12.2026 "
        "16:00\nDepartament Sportu\nŁączny budżet 7,442 mln PLN",
        "2026-12-23 16:00",
        CALL,
        NGO_SLASKIE_SPORT,
    ),
    _s(
        "W Centrum Kształcenia Zawodowego 16 listopada odbyło się spotkanie szkoleniowe dla organizacji "
        "pozarządowych. Na tydzień przed szkoleniem organizatorzy zamknęli listę zgłoszeń. Kolejne "
        "spotkanie planowane jest wiosną.",
        None,
        OTHER,
        GNIEZNO,
    ),
)

# Sources of the farther part, written after the wider part's fixes; none used before.
MASZGLOS_25 = "https://www.maszglos.pl/aktualnosci/post25/"
MAZOWSZE_LOKALNIE = "https://mazowszelokalnie.pl/przedluzenie-terminu-naboru/"
MASZGLOS_575 = "https://www.maszglos.pl/aktualnosci/post575/"
OSIEK = "http://osiek.pl/index.php/component/content/article/1919-oferty30032018"
KOWALE_OLECKIE = "https://kowaleoleckie.eu/strona-270-uniewaznienie_otwartego_konkursu_ofert.html"
KONIUSZA = "https://koniusza.pl/2022/05/30/zarzadzenie-nr-40-2022-wojta-gminy-koniusza-z-dnia-27-maja-2022-roku-w-sprawie-uniewaznienia-otwartego-konkursu-ofert-na-realizacje-zadan-publicznych-w-gminie-koniusza-w-2022-roku-przez-organi/"
ZEMBRZYCE = "https://zembrzyce.pl/gmina/wspolpraca-z-ngo/otwarte-konkursy-ofert/674-uniewaznienieotwartego-konkursu-ofert-na-realizacje-zadan-publicznych-w-zakresie-ochrony-i-promocji-zdrowia-na-rok-2023"
SWIDWIN = "https://bip.powiatswidwinski.pl/index.php?id=238496"
SWIDWIN_PROGRAM = "https://bip.powiatswidwinski.pl/bip/prawo-miejscowe/uchwaly-rady/vi-kadencja-2018-2023/uchwala-nr-xxxii-154-21-w-sprawie-uchwalenia-programu-wspolpracy-powiatu-swidwinskiego-z-organizacjami-pozarzadowymi-oraz-podmiotami-wymienionymi-w-art-3-ust-3-ustawy-o-dzialalnosci-pozytku-publicznego-i-o-wolontariacie-w-2022-roku"
SWIECIE = "https://moj.powiat.pl/ogloszenie-o-uniewaznieniu-otwartego-konkursu-ofert-nr-6-na-realizacje-zadania-publicznego-w-zakresi-38291373.html"
KOSAKOWO = "https://gminakosakowo.pl/aktualnosci/konsultacje-spoleczne-fundusze-europejskie-dla-pomorza-2021-2027/"
PROP_POMORSKIE = "http://prop.pomorskie.pl/aktualnosci/konsultacje-programu-wspolpracy-samorzadu-wojewodztwa-pomorskiego-z-organizacjami-pozarzadowymi-na-rok-2019/"
CDS_ANKIETA = "http://limesurvey.cds.krakow.pl/index.php/895612?newtest=Y"
DZIELNICA6 = "http://dzielnica6.krakow.pl/news/show/511-projekt-prezydenta-miasta-krakowa/"
SZEMUD = "http://szemud.pl/artykuly/konsultacje-w-sprawie-programu-wspolpracy-z-ngo-na-rok-2014-3/"
RCAS_SLASKIE = "https://rcas.slaskie.pl/content/1386228824?page=6"
ANDERS = "https://instytutandersa.org.pl/2023/08/02/trwa-program-stypendialny-aktywni-dla-polski/"
WZMOCNIJ = "https://wzmocnijotoczenie.pl/2021/09/ostatnia-szansa-na-dofinansowanie-w-ramach-wzmocnij-swoje-otoczenie/"
OPOLSKIE_PRZESTRZEN = "https://przestrzen.opolskie.pl/konkurs-na-najlepsza-przestrzen-publiczna-wojewodztwa-opolskiego-2/przestrzen-publiczna/edycja-biezaca/informacje/"
SEROCK = "https://www.serock.pl/4763,2023?fontsize=normal"
MUZEUM1939 = "https://muzeum1939.pl/node/5828"
NATURA_KONKURS = "http://docplayer.pl/6159103-Regulamin-konkursu-natura-naturalna-inspiracja.html"
NAREW = "https://www.narew.info/artykul/33532,rusza-iii-edycja-konkursu-nagradzamy-ngo"
MISJA = "https://misja.com.pl/podziekowanie-za-udzial-w-konsultacjach-spolecznych/"
# Dates in words and a weekday before the date: forms the brief for this part asked for; no
# page with them turned up in the search, so these texts have no page of their own.
BRIEF_FORMS = "the brief for the farther part: dates in words, a weekday before the date"

FARTHER: Final[tuple[Sample, ...]] = (
    _s(
        "W związku z licznymi prośbami termin realizacji pierwszego zadania akcji został przedłużony "
        "do 21 stycznia. 21 stycznia jest jednocześnie ostatecznym i nieprzekraczalnym terminem "
        "przesyłania wniosków w konkursie na mikrogranty. Kopię deklaracji należy wysłać do fundacji "
        "do 29 stycznia.",
        "2027-01-21 15:00",
        CALL,
        MASZGLOS_25,
    ),
    _s(
        "Z uwagi na obecną sytuację przesuwamy termin składania wniosków. Nowy termin składania fiszek "
        "projektowych to 8 lutego 2027 roku godz. 12:00.",
        "2027-02-08 12:00",
        CALL,
        MAZOWSZE_LOKALNIE,
    ),
    _s(
        "Konkurs grantowy – dogrywka. Plan działania i budżet prosimy przesyłać mailem do dnia 25 "
        "stycznia. Decyzja komisji zostanie ogłoszona do dnia 31 stycznia.",
        "2027-01-25 15:00",
        CALL,
        MASZGLOS_575,
    ),
    _s(
        "Zarządzenie Nr 93/2026 Wójta Gminy z dnia 30 listopada 2026 roku w sprawie unieważnienia "
        "otwartego konkursu ofert.\n§ 1. Unieważniam otwarty konkurs ofert na realizację zadania z "
        "zakresu działalności na rzecz osób niepełnosprawnych, gdyż w określonym w ogłoszeniu terminie "
        "nie wpłynęła żadna oferta.",
        None,
        CALL,
        OSIEK,
    ),
    _s(
        "Uzasadnienie\nW dniu 5 listopada 2026 roku Wójt Gminy ogłosił otwarty konkurs ofert na "
        "organizację imprez związanych z promocją dziedzictwa kulturowego.\nTermin składania ofert - "
        "27 listopada 2026 roku do godz. 15:00. We wskazanym terminie nie wpłynęła żadna oferta, "
        "dlatego unieważnia się otwarty konkurs ofert.",
        None,
        CALL,
        KOWALE_OLECKIE,
    ),
    _s(
        "§ 1\n1. Unieważniam otwarty konkurs ofert na realizację zadań publicznych w zakresie kultury "
        "w roku 2027, ogłoszony zarządzeniem nr 88/2026 z dnia 2 listopada 2026 roku.\n2. W terminie "
        "składania ofert tj. do 25 listopada 2026 r. do godz. 15:00 nie wpłynęła żadna oferta.",
        None,
        CALL,
        KONIUSZA,
    ),
    _s(
        "Unieważnia się otwarty konkurs ofert ogłoszony Zarządzeniem Wójta Nr 156/2026 z dnia "
        "06.11.2026 r. Przyczyna unieważnienia: jedyna złożona oferta nie spełniła wymogów zawartych w "
        "ogłoszeniu.",
        None,
        CALL,
        ZEMBRZYCE,
    ),
    _s(
        "Na otwarty konkurs ofert na powierzenie zadań publicznych w 2027 roku (uchwała z dnia 13 "
        "listopada 2026 r.) wpłynęły dwie oferty. Żadna z nich nie spełnia warunków formalnych. W dniu "
        "4 grudnia 2026 r. Zarząd Powiatu podjął uchwałę w sprawie unieważnienia konkursu.",
        None,
        CALL,
        SWIDWIN,
    ),
    _s(
        "§ 1. Unieważnia się otwarty konkurs ofert Nr 6 w zakresie ekologii i ochrony zwierząt "
        "ogłoszony uchwałą Zarządu Powiatu z dnia 19 listopada 2026 r.\n§ 2. Uchwała wchodzi w życie z "
        "dniem podjęcia.",
        None,
        CALL,
        SWIECIE,
    ),
    _s(
        "Do 15 stycznia trwają konsultacje społeczne projektu programu regionalnego. Osoby, które "
        "chciałyby złożyć uwagi do dokumentu, zachęcamy do wypełnienia formularza konsultacyjnego.",
        "2027-01-15 23:59",
        CONSULTATION,
        KOSAKOWO,
    ),
    _s(
        "Więcej informacji, w tym tekst programu i formularz do zgłaszania uwag, dostępne są pod "
        "linkiem na stronie samorządu województwa.",
        None,
        CONSULTATION,
        KOSAKOWO,
    ),
    _s(
        "Marszałek Województwa zaprasza organizacje pozarządowe do konsultacji projektu programu "
        "współpracy na rok 2027.\nProjekt programu dostępny jest:\n • na stronach internetowych "
        "urzędu;\n • w Biuletynie Informacji Publicznej urzędu;\n • w biurze ds. współpracy z "
        "organizacjami pozarządowymi, ul. Okopowa 21/27, p. 330, w godzinach od 7.45 do 15.45.\nUwagi "
        "i opinie można zgłaszać elektronicznie w terminie od 14 grudnia 2026 r. do 8 stycznia 2027 r. "
        "za pomocą formularza oraz podczas spotkań konsultacyjnych:\n • 17.12.2026 r. Kartuzy – godz. "
        "15.00, siedziba straży pożarnej, ul. 3 Maja 16A;\n • 18.12.2026 r. Debrzno – godz. 10.00, "
        "ul. Ogrodowa 26.\nWypełniony, podpisany i zeskanowany formularz należy przesłać na adres "
        "e-mail w terminie do 08.01.2027 roku, do godziny 15.45.\nOsobami do kontaktu są pracownicy "
        "biura.",
        "2027-01-08 15:45",
        CONSULTATION,
        PROP_POMORSKIE,
    ),
    _s(
        "Aby poznać opinie seniorów, od 1 lutego do 1 marca 2027 r. prowadzimy konsultacje społeczne. "
        "Jednym z elementów konsultacji jest formularz opinii on-line. Formularz jest anonimowy i "
        "aktywny do 26 lutego 2027. Formularz należy wypełnić w całości za jednym razem.",
        None,
        CONSULTATION,
        CDS_ANKIETA,
    ),
    _s(
        "Konsultacje odbywać się będą w okresie od 15 stycznia 2027 r. do 5lutego 2027 r.\nW ramach "
        "konsultacji odbędzie się:\n1. otwarte spotkanie z mieszkańcami 25 stycznia 2027 r., godz. "
        "16 – 18 w siedzibie wydziału, ul. Bracka 10\n2. dyżur konsultacyjny 3 lutego 2027 r., godz. "
        "16 – 18",
        "2027-02-05 23:59",
        CONSULTATION,
        DZIELNICA6,
    ),
    _s(
        "Rada Działalności Pożytku Publicznego zaprasza organizacje do konsultacji projektu rocznego "
        "programu współpracy na rok 2027. Zapraszamy do udziału w spotkaniach konsultacyjnych, które "
        "odbędą się 15 grudnia w Gdańsku, 16 grudnia w Chojnicach i 17 grudnia w Słupsku.",
        None,
        CONSULTATION,
        SZEMUD,
    ),
    _s(
        "Zarząd Województwa uchwałą z dnia 1 grudnia 2026 roku przyjął sprawozdanie z przebiegu i "
        "wyników konsultacji społecznych wraz z propozycją rozstrzygnięcia nadesłanych uwag do "
        "projektu strategii transportu.",
        None,
        CONSULTATION,
        RCAS_SLASKIE,
    ),
    _s(
        "Wtorek 1 grudnia\nO pozyskiwaniu funduszy na działalność organizacji opowiadał dziś podczas "
        "szkolenia z fundraisingu pracownik naukowy uczelni. Uczestnicy szkolenia wypełniali formularze "
        "online o przygotowaniu ich organizacji do zbierania funduszy.",
        None,
        OTHER,
        ANDERS,
    ),
    _s(
        "Przedłużamy termin zgłoszeń III tury naboru do 7 stycznia 2027!\nTo ostatnia szansa na "
        "dofinansowanie w programie. O grant w kwocie do 20 tys. zł mogą ubiegać się samorządy oraz "
        "organizacje pozarządowe.\nCzas na zgłoszenia mija 7 stycznia!",
        "2027-01-07 15:00",
        CALL,
        WZMOCNIJ,
    ),
    _s(
        "Harmonogram tegorocznej edycji konkursu:\n• ogłoszenie konkursu: 4 grudnia 2026 r.\n• "
        "zgłoszenia do konkursu: do 29 stycznia 2027 r.\n• ocena formalna zgłoszeń: luty 2027 r.\n• "
        "głosowanie internautów: 15-21 marca 2027 r.\n• rozstrzygnięcie konkursu, ogłoszenie wyników: "
        "26 kwietnia 2027 r.",
        "2027-01-29 15:00",
        OTHER,
        OPOLSKIE_PRZESTRZEN,
    ),
    _s(
        "Wnioski (formularz dostępny poniżej) można składać od 4 stycznia. Zakończenie przyjmowania "
        "wniosków nastąpi w momencie wyczerpania środków.",
        None,
        CALL,
        SEROCK,
    ),
    _s(
        "I ETAP KONKURSU\n1.\nTermin składania wniosków o wyjaśnienie treści regulaminu\ndo\n"
        "22.01.2027 r.\n2.\nTermin składania wniosków o dopuszczenie do udziału w konkursie\ndo\n"
        "29.01.2027 r.\ndo godziny\n12:00\n3.\nTermin składania opracowań studialnych\nszacowany "
        "termin\n02.04.2027 r.\n4.\nOgłoszenie wyników konkursu\nszacowany termin\n14.05.2027",
        "2027-01-29 12:00",
        OTHER,
        MUZEUM1939,
    ),
    _s(
        "Konkurs rozpocznie się w dniu 4 stycznia 2027 r. Zgłoszenia uczestników do konkursu będą "
        "przyjmowane do 30 kwietnia 2027 r. (decyduje data stempla pocztowego). Rozstrzygnięcie "
        "konkursu nastąpi do dnia 31 maja 2027 r.",
        "2027-04-30 15:00",
        OTHER,
        NATURA_KONKURS,
    ),
    _s(
        "Formularz zgłoszeniowy z dopiskiem „NGO – Nagroda Marszałka” należy przesłać na adres urzędu "
        "lub złożyć osobiście w kancelarii. Każdy może zgłosić jedną kandydaturę w każdej kategorii.",
        None,
        OTHER,
        NAREW,
    ),
    _s(
        "Biuro Pomocy i Projektów Społecznych przekazało dziś podziękowania organizacjom oraz "
        "mieszkańcom za udział w konsultacjach dotyczących otwarcia punktu pierwszego kontaktu. Raport "
        "z konsultacji można przeczytać na stronie urzędu.",
        None,
        CONSULTATION,
        MISJA,
    ),
    _s(
        "UCHWAŁA Nr XXXII/154/26 RADY POWIATU z dnia 29 października 2026 r. w sprawie uchwalenia "
        "programu współpracy z organizacjami pozarządowymi w 2027 roku\nNa podstawie art. 12 pkt 11 "
        "ustawy z dnia 5 czerwca 1998 roku o samorządzie powiatowym (tj. Dz. U. z 2025 r. poz. 920 ze "
        "zm.) oraz art. 5a ust. 1 ustawy z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego "
        "i o wolontariacie (t.j. Dz.U. z 2025 r. poz. 1057 ze zm.), uchwala się, co następuje:\n§1. "
        "Uchwala się program współpracy powiatu z organizacjami pozarządowymi w 2027 roku.\n§2. "
        "Ilekroć w programie jest mowa o:\n1. Powiecie – należy przez to rozumieć Powiat,\n2. Radzie "
        "Powiatu – należy przez to rozumieć Radę Powiatu,\n3. ustawie – należy przez to rozumieć ustawę "
        "z dnia 24 kwietnia 2003 r. o działalności pożytku publicznego i o wolontariacie,\n4. "
        "konkursie – należy przez to rozumieć otwarty konkurs ofert, zgodnie z art. 11 ustawy.\n§3. "
        "Program obowiązuje od 1 stycznia do 31 grudnia 2027 r.",
        None,
        CALL,
        SWIDWIN_PROGRAM,
    ),
    _s(
        "Zgłoszenia na szkolenie z pisania wniosków przyjmujemy do pierwszego lutego. Liczba miejsc "
        "jest ograniczona.",
        "2027-02-01 15:00",
        OTHER,
        BRIEF_FORMS,
    ),
    _s(
        "Konsultacje potrwają do piętnastego stycznia 2027 roku; uwagi prosimy przesyłać e-mailem.",
        "2027-01-15 23:59",
        CONSULTATION,
        BRIEF_FORMS,
    ),
    _s(
        "Nabór wniosków potrwa do piątku 15 stycznia 2027 r., do godz. 12:00.",
        "2027-01-15 12:00",
        CALL,
        BRIEF_FORMS,
    ),
    _s(
        "W piątek 22 stycznia o 14:00 upływa czas na składanie ofert w konkursie grantowym.",
        "2027-01-22 14:00",
        CALL,
        BRIEF_FORMS,
    ),
    _s(
        "Oferty w konkursie przyjmujemy do dwudziestego ósmego stycznia 2027 r. do godz. 15:30.",
        "2027-01-28 15:30",
        CALL,
        BRIEF_FORMS,
    ),
)

CORPUS: Final = TUNING + HELD_OUT + FRESH + UNSEEN + LAST + LEAD + WIDER + FARTHER
