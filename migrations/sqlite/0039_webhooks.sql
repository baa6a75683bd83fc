-- 0039: webhooks (issue 18). A subscription names a URL and the kinds of
-- event it wants (events: '*' or ',kind,kind,'), for an institution and
-- its subtree (institution_id) or the whole network (NULL: the center's).
-- Its signing secret is sealed by the master key. An event is written in
-- the transaction of the change it describes, with one delivery per
-- subscription that covers it (an outbox): the server's sender posts a
-- subscription's deliveries in order, the oldest undelivered first, under
-- a lease (lease_until, taken by a random lease_owner: only the owner's
-- outcome is written) so two servers never post one subscription's at
-- once; a failure waits next_at (backoff) and after a day is 'failed'.
CREATE TABLE webhook_subscription (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER REFERENCES institution (id),
    url            TEXT NOT NULL,
    secret_sealed  TEXT NOT NULL,
    events         TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    active         INTEGER NOT NULL DEFAULT 1,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    removed_at     TEXT
);
CREATE INDEX webhook_subscription_institution ON webhook_subscription (institution_id);

CREATE TABLE webhook_event (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL,
    institution_id INTEGER,
    object_type    TEXT NOT NULL,
    object_id      TEXT NOT NULL,
    payload        TEXT NOT NULL,
    created_at     TEXT NOT NULL
);

CREATE TABLE webhook_delivery (
    id              INTEGER PRIMARY KEY,
    subscription_id INTEGER NOT NULL REFERENCES webhook_subscription (id),
    event_id        INTEGER NOT NULL REFERENCES webhook_event (id),
    state           TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_at         TEXT NOT NULL,
    lease_until     TEXT NOT NULL DEFAULT '',
    lease_owner     TEXT NOT NULL DEFAULT '',
    last_status     INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    delivered_at    TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX webhook_delivery_pending ON webhook_delivery (subscription_id, id)
    WHERE state = 'pending';
CREATE INDEX webhook_delivery_subscription ON webhook_delivery (subscription_id, id);
