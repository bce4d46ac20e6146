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


def privacy_text(t: Translator) -> Html:
    return t.gettext(
        "<b>What I store and why</b>\n"
        "• Your Telegram id and @username, language, role, and when you first and last wrote "
        "to me — to answer you in your language and to know who may do what.\n"
        "• The organisation you belong to and the topics and kinds of announcements you chose "
        "— to send you only what you asked for.\n"
        "• Organisations you register: their name, KRS, district and contact e-mail — shown "
        "in the directory once the city verifies them.\n\n"
        "I do not read group conversations and keep no message texts. The data is used only "
        "by the city's social-welfare office for this service and is not passed on.\n\n"
        "/mydata sends you everything stored about you; /forget deletes it."
    )


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
