-- When a published announcement's date last moved, and to what (the tag of its "date changed"
-- note). A message claimed before the move and recorded as sent after it gets the note too:
-- its correction (an edit, see 0010) brings the new date, but an edit notifies nobody.
ALTER TABLE announcements ADD COLUMN moved_at TEXT;
ALTER TABLE announcements ADD COLUMN moved_to TEXT;
UPDATE announcements
   SET (moved_at, moved_to) = (SELECT f.created_at, f.tag FROM outbox AS f
                                WHERE f.announcement_id = announcements.id
                                  AND f.purpose = 'date_change'
                                ORDER BY f.created_at DESC, f.id DESC LIMIT 1)
 WHERE revision > 0;

CREATE TRIGGER outbox_date_change_for_late_sends
AFTER UPDATE OF state ON outbox
WHEN OLD.state = 'sending' AND NEW.state = 'sent' AND NEW.purpose = 'announcement'
BEGIN
    INSERT OR IGNORE INTO outbox
        (announcement_id, chat_id, purpose, tag, not_before, reply_to_message_id,
         created_at, updated_at)
    SELECT a.id, NEW.chat_id, 'date_change', a.moved_to, NEW.updated_at, NEW.message_id,
           NEW.updated_at, NEW.updated_at
      FROM announcements AS a
     WHERE a.id = NEW.announcement_id AND a.status = 'published' AND a.moved_to IS NOT NULL
       AND a.moved_at > OLD.updated_at;
END;
