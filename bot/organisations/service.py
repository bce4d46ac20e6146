"""NGOs: registration with validation, search, membership, invite links, review, directory."""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final

from bot.core.clock import Clock, utc_now
from bot.core.pages import Page, page_bounds
from storage import Database, invites, members, organisations
from storage.organisations import Duplicate, NewOrganisation, OrganisationRow

__all__ = [
    "DirectoryEntry",
    "Invite",
    "OrgError",
    "OrgRejected",
    "OrgStatus",
    "Organisation",
    "OrganisationService",
    "Page",
    "fold_name",
    "normalise_krs",
    "validate_email",
    "validate_org_name",
]

NAME_MAX: Final = 120
EMAIL_MAX: Final = 254
# local@domain.tld: no spaces, one @, a dot in the domain and a TLD of two or more letters.
_EMAIL = re.compile(r"[^@\s]+@(?:[^@\s.]+\.)+[^@\s.\d]{2,}")
_KRS_SEPARATORS = re.compile(r"[\s\-‐-―]")
_KRS = re.compile(r"[0-9]{10}")
# Letters NFKD does not decompose into a base letter and a mark (Polish ł above all).
_UNDECOMPOSED = str.maketrans({"ł": "l", "đ": "d", "ø": "o", "ħ": "h", "ı": "i", "ŧ": "t"})


class OrgStatus(StrEnum):
    PENDING = "pending"
    VERIFIED = "verified"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class Organisation:
    id: int
    name: str
    krs: str | None
    district: str | None
    email: str | None
    status: OrgStatus
    created_at: datetime


class OrgError(StrEnum):
    NAME_EMPTY = "name_empty"
    NAME_TOO_LONG = "name_too_long"
    KRS_INVALID = "krs_invalid"
    EMAIL_INVALID = "email_invalid"
    DISTRICT_UNKNOWN = "district_unknown"
    DUPLICATE_NAME = "duplicate_name"
    DUPLICATE_KRS = "duplicate_krs"
    NOT_ALLOWED = "not_allowed"


@dataclass(frozen=True, slots=True)
class OrgRejected:
    """Why a registration failed; for a duplicate, the organisation to offer instead."""

    error: OrgError
    existing: Organisation | None = None


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    organisation: Organisation
    topic_ids: list[int]


@dataclass(frozen=True, slots=True)
class Invite:
    id: int
    organisation_id: int
    created_at: datetime
    uses: int


def fold_name(text: str) -> str:
    """The form of a name used to find duplicates and to search.

    Case-folded, without diacritics (ł included), punctuation and symbols dropped (quotes,
    dots), dashes and slashes turned into spaces, whitespace collapsed: "Fundacja „Łąka”" and
    "fundacja laka" fold alike.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_UNDECOMPOSED))
    kept = []
    for char in decomposed:
        category = unicodedata.category(char)
        if category == "Pd" or char in "/\\":
            kept.append(" ")
        elif not (category.startswith(("M", "P", "S", "C")) and not char.isspace()):
            kept.append(char)
    return " ".join("".join(kept).split())


def normalise_krs(text: str) -> str | None:
    """ "0000 123-456" -> "0000123456"; None unless exactly ten digits remain."""
    digits = _KRS_SEPARATORS.sub("", text)
    return digits if _KRS.fullmatch(digits) else None


def validate_org_name(text: str) -> str | OrgError:
    """The name trimmed with inner whitespace collapsed, or why it cannot be used."""
    name = " ".join("".join(c for c in text if c.isprintable() or c.isspace()).split())
    if not name or not fold_name(name):
        return OrgError.NAME_EMPTY
    return OrgError.NAME_TOO_LONG if len(name) > NAME_MAX else name


def validate_email(text: str) -> str | OrgError:
    email = text.strip()
    if len(email) > EMAIL_MAX or not _EMAIL.fullmatch(email):
        return OrgError.EMAIL_INVALID
    return email


def hash_invite_code(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


class OrganisationService:
    """Registers, finds and reviews organisations, and manages who belongs to which."""

    def __init__(self, db: Database, districts: tuple[str, ...], clock: Clock = utc_now) -> None:
        self._db = db
        self.districts = districts
        self._clock = clock

    async def search(self, query: str, limit: int = 8) -> list[Organisation]:
        """Case- and diacritics-insensitive substring search; verified first, then by name."""
        folded = fold_name(query)
        if not folded or limit < 1:
            return []
        rows = await organisations.search_organisations(self._db, folded, limit)
        return [_organisation(row) for row in rows]

    async def get(self, org_id: int) -> Organisation | None:
        row = await organisations.get_organisation(self._db, org_id)
        return None if row is None else _organisation(row)

    async def register(
        self, user_id: int, name: str, krs: str | None, district: str | None, email: str | None
    ) -> Organisation | OrgRejected:
        """Validate, then add the organisation (pending) with the user as its member, atomically.

        Checks run in the order the form asks: name, KRS, e-mail, district, then duplicates.
        """
        new = self._validate(name, krs, district, email)
        if isinstance(new, OrgError):
            return OrgRejected(new)
        added = await organisations.add_organisation(self._db, new, user_id, self._clock())
        if isinstance(added, Duplicate):
            return _duplicate(added)
        return _organisation(added)

    def _validate(
        self, name: str, krs: str | None, district: str | None, email: str | None
    ) -> NewOrganisation | OrgError:
        valid_name = validate_org_name(name)
        if isinstance(valid_name, OrgError):
            return valid_name
        # Blank optional fields count as skipped.
        valid_krs = normalise_krs(krs) if krs and krs.strip() else None
        if krs and krs.strip() and valid_krs is None:
            return OrgError.KRS_INVALID
        valid_email = validate_email(email) if email and email.strip() else None
        if isinstance(valid_email, OrgError):
            return valid_email
        if district is not None and district not in self.districts:
            return OrgError.DISTRICT_UNKNOWN
        return NewOrganisation(valid_name, fold_name(valid_name), valid_krs, district, valid_email)

    async def join(self, user_id: int, org_id: int) -> Organisation | None:
        """Make the user a member without asking anyone (the operator's and tests' way; people
        ask through MembershipService); None for an unknown or rejected organisation."""
        if not await members.join_organisation(self._db, user_id, org_id):
            return None
        return await self.get(org_id)

    async def leave(self, user_id: int) -> None:
        await members.leave_organisation(self._db, user_id)

    async def membership(self, user_id: int) -> Organisation | None:
        org_id = await members.get_membership(self._db, user_id)
        return None if org_id is None else await self.get(org_id)

    async def member_ids(self, org_id: int) -> list[int]:
        return await members.list_member_ids(self._db, org_id)

    async def create_invite(self, user_id: int, org_id: int, *, staff: bool) -> str | OrgError:
        """A new invite code for the organisation, if the user is its member or staff.

        The code (22 url-safe characters, 128 random bits) fits a t.me ?start= payload; only
        its SHA-256 is stored, so it is shown once and cannot be recovered.
        """
        code = secrets.token_urlsafe(16)
        stored = await invites.add_invite(
            self._db, org_id, hash_invite_code(code), user_id, self._clock(), staff=staff
        )
        return OrgError.NOT_ALLOWED if stored is None else code

    async def redeem_invite(
        self, user_id: int, code: str, name: str | None = None
    ) -> Organisation | None:
        """Join the invite's organisation (as `name` for fellow members); None if the code is
        unknown, revoked or its organisation rejected."""
        org_id = await invites.redeem_invite(
            self._db, hash_invite_code(code), user_id, self._clock(), name
        )
        return None if org_id is None else await self.get(org_id)

    async def list_invites(self, org_id: int) -> list[Invite]:
        """The organisation's invites that still work, oldest first."""
        rows = await invites.list_active_invites(self._db, org_id)
        return [Invite(row.id, row.organisation_id, row.created_at, row.uses) for row in rows]

    async def revoke_invite(self, user_id: int, invite_id: int, *, staff: bool) -> bool:
        """Revoke an invite of the user's organisation (any, for staff); False if not done."""
        return await invites.revoke_invite(
            self._db, invite_id, user_id, self._clock(), staff=staff
        )

    async def list_pending(self) -> list[Organisation]:
        rows = await organisations.list_by_status(self._db, OrgStatus.PENDING)
        return [_organisation(row) for row in rows]

    async def review(self, staff_id: int, org_id: int, verified: bool) -> Organisation | None:
        """Verify or reject a pending organisation; None if unknown or already reviewed."""
        status = OrgStatus.VERIFIED if verified else OrgStatus.REJECTED
        row = await organisations.review_organisation(
            self._db, org_id, status, staff_id, self._clock()
        )
        return None if row is None else _organisation(row)

    async def directory(
        self,
        *,
        topic_id: int | None = None,
        district: str | None = None,
        page: int = 0,
        per_page: int = 5,
    ) -> Page[DirectoryEntry]:
        """Verified organisations by name, optionally with an area and/or in a district."""
        total = await organisations.count_directory(self._db, topic_id, district)
        page, pages = page_bounds(total, page, per_page)
        rows = await organisations.list_directory(
            self._db, topic_id, district, per_page, page * per_page
        )
        areas = await organisations.list_areas(self._db, [row.id for row in rows])
        items = [DirectoryEntry(_organisation(row), areas[row.id]) for row in rows]
        return Page(items, page, pages, total)


def _duplicate(found: Duplicate) -> OrgRejected:
    error = OrgError.DUPLICATE_NAME if found.field == "name" else OrgError.DUPLICATE_KRS
    # A rejected organisation is not offered for joining; its name stays taken.
    offer = None if found.existing.status == OrgStatus.REJECTED else _organisation(found.existing)
    return OrgRejected(error, offer)


def _organisation(row: OrganisationRow) -> Organisation:
    return Organisation(
        id=row.id,
        name=row.name,
        krs=row.krs,
        district=row.district,
        email=row.email,
        status=OrgStatus(row.status),
        created_at=row.created_at,
    )
