"""/start, /help, /language, /stats and the hints for unknown commands and free text."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.core import commands, main_menu, messages
from bot.core.users import Role
from handlers.common import Caller, alert, edit, identify, in_private_chat, reply, services_of
from handlers.main_menu import reply_with_menu
from handlers.menu import publish_personal_menu
from handlers.types import App, Context


async def help_command(update: Update, context: Context) -> None:
    """List the commands this user may use (staff see more)."""
    caller = await identify(update, context)
    await reply(update, commands.help_text(caller.profile.role, caller.t))


async def language_command(update: Update, context: Context) -> None:
    """Offer the supported languages as buttons."""
    caller = await identify(update, context)
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=data)]
            for label, data in messages.language_options(caller.profile.language)
        ]
    )
    if update.effective_message:
        await update.effective_message.reply_text(
            messages.language_prompt(caller.t), reply_markup=keyboard, do_quote=False
        )


async def language_callback(update: Update, context: Context) -> None:
    """Switch the language chosen with a button; forged or stale data changes nothing."""
    query = update.callback_query
    caller = await identify(update, context)
    choice = messages.parse_language_choice(query.data if query else None)
    profile = None
    if choice is not None:
        profile = await services_of(context).users.choose_language(
            caller.profile.telegram_id, choice
        )
    if query is None:
        return
    if profile is None:
        await alert(update, messages.stale_button(caller.t))
        return
    t = services_of(context).catalogs.translator(profile.language)
    await query.answer()
    await edit(query, messages.language_changed(t))
    # The command names and the menu's buttons follow the chosen language, not Telegram's.
    await publish_personal_menu(context.bot, profile, t)
    if in_private_chat(update):
        await reply_with_menu(update, Caller(profile, t), main_menu.intro(t))


async def stats_command(update: Update, context: Context) -> None:
    """Staff only: how many people use the bot."""
    caller = await identify(update, context)
    if not caller.may(Role.STAFF):
        await reply(update, messages.staff_only(caller.t))
        return
    stats = await services_of(context).users.stats()
    await reply(update, messages.stats_text(caller.t, stats))


async def stale_callback(update: Update, context: Context) -> None:
    """Any button nobody handles (old, from a previous version, or forged): say so politely."""
    caller = await identify(update, context)
    if update.callback_query:
        await alert(update, messages.stale_button(caller.t))


async def unknown_command(update: Update, context: Context) -> None:
    """A command the bot does not have: point to /help (in groups only if addressed to us)."""
    message = update.effective_message
    command = commands.addressed_command(
        message.text if message else None,
        context.bot.username,
        private=update.effective_chat is not None and update.effective_chat.type == "private",
    )
    if command is None:
        return
    caller = await identify(update, context)
    await reply(update, messages.unknown_command(caller.t, command))


def register(app: App) -> None:
    """Add the basic handlers; the catch-alls must come after every feature's handlers."""
    app.add_handler(CommandHandler("help", help_command))
    app.add_handler(CommandHandler("language", language_command))
    app.add_handler(CommandHandler("stats", stats_command))
    app.add_handler(
        CallbackQueryHandler(language_callback, pattern=f"^{messages.LANGUAGE_CALLBACK_PREFIX}")
    )


def register_fallbacks(app: App) -> None:
    """Catch-alls: stale buttons and unknown commands (free text goes to handlers.dialogs)."""
    app.add_handler(CallbackQueryHandler(stale_callback))
    app.add_handler(MessageHandler(filters.COMMAND, unknown_command))
