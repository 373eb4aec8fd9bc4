-- Operational state beside the warehouse (SQLite): written in place, read by anyone at any time.
-- Timestamps are ISO-8601 text in UTC; lists and maps are JSON text. Readers see typed views (ops/views.sql).
CREATE TABLE IF NOT EXISTS pipeline_runs (
    run_id               TEXT NOT NULL,
    source               TEXT NOT NULL,        -- '*' for the run as a whole
    started_at           TEXT NOT NULL,
    finished_at          TEXT,
    status               TEXT NOT NULL,        -- ok | failed | partial
    pages_fetched        INTEGER,
    articles_new         INTEGER,
    articles_updated     INTEGER,
    articles_skipped     INTEGER,
    errors               TEXT,                 -- JSON object: error kind → count
    message              TEXT,
    articles_quarantined INTEGER DEFAULT 0,
    articles_found       INTEGER,              -- article links found: downloaded plus known from earlier runs
    dated_share          REAL,                 -- of the articles downloaded, the share with a publication date
    median_words         REAL,                 -- median body length of the articles downloaded
    health               TEXT,                 -- healthy | degraded | broken, against the source's own history
    health_reason        TEXT
);
CREATE INDEX IF NOT EXISTS pipeline_runs_run ON pipeline_runs (run_id);

CREATE TABLE IF NOT EXISTS digests (
    team         TEXT NOT NULL,
    iso_week     TEXT NOT NULL,
    generated_at TEXT NOT NULL,
    sent_at      TEXT,                         -- null unless the server accepted the message
    recipients   TEXT NOT NULL,                -- JSON array: delivered to (sent) or attempted (failed)
    subject      TEXT NOT NULL,
    markdown     TEXT NOT NULL,
    html         TEXT NOT NULL,
    text         TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('sent', 'failed')),
    error        TEXT,
    message_id   TEXT
);
CREATE INDEX IF NOT EXISTS digests_team_week ON digests (team, iso_week);
