-- 0016: claim codes (issue 12). Each enrolment may have one claim code, a
-- random code printed for the candidate (admission ticket, result notice)
-- with which, together with their name and ID number, they create their
-- holder account. Only the code's SHA-256 is kept: staff see a code once,
-- when it is drawn; drawing again replaces it. Nothing in it derives from
-- the ID number.
CREATE TABLE enrolment_claim (
    enrolment_id INTEGER PRIMARY KEY REFERENCES enrolment (id),
    code_hash    TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE UNIQUE INDEX enrolment_claim_code ON enrolment_claim (code_hash);
