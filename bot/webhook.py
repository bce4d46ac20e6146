"""Webhook intake: Telegram's POSTs checked for the secret, stored by update_id, answered 200.

Handling happens later, in bot.inbound, on whichever replica claims the update: answering at
once keeps Telegram from retrying while a slow handler runs, and a replica that dies after
the 200 loses nothing, because the update is in the database by then.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Final
from urllib.parse import urlsplit

from aiohttp import web

from bot.config import WebhookSettings
from storage import Database
from storage.inbound_updates import store_update

log = logging.getLogger(__name__)
SECRET_HEADER: Final = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header's name
MAX_BODY: Final = 1 << 20  # Telegram's updates are far smaller; refuse anything huge
# Where an update's chat is, by kind; the first found orders it.
_CHAT_PATHS: Final = (
    ("message", "chat"),
    ("edited_message", "chat"),
    ("channel_post", "chat"),
    ("edited_channel_post", "chat"),
    ("my_chat_member", "chat"),
    ("chat_member", "chat"),
    ("chat_join_request", "chat"),
    ("message_reaction", "chat"),
)


def chat_key(update: Mapping[str, object]) -> int:
    """The chat whose order this update keeps (a button press: its message's chat)."""
    for kind, field in _CHAT_PATHS:
        part = update.get(kind)
        if isinstance(part, dict) and isinstance(part.get(field), dict):
            return int(part[field].get("id", 0))
    query = update.get("callback_query")
    if isinstance(query, dict):
        message = query.get("message")
        if isinstance(message, dict) and isinstance(message.get("chat"), dict):
            return int(message["chat"].get("id", 0))
        if isinstance(query.get("from"), dict):
            return int(query["from"].get("id", 0))
    for part in update.values():
        if isinstance(part, dict) and isinstance(part.get("from"), dict):
            return int(part["from"].get("id", 0))
    return 0


class WebhookIntake:
    """An HTTP server on NGOBOT_WEBHOOK_LISTEN for the path of NGOBOT_WEBHOOK_URL."""

    def __init__(
        self, db: Database, settings: WebhookSettings, stored: Callable[[], None]
    ) -> None:
        self._db = db
        self._settings = settings
        self._stored = stored
        self._path = urlsplit(settings.url).path or "/"
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_post(self._path, self._receive)
        # Short grace at stop: Telegram delivers again whatever got no answer.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._settings.host, self._settings.port)
        await site.start()
        log.info("webhook listening on %s:%d", self._settings.host, self._settings.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _receive(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self._settings.secret.reveal().encode()):
            log.warning("webhook request without the secret token from %s", request.remote)
            return web.Response(status=403)
        try:
            update = json.loads(await request.read())
            update_id = int(update["update_id"])
        except (ValueError, KeyError, TypeError):
            return web.Response(status=400)
        body = json.dumps(update, ensure_ascii=False, separators=(",", ":"))
        if await store_update(self._db, update_id, chat_key(update), body, datetime.now(UTC)):
            self._stored()
        return web.Response(status=200)
