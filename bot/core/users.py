"""People who talk to the bot: registration on first contact, language choice and roles."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.config import SUPPORTED_LANGUAGES
from bot.core.clock import Clock, utc_now
from bot.core.i18n import resolve_language
from storage import Database, users


class Role(StrEnum):
    """What a person may do; each role includes the ones before it."""

    MEMBER = "member"
    STAFF = "staff"
    ADMIN = "admin"

    def at_least(self, other: Role) -> bool:
        order = list(Role)
        return order.index(self) >= order.index(other)


@dataclass(frozen=True, slots=True)
class Profile:
    """A user as the handlers need them: who, which language, which role."""

    telegram_id: int
    language: str
    role: Role
    is_new: bool = False
    username: str | None = None


@dataclass(frozen=True, slots=True)
class UserStats:
    """Head counts for staff: everyone, and by language and role."""

    total: int
    by_language: dict[str, int]
    by_role: dict[str, int]


class UserService:
    """Registers users as they write and keeps their language and role."""

    def __init__(self, db: Database, default_language: str, clock: Clock = utc_now) -> None:
        self._db = db
        self._default = default_language
        self._clock = clock

    async def register(
        self, telegram_id: int, telegram_language: str | None, username: str | None = None
    ) -> Profile:
        """Record that the user wrote now; follow Telegram's language until they choose one."""
        now = self._clock()
        language = resolve_language(telegram_language, self._default)
        row = await users.upsert_user(self._db, telegram_id, language, now, username)
        return _profile(row, is_new=row.first_seen == now)

    async def choose_language(self, telegram_id: int, language: str) -> Profile | None:
        """Pin the user's language; None when the language or the user is unknown."""
        if language not in SUPPORTED_LANGUAGES:
            return None
        if not await users.set_language(self._db, telegram_id, language):
            return None
        return await self.profile(telegram_id)

    async def profile(self, telegram_id: int) -> Profile | None:
        row = await users.get_user(self._db, telegram_id)
        return None if row is None else _profile(row)

    async def language_of(self, telegram_id: int | None, telegram_language: str | None) -> str:
        """The language to answer in, without recording anything (used on error paths)."""
        row = None if telegram_id is None else await users.get_user(self._db, telegram_id)
        return row.language if row else resolve_language(telegram_language, self._default)

    async def list_privileged(self) -> list[Profile]:
        """Staff and admins, whose command menus differ from members'."""
        rows = await users.list_users_by_role(self._db, (Role.STAFF, Role.ADMIN))
        return [_profile(row) for row in rows]

    async def stats(self) -> UserStats:
        by_language = await users.count_users_by(self._db, "language")
        by_role = await users.count_users_by(self._db, "role")
        return UserStats(sum(by_language.values()), by_language, by_role)


def _profile(row: users.UserRow, *, is_new: bool = False) -> Profile:
    return Profile(row.telegram_id, row.language, Role(row.role), is_new, row.username)
