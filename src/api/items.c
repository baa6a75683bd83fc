/*
 * items.c - /api/v1/items…: the item bank of theory exams (题库, issue 19):
 * write, change, submit, review, approve, revise and retire the items of
 * an institution's bank. app/item.c checks who and in which state.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"

static json_t *item_json(const struct exam_item_row *x)
{
	json_t *opts = json_loads(x->options, 0, NULL);
	struct item it = {.kind = item_kind_parse(x->kind), .key = (unsigned)x->answer_key};
	char key[ITEM_MAX_OPTIONS + 1];

	if (!opts || !json_is_array(opts)) {
		json_decref(opts);
		opts = json_array();
	}
	it.noptions = (int)json_array_size(opts);
	item_key_letters(&it, key);
	/* hidden from this reader (app/item.c): null */
	return json_pack(
		"{s:I, s:I, s:s, s:s, s:i, s:s, s:i, s:s, s:s, s:s, s:o, s:o, s:s, "
		"s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s}",
		"id", (json_int_t)x->id, "institution_id", (json_int_t)x->institution_id,
		"institution_name", x->institution_name, "occupation_code",
		x->occupation_code, "level", x->level, "ref", x->ref, "version", x->version,
		"kind", x->kind, "point", x->point, "stem", x->stem, "options", opts,
		"key", x->answer_key < 0 ? json_null() : json_string(key), "explanation",
		x->explanation, "status", x->status, "author", x->author, "reviewer",
		x->reviewer, "review_note", x->review_note, "reviewed_at", x->reviewed_at,
		"approver", x->approver, "approved_at", x->approved_at, "retired_at",
		x->retired_at, "retire_reason", x->retire_reason, "supersedes",
		x->supersedes ? json_integer((json_int_t)x->supersedes) : json_null(),
		"created_at", x->created_at, "updated_at", x->updated_at);
}

/* The content members of an item (kind, point, stem, options, key,
 * explanation) into in; false after answering 422. */
static bool content_of(struct http_req *req, struct http_resp *resp, json_t *b,
		       struct item_input *in)
{
	json_t *opts = json_object_get(b, "options"), *v;
	size_t i;

	if (!api_get_string(req, resp, b, "kind", &in->kind) ||
	    !api_get_string(req, resp, b, "point", &in->point) ||
	    !api_get_string(req, resp, b, "stem", &in->stem) ||
	    !api_get_string(req, resp, b, "key", &in->key) ||
	    !api_get_string(req, resp, b, "explanation", &in->explanation))
		return false;
	if (opts && !json_is_null(opts)) {
		if (!json_is_array(opts) || json_array_size(opts) > ITEM_MAX_OPTIONS) {
			api_error_msg(req, resp, 422, "invalid", "val.item.options_count",
				      "options");
			return false;
		}
		json_array_foreach(opts, i, v)
		{
			if (!json_is_string(v)) {
				api_error_msg(req, resp, 422, "invalid",
					      "val.item.option_required", "options");
				return false;
			}
			in->options[i] = json_string_value(v);
		}
		in->noptions = (int)json_array_size(opts);
	}
	return true;
}

void api_items_list(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct exam_item_filter f;
	struct exam_item_row *items;
	size_t n;
	static const char *const ints[] = {"institution_id", "level", "before", "limit"};
	long long *dst[] = {&f.institution_id, NULL, &f.before, &f.limit};
	json_t *arr;
	int rc;

	memset(&f, 0, sizeof(f));
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		const char *q = http_query(req, ints[i]);
		long long v;
		char *end;

		if (!q || !*q)
			continue;
		v = strtoll(q, &end, 10);
		if (*end || v < 0 || v > 1000000000000LL) {
			api_error_msg(req, resp, 422, "invalid", "err.not_integer", ints[i]);
			return;
		}
		if (dst[i])
			*dst[i] = v;
		else
			f.level = (int)(v > 9 ? 9 : v);
	}
	f.occupation_code = http_query(req, "occupation_code");
	f.status = http_query(req, "status");
	f.point = http_query(req, "point");
	f.ref = http_query(req, "ref");
	api_ctx(req, &ctx);
	rc = app_items(&ctx, &f, &items, &n, &err);
	if (rc) {
		api_done(req, resp, rc, &err, 200, NULL);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, item_json(&items[i]));
	api_done(req, resp, APP_OK, &err, 200, json_pack("{s:o}", "items", arr));
}

void api_items_create(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct item_input in;
	long long id = 0;
	json_t *b = api_read_object(req, resp), *v;
	int rc;

	if (!b)
		return;
	memset(&in, 0, sizeof(in));
	if (!api_get_string(req, resp, b, "occupation_code", &in.occupation_code) ||
	    !api_get_string(req, resp, b, "ref", &in.ref) ||
	    !api_check_int32(req, resp, b, "level", NULL) ||
	    !content_of(req, resp, b, &in)) {
		json_decref(b);
		return;
	}
	v = json_object_get(b, "institution_id");
	if (!v || !json_is_integer(v) || json_integer_value(v) <= 0) {
		json_decref(b);
		api_error_msg(req, resp, 422, "invalid", "val.item.institution",
			      "institution_id");
		return;
	}
	in.institution_id = (long long)json_integer_value(v);
	v = json_object_get(b, "level");
	in.level = v && json_is_integer(v) ? (int)json_integer_value(v) : 0;
	api_ctx(req, &ctx);
	rc = app_item_create(&ctx, &in, &id, &err);
	json_decref(b);
	api_done_id(req, resp, rc, &err, id);
}

void api_items_get(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct exam_item_row x;
	struct exam_item_stat_row st;
	bool known;
	long long id = api_open_id(req, resp, &ctx);
	json_t *o;
	int rc;

	if (!id)
		return;
	rc = app_item_get(&ctx, id, &x, &err);
	if (rc) {
		api_done(req, resp, rc, &err, 200, NULL);
		return;
	}
	o = item_json(&x);
	/* its statistics from the marked attempts (issue 19) */
	rc = app_item_stat(&ctx, id, &st, &known, &err);
	if (rc) {
		json_decref(o);
		api_done(req, resp, rc, &err, 200, NULL);
		return;
	}
	if (known) {
		json_t *flags = json_array();

		if (st.flags & EXAM_STAT_FEW)
			json_array_append_new(flags, json_string("few"));
		if (st.flags & EXAM_STAT_HARD)
			json_array_append_new(flags, json_string("hard"));
		if (st.flags & EXAM_STAT_EASY)
			json_array_append_new(flags, json_string("easy"));
		if (st.flags & EXAM_STAT_POOR)
			json_array_append_new(flags, json_string("poor"));
		json_object_set_new(
			o, "statistics",
			json_pack("{s:i, s:f, s:o, s:o, s:s}", "attempts", st.attempts,
				  "p_value", st.p_milli / 1000.0, "discrimination",
				  st.has_r ? json_real(st.r_milli / 1000.0) : json_null(),
				  "flags", flags, "computed_at", st.computed_at));
	} else {
		json_object_set_new(o, "statistics", json_null());
	}
	api_done(req, resp, APP_OK, &err, 200, o);
}

void api_items_edit(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct item_input in;
	long long id;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc;

	if (!b)
		return;
	memset(&in, 0, sizeof(in));
	if (!content_of(req, resp, b, &in)) {
		json_decref(b);
		return;
	}
	rc = app_item_edit(&ctx, id, &in, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

/* A step that takes no member: fn(ctx, id) on the item of the path. */
static void step(struct http_req *req, struct http_resp *resp,
		 enum app_status (*fn)(struct app_ctx *, long long, struct app_error *))
{
	struct app_ctx ctx;
	struct app_error err;
	long long id;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc;

	if (!b)
		return;
	rc = fn(&ctx, id, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

void api_items_submit(struct http_req *req, struct http_resp *resp)
{
	step(req, resp, app_item_submit);
}

/* {decision: "pass" | "return", note} */
void api_items_review(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *decision = NULL, *note = NULL;
	long long id;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc;

	if (!b)
		return;
	if (!api_get_string(req, resp, b, "decision", &decision) ||
	    !api_get_string(req, resp, b, "note", &note)) {
		json_decref(b);
		return;
	}
	if (!decision || (strcmp(decision, "pass") && strcmp(decision, "return"))) {
		json_decref(b);
		api_error_msg(req, resp, 422, "invalid", "val.item.decision", "decision");
		return;
	}
	rc = app_item_review(&ctx, id, !strcmp(decision, "pass"), note, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

void api_items_approve(struct http_req *req, struct http_resp *resp)
{
	step(req, resp, app_item_approve);
}

void api_items_revise(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id, new_id = 0;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc;

	if (!b)
		return;
	rc = app_item_revise(&ctx, id, &new_id, &err);
	json_decref(b);
	api_done_id(req, resp, rc, &err, new_id);
}

/* {reason} */
void api_items_retire(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *reason = NULL;
	long long id;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc;

	if (!b)
		return;
	if (!api_get_string(req, resp, b, "reason", &reason)) {
		json_decref(b);
		return;
	}
	rc = app_item_retire(&ctx, id, reason, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

/* The query's bank: institution_id, occupation_code, level (0 when absent
 * or not a number: app/ names it). */
static void bank_of(struct http_req *req, long long *inst, const char **occ, int *level)
{
	const char *q = http_query(req, "institution_id");
	char *end;
	long long v;

	*inst = q && *q ? strtoll(q, &end, 10) : 0;
	if (!q || !*q || *end || *inst < 0)
		*inst = 0;
	*occ = http_query(req, "occupation_code");
	q = http_query(req, "level");
	v = q && *q ? strtoll(q, &end, 10) : 0;
	*level = q && *q && !*end && v > 0 && v < 10 ? (int)v : 0;
}

/* POST /api/v1/items-import?institution_id=&occupation_code=&level=&dry_run=
 * with the file as the body: a QTI content package (ZIP) or the item
 * writers' spreadsheet (XLSX or CSV). */
void api_items_import(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct item_import_input in;
	struct item_import_report rep;
	bool dry_run = api_dry_run(req);
	json_t *probs;
	int rc;

	memset(&in, 0, sizeof(in));
	bank_of(req, &in.institution_id, &in.occupation_code, &in.level);
	api_ctx(req, &ctx);
	rc = app_item_import(&ctx, &in, req->body, req->body_len, dry_run, &rep, &err);
	if (rc != APP_OK && !(rc == APP_INVALID && rep.nproblems)) {
		api_fail(req, resp, &err);
		return;
	}
	probs = json_array();
	for (size_t i = 0; i < rep.nproblems && i < 1000; i++) {
		const struct item_import_problem *q = &rep.problems[i];

		json_array_append_new(
			probs,
			json_pack("{s:I, s:s, s:s, s:o, s:s, s:s}", "row",
				  (json_int_t)q->line, "where", q->where, "ref", q->ref,
				  "field", q->field ? json_string(q->field) : json_null(),
				  "code", q->msg, "message", tr(api_lang(req), q->msg)));
	}
	api_send(resp, rep.nproblems && !dry_run ? 422 : 200,
		 json_pack("{s:b, s:b, s:s, s:I, s:I, s:o, s:I}", "dry_run", dry_run,
			   "applied", !dry_run && !rep.nproblems, "format",
			   rep.format ? rep.format : "", "items", (json_int_t)rep.items,
			   "created", (json_int_t)rep.created, "problems", probs,
			   "problems_total", (json_int_t)rep.nproblems));
}

/* GET /api/v1/items-export?institution_id=&occupation_code=&level=&status=&format=qti|xlsx */
void api_items_export(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct exam_item_filter f;
	const char *format = http_query(req, "format");
	size_t n = 0;
	int rc;

	memset(&f, 0, sizeof(f));
	bank_of(req, &f.institution_id, &f.occupation_code, &f.level);
	f.status = http_query(req, "status");
	api_ctx(req, &ctx);
	rc = app_item_export(&ctx, &f, format ? format : "qti", &resp->body, &n, &err);
	api_done_body(req, resp, rc, &err,
		      format && !strcmp(format, "xlsx")
			      ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
			      : "application/zip",
		      format && !strcmp(format, "xlsx")
			      ? "attachment; filename=\"items.xlsx\""
			      : "attachment; filename=\"items-qti.zip\"");
}
