/* home.c - the front page and the language switch. */
#include <string.h>

#include "web/layout.h"
#include "web/web.h"

void page_home(struct http_req *req, struct http_resp *resp)
{
	struct page p;

	page_init(&p, req, resp, "nav.home");
	page_begin(&p, T(&p, "home.title"));
	html_printf(p.out,
		    "<h1>%s</h1><p class=\"lead\">%s</p>"
		    "<p>%s</p>"
		    "<ul class=\"cards\"><li><a href=\"/institutions\">%s</a></li></ul>",
		    T(&p, "app.name"), T(&p, "app.org"), T(&p, "home.intro"),
		    T(&p, "inst.list_title"));
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
