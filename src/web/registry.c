/*
 * registry.c - the registry's pages around one institution and the
 * registry as a whole: the action forms of the institution page (details,
 * type, registration status, renewal, scope, filings, inspections and
 * findings), the registration certificate (plaque) as a PDF, the
 * spreadsheet import with its report and the export, and the center's
 * dashboard.
 *
 * An action handler reads the form, calls app/ and then either goes back
 * to the institution page (303, with ?done= naming the action for the
 * confirmation) or re-renders that page with the form's typed values and
 * the refusal next to the field (422/409). Before calling app/ it asks
 * app/ what the actor may do to the institution (struct
 * institution_detail), so that an actor outside the institution's subtree
 * gets a 403 even when the record named in the form does not exist.
 */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "web/layout.h"
#include "web/web.h"

/* A trimmed form field ("" when absent). */

/* A trimmed form field, NULL when empty. */
static const char *opt_field(struct page *p, const char *name)
{
	const char *v = page_value(p, name);

	return *v ? v : NULL;
}

static void forbid(struct page *p)
{
	struct app_error e = {APP_FORBIDDEN, NULL, "err.forbidden", NULL, 0};

	page_fail(p, &e);
}

/* The institution of the path and what the actor may do to it; answers
 * (404, 403 ...) and returns false when the action cannot go on. */
static bool target(struct http_req *req, struct http_resp *resp, struct page *p,
		   struct app_ctx *ctx, long long *id, struct institution_detail *d)
{
	struct app_error err;

	page_init(p, req, resp, "nav.institutions");
	page_ctx(p, ctx);
	if (!(*id = page_param_id(req, 0))) {
		page_error(req, resp, 404, "not_found");
		return false;
	}
	if (app_institution_detail(ctx, *id, d, &err) != APP_OK) {
		page_fail(p, &err);
		return false;
	}
	return true;
}

/* Ends an action: back to the page, or the page again with the refusal. */
static void finish(struct page *p, int rc, const struct app_error *err, long long id,
		   const char *form, const char *anchor)
{
	if (rc == APP_OK) {
		http_redirect(p->resp,
			      arena_printf(p->req->arena, "/institutions/%lld?done=%s#%s",
					   id, form, anchor));
		return;
	}
	if (err->status != APP_INVALID && err->status != APP_CONFLICT) {
		page_fail(p, err);
		return;
	}
	p->resp->status = page_refusal_status(err->status);
	page_institution_render(p, id, form, err);
}

static void refuse(struct page *p, long long id, const char *form, const char *field_name,
		   const char *msg)
{
	struct app_error e = {APP_INVALID, field_name, msg, NULL, 0};

	finish(p, APP_INVALID, &e, id, form, "");
}

void page_institution_details(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct institution_detail d;
	struct institution_input in;
	long long id;
	int rc;

	if (!target(req, resp, &p, &ctx, &id, &d))
		return;
	if (!d.may_apply) {
		forbid(&p);
		return;
	}
	memset(&in, 0, sizeof(in));
	in.province = opt_field(&p, "province");
	in.host_org = page_value(&p, "host_org");
	in.address = page_value(&p, "address");
	in.credit_code = page_value(&p, "credit_code");
	in.credit_code_override = opt_field(&p, "credit_code_override");
	in.contact_name = page_value(&p, "contact_name");
	in.contact_phone = page_value(&p, "contact_phone");
	in.contact_email = page_value(&p, "contact_email");
	rc = app_institution_update(&ctx, id, &in, &err);
	finish(&p, rc, &err, id, "details", "manage");
}

void page_institution_retype(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct institution_detail d;
	long long id;
	int rc;

	if (!target(req, resp, &p, &ctx, &id, &d))
		return;
	if (!d.may_decide) {
		forbid(&p);
		return;
	}
	rc = app_institution_change_type(&ctx, id, page_value(&p, "type"),
					 page_value(&p, "branch_kind"),
					 page_value(&p, "reason"),
					 page_value(&p, "doc_no"), &err);
	finish(&p, rc, &err, id, "type", "manage");
}

void page_institution_status(struct http_req *req, struct http_resp *resp)
{
	static const struct {
		const char *name;
		enum reg_action action;
	} acts[] = {{"suspend", REG_ACT_SUSPEND},
		    {"reinstate", REG_ACT_REINSTATE},
		    {"revoke", REG_ACT_REVOKE}};
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct institution_detail d;
	const char *action;
	long long id;
	int rc;

	if (!target(req, resp, &p, &ctx, &id, &d))
		return;
	if (!d.may_decide) {
		forbid(&p);
		return;
	}
	action = page_value(&p, "action");
	/* suspending or revoking a registration: only with the box ticked */
	if ((!strcmp(action, "suspend") || !strcmp(action, "revoke")) &&
	    !*page_value(&p, "confirm")) {
		refuse(&p, id, "status", "confirm", "confirm.required");
		return;
	}
	for (size_t i = 0; i < sizeof(acts) / sizeof(acts[0]); i++)
		if (!strcmp(acts[i].name, action)) {
			rc = app_institution_status(&ctx, id, acts[i].action,
						    page_value(&p, "reason"),
						    page_value(&p, "doc_no"), &err);
			finish(&p, rc, &err, id, "status", "status");
			return;
		}
	refuse(&p, id, "status", "action", "val.action.invalid");
}

void page_institution_apply(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct institution_detail d;
	long long id, reg;
	int rc;

	if (!target(req, resp, &p, &ctx, &id, &d))
		return;
	if (!d.may_apply) {
		forbid(&p);
		return;
	}
	rc = app_registration_apply(&ctx, id, &reg, &err);
	finish(&p, rc, &err, id, "apply", "applications");
}

void page_scope_add(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct institution_detail d;
	char levels[16];
	size_t n = 0;
	long long id;
	int rc;

	if (!target(req, resp, &p, &ctx, &id, &d))
		return;
	if (!d.may_decide) {
		forbid(&p);
		return;
	}
	/* the checked levels, "5,4,3" */
	for (int l = 5; l >= 1; l--)
		if (*page_input(&p, arena_printf(req->arena, "level%d", l))) {
			if (n)
				levels[n++] = ',';
			levels[n++] = (char)('0' + l);
		}
	levels[n] = '\0';
	rc = app_scope_add(&ctx, id, page_value(&p, "occupation_code"),
			   page_value(&p, "occupation_name"), page_value(&p, "work_type"),
			   levels, page_value(&p, "doc_no"), &err);
	finish(&p, rc, &err, id, "scope", "scope");
}

/* The id in a form field (a record of the institution's), 0 when none. */

void page_scope_remove(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct institution_detail d;
	long long id, sid;
	bool found = false;
	int rc;

	if (!target(req, resp, &p, &ctx, &id, &d))
		return;
	if (!d.may_decide) {
		forbid(&p);
		return;
	}
	sid = page_form_id(&p, "scope_id");
	for (size_t i = 0; i < d.nscope; i++)
		found = found || d.scope[i].id == sid;
	if (!found) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	rc = app_scope_remove(&ctx, id, sid, page_value(&p, "doc_no"), &err);
	finish(&p, rc, &err, id, "scope_remove", "scope");
}

void page_filing_add(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct institution_detail d;
	struct filing f;
	long long id;
	int rc;

	if (!target(req, resp, &p, &ctx, &id, &d))
		return;
	if (!d.may_file) {
		forbid(&p);
		return;
	}
	memset(&f, 0, sizeof(f));
	f.authority = page_value(&p, "authority");
	f.filing_no = page_value(&p, "filing_no");
	f.filing_date = page_value(&p, "filing_date");
	f.institution_code = page_value(&p, "institution_code");
	f.province_code = page_value(&p, "province_code");
	f.site_code = page_value(&p, "site_code");
	rc = app_filing_add(&ctx, id, &f, &err);
	finish(&p, rc, &err, id, "filing", "filings");
}

void page_inspection_add(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct institution_detail d;
	long long id, iid, year = 0;
	int rc;

	if (!target(req, resp, &p, &ctx, &id, &d))
		return;
	if (!d.may_inspect) {
		forbid(&p);
		return;
	}
	if (str_to_ll(page_value(&p, "year"), 1, 9999, &year))
		year = 0; /* app/ explains */
	rc = app_inspection_add(&ctx, id, (int)year, page_value(&p, "inspected_on"),
				page_value(&p, "outcome"), page_value(&p, "notes"), &iid,
				&err);
	finish(&p, rc, &err, id, "inspection", "inspections");
}

void page_finding_add(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct institution_detail d;
	long long id, iid;
	bool found = false;
	int rc;

	if (!target(req, resp, &p, &ctx, &id, &d))
		return;
	if (!d.may_inspect) {
		forbid(&p);
		return;
	}
	iid = page_form_id(&p, "inspection_id");
	for (size_t i = 0; i < d.ninspections; i++)
		found = found || d.inspections[i].id == iid;
	if (!found) {
		refuse(&p, id, "finding", "inspection_id", "val.inspection.choose");
		return;
	}
	rc = app_finding_add(&ctx, iid, page_value(&p, "description"),
			     page_value(&p, "deadline"), &err);
	finish(&p, rc, &err, id, "finding", "inspections");
}

void page_finding_close(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct institution_detail d;
	long long id, fid;
	bool found = false;
	int rc;

	if (!target(req, resp, &p, &ctx, &id, &d))
		return;
	if (!d.may_inspect) {
		forbid(&p);
		return;
	}
	fid = page_form_id(&p, "finding_id");
	for (size_t i = 0; i < d.nfindings; i++)
		found = found || d.findings[i].id == fid;
	if (!found) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	rc = app_finding_close(&ctx, fid, page_value(&p, "note"), &err);
	finish(&p, rc, &err, id, "finding_close", "inspections");
}

/* ---- the plaque ---- */

void page_institution_plaque(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct institution in;
	long long id = page_param_id(req, 0);

	page_init(&p, req, resp, "nav.institutions");
	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	page_ctx(&p, &ctx);
	buf_reset(&resp->body);
	if (app_institution_get(&ctx, id, &in, &err) != APP_OK ||
	    app_institution_plaque(&ctx, id, &resp->body, &err) != APP_OK) {
		/* an institution that is not registered has no plaque */
		if (err.status == APP_INVALID)
			page_fail_status(&p, 404, err.msg);
		else
			page_fail(&p, &err);
		return;
	}
	resp->content_type = "application/pdf";
	/* the registration number is plain ASCII: a safe file name */
	http_set_header(resp, "Content-Disposition",
			arena_printf(req->arena, "inline; filename=\"%s.pdf\"",
				     in.registration_no ? in.registration_no : "plaque"));
	http_set_header(resp, "Cache-Control", "no-cache");
}

/* ---- import and export ---- */

/* The accepted column headings, as the import documents them. */
static const char *const import_columns[][2] = {
	{"名称", "name"},
	{"类型", "type"},
	{"省份", "province"},
	{"分中心类别", "branch_kind"},
	{"上级机构", "parent"},
	{"统一社会信用代码", "credit_code"},
	{"信用代码说明", "credit_code_override"},
	{"地址", "address"},
	{"主办单位", "host_org"},
	{"联系人", "contact_name"},
	{"电话", "contact_phone"},
	{"邮箱", "contact_email"},
};

static void import_form(struct page *p, const struct app_error *err, bool dry_run)
{
	bool bad = err && err->field && !strcmp(err->field, "file");

	page_form_upload(p, "/institutions/import", "form");
	if (err && err->msg && !bad)
		html_printf(p->out, "<p class=\"error\" role=\"alert\">%s</p>",
			    T(p, err->msg));
	/* a file input never echoes a value: page_field_ex writes none */
	html_printf(p->out,
		    "<div class=\"field\"><label for=\"f-file\">%s</label>"
		    "<input type=\"file\" id=\"f-file\" name=\"file\" required "
		    "accept=\".csv,.xlsx,text/csv,application/vnd.openxmlformats-"
		    "officedocument.spreadsheetml.sheet\"",
		    T(p, "field.file"));
	if (bad)
		html_printf(p->out,
			    " aria-invalid=\"true\" aria-describedby=\"h-file e-file\"");
	else
		html_printf(p->out, " aria-describedby=\"h-file\"");
	html_printf(p->out, "><p class=\"hint\" id=\"h-file\">%s</p>",
		    T(p, "import.file_hint"));
	if (bad)
		html_printf(p->out, "<p class=\"error\" id=\"e-file\">%s</p>",
			    T(p, err->msg));
	html_printf(p->out, "</div>");
	page_checkbox(p, "dry_run", "import.dry_run", dry_run);
	html_printf(p->out,
		    "<p class=\"hint\">%s</p><div class=\"actions\">"
		    "<button type=\"submit\">%s</button> <a href=\"/institutions\">%s</a>"
		    "</div></form>",
		    T(p, "import.dry_run_hint"), T(p, "btn.upload"), T(p, "btn.cancel"));
}

static void import_help(struct page *p)
{
	html_printf(p->out, "<h2>%s</h2><p>%s</p><ul class=\"columns\">",
		    T(p, "import.columns"), T(p, "import.columns_hint"));
	for (size_t i = 0; i < sizeof(import_columns) / sizeof(import_columns[0]); i++)
		html_printf(p->out, "<li><strong>%s</strong> <code>%s</code>%s</li>",
			    import_columns[i][0], import_columns[i][1],
			    i < 3 ? T(p, "import.required") : "");
	html_printf(p->out, "</ul>");
}

static void import_page(struct page *p, const struct import_report *rep, bool dry_run,
			const struct app_error *err)
{
	page_begin(p, T(p, "import.title"));
	html_printf(p->out,
		    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/institutions\">%s</a>"
		    "</nav><h1>%s</h1>",
		    T(p, "nav.crumbs"), T(p, "inst.list_title"), T(p, "import.title"));
	if (rep) {
		const char *msg = rep->nproblems
					  ? (dry_run ? "import.dry_problems"
						     : "import.has_problems")
					  : (dry_run ? "import.dry_ok" : "import.done");

		html_printf(
			p->out,
			"<section class=\"report\" aria-labelledby=\"report-h\">"
			"<h2 id=\"report-h\">%s</h2><p class=\"%s\" role=\"%s\">%s</p>"
			"<ul class=\"stats\">"
			"<li><span class=\"n\">%lld</span><span class=\"l\">%s</span></li>"
			"<li><span class=\"n\">%lld</span><span class=\"l\">%s</span></li>"
			"<li><span class=\"n\">%lld</span><span class=\"l\">%s</span></li>"
			"<li><span class=\"n\">%lld</span><span class=\"l\">%s</span></li>"
			"<li class=\"%s\"><span class=\"n\">%lld</span><span class=\"l\">%s</span></li></ul>",
			T(p, dry_run ? "import.report_dry" : "import.report"),
			rep->nproblems ? "error" : "notice",
			rep->nproblems ? "alert" : "status", T(p, msg),
			(long long)rep->rows, T(p, "import.rows"), (long long)rep->created,
			T(p, "import.created"), (long long)rep->updated,
			T(p, "import.updated"), (long long)rep->unchanged,
			T(p, "import.unchanged"), rep->nproblems ? "warn" : "",
			(long long)rep->nproblems, T(p, "import.problems"));
		if (rep->nproblems) {
			html_printf(p->out,
				    "<div class=\"table\"><table class=\"stack\"><thead><tr>"
				    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
				    "<th scope=\"col\">%s</th></tr></thead><tbody>",
				    T(p, "import.row"), T(p, "import.column"),
				    T(p, "import.reason"));
			for (size_t i = 0; i < rep->nproblems; i++) {
				const struct import_problem *q = &rep->problems[i];

				html_printf(p->out,
					    "<tr><td data-label=\"%s\">%lld</td>"
					    "<td data-label=\"%s\">%s</td>"
					    "<td data-label=\"%s\">%s</td></tr>",
					    T(p, "import.row"), (long long)q->line,
					    T(p, "import.column"),
					    q->column ? q->column : T(p, "import.whole_row"),
					    T(p, "import.reason"), T(p, q->msg));
			}
			html_printf(p->out, "</tbody></table></div>");
		}
		html_printf(p->out, "</section><h2>%s</h2>", T(p, "import.again"));
		/* after a clean dry run the next step is the real one */
		import_form(p, NULL, !(dry_run && !rep->nproblems));
	} else {
		html_printf(p->out, "<p class=\"lead\">%s</p>", T(p, "import.intro"));
		import_form(p, err, true);
	}
	import_help(p);
	page_end(p);
}

void page_import(struct http_req *req, struct http_resp *resp)
{
	struct page p;

	page_init(&p, req, resp, "nav.institutions");
	import_page(&p, NULL, true, NULL);
}

void page_import_post(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct import_report rep;
	const char *data = NULL, *name = NULL;
	size_t len = 0;
	bool dry_run;
	int rc;

	page_init(&p, req, resp, "nav.institutions");
	page_ctx(&p, &ctx);
	dry_run = *page_input(&p, "dry_run") != '\0';
	if (!http_form_file(req, "file", &data, &len, &name) || !len) {
		err = (struct app_error){APP_INVALID, "file", "import.no_file", NULL, 0};
		resp->status = 422;
		import_page(&p, NULL, dry_run, &err);
		return;
	}
	memset(&rep, 0, sizeof(rep));
	rc = app_institution_import(&ctx, data, len, NULL, dry_run, &rep, &err);
	if (rc == APP_OK || (rc == APP_INVALID && rep.nproblems)) {
		if (rc != APP_OK || rep.nproblems)
			resp->status = 422;
		import_page(&p, &rep, dry_run, NULL);
		return;
	}
	if (rc != APP_INVALID) {
		page_fail(&p, &err);
		return;
	}
	resp->status = 422;
	import_page(&p, NULL, dry_run, &err);
}

static void export(struct http_req *req, struct http_resp *resp, const char *format,
		   const char *type)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	char today[11];

	page_init(&p, req, resp, "nav.institutions");
	page_ctx(&p, &ctx);
	buf_reset(&resp->body);
	if (app_institution_export(&ctx, format, &resp->body, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	time_today(today, sizeof(today));
	resp->content_type = type;
	http_set_header(resp, "Content-Disposition",
			arena_printf(req->arena,
				     "attachment; filename=\"institutions-%s.%s\"", today,
				     format));
	/* private fields: not for shared caches */
	http_set_header(resp, "Cache-Control", "private, no-store");
}

void page_export_xlsx(struct http_req *req, struct http_resp *resp)
{
	export(req, resp, "xlsx",
	       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

void page_export_csv(struct http_req *req, struct http_resp *resp)
{
	export(req, resp, "csv", "text/csv; charset=utf-8");
}

/* ---- the dashboard ---- */

void page_registry(struct http_req *req, struct http_resp *resp)
{
	static const struct {
		const char *key, *href;
		bool warn; /* a non-zero figure needs attention */
	} cards[8] = {
		{"dash.applying", "/institutions?status=applying", false},
		{"dash.under_notice", "/institutions?status=under_notice", false},
		{"dash.registered", "/institutions?status=registered", false},
		{"dash.expired", "/institutions?status=expired", true},
		{"dash.expiring", "#expiring", true},
		{"dash.suspended", "/institutions?status=suspended", true},
		{"dash.overdue", "#overdue", true},
		{"dash.objections", "#batches", true},
	};
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct registry_dashboard d;

	page_init(&p, req, resp, "nav.registry");
	page_ctx(&p, &ctx);
	if (app_registry_dashboard(&ctx, &d, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	page_begin(&p, T(&p, "dash.title"));
	html_printf(p.out,
		    "<div class=\"titlebar\"><h1>%s</h1><div class=\"tools\">"
		    "<a class=\"button\" href=\"/registry/batches\">%s</a>"
		    "<a class=\"button secondary\" href=\"/institutions/import\">%s</a>"
		    "<a class=\"button secondary\" href=\"/institutions/export.xlsx\">%s</a>"
		    "</div></div><p class=\"lead\">%s %s</p>",
		    T(&p, "dash.title"), T(&p, "batch.list_title"), T(&p, "import.title"),
		    T(&p, "export.xlsx"), T(&p, "dash.today"), d.today);
	html_printf(p.out, "<ul class=\"stats\">");
	for (int i = 0; i < 8; i++)
		html_printf(p.out,
			    "<li class=\"%s\"><a href=\"%s\"><span class=\"n\">%lld</span>"
			    "<span class=\"l\">%s</span></a></li>",
			    cards[i].warn && d.counts[i] ? "warn" : "", cards[i].href,
			    d.counts[i], T(&p, cards[i].key));
	html_printf(p.out, "</ul>");

	html_printf(p.out, "<h2 id=\"expiring\">%s</h2>", T(&p, "dash.expiring_title"));
	if (!d.nexpiring) {
		html_printf(p.out, "<p class=\"empty\">%s</p>", T(&p, "dash.none_expiring"));
	} else {
		html_printf(p.out,
			    "<div class=\"table\"><table class=\"stack\"><thead><tr>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
			    "</thead><tbody>",
			    T(&p, "field.name"), T(&p, "field.registration_no"),
			    T(&p, "field.valid_until"), T(&p, "dash.remaining"));
		for (size_t i = 0; i < d.nexpiring; i++) {
			const struct institution *in = &d.expiring[i];
			long left = in->valid_until
					    ? date_diff_days(d.today, in->valid_until)
					    : 0;

			html_printf(p.out,
				    "<tr><td data-label=\"%s\"><a href=\"/institutions/%lld\">%s</a>"
				    "</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
				    "<td data-label=\"%s\" class=\"%s\">",
				    T(&p, "field.name"), in->id, in->name,
				    T(&p, "field.registration_no"),
				    in->registration_no ? in->registration_no : "—",
				    T(&p, "field.valid_until"),
				    in->valid_until ? in->valid_until : "—",
				    T(&p, "dash.remaining"), left < 0 ? "overdue" : "");
			if (left < 0)
				page_count(&p, "dash.ago", -left);
			else
				page_count(&p, "dash.left", left);
			html_printf(p.out, "</td></tr>");
		}
		html_printf(p.out, "</tbody></table></div>");
	}

	html_printf(p.out, "<h2 id=\"overdue\">%s</h2>", T(&p, "dash.overdue_title"));
	if (!d.noverdue) {
		html_printf(p.out, "<p class=\"empty\">%s</p>", T(&p, "dash.none_overdue"));
	} else {
		html_printf(p.out,
			    "<div class=\"table\"><table class=\"stack\"><thead><tr>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
			    "</thead><tbody>",
			    T(&p, "field.institution"), T(&p, "field.description"),
			    T(&p, "field.deadline"), T(&p, "dash.late"));
		for (size_t i = 0; i < d.noverdue; i++) {
			const struct finding *f = &d.overdue[i];

			html_printf(
				p.out,
				"<tr><td data-label=\"%s\"><a href=\"/institutions/%lld#inspections\">"
				"%s</a></td><td data-label=\"%s\">%s</td>"
				"<td data-label=\"%s\">%s</td><td data-label=\"%s\" class=\"overdue\">",
				T(&p, "field.institution"), f->institution_id,
				f->institution_name ? f->institution_name : "",
				T(&p, "field.description"), f->description,
				T(&p, "field.deadline"), f->deadline, T(&p, "dash.late"));
			page_count(&p, "dash.ago", date_diff_days(f->deadline, d.today));
			html_printf(p.out, "</td></tr>");
		}
		html_printf(p.out, "</tbody></table></div>");
	}

	html_printf(p.out, "<h2 id=\"batches\">%s</h2>", T(&p, "dash.batches_title"));
	if (!d.nbatches) {
		html_printf(p.out, "<p class=\"empty\">%s</p>", T(&p, "batch.none_open"));
	} else {
		html_printf(p.out,
			    "<div class=\"table\"><table class=\"stack\"><thead><tr>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
			    "</thead><tbody>",
			    T(&p, "field.batch"), T(&p, "field.status"),
			    T(&p, "field.notice_period"), T(&p, "field.size"));
		for (size_t i = 0; i < d.nbatches; i++) {
			const struct reg_batch *b = &d.batches[i];

			html_printf(p.out,
				    "<tr><td data-label=\"%s\"><a href=\"/registry/batches/%lld\">%s</a>"
				    "</td><td data-label=\"%s\">",
				    T(&p, "field.batch"), b->id, b->title,
				    T(&p, "field.status"));
			page_badge(&p, "batch.status.", b->status);
			html_printf(p.out, "</td><td data-label=\"%s\">",
				    T(&p, "field.notice_period"));
			if (b->notice_start)
				html_printf(p.out, "%s %s %s", b->notice_start,
					    T(&p, "batch.to"), b->notice_end);
			else
				html_printf(p.out, "—");
			html_printf(p.out, "</td><td data-label=\"%s\">%lld</td></tr>",
				    T(&p, "field.size"), b->size);
		}
		html_printf(p.out, "</tbody></table></div>");
	}
	page_end(&p);
}
