"""UpdateSource: where updates come from, polling (the default) or the webhook with replicas."""

from __future__ import annotations

import logging
from typing import Any, Final

from telegram import Update

from bot.config import Settings
from bot.inbound import InboundWorker
from bot.webhook import WebhookIntake
from handlers.types import App
from storage import Database

log = logging.getLogger(__name__)
POLL_TIMEOUT: Final = 10  # Telegram holds a long poll open this long; stopping interrupts it


class UpdateSource:
    """Polling through PTB's Updater, or setWebhook + intake + the worker handling them."""

    def __init__(self, app: App, settings: Settings, db: Database) -> None:
        self._app = app
        self._settings = settings
        self._worker: InboundWorker | None = None
        self._intake: WebhookIntake | None = None
        if settings.webhook is not None:
            self._worker = InboundWorker(db, self._process)
            self._intake = WebhookIntake(db, settings.webhook, self._worker.wake)

    async def start(self) -> None:
        webhook = self._settings.webhook
        if webhook is None or self._worker is None or self._intake is None:
            if self._app.updater is None:
                raise RuntimeError("the Application was built without an Updater")
            await self._app.updater.start_polling(
                timeout=POLL_TIMEOUT, allowed_updates=Update.ALL_TYPES
            )
            return
        await self._intake.start()
        await self._worker.start()
        # Every replica sets the same webhook: the last call wins and changes nothing.
        await self._app.bot.set_webhook(
            webhook.url, secret_token=webhook.secret.reveal(), allowed_updates=Update.ALL_TYPES
        )
        log.info("receiving updates by webhook at %s", webhook.url)

    async def stop(self) -> None:
        if self._worker is None or self._intake is None:
            if self._app.updater is not None:
                await self._app.updater.stop()
            return
        # The webhook stays set: the other replicas go on receiving.
        await self._intake.stop()
        await self._worker.stop()

    async def _process(self, data: dict[str, Any]) -> None:
        update = Update.de_json(data, self._app.bot)
        await self._app.process_update(update)
