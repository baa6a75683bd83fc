-- 0038: the last write of a session and of an API token: the primary's
-- WAL insert position just after it (pg_current_wal_insert_lsn() as a
-- byte count; 0 = none): a server with read replicas reads that actor's
-- public pages from a replica only once it has replayed up to there.
ALTER TABLE session ADD COLUMN wrote_lsn INTEGER NOT NULL DEFAULT 0;
ALTER TABLE api_token ADD COLUMN wrote_lsn INTEGER NOT NULL DEFAULT 0;
