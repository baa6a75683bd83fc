/*
 * test_scoring.c - core/scoring: score text (parse and format), statuses,
 * the practical score from several assessors (mean rounded half up,
 * median, spread and the moderation note), the pass rule with its order
 * of statuses, and the staffing rules with their numbers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "core/scoring.h"

/* A standard with the 2018 template's ratios; practical pass mark 70 at
 * level 3 to show per-component marks; levels 5..1. */
static const char doc_mean[] =
	"{\"format\": 1, \"kind\": \"national_standard\","
	" \"occupation\": {\"code\": \"6-18-01-01\", \"name\": \"车工\","
	" \"edition\": \"2015\"},"
	" \"version\": \"2018\", \"name\": \"车工\", \"citation\": \"X\","
	" \"effective_from\": \"2019-01-01\","
	" \"defaults\": {\"components\": [\"theory\", \"practical\"],"
	"  \"min_minutes\": {\"theory\": 90, \"practical\": 120, \"review\": 30},"
	"  \"staffing\": {\"proctor_per_candidates\": 15,"
	"   \"proctors_per_room_min\": 2, \"assessor_per_candidates\": 5,"
	"   \"assessors_min\": 3, \"assessors_odd\": true,"
	"   \"review_panel_min\": 3, \"review_panel_odd\": true,"
	"   \"spread_threshold\": 10.0},"
	"  \"result_notice_days\": 5},"
	" \"levels\": {"
	"  \"4\": {\"routes\": [{\"id\": \"a\", \"text\": \"T\","
	"   \"conditions\": [{\"work_years\": 6}]}]},"
	"  \"3\": {\"pass_mark\": {\"practical\": 70}, \"routes\": [{\"id\": \"a\","
	"   \"text\": \"T\", \"conditions\": [{\"work_years\": 6}]}]},"
	"  \"2\": {\"components\": [\"theory\", \"practical\", \"review\"],"
	"   \"routes\": [{\"id\": \"a\", \"text\": \"T\","
	"   \"conditions\": [{\"work_years\": 6}]}]}"
	" }}";

/* The same with a median, a 7.5-point threshold, 1:10 assessors, an even
 * panel allowed and a review panel of at least 5; level 1 only. */
static const char doc_median[] =
	"{\"format\": 1, \"kind\": \"evaluation_spec\","
	" \"occupation\": {\"code\": \"6-18-01-01\", \"name\": \"车工\","
	" \"edition\": \"2015\"},"
	" \"version\": \"2024\", \"name\": \"车工\", \"citation\": \"X\","
	" \"effective_from\": \"2024-01-01\","
	" \"levels\": {\"1\": {\"components\": [\"theory\", \"practical\", \"review\"],"
	"  \"min_minutes\": {\"theory\": 90, \"practical\": 240, \"review\": 30},"
	"  \"staffing\": {\"proctor_per_candidates\": 20,"
	"   \"proctors_per_room_min\": 1, \"assessor_per_candidates\": 10,"
	"   \"assessors_min\": 2, \"assessors_odd\": false,"
	"   \"review_panel_min\": 5, \"review_panel_odd\": true,"
	"   \"practical_aggregate\": \"median\", \"spread_threshold\": 7.5},"
	"  \"result_notice_days\": 7,"
	"  \"routes\": [{\"id\": \"a\", \"text\": \"T\","
	"   \"conditions\": [{\"cert_level\": 2, \"years_since_cert\": 4}]}]}"
	" }}";

static struct arena arena;
static struct standard mean_std, median_std;

static int setup(void **state)
{
	char err[256];

	(void)state;
	arena_init(&arena);
	if (standard_parse(doc_mean, &arena, &mean_std, err, sizeof(err)) ||
	    standard_parse(doc_median, &arena, &median_std, err, sizeof(err))) {
		fprintf(stderr, "test standard: %s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_release(&arena);
	return 0;
}

static bool key_listed(const char *key)
{
	for (const char *const *k = scoring_keys(); *k; k++)
		if (!strcmp(*k, key))
			return true;
	return false;
}

/* ---- score text ---- */

static void test_score_parse_ok(void **state)
{
	static const struct {
		const char *text;
		int tenths;
	} ok[] = {
		{"85", 850},   {"85.5", 855}, {" 85.0 ", 850}, {"0", 0},
		{"0.0", 0},    {"0.5", 5},    {"100", 1000},   {"100.0", 1000},
		{"59.9", 599}, {"60", 600},   {"085", 850},    {"\t72.5\t", 725},
		{"7", 70},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		int t = -1;

		if (score_parse(ok[i].text, &t) != SCORE_OK || t != ok[i].tenths)
			fail_msg("\"%s\": got %d", ok[i].text, t);
	}
}

static void test_score_parse_refused(void **state)
{
	static const struct {
		const char *text;
		int err;
		const char *key;
	} bad[] = {
		{"85.55", SCORE_EDECIMALS, "val.score.decimals"},
		{"85.50", SCORE_EDECIMALS, "val.score.decimals"},
		{"101", SCORE_ERANGE, "val.score.range"},
		{"100.1", SCORE_ERANGE, "val.score.range"},
		{"1000", SCORE_ERANGE, "val.score.range"},
		{"99999999999999999999", SCORE_ERANGE, "val.score.range"},
		{"-1", SCORE_ERANGE, "val.score.range"},
		{"-0.5", SCORE_ERANGE, "val.score.range"},
		{"abc", SCORE_EFORMAT, "val.score.format"},
		{"85.", SCORE_EFORMAT, "val.score.format"},
		{".5", SCORE_EFORMAT, "val.score.format"},
		{"+85", SCORE_EFORMAT, "val.score.format"},
		{"8 5", SCORE_EFORMAT, "val.score.format"},
		{"85,5", SCORE_EFORMAT, "val.score.format"},
		{"1e2", SCORE_EFORMAT, "val.score.format"},
		{"85a", SCORE_EFORMAT, "val.score.format"},
		{"-", SCORE_EFORMAT, "val.score.format"},
		{"８５", SCORE_EFORMAT, "val.score.format"}, /* full-width */
		{"", SCORE_EEMPTY, "val.score.required"},
		{"   ", SCORE_EEMPTY, "val.score.required"},
		{NULL, SCORE_EEMPTY, "val.score.required"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int t = 12345, rc = score_parse(bad[i].text, &t);

		if (rc != bad[i].err)
			fail_msg("\"%s\": rc %d, want %d",
				 bad[i].text ? bad[i].text : "(null)", rc, bad[i].err);
		assert_int_equal(t, 12345); /* untouched */
		assert_string_equal(score_err_key(rc), bad[i].key);
		assert_true(key_listed(bad[i].key));
	}
	assert_null(score_err_key(SCORE_OK));
}

static void test_score_format(void **state)
{
	char out[8];

	(void)state;
	score_format(855, out);
	assert_string_equal(out, "85.5");
	score_format(850, out);
	assert_string_equal(out, "85.0");
	score_format(1000, out);
	assert_string_equal(out, "100.0");
	score_format(0, out);
	assert_string_equal(out, "0.0");
	score_format(5, out);
	assert_string_equal(out, "0.5");
	score_format(-1, out);
	assert_string_equal(out, "?");
	score_format(1001, out);
	assert_string_equal(out, "?");
	/* round trip over the whole range */
	for (int t = 0; t <= SCORE_MAX; t++) {
		int back = -1;

		score_format(t, out);
		assert_int_equal(score_parse(out, &back), SCORE_OK);
		assert_int_equal(back, t);
	}
}

/* ---- statuses and entries ---- */

static void test_statuses(void **state)
{
	static const char *const names[] = {"present", "absent", "withdrawn",
					    "disqualified"};

	(void)state;
	for (int s = 0; s < SCORE_STATUS_COUNT; s++) {
		assert_string_equal(score_status_name((enum score_status)s), names[s]);
		assert_int_equal(score_status_parse(names[s]), s);
		assert_string_equal(score_status_names()[s], names[s]);
	}
	assert_null(score_status_names()[SCORE_STATUS_COUNT]);
	assert_null(score_status_name(SCORE_STATUS_COUNT));
	assert_int_equal(score_status_parse("Absent"), -1);
	assert_int_equal(score_status_parse(NULL), -1);
	assert_string_equal(score_result_name(RESULT_PASS), "pass");
	assert_string_equal(score_result_name(RESULT_INCOMPLETE), "incomplete");
	assert_null(score_result_name(RESULT_COUNT));
}

static void test_check_entry(void **state)
{
	struct rule_error e = {0};
	struct component_score s = {STD_THEORY, SCORE_DISQUALIFIED, 0, NULL};

	(void)state;
	/* disqualified needs a reason */
	assert_false(score_check_entry(&s, &e));
	assert_string_equal(e.field, "reason");
	assert_string_equal(e.msg, "val.score.reason_required");
	s.reason = "";
	assert_false(score_check_entry(&s, &e));
	s.reason = "携带手机进入考场";
	assert_true(score_check_entry(&s, &e));
	/* a present score in range; absent and withdrawn ignore the number */
	s = (struct component_score){STD_PRACTICAL, SCORE_PRESENT, 1001, NULL};
	assert_false(score_check_entry(&s, &e));
	assert_string_equal(e.field, "score");
	assert_string_equal(e.msg, "val.score.range");
	s.tenths = -1;
	assert_false(score_check_entry(&s, &e));
	s.status = SCORE_ABSENT;
	assert_true(score_check_entry(&s, &e));
	s.status = SCORE_WITHDRAWN;
	assert_true(score_check_entry(&s, &e));
	s.status = SCORE_STATUS_COUNT;
	assert_false(score_check_entry(&s, &e));
	assert_string_equal(e.msg, "val.score.status");
	s = (struct component_score){STD_COMPONENT_COUNT, SCORE_PRESENT, 1, NULL};
	assert_false(score_check_entry(&s, &e));
	assert_string_equal(e.field, "component");
	assert_true(key_listed("val.score.reason_required"));
	assert_true(key_listed("val.score.status"));
	assert_true(key_listed("val.component.invalid"));
}

/* ---- the practical score ---- */

static int agg(enum std_aggregate how, const int *v, size_t n)
{
	int out = -1;

	assert_int_equal(score_aggregate(how, v, n, &out), 0);
	return out;
}

static void test_aggregate(void **state)
{
	const int a[] = {850, 855};            /* 85.25 → 85.3 */
	const int b[] = {800, 800, 801};       /* 80.033 → 80.0 */
	const int c[] = {801, 801, 800};       /* 80.067 → 80.1 */
	const int d[] = {600, 601};            /* 60.05 → 60.1 */
	const int e[] = {599, 600, 600};       /* 59.967 → 60.0 */
	const int f[] = {900, 300, 900};       /* mean 70.0, median 90.0 */
	const int g[] = {1000, 700, 800, 900}; /* median (80 + 90) / 2 = 85.0 */
	const int h[] = {800, 801};            /* median 80.05 → 80.1 */
	const int i1[] = {733};
	const int bad[] = {800, 1001};
	int out = 7;

	(void)state;
	assert_int_equal(agg(STD_AGG_MEAN, a, 2), 853);
	assert_int_equal(agg(STD_AGG_MEAN, b, 3), 800);
	assert_int_equal(agg(STD_AGG_MEAN, c, 3), 801);
	assert_int_equal(agg(STD_AGG_MEAN, d, 2), 601);
	assert_int_equal(agg(STD_AGG_MEAN, e, 3), 600);
	assert_int_equal(agg(STD_AGG_MEAN, f, 3), 700);
	assert_int_equal(agg(STD_AGG_MEDIAN, f, 3), 900);
	assert_int_equal(agg(STD_AGG_MEDIAN, g, 4), 850);
	assert_int_equal(agg(STD_AGG_MEAN, g, 4), 850);
	assert_int_equal(agg(STD_AGG_MEDIAN, h, 2), 801);
	assert_int_equal(agg(STD_AGG_MEDIAN, b, 3), 800);
	assert_int_equal(agg(STD_AGG_MEAN, i1, 1), 733);
	assert_int_equal(agg(STD_AGG_MEDIAN, i1, 1), 733);
	assert_int_equal(score_aggregate(STD_AGG_MEAN, a, 0, &out), -1);
	assert_int_equal(score_aggregate(STD_AGG_MEAN, bad, 2, &out), -1);
	assert_int_equal(out, 7);
	/* the input order is not disturbed by the median */
	assert_int_equal(g[0], 1000);
}

static void test_practical(void **state)
{
	struct practical_score p;
	const int ok[] = {800, 900, 850};   /* spread 10.0: at the threshold */
	const int wide[] = {800, 901, 850}; /* spread 10.1: above */
	const int two[] = {800, 810};

	(void)state;
	assert_int_equal(score_practical(&mean_std, 3, ok, 3, NULL, &p), 0);
	assert_int_equal(p.tenths, 850);
	assert_int_equal(p.spread, 100);
	assert_false(p.needs_note);
	assert_null(p.problem);
	/* above the threshold: a moderation note is needed */
	assert_int_equal(score_practical(&mean_std, 3, wide, 3, NULL, &p), -1);
	assert_true(p.needs_note);
	assert_string_equal(p.problem, "score.moderation_required");
	assert_int_equal(p.required, 100);
	assert_int_equal(p.actual, 101);
	assert_int_equal(p.tenths, 850); /* 85.033 → 85.0, still reported */
	assert_int_equal(score_practical(&mean_std, 3, wide, 3, "", &p), -1);
	assert_int_equal(score_practical(&mean_std, 3, wide, 3, "复核后维持原评分", &p), 0);
	assert_true(p.needs_note);
	assert_null(p.problem);
	/* fewer assessors than the standard asks */
	assert_int_equal(score_practical(&mean_std, 3, two, 2, NULL, &p), -1);
	assert_string_equal(p.problem, "score.assessors_too_few");
	assert_int_equal(p.required, 3);
	assert_int_equal(p.actual, 2);
	assert_int_equal(score_practical(&mean_std, 3, two, 0, NULL, &p), -1);
	assert_string_equal(p.problem, "score.no_scores");
	/* the median standard: two assessors allowed, 7.5 threshold */
	assert_int_equal(score_practical(&median_std, 1, two, 2, NULL, &p), 0);
	assert_int_equal(p.tenths, 805);
	assert_int_equal(score_practical(&median_std, 1, ok, 3, NULL, &p), -1);
	assert_int_equal(p.tenths, 850);
	assert_string_equal(p.problem, "score.moderation_required");
	assert_int_equal(p.required, 75);
	assert_int_equal(p.actual, 100);
	/* a level the standard does not have */
	assert_int_equal(score_practical(&median_std, 3, ok, 3, NULL, &p), -1);
	assert_string_equal(p.problem, "score.level_not_offered");
	assert_true(key_listed("score.moderation_required"));
	assert_true(key_listed("score.assessors_too_few"));
	assert_true(key_listed("score.no_scores"));
	assert_true(key_listed("score.level_not_offered"));
}

/* ---- the pass rule ---- */

#define P(c, t) \
	{ \
		(c), SCORE_PRESENT, (t), NULL \
	}
#define S(c, st) \
	{ \
		(c), (st), 0, "违纪" \
	}

static void result(int level, const struct component_score *e, size_t n,
		   enum score_result want, const char *key, int component,
		   struct score_outcome *o)
{
	assert_int_equal(score_result(&mean_std, level, e, n, o), 0);
	if (o->result != want)
		fail_msg("result %s (%s), want %s", score_result_name(o->result), o->key,
			 score_result_name(want));
	assert_string_equal(o->key, key);
	assert_true(key_listed(o->key));
	assert_int_equal(o->component, component);
}

static void test_pass_rule(void **state)
{
	struct score_outcome o;
	const struct component_score pass4[] = {P(STD_THEORY, 600), P(STD_PRACTICAL, 600)};
	const struct component_score low4[] = {P(STD_THEORY, 599), P(STD_PRACTICAL, 950)};
	const struct component_score both_low[] = {P(STD_PRACTICAL, 100),
						   P(STD_THEORY, 100)};
	const struct component_score p3_65[] = {P(STD_THEORY, 900), P(STD_PRACTICAL, 650)};
	const struct component_score p3_70[] = {P(STD_THEORY, 900), P(STD_PRACTICAL, 700)};

	(void)state;
	/* exactly the pass mark passes; one tenth below fails */
	result(4, pass4, 2, RESULT_PASS, "score.result.pass", -1, &o);
	assert_true(o.comp[STD_THEORY].passed);
	assert_true(o.comp[STD_PRACTICAL].passed);
	assert_false(o.comp[STD_REVIEW].required);
	result(4, low4, 2, RESULT_FAIL, "score.result.below_mark", STD_THEORY, &o);
	assert_int_equal(o.required, 600);
	assert_int_equal(o.actual, 599);
	assert_false(o.comp[STD_THEORY].passed);
	assert_true(o.comp[STD_PRACTICAL].passed);
	/* both below: the first component is named, both are shown */
	result(4, both_low, 2, RESULT_FAIL, "score.result.below_mark", STD_THEORY, &o);
	assert_false(o.comp[STD_PRACTICAL].passed);
	/* a per-component pass mark: practical 70 at level 3 */
	result(3, p3_65, 2, RESULT_FAIL, "score.result.below_mark", STD_PRACTICAL, &o);
	assert_int_equal(o.required, 700);
	assert_int_equal(o.actual, 650);
	assert_int_equal(o.comp[STD_PRACTICAL].pass_mark, 700);
	assert_int_equal(o.comp[STD_THEORY].pass_mark, 600);
	result(3, p3_70, 2, RESULT_PASS, "score.result.pass", -1, &o);
	/* the same 65 passes at level 4 */
	result(4, p3_65, 2, RESULT_PASS, "score.result.pass", -1, &o);
}

static void test_pass_rule_review(void **state)
{
	struct score_outcome o;
	const struct component_score two[] = {P(STD_THEORY, 800), P(STD_PRACTICAL, 800)};
	const struct component_score three[] = {P(STD_THEORY, 800), P(STD_PRACTICAL, 800),
						P(STD_REVIEW, 600)};
	const struct component_score low[] = {P(STD_THEORY, 800), P(STD_PRACTICAL, 800),
					      P(STD_REVIEW, 595)};

	(void)state;
	/* level 2 needs the review too */
	result(2, two, 2, RESULT_INCOMPLETE, "score.result.incomplete", STD_REVIEW, &o);
	assert_true(o.comp[STD_REVIEW].required);
	assert_false(o.comp[STD_REVIEW].entered);
	result(2, three, 3, RESULT_PASS, "score.result.pass", -1, &o);
	result(2, low, 3, RESULT_FAIL, "score.result.below_mark", STD_REVIEW, &o);
	assert_int_equal(o.actual, 595);
	/* a review entry at level 4 is refused */
	assert_int_equal(score_result(&mean_std, 4, three, 3, &o), -1);
	assert_string_equal(o.key, "score.component_not_at_level");
	assert_int_equal(o.component, STD_REVIEW);
	assert_true(key_listed(o.key));
}

static void test_pass_rule_statuses(void **state)
{
	struct score_outcome o;
	const struct component_score absent[] = {S(STD_THEORY, SCORE_ABSENT),
						 P(STD_PRACTICAL, 900)};
	const struct component_score absent_only[] = {S(STD_PRACTICAL, SCORE_ABSENT)};
	const struct component_score withdrawn[] = {P(STD_THEORY, 900),
						    S(STD_PRACTICAL, SCORE_WITHDRAWN)};
	const struct component_score dq[] = {S(STD_THEORY, SCORE_ABSENT),
					     S(STD_PRACTICAL, SCORE_DISQUALIFIED)};
	const struct component_score dq_noreason[] = {
		{STD_THEORY, SCORE_DISQUALIFIED, 0, NULL}};
	const struct component_score twice[] = {P(STD_THEORY, 900), P(STD_THEORY, 800)};
	const struct component_score missing[] = {P(STD_THEORY, 900)};
	const struct component_score failing_missing[] = {P(STD_THEORY, 100)};

	(void)state;
	/* absent from any component fails, whatever the other score */
	result(4, absent, 2, RESULT_ABSENT, "score.result.absent", STD_THEORY, &o);
	assert_int_equal(o.comp[STD_THEORY].status, SCORE_ABSENT);
	assert_false(o.comp[STD_THEORY].passed);
	assert_true(o.comp[STD_PRACTICAL].passed);
	/* absent even before the other component is scored */
	result(4, absent_only, 1, RESULT_ABSENT, "score.result.absent", STD_PRACTICAL, &o);
	result(4, withdrawn, 2, RESULT_WITHDRAWN, "score.result.withdrawn", STD_PRACTICAL,
	       &o);
	/* disqualified outranks absent */
	result(4, dq, 2, RESULT_DISQUALIFIED, "score.result.disqualified", STD_PRACTICAL,
	       &o);
	/* a missing component: not decided yet, even with a failing score */
	result(4, missing, 1, RESULT_INCOMPLETE, "score.result.incomplete", STD_PRACTICAL,
	       &o);
	result(4, failing_missing, 1, RESULT_INCOMPLETE, "score.result.incomplete",
	       STD_PRACTICAL, &o);
	result(4, NULL, 0, RESULT_INCOMPLETE, "score.result.incomplete", STD_THEORY, &o);
	/* refusals */
	assert_int_equal(score_result(&mean_std, 4, dq_noreason, 1, &o), -1);
	assert_string_equal(o.key, "val.score.reason_required");
	assert_int_equal(score_result(&mean_std, 4, twice, 2, &o), -1);
	assert_string_equal(o.key, "score.component_twice");
	assert_int_equal(o.component, STD_THEORY);
	assert_int_equal(score_result(&mean_std, 5, twice, 1, &o), -1);
	assert_string_equal(o.key, "score.level_not_offered");
	assert_true(key_listed("score.component_twice"));
}

/* ---- staffing ---- */

static int staff(const struct standard *s, int level, const struct staffing_plan *p,
		 struct staffing_violation *v, size_t max)
{
	int n = staffing_check(s, level, p, v, max);

	for (int i = 0; i < n && (size_t)i < max; i++)
		assert_true(key_listed(v[i].key));
	return n;
}

static void violation(const struct staffing_violation *v, const char *key,
		      const char *where, int index, int candidates, int required, int actual)
{
	assert_string_equal(v->key, key);
	assert_string_equal(v->where, where);
	assert_int_equal(v->index, index);
	assert_int_equal(v->candidates, candidates);
	assert_int_equal(v->required, required);
	assert_int_equal(v->actual, actual);
}

static void test_staffing_rooms(void **state)
{
	struct staffing_violation v[8];
	struct staffing_room rooms[] = {
		{30, 2}, /* 15 per proctor: fine */
		{28, 2}, /* 14 per proctor: fine */
		{32, 2}, /* 16 per proctor: needs 3 */
		{14, 1}, /* 1:14 meets the ratio, one proctor in a room is not enough */
		{16, 1}, /* both rules */
		{0, 0},  /* an empty room is not checked */
	};
	struct staffing_plan p = {.rooms = rooms, .nrooms = 6};

	(void)state;
	assert_int_equal(staff(&mean_std, 4, &p, v, 8), 4);
	violation(&v[0], "staff.proctors.ratio", "room", 2, 32, 3, 2);
	violation(&v[1], "staff.proctors.room_min", "room", 3, 14, 2, 1);
	violation(&v[2], "staff.proctors.ratio", "room", 4, 16, 2, 1);
	violation(&v[3], "staff.proctors.room_min", "room", 4, 16, 2, 1);
	/* the first two rooms alone are sound */
	p.nrooms = 2;
	assert_int_equal(staff(&mean_std, 4, &p, v, 8), 0);
	/* another standard: 1:20 and one proctor per room (its level 1 has
	 * a review, so the plan has a panel) */
	p.nrooms = 6;
	p.review_panel = 5;
	assert_int_equal(staff(&median_std, 1, &p, v, 8), 0);
	rooms[0].candidates = 41;
	assert_int_equal(staff(&median_std, 1, &p, v, 8), 1);
	violation(&v[0], "staff.proctors.ratio", "room", 0, 41, 3, 2);
}

/* Candidates not seated in any room still count: the plan as a whole
 * needs one proctor per 15 theory candidates. */
static void test_staffing_plan_total(void **state)
{
	struct staffing_violation v[8];
	struct staffing_plan p = {.candidates = 10000, .proctors = 0};

	(void)state;
	assert_int_equal(staff(&mean_std, 4, &p, v, 8), 1);
	violation(&v[0], "staff.proctors.total", "plan", 0, 10000, 667, 0);
	p.proctors = 667;
	assert_int_equal(staff(&mean_std, 4, &p, v, 8), 0);
	p.candidates = 16;
	p.proctors = 1;
	assert_int_equal(staff(&mean_std, 4, &p, v, 8), 1);
	violation(&v[0], "staff.proctors.total", "plan", 0, 16, 2, 1);
}

static void test_staffing_groups(void **state)
{
	struct staffing_violation v[8];
	struct staffing_group g_even[] = {{10, 4}};
	struct staffing_group g_two[] = {{5, 2}};
	struct staffing_group g_11_2[] = {{11, 2}};
	struct staffing_group g_ok[] = {{11, 3}, {15, 3}, {5, 3}, {25, 5}};
	struct staffing_group g_16_3[] = {{16, 3}};
	struct staffing_group g_16_4[] = {{16, 4}};
	struct staffing_plan p = {0};

	(void)state;
	/* 4 assessors: an even panel */
	p.groups = g_even;
	p.ngroups = 1;
	assert_int_equal(staff(&mean_std, 4, &p, v, 8), 1);
	violation(&v[0], "staff.assessors.odd", "group", 0, 10, 5, 4);
	/* 2 assessors: fewer than 3 */
	p.groups = g_two;
	assert_int_equal(staff(&mean_std, 4, &p, v, 8), 1);
	violation(&v[0], "staff.assessors.min", "group", 0, 5, 3, 2);
	/* 11 candidates with 2 assessors at 1:5: the ratio and the minimum */
	p.groups = g_11_2;
	assert_int_equal(staff(&mean_std, 4, &p, v, 8), 2);
	violation(&v[0], "staff.assessors.ratio", "group", 0, 11, 3, 2);
	violation(&v[1], "staff.assessors.min", "group", 0, 11, 3, 2);
	/* sound groups */
	p.groups = g_ok;
	p.ngroups = 4;
	assert_int_equal(staff(&mean_std, 4, &p, v, 8), 0);
	/* 16 candidates need 4 assessors; 4 is even, so 5 */
	p.groups = g_16_3;
	p.ngroups = 1;
	assert_int_equal(staff(&mean_std, 4, &p, v, 8), 1);
	violation(&v[0], "staff.assessors.ratio", "group", 0, 16, 4, 3);
	p.groups = g_16_4;
	assert_int_equal(staff(&mean_std, 4, &p, v, 8), 1);
	violation(&v[0], "staff.assessors.odd", "group", 0, 16, 5, 4);
	/* a 1:10 standard with even panels allowed and at least 2 */
	p.review_panel = 5;
	p.groups = g_11_2;
	assert_int_equal(staff(&median_std, 1, &p, v, 8), 0);
	p.groups = g_16_4;
	assert_int_equal(staff(&median_std, 1, &p, v, 8), 0);
	p.groups = g_two;
	assert_int_equal(staff(&median_std, 1, &p, v, 8), 0);
}

static void test_staffing_review(void **state)
{
	struct staffing_violation v[8];
	struct staffing_plan p = {.review_panel = 2};

	(void)state;
	assert_int_equal(staff(&mean_std, 2, &p, v, 8), 1);
	violation(&v[0], "staff.review.min", "review", -1, 0, 3, 2);
	p.review_panel = 4;
	assert_int_equal(staff(&mean_std, 2, &p, v, 8), 1);
	violation(&v[0], "staff.review.odd", "review", -1, 0, 5, 4);
	p.review_panel = 3;
	assert_int_equal(staff(&mean_std, 2, &p, v, 8), 0);
	/* no panel at all where the level has a review */
	p.review_panel = 0;
	assert_int_equal(staff(&mean_std, 2, &p, v, 8), 1);
	violation(&v[0], "staff.review.min", "review", -1, 0, 3, 0);
	/* a level without a review does not look at the panel */
	assert_int_equal(staff(&mean_std, 3, &p, v, 8), 0);
	/* a standard asking for 5 */
	p.review_panel = 3;
	assert_int_equal(staff(&median_std, 1, &p, v, 8), 1);
	violation(&v[0], "staff.review.min", "review", -1, 0, 5, 3);
}

static void test_staffing_all_reported(void **state)
{
	struct staffing_violation v[2];
	struct staffing_room rooms[] = {{16, 1}, {40, 1}};
	struct staffing_group groups[] = {{11, 2}};
	struct staffing_room bad_room[] = {{-1, 2}};
	struct staffing_plan p = {rooms, 2, groups, 1, 4, 0, 0};

	(void)state;
	/* 2 + 2 room rules, 2 group rules, 1 panel rule: all counted, two
	 * written */
	assert_int_equal(staff(&mean_std, 2, &p, v, 2), 7);
	violation(&v[0], "staff.proctors.ratio", "room", 0, 16, 2, 1);
	violation(&v[1], "staff.proctors.room_min", "room", 0, 16, 2, 1);
	assert_int_equal(staffing_check(&mean_std, 2, &p, NULL, 0), 7);
	/* refusals */
	assert_int_equal(staffing_check(&mean_std, 5, &p, v, 2), -1);
	assert_int_equal(staffing_check(&mean_std, 2, NULL, v, 2), -1);
	p.rooms = bad_room;
	p.nrooms = 1;
	assert_int_equal(staffing_check(&mean_std, 2, &p, v, 2), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_score_parse_ok),
		cmocka_unit_test(test_score_parse_refused),
		cmocka_unit_test(test_score_format),
		cmocka_unit_test(test_statuses),
		cmocka_unit_test(test_check_entry),
		cmocka_unit_test(test_aggregate),
		cmocka_unit_test(test_practical),
		cmocka_unit_test(test_pass_rule),
		cmocka_unit_test(test_pass_rule_review),
		cmocka_unit_test(test_pass_rule_statuses),
		cmocka_unit_test(test_staffing_rooms),
		cmocka_unit_test(test_staffing_plan_total),
		cmocka_unit_test(test_staffing_groups),
		cmocka_unit_test(test_staffing_review),
		cmocka_unit_test(test_staffing_all_reported),
	};

	return cmocka_run_group_tests_name("scoring", tests, setup, teardown);
}
