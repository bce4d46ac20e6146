"""Which dates of an announcement its words make deadlines: each date's role in its clause.

A rule-based reader of Polish calls and consultations. A date takes its role from the words
nearest before it in its clause ("oferty należy składać do", "termin realizacji zadania:"),
else from the date before it in the clause ("od 1 do 15 marca"), else from the words after it
("Do 3 czerwca trwa konkurs"). The clauses come from deadline_clauses, what words mean from
deadline_cues and deadline_kinds, openings of periods from deadline_periods, and moved or
corrected dates from deadline_revisions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from bot.feeds.deadline_clauses import clause_of, clauses, mask_neutral
from bot.feeds.deadline_cues import CLOSING, SUBMITTING, Role, has_subject, role_of_words
from bot.feeds.deadline_dates import DateMention
from bot.feeds.deadline_kinds import DeadlineKind, clause_kind, text_kind
from bot.feeds.deadline_periods import UNTIL, starts
from bot.feeds.deadline_revisions import extended, superseded


@dataclass(frozen=True, slots=True)
class RoledDate:
    """A date with what its sentence says about it."""

    mention: DateMention
    kind: DeadlineKind
    starts: bool  # "od 1 marca": the opening of a period, not its end
    extended: bool  # "termin przedłużono do": replaces an earlier deadline
    # "PROO 3: do 1.03.2027": a closing date whose sentence does not say what closes. Never
    # the deadline itself, but one that disagrees with the deadline makes it doubtful.
    unclear: bool = False
    # Only a noun before it ("KONKURS OFERT – 16.01.2027"): no word that says it closes. Such
    # a date counts only when no other does.
    bare: bool = False


# Words that make a date a closing one, not just a date beside a name.
_CLOSES: Final = re.compile(
    CLOSING + "|" + SUBMITTING + r"|\bdo\b|\bpo\s+dniu\b|:\s*$", re.IGNORECASE
)
# What marks a date as a closing one right before it: "do", "upływa", "Termin:", "1–".
_MARKED: Final = re.compile(
    r"(?:\bdo|upływa\w*|upłyn\w*|\bmija|\bminie|kończy\s+się|zakończ\w*(?:\s+się)?|najpóźniej"
    r"|\bpo\s+dniu|\bna\s+dzień|[:–—-])\s*(?:dnia\s+|dn\.\s*|w\s+dniu\s+|z\s+dniem\s+)?"
    r"(?:[\w]+\s+)?$",
    re.IGNORECASE,
)
# "28 grudnia upływa termin naboru": the closing word after the date.
# "21 stycznia jest ostatecznym terminem przesyłania wniosków": the same, with "jest".
_CLOSING_AFTER: Final = re.compile(
    r"\s*(?:r\.|roku)?\s*,?\s*(?:(?:jest|będzie|to)\s+(?:\w+\s+){0,4})?" + CLOSING,
    re.IGNORECASE,
)


def assign_roles(
    text: str, mentions: Sequence[DateMention], hint: DeadlineKind | None
) -> list[RoledDate]:
    """The dates of `text` that its words make deadlines (or might: see RoledDate.unclear)."""
    masked = mask_neutral(text)
    kind_of_text = text_kind(masked, hint)
    clause_spans = clauses(masked)
    found: list[RoledDate] = []
    previous: tuple[int, Role | None, DateMention | None] = (-1, None, None)
    for mention in mentions:
        start, end = clause_of(clause_spans, mention.start)
        after_end = min([m.start for m in mentions if m.start >= mention.end] + [end])
        role = _role_in_clause(masked, (start, end), mention, previous, after_end)
        words_from = _window_start(start, previous)
        previous = (start, role, mention)
        clause = masked[start:end]
        if role is Role.EXCLUDED or superseded(masked, start, mention, mentions):
            continue
        clear = role is Role.DEADLINE and has_subject(clause)
        if (
            not clear
            and UNTIL.search(masked, max(start, mention.start - 12), mention.start) is None
        ):
            continue
        found.append(
            RoledDate(
                mention,
                clause_kind(clause, kind_of_text),
                starts=starts(masked, start, mention, mentions),
                extended=extended(masked[start : mention.start]),
                unclear=not clear,
                bare=_CLOSES.search(masked, words_from, mention.start) is None
                and _CLOSING_AFTER.match(masked, mention.end) is None,
            )
        )
    return found


def _window_start(clause_start: int, previous: tuple[int, Role | None, DateMention | None]) -> int:
    """Where the words about a date begin: its clause, or the end of the clause's last date."""
    clause_before, _, mention_before = previous
    if clause_before == clause_start and mention_before is not None:
        return mention_before.end
    return clause_start


def _role_in_clause(
    text: str,
    clause: tuple[int, int],
    mention: DateMention,
    previous: tuple[int, Role | None, DateMention | None],
    after_end: int,
) -> Role | None:
    """A date's role from the words since the clause's previous date, else that date's role,
    else the words after it (up to `after_end`, the next date or the clause's end)."""
    start, end = clause
    clause_before, role_before, mention_before = previous
    same_clause = clause_before == start and mention_before is not None
    role = role_of_words(text[_window_start(start, previous) : mention.start])
    if role is None and same_clause:
        role = role_before
    if role is None:
        return role_of_words(text[mention.end : end], after=True)
    # "w dniu 25 stycznia o godz. 15:00 odbędzie się spotkanie": with no "do" or "upływa"
    # before it, what follows the date says what it is.
    unmarked = _MARKED.search(text, start, mention.start) is None
    if role is Role.DEADLINE and unmarked:
        after = role_of_words(text[mention.end : after_end], after=True)
        return Role.EXCLUDED if after is Role.EXCLUDED else role
    return role
