-- Analysts' corrections (PostgreSQL): append-only, one row per corrected field; never updated, never deleted.
CREATE TABLE IF NOT EXISTS article_corrections (
    correction_id TEXT PRIMARY KEY,
    article_id    TEXT NOT NULL,
    field         TEXT NOT NULL,
    value_before  TEXT,
    value_after   TEXT,
    author        TEXT NOT NULL,
    corrected_at  TEXT NOT NULL,
    reason        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS article_corrections_field ON article_corrections (article_id, field, corrected_at);
CREATE OR REPLACE FUNCTION article_corrections_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'article_corrections is append-only';
END
$$;
CREATE OR REPLACE TRIGGER article_corrections_append_only BEFORE UPDATE OR DELETE ON article_corrections
FOR EACH ROW EXECUTE FUNCTION article_corrections_append_only();
