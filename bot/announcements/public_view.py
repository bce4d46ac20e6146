"""Answers to the buttons under a delivered announcement (calendar file, document)."""

from __future__ import annotations

from bot.core.i18n import Translator


def no_calendar(t: Translator) -> str:
    return t.plain("There is no date to put in a calendar for this announcement.")


def no_document(t: Translator) -> str:
    return t.plain("This document is no longer available.")
