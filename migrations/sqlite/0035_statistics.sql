-- 0035: the network's figures (issue 16), materialised per year: one row
-- per year x institution x occupation x level, every measure of
-- core/statistics.h a column named by its code (docs/statistics.md).
-- Province and branch are the institution's at the refresh. app/statistics.c
-- replaces a year's rows in one transaction and records it in stat_year.
CREATE TABLE stat_cell (
    year                  INTEGER NOT NULL,
    institution_id        INTEGER NOT NULL,
    occupation_code       TEXT NOT NULL DEFAULT '',  -- '' = none
    level                 INTEGER NOT NULL DEFAULT 0, -- 0 = none
    province              TEXT NOT NULL DEFAULT '',
    branch_id             INTEGER NOT NULL DEFAULT 0, -- 0 = none
    plans                 INTEGER NOT NULL DEFAULT 0,
    enrolled              INTEGER NOT NULL DEFAULT 0,
    assessed              INTEGER NOT NULL DEFAULT 0,
    passed                INTEGER NOT NULL DEFAULT 0,
    theory_sat            INTEGER NOT NULL DEFAULT 0,
    theory_passed         INTEGER NOT NULL DEFAULT 0,
    practical_sat         INTEGER NOT NULL DEFAULT 0,
    practical_passed      INTEGER NOT NULL DEFAULT 0,
    review_sat            INTEGER NOT NULL DEFAULT 0,
    review_passed         INTEGER NOT NULL DEFAULT 0,
    certificates          INTEGER NOT NULL DEFAULT 0,
    filed_on_time         INTEGER NOT NULL DEFAULT 0,
    filed_late            INTEGER NOT NULL DEFAULT 0,
    unfiled               INTEGER NOT NULL DEFAULT 0,
    revoked               INTEGER NOT NULL DEFAULT 0,
    corrections           INTEGER NOT NULL DEFAULT 0,
    appeals               INTEGER NOT NULL DEFAULT 0,
    competition_entrants  INTEGER NOT NULL DEFAULT 0,
    competition_awards    INTEGER NOT NULL DEFAULT 0,
    honours               INTEGER NOT NULL DEFAULT 0,
    apprentices           INTEGER NOT NULL DEFAULT 0,
    apprentices_completed INTEGER NOT NULL DEFAULT 0,
    trainees              INTEGER NOT NULL DEFAULT 0,
    trainees_completed    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (year, institution_id, occupation_code, level)
);
CREATE INDEX stat_cell_province ON stat_cell (year, province);
CREATE INDEX stat_cell_branch ON stat_cell (year, branch_id);

-- the years refreshed: when, how many cells, how long it took
CREATE TABLE stat_year (
    year         INTEGER PRIMARY KEY,
    refreshed_at TEXT NOT NULL,
    cells        INTEGER NOT NULL,
    millis       INTEGER NOT NULL
);

-- the pass mark of each component of each standard's level (tenths), as
-- the standard's definition gives it, written by the refresh so that the
-- component measures are counted by SQL
CREATE TABLE stat_pass_mark (
    standard_id INTEGER NOT NULL,
    level       INTEGER NOT NULL,
    component   TEXT NOT NULL,
    tenths      INTEGER NOT NULL,
    PRIMARY KEY (standard_id, level, component)
);

-- a year's certificates are found by their issue date; a chain of
-- corrections by its links
CREATE INDEX certificate_issued ON certificate (issued_on);
CREATE INDEX certificate_supersedes ON certificate (supersedes) WHERE supersedes IS NOT NULL;
