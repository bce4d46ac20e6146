"""The delivery engine's one Renderer: each kind of outbox item to the renderer that owns it."""

from __future__ import annotations

from bot.delivery.types import OutboxItem, Outgoing, Purpose, Renderer
from storage import Database, chats


async def item_language(db: Database, item: OutboxItem) -> str | None:
    """The recipient chat's language: as read with the claim, else from the database."""
    if item.context is not None:
        return item.context.language
    return await chats.get_chat_language(db, item.chat_id)


class OutboxRenderer:
    """Implements bot.delivery.types.Renderer by the item's purpose."""

    def __init__(
        self, announcements: Renderer, reminders: Renderer, digest: Renderer, postulates: Renderer
    ) -> None:
        self._by_purpose: dict[Purpose, Renderer] = {
            Purpose.REMINDER: reminders,
            Purpose.DATE_CHANGE: reminders,
            Purpose.DIGEST: digest,
            Purpose.POSTULATE: postulates,
        }
        self._default = announcements

    async def render(self, item: OutboxItem) -> Outgoing | None:
        return await self._by_purpose.get(item.purpose, self._default).render(item)
