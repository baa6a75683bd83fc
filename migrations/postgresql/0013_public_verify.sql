-- 0013: the public edge (issue 12). A certificate number typed in any
-- case verifies (app/cert_lookup.c looks up upper(number); the numbers
-- themselves stay as issued or imported).
CREATE INDEX certificate_number_upper ON certificate (upper(number));

-- A revocation's reason as the public sees it: a category from a fixed
-- list (core/certificate.c cert_reason_categories: fraud, error,
-- holder_request, other); the free-text status_reason stays for staff.
-- Revocations made before: 'other'.
ALTER TABLE certificate ADD COLUMN status_category TEXT NOT NULL DEFAULT '';
UPDATE certificate SET status_category = 'other' WHERE status = 'revoked';
