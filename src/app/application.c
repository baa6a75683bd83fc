/*
 * application.c - online application (网上报名, issue 12): a plan opened for
 * application (who may apply, the window, the fee) and the public list of
 * the plans taking applications today. Opening needs plan.manage on the
 * plan's institution, while the plan still takes enrolments; the list is
 * public and shows only approved plans.
 */
#include <string.h>

#include "app/internal.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/institution.h"

static const char *const audiences[] = {"public", "staff", "partners", NULL};

const char *const *app_apply_audiences(void) { return audiences; }

bool app_apply_audience_valid(const char *s)
{
	for (int i = 0; s && audiences[i]; i++)
		if (!strcmp(s, audiences[i]))
			return true;
	return false;
}

/* The credit codes of text (separated by commas, spaces or new lines),
 * each checked, no repeats; at most 100. */
static enum app_status split_partners(struct app_ctx *ctx, const char *text,
				      const char ***out, size_t *n, struct app_error *err)
{
	enum { MAX_PARTNERS = 100 };
	const char **codes = arena_alloc(ctx->arena, MAX_PARTNERS * sizeof(*codes));
	const char *s = text ? text : "";

	*n = 0;
	if (!codes)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	while (*s) {
		size_t len = strcspn(s, ", \t\r\n");
		struct rule_error re;
		const char *code;

		if (!len) {
			s++;
			continue;
		}
		code = arena_strndup(ctx->arena, s, len);
		s += len;
		if (!code || len != 18 || !inst_check_credit_code(code, &re))
			return app_fail(err, APP_INVALID, "partners", "apply.partner_code");
		for (size_t i = 0; i < *n; i++)
			if (!strcmp(codes[i], code))
				return app_fail(err, APP_INVALID, "partners",
						"apply.partner_repeated");
		if (*n == MAX_PARTNERS)
			return app_fail(err, APP_INVALID, "partners", "apply.partners_many");
		codes[(*n)++] = code;
	}
	*out = codes;
	return APP_OK;
}

static enum app_status check_offer(struct app_ctx *ctx, const struct plan *p,
				   const struct apply_offer_input *in,
				   const char ***codes, size_t *n, struct app_error *err)
{
	if (!app_apply_audience_valid(in->audience))
		return app_fail(err, APP_INVALID, "audience", "apply.audience");
	if (!in->opens_on || !time_date_valid(in->opens_on))
		return app_fail(err, APP_INVALID, "opens_on", "val.date.invalid");
	if (!in->closes_on || !time_date_valid(in->closes_on))
		return app_fail(err, APP_INVALID, "closes_on", "val.date.invalid");
	if (strcmp(in->closes_on, in->opens_on) < 0)
		return app_fail(err, APP_INVALID, "closes_on", "apply.closes_before_opens");
	/* applications close before the first exam day */
	if (p->theory_on && *p->theory_on && strcmp(in->closes_on, p->theory_on) >= 0)
		return app_fail(err, APP_INVALID, "closes_on", "apply.closes_after_exam");
	if (in->fee && str_utf8_len(in->fee, strlen(in->fee)) > 100)
		return app_fail(err, APP_INVALID, "fee", "val.text.format");
	if (split_partners(ctx, in->partners, codes, n, err))
		return err->status;
	if (!strcmp(in->audience, "partners") && !*n)
		return app_fail(err, APP_INVALID, "partners", "apply.partners_required");
	if (strcmp(in->audience, "partners") && *n)
		return app_fail(err, APP_INVALID, "partners", "apply.partners_only");
	return APP_OK;
}

enum app_status app_apply_offer_set(struct app_ctx *ctx, long long plan_id,
				    const struct apply_offer_input *in,
				    struct app_error *err)
{
	struct store_conn *c;
	struct plan p;
	struct apply_offer o, before;
	const char **codes = NULL;
	size_t n = 0;
	char now[32];
	enum store_err rc;
	int st;
	bool had;

	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	rc = store_plan_get(c, ctx->arena, plan_id, &p);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		return app_abort(ctx, c, err);
	}
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (app_authorize(ctx, c, PERM_PLAN_MANAGE, p.institution_id, err))
		return app_abort(ctx, c, err);
	st = plan_status_parse(p.status);
	if (st < 0 || !plan_enrolment_open((enum plan_status)st)) {
		app_fail(err, APP_INVALID, NULL, "plan.refuse.changes");
		return app_abort(ctx, c, err);
	}
	if (check_offer(ctx, &p, in, &codes, &n, err))
		return app_abort(ctx, c, err);
	rc = store_apply_offer_get(c, ctx->arena, plan_id, &before);
	had = rc == STORE_OK;
	if (rc && rc != STORE_NOT_FOUND)
		return app_finish(ctx, c, rc, err);
	time_now_iso(now, sizeof(now));
	memset(&o, 0, sizeof(o));
	o.plan_id = plan_id;
	o.audience = in->audience;
	o.opens_on = in->opens_on;
	o.closes_on = in->closes_on;
	o.fee = in->fee ? in->fee : "";
	o.updated_at = now;
	rc = store_apply_offer_put(c, &o, codes, n);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "plan.apply_offer", "plan",
			       arena_printf(ctx->arena, "%lld", plan_id),
			       had ? app_json(ctx, "{s:s, s:s, s:s, s:s}", "audience",
					      before.audience, "opens_on",
					      before.opens_on, "closes_on",
					      before.closes_on, "fee", before.fee)
				   : NULL,
			       app_json(ctx, "{s:s, s:s, s:s, s:s, s:i}", "audience",
					o.audience, "opens_on", o.opens_on, "closes_on",
					o.closes_on, "fee", o.fee, "partners", (int)n));
	return app_finish(ctx, c, rc, err);
}

static bool wanted(const struct apply_filter *f, const struct plan *p,
		   const struct apply_offer *o)
{
	if (!f)
		return true;
	if (f->occupation && *f->occupation &&
	    !app_notice_matches(p->occupation_code, f->occupation) &&
	    !app_notice_matches(p->occupation_name, f->occupation))
		return false;
	if (f->level && p->level != f->level)
		return false;
	if (f->province && *f->province &&
	    strcmp(f->province, o->province ? o->province : ""))
		return false;
	if (f->institution_id && p->institution_id != f->institution_id)
		return false;
	return true;
}

enum app_status app_apply_open_list(struct app_ctx *ctx, const struct apply_filter *f,
				    struct apply_listing **items, size_t *n,
				    struct app_error *err)
{
	struct store_conn *c;
	struct apply_offer *offers = NULL;
	struct apply_listing *out;
	size_t no = 0, kept = 0;
	char today[11];
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!(c = app_conn(ctx, err)))
		return err->status;
	time_today(today, sizeof(today));
	rc = store_apply_offer_open(c, ctx->arena, today, &offers, &no);
	out = no ? arena_alloc(ctx->arena, no * sizeof(*out)) : NULL;
	if (!rc && no && !out)
		rc = STORE_ERROR;
	for (size_t i = 0; !rc && i < no; i++) {
		struct apply_listing *l = &out[kept];

		memset(l, 0, sizeof(*l));
		rc = store_plan_get(c, ctx->arena, offers[i].plan_id, &l->plan);
		if (rc)
			break;
		/* only an approved plan is shown: staffed and signed off */
		if (strcmp(l->plan.status, "approved") || !wanted(f, &l->plan, &offers[i]))
			continue;
		l->offer = offers[i];
		l->places_left = l->plan.capacity > l->plan.enrolled
					 ? l->plan.capacity - l->plan.enrolled
					 : 0;
		if (!strcmp(l->offer.audience, "partners"))
			rc = store_apply_partners(c, ctx->arena, l->plan.id, &l->partners,
						  &l->npartners);
		kept++;
	}
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		store_release(c);
		return err->status;
	}
	store_release(c);
	*items = kept ? out : NULL;
	*n = kept;
	return APP_OK;
}

enum app_status app_apply_filter_parse(const char *occupation, const char *level,
				       const char *province, const char *institution,
				       struct apply_filter *f, struct app_error *err)
{
	long long v = 0;

	memset(f, 0, sizeof(*f));
	f->occupation = occupation ? occupation : "";
	f->province = province ? province : "";
	if (level && *level) {
		if (str_to_ll(level, 1, 5, &v))
			return app_fail(err, APP_INVALID, "level", "apply.filter_level");
		f->level = (int)v;
	}
	if (*f->province && !province_valid(f->province))
		return app_fail(err, APP_INVALID, "province", "apply.filter_province");
	if (institution && *institution) {
		if (str_to_ll(institution, 1, 1000000000000LL, &v))
			return app_fail(err, APP_INVALID, "institution",
					"apply.filter_institution");
		f->institution_id = v;
	}
	return APP_OK;
}

enum app_status app_apply_offer_get(struct app_ctx *ctx, long long plan_id,
				    struct apply_listing *out, bool *has,
				    struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	*has = false;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_plan_get(c, ctx->arena, plan_id, &out->plan);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		store_release(c);
		return err->status;
	}
	if (!rc && app_authorize(ctx, c, PERM_PLAN_MANAGE, out->plan.institution_id, err)) {
		store_release(c);
		return err->status;
	}
	if (!rc) {
		rc = store_apply_offer_get(c, ctx->arena, plan_id, &out->offer);
		*has = rc == STORE_OK;
		if (rc == STORE_NOT_FOUND)
			rc = STORE_OK;
	}
	if (!rc && *has)
		rc = store_apply_partners(c, ctx->arena, plan_id, &out->partners,
					  &out->npartners);
	if (!rc) {
		out->places_left = out->plan.capacity > out->plan.enrolled
					   ? out->plan.capacity - out->plan.enrolled
					   : 0;
		store_release(c);
		return APP_OK;
	}
	app_store_fail(ctx, c, rc, err);
	store_release(c);
	return err->status;
}
