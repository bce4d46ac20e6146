"""Telegram's command menus: one per language for members, one per chat for staff."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeChat, BotCommandScopeDefault
from telegram.error import TelegramError

from bot.container import Services
from bot.core import commands
from bot.core.i18n import Translator
from bot.core.users import Profile, Role

log = logging.getLogger(__name__)


def _bot_commands(role: Role, t: Translator) -> list[BotCommand]:
    return [BotCommand(name, description) for name, description in commands.menu(role, t)]


async def publish_command_menus(bot: Bot, services: Services) -> None:
    """Members' menu for each language (and the default one), then each staff member's."""
    default_scope = BotCommandScopeDefault()
    catalogs = services.catalogs
    default_t = catalogs.translator(catalogs.default_language)
    await bot.set_my_commands(_bot_commands(Role.MEMBER, default_t), scope=default_scope)
    for t in catalogs.all():
        await bot.set_my_commands(
            _bot_commands(Role.MEMBER, t), scope=default_scope, language_code=t.language
        )
    for profile in await services.users.list_privileged():
        await publish_personal_menu(bot, profile, catalogs.translator(profile.language))


async def publish_personal_menu(bot: Bot, profile: Profile, t: Translator) -> None:
    """A person's own menu (chat scope) for their role, in their chosen language; best effort."""
    try:
        await bot.set_my_commands(
            _bot_commands(profile.role, t), scope=BotCommandScopeChat(profile.telegram_id)
        )
    except TelegramError as error:
        # An admin from NGOBOT_ADMINS who has not written to the bot yet has no chat.
        log.info("could not set the menu of user %s yet: %s", profile.telegram_id, error)


async def remove_personal_menu(bot: Bot, profile: Profile) -> None:
    """Back to the members' menu (per language) after a staff role is revoked; best effort."""
    try:
        await bot.delete_my_commands(scope=BotCommandScopeChat(profile.telegram_id))
    except TelegramError as error:
        log.info("could not reset the menu of user %s: %s", profile.telegram_id, error)
