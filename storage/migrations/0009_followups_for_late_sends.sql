-- A message that was on its way when its announcement was cancelled or corrected (claimed,
-- so skipped by the follow-ups queued then) still gets its cancellation note or correction
-- once it is recorded as sent. In the recording statement itself: no extra round trip.
-- The claim set updated_at; what happened after it was not in the message.
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
     WHERE a.id = NEW.announcement_id AND a.revision > 0
       AND (SELECT f.created_at FROM outbox AS f
             WHERE f.announcement_id = a.id AND f.purpose = 'correction'
               AND f.tag = CAST(a.revision AS TEXT)
             LIMIT 1) > OLD.updated_at;
END;
