/*
 * supervision.h - the supervision flags' rules (issue 16, docs/supervision.md):
 * the rules document (supervision/rules.json, kind "supervision_rules":
 * each rule enabled or not, with its thresholds, every value with its
 * confidence and source), the statistics the rules use (the normal
 * distribution, a one-sided two-proportion z test, the t distribution,
 * exact binomial and Poisson tails) and one function per rule that takes
 * plain arrays and says whether the rule is raised, with the statistic.
 *
 * Pure: no I/O, no allocation except what the parser keeps in the
 * caller's arena. app/supervision.c gathers the arrays from the store and
 * keeps the flags.
 */
#ifndef CORE_SUPERVISION_H
#define CORE_SUPERVISION_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "core/standard.h"

/* The rules, in the order lists show them; the codes are fixed
 * ("pass_rate_outlier" …) and name the catalog keys sup.rule.<code>. */
enum sup_rule {
	SUP_PASS_RATE_OUTLIER,
	SUP_ASSESSOR_BIAS,
	SUP_IDENTICAL_PATTERNS,
	SUP_THEORY_BUNCHING,
	SUP_FAST_ENTRY,
	SUP_CORRECTIONS_RATE,
	SUP_UNFILED_OVERDUE,
	SUP_LAPSED_REGISTRATION,
	SUP_OVERRIDES,
	SUP_APPEALS_RATE,
	SUP_RULE_COUNT
};
const char *sup_rule_code(enum sup_rule r); /* NULL when out of range */
int sup_rule_parse(const char *code);       /* -1 when unknown */

/* The thresholds; each rule takes a fixed set of them (sup_rule_params),
 * every one required in the document. Scores in points unless the name
 * says tenths; rates in percentage points. */
enum sup_param {
	SUP_ALPHA,         /* significance level, 0 < alpha < 1 */
	SUP_MIN_N,         /* fewest observations tested */
	SUP_MIN_GAP,       /* a rate's least gap over the rest, percentage points */
	SUP_MIN_POINTS,    /* an assessor's least mean difference, points */
	SUP_MIN_CLUSTER,   /* fewest candidates in a cluster of identical patterns */
	SUP_NEAR_TENTHS,   /* entries this close (tenths) count as identical */
	SUP_MIN_ENTRIES,   /* fewest entries (in a pattern, or entries timed) */
	SUP_WIDTH,         /* the band's width below and above the pass mark, points */
	SUP_PASS,          /* the theory pass mark, points */
	SUP_MIN_SECONDS,   /* a median gap below this is faster than a person */
	SUP_DEADLINE_DAYS, /* days after issue a certificate must be filed within */
	SUP_MIN_COUNT,     /* a count at or above this raises */
	SUP_BATCH_ROWS,    /* rows one account stamped with one instant: an import run */
	SUP_PARAM_COUNT
};
const char *sup_param_code(enum sup_param p);
/* The bit set (1u << param) of the thresholds rule r takes. */
unsigned sup_rule_params(enum sup_rule r);

struct sup_value {
	double v;
	enum std_confidence confidence;
	const char *source;
};

struct sup_rule_cfg {
	bool enabled;
	struct sup_value p[SUP_PARAM_COUNT]; /* those of sup_rule_params() */
};

struct sup_rules {
	const char *version, *citation, *source, *notes; /* notes may be NULL */
	enum std_confidence confidence;
	struct sup_rule_cfg r[SUP_RULE_COUNT];
};

/* Parses and checks a rules document: {"format": 1, "kind":
 * "supervision_rules", "version", "citation", "confidence", "source",
 * "notes"?, "rules": {"<code>": {"enabled": bool, "thresholds": {"<param>":
 * {"value", "confidence", "source"}}}}} with every rule and exactly its
 * thresholds. 0, or -1 with a message naming the path in err. Strings
 * live in a. */
int sup_rules_parse(const char *json, struct arena *a, struct sup_rules *out, char *err,
		    size_t errlen);

/* ---- statistics ---- */

double sup_norm_cdf(double z); /* Φ(z) */
double sup_norm_sf(double z);  /* 1 − Φ(z), accurate in the tail */
/* The t distribution's CDF with df degrees of freedom (df > 0), through
 * the regularised incomplete beta function. */
double sup_t_cdf(double t, double df);
/* I_x(a, b), the regularised incomplete beta function (0 <= x <= 1). */
double sup_incbeta(double a, double b, double x);
/* P(X >= k) for X ~ Binomial(n, p), summed exactly in log space. */
double sup_binom_sf(long long k, long long n, double p);
/* P(X >= k) for X ~ Poisson(lambda). */
double sup_poisson_sf(long long k, double lambda);
/* One-sided two-proportion z test of x1/n1 > x2/n2 (pooled standard
 * error): z into *z, the p value returned; 1 when either n is 0 or the
 * pooled rate is 0 or 1 (z 0). */
double sup_z_test(long long x1, long long n1, long long x2, long long n2, double *z);

/* ---- the rules ---- */

/* What a rule found for one subject: raised or not; tested is false when
 * the subject was below a minimum (n < min_n) and nothing was computed.
 * text: the statistic as people read it ("z = 4.12, p = 1.9e-05 <
 * 0.01/14"), empty when not tested. */
struct sup_verdict {
	bool raised, tested;
	double stat, p, limit; /* the statistic, its p value, the p it must be below */
	double a, b;           /* the figures compared (a rate and the rest's, …) */
	char text[160];
};

/* pass_rate_outlier, corrections_rate, appeals_rate: subject i had x[i]
 * events among base[i] (x[i] <= base[i]); each is tested against the
 * pooled rest with a one-sided z test; raised when base[i] >= min_n, the
 * gap (x/base − rest) >= min_gap points and p < alpha / k, k the number
 * of subjects tested (Bonferroni). a, b: the two rates in percent. */
void sup_rate_outliers(const struct sup_rule_cfg *cfg, size_t n, const long long *x,
		       const long long *base, struct sup_verdict *out);
/* overrides: as sup_rate_outliers, and raised too when x[i] >= min_count. */
void sup_overrides(const struct sup_rule_cfg *cfg, size_t n, const long long *x,
		   const long long *base, struct sup_verdict *out);
/* assessor_bias: diff[0..n) an assessor's score minus the mean of the
 * other assessors' of the same enrolment and component (points); a
 * two-sided one-sample t test of mean 0; raised when n >= min_n, |mean| >=
 * min_points and p < alpha. a: the mean difference, b: its standard
 * deviation. */
void sup_assessor_bias(const struct sup_rule_cfg *cfg, size_t n, const double *diff,
		       struct sup_verdict *out);
/* The same from the differences' count, mean and sum of squared
 * deviations from the mean (m2; Welford's running sums), so that a scan
 * need not keep the differences. */
void sup_assessor_bias_moments(const struct sup_rule_cfg *cfg, size_t n, double mean,
			       double m2, struct sup_verdict *out);
/* identical_patterns: the n candidates × m entries matrix tenths
 * (row-major; SUP_MISSING where a candidate has no such entry). Two
 * candidates match when they have the same entries, at least min_entries
 * of them, each within near_tenths; clusters are the connected groups of
 * matches. cluster[i]: the number (0, 1, …) of candidate i's cluster when
 * that cluster has >= min_cluster candidates, else -1. Returns the number
 * of such clusters. */
#define SUP_MISSING (-2147483647 - 1)
size_t sup_identical(const struct sup_rule_cfg *cfg, size_t n, size_t m,
		     const int *tenths, int *cluster);
/* The subject of identical_patterns' cluster g (of sup_identical) in plan:
 * "plan:P/pattern:H", H 16 hex digits (64-bit FNV-1a) of the cluster's
 * pattern: the score vector most of its candidates have (ties: the least
 * as text), written as its entries "slot=tenths" sorted (slots[k] names
 * entry k, e.g. "practical/12"; missing entries left out). It names what
 * the cluster shares, not who is in it, so it stays when a candidate
 * joins or leaves with that pattern and whatever order the slots come in. */
const char *sup_identical_subject(struct arena *a, long long plan, size_t n, size_t m,
				  const int *tenths, const char *const *slots,
				  const int *cluster, int g);
/* theory_bunching: theory scores (tenths); the scores in [pass, pass +
 * width) against those in [pass − width, pass): P(X >= above) for X ~
 * Binomial(above + below, 1/2); raised when above + below >= min_n and p <
 * alpha. a: above, b: below. */
void sup_theory_bunching(const struct sup_rule_cfg *cfg, size_t n, const int *tenths,
			 struct sup_verdict *out);
/* The same from the counts in the two windows. */
void sup_theory_bunching_counts(const struct sup_rule_cfg *cfg, long long above,
				long long below, struct sup_verdict *out);
/* fast_entry: the instants (seconds) one account entered the scores of one
 * plan's component, in any order. An instant carrying batch_rows rows or
 * more is an import run (an import stamps its run's instant on every row)
 * and is left out; raised when >= min_entries rows remain and the median
 * gap between consecutive ones is < min_seconds. a: the rows timed, b: the
 * median gap. Sorts at in place. */
void sup_fast_entry(const struct sup_rule_cfg *cfg, size_t n, long long *at,
		    struct sup_verdict *out);
/* unfiled_overdue: count >= min_count. a: count. */
void sup_count(const struct sup_rule_cfg *cfg, long long count, struct sup_verdict *out);
/* lapsed_registration: was the registration in force on day (YYYY-MM-DD)?
 * The status on day is the to_status of the last log entry at or before
 * it (log_at[] instants or dates, in order), initial before any; in
 * force when "registered", registered_on <= day (when set) and day <=
 * valid_until (when set). Raised when not. */
void sup_lapsed(const char *day, const char *initial, const char *registered_on,
		const char *valid_until, size_t n, const char *const *log_at,
		const char *const *log_to, struct sup_verdict *out);
/* The registration's terms rebuilt from its approvals, as the registry
 * computes them (app/registry.c), so that a past day is judged by the term
 * then and not by today's registered_on/valid_until: approved_on[] the
 * approval dates in order (YYYY-MM-DD), renewal[i] true for a renewal (the
 * first approval, or an initial one, starts a new registration on its
 * date); a renewal extends from the old term's end when that term still
 * ran on its date, else starts on it; each term lasts validity_years, to
 * the day before. from[i]..to[i] term i. */
void sup_reg_terms(size_t n, const char *const *approved_on, const bool *renewal,
		   int validity_years, char (*from)[11], char (*to)[11]);
/* sup_lapsed against terms: in force when "registered" and day falls in
 * one of the nterms terms from[i]..to[i]. */
void sup_lapsed_terms(const char *day, const char *initial, size_t nterms,
		      const char (*from)[11], const char (*to)[11], size_t n,
		      const char *const *log_at, const char *const *log_to,
		      struct sup_verdict *out);

/* ---- a flag as kept (migration 0036; store/supervision.c) ---- */

struct sup_flag {
	long long id, institution_id, person_id, plan_id, finding_id;
	int year;
	const char *rule, *subject, *statistic, *figures, *evidence, *rules_version;
	const char *status; /* open, dismissed, finding, cleared */
	const char *note, *raised_at, *updated_at, *decided_by, *decided_at;
	const char *institution_name; /* joined */
};
struct sup_flag_filter {
	int year;                  /* 0 = any */
	const char *rule, *status; /* NULL = any */
	long long institution_id;  /* 0 = any */
	int offset, limit;         /* the page: limit 0 = 100, at most 1000 */
};
#endif
