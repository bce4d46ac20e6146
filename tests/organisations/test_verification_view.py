"""The /pending cards without Telegram: callback data, dates in the reader's locale, outcomes."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.core.i18n import Catalogs
from bot.organisations.service import Organisation, OrgStatus
from bot.organisations.verification_view import (
    CARDS_PER_COMMAND,
    Review,
    card,
    member_notice,
    parse,
    reviewed_card,
    summary,
)

CATALOGS = Catalogs("pl")
EN = CATALOGS.translator("en")
WARSAW = ZoneInfo("Europe/Warsaw")
# 23:30 UTC on 31 March is already 1 April in Warsaw.
CREATED = datetime(2026, 3, 31, 23, 30, tzinfo=UTC)


def organisation(status: OrgStatus = OrgStatus.PENDING, **fields: str | None) -> Organisation:
    return Organisation(
        7,
        fields.get("name") or "Fundacja <Łąka>",
        fields.get("krs"),
        fields.get("district"),
        fields.get("email"),
        status,
        CREATED,
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("org:v:7", Review(7, True)),
        ("org:r:7", Review(7, False)),
        ("org:v:abc", None),
        ("org:v:", None),
        ("org:v:-7", None),
        ("org:v:7:1", None),
        ("org:x:7", None),
        ("org:new", None),
        ("org:v:1234567890123", None),
        (None, None),
    ],
)
def test_parse(data: str | None, expected: Review | None) -> None:
    assert parse(data) == expected


def test_card_shows_the_details_and_the_date_in_the_local_zone() -> None:
    screen = card(EN, organisation(krs="0000123456", district="Krowodrza"), WARSAW)
    assert screen.text == (
        "🏢 <b>Fundacja &lt;Łąka&gt;</b>\nKRS: 0000123456\nDistrict: Krowodrza\n"
        "E-mail: not given\nRegistered: April 1, 2026"
    )
    assert screen.rows == [[("✅ Verify", "org:v:7"), ("✖️ Reject", "org:r:7")]]
    assert all(parse(data) for row in screen.rows for _, data in row)


@pytest.mark.parametrize(
    ("language", "date"), [("pl", "1 kwietnia 2026"), ("uk", "1 квітня 2026")]
)
def test_the_date_follows_the_readers_locale(language: str, date: str) -> None:
    text = card(CATALOGS.translator(language), organisation(), WARSAW).text
    assert date in text


def test_a_reviewed_card_has_the_outcome_and_no_buttons() -> None:
    screen = reviewed_card(EN, organisation(OrgStatus.REJECTED), WARSAW)
    assert screen.text.endswith("\n\n✖️ Rejected")
    assert screen.rows == []


def test_summary_counts_and_says_when_only_the_oldest_are_shown() -> None:
    assert summary(EN, []) == "No organisations are waiting for verification."
    assert summary(EN, [organisation()]) == "1 organisation is waiting for verification."
    many = summary(EN, [organisation()] * (CARDS_PER_COMMAND + 1))
    assert many.startswith(f"{CARDS_PER_COMMAND + 1} organisations are waiting")
    assert f"the oldest {CARDS_PER_COMMAND}" in many


def test_member_notice_escapes_the_name() -> None:
    text = member_notice(EN, organisation(OrgStatus.VERIFIED, name="A & B"))
    assert text.startswith("Good news: the city has verified A &amp; B.")
