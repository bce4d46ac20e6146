"""The /settings screen and lead-time labels, without Telegram or a database."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.calendar.period_labels import lead_label, leads_label, quiet_label
from bot.calendar.preferences import LeadKind, Preferences
from bot.calendar.settings_view import Choices, SettingsAction, parse, settings_screen
from bot.core.i18n import Catalogs
from bot.periods import parse_digest, parse_lead, parse_leads, parse_quiet

CATALOGS = Catalogs("en")
EN, PL = CATALOGS.translator("en"), CATALOGS.translator("pl")
QUIET = parse_quiet("21:00-08:00")
CHOICES = Choices(
    parse_leads("14d,7d,3d,1d"),
    parse_leads("3d,1d,2h,1h"),
    (QUIET, parse_quiet("22:00-07:00"), None),
    parse_digest("mon 08:00"),
)
DEFAULTS = Preferences(
    reminders=True,
    deadline_leads=parse_leads("7d,1d"),
    event_leads=parse_leads("1d,2h"),
    quiet=QUIET,
    digest=True,
    customised=False,
)


def labels(prefs: Preferences, choices: Choices = CHOICES) -> list[str]:
    return [label for row in settings_screen(PL, prefs, choices).rows for label, _ in row]


def data_of(prefs: Preferences, label: str, choices: Choices = CHOICES) -> str:
    rows = settings_screen(PL, prefs, choices).rows
    return next(data for row in rows for text, data in row if text == label)


@pytest.mark.parametrize(
    ("language", "code", "expected"),
    [
        ("pl", "7d", "7 dni"),
        ("pl", "1d", "1 dzień"),
        ("pl", "2h", "2 godziny"),
        ("pl", "5h", "5 godzin"),
        ("pl", "22h", "22 godziny"),
        ("pl", "30m", "30 minut"),
        ("pl", "1m", "1 minuta"),
        ("uk", "7d", "7 днів"),
        ("uk", "1d", "1 день"),
        ("uk", "2h", "2 години"),
        ("uk", "21h", "21 година"),
        ("uk", "30m", "30 хвилин"),
        ("en", "1d", "1 day"),
        ("en", "2h", "2 hours"),
    ],
)
def test_lead_labels_use_the_languages_plural_forms(
    language: str, code: str, expected: str
) -> None:
    assert lead_label(parse_lead(code), language) == expected


def test_lead_lists_and_quiet_windows_read_naturally() -> None:
    assert leads_label(parse_leads("7d,1d"), "pl") == "7 dni i 1 dzień"
    assert leads_label((), "pl") == ""
    assert quiet_label(QUIET, "pl") == "21:00–08:00"
    assert lead_label(parse_lead("2h"), "pl", short=True) == "2 godz."


def test_default_screen_explains_every_setting_and_offers_no_reset() -> None:
    screen = settings_screen(EN, DEFAULTS, CHOICES)
    assert "<b>Reminders:</b> on" in screen.text
    assert "7 days and 1 day before deadlines (calls for proposals, consultations)" in screen.text
    assert "1 day and 2 hours before events and trainings" in screen.text
    assert "(reminders then wait for the morning)" in screen.text
    assert "<b>Weekly digest:</b> on (Monday, 8:00" in screen.text
    assert [label for label, _ in screen.rows[-1]] == ["Done"]
    assert not any("Reset" in label for label in labels(DEFAULTS))


def test_lead_buttons_mark_the_chosen_ones_in_two_groups() -> None:
    shown = labels(DEFAULTS)
    assert shown[0].startswith("✅ ")  # reminders on
    assert (
        "✅ 7 dni przed terminem" in shown
        and "▫️ 14 dni przed terminem" in shown
        and "✅ 1 dzień przed terminem" in shown
    )
    assert "✅ 2 godziny przed wydarzeniem" in shown and "▫️ 1 godzina przed wydarzeniem" in shown
    assert data_of(DEFAULTS, "▫️ 14 dni przed terminem") == "set:l:dl:14d"
    assert data_of(DEFAULTS, "✅ 2 godziny przed wydarzeniem") == "set:l:ev:2h"


def test_reminders_off_hide_the_lead_buttons_and_say_so() -> None:
    off = replace(DEFAULTS, reminders=False, customised=True)
    screen = settings_screen(EN, off, CHOICES)
    assert "<b>Reminders:</b> off" in screen.text and "before deadlines" not in screen.text
    assert not any("before the" in label for label in labels(off))
    assert screen.rows[0] == [("▫️ Reminders: off", "set:r:1")]


def test_no_lead_of_a_kind_is_said_in_words() -> None:
    text = settings_screen(EN, replace(DEFAULTS, event_leads=()), CHOICES).text
    assert "no reminders before events and trainings" in text


def test_quiet_hours_button_moves_to_the_next_choice_and_wraps() -> None:
    assert data_of(DEFAULTS, "🌙 Godziny ciszy: 21:00–08:00") == "set:q:1"
    none = replace(DEFAULTS, quiet=None)
    assert "<b>Quiet hours:</b> none" in settings_screen(EN, none, CHOICES).text
    assert any(label.startswith("🌙") and label.endswith(": brak") for label in labels(none))
    assert data_of(none, next(x for x in labels(none) if x.startswith("🌙"))) == "set:q:0"
    # A window no longer offered (the deployment changed) starts the cycle from the first.
    odd = replace(DEFAULTS, quiet=parse_quiet("19:00-06:00"))
    assert data_of(odd, next(x for x in labels(odd) if x.startswith("🌙"))) == "set:q:0"


def test_without_a_deployment_digest_it_is_neither_shown_nor_accepted() -> None:
    no_digest = replace(CHOICES, digest=None)
    screen = settings_screen(EN, DEFAULTS, no_digest)
    assert "digest" not in screen.text.lower()
    assert not any("digest" in label.lower() for row in screen.rows for label, _ in row)
    assert parse("set:d:0", digest_offered=False) is None
    assert parse("set:d:0", digest_offered=True) == SettingsAction("digest", on=False)


def test_customised_settings_offer_a_reset_and_done_removes_the_buttons() -> None:
    custom = replace(DEFAULTS, digest=False, customised=True)
    assert settings_screen(EN, custom, CHOICES).rows[-1] == [
        ("↩️ Reset to defaults", "set:reset"),
        ("Done", "set:done"),
    ]
    done = settings_screen(EN, custom, CHOICES, done=True)
    assert done.rows == [] and "/settings" in done.text
    assert "<b>Weekly digest:</b> off" in done.text


def test_group_heading_escapes_the_title() -> None:
    text = settings_screen(EN, DEFAULTS, CHOICES, group_title="Klub <A&B>").text
    assert "Klub &lt;A&amp;B&gt;" in text


def test_every_button_parses_back() -> None:
    for prefs in (DEFAULTS, replace(DEFAULTS, customised=True, quiet=None)):
        for row in settings_screen(PL, prefs, CHOICES).rows:
            for _, data in row:
                assert parse(data, digest_offered=True) is not None, data


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("set:r:1", SettingsAction("reminders", on=True)),
        ("set:d:1", SettingsAction("digest", on=True)),
        ("set:q:3", SettingsAction("quiet", index=3)),
        ("set:l:ev:2h", SettingsAction("lead", kind=LeadKind.EVENT, code="2h")),
        ("set:reset", SettingsAction("reset")),
        ("set:done", SettingsAction("done")),
        ("set:r:2", None),
        ("set:q:-1", None),
        ("set:q:99999", None),
        ("set:l:xx:7d", None),
        ("set:l:dl:7d:1", None),
        ("set:x", None),
        ("set", None),
        ("sub:done", None),
        ("garbage", None),
        ("", None),
        (None, None),
    ],
)
def test_buttons_are_parsed_strictly(data: str | None, expected: SettingsAction | None) -> None:
    assert parse(data, digest_offered=True) == expected
