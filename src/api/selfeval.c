/*
 * selfeval.c - enterprise self-evaluation (企业自主评价, issue 15): a plan's
 * candidate pool, the institution's HR filing and the enterprise
 * dashboard (app/selfeval.c has the rules; docs/self-evaluation.md).
 */
#include <string.h>

#include "api/api.h"
#include "api/common.h"

static json_t *pool_json(const struct selfeval_pool_view *v)
{
	json_t *o = json_object(), *arr = json_array();

	for (size_t i = 0; i < v->n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s}", "credit_code",
						     v->partners[i].credit_code,
						     "company_name",
						     v->partners[i].company_name));
	json_object_set_new(o, "plan_id", json_integer(v->plan.id));
	json_object_set_new(o, "candidate_pool", json_string(v->pool));
	json_object_set_new(o, "effective_pool", json_string(v->effective));
	json_object_set_new(o, "partners", arr);
	json_object_set_new(o, "hr_filing", json_string(v->hr.hr_filing));
	json_object_set_new(o, "hr_filing_outside", json_boolean(v->hr.outside));
	return o;
}

/* GET /api/v1/plans/{id}/candidate-pool -> 200 {candidate_pool,
 * effective_pool, partners: [{credit_code, company_name}], hr_filing,
 * hr_filing_outside} */
void api_selfeval_pool_get(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct selfeval_pool_view v;
	long long id = api_open_id(req, resp, &ctx);
	int rc;

	if (!id)
		return;
	rc = app_selfeval_pool_get(&ctx, id, &v, &err);
	api_done(req, resp, rc, &err, 200, rc == APP_OK ? pool_json(&v) : NULL);
}

/* POST /api/v1/plans/{id}/candidate-pool {candidate_pool, partners:
 * [{credit_code, company_name}]} -> 200 {"ok": true} */
void api_selfeval_pool_set(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct plan_partner *ps = NULL;
	const char *pool = NULL;
	long long id;
	json_t *b = api_open_body(req, resp, &ctx, &id), *parts, *v;
	size_t n = 0, i;
	int rc;

	if (!b)
		return;
	if (!api_get_string(req, resp, b, "candidate_pool", &pool)) {
		json_decref(b);
		return;
	}
	parts = json_object_get(b, "partners");
	if (parts && !json_is_null(parts) && !json_is_array(parts)) {
		json_decref(b);
		api_error_msg(req, resp, 422, "invalid", "apply.partner_code", "partners");
		return;
	}
	n = parts ? json_array_size(parts) : 0;
	ps = arena_alloc(req->arena, (n ? n : 1) * sizeof(*ps));
	if (!ps) {
		json_decref(b);
		api_error_msg(req, resp, 500, "internal", "err.internal", NULL);
		return;
	}
	json_array_foreach(parts, i, v)
	{
		const char *code = json_string_value(json_object_get(v, "credit_code"));
		json_t *name = json_object_get(v, "company_name");

		if (!json_is_object(v) || !code || (name && !json_is_string(name))) {
			json_decref(b);
			api_error_msg(req, resp, 422, "invalid", "apply.partner_code",
				      "partners");
			return;
		}
		ps[i].credit_code = arena_strdup(req->arena, code);
		ps[i].company_name = arena_strdup(req->arena,
						  name ? json_string_value(name) : "");
	}
	rc = app_selfeval_pool_set(&ctx, id, pool ? pool : "", ps, n, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

/* POST /api/v1/institutions/{id}/hr-filing {hr_filing: "" | "Y",
 * hr_filing_no, hr_filing_outside: bool} -> 200 {"ok": true} */
void api_selfeval_hr_set(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct selfeval_hr hr;
	long long id;
	json_t *b = api_open_body(req, resp, &ctx, &id), *out;
	int rc;

	if (!b)
		return;
	memset(&hr, 0, sizeof(hr));
	if (!api_get_string(req, resp, b, "hr_filing", &hr.hr_filing) ||
	    !api_get_string(req, resp, b, "hr_filing_no", &hr.hr_filing_no)) {
		json_decref(b);
		return;
	}
	out = json_object_get(b, "hr_filing_outside");
	if (out && !json_is_boolean(out) && !json_is_null(out)) {
		json_decref(b);
		api_error_msg(req, resp, 422, "invalid", "err.not_boolean",
			      "hr_filing_outside");
		return;
	}
	hr.outside = json_is_true(out);
	if (!hr.hr_filing)
		hr.hr_filing = "";
	rc = app_selfeval_hr_set(&ctx, id, &hr, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

/* GET /api/v1/institutions/{id}/dashboard -> 200 {institution_id,
 * hr_filing, staff, levels: {"0": n, "1".."5": n}, closing_days,
 * subsidy_closing: [{certificate_id, number, holder_name, level,
 * issued_on, last_day, days_left}], apprentices_by_stage: {classes,
 * active, interrupted, withdrawn, completed, enrolled}} */
void api_selfeval_dashboard(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct selfeval_dashboard d;
	long long id = api_open_id(req, resp, &ctx);
	json_t *o, *lv, *arr;
	int rc;

	if (!id)
		return;
	rc = app_selfeval_dashboard(&ctx, id, &d, &err);
	if (rc != APP_OK) {
		api_done(req, resp, rc, &err, 200, NULL);
		return;
	}
	o = json_object();
	lv = json_object();
	arr = json_array();
	for (int i = 0; i <= 5; i++)
		json_object_set_new(lv, (const char *[]){"0", "1", "2", "3", "4", "5"}[i],
				    json_integer(d.levels[i]));
	for (size_t i = 0; i < d.nclosing; i++) {
		const struct selfeval_closing *k = &d.closing[i];

		json_array_append_new(
			arr, json_pack("{s:I, s:I, s:s, s:s, s:s, s:i, s:s, s:s, s:i}",
				       "certificate_id", (json_int_t)k->cert.id,
				       "person_id", (json_int_t)k->cert.person_id, "number",
				       k->cert.number, "holder_name", k->cert.holder_name,
				       "occupation_name", k->cert.occupation_name, "level",
				       k->cert.level, "issued_on", k->cert.issued_on,
				       "last_day", k->last_day, "days_left", k->days_left));
	}
	json_object_set_new(o, "institution_id", json_integer(id));
	json_object_set_new(o, "credit_code", json_string(d.credit_code));
	json_object_set_new(o, "hr_filing", json_string(d.hr.hr_filing));
	json_object_set_new(o, "hr_filing_no", json_string(d.hr.hr_filing_no));
	json_object_set_new(o, "hr_filing_outside", json_boolean(d.hr.outside));
	json_object_set_new(o, "staff", json_integer(d.staff));
	json_object_set_new(o, "levels", lv);
	json_object_set_new(o, "closing_days", json_integer(d.days));
	json_object_set_new(o, "subsidy_closing", arr);
	/* apprentices of the institution's classes by stage */
	json_object_set_new(o, "apprentices_by_stage",
			    json_pack("{s:I, s:I, s:I, s:I, s:I, s:I}", "classes",
				      (json_int_t)d.appr_classes, "active",
				      (json_int_t)d.appr_stages[0], "interrupted",
				      (json_int_t)d.appr_stages[1], "withdrawn",
				      (json_int_t)d.appr_stages[2], "completed",
				      (json_int_t)d.appr_stages[3], "enrolled",
				      (json_int_t)d.appr_enrolled));
	api_done(req, resp, APP_OK, &err, 200, o);
}

/* ---- post-skill specifications ---- */

static json_t *spec_json(const struct post_spec_row *r)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
			 (json_int_t)r->id, "institution_id",
			 (json_int_t)r->institution_id, "code", r->code, "version",
			 r->version, "name", r->name, "occupation_code",
			 r->occupation_code, "standard_version", r->standard_version,
			 "sha256", r->sha256, "created_at", r->created_at);
}

/* GET /api/v1/institutions/{id}/post-specs -> 200 {"items": [...]} */
void api_post_spec_list(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct post_spec_row *xs = NULL;
	size_t n = 0;
	long long id = api_open_id(req, resp, &ctx);
	json_t *arr;
	int rc;

	if (!id)
		return;
	rc = app_post_spec_list(&ctx, id, &xs, &n, &err);
	arr = json_array();
	for (size_t i = 0; rc == APP_OK && i < n; i++)
		json_array_append_new(arr, spec_json(&xs[i]));
	api_done(req, resp, rc, &err, 200, json_pack("{s:o}", "items", arr));
}

/* POST /api/v1/institutions/{id}/post-specs {body: {...} | "…"} or
 * {builtin: "code"} -> 201 {"id"} */
void api_post_spec_add(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *builtin = NULL, *body;
	long long id, spec_id = 0;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc;

	if (!b)
		return;
	if (!api_get_string(req, resp, b, "builtin", &builtin)) {
		json_decref(b);
		return;
	}
	body = api_json_text(req, b, "body");
	rc = app_post_spec_add(&ctx, id, body, builtin, &spec_id, &err);
	json_decref(b);
	api_done_id(req, resp, rc, &err, spec_id);
}

/* GET /api/v1/plans/{id}/post-spec -> 200 {"post_spec": {...} | null} */
void api_plan_post_spec_get(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct post_spec_row r;
	bool has = false;
	long long id = api_open_id(req, resp, &ctx);
	int rc;

	if (!id)
		return;
	rc = app_plan_post_spec_get(&ctx, id, &r, &has, &err);
	api_done(req, resp, rc, &err, 200,
		 rc == APP_OK ? json_pack("{s:o}", "post_spec",
					  has ? spec_json(&r) : json_null())
			      : NULL);
}

/* POST /api/v1/plans/{id}/post-spec {post_spec_id: id | null} -> 200 */
void api_plan_post_spec_set(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id;
	json_t *b = api_open_body(req, resp, &ctx, &id), *v;
	int rc;

	if (!b)
		return;
	v = json_object_get(b, "post_spec_id");
	if (v && !json_is_null(v) && (!json_is_integer(v) || json_integer_value(v) < 0)) {
		json_decref(b);
		api_error_msg(req, resp, 422, "invalid", "err.not_integer", "post_spec_id");
		return;
	}
	rc = app_plan_post_spec_set(&ctx, id,
				    json_is_integer(v) ? json_integer_value(v) : 0, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}
