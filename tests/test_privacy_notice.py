"""/privacy tells the truth: every column of the schema is in the notice or exempted, and the
controller's details come from settings, with a warning at start while they are placeholders."""

from __future__ import annotations

import logging

import pytest

from bot.app import warn_unset_privacy
from bot.config import load_settings
from bot.core.i18n import Catalogs
from bot.privacy.notice import (
    DATA_KINDS,
    EXEMPT,
    PrivacyContacts,
    covered_columns,
    notice_text,
    placeholder,
)
from storage import Database
from tests.conftest import StartBot

CONTACTS = PrivacyContacts(
    "Dyrektor Miejskiego Ośrodka Pomocy Społecznej w Krakowie, ul. Józefińska 14",
    "iod@mops.example.pl",
    "przez okres wynikający z przepisów o archiwizacji dokumentacji konsultacji",
)


async def schema_columns(db: Database) -> set[str]:
    """Every "table.column" of the migrated database, views included."""
    tables = await db.fetch_all(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
        "AND name NOT LIKE 'sqlite_%'"
    )
    found: set[str] = set()
    for table in tables:
        columns = await db.fetch_all("SELECT name FROM pragma_table_info(?)", (table["name"],))
        found |= {f"{table['name']}.{column['name']}" for column in columns}
    return found


async def test_every_column_is_named_in_the_notice_or_exempted_with_a_reason(
    db: Database,
) -> None:
    columns = await schema_columns(db)
    covered = covered_columns()
    exempt = {c for c in columns if c in EXEMPT or c.split(".")[0] in EXEMPT}
    unexplained = sorted(columns - covered - exempt)
    assert unexplained == [], "add these to a DataKind in bot/privacy/notice.py"
    assert sorted(covered - columns) == [], "the notice names columns the schema lacks"
    assert all(reason.strip() for reason in EXEMPT.values())


@pytest.mark.parametrize("language", ["pl", "uk", "en"])
def test_the_notice_has_every_part_article_13_asks_for(language: str) -> None:
    t = Catalogs("pl").translator(language)
    text = notice_text(t, CONTACTS)
    assert CONTACTS.controller in text and CONTACTS.dpo in text and CONTACTS.retention in text
    for kind in DATA_KINDS:
        assert t.gettext(kind.text) in text
    for required in ("6(1)(a)", "UODO", "Telegram", "/forget"):
        assert required in text.replace("6 ust. 1 lit. a", "6(1)(a)").replace(
            "/zapomnij", "/forget"
        )
    assert len(text) < 4096, "one Telegram message"


def test_placeholders_until_the_operator_fills_them_in_and_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings = load_settings({}, need_token=False)
    contacts = PrivacyContacts(
        settings.privacy_controller, settings.privacy_dpo, settings.privacy_retention
    )
    assert contacts.controller == placeholder("NGOBOT_PRIVACY_CONTROLLER")
    assert contacts.unset() == [
        "NGOBOT_PRIVACY_CONTROLLER",
        "NGOBOT_PRIVACY_DPO",
        "NGOBOT_PRIVACY_RETENTION",
    ]
    filled = load_settings({"NGOBOT_PRIVACY_DPO": "iod@mops.example.pl"}, need_token=False)
    assert filled.privacy_dpo == "iod@mops.example.pl"

    with caplog.at_level(logging.WARNING):
        warn_unset_privacy(contacts)
    assert "NGOBOT_PRIVACY_CONTROLLER" in caplog.text


async def test_privacy_through_the_bot_shows_the_configured_controller(
    start_bot: StartBot,
) -> None:
    running = await start_bot(
        NGOBOT_PRIVACY_CONTROLLER="Dyrektor MOPS w Krakowie",
        NGOBOT_PRIVACY_DPO="iod@mops.example.pl",
        NGOBOT_PRIVACY_RETENTION="przez 10 lat",
    )
    ewa = running.emulator.user(1701, "Ewa", language_code="pl")
    await ewa.send("/prywatnosc")
    notice = await ewa.wait_for("Administrator danych: Dyrektor MOPS w Krakowie")
    for part in (
        "iod@mops.example.pl",
        "przez 10 lat",
        "Prezesa Urzędu Ochrony Danych",
        "/zapomnij",
    ):
        assert part in notice["text"]
