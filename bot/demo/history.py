"""The demo's chats kept across restarts: the local Bot API's histories saved to the folder."""

from __future__ import annotations

import base64
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bot.sandbox import BotApiEmulator, HistoryEntry
from bot.sandbox.model import ChatRecord, StoredFile, UserRecord

HISTORY_FILE = "chats.json"


def save_chats(emulator: BotApiEmulator, folder: Path) -> None:
    """Write every chat (messages in their current state, files included)."""
    chats = [_chat(chat) for chat in emulator.state.chats.values()]
    (folder / HISTORY_FILE).write_text(json.dumps(chats, ensure_ascii=False), encoding="utf-8")


def load_chats(emulator: BotApiEmulator, folder: Path) -> None:
    """Bring back the chats of the last run, so a restarted demo shows them again."""
    path = folder / HISTORY_FILE
    if not path.exists():
        return
    state = emulator.state
    highest_file = 0
    for raw in json.loads(path.read_text(encoding="utf-8")):
        chat = _record(raw)
        state.chats[chat.id] = chat
        if chat.user is not None:
            state.users.setdefault(chat.user.id, chat.user)
        for entry in chat.history:
            state.seq = max(state.seq, entry.seq)
            if entry.file is not None:
                state.files[entry.file.file_id] = entry.file
                highest_file = max(highest_file, int(entry.file.file_unique_id[4:]))
    # New files and callback ids must not take the numbers of the ones brought back.
    while state.next_number() < highest_file:
        pass


def _chat(chat: ChatRecord) -> dict[str, Any]:
    return {
        "id": chat.id,
        "type": chat.type,
        "title": chat.title,
        "user": asdict(chat.user) if chat.user is not None else None,
        "bot_status": chat.bot_status,
        "members": [[user_id, status] for user_id, status in chat.members.items()],
        "history": [_entry(entry) for entry in chat.history],
        "next_message_id": chat.next_message_id,
        "migrated_to": chat.migrated_to,
        "reply_keyboard": chat.reply_keyboard,
    }


def _entry(entry: HistoryEntry) -> dict[str, Any]:
    file = None
    if entry.file is not None:
        file = {**asdict(entry.file), "data": base64.b64encode(entry.file.data).decode()}
    return {
        "message": entry.message,
        "from_bot": entry.from_bot,
        "seq": entry.seq,
        "edited": entry.edited,
        "deleted": entry.deleted,
        "file": file,
        "disable_notification": entry.disable_notification,
    }


def _record(raw: dict[str, Any]) -> ChatRecord:
    user = UserRecord(**raw["user"]) if raw["user"] else None
    history = []
    for item in raw["history"]:
        file = None
        if item["file"] is not None:
            file = StoredFile(**{**item["file"], "data": base64.b64decode(item["file"]["data"])})
        history.append(
            HistoryEntry(
                item["message"],
                item["from_bot"],
                item["seq"],
                item["edited"],
                item["deleted"],
                file,
                item["disable_notification"],
            )
        )
    return ChatRecord(
        raw["id"],
        raw["type"],
        raw["title"],
        user,
        raw["bot_status"],
        {int(user_id): status for user_id, status in raw["members"]},
        history,
        raw["next_message_id"],
        raw["migrated_to"],
        raw["reply_keyboard"],
    )
