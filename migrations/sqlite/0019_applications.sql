-- 0019: online applications (网上报名, issue 12). A holder applies to a
-- plan open for application with a route (申报条件) of the plan's level and
-- the facts it needs: a diploma, the date they started work in the
-- occupation, a prior certificate (one of their own in the system, by its
-- id, or typed) and their employer's unified social credit code (checked
-- against the offer's audience). submitted, then returned (the holder may
-- edit and submit again), accepted (enrolment_id: the enrolment made in
-- the same transaction) or rejected, each decision with a reason the
-- holder sees. One live (not rejected) application per holder and plan.
CREATE TABLE plan_application (
    id                   INTEGER PRIMARY KEY,
    plan_id              INTEGER NOT NULL REFERENCES plan (id),
    person_id            INTEGER NOT NULL REFERENCES person (id),
    status               TEXT NOT NULL,
    route_id             TEXT NOT NULL,
    diploma_type         TEXT NOT NULL DEFAULT '',
    diploma_related      INTEGER NOT NULL DEFAULT 0,
    diploma_final_year   INTEGER NOT NULL DEFAULT 0,
    graduated_on         TEXT NOT NULL DEFAULT '',
    program_level        INTEGER NOT NULL DEFAULT 0,
    work_start           TEXT NOT NULL DEFAULT '',
    cert_id              INTEGER REFERENCES certificate (id),
    cert_kind            TEXT NOT NULL DEFAULT '',
    cert_occupation_code TEXT NOT NULL DEFAULT '',
    cert_related         INTEGER NOT NULL DEFAULT 0,
    cert_level           INTEGER NOT NULL DEFAULT 0,
    cert_issued_on       TEXT NOT NULL DEFAULT '',
    cert_number          TEXT NOT NULL DEFAULT '',
    employer_credit_code TEXT NOT NULL DEFAULT '',
    reason               TEXT NOT NULL DEFAULT '',
    decided_by           TEXT NOT NULL DEFAULT '',
    enrolment_id         INTEGER REFERENCES enrolment (id),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE UNIQUE INDEX plan_application_live ON plan_application (plan_id, person_id)
    WHERE status <> 'rejected';
CREATE INDEX plan_application_person ON plan_application (person_id);

-- The photo and the supporting documents (PDF or JPEG, by their magic
-- bytes, each up to 2 MiB, at most 5) of an application, base64 with the
-- SHA-256 digest of the bytes.
CREATE TABLE plan_application_document (
    id             INTEGER PRIMARY KEY,
    application_id INTEGER NOT NULL REFERENCES plan_application (id),
    kind           TEXT NOT NULL,
    name           TEXT NOT NULL,
    mime           TEXT NOT NULL,
    bytes          INTEGER NOT NULL,
    sha256         TEXT NOT NULL,
    content        TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX plan_application_document_app ON plan_application_document (application_id);
