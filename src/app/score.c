/*
 * score.c - scoring a plan: entries per component and assessor, the
 * practical score from the assessors (mean or median as the standard says,
 * a moderation note when they differ too much), submission that locks a
 * component, corrections approved by a supervisor, the results, their
 * public notice with masked names and appeals, and closing the plan.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/internal.h"
#include "core/post_spec.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/i18n.h"
#include "core/ratelimit.h"

enum app_status app_plan_load(struct app_ctx *ctx, struct store_conn *c,
			      long long plan_id, const char *perm, struct plan *p,
			      struct standard *s, struct app_error *err)
{
	struct post_spec *spec;
	enum store_err rc = store_plan_get(c, ctx->arena, plan_id, p);

	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (app_authorize(ctx, c, perm, p->institution_id, err))
		return err->status;
	if (app_standard_load(ctx, c, p->standard_id, s, err))
		return err->status;
	/* a post-skill specification's components and marks (issue 15) */
	return app_post_spec_of_plan(ctx, c, p, s, &spec, err);
}

enum app_status app_standard_load(struct app_ctx *ctx, struct store_conn *c,
				  long long standard_id, struct standard *s,
				  struct app_error *err)
{
	struct standard_row row;
	char perr[256];
	enum store_err rc = store_standard_get(c, ctx->arena, standard_id, &row);

	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (standard_parse(row.definition, ctx->arena, s, perr, sizeof(perr))) {
		app_fail(err, APP_INTERNAL, NULL, "err.internal");
		err->detail = arena_strdup(ctx->arena, perr);
		return err->status;
	}
	return APP_OK;
}

/* The plan (with perm on its institution), its parsed standard, and the
 * plan's status checked. */
static enum app_status open_plan(struct app_ctx *ctx, struct store_conn *c,
				 long long plan_id, const char *perm, enum plan_status want,
				 struct plan *p, struct standard *s, struct app_error *err)
{
	if (app_plan_load(ctx, c, plan_id, perm, p, s, err))
		return err->status;
	if (plan_status_parse(p->status) != (int)want)
		return app_fail(err, APP_INVALID, NULL,
				arena_printf(ctx->arena, "score.plan_not_%s",
					     plan_status_name(want)));
	return APP_OK;
}

/* The enrolment of the plan, enrolled. */
static enum app_status find_enrolment(struct app_ctx *ctx, struct store_conn *c,
				      long long plan_id, long long enrolment_id,
				      struct app_error *err)
{
	struct enrolment *e;
	size_t n;
	enum store_err rc = store_enrolment_list(c, ctx->arena, plan_id, &e, &n);

	if (rc)
		return app_store_fail(ctx, c, rc, err);
	for (size_t i = 0; i < n; i++)
		if (e[i].id == enrolment_id && !strcmp(e[i].status, "enrolled"))
			return APP_OK;
	return app_fail(err, APP_NOT_FOUND, "enrolment_id", "err.not_found");
}

/* Begins a change of an enrolled candidate's scores in a plan in progress
 * whose institution the actor manages: the connection with *p and *s
 * read, or NULL with err filled and nothing open. With comp not NULL, the
 * component too, which the plan's level must have (*comp its enum). */
static struct store_conn *begin_enrolment(struct app_ctx *ctx, long long plan_id,
					  long long enrolment_id, const char *component,
					  int *comp, struct plan *p, struct standard *s,
					  struct app_error *err)
{
	struct store_conn *c;

	if (!ctx->actor) {
		app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
		return NULL;
	}
	if (!(c = app_begin(ctx, err)))
		return NULL;
	if (open_plan(ctx, c, plan_id, PERM_PLAN_MANAGE, PLAN_IN_PROGRESS, p, s, err) ||
	    find_enrolment(ctx, c, plan_id, enrolment_id, err)) {
		app_abort(ctx, c, err);
		return NULL;
	}
	if (comp &&
	    ((*comp = std_component_parse(component)) < 0 ||
	     !std_level_has(standard_level(s, p->level), (enum std_component) * comp))) {
		app_fail(err, APP_INVALID, "component", "score.component_not_at_level");
		app_abort(ctx, c, err);
		return NULL;
	}
	return c;
}

/* Whether person holds the role in the plan. */
static enum store_err has_role(struct app_ctx *ctx, struct store_conn *c, long long plan_id,
			       long long person_id, const char *role, bool *yes)
{
	struct plan_staff *st;
	size_t n;
	enum store_err rc = store_staff_list(c, ctx->arena, plan_id, &st, &n);

	*yes = false;
	for (size_t i = 0; rc == STORE_OK && i < n; i++)
		if (st[i].person_id == person_id && !strcmp(st[i].role, role))
			*yes = true;
	return rc;
}

enum app_status app_score_enter(struct app_ctx *ctx, long long plan_id,
				long long enrolment_id, const char *component,
				long long assessor_id, const char *score, const char *status,
				const char *reason, struct app_error *err)
{
	struct store_conn *c;
	struct plan p;
	struct standard s;
	struct component_score cs;
	struct component_row locked;
	struct score_row row;
	struct rule_error re;
	char now[32];
	enum store_err rc;
	int comp, st, perr;

	if (!(c = begin_enrolment(ctx, plan_id, enrolment_id, component, &comp, &p, &s, err)))
		return err->status;
	time_now_iso(now, sizeof(now));
	st = score_status_parse(status && *status ? status : "present");
	if (st < 0) {
		app_fail(err, APP_INVALID, "status", "val.score.status");
		return app_abort(ctx, c, err);
	}
	memset(&cs, 0, sizeof(cs));
	cs.component = (enum std_component)comp;
	cs.status = (enum score_status)st;
	cs.reason = reason;
	if (st == SCORE_PRESENT && (perr = score_parse(score, &cs.tenths)) != SCORE_OK) {
		app_fail(err, APP_INVALID, "score", score_err_key(perr));
		return app_abort(ctx, c, err);
	}
	if (!score_check_entry(&cs, &re)) {
		app_fail(err, APP_INVALID, re.field, re.msg);
		return app_abort(ctx, c, err);
	}
	/* the theory exam is the office's (assessor 0); the practical and the
	 * review are the assigned assessors' and panel members' */
	if (comp == STD_THEORY) {
		assessor_id = 0;
	} else {
		bool ok;

		rc = has_role(ctx, c, plan_id, assessor_id,
			      comp == STD_PRACTICAL ? "assessor" : "review_panel", &ok);
		if (rc)
			return app_finish(ctx, c, rc, err);
		if (!ok) {
			app_fail(err, APP_INVALID, "assessor_id", "score.not_assessor");
			return app_abort(ctx, c, err);
		}
	}
	rc = store_component_get(c, ctx->arena, enrolment_id, component, &locked);
	if (rc == STORE_OK) {
		app_fail(err, APP_INVALID, "component", "score.locked");
		return app_abort(ctx, c, err);
	}
	if (rc != STORE_NOT_FOUND)
		return app_finish(ctx, c, rc, err);
	memset(&row, 0, sizeof(row));
	row.enrolment_id = enrolment_id;
	row.component = component;
	row.assessor_id = assessor_id;
	row.tenths = st == SCORE_PRESENT ? cs.tenths : -1;
	row.status = score_status_name((enum score_status)st);
	row.reason = st == SCORE_DISQUALIFIED ? reason : "";
	row.entered_by = app_actor_name(ctx);
	row.entered_at = now;
	rc = store_score_put(c, &row);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "score.enter", "plan", app_idtext(ctx, plan_id), NULL,
			       app_json(ctx, "{s:I, s:s, s:I, s:i, s:s}", "enrolment_id",
					(json_int_t)enrolment_id, "component", component,
					"assessor_id", (json_int_t)assessor_id, "tenths",
					row.tenths, "status", row.status));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_score_sheet(struct app_ctx *ctx, long long plan_id,
				struct score_sheet *out, struct app_error *err)
{
	struct store_conn *c;
	struct plan p;
	struct standard s;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (app_plan_load(ctx, c, plan_id, PERM_PLAN_MANAGE, &p, &s, err)) {
		store_release(c);
		return err->status;
	}
	rc = store_scores_of_plan(c, ctx->arena, plan_id, &out->entries, &out->nentries);
	if (rc == STORE_OK)
		rc = store_components_of_plan(c, ctx->arena, plan_id, &out->locked,
					      &out->nlocked);
	return app_read_done(ctx, c, rc, err);
}

/* Combines a candidate's entries for one component into its locked
 * value: an absence (withdrawal, disqualification) of any entry decides;
 * else the theory score, or the assessors' aggregate with the moderation
 * rule. On refusal fills err (with the numbers in err->detail). */
static enum app_status combine(struct app_ctx *ctx, const struct standard *s, int level,
			       enum std_component comp, const struct score_row *rows,
			       size_t n, const char *note, struct component_row *out,
			       struct app_error *err)
{
	int tenths[64];
	size_t k = 0;

	if (!n)
		return app_fail(err, APP_INVALID, "component", "score.no_scores");
	for (size_t i = 0; i < n; i++)
		if (strcmp(rows[i].status, "present")) {
			out->status = rows[i].status;
			out->reason = rows[i].reason;
			out->tenths = -1;
			return APP_OK;
		}
	out->status = "present";
	if (comp == STD_THEORY) {
		out->tenths = rows[0].tenths;
		return APP_OK;
	}
	for (size_t i = 0; i < n && k < 64; i++)
		tenths[k++] = rows[i].tenths;
	if (comp == STD_PRACTICAL) {
		struct practical_score ps;

		if (score_practical(s, level, tenths, k, note, &ps) != 0) {
			app_fail(err, APP_INVALID, "moderation_note", ps.problem);
			err->detail = arena_printf(ctx->arena, "%d %d", ps.required,
						   ps.actual);
			return err->status;
		}
		out->tenths = ps.tenths;
		return APP_OK;
	}
	/* the review panel: the mean of its members */
	if (score_aggregate(STD_AGG_MEAN, tenths, k, &out->tenths) != 0)
		return app_fail(err, APP_INVALID, "score", "val.score.range");
	return APP_OK;
}

enum app_status app_score_submit(struct app_ctx *ctx, long long plan_id,
				 long long enrolment_id, const char *component,
				 const char *moderation_note, struct app_error *err)
{
	struct store_conn *c;
	struct plan p;
	struct standard s;
	struct score_row *rows;
	struct component_row m;
	size_t n;
	char now[32];
	enum store_err rc;
	int comp;

	if (!(c = begin_enrolment(ctx, plan_id, enrolment_id, component, &comp, &p, &s, err)))
		return err->status;
	time_now_iso(now, sizeof(now));
	rc = store_scores_of(c, ctx->arena, enrolment_id, component, &rows, &n);
	if (rc)
		return app_finish(ctx, c, rc, err);
	memset(&m, 0, sizeof(m));
	m.enrolment_id = enrolment_id;
	m.component = component;
	m.moderation_note = moderation_note ? moderation_note : "";
	m.submitted_by = app_actor_name(ctx);
	m.submitted_at = now;
	if (combine(ctx, &s, p.level, (enum std_component)comp, rows, n, moderation_note,
		    &m, err))
		return app_abort(ctx, c, err);
	rc = store_component_put(c, &m, false);
	if (rc == STORE_CONFLICT) {
		app_fail(err, APP_INVALID, "component", "score.locked");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "score.submit", "plan", app_idtext(ctx, plan_id),
			       NULL,
			       app_json(ctx, "{s:I, s:s, s:i, s:s, s:s}", "enrolment_id",
					(json_int_t)enrolment_id, "component", component,
					"tenths", m.tenths, "status", m.status,
					"moderation_note", m.moderation_note));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_score_correction_request(struct app_ctx *ctx, long long plan_id,
					     long long enrolment_id, const char *component,
					     long long assessor_id, const char *score,
					     const char *status, const char *reason,
					     long long *id, struct app_error *err)
{
	struct store_conn *c;
	struct plan p;
	struct standard s;
	struct component_row locked;
	struct score_correction_row k;
	char now[32];
	enum store_err rc;
	int st, tenths = -1, perr;

	*id = 0;
	if (!(c = begin_enrolment(ctx, plan_id, enrolment_id, NULL, NULL, &p, &s, err)))
		return err->status;
	time_now_iso(now, sizeof(now));
	if (!reason || !*reason || str_utf8_len(reason, strlen(reason)) > 500) {
		app_fail(err, APP_INVALID, "reason", "val.reason.required");
		return app_abort(ctx, c, err);
	}
	rc = store_component_get(c, ctx->arena, enrolment_id, component ? component : "",
				 &locked);
	if (rc == STORE_NOT_FOUND) {
		/* not locked: enter it again instead */
		app_fail(err, APP_INVALID, "component", "score.not_locked");
		return app_abort(ctx, c, err);
	}
	if (rc)
		return app_finish(ctx, c, rc, err);
	st = score_status_parse(status && *status ? status : "present");
	if (st < 0) {
		app_fail(err, APP_INVALID, "status", "val.score.status");
		return app_abort(ctx, c, err);
	}
	if (st == SCORE_PRESENT && (perr = score_parse(score, &tenths)) != SCORE_OK) {
		app_fail(err, APP_INVALID, "score", score_err_key(perr));
		return app_abort(ctx, c, err);
	}
	/* the assessor named must be one of this plan's, as for an entry */
	if (std_component_parse(component) != STD_THEORY) {
		bool ok;

		rc = has_role(ctx, c, plan_id, assessor_id,
			      std_component_parse(component) == STD_PRACTICAL
				      ? "assessor"
				      : "review_panel",
			      &ok);
		if (rc)
			return app_finish(ctx, c, rc, err);
		if (!ok) {
			app_fail(err, APP_INVALID, "assessor_id", "score.not_assessor");
			return app_abort(ctx, c, err);
		}
	}
	memset(&k, 0, sizeof(k));
	k.enrolment_id = enrolment_id;
	k.component = component;
	k.assessor_id = std_component_parse(component) == STD_THEORY ? 0 : assessor_id;
	k.new_tenths = st == SCORE_PRESENT ? tenths : -1;
	k.new_status = score_status_name((enum score_status)st);
	k.reason = reason;
	k.requested_by = app_actor_name(ctx);
	k.requested_at = now;
	rc = store_correction_insert(c, &k, id);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "score.correction_request", "plan",
			       app_idtext(ctx, plan_id), NULL,
			       app_json(ctx, "{s:I, s:I, s:s, s:i, s:s, s:s}",
					"correction_id", (json_int_t)*id, "enrolment_id",
					(json_int_t)enrolment_id, "component", component,
					"new_tenths", k.new_tenths, "new_status",
					k.new_status, "reason", reason));
	if (rc)
		*id = 0;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_score_correction_decide(struct app_ctx *ctx, long long id, bool approve,
					    const char *note, struct app_error *err)
{
	struct store_conn *c;
	struct score_correction_row k;
	struct plan p;
	struct standard s;
	struct score_row row, *rows;
	struct component_row m, old;
	size_t n;
	char now[32];
	enum store_err rc;

	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	time_now_iso(now, sizeof(now));
	rc = store_correction_get(c, ctx->arena, id, &k);
	if (rc)
		return app_finish(ctx, c, rc, err);
	/* the supervisor's: on the plan's institution */
	if (open_plan(ctx, c, k.plan_id, PERM_PLAN_SUPERVISE, PLAN_IN_PROGRESS, &p, &s, err))
		return app_abort(ctx, c, err);
	if (strcmp(k.status, "pending")) {
		app_fail(err, APP_INVALID, NULL, "score.correction_decided");
		return app_abort(ctx, c, err);
	}
	rc = store_correction_decide(c, id, approve ? "approved" : "rejected",
				     app_actor_name(ctx), now, note);
	if (rc == STORE_OK && approve) {
		memset(&row, 0, sizeof(row));
		row.enrolment_id = k.enrolment_id;
		row.component = k.component;
		row.assessor_id = k.assessor_id;
		row.tenths = k.new_tenths;
		row.status = k.new_status;
		row.reason = k.reason;
		row.entered_by = app_actor_name(ctx);
		row.entered_at = now;
		rc = store_score_put(c, &row);
		if (rc == STORE_OK)
			rc = store_component_get(c, ctx->arena, k.enrolment_id,
						 k.component, &old);
		if (rc == STORE_OK)
			rc = store_scores_of(c, ctx->arena, k.enrolment_id, k.component,
					     &rows, &n);
		if (rc == STORE_OK) {
			memset(&m, 0, sizeof(m));
			m.enrolment_id = k.enrolment_id;
			m.component = k.component;
			m.moderation_note = old.moderation_note;
			m.submitted_by = app_actor_name(ctx);
			m.submitted_at = now;
			if (combine(ctx, &s, p.level,
				    (enum std_component)std_component_parse(k.component),
				    rows, n, old.moderation_note, &m, err))
				return app_abort(ctx, c, err);
			rc = store_component_put(c, &m, true);
		}
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "score.correction_decide", "plan",
			       app_idtext(ctx, k.plan_id), NULL,
			       app_json(ctx, "{s:I, s:s, s:s}", "correction_id",
					(json_int_t)id, "decision",
					approve ? "approved" : "rejected", "note",
					note ? note : ""));
	return app_finish(ctx, c, rc, err);
}

/* finish scoring: every enrolled candidate has every component of the
 * level locked; the results are decided. Called inside app_plan_act's
 * transaction. */
enum app_status app_plan_decide_results(struct app_ctx *ctx, struct store_conn *c,
					const struct plan *p, struct app_error *err)
{
	struct standard s;
	struct standard_row row;
	struct post_spec *spec;
	struct enrolment *e;
	struct component_row *m;
	size_t ne, nm;
	char now[32], perr[256];
	enum store_err rc;

	time_now_iso(now, sizeof(now));
	rc = store_standard_get(c, ctx->arena, p->standard_id, &row);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (standard_parse(row.definition, ctx->arena, &s, perr, sizeof(perr)))
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	/* a post-skill specification: its components, marks and weights */
	if (app_post_spec_of_plan(ctx, c, p, &s, &spec, err))
		return err->status;
	rc = store_enrolment_list(c, ctx->arena, p->id, &e, &ne);
	if (rc == STORE_OK)
		rc = store_components_of_plan(c, ctx->arena, p->id, &m, &nm);
	for (size_t i = 0; rc == STORE_OK && i < ne; i++) {
		struct component_score cs[STD_COMPONENT_COUNT];
		struct score_outcome out;
		size_t k = 0;

		if (strcmp(e[i].status, "enrolled"))
			continue;
		for (size_t j = 0; j < nm && k < STD_COMPONENT_COUNT; j++) {
			int st;

			if (m[j].enrolment_id != e[i].id)
				continue;
			st = score_status_parse(m[j].status);
			cs[k].component =
				(enum std_component)std_component_parse(m[j].component);
			cs[k].status = st < 0 ? SCORE_ABSENT : (enum score_status)st;
			cs[k].tenths = m[j].tenths < 0 ? 0 : m[j].tenths;
			cs[k].reason = m[j].reason;
			k++;
		}
		if (score_result(&s, p->level, cs, k, &out) != 0)
			return app_fail(err, APP_INVALID, NULL, out.key);
		if (out.result == RESULT_INCOMPLETE) {
			app_fail(err, APP_INVALID, NULL, "score.result.incomplete");
			err->detail = e[i].person_name;
			return err->status;
		}
		/* every component passed: the weighted total decides */
		if (spec && out.result == RESULT_PASS &&
		    post_spec_total(post_spec_level(spec, p->level), cs, k) <
			    post_spec_level(spec, p->level)->total_pass_mark) {
			out.result = RESULT_FAIL;
			out.key = "score.result.below_total";
		}
		rc = store_result_put(c, e[i].id, score_result_name(out.result), out.key,
				      now);
	}
	return rc ? app_store_fail(ctx, c, rc, err) : APP_OK;
}

enum app_status app_results(struct app_ctx *ctx, long long plan_id, struct plan *plan,
			    struct result_row **items, size_t *n, struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;
	int st;

	*items = NULL;
	*n = 0;
	if (!(c = app_read_conn(ctx, err)))
		return err->status;
	rc = store_plan_get(c, ctx->arena, plan_id, plan);
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		store_release(c);
		return err->status;
	}
	st = plan_status_parse(plan->status);
	/* public once published; before that, the plan's own staff only */
	if (st != PLAN_UNDER_NOTICE && st != PLAN_CLOSED &&
	    app_authorize(ctx, c, PERM_PLAN_MANAGE, plan->institution_id, err)) {
		store_release(c);
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	}
	rc = store_results_of_plan(c, ctx->arena, plan_id, items, n);
	if (rc)
		app_store_fail(ctx, c, rc, err);
	store_release(c);
	for (size_t i = 0; !rc && i < *n; i++) {
		char masked[256];

		name_mask((*items)[i].person_name, masked, sizeof(masked));
		(*items)[i].person_name = arena_strdup(ctx->arena, masked);
		/* the notice is public: the ID as every public answer shows it */
		(*items)[i].person_masked_id =
			app_public_id_mask(ctx, (*items)[i].person_masked_id);
	}
	return rc ? err->status : APP_OK;
}

static const struct rate_policy rate_appeal = {
	.window_s = 3600,
	.free = 4,
	.base_wait_s = 60,
	.max_wait_s = 3600,
	.lock_after = 20,
	.lock_s = 3600,
};

enum app_status app_appeal_begin(struct app_ctx *ctx, const char *name, const char *contact,
				 const char *body, struct store_conn **out,
				 struct appeal_gate *g, struct app_error *err)
{
	struct store_conn *c;
	int64_t wait;
	enum store_err rc;

	*out = NULL;
	if (!name || !*name || str_utf8_len(name, strlen(name)) > 50)
		return app_fail(err, APP_INVALID, "name", "val.objection.name");
	if (!contact || !*contact || str_utf8_len(contact, strlen(contact)) > 100)
		return app_fail(err, APP_INVALID, "contact", "val.objection.contact");
	if (!body || str_utf8_len(body, strlen(body)) < 5 ||
	    str_utf8_len(body, strlen(body)) > 2000)
		return app_fail(err, APP_INVALID, "body", "val.objection.body");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	g->t = (int64_t)time(NULL);
	g->key = arena_printf(ctx->arena, "appeal:addr:%s",
			      ctx->address ? ctx->address : "-");
	if ((rc = store_rate_get(c, g->key, &g->rs)))
		return app_finish(ctx, c, rc, err);
	if ((wait = rate_wait(&rate_appeal, &g->rs, g->t)) > 0) {
		app_fail(err, APP_RATE_LIMITED, NULL, "err.too_many");
		err->retry_after = wait;
		return app_abort(ctx, c, err);
	}
	*out = c;
	return APP_OK;
}

enum store_err app_appeal_count(struct store_conn *c, struct appeal_gate *g)
{
	rate_fail(&rate_appeal, &g->rs, g->t);
	return store_rate_put(c, g->key, &g->rs);
}

enum app_status app_appeal_open(struct app_ctx *ctx, struct store_conn *c, bool under_notice,
				const char *notice_end, struct app_error *err)
{
	char today[11];

	time_today(today, sizeof(today));
	if (under_notice && notice_end && strcmp(today, notice_end) <= 0)
		return APP_OK;
	app_fail(err, APP_INVALID, NULL, "appeal.closed");
	return app_abort(ctx, c, err);
}

enum app_status app_appeal_end(struct app_ctx *ctx, struct store_conn *c,
			       const char *action, const char *object_type,
			       long long object_id, struct appeal_gate *g, enum store_err rc,
			       long long *appeal_id, struct app_error *err)
{
	if (rc == STORE_OK)
		rc = app_appeal_count(c, g);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, action, object_type, app_idtext(ctx, object_id), NULL,
			       app_json(ctx, "{s:I}", "appeal_id", (json_int_t)*appeal_id));
	if (rc)
		*appeal_id = 0;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_appeal_resolving(struct app_ctx *ctx, struct store_conn *c,
				     const char *perm, long long institution_id,
				     const char *resolution, struct app_error *err)
{
	if (app_authorize(ctx, c, perm, institution_id, err))
		return app_abort(ctx, c, err);
	if (!resolution || !*resolution) {
		app_fail(err, APP_INVALID, "resolution", "val.reason.required");
		return app_abort(ctx, c, err);
	}
	return APP_OK;
}

enum app_status app_appeal_resolved(struct app_ctx *ctx, struct store_conn *c,
				    const char *action, const char *object_type,
				    long long object_id, enum store_err rc,
				    long long appeal_id, const char *resolution,
				    struct app_error *err)
{
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, action, object_type, app_idtext(ctx, object_id), NULL,
			       app_json(ctx, "{s:I, s:s}", "appeal_id",
					(json_int_t)appeal_id, "resolution", resolution));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_appeal_file(struct app_ctx *ctx, long long plan_id, const char *name,
				const char *contact, const char *body, long long *id,
				struct app_error *err)
{
	struct store_conn *c;
	struct plan p;
	struct appeal_row x;
	struct appeal_gate g;
	char now[32];
	enum store_err rc;

	*id = 0;
	if (app_appeal_begin(ctx, name, contact, body, &c, &g, err))
		return err->status;
	time_now_iso(now, sizeof(now));
	rc = store_plan_get(c, ctx->arena, plan_id, &p);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (app_appeal_open(ctx, c, plan_status_parse(p.status) == PLAN_UNDER_NOTICE,
			    p.notice_end, err))
		return err->status;
	memset(&x, 0, sizeof(x));
	x.plan_id = plan_id;
	x.name = name;
	x.contact = contact;
	x.body = body;
	x.filed_at = now;
	rc = store_appeal_insert(c, &x, ctx->address, id);
	return app_appeal_end(ctx, c, "appeal.file", "plan", plan_id, &g, rc, id, err);
}

enum app_status app_appeal_resolve(struct app_ctx *ctx, long long plan_id, long long id,
				   const char *resolution, struct app_error *err)
{
	struct store_conn *c;
	struct plan p;
	char now[32];
	enum store_err rc;

	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	time_now_iso(now, sizeof(now));
	if ((rc = store_plan_get(c, ctx->arena, plan_id, &p)))
		return app_finish(ctx, c, rc, err);
	if (app_appeal_resolving(ctx, c, PERM_PLAN_MANAGE, p.institution_id, resolution, err))
		return err->status;
	rc = store_appeal_resolve(c, plan_id, id, resolution, now);
	return app_appeal_resolved(ctx, c, "appeal.resolve", "plan", plan_id, rc, id,
				   resolution, err);
}
