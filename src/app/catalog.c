/*
 * catalog.c - the occupation catalogue and the standards: seeded from the
 * files compiled into the binary (the JSON files of standards/), read by
 * anyone; and the eligibility check of a standard against an applicant's
 * facts.
 */
#include <string.h>

#include "app/internal.h"
#include "base/embed.h"
#include "base/timeutil.h"

extern const struct embedded_file standard_files[];
extern const size_t standard_files_count;

enum app_status app_catalog_seed(struct app_ctx *ctx, int *added, struct app_error *err)
{
	struct store_conn *c;
	char now[32], perr[256];
	enum store_err rc = STORE_OK;

	*added = 0;
	if (!ctx->actor || !ctx->actor->system)
		return app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	time_now_iso(now, sizeof(now));
	for (size_t i = 0; rc == STORE_OK && i < standard_files_count; i++) {
		const struct embedded_file *f = &standard_files[i];
		struct standard s;
		struct standard_row row;
		long long occ;
		bool new_one;

		if (standard_parse((const char *)f->data, ctx->arena, &s, perr,
				   sizeof(perr)) != STANDARD_OK) {
			/* the build's own data: a broken file is a bug */
			store_rollback(c);
			store_release(c);
			app_fail(err, APP_INTERNAL, NULL, "err.internal");
			err->detail = arena_printf(ctx->arena, "%s: %s", f->name, perr);
			return err->status;
		}
		rc = store_occupation_ensure(c, s.edition, s.occupation_code,
					     s.occupation_name, &occ);
		for (size_t w = 0; rc == STORE_OK && w < s.nwork_types; w++)
			rc = store_work_type_ensure(c, occ, s.work_types[w]);
		memset(&row, 0, sizeof(row));
		row.occupation_id = occ;
		row.version = s.version;
		row.name = s.name;
		row.citation = s.citation;
		row.effective_from = s.effective_from;
		row.effective_to = s.effective_to;
		row.definition = (const char *)f->data;
		if (rc == STORE_OK)
			rc = store_standard_ensure(c, &row, now, &new_one);
		if (rc == STORE_OK && new_one) {
			(*added)++;
			rc = app_audit(ctx, c, "standard.add", "standard",
				       arena_printf(ctx->arena, "%s/%s",
						    s.occupation_code, s.version),
				       NULL,
				       app_json(ctx, "{s:s, s:s, s:s}", "name", s.name,
						"citation", s.citation ? s.citation : "",
						"effective_from", s.effective_from));
		}
	}
	return app_finish(ctx, c, rc, err);
}

enum app_status app_occupation_list(struct app_ctx *ctx, const char *q,
				    struct occupation **items, size_t *n,
				    struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_occupation_list(c, ctx->arena, q, items, n);
	for (size_t i = 0; rc == STORE_OK && i < *n; i++) {
		const char **wt;
		size_t nw;
		struct buf b;

		rc = store_work_types(c, ctx->arena, (*items)[i].id, &wt, &nw);
		buf_init(&b, 0);
		for (size_t k = 0; rc == STORE_OK && k < nw; k++)
			buf_printf(&b, "%s%s", k ? "、" : "", wt[k]);
		(*items)[i].work_types = arena_strdup(ctx->arena, b.data);
		buf_release(&b);
	}
	return app_read_done(ctx, c, rc, err);
}

enum app_status app_standard_list(struct app_ctx *ctx, long long occupation_id,
				  struct standard_row **items, size_t *n,
				  struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_standard_list(c, ctx->arena, occupation_id, items, n);
	return app_read_done(ctx, c, rc, err);
}

enum app_status app_standard_get(struct app_ctx *ctx, long long id, struct standard_row *row,
				 struct standard *out, struct app_error *err)
{
	struct store_conn *c;
	char perr[256];
	enum store_err rc;

	if (id <= 0)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_standard_get(c, ctx->arena, id, row);
	if (rc)
		app_store_fail(ctx, c, rc, err);
	store_release(c);
	if (rc)
		return err->status;
	if (standard_parse(row->definition, ctx->arena, out, perr, sizeof(perr)) !=
	    STANDARD_OK) {
		app_fail(err, APP_INTERNAL, NULL, "err.internal");
		err->detail = arena_strdup(ctx->arena, perr);
		return err->status;
	}
	return APP_OK;
}

enum app_status app_eligibility(struct app_ctx *ctx, long long standard_id, int level,
				const struct applicant *a, struct eligibility_result *out,
				struct app_error *err)
{
	struct standard_row row;
	struct standard *s = arena_alloc(ctx->arena, sizeof(*s));
	char today[11];

	if (app_standard_get(ctx, standard_id, &row, s, err))
		return err->status;
	time_today(today, sizeof(today));
	if (eligibility_check(s, level, a, today, out) != 0)
		return app_fail(err, APP_INVALID, out->error.field, out->error.msg);
	return APP_OK;
}
