-- 0041: the item bank of computer-based theory exams (题库, issue 19).
-- An item of an institution's bank for one occupation and level, tagged
-- to a knowledge point of the blueprint (鉴定要素). Each version is a row:
-- a draft is written by its author, submitted, reviewed by another
-- person (passed, or returned to the author with a note), approved by a
-- third; an approved item is changed by a new version (a draft that
-- supersedes it once approved) and taken out of use by retiring it. Rows
-- are never deleted: a paper points at the very version it used.
CREATE TABLE exam_item (
    id              INTEGER PRIMARY KEY,
    institution_id  INTEGER NOT NULL REFERENCES institution (id),
    occupation_code TEXT NOT NULL,
    level           INTEGER NOT NULL,          -- 1..5
    ref             TEXT NOT NULL,             -- the item's code, kept by its versions
    version         INTEGER NOT NULL,          -- 1, 2, …
    kind            TEXT NOT NULL,             -- single | multi | tf
    point           TEXT NOT NULL,             -- the blueprint's knowledge point
    stem            TEXT NOT NULL,
    options         TEXT NOT NULL,             -- a JSON array of the choices
    answer_key      INTEGER NOT NULL,          -- bit set over the choices (core/item.h)
    explanation     TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,             -- draft → submitted → reviewed → approved
                                               -- → superseded | retired
    author          TEXT NOT NULL,
    reviewer        TEXT NOT NULL DEFAULT '',
    review_note     TEXT NOT NULL DEFAULT '',
    reviewed_at     TEXT NOT NULL DEFAULT '',
    approver        TEXT NOT NULL DEFAULT '',
    approved_at     TEXT NOT NULL DEFAULT '',
    retired_at      TEXT NOT NULL DEFAULT '',
    retire_reason   TEXT NOT NULL DEFAULT '',
    supersedes      INTEGER REFERENCES exam_item (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX exam_item_version ON exam_item (institution_id, occupation_code, level, ref, version);
CREATE INDEX exam_item_bank ON exam_item (institution_id, occupation_code, level, status);
