/*
 * audit.c - writing, reading and verifying the audit trail.
 *
 * Every mutation calls app_audit() inside its own transaction, so the
 * record and the change commit or vanish together. Records are chained:
 * each hash covers the record's fields and the previous record's hash
 * (core/account.c audit_canonical), so an edited, removed or reordered row
 * breaks the chain at that point, and app_audit_verify() names it.
 */
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "base/timeutil.h"
#include "services/secret.h"

const char *app_json(struct app_ctx *ctx, const char *fmt, ...)
{
	json_error_t jerr;
	json_t *v;
	char *text;
	const char *out;
	va_list ap;

	va_start(ap, fmt);
	v = json_vpack_ex(&jerr, 0, fmt, ap);
	va_end(ap);
	if (!v)
		return "{}";
	text = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(v);
	if (!text)
		return "{}";
	out = arena_strdup(ctx->arena, text);
	free(text);
	return out ? out : "{}";
}

static void audit_hash(const struct audit_record *r, char out[65])
{
	struct buf b;

	buf_init(&b, 0);
	audit_canonical(r, &b);
	secret_digest(b.data, b.len, out);
	buf_release(&b);
}

enum store_err app_audit(struct app_ctx *ctx, struct store_conn *c, const char *action,
	      const char *object_type, const char *object_id, const char *before,
	      const char *after)
{
	struct audit_record r;
	char prev[65], hash[65], now_s[32];
	const struct actor *a = ctx->actor;
	enum store_err rc;

	memset(&r, 0, sizeof(r));
	if ((rc = store_audit_next(c, &r.seq, prev)))
		return rc;
	time_now_iso(now_s, sizeof(now_s));
	r.at = now_s;
	r.actor_id = a && !a->system ? a->user_id : 0;
	r.actor = !a ? "anonymous" : a->system ? "system" : a->username;
	r.address = ctx->address ? ctx->address : "cli";
	r.request_id = ctx->request_id ? ctx->request_id : "";
	r.action = action;
	r.object_type = object_type;
	r.object_id = object_id ? object_id : "";
	r.before = before ? before : "{}";
	r.after = after ? after : "{}";
	r.prev_hash = prev;
	audit_hash(&r, hash);
	r.hash = hash;
	return store_audit_insert(c, &r);
}

enum app_status app_audit_list(struct app_ctx *ctx, const struct audit_filter *f,
		   struct audit_record **items, size_t *n, long long *total,
		   struct app_error *err)
{
	struct audit_filter g = *f;
	struct store_conn *c;
	enum app_status rc;

	*items = NULL;
	*n = 0;
	*total = 0;
	if ((g.from && *g.from && !time_date_valid(g.from)))
		return app_fail(err, APP_INVALID, "from", "val.date.invalid");
	if ((g.to && *g.to && !time_date_valid(g.to)))
		return app_fail(err, APP_INVALID, "to", "val.date.invalid");
	if (g.limit <= 0 || g.limit > 10000)
		g.limit = g.limit <= 0 ? 100 : 10000;
	if (g.offset < 0)
		g.offset = 0;
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = app_authorize(ctx, c, PERM_AUDIT_READ, 0, err);
	if (!rc) {
		enum store_err s = store_audit_list(c, ctx->arena, &g, items, n, total);

		if (s)
			rc = app_store_fail(ctx, c, s, err);
	}
	store_release(c);
	return rc;
}

struct verify_state {
	struct audit_report *rep;
	long long expect_seq;
	char prev[65];
	struct arena *arena;
};

static int verify_one(const struct audit_record *r, void *arg)
{
	struct verify_state *v = arg;
	struct audit_record copy = *r;
	char hash[65];

	v->rep->checked++;
	if (r->seq != v->expect_seq) {
		v->rep->broken_seq = v->expect_seq;
		v->rep->reason = arena_printf(
			v->arena, "record %lld is missing (found %lld next)",
			v->expect_seq, r->seq);
		return 1;
	}
	if (strcmp(r->prev_hash, v->prev) != 0) {
		v->rep->broken_seq = r->seq;
		v->rep->reason = "does not chain to the record before it";
		return 1;
	}
	copy.hash = NULL;
	audit_hash(&copy, hash);
	if (strcmp(hash, r->hash) != 0) {
		v->rep->broken_seq = r->seq;
		v->rep->reason = "its contents do not match its hash";
		return 1;
	}
	memcpy(v->prev, r->hash, sizeof(v->prev));
	v->prev[64] = '\0';
	v->expect_seq++;
	return 0;
}

enum app_status app_audit_verify(struct app_ctx *ctx, struct audit_report *rep,
		     struct app_error *err)
{
	struct verify_state v;
	struct store_conn *c;
	long long head_seq;
	char head_hash[65];
	enum store_err rc;

	memset(rep, 0, sizeof(*rep));
	memset(&v, 0, sizeof(v));
	v.rep = rep;
	v.expect_seq = 1;
	v.arena = ctx->arena;
	memcpy(v.prev, audit_genesis, sizeof(v.prev));
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_AUDIT_READ, 0, err)) {
		store_release(c);
		return err->status;
	}
	/* one consistent view of the chain */
	if (app_tx(ctx, c, err))
		return err->status;
	rc = store_audit_scan(c, verify_one, &v);
	if (rc == 1)
		rc = 0; /* stopped at a broken link */
	if (!rc && !rep->broken_seq) {
		rc = store_audit_head(c, &head_seq, head_hash);
		if (!rc && (head_seq != v.expect_seq - 1 ||
			    strcmp(head_hash, v.prev) != 0)) {
			rep->broken_seq = v.expect_seq;
			rep->reason = arena_printf(
				ctx->arena,
				"the chain ends at record %lld but %lld were written",
				v.expect_seq - 1, head_seq);
		}
	}
	store_rollback(c);
	if (rc)
		app_store_fail(ctx, c, rc, err);
	store_release(c);
	return rc ? err->status : APP_OK;
}
