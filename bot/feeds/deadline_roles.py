"""What each date in an announcement is for: a submission or comment deadline, or something else.

A rule-based reader of Polish calls and consultations. The text is cut into clauses (sentence
ends that are not abbreviations like "m.st." or "ul.", semicolons, lines); a date takes its
role from the words nearest before it in its clause ("oferty należy składać do", "termin
realizacji zadania:"), else from the date before it in the clause ("od 1 do 15 marca"), else
from the words after it ("Do 3 czerwca trwa konkurs"). Words about results, carrying out the
task, paper confirmations, meetings and publication make a date something other than a deadline;
a corrected date ("nie do 14, lecz do 21 grudnia") gives way, and a notice that cancels a call
states none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise
from typing import Final

from bot.feeds.deadline_dates import DateMention


class DeadlineKind(StrEnum):
    """What a deadline closes; decides its time when the text gives none."""

    CALL = "call"  # a call for proposals or grant applications
    CONSULTATION = "consultation"  # comments on a draft
    OTHER = "other"  # registration, recruitment


class Role(StrEnum):
    """What a date's words make it."""

    DEADLINE = "deadline"  # the closing date of submissions or comments (or its opening)
    EXCLUDED = "excluded"  # results, the task's period, a meeting, a publication, a paper copy


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


def _words(*stems: str) -> str:
    return r"\b(?:" + "|".join(stems) + r")"


# Nouns and verbs of submitting: what a call's deadline is about.
_CALL: Final = _words(
    r"ofert", r"wnios(?!k\w*\s+z\s+konsultac)", r"nab[oó]r", r"konkurs", r"aplikac",
    r"dotac", r"grant", r"dofinansowan", r"mikrodotac",
)  # fmt: skip
_SUBMITTING: Final = _words(
    r"skład", r"złoż", r"złoże", r"nadsył", r"nadesł", r"przesył", r"przesł", r"przyjm",
    r"dostarcz", r"wnosz", r"wnieś", r"wniesi", r"zgłasz", r"zgłos", r"zgłosz", r"czekamy",
    r"zbiera", r"zbierać", r"formularz", r"kart\w*\s+zgłoszeniow", r"dokument", r"propozycj",
    r"prac\w*\s+konkursow", r"ma(?:ją)?\s+czas", r"aplikow",
)  # fmt: skip
_COMMENTING: Final = _words(
    r"uwag", r"opini", r"konsultac", r"konsultow", r"konsultuj", r"sugesti", r"ankiet"
)
_REGISTERING: Final = _words(
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
_CLOSING: Final = _words(
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
_EXTENDED: Final = re.compile(
    _words(r"przedłuż", r"wydłuż", r"przesun", r"nowy\s+termin", r"zmian\w*\s+termin"),
    re.IGNORECASE,
)
# The date a deadline was moved from: "(pierwotnie 22 stycznia)", "z 22 stycznia na 29 stycznia".
_SUPERSEDED: Final = re.compile(
    _words(r"pierwotn", r"poprzedn", r"dotychczasow", r"wcześniej") + r"\w*\W*$", re.IGNORECASE
)
# Words that make a date a closing one, not just a date beside a name.
_CLOSES: Final = re.compile(
    _CLOSING + "|" + _SUBMITTING + r"|\bdo\b|\bpo\s+dniu\b|:\s*$", re.IGNORECASE
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
    r"\s*(?:r\.|roku)?\s*,?\s*(?:(?:jest|będzie|to)\s+(?:\w+\s+){0,4})?" + _CLOSING,
    re.IGNORECASE,
)
# "W poniedziałek 11 stycznia rozpoczęły się konsultacje": the date opens what follows it.
_STARTS_AFTER: Final = re.compile(
    r"\s*(?:r\.|roku)?\s+(?:\w+\s+)?"
    r"(?:rozpocz(?:ął|ęł|yna|ną|nie)\w*|wystartow\w*|startuje|rusza\b|ruszył\w*)",
    re.IGNORECASE,
)
# "nie do 14 grudnia, jak podawaliśmy, lecz do 21 grudnia", "zamiast 14 grudnia": a corrected
# date; the one after "lecz" counts.
_NEGATED: Final = re.compile(r"\bnie\s+(?:do\s+)?(?:dnia\s+)?$", re.IGNORECASE)
_CORRECTION: Final = re.compile(r"\b(?:lecz|ale|tylko)\b", re.IGNORECASE)
_INSTEAD: Final = re.compile(r"\bzamiast\s+(?:dnia\s+|do\s+)?$", re.IGNORECASE)
_UNTIL: Final = re.compile(r"\bdo\s+(?:dnia\s+|dn\.\s*)?$", re.IGNORECASE)
_MOVED_FROM: Final = re.compile(r"\bz\s+(?:dnia\s+)?$", re.IGNORECASE)
_MOVED_TO: Final = re.compile(r"\s*(?:r\.|roku)?\s*na\s+(?:dzień\s+)?", re.IGNORECASE)
_STARTS: Final = re.compile(
    r"(?:\bod|\bod\s+dnia|\bpocząwszy\s+od|rozpocz\w*(?:\s+się)?|\bstart\w*|\bruszy?|"
    r"\bzaczyna\s+się|\botwarci\w*(?:\s+naboru)?)\s*[:–—-]?\s*(?:dnia\s+|dn\.\s*|w\s+dniu\s+)?"
    r"(?:godz\S*\s*\d{1,2}(?:[:.]\d{2})?\s*,?\s*(?:w\s+dniu\s+|dnia\s+)?)?$",
    re.IGNORECASE,
)
_OPENING: Final = re.compile(_words(r"rozpocz", r"początek", r"początku"), re.IGNORECASE)
# Between the two dates of a range: "1.03.2027 – 31.12.2027", "15 grudnia 2026 r. do 15 ...".
_RANGE_GAP: Final = re.compile(
    r"\s*(?:r\.|roku)?\s*\)?\s*(?:[–—-]|do|do\s+dnia)\s*(?:dnia\s+)?$", re.IGNORECASE
)
_CUE_KINDS: Final = (
    ("excluded", re.compile(_NOT_SUBMISSION, re.IGNORECASE)),
    ("event", re.compile(_EVENTS, re.IGNORECASE)),
    ("published", re.compile(_PUBLISHED, re.IGNORECASE)),
    ("comment", re.compile(_COMMENTING, re.IGNORECASE)),
    ("register", re.compile(_REGISTERING, re.IGNORECASE)),
    ("call", re.compile(_CALL, re.IGNORECASE)),
    ("submit", re.compile(_SUBMITTING, re.IGNORECASE)),
    ("closing", re.compile(_CLOSING, re.IGNORECASE)),
)
_SUBJECTS: Final = frozenset({"comment", "register", "call", "submit"})
# A call named as such: signing up for it ("nabór wniosków", "udział w konkursie ofert") is it.
_CALL_ITSELF: Final = re.compile(
    r"\b(?:konkurs\w*\s+ofert|nab[oó]r\w*\s+(?:wniosk|ofert))", re.IGNORECASE
)

# Parts of a text that only look like cues: addresses, "z uwagi na", the call's own title.
_NEUTRAL: Final = re.compile(
    r"https?://\S+|www\.\S+|\S+@\S+|\bz\s+uwagi\s+na\b|\buwaga\s*[:!]|\bzwraca\w*\s+uwag\w*"
    r"|(?<=konkurs)\w*\s+ofert\s+na\s+realizac\w*"
    r"|(?<=ofert)\w*\s+na\s+realizac\w*(?=\s+w\s+(?:roku|latach|\d{4}))"
    # "„OKO Promocji” na realizację w 2027 roku zadań publicznych": the call's title.
    r"|\bna\s+realizac\w*\s+(?:w\s+(?:roku\s+)?\d{4}\s+(?:roku\s+|r\.\s+)?)?zada\w*\s+publiczn\w*"
    # "Rozstrzygnięcie – wybór ofert, które otrzymają dotację – zaplanowano do …": an aside
    # between dashes says nothing of the date after it.
    r"|(?<=\s)[–—]\s[^\d–—\n]{1,80}?\s[–—](?=\s)"
    # "od dnia opublikowania", "w terminie 21 dni od dnia ukazania się ogłoszenia": a period's
    # start, not a publication date.
    r"|(?:\bw\s+terminie\s+\d+\s+dni\w*(?:\s+\w+)?\s+)?\bod\s+(?:dnia\s+|daty\s+|momentu\s+)*"
    r"(?:publikac|ogłosz|opublik|zamieszcz|ukaza)\w*(?:\s+się)?"
    r"(?:\s+(?:niniejszego\s+|tego\s+)?ogłosze\w*)?",
    re.IGNORECASE,
)
# Not sentence ends: "m.st. Warszawy", "ul. Kartuskiej", "tj. Dz. U.", "godz. 15", "pok. 205".
_ABBREVIATIONS: Final = frozenset(
    (
        "m.st", "st", "ul", "al", "os", "pl", "godz", "tj", "t.j", "j.t", "pkt", "nr", "ust",
        "art", "poz", "dz", "u", "zm", "późn", "ok", "tel", "wg", "np", "m.in", "in", "ww", "w/w",
        "tzn", "tzw", "jw", "pok", "sp", "o.o", "br", "b.r", "lit", "ds", "prof", "dr", "ks",
        "woj", "pow", "gm", "sygn", "zał", "im", "ew", "dn", "św", "rozdz", "par", "str", "cz",
        "mgr", "inż", "hab", "red", "wyd", "oprac", "fot",
    )
)  # fmt: skip
# A sentence may also start with a date: "… do 21 stycznia. 21 stycznia jest terminem …".
_SENTENCE_MARK: Final = re.compile(r"[.!?](?=\s+[\"„(]?[A-ZĄĆĘŁŃÓŚŹŻ])|\.(?=[ \t]+\d)")
_CLAUSE_MARK: Final = re.compile(r";|,\s+(?:a|natomiast|zaś|przy\s+czym)\s", re.IGNORECASE)
# A new line starts a clause, unless it continues a label ("Termin:") or is an item of a list.
_LINE: Final = re.compile(r"\n\s*(?=[A-ZĄĆĘŁŃÓŚŹŻ]|\d{1,2}[.)]\s)")
# ", które odbędą się …" goes on about the noun before the comma, so it is no new piece.
_PIECE: Final = re.compile(r",(?!\s*któr)|\(|\)|\s[–—-]\s|:\s|\n\s*[•·*–—-]")
# "spotkania, które odbędą się 15 grudnia": the day a meeting is held, whatever else is named.
_HELD: Final = re.compile(r"\b(?:odbęd|odbywa|odbył)", re.IGNORECASE)
# A notice that a call is cancelled: the deadlines it names no longer run.
# Not "zastrzega sobie prawo do unieważnienia konkursu", which every call says.
_CANCELLED: Final = re.compile(
    r"\bunieważni(?:a\s+się|am|ł\w*|ono|on\w*)\b|\b(?:w\s+sprawie|o)\s+unieważnieni\w*",
    re.IGNORECASE,
)


def assign_roles(
    text: str, mentions: Sequence[DateMention], hint: DeadlineKind | None
) -> list[RoledDate]:
    """The dates of `text` that its words make deadlines (or might: see RoledDate.unclear)."""
    masked = _NEUTRAL.sub(lambda found: " " * len(found.group()), text)
    text_kind = _text_kind(masked, hint)
    clauses = _clauses(masked)
    found: list[RoledDate] = []
    previous: tuple[int, Role | None, DateMention | None] = (-1, None, None)
    for mention in mentions:
        start, end = _clause_of(clauses, mention.start)
        after_end = min([m.start for m in mentions if m.start >= mention.end] + [end])
        role = _role_in_clause(masked, (start, end), mention, previous, after_end)
        words_from = _window_start(start, previous)
        previous = (start, role, mention)
        clause = masked[start:end]
        if role is Role.EXCLUDED or _superseded(masked, start, mention, mentions):
            continue
        clear = role is Role.DEADLINE and _has_subject(clause)
        if (
            not clear
            and _UNTIL.search(masked, max(start, mention.start - 12), mention.start) is None
        ):
            continue
        found.append(
            RoledDate(
                mention,
                _clause_kind(clause, text_kind),
                starts=_starts(masked, start, mention, mentions),
                extended=_EXTENDED.search(masked[start : mention.start]) is not None,
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
    role = _role(text[_window_start(start, previous) : mention.start])
    if role is None and same_clause:
        role = role_before
    if role is None:
        return _role(text[mention.end : end], after=True)
    # "w dniu 25 stycznia o godz. 15:00 odbędzie się spotkanie": with no "do" or "upływa"
    # before it, what follows the date says what it is.
    unmarked = _MARKED.search(text, start, mention.start) is None
    if role is Role.DEADLINE and unmarked:
        after = _role(text[mention.end : after_end], after=True)
        return Role.EXCLUDED if after is Role.EXCLUDED else role
    return role


def _clauses(text: str) -> list[tuple[int, int]]:
    """Where each clause starts and ends."""
    cuts = {0, len(text)}
    for mark in _SENTENCE_MARK.finditer(text):
        if not _abbreviation_before(text, mark.start()):
            cuts.add(mark.end())
    cuts.update(mark.end() for mark in _CLAUSE_MARK.finditer(text))
    for line in _LINE.finditer(text):
        if not text[: line.start()].rstrip().endswith(":"):
            cuts.add(line.start())
    ordered = sorted(cuts)
    return list(pairwise(ordered))


def _abbreviation_before(text: str, dot: int) -> bool:
    """Whether the dot at `dot` ends an abbreviation ("ul.", "m.st."), not a sentence.

    "r." after a year ends a sentence when a capital follows ("do 15 maja 2027 r. Wyniki").
    """
    token = re.search(r"(\S+)$", text[:dot])
    word = token.group(1).lower().lstrip('(„"') if token else ""
    if word == "r":
        return False
    return word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _clause_of(clauses: Sequence[tuple[int, int]], position: int) -> tuple[int, int]:
    return next(((s, e) for s, e in clauses if s <= position < e), (0, position))


def _role(window: str, after: bool = False) -> Role | None:
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


def _has_subject(clause: str) -> bool:
    """Whether a clause says what closes (offers, comments), not only that something does."""
    return any(rx.search(clause) is not None for kind, rx in _CUE_KINDS if kind in _SUBJECTS)


def _clause_kind(clause: str, text_kind: DeadlineKind) -> DeadlineKind:
    for kind, rx in _CUE_KINDS:
        if rx.search(clause) is None:
            continue
        if kind == "comment":
            return DeadlineKind.CONSULTATION
        if kind == "register" and _CALL_ITSELF.search(clause) is None:
            return DeadlineKind.OTHER
    return text_kind


_CONSULTED: Final = re.compile(
    _COMMENTING
    + r"|\bprojek\w*\s+(?:uchwał|program|dokument|zarządz|regulamin|strateg|plan|studium|rozporz)",
    re.IGNORECASE,
)
_FUNDED: Final = re.compile(
    r"\b(?:konkurs\w*\s+ofert|nab[oó]r\w*\s+(?:wniosk|ofert)|dotac|grant|dofinansow|ofert)",
    re.IGNORECASE,
)


def _text_kind(text: str, hint: DeadlineKind | None) -> DeadlineKind:
    """The kind of the whole announcement: a consultation, a call, or (from the feed) other."""
    consultation = _CONSULTED.search(text) is not None
    call = _FUNDED.search(text)
    if consultation and call is None:
        return DeadlineKind.CONSULTATION
    if call is None and hint is not None:
        return hint
    return DeadlineKind.CALL


def _starts(
    text: str, clause_start: int, mention: DateMention, mentions: Sequence[DateMention]
) -> bool:
    """Whether a date opens a period: "od 1 marca", "rozpoczęcie: 1 marca", "1.03 – 31.03"."""
    before = text[max(clause_start, mention.start - 60) : mention.start]
    if _STARTS.search(before):
        return True
    if _STARTS_AFTER.match(text, mention.end) and not _UNTIL.search(before):
        return True  # "11 stycznia rozpoczęły się konsultacje", not "do 15 stycznia rozpocznie"
    opening = _OPENING.search(before)  # "termin rozpoczęcia naboru: 1 lutego"
    if opening and not re.search(r"\bdo\b|zakończ", before[opening.end() :], re.IGNORECASE):
        return True
    later = [m for m in mentions if m.start >= mention.end]
    if not later:
        return False
    gap = text[mention.end : later[0].start]
    return len(gap) <= 14 and _RANGE_GAP.match(gap) is not None


def _superseded(
    text: str, clause_start: int, mention: DateMention, mentions: Sequence[DateMention]
) -> bool:
    """Whether a date is the one a moved deadline replaced ("przesunięto z 22 na 29 stycznia")."""
    before = text[clause_start : mention.start]
    if _SUPERSEDED.search(before) or _INSTEAD.search(before):
        return True
    if _corrected(text, mention, mentions):
        return True
    if not (_EXTENDED.search(before) and _MOVED_FROM.search(before)):
        return False
    later = [m for m in mentions if m.start >= mention.end]
    return bool(later) and _MOVED_TO.fullmatch(text[mention.end : later[0].start]) is not None


def _corrected(text: str, mention: DateMention, mentions: Sequence[DateMention]) -> bool:
    """Whether a date is negated and a later one in its sentence replaces it ("nie do 14, lecz
    do 21 grudnia")."""
    if _NEGATED.search(text, max(mention.start - 12, 0), mention.start) is None:
        return False
    later = [m for m in mentions if m.start >= mention.end]
    if not later:
        return False
    between = text[mention.end : later[0].start]
    return "." not in between.replace("r.", "") and _CORRECTION.search(between) is not None


def cancelled(text: str) -> bool:
    """Whether `text` announces that a call is cancelled ("unieważnia się otwarty konkurs")."""
    return _CANCELLED.search(text) is not None
