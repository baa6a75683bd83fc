/*
 * idempotency.c - Idempotency-Key on every POST of the JSON API (issue
 * 18; docs/api.md "Idempotent requests"), once for all handlers: the
 * server's before and after hooks (cli/cmd_serve.c).
 *
 * before: a key that is not 1..255 printable ASCII characters is 400; a
 * key whose answer is kept is replayed without running the handler (after
 * waiting a little, at most WAIT_MS, for one just claimed and still being
 * answered; a claim never answered is 409 idempotency.lost at once). after:
 * the answer of a request whose change took the key is kept (tried twice);
 * a request that lost the key to another one (app_finish: APP_CONFLICT
 * "idempotency.replay"), or that failed while another took it (a unique
 * name refused, ...), answers that request's replay instead. What it must
 * not do: keep an answer marked Cache-Control: no-store (one that shows a
 * secret once), or park a server thread for long.
 */
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "base/log.h"

#define IDEM_HEADER "Idempotency-Key"
#define WAIT_MS 1500 /* for the answer of a request still answering */

/* The request's key state, or NULL when it carries no key. */
static struct app_idem *req_idem(struct http_req *req) { return req->state; }

/* Replaces resp with the kept answer a. */
static void replay(struct http_req *req, struct http_resp *resp,
		   const struct app_idem_answer *a)
{
	(void)req;
	buf_reset(&resp->body);
	resp->nheaders = 0;
	resp->status = a->status;
	resp->content_type = a->content_type;
	if (a->body)
		buf_puts(&resp->body, a->body);
	if (a->location)
		http_set_header(resp, "Location", a->location);
	http_set_header(resp, "Idempotent-Replayed", "true");
}

/* Answers the outcome of app_idem_replay() into resp (a replay or the
 * error); false when no live row holds the key. */
static bool answer(struct http_req *req, struct http_resp *resp, int st,
		   const struct app_idem_answer *a, const struct app_error *err)
{
	if (st == APP_NOT_FOUND)
		return false;
	if (st == APP_OK) {
		replay(req, resp, a);
		return true;
	}
	buf_reset(&resp->body);
	resp->nheaders = 0;
	api_fail(req, resp, err);
	/* only a request still answering is worth retrying with this key */
	if (st == APP_CONFLICT && err->msg && !strcmp(err->msg, "idempotency.in_progress"))
		http_set_header(resp, "Retry-After", "1");
	/* the first request's answer was not kept: where it created is */
	if (st == APP_CONFLICT && a->location)
		http_set_header(resp, "Location", a->location);
	return true;
}

bool api_idem_before(struct http_req *req, struct http_resp *resp)
{
	const char *key;
	struct app_ctx ctx;
	struct app_error err;
	struct app_idem_answer a;
	struct app_idem *k;
	int st;

	if (!(req->route->flags & ROUTE_API) || strcmp(req->method, "POST") != 0 ||
	    !(key = http_header(req, IDEM_HEADER)))
		return true;
	if (!app_idem_key_valid(key)) {
		api_error_msg(req, resp, 400, "bad_request", "idempotency.key_invalid",
			      IDEM_HEADER);
		return false;
	}
	api_ctx(req, &ctx);
	if (app_idem_new(&ctx, key, req->method, http_target(req), req->body,
			 req->body_len, &k, &err)) {
		api_fail(req, resp, &err);
		return false;
	}
	req->state = k;
	/* the usual retry: its answer kept already */
	st = app_idem_replay(&ctx, k, WAIT_MS, &a, &err);
	return !answer(req, resp, st, &a, &err);
}

void api_idem_after(struct http_req *req, struct http_resp *resp)
{
	struct app_idem *k = req_idem(req);
	struct app_ctx ctx;
	struct app_error err;
	struct app_idem_answer a;
	const char *location = NULL;
	bool keep = true;
	int st;

	if (!k)
		return;
	api_ctx(req, &ctx);
	if (k->claimed) {
		for (int i = 0; i < resp->nheaders; i++) {
			if (!strcmp(resp->headers[i].name, "Location"))
				location = resp->headers[i].value;
			if (!strcmp(resp->headers[i].name, "Cache-Control") &&
			    strstr(resp->headers[i].value, "no-store"))
				keep = false;
		}
		/* the answer still goes out when it cannot be kept: a retry
		 * then hears idempotency.lost (a few seconds on) until the key
		 * expires */
		if (app_idem_keep(&ctx, k, resp->status, resp->content_type, location,
				  resp->body.data, resp->body.len, keep, &err) == APP_OK)
			return;
		log_warn("idempotency: keeping an answer failed (request %s), once more",
			 req->request_id ? req->request_id : "-");
		if (app_idem_keep(&ctx, k, resp->status, resp->content_type, location,
				  resp->body.data, resp->body.len, keep, &err) != APP_OK)
			log_error("idempotency: the answer of request %s is not kept: "
				  "its retries hear idempotency.lost",
				  req->request_id ? req->request_id : "-");
		return;
	}
	if (!k->taken && resp->status < 400)
		return;
	/* another request took the key first: its answer is this one's */
	st = app_idem_replay(&ctx, k, WAIT_MS, &a, &err);
	if (!answer(req, resp, st, &a, &err) && k->taken) {
		struct app_error busy = {APP_CONFLICT, IDEM_HEADER,
					 "idempotency.in_progress", NULL, 0};

		answer(req, resp, APP_CONFLICT, &a, &busy);
	}
}
