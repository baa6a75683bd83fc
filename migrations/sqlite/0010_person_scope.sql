-- 0010: whom a person belongs to (docs/security.md, "The person
-- registry's scope"): the institution that registered them, beside those
-- that enrolled or staffed them (enrolment, plan_staff) and the one that
-- employs them (institution.credit_code = person.employer_credit_code).
-- NULL: registered for the whole network (people from before this
-- version, or registered by a network-wide grant).
ALTER TABLE person ADD COLUMN registered_by INTEGER REFERENCES institution (id);
CREATE INDEX person_registered_by ON person (registered_by);
CREATE INDEX enrolment_person ON enrolment (person_id);
CREATE INDEX plan_staff_person ON plan_staff (person_id);
CREATE INDEX institution_credit_code ON institution (credit_code);
