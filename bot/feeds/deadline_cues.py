"""The words that say what a date is for: submitting, commenting, signing up, closing, or not.

Words about results, carrying out the task, paper confirmations, meetings and publication make
a date something other than a deadline; the nearest cue decides the rest.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Final


class Role(StrEnum):
    """What a date's words make it."""

    DEADLINE = "deadline"  # the closing date of submissions or comments (or its opening)
    EXCLUDED = "excluded"  # results, the task's period, a meeting, a publication, a paper copy


def _words(*stems: str) -> str:
    return r"\b(?:" + "|".join(stems) + r")"


# Nouns and verbs of submitting: what a call's deadline is about.
_CALL: Final = _words(
    r"ofert", r"wnios(?!k\w*\s+z\s+konsultac)", r"nab[oó]r", r"konkurs", r"aplikac",
    r"dotac", r"grant", r"dofinansowan", r"mikrodotac",
)  # fmt: skip
SUBMITTING: Final = _words(
    r"skład", r"złoż", r"złoże", r"nadsył", r"nadesł", r"przesył", r"przesł", r"przyjm",
    r"dostarcz", r"wnosz", r"wnieś", r"wniesi", r"zgłasz", r"zgłos", r"zgłosz", r"czekamy",
    r"zbiera", r"zbierać", r"formularz", r"kart\w*\s+zgłoszeniow", r"dokument", r"propozycj",
    r"prac\w*\s+konkursow", r"ma(?:ją)?\s+czas", r"aplikow",
)  # fmt: skip
COMMENTING: Final = _words(
    r"uwag", r"opini", r"konsultac", r"konsultow", r"konsultuj", r"sugesti", r"ankiet"
)
REGISTERING: Final = _words(
    r"rekrutac",
    r"zapis",
    r"rejestrac",
    r"kandydat",
    r"uczestnik",
    r"udział\w*\s+w",
    r"zgłosze\w*\s+na\b",
)
# Words that only say "this is a closing date" ("upływa", "termin"): a deadline when the clause
# also says what closes.
CLOSING: Final = _words(
    r"upływa", r"upłynie", r"mija", r"minie", r"kończy\s+się", r"zakończ", r"ostateczn",
    r"nieprzekraczaln", r"najpóźniej", r"trwa", r"potrwa", r"trwać", r"przeprowadz",
    r"odbęd", r"odbywa", r"do\s+kiedy", r"termin", r"prowadzon",
)  # fmt: skip
# A date in a clause with one of these is not a submission deadline, whatever else it says.
_NOT_SUBMISSION: Final = _words(
    r"wynik", r"rozstrzyg", r"rozpatr", r"przyzna", r"wyb[oó]r\w*\s+ofert", r"ocen[aiyęo]",
    r"oceni", r"umow", r"umów", r"szacowan",
    r"zrealiz", r"realizow", r"realizac", r"wykonan", r"wykonyw", r"wykorzyst", r"rozlicz",
    r"sprawozd", r"raport", r"potwierdz", r"wydruk", r"pytani", r"pytań", r"wyjaśnie",
    r"otwarci\w*\s+ofert",
    r"nastąpi", r"zostan\w*\s+(?:ogłosz|opublik|podan|zamieszcz)",
    r"będ\w*\s+(?:ogłosz|opublik|podan)",
    r"(?:kolejn|następn)\w*\s+(?:nab|konkurs|edycj|tur)",
    r"wypłat", r"wypłac", r"przekazan", r"świadcz", r"obowiązyw", r"płatnoś",
    r"przyjęci\w*\s+(?:dotac|środk)",
    r"ogłoszeni\w*\s+(?:otwartego\s+)?(?:konkurs|nabor)", r"odwoła", r"uzupełni", r"korekt",
    r"aktualizac", r"zaktualizow", r"dodano", r"członk\w*\s+komisji", r"komisj\w*\s+konkursow",
    r"z\s+dnia", r"ogłoszeni\w*\s+wynik",
)  # fmt: skip
# Meetings and trainings: their dates are not deadlines, but signing up for one has one
# ("Zapisy na szkolenie przyjmujemy do 12 stycznia").
_EVENTS: Final = _words(
    r"spotka[nń]", r"szkole[nń]", r"warsztat", r"dyżur", r"konferencj", r"webinar",
    r"posiedze[nń]", r"sesj", r"wysłuchani", r"gal[ai]", r"wręczeni", r"odbędzie\s+się",
    r"odbędą\s+się\s+spotkan",
)  # fmt: skip
# Weaker: what the nearest word says about the date (publication, the act it comes from).
_PUBLISHED: Final = _words(
    r"ogłosz", r"ogłasz", r"opublik", r"publikac", r"publikuj", r"zamieszcz", r"ukaza", r"uchwał",
    r"zarządzen", r"ustaw", r"rozporządz", r"obwieszcz", r"dz\.\s*u", r"data\s+wpływu",
    r"wytworzon", r"utworzon", r"wprowadzon", r"zmodyfikow",
)  # fmt: skip
# A paper confirmation of what was filed electronically: never the deadline itself.
# "wydrukować, podpisać i złożyć do …" is the filing itself, not a copy of it.
# A copy ("kopię deklaracji należy wysłać") is not what the call closes either.
_PAPER: Final = re.compile(
    _words(r"potwierdz", r"wydruk(?!ow)", r"kopi(?:ę|a|i|ą)\b"), re.IGNORECASE
)
_CUE_KINDS: Final = (
    ("excluded", re.compile(_NOT_SUBMISSION, re.IGNORECASE)),
    ("event", re.compile(_EVENTS, re.IGNORECASE)),
    ("published", re.compile(_PUBLISHED, re.IGNORECASE)),
    ("comment", re.compile(COMMENTING, re.IGNORECASE)),
    ("register", re.compile(REGISTERING, re.IGNORECASE)),
    ("call", re.compile(_CALL, re.IGNORECASE)),
    ("submit", re.compile(SUBMITTING, re.IGNORECASE)),
    ("closing", re.compile(CLOSING, re.IGNORECASE)),
)
_SUBJECTS: Final = frozenset({"comment", "register", "call", "submit"})
# ", które odbędą się …" goes on about the noun before the comma, so it is no new piece.
_PIECE: Final = re.compile(r",(?!\s*któr)|\(|\)|\s[–—-]\s|:\s|\n\s*[•·*–—-]")
# "spotkania, które odbędą się 15 grudnia": the day a meeting is held, whatever else is named.
_HELD: Final = re.compile(r"\b(?:odbęd|odbywa|odbył)", re.IGNORECASE)


def role_of_words(window: str, after: bool = False) -> Role | None:
    """What the words in `window` make a date: the nearest piece with a cue decides.

    In that piece a word about results, the task or meetings excludes the date; else the
    nearest cue (before the date; after it, the first) decides.
    """
    if not after and _PAPER.search(window):
        return Role.EXCLUDED  # the whole clause is about the paper copy
    pieces = _PIECE.split(window)
    for piece in pieces if after else reversed(pieces):
        cues = [(found.start(), kind) for kind, rx in _CUE_KINDS for found in rx.finditer(piece)]
        if not cues:
            continue
        kinds = {kind for _, kind in cues}
        if "excluded" in kinds or ("event" in kinds and "register" not in kinds):
            return Role.EXCLUDED
        if "event" in kinds and _HELD.search(piece):
            return Role.EXCLUDED
        _, nearest = min(cues) if after else max(cues)
        return Role.EXCLUDED if nearest in ("published", "event") else Role.DEADLINE
    return None


def has_subject(clause: str) -> bool:
    """Whether a clause says what closes (offers, comments), not only that something does."""
    return any(rx.search(clause) is not None for kind, rx in _CUE_KINDS if kind in _SUBJECTS)
