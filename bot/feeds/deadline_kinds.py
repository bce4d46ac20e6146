"""What a deadline closes (a call, a consultation, a sign-up), from its clause or its text."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Final

from bot.feeds.deadline_cues import COMMENTING, REGISTERING


class DeadlineKind(StrEnum):
    """What a deadline closes; decides its time when the text gives none."""

    CALL = "call"  # a call for proposals or grant applications
    CONSULTATION = "consultation"  # comments on a draft
    OTHER = "other"  # registration, recruitment


_COMMENT: Final = re.compile(COMMENTING, re.IGNORECASE)
_REGISTER: Final = re.compile(REGISTERING, re.IGNORECASE)
# A call named as such: signing up for it ("nabór wniosków", "udział w konkursie ofert") is it.
_CALL_ITSELF: Final = re.compile(
    r"\b(?:konkurs\w*\s+ofert|nab[oó]r\w*\s+(?:wniosk|ofert))", re.IGNORECASE
)
_CONSULTED: Final = re.compile(
    COMMENTING
    + r"|\bprojek\w*\s+(?:uchwał|program|dokument|zarządz|regulamin|strateg|plan|studium|rozporz)",
    re.IGNORECASE,
)
_FUNDED: Final = re.compile(
    r"\b(?:konkurs\w*\s+ofert|nab[oó]r\w*\s+(?:wniosk|ofert)|dotac|grant|dofinansow|ofert)",
    re.IGNORECASE,
)


def clause_kind(clause: str, text_kind: DeadlineKind) -> DeadlineKind:
    """What a clause's deadline closes: comments, a sign-up, else what the whole text closes."""
    if _COMMENT.search(clause) is not None:
        return DeadlineKind.CONSULTATION
    if _REGISTER.search(clause) is not None and _CALL_ITSELF.search(clause) is None:
        return DeadlineKind.OTHER
    return text_kind


def text_kind(text: str, hint: DeadlineKind | None) -> DeadlineKind:
    """The kind of the whole announcement: a consultation, a call, or (from the feed) other."""
    consultation = _CONSULTED.search(text) is not None
    call = _FUNDED.search(text)
    if consultation and call is None:
        return DeadlineKind.CONSULTATION
    if call is None and hint is not None:
        return hint
    return DeadlineKind.CALL
