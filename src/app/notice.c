/*
 * notice.c - the public notices (公示) as anyone finds them: the results
 * notices (结果公示) running today, and a text match shared by every
 * notice list (web/batches.c, web/home.c).
 */
#include <string.h>

#include "app/internal.h"
#include "base/timeutil.h"

bool app_notice_matches(const char *text, const char *q)
{
	return !q || !*q || (text && strcasestr(text, q));
}

enum app_status app_result_notices(struct app_ctx *ctx, const char *q,
				   struct plan **items, size_t *n, struct app_error *err)
{
	struct store_conn *c;
	struct plan *all;
	size_t nall = 0, kept = 0;
	char today[11];
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_plan_list(c, ctx->arena, 0, "under_notice", &all, &nall);
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		store_release(c);
		return err->status;
	}
	store_release(c);
	time_today(today, sizeof(today));
	/* running: published (under notice) and today within its period */
	for (size_t i = 0; i < nall; i++) {
		const struct plan *p = &all[i];

		if (!p->notice_start || !p->notice_end ||
		    strcmp(today, p->notice_start) < 0 || strcmp(today, p->notice_end) > 0)
			continue;
		if (!app_notice_matches(p->title, q) &&
		    !app_notice_matches(p->institution_name, q) &&
		    !app_notice_matches(p->occupation_name, q) &&
		    !app_notice_matches(p->occupation_code, q))
			continue;
		all[kept++] = *p;
	}
	*items = kept ? all : NULL;
	*n = kept;
	return APP_OK;
}
