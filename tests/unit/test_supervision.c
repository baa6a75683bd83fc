/*
 * test_supervision.c - core/supervision: the embedded rules document
 * parses and a broken one is refused naming the path; the statistics
 * against known values (Φ(1.96), t quantiles, binomial and Poisson tails,
 * a two-proportion z); and every rule with a fixture that must raise it,
 * one that must not, and the edge cases (below the minimum, all equal,
 * zero).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/embed.h"
#include "core/supervision.h"

extern const struct embedded_file supervision_files[];
extern const size_t supervision_files_count;

static struct arena arena;
static struct sup_rules rules;

static int setup(void **state)
{
	char err[256];
	const struct embedded_file *f =
		embed_find(supervision_files, supervision_files_count, "rules", ".json");

	(void)state;
	arena_init(&arena);
	if (!f)
		fail_msg("rules.json not embedded");
	if (sup_rules_parse((const char *)f->data, &arena, &rules, err, sizeof(err)))
		fail_msg("rules.json: %s", err);
	return 0;
}
static int teardown(void **state)
{
	(void)state;
	arena_release(&arena);
	return 0;
}

static const struct sup_rule_cfg *cfg(enum sup_rule r) { return &rules.r[r]; }

static void test_document(void **state)
{
	(void)state;
	assert_string_equal(rules.version, "2026-1");
	for (int r = 0; r < SUP_RULE_COUNT; r++) {
		assert_true(rules.r[r].enabled);
		assert_int_equal(sup_rule_parse(sup_rule_code((enum sup_rule)r)), r);
	}
	assert_int_equal(sup_rule_parse("nope"), -1);
	assert_null(sup_rule_code(SUP_RULE_COUNT));
	assert_true(fabs(cfg(SUP_PASS_RATE_OUTLIER)->p[SUP_ALPHA].v - 0.01) < 1e-12);
	assert_int_equal(cfg(SUP_THEORY_BUNCHING)->p[SUP_PASS].v, 60);
	assert_int_equal(sup_rule_params(SUP_LAPSED_REGISTRATION), 0);
}

static void refused(const char *json, const char *want)
{
	char err[256];
	struct sup_rules r;

	assert_int_equal(sup_rules_parse(json, &arena, &r, err, sizeof(err)), -1);
	if (!strstr(err, want))
		fail_msg("error \"%s\" does not name \"%s\"", err, want);
}

/* the embedded document with one substring replaced */
static const char *edited(const char *from, const char *to)
{
	const struct embedded_file *f =
		embed_find(supervision_files, supervision_files_count, "rules", ".json");
	const char *s = (const char *)f->data, *at = strstr(s, from);

	assert_non_null(at);
	return arena_printf(&arena, "%.*s%s%s", (int)(at - s), s, to, at + strlen(from));
}

static void test_document_refused(void **state)
{
	(void)state;
	refused("", "line");
	refused("[]", "(document)");
	refused("{\"format\": 1, \"kind\": \"x\"}", "kind");
	refused(edited("\"value\": 0.01", "\"value\": 2"),
		"rules.pass_rate_outlier.thresholds.alpha.value");
	refused(edited("\"value\": 20", "\"value\": 2.5"),
		"thresholds.min_n.value: must be a whole number");
	refused(edited("\"enabled\": true", "\"enabled\": 1"),
		"rules.pass_rate_outlier.enabled");
	refused(edited("\"min_gap\"", "\"min_gapx\""), "unknown key \"min_gapx\"");
	refused(edited("\"appeals_rate\"", "\"appeal_rate\""), "unknown key");
	refused(edited("\"thresholds\": {}", "\"thresholds\": {\"alpha\": 1}"),
		"rules.lapsed_registration.thresholds: unknown key");
}

static void test_statistics(void **state)
{
	double z;

	(void)state;
	assert_true(fabs(sup_norm_cdf(1.96) - 0.9750021) < 1e-6);
	assert_true(fabs(sup_norm_cdf(0) - 0.5) < 1e-12);
	assert_true(fabs(sup_norm_sf(3.0) - 0.0013499) < 1e-6);
	assert_true(sup_norm_sf(10) > 0 && sup_norm_sf(10) < 1e-20);
	/* t quantiles: t(0.975; 10) = 2.228139, t(0.995; 5) = 4.032143 */
	assert_true(fabs(sup_t_cdf(2.228139, 10) - 0.975) < 1e-6);
	assert_true(fabs(sup_t_cdf(4.032143, 5) - 0.995) < 1e-6);
	assert_true(fabs(sup_t_cdf(-2.228139, 10) - 0.025) < 1e-6);
	assert_true(fabs(sup_t_cdf(0, 3) - 0.5) < 1e-12);
	/* df 1 is Cauchy: F(1) = 0.75 */
	assert_true(fabs(sup_t_cdf(1, 1) - 0.75) < 1e-9);
	/* large df comes to the normal */
	assert_true(fabs(sup_t_cdf(1.96, 1e6) - sup_norm_cdf(1.96)) < 1e-5);
	assert_true(fabs(sup_incbeta(2, 3, 0.4) - 0.5248) < 1e-9);
	/* binomial: P(X >= 8 | 10, 1/2) = 56/1024 */
	assert_true(fabs(sup_binom_sf(8, 10, 0.5) - 56.0 / 1024) < 1e-12);
	assert_true(fabs(sup_binom_sf(0, 10, 0.5) - 1) < 1e-12);
	assert_true(sup_binom_sf(11, 10, 0.5) == 0);
	assert_true(fabs(sup_binom_sf(10, 10, 0.5) - 1.0 / 1024) < 1e-15);
	/* Poisson(2): P(X >= 1) = 1 − e^-2; P(X >= 5) = 0.0526530 */
	assert_true(fabs(sup_poisson_sf(1, 2) - (1 - exp(-2))) < 1e-12);
	assert_true(fabs(sup_poisson_sf(5, 2) - 0.0526530) < 1e-6);
	assert_true(sup_poisson_sf(0, 2) == 1);
	/* z: 90/100 against 600/1000 → pooled 690/1100 */
	sup_z_test(90, 100, 600, 1000, &z);
	assert_true(fabs(z - 5.9155) < 1e-3);
	assert_true(sup_z_test(0, 0, 5, 10, &z) == 1 && z == 0);
	assert_true(sup_z_test(10, 10, 20, 20, &z) == 1); /* everyone passed */
}

static void test_pass_rate_outlier(void **state)
{
	/* institution 0: 95 of 100; four peers at about 60% */
	long long x[] = {95, 60, 62, 58, 61}, n[] = {100, 100, 100, 100, 100};
	long long x2[] = {66, 60, 62, 58, 61};
	long long small[] = {10, 60, 62, 58, 61}, smalln[] = {10, 100, 100, 100, 100};
	struct sup_verdict v[5];

	(void)state;
	sup_rate_outliers(cfg(SUP_PASS_RATE_OUTLIER), 5, x, n, v);
	assert_true(v[0].raised && v[0].tested);
	assert_true(v[0].p < 0.01 / 5);
	assert_true(fabs(v[0].a - 95) < 1e-9 && fabs(v[0].b - 60.25) < 1e-9);
	assert_non_null(strstr(v[0].text, "Bonferroni 0.01/5"));
	for (int i = 1; i < 5; i++)
		assert_false(v[i].raised);
	/* not raised: 66% is within the noise and under the 15-point gap */
	sup_rate_outliers(cfg(SUP_PASS_RATE_OUTLIER), 5, x2, n, v);
	for (int i = 0; i < 5; i++)
		assert_false(v[i].raised);
	/* 10 of 10 is below min_n: not tested, whatever the rate */
	sup_rate_outliers(cfg(SUP_PASS_RATE_OUTLIER), 5, small, smalln, v);
	assert_false(v[0].tested);
	assert_false(v[0].raised);
	assert_string_equal(v[0].text, "");
	/* one institution alone has no rest */
	sup_rate_outliers(cfg(SUP_PASS_RATE_OUTLIER), 1, x, n, v);
	assert_false(v[0].tested);
	/* all equal: nothing */
	{
		long long e[] = {50, 50, 50}, en[] = {100, 100, 100};
		sup_rate_outliers(cfg(SUP_PASS_RATE_OUTLIER), 3, e, en, v);
		for (int i = 0; i < 3; i++)
			assert_false(v[i].raised);
	}
}

static void test_rate_rules(void **state)
{
	/* corrections and appeals: the same test */
	long long x[] = {30, 2, 3, 1, 2}, n[] = {100, 100, 100, 100, 100};
	long long calm[] = {3, 2, 3, 1, 2}, zero[] = {0, 0, 0, 0, 0};
	struct sup_verdict v[5];

	(void)state;
	sup_rate_outliers(cfg(SUP_CORRECTIONS_RATE), 5, x, n, v);
	assert_true(v[0].raised);
	sup_rate_outliers(cfg(SUP_APPEALS_RATE), 5, calm, n, v);
	assert_false(v[0].raised);
	sup_rate_outliers(cfg(SUP_APPEALS_RATE), 5, zero, n, v);
	for (int i = 0; i < 5; i++)
		assert_false(v[i].raised);
}

static void test_overrides(void **state)
{
	long long x[] = {3, 0, 0}, n[] = {5, 30, 30}, few[] = {2, 0, 0};
	struct sup_verdict v[3];

	(void)state;
	/* 3 overrides: min_count 3 raises even with too few staff to test */
	sup_overrides(cfg(SUP_OVERRIDES), 3, x, n, v);
	assert_true(v[0].raised);
	assert_non_null(strstr(v[0].text, "3 >= 3"));
	assert_false(v[1].raised);
	sup_overrides(cfg(SUP_OVERRIDES), 3, few, n, v);
	assert_false(v[0].raised);
}

static void test_assessor_bias(void **state)
{
	double up[12], noise[12], same[12], zero[12];
	struct sup_verdict v;

	(void)state;
	for (int i = 0; i < 12; i++) {
		up[i] = 8 + (i % 3) - 1; /* about +8 points */
		noise[i] = (i % 2 ? 1.5 : -1.5) + (i % 3 ? 0.2 : -0.4);
		same[i] = 6;
		zero[i] = 0;
	}
	sup_assessor_bias(cfg(SUP_ASSESSOR_BIAS), 12, up, &v);
	assert_true(v.raised);
	assert_true(fabs(v.a - 8) < 1e-9);
	assert_non_null(strstr(v.text, "df 11"));
	sup_assessor_bias(cfg(SUP_ASSESSOR_BIAS), 12, noise, &v);
	assert_true(v.tested);
	assert_false(v.raised);
	/* all the same non-zero difference: certain */
	sup_assessor_bias(cfg(SUP_ASSESSOR_BIAS), 12, same, &v);
	assert_true(v.raised);
	assert_true(v.p == 0);
	/* all zero */
	sup_assessor_bias(cfg(SUP_ASSESSOR_BIAS), 12, zero, &v);
	assert_false(v.raised);
	/* below min_n (10) */
	sup_assessor_bias(cfg(SUP_ASSESSOR_BIAS), 9, up, &v);
	assert_false(v.tested);
	assert_false(v.raised);
	/* significant but small: 1 point is under min_points 5 */
	for (int i = 0; i < 12; i++)
		same[i] = 1 + (i % 2) * 0.1;
	sup_assessor_bias(cfg(SUP_ASSESSOR_BIAS), 12, same, &v);
	assert_true(v.p < 0.01);
	assert_false(v.raised);
}

/* the running sums a scan keeps (Welford) give the verdict of the whole
 * array: the same t, p and text */
static void test_streamed_sums(void **state)
{
	double d[40], mean = 0, m2 = 0;
	int t[60];
	struct sup_verdict whole, sums;

	(void)state;
	for (int i = 0; i < 40; i++) {
		double delta;

		d[i] = 6 + (i % 5) * 0.7 - (i % 3) * 0.4;
		delta = d[i] - mean;
		mean += delta / (i + 1);
		m2 += delta * (d[i] - mean);
	}
	sup_assessor_bias(cfg(SUP_ASSESSOR_BIAS), 40, d, &whole);
	sup_assessor_bias_moments(cfg(SUP_ASSESSOR_BIAS), 40, mean, m2, &sums);
	assert_true(whole.raised && sums.raised);
	assert_true(fabs(whole.stat - sums.stat) < 1e-9 * fabs(whole.stat));
	assert_true(fabs(whole.b - sums.b) < 1e-12);
	assert_string_equal(whole.text, sums.text);
	/* a constant difference: the sums' zero deviation is exact */
	sup_assessor_bias_moments(cfg(SUP_ASSESSOR_BIAS), 12, 6, 0, &sums);
	assert_true(sums.raised);
	assert_true(sums.p == 0);
	sup_assessor_bias_moments(cfg(SUP_ASSESSOR_BIAS), 9, 6, 0, &sums);
	assert_false(sums.tested);
	/* theory bunching from the two windows' counts */
	for (int i = 0; i < 60; i++)
		t[i] = i < 30 ? 600 + i % 50 : (i < 34 ? 560 + i % 40 : 300 + i);
	sup_theory_bunching(cfg(SUP_THEORY_BUNCHING), 60, t, &whole);
	sup_theory_bunching_counts(cfg(SUP_THEORY_BUNCHING), (long long)whole.a,
				   (long long)whole.b, &sums);
	assert_true(whole.raised && sums.raised);
	assert_true(whole.p == sums.p);
	assert_string_equal(whole.text, sums.text);
	sup_theory_bunching_counts(cfg(SUP_THEORY_BUNCHING), 0, 0, &sums);
	assert_false(sums.tested);
}

static void test_identical_patterns(void **state)
{
	/* 6 candidates × 3 entries; 0, 2, 4 identical; 1, 3 identical
	 * (a cluster of 2, below min_cluster 3); 5 alone */
	int t[] = {
		855, 910, 880, /* 0 */
		700, 650, 720, /* 1 */
		855, 910, 880, /* 2 */
		700, 650, 720, /* 3 */
		855, 910, 880, /* 4 */
		600, 610, 620, /* 5 */
	};
	int cl[6];
	struct sup_rule_cfg near = *cfg(SUP_IDENTICAL_PATTERNS);

	(void)state;
	assert_int_equal(sup_identical(cfg(SUP_IDENTICAL_PATTERNS), 6, 3, t, cl), 1);
	assert_int_equal(cl[0], 0);
	assert_int_equal(cl[2], 0);
	assert_int_equal(cl[4], 0);
	assert_int_equal(cl[1], -1);
	assert_int_equal(cl[3], -1);
	assert_int_equal(cl[5], -1);
	/* not raised: one tenth apart with near_tenths 0 */
	t[2 * 3 + 1] = 911;
	assert_int_equal(sup_identical(cfg(SUP_IDENTICAL_PATTERNS), 6, 3, t, cl), 0);
	/* near_tenths 1 takes it back */
	near.p[SUP_NEAR_TENTHS].v = 1;
	assert_int_equal(sup_identical(&near, 6, 3, t, cl), 1);
	/* too few entries: two scores alike is not a pattern */
	t[2 * 3 + 1] = 910;
	t[0 * 3 + 2] = t[2 * 3 + 2] = t[4 * 3 + 2] = SUP_MISSING;
	assert_int_equal(sup_identical(cfg(SUP_IDENTICAL_PATTERNS), 6, 3, t, cl), 0);
	/* nobody, and one */
	assert_int_equal(sup_identical(cfg(SUP_IDENTICAL_PATTERNS), 0, 3, t, cl), 0);
	assert_int_equal(sup_identical(cfg(SUP_IDENTICAL_PATTERNS), 1, 3, t, cl), 0);
}

/* identical_patterns' subject names the plan and the pattern, not the
 * first candidate: a candidate with a lower id joining the cluster (or the
 * slots read in another order) keeps it, so a dismissed cluster does not
 * come back as a new flag */
static void test_identical_subject(void **state)
{
	/* candidates 1, 2, 3 share a pattern; 0 joins it later */
	int before[] = {
		600, 610, 620, /* 0: not yet */
		855, 910, 880, /* 1 */
		855, 910, 880, /* 2 */
		855, 910, 880, /* 3 */
	};
	int after[] = {
		855, 910, 880, /* 0: joined */
		855, 910, 880, /* 1 */
		855, 910, 880, /* 2 */
		855, 910, 880, /* 3 */
	};
	/* the same, the slots in another order */
	int swapped[] = {
		880, 910, 855, /* 0 */
		880, 910, 855, /* 1 */
		880, 910, 855, /* 2 */
		880, 910, 855, /* 3 */
	};
	const char *slots[] = {"theory/0", "practical/17", "practical/18"};
	const char *swapped_slots[] = {"practical/18", "practical/17", "theory/0"};
	int cl[4];
	const char *s1, *s2, *s3, *s4;

	(void)state;
	assert_int_equal(sup_identical(cfg(SUP_IDENTICAL_PATTERNS), 4, 3, before, cl), 1);
	assert_int_equal(cl[0], -1);
	s1 = sup_identical_subject(&arena, 7, 4, 3, before, slots, cl, 0);
	assert_int_equal(sup_identical(cfg(SUP_IDENTICAL_PATTERNS), 4, 3, after, cl), 1);
	assert_int_equal(cl[0], 0);
	s2 = sup_identical_subject(&arena, 7, 4, 3, after, slots, cl, 0);
	assert_string_equal(s1, s2);
	assert_int_equal(strncmp(s1, "plan:7/pattern:", 15), 0);
	assert_int_equal(strlen(s1), 15 + 16);
	s3 = sup_identical_subject(&arena, 7, 4, 3, swapped, swapped_slots, cl, 0);
	assert_string_equal(s1, s3);
	/* another pattern, or another plan: another subject */
	after[0] = after[3] = after[6] = after[9] = 856;
	s4 = sup_identical_subject(&arena, 7, 4, 3, after, slots, cl, 0);
	assert_string_not_equal(s1, s4);
	assert_string_not_equal(s1, sup_identical_subject(&arena, 8, 4, 3, before, slots,
							  (int[]){-1, 0, 0, 0}, 0));
	/* near matches: the pattern most of them share, whoever is first */
	{
		int near[] = {
			856, 910, 880, /* 0: a tenth off */
			855, 910, 880, /* 1 */
			855, 910, 880, /* 2 */
		};
		int near_last[] = {
			855, 910, 880, /* 1 */
			855, 910, 880, /* 2 */
			856, 910, 880, /* 0, last */
		};
		int one[] = {0, 0, 0};

		assert_string_equal(
			sup_identical_subject(&arena, 7, 3, 3, near, slots, one, 0),
			sup_identical_subject(&arena, 7, 3, 3, near_last, slots, one, 0));
		assert_string_equal(
			sup_identical_subject(&arena, 7, 3, 3, near, slots, one, 0), s1);
	}
}

static void test_theory_bunching(void **state)
{
	int t[60];
	size_t n = 0;
	struct sup_verdict v;

	(void)state;
	/* 25 just above 60, 2 just below, the rest far away */
	for (int i = 0; i < 25; i++)
		t[n++] = 600 + i % 40;
	for (int i = 0; i < 2; i++)
		t[n++] = 580;
	for (int i = 0; i < 10; i++)
		t[n++] = 850;
	sup_theory_bunching(cfg(SUP_THEORY_BUNCHING), n, t, &v);
	assert_true(v.raised);
	assert_int_equal((int)v.a, 25);
	assert_int_equal((int)v.b, 2);
	assert_true(fabs(v.p - sup_binom_sf(25, 27, 0.5)) < 1e-15);
	/* balanced: 13 above, 14 below */
	n = 0;
	for (int i = 0; i < 13; i++)
		t[n++] = 610;
	for (int i = 0; i < 14; i++)
		t[n++] = 570;
	sup_theory_bunching(cfg(SUP_THEORY_BUNCHING), n, t, &v);
	assert_true(v.tested);
	assert_false(v.raised);
	/* the band's edges: 650 is outside [600, 650), 550 inside [550, 600) */
	t[0] = 650;
	t[1] = 550;
	sup_theory_bunching(cfg(SUP_THEORY_BUNCHING), 2, t, &v);
	assert_int_equal((int)v.a, 0);
	assert_int_equal((int)v.b, 1);
	/* below min_n: 15 all above */
	for (int i = 0; i < 15; i++)
		t[i] = 605;
	sup_theory_bunching(cfg(SUP_THEORY_BUNCHING), 15, t, &v);
	assert_false(v.tested);
	assert_false(v.raised);
	sup_theory_bunching(cfg(SUP_THEORY_BUNCHING), 0, t, &v);
	assert_false(v.raised);
}

static void test_fast_entry(void **state)
{
	long long at[64];
	size_t n = 0;
	struct sup_verdict v;

	(void)state;
	/* 25 entries 1 second apart, given out of order */
	for (int i = 24; i >= 0; i--)
		at[n++] = 1000 + i;
	sup_fast_entry(cfg(SUP_FAST_ENTRY), n, at, &v);
	assert_true(v.raised);
	assert_true(v.b == 1);
	assert_int_equal((int)v.a, 25);
	/* a person's pace: 25 entries 20 seconds apart */
	for (n = 0; n < 25; n++)
		at[n] = 1000 + 20 * (long long)n;
	sup_fast_entry(cfg(SUP_FAST_ENTRY), n, at, &v);
	assert_true(v.tested);
	assert_false(v.raised);
	/* an import: 40 rows at one instant, left out */
	for (n = 0; n < 40; n++)
		at[n] = 5000;
	sup_fast_entry(cfg(SUP_FAST_ENTRY), n, at, &v);
	assert_false(v.tested);
	assert_false(v.raised);
	assert_int_equal((int)v.a, 0);
	/* too few */
	for (n = 0; n < 10; n++)
		at[n] = 1000 + (long long)n;
	sup_fast_entry(cfg(SUP_FAST_ENTRY), n, at, &v);
	assert_false(v.raised);
	sup_fast_entry(cfg(SUP_FAST_ENTRY), 0, at, &v);
	assert_false(v.raised);
}

/* lapsed_registration judges a past day by the term then: rebuilt from
 * the approvals, not from today's registered_on/valid_until (a renewal
 * after a lapse rewrites those) */
static void test_lapsed_terms(void **state)
{
	const char *lapsed_on[] = {"2021-04-01", "2024-07-01"}; /* renewed after a lapse */
	const char *kept_on[] = {"2021-04-01", "2024-02-01"};   /* renewed in time */
	const char *redone_on[] = {"2019-04-01", "2023-01-01"}; /* initial, redone */
	const bool renewed[] = {false, true}, redone[] = {false, false};
	const char *at[] = {"2021-04-01T09:00:00Z"}, *to_status[] = {"registered"};
	char from[2][11], to[2][11];
	struct sup_verdict v;

	(void)state;
	sup_reg_terms(2, lapsed_on, renewed, 3, from, to);
	assert_string_equal(from[0], "2021-04-01");
	assert_string_equal(to[0], "2024-03-31");
	assert_string_equal(from[1], "2024-07-01");
	assert_string_equal(to[1], "2027-06-30");
	/* the exam between the terms: raised, though today's fields
	 * (registered_on 2021-04-01, valid_until 2027-06-30) cover it */
	sup_lapsed_terms("2024-05-10", "applying", 2, (const char(*)[11])from,
			 (const char(*)[11])to, 1, at, to_status, &v);
	assert_true(v.raised);
	assert_non_null(strstr(v.text, "2021-04-01..2024-03-31"));
	sup_lapsed("2024-05-10", "applying", "2021-04-01", "2027-06-30", 1, at, to_status,
		   &v);
	assert_false(v.raised);
	/* within either term: not raised */
	sup_lapsed_terms("2024-03-31", "applying", 2, (const char(*)[11])from,
			 (const char(*)[11])to, 1, at, to_status, &v);
	assert_false(v.raised);
	sup_lapsed_terms("2024-07-01", "applying", 2, (const char(*)[11])from,
			 (const char(*)[11])to, 1, at, to_status, &v);
	assert_false(v.raised);
	/* renewed in time: one term on, from the old end */
	sup_reg_terms(2, kept_on, renewed, 3, from, to);
	assert_string_equal(to[0], "2024-03-31");
	assert_string_equal(to[1], "2027-03-31");
	sup_lapsed_terms("2024-05-10", "applying", 2, (const char(*)[11])from,
			 (const char(*)[11])to, 1, at, to_status, &v);
	assert_false(v.raised);
	/* an initial registration redone: the exam under the earlier one is
	 * in force, though today's registered_on is later */
	sup_reg_terms(2, redone_on, redone, 3, from, to);
	assert_string_equal(from[1], "2023-01-01");
	sup_lapsed_terms("2021-05-10", "applying", 2, (const char(*)[11])from,
			 (const char(*)[11])to, 1, at, to_status, &v);
	assert_false(v.raised);
	sup_lapsed("2021-05-10", "applying", "2023-01-01", "2025-12-31", 1, at, to_status,
		   &v);
	assert_true(v.raised);
	/* a suspension still lapses it within a term */
	{
		const char *at2[] = {"2021-04-01T09:00:00Z", "2022-01-01T00:00:00Z"},
			   *to2[] = {"registered", "suspended"};

		sup_lapsed_terms("2022-02-01", "applying", 2, (const char(*)[11])from,
				 (const char(*)[11])to, 2, at2, to2, &v);
		assert_true(v.raised);
		assert_non_null(strstr(v.text, "suspended"));
	}
}

static void test_count_and_lapsed(void **state)
{
	const char *at[] = {"2024-01-10T08:00:00Z", "2025-03-01T09:00:00Z",
			    "2025-06-01T00:00:00Z"};
	const char *to[] = {"registered", "suspended", "registered"};
	struct sup_verdict v;

	(void)state;
	sup_count(cfg(SUP_UNFILED_OVERDUE), 2, &v);
	assert_true(v.raised);
	sup_count(cfg(SUP_UNFILED_OVERDUE), 0, &v);
	assert_false(v.raised);
	/* in force */
	sup_lapsed("2024-05-05", "applying", "2024-01-10", "2029-01-09", 3, at, to, &v);
	assert_false(v.raised);
	/* suspended on the day */
	sup_lapsed("2025-04-01", "applying", "2024-01-10", "2029-01-09", 3, at, to, &v);
	assert_true(v.raised);
	assert_non_null(strstr(v.text, "suspended"));
	/* the day of the suspension itself counts as suspended */
	sup_lapsed("2025-03-01", "applying", "2024-01-10", "2029-01-09", 3, at, to, &v);
	assert_true(v.raised);
	/* reinstated */
	sup_lapsed("2025-07-01", "applying", "2024-01-10", "2029-01-09", 3, at, to, &v);
	assert_false(v.raised);
	/* expired */
	sup_lapsed("2029-02-01", "applying", "2024-01-10", "2029-01-09", 3, at, to, &v);
	assert_true(v.raised);
	/* before registration */
	sup_lapsed("2023-12-01", "applying", "2024-01-10", NULL, 3, at, to, &v);
	assert_true(v.raised);
	/* no log: the status now */
	sup_lapsed("2025-04-01", "registered", "2024-01-10", NULL, 0, at, to, &v);
	assert_false(v.raised);
	sup_lapsed("2025-04-01", "suspended", "2024-01-10", NULL, 0, at, to, &v);
	assert_true(v.raised);
	/* no exam date: nothing */
	sup_lapsed(NULL, NULL, NULL, NULL, 0, at, to, &v);
	assert_false(v.tested);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_document_refused),
		cmocka_unit_test(test_statistics),
		cmocka_unit_test(test_pass_rate_outlier),
		cmocka_unit_test(test_rate_rules),
		cmocka_unit_test(test_overrides),
		cmocka_unit_test(test_assessor_bias),
		cmocka_unit_test(test_streamed_sums),
		cmocka_unit_test(test_identical_patterns),
		cmocka_unit_test(test_identical_subject),
		cmocka_unit_test(test_theory_bunching),
		cmocka_unit_test(test_fast_entry),
		cmocka_unit_test(test_count_and_lapsed),
		cmocka_unit_test(test_lapsed_terms),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
