/*
 * institutions.c - /api/v1/institutions: list, create, show, rename.
 */
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "base/str.h"

static long long query_ll(struct http_req *req, const char *name, long long def)
{
	const char *v = http_query(req, name);
	long long n;

	return v && str_to_ll(v, 0, 1000000000, &n) == 0 ? n : def;
}

void api_institution_list(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct institution_filter f = {
		.q = http_query(req, "q"),
		.type = http_query(req, "type"),
		.province = http_query(req, "province"),
		.status = http_query(req, "status"),
		.occupation = http_query(req, "occupation"),
		.limit = query_ll(req, "limit", 50),
		.offset = query_ll(req, "offset", 0),
	};
	struct institution *items;
	size_t n;
	long long total;
	json_t *arr, *root;

	api_ctx(req, &ctx);
	if (app_institution_list(&ctx, &f, &items, &n, &total, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = api_institution_json(&items[i]);

		/* found by a name it bore: which one */
		if (items[i].former_name)
			json_object_set_new(o, "former_name",
					    json_string(items[i].former_name));
		json_array_append_new(arr, o);
	}
	root = json_pack("{s:o, s:I}", "items", arr, "total", (json_int_t)total);
	api_send(resp, 200, root);
}

void api_institution_get(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct institution in;
	long long id = api_open_id(req, resp, &ctx);

	if (!id)
		return;
	if (app_institution_get(&ctx, id, &in, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	api_send(resp, 200, api_institution_json(&in));
}

void api_institution_create(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct institution_input in;
	struct institution out;
	json_t *body = api_read_object(req, resp);
	long long id;

	if (!body)
		return;
	if (!api_institution_input(req, resp, body, &in)) {
		json_decref(body);
		return;
	}
	json_decref(body);
	api_ctx(req, &ctx);
	if (app_institution_create(&ctx, &in, &id, &err) != APP_OK ||
	    app_institution_get(&ctx, id, &out, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	http_set_header(resp, "Location",
			arena_printf(req->arena, "/api/v1/institutions/%lld", id));
	api_send(resp, 201, api_institution_json(&out));
}

void api_institution_rename(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct institution out;
	const char *name, *reason, *doc;
	long long id = api_param_id(req, resp, 0);
	json_t *body;

	if (!id)
		return;
	body = api_read_object(req, resp);
	if (!body)
		return;
	if (!api_get_string(req, resp, body, "name", &name) ||
	    !api_get_string(req, resp, body, "reason", &reason) ||
	    !api_get_string(req, resp, body, "doc_no", &doc)) {
		json_decref(body);
		return;
	}
	json_decref(body);
	api_ctx(req, &ctx);
	if (app_institution_rename(&ctx, id, name, reason, doc, &err) != APP_OK ||
	    app_institution_get(&ctx, id, &out, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	api_send(resp, 200, api_institution_json(&out));
}

void api_institution_names(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct institution in;
	struct institution_name *items;
	size_t n;
	long long id = api_open_id(req, resp, &ctx);
	json_t *arr;

	if (!id)
		return;
	if (app_institution_get(&ctx, id, &in, &err) != APP_OK ||
	    app_institution_names(&ctx, id, &items, &n, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", items[i].name,
				      "type", items[i].type, "valid_from",
				      items[i].valid_from, "reason", items[i].reason,
				      "doc_no", items[i].doc_no);

		json_object_set_new(o, "valid_to",
				    items[i].valid_to ? json_string(items[i].valid_to)
						      : json_null());
		json_array_append_new(arr, o);
	}
	api_send(resp, 200, json_pack("{s:o}", "items", arr));
}
