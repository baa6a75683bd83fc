/*
 * scores.c - the score-entry grid of a plan and its public results.
 *
 * The grid shows one row per enrolled candidate for one component and,
 * for the practical and the review, one assessor (or panel member): a
 * score, a status and a reason. With JavaScript (static/plans.js) each row
 * is saved as it changes through POST /plans/{id}/scores/row, which
 * answers JSON; without, the grid is one form that saves every row. Either
 * way a refused value stays as it was typed, with the reason beside its
 * row. Submitting locks a candidate's component (app_score_submit()).
 *
 * app/ has no list of the entries made so far, so the grid starts empty
 * on GET; a posted grid shows what was typed and each row's outcome.
 *
 * The results page is public once the plan is published: names and ID
 * numbers masked by app/, the notice window, and the appeal form.
 */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "web/layout.h"
#include "web/web.h"

/* A trimmed form field ("" when absent). */

/* The text of a refusal. The numbers of the practical's moderation rule
 * travel in err->detail ("required actual", app/score.c combine()); only
 * for those two keys, and only when it holds two numbers, they fill the
 * message's placeholders. */
static const char *refusal_text(struct page *p, const struct app_error *err)
{
	const char *names[] = {"required", "actual"};
	const char *values[2];
	bool tenths = !strcmp(err->msg, "score.moderation_required");
	int a, b;
	struct buf t;
	const char *out;

	if ((!tenths && strcmp(err->msg, "score.assessors_too_few")) || !err->detail ||
	    sscanf(err->detail, "%d %d", &a, &b) != 2)
		return T(p, err->msg);
	if (tenths) {
		char x[8], y[8];

		score_format(a, x);
		score_format(b, y);
		values[0] = arena_strdup(p->req->arena, x);
		values[1] = arena_strdup(p->req->arena, y);
	} else {
		values[0] = arena_printf(p->req->arena, "%d", a);
		values[1] = arena_printf(p->req->arena, "%d", b);
	}
	buf_init(&t, 0);
	i18n_fill(&t, T(p, err->msg), names, values, 2);
	out = arena_strdup(p->req->arena, t.data);
	buf_release(&t);
	return out ? out : T(p, err->msg);
}

/* ---- scores in words ---- */

const char *page_scores_text(struct page *p, const char *scores)
{
	struct arena *a = p->req->arena;
	struct buf b;
	const char *out;

	buf_init(&b, 0);
	for (int c = 0; c < STD_COMPONENT_COUNT; c++) {
		const char *name = std_component_name((enum std_component)c);
		char v[32];
		int tenths;

		if (!*filing_score(scores ? scores : "", name, v, sizeof(v)))
			continue;
		buf_printf(&b, "%s%s ", b.len ? " / " : "",
			   T(p, arena_printf(a, "component.short.%s", name)));
		if (score_parse(v, &tenths) == SCORE_OK) {
			char t[8];

			score_format(tenths, t);
			buf_puts(&b, t);
		} else {
			buf_puts(&b, T(p, arena_printf(a, "score.status.%s", v)));
		}
	}
	out = arena_strdup(a, b.len ? b.data : "—");
	buf_release(&b);
	return out;
}

/* ---- the grid ---- */

/* What became of a row of a posted grid. */
struct row {
	const char *state;    /* NULL, "saved" or "submitted" */
	struct app_error err; /* err.msg NULL: not refused */
};

struct grid {
	struct plan_detail *d;
	const char *component; /* theory, practical or review */
	long long assessor;    /* the person; 0 for the theory exam */
	bool offered[STD_COMPONENT_COUNT];
	struct row *rows;         /* one per enrolment of d when posted, else NULL */
	struct score_sheet sheet; /* what is stored: shown when not posted */
	/* a submission refused for want of the confirmation box */
	const struct app_error *confirm;
};

/* The stored entry of the row for this grid's component and assessor. */
static const struct score_row *stored(const struct grid *g, long long enrolment)
{
	for (size_t i = 0; i < g->sheet.nentries; i++) {
		const struct score_row *s = &g->sheet.entries[i];

		if (s->enrolment_id == enrolment && !strcmp(s->component, g->component) &&
		    s->assessor_id == g->assessor)
			return s;
	}
	return NULL;
}

/* Whether the row's component is submitted (locked). */
static bool locked(const struct grid *g, long long enrolment)
{
	for (size_t i = 0; i < g->sheet.nlocked; i++)
		if (g->sheet.locked[i].enrolment_id == enrolment &&
		    !strcmp(g->sheet.locked[i].component, g->component))
			return true;
	return false;
}

/* The staff role whose members score the component ("" for the theory
 * exam, the office's). */
static const char *scorer_role(const char *component)
{
	return !strcmp(component, "practical") ? "assessor"
	       : !strcmp(component, "review")  ? "review_panel"
					       : "";
}

/* Fills g from the plan, the component and the assessor asked for (query
 * or form): a component the level does not assess, or an assessor who is
 * not staffed for it, is not taken. */
static void grid_setup(struct page *p, struct app_ctx *ctx, struct plan_detail *d,
		       struct grid *g, const char *component, const char *assessor)
{
	struct standard_row row;
	struct standard *s = arena_alloc(p->req->arena, sizeof(*s));
	struct app_error err;
	const struct std_level *l = NULL;
	long long who = 0;
	int c;

	memset(g, 0, sizeof(*g));
	g->d = d;
	if (s && app_standard_get(ctx, d->plan.standard_id, &row, s, &err) == APP_OK)
		l = standard_level(s, d->plan.level);
	for (int i = 0; i < STD_COMPONENT_COUNT; i++)
		g->offered[i] = !l || std_level_has(l, (enum std_component)i);
	c = std_component_parse(component);
	if (c < 0 || !g->offered[c])
		for (c = 0; c < STD_COMPONENT_COUNT - 1 && !g->offered[c]; c++)
			;
	g->component = std_component_name((enum std_component)c);
	if (!*scorer_role(g->component) || !assessor ||
	    str_to_ll(assessor, 1, (long long)1 << 62, &who))
		return;
	for (size_t i = 0; i < d->nstaff; i++)
		if (d->staff[i].person_id == who &&
		    !strcmp(d->staff[i].role, scorer_role(g->component)))
			g->assessor = who;
}

/* The component and the assessor, chosen by a GET form. */
static void chooser(struct page *p, const struct grid *g)
{
	const char *cvals[STD_COMPONENT_COUNT], *clabels[STD_COMPONENT_COUNT];
	const char **avals, **alabels;
	size_t nc = 0, na = 0;
	const struct plan_detail *d = g->d;

	for (int i = 0; i < STD_COMPONENT_COUNT; i++)
		if (g->offered[i]) {
			cvals[nc] = std_component_name((enum std_component)i);
			clabels[nc] = T(p, arena_printf(p->req->arena, "component.%s",
							cvals[nc]));
			nc++;
		}
	avals = arena_alloc(p->req->arena, (d->nstaff + 1) * sizeof(*avals));
	alabels = arena_alloc(p->req->arena, (d->nstaff + 1) * sizeof(*alabels));
	if (!avals || !alabels)
		return;
	avals[na] = "";
	alabels[na++] = T(p, "score.no_assessor");
	for (size_t i = 0; i < d->nstaff; i++) {
		const struct plan_staff *s = &d->staff[i];

		if (strcmp(s->role, "assessor") && strcmp(s->role, "review_panel"))
			continue;
		avals[na] = arena_printf(p->req->arena, "%lld", s->person_id);
		alabels[na++] = arena_printf(p->req->arena, "%s · %s", s->person_name,
					     T(p, arena_printf(p->req->arena,
							       "staff.role.%s", s->role)));
	}
	html_printf(p->out,
		    "<form class=\"search\" method=\"get\" action=\"/plans/%lld/scores\">",
		    d->plan.id);
	page_select_text(p, "component", "field.component", cvals, clabels, nc,
			 g->component, 0, NULL);
	page_select_text(p, "assessor", "field.assessor", avals, alabels, na,
			 g->assessor ? arena_printf(p->req->arena, "%lld", g->assessor) : "",
			 0, NULL);
	html_printf(p->out, "<button type=\"submit\">%s</button></form>", T(p, "btn.show"));
}

/* The value of the row's field col ("score_12") as posted; on GET what
 * is stored ("" when nothing is). */
static const char *posted_value(struct page *p, const struct grid *g, const char *col,
				long long id)
{
	const struct score_row *s;

	if (g->rows)
		return page_input(p, arena_printf(p->req->arena, "%s_%lld", col, id));
	if (!(s = stored(g, id)))
		return "";
	if (!strcmp(col, "score")) {
		char t[8];

		if (s->tenths < 0)
			return "";
		score_format(s->tenths, t);
		return arena_strdup(p->req->arena, t);
	}
	if (!strcmp(col, "status"))
		return s->status;
	if (!strcmp(col, "reason"))
		return s->reason;
	return "";
}

/* The aria attributes of a grid field: named by its column heading and
 * the candidate's name, described by the row's outcome. */
static void grid_aria(struct page *p, const char *col, long long id, bool bad)
{
	html_printf(p->out, " aria-labelledby=\"h-%s n-%lld\" aria-describedby=\"m-%lld\"",
		    col, id, id);
	if (bad)
		html_printf(p->out, " aria-invalid=\"true\"");
}

/* A text field of the grid; data-col is what the script moves by. */
static void grid_input(struct page *p, const struct grid *g, const char *col,
		       const char *label_key, long long id, const char *bad, bool done)
{
	html_printf(p->out,
		    "<td data-label=\"%s\"><input id=\"%s-%lld\" name=\"%s_%lld\" "
		    "data-col=\"%s\" autocomplete=\"off\" value=\"%s\"",
		    T(p, label_key), col, id, col, id, col, posted_value(p, g, col, id));
	if (!strcmp(col, "score"))
		html_printf(p->out, " class=\"score\" inputmode=\"decimal\" size=\"6\"");
	if (done) /* submitted: changed only by a correction */
		html_printf(p->out, " readonly aria-readonly=\"true\"");
	grid_aria(p, col, id, !strcmp(bad, !strcmp(col, "note") ? "moderation_note" : col));
	html_printf(p->out, "></td>");
}

static const struct row was_saved = {"saved", {0}};
static const struct row was_submitted = {"submitted", {0}};

/* One candidate's row: what was typed (posted) or what is stored, and its
 * outcome beside it. */
static void grid_row(struct page *p, const struct grid *g, const struct enrolment *e,
		     const struct row *r, bool actions)
{
	static const char *const statuses[] = {"present", "absent", "withdrawn",
					       "disqualified"};
	long long id = e->id;
	const char *status = posted_value(p, g, "status", id);
	bool refused = r && r->err.msg;
	const char *bad = refused ? (r->err.field ? r->err.field : "score") : "";

	/* locked before, or by this very request */
	bool done = locked(g, id) || (r && r->state && !strcmp(r->state, "submitted"));

	html_printf(p->out, "<tr id=\"row-%lld\" data-row=\"%lld\"", id, id);
	if (refused)
		html_printf(p->out, " class=\"bad\"");
	else if (done) /* submitted: shown read-only, nothing to press */
		html_printf(p->out, " class=\"locked\"");
	html_printf(p->out,
		    "><td data-label=\"%s\" id=\"n-%lld\">%s</td><td data-label=\"%s\">%s</td>",
		    T(p, "field.person_name"), id, e->person_name,
		    T(p, "field.id_number"), e->person_masked_id);
	grid_input(p, g, "score", "field.score", id, bad, done);
	html_printf(p->out,
		    "<td data-label=\"%s\"><select id=\"status-%lld\" name=\"status_%lld\" "
		    "data-col=\"status\"",
		    T(p, "field.score_status"), id, id);
	grid_aria(p, "status", id, !strcmp(bad, "status"));
	html_printf(p->out, "%s>", done ? " disabled" : "");
	for (size_t i = 0; i < sizeof(statuses) / sizeof(statuses[0]); i++) {
		html_printf(p->out, "<option value=\"%s\"", statuses[i]);
		if (!strcmp(status, statuses[i]))
			html_printf(p->out, " selected");
		html_printf(p->out, ">%s</option>",
			    T(p, arena_printf(p->req->arena, "score.status.%s",
					      statuses[i])));
	}
	html_printf(p->out, "</select></td>");
	grid_input(p, g, "reason", "field.score_reason", id, bad, done);
	if (!strcmp(g->component, "practical"))
		grid_input(p, g, "note", "field.moderation_note", id, bad, done);
	if (!r && locked(g, id))
		r = &was_submitted;
	else if (!r && stored(g, id))
		r = &was_saved;
	html_printf(p->out, "<td class=\"msg%s\" id=\"m-%lld\" aria-live=\"polite\">",
		    refused         ? " error"
		    : r && r->state ? " saved"
				    : "",
		    id);
	if (refused)
		html_printf(p->out, "%s", refusal_text(p, &r->err));
	else if (r && r->state)
		html_printf(p->out, "%s",
			    T(p, arena_printf(p->req->arena, "score.state.%s", r->state)));
	html_printf(p->out, "</td>");
	if (actions) /* the column of the row's button, while one is left */
		html_printf(p->out, "<td>");
	if (actions && !done)
		html_printf(p->out,
			    "<button type=\"submit\" class=\"secondary\" "
			    "formaction=\"/plans/%lld/scores/submit\" name=\"submit_row\" "
			    "value=\"%lld\" aria-describedby=\"n-%lld\">%s</button>",
			    g->d->plan.id, id, id, T(p, "btn.submit_component"));
	html_printf(p->out, "%s</tr>", actions ? "</td>" : "");
}

/* The box that confirms a submission (it locks the scores): without it
 * the server refuses (page_scores_submit); with the script a dialog asks
 * instead and ticks it (static/plans.js). */
static void confirm_box(struct page *p, const struct grid *g)
{
	html_printf(p->out,
		    "<div class=\"check confirm\"><input type=\"checkbox\" id=\"f-confirm\" "
		    "name=\"confirm\" value=\"1\"");
	if (g->confirm)
		html_printf(p->out, " aria-invalid=\"true\" aria-describedby=\"e-confirm\"");
	html_printf(p->out, "><label for=\"f-confirm\">%s</label></div>",
		    T(p, "confirm.score_submit"));
	if (g->confirm)
		html_printf(p->out,
			    "<p class=\"error\" id=\"e-confirm\" role=\"alert\">%s</p>",
			    T(p, g->confirm->msg));
}

static void grid_table(struct page *p, const struct grid *g)
{
	const struct plan_detail *d = g->d;
	bool practical = !strcmp(g->component, "practical");
	size_t n = 0, bad = 0, first = 0, open = 0;

	for (size_t i = 0; i < d->nenrolments; i++)
		if (!strcmp(d->enrolments[i].status, "enrolled") &&
		    !locked(g, d->enrolments[i].id) &&
		    !(g->rows && g->rows[i].state && !strcmp(g->rows[i].state, "submitted")))
			open++;

	for (size_t i = 0; g->rows && i < d->nenrolments; i++)
		if (g->rows[i].err.msg && !bad++)
			first = i;
	if (bad) {
		html_printf(p->out, "<div class=\"error-summary\" role=\"alert\"><p>");
		page_count(p, "score.rows_refused", (long long)bad);
		html_printf(p->out, "</p><p><a href=\"#score-%lld\">%s</a></p></div>",
			    d->enrolments[first].id, T(p, "form.to_field"));
	}
	if (g->confirm)
		html_printf(p->out,
			    "<div class=\"error-summary\" role=\"alert\"><p>%s</p>"
			    "<p><a href=\"#f-confirm\">%s</a></p></div>",
			    T(p, g->confirm->msg), T(p, "form.to_field"));
	/* the default button comes first: Enter in a field saves the grid
	 * (without the script) rather than submitting the first row */
	html_printf(p->out,
		    "<form class=\"grid\" method=\"post\" action=\"/plans/%lld/scores\" "
		    "data-grid data-row-url=\"/plans/%lld/scores/row\" data-saving=\"%s\" "
		    "data-saved=\"%s\" data-failed=\"%s\" data-confirm=\"%s\">"
		    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
		    "<input type=\"hidden\" name=\"component\" value=\"%s\">"
		    "<input type=\"hidden\" name=\"assessor\" value=\"%lld\">",
		    d->plan.id, d->plan.id, T(p, "score.state.saving"),
		    T(p, "score.state.saved"), T(p, "score.state.failed"),
		    T(p, "confirm.score_prompt"), http_csrf_token(p->req, p->resp),
		    g->component, g->assessor);
	if (open)
		html_printf(p->out,
			    "<button type=\"submit\" class=\"vh\" tabindex=\"-1\" "
			    "aria-hidden=\"true\">%s</button>",
			    T(p, "btn.save_all"));
	html_printf(p->out,
		    "<p class=\"hint\">%s</p>"
		    "<div class=\"table\"><table class=\"stack scores\"><thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\" id=\"h-score\">%s</th>"
		    "<th scope=\"col\" id=\"h-status\">%s</th>"
		    "<th scope=\"col\" id=\"h-reason\">%s</th>",
		    T(p, "score.grid_keys"), T(p, "field.person_name"),
		    T(p, "field.id_number"), T(p, "field.score"),
		    T(p, "field.score_status"), T(p, "field.score_reason"));
	if (practical)
		html_printf(p->out, "<th scope=\"col\" id=\"h-note\">%s</th>",
			    T(p, "field.moderation_note"));
	html_printf(p->out, "<th scope=\"col\">%s</th>", T(p, "field.row_state"));
	if (open)
		html_printf(p->out, "<th scope=\"col\">%s</th>", T(p, "inst.actions"));
	html_printf(p->out, "</tr></thead><tbody>");
	for (size_t i = 0; i < d->nenrolments; i++) {
		if (strcmp(d->enrolments[i].status, "enrolled"))
			continue;
		grid_row(p, g, &d->enrolments[i], g->rows ? &g->rows[i] : NULL, open > 0);
		n++;
	}
	html_printf(p->out, "</tbody></table></div>");
	if (!n)
		html_printf(p->out, "<p class=\"empty\">%s</p>", T(p, "plan.no_enrolments"));
	if (n && !open) { /* all submitted: nothing left to save or submit */
		html_printf(p->out, "<p class=\"notice\" role=\"status\">%s</p></form>",
			    T(p, "score.all_submitted"));
		return;
	}
	confirm_box(p, g);
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button>"
		    "<button type=\"submit\" class=\"secondary\" "
		    "formaction=\"/plans/%lld/scores/submit\" name=\"submit_all\" "
		    "value=\"1\">%s</button></div><p class=\"hint\">%s</p></form>",
		    T(p, "btn.save_all"), d->plan.id, T(p, "btn.submit_all"),
		    T(p, "score.submit_hint"));
}

static void grid_page(struct page *p, const struct grid *g)
{
	const struct plan *x = &g->d->plan;
	const char *comp = T(p, arena_printf(p->req->arena, "component.%s", g->component));

	page_begin(p, T(p, "score.grid_title"));
	html_printf(p->out,
		    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/plans\">%s</a>"
		    "<a href=\"/plans/%lld\">%s</a></nav><h1>%s · %s</h1>"
		    "<p class=\"lead\">%s</p>",
		    T(p, "nav.crumbs"), T(p, "plan.list_title"), x->id, x->title,
		    T(p, "score.grid_title"), comp, T(p, "score.grid_intro"));
	chooser(p, g);
	if (plan_status_parse(x->status) != PLAN_IN_PROGRESS)
		html_printf(p->out, "<div class=\"callout\"><p>%s</p></div>",
			    T(p, "score.plan_not_in_progress"));
	else if (*scorer_role(g->component) && !g->assessor)
		html_printf(p->out, "<p class=\"callout\">%s</p>",
			    T(p, "score.choose_assessor"));
	else
		grid_table(p, g);
	html_printf(p->out, "<script src=\"/static/plans.js\" defer></script>");
	page_end(p);
}

/* The plan of the path, loaded (so its access checked); answers and
 * returns NULL when the request cannot go on. */
static struct plan_detail *target(struct http_req *req, struct http_resp *resp,
				  struct page *p, struct app_ctx *ctx)
{
	struct app_error err;
	struct plan_detail *d = arena_alloc(req->arena, sizeof(*d));
	long long id = page_param_id(req, 0);

	page_init(p, req, resp, "nav.plans");
	page_ctx(p, ctx);
	if (!id || !d) {
		page_error(req, resp, 404, "not_found");
		return NULL;
	}
	if (app_plan_get(ctx, id, d, &err) != APP_OK) {
		page_fail(p, &err);
		return NULL;
	}
	return d;
}

void page_scores(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct grid g;
	struct plan_detail *d = target(req, resp, &p, &ctx);

	if (!d)
		return;
	grid_setup(&p, &ctx, d, &g, http_query(req, "component"),
		   http_query(req, "assessor"));
	if (app_score_sheet(&ctx, d->plan.id, &g.sheet, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	grid_page(&p, &g);
}

/* Whether the posted row says what is stored already. */
static bool same_entry(const struct score_row *s, const char *score, const char *status,
		       const char *reason)
{
	int tenths;

	if (strcmp(*status ? status : "present", s->status))
		return false;
	if (!strcmp(s->status, "present"))
		return score_parse(score, &tenths) == SCORE_OK && tenths == s->tenths;
	return !strcmp(reason, s->reason ? s->reason : "");
}

/* Saves every row in which something was typed; returns how many were
 * refused. A row left empty is not an entry; a submitted row, or one that
 * says what is stored, is left as it is. */
static size_t save_rows(struct page *p, struct app_ctx *ctx, struct grid *g)
{
	struct arena *a = p->req->arena;
	const struct plan_detail *d = g->d;
	size_t bad = 0;

	for (size_t i = 0; i < d->nenrolments; i++) {
		long long id = d->enrolments[i].id;
		const char *score = page_value(p, arena_printf(a, "score_%lld", id));
		const char *status = page_value(p, arena_printf(a, "status_%lld", id));
		const char *reason = page_value(p, arena_printf(a, "reason_%lld", id));
		struct row *r = &g->rows[i];

		const struct score_row *s = stored(g, id);

		if (strcmp(d->enrolments[i].status, "enrolled") || locked(g, id) ||
		    (!*score && (!*status || !strcmp(status, "present")) && !*reason))
			continue;
		if (s && same_entry(s, score, status, reason)) {
			r->state = "saved";
			continue;
		}
		if (app_score_enter(ctx, d->plan.id, id, g->component, g->assessor, score,
				    status, reason, &r->err) == APP_OK) {
			r->state = "saved";
			r->err.msg = NULL;
		} else {
			bad++;
		}
	}
	return bad;
}

/* Reads the posted grid's plan, component and assessor; NULL after
 * answering. */
static struct plan_detail *posted(struct http_req *req, struct http_resp *resp,
				  struct page *p, struct app_ctx *ctx, struct grid *g)
{
	struct app_error err;
	struct plan_detail *d = target(req, resp, p, ctx);

	if (!d)
		return NULL;
	grid_setup(p, ctx, d, g, page_value(p, "component"), page_value(p, "assessor"));
	if (app_score_sheet(ctx, d->plan.id, &g->sheet, &err) != APP_OK) {
		page_fail(p, &err);
		return NULL;
	}
	g->rows = arena_alloc(req->arena, (d->nenrolments + 1) * sizeof(*g->rows));
	if (!g->rows) {
		page_fail_status(p, 500, "err.internal");
		return NULL;
	}
	return d;
}

void page_scores_save(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct grid g;

	if (!posted(req, resp, &p, &ctx, &g))
		return;
	if (save_rows(&p, &ctx, &g))
		resp->status = 422;
	grid_page(&p, &g);
}

void page_scores_submit(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct grid g;
	struct plan_detail *d = posted(req, resp, &p, &ctx, &g);
	long long one;
	bool all;
	size_t bad;

	if (!d)
		return;
	/* what was typed is saved first: the submission locks it */
	bad = save_rows(&p, &ctx, &g);
	/* a submission is final: only with the box ticked (a bare form
	 * cannot skip it); what was typed is saved and shown again */
	if (!*page_value(&p, "confirm")) {
		static const struct app_error need = {APP_INVALID, "confirm",
						      "confirm.required", NULL, 0};

		g.confirm = &need;
		resp->status = 422;
		grid_page(&p, &g);
		return;
	}
	all = *page_input(&p, "submit_all") != '\0';
	one = page_form_id(&p, "submit_row");
	for (size_t i = 0; i < d->nenrolments; i++) {
		long long id = d->enrolments[i].id;
		struct row *r = &g.rows[i];
		const char *note;

		if (strcmp(d->enrolments[i].status, "enrolled") || r->err.msg ||
		    !(all || id == one))
			continue;
		note = page_value(&p, arena_printf(req->arena, "note_%lld", id));
		if (app_score_submit(&ctx, d->plan.id, id, g.component,
				     *note ? note : NULL, &r->err) == APP_OK ||
		    /* submitted before: "submit all" may be pressed again */
		    (r->err.status == APP_INVALID && !strcmp(r->err.msg, "score.locked"))) {
			r->state = "submitted";
			r->err.msg = NULL;
		} else {
			bad++;
		}
	}
	if (bad)
		resp->status = 422;
	grid_page(&p, &g);
}

/* A refusal of the row endpoint, as JSON in the page's language. */
static void json_fail(struct page *p, const struct app_error *err)
{
	static const struct {
		enum app_status status;
		int http;
		const char *code;
	} map[] = {
		{APP_INVALID, 422, "invalid"},
		{APP_NOT_FOUND, 404, "not_found"},
		{APP_CONFLICT, 409, "conflict"},
		{APP_UNAUTHENTICATED, 401, "login_required"},
		{APP_FORBIDDEN, 403, "forbidden"},
		{APP_RATE_LIMITED, 429, "rate_limited"},
		{APP_UNAVAILABLE, 503, "unavailable"},
	};
	int http = 500;
	const char *code = "internal";

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].status == err->status) {
			http = map[i].http;
			code = map[i].code;
		}
	http_json_error(p->resp, http, code, refusal_text(p, err), err->field);
}

void page_score_row(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct plan_detail *d = arena_alloc(req->arena, sizeof(*d));
	long long id = page_param_id(req, 0);
	const char *score, *status;
	int tenths;
	char text[8];

	page_init(&p, req, resp, "nav.plans");
	page_ctx(&p, &ctx);
	if (!id || !d) {
		err = (struct app_error){APP_NOT_FOUND, NULL, "err.not_found", NULL, 0};
		json_fail(&p, &err);
		return;
	}
	/* the plan first: an actor outside it is refused whatever the row */
	if (app_plan_get(&ctx, id, d, &err) != APP_OK) {
		json_fail(&p, &err);
		return;
	}
	score = page_value(&p, "score");
	status = page_value(&p, "status");
	if (app_score_enter(&ctx, id, page_form_id(&p, "enrolment_id"),
			    page_value(&p, "component"), page_form_id(&p, "assessor"),
			    score, status, page_value(&p, "reason"), &err) != APP_OK) {
		json_fail(&p, &err);
		return;
	}
	/* the score as stored ("85" is kept as 85.0); only digits and a dot */
	resp->status = 200;
	resp->content_type = "application/json";
	buf_reset(&resp->body);
	if ((!*status || !strcmp(status, "present")) &&
	    score_parse(score, &tenths) == SCORE_OK) {
		score_format(tenths, text);
		buf_printf(&resp->body, "{\"ok\":true,\"score\":\"%s\"}", text);
	} else {
		buf_puts(&resp->body, "{\"ok\":true}");
	}
}

/* ---- the public results ---- */

/* Whether today lies in the plan's results notice. */
static bool notice_running(const struct plan *x)
{
	char today[11];

	time_today(today, sizeof(today));
	return !strcmp(x->status, "under_notice") && x->notice_start && x->notice_end &&
	       strcmp(today, x->notice_start) >= 0 && strcmp(today, x->notice_end) <= 0;
}

static void appeal_form(struct page *p, long long id, const struct app_error *err)
{
	static const char *const fields[] = {"name", "contact", "body", NULL};

	html_printf(p->out,
		    "<section id=\"appeal\" aria-labelledby=\"appeal-h\">"
		    "<h2 id=\"appeal-h\">%s</h2><p>%s</p>",
		    T(p, "results.appeal_title"), T(p, "results.appeal_intro"));
	page_form(p, arena_printf(p->req->arena, "/results/%lld/appeals", id), "form");
	if (err && err->msg) {
		bool shown = false;

		for (const char *const *f = fields; err->field && *f; f++)
			shown = shown || !strcmp(*f, err->field);
		if (!shown)
			html_printf(p->out, "<p class=\"error\" role=\"alert\">%s</p>",
				    T(p, err->msg));
	}
	page_field(p, "name", "field.filer_name", err ? page_input(p, "name") : NULL, err,
		   1);
	page_field_ex(p, NULL, "contact", "field.filer_contact",
		      err ? page_input(p, "contact") : NULL, "results.contact_hint", err,
		      1);
	page_textarea(p, "body", "field.appeal_body", err ? page_input(p, "body") : NULL,
		      err, 1);
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>"
		    "</section>",
		    T(p, "btn.appeal"));
}

static void results_page(struct page *p, long long id, const struct app_error *form_err)
{
	struct app_ctx ctx;
	struct app_error err;
	struct plan x;
	struct result_row *items;
	size_t n;
	bool running;
	const char *done = http_query(p->req, "done");

	page_ctx(p, &ctx);
	if (app_results(&ctx, id, &x, &items, &n, &err) != APP_OK) {
		page_fail(p, &err);
		return;
	}
	running = notice_running(&x);
	page_begin(p, x.title);
	html_printf(p->out, "<div class=\"titlebar\"><div class=\"titlehead\"><h1>%s</h1>",
		    x.title);
	page_badge(p, "plan.status.", x.status);
	html_printf(p->out, "</div></div>");
	if (form_err)
		page_error_summary(p, form_err, "appeal");
	else if (done && !strcmp(done, "appeal"))
		html_printf(p->out, "<p class=\"notice\" role=\"status\">%s</p>",
			    T(p, "done.results.appeal"));
	html_printf(p->out,
		    "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s %s</dd>"
		    "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>",
		    T(p, "field.institution"), x.institution_name ? x.institution_name : "",
		    T(p, "field.occupation_short"), x.occupation_code, x.occupation_name,
		    T(p, "field.level"),
		    T(p, arena_printf(p->req->arena, "level.%d", x.level)),
		    T(p, "field.notice_period"));
	if (x.notice_start && x.notice_end)
		html_printf(p->out, "%s %s %s", x.notice_start, T(p, "batch.to"),
			    x.notice_end);
	else
		html_printf(p->out, "—");
	html_printf(p->out, "</dd></dl>");
	if (!strcmp(x.status, "under_notice"))
		html_printf(p->out, "<div class=\"callout%s\"><p>%s</p></div>",
			    running ? "" : " ended",
			    T(p, running ? "results.notice_running"
					 : "results.notice_ended"));
	html_printf(p->out, "<h2 id=\"results\">%s</h2>", T(p, "results.list_title"));
	if (!n) {
		html_printf(p->out, "<p class=\"empty\">%s</p>", T(p, "results.none"));
	} else {
		html_printf(p->out,
			    "<div class=\"table\"><table class=\"stack results\"><thead><tr>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead><tbody>",
			    T(p, "field.person_name"), T(p, "field.id_number"),
			    T(p, "field.outcome"));
		for (size_t i = 0; i < n; i++) {
			html_printf(p->out,
				    "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
				    "<td data-label=\"%s\">",
				    T(p, "field.person_name"), items[i].person_name,
				    T(p, "field.id_number"), items[i].person_masked_id,
				    T(p, "field.outcome"));
			page_badge(p, "result.outcome.", items[i].outcome);
			html_printf(p->out, "</td></tr>");
		}
		html_printf(p->out, "</tbody></table></div>");
	}
	if (running)
		appeal_form(p, id, form_err);
	page_end(p);
}

void page_results(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	long long id = page_param_id(req, 0);

	page_init(&p, req, resp, NULL);
	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	results_page(&p, id, NULL);
}

void page_appeal_file(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_param_id(req, 0), aid;

	page_init(&p, req, resp, NULL);
	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	page_ctx(&p, &ctx);
	if (app_appeal_file(&ctx, id, page_value(&p, "name"), page_value(&p, "contact"),
			    page_value(&p, "body"), &aid, &err) == APP_OK) {
		http_redirect(resp,
			      arena_printf(req->arena, "/results/%lld?done=appeal", id));
		return;
	}
	if (err.status == APP_RATE_LIMITED && err.retry_after > 0)
		http_set_header(resp, "Retry-After",
				arena_printf(req->arena, "%lld", err.retry_after));
	if (err.status != APP_INVALID && err.status != APP_RATE_LIMITED) {
		page_fail(&p, &err);
		return;
	}
	resp->status = err.status == APP_RATE_LIMITED ? 429 : 422;
	results_page(&p, id, &err);
}
