"""GDPR: what the bot holds about a person (/mydata) and erasing it (/forget)."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

from bot.core.topics import Kind
from storage import (
    Database,
    chats,
    dialogs,
    get_user,
    invites,
    members,
    memberships,
    organisations,
    postulate_links,
    postulates,
    preferences,
    staff_alerts,
    topics,
)
from storage import privacy as storage_privacy


class PrivacyService:
    """Exports a person's data as plain JSON values and forgets a person on request."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def export(self, user_id: int) -> dict[str, Any]:
        """Everything stored about the user, as JSON-serialisable values (ISO timestamps)."""
        return {
            "user": await self._user(user_id),
            "organisation": await self._membership(user_id),
            "private_chat": await self._private_chat(user_id),
            "organisations_registered": [
                {
                    "id": row.id,
                    "name": row.name,
                    # The contact e-mail may be a person's own address: it is theirs to see.
                    "krs": row.krs,
                    "district": row.district,
                    "email": row.email,
                    "status": row.status,
                    "created_at": _iso(row.created_at),
                }
                for row in await organisations.list_created_by(self._db, user_id)
            ],
            "invites_created": [
                {
                    "id": row.id,
                    "organisation_id": row.organisation_id,
                    "created_at": _iso(row.created_at),
                    "revoked_at": _iso(row.revoked_at),
                    "uses": row.uses,
                }
                for row in await invites.list_created_by(self._db, user_id)
            ],
            "dialog": await self._dialog(user_id),
            **await self._postulates(user_id),
            **await self._joining(user_id),
        }

    async def _joining(self, user_id: int) -> dict[str, Any]:
        """How their membership began and the name members see; a request still waiting;
        for staff, how they hear about new postulates."""
        member = await memberships.get_member(self._db, user_id)
        request = await memberships.get_request(self._db, user_id)
        return {
            "membership_details": None
            if member is None
            else {
                "name_shown_to_members": member.name,
                "joined_via": member.joined_via,
                "joined_at": _iso(member.joined_at),
            },
            "join_request": None
            if request is None
            else {
                "organisation_id": request.organisation_id,
                "name": request.name,
                "created_at": _iso(request.created_at),
            },
            "staff_postulate_alerts": await staff_alerts.get_mode(self._db, user_id),
        }

    async def forget(self, user_id: int) -> bool:
        """Delete the person, their private chat and subscriptions, and their dialog, in one
        transaction; organisations and invites they created stay, detached. False if unknown."""
        return await storage_privacy.forget_user(self._db, user_id)

    async def _user(self, user_id: int) -> dict[str, Any] | None:
        user = await get_user(self._db, user_id)
        if user is None:
            return None
        return {
            "telegram_id": user.telegram_id,
            "language": user.language,
            "language_chosen": user.language_chosen,
            "role": user.role,
            "first_seen": _iso(user.first_seen),
            "last_seen": _iso(user.last_seen),
            "username": user.username,
        }

    async def _membership(self, user_id: int) -> dict[str, Any] | None:
        org_id = await members.get_membership(self._db, user_id)
        row = None if org_id is None else await organisations.get_organisation(self._db, org_id)
        return None if row is None else {"id": row.id, "name": row.name, "status": row.status}

    async def _private_chat(self, user_id: int) -> dict[str, Any] | None:
        chat = await chats.get_chat(self._db, user_id)
        if chat is None or chat.type != "private":
            return None
        catalogue = await topics.list_topics(self._db, include_retired=True)
        return {
            "topics": [topic.code for topic in catalogue if topic.id in chat.topic_ids],
            "kinds": [kind.value for kind in Kind if kind not in chat.muted_kinds],
            "paused": chat.paused,
            "active": chat.active,
            # Only what differs from the defaults is stored (NULL = the default).
            "reminder_settings": dataclasses.asdict(
                await preferences.get_preferences(self._db, user_id)
            ),
        }

    async def _postulates(self, user_id: int) -> dict[str, Any]:
        """The postulates they wrote, the supports they gave and what they follow."""
        written = await postulates.list_by_author(self._db, user_id)
        return {
            "postulates": [
                {
                    "id": row.id,
                    "round_id": row.round_id,
                    "topic_id": row.topic_id,
                    "title": row.title,
                    "description": row.description,
                    "beneficiaries": row.beneficiaries,
                    "organisation_id": row.organisation_id,
                    "status": row.status,
                    "withdraw_reason": row.withdraw_reason,
                    "submitted_at": _iso(row.submitted_at),
                }
                for row in written
            ],
            "postulate_supports": [
                {
                    "postulate_id": postulate,
                    "organisation_id": org,
                    "created_at": _iso(at),
                }
                for postulate, org, at in await postulate_links.list_supported(self._db, user_id)
            ],
            "postulates_followed": [
                {"postulate_id": postulate, "since": _iso(at)}
                for postulate, at in await postulate_links.list_followed(self._db, user_id)
            ],
        }

    async def _dialog(self, user_id: int) -> dict[str, Any] | None:
        row = await dialogs.get_dialog(self._db, user_id)
        if row is None:
            return None
        return {
            "flow": row.flow,
            "step": row.step,
            "data": row.data,
            "updated_at": _iso(row.updated_at),
        }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()
