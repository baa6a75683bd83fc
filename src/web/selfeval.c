/*
 * selfeval.c - enterprise self-evaluation pages (企业自主评价, issue 15): a
 * plan's candidate pool (/plans/{id}/candidate-pool) and the enterprise
 * dashboard (/institutions/{id}/dashboard) with the institution's HR
 * filing (app/selfeval.c has the rules; docs/self-evaluation.md).
 */
#include <string.h>

#include "base/html.h"
#include "base/str.h"
#include "web/layout.h"
#include "web/web.h"

static const char *q(struct page *p, const char *name)
{
	const char *v = http_query(p->req, name);
	return v ? v : "";
}

/* The partners, one a line: "credit code name". */
static const char *partner_lines(struct page *p, const struct selfeval_pool_view *v)
{
	const char *s = "";

	for (size_t k = 0; k < v->n; k++)
		s = arena_printf(p->req->arena, "%s%s%s %s", s, k ? "\n" : "",
				 v->partners[k].credit_code, v->partners[k].company_name);
	return s;
}

/* The plan's post-skill specification: the one named, and (a draft) a
 * choice of the institution's; nothing when they cannot be read. */
static void spec_section(struct page *p, const struct plan *pl)
{
	struct app_ctx ctx;
	struct app_error err;
	struct post_spec_row cur, *xs = NULL;
	size_t n = 0;
	bool has = false;
	const char **values, **labels;

	page_ctx(p, &ctx);
	if (app_plan_post_spec_get(&ctx, pl->id, &cur, &has, &err) ||
	    app_post_spec_list(&ctx, pl->institution_id, &xs, &n, &err))
		return;
	html_printf(p->out,
		    "<section aria-labelledby=\"spec-h\"><h2 id=\"spec-h\">%s</h2><p "
		    "id=\"post-spec\">",
		    T(p, "selfeval.spec"));
	if (has)
		html_printf(p->out, "%s · %s · <span class=\"cert-number\">%s</span>",
			    cur.name, cur.version, cur.code);
	else
		html_printf(p->out, "%s", T(p, "selfeval.spec_none"));
	html_printf(p->out, "</p>");
	if (strcmp(pl->status, "draft") || !n) {
		html_printf(p->out, "</section>");
		return;
	}
	values = arena_alloc(p->req->arena, (n + 1) * sizeof(*values));
	labels = arena_alloc(p->req->arena, (n + 1) * sizeof(*labels));
	if (!values || !labels) {
		html_printf(p->out, "</section>");
		return;
	}
	values[0] = "0";
	labels[0] = T(p, "selfeval.spec_none");
	for (size_t i = 0; i < n; i++) {
		values[i + 1] = arena_printf(p->req->arena, "%lld", xs[i].id);
		labels[i + 1] = arena_printf(p->req->arena, "%s · %s", xs[i].name,
					     xs[i].version);
	}
	page_form(p, arena_printf(p->req->arena, "/plans/%lld/post-spec", pl->id), "form");
	page_select_text(p, "post_spec_id", "selfeval.spec", values, labels, n + 1,
			 has ? arena_printf(p->req->arena, "%lld", cur.id) : "0", 0, NULL);
	html_printf(p->out,
		    "<p class=\"hint\">%s</p><div class=\"actions\"><button "
		    "type=\"submit\">%s</button></div></form></section>",
		    T(p, "selfeval.spec_hint"), T(p, "btn.save"));
}

static void pool_page(struct page *p, const struct selfeval_pool_view *v,
		      const struct app_error *err)
{
	const struct plan *pl = &v->plan;

	page_begin(p, T(p, "selfeval.pool_title"));
	html_printf(p->out,
		    "<h1>%s</h1><p class=\"lead\"><a href=\"/plans/%lld\">%s</a> · %s %s · "
		    "%s</p>",
		    T(p, "selfeval.pool_title"), pl->id, pl->title, pl->occupation_name,
		    T(p, i18n_level_key(pl->level)), pl->institution_name);
	if (err)
		page_error_summary(p, err, "candidate_pool");
	else if (*q(p, "done"))
		html_printf(p->out, "<p class=\"notice\" role=\"status\">%s</p>",
			    T(p, "done.selfeval.pool"));
	html_printf(p->out, "<p>%s</p>", T(p, "selfeval.pool_hint"));
	if (strcmp(v->pool, v->effective))
		html_printf(p->out, "<p class=\"notice\" id=\"pool-effective\">%s</p>",
			    T(p, "selfeval.pool_y_note"));
	page_form(p, arena_printf(p->req->arena, "/plans/%lld/candidate-pool", pl->id),
		  "form");
	page_form_error(p, err);
	page_select(p, "candidate_pool", "selfeval.pool", selfeval_pools(), "selfeval.pool.",
		    err ? page_value(p, "candidate_pool") : v->pool, 0, err);
	page_textarea(p, "partners", "selfeval.partners",
		      err ? page_value(p, "partners") : partner_lines(p, v), err, 0);
	html_printf(p->out,
		    "<p class=\"hint\">%s</p><div class=\"actions\"><button "
		    "type=\"submit\">%s</button></div></form>",
		    T(p, "selfeval.partners_hint"), T(p, "btn.save"));
	spec_section(p, pl);
	html_printf(p->out,
		    "<p><a href=\"/plans/%lld/application\">%s</a> · <a "
		    "href=\"/institutions/%lld/dashboard\">%s</a></p>",
		    pl->id, T(p, "apply.offer_title"), pl->institution_id,
		    T(p, "selfeval.dashboard"));
	page_end(p);
}

/* GET /plans/{id}/candidate-pool: plan.manage on the plan's institution. */
void page_selfeval_pool(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct selfeval_pool_view v;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.plans");

	if (!id)
		return;
	if (app_selfeval_pool_get(&ctx, id, &v, &err)) {
		page_fail(&p, &err);
		return;
	}
	pool_page(&p, &v, NULL);
}

/* POST /plans/{id}/candidate-pool: saves, then back (303 ?done=1); a
 * refusal re-renders the form (422) with the values typed. */
void page_selfeval_pool_post(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err, e2;
	struct selfeval_pool_view v;
	struct plan_partner *ps = NULL;
	size_t n = 0;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.plans");
	int rc;

	if (!id)
		return;
	rc = app_selfeval_partners_parse(&ctx, page_value(&p, "partners"), &ps, &n, &err);
	if (rc == APP_OK)
		rc = app_selfeval_pool_set(&ctx, id, page_value(&p, "candidate_pool"), ps,
					   n, &err);
	if (rc == APP_OK) {
		http_redirect(resp, arena_printf(req->arena,
						 "/plans/%lld/candidate-pool?done=1", id));
		return;
	}
	if ((rc != APP_INVALID && rc != APP_CONFLICT) ||
	    app_selfeval_pool_get(&ctx, id, &v, &e2)) {
		page_fail(&p, &err);
		return;
	}
	resp->status = page_refusal_status(err.status);
	pool_page(&p, &v, &err);
}

/* ---- the dashboard ---- */

static void dashboard_page(struct page *p, const struct selfeval_dashboard *d,
			   const struct app_error *err)
{
	long long id = d->institution.id;
	bool typed = err != NULL;
	static const char *const filings[] = {"", "Y", NULL};
	const char *labels[2] = {T(p, "selfeval.hr_opt."), T(p, "selfeval.hr_opt.Y")};

	page_begin(p, T(p, "selfeval.dashboard"));
	html_printf(p->out,
		    "<h1>%s</h1><p class=\"lead\"><a href=\"/institutions/%lld\">%s</a>",
		    T(p, "selfeval.dashboard"), id, d->institution.name);
	if (*d->credit_code)
		html_printf(p->out, " · <span class=\"cert-number\">%s</span>",
			    d->credit_code);
	html_printf(p->out, "</p>");
	if (err)
		page_error_summary(p, err, "hr_filing");
	else if (*q(p, "done"))
		html_printf(p->out, "<p class=\"notice\" role=\"status\">%s</p>",
			    T(p, "done.selfeval.hr_filing"));
	/* the HR filing */
	html_printf(
		p->out,
		"<section aria-labelledby=\"hr-h\"><h2 id=\"hr-h\">%s</h2><p id=\"hr-filing\">%s",
		T(p, "selfeval.hr_filing"),
		T(p, !strcmp(d->hr.hr_filing, "Y") ? "selfeval.hr.Y" : "selfeval.hr.none"));
	if (*d->hr.hr_filing_no)
		html_printf(p->out, " · %s", d->hr.hr_filing_no);
	if (d->hr.outside)
		html_printf(p->out, " · %s", T(p, "selfeval.hr_outside"));
	html_printf(p->out, "</p>");
	if (!d->hr_edit) { /* recorded by the center: no form for others */
		html_printf(p->out, "</section>");
		goto staff;
	}
	page_details(p, "hr-form", NULL, typed, "selfeval.hr_change");
	page_form(p, arena_printf(p->req->arena, "/institutions/%lld/hr-filing", id),
		  "form");
	page_form_error(p, err);
	page_select_text(p, "hr_filing", "selfeval.hr_kind", filings, labels, 2,
			 typed ? page_value(p, "hr_filing") : d->hr.hr_filing, 0, err);
	page_field(p, "hr_filing_no", "selfeval.hr_filing_no",
		   typed ? page_value(p, "hr_filing_no") : d->hr.hr_filing_no, err, 0);
	page_checkbox(p, "hr_filing_outside", "selfeval.hr_outside",
		      typed ? *page_value(p, "hr_filing_outside") != '\0' : d->hr.outside);
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>"
		    "</details></section>",
		    T(p, "btn.save"));
staff:
	/* staff by their highest level */
	html_printf(p->out,
		    "<section aria-labelledby=\"staff-h\"><h2 id=\"staff-h\">%s</h2>"
		    "<div class=\"table\"><table id=\"staff-levels\"><thead><tr><th "
		    "scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(p, "selfeval.staff"), T(p, "selfeval.top_level"),
		    T(p, "selfeval.people"));
	for (int lv = 1; lv <= 5; lv++)
		html_printf(p->out, "<tr><th scope=\"row\">%s</th><td>%lld</td></tr>",
			    T(p, i18n_level_key(lv)), d->levels[lv]);
	html_printf(p->out,
		    "<tr><th scope=\"row\">%s</th><td>%lld</td></tr><tr><th "
		    "scope=\"row\">%s</th><td>%lld</td></tr></tbody></table></div></section>",
		    T(p, "selfeval.no_level"), d->levels[0], T(p, "selfeval.staff_total"),
		    d->staff);
	/* subsidy windows closing */
	html_printf(p->out, "<section aria-labelledby=\"closing-h\"><h2 id=\"closing-h\">");
	page_count(p, "selfeval.closing", d->days);
	html_printf(p->out, "</h2>");
	if (!d->nclosing)
		html_printf(p->out, "<p class=\"empty\" id=\"closing-none\">%s</p>",
			    T(p, "selfeval.closing_none"));
	else {
		html_printf(p->out,
			    "<div class=\"table\"><table id=\"closing\"><thead><tr><th "
			    "scope=\"col\">%s</th><th scope=\"col\">%s</th><th "
			    "scope=\"col\">%s</th><th scope=\"col\">%s</th><th "
			    "scope=\"col\">%s</th></tr></thead><tbody>",
			    T(p, "selfeval.holder"), T(p, "selfeval.cert_number"),
			    T(p, "selfeval.level"), T(p, "selfeval.last_day"),
			    T(p, "selfeval.days_left"));
		for (size_t i = 0; i < d->nclosing; i++) {
			const struct selfeval_closing *k = &d->closing[i];

			html_printf(p->out,
				    "<tr><td>%s</td><td><a class=\"cert-number\" "
				    "href=\"/certificates/%lld\">%s</a></td><td>%s</td><td>%s</"
				    "td><td>%d</td></tr>",
				    k->cert.holder_name, k->cert.id, k->cert.number,
				    T(p, i18n_level_key(k->cert.level)), k->last_day,
				    k->days_left);
		}
		html_printf(p->out, "</tbody></table></div>");
	}
	html_printf(p->out, "</section>");
	/* apprentices by stage: the classes the institution runs */
	html_printf(p->out,
		    "<section id=\"apprentices-by-stage\" aria-labelledby=\"appr-h\"><h2 "
		    "id=\"appr-h\">%s</h2>",
		    T(p, "selfeval.apprentices"));
	if (!d->appr_classes && !d->appr_stages[0] && !d->appr_stages[1] &&
	    !d->appr_stages[2] && !d->appr_stages[3]) {
		html_printf(p->out, "<p class=\"empty\">%s</p></section>",
			    T(p, "selfeval.apprentices_none"));
	} else {
		static const char *const st[4] = {"active", "interrupted", "withdrawn",
						  "completed"};

		html_printf(p->out,
			    "<div class=\"table\"><table><tbody><tr><th scope=\"row\">%s</th>"
			    "<td>%lld</td></tr>",
			    T(p, "selfeval.appr_classes"), d->appr_classes);
		for (int i = 0; i < 4; i++)
			html_printf(p->out,
				    "<tr><th scope=\"row\">%s</th><td id=\"appr-%s\">%lld</td>"
				    "</tr>",
				    T(p, arena_printf(p->req->arena,
						      "apprentice.status.%s", st[i])),
				    st[i], d->appr_stages[i]);
		html_printf(p->out,
			    "<tr><th scope=\"row\">%s</th><td id=\"appr-enrolled\">%lld</td>"
			    "</tr></tbody></table></div><p><a href=\"/apprenticeships\">%s</a>"
			    "</p></section>",
			    T(p, "selfeval.appr_enrolled"), d->appr_enrolled,
			    T(p, "selfeval.appr_link"));
	}
	page_end(p);
}

/* GET /institutions/{id}/dashboard: plan.manage on the institution. */
void page_selfeval_dashboard(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct selfeval_dashboard d;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.institutions");

	if (!id)
		return;
	if (app_selfeval_dashboard(&ctx, id, &d, &err)) {
		page_fail(&p, &err);
		return;
	}
	dashboard_page(&p, &d, NULL);
}

/* POST /institutions/{id}/hr-filing: registry.decide (the center); back
 * to the dashboard (303 ?done=1), a refusal re-renders it (422). */
void page_selfeval_hr_post(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err, e2;
	struct selfeval_hr hr;
	struct selfeval_dashboard d;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.institutions");
	int rc;

	if (!id)
		return;
	hr.hr_filing = page_value(&p, "hr_filing");
	hr.hr_filing_no = page_value(&p, "hr_filing_no");
	hr.outside = *page_value(&p, "hr_filing_outside") != '\0';
	rc = app_selfeval_hr_set(&ctx, id, &hr, &err);
	if (rc == APP_OK) {
		http_redirect(resp, arena_printf(req->arena,
						 "/institutions/%lld/dashboard?done=1", id));
		return;
	}
	if ((rc != APP_INVALID && rc != APP_CONFLICT) ||
	    app_selfeval_dashboard(&ctx, id, &d, &e2)) {
		page_fail(&p, &err);
		return;
	}
	resp->status = page_refusal_status(err.status);
	dashboard_page(&p, &d, &err);
}

/* POST /plans/{id}/post-spec: names the specification (0: none), then
 * back to the pool page (303 ?done=1); a refusal is the error page. */
void page_selfeval_spec_post(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.plans"), spec = 0;
	const char *v;

	if (!id)
		return;
	v = page_value(&p, "post_spec_id");
	if (*v && str_to_ll(v, 0, 1000000000000LL, &spec)) {
		page_fail_status(&p, 422, "err.not_integer");
		return;
	}
	if (app_plan_post_spec_set(&ctx, id, spec, &err)) {
		page_fail(&p, &err);
		return;
	}
	http_redirect(resp,
		      arena_printf(req->arena, "/plans/%lld/candidate-pool?done=1", id));
}
