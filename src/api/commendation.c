/*
 * commendation.c - /api/v1/commendations (annual commendations, issue 14):
 * campaigns with their rules, timetable, quotas and status; nominations
 * with their endorsement, return, withdrawal, resubmission and
 * attachments. app/commendation.c decides who sees and does what.
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

static json_t *campaign_json(const struct commendation_campaign *x)
{
	return json_pack("{s:I, s:i, s:s, s:s, s:s, s:s, s:i, s:s?, s:s?, s:s, s:s?, s:s, "
			 "s:i, s:s, s:s, s:s}",
			 "id", (json_int_t)x->id, "year", x->year, "title", x->title,
			 "status", x->status, "nominate_until", x->nominate_until,
			 "review_until", x->review_until, "notice_days", x->notice_days,
			 "notice_start", x->notice_start, "notice_end", x->notice_end,
			 "decision_no", x->decision_no, "decision_date", x->decision_date,
			 "signatory", x->signatory, "rules_version", x->rules_version,
			 "rules_code", x->rules_code, "rules_digest", x->rules_digest,
			 "updated_at", x->updated_at);
}

static json_t *nom_json(const struct commendation_nomination *n)
{
	json_t *figures = json_loads(n->figures ? n->figures : "{}", 0, NULL);

	return api_category_names(
		json_pack("{s:I, s:I, s:s, s:I, s:s, s:o?, s:s, s:I, s:s, s:I, s:s, s:s, s:s, "
			  "s:s, s:s, s:s?, s:s, s:s, s:o}",
			  "id", (json_int_t)n->id, "campaign_id",
			  (json_int_t)n->campaign_id, "category", n->category,
			  "institution_id", (json_int_t)n->institution_id,
			  "institution_name", n->institution_name, "person_id",
			  n->person_id ? json_integer(n->person_id) : NULL, "person_name",
			  n->person_name, "nominated_by", (json_int_t)n->nominated_by,
			  "nominator_name", n->nominator_name, "branch_id",
			  (json_int_t)n->branch_id, "branch_name", n->branch_name,
			  "province", n->province ? n->province : "", "status", n->status,
			  "status_reason", n->status_reason, "endorsed_by",
			  n->endorsed_by, "endorsed_at", n->endorsed_at, "achievements",
			  n->achievements, "created_at", n->created_at, "figures",
			  figures ? figures : json_object()),
		n->category, n->category_name, n->category_name_en);
}

void api_commend_list(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct commendation_campaign *items;
	size_t n;
	json_t *arr;

	api_ctx(req, &ctx);
	if (app_commend_list(&ctx, &items, &n, &err)) {
		api_fail(req, resp, &err);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, campaign_json(&items[i]));
	api_send(resp, 200, json_pack("{s:o}", "items", arr));
}

void api_commend_create(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct commend_campaign_input in;
	long long id = 0;
	json_t *b = api_read_object(req, resp);
	int rc;

	if (!b)
		return;
	if (!api_check_int32(req, resp, b, "year", "notice_days", NULL)) {
		json_decref(b);
		return;
	}
	memset(&in, 0, sizeof(in));
	in.year = (int)int_of(b, "year");
	in.notice_days = (int)int_of(b, "notice_days");
	if (!api_get_string(req, resp, b, "title", &in.title) ||
	    !api_get_string(req, resp, b, "rules_code", &in.rules_code) ||
	    !api_get_string(req, resp, b, "nominate_until", &in.nominate_until) ||
	    !api_get_string(req, resp, b, "review_until", &in.review_until)) {
		json_decref(b);
		return;
	}
	in.rules = api_json_text(req, b, "rules");
	api_ctx(req, &ctx);
	rc = app_commend_create(&ctx, &in, &id, &err);
	json_decref(b);
	if (rc == APP_OK)
		http_set_header(resp, "Location",
				arena_printf(req->arena, "/api/v1/commendations/%lld", id));
	api_done_id(req, resp, rc, &err, id);
}

void api_commend_get(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct commend_detail d;
	long long id = api_open_id(req, resp, &ctx);
	json_t *o, *arr;

	if (!id)
		return;
	if (app_commend_get(&ctx, id, &d, &err)) {
		api_fail(req, resp, &err);
		return;
	}
	o = campaign_json(&d.campaign);
	arr = json_array();
	for (size_t i = 0; i < d.nrules; i++)
		json_array_append_new(arr, json_pack("{s:i, s:s, s:s, s:s}", "version",
						     d.rules[i].version, "code",
						     d.rules[i].code, "digest",
						     d.rules[i].digest, "created_at",
						     d.rules[i].created_at));
	json_object_set_new(o, "rules_versions", arr);
	json_object_set_new(o, "rules", json_loads(d.rules_body, 0, NULL));
	arr = json_array();
	for (size_t i = 0; i < d.nquotas; i++)
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:i}", "category",
						     d.quotas[i].category, "scope",
						     d.quotas[i].scope, "scope_key",
						     d.quotas[i].scope_key, "quota",
						     d.quotas[i].quota));
	json_object_set_new(o, "quotas", arr);
	arr = json_array();
	for (size_t i = 0; i < d.nnoms; i++)
		json_array_append_new(arr, nom_json(&d.noms[i]));
	json_object_set_new(o, "nominations", arr);
	json_object_set_new(o, "manage", json_boolean(d.manage));
	json_object_set_new(o, "nominate", json_boolean(d.nominate));
	api_send(resp, 200, o);
}

void api_commend_rules(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id;
	const char *code = NULL;
	int version = 0, rc;
	json_t *b = api_open_body(req, resp, &ctx, &id);

	if (!b)
		return;
	if (!api_get_string(req, resp, b, "rules_code", &code)) {
		json_decref(b);
		return;
	}
	rc = app_commend_rules(&ctx, id, code, api_json_text(req, b, "rules"), &version,
			       &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, json_pack("{s:i}", "version", version));
}

void api_commend_timetable(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id;
	const char *until = NULL, *review = NULL;
	int rc;
	json_t *b = api_open_body(req, resp, &ctx, &id);

	if (!b)
		return;
	if (!api_check_int32(req, resp, b, "notice_days", NULL) ||
	    !api_get_string(req, resp, b, "nominate_until", &until) ||
	    !api_get_string(req, resp, b, "review_until", &review)) {
		json_decref(b);
		return;
	}
	rc = app_commend_timetable(&ctx, id, until, review, (int)int_of(b, "notice_days"),
				   &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

void api_commend_quota(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id;
	const char *category = NULL, *scope = NULL, *key = NULL;
	int rc;
	json_t *b = api_open_body(req, resp, &ctx, &id);

	if (!b)
		return;
	if (!api_check_int32(req, resp, b, "quota", NULL) ||
	    !api_get_string(req, resp, b, "category", &category) ||
	    !api_get_string(req, resp, b, "scope", &scope) ||
	    !api_get_string(req, resp, b, "scope_key", &key)) {
		json_decref(b);
		return;
	}
	if (!json_is_integer(json_object_get(b, "quota"))) {
		json_decref(b);
		api_error_msg(req, resp, 422, "invalid", "commendation.quota_invalid",
			      "quota");
		return;
	}
	rc = app_commend_quota(&ctx, id, category, scope, key, (int)int_of(b, "quota"),
			       &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

/* The center's entry of a category from the body: {"code", "name",
 * "name_en"?, "kind", "quota": {"all"?, "branch"?, "province"?},
 * "eligibility": [{"rule", "value"?}]}; false after answering 422 naming
 * the field. */
static bool cat_input(struct http_req *req, struct http_resp *resp, json_t *b,
		      struct commend_cat_input *in)
{
	const char *kind = NULL;
	json_t *q = json_object_get(b, "quota"), *el = json_object_get(b, "eligibility"),
	       *e;
	size_t i;

	memset(in, 0, sizeof(*in));
	if (!api_get_string(req, resp, b, "code", &in->code) ||
	    !api_get_string(req, resp, b, "name", &in->name) ||
	    !api_get_string(req, resp, b, "name_en", &in->name_en) ||
	    !api_get_string(req, resp, b, "kind", &kind))
		return false;
	in->kind = kind && !strcmp(kind, "collective") ? COMMEND_COLLECTIVE
		   : kind && !strcmp(kind, "person")   ? COMMEND_PERSON
						       : (enum commend_kind) - 1;
	for (int k = 0; k < COMMEND_SCOPE_COUNT; k++) {
		json_t *v = json_is_object(q)
				    ? json_object_get(q, commend_scope_name(
								 (enum commend_scope)k))
				    : NULL;

		in->quota[k] = -1;
		if (!v || json_is_null(v))
			continue;
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > COMMEND_QUOTA_MAX) {
			api_error_msg(req, resp, 422, "invalid",
				      "commendation.quota_invalid", "quota");
			return false;
		}
		in->quota[k] = (int)json_integer_value(v);
	}
	if ((q && !json_is_object(q)) || (el && !json_is_array(el))) {
		api_error_msg(req, resp, 422, "invalid", "err.bad_request",
			      q && !json_is_object(q) ? "quota" : "eligibility");
		return false;
	}
	json_array_foreach(el, i, e)
	{
		const char *rule = json_string_value(json_object_get(e, "rule"));
		int r = -1;

		for (int k = 0; rule && k < COMMEND_RULE_COUNT; k++)
			if (!strcmp(rule, commend_rule_name((enum commend_rule_kind)k)))
				r = k;
		if (r < 0) {
			api_error_msg(req, resp, 422, "invalid",
				      "commendation.category_rule", "eligibility");
			return false;
		}
		in->rule[r] = true;
		if (r == COMMEND_RULE_STAFF_YEARS) {
			json_t *v = json_object_get(e, "value");

			in->staff_years = json_is_integer(v) && json_integer_value(v) >= 1 &&
							  json_integer_value(v) <= 60
						  ? (int)json_integer_value(v)
						  : 0;
		}
	}
	return true;
}

/* POST /api/v1/commendations/{id}/categories */
void api_commend_category(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct commend_cat_input in;
	long long id;
	int version = 0, rc;
	json_t *b = api_open_body(req, resp, &ctx, &id);

	if (!b)
		return;
	if (!cat_input(req, resp, b, &in)) {
		json_decref(b);
		return;
	}
	rc = app_commend_category(&ctx, id, &in, &version, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, json_pack("{s:i}", "version", version));
}

/* POST /api/v1/commendations/{id}/categories/remove {"code"} */
void api_commend_category_remove(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *code = NULL;
	long long id;
	int version = 0, rc;
	json_t *b = api_open_body(req, resp, &ctx, &id);

	if (!b)
		return;
	if (!api_get_string(req, resp, b, "code", &code)) {
		json_decref(b);
		return;
	}
	rc = app_commend_category_remove(&ctx, id, code, &version, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, json_pack("{s:i}", "version", version));
}

void api_commend_act(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id;
	const char *action = NULL;
	int rc;
	json_t *b = api_open_body(req, resp, &ctx, &id);

	if (!b)
		return;
	if (!api_get_string(req, resp, b, "action", &action)) {
		json_decref(b);
		return;
	}
	rc = app_commend_act(&ctx, id, action, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

void api_commend_nominate(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct commend_nom_input in;
	long long id, nid = 0;
	int rc;
	json_t *b = api_open_body(req, resp, &ctx, &id);

	if (!b)
		return;
	memset(&in, 0, sizeof(in));
	in.campaign_id = id;
	in.nominated_by = int_of(b, "nominated_by");
	in.institution_id = int_of(b, "institution_id");
	in.person_id = int_of(b, "person_id");
	if (!api_get_string(req, resp, b, "category", &in.category) ||
	    !api_get_string(req, resp, b, "achievements", &in.achievements)) {
		json_decref(b);
		return;
	}
	rc = app_commend_nominate(&ctx, &in, &nid, &err);
	json_decref(b);
	api_done_id(req, resp, rc, &err, nid);
}

void api_commend_nom_get(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct commend_nom_detail d;
	long long id = api_open_id(req, resp, &ctx);
	json_t *o, *arr;

	if (!id)
		return;
	if (app_commend_nom_get(&ctx, id, &d, &err)) {
		api_fail(req, resp, &err);
		return;
	}
	o = nom_json(&d.nom);
	arr = json_array();
	for (size_t i = 0; i < d.natts; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:I, s:s, s:s}",
						     "id", (json_int_t)d.atts[i].id,
						     "filename", d.atts[i].filename,
						     "mime", d.atts[i].mime, "size",
						     (json_int_t)d.atts[i].size, "digest",
						     d.atts[i].digest, "created_at",
						     d.atts[i].created_at));
	json_object_set_new(o, "attachments", arr);
	json_object_set_new(o, "campaign_status", json_string(d.campaign.status));
	json_object_set_new(o, "edit", json_boolean(d.edit));
	json_object_set_new(o, "endorse", json_boolean(d.endorse));
	api_send(resp, 200, o);
}

void api_commend_endorse(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_open_id(req, resp, &ctx);

	if (!id)
		return;
	api_done(req, resp, app_commend_endorse(&ctx, id, &err), &err, 200, NULL);
}

void api_commend_withdraw(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_open_id(req, resp, &ctx);

	if (!id)
		return;
	api_done(req, resp, app_commend_withdraw(&ctx, id, &err), &err, 200, NULL);
}

void api_commend_return(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id;
	const char *reason = NULL;
	int rc;
	json_t *b = api_open_body(req, resp, &ctx, &id);

	if (!b)
		return;
	if (!api_get_string(req, resp, b, "reason", &reason)) {
		json_decref(b);
		return;
	}
	rc = app_commend_return(&ctx, id, reason, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

void api_commend_resubmit(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id;
	const char *achievements = NULL;
	int rc;
	json_t *b = api_open_body(req, resp, &ctx, &id);

	if (!b)
		return;
	if (!api_get_string(req, resp, b, "achievements", &achievements)) {
		json_decref(b);
		return;
	}
	rc = app_commend_resubmit(&ctx, id, achievements, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

/* {filename, data: standard base64} */
void api_commend_attach(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id, aid = 0;
	const char *filename = NULL, *b64 = NULL;
	const void *data = NULL;
	size_t len = 0;
	int rc;
	json_t *b = api_open_body(req, resp, &ctx, &id);

	if (!b)
		return;
	if (!api_get_string(req, resp, b, "filename", &filename) ||
	    !api_get_string(req, resp, b, "data", &b64)) {
		json_decref(b);
		return;
	}
	if (!b64 || !app_base64_decode(&ctx, b64, &data, &len)) {
		json_decref(b);
		api_error_msg(req, resp, 422, "invalid", "commendation.attach.size", "data");
		return;
	}
	rc = app_commend_attach(&ctx, id, filename, data, len, &aid, &err);
	json_decref(b);
	api_done_id(req, resp, rc, &err, aid);
}

void api_commend_attachment(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct commendation_attachment a;
	const void *data = NULL;
	size_t len = 0;
	long long id = api_open_id(req, resp, &ctx);
	int rc;

	if (!id)
		return;
	rc = app_commend_attachment(&ctx, id, &a, &data, &len, &err);
	if (rc == APP_OK)
		buf_append(&resp->body, data, len);
	api_done_body(req, resp, rc, &err, rc == APP_OK ? a.mime : NULL,
		      rc == APP_OK ? arena_printf(req->arena,
						  "attachment; filename=\"a%lld\"", id)
				   : NULL);
}
