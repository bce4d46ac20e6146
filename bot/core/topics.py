"""The topic catalogue (areas of cooperation) and the kinds of announcement a chat can filter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from bot.config import SUPPORTED_LANGUAGES
from bot.core.clock import Clock, utc_now
from bot.core.i18n import N_
from storage import Database, topics

CODE_PATTERN: Final = re.compile(r"[a-z0-9-]{2,24}")
NAME_MAX: Final = 60
FALLBACK_LANGUAGE: Final = "pl"


class Kind(StrEnum):
    """What an announcement is; chats choose which kinds they receive."""

    EVENT = "event"
    CALL = "call"
    CONSULTATION = "consultation"
    TRAINING = "training"
    PREMISES = "premises"
    NOTICE = "notice"


KIND_LABELS: Final[dict[Kind, str]] = {
    Kind.EVENT: N_("Events"),
    Kind.CALL: N_("Calls for proposals"),
    Kind.CONSULTATION: N_("Consultations"),
    Kind.TRAINING: N_("Trainings"),
    Kind.PREMISES: N_("Premises"),
    Kind.NOTICE: N_("Notices"),
}


@dataclass(frozen=True, slots=True)
class Topic:
    """An area of cooperation with its name in each supported language."""

    id: int
    code: str
    names: dict[str, str]
    retired: bool

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names[FALLBACK_LANGUAGE]


class TopicError(StrEnum):
    CODE_INVALID = "code_invalid"
    CODE_TAKEN = "code_taken"
    NAME_EMPTY = "name_empty"
    NAME_TOO_LONG = "name_too_long"


def validate_topic_name(text: str) -> str | TopicError:
    """Trim and collapse whitespace; a name must be 1 to NAME_MAX characters."""
    name = " ".join(text.split())
    if not name:
        return TopicError.NAME_EMPTY
    return TopicError.NAME_TOO_LONG if len(name) > NAME_MAX else name


class TopicService:
    """Lists the catalogue and lets admins add, rename and retire topics."""

    def __init__(self, db: Database, clock: Clock = utc_now) -> None:
        self._db = db
        self._clock = clock

    async def list_topics(self, *, include_retired: bool = False) -> list[Topic]:
        rows = await topics.list_topics(self._db, include_retired=include_retired)
        return [_topic(row) for row in rows]

    async def get(self, topic_id: int) -> Topic | None:
        row = await topics.get_topic(self._db, topic_id)
        return None if row is None else _topic(row)

    async def find(self, code_or_name: str) -> Topic | None:
        """The topic with this code, or with this name in any language (case-insensitive)."""
        wanted = " ".join(code_or_name.split()).casefold()
        if not wanted:
            return None
        # The catalogue is a dozen rows; SQLite's lower() would not fold Polish or Cyrillic.
        candidates = await self.list_topics(include_retired=True)
        for topic in candidates:
            if topic.code == wanted:
                return topic
        for topic in candidates:
            if any(name.casefold() == wanted for name in topic.names.values()):
                return topic
        return None

    async def add(self, code: str, name_pl: str, name_uk: str, name_en: str) -> Topic | TopicError:
        code = code.strip()
        if not CODE_PATTERN.fullmatch(code):
            return TopicError.CODE_INVALID
        names: dict[str, str] = {}
        for language, text in zip(SUPPORTED_LANGUAGES, (name_pl, name_uk, name_en), strict=True):
            name = validate_topic_name(text)
            if isinstance(name, TopicError):
                return name
            names[language] = name
        row = await topics.add_topic(self._db, code, names)
        return TopicError.CODE_TAKEN if row is None else _topic(row)

    async def rename(self, topic_id: int, language: str, name: str) -> Topic | TopicError | None:
        """Change one language's name; None when there is no such topic."""
        if language not in SUPPORTED_LANGUAGES:
            raise ValueError(f"unsupported language {language!r}")
        valid = validate_topic_name(name)
        if isinstance(valid, TopicError):
            return valid
        row = await topics.rename_topic(self._db, topic_id, language, valid)
        return None if row is None else _topic(row)

    async def set_retired(self, topic_id: int, retired: bool) -> Topic | None:
        """Retire a topic (hidden from new subscriptions, history kept) or bring it back."""
        row = await topics.set_retired(self._db, topic_id, self._clock() if retired else None)
        return None if row is None else _topic(row)


def _topic(row: topics.TopicRow) -> Topic:
    return Topic(row.id, row.code, dict(row.names), row.retired)
