/* holder.c - /api/v1/holder: holder accounts (issue 12). A claim creates
 * the account of a certificate's holder (app/holder.c has the rules). */
#include <string.h>

#include "api/api.h"
#include "api/common.h"

/* POST /api/v1/holder/claim {number, token, name, id_number, username,
 * password} -> 201 {"username"} */
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
	    !api_get_string(req, resp, b, "password", &in.password)) {
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
