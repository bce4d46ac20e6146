"""The staff member's progress message, edited in place while an announcement goes out."""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import TelegramError

from bot.delivery.types import DeliveryStats
from bot.services import announce_list_view as list_view
from bot.services.container import Services

log = logging.getLogger(__name__)


class ProgressMessages:
    """Implements the delivery engine's ProgressReporter; best effort, never raises."""

    def __init__(self, bot: Bot, services: Services) -> None:
        self._bot = bot
        self._services = services

    async def report(self, announcement_id: int, stats: DeliveryStats) -> None:
        services = self._services
        announcement = await services.announcements.get(announcement_id)
        if announcement is None or announcement.progress_message_id is None:
            return  # published from the CLI or a scheduled one: nobody is watching
        chat_id = announcement.progress_chat_id
        language = await services.users.language_of(chat_id, None)
        text = list_view.progress_text(services.catalogs.translator(language), announcement, stats)
        try:
            await self._bot.edit_message_text(
                text, chat_id=chat_id, message_id=announcement.progress_message_id
            )
        except TelegramError as error:
            # "Not modified", a deleted message or a flood wait: the next report will do.
            log.debug("progress of announcement %s not shown: %s", announcement_id, error)
