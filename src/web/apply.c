/*
 * apply.c - online application (网上报名, issue 12): the public list of the
 * plans taking applications today (/apply), narrowed by occupation, level,
 * province and institution; each with its window, exam day, fee, places
 * left and who may apply (app/application.c).
 */
#include <string.h>

#include "base/str.h"
#include "web/layout.h"
#include "web/web.h"

static const char *q(struct page *p, const char *name)
{
	const char *v = http_query(p->req, name);

	return v ? v : "";
}

static void filter_form(struct page *p, const struct app_error *err)
{
	static const char *const levels[] = {"1", "2", "3", "4", "5", NULL};

	html_printf(p->out,
		    "<form class=\"search\" method=\"get\" action=\"/apply\" role=\"search\" "
		    "aria-label=\"%s\">",
		    T(p, "apply.filter"));
	page_field_ex(p, "search", "occupation", "field.occupation", q(p, "occupation"),
		      NULL, err, 0);
	page_select(p, "level", "field.level", levels, "level.", q(p, "level"), 1, err);
	page_select(p, "province", "field.province", province_codes(), "province.",
		    q(p, "province"), 1, err);
	page_field_ex(p, "number", "institution", "field.institution_id_plan",
		      q(p, "institution"), NULL, err, 0);
	html_printf(p->out, "<button type=\"submit\">%s</button></form>",
		    T(p, "apply.filter"));
}

static void listing(struct page *p, const struct apply_listing *l)
{
	const struct plan *pl = &l->plan;
	const struct apply_offer *o = &l->offer;

	html_printf(p->out,
		    "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">"
		    "<a href=\"/institutions/%lld\">%s</a> (%s)</td>"
		    "<td data-label=\"%s\">%s %s · %s</td>",
		    T(p, "field.title"), pl->title, T(p, "field.institution"),
		    pl->institution_id, pl->institution_name,
		    T(p, arena_printf(p->req->arena, "province.%s", o->province)),
		    T(p, "field.occupation_level"), pl->occupation_code,
		    pl->occupation_name, T(p, i18n_level_key(pl->level)));
	html_printf(p->out,
		    "<td data-label=\"%s\">%s – %s</td><td data-label=\"%s\">%s</td>"
		    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%lld / %d</td>",
		    T(p, "apply.closes"), o->opens_on, o->closes_on,
		    T(p, "apply.exam_on"), pl->theory_on ? pl->theory_on : "",
		    T(p, "apply.fee"), *o->fee ? o->fee : T(p, "apply.fee_none"),
		    T(p, "apply.places_left"), l->places_left, pl->capacity);
	html_printf(p->out, "<td data-label=\"%s\">", T(p, "apply.who"));
	page_badge(p, "apply.audience.", o->audience);
	for (size_t k = 0; k < l->npartners; k++)
		html_printf(p->out, "%s<span class=\"code\">%s</span>", k ? ", " : " ",
			    l->partners[k]);
	html_printf(p->out, "</td></tr>");
}

/* GET /apply: public. A filter the app refuses: 422 with the form and the
 * field's error, no list. */
void page_apply_list(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct apply_filter f;
	struct apply_listing *xs = NULL;
	size_t n = 0;
	int rc;

	page_init(&p, req, resp, "nav.batches");
	page_ctx(&p, &ctx);
	rc = app_apply_filter_parse(q(&p, "occupation"), q(&p, "level"),
				    q(&p, "province"), q(&p, "institution"), &f, &err);
	if (rc == APP_OK && app_apply_open_list(&ctx, &f, &xs, &n, &err)) {
		page_fail(&p, &err);
		return;
	}
	if (rc)
		resp->status = page_refusal_status(err.status);
	page_begin(&p, T(&p, "apply.title"));
	html_printf(p.out, "<h1>%s</h1><p class=\"lead\">%s</p>", T(&p, "apply.title"),
		    T(&p, "apply.lead"));
	if (rc)
		page_error_summary(&p, &err, "occupation");
	filter_form(&p, rc ? &err : NULL);
	if (rc || !n) {
		if (!rc)
			html_printf(p.out, "<p class=\"empty\">%s</p>", T(&p, "apply.none"));
		page_end(&p);
		return;
	}
	html_printf(
		p.out,
		"<div class=\"table\"><table class=\"stack\" id=\"apply-plans\"><thead><tr>"
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		T(&p, "field.title"), T(&p, "field.institution"),
		T(&p, "field.occupation_level"), T(&p, "apply.closes"),
		T(&p, "apply.exam_on"), T(&p, "apply.fee"), T(&p, "apply.places_left"),
		T(&p, "apply.who"));
	for (size_t i = 0; i < n; i++)
		listing(&p, &xs[i]);
	html_printf(p.out, "</tbody></table></div>");
	page_end(&p);
}

/* The partner codes of an offer, one a line, for the textarea. */
static const char *partner_lines(struct page *p, const struct apply_listing *l)
{
	const char *s = "";

	for (size_t k = 0; k < l->npartners; k++)
		s = arena_printf(p->req->arena, "%s%s%s", s, k ? "\n" : "", l->partners[k]);
	return s;
}

/* The staff form of a plan's offer; err: a refusal to show with the values
 * typed, else the stored offer (or a fresh one). */
static void offer_page(struct page *p, const struct apply_listing *l, bool has,
		       const struct app_error *err)
{
	const struct plan *pl = &l->plan;
	const char *action = arena_printf(p->req->arena, "/plans/%lld/application", pl->id);
	bool typed = err != NULL;

	page_begin(p, T(p, "apply.offer_title"));
	html_printf(p->out,
		    "<h1>%s</h1><p class=\"lead\"><a href=\"/plans/%lld\">%s</a> · %s %s · "
		    "%s</p>",
		    T(p, "apply.offer_title"), pl->id, pl->title, pl->occupation_name,
		    T(p, i18n_level_key(pl->level)), pl->institution_name);
	if (err)
		page_error_summary(p, err, "audience");
	else if (*q(p, "done"))
		html_printf(p->out, "<p class=\"notice\" role=\"status\">%s</p>",
			    T(p, "done.apply.offer"));
	html_printf(p->out, "<p>%s</p>",
		    T(p, has ? "apply.offer_open_hint" : "apply.offer_none"));
	page_form(p, action, "form");
	page_form_error(p, err);
	page_select(p, "audience", "apply.who", app_apply_audiences(), "apply.audience.",
		    typed ? page_value(p, "audience")
		    : has ? l->offer.audience
			  : "public",
		    0, err);
	page_field_ex(p, "date", "opens_on", "apply.opens",
		      typed ? page_value(p, "opens_on")
		      : has ? l->offer.opens_on
			    : NULL,
		      NULL, err, 1);
	page_field_ex(p, "date", "closes_on", "apply.closes",
		      typed ? page_value(p, "closes_on")
		      : has ? l->offer.closes_on
			    : NULL,
		      "apply.closes_hint", err, 1);
	page_field_ex(p, NULL, "fee", "apply.fee",
		      typed ? page_value(p, "fee")
		      : has ? l->offer.fee
			    : NULL,
		      NULL, err, 0);
	page_textarea(p, "partners", "apply.partners",
		      typed ? page_value(p, "partners") : partner_lines(p, l), err, 0);
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>"
		    "<p><a href=\"/apply\">%s</a></p>",
		    T(p, "btn.save"), T(p, "apply.title"));
	page_end(p);
}

/* GET /plans/{id}/application: plan.manage on the plan's institution. */
void page_plan_apply_offer(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct apply_listing l;
	long long id = 0;
	bool has = false;

	page_init(&p, req, resp, "nav.plans");
	page_ctx(&p, &ctx);
	if (str_to_ll(req->params[0], 1, 1000000000000LL, &id)) {
		page_fail_status(&p, 404, "err.not_found");
		return;
	}
	if (app_apply_offer_get(&ctx, id, &l, &has, &err)) {
		page_fail(&p, &err);
		return;
	}
	offer_page(&p, &l, has, NULL);
}

/* POST /plans/{id}/application: saves, then back to the form (303 with
 * ?done=1); a refusal re-renders it (422) with the values typed. */
void page_plan_apply_offer_post(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err, e2;
	struct apply_offer_input in;
	struct apply_listing l;
	long long id = 0;
	bool has = false;
	int rc;

	page_init(&p, req, resp, "nav.plans");
	page_ctx(&p, &ctx);
	if (str_to_ll(req->params[0], 1, 1000000000000LL, &id)) {
		page_fail_status(&p, 404, "err.not_found");
		return;
	}
	in.audience = page_value(&p, "audience");
	in.opens_on = page_value(&p, "opens_on");
	in.closes_on = page_value(&p, "closes_on");
	in.fee = page_value(&p, "fee");
	in.partners = page_value(&p, "partners");
	rc = app_apply_offer_set(&ctx, id, &in, &err);
	if (rc == APP_OK) {
		http_redirect(resp, arena_printf(req->arena,
						 "/plans/%lld/application?done=1", id));
		return;
	}
	if ((rc != APP_INVALID && rc != APP_CONFLICT) ||
	    app_apply_offer_get(&ctx, id, &l, &has, &e2)) {
		page_fail(&p, &err);
		return;
	}
	resp->status = page_refusal_status(err.status);
	offer_page(&p, &l, has, &err);
}
