"""/review: staff mark, merge, answer and publish postulates; the role is read on every update."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.core import messages
from bot.core.dialogs import Dialog
from bot.core.users import Role
from bot.postulates.actions import STAFF, parse
from bot.postulates.review_view import ANSWER_FLOW, CORRECT_FLOW, MERGE_FLOW
from handlers.common import (
    Caller,
    Pressed,
    allowed,
    button_data,
    flows_of,
    identify,
    on_button,
    send,
    show,
)
from handlers.dialogs import register_flow, still_allowed
from handlers.types import App, Context


async def review_command(update: Update, context: Context) -> None:
    """The queue of new and under-review postulates (staff and admins only)."""
    caller = await identify(update, context)
    if await allowed(update, caller, Role.STAFF, messages.staff_only(caller.t)):
        await send(update, await flows_of(context).review.queue(0, caller.t))


async def review_callback(update: Update, context: Context) -> None:
    """Any "prv:" button: staff only (read now), its ids checked again before any change."""
    await on_button(update, context, Role.STAFF, messages.staff_only, _press)


async def _press(update: Update, context: Context, caller: Caller) -> Pressed:
    action = parse(button_data(update), STAFF)
    if action is None:
        return None
    return await flows_of(context).review.press(caller.profile.telegram_id, action, caller.t)


async def review_step(
    update: Update, context: Context, caller: Caller, dialog: Dialog, text: str | None
) -> None:
    """A merge target's number or the city's position; a demoted staff member is stopped."""
    if not await still_allowed(update, context, caller, Role.STAFF, messages.staff_only(caller.t)):
        return
    await show(update, await flows_of(context).review.typed(dialog, text, caller.t))


def register(app: App) -> None:
    """/review, its "prv:" buttons and its two typed steps (merge target, position)."""
    app.add_handler(CommandHandler("review", review_command))
    app.add_handler(CallbackQueryHandler(review_callback, pattern=f"^{STAFF}:"))
    register_flow(MERGE_FLOW, review_step)
    register_flow(ANSWER_FLOW, review_step)
    register_flow(CORRECT_FLOW, review_step)
