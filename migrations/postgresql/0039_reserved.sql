-- 0039: reserved for the webhooks of issue 18 (another branch). Empty here
-- so that the versions run without a gap on this branch; the lead drops
-- this file when merging the real 0039.
SELECT 1;
