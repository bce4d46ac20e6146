"""OrganisationService: validation, registration, search, membership, invites, review."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from bot.organisations.service import (
    Organisation,
    OrganisationService,
    OrgError,
    OrgRejected,
    OrgStatus,
    fold_name,
    normalise_krs,
    validate_email,
    validate_org_name,
)
from storage import Database, upsert_user

DISTRICTS = ("Stare Miasto", "Podgórze", "Nowa Huta")
STAFF = 900


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
async def orgs(db: Database) -> OrganisationService:
    for user_id in (1, 2, 3, STAFF):
        await upsert_user(db, user_id, "pl", datetime(2026, 1, 1, tzinfo=UTC))
    return OrganisationService(db, DISTRICTS, Clock())


async def register(orgs: OrganisationService, user_id: int, name: str, **kw: str) -> Organisation:
    result = await orgs.register(user_id, name, kw.get("krs"), kw.get("district"), kw.get("email"))
    assert isinstance(result, Organisation), result
    return result


def test_names_fold_without_case_diacritics_and_punctuation() -> None:
    assert fold_name("Fundacja „Łąka”") == fold_name("fundacja laka") == "fundacja laka"
    assert fold_name('  Stowarzyszenie   "Dom"\tPomocy!') == "stowarzyszenie dom pomocy"
    assert fold_name("Kraków–Nowa Huta") == "krakow nowa huta"
    assert fold_name("ŻÓŁW") == "zolw"


def test_krs_is_normalised_or_refused() -> None:
    assert normalise_krs("0000 123-456") == "0000123456"
    assert normalise_krs(" 0000123456 ") == "0000123456"
    for bad in ("123456789", "00001234567", "0000l23456", "０００００１２３４５６"):
        assert normalise_krs(bad) is None


def test_names_and_emails_are_validated() -> None:
    assert validate_org_name("  Fundacja \n Łąka ") == "Fundacja Łąka"
    assert validate_org_name("   ") == OrgError.NAME_EMPTY
    assert validate_org_name("„…”") == OrgError.NAME_EMPTY
    assert validate_org_name("x" * 120) == "x" * 120
    assert validate_org_name("x" * 121) == OrgError.NAME_TOO_LONG
    assert validate_email(" biuro@laka.org.pl ") == "biuro@laka.org.pl"
    long_email = "a" * 246 + "@laka.org"  # 255 characters
    for bad in ("biuro", "biuro@laka", "a b@laka.pl", "a@@laka.pl", long_email):
        assert validate_email(bad) == OrgError.EMAIL_INVALID, bad


async def test_register_creates_a_pending_organisation_with_the_user_as_member(
    orgs: OrganisationService,
) -> None:
    org = await register(
        orgs, 1, " Fundacja  „Łąka” ", krs="0000 123 456", district="Podgórze", email="a@laka.pl"
    )
    assert (org.name, org.krs, org.district, org.email) == (
        "Fundacja „Łąka”", "0000123456", "Podgórze", "a@laka.pl",
    )  # fmt: skip
    assert org.status is OrgStatus.PENDING and org.created_at.tzinfo is UTC
    assert await orgs.membership(1) == org
    assert await orgs.member_ids(org.id) == [1]
    assert await orgs.get(org.id) == org


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        (("", "12345", "Mars", "bad"), OrgError.NAME_EMPTY),
        (("N" * 121, "12345", "Mars", "bad"), OrgError.NAME_TOO_LONG),
        (("Nowa", "12345", "Mars", "bad"), OrgError.KRS_INVALID),
        (("Nowa", "0000123456", "Mars", "bad"), OrgError.EMAIL_INVALID),
        (("Nowa", "0000123456", "Mars", "a@b.pl"), OrgError.DISTRICT_UNKNOWN),
        (("Nowa", "0000123456", "podgórze", None), OrgError.DISTRICT_UNKNOWN),
    ],
)
async def test_invalid_registration_is_refused_in_form_order_and_leaves_nothing(
    db: Database, orgs: OrganisationService, fields: tuple[str, ...], error: OrgError
) -> None:
    name, krs, district, email = fields
    assert await orgs.register(1, name, krs, district, email) == OrgRejected(error)
    assert await db.fetch_value("SELECT count(*) FROM organisations") == 0
    assert await orgs.membership(1) is None


async def test_blank_optional_fields_count_as_skipped(orgs: OrganisationService) -> None:
    org = await register(orgs, 1, "Fundacja", krs="  ", email="")
    assert (org.krs, org.email, org.district) == (None, None, None)


async def test_duplicate_name_or_krs_offers_the_existing_organisation(
    orgs: OrganisationService,
) -> None:
    existing = await register(orgs, 1, "Fundacja „Łąka”", krs="0000123456")

    by_name = await orgs.register(2, "fundacja laka", None, None, None)
    by_krs = await orgs.register(2, "Inna nazwa", "0000-123-456", None, None)

    assert by_name == OrgRejected(OrgError.DUPLICATE_NAME, existing)
    assert by_krs == OrgRejected(OrgError.DUPLICATE_KRS, existing)
    assert await orgs.membership(2) is None


async def test_rejected_duplicate_is_not_offered_for_joining(orgs: OrganisationService) -> None:
    rejected = await register(orgs, 1, "Fundacja Łąka")
    await orgs.review(STAFF, rejected.id, verified=False)
    assert await orgs.register(2, "FUNDACJA ŁĄKA", None, None, None) == OrgRejected(
        OrgError.DUPLICATE_NAME
    )


@pytest.mark.sqlite_only  # the failure is injected with a SQLite trigger
async def test_failure_after_the_insert_rolls_back_organisation_and_membership(
    db: Database, orgs: OrganisationService
) -> None:
    async with db.connection() as conn:  # make the membership step (the last one) fail
        await conn.execute(
            "CREATE TEMP TRIGGER refuse_membership BEFORE UPDATE OF organisation_id ON users "
            "BEGIN SELECT RAISE(ABORT, 'membership refused'); END"
        )
    with pytest.raises(sqlite3.IntegrityError, match="membership refused"):
        await orgs.register(1, "Fundacja Sierota", None, None, None)
    assert await db.fetch_value("SELECT count(*) FROM organisations") == 0
    assert await db.fetch_value("SELECT organisation_id FROM users WHERE telegram_id = 1") is None


async def test_search_ignores_case_and_diacritics_and_puts_verified_first(
    orgs: OrganisationService,
) -> None:
    b = await register(orgs, 1, "Fundacja Łódzka")
    a = await register(orgs, 2, "Stowarzyszenie Łódź Kaliska")
    c = await register(orgs, 3, "Fundacja Zwierzaki")
    await orgs.review(STAFF, a.id, verified=True)
    await orgs.review(STAFF, c.id, verified=False)

    assert [o.id for o in await orgs.search("lodz")] == [a.id, b.id]
    assert [o.id for o in await orgs.search("FUNDACJA")] == [b.id]  # rejected excluded
    assert [o.id for o in await orgs.search("lodz", limit=1)] == [a.id]
    assert await orgs.search("  ") == []
    assert await orgs.search("„”") == []


async def test_join_and_leave_change_membership(orgs: OrganisationService) -> None:
    org = await register(orgs, 1, "Fundacja")
    joined = await orgs.join(2, org.id)
    assert joined == org
    assert await orgs.member_ids(org.id) == [1, 2]
    await orgs.leave(2)
    assert await orgs.membership(2) is None
    assert await orgs.join(2, 999) is None
    assert await orgs.join(404, org.id) is None


async def test_nobody_joins_a_rejected_organisation(orgs: OrganisationService) -> None:
    org = await register(orgs, 1, "Fundacja")
    await orgs.review(STAFF, org.id, verified=False)
    assert await orgs.join(2, org.id) is None
    assert await orgs.membership(2) is None


async def test_invite_code_is_stored_only_as_its_hash_and_counts_uses(
    db: Database, orgs: OrganisationService
) -> None:
    org = await register(orgs, 1, "Fundacja")
    code = await orgs.create_invite(1, org.id, staff=False)
    assert isinstance(code, str) and len(code) == 22

    stored = await db.fetch_value("SELECT code_hash FROM invites")
    assert stored == hashlib.sha256(code.encode()).hexdigest()
    assert code not in str(await db.fetch_all("SELECT * FROM invites"))

    assert await orgs.redeem_invite(2, code) == org
    assert await orgs.redeem_invite(3, code) == org
    assert await orgs.member_ids(org.id) == [1, 2, 3]
    [invite] = await orgs.list_invites(org.id)
    assert (invite.organisation_id, invite.uses) == (org.id, 2)
    assert await orgs.redeem_invite(2, "not-a-code") is None


async def test_only_members_or_staff_create_and_revoke_invites(orgs: OrganisationService) -> None:
    org = await register(orgs, 1, "Fundacja")
    assert await orgs.create_invite(2, org.id, staff=False) == OrgError.NOT_ALLOWED
    assert await orgs.create_invite(2, 999, staff=True) == OrgError.NOT_ALLOWED
    code = await orgs.create_invite(STAFF, org.id, staff=True)
    assert isinstance(code, str)
    [invite] = await orgs.list_invites(org.id)

    assert not await orgs.revoke_invite(2, invite.id, staff=False)
    assert await orgs.revoke_invite(1, invite.id, staff=False)
    assert not await orgs.revoke_invite(1, invite.id, staff=False)  # already revoked
    assert await orgs.list_invites(org.id) == []
    assert await orgs.redeem_invite(2, code) is None
    assert await orgs.membership(2) is None


async def test_staff_revoke_any_invite_and_rejection_disables_links(
    orgs: OrganisationService,
) -> None:
    org = await register(orgs, 1, "Fundacja")
    first = await orgs.create_invite(1, org.id, staff=False)
    await orgs.create_invite(1, org.id, staff=False)
    [_, second] = await orgs.list_invites(org.id)
    assert await orgs.revoke_invite(STAFF, second.id, staff=True)

    await orgs.review(STAFF, org.id, verified=False)

    assert isinstance(first, str)
    assert await orgs.redeem_invite(2, first) is None
    assert await orgs.create_invite(1, org.id, staff=False) == OrgError.NOT_ALLOWED
    assert await orgs.create_invite(STAFF, org.id, staff=True) == OrgError.NOT_ALLOWED


async def test_review_happens_once_and_a_stale_button_gets_none(
    db: Database, orgs: OrganisationService
) -> None:
    a = await register(orgs, 1, "Alfa")
    b = await register(orgs, 2, "Beta")
    assert [o.id for o in await orgs.list_pending()] == [a.id, b.id]

    verified = await orgs.review(STAFF, a.id, verified=True)

    assert verified is not None and verified.status is OrgStatus.VERIFIED
    assert await orgs.review(STAFF, a.id, verified=False) is None
    assert await orgs.review(STAFF, 999, verified=True) is None
    assert [o.id for o in await orgs.list_pending()] == [b.id]
    row = await db.fetch_one(
        "SELECT reviewed_by, reviewed_at FROM organisations WHERE id = ?", (a.id,)
    )
    assert row is not None and row["reviewed_by"] == STAFF and row["reviewed_at"]
