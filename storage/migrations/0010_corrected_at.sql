-- When a published announcement was last corrected. A message claimed before a correction and
-- recorded as sent after it gets the correction, also when nobody had the announcement yet
-- (0009 looked for the correction queued for earlier recipients, and there was none).
ALTER TABLE announcements ADD COLUMN corrected_at TEXT;
UPDATE announcements
   SET corrected_at = (SELECT max(f.created_at) FROM outbox AS f
                        WHERE f.announcement_id = announcements.id
                          AND f.purpose = 'correction')
 WHERE revision > 0;

DROP TRIGGER outbox_followups_for_late_sends;
CREATE TRIGGER outbox_followups_for_late_sends
AFTER UPDATE OF state ON outbox
WHEN OLD.state = 'sending' AND NEW.state = 'sent' AND NEW.purpose = 'announcement'
BEGIN
    INSERT OR IGNORE INTO outbox
        (announcement_id, chat_id, purpose, tag, not_before, reply_to_message_id,
         created_at, updated_at)
    SELECT a.id, NEW.chat_id, 'cancellation', '', NEW.updated_at, NEW.message_id,
           NEW.updated_at, NEW.updated_at
      FROM announcements AS a
     WHERE a.id = NEW.announcement_id AND a.status = 'cancelled'
       AND a.cancelled_at > OLD.updated_at;
    -- The latest correction (its tag is the revision it brings) edits the message in place.
    INSERT OR IGNORE INTO outbox
        (announcement_id, chat_id, purpose, tag, not_before, reply_to_message_id,
         created_at, updated_at)
    SELECT a.id, NEW.chat_id, 'correction', CAST(a.revision AS TEXT), NEW.updated_at,
           NEW.message_id, NEW.updated_at, NEW.updated_at
      FROM announcements AS a
     WHERE a.id = NEW.announcement_id AND a.status = 'published' AND a.revision > 0
       AND a.corrected_at > OLD.updated_at;
END;
