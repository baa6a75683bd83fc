/* webhooks.c - webhook subscriptions and their delivery log (issue 18;
 * app/webhook.c has the rules, docs/webhooks.md the format). */
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "base/buf.h"

static json_t *events_json(const char *stored)
{
	json_t *arr = json_array();

	if (!strcmp(stored, "*")) {
		json_array_append_new(arr, json_string("*"));
		return arr;
	}
	for (size_t i = 0; webhook_kinds[i]; i++)
		if (webhook_events_take(stored, webhook_kinds[i]))
			json_array_append_new(arr, json_string(webhook_kinds[i]));
	return arr;
}

static json_t *sub_json(const struct webhook_sub *s)
{
	return json_pack("{s:I, s:o, s:s, s:s, s:o, s:s, s:b, s:s, s:s, s:s}", "id",
			 (json_int_t)s->id, "institution_id",
			 s->institution_id ? json_integer(s->institution_id) : json_null(),
			 "institution_name", s->institution_name ? s->institution_name : "",
			 "url", s->url, "events", events_json(s->events), "description",
			 s->description ? s->description : "", "active", s->active,
			 "created_by", s->created_by, "created_at", s->created_at,
			 "updated_at", s->updated_at);
}

/* The request's "events": an array of kinds or a comma-separated string,
 * as "a,b" in the arena; NULL when absent; *bad when of another shape. */
static const char *events_of(struct http_req *req, json_t *b, bool *bad)
{
	json_t *e = json_object_get(b, "events");
	struct buf out;
	const char *text;
	size_t i;
	json_t *v;

	*bad = false;
	if (!e || json_is_null(e))
		return NULL;
	if (json_is_string(e))
		return arena_strdup(req->arena, json_string_value(e));
	if (!json_is_array(e) || !json_array_size(e)) {
		*bad = true;
		return NULL;
	}
	buf_init(&out, 0);
	json_array_foreach(e, i, v)
	{
		if (!json_is_string(v) || strchr(json_string_value(v), ',')) {
			*bad = true;
			break;
		}
		buf_printf(&out, "%s%s", i ? "," : "", json_string_value(v));
	}
	text = *bad || buf_failed(&out) ? NULL : arena_strdup(req->arena, out.data);
	*bad = *bad || !text;
	buf_release(&out);
	return text;
}

/* The body's fields into in; false when answered (422). */
static bool input_of(struct http_req *req, struct http_resp *resp, json_t *b,
		     struct webhook_input *in, bool create)
{
	json_t *inst = json_object_get(b, "institution_id"),
	       *act = json_object_get(b, "active");
	bool bad;

	memset(in, 0, sizeof(*in));
	in->active = create ? 1 : -1;
	if (!api_get_string(req, resp, b, "url", &in->url) ||
	    !api_get_string(req, resp, b, "description", &in->description))
		return false;
	in->events = events_of(req, b, &bad);
	if (bad) {
		api_error_msg(req, resp, 422, "invalid", "val.webhook.events", "events");
		return false;
	}
	if (create && inst && !json_is_null(inst)) {
		if (!json_is_integer(inst) || json_integer_value(inst) < 0) {
			api_error_msg(req, resp, 422, "invalid", "err.not_integer",
				      "institution_id");
			return false;
		}
		in->institution_id = (long long)json_integer_value(inst);
	}
	if (act && !json_is_null(act)) {
		if (!json_is_boolean(act)) {
			api_error_msg(req, resp, 422, "invalid", "err.not_boolean",
				      "active");
			return false;
		}
		in->active = json_is_true(act) ? 1 : 0;
	}
	return true;
}

/* GET /api/v1/webhooks -> {"items": [subscription]} */
void api_webhook_list(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct webhook_sub *xs = NULL;
	size_t n = 0;
	json_t *arr = json_array();
	int rc;

	api_ctx(req, &ctx);
	rc = app_webhook_list(&ctx, &xs, &n, &err);
	for (size_t i = 0; rc == APP_OK && i < n; i++)
		json_array_append_new(arr, sub_json(&xs[i]));
	api_done(req, resp, rc, &err, 200,
		 rc == APP_OK ? json_pack("{s:o}", "items", arr) : (json_decref(arr), NULL));
}

/* POST /api/v1/webhooks {url, events, description, institution_id, active}
 * -> 201 {"id", "secret"}: the secret shown this once */
void api_webhook_create(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct webhook_input in;
	const char *secret = NULL;
	long long id = 0;
	json_t *b;
	int rc;

	api_ctx(req, &ctx);
	if (!(b = api_read_object(req, resp)))
		return;
	if (!input_of(req, resp, b, &in, true)) {
		json_decref(b);
		return;
	}
	rc = app_webhook_add(&ctx, &in, &id, &secret, &err);
	json_decref(b);
	http_set_header(resp, "Cache-Control", "no-store");
	api_done(req, resp, rc, &err, 201,
		 rc ? NULL
		    : json_pack("{s:I, s:s}", "id", (json_int_t)id, "secret", secret));
}

/* GET /api/v1/webhooks/{id} */
void api_webhook_get(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct webhook_sub s;
	long long id = api_open_id(req, resp, &ctx);
	int rc;

	if (!id)
		return;
	rc = app_webhook_get(&ctx, id, &s, &err);
	api_done(req, resp, rc, &err, 200, rc ? NULL : sub_json(&s));
}

/* POST /api/v1/webhooks/{id} {url, events, description, active} */
void api_webhook_update(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct webhook_input in;
	struct webhook_sub s;
	long long id;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc;

	if (!b)
		return;
	if (!input_of(req, resp, b, &in, false)) {
		json_decref(b);
		return;
	}
	rc = app_webhook_update(&ctx, id, &in, &err);
	json_decref(b);
	if (rc == APP_OK)
		rc = app_webhook_get(&ctx, id, &s, &err);
	api_done(req, resp, rc, &err, 200, rc ? NULL : sub_json(&s));
}

/* POST /api/v1/webhooks/{id}/remove -> {"removed": true} */
void api_webhook_remove(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_open_id(req, resp, &ctx);
	int rc;

	if (!id)
		return;
	rc = app_webhook_remove(&ctx, id, &err);
	api_done(req, resp, rc, &err, 200, rc ? NULL : json_pack("{s:b}", "removed", 1));
}

/* POST /api/v1/webhooks/{id}/secret -> {"secret"}: the new one, shown once */
void api_webhook_rotate(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *secret = NULL;
	long long id = api_open_id(req, resp, &ctx);
	int rc;

	if (!id)
		return;
	rc = app_webhook_rotate(&ctx, id, &secret, &err);
	http_set_header(resp, "Cache-Control", "no-store");
	api_done(req, resp, rc, &err, 200, rc ? NULL : json_pack("{s:s}", "secret", secret));
}

/* POST /api/v1/webhooks/{id}/ping -> 201 {"delivery_id"} */
void api_webhook_ping(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_open_id(req, resp, &ctx), did = 0;
	int rc;

	if (!id)
		return;
	rc = app_webhook_ping(&ctx, id, &did, &err);
	api_done(req, resp, rc, &err, 201,
		 rc ? NULL : json_pack("{s:I}", "delivery_id", (json_int_t)did));
}

static json_t *delivery_json(const struct webhook_delivery *d)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:I, s:s, s:s?, s:I, s:s?, s:s?, s:s}",
			 "id", (json_int_t)d->id, "event_id", (json_int_t)d->event_id,
			 "type", d->kind, "state", d->state, "attempts",
			 (json_int_t)d->attempts, "next_at", d->next_at, "delivered_at",
			 d->delivered_at, "last_status", (json_int_t)d->last_status,
			 "last_error", d->last_error, "event_created_at",
			 d->event_created_at, "created_at", d->created_at);
}

/* GET /api/v1/webhooks/{id}/deliveries?before=ID&limit=N -> {"items":
 * [delivery], "next_before": id or null}, newest first */
void api_webhook_deliveries(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct webhook_delivery *xs = NULL;
	size_t n = 0;
	long long id = api_open_id(req, resp, &ctx), before = 0, limit = 50;
	const char *qb = http_query(req, "before"), *ql = http_query(req, "limit");
	json_t *arr;
	int rc;

	if (!id)
		return;
	if (qb && str_to_ll(qb, 0, (long long)1 << 53, &before) != 0) {
		api_error_msg(req, resp, 422, "invalid", "err.not_integer", "before");
		return;
	}
	if (ql && str_to_ll(ql, 1, 200, &limit) != 0) {
		api_error_msg(req, resp, 422, "invalid", "val.webhook.limit", "limit");
		return;
	}
	rc = app_webhook_deliveries(&ctx, id, before, limit, &xs, &n, &err);
	arr = json_array();
	for (size_t i = 0; rc == APP_OK && i < n; i++)
		json_array_append_new(arr, delivery_json(&xs[i]));
	api_done(req, resp, rc, &err, 200,
		 rc == APP_OK ? json_pack("{s:o, s:o}", "items", arr, "next_before",
					  n == (size_t)limit ? json_integer(xs[n - 1].id)
							     : json_null())
			      : (json_decref(arr), NULL));
}

/* POST /api/v1/webhooks/{id}/deliveries/{did}/replay -> 201 {"delivery_id"} */
void api_webhook_replay(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_open_id(req, resp, &ctx), did, nid = 0;
	int rc;

	if (!id || !(did = api_param_id(req, resp, 1)))
		return;
	rc = app_webhook_replay(&ctx, id, did, &nid, &err);
	api_done(req, resp, rc, &err, 201,
		 rc ? NULL : json_pack("{s:I}", "delivery_id", (json_int_t)nid));
}
