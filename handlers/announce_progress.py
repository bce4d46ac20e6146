"""The staff member's progress message, edited in place while an announcement goes out."""

from __future__ import annotations

import logging

from bot.announcements import list_view
from bot.container import Services
from bot.delivery.pacing import GlobalPacer
from bot.delivery.types import DeliveryStats, Editor

log = logging.getLogger(__name__)


class ProgressMessages:
    """Implements the delivery engine's ProgressReporter; best effort, never raises.

    The edits go through the broadcast's own transport: through PTB each cost about 5 ms of
    CPU, as much as 25 broadcast messages, every 2 s of every broadcast.
    """

    def __init__(self, editor: Editor, services: Services, pacer: GlobalPacer) -> None:
        self._editor = editor
        self._services = services
        self._pacer = pacer  # an edit counts against Telegram's global limit as a message

    async def report(self, announcement_id: int, stats: DeliveryStats) -> None:
        services = self._services
        announcement = await services.announcements.get(announcement_id)
        if announcement is None:
            return
        chat_id, message_id = announcement.progress_chat_id, announcement.progress_message_id
        if chat_id is None or message_id is None:
            return  # published from the CLI or a scheduled one: nobody is watching
        language = await services.users.language_of(chat_id, None)
        text = list_view.progress_text(services.catalogs.translator(language), announcement, stats)
        result = await self._pacer.ahead(self._editor.edit_text(chat_id, message_id, text))
        if result.kind != "ok":
            # "Not modified", a deleted message or a flood wait: the next report will do.
            log.debug("progress of announcement %s not shown: %s", announcement_id, result.error)
