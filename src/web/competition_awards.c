/*
 * competition_awards.c - award certificates (获奖证书) on the pages: the
 * results page's block for the organiser (the 颁发获奖证书 button once the
 * competition is final, the list of issued award certificates), the
 * issue form's POST, and the words a certificate shows where a skill
 * certificate has its level (the verify page, the certificate page, the
 * holder's list). app/competition_awards.c decides who may do what.
 */
#include <string.h>

#include "base/str.h"
#include "core/i18n.h"
#include "web/layout.h"
#include "web/web.h"

const char *page_cert_grade(struct page *p, const char *line, int level,
			    const char *award, const char *competition,
			    const char *award_name, const char *award_name_en)
{
	struct certificate x;
	char text[CERT_AWARD_MAX];

	memset(&x, 0, sizeof(x));
	x.line = line;
	x.level = level;
	x.award = award;
	x.competition_name = competition;
	x.award_name = award_name;
	x.award_name_en = award_name_en;
	return arena_strdup(p->req->arena, cert_grade_text(p->lang, &x, text, sizeof(text)));
}

const char *page_cert_grade_label(struct page *p, const char *line)
{
	return T(p, line && !strcmp(line, "award")    ? "cert.award_label"
		    : line && !strcmp(line, "honour") ? "cert.honour_label"
						      : "field.level");
}

/* The issue form (the issuer's field for a competition the center
 * organises), with err's refusal beside it. */
static void issue_form(struct page *p, const struct competition *c,
		       const struct app_error *err)
{
	page_form(p, arena_printf(p->req->arena, "/competitions/%lld/awards", c->id),
		  "form");
	p->idp = "aw-";
	if (err && err->msg && (!err->field || strcmp(err->field, "institution_id")))
		html_printf(p->out, "<p class=\"error\" role=\"alert\">%s</p>",
			    T(p, err->msg));
	if (!c->organiser_id)
		page_field_ex(p, "number", "institution_id", "cawards.issuer",
			      err ? page_input(p, "institution_id") : NULL,
			      "cawards.issuer_hint", err, 1);
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
		    T(p, "cawards.issue"));
	p->idp = NULL;
}

void page_comp_awards_block(struct page *p, struct app_ctx *ctx, const struct competition *c)
{
	struct cert_award *w = NULL;
	struct app_error err;
	size_t n = 0;
	const char *q = http_query(p->req, "awarded");
	long long issued = -1; /* the count redirected with; only a number is shown */

	if (app_comp_awards(ctx, c->id, &w, &n, &err) != APP_OK)
		return;
	html_printf(p->out, "<h2 id=\"awards\">%s</h2>", T(p, "cawards.title"));
	if (q && str_to_ll(q, 0, 1000000, &issued) == 0)
		html_printf(p->out, "<p class=\"notice\" role=\"status\">%s %lld</p>",
			    T(p, "cawards.issued"), issued);
	if (strcmp(c->status, "final"))
		html_printf(p->out, "<p class=\"hint\">%s</p>", T(p, "cawards.after_final"));
	else
		issue_form(p, c, NULL);
	if (!n) {
		html_printf(p->out, "<p class=\"empty\">%s</p>", T(p, "cawards.none"));
		return;
	}
	html_printf(p->out,
		    "<div class=\"table\"><table class=\"stack\" id=\"award-certificates\">"
		    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "</tr></thead><tbody>",
		    T(p, "cert.number"), T(p, "field.person_name"), T(p, "cmark.award"),
		    T(p, "cmark.place"), T(p, "field.status"));
	for (size_t i = 0; i < n; i++) {
		html_printf(p->out,
			    "<tr><td data-label=\"%s\"><a href=\"/certificates/%lld\" "
			    "class=\"cert-number\">%s</a></td><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%d / %d</td>"
			    "<td data-label=\"%s\">",
			    T(p, "cert.number"), w[i].certificate_id, w[i].number,
			    T(p, "field.person_name"), w[i].holder_name,
			    T(p, "cmark.award"),
			    T(p, arena_printf(p->req->arena, "comp.award.%s", w[i].award)),
			    T(p, "cmark.place"), w[i].place, w[i].entrants,
			    T(p, "field.status"));
		page_badge(p, "cert.status.", w[i].status);
		html_printf(p->out, "</td></tr>");
	}
	html_printf(p->out, "</tbody></table></div>");
}

void page_comp_awards_issue(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct comp_awards_report rep;
	struct comp_detail d;
	long long id = page_param_id(req, 0), inst = 0;
	const char *v;

	page_init(&p, req, resp, "nav.competitions");
	page_ctx(&p, &ctx);
	memset(&err, 0, sizeof(err));
	v = page_value(&p, "institution_id");
	if (*v && str_to_ll(v, 1, 9007199254740991LL, &inst)) {
		err.status = APP_INVALID;
		err.field = "institution_id";
		err.msg = "err.not_integer";
	} else if (app_comp_awards_issue(&ctx, id, inst, &rep, &err) == APP_OK) {
		http_redirect(resp,
			      arena_printf(req->arena,
					   "/competitions/%lld/results?awarded=%lld#awards",
					   id, rep.issued));
		return;
	}
	if (err.status != APP_INVALID && err.status != APP_CONFLICT) {
		page_fail(&p, &err);
		return;
	}
	{
		struct app_error e2;

		if (app_comp_get(&ctx, id, &d, &e2) != APP_OK) {
			page_fail(&p, &e2);
			return;
		}
	}
	resp->status = page_refusal_status(err.status);
	page_begin(&p, T(&p, "cawards.issue"));
	html_printf(p.out,
		    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/competitions\">%s</a>"
		    "<a href=\"/competitions/%lld\">%s</a><a href=\"/competitions/%lld/results\">"
		    "%s</a></nav><h1>%s · %s</h1>",
		    T(&p, "nav.crumbs"), T(&p, "nav.competitions"), id, d.comp.name, id,
		    T(&p, "cmark.results"), d.comp.name, T(&p, "cawards.issue"));
	issue_form(&p, &d.comp, &err);
	page_end(&p);
}
