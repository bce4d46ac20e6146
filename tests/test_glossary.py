"""The glossary's ruled-out forms appear in no catalog, no message id and no seeded topic name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from storage import Database

LOCALE = Path(__file__).resolve().parent.parent / "bot" / "locale"
GLOSSARY = LOCALE / "GLOSSARY.md"
ROW = re.compile(r"^\| (pl|uk|en) \| `((?:[^`])+)` \| (.+) \|$")


@dataclass(frozen=True)
class Rule:
    """One ruled-out form of one language, and what to write instead."""

    language: str
    form: str
    instead: str

    @property
    def pattern(self) -> re.Pattern[str]:
        form = self.form.replace(r"\|", "|")  # escaped so that the Markdown table stays whole
        if len(form) > 2 and form.startswith("/") and form.endswith("/"):
            return re.compile(form[1:-1], re.MULTILINE)
        return re.compile(r"(?<!\w)" + re.escape(form))


def rules() -> list[Rule]:
    _, _, section = GLOSSARY.read_text(encoding="utf-8").partition("\n## Ruled out\n")
    found = [Rule(*m.groups()) for line in section.splitlines() if (m := ROW.match(line))]
    assert len(found) > 30, "the Ruled out table of GLOSSARY.md could not be read"
    return found


def texts(language: str) -> list[str]:
    """Every translated string of a catalog, or every English message id for "en"."""
    name = "ngobot.pot" if language == "en" else f"{language}/LC_MESSAGES/ngobot.po"
    with (LOCALE / name).open("rb") as source:
        catalog = read_po(source)
    found: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        values = message.id if language == "en" else message.string
        found += [values] if isinstance(values, str) else list(values)
    return found


def offences(language: str, candidates: list[str]) -> list[str]:
    return [
        f"{rule.form!r} (write {rule.instead}) in: {text!r}"
        for rule in rules()
        if rule.language == language
        for text in candidates
        if rule.pattern.search(text)
    ]


@pytest.mark.parametrize("language", ["pl", "uk", "en"])
def test_no_catalog_uses_a_form_the_glossary_rules_out(language: str) -> None:
    assert offences(language, texts(language)) == []


async def test_no_seeded_topic_name_uses_a_ruled_out_form(db: Database) -> None:
    names = await db.fetch_all("SELECT name_pl, name_uk, name_en FROM topics")
    assert names
    for index, language in enumerate(("pl", "uk", "en")):
        assert offences(language, [row[index] for row in names]) == []


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("pl", "Wybierz obszar, aby zmienić jego nazwę."),
        ("pl", "Runda konsultacji jest otwarta."),
        ("pl", "Wasze postulaty zanoszę do Miasta."),
        ("pl", "Co miasto powinno zrobić?"),
        ("pl", "Dzień dobry, {name}!"),
        ("uk", "Ваш постулат надіслано."),
        ("uk", "Яке поле Ви хочете змінити?"),
        ("uk", "Безпритульність"),
        ("uk", "Позиція Міста:"),
        ("en", "« Back"),
    ],
)
def test_the_rules_catch_the_variants_the_issue_names(language: str, text: str) -> None:
    assert offences(language, [text]) != []


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("pl", "Przeglądaj je według obszaru działania lub dzielnicy."),
        ("pl", "Stanowisko Miasta"),
        ("pl", "Nie należysz już do organizacji {name}."),
        ("uk", "Ви надсилаєте її від імені організації."),
        ("uk", "Місто відповіло на вашу пропозицію."),
        ("uk", "Сфери діяльності: {areas}"),
        ("uk", "Активізація людей, яким загрожує соціальне виключення"),
    ],
)
def test_the_rules_leave_the_chosen_terms_alone(language: str, text: str) -> None:
    assert offences(language, [text]) == []
