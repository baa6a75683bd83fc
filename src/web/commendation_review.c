/*
 * commendation_review.c - the review of a commendation campaign as pages
 * (issue 14): /commendations/{id}/review — the center's panel, rounds,
 * tally, notice and objections, and the score grid of a reviewer (their
 * own seat; the center picks a reviewer with ?reviewer=) — and the public
 * notice /commendations/{id}/notice with its objection form. Every rule
 * is app/commendation_review.c's; a refused score is shown beside its
 * field. The grid works without script; static/commendations.js moves
 * down on Enter and saves each row as it changes (as the assessments'
 * grid does).
 */
#include <stdio.h>
#include <string.h>

#include "web/layout.h"
#include "web/web.h"

/* A category's name as the campaign's rules give it. */
static const char *cat_label(struct page *p, const char *code, const char *name,
			     const char *name_en)
{
	return commend_cat_text(p->lang, code, name, name_en);
}

/* The nominee as the center sees it: the institution, or the person (of
 * the institution). */
static void nominee(struct page *p, const struct comm_rev_nomination *n)
{
	if (n->person_name)
		html_printf(p->out, "%s <small>%s</small>", n->person_name,
			    n->institution_name);
	else
		html_printf(p->out, "%s", n->institution_name);
}

static const struct comm_rev_round *open_round(const struct comm_review *r)
{
	for (size_t i = 0; i < r->nrounds; i++)
		if (!strcmp(r->rounds[i].status, "open"))
			return &r->rounds[i];
	return NULL;
}

static bool under_review(const char *status)
{
	return !strcmp(status, "endorsed") || !strcmp(status, "proposed") ||
	       !strcmp(status, "not_proposed");
}

/* The score grid of reviewer index ri: one field per nomination under
 * review, the refusal of each (rows_err, may be NULL) beside it. */
static void grid(struct page *p, const struct comm_review *r, long ri,
		 const struct app_error *rows_err)
{
	const struct comm_rev_round *o = open_round(r);
	const struct comm_rev_reviewer *rev = &r->reviewers[ri];
	bool score;

	html_printf(p->out,
		    "<section aria-labelledby=\"grid-h\"><h2 id=\"grid-h\">%s · %s</h2>",
		    T(p, "crev.grid"), rev->name);
	if (!o) {
		html_printf(p->out, "<p class=\"empty\" id=\"no-round\">%s</p></section>",
			    T(p, "crev.no_open_round"));
		return;
	}
	score = !strcmp(o->method, "score");
	html_printf(p->out,
		    "<form class=\"grid\" method=\"post\" action=\"/commendations/%lld/scores\" "
		    "data-cgrid data-row-url=\"/commendations/%lld/scores/row\" "
		    "data-saving=\"%s\" data-saved=\"%s\" data-failed=\"%s\">"
		    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
		    "<input type=\"hidden\" name=\"reviewer_id\" value=\"%lld\">"
		    "<p class=\"hint\">%s %s</p><div class=\"table\"><table class=\"stack scores\">"
		    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    r->campaign.id, r->campaign.id, T(p, "score.state.saving"),
		    T(p, "score.state.saved"), T(p, "score.state.failed"),
		    http_csrf_token(p->req, p->resp), rev->id, T(p, "crev.grid_keys"),
		    T(p, score ? "crev.method_score_hint" : "crev.method_vote_hint"),
		    T(p, "crev.category"), T(p, "crev.nominee"),
		    T(p, score ? "crev.score" : "crev.vote"), T(p, "field.row_state"));
	for (size_t k = 0; k < r->nnoms; k++) {
		const struct comm_rev_nomination *n = &r->noms[k];
		const char *value = "", *recused = r->recusal[ri * r->nnoms + k];
		const struct app_error *e = rows_err && rows_err[k].msg ? &rows_err[k]
									: NULL;

		bool aside = recused && (!*rev->override_note ||
					 !strcmp(recused, "commendation.recusal.self"));

		if (!under_review(n->status))
			continue;
		for (size_t v = 0; v < r->nvotes; v++)
			if (r->votes[v].nomination_id == n->id &&
			    r->votes[v].reviewer_id == rev->id)
				value = arena_printf(p->req->arena, "%d", r->votes[v].value);
		if (e)
			value = page_value(p, arena_printf(p->req->arena, "v%lld", n->id));
		html_printf(p->out,
			    "<tr data-row=\"%lld\"%s><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">",
			    n->id, e ? " class=\"bad\"" : "", T(p, "crev.category"),
			    cat_label(p, n->category, n->category_name, n->category_name_en),
			    T(p, "crev.nominee"));
		/* the nomination itself, for whoever may read it (app/) */
		if (aside && !r->manager) {
			nominee(p, n);
		} else {
			html_printf(p->out,
				    "<a class=\"nom-link\" href=\"/commendation-nominations/%lld\">",
				    n->id);
			nominee(p, n);
			html_printf(p->out, "</a>");
		}
		html_printf(p->out,
			    "</td><td data-label=\"%s\"><label class=\"vh\" for=\"v-%lld\">%s "
			    "#%lld</label><input id=\"v-%lld\" name=\"v%lld\" data-col=\"value\" "
			    "inputmode=\"numeric\" autocomplete=\"off\" size=\"4\" value=\"%s\" "
			    "aria-describedby=\"msg-%lld\"%s></td>"
			    "<td class=\"msg%s\" id=\"msg-%lld\" data-label=\"%s\" "
			    "aria-live=\"polite\">%s</td></tr>",
			    T(p, score ? "crev.score" : "crev.vote"), n->id,
			    T(p, score ? "crev.score" : "crev.vote"), n->id, n->id, n->id,
			    value, n->id, e ? " aria-invalid=\"true\"" : "",
			    e ? " error" : "", n->id, T(p, "field.row_state"),
			    e                                 ? T(p, e->msg)
			    : recused && !*rev->override_note ? T(p, recused)
							      : "");
	}
	html_printf(p->out,
		    "</tbody></table></div><div class=\"actions\"><button type=\"submit\">%s"
		    "</button></div></form></section>"
		    "<script src=\"/static/commendations.js\" defer></script>",
		    T(p, "btn.save_all"));
}

/* The center's actions: one form each (action=...). */
static void manage(struct page *p, const struct comm_review *r)
{
	const struct comm_rev_round *o = open_round(r);
	long long id = r->campaign.id;
	static const char *const methods[] = {"score", "vote", NULL};

	/* the panel */
	html_printf(p->out,
		    "<section aria-labelledby=\"panel-h\"><h2 id=\"panel-h\">%s</h2>"
		    "<ul class=\"plain\" id=\"panel\">",
		    T(p, "crev.panel"));
	for (size_t i = 0; i < r->nreviewers; i++) {
		const struct comm_rev_reviewer *x = &r->reviewers[i];

		html_printf(p->out, "<li data-reviewer=\"%lld\">%s", x->id, x->name);
		if (*x->override_note)
			html_printf(p->out, " <small>%s: %s</small>",
				    T(p, "crev.override_note"), x->override_note);
		html_printf(p->out,
			    " <a href=\"/commendations/%lld/review?reviewer=%lld\">%s</a>",
			    id, x->id, T(p, "crev.enter_for"));
		page_form(p,
			  arena_printf(p->req->arena, "/commendations/%lld/review/act", id),
			  "inline");
		html_printf(p->out,
			    "<input type=\"hidden\" name=\"action\" value=\"remove\">"
			    "<input type=\"hidden\" name=\"reviewer_id\" value=\"%lld\">"
			    "<button type=\"submit\" class=\"secondary\">%s</button></form></li>",
			    x->id, T(p, "crev.remove"));
	}
	html_printf(p->out, "</ul>");
	page_form(p, arena_printf(p->req->arena, "/commendations/%lld/review/act", id),
		  NULL);
	html_printf(p->out, "<input type=\"hidden\" name=\"action\" value=\"appoint\">");
	page_field_ex(p, "number", "person_id", "crev.person_id", "", NULL, NULL, 1);
	page_field(p, "override_note", "crev.override_note", "", NULL, 0);
	html_printf(p->out, "<button type=\"submit\">%s</button></form></section>",
		    T(p, "crev.appoint"));
	/* rounds */
	html_printf(p->out,
		    "<section aria-labelledby=\"rounds-h\"><h2 id=\"rounds-h\">%s</h2><ul>",
		    T(p, "crev.rounds"));
	for (size_t i = 0; i < r->nrounds; i++)
		html_printf(p->out, "<li>%d · %s · %s</li>", r->rounds[i].seq,
			    T(p, !strcmp(r->rounds[i].method, "score") ? "crev.score"
								       : "crev.vote"),
			    T(p, !strcmp(r->rounds[i].status, "open")
					 ? "crev.round_open"
					 : "crev.round_closed"));
	html_printf(p->out, "</ul>");
	page_form(p, arena_printf(p->req->arena, "/commendations/%lld/review/act", id),
		  NULL);
	if (o) {
		html_printf(p->out,
			    "<input type=\"hidden\" name=\"action\" value=\"close\">"
			    "<button type=\"submit\">%s</button></form>",
			    T(p, "crev.close_round"));
	} else {
		html_printf(p->out,
			    "<input type=\"hidden\" name=\"action\" value=\"open\">");
		page_select(p, "method", "crev.method", methods, "crev.method.", "score",
			    0, NULL);
		html_printf(p->out, "<button type=\"submit\">%s</button></form>",
			    T(p, "crev.open_round"));
	}
	html_printf(p->out, "</section>");
	/* the tally with an override, and the notice */
	html_printf(p->out,
		    "<section aria-labelledby=\"tally-h\"><h2 id=\"tally-h\">%s</h2>"
		    "<p class=\"hint\">%s</p>",
		    T(p, "crev.tally"), T(p, "crev.tally_hint"));
	page_form(p, arena_printf(p->req->arena, "/commendations/%lld/review/act", id),
		  NULL);
	html_printf(p->out, "<input type=\"hidden\" name=\"action\" value=\"tally\">");
	page_field(p, "proposed_ids", "crev.proposed_ids", page_value(p, "proposed_ids"),
		   NULL, 0);
	page_field(p, "excluded_ids", "crev.excluded_ids", page_value(p, "excluded_ids"),
		   NULL, 0);
	page_field(p, "override_note", "crev.override_reason",
		   page_value(p, "override_note"), NULL, 0);
	html_printf(p->out, "<button type=\"submit\">%s</button></form>",
		    T(p, "crev.tally"));
	page_form(p, arena_printf(p->req->arena, "/commendations/%lld/review/act", id),
		  NULL);
	html_printf(p->out,
		    "<input type=\"hidden\" name=\"action\" value=\"notice\">"
		    "<button type=\"submit\" class=\"secondary\">%s</button></form></section>",
		    T(p, "crev.publish_notice"));
	/* objections */
	if (r->nobjections) {
		html_printf(p->out,
			    "<section aria-labelledby=\"obj-h\"><h2 id=\"obj-h\">%s</h2>",
			    T(p, "crev.objections"));
		for (size_t i = 0; i < r->nobjections; i++) {
			const struct comm_rev_objection *x = &r->objections[i];

			html_printf(p->out,
				    "<article class=\"card\" data-objection=\"%lld\"><p>#%lld · %s "
				    "(%s) · %s</p><p>%s</p>",
				    x->id, x->nomination_id, x->filer_name,
				    x->filer_contact, page_when(p, x->filed_at), x->body);
			if (strcmp(x->status, "open")) {
				html_printf(p->out, "<p>%s: %s</p></article>",
					    T(p, !strcmp(x->status, "upheld")
							 ? "crev.upheld"
							 : "crev.dismissed"),
					    x->resolution);
				continue;
			}
			page_form(p,
				  arena_printf(p->req->arena,
					       "/commendations/%lld/review/act", id),
				  NULL);
			html_printf(p->out,
				    "<input type=\"hidden\" name=\"action\" value=\"resolve\">"
				    "<input type=\"hidden\" name=\"objection_id\" value=\"%lld\">",
				    x->id);
			p->idp = arena_printf(p->req->arena, "o%lld-", x->id);
			page_field(p, "resolution", "crev.resolution", "", NULL, 1);
			p->idp = NULL;
			html_printf(p->out,
				    "<button type=\"submit\" name=\"upheld\" value=\"1\">%s</button> "
				    "<button type=\"submit\" class=\"secondary\" name=\"upheld\" "
				    "value=\"0\">%s</button></form></article>",
				    T(p, "crev.uphold"), T(p, "crev.dismiss"));
		}
		html_printf(p->out, "</section>");
	}
}

static void review_page(struct page *p, const struct comm_review *r, long ri,
			const struct app_error *err, const struct app_error *rows_err)
{
	bool votes = false; /* the last closed round's method: how scores read */

	for (size_t i = 0; i < r->nrounds; i++)
		if (!strcmp(r->rounds[i].status, "closed"))
			votes = !strcmp(r->rounds[i].method, "vote");
	page_begin(p, T(p, "crev.title"));
	html_printf(p->out, "<h1>%s <small>%d · %s</small></h1>", T(p, "crev.title"),
		    r->campaign.year, r->campaign.title);
	if (err && err->msg) {
		html_printf(p->out,
			    "<div class=\"error-summary\" role=\"alert\" id=\"refusal\"><p>%s</p>",
			    T(p, err->msg));
		if (err->detail)
			html_printf(p->out, "<p>%s</p>", err->detail);
		html_printf(p->out, "</div>");
	}
	if (!strcmp(r->campaign.status, "notice"))
		html_printf(p->out, "<p><a href=\"/commendations/%lld/notice\">%s</a></p>",
			    r->campaign.id, T(p, "crev.notice_title"));
	if (ri >= 0 && !strcmp(r->campaign.status, "reviewing"))
		grid(p, r, ri, rows_err);
	/* the nominations with the tally */
	html_printf(p->out,
		    "<section aria-labelledby=\"noms-h\"><h2 id=\"noms-h\">%s</h2>"
		    "<div class=\"table\"><table class=\"stack\" id=\"nominations\"><thead><tr>"
		    "<th scope=\"col\">#</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "</tr></thead><tbody>",
		    T(p, "crev.nominations"), T(p, "crev.category"), T(p, "crev.nominee"),
		    T(p, "field.status"), T(p, "crev.rank"), T(p, "crev.mean"));
	for (size_t k = 0; k < r->nnoms; k++) {
		const struct comm_rev_nomination *n = &r->noms[k];

		html_printf(p->out,
			    "<tr data-nomination=\"%lld\" data-status=\"%s\"><td data-label=\"#\">"
			    "%lld</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">",
			    n->id, n->status, n->id, T(p, "crev.category"),
			    cat_label(p, n->category, n->category_name, n->category_name_en),
			    T(p, "crev.nominee"));
		nominee(p, n);
		html_printf(p->out, "</td><td data-label=\"%s\">%s", T(p, "field.status"),
			    T(p, arena_printf(p->req->arena, "crev.nstatus.%s", n->status)));
		if (*n->override_note || *n->status_reason)
			html_printf(p->out, " <small>%s</small>",
				    *n->status_reason ? n->status_reason : n->override_note);
		html_printf(p->out, "</td><td data-label=\"%s\">", T(p, "crev.rank"));
		if (n->has_rank)
			html_printf(p->out, "%lld", n->rank);
		html_printf(p->out, "</td><td data-label=\"%s\">", T(p, "crev.mean"));
		if (n->has_score && votes) /* the votes for */
			html_printf(p->out, "%lld", n->score);
		else if (n->has_score) /* a mean score in hundredths */
			html_printf(p->out, "%lld.%d%d", n->score / 100,
				    (int)(n->score % 100 / 10), (int)(n->score % 10));
		html_printf(p->out, "</td></tr>");
	}
	html_printf(p->out, "</tbody></table></div></section>");
	if (r->manager)
		manage(p, r);
	page_end(p);
}

/* The reviewer whose grid is shown: the center's ?reviewer= / the form's
 * reviewer_id, else the actor's own seat; -1 when none. */
static long pick(const struct comm_review *r, long long wanted)
{
	if (r->manager && wanted)
		for (size_t i = 0; i < r->nreviewers; i++)
			if (r->reviewers[i].id == wanted)
				return (long)i;
	return r->self;
}

/* GET /commendations/{id}/review */
void page_comm_review(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct comm_review r;
	const char *want = http_query(req, "reviewer");
	long long wanted = 0;

	page_init(&p, req, resp, "crev.title");
	page_ctx(&p, &ctx);
	if (app_comm_review(&ctx, page_param_id(req, 0), &r, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	if (want)
		sscanf(want, "%lld", &wanted);
	http_set_header(resp, "Cache-Control", "no-store");
	review_page(&p, &r, pick(&r, wanted), NULL, NULL);
}

/* POST /commendations/{id}/scores: every field typed saved; the refused
 * ones shown beside their field (the page 409/422), else back to the
 * review. */
void page_comm_scores(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err, *rows, first = {0};
	struct comm_review r;
	long long id = page_param_id(req, 0), rid;
	long ri;

	page_init(&p, req, resp, "crev.title");
	page_ctx(&p, &ctx);
	rid = page_form_id(&p, "reviewer_id");
	if (app_comm_review(&ctx, id, &r, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	ri = pick(&r, rid);
	rows = arena_alloc(req->arena, (r.nnoms + 1) * sizeof(*rows));
	for (size_t k = 0; ri >= 0 && k < r.nnoms; k++) {
		const char *v =
			page_value(&p, arena_printf(req->arena, "v%lld", r.noms[k].id));

		if (!*v || !under_review(r.noms[k].status))
			continue;
		if (app_comm_vote(&ctx, id, r.manager ? r.reviewers[ri].id : 0,
				  r.noms[k].id, v, "", &rows[k]) != APP_OK &&
		    !first.msg)
			first = rows[k];
	}
	if (!first.msg) {
		http_redirect(resp,
			      arena_printf(req->arena, "/commendations/%lld/review%s", id,
					   r.manager && ri >= 0
						   ? arena_printf(req->arena, "?reviewer=%lld",
								  r.reviewers[ri].id)
						   : ""));
		return;
	}
	if (app_comm_review(&ctx, id, &r, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	resp->status = page_refusal_status(first.status);
	review_page(&p, &r, ri, NULL, rows);
}

/* POST /commendations/{id}/scores/row (the grid's script): one score,
 * JSON back: {"ok":true} or the error envelope naming the field. */
void page_comm_score_row(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct comm_review r;
	long long id = page_param_id(req, 0);
	static const char *const codes[] = {"ok",           "invalid",        "not_found",
					    "conflict",     "login_required", "forbidden",
					    "rate_limited", "unavailable",    "internal"};
	static const int statuses[] = {200, 422, 404, 409, 401, 403, 429, 503, 500};

	page_init(&p, req, resp, "crev.title");
	page_ctx(&p, &ctx);
	if (app_comm_review(&ctx, id, &r, &err) == APP_OK &&
	    app_comm_vote(&ctx, id, r.manager ? page_form_id(&p, "reviewer_id") : 0,
			  page_form_id(&p, "nomination_id"), page_value(&p, "value"), "",
			  &err) == APP_OK) {
		resp->status = 200;
		resp->content_type = "application/json";
		buf_reset(&resp->body);
		buf_puts(&resp->body, "{\"ok\":true}");
		return;
	}
	http_json_error(resp,
			statuses[err.status <= APP_INTERNAL ? err.status : APP_INTERNAL],
			codes[err.status <= APP_INTERNAL ? err.status : APP_INTERNAL],
			T(&p, err.msg), err.field);
}

/* Ids typed "12, 15" into overrides of one kind. */
static size_t parse_ids(const char *s, bool proposed, struct comm_override *ov, size_t n,
			size_t max)
{
	long long v;
	int used;

	while (n < max && s && sscanf(s, " %lld%n", &v, &used) == 1) {
		ov[n].nomination_id = v;
		ov[n++].proposed = proposed;
		s += used;
		while (*s == ',' || *s == ' ' || *s == ';')
			s++;
	}
	return n;
}

/* POST /commendations/{id}/act: the center's actions (action=appoint,
 * remove, open, close, tally, notice, resolve); back to the review, or the
 * review with the refusal on top. */
void page_comm_act(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err = {0};
	struct comm_review r;
	struct comm_override ov[64];
	long long id = page_param_id(req, 0), rid = 0;
	const char *action;
	int seq, rc;

	page_init(&p, req, resp, "crev.title");
	page_ctx(&p, &ctx);
	action = page_value(&p, "action");
	if (!strcmp(action, "appoint"))
		rc = app_comm_reviewer_add(&ctx, id, page_form_id(&p, "person_id"),
					   page_value(&p, "override_note"), &rid, &err);
	else if (!strcmp(action, "remove"))
		rc = app_comm_reviewer_remove(&ctx, id, page_form_id(&p, "reviewer_id"),
					      &err);
	else if (!strcmp(action, "open"))
		rc = app_comm_round_open(&ctx, id, page_value(&p, "method"), &seq, &err);
	else if (!strcmp(action, "close"))
		rc = app_comm_round_close(&ctx, id, &err);
	else if (!strcmp(action, "tally")) {
		size_t n = parse_ids(page_value(&p, "proposed_ids"), true, ov, 0, 64);

		n = parse_ids(page_value(&p, "excluded_ids"), false, ov, n, 64);
		rc = app_comm_tally(&ctx, id, ov, n, page_value(&p, "override_note"), &err);
	} else if (!strcmp(action, "notice"))
		rc = app_comm_notice(&ctx, id, &err);
	else if (!strcmp(action, "resolve"))
		rc = app_comm_objection_resolve(&ctx, id, page_form_id(&p, "objection_id"),
						!strcmp(page_value(&p, "upheld"), "1"),
						page_value(&p, "resolution"), &err);
	else
		rc = err.status = APP_INVALID, err.field = "action",
		err.msg = "err.bad_request";
	if (rc == APP_OK) {
		http_redirect(resp,
			      arena_printf(req->arena, "/commendations/%lld/review", id));
		return;
	}
	if (err.status != APP_INVALID && err.status != APP_CONFLICT) {
		page_fail(&p, &err);
		return;
	}
	{
		struct app_error e2;

		if (app_comm_review(&ctx, id, &r, &e2) != APP_OK) {
			page_fail(&p, &e2);
			return;
		}
	}
	resp->status = page_refusal_status(err.status);
	review_page(&p, &r, -1, &err, NULL);
}

static void notice_page(struct page *p, long long id, const struct app_error *err, bool done)
{
	struct app_ctx ctx;
	struct app_error e;
	struct comm_rev_campaign x;
	struct comm_notice_item *items;
	size_t n;
	const char **ids, **labels;

	page_ctx(p, &ctx);
	if (app_comm_notice_list(&ctx, id, &x, &items, &n, &e) != APP_OK) {
		page_fail(p, &e);
		return;
	}
	page_begin(p, T(p, "crev.notice_title"));
	html_printf(p->out,
		    "<h1>%s <small>%d · %s</small></h1><p class=\"lead\">%s %s – %s</p>",
		    T(p, "crev.notice_title"), x.year, x.title, T(p, "crev.notice_window"),
		    x.notice_start ? x.notice_start : "", x.notice_end ? x.notice_end : "");
	if (done)
		html_printf(p->out, "<p class=\"notice\" role=\"status\">%s</p>",
			    T(p, "crev.objection_filed"));
	if (err)
		page_error_summary(p, err, "objection-form");
	html_printf(p->out,
		    "<div class=\"table\"><table class=\"stack\" id=\"proposed\"><thead><tr>"
		    "<th scope=\"col\">#</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(p, "crev.category"), T(p, "crev.nominee"), T(p, "crev.institution"));
	ids = arena_alloc(p->req->arena, (n + 1) * sizeof(*ids));
	labels = arena_alloc(p->req->arena, (n + 1) * sizeof(*labels));
	for (size_t i = 0; i < n; i++) {
		html_printf(p->out,
			    "<tr data-nomination=\"%lld\"><td data-label=\"#\">%lld</td>"
			    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">%s</td></tr>",
			    items[i].nomination_id, items[i].nomination_id,
			    T(p, "crev.category"),
			    cat_label(p, items[i].category, items[i].category_name,
				      items[i].category_name_en),
			    T(p, "crev.nominee"), items[i].nominee,
			    T(p, "crev.institution"), items[i].institution);
		ids[i] = arena_printf(p->req->arena, "%lld", items[i].nomination_id);
		labels[i] = arena_printf(p->req->arena, "#%lld %s",
					 items[i].nomination_id, items[i].nominee);
	}
	html_printf(p->out, "</tbody></table></div>");
	if (!strcmp(x.status, "notice")) {
		html_printf(p->out,
			    "<section aria-labelledby=\"objection-h\" id=\"objection-form\">"
			    "<h2 id=\"objection-h\">%s</h2>",
			    T(p, "crev.object"));
		page_form(p,
			  arena_printf(p->req->arena, "/commendations/%lld/objections", id),
			  NULL);
		page_form_error(p, err);
		page_select_text(p, "nomination_id", "crev.nominee", ids, labels, n,
				 page_value(p, "nomination_id"), 1, err);
		page_field(p, "name", "field.person_name", page_value(p, "name"), err, 1);
		page_field(p, "contact", "crev.contact", page_value(p, "contact"), err, 1);
		page_textarea(p, "body", "crev.objection_body", page_value(p, "body"),
			      err, 1);
		html_printf(p->out, "<button type=\"submit\">%s</button></form></section>",
			    T(p, "crev.object"));
	}
	page_end(p);
}

/* GET /commendations/{id}/notice (public) */
void page_comm_notice(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	const char *done = http_query(req, "done");

	page_init(&p, req, resp, "crev.notice_title");
	notice_page(&p, page_param_id(req, 0), NULL, done && !strcmp(done, "1"));
}

/* POST /commendations/{id}/objections (public) */
void page_comm_objection(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_param_id(req, 0), oid = 0;

	page_init(&p, req, resp, "crev.notice_title");
	page_ctx(&p, &ctx);
	if (app_comm_objection_file(&ctx, id, page_form_id(&p, "nomination_id"),
				    page_value(&p, "name"), page_value(&p, "contact"),
				    page_value(&p, "body"), &oid, &err) == APP_OK) {
		http_redirect(resp, arena_printf(req->arena,
						 "/commendations/%lld/notice?done=1", id));
		return;
	}
	if (err.status != APP_INVALID) {
		page_fail(&p, &err);
		return;
	}
	resp->status = 422;
	notice_page(&p, id, &err, false);
}
