/*
 * figures.c - the figures of a year the registry already knows (issue 14:
 * a nomination carries them filled in, not typed; issue 16's statistics
 * read them too): for an institution (and, with tree, the institutions
 * under it) its plans, candidates assessed and passed, certificates issued,
 * filed and filed on time, appeals, inspections and overdue findings,
 * competitions hosted and entries awarded; for a person the plans they
 * staffed, the candidates in them, competitions judged, awards and
 * promotions. Each figure is defined in docs/commendations.md "Figures".
 * Read permission: institution.read (docs/security.md).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "core/figures.h"

#define FIGURES_TREE_MAX 4096 /* institutions counted under one */

static enum app_status year_check(int year, struct app_error *err)
{
	if (year < 2000 || year > 2100)
		return app_fail(err, APP_INVALID, "year", "figures.year_invalid");
	return APP_OK;
}

/* ids[0] = id, then every institution under it (breadth first). */
static enum store_err tree_ids(struct app_ctx *ctx, struct store_conn *c, long long id,
			       bool tree, long long **ids, size_t *n)
{
	size_t cap = 16;

	*ids = arena_alloc(ctx->arena, cap * sizeof(**ids));
	(*ids)[0] = id;
	*n = 1;
	for (size_t i = 0; tree && i < *n; i++) {
		struct institution *kids = NULL;
		size_t nk = 0;
		enum store_err rc = store_institution_children(c, ctx->arena, (*ids)[i],
							       &kids, &nk);

		if (rc)
			return rc;
		for (size_t k = 0; k < nk && *n < FIGURES_TREE_MAX; k++) {
			if (*n == cap) {
				long long *grown = arena_alloc(ctx->arena,
							       cap * 2 * sizeof(*grown));

				memcpy(grown, *ids, cap * sizeof(*grown));
				*ids = grown;
				cap *= 2;
			}
			(*ids)[(*n)++] = kids[k].id;
		}
	}
	return STORE_OK;
}

static bool has_id(const long long *ids, size_t n, long long id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* The entries the institutions nominated to the year's final competitions
 * and their awards, from the results (app_comp_results_on). */
static enum app_status entries_of(struct app_ctx *ctx, struct store_conn *c, int year,
				  const long long *ids, size_t nids, struct figures *out,
				  struct app_error *err)
{
	struct competition *comps = NULL;
	size_t ncomps = 0;
	enum store_err rc = store_comp_list(c, ctx->arena, year, "", false, &comps, &ncomps);

	if (rc)
		return app_store_fail(ctx, c, rc, err);
	for (size_t i = 0; i < ncomps; i++) {
		struct comp_results r;
		struct comp_sheet *sheets = NULL;
		enum app_status st;

		if (comps[i].year != year || strcmp(comps[i].status, "final"))
			continue;
		if ((st = app_comp_results_on(ctx, c, comps[i].id, &r, &sheets, err)))
			return st;
		for (size_t k = 0; k < r.nrows; k++) {
			if (!has_id(ids, nids, r.rows[k].institution_id))
				continue;
			out->entries++;
			switch (r.rows[k].award) {
			case COMP_AWARD_GOLD: out->gold++; break;
			case COMP_AWARD_SILVER: out->silver++; break;
			case COMP_AWARD_BRONZE: out->bronze++; break;
			case COMP_AWARD_EXCELLENCE: out->excellence++; break;
			default: continue;
			}
			out->awarded++;
		}
	}
	return APP_OK;
}

static enum app_status institution_on(struct app_ctx *ctx, struct store_conn *c, int year,
				      long long id, bool tree, struct figures *out,
				      struct app_error *err)
{
	struct institution inst;
	long long *ids, *hosted = NULL;
	size_t nids, nhosted = 0, cap = 0;
	char today[11];
	enum store_err rc;

	rc = store_institution_get(c, ctx->arena, id, &inst);
	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (rc || (rc = tree_ids(ctx, c, id, tree, &ids, &nids)))
		return app_store_fail(ctx, c, rc, err);
	out->name = inst.name;
	out->institutions = nids;
	time_today(today, sizeof(today));
	for (size_t i = 0; i < nids; i++) {
		struct figures_store s;
		struct institution one;
		long long *h = NULL;
		size_t nh = 0;

		memset(&s, 0, sizeof(s));
		if ((rc = store_figures_institution(c, ctx->arena, ids[i], year, today, &s)))
			return app_store_fail(ctx, c, rc, err);
		out->plans += s.plans;
		out->assessed += s.assessed;
		out->passed += s.passed;
		out->appeals += s.appeals;
		out->appeals_resolved += s.appeals_resolved;
		out->certificates += s.certificates;
		out->inspections += s.inspections;
		out->insp_pass += s.insp_pass;
		out->insp_rectify += s.insp_rectify;
		out->insp_fail += s.insp_fail;
		out->findings_overdue += s.findings_overdue;
		out->filed += (long long)s.nfiled;
		for (size_t k = 0; k < s.nfiled; k++)
			if (figures_on_time(s.filed[k].issued_on, s.filed[k].submitted_at,
					    FIGURES_ON_TIME_DAYS))
				out->filed_on_time++;
		/* a competition two of the tree host counts once */
		if (i == 0)
			one = inst;
		else if ((rc = store_institution_get(c, ctx->arena, ids[i], &one)))
			return app_store_fail(ctx, c, rc, err);
		if ((rc = store_figures_hosted(c, ctx->arena, ids[i],
					       !strcmp(one.type, "center"), year, &h, &nh)))
			return app_store_fail(ctx, c, rc, err);
		for (size_t k = 0; k < nh; k++) {
			if (has_id(hosted, nhosted, h[k]))
				continue;
			if (nhosted == cap) {
				long long *grown;

				cap = cap ? cap * 2 : 16;
				grown = arena_alloc(ctx->arena, cap * sizeof(*grown));
				if (nhosted)
					memcpy(grown, hosted, nhosted * sizeof(*grown));
				hosted = grown;
			}
			hosted[nhosted++] = h[k];
		}
	}
	out->hosted = (long long)nhosted;
	out->pass_rate = figures_rate(out->passed, out->assessed);
	return entries_of(ctx, c, year, ids, nids, out, err);
}

static enum app_status person_on(struct app_ctx *ctx, struct store_conn *c, int year,
				 long long id, struct figures *out, struct app_error *err)
{
	struct person p;
	struct figures_store s;
	enum store_err rc;

	rc = store_person_get(c, ctx->arena, id, &p);
	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	memset(&s, 0, sizeof(s));
	if (rc || (rc = store_figures_person(c, ctx->arena, id, year, &s)))
		return app_store_fail(ctx, c, rc, err);
	out->name = p.name;
	out->plans = s.plans;
	out->assessed = s.assessed;
	out->judged = s.judged;
	out->awards = s.awards;
	out->promotions = s.promotions;
	out->nroles = s.nroles;
	out->roles = arena_alloc(ctx->arena, (s.nroles + 1) * sizeof(*out->roles));
	for (size_t i = 0; i < s.nroles; i++) {
		out->roles[i].role = s.roles[i].role;
		out->roles[i].plans = s.roles[i].plans;
	}
	return APP_OK;
}

/* The figures on c, no permission checked (the callers check). */
static enum app_status figures_on(struct app_ctx *ctx, struct store_conn *c, int year,
				  long long institution_id, bool tree, long long person_id,
				  struct figures *out, struct app_error *err)
{
	memset(out, 0, sizeof(*out));
	out->year = year;
	out->tree = tree && institution_id;
	out->institution_id = institution_id;
	out->person_id = institution_id ? 0 : person_id;
	out->on_time_days = FIGURES_ON_TIME_DAYS;
	if (institution_id)
		return institution_on(ctx, c, year, institution_id, tree, out, err);
	return person_on(ctx, c, year, person_id, out, err);
}

enum app_status app_figures(struct app_ctx *ctx, int year, long long institution_id,
			    bool tree, long long person_id, struct figures *out,
			    struct app_error *err)
{
	struct store_conn *c;
	enum app_status st;

	memset(out, 0, sizeof(*out));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if ((institution_id > 0) == (person_id > 0))
		return app_fail(err, APP_INVALID,
				institution_id ? "person_id" : "institution_id",
				"figures.subject_invalid");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (institution_id) {
		struct institution inst;
		enum store_err rc = store_institution_get(c, ctx->arena, institution_id,
							  &inst);

		if (rc == STORE_NOT_FOUND) {
			store_release(c);
			return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		}
		if (rc)
			return app_read_done(ctx, c, rc, err);
		st = app_authorize(ctx, c, PERM_INSTITUTION_READ, institution_id, err);
	} else {
		st = app_person_reach(ctx, c, person_id, PERM_INSTITUTION_READ, err);
	}
	/* the year after the permission: an outsider learns 403, not 422 */
	if (st == APP_OK)
		st = year_check(year, err);
	if (st == APP_OK)
		st = figures_on(ctx, c, year, institution_id, tree, person_id, out, err);
	store_release(c);
	return st;
}

const char *app_figures_json(struct app_ctx *ctx, const struct figures *f)
{
	json_t *o;
	char *s;
	const char *out;

	if (f->person_id) {
		json_t *roles = json_object();

		for (size_t i = 0; i < f->nroles; i++)
			json_object_set_new(roles, f->roles[i].role,
					    json_integer(f->roles[i].plans));
		o = json_pack("{s:i, s:I, s:s, s:I, s:I, s:o, s:I, s:I, s:I}", "year",
			      f->year, "person_id", (json_int_t)f->person_id, "name",
			      f->name, "plans_staffed", (json_int_t)f->plans,
			      "candidates", (json_int_t)f->assessed, "roles", roles,
			      "competitions_judged", (json_int_t)f->judged, "awards",
			      (json_int_t)f->awards, "promotions",
			      (json_int_t)f->promotions);
	} else {
		o = json_pack("{s:i, s:I, s:s, s:b, s:I, s:I, s:I, s:I, s:i}", "year",
			      f->year, "institution_id", (json_int_t)f->institution_id,
			      "name", f->name, "tree", f->tree, "institutions",
			      (json_int_t)f->institutions, "plans", (json_int_t)f->plans,
			      "assessed", (json_int_t)f->assessed, "passed",
			      (json_int_t)f->passed, "pass_rate", f->pass_rate);
		json_object_update_new(
			o, json_pack("{s:I, s:I, s:I, s:i, s:I, s:I}", "certificates",
				     (json_int_t)f->certificates, "filed",
				     (json_int_t)f->filed, "filed_on_time",
				     (json_int_t)f->filed_on_time, "on_time_days",
				     f->on_time_days, "appeals", (json_int_t)f->appeals,
				     "appeals_resolved", (json_int_t)f->appeals_resolved));
		json_object_update_new(
			o, json_pack("{s:I, s:{s:I, s:I, s:I}, s:I}", "inspections",
				     (json_int_t)f->inspections, "inspection_outcomes",
				     "pass", (json_int_t)f->insp_pass, "rectify",
				     (json_int_t)f->insp_rectify, "fail",
				     (json_int_t)f->insp_fail, "findings_overdue",
				     (json_int_t)f->findings_overdue));
		json_object_update_new(
			o, json_pack("{s:I, s:I, s:I, s:{s:I, s:I, s:I, s:I}}",
				     "competitions_hosted", (json_int_t)f->hosted,
				     "entries", (json_int_t)f->entries, "entries_awarded",
				     (json_int_t)f->awarded, "awards", "gold",
				     (json_int_t)f->gold, "silver", (json_int_t)f->silver,
				     "bronze", (json_int_t)f->bronze, "excellence",
				     (json_int_t)f->excellence));
	}
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	out = arena_strdup(ctx->arena, s ? s : "{}");
	free(s);
	return out;
}

enum app_status comm_figures_json(struct app_ctx *ctx, struct store_conn *c, int year,
				  long long institution_id, long long person_id,
				  const char **json, struct app_error *err)
{
	struct figures f;
	enum app_status st;

	*json = NULL;
	if ((st = year_check(year, err)))
		return st;
	if ((institution_id > 0) == (person_id > 0))
		return app_fail(err, APP_INVALID, "institution_id",
				"figures.subject_invalid");
	if ((st = figures_on(ctx, c, year, institution_id, false, person_id, &f, err)))
		return st;
	*json = app_figures_json(ctx, &f);
	return APP_OK;
}
