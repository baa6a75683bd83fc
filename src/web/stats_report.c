/*
 * stats_report.c - /statistics/report: the annual report (issue 16,
 * app/stats_report.c). Without a year, a page listing the years that have
 * figures, each with its two downloads, and a plain GET form (year, then
 * the PDF or the XLSX button; no script). With ?year=&format= the
 * download itself; a refused year or format is the page again, 422, the
 * field named. statistics.read (app/ decides the scope).
 */
#include <string.h>

#include "base/str.h"
#include "web/layout.h"
#include "web/web.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* The page: the years, the form; err (may be NULL) shown above the form. */
static void report_page(struct page *p, struct app_ctx *ctx, const struct app_error *err)
{
	struct app_error e2;
	int *years = NULL;
	size_t n = 0;

	if (app_stats_years(ctx, &years, &n, &e2) != APP_OK) {
		page_fail(p, &e2);
		return;
	}
	page_begin(p, T(p, "report.page.title"));
	html_printf(p->out,
		    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/statistics\">%s</a></nav>"
		    "<h1>%s</h1><p class=\"lead\">%s</p>",
		    T(p, "nav.crumbs"), T(p, "report.page.statistics"),
		    T(p, "report.page.title"), T(p, "report.page.intro"));
	if (err && err->field)
		html_printf(p->out,
			    "<p class=\"error\" role=\"alert\" id=\"report-error\">%s: %s</p>",
			    T(p, !strcmp(err->field, "format") ? "report.page.format"
							       : "field.year"),
			    T(p, err->msg));
	if (!n) {
		html_printf(p->out, "<p id=\"report-none\">%s</p>",
			    T(p, "report.page.none"));
		page_end(p);
		return;
	}
	html_printf(p->out,
		    "<form class=\"search\" method=\"get\" action=\"/statistics/report\">"
		    "<div class=\"field\"><label for=\"r-year\">%s</label>"
		    "<select id=\"r-year\" name=\"year\">",
		    T(p, "field.year"));
	for (size_t i = 0; i < n; i++)
		html_printf(p->out, "<option value=\"%d\">%d</option>", years[i], years[i]);
	html_printf(p->out,
		    "</select></div><button type=\"submit\" name=\"format\" value=\"pdf\">%s"
		    "</button> <button type=\"submit\" name=\"format\" value=\"xlsx\">%s"
		    "</button></form>",
		    T(p, "report.page.pdf"), T(p, "report.page.xlsx"));
	html_printf(p->out,
		    "<div class=\"table\"><table id=\"report-years\"><caption>%s</caption>"
		    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>"
		    "<tbody>",
		    T(p, "report.page.years"), T(p, "field.year"),
		    T(p, "report.page.files"));
	for (size_t i = 0; i < n; i++)
		html_printf(p->out,
			    "<tr><th scope=\"row\">%d</th><td>"
			    "<a href=\"/statistics/report?year=%d&amp;format=pdf\" "
			    "type=\"application/pdf\" download>%s</a> · "
			    "<a href=\"/statistics/report?year=%d&amp;format=xlsx\" type=\"" XLSX_TYPE
			    "\" download>%s</a>"
			    "</td></tr>",
			    years[i], years[i], T(p, "report.page.pdf"), years[i],
			    T(p, "report.page.xlsx"));
	html_printf(p->out, "</tbody></table></div>");
	page_end(p);
}

void page_stats_report(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err = {0};
	const char *y = http_query(req, "year"), *f = http_query(req, "format");
	bool xlsx = f && !strcmp(f, "xlsx");
	long long year = 0;
	enum app_status rc;

	page_init(&p, req, resp, "nav.statistics");
	page_ctx(&p, &ctx);
	if ((!y || !*y) && (!f || !*f)) {
		report_page(&p, &ctx, NULL);
		return;
	}
	if (!y || str_to_ll(y, 2000, 2100, &year)) {
		err = (struct app_error){APP_INVALID, "year", "report.year_invalid", NULL,
					 0};
	} else if (f && *f && strcmp(f, "pdf") && !xlsx) {
		err = (struct app_error){APP_INVALID, "format", "report.format_invalid",
					 NULL, 0};
	} else {
		buf_reset(&resp->body);
		rc = app_stats_report(&ctx, (int)year,
				      xlsx ? STATS_REPORT_XLSX : STATS_REPORT_PDF,
				      &resp->body, &err);
		if (rc == APP_OK) {
			resp->content_type = xlsx ? XLSX_TYPE : "application/pdf";
			http_set_header(
				resp, "Content-Disposition",
				arena_printf(req->arena,
					     "attachment; filename=\"annual-report-%lld.%s\"",
					     year, xlsx ? "xlsx" : "pdf"));
			http_set_header(resp, "Cache-Control", "private, no-store");
			return;
		}
		if (rc != APP_INVALID) {
			page_fail(&p, &err);
			return;
		}
	}
	buf_reset(&resp->body);
	resp->status = 422;
	report_page(&p, &ctx, &err);
}
