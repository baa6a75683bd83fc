/*
 * admin.c - user and grant administration: list and create users, grant
 * and revoke roles on institutions, reset a password, disable and enable
 * a user. app/ decides what the actor may see and change (their own
 * subtree).
 */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "web/layout.h"
#include "web/web.h"

static const char *role_label(struct page *p, enum role r)
{
	return T(p, arena_printf(p->req->arena, "role.%s", role_name(r)));
}

static const char *scope_label(struct page *p, struct app_ctx *ctx, long long id)
{
	struct institution in;
	struct app_error err;

	if (!id)
		return T(p, "scope.network");
	if (app_institution_get(ctx, id, &in, &err) == APP_OK)
		return in.name;
	return arena_printf(p->req->arena, "#%lld", id);
}

/* The users page; created/password set after a creation (shown once). */
static void users(struct page *p, const char *created, const char *password,
		  const struct app_error *form_err)
{
	struct app_ctx ctx;
	struct app_error err;
	struct user_view *items;
	size_t n;

	page_ctx(p, &ctx);
	if (app_user_list(&ctx, &items, &n, &err) != APP_OK) {
		page_fail(p, &err);
		return;
	}
	page_begin(p, T(p, "users.title"));
	html_printf(p->out,
		    "<h1>%s</h1><p><a href=\"/admin/notifications\">%s</a> · "
		    "<a href=\"/admin/webhooks\">%s</a></p>",
		    T(p, "users.title"), T(p, "notify.title"), T(p, "webhooks.title"));
	if (created && password && *password)
		html_printf(p->out,
			    "<div class=\"notice\" role=\"status\"><p>%s <strong>%s</strong></p>"
			    "<p>%s <code class=\"token\">%s</code></p></div>",
			    T(p, "users.created"), created,
			    T(p, "users.initial_password"), password);
	html_printf(p->out,
		    "<div class=\"table\"><table><thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(p, "field.username"), T(p, "field.display_name"),
		    T(p, "users.status"), T(p, "field.created_at"), T(p, "account.grants"));
	for (size_t i = 0; i < n; i++) {
		html_raw(p->out, "<tr><td><a href=\"/admin/users/");
		html_url(p->out, items[i].user.username);
		html_printf(p->out, "\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td>",
			    items[i].user.username, items[i].user.display_name,
			    T(p, items[i].user.disabled ? "users.disabled" : "users.enabled"),
			    page_when(p, items[i].user.created_at));
		for (size_t g = 0; g < items[i].ngrants; g++)
			html_printf(p->out, "%s%s · %s", g ? "; " : "",
				    role_label(p, items[i].grants[g].role),
				    scope_label(p, &ctx, items[i].grants[g].institution_id));
		html_printf(p->out, "</td></tr>");
	}
	html_printf(p->out, "</tbody></table></div><h2>%s</h2>", T(p, "users.new"));
	page_form(p, "/admin/users", "form");
	page_form_error(p, form_err);
	page_field(p, "username", "field.username",
		   form_err ? page_input(p, "username") : NULL, form_err, 1);
	page_field(p, "display_name", "field.display_name",
		   form_err ? page_input(p, "display_name") : NULL, form_err, 0);
	html_printf(p->out,
		    "<p class=\"hint\">%s</p><div class=\"actions\">"
		    "<button type=\"submit\">%s</button></div></form>",
		    T(p, "users.password_hint"), T(p, "btn.create"));
	page_end(p);
}

void page_users(struct http_req *req, struct http_resp *resp)
{
	struct page p;

	page_init(&p, req, resp, "nav.users");
	users(&p, NULL, NULL, NULL);
}

void page_user_create(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	char generated[17];
	long long id;
	const char *username;

	page_init(&p, req, resp, "nav.users");
	page_ctx(&p, &ctx);
	username = str_trim_dup(req->arena, page_input(&p, "username"));
	if (app_user_create(&ctx, username,
			    str_trim_dup(req->arena, page_input(&p, "display_name")),
			    NULL, &id, generated, &err) != APP_OK) {
		if (err.status != APP_INVALID && err.status != APP_CONFLICT) {
			page_fail(&p, &err);
			return;
		}
		resp->status = page_refusal_status(err.status);
		users(&p, NULL, NULL, &err);
		return;
	}
	http_set_header(resp, "Cache-Control", "no-store");
	users(&p, username, arena_strdup(req->arena, generated), NULL);
	memset(generated, 0, sizeof(generated));
}

/* Disabling asks for a ticked confirmation (no script needed); enabling
 * is one button. */
static void disable_form(struct page *p, const char *base, bool disabled,
			 const struct app_error *err)
{
	html_printf(p->out, "<h2 id=\"disable\">%s</h2><p class=\"hint\">%s</p>",
		    T(p, "users.disable_title"), T(p, "users.disabled_hint"));
	if (disabled) {
		page_button(p, arena_printf(p->req->arena, "%s/enable", base),
			    "btn.enable_user", "inline");
		return;
	}
	page_form(p, arena_printf(p->req->arena, "%s/disable", base), "form");
	page_form_error(p, err && !err->field ? err : NULL);
	html_printf(p->out,
		    "<p><label><input type=\"checkbox\" name=\"confirm\" value=\"1\" "
		    "id=\"confirm\" required%s> %s</label></p>",
		    err && err->field ? " aria-invalid=\"true\" aria-describedby=\"e-confirm\""
				      : "",
		    T(p, "users.confirm_disable"));
	if (err && err->field)
		html_printf(p->out, "<p class=\"error\" id=\"e-confirm\">%s</p>",
			    T(p, err->msg));
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\" "
		    "class=\"danger\">%s</button></div></form>",
		    T(p, "btn.disable_user"));
}

static void user_page_ex(struct page *p, const char *username, const char *password,
			 const struct app_error *form_err,
			 const struct app_error *disable_err)
{
	struct app_ctx ctx;
	struct app_error err;
	struct user_view v;
	const char *base;

	page_ctx(p, &ctx);
	if (app_user_get(&ctx, username, &v, &err) != APP_OK) {
		page_fail(p, &err);
		return;
	}
	base = arena_printf(p->req->arena, "/admin/users/%s", v.user.username);
	page_begin(p, v.user.username);
	html_printf(p->out, "<h1>%s</h1>", v.user.username);
	if (password && *password)
		html_printf(p->out,
			    "<div class=\"notice\" role=\"status\"><p>%s "
			    "<code class=\"token\">%s</code></p></div>",
			    T(p, "users.initial_password"), password);
	html_printf(p->out,
		    "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
		    "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>",
		    T(p, "field.display_name"), v.user.display_name, T(p, "users.status"),
		    T(p, v.user.disabled ? "users.disabled" : "users.enabled"),
		    T(p, "field.created_at"), page_when(p, v.user.created_at),
		    T(p, "users.must_change"),
		    T(p, v.user.must_change_password ? "yes" : "no"));
	html_printf(p->out, "<h2>%s</h2>", T(p, "account.grants"));
	page_form_error(p, form_err);
	html_printf(p->out, "<ul class=\"plain\">");
	for (size_t g = 0; g < v.ngrants; g++) {
		html_printf(p->out, "<li>%s · %s ", role_label(p, v.grants[g].role),
			    scope_label(p, &ctx, v.grants[g].institution_id));
		page_form(p, arena_printf(p->req->arena, "%s/grants/revoke", base),
			  "inline");
		html_printf(p->out,
			    "<input type=\"hidden\" name=\"role\" value=\"%s\">"
			    "<input type=\"hidden\" name=\"institution_id\" value=\"%lld\">"
			    "<button type=\"submit\">%s</button></form></li>",
			    role_name(v.grants[g].role), v.grants[g].institution_id,
			    T(p, "btn.revoke"));
	}
	html_printf(p->out, "</ul>");
	page_form(p, arena_printf(p->req->arena, "%s/grants", base), "form");
	page_select(p, "role", "field.role", role_names_all(), "role.", NULL, 0, form_err);
	page_institution_select(p, "institution_id", "field.grant_scope",
				PERM_USER_MANAGE, "users.scope_network",
				form_err ? page_input(p, "institution_id") : NULL,
				form_err);
	html_printf(p->out,
		    "<p class=\"hint\">%s</p><div class=\"actions\">"
		    "<button type=\"submit\">%s</button></div></form>",
		    T(p, "users.scope_hint"), T(p, "btn.grant"));
	page_email_form(p, arena_printf(p->req->arena, "%s/email", base), v.user.email,
			page_actor(p) && page_actor(p)->user_id == v.user.id, form_err);
	html_printf(p->out, "<h2>%s</h2>", T(p, "users.reset_title"));
	page_button(p, arena_printf(p->req->arena, "%s/password", base),
		    "btn.reset_password", "inline");
	disable_form(p, base, v.user.disabled, disable_err);
	page_end(p);
}

static void user_page(struct page *p, const char *username, const char *password,
		      const struct app_error *form_err)
{
	user_page_ex(p, username, password, form_err, NULL);
}

void page_user(struct http_req *req, struct http_resp *resp)
{
	struct page p;

	page_init(&p, req, resp, "nav.users");
	user_page(&p, req->params[0], NULL, NULL);
}

static void grant_change(struct http_req *req, struct http_resp *resp, int add)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	const char *inst;
	long long id = 0;
	int rc;

	page_init(&p, req, resp, "nav.users");
	page_ctx(&p, &ctx);
	inst = str_trim_dup(req->arena, page_input(&p, "institution_id"));
	if (*inst && str_to_ll(inst, 0, 1LL << 62, &id)) {
		err.status = APP_INVALID;
		err.field = "institution_id";
		err.msg = "val.parent.not_found";
		resp->status = 422;
		user_page(&p, req->params[0], NULL, &err);
		return;
	}
	rc = add ? app_grant_add(&ctx, req->params[0], page_input(&p, "role"), id, &err)
		 : app_grant_remove(&ctx, req->params[0], page_input(&p, "role"), id, &err);
	if (rc != APP_OK) {
		if (err.status != APP_INVALID && err.status != APP_CONFLICT &&
		    !(err.status == APP_NOT_FOUND && err.field)) {
			page_fail(&p, &err);
			return;
		}
		resp->status = page_refusal_status(err.status);
		user_page(&p, req->params[0], NULL, &err);
		return;
	}
	http_redirect(resp, arena_printf(req->arena, "/admin/users/%s", req->params[0]));
}

void page_user_grant(struct http_req *req, struct http_resp *resp)
{
	grant_change(req, resp, 1);
}

void page_user_revoke(struct http_req *req, struct http_resp *resp)
{
	grant_change(req, resp, 0);
}

void page_user_reset(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	char generated[17];

	page_init(&p, req, resp, "nav.users");
	page_ctx(&p, &ctx);
	if (app_user_reset_password(&ctx, req->params[0], NULL, generated, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	http_set_header(resp, "Cache-Control", "no-store");
	user_page(&p, req->params[0], arena_strdup(req->arena, generated), NULL);
	memset(generated, 0, sizeof(generated));
}

static void disable_change(struct http_req *req, struct http_resp *resp, bool disable)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;

	page_init(&p, req, resp, "nav.users");
	page_ctx(&p, &ctx);
	memset(&err, 0, sizeof(err));
	if (disable && strcmp(page_value(&p, "confirm"), "1")) {
		err.status = APP_INVALID;
		err.field = "confirm";
		err.msg = "val.confirm.required";
	} else if (app_user_set_disabled(&ctx, req->params[0], disable, &err) == APP_OK) {
		http_redirect(resp,
			      arena_printf(req->arena, "/admin/users/%s", req->params[0]));
		return;
	}
	if (err.status != APP_INVALID && err.status != APP_CONFLICT) {
		page_fail(&p, &err);
		return;
	}
	resp->status = page_refusal_status(err.status);
	/* the refusal is shown at the form (a conflict or one's own account
	 * as the form's error, a missing confirmation at its box) */
	if (err.field && strcmp(err.field, "confirm"))
		err.field = NULL;
	user_page_ex(&p, req->params[0], NULL, NULL, &err);
}

void page_user_email(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;

	page_init(&p, req, resp, "nav.users");
	page_ctx(&p, &ctx);
	if (app_user_set_email(&ctx, req->params[0], page_value(&p, "email"),
			       page_input(&p, "password"), (int)p.lang, &err) != APP_OK) {
		if (err.status != APP_INVALID) {
			page_fail(&p, &err);
			return;
		}
		resp->status = 422;
		user_page(&p, req->params[0], NULL, &err);
		return;
	}
	http_redirect(resp,
		      arena_printf(req->arena, "/admin/users/%s#email", req->params[0]));
}

void page_user_disable(struct http_req *req, struct http_resp *resp)
{
	disable_change(req, resp, true);
}

void page_user_enable(struct http_req *req, struct http_resp *resp)
{
	disable_change(req, resp, false);
}
