"""Erasing a person (GDPR art. 17): the one deletion that spans several tables."""

from __future__ import annotations

from storage.db import Database


async def forget_user(db: Database, user_id: int) -> bool:
    """Delete the user, their private chat (with its subscriptions) and their dialog.

    Foreign keys do the rest in the same transaction: dialogs cascade; organisations and invites
    they created or reviewed stay, with the reference set to NULL. False if the user was unknown
    (their private chat, if any, is still removed).
    """
    async with db.transaction() as conn:
        # A private chat's id is its user's id; group chats (negative ids) are not theirs.
        await conn.execute("DELETE FROM chats WHERE chat_id = ? AND type = 'private'", (user_id,))
        # Queued and past deliveries name the chat: personal data too.
        await conn.execute("DELETE FROM outbox WHERE chat_id = ?", (user_id,))
        async with conn.execute("DELETE FROM users WHERE telegram_id = ?", (user_id,)) as cursor:
            return cursor.rowcount == 1
