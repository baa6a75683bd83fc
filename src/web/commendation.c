/*
 * commendation.c - the annual commendations' pages (issue 14), read only:
 * /commendations (the campaigns), /commendations/{id} (a campaign: its
 * rules, quotas, timetable, status and the nominations the reader may
 * see, by category) and /commendation-nominations/{id} (one nomination:
 * its achievements, figures, attachments, endorsement). The actions are
 * the API's and the command line's (docs/commendations.md).
 */
#include <jansson.h>
#include <string.h>

#include "base/str.h"
#include "web/layout.h"
#include "web/web.h"

static const char *category_label(struct page *p, const char *code)
{
	return T(p, arena_printf(p->req->arena, "commendation.category.%s", code));
}

static const char *status_label(struct page *p, const char *code)
{
	return T(p, arena_printf(p->req->arena, "commendation.status.%s", code));
}

void page_commend_list(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct commendation_campaign *items;
	size_t n;

	page_init(&p, req, resp, "nav.home");
	page_ctx(&p, &ctx);
	if (app_commend_list(&ctx, &items, &n, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	page_begin(&p, T(&p, "commendation.title"));
	html_printf(p.out, "<h1>%s</h1><p class=\"lead\">%s</p>",
		    T(&p, "commendation.title"), T(&p, "commendation.intro"));
	if (!n) {
		html_printf(p.out, "<p class=\"empty\">%s</p>", T(&p, "commendation.none"));
		page_end(&p);
		return;
	}
	html_printf(p.out,
		    "<div class=\"table\"><table class=\"stack\" id=\"campaigns\"><thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(&p, "field.year"), T(&p, "commendation.campaign"),
		    T(&p, "commendation.status"), T(&p, "commendation.nominate_until"));
	for (size_t i = 0; i < n; i++)
		html_printf(p.out,
			    "<tr><td data-label=\"%s\">%d</td><td data-label=\"%s\"><a "
			    "href=\"/commendations/%lld\">%s</a></td><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">%s</td></tr>",
			    T(&p, "field.year"), items[i].year,
			    T(&p, "commendation.campaign"), items[i].id, items[i].title,
			    T(&p, "commendation.status"), status_label(&p, items[i].status),
			    T(&p, "commendation.nominate_until"), items[i].nominate_until);
	html_printf(p.out, "</tbody></table></div>");
	page_end(&p);
}

void page_commend_get(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct commend_detail d;
	long long id = page_param_id(req, 0);

	page_init(&p, req, resp, "nav.home");
	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	page_ctx(&p, &ctx);
	if (app_commend_get(&ctx, id, &d, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	page_begin(&p, d.campaign.title);
	html_printf(p.out,
		    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/commendations\">%s</a>"
		    "</nav><h1>%s</h1><dl class=\"facts\"><dt>%s</dt><dd id=\"status\">%s</dd>"
		    "<dt>%s</dt><dd>%d</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
		    "<dt>%s</dt><dd>%d</dd><dt>%s</dt><dd>%s v%d</dd></dl>",
		    T(&p, "nav.crumbs"), T(&p, "commendation.title"), d.campaign.title,
		    T(&p, "commendation.status"), status_label(&p, d.campaign.status),
		    T(&p, "field.year"), d.campaign.year,
		    T(&p, "commendation.nominate_until"), d.campaign.nominate_until,
		    T(&p, "commendation.review_until"), d.campaign.review_until,
		    T(&p, "commendation.notice_days_label"), d.campaign.notice_days,
		    T(&p, "commendation.rules"), d.doc.name, d.campaign.rules_version);
	html_printf(p.out,
		    "<h2>%s</h2><div class=\"table\"><table class=\"stack\" id=\"categories\">"
		    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(&p, "commendation.categories"), T(&p, "commendation.category"),
		    T(&p, "commendation.rules"), T(&p, "commendation.quotas"));
	for (size_t i = 0; i < d.doc.ncats; i++) {
		const struct commend_cat *c = &d.doc.cats[i];
		const char *code = commend_category_name(c->code);

		html_printf(p.out, "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">",
			    T(&p, "commendation.category"), category_label(&p, code),
			    T(&p, "commendation.rules"));
		for (size_t k = 0; k < c->nrules; k++)
			html_printf(p.out, "%s<code>%s</code>", k ? " " : "",
				    commend_rule_name(c->rules[k].kind));
		html_printf(p.out, "</td><td data-label=\"%s\">",
			    T(&p, "commendation.quotas"));
		for (int s = 0; s < COMMEND_SCOPE_COUNT; s++)
			if (c->quota.n[s] >= 0)
				html_printf(p.out, "%s %d ",
					    commend_scope_name((enum commend_scope)s),
					    c->quota.n[s]);
		for (size_t k = 0; k < d.nquotas; k++)
			if (!strcmp(d.quotas[k].category, code))
				html_printf(p.out, "· %s %s %d ", d.quotas[k].scope,
					    d.quotas[k].scope_key, d.quotas[k].quota);
		html_printf(p.out, "</td></tr>");
	}
	html_printf(p.out, "</tbody></table></div>");
	if (d.nnoms) {
		html_printf(p.out,
			    "<h2>%s</h2><div class=\"table\"><table class=\"stack\" "
			    "id=\"nominations\"><thead><tr><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead><tbody>",
			    T(&p, "commendation.nominations"),
			    T(&p, "commendation.category"), T(&p, "commendation.nominee"),
			    T(&p, "commendation.nominator"), T(&p, "commendation.status"));
		for (size_t i = 0; i < d.nnoms; i++) {
			const struct commendation_nomination *n = &d.noms[i];

			html_printf(
				p.out,
				"<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\"><a "
				"href=\"/commendation-nominations/%lld\">%s%s%s</a></td>"
				"<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td></tr>",
				T(&p, "commendation.category"),
				category_label(&p, n->category),
				T(&p, "commendation.nominee"), n->id,
				n->person_id ? n->person_name : "",
				n->person_id ? " · " : "", n->institution_name,
				T(&p, "commendation.nominator"), n->nominator_name,
				T(&p, "commendation.status"), status_label(&p, n->status));
		}
		html_printf(p.out, "</tbody></table></div>");
	}
	page_end(&p);
}

/* The figures JSON as a table of its members (nothing when empty). */
static void figures_table(struct page *p, const char *text)
{
	json_t *o = json_loads(text ? text : "{}", 0, NULL);
	const char *k;
	json_t *v;

	if (json_is_object(o) && json_object_size(o)) {
		html_printf(p->out,
			    "<h2>%s</h2><div class=\"table\"><table id=\"figures\"><tbody>",
			    T(p, "commendation.figures"));
		json_object_foreach(o, k, v)
		{
			char *t = json_is_string(v) ? NULL : json_dumps(v, JSON_ENCODE_ANY);

			html_printf(p->out, "<tr><th scope=\"row\">%s</th><td>%s</td></tr>",
				    k, t ? t : json_string_value(v));
			free(t);
		}
		html_printf(p->out, "</tbody></table></div>");
	}
	json_decref(o);
}

void page_commend_nom(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct commend_nom_detail d;
	long long id = page_param_id(req, 0);

	page_init(&p, req, resp, "nav.home");
	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	page_ctx(&p, &ctx);
	if (app_commend_nom_get(&ctx, id, &d, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	page_begin(&p, T(&p, "commendation.nomination"));
	html_printf(p.out,
		    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/commendations\">%s</a>"
		    "<a href=\"/commendations/%lld\">%s</a></nav><h1>%s · %s%s%s</h1>"
		    "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd id=\"status\">%s"
		    "</dd><dt>%s</dt><dd>%s</dd>",
		    T(&p, "nav.crumbs"), T(&p, "commendation.title"), d.campaign.id,
		    d.campaign.title, T(&p, "commendation.nomination"),
		    d.nom.person_id ? d.nom.person_name : "",
		    d.nom.person_id ? " · " : "", d.nom.institution_name,
		    T(&p, "commendation.category"), category_label(&p, d.nom.category),
		    T(&p, "commendation.status"), status_label(&p, d.nom.status),
		    T(&p, "commendation.nominator"), d.nom.nominator_name);
	if (d.nom.branch_id)
		html_printf(p.out, "<dt>%s</dt><dd>%s</dd>", T(&p, "commendation.branch"),
			    d.nom.branch_name);
	if (*d.nom.status_reason)
		html_printf(p.out, "<dt>%s</dt><dd id=\"reason\">%s</dd>",
			    T(&p, "commendation.reason"), d.nom.status_reason);
	html_printf(p.out, "</dl><h2>%s</h2><p class=\"achievements\">%s</p>",
		    T(&p, "commendation.achievements_title"), d.nom.achievements);
	figures_table(&p, d.nom.figures);
	if (d.natts) {
		html_printf(p.out, "<h2>%s</h2><ul id=\"attachments\">",
			    T(&p, "commendation.attachments"));
		for (size_t i = 0; i < d.natts; i++)
			html_printf(p.out,
				    "<li><a href=\"/api/v1/commendation-attachments/%lld\">%s</a> "
				    "<span class=\"hint\">%s · %lld B</span></li>",
				    d.atts[i].id, d.atts[i].filename, d.atts[i].mime,
				    d.atts[i].size);
		html_printf(p.out, "</ul>");
	}
	page_end(&p);
}
