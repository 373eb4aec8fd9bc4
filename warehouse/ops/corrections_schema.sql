-- Analysts' corrections (SQLite): append-only, one row per corrected field; never updated, never deleted.
-- Values are JSON text: the field's whole new value (value_after) and what the analyst saw before (value_before).
CREATE TABLE IF NOT EXISTS article_corrections (
    correction_id TEXT PRIMARY KEY,             -- a UUID: two sessions never collide
    article_id    TEXT NOT NULL,
    field         TEXT NOT NULL,                -- pillars | event_type | subject_company | companies | roles | ...
    value_before  TEXT,
    value_after   TEXT,
    author        TEXT NOT NULL,
    corrected_at  TEXT NOT NULL,                -- ISO-8601 UTC with microseconds: text order is time order
    reason        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS article_corrections_field ON article_corrections (article_id, field, corrected_at);
CREATE TRIGGER IF NOT EXISTS article_corrections_no_update BEFORE UPDATE ON article_corrections
BEGIN SELECT RAISE(ABORT, 'article_corrections is append-only'); END;
CREATE TRIGGER IF NOT EXISTS article_corrections_no_delete BEFORE DELETE ON article_corrections
BEGIN SELECT RAISE(ABORT, 'article_corrections is append-only'); END;
