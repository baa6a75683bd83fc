-- 0043: the online exam (issue 19). A sealed paper's sitting is opened at
-- a start time (starts_at, '' until opened) and closed once every attempt
-- is finished. A candidate signs in with their claim code and gets an
-- attempt: one per enrolment and paper, its own form of the paper (seed),
-- the hash of the token the browser holds (a new sign-in replaces it), the
-- answers saved as given (shown positions and letters), the time granted
-- to them with its reason, and, once finished, the marked total. Item
-- statistics are computed from every marked attempt of an item version.
ALTER TABLE exam_paper ADD COLUMN starts_at TEXT NOT NULL DEFAULT '';
ALTER TABLE exam_paper ADD COLUMN opened_by TEXT NOT NULL DEFAULT '';
ALTER TABLE exam_paper ADD COLUMN closed_at TEXT NOT NULL DEFAULT '';
CREATE TABLE exam_attempt (
    id            INTEGER PRIMARY KEY,
    paper_id      INTEGER NOT NULL REFERENCES exam_paper (id),
    enrolment_id  INTEGER NOT NULL REFERENCES enrolment (id),
    seed          TEXT NOT NULL,              -- decimal uint64: the form
    token_hash    TEXT NOT NULL,
    status        TEXT NOT NULL,              -- in_progress | submitted | timed_out
    started_at    TEXT NOT NULL,
    extra_minutes INTEGER NOT NULL DEFAULT 0,
    saved_at      TEXT NOT NULL DEFAULT '',
    answered      INTEGER NOT NULL DEFAULT 0,
    finished_at   TEXT NOT NULL DEFAULT '',
    tenths        INTEGER,                    -- NULL until marked
    nright        INTEGER,
    marked_into   TEXT NOT NULL DEFAULT ''    -- theory | locked | plan_status
);
CREATE UNIQUE INDEX exam_attempt_enrolment ON exam_attempt (paper_id, enrolment_id);
CREATE UNIQUE INDEX exam_attempt_token ON exam_attempt (token_hash);
CREATE TABLE exam_answer (
    attempt_id INTEGER NOT NULL REFERENCES exam_attempt (id),
    position   INTEGER NOT NULL,              -- as shown, 1, 2, …
    answer     TEXT NOT NULL,                 -- shown letters, '' cleared
    saved_at   TEXT NOT NULL,
    PRIMARY KEY (attempt_id, position)
);
CREATE TABLE exam_extension (
    id         INTEGER PRIMARY KEY,
    attempt_id INTEGER NOT NULL REFERENCES exam_attempt (id),
    minutes    INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    granted_by TEXT NOT NULL,
    granted_at TEXT NOT NULL
);
CREATE INDEX exam_extension_attempt ON exam_extension (attempt_id);
CREATE TABLE exam_item_stat (
    item_id     INTEGER PRIMARY KEY REFERENCES exam_item (id),
    attempts    INTEGER NOT NULL,
    p_milli     INTEGER NOT NULL,             -- difficulty ×1000
    r_milli     INTEGER,                      -- discrimination ×1000; NULL undefined
    flags       INTEGER NOT NULL,             -- EXAM_STAT_* bits
    computed_at TEXT NOT NULL
);
-- What marking found, one row per item of the paper (its position on the
-- paper, not as shown): the statistics are read from here.
CREATE TABLE exam_mark (
    attempt_id INTEGER NOT NULL REFERENCES exam_attempt (id),
    position   INTEGER NOT NULL,
    item_id    INTEGER NOT NULL REFERENCES exam_item (id),
    score      INTEGER NOT NULL,              -- tenths the item carried
    is_right   INTEGER NOT NULL,              -- 1 right, 0 not
    PRIMARY KEY (attempt_id, position)
);
CREATE INDEX exam_mark_item ON exam_mark (item_id);
