/*
 * stats_report.c - the annual report (issue 16, app/stats_report.c):
 *   GET /api/v1/statistics/report?year=&format=pdf|xlsx
 * The year and the format checked here (422 naming each); the scope and
 * the year's figures in app/. docs/annual-report.md, docs/api.md.
 */
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "base/str.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

void api_stats_report(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *y = http_query(req, "year"), *f = http_query(req, "format");
	bool xlsx = f && !strcmp(f, "xlsx");
	long long year;

	if (!y || str_to_ll(y, 2000, 2100, &year)) {
		api_error_msg(req, resp, 422, "invalid", "report.year_invalid", "year");
		return;
	}
	if (f && *f && strcmp(f, "pdf") && !xlsx) {
		api_error_msg(req, resp, 422, "invalid", "report.format_invalid", "format");
		return;
	}
	api_ctx(req, &ctx);
	buf_reset(&resp->body);
	if (api_done_body(req, resp,
			  app_stats_report(&ctx, (int)year,
					   xlsx ? STATS_REPORT_XLSX : STATS_REPORT_PDF,
					   &resp->body, &err),
			  &err, xlsx ? XLSX_TYPE : "application/pdf",
			  arena_printf(req->arena,
				       "attachment; filename=\"annual-report-%lld.%s\"",
				       year, xlsx ? "xlsx" : "pdf")))
		http_set_header(resp, "Cache-Control", "private, no-store");
}
