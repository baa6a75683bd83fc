/*
 * scores.c - scoring a plan through the API (/api/v1/plans/{id}/scores,
 * corrections), and the public results with appeals (/api/v1/results).
 */
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "base/str.h"

static long long int_of(json_t *o, const char *name)
{
	json_t *v = json_object_get(o, name);

	return json_is_integer(v) ? json_integer_value(v) : 0;
}

static const char *str_of(json_t *o, const char *name)
{
	json_t *v = json_object_get(o, name);

	if (json_is_real(v) || json_is_integer(v))
		return NULL; /* numbers must come as text: "85.5" */
	return json_string_value(v);
}

void api_score_enter(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id;
	json_t *b = api_open_body(req, resp, &ctx, &id), *score;
	const char *text;
	char num[32];
	int rc;

	if (!b)
		return;
	/* a score may come as "85.5" or as the number 85.5 */
	score = json_object_get(b, "score");
	if (json_is_integer(score))
		text = arena_printf(req->arena, "%lld",
				    (long long)json_integer_value(score));
	else if (json_is_real(score)) {
		snprintf(num, sizeof(num), "%.10g", json_real_value(score));
		text = arena_strdup(req->arena, num);
	} else
		text = json_string_value(score);
	rc = app_score_enter(&ctx, id, int_of(b, "enrolment_id"), str_of(b, "component"),
			     int_of(b, "assessor_id"), text, str_of(b, "status"),
			     str_of(b, "reason"), &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

static json_t *tenths_json(int t) { return t >= 0 ? json_integer(t) : json_null(); }

/* GET: the score sheet, every entry and every locked component */
void api_score_sheet(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct score_sheet s;
	long long id = api_open_id(req, resp, &ctx);
	json_t *entries, *locked;
	int rc;

	if (!id)
		return;
	rc = app_score_sheet(&ctx, id, &s, &err);
	if (rc) {
		api_done(req, resp, rc, &err, 200, NULL);
		return;
	}
	entries = json_array();
	for (size_t i = 0; i < s.nentries; i++) {
		const struct score_row *r = &s.entries[i];

		json_array_append_new(
			entries,
			json_pack("{s:I, s:s, s:I, s:o, s:s, s:s, s:s, s:s}",
				  "enrolment_id", (json_int_t)r->enrolment_id, "component",
				  r->component, "assessor_id", (json_int_t)r->assessor_id,
				  "tenths", tenths_json(r->tenths), "status", r->status,
				  "reason", r->reason ? r->reason : "", "entered_by",
				  r->entered_by ? r->entered_by : "", "entered_at",
				  r->entered_at ? r->entered_at : ""));
	}
	locked = json_array();
	for (size_t i = 0; i < s.nlocked; i++) {
		const struct component_row *r = &s.locked[i];

		json_array_append_new(
			locked,
			json_pack("{s:I, s:s, s:o, s:s, s:s, s:s}", "enrolment_id",
				  (json_int_t)r->enrolment_id, "component", r->component,
				  "tenths", tenths_json(r->tenths), "status", r->status,
				  "submitted_by", r->submitted_by ? r->submitted_by : "",
				  "submitted_at", r->submitted_at ? r->submitted_at : ""));
	}
	api_done(req, resp, APP_OK, &err, 200,
		 json_pack("{s:o, s:o}", "entries", entries, "locked", locked));
}

void api_score_submit(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc;

	if (!b)
		return;
	rc = app_score_submit(&ctx, id, int_of(b, "enrolment_id"), str_of(b, "component"),
			      str_of(b, "moderation_note"), &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

void api_score_correction(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id, cid;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc;

	if (!b)
		return;
	rc = app_score_correction_request(&ctx, id, int_of(b, "enrolment_id"),
					  str_of(b, "component"), int_of(b, "assessor_id"),
					  str_of(b, "score"), str_of(b, "status"),
					  str_of(b, "reason"), &cid, &err);
	json_decref(b);
	api_done_id(req, resp, rc, &err, cid);
}

void api_score_correction_decide(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc;

	if (!b)
		return;
	rc = app_score_correction_decide(&ctx, id,
					 json_is_true(json_object_get(b, "approve")),
					 str_of(b, "note"), &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

void api_results(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct plan p;
	struct result_row *items;
	size_t n;
	long long id = api_open_id(req, resp, &ctx);
	json_t *arr, *o;

	if (!id)
		return;
	if (app_results(&ctx, id, &p, &items, &n, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s}", "name",
						     items[i].person_name, "id_masked",
						     items[i].person_masked_id, "outcome",
						     items[i].outcome));
	o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:s, s:o}", "plan_id",
		      (json_int_t)p.id, "title", p.title, "institution",
		      p.institution_name, "occupation_code", p.occupation_code,
		      "occupation_name", p.occupation_name, "level", p.level, "status",
		      p.status, "results", arr);
	json_object_set_new(o, "notice_start",
			    p.notice_start ? json_string(p.notice_start) : json_null());
	json_object_set_new(o, "notice_end",
			    p.notice_end ? json_string(p.notice_end) : json_null());
	api_send(resp, 200, o);
}

void api_appeal_file(struct http_req *req, struct http_resp *resp)
{
	api_appeal_post(req, resp, app_appeal_file);
}

void api_appeal_resolve(struct http_req *req, struct http_resp *resp)
{
	api_appeal_resolve_post(req, resp, app_appeal_resolve);
}

/* POST /api/v1/people-import and /api/v1/plans/{id}/import/{kind}: the
 * file is the request body (CSV or XLSX). */
static void import(struct http_req *req, struct http_resp *resp, enum assess_import kind,
		   long long plan_id)
{
	struct app_ctx ctx;
	struct app_error err;
	struct import_report rep;
	struct assess_import_opts o = {api_dry_run(req), NULL, NULL, 0};
	const char *inst = http_query(req, "institution_id");
	int rc;

	/* people: ?institution_id= registers the new ones for it */
	if (kind == IMPORT_PEOPLE && inst &&
	    str_to_ll(inst, 1, 1LL << 62, &o.institution_id)) {
		struct app_error e = {APP_INVALID, "institution_id",
				      "val.parent.not_found", NULL, 0};

		api_fail(req, resp, &e);
		return;
	}
	api_ctx(req, &ctx);
	rc = app_assess_import(&ctx, kind, plan_id, req->body, req->body_len, NULL, &o,
			       &rep, &err);
	api_import_report(req, resp, rc, &rep, &err, o.dry_run);
}

void api_people_import(struct http_req *req, struct http_resp *resp)
{
	import(req, resp, IMPORT_PEOPLE, 0);
}

void api_legacy_import(struct http_req *req, struct http_resp *resp)
{
	import(req, resp, IMPORT_LEGACY, 0);
}

static void plan_import(struct http_req *req, struct http_resp *resp, enum assess_import kind)
{
	long long id = api_param_id(req, resp, 0);

	if (id)
		import(req, resp, kind, id);
}

void api_plan_import_enrolments(struct http_req *req, struct http_resp *resp)
{
	plan_import(req, resp, IMPORT_ENROLMENTS);
}

void api_plan_import_scores(struct http_req *req, struct http_resp *resp)
{
	plan_import(req, resp, IMPORT_SCORES);
}
