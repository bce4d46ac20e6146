"""Which organisation a group speaks for, and who may act for the group in its name."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bot.core.clock import Clock, utc_now
from bot.core.users import Role
from bot.organisations.service import Organisation, OrganisationService
from storage import Database, chats, members


class GroupChange(StrEnum):
    LINKED = "linked"
    UNLINKED = "unlinked"
    NOT_MEMBER = "not_member"  # the person does not (any more) belong to that organisation
    STALE = "stale"  # the group has changed since the button was made (e.g. a second press)


@dataclass(frozen=True, slots=True)
class GroupLink:
    """A group's organisation as one of its administrators sees it."""

    current: Organisation | None  # the organisation the group speaks for
    own: Organisation | None  # the administrator's own organisation, at this moment
    may_unlink: bool  # a member of `current`, or staff


@dataclass(frozen=True, slots=True)
class GroupOutcome:
    change: GroupChange
    organisation: Organisation | None  # linked, unlinked, or the one refused


class GroupOrganisationService:
    """A group's link to an organisation, changed and used only by that organisation's members.

    A group that speaks for an organisation receives the city's messages addressed to it and
    is shown under its name; so its settings are changed only by a group administrator who is,
    at that moment, a member of that organisation (or city staff). Telegram's own admin check
    stays with the handlers.
    """

    def __init__(
        self, db: Database, organisations: OrganisationService, clock: Clock = utc_now
    ) -> None:
        self._db = db
        self._organisations = organisations
        self._clock = clock

    async def speaks_for(self, chat_id: int) -> Organisation | None:
        row = await chats.get_chat(self._db, chat_id)
        if row is None or row.organisation_id is None:
            return None
        return await self._organisations.get(row.organisation_id)

    async def refusal(self, user_id: int, role: Role, chat_id: int) -> Organisation | None:
        """The organisation the group speaks for if this person may not act in its name now;
        None when they may (a member of it, staff, or the group speaks for nobody)."""
        organisation = await self.speaks_for(chat_id)
        if organisation is None or await self._may_act(user_id, role, organisation.id):
            return None
        return organisation

    async def link_state(self, user_id: int, role: Role, chat_id: int) -> GroupLink:
        current = await self.speaks_for(chat_id)
        own = await self._organisations.membership(user_id)
        may_unlink = current is not None and await self._may_act(user_id, role, current.id)
        return GroupLink(current, own, may_unlink)

    async def link(self, user_id: int, chat_id: int, org_id: int) -> GroupOutcome:
        """Let the group speak for `org_id`, if the person belongs to it at this moment."""
        organisation = await self._organisations.get(org_id)
        current = await self.speaks_for(chat_id)
        if organisation is None or (current is not None and current.id == org_id):
            return GroupOutcome(GroupChange.STALE, organisation)
        row = await chats.link_organisation(self._db, chat_id, org_id, user_id, self._clock())
        change = GroupChange.NOT_MEMBER if row is None else GroupChange.LINKED
        return GroupOutcome(change, organisation)

    async def unlink(self, user_id: int, role: Role, chat_id: int, org_id: int) -> GroupOutcome:
        """Make the group speak for nobody, if it still speaks for `org_id` and the person is
        one of its members (or staff) at this moment."""
        organisation = await self.speaks_for(chat_id)
        if organisation is None or organisation.id != org_id:
            return GroupOutcome(GroupChange.STALE, organisation)
        staff = role.at_least(Role.STAFF)
        row = await chats.unlink_organisation(
            self._db, chat_id, org_id, user_id, self._clock(), staff=staff
        )
        change = GroupChange.NOT_MEMBER if row is None else GroupChange.UNLINKED
        return GroupOutcome(change, organisation)

    async def _may_act(self, user_id: int, role: Role, org_id: int) -> bool:
        if role.at_least(Role.STAFF):
            return True
        return await members.get_membership(self._db, user_id) == org_id
