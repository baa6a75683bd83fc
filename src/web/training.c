/*
 * training.c - training and online courses on the pages (社会培训 / 云端课堂,
 * docs/training.md): the staff's /training (the courses in scope and a new
 * course's form) and /training/{id} (its lessons, sessions, enrolments,
 * attendance, completion and training certificates), and the holder's
 * /me/training (their courses, the open online courses to join) and
 * /me/training/{id} (its lessons to open and mark done, the hours done).
 * app/training.c decides who may do what.
 */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "web/layout.h"
#include "web/web.h"

static const char *const modes[] = {"online", "in_person", NULL};
static const char *const kinds[] = {"video", "document", NULL};

/* The value of a field re-shown after a refusal, else "". */
static const char *kept(struct page *p, const struct app_error *err, const char *name)
{
	return err ? page_input(p, name) : "";
}

/* ---- the staff's list ---- */

static void new_form(struct page *p, const struct app_error *err)
{
	html_printf(p->out, "<h2 id=\"new-course\">%s</h2>", T(p, "training.new_title"));
	page_form(p, "/training", "form");
	page_form_error(p, err);
	page_field_ex(p, "number", "institution_id", "training.field.institution",
		      err ? page_input(p, "institution_id")
			  : http_query(p->req, "institution_id"),
		      NULL, err, 1);
	page_field(p, "title", "training.field.title", kept(p, err, "title"), err, 1);
	page_select(p, "mode", "training.field.mode", modes, "training.mode.",
		    err ? page_input(p, "mode") : "online", 0, err);
	page_field_ex(p, "number", "hours", "training.field.hours", kept(p, err, "hours"),
		      NULL, err, 1);
	page_field(p, "occupation_code", "training.field.occupation",
		   kept(p, err, "occupation_code"), err, 0);
	page_field_ex(p, "number", "target_level", "training.field.level",
		      err ? page_input(p, "target_level") : "0", NULL, err, 0);
	page_textarea(p, "description", "training.field.description",
		      kept(p, err, "description"), err, 0);
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
		    T(p, "training.create"));
}

static void list_page(struct page *p, struct app_ctx *ctx, const struct app_error *refusal)
{
	struct training_course *xs;
	struct app_error err;
	size_t n;

	if (app_training_courses(ctx, 0, &xs, &n, &err) != APP_OK) {
		page_fail(p, &err);
		return;
	}
	page_begin(p, T(p, "training.list_title"));
	html_printf(p->out, "<h1>%s</h1>", T(p, "training.list_title"));
	page_error_summary(p, refusal, "new-course");
	if (!n)
		html_printf(p->out, "<p class=\"empty\">%s</p>", T(p, "training.none"));
	else {
		html_printf(p->out,
			    "<div class=\"table\"><table class=\"stack\" id=\"courses\"><thead><tr>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
			    T(p, "training.field.title"), T(p, "field.institution"),
			    T(p, "training.field.mode"), T(p, "training.field.hours"),
			    T(p, "field.status"), T(p, "training.enrolments"));
		for (size_t i = 0; i < n; i++) {
			html_printf(p->out,
				    "<tr data-course=\"%lld\"><td data-label=\"%s\"><a "
				    "href=\"/training/%lld\">%s</a></td><td data-label=\"%s\">%s</td>"
				    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%d</td>"
				    "<td data-label=\"%s\">",
				    xs[i].id, T(p, "training.field.title"), xs[i].id,
				    xs[i].title, T(p, "field.institution"),
				    xs[i].institution_name, T(p, "training.field.mode"),
				    T(p, arena_printf(p->req->arena, "training.mode.%s",
						      xs[i].mode)),
				    T(p, "training.field.hours"), xs[i].hours,
				    T(p, "field.status"));
			page_badge(p, "training.status.", xs[i].status);
			html_printf(p->out,
				    "</td><td data-label=\"%s\">%lld / %lld</td></tr>",
				    T(p, "training.enrolments"), xs[i].completed,
				    xs[i].enrolled);
		}
		html_printf(p->out, "</tbody></table></div>");
	}
	new_form(p, refusal);
	page_end(p);
}

/* GET /training */
void page_training_list(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;

	page_init(&p, req, resp, "nav.training");
	page_ctx(&p, &ctx);
	list_page(&p, &ctx, NULL);
}

/* POST /training */
void page_training_create(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct training_course_input in;
	long long id = 0, v = 0;

	page_init(&p, req, resp, "nav.training");
	page_ctx(&p, &ctx);
	memset(&in, 0, sizeof(in));
	memset(&err, 0, sizeof(err));
	in.institution_id = page_form_id(&p, "institution_id");
	in.title = page_value(&p, "title");
	in.mode = page_value(&p, "mode");
	in.occupation_code = page_value(&p, "occupation_code");
	in.description = page_value(&p, "description");
	if (str_to_ll(page_value(&p, "hours"), 0, 100000, &v)) {
		err.status = APP_INVALID;
		err.field = "hours";
		err.msg = "training.hours";
	}
	in.hours = (int)v;
	v = 0;
	if (*page_value(&p, "target_level") &&
	    str_to_ll(page_value(&p, "target_level"), 0, 5, &v)) {
		err.status = APP_INVALID;
		err.field = "target_level";
		err.msg = "training.level";
	}
	in.target_level = (int)v;
	if (!in.institution_id && !err.msg) {
		err.status = APP_INVALID;
		err.field = "institution_id";
		err.msg = "training.institution";
	}
	if (!err.msg && app_training_course_create(&ctx, &in, &id, &err) == APP_OK) {
		http_redirect(resp, arena_printf(req->arena, "/training/%lld", id));
		return;
	}
	if (err.status != APP_INVALID && err.status != APP_CONFLICT) {
		page_fail(&p, &err);
		return;
	}
	resp->status = page_refusal_status(err.status);
	list_page(&p, &ctx, &err);
}

/* ---- the staff's course page ---- */

static bool attended(const struct training_course_detail *d, long long session,
		     long long enrolment)
{
	for (size_t i = 0; i < d->nattendance; i++)
		if (d->attendance[i].session_id == session &&
		    d->attendance[i].enrolment_id == enrolment)
			return d->attendance[i].present;
	return false;
}

static void lessons_block(struct page *p, const struct training_course_detail *d,
			  const struct app_error *err)
{
	const struct training_course *x = &d->course;

	html_printf(p->out, "<h2 id=\"lessons\">%s</h2>", T(p, "training.lessons"));
	if (!d->nlessons)
		html_printf(p->out, "<p class=\"empty\">%s</p>",
			    T(p, "training.lessons_none"));
	html_printf(p->out, "<ol class=\"lessons\" id=\"lesson-list\">");
	for (size_t i = 0; i < d->nlessons; i++) {
		const struct training_lesson *l = &d->lessons[i];

		html_printf(p->out, "<li data-lesson=\"%lld\">%s · %s · %d %s ", l->id,
			    l->title,
			    T(p, arena_printf(p->req->arena, "training.lesson.kind.%s",
					      l->kind)),
			    l->hours, T(p, "training.hours_unit"));
		if (!strcmp(l->kind, "video"))
			html_printf(p->out,
				    "<a href=\"%s\" rel=\"noopener noreferrer\">%s</a>",
				    l->url, T(p, "training.lesson.open_video"));
		else
			html_printf(p->out,
				    "<a href=\"/api/v1/training-lessons/%lld/file\">%s</a>",
				    l->id, T(p, "training.lesson.open_doc"));
		html_printf(p->out, "</li>");
	}
	html_printf(p->out, "</ol>");
	if (!strcmp(x->status, "closed"))
		return;
	page_details(p, "add", "add-lesson", err != NULL, "training.lesson.add");
	page_form_upload(p, arena_printf(p->req->arena, "/training/%lld/act", x->id),
			 "form");
	p->idp = "l-";
	html_printf(p->out, "<input type=\"hidden\" name=\"action\" value=\"lesson\">");
	page_field(p, "title", "training.field.title", kept(p, err, "title"), err, 1);
	page_select(p, "kind", "training.field.kind", kinds, "training.lesson.kind.",
		    err ? page_input(p, "kind") : "video", 0, err);
	page_field_ex(p, "number", "hours", "training.field.hours", kept(p, err, "hours"),
		      NULL, err, 1);
	page_field_ex(p, "url", "url", "training.field.url", kept(p, err, "url"), NULL,
		      err, 0);
	page_field_ex(p, "file", "file", "training.field.file", NULL, NULL, err, 0);
	p->idp = NULL;
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>"
		    "</details>",
		    T(p, "training.lesson.add"));
}

static void sessions_block(struct page *p, const struct training_course_detail *d,
			   const struct app_error *err)
{
	const struct training_course *x = &d->course;

	html_printf(p->out,
		    "<h2 id=\"sessions\">%s</h2><ul class=\"plain\" id=\"session-list\">",
		    T(p, "training.sessions"));
	for (size_t i = 0; i < d->nsessions; i++)
		html_printf(p->out, "<li data-session=\"%lld\">%s – %s · %s · %d %s</li>",
			    d->sessions[i].id, d->sessions[i].starts_at,
			    d->sessions[i].ends_at, d->sessions[i].room,
			    d->sessions[i].hours, T(p, "training.hours_unit"));
	html_printf(p->out, "</ul>");
	if (!strcmp(x->status, "closed"))
		return;
	page_details(p, "add", "add-session", err != NULL, "training.session.add");
	page_form(p, arena_printf(p->req->arena, "/training/%lld/act", x->id), "form");
	p->idp = "s-";
	html_printf(p->out, "<input type=\"hidden\" name=\"action\" value=\"session\">");
	page_field_ex(p, "datetime-local", "starts_at", "training.field.starts_at",
		      kept(p, err, "starts_at"), NULL, err, 1);
	page_field_ex(p, "datetime-local", "ends_at", "training.field.ends_at",
		      kept(p, err, "ends_at"), NULL, err, 1);
	page_field(p, "room", "training.field.room", kept(p, err, "room"), err, 0);
	page_field_ex(p, "number", "hours", "training.field.hours", kept(p, err, "hours"),
		      NULL, err, 1);
	p->idp = NULL;
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>"
		    "</details>",
		    T(p, "training.session.add"));
}

/* One enrolment's row: hours, status, and the actions that fit it. */
static void enrolment_row(struct page *p, const struct training_course_detail *d,
			  const struct training_enrolment *e)
{
	const char *act = arena_printf(p->req->arena, "/training-enrolments/%lld/act",
				       e->id);

	html_printf(p->out,
		    "<tr data-enrolment=\"%lld\"><td data-label=\"%s\">%s</td>"
		    "<td data-label=\"%s\">%d / %d</td><td data-label=\"%s\">",
		    e->id, T(p, "field.person_name"), e->person_name,
		    T(p, "training.hours_done"), e->hours_done, d->course.hours,
		    T(p, "field.status"));
	page_badge(p, "training.enrolment.", e->status);
	html_printf(p->out, "</td><td data-label=\"%s\">", T(p, "training.certificate"));
	if (e->certificate_number)
		html_printf(p->out,
			    "<a class=\"cert-number\" href=\"/certificates/%lld\">%s</a>",
			    e->certificate_id, e->certificate_number);
	html_printf(p->out, "</td><td data-label=\"%s\" class=\"actions\">",
		    T(p, "training.actions"));
	if (!strcmp(e->status, "enrolled")) {
		for (size_t i = 0; i < d->nsessions; i++) {
			bool here = attended(d, d->sessions[i].id, e->id);

			page_form(p, act, "inline");
			html_printf(
				p->out,
				"<input type=\"hidden\" name=\"action\" value=\"attend\">"
				"<input type=\"hidden\" name=\"session_id\" value=\"%lld\">"
				"<input type=\"hidden\" name=\"present\" value=\"%s\">"
				"<button type=\"submit\" aria-pressed=\"%s\">%s %s</button></form>",
				d->sessions[i].id, here ? "0" : "1", here ? "true" : "false",
				T(p, "training.field.present"), d->sessions[i].starts_at);
		}
		page_form(p, act, "inline");
		html_printf(p->out,
			    "<input type=\"hidden\" name=\"action\" value=\"complete\">"
			    "<button type=\"submit\">%s</button></form>",
			    T(p, "training.act.complete"));
		page_form(p, act, "inline");
		html_printf(p->out,
			    "<input type=\"hidden\" name=\"action\" value=\"withdraw\">"
			    "<button type=\"submit\" class=\"secondary\">%s</button></form>",
			    T(p, "training.act.withdraw"));
	} else if (!strcmp(e->status, "completed") && !e->certificate_id) {
		page_form(p, act, "inline");
		html_printf(p->out,
			    "<input type=\"hidden\" name=\"action\" value=\"certify\">"
			    "<button type=\"submit\">%s</button></form>",
			    T(p, "training.act.certify"));
	}
	html_printf(p->out, "</td></tr>");
}

static void course_page(struct page *p, struct app_ctx *ctx, long long id,
			const struct app_error *refusal, const char *form)
{
	struct training_course_detail d;
	struct app_error err;
	const struct training_course *x;

	if (app_training_course(ctx, id, &d, &err) != APP_OK) {
		page_fail(p, &err);
		return;
	}
	x = &d.course;
	page_begin(p, x->title);
	html_printf(p->out,
		    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/training\">%s</a></nav>"
		    "<h1>%s</h1>",
		    T(p, "nav.crumbs"), T(p, "training.list_title"), x->title);
	page_error_summary(p, refusal, form ? form : "course");
	html_printf(p->out,
		    "<dl class=\"facts\" id=\"course\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
		    "<dt>%s</dt><dd>%d</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>",
		    T(p, "field.institution"), x->institution_name,
		    T(p, "training.field.mode"),
		    T(p, arena_printf(p->req->arena, "training.mode.%s", x->mode)),
		    T(p, "training.field.hours"), x->hours,
		    T(p, "training.field.occupation"),
		    *x->occupation_code ? x->occupation_code : "—", T(p, "field.status"));
	page_badge(p, "training.status.", x->status);
	html_printf(p->out, "</dd></dl>");
	if (*x->description)
		html_printf(p->out, "<p class=\"lead\">%s</p>", x->description);
	if (strcmp(x->status, "closed")) {
		bool draft = !strcmp(x->status, "draft");

		page_form(p, arena_printf(p->req->arena, "/training/%lld/act", x->id),
			  "inline");
		html_printf(p->out,
			    "<input type=\"hidden\" name=\"action\" value=\"%s\">"
			    "<button type=\"submit\" id=\"course-step\">%s</button></form>",
			    draft ? "open" : "close",
			    T(p, draft ? "training.act.open" : "training.act.close"));
	}
	if (!strcmp(x->mode, "online"))
		lessons_block(p, &d, form && !strcmp(form, "add-lesson") ? refusal : NULL);
	else
		sessions_block(p, &d, form && !strcmp(form, "add-session") ? refusal : NULL);
	html_printf(p->out, "<h2 id=\"enrolments\">%s</h2>", T(p, "training.enrolments"));
	if (!d.nenrolments)
		html_printf(p->out, "<p class=\"empty\">%s</p>",
			    T(p, "training.enrolments_none"));
	else {
		html_printf(p->out,
			    "<div class=\"table\"><table class=\"stack\" id=\"enrolment-list\">"
			    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead><tbody>",
			    T(p, "field.person_name"), T(p, "training.hours_done"),
			    T(p, "field.status"), T(p, "training.certificate"),
			    T(p, "training.actions"));
		for (size_t i = 0; i < d.nenrolments; i++)
			enrolment_row(p, &d, &d.enrolments[i]);
		html_printf(p->out, "</tbody></table></div>");
	}
	if (!strcmp(x->status, "open")) {
		const struct app_error *e = form && !strcmp(form, "enrol-form") ? refusal
										: NULL;

		html_printf(p->out, "<div id=\"enrol-form\">");
		page_form(p, arena_printf(p->req->arena, "/training/%lld/act", x->id),
			  "form");
		p->idp = "e-";
		html_printf(p->out,
			    "<input type=\"hidden\" name=\"action\" value=\"enrol\">");
		page_field_ex(p, "number", "person_id", "training.field.person_id",
			      kept(p, e, "person_id"), NULL, e, 1);
		p->idp = NULL;
		html_printf(p->out,
			    "<div class=\"actions\"><button type=\"submit\">%s</button></div>"
			    "</form></div>",
			    T(p, "training.enrol"));
	}
	page_end(p);
}

/* GET /training/{id} */
void page_training_show(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;

	page_init(&p, req, resp, "nav.training");
	page_ctx(&p, &ctx);
	course_page(&p, &ctx, page_param_id(req, 0), NULL, NULL);
}

/* The refusal err as its re-rendered page (422/409), or the error page. */
static void refused(struct page *p, struct app_ctx *ctx, long long course,
		    const struct app_error *err, const char *form)
{
	if (err->status != APP_INVALID && err->status != APP_CONFLICT) {
		page_fail(p, err);
		return;
	}
	p->resp->status = page_refusal_status(err->status);
	course_page(p, ctx, course, err, form);
}

/* POST /training/{id}/act: action open | close | lesson | session | enrol */
void page_training_act(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct training_course_detail d;
	long long id = page_param_id(req, 0), out = 0, v = 0;
	const char *action, *form = "course";
	enum app_status st;

	page_init(&p, req, resp, "nav.training");
	page_ctx(&p, &ctx);
	/* the course first: who may act on it */
	if (app_training_course(&ctx, id, &d, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	memset(&err, 0, sizeof(err));
	action = page_value(&p, "action");
	if (!strcmp(action, "open") || !strcmp(action, "close")) {
		st = app_training_course_status(
			&ctx, id, !strcmp(action, "open") ? "open" : "closed", &err);
	} else if (!strcmp(action, "lesson")) {
		struct training_lesson_input in;
		const char *data = NULL, *name = NULL;
		size_t len = 0;

		form = "add-lesson";
		memset(&in, 0, sizeof(in));
		in.title = page_value(&p, "title");
		in.kind = page_value(&p, "kind");
		in.url = page_value(&p, "url");
		str_to_ll(page_value(&p, "hours"), 0, 100000, &v);
		in.hours = (int)v;
		if (http_form_file(req, "file", &data, &len, &name) && len) {
			in.data = data;
			in.len = len;
			in.filename = name && *name ? name : "lesson.pdf";
		}
		st = app_training_lesson_add(&ctx, id, &in, &out, &err);
	} else if (!strcmp(action, "session")) {
		struct training_session s;

		form = "add-session";
		memset(&s, 0, sizeof(s));
		s.starts_at = page_value(&p, "starts_at");
		s.ends_at = page_value(&p, "ends_at");
		s.room = page_value(&p, "room");
		str_to_ll(page_value(&p, "hours"), 0, 100000, &v);
		s.hours = (int)v;
		st = app_training_session_add(&ctx, id, &s, &out, &err);
	} else if (!strcmp(action, "enrol")) {
		form = "enrol-form";
		st = app_training_enrol(&ctx, id, page_form_id(&p, "person_id"), &out, &err);
	} else {
		page_fail_status(&p, 422, "err.bad_request");
		return;
	}
	if (st == APP_OK) {
		http_redirect(resp, arena_printf(req->arena, "/training/%lld#%s", id,
						 !strcmp(form, "course") ? "course" : form));
		return;
	}
	refused(&p, &ctx, id, &err, form);
}

/* POST /training-enrolments/{id}/act: action attend | complete | withdraw
 * | certify */
void page_training_enrolment_act(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct training_enrolment e;
	long long id = page_param_id(req, 0), out = 0;
	const char *action, *number = NULL;
	int hours = 0;
	enum app_status st;

	page_init(&p, req, resp, "nav.training");
	page_ctx(&p, &ctx);
	if (app_training_enrolment(&ctx, id, &e, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	memset(&err, 0, sizeof(err));
	action = page_value(&p, "action");
	if (!strcmp(action, "attend"))
		st = app_training_attendance(&ctx, id, page_form_id(&p, "session_id"),
					     !strcmp(page_value(&p, "present"), "1"),
					     &hours, &err);
	else if (!strcmp(action, "complete"))
		st = app_training_complete(&ctx, id, &err);
	else if (!strcmp(action, "withdraw"))
		st = app_training_withdraw(&ctx, id, &err);
	else if (!strcmp(action, "certify"))
		st = app_training_certify(&ctx, id, &out, &number, &err);
	else {
		page_fail_status(&p, 422, "err.bad_request");
		return;
	}
	if (st == APP_OK) {
		http_redirect(resp, arena_printf(req->arena, "/training/%lld#enrolments",
						 e.course_id));
		return;
	}
	refused(&p, &ctx, e.course_id, &err, "enrolments");
}

/* ---- the holder's ---- */

static void progress(struct page *p, int done, int hours)
{
	html_printf(p->out,
		    "<p class=\"progress-text\">%s: <strong class=\"hours-done\">%d</strong> / %d "
		    "%s</p><progress max=\"%d\" value=\"%d\" aria-label=\"%s\"></progress>",
		    T(p, "training.hours_done"), done, hours, T(p, "training.hours_unit"),
		    hours, done < hours ? done : hours, T(p, "training.hours_done"));
}

/* GET /me/training */
void page_my_training(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct holder_training h;

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	if (app_holder_training(&ctx, &h, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	page_begin(&p, T(&p, "training.mine.title"));
	html_printf(p.out, "<h1>%s</h1><p class=\"lead\">%s</p>",
		    T(&p, "training.mine.title"), T(&p, "training.mine.intro"));
	if (!h.nenrolments)
		html_printf(p.out, "<p class=\"empty\">%s</p>", T(&p, "training.mine.none"));
	html_printf(p.out, "<ul class=\"plain\" id=\"my-training\">");
	for (size_t i = 0; i < h.nenrolments; i++) {
		const struct training_enrolment *e = &h.enrolments[i];

		html_printf(p.out, "<li class=\"card\" data-course=\"%lld\"><h2>%s</h2>",
			    e->course_id, e->course_title);
		page_badge(&p, "training.enrolment.", e->status);
		progress(&p, e->hours_done, e->course_hours);
		if (e->certificate_number)
			html_printf(p.out,
				    "<p>%s: <a class=\"cert-number\" "
				    "href=\"/me/certificates\">%s</a></p>",
				    T(&p, "training.certificate"), e->certificate_number);
		html_printf(p.out,
			    "<p class=\"actions\"><a href=\"/me/training/%lld\">%s</a></p></li>",
			    e->course_id, T(&p, "training.mine.continue"));
	}
	html_printf(p.out, "</ul><h2 id=\"open-courses\">%s</h2>",
		    T(&p, "training.mine.open"));
	if (!h.nopen)
		html_printf(p.out, "<p class=\"empty\">%s</p>",
			    T(&p, "training.mine.open_none"));
	html_printf(p.out, "<ul class=\"plain\" id=\"open-list\">");
	for (size_t i = 0; i < h.nopen; i++) {
		const struct training_course *x = &h.open[i];

		html_printf(p.out,
			    "<li class=\"card\" data-course=\"%lld\"><h3>%s</h3><p>%s · %d %s</p>",
			    x->id, x->title, x->institution_name, x->hours,
			    T(&p, "training.hours_unit"));
		if (*x->description)
			html_printf(p.out, "<p>%s</p>", x->description);
		page_form(&p, arena_printf(req->arena, "/me/training/%lld/enrol", x->id),
			  "inline");
		html_printf(p.out, "<button type=\"submit\">%s</button></form></li>",
			    T(&p, "training.mine.enrol"));
	}
	html_printf(p.out, "</ul>");
	page_end(&p);
}

/* POST /me/training/{id}/enrol */
void page_my_training_enrol(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_param_id(req, 0), out = 0;

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	if (app_holder_training_enrol(&ctx, id, &out, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	http_redirect(resp, arena_printf(req->arena, "/me/training/%lld", id));
}

/* GET /me/training/{id} */
void page_my_training_course(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct holder_training_course h;
	long long id = page_param_id(req, 0);
	bool open;

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	if (app_holder_training_course(&ctx, id, &h, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	open = !strcmp(h.enrolment.status, "enrolled") && !strcmp(h.course.status, "open");
	page_begin(&p, h.course.title);
	html_printf(p.out,
		    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/me/training\">%s</a></nav>"
		    "<h1>%s</h1><p>%s · %s</p>",
		    T(&p, "nav.crumbs"), T(&p, "training.mine.title"), h.course.title,
		    h.course.institution_name,
		    T(&p, arena_printf(req->arena, "training.mode.%s", h.course.mode)));
	page_badge(&p, "training.enrolment.", h.enrolment.status);
	progress(&p, h.enrolment.hours_done, h.course.hours);
	if (*h.course.description)
		html_printf(p.out, "<p class=\"lead\">%s</p>", h.course.description);
	if (h.nlessons)
		html_printf(p.out, "<h2>%s</h2><ol class=\"lessons\" id=\"lesson-list\">",
			    T(&p, "training.lessons"));
	for (size_t i = 0; i < h.nlessons; i++) {
		const struct training_lesson *l = &h.lessons[i];
		bool done = false;

		for (size_t j = 0; j < h.ndone; j++)
			done = done || h.done[j].lesson_id == l->id;
		html_printf(p.out,
			    "<li class=\"card lesson%s\" data-lesson=\"%lld\"><h3>%s</h3>"
			    "<p>%s · %d %s</p><p class=\"actions\">",
			    done ? " done" : "", l->id, l->title,
			    T(&p, arena_printf(req->arena, "training.lesson.kind.%s",
					       l->kind)),
			    l->hours, T(&p, "training.hours_unit"));
		if (!strcmp(l->kind, "video"))
			html_printf(p.out,
				    "<a href=\"%s\" rel=\"noopener noreferrer\" "
				    "target=\"_blank\">%s</a>",
				    l->url, T(&p, "training.lesson.open_video"));
		else
			html_printf(p.out,
				    "<a href=\"/api/v1/training-lessons/%lld/file\">%s</a>",
				    l->id, T(&p, "training.lesson.open_doc"));
		html_printf(p.out, "</p>");
		if (done)
			html_printf(p.out, "<p class=\"lesson-state\">✓ %s</p>",
				    T(&p, "training.lesson.done"));
		else if (open) {
			page_form(&p,
				  arena_printf(req->arena,
					       "/me/training-lessons/%lld/done", l->id),
				  "inline");
			html_printf(p.out, "<button type=\"submit\">%s</button></form>",
				    T(&p, "training.lesson.mark_done"));
		}
		html_printf(p.out, "</li>");
	}
	if (h.nlessons)
		html_printf(p.out, "</ol>");
	if (h.nsessions) {
		html_printf(p.out, "<h2>%s</h2><ul class=\"plain\">",
			    T(&p, "training.sessions"));
		for (size_t i = 0; i < h.nsessions; i++)
			html_printf(p.out, "<li>%s – %s · %s · %d %s</li>",
				    h.sessions[i].starts_at, h.sessions[i].ends_at,
				    h.sessions[i].room, h.sessions[i].hours,
				    T(&p, "training.hours_unit"));
		html_printf(p.out, "</ul>");
	}
	if (h.enrolment.certificate_number)
		html_printf(p.out,
			    "<p>%s: <a class=\"cert-number\" href=\"/me/certificates\">%s</a></p>",
			    T(&p, "training.certificate"), h.enrolment.certificate_number);
	page_end(&p);
}

/* POST /me/training-lessons/{id}/done */
void page_my_training_lesson_done(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_param_id(req, 0), course = 0;
	int hours = 0;

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	if (app_holder_training_lesson_done(&ctx, id, &course, &hours, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	/* back to the course: the lesson's card now reads done */
	http_redirect(resp,
		      arena_printf(req->arena, "/me/training/%lld#lesson-list", course));
}
