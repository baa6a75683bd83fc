/* holder.c - /api/v1/holder: holder accounts (issue 12). A claim creates
 * the account of a certificate's holder (app/holder.c has the rules). */
#include <string.h>

#include "api/api.h"
#include "api/common.h"

/* POST /api/v1/holder/claim {number, token, name, id_number, username,
 * password} -> 201 {"username"}; with {code} (an enrolment's claim code)
 * instead of number and token */
void api_holder_claim(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct holder_claim in;
	long long id = 0;
	int rc;
	json_t *b = api_read_object(req, resp);

	if (!b)
		return;
	memset(&in, 0, sizeof(in));
	if (!api_get_string(req, resp, b, "number", &in.number) ||
	    !api_get_string(req, resp, b, "token", &in.token) ||
	    !api_get_string(req, resp, b, "name", &in.name) ||
	    !api_get_string(req, resp, b, "id_number", &in.id_number) ||
	    !api_get_string(req, resp, b, "username", &in.username) ||
	    !api_get_string(req, resp, b, "password", &in.password) ||
	    !api_get_string(req, resp, b, "code", &in.code) ||
	    !api_get_string(req, resp, b, "email", &in.email)) {
		json_decref(b);
		return;
	}
	api_ctx(req, &ctx);
	rc = app_holder_claim(&ctx, &in, &id, &err);
	if (rc == APP_RATE_LIMITED)
		http_set_header(resp, "Retry-After",
				arena_printf(req->arena, "%lld", err.retry_after));
	http_set_header(resp, "Cache-Control", "no-store");
	api_done(req, resp, rc, &err, 201,
		 rc == APP_OK ? json_pack("{s:s}", "username", in.username) : NULL);
	json_decref(b);
}

/* GET /api/v1/me/certificates: a holder's own, each with its share page */
void api_my_certificates(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct holder_cert *xs = NULL;
	size_t n = 0;
	json_t *arr;
	int rc;

	api_ctx(req, &ctx);
	rc = app_holder_certs(&ctx, &xs, &n, &err);
	arr = json_array();
	for (size_t i = 0; rc == APP_OK && i < n; i++) {
		const struct certificate *x = &xs[i].cert;

		json_array_append_new(
			arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:o}", "id",
				       (json_int_t)x->id, "number", x->number, "status",
				       x->status, "occupation_code", x->occupation_code,
				       "occupation_name", x->occupation_name, "level",
				       x->level, "issued_on", x->issued_on,
				       "institution_name", x->institution_name, "share_id",
				       xs[i].share_id ? json_string(xs[i].share_id)
						      : json_null()));
		if (!strcmp(x->line, "award")) {
			json_t *last = json_array_get(arr, json_array_size(arr) - 1);

			json_object_set_new(last, "line", json_string(x->line));
			json_object_set_new(last, "award", json_string(x->award));
			json_object_set_new(last, "competition_name",
					    json_string(x->competition_name));
		}
		if (cert_is_training(x)) /* a training certificate (培训证书) */
			json_object_set_new(json_array_get(arr, json_array_size(arr) - 1),
					    "line", json_string(x->line));
		if (cert_is_honour(x)) { /* an honour (荣誉证书): category, campaign */
			json_t *last = json_array_get(arr, json_array_size(arr) - 1);

			json_object_set_new(last, "line", json_string(x->line));
			json_object_set_new(last, "category", json_string(x->award));
			api_category_names(last, x->award, x->award_name, x->award_name_en);
			json_object_set_new(last, "campaign",
					    json_string(x->competition_name));
		}
	}
	api_done(req, resp, rc, &err, 200, json_pack("{s:o}", "certificates", arr));
}

/* POST /api/v1/me/certificates/{id}/share {"on": true|false} */
void api_my_certificate_share(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *sid = NULL;
	long long id = api_param_id(req, resp, 0);
	json_t *b, *on;
	int rc;

	if (!id || !(b = api_read_object(req, resp)))
		return;
	on = json_object_get(b, "on");
	if (!json_is_boolean(on)) {
		struct app_error e = {APP_INVALID, "on", "holder.share_on_required", NULL,
				      0};

		json_decref(b);
		api_fail(req, resp, &e);
		return;
	}
	api_ctx(req, &ctx);
	rc = app_holder_share(&ctx, id, json_is_true(on), &sid, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200,
		 rc == APP_OK ? json_pack("{s:o}", "share_id",
					  sid ? json_string(sid) : json_null())
			      : NULL);
}
