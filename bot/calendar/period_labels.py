"""Lead times, quiet hours and digest moments in words, in the reader's language (Babel)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import time
from typing import Final

from babel.dates import format_time, get_day_names
from babel.lists import format_list
from babel.units import format_unit

from bot.periods import DigestTime, Lead, QuietHours

# CLDR's duration units, which carry each language's plural forms ("1 dzień", "2 godziny").
_UNITS: Final = {"m": "duration-minute", "h": "duration-hour", "d": "duration-day"}


def lead_label(lead: Lead, language: str, *, short: bool = False) -> str:
    """'7 dni', '1 dzień', '2 godziny', '30 minut' ('2 godz.' when short)."""
    unit = _UNITS[lead.unit]
    if short:
        return format_unit(lead.amount, unit, length="short", locale=language)
    return format_unit(lead.amount, unit, length="long", locale=language)


def leads_label(leads: Iterable[Lead], language: str) -> str:
    """'7 dni i 1 dzień'; '' for none."""
    return format_list([lead_label(lead, language) for lead in leads], locale=language)


def clock_label(at: time, language: str) -> str:
    """'21:00' in Polish and Ukrainian, '9:00 PM' in English."""
    return format_time(at, "short", locale=language)


def quiet_label(quiet: QuietHours, language: str) -> str:
    """'21:00–08:00'."""
    return f"{clock_label(quiet.start, language)}–{clock_label(quiet.end, language)}"


def weekday_label(digest: DigestTime, language: str) -> str:
    """'poniedziałek', 'понеділок', 'Monday'."""
    return str(get_day_names("wide", context="stand-alone", locale=language)[digest.weekday])
