/*
 * papers.c - /api/v1/blueprints… and the papers of a plan (issue 19):
 * blueprints of a bank kept by version, a paper assembled for a plan,
 * sealed and verified. app/exam_paper.c checks who and in which state;
 * the items and keys are in a paper's answer only for item.approve.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"

static json_t *blueprint_json(const struct exam_blueprint_row *b, bool with_doc)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:i, s:s, s:i, s:s, s:s}", "id",
			      (json_int_t)b->id, "institution_id",
			      (json_int_t)b->institution_id, "institution_name",
			      b->institution_name, "occupation_code", b->occupation_code,
			      "level", b->level, "version", b->version, "minutes",
			      b->minutes, "created_by", b->created_by, "created_at",
			      b->created_at);

	if (with_doc) {
		json_t *doc = json_loads(b->doc, 0, NULL);

		json_object_set_new(o, "doc", doc ? doc : json_string(b->doc));
	}
	return o;
}

void api_blueprints_list(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct exam_blueprint_row *items;
	size_t n;
	const char *q = http_query(req, "institution_id");
	long long inst = 0;
	json_t *arr;
	int rc;

	if (q && *q) {
		char *end;

		inst = strtoll(q, &end, 10);
		if (*end || inst < 0 || inst > 1000000000000LL) {
			api_error_msg(req, resp, 422, "invalid", "err.not_integer",
				      "institution_id");
			return;
		}
	}
	api_ctx(req, &ctx);
	rc = app_blueprints(&ctx, inst, &items, &n, &err);
	if (rc) {
		api_done(req, resp, rc, &err, 200, NULL);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, blueprint_json(&items[i], false));
	api_done(req, resp, APP_OK, &err, 200, json_pack("{s:o}", "items", arr));
}

/* {institution_id, doc: {…}} (doc may also be the JSON as a string) */
void api_blueprints_create(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = 0;
	json_t *b = api_read_object(req, resp), *v;
	const char *doc;
	int rc;

	if (!b)
		return;
	v = json_object_get(b, "institution_id");
	if (!v || !json_is_integer(v) || json_integer_value(v) <= 0) {
		json_decref(b);
		api_error_msg(req, resp, 422, "invalid", "val.item.institution",
			      "institution_id");
		return;
	}
	doc = api_json_text(req, b, "doc");
	if (!doc) {
		json_decref(b);
		api_error_msg(req, resp, 422, "invalid", "val.blueprint.json", "doc");
		return;
	}
	api_ctx(req, &ctx);
	rc = app_blueprint_add(&ctx, (long long)json_integer_value(v), doc, &id, &err);
	json_decref(b);
	api_done_id(req, resp, rc, &err, id);
}

void api_blueprints_get(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct exam_blueprint_row b;
	long long id = api_open_id(req, resp, &ctx);
	int rc;

	if (!id)
		return;
	rc = app_blueprint_get(&ctx, id, &b, &err);
	api_done(req, resp, rc, &err, 200, rc ? NULL : blueprint_json(&b, true));
}

static json_t *paper_json(const struct exam_paper_row *p)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:s, s:i, s:s, s:s, s:s, s:I, s:s, s:s, "
			 "s:s, s:s, s:I, s:s, s:s, s:s}",
			 "id", (json_int_t)p->id, "plan_id", (json_int_t)p->plan_id,
			 "blueprint_id", (json_int_t)p->blueprint_id,
			 "bank_institution_id", (json_int_t)p->bank_institution_id,
			 "occupation_code", p->occupation_code, "level", p->level,
			 "version", p->version, "seed", p->seed, "status", p->status,
			 "warnings", (json_int_t)p->warnings, "digest", p->digest,
			 "created_by", p->created_by, "created_at", p->created_at,
			 "sealed_at", p->sealed_at, "items_count", (json_int_t)p->nitems,
			 "starts_at", p->starts_at ? p->starts_at : "", "opened_by",
			 p->opened_by ? p->opened_by : "", "closed_at",
			 p->closed_at ? p->closed_at : "");
}

/* {blueprint_id, seed?} seed: a decimal uint64, as a string or a
 * non-negative integer */
void api_papers_assemble(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct paper_made made;
	long long plan_id;
	json_t *b = api_open_body(req, resp, &ctx, &plan_id), *v;
	uint64_t seed = 0;
	bool has_seed = false;
	long long bp;
	int rc;

	if (!b)
		return;
	v = json_object_get(b, "blueprint_id");
	if (!v || !json_is_integer(v) || json_integer_value(v) <= 0) {
		json_decref(b);
		api_error_msg(req, resp, 422, "invalid", "val.paper.blueprint",
			      "blueprint_id");
		return;
	}
	bp = (long long)json_integer_value(v);
	v = json_object_get(b, "seed");
	if (v && json_is_integer(v) && json_integer_value(v) >= 0) {
		seed = (uint64_t)json_integer_value(v);
		has_seed = true;
	} else if (v && json_is_string(v)) {
		const char *s = json_string_value(v);
		char *end;

		errno = 0;
		seed = strtoull(s, &end, 10);
		if (!*s || *end || errno || s[strspn(s, "0123456789")]) {
			json_decref(b);
			api_error_msg(req, resp, 422, "invalid", "val.paper.seed", "seed");
			return;
		}
		has_seed = true;
	} else if (v && !json_is_null(v)) {
		json_decref(b);
		api_error_msg(req, resp, 422, "invalid", "val.paper.seed", "seed");
		return;
	}
	json_decref(b);
	rc = app_paper_assemble(&ctx, plan_id, bp, has_seed, seed, &made, &err);
	if (rc == APP_INVALID && err.msg && !strcmp(err.msg, "err.exam.shortfall")) {
		/* the message names how many are missing, and so does "missing" */
		struct buf text;
		const char *names[] = {"n"};
		const char *values[] = {arena_printf(req->arena, "%d", made.missing)};
		json_t *root;
		char *out;

		buf_init(&text, 0);
		i18n_fill(&text, tr(api_lang(req), err.msg), names, values, 1);
		buf_putc(&text, 0);
		http_json_error(resp, 422, "invalid", buf_failed(&text) ? "" : text.data,
				err.field);
		buf_release(&text);
		root = json_loadb(resp->body.data, resp->body.len, 0, NULL);
		if (root &&
		    json_object_set_new(json_object_get(root, "error"), "missing",
					json_integer(made.missing)) == 0 &&
		    (out = json_dumps(root, JSON_COMPACT))) {
			buf_reset(&resp->body);
			buf_puts(&resp->body, out);
			free(out);
		}
		json_decref(root);
		return;
	}
	api_done(req, resp, rc, &err, 201,
		 rc ? NULL
		    : json_pack("{s:I, s:s, s:I, s:I, s:i}", "id", (json_int_t)made.id,
				"seed", arena_printf(req->arena, "%" PRIu64, made.seed),
				"warnings", (json_int_t)made.warnings, "items_count",
				(json_int_t)made.nitems, "total", made.total));
}

void api_papers_list(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct exam_paper_row *items;
	size_t n;
	long long plan_id = api_open_id(req, resp, &ctx);
	json_t *arr;
	int rc;

	if (!plan_id)
		return;
	rc = app_papers(&ctx, plan_id, &items, &n, &err);
	if (rc) {
		api_done(req, resp, rc, &err, 200, NULL);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, paper_json(&items[i]));
	api_done(req, resp, APP_OK, &err, 200, json_pack("{s:o}", "items", arr));
}

static json_t *paper_item_json(const struct exam_paper_item_row *r)
{
	const struct exam_item_row *x = &r->x;
	json_t *opts = json_loads(x->options, 0, NULL);
	struct item it = {.kind = item_kind_parse(x->kind), .key = (unsigned)x->answer_key};
	char key[ITEM_MAX_OPTIONS + 1];

	if (!opts || !json_is_array(opts)) {
		json_decref(opts);
		opts = json_array();
	}
	it.noptions = (int)json_array_size(opts);
	item_key_letters(&it, key);
	return json_pack("{s:i, s:i, s:I, s:s, s:i, s:s, s:s, s:s, s:o, s:s, s:s}",
			 "position", r->position, "score", r->score, "item_id",
			 (json_int_t)x->id, "ref", x->ref, "version", x->version, "kind",
			 x->kind, "point", x->point, "stem", x->stem, "options", opts,
			 "key", key, "explanation", x->explanation);
}

void api_papers_get(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct paper_view *v;
	long long id = api_open_id(req, resp, &ctx);
	json_t *o;
	int rc;

	if (!id)
		return;
	v = arena_alloc(req->arena, sizeof(*v));
	rc = app_paper_get(&ctx, id, v, &err);
	if (rc) {
		api_done(req, resp, rc, &err, 200, NULL);
		return;
	}
	o = paper_json(&v->p);
	json_object_set_new(o, "counts",
			    json_pack("{s:i, s:i, s:i}", "single", v->count[ITEM_SINGLE - 1],
				      "multi", v->count[ITEM_MULTI - 1], "tf",
				      v->count[ITEM_TF - 1]));
	json_object_set_new(o, "total", json_integer(v->total));
	if (v->with_items) {
		json_t *arr = json_array();

		for (size_t i = 0; i < v->nitems; i++)
			json_array_append_new(arr, paper_item_json(&v->items[i]));
		json_object_set_new(o, "items", arr);
	}
	api_done(req, resp, APP_OK, &err, 200, o);
}

void api_papers_seal(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	char digest[65];
	long long id;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc;

	if (!b)
		return;
	json_decref(b);
	rc = app_paper_seal(&ctx, id, digest, &err);
	api_done(req, resp, rc, &err, 200, rc ? NULL : json_pack("{s:s}", "digest", digest));
}

void api_papers_verify(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct paper_check chk;
	long long id = api_open_id(req, resp, &ctx);
	int rc;

	if (!id)
		return;
	rc = app_paper_verify(&ctx, id, &chk, &err);
	api_done(req, resp, rc, &err, 200,
		 rc ? NULL
		    : json_pack("{s:b, s:s, s:s, s:b}", "sealed", chk.sealed, "digest",
				chk.digest, "computed", chk.computed, "matches",
				chk.matches));
}
