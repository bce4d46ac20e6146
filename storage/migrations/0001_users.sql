-- Everyone who has written to the bot, and the admins configured before they ever wrote.
CREATE TABLE users (
    telegram_id     INTEGER PRIMARY KEY,
    -- Effective UI language.
    language        TEXT    NOT NULL CHECK (language IN ('pl', 'uk', 'en')),
    -- 1 once the user picked a language with /language, so Telegram's language_code no longer
    -- overrides it.
    language_chosen INTEGER NOT NULL DEFAULT 0 CHECK (language_chosen IN (0, 1)),
    role            TEXT    NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'staff', 'admin')),
    -- UTC, ISO 8601 with microseconds and +00:00: fixed width, so text order is time order.
    -- Both NULL for an admin configured in NGOBOT_ADMINS who has not written yet.
    first_seen      TEXT,
    last_seen       TEXT,
    CHECK ((first_seen IS NULL) = (last_seen IS NULL))
) STRICT;

