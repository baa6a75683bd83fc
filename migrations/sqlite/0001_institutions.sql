-- 0001: institutions, minimal, with their name history.
CREATE TABLE institution (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    type        TEXT NOT NULL,
    province    TEXT NOT NULL,
    parent_id   INTEGER REFERENCES institution (id),
    credit_code TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX institution_name_key ON institution (name);
CREATE INDEX institution_parent ON institution (parent_id);

CREATE TABLE institution_name (
    id             INTEGER PRIMARY KEY,
    institution_id INTEGER NOT NULL REFERENCES institution (id),
    name           TEXT NOT NULL,
    valid_from     TEXT NOT NULL,
    valid_to       TEXT,
    reason         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX institution_name_inst ON institution_name (institution_id);
