/*
 * migrate.c - numbered schema migrations, embedded in the binary.
 *
 * migrations/sqlite/NNNN_name.sql and migrations/postgresql/NNNN_name.sql
 * are compiled in (tools/embed.c -> store_migrations[]). Every version
 * exists for both engines. Pending versions are applied in order, in one
 * transaction, each recorded in schema_version. A database whose version is
 * newer than the binary's is refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/embed.h"
#include "base/timeutil.h"
#include "store/db.h"

extern const struct embedded_file store_migrations[];
extern const size_t store_migrations_count;

/* The version number of an embedded file for engine, or 0 if it is not
 * one of that engine's migrations. *name gets the file's base name. */
static int migration_version(const struct embedded_file *f, const char *engine,
			     const char **name)
{
	size_t n = strlen(engine);
	const char *base;
	long v;
	char *end;

	if (strncmp(f->name, engine, n) != 0 || f->name[n] != '/')
		return 0;
	base = f->name + n + 1;
	v = strtol(base, &end, 10);
	if (end == base || *end != '_' || v <= 0)
		return 0;
	*name = base;
	return (int)v;
}

int store_schema_latest(void)
{
	int latest = 0;
	const char *name;

	for (size_t i = 0; i < store_migrations_count; i++) {
		int v = migration_version(&store_migrations[i], "sqlite", &name);

		if (v > latest)
			latest = v;
	}
	return latest;
}

enum store_err store_schema_version(struct store_conn *c, int *version)
{
	struct db_arg arg = db_text("schema_version");
	struct db_res res;
	int rc, exists = 0;

	*version = 0;
	rc = db_query(c, c->eng->table_exists_sql, &arg, 1, &res);
	if (rc)
		return rc;
	if (db_next(&res) == 1)
		exists = (int)db_ll(&res, 0);
	db_done(&res);
	if (!exists)
		return STORE_OK;
	rc = db_query(c, "SELECT COALESCE(MAX(version), 0) FROM schema_version", NULL, 0,
		      &res);
	if (rc)
		return rc;
	if (db_next(&res) == 1)
		*version = (int)db_ll(&res, 0);
	db_done(&res);
	return STORE_OK;
}

static int apply_pending(struct store_conn *c, int *from, int *to, char *err, size_t errlen)
{
	int latest = store_schema_latest(), cur, rc;
	char now[32];

	if (c->eng->migrate_lock_sql &&
	    (rc = c->eng->exec_script(c, c->eng->migrate_lock_sql)))
		return rc;
	rc = c->eng->exec_script(c, "CREATE TABLE IF NOT EXISTS schema_version ("
				    "version INTEGER PRIMARY KEY, "
				    "name TEXT NOT NULL, "
				    "applied_at TEXT NOT NULL)");
	if (rc || (rc = store_schema_version(c, &cur)))
		return rc;
	*from = *to = cur;
	if (cur > latest) {
		snprintf(err, errlen,
			 "the database is at schema version %d, newer than this "
			 "binary knows (%d): upgrade skillcert before using it",
			 cur, latest);
		return STORE_ERROR;
	}
	time_now_iso(now, sizeof(now));
	for (int v = cur + 1; v <= latest; v++) {
		const struct embedded_file *f = NULL;
		const char *name = NULL;
		struct db_arg args[3];

		for (size_t i = 0; i < store_migrations_count && !f; i++)
			if (migration_version(&store_migrations[i], c->eng->name, &name) == v)
				f = &store_migrations[i];
		if (!f) {
			snprintf(err, errlen, "migration %04d is missing for %s", v,
				 c->eng->name);
			return STORE_ERROR;
		}
		rc = c->eng->exec_script(c, (const char *)f->data);
		if (rc) {
			snprintf(err, errlen, "migration %s failed: %s", name, c->errmsg);
			return rc;
		}
		args[0] = db_int(v);
		args[1] = db_text(name);
		args[2] = db_text(now);
		rc = db_exec(c,
			     "INSERT INTO schema_version (version, name, applied_at) "
			     "VALUES (?, ?, ?)",
			     args, 3, NULL);
		if (rc)
			return rc;
		*to = v;
	}
	return STORE_OK;
}

enum store_err store_migrate(struct store *s, int *from, int *to, char *err, size_t errlen)
{
	struct store_conn *c = store_acquire(s);
	int rc;

	*from = *to = 0;
	err[0] = '\0';
	if (!c) {
		snprintf(err, errlen, "cannot connect to the database");
		return STORE_ERROR;
	}
	rc = store_begin(c);
	if (rc == STORE_OK)
		rc = apply_pending(c, from, to, err, errlen);
	if (rc == STORE_OK)
		rc = store_commit(c);
	else
		store_rollback(c);
	if (rc && !err[0])
		snprintf(err, errlen, "migration failed: %s", store_errmsg(c));
	if (rc)
		*to = *from;
	store_release(c);
	return rc;
}

enum store_err store_check_schema(struct store *s, char *err, size_t errlen)
{
	struct store_conn *c = store_acquire(s);
	int v = 0, rc, latest = store_schema_latest();

	if (!c) {
		snprintf(err, errlen, "cannot connect to the database");
		return STORE_ERROR;
	}
	rc = store_schema_version(c, &v);
	if (rc)
		snprintf(err, errlen, "cannot read the schema version: %s", store_errmsg(c));
	store_release(c);
	if (rc)
		return rc;
	if (v > latest) {
		snprintf(err, errlen,
			 "the database is at schema version %d, newer than this "
			 "binary knows (%d): upgrade skillcert before using it",
			 v, latest);
		return STORE_ERROR;
	}
	if (v < latest) {
		snprintf(err, errlen,
			 "the database is at schema version %d, this binary needs "
			 "%d: run 'skillcert migrate'",
			 v, latest);
		return STORE_ERROR;
	}
	return STORE_OK;
}
