"""Routes a private message to the conversation the user has in progress, and /cancel."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import CommandHandler, MessageHandler, filters

from bot.core import messages
from bot.core.dialogs import Dialog
from bot.core.users import Role
from handlers.common import Caller, identify, reply, services_of
from handlers.types import App, Context

# A flow's step handler gets the user's text (or None for a non-text message) and the dialog.
StepHandler = Callable[[Update, Context, Caller, Dialog, str | None], Awaitable[None]]
_FLOWS: dict[str, StepHandler] = {}
# A flow that must undo something when left with /cancel (a scheduled announcement taken off
# its schedule for editing goes back on it); True when it has answered the user itself.
CancelHook = Callable[[Update, Context, Caller, Dialog], Awaitable[bool]]
_ON_CANCEL: dict[str, CancelHook] = {}


def register_flow(flow: str, handler: StepHandler) -> None:
    """Let a feature receive the free-text answers of its conversation `flow`."""
    _FLOWS[flow] = handler


def register_cancel(flow: str, hook: CancelHook) -> None:
    """Let a feature handle /cancel of its conversation `flow` first."""
    _ON_CANCEL[flow] = hook


async def still_allowed(
    update: Update, context: Context, caller: Caller, role: Role, refusal: str
) -> bool:
    """A conversation goes on only while the caller keeps the role; otherwise it ends here."""
    if caller.may(role):
        return True
    await services_of(context).dialogs.finish(caller.profile.telegram_id)
    await reply(update, refusal)
    return False


async def route_message(update: Update, context: Context) -> None:
    """Hand the message to the user's conversation in progress, or give the free-text hint."""
    caller = await identify(update, context)
    dialog = await services_of(context).dialogs.get(caller.profile.telegram_id)
    handler = _FLOWS.get(dialog.flow) if dialog else None
    if dialog is None or handler is None:
        await reply(update, messages.free_text_hint(caller.t))
        return
    message = update.effective_message
    await handler(update, context, caller, dialog, message.text if message else None)


async def cancel_command(update: Update, context: Context) -> None:
    """Leave any conversation in progress; what was already saved stays saved."""
    caller = await identify(update, context)
    dialogs = services_of(context).dialogs
    dialog = await dialogs.get(caller.profile.telegram_id)
    hook = _ON_CANCEL.get(dialog.flow) if dialog is not None else None
    if dialog is not None and hook is not None and await hook(update, context, caller, dialog):
        return
    had_dialog = dialog is not None
    await dialogs.finish(caller.profile.telegram_id)
    await reply(
        update,
        messages.cancelled(caller.t) if had_dialog else messages.nothing_to_cancel(caller.t),
    )


def register(app: App) -> None:
    """/cancel; the free-text router is registered last, by register_fallbacks."""
    app.add_handler(CommandHandler("cancel", cancel_command))


def register_fallbacks(app: App) -> None:
    """Private, non-command messages: the conversation in progress, else a hint."""
    private = filters.ChatType.PRIVATE
    app.add_handler(
        MessageHandler(private & ~filters.COMMAND & ~filters.StatusUpdate.ALL, route_message)
    )
