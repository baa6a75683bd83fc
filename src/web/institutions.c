/*
 * institutions.c - the institution pages: list with search, new, show with
 * name history, rename. Forms keep what was typed when a rule refuses it.
 */
#include <string.h>

#include "base/str.h"
#include "core/institution.h"
#include "web/layout.h"
#include "web/web.h"

/* A form field's value, "" when absent. */
static const char *form(struct http_req *req, const char *name)
{
	const char *v = http_form(req, name);

	return v ? v : "";
}

static void type_select(struct page *p, const char *name, const char *selected,
			int with_any, const struct app_error *err)
{
	page_select(p, name, "field.type", inst_type_names(), "type.", selected,
		    with_any, err);
}

static void province_select(struct page *p, const char *name,
			    const char *selected, int with_any,
			    const struct app_error *err)
{
	page_select(p, name, "field.province", province_codes(), "province.",
		    selected, with_any, err);
}

static const char *type_label(struct page *p, const char *code)
{
	return T(p, arena_printf(p->req->arena, "type.%s", code));
}

static const char *province_label(struct page *p, const char *code)
{
	return T(p, arena_printf(p->req->arena, "province.%s", code));
}

void page_institution_list(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct institution_filter f = {
		.q = http_query(req, "q"),
		.type = http_query(req, "type"),
		.province = http_query(req, "province"),
		.limit = 200,
	};
	struct institution *items = NULL;
	size_t n = 0;
	long long total = 0;

	page_init(&p, req, resp, "nav.institutions");
	page_ctx(&p, &ctx);
	if (app_institution_list(&ctx, &f, &items, &n, &total, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	page_begin(&p, T(&p, "inst.list_title"));
	html_printf(p.out, "<div class=\"titlebar\"><h1>%s</h1>",
		    T(&p, "inst.list_title"));
	if (app_can(&ctx, PERM_INSTITUTION_CREATE))
		html_printf(p.out,
			    "<a class=\"button\" href=\"/institutions/new\">%s</a>",
			    T(&p, "inst.new_title"));
	html_printf(p.out, "</div><form class=\"search\" method=\"get\" "
			   "action=\"/institutions\" role=\"search\">");
	page_field(&p, "q", "field.name", f.q, NULL, 0);
	type_select(&p, "type", f.type, 1, NULL);
	province_select(&p, "province", f.province, 1, NULL);
	html_printf(p.out, "<button type=\"submit\">%s</button></form>",
		    T(&p, "btn.search"));
	if (n == 0) {
		html_printf(p.out, "<p class=\"empty\">%s</p>", T(&p, "inst.empty"));
	} else {
		html_printf(p.out,
			    "<div class=\"table\"><table><thead><tr><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead><tbody>",
			    T(&p, "field.id"), T(&p, "field.name"),
			    T(&p, "field.type"), T(&p, "field.province"));
		for (size_t i = 0; i < n; i++)
			html_printf(p.out,
				    "<tr><td>%lld</td><td><a href=\"/institutions/%lld\">"
				    "%s</a></td><td>%s</td><td>%s</td></tr>",
				    items[i].id, items[i].id, items[i].name,
				    type_label(&p, items[i].type),
				    province_label(&p, items[i].province));
		html_printf(p.out,
			    "</tbody></table></div><p class=\"count\">%s %lld</p>",
			    T(&p, "list.total"), total);
	}
	page_end(&p);
}

/* The new-institution form, with the values and the error of a refused
 * attempt when there was one. */
static void new_form(struct page *p, const struct institution_input *in,
		     const char *parent, const struct app_error *err)
{
	page_begin(p, T(p, "inst.new_title"));
	html_printf(p->out, "<h1>%s</h1>", T(p, "inst.new_title"));
	if (err && !err->field)
		html_printf(p->out, "<p class=\"error\" role=\"alert\">%s</p>",
			    T(p, err->msg));
	page_form(p, "/institutions", "form");
	page_field(p, "name", "field.name", in ? in->name : NULL, err, 1);
	type_select(p, "type", in ? in->type : NULL, 0, err);
	province_select(p, "province", in ? in->province : NULL, 0, err);
	page_field(p, "credit_code", "field.credit_code",
		   in ? in->credit_code : NULL, err, 0);
	page_field(p, "parent_id", "field.parent", parent, err, 0);
	html_printf(p->out, "<p class=\"hint\">%s</p>", T(p, "inst.parent_hint"));
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button> "
		    "<a href=\"/institutions\">%s</a></div></form>",
		    T(p, "btn.create"), T(p, "btn.cancel"));
	page_end(p);
}

void page_institution_new(struct http_req *req, struct http_resp *resp)
{
	struct page p;

	page_init(&p, req, resp, "nav.institutions");
	new_form(&p, NULL, NULL, NULL);
}

void page_institution_create(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct institution_input in;
	const char *parent;
	long long id;

	page_init(&p, req, resp, "nav.institutions");
	page_ctx(&p, &ctx);
	memset(&in, 0, sizeof(in));
	in.name = str_trim_dup(req->arena, form(req, "name"));
	in.type = http_form(req, "type");
	in.province = http_form(req, "province");
	in.credit_code = str_trim_dup(req->arena, form(req, "credit_code"));
	parent = http_form(req, "parent_id");
	if (parent && *parent && str_to_ll(parent, 1, (long long)1 << 62, &in.parent_id)) {
		err.status = APP_INVALID;
		err.field = "parent_id";
		err.msg = "val.parent.not_found";
		resp->status = 422;
		new_form(&p, &in, parent, &err);
		return;
	}
	if (app_institution_create(&ctx, &in, &id, &err) != APP_OK) {
		if (err.status != APP_INVALID && err.status != APP_CONFLICT) {
			page_fail(&p, &err);
			return;
		}
		resp->status = err.status == APP_CONFLICT ? 409 : 422;
		new_form(&p, &in, parent, &err);
		return;
	}
	http_redirect(resp, arena_printf(req->arena, "/institutions/%lld", id));
}

static void show(struct page *p, long long id, const char *typed_name,
		 const char *typed_reason, const struct app_error *form_err)
{
	struct app_ctx ctx;
	struct app_error err;
	struct institution in, parent;
	struct institution_name *names;
	size_t nn;

	page_ctx(p, &ctx);
	if (app_institution_get(&ctx, id, &in, &err) != APP_OK ||
	    app_institution_names(&ctx, id, &names, &nn, &err) != APP_OK) {
		page_fail(p, &err);
		return;
	}
	page_begin(p, in.name);
	html_printf(p->out, "<h1>%s</h1><dl class=\"facts\">", in.name);
	html_printf(p->out, "<dt>%s</dt><dd>%lld</dd>", T(p, "field.id"), in.id);
	html_printf(p->out, "<dt>%s</dt><dd>%s</dd>", T(p, "field.type"),
		    type_label(p, in.type));
	html_printf(p->out, "<dt>%s</dt><dd>%s</dd>", T(p, "field.province"),
		    province_label(p, in.province));
	html_printf(p->out, "<dt>%s</dt><dd>%s</dd>", T(p, "field.credit_code"),
		    *in.credit_code ? in.credit_code : T(p, "inst.none"));
	if (in.parent_id &&
	    app_institution_get(&ctx, in.parent_id, &parent, &err) == APP_OK)
		html_printf(p->out,
			    "<dt>%s</dt><dd><a href=\"/institutions/%lld\">%s</a></dd>",
			    T(p, "field.parent"), parent.id, parent.name);
	html_printf(p->out, "<dt>%s</dt><dd>%s</dd></dl>", T(p, "field.created_at"),
		    in.created_at);

	html_printf(p->out,
		    "<h2>%s</h2><div class=\"table\"><table><thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
		    "</thead><tbody>",
		    T(p, "inst.history"), T(p, "field.name"), T(p, "inst.valid_from"),
		    T(p, "inst.valid_to"), T(p, "field.reason"));
	for (size_t i = 0; i < nn; i++)
		html_printf(p->out,
			    "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
			    names[i].name, names[i].valid_from,
			    names[i].valid_to ? names[i].valid_to : "—",
			    names[i].reason);
	html_printf(p->out, "</tbody></table></div>");

	if (!app_can(&ctx, PERM_INSTITUTION_RENAME)) {
		page_end(p);
		return;
	}
	html_printf(p->out, "<h2>%s</h2>", T(p, "inst.rename_title"));
	page_form(p, arena_printf(p->req->arena, "/institutions/%lld/rename", in.id),
		  "form");
	if (form_err && !form_err->field)
		html_printf(p->out, "<p class=\"error\" role=\"alert\">%s</p>",
			    T(p, form_err->msg));
	page_field(p, "name", "field.new_name", typed_name, form_err, 1);
	page_field(p, "reason", "field.reason", typed_reason, form_err, 0);
	html_printf(p->out, "<div class=\"actions\"><button type=\"submit\">%s"
			    "</button></div></form>",
		    T(p, "btn.rename"));
	page_end(p);
}

static long long param_id(struct http_req *req)
{
	long long id;

	if (req->nparams < 1 ||
	    str_to_ll(req->params[0], 1, (long long)1 << 62, &id) != 0)
		return 0;
	return id;
}

void page_institution_show(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	long long id = param_id(req);

	page_init(&p, req, resp, "nav.institutions");
	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	show(&p, id, NULL, NULL, NULL);
}

void page_institution_rename(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = param_id(req);
	const char *name, *reason;

	page_init(&p, req, resp, "nav.institutions");
	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	page_ctx(&p, &ctx);
	name = str_trim_dup(req->arena, form(req, "name"));
	reason = str_trim_dup(req->arena, form(req, "reason"));
	if (app_institution_rename(&ctx, id, name, reason, NULL, &err) != APP_OK) {
		if (err.status != APP_INVALID && err.status != APP_CONFLICT) {
			page_fail(&p, &err);
			return;
		}
		resp->status = err.status == APP_CONFLICT ? 409 : 422;
		show(&p, id, name, reason, &err);
		return;
	}
	http_redirect(resp, arena_printf(req->arena, "/institutions/%lld", id));
}
