"""/postulate, /mypostulates and /postulates: members send, follow up on and back proposals."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.core import messages
from bot.core.dialogs import Dialog
from bot.core.users import Role
from bot.postulates.actions import MEMBER, parse
from bot.postulates.browse_view import WITHDRAW_FLOW
from bot.postulates.view import FLOW
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
from handlers.dialogs import register_flow
from handlers.types import App, Context

# The /postulate conversation's buttons; "x" (cancel) also ends a withdrawal in progress.
CONVERSATION = frozenset({"r", "t", "b", "e", "s", "x", "cr", "cn"})
WITHDRAWAL = frozenset({"wy"})


async def member_in_private(update: Update, caller: Caller) -> bool:
    """Anyone registered, in a private chat (typed answers are routed from there only)."""
    return await allowed(update, caller, Role.MEMBER, messages.private_only(caller.t))


async def postulate_command(update: Update, context: Context) -> None:
    """Start a postulate, or offer to resume the saved draft."""
    caller = await identify(update, context)
    if await member_in_private(update, caller):
        flow = flows_of(context).postulate
        await show(update, await flow.start(caller.profile.telegram_id, caller.t))


async def mypostulates_command(update: Update, context: Context) -> None:
    """The user's and their organisation's postulates with their status."""
    caller = await identify(update, context)
    if await member_in_private(update, caller):
        desk = flows_of(context).browse
        await send(update, await desk.mine(caller.profile.telegram_id, 0, caller.t))


async def postulates_command(update: Update, context: Context) -> None:
    """Browse the open postulates: first the round."""
    caller = await identify(update, context)
    if await member_in_private(update, caller):
        await send(update, await flows_of(context).browse.rounds_screen(caller.t))


async def postulate_callback(update: Update, context: Context) -> None:
    """Any "pst:" button; its values are checked again before anything changes."""
    await on_button(update, context, Role.MEMBER, messages.stale_button, _press)


async def _press(update: Update, context: Context, caller: Caller) -> Pressed:
    action = parse(button_data(update), MEMBER)
    if action is None:
        return None
    flows, t, user_id = flows_of(context), caller.t, caller.profile.telegram_id
    dialog = await services_of(context).dialogs.get(user_id)
    withdrawing = dialog is not None and dialog.flow == WITHDRAW_FLOW
    if action.name in WITHDRAWAL or (action.name == "x" and withdrawing):
        return await flows.browse.withdraw_press(dialog, action, t)
    if action.name in CONVERSATION:
        return await flows.postulate.press(user_id, dialog, action, t)
    return await flows.browse.press(user_id, action, t)


async def postulate_step(
    update: Update, context: Context, caller: Caller, dialog: Dialog, text: str | None
) -> None:
    """A typed title, description or "who it concerns"."""
    await show(update, await flows_of(context).postulate.answer(dialog, text, caller.t))


async def withdraw_step(
    update: Update, context: Context, caller: Caller, dialog: Dialog, text: str | None
) -> None:
    """The typed reason for a withdrawal."""
    desk = flows_of(context).browse
    await show(update, await desk.withdraw_reason(dialog, text, caller.t))


def register(app: App) -> None:
    """The three member commands, their "pst:" buttons and two conversations."""
    app.add_handler(CommandHandler("postulate", postulate_command))
    app.add_handler(CommandHandler("mypostulates", mypostulates_command))
    app.add_handler(CommandHandler("postulates", postulates_command))
    app.add_handler(CallbackQueryHandler(postulate_callback, pattern=f"^{MEMBER}:"))
    register_flow(FLOW, postulate_step)
    register_flow(WITHDRAW_FLOW, withdraw_step)
