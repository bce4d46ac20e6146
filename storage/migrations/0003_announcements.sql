-- Issue 4: announcements (drafts, scheduled, published, cancelled) and their topics.

-- One announcement from the chat (/announce), a script (ngobot announce) or a feed. A draft row
-- exists from the moment staff choose the kind, so the conversation and test sends survive a
-- restart. Dates are UTC ISO text (storage/timestamps.py); bodies are safe Telegram HTML.
CREATE TABLE announcements (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT    NOT NULL CHECK (kind IN
                            ('event', 'call', 'consultation', 'training', 'premises', 'notice')),
    title               TEXT    NOT NULL DEFAULT '' CHECK (length(title) <= 200),
    body_html           TEXT    NOT NULL DEFAULT '',
    starts_at           TEXT,
    ends_at             TEXT,
    place               TEXT,
    -- Calls for proposals: the submission deadline; consultations: the closing date.
    deadline            TEXT,
    -- Premises: the address offered.
    address             TEXT,
    link                TEXT,
    document_file_id    TEXT,
    document_name       TEXT,
    -- A targeted notice goes to one organisation instead of topics.
    organisation_id     INTEGER REFERENCES organisations (id) ON DELETE SET NULL,
    all_topics          INTEGER NOT NULL DEFAULT 0 CHECK (all_topics IN (0, 1)),
    status              TEXT    NOT NULL DEFAULT 'draft'
                            CHECK (status IN ('draft', 'scheduled', 'published', 'cancelled')),
    publish_at          TEXT,
    published_at        TEXT,
    cancelled_at        TEXT,
    -- Bumped by every correction of a published announcement; the outbox tags corrections
    -- with it and calendar files carry it as SEQUENCE.
    revision            INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0),
    source              TEXT    NOT NULL CHECK (source IN ('chat', 'cli', 'feed')),
    created_by          INTEGER REFERENCES users (telegram_id) ON DELETE SET NULL,
    created_at          TEXT    NOT NULL,
    -- The staff member's message edited with delivery progress.
    progress_chat_id    INTEGER,
    progress_message_id INTEGER,
    CHECK ((status = 'scheduled') <= (publish_at IS NOT NULL))
) STRICT;

-- The scheduler asks every second for the next scheduled announcement.
CREATE INDEX announcements_scheduled ON announcements (publish_at) WHERE status = 'scheduled';
-- /announcements: the recent ones that left the draft stage, newest first.
CREATE INDEX announcements_recent ON announcements (created_at) WHERE status != 'draft';
-- /forget looks up what a person created.
CREATE INDEX announcements_by_creator ON announcements (created_by) WHERE created_by IS NOT NULL;

CREATE TABLE announcement_topics (
    announcement_id INTEGER NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
    topic_id        INTEGER NOT NULL REFERENCES topics (id),
    PRIMARY KEY (announcement_id, topic_id)
) STRICT, WITHOUT ROWID;
