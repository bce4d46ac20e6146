-- PostgreSQL's spelling of 0010: the same column and backfill; the trigger's function changes.
ALTER TABLE announcements ADD COLUMN corrected_at TEXT COLLATE "C";
UPDATE announcements
   SET corrected_at = (SELECT max(f.created_at) FROM outbox AS f
                        WHERE f.announcement_id = announcements.id
                          AND f.purpose = 'correction')
 WHERE revision > 0;

CREATE OR REPLACE FUNCTION outbox_followups_for_late_sends() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO outbox
        (announcement_id, chat_id, purpose, tag, not_before, reply_to_message_id,
         created_at, updated_at)
    SELECT a.id, NEW.chat_id, 'cancellation', '', NEW.updated_at, NEW.message_id,
           NEW.updated_at, NEW.updated_at
      FROM announcements AS a
     WHERE a.id = NEW.announcement_id AND a.status = 'cancelled'
       AND a.cancelled_at > OLD.updated_at
    ON CONFLICT DO NOTHING;
    INSERT INTO outbox
        (announcement_id, chat_id, purpose, tag, not_before, reply_to_message_id,
         created_at, updated_at)
    SELECT a.id, NEW.chat_id, 'correction', CAST(a.revision AS TEXT), NEW.updated_at,
           NEW.message_id, NEW.updated_at, NEW.updated_at
      FROM announcements AS a
     WHERE a.id = NEW.announcement_id AND a.status = 'published' AND a.revision > 0
       AND a.corrected_at > OLD.updated_at
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
