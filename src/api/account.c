/* account.c - /api/v1/me, /api/v1/audit and its signed checkpoint. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "base/str.h"

static json_t *grants_json(const struct grant *g, size_t n)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{s:s}", "role", role_name(g[i].role));

		json_object_set_new(o, "institution_id",
				    g[i].institution_id ? json_integer(g[i].institution_id)
							: json_null());
		json_array_append_new(arr, o);
	}
	return arr;
}

void api_me(struct http_req *req, struct http_resp *resp)
{
	const struct actor *a = req->actor;

	json_t *o = json_pack("{s:I, s:s, s:b, s:o}", "id", (json_int_t)a->user_id,
			      "username", a->username, "must_change_password",
			      a->must_change_password, "grants",
			      grants_json(a->grants, a->ngrants));

	/* a holder account's person (issue 12); null for staff */
	json_object_set_new(o, "person_id",
			    a->person_id ? json_integer(a->person_id) : json_null());
	api_send(resp, 200, o);
}

static json_t *audit_json(const struct audit_record *r)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "seq",
			      (json_int_t)r->seq, "at", r->at, "actor", r->actor,
			      "address", r->address, "request_id", r->request_id, "action",
			      r->action, "object_type", r->object_type, "object_id",
			      r->object_id, "prev_hash", r->prev_hash, "hash", r->hash);
	json_t *before = json_loads(r->before, 0, NULL);
	json_t *after = json_loads(r->after, 0, NULL);

	json_object_set_new(o, "before", before ? before : json_string(r->before));
	json_object_set_new(o, "after", after ? after : json_string(r->after));
	return o;
}

void api_audit_list(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct audit_record *items;
	size_t n;
	long long total, limit = 100, offset = 0;
	const char *v;
	struct audit_filter f;
	json_t *arr;

	memset(&f, 0, sizeof(f));
	if ((v = http_query(req, "limit")))
		str_to_ll(v, 1, 10000, &limit);
	if ((v = http_query(req, "offset")))
		str_to_ll(v, 0, 1LL << 40, &offset);
	f.actor = http_query(req, "actor");
	f.action = http_query(req, "action");
	f.object_type = http_query(req, "object_type");
	f.object_id = http_query(req, "object_id");
	f.from = http_query(req, "from");
	f.to = http_query(req, "to");
	f.limit = limit;
	f.offset = offset;
	api_ctx(req, &ctx);
	if (app_audit_list(&ctx, &f, &items, &n, &total, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, audit_json(&items[i]));
	api_send(resp, 200,
		 json_pack("{s:o, s:I}", "items", arr, "total", (json_int_t)total));
}

void api_audit_verify(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct audit_report rep;
	json_t *o;

	api_ctx(req, &ctx);
	if (app_audit_verify(&ctx, &rep, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	o = json_pack("{s:b, s:I, s:I}", "intact", rep.broken_seq == 0, "checked",
		      (json_int_t)rep.checked, "checkpoints", (json_int_t)rep.checkpoints);
	if (rep.root)
		json_object_set_new(o, "root", json_string(rep.root));
	if (rep.broken_seq) {
		json_object_set_new(o, "broken_seq", json_integer(rep.broken_seq));
		json_object_set_new(o, "reason", json_string(rep.reason));
	}
	api_send(resp, 200, o);
}

/* GET /api/v1/audit/checkpoint: the newest signed tree head, public (it
 * reveals how many records there are, their Merkle root and when the last
 * was written; nothing of their contents). Witnesses fetch and keep it;
 * `skillcert audit verify --against FILE` takes the saved answer as is. */
void api_audit_checkpoint(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	json_error_t jerr;
	const char *text;

	api_ctx(req, &ctx);
	if (app_audit_checkpoint(&ctx, false, &text, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	http_set_header(resp, "Cache-Control", "no-store");
	api_send(resp, 200, json_loads(text, 0, &jerr));
}
