-- 0020: skill-upgrade subsidy claims (技能提升补贴, issue 12). Staff with
-- certificate.manage record that the agency paid a subsidy for a
-- certificate; the evaluator counts these claims (once per occupation and
-- level, the yearly limit, a higher level excluding a lower one). The
-- amount is as the agency's notice writes it. Rows are never changed.
CREATE TABLE subsidy_claim (
    id             INTEGER PRIMARY KEY,
    certificate_id INTEGER NOT NULL REFERENCES certificate (id),
    person_id      INTEGER NOT NULL REFERENCES person (id),
    province       TEXT NOT NULL,
    claimed_on     TEXT NOT NULL,
    amount         TEXT NOT NULL,
    recorded_by    TEXT NOT NULL,
    recorded_at    TEXT NOT NULL,
    note           TEXT NOT NULL
);
CREATE INDEX subsidy_claim_person ON subsidy_claim (person_id);
