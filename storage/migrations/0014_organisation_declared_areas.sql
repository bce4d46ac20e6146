-- Issue 19: an organisation declares its areas of work (/organisation, "Obszary działania")
-- instead of the directory guessing them from what its members and chats subscribe to: a
-- volunteer who follows "Kultura" for herself does not make her foundation a cultural one.
CREATE TABLE organisation_topics (
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    topic_id        INTEGER NOT NULL REFERENCES topics (id),
    PRIMARY KEY (organisation_id, topic_id)
) STRICT, WITHOUT ROWID;

-- Start from the old guess, so that no organisation disappears from the directory on upgrade;
-- members correct it from then on.
INSERT INTO organisation_topics (organisation_id, topic_id)
    SELECT organisation_id, topic_id FROM organisation_areas;

-- The directory's queries read this view; from now on it shows what was declared.
DROP VIEW organisation_areas;
CREATE VIEW organisation_areas (organisation_id, topic_id) AS
    SELECT organisation_id, topic_id FROM organisation_topics;
