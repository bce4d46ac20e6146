"""The /orgs screens without Telegram: callback data, paging, escaping, the 4096 limit."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.callbacks import MAX_BYTES, unpack_ints
from bot.core.i18n import Catalogs
from bot.core.topics import Topic
from bot.organisations.directory_view import (
    PER_PAGE,
    DirectoryRequest,
    View,
    district_list,
    entry_text,
    listing,
    menu,
    parse,
)
from bot.organisations.service import DirectoryEntry, Organisation, OrgStatus, Page

T = Catalogs("en").translator("en")
TOPICS = {
    i: Topic(i, f"t{i}", {"pl": "Ż" * 60, "uk": "Ї" * 60, "en": "W" * 60}, False)
    for i in range(1, 14)
}


def organisation(
    name: str, *, district: str | None = None, email: str | None = None
) -> Organisation:
    created = datetime(2026, 3, 5, tzinfo=UTC)
    return Organisation(1, name, None, district, email, OrgStatus.VERIFIED, created)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("dir:menu", DirectoryRequest(View.MENU)),
        ("dir:topics", DirectoryRequest(View.TOPICS)),
        ("dir:districts", DirectoryRequest(View.DISTRICTS)),
        ("dir:t:12:3", DirectoryRequest(View.TOPIC, 12, 3)),
        ("dir:d:0:0", DirectoryRequest(View.DISTRICT, 0, 0)),
        ("dir:t:abc:0", None),
        ("dir:t:1", None),
        ("dir:t:-1:0", None),
        ("dir:t:1:0:0", None),
        ("dir:x:1:0", None),
        ("dir:menu:1", None),
        ("dir:t:9999999999:0", None),
        ("org:v:1", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_accepts_only_the_shapes_it_makes(
    data: str | None, expected: DirectoryRequest | None
) -> None:
    assert parse(data) == expected


def test_every_button_fits_callback_data_and_parses_back() -> None:
    screen = district_list(T, tuple(f"Łagiewniki-Borek Fałęcki {i}" for i in range(18)))
    rows = [*menu(T).rows, *screen.rows]
    assert [len(row) for row in screen.rows][:9] == [2] * 9, "two districts per row"
    for label, data in (button for row in rows for button in row):
        assert len(data.encode()) <= MAX_BYTES
        assert parse(data) is not None, label


def test_a_full_page_of_long_entries_stays_within_telegrams_limit() -> None:
    entries = [
        DirectoryEntry(
            organisation(
                "Ż" * 120, district="Łagiewniki-Borek Fałęcki", email="a" * 240 + "@x.pl"
            ),
            list(TOPICS),
        )
        for _ in range(PER_PAGE)
    ]
    request = DirectoryRequest(View.TOPIC, 1, 1)
    screen = listing(T, request, "W" * 60, Page(entries, 1, 3, 15), TOPICS, View.TOPICS)
    assert len(screen.text) <= 4096
    assert "and 9 more" in screen.text
    labels = [label for row in screen.rows for label, _ in row]
    assert labels == ["◀️ Previous page", "Next page ▶️", "◀️ Back"]


def test_entries_escape_what_organisations_typed() -> None:
    text = entry_text(
        T, DirectoryEntry(organisation("<b>A</b> & B", email="x@y.pl"), [99]), TOPICS
    )
    assert text == "<b>&lt;b&gt;A&lt;/b&gt; &amp; B</b>\n✉️ Contact: x@y.pl"


def test_an_empty_listing_says_so_and_offers_only_back() -> None:
    request = DirectoryRequest(View.DISTRICT, 0, 0)
    screen = listing(T, request, "Podgórze", Page([], 0, 1, 0), TOPICS, View.DISTRICTS)
    assert screen.text == "<b>Podgórze</b>\nNo verified organisations here yet."
    assert screen.rows == [[("◀️ Back", "dir:districts")]]


def test_forged_callback_numbers_are_refused_not_crashed() -> None:
    assert unpack_ints("dir:²", "dir", 1) is None  # str.isdigit() accepts it, int() would not
    assert unpack_ints("dir:-1", "dir", 1) is None
    assert unpack_ints("dir:12", "dir", 1) == [12]
