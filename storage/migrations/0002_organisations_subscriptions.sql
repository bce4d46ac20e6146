-- Issue 3: the topic catalogue, organisations and membership, invites, chats with their topic
-- and kind choices, and conversation state that survives a restart.

-- Areas of cooperation a chat can subscribe to. Rows are never deleted: retiring a topic hides
-- it from new subscriptions while existing subscriptions and history keep pointing at it.
CREATE TABLE topics (
    id          INTEGER PRIMARY KEY,
    -- Short ascii handle for commands and logs; stable while the names are edited.
    code        TEXT    NOT NULL UNIQUE
                CHECK (length(code) BETWEEN 2 AND 24 AND code NOT GLOB '*[^a-z0-9-]*'),
    name_pl     TEXT    NOT NULL CHECK (length(name_pl) BETWEEN 1 AND 60),
    name_uk     TEXT    NOT NULL CHECK (length(name_uk) BETWEEN 1 AND 60),
    name_en     TEXT    NOT NULL CHECK (length(name_en) BETWEEN 1 AND 60),
    -- Display order in keyboards; new topics go last.
    position    INTEGER NOT NULL,
    retired_at  TEXT
) STRICT;

-- The city's areas of cooperation with NGOs (Kraków's multi-annual cooperation programme).
INSERT INTO topics (code, name_pl, name_uk, name_en, position) VALUES
    ('health', 'Zdrowie i wsparcie osób z niepełnosprawnościami',
        'Здоров''я та підтримка людей з інвалідністю',
        'Health and support for people with disabilities', 1),
    ('education', 'Edukacja', 'Освіта', 'Education', 2),
    ('inclusion', 'Aktywizacja osób zagrożonych wykluczeniem',
        'Активізація людей під загрозою виключення',
        'Activation of people at risk of exclusion', 3),
    ('culture', 'Kultura', 'Культура', 'Culture', 4),
    ('ecology', 'Ekologia', 'Екологія', 'Ecology', 5),
    ('sport', 'Sport i rekreacja', 'Спорт і відпочинок', 'Sport and recreation', 6),
    ('civil-society', 'Społeczeństwo obywatelskie', 'Громадянське суспільство',
        'Civil society', 7),
    ('families', 'Rodziny w kryzysie', 'Сім''ї в кризі', 'Families in crisis', 8),
    ('homelessness', 'Bezdomność', 'Безпритульність', 'Homelessness', 9),
    ('seniors', 'Seniorzy', 'Літні люди', 'Seniors', 10),
    ('unemployment', 'Bezrobocie', 'Безробіття', 'Unemployment', 11),
    ('refugees', 'Uchodźcy z Ukrainy', 'Біженці з України', 'Refugees from Ukraine', 12);

-- NGOs known to the bot. Registered by members, verified or rejected by staff.
CREATE TABLE organisations (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    -- The name folded (casefold, no diacritics, no punctuation, single spaces): UNIQUE so that
    -- "Fundacja „Łąka”" and "fundacja laka" cannot both exist; also what search matches.
    name_key    TEXT    NOT NULL UNIQUE CHECK (length(name_key) >= 1),
    -- National Court Register number: ten digits, leading zeros significant, hence TEXT.
    krs         TEXT    UNIQUE
                CHECK (krs IS NULL OR (length(krs) = 10 AND krs NOT GLOB '*[^0-9]*')),
    -- One of the configured districts; not a CHECK because the list is a setting.
    district    TEXT,
    email       TEXT    CHECK (email IS NULL OR length(email) BETWEEN 3 AND 254),
    status      TEXT    NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'verified', 'rejected')),
    -- SET NULL: a person who asks to be forgotten leaves the organisation record behind.
    created_by  INTEGER REFERENCES users (telegram_id) ON DELETE SET NULL,
    created_at  TEXT    NOT NULL,
    reviewed_by INTEGER REFERENCES users (telegram_id) ON DELETE SET NULL,
    reviewed_at TEXT,
    CHECK ((status = 'pending') = (reviewed_at IS NULL))
) STRICT;

-- Staff list pending organisations, oldest first.
CREATE INDEX organisations_pending ON organisations (created_at) WHERE status = 'pending';
-- /mydata lists what a person registered; deleting a user looks up these references too.
CREATE INDEX organisations_by_creator ON organisations (created_by) WHERE created_by IS NOT NULL;
CREATE INDEX organisations_by_reviewer ON organisations (reviewed_by)
    WHERE reviewed_by IS NOT NULL;

-- Membership: one organisation per person, kept when the organisation goes away (SET NULL).
ALTER TABLE users ADD COLUMN organisation_id INTEGER
    REFERENCES organisations (id) ON DELETE SET NULL;
CREATE INDEX users_by_organisation ON users (organisation_id) WHERE organisation_id IS NOT NULL;

-- Invite links t.me/<bot>?start=<code>. Only the SHA-256 of the code is kept, so a leaked
-- database or backup does not hand out working links.
CREATE TABLE invites (
    id              INTEGER PRIMARY KEY,
    code_hash       TEXT    NOT NULL UNIQUE CHECK (length(code_hash) = 64),
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    created_by      INTEGER REFERENCES users (telegram_id) ON DELETE SET NULL,
    created_at      TEXT    NOT NULL,
    revoked_at      TEXT,
    uses            INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0)
) STRICT;

CREATE INDEX invites_active ON invites (organisation_id) WHERE revoked_at IS NULL;
CREATE INDEX invites_by_creator ON invites (created_by) WHERE created_by IS NOT NULL;

-- Every chat the bot may write to: private chats (chat_id == the user's id) and groups
-- (negative ids). Rows stay when the bot is blocked or removed (active = 0), so re-adding the
-- bot restores the old choices.
CREATE TABLE chats (
    chat_id         INTEGER PRIMARY KEY,
    type            TEXT    NOT NULL CHECK (type IN ('private', 'group')),
    title           TEXT,
    -- The organisation a group belongs to; a private chat's organisation is its user's.
    organisation_id INTEGER REFERENCES organisations (id) ON DELETE SET NULL,
    -- Groups only: a private chat speaks its user's language.
    language        TEXT    CHECK (language IS NULL OR language IN ('pl', 'uk', 'en')),
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    paused          INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
) STRICT;

CREATE INDEX chats_by_organisation ON chats (organisation_id) WHERE organisation_id IS NOT NULL;
-- The few chats that receive nothing now (bot blocked or removed, or paused), in id order: the
-- audience query subtracts them from a topic's subscribers without reading the table.
CREATE INDEX chats_idle ON chats (chat_id) WHERE active = 0 OR paused = 1;

-- Topic subscriptions. ON UPDATE CASCADE: when a group becomes a supergroup its chat_id
-- changes, and `UPDATE chats SET chat_id = ...` carries the subscriptions along.
CREATE TABLE chat_topics (
    chat_id  INTEGER NOT NULL REFERENCES chats (chat_id) ON DELETE CASCADE ON UPDATE CASCADE,
    topic_id INTEGER NOT NULL REFERENCES topics (id),
    PRIMARY KEY (chat_id, topic_id)
) STRICT, WITHOUT ROWID;

-- The audience of a topic: chats by topic, in chat order, without touching the table.
CREATE INDEX chat_topics_by_topic ON chat_topics (topic_id, chat_id);

-- The announcement kinds a chat switched OFF. Storing the exceptions means a kind added later
-- reaches everyone by default, and the usual chat (all kinds) has no rows here at all.
CREATE TABLE chat_muted_kinds (
    chat_id INTEGER NOT NULL REFERENCES chats (chat_id) ON DELETE CASCADE ON UPDATE CASCADE,
    kind    TEXT    NOT NULL CHECK (kind IN
                ('event', 'call', 'consultation', 'training', 'premises', 'notice')),
    PRIMARY KEY (chat_id, kind)
) STRICT, WITHOUT ROWID;

-- The chats muting one kind, in id order, for the audience query.
CREATE INDEX chat_muted_kinds_by_kind ON chat_muted_kinds (kind, chat_id);

-- Multi-step conversations (registration, search), persisted because PTB acknowledges an
-- update before it is handled and a restart would otherwise lose the step a person is on.
CREATE TABLE dialogs (
    user_id    INTEGER PRIMARY KEY REFERENCES users (telegram_id) ON DELETE CASCADE,
    flow       TEXT    NOT NULL,
    step       TEXT    NOT NULL,
    data       TEXT    NOT NULL DEFAULT '{}'
               CHECK (json_valid(data) AND json_type(data) = 'object'),
    updated_at TEXT    NOT NULL
) STRICT;

-- An organisation's areas: the topics its group chats and its members' private chats
-- subscribe to (a private chat's id is its user's id). Used by the directory.
CREATE VIEW organisation_areas (organisation_id, topic_id) AS
    SELECT c.organisation_id, ct.topic_id
      FROM chats AS c JOIN chat_topics AS ct ON ct.chat_id = c.chat_id
     WHERE c.organisation_id IS NOT NULL
    UNION
    SELECT u.organisation_id, ct.topic_id
      FROM users AS u JOIN chat_topics AS ct ON ct.chat_id = u.telegram_id
     WHERE u.organisation_id IS NOT NULL;
