/*
 * subsidy.c - the skill-upgrade subsidy (技能提升补贴) block of the staff
 * certificate page and of each card of the holder's "my certificates":
 * eligible or not, every reason, the amount band and the deadline
 * counting down (docs/subsidy.md).
 */
#include <stdio.h>

#include "web/layout.h"
#include "web/web.h"

static void fill(struct page *p, const char *key, const char *date, long long n)
{
	static const char *const names[] = {"n", "date"};
	char num[24];
	const char *values[] = {num, date};
	struct buf b;

	snprintf(num, sizeof(num), "%lld", n);
	buf_init(&b, 0);
	i18n_fill(&b, T(p, key), names, values, 2);
	html_printf(p->out, "%s", b.data ? b.data : "");
	buf_release(&b);
}

void page_subsidy_block(struct page *p, long long cert_id)
{
	page_subsidy_block_as(p, cert_id, "subsidy");
}

void page_subsidy_block_as(struct page *p, long long cert_id, const char *html_id)
{
	struct app_ctx ctx;
	struct app_error err;
	struct subsidy_view v;
	const struct subsidy_result *r = &v.result;

	page_ctx(p, &ctx);
	if (app_cert_subsidy(&ctx, cert_id, -1, &v, &err) != APP_OK)
		return; /* the page itself was readable: leave the block out */
	html_printf(p->out, "<section class=\"subsidy\" id=\"%s\"><h2>%s</h2><p>",
		    html_id, T(p, "subsidy.heading"));
	page_badge(p, "subsidy.verdict.", subsidy_verdict_name(r->verdict));
	html_printf(p->out, "</p><dl class=\"facts\">");
	if (r->version) {
		if (r->amount_max) {
			html_printf(p->out, "<dt>%s</dt><dd class=\"subsidy-amount\">",
				    T(p, "subsidy.amount"));
			fill(p, "subsidy.amount_max", "", r->amount_max);
			html_printf(p->out, "</dd>");
		}
		html_printf(p->out, "<dt>%s</dt><dd class=\"subsidy-deadline\">",
			    T(p, "subsidy.deadline"));
		if (r->days_left > 0)
			fill(p, "subsidy.days_left", r->last_day, r->days_left);
		else
			fill(p, "subsidy.closed", r->last_day, 0);
		html_printf(p->out, "</dd><dt>%s</dt><dd>%s%s%s%s</dd>",
			    T(p, "subsidy.rule"), r->version->citation,
			    p->lang == LANG_EN ? " (" : "（", v.rules_name,
			    p->lang == LANG_EN ? ")" : "）");
	}
	html_printf(p->out, "</dl><ul class=\"subsidy-reasons\">");
	for (size_t i = 0; i < r->nreasons; i++) {
		struct buf t;

		buf_init(&t, 0);
		subsidy_reason_text(p->lang, &r->reasons[i], &t);
		html_printf(p->out, "<li class=\"r-%s\">%s</li>",
			    subsidy_verdict_name(r->reasons[i].verdict),
			    t.data ? t.data : "");
		buf_release(&t);
	}
	html_printf(p->out, "</ul><p class=\"hint\">%s</p></section>", T(p, "subsidy.note"));
}
