"""/privacy, /mydata and /forget texts (RODO/GDPR), and the data export file."""

from __future__ import annotations

import json
from typing import Any

from bot.core.callbacks import Keyboard, pack
from bot.core.i18n import Translator
from bot.core.render import Html
from bot.core.screens import Screen

PREFIX = "fg"
EXPORT_FILE_NAME = "ngobot-my-data.json"


def export_file(data: dict[str, Any]) -> bytes:
    """The user's data as readable, UTF-8 JSON (Polish and Ukrainian letters kept as letters)."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).encode()


def export_caption(t: Translator) -> Html:
    return t.gettext("Everything I store about you.")


def forget_question(t: Translator) -> Screen:
    text = t.gettext(
        "Delete your data? I will forget your language, organisation membership and "
        "subscriptions, and stop writing to you. Organisations you registered stay in the "
        "directory, no longer linked to you. This cannot be undone."
    )
    rows: Keyboard = [
        [(t.plain("Yes, delete my data"), pack(PREFIX, "yes"))],
        [(t.plain("No, keep it"), pack(PREFIX, "no"))],
    ]
    return Screen(text, rows)


def forgotten(t: Translator) -> Html:
    return t.gettext(
        "Done: your data has been deleted. If you write to me again, you start afresh."
    )


def kept(t: Translator) -> Html:
    return t.gettext("Nothing was deleted.")
