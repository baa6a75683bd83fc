-- 0004: the occupation catalogue, versioned standards, and the person
-- registry (candidates and staff) with sealed ID numbers.

-- 职业分类大典: (edition, code) is the key; codes change between editions
CREATE TABLE occupation (
    id      INTEGER PRIMARY KEY,
    edition TEXT NOT NULL,
    code    TEXT NOT NULL,
    name    TEXT NOT NULL
);
CREATE UNIQUE INDEX occupation_key ON occupation (edition, code);

CREATE TABLE work_type (
    id            INTEGER PRIMARY KEY,
    occupation_id INTEGER NOT NULL REFERENCES occupation (id),
    name          TEXT NOT NULL
);
CREATE UNIQUE INDEX work_type_key ON work_type (occupation_id, name);

-- the same occupation across editions
CREATE TABLE occupation_map (
    from_id INTEGER NOT NULL REFERENCES occupation (id),
    to_id   INTEGER NOT NULL REFERENCES occupation (id),
    note    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (from_id, to_id)
);

-- a national standard or industry specification, one row per version; its
-- rules are the JSON document core/standard.c reads
CREATE TABLE standard (
    id             INTEGER PRIMARY KEY,
    occupation_id  INTEGER NOT NULL REFERENCES occupation (id),
    version        TEXT NOT NULL,
    name           TEXT NOT NULL,
    citation       TEXT NOT NULL DEFAULT '',
    effective_from TEXT NOT NULL,
    effective_to   TEXT,
    definition     TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE UNIQUE INDEX standard_key ON standard (occupation_id, version);

-- data keys, wrapped by the master key (services/seal.c)
CREATE TABLE secret (
    name       TEXT PRIMARY KEY,
    wrapped    TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- a person: candidate, assessor, proctor, supervisor alike. The ID number
-- is stored sealed (XChaCha20-Poly1305) with a keyed blind index for exact
-- lookup and de-duplication, and masked for display.
CREATE TABLE person (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT NOT NULL,
    id_type              TEXT NOT NULL,
    id_sealed            TEXT NOT NULL,
    id_blind             TEXT NOT NULL,
    id_masked            TEXT NOT NULL,
    sex                  TEXT NOT NULL DEFAULT '',
    birth_date           TEXT,
    education            TEXT NOT NULL DEFAULT '',
    employer             TEXT NOT NULL DEFAULT '',
    employer_credit_code TEXT NOT NULL DEFAULT '',
    work_start           TEXT,
    phone                TEXT NOT NULL DEFAULT '',
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE UNIQUE INDEX person_identity ON person (id_type, id_blind);
CREATE INDEX person_name ON person (name);

CREATE TABLE person_photo (
    person_id INTEGER PRIMARY KEY REFERENCES person (id),
    mime      TEXT NOT NULL,
    data      TEXT NOT NULL,
    added_at  TEXT NOT NULL
);
