"""The first look at every update: what has no person behind it is dropped before any handler."""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, TypeHandler

from bot.core import commands, messages
from handlers.common import services_of
from handlers.types import App, Context

log = logging.getLogger(__name__)
# Before every feature's handlers (group 0) and the error handler's apologies.
GATE_GROUP = -1


async def gate(update: Update, context: Context) -> None:
    """Stop updates no handler can serve: channel posts, edits, other bots, anonymous admins.

    Handlers may then rely on a human sender (`identify()`), and nothing is ever posted in a
    channel. An anonymous group administrator who addresses a command to the bot is told why
    it cannot act on it; everything else is dropped quietly.
    """
    if update.my_chat_member is not None and update.my_chat_member.chat.type != ChatType.CHANNEL:
        return  # membership changes carry their actor in from_user
    reason = _why_ignored(update)
    if reason is None:
        return
    log.debug("ignoring update %s: %s", update.update_id, reason)
    message = update.message
    try:
        if reason == "anonymous" and message is not None and _addressed_command(message, context):
            await _tell_anonymous_admin(message, context)
    except TelegramError as error:  # the bot was removed meanwhile: nobody to tell
        log.info("could not answer an anonymous administrator: %s", error)
    finally:
        raise ApplicationHandlerStop  # whatever happened, no other handler sees this update


def _why_ignored(update: Update) -> str | None:
    chat, user = update.effective_chat, update.effective_user
    if chat is not None and chat.type == ChatType.CHANNEL:
        return "a channel"
    if update.edited_message is not None:
        return "an edit"  # re-running a step or a command on an edit would surprise the author
    message = update.message
    if message is not None and message.sender_chat is not None:
        # The group itself speaks for an anonymous admin; another chat: a linked channel.
        return "anonymous" if message.sender_chat.id == message.chat.id else "a channel"
    if user is None:
        return "no sender"
    if user.is_bot:
        return "another bot"
    return None


def _addressed_command(message: Message, context: Context) -> bool:
    """A command of ours: addressed to this bot, or bare (groups deliver bare ones too)."""
    text = message.text or ""
    command = commands.addressed_command(text, context.bot.username, private=True)
    if command is None:
        return False
    return "@" in text.split()[0] or commands.is_known(command.removeprefix("/"))


async def _tell_anonymous_admin(message: Message, context: Context) -> None:
    services = services_of(context)
    t = services.catalogs.translator(services.catalogs.default_language)
    await message.reply_text(messages.anonymous_sender(t), do_quote=False)


def register(app: App) -> None:
    app.add_handler(TypeHandler(Update, gate), group=GATE_GROUP)
