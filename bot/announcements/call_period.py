"""Art. 13 of the public-benefit act: an open call runs at least 21 days before its deadline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final

from bot.announcements.model import Announcement
from bot.core.i18n import N_, Translator
from bot.core.render import Html
from bot.core.topics import Kind

# Ustawa o działalności pożytku publicznego i o wolontariacie, art. 13 ust. 1: at least 21
# days between an open call's announcement and its deadline for offers.
MINIMUM_CALL_PERIOD: Final = timedelta(days=21)
SHORT_CALL_WARNING: Final = N_(
    "⚠️ Less than 21 days to the deadline: art. 13 of the public benefit act requires at least "
    "21 days from a call's announcement to its deadline (you can still publish)."
)


def is_short_call(announcement: Announcement, now: datetime) -> bool:
    """Whether a call for proposals has less than the statutory 21 days left to its deadline.

    A warning, never a refusal: the bot is not the statutory channel, and staff may be relaying
    a call the city announced earlier.
    """
    deadline = announcement.deadline
    if announcement.kind is not Kind.CALL or deadline is None:
        return False
    return deadline.astimezone(UTC) - now.astimezone(UTC) < MINIMUM_CALL_PERIOD


def short_call_warning(t: Translator) -> Html:
    return t.gettext(SHORT_CALL_WARNING)
