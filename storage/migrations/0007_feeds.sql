-- Issue 6: RSS/Atom feeds of city portals, polled on their own intervals, and their items.

CREATE TABLE feeds (
    id               INTEGER PRIMARY KEY,
    url              TEXT    NOT NULL UNIQUE CHECK (length(url) BETWEEN 10 AND 2000),
    title            TEXT,
    -- What its items become: an announcement of this kind, to these topics (or all).
    kind             TEXT    NOT NULL CHECK (kind IN
                         ('event', 'call', 'consultation', 'training', 'premises', 'notice')),
    all_topics       INTEGER NOT NULL DEFAULT 0 CHECK (all_topics IN (0, 1)),
    -- 'auto': items are published as they come; 'review': staff approve each one.
    mode             TEXT    NOT NULL CHECK (mode IN ('auto', 'review')),
    status           TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
    -- Why the poller paused it after repeated failures; NULL when staff paused it.
    paused_reason    TEXT,
    -- Conditional GET validators from the last answer.
    etag             TEXT,
    last_modified    TEXT,
    -- The feed's own wish (ttl, Cache-Control) when longer than the default; NULL: default.
    interval_seconds INTEGER CHECK (interval_seconds IS NULL OR interval_seconds > 0),
    next_poll_at     TEXT    NOT NULL,
    last_polled_at   TEXT,
    last_success_at  TEXT,
    last_error       TEXT,
    -- Failures in a row: the backoff doubles with each, and enough of them pause the feed.
    failures         INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
    -- 0 until the first successful poll: the items found then are recorded, not pushed.
    primed           INTEGER NOT NULL DEFAULT 0 CHECK (primed IN (0, 1)),
    created_by       INTEGER REFERENCES users (telegram_id) ON DELETE SET NULL,
    created_at       TEXT    NOT NULL,
    CHECK ((status = 'active') <= (paused_reason IS NULL))
) STRICT;

-- The poller asks for the feeds due next.
CREATE INDEX feeds_due ON feeds (next_poll_at) WHERE status = 'active';
CREATE INDEX feeds_by_creator ON feeds (created_by) WHERE created_by IS NOT NULL;

CREATE TABLE feed_topics (
    feed_id  INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    topic_id INTEGER NOT NULL REFERENCES topics (id),
    PRIMARY KEY (feed_id, topic_id)
) STRICT, WITHOUT ROWID;

-- Every item ever seen, also of removed feeds (SET NULL), so nothing is published twice.
CREATE TABLE feed_items (
    id              INTEGER PRIMARY KEY,
    feed_id         INTEGER REFERENCES feeds (id) ON DELETE SET NULL,
    guid            TEXT,
    link            TEXT,
    title           TEXT    NOT NULL,
    published_at    TEXT,
    -- 'seen': at a feed's first poll, never pushed; 'pending': its announcement (a draft) is
    -- made but not yet published or held — a restart finishes it; 'held': waiting for staff;
    -- 'published'; 'discarded' by staff.
    state           TEXT    NOT NULL CHECK (state IN
                        ('seen', 'pending', 'held', 'published', 'discarded')),
    -- The announcement made of it (a draft while held).
    announcement_id INTEGER REFERENCES announcements (id) ON DELETE SET NULL,
    decided_by      INTEGER REFERENCES users (telegram_id) ON DELETE SET NULL,
    decided_at      TEXT,
    created_at      TEXT    NOT NULL
) STRICT;

CREATE INDEX feed_items_open ON feed_items (state, created_at)
    WHERE state = 'held' OR state = 'pending';
CREATE INDEX feed_items_by_feed ON feed_items (feed_id, state);
CREATE INDEX feed_items_by_announcement ON feed_items (announcement_id)
    WHERE announcement_id IS NOT NULL;
CREATE INDEX feed_items_by_decider ON feed_items (decided_by) WHERE decided_by IS NOT NULL;

-- What identifies an item: its guid (within its portal), its link, and its title with its
-- date. An item any of whose keys is known has been seen: in this feed, in another, or before
-- a restart.
CREATE TABLE feed_item_keys (
    key     TEXT    PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES feed_items (id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE INDEX feed_item_keys_by_item ON feed_item_keys (item_id);
