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
