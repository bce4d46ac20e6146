"""Logging set-up that keeps the bot token out of every log line and traceback."""

from __future__ import annotations

import logging
import re
import sys

# Anything that looks like a Bot API token, with or without the "bot" URL prefix.
_TOKEN_SHAPE = re.compile(r"\d{3,20}:[A-Za-z0-9_-]{30,64}")
REDACTED = "<token>"
# httpx logs every request URL at INFO, and the Bot API puts the token in the URL path.
_CHATTY_LOGGERS = ("httpx", "httpcore")


class RedactingFormatter(logging.Formatter):
    """Formats records, then removes the token from the message and any traceback."""

    def __init__(self, fmt: str, secrets: tuple[str, ...] = ()) -> None:
        super().__init__(fmt)
        self._secrets = secrets

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(super().format(record))

    def redact(self, text: str) -> str:
        return redact(text, self._secrets)


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Remove the given secrets and anything shaped like a bot token from a text."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return _TOKEN_SHAPE.sub(REDACTED, text)


def configure_logging(level: str, token: str = "") -> None:
    """Send logs to stderr (journald picks them up) with the token redacted."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", (token,))
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in _CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    # Warnings (e.g. PTB's) go through the same redacting handler.
    logging.captureWarnings(True)
