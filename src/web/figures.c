/*
 * figures.c - /institutions/{id}/figures?year=[&tree=1]: the figures of a
 * year the registry already knows of an institution (app/figures.c; what a
 * nomination carries, docs/commendations.md "Figures"), as one table.
 * Staff with institution.read; the year (this year by default) and the
 * institutions under it are a plain GET form (no script).
 */
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "web/layout.h"
#include "web/web.h"

static void row(struct page *p, const char *key, long long v)
{
	html_printf(p->out, "<tr><th scope=\"row\">%s</th><td>%lld</td></tr>", T(p, key), v);
}

static void table(struct page *p, const struct figures *f)
{
	const char *rate;

	html_printf(p->out,
		    "<div class=\"table\"><table id=\"figures\"><caption>%s %d</caption>"
		    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>"
		    "<tbody>",
		    T(p, "figures.title"), f->year, T(p, "figures.figure"),
		    T(p, "figures.value"));
	if (f->tree)
		row(p, "figures.institutions", (long long)f->institutions);
	row(p, "figures.plans", f->plans);
	row(p, "figures.assessed", f->assessed);
	row(p, "figures.passed", f->passed);
	rate = arena_printf(p->req->arena, "%d.%02d", f->pass_rate / 100,
			    f->pass_rate % 100);
	html_printf(p->out, "<tr><th scope=\"row\">%s</th><td>%s%%</td></tr>",
		    T(p, "figures.pass_rate"), rate);
	row(p, "figures.certificates", f->certificates);
	row(p, "figures.filed", f->filed);
	html_printf(p->out, "<tr><th scope=\"row\">");
	page_count(p, "figures.filed_on_time", f->on_time_days);
	html_printf(p->out, "</th><td>%lld</td></tr>", f->filed_on_time);
	row(p, "figures.appeals", f->appeals);
	row(p, "figures.appeals_resolved", f->appeals_resolved);
	row(p, "figures.inspections", f->inspections);
	row(p, "figures.insp_pass", f->insp_pass);
	row(p, "figures.insp_rectify", f->insp_rectify);
	row(p, "figures.insp_fail", f->insp_fail);
	row(p, "figures.findings_overdue", f->findings_overdue);
	row(p, "figures.hosted", f->hosted);
	row(p, "figures.entries", f->entries);
	row(p, "figures.awarded", f->awarded);
	row(p, "figures.gold", f->gold);
	row(p, "figures.silver", f->silver);
	row(p, "figures.bronze", f->bronze);
	row(p, "figures.excellence", f->excellence);
	html_printf(p->out, "</tbody></table></div>");
}

void page_institution_figures(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct figures f;
	long long id = page_param_id(req, 0), year = 0;
	const char *y = http_query(req, "year"), *t = http_query(req, "tree");
	bool tree = t && !strcmp(t, "1");
	char today[11];

	page_init(&p, req, resp, "nav.institutions");
	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	time_today(today, sizeof(today));
	if (!y || !*y)
		(void)str_to_ll(arena_printf(req->arena, "%.4s", today), 2000, 2100, &year);
	else if (str_to_ll(y, 2000, 2100, &year))
		year = 0; /* refused by app_figures(), after the permission */
	page_ctx(&p, &ctx);
	if (app_figures(&ctx, (int)year, id, tree, 0, &f, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	page_begin(&p, arena_printf(req->arena, "%s · %s", T(&p, "figures.title"), f.name));
	html_printf(p.out,
		    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/institutions\">%s</a>"
		    "<a href=\"/institutions/%lld\">%s</a></nav><h1>%s · %s</h1>"
		    "<p class=\"lead\">%s</p>",
		    T(&p, "nav.crumbs"), T(&p, "inst.list_title"), id, f.name,
		    T(&p, "figures.title"), f.name, T(&p, "figures.intro"));
	html_printf(p.out,
		    "<form class=\"search\" method=\"get\" action=\"/institutions/%lld/figures\">"
		    "<div class=\"field\"><label for=\"f-year\">%s</label><input id=\"f-year\" "
		    "name=\"year\" type=\"number\" min=\"2000\" max=\"2100\" value=\"%lld\" "
		    "inputmode=\"numeric\"></div>",
		    id, T(&p, "field.year"), year);
	page_checkbox(&p, "tree", "figures.tree", tree);
	html_printf(p.out, "<button type=\"submit\">%s</button></form>",
		    T(&p, "apply.filter"));
	table(&p, &f);
	page_end(&p);
}
