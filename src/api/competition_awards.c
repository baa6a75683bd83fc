/*
 * competition_awards.c - /api/v1/competitions/{id}/awards: issuing a final
 * competition's award certificates (获奖证书) and listing them, for the
 * organiser's staff (app/competition_awards.c checks who).
 */
#include <string.h>

#include "api/api.h"
#include "api/common.h"

/* An award certificate of the list as JSON. */
static json_t *award_json(const struct cert_award *w)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:s, s:i, s:i, s:s, s:b, s:i, "
			 "s:i, s:s, s:s, s:s, s:I}",
			 "certificate_id", (json_int_t)w->certificate_id, "number",
			 w->number, "name", w->holder_name, "status", w->status,
			 "event_id", (json_int_t)w->event_id, "entry_id",
			 (json_int_t)w->entry_id, "person_id", (json_int_t)w->person_id,
			 "award", w->award, "place", w->place, "entrants", w->entrants,
			 "titles", w->titles, "squad", w->squad, "total", w->total,
			 "standardised", w->standardised, "group", w->grp,
			 "occupation_code", w->occupation_code, "issued_on", w->issued_on,
			 "supersedes", (json_int_t)w->supersedes);
}

void api_comp_awards_issue(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct comp_awards_report rep;
	long long id = api_param_id(req, resp, 0), inst = 0;
	json_t *b = NULL, *v;
	int rc;

	if (!id)
		return;
	/* the body is optional: {"institution_id": N} for the issuer of a
	 * competition the center organises */
	if (req->body_len && !(b = api_read_object(req, resp)))
		return;
	v = json_object_get(b, "institution_id");
	if (v && !json_is_null(v) && (!json_is_integer(v) || json_integer_value(v) <= 0)) {
		json_decref(b);
		api_error_msg(req, resp, 422, "invalid", "err.not_integer",
			      "institution_id");
		return;
	}
	inst = v && json_is_integer(v) ? (long long)json_integer_value(v) : 0;
	json_decref(b);
	api_ctx(req, &ctx);
	rc = app_comp_awards_issue(&ctx, id, inst, &rep, &err);
	api_done(req, resp, rc, &err, 200,
		 rc ? NULL
		    : json_pack("{s:I, s:I, s:s?, s:s?}", "issued", (json_int_t)rep.issued,
				"already", (json_int_t)rep.already, "first",
				rep.first_number, "last", rep.last_number));
}

void api_comp_awards(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct cert_award *items;
	size_t n;
	long long id = api_param_id(req, resp, 0);
	json_t *arr;
	int rc;

	if (!id)
		return;
	api_ctx(req, &ctx);
	rc = app_comp_awards(&ctx, id, &items, &n, &err);
	if (rc) {
		api_done(req, resp, rc, &err, 200, NULL);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, award_json(&items[i]));
	api_done(req, resp, APP_OK, &err, 200, json_pack("{s:o}", "awards", arr));
}
