/*
 * training.c - /api/v1/training…: training and online courses (社会培训 /
 * 云端课堂): courses, lessons, sessions, enrolments, attendance and
 * completion for the institution's staff, and /api/v1/me/training… for a
 * holder's own courses. app/training.c checks who.
 */
#include <string.h>

#include "api/api.h"
#include "api/common.h"

static int int_of(json_t *b, const char *name)
{
	json_t *v = json_object_get(b, name);

	return v && json_is_integer(v) ? (int)json_integer_value(v) : 0;
}

static json_t *course_json(const struct training_course *x)
{
	return json_pack("{s:I, s:I, s:s, s:s, s:s, s:i, s:s, s:i, s:s, s:s, s:s, s:I, s:I, "
			 "s:I, s:I}",
			 "id", (json_int_t)x->id, "institution_id",
			 (json_int_t)x->institution_id, "institution_name",
			 x->institution_name, "title", x->title, "occupation_code",
			 x->occupation_code, "target_level", x->target_level, "mode",
			 x->mode, "hours", x->hours, "description", x->description,
			 "status", x->status, "created_at", x->created_at, "lessons",
			 (json_int_t)x->lessons, "sessions", (json_int_t)x->sessions,
			 "enrolled", (json_int_t)x->enrolled, "completed",
			 (json_int_t)x->completed);
}

static json_t *lesson_json(const struct training_lesson *l)
{
	return json_pack("{s:I, s:i, s:s, s:s, s:s, s:s, s:I, s:s, s:i}", "id",
			 (json_int_t)l->id, "position", l->position, "title", l->title,
			 "kind", l->kind, "url", l->url, "filename", l->filename, "size",
			 (json_int_t)l->size, "digest", l->digest, "hours", l->hours);
}

static json_t *session_json(const struct training_session *s)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:i}", "id", (json_int_t)s->id,
			 "starts_at", s->starts_at, "ends_at", s->ends_at, "room",
			 s->room, "hours", s->hours);
}

static json_t *enrolment_json(const struct training_enrolment *e)
{
	return json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:i, s:s, s:i, s:s, s:s?, s:o, "
			 "s:s?}",
			 "id", (json_int_t)e->id, "course_id", (json_int_t)e->course_id,
			 "course_title", e->course_title, "person_id",
			 (json_int_t)e->person_id, "name", e->person_name, "mode",
			 e->course_mode, "course_hours", e->course_hours, "status",
			 e->status, "hours_done", e->hours_done, "enrolled_at",
			 e->enrolled_at, "completed_on", e->completed_on, "certificate_id",
			 e->certificate_id ? json_integer((json_int_t)e->certificate_id)
					   : json_null(),
			 "certificate_number", e->certificate_number);
}

void api_training_list(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct training_course *items;
	size_t n;
	const char *q = http_query(req, "institution_id");
	long long inst = 0;
	json_t *arr;
	int rc;

	if (q && *q) {
		char *end;

		inst = strtoll(q, &end, 10);
		if (*end || inst <= 0) {
			api_error_msg(req, resp, 422, "invalid", "err.not_integer",
				      "institution_id");
			return;
		}
	}
	api_ctx(req, &ctx);
	rc = app_training_courses(&ctx, inst, &items, &n, &err);
	if (rc) {
		api_done(req, resp, rc, &err, 200, NULL);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, course_json(&items[i]));
	api_done(req, resp, APP_OK, &err, 200, json_pack("{s:o}", "items", arr));
}

void api_training_create(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct training_course_input in;
	long long id = 0;
	json_t *b = api_read_object(req, resp), *v;
	int rc;

	if (!b)
		return;
	memset(&in, 0, sizeof(in));
	if (!api_get_string(req, resp, b, "title", &in.title) ||
	    !api_get_string(req, resp, b, "occupation_code", &in.occupation_code) ||
	    !api_get_string(req, resp, b, "mode", &in.mode) ||
	    !api_get_string(req, resp, b, "description", &in.description) ||
	    !api_check_int32(req, resp, b, "hours", "target_level", NULL)) {
		json_decref(b);
		return;
	}
	v = json_object_get(b, "institution_id");
	if (!v || !json_is_integer(v) || json_integer_value(v) <= 0) {
		json_decref(b);
		api_error_msg(req, resp, 422, "invalid", "training.institution",
			      "institution_id");
		return;
	}
	in.institution_id = (long long)json_integer_value(v);
	in.hours = int_of(b, "hours");
	in.target_level = int_of(b, "target_level");
	api_ctx(req, &ctx);
	rc = app_training_course_create(&ctx, &in, &id, &err);
	json_decref(b);
	api_done_id(req, resp, rc, &err, id);
}

void api_training_get(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct training_course_detail d;
	long long id = api_open_id(req, resp, &ctx);
	json_t *o, *ls, *ss, *es, *as;
	int rc;

	if (!id)
		return;
	rc = app_training_course(&ctx, id, &d, &err);
	if (rc) {
		api_done(req, resp, rc, &err, 200, NULL);
		return;
	}
	o = course_json(&d.course);
	ls = json_array();
	for (size_t i = 0; i < d.nlessons; i++)
		json_array_append_new(ls, lesson_json(&d.lessons[i]));
	ss = json_array();
	for (size_t i = 0; i < d.nsessions; i++)
		json_array_append_new(ss, session_json(&d.sessions[i]));
	es = json_array();
	for (size_t i = 0; i < d.nenrolments; i++)
		json_array_append_new(es, enrolment_json(&d.enrolments[i]));
	as = json_array();
	for (size_t i = 0; i < d.nattendance; i++)
		json_array_append_new(
			as, json_pack("{s:I, s:I, s:b, s:s, s:s}", "session_id",
				      (json_int_t)d.attendance[i].session_id, "enrolment_id",
				      (json_int_t)d.attendance[i].enrolment_id, "present",
				      d.attendance[i].present, "recorded_by",
				      d.attendance[i].recorded_by, "recorded_at",
				      d.attendance[i].recorded_at));
	json_object_set_new(o, "lesson_list", ls);
	json_object_set_new(o, "session_list", ss);
	json_object_set_new(o, "enrolments", es);
	json_object_set_new(o, "attendance", as);
	api_done(req, resp, APP_OK, &err, 200, o);
}

void api_training_status(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *status = NULL;
	long long id;
	int rc;
	json_t *b = api_open_body(req, resp, &ctx, &id);

	if (!b)
		return;
	if (!api_get_string(req, resp, b, "status", &status)) {
		json_decref(b);
		return;
	}
	rc = app_training_course_status(&ctx, id, status, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

/* {title, kind: video, url, hours} or {title, kind: document, filename,
 * data: standard base64 of the PDF, hours} */
void api_training_lesson_add(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct training_lesson_input in;
	const char *b64 = NULL;
	long long id, lid = 0;
	int rc;
	json_t *b = api_open_body(req, resp, &ctx, &id);

	if (!b)
		return;
	memset(&in, 0, sizeof(in));
	if (!api_get_string(req, resp, b, "title", &in.title) ||
	    !api_get_string(req, resp, b, "kind", &in.kind) ||
	    !api_get_string(req, resp, b, "url", &in.url) ||
	    !api_get_string(req, resp, b, "filename", &in.filename) ||
	    !api_get_string(req, resp, b, "data", &b64) ||
	    !api_check_int32(req, resp, b, "hours", NULL)) {
		json_decref(b);
		return;
	}
	if (b64 && !app_base64_decode(&ctx, b64, &in.data, &in.len)) {
		json_decref(b);
		api_error_msg(req, resp, 422, "invalid", "training.file_type", "data");
		return;
	}
	in.hours = int_of(b, "hours");
	rc = app_training_lesson_add(&ctx, id, &in, &lid, &err);
	json_decref(b);
	api_done_id(req, resp, rc, &err, lid);
}

void api_training_session_add(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct training_session s;
	long long id, sid = 0;
	int rc;
	json_t *b = api_open_body(req, resp, &ctx, &id);

	if (!b)
		return;
	memset(&s, 0, sizeof(s));
	if (!api_get_string(req, resp, b, "starts_at", &s.starts_at) ||
	    !api_get_string(req, resp, b, "ends_at", &s.ends_at) ||
	    !api_get_string(req, resp, b, "room", &s.room) ||
	    !api_check_int32(req, resp, b, "hours", NULL)) {
		json_decref(b);
		return;
	}
	s.hours = int_of(b, "hours");
	rc = app_training_session_add(&ctx, id, &s, &sid, &err);
	json_decref(b);
	api_done_id(req, resp, rc, &err, sid);
}

void api_training_enrol(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id, eid = 0;
	json_t *v;
	int rc;
	json_t *b = api_open_body(req, resp, &ctx, &id);

	if (!b)
		return;
	v = json_object_get(b, "person_id");
	if (!v || !json_is_integer(v) || json_integer_value(v) <= 0) {
		json_decref(b);
		api_error_msg(req, resp, 422, "invalid", "training.person", "person_id");
		return;
	}
	rc = app_training_enrol(&ctx, id, (long long)json_integer_value(v), &eid, &err);
	json_decref(b);
	api_done_id(req, resp, rc, &err, eid);
}

/* {session_id, present} */
void api_training_attendance(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id;
	int hours = 0, rc;
	json_t *v, *p;
	json_t *b = api_open_body(req, resp, &ctx, &id);

	if (!b)
		return;
	v = json_object_get(b, "session_id");
	p = json_object_get(b, "present");
	if (!v || !json_is_integer(v) || json_integer_value(v) <= 0) {
		json_decref(b);
		api_error_msg(req, resp, 422, "invalid", "training.session", "session_id");
		return;
	}
	if (p && !json_is_boolean(p)) {
		json_decref(b);
		api_error_msg(req, resp, 422, "invalid", "err.not_boolean", "present");
		return;
	}
	rc = app_training_attendance(&ctx, id, (long long)json_integer_value(v),
				     !p || json_is_true(p), &hours, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200,
		 rc ? NULL : json_pack("{s:i}", "hours_done", hours));
}

void api_training_complete(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_open_id(req, resp, &ctx);

	if (!id)
		return;
	api_done(req, resp, app_training_complete(&ctx, id, &err), &err, 200, NULL);
}

void api_training_withdraw(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_open_id(req, resp, &ctx);

	if (!id)
		return;
	api_done(req, resp, app_training_withdraw(&ctx, id, &err), &err, 200, NULL);
}

void api_training_certify(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *number = NULL;
	long long cid = 0, id = api_open_id(req, resp, &ctx);
	int rc;

	if (!id)
		return;
	rc = app_training_certify(&ctx, id, &cid, &number, &err);
	api_done(req, resp, rc, &err, 201,
		 rc ? NULL
		    : json_pack("{s:I, s:s}", "certificate_id", (json_int_t)cid, "number",
				number));
}

void api_training_lesson_file(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct training_lesson l;
	const void *data = NULL;
	size_t len = 0;
	long long id = api_open_id(req, resp, &ctx);
	int rc;

	if (!id)
		return;
	rc = app_training_lesson_file(&ctx, id, &l, &data, &len, &err);
	if (rc == APP_OK)
		buf_append(&resp->body, data, len);
	api_done_body(req, resp, rc, &err, rc == APP_OK ? "application/pdf" : NULL,
		      rc == APP_OK ? arena_printf(req->arena,
						  "inline; filename=\"lesson%lld.pdf\"", id)
				   : NULL);
}

/* ---- the holder's own ---- */

void api_my_training(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct holder_training h;
	json_t *es, *os;
	int rc;

	api_ctx(req, &ctx);
	rc = app_holder_training(&ctx, &h, &err);
	if (rc) {
		api_done(req, resp, rc, &err, 200, NULL);
		return;
	}
	es = json_array();
	for (size_t i = 0; i < h.nenrolments; i++)
		json_array_append_new(es, enrolment_json(&h.enrolments[i]));
	os = json_array();
	for (size_t i = 0; i < h.nopen; i++)
		json_array_append_new(os, course_json(&h.open[i]));
	api_done(req, resp, APP_OK, &err, 200,
		 json_pack("{s:o, s:o}", "enrolments", es, "open", os));
}

void api_my_training_course(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct holder_training_course h;
	long long id = api_open_id(req, resp, &ctx);
	json_t *o, *ls, *ss;
	int rc;

	if (!id)
		return;
	rc = app_holder_training_course(&ctx, id, &h, &err);
	if (rc) {
		api_done(req, resp, rc, &err, 200, NULL);
		return;
	}
	ls = json_array();
	for (size_t i = 0; i < h.nlessons; i++) {
		json_t *l = lesson_json(&h.lessons[i]);
		bool done = false;

		for (size_t j = 0; j < h.ndone; j++)
			done = done || h.done[j].lesson_id == h.lessons[i].id;
		json_object_set_new(l, "done", json_boolean(done));
		json_array_append_new(ls, l);
	}
	ss = json_array();
	for (size_t i = 0; i < h.nsessions; i++)
		json_array_append_new(ss, session_json(&h.sessions[i]));
	o = json_pack("{s:o, s:o, s:o, s:o}", "course", course_json(&h.course), "enrolment",
		      enrolment_json(&h.enrolment), "lessons", ls, "sessions", ss);
	api_done(req, resp, APP_OK, &err, 200, o);
}

void api_my_training_enrol(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long eid = 0, id = api_open_id(req, resp, &ctx);
	int rc;

	if (!id)
		return;
	rc = app_holder_training_enrol(&ctx, id, &eid, &err);
	api_done_id(req, resp, rc, &err, eid);
}

void api_my_training_lesson_done(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long course = 0, id = api_open_id(req, resp, &ctx);
	int hours = 0, rc;

	if (!id)
		return;
	rc = app_holder_training_lesson_done(&ctx, id, &course, &hours, &err);
	api_done(req, resp, rc, &err, 200,
		 rc ? NULL : json_pack("{s:i}", "hours_done", hours));
}
