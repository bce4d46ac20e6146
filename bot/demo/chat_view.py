"""What the web page shows of a chat: the local Bot API's history as plain JSON, and the names
its hints give the bot's commands."""

from __future__ import annotations

import json
from typing import Any

from bot.config import SUPPORTED_LANGUAGES
from bot.core.commands import COMMANDS
from bot.demo.people import Person
from bot.sandbox import BotApiEmulator, HistoryEntry
from bot.sandbox.reply_keyboard import reply_keyboard_labels


def chat_json(emulator: BotApiEmulator, person: Person) -> dict[str, Any]:
    """The chat's messages (current state, edits applied) and the reply keyboard shown."""
    history = emulator.chat_history(person.chat_id)
    messages = [message_json(entry) for entry in history if not entry.deleted]
    return {
        "chat_id": person.chat_id,
        "messages": messages,
        "reply_keyboard": reply_keyboard(emulator, person.chat_id),
        "commands": commands(emulator, person),
    }


def message_json(entry: HistoryEntry) -> dict[str, Any]:
    message = entry.message
    sender = message.get("from", {})
    data: dict[str, Any] = {
        "id": entry.message_id,
        "from_bot": entry.from_bot,
        "sender": " ".join(filter(None, (sender.get("first_name"), sender.get("last_name")))),
        "date": message.get("date"),
        "text": entry.text or "",
        "entities": message.get("entities", message.get("caption_entities", [])),
        "edited": entry.edited,
        "buttons": (entry.reply_markup or {}).get("inline_keyboard", []),
    }
    if entry.file is not None:
        data["document"] = {
            "name": entry.file.file_name,
            "size": len(entry.file.data),
            "url": f"/api/file/{entry.file.file_unique_id}",
        }
    return data


def reply_keyboard(emulator: BotApiEmulator, chat_id: int) -> list[list[str]] | None:
    """The reply keyboard the bot last set in the chat (Telegram keeps it until removed)."""
    return reply_keyboard_labels(emulator.state.chats.get(chat_id)) or None


def commands(emulator: BotApiEmulator, person: Person) -> list[dict[str, str]]:
    """The command menu Telegram would show this chat: the most specific scope set wins."""
    scopes: list[dict[str, Any]] = [{"type": "chat", "chat_id": person.chat_id}]
    if person.chat_id < 0:
        scopes.append({"type": "all_group_chats"})
    else:
        scopes.append({"type": "all_private_chats"})
    scopes.append({"type": "default"})
    for scope in scopes:
        for language in (person.language, ""):
            found = emulator.commands(scope, language)
            if found:
                return found
    return []


def command_names() -> dict[str, dict[str, str]]:
    """English name -> {language: the name the bot shows people using it}, for every command.

    The page's "Try:" hints type these in the page's language (/terminy in Polish), so they
    come from the bot's own table and cannot drift from the commands it answers.
    """
    return {c.name: {lang: c.shown(lang) for lang in SUPPORTED_LANGUAGES} for c in COMMANDS}


def sse(event: str, data: object) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n".encode()
