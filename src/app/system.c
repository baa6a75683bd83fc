/*
 * system.c - setting up a data directory and its database: the work behind
 * `skillcert init`, `migrate` and `demo`.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/internal.h"
#include "services/masterkey.h"

int app_init_data(const char *data_dir, const char *key_file, const char *db_url,
		  struct app_init_report *rep, char *err, size_t errlen)
{
	memset(rep, 0, sizeof(*rep));
	if (mkdir(data_dir, 0700) == 0)
		rep->created_dir = 1;
	else if (errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", data_dir, strerror(errno));
		return -1;
	}
	if (access(key_file, F_OK) != 0) {
		if (masterkey_create(key_file, err, errlen) != 0)
			return -1;
		rep->created_key = 1;
	}
	return app_migrate(db_url, &rep->schema_from, &rep->schema_to, err, errlen);
}

int app_migrate(const char *db_url, int *from, int *to, char *err, size_t errlen)
{
	struct store *s;
	enum store_err rc;

	*from = *to = 0;
	if (store_open(db_url, 1, &s, err, errlen) != STORE_OK)
		return -1;
	rc = store_migrate(s, from, to, err, errlen);
	store_close(s);
	return rc == STORE_OK ? 0 : -1;
}

int app_schema_status(const char *db_url, int *db_version, int *latest, char *err,
		      size_t errlen)
{
	struct store *s;
	struct store_conn *c;
	enum store_err rc;

	*latest = store_schema_latest();
	*db_version = 0;
	if (store_open(db_url, 1, &s, err, errlen) != STORE_OK)
		return -1;
	c = store_acquire(s);
	rc = c ? store_schema_version(c, db_version) : STORE_ERROR;
	if (rc)
		snprintf(err, errlen, "cannot read the schema version: %s",
			 c ? store_errmsg(c) : "no connection");
	store_release(c);
	store_close(s);
	return rc == STORE_OK ? 0 : -1;
}

enum app_status app_schema_latest(void) { return store_schema_latest(); }
