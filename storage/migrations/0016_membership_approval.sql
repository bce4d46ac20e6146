-- Issue 18: joining an existing organisation needs an invite link or a member's (or staff's)
-- approval. Each membership remembers how it began, when, and the name its fellow members
-- see; memberships made before approvals existed are kept and marked for staff to review.

-- 'created': registered the organisation; 'invite': opened an invite link; 'approved': a
-- member or staff accepted the request; 'before_approvals': joined before this migration,
-- not yet reviewed; 'reviewed': such a membership that staff kept.
ALTER TABLE users ADD COLUMN joined_via TEXT CHECK (joined_via IS NULL OR joined_via IN
    ('created', 'invite', 'approved', 'before_approvals', 'reviewed'));
ALTER TABLE users ADD COLUMN joined_at TEXT;
-- The person's name as Telegram gave it when they joined, shown to fellow members.
ALTER TABLE users ADD COLUMN member_name TEXT
    CHECK (member_name IS NULL OR length(member_name) BETWEEN 1 AND 128);

UPDATE users SET joined_via = CASE
        WHEN EXISTS (SELECT 1 FROM organisations AS o
                      WHERE o.id = users.organisation_id AND o.created_by = users.telegram_id)
        THEN 'created' ELSE 'before_approvals' END
 WHERE organisation_id IS NOT NULL;

CREATE INDEX users_joined_before_approvals ON users (organisation_id)
    WHERE joined_via = 'before_approvals';

-- A request to join an organisation, waiting for a member (or staff, when it has none).
-- One per person: asking to join another organisation replaces it.
CREATE TABLE membership_requests (
    user_id         INTEGER PRIMARY KEY REFERENCES users (telegram_id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    name            TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 128),
    created_at      TEXT    NOT NULL
) STRICT;

CREATE INDEX membership_requests_by_organisation ON membership_requests (organisation_id);
