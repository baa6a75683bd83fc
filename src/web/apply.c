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
