/*
 * competition_promote.c - /competitions/{id}/promotions: the one screen on
 * which the center reviews the computed promotions and approves them
 * (each becomes a skill-level certificate through the competition route)
 * or rejects one with a reason (app/competition_promote.c). The approve
 * form's checkboxes sit in the table (form="approve"); each pending row
 * has its own reject form, so no form nests in another.
 */
#include <string.h>

#include "core/i18n.h"
#include "web/layout.h"
#include "web/web.h"

/* The name of row x's checkbox. */
static const char *pick_name(struct page *p, const struct comp_promo_row *x)
{
	return arena_printf(p->req->arena, "pick-%lld-%lld", x->entry_id, x->person_id);
}

/* The issuing institution's choices: the organiser and the co-organisers. */
static void institution_select(struct page *p, const struct comp_detail *d,
			       const struct app_error *err)
{
	const char **values = arena_alloc(p->req->arena,
					  (d->ncoorganisers + 2) * sizeof(*values));
	const char **labels = arena_alloc(p->req->arena,
					  (d->ncoorganisers + 2) * sizeof(*labels));
	const char *sel = page_value(p, "institution_id");
	size_t n = 0;

	/* the center's own competition without co-organisers: any institution,
	 * by its id */
	if (!d->comp.organiser_id && !d->ncoorganisers) {
		page_field_ex(p, "number", "institution_id", "cpromo.institution", sel,
			      "cpromo.institution_hint", err, 1);
		return;
	}

	if (d->comp.organiser_id) {
		values[n] = arena_printf(p->req->arena, "%lld", d->comp.organiser_id);
		labels[n++] = d->comp.organiser_name;
	}
	for (size_t i = 0; i < d->ncoorganisers; i++) {
		values[n] = arena_printf(p->req->arena, "%lld", d->coorganisers[i].id);
		labels[n++] = d->coorganisers[i].name;
	}
	page_select_text(p, "institution_id", "cpromo.institution", values, labels, n,
			 *sel ? sel : (n ? values[0] : ""), 1, err);
	html_printf(p->out, "<p class=\"hint\">%s</p>", T(p, "cpromo.institution_hint"));
}

static void render(struct page *p, struct app_ctx *ctx, const struct comp_detail *d,
		   const struct comp_promo_row *rows, size_t n,
		   const struct app_error *err, const char *who)
{
	const struct competition *c = &d->comp;
	/* re-rendered after a refused approval: the boxes as they were sent */
	bool posted = err && http_form(p->req, "institution_id");
	bool may = app_comp_may_promote(ctx) && !strcmp(c->status, "final");
	size_t pending = 0;

	page_begin(p, T(p, "cpromo.title"));
	html_printf(p->out,
		    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/competitions\">%s</a>"
		    "<a href=\"/competitions/%lld\">%s</a><a href=\"/competitions/%lld/results\">"
		    "%s</a></nav><h1>%s · %s</h1><p class=\"hint\">%s</p>",
		    T(p, "nav.crumbs"), T(p, "nav.competitions"), c->id, c->name, c->id,
		    T(p, "cmark.results"), c->name, T(p, "cpromo.title"),
		    T(p, "cpromo.hint"));
	if (http_query(p->req, "done") && !err)
		html_printf(p->out, "<p class=\"notice\" role=\"status\">%s</p>",
			    T(p, "cpromo.done"));
	if (err) {
		html_printf(p->out,
			    "<div class=\"callout\" id=\"promote-error\" role=\"alert\" "
			    "tabindex=\"-1\"><p>%s",
			    T(p, err->msg));
		if (who)
			html_printf(p->out, "%s<strong>%s</strong>",
				    p->lang == LANG_EN ? ": " : "：", who);
		html_printf(p->out, "</p></div>");
	}
	if (!n) {
		html_printf(p->out, "<p class=\"empty\">%s</p>", T(p, "cpromo.no_rows"));
		page_end(p);
		return;
	}
	html_printf(
		p->out,
		"<div class=\"table\"><table class=\"stack\" id=\"promotions\"><thead><tr>"
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		"</tr></thead><tbody>",
		T(p, "cpromo.pick"), T(p, "cmark.entrant"), T(p, "cpromo.group"),
		T(p, "cmark.award"), T(p, "cmark.place"), T(p, "cmark.current_level"),
		T(p, "cmark.outcome"), T(p, "cmark.rule"), T(p, "cpromo.status"));
	for (size_t i = 0; i < n; i++) {
		const struct comp_promo_row *x = &rows[i];
		bool open = !strcmp(x->status, "pending");
		bool eligible = x->promo.level > 0;
		const char *name = pick_name(p, x);

		html_printf(p->out, "<tr id=\"promo-%lld-%lld\"><td data-label=\"%s\">",
			    x->entry_id, x->person_id, T(p, "cpromo.pick"));
		if (may && open && eligible) {
			/* checked: every pending eligible one, or as sent */
			bool on = posted ? *page_value(p, name) != '\0' : true;

			html_printf(p->out,
				    "<input type=\"checkbox\" form=\"approve\" id=\"%s\" name=\"%s\" "
				    "value=\"%d\"%s><label for=\"%s\" class=\"vh\">%s %s</label>",
				    name, name, x->current, on ? " checked" : "", name,
				    T(p, "cpromo.pick"), x->name);
			pending++;
		} else {
			html_printf(p->out, "—");
		}
		html_printf(p->out,
			    "</td><td>%s</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s"
			    "</td><td data-label=\"%s\">%d / %d</td><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">",
			    x->name, T(p, "cpromo.group"),
			    T(p, arena_printf(p->req->arena, "comp.group.%s",
					      comp_group_name(x->group))),
			    T(p, "cmark.award"),
			    x->award == COMP_AWARD_NONE
				    ? "—"
				    : T(p, arena_printf(p->req->arena, "comp.award.%s",
							comp_award_name(x->award))),
			    T(p, "cmark.place"), x->place, x->entrants,
			    T(p, "cmark.current_level"),
			    x->current ? T(p, i18n_level_key(x->current)) : "—",
			    T(p, "cmark.outcome"));
		html_printf(p->out, "%s",
			    T(p, arena_printf(p->req->arena, "comp.promo.%s",
					      comp_promo_name(x->promo.outcome))));
		if (x->promo.level)
			html_printf(p->out, " → <strong>%s</strong>",
				    T(p, i18n_level_key(x->promo.level)));
		html_printf(p->out, "</td><td data-label=\"%s\">", T(p, "cmark.rule"));
		if (x->promo.rule >= 0)
			html_printf(p->out, "promotion.value[%d]", x->promo.rule);
		else
			html_printf(p->out, "—");
		html_printf(p->out, "</td><td data-label=\"%s\">", T(p, "cpromo.status"));
		html_printf(p->out, "%s",
			    T(p, arena_printf(p->req->arena, "cpromo.status.%s", x->status)));
		if (x->certificate_id)
			html_printf(p->out, " <a href=\"/certificates/%lld\">%s</a>",
				    x->certificate_id, x->certificate_number);
		if (!strcmp(x->status, "rejected"))
			html_printf(p->out, "<br><span class=\"hint\">%s</span>", x->reason);
		if (may && open && eligible) {
			page_form(p,
				  arena_printf(p->req->arena,
					       "/competitions/%lld/promotions/reject",
					       c->id),
				  "form inline");
			p->idp = arena_printf(p->req->arena, "rj%lld-%lld-", x->entry_id,
					      x->person_id);
			html_printf(p->out,
				    "<input type=\"hidden\" name=\"entry_id\" value=\"%lld\">"
				    "<input type=\"hidden\" name=\"person_id\" value=\"%lld\">",
				    x->entry_id, x->person_id);
			page_field(p, "reason", "field.reason", NULL, NULL, 1);
			html_printf(p->out,
				    "<div class=\"actions\"><button type=\"submit\" "
				    "class=\"secondary\">%s</button></div></form>",
				    T(p, "cpromo.reject"));
			p->idp = NULL;
		}
		html_printf(p->out, "</td></tr>");
	}
	html_printf(p->out, "</tbody></table></div>");
	if (may && pending) {
		html_printf(p->out,
			    "<form id=\"approve\" class=\"form\" method=\"post\" "
			    "action=\"/competitions/%lld/promotions/approve\">"
			    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">",
			    c->id, http_csrf_token(p->req, p->resp));
		institution_select(p, d,
				   err && err->field && !strcmp(err->field, "institution_id")
					   ? err
					   : NULL);
		html_printf(p->out,
			    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
			    T(p, "cpromo.approve"));
	}
	page_end(p);
}

/* Loads the competition and its promotions and renders the screen. */
static void screen(struct page *p, struct app_ctx *ctx, long long id,
		   const struct app_error *refusal, const char *who)
{
	struct comp_detail d;
	struct comp_promo_row *rows;
	struct app_error err;
	size_t n = 0;

	if (app_comp_get(ctx, id, &d, &err) != APP_OK ||
	    app_comp_promotions(ctx, id, &rows, &n, &err) != APP_OK) {
		page_fail(p, &err);
		return;
	}
	if (refusal)
		p->resp->status = page_refusal_status(refusal->status);
	render(p, ctx, &d, rows, n, refusal, who);
}

void page_comp_promotions(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	long long id = page_param_id(req, 0);

	page_init(&p, req, resp, "nav.competitions");
	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	page_ctx(&p, &ctx);
	screen(&p, &ctx, id, NULL, NULL);
}

void page_comp_promote(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct comp_promote_report rep;
	struct comp_promo_row *rows;
	struct comp_promote_pick *picks;
	size_t n = 0, npicks = 0;
	long long id = page_param_id(req, 0);

	page_init(&p, req, resp, "nav.competitions");
	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	page_ctx(&p, &ctx);
	/* the boxes ticked: each row's box carries the level it showed */
	if (app_comp_promotions(&ctx, id, &rows, &n, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	picks = arena_alloc(req->arena, (n + 1) * sizeof(*picks));
	for (size_t i = 0; i < n; i++) {
		const char *v = page_value(&p, pick_name(&p, &rows[i]));

		if (!*v)
			continue;
		picks[npicks].entry_id = rows[i].entry_id;
		picks[npicks].person_id = rows[i].person_id;
		picks[npicks++].from_level = v[0] >= '0' && v[0] <= '5' && !v[1] ? v[0] - '0'
										 : -1;
	}
	if (app_comp_promote(&ctx, id, picks, npicks, false,
			     page_form_id(&p, "institution_id"), &rep, &err) != APP_OK) {
		if (err.status != APP_INVALID && err.status != APP_CONFLICT) {
			page_fail(&p, &err);
			return;
		}
		screen(&p, &ctx, id, &err, rep.who);
		return;
	}
	http_redirect(resp, arena_printf(req->arena,
					 "/competitions/%lld/promotions?done=1", id));
}

void page_comp_promote_reject(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_param_id(req, 0);

	page_init(&p, req, resp, "nav.competitions");
	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	page_ctx(&p, &ctx);
	if (app_comp_promote_reject(&ctx, id, page_form_id(&p, "entry_id"),
				    page_form_id(&p, "person_id"),
				    page_value(&p, "reason"), &err) != APP_OK) {
		if (err.status != APP_INVALID && err.status != APP_CONFLICT) {
			page_fail(&p, &err);
			return;
		}
		screen(&p, &ctx, id, &err, NULL);
		return;
	}
	http_redirect(resp, arena_printf(req->arena,
					 "/competitions/%lld/promotions?done=1", id));
}
