"""BotApiTransport: the broadcast's sends and edits as plain JSON over BotApiHttp, read thinly."""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import Any, Final

from bot.delivery.bot_api_http import BotApiHttp, BotApiHttpError
from bot.delivery.types import Outgoing, SendResult
from bot.logs import redact

NO_PREVIEW: Final = {"is_disabled": True}
# Edits that cannot happen (message too old, deleted, or not text): send a new message instead.
EDIT_IMPOSSIBLE: Final = (
    "message to edit not found",
    "message can't be edited",
    "there is no text in the message to edit",
)
NOT_MODIFIED: Final = "message is not modified"
# PTB's TelegramError drops these prefixes and capitalises the rest; the outbox's error texts
# (shown to staff in the failed-recipients CSV) read the same as when PTB sent the broadcast.
_API_PREFIXES: Final = ("Error: ", "[Error]: ", "Bad Request: ")
ENCODED_KEPT = 64  # texts kept encoded: an announcement in each language, and a few more
_BODY_SHOWN = 200  # bytes of an unparsable answer quoted in the error text


class BotApiTransport:
    """Implements bot.delivery.Transport without python-telegram-bot.

    PTB builds a full `telegram.Message` (users, chat, entities, keyboard) from every answer
    and spends most of a message's CPU doing so; the broadcast needs only `message_id`. The
    answers map to SendResults exactly as PTB's exceptions did (see `result_of`).
    """

    def __init__(
        self, token: str, base_url: str, concurrency: int, read_timeout: float = 10.0
    ) -> None:
        # The URL holds the token: it never leaves this object except on the wire.
        self._token = token
        self._base_url = base_url
        self._pool_size = concurrency + 4  # a few spare for sends finishing as others start
        self._read_timeout = read_timeout
        self._client: BotApiHttp | None = None
        self._encoded: dict[tuple[str, tuple[tuple[tuple[str, str], ...], ...]], bytes] = {}

    async def start(self) -> None:
        if self._client is None:
            self._client = BotApiHttp(
                self._base_url, self._token, self._pool_size, read_timeout=self._read_timeout
            )

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None

    async def deliver(self, chat_id: int, outgoing: Outgoing) -> SendResult:
        if outgoing.edit_message_id is not None:
            return await self._edit(chat_id, outgoing, outgoing.edit_message_id)
        return await self._send(chat_id, outgoing.text, outgoing)

    async def edit_text(self, chat_id: int, message_id: int, text: str) -> SendResult:
        """Replace the text of one of the bot's messages; never sends a new one instead."""
        payload = {"chat_id": chat_id, "message_id": message_id, **_payload(text, Outgoing(text))}
        return await self._call("editMessageText", _encode(payload))

    async def _send(self, chat_id: int, text: str, outgoing: Outgoing) -> SendResult:
        # A broadcast sends one text to every chat: encode it once, not once per recipient.
        key = (text, tuple(map(tuple, outgoing.rows)))
        encoded = self._encoded.get(key)
        if encoded is None:
            if len(self._encoded) >= ENCODED_KEPT:
                self._encoded.clear()
            encoded = self._encoded[key] = _encode(_payload(text, outgoing))
        if outgoing.thread_id is not None:  # per chat, so outside the text encoded once
            head = b'{"chat_id":%d,"message_thread_id":%d,' % (chat_id, outgoing.thread_id)
            return await self._call("sendMessage", head + encoded[1:])
        return await self._call("sendMessage", b'{"chat_id":%d,%s' % (chat_id, encoded[1:]))

    async def _edit(self, chat_id: int, outgoing: Outgoing, message_id: int) -> SendResult:
        payload = {
            "chat_id": chat_id,
            "message_id": message_id,
            **_payload(outgoing.text, outgoing),
        }
        result = await self._call("editMessageText", _encode(payload))
        if result.kind == "ok":
            return SendResult("ok", message_id=message_id)
        if result.kind != "permanent":
            return result
        text = (result.error or "").lower()
        if NOT_MODIFIED in text:  # a retry of an edit that did go through
            return SendResult("ok", message_id=message_id)
        if not any(reason in text for reason in EDIT_IMPOSSIBLE):
            return result
        return await self._send(chat_id, outgoing.fallback_text or outgoing.text, outgoing)

    async def _call(self, method: str, body: bytes) -> SendResult:
        if self._client is None:
            raise RuntimeError("BotApiTransport.start() was not called")
        try:
            status, answer = await self._client.post(method, body)
        except BotApiHttpError as error:  # timeouts, resets, refusals: may succeed later
            return SendResult("transient", error=redact(f"HTTP: {error}", (self._token,)))
        except Exception as error:  # not expected; kept transient, as any failure was before
            text = redact(f"HTTP: {type(error).__name__}: {error}", (self._token,))
            return SendResult("transient", error=text)
        return redact_result(result_of(status, answer), self._token)


def _payload(text: str, outgoing: Outgoing) -> dict[str, Any]:
    """The parameters besides the chat, as PTB sent them: HTML, no link preview, the keyboard."""
    payload: dict[str, Any] = {
        "text": text,
        "parse_mode": "HTML",
        "link_preview_options": NO_PREVIEW,
    }
    if outgoing.rows:
        payload["reply_markup"] = {
            "inline_keyboard": [
                [{"text": label, "callback_data": data} for label, data in row]
                for row in outgoing.rows
            ]
        }
    return payload


def _encode(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def result_of(status: int, body: bytes) -> SendResult:
    """One Bot API answer as the engine's vocabulary, mirroring PTB's request wrapper: the
    parameters (migration, retry_after) decide first, then the HTTP status; 403 is blocked,
    400 permanent, anything else (5xx, 401, 409, an unparsable body) may succeed later."""
    try:
        answer = json.loads(body.decode("utf-8", "replace"))
    except ValueError:
        answer = None
    if HTTPStatus.OK <= status <= 299:
        return _success(answer)
    if not isinstance(answer, dict):
        shown = body[:_BODY_SHOWN]
        return SendResult(
            "transient", error=f"{_phrase(status)}. Parsing the answer {shown!r} failed"
        )
    message = str(answer.get("description") or _phrase(status))
    parameters = answer.get("parameters")
    if parameters:
        new_chat_id = parameters.get("migrate_to_chat_id")
        if new_chat_id:
            text = f"Group migrated to supergroup. New chat id: {new_chat_id}"
            return SendResult("migrated", new_chat_id=int(new_chat_id), error=text)
        retry_after = parameters.get("retry_after")
        if retry_after:
            text = f"Flood control exceeded. Retry in {retry_after} seconds"
            return SendResult("retry_after", retry_after=float(retry_after), error=text)
        message += f". The server response contained unknown parameters: {parameters}"
    message = _as_ptb_message(message)
    if status == HTTPStatus.FORBIDDEN:
        return SendResult("blocked", error=message)
    if status == HTTPStatus.BAD_REQUEST:
        return SendResult("permanent", error=message)
    return SendResult("transient", error=message)


def _success(answer: object) -> SendResult:
    result = answer.get("result") if isinstance(answer, dict) else None
    if result is True:  # an edit of a message sent by inline mode: no Message comes back
        return SendResult("ok")
    message_id = result.get("message_id") if isinstance(result, dict) else None
    if not isinstance(message_id, int):
        return SendResult("transient", error="Invalid server response")
    return SendResult("ok", message_id=message_id)


def _phrase(status: int) -> str:
    try:
        return f"{HTTPStatus(status).phrase} ({status})"
    except ValueError:
        return f"Unknown HTTPError ({status})"


def _as_ptb_message(message: str) -> str:
    stripped = message
    for prefix in _API_PREFIXES:
        stripped = stripped.removeprefix(prefix)
    return stripped.capitalize() if stripped != message else message


def redact_result(result: SendResult, token: str) -> SendResult:
    """The answer's texts, with the token removed should a server ever echo the URL."""
    if result.error is None or token not in result.error:
        return result
    return SendResult(
        result.kind,
        result.message_id,
        result.retry_after,
        result.new_chat_id,
        redact(result.error, (token,)),
    )
