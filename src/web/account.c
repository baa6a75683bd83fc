/*
 * account.c - signing in and out, and the signed-in user's own account:
 * password change (forced at first login), personal API tokens.
 */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "web/layout.h"
#include "web/web.h"

#define SESSION_COOKIE "sc_session"

/* Where to go after login: a local path only (no open redirect). */
static const char *safe_next(const char *next)
{
	next = page_safe_next(next);
	if (str_has_prefix(next, "/login") || str_has_prefix(next, "/logout"))
		return "/";
	return next;
}

static void login_form(struct page *p, const char *username, const char *next,
		       const struct app_error *err)
{
	page_begin(p, T(p, "login.title"));
	html_printf(p->out, "<h1>%s</h1>", T(p, "login.title"));
	if (!err &&
	    !strcmp(http_query(p->req, "reset") ? http_query(p->req, "reset") : "", "1"))
		html_printf(p->out, "<p class=\"notice\" role=\"status\">%s</p>",
			    T(p, "reset.done"));
	page_form(p, "/login", "form narrow");
	page_form_error(p, err);
	html_printf(p->out, "<input type=\"hidden\" name=\"next\" value=\"%s\">",
		    safe_next(next));
	html_printf(p->out,
		    "<div class=\"field\"><label for=\"f-username\">%s</label>"
		    "<input id=\"f-username\" name=\"username\" value=\"%s\" "
		    "autocomplete=\"username\" autocapitalize=\"none\" required></div>",
		    T(p, "field.username"), username ? username : "");
	page_password_field(p, "password", "field.password", "current-password", NULL);
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s"
		    "</button></div></form>",
		    T(p, "btn.login"));
	html_printf(p->out,
		    "<p><a href=\"/password/forgot\" id=\"forgot-link\">%s</a></p>"
		    "<p><a href=\"/claim\" id=\"claim-link\">%s</a></p>",
		    T(p, "forgot.link"), T(p, "holder.claim.link"));
	page_end(p);
}

void page_login(struct http_req *req, struct http_resp *resp)
{
	struct page p;

	page_init(&p, req, resp, NULL);
	if (req->actor) {
		http_redirect(resp, safe_next(http_query(req, "next")));
		return;
	}
	login_form(&p, NULL, http_query(req, "next"), NULL);
}

void page_login_post(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct login_result lr;
	const char *username, *next;

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	username = str_trim_dup(req->arena, page_input(&p, "username"));
	next = safe_next(page_input(&p, "next"));
	if (app_login(&ctx, username, page_input(&p, "password"), &lr, &err) != APP_OK) {
		if (err.status == APP_RATE_LIMITED) {
			resp->status = 429;
			http_set_header(resp, "Retry-After",
					arena_printf(req->arena, "%lld", err.retry_after));
		} else if (err.status == APP_INVALID) {
			resp->status = 401;
		} else {
			page_fail(&p, &err);
			return;
		}
		login_form(&p, username, next, &err);
		return;
	}
	http_set_cookie(req, resp, SESSION_COOKIE, lr.token, -1);
	http_redirect(resp, lr.must_change_password ? "/account/password" : next);
}

void page_logout(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	if (app_logout(&ctx, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	http_set_cookie(req, resp, SESSION_COOKIE, "", 0);
	http_redirect(resp, "/");
}

static const char *scope_label(struct page *p, struct app_ctx *ctx, long long institution_id)
{
	struct institution in;
	struct app_error err;

	if (!institution_id)
		return T(p, "scope.network");
	if (app_institution_get(ctx, institution_id, &in, &err) == APP_OK)
		return in.name;
	return arena_printf(p->req->arena, "#%lld", institution_id);
}

static const char *role_label(struct page *p, enum role r)
{
	return T(p, arena_printf(p->req->arena, "role.%s", role_name(r)));
}

/* The account page; new_token is shown once when just created. */
static void account(struct page *p, const char *new_token, const struct app_error *form_err)
{
	const struct actor *a = page_actor(p);
	struct app_ctx ctx;
	struct app_error err;
	struct api_token *tokens;
	size_t n;

	page_ctx(p, &ctx);
	if (app_token_list(&ctx, NULL, &tokens, &n, &err) != APP_OK) {
		page_fail(p, &err);
		return;
	}
	page_begin(p, T(p, "account.title"));
	html_printf(p->out, "<h1>%s</h1><dl class=\"facts\"><dt>%s</dt><dd>%s</dd>",
		    T(p, "account.title"), T(p, "field.username"), a->username);
	html_printf(p->out, "<dt>%s</dt><dd><ul class=\"plain\">", T(p, "account.grants"));
	for (size_t i = 0; i < a->ngrants; i++)
		html_printf(p->out, "<li>%s · %s</li>", role_label(p, a->grants[i].role),
			    scope_label(p, &ctx, a->grants[i].institution_id));
	if (!a->ngrants)
		html_printf(p->out, "<li>%s</li>", T(p, "inst.none"));
	html_printf(p->out, "</ul></dd></dl><p><a href=\"/account/password\">%s</a></p>",
		    T(p, "password.title"));
	page_email_form(p, "/account/email", a->email, true, NULL);

	html_printf(p->out, "<h2>%s</h2>", T(p, "token.title"));
	if (new_token)
		html_printf(p->out,
			    "<div class=\"notice\" role=\"status\"><p>%s</p>"
			    "<p><code class=\"token\">%s</code></p></div>",
			    T(p, "token.shown_once"), new_token);
	if (n) {
		html_printf(p->out,
			    "<div class=\"table\"><table><thead><tr><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead><tbody>",
			    T(p, "field.name"), T(p, "field.created_at"),
			    T(p, "token.last_used"), T(p, "token.status"));
		for (size_t i = 0; i < n; i++) {
			html_printf(p->out, "<tr><td>%s</td><td>%s</td><td>%s</td><td>",
				    tokens[i].name, page_when(p, tokens[i].created_at),
				    tokens[i].last_used_at
					    ? page_when(p, tokens[i].last_used_at)
					    : "—");
			if (tokens[i].revoked_at)
				html_printf(p->out, "%s %s", T(p, "token.revoked"),
					    page_when(p, tokens[i].revoked_at));
			else
				page_button(p,
					    arena_printf(p->req->arena,
							 "/account/tokens/%lld/revoke",
							 tokens[i].id),
					    "btn.revoke", "inline");
			html_printf(p->out, "</td></tr>");
		}
		html_printf(p->out, "</tbody></table></div>");
	}
	page_form(p, "/account/tokens", "form");
	page_form_error(p, form_err);
	page_field(p, "name", "token.name", NULL, form_err, 1);
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s"
		    "</button></div></form>",
		    T(p, "btn.create_token"));
	page_end(p);
}

void page_account(struct http_req *req, struct http_resp *resp)
{
	struct page p;

	page_init(&p, req, resp, NULL);
	account(&p, NULL, NULL);
}

void page_token_create(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	char token[APP_TOKEN_MAX];
	long long id;

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	if (app_token_create(&ctx, NULL, str_trim_dup(req->arena, page_input(&p, "name")),
			     token, &id, &err) != APP_OK) {
		if (err.status != APP_INVALID) {
			page_fail(&p, &err);
			return;
		}
		resp->status = 422;
		account(&p, NULL, &err);
		return;
	}
	/* shown once, never cached */
	http_set_header(resp, "Cache-Control", "no-store");
	account(&p, arena_strdup(req->arena, token), NULL);
	memset(token, 0, sizeof(token));
}

void page_token_revoke(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id;

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	if (req->nparams < 1 || str_to_ll(req->params[0], 1, 1LL << 62, &id) ||
	    app_token_revoke(&ctx, NULL, id, &err) != APP_OK) {
		if (req->nparams < 1 || str_to_ll(req->params[0], 1, 1LL << 62, &id)) {
			page_error(req, resp, 404, "not_found");
			return;
		}
		page_fail(&p, &err);
		return;
	}
	http_redirect(resp, "/account");
}

static void password_form(struct page *p, const struct app_error *err)
{
	page_begin(p, T(p, "password.title"));
	html_printf(p->out, "<h1>%s</h1>", T(p, "password.title"));
	if (page_actor(p)->must_change_password)
		html_printf(p->out, "<p class=\"notice\" role=\"status\">%s</p>",
			    T(p, "password.must_change"));
	page_form(p, "/account/password", "form narrow");
	page_form_error(p, err);
	page_password_field(p, "current_password", "field.current_password",
			    "current-password", err);
	page_new_password_fields(p, err);
	page_end(p);
}

void page_password(struct http_req *req, struct http_resp *resp)
{
	struct page p;

	page_init(&p, req, resp, NULL);
	password_form(&p, NULL);
}

void page_password_post(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	const char *np;

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	np = page_new_password(&p, &err);
	if (!np) {
		password_form(&p, &err);
		return;
	}
	if (app_password_change(&ctx, page_input(&p, "current_password"), np, &err) !=
	    APP_OK) {
		if (err.status != APP_INVALID) {
			page_fail(&p, &err);
			return;
		}
		resp->status = 422;
		password_form(&p, &err);
		return;
	}
	http_redirect(resp, "/account");
}
