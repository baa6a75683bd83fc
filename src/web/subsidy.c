/*
 * subsidy.c - the skill-upgrade subsidy (技能提升补贴) block of the staff
 * certificate page and of each card of the holder's "my certificates":
 * eligible or not, every reason, the amount band and the deadline
 * counting down (docs/subsidy.md); the application form (PDF) from
 * both; on the staff page the holder's recorded claims and the form to
 * record one; the staff page of open windows (/subsidy) with its
 * downloads.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"

#include "web/layout.h"
#include "web/web.h"

static void fill(struct page *p, const char *key, const char *date, long long n)
{
	static const char *const names[] = {"n", "date"};
	char num[24];
	const char *values[] = {num, date};
	struct buf b;

	snprintf(num, sizeof(num), "%lld", n);
	buf_init(&b, 0);
	i18n_fill(&b, T(p, key), names, values, 2);
	html_printf(p->out, "%s", b.data ? b.data : "");
	buf_release(&b);
}

static void claims_list(struct page *p, const struct subsidy_view *v, long long cert_id,
			bool manage);
static void void_form(struct page *p, long long cert_id, long long claim_id,
		      const struct app_error *err);
static void claim_form(struct page *p, long long cert_id, const struct app_error *err);

static void block(struct page *p, long long cert_id, const char *html_id, bool staff)
{
	struct app_ctx ctx;
	struct app_error err;
	struct subsidy_view v;
	const struct subsidy_result *r = &v.result;

	page_ctx(p, &ctx);
	if (app_cert_subsidy(&ctx, cert_id, -1, &v, &err) != APP_OK)
		return; /* the page itself was readable: leave the block out */
	html_printf(p->out, "<section class=\"subsidy\" id=\"%s\"><h2>%s</h2><p>",
		    html_id, T(p, "subsidy.heading"));
	page_badge(p, "subsidy.verdict.", subsidy_verdict_name(r->verdict));
	html_printf(p->out, "</p><dl class=\"facts\">");
	if (r->version) {
		if (r->amount_max) {
			html_printf(p->out, "<dt>%s</dt><dd class=\"subsidy-amount\">",
				    T(p, "subsidy.amount"));
			fill(p, "subsidy.amount_max", "", r->amount_max);
			html_printf(p->out, "</dd>");
		}
		html_printf(p->out, "<dt>%s</dt><dd class=\"subsidy-deadline\">",
			    T(p, "subsidy.deadline"));
		if (r->days_left > 0)
			fill(p, "subsidy.days_left", r->last_day, r->days_left);
		else
			fill(p, "subsidy.closed", r->last_day, 0);
		html_printf(p->out, "</dd><dt>%s</dt><dd>%s%s%s%s</dd>",
			    T(p, "subsidy.rule"), r->version->citation,
			    p->lang == LANG_EN ? " (" : "（", v.rules_name,
			    p->lang == LANG_EN ? ")" : "）");
	}
	html_printf(p->out, "</dl><ul class=\"subsidy-reasons\">");
	for (size_t i = 0; i < r->nreasons; i++) {
		struct buf t;

		buf_init(&t, 0);
		subsidy_reason_text(p->lang, &r->reasons[i], &t);
		html_printf(p->out, "<li class=\"r-%s\">%s</li>",
			    subsidy_verdict_name(r->reasons[i].verdict),
			    t.data ? t.data : "");
		buf_release(&t);
	}
	html_printf(p->out, "</ul><p class=\"hint\">%s</p>", T(p, "subsidy.note"));
	/* the printable application form, with the verification QR code */
	html_printf(p->out,
		    "<p class=\"actions\"><a class=\"subsidy-form\" "
		    "href=\"%s/%lld/subsidy.pdf\" type=\"application/pdf\" download>%s</a></p>",
		    staff ? "/certificates" : "/me/certificates", cert_id,
		    T(p, "subsidy.form.link"));
	if (staff) {
		claims_list(p, &v, cert_id, app_can(&ctx, PERM_CERT_MANAGE));
		if (app_can(&ctx, PERM_CERT_MANAGE))
			claim_form(p, cert_id, NULL);
	}
	html_printf(p->out, "</section>");
}

void page_subsidy_block(struct page *p, long long cert_id)
{
	block(p, cert_id, "subsidy", true);
}

void page_subsidy_block_as(struct page *p, long long cert_id, const char *html_id)
{
	block(p, cert_id, html_id, false);
}

/* The holder's recorded claims (all of their certificates'); a voided
 * one marked with who, when and why; with manage, each of this
 * certificate's claims still counted has its "void" form. */
static void claims_list(struct page *p, const struct subsidy_view *v, long long cert_id,
			bool manage)
{
	html_printf(p->out, "<h3 id=\"subsidy-claims\">%s</h3>",
		    T(p, "subsidy.claims.heading"));
	if (!v->nclaims) {
		html_printf(p->out, "<p class=\"empty\">%s</p>",
			    T(p, "subsidy.claims.none"));
		return;
	}
	html_printf(p->out,
		    "<div class=\"table\"><table class=\"subsidy-claims stack\"><thead><tr>"
		    "<th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(p, "subsidy.claim.claimed_on"), T(p, "cert.number"),
		    T(p, "subsidy.claim.amount"), T(p, "subsidy.claim.province"),
		    T(p, "subsidy.claim.recorded_by"), T(p, "subsidy.claim.note"),
		    T(p, "subsidy.claim.voided"));
	for (size_t i = 0; i < v->nclaims; i++) {
		const struct subsidy_claim *c = &v->claims[i];

		if (*c->voided_at)
			html_printf(p->out, "<tr data-claim=\"%lld\" class=\"void\">",
				    c->id);
		else
			html_printf(p->out, "<tr data-claim=\"%lld\">", c->id);
		/* a card each on a narrow screen (table.stack): the labels */
		html_printf(p->out,
			    "<td>%s</td><td class=\"cert-number\" data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">%s %s</td><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">",
			    c->claimed_on, T(p, "cert.number"), c->certificate_number,
			    T(p, "subsidy.claim.amount"), c->amount,
			    T(p, "subsidy.claim.province"), c->province,
			    T(p, "subsidy.claim.recorded_by"), c->recorded_by,
			    page_when(p, c->recorded_at), T(p, "subsidy.claim.note"),
			    c->note, T(p, "subsidy.claim.voided"));
		if (*c->voided_at)
			html_printf(p->out, "<span class=\"voided\">%s</span> %s %s%s%s",
				    T(p, "subsidy.claim.voided"), c->voided_by,
				    page_when(p, c->voided_at),
				    *c->void_reason ? " · " : "", c->void_reason);
		else if (manage && c->certificate_id == cert_id)
			void_form(p, cert_id, c->id, NULL);
		html_printf(p->out, "</td></tr>");
	}
	html_printf(p->out, "</tbody></table></div>");
}

/* The form to void a claim recorded by mistake (certificate.manage): its
 * reason, required. */
static void void_form(struct page *p, long long cert_id, long long claim_id,
		      const struct app_error *err)
{
	page_form(p,
		  arena_printf(p->req->arena, "/certificates/%lld/subsidy-claims/%lld/void",
			       cert_id, claim_id),
		  "form subsidy-void");
	p->idp = arena_printf(p->req->arena, "sv%lld-", claim_id);
	page_field(p, "reason", "subsidy.claim.void_reason",
		   err ? page_value(p, "reason") : "", err, 1);
	p->idp = NULL;
	html_printf(p->out, "<button type=\"submit\">%s</button></form>",
		    T(p, "subsidy.claim.void"));
}

/* POST /certificates/{id}/subsidy-claims/{cid}/void: voided, back to the
 * certificate; refused, the form again with the reason. */
void page_subsidy_claim_void(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.certificates"),
		  cid = page_param_id(req, 1);

	if (!id)
		return;
	if (!cid) {
		page_fail_status(&p, 404, "err.not_found");
		return;
	}
	if (app_subsidy_claim_void(&ctx, id, cid, page_value(&p, "reason"), &err) == APP_OK) {
		http_redirect(resp, arena_printf(req->arena,
						 "/certificates/%lld#subsidy-claims", id));
		return;
	}
	if (err.status != APP_INVALID && err.status != APP_CONFLICT) {
		page_fail(&p, &err);
		return;
	}
	resp->status = page_refusal_status(err.status);
	page_begin(&p, T(&p, "subsidy.claim.void_title"));
	html_printf(p.out, "<h1>%s</h1>", T(&p, "subsidy.claim.void_title"));
	page_error_summary(&p, &err, arena_printf(req->arena, "f-sv%lld-reason", cid));
	if (err.status == APP_INVALID)
		void_form(&p, id, cid, &err);
	html_printf(p.out, "<p><a href=\"/certificates/%lld#subsidy-claims\">%s</a></p>",
		    id, T(&p, "subsidy.back"));
	page_end(&p);
}

/* The form to record a paid subsidy (certificate.manage). */
static void claim_form(struct page *p, long long cert_id, const struct app_error *err)
{
	page_form(p,
		  arena_printf(p->req->arena, "/certificates/%lld/subsidy-claims", cert_id),
		  "form narrow subsidy-claim");
	html_printf(p->out, "<h3>%s</h3><p class=\"hint\">%s</p>",
		    T(p, "subsidy.claim.record"), T(p, "subsidy.claim.hint"));
	page_form_error(p, err);
	p->idp = "sc-";
	page_field_ex(p, "date", "claimed_on", "subsidy.claim.claimed_on",
		      err ? page_value(p, "claimed_on") : "", NULL, err, 1);
	page_field(p, "amount", "subsidy.claim.amount",
		   err ? page_value(p, "amount") : "", err, 1);
	page_field_ex(p, NULL, "province", "subsidy.claim.province",
		      err ? page_value(p, "province") : "", "subsidy.claim.province_hint",
		      err, 0);
	page_field(p, "note", "subsidy.claim.note", err ? page_value(p, "note") : "", err,
		   0);
	p->idp = NULL;
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
		    T(p, "subsidy.claim.submit"));
}

/* POST /certificates/{id}/subsidy-claims: recorded, back to the
 * certificate; refused, the form again with the reason. */
void page_subsidy_claim_post(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct subsidy_claim_in in;
	long long claim = 0;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.certificates");

	if (!id)
		return;
	in.claimed_on = page_value(&p, "claimed_on");
	in.amount = page_value(&p, "amount");
	in.province = page_value(&p, "province");
	in.note = page_value(&p, "note");
	if (app_subsidy_claim_record(&ctx, id, &in, &claim, &err) == APP_OK) {
		http_redirect(resp, arena_printf(req->arena,
						 "/certificates/%lld#subsidy-claims", id));
		return;
	}
	if (err.status != APP_INVALID && err.status != APP_CONFLICT) {
		page_fail(&p, &err);
		return;
	}
	resp->status = page_refusal_status(err.status);
	page_begin(&p, T(&p, "subsidy.claim.record"));
	html_printf(p.out, "<h1>%s</h1>", T(&p, "subsidy.claim.record"));
	page_error_summary(&p, &err,
			   arena_printf(req->arena, "f-sc-%s",
					err.field ? err.field : "claimed_on"));
	claim_form(&p, id, &err);
	html_printf(p.out, "<p><a href=\"/certificates/%lld\">%s</a></p>", id,
		    T(&p, "subsidy.back"));
	page_end(&p);
}

/* The form's PDF, mine: the holder's route. */
static void form_pdf(struct http_req *req, struct http_resp *resp, bool mine)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_open_id(&p, &ctx, req, resp, mine ? NULL : "nav.certificates");

	if (!id)
		return;
	buf_reset(&resp->body);
	if (app_subsidy_form_pdf(&ctx, id, mine, &resp->body, &err) != APP_OK) {
		buf_reset(&resp->body);
		page_fail(&p, &err);
		return;
	}
	page_pdf_download(&p, arena_printf(req->arena, "subsidy-%lld.pdf", id));
}

/* GET /me/certificates/{id}/subsidy.pdf */
void page_my_subsidy_pdf(struct http_req *req, struct http_resp *resp)
{
	form_pdf(req, resp, true);
}

/* GET /certificates/{id}/subsidy.pdf */
void page_certificate_subsidy_pdf(struct http_req *req, struct http_resp *resp)
{
	form_pdf(req, resp, false);
}

/* ---- the staff page of open windows ---- */

/* within from the query: 1..366, default 30; -1 when not a number */
static int within_of(struct http_req *req, const char **raw)
{
	const char *w = http_query(req, "within");
	long long v;

	*raw = w && *w ? w : "30";
	if (str_to_ll(*raw, 1, 366, &v))
		return -1;
	return (int)v;
}

/* GET /subsidy?within=N: the holders whose window closes within N days
 * (scoped like the certificate list), with the downloads. */
void page_subsidy_list(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct subsidy_holder *xs = NULL;
	size_t n = 0;
	const char *raw;
	int within = within_of(req, &raw), rc;

	page_init(&p, req, resp, "nav.subsidy");
	page_ctx(&p, &ctx);
	memset(&err, 0, sizeof(err));
	rc = (int)app_subsidy_holders(&ctx, within, &xs, &n, &err);
	if (rc != APP_OK && rc != APP_INVALID) {
		page_fail(&p, &err);
		return;
	}
	if (rc == APP_INVALID)
		resp->status = 422;
	page_begin(&p, T(&p, "subsidy.list.title"));
	html_printf(p.out, "<h1>%s</h1><p class=\"lead\">%s</p>",
		    T(&p, "subsidy.list.title"), T(&p, "subsidy.list.lead"));
	html_printf(p.out, "<form method=\"get\" action=\"/subsidy\" class=\"form search\" "
			   "id=\"subsidy-within\">");
	page_field_ex(&p, "number", "within", "subsidy.list.within", raw,
		      "subsidy.list.within_hint", rc == APP_INVALID ? &err : NULL, 1);
	html_printf(p.out, "<button type=\"submit\">%s</button></form>",
		    T(&p, "subsidy.list.show"));
	if (rc == APP_OK) {
		html_printf(p.out,
			    "<p class=\"actions\" id=\"subsidy-downloads\">"
			    "<a href=\"/subsidy/holders.xlsx?within=%d\">%s</a> "
			    "<a href=\"/subsidy/holders.csv?within=%d\">%s</a></p>",
			    within, T(&p, "subsidy.list.xlsx"), within,
			    T(&p, "subsidy.list.csv"));
		if (!n)
			html_printf(p.out, "<p class=\"empty\">%s</p>",
				    T(&p, "subsidy.list.none"));
		else
			html_printf(p.out,
				    "<div class=\"table-wrap\"><table id=\"subsidy-holders\"><thead><tr>"
				    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
				    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
				    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
				    "<th scope=\"col\">%s</th></tr></thead><tbody>",
				    T(&p, "cert.number"), T(&p, "field.person_name"),
				    T(&p, "field.occupation_short"), T(&p, "field.level"),
				    T(&p, "subsidy.deadline"), T(&p, "subsidy.col.amount"),
				    T(&p, "subsidy.col.verdict"));
		for (size_t i = 0; i < n; i++) {
			const struct certificate *x = xs[i].cert;

			html_printf(p.out,
				    "<tr><td><a class=\"cert-number\" href=\"/certificates/%lld\">"
				    "%s</a></td><td>%s</td><td>%s %s</td><td>%s</td><td>",
				    x->id, x->number, x->holder_name, x->occupation_code,
				    x->occupation_name,
				    T(&p, arena_printf(req->arena, "level.%d", x->level)));
			fill(&p, "subsidy.days_left", xs[i].result.last_day,
			     xs[i].result.days_left);
			html_printf(p.out, "</td><td>%s</td><td>",
				    xs[i].result.amount_max
					    ? arena_printf(req->arena, "%d",
							   xs[i].result.amount_max)
					    : "");
			page_badge(&p, "subsidy.verdict.",
				   subsidy_verdict_name(xs[i].result.verdict));
			html_printf(p.out, "</td></tr>");
		}
		if (n)
			html_printf(p.out, "</tbody></table></div>");
	}
	page_end(&p);
}

static void download(struct http_req *req, struct http_resp *resp, const char *format)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	const char *raw;
	int within = within_of(req, &raw);

	page_init(&p, req, resp, "nav.subsidy");
	page_ctx(&p, &ctx);
	buf_reset(&resp->body);
	if (within < 0) {
		page_fail_status(&p, 422, "val.subsidy.within");
		return;
	}
	if (app_subsidy_export(&ctx, format, within, p.lang, &resp->body, &err) != APP_OK) {
		buf_reset(&resp->body);
		page_fail(&p, &err);
		return;
	}
	resp->content_type =
		!strcmp(format, "xlsx")
			? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
			: "text/csv; charset=utf-8";
	http_set_header(resp, "Cache-Control", "no-store");
	http_set_header(resp, "Content-Disposition",
			arena_printf(req->arena,
				     "attachment; filename=\"subsidy-holders.%s\"", format));
}

/* GET /subsidy/holders.xlsx?within=N */
void page_subsidy_xlsx(struct http_req *req, struct http_resp *resp)
{
	download(req, resp, "xlsx");
}

/* GET /subsidy/holders.csv?within=N */
void page_subsidy_csv(struct http_req *req, struct http_resp *resp)
{
	download(req, resp, "csv");
}
