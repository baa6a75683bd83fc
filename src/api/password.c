/* password.c - /api/v1/password: "forgot my password" and the reset with
 * the e-mailed token; /api/v1/me/email, the account's address; and
 * /api/v1/notifications, the queue of outgoing messages for staff (issue
 * 12; app/password.c and app/notify.c have the rules). */
#include <string.h>

#include "api/api.h"
#include "api/common.h"

/* POST /api/v1/password/forgot {username} (a user name or an e-mail
 * address) -> 202 {"ok": true}, the same for every name */
void api_password_forgot(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *ident = NULL;
	int rc;
	json_t *b = api_read_object(req, resp);

	if (!b)
		return;
	if (!api_get_string(req, resp, b, "username", &ident)) {
		json_decref(b);
		return;
	}
	api_ctx(req, &ctx);
	rc = app_password_forgot(&ctx, ident, (int)api_lang(req), &err);
	if (rc == APP_RATE_LIMITED)
		http_set_header(resp, "Retry-After",
				arena_printf(req->arena, "%lld", err.retry_after));
	api_done(req, resp, rc, &err, 202, NULL);
	json_decref(b);
}

/* POST /api/v1/password/reset {token, new_password} -> 200 */
void api_password_reset(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *token = NULL, *pw = NULL;
	int rc;
	json_t *b = api_read_object(req, resp);

	if (!b)
		return;
	if (!api_get_string(req, resp, b, "token", &token) ||
	    !api_get_string(req, resp, b, "new_password", &pw)) {
		json_decref(b);
		return;
	}
	api_ctx(req, &ctx);
	rc = app_password_reset(&ctx, token, pw, &err);
	http_set_header(resp, "Cache-Control", "no-store");
	api_done(req, resp, rc, &err, 200, NULL);
	json_decref(b);
}

/* POST /api/v1/me/email {email, password} ("" or null clears the address;
 * password is the account's current one) -> 200 */
void api_me_email(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *email = NULL, *password = NULL;
	int rc;
	json_t *b = api_read_object(req, resp);

	if (!b)
		return;
	if (!api_get_string(req, resp, b, "email", &email) ||
	    !api_get_string(req, resp, b, "password", &password)) {
		json_decref(b);
		return;
	}
	api_ctx(req, &ctx);
	rc = app_user_set_email(&ctx, NULL, email, password, (int)api_lang(req), &err);
	api_done(req, resp, rc, &err, 200, NULL);
	json_decref(b);
}

/* GET /api/v1/notifications[?status=queued|sent] -> the newest 200 */
void api_notifications(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct notify_view *xs = NULL;
	size_t n = 0;
	bool full = false;
	json_t *arr;
	const char *status = http_query(req, "status");
	int rc;

	api_ctx(req, &ctx);
	rc = app_notify_list(&ctx, status ? status : "", 200, &xs, &n, &full, &err);
	arr = json_array();
	for (size_t i = 0; rc == APP_OK && i < n; i++)
		json_array_append_new(
			arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:s?, s:s?}", "id",
				       (json_int_t)xs[i].id, "channel", xs[i].channel,
				       "to", xs[i].recipient, "subject", xs[i].subject,
				       "created_at", xs[i].created_at, "attempts",
				       (json_int_t)xs[i].attempts, "sent_at",
				       xs[i].sent_at, "last_error", xs[i].last_error));
	api_done(req, resp, rc, &err, 200,
		 rc == APP_OK ? json_pack("{s:o, s:b}", "items", arr, "full_addresses", full)
			      : (json_decref(arr), NULL));
}
