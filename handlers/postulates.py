"""/postulate, /mypostulates and /postulates: members send, follow up on and back proposals."""

from __future__ import annotations

from typing import TypeVar

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.container import Services
from bot.core import messages
from bot.core.dialogs import Dialog
from bot.core.users import Role
from bot.postulates.actions import MEMBER, parse
from bot.postulates.browse import MemberDesk
from bot.postulates.browse_view import WITHDRAW_FLOW
from bot.postulates.flow import PostulateFlow
from bot.postulates.member import MemberPart
from bot.postulates.view import FLOW
from handlers.announce import show
from handlers.common import Caller, alert, allowed, identify, send, services_of
from handlers.dialogs import register_flow
from handlers.types import App, Context

# The /postulate conversation's buttons; "x" (cancel) also ends a withdrawal in progress.
CONVERSATION = frozenset({"r", "t", "b", "e", "s", "x", "cr", "cn"})
WITHDRAWAL = frozenset({"wy"})
Part = TypeVar("Part", bound=MemberPart)


def member_part(kind: type[Part], services: Services) -> Part:
    """The /postulate conversation or the members' desk, on the bot's services."""
    return kind(
        services.postulates,
        services.rounds,
        services.topics,
        services.organisations,
        services.dialogs,
        services.announcements.zone,
    )


def flow_of(services: Services) -> PostulateFlow:
    return member_part(PostulateFlow, services)


def desk_of(services: Services) -> MemberDesk:
    return member_part(MemberDesk, services)


async def member_in_private(update: Update, caller: Caller) -> bool:
    """Anyone registered, in a private chat (typed answers are routed from there only)."""
    return await allowed(update, caller, Role.MEMBER, messages.private_only(caller.t))


async def postulate_command(update: Update, context: Context) -> None:
    """Start a postulate, or offer to resume the saved draft."""
    caller = await identify(update, context)
    if await member_in_private(update, caller):
        flow = flow_of(services_of(context))
        await show(update, await flow.start(caller.profile.telegram_id, caller.t))


async def mypostulates_command(update: Update, context: Context) -> None:
    """The user's and their organisation's postulates with their status."""
    caller = await identify(update, context)
    if await member_in_private(update, caller):
        desk = desk_of(services_of(context))
        await send(update, await desk.mine(caller.profile.telegram_id, 0, caller.t))


async def postulates_command(update: Update, context: Context) -> None:
    """Browse the open postulates: first the round."""
    caller = await identify(update, context)
    if await member_in_private(update, caller):
        await send(update, await desk_of(services_of(context)).rounds_screen(caller.t))


async def postulate_callback(update: Update, context: Context) -> None:
    """Any "pst:" button; its values are checked again before anything changes."""
    query, caller = update.callback_query, await identify(update, context)
    if query is None:
        return
    services, t = services_of(context), caller.t
    user_id = caller.profile.telegram_id
    action = parse(query.data, MEMBER)
    result = None
    if action is not None:
        dialog = await services.dialogs.get(user_id)
        withdrawing = dialog is not None and dialog.flow == WITHDRAW_FLOW
        if action.name in WITHDRAWAL or (action.name == "x" and withdrawing):
            result = await desk_of(services).withdraw_press(dialog, action, t)
        elif action.name in CONVERSATION:
            result = await flow_of(services).press(user_id, dialog, action, t)
        else:
            result = await desk_of(services).press(user_id, action, t)
    if result is None:
        await alert(update, messages.stale_button(t))
        return
    await show(update, result)


async def postulate_step(
    update: Update, context: Context, caller: Caller, dialog: Dialog, text: str | None
) -> None:
    """A typed title, description or "who it concerns"."""
    await show(update, await flow_of(services_of(context)).answer(dialog, text, caller.t))


async def withdraw_step(
    update: Update, context: Context, caller: Caller, dialog: Dialog, text: str | None
) -> None:
    """The typed reason for a withdrawal."""
    desk = desk_of(services_of(context))
    await show(update, await desk.withdraw_reason(dialog, text, caller.t))


def register(app: App) -> None:
    """The three member commands, their "pst:" buttons and two conversations."""
    app.add_handler(CommandHandler("postulate", postulate_command))
    app.add_handler(CommandHandler("mypostulates", mypostulates_command))
    app.add_handler(CommandHandler("postulates", postulates_command))
    app.add_handler(CallbackQueryHandler(postulate_callback, pattern=f"^{MEMBER}:"))
    register_flow(FLOW, postulate_step)
    register_flow(WITHDRAW_FLOW, withdraw_step)
