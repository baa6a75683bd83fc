/* applications.c - online application (网上报名, issue 12): opening a plan
 * for application and the public list of plans taking applications
 * (app/application.c has the rules). */
#include <string.h>

#include "api/api.h"
#include "api/common.h"

/* POST /api/v1/plans/{id}/application-offer {audience, opens_on, closes_on,
 * fee, partners: ["credit code", ...]} -> 200 {"ok": true} */
void api_plan_apply_offer(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct apply_offer_input in;
	long long id = api_param_id(req, resp, 0);
	json_t *b, *parts;
	const char *codes = "";
	int rc;

	if (!id || !(b = api_read_object(req, resp)))
		return;
	memset(&in, 0, sizeof(in));
	if (!api_get_string(req, resp, b, "audience", &in.audience) ||
	    !api_get_string(req, resp, b, "opens_on", &in.opens_on) ||
	    !api_get_string(req, resp, b, "closes_on", &in.closes_on) ||
	    !api_get_string(req, resp, b, "fee", &in.fee)) {
		json_decref(b);
		return;
	}
	parts = json_object_get(b, "partners");
	if (parts && !json_is_null(parts)) {
		size_t i;
		json_t *v;

		if (!json_is_array(parts)) {
			json_decref(b);
			api_error_msg(req, resp, 422, "invalid", "apply.partner_code",
				      "partners");
			return;
		}
		json_array_foreach(parts, i, v)
		{
			if (!json_is_string(v)) {
				json_decref(b);
				api_error_msg(req, resp, 422, "invalid",
					      "apply.partner_code", "partners");
				return;
			}
			codes = arena_printf(req->arena, "%s%s%s", codes, i ? "," : "",
					     json_string_value(v));
		}
	}
	in.partners = codes;
	api_ctx(req, &ctx);
	rc = app_apply_offer_set(&ctx, id, &in, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

/* GET /api/v1/applications/open?occupation=&level=&province=&institution=
 * -> 200 {"plans": [...]}: public */
void api_apply_open(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct apply_filter f;
	struct apply_listing *xs = NULL;
	size_t n = 0;
	json_t *arr;
	int rc;

	api_ctx(req, &ctx);
	rc = app_apply_filter_parse(http_query(req, "occupation"),
				    http_query(req, "level"), http_query(req, "province"),
				    http_query(req, "institution"), &f, &err);
	if (rc == APP_OK)
		rc = app_apply_open_list(&ctx, &f, &xs, &n, &err);
	arr = json_array();
	for (size_t i = 0; rc == APP_OK && i < n; i++) {
		const struct plan *p = &xs[i].plan;
		const struct apply_offer *o = &xs[i].offer;
		json_t *partners = json_array();

		for (size_t k = 0; k < xs[i].npartners; k++)
			json_array_append_new(partners, json_string(xs[i].partners[k]));
		json_array_append_new(
			arr,
			json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:i, s:s?, s:s, s:s, s:s, s:s, "
				  "s:I, s:I, s:o}",
				  "plan_id", (json_int_t)p->id, "title", p->title,
				  "institution_id", (json_int_t)p->institution_id,
				  "institution_name", p->institution_name, "province",
				  o->province ? o->province : "", "occupation_code",
				  p->occupation_code, "level", p->level, "theory_on",
				  p->theory_on, "audience", o->audience, "opens_on",
				  o->opens_on, "closes_on", o->closes_on, "fee", o->fee,
				  "capacity", (json_int_t)p->capacity, "places_left",
				  (json_int_t)xs[i].places_left, "partners", partners));
	}
	api_done(req, resp, rc, &err, 200, json_pack("{s:o}", "plans", arr));
}

/* ---- a holder's applications ---- */

/* The facts of a body (absent members: not given). Answers 422 and
 * returns false when a member has the wrong type. */
static bool read_facts(struct http_req *req, struct http_resp *resp, json_t *b,
		       struct application_facts *f)
{
	static const char *const bools[] = {"diploma_related", "diploma_final_year",
					    "cert_related"};
	bool *flags[] = {&f->diploma_related, &f->diploma_final_year, &f->cert_related};
	json_t *v;

	memset(f, 0, sizeof(*f));
	if (!api_get_string(req, resp, b, "route_id", &f->route_id) ||
	    !api_get_string(req, resp, b, "diploma_type", &f->diploma_type) ||
	    !api_get_string(req, resp, b, "graduated_on", &f->graduated_on) ||
	    !api_get_string(req, resp, b, "work_start", &f->work_start) ||
	    !api_get_string(req, resp, b, "cert_kind", &f->cert_kind) ||
	    !api_get_string(req, resp, b, "cert_occupation_code", &f->cert_occupation_code) ||
	    !api_get_string(req, resp, b, "cert_issued_on", &f->cert_issued_on) ||
	    !api_get_string(req, resp, b, "cert_number", &f->cert_number) ||
	    !api_get_string(req, resp, b, "employer_credit_code", &f->employer_credit_code) ||
	    !api_check_int32(req, resp, b, "program_level", "cert_level", "cert_id", NULL))
		return false;
	for (size_t i = 0; i < 3; i++) {
		v = json_object_get(b, bools[i]);
		if (v && !json_is_null(v) && !json_is_boolean(v)) {
			api_error_msg(req, resp, 422, "invalid", "err.not_boolean",
				      bools[i]);
			return false;
		}
		*flags[i] = json_is_true(v);
	}
	f->program_level = (int)json_integer_value(json_object_get(b, "program_level"));
	f->cert_level = (int)json_integer_value(json_object_get(b, "cert_level"));
	f->cert_id = json_integer_value(json_object_get(b, "cert_id"));
	return true;
}

/* The photo (base64) and documents ([{name, data}], data base64) of a
 * body. Answers 422 naming "photo" or "documents" and returns false when
 * they are not so. */
static bool read_files(struct http_req *req, struct http_resp *resp, json_t *b,
		       struct app_ctx *ctx, struct apply_input *in)
{
	json_t *photo = json_object_get(b, "photo"),
	       *docs = json_object_get(b, "documents");
	struct apply_upload *ups;
	size_t i;
	json_t *d;

	if (photo && !json_is_null(photo) &&
	    (!json_is_string(photo) || !app_base64_decode(ctx, json_string_value(photo),
							  &in->photo.data, &in->photo.len))) {
		api_error_msg(req, resp, 422, "invalid", "val.photo.type", "photo");
		return false;
	}
	if (!docs || json_is_null(docs))
		return true;
	if (!json_is_array(docs) || json_array_size(docs) > 100 ||
	    !(ups = arena_alloc(req->arena, (json_array_size(docs) + 1) * sizeof(*ups)))) {
		api_error_msg(req, resp, 422, "invalid", "apply.doc_type", "documents");
		return false;
	}
	json_array_foreach(docs, i, d)
	{
		json_t *name = json_object_get(d, "name"),
		       *data = json_object_get(d, "data");

		if (!json_is_string(data) ||
		    !app_base64_decode(ctx, json_string_value(data), &ups[i].data,
				       &ups[i].len)) {
			api_error_msg(req, resp, 422, "invalid", "apply.doc_type",
				      "documents");
			return false;
		}
		ups[i].name = json_is_string(name) ? json_string_value(name) : "";
	}
	in->docs = ups;
	in->ndocs = json_array_size(docs);
	return true;
}

/* Every route of the level: passed, or its first failing condition in
 * words. */
static json_t *routes_json(struct http_req *req, const struct eligibility_result *r)
{
	json_t *routes = json_array();

	for (size_t i = 0; i < r->nroutes; i++) {
		const struct elig_route_result *x = &r->routes[i];
		json_t *e = json_pack("{s:s, s:s, s:b}", "id",
				      x->route ? x->route->id : "", "text",
				      x->route && x->route->text ? x->route->text : "",
				      "passed", x->passed);

		if (!x->passed && x->key) {
			json_object_set_new(e, "key", json_string(x->key));
			json_object_set_new(e, "field", json_string(app_elig_field(x->key)));
			json_object_set_new(e, "message",
					    json_string(app_elig_explain(req->arena,
									 api_lang(req), x)));
		}
		json_array_append_new(routes, e);
	}
	return routes;
}

/* A refusal; one for the chosen route names its condition in words (the
 * message), its key and the route. */
static void refuse(struct http_req *req, struct http_resp *resp,
		   const struct app_error *err, const struct eligibility_result *elig)
{
	const struct elig_route_result *x = NULL;

	for (size_t i = 0; err->detail && i < elig->nroutes; i++)
		if (elig->routes[i].route && !strcmp(elig->routes[i].route->id, err->detail))
			x = &elig->routes[i];
	if (err->status != APP_INVALID || !x || !x->key) {
		api_fail(req, resp, err);
		return;
	}
	api_send(resp, 422,
		 json_pack("{s:{s:s, s:s, s:s, s:s, s:s}}", "error", "code", "invalid",
			   "message", app_elig_explain(req->arena, api_lang(req), x),
			   "field", err->field ? err->field : "route_id", "key", x->key,
			   "route", err->detail));
}

static json_t *application_json(const struct plan_application *a)
{
	const struct application_facts *f = &a->f;

	return json_pack("{s:I, s:I, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:s, "
			 "s:i, s:s, s:I, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s}",
			 "id", (json_int_t)a->id, "plan_id", (json_int_t)a->plan_id,
			 "plan_title", a->plan_title, "level", a->level,
			 "occupation_name", a->occupation_name, "status", a->status,
			 "reason", a->reason, "route_id", f->route_id, "diploma_type",
			 f->diploma_type, "diploma_related", f->diploma_related,
			 "diploma_final_year", f->diploma_final_year, "graduated_on",
			 f->graduated_on, "program_level", f->program_level, "work_start",
			 f->work_start, "cert_id", (json_int_t)f->cert_id, "cert_kind",
			 f->cert_kind, "cert_occupation_code", f->cert_occupation_code,
			 "cert_level", f->cert_level, "cert_issued_on", f->cert_issued_on,
			 "cert_number", f->cert_number, "employer_credit_code",
			 f->employer_credit_code, "person_name", a->person_name,
			 "created_at", a->created_at, "updated_at", a->updated_at);
}

static json_t *view_json(struct http_req *req, const struct application_view *v)
{
	json_t *o = application_json(&v->a), *docs = json_array();

	for (size_t i = 0; i < v->ndocs; i++)
		json_array_append_new(
			docs, json_pack("{s:I, s:s, s:s, s:s, s:I, s:s}", "id",
					(json_int_t)v->docs[i].id, "kind", v->docs[i].kind,
					"name", v->docs[i].name, "mime", v->docs[i].mime,
					"bytes", (json_int_t)v->docs[i].bytes, "sha256",
					v->docs[i].sha256));
	json_object_set_new(o, "documents", docs);
	json_object_set_new(o, "enrolment_id",
			    v->a.enrolment_id ? json_integer(v->a.enrolment_id)
					      : json_null());
	json_object_set_new(o, "eligible", json_boolean(v->elig.eligible));
	json_object_set_new(o, "routes", routes_json(req, &v->elig));
	return o;
}

/* POST /api/v1/me/applications/check {plan_id, facts} -> 200 {eligible,
 * route_passed, routes: [{id, text, passed, key, field, message}]} */
void api_my_application_check(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct application_facts f;
	struct eligibility_result *elig = arena_alloc(req->arena, sizeof(*elig));
	bool passed = false;
	json_t *b;
	int rc;

	if (!elig || !(b = api_read_object(req, resp)))
		return;
	if (!read_facts(req, resp, b, &f) ||
	    !api_check_int32(req, resp, b, "plan_id", NULL)) {
		json_decref(b);
		return;
	}
	api_ctx(req, &ctx);
	rc = app_application_check(&ctx, json_integer_value(json_object_get(b, "plan_id")),
				   &f, elig, &err);
	json_decref(b);
	for (size_t i = 0; rc == APP_OK && i < elig->nroutes; i++)
		if (elig->routes[i].route && f.route_id &&
		    !strcmp(elig->routes[i].route->id, f.route_id))
			passed = elig->routes[i].passed;
	api_done(req, resp, rc, &err, 200,
		 rc ? NULL
		    : json_pack("{s:b, s:b, s:o}", "eligible", elig->eligible,
				"route_passed", passed, "routes", routes_json(req, elig)));
}

/* POST /api/v1/me/applications {plan_id, facts, photo, documents} -> 201 {id} */
void api_my_application_submit(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct apply_input in;
	struct eligibility_result *elig = arena_alloc(req->arena, sizeof(*elig));
	long long id = 0;
	json_t *b;
	int rc;

	if (!elig || !(b = api_read_object(req, resp)))
		return;
	memset(&in, 0, sizeof(in));
	api_ctx(req, &ctx);
	if (!read_facts(req, resp, b, &in.f) || !read_files(req, resp, b, &ctx, &in) ||
	    !api_check_int32(req, resp, b, "plan_id", NULL)) {
		json_decref(b);
		return;
	}
	rc = app_application_submit(&ctx, json_integer_value(json_object_get(b, "plan_id")),
				    &in, &id, elig, &err);
	json_decref(b);
	if (rc) {
		refuse(req, resp, &err, elig);
		return;
	}
	api_send(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

/* POST /api/v1/me/applications/{id}: a returned one submitted again */
void api_my_application_resubmit(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct apply_input in;
	struct eligibility_result *elig = arena_alloc(req->arena, sizeof(*elig));
	long long id = api_param_id(req, resp, 0);
	json_t *b;
	int rc;

	if (!id || !elig || !(b = api_read_object(req, resp)))
		return;
	memset(&in, 0, sizeof(in));
	api_ctx(req, &ctx);
	if (!read_facts(req, resp, b, &in.f) || !read_files(req, resp, b, &ctx, &in)) {
		json_decref(b);
		return;
	}
	rc = app_application_resubmit(&ctx, id, &in, elig, &err);
	json_decref(b);
	if (rc) {
		refuse(req, resp, &err, elig);
		return;
	}
	api_send(resp, 200, json_pack("{s:b}", "ok", 1));
}

/* GET /api/v1/me/applications -> {"applications": [...]} */
void api_my_applications(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct plan_application *xs = NULL;
	size_t n = 0;
	json_t *arr = json_array();
	int rc;

	api_ctx(req, &ctx);
	rc = app_application_mine(&ctx, &xs, &n, &err);
	for (size_t i = 0; rc == APP_OK && i < n; i++)
		json_array_append_new(arr, application_json(&xs[i]));
	api_done(req, resp, rc, &err, 200, json_pack("{s:o}", "applications", arr));
}

/* GET /api/v1/me/applications/{id} */
void api_my_application(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct application_view *v = arena_alloc(req->arena, sizeof(*v));
	long long id = api_param_id(req, resp, 0);
	int rc;

	if (!id || !v)
		return;
	api_ctx(req, &ctx);
	rc = app_application_get(&ctx, 0, id, v, &err);
	api_done(req, resp, rc, &err, 200, rc ? NULL : view_json(req, v));
}

/* GET /api/v1/plans/{id}/applications (plan.manage) */
void api_plan_applications(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct application_view *xs = NULL;
	size_t n = 0;
	long long id = api_open_id(req, resp, &ctx);
	json_t *arr;
	int rc;

	if (!id)
		return;
	rc = app_application_list(&ctx, id, &xs, &n, &err);
	arr = json_array();
	for (size_t i = 0; rc == APP_OK && i < n; i++)
		json_array_append_new(arr, view_json(req, &xs[i]));
	api_done(req, resp, rc, &err, 200, json_pack("{s:o}", "applications", arr));
}

/* POST /api/v1/plans/{id}/applications/{aid}/decision {decision, reason}
 * -> 200 {status, enrolment_id} */
void api_plan_application_decide(struct http_req *req, struct http_resp *resp)
{
	static const char *const done[] = {"accept",   "accepted", "return",
					   "returned", "reject",   "rejected"};
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_param_id(req, resp, 0), aid, eid = 0;
	const char *decision = NULL, *reason = NULL, *status = "";
	json_t *b;
	int rc;

	if (!id || !(aid = api_param_id(req, resp, 1)) || !(b = api_read_object(req, resp)))
		return;
	if (!api_get_string(req, resp, b, "decision", &decision) ||
	    !api_get_string(req, resp, b, "reason", &reason)) {
		json_decref(b);
		return;
	}
	api_ctx(req, &ctx);
	rc = app_application_decide(&ctx, id, aid, decision, reason, &eid, &err);
	for (size_t i = 0; rc == APP_OK && i < 6; i += 2)
		if (!strcmp(decision, done[i]))
			status = done[i + 1];
	json_decref(b);
	api_done(req, resp, rc, &err, 200,
		 rc ? NULL
		    : json_pack("{s:s, s:o}", "status", status, "enrolment_id",
				eid ? json_integer(eid) : json_null()));
}

/* GET /api/v1/plans/{id}/applications/{aid}/documents/{did}: the bytes */
void api_plan_application_document(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct application_doc meta;
	long long id = api_param_id(req, resp, 0), aid, did;

	if (!id || !(aid = api_param_id(req, resp, 1)) ||
	    !(did = api_param_id(req, resp, 2)))
		return;
	api_ctx(req, &ctx);
	if (app_application_doc(&ctx, id, aid, did, &meta, &resp->body, &err)) {
		api_fail(req, resp, &err);
		return;
	}
	resp->status = 200;
	resp->content_type = meta.mime;
	http_attachment(req, resp, meta.name);
	http_set_header(resp, "X-Content-SHA256", meta.sha256);
}
