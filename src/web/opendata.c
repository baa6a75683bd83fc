/*
 * opendata.c - the open data (issue 16; docs/statistics.md "Open data"):
 * GET /open-data lists the files; /open-data/directory.csv|.json (every
 * registered institution as the public directory shows it) and
 * /open-data/totals.csv|.json (the network's figures by year and
 * province) are app_opendata()'s. Public, nothing personal, cacheable.
 */
#include "web/layout.h"
#include "web/web.h"

static const struct {
	const char *href, *title, *about;
} files[] = {
	{"/open-data/directory.csv", "opendata.directory_csv", "opendata.directory_about"},
	{"/open-data/directory.json", "opendata.directory_json", "opendata.directory_about"},
	{"/open-data/totals.csv", "opendata.totals_csv", "opendata.totals_about"},
	{"/open-data/totals.json", "opendata.totals_json", "opendata.totals_about"},
};

void page_opendata(struct http_req *req, struct http_resp *resp)
{
	struct page p;

	page_init(&p, req, resp, NULL);
	page_begin(&p, T(&p, "opendata.title"));
	html_printf(p.out, "<h1>%s</h1><p>%s</p><ul class=\"files\">",
		    T(&p, "opendata.title"), T(&p, "opendata.lead"));
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		html_printf(p.out,
			    "<li><a href=\"%s\" download>%s</a><br><small>%s</small></li>",
			    files[i].href, T(&p, files[i].title), T(&p, files[i].about));
	html_printf(p.out, "</ul><p>%s</p>", T(&p, "opendata.license"));
	/* the same for everyone: a shared cache may keep it */
	http_set_header(resp, "Cache-Control", "public, max-age=3600");
	page_end(&p);
}

static void file(struct http_req *req, struct http_resp *resp, const char *name,
		 const char *format)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	buf_reset(&resp->body);
	if (app_opendata(&ctx, name, format, &resp->body, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	resp->content_type = format[0] == 'c' ? "text/csv; charset=utf-8"
					      : "application/json; charset=utf-8";
	http_set_header(resp, "Content-Disposition",
			arena_printf(req->arena, "attachment; filename=\"%s.%s\"", name,
				     format));
	http_set_header(resp, "Cache-Control", "public, max-age=3600");
}

void page_opendata_directory_csv(struct http_req *req, struct http_resp *resp)
{
	file(req, resp, "directory", "csv");
}

void page_opendata_directory_json(struct http_req *req, struct http_resp *resp)
{
	file(req, resp, "directory", "json");
}

void page_opendata_totals_csv(struct http_req *req, struct http_resp *resp)
{
	file(req, resp, "totals", "csv");
}

void page_opendata_totals_json(struct http_req *req, struct http_resp *resp)
{
	file(req, resp, "totals", "json");
}
