/*
 * supervision.c - the supervision rules document, the statistics and the
 * rules; see supervision.h. The incomplete beta function is written here
 * (a continued fraction evaluated by the modified Lentz method, as in any
 * numerical text) because neither libm nor a Debian library the program
 * already links has it; it is checked against known values of the t
 * distribution in tests/unit/test_supervision.c.
 */
#include "core/supervision.h"

#include <float.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/registry.h"
#include "core/rulesdoc.h"

static const char *const rule_codes[SUP_RULE_COUNT] = {
	"pass_rate_outlier", "assessor_bias",       "identical_patterns",
	"theory_bunching",   "fast_entry",          "corrections_rate",
	"unfiled_overdue",   "lapsed_registration", "overrides",
	"appeals_rate",
};
static const char *const param_codes[SUP_PARAM_COUNT] = {
	"alpha",         "min_n",       "min_gap",    "min_points", "min_cluster",
	"near_tenths",   "min_entries", "width",      "pass",       "min_seconds",
	"deadline_days", "min_count",   "batch_rows",
};
#define B(p) (1u << (p))
static const unsigned rule_params[SUP_RULE_COUNT] = {
	[SUP_PASS_RATE_OUTLIER] = B(SUP_ALPHA) | B(SUP_MIN_N) | B(SUP_MIN_GAP),
	[SUP_ASSESSOR_BIAS] = B(SUP_ALPHA) | B(SUP_MIN_N) | B(SUP_MIN_POINTS),
	[SUP_IDENTICAL_PATTERNS] = B(SUP_MIN_CLUSTER) | B(SUP_NEAR_TENTHS) |
				   B(SUP_MIN_ENTRIES),
	[SUP_THEORY_BUNCHING] = B(SUP_ALPHA) | B(SUP_MIN_N) | B(SUP_WIDTH) | B(SUP_PASS),
	[SUP_FAST_ENTRY] = B(SUP_MIN_ENTRIES) | B(SUP_MIN_SECONDS) | B(SUP_BATCH_ROWS),
	[SUP_CORRECTIONS_RATE] = B(SUP_ALPHA) | B(SUP_MIN_N) | B(SUP_MIN_GAP),
	[SUP_UNFILED_OVERDUE] = B(SUP_DEADLINE_DAYS) | B(SUP_MIN_COUNT),
	[SUP_LAPSED_REGISTRATION] = 0,
	[SUP_OVERRIDES] = B(SUP_ALPHA) | B(SUP_MIN_N) | B(SUP_MIN_GAP) | B(SUP_MIN_COUNT),
	[SUP_APPEALS_RATE] = B(SUP_ALPHA) | B(SUP_MIN_N) | B(SUP_MIN_GAP),
};
/* each threshold's range, and whether it is a whole number */
static const struct {
	double lo, hi;
	bool whole;
} param_range[SUP_PARAM_COUNT] = {
	[SUP_ALPHA] = {1e-12, 0.5, false},     [SUP_MIN_N] = {1, 1e6, true},
	[SUP_MIN_GAP] = {0, 100, false},       [SUP_MIN_POINTS] = {0, 100, false},
	[SUP_MIN_CLUSTER] = {2, 1e6, true},    [SUP_NEAR_TENTHS] = {0, 1000, true},
	[SUP_MIN_ENTRIES] = {1, 1e6, true},    [SUP_WIDTH] = {0.1, 50, false},
	[SUP_PASS] = {0, 100, false},          [SUP_MIN_SECONDS] = {0, 86400, false},
	[SUP_DEADLINE_DAYS] = {1, 3650, true}, [SUP_MIN_COUNT] = {1, 1e6, true},
	[SUP_BATCH_ROWS] = {2, 1e6, true},
};

const char *sup_rule_code(enum sup_rule r)
{
	return (unsigned)r < SUP_RULE_COUNT ? rule_codes[r] : NULL;
}
int sup_rule_parse(const char *code)
{
	for (int i = 0; code && i < SUP_RULE_COUNT; i++)
		if (!strcmp(code, rule_codes[i]))
			return i;
	return -1;
}
const char *sup_param_code(enum sup_param p)
{
	return (unsigned)p < SUP_PARAM_COUNT ? param_codes[p] : NULL;
}
unsigned sup_rule_params(enum sup_rule r)
{
	return (unsigned)r < SUP_RULE_COUNT ? rule_params[r] : 0;
}

/* ---- the document ---- */

static int parse_value(struct rd_ctx *c, const char *where, json_t *o, enum sup_param p,
		       struct sup_value *out)
{
	static const char *const vkeys[] = {"value", "confidence", "source", NULL};
	json_t *v;
	double d;

	if (rd_only_keys(c, where, o, vkeys) ||
	    rd_parse_prov(c, where, o, &out->confidence, &out->source))
		return -1;
	v = json_object_get(o, "value");
	if (!json_is_number(v))
		return rd_fail(c, "%s.value: must be a number", where);
	d = json_number_value(v);
	if (!(d >= param_range[p].lo && d <= param_range[p].hi) ||
	    (param_range[p].whole && d != floor(d)))
		return rd_fail(c, "%s.value: must be %s %g..%g", where,
			       param_range[p].whole ? "a whole number" : "a number",
			       param_range[p].lo, param_range[p].hi);
	out->v = d;
	return 0;
}

static int parse_rule(struct rd_ctx *c, json_t *rules, enum sup_rule r,
		      struct sup_rule_cfg *out)
{
	static const char *const rkeys[] = {"enabled", "thresholds", NULL};
	const char *param_keys[SUP_PARAM_COUNT + 1];
	char where[96], w2[128];
	json_t *o = json_object_get(rules, rule_codes[r]), *th, *en;
	size_t k = 0;

	snprintf(where, sizeof(where), "rules.%s", rule_codes[r]);
	if (!o)
		return rd_fail(c, "%s: is required", where);
	if (rd_only_keys(c, where, o, rkeys))
		return -1;
	en = json_object_get(o, "enabled");
	if (!json_is_boolean(en))
		return rd_fail(c, "%s.enabled: must be true or false", where);
	out->enabled = json_is_true(en);
	for (int p = 0; p < SUP_PARAM_COUNT; p++)
		if (rule_params[r] & B(p))
			param_keys[k++] = param_codes[p];
	param_keys[k] = NULL;
	th = json_object_get(o, "thresholds");
	snprintf(w2, sizeof(w2), "%s.thresholds", where);
	if (!th)
		return rd_fail(c, "%s: is required", w2);
	if (rd_only_keys(c, w2, th, param_keys))
		return -1;
	for (int p = 0; p < SUP_PARAM_COUNT; p++) {
		json_t *v;

		if (!(rule_params[r] & B(p)))
			continue;
		snprintf(w2, sizeof(w2), "%s.thresholds.%s", where, param_codes[p]);
		if (!(v = json_object_get(th, param_codes[p])))
			return rd_fail(c, "%s: is required", w2);
		if (parse_value(c, w2, v, (enum sup_param)p, &out->p[p]))
			return -1;
	}
	return 0;
}

int sup_rules_parse(const char *json, struct arena *a, struct sup_rules *out, char *err,
		    size_t errlen)
{
	static const char *const top[] = {"format",   "kind",       "version",
					  "citation", "confidence", "source",
					  "notes",    "rules",      NULL};
	static const char *const rule_keys[] = {"pass_rate_outlier",
						"assessor_bias",
						"identical_patterns",
						"theory_bunching",
						"fast_entry",
						"corrections_rate",
						"unfiled_overdue",
						"lapsed_registration",
						"overrides",
						"appeals_rate",
						NULL};
	struct rd_ctx c = {err, errlen, a};
	json_t *root, *rules;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!(root = rd_load(&c, json)))
		return -1;
	if (rd_only_keys(&c, "(document)", root, top) ||
	    rd_format_kind(&c, root, "supervision_rules"))
		goto done;
	if (!(out->version = rd_want_str(&c, "(document)", root, "version")) ||
	    !(out->citation = rd_want_str(&c, "(document)", root, "citation")) ||
	    rd_parse_prov(&c, "(document)", root, &out->confidence, &out->source))
		goto done;
	if (json_object_get(root, "notes") &&
	    !(out->notes = rd_want_str(&c, "(document)", root, "notes")))
		goto done;
	rules = json_object_get(root, "rules");
	if (!rules) {
		rd_fail(&c, "rules: is required");
		goto done;
	}
	if (rd_only_keys(&c, "rules", rules, rule_keys))
		goto done;
	for (int r = 0; r < SUP_RULE_COUNT; r++)
		if (parse_rule(&c, rules, (enum sup_rule)r, &out->r[r]))
			goto done;
	rc = 0;
done:
	json_decref(root);
	return rc;
}

/* ---- statistics ---- */

double sup_norm_cdf(double z) { return 0.5 * erfc(-z / M_SQRT2); }
double sup_norm_sf(double z) { return 0.5 * erfc(z / M_SQRT2); }

/* The continued fraction of I_x(a, b) (modified Lentz). */
static double betacf(double a, double b, double x)
{
	const double tiny = 1e-300;
	double qab = a + b, qap = a + 1, qam = a - 1, cc = 1, d = 1 - qab * x / qap, h;

	if (fabs(d) < tiny)
		d = tiny;
	d = 1 / d;
	h = d;
	for (int m = 1; m <= 300; m++) {
		int m2 = 2 * m;
		double aa = m * (b - m) * x / ((qam + m2) * (a + m2)), del;

		d = 1 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		cc = 1 + aa / cc;
		if (fabs(cc) < tiny)
			cc = tiny;
		d = 1 / d;
		h *= d * cc;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		cc = 1 + aa / cc;
		if (fabs(cc) < tiny)
			cc = tiny;
		d = 1 / d;
		del = d * cc;
		h *= del;
		if (fabs(del - 1) < 1e-15)
			break;
	}
	return h;
}

double sup_incbeta(double a, double b, double x)
{
	double front;

	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x));
	if (x < (a + 1) / (a + b + 2))
		return front * betacf(a, b, x) / a;
	return 1 - front * betacf(b, a, 1 - x) / b;
}

double sup_t_cdf(double t, double df)
{
	double tail;

	if (isinf(t))
		return t > 0 ? 1 : 0;
	tail = 0.5 * sup_incbeta(df / 2, 0.5, df / (df + t * t));
	return t > 0 ? 1 - tail : tail;
}

double sup_binom_sf(long long k, long long n, double p)
{
	double s = 0;

	if (k <= 0)
		return 1;
	if (k > n)
		return 0;
	if (p <= 0)
		return 0;
	if (p >= 1)
		return 1;
	for (long long i = k; i <= n; i++)
		s += exp(lgamma((double)n + 1) - lgamma((double)i + 1) -
			 lgamma((double)(n - i) + 1) + (double)i * log(p) +
			 (double)(n - i) * log1p(-p));
	return s > 1 ? 1 : s;
}

double sup_poisson_sf(long long k, double lambda)
{
	double below = 0;

	if (k <= 0)
		return 1;
	if (lambda <= 0)
		return 0;
	/* P(X >= k) = 1 − P(X <= k − 1); for large k relative to lambda sum
	 * the upper tail directly (no cancellation) */
	if ((double)k > lambda) {
		double s = 0,
		       term = exp((double)k * log(lambda) - lambda - lgamma((double)k + 1));

		for (long long i = k; term > 1e-300 && i < k + 100000; i++) {
			s += term;
			term *= lambda / (double)(i + 1);
		}
		return s > 1 ? 1 : s;
	}
	for (long long i = 0; i < k; i++)
		below += exp((double)i * log(lambda) - lambda - lgamma((double)i + 1));
	return below >= 1 ? 0 : 1 - below;
}

double sup_z_test(long long x1, long long n1, long long x2, long long n2, double *z)
{
	double p1, p2, pool, se;

	*z = 0;
	if (n1 <= 0 || n2 <= 0)
		return 1;
	p1 = (double)x1 / (double)n1;
	p2 = (double)x2 / (double)n2;
	pool = (double)(x1 + x2) / (double)(n1 + n2);
	if (pool <= 0 || pool >= 1)
		return 1;
	se = sqrt(pool * (1 - pool) * (1 / (double)n1 + 1 / (double)n2));
	*z = (p1 - p2) / se;
	return sup_norm_sf(*z);
}

/* ---- the rules ---- */

#define P(cfg, x) ((cfg)->p[(x)].v)

static void untested(struct sup_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->p = 1;
}

void sup_rate_outliers(const struct sup_rule_cfg *cfg, size_t n, const long long *x,
		       const long long *base, struct sup_verdict *out)
{
	long long tx = 0, tn = 0;
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		tx += x[i];
		tn += base[i];
	}
	for (size_t i = 0; i < n; i++)
		if ((double)base[i] >= P(cfg, SUP_MIN_N) && tn - base[i] > 0)
			k++;
	for (size_t i = 0; i < n; i++) {
		struct sup_verdict *v = &out[i];
		double z;

		untested(v);
		if ((double)base[i] < P(cfg, SUP_MIN_N) || tn - base[i] <= 0)
			continue;
		v->tested = true;
		v->a = 100.0 * (double)x[i] / (double)base[i];
		v->b = 100.0 * (double)(tx - x[i]) / (double)(tn - base[i]);
		v->p = sup_z_test(x[i], base[i], tx - x[i], tn - base[i], &z);
		v->stat = z;
		v->limit = P(cfg, SUP_ALPHA) / (double)k;
		v->raised = v->p < v->limit && v->a - v->b >= P(cfg, SUP_MIN_GAP);
		snprintf(v->text, sizeof(v->text),
			 "z = %.2f, p = %.2g, Bonferroni %g/%zu; %.1f%% against %.1f%%",
			 z, v->p, P(cfg, SUP_ALPHA), k, v->a, v->b);
	}
}

void sup_overrides(const struct sup_rule_cfg *cfg, size_t n, const long long *x,
		   const long long *base, struct sup_verdict *out)
{
	sup_rate_outliers(cfg, n, x, base, out);
	for (size_t i = 0; i < n; i++) {
		struct sup_verdict *v = &out[i];
		size_t len;

		if ((double)x[i] < P(cfg, SUP_MIN_COUNT))
			continue;
		v->raised = true;
		if (!v->tested) {
			v->tested = true;
			v->a = base[i] ? 100.0 * (double)x[i] / (double)base[i] : 0;
		}
		len = strlen(v->text);
		snprintf(v->text + len, sizeof(v->text) - len, "%s%lld >= %g",
			 len ? "; " : "", x[i], P(cfg, SUP_MIN_COUNT));
	}
}

void sup_assessor_bias(const struct sup_rule_cfg *cfg, size_t n, const double *diff,
		       struct sup_verdict *v)
{
	double mean = 0, ss = 0;

	for (size_t i = 0; i < n; i++)
		mean += diff[i];
	if (n)
		mean /= (double)n;
	for (size_t i = 0; i < n; i++)
		ss += (diff[i] - mean) * (diff[i] - mean);
	sup_assessor_bias_moments(cfg, n, mean, ss, v);
}

void sup_assessor_bias_moments(const struct sup_rule_cfg *cfg, size_t n, double mean,
			       double ss, struct sup_verdict *v)
{
	double sd, t;

	untested(v);
	if (n < 2 || (double)n < P(cfg, SUP_MIN_N))
		return;
	sd = sqrt((ss > 0 ? ss : 0) / (double)(n - 1));
	v->tested = true;
	v->a = mean;
	v->b = sd;
	if (sd < 1e-12) {
		/* every difference the same: certain when not zero */
		t = fabs(mean) < 1e-12 ? 0 : (mean > 0 ? INFINITY : -INFINITY);
		v->p = fabs(mean) < 1e-12 ? 1 : 0;
	} else {
		t = mean / (sd / sqrt((double)n));
		v->p = 2 * (1 - sup_t_cdf(fabs(t), (double)(n - 1)));
		if (v->p < 0)
			v->p = 0;
	}
	v->stat = t;
	v->limit = P(cfg, SUP_ALPHA);
	v->raised = v->p < v->limit && fabs(mean) >= P(cfg, SUP_MIN_POINTS);
	snprintf(v->text, sizeof(v->text),
		 "t = %.2f (df %zu), p = %.2g < %g; mean %+.2f points", t, n - 1, v->p,
		 v->limit, mean);
}

static size_t find(size_t *up, size_t i)
{
	while (up[i] != i)
		i = up[i] = up[up[i]];
	return i;
}

static bool matches(const int *a, const int *b, size_t m, long long near, long long min)
{
	long long present = 0;

	for (size_t j = 0; j < m; j++) {
		if ((a[j] == SUP_MISSING) != (b[j] == SUP_MISSING))
			return false;
		if (a[j] == SUP_MISSING)
			continue;
		if (llabs((long long)a[j] - (long long)b[j]) > near)
			return false;
		present++;
	}
	return present >= min;
}

size_t sup_identical(const struct sup_rule_cfg *cfg, size_t n, size_t m,
		     const int *tenths, int *cluster)
{
	size_t *up, *size, raised = 0;
	long long near = (long long)P(cfg, SUP_NEAR_TENTHS),
		  min = (long long)P(cfg, SUP_MIN_ENTRIES);

	for (size_t i = 0; i < n; i++)
		cluster[i] = -1;
	if (n < 2 || !m)
		return 0;
	up = calloc(n, sizeof(*up));
	size = calloc(n, sizeof(*size));
	if (!up || !size)
		abort();
	for (size_t i = 0; i < n; i++)
		up[i] = i;
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (find(up, i) != find(up, j) &&
			    matches(tenths + i * m, tenths + j * m, m, near, min))
				up[find(up, j)] = find(up, i);
	for (size_t i = 0; i < n; i++)
		size[find(up, i)]++;
	/* number the big clusters in the order of their first candidate */
	for (size_t i = 0; i < n; i++) {
		size_t r = find(up, i);

		if ((double)size[r] < P(cfg, SUP_MIN_CLUSTER))
			continue;
		if (r == i || cluster[r] < 0)
			cluster[r] = (int)raised++;
		cluster[i] = cluster[r];
	}
	free(up);
	free(size);
	return raised;
}

static int cmp_text(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* candidate i's entries as sorted "slot=tenths" joined by ';' */
static const char *pattern_text(struct arena *a, size_t m, const int *row,
				const char *const *slots)
{
	const char **v = arena_alloc(a, (m + 1) * sizeof(*v));
	size_t k = 0, len = 1;
	char *out, *w;

	for (size_t z = 0; z < m; z++)
		if (row[z] != SUP_MISSING) {
			v[k] = arena_printf(a, "%s=%d", slots[z], row[z]);
			len += strlen(v[k++]) + 1;
		}
	qsort(v, k, sizeof(*v), cmp_text);
	w = out = arena_alloc(a, len);
	*w = '\0';
	for (size_t q = 0; q < k; q++) {
		size_t l = strlen(v[q]);

		if (q)
			*w++ = ';';
		memcpy(w, v[q], l + 1);
		w += l;
	}
	return out;
}

const char *sup_identical_subject(struct arena *a, long long plan, size_t n, size_t m,
				  const int *tenths, const char *const *slots,
				  const int *cluster, int g)
{
	const char **text = arena_alloc(a, (n + 1) * sizeof(*text));
	const char *best = NULL;
	size_t best_count = 0;
	unsigned long long h = 14695981039346656037ULL;

	for (size_t i = 0; i < n; i++)
		text[i] = cluster[i] == g ? pattern_text(a, m, tenths + i * m, slots) : NULL;
	for (size_t i = 0; i < n; i++) {
		size_t count = 0;

		if (!text[i])
			continue;
		for (size_t j = 0; j < n; j++)
			if (text[j] && !strcmp(text[i], text[j]))
				count++;
		if (count > best_count ||
		    (count == best_count && strcmp(text[i], best) < 0)) {
			best = text[i];
			best_count = count;
		}
	}
	for (const unsigned char *c = (const unsigned char *)(best ? best : ""); *c; c++) {
		h ^= *c;
		h *= 1099511628211ULL;
	}
	return arena_printf(a, "plan:%lld/pattern:%016llx", plan, h);
}

void sup_theory_bunching(const struct sup_rule_cfg *cfg, size_t n, const int *tenths,
			 struct sup_verdict *v)
{
	long long pass = llround(P(cfg, SUP_PASS) * 10),
		  width = llround(P(cfg, SUP_WIDTH) * 10);
	long long above = 0, below = 0;

	for (size_t i = 0; i < n; i++) {
		if (tenths[i] >= pass && tenths[i] < pass + width)
			above++;
		else if (tenths[i] >= pass - width && tenths[i] < pass)
			below++;
	}
	sup_theory_bunching_counts(cfg, above, below, v);
}

void sup_theory_bunching_counts(const struct sup_rule_cfg *cfg, long long above,
				long long below, struct sup_verdict *v)
{
	untested(v);
	v->a = (double)above;
	v->b = (double)below;
	if ((double)(above + below) < P(cfg, SUP_MIN_N) || above + below == 0)
		return;
	v->tested = true;
	v->p = sup_binom_sf(above, above + below, 0.5);
	v->stat = (double)above;
	v->limit = P(cfg, SUP_ALPHA);
	v->raised = v->p < v->limit;
	snprintf(v->text, sizeof(v->text),
		 "%lld in [%g, %g) against %lld in [%g, %g): binomial p = %.2g < %g",
		 above, P(cfg, SUP_PASS), P(cfg, SUP_PASS) + P(cfg, SUP_WIDTH), below,
		 P(cfg, SUP_PASS) - P(cfg, SUP_WIDTH), P(cfg, SUP_PASS), v->p, v->limit);
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

void sup_fast_entry(const struct sup_rule_cfg *cfg, size_t n, long long *at,
		    struct sup_verdict *v)
{
	size_t kept = 0, ngaps;
	long long batch = (long long)P(cfg, SUP_BATCH_ROWS);
	long long *gaps;
	double median;

	untested(v);
	qsort(at, n, sizeof(*at), cmp_ll);
	/* leave out the import runs: an instant carrying batch rows or more */
	for (size_t i = 0; i < n;) {
		size_t j = i;

		while (j < n && at[j] == at[i])
			j++;
		if ((long long)(j - i) < batch)
			for (size_t k = i; k < j; k++)
				at[kept++] = at[k];
		i = j;
	}
	v->a = (double)kept;
	if (kept < 2 || (double)kept < P(cfg, SUP_MIN_ENTRIES))
		return;
	ngaps = kept - 1;
	if (!(gaps = malloc(ngaps * sizeof(*gaps))))
		abort();
	for (size_t i = 0; i < ngaps; i++)
		gaps[i] = at[i + 1] - at[i];
	qsort(gaps, ngaps, sizeof(*gaps), cmp_ll);
	median = ngaps % 2 ? (double)gaps[ngaps / 2]
			   : ((double)gaps[ngaps / 2 - 1] + (double)gaps[ngaps / 2]) / 2;
	free(gaps);
	v->tested = true;
	v->b = median;
	v->stat = median;
	v->limit = P(cfg, SUP_MIN_SECONDS);
	v->raised = median < v->limit;
	snprintf(v->text, sizeof(v->text), "%zu entries, median gap %g s < %g s", kept,
		 median, v->limit);
}

void sup_count(const struct sup_rule_cfg *cfg, long long count, struct sup_verdict *v)
{
	untested(v);
	v->tested = true;
	v->a = (double)count;
	v->stat = (double)count;
	v->raised = (double)count >= P(cfg, SUP_MIN_COUNT);
	snprintf(v->text, sizeof(v->text), "%lld >= %g", count, P(cfg, SUP_MIN_COUNT));
}

void sup_lapsed(const char *day, const char *initial, const char *registered_on,
		const char *valid_until, size_t n, const char *const *log_at,
		const char *const *log_to, struct sup_verdict *v)
{
	const char *status = initial && *initial ? initial : "applying";
	bool in_force;

	untested(v);
	if (!day || strlen(day) < 10)
		return;
	for (size_t i = 0; i < n; i++)
		if (log_at[i] && strncmp(log_at[i], day, 10) <= 0 && log_to[i])
			status = log_to[i];
	in_force = !strcmp(status, "registered") &&
		   !(registered_on && *registered_on && strncmp(registered_on, day, 10) > 0) &&
		   !(valid_until && *valid_until && strncmp(valid_until, day, 10) < 0);
	v->tested = true;
	v->raised = !in_force;
	snprintf(v->text, sizeof(v->text), "%.10s: %s%s%.10s", day,
		 in_force ? "registered" : status,
		 valid_until && *valid_until ? ", valid until " : "",
		 valid_until && *valid_until ? valid_until : "");
}

void sup_reg_terms(size_t n, const char *const *approved_on, const bool *renewal,
		   int validity_years, char (*from)[11], char (*to)[11])
{
	for (size_t i = 0; i < n; i++) {
		char base[11];

		snprintf(base, sizeof(base), "%.10s", approved_on[i] ? approved_on[i] : "");
		snprintf(from[i], 11, "%s", base);
		if (i && renewal[i] && strcmp(to[i - 1], base) >= 0) {
			/* renewed while in force: from the old end */
			snprintf(from[i], 11, "%s", from[i - 1]);
			if (!date_add_days(to[i - 1], 1, base))
				snprintf(base, sizeof(base), "%s", to[i - 1]);
		}
		if (!date_add_years(base, validity_years, to[i]) ||
		    !date_prev_day(to[i], to[i]))
			snprintf(to[i], 11, "%s", base);
	}
}

void sup_lapsed_terms(const char *day, const char *initial, size_t nterms,
		      const char (*from)[11], const char (*to)[11], size_t n,
		      const char *const *log_at, const char *const *log_to,
		      struct sup_verdict *v)
{
	const char *status = initial && *initial ? initial : "applying";
	bool in_term = false, in_force;
	size_t k = 0;

	untested(v);
	if (!day || strlen(day) < 10)
		return;
	for (size_t i = 0; i < n; i++)
		if (log_at[i] && strncmp(log_at[i], day, 10) <= 0 && log_to[i])
			status = log_to[i];
	for (size_t i = 0; i < nterms; i++)
		if (strncmp(from[i], day, 10) <= 0 && strncmp(to[i], day, 10) >= 0)
			in_term = true;
	in_force = !strcmp(status, "registered") && in_term;
	v->tested = true;
	v->raised = !in_force;
	k = (size_t)snprintf(v->text, sizeof(v->text), "%.10s: %s", day,
			     in_force || strcmp(status, "registered")
				     ? status
				     : "registered, no term");
	for (size_t i = 0; !in_force && i < nterms && k < sizeof(v->text); i++)
		k += (size_t)snprintf(v->text + k, sizeof(v->text) - k, "%s%s..%s",
				      i ? ", " : " (terms ", from[i], to[i]);
	if (!in_force && nterms && k < sizeof(v->text))
		snprintf(v->text + k, sizeof(v->text) - k, ")");
}
