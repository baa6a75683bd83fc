/*
 * apprenticeship.c - the apprenticeship pages (企业新型学徒制, issue 15):
 * /apprenticeships (the classes the actor manages, a new class),
 * /apprenticeships/{id} (the class: rules, filing, status, plan of
 * courses, apprentices), /apprenticeships/{id}/subsidy?year= (the claim
 * list), /apprentices/{id} (an apprentice: hours and credits per course,
 * status, enrolment into a plan with the record as its evidence,
 * advances) and /me/apprenticeship (the holder's own). Every action posts
 * a form and comes back to its page; a refusal is an error page naming
 * the field (docs/apprenticeships.md).
 */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "web/layout.h"
#include "web/web.h"

static const char *label(struct page *p, const char *prefix, const char *code)
{
	return T(p, arena_printf(p->req->arena, "%s%s", prefix, code));
}

static int num(struct page *p, const char *name)
{
	long long v = 0;

	return str_to_ll(page_value(p, name), -1000000, 1000000, &v) ? -1 : (int)v;
}

/* After a form's action: the error page, or back to /what/id (id read
 * after the action, which may have set it). */
static void done(struct page *p, enum app_status st, const struct app_error *err,
		 const char *what, const long long *id)
{
	if (st != APP_OK)
		page_fail(p, err);
	else
		http_redirect(p->resp, arena_printf(p->req->arena, "/%s/%lld", what, *id));
}

/* The submit button labelled key, closing a form opened in a <details>. */
static void submit_close(struct page *p, const char *key)
{
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div>"
		    "</form></details>",
		    T(p, key));
}

/* The year form of the claim lists (action: a class's or every class's). */
static void year_form(struct page *p, const char *action, const char *year)
{
	html_printf(p->out,
		    "<form class=\"inline\" method=\"get\" action=\"%s\"><label "
		    "for=\"f-year\">%s</label><input id=\"f-year\" name=\"year\" "
		    "type=\"number\" value=\"%s\" required><button type=\"submit\">%s</button>"
		    "</form>",
		    action, T(p, "apprenticeship.year"), year, T(p, "apprenticeship.show"));
}

/* ---- the list and a new class ---- */

static void create_form(struct page *p)
{
	static const char *const kinds[] = {"technical_school", "vocational_college",
					    "training_center", NULL};
	static const char *const levels[] = {"4", "3", "2", "1", NULL};

	page_details(p, "create", "new-class", 0, "apprenticeship.create");
	page_form(p, "/apprenticeships", NULL);
	page_institution_select(p, "institution_id", "apprenticeship.institution",
				PERM_APPR_MANAGE, "apprenticeship.choose", "", NULL);
	page_field(p, "enterprise_name", "apprenticeship.enterprise_name", "", NULL, 1);
	page_field(p, "enterprise_credit_code", "apprenticeship.enterprise_credit_code",
		   "", NULL, 0);
	page_field(p, "school_name", "apprenticeship.school_name", "", NULL, 1);
	page_select(p, "school_kind", "apprenticeship.school_kind", kinds,
		    "apprenticeship.kind.", "technical_school", 0, NULL);
	page_field(p, "occupation_code", "apprenticeship.occupation_code", "", NULL, 1);
	page_select(p, "target_level", "apprenticeship.target_level", levels, "level.",
		    "4", 0, NULL);
	page_field_ex(p, "date", "starts_on", "apprenticeship.starts_on", "", NULL, NULL, 1);
	page_field_ex(p, "number", "months", "apprenticeship.months", "",
		      "apprenticeship.months_hint", NULL, 0);
	page_select(p, "rules_code", "apprenticeship.rules_code", app_appr_rules_codes(),
		    "", "wuhan", 0, NULL);
	submit_close(p, "apprenticeship.create");
}

void page_appr_list(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct appr_class *items;
	size_t n;

	page_init(&p, req, resp, "nav.apprenticeships");
	page_ctx(&p, &ctx);
	if (app_appr_list(&ctx, &items, &n, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	page_begin(&p, T(&p, "apprenticeship.title"));
	html_printf(p.out, "<h1>%s</h1><p class=\"lead\">%s</p>",
		    T(&p, "apprenticeship.title"), T(&p, "apprenticeship.intro"));
	create_form(&p);
	{
		char today[16];

		time_today(today, sizeof(today));
		html_printf(p.out, "<h2 id=\"claims-of-year\">%s</h2>",
			    T(&p, "apprenticeship.claims"));
		year_form(&p, "/apprenticeship-claims",
			  arena_printf(req->arena, "%.4s", today));
	}
	if (!n) {
		html_printf(p.out, "<p class=\"empty\">%s</p>",
			    T(&p, "apprenticeship.none"));
		page_end(&p);
		return;
	}
	html_printf(p.out,
		    "<div class=\"table\"><table class=\"stack\" id=\"classes\"><thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(&p, "apprenticeship.class"), T(&p, "apprenticeship.school_name"),
		    T(&p, "apprenticeship.target_level"), T(&p, "apprenticeship.status"),
		    T(&p, "apprenticeship.apprentices"));
	for (size_t i = 0; i < n; i++)
		html_printf(
			p.out,
			"<tr><td data-label=\"%s\"><a href=\"/apprenticeships/%lld\">%s %s</a>"
			"</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
			"<td data-label=\"%s\">%s</td><td data-label=\"%s\">%lld</td></tr>",
			T(&p, "apprenticeship.class"), items[i].id, items[i].enterprise_name,
			items[i].occupation_code, T(&p, "apprenticeship.school_name"),
			items[i].school_name, T(&p, "apprenticeship.target_level"),
			T(&p, i18n_level_key(items[i].target_level)),
			T(&p, "apprenticeship.status"),
			label(&p, "apprenticeship.status.", items[i].status),
			T(&p, "apprenticeship.apprentices"), items[i].napprentices);
	html_printf(p.out, "</tbody></table></div>");
	page_end(&p);
}

void page_appr_create(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct appr_class_input in;
	long long id = 0;

	page_init(&p, req, resp, "nav.apprenticeships");
	page_ctx(&p, &ctx);
	memset(&in, 0, sizeof(in));
	in.institution_id = page_form_id(&p, "institution_id");
	in.enterprise_name = page_value(&p, "enterprise_name");
	in.enterprise_credit_code = page_value(&p, "enterprise_credit_code");
	in.school_name = page_value(&p, "school_name");
	in.school_kind = page_value(&p, "school_kind");
	in.occupation_code = page_value(&p, "occupation_code");
	in.target_level = num(&p, "target_level");
	in.starts_on = page_value(&p, "starts_on");
	in.months = *page_value(&p, "months") ? num(&p, "months") : 0;
	in.rules_code = page_value(&p, "rules_code");
	done(&p, app_appr_create(&ctx, &in, &id, &err), &err, "apprenticeships", &id);
}

/* ---- a class ---- */

static void dl_row(struct page *p, const char *key, const char *value)
{
	html_printf(p->out, "<dt>%s</dt><dd>%s</dd>", T(p, key), value ? value : "");
}

static void class_facts(struct page *p, const struct appr_detail *d)
{
	const struct appr_class *k = &d->k;

	html_printf(p->out, "<dl class=\"facts\" id=\"class-facts\">");
	dl_row(p, "apprenticeship.status", label(p, "apprenticeship.status.", k->status));
	dl_row(p, "apprenticeship.institution", k->institution_name);
	dl_row(p, "apprenticeship.enterprise_name", k->enterprise_name);
	dl_row(p, "apprenticeship.enterprise_credit_code", k->enterprise_credit_code);
	dl_row(p, "apprenticeship.school_name",
	       arena_printf(p->req->arena, "%s（%s）", k->school_name,
			    label(p, "apprenticeship.kind.", k->school_kind)));
	dl_row(p, "apprenticeship.occupation_code", k->occupation_code);
	dl_row(p, "apprenticeship.target_level", T(p, i18n_level_key(k->target_level)));
	dl_row(p, "apprenticeship.starts_on", k->starts_on);
	dl_row(p, "apprenticeship.months",
	       arena_printf(p->req->arena, "%d%s", k->months,
			    d->special ? T(p, "apprenticeship.special") : ""));
	dl_row(p, "apprenticeship.rules_code",
	       arena_printf(p->req->arena, "%s %s · %.12s", k->rules_code,
			    k->rules_version, k->rules_digest));
	if (*k->filing_no) {
		dl_row(p, "apprenticeship.agreement_no",
		       arena_printf(p->req->arena, "%s（%s）", k->agreement_no,
				    k->agreement_signed_on));
		dl_row(p, "apprenticeship.filing_no",
		       arena_printf(p->req->arena, "%s · %s · %s", k->filing_no,
				    k->filing_date, k->filing_authority));
	}
	html_printf(p->out, "</dl>");
}

static void step_forms(struct page *p, const struct appr_class *k)
{
	const char *action = arena_printf(p->req->arena, "/apprenticeships/%lld/status",
					  k->id);

	if (!strcmp(k->status, "draft")) {
		page_details(p, "filing", "filing", 1, "apprenticeship.file");
		page_form(p, action, NULL);
		html_printf(p->out,
			    "<input type=\"hidden\" name=\"status\" value=\"filed\">");
		page_field(p, "agreement_no", "apprenticeship.agreement_no", "", NULL, 1);
		page_field_ex(p, "date", "agreement_signed_on",
			      "apprenticeship.agreement_signed_on", "", NULL, NULL, 1);
		page_field(p, "filing_no", "apprenticeship.filing_no", "", NULL, 1);
		page_field_ex(p, "date", "filing_date", "apprenticeship.filing_date", "",
			      NULL, NULL, 1);
		page_field(p, "filing_authority", "apprenticeship.filing_authority", "",
			   NULL, 1);
		submit_close(p, "apprenticeship.file");
	} else if (!strcmp(k->status, "filed") || !strcmp(k->status, "running")) {
		bool start = !strcmp(k->status, "filed");

		page_form(p, action, "inline");
		html_printf(p->out,
			    "<input type=\"hidden\" name=\"status\" value=\"%s\"><button "
			    "type=\"submit\" id=\"step\">%s</button></form>",
			    start ? "running" : "closed",
			    T(p, start ? "apprenticeship.start" : "apprenticeship.close"));
	}
}

static void courses_block(struct page *p, const struct appr_detail *d)
{
	static const char *const sides[] = {"enterprise", "school", NULL};

	html_printf(p->out,
		    "<h2 id=\"plan\">%s</h2><div class=\"table\"><table class=\"stack\" "
		    "id=\"courses\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s"
		    "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(p, "apprenticeship.courses"), T(p, "apprenticeship.course_name"),
		    T(p, "apprenticeship.side"), T(p, "apprenticeship.hours"),
		    T(p, "apprenticeship.credits"));
	for (size_t i = 0; i < d->ncourses; i++)
		html_printf(p->out,
			    "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">%d</td><td data-label=\"%s\">%d</td></tr>",
			    T(p, "apprenticeship.course_name"), d->courses[i].name,
			    T(p, "apprenticeship.side"),
			    label(p, "apprenticeship.side.", d->courses[i].side),
			    T(p, "apprenticeship.hours"), d->courses[i].hours,
			    T(p, "apprenticeship.credits"), d->courses[i].credits);
	html_printf(p->out, "</tbody></table></div>");
	if (!strcmp(d->k.status, "closed"))
		return;
	page_details(p, "course", "new-course", 0, "apprenticeship.course_add");
	page_form(p, arena_printf(p->req->arena, "/apprenticeships/%lld/courses", d->k.id),
		  NULL);
	p->idp = "c-";
	page_field(p, "name", "apprenticeship.course_name", "", NULL, 1);
	page_select(p, "side", "apprenticeship.side", sides, "apprenticeship.side.",
		    "enterprise", 0, NULL);
	page_field_ex(p, "number", "hours", "apprenticeship.hours", "", NULL, NULL, 1);
	page_field_ex(p, "number", "credits", "apprenticeship.credits", "", NULL, NULL, 1);
	p->idp = NULL;
	submit_close(p, "apprenticeship.course_add");
}

static void apprentices_block(struct page *p, const struct appr_detail *d)
{
	static const char *const hires[] = {"new", "transferred", "current", NULL};

	html_printf(p->out,
		    "<h2 id=\"apprentices\">%s</h2><div class=\"table\"><table class=\"stack\" "
		    "id=\"apprentice-list\"><thead><tr><th scope=\"col\">%s</th><th "
		    "scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "</tr></thead><tbody>",
		    T(p, "apprenticeship.apprentices"), T(p, "apprentice.title"),
		    T(p, "apprenticeship.status"), T(p, "apprenticeship.hours"),
		    T(p, "apprenticeship.credits"));
	for (size_t i = 0; i < d->napprentices; i++) {
		const struct apprentice *a = &d->apprentices[i];

		html_printf(p->out,
			    "<tr><td data-label=\"%s\"><a href=\"/apprentices/%lld\">%s</a></td>"
			    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%lld</td>"
			    "<td data-label=\"%s\">%lld</td></tr>",
			    T(p, "apprentice.title"), a->id, a->person_name,
			    T(p, "apprenticeship.status"),
			    label(p, "apprentice.status.", a->status),
			    T(p, "apprenticeship.hours"), a->hours,
			    T(p, "apprenticeship.credits"), a->credits);
	}
	html_printf(p->out, "</tbody></table></div>");
	if (!strcmp(d->k.status, "closed"))
		return;
	page_details(p, "apprentice", "new-apprentice", 0, "apprentice.add");
	page_form(p,
		  arena_printf(p->req->arena, "/apprenticeships/%lld/apprentices", d->k.id),
		  NULL);
	p->idp = "a-";
	page_field_ex(p, "number", "person_id", "apprentice.person_id", "", NULL, NULL, 1);
	page_field_ex(p, "date", "contract_start", "apprentice.contract_start", "", NULL,
		      NULL, 1);
	page_field_ex(p, "date", "contract_end", "apprentice.contract_end", "",
		      "apprentice.contract_hint", NULL, 1);
	page_select(p, "hire_kind", "apprentice.hire_kind", hires, "apprentice.hire.",
		    "new", 0, NULL);
	page_field(p, "enterprise_mentor", "apprentice.enterprise_mentor", "", NULL, 1);
	page_field(p, "school_mentor", "apprentice.school_mentor", "", NULL, 1);
	page_field_ex(p, "number", "wage", "apprentice.wage", "", NULL, NULL, 0);
	page_field_ex(p, "number", "minimum_wage", "apprentice.minimum_wage", "",
		      "apprentice.wage_hint", NULL, 0);
	p->idp = NULL;
	submit_close(p, "apprentice.add");
}

void page_appr_get(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct appr_detail d;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.apprenticeships");
	char year[8];

	if (!id)
		return;
	if (app_appr_get(&ctx, id, &d, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	page_begin(&p, T(&p, "apprenticeship.class"));
	html_printf(p.out, "<p><a href=\"/apprenticeships\">%s</a></p><h1>%s · %s</h1>",
		    T(&p, "apprenticeship.title"), d.k.enterprise_name,
		    d.k.occupation_code);
	class_facts(&p, &d);
	step_forms(&p, &d.k);
	courses_block(&p, &d);
	apprentices_block(&p, &d);
	snprintf(year, sizeof(year), "%.4s", d.k.starts_on);
	html_printf(p.out,
		    "<h2 id=\"subsidy\">%s</h2><form class=\"inline\" method=\"get\" "
		    "action=\"/apprenticeships/%lld/subsidy\"><label for=\"f-year\">%s</label>"
		    "<input id=\"f-year\" name=\"year\" type=\"number\" value=\"%s\" "
		    "required><button type=\"submit\">%s</button></form>",
		    T(&p, "apprenticeship.subsidy"), id, T(&p, "apprenticeship.year"),
		    year, T(&p, "apprenticeship.show"));
	page_end(&p);
}

void page_appr_status(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct appr_class f;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.apprenticeships");

	if (!id)
		return;
	memset(&f, 0, sizeof(f));
	f.agreement_no = page_value(&p, "agreement_no");
	f.agreement_signed_on = page_value(&p, "agreement_signed_on");
	f.filing_no = page_value(&p, "filing_no");
	f.filing_date = page_value(&p, "filing_date");
	f.filing_authority = page_value(&p, "filing_authority");
	done(&p, app_appr_step(&ctx, id, page_value(&p, "status"), &f, &err), &err,
	     "apprenticeships", &id);
}

void page_appr_course(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.apprenticeships"), cid;

	if (!id)
		return;
	done(&p,
	     app_appr_course_add(&ctx, id, page_value(&p, "name"), page_value(&p, "side"),
				 num(&p, "hours"), num(&p, "credits"), &cid, &err),
	     &err, "apprenticeships", &id);
}

void page_appr_apprentice_add(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct apprentice_input in;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.apprenticeships"), aid;

	if (!id)
		return;
	memset(&in, 0, sizeof(in));
	in.class_id = id;
	in.person_id = page_form_id(&p, "person_id");
	in.contract_start = page_value(&p, "contract_start");
	in.contract_end = page_value(&p, "contract_end");
	in.hire_kind = page_value(&p, "hire_kind");
	in.enterprise_mentor = page_value(&p, "enterprise_mentor");
	in.school_mentor = page_value(&p, "school_mentor");
	in.wage = *page_value(&p, "wage") ? num(&p, "wage") : 0;
	in.minimum_wage = *page_value(&p, "minimum_wage") ? num(&p, "minimum_wage") : 0;
	done(&p, app_apprentice_add(&ctx, &in, &aid, &err), &err, "apprentices", &aid);
}

/* ---- the claim list ---- */

void page_appr_claim(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct appr_claim cl;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.apprenticeships"), year = 0;
	const char *y;

	if (!id)
		return;
	y = http_query(req, "year");
	if (!y || str_to_ll(y, 2000, 2100, &year))
		year = 0; /* refused naming it, after the scope check */
	if (app_appr_claim(&ctx, id, (int)year, &cl, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	page_begin(&p, T(&p, "apprenticeship.subsidy"));
	html_printf(p.out,
		    "<p><a href=\"/apprenticeships/%lld\">%s · %s</a></p><h1>%s %lld</h1>"
		    "<p class=\"lead\">%s: %s %s</p>",
		    id, cl.k.enterprise_name, cl.k.occupation_code,
		    T(&p, "apprenticeship.subsidy"), year,
		    T(&p, "apprenticeship.rules_code"), cl.k.rules_code,
		    cl.k.rules_version);
	html_printf(p.out,
		    "<div class=\"table\"><table class=\"stack\" id=\"claim\"><thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(&p, "apprentice.title"), T(&p, "apprentice.outcome"),
		    T(&p, "apprentice.months"), T(&p, "apprentice.amount"),
		    T(&p, "apprentice.advance"), T(&p, "apprentice.due"),
		    T(&p, "apprentice.clawback"), T(&p, "apprentice.rule"));
	for (size_t i = 0; i < cl.n; i++) {
		const struct appr_claim_line *l = &cl.lines[i];
		const char *outcome = label(&p, "apprentice.outcome.",
					    appr_outcome_name(l->outcome));

		if (l->outcome == APPR_OUT_CERTIFICATE)
			outcome = arena_printf(req->arena, "%s（%s）", outcome,
					       T(&p, i18n_level_key(l->a.cert_level)));
		html_printf(
			p.out,
			"<tr data-apprentice=\"%lld\"><td data-label=\"%s\"><a "
			"href=\"/apprentices/%lld\">%s</a></td><td data-label=\"%s\">%s</td>"
			"<td data-label=\"%s\">%d</td><td data-label=\"%s\">%d</td>"
			"<td data-label=\"%s\">%d</td><td data-label=\"%s\">%d</td>"
			"<td data-label=\"%s\">%d</td><td data-label=\"%s\">%s</td></tr>",
			l->a.id, T(&p, "apprentice.title"), l->a.id, l->a.person_name,
			T(&p, "apprentice.outcome"), outcome, T(&p, "apprentice.months"),
			l->months, T(&p, "apprentice.amount"), l->s.amount,
			T(&p, "apprentice.advance"), l->a.advance,
			T(&p, "apprentice.due"), l->s.due, T(&p, "apprentice.clawback"),
			l->s.clawback, T(&p, "apprentice.rule"), T(&p, l->s.rule));
	}
	html_printf(p.out,
		    "</tbody></table></div><p id=\"claim-total\">%s: %s %lld · %s %lld · %s "
		    "%lld</p><p><a href=\"/api/v1/apprenticeships/%lld/subsidy.csv?year=%lld\" "
		    "download>%s</a></p>",
		    T(&p, "apprenticeship.total"), T(&p, "apprentice.amount"), cl.amount,
		    T(&p, "apprentice.due"), cl.due, T(&p, "apprentice.clawback"),
		    cl.clawback, id, year, T(&p, "apprenticeship.csv"));
	page_end(&p);
}

/* /apprenticeship-claims?year=[&institution_id=]: every class's claim of
 * the year (per enterprise with institution_id) */
void page_appr_claims(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct appr_claims all;
	long long year = 0, inst = 0;
	const char *y = http_query(req, "year"), *i = http_query(req, "institution_id");

	page_init(&p, req, resp, "nav.apprenticeships");
	page_ctx(&p, &ctx);
	if (!y) { /* this year's */
		char today[16];

		time_today(today, sizeof(today));
		year = time_year(today);
	} else if (str_to_ll(y, 2000, 2100, &year)) {
		year = 0; /* refused naming it */
	}
	if (i && *i && str_to_ll(i, 1, 1LL << 62, &inst)) {
		page_fail_status(&p, 422, "err.not_integer");
		return;
	}
	if (app_appr_claims(&ctx, inst, (int)year, &all, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	page_begin(&p, T(&p, "apprenticeship.claims"));
	html_printf(p.out, "<p><a href=\"/apprenticeships\">%s</a></p><h1>%s %lld</h1>",
		    T(&p, "apprenticeship.title"), T(&p, "apprenticeship.claims"), year);
	year_form(&p, "/apprenticeship-claims", arena_printf(req->arena, "%lld", year));
	html_printf(p.out,
		    "<div class=\"table\"><table class=\"stack\" id=\"claims\"><thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(&p, "apprenticeship.class"), T(&p, "apprenticeship.apprentices"),
		    T(&p, "apprentice.amount"), T(&p, "apprentice.due"),
		    T(&p, "apprentice.clawback"));
	for (size_t k = 0; k < all.n; k++) {
		const struct appr_claim *cl = &all.classes[k];

		html_printf(
			p.out,
			"<tr data-class=\"%lld\"><td data-label=\"%s\"><a "
			"href=\"/apprenticeships/%lld/subsidy?year=%lld\">%s · %s</a></td>"
			"<td data-label=\"%s\">%zu</td><td data-label=\"%s\">%lld</td>"
			"<td data-label=\"%s\">%lld</td><td data-label=\"%s\">%lld</td></tr>",
			cl->k.id, T(&p, "apprenticeship.class"), cl->k.id, year,
			cl->k.enterprise_name, cl->k.occupation_code,
			T(&p, "apprenticeship.apprentices"), cl->n,
			T(&p, "apprentice.amount"), cl->amount, T(&p, "apprentice.due"),
			cl->due, T(&p, "apprentice.clawback"), cl->clawback);
	}
	html_printf(p.out,
		    "</tbody></table></div><p id=\"claims-total\">%s: %s %lld · %s %lld · %s "
		    "%lld</p>",
		    T(&p, "apprenticeship.total"), T(&p, "apprentice.amount"), all.amount,
		    T(&p, "apprentice.due"), all.due, T(&p, "apprentice.clawback"),
		    all.clawback);
	page_end(&p);
}

/* ---- an apprentice ---- */

static void apprentice_facts(struct page *p, const struct apprentice_detail *d)
{
	const struct apprentice *a = &d->a;

	html_printf(p->out, "<dl class=\"facts\" id=\"apprentice-facts\">");
	dl_row(p, "apprenticeship.status",
	       *a->status_reason ? arena_printf(p->req->arena, "%s（%s，%s）",
						label(p, "apprentice.status.", a->status),
						a->status_reason, a->status_on)
				 : label(p, "apprentice.status.", a->status));
	dl_row(p, "apprenticeship.class",
	       arena_printf(p->req->arena, "%s · %s · %s", d->k.enterprise_name,
			    d->k.occupation_code, T(p, i18n_level_key(d->k.target_level))));
	dl_row(p, "apprentice.contract_start",
	       arena_printf(p->req->arena, "%s – %s", a->contract_start, a->contract_end));
	dl_row(p, "apprentice.hire_kind", label(p, "apprentice.hire.", a->hire_kind));
	dl_row(p, "apprentice.wage", arena_printf(p->req->arena, "%d", a->wage));
	dl_row(p, "apprentice.minimum_wage",
	       arena_printf(p->req->arena, "%d", a->minimum_wage));
	dl_row(p, "apprentice.enterprise_mentor", a->enterprise_mentor);
	dl_row(p, "apprentice.school_mentor", a->school_mentor);
	dl_row(p, "apprenticeship.hours", arena_printf(p->req->arena, "%lld", a->hours));
	dl_row(p, "apprenticeship.credits", arena_printf(p->req->arena, "%lld", a->credits));
	if (*a->completed_on)
		dl_row(p, "apprentice.completed_on", a->completed_on);
	html_printf(p->out, "</dl>");
	if (appr_wage_below(a->wage, a->minimum_wage))
		html_printf(p->out,
			    "<p class=\"notice\" id=\"wage-warning\" role=\"note\">%s</p>",
			    T(p, "apprentice.wage_below_minimum"));
	if (a->enrolment_id)
		html_printf(p->out,
			    "<p class=\"notice\" id=\"evidence\">%s <a href=\"/plans/%lld\">%s "
			    "%lld</a></p>",
			    T(p, "apprentice.evidence"), a->plan_id,
			    T(p, "apprentice.plan_id"), a->plan_id);
}

static void progress_block(struct page *p, const struct apprentice_detail *d)
{
	html_printf(p->out,
		    "<h2 id=\"progress\">%s</h2><div class=\"table\"><table class=\"stack\" "
		    "id=\"progress-list\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">"
		    "%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(p, "apprentice.progress"), T(p, "apprentice.course"),
		    T(p, "apprenticeship.hours"), T(p, "apprenticeship.credits"),
		    T(p, "apprentice.assessment"));
	for (size_t i = 0; i < d->nprogress; i++)
		html_printf(p->out,
			    "<tr><td data-label=\"%s\">%s（%s）</td><td data-label=\"%s\">%d</td>"
			    "<td data-label=\"%s\">%d</td><td data-label=\"%s\">%s</td></tr>",
			    T(p, "apprentice.course"), d->progress[i].course_name,
			    label(p, "apprenticeship.side.", d->progress[i].course_side),
			    T(p, "apprenticeship.hours"), d->progress[i].hours,
			    T(p, "apprenticeship.credits"), d->progress[i].credits,
			    T(p, "apprentice.assessment"), d->progress[i].assessment);
	html_printf(p->out, "</tbody></table></div>");
	if (!d->ninterruptions)
		return;
	/* the interruptions: their months are not paid */
	html_printf(p->out, "<h2 id=\"interruptions\">%s</h2><ul id=\"interruption-list\">",
		    T(p, "apprentice.interruptions"));
	for (size_t i = 0; i < d->ninterruptions; i++)
		html_printf(p->out, "<li>%s – %s：%s</li>", d->interruptions[i].from_on,
			    d->interruptions[i].to_on, d->interruptions[i].reason);
	html_printf(p->out, "</ul>");
}

static void manage_forms(struct page *p, const struct apprentice_detail *d)
{
	static const char *const next_active[] = {"interrupted", "withdrawn", "completed",
						  NULL};
	static const char *const next_interrupted[] = {"active", "withdrawn", NULL};
	const struct apprentice *a = &d->a;
	long long id = a->id;

	if (!strcmp(a->status, "active") && d->ncourses) {
		const char **ids = arena_alloc(p->req->arena, d->ncourses * sizeof(*ids));
		const char **names = arena_alloc(p->req->arena,
						 d->ncourses * sizeof(*names));

		for (size_t i = 0; i < d->ncourses; i++) {
			ids[i] = arena_printf(p->req->arena, "%lld", d->courses[i].id);
			names[i] = d->courses[i].name;
		}
		page_details(p, "progress", "record", 1, "apprentice.record");
		page_form(p, arena_printf(p->req->arena, "/apprentices/%lld/progress", id),
			  NULL);
		p->idp = "g-";
		page_select_text(p, "course_id", "apprentice.course", ids, names,
				 d->ncourses, NULL, 1, NULL);
		page_field_ex(p, "number", "hours", "apprenticeship.hours", "", NULL,
			      NULL, 1);
		page_field_ex(p, "number", "credits", "apprenticeship.credits", "", NULL,
			      NULL, 1);
		page_textarea(p, "assessment", "apprentice.assessment", "", NULL, 0);
		p->idp = NULL;
		submit_close(p, "apprentice.record");
	}
	if (!strcmp(a->status, "active") || !strcmp(a->status, "interrupted")) {
		page_details(p, "status", "status-change", 0, "apprentice.status_change");
		page_form(p, arena_printf(p->req->arena, "/apprentices/%lld/status", id),
			  NULL);
		p->idp = "s-";
		page_select(p, "status", "apprentice.new_status",
			    !strcmp(a->status, "active") ? next_active : next_interrupted,
			    "apprentice.status.", NULL, 0, NULL);
		page_field(p, "reason", "apprentice.reason", "", NULL, 0);
		page_field_ex(p, "date", "on", "apprentice.on", "", NULL, NULL, 0);
		p->idp = NULL;
		submit_close(p, "apprentice.status_change");
	}
	if (!strcmp(a->status, "completed") && !a->enrolment_id) {
		page_details(p, "enrol", "enrol", 1, "apprentice.enrol");
		page_form(p, arena_printf(p->req->arena, "/apprentices/%lld/enrol", id),
			  NULL);
		page_field_ex(p, "number", "plan_id", "apprentice.plan_id", "",
			      "apprentice.enrol_hint", NULL, 1);
		submit_close(p, "apprentice.enrol");
	}
	page_details(p, "advance", "advance", 0, "apprentice.advance");
	page_form(p, arena_printf(p->req->arena, "/apprentices/%lld/advances", id), NULL);
	p->idp = "v-";
	page_field_ex(p, "number", "year", "apprenticeship.year", "", NULL, NULL, 1);
	page_field_ex(p, "number", "amount", "apprentice.amount", "", NULL, NULL, 1);
	p->idp = NULL;
	submit_close(p, "apprentice.advance");
}

void page_apprentice_get(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct apprentice_detail d;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.apprenticeships");

	if (!id)
		return;
	if (app_apprentice_get(&ctx, id, &d, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	page_begin(&p, T(&p, "apprentice.title"));
	if (d.manage)
		html_printf(p.out, "<p><a href=\"/apprenticeships/%lld\">%s · %s</a></p>",
			    d.k.id, d.k.enterprise_name, d.k.occupation_code);
	html_printf(p.out, "<h1>%s · %s</h1>", T(&p, "apprentice.title"), d.a.person_name);
	apprentice_facts(&p, &d);
	progress_block(&p, &d);
	if (d.manage)
		manage_forms(&p, &d);
	page_end(&p);
}

void page_apprentice_progress(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.apprenticeships");

	if (!id)
		return;
	done(&p,
	     app_apprentice_progress(&ctx, id, page_form_id(&p, "course_id"),
				     num(&p, "hours"), num(&p, "credits"),
				     page_value(&p, "assessment"), &err),
	     &err, "apprentices", &id);
}

void page_apprentice_status(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.apprenticeships");

	if (!id)
		return;
	done(&p,
	     app_apprentice_status(&ctx, id, page_value(&p, "status"),
				   page_value(&p, "reason"), page_value(&p, "on"), &err),
	     &err, "apprentices", &id);
}

void page_apprentice_enrol(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	const char *route;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.apprenticeships"), eid;

	if (!id)
		return;
	done(&p,
	     app_apprentice_enrol(&ctx, id, page_form_id(&p, "plan_id"), &eid, &route, &err),
	     &err, "apprentices", &id);
}

void page_apprentice_advance(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.apprenticeships");

	if (!id)
		return;
	done(&p, app_apprentice_advance(&ctx, id, num(&p, "year"), num(&p, "amount"), &err),
	     &err, "apprentices", &id);
}

/* ---- the holder's own ---- */

void page_my_apprenticeship(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct apprentice *items;
	size_t n;

	page_init(&p, req, resp, "nav.home");
	page_ctx(&p, &ctx);
	if (app_appr_mine(&ctx, &items, &n, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	page_begin(&p, T(&p, "apprentice.mine"));
	html_printf(p.out, "<h1>%s</h1>", T(&p, "apprentice.mine"));
	if (!n)
		html_printf(p.out, "<p class=\"empty\">%s</p>",
			    T(&p, "apprentice.mine_none"));
	for (size_t i = 0; i < n; i++)
		html_printf(p.out,
			    "<section class=\"card\" data-apprentice=\"%lld\"><h2><a "
			    "href=\"/apprentices/%lld\">%s · %s</a></h2><p>%s · %s: %lld · %s: "
			    "%lld</p></section>",
			    items[i].id, items[i].id, items[i].enterprise_name,
			    items[i].occupation_code,
			    label(&p, "apprentice.status.", items[i].status),
			    T(&p, "apprenticeship.hours"), items[i].hours,
			    T(&p, "apprenticeship.credits"), items[i].credits);
	page_end(&p);
}

/* ---- the evidence on a plan's enrolments (web/plans.c) ---- */

size_t page_appr_evidence(struct page *p, long long plan_id, const struct appr_evidence **out)
{
	struct app_ctx ctx;
	struct app_error err;
	struct appr_evidence *items;
	size_t n;

	page_ctx(p, &ctx);
	*out = NULL;
	if (app_appr_evidence(&ctx, plan_id, &items, &n, &err) != APP_OK)
		return 0;
	*out = items;
	return n;
}

void page_appr_note(struct page *p, const struct appr_evidence *ev, size_t n,
		    long long enrolment_id)
{
	for (size_t i = 0; i < n; i++)
		if (ev[i].enrolment_id == enrolment_id)
			html_printf(p->out,
				    " <a class=\"evidence\" data-apprentice=\"%lld\" "
				    "href=\"/apprentices/%lld\">%s</a>",
				    ev[i].apprentice_id, ev[i].apprentice_id,
				    T(p, "apprentice.record_link"));
}
