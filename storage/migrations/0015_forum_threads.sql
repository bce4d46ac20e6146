-- Issue 19: a supergroup with topics (a forum) routes each theme it subscribes to into the
-- thread its administrator picks (/thread sent inside that thread); announcements, their
-- reminders and corrections about that theme go there (Telegram's message_thread_id).
CREATE TABLE chat_topic_threads (
    chat_id   INTEGER NOT NULL REFERENCES chats (chat_id) ON DELETE CASCADE ON UPDATE CASCADE,
    topic_id  INTEGER NOT NULL REFERENCES topics (id),
    thread_id INTEGER NOT NULL CHECK (thread_id > 0),
    PRIMARY KEY (chat_id, topic_id)
) STRICT, WITHOUT ROWID;
