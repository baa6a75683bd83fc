/*
 * competition_honours.c - /institutions/{id}/honours: an institution's
 * honour list (荣誉榜, issue 13) — what the entries it nominated won in the
 * competitions that are final, by year (app/competition_honours.c).
 * Public; the year filter is a plain GET form (no script).
 */
#include <string.h>

#include "base/str.h"
#include "web/layout.h"
#include "web/web.h"

static void filter(struct page *p, const struct comp_honours *h, long long id, int year)
{
	html_printf(p->out,
		    "<form class=\"search\" method=\"get\" action=\"/institutions/%lld/honours\">"
		    "<div class=\"field\"><label for=\"f-year\">%s</label><select id=\"f-year\" "
		    "name=\"year\"><option value=\"\">%s</option>",
		    id, T(p, "field.year"), T(p, "honours.all_years"));
	for (size_t i = 0; i < h->nyears; i++)
		html_printf(p->out, "<option value=\"%d\"%s>%d</option>", h->years[i],
			    h->years[i] == year ? " selected" : "", h->years[i]);
	html_printf(p->out, "</select></div><button type=\"submit\">%s</button></form>",
		    T(p, "apply.filter"));
}

static void honour_row(struct page *p, const struct comp_honour *x)
{
	struct arena *a = p->req->arena;

	html_printf(
		p->out,
		"<tr><td data-label=\"%s\">%d</td><td data-label=\"%s\"><a "
		"href=\"/competitions/%lld/results\">%s</a> <span class=\"hint\">%s</span>"
		"</td><td data-label=\"%s\">%s · %s</td><td data-label=\"%s\">%d / %d</td>"
		"<td data-label=\"%s\">%s</td><td data-label=\"%s\">",
		T(p, "field.year"), x->year, T(p, "competition.name"), x->competition_id,
		x->competition, T(p, arena_printf(a, "comp.tier.%s", x->tier)),
		T(p, "competition.event"), x->occupation_name,
		T(p, arena_printf(a, "comp.group.%s", comp_group_name(x->group))),
		T(p, "cmark.place"), x->place, x->entrants, T(p, "cmark.award"),
		x->award == COMP_AWARD_NONE
			? "—"
			: T(p, arena_printf(a, "comp.award.%s", comp_award_name(x->award))),
		T(p, "cmark.titles"));
	for (int t = 0, n = 0; t < COMP_TITLE_COUNT; t++)
		if (x->titles & (1u << t))
			html_printf(p->out, "%s%s", n++ ? "、" : "",
				    T(p, arena_printf(a, "comp.title.%s",
						      comp_title_name((enum comp_title)t))));
	if (x->squad)
		html_printf(p->out, " %s", T(p, "cmark.squad"));
	html_printf(p->out, "</td><td data-label=\"%s\">%s</td></tr>",
		    T(p, "cmark.entrant"), x->names);
}

void page_comp_honours(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct comp_honours h;
	long long id = page_param_id(req, 0), year = 0;
	const char *y = http_query(req, "year");

	page_init(&p, req, resp, "nav.institutions");
	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	if (y && *y && str_to_ll(y, 2000, 2100, &year)) {
		page_fail_status(&p, 422, "competition.year_invalid");
		return;
	}
	page_ctx(&p, &ctx);
	if (app_comp_honours(&ctx, id, (int)year, &h, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	page_begin(&p, arena_printf(req->arena, "%s · %s", T(&p, "honours.title"),
				    h.inst.name));
	html_printf(p.out,
		    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/institutions\">%s</a>"
		    "<a href=\"/institutions/%lld\">%s</a></nav><h1>%s · %s</h1>"
		    "<p class=\"lead\">%s</p>",
		    T(&p, "nav.crumbs"), T(&p, "inst.list_title"), id, h.inst.name,
		    T(&p, "honours.title"), h.inst.name, T(&p, "honours.intro"));
	filter(&p, &h, id, (int)year);
	if (!h.nrows) {
		html_printf(p.out, "<p class=\"empty\">%s</p>", T(&p, "honours.none"));
		page_end(&p);
		return;
	}
	html_printf(p.out,
		    "<div class=\"table\"><table class=\"stack\" id=\"honours\"><thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(&p, "field.year"), T(&p, "competition.name"),
		    T(&p, "competition.event"), T(&p, "cmark.place"),
		    T(&p, "cmark.award"), T(&p, "cmark.titles"), T(&p, "cmark.entrant"));
	for (size_t i = 0; i < h.nrows; i++)
		honour_row(&p, &h.rows[i]);
	html_printf(p.out, "</tbody></table></div>");
	page_end(&p);
}
