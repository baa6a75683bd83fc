/*
 * institutions.c - the institution pages: the public directory with its
 * filters, the new-institution form, the institution page (public facts,
 * identity and status history, scope, filings, applications; for staff
 * whose grant covers it the private contacts, inspections and the action
 * forms) and the rename form.
 *
 * Every form keeps what was typed when a rule refuses it and shows the
 * reason next to the field: the action handlers (here and in registry.c)
 * re-render the page through page_institution_render() with the name of
 * the refused form. What an actor may do comes from app/ (the may_* of
 * struct institution_detail); this file decides nothing about it.
 */
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "core/authz.h"
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
	page_select(p, name, "field.type", inst_type_names(), "type.", selected, with_any,
		    err);
}

static void province_select(struct page *p, const char *name, const char *selected,
			    int with_any, const struct app_error *err)
{
	page_select(p, name, "field.province", province_codes(), "province.", selected,
		    with_any, err);
}

static const char *const branch_kinds[] = {"sector", "regional", NULL};

static void kind_select(struct page *p, const char *selected, const struct app_error *err)
{
	page_select(p, "branch_kind", "field.branch_kind", branch_kinds, "kind.",
		    selected, 1, err);
}

static const char *province_label(struct page *p, const char *code)
{
	return T(p, arena_printf(p->req->arena, "province.%s", code));
}

/* The type as shown: a branch center of a known kind is called by its
 * kind (行业分中心, 地方分中心). */
static const char *type_text(struct page *p, const char *type, const char *kind)
{
	if (type && !strcmp(type, "branch_center") && kind && *kind)
		return T(p, arena_printf(p->req->arena, "kind.%s", kind));
	return T(p, arena_printf(p->req->arena, "type.%s", type ? type : ""));
}

/* The institution directory. */
void page_institution_list(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct institution_filter f = {
		.q = http_query(req, "q"),
		.type = http_query(req, "type"),
		.province = http_query(req, "province"),
		.status = http_query(req, "status"),
		.occupation = http_query(req, "occupation"),
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
	html_printf(p.out, "<div class=\"titlebar\"><h1>%s</h1><div class=\"tools\">",
		    T(&p, "inst.list_title"));
	if (app_can(&ctx, PERM_INSTITUTION_CREATE))
		html_printf(p.out, "<a class=\"button\" href=\"/institutions/new\">%s</a>",
			    T(&p, "inst.new_title"));
	if (app_can(&ctx, PERM_REGISTRY_APPLY))
		html_printf(p.out,
			    "<a class=\"button secondary\" href=\"/institutions/import\">%s</a>",
			    T(&p, "import.title"));
	/* the export is the whole registry with private fields: the center's */
	if (app_can(&ctx, PERM_REGISTRY_DECIDE))
		html_printf(p.out,
			    "<a class=\"button secondary\" href=\"/institutions/export.xlsx\">%s</a>"
			    "<a class=\"button secondary\" href=\"/institutions/export.csv\">%s</a>",
			    T(&p, "export.xlsx"), T(&p, "export.csv"));
	html_printf(p.out, "</div></div><form class=\"search\" method=\"get\" "
			   "action=\"/institutions\" role=\"search\">");
	page_field(&p, "q", "field.name", f.q, NULL, 0);
	type_select(&p, "type", f.type, 1, NULL);
	province_select(&p, "province", f.province, 1, NULL);
	page_select(&p, "status", "field.status", reg_status_names(), "status.", f.status,
		    1, NULL);
	page_field(&p, "occupation", "field.occupation", f.occupation, NULL, 0);
	html_printf(p.out, "<button type=\"submit\">%s</button></form>",
		    T(&p, "btn.search"));
	if (n == 0) {
		html_printf(p.out, "<p class=\"empty\">%s</p>", T(&p, "inst.empty"));
		page_end(&p);
		return;
	}
	html_printf(p.out,
		    "<div class=\"table\"><table class=\"stack\"><thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(&p, "field.id"), T(&p, "field.name"), T(&p, "field.type"),
		    T(&p, "field.province"), T(&p, "field.status"),
		    T(&p, "field.registration_no"), T(&p, "field.valid_until"));
	for (size_t i = 0; i < n; i++) {
		const struct institution *in = &items[i];

		html_printf(p.out,
			    "<tr><td data-label=\"%s\">%lld</td><td data-label=\"%s\">"
			    "<a href=\"/institutions/%lld\">%s</a>",
			    T(&p, "field.id"), in->id, T(&p, "field.name"), in->id,
			    in->name);
		/* found by a name it bore: say which */
		if (in->former_name)
			html_printf(p.out, "<br><small class=\"former\">%s%s</small>",
				    T(&p, "inst.former_name"), in->former_name);
		html_printf(p.out,
			    "</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">",
			    T(&p, "field.type"), type_text(&p, in->type, in->branch_kind),
			    T(&p, "field.province"), province_label(&p, in->province),
			    T(&p, "field.status"));
		page_badge(&p, "status.", in->status);
		html_printf(p.out,
			    "</td><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">%s</td></tr>",
			    T(&p, "field.registration_no"),
			    in->registration_no ? in->registration_no : "—",
			    T(&p, "field.valid_until"),
			    in->valid_until ? in->valid_until : "—");
	}
	html_printf(p.out, "</tbody></table></div><p class=\"count\">%s %lld</p>",
		    T(&p, "list.total"), total);
	page_end(&p);
}

void page_institution_select(struct page *p, const char *name, const char *label_key,
			     const char *perm, const char *none_key, const char *selected,
			     const struct app_error *err)
{
	struct app_ctx ctx;
	struct app_error e;
	struct institution *items = NULL;
	size_t n = 0;
	const char **values, **labels;

	page_ctx(p, &ctx);
	if (app_institution_choices(&ctx, perm, &items, &n, &e) != APP_OK)
		n = 0;
	values = arena_alloc(p->req->arena, (n + 1) * sizeof(*values));
	labels = arena_alloc(p->req->arena, (n + 1) * sizeof(*labels));
	values[0] = "";
	labels[0] = T(p, none_key);
	for (size_t i = 0; i < n; i++) {
		values[i + 1] = arena_printf(p->req->arena, "%lld", items[i].id);
		labels[i + 1] = arena_printf(p->req->arena, "%s（%lld）", items[i].name,
					     items[i].id);
	}
	page_select_text(p, name, label_key, values, labels, n + 1, selected, 0, err);
}

/* The new-institution form, with the values and the error of a refused
 * attempt when there was one. The note that lets a credit code failing its
 * checksum through is offered once that refusal came back (or when one was
 * typed already). */
static void new_form(struct page *p, const struct institution_input *in,
		     const char *parent, const struct app_error *err)
{
	bool override = (err && err->field && err->msg &&
			 !strcmp(err->field, "credit_code") &&
			 !strcmp(err->msg, "val.credit_code.checksum")) ||
			(in && in->credit_code_override && *in->credit_code_override);

	page_begin(p, T(p, "inst.new_title"));
	html_printf(p->out,
		    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/institutions\">%s</a>"
		    "</nav><h1>%s</h1>",
		    T(p, "nav.crumbs"), T(p, "inst.list_title"), T(p, "inst.new_title"));
	if (err && !err->field)
		html_printf(p->out, "<p class=\"error\" role=\"alert\">%s</p>",
			    T(p, err->msg));
	page_form(p, "/institutions", "form");
	page_field(p, "name", "field.name", in ? in->name : NULL, err, 1);
	type_select(p, "type", in ? in->type : NULL, 0, err);
	kind_select(p, in ? in->branch_kind : NULL, err);
	html_printf(p->out, "<p class=\"hint\">%s</p>", T(p, "inst.kind_hint"));
	province_select(p, "province", in ? in->province : NULL, 0, err);
	/* chosen by name among those the actor may create under */
	page_institution_select(p, "parent_id", "field.parent", PERM_INSTITUTION_CREATE,
				"inst.parent_none", parent, err);
	html_printf(p->out, "<p class=\"hint\">%s</p>", T(p, "inst.parent_hint"));
	page_field(p, "credit_code", "field.credit_code", in ? in->credit_code : NULL,
		   err, 0);
	if (override)
		page_field_ex(p, NULL, "credit_code_override", "field.credit_code_override",
			      in ? in->credit_code_override : NULL, "inst.override_hint",
			      err, 0);
	page_field(p, "host_org", "field.host_org", in ? in->host_org : NULL, err, 0);
	page_field(p, "address", "field.address", in ? in->address : NULL, err, 0);
	html_printf(p->out,
		    "<fieldset class=\"group\"><legend>%s</legend>"
		    "<p class=\"hint\">%s</p>",
		    T(p, "inst.contacts"), T(p, "inst.contacts_hint"));
	page_field(p, "contact_name", "field.contact_name", in ? in->contact_name : NULL,
		   err, 0);
	page_field_ex(p, "tel", "contact_phone", "field.contact_phone",
		      in ? in->contact_phone : NULL, NULL, err, 0);
	page_field_ex(p, "email", "contact_email", "field.contact_email",
		      in ? in->contact_email : NULL, NULL, err, 0);
	html_printf(p->out,
		    "</fieldset><div class=\"actions\"><button type=\"submit\">%s</button> "
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

/* A trimmed form field, NULL when empty. */
static const char *trimmed(struct http_req *req, const char *name)
{
	const char *v = str_trim_dup(req->arena, form(req, name));

	return v && *v ? v : NULL;
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
	in.credit_code_override = trimmed(req, "credit_code_override");
	in.branch_kind = http_form(req, "branch_kind");
	in.address = trimmed(req, "address");
	in.host_org = trimmed(req, "host_org");
	in.contact_name = trimmed(req, "contact_name");
	in.contact_phone = trimmed(req, "contact_phone");
	in.contact_email = trimmed(req, "contact_email");
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
		resp->status = page_refusal_status(err.status);
		new_form(&p, &in, parent, &err);
		return;
	}
	http_redirect(resp, arena_printf(req->arena, "/institutions/%lld", id));
}

/* ---- the institution page ---- */

/* Which form of the page was refused and why; NULL when none. */
struct refusal {
	const char *form;
	const struct app_error *err;
};

/* The refusal when it concerns form, else NULL. */
static const struct app_error *ferr(const struct refusal *r, const char *name)
{
	return r && r->form && !strcmp(r->form, name) ? r->err : NULL;
}

/* What was typed into field of the refused form, else dflt. */
static const char *typed(struct page *p, const struct refusal *r, const char *name,
			 const char *field, const char *dflt)
{
	return ferr(r, name) ? page_input(p, field) : dflt;
}

/* The error of a refusal that no field of the form shows (fields lists
 * the form's field names, NULL-terminated). */
static void form_error(struct page *p, const struct app_error *err, const char *const *fields)
{
	if (!err || !err->msg)
		return;
	for (const char *const *f = fields; err->field && *f; f++)
		if (!strcmp(*f, err->field))
			return;
	html_printf(p->out, "<p class=\"error\" role=\"alert\">%s</p>", T(p, err->msg));
}

/* Opens a form of the page: its id prefix keeps field ids unique. */
static void open_form(struct page *p, long long id, const char *path, const char *idp,
		      const char *cls)
{
	page_form(p, arena_printf(p->req->arena, "/institutions/%lld/%s", id, path), cls);
	p->idp = idp;
}

static void close_form(struct page *p, const char *label_key)
{
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
		    T(p, label_key));
	p->idp = NULL;
}

/* A <details> disclosure around a form; open when that form was refused. */
static void open_disclosure(struct page *p, const struct refusal *r, const char *name,
			    const char *summary_key)
{
	page_details(p, "disclose", arena_printf(p->req->arena, "form-%s", name),
		     ferr(r, name) != NULL, summary_key);
}

static void fact(struct page *p, const char *key, const char *value)
{
	if (value && *value)
		html_printf(p->out, "<dt>%s</dt><dd>%s</dd>", T(p, key), value);
}

/* A private fact, marked as such. */
static void private_fact(struct page *p, const char *key, const char *value)
{
	if (value && *value)
		html_printf(p->out,
			    "<dt>%s <span class=\"tag private\">%s</span></dt><dd>%s</dd>",
			    T(p, key), T(p, "inst.private"), value);
}

static void facts(struct page *p, const struct institution_detail *d)
{
	const struct institution *in = &d->inst;

	html_printf(p->out, "<dl class=\"facts\">");
	html_printf(p->out, "<dt>%s</dt><dd>%lld</dd>", T(p, "field.id"), in->id);
	fact(p, "field.type", type_text(p, in->type, in->branch_kind));
	fact(p, "field.province", province_label(p, in->province));
	if (in->parent_id && d->parent_name)
		html_printf(p->out,
			    "<dt>%s</dt><dd><a href=\"/institutions/%lld\">%s</a></dd>",
			    T(p, "field.parent"), in->parent_id, d->parent_name);
	html_printf(p->out, "<dt>%s</dt><dd>", T(p, "field.status"));
	page_badge(p, "status.", reg_status_name(d->effective));
	html_printf(p->out, "</dd>");
	fact(p, "field.registration_no", in->registration_no);
	fact(p, "field.registered_on", in->registered_on);
	fact(p, "field.valid_until", in->valid_until);
	if (in->approval_doc && *in->approval_doc)
		html_printf(p->out, "<dt>%s</dt><dd>%s%s%s</dd>",
			    T(p, "field.approval_doc"), in->approval_doc,
			    in->approval_date ? " · " : "",
			    in->approval_date ? in->approval_date : "");
	fact(p, "field.host_org", in->host_org);
	fact(p, "field.address", in->address);
	html_printf(p->out, "<dt>%s</dt><dd>%s</dd>", T(p, "field.credit_code"),
		    in->credit_code && *in->credit_code ? in->credit_code
							: T(p, "inst.none"));
	private_fact(p, "field.credit_code_override", in->credit_code_note);
	private_fact(p, "field.contact_name", in->contact_name);
	private_fact(p, "field.contact_phone", in->contact_phone);
	private_fact(p, "field.contact_email", in->contact_email);
	html_printf(p->out, "<dt>%s</dt><dd>%s</dd></dl>", T(p, "field.created_at"),
		    page_when(p, in->created_at));
}

/* The identity history: names and types, oldest first. */
static void names_section(struct page *p, const struct institution_detail *d)
{
	html_printf(p->out,
		    "<h2>%s</h2><div class=\"table\"><table class=\"stack\"><thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
		    "</thead><tbody>",
		    T(p, "inst.history"), T(p, "field.name"), T(p, "inst.valid_from"),
		    T(p, "inst.valid_to"), T(p, "field.reason"), T(p, "field.type"),
		    T(p, "field.doc_no"));
	for (size_t i = 0; i < d->nnames; i++) {
		const struct institution_name *n = &d->names[i];

		html_printf(p->out,
			    "<tr><td>%s</td><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td></tr>",
			    n->name, T(p, "inst.valid_from"), page_when(p, n->valid_from),
			    T(p, "inst.valid_to"),
			    n->valid_to ? page_when(p, n->valid_to) : "—",
			    T(p, "field.reason"), n->reason ? n->reason : "",
			    T(p, "field.type"), type_text(p, n->type, NULL),
			    T(p, "field.doc_no"), n->doc_no ? n->doc_no : "");
	}
	html_printf(p->out, "</tbody></table></div>");
}

/* The status history as a timeline, oldest first. */
static void status_section(struct page *p, const struct institution_detail *d)
{
	html_printf(p->out, "<h2 id=\"status\">%s</h2>", T(p, "inst.status_history"));
	if (!d->nchanges) {
		html_printf(p->out, "<p class=\"empty\">%s</p>", T(p, "inst.no_changes"));
		return;
	}
	html_printf(p->out, "<ol class=\"timeline\">");
	for (size_t i = 0; i < d->nchanges; i++) {
		const struct status_change *c = &d->changes[i];

		html_printf(p->out, "<li><time datetime=\"%s\">%s</time><div>", c->at,
			    page_when(p, c->at));
		if (c->from_status && *c->from_status) {
			page_badge(p, "status.", c->from_status);
			html_printf(p->out, " <span aria-hidden=\"true\">→</span> ");
		}
		page_badge(p, "status.", c->to_status);
		if (c->reason && *c->reason)
			html_printf(p->out, "<p>%s</p>", c->reason);
		if (c->doc_no && *c->doc_no)
			html_printf(p->out, "<p class=\"meta\">%s %s</p>",
				    T(p, "field.doc_no"), c->doc_no);
		html_printf(p->out, "</div></li>");
	}
	html_printf(p->out, "</ol>");
}

static const char *const level_fields[] = {"level5", "level4", "level3",
					   "level2", "level1", NULL};

/* The occupation of a scope entry chosen by name from the catalog (its
 * code sent; app/ takes the catalog's name for it). */
static void occupation_select(struct page *p, const char *code, const struct app_error *err)
{
	struct app_ctx ctx;
	struct app_error e;
	struct occupation *items = NULL;
	size_t n = 0;
	const char **values, **labels;

	page_ctx(p, &ctx);
	if (app_occupation_list(&ctx, "", &items, &n, &e) != APP_OK)
		n = 0;
	values = arena_alloc(p->req->arena, (n + 1) * sizeof(*values));
	labels = arena_alloc(p->req->arena, (n + 1) * sizeof(*labels));
	for (size_t i = 0; i < n; i++) {
		values[i] = items[i].code;
		labels[i] = arena_printf(p->req->arena, "%s %s", items[i].code,
					 items[i].name);
	}
	page_select_text(p, "occupation_code", "field.occupation_name", values, labels, n,
			 code, 1, err);
}

/* The levels of a mask as tags, lowest level (5) first. */
static void level_tags(struct page *p, unsigned mask)
{
	html_printf(p->out, "<span class=\"tags\">");
	for (int l = 5; l >= 1; l--)
		if (mask & (1u << l))
			html_printf(p->out, "<span class=\"tag\">%s</span> ",
				    T(p, arena_printf(p->req->arena, "level.%d", l)));
	html_printf(p->out, "</span>");
}

static void scope_section(struct page *p, const struct institution_detail *d,
			  const struct refusal *r)
{
	static const char *const add_fields[] = {"occupation_code", "occupation_name",
						 "work_type",       "levels",
						 "doc_no",          NULL};
	static const char *const rm_fields[] = {"doc_no", NULL};
	const struct app_error *e = ferr(r, "scope");
	const char *rm_id = ferr(r, "scope_remove") ? page_input(p, "scope_id") : "";

	html_printf(p->out, "<h2 id=\"scope\">%s</h2>", T(p, "field.scope"));
	if (!d->nscope) {
		html_printf(p->out, "<p class=\"empty\">%s</p>", T(p, "inst.no_scope"));
	} else {
		html_printf(p->out,
			    "<div class=\"table\"><table class=\"stack\"><thead><tr>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
			    T(p, "field.occupation_code"), T(p, "field.occupation_name"),
			    T(p, "field.work_type"), T(p, "field.levels"),
			    T(p, "field.doc_no"), T(p, "inst.valid_from"));
		if (d->may_decide)
			html_printf(p->out, "<th scope=\"col\">%s</th>",
				    T(p, "inst.actions"));
		html_printf(p->out, "</tr></thead><tbody>");
		for (size_t i = 0; i < d->nscope; i++) {
			const struct scope_entry *s = &d->scope[i];
			const char *sid = arena_printf(p->req->arena, "%lld", s->id);

			html_printf(p->out,
				    "<tr><td data-label=\"%s\"><code>%s</code></td>"
				    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
				    "<td data-label=\"%s\">",
				    T(p, "field.occupation_code"), s->occupation_code,
				    T(p, "field.occupation_name"), s->occupation_name,
				    T(p, "field.work_type"),
				    *s->work_type ? s->work_type : "—",
				    T(p, "field.levels"));
			level_tags(p, s->levels);
			html_printf(p->out,
				    "</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>",
				    T(p, "field.doc_no"), s->doc_no,
				    T(p, "inst.valid_from"), s->valid_from);
			if (d->may_decide) {
				const struct app_error *re =
					!strcmp(rm_id, sid) ? ferr(r, "scope_remove") : NULL;

				html_printf(p->out, "<td data-label=\"%s\">",
					    T(p, "inst.actions"));
				page_details(p, "row-action", NULL, re != NULL,
					     "btn.end_scope");
				open_form(p, d->inst.id, "scope/remove",
					  arena_printf(p->req->arena, "sr%s-", sid),
					  "form compact");
				html_printf(p->out,
					    "<input type=\"hidden\" name=\"scope_id\" value=\"%s\">",
					    sid);
				form_error(p, re, rm_fields);
				page_field(p, "doc_no", "field.doc_no",
					   re ? page_input(p, "doc_no") : NULL, re, 1);
				close_form(p, "btn.end_scope");
				html_printf(p->out, "</details></td>");
			}
			html_printf(p->out, "</tr>");
		}
		html_printf(p->out, "</tbody></table></div>");
	}
	if (!d->may_decide)
		return;
	open_disclosure(p, r, "scope", "inst.scope_add");
	open_form(p, d->inst.id, "scope", "sc-", "form");
	form_error(p, e, add_fields);
	occupation_select(p, typed(p, r, "scope", "occupation_code", NULL), e);
	html_printf(p->out, "<p class=\"hint\">%s</p>", T(p, "inst.occupation_hint"));
	page_field(p, "work_type", "field.work_type",
		   typed(p, r, "scope", "work_type", NULL), e, 0);
	{
		int bad = e && e->field && !strcmp(e->field, "levels");

		html_printf(p->out, "<fieldset class=\"group levels\"");
		if (bad)
			html_printf(p->out, " aria-describedby=\"e-sc-levels\"");
		html_printf(p->out, "><legend>%s</legend>", T(p, "field.levels"));
		for (int l = 5; l >= 1; l--)
			page_checkbox(p, level_fields[5 - l],
				      arena_printf(p->req->arena, "level.%d", l),
				      e && *page_input(p, level_fields[5 - l]));
		if (bad)
			html_printf(p->out, "<p class=\"error\" id=\"e-sc-levels\">%s</p>",
				    T(p, e->msg));
		html_printf(p->out, "</fieldset>");
	}
	page_field(p, "doc_no", "field.doc_no", typed(p, r, "scope", "doc_no", NULL), e, 1);
	close_form(p, "btn.add");
	html_printf(p->out, "</details>");
}

static void filings_section(struct page *p, const struct institution_detail *d,
			    const struct refusal *r)
{
	static const char *const fields[] = {
		"authority",     "filing_no", "filing_date", "institution_code",
		"province_code", "site_code", NULL};
	const struct app_error *e = ferr(r, "filing");

	html_printf(p->out, "<h2 id=\"filings\">%s</h2>", T(p, "inst.filings"));
	if (!d->nfilings) {
		html_printf(p->out, "<p class=\"empty\">%s</p>", T(p, "inst.no_filings"));
	} else {
		html_printf(p->out,
			    "<div class=\"table\"><table class=\"stack\"><thead><tr>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
			    "</thead><tbody>",
			    T(p, "field.authority"), T(p, "field.filing_no"),
			    T(p, "field.filing_date"), T(p, "field.institution_code"),
			    T(p, "field.province_code"), T(p, "field.site_code"));
		for (size_t i = 0; i < d->nfilings; i++) {
			const struct filing *f = &d->filings[i];

			html_printf(p->out,
				    "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
				    "<td data-label=\"%s\">%s</td>"
				    "<td data-label=\"%s\"><code>%s</code></td>"
				    "<td data-label=\"%s\">%s</td>"
				    "<td data-label=\"%s\"><code>%s</code></td></tr>",
				    T(p, "field.authority"), f->authority,
				    T(p, "field.filing_no"), f->filing_no,
				    T(p, "field.filing_date"), f->filing_date,
				    T(p, "field.institution_code"), f->institution_code,
				    T(p, "field.province_code"),
				    province_label(p, f->province_code),
				    T(p, "field.site_code"), f->site_code);
		}
		html_printf(p->out, "</tbody></table></div>");
	}
	if (!d->may_file)
		return;
	open_disclosure(p, r, "filing", "inst.filing_add");
	open_form(p, d->inst.id, "filings", "fi-", "form");
	form_error(p, e, fields);
	page_field(p, "authority", "field.authority",
		   typed(p, r, "filing", "authority", NULL), e, 1);
	page_field(p, "filing_no", "field.filing_no",
		   typed(p, r, "filing", "filing_no", NULL), e, 1);
	page_field_ex(p, "date", "filing_date", "field.filing_date",
		      typed(p, r, "filing", "filing_date", NULL), NULL, e, 1);
	page_field_ex(p, NULL, "institution_code", "field.institution_code",
		      typed(p, r, "filing", "institution_code", NULL),
		      "inst.institution_code_hint", e, 1);
	province_select(p, "province_code",
			typed(p, r, "filing", "province_code", d->inst.province), 0, e);
	page_field_ex(p, NULL, "site_code", "field.site_code",
		      typed(p, r, "filing", "site_code", NULL), "inst.site_code_hint", e,
		      1);
	close_form(p, "btn.add");
	html_printf(p->out, "</details>");
}

/* The institution's seal (电子印章), for whoever manages its certificates:
 * the image, an upload form (a PNG with transparency) and removal. */
static void seal_section(struct page *p, struct app_ctx *ctx,
			 const struct institution_detail *d, const struct refusal *r)
{
	const struct app_error *e = ferr(r, "seal");
	struct seal_info info;
	struct app_error err;
	enum app_status rc;

	if (!app_can(ctx, PERM_CERT_MANAGE))
		return;
	rc = app_seal_get(ctx, d->inst.id, &info, NULL, &err);
	if (rc != APP_OK && rc != APP_NOT_FOUND)
		return; /* not this actor's institution */
	html_printf(p->out, "<h2 id=\"seal\">%s</h2>", T(p, "seal.title"));
	if (rc == APP_OK) {
		html_printf(p->out,
			    "<figure class=\"seal\"><img src=\"/institutions/%lld/seal.png\" "
			    "alt=\"%s\" width=\"120\"><figcaption>%d × %d px · %s</figcaption>"
			    "</figure>",
			    d->inst.id, T(p, "seal.title"), info.width, info.height,
			    info.added_at);
		page_form(p,
			  arena_printf(p->req->arena, "/institutions/%lld/seal", d->inst.id),
			  "inline");
		html_printf(p->out,
			    "<input type=\"hidden\" name=\"remove\" value=\"1\">"
			    "<button type=\"submit\" class=\"secondary\">%s</button></form>",
			    T(p, "seal.remove"));
	} else {
		html_printf(p->out, "<p class=\"empty\">%s</p>", T(p, "seal.none"));
	}
	html_printf(p->out, "<div id=\"form-seal\">");
	page_form_upload(p,
			 arena_printf(p->req->arena, "/institutions/%lld/seal", d->inst.id),
			 "form");
	html_printf(p->out,
		    "<div class=\"field\"><label for=\"f-seal\">%s</label>"
		    "<input type=\"file\" id=\"f-seal\" name=\"seal\" required "
		    "accept=\"image/png\" aria-describedby=\"h-seal%s\"%s>"
		    "<p class=\"hint\" id=\"h-seal\">%s</p>",
		    T(p, "seal.file"), e ? " e-seal" : "",
		    e ? " aria-invalid=\"true\"" : "", T(p, "seal.hint"));
	if (e)
		html_printf(p->out, "<p class=\"error\" id=\"e-seal\">%s</p>", T(p, e->msg));
	html_printf(p->out, "</div>");
	close_form(p, "seal.upload");
	html_printf(p->out, "</div>");
}

/* The batches the actor may see, to name and link an application's. */
static const char *batch_title(const struct reg_batch *b, size_t nb, long long id)
{
	for (size_t i = 0; i < nb; i++)
		if (b[i].id == id)
			return b[i].title;
	return NULL;
}

static void applications_section(struct page *p, struct app_ctx *ctx,
				 const struct institution_detail *d,
				 const struct refusal *r)
{
	struct reg_batch *batches = NULL;
	struct app_error err;
	size_t nb = 0;
	bool pending = false;

	if (app_batch_list(ctx, "", &batches, &nb, &err) != APP_OK)
		nb = 0;
	html_printf(p->out, "<h2 id=\"applications\">%s</h2>", T(p, "inst.applications"));
	if (!d->nregs)
		html_printf(p->out, "<p class=\"empty\">%s</p>",
			    T(p, "inst.no_applications"));
	else
		html_printf(p->out, "<ul class=\"records\">");
	for (size_t i = 0; i < d->nregs; i++) {
		const struct registration *g = &d->regs[i];
		const char *title = g->batch_id ? batch_title(batches, nb, g->batch_id)
						: NULL;

		if (!strcmp(g->status, "pending"))
			pending = true;
		html_printf(p->out, "<li><div class=\"line\"><strong>%s</strong> ",
			    T(p, arena_printf(p->req->arena, "reg.kind.%s", g->kind)));
		page_badge(p, "reg.status.", g->status);
		html_printf(p->out,
			    "</div><p class=\"meta\"><span class=\"nw\">%s %s</span>",
			    T(p, "inst.applied_at"), page_when(p, g->applied_at));
		if (g->decided_at && *g->decided_at)
			html_printf(p->out, " · <span class=\"nw\">%s %s</span>",
				    T(p, "inst.decided_at"), page_when(p, g->decided_at));
		html_printf(p->out, "</p>");
		if (title)
			html_printf(p->out,
				    "<p>%s <a href=\"/registry/batches/%lld\">%s</a></p>",
				    T(p, "inst.in_batch"), g->batch_id, title);
		/* an approval notes its document, a rejection its reason */
		if (g->note && *g->note)
			html_printf(p->out, "<p>%s %s</p>",
				    T(p, !strcmp(g->status, "approved") ? "field.approval_doc"
									: "field.reason"),
				    g->note);
		html_printf(p->out, "</li>");
	}
	if (d->nregs)
		html_printf(p->out, "</ul>");
	if (d->may_apply && !pending && reg_transition(d->effective, REG_ACT_REAPPLY) >= 0) {
		const struct app_error *e = ferr(r, "apply");

		open_form(p, d->inst.id, "apply", "ap-", "form compact");
		form_error(p, e, (const char *const[]){NULL});
		html_printf(p->out, "<p class=\"hint\">%s</p>",
			    T(p, d->effective == REG_REJECTED ? "inst.reapply_hint"
							      : "inst.renew_hint"));
		close_form(p, d->effective == REG_REJECTED ? "btn.reapply" : "btn.renew");
	}
}

static void inspections_section(struct page *p, const struct institution_detail *d,
				const struct refusal *r)
{
	static const char *const insp_fields[] = {"year", "inspected_on", "outcome",
						  "notes", NULL};
	static const char *const find_fields[] = {"inspection_id", "description",
						  "deadline", NULL};
	static const char *const close_fields[] = {"note", NULL};
	const struct app_error *e;
	const char *close_id = ferr(r, "finding_close") ? page_input(p, "finding_id") : "";
	char today[11];

	time_today(today, sizeof(today));
	html_printf(p->out, "<h2 id=\"inspections\">%s</h2>", T(p, "inst.inspections"));
	if (!d->ninspections) {
		html_printf(p->out, "<p class=\"empty\">%s</p>",
			    T(p, "inst.no_inspections"));
	} else {
		html_printf(p->out,
			    "<div class=\"table\"><table class=\"stack\"><thead><tr>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
			    "</thead><tbody>",
			    T(p, "field.year"), T(p, "field.inspected_on"),
			    T(p, "field.outcome"), T(p, "field.notes"));
		for (size_t i = 0; i < d->ninspections; i++) {
			const struct inspection *s = &d->inspections[i];

			html_printf(p->out,
				    "<tr><td data-label=\"%s\">%d</td><td data-label=\"%s\">%s</td>"
				    "<td data-label=\"%s\">",
				    T(p, "field.year"), s->year, T(p, "field.inspected_on"),
				    s->inspected_on, T(p, "field.outcome"));
			page_badge(p, "outcome.", s->outcome);
			html_printf(p->out, "</td><td data-label=\"%s\">%s</td></tr>",
				    T(p, "field.notes"), s->notes);
		}
		html_printf(p->out, "</tbody></table></div>");
	}
	if (d->nfindings) {
		html_printf(p->out,
			    "<h3>%s</h3><div class=\"table\"><table class=\"stack\"><thead><tr>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
			    "</thead><tbody>",
			    T(p, "inst.findings"), T(p, "field.description"),
			    T(p, "field.deadline"), T(p, "field.status"),
			    T(p, "inst.closing"));
		for (size_t i = 0; i < d->nfindings; i++) {
			const struct finding *f = &d->findings[i];
			const char *fid = arena_printf(p->req->arena, "%lld", f->id);
			bool open = !strcmp(f->status, "open");
			bool overdue = open && strcmp(f->deadline, today) < 0;

			html_printf(p->out,
				    "<tr><td data-label=\"%s\">%s</td>"
				    "<td data-label=\"%s\" class=\"%s\">%s</td><td data-label=\"%s\">",
				    T(p, "field.description"), f->description,
				    T(p, "field.deadline"), overdue ? "overdue" : "",
				    f->deadline, T(p, "field.status"));
			page_badge(p, "finding.status.", overdue ? "overdue" : f->status);
			html_printf(p->out, "</td><td data-label=\"%s\">",
				    T(p, "inst.closing"));
			if (!open) {
				html_printf(p->out, "%s %s",
					    f->closed_on ? f->closed_on : "",
					    f->closing_note ? f->closing_note : "");
			} else if (d->may_inspect) {
				const struct app_error *ce =
					!strcmp(close_id, fid) ? ferr(r, "finding_close")
							       : NULL;

				page_details(p, "row-action", NULL, ce != NULL,
					     "btn.close_finding");
				open_form(p, d->inst.id, "findings/close",
					  arena_printf(p->req->arena, "fc%s-", fid),
					  "form compact");
				html_printf(p->out,
					    "<input type=\"hidden\" name=\"finding_id\" value=\"%s\">",
					    fid);
				form_error(p, ce, close_fields);
				page_field(p, "note", "field.closing_note",
					   ce ? page_input(p, "note") : NULL, ce, 1);
				close_form(p, "btn.close_finding");
				html_printf(p->out, "</details>");
			}
			html_printf(p->out, "</td></tr>");
		}
		html_printf(p->out, "</tbody></table></div>");
	}
	if (!d->may_inspect)
		return;
	e = ferr(r, "inspection");
	open_disclosure(p, r, "inspection", "inst.inspection_add");
	open_form(p, d->inst.id, "inspections", "in-", "form");
	form_error(p, e, insp_fields);
	page_field_ex(p, "number", "year", "field.year",
		      typed(p, r, "inspection", "year",
			    arena_strndup(p->req->arena, today, 4)),
		      NULL, e, 1);
	page_field_ex(p, "date", "inspected_on", "field.inspected_on",
		      typed(p, r, "inspection", "inspected_on", today), NULL, e, 1);
	page_select(p, "outcome", "field.outcome", inspection_outcome_names(), "outcome.",
		    typed(p, r, "inspection", "outcome", NULL), 0, e);
	page_textarea(p, "notes", "field.notes", typed(p, r, "inspection", "notes", NULL),
		      e, 0);
	close_form(p, "btn.add");
	html_printf(p->out, "</details>");
	if (!d->ninspections)
		return;
	e = ferr(r, "finding");
	open_disclosure(p, r, "finding", "inst.finding_add");
	open_form(p, d->inst.id, "findings", "fn-", "form");
	form_error(p, e, find_fields);
	{
		const char **vals = arena_alloc(p->req->arena,
						d->ninspections * sizeof(*vals));
		const char **labels = arena_alloc(p->req->arena,
						  d->ninspections * sizeof(*labels));

		for (size_t i = 0; vals && labels && i < d->ninspections; i++) {
			const struct inspection *s = &d->inspections[i];

			vals[i] = arena_printf(p->req->arena, "%lld", s->id);
			labels[i] = arena_printf(
				p->req->arena, "%d · %s · %s", s->year, s->inspected_on,
				T(p, arena_printf(p->req->arena, "outcome.%s", s->outcome)));
		}
		if (vals && labels)
			page_select_text(p, "inspection_id", "field.inspection",
					 (const char *const *)vals,
					 (const char *const *)labels, d->ninspections,
					 typed(p, r, "finding", "inspection_id", NULL), 1,
					 e);
	}
	page_field(p, "description", "field.description",
		   typed(p, r, "finding", "description", NULL), e, 1);
	page_field_ex(p, "date", "deadline", "field.deadline",
		      typed(p, r, "finding", "deadline", NULL), NULL, e, 1);
	close_form(p, "btn.add");
	html_printf(p->out, "</details>");
}

/* The types an institution may be changed to (not the center), from the
 * request's arena. */
static const char *const *changeable_types(struct page *p)
{
	const char **list = arena_alloc(p->req->arena,
					(INST_TYPE_COUNT + 1) * sizeof(*list));
	size_t n = 0;

	if (!list)
		return inst_type_names();
	for (const char *const *t = inst_type_names(); *t; t++)
		if (strcmp(*t, "center"))
			list[n++] = *t;
	list[n] = NULL;
	return list;
}

static const char *const status_actions[] = {"suspend", "reinstate", "revoke"};
static const enum reg_action status_acts[] = {REG_ACT_SUSPEND, REG_ACT_REINSTATE,
					      REG_ACT_REVOKE};

/* The action forms of staff: rename, type, registration status, details. */
static void actions_section(struct page *p, struct app_ctx *ctx,
			    const struct institution_detail *d, const struct refusal *r)
{
	const struct institution *in = &d->inst;
	const struct app_error *e;
	const char *valid[4];
	size_t nvalid = 0;
	int stored = reg_status_parse(in->status);
	/* the rename form goes to whoever may rename somewhere: app/ checks
	 * the grant covers this institution when it is sent */
	bool rename = app_can(ctx, PERM_INSTITUTION_RENAME);

	for (size_t i = 0; d->may_decide && stored >= 0 && i < 3; i++)
		if (reg_transition((enum reg_status)stored, status_acts[i]) >= 0)
			valid[nvalid++] = status_actions[i];
	if (!rename && !d->may_decide && !d->may_apply)
		return;
	html_printf(p->out, "<h2 id=\"manage\">%s</h2><div class=\"panels\">",
		    T(p, "inst.manage"));
	if (rename) {
		static const char *const fields[] = {"name", "reason", "doc_no", NULL};

		e = ferr(r, "rename");
		open_form(p, in->id, "rename", "rn-", "form panel");
		html_printf(p->out, "<h3 id=\"form-rename\">%s</h3>",
			    T(p, "inst.rename_title"));
		form_error(p, e, fields);
		page_field(p, "name", "field.new_name",
			   typed(p, r, "rename", "name", NULL), e, 1);
		page_field(p, "reason", "field.reason",
			   typed(p, r, "rename", "reason", NULL), e, 0);
		page_field(p, "doc_no", "field.doc_no",
			   typed(p, r, "rename", "doc_no", NULL), e, 0);
		close_form(p, "btn.rename");
	}
	if (d->may_decide) {
		static const char *const fields[] = {"type", "branch_kind", "reason",
						     "doc_no", NULL};

		e = ferr(r, "type");
		open_form(p, in->id, "type", "ty-", "form panel");
		html_printf(p->out, "<h3 id=\"form-type\">%s</h3>",
			    T(p, "inst.retype_title"));
		form_error(p, e, fields);
		page_select(p, "type", "field.new_type", changeable_types(p), "type.",
			    typed(p, r, "type", "type", NULL), 0, e);
		kind_select(p, typed(p, r, "type", "branch_kind", NULL), e);
		page_field(p, "reason", "field.grounds",
			   typed(p, r, "type", "reason", NULL), e, 1);
		page_field(p, "doc_no", "field.doc_no",
			   typed(p, r, "type", "doc_no", NULL), e, 1);
		close_form(p, "btn.retype");
	}
	if (d->may_decide && nvalid) {
		static const char *const fields[] = {"action", "reason", "doc_no", NULL};

		valid[nvalid] = NULL;
		e = ferr(r, "status");
		open_form(p, in->id, "status", "st-", "form panel");
		html_printf(p->out, "<h3 id=\"form-status\">%s</h3><p class=\"hint\">%s ",
			    T(p, "inst.status_title"), T(p, "inst.status_now"));
		page_badge(p, "status.", in->status);
		html_printf(p->out, "</p>");
		form_error(p, e, fields);
		page_select(p, "action", "field.action", valid, "action.",
			    typed(p, r, "status", "action", NULL), 0, e);
		page_field(p, "reason", "field.grounds",
			   typed(p, r, "status", "reason", NULL), e, 1);
		page_field(p, "doc_no", "field.doc_no",
			   typed(p, r, "status", "doc_no", NULL), e, 1);
		/* suspending or revoking: checked by page_institution_status */
		page_checkbox(p, "confirm", "confirm.inst_status", 0);
		close_form(p, "btn.apply_status");
	}
	if (d->may_apply) {
		static const char *const fields[] = {"province",
						     "host_org",
						     "address",
						     "credit_code",
						     "credit_code_override",
						     "contact_name",
						     "contact_phone",
						     "contact_email",
						     NULL};
		const char *note = typed(p, r, "details", "credit_code_override",
					 in->credit_code_note);

		e = ferr(r, "details");
		open_form(p, in->id, "details", "de-", "form panel wide");
		html_printf(p->out, "<h3 id=\"form-details\">%s</h3>",
			    T(p, "inst.details_title"));
		form_error(p, e, fields);
		province_select(p, "province",
				typed(p, r, "details", "province", in->province), 0, e);
		page_field(p, "host_org", "field.host_org",
			   typed(p, r, "details", "host_org", in->host_org), e, 0);
		page_field(p, "address", "field.address",
			   typed(p, r, "details", "address", in->address), e, 0);
		page_field(p, "credit_code", "field.credit_code",
			   typed(p, r, "details", "credit_code", in->credit_code), e, 0);
		if ((note && *note) ||
		    (e && e->msg && !strcmp(e->msg, "val.credit_code.checksum")))
			page_field_ex(p, NULL, "credit_code_override",
				      "field.credit_code_override", note,
				      "inst.override_hint", e, 0);
		page_field(p, "contact_name", "field.contact_name",
			   typed(p, r, "details", "contact_name", in->contact_name), e, 0);
		page_field_ex(p, "tel", "contact_phone", "field.contact_phone",
			      typed(p, r, "details", "contact_phone", in->contact_phone),
			      NULL, e, 0);
		page_field_ex(p, "email", "contact_email", "field.contact_email",
			      typed(p, r, "details", "contact_email", in->contact_email),
			      NULL, e, 0);
		close_form(p, "btn.save");
	}
	html_printf(p->out, "</div>");
}

/* The confirmation of an action that succeeded (?done=FORM). */
static void done_notice(struct page *p)
{
	static const char *const forms[] = {"rename",        "type",       "status",
					    "apply",         "scope",      "scope_remove",
					    "filing",        "inspection", "finding",
					    "finding_close", "details",    "seal",
					    "seal_remove",   NULL};
	const char *done = http_query(p->req, "done");

	for (const char *const *f = forms; done && *f; f++)
		if (!strcmp(*f, done))
			html_printf(p->out, "<p class=\"notice\" role=\"status\">%s</p>",
				    T(p, arena_printf(p->req->arena, "done.%s", *f)));
}

/* Where the form of that name is on the page (an id). */
static const char *form_anchor(struct page *p, const char *name)
{
	static const char *const map[][2] = {
		{"scope_remove", "scope"},
		{"finding_close", "inspections"},
		{"apply", "applications"},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], name))
			return map[i][1];
	return arena_printf(p->req->arena, "form-%s", name);
}

static void show(struct page *p, long long id, const struct refusal *r)
{
	struct app_ctx ctx;
	struct app_error err;
	struct institution_detail d;

	page_ctx(p, &ctx);
	if (app_institution_detail(&ctx, id, &d, &err) != APP_OK) {
		page_fail(p, &err);
		return;
	}
	page_begin(p, d.inst.name);
	html_printf(p->out,
		    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/institutions\">%s</a>"
		    "</nav><div class=\"titlebar\"><div class=\"titlehead\"><h1>%s</h1>",
		    T(p, "nav.crumbs"), T(p, "inst.list_title"), d.inst.name);
	page_badge(p, "status.", reg_status_name(d.effective));
	html_printf(p->out, "</div>");
	if (d.effective == REG_REGISTERED && d.inst.registration_no)
		html_printf(p->out,
			    "<a class=\"button\" href=\"/institutions/%lld/plaque.pdf\" "
			    "type=\"application/pdf\">%s</a>",
			    d.inst.id, T(p, "plaque.download"));
	/* enterprise self-evaluation (issue 15) */
	html_printf(p->out,
		    "<a class=\"button\" id=\"dashboard-link\" href=\"/institutions/%lld/dashboard\">%s</a>",
		    d.inst.id, T(p, "selfeval.dashboard"));
	html_printf(p->out, "</div>");
	if (!r)
		done_notice(p);
	else
		page_error_summary(p, r->err, form_anchor(p, r->form));
	facts(p, &d);
	/* the honour list: what its contestants won in final competitions */
	html_printf(p->out, "<p><a href=\"/institutions/%lld/honours\">%s</a>", d.inst.id,
		    T(p, "honours.title"));
	/* the figures of the year (issue 14): staff with institution.read */
	if (d.may_read)
		html_printf(p->out, " · <a href=\"/institutions/%lld/figures\">%s</a>",
			    d.inst.id, T(p, "figures.title"));
	html_printf(p->out, "</p>");
	page_comm_institution_honours(p, &ctx, d.inst.id);
	names_section(p, &d);
	status_section(p, &d);
	scope_section(p, &d, r);
	filings_section(p, &d, r);
	seal_section(p, &ctx, &d, r);
	applications_section(p, &ctx, &d, r);
	if (d.may_read)
		inspections_section(p, &d, r);
	actions_section(p, &ctx, &d, r);
	page_end(p);
}

void page_institution_render(struct page *p, long long id, const char *form_name,
			     const struct app_error *err)
{
	struct refusal r = {form_name, err};

	show(p, id, form_name ? &r : NULL);
}

long long page_param_id(struct http_req *req, int i)
{
	long long id;

	if (req->nparams <= i || str_to_ll(req->params[i], 1, (long long)1 << 62, &id) != 0)
		return 0;
	return id;
}

void page_institution_show(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	long long id = page_param_id(req, 0);

	page_init(&p, req, resp, "nav.institutions");
	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	show(&p, id, NULL);
}

void page_institution_rename(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_param_id(req, 0);
	const char *name, *reason, *doc;

	page_init(&p, req, resp, "nav.institutions");
	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	page_ctx(&p, &ctx);
	name = str_trim_dup(req->arena, form(req, "name"));
	reason = str_trim_dup(req->arena, form(req, "reason"));
	doc = trimmed(req, "doc_no");
	if (app_institution_rename(&ctx, id, name, reason, doc, &err) != APP_OK) {
		if (err.status != APP_INVALID && err.status != APP_CONFLICT) {
			page_fail(&p, &err);
			return;
		}
		resp->status = page_refusal_status(err.status);
		page_institution_render(&p, id, "rename", &err);
		return;
	}
	http_redirect(resp, arena_printf(req->arena, "/institutions/%lld?done=rename", id));
}

/* POST /institutions/{id}/seal: a new seal (the file "seal"), or with
 * remove=1 its removal. */
void page_institution_seal(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_param_id(req, 0);
	const char *data = NULL, *name = NULL;
	size_t len = 0;
	enum app_status rc;
	bool remove;

	page_init(&p, req, resp, "nav.institutions");
	remove = !strcmp(page_value(&p, "remove"), "1");
	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	page_ctx(&p, &ctx);
	if (remove) {
		rc = app_seal_delete(&ctx, id, &err);
	} else {
		/* no file: what app/ says of an empty one, after the grant */
		if (!http_form_file(req, "seal", &data, &len, &name))
			data = NULL, len = 0;
		rc = app_seal_put(&ctx, id, data, len, &err);
	}
	if (rc != APP_OK) {
		if (err.status != APP_INVALID && err.status != APP_CONFLICT) {
			page_fail(&p, &err);
			return;
		}
		resp->status = page_refusal_status(err.status);
		page_institution_render(&p, id, "seal", &err);
		return;
	}
	http_redirect(resp, arena_printf(req->arena, "/institutions/%lld?done=%s#seal",
					 id, remove ? "seal_remove" : "seal"));
}

/* GET /institutions/{id}/seal.png */
void page_institution_seal_png(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct seal_info info;
	long long id = page_param_id(req, 0);

	page_init(&p, req, resp, "nav.institutions");
	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	page_ctx(&p, &ctx);
	if (app_seal_get(&ctx, id, &info, &resp->body, &err) != APP_OK) {
		buf_reset(&resp->body);
		page_fail(&p, &err);
		return;
	}
	resp->status = 200;
	resp->content_type = "image/png";
	http_set_header(resp, "Cache-Control", "private, no-store");
}
