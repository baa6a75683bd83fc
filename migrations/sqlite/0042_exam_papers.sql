-- 0042: blueprints and papers of computer-based theory exams (issue 19).
-- A blueprint (鉴定要素细目表) is kept per institution, occupation, level
-- and version, as the JSON it was given (core/exam.h has its shape). A
-- paper is assembled for a plan from the approved items of the bank, each
-- item the very version row it used; sealed, its digest (hex SHA-256 of
-- the canonical bytes, core/exam.h) is recorded and it never changes.
CREATE TABLE exam_blueprint (
    id              INTEGER PRIMARY KEY,
    institution_id  INTEGER NOT NULL REFERENCES institution (id),
    occupation_code TEXT NOT NULL,
    level           INTEGER NOT NULL,          -- 1..5
    version         TEXT NOT NULL,
    doc             TEXT NOT NULL,             -- the JSON as given
    minutes         INTEGER NOT NULL,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX exam_blueprint_version ON exam_blueprint (institution_id, occupation_code, level, version);
CREATE TABLE exam_paper (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER NOT NULL REFERENCES plan (id),
    blueprint_id INTEGER NOT NULL REFERENCES exam_blueprint (id),
    seed         TEXT NOT NULL,                -- decimal uint64
    status       TEXT NOT NULL,                -- draft | sealed
    digest       TEXT NOT NULL DEFAULT '',     -- '' until sealed
    warnings     INTEGER NOT NULL DEFAULT 0,   -- EXAM_WARN_* bits
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    sealed_by    TEXT NOT NULL DEFAULT '',
    sealed_at    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX exam_paper_plan ON exam_paper (plan_id);
CREATE TABLE exam_paper_item (
    paper_id INTEGER NOT NULL REFERENCES exam_paper (id),
    position INTEGER NOT NULL,                 -- 1, 2, … in paper order
    item_id  INTEGER NOT NULL REFERENCES exam_item (id),
    score    INTEGER NOT NULL,                 -- tenths
    PRIMARY KEY (paper_id, position)
);
CREATE INDEX exam_paper_item_item ON exam_paper_item (item_id);
