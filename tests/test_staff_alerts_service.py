"""Daily staff summaries on a real database: due once per day after 8:00 local time, covering
what came since the last one; the choice of each staff member is kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.users import Role, UserService
from bot.postulates.staff_alerts import AlertMode, StaffAlertService
from storage import Database, users
from tests.postulate_support import build, person

WARSAW = ZoneInfo("Europe/Warsaw")


async def test_a_summary_is_due_once_a_day_after_eight_and_covers_what_is_new(
    db: Database,
) -> None:
    world = await build(db)
    clock = world.clock
    clock.now = datetime(2026, 12, 10, 6, 30, tzinfo=UTC)  # 7:30 in Warsaw
    await UserService(db, "pl").register(900, "pl")
    assert await users.set_role(db, 900, Role.STAFF)
    alerts = StaffAlertService(db, WARSAW, clock)
    assert await alerts.mode(900) is AlertMode.NOW and await alerts.at_once() == [900]
    await alerts.set_mode(900, AlertMode.DAILY)
    assert await alerts.at_once() == []
    assert await alerts.due_summaries() == []  # the choice starts now, before today's 8:00
    await person(db, 101)
    clock.now += timedelta(minutes=10)
    await world.submit(101, title="Kluby seniora")
    clock.now += timedelta(hours=1)  # 8:40 in Warsaw
    [summary] = await alerts.due_summaries()
    assert summary.total == 1 and summary.items[0][1] == "Kluby seniora"
    await alerts.summary_sent(summary)
    assert await alerts.due_summaries() == []
    clock.now += timedelta(days=1)
    [empty] = await alerts.due_summaries()
    assert empty.total == 0
    await alerts.set_mode(900, AlertMode.OFF)
    assert await alerts.due_summaries() == [] and await alerts.at_once() == []
