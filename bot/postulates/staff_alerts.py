"""How staff hear about new postulates: at once, in one daily summary, or not at all."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Final
from zoneinfo import ZoneInfo

from bot.core.clock import Clock, utc_now
from storage import Database, staff_alerts

SUMMARY_HOUR: Final = time(8, 0)  # local time of the daily summary
SUMMARY_ITEMS: Final = 15  # titles listed; the count covers the rest


class AlertMode(StrEnum):
    NOW = "now"
    DAILY = "daily"
    OFF = "off"


@dataclass(frozen=True, slots=True)
class Summary:
    """One staff member's daily summary: the first titles and how many came in all."""

    user_id: int
    items: list[tuple[int, str]]
    total: int
    until: datetime


class StaffAlertService:
    """Each staff member's choice, and the summaries due."""

    def __init__(self, db: Database, zone: ZoneInfo, clock: Clock = utc_now) -> None:
        self._db = db
        self._zone = zone
        self._clock = clock

    async def mode(self, user_id: int) -> AlertMode:
        return AlertMode(await staff_alerts.get_mode(self._db, user_id))

    async def set_mode(self, user_id: int, mode: AlertMode) -> AlertMode:
        await staff_alerts.set_mode(self._db, user_id, AlertMode(mode), self._clock())
        return await self.mode(user_id)

    async def at_once(self) -> list[int]:
        """Staff who want to hear about each new postulate as it comes."""
        return [user for user, _ in await staff_alerts.list_staff(self._db, AlertMode.NOW)]

    async def due_summaries(self) -> list[Summary]:
        """Daily summaries whose time has come (today's, or a missed one after downtime)."""
        now = self._clock()
        local = now.astimezone(self._zone)
        slot = datetime.combine(local.date(), SUMMARY_HOUR, self._zone)
        if local < slot:
            slot -= timedelta(days=1)
        due = []
        for user, last in await staff_alerts.list_staff(self._db, AlertMode.DAILY):
            if last is not None and last >= slot:
                continue
            since = last if last is not None else now - timedelta(days=1)
            items, total = await staff_alerts.list_submitted_between(
                self._db, since, now, SUMMARY_ITEMS
            )
            due.append(Summary(user, items, total, now))
        return due

    async def summary_sent(self, summary: Summary) -> None:
        await staff_alerts.mark_summarised(self._db, summary.user_id, summary.until)
