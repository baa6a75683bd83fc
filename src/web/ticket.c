/*
 * ticket.c - a holder's own pages of issue 12 beyond certificates: my
 * results (component scores and the outcome, once published), my
 * admission tickets (准考证) with their PDFs; and for staff the plan
 * page's ticket block (every candidate's tickets, or one's, drawing new
 * claim codes).
 */
#include <string.h>

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
	html_printf(p.out,
		    "<h1>%s</h1><p><a href=\"/me/tickets\" id=\"tickets-link\">%s</a></p>",
		    T(&p, "holder.results.title"), T(&p, "holder.tickets.title"));
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

/* ---- my admission tickets ---- */

/* GET /me/tickets */
void page_my_tickets(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct holder_ticket *xs;
	size_t n;

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	if (app_holder_tickets(&ctx, &xs, &n, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	http_set_header(resp, "Cache-Control", "no-store");
	page_begin(&p, T(&p, "holder.tickets.title"));
	html_printf(p.out, "<h1>%s</h1><p class=\"lead\">%s</p>",
		    T(&p, "holder.tickets.title"), T(&p, "holder.tickets.lead"));
	if (!n)
		html_printf(p.out, "<p class=\"empty\">%s</p>",
			    T(&p, "holder.tickets.none"));
	html_printf(p.out, "<ul class=\"plain\" id=\"my-tickets\">");
	for (size_t i = 0; i < n; i++) {
		const struct holder_ticket *t = &xs[i];
		const struct plan *pl = &t->plan;

		html_printf(p.out,
			    "<li class=\"cert-card\" data-enrolment=\"%lld\"><h2>%s</h2>"
			    "<dl class=\"facts\"><dt>%s</dt><dd>%s %s</dd><dt>%s</dt><dd>%s</dd>"
			    "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>",
			    t->enrolment_id, pl->title, T(&p, "field.occupation_short"),
			    pl->occupation_code ? pl->occupation_code : "",
			    pl->occupation_name ? pl->occupation_name : "",
			    T(&p, "field.level"),
			    T(&p, arena_printf(req->arena, "level.%d", pl->level)),
			    T(&p, "field.institution"),
			    pl->institution_name ? pl->institution_name : "",
			    T(&p, "field.room"), *t->room ? t->room : "—");
		if (t->seat)
			html_printf(p.out, "<dt>%s</dt><dd class=\"seat\">%d</dd>",
				    T(&p, "field.seat"), t->seat);
		if (pl->theory_on && *pl->theory_on)
			html_printf(p.out, "<dt>%s</dt><dd>%s</dd>",
				    T(&p, "component.theory"), pl->theory_on);
		if (pl->practical_on && *pl->practical_on)
			html_printf(p.out, "<dt>%s</dt><dd>%s</dd>",
				    T(&p, "component.practical"), pl->practical_on);
		if (pl->review_on && *pl->review_on)
			html_printf(p.out, "<dt>%s</dt><dd>%s</dd>",
				    T(&p, "component.review"), pl->review_on);
		html_printf(p.out,
			    "</dl><p class=\"actions\"><a class=\"button ticket-pdf\" "
			    "href=\"/me/tickets/%lld/ticket.pdf\" type=\"application/pdf\" download>%s</a>"
			    "</p></li>",
			    t->enrolment_id, T(&p, "holder.tickets.pdf"));
	}
	html_printf(p.out, "</ul>");
	page_end(&p);
}

/* GET /me/tickets/{id}/ticket.pdf */
void page_my_ticket_pdf(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_open_id(&p, &ctx, req, resp, NULL);

	if (!id)
		return;
	buf_reset(&resp->body);
	if (app_holder_ticket_pdf(&ctx, id, &resp->body, &err) != APP_OK) {
		buf_reset(&resp->body);
		page_fail(&p, &err);
		return;
	}
	page_pdf_download(&p, arena_printf(req->arena, "ticket-%lld.pdf", id));
}

/* ---- the plan page's tickets (staff) ---- */

void page_plan_tickets(struct page *p, const struct plan_detail *d)
{
	int st = plan_status_parse(d->plan.status);
	size_t live = 0;

	for (size_t i = 0; i < d->nenrolments; i++)
		live += strcmp(d->enrolments[i].status, "withdrawn") != 0;
	if (!d->may_manage || !live || st < 0 || st > PLAN_IN_PROGRESS)
		return;
	html_printf(p->out,
		    "<section id=\"tickets\" aria-labelledby=\"tickets-h\"><h2 id=\"tickets-h\">"
		    "%s</h2><p class=\"hint\" id=\"tickets-warning\">%s</p>",
		    T(p, "ticket.heading"), T(p, "ticket.redraw_warning"));
	/* one form, one confirmation: every button draws new codes (one
	 * candidate's button posts to that candidate's address) */
	page_form(p, arena_printf(p->req->arena, "/plans/%lld/tickets.pdf", d->plan.id),
		  "form tickets-all");
	p->idp = "t-";
	page_checkbox(p, "confirm", "ticket.confirm", 0);
	p->idp = NULL;
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div>",
		    T(p, "ticket.all"));
	page_details(p, "disclose", "tickets-one", 0, "ticket.one_heading");
	html_printf(p->out, "<ul class=\"plain tickets-one\">");
	for (size_t i = 0; i < d->nenrolments; i++) {
		const struct enrolment *x = &d->enrolments[i];

		if (!strcmp(x->status, "withdrawn"))
			continue;
		html_printf(p->out,
			    "<li><button type=\"submit\" class=\"secondary\" "
			    "formaction=\"/plans/%lld/enrolments/%lld/ticket.pdf\" "
			    "aria-describedby=\"tickets-warning\">%s %s</button></li>",
			    d->plan.id, x->id, T(p, "ticket.one"), x->person_name);
	}
	html_printf(p->out, "</ul></details></form></section>");
}

/* The tickets of a plan (enrolment_id 0: all), drawing new claim codes;
 * only when the form says it is understood (confirm=1). */
static void plan_tickets(struct http_req *req, struct http_resp *resp, long long enrolment_id)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_param_id(req, 0);

	page_init(&p, req, resp, "nav.plans");
	page_ctx(&p, &ctx);
	if (!id || (enrolment_id < 0)) {
		page_fail_status(&p, 404, "err.not_found");
		return;
	}
	if (strcmp(page_value(&p, "confirm"), "1")) {
		page_fail_status(&p, 422, "ticket.confirm_required");
		return;
	}
	buf_reset(&resp->body);
	if (app_ticket_pdf(&ctx, id, enrolment_id, &resp->body, &err) != APP_OK) {
		buf_reset(&resp->body);
		page_fail(&p, &err);
		return;
	}
	page_pdf_download(&p, enrolment_id
				      ? arena_printf(req->arena, "ticket-%lld-%lld.pdf",
						     id, enrolment_id)
				      : arena_printf(req->arena, "tickets-%lld.pdf", id));
}

/* POST /plans/{id}/tickets.pdf (confirm=1) */
void page_plan_tickets_pdf(struct http_req *req, struct http_resp *resp)
{
	plan_tickets(req, resp, 0);
}

/* POST /plans/{id}/enrolments/{eid}/ticket.pdf (confirm=1) */
void page_enrolment_ticket_pdf(struct http_req *req, struct http_resp *resp)
{
	long long eid = page_param_id(req, 1);

	plan_tickets(req, resp, eid ? eid : -1);
}
