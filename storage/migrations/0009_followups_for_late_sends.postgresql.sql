-- PostgreSQL's spelling of 0009: the trigger calls a function, and OR IGNORE is ON CONFLICT.
CREATE FUNCTION outbox_followups_for_late_sends() RETURNS trigger LANGUAGE plpgsql AS $$
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
     WHERE a.id = NEW.announcement_id AND a.revision > 0
       AND (SELECT f.created_at FROM outbox AS f
             WHERE f.announcement_id = a.id AND f.purpose = 'correction'
               AND f.tag = CAST(a.revision AS TEXT)
             LIMIT 1) > OLD.updated_at
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER outbox_followups_for_late_sends
AFTER UPDATE OF state ON outbox FOR EACH ROW
WHEN (OLD.state = 'sending' AND NEW.state = 'sent' AND NEW.purpose = 'announcement')
EXECUTE FUNCTION outbox_followups_for_late_sends();
