-- Weekly digests: one row per delivery attempt of a team's digest for an ISO week, with the digest itself
-- (Markdown, HTML, plain text) so what a team was sent can always be read back.
CREATE TABLE digests (
    team         VARCHAR NOT NULL,             -- teams.yaml name
    iso_week     VARCHAR NOT NULL,             -- '2025-W33'
    generated_at TIMESTAMPTZ NOT NULL,
    sent_at      TIMESTAMPTZ,                  -- null unless the server accepted the message
    recipients   VARCHAR[] NOT NULL,           -- delivered to (status sent) or attempted (status failed)
    subject      VARCHAR NOT NULL,
    markdown     VARCHAR NOT NULL,
    html         VARCHAR NOT NULL,
    text         VARCHAR NOT NULL,
    status       VARCHAR NOT NULL CHECK (status IN ('sent', 'failed')),
    error        VARCHAR,                      -- the one-line reason of a failure
    message_id   VARCHAR                       -- the Message-ID header, to find the e-mail in a mailbox
);
