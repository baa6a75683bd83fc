/*
 * stats_export.c - the statistics page's table as a spreadsheet (issue 16,
 * /statistics/export.xlsx): app_stats_table() of the filter and the
 * breakdown, written through services/table as one XLSX sheet with every
 * measure and the three pass rates. Who may read the table may export it;
 * the permission and the scope are app_stats_table()'s.
 */
#include <string.h>

#include "app/internal.h"
#include "base/log.h"
#include "core/i18n.h"
#include "core/statistics.h"
#include "services/table.h"

/* key, label, every measure, then the rates */
#define RATES 3
#define EXPORT_COLS (2 + STAT_MEASURES + RATES)

static const struct {
	const char *key;
	enum stat_measure part, whole;
} rates[RATES] = {
	{"dash.stats.pass_rate", STAT_PASSED, STAT_ASSESSED},
	{"dash.stats.theory_rate", STAT_THEORY_PASSED, STAT_THEORY_SAT},
	{"dash.stats.practical_rate", STAT_PRACTICAL_PASSED, STAT_PRACTICAL_SAT},
};

struct export_it {
	struct arena *arena;
	enum lang lang;
	const struct stat_table *t;
	size_t at; /* the next row; nrows = the total */
};

static int next_row(void *arg, const char **cols)
{
	struct export_it *it = arg;
	const struct stat_row *r;
	int c = 0;

	if (it->at > it->t->nrows)
		return 0;
	r = it->at < it->t->nrows ? &it->t->rows[it->at] : &it->t->total;
	cols[c++] = it->at < it->t->nrows ? r->key : "";
	cols[c++] = it->at < it->t->nrows ? r->label : tr(it->lang, "stats.total");
	for (int m = 0; m < STAT_MEASURES; m++)
		cols[c++] = arena_printf(it->arena, "%lld", r->v[m]);
	for (int i = 0; i < RATES; i++) {
		int rate = stat_rate(r->v[rates[i].part], r->v[rates[i].whole]);

		cols[c++] = r->v[rates[i].whole] ? arena_printf(it->arena, "%d.%02d",
								rate / 100, rate % 100)
						 : "";
	}
	it->at++;
	return 1;
}

enum app_status app_stats_export_xlsx(struct app_ctx *ctx, const struct stat_filter *f,
				      enum stat_dim by, int lang, struct buf *out,
				      struct app_error *err)
{
	const char *head[EXPORT_COLS];
	struct stat_table t;
	struct export_it it;
	char terr[160];
	int c = 0;

	if (app_stats_table(ctx, f, by, &t, err) != APP_OK)
		return err->status;
	head[c++] = tr((enum lang)lang, "dash.stats.key");
	head[c++] = tr((enum lang)lang,
		       arena_printf(ctx->arena, "dash.stats.dim.%s", stat_dim_code(by)));
	for (int m = 0; m < STAT_MEASURES; m++)
		head[c++] = tr((enum lang)lang,
			       arena_printf(ctx->arena, "stats.measure.%s",
					    stat_measure_code((enum stat_measure)m)));
	for (int i = 0; i < RATES; i++)
		head[c++] = tr((enum lang)lang, rates[i].key);
	it = (struct export_it){ctx->arena, (enum lang)lang, &t, 0};
	if (table_write_xlsx(tr((enum lang)lang, "dash.stats.title"), EXPORT_COLS, head,
			     next_row, &it, out, terr, sizeof(terr))) {
		log_error("statistics export: %s", terr);
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	}
	return APP_OK;
}
