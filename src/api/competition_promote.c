/*
 * competition_promote.c - POST /api/v1/competitions/{id}/promotions/approve
 * and …/reject: the center's decisions on the computed promotions
 * (app/competition_promote.c; docs/api.md "Promotions").
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "base/str.h"

/* The refusal err, its message followed by the people it names. */
static void refuse_naming(struct http_req *req, struct http_resp *resp,
			  const struct app_error *err, const char *who)
{
	json_t *root, *e;
	char *text;

	api_fail(req, resp, err);
	root = json_loadb(resp->body.data, resp->body.len, 0, NULL);
	e = json_object_get(root, "error");
	if (e && json_is_string(json_object_get(e, "message"))) {
		json_object_set_new(e, "message",
				    json_string(arena_printf(
					    req->arena, "%s%s%s",
					    json_string_value(json_object_get(e, "message")),
					    api_lang(req) == LANG_EN ? ": " : "：", who)));
		json_object_set_new(e, "people", json_string(who));
		if ((text = json_dumps(root, JSON_COMPACT))) {
			buf_reset(&resp->body);
			buf_puts(&resp->body, text);
			free(text);
		}
	}
	json_decref(root);
}

/* rows: [{entry_id, person_id, from_level}] into *picks; false when a row
 * is not one. */
static bool picks_of(struct http_req *req, json_t *rows, struct comp_promote_pick **picks,
		     size_t *n)
{
	size_t i;
	json_t *v;

	*n = json_array_size(rows);
	*picks = arena_alloc(req->arena, (*n + 1) * sizeof(**picks));
	json_array_foreach(rows, i, v)
	{
		json_t *e = json_object_get(v, "entry_id"),
		       *p = json_object_get(v, "person_id"),
		       *l = json_object_get(v, "from_level");

		if (!json_is_integer(e) || !json_is_integer(p) ||
		    (l && !json_is_integer(l)) ||
		    (l && (json_integer_value(l) < 0 || json_integer_value(l) > 5)))
			return false;
		(*picks)[i].entry_id = json_integer_value(e);
		(*picks)[i].person_id = json_integer_value(p);
		(*picks)[i].from_level = l ? (int)json_integer_value(l) : 0;
	}
	return true;
}

void api_comp_promote(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct comp_promote_report rep;
	struct comp_promote_pick *picks = NULL;
	size_t npicks = 0;
	long long id = api_param_id(req, resp, 0);
	json_t *b, *rows, *inst, *arr;
	bool all;
	int rc;

	if (!id || !(b = api_read_object(req, resp)))
		return;
	rows = json_object_get(b, "rows");
	inst = json_object_get(b, "institution_id");
	all = json_is_true(json_object_get(b, "all"));
	if ((rows && !json_is_array(rows)) ||
	    (rows && !picks_of(req, rows, &picks, &npicks))) {
		json_decref(b);
		api_error_msg(req, resp, 422, "invalid", "competition.promote.rows", "rows");
		return;
	}
	if (inst && !json_is_null(inst) &&
	    (!json_is_integer(inst) || json_integer_value(inst) <= 0)) {
		json_decref(b);
		api_error_msg(req, resp, 422, "invalid", "err.not_integer",
			      "institution_id");
		return;
	}
	api_ctx(req, &ctx);
	rc = app_comp_promote(&ctx, id, picks, npicks, all,
			      json_is_integer(inst) ? json_integer_value(inst) : 0, &rep,
			      &err);
	json_decref(b);
	if (rc && rep.who) {
		refuse_naming(req, resp, &err, rep.who);
		return;
	}
	arr = json_array();
	for (size_t i = 0; rc == APP_OK && i < rep.nrows; i++) {
		const struct comp_promote_done *o = &rep.rows[i];

		json_array_append_new(
			arr, json_pack("{s:I, s:I, s:s, s:b, s:i, s:o, s:I}", "entry_id",
				       (json_int_t)o->entry_id, "person_id",
				       (json_int_t)o->person_id, "name", o->name,
				       "skipped", o->skipped, "level", o->level, "number",
				       o->number ? json_string(o->number) : json_null(),
				       "certificate_id", (json_int_t)o->certificate_id));
	}
	if (rc)
		json_decref(arr);
	api_done(req, resp, rc, &err, 200,
		 rc ? NULL
		    : json_pack("{s:I, s:I, s:o}", "issued", (json_int_t)rep.issued,
				"skipped", (json_int_t)rep.skipped, "rows", arr));
}

void api_comp_promote_reject(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_param_id(req, resp, 0);
	json_t *b, *e, *p;
	int rc;

	if (!id || !(b = api_read_object(req, resp)))
		return;
	e = json_object_get(b, "entry_id");
	p = json_object_get(b, "person_id");
	if (!json_is_integer(e) || !json_is_integer(p)) {
		json_decref(b);
		api_error_msg(req, resp, 422, "invalid", "err.not_integer",
			      json_is_integer(e) ? "person_id" : "entry_id");
		return;
	}
	api_ctx(req, &ctx);
	rc = app_comp_promote_reject(&ctx, id, json_integer_value(e), json_integer_value(p),
				     json_string_value(json_object_get(b, "reason")), &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}
