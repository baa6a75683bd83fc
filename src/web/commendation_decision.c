/*
 * commendation_decision.c - the center's decision of a commendation
 * campaign (/commendations/{id}/decision: the form, its POST), the
 * decision document (/commendations/{id}/decision.pdf, public once
 * decided) and the public honour roll (/commendations/honours, filters as
 * a plain GET form). app/commendation_decision.c decides who may.
 */
#include <string.h>

#include "base/str.h"
#include "web/layout.h"
#include "web/web.h"

/* The decision form of campaign id, with err's refusal beside its field. */
static void decide_form(struct page *p, long long id, const struct app_error *err)
{
	page_form(p, arena_printf(p->req->arena, "/commendations/%lld/decision", id),
		  "form");
	p->idp = "cd-";
	page_form_error(p, err);
	page_field(p, "decision_no", "cdecide.number",
		   err ? page_input(p, "decision_no") : NULL, err, 1);
	page_field_ex(p, "date", "decision_date", "cdecide.date",
		      err ? page_input(p, "decision_date") : NULL, NULL, err, 1);
	page_field(p, "signatory", "cdecide.signatory",
		   err ? page_input(p, "signatory") : NULL, err, 1);
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
		    T(p, "cdecide.submit"));
	p->idp = NULL;
}

static void decide_page(struct page *p, long long id, const struct app_error *err)
{
	page_begin(p, T(p, "cdecide.title"));
	if (err)
		page_error_summary(p, err, "#cd-form");
	html_printf(p->out, "<h1>%s</h1><p class=\"lead\">%s</p>", T(p, "cdecide.title"),
		    T(p, "cdecide.intro"));
	html_printf(p->out, "<div id=\"cd-form\">");
	decide_form(p, id, err);
	html_printf(p->out, "</div>");
	page_end(p);
}

/* GET /commendations/{id}/decision */
void page_comm_decide_form(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.commendations");

	if (!id)
		return;
	decide_page(&p, id, NULL);
}

/* POST /commendations/{id}/decision */
void page_comm_decide(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct comm_decision_input in;
	struct comm_decision_report rep;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.commendations");

	if (!id)
		return;
	in.decision_no = page_value(&p, "decision_no");
	in.decision_date = page_value(&p, "decision_date");
	in.signatory = page_value(&p, "signatory");
	if (app_comm_decide(&ctx, id, &in, &rep, &err) == APP_OK) {
		http_redirect(resp, arena_printf(req->arena,
						 "/commendations/honours?decided=%lld",
						 rep.issued));
		return;
	}
	if (err.status != APP_INVALID && err.status != APP_CONFLICT) {
		page_fail(&p, &err);
		return;
	}
	resp->status = page_refusal_status(err.status);
	decide_page(&p, id, &err);
}

/* GET /commendations/{id}/decision.pdf */
void page_comm_decision_pdf(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.commendations");

	if (!id)
		return;
	buf_reset(&resp->body);
	if (app_comm_decision_pdf(&ctx, id, &resp->body, &err) != APP_OK) {
		buf_reset(&resp->body);
		page_fail(&p, &err);
		return;
	}
	page_pdf_download(&p, arena_printf(req->arena, "decision-%lld.pdf", id));
}

/* The roll's rows under their campaign: the holder, the category, the
 * certificate's number and the decision (its document). */
static void honour_rows(struct page *p, const struct comm_honour *h, size_t n)
{
	html_printf(p->out,
		    "<div class=\"table\"><table class=\"stack\" id=\"honour-roll\"><thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "</tr></thead><tbody>",
		    T(p, "field.year"), T(p, "croll.category"), T(p, "croll.holder"),
		    T(p, "field.institution"), T(p, "cert.number"), T(p, "cdecide.title"));
	for (size_t i = 0; i < n; i++) {
		html_printf(p->out,
			    "<tr><td data-label=\"%s\">%d</td><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">%s</td><td data-label=\"%s\"><a "
			    "href=\"/institutions/%lld\">%s</a></td><td data-label=\"%s\">",
			    T(p, "field.year"), h[i].year, T(p, "croll.category"),
			    commend_cat_text(p->lang, h[i].category, h[i].category_name,
					     h[i].category_name_en),
			    T(p, "croll.holder"), h[i].holder_name,
			    T(p, "field.institution"), h[i].institution_id,
			    h[i].institution_name, T(p, "cert.number"));
		/* the number only: the roll links no verification page (a
		 * commendation is published with the name only) */
		html_printf(p->out, "<span class=\"cert-number\">%s</span>", h[i].number);
		/* the decision: its document, public once decided */
		html_printf(p->out,
			    "</td><td data-label=\"%s\"><a href=\"/commendations/%lld/decision.pdf\" "
			    "type=\"application/pdf\" download>%s</a></td></tr>",
			    T(p, "cdecide.title"), h[i].campaign_id, h[i].decision_no);
	}
	html_printf(p->out, "</tbody></table></div>");
}

/* The roll's category filter: "any", then the categories it holds. */
static void category_filter(struct page *p, const char *selected)
{
	struct app_ctx ctx;
	struct app_error err;
	struct comm_category *k = NULL;
	size_t n = 0;
	const char **values, **labels;

	page_ctx(p, &ctx);
	if (app_comm_honour_categories(&ctx, &k, &n, &err) != APP_OK)
		n = 0; /* the roll still shows; the filter offers "any" */
	values = arena_alloc(p->req->arena, sizeof(*values) * (n + 1));
	labels = arena_alloc(p->req->arena, sizeof(*labels) * (n + 1));
	values[0] = "";
	labels[0] = "—";
	for (size_t i = 0; i < n; i++) {
		values[i + 1] = k[i].code;
		labels[i + 1] = commend_cat_text(p->lang, k[i].code, k[i].name,
						 k[i].name_en);
	}
	page_select_text(p, "category", "croll.category", values, labels, n + 1, selected,
			 0, NULL);
}

/* GET /commendations/honours?year=&category= */
void page_comm_honours(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct comm_honour *h = NULL;
	size_t n = 0;
	long long year = 0;
	const char *y = http_query(req, "year"), *k = http_query(req, "category"),
		   *decided = http_query(req, "decided");

	page_init(&p, req, resp, "nav.commendations");
	if (y && *y && str_to_ll(y, 1949, 2999, &year)) {
		page_fail_status(&p, 422, "val.year.invalid");
		return;
	}
	page_ctx(&p, &ctx);
	if (app_comm_honours(&ctx, (int)year, k ? k : "", 0, &h, &n, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	page_begin(&p, T(&p, "croll.title"));
	html_printf(p.out, "<h1>%s</h1><p class=\"lead\">%s</p>", T(&p, "croll.title"),
		    T(&p, "croll.intro"));
	if (decided && *decided)
		html_printf(p.out, "<p class=\"notice\" role=\"status\">%s %s</p>",
			    T(&p, "cdecide.done"), decided);
	html_printf(
		p.out,
		"<form class=\"search\" method=\"get\" action=\"/commendations/honours\">"
		"<div class=\"field\"><label for=\"f-year\">%s</label><input id=\"f-year\" "
		"name=\"year\" type=\"number\" inputmode=\"numeric\" value=\"%s\"></div>",
		T(&p, "field.year"), year ? arena_printf(req->arena, "%lld", year) : "");
	category_filter(&p, k ? k : "");
	html_printf(p.out, "<button type=\"submit\">%s</button></form>",
		    T(&p, "apply.filter"));
	if (!n)
		html_printf(p.out, "<p class=\"empty\">%s</p>", T(&p, "croll.none"));
	else
		honour_rows(&p, h, n);
	page_end(&p);
}

void page_comm_institution_honours(struct page *p, struct app_ctx *ctx, long long id)
{
	struct comm_honour *h = NULL;
	struct app_error err;
	size_t n = 0;

	if (app_comm_honours(ctx, 0, "", id, &h, &n, &err) != APP_OK || !n)
		return;
	html_printf(p->out, "<h2 id=\"commendations\">%s</h2>", T(p, "croll.title"));
	honour_rows(p, h, n);
	html_printf(p->out, "<p><a href=\"/commendations/honours\">%s</a></p>",
		    T(p, "croll.all"));
}
