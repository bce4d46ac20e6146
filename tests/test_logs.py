"""The token is redacted from log messages and tracebacks; httpx's URL logging is silenced."""

from __future__ import annotations

import logging

from bot.logs import REDACTED, RedactingFormatter, configure_logging
from tests.constants import TOKEN


def record(message: str, exc: BaseException | None = None) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord("test", logging.ERROR, __file__, 1, message, (), exc_info)


def test_token_in_message_and_traceback_is_redacted() -> None:
    formatter = RedactingFormatter("%(message)s", (TOKEN,))
    try:
        raise RuntimeError(f"POST https://api.telegram.org/bot{TOKEN}/getMe failed")
    except RuntimeError as error:
        text = formatter.format(record(f"url=https://api.telegram.org/bot{TOKEN}/x", error))
    assert TOKEN not in text
    assert TOKEN.split(":")[1] not in text
    assert text.count(REDACTED) == 2


def test_any_token_shaped_string_is_redacted_even_if_not_configured() -> None:
    other = "555555:" + "Z" * 35
    assert other not in RedactingFormatter("%(message)s").format(record(f"token {other}"))


def test_ordinary_text_is_left_alone() -> None:
    text = "sent 12:30 to chat 123456 (10:00-12:00)"
    assert RedactingFormatter("%(message)s").format(record(text)) == text


def test_httpx_request_logging_is_silenced() -> None:
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure_logging("DEBUG", TOKEN)
        assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)
        assert logging.getLogger("telegram").isEnabledFor(logging.DEBUG)
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
        logging.captureWarnings(False)
        logging.getLogger("httpx").setLevel(logging.NOTSET)
        logging.getLogger("httpcore").setLevel(logging.NOTSET)
