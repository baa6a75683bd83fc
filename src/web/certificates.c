/*
 * certificates.c - certificate pages: the public verification page
 * (/verify: number + name, or ID number + name), the QR landing page
 * (/v/{token}), and for staff the certificate list, one certificate with
 * its history and status actions, PDFs, and issuing a closed plan's.
 */
#include <string.h>

#include "base/str.h"
#include "web/layout.h"
#include "web/web.h"

static const char *qv(struct http_req *req, const char *name)
{
	const char *v = http_query(req, name);

	return v ? v : "";
}

static long long num(const char *s)
{
	long long v;

	return s && str_to_ll(s, 1, 1LL << 62, &v) == 0 ? v : 0;
}

/* ---- public ---- */

/* ": " or "：", as the language writes it */
static const char *colon(const struct page *p)
{
	return p->lang == LANG_EN ? ": " : "：";
}

/* One certificate as anyone may see it. */
static void card(struct page *p, const struct cert_public *x)
{
	const char *work = *x->work_type ? x->work_type : "--";

	html_printf(p->out, "<article class=\"cert-card status-%s\"><h2>%s</h2>", x->status,
		    !strcmp(x->line, "honour")     ? T(p, "cert.title.honour")
		    : !strcmp(x->line, "training") ? T(p, "cert.title.training")
		    : !strcmp(x->line, "award")    ? T(p, "cert.title.award")
		    : strcmp(x->line, "industry")  ? T(p, "cert.title.skill")
						   : T(p, "cert.title.industry"));
	page_badge(p, "cert.status.", x->status);
	html_printf(p->out,
		    "<dl class=\"facts\"><dt>%s</dt><dd class=\"cert-number\">%s</dd>"
		    "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
		    "<dt>%s</dt><dd>%s %s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
		    "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s",
		    T(p, "cert.number"), x->number, T(p, "field.person_name"), x->holder,
		    T(p, "field.id_number"), x->id_masked, T(p, "field.occupation_short"),
		    x->occupation_code, x->occupation_name, T(p, "field.work_type"), work,
		    page_cert_grade_label(p, x->line),
		    page_cert_grade(p, x->line, x->level, x->award, x->competition_name,
				    x->award_name, x->award_name_en),
		    T(p, "cert.issued_on"), x->issued_on, T(p, "field.institution"),
		    x->institution_name);
	if (x->institution_status) {
		html_printf(p->out, " ");
		page_badge(p, "status.", x->institution_status);
	}
	html_printf(p->out, "</dd>");
	/* a promotion's certificate says its route (an award's competition
	 * is in its grade above) */
	if (x->competition_name && *x->competition_name && strcmp(x->line, "award"))
		html_printf(p->out, "<dt>%s</dt><dd class=\"cert-route\">%s%s%s</dd>",
			    T(p, "cert.route"), T(p, "cert.route.competition"), colon(p),
			    x->competition_name);
	html_printf(p->out, "</dl>");
	if (strcmp(x->status, "valid")) {
		html_printf(p->out, "<p class=\"callout\">%s %s%s%s",
			    T(p, "cert.status_since"), x->status_date ? x->status_date : "",
			    cert_reason_category_key(x->status_category) ? colon(p) : "",
			    cert_reason_category_key(x->status_category)
				    ? T(p, cert_reason_category_key(x->status_category))
				    : "");
		if (x->superseded_by)
			html_printf(p->out, " %s <span class=\"cert-number\">%s</span>",
				    T(p, "cert.superseded_by"), x->superseded_by);
		html_printf(p->out, "</p>");
	}
	html_printf(p->out, "</article>");
}

/* holder: the ID-number form was the one sent (by POST: an ID number is
 * never put in a URL, a browser's history or a proxy's log) */
static void verify_forms(struct page *p, bool holder, const char *name,
			 const struct app_error *err)
{

	html_printf(p->out,
		    "<div class=\"verify-forms\"><form method=\"get\" action=\"/verify\" "
		    "class=\"form\" id=\"by-number\"><h2>%s</h2>",
		    T(p, "verify.by_number"));
	p->idp = "n-";
	page_field(p, "number", "cert.number", holder ? "" : qv(p->req, "number"),
		   holder ? NULL : err, 1);
	page_field(p, "name", "field.person_name", holder ? "" : name,
		   holder ? NULL : err, 1);
	html_printf(p->out, "<button type=\"submit\">%s</button></form>",
		    T(p, "verify.submit"));
	html_printf(p->out,
		    "<form method=\"post\" action=\"/verify\" class=\"form\" "
		    "id=\"by-id\"><h2>%s</h2><input type=\"hidden\" name=\"csrf\" "
		    "value=\"%s\">",
		    T(p, "verify.by_id"), http_csrf_token(p->req, p->resp));
	p->idp = "i-";
	page_field(p, "id_number", "field.id_number", "", holder ? err : NULL, 1);
	page_field(p, "name", "field.person_name", holder ? name : "",
		   holder ? err : NULL, 1);
	html_printf(p->out, "<button type=\"submit\">%s</button></form></div>",
		    T(p, "verify.submit"));
	p->idp = NULL;
}

/* The verification page: idn set (POST) looks up by ID number + name,
 * else number + name (GET) when either was given. */
static void verify_page(struct http_req *req, struct http_resp *resp, const char *number,
			const char *idn, const char *id_type, const char *name)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct cert_public one, *many = NULL;
	size_t n = 0;
	int rc = -1;

	page_init(&p, req, resp, "nav.verify");
	page_ctx(&p, &ctx);
	memset(&err, 0, sizeof(err));
	if (idn) {
		rc = app_verify_holder(&ctx, id_type, idn, name, &many, &n, &err);
	} else if ((number && *number) || (name && *name)) {
		rc = app_verify_number(&ctx, number, name, &one, &err);
		many = &one;
		n = rc == APP_OK;
	}
	if (rc == APP_RATE_LIMITED) {
		resp->status = 429;
		http_set_header(resp, "Retry-After",
				arena_printf(req->arena, "%lld", err.retry_after));
	} else if (rc == APP_NOT_FOUND) {
		resp->status = 404;
	} else if (rc == APP_INVALID) {
		resp->status = 422;
	}
	/* never cached: answers depend on what was typed */
	http_set_header(resp, "Cache-Control", "no-store");
	page_begin(&p, T(&p, "verify.title"));
	html_printf(p.out, "<h1>%s</h1><p class=\"lead\">%s</p>", T(&p, "verify.title"),
		    T(&p, "verify.lead"));
	if (rc == APP_OK) {
		html_printf(p.out, "<section id=\"verify-result\" aria-live=\"polite\">");
		for (size_t i = 0; i < n; i++)
			card(&p, &many[i]);
		/* found by number: the holder's photo when they show it
		 * (issue 12), inline as /v/{token} shows it */
		if (n == 1 && many[0].photo_b64 && many[0].photo_mime)
			html_printf(p.out,
				    "<img class=\"holder-photo\" id=\"holder-photo\" "
				    "src=\"data:%s;base64,%s\" alt=\"%s\" width=\"120\">",
				    many[0].photo_mime, many[0].photo_b64,
				    T(&p, "holder.photo_alt"));
		html_printf(p.out, "</section>");
	} else if (rc > 0) {
		html_printf(p.out,
			    "<section id=\"verify-result\" aria-live=\"polite\"><p class=\"error\" "
			    "role=\"alert\">%s</p></section>",
			    T(&p, err.msg));
	}
	verify_forms(&p, idn != NULL, name ? name : "", rc == APP_INVALID ? &err : NULL);
	html_printf(p.out,
		    "<p class=\"hint\">%s <a href=\"http://jndj.osta.org.cn\">"
		    "http://jndj.osta.org.cn</a></p>",
		    T(&p, "verify.national"));
	page_end(&p);
}

void page_verify(struct http_req *req, struct http_resp *resp)
{
	verify_page(req, resp, http_query(req, "number"), NULL, NULL,
		    http_query(req, "name"));
}

void page_verify_post(struct http_req *req, struct http_resp *resp)
{
	const char *idn = http_form(req, "id_number"), *type = http_form(req, "id_type");

	verify_page(req, resp, NULL, idn ? idn : "", type && *type ? type : NULL,
		    http_form(req, "name"));
}

/* GET /v/{token}: what the QR code on a certificate opens. */
void page_verify_token(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct cert_public x;
	struct token_fields f;
	const char *token = req->params[0], *mime;
	int rc;

	page_init(&p, req, resp, "nav.verify");
	page_ctx(&p, &ctx);
	rc = app_verify_token(&ctx, token, &f, &x, &err);
	if (rc != APP_OK)
		resp->status = rc == APP_NOT_FOUND ? 404 : rc == APP_INVALID ? 422 : 503;
	http_set_header(resp, "Cache-Control", "no-store");
	page_begin(&p, T(&p, "verify.title"));
	html_printf(p.out, "<h1>%s</h1>", T(&p, "verify.title"));
	if (rc == APP_OK) {
		html_printf(p.out,
			    "<p class=\"notice\" role=\"status\" id=\"signature\">%s</p>",
			    T(&p, "verify.signature_ok"));
		card(&p, &x);
		/* the holder's photo, only when they show it (issue 12) */
		if (app_holder_public_photo(&ctx, NULL, token, &mime, NULL, &err) == APP_OK)
			html_printf(p.out,
				    "<img class=\"holder-photo\" id=\"holder-photo\" "
				    "src=\"/v/%s/photo\" alt=\"%s\" width=\"120\">",
				    token, T(&p, "holder.photo_alt"));
	} else {
		html_printf(p.out,
			    "<p class=\"error\" role=\"alert\" id=\"signature\">%s</p>",
			    T(&p, err.msg));
	}
	html_printf(p.out, "<p><a href=\"/verify\">%s</a></p>", T(&p, "verify.other"));
	page_end(&p);
}

/* ---- staff ---- */

void page_certificates(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct certificate *xs;
	const char *q = http_query(req, "q"), *done = http_query(req, "done");
	long long plan = num(http_query(req, "plan"));
	size_t n;

	page_init(&p, req, resp, "nav.certificates");
	page_ctx(&p, &ctx);
	if (app_cert_list(&ctx, plan, q ? q : "", 200, 0, &xs, &n, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	page_begin(&p, T(&p, "nav.certificates"));
	html_printf(p.out, "<h1>%s</h1>", T(&p, "nav.certificates"));
	if (done && !strcmp(done, "issued"))
		html_printf(p.out, "<p class=\"notice\" role=\"status\">%s %s</p>",
			    T(&p, "cert.done.issued"),
			    http_query(req, "n") ? http_query(req, "n") : "");
	html_printf(p.out,
		    "<form method=\"get\" action=\"/certificates\" class=\"filters\">");
	page_field(&p, "q", "cert.search", q ? q : "", NULL, 0);
	html_printf(p.out, "<button type=\"submit\">%s</button></form>",
		    T(&p, "btn.search"));
	if (plan)
		html_printf(p.out,
			    "<p><a class=\"button\" href=\"/plans/%lld/certificates.pdf\">%s</a></p>",
			    plan, T(&p, "cert.download_all"));
	if (!n) {
		html_printf(p.out, "<p class=\"empty\">%s</p>", T(&p, "cert.none"));
		page_end(&p);
		return;
	}
	html_printf(p.out,
		    "<div class=\"table\"><table class=\"stack\" id=\"certificates\"><thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "</tr></thead><tbody>",
		    T(&p, "cert.number"), T(&p, "field.person_name"),
		    T(&p, "field.occupation_short"), T(&p, "field.level"),
		    T(&p, "cert.issued_on"), T(&p, "field.status"));
	for (size_t i = 0; i < n; i++) {
		html_printf(p.out,
			    "<tr><td data-label=\"%s\"><a href=\"/certificates/%lld\">%s</a></td>"
			    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">",
			    T(&p, "cert.number"), xs[i].id, xs[i].number,
			    T(&p, "field.person_name"), xs[i].holder_name,
			    T(&p, "field.occupation_short"), xs[i].occupation_name,
			    T(&p, "field.level"),
			    page_cert_grade(&p, xs[i].line, xs[i].level, xs[i].award,
					    xs[i].competition_name, xs[i].award_name,
					    xs[i].award_name_en),
			    T(&p, "cert.issued_on"), xs[i].issued_on,
			    T(&p, "field.status"));
		page_badge(&p, "cert.status.", xs[i].status);
		html_printf(p.out, "</td></tr>");
	}
	html_printf(p.out, "</tbody></table></div>");
	page_end(&p);
}

static void cert_page(struct page *p, long long id, const struct app_error *form_err,
		      const char *form)
{
	struct app_ctx ctx;
	struct app_error err;
	struct cert_view v;
	const struct certificate *x;
	const char *done = http_query(p->req, "done");
	static const char *const actions[] = {"suspend", "reinstate", "revoke"};
	static const char *const action_labels[] = {"cert.action.suspend",
						    "cert.action.reinstate",
						    "cert.action.revoke"};
	const char *labels[3];

	page_ctx(p, &ctx);
	if (app_cert_get(&ctx, id, &v, &err) != APP_OK) {
		page_fail(p, &err);
		return;
	}
	x = &v.cert;
	page_begin(p, x->number);
	html_printf(p->out, "<div class=\"titlebar\"><div class=\"titlehead\"><h1>%s</h1>",
		    x->number);
	page_badge(p, "cert.status.", x->status);
	html_printf(p->out, "</div></div>");
	if (done && *done)
		html_printf(p->out, "<p class=\"notice\" role=\"status\">%s</p>",
			    T(p, "cert.done.changed"));
	html_printf(p->out,
		    "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
		    "<dt>%s</dt><dd>%s %s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
		    "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>",
		    T(p, "field.person_name"), x->holder_name, T(p, "field.id_number"),
		    x->id_masked, T(p, "field.occupation_short"), x->occupation_code,
		    x->occupation_name, T(p, "field.work_type"),
		    *x->work_type ? x->work_type : "--", page_cert_grade_label(p, x->line),
		    page_cert_grade(p, x->line, x->level, x->award, x->competition_name,
				    x->award_name, x->award_name_en),
		    T(p, "cert.issued_on"), x->issued_on, T(p, "field.institution"),
		    x->institution_name, T(p, "cert.scores"),
		    page_scores_text(p, x->scores));
	if (x->superseded_by_number)
		html_printf(p->out, "<dt>%s</dt><dd>%s</dd>", T(p, "cert.superseded_by"),
			    x->superseded_by_number);
	if (x->competition_id)
		html_printf(p->out,
			    "<dt>%s</dt><dd class=\"cert-route\">%s%s<a "
			    "href=\"/competitions/%lld/results\">%s</a></dd>",
			    T(p, "cert.route"), T(p, "cert.route.competition"), colon(p),
			    x->competition_id, x->competition_name);
	html_printf(p->out, "</dl>");
	if (strcmp(x->line, "legacy"))
		html_printf(p->out,
			    "<p><a class=\"button\" href=\"/certificates/%lld/certificate.pdf\">%s</a> "
			    "<a href=\"/v/%s\">%s</a></p>",
			    x->id, T(p, "cert.download_pdf"), x->qr_token,
			    T(p, "cert.public_view"));
	html_printf(p->out, "<h2>%s</h2><ol class=\"history\">", T(p, "cert.history"));
	for (size_t i = 0; i < v.nevents; i++)
		html_printf(p->out, "<li><time>%s</time> %s — %s%s%s%s%s</li>",
			    page_when(p, v.events[i].at),
			    T(p, arena_printf(p->req->arena, "cert.event.%s",
					      v.events[i].action)),
			    v.events[i].actor, *v.events[i].reason ? colon(p) : "",
			    v.events[i].reason, *v.events[i].doc_no ? " " : "",
			    v.events[i].doc_no);
	html_printf(p->out, "</ol>");
	page_subsidy_block(p, x->id);
	if (!strcmp(x->status, "revoked") || !strcmp(x->status, "superseded")) {
		page_end(p);
		return;
	}
	for (int i = 0; i < 3; i++)
		labels[i] = T(p, action_labels[i]);
	html_printf(p->out, "<h2 id=\"status\">%s</h2>", T(p, "cert.change_status"));
	if (form_err && !strcmp(form, "status"))
		page_error_summary(p, form_err, "status");
	page_form(p, arena_printf(p->req->arena, "/certificates/%lld/status", x->id), NULL);
	p->idp = "s-";
	page_select_text(p, "action", "cert.action", actions, labels, 3,
			 form_err && !strcmp(form, "status") ? page_input(p, "action") : NULL,
			 1, !strcmp(form ? form : "", "status") ? form_err : NULL);
	/* a revocation's public category (the reason below stays for staff) */
	page_select(p, "category", "field.reason_category", cert_reason_categories,
		    "cert.reason_category.",
		    form_err && !strcmp(form, "status") ? page_input(p, "category") : NULL,
		    1, !strcmp(form ? form : "", "status") ? form_err : NULL);
	page_textarea(p, "reason", "field.reason",
		      form_err && !strcmp(form, "status") ? page_input(p, "reason") : "",
		      !strcmp(form ? form : "", "status") ? form_err : NULL, 1);
	page_field(p, "doc_no", "cert.doc_no", "", NULL, 0);
	page_checkbox(p, "confirm", "confirm.cert_revoke", 0); /* revoking only */
	html_printf(p->out, "<button type=\"submit\">%s</button></form>", T(p, "btn.save"));
	html_printf(p->out, "<h2 id=\"supersede\">%s</h2><p class=\"hint\">%s</p>",
		    T(p, "cert.supersede"), T(p, "cert.supersede_hint"));
	if (form_err && !strcmp(form, "supersede"))
		page_error_summary(p, form_err, "supersede");
	page_form(p, arena_printf(p->req->arena, "/certificates/%lld/supersede", x->id),
		  NULL);
	p->idp = "r-";
	page_field(p, "name", "cert.new_name",
		   form_err && !strcmp(form, "supersede") ? page_input(p, "name") : "",
		   !strcmp(form ? form : "", "supersede") ? form_err : NULL, 0);
	page_textarea(p, "reason", "field.reason",
		      form_err && !strcmp(form, "supersede") ? page_input(p, "reason") : "",
		      !strcmp(form ? form : "", "supersede") ? form_err : NULL, 1);
	page_field(p, "doc_no", "cert.doc_no", "", NULL, 0);
	html_printf(p->out, "<button type=\"submit\">%s</button></form>",
		    T(p, "cert.supersede"));
	p->idp = NULL;
	page_end(p);
}

void page_certificate(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	long long id = page_param_id(req, 0);

	page_init(&p, req, resp, "nav.certificates");
	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	cert_page(&p, id, NULL, NULL);
}

static void after(struct page *p, long long id, int rc, const struct app_error *err,
		  const char *form)
{
	if (rc == APP_OK) {
		http_redirect(p->resp, arena_printf(p->req->arena,
						    "/certificates/%lld?done=%s", id, form));
		return;
	}
	if (rc == APP_INVALID || rc == APP_CONFLICT) {
		p->resp->status = page_refusal_status(rc);
		cert_page(p, id, err, form);
		return;
	}
	page_fail(p, err);
}

void page_certificate_status(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_param_id(req, 0);
	int rc;

	page_init(&p, req, resp, "nav.certificates");
	page_ctx(&p, &ctx);
	/* a revocation is final: only with its box ticked */
	if (!strcmp(page_value(&p, "action"), "revoke") && !*page_value(&p, "confirm")) {
		err = (struct app_error){APP_INVALID, "confirm", "confirm.required", NULL,
					 0};
		after(&p, id, APP_INVALID, &err, "status");
		return;
	}
	rc = app_cert_change(&ctx, id, page_input(&p, "action"), page_value(&p, "category"),
			     page_input(&p, "reason"), page_input(&p, "doc_no"), &err);
	after(&p, id, rc, &err, "status");
}

void page_certificate_supersede(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_param_id(req, 0), nid = 0;
	int rc;

	page_init(&p, req, resp, "nav.certificates");
	page_ctx(&p, &ctx);
	rc = app_cert_supersede(&ctx, id, page_input(&p, "name"), page_input(&p, "reason"),
				page_input(&p, "doc_no"), &nid, &err);
	if (rc == APP_OK) {
		http_redirect(resp, arena_printf(req->arena,
						 "/certificates/%lld?done=supersede", nid));
		return;
	}
	after(&p, id, rc, &err, "supersede");
}

static void pdf(struct http_req *req, struct http_resp *resp, long long id, long long plan)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;

	page_init(&p, req, resp, "nav.certificates");
	page_ctx(&p, &ctx);
	buf_reset(&resp->body);
	if (app_cert_pdf(&ctx, id, plan, &resp->body, &err) != APP_OK) {
		buf_reset(&resp->body);
		if (err.status == APP_INVALID || err.status == APP_NOT_FOUND)
			page_fail_status(&p, 404, err.msg);
		else
			page_fail(&p, &err);
		return;
	}
	resp->content_type = "application/pdf";
	http_set_header(resp, "Content-Disposition",
			arena_printf(req->arena, "inline; filename=\"%s-%lld.pdf\"",
				     plan ? "plan" : "certificate", plan ? plan : id));
}

void page_certificate_pdf(struct http_req *req, struct http_resp *resp)
{
	long long id = page_param_id(req, 0);

	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	pdf(req, resp, id, 0);
}

void page_plan_certificates_pdf(struct http_req *req, struct http_resp *resp)
{
	long long id = page_param_id(req, 0);

	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	pdf(req, resp, 0, id);
}

void page_missing_photos(struct page *p, const struct cert_candidate *m, size_t n)
{
	if (!n)
		return;
	html_printf(p->out,
		    "<div class=\"callout\" id=\"missing-photos\" role=\"alert\"><p>"
		    "<strong>%zu</strong> %s</p><ul>",
		    n, T(p, "cert.photos_missing_list"));
	for (size_t i = 0; i < n; i++)
		html_printf(p->out,
			    "<li><a href=\"/people/%lld\">%s</a> "
			    "<span class=\"muted\">(%s %lld)</span></li>",
			    m[i].person_id, m[i].name, T(p, "cert.enrolment_no"),
			    m[i].enrolment_id);
	html_printf(p->out, "</ul><p>%s</p></div>", T(p, "cert.photos_missing_hint"));
}

/* POST /plans/{id}/certificates: issue, then the plan's certificates. */
void page_plan_issue(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct cert_issue_report rep;
	long long id = page_param_id(req, 0);

	page_init(&p, req, resp, "nav.plans");
	page_ctx(&p, &ctx);
	if (app_cert_issue(&ctx, id, page_input(&p, "line"), &rep, &err) != APP_OK) {
		if (rep.nmissing) {
			/* nothing issued: who lacks a photo, and where to set it */
			resp->status = 422;
			page_begin(&p, T(&p, err.msg));
			html_printf(p.out, "<h1>%s</h1>", T(&p, err.msg));
			page_missing_photos(&p, rep.missing, rep.nmissing);
			html_printf(p.out, "<p><a href=\"/plans/%lld\">%s</a></p>", id,
				    T(&p, "cert.back_to_plan"));
			page_end(&p);
			return;
		}
		/* the plan again, the reason on it (no filing: where to enter it) */
		if (err.status == APP_INVALID)
			page_plan_refused(&p, &ctx, id, &err, "issue");
		else
			page_fail(&p, &err);
		return;
	}
	http_redirect(resp, arena_printf(req->arena,
					 "/certificates?plan=%lld&done=issued&n=%lld", id,
					 rep.issued));
}
