/*
 * idempotency.c - the keys of idempotent API requests (issue 18): one row
 * per (scope, key), taken inside the transaction of the request's change
 * and given its answer afterwards. SQL written once for both engines
 * (db.h). Times are ISO-8601 UTC text, compared as text.
 */
#include <string.h>

#include "store/db.h"

static bool read_idem(struct db_res *r, struct arena *a, void *out)
{
	struct idem_row *x = out;

	x->fingerprint = db_str(r, a, 0);
	x->created_at = db_str(r, a, 1);
	x->status = (int)db_ll(r, 2);
	x->content_type = db_str(r, a, 3);
	x->location = db_str(r, a, 4);
	x->body = db_str(r, a, 5);
	return true;
}

enum store_err store_idem_get(struct store_conn *c, struct arena *a, const char *scope,
			      const char *key, const char *since, struct idem_row *out)
{
	struct db_arg args[3] = {db_text(scope), db_text(key), db_text(since)};

	memset(out, 0, sizeof(*out));
	return db_one(c,
		      "SELECT fingerprint, created_at, status, content_type, location, "
		      "body FROM idempotency_key WHERE scope = ? AND idem_key = ? "
		      "AND created_at >= ?",
		      args, 3, a, read_idem, out);
}

enum store_err store_idem_claim(struct store_conn *c, const char *scope, const char *key,
				const char *fingerprint, const char *created_at,
				const char *since)
{
	struct db_arg old[3] = {db_text(scope), db_text(key), db_text(since)};
	struct db_arg args[4] = {db_text(scope), db_text(key), db_text(fingerprint),
				 db_text(created_at)};
	int rc = db_exec(c,
			 "DELETE FROM idempotency_key WHERE scope = ? AND idem_key = ? "
			 "AND created_at < ?",
			 old, 3, NULL);

	if (rc)
		return rc;
	return db_exec(c,
		       "INSERT INTO idempotency_key (scope, idem_key, fingerprint, "
		       "created_at) VALUES (?, ?, ?, ?)",
		       args, 4, NULL);
}

enum store_err store_idem_answer(struct store_conn *c, const char *scope, const char *key,
				 int status, const char *content_type,
				 const char *location, const char *body)
{
	struct db_arg args[6] = {db_int(status), db_text(content_type), db_text(location),
				 db_text(body),  db_text(scope),        db_text(key)};

	return db_update_one(c,
			     "UPDATE idempotency_key SET status = ?, content_type = ?, "
			     "location = ?, body = ? WHERE scope = ? AND idem_key = ? "
			     "AND status IS NULL",
			     args, 6);
}

enum store_err store_idem_purge(struct store_conn *c, const char *before, long long *n)
{
	struct db_arg arg = db_text(before);

	return db_exec(c, "DELETE FROM idempotency_key WHERE created_at < ?", &arg, 1, n);
}
