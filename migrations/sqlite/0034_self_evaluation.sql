-- 0034: enterprise self-evaluation (企业自主评价, issue 15).
-- The institution's HR filing: '' (it works under the center's S filing)
-- or 'Y' (an employer evaluation institution, 用人单位评价机构, filed with
-- HR under hr_filing_no); hr_filing_outside: its filing lets it serve
-- candidates from outside (社会化评价). The certificates of its plans carry
-- kind Y in their number (as those of an institution with a host
-- organisation, 主办单位, already did).
ALTER TABLE institution ADD COLUMN hr_filing TEXT NOT NULL DEFAULT '';
ALTER TABLE institution ADD COLUMN hr_filing_no TEXT NOT NULL DEFAULT '';
ALTER TABLE institution ADD COLUMN hr_filing_outside INTEGER NOT NULL DEFAULT 0;

-- The candidate pool of a plan (考生范围): public (anyone), staff (people
-- whose employer credit code is the institution's) or partners (staff and
-- the partner companies listed here), enforced on every enrolment.
ALTER TABLE plan ADD COLUMN candidate_pool TEXT NOT NULL DEFAULT 'public';
CREATE TABLE plan_partner (
    plan_id      INTEGER NOT NULL REFERENCES plan (id),
    credit_code  TEXT NOT NULL,
    company_name TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (plan_id, credit_code)
);

-- A post-skill specification (岗位技能规范) an institution adopted: one row
-- per version, the document as sent (or as embedded in post_specs/) with
-- its SHA-256; derived from a national standard (its occupation code and
-- version). A plan names one while it is a draft: the row is its fixed
-- version, its components, weights and marks score the plan.
CREATE TABLE post_spec (
    id               INTEGER PRIMARY KEY,
    institution_id   INTEGER NOT NULL REFERENCES institution (id),
    code             TEXT NOT NULL,
    version          TEXT NOT NULL,
    name             TEXT NOT NULL,
    occupation_code  TEXT NOT NULL,
    standard_version TEXT NOT NULL,
    body             TEXT NOT NULL,
    sha256           TEXT NOT NULL,
    created_by       TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    UNIQUE (institution_id, code, version)
);
ALTER TABLE plan ADD COLUMN post_spec_id INTEGER REFERENCES post_spec (id);
