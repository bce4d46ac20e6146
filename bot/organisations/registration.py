"""Registering an organisation as a saved conversation: the questions, and checking answers."""

from __future__ import annotations

from typing import Any

from bot.organisations.service import OrgError, normalise_krs, validate_email, validate_org_name

FLOW = "register"
NAME, KRS, DISTRICT, EMAIL, CONFIRM = "name", "krs", "district", "email", "confirm"
STEPS = (NAME, KRS, DISTRICT, EMAIL, CONFIRM)
OPTIONAL = (KRS, DISTRICT, EMAIL)
# After CONFIRM has registered the organisation: its areas of work, optional. The dialog keeps
# the new organisation's id (REGISTERED) so the step's buttons act only for it, only once.
AREAS, REGISTERED = "areas", "registered"


def at_areas_step(flow: str, step: str, data: dict[str, Any], org_id: int) -> bool:
    """Whether a registration dialog waits at the areas step of organisation `org_id`."""
    return flow == FLOW and step == AREAS and data.get(REGISTERED) == org_id


def next_step(step: str) -> str:
    """The question after `step` (CONFIRM stays CONFIRM)."""
    index = STEPS.index(step) if step in STEPS else len(STEPS) - 1
    return STEPS[min(index + 1, len(STEPS) - 1)]


def answers(data: dict[str, Any]) -> tuple[str, str | None, str | None, str | None]:
    """The saved answers as register()'s arguments: name, KRS, district, e-mail."""

    def optional(key: str) -> str | None:
        value = data.get(key)
        return value if isinstance(value, str) and value else None

    return str(data.get(NAME) or ""), optional(KRS), optional(DISTRICT), optional(EMAIL)


def check_answer(step: str, text: str | None, districts: tuple[str, ...]) -> str | OrgError | None:
    """The cleaned answer to a typed question, an error to explain, or None if no text is asked."""
    text = text or ""
    if step == NAME:
        return validate_org_name(text)
    if step == KRS:
        return normalise_krs(text) or OrgError.KRS_INVALID
    if step == EMAIL:
        return validate_email(text)
    if step == DISTRICT:
        wanted = " ".join(text.split()).casefold()
        return next((d for d in districts if d.casefold() == wanted), OrgError.DISTRICT_UNKNOWN)
    return None
