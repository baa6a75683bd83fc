-- 0040: Idempotency-Key (issue 18): one row per (scope, key) an API POST
-- committed its change with. scope is whose key it is ("token:7" for an
-- API token, "user:12" for a session, or "anon:ADDRESS" without a login);
-- fingerprint a keyed BLAKE2b (hex, under the blind index key) of the
-- request's method, path with query (without lang=) and body. The row is
-- inserted inside the transaction of the request's change (so a key is
-- taken once, across servers), its answer (status, content type, Location,
-- body) stored once the handler has answered: status NULL = not answered
-- yet; body NULL with a status = an answer not kept (too large, binary,
-- or one carrying a secret: Cache-Control no-store). Keys live 24 hours.
CREATE TABLE idempotency_key (
    scope        TEXT NOT NULL,
    idem_key     TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    status       INTEGER,
    content_type TEXT,
    location     TEXT,
    body         TEXT,
    PRIMARY KEY (scope, idem_key)
);
CREATE INDEX idempotency_key_created ON idempotency_key (created_at);
