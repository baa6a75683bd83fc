-- 0008: a score entry is known by its key (enrolment, component,
-- assessor); the surrogate id and the separate unique index go. SQLite
-- keeps the rows in the key's order (WITHOUT ROWID): one B-tree written
-- per entry instead of two, which is what a 1,000,000-row import pays for.
CREATE TABLE score_entry_new (
    enrolment_id INTEGER NOT NULL REFERENCES enrolment (id),
    component    TEXT NOT NULL,
    assessor_id  INTEGER NOT NULL DEFAULT 0,
    tenths       INTEGER,
    status       TEXT NOT NULL,
    reason       TEXT NOT NULL DEFAULT '',
    entered_by   TEXT NOT NULL,
    entered_at   TEXT NOT NULL,
    PRIMARY KEY (enrolment_id, component, assessor_id)
) WITHOUT ROWID;
INSERT INTO score_entry_new (enrolment_id, component, assessor_id, tenths,
                             status, reason, entered_by, entered_at)
    SELECT enrolment_id, component, assessor_id, tenths, status, reason,
           entered_by, entered_at FROM score_entry;
DROP TABLE score_entry;
ALTER TABLE score_entry_new RENAME TO score_entry;
