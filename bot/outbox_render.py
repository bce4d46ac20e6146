"""The delivery engine's one Renderer: each kind of outbox item to the renderer that owns it."""

from __future__ import annotations

from bot.delivery.types import OutboxItem, Outgoing, Purpose, Renderer


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
