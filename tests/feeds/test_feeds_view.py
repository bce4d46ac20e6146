"""Staff's /feeds screens without Telegram: the list, its buttons, the conversation's texts."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.announcements.model import MESSAGE_MAX
from bot.core.callbacks import MAX_BYTES
from bot.core.i18n import Catalogs
from bot.core.safe_html import visible_length
from bot.core.screens import Screen
from bot.core.topics import Kind, Topic
from bot.feeds.add_view import Choices, confirm_screen, imported, topics_screen
from bot.feeds.model import Feed, Mode
from bot.feeds.view import (
    PAGE_SIZE,
    Action,
    feed_list,
    feed_topics,
    parse,
    remove_confirm,
)

T = Catalogs("en").translator("en")
WARSAW = ZoneInfo("Europe/Warsaw")
TOPICS = [
    Topic(1, "culture", {"pl": "Kultura", "uk": "Культура", "en": "Culture"}, retired=False),
    Topic(2, "health", {"pl": "Zdrowie", "uk": "Здоров'я", "en": "Health"}, retired=False),
    Topic(3, "old", {"pl": "Stary", "uk": "Старий", "en": "Old"}, retired=True),
]
FEED = Feed(
    id=7,
    url="https://www.gdansk.pl/rss",
    title="Gdańsk <news>",
    kind=Kind.CALL,
    all_topics=False,
    topic_ids=(1, 2),
    mode=Mode.REVIEW,
    active=True,
    paused_reason=None,
    last_success_at=datetime(2027, 1, 15, 14, 0, tzinfo=UTC),
    last_error=None,
    failures=0,
    primed=True,
    next_poll_at=datetime(2027, 1, 15, 14, 10, tzinfo=UTC),
    interval_seconds=None,
    etag=None,
    last_modified=None,
    published=12,
    held=3,
)


def data_of(screen: Screen) -> list[str]:
    return [data for row in screen.rows for _, data in row]


def labels_of(screen: Screen) -> list[str]:
    return [label for row in screen.rows for label, _ in row]


def test_the_list_shows_each_feeds_state_and_counts() -> None:
    screen = feed_list(T, [FEED], 0, TOPICS, held=4, zone=WARSAW)
    assert screen.text.splitlines() == [
        "<b>Feeds</b>: 1 in all",
        "",
        "<b>1. Gdańsk &lt;news&gt;</b>",
        "https://www.gdansk.pl/rss",
        "📝 Call for proposals · 🏷 Culture, Health · ✋ held for approval",
        "✅ Active",
        "Last success: 15 January 2027, 15:00",
        "Published: 12 · held: 3",
    ]
    assert labels_of(screen) == [
        "⏸ Pause #1",
        "🏷 Topics #1",
        "🗑 Remove #1",
        "➕ Add feed",
        "📥 Import OPML",
        "📤 Export OPML",
        "📝 Held items (4)",
    ]


def test_paused_feeds_say_who_paused_them_and_why() -> None:
    by_staff = dataclasses.replace(FEED, active=False, title=None, all_topics=True)
    failing = dataclasses.replace(
        FEED,
        active=False,
        paused_reason="HTTP 404",
        last_error="HTTP 404 " + "x" * 500,
        last_success_at=None,
        mode=Mode.AUTO,
    )
    text = feed_list(T, [by_staff, failing], 0, TOPICS, held=0, zone=WARSAW).text
    assert "<b>1. https://www.gdansk.pl/rss</b>\n📝 Call for proposals · 🏷 all · ✋" in text
    assert "⏸ Paused by staff" in text
    assert "⚠️ Paused after failures: HTTP 404\nLast success: never\nLast error: HTTP 404 x" in text
    assert "x" * 110 + "…" in text and "x" * 111 not in text, "a long error is cut"
    assert labels_of(feed_list(T, [by_staff], 0, TOPICS, 0, WARSAW))[0] == "▶️ Resume #1"


def test_a_long_list_is_paged_and_a_stale_page_lands_on_the_last() -> None:
    feeds = [dataclasses.replace(FEED, id=i, title=f"Feed {i}") for i in range(1, 8)]
    first = feed_list(T, feeds, 0, TOPICS, 0, WARSAW)
    assert first.text.startswith("<b>Feeds</b>: 7 in all · page 1 of 2")
    assert f"<b>{PAGE_SIZE}. Feed {PAGE_SIZE}</b>" in first.text
    assert "Feed 6" not in first.text
    last = feed_list(T, feeds, 9, TOPICS, 0, WARSAW)
    assert "page 2 of 2" in last.text and "<b>7. Feed 7</b>" in last.text
    assert "fd:p:7:1" in data_of(last)


def test_a_page_of_the_longest_feeds_fits_one_message() -> None:
    topics = [
        Topic(i, f"t{i}", {"pl": "p", "uk": "u", "en": "Topic " + "y" * 50}, retired=False)
        for i in range(20)
    ]
    longest = dataclasses.replace(
        FEED,
        url="https://www.example.pl/" + "u" * 1970,
        title="T" * 500,
        topic_ids=tuple(range(20)),
        active=False,
        paused_reason="E" * 2000,
        last_error="E" * 2000,
        published=10**6,
        held=10**6,
    )
    feeds = [dataclasses.replace(longest, id=i) for i in range(PAGE_SIZE)]
    screen = feed_list(T, feeds, 0, topics, 10**6, WARSAW)
    assert visible_length(screen.text) <= MESSAGE_MAX


def test_an_empty_list_offers_adding_and_importing() -> None:
    screen = feed_list(T, [], 0, TOPICS, 0, WARSAW)
    assert "No feeds yet" in screen.text
    assert data_of(screen) == ["fd:a", "fd:i", "fd:e", "fd:h"]


def test_every_button_parses_back_and_fits_telegrams_limit() -> None:
    choices = Choices(url=FEED.url, topic_ids=(1,), kind=Kind.CALL, mode=Mode.AUTO)
    screens = [
        feed_list(T, [FEED], 0, TOPICS, 2, WARSAW),
        remove_confirm(T, FEED, 0),
        feed_topics(T, FEED, TOPICS, 0),
        topics_screen(T, TOPICS, [1]),
        confirm_screen(T, choices, TOPICS),
    ]
    for data in (data for screen in screens for data in data_of(screen)):
        assert len(data.encode()) <= MAX_BYTES
        assert parse(data) is not None, data


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("fd:l:2", Action("l", (2,))),
        ("fd:tt:7:3:0", Action("tt", (7, 3, 0))),
        ("fd:ck:call", Action("ck", word="call")),
        ("fd:cm:review", Action("cm", word="review")),
        ("fd:hx:5:1", Action("hx", (5, 1))),
        ("fd:a", Action("a")),
        ("fd:ck:bogus", None),
        ("fd:cm:auto:1", None),
        ("fd:p:7", None),
        ("fd:p:x:0", None),
        ("fd:p:-1:0", None),
        ("fd:zz:1", None),
        ("fd:hp:1234567890123", None),
        ("fd", None),
        ("ann:a", None),
        ("", None),
        (None, None),
    ],
)
def test_forged_buttons_do_not_parse(data: str | None, expected: Action | None) -> None:
    assert parse(data) == expected


def test_topic_choices_tick_the_chosen_and_hide_retired_ones() -> None:
    screen = feed_topics(T, dataclasses.replace(FEED, topic_ids=(2,)), TOPICS, 0)
    assert labels_of(screen) == ["▫️ Culture", "✅ Health", "🌐 All topics", "Done ▶️"]
    everything = feed_topics(T, dataclasses.replace(FEED, all_topics=True), TOPICS, 0)
    assert labels_of(everything)[:3] == ["▫️ Culture", "▫️ Health", "✅ 🌐 All topics"]


def test_saved_choices_survive_a_round_trip_and_damage() -> None:
    choices = Choices(url="https://a.pl/rss", topic_ids=(1, 2), kind=Kind.CALL, mode=Mode.AUTO)
    assert Choices.of(choices.data()) == choices
    damaged = {"url": 5, "topic_ids": "1", "kind": "bogus", "mode": None, "count": "x"}
    assert Choices.of(damaged) == Choices()


def test_the_import_result_counts_in_each_language() -> None:
    assert imported(T, 1, 0, Mode.AUTO).startswith("✅ 1 feed added, 0 skipped")
    assert "first poll" in imported(T, 3, 2, Mode.REVIEW)
    assert (
        imported(T, 0, 2, Mode.AUTO)
        == "✅ 0 feeds added, 2 skipped (invalid or already on the list)."
    )
