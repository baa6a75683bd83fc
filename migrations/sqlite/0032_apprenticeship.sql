-- 0032: enterprise new-type apprenticeships (企业新型学徒制, issue 15,
-- domain.md §7.2). A class (一班一方案) run by an enterprise (the registry
-- institution, e.g. its exam station) with a training institution, its
-- plan of courses, its filing with HR, its rules (apprenticeships/*.json,
-- kept as used: code, version, body and digest); the apprentices with
-- their contract, mentors and status; their progress per course; the
-- subsidy advances paid per apprentice-year (clawed back when the rule
-- says so).
CREATE TABLE apprenticeship_class (
    id                    INTEGER PRIMARY KEY,
    institution_id        INTEGER NOT NULL REFERENCES institution (id),
    enterprise_name       TEXT NOT NULL,
    enterprise_credit_code TEXT NOT NULL DEFAULT '',
    school_name           TEXT NOT NULL,
    school_kind           TEXT NOT NULL,  -- technical_school | vocational_college | training_center
    school_institution_id INTEGER REFERENCES institution (id),
    occupation_code       TEXT NOT NULL,
    target_level          INTEGER NOT NULL,  -- 4..1
    starts_on             TEXT NOT NULL,
    months                INTEGER NOT NULL,
    rules_code            TEXT NOT NULL,
    rules_version         TEXT NOT NULL,
    rules_body            TEXT NOT NULL,
    rules_digest          TEXT NOT NULL,  -- SHA-256 of rules_body, hex
    agreement_no          TEXT NOT NULL DEFAULT '',
    agreement_signed_on   TEXT NOT NULL DEFAULT '',
    filing_no             TEXT NOT NULL DEFAULT '',
    filing_date           TEXT NOT NULL DEFAULT '',
    filing_authority      TEXT NOT NULL DEFAULT '',
    status                TEXT NOT NULL,  -- draft -> filed -> running -> closed
    created_by            TEXT NOT NULL,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL
);
CREATE INDEX apprenticeship_class_institution ON apprenticeship_class (institution_id);

-- the class plan: courses with their side, hours and credits
CREATE TABLE apprenticeship_course (
    id        INTEGER PRIMARY KEY,
    class_id  INTEGER NOT NULL REFERENCES apprenticeship_class (id),
    name      TEXT NOT NULL,
    side      TEXT NOT NULL,  -- enterprise | school
    hours     INTEGER NOT NULL,
    credits   INTEGER NOT NULL,
    UNIQUE (class_id, name)
);

CREATE TABLE apprentice (
    id                   INTEGER PRIMARY KEY,
    class_id             INTEGER NOT NULL REFERENCES apprenticeship_class (id),
    person_id            INTEGER NOT NULL REFERENCES person (id),
    contract_start       TEXT NOT NULL,
    contract_end         TEXT NOT NULL,
    hire_kind            TEXT NOT NULL,  -- new | transferred | current
    wage                 INTEGER NOT NULL DEFAULT 0,  -- yuan a month, recorded
    minimum_wage         INTEGER NOT NULL DEFAULT 0,  -- the local minimum, recorded
    enterprise_mentor    TEXT NOT NULL,
    enterprise_mentor_id INTEGER REFERENCES person (id),
    school_mentor        TEXT NOT NULL,
    school_mentor_id     INTEGER REFERENCES person (id),
    status               TEXT NOT NULL,  -- active | interrupted | withdrawn | completed
    status_reason        TEXT NOT NULL DEFAULT '',
    status_on            TEXT NOT NULL DEFAULT '',
    completed_on         TEXT NOT NULL DEFAULT '',
    enrolment_id         INTEGER REFERENCES enrolment (id),
    created_by           TEXT NOT NULL,
    created_at           TEXT NOT NULL,
    UNIQUE (class_id, person_id)
);
CREATE INDEX apprentice_person ON apprentice (person_id);

CREATE TABLE apprentice_progress (
    id            INTEGER PRIMARY KEY,
    apprentice_id INTEGER NOT NULL REFERENCES apprentice (id),
    course_id     INTEGER NOT NULL REFERENCES apprenticeship_course (id),
    hours         INTEGER NOT NULL,
    credits       INTEGER NOT NULL,
    assessment    TEXT NOT NULL DEFAULT '',  -- the mentor's assessment
    recorded_by   TEXT NOT NULL,
    recorded_at   TEXT NOT NULL
);
CREATE INDEX apprentice_progress_apprentice ON apprentice_progress (apprentice_id);

-- advances paid for an apprentice-year (yuan)
CREATE TABLE apprentice_subsidy (
    apprentice_id INTEGER NOT NULL REFERENCES apprentice (id),
    year          INTEGER NOT NULL,
    advance       INTEGER NOT NULL,
    recorded_by   TEXT NOT NULL,
    recorded_at   TEXT NOT NULL,
    PRIMARY KEY (apprentice_id, year)
);

-- interruptions of an apprentice's training: opened by the step active ->
-- interrupted, closed (to_on) by interrupted -> active or withdrawn; their
-- months are not paid
CREATE TABLE apprentice_interruption (
    id            INTEGER PRIMARY KEY,
    apprentice_id INTEGER NOT NULL REFERENCES apprentice (id),
    from_on       TEXT NOT NULL,
    to_on         TEXT,  -- NULL while open
    reason        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX apprentice_interruption_apprentice ON apprentice_interruption (apprentice_id);
