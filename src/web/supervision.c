/*
 * supervision.c - the supervision flags' pages (issue 16,
 * docs/supervision.md): /supervision (the flags with filters, the scan
 * form, the rules and their thresholds), /supervision/flags/{id} (the rule
 * explained, the statistic, the figures, the evidence rows linked, and
 * for an open flag the forms that dismiss it or turn it into a registry
 * finding). Staff with supervision.manage; app/supervision.c checks the
 * scope. A form refused is shown again (409/422) with what was typed.
 */
#include <jansson.h>
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "web/layout.h"
#include "web/web.h"

static const char *const statuses[] = {"open", "dismissed", "finding", "cleared", NULL};

static const char *rule_name(struct page *p, const char *code)
{
	return T(p, arena_printf(p->req->arena, "sup.rule.%s", code));
}

static const char *q(struct page *p, const char *name)
{
	const char *v = http_query(p->req, name);
	return v ? v : "";
}

static void rules_section(struct page *p)
{
	const struct sup_rules *r = app_sup_rules();

	if (!r)
		return;
	html_printf(p->out,
		    "<section id=\"rules\"><h2>%s</h2><p>%s %s · %s</p><div class=\"table\">"
		    "<table class=\"stack\"><thead><tr><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(p, "sup.rules.title"), T(p, "sup.rules.version"), r->version,
		    r->citation, T(p, "sup.col.rule"), T(p, "sup.col.explain"),
		    T(p, "sup.col.thresholds"));
	for (int i = 0; i < SUP_RULE_COUNT; i++) {
		const char *code = sup_rule_code((enum sup_rule)i);
		unsigned params = sup_rule_params((enum sup_rule)i);

		html_printf(p->out, "<tr><th scope=\"row\">%s<br><code>%s</code> ",
			    rule_name(p, code), code);
		page_badge(p, "sup.enabled.", r->r[i].enabled ? "yes" : "no");
		html_printf(p->out,
			    "</th><td data-label=\"%s\">%s</td><td data-label=\"%s\">"
			    "<ul class=\"plain\">",
			    T(p, "sup.col.explain"),
			    T(p, arena_printf(p->req->arena, "sup.explain.%s", code)),
			    T(p, "sup.col.thresholds"));
		for (int k = 0; k < SUP_PARAM_COUNT; k++) {
			const char *value = arena_printf(p->req->arena, "%g",
							 r->r[i].p[k].v);
			const char *key = arena_printf(p->req->arena, "sup.param.%s",
						       sup_param_code((enum sup_param)k));

			if (params & 1u << k)
				html_printf(p->out, "<li>%s = %s <small>(%s)</small></li>",
					    T(p, key), value,
					    std_confidence_name(r->r[i].p[k].confidence));
		}
		html_printf(p->out, "</ul></td></tr>");
	}
	html_printf(p->out, "</tbody></table></div></section>");
}

#define LIST_PAGE 50 /* flags a page of the list shows */

/* the list's pages: the same filter, the previous and the next offset */
static void pager(struct page *p, const struct sup_flag_filter *f, long long total)
{
	const char *base;

	if (f->offset <= 0 && f->offset + LIST_PAGE >= total)
		return;
	base = arena_printf(
		p->req->arena, "/supervision?year=%s&rule=%s&status=%s&institution_id=%s",
		f->year ? arena_printf(p->req->arena, "%d", f->year) : "", f->rule,
		f->status,
		f->institution_id ? arena_printf(p->req->arena, "%lld", f->institution_id)
				  : "");
	html_printf(p->out,
		    "<nav class=\"pager\" aria-label=\"%s\"><p class=\"count\">%lld</p>",
		    T(p, "sup.pages"), total);
	if (f->offset > 0)
		html_printf(p->out, "<a rel=\"prev\" href=\"%s&amp;offset=%d\">%s</a> ",
			    base, f->offset > LIST_PAGE ? f->offset - LIST_PAGE : 0,
			    T(p, "pager.prev"));
	if (f->offset + LIST_PAGE < total)
		html_printf(p->out, "<a rel=\"next\" href=\"%s&amp;offset=%d\">%s</a>",
			    base, f->offset + LIST_PAGE, T(p, "pager.next"));
	html_printf(p->out, "</nav>");
}

static void list_page(struct page *p, struct app_ctx *ctx,
		      const struct app_error *scan_err, const char *scan_year)
{
	struct app_error err;
	struct sup_flag_filter f;
	struct sup_flag *items = NULL;
	size_t n = 0;
	long long year = 0, inst = 0, offset = 0, total = 0;
	const char *rules[SUP_RULE_COUNT + 1], *labels[SUP_RULE_COUNT];

	memset(&f, 0, sizeof(f));
	if (*q(p, "year") && str_to_ll(q(p, "year"), 2000, 2999, &year)) {
		struct app_error e = {APP_INVALID, "year", "val.year.invalid", NULL, 0};
		p->resp->status = 422;
		page_fail(p, &e);
		return;
	}
	if (*q(p, "institution_id") &&
	    str_to_ll(q(p, "institution_id"), 1, 1LL << 53, &inst)) {
		struct app_error e = {APP_INVALID, "institution_id", "err.out_of_range",
				      NULL, 0};
		page_fail(p, &e);
		return;
	}
	if (*q(p, "offset") && str_to_ll(q(p, "offset"), 0, 1000000000, &offset)) {
		struct app_error e = {APP_INVALID, "offset", "err.out_of_range", NULL, 0};
		page_fail(p, &e);
		return;
	}
	f.year = (int)year;
	f.institution_id = inst;
	f.rule = q(p, "rule");
	f.status = q(p, "status");
	f.offset = (int)offset;
	f.limit = LIST_PAGE;
	if (app_sup_flags(ctx, &f, &items, &n, &total, &err)) {
		page_fail(p, &err);
		return;
	}
	page_begin(p, T(p, "sup.title"));
	html_printf(p->out, "<h1>%s</h1><p class=\"lead\">%s</p>", T(p, "sup.title"),
		    T(p, "sup.intro"));
	if (!strcmp(q(p, "done"), "scan"))
		html_printf(p->out, "<p class=\"notice\" role=\"status\">%s</p>",
			    T(p, "sup.scan.done"));
	/* the filters */
	for (int i = 0; i < SUP_RULE_COUNT; i++) {
		rules[i] = sup_rule_code((enum sup_rule)i);
		labels[i] = rule_name(p, rules[i]);
	}
	rules[SUP_RULE_COUNT] = NULL;
	html_printf(p->out,
		    "<form class=\"search\" method=\"get\" action=\"/supervision\">"
		    "<div class=\"field\"><label for=\"f-year\">%s</label><input id=\"f-year\" "
		    "name=\"year\" type=\"number\" min=\"2000\" max=\"2999\" inputmode=\"numeric\" "
		    "value=\"%s\"></div>",
		    T(p, "field.year"), q(p, "year"));
	html_printf(p->out,
		    "<div class=\"field\"><label for=\"f-rule\">%s</label>"
		    "<select id=\"f-rule\" name=\"rule\"><option value=\"\">%s</option>",
		    T(p, "sup.col.rule"), T(p, "sup.any"));
	for (int i = 0; i < SUP_RULE_COUNT; i++)
		html_printf(p->out, "<option value=\"%s\"%s>%s</option>", rules[i],
			    strcmp(f.rule, rules[i]) ? "" : " selected", labels[i]);
	html_printf(p->out, "</select></div>");
	page_select(p, "status", "sup.col.status", statuses, "sup.status.", f.status, 1,
		    NULL);
	page_institution_select(p, "institution_id", "sup.col.institution",
				PERM_SUPERVISE, "sup.any", q(p, "institution_id"), NULL);
	html_printf(p->out, "<button type=\"submit\">%s</button></form>",
		    T(p, "apply.filter"));
	/* the list */
	if (!n) {
		html_printf(p->out, "<p id=\"flags\">%s</p>", T(p, "sup.none"));
	} else {
		html_printf(p->out,
			    "<div class=\"table\"><table id=\"flags\" class=\"stack\"><caption>%s</caption><thead>"
			    "<tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
			    T(p, "sup.title"), T(p, "sup.col.rule"),
			    T(p, "sup.col.institution"), T(p, "sup.col.year"),
			    T(p, "sup.col.status"), T(p, "sup.col.statistic"),
			    T(p, "sup.col.subject"));
		for (size_t i = 0; i < n; i++) {
			html_printf(p->out,
				    "<tr><th scope=\"row\"><a href=\"/supervision/flags/%lld\">%s</a>"
				    "</th><td data-label=\"%s\">%s <a class=\"sup-stats\" "
				    "href=\"/statistics?institution_id=%lld&amp;year=%d&amp;"
				    "by=occupation\">%s</a></td><td data-label=\"%s\">%d</td>"
				    "<td data-label=\"%s\">",
				    items[i].id, rule_name(p, items[i].rule),
				    T(p, "sup.col.institution"), items[i].institution_name,
				    items[i].institution_id, items[i].year,
				    T(p, "sup.statistics.short"), T(p, "sup.col.year"),
				    items[i].year, T(p, "sup.col.status"));
			page_badge(p, "sup.status.", items[i].status);
			html_printf(p->out,
				    "</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">"
				    "<code class=\"sup-subject\">%s</code></td></tr>",
				    T(p, "sup.col.statistic"), items[i].statistic,
				    T(p, "sup.col.subject"), items[i].subject);
		}
		html_printf(p->out, "</tbody></table></div>");
	}
	pager(p, &f, total);
	/* the scan: the network's */
	if (app_sup_may_scan(ctx)) {
		html_printf(p->out, "<section id=\"scan\"><h2>%s</h2><p>%s</p>",
			    T(p, "sup.scan.title"), T(p, "sup.scan.intro"));
		page_form(p, "/supervision/scan", "inline");
		page_error_summary(p, scan_err, "year");
		page_field_ex(p, "number", "year", "field.year", scan_year, NULL,
			      scan_err, 1);
		html_printf(p->out, "<button type=\"submit\">%s</button></form></section>",
			    T(p, "sup.scan.button"));
	}
	rules_section(p);
	page_end(p);
}

void page_supervision(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	char today[11];

	page_init(&p, req, resp, "nav.supervision");
	page_ctx(&p, &ctx);
	time_today(today, sizeof(today));
	list_page(&p, &ctx, NULL, arena_printf(req->arena, "%.4s", today));
}

void page_supervision_scan(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct sup_scan_report rep;
	long long year = 0;
	const char *y;

	page_init(&p, req, resp, "nav.supervision");
	page_ctx(&p, &ctx);
	y = page_value(&p, "year");
	if (str_to_ll(y, 2000, 2999, &year)) {
		err = (struct app_error){APP_INVALID, "year", "val.year.invalid", NULL, 0};
	} else if (app_sup_scan(&ctx, (int)year, &rep, &err) == APP_OK) {
		http_redirect(resp, arena_printf(req->arena,
						 "/supervision?year=%lld&done=scan", year));
		return;
	}
	if (err.status != APP_INVALID && err.status != APP_CONFLICT) {
		page_fail(&p, &err);
		return;
	}
	resp->status = page_refusal_status(err.status);
	list_page(&p, &ctx, &err, y);
}

/* ---- one flag ---- */

static void figures_table(struct page *p, const char *figures)
{
	json_t *o = json_loads(figures ? figures : "{}", 0, NULL), *v;
	const char *k;

	html_printf(p->out,
		    "<div class=\"table\"><table id=\"figures\"><caption>%s</caption><tbody>",
		    T(p, "sup.flag.figures"));
	json_object_foreach(o, k, v)
	{
		const char *text;

		if (json_is_string(v))
			text = json_string_value(v);
		else if (json_is_integer(v))
			text = arena_printf(p->req->arena, "%lld",
					    (long long)json_integer_value(v));
		else if (json_is_real(v))
			text = arena_printf(p->req->arena, "%.4g", json_real_value(v));
		else
			text = "";
		html_printf(p->out,
			    "<tr><th scope=\"row\"><code>%s</code></th><td>%s</td></tr>",
			    k, text);
	}
	html_printf(p->out, "</tbody></table></div>");
	json_decref(o);
}

static void render_flag(struct page *p, struct app_ctx *ctx, long long id,
			const char *form, const struct app_error *ferr)
{
	struct app_error err;
	struct sup_flag_view v;
	const struct sup_flag *f;
	const struct app_error *de = form && !strcmp(form, "dismiss") ? ferr : NULL;
	const struct app_error *fe = form && !strcmp(form, "finding") ? ferr : NULL;

	if (app_sup_flag(ctx, id, &v, &err)) {
		page_fail(p, &err);
		return;
	}
	f = &v.flag;
	page_begin(p, arena_printf(p->req->arena, "%s · %s", rule_name(p, f->rule),
				   f->institution_name));
	html_printf(p->out,
		    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/supervision\">%s</a>"
		    "</nav><h1>%s · %s</h1><p>",
		    T(p, "nav.crumbs"), T(p, "sup.title"), rule_name(p, f->rule),
		    f->institution_name);
	page_badge(p, "sup.status.", f->status);
	html_printf(p->out, " <code>%s</code> · %d</p>", f->subject, f->year);
	if (*q(p, "done"))
		html_printf(p->out, "<p class=\"notice\" role=\"status\">%s</p>",
			    T(p, arena_printf(p->req->arena, "sup.%s.done",
					      strcmp(q(p, "done"), "finding") ? "dismiss"
									      : "finding")));
	html_printf(p->out,
		    "<p>%s</p><dl class=\"facts\"><dt>%s</dt><dd id=\"statistic\">%s</dd>"
		    "<dt>%s</dt><dd><a href=\"/institutions/%lld\">%s</a></dd>"
		    "<dt>%s</dt><dd><a id=\"statistics-link\" "
		    "href=\"/statistics?institution_id=%lld&amp;year=%d&amp;by=occupation\">"
		    "%s</a></dd>"
		    "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>",
		    T(p, arena_printf(p->req->arena, "sup.explain.%s", f->rule)),
		    T(p, "sup.col.statistic"), f->statistic, T(p, "sup.col.institution"),
		    f->institution_id, f->institution_name, T(p, "sup.statistics.title"),
		    f->institution_id, f->year, T(p, "sup.statistics.link"),
		    T(p, "sup.rules.version"), f->rules_version, T(p, "sup.flag.raised"),
		    page_when(p, f->raised_at));
	if (strcmp(f->status, "open") && strcmp(f->status, "cleared"))
		html_printf(p->out, "<dt>%s</dt><dd>%s · %s</dd><dt>%s</dt><dd>%s</dd>",
			    T(p, "sup.flag.decided"), f->decided_by,
			    f->decided_at ? page_when(p, f->decided_at) : "",
			    T(p, "sup.field.note"), f->note);
	if (f->finding_id)
		html_printf(p->out,
			    "<dt>%s</dt><dd><a id=\"finding-link\" "
			    "href=\"/institutions/%lld#inspections\">%s #%lld</a></dd>",
			    T(p, "sup.flag.finding"), f->institution_id,
			    T(p, "sup.flag.finding"), f->finding_id);
	html_printf(p->out, "</dl>");
	figures_table(p, f->figures);
	html_printf(p->out, "<section id=\"evidence\"><h2>%s</h2>",
		    T(p, "sup.flag.evidence"));
	if (!v.nevidence) {
		html_printf(p->out, "<p>%s</p>", T(p, "sup.none"));
	} else {
		html_printf(p->out, "<ul>");
		for (size_t i = 0; i < v.nevidence; i++) {
			const struct sup_evidence_row *e = &v.evidence[i];
			const char *label = arena_printf(
				p->req->arena, "%s #%lld",
				T(p, arena_printf(p->req->arena, "sup.kind.%s", e->kind)),
				e->id);

			if (*e->href)
				html_printf(p->out, "<li><a href=\"%s\">%s</a> %s</li>",
					    e->href, label, e->title);
			else
				html_printf(p->out, "<li>%s %s</li>", label, e->title);
		}
		html_printf(p->out, "</ul>");
	}
	html_printf(p->out, "</section>");
	if (v.may_act) {
		html_printf(p->out, "<section id=\"finding\"><h2>%s</h2><p>%s</p>",
			    T(p, "sup.finding.title"), T(p, "sup.finding.intro"));
		page_form(p,
			  arena_printf(p->req->arena, "/supervision/flags/%lld/finding", id),
			  NULL);
		page_error_summary(p, fe,
				   fe && fe->field
					   ? arena_printf(p->req->arena, "fd-%s", fe->field)
					   : "finding");
		p->idp = "fd-";
		page_field_ex(p, "date", "deadline", "sup.field.deadline",
			      fe ? page_value(p, "deadline") : "", NULL, fe, 1);
		page_textarea(p, "description", "sup.field.description",
			      fe ? page_value(p, "description") : "", fe, 1);
		page_field_ex(p, "number", "inspection_id", "sup.field.inspection_id",
			      fe ? page_value(p, "inspection_id") : "",
			      "sup.field.inspection_hint", fe, 0);
		p->idp = NULL;
		html_printf(p->out, "<button type=\"submit\">%s</button></form></section>",
			    T(p, "sup.finding.button"));
		html_printf(p->out, "<section id=\"dismiss\"><h2>%s</h2>",
			    T(p, "sup.dismiss.title"));
		page_form(p,
			  arena_printf(p->req->arena, "/supervision/flags/%lld/dismiss", id),
			  NULL);
		page_error_summary(p, de, "dm-note");
		p->idp = "dm-";
		page_textarea(p, "note", "sup.field.note",
			      de ? page_value(p, "note") : "", de, 1);
		p->idp = NULL;
		html_printf(p->out, "<button type=\"submit\">%s</button></form></section>",
			    T(p, "sup.dismiss.button"));
	}
	page_end(p);
}

void page_sup_flag(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.supervision");

	if (!id)
		return;
	render_flag(&p, &ctx, id, NULL, NULL);
}

static void decided(struct page *p, struct app_ctx *ctx, long long id, int rc,
		    const struct app_error *err, const char *form)
{
	if (rc == APP_OK) {
		http_redirect(p->resp,
			      arena_printf(p->req->arena,
					   "/supervision/flags/%lld?done=%s", id, form));
		return;
	}
	if (err->status != APP_INVALID && err->status != APP_CONFLICT) {
		page_fail(p, err);
		return;
	}
	p->resp->status = page_refusal_status(err->status);
	render_flag(p, ctx, id, form, err);
}

void page_sup_dismiss(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.supervision");
	int rc;

	if (!id)
		return;
	rc = app_sup_dismiss(&ctx, id, page_value(&p, "note"), &err);
	decided(&p, &ctx, id, rc, &err, "dismiss");
}

void page_sup_finding(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.supervision"), finding = 0,
		  inspection = 0;
	const char *ins;
	int rc;

	if (!id)
		return;
	ins = page_value(&p, "inspection_id");
	if (*ins && str_to_ll(ins, 1, 1LL << 53, &inspection)) {
		err = (struct app_error){APP_INVALID, "inspection_id", "err.not_integer",
					 NULL, 0};
		rc = APP_INVALID;
	} else {
		rc = app_sup_finding(&ctx, id, page_value(&p, "deadline"),
				     page_value(&p, "description"), inspection, &finding,
				     &err);
	}
	decided(&p, &ctx, id, rc, &err, "finding");
}
