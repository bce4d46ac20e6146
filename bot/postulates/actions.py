"""Postulate buttons ("pst" members, "prv" staff): parsing, the saved draft, refusal texts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from bot.core.callbacks import unpack
from bot.core.i18n import N_, Translator
from bot.core.render import Html
from bot.numbers import parse_natural
from bot.postulates.model import PER_DAY, Draft, Problem, Refusal

MEMBER: Final = "pst"
STAFF: Final = "prv"
INBOX: Final = 0  # round id 0 in callback data: the general inbox (real ids start at 1)
ALL_TOPICS: Final = 0
# The draft's fields in the order the conversation asks for them; an edit button names one.
FIELDS: Final = ("round", "topic", "title", "description", "beneficiaries", "behalf")
TEXT_FIELDS: Final = ("title", "description", "beneficiaries")

# Action name -> how many integer arguments follow it in the callback data.
# fmt: off
_MEMBER_ARGS: Final[dict[str, int]] = {
    # the /postulate conversation: round, topic, on behalf (1) or not (0), edit field,
    # submit, cancel, resume the saved draft, start a new one
    "r": 1, "t": 1, "b": 1, "e": 1, "s": 0, "x": 0, "cr": 0, "cn": 0,
    # /mypostulates: page; a card (postulate, page); withdraw (postulate, page); confirm
    "m": 1, "mo": 2, "w": 2, "wy": 0,
    # /postulates: rounds; topics of a round; page (round, topic, page); card, support
    # (postulate, round, topic, page); follow (postulate, on, round, topic, page)
    "bl": 0, "bs": 1, "bp": 3, "bo": 4, "sp": 4, "fo": 5,
}
_STAFF_ARGS: Final[dict[str, int]] = {
    # the queue (page); a card, under review, merge, answer, publish (postulate, page)
    "q": 1, "o": 2, "u": 2, "m": 2, "a": 2, "p": 2,
    # confirmed: publish (postulate, page), merge (postulate, into, page)
    "pc": 2, "mc": 3,
    # correcting a published answer: start (postulate, page), the status (postulate, index,
    # page), send the correction (postulate, page)
    "ca": 2, "cs": 3, "cy": 2,
    # the answer's status (postulate, index in ANSWERS, page); cancel a typed step
    "as": 3, "x": 0,
    # publishing a round's drafted answers: the rounds, ask (round), confirmed (round)
    "rl": 0, "pr": 1, "py": 1,
}
# fmt: on
_ARGS: Final = {MEMBER: _MEMBER_ARGS, STAFF: _STAFF_ARGS}


@dataclass(frozen=True, slots=True)
class Action:
    """A parsed postulate button: its name and its integer arguments."""

    name: str
    ids: tuple[int, ...] = ()


def parse(data: str | None, prefix: str) -> Action | None:
    """A "pst" or "prv" button; None for anything malformed or forged."""
    head = unpack(data, prefix, len((data or "").split(":")) - 1)
    if not head:
        return None
    name, *args = head
    if _ARGS[prefix].get(name) != len(args):
        return None
    numbers = [parse_natural(arg) for arg in args]
    if None in numbers:
        return None
    return Action(name, tuple(n for n in numbers if n is not None))


def draft_of(data: Mapping[str, Any]) -> Draft:
    """Read back a draft saved by draft_data(); anything damaged becomes "not chosen"."""

    def number(key: str) -> int | None:
        value = data.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def text(key: str) -> str:
        value = data.get(key)
        return value if isinstance(value, str) else ""

    return Draft(
        round_id=number("round_id"),
        topic_id=number("topic_id"),
        title=text("title"),
        description=text("description"),
        beneficiaries=text("beneficiaries"),
        on_behalf=data.get("on_behalf") is True,
    )


def draft_data(draft: Draft) -> dict[str, Any]:
    return {
        "round_id": draft.round_id,
        "topic_id": draft.topic_id,
        "title": draft.title,
        "description": draft.description,
        "beneficiaries": draft.beneficiaries,
        "on_behalf": draft.on_behalf,
    }


def problem_text(t: Translator, refusal: Refusal) -> Html:
    """Why an action was refused, politely and in the reader's language."""
    problem = refusal.problem
    if problem is Problem.TOO_LONG:
        return t.ngettext(
            "That is {n} character too long. Please shorten it.",
            "That is {n} characters too long. Please shorten it.",
            refusal.excess,
        )
    if problem is Problem.TOO_MANY:
        return t.gettext(
            "You can send {limit} postulates a day and none are left today."
            " Please try again tomorrow; your draft stays saved.",
            limit=PER_DAY,
        )
    return t.gettext(_PROBLEMS.get(problem, _FALLBACK))


_FALLBACK: Final = N_("This cannot be done now.")
_PROBLEMS: Final[dict[Problem, str]] = {
    Problem.EMPTY: N_("This cannot be empty. Please send some text."),
    Problem.ROUND_CLOSED: N_("This consultation round is closed now."),
    Problem.UNKNOWN_TOPIC: N_(
        "This topic cannot be chosen (any more). Please choose another one."
    ),
    Problem.NO_ORGANISATION: N_("You are not a member of an organisation."),
    Problem.OWN_ORGANISATION: N_("You cannot support your own organisation's postulate."),
    Problem.ALREADY: N_("This has already been done."),
    Problem.NOT_ALLOWED: N_("You may not do this."),
    Problem.WRONG_STATE: N_(
        "This postulate is no longer open: it was withdrawn, merged or answered."
    ),
    Problem.NOT_FOUND: N_("There is no such postulate."),
}
