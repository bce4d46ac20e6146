"""Whom a group speaks for, on a real database: who may act in its name, link and unlink."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.users import Role
from bot.organisations.service import Organisation, OrganisationService
from bot.subscriptions.group_organisation import GroupChange, GroupOrganisationService
from bot.subscriptions.service import ChatType, SubscriptionService
from storage import Database, members, upsert_user

GROUP = -4401
EWA, ADAM, STAFF = 1, 2, 3


async def two_organisations(db: Database) -> tuple[Organisation, Organisation]:
    for user_id in (EWA, ADAM, STAFF):
        await upsert_user(db, user_id, "pl", datetime(2026, 1, 1, tzinfo=UTC))
    organisations = OrganisationService(db, ())
    razem = await organisations.register(EWA, "Fundacja Razem", None, None, None)
    beta = await organisations.register(ADAM, "Stowarzyszenie Beta", None, None, None)
    assert isinstance(razem, Organisation) and isinstance(beta, Organisation)
    await SubscriptionService(db).ensure_chat(GROUP, ChatType.GROUP, organisation_id=razem.id)
    return razem, beta


async def test_only_members_and_staff_act_for_a_groups_organisation(db: Database) -> None:
    razem, _ = await two_organisations(db)
    groups = GroupOrganisationService(db, OrganisationService(db, ()))
    assert await groups.refusal(EWA, Role.MEMBER, GROUP) is None
    assert await groups.refusal(STAFF, Role.STAFF, GROUP) is None
    refused = await groups.refusal(ADAM, Role.MEMBER, GROUP)
    assert refused is not None and refused.id == razem.id
    await members.leave_organisation(db, EWA)  # a former member
    assert await groups.refusal(EWA, Role.MEMBER, GROUP) is not None


async def test_unlink_and_link_check_the_membership_and_the_groups_state(db: Database) -> None:
    razem, beta = await two_organisations(db)
    groups = GroupOrganisationService(db, OrganisationService(db, ()))
    refused = await groups.unlink(ADAM, Role.MEMBER, GROUP, razem.id)
    assert refused.change is GroupChange.NOT_MEMBER
    assert (await groups.unlink(EWA, Role.MEMBER, GROUP, beta.id)).change is GroupChange.STALE
    assert (await groups.unlink(EWA, Role.MEMBER, GROUP, razem.id)).change is GroupChange.UNLINKED
    assert (await groups.unlink(EWA, Role.MEMBER, GROUP, razem.id)).change is GroupChange.STALE
    assert await groups.speaks_for(GROUP) is None
    assert (await groups.link(EWA, GROUP, beta.id)).change is GroupChange.NOT_MEMBER
    assert (await groups.link(ADAM, GROUP, beta.id)).change is GroupChange.LINKED
    assert (await groups.link(ADAM, GROUP, beta.id)).change is GroupChange.STALE
    assert (await groups.unlink(STAFF, Role.STAFF, GROUP, beta.id)).change is GroupChange.UNLINKED
    assert (await groups.link(ADAM, GROUP + 1, beta.id)).change is GroupChange.NOT_MEMBER
    state = await groups.link_state(EWA, Role.MEMBER, GROUP)
    assert state.current is None and state.own is not None and not state.may_unlink
