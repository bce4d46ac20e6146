-- PostgreSQL's spelling of 0012: the same columns and backfill; the trigger calls a function.
ALTER TABLE announcements ADD COLUMN moved_at TEXT COLLATE "C";
ALTER TABLE announcements ADD COLUMN moved_to TEXT COLLATE "C";
UPDATE announcements
   SET (moved_at, moved_to) = (SELECT f.created_at, f.tag FROM outbox AS f
                                WHERE f.announcement_id = announcements.id
                                  AND f.purpose = 'date_change'
                                ORDER BY f.created_at DESC, f.id DESC LIMIT 1)
 WHERE revision > 0;

CREATE FUNCTION outbox_date_change_for_late_sends() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO outbox
        (announcement_id, chat_id, purpose, tag, not_before, reply_to_message_id,
         created_at, updated_at)
    SELECT a.id, NEW.chat_id, 'date_change', a.moved_to, NEW.updated_at, NEW.message_id,
           NEW.updated_at, NEW.updated_at
      FROM announcements AS a
     WHERE a.id = NEW.announcement_id AND a.status = 'published' AND a.moved_to IS NOT NULL
       AND a.moved_at > OLD.updated_at
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER outbox_date_change_for_late_sends
AFTER UPDATE OF state ON outbox FOR EACH ROW
WHEN (OLD.state = 'sending' AND NEW.state = 'sent' AND NEW.purpose = 'announcement')
EXECUTE FUNCTION outbox_date_change_for_late_sends();
