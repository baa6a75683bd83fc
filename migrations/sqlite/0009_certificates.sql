-- 0009: certificates, their signing keys, the industry line's settings and
-- filing with the provincial HR authorities (属地备案).

-- Ed25519 signing keys: the seed wrapped by the master key; the newest
-- key without retired_at signs, every key stays published for verifying
CREATE TABLE signing_key (
    kid        TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    wrapped    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    retired_at TEXT
);

-- settings an operator changes (the industry line's number pattern)
CREATE TABLE setting (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- one certificate: what was printed and signed, copied at issue (the
-- institution's name as filed then, the holder's name and masked ID)
CREATE TABLE certificate (
    id               INTEGER PRIMARY KEY,
    number           TEXT NOT NULL,
    line             TEXT NOT NULL,
    enrolment_id     INTEGER REFERENCES enrolment (id),
    plan_id          INTEGER REFERENCES plan (id),
    person_id        INTEGER REFERENCES person (id),
    institution_id   INTEGER REFERENCES institution (id),
    institution_name TEXT NOT NULL,
    institution_code TEXT NOT NULL DEFAULT '',
    province_code    TEXT NOT NULL DEFAULT '',
    site_code        TEXT NOT NULL DEFAULT '',
    holder_name      TEXT NOT NULL,
    id_type          TEXT NOT NULL,
    id_blind         TEXT NOT NULL,
    id_masked        TEXT NOT NULL,
    occupation_code  TEXT NOT NULL,
    occupation_name  TEXT NOT NULL,
    work_type        TEXT NOT NULL DEFAULT '',
    level            INTEGER NOT NULL,
    issued_on        TEXT NOT NULL,
    scores           TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL DEFAULT 'valid',
    status_reason    TEXT NOT NULL DEFAULT '',
    status_date      TEXT,
    supersedes       INTEGER REFERENCES certificate (id),
    superseded_by    INTEGER REFERENCES certificate (id),
    status_index     INTEGER NOT NULL,
    kid              TEXT NOT NULL DEFAULT '',
    credential       TEXT NOT NULL DEFAULT '',
    qr_token         TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL
);
CREATE UNIQUE INDEX certificate_number ON certificate (number);
-- an enrolment gets one certificate; a successor (correction, rename)
-- supersedes it
CREATE UNIQUE INDEX certificate_enrolment ON certificate (enrolment_id)
    WHERE supersedes IS NULL;
CREATE UNIQUE INDEX certificate_status_index ON certificate (status_index);
CREATE INDEX certificate_holder ON certificate (id_type, id_blind);
CREATE INDEX certificate_plan ON certificate (plan_id);
CREATE INDEX certificate_filing ON certificate (province_code, issued_on);

CREATE TABLE certificate_event (
    id             INTEGER PRIMARY KEY,
    certificate_id INTEGER NOT NULL REFERENCES certificate (id),
    action         TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    doc_no         TEXT NOT NULL DEFAULT '',
    actor          TEXT NOT NULL,
    at             TEXT NOT NULL
);
CREATE INDEX certificate_event_cert ON certificate_event (certificate_id);

-- filing batches, one province each: exported, submitted, received
CREATE TABLE filing_batch (
    id            INTEGER PRIMARY KEY,
    province_code TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'draft',
    row_count     INTEGER NOT NULL DEFAULT 0,
    sha256        TEXT NOT NULL DEFAULT '',
    created_by    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    submitted_at  TEXT,
    receipt_no    TEXT NOT NULL DEFAULT '',
    received_at   TEXT
);

CREATE TABLE filing_item (
    batch_id       INTEGER NOT NULL REFERENCES filing_batch (id),
    certificate_id INTEGER NOT NULL REFERENCES certificate (id),
    status         TEXT NOT NULL DEFAULT 'included',
    rejection      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (batch_id, certificate_id)
);
CREATE INDEX filing_item_cert ON filing_item (certificate_id);
