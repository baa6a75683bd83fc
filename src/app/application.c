/*
 * application.c - online application (网上报名, issue 12): a plan opened for
 * application (who may apply, the window, the fee) and the public list of
 * the plans taking applications today. Opening needs plan.manage on the
 * plan's institution, while the plan still takes enrolments; the list is
 * public and shows only approved plans.
 *
 * Then a holder's application: the route and its facts checked against
 * the standard as they type, the audience, window and places enforced
 * here, the photo and documents checked by their bytes; the station
 * accepts (the facts recorded on the person and an enrolment made through
 * app_plan_enrol_tx, in one transaction), returns it for more, or rejects
 * it, each with a reason the holder sees. A holder touches only their own
 * person's applications; staff only those of their institutions' plans.
 */
#include <jansson.h>
#include <string.h>

#include "app/internal.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "core/institution.h"
#include "core/photo.h"
#include "services/seal.h"
#include "services/secret.h"

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
	/* the plan's lock first: the offer and the candidate pool each read
	 * the other to stay within it, so one waits for the other */
	if (app_plan_lock(ctx, c, plan_id, err))
		return app_abort(ctx, c, err);
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
	/* no wider than the plan's candidate pool (issue 15) */
	if (app_selfeval_offer_tx(ctx, c, &p, in->audience, codes, n, err))
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

/* ---- a holder's application ---- */

/* The plan open for application: approved, with an offer (else
 * APP_NOT_FOUND "apply.not_open"), its standard parsed. */
static enum app_status open_offer(struct app_ctx *ctx, struct store_conn *c,
				  long long plan_id, struct apply_listing *l,
				  struct standard *s, struct app_error *err)
{
	enum store_err rc;

	memset(l, 0, sizeof(*l));
	rc = store_plan_get(c, ctx->arena, plan_id, &l->plan);
	if (rc == STORE_OK)
		rc = store_apply_offer_get(c, ctx->arena, plan_id, &l->offer);
	if (rc == STORE_NOT_FOUND || (!rc && strcmp(l->plan.status, "approved")))
		return app_fail(err, APP_NOT_FOUND, NULL, "apply.not_open");
	if (!rc && !strcmp(l->offer.audience, "partners"))
		rc = store_apply_partners(c, ctx->arena, plan_id, &l->partners,
					  &l->npartners);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	l->places_left = l->plan.capacity > l->plan.enrolled
				 ? l->plan.capacity - l->plan.enrolled
				 : 0;
	return s ? app_standard_load(ctx, c, l->plan.standard_id, s, err) : APP_OK;
}

static bool date_or_empty(const char *d, const char *today)
{
	return !d || !*d || (time_date_valid(d) && strcmp(d, today) <= 0);
}

/* Checks the typed facts and completes them: a picked certificate (the
 * holder's own, else APP_INVALID "cert_id"; a valid one, not revoked nor
 * suspended, else APP_INVALID "cert_id" apply.cert_not_valid) copied into
 * the cert_* fields. The strings of *f may be replaced by arena copies. */
static enum app_status check_facts(struct app_ctx *ctx, struct store_conn *c,
				   long long person, const struct std_level *lv,
				   struct application_facts *f, const char *today,
				   struct app_error *err)
{
	struct rule_error re;
	bool known = false;

	for (size_t i = 0; lv && f->route_id && i < lv->nroutes; i++)
		if (!strcmp(lv->routes[i].id, f->route_id))
			known = true;
	if (!known)
		return app_fail(err, APP_INVALID, "route_id", "apply.route");
	if (!f->diploma_type)
		f->diploma_type = "";
	if (*f->diploma_type && diploma_type_parse(f->diploma_type) < 0)
		return app_fail(err, APP_INVALID, "diploma_type", "val.diploma.type");
	if (!f->graduated_on)
		f->graduated_on = "";
	if (*f->diploma_type && f->diploma_final_year && *f->graduated_on)
		return app_fail(err, APP_INVALID, "graduated_on",
				"val.diploma.final_year_graduated");
	if (*f->diploma_type && !f->diploma_final_year && !*f->graduated_on)
		return app_fail(err, APP_INVALID, "graduated_on", "val.date.invalid");
	if (!date_or_empty(f->graduated_on, today))
		return app_fail(err, APP_INVALID, "graduated_on", "val.date.invalid");
	if (f->program_level < 0 || f->program_level > 5)
		return app_fail(err, APP_INVALID, "program_level",
				"val.diploma.program_level");
	if (!*f->diploma_type) {
		f->graduated_on = "";
		f->diploma_related = f->diploma_final_year = false;
		f->program_level = 0;
	}
	if (!f->work_start)
		f->work_start = "";
	if (!date_or_empty(f->work_start, today))
		return app_fail(err, APP_INVALID, "work_start", "val.date.invalid");
	if (f->cert_id) {
		struct certificate x;
		enum store_err rc = store_cert_get(c, ctx->arena, f->cert_id, &x);

		if (rc == STORE_NOT_FOUND || (!rc && x.person_id != person))
			return app_fail(err, APP_INVALID, "cert_id", "apply.cert_unknown");
		if (rc)
			return app_store_fail(ctx, c, rc, err);
		if (strcmp(x.status, "valid"))
			return app_fail(err, APP_INVALID, "cert_id", "apply.cert_not_valid");
		/* an award or honour certificate (获奖证书, 荣誉证书) is no level */
		if (cert_is_recognition(&x))
			return app_fail(err, APP_INVALID, "cert_id",
					cert_is_honour(&x) ? "apply.cert_honour"
							   : "apply.cert_award");
		f->cert_kind = "skill";
		f->cert_occupation_code = x.occupation_code;
		f->cert_level = x.level;
		f->cert_issued_on = x.issued_on;
		f->cert_number = x.number;
		f->cert_related = false;
	} else if (f->cert_kind && *f->cert_kind) {
		if (strcmp(f->cert_kind, "skill") && strcmp(f->cert_kind, "pre_technician"))
			return app_fail(err, APP_INVALID, "cert_kind", "val.cert.kind");
		if (!occupation_code_valid(f->cert_occupation_code))
			return app_fail(err, APP_INVALID, "cert_occupation_code",
					"val.cert.occupation");
		if (f->cert_level < 1 || f->cert_level > 5)
			return app_fail(err, APP_INVALID, "cert_level", "val.cert.level");
		if (!f->cert_issued_on || !*f->cert_issued_on ||
		    !date_or_empty(f->cert_issued_on, today))
			return app_fail(err, APP_INVALID, "cert_issued_on",
					"val.date.invalid");
		if (!f->cert_number)
			f->cert_number = "";
		if (strlen(f->cert_number) > 64)
			return app_fail(err, APP_INVALID, "cert_number", "val.text.format");
	} else {
		f->cert_kind = f->cert_occupation_code = f->cert_issued_on = "";
		f->cert_number = "";
		f->cert_level = 0;
		f->cert_related = false;
	}
	if (!f->employer_credit_code)
		f->employer_credit_code = "";
	if (*f->employer_credit_code &&
	    (strlen(f->employer_credit_code) != 18 ||
	     !inst_check_credit_code(f->employer_credit_code, &re)))
		return app_fail(err, APP_INVALID, "employer_credit_code",
				"apply.credit_code");
	return APP_OK;
}

/* The person's stored facts and the application's, evaluated for the
 * plan's level today. */
static enum app_status evaluate(struct app_ctx *ctx, struct store_conn *c,
				const struct plan *p, const struct standard *s,
				const struct person *who,
				const struct application_facts *f, const char *today,
				struct eligibility_result *elig, struct app_error *err)
{
	struct applicant a;
	enum store_err rc;

	memset(&a, 0, sizeof(a));
	memset(elig, 0, sizeof(*elig));
	a.birth_date = who->birth_date;
	a.work_start = f->work_start && *f->work_start ? f->work_start : who->work_start;
	if ((rc = store_person_facts(c, ctx->arena, who->id, s->occupation_code, &a)))
		return app_store_fail(ctx, c, rc, err);
	if (f->diploma_type && *f->diploma_type) {
		struct applicant_diploma *d = arena_grow(ctx->arena, a.diplomas,
							 a.ndiplomas, sizeof(*d));

		d[a.ndiplomas].type = (enum diploma_type)diploma_type_parse(f->diploma_type);
		d[a.ndiplomas].specialty_related = f->diploma_related;
		d[a.ndiplomas].final_year = f->diploma_final_year;
		d[a.ndiplomas].graduated_on = f->diploma_final_year ? NULL : f->graduated_on;
		d[a.ndiplomas].program_level = f->program_level;
		a.diplomas = d;
		a.ndiplomas++;
	}
	if (f->cert_kind && *f->cert_kind) {
		struct applicant_cert *ce = arena_grow(ctx->arena, a.certs, a.ncerts,
						       sizeof(*ce));

		ce[a.ncerts].kind = !strcmp(f->cert_kind, "pre_technician")
					    ? CERT_PRE_TECHNICIAN
					    : CERT_SKILL;
		ce[a.ncerts].occupation_code = f->cert_occupation_code;
		ce[a.ncerts].related = f->cert_related;
		ce[a.ncerts].level = f->cert_level;
		ce[a.ncerts].issued_on = f->cert_issued_on;
		a.certs = ce;
		a.ncerts++;
	}
	if (eligibility_check(s, p->level, &a, today, elig) != 0) {
		const char *fld = elig->error.field ? elig->error.field : "";

		return app_fail(err, APP_INVALID,
				strstr(fld, "graduat")   ? "graduated_on"
				: strstr(fld, "issued")  ? "cert_issued_on"
				: strstr(fld, "work")    ? "work_start"
				: strstr(fld, "diploma") ? "diploma_type"
							 : "route_id",
				elig->error.msg ? elig->error.msg : "val.date.invalid");
	}
	return APP_OK;
}

const char *app_elig_field(const char *key)
{
	if (!key)
		return "route_id";
	if (!strncmp(key, "elig.cert.", 10) || !strncmp(key, "elig.pre_technician.", 20))
		return "cert_id";
	if (!strncmp(key, "elig.work.", 10))
		return "work_start";
	if (!strncmp(key, "elig.diploma.", 13))
		return "diploma_type";
	return "route_id";
}

/* The chosen route's result in *elig (NULL when it is not of the level). */
static const struct elig_route_result *chosen(const struct eligibility_result *elig,
					      const char *route_id)
{
	for (size_t i = 0; route_id && i < elig->nroutes; i++)
		if (elig->routes[i].route && !strcmp(elig->routes[i].route->id, route_id))
			return &elig->routes[i];
	return NULL;
}

const char *app_elig_explain(struct arena *a, enum lang lang,
			     const struct elig_route_result *r)
{
	const char *names[] = {"level", "required", "actual", "detail"};
	const char *values[4];
	bool levels, ranks;
	const char *t, *out;
	struct buf b;

	if (!r || !r->key)
		return "";
	levels = !strcmp(r->key, "elig.cert.level");
	ranks = !strcmp(r->key, "elig.title.level") || !strcmp(r->key, "elig.title.none");
	t = title_level_name((enum title_level)r->level);
	values[0] = !strncmp(r->key, "elig.title.", 11)
			    ? tr(lang, arena_printf(a, "title.%s", t ? t : ""))
			    : tr(lang, i18n_level_key(r->level));
	t = title_level_name((enum title_level)r->required);
	values[1] = levels  ? tr(lang, i18n_level_key(r->required))
		    : ranks ? tr(lang, arena_printf(a, "title.%s", t ? t : ""))
			    : arena_printf(a, "%d", r->required);
	t = title_level_name((enum title_level)r->actual);
	values[2] = levels  ? tr(lang, i18n_level_key(r->actual))
		    : ranks ? tr(lang, arena_printf(a, "title.%s", t ? t : ""))
			    : arena_printf(a, "%d", r->actual);
	buf_init(&b, 0);
	/* the accepted diplomas, by name */
	for (const char *d = r->detail; d && *d;) {
		size_t k = strcspn(d, ",");

		buf_printf(&b, "%s%s", b.len ? "、" : "",
			   tr(lang, arena_printf(a, "diploma.%.*s", (int)k, d)));
		d += k + (d[k] == ',');
	}
	values[3] = arena_strdup(a, b.len ? b.data : "");
	buf_reset(&b);
	i18n_fill(&b, tr(lang, r->key), names, values, 4);
	out = arena_strdup(a, b.len ? b.data : "");
	buf_release(&b);
	return out ? out : "";
}

enum app_status app_application_form(struct app_ctx *ctx, long long plan_id,
				     struct apply_context *out, struct app_error *err)
{
	struct store_conn *c;
	struct standard *s = arena_alloc(ctx->arena, sizeof(*s));
	long long person;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	if (app_holder_person(ctx, &person, err))
		return err->status;
	if (!s)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (open_offer(ctx, c, plan_id, &out->l, s, err)) {
		store_release(c);
		return err->status;
	}
	out->level = standard_level(s, out->l.plan.level);
	rc = store_person_get(c, ctx->arena, person, &out->person);
	if (!rc)
		rc = store_cert_of_person(c, ctx->arena, person, &out->certs, &out->ncerts);
	/* only a valid certificate may be picked (check_facts), never an
	 * award certificate (no level) */
	size_t n = 0;

	for (size_t i = 0; !rc && i < out->ncerts; i++)
		if (!strcmp(out->certs[i].status, "valid") &&
		    !cert_is_recognition(&out->certs[i]))
			out->certs[n++] = out->certs[i];
	if (!rc)
		out->ncerts = n;
	return app_read_done(ctx, c, rc, err);
}

enum app_status app_application_check(struct app_ctx *ctx, long long plan_id,
				      const struct application_facts *in,
				      struct eligibility_result *elig, struct app_error *err)
{
	struct store_conn *c;
	struct apply_listing l;
	struct standard *s = arena_alloc(ctx->arena, sizeof(*s));
	struct application_facts f = *in;
	struct person who;
	char today[11];
	long long person;
	enum store_err rc;

	memset(elig, 0, sizeof(*elig));
	if (app_holder_person(ctx, &person, err))
		return err->status;
	if (!s)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	time_today(today, sizeof(today));
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (open_offer(ctx, c, plan_id, &l, s, err) ||
	    check_facts(ctx, c, person, standard_level(s, l.plan.level), &f, today, err)) {
		store_release(c);
		return err->status;
	}
	rc = store_person_get(c, ctx->arena, person, &who);
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		store_release(c);
		return err->status;
	}
	rc = evaluate(ctx, c, &l.plan, s, &who, &f, today, elig, err) ? STORE_ERROR
								      : STORE_OK;
	store_release(c);
	return rc ? err->status : APP_OK;
}

/* Whether data is a PDF or a JPEG by its first bytes: the media type. */
static const char *doc_mime(const unsigned char *d, size_t n)
{
	if (n >= 5 && !memcmp(d, "%PDF-", 5))
		return "application/pdf";
	if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
		return "image/jpeg";
	return NULL;
}

/* A file name to keep: the last part of what was sent, up to 100
 * characters of it, else "document-N". */
static const char *doc_name(struct app_ctx *ctx, const char *sent, size_t i)
{
	const char *base = sent ? sent : "", *slash;

	while ((slash = strpbrk(base, "/\\")))
		base = slash + 1;
	if (!*base || str_utf8_len(base, strlen(base)) > 100 || strlen(base) > 400)
		return arena_printf(ctx->arena, "document-%zu", i + 1);
	return arena_strdup(ctx->arena, base);
}

/* Checks the files before anything is stored: the photo by its structure,
 * the documents by type, size and count (had: those kept already). */
static enum app_status check_files(const struct apply_input *in, size_t had,
				   struct app_error *err)
{
	if (in->photo.data) {
		struct photo_info pi;
		struct rule_error re;

		if (!photo_check(in->photo.data, in->photo.len, &pi, &re))
			return app_fail(err, APP_INVALID, "photo", re.msg);
	}
	if (had + in->ndocs > APP_APPLY_MAX_DOCS)
		return app_fail(err, APP_INVALID, "documents", "apply.doc_count");
	for (size_t i = 0; i < in->ndocs; i++) {
		if (!in->docs[i].len || in->docs[i].len > APP_APPLY_DOC_MAX)
			return app_fail(err, APP_INVALID, "documents", "apply.doc_size");
		if (!doc_mime(in->docs[i].data, in->docs[i].len))
			return app_fail(err, APP_INVALID, "documents", "apply.doc_type");
	}
	return APP_OK;
}

static enum store_err add_file(struct store_conn *c, long long app_id, const char *kind,
			       const char *name, const char *mime, const void *data,
			       size_t len, const char *now)
{
	struct application_doc d;
	struct buf b;
	char digest[SECRET_DIGEST_HEX];
	enum store_err rc;

	memset(&d, 0, sizeof(d));
	secret_sha256_hex(data, len, digest);
	buf_init(&b, 0);
	buf_base64(&b, data, len);
	d.application_id = app_id;
	d.kind = kind;
	d.name = name;
	d.mime = mime;
	d.bytes = (long long)len;
	d.sha256 = digest;
	d.content = buf_failed(&b) ? NULL : b.data;
	d.created_at = now;
	rc = d.content ? store_application_doc_add(c, &d) : STORE_ERROR;
	buf_release(&b);
	return rc;
}

/* Stores the files of an application (checked already). */
static enum store_err store_files(struct app_ctx *ctx, struct store_conn *c,
				  long long app_id, const struct apply_input *in,
				  const char *now)
{
	enum store_err rc = STORE_OK;

	if (in->photo.data) {
		struct photo_info pi;
		struct rule_error re;

		photo_check(in->photo.data, in->photo.len, &pi, &re);
		rc = store_application_photo_drop(c, app_id);
		if (!rc)
			rc = add_file(c, app_id, "photo", "photo", pi.mime,
				      in->photo.data, in->photo.len, now);
	}
	for (size_t i = 0; !rc && i < in->ndocs; i++)
		rc = add_file(c, app_id, "document", doc_name(ctx, in->docs[i].name, i),
			      doc_mime(in->docs[i].data, in->docs[i].len),
			      in->docs[i].data, in->docs[i].len, now);
	return rc;
}

/* Who may apply to the offer: the employer's credit code against the
 * audience. */
static enum app_status audience_ok(struct app_ctx *ctx, struct store_conn *c,
				   const struct apply_listing *l,
				   const struct application_facts *f, struct app_error *err)
{
	const char *code = f->employer_credit_code;

	if (!strcmp(l->offer.audience, "staff")) {
		struct institution inst;
		enum store_err rc = store_institution_get(c, ctx->arena,
							  l->plan.institution_id, &inst);

		if (rc)
			return app_store_fail(ctx, c, rc, err);
		if (!*code || !inst.credit_code || strcmp(code, inst.credit_code))
			return app_fail(err, APP_INVALID, "employer_credit_code",
					"apply.not_staff");
	} else if (!strcmp(l->offer.audience, "partners")) {
		bool listed = false;

		for (size_t i = 0; i < l->npartners; i++)
			if (!strcmp(l->partners[i], code))
				listed = true;
		if (!*code || !listed)
			return app_fail(err, APP_INVALID, "employer_credit_code",
					"apply.not_partner");
	}
	return APP_OK;
}

/* Everything a submission and a resubmission check, inside c's
 * transaction: the offer, the window, the places, the audience, the facts
 * and the chosen route. */
static enum app_status admissible(struct app_ctx *ctx, struct store_conn *c,
				  long long plan_id, long long person,
				  struct application_facts *f, struct apply_listing *l,
				  struct eligibility_result *elig, struct app_error *err)
{
	struct standard *s = arena_alloc(ctx->arena, sizeof(*s));
	const struct elig_route_result *r;
	struct person who;
	char today[11];
	enum store_err rc;

	if (!s)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	time_today(today, sizeof(today));
	if (open_offer(ctx, c, plan_id, l, s, err))
		return err->status;
	if (strcmp(today, l->offer.opens_on) < 0 || strcmp(today, l->offer.closes_on) > 0)
		return app_fail(err, APP_INVALID, NULL, "apply.window_closed");
	if (l->places_left <= 0)
		return app_fail(err, APP_CONFLICT, NULL, "apply.full");
	if (check_facts(ctx, c, person, standard_level(s, l->plan.level), f, today, err))
		return err->status;
	if (audience_ok(ctx, c, l, f, err))
		return err->status;
	rc = store_person_get(c, ctx->arena, person, &who);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (evaluate(ctx, c, &l->plan, s, &who, f, today, elig, err))
		return err->status;
	r = chosen(elig, f->route_id);
	if (!r)
		return app_fail(err, APP_INVALID, "route_id", "apply.route");
	if (!r->passed) {
		app_fail(err, APP_INVALID, app_elig_field(r->key), r->key);
		err->detail = f->route_id;
		return err->status;
	}
	return APP_OK;
}

/* The facts for the audit trail, with the application's id. */
static const char *facts_json(struct app_ctx *ctx, long long id,
			      const struct application_facts *f)
{
	return app_json(ctx, "{s:I, s:s, s:s, s:s, s:s, s:i, s:s}", "application_id",
			(json_int_t)id, "route", f->route_id, "diploma_type",
			f->diploma_type, "work_start", f->work_start, "cert_number",
			f->cert_number, "cert_level", f->cert_level,
			"employer_credit_code", f->employer_credit_code);
}

enum app_status app_application_submit(struct app_ctx *ctx, long long plan_id,
				       const struct apply_input *in, long long *id,
				       struct eligibility_result *elig,
				       struct app_error *err)
{
	struct store_conn *c;
	struct apply_listing l;
	struct application_facts f = in->f;
	long long person;
	char now[32];
	enum store_err rc;

	*id = 0;
	memset(elig, 0, sizeof(*elig));
	if (app_holder_person(ctx, &person, err))
		return err->status;
	if (check_files(in, 0, err))
		return err->status;
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (admissible(ctx, c, plan_id, person, &f, &l, elig, err))
		return app_abort(ctx, c, err);
	time_now_iso(now, sizeof(now));
	rc = store_application_insert(c, plan_id, person, &f, now, id);
	if (rc == STORE_CONFLICT) {
		app_fail(err, APP_CONFLICT, NULL, "apply.duplicate");
		return app_abort(ctx, c, err);
	}
	if (!rc)
		rc = store_files(ctx, c, *id, in, now);
	if (!rc)
		rc = app_audit(ctx, c, "application.submit", "plan",
			       arena_printf(ctx->arena, "%lld", plan_id), NULL,
			       facts_json(ctx, *id, &f));
	if (rc)
		*id = 0;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_application_resubmit(struct app_ctx *ctx, long long id,
					 const struct apply_input *in,
					 struct eligibility_result *elig,
					 struct app_error *err)
{
	struct store_conn *c;
	struct apply_listing l;
	struct plan_application a;
	struct application_doc *docs = NULL;
	struct application_facts f = in->f;
	size_t ndocs = 0, had = 0;
	long long person;
	char now[32];
	enum store_err rc;

	memset(elig, 0, sizeof(*elig));
	if (app_holder_person(ctx, &person, err))
		return err->status;
	if (!(c = app_begin(ctx, err)))
		return err->status;
	rc = store_application_get(c, ctx->arena, id, &a);
	if (rc == STORE_NOT_FOUND || (!rc && a.person_id != person)) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		return app_abort(ctx, c, err);
	}
	if (!rc)
		rc = store_application_docs(c, ctx->arena, id, &docs, &ndocs);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (strcmp(a.status, "returned")) {
		app_fail(err, APP_CONFLICT, NULL, "apply.not_returned");
		return app_abort(ctx, c, err);
	}
	for (size_t i = 0; i < ndocs; i++)
		had += !strcmp(docs[i].kind, "document");
	if (check_files(in, had, err) ||
	    admissible(ctx, c, a.plan_id, person, &f, &l, elig, err))
		return app_abort(ctx, c, err);
	time_now_iso(now, sizeof(now));
	rc = store_application_resubmit(c, id, &f, now);
	if (!rc)
		rc = store_files(ctx, c, id, in, now);
	if (!rc)
		rc = app_audit(ctx, c, "application.submit", "plan",
			       arena_printf(ctx->arena, "%lld", a.plan_id),
			       app_json(ctx, "{s:s}", "status", a.status),
			       facts_json(ctx, id, &f));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_application_mine(struct app_ctx *ctx, struct plan_application **items,
				     size_t *n, struct app_error *err)
{
	struct store_conn *c;
	long long person;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!(c = app_holder_conn(ctx, &person, err)))
		return err->status;
	rc = store_application_list(c, ctx->arena, 0, person, items, n);
	return app_read_done(ctx, c, rc, err);
}

/* The documents and the verdict of today of one application. */
static enum app_status view_of(struct app_ctx *ctx, struct store_conn *c,
			       const struct standard *s, const struct plan *p,
			       struct application_view *v, struct app_error *err)
{
	struct person who;
	char today[11];
	enum store_err rc;
	enum app_status st;

	time_today(today, sizeof(today));
	rc = store_application_docs(c, ctx->arena, v->a.id, &v->docs, &v->ndocs);
	if (!rc)
		rc = store_person_get(c, ctx->arena, v->a.person_id, &who);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	/* a fact that has become malformed is shown as not eligible */
	st = evaluate(ctx, c, p, s, &who, &v->a.f, today, &v->elig, err);
	if (st == APP_INVALID) {
		memset(&v->elig, 0, sizeof(v->elig));
		memset(err, 0, sizeof(*err));
	} else if (st) {
		return st;
	}
	return APP_OK;
}

enum app_status app_application_get(struct app_ctx *ctx, long long plan_id, long long id,
				    struct application_view *out, struct app_error *err)
{
	struct store_conn *c;
	struct plan p;
	struct standard *s = arena_alloc(ctx->arena, sizeof(*s));
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!plan_id && !ctx->actor->person_id)
		return app_fail(err, APP_NOT_FOUND, NULL, "holder.only");
	if (!s)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_application_get(c, ctx->arena, id, &out->a);
	if (rc == STORE_OK && plan_id && out->a.plan_id != plan_id)
		rc = STORE_NOT_FOUND;
	/* the holder's own; else staff of the plan's institution */
	if (rc == STORE_OK && ctx->actor->person_id &&
	    out->a.person_id != ctx->actor->person_id)
		rc = STORE_NOT_FOUND;
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		goto out;
	}
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		goto out;
	}
	if (!ctx->actor->person_id &&
	    app_authorize(ctx, c, PERM_PLAN_MANAGE, out->a.institution_id, err))
		goto out;
	rc = store_plan_get(c, ctx->arena, out->a.plan_id, &p);
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		goto out;
	}
	if (!app_standard_load(ctx, c, p.standard_id, s, err))
		view_of(ctx, c, s, &p, out, err);
out:
	store_release(c);
	return err->status;
}

enum app_status app_application_list(struct app_ctx *ctx, long long plan_id,
				     struct application_view **items, size_t *n,
				     struct app_error *err)
{
	struct store_conn *c;
	struct plan p;
	struct standard *s = arena_alloc(ctx->arena, sizeof(*s));
	struct plan_application *xs = NULL;
	struct application_view *out = NULL;
	size_t nx = 0;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	memset(err, 0, sizeof(*err));
	if (!s)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (app_plan_load(ctx, c, plan_id, PERM_PLAN_MANAGE, &p, s, err))
		goto out;
	rc = store_application_list(c, ctx->arena, plan_id, 0, &xs, &nx);
	if (!rc && nx && !(out = arena_alloc(ctx->arena, nx * sizeof(*out))))
		rc = STORE_ERROR;
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		goto out;
	}
	for (size_t i = 0; i < nx; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		out[i].a = xs[i];
		if (view_of(ctx, c, s, &p, &out[i], err))
			goto out;
	}
	*items = out;
	*n = nx;
out:
	store_release(c);
	return err->status;
}

/* Accepting: the application's facts recorded on the person as an import
 * and the staff forms record them, then the enrolment by the same
 * function the import uses. Inside c's transaction. */
static enum app_status accept_tx(struct app_ctx *ctx, struct store_conn *c,
				 const struct plan *p, const struct standard *s,
				 const struct plan_application *a, long long *eid,
				 struct app_error *err)
{
	const struct application_facts *f = &a->f;
	struct eligibility_result *elig = arena_alloc(ctx->arena, sizeof(*elig));
	struct person before, who;
	struct application_doc *docs = NULL;
	size_t ndocs = 0;
	char now[32];
	enum store_err rc;

	if (!elig)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	/* a picked certificate revoked or suspended since: it counts no more */
	if (f->cert_id) {
		struct certificate x;

		rc = store_cert_get(c, ctx->arena, f->cert_id, &x);
		if (rc && rc != STORE_NOT_FOUND)
			return app_store_fail(ctx, c, rc, err);
		if (rc || strcmp(x.status, "valid"))
			return app_fail(err, APP_INVALID, "cert_id", "apply.cert_not_valid");
	}
	time_now_iso(now, sizeof(now));
	rc = store_person_get(c, ctx->arena, a->person_id, &before);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	who = before;
	if (*f->work_start)
		who.work_start = f->work_start;
	if (*f->employer_credit_code)
		who.employer_credit_code = f->employer_credit_code;
	if (!rc && (strcmp(who.work_start ? who.work_start : "",
			   before.work_start ? before.work_start : "") ||
		    strcmp(who.employer_credit_code ? who.employer_credit_code : "",
			   before.employer_credit_code ? before.employer_credit_code : ""))) {
		who.updated_at = now;
		rc = store_person_update(c, &who);
		if (!rc)
			rc = app_audit(ctx, c, "person.update", "person",
				       arena_printf(ctx->arena, "%lld", who.id),
				       app_person_diff(ctx, &before, &who),
				       app_person_diff(ctx, &who, &before));
	}
	/* the facts as the staff forms record them, each audited alike */
	if (!rc && *f->diploma_type)
		rc = store_fact_diploma_insert(c, who.id, f->diploma_type,
					       f->diploma_related,
					       f->diploma_final_year ? NULL : f->graduated_on,
					       f->diploma_final_year, f->program_level);
	if (!rc && *f->diploma_type)
		rc = app_audit(ctx, c, "person.diploma", "person",
			       arena_printf(ctx->arena, "%lld", who.id), NULL,
			       app_json(ctx, "{s:s, s:b}", "type", f->diploma_type,
					"final_year", f->diploma_final_year));
	if (!rc && *f->cert_kind)
		rc = store_fact_cert_insert(c, who.id, f->cert_kind, f->cert_occupation_code,
					    f->cert_related, f->cert_level,
					    f->cert_issued_on, f->cert_number);
	if (!rc && *f->cert_kind)
		rc = app_audit(ctx, c, "person.certificate", "person",
			       arena_printf(ctx->arena, "%lld", who.id), NULL,
			       app_json(ctx, "{s:s, s:s, s:i, s:s}", "kind", f->cert_kind,
					"occupation_code", f->cert_occupation_code, "level",
					f->cert_level, "issued_on", f->cert_issued_on));
	/* the photo sent becomes the person's (the admission ticket's) */
	if (!rc)
		rc = store_application_docs(c, ctx->arena, a->id, &docs, &ndocs);
	for (size_t i = 0; !rc && i < ndocs; i++) {
		struct application_doc d;

		if (strcmp(docs[i].kind, "photo"))
			continue;
		rc = store_application_doc_get(c, ctx->arena, a->id, docs[i].id, &d);
		if (!rc)
			rc = store_photo_put(c, who.id, d.mime, d.content, now);
	}
	/* a seat in the first room with one free (the admission ticket names
	 * it); none when the plan has no room with a place left */
	struct plan_room *rooms = NULL;
	size_t nrooms = 0;
	long long room_id = 0;

	if (!rc)
		rc = store_room_list(c, ctx->arena, p->id, &rooms, &nrooms);
	for (size_t i = 0; !rc && !room_id && i < nrooms; i++)
		if (rooms[i].enrolled < rooms[i].capacity)
			room_id = rooms[i].id;
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (app_plan_enrol_tx(ctx, c, p, s, &who, room_id, NULL, 0, eid, elig, err))
		return err->status;
	/* the route the holder chose, when it holds (the first that holds
	 * otherwise, as for an import) */
	if (elig->route_id && strcmp(elig->route_id, f->route_id)) {
		const struct elig_route_result *r = chosen(elig, f->route_id);

		if (r && r->passed && (rc = store_enrolment_set_route(c, *eid, f->route_id)))
			return app_store_fail(ctx, c, rc, err);
	}
	return APP_OK;
}

enum app_status app_application_decide(struct app_ctx *ctx, long long plan_id, long long id,
				       const char *decision, const char *reason,
				       long long *enrolment_id, struct app_error *err)
{
	static const struct {
		const char *decision, *status, *action;
	} ways[] = {
		{"accept", "accepted", "application.accept"},
		{"return", "returned", "application.return"},
		{"reject", "rejected", "application.reject"},
	};
	struct store_conn *c;
	struct plan_application a;
	struct plan p;
	struct standard *s = arena_alloc(ctx->arena, sizeof(*s));
	const char *why = reason ? str_trim_dup(ctx->arena, reason) : "";
	int way = -1;
	char now[32];
	enum store_err rc;

	*enrolment_id = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!s || !why)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	/* the plan's lock first: a concurrent acceptance waits here, then
	 * counts this one's enrolment against the capacity */
	if (app_plan_lock(ctx, c, plan_id, err))
		return app_abort(ctx, c, err);
	/* who first (the plan's institution), then what */
	if (app_plan_load(ctx, c, plan_id, PERM_PLAN_MANAGE, &p, s, err))
		return app_abort(ctx, c, err);
	rc = store_application_get(c, ctx->arena, id, &a);
	if (rc == STORE_OK && a.plan_id != plan_id)
		rc = STORE_NOT_FOUND;
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		return app_abort(ctx, c, err);
	}
	if (rc)
		return app_finish(ctx, c, rc, err);
	for (int i = 0; i < 3; i++)
		if (decision && !strcmp(decision, ways[i].decision))
			way = i;
	if (way < 0) {
		app_fail(err, APP_INVALID, "decision", "apply.decision");
		return app_abort(ctx, c, err);
	}
	if (!*why || str_utf8_len(why, strlen(why)) > 500) {
		app_fail(err, APP_INVALID, "reason", "val.reason");
		return app_abort(ctx, c, err);
	}
	if (strcmp(a.status, "submitted")) {
		app_fail(err, APP_CONFLICT, NULL, "apply.decided");
		return app_abort(ctx, c, err);
	}
	if (way == 0 && accept_tx(ctx, c, &p, s, &a, enrolment_id, err)) {
		*enrolment_id = 0;
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	rc = store_application_decide(c, id, ways[way].status, why, ctx->actor->username,
				      *enrolment_id, now);
	if (rc == STORE_CONFLICT) {
		app_fail(err, APP_CONFLICT, NULL, "apply.decided");
		*enrolment_id = 0;
		return app_abort(ctx, c, err);
	}
	if (!rc)
		rc = app_audit(ctx, c, ways[way].action, "plan",
			       arena_printf(ctx->arena, "%lld", plan_id),
			       app_json(ctx, "{s:I, s:s}", "application_id",
					(json_int_t)id, "status", a.status),
			       app_json(ctx, "{s:I, s:s, s:s, s:I}", "application_id",
					(json_int_t)id, "status", ways[way].status, "reason",
					why, "enrolment_id", (json_int_t)*enrolment_id));
	if (!rc)
		rc = app_event_tx(ctx, c, "application.decided", p.institution_id,
				  "application", id,
				  app_json(ctx, "{s:I, s:I, s:I, s:s, s:I}", "application_id",
					   (json_int_t)id, "plan_id", (json_int_t)plan_id,
					   "institution_id", (json_int_t)p.institution_id,
					   "status", ways[way].status, "enrolment_id",
					   (json_int_t)*enrolment_id));
	if (rc)
		*enrolment_id = 0;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_application_doc(struct app_ctx *ctx, long long plan_id, long long id,
				    long long doc_id, struct application_doc *meta,
				    struct buf *out, struct app_error *err)
{
	struct store_conn *c;
	struct plan_application a;
	struct plan p;
	unsigned char *bin;
	size_t len = 0;
	enum store_err rc;

	memset(meta, 0, sizeof(*meta));
	memset(err, 0, sizeof(*err));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	/* who first (the plan's institution), then what */
	rc = store_plan_get(c, ctx->arena, plan_id, &p);
	if (rc == STORE_OK && app_authorize(ctx, c, PERM_PLAN_MANAGE, p.institution_id, err))
		goto out;
	if (rc == STORE_OK)
		rc = store_application_get(c, ctx->arena, id, &a);
	if (rc == STORE_OK && a.plan_id != plan_id)
		rc = STORE_NOT_FOUND;
	if (rc == STORE_OK)
		rc = store_application_doc_get(c, ctx->arena, id, doc_id, meta);
	if (rc == STORE_NOT_FOUND)
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	else if (rc)
		app_store_fail(ctx, c, rc, err);
out:
	store_release(c);
	if (err->status)
		return err->status;
	bin = arena_alloc(ctx->arena, strlen(meta->content) + 1);
	if (!bin || seal_unbase64(meta->content, bin, strlen(meta->content) + 1, &len))
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	buf_reset(out);
	buf_append(out, bin, len);
	return buf_failed(out) ? app_fail(err, APP_INTERNAL, NULL, "err.internal") : APP_OK;
}

bool app_base64_decode(struct app_ctx *ctx, const char *b64, const void **data, size_t *len)
{
	size_t cap = strlen(b64) / 4 * 3 + 4;
	unsigned char *bin = arena_alloc(ctx->arena, cap);

	*data = NULL;
	*len = 0;
	if (!bin || seal_unbase64(b64, bin, cap, len))
		return false;
	*data = bin;
	return true;
}
