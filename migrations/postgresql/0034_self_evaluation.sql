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
    plan_id      BIGINT NOT NULL REFERENCES plan (id),
    credit_code  TEXT NOT NULL,
    company_name TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (plan_id, credit_code)
);
