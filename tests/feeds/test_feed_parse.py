"""Parsing feed bytes: each format, the bozo policy, HTML pages, and no fetching of anything."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import bot.feeds.parse as parse_module
from bot.feeds.content import to_telegram_html
from bot.feeds.parse import FeedEntry, parse_feed
from tests.feeds_server import FIXTURES, FeedServer, entity_bomb_doctype, fixture

FEED_URL = "https://ngo.krakow.pl/feed/aktualnosci.rss"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def rss(items: str, head: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{head}\n<rss version="2.0"><channel>'
        f"<title>Gmina</title><link>https://gmina.pl/</link>{items}</channel></rss>"
    ).encode()


async def test_rss2_city_feed_gives_its_items_in_order() -> None:
    feed = await parse_feed(fixture("krakow_rss20.xml"), FEED_URL)
    assert (feed.problem, feed.title) == (None, "Aktualności – Kraków dla NGO")
    assert (feed.link, feed.ttl_minutes) == ("https://ngo.krakow.pl/aktualnosci", 30)
    call, training, fair = feed.entries
    assert call.guid == "ngo-krakow-281734"
    assert call.title.startswith("Otwarty konkurs ofert na realizację zadań publicznych")
    assert call.link == (
        "https://ngo.krakow.pl/aktualnosci/281734,otwarty-konkurs-ofert-pomoc-spoleczna-2027.html"
    )
    assert call.published == utc(2026, 12, 14, 8, 30)
    assert training.published == utc(2026, 12, 11, 13, 0)
    assert (fair.guid, fair.published) == (None, utc(2026, 12, 9, 8, 0))


async def test_content_encoded_wins_over_the_description_and_is_cleaned_later() -> None:
    call = (await parse_feed(fixture("krakow_rss20.xml"), FEED_URL)).entries[0]
    html = call.summary_html
    assert html.startswith("<p><strong>Prezydent Miasta Krakowa</strong>")
    assert "<li>Zadanie 1: prowadzenie jadłodajni" in html
    assert "upływa <b>15 stycznia 2027 r. o godz. 15:00</b>" in html
    assert '<a href="https://ngo.krakow.pl/witkac">' in html
    # feedparser's own (slow) sanitizer is off: the Telegram conversion drops scripts.
    telegram = to_telegram_html(html, limit=4000, link=None, more_label="")
    assert "script" not in telegram and "tracking" not in telegram


async def test_titles_are_one_clean_line_and_relative_links_absolute() -> None:
    training = (await parse_feed(fixture("krakow_rss20.xml"), FEED_URL)).entries[1]
    assert training.title == 'Szkolenie: "Sprawozdania z dotacji" & rozliczenia – zapisy otwarte'
    assert training.link == "https://ngo.krakow.pl/aktualnosci/281702,szkolenie-sprawozdania.html"
    assert training.guid == "https://ngo.krakow.pl/aktualnosci/281702"
    assert training.summary_html == (
        "<p>Zapraszamy na bezpłatne szkolenie dla organizacji pozarządowych.</p>"
    )


async def test_atom_feed_uses_content_base_and_escapes_plain_text() -> None:
    feed = await parse_feed(fixture("gdansk_atom.xml"), "https://www.gdansk.pl/ngo/atom.xml")
    assert (feed.problem, feed.title) == (None, "Gdańsk – Centrum Organizacji Pozarządowych")
    consultation, results = feed.entries
    assert consultation == FeedEntry(
        guid="tag:gdansk.pl,2026:ngo/1201",
        link="https://www.gdansk.pl/ngo/aktualnosci/konsultacje-programu-wspolpracy-2027",
        title="Konsultacje programu współpracy na 2027 rok",
        published=utc(2026, 12, 14, 9, 0),
        summary_html='<p>Uwagi można zgłaszać do 4 stycznia 2027 r. <a href="'
        'https://www.gdansk.pl/ngo/formularz">Formularz</a></p>',
    )
    assert results.published == utc(2026, 12, 10, 16, 45)  # only <updated>
    assert results.summary_html.endswith("dofinansowanie &lt; 10 000 zł.")


async def test_rss1_rdf_feed_takes_ids_from_rdf_about_and_dates_from_dublin_core() -> None:
    feed = await parse_feed(fixture("wroclaw_rdf.xml"), "https://www.wroclaw.pl/ngo/rss")
    assert (feed.problem, feed.title) == (None, "Wrocław – Organizacje pozarządowe")
    assert [(e.guid, e.published) for e in feed.entries] == [
        ("https://www.wroclaw.pl/ngo/nabor-do-komisji-konkursowych-2027", utc(2026, 12, 13, 11)),
        ("https://www.wroclaw.pl/ngo/mikrogranty-2027", utc(2026, 12, 12, 9)),
    ]
    assert feed.entries[0].summary_html == "Zgłoszenia przyjmujemy do dnia 20.01.2027."


async def test_rss_092_feed_without_guids_or_dates() -> None:
    feed = await parse_feed(fixture("bydgoszcz_rss092.xml"), "https://www.bydgoszcz.pl/ngo/rss")
    (entry,) = feed.entries
    assert (feed.problem, entry.guid, entry.published) == (None, None, None)
    assert entry.link == "https://www.bydgoszcz.pl/ngo/komunikat-godziny-pracy/"


async def test_iso_8859_2_declared_in_the_prolog_is_decoded() -> None:
    feed = await parse_feed(fixture("lodz_iso8859_2.xml"), "https://uml.lodz.pl/ngo/rss")
    assert (feed.problem, feed.title) == (None, "Łódź – Biuro ds. Partycypacji Społecznej")
    (entry,) = feed.entries
    assert entry.title == "Ogłoszenie o naborze wniosków – zadanie „Żółta świetlica”"
    assert entry.summary_html.startswith("Źródło finansowania: budżet gminy.")


async def test_recoverable_glitch_keeps_the_entries() -> None:
    feed = await parse_feed(fixture("glitch_rss20.xml"), "https://www.poznan.pl/ngo/rss")
    assert feed.problem is None
    assert [e.title for e in feed.entries] == ['Konkurs "Seniorzy & Młodzi" – nabór ofert']


async def test_broken_feed_is_a_problem() -> None:
    feed = await parse_feed(fixture("broken.xml"), FEED_URL)
    assert feed.entries == []
    assert feed.problem == "malformed feed: junk after document element (line 3)"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (fixture("portal_page.html"), "not a feed (an HTML page?)"),
        (b"  \n", "not a feed (empty response)"),
        (b"<?xml version='1.0'?><urlset/>", "not a feed (no RSS or Atom document)"),
    ],
)
async def test_things_that_are_not_feeds(body: bytes, problem: str) -> None:
    feed = await parse_feed(body, FEED_URL)
    assert (feed.problem, feed.entries, feed.title) == (problem, [], None)


async def test_empty_but_valid_feed_is_fine() -> None:
    feed = await parse_feed(rss(""), FEED_URL)
    assert (feed.problem, feed.title, feed.entries) == (None, "Gmina", [])


async def test_markup_in_titles_and_unsafe_links_are_dropped() -> None:
    body = rss(
        "<item><title>&lt;b&gt;Nabór&lt;/b&gt; &amp;amp; konkurs</title>"
        "<link>javascript:alert(1)</link><guid>  </guid></item>"
    )
    (entry,) = (await parse_feed(body, FEED_URL)).entries
    assert (entry.title, entry.link, entry.guid) == ("Nabór & konkurs", None, None)


async def test_external_entities_and_dtds_are_never_fetched(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.serve("/secret", b"TOP-SECRET", content_type="text/plain")
    feed_server.serve("/evil.dtd", b'<!ENTITY dtd "FROM-DTD">', content_type="text/plain")
    local = tmp_path / "secret.txt"
    local.write_text("LOCAL-SECRET")
    head = (
        f'\n<!DOCTYPE rss SYSTEM "{feed_server.url("/evil.dtd")}" [\n'
        f'<!ENTITY remote SYSTEM "{feed_server.url("/secret")}">\n'
        f'<!ENTITY local SYSTEM "{local.as_uri()}">\n]>'
    )
    body = rss("<item><title>A &remote; &local; &dtd;</title></item>", head)
    feed = await parse_feed(body, FEED_URL)
    assert feed_server.requests == []
    text = repr(feed)
    assert "TOP-SECRET" not in text and "FROM-DTD" not in text and "LOCAL-SECRET" not in text


async def test_entity_bomb_is_not_expanded() -> None:
    body = rss("<item><title>&lol9;</title></item>", "\n" + entity_bomb_doctype("rss"))
    started = time.monotonic()
    feed = await parse_feed(body, FEED_URL)
    assert time.monotonic() - started < 5
    assert all(len(entry.title) < 100 for entry in feed.entries)


async def test_a_body_naming_a_local_file_is_not_read_as_that_file() -> None:
    # feedparser opens bare bytes that name an existing file; the feed must come from the body.
    feed = await parse_feed(str(FIXTURES / "krakow_rss20.xml").encode(), FEED_URL)
    assert feed.entries == [] and feed.problem is not None


async def test_parsing_happens_in_a_worker_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    threads = []
    real_parse = parse_module.feedparser.parse

    def recording_parse(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return real_parse(*args, **kwargs)

    monkeypatch.setattr(parse_module.feedparser, "parse", recording_parse)
    await parse_feed(fixture("krakow_rss20.xml"), FEED_URL)
    assert len(threads) == 1 and threads[0] is not threading.main_thread()
