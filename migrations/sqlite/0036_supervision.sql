-- 0036: supervision flags (监督 / 异常线索, issue 16). A scan runs every
-- enabled rule of supervision/rules.json over a year and keeps one row per
-- (rule, subject, year): subject a stable key of what was flagged
-- ("institution:12/occupation:6-18-01-01/level:3"), statistic the test as
-- people read it, figures the numbers compared (JSON), evidence the rows
-- behind it (JSON [{kind, id}]). status: open → dismissed | finding (a
-- registry finding, finding_id) by a person; open → cleared when a rescan
-- no longer raises it (a decided flag is never reopened).
CREATE TABLE supervision_flag (
    id             INTEGER PRIMARY KEY,
    rule           TEXT NOT NULL,
    subject        TEXT NOT NULL,
    year           INTEGER NOT NULL,
    institution_id INTEGER NOT NULL REFERENCES institution (id),
    person_id      INTEGER REFERENCES person (id),
    plan_id        INTEGER REFERENCES plan (id),
    statistic      TEXT NOT NULL DEFAULT '',
    figures        TEXT NOT NULL DEFAULT '{}',
    evidence       TEXT NOT NULL DEFAULT '[]',
    rules_version  TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'open',
    finding_id     INTEGER REFERENCES finding (id),
    note           TEXT NOT NULL DEFAULT '',
    raised_at      TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    decided_by     TEXT NOT NULL DEFAULT '',
    decided_at     TEXT,
    UNIQUE (rule, subject, year)
);
CREATE INDEX supervision_flag_year ON supervision_flag (year, status);
CREATE INDEX supervision_flag_inst ON supervision_flag (institution_id);
