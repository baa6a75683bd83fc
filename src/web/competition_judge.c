/*
 * competition_judge.c - a judge's own page (issue 13): /me/judging lists
 * the events the account's own person judges — competition, event, group,
 * role, the competition's status, and the marking sheet's link while it
 * is marking (the results' once they are published). app/
 * competition_judge.c decides whose they are.
 */
#include <string.h>

#include "web/layout.h"
#include "web/web.h"

/* GET /me/judging */
void page_my_judging(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct comp_judging *xs;
	size_t n;

	page_init(&p, req, resp, "judging.title");
	page_ctx(&p, &ctx);
	if (app_comp_judging(&ctx, &xs, &n, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	http_set_header(resp, "Cache-Control", "no-store");
	page_begin(&p, T(&p, "judging.title"));
	html_printf(p.out, "<h1>%s</h1>", T(&p, "judging.title"));
	if (!n) {
		html_printf(p.out, "<p class=\"empty\" id=\"no-judging\">%s</p>",
			    T(&p, "judging.none"));
		page_end(&p);
		return;
	}
	html_printf(p.out,
		    "<div class=\"table\"><table class=\"stack\" id=\"my-judging\"><thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(&p, "competition.name"), T(&p, "competition.dates"),
		    T(&p, "competition.event"), T(&p, "competition.group"),
		    T(&p, "competition.role"), T(&p, "field.status"), T(&p, "cmark.title"));
	for (size_t i = 0; i < n; i++) {
		const struct comp_judging *j = &xs[i];

		html_printf(
			p.out,
			"<tr data-event=\"%lld\" data-role=\"%s\"><td data-label=\"%s\">"
			"<a href=\"/competitions/%lld\">%s</a> <small>%s · %d</small></td>"
			"<td data-label=\"%s\">%s – %s</td><td data-label=\"%s\">%s %s</td>"
			"<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
			"<td data-label=\"%s\">",
			j->event_id, j->role, T(&p, "competition.name"), j->competition_id,
			j->name, T(&p, arena_printf(req->arena, "comp.tier.%s", j->tier)),
			j->year, T(&p, "competition.dates"), j->starts_on, j->ends_on,
			T(&p, "competition.event"), j->occupation_code,
			j->occupation_name, T(&p, "competition.group"),
			T(&p, arena_printf(req->arena, "comp.group.%s", j->grp)),
			T(&p, "competition.role"),
			T(&p, arena_printf(req->arena, "competition.role.%s", j->role)),
			T(&p, "field.status"));
		page_badge(&p, "competition.status.", j->status);
		html_printf(p.out, "</td><td data-label=\"%s\">", T(&p, "cmark.title"));
		if (!strcmp(j->status, "marking"))
			html_printf(p.out,
				    "<a class=\"sheet\" href=\"/competition-events/%lld/marks\">%s</a>",
				    j->event_id, T(&p, "judging.sheet"));
		else if (!strcmp(j->status, "notice") || !strcmp(j->status, "final"))
			html_printf(p.out, "<a href=\"/competitions/%lld/results\">%s</a>",
				    j->competition_id, T(&p, "judging.results"));
		else
			html_printf(p.out, "%s", T(&p, "judging.sheet_later"));
		html_printf(p.out, "</td></tr>");
	}
	html_printf(p.out, "</tbody></table></div>");
	page_end(&p);
}
