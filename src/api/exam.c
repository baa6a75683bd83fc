/*
 * exam.c - the online exam's API (issue 19, docs/exams.md): the
 * candidate's calls under /api/v1/exam/… (public routes: the attempt token
 * in the X-Exam-Token header is all a candidate holds), and the proctor's
 * under /api/v1/papers/{id}/… and /api/v1/attempts/{id}. app/exam_attempt.c
 * checks who and when.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "base/timeutil.h"

#define EXAM_TOKEN_HEADER "X-Exam-Token"

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *int_or_null(int v) { return v >= 0 ? json_integer(v) : json_null(); }

/* ---- the candidate ---- */

void api_exam_sign_in(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	char token[APP_EXAM_TOKEN_MAX];
	long long attempt_id = 0;
	const char *code = NULL;
	json_t *b;
	int rc;

	api_ctx(req, &ctx);
	if (!(b = api_read_object(req, resp)))
		return;
	if (!api_get_string(req, resp, b, "code", &code)) {
		json_decref(b);
		return;
	}
	/* a holder signed in to their own account needs no code */
	if ((!code || !*code) && ctx.actor && ctx.actor->person_id)
		rc = app_exam_sign_in_mine(&ctx, token, &attempt_id, &err);
	else
		rc = app_exam_sign_in(&ctx, code, token, &attempt_id, &err);
	json_decref(b);
	http_set_header(resp, "Cache-Control", "no-store"); /* it carries the token */
	api_done(req, resp, rc, &err, 200,
		 rc ? NULL
		    : json_pack("{s:s, s:I}", "token", token, "attempt_id",
				(json_int_t)attempt_id));
}

void api_exam_attempt(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct exam_view *v = arena_alloc(req->arena, sizeof(*v));
	char now[32];
	json_t *o, *items;
	int rc;

	api_ctx(req, &ctx);
	if (!v) {
		api_error_msg(req, resp, 500, "internal", "err.internal", NULL);
		return;
	}
	http_set_header(resp, "Cache-Control", "no-store"); /* the candidate's own */
	rc = app_exam_view(&ctx, http_header(req, EXAM_TOKEN_HEADER), v, &err);
	if (rc) {
		api_done(req, resp, rc, &err, 200, NULL);
		return;
	}
	time_now_iso(now, sizeof(now));
	items = json_array();
	for (size_t i = 0; i < v->nitems; i++) {
		const struct exam_view_item *it = &v->items[i];
		json_t *opts = json_array();

		for (int j = 0; j < it->noptions; j++)
			json_array_append_new(opts, json_string(it->options[j]));
		json_array_append_new(items, json_pack("{s:i, s:s, s:s, s:o, s:i, s:s}",
						       "position", it->position, "kind",
						       it->kind, "stem", it->stem,
						       "options", opts, "score",
						       it->score, "answer", it->answer));
	}
	o = json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:I, s:b, s:i, "
		      "s:I, s:o}",
		      "id", (json_int_t)v->a.id, "plan_id", (json_int_t)v->a.plan_id,
		      "paper_id", (json_int_t)v->a.paper_id, "status", v->a.status,
		      "plan_title", v->plan_title ? v->plan_title : "", "occupation_name",
		      v->occupation_name ? v->occupation_name : "", "level", v->level,
		      "started_at", v->a.started_at, "deadline", v->deadline, "now", now,
		      "seconds_left", (json_int_t)v->seconds_left, "open", v->open,
		      "answered", v->a.answered, "nitems", (json_int_t)v->nitems, "items",
		      items);
	json_object_set_new(o, "finished_at", str_or_null(v->a.finished_at));
	api_done(req, resp, APP_OK, &err, 200, o);
}

void api_exam_answer(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct exam_saved s;
	const char *pos = req->nparams > 0 ? req->params[0] : NULL, *answer = NULL;
	char *end;
	long position;
	json_t *b;
	int rc;

	api_ctx(req, &ctx);
	position = pos ? strtol(pos, &end, 10) : 0;
	if (!pos || *end || position < 1 || position > 100000) {
		api_error_msg(req, resp, 422, "invalid", "err.exam.position", "position");
		return;
	}
	if (!(b = api_read_object(req, resp)))
		return;
	if (!api_get_string(req, resp, b, "answer", &answer)) {
		json_decref(b);
		return;
	}
	if (!answer) { /* "" clears an answer; no member at all is a mistake */
		json_decref(b);
		api_error_msg(req, resp, 422, "invalid", "err.exam.answer", "answer");
		return;
	}
	rc = app_exam_save(&ctx, http_header(req, EXAM_TOKEN_HEADER), (int)position,
			   answer, &s, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200,
		 rc ? NULL
		    : json_pack("{s:s, s:s, s:I, s:i}", "saved_at", s.saved_at,
				"deadline", s.deadline, "seconds_left",
				(json_int_t)s.seconds_left, "answered", s.answered));
}

void api_exam_submit(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct exam_attempt_row a;
	int rc;

	api_ctx(req, &ctx);
	rc = app_exam_submit(&ctx, http_header(req, EXAM_TOKEN_HEADER), &a, &err);
	api_done(req, resp, rc, &err, 200,
		 rc ? NULL
		    : json_pack("{s:s, s:s}", "status", a.status, "finished_at",
				a.finished_at));
}

/* ---- the proctor ---- */

static json_t *attempt_json(const struct exam_attempt_row *a, const char *deadline,
			    bool overdue)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:i, s:i, s:s, s:b}", "id",
			      (json_int_t)a->id, "enrolment_id", (json_int_t)a->enrolment_id,
			      "status", a->status, "started_at", a->started_at,
			      "answered", a->answered, "extra_minutes", a->extra_minutes,
			      "deadline", deadline ? deadline : "", "overdue", overdue);

	json_object_set_new(o, "saved_at", str_or_null(a->saved_at));
	json_object_set_new(o, "finished_at", str_or_null(a->finished_at));
	json_object_set_new(o, "tenths", int_or_null(a->tenths));
	json_object_set_new(o, "nright", int_or_null(a->nright));
	json_object_set_new(o, "marked_into", str_or_null(a->marked_into));
	return o;
}

void api_papers_open(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id;
	const char *starts_at = NULL;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc;

	if (!b)
		return;
	if (!api_get_string(req, resp, b, "starts_at", &starts_at)) {
		json_decref(b);
		return;
	}
	rc = app_paper_open(&ctx, id, starts_at, &err);
	json_decref(b);
	if (rc) {
		api_done(req, resp, rc, &err, 200, NULL);
		return;
	}
	api_papers_get(req, resp);
}

void api_papers_attempts(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct exam_roster r;
	long long id = api_open_id(req, resp, &ctx);
	json_t *o, *arr;
	int rc;

	if (!id)
		return;
	rc = app_exam_roster(&ctx, id, &r, &err);
	if (rc) {
		api_done(req, resp, rc, &err, 200, NULL);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < r.n; i++) {
		const struct exam_roster_row *x = &r.rows[i];
		json_t *e = json_pack("{s:I, s:s, s:s, s:I, s:i}", "enrolment_id",
				      (json_int_t)x->enrolment_id, "person_name",
				      x->person_name ? x->person_name : "",
				      "person_masked_id",
				      x->person_masked_id ? x->person_masked_id : "",
				      "room_id", (json_int_t)x->room_id, "seat", x->seat);

		json_object_set_new(e, "attempt",
				    x->has_attempt
					    ? attempt_json(&x->a, x->deadline, x->overdue)
					    : json_null());
		json_array_append_new(arr, e);
	}
	o = json_pack("{s:I, s:i, s:i, s:i, s:o}", "paper_id", (json_int_t)r.p.id,
		      "in_progress", r.in_progress, "finished", r.finished, "absent",
		      r.absent, "items", arr);
	json_object_set_new(o, "starts_at", str_or_null(r.p.starts_at));
	json_object_set_new(o, "ends_at", str_or_null(r.ends_at));
	json_object_set_new(o, "closed_at", str_or_null(r.p.closed_at));
	api_done(req, resp, APP_OK, &err, 200, o);
}

void api_papers_extend(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct exam_roster *r;
	long long id, attempt_id = api_param_id(req, resp, 1);
	const char *reason = NULL;
	json_t *b, *m;
	int rc;

	if (!attempt_id)
		return;
	if (!(b = api_open_body(req, resp, &ctx, &id)))
		return;
	if (!api_check_int32(req, resp, b, "minutes", NULL) ||
	    !api_get_string(req, resp, b, "reason", &reason)) {
		json_decref(b);
		return;
	}
	m = json_object_get(b, "minutes");
	rc = app_exam_extend(&ctx, id, attempt_id,
			     json_is_integer(m) ? (int)json_integer_value(m) : 0, reason,
			     &err);
	json_decref(b);
	if (rc) {
		api_done(req, resp, rc, &err, 200, NULL);
		return;
	}
	/* the attempt as it is now */
	r = arena_alloc(req->arena, sizeof(*r));
	rc = r ? app_exam_roster(&ctx, id, r, &err) : APP_INTERNAL;
	for (size_t i = 0; rc == APP_OK && i < r->n; i++)
		if (r->rows[i].has_attempt && r->rows[i].a.id == attempt_id) {
			api_done(req, resp, APP_OK, &err, 200,
				 json_pack("{s:I, s:i, s:s}", "attempt_id",
					   (json_int_t)attempt_id, "extra_minutes",
					   r->rows[i].a.extra_minutes, "deadline",
					   r->rows[i].deadline));
			return;
		}
	api_done(req, resp, APP_OK, &err, 200,
		 json_pack("{s:I}", "attempt_id", (json_int_t)attempt_id));
}

void api_papers_close(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct exam_closed x;
	long long id = api_open_id(req, resp, &ctx);
	int rc;

	if (!id)
		return;
	rc = app_exam_close(&ctx, id, &x, &err);
	api_done(req, resp, rc, &err, 200,
		 rc ? NULL
		    : json_pack("{s:i, s:i, s:b, s:I}", "finished_now", x.finished_now,
				"still_running", x.still_running, "closed", x.closed,
				"items_stats", (json_int_t)x.items_stats));
}

void api_attempts_get(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct exam_record *r;
	long long id = api_open_id(req, resp, &ctx);
	json_t *o, *items, *ext;
	int rc;

	if (!id)
		return;
	r = arena_alloc(req->arena, sizeof(*r));
	if (!r) {
		api_error_msg(req, resp, 500, "internal", "err.internal", NULL);
		return;
	}
	rc = app_exam_record(&ctx, id, r, &err);
	if (rc) {
		api_done(req, resp, rc, &err, 200, NULL);
		return;
	}
	items = json_array();
	for (size_t i = 0; i < r->nitems; i++) {
		const struct exam_record_item *it = &r->items[i];
		json_t *e = json_pack("{s:i, s:i, s:s, s:s, s:s, s:s, s:b}", "position",
				      it->position, "score", it->score, "kind",
				      it->x.kind ? it->x.kind : "", "shown", it->shown,
				      "answer", it->answer, "original", it->original,
				      "right", it->right);

		if (it->x.id) {
			struct item k;
			char key[ITEM_MAX_OPTIONS + 1];
			json_t *opts = json_loads(it->x.options, 0, NULL);

			memset(&k, 0, sizeof(k));
			k.kind = item_kind_parse(it->x.kind);
			k.key = (unsigned)it->x.answer_key;
			k.noptions = json_is_array(opts) ? (int)json_array_size(opts) : 0;
			item_key_letters(&k, key);
			json_object_set_new(e, "item_id", json_integer(it->x.id));
			json_object_set_new(e, "ref", json_string(it->x.ref));
			json_object_set_new(e, "stem", json_string(it->x.stem));
			json_object_set_new(e, "options", opts ? opts : json_array());
			json_object_set_new(e, "key", json_string(key));
		}
		json_array_append_new(items, e);
	}
	ext = json_array();
	for (size_t i = 0; i < r->nextensions; i++)
		json_array_append_new(ext,
				      json_pack("{s:i, s:s, s:s, s:s}", "minutes",
						r->extensions[i].minutes, "reason",
						r->extensions[i].reason, "granted_by",
						r->extensions[i].granted_by, "granted_at",
						r->extensions[i].granted_at));
	o = json_pack("{s:o, s:o, s:o}", "attempt", attempt_json(&r->a, r->deadline, false),
		      "items", items, "extensions", ext);
	json_object_set_new(json_object_get(o, "attempt"), "paper_id",
			    json_integer(r->a.paper_id));
	json_object_set_new(json_object_get(o, "attempt"), "plan_id",
			    json_integer(r->a.plan_id));
	api_done(req, resp, APP_OK, &err, 200, o);
}
