-- 0002: users, grants, sessions, API tokens, rate limits, the audit chain.
CREATE TABLE app_user (
    id                   INTEGER PRIMARY KEY,
    username             TEXT NOT NULL,
    display_name         TEXT NOT NULL DEFAULT '',
    password_hash        TEXT NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    disabled             INTEGER NOT NULL DEFAULT 0,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE UNIQUE INDEX app_user_username ON app_user (username);

-- institution_id NULL: the grant covers the whole network (center level)
CREATE TABLE user_grant (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES app_user (id),
    role           TEXT NOT NULL,
    institution_id INTEGER REFERENCES institution (id),
    created_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX user_grant_key ON user_grant (user_id, role, COALESCE(institution_id, 0));

-- only a digest of the cookie's token is stored
CREATE TABLE session (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES app_user (id),
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    address    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX session_by_user ON session (user_id);

CREATE TABLE api_token (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES app_user (id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);
CREATE UNIQUE INDEX api_token_hash ON api_token (token_hash);
CREATE INDEX api_token_user ON api_token (user_id);

-- failures per key ("login:user:NAME", "login:addr:ADDR"); Unix seconds
CREATE TABLE rate_limit (
    key          TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start INTEGER NOT NULL,
    last_failure INTEGER NOT NULL
);

-- the audit trail: append-only, hash-chained (hash covers prev_hash)
CREATE TABLE audit (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor_id    INTEGER,
    actor       TEXT NOT NULL,
    address     TEXT NOT NULL,
    request_id  TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    before      TEXT NOT NULL,
    after       TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_object ON audit (object_type, object_id);

-- the head of the chain: one row, updated with every record (its row lock
-- orders concurrent writers on PostgreSQL)
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;
