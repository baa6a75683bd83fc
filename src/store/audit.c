/*
 * audit.c - the audit chain: append, list with filters, scan in order; its
 * Merkle tree's right edge, the checkpoint signing key and the signed
 * checkpoints. There is deliberately no update or delete of a record or a
 * checkpoint here (and the schema's triggers refuse them).
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
		db_int(o->seq),     db_text(o->at),          db_int_or_null(o->actor_id),
		db_text(o->actor),  db_text(o->address),     db_text(o->request_id),
		db_text(o->action), db_text(o->object_type), db_text(o->object_id),
		db_text(o->before), db_text(o->after),       db_text(o->prev_hash),
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
	return db_exec(c, "UPDATE audit_head SET hash = ? WHERE id = 1 AND seq = ?", head,
		       2, NULL);
}

enum store_err store_audit_head(struct store_conn *c, long long *seq, char hash[65])
{
	struct db_res r;
	int rc = db_query(c, "SELECT seq, hash FROM audit_head WHERE id = 1", NULL, 0, &r),
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
	/* "to" as a date: everything before the next day's start (UTC); as an
	 * instant: everything before it */
	const char *to = f->to && *f->to ? strlen(f->to) == 10
						   ? arena_printf(a, "%sT99", f->to)
						   : f->to
					 : "";
	/* the action: one code or any of several, as one list ",a,b," that
	 * holds ",action," (an action's "_" escaped: LIKE would take it for
	 * any character) */
	struct buf list;
	const char *acts;
	struct db_arg args[14];
	size_t na = f->nactions > AUDIT_FILTER_ACTIONS ? AUDIT_FILTER_ACTIONS : f->nactions;
	size_t k = 0;
	struct db_res r;
	int rc;

	*items = NULL;
	*n = 0;
	*total = 0;
	if (!to)
		return db_fail(c, "out of memory");
	buf_init(&list, 1 << 16);
	for (size_t i = 0; i < (na ? na : *action ? 1 : 0); i++) {
		buf_puts(&list, i ? "" : ",");
		buf_puts(&list, na ? f->actions[i] : action);
		buf_putc(&list, ',');
	}
	acts = arena_strdup(a, list.data);
	buf_release(&list);
	args[k++] = db_text(actor);
	args[k++] = db_text(actor);
	args[k++] = db_text(acts);
	args[k++] = db_text(acts);
	args[k++] = db_text(otype);
	args[k++] = db_text(otype);
	args[k++] = db_text(oid);
	args[k++] = db_text(oid);
	args[k++] = db_text(from);
	args[k++] = db_text(from);
	args[k++] = db_text(to);
	args[k++] = db_text(to);
	args[k++] = db_int(f->limit > 0 ? f->limit : 100);
	args[k++] = db_int(f->offset);
#define AUDIT_WHERE \
	" FROM audit WHERE (? = '' OR actor = ?) AND (? = '' OR ? LIKE " \
	"'%,' || replace(action, '_', '\\_') || ',%' ESCAPE '\\') " \
	"AND (? = '' OR object_type = ?) AND (? = '' OR object_id = ?) " \
	"AND (? = '' OR at >= ?) AND (? = '' OR at < ?)"
	rc = db_query(c, "SELECT count(*)" AUDIT_WHERE, args, (int)k - 2, &r);
	if (rc)
		return rc;
	if (db_next(&r) == 1)
		*total = db_ll(&r, 0);
	db_done(&r);
	rc = db_collect(c,
			"SELECT " AUDIT_COLS AUDIT_WHERE
			" ORDER BY seq DESC LIMIT ? OFFSET ?",
			args, (int)k, a, sizeof(**items), read_audit, (void **)items, n);
#undef AUDIT_WHERE
	return rc;
}

enum store_err store_audit_scan(struct store_conn *c,
				int (*fn)(const struct audit_record *r, void *arg),
				void *arg)
{
	long long after = 0;

	/* In pages of 1000, each read with its own arena: memory stays flat. */
	for (;;) {
		struct db_arg args[1] = {db_int(after)};
		struct arena a;
		struct db_res r;
		int rc, got = 0, stop = 0, count = 0;

		rc = db_query(c,
			      "SELECT " AUDIT_COLS " FROM audit WHERE seq > ? "
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

/* ---- the tree, the key, the checkpoints ---- */

enum store_err store_audit_tree(struct store_conn *c, struct arena *a, long long *size,
				const char **tree)
{
	struct db_res r;
	int rc = db_query(c, "SELECT tree_size, tree FROM audit_head WHERE id = 1", NULL,
			  0, &r),
	    got;

	if (rc)
		return rc;
	got = db_next(&r);
	if (got == 1) {
		*size = db_ll(&r, 0);
		*tree = db_str(&r, a, 1);
	}
	db_done(&r);
	if (got == 1 && !*tree)
		return db_fail(c, "out of memory");
	return got == 1 ? STORE_OK : db_fail(c, "audit head row is missing");
}

enum store_err store_audit_tree_set(struct store_conn *c, long long size, const char *tree)
{
	struct db_arg args[2] = {db_int(size), db_text(tree)};

	return db_exec(c, "UPDATE audit_head SET tree_size = ?, tree = ? WHERE id = 1",
		       args, 2, NULL);
}

static bool read_key(struct db_res *r, struct arena *a, void *out)
{
	struct audit_key *k = out;

	k->kid = db_str(r, a, 0);
	k->public_key = db_str(r, a, 1);
	k->sealed = db_str(r, a, 2);
	k->created_at = db_str(r, a, 3);
	return true;
}

enum store_err store_audit_key_insert(struct store_conn *c, const struct audit_key *k)
{
	struct db_arg args[4] = {db_text(k->kid), db_text(k->public_key),
				 db_text(k->sealed), db_text(k->created_at)};

	return db_exec(c,
		       "INSERT INTO audit_key (kid, public_key, sealed, created_at) "
		       "VALUES (?, ?, ?, ?)",
		       args, 4, NULL);
}

enum store_err store_audit_keys(struct store_conn *c, struct arena *a,
				struct audit_key **items, size_t *n)
{
	/* the newest first: it is the one that signs */
	return db_collect(c,
			  "SELECT kid, public_key, sealed, created_at FROM audit_key "
			  "ORDER BY created_at DESC, kid",
			  NULL, 0, a, sizeof(**items), read_key, (void **)items, n);
}

static bool read_checkpoint(struct db_res *r, struct arena *a, void *out)
{
	struct audit_checkpoint *cp = out;

	cp->size = db_ll(r, 0);
	cp->root = db_str(r, a, 1);
	cp->at = db_str(r, a, 2);
	cp->kid = db_str(r, a, 3);
	cp->signature = db_str(r, a, 4);
	return true;
}

enum store_err store_audit_checkpoint_insert(struct store_conn *c,
					     const struct audit_checkpoint *cp)
{
	struct db_arg args[5] = {db_int(cp->size), db_text(cp->root), db_text(cp->at),
				 db_text(cp->kid), db_text(cp->signature)};

	return db_exec(c,
		       "INSERT INTO audit_checkpoint (size, root, at, kid, signature) "
		       "VALUES (?, ?, ?, ?, ?)",
		       args, 5, NULL);
}

enum store_err store_audit_checkpoint_latest(struct store_conn *c, struct arena *a,
					     struct audit_checkpoint *cp)
{
	return db_one(c,
		      "SELECT size, root, at, kid, signature FROM audit_checkpoint "
		      "ORDER BY size DESC LIMIT 1",
		      NULL, 0, a, read_checkpoint, cp);
}

enum store_err store_audit_checkpoint_get(struct store_conn *c, struct arena *a,
					  long long size, struct audit_checkpoint *cp)
{
	struct db_arg args[1] = {db_int(size)};

	return db_one(c,
		      "SELECT size, root, at, kid, signature FROM audit_checkpoint "
		      "WHERE size = ?",
		      args, 1, a, read_checkpoint, cp);
}

enum store_err store_audit_lock(struct store_conn *c, long long *seq)
{
	struct db_res r;
	int rc = db_query(c, "UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq",
			  NULL, 0, &r),
	    got;

	if (rc)
		return rc;
	got = db_next(&r);
	if (got == 1)
		*seq = db_ll(&r, 0);
	db_done(&r);
	return got == 1 ? STORE_OK : db_fail(c, "audit head row is missing");
}

enum store_err store_audit_checkpoint_span(struct store_conn *c, long long *count,
					   long long *max_size)
{
	struct db_res r;
	int rc = db_query(c, "SELECT count(*), COALESCE(MAX(size), 0) FROM audit_checkpoint",
			  NULL, 0, &r),
	    got;

	*count = *max_size = 0;
	if (rc)
		return rc;
	got = db_next(&r);
	if (got == 1) {
		*count = db_ll(&r, 0);
		*max_size = db_ll(&r, 1);
	}
	db_done(&r);
	return got < 0 ? STORE_ERROR : STORE_OK;
}

enum store_err store_audit_scan_signed(struct store_conn *c,
				       int (*fn)(const struct audit_record *r,
						 const struct audit_checkpoint *cp,
						 void *arg),
				       void *arg)
{
	long long after = 0;

	/* as store_audit_scan, each record with the checkpoint of its seq */
	for (;;) {
		struct db_arg args[1] = {db_int(after)};
		struct arena a;
		struct db_res r;
		int rc, got = 0, stop = 0, count = 0;

		rc = db_query(c,
			      "SELECT a.seq, a.at, COALESCE(a.actor_id, 0), a.actor, "
			      "a.address, a.request_id, a.action, a.object_type, "
			      "a.object_id, a.before, a.after, a.prev_hash, a.hash, "
			      "k.size, k.root, k.at, k.kid, k.signature "
			      "FROM audit a LEFT JOIN audit_checkpoint k ON k.size = a.seq "
			      "WHERE a.seq > ? ORDER BY a.seq LIMIT 1000",
			      args, 1, &r);
		if (rc)
			return rc;
		arena_init(&a);
		while (!stop && (got = db_next(&r)) == 1) {
			struct audit_record rec;
			struct audit_checkpoint cp;
			bool has = c->eng->col(&r, 13) != NULL;

			read_audit(&r, &a, &rec);
			if (has) {
				cp.size = db_ll(&r, 13);
				cp.root = db_str(&r, &a, 14);
				cp.at = db_str(&r, &a, 15);
				cp.kid = db_str(&r, &a, 16);
				cp.signature = db_str(&r, &a, 17);
			}
			after = rec.seq;
			count++;
			stop = fn(&rec, has ? &cp : NULL, arg);
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
