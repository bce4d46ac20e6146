"""Tells staff about feeds: a held item's card, and a feed paused after repeated failures."""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import TelegramError

from bot.container import Services
from bot.core.screens import Screen
from bot.core.users import Profile
from bot.feeds import held_view
from bot.feeds.held_flow import HeldItemFlow
from handlers.common import keyboard

log = logging.getLogger(__name__)


class FeedAlerts:
    """bot.feeds.ingest.Alerts for Telegram: every staff member and admin, in their language.

    A failure to reach one person (blocked bot, never started) is logged and the others
    still hear of it.
    """

    def __init__(self, bot: Bot, services: Services, held_items: HeldItemFlow) -> None:
        self._bot = bot
        self._services = services
        self._held_items = held_items

    async def item_held(self, item_id: int) -> None:
        item = await self._services.held_items.get(item_id)
        if item is None:
            return  # decided before the alert went out
        desk = self._held_items
        for profile in await self._services.users.list_privileged():
            t = self._services.catalogs.translator(profile.language)
            await self._tell(profile, await desk.card(item, t), f"held item {item_id}")

    async def feed_paused(self, feed_id: int, reason: str) -> None:
        feed = await self._services.feeds.get(feed_id)
        name = feed.name if feed is not None else f"#{feed_id}"
        for profile in await self._services.users.list_privileged():
            t = self._services.catalogs.translator(profile.language)
            screen = Screen(held_view.feed_paused(t, name, reason))
            await self._tell(profile, (screen,), f"paused feed {feed_id}")

    async def flood_held(self, feed_id: int, count: int, limit: int) -> None:
        feed = await self._services.feeds.get(feed_id)
        name = feed.name if feed is not None else f"#{feed_id}"
        for profile in await self._services.users.list_privileged():
            t = self._services.catalogs.translator(profile.language)
            screen = Screen(held_view.flood_held(t, name, count, limit))
            await self._tell(profile, (screen,), f"flood of feed {feed_id}")

    async def _tell(self, profile: Profile, screens: tuple[Screen, ...], what: str) -> None:
        try:
            for screen in screens:
                await self._bot.send_message(
                    profile.telegram_id,
                    screen.text,
                    parse_mode=ParseMode.HTML,
                    reply_markup=keyboard(screen.rows) if screen.rows else None,
                )
        except TelegramError as error:
            log.warning("could not tell %s about the %s: %s", profile.telegram_id, what, error)
