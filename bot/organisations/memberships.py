"""Who speaks for an organisation: join requests decided by its members (or staff), removal,
and staff review of memberships made before approvals existed."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from bot.core.clock import Clock, utc_now
from bot.core.users import Role
from bot.organisations.service import Organisation, OrganisationService
from storage import Database, members, memberships, users
from storage.memberships import MemberRow, RequestRow

STAFF_LIST_MAX: Final = 20  # cards /pending shows of each kind


class JoinVia(StrEnum):
    CREATED = "created"
    INVITE = "invite"
    APPROVED = "approved"
    BEFORE_APPROVALS = "before_approvals"
    REVIEWED = "reviewed"


@dataclass(frozen=True, slots=True)
class Member:
    user_id: int
    organisation_id: int
    name: str  # as Telegram gave it when they joined, else @username, else the number
    joined_via: JoinVia | None


@dataclass(frozen=True, slots=True)
class JoinRequest:
    """A request sent: who asked, for which organisation, and who is asked to decide."""

    user_id: int
    name: str
    organisation: Organisation
    deciders: list[int]
    by_staff: bool  # the organisation has no member: staff decide


@dataclass(frozen=True, slots=True)
class Decision:
    """A request decided: the applicant, the organisation and the members to tell."""

    user_id: int
    name: str
    organisation: Organisation
    accepted: bool
    members: list[int]


@dataclass(frozen=True, slots=True)
class Removal:
    member: Member
    organisation: Organisation
    members: list[int]  # who remain


class JoinRefusal(StrEnum):
    ALREADY_MEMBER = "already_member"
    UNKNOWN = "unknown"


class MembershipService:
    """Membership changes that need someone's consent, and the names members see."""

    def __init__(
        self, db: Database, organisations: OrganisationService, clock: Clock = utc_now
    ) -> None:
        self._db = db
        self._organisations = organisations
        self._clock = clock

    async def ask_to_join(self, user_id: int, org_id: int, name: str) -> JoinRequest | JoinRefusal:
        """Ask the organisation's members (staff, when it has none) to let the user in."""
        organisation = await self._organisations.get(org_id)
        if organisation is None:
            return JoinRefusal.UNKNOWN
        if await members.get_membership(self._db, user_id) == org_id:
            return JoinRefusal.ALREADY_MEMBER
        earlier = await memberships.get_request(self._db, user_id)
        repeated = earlier is not None and earlier.organisation_id == org_id
        row = await memberships.add_request(self._db, user_id, org_id, name, self._clock())
        if row is None:
            return JoinRefusal.UNKNOWN
        deciders = await members.list_member_ids(self._db, org_id)
        by_staff = not deciders
        if by_staff:
            staff = await users.list_users_by_role(self._db, (Role.STAFF, Role.ADMIN))
            deciders = [person.telegram_id for person in staff if person.first_seen is not None]
        # Asking again for the same organisation does not ring its members again.
        return JoinRequest(user_id, row.name, organisation, [] if repeated else deciders, by_staff)

    async def pending_request(self, user_id: int) -> Organisation | None:
        """The organisation the user asked to join, if the request still waits."""
        row = await memberships.get_request(self._db, user_id)
        return None if row is None else await self._organisations.get(row.organisation_id)

    async def decide(
        self, decider_id: int, user_id: int, accept: bool, *, staff: bool
    ) -> Decision | None:
        """Accept or decline a request; None when it is gone or the decider may not (they are
        neither staff nor, at this moment, a member of the organisation)."""
        row = await memberships.decide_request(
            self._db, user_id, decider_id, accept, self._clock(), staff=staff
        )
        if row is None:
            return None
        return await self._decision(row, accept)

    async def _decision(self, row: RequestRow, accepted: bool) -> Decision | None:
        organisation = await self._organisations.get(row.organisation_id)
        if organisation is None:
            return None
        everyone = await members.list_member_ids(self._db, organisation.id)
        others = [member for member in everyone if member != row.user_id]
        return Decision(row.user_id, row.name, organisation, accepted, others)

    async def members(self, org_id: int) -> list[Member]:
        return [_member(row) for row in await memberships.list_members(self._db, org_id)]

    async def member(self, user_id: int) -> Member | None:
        row = await memberships.get_member(self._db, user_id)
        return None if row is None else _member(row)

    async def remove(self, by: int, user_id: int, *, staff: bool) -> Removal | None:
        """Remove a member, if `by` is staff or a fellow member now; None if not done."""
        member = await self.member(user_id)
        if member is None or (member.user_id == by and not staff):
            return None
        removed = await memberships.remove_member(
            self._db, user_id, member.organisation_id, by, staff=staff
        )
        organisation = await self._organisations.get(member.organisation_id)
        if not removed or organisation is None:
            return None
        remaining = await members.list_member_ids(self._db, organisation.id)
        return Removal(member, organisation, remaining)

    async def joined_by_invite(self, user_id: int) -> Decision | None:
        """After an invite link: who to tell that the user joined."""
        member = await self.member(user_id)
        if member is None:
            return None
        organisation = await self._organisations.get(member.organisation_id)
        if organisation is None:
            return None
        everyone = await members.list_member_ids(self._db, organisation.id)
        others = [other for other in everyone if other != user_id]
        return Decision(user_id, member.name, organisation, True, others)

    async def keep(self, user_id: int, org_id: int) -> bool:
        """Staff keep a membership made before approvals existed."""
        return await memberships.keep_membership(self._db, user_id, org_id)

    async def for_staff(self) -> tuple[list[JoinRequest], list[Member]]:
        """Requests only staff can decide (the organisation has no member), and memberships
        made before approvals existed, still to review."""
        requests = []
        for row in await memberships.list_requests_for_staff(self._db, STAFF_LIST_MAX):
            organisation = await self._organisations.get(row.organisation_id)
            if organisation is not None:
                requests.append(JoinRequest(row.user_id, row.name, organisation, [], True))
        old = await memberships.list_before_approvals(self._db, STAFF_LIST_MAX)
        return requests, [_member(row) for row in old]


def _member(row: MemberRow) -> Member:
    name = row.name or (f"@{row.username}" if row.username else f"#{row.user_id}")
    via = JoinVia(row.joined_via) if row.joined_via else None
    return Member(row.user_id, row.organisation_id, name, via)
