/*
 * training.c - training and online courses (社会培训 / 云端课堂, issue 15
 * part B; migration 0033; docs/training.md): courses of an institution,
 * their lessons (an uploaded PDF or an https video link) or sessions, the
 * people enrolled, the lessons they completed and the sessions they
 * attended, and completion confirmed by the institution once the hours are
 * reached. Staff act with training.manage on the course's institution; a
 * holder (app/holder.c) sees their own enrolments, enrols themself in an
 * open online course and marks its lessons done.
 */
#include <jansson.h>
#include <string.h>

#include "app/internal.h"
#include "base/buf.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "core/registry.h"
#include "services/secret.h"

/* Text of at most max bytes, valid UTF-8, without control characters
 * (newlines allowed when multiline). */
static bool text_ok(const char *s, size_t max, bool multiline)
{
	size_t n = s ? strlen(s) : 0;

	if (!s || n > max || !str_utf8_valid(s, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if ((ch < 0x20 && !(multiline && (ch == '\n' || ch == '\r' || ch == '\t'))) ||
		    ch == 0x7f)
			return false;
	}
	return true;
}

/* The course id on c with training.manage on its institution. */
static enum app_status load_managed(struct app_ctx *ctx, struct store_conn *c, long long id,
				    struct training_course *x, struct app_error *err)
{
	enum store_err rc;

	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	rc = store_training_course_get(c, ctx->arena, id, x);
	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	return app_authorize(ctx, c, PERM_TRAINING_MANAGE, x->institution_id, err);
}

/* The enrolment id on c with training.manage on its course's institution. */
static enum app_status load_enrolment(struct app_ctx *ctx, struct store_conn *c,
				      long long id, struct training_enrolment *e,
				      struct training_course *x, struct app_error *err)
{
	enum store_err rc;

	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	rc = store_training_enrolment_get(c, ctx->arena, id, e);
	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	return load_managed(ctx, c, e->course_id, x, err);
}

enum app_status app_training_course_create(struct app_ctx *ctx,
					   const struct training_course_input *in,
					   long long *id, struct app_error *err)
{
	struct store_conn *c;
	struct training_course x;
	struct institution inst;
	char now[32];
	enum store_err rc;

	*id = 0;
	if (!in->title || !*in->title || !text_ok(in->title, TRAINING_TITLE_MAX, false))
		return app_fail(err, APP_INVALID, "title", "training.title");
	if (in->occupation_code && *in->occupation_code &&
	    !occupation_code_valid(in->occupation_code))
		return app_fail(err, APP_INVALID, "occupation_code", "training.occupation");
	if (in->target_level < 0 || in->target_level > 5)
		return app_fail(err, APP_INVALID, "target_level", "training.level");
	if (!training_mode_valid(in->mode))
		return app_fail(err, APP_INVALID, "mode", "training.mode");
	if (in->hours < 1 || in->hours > TRAINING_HOURS_MAX)
		return app_fail(err, APP_INVALID, "hours", "training.hours");
	if (in->description && !text_ok(in->description, TRAINING_DESCRIPTION_MAX, true))
		return app_fail(err, APP_INVALID, "description", "training.description");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	rc = store_institution_get(c, ctx->arena, in->institution_id, &inst);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_INVALID, "institution_id", "training.institution");
		return app_abort(ctx, c, err);
	}
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (app_authorize(ctx, c, PERM_TRAINING_MANAGE, in->institution_id, err))
		return app_abort(ctx, c, err);
	time_now_iso(now, sizeof(now));
	memset(&x, 0, sizeof(x));
	x.institution_id = in->institution_id;
	x.title = in->title;
	x.occupation_code = in->occupation_code ? in->occupation_code : "";
	x.target_level = in->target_level;
	x.mode = in->mode;
	x.hours = in->hours;
	x.description = in->description ? in->description : "";
	x.status = "draft";
	x.created_by = app_actor_name(ctx);
	x.created_at = now;
	rc = store_training_course_insert(c, &x, id);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "training.course", "training_course",
			       app_idtext(ctx, *id), NULL,
			       app_json(ctx, "{s:I, s:s, s:s, s:s, s:i, s:i, s:s}",
					"institution_id", (json_int_t)x.institution_id,
					"title", x.title, "occupation_code",
					x.occupation_code, "mode", x.mode, "hours",
					x.hours, "target_level", x.target_level, "status",
					x.status));
	if (rc)
		*id = 0;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_training_course_status(struct app_ctx *ctx, long long id,
					   const char *status, struct app_error *err)
{
	struct store_conn *c;
	struct training_course x;
	enum store_err rc;

	if (!training_status_valid(status))
		return app_fail(err, APP_INVALID, "status", "training.status");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (load_managed(ctx, c, id, &x, err))
		return app_abort(ctx, c, err);
	if (!training_status_next(x.status, status)) {
		app_fail(err, APP_CONFLICT, "status", "training.status_step");
		return app_abort(ctx, c, err);
	}
	if (!strcmp(status, "open") && !strcmp(x.mode, "online") && !x.lessons) {
		app_fail(err, APP_INVALID, "status", "training.no_lessons");
		return app_abort(ctx, c, err);
	}
	rc = store_training_course_status(c, id, x.status, status);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_CONFLICT, "status", "training.status_step");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "training.course", "training_course",
			       app_idtext(ctx, id),
			       app_json(ctx, "{s:s}", "status", x.status),
			       app_json(ctx, "{s:s}", "status", status));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_training_lesson_add(struct app_ctx *ctx, long long course_id,
					const struct training_lesson_input *in,
					long long *id, struct app_error *err)
{
	struct store_conn *c;
	struct training_course x;
	struct training_lesson l;
	struct buf b;
	char now[32], digest[SECRET_DIGEST_HEX];
	enum store_err rc;

	*id = 0;
	if (!in->title || !*in->title || !text_ok(in->title, TRAINING_TITLE_MAX, false))
		return app_fail(err, APP_INVALID, "title", "training.title");
	if (!training_lesson_kind_valid(in->kind))
		return app_fail(err, APP_INVALID, "kind", "training.lesson_kind");
	if (in->hours < 1 || in->hours > TRAINING_HOURS_MAX)
		return app_fail(err, APP_INVALID, "hours", "training.hours");
	if (!strcmp(in->kind, "video") && !training_url_ok(in->url))
		return app_fail(err, APP_INVALID, "url", "training.url");
	if (!strcmp(in->kind, "document")) {
		if (!in->data || !in->len || in->len > TRAINING_DOC_BYTES)
			return app_fail(err, APP_INVALID, "file", "training.file_size");
		if (!training_is_pdf(in->data, in->len))
			return app_fail(err, APP_INVALID, "file", "training.file_type");
		if (!in->filename || !*in->filename || strchr(in->filename, '/') ||
		    !text_ok(in->filename, 200, false))
			return app_fail(err, APP_INVALID, "filename", "training.filename");
	}
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (load_managed(ctx, c, course_id, &x, err))
		return app_abort(ctx, c, err);
	if (strcmp(x.mode, "online")) {
		app_fail(err, APP_INVALID, "mode", "training.lesson_online");
		return app_abort(ctx, c, err);
	}
	if (!strcmp(x.status, "closed")) {
		app_fail(err, APP_CONFLICT, "status", "training.closed");
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	memset(&l, 0, sizeof(l));
	l.course_id = course_id;
	l.title = in->title;
	l.kind = in->kind;
	l.hours = in->hours;
	l.created_at = now;
	buf_init(&b, 0);
	if (!strcmp(in->kind, "video")) {
		l.url = in->url;
		l.filename = "";
		l.digest = "";
	} else {
		l.url = "";
		l.filename = in->filename;
		l.size = (long long)in->len;
		secret_sha256_hex(in->data, in->len, digest);
		l.digest = digest;
		buf_base64(&b, in->data, in->len);
		buf_putc(&b, '\0');
		l.data = b.data ? b.data : "";
	}
	rc = b.err ? STORE_ERROR : store_training_lesson_insert(c, &l, id);
	buf_release(&b);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "training.content", "training_course",
			       app_idtext(ctx, course_id), NULL,
			       app_json(ctx, "{s:I, s:s, s:s, s:i, s:s, s:s}", "lesson_id",
					(json_int_t)*id, "title", l.title, "kind", l.kind,
					"hours", l.hours, "url", l.url, "digest", l.digest));
	if (rc)
		*id = 0;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_training_session_add(struct app_ctx *ctx, long long course_id,
					 const struct training_session *in, long long *id,
					 struct app_error *err)
{
	struct store_conn *c;
	struct training_course x;
	struct training_session s;
	enum store_err rc;

	*id = 0;
	if (!training_time_ok(in->starts_at))
		return app_fail(err, APP_INVALID, "starts_at", "training.time");
	if (!training_time_ok(in->ends_at) || strcmp(in->ends_at, in->starts_at) <= 0)
		return app_fail(err, APP_INVALID, "ends_at", "training.ends");
	if (in->room && !text_ok(in->room, 200, false))
		return app_fail(err, APP_INVALID, "room", "training.room");
	if (in->hours < 1 || in->hours > 24)
		return app_fail(err, APP_INVALID, "hours", "training.session_hours");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (load_managed(ctx, c, course_id, &x, err))
		return app_abort(ctx, c, err);
	if (strcmp(x.mode, "in_person")) {
		app_fail(err, APP_INVALID, "mode", "training.session_in_person");
		return app_abort(ctx, c, err);
	}
	if (!strcmp(x.status, "closed")) {
		app_fail(err, APP_CONFLICT, "status", "training.closed");
		return app_abort(ctx, c, err);
	}
	s = *in;
	s.course_id = course_id;
	s.room = in->room ? in->room : "";
	rc = store_training_session_insert(c, &s, id);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "training.content", "training_course",
			       app_idtext(ctx, course_id), NULL,
			       app_json(ctx, "{s:I, s:s, s:s, s:s, s:i}", "session_id",
					(json_int_t)*id, "starts_at", s.starts_at, "ends_at",
					s.ends_at, "room", s.room, "hours", s.hours));
	if (rc)
		*id = 0;
	return app_finish(ctx, c, rc, err);
}

/* Enrols person in the open course x on c (any checks of who done). */
static enum app_status enrol_tx(struct app_ctx *ctx, struct store_conn *c,
				const struct training_course *x, long long person_id,
				long long *id, struct app_error *err)
{
	struct training_enrolment had;
	char now[32];
	enum store_err rc;

	if (strcmp(x->status, "open"))
		return app_fail(err, APP_CONFLICT, "status", "training.not_open");
	rc = store_training_enrolment_of(c, ctx->arena, x->id, person_id, &had);
	if (rc == STORE_OK)
		return app_fail(err, APP_CONFLICT, "person_id", "training.enrolled_already");
	if (rc != STORE_NOT_FOUND)
		return app_store_fail(ctx, c, rc, err);
	time_now_iso(now, sizeof(now));
	rc = store_training_enrol(c, x->id, person_id, now, id);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "training.enrol", "training_enrolment",
			       app_idtext(ctx, *id), NULL,
			       app_json(ctx, "{s:I, s:I, s:s}", "course_id",
					(json_int_t)x->id, "person_id",
					(json_int_t)person_id, "status", "enrolled"));
	return rc ? app_store_fail(ctx, c, rc, err) : APP_OK;
}

enum app_status app_training_enrol(struct app_ctx *ctx, long long course_id,
				   long long person_id, long long *id, struct app_error *err)
{
	struct store_conn *c;
	struct training_course x;
	struct person p;
	enum store_err rc;

	*id = 0;
	if (person_id <= 0)
		return app_fail(err, APP_INVALID, "person_id", "training.person");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (load_managed(ctx, c, course_id, &x, err))
		return app_abort(ctx, c, err);
	rc = store_person_get(c, ctx->arena, person_id, &p);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_INVALID, "person_id", "training.person");
		return app_abort(ctx, c, err);
	}
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (enrol_tx(ctx, c, &x, person_id, id, err)) {
		*id = 0;
		return app_abort(ctx, c, err);
	}
	return app_finish(ctx, c, STORE_OK, err);
}

enum app_status app_training_attendance(struct app_ctx *ctx, long long enrolment_id,
					long long session_id, bool present,
					int *hours_done, struct app_error *err)
{
	struct store_conn *c;
	struct training_course x;
	struct training_enrolment e;
	struct training_session s;
	struct training_attendance t;
	char now[32];
	enum store_err rc;

	*hours_done = 0;
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (load_enrolment(ctx, c, enrolment_id, &e, &x, err))
		return app_abort(ctx, c, err);
	rc = store_training_session_get(c, ctx->arena, session_id, &s);
	if (rc == STORE_NOT_FOUND || (rc == STORE_OK && s.course_id != e.course_id)) {
		app_fail(err, APP_INVALID, "session_id", "training.session");
		return app_abort(ctx, c, err);
	}
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (strcmp(e.status, "enrolled")) {
		app_fail(err, APP_CONFLICT, "status", "training.enrolment_done");
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	memset(&t, 0, sizeof(t));
	t.session_id = session_id;
	t.enrolment_id = enrolment_id;
	t.present = present;
	t.recorded_by = app_actor_name(ctx);
	t.recorded_at = now;
	rc = store_training_attendance_set(c, &t);
	if (rc == STORE_OK)
		rc = store_training_hours_refresh(c, enrolment_id, hours_done);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "training.progress", "training_enrolment",
			       app_idtext(ctx, enrolment_id), NULL,
			       app_json(ctx, "{s:I, s:b, s:i}", "session_id",
					(json_int_t)session_id, "present", present,
					"hours_done", *hours_done));
	return app_finish(ctx, c, rc, err);
}

/* Completes or withdraws an enrolment still "enrolled". */
static enum app_status finish_enrolment(struct app_ctx *ctx, long long enrolment_id,
					bool complete, struct app_error *err)
{
	struct store_conn *c;
	struct training_course x;
	struct training_enrolment e;
	char today[11];
	int hours = 0;
	enum store_err rc;

	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (load_enrolment(ctx, c, enrolment_id, &e, &x, err))
		return app_abort(ctx, c, err);
	if (strcmp(e.status, "enrolled")) {
		app_fail(err, APP_CONFLICT, "status", "training.enrolment_done");
		return app_abort(ctx, c, err);
	}
	rc = store_training_hours_refresh(c, enrolment_id, &hours);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (complete && !training_hours_reached(hours, x.hours)) {
		app_fail(err, APP_INVALID, "hours_done", "training.hours_short");
		return app_abort(ctx, c, err);
	}
	time_today(today, sizeof(today));
	rc = store_training_enrolment_status(c, enrolment_id,
					     complete ? "completed" : "withdrawn",
					     complete ? today : NULL);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_CONFLICT, "status", "training.enrolment_done");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK) {
		const char *was = app_json(ctx, "{s:s}", "status", "enrolled");
		const char *now = app_json(ctx, "{s:s, s:i, s:i}", "status",
					   complete ? "completed" : "withdrawn",
					   "hours_done", hours, "course_hours", x.hours);

		if (complete)
			rc = app_audit(ctx, c, "training.complete", "training_enrolment",
				       app_idtext(ctx, enrolment_id), was, now);
		else
			rc = app_audit(ctx, c, "training.withdraw", "training_enrolment",
				       app_idtext(ctx, enrolment_id), was, now);
	}
	return app_finish(ctx, c, rc, err);
}

enum app_status app_training_complete(struct app_ctx *ctx, long long enrolment_id,
				      struct app_error *err)
{
	return finish_enrolment(ctx, enrolment_id, true, err);
}

enum app_status app_training_withdraw(struct app_ctx *ctx, long long enrolment_id,
				      struct app_error *err)
{
	return finish_enrolment(ctx, enrolment_id, false, err);
}

enum app_status app_training_courses(struct app_ctx *ctx, long long institution_id,
				     struct training_course **items, size_t *n,
				     struct app_error *err)
{
	struct store_conn *c;
	struct training_course *all = NULL;
	size_t nall = 0, k = 0;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (institution_id &&
	    app_authorize(ctx, c, PERM_TRAINING_MANAGE, institution_id, err)) {
		store_release(c);
		return err->status;
	}
	rc = store_training_courses(c, ctx->arena, institution_id, "", &all, &nall);
	/* only the courses of institutions in the actor's scope */
	for (size_t i = 0; rc == STORE_OK && i < nall; i++) {
		struct app_error quiet;

		if (!app_authorize(ctx, c, PERM_TRAINING_MANAGE, all[i].institution_id,
				   &quiet))
			all[k++] = all[i];
	}
	*items = k ? all : NULL;
	*n = k;
	return app_read_done(ctx, c, rc, err);
}

enum app_status app_training_course(struct app_ctx *ctx, long long id,
				    struct training_course_detail *out,
				    struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (load_managed(ctx, c, id, &out->course, err)) {
		store_release(c);
		return err->status;
	}
	rc = store_training_lessons(c, ctx->arena, id, &out->lessons, &out->nlessons);
	if (rc == STORE_OK)
		rc = store_training_sessions(c, ctx->arena, id, &out->sessions,
					     &out->nsessions);
	if (rc == STORE_OK)
		rc = store_training_enrolments(c, ctx->arena, id, 0, &out->enrolments,
					       &out->nenrolments);
	if (rc == STORE_OK)
		rc = store_training_attendance(c, ctx->arena, id, &out->attendance,
					       &out->nattendance);
	return app_read_done(ctx, c, rc, err);
}

enum app_status app_training_enrolment(struct app_ctx *ctx, long long id,
				       struct training_enrolment *out, struct app_error *err)
{
	struct store_conn *c;
	struct training_course x;
	enum app_status st;

	if (!(c = app_conn(ctx, err)))
		return err->status;
	st = load_enrolment(ctx, c, id, out, &x, err);
	store_release(c);
	return st;
}

/* ---- the holder's side ---- */

enum app_status app_holder_training(struct app_ctx *ctx, struct holder_training *out,
				    struct app_error *err)
{
	struct store_conn *c;
	long long person;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	if (!(c = app_holder_conn(ctx, &person, err)))
		return err->status;
	rc = store_training_enrolments(c, ctx->arena, 0, person, &out->enrolments,
				       &out->nenrolments);
	if (rc == STORE_OK) {
		struct training_course *open = NULL;
		size_t nopen = 0, k = 0;

		rc = store_training_courses(c, ctx->arena, 0, "open", &open, &nopen);
		/* the open online courses the holder is not in yet */
		for (size_t i = 0; rc == STORE_OK && i < nopen; i++) {
			bool in = false;

			for (size_t j = 0; j < out->nenrolments; j++)
				in = in || out->enrolments[j].course_id == open[i].id;
			if (!in && !strcmp(open[i].mode, "online"))
				open[k++] = open[i];
		}
		out->open = k ? open : NULL;
		out->nopen = k;
	}
	return app_read_done(ctx, c, rc, err);
}

/* The holder's enrolment in course_id, on c: NOT_FOUND when none. */
static enum app_status holder_enrolment(struct app_ctx *ctx, struct store_conn *c,
					long long person, long long course_id,
					struct training_enrolment *e, struct app_error *err)
{
	enum store_err rc = store_training_enrolment_of(c, ctx->arena, course_id, person, e);

	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	return rc ? app_store_fail(ctx, c, rc, err) : APP_OK;
}

enum app_status app_holder_training_course(struct app_ctx *ctx, long long course_id,
					   struct holder_training_course *out,
					   struct app_error *err)
{
	struct store_conn *c;
	long long person;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	if (!(c = app_holder_conn(ctx, &person, err)))
		return err->status;
	if (holder_enrolment(ctx, c, person, course_id, &out->enrolment, err)) {
		store_release(c);
		return err->status;
	}
	rc = store_training_course_get(c, ctx->arena, course_id, &out->course);
	if (rc == STORE_OK)
		rc = store_training_lessons(c, ctx->arena, course_id, &out->lessons,
					    &out->nlessons);
	if (rc == STORE_OK)
		rc = store_training_sessions(c, ctx->arena, course_id, &out->sessions,
					     &out->nsessions);
	if (rc == STORE_OK)
		rc = store_training_progress(c, ctx->arena, out->enrolment.id, &out->done,
					     &out->ndone);
	return app_read_done(ctx, c, rc, err);
}

enum app_status app_holder_training_enrol(struct app_ctx *ctx, long long course_id,
					  long long *id, struct app_error *err)
{
	struct store_conn *c;
	struct training_course x;
	long long person;
	enum store_err rc;

	*id = 0;
	if (app_holder_person(ctx, &person, err))
		return err->status;
	if (!(c = app_begin(ctx, err)))
		return err->status;
	rc = store_training_course_get(c, ctx->arena, course_id, &x);
	/* a draft course is not shown to holders: not found, as a missing one */
	if (rc == STORE_NOT_FOUND || (rc == STORE_OK && !strcmp(x.status, "draft"))) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		return app_abort(ctx, c, err);
	}
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (strcmp(x.mode, "online")) {
		app_fail(err, APP_INVALID, "mode", "training.self_online");
		return app_abort(ctx, c, err);
	}
	if (enrol_tx(ctx, c, &x, person, id, err)) {
		*id = 0;
		return app_abort(ctx, c, err);
	}
	return app_finish(ctx, c, STORE_OK, err);
}

enum app_status app_holder_training_lesson_done(struct app_ctx *ctx, long long lesson_id,
						long long *course_id, int *hours_done,
						struct app_error *err)
{
	struct store_conn *c;
	struct training_lesson l;
	struct training_enrolment e;
	long long person;
	char now[32];
	enum store_err rc;

	*hours_done = 0;
	*course_id = 0;
	if (app_holder_person(ctx, &person, err))
		return err->status;
	if (!(c = app_begin(ctx, err)))
		return err->status;
	rc = store_training_lesson_get(c, ctx->arena, lesson_id, false, &l);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		return app_abort(ctx, c, err);
	}
	if (rc)
		return app_finish(ctx, c, rc, err);
	/* only a lesson of a course the holder is enrolled in */
	if (holder_enrolment(ctx, c, person, l.course_id, &e, err))
		return app_abort(ctx, c, err);
	if (strcmp(e.status, "enrolled")) {
		app_fail(err, APP_CONFLICT, "status", "training.enrolment_done");
		return app_abort(ctx, c, err);
	}
	if (strcmp(e.course_status, "open")) {
		app_fail(err, APP_CONFLICT, "status", "training.not_open");
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	*course_id = l.course_id;
	rc = store_training_progress_add(c, e.id, lesson_id, now);
	if (rc == STORE_OK)
		rc = store_training_hours_refresh(c, e.id, hours_done);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "training.progress", "training_enrolment",
			       app_idtext(ctx, e.id), NULL,
			       app_json(ctx, "{s:I, s:i}", "lesson_id",
					(json_int_t)lesson_id, "hours_done", *hours_done));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_training_lesson_file(struct app_ctx *ctx, long long lesson_id,
					 struct training_lesson *out, const void **data,
					 size_t *len, struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	*data = NULL;
	*len = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_training_lesson_get(c, ctx->arena, lesson_id, true, out);
	if (rc == STORE_OK && strcmp(out->kind, "document"))
		rc = STORE_NOT_FOUND;
	if (rc == STORE_NOT_FOUND) {
		store_release(c);
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	}
	if (rc)
		return app_read_done(ctx, c, rc, err);
	/* an account linked to a person is a holder and holds no staff grant
	 * (its grants are never loaded; `user grant` refuses one:
	 * docs/security.md "Holder accounts"), so a person_id decides it */
	if (ctx->actor->person_id && !ctx->actor->system) {
		/* a holder: enrolled in the lesson's course */
		struct training_enrolment e;

		if (holder_enrolment(ctx, c, ctx->actor->person_id, out->course_id, &e,
				     err)) {
			store_release(c);
			return err->status;
		}
	} else {
		struct training_course x;

		if (load_managed(ctx, c, out->course_id, &x, err)) {
			store_release(c);
			return err->status;
		}
	}
	store_release(c);
	if (!app_base64_decode(ctx, out->data, data, len))
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	return APP_OK;
}
