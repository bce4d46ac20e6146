"""PtbTransport: the delivery engine's sends and edits through python-telegram-bot."""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bot.delivery.types import Outgoing, SendResult
from handlers.http import AiohttpRequest

NO_PREVIEW: Final = LinkPreviewOptions(is_disabled=True)
# Edits that cannot happen (message too old, deleted, or not text): send a new message instead.
EDIT_IMPOSSIBLE: Final = (
    "message to edit not found",
    "message can't be edited",
    "there is no text in the message to edit",
)
NOT_MODIFIED: Final = "message is not modified"


def broadcast_bot(token: str, base_url: str, concurrency: int) -> Bot:
    """A Bot of its own for the broadcast: its own connection pool, so interactive replies
    never queue behind broadcast requests in PTB's pool (nor the reverse), and aiohttp
    underneath, which costs a quarter of httpx's CPU per request (see handlers/http.py)."""
    return Bot(token, base_url=base_url, request=AiohttpRequest(pool_size=concurrency + 4))


class PtbTransport:
    """Implements bot.delivery.Transport: Telegram's answers become SendResults, never raise."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def deliver(self, chat_id: int, outgoing: Outgoing) -> SendResult:
        try:
            if outgoing.edit_message_id is not None:
                return await self._edit(chat_id, outgoing, outgoing.edit_message_id)
            return await self._send(chat_id, outgoing.text, outgoing)
        except TelegramError as error:
            return classify(error)

    async def _send(self, chat_id: int, text: str, outgoing: Outgoing) -> SendResult:
        message = await self._bot.send_message(
            chat_id,
            text,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard(outgoing.rows),
            link_preview_options=NO_PREVIEW,
        )
        return SendResult("ok", message_id=message.message_id)

    async def _edit(self, chat_id: int, outgoing: Outgoing, message_id: int) -> SendResult:
        try:
            await self._bot.edit_message_text(
                outgoing.text,
                chat_id=chat_id,
                message_id=message_id,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard(outgoing.rows),
                link_preview_options=NO_PREVIEW,
            )
        except BadRequest as error:
            text = error.message.lower()
            if NOT_MODIFIED in text:  # a retry of an edit that did go through
                return SendResult("ok", message_id=message_id)
            if not any(reason in text for reason in EDIT_IMPOSSIBLE):
                raise
            return await self._send(chat_id, outgoing.fallback_text or outgoing.text, outgoing)
        return SendResult("ok", message_id=message_id)


def keyboard(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


def classify(error: TelegramError) -> SendResult:
    """Telegram's error as the engine's vocabulary. BadRequest subclasses NetworkError in PTB,
    so the order of these checks matters."""
    text = error.message
    if isinstance(error, RetryAfter):
        wait = error.retry_after
        seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
        return SendResult("retry_after", retry_after=seconds, error=text)
    if isinstance(error, ChatMigrated):
        return SendResult("migrated", new_chat_id=error.new_chat_id, error=text)
    if isinstance(error, Forbidden):
        return SendResult("blocked", error=text)
    if isinstance(error, BadRequest):
        return SendResult("permanent", error=text)
    if isinstance(error, NetworkError):  # includes TimedOut and 5xx: may succeed later
        return SendResult("transient", error=text)
    # Anything else (an invalid token, a conflict): retried, then given up after max_attempts.
    return SendResult("transient", error=text)
