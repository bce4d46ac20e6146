"""/rounds: staff list consultation rounds and open one in a saved conversation."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.core import messages
from bot.core.dialogs import Dialog
from bot.core.screens import Reply
from bot.core.users import Role
from bot.postulates import rounds_view as view
from handlers.common import (
    Caller,
    Pressed,
    allowed,
    button_data,
    flows_of,
    identify,
    on_button,
    send,
    services_of,
    show,
)
from handlers.dialogs import register_flow, still_allowed
from handlers.types import App, Context


async def rounds_command(update: Update, context: Context) -> None:
    """Every round with its state and dates, and the button opening a new one."""
    caller = await identify(update, context)
    if not await allowed(update, caller, Role.STAFF, messages.staff_only(caller.t)):
        return
    await send(update, await flows_of(context).rounds.listing(caller.t))


async def rounds_callback(update: Update, context: Context) -> None:
    """Any /rounds button: staff only (read now), valid only at its step of the conversation."""
    await on_button(update, context, Role.STAFF, messages.staff_only, _press)


async def _press(update: Update, context: Context, caller: Caller) -> Pressed:
    action, flow = view.parse(button_data(update)), flows_of(context).rounds
    if action is None:
        return None
    user_id = caller.profile.telegram_id
    if action.name == "n":
        return Reply(send=(await flow.start(user_id, caller.t),))
    dialog = await services_of(context).dialogs.get(user_id)
    return await flow.press(dialog, action, caller.t)


async def rounds_step(
    update: Update, context: Context, caller: Caller, dialog: Dialog, text: str | None
) -> None:
    """A typed answer (title, description, dates); a demoted staff member is stopped."""
    if not await still_allowed(update, context, caller, Role.STAFF, messages.staff_only(caller.t)):
        return
    await show(update, await flows_of(context).rounds.answer(dialog, text, caller.t))


def register(app: App) -> None:
    """/rounds, its buttons ("rnd:...") and its open-a-round conversation."""
    app.add_handler(CommandHandler("rounds", rounds_command))
    app.add_handler(CallbackQueryHandler(rounds_callback, pattern=f"^{view.PREFIX}:"))
    register_flow(view.FLOW, rounds_step)
