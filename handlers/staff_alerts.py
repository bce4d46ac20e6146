"""Staff hear about work waiting for them: new postulates (at once or in a daily summary, as
each chooses in /settings) and new organisations to verify."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC
from functools import partial

from telegram import Bot, Update
from telegram.ext import CallbackQueryHandler

from bot.container import Services
from bot.core import messages
from bot.core.users import Role
from bot.organisations import verification_view
from bot.organisations.service import Organisation
from bot.postulates import staff_alerts_view as view
from bot.postulates.model import Postulate
from handlers.common import Caller, alert, edit, identify, send, services_of
from handlers.membership import tell, tell_people
from handlers.types import App, Context

log = logging.getLogger(__name__)
SUMMARY_CHECK_SECONDS = 300.0  # how often the summaries due are looked for


class StaffAlerts:
    """PostulateService.on_submit listener: tell the staff who want it at once."""

    def __init__(self, bot: Bot, services: Services) -> None:
        self._bot = bot
        self._services = services

    async def postulate_submitted(self, postulate: Postulate) -> None:
        staff = await self._services.staff_alerts.at_once()
        await tell_people(
            self._bot, self._services, staff, lambda t: view.new_postulate(t, postulate)
        )


class StaffSummaries:
    """Sends the daily summaries that are due: at start (one missed during downtime) and then
    every few minutes; the database says what was sent, so a restart repeats nothing."""

    def __init__(self, bot: Bot, services: Services, every: float = SUMMARY_CHECK_SECONDS) -> None:
        self._bot = bot
        self._services = services
        self._every = every
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="staff-summaries")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            try:
                await self.send_due()
            except Exception:
                log.exception("sending the staff summaries failed; trying again later")
            await asyncio.sleep(self._every)

    async def send_due(self) -> None:
        alerts = self._services.staff_alerts
        for summary in await alerts.due_summaries():
            # Recorded first: a stop in the middle of the send loses this one summary rather
            # than sending it again at the next start (it is a reminder; /review has it all).
            await alerts.summary_sent(summary)
            if summary.total:
                render = partial(view.summary_text, summary=summary)
                await tell_people(self._bot, self._services, [summary.user_id], render)


async def tell_staff_about_organisation(context: Context, organisation: Organisation) -> None:
    """A new organisation: each staff member gets its card with Verify / Reject."""
    services = services_of(context)
    staff = [p.telegram_id for p in await services.users.list_privileged()]
    zone = (
        context.bot.defaults.tzinfo
        if context.bot.defaults and context.bot.defaults.tzinfo
        else UTC
    )
    await tell(
        context, staff,
        lambda t: view.new_organisation(t, verification_view.card(t, organisation, zone)),
    )  # fmt: skip


async def send_choice(update: Update, context: Context, caller: Caller) -> None:
    """For staff, under /settings: how they hear about new postulates."""
    mode = await services_of(context).staff_alerts.mode(caller.profile.telegram_id)
    await send(update, view.choice_screen(caller.t, mode))


async def choice_callback(update: Update, context: Context) -> None:
    """A choice pressed: staff only (checked now), then the screen shows it."""
    query, caller = update.callback_query, await identify(update, context)
    mode = view.parse(query.data if query else None)
    if query is None or mode is None:
        return await alert(update, messages.stale_button(caller.t))
    if not caller.may(Role.STAFF):
        return await alert(update, messages.staff_only(caller.t))
    chosen = await services_of(context).staff_alerts.set_mode(caller.profile.telegram_id, mode)
    await query.answer()
    await edit(query, view.choice_screen(caller.t, chosen))


def register(app: App) -> None:
    app.add_handler(CallbackQueryHandler(choice_callback, pattern=f"^{view.PREFIX}:"))
