-- 0018: outgoing messages, e-mail addresses and password resets (issue 12).
-- A message is queued in the transaction of the change that causes it and
-- sent after the commit by the server's sender (or `skillcert notify send`);
-- a failed attempt keeps it queued with its error and the time of the next
-- try (backoff). sent_at is set once it has been handed over.
CREATE TABLE notification (
    id         INTEGER PRIMARY KEY,
    channel    TEXT NOT NULL,
    recipient  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    next_at    TEXT NOT NULL,
    sent_at    TEXT,
    last_error TEXT
);
CREATE INDEX notification_pending ON notification (next_at) WHERE sent_at IS NULL;

-- The subsidy reminders queued: one per certificate and window (its last
-- day), so running the reminder again sends nothing twice.
CREATE TABLE notification_reminder (
    certificate_id  INTEGER NOT NULL REFERENCES certificate (id),
    window_last_day TEXT NOT NULL,
    notification_id INTEGER NOT NULL REFERENCES notification (id),
    PRIMARY KEY (certificate_id, window_last_day)
);

-- An account's e-mail address (optional; where password resets and
-- reminders go).
ALTER TABLE app_user ADD COLUMN email TEXT;

-- Password reset tokens: only the digest of the 32 random bytes is kept;
-- valid for an hour, used once, dropped by a later request or a change of
-- password.
CREATE TABLE password_reset (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES app_user (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX password_reset_user ON password_reset (user_id);
