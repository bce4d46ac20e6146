"""Every date a prompt suggests, in every language, is read by the date reader.

The examples are taken out of the catalogs themselves (English msgids, Polish and Ukrainian
translations), so a prompt cannot suggest a form the bot then refuses.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.pofile import read_po

from bot.cli.announce import DATE_HELP
from bot.core.dates import parse_when

LOCALE = Path(__file__).resolve().parent.parent / "bot" / "locale"
WARSAW = ZoneInfo("Europe/Warsaw")
NOW = datetime(2026, 12, 10, 12, 0, tzinfo=WARSAW)
# A prompt that asks for a date or a time, or a refusal that suggests one.
DATE_PROMPT = re.compile(r"\b(date|deadline|When does|When should)\b")
SUGGESTS = re.compile(r"\b(for example|try)\b", re.IGNORECASE)
# Quoted examples: “…” (en), „…” (pl), «…» (uk).
QUOTED = re.compile(r"[“„«]([^”»“]+)[”»]")


def catalog(language: str) -> dict[str, str]:
    with (LOCALE / language / "LC_MESSAGES" / "ngobot.po").open("rb") as file:
        return {m.id: m.string for m in read_po(file) if isinstance(m.id, str) and m.id}


def date_prompts() -> list[str]:
    return [
        msgid
        for msgid in catalog("pl")
        if DATE_PROMPT.search(msgid) and SUGGESTS.search(msgid) and QUOTED.search(msgid)
    ]


def examples() -> list[tuple[str, str, str]]:
    """(language, example, the prompt's msgid) for each quoted example in each language."""
    found = []
    translations = {language: catalog(language) for language in ("pl", "uk")}
    for msgid in date_prompts():
        texts = {"en": msgid, **{lang: cat[msgid] for lang, cat in translations.items()}}
        for language, text in texts.items():
            found += [(language, example, msgid) for example in QUOTED.findall(text)]
    return found


def test_the_date_prompts_are_found_and_quote_their_examples_in_every_language() -> None:
    prompts = date_prompts()
    # Start, end, deadline, publication time, the round's opening and closing, the held feed
    # item's deadline, and two refusals that suggest a form.
    assert len(prompts) >= 9, prompts
    translations = {language: catalog(language) for language in ("pl", "uk")}
    for msgid in prompts:
        count = len(QUOTED.findall(msgid))
        for language, cat in translations.items():
            assert len(QUOTED.findall(cat[msgid])) == count, (language, msgid, cat[msgid])


@pytest.mark.parametrize(("language", "example", "msgid"), examples())
def test_every_suggested_example_is_read(language: str, example: str, msgid: str) -> None:
    parsed = parse_when(example, WARSAW, NOW)
    assert isinstance(parsed, datetime), f"{language} {example!r} from {msgid!r}: {parsed}"


def test_ukrainian_prompts_suggest_ukrainian_words() -> None:
    suggested = [example for language, example, _ in examples() if language == "uk"]
    assert "у п'ятницю о 12" in suggested
    assert not [e for e in suggested if re.search(r"jutro|piątek|w ", e)], suggested


def test_the_command_lines_date_help_examples_are_read() -> None:
    suggested = re.findall(r'"([^"=]+?)"', DATE_HELP)
    assert len(suggested) >= 3, DATE_HELP
    for example in suggested:
        assert isinstance(parse_when(example.strip(), WARSAW, NOW), datetime), example
