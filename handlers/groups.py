"""The bot's own membership: added to or removed from groups, blocked or unblocked, migrations."""

from __future__ import annotations

import logging

from telegram import ChatMemberUpdated, Update
from telegram.constants import ChatMemberStatus
from telegram.constants import ChatType as TgChatType
from telegram.ext import ChatMemberHandler, MessageHandler, filters

from bot.core import messages
from bot.subscriptions.service import ChatType
from handlers.common import services_of
from handlers.types import App, Context

log = logging.getLogger(__name__)
PRESENT = (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def my_chat_member_update(update: Update, context: Context) -> None:
    """Keep chats' `active` flag true to Telegram; topics survive removal and blocking."""
    change = update.my_chat_member
    if change is None:
        return
    now_present = change.new_chat_member.status in PRESENT
    was_present = change.old_chat_member.status in PRESENT
    if change.chat.type == TgChatType.PRIVATE:
        await services_of(context).subscriptions.set_active(change.chat.id, now_present)
    elif now_present and not was_present:
        await _added_to_group(change, context)
    elif was_present and not now_present:
        await services_of(context).subscriptions.set_active(change.chat.id, False)


async def _added_to_group(change: ChatMemberUpdated, context: Context) -> None:
    """Register the group (re-activating it with its old topics) and introduce the bot."""
    services = services_of(context)
    adder = change.from_user
    language = await services.users.language_of(adder.id, adder.language_code)
    organisation = await services.organisations.membership(adder.id)
    await services.subscriptions.ensure_chat(
        change.chat.id,
        ChatType.GROUP,
        title=change.chat.title,
        language=language,
        organisation_id=organisation.id if organisation else None,
    )
    t = services.catalogs.translator(language)
    await context.bot.send_message(change.chat.id, messages.group_intro(t))


async def migrated(update: Update, context: Context) -> None:
    """A group became a supergroup: follow it to its new id, subscriptions included."""
    message = update.effective_message
    if message is None or message.migrate_to_chat_id is None:
        return
    log.info("chat %s migrated to %s", message.chat.id, message.migrate_to_chat_id)
    services = services_of(context)
    await services.subscriptions.migrate_chat(message.chat.id, message.migrate_to_chat_id)
    await services.outbox.follow_migration(message.chat.id, message.migrate_to_chat_id)


def register(app: App) -> None:
    app.add_handler(ChatMemberHandler(my_chat_member_update, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, migrated))
