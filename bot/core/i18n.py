"""Gettext catalogs (Babel .po files) and the per-language translator used for every reply."""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

from babel import Locale, localedata
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.config import SUPPORTED_LANGUAGES
from bot.core.render import Html, escape

DOMAIN = "ngobot"


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated later, for each reader."""
    return message


def resolve_language(telegram_code: str | None, default: str) -> str:
    """Map Telegram's IETF language_code ("uk", "en-GB") to a supported language."""
    base = (telegram_code or "").split("-")[0].lower()
    return base if base in SUPPORTED_LANGUAGES else default


@dataclass(frozen=True, slots=True)
class Translator:
    """Translates and fills messages for one language; parameters are HTML-escaped."""

    language: str
    _catalog: gettext.NullTranslations

    @property
    def locale(self) -> Locale:
        return Locale.parse(self.language)

    def gettext(self, message: str, /, **params: object) -> Html:
        return _fill(self._catalog.gettext(message), params)

    def plain(self, message: str, /, **params: object) -> str:
        """Plain text (button labels, alerts): Telegram shows it as is, so nothing is escaped."""
        template = self._catalog.gettext(message)
        return template.format(**params) if params else template

    def ngettext(self, singular: str, plural: str, n: int, /, **params: object) -> Html:
        return _fill(self._catalog.ngettext(singular, plural, n), {"n": n, **params})


def _fill(template: str, params: dict[str, object]) -> Html:
    # Catalog text is trusted HTML; everything substituted into it is escaped unless it is Html.
    if not params:
        return Html(template)
    return Html(template.format(**{key: escape(value) for key, value in params.items()}))


@cache
def load_catalog(language: str) -> gettext.NullTranslations:
    """Compile a language's .po file in memory, so no build step or .mo file is needed."""
    po_file = resources.files("bot") / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_file.is_file():
        # English is the source language: the msgids themselves are the English texts.
        return gettext.NullTranslations()
    with po_file.open("rb") as source:
        catalog = read_po(source, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


class Catalogs:
    """All supported languages' translators, with a fallback to the default language."""

    def __init__(self, default_language: str) -> None:
        self.default_language = default_language
        self._translators = {
            lang: Translator(lang, load_catalog(lang)) for lang in SUPPORTED_LANGUAGES
        }
        for lang in SUPPORTED_LANGUAGES:
            # Babel reads a locale's dates and plurals on first use, for ~10 ms each: at start,
            # not inside the first reply or the first broadcast. It keeps them for the process.
            localedata.load(lang)

    def translator(self, language: str | None) -> Translator:
        return self._translators.get(language or "", self._translators[self.default_language])

    def all(self) -> list[Translator]:
        return list(self._translators.values())
