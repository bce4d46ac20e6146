-- Issue 20: updates received by the webhook, kept until a replica has handled them. Telegram
-- retries a delivery it got no 200 for, so the update_id key makes a retry harmless. One
-- chat's updates are handled one at a time in update_id order, by whichever replica claims
-- the chat's first unfinished one; a claim not renewed for a while (its replica died) lapses.
CREATE TABLE inbound_updates (
    update_id   INTEGER PRIMARY KEY,
    -- The chat (or, without one, the user) whose order the update keeps; 0 for neither.
    chat_key    INTEGER NOT NULL,
    body        TEXT    NOT NULL,
    received_at TEXT    NOT NULL,
    claimed_by  TEXT,
    claimed_at  TEXT,
    done_at     TEXT,
    CHECK ((claimed_by IS NULL) = (claimed_at IS NULL))
) STRICT;

-- What is left to handle, oldest first, and per chat: the claim reads only these, never the
-- handled rows kept until they are pruned.
CREATE INDEX inbound_updates_open ON inbound_updates (update_id) WHERE done_at IS NULL;
CREATE INDEX inbound_updates_open_by_chat ON inbound_updates (chat_key, update_id)
    WHERE done_at IS NULL;
-- Handled updates are pruned by age.
CREATE INDEX inbound_updates_done ON inbound_updates (done_at) WHERE done_at IS NOT NULL;
