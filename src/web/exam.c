/*
 * exam.c - the online theory exam's pages (机考, issue 19).
 *
 * The candidate's side is public: /exam signs in with the admission
 * ticket's claim code (app_exam_sign_in; not limited per address, on
 * purpose: docs/exams.md) and keeps the attempt's token in the cookie
 * sc_exam; /exam/take renders the attempt server-side (the items in the order shown, each saved
 * answer checked, the countdown's figures), so it reads and even saves
 * without JavaScript (POST /exam/take); static/exam.js then saves each
 * answer as it changes through the candidate API, keeps what the server
 * has not acknowledged in localStorage and counts down.
 *
 * The proctor's side is the plan's exam page /plans/{id}/exam (plan.manage;
 * app/ checks the grant on the very plan): its papers (assemble, seal,
 * open the sitting, close it), the roster of an opened paper with the
 * extension form, and each attempt's answer record. Every id taken from
 * the URL or a form is checked to belong to the plan of the path (404).
 *
 * No key, explanation or item ref ever reaches the candidate's page: what
 * it shows comes from struct exam_view alone.
 */
#include <jansson.h>
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "web/layout.h"
#include "web/web.h"

#define EXAM_COOKIE "sc_exam"
#define EXAM_COOKIE_AGE 86400

static const char *const upper[] = {"A", "B", "C", "D", "E", "F", "G", "H"};

/* Tenths of a point as "10" or "2.5". */
static const char *points(struct page *p, int tenths)
{
	if (tenths % 10 == 0)
		return arena_printf(p->req->arena, "%d", tenths / 10);
	return arena_printf(p->req->arena, "%d.%d", tenths / 10, tenths % 10);
}

/* Seconds as "1:05:09" or "5:09". */
static const char *clock_text(struct page *p, long long s)
{
	if (s < 0)
		s = 0;
	if (s >= 3600)
		return arena_printf(p->req->arena, "%lld:%02lld:%02lld", s / 3600,
				    s / 60 % 60, s % 60);
	return arena_printf(p->req->arena, "%lld:%02lld", s / 60, s % 60);
}

/* The catalog text of key with "{n}" replaced by the text v. */
static const char *fill(struct page *p, const char *key, const char *v)
{
	const char *t = T(p, key);
	const char *at = strstr(t, "{n}");

	if (!at)
		return t;
	return arena_printf(p->req->arena, "%.*s%s%s", (int)(at - t), t, v, at + 3);
}

/* ---- the candidate: signing in ---- */

/* The sign-in form; err a refusal (its start time shown when the sitting
 * has not started). */
static void sign_in_form(struct page *p, const struct app_error *err)
{
	struct app_ctx ctx;
	struct app_error e2;
	struct exam_view v;
	const char *token = http_cookie(p->req, EXAM_COOKIE);

	page_begin(p, T(p, "online_exam.signin.title"));
	html_printf(p->out, "<h1>%s</h1><p class=\"lead\">%s</p>",
		    T(p, "online_exam.signin.title"), T(p, "online_exam.signin.intro"));
	/* an attempt in progress on this browser: the way back to it */
	page_ctx(p, &ctx);
	if (!err && token && *token && app_exam_view(&ctx, token, &v, &e2) == APP_OK &&
	    !strcmp(v.a.status, "in_progress"))
		html_printf(p->out,
			    "<p class=\"notice\" role=\"status\"><a href=\"/exam/take\" "
			    "id=\"exam-continue\">%s</a></p>",
			    T(p, "online_exam.signin.continue"));
	if (err && err->msg) {
		html_printf(p->out,
			    "<div class=\"error-summary\" role=\"alert\" id=\"exam-refused\"><p>%s",
			    T(p, err->msg));
		if (!strcmp(err->msg, "err.exam.not_started") && err->detail && *err->detail)
			html_printf(p->out,
				    " %s <time id=\"exam-starts\" datetime=\"%s\">%s</time>",
				    T(p, "online_exam.signin.starts"), err->detail,
				    page_when(p, err->detail));
		html_printf(p->out, "</p></div>");
	}
	/* a holder signed in to their own account needs no code */
	if (page_actor(p) && page_actor(p)->person_id) {
		page_form(p, "/exam", "form narrow mine");
		html_printf(p->out,
			    "<input type=\"hidden\" name=\"mine\" value=\"1\"><p>%s</p>"
			    "<div class=\"actions\"><button type=\"submit\" id=\"exam-mine\">%s"
			    "</button></div></form><p>%s</p>",
			    T(p, "online_exam.signin.mine_intro"),
			    T(p, "online_exam.signin.mine"),
			    T(p, "online_exam.signin.or_code"));
	}
	page_form(p, "/exam", "form narrow");
	page_field_ex(p, NULL, "code", "online_exam.signin.code", page_value(p, "code"),
		      "online_exam.signin.code_hint", err && err->field ? err : NULL, 1);
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
		    T(p, "online_exam.signin.submit"));
	page_end(p);
}

/* GET /exam */
void page_exam(struct http_req *req, struct http_resp *resp)
{
	struct page p;

	page_init(&p, req, resp, NULL);
	http_set_header(resp, "Cache-Control", "no-store");
	sign_in_form(&p, NULL);
}

/* POST /exam {code}, or {mine=1} for a holder signed in to their own
 * account: the attempt's token into the cookie, on to the exam. */
void page_exam_post(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	char token[APP_EXAM_TOKEN_MAX];
	long long attempt_id = 0;

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	http_set_header(resp, "Cache-Control", "no-store");
	if ((!strcmp(page_input(&p, "mine"), "1")
		     ? app_exam_sign_in_mine(&ctx, token, &attempt_id, &err)
		     : app_exam_sign_in(&ctx, page_value(&p, "code"), token, &attempt_id,
					&err)) != APP_OK) {
		if (err.status == APP_NOT_FOUND) {
			resp->status = 404;
		} else if (err.status == APP_INVALID || err.status == APP_CONFLICT) {
			resp->status = page_refusal_status(err.status);
		} else {
			page_fail(&p, &err);
			return;
		}
		sign_in_form(&p, &err);
		return;
	}
	http_set_cookie(req, resp, EXAM_COOKIE, token, EXAM_COOKIE_AGE);
	http_redirect(resp, "/exam/take");
}

/* ---- the candidate: the exam ---- */

/* The attempt of the cookie's token into v; false when there is none
 * (answered: to /exam when the token is missing or no longer good). */
static bool exam_of_cookie(struct page *p, struct app_ctx *ctx, struct exam_view *v)
{
	struct app_error err;
	const char *token = http_cookie(p->req, EXAM_COOKIE);

	http_set_header(p->resp, "Cache-Control", "no-store");
	if (!token || !*token) {
		http_redirect(p->resp, "/exam");
		return false;
	}
	if (app_exam_view(ctx, token, v, &err) != APP_OK) {
		if (err.status == APP_UNAUTHENTICATED || err.status == APP_NOT_FOUND) {
			http_set_cookie(p->req, p->resp, EXAM_COOKIE, "", 0);
			http_redirect(p->resp, "/exam");
		} else {
			page_fail(p, &err);
		}
		return false;
	}
	return true;
}

/* Whether the saved answer (shown letters) holds letter. */
static bool chosen(const char *answer, const char *letter)
{
	return answer && strchr(answer, letter[0]) != NULL;
}

/* One item: a fieldset of radio buttons (single, true/false) or check
 * boxes (multi), lettered as shown, the saved answer checked. */
static void exam_item(struct page *p, const struct exam_view_item *it, bool open)
{
	const char *ans = it->answer ? it->answer : "";
	bool multi = !strcmp(it->kind, "multi");
	int n = it->noptions;

	html_printf(p->out,
		    "<fieldset class=\"exam-item\" id=\"q-%d\" data-pos=\"%d\" "
		    "data-kind=\"%s\" data-answer=\"%s\" data-state=\"%s\">"
		    "<legend><span class=\"qno\">%d.</span> <span class=\"stem\">%s</span> "
		    "<span class=\"qscore\">%s</span></legend><div class=\"opts\">",
		    it->position, it->position, it->kind, ans, *ans ? "saved" : "",
		    it->position, it->stem,
		    fill(p, "online_exam.points", points(p, it->score)));
	for (int i = 0; i < n && i < ITEM_MAX_OPTIONS; i++) {
		if (multi)
			html_printf(p->out,
				    "<label class=\"opt\"><input type=\"checkbox\" name=\"q%d_%s\" "
				    "value=\"%s\"%s%s> <span class=\"letter\">%s.</span> "
				    "<span class=\"otext\">%s</span></label>",
				    it->position, upper[i], upper[i],
				    chosen(ans, upper[i]) ? " checked" : "",
				    open ? "" : " disabled", upper[i], it->options[i]);
		else
			html_printf(p->out,
				    "<label class=\"opt\"><input type=\"radio\" name=\"q%d\" "
				    "value=\"%s\"%s%s> <span class=\"letter\">%s.</span> "
				    "<span class=\"otext\">%s</span></label>",
				    it->position, upper[i],
				    chosen(ans, upper[i]) ? " checked" : "",
				    open ? "" : " disabled", upper[i], it->options[i]);
	}
	html_printf(p->out,
		    "</div><p class=\"qstate\" id=\"s-%d\" aria-live=\"polite\">%s</p></fieldset>",
		    it->position, *ans ? T(p, "online_exam.state.saved") : "");
}

/* A finished attempt: handed in or timed out; no items. */
static void exam_finished(struct page *p, const struct exam_view *v)
{
	page_begin(p, T(p, "online_exam.done.title"));
	html_printf(p->out,
		    "<h1>%s</h1><section class=\"exam-done\" id=\"exam-done\" data-status=\"%s\">"
		    "<p class=\"notice\" role=\"status\">%s</p><dl class=\"facts\">"
		    "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s · %s</dd>"
		    "<dt>%s</dt><dd>%d</dd><dt>%s</dt><dd>%s</dd></dl></section>",
		    T(p, "online_exam.done.title"), v->a.status,
		    T(p, !strcmp(v->a.status, "timed_out") ? "online_exam.done.timed_out"
							   : "online_exam.done.submitted"),
		    T(p, "online_exam.plan"), v->plan_title,
		    T(p, "online_exam.occupation"), v->occupation_name,
		    T(p, arena_printf(p->req->arena, "level.%d", v->level)),
		    T(p, "online_exam.answered"), v->a.answered,
		    T(p, "online_exam.done.at"), page_when(p, v->a.finished_at));
	page_end(p);
}

/* The exam as the candidate sees it. */
static void exam_render(struct page *p, const struct exam_view *v)
{
	char now[32];
	const char *token = http_cookie(p->req, EXAM_COOKIE);
	const char *kind = "";

	if (strcmp(v->a.status, "in_progress") || !v->items) {
		exam_finished(p, v);
		return;
	}
	time_now_iso(now, sizeof(now));
	page_begin(p, T(p, "online_exam.take.title"));
	html_printf(p->out,
		    "<section class=\"exam\" id=\"exam\" data-token=\"%s\" data-attempt=\"%lld\" "
		    "data-now=\"%s\" data-deadline=\"%s\" data-seconds-left=\"%lld\" "
		    "data-open=\"%s\" data-nitems=\"%zu\" data-saving=\"%s\" data-saved=\"%s\" "
		    "data-failed=\"%s\" data-pending=\"%s\" data-answered-text=\"%s\" "
		    "data-confirm=\"%s\" data-confirm-blank=\"%s\" data-time-up=\"%s\">",
		    token ? token : "", v->a.id, now, v->deadline, v->seconds_left,
		    v->open ? "1" : "0", v->nitems, T(p, "online_exam.state.saving"),
		    T(p, "online_exam.state.saved"), T(p, "online_exam.state.failed"),
		    T(p, "online_exam.state.pending"), T(p, "online_exam.answered_of"),
		    T(p, "online_exam.submit.confirm"),
		    T(p, "online_exam.submit.confirm_blank"), T(p, "online_exam.time_up"));
	html_printf(p->out,
		    "<header class=\"exam-head\"><h1>%s</h1><p class=\"exam-what\">%s · %s</p>"
		    "<div class=\"exam-bar\"><p class=\"countdown\" role=\"timer\" "
		    "aria-live=\"off\">%s <strong id=\"exam-clock\">%s</strong></p>"
		    "<p class=\"exam-count\" id=\"exam-count\" aria-live=\"polite\">",
		    v->plan_title, v->occupation_name,
		    T(p, arena_printf(p->req->arena, "level.%d", v->level)),
		    T(p, "online_exam.time_left"), clock_text(p, v->seconds_left));
	html_printf(p->out, "%s",
		    fill(p, "online_exam.answered_of",
			 arena_printf(p->req->arena, "%d/%zu", v->a.answered, v->nitems)));
	html_printf(p->out, "</p></div><p class=\"exam-net\" id=\"exam-net\" role=\"status\" "
			    "aria-live=\"polite\"></p></header>");
	/* without JavaScript the form saves every answer at once (and hands
	 * in with the second button); with it each answer is saved as it
	 * changes */
	page_form(p, "/exam/take", "exam-form");
	for (size_t i = 0; i < v->nitems; i++) {
		if (strcmp(kind, v->items[i].kind)) {
			kind = v->items[i].kind;
			html_printf(p->out, "<h2 class=\"exam-section\">%s</h2>",
				    T(p, arena_printf(p->req->arena,
						      "online_exam.kind.%s", kind)));
		}
		exam_item(p, &v->items[i], v->open);
	}
	/* handing in is for good: without JavaScript a box confirms it (the
	 * script asks instead and hides the box) */
	{
		const char *q = http_query(p->req, "confirm");
		bool bad = q && !strcmp(q, "1");

		html_printf(p->out,
			    "<div class=\"check confirm exam-confirm\"><input type=\"checkbox\" "
			    "id=\"f-confirm\" name=\"confirm\" value=\"1\"%s><label "
			    "for=\"f-confirm\">%s</label></div>",
			    bad ? " aria-invalid=\"true\" aria-describedby=\"e-confirm\""
				: "",
			    T(p, "online_exam.submit.box"));
		if (bad)
			html_printf(p->out,
				    "<p class=\"error\" id=\"e-confirm\" role=\"alert\">%s</p>",
				    T(p, "online_exam.submit.box_needed"));
	}
	html_printf(p->out,
		    "<div class=\"actions exam-actions\"><button type=\"submit\" "
		    "class=\"secondary\" id=\"exam-save\">%s</button>"
		    "<button type=\"submit\" name=\"submit\" value=\"1\" id=\"exam-submit\">%s"
		    "</button></div></form></section>"
		    "<script src=\"/static/exam.js\" defer></script>",
		    T(p, "online_exam.save_all"), T(p, "online_exam.submit"));
	page_end(p);
}

/* GET /exam/take */
void page_exam_take(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct exam_view v;

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	if (exam_of_cookie(&p, &ctx, &v))
		exam_render(&p, &v);
}

/* The answer the form gives for item it ("" none), in shown letters. */
static const char *form_answer(struct page *p, const struct exam_view_item *it)
{
	char buf[ITEM_MAX_OPTIONS + 1];
	size_t n = 0;

	if (strcmp(it->kind, "multi"))
		return page_value(p, arena_printf(p->req->arena, "q%d", it->position));
	for (int i = 0; i < it->noptions && i < ITEM_MAX_OPTIONS; i++)
		if (*page_input(p, arena_printf(p->req->arena, "q%d_%s", it->position,
						upper[i])))
			buf[n++] = upper[i][0];
	buf[n] = '\0';
	return arena_strdup(p->req->arena, buf);
}

/* POST /exam/take: without JavaScript, every answer that changed is
 * saved; with "submit" and its box "confirm" ticked the attempt is then
 * handed in (without the box: back to the exam, the box marked). */
void page_exam_take_post(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct exam_view v;
	struct exam_attempt_row done;
	const char *token;

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	if (!exam_of_cookie(&p, &ctx, &v))
		return;
	token = http_cookie(req, EXAM_COOKIE);
	for (size_t i = 0; v.open && v.items && i < v.nitems; i++) {
		struct exam_saved s;
		const char *a = form_answer(&p, &v.items[i]);

		if (!strcmp(a, v.items[i].answer ? v.items[i].answer : ""))
			continue;
		if (app_exam_save(&ctx, token, v.items[i].position, a, &s, &err) != APP_OK) {
			if (err.status == APP_CONFLICT) /* time up, or handed in */
				break;
			if (err.status != APP_INVALID) {
				page_fail(&p, &err);
				return;
			}
		}
	}
	if (!*page_input(&p, "submit")) {
		http_redirect(resp, "/exam/take");
		return;
	}
	/* handed in only with its confirmation; the answers are kept anyway */
	if (strcmp(page_input(&p, "confirm"), "1")) {
		http_redirect(resp, "/exam/take?confirm=1#f-confirm");
		return;
	}
	if (app_exam_submit(&ctx, token, &done, &err) != APP_OK &&
	    err.status != APP_CONFLICT) {
		page_fail(&p, &err);
		return;
	}
	http_redirect(resp, "/exam/take");
}

/* ---- the proctor: the plan's papers and sittings ---- */

/* A refused form of the exam page: which form (and of which object),
 * the refusal, and for a shortfall how many items are missing. */
struct exam_refusal {
	const char *form; /* assemble | seal | open | close | extend */
	long long obj;    /* the paper, or for extend the attempt */
	const struct app_error *err;
	int missing;
};

static const struct app_error *err_for(const struct exam_refusal *r, const char *form,
				       long long obj)
{
	if (r && !strcmp(r->form, form) && r->obj == obj)
		return r->err;
	return NULL;
}

/* A form-level refusal shown inside its form: one without a field, or
 * with a field that form has none of (field_known NULL: any field). */
static void form_refusal(struct page *p, const struct exam_refusal *r,
			 const struct app_error *e, const char *field_known)
{
	if (!e || !e->msg)
		return;
	if (e->field && field_known && !strcmp(e->field, field_known))
		return;
	if (!strcmp(e->msg, "err.exam.shortfall"))
		html_printf(p->out, "<p class=\"error\" role=\"alert\">%s</p>",
			    fill(p, e->msg, arena_printf(p->req->arena, "%d", r->missing)));
	else
		html_printf(p->out, "<p class=\"error\" role=\"alert\">%s</p>",
			    T(p, e->msg));
}

/* A one-button form posting paper_id (and confirm text, when given). */
static void paper_button(struct page *p, long long plan_id, const char *what,
			 long long paper_id, const char *label_key, const char *cls)
{
	page_form(p, arena_printf(p->req->arena, "/plans/%lld/exam/%s", plan_id, what),
		  "inline");
	html_printf(p->out,
		    "<input type=\"hidden\" name=\"paper_id\" value=\"%lld\">"
		    "<button type=\"submit\" class=\"%s\" id=\"%s-%lld\">%s</button></form>",
		    paper_id, cls, what, paper_id, T(p, label_key));
}

/* The status of a paper as the page shows it. */
static const char *paper_state(const struct exam_paper_row *x)
{
	if (*x->closed_at)
		return "closed";
	if (*x->starts_at)
		return "open";
	return x->status; /* draft | sealed */
}

/* The blueprints an assembly may take: those of the plan's institution
 * and its ancestors for the plan's occupation and level that the actor
 * may list (item.write there); *listed false when none could be listed
 * (a number field instead). */
static size_t blueprint_choices(struct page *p, struct app_ctx *ctx, const struct plan *pl,
				const char ***vals, const char ***labels, bool *listed)
{
	size_t n = 0, cap = 0;
	long long inst = pl->institution_id;

	*listed = false;
	*vals = NULL;
	*labels = NULL;
	for (int depth = 0; inst && depth < 8; depth++) {
		struct institution in;
		struct app_error err;
		struct exam_blueprint_row *bs;
		size_t nb;

		if (app_blueprints(ctx, inst, &bs, &nb, &err) == APP_OK) {
			*listed = true;
			for (size_t i = 0; i < nb; i++) {
				if (strcmp(bs[i].occupation_code, pl->occupation_code) ||
				    bs[i].level != pl->level)
					continue;
				if (n == cap) {
					const char **nv, **nl;

					cap = cap ? cap * 2 : 8;
					nv = arena_alloc(p->req->arena, cap * sizeof(*nv));
					nl = arena_alloc(p->req->arena, cap * sizeof(*nl));
					if (n) {
						memcpy(nv, *vals, n * sizeof(*nv));
						memcpy(nl, *labels, n * sizeof(*nl));
					}
					*vals = nv;
					*labels = nl;
				}
				(*vals)[n] = arena_printf(p->req->arena, "%lld", bs[i].id);
				(*labels)[n] =
					arena_printf(p->req->arena, "%s · %s %s (%d %s)",
						     bs[i].institution_name, bs[i].version,
						     bs[i].occupation_code, bs[i].minutes,
						     T(p, "proctor.minutes_unit"));
				n++;
			}
		}
		if (app_institution_get(ctx, inst, &in, &err) != APP_OK)
			break;
		inst = in.parent_id;
	}
	return n;
}

static const char *room_name(const struct plan_detail *d, long long room_id)
{
	for (size_t i = 0; i < d->nrooms; i++)
		if (d->rooms[i].id == room_id)
			return d->rooms[i].name;
	return "";
}

/* The roster of an opened paper: who is in, who handed in, the time
 * each has; an extension form for each one answering. */
static void roster(struct page *p, struct app_ctx *ctx, const struct plan_detail *d,
		   const struct exam_paper_row *x, const struct exam_refusal *r)
{
	struct exam_roster ro;
	struct app_error err;
	long long plan_id = d->plan.id;

	html_printf(p->out,
		    "<section class=\"roster\" id=\"roster-%lld\" data-paper=\"%lld\">",
		    x->id, x->id);
	html_printf(p->out, "<h2>%s #%lld</h2>", T(p, "proctor.roster"), x->id);
	if (app_exam_roster(ctx, x->id, &ro, &err) != APP_OK) {
		html_printf(p->out, "<p class=\"error\" role=\"alert\">%s</p></section>",
			    T(p, err.msg));
		return;
	}
	html_printf(p->out,
		    "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
		    "<dt>%s</dt><dd id=\"count-in-%lld\">%d</dd><dt>%s</dt>"
		    "<dd id=\"count-done-%lld\">%d</dd><dt>%s</dt><dd>%d</dd></dl>",
		    T(p, "proctor.starts_at"), page_when(p, ro.p.starts_at),
		    T(p, "proctor.ends_at"), page_when(p, ro.ends_at),
		    T(p, "proctor.in_progress"), x->id, ro.in_progress,
		    T(p, "proctor.finished"), x->id, ro.finished, T(p, "proctor.absent"),
		    ro.absent);
	html_printf(
		p->out,
		"<div class=\"table\"><table class=\"stack roster-table\"><thead><tr>"
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		"<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		"</tr></thead><tbody>",
		T(p, "proctor.seat"), T(p, "field.person_name"), T(p, "field.id_number"),
		T(p, "proctor.status"), T(p, "proctor.answered"), T(p, "proctor.saved_at"),
		T(p, "proctor.deadline"), T(p, "proctor.extra"), T(p, "inst.actions"));
	for (size_t i = 0; i < ro.n; i++) {
		const struct exam_roster_row *w = &ro.rows[i];
		const char *st = w->has_attempt ? w->a.status : "absent";

		html_printf(p->out,
			    "<tr data-enrolment=\"%lld\" data-status=\"%s\" class=\"%s\">"
			    "<td data-label=\"%s\">%s %d</td><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">",
			    w->enrolment_id, st, w->overdue ? "overdue" : "",
			    T(p, "proctor.seat"), room_name(d, w->room_id), w->seat,
			    T(p, "field.person_name"), w->person_name,
			    T(p, "field.id_number"), w->person_masked_id,
			    T(p, "proctor.status"));
		page_badge(p, "proctor.state.", st);
		if (!w->has_attempt) {
			html_printf(p->out,
				    "</td><td data-label=\"%s\"></td><td data-label=\"%s\"></td>"
				    "<td data-label=\"%s\"></td><td data-label=\"%s\"></td><td></td></tr>",
				    T(p, "proctor.answered"), T(p, "proctor.saved_at"),
				    T(p, "proctor.deadline"), T(p, "proctor.extra"));
			continue;
		}
		html_printf(p->out,
			    "</td><td data-label=\"%s\" class=\"answered\">%d/%lld</td>"
			    "<td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\" class=\"deadline\">%s</td>"
			    "<td data-label=\"%s\" class=\"extra\">%d</td><td>"
			    "<a href=\"/plans/%lld/exam/attempts/%lld\" class=\"record-link\">%s</a>",
			    T(p, "proctor.answered"), w->a.answered, x->nitems,
			    T(p, "proctor.saved_at"), page_when(p, w->a.saved_at),
			    T(p, "proctor.deadline"), page_when(p, w->deadline),
			    T(p, "proctor.extra"), w->a.extra_minutes, plan_id, w->a.id,
			    T(p, "proctor.record"));
		if (!strcmp(w->a.status, "in_progress")) {
			const struct app_error *e = err_for(r, "extend", w->a.id);

			page_form(p,
				  arena_printf(p->req->arena, "/plans/%lld/exam/extend",
					       plan_id),
				  "extend");
			p->idp = arena_printf(p->req->arena, "x%lld-", w->a.id);
			html_printf(p->out,
				    "<input type=\"hidden\" name=\"paper_id\" value=\"%lld\">"
				    "<input type=\"hidden\" name=\"attempt_id\" value=\"%lld\">",
				    x->id, w->a.id);
			form_refusal(p, r, e, NULL);
			if (e && e->field && strcmp(e->field, "minutes") &&
			    strcmp(e->field, "reason"))
				e = NULL; /* shown above */
			page_field_ex(p, "number", "minutes", "proctor.extend_minutes",
				      e ? page_input(p, "minutes") : "", NULL, e, 1);
			page_field(p, "reason", "proctor.extend_reason",
				   e ? page_input(p, "reason") : "", e, 1);
			p->idp = NULL;
			html_printf(p->out, "<button type=\"submit\">%s</button></form>",
				    T(p, "proctor.extend"));
		}
		html_printf(p->out, "</td></tr>");
	}
	html_printf(p->out, "</tbody></table></div>");
	if (!ro.n)
		html_printf(p->out, "<p class=\"empty\">%s</p>", T(p, "plan.no_enrolments"));
	html_printf(p->out, "</section>");
}

/* The flash of a done action (?done=…). */
static void done_notice(struct page *p)
{
	static const char *const forms[] = {"assemble",   "seal",   "open", "closed",
					    "close_wait", "extend", NULL};
	const char *done = http_query(p->req, "done");

	for (const char *const *f = forms; done && *f; f++)
		if (!strcmp(*f, done))
			html_printf(p->out,
				    "<p class=\"notice\" role=\"status\" id=\"done\">%s</p>",
				    T(p, arena_printf(p->req->arena, "proctor.done.%s", *f)));
}

/* The plan's exam page, with the refusal r (NULL none). */
static void proctor_page(struct page *p, struct app_ctx *ctx, long long plan_id,
			 const struct exam_refusal *r)
{
	struct app_error err;
	struct plan_detail *d = arena_alloc(p->req->arena, sizeof(*d));
	struct exam_paper_row *xs = NULL;
	size_t n = 0, nb;
	const char **bv, **bl;
	bool listed;
	const struct app_error *e;

	if (app_papers(ctx, plan_id, &xs, &n, &err) != APP_OK ||
	    app_plan_get(ctx, plan_id, d, &err) != APP_OK) {
		page_fail(p, &err);
		return;
	}
	nb = blueprint_choices(p, ctx, &d->plan, &bv, &bl, &listed);
	page_begin(p, T(p, "proctor.title"));
	html_printf(p->out,
		    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/plans\">%s</a>"
		    "<a href=\"/plans/%lld\">%s</a></nav><h1>%s · %s</h1>"
		    "<p class=\"lead\">%s</p>",
		    T(p, "nav.crumbs"), T(p, "plan.list_title"), plan_id, d->plan.title,
		    T(p, "proctor.title"), d->plan.title, T(p, "proctor.intro"));
	if (r)
		page_error_summary(p, r->err,
				   r->obj ? arena_printf(p->req->arena, "%s-%lld",
							 r->form, r->obj)
					  : r->form);
	else
		done_notice(p);

	/* the papers */
	html_printf(p->out, "<section id=\"papers\"><h2>%s</h2>", T(p, "proctor.papers"));
	if (!n) {
		html_printf(p->out, "<p class=\"empty\">%s</p>", T(p, "proctor.no_papers"));
	} else {
		html_printf(p->out,
			    "<div class=\"table\"><table class=\"stack papers\"><thead><tr>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
			    T(p, "proctor.paper"), T(p, "proctor.blueprint"),
			    T(p, "proctor.status"), T(p, "proctor.nitems"),
			    T(p, "proctor.starts_at"), T(p, "inst.actions"));
		for (size_t i = 0; i < n; i++) {
			const struct exam_paper_row *x = &xs[i];
			const char *st = paper_state(x);

			html_printf(p->out,
				    "<tr id=\"paper-%lld\" data-paper=\"%lld\" data-state=\"%s\">"
				    "<td data-label=\"%s\">#%lld</td>"
				    "<td data-label=\"%s\">%s · %s (%d %s)</td><td data-label=\"%s\">",
				    x->id, x->id, st, T(p, "proctor.paper"), x->id,
				    T(p, "proctor.blueprint"), x->version,
				    x->occupation_code, x->minutes,
				    T(p, "proctor.minutes_unit"), T(p, "proctor.status"));
			page_badge(p, "proctor.paper.", st);
			html_printf(p->out,
				    "</td><td data-label=\"%s\">%lld</td><td data-label=\"%s\">%s</td>"
				    "<td class=\"paper-actions\">",
				    T(p, "proctor.nitems"), x->nitems,
				    T(p, "proctor.starts_at"), page_when(p, x->starts_at));
			if (!strcmp(st, "draft")) {
				form_refusal(p, r, err_for(r, "seal", x->id), NULL);
				paper_button(p, plan_id, "seal", x->id, "proctor.seal", "");
			}
			if (!strcmp(st, "sealed") || !strcmp(st, "open")) {
				/* (re)open: before anyone signed in the start may move */
				e = err_for(r, "open", x->id);
				page_form(p,
					  arena_printf(p->req->arena,
						       "/plans/%lld/exam/open", plan_id),
					  "open-form");
				p->idp = arena_printf(p->req->arena, "o%lld-", x->id);
				html_printf(p->out,
					    "<input type=\"hidden\" name=\"paper_id\" value=\"%lld\">",
					    x->id);
				form_refusal(p, r, e, "starts_at");
				page_field_ex(p, "datetime-local", "starts_at",
					      "proctor.open_at",
					      e ? page_input(p, "starts_at") : "",
					      "proctor.open_hint", e, 1);
				p->idp = NULL;
				html_printf(p->out,
					    "<button type=\"submit\" id=\"open-%lld\">%s</button></form>",
					    x->id,
					    T(p, *x->starts_at ? "proctor.reopen"
							       : "proctor.open"));
			}
			if (!strcmp(st, "open")) {
				form_refusal(p, r, err_for(r, "close", x->id), NULL);
				paper_button(p, plan_id, "close", x->id, "proctor.close",
					     "secondary");
			}
			html_printf(p->out, "</td></tr>");
		}
		html_printf(p->out, "</tbody></table></div>");
	}
	html_printf(p->out, "</section>");

	/* a new paper */
	e = r && !strcmp(r->form, "assemble") ? r->err : NULL;
	html_printf(p->out, "<section id=\"assemble\"><h2>%s</h2>",
		    T(p, "proctor.assemble"));
	page_form(p, arena_printf(p->req->arena, "/plans/%lld/exam/assemble", plan_id),
		  "form");
	form_refusal(p, r, e, "blueprint_id");
	if (nb)
		page_select_text(p, "blueprint_id", "proctor.blueprint", bv, bl, nb,
				 e ? page_input(p, "blueprint_id") : NULL, 1, e);
	else
		page_field_ex(p, "number", "blueprint_id", "proctor.blueprint_id",
			      e ? page_input(p, "blueprint_id") : "",
			      listed ? "proctor.no_blueprints" : "proctor.blueprint_hint",
			      e, 1);
	html_printf(p->out, "<button type=\"submit\">%s</button></form></section>",
		    T(p, "proctor.assemble"));

	/* the sittings: each opened paper's roster */
	for (size_t i = 0; i < n; i++)
		if (*xs[i].starts_at)
			roster(p, ctx, d, &xs[i], r);
	page_end(p);
}

/* GET /plans/{id}/exam */
void page_plan_exam(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.plans");

	if (id)
		proctor_page(&p, &ctx, id, NULL);
}

/* The plan of the path, its access checked (plan.manage) before anything
 * of the form is read, and the form's paper_id one of its papers; 0
 * when answered (403, 404). *paper the paper when want_paper. */
static long long proctor_target(struct page *p, struct app_ctx *ctx, struct http_req *req,
				struct http_resp *resp, bool want_paper, long long *paper_id)
{
	struct app_error err;
	struct exam_paper_row *xs;
	size_t n;
	long long id = page_open_id(p, ctx, req, resp, "nav.plans");

	if (!id)
		return 0;
	if (app_papers(ctx, id, &xs, &n, &err) != APP_OK) {
		page_fail(p, &err);
		return 0;
	}
	if (!want_paper)
		return id;
	*paper_id = page_form_id(p, "paper_id");
	for (size_t i = 0; *paper_id && i < n; i++)
		if (xs[i].id == *paper_id && xs[i].plan_id == id)
			return id;
	page_fail_status(p, 404, "page.not_found");
	return 0;
}

/* Ends a proctor's action: back to the page with its flash, or the page
 * again with the refusal next to its form. */
static void proctor_done(struct page *p, struct app_ctx *ctx, long long plan_id,
			 enum app_status rc, const struct app_error *err,
			 const struct exam_refusal *r, const char *done)
{
	if (rc == APP_OK) {
		http_redirect(p->resp, arena_printf(p->req->arena, "/plans/%lld/exam?done=%s",
						    plan_id, done));
		return;
	}
	if (err->status != APP_INVALID && err->status != APP_CONFLICT) {
		page_fail(p, err);
		return;
	}
	p->resp->status = page_refusal_status(err->status);
	proctor_page(p, ctx, plan_id, r);
}

/* POST /plans/{id}/exam/assemble {blueprint_id} */
void page_plan_exam_assemble(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct paper_made made;
	enum app_status rc;
	long long bp;
	long long id = proctor_target(&p, &ctx, req, resp, false, NULL);

	if (!id)
		return;
	memset(&made, 0, sizeof(made));
	bp = page_form_id(&p, "blueprint_id");
	if (!bp) {
		memset(&err, 0, sizeof(err));
		err.status = rc = APP_INVALID;
		err.field = "blueprint_id";
		err.msg = "proctor.err.blueprint";
	} else {
		rc = app_paper_assemble(&ctx, id, bp, false, 0, &made, &err);
	}
	struct exam_refusal r = {"assemble", 0, &err, made.missing};

	proctor_done(&p, &ctx, id, rc, &err, &r, "assemble");
}

/* POST /plans/{id}/exam/seal {paper_id} */
void page_plan_exam_seal(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	char digest[65];
	long long paper = 0;
	long long id = proctor_target(&p, &ctx, req, resp, true, &paper);
	enum app_status rc;

	if (!id)
		return;
	rc = app_paper_seal(&ctx, paper, digest, &err);
	struct exam_refusal r = {"seal", paper, &err, 0};

	proctor_done(&p, &ctx, id, rc, &err, &r, "seal");
}

/* POST /plans/{id}/exam/open {paper_id, starts_at} */
void page_plan_exam_open(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long paper = 0;
	long long id = proctor_target(&p, &ctx, req, resp, true, &paper);
	enum app_status rc;

	if (!id)
		return;
	rc = app_paper_open(&ctx, paper, page_value(&p, "starts_at"), &err);
	struct exam_refusal r = {"open", paper, &err, 0};

	proctor_done(&p, &ctx, id, rc, &err, &r, "open");
}

/* POST /plans/{id}/exam/close {paper_id} */
void page_plan_exam_close(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct exam_closed out;
	long long paper = 0;
	long long id = proctor_target(&p, &ctx, req, resp, true, &paper);
	enum app_status rc;

	if (!id)
		return;
	memset(&out, 0, sizeof(out));
	rc = app_exam_close(&ctx, paper, &out, &err);
	struct exam_refusal r = {"close", paper, &err, 0};

	proctor_done(&p, &ctx, id, rc, &err, &r, out.closed ? "closed" : "close_wait");
}

/* POST /plans/{id}/exam/extend {paper_id, attempt_id, minutes, reason} */
void page_plan_exam_extend(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long paper = 0, attempt, minutes = 0;
	long long id = proctor_target(&p, &ctx, req, resp, true, &paper);
	enum app_status rc;

	if (!id)
		return;
	attempt = page_form_id(&p, "attempt_id");
	if (!attempt) {
		page_fail_status(&p, 404, "page.not_found");
		return;
	}
	if (str_to_ll(page_value(&p, "minutes"), 1, APP_EXAM_EXTEND_MAX, &minutes)) {
		memset(&err, 0, sizeof(err));
		err.status = rc = APP_INVALID;
		err.field = "minutes";
		err.msg = "proctor.err.minutes";
	} else {
		rc = app_exam_extend(&ctx, paper, attempt, (int)minutes,
				     page_value(&p, "reason"), &err);
	}
	struct exam_refusal r = {"extend", attempt, &err, 0};

	proctor_done(&p, &ctx, id, rc, &err, &r, "extend");
}

/* The letters of an original key (bits over the item's own options) as
 * the candidate was shown them (shown: the original letters in shown
 * order); true/false "T"/"F". */
static const char *shown_key(struct page *p, const struct exam_record_item *it)
{
	char out[ITEM_MAX_OPTIONS + 1];
	size_t n = 0;

	if (it->x.answer_key < 0) /* the bank's items are not the actor's to read */
		return T(p, "items.key_hidden");
	for (size_t i = 0; it->shown[i] && i < ITEM_MAX_OPTIONS; i++) {
		int o = it->shown[i] - 'A';

		if (o >= 0 && o < ITEM_MAX_OPTIONS && (it->x.answer_key & (1LL << o)))
			out[n++] = upper[i][0];
	}
	out[n] = '\0';
	return arena_strdup(p->req->arena, out);
}

/* GET /plans/{id}/exam/attempts/{aid}: an attempt's answer record. */
void page_plan_exam_attempt(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct exam_record rec;
	long long aid;
	long long id = proctor_target(&p, &ctx, req, resp, false, NULL);

	if (!id)
		return;
	aid = page_param_id(req, 1);
	if (!aid) {
		page_fail_status(&p, 404, "page.not_found");
		return;
	}
	if (app_exam_record(&ctx, aid, &rec, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	if (rec.a.plan_id != id) {
		page_fail_status(&p, 404, "page.not_found");
		return;
	}
	page_begin(&p, T(&p, "proctor.record_title"));
	html_printf(p.out,
		    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/plans\">%s</a>"
		    "<a href=\"/plans/%lld/exam\">%s</a></nav><h1>%s · %s</h1>",
		    T(&p, "nav.crumbs"), T(&p, "plan.list_title"), id,
		    T(&p, "proctor.title"), T(&p, "proctor.record_title"),
		    rec.a.person_name);
	html_printf(p.out,
		    "<dl class=\"facts\" id=\"record\" data-attempt=\"%lld\"><dt>%s</dt><dd>%s</dd>"
		    "<dt>%s</dt><dd>",
		    rec.a.id, T(&p, "field.id_number"), rec.a.person_masked_id,
		    T(&p, "proctor.status"));
	page_badge(&p, "proctor.state.", rec.a.status);
	html_printf(p.out,
		    "</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
		    "<dt>%s</dt><dd>%d</dd>",
		    T(&p, "proctor.started_at"), page_when(&p, rec.a.started_at),
		    T(&p, "proctor.finished_at"), page_when(&p, rec.a.finished_at),
		    T(&p, "proctor.deadline"), page_when(&p, rec.deadline),
		    T(&p, "proctor.extra"), rec.a.extra_minutes);
	if (rec.a.tenths >= 0)
		html_printf(p.out,
			    "<dt>%s</dt><dd id=\"record-score\">%s</dd><dt>%s</dt><dd>%d/%zu</dd>",
			    T(&p, "proctor.score"), points(&p, rec.a.tenths),
			    T(&p, "proctor.nright"), rec.a.nright, rec.nitems);
	html_printf(p.out, "</dl>");

	html_printf(p.out,
		    "<h2>%s</h2><div class=\"table\"><table class=\"stack record-items\"><thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "</tr></thead><tbody>",
		    T(&p, "proctor.items"), T(&p, "proctor.position"),
		    T(&p, "proctor.item"), T(&p, "proctor.answer"), T(&p, "proctor.key"),
		    T(&p, "proctor.result"), T(&p, "proctor.item_score"));
	for (size_t i = 0; i < rec.nitems; i++) {
		const struct exam_record_item *it = &rec.items[i];
		bool tf = !strcmp(it->x.kind, "tf");
		json_t *opts = it->x.options ? json_loads(it->x.options, 0, NULL) : NULL;

		html_printf(p.out,
			    "<tr data-pos=\"%d\" class=\"%s\"><td data-label=\"%s\">%d</td>"
			    "<td data-label=\"%s\">",
			    it->position, it->right ? "right" : "wrong",
			    T(&p, "proctor.position"), it->position, T(&p, "proctor.item"));
		/* the stem and options only for who may read the bank's items */
		if (it->x.stem)
			html_printf(p.out,
				    "<p class=\"stem\">%s</p><p class=\"hint\">%s v%d · %s</p>",
				    it->x.stem, it->x.ref, it->x.version,
				    T(&p, arena_printf(req->arena, "online_exam.kind.%s",
						       it->x.kind)));
		else
			html_printf(p.out, "<p class=\"hint\">%s</p>",
				    T(&p, arena_printf(req->arena, "online_exam.kind.%s",
						       it->x.kind)));
		html_printf(p.out, "<ol class=\"shown\">");
		for (size_t k = 0; it->x.stem && it->shown[k] && k < ITEM_MAX_OPTIONS; k++) {
			size_t o = (size_t)(it->shown[k] - 'A');
			json_t *oj = json_array_get(opts, o);
			const char *text = tf ? T(&p, o == 0 ? "choice.true" : "choice.false")
					   : oj ? json_string_value(oj)
						: "";
			const char *orig = arena_printf(req->arena, "%c", it->shown[k]);

			html_printf(p.out,
				    "<li><b>%s.</b> %s <span class=\"hint\">(%s)</span></li>",
				    upper[k], text, orig);
		}
		json_decref(opts);
		html_printf(p.out, "</ol></td><td data-label=\"%s\" class=\"answer\">%s",
			    T(&p, "proctor.answer"), *it->answer ? it->answer : "—");
		/* the same answer in the item's own letters, beside its options */
		if (*it->answer && it->original && *it->original && it->x.stem)
			html_printf(p.out, " <span class=\"hint\">(%s)</span>",
				    it->original);
		html_printf(p.out,
			    "</td><td data-label=\"%s\" class=\"key\">%s</td>"
			    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td></tr>",
			    T(&p, "proctor.key"), shown_key(&p, it),
			    T(&p, "proctor.result"),
			    T(&p, it->right ? "proctor.right" : "proctor.wrong"),
			    T(&p, "proctor.item_score"), points(&p, it->score));
	}
	html_printf(p.out, "</tbody></table></div>");

	html_printf(p.out, "<h2>%s</h2>", T(&p, "proctor.extensions"));
	if (!rec.nextensions) {
		html_printf(p.out, "<p class=\"empty\">%s</p>",
			    T(&p, "proctor.no_extensions"));
	} else {
		html_printf(p.out, "<ul class=\"plain\" id=\"extensions\">");
		for (size_t i = 0; i < rec.nextensions; i++)
			html_printf(p.out, "<li>%s · +%d %s · %s · %s</li>",
				    page_when(&p, rec.extensions[i].granted_at),
				    rec.extensions[i].minutes,
				    T(&p, "proctor.minutes_unit"),
				    rec.extensions[i].reason, rec.extensions[i].granted_by);
		html_printf(p.out, "</ul>");
	}
	page_end(&p);
}
