/*
 * supervision.c - the supervision flags' endpoints (issue 16,
 * docs/supervision.md): GET /api/v1/supervision/flags?year=&rule=&status=
 * &institution_id=, GET /api/v1/supervision/flags/{id} (with its evidence
 * rows), POST /api/v1/supervision/scan {year}, POST
 * .../flags/{id}/dismiss {note}, POST .../flags/{id}/finding {deadline,
 * description, inspection_id?}. Permission supervision.manage; the scope
 * is app/supervision.c's.
 */
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "base/str.h"
#include "base/timeutil.h"

static json_t *flag_json(const struct sup_flag *f)
{
	json_t *o = json_pack(
		"{s:I, s:s, s:s, s:i, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
		(json_int_t)f->id, "rule", f->rule, "subject", f->subject, "year", f->year,
		"institution_id", (json_int_t)f->institution_id, "institution_name",
		f->institution_name ? f->institution_name : "", "statistic", f->statistic,
		"rules_version", f->rules_version, "status", f->status, "note", f->note,
		"raised_at", f->raised_at, "updated_at", f->updated_at);
	json_t *fig = json_loads(f->figures ? f->figures : "{}", 0, NULL);

	json_object_set_new(o, "figures", fig ? fig : json_object());
	json_object_set_new(o, "person_id",
			    f->person_id ? json_integer(f->person_id) : json_null());
	json_object_set_new(o, "plan_id",
			    f->plan_id ? json_integer(f->plan_id) : json_null());
	json_object_set_new(o, "finding_id",
			    f->finding_id ? json_integer(f->finding_id) : json_null());
	json_object_set_new(o, "decided_by",
			    json_string(f->decided_by ? f->decided_by : ""));
	json_object_set_new(o, "decided_at",
			    f->decided_at ? json_string(f->decided_at) : json_null());
	return o;
}

static bool query_ll(struct http_req *req, struct http_resp *resp, const char *name,
		     long long lo, long long hi, long long *out)
{
	const char *v = http_query(req, name);

	*out = 0;
	if (!v || !*v)
		return true;
	if (str_to_ll(v, lo, hi, out)) {
		api_error_msg(req, resp, 422, "invalid", "err.out_of_range", name);
		return false;
	}
	return true;
}

void api_sup_flags(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct sup_flag_filter f;
	struct sup_flag *items;
	size_t n;
	long long year, inst, offset, limit, total;
	json_t *arr;

	memset(&f, 0, sizeof(f));
	if (!query_ll(req, resp, "year", 2000, 2999, &year) ||
	    !query_ll(req, resp, "institution_id", 1, (long long)1 << 53, &inst) ||
	    !query_ll(req, resp, "offset", 0, 1000000000, &offset) ||
	    !query_ll(req, resp, "limit", 1, 1000, &limit))
		return;
	f.year = (int)year;
	f.institution_id = inst;
	f.offset = (int)offset;
	f.limit = (int)limit;
	f.rule = http_query(req, "rule");
	f.status = http_query(req, "status");
	api_ctx(req, &ctx);
	if (app_sup_flags(&ctx, &f, &items, &n, &total, &err)) {
		api_fail(req, resp, &err);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, flag_json(&items[i]));
	api_send(resp, 200,
		 json_pack("{s:o, s:I, s:I}", "flags", arr, "total", (json_int_t)total,
			   "offset", (json_int_t)offset));
}

void api_sup_flag(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct sup_flag_view v;
	long long id = api_open_id(req, resp, &ctx);
	json_t *o, *ev;

	if (!id)
		return;
	if (app_sup_flag(&ctx, id, &v, &err)) {
		api_fail(req, resp, &err);
		return;
	}
	o = flag_json(&v.flag);
	ev = json_array();
	for (size_t i = 0; i < v.nevidence; i++)
		json_array_append_new(
			ev, json_pack("{s:s, s:I, s:s, s:s}", "kind", v.evidence[i].kind,
				      "id", (json_int_t)v.evidence[i].id, "title",
				      v.evidence[i].title, "href", v.evidence[i].href));
	json_object_set_new(o, "evidence", ev);
	api_send(resp, 200, o);
}

void api_sup_scan(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct sup_scan_report r;
	json_t *b = api_read_object(req, resp), *y, *per;
	int year;
	enum app_status rc;

	if (!b)
		return;
	if (!api_check_int32(req, resp, b, "year", NULL)) {
		json_decref(b);
		return;
	}
	y = json_object_get(b, "year");
	if (y && !json_is_null(y)) {
		year = (int)json_integer_value(y);
	} else {
		char today[11];

		time_today(today, sizeof(today));
		year = time_year(today);
	}
	json_decref(b);
	api_ctx(req, &ctx);
	rc = app_sup_scan(&ctx, year, &r, &err);
	if (rc) {
		api_fail(req, resp, &err);
		return;
	}
	per = json_object();
	for (int i = 0; i < SUP_RULE_COUNT; i++)
		json_object_set_new(per, sup_rule_code((enum sup_rule)i),
				    json_integer(r.per_rule[i]));
	api_send(resp, 200,
		 json_pack("{s:i, s:I, s:I, s:I, s:I, s:o}", "year", r.year, "raised",
			   (json_int_t)r.raised, "updated", (json_int_t)r.updated,
			   "cleared", (json_int_t)r.cleared, "kept", (json_int_t)r.kept,
			   "by_rule", per));
}

void api_sup_dismiss(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	const char *note = NULL;
	enum app_status rc;

	if (!b)
		return;
	if (!api_get_string(req, resp, b, "note", &note)) {
		json_decref(b);
		return;
	}
	rc = app_sup_dismiss(&ctx, id, note, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

void api_sup_finding(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id, finding_id = 0, inspection_id = 0;
	json_t *b = api_open_body(req, resp, &ctx, &id), *x;
	const char *deadline = NULL, *description = NULL;
	enum app_status rc;

	if (!b)
		return;
	if (!api_get_string(req, resp, b, "deadline", &deadline) ||
	    !api_get_string(req, resp, b, "description", &description)) {
		json_decref(b);
		return;
	}
	x = json_object_get(b, "inspection_id");
	if (x && !json_is_null(x)) {
		if (!json_is_integer(x) || json_integer_value(x) <= 0) {
			json_decref(b);
			api_error_msg(req, resp, 422, "invalid", "err.not_integer",
				      "inspection_id");
			return;
		}
		inspection_id = (long long)json_integer_value(x);
	}
	rc = app_sup_finding(&ctx, id, deadline, description, inspection_id, &finding_id,
			     &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200,
		 rc ? NULL : json_pack("{s:I}", "finding_id", (json_int_t)finding_id));
}
