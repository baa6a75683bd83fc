-- 0005: assessment plans (认定计划), their rooms, staff, qualifications,
-- declared relationships, the facts people apply with, enrolments.

-- what a person brings to an application (申报条件 facts)
CREATE TABLE person_certificate (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL REFERENCES person (id),
    kind            TEXT NOT NULL DEFAULT 'skill',
    occupation_code TEXT NOT NULL,
    related         INTEGER NOT NULL DEFAULT 0,
    level           INTEGER NOT NULL,
    issued_on       TEXT NOT NULL,
    number          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX person_certificate_person ON person_certificate (person_id);

CREATE TABLE person_diploma (
    id                INTEGER PRIMARY KEY,
    person_id         INTEGER NOT NULL REFERENCES person (id),
    type              TEXT NOT NULL,
    specialty_related INTEGER NOT NULL DEFAULT 0,
    graduated_on      TEXT,
    final_year        INTEGER NOT NULL DEFAULT 0,
    program_level     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX person_diploma_person ON person_diploma (person_id);

CREATE TABLE person_title (
    id         INTEGER PRIMARY KEY,
    person_id  INTEGER NOT NULL REFERENCES person (id),
    level      TEXT NOT NULL,
    granted_on TEXT NOT NULL,
    related    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX person_title_person ON person_title (person_id);

-- 考评员 / 高级考评员: which occupation, up to which level, until when
CREATE TABLE assessor_qualification (
    id             INTEGER PRIMARY KEY,
    person_id      INTEGER NOT NULL REFERENCES person (id),
    occupation_code TEXT NOT NULL,
    grade          TEXT NOT NULL,
    max_level      INTEGER NOT NULL,
    valid_from     TEXT NOT NULL,
    valid_to       TEXT NOT NULL,
    certificate_no TEXT NOT NULL DEFAULT ''
);
CREATE INDEX assessor_qualification_person ON assessor_qualification (person_id);

-- declared relationships that make a recusal (relative, teacher, ...)
CREATE TABLE relationship (
    id          INTEGER PRIMARY KEY,
    person_a    INTEGER NOT NULL REFERENCES person (id),
    person_b    INTEGER NOT NULL REFERENCES person (id),
    kind        TEXT NOT NULL,
    declared_at TEXT NOT NULL
);
CREATE UNIQUE INDEX relationship_key ON relationship (person_a, person_b, kind);

CREATE TABLE plan (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institution (id),
    standard_id    INTEGER NOT NULL REFERENCES standard (id),
    work_type      TEXT NOT NULL DEFAULT '',
    level          INTEGER NOT NULL,
    title          TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'draft',
    theory_on      TEXT,
    practical_on   TEXT,
    review_on      TEXT,
    capacity       INTEGER NOT NULL,
    notice_start   TEXT,
    notice_end     TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX plan_institution ON plan (institution_id);
CREATE INDEX plan_status ON plan (status);

CREATE TABLE plan_room (
    id       INTEGER PRIMARY KEY,
    plan_id  INTEGER NOT NULL REFERENCES plan (id),
    name     TEXT NOT NULL,
    capacity INTEGER NOT NULL
);
CREATE UNIQUE INDEX plan_room_name ON plan_room (plan_id, name);

CREATE TABLE plan_status_log (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES plan (id),
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL
);
CREATE INDEX plan_status_log_plan ON plan_status_log (plan_id);

-- proctors, assessors, review panel, internal supervisor; a recusal that
-- a supervisor overrode keeps the sign-off
CREATE TABLE plan_staff (
    id            INTEGER PRIMARY KEY,
    plan_id       INTEGER NOT NULL REFERENCES plan (id),
    person_id     INTEGER NOT NULL REFERENCES person (id),
    role          TEXT NOT NULL,
    room_id       INTEGER REFERENCES plan_room (id),
    override_by   TEXT NOT NULL DEFAULT '',
    override_note TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
);
CREATE UNIQUE INDEX plan_staff_key ON plan_staff (plan_id, person_id, role);

-- visits of external supervisors (外督)
CREATE TABLE supervisor_visit (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER NOT NULL REFERENCES plan (id),
    name         TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    visited_on   TEXT NOT NULL,
    notes        TEXT NOT NULL DEFAULT ''
);

-- a candidate enrolled in a plan, by the route they qualified through
CREATE TABLE enrolment (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES plan (id),
    person_id   INTEGER NOT NULL REFERENCES person (id),
    route_id    TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'enrolled',
    room_id     INTEGER REFERENCES plan_room (id),
    enrolled_at TEXT NOT NULL
);
CREATE UNIQUE INDEX enrolment_key ON enrolment (plan_id, person_id);
