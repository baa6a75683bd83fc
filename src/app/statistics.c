/*
 * statistics.c - the network's figures (issue 16): refreshing the summary
 * table stat_cell from the base tables, year by year (counted under a
 * read, then the year's cells replaced in one short write transaction),
 * reading it by a dimension within a filter and the actor's scope, the
 * rows behind one figure, and the refresh thread of `skillcert serve`.
 * Permission statistics.read (docs/security.md); docs/statistics.md.
 */
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/internal.h"
#include "base/log.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "core/figures.h"
#include "core/i18n.h"
#include "core/idcard.h"
#include "core/institution.h"
#include "core/post_spec.h"
#include "core/standard.h"

#define ANCESTRY_MAX 64

/* Every institution, by id, for the scope, the branch and the labels. */
struct world {
	struct stat_inst *v;
	size_t n;
};

static const struct stat_inst *inst_of(const struct world *w, long long id)
{
	size_t lo = 0, hi = w->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (w->v[mid].id == id)
			return &w->v[mid];
		if (w->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* id, its parent, ... up to the root; 0 entries for no institution */
static size_t ancestry_of(const struct world *w, long long id, long long *out)
{
	size_t n = 0;

	while (id && n < ANCESTRY_MAX) {
		const struct stat_inst *x = inst_of(w, id);

		if (!x)
			break;
		out[n++] = id;
		id = x->parent_id;
	}
	return n;
}

static bool under(const struct world *w, long long id, long long top)
{
	long long anc[ANCESTRY_MAX];
	size_t n = ancestry_of(w, id, anc);

	for (size_t i = 0; i < n; i++)
		if (anc[i] == top)
			return true;
	return false;
}

/* The branch center above id (or id itself), 0 when none. */
static long long branch_of(const struct world *w, long long id)
{
	long long anc[ANCESTRY_MAX];
	size_t n = ancestry_of(w, id, anc);

	for (size_t i = 0; i < n; i++)
		if (!strcmp(inst_of(w, anc[i])->type, "branch_center"))
			return anc[i];
	return 0;
}

static bool allows(const struct app_ctx *ctx, const struct world *w, const char *perm,
		   long long id)
{
	long long anc[ANCESTRY_MAX];
	size_t n;

	if (ctx->actor->system)
		return true;
	n = id ? ancestry_of(w, id, anc) : 0;
	if (id && !n)
		return false;
	return authz_allows(ctx->actor->grants, ctx->actor->ngrants, perm, anc, n);
}

static bool network_wide(const struct app_ctx *ctx, const char *perm)
{
	return ctx->actor->system ||
	       authz_allows(ctx->actor->grants, ctx->actor->ngrants, perm, NULL, 0);
}

/* signed in, and statistics.read somewhere */
static enum app_status reader(struct app_ctx *ctx, struct app_error *err)
{
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!ctx->actor->system &&
	    !authz_allows_somewhere(ctx->actor->grants, ctx->actor->ngrants, PERM_STATS_READ))
		return app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
	return APP_OK;
}

static enum app_status load_world(struct app_ctx *ctx, struct store_conn *c,
				  struct world *w, struct app_error *err)
{
	enum store_err rc = store_stats_institutions(c, ctx->arena, &w->v, &w->n);

	return rc ? app_store_fail(ctx, c, rc, err) : APP_OK;
}

static bool year_ok(int y) { return y >= 2000 && y <= 2100; }

/* The filter's fields checked, then its institution and branch against
 * the scope (422 naming the field; 403 outside the scope). */
static enum app_status filter_check(struct app_ctx *ctx, const struct world *w,
				    const struct stat_filter *f, struct app_error *err)
{
	if (f->year && !year_ok(f->year))
		return app_fail(err, APP_INVALID, "year", "stats.year_invalid");
	if (f->year_from && !year_ok(f->year_from))
		return app_fail(err, APP_INVALID, "year_from", "stats.year_invalid");
	if (f->year_to && !year_ok(f->year_to))
		return app_fail(err, APP_INVALID, "year_to", "stats.year_invalid");
	if (f->year_from && f->year_to && f->year_from > f->year_to)
		return app_fail(err, APP_INVALID, "year_to", "stats.year_range_invalid");
	if (f->province && *f->province && !province_valid(f->province))
		return app_fail(err, APP_INVALID, "province", "stats.province_invalid");
	if (f->occupation && strlen(f->occupation) > 32)
		return app_fail(err, APP_INVALID, "occupation", "stats.occupation_invalid");
	if (f->level < 0 || f->level > 5)
		return app_fail(err, APP_INVALID, "level", "stats.level_invalid");
	if (f->branch_id) {
		const struct stat_inst *b = f->branch_id > 0 ? inst_of(w, f->branch_id)
							     : NULL;

		if (!b || strcmp(b->type, "branch_center"))
			return app_fail(err, APP_INVALID, "branch_id",
					"stats.branch_invalid");
		if (!allows(ctx, w, PERM_STATS_READ, f->branch_id))
			return app_fail(err, APP_FORBIDDEN, "branch_id", "err.forbidden");
	}
	if (f->institution_id) {
		if (f->institution_id < 0 || !inst_of(w, f->institution_id))
			return app_fail(err, APP_INVALID, "institution_id",
					"stats.institution_invalid");
		if (!allows(ctx, w, PERM_STATS_READ, f->institution_id))
			return app_fail(err, APP_FORBIDDEN, "institution_id",
					"err.forbidden");
	}
	return APP_OK;
}

/* a key as a number (an id, a year, a level); 0 when not one */
static long long num(const char *s)
{
	long long v;

	return str_to_ll(s, 0, (1LL << 62), &v) ? 0 : v;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static int key_cmp(const char *a, const char *b)
{
	if (all_digits(a) && all_digits(b)) {
		long long x = num(a), y = num(b);

		return (x > y) - (x < y);
	}
	return strcmp(a, b);
}

static int sum_cmp(const void *pa, const void *pb)
{
	return key_cmp(((const struct stat_sum *)pa)->key,
		       ((const struct stat_sum *)pb)->key);
}

static const char *label_of(struct app_ctx *ctx, struct store_conn *c,
			    const struct world *w, enum stat_dim by, const char *key,
			    struct stat_occupation *occ, size_t nocc)
{
	enum lang lang = ctx->lang == LANG_EN ? LANG_EN : LANG_ZH;
	const struct stat_inst *x;

	(void)c;
	switch (by) {
	case STAT_BY_NONE: return tr(lang, "stats.total");
	case STAT_BY_YEAR: return key;
	case STAT_BY_PROVINCE:
		if (province_valid(key))
			return tr(lang, arena_printf(ctx->arena, "province.%s", key));
		return key;
	case STAT_BY_BRANCH:
		if (!strcmp(key, "0"))
			return tr(lang, "stats.no_branch");
		x = inst_of(w, num(key));
		return x ? x->name : key;
	case STAT_BY_INSTITUTION:
		if (!strcmp(key, "0"))
			return tr(lang, "stats.no_institution");
		x = inst_of(w, num(key));
		return x ? x->name : key;
	case STAT_BY_OCCUPATION:
		if (!*key)
			return tr(lang, "stats.no_occupation");
		for (size_t i = 0; i < nocc; i++)
			if (!strcmp(occ[i].code, key))
				return arena_printf(ctx->arena, "%s %s", key, occ[i].name);
		return key;
	case STAT_BY_LEVEL:
		if (!strcmp(key, "0"))
			return tr(lang, "stats.no_level");
		return tr(lang, i18n_level_key((int)num(key)));
	default: return key;
	}
}

/* A set of subtrees: every institution (and none), or those of v[]. */
struct subtrees {
	bool all;
	long long *v;
	size_t n;
};

/* The subtrees where the actor's grants carry perm. */
static void grant_roots(struct app_ctx *ctx, const struct world *w, const char *perm,
			struct subtrees *out)
{
	memset(out, 0, sizeof(*out));
	if (ctx->actor->system) {
		out->all = true;
		return;
	}
	out->v = arena_alloc(ctx->arena, (ctx->actor->ngrants + 1) * sizeof(*out->v));
	for (size_t i = 0; i < ctx->actor->ngrants; i++) {
		const struct grant *g = &ctx->actor->grants[i];

		if (!role_has(g->role, perm))
			continue;
		if (!g->institution_id) {
			out->all = true;
			return;
		}
		if (inst_of(w, g->institution_id))
			out->v[out->n++] = g->institution_id;
	}
}

/* The institutions in both a and b, as subtrees: of two roots one under
 * the other, the lower one; a root under another kept, or a repeat,
 * dropped. */
static void intersect(struct app_ctx *ctx, const struct world *w, const struct subtrees *a,
		      const struct subtrees *b, struct subtrees *out)
{
	size_t k = 0;

	if (a->all || b->all) {
		*out = a->all ? *b : *a;
		return;
	}
	memset(out, 0, sizeof(*out));
	out->v = arena_alloc(ctx->arena, (a->n * b->n + 1) * sizeof(*out->v));
	for (size_t i = 0; i < a->n; i++)
		for (size_t j = 0; j < b->n; j++)
			if (under(w, a->v[i], b->v[j]))
				out->v[out->n++] = a->v[i];
			else if (under(w, b->v[j], a->v[i]))
				out->v[out->n++] = b->v[j];
	for (size_t i = 0; i < out->n; i++) {
		bool drop = false;

		for (size_t j = 0; j < out->n && !drop; j++)
			drop = out->v[j] == out->v[i] ? j < i
						      : under(w, out->v[i], out->v[j]);
		if (!drop)
			out->v[k++] = out->v[i];
	}
	out->n = k;
}

enum app_status app_stats_table(struct app_ctx *ctx, const struct stat_filter *f,
				enum stat_dim by, struct stat_table *out,
				struct app_error *err)
{
	struct store_conn *c;
	struct world w;
	struct stat_sum *sums = NULL;
	struct stat_occupation *occ = NULL;
	size_t nsums = 0, nocc = 0, nrows = 0;
	struct subtrees stats, in;
	struct store_scope scope;
	long long inst = 0;
	enum app_status st;
	enum store_err rc;
	int from, to;

	memset(out, 0, sizeof(*out));
	out->by = by;
	if ((st = reader(ctx, err)))
		return st;
	if ((unsigned)by >= STAT_DIMS)
		return app_fail(err, APP_INVALID, "by", "stats.by_invalid");
	if (!(c = app_read_conn(ctx, err)))
		return err->status;
	if ((st = load_world(ctx, c, &w, err)) || (st = filter_check(ctx, &w, f, err))) {
		store_release(c);
		return st;
	}
	/* the cells read: those of the actor's subtrees (and of the filter's
	 * institution), summed in SQL (docs/statistics.md) */
	grant_roots(ctx, &w, PERM_STATS_READ, &stats);
	in = stats;
	if (f->institution_id) {
		struct subtrees one = {.v = &inst, .n = 1};

		inst = f->institution_id;
		intersect(ctx, &w, &stats, &one, &in);
	}
	scope.all = in.all;
	scope.roots = in.v;
	scope.nroots = in.n;
	rc = store_stats_sum(c, ctx->arena, f, by, &scope, &sums, &nsums);
	from = f->year ? f->year : f->year_from;
	to = f->year ? f->year : f->year_to;
	if (!rc)
		rc = store_stats_refreshed(c, ctx->arena, from, to, &out->refreshed_at);
	if (!rc && by == STAT_BY_OCCUPATION)
		rc = store_stats_occupations(c, ctx->arena, &occ, &nocc);
	if (rc)
		return app_read_done(ctx, c, rc, err);
	/* ordered by key (numbers as numbers) */
	if (nsums)
		qsort(sums, nsums, sizeof(*sums), sum_cmp);
	out->rows = arena_alloc(ctx->arena, (nsums + 1) * sizeof(*out->rows));
	for (size_t i = 0; i < nsums; i++) {
		struct stat_row *r;

		if (nrows && !strcmp(out->rows[nrows - 1].key, sums[i].key)) {
			r = &out->rows[nrows - 1];
			for (int m = 0; m < STAT_MEASURES; m++)
				r->v[m] += sums[i].v[m];
			continue;
		}
		r = &out->rows[nrows++];
		memset(r, 0, sizeof(*r));
		r->key = sums[i].key;
		for (int m = 0; m < STAT_MEASURES; m++)
			r->v[m] = sums[i].v[m];
	}
	if (by == STAT_BY_NONE && !nrows) {
		memset(&out->rows[0], 0, sizeof(out->rows[0]));
		out->rows[0].key = "";
		nrows = 1;
	}
	for (size_t i = 0; i < nrows; i++) {
		out->rows[i].label = label_of(ctx, c, &w, by, out->rows[i].key, occ, nocc);
		for (int m = 0; m < STAT_MEASURES; m++)
			out->total.v[m] += out->rows[i].v[m];
	}
	store_release(c);
	/* a table of one row per key: the sum of nothing shows no row */
	if (by != STAT_BY_NONE) {
		size_t k = 0;

		for (size_t i = 0; i < nrows; i++) {
			bool any = false;

			for (int m = 0; m < STAT_MEASURES && !any; m++)
				any = out->rows[i].v[m] != 0;
			if (any)
				out->rows[k++] = out->rows[i];
		}
		nrows = k;
	}
	out->nrows = nrows;
	out->total.key = "";
	out->total.label = tr(ctx->lang == LANG_EN ? LANG_EN : LANG_ZH, "stats.total");
	return APP_OK;
}

enum app_status app_stats_years(struct app_ctx *ctx, int **years, size_t *n,
				struct app_error *err)
{
	struct store_conn *c;
	enum app_status st;

	*years = NULL;
	*n = 0;
	if ((st = reader(ctx, err)))
		return st;
	if (!(c = app_conn(ctx, err)))
		return err->status;
	return app_read_done(ctx, c, store_stats_years(c, ctx->arena, years, n), err);
}

/* ---- refresh ---- */

/* The pass marks the plans are scored with, rewritten: for each standard
 * and post-skill specification the plans name, each level's components
 * and marks as the score sheet takes them (app_post_spec_of_plan: the
 * standard's level, post_spec_apply'd when the plan names a
 * specification covering it; a specification that cannot be read or does
 * not cover the level leaves the standard's, as no result is scored
 * then). */
static enum app_status pass_marks(struct app_ctx *ctx, struct app_error *err)
{
	struct store_conn *c = app_conn(ctx, err);
	struct stat_standard *stds = NULL;
	size_t nstds = 0;
	enum store_err rc;
	enum app_status st;

	if (!c)
		return err->status;
	if ((rc = store_stats_standards(c, ctx->arena, &stds, &nstds)))
		return app_read_done(ctx, c, rc, err);
	if ((st = app_tx(ctx, c, err)))
		return st;
	rc = store_stats_pass_marks_clear(c);
	for (size_t i = 0; !rc && i < nstds; i++) {
		struct standard s;
		struct post_spec spec;
		bool has_spec = false;
		char perr[256];

		if (standard_parse(stds[i].definition, ctx->arena, &s, perr, sizeof(perr)))
			continue;
		if (stds[i].post_spec_id && stds[i].post_spec)
			has_spec = !post_spec_parse(stds[i].post_spec, ctx->arena, &spec,
						    perr, sizeof(perr));
		for (int level = 1; !rc && level <= 5; level++) {
			struct standard applied = s;
			const struct std_level *l;

			if (has_spec && post_spec_apply(&spec, level, &applied))
				applied = s;
			l = standard_level(&applied, level);
			for (int k = 0; l && !rc && k < STD_COMPONENT_COUNT; k++)
				if (l->components & (1u << k))
					rc = store_stats_pass_mark_put(
						c, stds[i].id, stds[i].post_spec_id, level,
						std_component_name((enum std_component)k),
						l->pass_mark[k]);
		}
	}
	return app_finish(ctx, c, rc, err);
}

static enum app_status refresh_year(struct app_ctx *ctx, const struct world *w, int year,
				    bool audit, struct app_error *err)
{
	uint64_t t0 = time_mono_us();
	struct store_conn *c = app_conn(ctx, err);
	struct stat_cell *cells = NULL;
	size_t n = 0;
	long long *branch, millis;
	const char **province;
	char now[32];
	enum store_err rc;
	enum app_status st;

	if (!c)
		return err->status;
	rc = store_stats_count(c, ctx->arena, year, FIGURES_ON_TIME_DAYS, &cells, &n);
	store_release(c);
	if (rc)
		return app_store_fail(ctx, NULL, rc, err);
	branch = arena_alloc(ctx->arena, (n + 1) * sizeof(*branch));
	province = arena_alloc(ctx->arena, (n + 1) * sizeof(*province));
	for (size_t i = 0; i < n; i++) {
		const struct stat_inst *x = inst_of(w, cells[i].institution_id);

		branch[i] = x ? branch_of(w, x->id) : 0;
		province[i] = x ? x->province : "";
	}
	if (!(c = app_begin(ctx, err)))
		return err->status;
	time_now_iso(now, sizeof(now));
	millis = (long long)((time_mono_us() - t0) / 1000);
	rc = store_stats_replace(c, year, cells, branch, province, n, now, millis);
	if (!rc && audit) {
		char after[96];

		snprintf(after, sizeof(after),
			 "{\"year\":%d,\"cells\":%zu,\"millis\":%lld}", year, n, millis);
		rc = app_audit(ctx, c, "statistics.refresh", "statistics",
			       app_idtext(ctx, year), NULL, after);
	}
	if ((st = app_finish(ctx, c, rc, err)))
		return st;
	return APP_OK;
}

static bool has_year(const int *v, size_t n, int y)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == y)
			return true;
	return false;
}

/* One refresh at a time in the process: two at once would count the
 * same years twice and the one that started first could commit last,
 * over the newer figures. */
static pthread_mutex_t refresh_lock = PTHREAD_MUTEX_INITIALIZER;

struct app_stats_thread;
static bool stopping(struct app_stats_thread *t);
static enum app_status refresh_years(struct app_ctx *ctx, int year, bool audit,
				     struct app_stats_thread *t, struct app_error *err);

/* audit: false for the refresh thread (the operator asked nothing), which
 * skips its turn while another refresh runs; a user is answered 409. t:
 * the thread's, whose stop ends the refresh between two years (NULL for a
 * user's). */
static enum app_status refresh(struct app_ctx *ctx, int year, bool audit,
			       struct app_stats_thread *t, struct app_error *err)
{
	enum app_status st;

	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!network_wide(ctx, PERM_STATS_READ))
		return app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
	if (year && !year_ok(year))
		return app_fail(err, APP_INVALID, "year", "stats.year_invalid");
	if (pthread_mutex_trylock(&refresh_lock) != 0)
		return audit ? app_fail(err, APP_CONFLICT, NULL, "stats.refresh_running")
			     : APP_OK;
	st = refresh_years(ctx, year, audit, t, err);
	pthread_mutex_unlock(&refresh_lock);
	return st;
}

static enum app_status refresh_years(struct app_ctx *ctx, int year, bool audit,
				     struct app_stats_thread *t, struct app_error *err)
{
	struct store_conn *c;
	struct world w;
	int *years = NULL, *done = NULL, one[1];
	size_t nyears = 0, ndone = 0;
	enum app_status st;
	enum store_err rc = STORE_OK;

	if ((st = pass_marks(ctx, err)))
		return st;
	if (!(c = app_conn(ctx, err)))
		return err->status;
	st = load_world(ctx, c, &w, err);
	if (!st && !year) {
		/* every year with data, and every year refreshed before (its
		 * data may be gone: its cells are emptied) */
		rc = store_stats_data_years(c, ctx->arena, &years, &nyears);
		if (!rc)
			rc = store_stats_years(c, ctx->arena, &done, &ndone);
	}
	if (st) {
		store_release(c);
		return st;
	}
	if (rc)
		return app_read_done(ctx, c, rc, err);
	store_release(c);
	if (year) {
		one[0] = year;
		years = one;
		nyears = 1;
	}
	for (size_t i = 0; i < nyears && !stopping(t); i++)
		if ((st = refresh_year(ctx, &w, years[i], audit, err)))
			return st;
	for (size_t i = 0; i < ndone && !stopping(t); i++)
		if (!has_year(years, nyears, done[i]) &&
		    (st = refresh_year(ctx, &w, done[i], audit, err)))
			return st;
	return APP_OK;
}

enum app_status app_stats_refresh(struct app_ctx *ctx, int year, struct app_error *err)
{
	return refresh(ctx, year, true, NULL, err);
}

/* ---- the rows behind a figure ---- */

static const char *detail_kind(enum stat_measure m)
{
	switch (m) {
	case STAT_PLANS: return "plan";
	case STAT_CERTIFICATES:
	case STAT_FILED_ON_TIME:
	case STAT_FILED_LATE:
	case STAT_UNFILED:
	case STAT_REVOKED: return "certificate";
	case STAT_CORRECTIONS: return "correction";
	case STAT_APPEALS: return "appeal";
	case STAT_COMPETITION_ENTRANTS: return "entrant";
	case STAT_COMPETITION_AWARDS: return "award";
	case STAT_HONOURS: return "honour";
	case STAT_APPRENTICES:
	case STAT_APPRENTICES_COMPLETED: return "apprentice";
	case STAT_TRAINEES:
	case STAT_TRAINEES_COMPLETED: return "trainee";
	default: return "enrolment";
	}
}

/* the permission that reads a row of the kind, on its institution */
static const char *detail_perm(const char *kind)
{
	if (!strcmp(kind, "certificate") || !strcmp(kind, "award") ||
	    !strcmp(kind, "honour"))
		return PERM_CERT_READ;
	if (!strcmp(kind, "apprentice"))
		return PERM_APPR_MANAGE;
	if (!strcmp(kind, "trainee"))
		return PERM_TRAINING_MANAGE;
	return PERM_INSTITUTION_READ;
}

static bool names_person(const char *kind)
{
	return strcmp(kind, "plan") && strcmp(kind, "certificate") &&
	       strcmp(kind, "award") && strcmp(kind, "honour");
}

static const char *detail_href(struct app_ctx *ctx, const char *kind, long long ref)
{
	const char *page = "plans";

	if (!strcmp(kind, "certificate") || !strcmp(kind, "award") ||
	    !strcmp(kind, "honour"))
		page = "certificates";
	else if (!strcmp(kind, "entrant"))
		page = "competitions";
	else if (!strcmp(kind, "apprentice"))
		page = "apprentices";
	else if (!strcmp(kind, "trainee"))
		page = "training";
	return ref ? arena_printf(ctx->arena, "/%s/%lld", page, ref) : "";
}

/* A row's detail in ctx's language: the store gives the catalog key of
 * its outcome or status (an entrant's, the competition's name); a code
 * the catalog lacks is shown as the code. */
static const char *detail_text(struct app_ctx *ctx, const char *kind, const char *key)
{
	const char *text, *dot;

	if (!strcmp(kind, "entrant") || !*key)
		return key;
	text = tr(ctx->lang == LANG_EN ? LANG_EN : LANG_ZH, key);
	if (strcmp(text, key))
		return text;
	dot = strrchr(key, '.');
	return dot ? dot + 1 : key;
}

enum app_status app_stats_rows(struct app_ctx *ctx, const struct stat_filter *f,
			       enum stat_measure m, int offset, int limit,
			       struct stat_detail **rows, size_t *n, long long *total,
			       struct app_error *err)
{
	struct store_conn *c;
	struct world w;
	struct stat_detail_row *all = NULL;
	struct subtrees stats, kinds, in;
	struct store_scope scope;
	long long inst = 0;
	size_t nall = 0;
	const char *kind, *perm;
	enum app_status st;
	enum store_err rc;

	*rows = NULL;
	*n = 0;
	*total = 0;
	if ((st = reader(ctx, err)))
		return st;
	if ((unsigned)m >= STAT_MEASURES)
		return app_fail(err, APP_INVALID, "measure", "stats.measure_invalid");
	if (offset < 0)
		return app_fail(err, APP_INVALID, "offset", "stats.offset_invalid");
	if (limit < 1 || limit > 200)
		return app_fail(err, APP_INVALID, "limit", "stats.limit_invalid");
	if (!(c = app_read_conn(ctx, err)))
		return err->status;
	if ((st = load_world(ctx, c, &w, err)) || (st = filter_check(ctx, &w, f, err))) {
		store_release(c);
		return st;
	}
	/* the rows' institutions: within statistics.read, the permission
	 * that reads the kind and the filter's institution, as subtrees the
	 * statement descends (docs/statistics.md) */
	kind = detail_kind(m);
	perm = detail_perm(kind);
	grant_roots(ctx, &w, PERM_STATS_READ, &stats);
	grant_roots(ctx, &w, perm, &kinds);
	intersect(ctx, &w, &stats, &kinds, &in);
	if (f->institution_id) {
		struct subtrees one = {.v = &inst, .n = 1};

		inst = f->institution_id;
		intersect(ctx, &w, &in, &one, &stats);
		in = stats;
	}
	scope.all = in.all;
	scope.roots = in.v;
	scope.nroots = in.n;
	rc = store_stats_details(c, ctx->arena, m, f, &scope, FIGURES_ON_TIME_DAYS,
				 offset, limit, &all, &nall, total);
	store_release(c);
	if (rc)
		return app_store_fail(ctx, NULL, rc, err);
	*rows = arena_alloc(ctx->arena, (nall + 1) * sizeof(**rows));
	for (size_t i = 0; i < nall; i++) {
		const struct stat_detail_row *x = &all[i];
		struct stat_detail *d = &(*rows)[(*n)++];

		d->kind = kind;
		d->id = x->id;
		d->institution_id = x->institution_id;
		d->detail = detail_text(ctx, kind, x->detail);
		d->date = x->date;
		d->href = detail_href(ctx, kind, x->ref);
		d->title = x->title;
		if (names_person(kind) &&
		    !allows(ctx, &w, PERM_PERSON_MANAGE, x->institution_id)) {
			char masked[256];

			name_mask(x->title, masked, sizeof(masked));
			d->title = arena_strdup(ctx->arena, masked);
		}
	}
	return APP_OK;
}

/* ---- JSON ---- */

static json_t *row_json(const struct stat_row *r)
{
	json_t *o = json_pack("{s:s, s:s}", "key", r->key ? r->key : "", "label",
			      r->label ? r->label : "");

	for (int m = 0; m < STAT_MEASURES; m++)
		json_object_set_new(o, stat_measure_code((enum stat_measure)m),
				    json_integer(r->v[m]));
	json_object_set_new(o, "pass_rate",
			    json_integer(stat_rate(r->v[STAT_PASSED], r->v[STAT_ASSESSED])));
	return o;
}

const char *app_stats_json(struct app_ctx *ctx, const struct stat_table *t)
{
	json_t *o = json_object(), *measures = json_array(), *rows = json_array();
	const char *out;
	char *s;

	for (int m = 0; m < STAT_MEASURES; m++)
		json_array_append_new(measures,
				      json_string(stat_measure_code((enum stat_measure)m)));
	for (size_t i = 0; i < t->nrows; i++)
		json_array_append_new(rows, row_json(&t->rows[i]));
	json_object_set_new(o, "by", json_string(stat_dim_code(t->by)));
	json_object_set_new(o, "refreshed_at",
			    t->refreshed_at ? json_string(t->refreshed_at) : json_null());
	json_object_set_new(o, "measures", measures);
	json_object_set_new(o, "rows", rows);
	json_object_set_new(o, "total", row_json(&t->total));
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	out = arena_strdup(ctx->arena, s ? s : "{}");
	free(s);
	return out;
}

/* ---- the refresh thread of `skillcert serve` ---- */

struct app_stats_thread {
	struct app *app;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int seconds, sup_seconds; /* 0 = that task off */
	bool stop;
};

/* whether the server is stopping (t NULL: a user's refresh, never) */
static bool stopping(struct app_stats_thread *t)
{
	bool stop;

	if (!t)
		return false;
	pthread_mutex_lock(&t->lock);
	stop = t->stop;
	pthread_mutex_unlock(&t->lock);
	return stop;
}

/* one pass of the thread: every year at the first when none was
 * refreshed, else this year and the last; a stop ends it between years */
static void refresh_pass(struct app_stats_thread *t, bool first)
{
	struct app *app = t->app;
	struct arena arena;
	struct app_ctx ctx;
	struct app_error err;
	int *done = NULL;
	size_t ndone = 0;
	long long year = 0;

	/* this year in the server's zone */
	if (!(year = time_this_year()))
		return;
	app_system_ctx(&ctx, app, &arena);
	memset(&err, 0, sizeof(err));
	/* every year once when nothing was refreshed yet */
	if (first && app_stats_years(&ctx, &done, &ndone, &err) == APP_OK && !ndone) {
		if (refresh(&ctx, 0, false, t, &err) != APP_OK)
			log_warn("statistics: refresh failed: %s", err.msg ? err.msg : "");
	} else if (refresh(&ctx, (int)year, false, t, &err) != APP_OK ||
		   (!stopping(t) && refresh(&ctx, (int)year - 1, false, t, &err) != APP_OK)) {
		log_warn("statistics: refresh failed: %s", err.msg ? err.msg : "");
	}
	arena_release(&arena);
}

/* the next instant a task of every `seconds` is due after now */
static void due_after(struct timespec *due, const struct timespec *now, int seconds)
{
	*due = *now;
	due->tv_sec += seconds;
}

static bool is_due(const struct timespec *due, const struct timespec *now)
{
	return now->tv_sec > due->tv_sec ||
	       (now->tv_sec == due->tv_sec && now->tv_nsec >= due->tv_nsec);
}

static void *stats_main(void *arg)
{
	struct app_stats_thread *t = arg;
	struct timespec now, refresh_due, scan_due;
	bool first = true;

	/* both due at once at the start: the refresh first, then the
	 * supervision scan (app/supervision.c) reads the data just counted */
	clock_gettime(CLOCK_REALTIME, &now);
	refresh_due = scan_due = now;
	pthread_mutex_lock(&t->lock);
	while (!t->stop) {
		struct timespec until;
		bool refresh_now, scan_now;

		clock_gettime(CLOCK_REALTIME, &now);
		refresh_now = t->seconds > 0 && is_due(&refresh_due, &now);
		scan_now = t->sup_seconds > 0 && is_due(&scan_due, &now);
		if (!refresh_now && !scan_now) {
			/* the earlier of the two tasks' (of those on) */
			until = t->seconds > 0 ? refresh_due : scan_due;
			if (t->sup_seconds > 0 && is_due(&scan_due, &until))
				until = scan_due;
			pthread_cond_timedwait(&t->cond, &t->lock, &until);
			continue;
		}
		pthread_mutex_unlock(&t->lock);
		if (refresh_now) {
			refresh_pass(t, first);
			first = false;
			clock_gettime(CLOCK_REALTIME, &now);
			due_after(&refresh_due, &now, t->seconds);
		}
		if (scan_now && !stopping(t)) {
			app_sup_scan_pass(t->app);
			clock_gettime(CLOCK_REALTIME, &now);
			due_after(&scan_due, &now, t->sup_seconds);
		}
		pthread_mutex_lock(&t->lock);
	}
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

struct app_stats_thread *app_stats_thread_start(struct app *app, int seconds, int sup_seconds)
{
	struct app_stats_thread *t;
	sigset_t all, was;
	int rc;

	if ((seconds <= 0 && sup_seconds <= 0) || !(t = calloc(1, sizeof(*t))))
		return NULL;
	t->app = app;
	t->seconds = seconds > 0 ? seconds : 0;
	t->sup_seconds = sup_seconds > 0 ? sup_seconds : 0;
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->cond, NULL);
	/* no signal for the thread: SIGTERM and SIGINT are the server's */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &was);
	rc = pthread_create(&t->thread, NULL, stats_main, t);
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	if (rc != 0) {
		pthread_cond_destroy(&t->cond);
		pthread_mutex_destroy(&t->lock);
		free(t);
		return NULL;
	}
	return t;
}

void app_stats_thread_stop(struct app_stats_thread *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->lock);
	t->stop = true;
	pthread_cond_signal(&t->cond);
	pthread_mutex_unlock(&t->lock);
	/* a refresh under way ends after the year it is counting */
	log_info("statistics: stopping the refresh thread");
	pthread_join(t->thread, NULL);
	pthread_cond_destroy(&t->cond);
	pthread_mutex_destroy(&t->lock);
	free(t);
}
