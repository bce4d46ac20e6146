-- Groups that became supergroups: the old chat id and the new one. A message already sent keeps
-- the old id (that is where it is), but what is owed to the chat because of it (reminders,
-- corrections, a cancellation) goes to the new id, so the old one is looked up here.
CREATE TABLE chat_migrations (
    old_chat_id INTEGER PRIMARY KEY,
    new_chat_id INTEGER NOT NULL,
    migrated_at TEXT    NOT NULL
) STRICT;

CREATE INDEX chat_migrations_by_new ON chat_migrations (new_chat_id);
