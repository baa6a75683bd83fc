/* layout.c - the page layout, shared page helpers, error pages. */
#include "web/layout.h"

#include <string.h>

#include "base/timeutil.h"
#include "web/web.h"

void page_init(struct page *p, struct http_req *req, struct http_resp *resp, const char *nav)
{
	p->req = req;
	p->resp = resp;
	p->out = &resp->body;
	p->nav = nav;
	p->idp = NULL;
	p->lang = lang_choose(http_query(req, "lang"), http_cookie(req, "lang"),
			      http_header(req, "Accept-Language"));
	resp->content_type = "text/html; charset=utf-8";
	http_set_header(resp, "Content-Language", p->lang == LANG_EN ? "en" : "zh-CN");
	http_set_header(resp, "Vary", "Accept-Language, Cookie");
}

const char *T(const struct page *p, const char *key) { return tr(p->lang, key); }

void page_ctx(struct page *p, struct app_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->app = p->req->ctx;
	ctx->arena = p->req->arena;
	ctx->actor = p->req->actor;
	ctx->request_id = p->req->request_id;
	ctx->address = p->req->remote_addr;
	ctx->lang = (int)p->lang;
	ctx->writes = strcmp(p->req->method, "GET") && strcmp(p->req->method, "HEAD");
}

static void nav_item(struct page *p, const char *href, const char *key)
{
	if (p->nav && !strcmp(p->nav, key))
		html_printf(p->out, "<li><a href=\"%s\" aria-current=\"page\">%s</a></li>",
			    href, T(p, key));
	else
		html_printf(p->out, "<li><a href=\"%s\">%s</a></li>", href, T(p, key));
}

void page_begin(struct page *p, const char *title)
{
	struct buf next;
	const char *here = p->req->path;

	html_printf(p->out,
		    "<!doctype html>\n<html lang=\"%s\">\n<head>\n"
		    "<meta charset=\"utf-8\">\n"
		    "<meta name=\"viewport\" content=\"width=device-width, "
		    "initial-scale=1\">\n"
		    "<title>%s · %s</title>\n"
		    "<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
		    "<link rel=\"icon\" href=\"/static/favicon.svg\" "
		    "type=\"image/svg+xml\">\n"
		    "</head>\n<body>\n"
		    "<a class=\"skip\" href=\"#main\">%s</a>\n"
		    "<header class=\"top\"><div class=\"wrap\">"
		    "<a class=\"brand\" href=\"/\">%s</a>"
		    "<nav aria-label=\"main\"><ul>",
		    p->lang == LANG_EN ? "en" : "zh-CN", title, T(p, "app.name"),
		    T(p, "nav.skip"), T(p, "app.name"));
	nav_item(p, "/", "nav.home");
	nav_item(p, "/institutions", "nav.institutions");
	nav_item(p, "/registry/batches", "nav.batches");
	nav_item(p, "/verify", "nav.verify");
	nav_item(p, "/competitions", "nav.competitions");
	if (p->req->actor) {
		struct app_ctx ctx;

		page_ctx(p, &ctx);
		if (app_can(&ctx, PERM_PLAN_MANAGE))
			nav_item(p, "/plans", "nav.plans");
		if (app_can(&ctx, PERM_PERSON_MANAGE))
			nav_item(p, "/people", "nav.people");
		if (app_can(&ctx, PERM_CERT_READ))
			nav_item(p, "/certificates", "nav.certificates");
		if (app_can(&ctx, PERM_CERT_READ))
			nav_item(p, "/subsidy", "nav.subsidy");
		if (app_can(&ctx, PERM_APPR_MANAGE)) /* issue 15 */
			nav_item(p, "/apprenticeships", "nav.apprenticeships");
		if (app_can(&ctx, PERM_FILING))
			nav_item(p, "/filings", "nav.filings");
		if (app_can(&ctx, PERM_REGISTRY_DECIDE))
			nav_item(p, "/registry", "nav.registry");
		if (app_can(&ctx, PERM_STATS_READ)) /* issue 16 */
			nav_item(p, "/statistics", "nav.statistics");
		if (app_can(&ctx, PERM_SUPERVISE)) /* issue 16 */
			nav_item(p, "/supervision", "nav.supervision");
		if (app_can(&ctx, PERM_USER_MANAGE))
			nav_item(p, "/admin/users", "nav.users");
		if (app_can(&ctx, PERM_AUDIT_READ))
			nav_item(p, "/audit", "nav.audit");
		if (app_can(&ctx, PERM_TRAINING_MANAGE))
			nav_item(p, "/training", "nav.training");
		if (app_can(&ctx, PERM_ITEM_WRITE)) /* issue 19 */
			nav_item(p, "/items", "nav.items");
		if (page_actor(p)->person_id) { /* a holder account (issue 12) */
			nav_item(p, "/me/certificates", "holder.mine.title");
			nav_item(p, "/me/results", "holder.results.title");
			nav_item(p, "/me/applications", "appl.mine");
			nav_item(p, "/me/training", "training.mine.title");
			nav_item(p, "/me/apprenticeship", "apprentice.mine");
			if (app_comp_is_judge(&ctx)) /* a judge's own (issue 13) */
				nav_item(p, "/me/judging", "judging.title");
		}
	}
	buf_init(&next, 4096);
	str_url_encode(&next, here);
	html_printf(p->out,
		    "</ul></nav>"
		    "<div class=\"lang\" role=\"group\" aria-label=\"%s\">"
		    "<a href=\"/lang?to=zh&amp;next=%s\" lang=\"zh-CN\" "
		    "aria-current=\"%s\">%s</a> "
		    "<a href=\"/lang?to=en&amp;next=%s\" lang=\"en\" "
		    "aria-current=\"%s\">%s</a>"
		    "</div>",
		    T(p, "lang.switch"), next.data, p->lang == LANG_ZH ? "true" : "false",
		    T(p, "lang.zh"), next.data, p->lang == LANG_EN ? "true" : "false",
		    T(p, "lang.en"));
	buf_release(&next);
	if (page_actor(p)) {
		html_printf(p->out, "<div class=\"who\"><a href=\"/account\">%s</a> ",
			    page_actor(p)->username);
		page_button(p, "/logout", "nav.logout", "inline");
		html_printf(p->out, "</div>");
	} else {
		html_printf(p->out, "<div class=\"who\"><a href=\"/login\">%s</a></div>",
			    T(p, "nav.login"));
	}
	html_printf(p->out, "</div></header>\n<main id=\"main\" class=\"wrap\">\n");
}

void page_end(struct page *p)
{
	html_printf(p->out,
		    "</main>\n<footer class=\"foot\"><div class=\"wrap\">%s"
		    " · <a href=\"/open-data\">%s</a>"
		    "</div></footer>\n</body>\n</html>\n",
		    T(p, "footer.text"), T(p, "opendata.title"));
}

/* The id of field name in the form being written: the page's prefix, if
 * any, keeps it unique among several forms. */
static const char *field_id(struct page *p, const char *name)
{
	if (!p->idp || !*p->idp)
		return name;
	return arena_printf(p->req->arena, "%s%s", p->idp, name);
}

/* aria-invalid/aria-describedby for a field with an error and/or a hint. */
static void described(struct page *p, const char *id, int bad, int hint)
{
	if (bad)
		html_printf(p->out, " aria-invalid=\"true\"");
	if (bad && hint)
		html_printf(p->out, " aria-describedby=\"h-%s e-%s\"", id, id);
	else if (bad)
		html_printf(p->out, " aria-describedby=\"e-%s\"", id);
	else if (hint)
		html_printf(p->out, " aria-describedby=\"h-%s\"", id);
}

void page_field_ex(struct page *p, const char *type, const char *name,
		   const char *label_key, const char *value, const char *hint_key,
		   const struct app_error *err, int required)
{
	int bad = err && err->field && !strcmp(err->field, name);
	const char *id = field_id(p, name);

	html_printf(p->out, "<div class=\"field\"><label for=\"f-%s\">%s</label>", id,
		    T(p, label_key));
	if (type)
		html_printf(p->out, "<input type=\"%s\" id=\"f-%s\" name=\"%s\"", type,
			    id, name);
	else
		html_printf(p->out, "<input id=\"f-%s\" name=\"%s\"", id, name);
	if (!type || strcmp(type, "file"))
		html_printf(p->out, " value=\"%s\"", value ? value : "");
	if (required)
		html_printf(p->out, " required");
	described(p, id, bad, hint_key != NULL);
	html_printf(p->out, ">");
	if (hint_key)
		html_printf(p->out, "<p class=\"hint\" id=\"h-%s\">%s</p>", id,
			    T(p, hint_key));
	if (bad)
		html_printf(p->out, "<p class=\"error\" id=\"e-%s\">%s</p>", id,
			    T(p, err->msg));
	html_printf(p->out, "</div>");
}

void page_field(struct page *p, const char *name, const char *label_key,
		const char *value, const struct app_error *err, int required)
{
	page_field_ex(p, NULL, name, label_key, value, NULL, err, required);
}

void page_textarea(struct page *p, const char *name, const char *label_key,
		   const char *value, const struct app_error *err, int required)
{
	int bad = err && err->field && !strcmp(err->field, name);
	const char *id = field_id(p, name);

	html_printf(p->out,
		    "<div class=\"field\"><label for=\"f-%s\">%s</label>"
		    "<textarea id=\"f-%s\" name=\"%s\" rows=\"4\"",
		    id, T(p, label_key), id, name);
	if (required)
		html_printf(p->out, " required");
	described(p, id, bad, 0);
	html_printf(p->out, ">%s</textarea>", value ? value : "");
	if (bad)
		html_printf(p->out, "<p class=\"error\" id=\"e-%s\">%s</p>", id,
			    T(p, err->msg));
	html_printf(p->out, "</div>");
}

void page_checkbox(struct page *p, const char *name, const char *label_key, int checked)
{
	const char *id = field_id(p, name);

	html_printf(p->out,
		    "<div class=\"check\"><input type=\"checkbox\" id=\"f-%s\" "
		    "name=\"%s\" value=\"1\"",
		    id, name);
	if (checked)
		html_printf(p->out, " checked");
	html_printf(p->out, "><label for=\"f-%s\">%s</label></div>", id, T(p, label_key));
}

void page_select_text(struct page *p, const char *name, const char *label_key,
		      const char *const *values, const char *const *labels, size_t n,
		      const char *selected, int required, const struct app_error *err)
{
	int bad = err && err->field && !strcmp(err->field, name);
	const char *id = field_id(p, name);

	html_printf(p->out,
		    "<div class=\"field\"><label for=\"f-%s\">%s</label>"
		    "<select id=\"f-%s\" name=\"%s\"",
		    id, T(p, label_key), id, name);
	if (required)
		html_printf(p->out, " required");
	described(p, id, bad, 0);
	html_printf(p->out, ">");
	if (required)
		html_printf(p->out, "<option value=\"\">%s</option>", T(p, "form.choose"));
	for (size_t i = 0; i < n; i++) {
		html_printf(p->out, "<option value=\"%s\"", values[i]);
		if (selected && !strcmp(selected, values[i]))
			html_printf(p->out, " selected");
		html_printf(p->out, ">%s</option>", labels[i]);
	}
	html_printf(p->out, "</select>");
	if (bad)
		html_printf(p->out, "<p class=\"error\" id=\"e-%s\">%s</p>", id,
			    T(p, err->msg));
	html_printf(p->out, "</div>");
}

const char *page_when(struct page *p, const char *iso)
{
	char local[32];

	if (!iso)
		return "";
	/* anything that is not an instant (a date, text) is shown as it is */
	if (!time_local(iso, local, sizeof(local)))
		return iso;
	return arena_strdup(p->req->arena, local);
}

void page_details(struct page *p, const char *cls, const char *id, int open,
		  const char *summary_key)
{
	html_printf(p->out, "<details class=\"%s\"", cls);
	if (id)
		html_printf(p->out, " id=\"%s\"", id);
	if (open)
		html_printf(p->out, " open");
	html_printf(p->out, "><summary>%s</summary>", T(p, summary_key));
}

void page_count(struct page *p, const char *key, long long n)
{
	const char *text = T(p, key), *at = strstr(text, "{n}");

	if (!at) {
		html_printf(p->out, "%s", text);
		return;
	}
	html_printf(p->out, "%s%lld%s",
		    arena_strndup(p->req->arena, text, (size_t)(at - text)), n, at + 3);
}

void page_badge(struct page *p, const char *key_prefix, const char *code)
{
	/* the family as a class too ("batch.status." -> "batch-status"), so
	 * that one code ("open") may look different in each */
	char *family = arena_strdup(p->req->arena, key_prefix);
	size_t n = family ? strlen(family) : 0;

	if (n && family[n - 1] == '.')
		family[n - 1] = '\0';
	for (size_t i = 0; i < n; i++)
		if (family[i] == '.')
			family[i] = '-';
	html_printf(p->out, "<span class=\"badge b-%s %s\">%s</span>", code,
		    family ? family : "",
		    T(p, arena_printf(p->req->arena, "%s%s", key_prefix, code)));
}

const struct actor *page_actor(const struct page *p) { return p->req->actor; }

const char *page_safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\')
		return "/";
	for (const char *c = next; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f || *c == '\\')
			return "/";
	return next;
}

void page_form(struct page *p, const char *action, const char *cls)
{
	html_printf(p->out,
		    "<form class=\"%s\" method=\"post\" action=\"%s\">"
		    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">",
		    cls ? cls : "form", action, http_csrf_token(p->req, p->resp));
}

void page_form_upload(struct page *p, const char *action, const char *cls)
{
	html_printf(p->out,
		    "<form class=\"%s\" method=\"post\" action=\"%s\" "
		    "enctype=\"multipart/form-data\">"
		    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">",
		    cls ? cls : "form", action, http_csrf_token(p->req, p->resp));
}

void page_button(struct page *p, const char *action, const char *label_key, const char *cls)
{
	page_form(p, action, cls ? cls : "inline");
	html_printf(p->out, "<button type=\"submit\">%s</button></form>", T(p, label_key));
}

void page_error_summary(struct page *p, const struct app_error *err, const char *anchor)
{
	if (!err || !err->msg)
		return;
	html_printf(p->out,
		    "<div class=\"error-summary\" role=\"alert\"><p>%s</p>"
		    "<p><a href=\"#%s\">%s</a></p></div>",
		    T(p, err->msg), anchor, T(p, "form.to_field"));
}

void page_form_error(struct page *p, const struct app_error *err)
{
	if (err && !err->field && err->msg)
		html_printf(p->out, "<p class=\"error\" role=\"alert\">%s</p>",
			    T(p, err->msg));
}

const char *page_input(struct page *p, const char *name)
{
	const char *v = http_form(p->req, name);

	return v ? v : "";
}

const char *page_value(struct page *p, const char *name)
{
	const char *v = str_trim_dup(p->req->arena, page_input(p, name));

	return v ? v : "";
}

long long page_form_id(struct page *p, const char *name)
{
	long long v;

	if (str_to_ll(page_value(p, name), 1, (long long)1 << 62, &v))
		return 0;
	return v;
}

void page_import_problems(struct page *p, const struct import_report *rep, size_t shown)
{
	html_printf(p->out,
		    "<div class=\"table\"><table class=\"stack problems\"><thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(p, "import.row"), T(p, "import.column"), T(p, "import.reason"));
	for (size_t i = 0; i < shown; i++) {
		const struct import_problem *q = &rep->problems[i];

		html_printf(p->out,
			    "<tr><td data-label=\"%s\">%lld</td><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">%s</td></tr>",
			    T(p, "import.row"), (long long)q->line, T(p, "import.column"),
			    q->column ? q->column : T(p, "import.whole_row"),
			    T(p, "import.reason"),
			    app_import_problem_text(p->req->arena, p->lang, q));
	}
	html_printf(p->out, "</tbody></table></div>");
}

int page_refusal_status(enum app_status status)
{
	return status == APP_CONFLICT ? 409 : 422;
}

void page_select(struct page *p, const char *name, const char *label_key,
		 const char *const *values, const char *key_prefix, const char *selected,
		 int with_any, const struct app_error *err)
{
	int bad = err && err->field && !strcmp(err->field, name);
	const char *id = field_id(p, name);

	html_printf(p->out,
		    "<div class=\"field\"><label for=\"f-%s\">%s</label>"
		    "<select id=\"f-%s\" name=\"%s\"",
		    id, T(p, label_key), id, name);
	if (!with_any)
		html_printf(p->out, " required");
	if (bad)
		html_printf(p->out, " aria-invalid=\"true\" aria-describedby=\"e-%s\"", id);
	html_printf(p->out, "><option value=\"\">%s</option>",
		    with_any ? "—" : T(p, "form.choose"));
	for (const char *const *v = values; *v; v++) {
		html_printf(p->out, "<option value=\"%s\"", *v);
		if (selected && !strcmp(selected, *v))
			html_printf(p->out, " selected");
		html_printf(p->out, ">%s</option>",
			    T(p, arena_printf(p->req->arena, "%s%s", key_prefix, *v)));
	}
	html_printf(p->out, "</select>");
	if (bad)
		html_printf(p->out, "<p class=\"error\" id=\"e-%s\">%s</p>", id,
			    T(p, err->msg));
	html_printf(p->out, "</div>");
}

void page_password_field(struct page *p, const char *name, const char *label_key,
			 const char *autocomplete, const struct app_error *err)
{
	int bad = err && err->field && !strcmp(err->field, name);

	html_printf(p->out,
		    "<div class=\"field\"><label for=\"f-%s\">%s</label>"
		    "<input type=\"password\" id=\"f-%s\" name=\"%s\" "
		    "autocomplete=\"%s\" required",
		    name, T(p, label_key), name, name, autocomplete);
	if (bad)
		html_printf(p->out,
			    " aria-invalid=\"true\" aria-describedby=\"e-%s\">"
			    "<p class=\"error\" id=\"e-%s\">%s</p></div>",
			    name, name, T(p, err->msg));
	else
		html_printf(p->out, "></div>");
}

void page_new_password_fields(struct page *p, const struct app_error *err)
{
	page_password_field(p, "new_password", "field.new_password", "new-password", err);
	page_password_field(p, "confirm_password", "field.confirm_password",
			    "new-password", err);
	html_printf(p->out, "<p class=\"hint\">%s</p>", T(p, "password.rules"));
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s"
		    "</button></div></form>",
		    T(p, "btn.save"));
}

const char *page_new_password(struct page *p, struct app_error *err)
{
	const char *np = page_input(p, "new_password");

	if (!strcmp(np, page_input(p, "confirm_password")))
		return np;
	err->status = APP_INVALID;
	err->field = "confirm_password";
	err->msg = "val.password.mismatch";
	p->resp->status = 422;
	return NULL;
}

long long page_open_id(struct page *p, struct app_ctx *ctx, struct http_req *req,
		       struct http_resp *resp, const char *nav)
{
	long long id = page_param_id(req, 0);

	page_init(p, req, resp, nav);
	page_ctx(p, ctx);
	if (!id)
		page_fail_status(p, 404, "err.not_found");
	return id;
}

void page_pdf_download(struct page *p, const char *filename)
{
	p->resp->content_type = "application/pdf";
	http_set_header(p->resp, "Cache-Control", "no-store");
	http_set_header(p->resp, "Content-Disposition",
			arena_printf(p->req->arena, "attachment; filename=\"%s\"", filename));
}

static void error_page(struct page *p, int status, const char *msg_key)
{
	p->resp->status = status;
	buf_reset(p->out);
	page_begin(p, T(p, msg_key));
	html_printf(p->out, "<h1>%s</h1><p class=\"status\">HTTP %d</p>", T(p, msg_key),
		    status);
	if (p->req->bad_field) /* the field the HTTP layer refused */
		html_printf(p->out, "<p class=\"error\">%s: <code>%s</code></p>",
			    T(p, "err.field"), p->req->bad_field);
	html_printf(p->out, "<p><a href=\"/\">%s</a></p>", T(p, "nav.home"));
	page_end(p);
}

void page_fail_status(struct page *p, int status, const char *msg_key)
{
	error_page(p, status, msg_key);
}

void page_fail(struct page *p, const struct app_error *err)
{
	switch (err->status) {
	case APP_NOT_FOUND: error_page(p, 404, "page.not_found"); break;
	case APP_INVALID: error_page(p, 422, err->msg); break;
	case APP_CONFLICT: error_page(p, 409, err->msg); break;
	case APP_UNAUTHENTICATED: error_page(p, 401, "err.login_required"); break;
	case APP_FORBIDDEN: error_page(p, 403, "err.forbidden"); break;
	case APP_RATE_LIMITED: error_page(p, 429, err->msg); break;
	case APP_UNAVAILABLE: error_page(p, 503, "err.internal"); break;
	default: error_page(p, 500, "err.internal");
	}
}

void page_error(struct http_req *req, struct http_resp *resp, int status, const char *reason)
{
	struct page p;

	page_init(&p, req, resp, NULL);
	/* a page, not a JSON message, for a missing page */
	error_page(&p, status,
		   !strcmp(reason, "not_found") ? "page.not_found"
						: i18n_reason_key(reason));
}
