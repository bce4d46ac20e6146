"""Gettext catalogs: complete, in sync with the code, placeholders intact, plurals right."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from bot.core.i18n import Catalogs, resolve_language

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "bot" / "locale"
# Translator.plain() is gettext for button labels and alerts; README's pybabel call adds it too.
KEYWORDS = {**DEFAULT_KEYWORDS, "plain": None}
PLACEHOLDER = re.compile(r"\{(\w*)\}")
MessageId = str | tuple[str, ...]


def read(path: Path) -> Catalog:
    with path.open("rb") as source:
        return read_po(source)


def ids_in_code() -> set[MessageId]:
    found: set[MessageId] = set()
    for package in ("bot", "handlers"):
        for *_, message, _comments, _context in extract_from_dir(
            ROOT / package, [("**.py", "python")], keywords=KEYWORDS
        ):
            found.add(message if isinstance(message, str) else tuple(message))
    return found


def ids_in(catalog: Catalog) -> set[MessageId]:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}


def test_template_is_in_sync_with_the_code() -> None:
    assert ids_in(read(LOCALE / "ngobot.pot")) == ids_in_code(), (
        "run the pybabel extract/update commands from README.md"
    )


@pytest.mark.parametrize("language", ["pl", "uk"])
def test_every_message_is_translated_with_the_same_placeholders(language: str) -> None:
    catalog = read(LOCALE / language / "LC_MESSAGES" / "ngobot.po")
    assert ids_in(catalog) == ids_in_code()
    assert catalog.num_plurals == 3
    for message in catalog:
        if not message.id:
            continue
        assert "fuzzy" not in message.flags, message.id
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        assert all(strings), f"untranslated in {language}: {message.id}"
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == expected, (language, text)


@pytest.mark.parametrize(
    ("language", "count", "expected"),
    [
        ("pl", 1, "Z bota korzysta 1 osoba."),
        ("pl", 2, "Z bota korzystają 2 osoby."),
        ("pl", 4, "Z bota korzystają 4 osoby."),
        ("pl", 5, "Z bota korzysta 5 osób."),
        ("pl", 12, "Z bota korzysta 12 osób."),
        ("pl", 22, "Z bota korzystają 22 osoby."),
        ("pl", 25, "Z bota korzysta 25 osób."),
        ("uk", 1, "Ботом користується 1 особа."),
        ("uk", 3, "Ботом користуються 3 особи."),
        ("uk", 11, "Ботом користуються 11 осіб."),
        ("uk", 21, "Ботом користується 21 особа."),
        ("en", 1, "1 person uses the bot."),
        ("en", 7, "7 people use the bot."),
    ],
)
def test_plural_forms(language: str, count: int, expected: str) -> None:
    t = Catalogs("pl").translator(language)
    assert t.ngettext("{n} person uses the bot.", "{n} people use the bot.", count) == expected


def test_parameters_are_escaped_but_catalog_markup_is_kept() -> None:
    t = Catalogs("pl").translator("pl")
    assert t.gettext("You are now a member of {name}.", name="<i>Ala</i> & Ola") == (
        "Należysz teraz do organizacji &lt;i&gt;Ala&lt;/i&gt; &amp; Ola."
    )
    assert t.gettext("<b>What I can do</b>") == "<b>Co potrafię</b>"


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("pl", "pl"),
        ("uk", "uk"),
        ("uk-UA", "uk"),
        ("en", "en"),
        ("en-GB", "en"),
        ("de", "pl"),
        ("", "pl"),
        (None, "pl"),
    ],
)
def test_telegram_language_codes_map_to_supported_languages(
    code: str | None, expected: str
) -> None:
    assert resolve_language(code, "pl") == expected


def test_unknown_language_falls_back_to_the_default() -> None:
    assert Catalogs("uk").translator("de").language == "uk"
