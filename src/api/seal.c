/*
 * seal.c - an institution's seal (电子印章): POST and GET
 * /api/v1/institutions/{id}/seal (the PNG as the body), POST
 * /api/v1/institutions/{id}/seal/remove (the route table has GET and POST
 * only). The permission is checked in app/cert_seal.c.
 */
#include "api/api.h"
#include "api/common.h"

void api_seal_put(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct seal_info info;
	long long id = api_open_id(req, resp, &ctx);
	int rc;

	if (!id)
		return;
	rc = app_seal_put(&ctx, id, req->body, req->body_len, &err);
	if (rc == APP_OK)
		rc = app_seal_get(&ctx, id, &info, NULL, &err);
	api_done(req, resp, rc, &err, 200,
		 rc ? NULL
		    : json_pack("{s:b, s:i, s:i, s:s}", "ok", 1, "width", info.width,
				"height", info.height, "added_at", info.added_at));
}

void api_seal_get(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct seal_info info;
	long long id = api_open_id(req, resp, &ctx);

	if (!id)
		return;
	if (api_done_body(req, resp, app_seal_get(&ctx, id, &info, &resp->body, &err),
			  &err, "image/png", NULL))
		http_set_header(resp, "Cache-Control", "private, no-store");
}

void api_seal_delete(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_open_id(req, resp, &ctx);

	if (!id)
		return;
	api_done(req, resp, app_seal_delete(&ctx, id, &err), &err, 200, NULL);
}
