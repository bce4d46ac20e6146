"""/rounds: staff list consultation rounds and open one in a saved conversation."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.core import messages
from bot.core.dialogs import Dialog
from bot.core.users import Role
from bot.postulates import rounds_view as view
from bot.postulates.rounds_flow import RoundFlow
from handlers.announce import show
from handlers.common import Caller, alert, allowed, button_refused, identify, send, services_of
from handlers.dialogs import register_flow, still_allowed
from handlers.types import App, Context


def flow_of(context: Context) -> RoundFlow:
    services = services_of(context)
    return RoundFlow(
        services.rounds, services.topics, services.dialogs, services.announcements.zone
    )


async def rounds_command(update: Update, context: Context) -> None:
    """Every round with its state and dates, and the button opening a new one."""
    caller = await identify(update, context)
    if not await allowed(update, caller, Role.STAFF, messages.staff_only(caller.t)):
        return
    await send(update, await flow_of(context).listing(caller.t))


async def rounds_callback(update: Update, context: Context) -> None:
    """Any /rounds button: staff only (read now), valid only at its step of the conversation."""
    query, caller = update.callback_query, await identify(update, context)
    if query is None or await button_refused(
        update, caller, Role.STAFF, messages.staff_only(caller.t)
    ):
        return
    action, flow = view.parse(query.data), flow_of(context)
    user_id = caller.profile.telegram_id
    if action is not None and action.name == "n":
        await query.answer()
        await send(update, await flow.start(user_id, caller.t))
        return
    dialog = await services_of(context).dialogs.get(user_id)
    result = None if action is None else await flow.press(dialog, action, caller.t)
    if result is None:
        await alert(update, messages.stale_button(caller.t))
        return
    await show(update, result)


async def rounds_step(
    update: Update, context: Context, caller: Caller, dialog: Dialog, text: str | None
) -> None:
    """A typed answer (title, description, dates); a demoted staff member is stopped."""
    if not await still_allowed(update, context, caller, Role.STAFF, messages.staff_only(caller.t)):
        return
    await show(update, await flow_of(context).answer(dialog, text, caller.t))


def register(app: App) -> None:
    """/rounds, its buttons ("rnd:...") and its open-a-round conversation."""
    app.add_handler(CommandHandler("rounds", rounds_command))
    app.add_handler(CallbackQueryHandler(rounds_callback, pattern=f"^{view.PREFIX}:"))
    register_flow(view.FLOW, rounds_step)
