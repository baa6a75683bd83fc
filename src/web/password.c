/*
 * password.c - "forgot my password" (/password/forgot), the reset by the
 * e-mailed link (/password/reset?token=...), the e-mail address form of
 * one's own account (/account/email), and the staff list of outgoing
 * messages (/admin/notifications). Issue 12; the rules are in
 * app/password.c and app/notify.c.
 */
#include <string.h>

#include "base/str.h"
#include "web/layout.h"
#include "web/web.h"

/* ---- forgot ---- */

static void forgot_form(struct page *p, const char *ident, bool done,
			const struct app_error *err)
{
	page_begin(p, T(p, "forgot.title"));
	html_printf(p->out, "<h1>%s</h1>", T(p, "forgot.title"));
	if (done) {
		/* the same answer for every name typed */
		html_printf(p->out,
			    "<div class=\"notice\" role=\"status\" id=\"forgot-done\">"
			    "<p>%s</p></div>",
			    T(p, "forgot.done"));
	}
	html_printf(p->out, "<p>%s</p>", T(p, "forgot.lead"));
	page_form(p, "/password/forgot", "form narrow");
	page_form_error(p, err);
	html_printf(p->out,
		    "<div class=\"field\"><label for=\"f-username\">%s</label>"
		    "<input id=\"f-username\" name=\"username\" value=\"%s\" "
		    "autocomplete=\"username\" autocapitalize=\"none\" required%s>",
		    T(p, "forgot.ident"), ident ? ident : "",
		    err && err->field ? " aria-invalid=\"true\" aria-describedby=\"e-username\""
				      : "");
	if (err && err->field)
		html_printf(p->out, "<p class=\"error\" id=\"e-username\">%s</p>",
			    T(p, err->msg));
	html_printf(p->out,
		    "</div><div class=\"actions\"><button type=\"submit\">%s</button>"
		    "</div></form><p><a href=\"/login\">%s</a></p>",
		    T(p, "btn.send_link"), T(p, "login.title"));
	page_end(p);
}

void page_password_forgot(struct http_req *req, struct http_resp *resp)
{
	struct page p;

	page_init(&p, req, resp, NULL);
	forgot_form(&p, NULL, false, NULL);
}

void page_password_forgot_post(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	const char *ident;

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	ident = page_value(&p, "username");
	if (app_password_forgot(&ctx, ident, (int)p.lang, &err) != APP_OK) {
		if (err.status == APP_RATE_LIMITED) {
			resp->status = 429;
			http_set_header(resp, "Retry-After",
					arena_printf(req->arena, "%lld", err.retry_after));
		} else if (err.status == APP_INVALID) {
			resp->status = 422;
		} else {
			page_fail(&p, &err);
			return;
		}
		forgot_form(&p, ident, false, &err);
		return;
	}
	forgot_form(&p, NULL, true, NULL);
}

/* ---- reset ---- */

static void reset_form(struct page *p, const char *token, const struct app_error *err)
{
	page_begin(p, T(p, "reset.title"));
	html_printf(p->out, "<h1>%s</h1>", T(p, "reset.title"));
	if (err && err->field && !strcmp(err->field, "token")) {
		html_printf(p->out,
			    "<p class=\"error\" role=\"alert\" id=\"reset-invalid\">%s</p>"
			    "<p><a href=\"/password/forgot\">%s</a></p>",
			    T(p, err->msg), T(p, "forgot.again"));
		page_end(p);
		return;
	}
	page_form(p, "/password/reset", "form narrow");
	page_form_error(p, err);
	html_printf(p->out, "<input type=\"hidden\" name=\"token\" value=\"%s\">", token);
	page_new_password_fields(p, err);
	page_end(p);
}

void page_password_reset(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	const char *token = http_query(req, "token");

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	/* the link's token stays out of caches (and, by the server's
	 * Referrer-Policy, out of other sites' logs) */
	http_set_header(resp, "Cache-Control", "no-store");
	if (app_password_reset_check(&ctx, token ? token : "", &err) != APP_OK) {
		if (err.status != APP_INVALID) {
			page_fail(&p, &err);
			return;
		}
		resp->status = 404;
		reset_form(&p, "", &err);
		return;
	}
	reset_form(&p, token, NULL);
}

void page_password_reset_post(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	const char *token, *np;

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	http_set_header(resp, "Cache-Control", "no-store");
	token = page_value(&p, "token");
	np = page_new_password(&p, &err);
	if (!np) {
		reset_form(&p, token, &err);
		return;
	}
	if (app_password_reset(&ctx, token, np, &err) != APP_OK) {
		if (err.status != APP_INVALID) {
			page_fail(&p, &err);
			return;
		}
		resp->status = 422;
		reset_form(&p, token, &err);
		return;
	}
	http_redirect(resp, "/login?reset=1");
}

/* ---- one's own address ---- */

void page_email_form(struct page *p, const char *action, const char *email, bool own,
		     const struct app_error *err)
{
	html_printf(p->out, "<h2 id=\"email\">%s</h2>", T(p, "email.title"));
	page_form(p, action, "form");
	page_field_ex(p, "email", "email", "field.email",
		      err && err->field && !strcmp(err->field, "email")
			      ? page_value(p, "email")
			      : email,
		      "email.hint", err, 0);
	if (own)
		page_password_field(p, "password", "field.current_password",
				    "current-password", err);
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s"
		    "</button></div></form>",
		    T(p, "btn.save_email"));
}

void page_account_email(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	if (app_user_set_email(&ctx, NULL, page_value(&p, "email"),
			       page_input(&p, "password"), (int)p.lang, &err) != APP_OK) {
		if (err.status != APP_INVALID) {
			page_fail(&p, &err);
			return;
		}
		resp->status = 422;
		page_begin(&p, T(&p, "email.title"));
		page_error_summary(&p, &err, "email");
		page_email_form(&p, "/account/email", NULL, true, &err);
		page_end(&p);
		return;
	}
	http_redirect(resp, "/account#email");
}

/* ---- the queue, for staff ---- */

void page_notifications(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct notify_view *xs;
	size_t n;
	bool full;
	const char *status = http_query(req, "status");

	page_init(&p, req, resp, "nav.users");
	page_ctx(&p, &ctx);
	if (app_notify_list(&ctx, status ? status : "", 200, &xs, &n, &full, &err) !=
	    APP_OK) {
		if (err.status == APP_INVALID) {
			page_fail_status(&p, 422, err.msg);
			return;
		}
		page_fail(&p, &err);
		return;
	}
	page_begin(&p, T(&p, "notify.title"));
	html_printf(p.out, "<h1>%s</h1><p class=\"hint\">%s</p>", T(&p, "notify.title"),
		    T(&p, full ? "notify.lead_full" : "notify.lead_masked"));
	html_printf(p.out,
		    "<p><a href=\"/admin/notifications\">%s</a> · "
		    "<a href=\"/admin/notifications?status=queued\">%s</a> · "
		    "<a href=\"/admin/notifications?status=sent\">%s</a></p>",
		    T(&p, "notify.all"), T(&p, "notify.queued"), T(&p, "notify.sent"));
	if (!n) {
		html_printf(p.out, "<p>%s</p>", T(&p, "notify.none"));
		page_end(&p);
		return;
	}
	html_printf(p.out,
		    "<div class=\"table\"><table id=\"notifications\"><thead><tr>"
		    "<th scope=\"col\">#</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(&p, "notify.channel"), T(&p, "notify.to"), T(&p, "notify.subject"),
		    T(&p, "field.created_at"), T(&p, "notify.status"),
		    T(&p, "notify.attempts"));
	for (size_t i = 0; i < n; i++) {
		html_printf(p.out,
			    "<tr><td>%lld</td><td>%s</td><td class=\"to\">%s</td><td>%s</td>"
			    "<td>%s</td><td>",
			    xs[i].id,
			    T(&p, !strcmp(xs[i].channel, "sms") ? "notify.sms"
								: "notify.email"),
			    xs[i].recipient, xs[i].subject,
			    page_when(&p, xs[i].created_at));
		if (xs[i].sent_at)
			html_printf(p.out, "<span class=\"badge ok\">%s</span> %s",
				    T(&p, "notify.sent"), page_when(&p, xs[i].sent_at));
		else
			html_printf(p.out, "<span class=\"badge warn\">%s</span>",
				    T(&p, "notify.queued"));
		if (xs[i].last_error && !xs[i].sent_at)
			html_printf(p.out, "<br><span class=\"error\">%s</span> (%s %s)",
				    xs[i].last_error, T(&p, "notify.next"),
				    page_when(&p, xs[i].next_at));
		html_printf(p.out, "</td><td>%lld</td></tr>", xs[i].attempts);
	}
	html_printf(p.out, "</tbody></table></div>");
	page_end(&p);
}
