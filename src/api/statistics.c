/*
 * statistics.c - the network's figures (issue 16, app/statistics.c):
 *   GET  /api/v1/statistics?by=&year=&year_from=&year_to=&province=
 *        &branch_id=&institution_id=&occupation=&level=
 *   GET  /api/v1/statistics/years
 *   POST /api/v1/statistics/refresh {"year"}
 *   GET  /api/v1/statistics/rows?measure=&…filter…&offset=&limit=
 * Every parameter checked here (422 naming it); the scope in app/.
 * docs/statistics.md, docs/api.md.
 */
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "base/str.h"

/* An integer parameter in [lo, hi]; absent or "" is 0. Answers 422 naming
 * it and returns false when it is not one. */
static bool int_param(struct http_req *req, struct http_resp *resp, const char *name,
		      long long lo, long long hi, const char *msg, long long *out)
{
	const char *v = http_query(req, name);

	*out = 0;
	if (!v || !*v)
		return true;
	if (str_to_ll(v, lo, hi, out)) {
		api_error_msg(req, resp, 422, "invalid", msg, name);
		return false;
	}
	return true;
}

/* The filter of the query; false after answering 422. */
static bool filter_of(struct http_req *req, struct http_resp *resp, struct stat_filter *f)
{
	long long y, yf, yt, b, i, l;

	memset(f, 0, sizeof(*f));
	if (!int_param(req, resp, "year", 2000, 2100, "stats.year_invalid", &y) ||
	    !int_param(req, resp, "year_from", 2000, 2100, "stats.year_invalid", &yf) ||
	    !int_param(req, resp, "year_to", 2000, 2100, "stats.year_invalid", &yt) ||
	    !int_param(req, resp, "branch_id", 1, (1LL << 53), "stats.branch_invalid", &b) ||
	    !int_param(req, resp, "institution_id", 1, (1LL << 53),
		       "stats.institution_invalid", &i) ||
	    !int_param(req, resp, "level", 1, 5, "stats.level_invalid", &l))
		return false;
	f->year = (int)y;
	f->year_from = (int)yf;
	f->year_to = (int)yt;
	f->branch_id = b;
	f->institution_id = i;
	f->level = (int)l;
	f->province = http_query(req, "province");
	f->occupation = http_query(req, "occupation");
	return true;
}

void api_stats_table(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct stat_filter f;
	struct stat_table t;
	const char *by = http_query(req, "by");
	int d = STAT_BY_NONE;
	json_error_t jerr;
	json_t *root;

	if (by && *by && (d = stat_dim_parse(by)) < 0) {
		api_error_msg(req, resp, 422, "invalid", "stats.by_invalid", "by");
		return;
	}
	if (!filter_of(req, resp, &f))
		return;
	api_ctx(req, &ctx);
	if (app_stats_table(&ctx, &f, (enum stat_dim)d, &t, &err)) {
		api_fail(req, resp, &err);
		return;
	}
	root = json_loads(app_stats_json(&ctx, &t), 0, &jerr);
	api_send(resp, 200, root ? root : json_object());
}

void api_stats_years(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	int *years;
	size_t n;
	json_t *a;

	api_ctx(req, &ctx);
	if (app_stats_years(&ctx, &years, &n, &err)) {
		api_fail(req, resp, &err);
		return;
	}
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_integer(years[i]));
	api_send(resp, 200, json_pack("{s:o}", "years", a));
}

void api_stats_refresh(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	json_t *body = api_read_object(req, resp), *y;
	int year = 0;
	bool given;
	enum app_status st;

	if (!body)
		return;
	if (!api_check_int32(req, resp, body, "year", NULL)) {
		json_decref(body);
		return;
	}
	y = json_object_get(body, "year");
	given = y && !json_is_null(y);
	if (given)
		year = (int)json_integer_value(y);
	json_decref(body);
	if (given && year == 0) {
		api_error_msg(req, resp, 422, "invalid", "stats.year_invalid", "year");
		return;
	}
	api_ctx(req, &ctx);
	st = app_stats_refresh(&ctx, year, &err);
	api_done(req, resp, st, &err, 200, NULL);
}

void api_stats_rows(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct stat_filter f;
	struct stat_detail *rows;
	size_t n;
	long long total, offset, limit;
	const char *mv = http_query(req, "measure");
	int m = mv ? stat_measure_parse(mv) : -1;
	json_t *a;

	if (m < 0) {
		api_error_msg(req, resp, 422, "invalid", "stats.measure_invalid", "measure");
		return;
	}
	if (!filter_of(req, resp, &f) ||
	    !int_param(req, resp, "offset", 0, 1000000000, "stats.offset_invalid", &offset) ||
	    !int_param(req, resp, "limit", 1, 200, "stats.limit_invalid", &limit))
		return;
	api_ctx(req, &ctx);
	if (app_stats_rows(&ctx, &f, (enum stat_measure)m, (int)offset,
			   limit ? (int)limit : 50, &rows, &n, &total, &err)) {
		api_fail(req, resp, &err);
		return;
	}
	a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
			a, json_pack("{s:s, s:I, s:I, s:s, s:s, s:s, s:s}", "kind",
				     rows[i].kind, "id", (json_int_t)rows[i].id,
				     "institution_id", (json_int_t)rows[i].institution_id,
				     "title", rows[i].title, "detail", rows[i].detail,
				     "date", rows[i].date, "href", rows[i].href));
	api_send(resp, 200,
		 json_pack("{s:s, s:I, s:I, s:I, s:o}", "measure", mv, "total",
			   (json_int_t)total, "offset", (json_int_t)offset, "limit",
			   (json_int_t)(limit ? limit : 50), "rows", a));
}
