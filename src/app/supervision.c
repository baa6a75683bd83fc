/*
 * supervision.c - the supervision flags (issue 16, docs/supervision.md):
 * a scan runs every enabled rule of the embedded supervision/rules.json
 * over one year's rows and keeps the flags raised (new ones inserted, open
 * ones given the new figures, decided ones left alone, open ones no longer
 * raised cleared), all in one transaction; a person with
 * supervision.manage on the flag's institution dismisses a flag or turns
 * it into a registry finding with a deadline. The statistics and the rules
 * are core/supervision.c's; this file gathers the arrays and keeps the
 * flags.
 */
#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "base/embed.h"
#include "base/log.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "core/supervision.h"

extern const struct embedded_file supervision_files[];
extern const size_t supervision_files_count;

#define EVIDENCE_MAX 200 /* evidence rows kept per flag */
#define FLAGS_PAGE 100   /* flags a list gives unless asked */
#define FLAGS_MAX 1000   /* flags a list gives at most */

/* ---- the rules document, parsed once ---- */

static pthread_once_t rules_once = PTHREAD_ONCE_INIT;
static struct arena rules_arena;
static struct sup_rules rules;
static bool rules_ok;

static void rules_load(void)
{
	char err[256];
	const struct embedded_file *f =
		embed_find(supervision_files, supervision_files_count, "rules", ".json");

	arena_init(&rules_arena);
	rules_ok = f && !sup_rules_parse((const char *)f->data, &rules_arena, &rules, err,
					 sizeof(err));
}

const struct sup_rules *app_sup_rules(void)
{
	pthread_once(&rules_once, rules_load);
	return rules_ok ? &rules : NULL;
}

/* ---- what a scan raises ---- */

struct raised {
	enum sup_rule rule;
	const char *subject;
	long long institution_id, person_id, plan_id;
	const char *statistic, *figures;
	json_t *evidence; /* an array of {kind, id}, owned */
};

struct scan {
	struct app_ctx *ctx;
	struct store_conn *c;
	int year;
	const struct sup_rules *r;
	struct raised *v;
	size_t n, cap;
	const char *comps[16]; /* the components met, for assessor_bias */
	int ncomps;
};

static struct raised *raise_flag(struct scan *s, enum sup_rule rule, const char *subject,
				 long long institution_id, const struct sup_verdict *vd,
				 json_t *figures)
{
	struct raised *x;
	char *fig;

	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 32;
		if (!(s->v = realloc(s->v, s->cap * sizeof(*s->v))))
			abort();
	}
	x = &s->v[s->n++];
	memset(x, 0, sizeof(*x));
	x->rule = rule;
	x->subject = subject;
	x->institution_id = institution_id;
	x->statistic = arena_strdup(s->ctx->arena, vd->text);
	fig = json_dumps(figures, JSON_COMPACT | JSON_SORT_KEYS);
	x->figures = arena_strdup(s->ctx->arena, fig ? fig : "{}");
	free(fig);
	json_decref(figures);
	x->evidence = json_array();
	return x;
}

static void evidence(struct raised *x, const char *kind, long long id)
{
	if (json_array_size(x->evidence) < EVIDENCE_MAX)
		json_array_append_new(x->evidence, json_pack("{s:s, s:I}", "kind", kind,
							     "id", (json_int_t)id));
}

static const struct sup_rule_cfg *cfg(struct scan *s, enum sup_rule r)
{
	return s->r->r[r].enabled ? &s->r->r[r] : NULL;
}

/* 1. pass_rate_outlier: per (occupation, level), each institution against
 * the pooled rest */
static enum store_err rule_pass_rate(struct scan *s)
{
	const struct sup_rule_cfg *k = cfg(s, SUP_PASS_RATE_OUTLIER);
	struct sup_row *rows, *plans;
	size_t n, np;
	enum store_err rc;

	if (!k)
		return STORE_OK;
	if ((rc = store_sup_rows(s->c, s->ctx->arena, SUPQ_PASS, s->year, NULL, &rows, &n)) ||
	    (rc = store_sup_rows(s->c, s->ctx->arena, SUPQ_PLANS, s->year, NULL, &plans,
				 &np)))
		return rc;
	for (size_t i = 0; i < n;) {
		size_t j = i, m;
		long long *x, *base;
		struct sup_verdict *vd;

		while (j < n && rows[j].n[1] == rows[i].n[1] &&
		       !strcmp(rows[j].t[0], rows[i].t[0]))
			j++;
		m = j - i;
		x = arena_alloc(s->ctx->arena, m * sizeof(*x));
		base = arena_alloc(s->ctx->arena, m * sizeof(*base));
		vd = arena_alloc(s->ctx->arena, m * sizeof(*vd));
		for (size_t q = 0; q < m; q++) {
			base[q] = rows[i + q].n[2];
			x[q] = rows[i + q].n[3];
		}
		sup_rate_outliers(k, m, x, base, vd);
		for (size_t q = 0; q < m; q++) {
			const struct sup_row *w = &rows[i + q];
			struct raised *f;

			if (!vd[q].raised)
				continue;
			f = raise_flag(
				s, SUP_PASS_RATE_OUTLIER,
				arena_printf(s->ctx->arena,
					     "institution:%lld/occupation:%s/level:%lld",
					     w->n[0], w->t[0], w->n[1]),
				w->n[0], &vd[q],
				json_pack("{s:s, s:I, s:I, s:I, s:f, s:f, s:f, s:f, s:I}",
					  "occupation", w->t[0], "level",
					  (json_int_t)w->n[1], "assessed",
					  (json_int_t)base[q], "passed", (json_int_t)x[q],
					  "rate", vd[q].a, "rest_rate", vd[q].b, "z",
					  vd[q].stat, "p", vd[q].p, "compared",
					  (json_int_t)m));
			for (size_t pi = 0; pi < np; pi++)
				if (plans[pi].n[0] == w->n[0] && plans[pi].n[2] == w->n[1] &&
				    !strcmp(plans[pi].t[3], w->t[0]))
					evidence(f, "plan", plans[pi].n[1]);
		}
		i = j;
	}
	return STORE_OK;
}

/* 2. assessor_bias, 3. identical_patterns, 4. theory_bunching and 5.
 * fast_entry read the year's score rows: a slice of SLICE_PLANS plans at a
 * time, so a scan holds one slice's rows, never the year's. The per-plan
 * rules (identical_patterns, fast_entry) run on each slice; the others
 * keep running sums per group (assessor_bias: an assessor, component and
 * institution's count, mean and squared deviations of the differences;
 * theory_bunching: an institution's counts in the two windows) and at most
 * EVIDENCE_MAX evidence rows each. */
#define SLICE_PLANS 256

struct group {
	long long k1, k2; /* assessor, institution; institution, 0 */
	int k3;           /* the component's index in scan.comps; 0 */
	bool used;
	long long n, above, below;
	double mean, m2;
	long long *ev; /* malloc'd, at most EVIDENCE_MAX */
	size_t nev;
};

struct groups {
	struct group *v;
	size_t cap, count;
};

static size_t group_hash(long long k1, long long k2, int k3)
{
	unsigned long long h = (unsigned long long)k1 * 0x9E3779B97F4A7C15ull;

	h ^= (unsigned long long)k2 * 0xC2B2AE3D27D4EB4Full + (unsigned long long)k3;
	h ^= h >> 29;
	return (size_t)h;
}

static struct group *group_get(struct groups *g, long long k1, long long k2, int k3)
{
	size_t i;

	if (2 * (g->count + 1) > g->cap) {
		struct groups w = {NULL, g->cap ? 2 * g->cap : 256, 0};

		if (!(w.v = calloc(w.cap, sizeof(*w.v))))
			abort();
		for (size_t q = 0; q < g->cap; q++)
			if (g->v[q].used) {
				i = group_hash(g->v[q].k1, g->v[q].k2, g->v[q].k3) &
				    (w.cap - 1);
				while (w.v[i].used)
					i = (i + 1) & (w.cap - 1);
				w.v[i] = g->v[q];
				w.count++;
			}
		free(g->v);
		*g = w;
	}
	i = group_hash(k1, k2, k3) & (g->cap - 1);
	while (g->v[i].used && !(g->v[i].k1 == k1 && g->v[i].k2 == k2 && g->v[i].k3 == k3))
		i = (i + 1) & (g->cap - 1);
	if (!g->v[i].used) {
		g->v[i].used = true;
		g->v[i].k1 = k1;
		g->v[i].k2 = k2;
		g->v[i].k3 = k3;
		g->count++;
	}
	return &g->v[i];
}

static void group_evidence(struct group *x, long long id)
{
	if (x->nev == EVIDENCE_MAX)
		return;
	if (!x->ev && !(x->ev = malloc(EVIDENCE_MAX * sizeof(*x->ev))))
		abort();
	x->ev[x->nev++] = id;
}

static void groups_free(struct groups *g)
{
	for (size_t i = 0; i < g->cap; i++)
		free(g->v[i].ev);
	free(g->v);
	memset(g, 0, sizeof(*g));
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

static int cmp_group(const void *a, const void *b)
{
	const struct group *x = *(const struct group *const *)a,
			   *y = *(const struct group *const *)b;

	if (x->k1 != y->k1)
		return x->k1 < y->k1 ? -1 : 1;
	if (x->k3 != y->k3)
		return x->k3 < y->k3 ? -1 : 1;
	return (x->k2 > y->k2) - (x->k2 < y->k2);
}

/* the used groups in key order, in the request's arena */
static struct group **groups_sorted(struct scan *s, struct groups *g)
{
	struct group **v = arena_alloc(s->ctx->arena, (g->count + 1) * sizeof(*v));
	size_t k = 0;

	for (size_t i = 0; i < g->cap; i++)
		if (g->v[i].used)
			v[k++] = &g->v[i];
	qsort(v, k, sizeof(*v), cmp_group);
	return v;
}

/* a component's index in the scan's short list (theory, practical,
 * review), its name kept in the request's arena */
#define COMPS_MAX ((int)(sizeof(((struct scan *)0)->comps) / sizeof(const char *)))
static int comp_index(struct scan *s, const char *comp)
{
	for (int i = 0; i < s->ncomps; i++)
		if (!strcmp(s->comps[i], comp))
			return i;
	if (s->ncomps == COMPS_MAX)
		return -1;
	s->comps[s->ncomps] = arena_strdup(s->ctx->arena, comp);
	return s->ncomps++;
}

/* one slice's score rows (ordered by plan, enrolment, component,
 * assessor): each (enrolment, component) of two assessors or more gives
 * each assessor's score minus the mean of the others' */
static void bias_add(struct scan *s, struct groups *g, const struct sup_row *rows, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t j = i;
		double sum = 0;

		while (j < n && rows[j].n[2] == rows[i].n[2] &&
		       !strcmp(rows[j].t[0], rows[i].t[0]))
			sum += (double)rows[j++].n[4];
		if (j - i >= 2 && strcmp(rows[i].t[0], "theory")) {
			int comp = comp_index(s, rows[i].t[0]);

			for (size_t q = i; comp >= 0 && q < j; q++) {
				double others = (sum - (double)rows[q].n[4]) /
						(double)(j - i - 1),
				       d = ((double)rows[q].n[4] - others) / 10.0, delta;
				struct group *x = group_get(g, rows[q].n[3], rows[q].n[0],
							    comp);

				/* Welford */
				x->n++;
				delta = d - x->mean;
				x->mean += delta / (double)x->n;
				x->m2 += delta * (d - x->mean);
				group_evidence(x, rows[q].n[2]);
			}
		}
		i = j;
	}
}

static void bias_raise(struct scan *s, const struct sup_rule_cfg *k, struct groups *g)
{
	struct group **v = groups_sorted(s, g);

	for (size_t i = 0; i < g->count; i++) {
		struct group *x = v[i];
		const char *comp = s->comps[x->k3];
		struct sup_verdict vd;
		struct raised *f;

		sup_assessor_bias_moments(k, (size_t)x->n, x->mean, x->m2, &vd);
		if (!vd.raised)
			continue;
		f = raise_flag(s, SUP_ASSESSOR_BIAS,
			       arena_printf(s->ctx->arena,
					    "assessor:%lld/component:%s/institution:%lld",
					    x->k1, comp, x->k2),
			       x->k2, &vd,
			       json_pack("{s:s, s:I, s:f, s:f, s:f, s:f}", "component",
					 comp, "n", (json_int_t)x->n, "mean_difference",
					 vd.a, "sd", vd.b, "t", vd.stat, "p", vd.p));
		f->person_id = x->k1;
		qsort(x->ev, x->nev, sizeof(*x->ev), cmp_ll);
		for (size_t q = 0; q < x->nev; q++)
			evidence(f, "enrolment", x->ev[q]);
	}
}

static enum store_err rule_identical(struct scan *s, struct arena *a,
				     struct sup_row *rows, size_t n)
{
	const struct sup_rule_cfg *k = cfg(s, SUP_IDENTICAL_PATTERNS);

	if (!k)
		return STORE_OK;
	/* one plan at a time: its slots are the distinct (component, assessor)
	 * pairs, its candidates the enrolments, in the rows' order */
	for (size_t i = 0; i < n;) {
		size_t j = i, nc = 0, ns = 0, nraised;
		const char **slot_comp, **slot_name = NULL;
		long long *slot_ass, *cand;
		int *t, *cl;

		while (j < n && rows[j].n[1] == rows[i].n[1])
			j++;
		slot_comp = arena_alloc(a, (j - i) * sizeof(*slot_comp));
		slot_ass = arena_alloc(a, (j - i) * sizeof(*slot_ass));
		cand = arena_alloc(a, (j - i) * sizeof(*cand));
		for (size_t q = i; q < j; q++) {
			size_t z = 0;

			while (z < ns && !(slot_ass[z] == rows[q].n[3] &&
					   !strcmp(slot_comp[z], rows[q].t[0])))
				z++;
			if (z == ns) {
				slot_comp[ns] = rows[q].t[0];
				slot_ass[ns++] = rows[q].n[3];
			}
			if (!nc || cand[nc - 1] != rows[q].n[2])
				cand[nc++] = rows[q].n[2];
		}
		t = arena_alloc(a, nc * ns * sizeof(*t));
		cl = arena_alloc(a, nc * sizeof(*cl));
		for (size_t q = 0; q < nc * ns; q++)
			t[q] = SUP_MISSING;
		for (size_t q = i, ci = 0; q < j; q++) {
			size_t z = 0;

			while (cand[ci] != rows[q].n[2])
				ci++;
			while (!(slot_ass[z] == rows[q].n[3] &&
				 !strcmp(slot_comp[z], rows[q].t[0])))
				z++;
			t[ci * ns + z] = (int)rows[q].n[4];
		}
		nraised = sup_identical(k, nc, ns, t, cl);
		if (nraised) {
			slot_name = arena_alloc(a, ns * sizeof(*slot_name));
			for (size_t z = 0; z < ns; z++)
				slot_name[z] = arena_printf(a, "%s/%lld", slot_comp[z],
							    slot_ass[z]);
		}
		for (size_t g = 0; g < nraised; g++) {
			struct sup_verdict vd;
			struct raised *f;
			long long size = 0;

			for (size_t ci = 0; ci < nc; ci++)
				if (cl[ci] == (int)g)
					size++;
			memset(&vd, 0, sizeof(vd));
			vd.raised = vd.tested = true;
			snprintf(vd.text, sizeof(vd.text),
				 "%lld candidates with the same %zu scores (within %g tenths)",
				 size, ns, k->p[SUP_NEAR_TENTHS].v);
			/* named by the plan and the pattern shared, not by its
			 * first candidate: a candidate joining does not make it
			 * a new flag */
			f = raise_flag(s, SUP_IDENTICAL_PATTERNS,
				       sup_identical_subject(s->ctx->arena, rows[i].n[1], nc,
							     ns, t, slot_name, cl, (int)g),
				       rows[i].n[0], &vd,
				       json_pack("{s:I, s:I, s:I}", "candidates",
						 (json_int_t)size, "entries", (json_int_t)ns,
						 "plan_candidates", (json_int_t)nc));
			f->plan_id = rows[i].n[1];
			evidence(f, "plan", rows[i].n[1]);
			for (size_t ci = 0; ci < nc; ci++)
				if (cl[ci] == (int)g)
					evidence(f, "enrolment", cand[ci]);
		}
		i = j;
	}
	return STORE_OK;
}

/* 4. theory_bunching: one slice's theory scores into the institutions'
 * counts */
static void bunch_add(struct scan *s, const struct sup_rule_cfg *k, struct groups *g,
		      const struct sup_row *rows, size_t n)
{
	long long pass = llround(k->p[SUP_PASS].v * 10),
		  width = llround(k->p[SUP_WIDTH].v * 10);

	(void)s;
	for (size_t i = 0; i < n; i++) {
		struct group *x = group_get(g, rows[i].n[0], 0, 0);
		long long t = rows[i].n[2];

		x->n++;
		if (t >= pass && t < pass + width) {
			x->above++;
			group_evidence(x, rows[i].n[1]);
		} else if (t >= pass - width && t < pass) {
			x->below++;
		}
	}
}

static void bunch_raise(struct scan *s, const struct sup_rule_cfg *k, struct groups *g)
{
	struct group **v = groups_sorted(s, g);

	for (size_t i = 0; i < g->count; i++) {
		struct group *x = v[i];
		struct sup_verdict vd;
		struct raised *f;

		sup_theory_bunching_counts(k, x->above, x->below, &vd);
		if (!vd.raised)
			continue;
		f = raise_flag(s, SUP_THEORY_BUNCHING,
			       arena_printf(s->ctx->arena, "institution:%lld", x->k1),
			       x->k1, &vd,
			       json_pack("{s:I, s:I, s:I, s:f, s:f, s:f}", "scores",
					 (json_int_t)x->n, "above", (json_int_t)vd.a,
					 "below", (json_int_t)vd.b, "pass", k->p[SUP_PASS].v,
					 "width", k->p[SUP_WIDTH].v, "p", vd.p));
		qsort(x->ev, x->nev, sizeof(*x->ev), cmp_ll);
		for (size_t q = 0; q < x->nev; q++)
			evidence(f, "enrolment", x->ev[q]);
	}
}

/* 5. fast_entry: per (account, plan, component), on one slice's entries */
static void fast_entry_rows(struct scan *s, const struct sup_rule_cfg *k, struct arena *a,
			    const struct sup_row *rows, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t j = i;
		long long *at;
		struct sup_verdict vd;
		struct raised *f;

		while (j < n && rows[j].n[1] == rows[i].n[1] &&
		       !strcmp(rows[j].t[0], rows[i].t[0]) &&
		       !strcmp(rows[j].t[1], rows[i].t[1]))
			j++;
		at = arena_alloc(a, (j - i) * sizeof(*at));
		for (size_t q = i; q < j; q++)
			at[q - i] = time_parse_iso(rows[q].t[2]);
		sup_fast_entry(k, j - i, at, &vd);
		if (vd.raised) {
			f = raise_flag(s, SUP_FAST_ENTRY,
				       arena_printf(s->ctx->arena,
						    "account:%s/plan:%lld/component:%s",
						    rows[i].t[0], rows[i].n[1],
						    rows[i].t[1]),
				       rows[i].n[0], &vd,
				       json_pack("{s:s, s:s, s:I, s:I, s:f}", "account",
						 rows[i].t[0], "component", rows[i].t[1],
						 "entries", (json_int_t)(j - i), "timed",
						 (json_int_t)vd.a, "median_seconds", vd.b));
			f->plan_id = rows[i].n[1];
			evidence(f, "plan", rows[i].n[1]);
			for (size_t q = i; q < j; q++)
				evidence(f, "enrolment", rows[q].n[2]);
		}
		i = j;
	}
}

/* rules 2-5 over the year's plans, a slice at a time */
static enum store_err score_rules(struct scan *s)
{
	const struct sup_rule_cfg *kb = cfg(s, SUP_ASSESSOR_BIAS),
				  *ki = cfg(s, SUP_IDENTICAL_PATTERNS),
				  *kt = cfg(s, SUP_THEORY_BUNCHING),
				  *kf = cfg(s, SUP_FAST_ENTRY);
	struct groups bias = {NULL, 0, 0}, bunch = {NULL, 0, 0};
	struct sup_row *plans;
	long long *ids;
	size_t np;
	struct arena a;
	enum store_err rc;

	if (!kb && !ki && !kt && !kf)
		return STORE_OK;
	/* the year's plan ids (the plans are few beside their score rows) */
	arena_init(&a);
	rc = store_sup_rows(s->c, &a, SUPQ_PLANS, s->year, NULL, &plans, &np);
	if (rc) {
		arena_release(&a);
		return rc;
	}
	ids = arena_alloc(s->ctx->arena, (np + 1) * sizeof(*ids));
	for (size_t i = 0; i < np; i++)
		ids[i] = plans[i].n[1];
	arena_release(&a);
	for (size_t i = 0; rc == STORE_OK && i < np; i += SLICE_PLANS) {
		long long lo = ids[i],
			  hi = ids[i + SLICE_PLANS < np ? i + SLICE_PLANS - 1 : np - 1];
		struct sup_row *rows;
		size_t n;

		arena_init(&a);
		if ((kb || ki) && !(rc = store_sup_rows_plans(s->c, &a, SUPQ_SCORES, s->year,
							      NULL, lo, hi, &rows, &n))) {
			if (kb)
				bias_add(s, &bias, rows, n);
			if (ki)
				rc = rule_identical(s, &a, rows, n);
		}
		if (rc == STORE_OK && kt &&
		    !(rc = store_sup_rows_plans(s->c, &a, SUPQ_THEORY, s->year, NULL, lo,
						hi, &rows, &n)))
			bunch_add(s, kt, &bunch, rows, n);
		if (rc == STORE_OK && kf &&
		    !(rc = store_sup_rows_plans(s->c, &a, SUPQ_ENTRIES, s->year, NULL, lo,
						hi, &rows, &n)))
			fast_entry_rows(s, kf, &a, rows, n);
		arena_release(&a);
	}
	if (rc == STORE_OK && kb)
		bias_raise(s, kb, &bias);
	if (rc == STORE_OK && kt)
		bunch_raise(s, kt, &bunch);
	groups_free(&bias);
	groups_free(&bunch);
	return rc;
}

/* the rate rules per institution: x counted from event rows (institution
 * in column 0, the event's id in column 1, the counted key in key_col:
 * distinct keys counted, which needs the rows ordered by institution then
 * key, as SUPQ_CORRECTIONS is), against the assessed candidates */
static enum store_err rate_rule(struct scan *s, enum sup_rule rule,
				enum store_sup_query q, const char *kind, int key_col,
				const struct sup_row *base, size_t nb)
{
	const struct sup_rule_cfg *k = cfg(s, rule);
	struct sup_row *rows;
	size_t n;
	long long *x, *bn;
	struct sup_verdict *vd;
	enum store_err rc;

	if (!k || !nb)
		return STORE_OK;
	if ((rc = store_sup_rows(s->c, s->ctx->arena, q, s->year, NULL, &rows, &n)))
		return rc;
	x = arena_alloc(s->ctx->arena, nb * sizeof(*x));
	bn = arena_alloc(s->ctx->arena, nb * sizeof(*bn));
	vd = arena_alloc(s->ctx->arena, nb * sizeof(*vd));
	for (size_t b = 0; b < nb; b++) {
		long long last = -1;

		bn[b] = base[b].n[1];
		for (size_t i = 0; i < n; i++)
			if (rows[i].n[0] == base[b].n[0] && rows[i].n[key_col] != last) {
				x[b]++;
				last = rows[i].n[key_col];
			}
		if (x[b] > bn[b])
			x[b] = bn[b];
	}
	sup_rate_outliers(k, nb, x, bn, vd);
	for (size_t b = 0; b < nb; b++) {
		struct raised *f;

		if (!vd[b].raised)
			continue;
		f = raise_flag(s, rule,
			       arena_printf(s->ctx->arena, "institution:%lld", base[b].n[0]),
			       base[b].n[0], &vd[b],
			       json_pack("{s:I, s:I, s:f, s:f, s:f, s:f, s:I}", "count",
					 (json_int_t)x[b], "assessed", (json_int_t)bn[b],
					 "rate", vd[b].a, "rest_rate", vd[b].b, "z",
					 vd[b].stat, "p", vd[b].p, "compared",
					 (json_int_t)nb));
		for (size_t i = 0; i < n; i++)
			if (rows[i].n[0] == base[b].n[0])
				evidence(f, kind, rows[i].n[1]);
	}
	return STORE_OK;
}

/* 7. unfiled_overdue: per institution */
static enum store_err rule_unfiled(struct scan *s)
{
	const struct sup_rule_cfg *k = cfg(s, SUP_UNFILED_OVERDUE);
	struct sup_row *rows;
	size_t n;
	char today[11], cutoff[32];
	enum store_err rc;

	if (!k)
		return STORE_OK;
	time_today(today, sizeof(today));
	time_iso(time_parse_iso(arena_printf(s->ctx->arena, "%sT00:00:00Z", today)) -
			 (int64_t)k->p[SUP_DEADLINE_DAYS].v * 86400,
		 cutoff, sizeof(cutoff));
	cutoff[10] = '\0';
	if ((rc = store_sup_rows(s->c, s->ctx->arena, SUPQ_UNFILED, s->year, cutoff,
				 &rows, &n)))
		return rc;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		struct sup_verdict vd;
		struct raised *f;

		while (j < n && rows[j].n[0] == rows[i].n[0])
			j++;
		sup_count(k, (long long)(j - i), &vd);
		if (vd.raised) {
			snprintf(vd.text, sizeof(vd.text),
				 "%zu certificates issued before %s (%g days) not filed",
				 j - i, cutoff, k->p[SUP_DEADLINE_DAYS].v);
			f = raise_flag(s, SUP_UNFILED_OVERDUE,
				       arena_printf(s->ctx->arena, "institution:%lld",
						    rows[i].n[0]),
				       rows[i].n[0], &vd,
				       json_pack("{s:I, s:s, s:f}", "unfiled",
						 (json_int_t)(j - i), "issued_before",
						 cutoff, "deadline_days",
						 k->p[SUP_DEADLINE_DAYS].v));
			for (size_t q = i; q < j; q++)
				evidence(f, "certificate", rows[q].n[1]);
		}
		i = j;
	}
	return STORE_OK;
}

/* 8. lapsed_registration: per plan, each exam date */
static enum store_err rule_lapsed(struct scan *s)
{
	struct sup_row *plans, *log, *terms;
	const char **at, **to, **approved;
	char(*t_from)[11], (*t_to)[11];
	bool *renewal;
	size_t np, nl, nt;
	enum store_err rc;

	if (!cfg(s, SUP_LAPSED_REGISTRATION))
		return STORE_OK;
	if ((rc = store_sup_rows(s->c, s->ctx->arena, SUPQ_PLANS, s->year, NULL, &plans,
				 &np)) ||
	    (rc = store_sup_rows(s->c, s->ctx->arena, SUPQ_STATUS_LOG, s->year, NULL,
				 &log, &nl)) ||
	    (rc = store_sup_rows(s->c, s->ctx->arena, SUPQ_TERMS, s->year, NULL, &terms,
				 &nt)))
		return rc;
	approved = arena_alloc(s->ctx->arena, (nt + 1) * sizeof(*approved));
	renewal = arena_alloc(s->ctx->arena, (nt + 1) * sizeof(*renewal));
	t_from = arena_alloc(s->ctx->arena, (nt + 1) * sizeof(*t_from));
	t_to = arena_alloc(s->ctx->arena, (nt + 1) * sizeof(*t_to));
	/* one pair of arrays for every plan (not one a plan: that grew with
	 * plans × institutions); the log is ordered by institution, so a
	 * plan's entries are found by bisection */
	at = arena_alloc(s->ctx->arena, (nl + 1) * sizeof(*at));
	to = arena_alloc(s->ctx->arena, (nl + 1) * sizeof(*to));
	for (size_t i = 0; i < np; i++) {
		const struct sup_row *p = &plans[i];
		const char *initial = NULL;
		size_t nlog = 0, lo = 0, hi = nl, nterm;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (log[mid].n[0] < p->n[0])
				lo = mid + 1;
			else
				hi = mid;
		}
		for (size_t q = lo; q < nl && log[q].n[0] == p->n[0]; q++) {
			if (!log[q].t[0]) { /* no log: the status now */
				initial = log[q].t[3];
				continue;
			}
			if (!nlog)
				initial = log[q].t[1];
			at[nlog] = log[q].t[0];
			to[nlog++] = log[q].t[2];
		}
		/* the registration's terms from its approvals (ordered by
		 * institution too: bisection); none recorded (registered
		 * before the registry kept them): today's fields */
		lo = 0;
		hi = nt;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (terms[mid].n[0] < p->n[0])
				lo = mid + 1;
			else
				hi = mid;
		}
		nterm = 0;
		for (size_t q = lo; q < nt && terms[q].n[0] == p->n[0]; q++) {
			approved[nterm] = terms[q].t[0];
			renewal[nterm++] = terms[q].n[2] != 0;
		}
		sup_reg_terms(nterm, approved, renewal, REG_VALIDITY_YEARS, t_from, t_to);
		for (int d = 0; d < 3; d++) {
			struct sup_verdict vd;
			struct raised *f;

			if (!p->t[d] || !*p->t[d])
				continue;
			if (nterm)
				sup_lapsed_terms(p->t[d], initial, nterm,
						 (const char(*)[11])t_from,
						 (const char(*)[11])t_to, nlog, at, to,
						 &vd);
			else
				sup_lapsed(p->t[d], initial, p->t[4], p->t[5], nlog, at,
					   to, &vd);
			if (!vd.raised)
				continue;
			f = raise_flag(s, SUP_LAPSED_REGISTRATION,
				       arena_printf(s->ctx->arena, "plan:%lld", p->n[1]),
				       p->n[0], &vd,
				       json_pack("{s:s, s:s, s:s, s:I}", "exam_date",
						 p->t[d], "registered_on",
						 p->t[4] ? p->t[4] : "", "valid_until",
						 p->t[5] ? p->t[5] : "", "terms",
						 (json_int_t)nterm));
			f->plan_id = p->n[1];
			evidence(f, "plan", p->n[1]);
			break;
		}
	}
	return STORE_OK;
}

/* 9. overrides: per institution, recusal overrides among staff assignments */
static enum store_err rule_overrides(struct scan *s)
{
	const struct sup_rule_cfg *k = cfg(s, SUP_OVERRIDES);
	struct sup_row *rows;
	size_t n, ni = 0;
	long long *inst, *x, *bn;
	struct sup_verdict *vd;
	enum store_err rc;

	if (!k)
		return STORE_OK;
	if ((rc = store_sup_rows(s->c, s->ctx->arena, SUPQ_STAFF, s->year, NULL, &rows, &n)))
		return rc;
	inst = arena_alloc(s->ctx->arena, (n + 1) * sizeof(*inst));
	x = arena_alloc(s->ctx->arena, (n + 1) * sizeof(*x));
	bn = arena_alloc(s->ctx->arena, (n + 1) * sizeof(*bn));
	vd = arena_alloc(s->ctx->arena, (n + 1) * sizeof(*vd));
	for (size_t i = 0; i < n; i++) {
		if (!ni || inst[ni - 1] != rows[i].n[0])
			inst[ni++] = rows[i].n[0];
		bn[ni - 1]++;
		x[ni - 1] += rows[i].n[2];
	}
	sup_overrides(k, ni, x, bn, vd);
	for (size_t b = 0; b < ni; b++) {
		struct raised *f;

		if (!vd[b].raised)
			continue;
		f = raise_flag(s, SUP_OVERRIDES,
			       arena_printf(s->ctx->arena, "institution:%lld", inst[b]),
			       inst[b], &vd[b],
			       json_pack("{s:I, s:I, s:f, s:f}", "overrides",
					 (json_int_t)x[b], "staff", (json_int_t)bn[b],
					 "rate", vd[b].a, "rest_rate", vd[b].b));
		for (size_t i = 0; i < n; i++)
			if (rows[i].n[0] == inst[b] && rows[i].n[2])
				evidence(f, "staff", rows[i].n[1]);
	}
	return STORE_OK;
}

static enum store_err run_rules(struct scan *s)
{
	struct sup_row *assessed;
	size_t na;
	enum store_err rc;

	if ((rc = rule_pass_rate(s)) || (rc = score_rules(s)))
		return rc;
	if ((rc = store_sup_rows(s->c, s->ctx->arena, SUPQ_ASSESSED, s->year, NULL,
				 &assessed, &na)))
		return rc;
	if ((rc = rate_rule(s, SUP_CORRECTIONS_RATE, SUPQ_CORRECTIONS, "correction", 2,
			    assessed, na)) ||
	    (rc = rule_unfiled(s)) || (rc = rule_lapsed(s)) || (rc = rule_overrides(s)) ||
	    (rc = rate_rule(s, SUP_APPEALS_RATE, SUPQ_APPEALS, "appeal", 1, assessed, na)))
		return rc;
	return STORE_OK;
}

static struct sup_flag *find_flag(struct sup_flag *v, size_t n, const char *rule,
				  const char *subject)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].rule, rule) && !strcmp(v[i].subject, subject))
			return &v[i];
	return NULL;
}

static bool may_network(const struct app_ctx *ctx)
{
	const struct actor *a = ctx->actor;

	return a &&
	       (a->system || authz_allows(a->grants, a->ngrants, PERM_SUPERVISE, NULL, 0));
}

static void raised_free(struct scan *s)
{
	for (size_t i = 0; i < s->n; i++)
		json_decref(s->v[i].evidence);
	free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

/* audit: false for the serve thread's scan (nobody asked) */
static enum app_status scan_year(struct app_ctx *ctx, int year, bool audit,
				 struct sup_scan_report *out, struct app_error *err)
{
	struct scan s;
	struct store_conn *c;
	struct sup_flag *old = NULL;
	struct sup_flag_filter ff;
	size_t nold = 0;
	long long nall = 0;
	bool *seen;
	char now[32];
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	memset(&s, 0, sizeof(s));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(s.r = app_sup_rules()))
		return app_fail(err, APP_INTERNAL, NULL, "sup.rules_broken");
	if (year < 2000 || year > 2999)
		return app_fail(err, APP_INVALID, "year", "val.year.invalid");
	/* the rules read under no write transaction (a scan of a large year
	 * takes seconds: writers are not held up meanwhile), then the flags
	 * are kept in one short write transaction, as the figures' refresh */
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_SUPERVISE, 0, err)) {
		store_release(c);
		return err->status;
	}
	s.ctx = ctx;
	s.c = c;
	s.year = year;
	out->year = year;
	rc = run_rules(&s);
	if (rc) {
		raised_free(&s);
		return app_read_done(ctx, c, rc, err);
	}
	store_release(c);
	if (!(c = app_begin(ctx, err))) {
		raised_free(&s);
		return err->status;
	}
	if (app_authorize(ctx, c, PERM_SUPERVISE, 0, err)) {
		raised_free(&s);
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	memset(&ff, 0, sizeof(ff));
	ff.year = year;
	rc = store_sup_flag_list(c, ctx->arena, &ff, &(struct store_scope){.all = true},
				 0, 1000000, &old, &nold, &nall);
	seen = arena_alloc(ctx->arena, (nold + 1) * sizeof(*seen));
	for (size_t i = 0; rc == STORE_OK && i < s.n; i++) {
		struct raised *x = &s.v[i];
		struct sup_flag f,
			*was = find_flag(old, nold, sup_rule_code(x->rule), x->subject);
		char *ev = json_dumps(x->evidence, JSON_COMPACT);

		memset(&f, 0, sizeof(f));
		f.rule = sup_rule_code(x->rule);
		f.subject = x->subject;
		f.year = year;
		f.institution_id = x->institution_id;
		f.person_id = x->person_id;
		f.plan_id = x->plan_id;
		f.statistic = x->statistic;
		f.figures = x->figures;
		f.evidence = arena_strdup(ctx->arena, ev ? ev : "[]");
		f.rules_version = s.r->version;
		f.raised_at = f.updated_at = now;
		free(ev);
		out->per_rule[x->rule]++;
		if (!was) {
			rc = store_sup_flag_insert(c, &f, &f.id);
			out->raised++;
		} else {
			seen[was - old] = true;
			if (!strcmp(was->status, "open") || !strcmp(was->status, "cleared")) {
				f.id = was->id;
				rc = store_sup_flag_refresh(c, &f);
				out->updated++;
			} else {
				out->kept++; /* decided: left as it was */
			}
		}
	}
	for (size_t i = 0; rc == STORE_OK && i < nold; i++)
		if (!seen[i] && !strcmp(old[i].status, "open")) {
			rc = store_sup_flag_clear(c, old[i].id, now);
			out->cleared++;
		}
	raised_free(&s);
	if (rc == STORE_OK && audit)
		rc = app_audit(ctx, c, "supervision.scan", "year", app_idtext(ctx, year),
			       NULL,
			       app_json(ctx, "{s:i, s:I, s:I, s:I, s:I, s:s}", "year",
					year, "raised", (json_int_t)out->raised,
					"updated", (json_int_t)out->updated, "cleared",
					(json_int_t)out->cleared, "kept",
					(json_int_t)out->kept, "rules_version",
					s.r->version));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_sup_scan(struct app_ctx *ctx, int year, struct sup_scan_report *out,
			     struct app_error *err)
{
	return scan_year(ctx, year, true, out, err);
}

void app_sup_scan_pass(struct app *app)
{
	long long year = 0;

	/* this year in the server's zone, and the last */
	if (!(year = time_this_year()))
		return;
	for (int y = (int)year; y >= (int)year - 1; y--) {
		struct arena arena;
		struct app_ctx ctx;
		struct app_error err;
		struct sup_scan_report r;

		app_system_ctx(&ctx, app, &arena);
		memset(&err, 0, sizeof(err));
		if (scan_year(&ctx, y, false, &r, &err) == APP_OK)
			log_info("supervision: scan of %d: %lld raised, %lld updated, %lld cleared, "
				 "%lld kept as decided",
				 y, r.raised, r.updated, r.cleared, r.kept);
		else
			log_warn("supervision: scan of %d failed: %s", y,
				 err.msg ? err.msg : "");
		arena_release(&arena);
	}
}

/* ---- reading ---- */

/* APP_OK when the actor may see (and act on) flags of institution_id. */
static enum app_status in_scope(struct app_ctx *ctx, struct store_conn *c,
				long long institution_id, struct app_error *err)
{
	return app_authorize(ctx, c, PERM_SUPERVISE, institution_id, err);
}

enum app_status app_sup_flags(struct app_ctx *ctx, const struct sup_flag_filter *f,
			      struct sup_flag **items, size_t *n, long long *total,
			      struct app_error *err)
{
	struct store_conn *c;
	struct store_scope scope;
	long long *roots;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	*total = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (f->rule && *f->rule && sup_rule_parse(f->rule) < 0)
		return app_fail(err, APP_INVALID, "rule", "sup.refuse.rule");
	if (f->status && *f->status && strcmp(f->status, "open") &&
	    strcmp(f->status, "dismissed") && strcmp(f->status, "finding") &&
	    strcmp(f->status, "cleared"))
		return app_fail(err, APP_INVALID, "status", "sup.refuse.status");
	if (f->year && (f->year < 2000 || f->year > 2999))
		return app_fail(err, APP_INVALID, "year", "val.year.invalid");
	if (f->offset < 0)
		return app_fail(err, APP_INVALID, "offset", "err.out_of_range");
	if (f->limit < 0 || f->limit > FLAGS_MAX)
		return app_fail(err, APP_INVALID, "limit", "err.out_of_range");
	if (!may_network(ctx) &&
	    !authz_allows_somewhere(ctx->actor->grants, ctx->actor->ngrants, PERM_SUPERVISE))
		return app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (f->institution_id && in_scope(ctx, c, f->institution_id, err)) {
		store_release(c);
		if (err->status == APP_FORBIDDEN)
			err->field = "institution_id";
		return err->status;
	}
	/* within the subtrees of the actor's grants, in the statement (before
	 * the page is cut) */
	memset(&scope, 0, sizeof(scope));
	scope.all = may_network(ctx);
	roots = arena_alloc(ctx->arena, (ctx->actor->ngrants + 1) * sizeof(*roots));
	for (size_t i = 0; !scope.all && i < ctx->actor->ngrants; i++) {
		const struct grant *g = &ctx->actor->grants[i];

		if (role_has(g->role, PERM_SUPERVISE) && g->institution_id)
			roots[scope.nroots++] = g->institution_id;
	}
	scope.roots = roots;
	rc = store_sup_flag_list(c, ctx->arena, f, &scope, f->offset,
				 f->limit ? f->limit : FLAGS_PAGE, items, n, total);
	return app_read_done(ctx, c, rc, err);
}

/* A flag outside the actor's scope answers as a missing one (404), so that
 * flag ids cannot be probed; other refusals are left as they are. */
static enum app_status hide_forbidden(struct app_error *err)
{
	if (err->status != APP_FORBIDDEN)
		return err->status;
	return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
}

/* True when the actor may run a scan (supervision.manage network-wide). */
bool app_sup_may_scan(const struct app_ctx *ctx) { return may_network(ctx); }

static const char *href_of(struct app_ctx *ctx, const char *kind, long long id,
			   long long plan_id)
{
	if (!strcmp(kind, "certificate"))
		return arena_printf(ctx->arena, "/certificates/%lld", id);
	if (plan_id)
		return arena_printf(ctx->arena, "/plans/%lld", plan_id);
	return "";
}

enum app_status app_sup_flag(struct app_ctx *ctx, long long id, struct sup_flag_view *out,
			     struct app_error *err)
{
	struct store_conn *c;
	json_t *ev, *row;
	size_t i;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_sup_flag_get(c, ctx->arena, id, &out->flag);
	if (rc)
		return app_read_done(ctx, c, rc, err);
	if (in_scope(ctx, c, out->flag.institution_id, err)) {
		store_release(c);
		return hide_forbidden(err);
	}
	ev = json_loads(out->flag.evidence, 0, NULL);
	out->evidence = arena_alloc(ctx->arena,
				    (json_array_size(ev) + 1) * sizeof(*out->evidence));
	json_array_foreach(ev, i, row)
	{
		struct sup_evidence_row *e = &out->evidence[out->nevidence];
		const char *kind = json_string_value(json_object_get(row, "kind"));
		long long plan_id = 0;

		if (!kind)
			continue;
		e->kind = arena_strdup(ctx->arena, kind);
		e->id = (long long)json_integer_value(json_object_get(row, "id"));
		rc = store_sup_evidence(c, ctx->arena, e->kind, e->id, &e->title, &plan_id);
		if (rc == STORE_NOT_FOUND) {
			rc = STORE_OK;
			e->title = "";
		} else if (rc) {
			break;
		}
		e->plan_id = plan_id;
		e->href = href_of(ctx, e->kind, e->id, plan_id);
		out->nevidence++;
	}
	json_decref(ev);
	out->may_act = !strcmp(out->flag.status, "open");
	return app_read_done(ctx, c, rc, err);
}

/* ---- acting ---- */

static enum app_status open_flag(struct app_ctx *ctx, struct store_conn *c, long long id,
				 struct sup_flag *f, struct app_error *err)
{
	enum store_err rc = store_sup_flag_get(c, ctx->arena, id, f);

	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (in_scope(ctx, c, f->institution_id, err))
		return hide_forbidden(err);
	if (strcmp(f->status, "open"))
		return app_fail(err, APP_CONFLICT, NULL, "sup.decided");
	return APP_OK;
}

enum app_status app_sup_dismiss(struct app_ctx *ctx, long long id, const char *note,
				struct app_error *err)
{
	struct store_conn *c;
	struct sup_flag f;
	char now[32];
	enum store_err rc;

	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (open_flag(ctx, c, id, &f, err))
		return app_abort(ctx, c, err);
	if (!note || !*note || str_utf8_len(note, strlen(note)) > 1000) {
		app_fail(err, APP_INVALID, "note", "sup.note.required");
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	rc = store_sup_flag_decide(c, id, "dismissed", note, 0, app_actor_name(ctx), now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "supervision.dismiss", "supervision_flag",
			       app_idtext(ctx, id), NULL,
			       app_json(ctx, "{s:s, s:s, s:I, s:s}", "rule", f.rule,
					"subject", f.subject, "institution_id",
					(json_int_t)f.institution_id, "note", note));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_sup_finding(struct app_ctx *ctx, long long id, const char *deadline,
				const char *description, long long inspection_id,
				long long *finding_id, struct app_error *err)
{
	struct store_conn *c;
	struct sup_flag f;
	struct finding fd;
	char now[32], today[11];
	enum store_err rc = STORE_OK;

	*finding_id = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (open_flag(ctx, c, id, &f, err))
		return app_abort(ctx, c, err);
	time_today(today, sizeof(today));
	if (!deadline || !time_date_valid(deadline)) {
		app_fail(err, APP_INVALID, "deadline", "val.date.invalid");
		return app_abort(ctx, c, err);
	}
	if (strcmp(deadline, today) <= 0) {
		app_fail(err, APP_INVALID, "deadline", "sup.deadline.past");
		return app_abort(ctx, c, err);
	}
	if (!description || !*description ||
	    str_utf8_len(description, strlen(description)) > 1000) {
		app_fail(err, APP_INVALID, "description", "val.text.format");
		return app_abort(ctx, c, err);
	}
	if (inspection_id) {
		long long owner = 0;

		rc = store_inspection_owner(c, inspection_id, &owner);
		if (rc == STORE_NOT_FOUND || (rc == STORE_OK && owner != f.institution_id)) {
			app_fail(err, APP_INVALID, "inspection_id", "sup.inspection.other");
			return app_abort(ctx, c, err);
		}
		if (rc)
			return app_finish(ctx, c, rc, err);
	} else {
		struct inspection in;

		/* an inspection of the institution today, outcome rectify */
		memset(&in, 0, sizeof(in));
		time_now_iso(now, sizeof(now));
		in.institution_id = f.institution_id;
		in.year = time_year(today);
		in.inspected_on = today;
		in.outcome = "rectify";
		in.notes = arena_printf(ctx->arena, "supervision flag %lld: %s %s", f.id,
					f.rule, f.subject);
		in.created_at = now;
		rc = store_inspection_insert(c, &in, &inspection_id);
		if (rc == STORE_OK)
			rc = app_audit(ctx, c, "inspection.add", "institution",
				       app_idtext(ctx, f.institution_id), NULL,
				       app_json(ctx, "{s:i, s:s, s:s, s:I}", "year",
						in.year, "inspected_on", today, "outcome",
						"rectify", "flag_id", (json_int_t)f.id));
	}
	memset(&fd, 0, sizeof(fd));
	fd.inspection_id = inspection_id;
	fd.institution_id = f.institution_id;
	fd.description = description;
	fd.deadline = deadline;
	time_now_iso(now, sizeof(now));
	if (rc == STORE_OK)
		rc = store_finding_insert(c, &fd, finding_id);
	if (rc == STORE_OK)
		rc = store_sup_flag_decide(c, id, "finding", description, *finding_id,
					   app_actor_name(ctx), now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "supervision.finding", "supervision_flag",
			       app_idtext(ctx, id), NULL,
			       app_json(ctx, "{s:s, s:s, s:I, s:I, s:I, s:s}", "rule",
					f.rule, "subject", f.subject, "institution_id",
					(json_int_t)f.institution_id, "finding_id",
					(json_int_t)*finding_id, "inspection_id",
					(json_int_t)inspection_id, "deadline", deadline));
	if (rc)
		*finding_id = 0;
	return app_finish(ctx, c, rc, err);
}
