/*
 * plans.c - assessment plans (认定计划) as pages: the list, the new-plan
 * form, one plan with its lifecycle, rooms, staff and enrolments (people
 * found by their 证件号码), and the bulk import of people, enrolments and
 * scores with its report. The score grid and the public results are in
 * scores.c.
 *
 * app/ decides who may do what and when. An action handler first loads
 * the plan through app_plan_get(), so that an actor outside the plan's
 * institution gets a 403 whatever the form says; then it calls app/ and
 * either goes back to the plan (303, ?done= naming the action) or shows
 * the plan again with the refusal next to the field and what was typed
 * kept (422/409).
 */
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "web/layout.h"
#include "web/web.h"

/* A trimmed form field ("" when absent). */

static const char *level_label(struct page *p, int level)
{
	return T(p, arena_printf(p->req->arena, "level.%d", level));
}

static void forbid(struct page *p)
{
	struct app_error e = {APP_FORBIDDEN, NULL, "err.forbidden", NULL, 0};

	page_fail(p, &e);
}

static void table_head(struct page *p, const char *const *keys)
{
	html_printf(p->out, "<div class=\"table\"><table class=\"stack\"><thead><tr>");
	for (; *keys; keys++)
		html_printf(p->out, "<th scope=\"col\">%s</th>", T(p, *keys));
	html_printf(p->out, "</tr></thead><tbody>");
}

/* A staffing rule broken, in words: "考场1：…至少需2名监考，现有0名". */
static const char *violation_text(struct page *p, const struct staffing_violation *v)
{
	const char *names[] = {"index", "candidates", "required", "actual"};
	const char *values[4], *out;
	struct buf b;

	values[0] = arena_printf(p->req->arena, "%d", v->index + 1);
	values[1] = arena_printf(p->req->arena, "%d", v->candidates);
	values[2] = arena_printf(p->req->arena, "%d", v->required);
	values[3] = arena_printf(p->req->arena, "%d", v->actual);
	buf_init(&b, 0);
	i18n_fill(&b, T(p, v->key), names, values, 4);
	out = arena_strdup(p->req->arena, b.data);
	buf_release(&b);
	return out ? out : T(p, v->key);
}

static void violation(struct page *p, const struct staffing_violation *v)
{
	html_printf(p->out, "<li>%s</li>", violation_text(p, v));
}

/* A refusal whose message has numbers in it gets them filled in: a
 * broken staffing rule (the first of the plan's, as app/ reports it), a
 * level the standard does not offer. The text, which is no catalog key,
 * comes back from T() as it is. */
static void fill_refusal(struct page *p, struct app_error *err,
			 const struct plan_detail *d, int level)
{
	if (!err->msg)
		return;
	if (d && d->nviolations && !strcmp(err->msg, d->violations[0].key)) {
		err->msg = violation_text(p, &d->violations[0]);
	} else if (!strcmp(err->msg, "elig.level_not_offered") && level >= 1 && level <= 5) {
		const char *names[] = {"level"};
		const char *values[] = {level_label(p, level)};
		struct buf b;

		buf_init(&b, 0);
		i18n_fill(&b, T(p, err->msg), names, values, 1);
		err->msg = arena_strdup(p->req->arena, b.data);
		buf_release(&b);
	}
}

/* ---- the list ---- */

void page_plans(struct http_req *req, struct http_resp *resp)
{
	static const char *const cols[] = {"field.plan",
					   "field.institution",
					   "field.occupation_level",
					   "field.status",
					   "field.enrolled",
					   "field.dates",
					   NULL};
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct plan *items;
	size_t n;
	const char *status = http_query(req, "status");

	page_init(&p, req, resp, "nav.plans");
	page_ctx(&p, &ctx);
	/* an unknown status filters nothing out rather than everything */
	if (status && plan_status_parse(status) < 0)
		status = NULL;
	if (app_plan_list(&ctx, 0, status, &items, &n, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	page_begin(&p, T(&p, "plan.list_title"));
	html_printf(p.out,
		    "<div class=\"titlebar\"><h1>%s</h1><div class=\"tools\">"
		    "<a class=\"button\" href=\"/plans/new\">%s</a></div></div>"
		    "<p class=\"lead\">%s</p>"
		    "<form class=\"search\" method=\"get\" action=\"/plans\">",
		    T(&p, "plan.list_title"), T(&p, "plan.new_title"),
		    T(&p, "plan.list_intro"));
	page_select(&p, "status", "field.status", plan_status_names(), "plan.status.",
		    status, 1, NULL);
	html_printf(p.out, "<button type=\"submit\">%s</button></form>",
		    T(&p, "btn.filter"));
	if (!n) {
		html_printf(p.out, "<p class=\"empty\">%s</p>", T(&p, "plan.none"));
		page_end(&p);
		return;
	}
	table_head(&p, cols);
	for (size_t i = 0; i < n; i++) {
		const struct plan *x = &items[i];

		html_printf(p.out,
			    "<tr><td data-label=\"%s\"><a href=\"/plans/%lld\">%s</a></td>"
			    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s %s"
			    "%s%s · %s</td><td data-label=\"%s\">",
			    T(&p, "field.plan"), x->id, x->title,
			    T(&p, "field.institution"),
			    x->institution_name ? x->institution_name : "",
			    T(&p, "field.occupation_level"), x->occupation_code,
			    x->occupation_name, x->work_type && *x->work_type ? " · " : "",
			    x->work_type ? x->work_type : "", level_label(&p, x->level),
			    T(&p, "field.status"));
		page_badge(&p, "plan.status.", x->status);
		html_printf(p.out,
			    "</td><td data-label=\"%s\">%lld / %d</td>"
			    "<td data-label=\"%s\">%s</td></tr>",
			    T(&p, "field.enrolled"), x->enrolled, x->capacity,
			    T(&p, "field.dates"),
			    x->theory_on      ? x->theory_on
			    : x->practical_on ? x->practical_on
					      : "—");
	}
	html_printf(p.out, "</tbody></table></div><p class=\"count\">%s %lld</p>",
		    T(&p, "list.total"), (long long)n);
	page_end(&p);
}

/* ---- the new-plan form ---- */

/* The registered institutions in which the actor may open plans, as the
 * choices of the form. Only a convenience: app_plan_create() checks the
 * grant itself. The ancestry of each comes from the list, so a grant on a
 * parent covers its subtree. */
static size_t plan_institutions(struct page *p, struct app_ctx *ctx, const char ***vals,
				const char ***labels)
{
	struct institution_filter all = {.limit = 500};
	struct institution_filter reg = {.status = "registered", .limit = 500};
	const struct actor *a = page_actor(p);
	struct institution *items, *regd;
	struct app_error err;
	long long total, chain[16];
	size_t n, nreg, k = 0;

	*vals = *labels = NULL;
	if (!a || app_institution_list(ctx, &all, &items, &n, &total, &err) != APP_OK ||
	    app_institution_list(ctx, &reg, &regd, &nreg, &total, &err) != APP_OK || !nreg)
		return 0;
	*vals = arena_alloc(p->req->arena, nreg * sizeof(**vals));
	*labels = arena_alloc(p->req->arena, nreg * sizeof(**labels));
	if (!*vals || !*labels)
		return 0;
	for (size_t i = 0; i < nreg; i++) {
		size_t depth = 0;
		long long at = regd[i].id;

		while (at && depth < 16) {
			long long up = 0;

			chain[depth++] = at;
			for (size_t j = 0; j < n; j++)
				if (items[j].id == at)
					up = items[j].parent_id;
			at = up;
		}
		if (!a->system &&
		    !authz_allows(a->grants, a->ngrants, PERM_PLAN_MANAGE, chain, depth))
			continue;
		(*vals)[k] = arena_printf(p->req->arena, "%lld", regd[i].id);
		(*labels)[k++] = regd[i].name;
	}
	return k;
}

/* The standards in force, "6-18-01-01 车工 (2018)". */
static size_t plan_standards(struct page *p, struct app_ctx *ctx, const char ***vals,
			     const char ***labels)
{
	struct standard_row *rows;
	struct app_error err;
	size_t n, k = 0;
	char today[11];

	*vals = *labels = NULL;
	time_today(today, sizeof(today));
	if (app_standard_list(ctx, 0, &rows, &n, &err) != APP_OK || !n)
		return 0;
	*vals = arena_alloc(p->req->arena, n * sizeof(**vals));
	*labels = arena_alloc(p->req->arena, n * sizeof(**labels));
	if (!*vals || !*labels)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (rows[i].effective_to && strcmp(rows[i].effective_to, today) < 0)
			continue;
		(*vals)[k] = arena_printf(p->req->arena, "%lld", rows[i].id);
		(*labels)[k++] = arena_printf(p->req->arena, "%s %s (%s)",
					      rows[i].occupation_code,
					      rows[i].occupation_name, rows[i].version);
	}
	return k;
}

static void new_form(struct page *p, const struct app_error *err)
{
	static const char *const levels[] = {"5", "4", "3", "2", "1"};
	const char *level_labels[5];
	struct app_ctx ctx;
	const char **ivals, **ilabels, **svals, **slabels;
	size_t ni, ns;
	const char *inst = err ? page_input(p, "institution_id")
			       : http_query(p->req, "institution_id");

	page_ctx(p, &ctx);
	ni = plan_institutions(p, &ctx, &ivals, &ilabels);
	ns = plan_standards(p, &ctx, &svals, &slabels);
	for (int i = 0; i < 5; i++)
		level_labels[i] = level_label(p, 5 - i);
	page_begin(p, T(p, "plan.new_title"));
	html_printf(p->out,
		    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/plans\">%s</a>"
		    "</nav><h1>%s</h1><p class=\"lead\">%s</p>",
		    T(p, "nav.crumbs"), T(p, "plan.list_title"), T(p, "plan.new_title"),
		    T(p, "plan.new_intro"));
	page_error_summary(p, err, "form-plan");
	html_printf(p->out, "<div id=\"form-plan\">");
	page_form(p, "/plans", "form");
	page_form_error(p, err);
	if (ni)
		page_select_text(p, "institution_id", "field.institution", ivals, ilabels,
				 ni, inst, 1, err);
	else
		page_field_ex(p, "number", "institution_id", "field.institution_id_plan",
			      inst, "plan.no_institutions", err, 1);
	page_select_text(p, "standard_id", "field.standard", svals, slabels, ns,
			 err ? page_input(p, "standard_id") : NULL, 1, err);
	page_select_text(p, "level", "field.level", levels, level_labels, 5,
			 err ? page_input(p, "level") : NULL, 1, err);
	page_field_ex(p, NULL, "work_type", "field.work_type",
		      err ? page_input(p, "work_type") : NULL, "plan.work_type_hint", err,
		      0);
	page_field_ex(p, "number", "capacity", "field.capacity",
		      err ? page_input(p, "capacity") : "30", NULL, err, 1);
	page_field_ex(p, NULL, "title", "field.title",
		      err ? page_input(p, "title") : NULL, "plan.title_hint", err, 0);
	page_field_ex(p, "date", "theory_on", "field.theory_on",
		      err ? page_input(p, "theory_on") : NULL, NULL, err, 0);
	page_field_ex(p, "date", "practical_on", "field.practical_on",
		      err ? page_input(p, "practical_on") : NULL, NULL, err, 0);
	page_field_ex(p, "date", "review_on", "field.review_on",
		      err ? page_input(p, "review_on") : NULL, "plan.review_hint", err, 0);
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button> "
		    "<a href=\"/plans\">%s</a></div></form></div>",
		    T(p, "btn.create"), T(p, "btn.cancel"));
	page_end(p);
}

void page_plan_new(struct http_req *req, struct http_resp *resp)
{
	struct page p;

	page_init(&p, req, resp, "nav.plans");
	new_form(&p, NULL);
}

void page_plan_create(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct plan_input in;
	long long id, v;

	page_init(&p, req, resp, "nav.plans");
	page_ctx(&p, &ctx);
	memset(&in, 0, sizeof(in));
	/* numbers that are not numbers become 0: app/ explains which */
	in.institution_id = page_form_id(&p, "institution_id");
	in.standard_id = page_form_id(&p, "standard_id");
	in.level = str_to_ll(page_value(&p, "level"), 1, 5, &v) ? 0 : (int)v;
	in.capacity = str_to_ll(page_value(&p, "capacity"), 0, 100000, &v) ? 0 : (int)v;
	in.work_type = page_value(&p, "work_type");
	in.title = page_value(&p, "title");
	in.theory_on = page_value(&p, "theory_on");
	in.practical_on = page_value(&p, "practical_on");
	in.review_on = page_value(&p, "review_on");
	if (app_plan_create(&ctx, &in, &id, &err) != APP_OK) {
		if (err.status != APP_INVALID && err.status != APP_CONFLICT) {
			page_fail(&p, &err);
			return;
		}
		fill_refusal(&p, &err, NULL, in.level);
		resp->status = page_refusal_status(err.status);
		new_form(&p, &err);
		return;
	}
	http_redirect(resp, arena_printf(req->arena, "/plans/%lld?done=create", id));
}

/* ---- one plan ---- */

/* Which form was refused (row: the record of a per-row form) and why;
 * elig: the routes of a refused enrolment. */
struct refusal {
	const char *form;
	long long row;
	const struct app_error *err;
	const struct eligibility_result *elig;
};

static const struct app_error *ferr(const struct refusal *r, const char *name, long long row)
{
	return r && !strcmp(r->form, name) && r->row == row ? r->err : NULL;
}

static const char *typed(struct page *p, const struct refusal *r, const char *name,
			 const char *f, const char *dflt)
{
	return ferr(r, name, 0) ? page_input(p, f) : dflt;
}

/* The error no field of the form shows (fields: NULL-terminated names). */
static void form_error(struct page *p, const struct app_error *err, const char *const *fields)
{
	if (!err || !err->msg)
		return;
	for (const char *const *f = fields; err->field && *f; f++)
		if (!strcmp(*f, err->field))
			return;
	html_printf(p->out, "<p class=\"error\" role=\"alert\">%s</p>", T(p, err->msg));
}

static void submit(struct page *p, const char *label_key)
{
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
		    T(p, label_key));
	p->idp = NULL;
}

static void done_notice(struct page *p)
{
	static const char *const forms[] = {"create",   "act",      "room",
					    "assign",   "unassign", "enrol",
					    "withdraw", "resolve",  NULL};
	const char *done = http_query(p->req, "done");

	for (const char *const *f = forms; done && *f; f++)
		if (!strcmp(*f, done))
			html_printf(p->out, "<p class=\"notice\" role=\"status\">%s</p>",
				    T(p, arena_printf(p->req->arena, "done.plan.%s", *f)));
}

static const char *room_name(const struct plan_detail *d, long long id)
{
	for (size_t i = 0; i < d->nrooms; i++)
		if (d->rooms[i].id == id)
			return d->rooms[i].name;
	return "—";
}

static void plan_facts(struct page *p, const struct plan *x)
{
	const struct {
		const char *key, *value;
	} dates[] = {{"field.theory_on", x->theory_on},
		     {"field.practical_on", x->practical_on},
		     {"field.review_on", x->review_on}};

	html_printf(p->out,
		    "<dl class=\"facts\"><dt>%s</dt><dd><a href=\"/institutions/%lld\">%s</a>"
		    "</dd><dt>%s</dt><dd>%s %s</dd><dt>%s</dt><dd>%s</dd>"
		    "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%lld / %d</dd>",
		    T(p, "field.institution"), x->institution_id,
		    x->institution_name ? x->institution_name : "",
		    T(p, "field.occupation_short"), x->occupation_code,
		    x->occupation_name, T(p, "field.work_type"),
		    x->work_type && *x->work_type ? x->work_type : "—",
		    T(p, "field.level"), level_label(p, x->level), T(p, "field.enrolled"),
		    x->enrolled, x->capacity);
	for (size_t i = 0; i < sizeof(dates) / sizeof(dates[0]); i++)
		if (dates[i].value)
			html_printf(p->out, "<dt>%s</dt><dd>%s</dd>", T(p, dates[i].key),
				    dates[i].value);
	if (x->notice_start && x->notice_end)
		html_printf(p->out, "<dt>%s</dt><dd>%s %s %s</dd>",
			    T(p, "field.notice_period"), x->notice_start,
			    T(p, "batch.to"), x->notice_end);
	html_printf(p->out, "<dt>%s</dt><dd>%s</dd></dl>", T(p, "field.created_at"),
		    page_when(p, x->created_at));
}

static void staffing(struct page *p, const struct plan_detail *d)
{
	int st = plan_status_parse(d->plan.status);

	/* the rules matter until the plan starts, once someone is enrolled
	 * (an empty plan breaks none) */
	if (st < 0 || st > PLAN_APPROVED || (!d->plan.enrolled && !d->nviolations))
		return;
	html_printf(p->out,
		    "<section id=\"staffing\" aria-labelledby=\"staffing-h\">"
		    "<h2 id=\"staffing-h\">%s</h2>",
		    T(p, "plan.staffing_title"));
	if (!d->nviolations) {
		html_printf(p->out, "<p class=\"notice\">%s</p></section>",
			    T(p, "plan.staffing_ok"));
		return;
	}
	html_printf(p->out, "<div class=\"callout\"><p>%s</p><ul>",
		    T(p, "plan.staffing_broken"));
	for (int i = 0; i < d->nviolations && i < 16; i++)
		violation(p, &d->violations[i]);
	html_printf(p->out, "</ul></div></section>");
}

static void lifecycle(struct page *p, const struct plan_detail *d, const struct refusal *r)
{
	static const char *const reason_fields[] = {"reason", NULL};
	const struct app_error *e = ferr(r, "act", 0);
	int st = plan_status_parse(d->plan.status);
	bool any = false;

	html_printf(p->out,
		    "<section id=\"lifecycle\" aria-labelledby=\"lifecycle-h\">"
		    "<h2 id=\"lifecycle-h\">%s</h2>",
		    T(p, "plan.lifecycle_title"));
	form_error(p, e, reason_fields);
	/* before closing and issuing: who still lacks a photo (issue 11) */
	if (st >= PLAN_SCORED) {
		struct app_ctx mctx;
		struct app_error merr;
		struct cert_candidate *miss;
		size_t nmiss = 0;

		page_ctx(p, &mctx);
		if (app_plan_missing_photos(&mctx, d->plan.id, &miss, &nmiss, &merr) == APP_OK)
			page_missing_photos(p, miss, nmiss);
	}
	html_printf(p->out, "<div class=\"row-actions\">");
	for (int a = 0; st >= 0 && a < PLAN_ACTION_COUNT; a++) {
		bool approver = a == PLAN_ACT_APPROVE || a == PLAN_ACT_RETURN;
		const char *name = plan_action_name((enum plan_action)a);
		const char *action = arena_printf(p->req->arena, "/plans/%lld/act",
						  d->plan.id);

		if (plan_transition((enum plan_status)st, (enum plan_action)a) < 0 ||
		    !(approver ? d->may_approve : d->may_manage))
			continue;
		any = true;
		if (a == PLAN_ACT_RETURN) {
			bool bad = e && !strcmp(page_input(p, "action"), "return");

			page_details(p, "row-action", NULL, bad, "plan.act.return");
			page_form(p, action, "form compact");
			p->idp = "rt-";
			html_printf(p->out,
				    "<input type=\"hidden\" name=\"action\" value=\"return\">");
			page_field(p, "reason", "field.return_reason",
				   bad ? page_input(p, "reason") : NULL, bad ? e : NULL, 1);
			submit(p, "plan.act.return");
			html_printf(p->out, "</details>");
			continue;
		}
		page_form(p, action, "inline");
		html_printf(p->out,
			    "<input type=\"hidden\" name=\"action\" value=\"%s\">"
			    "<button type=\"submit\">%s</button></form>",
			    name, T(p, arena_printf(p->req->arena, "plan.act.%s", name)));
	}
	html_printf(p->out, "</div>");
	if (!any)
		html_printf(p->out, "<p class=\"empty\">%s</p>", T(p, "plan.no_actions"));
	html_printf(p->out, "</section>");
	if (st == PLAN_CLOSED) {
		struct app_ctx ctx;

		page_ctx(p, &ctx);
		html_printf(p->out,
			    "<section id=\"certificates\" aria-labelledby=\"cert-h\">"
			    "<h2 id=\"cert-h\">%s</h2><div class=\"row-actions\">",
			    T(p, "nav.certificates"));
		if (app_can(&ctx, PERM_CERT_ISSUE)) {
			page_form(p,
				  arena_printf(p->req->arena, "/plans/%lld/certificates",
					       d->plan.id),
				  "inline");
			html_printf(p->out, "<button type=\"submit\">%s</button></form>",
				    T(p, "cert.issue"));
		}
		html_printf(p->out,
			    "<a class=\"button\" href=\"/certificates?plan=%lld\">%s</a> "
			    "<a class=\"button\" href=\"/plans/%lld/certificates.pdf\">%s</a>"
			    "</div></section>",
			    d->plan.id, T(p, "cert.list"), d->plan.id,
			    T(p, "cert.download_all"));
	}
}

/* The rooms as choices ("" = none). */
static void room_select(struct page *p, const struct plan_detail *d, const char *selected,
			const struct app_error *err)
{
	const char **vals = arena_alloc(p->req->arena, (d->nrooms + 1) * sizeof(*vals));
	const char **labels = arena_alloc(p->req->arena, (d->nrooms + 1) * sizeof(*labels));

	if (!d->nrooms || !vals || !labels)
		return;
	vals[0] = "";
	labels[0] = T(p, "plan.no_room");
	for (size_t i = 0; i < d->nrooms; i++) {
		vals[i + 1] = arena_printf(p->req->arena, "%lld", d->rooms[i].id);
		labels[i + 1] = d->rooms[i].name;
	}
	page_select_text(p, "room_id", "field.room", vals, labels, d->nrooms + 1,
			 selected, 0, err);
}

/* Document type and number: how a person is found. */
static void person_fields(struct page *p, const struct refusal *r, const char *form,
			  const struct app_error *e)
{
	page_select(p, "id_type", "field.id_type", id_type_names(), "id_type.",
		    typed(p, r, form, "id_type", "resident_id"), 0, e);
	page_field(p, "id_number", "field.id_number",
		   typed(p, r, form, "id_number", NULL), e, 1);
}

static void rooms(struct page *p, const struct plan_detail *d, bool open,
		  const struct refusal *r)
{
	static const char *const cols[] = {"field.room", "field.capacity",
					   "field.enrolled", NULL};
	static const char *const fields[] = {"name", "capacity", NULL};
	const struct app_error *e = ferr(r, "room", 0);

	html_printf(p->out,
		    "<section id=\"rooms\" aria-labelledby=\"rooms-h\">"
		    "<h2 id=\"rooms-h\">%s</h2>",
		    T(p, "plan.rooms_title"));
	if (!d->nrooms) {
		html_printf(p->out, "<p class=\"empty\">%s</p>", T(p, "plan.no_rooms"));
	} else {
		table_head(p, cols);
		for (size_t i = 0; i < d->nrooms; i++)
			html_printf(p->out,
				    "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">%d</td>"
				    "<td data-label=\"%s\">%lld</td></tr>",
				    T(p, "field.room"), d->rooms[i].name,
				    T(p, "field.capacity"), d->rooms[i].capacity,
				    T(p, "field.enrolled"), d->rooms[i].enrolled);
		html_printf(p->out, "</tbody></table></div>");
	}
	if (open) {
		page_details(p, "disclose", NULL, e != NULL, "plan.room_add");
		page_form(p, arena_printf(p->req->arena, "/plans/%lld/rooms", d->plan.id),
			  "form");
		p->idp = "rm-";
		form_error(p, e, fields);
		page_field(p, "name", "field.room_name",
			   typed(p, r, "room", "name", NULL), e, 1);
		page_field_ex(p, "number", "capacity", "field.capacity",
			      typed(p, r, "room", "capacity", "30"), NULL, e, 1);
		submit(p, "btn.add");
		html_printf(p->out, "</details>");
	}
	html_printf(p->out, "</section>");
}

static void staff(struct page *p, const struct plan_detail *d, bool open,
		  const struct refusal *r)
{
	static const char *const fields[] = {"id_type", "id_number",     "role",
					     "room_id", "override_note", NULL};
	const struct app_error *e = ferr(r, "assign", 0);
	/* a recusal: the note that lets it through is offered (a supervisor's) */
	bool recusal = (e && e->msg && !strncmp(e->msg, "recusal.", 8)) ||
		       (e && *page_input(p, "override_note"));

	html_printf(p->out,
		    "<section id=\"staff\" aria-labelledby=\"staff-h\">"
		    "<h2 id=\"staff-h\">%s</h2>",
		    T(p, "plan.staff_title"));
	if (!d->nstaff) {
		html_printf(p->out, "<p class=\"empty\">%s</p>", T(p, "plan.no_staff"));
	} else {
		html_printf(p->out,
			    "<div class=\"table\"><table class=\"stack\"><thead><tr>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th>",
			    T(p, "field.person_name"), T(p, "field.id_number"),
			    T(p, "field.staff_role"), T(p, "field.room"),
			    T(p, "field.override_note"));
		if (open)
			html_printf(p->out, "<th scope=\"col\">%s</th>",
				    T(p, "inst.actions"));
		html_printf(p->out, "</tr></thead><tbody>");
		for (size_t i = 0; i < d->nstaff; i++) {
			const struct plan_staff *s = &d->staff[i];

			html_printf(
				p->out,
				"<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
				"<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
				"<td data-label=\"%s\">%s</td>",
				T(p, "field.person_name"), s->person_name,
				T(p, "field.id_number"), s->person_masked_id,
				T(p, "field.staff_role"),
				T(p, arena_printf(p->req->arena, "staff.role.%s", s->role)),
				T(p, "field.room"),
				s->room_id ? room_name(d, s->room_id) : "—",
				T(p, "field.override_note"),
				s->override_note && *s->override_note ? s->override_note
								      : "");
			if (open) {
				html_printf(p->out, "<td data-label=\"%s\">",
					    T(p, "inst.actions"));
				page_form(p,
					  arena_printf(p->req->arena,
						       "/plans/%lld/staff/remove",
						       d->plan.id),
					  "inline");
				/* removing is confirmed by a box the browser
				 * requires (and page_plan_unassign checks) */
				html_printf(
					p->out,
					"<input type=\"hidden\" name=\"staff_id\" value=\"%lld\">"
					"<label class=\"confirm-inline\"><input type=\"checkbox\" "
					"name=\"confirm\" value=\"1\" required> %s</label> "
					"<button type=\"submit\" class=\"secondary\">%s</button>"
					"</form></td>",
					s->id, T(p, "confirm.staff_remove"),
					T(p, "btn.remove_staff"));
			}
			html_printf(p->out, "</tr>");
		}
		html_printf(p->out, "</tbody></table></div>");
	}
	if (open) {
		page_details(p, "disclose", NULL, e != NULL, "plan.staff_add");
		page_form(p, arena_printf(p->req->arena, "/plans/%lld/staff", d->plan.id),
			  "form");
		p->idp = "st-";
		html_printf(p->out, "<p class=\"hint\">%s</p>", T(p, "plan.staff_hint"));
		form_error(p, e, fields);
		if (e && e->msg && !strcmp(e->msg, "plan.not_qualified") && e->detail)
			html_printf(p->out,
				    "<p class=\"hint\"><a href=\"/people/%s#qualifications\">%s</a></p>",
				    e->detail, T(p, "plan.qualify_link"));
		person_fields(p, r, "assign", e);
		page_select(p, "role", "field.staff_role", staff_role_names(),
			    "staff.role.", typed(p, r, "assign", "role", NULL), 0, e);
		room_select(p, d, typed(p, r, "assign", "room_id", NULL), e);
		if (recusal)
			page_field_ex(p, NULL, "override_note", "field.override_note",
				      page_input(p, "override_note"),
				      "plan.override_hint", e, 0);
		submit(p, "btn.assign");
		html_printf(p->out, "</details>");
	}
	html_printf(p->out, "</section>");
}

/* Why a route of the level does not hold, in words. */
static const char *route_reason(struct page *p, const struct elig_route_result *x)
{
	const char *names[] = {"level", "required", "actual", "detail"};
	const char *values[4];
	bool levels = !strcmp(x->key, "elig.cert.level");
	bool ranks = !strcmp(x->key, "elig.title.level") ||
		     !strcmp(x->key, "elig.title.none");
	bool title = !strncmp(x->key, "elig.title.", 11);
	struct arena *a = p->req->arena;
	const char *t;
	struct buf b;

	t = title_level_name((enum title_level)x->level);
	values[0] = title ? T(p, arena_printf(a, "title.%s", t ? t : ""))
			  : level_label(p, x->level);
	t = title_level_name((enum title_level)x->required);
	values[1] = levels  ? level_label(p, x->required)
		    : ranks ? T(p, arena_printf(a, "title.%s", t ? t : ""))
			    : arena_printf(a, "%d", x->required);
	t = title_level_name((enum title_level)x->actual);
	values[2] = levels  ? level_label(p, x->actual)
		    : ranks ? T(p, arena_printf(a, "title.%s", t ? t : ""))
			    : arena_printf(a, "%d", x->actual);
	buf_init(&b, 0);
	/* the accepted diplomas, by name */
	for (const char *d = x->detail; d && *d;) {
		size_t k = strcspn(d, ",");

		buf_printf(&b, "%s%s", b.len ? "、" : "",
			   T(p, arena_printf(a, "diploma.%.*s", (int)k, d)));
		d += k + (d[k] == ',');
	}
	values[3] = arena_strdup(a, b.data);
	buf_reset(&b);
	i18n_fill(&b, T(p, x->key), names, values, 4);
	t = arena_strdup(a, b.data);
	buf_release(&b);
	return t ? t : "";
}

/* An application route by its text in the standard ("累计从事本职业…"),
 * not its code ("4-2"); the code when the route has no text or is not
 * known (rt NULL). */
static const char *route_label(const struct std_route *rt, const char *id)
{
	return rt && rt->text && *rt->text ? rt->text : id && *id ? id : "—";
}

static void routes_refused(struct page *p, const struct eligibility_result *elig)
{
	html_printf(p->out, "<div class=\"callout\"><p>%s</p><ul>",
		    T(p, "plan.routes_refused"));
	for (size_t i = 0; i < elig->nroutes; i++) {
		const struct elig_route_result *x = &elig->routes[i];

		if (x->passed || !x->key)
			continue;
		html_printf(p->out, "<li><strong>%s</strong> %s</li>",
			    route_label(x->route, x->route ? x->route->id : NULL),
			    route_reason(p, x));
	}
	html_printf(p->out, "</ul></div>");
}

/* A candidate's submitted component: the score, or the status instead
 * ("缺考"); "—" until it is submitted. */
static void component_cell(struct page *p, const struct plan_detail *d,
			   long long enrolment, const char *component)
{
	for (size_t i = 0; i < d->ncomponents; i++) {
		const struct component_row *m = &d->components[i];
		char t[8];

		if (m->enrolment_id != enrolment || strcmp(m->component, component))
			continue;
		if (m->tenths >= 0) {
			score_format(m->tenths, t);
			html_printf(p->out, "%s", t);
		} else {
			html_printf(p->out, "%s",
				    T(p, arena_printf(p->req->arena, "score.status.%s",
						      m->status)));
		}
		return;
	}
	html_printf(p->out, "—");
}

static const struct result_row *result_of(const struct plan_detail *d, long long enrolment)
{
	for (size_t i = 0; i < d->nresults; i++)
		if (d->results[i].enrolment_id == enrolment)
			return &d->results[i];
	return NULL;
}

static void enrolments(struct page *p, const struct plan_detail *d, bool open,
		       const struct refusal *r)
{
	static const char *const fields[] = {"id_type", "id_number", "room_id", NULL};
	const struct app_error *e = ferr(r, "enrol", 0);
	bool withdraw = open && d->may_manage;
	const struct std_level *l = d->level; /* a post-skill spec's, if any */
	/* the score columns once something is submitted; the outcome once
	 * the results are decided */
	bool comps[STD_COMPONENT_COUNT] = {false};
	bool scored = d->ncomponents > 0, decided = d->nresults > 0;
	const struct appr_evidence *ev; /* issue 15: 学徒期满 records */
	size_t nev = page_appr_evidence(p, d->plan.id, &ev);

	for (int c = 0; c < STD_COMPONENT_COUNT; c++)
		comps[c] = scored && (!l || std_level_has(l, (enum std_component)c));

	html_printf(p->out,
		    "<section id=\"enrolments\" aria-labelledby=\"enrolments-h\">"
		    "<h2 id=\"enrolments-h\">%s</h2>",
		    T(p, "plan.enrolments_title"));
	if (!d->nenrolments) {
		html_printf(p->out, "<p class=\"empty\">%s</p>", T(p, "plan.no_enrolments"));
	} else {
		html_printf(p->out,
			    "<div class=\"table\"><table class=\"stack\"><thead><tr>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th>",
			    T(p, "field.person_name"), T(p, "field.id_number"),
			    T(p, "field.route"), T(p, "field.room"), T(p, "field.status"));
		for (int c = 0; c < STD_COMPONENT_COUNT; c++)
			if (comps[c])
				html_printf(
					p->out, "<th scope=\"col\" class=\"num\">%s</th>",
					T(p, arena_printf(p->req->arena, "component.short.%s",
							  std_component_name(
								  (enum std_component)c))));
		if (decided)
			html_printf(p->out, "<th scope=\"col\">%s</th>",
				    T(p, "field.outcome"));
		if (withdraw)
			html_printf(p->out, "<th scope=\"col\">%s</th>",
				    T(p, "inst.actions"));
		html_printf(p->out, "</tr></thead><tbody>");
		for (size_t i = 0; i < d->nenrolments; i++) {
			const struct enrolment *x = &d->enrolments[i];

			html_printf(p->out,
				    "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
				    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
				    "<td data-label=\"%s\">",
				    T(p, "field.person_name"), x->person_name,
				    T(p, "field.id_number"), x->person_masked_id,
				    T(p, "field.route"),
				    route_label(l && x->route_id
							? std_level_route(l, x->route_id)
							: NULL,
						x->route_id),
				    T(p, "field.room"),
				    x->room_id ? room_name(d, x->room_id) : "—",
				    T(p, "field.status"));
			page_badge(p, "enrolment.status.", x->status);
			page_appr_note(p, ev, nev, x->id);
			html_printf(p->out, "</td>");
			for (int c = 0; c < STD_COMPONENT_COUNT; c++) {
				const char *name = std_component_name((enum std_component)c);

				if (!comps[c])
					continue;
				html_printf(p->out, "<td data-label=\"%s\" class=\"num\">",
					    T(p, arena_printf(p->req->arena,
							      "component.short.%s", name)));
				component_cell(p, d, x->id, name);
				html_printf(p->out, "</td>");
			}
			if (decided) {
				const struct result_row *res = result_of(d, x->id);

				html_printf(p->out, "<td data-label=\"%s\">",
					    T(p, "field.outcome"));
				if (res)
					page_badge(p, "result.outcome.", res->outcome);
				else
					html_printf(p->out, "—");
				html_printf(p->out, "</td>");
			}
			if (withdraw) {
				html_printf(p->out, "<td data-label=\"%s\">",
					    T(p, "inst.actions"));
				if (!strcmp(x->status, "enrolled")) {
					page_form(p,
						  arena_printf(p->req->arena,
							       "/plans/%lld/enrolments/withdraw",
							       d->plan.id),
						  "inline");
					html_printf(p->out,
						    "<input type=\"hidden\" name=\"enrolment_id\" "
						    "value=\"%lld\"><button type=\"submit\" "
						    "class=\"secondary\">%s</button></form>",
						    x->id, T(p, "btn.withdraw"));
				}
				html_printf(p->out, "</td>");
			}
			html_printf(p->out, "</tr>");
		}
		html_printf(p->out, "</tbody></table></div>");
	}
	if (open && d->may_manage) {
		page_details(p, "disclose", NULL, e != NULL, "plan.enrol_add");
		page_form(p,
			  arena_printf(p->req->arena, "/plans/%lld/enrolments", d->plan.id),
			  "form");
		p->idp = "en-";
		html_printf(p->out, "<p class=\"hint\">%s</p>", T(p, "plan.enrol_hint"));
		form_error(p, e, fields);
		if (e && r->elig && r->elig->nroutes)
			routes_refused(p, r->elig);
		person_fields(p, r, "enrol", e);
		room_select(p, d, typed(p, r, "enrol", "room_id", NULL), e);
		submit(p, "btn.enrol");
		html_printf(p->out, "</details>");
		/* online application (web/apply.c) */
		html_printf(p->out,
			    "<p><a href=\"/plans/%lld/application\">%s</a> · "
			    "<a id=\"applications-link\" href=\"/plans/%lld/applications\">%s</a> · "
			    "<a id=\"pool-link\" href=\"/plans/%lld/candidate-pool\">%s</a></p>",
			    d->plan.id, T(p, "apply.offer_title"), d->plan.id,
			    T(p, "appl.review"), d->plan.id, T(p, "selfeval.pool_title"));
	}
	html_printf(p->out, "</section>");
}

/* Where the form of that name is on the page. */
static const char *form_anchor(const char *name)
{
	static const char *const map[][2] = {
		{"act", "lifecycle"},    {"room", "rooms"},
		{"assign", "staff"},     {"unassign", "staff"},
		{"enrol", "enrolments"}, {"withdraw", "enrolments"},
		{"resolve", "appeals"},  {"issue", "certificates"},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], name))
			return map[i][1];
	return "main";
}

/* The external supervisors' visits (外督), when there were any. */
static void visits(struct page *p, const struct plan_detail *d)
{
	static const char *const cols[] = {"field.visitor", "field.organisation",
					   "field.visited_on", "field.notes", NULL};

	if (!d->nvisits)
		return;
	html_printf(p->out,
		    "<section id=\"visits\" aria-labelledby=\"visits-h\">"
		    "<h2 id=\"visits-h\">%s</h2>",
		    T(p, "plan.visits_title"));
	table_head(p, cols);
	for (size_t i = 0; i < d->nvisits; i++) {
		const struct supervisor_visit *v = &d->visits[i];

		html_printf(p->out,
			    "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td></tr>",
			    T(p, cols[0]), v->name, T(p, cols[1]), v->organisation,
			    T(p, cols[2]), v->visited_on, T(p, cols[3]), v->notes);
	}
	html_printf(p->out, "</tbody></table></div></section>");
}

/* Appeals against the published results, each open one with a form to
 * answer it (the plan closes only when every one is answered). */
static void appeals(struct page *p, const struct plan_detail *d, const struct refusal *r)
{
	static const char *const cols[] = {"field.appellant",   "field.contact",
					   "field.appeal_body", "field.filed_at",
					   "field.resolution",  NULL};

	if (!d->nappeals)
		return;
	html_printf(p->out,
		    "<section id=\"appeals\" aria-labelledby=\"appeals-h\">"
		    "<h2 id=\"appeals-h\">%s</h2>",
		    T(p, "plan.appeals_title"));
	table_head(p, cols);
	for (size_t i = 0; i < d->nappeals; i++) {
		const struct appeal_row *a = &d->appeals[i];
		const struct app_error *e = ferr(r, "resolve", a->id);

		html_printf(p->out,
			    "<tr id=\"appeal-%lld\"><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">",
			    a->id, T(p, cols[0]), a->name, T(p, cols[1]), a->contact,
			    T(p, cols[2]), a->body, T(p, cols[3]), a->filed_at,
			    T(p, cols[4]));
		if (strcmp(a->status, "open") || !d->may_manage) {
			html_printf(p->out, "%s</td></tr>",
				    a->resolution ? a->resolution : "");
			continue;
		}
		page_form(p,
			  arena_printf(p->req->arena, "/plans/%lld/appeals/resolve",
				       d->plan.id),
			  "inline");
		p->idp = arena_printf(p->req->arena, "ap%lld-", a->id);
		html_printf(p->out,
			    "<input type=\"hidden\" name=\"appeal_id\" value=\"%lld\">",
			    a->id);
		page_textarea(p, "resolution", "field.resolution",
			      e ? page_input(p, "resolution") : "", e, 1);
		html_printf(p->out, "<button type=\"submit\">%s</button></form></td></tr>",
			    T(p, "btn.resolve"));
	}
	html_printf(p->out, "</tbody></table></div></section>");
}

/* The plan's page from its detail, with the refusal r (NULL = none). */
static void plan_render(struct page *p, const struct plan_detail *d, const struct refusal *r)
{
	int st = plan_status_parse(d->plan.status);
	bool staffing_open = st >= 0 && plan_staffing_open((enum plan_status)st) &&
			     d->may_manage;
	bool enrol_open = st >= 0 && plan_enrolment_open((enum plan_status)st);

	page_begin(p, d->plan.title);
	html_printf(p->out,
		    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/plans\">%s</a></nav>"
		    "<div class=\"titlebar\"><div class=\"titlehead\"><h1>%s</h1>",
		    T(p, "nav.crumbs"), T(p, "plan.list_title"), d->plan.title);
	page_badge(p, "plan.status.", d->plan.status);
	html_printf(p->out, "</div><div class=\"tools\">");
	if (d->may_manage)
		html_printf(p->out,
			    "<a class=\"button secondary\" href=\"/plans/%lld/import\">%s</a>",
			    d->plan.id, T(p, "plan.import_title"));
	if (st == PLAN_IN_PROGRESS)
		html_printf(p->out, "<a class=\"button\" href=\"/plans/%lld/scores\">%s</a>",
			    d->plan.id, T(p, "score.grid_title"));
	if (d->may_manage) /* the theory exam's papers and sittings (issue 19) */
		html_printf(p->out,
			    "<a class=\"button secondary\" href=\"/plans/%lld/exam\" "
			    "id=\"exam-link\">%s</a>",
			    d->plan.id, T(p, "proctor.title"));
	if (st >= PLAN_SCORED)
		html_printf(p->out,
			    "<a class=\"button secondary\" href=\"/results/%lld\">%s</a>",
			    d->plan.id, T(p, "results.title"));
	html_printf(p->out, "</div></div>");
	if (!r)
		done_notice(p);
	else
		page_error_summary(p, r->err, form_anchor(r->form));
	if (!d->filed) /* issuing would be refused: say so from the start */
		html_printf(p->out,
			    "<div class=\"callout\" id=\"no-filing\"><p>%s</p><p>"
			    "<a href=\"/institutions/%lld#filings\">%s</a></p></div>",
			    T(p, "plan.no_filing"), d->plan.institution_id,
			    T(p, "plan.no_filing_link"));
	plan_facts(p, &d->plan);
	lifecycle(p, d, r);
	staffing(p, d);
	rooms(p, d, staffing_open, r);
	staff(p, d, staffing_open, r);
	enrolments(p, d, enrol_open, r);
	page_plan_tickets(p, d);
	visits(p, d);
	appeals(p, d, r);
	page_end(p);
}

void page_plan(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct plan_detail *d = arena_alloc(req->arena, sizeof(*d));
	long long id = page_param_id(req, 0);

	page_init(&p, req, resp, "nav.plans");
	if (!id || !d) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	page_ctx(&p, &ctx);
	if (app_plan_get(&ctx, id, d, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	plan_render(&p, d, NULL);
}

/* The plan of the path, loaded (and so its access checked); answers and
 * returns NULL when the action cannot go on. */
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

/* Ends an action: back to the plan, or the plan again with the refusal
 * (loaded afresh: the action may have changed nothing, but the page shows
 * the plan as it stands). */
static void finish(struct page *p, struct app_ctx *ctx, int rc, const struct app_error *err,
		   long long id, const char *form, const struct eligibility_result *elig)
{
	struct refusal r = {form, 0, err, elig};
	struct plan_detail *d;
	struct app_error e2;

	if (rc == APP_OK) {
		http_redirect(p->resp, arena_printf(p->req->arena, "/plans/%lld?done=%s#%s",
						    id, form, form_anchor(form)));
		return;
	}
	if (err->status != APP_INVALID && err->status != APP_CONFLICT) {
		page_fail(p, err);
		return;
	}
	d = arena_alloc(p->req->arena, sizeof(*d));
	if (!d || app_plan_get(ctx, id, d, &e2) != APP_OK) {
		page_fail(p, d ? &e2 : err);
		return;
	}
	p->resp->status = page_refusal_status(err->status);
	plan_render(p, d, &r);
}

void page_plan_refused(struct page *p, struct app_ctx *ctx, long long plan_id,
		       const struct app_error *err, const char *form)
{
	struct refusal r = {form, 0, err, NULL};
	struct plan_detail *d = arena_alloc(p->req->arena, sizeof(*d));
	struct app_error e2;

	if (app_plan_get(ctx, plan_id, d, &e2) != APP_OK) {
		page_fail(p, err); /* the plan out of reach: the reason alone */
		return;
	}
	p->resp->status = page_refusal_status(err->status);
	plan_render(p, d, &r);
}

void page_plan_act(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct plan_detail *d = target(req, resp, &p, &ctx);
	int action, rc;

	if (!d)
		return;
	action = plan_action_parse(page_value(&p, "action"));
	/* an unknown action is refused by app/ after it checked who asks */
	rc = app_plan_act(&ctx, d->plan.id,
			  action < 0 ? PLAN_ACTION_COUNT : (enum plan_action)action,
			  page_value(&p, "reason"), &err);
	if (rc != APP_OK)
		fill_refusal(&p, &err, d, 0);
	finish(&p, &ctx, rc, &err, d->plan.id, "act", NULL);
}

void page_plan_room(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct plan_detail *d = target(req, resp, &p, &ctx);
	long long cap = 0, room;
	int rc;

	if (!d)
		return;
	if (!d->may_manage) {
		forbid(&p);
		return;
	}
	if (str_to_ll(page_value(&p, "capacity"), 0, 100000, &cap))
		cap = 0; /* app/ explains */
	rc = app_plan_add_room(&ctx, d->plan.id, page_value(&p, "name"), (int)cap, &room,
			       &err);
	finish(&p, &ctx, rc, &err, d->plan.id, "room", NULL);
}

/* A refusal about the person is shown next to the number that found them. */
static void person_field(struct app_error *err)
{
	if (err->field && !strcmp(err->field, "person_id"))
		err->field = "id_number";
}

void page_plan_assign(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct plan_detail *d = target(req, resp, &p, &ctx);
	long long sid;
	int rc;

	if (!d)
		return;
	if (!d->may_manage) {
		forbid(&p);
		return;
	}
	{
		const char *note = page_value(&p, "override_note");

		/* by the document: someone of another institution may be
		 * staffed here (app/plan.c) */
		rc = app_plan_assign_doc(&ctx, d->plan.id, page_value(&p, "id_type"),
					 page_value(&p, "id_number"),
					 page_value(&p, "role"),
					 page_form_id(&p, "room_id"), *note ? note : NULL,
					 &sid, &err);
		if (rc != APP_OK)
			person_field(&err);
	}
	/* only a supervisor may sign a recusal off: say so next to the note */
	if (rc == APP_FORBIDDEN && err.field && !strcmp(err.field, "override_note"))
		err.status = APP_CONFLICT;
	finish(&p, &ctx, rc, &err, d->plan.id, "assign", NULL);
}

void page_plan_appeal_resolve(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct plan_detail *d = target(req, resp, &p, &ctx);
	long long aid;
	bool listed = false;
	int rc;

	if (!d)
		return;
	aid = page_form_id(&p, "appeal_id");
	for (size_t i = 0; i < d->nappeals; i++)
		listed = listed || d->appeals[i].id == aid;
	if (!listed) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	rc = app_appeal_resolve(&ctx, d->plan.id, aid, page_value(&p, "resolution"), &err);
	if (rc != APP_OK && (err.status == APP_INVALID || err.status == APP_CONFLICT)) {
		struct refusal r = {"resolve", aid, &err, NULL};

		p.resp->status = page_refusal_status(err.status);
		plan_render(&p, d, &r);
		return;
	}
	finish(&p, &ctx, rc, &err, d->plan.id, "resolve", NULL);
}

void page_plan_unassign(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct plan_detail *d = target(req, resp, &p, &ctx);
	long long sid;
	bool listed = false;
	int rc;

	if (!d)
		return;
	sid = page_form_id(&p, "staff_id");
	for (size_t i = 0; i < d->nstaff; i++)
		listed = listed || d->staff[i].id == sid;
	if (!d->may_manage) {
		forbid(&p);
		return;
	}
	if (!listed) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	if (!*page_value(&p, "confirm")) { /* a bare form cannot skip it */
		err = (struct app_error){APP_INVALID, "confirm", "confirm.required", NULL,
					 0};
		finish(&p, &ctx, APP_INVALID, &err, d->plan.id, "unassign", NULL);
		return;
	}
	rc = app_plan_unassign(&ctx, d->plan.id, sid, &err);
	finish(&p, &ctx, rc, &err, d->plan.id, "unassign", NULL);
}

void page_plan_enrol(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct plan_detail *d = target(req, resp, &p, &ctx);
	struct eligibility_result *elig = arena_alloc(req->arena, sizeof(*elig));
	long long eid;
	int rc;

	if (!d)
		return;
	if (!d->may_manage) {
		forbid(&p);
		return;
	}
	if (!elig) {
		page_fail_status(&p, 500, "err.internal");
		return;
	}
	{
		/* by the document: a worker registered by another institution
		 * may be enrolled here (app/plan.c) */
		rc = app_plan_enrol_doc(&ctx, d->plan.id, page_value(&p, "id_type"),
					page_value(&p, "id_number"),
					page_form_id(&p, "room_id"), &eid, elig, &err);
		if (rc != APP_OK)
			person_field(&err);
		/* not eligible: every route with why (next to the number) */
		if (rc == APP_INVALID && err.msg && !strcmp(err.msg, "enrol.not_eligible"))
			err.field = "id_number";
	}
	finish(&p, &ctx, rc, &err, d->plan.id, "enrol",
	       rc == APP_INVALID && err.msg && !strcmp(err.msg, "enrol.not_eligible")
		       ? elig
		       : NULL);
}

void page_plan_withdraw(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct plan_detail *d = target(req, resp, &p, &ctx);
	long long eid;
	bool listed = false;
	int rc;

	if (!d)
		return;
	eid = page_form_id(&p, "enrolment_id");
	for (size_t i = 0; i < d->nenrolments; i++)
		listed = listed || d->enrolments[i].id == eid;
	if (!d->may_manage) {
		forbid(&p);
		return;
	}
	if (!listed) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	rc = app_plan_withdraw(&ctx, d->plan.id, eid, &err);
	finish(&p, &ctx, rc, &err, d->plan.id, "withdraw", NULL);
}

/* ---- the import of people, enrolments and scores ---- */

static void import_help(struct page *p)
{
	const char *zh, *en;
	bool required;

	html_printf(p->out, "<h2>%s</h2><p>%s</p>", T(p, "import.columns"),
		    T(p, "plan.import.columns_hint"));
	for (int k = IMPORT_PEOPLE; k <= IMPORT_SCORES; k++) {
		html_printf(p->out, "<h3>%s</h3><ul class=\"columns\">",
			    T(p, arena_printf(p->req->arena, "plan.import.kind.%s",
					      assess_import_names()[k])));
		for (size_t i = 0;
		     assess_import_column((enum assess_import)k, i, &zh, &en, &required);
		     i++)
			html_printf(p->out, "<li><strong>%s</strong> <code>%s</code>%s</li>",
				    zh, en, required ? T(p, "import.required") : "");
		html_printf(p->out, "</ul>");
	}
}

/* The form; with JavaScript (static/plans.js) it is sent by
 * XMLHttpRequest and the <progress> shows the upload, then the
 * processing; without, it is a plain form post. The texts the script
 * shows come from the catalog through data- attributes. */
static void import_form(struct page *p, long long id, const char *kind,
			const struct app_error *err, bool dry_run)
{
	bool bad = err && err->field && !strcmp(err->field, "file");

	html_printf(p->out,
		    "<form class=\"form\" method=\"post\" action=\"/plans/%lld/import\" "
		    "enctype=\"multipart/form-data\" data-upload "
		    "data-sending=\"%s\" data-processing=\"%s\" data-failed=\"%s\">"
		    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">",
		    id, T(p, "plan.import.sending"), T(p, "plan.import.processing"),
		    T(p, "plan.import.failed"), http_csrf_token(p->req, p->resp));
	if (err && err->msg && !bad && !(err->field && !strcmp(err->field, "kind")))
		html_printf(p->out, "<p class=\"error\" role=\"alert\">%s</p>",
			    T(p, err->msg));
	{
		/* a plan's kinds (legacy records are imported on their own) */
		static const char *const plan_kinds[] = {"people", "enrolments", "scores",
							 NULL};

		page_select(p, "kind", "field.import_kind", plan_kinds,
			    "plan.import.kind.", kind, 0, err);
	}
	html_printf(p->out,
		    "<div class=\"field\"><label for=\"f-file\">%s</label>"
		    "<input type=\"file\" id=\"f-file\" name=\"file\" required "
		    "accept=\".csv,.xlsx,text/csv,application/vnd.openxmlformats-"
		    "officedocument.spreadsheetml.sheet\"",
		    T(p, "field.file"));
	if (bad)
		html_printf(p->out,
			    " aria-invalid=\"true\" aria-describedby=\"h-file e-file\"");
	else
		html_printf(p->out, " aria-describedby=\"h-file\"");
	html_printf(p->out, "><p class=\"hint\" id=\"h-file\">%s</p>",
		    T(p, "import.file_hint"));
	if (bad)
		html_printf(p->out, "<p class=\"error\" id=\"e-file\">%s</p>",
			    T(p, err->msg));
	html_printf(p->out, "</div>");
	page_checkbox(p, "dry_run", "import.dry_run", dry_run);
	html_printf(p->out,
		    "<p class=\"hint\">%s</p>"
		    "<div class=\"upload-progress\" hidden><progress max=\"100\" value=\"0\">"
		    "</progress> <span class=\"upload-state\" role=\"status\"></span></div>"
		    "<div class=\"actions\"><button type=\"submit\">%s</button> "
		    "<a href=\"/plans/%lld\">%s</a></div></form>",
		    T(p, "import.dry_run_hint"), T(p, "btn.upload"), id,
		    T(p, "btn.cancel"));
}

/* Standard base64 with padding (RFC 4648 §4). Written here because the
 * pages may not include libsodium's header, which belongs to services/
 * (tests/check-source.sh). */
/* The problems as an XLSX file inside the page (a data: URL), so that the
 * user can fix the file against it without sending it again. */
static void problems_link(struct page *p, struct app_ctx *ctx,
			  const struct import_report *rep)
{
	struct app_error err;
	struct buf x, b;

	buf_init(&x, 0);
	buf_init(&b, 0);
	if (app_import_problems_xlsx(ctx, p->lang, rep, &x, &err) == APP_OK &&
	    !buf_failed(&x)) {
		buf_puts(&b, "data:application/vnd.openxmlformats-officedocument."
			     "spreadsheetml.sheet;base64,");
		buf_base64(&b, x.data, x.len);
		if (!buf_failed(&b))
			html_printf(p->out,
				    "<p><a class=\"button secondary\" href=\"%s\" "
				    "download=\"problems.xlsx\">%s</a></p>",
				    b.data, T(p, "plan.import.problems_xlsx"));
	}
	buf_release(&b);
	buf_release(&x);
}

static void import_report(struct page *p, struct app_ctx *ctx,
			  const struct import_report *rep, bool dry_run)
{
	const char *msg = rep->nproblems ? (dry_run ? "import.dry_problems"
						    : "import.has_problems")
					 : (dry_run ? "import.dry_ok" : "import.done");
	const struct {
		size_t n;
		const char *key;
	} stats[] = {{rep->rows, "import.rows"},
		     {rep->created, "import.created"},
		     {rep->updated, "import.updated"},
		     {rep->unchanged, "import.unchanged"}};
	size_t shown = rep->nproblems < ASSESS_IMPORT_MAX_PROBLEMS
			       ? rep->nproblems
			       : ASSESS_IMPORT_MAX_PROBLEMS;

	html_printf(p->out,
		    "<section class=\"report\" aria-labelledby=\"report-h\">"
		    "<h2 id=\"report-h\" tabindex=\"-1\">%s</h2>"
		    "<p class=\"%s\" role=\"%s\">%s</p><ul class=\"stats\">",
		    T(p, dry_run ? "import.report_dry" : "import.report"),
		    rep->nproblems ? "error" : "notice",
		    rep->nproblems ? "alert" : "status", T(p, msg));
	for (size_t i = 0; i < sizeof(stats) / sizeof(stats[0]); i++)
		html_printf(p->out,
			    "<li><span class=\"n\">%lld</span><span class=\"l\">%s</span></li>",
			    (long long)stats[i].n, T(p, stats[i].key));
	html_printf(p->out,
		    "<li class=\"%s\"><span class=\"n\">%lld</span><span class=\"l\">%s</span>"
		    "</li></ul>",
		    rep->nproblems ? "warn" : "", (long long)rep->nproblems,
		    T(p, "import.problems"));
	if (!rep->nproblems) {
		html_printf(p->out, "</section>");
		return;
	}
	problems_link(p, ctx, rep);
	if (shown < rep->nproblems) {
		html_printf(p->out, "<p class=\"hint\">");
		page_count(p, "plan.import.first_problems", (long long)shown);
		html_printf(p->out, "</p>");
	}
	page_import_problems(p, rep, shown);
	html_printf(p->out, "</section>");
}

static void import_page(struct page *p, struct app_ctx *ctx, const struct plan *plan,
			const struct import_report *rep, const char *kind, bool dry_run,
			const struct app_error *err)
{
	page_begin(p, T(p, "plan.import_title"));
	html_printf(p->out,
		    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/plans\">%s</a>"
		    "<a href=\"/plans/%lld\">%s</a></nav><h1>%s</h1>",
		    T(p, "nav.crumbs"), T(p, "plan.list_title"), plan->id, plan->title,
		    T(p, "plan.import_title"));
	if (rep) {
		import_report(p, ctx, rep, dry_run);
		html_printf(p->out, "<h2>%s</h2>", T(p, "import.again"));
		/* after a clean dry run the next step is the real one */
		import_form(p, plan->id, kind, NULL, !(dry_run && !rep->nproblems));
	} else {
		html_printf(p->out, "<p class=\"lead\">%s</p>", T(p, "plan.import.intro"));
		import_form(p, plan->id, kind, err, true);
	}
	import_help(p);
	html_printf(p->out, "<script src=\"/static/plans.js\" defer></script>");
	page_end(p);
}

void page_plan_import(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct plan_detail *d = target(req, resp, &p, &ctx);
	const char *kind = http_query(req, "kind");

	if (!d)
		return;
	if (!d->may_manage) {
		forbid(&p);
		return;
	}
	import_page(&p, &ctx, &d->plan, NULL,
		    kind && assess_import_parse(kind) >= 0 ? kind : "people", true, NULL);
}

void page_plan_import_post(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct import_report rep;
	struct assess_import_opts o;
	struct plan_detail *d = target(req, resp, &p, &ctx);
	const char *data = NULL, *name = NULL, *kind;
	size_t len = 0;
	int k, rc;

	if (!d)
		return;
	if (!d->may_manage) {
		forbid(&p);
		return;
	}
	memset(&o, 0, sizeof(o));
	o.dry_run = *page_input(&p, "dry_run") != '\0';
	kind = page_value(&p, "kind");
	k = assess_import_parse(kind);
	if (k == IMPORT_LEGACY)
		k = -1;
	if (k < 0) {
		err = (struct app_error){APP_INVALID, "kind", "plan.import.kind_required",
					 NULL, 0};
		resp->status = 422;
		import_page(&p, &ctx, &d->plan, NULL, NULL, o.dry_run, &err);
		return;
	}
	if (!http_form_file(req, "file", &data, &len, &name) || !len) {
		err = (struct app_error){APP_INVALID, "file", "import.no_file", NULL, 0};
		resp->status = 422;
		import_page(&p, &ctx, &d->plan, NULL, kind, o.dry_run, &err);
		return;
	}
	memset(&rep, 0, sizeof(rep));
	/* people belong to no plan; new ones are registered for the plan's
	 * institution */
	o.institution_id = d->plan.institution_id;
	rc = app_assess_import(&ctx, (enum assess_import)k,
			       k == IMPORT_PEOPLE ? 0 : d->plan.id, data, len, NULL, &o,
			       &rep, &err);
	if (rc == APP_OK || (rc == APP_INVALID && rep.nproblems)) {
		if (rep.nproblems)
			resp->status = 422;
		import_page(&p, &ctx, &d->plan, &rep, kind, o.dry_run, NULL);
		return;
	}
	if (rc != APP_INVALID) {
		page_fail(&p, &err);
		return;
	}
	resp->status = 422;
	import_page(&p, &ctx, &d->plan, NULL, kind, o.dry_run, &err);
}
