/*
 * commendation_decision.c - /api/v1/commendations/{id}/decision (the
 * center's decision, 表彰决定, which issues the honour certificates) and
 * /api/v1/commendations/honours (the public honour roll). Who may is
 * checked in app/commendation_decision.c.
 */
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "base/str.h"

/* POST /api/v1/commendations/{id}/decision
 * {"decision_no": "...", "decision_date": "YYYY-MM-DD", "signatory": "..."} */
void api_comm_decide(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct comm_decision_input in;
	struct comm_decision_report rep;
	long long id;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc;

	if (!b)
		return;
	memset(&in, 0, sizeof(in));
	if (!api_get_string(req, resp, b, "decision_no", &in.decision_no) ||
	    !api_get_string(req, resp, b, "decision_date", &in.decision_date) ||
	    !api_get_string(req, resp, b, "signatory", &in.signatory)) {
		json_decref(b);
		return;
	}
	rc = app_comm_decide(&ctx, id, &in, &rep, &err);
	api_done(req, resp, rc, &err, 200,
		 rc ? NULL
		    : json_pack("{s:s, s:I, s:s?, s:s?}", "status", "decided", "issued",
				(json_int_t)rep.issued, "first", rep.first_number, "last",
				rep.last_number));
	json_decref(b);
}

/* An honour of the roll as JSON (no ID fields: none are public). */
static json_t *honour_json(const struct comm_honour *h)
{
	return api_category_names(
		json_pack("{s:I, s:s, s:I, s:i, s:s, s:s, s:I, s:s, s:I, s:s, s:s, s:s, s:s}",
			  "certificate_id", (json_int_t)h->certificate_id, "number",
			  h->number, "campaign_id", (json_int_t)h->campaign_id, "year",
			  h->year, "campaign", h->title, "category", h->category,
			  "institution_id", (json_int_t)h->institution_id, "institution",
			  h->institution_name, "person_id", (json_int_t)h->person_id,
			  "holder", h->holder_name, "issued_on", h->issued_on, "decision_no",
			  h->decision_no ? h->decision_no : "", "status", h->status),
		h->category, h->category_name, h->category_name_en);
}

/* GET /api/v1/commendations/honours?year=&category=&institution_id= */
void api_comm_honours(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct comm_honour *items;
	size_t n;
	const char *y = http_query(req, "year"), *k = http_query(req, "category"),
		   *inst = http_query(req, "institution_id");
	long long year = 0, iid = 0;
	json_t *arr;
	int rc;

	if (y && *y && str_to_ll(y, 1949, 2999, &year)) {
		api_error_msg(req, resp, 422, "invalid", "err.not_integer", "year");
		return;
	}
	if (inst && *inst && str_to_ll(inst, 1, 1LL << 53, &iid)) {
		api_error_msg(req, resp, 422, "invalid", "err.not_integer",
			      "institution_id");
		return;
	}
	api_ctx(req, &ctx);
	rc = app_comm_honours(&ctx, (int)year, k ? k : "", iid, &items, &n, &err);
	if (rc) {
		api_done(req, resp, rc, &err, 200, NULL);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, honour_json(&items[i]));
	api_done(req, resp, APP_OK, &err, 200, json_pack("{s:o}", "honours", arr));
}
