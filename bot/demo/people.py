"""The demo's people and group chat: who they are, and the ones a visitor creates."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from bot.sandbox import BotApiEmulator

STAFF_ID = 1003
GROUP_ID = -4001
GROUP_ADMIN_ID = 1004
FIRST_CREATED_ID = 1101
LANGUAGES = ("pl", "uk", "en")
NAME_MAX = 40


@dataclass(frozen=True, slots=True)
class Person:
    """Someone whose chat the web page shows: a person, or a group chat and who speaks in it."""

    id: int
    name: str
    language: str
    role: str  # member, volunteer, staff, group, new: what the picker says about them
    chat_id: int
    speaker_id: int  # the person who writes (in a group: its admin)


BUILT_IN = (
    Person(1001, "Anna Kowalska", "pl", "member", 1001, 1001),
    Person(1002, "Оксана Мельник", "uk", "volunteer", 1002, 1002),
    Person(STAFF_ID, "Marta Nowak", "pl", "staff", STAFF_ID, STAFF_ID),
    Person(GROUP_ID, "Stowarzyszenie Razem · grupa", "pl", "group", GROUP_ID, GROUP_ADMIN_ID),
)
GROUP_ADMIN_NAME = "Piotr Zając"


class People:
    """The built-in people plus those created on the page (kept in the demo folder)."""

    def __init__(self, emulator: BotApiEmulator, folder: Path) -> None:
        self._emulator = emulator
        self._file = folder / "people.json"
        self._created: list[Person] = []
        if self._file.exists():
            self._created = [Person(**raw) for raw in json.loads(self._file.read_text())]
        for person in (*BUILT_IN, *self._created):
            self._introduce(person)

    def all(self) -> list[Person]:
        return [*BUILT_IN, *self._created]

    def get(self, chat_id: int) -> Person | None:
        return next((p for p in self.all() if p.chat_id == chat_id), None)

    def create(self, name: str, language: str) -> Person | None:
        """A new person (None when the name is empty or too long, or the language unknown)."""
        cleaned = " ".join(name.split())
        if not cleaned or len(cleaned) > NAME_MAX or language not in LANGUAGES:
            return None
        new_id = max([FIRST_CREATED_ID - 1, *(p.id for p in self._created)]) + 1
        person = Person(new_id, cleaned, language, "new", new_id, new_id)
        self._created.append(person)
        self._file.write_text(json.dumps([asdict(p) for p in self._created], ensure_ascii=False))
        self._introduce(person)
        return person

    def _introduce(self, person: Person) -> None:
        """Make the person (and a group with its admin) known to the local Bot API."""
        if person.role == "group":
            admin = self._emulator.user(GROUP_ADMIN_ID, GROUP_ADMIN_NAME, language_code="pl")
            self._emulator.group(person.chat_id, person.name, admins=[admin])
            return
        first, _, last = person.name.partition(" ")
        user = self._emulator.user(
            person.id, first, last_name=last or None, language_code=person.language
        )
        # As if they had once opened the chat: the bot may write to them.
        self._emulator.state.private_chat(user.record)
