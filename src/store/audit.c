/*
 * audit.c - the audit chain: append, list with filters, scan in order.
 * There is deliberately no update or delete here (and the schema's
 * triggers refuse them).
 */
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "store/db.h"

#define AUDIT_COLS \
	"seq, at, COALESCE(actor_id, 0), actor, address, request_id, action, " \
	"object_type, object_id, before, after, prev_hash, hash"

static bool read_audit(struct db_res *r, struct arena *a, void *out)
{
	struct audit_record *o = out;

	o->seq = db_ll(r, 0);
	o->at = db_str(r, a, 1);
	o->actor_id = db_ll(r, 2);
	o->actor = db_str(r, a, 3);
	o->address = db_str(r, a, 4);
	o->request_id = db_str(r, a, 5);
	o->action = db_str(r, a, 6);
	o->object_type = db_str(r, a, 7);
	o->object_id = db_str(r, a, 8);
	o->before = db_str(r, a, 9);
	o->after = db_str(r, a, 10);
	o->prev_hash = db_str(r, a, 11);
	o->hash = db_str(r, a, 12);
	return true;
}

enum store_err store_audit_next(struct store_conn *c, long long *seq, char prev_hash[65])
{
	struct db_res r;
	int rc, got;

	rc = db_query(c,
		      "UPDATE audit_head SET seq = seq + 1 WHERE id = 1 "
		      "RETURNING seq, hash",
		      NULL, 0, &r);
	if (rc)
		return rc;
	got = db_next(&r);
	if (got == 1) {
		const char *h = c->eng->col(&r, 1);

		*seq = db_ll(&r, 0);
		snprintf(prev_hash, 65, "%s", h ? h : "");
	}
	db_done(&r);
	return got == 1 ? STORE_OK : db_fail(c, "audit head row is missing");
}

enum store_err store_audit_insert(struct store_conn *c, const struct audit_record *o)
{
	struct db_arg args[13] = {
		db_int(o->seq),          db_text(o->at),
		db_int_or_null(o->actor_id), db_text(o->actor),
		db_text(o->address),     db_text(o->request_id),
		db_text(o->action),      db_text(o->object_type),
		db_text(o->object_id),   db_text(o->before),
		db_text(o->after),       db_text(o->prev_hash),
		db_text(o->hash),
	};
	struct db_arg head[2] = {db_text(o->hash), db_int(o->seq)};
	int rc = db_exec(c,
			 "INSERT INTO audit (seq, at, actor_id, actor, address, "
			 "request_id, action, object_type, object_id, before, after, "
			 "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			 args, 13, NULL);

	if (rc)
		return rc;
	return db_exec(c, "UPDATE audit_head SET hash = ? WHERE id = 1 AND seq = ?",
		       head, 2, NULL);
}

enum store_err store_audit_head(struct store_conn *c, long long *seq, char hash[65])
{
	struct db_res r;
	int rc = db_query(c, "SELECT seq, hash FROM audit_head WHERE id = 1", NULL,
			  0, &r),
	    got;

	if (rc)
		return rc;
	got = db_next(&r);
	if (got == 1) {
		const char *h = c->eng->col(&r, 1);

		*seq = db_ll(&r, 0);
		snprintf(hash, 65, "%s", h ? h : "");
	}
	db_done(&r);
	return got == 1 ? STORE_OK : db_fail(c, "audit head row is missing");
}

enum store_err store_audit_list(struct store_conn *c, struct arena *a,
		     const struct audit_filter *f, struct audit_record **items,
		     size_t *n, long long *total)
{
	const char *actor = f->actor ? f->actor : "";
	const char *action = f->action ? f->action : "";
	const char *otype = f->object_type ? f->object_type : "";
	const char *oid = f->object_id ? f->object_id : "";
	const char *from = f->from ? f->from : "";
	/* "to" is a date: everything before the next day's start */
	const char *to = f->to && *f->to ? arena_printf(a, "%sT99", f->to) : "";
	struct db_arg args[14] = {
		db_text(actor), db_text(actor),   db_text(action), db_text(action),
		db_text(otype), db_text(otype),   db_text(oid),    db_text(oid),
		db_text(from),  db_text(from),    db_text(to),     db_text(to),
		db_int(f->limit > 0 ? f->limit : 100), db_int(f->offset),
	};
	struct db_res r;
	int rc;

	*items = NULL;
	*n = 0;
	*total = 0;
	if (!to)
		return db_fail(c, "out of memory");
#define AUDIT_WHERE \
	" FROM audit WHERE (? = '' OR actor = ?) AND (? = '' OR action = ?) " \
	"AND (? = '' OR object_type = ?) AND (? = '' OR object_id = ?) " \
	"AND (? = '' OR at >= ?) AND (? = '' OR at < ?)"
	rc = db_query(c, "SELECT count(*)" AUDIT_WHERE, args, 12, &r);
	if (rc)
		return rc;
	if (db_next(&r) == 1)
		*total = db_ll(&r, 0);
	db_done(&r);
	rc = db_collect(c, "SELECT " AUDIT_COLS AUDIT_WHERE
			   " ORDER BY seq DESC LIMIT ? OFFSET ?",
			args, 14, a, sizeof(**items), read_audit, (void **)items, n);
#undef AUDIT_WHERE
	return rc;
}

enum store_err store_audit_scan(struct store_conn *c,
		     int (*fn)(const struct audit_record *r, void *arg), void *arg)
{
	long long after = 0;

	/* In pages of 1000, each read with its own arena: memory stays flat. */
	for (;;) {
		struct db_arg args[1] = {db_int(after)};
		struct arena a;
		struct db_res r;
		int rc, got = 0, stop = 0, count = 0;

		rc = db_query(c, "SELECT " AUDIT_COLS " FROM audit WHERE seq > ? "
				 "ORDER BY seq LIMIT 1000",
			      args, 1, &r);
		if (rc)
			return rc;
		arena_init(&a);
		while (!stop && (got = db_next(&r)) == 1) {
			struct audit_record rec;

			read_audit(&r, &a, &rec);
			after = rec.seq;
			count++;
			stop = fn(&rec, arg);
		}
		db_done(&r);
		arena_release(&a);
		if (stop)
			return stop;
		if (got < 0)
			return STORE_ERROR;
		if (count < 1000)
			return STORE_OK;
	}
}
