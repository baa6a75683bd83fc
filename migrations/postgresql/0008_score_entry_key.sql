-- 0008: a score entry is known by its key (enrolment, component,
-- assessor): the surrogate id goes and the unique index becomes the
-- primary key (SQLite's copy of this migration drops its second B-tree).
ALTER TABLE score_entry DROP COLUMN id;
ALTER TABLE score_entry ADD CONSTRAINT score_entry_pkey PRIMARY KEY USING INDEX score_entry_key;
