-- 0033: training and online courses (社会培训 / 云端课堂, issue 15 part B).
-- A course of an institution (online: lessons to open; in person:
-- sessions to attend), people enrolled in it, the lessons they completed
-- and the sessions they attended. Hours done are the lessons completed
-- plus the sessions attended; the institution confirms completion once the
-- course's hours are reached. Completed training of an occupation counts
-- towards the standard's {"training_hours": N} route condition.
CREATE TABLE training_course (
    id              INTEGER PRIMARY KEY,
    institution_id  INTEGER NOT NULL REFERENCES institution (id),
    title           TEXT NOT NULL,
    occupation_code TEXT NOT NULL DEFAULT '',   -- '' = not tied to one
    target_level    INTEGER NOT NULL DEFAULT 0, -- 0 = none, else 1..5
    mode            TEXT NOT NULL,              -- online | in_person
    hours           INTEGER NOT NULL,           -- 学时 to complete
    description     TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT 'draft', -- draft → open → closed
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE INDEX training_course_institution ON training_course (institution_id);
CREATE TABLE training_lesson (
    id          INTEGER PRIMARY KEY,
    course_id   INTEGER NOT NULL REFERENCES training_course (id),
    position    INTEGER NOT NULL,           -- order, from 1
    title       TEXT NOT NULL,
    kind        TEXT NOT NULL,              -- document | video
    url         TEXT NOT NULL DEFAULT '',   -- video: an https link
    filename    TEXT NOT NULL DEFAULT '',   -- document: the PDF
    size        INTEGER NOT NULL DEFAULT 0,
    digest      TEXT NOT NULL DEFAULT '',
    data        TEXT NOT NULL DEFAULT '',   -- base64
    hours       INTEGER NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX training_lesson_course ON training_lesson (course_id);
CREATE TABLE training_session (
    id         INTEGER PRIMARY KEY,
    course_id  INTEGER NOT NULL REFERENCES training_course (id),
    starts_at  TEXT NOT NULL,   -- YYYY-MM-DDTHH:MM
    ends_at    TEXT NOT NULL,
    room       TEXT NOT NULL DEFAULT '',
    hours      INTEGER NOT NULL
);
CREATE INDEX training_session_course ON training_session (course_id);
CREATE TABLE training_enrolment (
    id             INTEGER PRIMARY KEY,
    course_id      INTEGER NOT NULL REFERENCES training_course (id),
    person_id      INTEGER NOT NULL REFERENCES person (id),
    status         TEXT NOT NULL DEFAULT 'enrolled', -- enrolled → completed | withdrawn
    hours_done     INTEGER NOT NULL DEFAULT 0,
    enrolled_at    TEXT NOT NULL,
    completed_on   TEXT,
    certificate_id INTEGER REFERENCES certificate (id),
    UNIQUE (course_id, person_id)
);
CREATE INDEX training_enrolment_person ON training_enrolment (person_id);
CREATE TABLE training_progress (
    enrolment_id INTEGER NOT NULL REFERENCES training_enrolment (id),
    lesson_id    INTEGER NOT NULL REFERENCES training_lesson (id),
    completed_at TEXT NOT NULL,
    PRIMARY KEY (enrolment_id, lesson_id)
);
CREATE TABLE training_attendance (
    session_id   INTEGER NOT NULL REFERENCES training_session (id),
    enrolment_id INTEGER NOT NULL REFERENCES training_enrolment (id),
    present      INTEGER NOT NULL,
    recorded_by  TEXT NOT NULL,
    recorded_at  TEXT NOT NULL,
    PRIMARY KEY (session_id, enrolment_id)
);
-- The training certificate (培训证书): a certificate of line 'training',
-- level 0 (never a skill level), numbered by the training_pattern setting;
-- its course and hours here. A successor (a corrected name) copies the row.
CREATE TABLE certificate_training (
    certificate_id INTEGER PRIMARY KEY REFERENCES certificate (id),
    course_id      INTEGER NOT NULL REFERENCES training_course (id),
    enrolment_id   INTEGER NOT NULL REFERENCES training_enrolment (id),
    hours          INTEGER NOT NULL
);
CREATE INDEX certificate_training_enrolment ON certificate_training (enrolment_id);
