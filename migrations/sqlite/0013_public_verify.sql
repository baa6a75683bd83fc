-- 0013: the public edge (issue 12). A certificate number typed in any
-- case verifies (app/cert_lookup.c looks up upper(number); the numbers
-- themselves stay as issued or imported).
CREATE INDEX certificate_number_upper ON certificate (upper(number));
