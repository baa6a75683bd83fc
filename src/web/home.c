/* home.c - the front page (with the results notices running) and the
 * language switch. */
#include <string.h>

#include "web/layout.h"
#include "web/web.h"

void page_home(struct http_req *req, struct http_resp *resp)
{
	struct page p;

	struct app_ctx ctx;

	page_init(&p, req, resp, "nav.home");
	page_ctx(&p, &ctx);
	page_begin(&p, T(&p, "home.title"));
	html_printf(p.out,
		    "<h1>%s</h1><p class=\"lead\">%s</p>"
		    "<p>%s</p>"
		    "<ul class=\"cards\"><li><a href=\"/institutions\">%s</a></li>"
		    "<li><a href=\"/apply\">%s</a></li></ul>",
		    T(&p, "app.name"), T(&p, "app.org"), T(&p, "home.intro"),
		    T(&p, "inst.list_title"), T(&p, "apply.title"));
	/* the results notices while they run: a link to each, and to the
	 * 公示 page with every notice */
	html_printf(p.out,
		    "<section aria-labelledby=\"h-notices\"><h2 id=\"h-notices\">%s</h2>",
		    T(&p, "notice.running"));
	page_result_notices(&p, &ctx, "", true);
	html_printf(p.out, "<p><a href=\"/registry/batches\">%s</a></p></section>",
		    T(&p, "notice.all"));
	page_end(&p);
}

/* GET /lang?to=en&next=/path : remembers the choice in a cookie and goes
 * back. Only a local path is accepted as next (no open redirect). */
void page_lang(struct http_req *req, struct http_resp *resp)
{
	const char *to = http_query(req, "to");
	const char *next = http_query(req, "next");
	int l = lang_parse(to);

	next = page_safe_next(next);
	if (l >= 0)
		http_set_cookie(req, resp, "lang", l == LANG_EN ? "en" : "zh", 31536000);
	http_redirect(resp, arena_strdup(req->arena, next));
}
