-- 0003: the institution registry: statuses, batches, public notice and
-- objections, scope, filing with the HR authority, inspections.
ALTER TABLE institution ADD COLUMN status TEXT NOT NULL DEFAULT 'applying';
ALTER TABLE institution ADD COLUMN branch_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE institution ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE institution ADD COLUMN host_org TEXT NOT NULL DEFAULT '';
ALTER TABLE institution ADD COLUMN contact_name TEXT NOT NULL DEFAULT '';
ALTER TABLE institution ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE institution ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
ALTER TABLE institution ADD COLUMN credit_code_note TEXT NOT NULL DEFAULT '';
ALTER TABLE institution ADD COLUMN registration_no TEXT;
ALTER TABLE institution ADD COLUMN registered_on TEXT;
ALTER TABLE institution ADD COLUMN valid_until TEXT;
ALTER TABLE institution ADD COLUMN approval_doc TEXT NOT NULL DEFAULT '';
ALTER TABLE institution ADD COLUMN approval_date TEXT;
CREATE UNIQUE INDEX institution_regno ON institution (registration_no);
CREATE INDEX institution_status ON institution (status);
UPDATE institution SET status = 'registered' WHERE type = 'center';

-- the identity history: every name and type an institution bore
ALTER TABLE institution_name ADD COLUMN type TEXT NOT NULL DEFAULT '';
ALTER TABLE institution_name ADD COLUMN doc_no TEXT NOT NULL DEFAULT '';
UPDATE institution_name SET type = (SELECT i.type FROM institution i
                                    WHERE i.id = institution_name.institution_id);

-- numbered registration batches (第N批), approved by one document
CREATE TABLE registration_batch (
    id            INTEGER PRIMARY KEY,
    year          INTEGER NOT NULL,
    seq           INTEGER NOT NULL,
    title         TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'open',
    notice_days   INTEGER NOT NULL,
    notice_start  TEXT,
    notice_end    TEXT,
    approval_doc  TEXT NOT NULL DEFAULT '',
    approval_date TEXT,
    created_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX registration_batch_number ON registration_batch (year, seq);

-- an application: initial registration or renewal
CREATE TABLE registration (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institution (id),
    batch_id       INTEGER REFERENCES registration_batch (id),
    kind           TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'pending',
    applied_at     TEXT NOT NULL,
    decided_at     TEXT,
    note           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX registration_inst ON registration (institution_id);
CREATE INDEX registration_batch_idx ON registration (batch_id);

-- objections filed by anyone during a public notice
CREATE TABLE objection (
    id             INTEGER PRIMARY KEY,
    batch_id       INTEGER NOT NULL REFERENCES registration_batch (id),
    institution_id INTEGER NOT NULL REFERENCES institution (id),
    filer_name     TEXT NOT NULL,
    filer_contact  TEXT NOT NULL,
    body           TEXT NOT NULL,
    filed_at       TEXT NOT NULL,
    address        TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'open',
    resolution     TEXT NOT NULL DEFAULT '',
    resolved_at    TEXT
);
CREATE INDEX objection_batch ON objection (batch_id);

-- every status change with its reason and document
CREATE TABLE institution_status_log (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institution (id),
    from_status    TEXT NOT NULL,
    to_status      TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    doc_no         TEXT NOT NULL DEFAULT '',
    at             TEXT NOT NULL,
    actor          TEXT NOT NULL
);
CREATE INDEX institution_status_log_inst ON institution_status_log (institution_id);

-- authorised scope: occupations and levels, each change with its document
CREATE TABLE institution_scope (
    id              INTEGER PRIMARY KEY,
    institution_id  INTEGER NOT NULL REFERENCES institution (id),
    occupation_code TEXT NOT NULL,
    occupation_name TEXT NOT NULL,
    work_type       TEXT NOT NULL DEFAULT '',
    levels          INTEGER NOT NULL,
    doc_no          TEXT NOT NULL DEFAULT '',
    valid_from      TEXT NOT NULL,
    valid_to        TEXT
);
CREATE INDEX institution_scope_inst ON institution_scope (institution_id);
CREATE INDEX institution_scope_occ ON institution_scope (occupation_code);

-- filing with the local HR authority (属地备案): the codes certificate
-- numbers use
CREATE TABLE institution_filing (
    id               INTEGER PRIMARY KEY,
    institution_id   INTEGER NOT NULL REFERENCES institution (id),
    authority        TEXT NOT NULL,
    filing_no        TEXT NOT NULL,
    filing_date      TEXT NOT NULL,
    institution_code TEXT NOT NULL,
    province_code    TEXT NOT NULL,
    site_code        TEXT NOT NULL,
    created_at       TEXT NOT NULL
);
CREATE INDEX institution_filing_inst ON institution_filing (institution_id);

-- annual inspections (年检) and their findings
CREATE TABLE inspection (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institution (id),
    year           INTEGER NOT NULL,
    inspected_on   TEXT NOT NULL,
    outcome        TEXT NOT NULL,
    notes          TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL
);
CREATE INDEX inspection_inst ON inspection (institution_id);

CREATE TABLE finding (
    id             INTEGER PRIMARY KEY,
    inspection_id  INTEGER NOT NULL REFERENCES inspection (id),
    institution_id INTEGER NOT NULL REFERENCES institution (id),
    description    TEXT NOT NULL,
    deadline       TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'open',
    closed_on      TEXT,
    closing_note   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX finding_inst ON finding (institution_id);
CREATE INDEX finding_open ON finding (status, deadline);

-- named counters taken inside transactions (registration numbers, later
-- certificate serials): unique across servers
CREATE TABLE counter (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
