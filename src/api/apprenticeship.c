/*
 * apprenticeship.c - /api/v1/apprenticeships and /api/v1/apprentices
 * (enterprise new-type apprenticeships, issue 15): classes with their plan
 * and filing, apprentices, progress, status, enrolment into a plan,
 * advances and the subsidy claim list (JSON and CSV); a holder's own
 * under /api/v1/me/apprenticeships. app/apprenticeship.c decides who sees
 * and does what.
 */
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "base/csv.h"
#include "base/str.h"
#include "base/timeutil.h"

static int int_of(json_t *o, const char *name)
{
	json_t *v = json_object_get(o, name);

	return json_is_integer(v) ? (int)json_integer_value(v) : 0;
}

static long long id_of(json_t *o, const char *name)
{
	json_t *v = json_object_get(o, name);

	return json_is_integer(v) ? json_integer_value(v) : 0;
}

static json_t *class_json(const struct appr_class *k)
{
	return json_pack(
		"{s:I, s:I, s:s, s:I, s:s, s:s, s:s, s:o?, s:s, s:i, s:s, s:i, s:s, "
		"s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
		"id", (json_int_t)k->id, "institution_id", (json_int_t)k->institution_id,
		"institution_name", k->institution_name, "napprentices",
		(json_int_t)k->napprentices, "enterprise_name", k->enterprise_name,
		"enterprise_credit_code", k->enterprise_credit_code, "school_name",
		k->school_name, "school_institution_id",
		k->school_institution_id ? json_integer(k->school_institution_id) : NULL,
		"school_kind", k->school_kind, "target_level", k->target_level,
		"occupation_code", k->occupation_code, "months", k->months, "starts_on",
		k->starts_on, "rules_code", k->rules_code, "rules_version",
		k->rules_version, "rules_digest", k->rules_digest, "agreement_no",
		k->agreement_no, "agreement_signed_on", k->agreement_signed_on,
		"filing_no", k->filing_no, "filing_date", k->filing_date,
		"filing_authority", k->filing_authority, "status", k->status);
}

static json_t *apprentice_json(const struct apprentice *a)
{
	return json_pack(
		"{s:I, s:I, s:I, s:s, s:s, s:s, s:s, s:i, s:i, s:s, s:s, s:s, s:s, "
		"s:s, s:s, s:I, s:I, s:o?, s:o?, s:s, s:i, s:b}",
		"id", (json_int_t)a->id, "class_id", (json_int_t)a->class_id, "person_id",
		(json_int_t)a->person_id, "person_name", a->person_name, "contract_start",
		a->contract_start, "contract_end", a->contract_end, "hire_kind",
		a->hire_kind, "wage", a->wage, "minimum_wage", a->minimum_wage,
		"enterprise_mentor", a->enterprise_mentor, "school_mentor",
		a->school_mentor, "status", a->status, "status_reason", a->status_reason,
		"status_on", a->status_on, "completed_on", a->completed_on, "hours",
		(json_int_t)a->hours, "credits", (json_int_t)a->credits, "enrolment_id",
		a->enrolment_id ? json_integer(a->enrolment_id) : NULL, "plan_id",
		a->plan_id ? json_integer(a->plan_id) : NULL, "occupation_code",
		a->occupation_code, "target_level", a->target_level, "wage_below_minimum",
		appr_wage_below(a->wage, a->minimum_wage));
}

static json_t *course_json(const struct appr_course *x)
{
	return json_pack("{s:I, s:s, s:s, s:i, s:i}", "id", (json_int_t)x->id, "name",
			 x->name, "side", x->side, "hours", x->hours, "credits",
			 x->credits);
}

/* GET /api/v1/apprenticeships */
void api_appr_list(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct appr_class *items;
	size_t n;
	json_t *arr, *codes;

	api_ctx(req, &ctx);
	if (app_appr_list(&ctx, &items, &n, &err)) {
		api_fail(req, resp, &err);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, class_json(&items[i]));
	codes = json_array();
	for (const char *const *c = app_appr_rules_codes(); *c; c++)
		json_array_append_new(codes, json_string(*c));
	api_send(resp, 200, json_pack("{s:o, s:o}", "items", arr, "rules_codes", codes));
}

/* POST /api/v1/apprenticeships {institution_id, enterprise_name,
 * enterprise_credit_code?, school_name, school_kind, school_institution_id?,
 * occupation_code, target_level, starts_on, months?, rules_code} */
void api_appr_create(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct appr_class_input in;
	long long id = 0;
	json_t *b = api_read_object(req, resp);
	int rc;

	if (!b)
		return;
	memset(&in, 0, sizeof(in));
	if (!api_check_int32(req, resp, b, "target_level", "months", NULL) ||
	    !api_get_string(req, resp, b, "enterprise_name", &in.enterprise_name) ||
	    !api_get_string(req, resp, b, "enterprise_credit_code",
			    &in.enterprise_credit_code) ||
	    !api_get_string(req, resp, b, "school_name", &in.school_name) ||
	    !api_get_string(req, resp, b, "school_kind", &in.school_kind) ||
	    !api_get_string(req, resp, b, "occupation_code", &in.occupation_code) ||
	    !api_get_string(req, resp, b, "starts_on", &in.starts_on) ||
	    !api_get_string(req, resp, b, "rules_code", &in.rules_code)) {
		json_decref(b);
		return;
	}
	in.institution_id = id_of(b, "institution_id");
	in.school_institution_id = id_of(b, "school_institution_id");
	in.target_level = int_of(b, "target_level");
	in.months = int_of(b, "months");
	api_ctx(req, &ctx);
	rc = app_appr_create(&ctx, &in, &id, &err);
	json_decref(b);
	if (rc == APP_OK)
		http_set_header(resp, "Location",
				arena_printf(req->arena, "/api/v1/apprenticeships/%lld", id));
	api_done_id(req, resp, rc, &err, id);
}

/* GET /api/v1/apprenticeships/{id} */
void api_appr_get(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct appr_detail d;
	long long id = api_open_id(req, resp, &ctx);
	json_t *o, *arr;

	if (!id)
		return;
	if (app_appr_get(&ctx, id, &d, &err)) {
		api_fail(req, resp, &err);
		return;
	}
	o = class_json(&d.k);
	json_object_set_new(o, "standard_months", json_integer(d.standard_months));
	json_object_set_new(o, "special_months", json_boolean(d.special));
	json_object_set_new(o, "rules", json_loads(d.k.rules_body, 0, NULL));
	arr = json_array();
	for (size_t i = 0; i < d.ncourses; i++)
		json_array_append_new(arr, course_json(&d.courses[i]));
	json_object_set_new(o, "courses", arr);
	arr = json_array();
	for (size_t i = 0; i < d.napprentices; i++)
		json_array_append_new(arr, apprentice_json(&d.apprentices[i]));
	json_object_set_new(o, "apprentices", arr);
	api_send(resp, 200, o);
}

/* POST /api/v1/apprenticeships/{id}/status {status, agreement_no?, …} */
void api_appr_status(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct appr_class f;
	const char *to = NULL;
	long long id;
	int rc;
	json_t *b = api_open_body(req, resp, &ctx, &id);

	if (!b)
		return;
	memset(&f, 0, sizeof(f));
	if (!api_get_string(req, resp, b, "status", &to) ||
	    !api_get_string(req, resp, b, "agreement_no", &f.agreement_no) ||
	    !api_get_string(req, resp, b, "agreement_signed_on", &f.agreement_signed_on) ||
	    !api_get_string(req, resp, b, "filing_no", &f.filing_no) ||
	    !api_get_string(req, resp, b, "filing_date", &f.filing_date) ||
	    !api_get_string(req, resp, b, "filing_authority", &f.filing_authority)) {
		json_decref(b);
		return;
	}
	rc = app_appr_step(&ctx, id, to, &f, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

/* POST /api/v1/apprenticeships/{id}/courses {name, side, hours, credits} */
void api_appr_course(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *name = NULL, *side = NULL;
	long long id, cid = 0;
	int rc;
	json_t *b = api_open_body(req, resp, &ctx, &id);

	if (!b)
		return;
	if (!api_check_int32(req, resp, b, "hours", "credits", NULL) ||
	    !api_get_string(req, resp, b, "name", &name) ||
	    !api_get_string(req, resp, b, "side", &side)) {
		json_decref(b);
		return;
	}
	rc = app_appr_course_add(&ctx, id, name, side, int_of(b, "hours"),
				 int_of(b, "credits"), &cid, &err);
	json_decref(b);
	api_done_id(req, resp, rc, &err, cid);
}

/* POST /api/v1/apprenticeships/{id}/apprentices {person_id, contract_start,
 * contract_end, hire_kind, enterprise_mentor, school_mentor, wage?,
 * minimum_wage?, enterprise_mentor_id?, school_mentor_id?} */
void api_appr_apprentice_add(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct apprentice_input in;
	long long id, aid = 0;
	int rc;
	json_t *b = api_open_body(req, resp, &ctx, &id);

	if (!b)
		return;
	memset(&in, 0, sizeof(in));
	if (!api_check_int32(req, resp, b, "wage", "minimum_wage", NULL) ||
	    !api_get_string(req, resp, b, "contract_start", &in.contract_start) ||
	    !api_get_string(req, resp, b, "contract_end", &in.contract_end) ||
	    !api_get_string(req, resp, b, "hire_kind", &in.hire_kind) ||
	    !api_get_string(req, resp, b, "enterprise_mentor", &in.enterprise_mentor) ||
	    !api_get_string(req, resp, b, "school_mentor", &in.school_mentor)) {
		json_decref(b);
		return;
	}
	in.class_id = id;
	in.person_id = id_of(b, "person_id");
	in.enterprise_mentor_id = id_of(b, "enterprise_mentor_id");
	in.school_mentor_id = id_of(b, "school_mentor_id");
	in.wage = int_of(b, "wage");
	in.minimum_wage = int_of(b, "minimum_wage");
	rc = app_apprentice_add(&ctx, &in, &aid, &err);
	json_decref(b);
	api_done_id(req, resp, rc, &err, aid);
}

static json_t *claim_json(enum lang lang, const struct appr_claim *cl)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < cl->n; i++) {
		const struct appr_claim_line *l = &cl->lines[i];

		json_array_append_new(
			arr,
			json_pack("{s:I, s:I, s:s, s:s, s:s, s:i, s:i, s:i, s:i, s:i, s:i, "
				  "s:i, s:s, s:s}",
				  "apprentice_id", (json_int_t)l->a.id, "person_id",
				  (json_int_t)l->a.person_id, "person_name",
				  l->a.person_name, "status", l->a.status, "outcome",
				  appr_outcome_name(l->outcome), "cert_level",
				  l->a.cert_level, "months", l->months, "rate", l->s.rate,
				  "amount", l->s.amount, "advance", l->a.advance, "due",
				  l->s.due, "clawback", l->s.clawback, "rule", l->s.rule,
				  "rule_text", tr(lang, l->s.rule)));
	}
	return json_pack("{s:I, s:i, s:s, s:s, s:s, s:s, s:o, s:I, s:I, s:I}", "class_id",
			 (json_int_t)cl->k.id, "year", cl->year, "enterprise_name",
			 cl->k.enterprise_name, "enterprise_credit_code",
			 cl->k.enterprise_credit_code, "rules_code", cl->k.rules_code,
			 "rules_version", cl->k.rules_version, "lines", arr, "amount",
			 (json_int_t)cl->amount, "due", (json_int_t)cl->due, "clawback",
			 (json_int_t)cl->clawback);
}

/* ?year=, 0 when absent or not a year (app/ refuses it naming "year",
 * after the scope check) */
static int year_param(struct http_req *req)
{
	const char *y = http_query(req, "year");
	long long v = 0;

	return y && str_to_ll(y, 2000, 2100, &v) == 0 ? (int)v : 0;
}

/* GET /api/v1/apprenticeships/{id}/subsidy?year= */
void api_appr_claim(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct appr_claim cl;
	long long id = api_open_id(req, resp, &ctx);
	int rc;

	if (!id)
		return;
	rc = app_appr_claim(&ctx, id, year_param(req), &cl, &err);
	api_done(req, resp, rc, &err, 200,
		 rc == APP_OK ? claim_json(api_lang(req), &cl) : NULL);
}

static int this_year(void)
{
	char today[16];

	time_today(today, sizeof(today));
	return time_year(today);
}

/* GET /api/v1/apprenticeship-claims?year=[&institution_id=]: the claim
 * lists of every class the caller manages (per enterprise: of one
 * institution's classes) */
void api_appr_claims(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct appr_claims all;
	const char *inst = http_query(req, "institution_id");
	long long iid = 0;
	json_t *arr;
	int rc;

	if (inst && *inst && str_to_ll(inst, 1, 1LL << 62, &iid)) {
		api_error_msg(req, resp, 422, "invalid", "err.not_integer",
			      "institution_id");
		return;
	}
	api_ctx(req, &ctx);
	/* no year: this year's */
	rc = app_appr_claims(&ctx, iid,
			     http_query(req, "year") ? year_param(req) : this_year(),
			     &all, &err);
	if (rc) {
		api_fail(req, resp, &err);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < all.n; i++)
		json_array_append_new(arr, claim_json(api_lang(req), &all.classes[i]));
	api_send(resp, 200,
		 json_pack("{s:i, s:o, s:I, s:I, s:I}", "year", all.year, "classes", arr,
			   "amount", (json_int_t)all.amount, "due", (json_int_t)all.due,
			   "clawback", (json_int_t)all.clawback));
}

/* GET /api/v1/apprenticeships/{id}/subsidy.csv?year= */
void api_appr_claim_csv(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct appr_claim cl;
	long long id = api_open_id(req, resp, &ctx);
	enum lang lang = api_lang(req);
	int year = year_param(req);
	struct buf *b = &resp->body;

	if (!id)
		return;
	if (app_appr_claim(&ctx, id, year, &cl, &err)) {
		api_fail(req, resp, &err);
		return;
	}
	buf_reset(b);
	buf_puts(b, tr(lang, "apprenticeship.csv.header"));
	csv_end(b);
	for (size_t i = 0; i < cl.n; i++) {
		const struct appr_claim_line *l = &cl.lines[i];
		const char *nums = arena_printf(req->arena, "%d,%d,%d,%d,%d,%d,%d",
						l->a.cert_level, l->months, l->s.rate,
						l->s.amount, l->a.advance, l->s.due,
						l->s.clawback);

		csv_field(b, arena_printf(req->arena, "%d", year));
		csv_sep(b);
		csv_field(b, cl.k.enterprise_name);
		csv_sep(b);
		csv_field(b, cl.k.enterprise_credit_code);
		csv_sep(b);
		csv_field(b, l->a.person_name);
		csv_sep(b);
		csv_field(b, appr_outcome_name(l->outcome));
		csv_sep(b);
		buf_puts(b, nums);
		csv_sep(b);
		csv_field(b, tr(lang, l->s.rule));
		csv_sep(b);
		csv_field(b, arena_printf(req->arena, "%s %s", cl.k.rules_code,
					  cl.k.rules_version));
		csv_end(b);
	}
	resp->status = 200;
	resp->content_type = "text/csv; charset=utf-8";
	http_set_header(resp, "Content-Disposition",
			arena_printf(req->arena,
				     "attachment; filename=\"apprenticeship-%lld-%d.csv\"",
				     id, year));
	http_set_header(resp, "Cache-Control", "private, no-store");
}

/* GET /api/v1/apprentices/{id} */
void api_apprentice_get(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct apprentice_detail d;
	long long id = api_open_id(req, resp, &ctx);
	json_t *o, *arr;

	if (!id)
		return;
	if (app_apprentice_get(&ctx, id, &d, &err)) {
		api_fail(req, resp, &err);
		return;
	}
	o = apprentice_json(&d.a);
	json_object_set_new(o, "class", class_json(&d.k));
	arr = json_array();
	for (size_t i = 0; i < d.ncourses; i++)
		json_array_append_new(arr, course_json(&d.courses[i]));
	json_object_set_new(o, "courses", arr);
	arr = json_array();
	for (size_t i = 0; i < d.nprogress; i++) {
		const struct appr_progress *g = &d.progress[i];

		json_array_append_new(
			arr,
			json_pack("{s:I, s:I, s:s, s:s, s:i, s:i, s:s, s:s, s:s}", "id",
				  (json_int_t)g->id, "course_id",
				  (json_int_t)g->course_id, "course", g->course_name,
				  "side", g->course_side, "hours", g->hours, "credits",
				  g->credits, "assessment", g->assessment, "recorded_by",
				  g->recorded_by, "recorded_at", g->recorded_at));
	}
	json_object_set_new(o, "progress", arr);
	arr = json_array();
	for (size_t i = 0; i < d.ninterruptions; i++) {
		const struct appr_interruption *v = &d.interruptions[i];

		json_array_append_new(
			arr, json_pack("{s:s, s:o, s:s}", "from", v->from_on, "to",
				       *v->to_on ? json_string(v->to_on) : json_null(),
				       "reason", v->reason));
	}
	json_object_set_new(o, "interruptions", arr);
	json_object_set_new(o, "manage", json_boolean(d.manage));
	api_send(resp, 200, o);
}

/* POST /api/v1/apprentices/{id}/progress {course_id, hours, credits,
 * assessment?} */
void api_apprentice_progress(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *assessment = NULL;
	long long id;
	int rc;
	json_t *b = api_open_body(req, resp, &ctx, &id);

	if (!b)
		return;
	if (!api_check_int32(req, resp, b, "hours", "credits", NULL) ||
	    !api_get_string(req, resp, b, "assessment", &assessment)) {
		json_decref(b);
		return;
	}
	rc = app_apprentice_progress(&ctx, id, id_of(b, "course_id"), int_of(b, "hours"),
				     int_of(b, "credits"), assessment, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

/* POST /api/v1/apprentices/{id}/status {status, reason?, on?} */
void api_apprentice_status(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *to = NULL, *reason = NULL, *on = NULL;
	long long id;
	int rc;
	json_t *b = api_open_body(req, resp, &ctx, &id);

	if (!b)
		return;
	if (!api_get_string(req, resp, b, "status", &to) ||
	    !api_get_string(req, resp, b, "reason", &reason) ||
	    !api_get_string(req, resp, b, "on", &on)) {
		json_decref(b);
		return;
	}
	rc = app_apprentice_status(&ctx, id, to, reason, on, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

/* POST /api/v1/apprentices/{id}/enrol {plan_id} -> {enrolment_id, route} */
void api_apprentice_enrol(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *route = NULL;
	long long id, eid = 0;
	int rc;
	json_t *b = api_open_body(req, resp, &ctx, &id);

	if (!b)
		return;
	rc = app_apprentice_enrol(&ctx, id, id_of(b, "plan_id"), &eid, &route, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200,
		 rc == APP_OK ? json_pack("{s:I, s:s}", "enrolment_id", (json_int_t)eid,
					  "route", route ? route : "")
			      : NULL);
}

/* POST /api/v1/apprentices/{id}/advances {year, amount} */
void api_apprentice_advance(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id;
	int rc;
	json_t *b = api_open_body(req, resp, &ctx, &id);

	if (!b)
		return;
	if (!api_check_int32(req, resp, b, "year", "amount", NULL)) {
		json_decref(b);
		return;
	}
	rc = app_apprentice_advance(&ctx, id, int_of(b, "year"), int_of(b, "amount"), &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

/* GET /api/v1/me/apprenticeships: the holder's own records */
void api_my_apprenticeships(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct apprentice *items;
	size_t n;
	json_t *arr;

	api_ctx(req, &ctx);
	if (app_appr_mine(&ctx, &items, &n, &err)) {
		api_fail(req, resp, &err);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, apprentice_json(&items[i]));
	api_send(resp, 200, json_pack("{s:o}", "items", arr));
}
