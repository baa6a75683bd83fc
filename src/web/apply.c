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

/* The apply button of a listed plan: a holder's own application when
 * there is a live one, else the form; anyone signed out is asked to sign
 * in first; staff accounts apply through no form. */
static void apply_cell(struct page *p, const struct apply_listing *l,
		       const struct plan_application *mine, size_t nmine)
{
	const struct actor *who = page_actor(p);

	html_printf(p->out, "<td data-label=\"%s\">", T(p, "appl.apply"));
	for (size_t i = 0; who && i < nmine; i++)
		if (mine[i].plan_id == l->plan.id && strcmp(mine[i].status, "rejected")) {
			html_printf(p->out, "<a href=\"/me/applications/%lld\">%s</a></td>",
				    mine[i].id, T(p, "appl.applied"));
			return;
		}
	if (l->places_left <= 0)
		html_printf(p->out, "%s", T(p, "apply.full"));
	else if (!who)
		html_printf(p->out,
			    "<a class=\"button\" href=\"/login?next=/plans/%lld/apply\">%s</a>",
			    l->plan.id, T(p, "appl.login_to_apply"));
	else if (who->person_id)
		html_printf(p->out, "<a class=\"button\" href=\"/plans/%lld/apply\">%s</a>",
			    l->plan.id, T(p, "appl.apply"));
	html_printf(p->out, "</td>");
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
	html_printf(p->out, "</td>");
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
	struct plan_application *mine = NULL;
	struct app_error e2;
	size_t n = 0, nmine = 0;
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
	/* a holder's own applications: "applied" instead of the button */
	if (page_actor(&p) && page_actor(&p)->person_id &&
	    app_application_mine(&ctx, &mine, &nmine, &e2))
		nmine = 0;
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
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		"</tr></thead><tbody>",
		T(&p, "field.title"), T(&p, "field.institution"),
		T(&p, "field.occupation_level"), T(&p, "apply.closes"),
		T(&p, "apply.exam_on"), T(&p, "apply.fee"), T(&p, "apply.places_left"),
		T(&p, "apply.who"), T(&p, "appl.apply"));
	for (size_t i = 0; i < n; i++) {
		listing(&p, &xs[i]);
		apply_cell(&p, &xs[i], mine, nmine);
		html_printf(p.out, "</tr>");
	}
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
	html_printf(
		p->out,
		"<div class=\"actions\"><button type=\"submit\">%s</button></div></form>"
		"<p><a href=\"/plans/%lld/applications\">%s</a> · <a href=\"/apply\">%s</a></p>",
		T(p, "btn.save"), pl->id, T(p, "appl.applications"), T(p, "apply.title"));
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

/* ---- a holder's application ---- */

/* The typed facts of the form (a picked certificate wins over typed
 * fields). */
static void form_facts(struct page *p, struct application_facts *f)
{
	const char *pick = page_value(p, "cert_id");

	memset(f, 0, sizeof(*f));
	f->route_id = page_value(p, "route_id");
	f->diploma_type = page_value(p, "diploma_type");
	f->diploma_related = *page_value(p, "diploma_related") != '\0';
	f->diploma_final_year = *page_value(p, "diploma_final_year") != '\0';
	f->graduated_on = page_value(p, "graduated_on");
	f->program_level = (int)page_form_id(p, "program_level");
	f->work_start = page_value(p, "work_start");
	f->employer_credit_code = page_value(p, "employer_credit_code");
	if (strcmp(pick, "typed")) {
		f->cert_id = page_form_id(p, "cert_id");
		return;
	}
	f->cert_kind = page_value(p, "cert_kind");
	f->cert_occupation_code = page_value(p, "cert_occupation_code");
	f->cert_level = (int)page_form_id(p, "cert_level");
	f->cert_issued_on = page_value(p, "cert_issued_on");
	f->cert_number = page_value(p, "cert_number");
}

/* The photo and documents of the multipart form (empty inputs skipped). */
static void form_files(struct page *p, struct apply_input *in)
{
	enum { MAX_INPUTS = APP_APPLY_MAX_DOCS + 3 };
	struct apply_upload *ups = arena_alloc(p->req->arena, MAX_INPUTS * sizeof(*ups));
	const char *data, *name;
	size_t len;

	if (http_form_file(p->req, "photo", &data, &len, &name) && len) {
		in->photo.data = data;
		in->photo.len = len;
		in->photo.name = name;
	}
	for (int i = 1; ups && i <= MAX_INPUTS; i++)
		if (http_form_file(p->req, arena_printf(p->req->arena, "document%d", i),
				   &data, &len, &name) &&
		    (len || (name && *name))) {
			ups[in->ndocs].data = data;
			ups[in->ndocs].len = len;
			ups[in->ndocs++].name = name;
		}
	in->docs = ups;
}

/* One route's verdict in words. */
static void route_verdict(struct page *p, const struct elig_route_result *x)
{
	if (x->passed)
		html_printf(p->out, "<span class=\"badge b-ok\">%s</span>",
			    T(p, "appl.route_ok"));
	else
		html_printf(p->out, "<span class=\"badge b-no\">%s</span> %s",
			    T(p, "appl.route_unmet"),
			    app_elig_explain(p->req->arena, p->lang, x));
}

/* The verdict box: the chosen route first, then the others (elig NULL:
 * empty until the script or a submission fills it). */
static void verdict(struct page *p, const struct eligibility_result *elig,
		    const char *route_id)
{
	bool others = false;

	html_printf(p->out, "<div id=\"elig-live\" class=\"callout\" aria-live=\"polite\">");
	for (size_t i = 0; elig && i < elig->nroutes; i++) {
		const struct elig_route_result *x = &elig->routes[i];

		if (!x->route || strcmp(x->route->id, route_id))
			continue;
		html_printf(p->out, "<p class=\"elig-chosen\" data-route=\"%s\">",
			    x->route->id);
		route_verdict(p, x);
		html_printf(p->out, "</p>");
	}
	/* every other route of the level, each with its first unmet condition */
	for (size_t i = 0; elig && i < elig->nroutes; i++) {
		const struct elig_route_result *x = &elig->routes[i];

		if (!x->route || !strcmp(x->route->id, route_id))
			continue;
		if (!others)
			html_printf(p->out,
				    "<p class=\"meta\">%s</p><ul class=\"plain elig-others\">",
				    T(p, "appl.other_routes"));
		others = true;
		html_printf(p->out, "<li data-route=\"%s\"><strong>%s</strong> ",
			    x->route->id,
			    x->route->text && *x->route->text ? x->route->text
							      : x->route->id);
		route_verdict(p, x);
		html_printf(p->out, "</li>");
	}
	if (others)
		html_printf(p->out, "</ul>");
	html_printf(p->out, "</div>");
}

/* The facts and the files, as a form; v: what to show in the fields (the
 * typed values after a refusal, else the stored application's or the
 * person's). */
static void apply_fields(struct page *p, const struct apply_context *c,
			 const struct application_facts *v, const struct app_error *err)
{
	const struct std_level *lv = c->level;
	const char *cert = v->cert_id ? arena_printf(p->req->arena, "%lld", v->cert_id)
			   : v->cert_kind && *v->cert_kind ? "typed"
							   : "";
	const char *const *dips = diploma_type_names();
	static const char *const kinds[] = {"skill", "pre_technician", NULL};
	static const char *const levels[] = {"1", "2", "3", "4", "5", NULL};
	bool bad_route = err && err->field && !strcmp(err->field, "route_id");

	html_printf(p->out, "<fieldset class=\"group\" id=\"routes\"><legend>%s</legend>",
		    T(p, "appl.route"));
	if (bad_route && err->msg && strncmp(err->msg, "elig.", 5))
		html_printf(p->out, "<p class=\"error\">%s</p>", T(p, err->msg));
	for (size_t i = 0; lv && i < lv->nroutes; i++) {
		const struct std_route *r = &lv->routes[i];

		html_printf(p->out,
			    "<div class=\"check\"><input type=\"radio\" name=\"route_id\" "
			    "id=\"f-route-%zu\" value=\"%s\"%s required><label "
			    "for=\"f-route-%zu\">%s</label></div>",
			    i, r->id,
			    v->route_id && !strcmp(v->route_id, r->id) ? " checked" : "",
			    i, r->text && *r->text ? r->text : r->id);
	}
	html_printf(p->out, "</fieldset><fieldset class=\"group\"><legend>%s</legend>",
		    T(p, "appl.diploma"));
	html_printf(p->out,
		    "<div class=\"field\"><label for=\"f-diploma_type\">%s</label>"
		    "<select id=\"f-diploma_type\" name=\"diploma_type\"><option value=\"\">%s"
		    "</option>",
		    T(p, "appl.diploma_type"), T(p, "appl.none"));
	for (size_t i = 0; dips[i]; i++)
		html_printf(p->out, "<option value=\"%s\"%s>%s</option>", dips[i],
			    v->diploma_type && !strcmp(v->diploma_type, dips[i]) ? " selected"
										 : "",
			    T(p, arena_printf(p->req->arena, "diploma.%s", dips[i])));
	html_printf(p->out, "</select></div>");
	page_checkbox(p, "diploma_related", "appl.diploma_related", v->diploma_related);
	page_checkbox(p, "diploma_final_year", "appl.diploma_final_year",
		      v->diploma_final_year);
	page_field_ex(p, "date", "graduated_on", "appl.graduated_on", v->graduated_on,
		      NULL, err, 0);
	page_field_ex(p, "number", "program_level", "appl.program_level",
		      v->program_level ? arena_printf(p->req->arena, "%d", v->program_level)
				       : "",
		      "appl.program_level_hint", err, 0);
	html_printf(p->out, "</fieldset><fieldset class=\"group\"><legend>%s</legend>",
		    T(p, "appl.work"));
	page_field_ex(p, "date", "work_start", "appl.work_start", v->work_start,
		      "appl.work_start_hint", err, 0);
	html_printf(p->out, "</fieldset><fieldset class=\"group\"><legend>%s</legend>",
		    T(p, "appl.cert"));
	html_printf(p->out,
		    "<div class=\"field\"><label for=\"f-cert_id\">%s</label>"
		    "<select id=\"f-cert_id\" name=\"cert_id\"><option value=\"\">%s</option>",
		    T(p, "appl.cert_pick"), T(p, "appl.none"));
	for (size_t i = 0; i < c->ncerts; i++) {
		const struct certificate *x = &c->certs[i];
		const char *id = arena_printf(p->req->arena, "%lld", x->id);

		html_printf(p->out, "<option value=\"%s\"%s>%s · %s %s · %s</option>", id,
			    !strcmp(cert, id) ? " selected" : "", x->number,
			    x->occupation_name, T(p, i18n_level_key(x->level)),
			    x->issued_on);
	}
	html_printf(p->out, "<option value=\"typed\"%s>%s</option></select>",
		    !strcmp(cert, "typed") ? " selected" : "", T(p, "appl.cert_typed"));
	if (err && err->field && !strcmp(err->field, "cert_id") &&
	    strncmp(err->msg, "elig.", 5))
		html_printf(p->out, "<p class=\"error\">%s</p>", T(p, err->msg));
	html_printf(p->out, "</div>");
	page_details(p, "cert-typed", NULL, !strcmp(cert, "typed"), "appl.cert_typed");
	page_select(p, "cert_kind", "appl.cert_kind", kinds, "appl.cert_kind.",
		    v->cert_kind ? v->cert_kind : "", 1, err);
	page_field(p, "cert_occupation_code", "appl.cert_occupation",
		   v->cert_kind && *v->cert_kind ? v->cert_occupation_code : "", err, 0);
	page_select(p, "cert_level", "field.level", levels, "level.",
		    v->cert_level ? arena_printf(p->req->arena, "%d", v->cert_level) : "",
		    1, err);
	page_field_ex(p, "date", "cert_issued_on", "appl.cert_issued_on",
		      v->cert_kind && *v->cert_kind ? v->cert_issued_on : "", NULL, err, 0);
	page_field(p, "cert_number", "appl.cert_number",
		   v->cert_kind && *v->cert_kind ? v->cert_number : "", err, 0);
	html_printf(p->out,
		    "</details></fieldset><fieldset class=\"group\"><legend>%s</legend>",
		    T(p, "appl.employer"));
	page_field_ex(p, NULL, "employer_credit_code", "appl.credit_code",
		      v->employer_credit_code,
		      strcmp(c->l.offer.audience, "public") ? "appl.credit_code_needed"
							    : "appl.credit_code_hint",
		      err, strcmp(c->l.offer.audience, "public") != 0);
	html_printf(p->out, "</fieldset><fieldset class=\"group\"><legend>%s</legend>",
		    T(p, "appl.files"));
	page_field_ex(p, "file", "photo", "appl.photo", NULL, "appl.photo_hint", err, 0);
	if (err && err->field && !strcmp(err->field, "documents"))
		html_printf(p->out, "<p class=\"error\" id=\"e-documents\">%s</p>",
			    T(p, err->msg));
	for (int i = 1; i <= APP_APPLY_MAX_DOCS; i++)
		html_printf(p->out,
			    "<div class=\"field\"><label for=\"f-document%d\">%s %d</label>"
			    "<input type=\"file\" id=\"f-document%d\" name=\"document%d\" "
			    "accept=\"application/pdf,image/jpeg\"></div>",
			    i, T(p, "appl.document"), i, i, i);
	html_printf(p->out, "<p class=\"hint\">%s</p></fieldset>",
		    T(p, "appl.documents_hint"));
}

/* The plan a holder applies to, in one line. */
static void plan_line(struct page *p, const struct apply_listing *l)
{
	html_printf(p->out, "<p class=\"lead\">%s · %s %s · %s<br>%s %s – %s · %s %lld</p>",
		    l->plan.title, l->plan.occupation_name,
		    T(p, i18n_level_key(l->plan.level)), l->plan.institution_name,
		    T(p, "apply.closes"), l->offer.opens_on, l->offer.closes_on,
		    T(p, "apply.places_left"), l->places_left);
}

/* The form of a new application (action /plans/{id}/apply) or of a
 * returned one (action /me/applications/{id}); refused: the refusal and,
 * for an unmet route, its condition in words. */
static void docs_list(struct page *p, const struct application_view *v, bool links);

/* The form of a new application (was NULL) or of a returned one (was: its
 * status, reason and documents shown above the form). */
static void apply_page(struct page *p, const struct apply_context *c, const char *action,
		       const struct application_facts *v, const struct app_error *err,
		       const struct eligibility_result *elig,
		       const struct application_view *was)
{
	const char *why = NULL;

	for (size_t i = 0; err && err->detail && elig && i < elig->nroutes; i++)
		if (elig->routes[i].route && !strcmp(elig->routes[i].route->id, err->detail))
			why = app_elig_explain(p->req->arena, p->lang, &elig->routes[i]);
	page_begin(p, T(p, "appl.title"));
	html_printf(p->out, "<h1>%s</h1>", T(p, "appl.title"));
	plan_line(p, &c->l);
	if (why && *why)
		html_printf(p->out,
			    "<div class=\"error-summary\" role=\"alert\" id=\"refusal\"><p>%s</p>"
			    "<p>%s</p></div>",
			    T(p, "appl.refused_route"), why);
	else if (err && err->field)
		page_error_summary(p, err, "apply-form");
	if (was) {
		html_printf(p->out, "<p>");
		page_badge(p, "appl.status.", was->a.status);
		html_printf(p->out, "</p>");
		if (*was->a.reason)
			html_printf(p->out, "<p class=\"reason\">%s%s%s</p>",
				    T(p, "appl.reason"), p->lang == LANG_EN ? ": " : "：",
				    was->a.reason);
		docs_list(p, was, false);
	}
	html_printf(p->out, "<p>%s</p>", T(p, "appl.lead"));
	page_form_upload(p, action, "form");
	html_printf(p->out,
		    "<div id=\"apply-form\" data-check-url=\"/api/v1/me/applications/check\" "
		    "data-plan=\"%lld\" data-choose=\"%s\" data-ok=\"%s\" "
		    "data-unmet=\"%s\" data-failed=\"%s\" data-others=\"%s\">",
		    c->l.plan.id, T(p, "appl.choose_route"), T(p, "appl.route_ok"),
		    T(p, "appl.route_unmet"), T(p, "appl.check_failed"),
		    T(p, "appl.other_routes"));
	page_form_error(p, err);
	apply_fields(p, c, v, why ? NULL : err);
	verdict(p, elig, v->route_id ? v->route_id : "");
	html_printf(p->out,
		    "</div><div class=\"actions\"><button type=\"submit\">%s</button></div>"
		    "</form><p><a href=\"/me/applications\">%s</a></p>",
		    T(p, "appl.submit"), T(p, "appl.mine"));
	html_printf(p->out, "<script src=\"/static/apply.js\" defer></script>");
	page_end(p);
}

/* The facts a new form starts with: the person's work start and
 * employer's code. */
static void person_facts(const struct apply_context *c, struct application_facts *v)
{
	memset(v, 0, sizeof(*v));
	v->route_id = "";
	v->work_start = c->person.work_start ? c->person.work_start : "";
	v->employer_credit_code =
		c->person.employer_credit_code ? c->person.employer_credit_code : "";
}

/* GET /plans/{id}/apply: a holder's form */
void page_apply_form(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct apply_context *c = arena_alloc(req->arena, sizeof(*c));
	struct application_facts v;
	long long id = page_param_id(req, 0);

	page_init(&p, req, resp, "appl.mine");
	page_ctx(&p, &ctx);
	if (!id || !c) {
		page_fail_status(&p, 404, "err.not_found");
		return;
	}
	if (app_application_form(&ctx, id, c, &err)) {
		page_fail(&p, &err);
		return;
	}
	person_facts(c, &v);
	apply_page(&p, c, arena_printf(req->arena, "/plans/%lld/apply", id), &v, NULL,
		   NULL, NULL);
}

/* POST /plans/{id}/apply: submitted, to my applications (303); refused,
 * the form again (4xx) with what was typed and why. */
void page_apply_post(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err, e2;
	struct apply_context *c = arena_alloc(req->arena, sizeof(*c));
	struct eligibility_result *elig = arena_alloc(req->arena, sizeof(*elig));
	struct apply_input in;
	long long id = page_param_id(req, 0), aid = 0;
	int rc;

	page_init(&p, req, resp, "appl.mine");
	page_ctx(&p, &ctx);
	if (!id || !c || !elig) {
		page_fail_status(&p, 404, "err.not_found");
		return;
	}
	memset(&in, 0, sizeof(in));
	form_facts(&p, &in.f);
	form_files(&p, &in);
	rc = app_application_submit(&ctx, id, &in, &aid, elig, &err);
	if (rc == APP_OK) {
		http_redirect(resp, "/me/applications?done=1");
		return;
	}
	if ((rc != APP_INVALID && rc != APP_CONFLICT) ||
	    app_application_form(&ctx, id, c, &e2)) {
		page_fail(&p, &err);
		return;
	}
	form_facts(&p, &in.f);
	resp->status = page_refusal_status(err.status);
	apply_page(&p, c, arena_printf(req->arena, "/plans/%lld/apply", id), &in.f, &err,
		   elig, NULL);
}

/* An application's facts as a list. */
static void facts_list(struct page *p, const struct application_facts *f,
		       const struct std_level *lv)
{
	const char *route = f->route_id;

	for (size_t i = 0; lv && i < lv->nroutes; i++)
		if (!strcmp(lv->routes[i].id, f->route_id) && lv->routes[i].text)
			route = lv->routes[i].text;
	html_printf(p->out, "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd>",
		    T(p, "appl.route"), route);
	if (*f->diploma_type)
		html_printf(p->out, "<dt>%s</dt><dd>%s%s%s</dd>", T(p, "appl.diploma_type"),
			    T(p, arena_printf(p->req->arena, "diploma.%s", f->diploma_type)),
			    f->diploma_final_year ? " · " : "",
			    f->diploma_final_year ? T(p, "appl.diploma_final_year")
						  : f->graduated_on);
	if (*f->work_start)
		html_printf(p->out, "<dt>%s</dt><dd>%s</dd>", T(p, "appl.work_start"),
			    f->work_start);
	if (*f->cert_kind)
		html_printf(p->out, "<dt>%s</dt><dd>%s %s · %s %s</dd>",
			    T(p, "appl.cert"), f->cert_number, f->cert_occupation_code,
			    T(p, i18n_level_key(f->cert_level)), f->cert_issued_on);
	if (*f->employer_credit_code)
		html_printf(p->out, "<dt>%s</dt><dd class=\"code\">%s</dd>",
			    T(p, "appl.credit_code"), f->employer_credit_code);
	html_printf(p->out, "</dl>");
}

static void docs_list(struct page *p, const struct application_view *v, bool links)
{
	if (!v->ndocs)
		return;
	html_printf(p->out, "<ul class=\"plain docs\">");
	for (size_t i = 0; i < v->ndocs; i++) {
		const struct application_doc *d = &v->docs[i];
		const char *label = strcmp(d->kind, "photo") ? d->name : T(p, "appl.photo");

		if (links)
			html_printf(p->out,
				    "<li><a href=\"/plans/%lld/applications/%lld/documents/%lld\">"
				    "%s</a>",
				    v->a.plan_id, v->a.id, d->id, label);
		else
			html_printf(p->out, "<li>%s", label);
		html_printf(p->out,
			    " · %s · %lld B · <span class=\"code\" title=\"%s\">SHA-256 %s…</span></li>",
			    d->mime, d->bytes, d->sha256,
			    arena_strndup(p->req->arena, d->sha256, 16));
	}
	html_printf(p->out, "</ul>");
}

/* GET /me/applications: the holder's applications */
void page_my_applications(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct plan_application *xs = NULL;
	size_t n = 0;

	page_init(&p, req, resp, "appl.mine");
	page_ctx(&p, &ctx);
	if (app_application_mine(&ctx, &xs, &n, &err)) {
		page_fail(&p, &err);
		return;
	}
	page_begin(&p, T(&p, "appl.mine"));
	html_printf(p.out, "<h1>%s</h1>", T(&p, "appl.mine"));
	if (*q(&p, "done"))
		html_printf(p.out, "<p class=\"notice\" role=\"status\">%s</p>",
			    T(&p, "appl.done_submit"));
	if (!n)
		html_printf(p.out, "<p class=\"empty\">%s <a href=\"/apply\">%s</a></p>",
			    T(&p, "appl.none_yet"), T(&p, "apply.title"));
	html_printf(p.out, "<ul class=\"plain cards\" id=\"my-applications\">");
	for (size_t i = 0; i < n; i++) {
		const struct plan_application *a = &xs[i];

		html_printf(p.out,
			    "<li class=\"card application\" data-id=\"%lld\"><h2><a "
			    "href=\"/me/applications/%lld\">%s</a></h2><p>%s %s · %s ",
			    a->id, a->id, a->plan_title, a->occupation_name,
			    T(&p, i18n_level_key(a->level)), page_when(&p, a->updated_at));
		page_badge(&p, "appl.status.", a->status);
		html_printf(p.out, "</p>");
		if (*a->reason)
			html_printf(p.out, "<p class=\"reason\">%s%s%s</p>",
				    T(&p, "appl.reason"), p.lang == LANG_EN ? ": " : "：",
				    a->reason);
		if (!strcmp(a->status, "returned"))
			html_printf(p.out, "<p><a href=\"/me/applications/%lld\">%s</a></p>",
				    a->id, T(&p, "appl.edit"));
		html_printf(p.out, "</li>");
	}
	html_printf(p.out, "</ul>");
	page_end(&p);
}

/* The holder's application: its state, facts and documents; returned,
 * the form to change it and submit again. */
static void my_application_page(struct page *p, const struct application_view *v,
				const struct apply_context *c,
				const struct application_facts *typed,
				const struct app_error *err,
				const struct eligibility_result *elig)
{
	if (!strcmp(v->a.status, "returned") && c) {
		apply_page(p, c,
			   arena_printf(p->req->arena, "/me/applications/%lld", v->a.id),
			   typed ? typed : &v->a.f, err, elig, v);
		return;
	}
	page_begin(p, T(p, "appl.title"));
	html_printf(p->out, "<h1>%s</h1><p class=\"lead\">%s · %s %s</p><p>",
		    T(p, "appl.title"), v->a.plan_title, v->a.occupation_name,
		    T(p, i18n_level_key(v->a.level)));
	page_badge(p, "appl.status.", v->a.status);
	html_printf(p->out, "</p>");
	if (*v->a.reason)
		html_printf(p->out, "<p class=\"reason\">%s%s%s</p>", T(p, "appl.reason"),
			    p->lang == LANG_EN ? ": " : "：", v->a.reason);
	facts_list(p, &v->a.f, NULL);
	docs_list(p, v, false);
	html_printf(p->out, "<p><a href=\"/me/applications\">%s</a></p>", T(p, "appl.mine"));
	page_end(p);
}

/* GET /me/applications/{id} */
void page_my_application(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct application_view *v = arena_alloc(req->arena, sizeof(*v));
	struct apply_context *c = arena_alloc(req->arena, sizeof(*c));
	long long id = page_param_id(req, 0);

	page_init(&p, req, resp, "appl.mine");
	page_ctx(&p, &ctx);
	if (!id || !v || !c) {
		page_fail_status(&p, 404, "err.not_found");
		return;
	}
	if (app_application_get(&ctx, 0, id, v, &err)) {
		page_fail(&p, &err);
		return;
	}
	if (!strcmp(v->a.status, "returned") &&
	    app_application_form(&ctx, v->a.plan_id, c, &err))
		c = NULL; /* no longer open: shown, not editable */
	my_application_page(&p, v, c, NULL, NULL, NULL);
}

/* POST /me/applications/{id}: a returned application submitted again */
void page_my_application_post(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err, e2;
	struct application_view *v = arena_alloc(req->arena, sizeof(*v));
	struct apply_context *c = arena_alloc(req->arena, sizeof(*c));
	struct eligibility_result *elig = arena_alloc(req->arena, sizeof(*elig));
	struct apply_input in;
	long long id = page_param_id(req, 0);
	int rc;

	page_init(&p, req, resp, "appl.mine");
	page_ctx(&p, &ctx);
	if (!id || !v || !c || !elig) {
		page_fail_status(&p, 404, "err.not_found");
		return;
	}
	memset(&in, 0, sizeof(in));
	form_facts(&p, &in.f);
	form_files(&p, &in);
	rc = app_application_resubmit(&ctx, id, &in, elig, &err);
	if (rc == APP_OK) {
		http_redirect(resp, "/me/applications?done=1");
		return;
	}
	if ((rc != APP_INVALID && rc != APP_CONFLICT) ||
	    app_application_get(&ctx, 0, id, v, &e2) ||
	    app_application_form(&ctx, v->a.plan_id, c, &e2)) {
		page_fail(&p, &err);
		return;
	}
	form_facts(&p, &in.f);
	resp->status = page_refusal_status(err.status);
	my_application_page(&p, v, c, &in.f, &err, elig);
}

/* ---- the station's review ---- */

static void review_item(struct page *p, const struct application_view *v,
			const struct std_level *lv, const char *audience,
			const struct app_error *err, long long failed_id)
{
	const struct elig_route_result *x = NULL;
	static const char *const decisions[] = {"accept", "return", "reject", NULL};

	for (size_t i = 0; i < v->elig.nroutes; i++)
		if (v->elig.routes[i].route &&
		    !strcmp(v->elig.routes[i].route->id, v->a.f.route_id))
			x = &v->elig.routes[i];
	html_printf(p->out,
		    "<li class=\"card application\" id=\"application-%lld\"><h2>%s</h2><p>",
		    v->a.id, v->a.person_name);
	page_badge(p, "appl.status.", v->a.status);
	html_printf(p->out, " %s</p>", page_when(p, v->a.updated_at));
	if (*v->a.reason)
		html_printf(p->out, "<p class=\"reason\">%s%s%s</p>", T(p, "appl.reason"),
			    p->lang == LANG_EN ? ": " : "：", v->a.reason);
	facts_list(p, &v->a.f, lv);
	/* staff or partners only: the code is the holder's word, the proof of
	 * employment among the documents is what the station checks */
	if (strcmp(audience, "public") && *v->a.f.employer_credit_code)
		html_printf(p->out,
			    "<p class=\"notice check\" role=\"note\">%s%s"
			    "<span class=\"code\">%s</span></p>",
			    T(p, "appl.credit_code_check"),
			    p->lang == LANG_EN ? ": " : "：", v->a.f.employer_credit_code);
	html_printf(p->out, "<p class=\"verdict\">%s: ", T(p, "appl.verdict"));
	if (x)
		route_verdict(p, x);
	else
		html_printf(p->out, "—");
	html_printf(p->out, "</p>");
	docs_list(p, v, true);
	if (strcmp(v->a.status, "submitted")) {
		html_printf(p->out, "</li>");
		return;
	}
	page_form(p,
		  arena_printf(p->req->arena, "/plans/%lld/applications/%lld/decide",
			       v->a.plan_id, v->a.id),
		  "form decide");
	p->idp = arena_printf(p->req->arena, "a%lld-", v->a.id);
	if (failed_id == v->a.id)
		page_form_error(p, err);
	page_select(p, "decision", "appl.decision", decisions, "appl.decision.",
		    failed_id == v->a.id ? page_value(p, "decision") : "", 0,
		    failed_id == v->a.id ? err : NULL);
	page_textarea(p, "reason", "appl.reason",
		      failed_id == v->a.id ? page_value(p, "reason") : "",
		      failed_id == v->a.id ? err : NULL, 1);
	p->idp = NULL;
	html_printf(p->out, "<button type=\"submit\">%s</button></form></li>",
		    T(p, "appl.decide"));
}

static void review_page(struct page *p, long long plan_id, const struct app_error *err,
			long long failed_id)
{
	struct app_ctx ctx;
	struct app_error e;
	struct application_view *xs = NULL;
	struct apply_listing l;
	struct standard_row row;
	struct standard *s = arena_alloc(p->req->arena, sizeof(*s));
	const struct std_level *lv = NULL;
	size_t n = 0;
	bool has;

	page_ctx(p, &ctx);
	if (app_application_list(&ctx, plan_id, &xs, &n, &e) ||
	    app_apply_offer_get(&ctx, plan_id, &l, &has, &e)) {
		page_fail(p, &e);
		return;
	}
	if (s && app_standard_get(&ctx, l.plan.standard_id, &row, s, &e) == APP_OK)
		lv = standard_level(s, l.plan.level);
	page_begin(p, T(p, "appl.review"));
	html_printf(p->out,
		    "<h1>%s</h1><p class=\"lead\"><a href=\"/plans/%lld\">%s</a> · %s %s · "
		    "%s %lld / %d</p>",
		    T(p, "appl.review"), plan_id, l.plan.title, l.plan.occupation_name,
		    T(p, i18n_level_key(l.plan.level)), T(p, "apply.places_left"),
		    l.places_left, l.plan.capacity);
	if (err && failed_id)
		page_error_summary(
			p, err, arena_printf(p->req->arena, "application-%lld", failed_id));
	else if (*q(p, "done"))
		html_printf(p->out, "<p class=\"notice\" role=\"status\">%s</p>",
			    T(p, "appl.done_decide"));
	if (!n)
		html_printf(p->out, "<p class=\"empty\">%s</p>", T(p, "appl.none_plan"));
	html_printf(p->out, "<ul class=\"plain cards\" id=\"plan-applications\">");
	for (size_t i = 0; i < n; i++)
		review_item(p, &xs[i], lv, has ? l.offer.audience : "public", err,
			    failed_id);
	html_printf(p->out, "</ul><p><a href=\"/plans/%lld/application\">%s</a></p>",
		    plan_id, T(p, "apply.offer_title"));
	page_end(p);
}

/* GET /plans/{id}/applications (plan.manage) */
void page_plan_applications(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	long long id = page_param_id(req, 0);

	page_init(&p, req, resp, "nav.plans");
	if (!id) {
		page_fail_status(&p, 404, "err.not_found");
		return;
	}
	review_page(&p, id, NULL, 0);
}

/* POST /plans/{id}/applications/{aid}/decide {decision, reason} */
void page_plan_application_decide(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_param_id(req, 0), aid = page_param_id(req, 1), eid = 0;
	int rc;

	page_init(&p, req, resp, "nav.plans");
	page_ctx(&p, &ctx);
	if (!id || !aid) {
		page_fail_status(&p, 404, "err.not_found");
		return;
	}
	rc = app_application_decide(&ctx, id, aid, page_value(&p, "decision"),
				    page_value(&p, "reason"), &eid, &err);
	if (rc == APP_OK) {
		http_redirect(resp, arena_printf(req->arena,
						 "/plans/%lld/applications?done=1", id));
		return;
	}
	if (rc != APP_INVALID && rc != APP_CONFLICT) {
		page_fail(&p, &err);
		return;
	}
	resp->status = page_refusal_status(err.status);
	review_page(&p, id, &err, aid);
}

/* GET /plans/{id}/applications/{aid}/documents/{did} (plan.manage) */
void page_plan_application_document(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct application_doc meta;
	long long id = page_param_id(req, 0), aid = page_param_id(req, 1),
		  did = page_param_id(req, 2);

	page_init(&p, req, resp, "nav.plans");
	page_ctx(&p, &ctx);
	if (!id || !aid || !did) {
		page_fail_status(&p, 404, "err.not_found");
		return;
	}
	buf_reset(&resp->body);
	if (app_application_doc(&ctx, id, aid, did, &meta, &resp->body, &err)) {
		buf_reset(&resp->body);
		page_fail(&p, &err);
		return;
	}
	resp->status = 200;
	resp->content_type = meta.mime;
	http_attachment(req, resp, meta.name);
}
