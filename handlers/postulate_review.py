"""/review: staff mark, merge, answer and publish postulates; the role is read on every update."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.services import messages
from bot.services.container import Services
from bot.services.dialogs import Dialog
from bot.services.postulate_actions import STAFF, parse
from bot.services.postulate_review_flow import StaffDesk
from bot.services.postulate_review_ui import ANSWER_FLOW, CORRECT_FLOW, MERGE_FLOW
from bot.services.users import Role
from handlers.announce import show
from handlers.common import Caller, alert, allowed, button_refused, identify, send, services_of
from handlers.dialogs import register_flow, still_allowed
from handlers.types import App, Context


def desk_of(services: Services) -> StaffDesk:
    return StaffDesk(
        services.postulate_desk,
        services.postulates,
        services.rounds,
        services.topics,
        services.dialogs,
        services.postulate_reach,
        services.announcements.zone,
    )


async def review_command(update: Update, context: Context) -> None:
    """The queue of new and under-review postulates (staff and admins only)."""
    caller = await identify(update, context)
    if await allowed(update, caller, Role.STAFF, messages.staff_only(caller.t)):
        await send(update, await desk_of(services_of(context)).queue(0, caller.t))


async def review_callback(update: Update, context: Context) -> None:
    """Any "prv:" button: staff only (read now), its ids checked again before any change."""
    query, caller = update.callback_query, await identify(update, context)
    if query is None or await button_refused(
        update, caller, Role.STAFF, messages.staff_only(caller.t)
    ):
        return
    action = parse(query.data, STAFF)
    desk = desk_of(services_of(context))
    result = None
    if action is not None:
        result = await desk.press(caller.profile.telegram_id, action, caller.t)
    if result is None:
        await alert(update, messages.stale_button(caller.t))
        return
    await show(update, result)


async def review_step(
    update: Update, context: Context, caller: Caller, dialog: Dialog, text: str | None
) -> None:
    """A merge target's number or the city's position; a demoted staff member is stopped."""
    if not await still_allowed(update, context, caller, Role.STAFF, messages.staff_only(caller.t)):
        return
    await show(update, await desk_of(services_of(context)).typed(dialog, text, caller.t))


def register(app: App) -> None:
    """/review, its "prv:" buttons and its two typed steps (merge target, position)."""
    app.add_handler(CommandHandler("review", review_command))
    app.add_handler(CallbackQueryHandler(review_callback, pattern=f"^{STAFF}:"))
    register_flow(MERGE_FLOW, review_step)
    register_flow(ANSWER_FLOW, review_step)
    register_flow(CORRECT_FLOW, review_step)
