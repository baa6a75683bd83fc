/*
 * ticket.c - a holder's own pages of issue 12 beyond certificates: my
 * results (component scores and the outcome, once published).
 */
#include "core/scoring.h"
#include "web/layout.h"
#include "web/web.h"

/* GET /me/results */
void page_my_results(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct holder_result *xs;
	size_t n;

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	if (app_holder_results(&ctx, &xs, &n, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	http_set_header(resp, "Cache-Control", "no-store");
	page_begin(&p, T(&p, "holder.results.title"));
	html_printf(p.out, "<h1>%s</h1>", T(&p, "holder.results.title"));
	if (!n)
		html_printf(p.out, "<p class=\"empty\">%s</p>",
			    T(&p, "holder.results.none"));
	html_printf(p.out, "<ul class=\"plain\" id=\"my-results\">");
	for (size_t i = 0; i < n; i++) {
		const struct holder_result *r = &xs[i];

		html_printf(p.out,
			    "<li class=\"cert-card\" data-enrolment=\"%lld\"><h2>%s</h2>"
			    "<dl class=\"facts\"><dt>%s</dt><dd>%s %s</dd><dt>%s</dt><dd>%s</dd>"
			    "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd class=\"outcome\">",
			    r->enrolment_id, r->plan.title, T(&p, "field.occupation_short"),
			    r->plan.occupation_code ? r->plan.occupation_code : "",
			    r->plan.occupation_name ? r->plan.occupation_name : "",
			    T(&p, "field.level"),
			    T(&p, arena_printf(req->arena, "level.%d", r->plan.level)),
			    T(&p, "field.institution"),
			    r->plan.institution_name ? r->plan.institution_name : "",
			    T(&p, "holder.results.outcome"));
		if (*r->outcome)
			page_badge(&p, "result.outcome.", r->outcome);
		html_printf(p.out,
			    "</dd></dl><table class=\"components\"><thead><tr><th scope=\"col\">"
			    "%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
			    T(&p, "holder.results.component"),
			    T(&p, "holder.results.score"));
		for (size_t k = 0; k < r->ncomponents; k++) {
			const struct component_row *m = &r->components[k];
			char score[8] = "—";

			if (m->tenths >= 0)
				score_format(m->tenths, score);
			html_printf(p.out,
				    "<tr data-component=\"%s\"><td>%s</td><td>%s</td></tr>",
				    m->component,
				    T(&p, arena_printf(req->arena, "component.%s",
						       m->component)),
				    score);
		}
		html_printf(p.out, "</tbody></table></li>");
	}
	html_printf(p.out, "</ul>");
	page_end(&p);
}
