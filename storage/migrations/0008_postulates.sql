-- Issue 7: consultation rounds, postulates (proposals to the city), support, follow, answers.

-- A consultation round, e.g. "Roczny program współpracy 2027". Its opening is published as an
-- announcement (kind consultation, deadline = closes_at), so reminders come before it closes.
CREATE TABLE rounds (
    id              INTEGER PRIMARY KEY,
    title           TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description     TEXT    NOT NULL DEFAULT '' CHECK (length(description) <= 4000),
    opens_at        TEXT    NOT NULL,
    closes_at       TEXT    NOT NULL CHECK (closes_at > opens_at),
    announcement_id INTEGER REFERENCES announcements (id) ON DELETE SET NULL,
    created_by      INTEGER REFERENCES users (telegram_id) ON DELETE SET NULL,
    created_at      TEXT    NOT NULL
) STRICT;

CREATE INDEX rounds_by_closing ON rounds (closes_at);
CREATE INDEX rounds_by_creator ON rounds (created_by) WHERE created_by IS NOT NULL;

CREATE TABLE round_topics (
    round_id INTEGER NOT NULL REFERENCES rounds (id) ON DELETE CASCADE,
    topic_id INTEGER NOT NULL REFERENCES topics (id),
    PRIMARY KEY (round_id, topic_id)
) STRICT, WITHOUT ROWID;

-- A proposal. round_id NULL: the general inbox, outside any round.
CREATE TABLE postulates (
    id              INTEGER PRIMARY KEY,
    round_id        INTEGER REFERENCES rounds (id) ON DELETE SET NULL,
    topic_id        INTEGER NOT NULL REFERENCES topics (id),
    title           TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 120),
    description     TEXT    NOT NULL CHECK (length(description) BETWEEN 1 AND 2000),
    -- Who it would help ("osoby w kryzysie bezdomności").
    beneficiaries   TEXT    NOT NULL CHECK (length(beneficiaries) BETWEEN 1 AND 300),
    -- Set when submitted on behalf of the author's organisation; NULL: in their own name.
    organisation_id INTEGER REFERENCES organisations (id) ON DELETE SET NULL,
    -- SET NULL: a person who asks to be forgotten leaves the proposal (it is the city's
    -- record of a consultation), no longer linked to them.
    author_id       INTEGER REFERENCES users (telegram_id) ON DELETE SET NULL,
    status          TEXT    NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'under_review',
                        'accepted', 'partly_accepted', 'rejected', 'will_make_efforts',
                        'outside_competence', 'implemented', 'withdrawn', 'merged')),
    merged_into     INTEGER REFERENCES postulates (id) ON DELETE SET NULL,
    withdraw_reason TEXT    CHECK (withdraw_reason IS NULL OR length(withdraw_reason) <= 500),
    -- The city's answer: drafted (answer_status and position set, answered_at NULL), then
    -- published (status := answer_status, answered_at set).
    answer_status   TEXT    CHECK (answer_status IS NULL OR answer_status IN ('accepted',
                        'partly_accepted', 'rejected', 'will_make_efforts',
                        'outside_competence', 'implemented')),
    position        TEXT    CHECK (position IS NULL OR length(position) <= 4000),
    answered_by     INTEGER REFERENCES users (telegram_id) ON DELETE SET NULL,
    answered_at     TEXT,
    submitted_at    TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    CHECK ((status = 'merged') = (merged_into IS NOT NULL))
) STRICT;

CREATE INDEX postulates_by_round ON postulates (round_id, topic_id, status);
CREATE INDEX postulates_by_author ON postulates (author_id, submitted_at)
    WHERE author_id IS NOT NULL;
CREATE INDEX postulates_by_organisation ON postulates (organisation_id)
    WHERE organisation_id IS NOT NULL;
CREATE INDEX postulates_by_status ON postulates (status, submitted_at);
CREATE INDEX postulates_by_answerer ON postulates (answered_by) WHERE answered_by IS NOT NULL;

-- One support per organisation (given by one of its members).
CREATE TABLE postulate_supports (
    postulate_id    INTEGER NOT NULL REFERENCES postulates (id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id         INTEGER REFERENCES users (telegram_id) ON DELETE SET NULL,
    created_at      TEXT    NOT NULL,
    PRIMARY KEY (postulate_id, organisation_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX postulate_supports_by_user ON postulate_supports (user_id)
    WHERE user_id IS NOT NULL;

-- People who want to hear what happens to a postulate.
CREATE TABLE postulate_followers (
    postulate_id INTEGER NOT NULL REFERENCES postulates (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL REFERENCES users (telegram_id) ON DELETE CASCADE,
    created_at   TEXT    NOT NULL,
    PRIMARY KEY (postulate_id, user_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX postulate_followers_by_user ON postulate_followers (user_id);

-- The outbox once more, for notes about a postulate (its answer, a merge) through the same
-- paced, crash-safe sender: a 'postulate' item names the postulate instead of an announcement.
CREATE TABLE outbox_new (
    id                  INTEGER PRIMARY KEY,
    announcement_id     INTEGER REFERENCES announcements (id) ON DELETE CASCADE,
    postulate_id        INTEGER REFERENCES postulates (id) ON DELETE CASCADE,
    chat_id             INTEGER NOT NULL,
    purpose             TEXT    NOT NULL CHECK (purpose = 'announcement'
                            OR purpose = 'correction' OR purpose = 'cancellation'
                            OR purpose = 'test' OR purpose = 'reminder'
                            OR purpose = 'date_change' OR purpose = 'digest'
                            OR purpose = 'postulate'),
    tag                 TEXT    NOT NULL DEFAULT '',
    state               TEXT    NOT NULL DEFAULT 'pending' CHECK (state = 'pending'
                            OR state = 'sending' OR state = 'sent' OR state = 'failed'
                            OR state = 'blocked' OR state = 'skipped'),
    attempts            INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    not_before          TEXT    NOT NULL,
    message_id          INTEGER,
    reply_to_message_id INTEGER,
    error               TEXT,
    created_at          TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL,
    UNIQUE (announcement_id, purpose, tag, chat_id),
    CHECK ((purpose = 'digest' OR purpose = 'postulate') = (announcement_id IS NULL)),
    CHECK ((purpose = 'postulate') = (postulate_id IS NOT NULL))
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
CREATE UNIQUE INDEX outbox_digest ON outbox (chat_id, tag) WHERE purpose = 'digest';
-- One note per postulate, event (tag) and chat.
CREATE UNIQUE INDEX outbox_postulate ON outbox (postulate_id, tag, chat_id)
    WHERE purpose = 'postulate';
