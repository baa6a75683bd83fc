-- 0021: skills competitions (issue 13): a competition with its organiser
-- and co-organisers, its technical document in versions, its events (赛项)
-- by occupation and group, the entries institutions nominate (one
-- contestant, or a team of 2-3) and the judges appointed per event. Marks
-- (a later slice) reference competition_entry.id and competition_judge.id.
CREATE TABLE competition (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    tier         TEXT NOT NULL,
    year         INTEGER NOT NULL,
    organiser_id INTEGER REFERENCES institution (id), -- NULL: the center
    approval_doc TEXT NOT NULL,
    starts_on    TEXT NOT NULL,
    ends_on      TEXT NOT NULL,
    venue        TEXT NOT NULL,
    status       TEXT NOT NULL,  -- draft, open, closed, marking, notice, final
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX competition_year ON competition (year, tier);

CREATE TABLE competition_coorganiser (
    competition_id INTEGER NOT NULL REFERENCES competition (id),
    institution_id INTEGER NOT NULL REFERENCES institution (id),
    PRIMARY KEY (competition_id, institution_id)
);

-- The technical document as uploaded or chosen (an embedded one's code),
-- its text and SHA-256; a new version while the competition is a draft.
CREATE TABLE competition_document (
    id             INTEGER PRIMARY KEY,
    competition_id INTEGER NOT NULL REFERENCES competition (id),
    version        INTEGER NOT NULL,
    code           TEXT NOT NULL,
    body           TEXT NOT NULL,
    digest         TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    UNIQUE (competition_id, version)
);

CREATE TABLE competition_event (
    id                INTEGER PRIMARY KEY,
    competition_id    INTEGER NOT NULL REFERENCES competition (id),
    occupation_id     INTEGER NOT NULL REFERENCES occupation (id),
    grp               TEXT NOT NULL,
    team_size         INTEGER NOT NULL,
    quota_institution INTEGER NOT NULL,  -- entries per institution, 0: none
    quota_province    INTEGER NOT NULL,  -- entries per province, 0: none
    min_age           INTEGER NOT NULL,  -- on the first day, 0: none
    max_age           INTEGER NOT NULL,
    created_at        TEXT NOT NULL,
    UNIQUE (competition_id, occupation_id, grp)
);

-- nominated, then confirmed or refused (with the organiser's reason).
CREATE TABLE competition_entry (
    id             INTEGER PRIMARY KEY,
    event_id       INTEGER NOT NULL REFERENCES competition_event (id),
    institution_id INTEGER NOT NULL REFERENCES institution (id),
    status         TEXT NOT NULL,
    reason         TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    decided_at     TEXT,
    decided_by     TEXT
);
CREATE INDEX competition_entry_event ON competition_entry (event_id);

CREATE TABLE competition_entrant (
    id        INTEGER PRIMARY KEY,
    entry_id  INTEGER NOT NULL REFERENCES competition_entry (id),
    person_id INTEGER NOT NULL REFERENCES person (id),
    position  INTEGER NOT NULL
);
CREATE INDEX competition_entrant_entry ON competition_entrant (entry_id);
CREATE INDEX competition_entrant_person ON competition_entrant (person_id);

-- chief_judge (裁判长) or judge (裁判员); a recusal overridden keeps who
-- did it and why.
CREATE TABLE competition_judge (
    id             INTEGER PRIMARY KEY,
    event_id       INTEGER NOT NULL REFERENCES competition_event (id),
    person_id      INTEGER NOT NULL REFERENCES person (id),
    role           TEXT NOT NULL,
    override_by    TEXT NOT NULL,
    override_note  TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    UNIQUE (event_id, person_id)
);
