-- 0038: the last write of a session and of an API token, milliseconds
-- since 1970 (0 = none): a server with read replicas reads that actor's
-- public pages from a replica only once it has replayed up to then.
ALTER TABLE session ADD COLUMN wrote_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE api_token ADD COLUMN wrote_ms INTEGER NOT NULL DEFAULT 0;
