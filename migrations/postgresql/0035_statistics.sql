-- 0035: the network's figures (issue 16), materialised per year: one row
-- per year x institution x occupation x level, every measure of
-- core/statistics.h a column named by its code (docs/statistics.md).
-- Province and branch are the institution's at the refresh. app/statistics.c
-- replaces a year's rows in one transaction and records it in stat_year.
CREATE TABLE stat_cell (
    year                  INTEGER NOT NULL,
    institution_id        BIGINT NOT NULL,
    occupation_code       TEXT NOT NULL DEFAULT '',  -- '' = none
    level                 BIGINT NOT NULL DEFAULT 0, -- 0 = none
    province              TEXT NOT NULL DEFAULT '',
    branch_id             BIGINT NOT NULL DEFAULT 0, -- 0 = none
    plans                 BIGINT NOT NULL DEFAULT 0,
    enrolled              BIGINT NOT NULL DEFAULT 0,
    assessed              BIGINT NOT NULL DEFAULT 0,
    passed                BIGINT NOT NULL DEFAULT 0,
    theory_sat            BIGINT NOT NULL DEFAULT 0,
    theory_passed         BIGINT NOT NULL DEFAULT 0,
    practical_sat         BIGINT NOT NULL DEFAULT 0,
    practical_passed      BIGINT NOT NULL DEFAULT 0,
    review_sat            BIGINT NOT NULL DEFAULT 0,
    review_passed         BIGINT NOT NULL DEFAULT 0,
    certificates          BIGINT NOT NULL DEFAULT 0,
    filed_on_time         BIGINT NOT NULL DEFAULT 0,
    filed_late            BIGINT NOT NULL DEFAULT 0,
    unfiled               BIGINT NOT NULL DEFAULT 0,
    revoked               BIGINT NOT NULL DEFAULT 0,
    corrections           BIGINT NOT NULL DEFAULT 0,
    appeals               BIGINT NOT NULL DEFAULT 0,
    competition_entrants  BIGINT NOT NULL DEFAULT 0,
    competition_awards    BIGINT NOT NULL DEFAULT 0,
    honours               BIGINT NOT NULL DEFAULT 0,
    apprentices           BIGINT NOT NULL DEFAULT 0,
    apprentices_completed BIGINT NOT NULL DEFAULT 0,
    trainees              BIGINT NOT NULL DEFAULT 0,
    trainees_completed    BIGINT NOT NULL DEFAULT 0,
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
    standard_id BIGINT NOT NULL,
    level       INTEGER NOT NULL,
    component   TEXT NOT NULL,
    tenths      INTEGER NOT NULL,
    PRIMARY KEY (standard_id, level, component)
);

-- a year's certificates are found by their issue date; a chain of
-- corrections by its links
CREATE INDEX certificate_issued ON certificate (issued_on);
CREATE INDEX certificate_supersedes ON certificate (supersedes) WHERE supersedes IS NOT NULL;
