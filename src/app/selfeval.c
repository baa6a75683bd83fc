/*
 * selfeval.c - enterprise self-evaluation (企业自主评价, issue 15): the
 * institution's HR filing (Y), a plan's candidate pool (enforced on every
 * enrolment through app_plan_enrol_tx, and on the online-application
 * offer's audience), and the enterprise dashboard
 * (docs/self-evaluation.md).
 */
#include <string.h>

#include "app/internal.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/authz.h"

enum { MAX_PARTNERS = 200, DASH_DAYS = 60, WINDOW_MONTHS = 12 };

/* The pool, partners, filing and credit code of p's institution. */
static enum store_err pool_of(struct app_ctx *ctx, struct store_conn *c,
			      const struct plan *p, struct selfeval_pool_view *v)
{
	struct institution in;
	enum store_err rc;

	v->plan = *p;
	rc = store_selfeval_pool_get(c, ctx->arena, p->id, &v->pool, &v->partners, &v->n);
	if (!rc)
		rc = store_selfeval_hr_get(c, ctx->arena, p->institution_id, &v->hr);
	if (!rc)
		rc = store_institution_get(c, ctx->arena, p->institution_id, &in);
	if (rc)
		return rc;
	v->credit_code = in.credit_code ? in.credit_code : "";
	v->effective = selfeval_effective_pool(v->pool, &v->hr);
	return STORE_OK;
}

enum store_err app_selfeval_pool_tx(struct app_ctx *ctx, struct store_conn *c,
				    const struct plan *p, const char **pool)
{
	struct selfeval_pool_view v;
	enum store_err rc;

	memset(&v, 0, sizeof(v));
	*pool = "public";
	if ((rc = pool_of(ctx, c, p, &v)))
		return rc;
	*pool = v.effective;
	return STORE_OK;
}

enum app_status app_selfeval_admit_tx(struct app_ctx *ctx, struct store_conn *c,
				      const struct plan *p, const struct person *who,
				      const char **pool, struct app_error *err)
{
	struct selfeval_pool_view v;
	const char *key;
	enum store_err rc;

	memset(&v, 0, sizeof(v));
	if ((rc = pool_of(ctx, c, p, &v)))
		return app_store_fail(ctx, c, rc, err);
	*pool = v.effective;
	key = selfeval_admits(v.effective, v.credit_code, v.partners, v.n,
			      who->employer_credit_code);
	return key ? app_fail(err, APP_INVALID, "employer_credit_code", key) : APP_OK;
}

enum app_status app_selfeval_offer_tx(struct app_ctx *ctx, struct store_conn *c,
				      const struct plan *p, const char *audience,
				      const char *const *codes, size_t ncodes,
				      struct app_error *err)
{
	struct selfeval_pool_view v;
	enum store_err rc;

	memset(&v, 0, sizeof(v));
	if ((rc = pool_of(ctx, c, p, &v)))
		return app_store_fail(ctx, c, rc, err);
	if (!selfeval_offer_within(v.effective, v.credit_code, v.partners, v.n, audience,
				   codes, ncodes))
		return app_fail(err, APP_INVALID, "audience", "selfeval.offer_wider");
	return APP_OK;
}

/* The plan, authorised for plan.manage on its institution. */
static enum app_status plan_of(struct app_ctx *ctx, struct store_conn *c,
			       long long plan_id, struct plan *p, struct app_error *err)
{
	enum store_err rc;

	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	rc = store_plan_get(c, ctx->arena, plan_id, p);
	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	return app_authorize(ctx, c, PERM_PLAN_MANAGE, p->institution_id, err);
}

enum app_status app_selfeval_pool_get(struct app_ctx *ctx, long long plan_id,
				      struct selfeval_pool_view *out, struct app_error *err)
{
	struct store_conn *c;
	struct plan p;

	memset(out, 0, sizeof(*out));
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (plan_of(ctx, c, plan_id, &p, err)) {
		app_read_done(ctx, c, STORE_OK, err);
		return err->status;
	}
	return app_read_done(ctx, c, pool_of(ctx, c, &p, out), err);
}

enum app_status app_selfeval_partners_parse(struct app_ctx *ctx, const char *text,
					    struct plan_partner **out, size_t *n,
					    struct app_error *err)
{
	struct plan_partner *ps = arena_alloc(ctx->arena, MAX_PARTNERS * sizeof(*ps));
	const char *s = text ? text : "";

	*out = ps;
	*n = 0;
	if (!ps)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	while (*s) {
		size_t len = strcspn(s, "\r\n"), k;
		const char *line = s;
		struct rule_error re;

		s += len;
		if (*s)
			s++;
		while (len && (*line == ' ' || *line == '\t'))
			line++, len--;
		if (!len)
			continue;
		for (k = 0;
		     k < len && line[k] != ' ' && line[k] != '\t' && line[k] != ','; k++)
			;
		if (*n == MAX_PARTNERS)
			return app_fail(err, APP_INVALID, "partners",
					"selfeval.partners_many");
		ps[*n].credit_code = arena_strndup(ctx->arena, line, k);
		while (k < len && (line[k] == ' ' || line[k] == '\t' || line[k] == ','))
			k++;
		ps[*n].company_name = arena_strndup(ctx->arena, line + k, len - k);
		if (!ps[*n].credit_code || !ps[*n].company_name)
			return app_fail(err, APP_INTERNAL, NULL, "err.internal");
		if (!inst_check_credit_code(ps[*n].credit_code, &re))
			return app_fail(err, APP_INVALID, "partners", "apply.partner_code");
		(*n)++;
	}
	return APP_OK;
}

static enum app_status check_partners(const char *pool, const struct plan_partner *ps,
				      size_t n, struct app_error *err)
{
	struct rule_error re;

	if (n > MAX_PARTNERS)
		return app_fail(err, APP_INVALID, "partners", "selfeval.partners_many");
	for (size_t i = 0; i < n; i++) {
		if (!ps[i].credit_code || !*ps[i].credit_code ||
		    !inst_check_credit_code(ps[i].credit_code, &re))
			return app_fail(err, APP_INVALID, "partners", "apply.partner_code");
		if (ps[i].company_name &&
		    str_utf8_len(ps[i].company_name, strlen(ps[i].company_name)) > 100)
			return app_fail(err, APP_INVALID, "partners", "val.text.format");
		for (size_t k = 0; k < i; k++)
			if (!strcmp(ps[k].credit_code, ps[i].credit_code))
				return app_fail(err, APP_INVALID, "partners",
						"apply.partner_repeated");
	}
	if (!strcmp(pool, "partners") && !n)
		return app_fail(err, APP_INVALID, "partners", "selfeval.partners_required");
	if (strcmp(pool, "partners") && n)
		return app_fail(err, APP_INVALID, "partners", "selfeval.partners_only");
	return APP_OK;
}

enum app_status app_selfeval_pool_set(struct app_ctx *ctx, long long plan_id,
				      const char *pool, const struct plan_partner *ps,
				      size_t n, struct app_error *err)
{
	struct store_conn *c;
	struct selfeval_pool_view before, after;
	struct apply_offer o;
	const char **codes = NULL;
	size_t ncodes = 0;
	struct plan p;
	enum store_err rc;
	int st;

	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	/* the plan's lock first: the pool and the application offer each
	 * read the other to stay within it, so one waits for the other */
	if (app_plan_lock(ctx, c, plan_id, err) || plan_of(ctx, c, plan_id, &p, err))
		return app_abort(ctx, c, err);
	if (!selfeval_pool_valid(pool)) {
		app_fail(err, APP_INVALID, "candidate_pool", "selfeval.pool_invalid");
		return app_abort(ctx, c, err);
	}
	if (check_partners(pool, ps, n, err))
		return app_abort(ctx, c, err);
	st = plan_status_parse(p.status);
	if (st < 0 || !plan_enrolment_open((enum plan_status)st)) {
		app_fail(err, APP_INVALID, NULL, "plan.refuse.changes");
		return app_abort(ctx, c, err);
	}
	memset(&before, 0, sizeof(before));
	if ((rc = pool_of(ctx, c, &p, &before)))
		return app_finish(ctx, c, rc, err);
	/* a Y institution whose filing stays inside runs its own staff only */
	if (strcmp(pool, "staff") && !strcmp(before.hr.hr_filing, "Y") &&
	    !before.hr.outside) {
		app_fail(err, APP_INVALID, "candidate_pool", "selfeval.pool_y_staff");
		return app_abort(ctx, c, err);
	}
	/* the online-application offer may not reach wider than the pool */
	rc = store_apply_offer_get(c, ctx->arena, plan_id, &o);
	if (rc == STORE_OK)
		rc = store_apply_partners(c, ctx->arena, plan_id, &codes, &ncodes);
	if (rc == STORE_OK &&
	    !selfeval_offer_within(pool, before.credit_code, ps, n, o.audience,
				   (const char *const *)codes, ncodes)) {
		app_fail(err, APP_INVALID, "candidate_pool", "selfeval.pool_narrower");
		return app_abort(ctx, c, err);
	}
	if (rc && rc != STORE_NOT_FOUND)
		return app_finish(ctx, c, rc, err);
	rc = store_selfeval_pool_put(c, plan_id, pool, ps, n);
	memset(&after, 0, sizeof(after));
	if (!rc)
		rc = app_audit(ctx, c, "plan.candidate_pool", "plan",
			       app_idtext(ctx, plan_id),
			       app_json(ctx, "{s:s, s:i}", "candidate_pool", before.pool,
					"partners", (int)before.n),
			       app_json(ctx, "{s:s, s:i}", "candidate_pool", pool,
					"partners", (int)n));
	return app_finish(ctx, c, rc, err);
}

/* ---- the HR filing ---- */

/* The filing's fields, after the permission (an outsider learns nothing). */
static enum app_status hr_check(const struct selfeval_hr *hr, const char *no,
				struct app_error *err)
{
	if (!selfeval_hr_valid(hr->hr_filing))
		return app_fail(err, APP_INVALID, "hr_filing", "selfeval.hr_filing.invalid");
	if (!strcmp(hr->hr_filing, "Y") && !*no)
		return app_fail(err, APP_INVALID, "hr_filing_no",
				"selfeval.hr_filing_needed");
	if (!*hr->hr_filing && (*no || hr->outside))
		return app_fail(err, APP_INVALID, "hr_filing", "selfeval.hr_filing_none");
	if (str_utf8_len(no, strlen(no)) > 100)
		return app_fail(err, APP_INVALID, "hr_filing_no", "val.text.format");
	return APP_OK;
}

enum app_status app_selfeval_hr_set(struct app_ctx *ctx, long long institution_id,
				    const struct selfeval_hr *hr, struct app_error *err)
{
	struct store_conn *c;
	struct selfeval_hr before;
	enum store_err rc;
	const char *no = hr->hr_filing_no ? hr->hr_filing_no : "";

	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_REGISTRY_DECIDE, institution_id, err) ||
	    hr_check(hr, no, err))
		return app_abort(ctx, c, err);
	rc = store_selfeval_hr_get(c, ctx->arena, institution_id, &before);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		return app_abort(ctx, c, err);
	}
	if (!rc)
		rc = store_selfeval_hr_put(c, institution_id, hr);
	if (!rc)
		rc = app_audit(ctx, c, "institution.hr_filing", "institution",
			       app_idtext(ctx, institution_id),
			       app_json(ctx, "{s:s, s:s, s:b}", "hr_filing",
					before.hr_filing, "hr_filing_no",
					before.hr_filing_no, "outside", before.outside),
			       app_json(ctx, "{s:s, s:s, s:b}", "hr_filing", hr->hr_filing,
					"hr_filing_no", no, "outside", hr->outside));
	return app_finish(ctx, c, rc, err);
}

/* ---- the enterprise dashboard ---- */

enum app_status app_selfeval_dashboard(struct app_ctx *ctx, long long institution_id,
				       struct selfeval_dashboard *out, struct app_error *err)
{
	struct store_conn *c;
	struct selfeval_cert *xs = NULL;
	size_t n = 0;
	char since[11];
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_institution_get(c, ctx->arena, institution_id, &out->institution);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		return app_read_done(ctx, c, STORE_OK, err), err->status;
	}
	if (!rc && app_authorize(ctx, c, PERM_PLAN_MANAGE, institution_id, err))
		return app_read_done(ctx, c, STORE_OK, err), err->status;
	if (!rc) { /* the HR filing is the center's to record */
		struct app_error e2;

		out->hr_edit = app_authorize(ctx, c, PERM_REGISTRY_DECIDE, institution_id,
					     &e2) == APP_OK;
	}
	time_today(out->today, sizeof(out->today));
	subsidy_months_before(out->today, WINDOW_MONTHS, since);
	out->days = DASH_DAYS;
	if (!rc)
		rc = store_selfeval_hr_get(c, ctx->arena, institution_id, &out->hr);
	out->credit_code = out->institution.credit_code ? out->institution.credit_code : "";
	/* no credit code: no staff to count */
	if (!rc && *out->credit_code)
		rc = store_selfeval_staff_levels(c, out->credit_code, out->levels);
	if (!rc && *out->credit_code)
		rc = store_selfeval_staff_certs(c, ctx->arena, out->credit_code, since,
						&xs, &n);
	if (!rc)
		rc = store_selfeval_apprentices(c, institution_id, out->appr_stages,
						&out->appr_enrolled, &out->appr_classes);
	if (rc)
		return app_read_done(ctx, c, rc, err);
	for (int i = 0; i <= 5; i++)
		out->staff += out->levels[i];
	out->closing = arena_alloc(ctx->arena, (n ? n : 1) * sizeof(*out->closing));
	if (!out->closing) {
		app_fail(err, APP_INTERNAL, NULL, "err.internal");
		return app_read_done(ctx, c, STORE_OK, err), err->status;
	}
	for (size_t i = 0; i < n; i++) {
		struct selfeval_closing *k = &out->closing[out->nclosing];
		long long left;

		subsidy_window_last(xs[i].issued_on, WINDOW_MONTHS, k->last_day);
		if (!*k->last_day)
			continue;
		left = subsidy_days_between(out->today, k->last_day);
		if (left < 0 || left > DASH_DAYS)
			continue;
		k->cert = xs[i];
		k->days_left = (int)left;
		out->nclosing++;
	}
	return app_read_done(ctx, c, STORE_OK, err);
}
