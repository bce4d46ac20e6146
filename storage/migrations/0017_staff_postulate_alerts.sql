-- Issue 18: staff hear about new postulates, each as they choose: at once, in one daily
-- summary, or not at all. No row: at once. last_summary_at: when the last daily summary went
-- out (the next covers what came after it, so a restart neither repeats nor skips one).
CREATE TABLE staff_postulate_alerts (
    user_id         INTEGER PRIMARY KEY REFERENCES users (telegram_id) ON DELETE CASCADE,
    mode            TEXT    NOT NULL CHECK (mode IN ('now', 'daily', 'off')),
    last_summary_at TEXT
) STRICT;
