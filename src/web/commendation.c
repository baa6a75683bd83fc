/*
 * commendation.c - the annual commendations' pages (issue 14):
 * /commendations (the campaigns), /commendations/{id} (a campaign: its
 * rules, quotas, timetable, status and the nominations the reader may
 * see, by category) and /commendation-nominations/{id} (one nomination:
 * its achievements, figures, attachments, endorsement); with
 * its staff's forms: the nominate form on a nominating campaign (with an
 * attachment), and on a nomination the branch center's endorse and return
 * and the nominator's resubmit and withdraw (docs/commendations.md).
 */
#include <jansson.h>
#include <string.h>

#include "base/str.h"
#include "core/authz.h"
#include "web/layout.h"
#include "web/web.h"

/* A category's name as the campaign's rules give it, in the page's
 * language. */
static const char *cat_label(struct page *p, const struct commend_cat *c)
{
	return commend_cat_text(p->lang, c->code, c->name, c->name_en);
}

static const char *status_label(struct page *p, const char *code)
{
	return T(p, arena_printf(p->req->arena, "commendation.status.%s", code));
}

/* The center's form for a new campaign: built-in rules by name. */
static void create_form(struct page *p)
{
	const char *const *codes = app_commend_rules_codes();

	html_printf(p->out,
		    "<details><summary>%s</summary><form class=\"form\" method=\"post\" "
		    "action=\"/commendations\"><input type=\"hidden\" name=\"csrf\" "
		    "value=\"%s\"><div class=\"field\"><label for=\"c-year\">%s</label>"
		    "<input id=\"c-year\" name=\"year\" inputmode=\"numeric\" required></div>"
		    "<div class=\"field\"><label for=\"c-title\">%s</label><input "
		    "id=\"c-title\" name=\"title\" maxlength=\"200\" required></div>"
		    "<div class=\"field\"><label for=\"c-rules\">%s</label><select "
		    "id=\"c-rules\" name=\"rules_code\">",
		    T(p, "commendation.create"), http_csrf_token(p->req, p->resp),
		    T(p, "field.year"), T(p, "commendation.campaign"),
		    T(p, "commendation.rules"));
	for (size_t i = 0; codes[i]; i++)
		html_printf(p->out, "<option>%s</option>", codes[i]);
	html_printf(p->out,
		    "</select></div><div class=\"field\"><label for=\"c-until\">%s</label>"
		    "<input id=\"c-until\" name=\"nominate_until\" type=\"date\" required>"
		    "</div><div class=\"field\"><label for=\"c-review\">%s</label><input "
		    "id=\"c-review\" name=\"review_until\" type=\"date\" required></div>"
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>"
		    "</details>",
		    T(p, "commendation.nominate_until"),
		    T(p, "commendation.review_until"), T(p, "commendation.create"));
}

/* The center's forms for the campaign's own categories while a draft: set
 * one (a new code adds it, an existing one's code replaces it) and take
 * one out. Each writes a new version of the rules. */
static void category_forms(struct page *p, const struct commend_detail *d)
{
	static const char *const qf[COMMEND_SCOPE_COUNT] = {"quota_all", "quota_branch",
							    "quota_province"};
	static const char *const ql[COMMEND_SCOPE_COUNT] = {"commendation.quota_all",
							    "commendation.quota_branch",
							    "commendation.quota_province"};

	html_printf(p->out,
		    "<h2>%s</h2><p class=\"hint\">%s</p><form class=\"form\" method=\"post\" "
		    "action=\"/commendations/%lld/categories\" id=\"category-form\"><input "
		    "type=\"hidden\" name=\"csrf\" value=\"%s\"><input type=\"hidden\" "
		    "name=\"action\" value=\"set\"><div class=\"field\"><label "
		    "for=\"k-code\">%s</label><input id=\"k-code\" name=\"code\" required "
		    "pattern=\"[a-z][a-z0-9_]{0,39}\" autocapitalize=\"none\"></div>"
		    "<div class=\"field\"><label for=\"k-name\">%s</label><input "
		    "id=\"k-name\" name=\"name\" required maxlength=\"60\"></div>"
		    "<div class=\"field\"><label for=\"k-name-en\">%s</label><input "
		    "id=\"k-name-en\" name=\"name_en\" maxlength=\"60\"></div>"
		    "<div class=\"field\"><label for=\"k-kind\">%s</label><select "
		    "id=\"k-kind\" name=\"kind\"><option value=\"person\">%s</option>"
		    "<option value=\"collective\">%s</option></select></div>",
		    T(p, "commendation.category_form"), T(p, "commendation.category_hint"),
		    d->campaign.id, http_csrf_token(p->req, p->resp),
		    T(p, "commendation.category_code_label"),
		    T(p, "commendation.category_name_label"),
		    T(p, "commendation.category_name_en_label"), T(p, "commendation.kind"),
		    T(p, "commendation.kind.person"), T(p, "commendation.kind.collective"));
	for (int k = 0; k < COMMEND_SCOPE_COUNT; k++)
		html_printf(p->out,
			    "<div class=\"field\"><label for=\"k-%s\">%s</label><input "
			    "id=\"k-%s\" name=\"%s\" inputmode=\"numeric\"></div>",
			    qf[k], T(p, ql[k]), qf[k], qf[k]);
	html_printf(p->out, "<fieldset><legend>%s</legend>",
		    T(p, "commendation.eligibility"));
	for (int r = 0; r < COMMEND_RULE_COUNT; r++) {
		const char *name = commend_rule_name((enum commend_rule_kind)r);

		html_printf(p->out,
			    "<div class=\"check\"><input type=\"checkbox\" id=\"k-r-%s\" "
			    "name=\"rule_%s\" value=\"1\"><label for=\"k-r-%s\">%s</label></div>",
			    name, name, name,
			    T(p, arena_printf(p->req->arena, "commendation.rule_label.%s",
					      name)));
	}
	html_printf(p->out,
		    "<div class=\"field\"><label for=\"k-years\">%s</label><input "
		    "id=\"k-years\" name=\"staff_years\" inputmode=\"numeric\"></div>"
		    "</fieldset><div class=\"actions\"><button type=\"submit\">%s</button>"
		    "</div></form>",
		    T(p, "commendation.staff_years_label"),
		    T(p, "commendation.category_set"));
	if (d->doc.ncats < 2)
		return;
	html_printf(p->out,
		    "<form class=\"form\" method=\"post\" action=\"/commendations/%lld/"
		    "categories\" id=\"category-remove\"><input type=\"hidden\" name=\"csrf\" "
		    "value=\"%s\"><input type=\"hidden\" name=\"action\" value=\"remove\">"
		    "<div class=\"field\"><label for=\"k-remove\">%s</label><select "
		    "id=\"k-remove\" name=\"code\">",
		    d->campaign.id, http_csrf_token(p->req, p->resp),
		    T(p, "commendation.category"));
	for (size_t i = 0; i < d->doc.ncats; i++)
		html_printf(p->out, "<option value=\"%s\">%s</option>",
			    d->doc.cats[i].code, cat_label(p, &d->doc.cats[i]));
	html_printf(p->out,
		    "</select></div><div class=\"actions\"><button type=\"submit\" "
		    "class=\"secondary\">%s</button></div></form>",
		    T(p, "commendation.category_remove"));
}

/* The center's forms on a campaign: the next step, and a quota while a
 * draft. */
static void manage_forms(struct page *p, const struct commend_detail *d)
{
	const char *step = !strcmp(d->campaign.status, "draft")        ? "nominate"
			   : !strcmp(d->campaign.status, "nominating") ? "review"
								       : NULL;

	if (step)
		html_printf(p->out,
			    "<form class=\"form\" method=\"post\" action=\"/commendations/%lld/act\">"
			    "<input type=\"hidden\" name=\"csrf\" value=\"%s\"><input "
			    "type=\"hidden\" name=\"action\" value=\"%s\"><div class=\"actions\">"
			    "<button type=\"submit\">%s</button></div></form>",
			    d->campaign.id, http_csrf_token(p->req, p->resp), step,
			    T(p, !strcmp(step, "nominate") ? "commendation.step.nominate"
							   : "commendation.step.review"));
	if (strcmp(d->campaign.status, "draft"))
		return;
	html_printf(p->out,
		    "<h2>%s</h2><form class=\"form\" method=\"post\" "
		    "action=\"/commendations/%lld/quotas\"><input type=\"hidden\" name=\"csrf\" "
		    "value=\"%s\"><div class=\"field\"><label for=\"q-category\">%s</label>"
		    "<select id=\"q-category\" name=\"category\">",
		    T(p, "commendation.quotas"), d->campaign.id,
		    http_csrf_token(p->req, p->resp), T(p, "commendation.category"));
	for (size_t i = 0; i < d->doc.ncats; i++) {
		html_printf(p->out, "<option value=\"%s\">%s</option>",
			    d->doc.cats[i].code, cat_label(p, &d->doc.cats[i]));
	}
	html_printf(
		p->out,
		"</select></div><div class=\"field\"><label for=\"q-scope\">%s</label>"
		"<select id=\"q-scope\" name=\"scope\"><option>all</option><option>branch"
		"</option><option>province</option></select></div><div class=\"field\">"
		"<label for=\"q-key\">%s</label><input id=\"q-key\" name=\"scope_key\">"
		"</div><div class=\"field\"><label for=\"q-quota\">%s</label><input "
		"id=\"q-quota\" name=\"quota\" inputmode=\"numeric\" required></div>"
		"<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
		T(p, "commendation.scope"), T(p, "commendation.scope_key_label"),
		T(p, "commendation.quota"), T(p, "commendation.quota_set"));
	category_forms(p, d);
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
	if (ctx.actor && app_can(&ctx, PERM_COMMEND_MANAGE))
		create_form(&p);
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

/* The nominate form: the nominating institution (by id: one the reader's
 * grant covers), the category, the nominee, the achievements and one
 * attachment. */
static void nominate_form(struct page *p, const struct commend_detail *d)
{
	html_printf(p->out,
		    "<h2 id=\"nominate\">%s</h2><form class=\"form\" method=\"post\" "
		    "action=\"/commendations/%lld/nominations\" enctype=\"multipart/form-data\">"
		    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
		    "<div class=\"field\"><label for=\"n-by\">%s</label><input id=\"n-by\" "
		    "name=\"nominated_by\" inputmode=\"numeric\" required></div>"
		    "<div class=\"field\"><label for=\"n-category\">%s</label>"
		    "<select id=\"n-category\" name=\"category\">",
		    T(p, "commendation.nominate"), d->campaign.id,
		    http_csrf_token(p->req, p->resp), T(p, "commendation.nominator_id"),
		    T(p, "commendation.category"));
	for (size_t i = 0; i < d->doc.ncats; i++) {
		html_printf(p->out, "<option value=\"%s\">%s</option>",
			    d->doc.cats[i].code, cat_label(p, &d->doc.cats[i]));
	}
	html_printf(p->out,
		    "</select></div><div class=\"field\"><label for=\"n-inst\">%s</label>"
		    "<input id=\"n-inst\" name=\"institution_id\" inputmode=\"numeric\">"
		    "</div><div class=\"field\"><label for=\"n-person\">%s</label>"
		    "<input id=\"n-person\" name=\"person_id\" inputmode=\"numeric\"></div>"
		    "<div class=\"field\"><label for=\"n-ach\">%s</label><textarea "
		    "id=\"n-ach\" name=\"achievements\" rows=\"6\" maxlength=\"4000\" "
		    "required></textarea></div><div class=\"field\"><label for=\"n-file\">%s"
		    "</label><input id=\"n-file\" type=\"file\" name=\"file\" "
		    "accept=\"application/pdf,image/jpeg,image/png\"></div>"
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
		    T(p, "commendation.nominee_institution"),
		    T(p, "commendation.nominee_person"),
		    T(p, "commendation.achievements_title"),
		    T(p, "commendation.attachment"), T(p, "commendation.nominate"));
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
		const char *code = c->code;

		html_printf(p.out, "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">",
			    T(&p, "commendation.category"), cat_label(&p, c),
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
				commend_cat_text(p.lang, n->category, n->category_name,
						 n->category_name_en),
				T(&p, "commendation.nominee"), n->id,
				n->person_id ? n->person_name : "",
				n->person_id ? " · " : "", n->institution_name,
				T(&p, "commendation.nominator"), n->nominator_name,
				T(&p, "commendation.status"), status_label(&p, n->status));
		}
		html_printf(p.out, "</tbody></table></div>");
	}
	if (d.manage)
		manage_forms(&p, &d);
	if (d.nominate && !strcmp(d.campaign.status, "nominating"))
		nominate_form(&p, &d);
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
		    d.nom.person_id ? d.nom.person_name : "", d.nom.person_id ? " · " : "",
		    d.nom.institution_name, T(&p, "commendation.category"),
		    commend_cat_text(p.lang, d.nom.category, d.nom.category_name,
				     d.nom.category_name_en),
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
	if (d.endorse)
		html_printf(
			p.out,
			"<h2>%s</h2><form class=\"form\" method=\"post\" "
			"action=\"/commendation-nominations/%lld/act\"><input type=\"hidden\" "
			"name=\"csrf\" value=\"%s\"><div class=\"field\"><label "
			"for=\"r-reason\">%s</label><textarea id=\"r-reason\" name=\"reason\" "
			"rows=\"3\"></textarea></div><div class=\"actions\"><button "
			"type=\"submit\" name=\"action\" value=\"endorse\">%s</button> <button "
			"type=\"submit\" name=\"action\" value=\"return\">%s</button></div>"
			"</form>",
			T(&p, "commendation.branch_review"), id,
			http_csrf_token(req, resp), T(&p, "commendation.reason"),
			T(&p, "commendation.endorse"), T(&p, "commendation.return"));
	if (d.edit)
		html_printf(p.out,
			    "<form class=\"form\" method=\"post\" "
			    "action=\"/commendation-nominations/%lld/act\"><input type=\"hidden\" "
			    "name=\"csrf\" value=\"%s\">",
			    id, http_csrf_token(req, resp));
	if (d.edit && !strcmp(d.nom.status, "returned"))
		html_printf(p.out,
			    "<div class=\"field\"><label for=\"e-ach\">%s</label><textarea "
			    "id=\"e-ach\" name=\"achievements\" rows=\"6\" maxlength=\"4000\">%s"
			    "</textarea></div><div class=\"actions\"><button type=\"submit\" "
			    "name=\"action\" value=\"resubmit\">%s</button></div>",
			    T(&p, "commendation.achievements_title"), d.nom.achievements,
			    T(&p, "commendation.resubmit"));
	if (d.edit)
		html_printf(p.out,
			    "<div class=\"actions\"><button type=\"submit\" name=\"action\" "
			    "value=\"withdraw\">%s</button></div></form>",
			    T(&p, "commendation.withdraw"));
	page_end(&p);
}

void page_commend_nominate(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct commend_nom_input in;
	long long id = page_param_id(req, 0), nid = 0, aid = 0;
	const char *data = NULL, *name = NULL;
	size_t len = 0;

	page_init(&p, req, resp, "nav.home");
	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	page_ctx(&p, &ctx);
	memset(&in, 0, sizeof(in));
	in.campaign_id = id;
	in.nominated_by = page_form_id(&p, "nominated_by");
	in.institution_id = page_form_id(&p, "institution_id");
	in.person_id = page_form_id(&p, "person_id");
	in.category = page_value(&p, "category");
	in.achievements = page_value(&p, "achievements");
	if (app_commend_nominate(&ctx, &in, &nid, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	/* the attachment after the nomination: a refused one leaves the
	 * nomination made, and says why on its page's refusal */
	if (http_form_file(req, "file", &data, &len, &name) && len &&
	    app_commend_attach(&ctx, nid, name && *name ? name : "attachment", data, len,
			       &aid, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	http_redirect(resp, arena_printf(req->arena, "/commendation-nominations/%lld", nid));
}

void page_commend_act(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_param_id(req, 0);
	const char *action;
	enum app_status rc;

	page_init(&p, req, resp, "nav.home");
	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	page_ctx(&p, &ctx);
	action = page_value(&p, "action");
	if (!strcmp(action, "endorse"))
		rc = app_commend_endorse(&ctx, id, &err);
	else if (!strcmp(action, "return"))
		rc = app_commend_return(&ctx, id, page_value(&p, "reason"), &err);
	else if (!strcmp(action, "resubmit"))
		rc = app_commend_resubmit(&ctx, id, page_value(&p, "achievements"), &err);
	else if (!strcmp(action, "withdraw"))
		rc = app_commend_withdraw(&ctx, id, &err);
	else {
		page_fail_status(&p, 422, "commendation.action_invalid");
		return;
	}
	if (rc != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	http_redirect(resp, arena_printf(req->arena, "/commendation-nominations/%lld", id));
}

void page_commend_create(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct commend_campaign_input in;
	long long id = 0, year = 0;

	page_init(&p, req, resp, "nav.home");
	page_ctx(&p, &ctx);
	memset(&in, 0, sizeof(in));
	if (str_to_ll(page_value(&p, "year"), 0, 9999, &year))
		year = 0;
	in.year = (int)year;
	in.title = page_value(&p, "title");
	in.rules_code = page_value(&p, "rules_code");
	in.nominate_until = page_value(&p, "nominate_until");
	in.review_until = page_value(&p, "review_until");
	if (app_commend_create(&ctx, &in, &id, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	http_redirect(resp, arena_printf(req->arena, "/commendations/%lld", id));
}

void page_commend_step(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_param_id(req, 0);

	page_init(&p, req, resp, "nav.home");
	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	page_ctx(&p, &ctx);
	if (app_commend_act(&ctx, id, page_value(&p, "action"), &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	http_redirect(resp, arena_printf(req->arena, "/commendations/%lld", id));
}

void page_commend_quota(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_param_id(req, 0), q = 0;

	page_init(&p, req, resp, "nav.home");
	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	page_ctx(&p, &ctx);
	if (str_to_ll(page_value(&p, "quota"), -1, COMMEND_QUOTA_MAX, &q)) {
		page_fail_status(&p, 422, "commendation.quota_invalid");
		return;
	}
	if (app_commend_quota(&ctx, id, page_value(&p, "category"), page_value(&p, "scope"),
			      page_value(&p, "scope_key"), (int)q, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	http_redirect(resp, arena_printf(req->arena, "/commendations/%lld", id));
}

/* POST /commendations/{id}/categories: action set (the center's entry of
 * a category) or remove (code). */
void page_commend_category(struct http_req *req, struct http_resp *resp)
{
	static const char *const qf[COMMEND_SCOPE_COUNT] = {"quota_all", "quota_branch",
							    "quota_province"};
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct commend_cat_input in;
	long long id = page_param_id(req, 0), v;
	int version = 0;
	enum app_status st;

	page_init(&p, req, resp, "nav.home");
	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	page_ctx(&p, &ctx);
	if (!strcmp(page_value(&p, "action"), "remove")) {
		st = app_commend_category_remove(&ctx, id, page_value(&p, "code"),
						 &version, &err);
	} else {
		memset(&in, 0, sizeof(in));
		in.code = page_value(&p, "code");
		in.name = page_value(&p, "name");
		in.name_en = page_value(&p, "name_en");
		in.kind = !strcmp(page_value(&p, "kind"), "collective") ? COMMEND_COLLECTIVE
			  : !strcmp(page_value(&p, "kind"), "person")
				  ? COMMEND_PERSON
				  : (enum commend_kind) - 1;
		for (int k = 0; k < COMMEND_SCOPE_COUNT; k++) {
			const char *t = page_value(&p, qf[k]);

			in.quota[k] = -1;
			if (*t && str_to_ll(t, 0, COMMEND_QUOTA_MAX, &v)) {
				page_fail_status(&p, 422, "commendation.quota_invalid");
				return;
			}
			if (*t)
				in.quota[k] = (int)v;
		}
		for (int r = 0; r < COMMEND_RULE_COUNT; r++)
			in.rule[r] = !strcmp(
				page_value(&p,
					   arena_printf(req->arena, "rule_%s",
							commend_rule_name((
								enum commend_rule_kind)r))),
				"1");
		if (in.rule[COMMEND_RULE_STAFF_YEARS]) {
			if (str_to_ll(page_value(&p, "staff_years"), 1, 60, &v)) {
				page_fail_status(&p, 422,
						 "commendation.category_staff_years");
				return;
			}
			in.staff_years = (int)v;
		}
		st = app_commend_category(&ctx, id, &in, &version, &err);
	}
	if (st != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	http_redirect(resp, arena_printf(req->arena, "/commendations/%lld", id));
}
