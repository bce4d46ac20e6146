"""Where the clauses of a Polish announcement start and end, and which words only look like cues.

A clause ends at a sentence end that is not an abbreviation ("m.st.", "ul."), a semicolon, a
contrasting ", a" or a new line that does not continue a label ("Termin:").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import Final

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


def mask_neutral(text: str) -> str:
    """`text` with addresses, asides and the call's title blanked out, same length."""
    return _NEUTRAL.sub(lambda found: " " * len(found.group()), text)


def clauses(text: str) -> list[tuple[int, int]]:
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


def clause_of(clauses: Sequence[tuple[int, int]], position: int) -> tuple[int, int]:
    """The clause that holds `position`."""
    return next(((s, e) for s, e in clauses if s <= position < e), (0, position))
