/*
 * institution.c - the institution use cases: create, show, list, rename.
 *
 * Reading is public (the directory). Every mutation checks the actor's
 * grant on the institution's place in the tree, runs in one transaction
 * and writes its audit record in it.
 */
#include <jansson.h>
#include <string.h>

#include "app/internal.h"
#include "base/str.h"
#include "base/timeutil.h"

#define LIST_MAX 500

int app_institution_create(struct app_ctx *ctx,
			   const struct institution_input *in, long long *id,
			   struct app_error *err)
{
	struct rule_error re;
	struct institution row;
	struct institution parent;
	struct store_conn *c;
	char now[32];
	int rc;

	*id = 0;
	if (!inst_check_name(in->name, &re) || !inst_check_type(in->type, &re) ||
	    !inst_check_province(in->province, &re) ||
	    !inst_check_credit_code(in->credit_code, &re))
		return app_fail(err, APP_INVALID, re.field, re.msg);
	if (in->parent_id < 0)
		return app_fail(err, APP_INVALID, "parent_id", "val.parent.not_found");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	time_now_iso(now, sizeof(now));
	memset(&row, 0, sizeof(row));
	row.name = in->name;
	row.type = in->type;
	row.province = in->province;
	row.credit_code = in->credit_code ? in->credit_code : "";
	row.parent_id = in->parent_id;
	row.created_at = row.updated_at = now;
	rc = store_begin(c);
	if (rc == STORE_OK && in->parent_id) {
		rc = store_institution_get(c, ctx->arena, in->parent_id, &parent);
		if (rc == STORE_NOT_FOUND) {
			store_rollback(c);
			store_release(c);
			return app_fail(err, APP_INVALID, "parent_id",
					"val.parent.not_found");
		}
	}
	if (rc == STORE_OK &&
	    app_authorize(ctx, c, PERM_INSTITUTION_CREATE, in->parent_id, err)) {
		store_rollback(c);
		store_release(c);
		return err->status;
	}
	if (rc == STORE_OK)
		rc = store_institution_insert(c, &row, id);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "institution.create", "institution",
			       arena_printf(ctx->arena, "%lld", *id), NULL,
			       app_json(ctx, "{s:s, s:s, s:s, s:s, s:I}", "name",
					row.name, "type", row.type, "province",
					row.province, "credit_code", row.credit_code,
					"parent_id", (json_int_t)row.parent_id));
	if (rc == STORE_OK)
		rc = store_commit(c);
	if (rc == STORE_CONFLICT) {
		store_rollback(c);
		store_release(c);
		return app_fail(err, APP_CONFLICT, "name", "val.name.taken");
	}
	if (rc) {
		store_rollback(c);
		app_store_fail(ctx, c, rc, err);
		*id = 0;
	}
	store_release(c);
	return rc ? err->status : APP_OK;
}

int app_institution_get(struct app_ctx *ctx, long long id,
			struct institution *out, struct app_error *err)
{
	struct store_conn *c;
	int rc;

	if (id <= 0)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_institution_get(c, ctx->arena, id, out);
	if (rc)
		app_store_fail(ctx, c, rc, err);
	store_release(c);
	return rc ? err->status : APP_OK;
}

int app_institution_names(struct app_ctx *ctx, long long id,
			  struct institution_name **items, size_t *n,
			  struct app_error *err)
{
	struct store_conn *c;
	int rc;

	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_institution_names(c, ctx->arena, id, items, n);
	if (rc)
		app_store_fail(ctx, c, rc, err);
	store_release(c);
	return rc ? err->status : APP_OK;
}

int app_institution_list(struct app_ctx *ctx, const struct institution_filter *f,
			 struct institution **items, size_t *n, long long *total,
			 struct app_error *err)
{
	struct institution_filter g = *f;
	struct store_conn *c;
	int rc;

	if (g.type && *g.type && inst_type_parse(g.type) < 0)
		return app_fail(err, APP_INVALID, "type", "val.type.invalid");
	if (g.province && *g.province && !province_valid(g.province))
		return app_fail(err, APP_INVALID, "province", "val.province.invalid");
	if (g.q && (!str_utf8_valid(g.q, strlen(g.q)) ||
		    str_utf8_len(g.q, strlen(g.q)) > INST_NAME_MAX)) {
		/* no name is that long, or not text at all: nothing can match */
		*items = NULL;
		*n = 0;
		*total = 0;
		return APP_OK;
	}
	if (g.limit <= 0 || g.limit > LIST_MAX)
		g.limit = g.limit <= 0 ? 50 : LIST_MAX;
	if (g.offset < 0)
		g.offset = 0;
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_institution_list(c, ctx->arena, &g, items, n, total);
	if (rc)
		app_store_fail(ctx, c, rc, err);
	store_release(c);
	return rc ? err->status : APP_OK;
}

int app_institution_rename(struct app_ctx *ctx, long long id,
			   const char *new_name, const char *reason,
			   struct app_error *err)
{
	struct rule_error re;
	struct institution cur;
	struct store_conn *c;
	char now[32];
	int rc;

	if (!inst_check_name(new_name, &re) || !inst_check_reason(reason, &re))
		return app_fail(err, APP_INVALID, re.field, re.msg);
	if (!(c = app_conn(ctx, err)))
		return err->status;
	time_now_iso(now, sizeof(now));
	rc = store_begin(c);
	if (rc == STORE_OK)
		rc = store_institution_get(c, ctx->arena, id, &cur);
	if (rc == STORE_OK &&
	    app_authorize(ctx, c, PERM_INSTITUTION_RENAME, id, err)) {
		store_rollback(c);
		store_release(c);
		return err->status;
	}
	if (rc == STORE_OK && strcmp(cur.name, new_name) == 0) {
		store_rollback(c);
		store_release(c);
		return app_fail(err, APP_INVALID, "name", "val.name.same");
	}
	if (rc == STORE_OK)
		rc = store_institution_rename(c, id, new_name, reason, now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "institution.rename", "institution",
			       arena_printf(ctx->arena, "%lld", id),
			       app_json(ctx, "{s:s}", "name", cur.name),
			       app_json(ctx, "{s:s, s:s}", "name", new_name,
					"reason", reason ? reason : ""));
	if (rc == STORE_OK)
		rc = store_commit(c);
	if (rc) {
		store_rollback(c);
		if (rc == STORE_CONFLICT)
			app_fail(err, APP_CONFLICT, "name", "val.name.taken");
		else
			app_store_fail(ctx, c, rc, err);
	}
	store_release(c);
	return rc ? err->status : APP_OK;
}
