/*
 * apprenticeship.c - enterprise new-type apprenticeships (企业新型学徒制,
 * issue 15): classes (一班一方案) with their plan, filing and rules;
 * apprentices admitted by the rules, their progress, interruptions,
 * withdrawals and completion; a completed apprentice enrolled into a plan
 * (the completed apprenticeship a fact for the standard's 学徒期满 route);
 * the subsidy claim list per class and year. See app.h and
 * docs/apprenticeships.md.
 */
#include <jansson.h>
#include <string.h>

#include "app/internal.h"
#include "base/embed.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "services/secret.h"

extern const struct embedded_file apprenticeship_files[];
extern const size_t apprenticeship_files_count;

#define MAX_CODES 16
#define TEXT_MAX 200

const char *const *app_appr_rules_codes(void)
{
	static struct embed_codes codes;

	return embed_codes(&codes, MAX_CODES, apprenticeship_files,
			   apprenticeship_files_count, ".json");
}

static bool text_ok(const char *s) { return s && *s && strlen(s) <= TEXT_MAX; }
static bool date_ok(const char *d) { return d && time_date_valid(d); }

static bool credit_code_ok(const char *s)
{
	if (!s || !*s)
		return true; /* optional */
	if (strlen(s) != 18)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z')))
			return false;
	return true;
}

static bool school_kind_ok(const char *s)
{
	return s && (!strcmp(s, "technical_school") || !strcmp(s, "vocational_college") ||
		     !strcmp(s, "training_center"));
}

/* The class's rules, parsed from the body kept with it (a body that no
 * longer parses is the server's fault). */
static enum app_status class_rules(struct app_ctx *ctx, const struct appr_class *k,
				   struct appr_rules *r, struct app_error *err)
{
	char perr[256];

	if (appr_parse(k->rules_body, ctx->arena, r, perr, sizeof(perr))) {
		app_fail(err, APP_INTERNAL, NULL, "err.internal");
		err->detail = arena_strdup(ctx->arena, perr);
		return err->status;
	}
	return APP_OK;
}

/* A transaction on the class, with apprenticeship.manage on its
 * institution; the class into *k. */
static struct store_conn *begin_class(struct app_ctx *ctx, long long id,
				      struct appr_class *k, struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	if (!ctx->actor) {
		app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
		return NULL;
	}
	if (!(c = app_begin(ctx, err)))
		return NULL;
	rc = store_appr_class_get(c, ctx->arena, id, k);
	if (rc == STORE_NOT_FOUND)
		app_fail(err, APP_NOT_FOUND, NULL, "apprenticeship.not_found");
	else if (rc)
		app_store_fail(ctx, c, rc, err);
	else if (app_authorize(ctx, c, PERM_APPR_MANAGE, k->institution_id, err) == APP_OK)
		return c;
	app_abort(ctx, c, err);
	return NULL;
}

/* The same for an apprentice and their class. */
static struct store_conn *begin_apprentice(struct app_ctx *ctx, long long id,
					   struct apprentice *a, struct appr_class *k,
					   struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	if (!ctx->actor) {
		app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
		return NULL;
	}
	if (!(c = app_begin(ctx, err)))
		return NULL;
	rc = store_apprentice_get(c, ctx->arena, id, a);
	if (rc == STORE_OK)
		rc = store_appr_class_get(c, ctx->arena, a->class_id, k);
	if (rc == STORE_NOT_FOUND)
		app_fail(err, APP_NOT_FOUND, NULL, "apprentice.not_found");
	else if (rc)
		app_store_fail(ctx, c, rc, err);
	else if (app_authorize(ctx, c, PERM_APPR_MANAGE, k->institution_id, err) == APP_OK)
		return c;
	app_abort(ctx, c, err);
	return NULL;
}

/* ---- classes ---- */

enum app_status app_appr_create(struct app_ctx *ctx, const struct appr_class_input *in,
				long long *id, struct app_error *err)
{
	struct store_conn *c;
	const struct embedded_file *f = NULL;
	struct appr_rules r;
	struct appr_class k;
	char now[32], perr[256], digest[SECRET_DIGEST_HEX];
	int months = in->months;
	enum store_err rc;

	*id = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_APPR_MANAGE, in->institution_id, err))
		return app_abort(ctx, c, err);
	if (!text_ok(in->enterprise_name))
		app_fail(err, APP_INVALID, "enterprise_name",
			 "apprenticeship.name_required");
	else if (!credit_code_ok(in->enterprise_credit_code))
		app_fail(err, APP_INVALID, "enterprise_credit_code",
			 "apprenticeship.credit_code_invalid");
	else if (!text_ok(in->school_name))
		app_fail(err, APP_INVALID, "school_name", "apprenticeship.name_required");
	else if (!school_kind_ok(in->school_kind))
		app_fail(err, APP_INVALID, "school_kind",
			 "apprenticeship.school_kind_invalid");
	else if (!in->occupation_code || !*in->occupation_code ||
		 strlen(in->occupation_code) > 40)
		app_fail(err, APP_INVALID, "occupation_code",
			 "apprenticeship.occupation_required");
	else if (!date_ok(in->starts_on))
		app_fail(err, APP_INVALID, "starts_on", "val.date.invalid");
	else if (!(f = embed_find(apprenticeship_files, apprenticeship_files_count,
				  in->rules_code, ".json")))
		app_fail(err, APP_INVALID, "rules_code", "apprenticeship.rules_unknown");
	else if (appr_parse((const char *)f->data, ctx->arena, &r, perr, sizeof(perr)))
		app_fail(err, APP_INTERNAL, NULL, "err.internal");
	else if (appr_duration(&r, in->target_level, months ? NULL : &months, NULL, NULL,
			       NULL) != APPR_OK)
		app_fail(err, APP_INVALID, "target_level", "apprenticeship.refuse.level");
	else if (appr_class_months(&r, in->target_level, months, NULL) != APPR_OK)
		app_fail(err, APP_INVALID, "months", "apprenticeship.refuse.months");
	else
		err->status = APP_OK;
	if (err->status)
		return app_abort(ctx, c, err);
	if (in->school_institution_id) {
		struct institution inst;
		rc = store_institution_get(c, ctx->arena, in->school_institution_id, &inst);
		if (rc == STORE_NOT_FOUND) {
			app_fail(err, APP_INVALID, "school_institution_id",
				 "apprenticeship.school_unknown");
			return app_abort(ctx, c, err);
		}
		if (rc)
			return app_finish(ctx, c, rc, err);
	}
	time_now_iso(now, sizeof(now));
	secret_sha256_hex(f->data, f->len, digest);
	memset(&k, 0, sizeof(k));
	k.institution_id = in->institution_id;
	k.school_institution_id = in->school_institution_id;
	k.enterprise_name = in->enterprise_name;
	k.enterprise_credit_code = in->enterprise_credit_code;
	k.school_name = in->school_name;
	k.school_kind = in->school_kind;
	k.occupation_code = in->occupation_code;
	k.target_level = in->target_level;
	k.months = months;
	k.starts_on = in->starts_on;
	k.rules_code = in->rules_code;
	k.rules_version = r.version;
	k.rules_body = (const char *)f->data;
	k.rules_digest = digest;
	k.created_by = app_actor_name(ctx);
	k.created_at = now;
	rc = store_appr_class_insert(c, &k, id);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "apprenticeship.create", "apprenticeship_class",
			       app_idtext(ctx, *id), NULL,
			       app_json(ctx, "{s:I, s:s, s:s, s:s, s:i, s:s, s:i, s:s, s:s}",
					"institution_id", (json_int_t)k.institution_id,
					"enterprise", k.enterprise_name, "school",
					k.school_name, "occupation", k.occupation_code,
					"target_level", k.target_level, "starts_on",
					k.starts_on, "months", months, "rules",
					k.rules_code, "rules_digest", digest));
	if (rc)
		*id = 0;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_appr_step(struct app_ctx *ctx, long long id, const char *to,
			      const struct appr_class *f, struct app_error *err)
{
	static const struct {
		const char *from, *to, *action;
	} steps[] = {
		{"draft", "filed", "file"},
		{"filed", "running", "start"},
		{"running", "closed", "close"},
	};
	struct appr_class k;
	struct store_conn *c;
	char now[32];
	size_t i;
	enum store_err rc;

	if (!(c = begin_class(ctx, id, &k, err)))
		return err->status;
	for (i = 0; i < 3; i++)
		if (to && !strcmp(to, steps[i].to))
			break;
	if (i == 3) {
		app_fail(err, APP_INVALID, "status", "apprenticeship.status_invalid");
		return app_abort(ctx, c, err);
	}
	if (strcmp(k.status, steps[i].from)) {
		app_fail(err, APP_CONFLICT, "status", "apprenticeship.status_step");
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	if (i == 0) {
		if (!f || !text_ok(f->agreement_no))
			app_fail(err, APP_INVALID, "agreement_no",
				 "apprenticeship.filing_required");
		else if (!date_ok(f->agreement_signed_on))
			app_fail(err, APP_INVALID, "agreement_signed_on",
				 "val.date.invalid");
		else if (!text_ok(f->filing_no))
			app_fail(err, APP_INVALID, "filing_no",
				 "apprenticeship.filing_required");
		else if (!date_ok(f->filing_date))
			app_fail(err, APP_INVALID, "filing_date", "val.date.invalid");
		else if (!text_ok(f->filing_authority))
			app_fail(err, APP_INVALID, "filing_authority",
				 "apprenticeship.filing_required");
		else
			err->status = APP_OK;
		if (err->status)
			return app_abort(ctx, c, err);
	}
	rc = store_appr_class_status(c, id, steps[i].from, steps[i].to, now);
	if (rc == STORE_OK && i == 0)
		rc = store_appr_class_filing(c, id, f, now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c,
			       arena_printf(ctx->arena, "%s.%s", "apprenticeship",
					    steps[i].action),
			       "apprenticeship_class", app_idtext(ctx, id),
			       app_json(ctx, "{s:s}", "status", steps[i].from),
			       i == 0 ? app_json(ctx, "{s:s, s:s, s:s, s:s, s:s, s:s}",
						 "status", steps[i].to, "agreement_no",
						 f->agreement_no, "agreement_signed_on",
						 f->agreement_signed_on, "filing_no",
						 f->filing_no, "filing_date", f->filing_date,
						 "filing_authority", f->filing_authority)
				      : app_json(ctx, "{s:s}", "status", steps[i].to));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_appr_course_add(struct app_ctx *ctx, long long class_id,
				    const char *name, const char *side, int hours,
				    int credits, long long *id, struct app_error *err)
{
	struct appr_class k;
	struct appr_course x;
	struct store_conn *c;
	enum store_err rc;

	*id = 0;
	if (!(c = begin_class(ctx, class_id, &k, err)))
		return err->status;
	if (!strcmp(k.status, "closed"))
		app_fail(err, APP_CONFLICT, "status", "apprenticeship.closed");
	else if (!text_ok(name))
		app_fail(err, APP_INVALID, "name", "apprenticeship.name_required");
	else if (!side || (strcmp(side, "enterprise") && strcmp(side, "school")))
		app_fail(err, APP_INVALID, "side", "apprenticeship.side_invalid");
	else if (hours < 1 || hours > 5000)
		app_fail(err, APP_INVALID, "hours", "apprenticeship.hours_invalid");
	else if (credits < 0 || credits > 500)
		app_fail(err, APP_INVALID, "credits", "apprenticeship.credits_invalid");
	else
		err->status = APP_OK;
	if (err->status)
		return app_abort(ctx, c, err);
	memset(&x, 0, sizeof(x));
	x.class_id = class_id;
	x.name = name;
	x.side = side;
	x.hours = hours;
	x.credits = credits;
	rc = store_appr_course_insert(c, &x, id);
	if (rc == STORE_CONFLICT) {
		*id = 0;
		app_fail(err, APP_CONFLICT, "name", "apprenticeship.course_taken");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "apprenticeship.course", "apprenticeship_class",
			       app_idtext(ctx, class_id), NULL,
			       app_json(ctx, "{s:I, s:s, s:s, s:i, s:i}", "course_id",
					(json_int_t)*id, "name", name, "side", side,
					"hours", hours, "credits", credits));
	if (rc)
		*id = 0;
	return app_finish(ctx, c, rc, err);
}

static bool may(struct app_ctx *ctx, struct store_conn *c, long long inst)
{
	struct app_error e;

	return ctx->actor && app_authorize(ctx, c, PERM_APPR_MANAGE, inst, &e) == APP_OK;
}

enum app_status app_appr_list(struct app_ctx *ctx, struct appr_class **items, size_t *n,
			      struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;
	size_t k = 0;

	*items = NULL;
	*n = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_appr_classes(c, ctx->arena, NULL, 0, items, n);
	for (size_t i = 0; rc == STORE_OK && i < *n; i++)
		if (may(ctx, c, (*items)[i].institution_id))
			(*items)[k++] = (*items)[i];
	if (rc == STORE_OK)
		*n = k;
	return app_read_done(ctx, c, rc, err);
}

enum app_status app_appr_get(struct app_ctx *ctx, long long id, struct appr_detail *out,
			     struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_appr_class_get(c, ctx->arena, id, &out->k);
	if (rc == STORE_NOT_FOUND ||
	    (rc == STORE_OK && !may(ctx, c, out->k.institution_id))) {
		app_read_done(ctx, c, STORE_OK, err);
		return rc ? app_fail(err, APP_NOT_FOUND, NULL, "apprenticeship.not_found")
			  : app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
	}
	if (rc == STORE_OK)
		rc = store_appr_courses(c, ctx->arena, id, &out->courses, &out->ncourses);
	if (rc == STORE_OK)
		rc = store_apprentices(c, ctx->arena, id, 0, &out->apprentices,
				       &out->napprentices);
	if (app_read_done(ctx, c, rc, err))
		return err->status;
	if (class_rules(ctx, &out->k, &out->rules, err))
		return err->status;
	appr_duration(&out->rules, out->k.target_level, &out->standard_months, NULL, NULL,
		      NULL);
	appr_class_months(&out->rules, out->k.target_level, out->k.months, &out->special);
	return APP_OK;
}

/* ---- apprentices ---- */

enum app_status app_apprentice_add(struct app_ctx *ctx, const struct apprentice_input *in,
				   long long *id, struct app_error *err)
{
	struct appr_class k;
	struct appr_rules r;
	struct apprentice x;
	struct person who;
	struct store_conn *c;
	char now[32], planned[16];
	int hire = appr_hire_parse(in->hire_kind), months;
	long long elsewhere = 0;
	enum appr_refusal refusal;
	enum store_err rc;

	*id = 0;
	if (!(c = begin_class(ctx, in->class_id, &k, err)))
		return err->status;
	if (class_rules(ctx, &k, &r, err))
		return app_abort(ctx, c, err);
	months = appr_months_between(in->contract_start, in->contract_end);
	if (!strcmp(k.status, "closed"))
		app_fail(err, APP_CONFLICT, "status", "apprenticeship.closed");
	else if (!date_ok(in->contract_start))
		app_fail(err, APP_INVALID, "contract_start", "val.date.invalid");
	else if (!date_ok(in->contract_end) || months < 0)
		app_fail(err, APP_INVALID, "contract_end", "val.date.invalid");
	else if (hire < 0)
		app_fail(err, APP_INVALID, "hire_kind", "apprenticeship.refuse.hire");
	else if ((refusal = appr_admit(&r, months, (enum appr_hire)hire, k.target_level)) ==
		 APPR_REFUSE_CONTRACT)
		app_fail(err, APP_INVALID, "contract_end", appr_refusal_key(refusal));
	else if (refusal != APPR_OK)
		app_fail(err, APP_INVALID,
			 refusal == APPR_REFUSE_HIRE ? "hire_kind" : "target_level",
			 appr_refusal_key(refusal));
	else if (!appr_span_end(k.starts_on, k.months, planned, sizeof(planned)) ||
		 strcmp(in->contract_end, planned) < 0)
		app_fail(err, APP_INVALID, "contract_end", "apprentice.contract_before_end");
	else if (!text_ok(in->enterprise_mentor))
		app_fail(err, APP_INVALID, "enterprise_mentor",
			 "apprenticeship.mentor_required");
	else if (!text_ok(in->school_mentor))
		app_fail(err, APP_INVALID, "school_mentor",
			 "apprenticeship.mentor_required");
	else if (in->wage < 0 || in->wage > 1000000 || in->minimum_wage < 0 ||
		 in->minimum_wage > 1000000)
		app_fail(err, APP_INVALID,
			 in->wage < 0 || in->wage > 1000000 ? "wage" : "minimum_wage",
			 "apprenticeship.wage_invalid");
	else
		err->status = APP_OK;
	if (err->status)
		return app_abort(ctx, c, err);
	rc = store_person_get(c, ctx->arena, in->person_id, &who);
	for (int m = 0; rc == STORE_OK && m < 2; m++) {
		long long mid = m ? in->school_mentor_id : in->enterprise_mentor_id;
		struct person mp;

		if (mid &&
		    (rc = store_person_get(c, ctx->arena, mid, &mp)) == STORE_NOT_FOUND) {
			app_fail(err, APP_INVALID,
				 m ? "school_mentor_id" : "enterprise_mentor_id",
				 "apprentice.person_unknown");
			return app_abort(ctx, c, err);
		}
	}
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_INVALID, "person_id", "apprentice.person_unknown");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = store_apprentice_elsewhere(c, in->person_id, in->class_id, &elsewhere);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (elsewhere) {
		/* one apprenticeship at a time: never paid twice */
		app_fail(err, APP_CONFLICT, "person_id", "apprentice.in_other_class");
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	memset(&x, 0, sizeof(x));
	x.class_id = in->class_id;
	x.person_id = in->person_id;
	x.contract_start = in->contract_start;
	x.contract_end = in->contract_end;
	x.hire_kind = in->hire_kind;
	x.wage = in->wage;
	x.minimum_wage = in->minimum_wage;
	x.enterprise_mentor = in->enterprise_mentor;
	x.enterprise_mentor_id = in->enterprise_mentor_id;
	x.school_mentor = in->school_mentor;
	x.school_mentor_id = in->school_mentor_id;
	x.created_by = app_actor_name(ctx);
	x.created_at = now;
	rc = store_apprentice_insert(c, &x, id);
	if (rc == STORE_CONFLICT) {
		*id = 0;
		app_fail(err, APP_CONFLICT, "person_id", "apprentice.taken");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "apprentice.add", "apprentice",
			       app_idtext(ctx, *id), NULL,
			       app_json(ctx, "{s:I, s:I, s:s, s:s, s:s, s:i, s:s, s:s}",
					"class_id", (json_int_t)x.class_id, "person_id",
					(json_int_t)x.person_id, "contract_start",
					x.contract_start, "contract_end", x.contract_end,
					"hire_kind", x.hire_kind, "contract_months",
					months, "enterprise_mentor", x.enterprise_mentor,
					"school_mentor", x.school_mentor));
	if (rc)
		*id = 0;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_apprentice_get(struct app_ctx *ctx, long long id,
				   struct apprentice_detail *out, struct app_error *err)
{
	struct store_conn *c;
	long long holder = 0;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (ctx->actor->person_id)
		holder = ctx->actor->person_id;
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_apprentice_get(c, ctx->arena, id, &out->a);
	if (rc == STORE_OK)
		rc = store_appr_class_get(c, ctx->arena, out->a.class_id, &out->k);
	if (rc == STORE_OK)
		out->manage = may(ctx, c, out->k.institution_id);
	if (rc == STORE_NOT_FOUND ||
	    (rc == STORE_OK && !out->manage && (!holder || holder != out->a.person_id))) {
		app_read_done(ctx, c, STORE_OK, err);
		/* a holder learns nothing of another's record */
		return rc || holder
			       ? app_fail(err, APP_NOT_FOUND, NULL, "apprentice.not_found")
			       : app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
	}
	out->k.rules_body = NULL;
	if (rc == STORE_OK)
		rc = store_appr_courses(c, ctx->arena, out->a.class_id, &out->courses,
					&out->ncourses);
	if (rc == STORE_OK)
		rc = store_appr_progress(c, ctx->arena, id, &out->progress, &out->nprogress);
	if (rc == STORE_OK)
		rc = store_appr_interruptions(c, ctx->arena, 0, id, &out->interruptions,
					      &out->ninterruptions);
	return app_read_done(ctx, c, rc, err);
}

enum app_status app_apprentice_progress(struct app_ctx *ctx, long long id,
					long long course_id, int hours, int credits,
					const char *assessment, struct app_error *err)
{
	struct apprentice a;
	struct appr_class k;
	struct appr_course *cs;
	struct appr_progress x;
	struct store_conn *c;
	size_t ncs, i;
	char now[32];
	long long pid;
	enum store_err rc;

	if (!(c = begin_apprentice(ctx, id, &a, &k, err)))
		return err->status;
	if ((rc = store_appr_courses(c, ctx->arena, k.id, &cs, &ncs)))
		return app_finish(ctx, c, rc, err);
	for (i = 0; i < ncs && cs[i].id != course_id; i++)
		;
	if (strcmp(a.status, "active"))
		app_fail(err, APP_CONFLICT, "status", "apprentice.not_active");
	else if (i == ncs)
		app_fail(err, APP_INVALID, "course_id", "apprentice.course_unknown");
	else if (hours < 0 || hours > 5000 || (hours == 0 && credits == 0))
		app_fail(err, APP_INVALID, "hours", "apprenticeship.hours_invalid");
	else if (credits < 0 || credits > 500)
		app_fail(err, APP_INVALID, "credits", "apprenticeship.credits_invalid");
	else if (assessment && strlen(assessment) > 2000)
		app_fail(err, APP_INVALID, "assessment", "apprentice.assessment_long");
	else
		err->status = APP_OK;
	if (err->status)
		return app_abort(ctx, c, err);
	time_now_iso(now, sizeof(now));
	memset(&x, 0, sizeof(x));
	x.apprentice_id = id;
	x.course_id = course_id;
	x.hours = hours;
	x.credits = credits;
	x.assessment = assessment;
	x.recorded_by = app_actor_name(ctx);
	x.recorded_at = now;
	rc = store_appr_progress_insert(c, &x, &pid);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "apprentice.progress", "apprentice",
			       app_idtext(ctx, id), NULL,
			       app_json(ctx, "{s:I, s:s, s:i, s:i}", "course_id",
					(json_int_t)course_id, "course", cs[i].name,
					"hours", hours, "credits", credits));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_apprentice_status(struct app_ctx *ctx, long long id, const char *to,
				      const char *reason, const char *on,
				      struct app_error *err)
{
	static const char *const steps[][2] = {
		{"active", "interrupted"},    {"active", "withdrawn"},
		{"active", "completed"},      {"interrupted", "active"},
		{"interrupted", "withdrawn"},
	};
	struct apprentice a;
	struct appr_class k;
	struct store_conn *c;
	char today[16];
	bool known = false, step = false;
	enum store_err rc;

	time_today(today, sizeof(today));
	if (!on || !*on)
		on = today;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (to && !strcmp(to, steps[i][1]))
			known = true;
	if (!(c = begin_apprentice(ctx, id, &a, &k, err)))
		return err->status;
	if (!known) {
		app_fail(err, APP_INVALID, "status", "apprentice.status_invalid");
		return app_abort(ctx, c, err);
	}
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (!strcmp(a.status, steps[i][0]) && !strcmp(to, steps[i][1]))
			step = true;
	if (!step)
		app_fail(err, APP_CONFLICT, "status", "apprentice.status_step");
	else if (!date_ok(on) || strcmp(on, today) > 0 || strcmp(on, k.starts_on) < 0 ||
		 (a.status_on && strcmp(on, a.status_on) < 0))
		/* not before the last step either: an interruption ends after
		 * it began */
		app_fail(err, APP_INVALID, "on", "apprentice.date_invalid");
	else if ((!strcmp(to, "interrupted") || !strcmp(to, "withdrawn")) &&
		 !text_ok(reason))
		app_fail(err, APP_INVALID, "reason", "apprentice.reason_required");
	else if (!strcmp(to, "completed") && strcmp(k.status, "running"))
		app_fail(err, APP_CONFLICT, "status", "apprentice.class_not_running");
	else
		err->status = APP_OK;
	if (!err->status && !strcmp(to, "completed")) {
		/* completion needs the class plan: at least its total hours
		 * and total credits */
		struct appr_course *cs;
		size_t ncs;
		long long hours = 0, credits = 0;

		if ((rc = store_appr_courses(c, ctx->arena, k.id, &cs, &ncs)))
			return app_finish(ctx, c, rc, err);
		for (size_t i = 0; i < ncs; i++) {
			hours += cs[i].hours;
			credits += cs[i].credits;
		}
		if (a.hours < hours)
			app_fail(err, APP_INVALID, "hours", "apprentice.hours_short");
		else if (a.credits < credits)
			app_fail(err, APP_INVALID, "credits", "apprentice.credits_short");
	}
	if (err->status)
		return app_abort(ctx, c, err);
	rc = store_apprentice_status(c, id, a.status, to, reason, on);
	/* interruptions kept apart: their months are not paid */
	if (rc == STORE_OK && !strcmp(to, "interrupted"))
		rc = store_appr_interruption_open(c, id, on, reason);
	else if (rc == STORE_OK && !strcmp(a.status, "interrupted"))
		rc = store_appr_interruption_close(c, id, on);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "apprentice.status", "apprentice",
			       app_idtext(ctx, id),
			       app_json(ctx, "{s:s}", "status", a.status),
			       app_json(ctx, "{s:s, s:s, s:s}", "status", to, "reason",
					reason ? reason : "", "on", on));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_apprentice_enrol(struct app_ctx *ctx, long long id, long long plan_id,
				     long long *enrolment_id, const char **route_id,
				     struct app_error *err)
{
	struct apprentice a;
	struct appr_class k;
	struct plan p;
	struct standard s;
	struct person who;
	struct eligibility_result elig;
	struct store_conn *c;
	enum store_err rc;

	*enrolment_id = 0;
	*route_id = NULL;
	if (!(c = begin_apprentice(ctx, id, &a, &k, err)))
		return err->status;
	/* enrolled already: refused by the guarded update below, after the
	 * plan's lock, so that two enrolments at once cannot both pass */
	if (strcmp(a.status, "completed"))
		app_fail(err, APP_CONFLICT, "status", "apprentice.not_completed");
	else
		err->status = APP_OK;
	if (err->status || app_plan_lock(ctx, c, plan_id, err) ||
	    app_plan_load(ctx, c, plan_id, PERM_PLAN_MANAGE, &p, &s, err))
		return app_abort(ctx, c, err);
	if (!p.occupation_code || strcmp(p.occupation_code, k.occupation_code)) {
		app_fail(err, APP_INVALID, "plan_id", "apprentice.plan_occupation");
		return app_abort(ctx, c, err);
	}
	if (p.level < k.target_level) {
		app_fail(err, APP_INVALID, "plan_id", "apprentice.plan_level");
		return app_abort(ctx, c, err);
	}
	if ((rc = store_person_get(c, ctx->arena, a.person_id, &who)))
		return app_finish(ctx, c, rc, err);
	if (app_plan_enrol_tx(ctx, c, &p, &s, &who, 0, NULL, 0, enrolment_id, &elig, err))
		return app_abort(ctx, c, err);
	*route_id = elig.route_id ? arena_strdup(ctx->arena, elig.route_id) : "";
	rc = store_apprentice_enrolled(c, id, *enrolment_id);
	if (rc == STORE_NOT_FOUND) {
		/* enrolled meanwhile (two at once): this enrolment rolled back */
		*enrolment_id = 0;
		*route_id = NULL;
		app_fail(err, APP_CONFLICT, "plan_id", "apprentice.enrolled_already");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "apprentice.enrol", "apprentice",
			       app_idtext(ctx, id), NULL,
			       app_json(ctx, "{s:I, s:I, s:s}", "plan_id",
					(json_int_t)plan_id, "enrolment_id",
					(json_int_t)*enrolment_id, "route", *route_id));
	if (rc)
		*enrolment_id = 0;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_apprentice_advance(struct app_ctx *ctx, long long id, int year,
				       int amount, struct app_error *err)
{
	struct apprentice a;
	struct appr_class k;
	struct store_conn *c;
	char now[32];
	int first = 0;
	enum store_err rc;

	if (!(c = begin_apprentice(ctx, id, &a, &k, err)))
		return err->status;
	first = time_year(k.starts_on);
	if (year < first || year > first + 4)
		app_fail(err, APP_INVALID, "year", "apprentice.year_invalid");
	else if (amount < 0 || amount > APPR_AMOUNT_MAX)
		app_fail(err, APP_INVALID, "amount", "apprentice.amount_invalid");
	else
		err->status = APP_OK;
	if (err->status)
		return app_abort(ctx, c, err);
	time_now_iso(now, sizeof(now));
	rc = store_appr_advance_set(c, id, year, amount, app_actor_name(ctx), now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "apprentice.advance", "apprentice",
			       app_idtext(ctx, id), NULL,
			       app_json(ctx, "{s:i, s:i}", "year", year, "amount", amount));
	return app_finish(ctx, c, rc, err);
}

/* ---- the subsidy claim list ---- */

/* The date the apprenticeship ended (completed or withdrawn), else NULL. */
static const char *ended_on(const struct apprentice *a)
{
	if ((!strcmp(a->status, "completed") || !strcmp(a->status, "withdrawn")) &&
	    a->status_on && *a->status_on)
		return a->status_on;
	return NULL;
}

enum app_status app_appr_claim(struct app_ctx *ctx, long long class_id, int year,
			       struct appr_claim *out, struct app_error *err)
{
	struct store_conn *c;
	struct appr_rules r;
	struct apprentice *as;
	struct appr_interruption *iv = NULL;
	size_t n, niv = 0;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	out->year = year;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_appr_class_get(c, ctx->arena, class_id, &out->k);
	if (rc == STORE_NOT_FOUND ||
	    (rc == STORE_OK && !may(ctx, c, out->k.institution_id))) {
		app_read_done(ctx, c, STORE_OK, err);
		return rc ? app_fail(err, APP_NOT_FOUND, NULL, "apprenticeship.not_found")
			  : app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
	}
	if (rc == STORE_OK && (year < 2000 || year > 2100)) {
		app_read_done(ctx, c, STORE_OK, err);
		return app_fail(err, APP_INVALID, "year", "apprentice.year_invalid");
	}
	if (rc == STORE_OK)
		rc = store_appr_claim(c, ctx->arena, class_id, year, &as, &n);
	if (rc == STORE_OK)
		rc = store_appr_interruptions(c, ctx->arena, class_id, 0, &iv, &niv);
	if (app_read_done(ctx, c, rc, err) || class_rules(ctx, &out->k, &r, err))
		return err->status;
	out->lines = arena_alloc(ctx->arena, (n ? n : 1) * sizeof(*out->lines));
	for (size_t i = 0; i < n; i++) {
		struct appr_claim_line *l = &out->lines[out->n];
		size_t first = 0, count = 0;
		int months;

		/* the apprentice's own interruptions (ordered by apprentice) */
		while (first < niv && iv[first].apprentice_id != as[i].id)
			first++;
		while (first + count < niv && iv[first + count].apprentice_id == as[i].id)
			count++;
		/* their own time: from their start in the class to their end */
		months = appr_paid_months(as[i].starts_on, as[i].months,
					  as[i].contract_start, as[i].contract_end,
					  ended_on(&as[i]), count ? iv + first : NULL,
					  count, year);

		if (!months && !as[i].advance)
			continue; /* not an apprentice-year of theirs */
		memset(l, 0, sizeof(*l));
		l->a = as[i];
		l->months = months;
		if (!strcmp(as[i].status, "completed"))
			l->outcome = as[i].cert_level ? APPR_OUT_CERTIFICATE
						      : APPR_OUT_COMPLETED;
		else if (!strcmp(as[i].status, "withdrawn"))
			l->outcome = APPR_OUT_NOT_COMPLETED;
		else
			l->outcome = APPR_OUT_TRAINING;
		appr_subsidy(&r, l->outcome, as[i].cert_level, months, as[i].advance, &l->s);
		out->amount += l->s.amount;
		out->due += l->s.due;
		out->clawback += l->s.clawback;
		out->n++;
	}
	return APP_OK;
}

enum app_status app_appr_claims(struct app_ctx *ctx, long long institution_id, int year,
				struct appr_claims *out, struct app_error *err)
{
	struct appr_class *ks;
	size_t nk;

	memset(out, 0, sizeof(*out));
	out->year = year;
	if (app_appr_list(ctx, &ks, &nk, err))
		return err->status;
	if (year < 2000 || year > 2100)
		return app_fail(err, APP_INVALID, "year", "apprentice.year_invalid");
	out->classes = arena_alloc(ctx->arena, (nk ? nk : 1) * sizeof(*out->classes));
	for (size_t i = 0; i < nk; i++) {
		struct appr_claim *cl = &out->classes[out->n];

		if (institution_id && ks[i].institution_id != institution_id)
			continue;
		if (app_appr_claim(ctx, ks[i].id, year, cl, err))
			return err->status;
		if (!cl->n)
			continue; /* no apprentice-year of this class in the year */
		out->amount += cl->amount;
		out->due += cl->due;
		out->clawback += cl->clawback;
		out->n++;
	}
	return APP_OK;
}

enum app_status app_appr_evidence(struct app_ctx *ctx, long long plan_id,
				  struct appr_evidence **items, size_t *n,
				  struct app_error *err)
{
	struct store_conn *c;
	struct plan p;
	struct app_error e;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!ctx->actor)
		return APP_OK;
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_plan_get(c, ctx->arena, plan_id, &p);
	if (rc == STORE_OK &&
	    app_authorize(ctx, c, PERM_PLAN_MANAGE, p.institution_id, &e) == APP_OK)
		rc = store_appr_evidence(c, ctx->arena, plan_id, items, n);
	return app_read_done(ctx, c, rc == STORE_NOT_FOUND ? STORE_OK : rc, err);
}

enum app_status app_appr_mine(struct app_ctx *ctx, struct apprentice **items, size_t *n,
			      struct app_error *err)
{
	long long person_id;
	struct store_conn *c = app_holder_conn(ctx, &person_id, err);
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!c)
		return err->status;
	rc = store_apprentices(c, ctx->arena, 0, person_id, items, n);
	return app_read_done(ctx, c, rc, err);
}
