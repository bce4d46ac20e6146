"""Granting and revoking the staff and admin roles, decided on the roles stored right now."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.core.users import Profile, Role, UserService
from bot.numbers import parse_natural
from storage import Database, users

USERNAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")


class RoleError(StrEnum):
    """Why a role change was refused."""

    NOT_ADMIN = "not_admin"
    UNKNOWN_USER = "unknown_user"
    SELF = "self"


@dataclass(frozen=True, slots=True)
class RoleChange:
    """A role that changed (or was already so: before == after)."""

    target: Profile
    before: Role
    after: Role


class RoleService:
    """Admins make people staff or admins, or members again; everyone else is refused."""

    def __init__(self, db: Database, users_service: UserService) -> None:
        self._db = db
        self._users = users_service

    async def resolve(self, reference: str) -> int | None:
        """A user id from "@username" (as last seen by the bot) or from a numeric id."""
        reference = reference.strip()
        if (user_id := parse_natural(reference, max_digits=19, typed=True)) is not None:
            return user_id
        name = reference.removeprefix("@").lower()
        if not name or not set(name) <= USERNAME_CHARS:
            return None
        row = await users.get_user_by_username(self._db, name)
        return None if row is None else row.telegram_id

    async def change(self, actor_id: int, target_id: int, role: Role) -> RoleChange | RoleError:
        """Set the target's role if the actor is an admin now (so an admin always remains)."""
        actor = await self._users.profile(actor_id)
        if actor is None or actor.role is not Role.ADMIN:
            return RoleError.NOT_ADMIN
        if target_id == actor_id:
            return RoleError.SELF
        target = await self._users.profile(target_id)
        if target is None:
            return RoleError.UNKNOWN_USER
        if target.role is not role:
            await users.set_role(self._db, target_id, role)
        updated = await self._users.profile(target_id)
        return RoleChange(updated or target, target.role, role)
