-- Issue 4: the persistent outbox. One row per message the bot owes a chat: the audience of an
-- announcement is snapshotted here in bulk, and the paced sender records each item's fate, so
-- a restart (even after kill -9) continues where it stopped instead of starting over.
CREATE TABLE outbox (
    id                  INTEGER PRIMARY KEY,
    announcement_id     INTEGER NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
    -- No foreign key to chats: the row is history and must survive the chat's row changing id
    -- (supergroup migration) or being forgotten.
    chat_id             INTEGER NOT NULL,
    -- The CHECKs below are spelled with OR, not IN (...): SQLite builds a temporary table for
    -- an IN list on every row it checks, which made snapshotting 100,000 rows twice as slow.
    purpose             TEXT    NOT NULL CHECK (purpose = 'announcement'
                            OR purpose = 'correction' OR purpose = 'cancellation'
                            OR purpose = 'test' OR purpose = 'reminder'),
    -- Tells several items of one purpose apart, e.g. a reminder's lead ('7d') or a
    -- correction's revision; '' when there is only ever one.
    tag                 TEXT    NOT NULL DEFAULT '',
    state               TEXT    NOT NULL DEFAULT 'pending' CHECK (state = 'pending'
                            OR state = 'sending' OR state = 'sent' OR state = 'failed'
                            OR state = 'blocked' OR state = 'skipped'),
    -- Tries that reached Telegram or the network; a 429 does not count.
    attempts            INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- Earliest time to (re)try: the creation time, or later after an error. NOT NULL, because
    -- the sender claims by it through an index and a NULL would never be claimed.
    not_before          TEXT    NOT NULL,
    -- Telegram's message id once sent: corrections edit it.
    message_id          INTEGER,
    -- Corrections and cancellations: the recipient's original message.
    reply_to_message_id INTEGER,
    error               TEXT,
    created_at          TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL,
    -- Snapshotting twice (a retried publish, the CLI and the bot racing) queues nothing twice.
    UNIQUE (announcement_id, purpose, tag, chat_id)
) STRICT;

-- What the sender claims next: due pending items in time order, without reading the table.
CREATE INDEX outbox_due ON outbox (not_before, id) WHERE state = 'pending';
-- Progress figures of one announcement (counts per state) from the index alone.
CREATE INDEX outbox_progress ON outbox (announcement_id, purpose, state);
-- A chat's items: following a supergroup migration, and deleting a person's data.
CREATE INDEX outbox_by_chat ON outbox (chat_id);
-- Test sends go before a running broadcast: staff wait for them in the conversation.
CREATE INDEX outbox_due_tests ON outbox (id) WHERE state = 'pending' AND purpose = 'test';
