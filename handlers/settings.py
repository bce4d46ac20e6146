"""/settings: a chat's reminders, lead times, quiet hours and digest (private chats, groups)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.calendar import settings_view
from bot.calendar.preferences import Preferences, PreferenceService
from bot.calendar.settings_view import SettingsAction
from bot.core import messages
from bot.core.users import Role
from bot.subscriptions import view as subscription_view
from handlers.common import (
    alert,
    edit,
    identify,
    in_private_chat,
    may_configure_chat,
    reply,
    send,
    services_of,
)
from handlers.staff_alerts import send_choice
from handlers.subscriptions import this_chat
from handlers.types import App, Context


async def settings_command(update: Update, context: Context) -> None:
    """Show this chat's settings with their buttons; in a group only its administrators may."""
    caller = await identify(update, context)
    if not await may_configure_chat(update, context):
        await reply(update, subscription_view.group_admins_only(caller.t))
        return
    chat = await this_chat(update, context, caller)
    services = services_of(context)
    prefs = await services.preferences.get(chat.chat_id)
    choices = settings_view.choices_of(services.preferences, services.digest)
    title = None if in_private_chat(update) else chat.title
    await send(update, settings_view.settings_screen(caller.t, prefs, choices, group_title=title))
    if caller.may(Role.STAFF) and in_private_chat(update):
        await send_choice(update, context, caller)


async def settings_callback(update: Update, context: Context) -> None:
    """A settings button: re-check who presses and what, change it, then edit in place."""
    query, caller = update.callback_query, await identify(update, context)
    services = services_of(context)
    digest_offered = services.digest is not None
    action = settings_view.parse(query.data if query else None, digest_offered=digest_offered)
    if query is None or query.message is None or action is None:
        return await alert(update, messages.stale_button(caller.t))
    if not await may_configure_chat(update, context):
        return await alert(update, subscription_view.group_admins_only(caller.t))
    prefs = await _apply(services.preferences, query.message.chat.id, action)
    if prefs is None:
        return await alert(update, messages.stale_button(caller.t))
    await query.answer()
    choices = settings_view.choices_of(services.preferences, services.digest)
    title = None if in_private_chat(update) else query.message.chat.title
    screen = settings_view.settings_screen(
        caller.t, prefs, choices, group_title=title, done=action.action == "done"
    )
    await edit(query, screen)


async def _apply(
    preferences: PreferenceService, chat_id: int, action: SettingsAction
) -> Preferences | None:
    """The change a button asks for; None when it is not (or no longer) on offer."""
    if action.action == "reminders":
        return await preferences.set_reminders(chat_id, action.on)
    if action.action == "digest":
        return await preferences.set_digest(chat_id, action.on)
    if action.action == "quiet":
        return await preferences.set_quiet(chat_id, action.index)
    if action.action == "reset":
        return await preferences.reset(chat_id)
    current = await preferences.get(chat_id)
    if action.action == "lead" and action.kind is not None:
        # Lead buttons are shown only while reminders are on: a press from an older message
        # must not change what the chat cannot see.
        if not current.reminders:
            return None
        return await preferences.toggle_lead(chat_id, action.kind, action.code)
    return current  # "done"


def register(app: App) -> None:
    app.add_handler(CommandHandler("settings", settings_command))
    app.add_handler(CallbackQueryHandler(settings_callback, pattern=f"^{settings_view.PREFIX}:"))
