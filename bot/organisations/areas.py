"""The areas of work an organisation declares: who may change them, and changing them."""

from __future__ import annotations

from bot.core.users import Role
from storage import Database, members, organisation_topics


class AreaService:
    """Reads and changes an organisation's declared areas (the directory shows these)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def declared(self, org_id: int) -> set[int]:
        return await organisation_topics.list_declared_areas(self._db, org_id)

    async def may_change(self, user_id: int, role: Role, org_id: int) -> bool:
        """Its own members may, and city staff; checked again on every button press."""
        if role.at_least(Role.STAFF):
            return True
        return await members.get_membership(self._db, user_id) == org_id

    async def set_area(
        self, user_id: int, role: Role, org_id: int, topic_id: int, declared: bool
    ) -> set[int] | None:
        """Declare or withdraw one area; None when the person may not change them."""
        if not await self.may_change(user_id, role, org_id):
            return None
        await organisation_topics.set_declared_area(self._db, org_id, topic_id, declared)
        return await self.declared(org_id)
