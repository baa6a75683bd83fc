/*
 * statistics.c - the statistics page (issue 16, docs/statistics.md "The
 * dashboard"): /statistics, the network's figures from the summary table
 * (app_stats_table(), app/statistics.c) within a filter (year or years,
 * province, branch center, institution, occupation, level: a plain GET
 * form) broken down by one dimension, as two tables — the assessments and
 * certificates, and the other figures — with the total row. Each row's
 * label drills down (the row's key becomes a filter, the breakdown one
 * level lower); each figure links to the rows behind it
 * (/statistics/rows, app_stats_rows(): only those the reader may read);
 * the filters stand above the tables, each removable. The tables carry
 * data-chart/data-series: static/statistics.js draws them with echarts
 * (/static/echarts.min.js), so without JavaScript the tables are the page.
 * /statistics/export.xlsx is the same table with every measure
 * (app_stats_export_xlsx()); POST /statistics/refresh recounts (a
 * network-wide reader). Permission: statistics.read, checked in app/.
 */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "core/authz.h"
#include "core/institution.h"
#include "core/statistics.h"
#include "web/layout.h"
#include "web/web.h"

#define ROWS_PAGE 50 /* rows behind a figure per page */

/* The page's query: the filter and the breakdown, and the texts as typed
 * (kept in the form when one is refused). */
struct view {
	struct stat_filter f;
	enum stat_dim by;
	const char *year, *from, *to, *province, *branch, *inst, *occupation, *level;
	const char *bytext;
};

static const char *query(struct page *p, const char *name)
{
	const char *v = http_query(p->req, name);

	return v ? v : "";
}

static bool number(const char *s, long long min, long long max, long long *out)
{
	*out = 0;
	return !*s || !str_to_ll(s, min, max, out);
}

static bool refuse(struct app_error *err, const char *field, const char *msg)
{
	*err = (struct app_error){APP_INVALID, field, msg, NULL, 0};
	return false;
}

/* Reads the filter and the breakdown (by, province when none); false with
 * err naming the field when one is malformed. What the filter names is
 * checked by app/ (scope, existence). */
static bool parse(struct page *p, struct view *v, struct app_error *err)
{
	long long n;
	int by;

	memset(v, 0, sizeof(*v));
	v->year = query(p, "year");
	v->from = query(p, "year_from");
	v->to = query(p, "year_to");
	v->province = query(p, "province");
	v->branch = query(p, "branch_id");
	v->inst = query(p, "institution_id");
	v->occupation = query(p, "occupation");
	v->level = query(p, "level");
	v->bytext = query(p, "by");
	v->by = STAT_BY_PROVINCE;
	if (*v->bytext) {
		by = stat_dim_parse(v->bytext);
		if (by <= STAT_BY_NONE || by >= STAT_DIMS)
			return refuse(err, "by", "stats.by_invalid");
		v->by = (enum stat_dim)by;
	}
	if (!number(v->year, 2000, 2100, &n))
		return refuse(err, "year", "stats.year_invalid");
	v->f.year = (int)n;
	if (!number(v->from, 2000, 2100, &n))
		return refuse(err, "year_from", "stats.year_invalid");
	v->f.year_from = (int)n;
	if (!number(v->to, 2000, 2100, &n))
		return refuse(err, "year_to", "stats.year_invalid");
	v->f.year_to = (int)n;
	if (v->f.year_from && v->f.year_to && v->f.year_from > v->f.year_to)
		return refuse(err, "year_to", "stats.year_range_invalid");
	if (*v->province && !province_valid(v->province))
		return refuse(err, "province", "stats.province_invalid");
	v->f.province = *v->province ? v->province : NULL;
	if (!number(v->branch, 1, 9223372036854775807LL, &v->f.branch_id))
		return refuse(err, "branch_id", "stats.branch_invalid");
	if (!number(v->inst, 1, 9223372036854775807LL, &v->f.institution_id))
		return refuse(err, "institution_id", "stats.institution_invalid");
	if (strlen(v->occupation) > 32)
		return refuse(err, "occupation", "stats.occupation_invalid");
	v->f.occupation = *v->occupation ? v->occupation : NULL;
	if (!number(v->level, 1, 5, &n))
		return refuse(err, "level", "stats.level_invalid");
	v->f.level = (int)n;
	return true;
}

/* ---- links ---- */

static void param(struct buf *b, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	buf_puts(b, strchr(b->data, '?') ? "&" : "?");
	buf_puts(b, name);
	buf_puts(b, "=");
	str_url_encode(b, value);
}

static void param_ll(struct buf *b, const char *name, long long value)
{
	char s[24];

	if (!value)
		return;
	snprintf(s, sizeof(s), "%lld", value);
	param(b, name, s);
}

/* path with the filter f, the breakdown by (STAT_BY_NONE: none), the
 * measure and the offset (0: none), as a query; in the request arena. */
static const char *link(struct page *p, const char *path, const struct stat_filter *f,
			enum stat_dim by, const char *measure, long long offset)
{
	struct buf b;
	const char *out;

	buf_init(&b, 8192);
	buf_puts(&b, path);
	if (measure)
		param(&b, "measure", measure);
	if (by != STAT_BY_NONE)
		param(&b, "by", stat_dim_code(by));
	param_ll(&b, "year", f->year);
	if (!f->year) {
		param_ll(&b, "year_from", f->year_from);
		param_ll(&b, "year_to", f->year_to);
	}
	param(&b, "province", f->province);
	param_ll(&b, "branch_id", f->branch_id);
	param_ll(&b, "institution_id", f->institution_id);
	param(&b, "occupation", f->occupation);
	param_ll(&b, "level", f->level);
	param_ll(&b, "offset", offset);
	if (p->lang == LANG_EN && http_query(p->req, "lang"))
		param(&b, "lang", "en");
	out = arena_strdup(p->req->arena, b.data);
	buf_release(&b);
	return out;
}

/* The filter narrowed to one row's key of a table broken down by by;
 * false when the key names no filter (no branch, no occupation, no
 * level: the rows without one). */
static bool narrow(struct stat_filter *f, enum stat_dim by, const char *key)
{
	long long n;

	switch (by) {
	case STAT_BY_YEAR:
		if (str_to_ll(key, 2000, 2100, &n))
			return false;
		f->year = (int)n;
		f->year_from = f->year_to = 0;
		return true;
	case STAT_BY_PROVINCE:
		if (!*key)
			return false;
		f->province = key;
		return true;
	case STAT_BY_BRANCH:
		if (str_to_ll(key, 1, 9223372036854775807LL, &n))
			return false;
		f->branch_id = n;
		return true;
	case STAT_BY_INSTITUTION:
		if (str_to_ll(key, 1, 9223372036854775807LL, &n))
			return false;
		f->institution_id = n;
		return true;
	case STAT_BY_OCCUPATION:
		if (!*key)
			return false;
		f->occupation = key;
		return true;
	case STAT_BY_LEVEL:
		if (str_to_ll(key, 1, 5, &n))
			return false;
		f->level = (int)n;
		return true;
	default: return false;
	}
}

/* One level lower than what f names already: the network by province, a
 * province (or a branch center) by institution, an institution by
 * occupation, an occupation by level, and a level by year. */
static enum stat_dim lower(const struct stat_filter *f)
{
	if (!f->province && !f->branch_id && !f->institution_id)
		return STAT_BY_PROVINCE;
	if (!f->institution_id)
		return STAT_BY_INSTITUTION;
	if (!f->occupation)
		return STAT_BY_OCCUPATION;
	if (!f->level)
		return STAT_BY_LEVEL;
	return STAT_BY_YEAR;
}

/* ---- the tables ---- */

/* A column: a measure, or a rate (part of whole) under its own key. */
struct col {
	int m;            /* the measure, -1 for a rate */
	const char *rate; /* the rate's data-key and label key */
	int part, whole;
};

#define M(x) \
	{ \
		x, NULL, 0, 0 \
	}
#define RATE(key, part, whole) \
	{ \
		-1, key, part, whole \
	}

static const struct col main_cols[] = {
	M(STAT_ENROLLED),
	M(STAT_ASSESSED),
	M(STAT_PASSED),
	RATE("pass_rate", STAT_PASSED, STAT_ASSESSED),
	RATE("theory_rate", STAT_THEORY_PASSED, STAT_THEORY_SAT),
	RATE("practical_rate", STAT_PRACTICAL_PASSED, STAT_PRACTICAL_SAT),
	M(STAT_CERTIFICATES),
	M(STAT_FILED_ON_TIME),
	M(STAT_FILED_LATE),
	M(STAT_UNFILED),
	M(STAT_REVOKED),
	M(STAT_APPEALS),
};

static const struct col more_cols[] = {
	M(STAT_PLANS),
	M(STAT_CORRECTIONS),
	M(STAT_COMPETITION_ENTRANTS),
	M(STAT_COMPETITION_AWARDS),
	M(STAT_HONOURS),
	M(STAT_APPRENTICES),
	M(STAT_APPRENTICES_COMPLETED),
	M(STAT_TRAINEES),
	M(STAT_TRAINEES_COMPLETED),
};

static const char *col_key(const struct col *c)
{
	return c->m >= 0 ? stat_measure_code((enum stat_measure)c->m) : c->rate;
}

static const char *col_label(struct page *p, const struct col *c)
{
	if (c->m < 0)
		return T(p, arena_printf(p->req->arena, "dash.stats.%s", c->rate));
	return T(p, arena_printf(p->req->arena, "stats.measure.%s", col_key(c)));
}

/* A rate in hundredths of a percent as "85.25". */
static const char *rate_text(struct page *p, int r)
{
	return arena_printf(p->req->arena, "%d.%02d", r / 100, r % 100);
}

/* One row's cells; f is the filter of the rows behind its figures (NULL:
 * none, the figures plain) and by the breakdown their page goes back to. */
static void cells(struct page *p, const struct col *cols, size_t ncols,
		  const struct stat_row *r, const struct stat_filter *f, enum stat_dim by)
{
	for (size_t i = 0; i < ncols; i++) {
		const struct col *c = &cols[i];
		const char *label = col_label(p, c);

		if (c->m < 0) {
			long long whole = r->v[c->whole];
			int rate = stat_rate(r->v[c->part], whole);

			html_printf(p->out,
				    "<td class=\"num\" data-label=\"%s\" data-v=\"%s\">%s</td>",
				    label, rate_text(p, whole ? rate : 0),
				    whole ? arena_printf(p->req->arena, "%s%%",
							 rate_text(p, rate))
					  : "—");
			continue;
		}
		html_printf(p->out, "<td class=\"num\" data-label=\"%s\" data-v=\"%lld\">",
			    label, r->v[c->m]);
		if (f && r->v[c->m] > 0)
			html_printf(p->out, "<a href=\"%s\">%lld</a>",
				    link(p, "/statistics/rows", f, by, col_key(c), 0),
				    r->v[c->m]);
		else
			html_printf(p->out, "%lld", r->v[c->m]);
		html_printf(p->out, "</td>");
	}
}

/* One of the two tables of t: id, caption key, columns, chart kind and
 * series (static/statistics.js). */
static void table(struct page *p, const struct view *v, const struct stat_table *t,
		  const char *id, const char *caption_key, const struct col *cols,
		  size_t ncols, const char *chart, const char *series)
{
	const char *dim = T(p, arena_printf(p->req->arena, "dash.stats.dim.%s",
					    stat_dim_code(t->by)));

	html_printf(p->out,
		    "<h2 id=\"%s-title\">%s</h2><div class=\"table\">"
		    "<table class=\"stats stack\" id=\"%s\" aria-labelledby=\"%s-title\" "
		    "data-chart=\"%s\" data-series=\"%s\"><thead><tr><th scope=\"col\">%s</th>",
		    id, T(p, caption_key), id, id, chart, series, dim);
	for (size_t i = 0; i < ncols; i++)
		html_printf(p->out,
			    "<th scope=\"col\" class=\"num\" data-key=\"%s\">%s</th>",
			    col_key(&cols[i]), col_label(p, &cols[i]));
	html_printf(p->out, "</tr></thead><tbody>");
	for (size_t i = 0; i < t->nrows; i++) {
		const struct stat_row *r = &t->rows[i];
		struct stat_filter f = v->f;
		bool keyed = narrow(&f, t->by, r->key);

		html_printf(p->out, "<tr data-key=\"%s\"><th scope=\"row\">", r->key);
		if (keyed)
			html_printf(p->out, "<a href=\"%s\">%s</a>",
				    link(p, "/statistics", &f, lower(&f), NULL, 0),
				    r->label);
		else
			html_printf(p->out, "%s", r->label);
		html_printf(p->out, "</th>");
		cells(p, cols, ncols, r, keyed ? &f : NULL, lower(&f));
		html_printf(p->out, "</tr>");
	}
	html_printf(p->out, "</tbody><tfoot><tr><th scope=\"row\">%s</th>",
		    T(p, "stats.total"));
	cells(p, cols, ncols, &t->total, &v->f, v->by);
	html_printf(p->out, "</tr></tfoot></table></div>");
}

/* ---- the filter ---- */

/* The name of institution id for the filters' line ("#id" when it cannot
 * be read). */
static const char *inst_name(struct page *p, struct app_ctx *ctx, long long id)
{
	struct institution in;
	struct app_error err;

	if (app_institution_get(ctx, id, &in, &err) == APP_OK)
		return in.name;
	return arena_printf(p->req->arena, "#%lld", id);
}

static const char *occupation_name(struct page *p, const struct occupation *occ,
				   size_t nocc, const char *code)
{
	for (size_t i = 0; i < nocc; i++)
		if (!strcmp(occ[i].code, code))
			return arena_printf(p->req->arena, "%s %s", code, occ[i].name);
	return code;
}

static void chip(struct page *p, const struct view *v, const char *path,
		 const char *measure, const char *label_key, const char *value,
		 const struct stat_filter *without)
{
	const char *what = arena_printf(p->req->arena, "%s：%s", T(p, label_key), value);

	html_printf(p->out,
		    "<span class=\"chip\">%s<a href=\"%s\" aria-label=\"%s %s\">×</a></span>",
		    what, link(p, path, without, v->by, measure, 0),
		    T(p, "dash.stats.remove"), what);
}

/* The filters in force above the tables, each with a link to path (and
 * measure, NULL = none) without it, after a link to the whole network. */
static void filters(struct page *p, struct app_ctx *ctx, const struct view *v,
		    const struct occupation *occ, size_t nocc, const char *path,
		    const char *measure)
{
	const struct stat_filter *f = &v->f;
	struct stat_filter w;
	static const struct stat_filter none;

	html_printf(p->out,
		    "<nav class=\"stats-filters\" aria-label=\"%s\"><a href=\"%s\">%s</a>",
		    T(p, "dash.stats.filters"), link(p, path, &none, v->by, measure, 0),
		    T(p, "dash.stats.network"));
	if (f->year) {
		w = *f;
		w.year = 0;
		chip(p, v, path, measure, "dash.stats.f.year",
		     arena_printf(p->req->arena, "%d", f->year), &w);
	} else if (f->year_from || f->year_to) {
		w = *f;
		w.year_from = w.year_to = 0;
		chip(p, v, path, measure, "dash.stats.f.years",
		     arena_printf(p->req->arena, "%s–%s",
				  f->year_from
					  ? arena_printf(p->req->arena, "%d", f->year_from)
					  : "",
				  f->year_to ? arena_printf(p->req->arena, "%d", f->year_to)
					     : ""),
		     &w);
	}
	if (f->province) {
		w = *f;
		w.province = NULL;
		chip(p, v, path, measure, "dash.stats.f.province",
		     T(p, arena_printf(p->req->arena, "province.%s", f->province)), &w);
	}
	if (f->branch_id) {
		w = *f;
		w.branch_id = 0;
		chip(p, v, path, measure, "dash.stats.f.branch",
		     inst_name(p, ctx, f->branch_id), &w);
	}
	if (f->institution_id) {
		w = *f;
		w.institution_id = 0;
		chip(p, v, path, measure, "dash.stats.f.institution",
		     inst_name(p, ctx, f->institution_id), &w);
	}
	if (f->occupation) {
		w = *f;
		w.occupation = NULL;
		chip(p, v, path, measure, "dash.stats.f.occupation",
		     occupation_name(p, occ, nocc, f->occupation), &w);
	}
	if (f->level) {
		w = *f;
		w.level = 0;
		chip(p, v, path, measure, "dash.stats.f.level",
		     T(p, i18n_level_key(f->level)), &w);
	}
	html_printf(p->out, "</nav>");
}

/* The institutions the reader reads figures of, for the two selects:
 * the branch centers among them, and all. The one the filter names is
 * kept when it is not among them (more than CHOICES_MAX). */
static void institution_selects(struct page *p, struct app_ctx *ctx, const struct view *v,
				const struct app_error *err)
{
	struct institution *items = NULL;
	struct app_error e;
	size_t n = 0, nb = 0, ni = 0;
	const char **bv, **bl, **iv, **il;
	bool bseen = false, iseen = false;

	if (app_institution_choices(ctx, PERM_STATS_READ, &items, &n, &e) != APP_OK)
		n = 0;
	bv = arena_alloc(p->req->arena, (n + 2) * sizeof(*bv));
	bl = arena_alloc(p->req->arena, (n + 2) * sizeof(*bl));
	iv = arena_alloc(p->req->arena, (n + 2) * sizeof(*iv));
	il = arena_alloc(p->req->arena, (n + 2) * sizeof(*il));
	bv[nb] = iv[ni] = "";
	bl[nb++] = il[ni++] = "—";
	for (size_t i = 0; i < n; i++) {
		const char *id = arena_printf(p->req->arena, "%lld", items[i].id);

		if (!strcmp(items[i].type, "branch_center")) {
			bv[nb] = id;
			bl[nb++] = items[i].name;
			bseen = bseen || !strcmp(id, v->branch);
		}
		iv[ni] = id;
		il[ni++] = items[i].name;
		iseen = iseen || !strcmp(id, v->inst);
	}
	if (*v->branch && !bseen && v->f.branch_id) {
		bv[nb] = v->branch;
		bl[nb++] = inst_name(p, ctx, v->f.branch_id);
	}
	if (*v->inst && !iseen && v->f.institution_id) {
		iv[ni] = v->inst;
		il[ni++] = inst_name(p, ctx, v->f.institution_id);
	}
	if (nb > 1 || (err && err->field && !strcmp(err->field, "branch_id")))
		page_select_text(p, "branch_id", "dash.stats.f.branch", bv, bl, nb,
				 v->branch, 0, err);
	page_select_text(p, "institution_id", "dash.stats.f.institution", iv, il, ni,
			 v->inst, 0, err);
}

static void form(struct page *p, struct app_ctx *ctx, const struct view *v,
		 const struct occupation *occ, size_t nocc, const struct app_error *err)
{
	static const char *const levels[] = {"1", "2", "3", "4", "5", NULL};
	const char **yv, **yl, **ov, **ol, *dv[STAT_DIMS], *dl[STAT_DIMS];
	int *years = NULL;
	size_t ny = 0, k = 0, nd = 0;
	struct app_error e;

	if (app_stats_years(ctx, &years, &ny, &e) != APP_OK)
		ny = 0;
	yv = arena_alloc(p->req->arena, (ny + 2) * sizeof(*yv));
	yl = arena_alloc(p->req->arena, (ny + 2) * sizeof(*yl));
	yv[k] = "";
	yl[k++] = "—";
	for (size_t i = 0; i < ny; i++) {
		yv[k] = yl[k] = arena_printf(p->req->arena, "%d", years[i]);
		k++;
	}
	if (*v->year && v->f.year) {
		bool seen = false;

		for (size_t i = 1; i < k; i++)
			seen = seen || !strcmp(yv[i], v->year);
		if (!seen) {
			yv[k] = yl[k] = v->year;
			k++;
		}
	}
	html_printf(p->out,
		    "<form class=\"search\" id=\"filter\" method=\"get\" action=\"/statistics\">");
	page_select_text(p, "year", "dash.stats.f.year", yv, yl, k, v->year, 0, err);
	page_field_ex(p, "number", "year_from", "dash.stats.f.year_from", v->from, NULL,
		      err, 0);
	page_field_ex(p, "number", "year_to", "dash.stats.f.year_to", v->to, NULL, err, 0);
	page_select(p, "province", "dash.stats.f.province", province_codes(), "province.",
		    v->province, 1, err);
	institution_selects(p, ctx, v, err);
	ov = arena_alloc(p->req->arena, (nocc + 2) * sizeof(*ov));
	ol = arena_alloc(p->req->arena, (nocc + 2) * sizeof(*ol));
	k = 0;
	ov[k] = "";
	ol[k++] = "—";
	for (size_t i = 0; i < nocc; i++) {
		ov[k] = occ[i].code;
		ol[k++] = arena_printf(p->req->arena, "%s %s", occ[i].code, occ[i].name);
	}
	page_select_text(p, "occupation", "dash.stats.f.occupation", ov, ol, k,
			 v->occupation, 0, err);
	page_select(p, "level", "dash.stats.f.level", levels, "level.", v->level, 1, err);
	for (int d = STAT_BY_NONE + 1; d < STAT_DIMS; d++, nd++) {
		dv[nd] = stat_dim_code((enum stat_dim)d);
		dl[nd] = T(p, arena_printf(p->req->arena, "dash.stats.dim.%s", dv[nd]));
	}
	page_select_text(p, "by", "dash.stats.by", dv, dl, nd,
			 *v->bytext ? v->bytext : stat_dim_code(v->by), 0, err);
	if (p->lang == LANG_EN && http_query(p->req, "lang"))
		html_printf(p->out, "<input type=\"hidden\" name=\"lang\" value=\"en\">");
	html_printf(p->out, "<button type=\"submit\">%s</button></form>",
		    T(p, "apply.filter"));
}

/* A refusal of the rows page or the export: 422 naming the field (the
 * statistics page itself shows it beside the field instead); any other
 * failure as page_fail(). */
static void refused(struct page *p, const struct app_error *err)
{
	if (err->status != APP_INVALID || !err->field) {
		page_fail(p, err);
		return;
	}
	p->resp->status = 422;
	page_begin(p, T(p, "dash.stats.title"));
	html_printf(p->out,
		    "<h1>%s</h1><div class=\"error-summary\" role=\"alert\"><p>%s</p>"
		    "<p>%s: <code>%s</code></p></div><p><a href=\"/statistics\">%s</a></p>",
		    T(p, "dash.stats.title"), T(p, err->msg), T(p, "dash.stats.field"),
		    err->field, T(p, "dash.stats.title"));
	page_end(p);
}

/* True when the reader reads the whole network (may refresh). */
static bool network_wide(const struct page *p)
{
	const struct actor *a = page_actor(p);

	return a && (a->system ||
		     authz_allows(a->grants, a->ngrants, PERM_STATS_READ, NULL, 0));
}

/* The series each table's charts draw (static/statistics.js). */
static const char *main_series(enum stat_dim by)
{
	if (by == STAT_BY_LEVEL)
		return "enrolled,assessed,passed|pass_rate,theory_rate,practical_rate|"
		       "certificates,filed_on_time,filed_late,unfiled|pie:certificates";
	return "enrolled,assessed,passed|pass_rate,theory_rate,practical_rate|"
	       "certificates,filed_on_time,filed_late,unfiled";
}

void page_statistics(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct view v;
	struct stat_table t;
	struct occupation *occ = NULL;
	size_t nocc = 0;
	bool ok;

	page_init(&p, req, resp, "nav.statistics");
	page_ctx(&p, &ctx);
	memset(&t, 0, sizeof(t));
	ok = parse(&p, &v, &err);
	if (ok && app_stats_table(&ctx, &v.f, v.by, &t, &err) != APP_OK) {
		if (err.status != APP_INVALID) {
			page_fail(&p, &err);
			return;
		}
		ok = false;
	}
	if (!ok)
		resp->status = 422;
	if (app_occupation_list(&ctx, "", &occ, &nocc, &(struct app_error){0}) != APP_OK)
		nocc = 0;
	page_begin(&p, T(&p, "dash.stats.title"));
	html_printf(p.out,
		    "<div class=\"titlebar\"><h1>%s</h1><div class=\"tools\">"
		    "<a class=\"button secondary\" href=\"%s\" download>%s</a>",
		    T(&p, "dash.stats.title"),
		    link(&p, "/statistics/export.xlsx", &v.f, v.by, NULL, 0),
		    T(&p, "dash.stats.export"));
	/* the annual report, and for a supervisor the flags (issue 16) */
	html_printf(p.out,
		    "<a class=\"button secondary\" href=\"/statistics/report\">%s</a>",
		    T(&p, "report.page.title"));
	if (app_can(&ctx, PERM_SUPERVISE))
		html_printf(p.out,
			    "<a class=\"button secondary\" href=\"/supervision\">%s</a>",
			    T(&p, "nav.supervision"));
	if (network_wide(&p)) {
		page_form(&p, "/statistics/refresh", "inline stats-refresh");
		html_printf(p.out,
			    "<input type=\"hidden\" name=\"year\" value=\"%s\">"
			    "<input type=\"hidden\" name=\"next\" value=\"%s\">"
			    "<button type=\"submit\" class=\"secondary\">%s</button></form>",
			    ok ? v.year : "", link(&p, "/statistics", &v.f, v.by, NULL, 0),
			    T(&p, "dash.stats.refresh"));
	}
	html_printf(p.out, "</div></div>");
	if (ok)
		html_printf(p.out, "<p class=\"lead\">%s %s</p>", T(&p, "dash.stats.as_of"),
			    t.refreshed_at ? page_when(&p, t.refreshed_at)
					   : T(&p, "dash.stats.never"));
	page_error_summary(&p, ok ? NULL : &err, "filter");
	if (ok)
		filters(&p, &ctx, &v, occ, nocc, "/statistics", NULL);
	form(&p, &ctx, &v, occ, nocc, ok ? NULL : &err);
	if (!ok) {
		page_end(&p);
		return;
	}
	if (!t.nrows) {
		html_printf(p.out, "<p class=\"empty\">%s</p>", T(&p, "dash.stats.empty"));
		page_end(&p);
		return;
	}
	table(&p, &v, &t, "stats-main", "dash.stats.main", main_cols,
	      sizeof(main_cols) / sizeof(main_cols[0]),
	      v.by == STAT_BY_YEAR ? "line" : "bar", main_series(v.by));
	table(&p, &v, &t, "stats-more", "dash.stats.more", more_cols,
	      sizeof(more_cols) / sizeof(more_cols[0]),
	      v.by == STAT_BY_YEAR ? "line" : "bar",
	      "competition_entrants,competition_awards,honours|"
	      "apprentices,apprentices_completed,trainees,trainees_completed");
	html_printf(p.out,
		    "<p class=\"hint\">%s</p>"
		    "<script src=\"/static/echarts.min.js\" defer></script>"
		    "<script src=\"/static/statistics.js\" defer></script>",
		    T(&p, "dash.stats.hint"));
	page_end(&p);
}

/* POST /statistics/refresh: the figures of the year (every year when
 * none) counted again, back to the page the form was on. */
void page_statistics_refresh(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long year = 0;
	const char *next;

	page_init(&p, req, resp, "nav.statistics");
	page_ctx(&p, &ctx);
	if (*page_value(&p, "year") && str_to_ll(page_value(&p, "year"), 2000, 2100, &year)) {
		page_fail(&p, &(struct app_error){APP_INVALID, "year",
						  "stats.year_invalid", NULL, 0});
		return;
	}
	if (app_stats_refresh(&ctx, (int)year, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	next = page_safe_next(page_value(&p, "next"));
	http_redirect(resp, str_has_prefix(next, "/statistics") ? next : "/statistics");
}

/* GET /statistics/export.xlsx: the table of the same filter and breakdown
 * with every measure, one sheet. */
void page_statistics_xlsx(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct view v;

	page_init(&p, req, resp, "nav.statistics");
	page_ctx(&p, &ctx);
	if (!parse(&p, &v, &err)) {
		refused(&p, &err);
		return;
	}
	buf_reset(&resp->body);
	if (app_stats_export_xlsx(&ctx, &v.f, v.by, (int)p.lang, &resp->body, &err) !=
	    APP_OK) {
		buf_reset(&resp->body);
		refused(&p, &err);
		return;
	}
	resp->content_type =
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	http_set_header(resp, "Content-Disposition",
			arena_printf(req->arena,
				     "attachment; filename=\"statistics-%s.xlsx\"",
				     stat_dim_code(v.by)));
	http_set_header(resp, "Cache-Control", "private, no-store");
}

/* GET /statistics/rows?measure=…&filter…&offset=: the rows behind one
 * figure, a page at a time, each linking to its own page. */
void page_statistics_rows(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct view v;
	struct stat_detail *rows = NULL;
	struct occupation *occ = NULL;
	size_t n = 0, nocc = 0;
	long long total = 0, offset = 0;
	const char *mtext;
	int m;

	page_init(&p, req, resp, "nav.statistics");
	page_ctx(&p, &ctx);
	if (!parse(&p, &v, &err)) {
		refused(&p, &err);
		return;
	}
	mtext = query(&p, "measure");
	m = stat_measure_parse(mtext);
	if (m < 0) {
		refused(&p, &(struct app_error){APP_INVALID, "measure",
						"stats.measure_invalid", NULL, 0});
		return;
	}
	if (!number(query(&p, "offset"), 0, 100000000, &offset)) {
		refused(&p, &(struct app_error){APP_INVALID, "offset",
						"stats.offset_invalid", NULL, 0});
		return;
	}
	if (app_stats_rows(&ctx, &v.f, (enum stat_measure)m, (int)offset, ROWS_PAGE,
			   &rows, &n, &total, &err) != APP_OK) {
		refused(&p, &err);
		return;
	}
	{
		const char *title =
			T(&p, arena_printf(req->arena, "stats.measure.%s", mtext));

		page_begin(&p, arena_printf(req->arena, "%s · %s",
					    T(&p, "dash.stats.title"), title));
		html_printf(p.out,
			    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"%s\">%s</a></nav>"
			    "<h1>%s</h1>",
			    T(&p, "nav.crumbs"),
			    link(&p, "/statistics", &v.f, v.by, NULL, 0),
			    T(&p, "dash.stats.title"), title);
	}
	if (app_occupation_list(&ctx, "", &occ, &nocc, &(struct app_error){0}) != APP_OK)
		nocc = 0;
	filters(&p, &ctx, &v, occ, nocc, "/statistics/rows", mtext);
	html_printf(p.out, "<p class=\"count\">");
	page_count(&p, "dash.stats.rows_total", total);
	html_printf(p.out, "</p>");
	if (!n) {
		html_printf(p.out, "<p class=\"empty\">%s</p>",
			    T(&p, "dash.stats.rows_none"));
		page_end(&p);
		return;
	}
	html_printf(p.out,
		    "<div class=\"table\"><table class=\"stack\" id=\"stats-rows\"><thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(&p, "dash.stats.row.kind"), T(&p, "dash.stats.row.title"),
		    T(&p, "dash.stats.row.detail"), T(&p, "dash.stats.row.date"));
	for (size_t i = 0; i < n; i++) {
		const struct stat_detail *r = &rows[i];

		html_printf(p.out, "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">",
			    T(&p, "dash.stats.row.kind"),
			    T(&p, arena_printf(req->arena, "dash.stats.kind.%s", r->kind)),
			    T(&p, "dash.stats.row.title"));
		if (r->href && *r->href)
			html_printf(p.out, "<a href=\"%s\">%s</a>", r->href,
				    r->title ? r->title : "");
		else
			html_printf(p.out, "%s", r->title ? r->title : "");
		html_printf(p.out,
			    "</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td></tr>",
			    T(&p, "dash.stats.row.detail"), r->detail ? r->detail : "",
			    T(&p, "dash.stats.row.date"), r->date ? r->date : "");
	}
	html_printf(p.out, "</tbody></table></div><nav class=\"pager\" aria-label=\"%s\">",
		    T(&p, "dash.stats.pages"));
	if (offset > 0)
		html_printf(p.out, "<a href=\"%s\" rel=\"prev\">%s</a>",
			    link(&p, "/statistics/rows", &v.f, v.by, mtext,
				 offset > ROWS_PAGE ? offset - ROWS_PAGE : 0),
			    T(&p, "dash.stats.prev"));
	if (offset + (long long)n < total)
		html_printf(p.out, "<a href=\"%s\" rel=\"next\">%s</a>",
			    link(&p, "/statistics/rows", &v.f, v.by, mtext,
				 offset + (long long)n),
			    T(&p, "dash.stats.next"));
	html_printf(p.out, "</nav>");
	page_end(&p);
}
