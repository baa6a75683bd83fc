-- 0024: marking a competition the CIS way (issue 13): the marks of each
-- entry per aspect of the technical document (a measurement entered once,
-- judge_id 0; a judgement by each of three judges of the event, 0-3), the
-- theory score per entry, the modules locked by the chief judge (module
-- "theory" for the theory scores), corrections after locking filed by the
-- chief judge and decided by the organiser, the results notice's window
-- and the appeals made during it.
CREATE TABLE competition_mark (
    id         INTEGER PRIMARY KEY,
    entry_id   INTEGER NOT NULL REFERENCES competition_entry (id),
    aspect     TEXT NOT NULL,
    judge_id   INTEGER NOT NULL,   -- competition_judge.id; 0: a measurement
    value      TEXT NOT NULL,      -- as entered: 0-3, met 1/0, or the deviation
    marks      INTEGER NOT NULL,   -- hundredths (a judgement: the judge's 0-3)
    note       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    UNIQUE (entry_id, aspect, judge_id)
);

CREATE TABLE competition_theory (
    entry_id   INTEGER PRIMARY KEY REFERENCES competition_entry (id),
    score      INTEGER NOT NULL,   -- hundredths of 100
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE TABLE competition_lock (
    event_id  INTEGER NOT NULL REFERENCES competition_event (id),
    module    TEXT NOT NULL,       -- a module's code, or "theory"
    locked_at TEXT NOT NULL,
    locked_by TEXT NOT NULL,
    PRIMARY KEY (event_id, module)
);

-- open, then approved (the mark changed) or refused; the reason kept.
CREATE TABLE competition_correction (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES competition_event (id),
    entry_id   INTEGER NOT NULL REFERENCES competition_entry (id),
    aspect     TEXT NOT NULL,      -- an aspect's code, or "theory"
    judge_id   INTEGER NOT NULL,
    value      TEXT NOT NULL,
    reason     TEXT NOT NULL,
    status     TEXT NOT NULL,
    filed_at   TEXT NOT NULL,
    filed_by   TEXT NOT NULL,
    decided_at TEXT,
    decided_by TEXT
);
CREATE INDEX competition_correction_event ON competition_correction (event_id);

CREATE TABLE competition_appeal (
    id             INTEGER PRIMARY KEY,
    competition_id INTEGER NOT NULL REFERENCES competition (id),
    name           TEXT NOT NULL,
    contact        TEXT NOT NULL,
    body           TEXT NOT NULL,
    status         TEXT NOT NULL,  -- open, resolved
    resolution     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    resolved_at    TEXT,
    resolved_by    TEXT
);
CREATE INDEX competition_appeal_comp ON competition_appeal (competition_id);

ALTER TABLE competition ADD COLUMN notice_start TEXT;
ALTER TABLE competition ADD COLUMN notice_end TEXT;
