"""What `ngobot announce` tells the operator: the dates it understood, and its dry run.

The dates are echoed in the long form the bot's default language uses (Polish unless
NGOBOT_DEFAULT_LANGUAGE says otherwise), exactly as staff see them confirmed in chat and
recipients read them, so a misread "15.01" shows before anyone receives it. The echo goes to
stderr: stdout stays the announcement's id, for scripts.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

from bot.announcements.call_period import is_short_call
from bot.announcements.model import Announcement, Field
from bot.announcements.render import AnnouncementRenderer
from bot.announcements.service import AnnouncementService
from bot.core.dates import format_long
from bot.core.safe_html import visible_text

# Field -> how the echo names it: the option it came from.
DATE_LABELS: Final = {
    Field.STARTS: "starts",
    Field.ENDS: "ends",
    Field.DEADLINE: "deadline",
    Field.SCHEDULE: "publish at",
}
SHORT_CALL: Final = (
    "warning: the deadline is less than 21 days away; art. 13 of the public benefit act "
    "gives a call at least 21 days from its announcement (publishing anyway)"
)


def understood(
    values: Mapping[Field, object], at: datetime | None, language: str, zone: ZoneInfo
) -> list[str]:
    """ "deadline: 15 stycznia 2027, 15:00" for every date given, in the order of the fields."""
    dates = {**values, Field.SCHEDULE: at}
    return [
        f"{label}: {format_long(moment, language, zone)}"
        for field, label in DATE_LABELS.items()
        if isinstance(moment := dates.get(field), datetime)
    ]


def warnings(candidate: Announcement, now: datetime) -> list[str]:
    """One line per thing the operator should know before it goes out (not refusals)."""
    return [SHORT_CALL] if is_short_call(candidate, now) else []


async def dry_run(
    candidate: Announcement,
    renderer: AnnouncementRenderer,
    service: AnnouncementService,
    language: str,
) -> str:
    """The recipients' message as a reader in `language` sees it (tags off) and the audience."""
    people, organisations = await service.audience_size(candidate)
    message = await renderer.message(candidate, language, cached=False)
    return "\n".join(
        [
            "dry run: nothing was published or queued",
            f"audience: {_count(people, 'chat')} in {_count(organisations, 'organisation')}",
            f"--- message ({language}) ---",
            visible_text(message.text),
            "---",
        ]
    )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
