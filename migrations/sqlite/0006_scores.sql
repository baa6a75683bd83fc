-- 0006: scores per component and assessor, submitted (locked) component
-- results, corrections, candidates' results, appeals during the notice.
CREATE TABLE score_entry (
    id           INTEGER PRIMARY KEY,
    enrolment_id INTEGER NOT NULL REFERENCES enrolment (id),
    component    TEXT NOT NULL,
    assessor_id  INTEGER NOT NULL DEFAULT 0,
    tenths       INTEGER,
    status       TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    entered_by   TEXT NOT NULL,
    entered_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX score_entry_key ON score_entry (enrolment_id, component, assessor_id);

-- once submitted a component is locked: changes go through a correction
CREATE TABLE component_result (
    id              INTEGER PRIMARY KEY,
    enrolment_id    INTEGER NOT NULL REFERENCES enrolment (id),
    component       TEXT NOT NULL,
    tenths          INTEGER,
    status          TEXT NOT NULL,
    reason          TEXT NOT NULL DEFAULT '',
    moderation_note TEXT NOT NULL DEFAULT '',
    submitted_by    TEXT NOT NULL,
    submitted_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX component_result_key ON component_result (enrolment_id, component);

CREATE TABLE score_correction (
    id            INTEGER PRIMARY KEY,
    enrolment_id  INTEGER NOT NULL REFERENCES enrolment (id),
    component     TEXT NOT NULL,
    assessor_id   INTEGER NOT NULL DEFAULT 0,
    new_tenths    INTEGER,
    new_status    TEXT NOT NULL,
    reason        TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'pending',
    requested_by  TEXT NOT NULL,
    requested_at  TEXT NOT NULL,
    decided_by    TEXT NOT NULL DEFAULT '',
    decided_at    TEXT,
    decision_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX score_correction_enrolment ON score_correction (enrolment_id);

CREATE TABLE result (
    enrolment_id INTEGER PRIMARY KEY REFERENCES enrolment (id),
    outcome      TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '',
    decided_at   TEXT NOT NULL
);

CREATE TABLE appeal (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER NOT NULL REFERENCES plan (id),
    name         TEXT NOT NULL,
    contact      TEXT NOT NULL,
    body         TEXT NOT NULL,
    filed_at     TEXT NOT NULL,
    address      TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'open',
    resolution   TEXT NOT NULL DEFAULT '',
    resolved_at  TEXT
);
CREATE INDEX appeal_plan ON appeal (plan_id);
