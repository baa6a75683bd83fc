-- 0029: the time used by each competition entry (issue 13), in whole
-- seconds: the technical document's "time" tie-break (less is better).
-- Entered while marking by the organiser's staff or the chief judge; the
-- chief judge locks it as the pseudo-module "time" (competition_lock), after
-- which it changes only by a correction (aspect "time").
CREATE TABLE competition_time (
    entry_id   BIGINT PRIMARY KEY REFERENCES competition_entry (id),
    seconds    INTEGER NOT NULL,   -- 0 or more
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
