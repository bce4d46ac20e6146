-- Issue 5: reminders in advance, quiet hours and the weekly digest.

-- A chat's own choices where they differ from the deployment's defaults (NGOBOT_REMINDERS_*,
-- NGOBOT_QUIET_HOURS): most chats have no row. NULL in a column means "the default".
CREATE TABLE chat_preferences (
    chat_id        INTEGER PRIMARY KEY
                   REFERENCES chats (chat_id) ON DELETE CASCADE ON UPDATE CASCADE,
    reminders      INTEGER NOT NULL DEFAULT 1 CHECK (reminders IN (0, 1)),
    -- Lead times as written in settings ('7d,1d'); '' = none of this kind.
    deadline_leads TEXT,
    event_leads    TEXT,
    -- '21:00-08:00', or '' for no quiet hours at all.
    quiet_hours    TEXT,
    digest         INTEGER NOT NULL DEFAULT 1 CHECK (digest IN (0, 1)),
    updated_at     TEXT    NOT NULL
) STRICT;

-- The outbox again, now also for messages that belong to no announcement (the weekly digest)
-- and for the "date changed" note. SQLite cannot change a column's constraints in place, so
-- the table is rebuilt and its rows copied.
CREATE TABLE outbox_new (
    id                  INTEGER PRIMARY KEY,
    -- NULL only for a digest, which is about a week rather than one announcement.
    announcement_id     INTEGER REFERENCES announcements (id) ON DELETE CASCADE,
    chat_id             INTEGER NOT NULL,
    -- OR instead of IN (...): see 0004_outbox.sql, it halves the cost of a bulk snapshot.
    purpose             TEXT    NOT NULL CHECK (purpose = 'announcement'
                            OR purpose = 'correction' OR purpose = 'cancellation'
                            OR purpose = 'test' OR purpose = 'reminder'
                            OR purpose = 'date_change' OR purpose = 'digest'),
    -- A reminder: '<lead>|<the moment it is about>', so a moved date makes new reminders; a
    -- digest: its ISO week; a correction or date change: the revision.
    tag                 TEXT    NOT NULL DEFAULT '',
    state               TEXT    NOT NULL DEFAULT 'pending' CHECK (state = 'pending'
                            OR state = 'sending' OR state = 'sent' OR state = 'failed'
                            OR state = 'blocked' OR state = 'skipped'),
    attempts            INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- Earliest time to send: reminders and digests are queued ahead with their due time.
    not_before          TEXT    NOT NULL,
    message_id          INTEGER,
    reply_to_message_id INTEGER,
    error               TEXT,
    created_at          TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL,
    UNIQUE (announcement_id, purpose, tag, chat_id),
    CHECK ((purpose = 'digest') = (announcement_id IS NULL))
) STRICT;

INSERT INTO outbox_new
    (id, announcement_id, chat_id, purpose, tag, state, attempts, not_before, message_id,
     reply_to_message_id, error, created_at, updated_at)
SELECT id, announcement_id, chat_id, purpose, tag, state, attempts, not_before, message_id,
       reply_to_message_id, error, created_at, updated_at
  FROM outbox;

DROP TABLE outbox;
ALTER TABLE outbox_new RENAME TO outbox;

CREATE INDEX outbox_due ON outbox (not_before, id) WHERE state = 'pending';
CREATE INDEX outbox_progress ON outbox (announcement_id, purpose, state);
CREATE INDEX outbox_by_chat ON outbox (chat_id);
CREATE INDEX outbox_due_tests ON outbox (id) WHERE state = 'pending' AND purpose = 'test';
-- NULLs are distinct in UNIQUE, so a digest's one-per-chat-per-week needs its own index.
CREATE UNIQUE INDEX outbox_digest ON outbox (chat_id, tag) WHERE purpose = 'digest';

-- Weeks whose digest was queued: queueing is one transaction with this row, so a restart on
-- digest day neither skips the week nor queues it twice.
CREATE TABLE digest_weeks (
    week      TEXT PRIMARY KEY CHECK (week GLOB '[0-9][0-9][0-9][0-9]-W[0-9][0-9]'),
    queued_at TEXT    NOT NULL,
    chats     INTEGER NOT NULL CHECK (chats >= 0)
) STRICT, WITHOUT ROWID;
