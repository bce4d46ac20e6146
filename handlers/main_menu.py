"""/menu and its buttons: a persistent keyboard of the few things people do, in their language."""

from __future__ import annotations

from telegram import Message, ReplyKeyboardMarkup, Update
from telegram.ext import CommandHandler, MessageHandler, filters

from bot.core import main_menu
from handlers.common import Caller, identify, in_private_chat
from handlers.types import App, Context


def menu_keyboard(caller: Caller) -> ReplyKeyboardMarkup:
    """The caller's menu as a reply keyboard that stays under the text field."""
    return ReplyKeyboardMarkup(
        main_menu.rows(caller.profile.role, caller.t), resize_keyboard=True, is_persistent=True
    )


async def reply_with_menu(update: Update, caller: Caller, text: str) -> None:
    """Answer with `text` and (re)show the main menu under the text field (private chats)."""
    message = update.effective_message
    if message is not None:
        markup = menu_keyboard(caller) if in_private_chat(update) else None
        await message.reply_text(text, reply_markup=markup, do_quote=False)


async def menu_command(update: Update, context: Context) -> None:
    """Show the main menu."""
    caller = await identify(update, context)
    await reply_with_menu(update, caller, main_menu.intro(caller.t))


class _MenuLabel(filters.MessageFilter):
    """A private text message that is one of the menu's labels, in any language."""

    def filter(self, message: Message) -> bool:
        return main_menu.pressed(message.text) is not None


async def menu_button(update: Update, context: Context) -> None:
    """A menu button: run its command as if it had been typed (the command re-checks roles)."""
    message = update.effective_message
    entry = main_menu.pressed(message.text if message else None)
    if entry is None:
        return
    for group in context.application.handlers.values():
        for handler in group:
            if isinstance(handler, CommandHandler) and entry.command in handler.commands:
                await handler.callback(update, context)
                return


def register(app: App) -> None:
    """/menu, and the buttons' texts before the conversations' free-text router sees them."""
    app.add_handler(CommandHandler("menu", menu_command))
    app.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & filters.TEXT & _MenuLabel(), menu_button)
    )
