/*
 * selfeval_spec.c - post-skill specifications (岗位技能规范, issue 15): an
 * institution adopts one (uploaded, or one of post_specs/ embedded in the
 * binary), a draft plan of the institution names one, and the plan is then
 * scored by it: its components and marks replace the standard level's
 * (app_plan_load), and a candidate who passes every component must also
 * reach the weighted total (app_plan_decide_results)
 * (docs/self-evaluation.md).
 */
#include <jansson.h>
#include <string.h>

#include "app/internal.h"
#include "base/embed.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "core/post_spec.h"
#include "services/secret.h"

extern const struct embedded_file post_spec_files[];
extern const size_t post_spec_files_count;

enum app_status app_post_spec_add(struct app_ctx *ctx, long long institution_id,
				  const char *body, const char *builtin, long long *id,
				  struct app_error *err)
{
	struct store_conn *c;
	struct post_spec spec;
	struct post_spec_row r;
	char perr[256], sha[SECRET_DIGEST_HEX], now[32];
	enum store_err rc;

	*id = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_PLAN_MANAGE, institution_id, err))
		return app_abort(ctx, c, err);
	if (builtin && *builtin) {
		const struct embedded_file *f = embed_find(post_spec_files,
							   post_spec_files_count, builtin,
							   ".json");

		if (!f) {
			app_fail(err, APP_INVALID, "builtin", "selfeval.spec_builtin");
			return app_abort(ctx, c, err);
		}
		body = (const char *)f->data;
	}
	if (!body || !*body) {
		app_fail(err, APP_INVALID, "body", "selfeval.spec_required");
		return app_abort(ctx, c, err);
	}
	if (post_spec_parse(body, ctx->arena, &spec, perr, sizeof(perr))) {
		app_fail(err, APP_INVALID, "body", "selfeval.spec_invalid");
		err->detail = arena_strdup(ctx->arena, perr);
		return app_abort(ctx, c, err);
	}
	secret_sha256_hex(body, strlen(body), sha);
	time_now_iso(now, sizeof(now));
	memset(&r, 0, sizeof(r));
	r.institution_id = institution_id;
	r.code = spec.code;
	r.version = spec.version;
	r.name = spec.name;
	r.occupation_code = spec.occupation_code;
	r.standard_version = spec.standard_version;
	r.body = body;
	r.sha256 = sha;
	r.created_by = app_actor_name(ctx);
	r.created_at = now;
	rc = store_post_spec_insert(c, &r, id);
	if (rc == STORE_CONFLICT) {
		app_fail(err, APP_CONFLICT, "body", "selfeval.spec_exists");
		return app_abort(ctx, c, err);
	}
	if (!rc)
		rc = app_audit(ctx, c, "post_spec.add", "institution",
			       arena_printf(ctx->arena, "%lld", institution_id), NULL,
			       app_json(ctx, "{s:I, s:s, s:s, s:s}", "post_spec_id",
					(json_int_t)*id, "code", spec.code, "version",
					spec.version, "sha256", sha));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_post_spec_list(struct app_ctx *ctx, long long institution_id,
				   struct post_spec_row **items, size_t *n,
				   struct app_error *err)
{
	struct store_conn *c;

	*items = NULL;
	*n = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_PLAN_MANAGE, institution_id, err))
		return app_read_done(ctx, c, STORE_OK, err), err->status;
	return app_read_done(ctx, c,
			     store_post_spec_list(c, ctx->arena, institution_id, items, n),
			     err);
}

/* The specification row (with its body) parsed into *spec. */
static enum app_status load_spec(struct app_ctx *ctx, struct store_conn *c, long long id,
				 struct post_spec_row *row, struct post_spec *spec,
				 struct app_error *err)
{
	char perr[256];
	enum store_err rc = store_post_spec_get(c, ctx->arena, id, row);

	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_INVALID, "post_spec_id", "selfeval.spec_unknown");
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (post_spec_parse(row->body, ctx->arena, spec, perr, sizeof(perr))) {
		app_fail(err, APP_INTERNAL, NULL, "err.internal");
		err->detail = arena_strdup(ctx->arena, perr);
		return err->status;
	}
	return APP_OK;
}

enum app_status app_plan_post_spec_set(struct app_ctx *ctx, long long plan_id,
				       long long post_spec_id, struct app_error *err)
{
	struct store_conn *c;
	struct plan p;
	struct standard s;
	struct post_spec_row row;
	struct post_spec spec;
	long long before = 0;
	enum store_err rc;

	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	/* the plan's lock first: a concurrent submit waits here, so the
	 * draft read below still holds when the spec is written */
	if (app_plan_lock(ctx, c, plan_id, err))
		return app_abort(ctx, c, err);
	rc = store_plan_get(c, ctx->arena, plan_id, &p);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		return app_abort(ctx, c, err);
	}
	if (rc)
		return app_finish(ctx, c, rc, err);
	/* the standard itself, not as a spec named before changed it */
	if (app_authorize(ctx, c, PERM_PLAN_MANAGE, p.institution_id, err) ||
	    app_standard_load(ctx, c, p.standard_id, &s, err))
		return app_abort(ctx, c, err);
	/* the version is fixed once the plan leaves its draft */
	if (plan_status_parse(p.status) != PLAN_DRAFT) {
		app_fail(err, APP_INVALID, "post_spec_id", "selfeval.spec_fixed");
		return app_abort(ctx, c, err);
	}
	if (post_spec_id) {
		const struct post_spec_level *l;
		const struct std_level *sl;

		if (load_spec(ctx, c, post_spec_id, &row, &spec, err))
			return app_abort(ctx, c, err);
		if (row.institution_id != p.institution_id) {
			app_fail(err, APP_INVALID, "post_spec_id", "selfeval.spec_unknown");
			return app_abort(ctx, c, err);
		}
		/* derived from the plan's standard, covering its level, assessing
		 * only what the standard's level assesses */
		if (strcmp(spec.occupation_code, s.occupation_code) ||
		    strcmp(spec.standard_version, s.version)) {
			app_fail(err, APP_INVALID, "post_spec_id", "selfeval.spec_mismatch");
			return app_abort(ctx, c, err);
		}
		l = post_spec_level(&spec, p.level);
		sl = standard_level(&s, p.level);
		if (!l || !sl) {
			app_fail(err, APP_INVALID, "post_spec_id", "selfeval.spec_level");
			return app_abort(ctx, c, err);
		}
		for (size_t i = 0; i < l->ncomp; i++)
			if (!std_level_has(sl, l->comp[i].component)) {
				app_fail(err, APP_INVALID, "post_spec_id",
					 "selfeval.spec_component");
				return app_abort(ctx, c, err);
			}
	}
	rc = store_plan_post_spec(c, plan_id, &before);
	if (!rc)
		rc = store_plan_post_spec_put(c, plan_id, post_spec_id);
	if (!rc)
		rc = app_audit(ctx, c, "plan.post_spec", "plan",
			       arena_printf(ctx->arena, "%lld", plan_id),
			       app_json(ctx, "{s:I}", "post_spec_id", (json_int_t)before),
			       app_json(ctx, "{s:I}", "post_spec_id",
					(json_int_t)post_spec_id));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_post_spec_of_plan(struct app_ctx *ctx, struct store_conn *c,
				      const struct plan *p, struct standard *s,
				      struct post_spec **spec, struct app_error *err)
{
	struct post_spec_row row;
	long long id = 0;
	enum store_err rc;

	*spec = NULL;
	rc = store_plan_post_spec(c, p->id, &id);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (!id)
		return APP_OK;
	*spec = arena_alloc(ctx->arena, sizeof(**spec));
	if (!*spec)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	if (load_spec(ctx, c, id, &row, *spec, err))
		return err->status;
	if (s && post_spec_apply(*spec, p->level, s))
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	return APP_OK;
}

enum app_status app_plan_post_spec_get(struct app_ctx *ctx, long long plan_id,
				       struct post_spec_row *out, bool *has,
				       struct app_error *err)
{
	struct store_conn *c;
	struct plan p;
	long long id = 0;
	enum store_err rc;

	*has = false;
	memset(out, 0, sizeof(*out));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_plan_get(c, ctx->arena, plan_id, &p);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		return app_read_done(ctx, c, STORE_OK, err), err->status;
	}
	if (!rc && app_authorize(ctx, c, PERM_PLAN_MANAGE, p.institution_id, err))
		return app_read_done(ctx, c, STORE_OK, err), err->status;
	if (!rc)
		rc = store_plan_post_spec(c, plan_id, &id);
	if (!rc && id) {
		rc = store_post_spec_get(c, ctx->arena, id, out);
		*has = rc == STORE_OK;
	}
	return app_read_done(ctx, c, rc, err);
}
