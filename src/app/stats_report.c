/*
 * stats_report.c - the annual report (年度报告, issue 16): a year's figures
 * as the work conference presents them, as a PDF (services/pdf.c
 * pdf_report, charts by services/chart.c) or an XLSX workbook (one sheet a
 * table, services/table.h table_write_xlsx_sheets).
 *
 * Owns: what the report shows and in which order (docs/annual-report.md),
 * its tables built once for both formats, the comparison with the year
 * before, gathering its parts (app_stats_table for the figures, the
 * registry's institutions, inspections and findings in the same scope).
 * Must not: count figures itself (app/statistics.c does), draw (services/).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "services/chart.h"
#include "services/pdf.h"
#include "services/table.h"

#define TOP_OCCUPATIONS 10 /* the PDF's leading occupations (the XLSX: all) */
#define TREND_YEARS 5

/* ---- the tables, built once for the PDF and the XLSX ---- */

struct grid {
	const char *sheet; /* the XLSX sheet's name */
	size_t ncols, nrows, cap;
	const char **cells; /* (nrows + 1) x ncols, the header first */
};

static void grid_init(struct app_ctx *ctx, struct grid *g, const char *sheet,
		      size_t ncols, size_t rows)
{
	g->sheet = sheet;
	g->ncols = ncols;
	g->nrows = 0;
	g->cap = rows + 1;
	g->cells = arena_alloc(ctx->arena, g->cap * ncols * sizeof(*g->cells));
}

/* The next row's cells (the header first), to fill; ncols of them. */
static const char **grid_row(struct app_ctx *ctx, struct grid *g, bool header)
{
	const char **row;

	if (!header && g->nrows + 1 >= g->cap) {
		const char **grown = arena_alloc(ctx->arena,
						 g->cap * 2 * g->ncols * sizeof(*grown));

		memcpy(grown, g->cells, g->cap * g->ncols * sizeof(*grown));
		g->cells = grown;
		g->cap *= 2;
	}
	row = g->cells + (header ? 0 : (g->nrows + 1) * g->ncols);
	if (!header)
		g->nrows++;
	return row;
}

struct rep {
	struct app_ctx *ctx;
	const struct stats_report *r;
	enum lang lang;
};

static const char *T(const struct rep *rp, const char *key) { return tr(rp->lang, key); }

static const char *num(const struct rep *rp, long long v)
{
	return arena_printf(rp->ctx->arena, "%lld", v);
}

/* A rate in hundredths of a percent as "83.33%". */
static const char *rate(const struct rep *rp, long long part, long long whole)
{
	int r = stat_rate(part, whole);

	return arena_printf(rp->ctx->arena, "%d.%02d%%", r / 100, r % 100);
}

/* The change from prev to cur: "+5" and "+12.50%" ("—" when there was
 * nothing before). */
static void change(const struct rep *rp, long long cur, long long prev, const char **diff,
		   const char **pct)
{
	long long d = cur - prev;

	*diff = arena_printf(rp->ctx->arena, "%s%lld", d > 0 ? "+" : "", d);
	if (prev <= 0) {
		*pct = "—";
		return;
	}
	long long h = d * 10000 / prev, a = h < 0 ? -h : h;

	*pct = arena_printf(rp->ctx->arena, "%s%lld.%02lld%%",
			    h > 0   ? "+"
			    : h < 0 ? "-"
				    : "",
			    a / 100, a % 100);
}

/* The measures of the totals table, in its order. */
static const struct {
	const char *key;
	enum stat_measure m;
} totals_rows[] = {
	{"report.m.plans", STAT_PLANS},
	{"report.m.enrolled", STAT_ENROLLED},
	{"report.m.assessed", STAT_ASSESSED},
	{"report.m.passed", STAT_PASSED},
	{"report.m.certificates", STAT_CERTIFICATES},
	{"report.m.filed_on_time", STAT_FILED_ON_TIME},
	{"report.m.filed_late", STAT_FILED_LATE},
	{"report.m.unfiled", STAT_UNFILED},
	{"report.m.revoked", STAT_REVOKED},
	{"report.m.corrections", STAT_CORRECTIONS},
	{"report.m.appeals", STAT_APPEALS},
	{"report.m.entrants", STAT_COMPETITION_ENTRANTS},
	{"report.m.awards", STAT_COMPETITION_AWARDS},
	{"report.m.honours", STAT_HONOURS},
	{"report.m.apprentices", STAT_APPRENTICES},
	{"report.m.apprentices_completed", STAT_APPRENTICES_COMPLETED},
	{"report.m.trainees", STAT_TRAINEES},
	{"report.m.trainees_completed", STAT_TRAINEES_COMPLETED},
};
#define NTOTALS (sizeof totals_rows / sizeof totals_rows[0])

/* A rate row of the totals: this year's, the year before's, the change
 * in points. */
static void totals_rate(struct rep *rp, struct grid *g, const char *key,
			enum stat_measure part, enum stat_measure whole)
{
	const long long *v = rp->r->total.total.v, *p = rp->r->prev.total.v;
	const char **row = grid_row(rp->ctx, g, false);
	int a = stat_rate(v[part], v[whole]), b = stat_rate(p[part], p[whole]), d = a - b;

	row[0] = T(rp, key);
	row[1] = rate(rp, v[part], v[whole]);
	row[2] = rate(rp, p[part], p[whole]);
	row[3] = arena_printf(rp->ctx->arena, "%s%d.%02d",
			      d > 0   ? "+"
			      : d < 0 ? "-"
				      : "",
			      abs(d) / 100, abs(d) % 100);
	row[4] = "—";
}

static void build_totals(struct rep *rp, struct grid *g)
{
	const long long *v = rp->r->total.total.v, *p = rp->r->prev.total.v;
	const char **h;

	grid_init(rp->ctx, g, T(rp, "report.sheet.totals"), 5, NTOTALS + 3);
	h = grid_row(rp->ctx, g, true);
	h[0] = T(rp, "report.col.measure");
	h[1] = arena_printf(rp->ctx->arena, "%d", rp->r->year);
	h[2] = arena_printf(rp->ctx->arena, "%d", rp->r->year - 1);
	h[3] = T(rp, "report.col.change");
	h[4] = T(rp, "report.col.change_pct");
	for (size_t i = 0; i < NTOTALS; i++) {
		const char **row = grid_row(rp->ctx, g, false);
		enum stat_measure m = totals_rows[i].m;

		row[0] = T(rp, totals_rows[i].key);
		row[1] = num(rp, v[m]);
		row[2] = num(rp, p[m]);
		change(rp, v[m], p[m], &row[3], &row[4]);
		if (m == STAT_PASSED) {
			totals_rate(rp, g, "report.m.pass_rate", STAT_PASSED, STAT_ASSESSED);
			totals_rate(rp, g, "report.m.theory_rate", STAT_THEORY_PASSED,
				    STAT_THEORY_SAT);
			totals_rate(rp, g, "report.m.practical_rate",
				    STAT_PRACTICAL_PASSED, STAT_PRACTICAL_SAT);
		}
	}
}

/* A table of t's rows (up to max, 0 = all) and its total: the key's
 * column, then the measures (a negative code: the pass rate). */
#define RATE (-1)
static void build_dim(struct rep *rp, struct grid *g, const char *sheet,
		      const char *key_col, const struct stat_table *t, const int *cols,
		      size_t ncols, size_t max)
{
	size_t n = max && t->nrows > max ? max : t->nrows;
	const char **h;

	grid_init(rp->ctx, g, sheet, ncols + 1, n + 1);
	h = grid_row(rp->ctx, g, true);
	h[0] = T(rp, key_col);
	for (size_t j = 0; j < ncols; j++)
		h[j + 1] = cols[j] == RATE ? T(rp, "report.m.pass_rate")
					   : T(rp, totals_rows[0].key); /* set below */
	for (size_t j = 0; j < ncols; j++)
		for (size_t k = 0; cols[j] != RATE && k < NTOTALS; k++)
			if ((int)totals_rows[k].m == cols[j])
				h[j + 1] = T(rp, totals_rows[k].key);
	for (size_t i = 0; i <= n; i++) {
		const struct stat_row *sr = i < n ? &t->rows[i] : &t->total;
		const char **row = grid_row(rp->ctx, g, false);

		row[0] = i < n ? (sr->label && *sr->label ? sr->label : sr->key)
			       : T(rp, "report.total");
		for (size_t j = 0; j < ncols; j++)
			row[j + 1] = cols[j] == RATE ? rate(rp, sr->v[STAT_PASSED],
							    sr->v[STAT_ASSESSED])
						     : num(rp, sr->v[cols[j]]);
	}
}

/* The registry: institutions by type and status, one row a type that
 * has any, and the total. */
static void build_registry(struct rep *rp, struct grid *g)
{
	const struct stats_registry *s = &rp->r->registry;
	long long col[REG_STATUS_COUNT] = {0}, all = 0;
	const char **h, **row;

	grid_init(rp->ctx, g, T(rp, "report.sheet.registry"), REG_STATUS_COUNT + 2,
		  INST_TYPE_COUNT + 1);
	h = grid_row(rp->ctx, g, true);
	h[0] = T(rp, "report.col.type");
	for (int k = 0; k < REG_STATUS_COUNT; k++)
		h[k + 1] = T(rp, arena_printf(rp->ctx->arena, "status.%s",
					      reg_status_name((enum reg_status)k)));
	h[REG_STATUS_COUNT + 1] = T(rp, "report.total");
	for (int t = 0; t < INST_TYPE_COUNT; t++) {
		long long sum = 0;

		for (int k = 0; k < REG_STATUS_COUNT; k++)
			sum += s->by_type[t][k];
		if (!sum)
			continue;
		row = grid_row(rp->ctx, g, false);
		row[0] = T(rp, arena_printf(rp->ctx->arena, "type.%s",
					    inst_type_name((enum inst_type)t)));
		for (int k = 0; k < REG_STATUS_COUNT; k++) {
			row[k + 1] = num(rp, s->by_type[t][k]);
			col[k] += s->by_type[t][k];
		}
		row[REG_STATUS_COUNT + 1] = num(rp, sum);
		all += sum;
	}
	row = grid_row(rp->ctx, g, false);
	row[0] = T(rp, "report.total");
	for (int k = 0; k < REG_STATUS_COUNT; k++)
		row[k + 1] = num(rp, col[k]);
	row[REG_STATUS_COUNT + 1] = num(rp, all);
}

static void build_inspections(struct rep *rp, struct grid *g)
{
	const struct stats_registry *s = &rp->r->registry;
	const struct {
		const char *key;
		long long v;
	} rows[] = {
		{"report.i.inspections", s->inspections},
		{"outcome.pass", s->insp_pass},
		{"outcome.rectify", s->insp_rectify},
		{"outcome.fail", s->insp_fail},
		{"report.i.findings", s->findings},
		{"report.i.closed", s->findings_closed},
		{"report.i.open", s->findings_open},
		{"report.i.overdue", s->findings_overdue},
	};
	const char **h;

	grid_init(rp->ctx, g, T(rp, "report.sheet.inspections"), 2, 8);
	h = grid_row(rp->ctx, g, true);
	h[0] = T(rp, "report.col.measure");
	h[1] = arena_printf(rp->ctx->arena, "%d", rp->r->year);
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const char **row = grid_row(rp->ctx, g, false);

		row[0] = T(rp, rows[i].key);
		row[1] = num(rp, rows[i].v);
	}
}

/* ---- the charts ---- */

/* A chart of t's first n rows, one series a measure. */
static struct chart *chart_of(struct rep *rp, enum chart_kind kind, const char *title,
			      const struct stat_table *t, size_t n,
			      const enum stat_measure *ms, size_t nms)
{
	struct chart *c = arena_alloc(rp->ctx->arena, sizeof(*c));
	const char **cats = arena_alloc(rp->ctx->arena, (n ? n : 1) * sizeof(*cats));

	if (n > CHART_CATS_MAX)
		n = CHART_CATS_MAX;
	c->kind = kind;
	c->title = title;
	c->ncats = n;
	c->cats = cats;
	c->nseries = nms;
	c->empty = T(rp, "report.none");
	for (size_t i = 0; i < n; i++)
		cats[i] = t->rows[i].label && *t->rows[i].label ? t->rows[i].label
								: t->rows[i].key;
	for (size_t s = 0; s < nms; s++) {
		double *v = arena_alloc(rp->ctx->arena, (n ? n : 1) * sizeof(*v));

		for (size_t k = 0; k < NTOTALS; k++)
			if (totals_rows[k].m == ms[s])
				c->names[s] = T(rp, totals_rows[k].key);
		for (size_t i = 0; i < n; i++)
			v[i] = (double)t->rows[i].v[ms[s]];
		c->values[s] = v;
	}
	return c;
}

/* The occupations by passed, most first (a copy; ties by key). */
static int by_passed(const void *a, const void *b)
{
	const struct stat_row *x = a, *y = b;

	if (x->v[STAT_PASSED] != y->v[STAT_PASSED])
		return x->v[STAT_PASSED] < y->v[STAT_PASSED] ? 1 : -1;
	return strcmp(x->key ? x->key : "", y->key ? y->key : "");
}

/* ---- the documents ---- */

static const char *summary(struct rep *rp)
{
	const long long *v = rp->r->total.total.v;
	const char *names[] = {"year", "plans",        "enrolled", "assessed", "passed",
			       "rate", "certificates", "on_time",  "late",     "revoked"};
	const char *values[] = {arena_printf(rp->ctx->arena, "%d", rp->r->year),
				num(rp, v[STAT_PLANS]),
				num(rp, v[STAT_ENROLLED]),
				num(rp, v[STAT_ASSESSED]),
				num(rp, v[STAT_PASSED]),
				rate(rp, v[STAT_PASSED], v[STAT_ASSESSED]),
				num(rp, v[STAT_CERTIFICATES]),
				num(rp, v[STAT_FILED_ON_TIME]),
				num(rp, v[STAT_FILED_LATE]),
				num(rp, v[STAT_REVOKED])};

	return app_text(rp->ctx, rp->lang, "report.summary", names, values, 10);
}

static const char *inspections_text(struct rep *rp)
{
	const struct stats_registry *s = &rp->r->registry;
	const char *names[] = {"year",     "n",      "pass", "rectify", "fail",
			       "findings", "closed", "open", "overdue"};
	const char *values[] = {arena_printf(rp->ctx->arena, "%d", rp->r->year),
				num(rp, s->inspections),
				num(rp, s->insp_pass),
				num(rp, s->insp_rectify),
				num(rp, s->insp_fail),
				num(rp, s->findings),
				num(rp, s->findings_closed),
				num(rp, s->findings_open),
				num(rp, s->findings_overdue)};

	return app_text(rp->ctx, rp->lang, "report.inspections", names, values, 9);
}

static struct pdf_block table_block(const struct grid *g)
{
	return (struct pdf_block){
		.kind = PDF_TABLE, .ncols = g->ncols, .nrows = g->nrows, .cells = g->cells};
}

enum app_status app_stats_report_render(struct app_ctx *ctx, const struct stats_report *r,
					int lang, enum stats_report_format fmt,
					struct buf *out, struct app_error *err)
{
	struct rep rp = {ctx, r, lang == LANG_EN ? LANG_EN : LANG_ZH};
	static const int level_cols[] = {STAT_ENROLLED, STAT_ASSESSED, STAT_PASSED, RATE,
					 STAT_CERTIFICATES};
	static const int province_cols[] = {STAT_ENROLLED,     STAT_ASSESSED,
					    STAT_PASSED,       RATE,
					    STAT_CERTIFICATES, STAT_FILED_ON_TIME,
					    STAT_FILED_LATE,   STAT_UNFILED};
	static const int occupation_cols[] = {STAT_ENROLLED, STAT_ASSESSED, STAT_PASSED,
					      RATE, STAT_CERTIFICATES};
	static const int trend_cols[] = {STAT_PLANS,  STAT_ENROLLED, STAT_ASSESSED,
					 STAT_PASSED, RATE,          STAT_CERTIFICATES};
	static const enum stat_measure two[] = {STAT_ENROLLED, STAT_PASSED};
	static const enum stat_measure three[] = {STAT_ASSESSED, STAT_PASSED,
						  STAT_CERTIFICATES};
	static const enum stat_measure certs[] = {STAT_CERTIFICATES};
	static const enum stat_measure passed[] = {STAT_PASSED};
	struct grid g[7];
	struct stat_table occ = r->occupation;
	char perr[256] = "";
	int rc;

	/* the occupations, most passed first */
	occ.rows = arena_alloc(ctx->arena, (occ.nrows ? occ.nrows : 1) * sizeof(*occ.rows));
	if (occ.nrows)
		memcpy(occ.rows, r->occupation.rows, occ.nrows * sizeof(*occ.rows));
	qsort(occ.rows, occ.nrows, sizeof(*occ.rows), by_passed);

	build_totals(&rp, &g[0]);
	build_dim(&rp, &g[1], T(&rp, "report.sheet.level"), "report.col.level", &r->level,
		  level_cols, sizeof level_cols / sizeof *level_cols, 0);
	build_dim(&rp, &g[2], T(&rp, "report.sheet.province"), "report.col.province",
		  &r->province, province_cols,
		  sizeof province_cols / sizeof *province_cols, 0);
	build_dim(&rp, &g[3], T(&rp, "report.sheet.occupation"), "report.col.occupation",
		  &occ, occupation_cols, sizeof occupation_cols / sizeof *occupation_cols,
		  fmt == STATS_REPORT_PDF ? TOP_OCCUPATIONS : 0);
	build_dim(&rp, &g[4], T(&rp, "report.sheet.trend"), "report.col.year", &r->trend,
		  trend_cols, sizeof trend_cols / sizeof *trend_cols, 0);
	build_registry(&rp, &g[5]);
	build_inspections(&rp, &g[6]);

	if (fmt == STATS_REPORT_XLSX) {
		struct table_sheet sheets[7];

		for (size_t k = 0; k < 7; k++)
			sheets[k] = (struct table_sheet){g[k].sheet, g[k].ncols,
							 g[k].nrows, g[k].cells, 1};
		rc = table_write_xlsx_sheets(sheets, 7, out, perr, sizeof perr);
	} else {
		const char *yn[] = {"year"},
			   *yv[] = {arena_printf(ctx->arena, "%d", r->year)};
		const char *sn[] = {"name"}, *sv[] = {r->scope};
		const char *fn[] = {"refreshed", "generated"},
			   *fv[] = {r->refreshed_at ? r->refreshed_at
						    : T(&rp, "report.never"),
				    r->generated_on};
		size_t nocc = occ.nrows < TOP_OCCUPATIONS ? occ.nrows : TOP_OCCUPATIONS;
		struct pdf_block b[] = {
			{.kind = PDF_TEXT, .text = summary(&rp)},
			{.kind = PDF_HEADING, .text = T(&rp, "report.h.totals")},
			table_block(&g[0]),
			{.kind = PDF_HEADING, .text = T(&rp, "report.h.level")},
			table_block(&g[1]),
			{.kind = PDF_CHART,
			 .chart = chart_of(&rp, CHART_PIE, T(&rp, "report.chart.level"),
					   &r->level, r->level.nrows, certs, 1),
			 .height = 190},
			{.kind = PDF_HEADING, .text = T(&rp, "report.h.province")},
			table_block(&g[2]),
			{.kind = PDF_CHART,
			 .chart = chart_of(&rp, CHART_BAR, T(&rp, "report.chart.province"),
					   &r->province, r->province.nrows, two, 2)},
			{.kind = PDF_HEADING, .text = T(&rp, "report.h.occupation")},
			table_block(&g[3]),
			{.kind = PDF_CHART,
			 .chart = chart_of(&rp, CHART_BAR, T(&rp, "report.chart.occupation"),
					   &occ, nocc, passed, 1)},
			{.kind = PDF_HEADING, .text = T(&rp, "report.h.trend")},
			table_block(&g[4]),
			{.kind = PDF_CHART,
			 .chart = chart_of(&rp, CHART_LINE, T(&rp, "report.chart.trend"),
					   &r->trend, r->trend.nrows, three, 3)},
			{.kind = PDF_HEADING, .text = T(&rp, "report.h.registry")},
			table_block(&g[5]),
			{.kind = PDF_TEXT, .text = inspections_text(&rp)},
			table_block(&g[6]),
		};
		struct pdf_report doc = {
			.title = app_text(ctx, rp.lang, "report.title", yn, yv, 1),
			.subtitle = r->scope ? app_text(ctx, rp.lang,
							"report.scope.subtree", sn, sv, 1)
					     : T(&rp, "report.scope.network"),
			.footer = app_text(ctx, rp.lang, "report.footer", fn, fv, 2),
			.blocks = b,
			.nblocks = sizeof b / sizeof b[0],
		};

		rc = pdf_report(&doc, out, perr, sizeof perr);
	}
	if (rc) {
		app_fail(err, APP_INTERNAL, NULL, "err.internal");
		err->detail = arena_strdup(ctx->arena, perr);
		return APP_INTERNAL;
	}
	return APP_OK;
}

/* ---- gathering ---- */

#define ANCESTRY_MAX 64
#define INSTITUTIONS_MAX 1000000

/* The institutions, sorted by id, for the scope's ancestry walk. */
struct tree {
	struct institution *v;
	size_t n;
};

static const struct institution *find(const struct tree *t, long long id)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->v[mid].id == id)
			return &t->v[mid];
		if (t->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Whether the actor reads the statistics of institution id (its grants
 * cover it or an institution above it). */
static bool in_scope(const struct app_ctx *ctx, const struct tree *t, long long id)
{
	long long anc[ANCESTRY_MAX];
	size_t n = 0;

	for (long long at = id; at && n < ANCESTRY_MAX;) {
		const struct institution *x = find(t, at);

		if (!x)
			break;
		anc[n++] = at;
		at = x->parent_id;
	}
	return n && authz_allows(ctx->actor->grants, ctx->actor->ngrants, PERM_STATS_READ,
				 anc, n);
}

static int by_id(const void *a, const void *b)
{
	const struct institution *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* The registry's part of the report within the actor's scope (network:
 * every institution), and for a subtree reader the names of the
 * institutions their grants name ("、" between them) into *scope. */
static enum app_status registry_part(struct app_ctx *ctx, bool network, int year,
				     struct stats_report *r, struct app_error *err)
{
	struct institution_filter f = {.limit = INSTITUTIONS_MAX};
	struct store_conn *c;
	struct tree t = {NULL, 0};
	struct inspection *insp = NULL;
	struct finding *fnd = NULL;
	size_t ninsp = 0, nfnd = 0;
	long long total = 0;
	char today[11];
	enum store_err rc;

	time_today(today, sizeof(today));
	if (!(c = app_read_conn(ctx, err)))
		return err->status;
	rc = store_institution_list(c, ctx->arena, &f, &t.v, &t.n, &total);
	if (rc == STORE_OK)
		rc = store_report_inspections(c, ctx->arena, year, &insp, &ninsp);
	if (rc == STORE_OK)
		rc = store_report_findings(c, ctx->arena, year, &fnd, &nfnd);
	if (app_read_done(ctx, c, rc, err))
		return err->status;
	qsort(t.v, t.n, sizeof(*t.v), by_id);
	if (!network) {
		struct buf names;

		buf_init(&names, 0);
		for (size_t g = 0; g < ctx->actor->ngrants; g++) {
			const struct grant *gr = &ctx->actor->grants[g];
			const struct institution *x = find(&t, gr->institution_id);
			bool named = false;

			for (size_t k = 0; k < g; k++) /* an institution named once */
				named |= ctx->actor->grants[k].institution_id ==
						 gr->institution_id &&
					 role_has(ctx->actor->grants[k].role,
						  PERM_STATS_READ);
			if (x && !named && role_has(gr->role, PERM_STATS_READ))
				buf_printf(&names, "%s%s", names.len ? "、" : "", x->name);
		}
		r->scope = arena_strdup(ctx->arena, names.len ? names.data : "");
		buf_release(&names);
	}
	for (size_t i = 0; i < t.n; i++) {
		int type = inst_type_parse(t.v[i].type),
		    s = reg_status_parse(t.v[i].status);

		if (type < 0 || (!network && !in_scope(ctx, &t, t.v[i].id)))
			continue;
		s = (int)reg_effective(s < 0 ? REG_APPLYING : (enum reg_status)s,
				       t.v[i].valid_until, today);
		r->registry.by_type[type][s]++;
	}
	for (size_t i = 0; i < ninsp; i++) {
		if (!network && !in_scope(ctx, &t, insp[i].institution_id))
			continue;
		r->registry.inspections++;
		if (!strcmp(insp[i].outcome, "pass"))
			r->registry.insp_pass++;
		else if (!strcmp(insp[i].outcome, "rectify"))
			r->registry.insp_rectify++;
		else if (!strcmp(insp[i].outcome, "fail"))
			r->registry.insp_fail++;
	}
	for (size_t i = 0; i < nfnd; i++) {
		if (!network && !in_scope(ctx, &t, fnd[i].institution_id))
			continue;
		r->registry.findings++;
		if (strcmp(fnd[i].status, "open")) {
			r->registry.findings_closed++;
			continue;
		}
		r->registry.findings_open++;
		if (strcmp(fnd[i].deadline, today) < 0)
			r->registry.findings_overdue++;
	}
	return APP_OK;
}

/* The five years up to the report's, each one there (zeros when it has
 * no figures), from t (by year). */
static void five_years(struct app_ctx *ctx, int year, const struct stat_table *t,
		       struct stat_table *out)
{
	*out = *t;
	out->rows = arena_alloc(ctx->arena, TREND_YEARS * sizeof(*out->rows));
	out->nrows = TREND_YEARS;
	for (int i = 0; i < TREND_YEARS; i++) {
		struct stat_row *row = &out->rows[i];
		const char *key = arena_printf(ctx->arena, "%d", year - TREND_YEARS + 1 + i);

		row->key = row->label = key;
		for (size_t k = 0; k < t->nrows; k++)
			if (t->rows[k].key && !strcmp(t->rows[k].key, key))
				*row = t->rows[k];
	}
}

enum app_status app_stats_report(struct app_ctx *ctx, int year, enum stats_report_format fmt,
				 struct buf *out, struct app_error *err)
{
	struct stats_report r;
	struct stat_filter f = {.year = year};
	struct stat_table trend;
	int *years = NULL;
	size_t nyears = 0;
	bool known = false, network;
	char today[11];
	enum app_status st;

	memset(&r, 0, sizeof(r));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!ctx->actor->system &&
	    !authz_allows_somewhere(ctx->actor->grants, ctx->actor->ngrants, PERM_STATS_READ))
		return app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
	if (year < 2000 || year > 2100)
		return app_fail(err, APP_INVALID, "year", "report.year_invalid");
	if ((st = app_stats_years(ctx, &years, &nyears, err)))
		return st;
	for (size_t i = 0; i < nyears; i++)
		known |= years[i] == year;
	if (!known)
		return app_fail(err, APP_INVALID, "year", "report.year_none");
	network = ctx->actor->system || authz_allows(ctx->actor->grants, ctx->actor->ngrants,
						     PERM_STATS_READ, NULL, 0);
	time_today(today, sizeof(today));
	r.year = year;
	r.generated_on = arena_strdup(ctx->arena, today);
	if ((st = app_stats_table(ctx, &f, STAT_BY_NONE, &r.total, err)) ||
	    (st = app_stats_table(ctx, &f, STAT_BY_PROVINCE, &r.province, err)) ||
	    (st = app_stats_table(ctx, &f, STAT_BY_LEVEL, &r.level, err)) ||
	    (st = app_stats_table(ctx, &f, STAT_BY_OCCUPATION, &r.occupation, err)))
		return st;
	/* the year before and the trend stop at 2000, the first year a
	 * filter takes: the report of 2000 compares with nothing */
	f.year = year - 1;
	if (year > 2000 && (st = app_stats_table(ctx, &f, STAT_BY_NONE, &r.prev, err)))
		return st;
	f.year = 0;
	f.year_from = year - TREND_YEARS + 1 < 2000 ? 2000 : year - TREND_YEARS + 1;
	f.year_to = year;
	if ((st = app_stats_table(ctx, &f, STAT_BY_YEAR, &trend, err)))
		return st;
	five_years(ctx, year, &trend, &r.trend);
	r.refreshed_at = r.total.refreshed_at;
	if ((st = registry_part(ctx, network, year, &r, err)))
		return st;
	return app_stats_report_render(ctx, &r, ctx->lang, fmt, out, err);
}
