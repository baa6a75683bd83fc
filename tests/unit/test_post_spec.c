/*
 * test_post_spec.c - core/post_spec: the post-skill specification parsed
 * and validated (errors name the path), applied to a standard's level
 * (its components and marks), and the weighted total (half up, tenths).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/post_spec.h"

#define HEAD \
	"{\"format\": 1, \"kind\": \"post_spec\", \"code\": \"cnc\", \"version\": \"1\", " \
	"\"name\": \"数控车工\", \"derived_from\": {\"occupation_code\": \"6-18-01-01\", " \
	"\"standard_version\": \"2018\"}, \"confidence\": \"low\", \"source\": \"e\", "

static const char good[] = HEAD
	"\"levels\": [{\"level\": 4, \"total_pass_mark\": \"70\", \"components\": ["
	"{\"component\": \"theory\", \"weight\": 30, \"pass_mark\": \"40\"}, "
	"{\"component\": \"practical\", \"weight\": 70}]}]}";

static void test_parse(void **state)
{
	struct arena a;
	struct post_spec p;
	char err[256];
	const struct post_spec_level *l;

	(void)state;
	arena_init(&a);
	assert_int_equal(post_spec_parse(good, &a, &p, err, sizeof(err)), 0);
	assert_string_equal(p.code, "cnc");
	assert_string_equal(p.occupation_code, "6-18-01-01");
	assert_string_equal(p.standard_version, "2018");
	assert_null(post_spec_level(&p, 3));
	l = post_spec_level(&p, 4);
	assert_non_null(l);
	assert_int_equal(l->total_pass_mark, 700);
	assert_int_equal(l->ncomp, 2);
	assert_int_equal(l->comp[0].component, STD_THEORY);
	assert_int_equal(l->comp[0].weight, 30);
	assert_int_equal(l->comp[0].pass_mark, 400);
	assert_int_equal(l->comp[1].pass_mark, -1);
	arena_release(&a);
}

static void refused(const char *json, const char *want)
{
	struct arena a;
	struct post_spec p;
	char err[256];

	arena_init(&a);
	assert_int_equal(post_spec_parse(json, &a, &p, err, sizeof(err)), -1);
	if (!strstr(err, want))
		fail_msg("want \"%s\" in \"%s\"", want, err);
	arena_release(&a);
}

static void test_refusals(void **state)
{
	(void)state;
	refused("", "line");
	refused("[]", "(document): must be an object");
	refused(HEAD "\"levels\": []}", "levels: must be an array of 1..5");
	refused(HEAD "\"extra\": 1, \"levels\": []}", "(document).extra: unknown member");
	refused(HEAD
		"\"levels\": [{\"level\": 6, \"total_pass_mark\": 60, \"components\": []}]}",
		"levels[0].level: must be 1..5");
	refused(HEAD "\"levels\": [{\"level\": 4, \"total_pass_mark\": \"60.55\", "
		     "\"components\": []}]}",
		"levels[0].total_pass_mark: must be a score");
	refused(HEAD "\"levels\": [{\"level\": 4, \"total_pass_mark\": 60, \"components\": "
		     "[{\"component\": \"theory\", \"weight\": 30}, {\"component\": "
		     "\"practical\", \"weight\": 60}]}]}",
		"levels[0].components: the weights add up to 90, not 100");
	refused(HEAD "\"levels\": [{\"level\": 4, \"total_pass_mark\": 60, \"components\": "
		     "[{\"component\": \"theory\", \"weight\": 50}, {\"component\": "
		     "\"theory\", \"weight\": 50}]}]}",
		"levels[0].components[1].component: given twice");
	refused(HEAD "\"levels\": [{\"level\": 4, \"total_pass_mark\": 60, \"components\": "
		     "[{\"component\": \"oral\", \"weight\": 100}]}]}",
		"levels[0].components[0].component: must be theory, practical or review");
	refused(HEAD "\"levels\": [{\"level\": 4, \"total_pass_mark\": 60, \"components\": "
		     "[{\"component\": \"theory\", \"weight\": 0}]}]}",
		"levels[0].components[0].weight: must be a whole percent");
	refused(HEAD
		"\"levels\": [{\"level\": 4, \"total_pass_mark\": 60, \"components\": "
		"[{\"component\": \"theory\", \"weight\": 100, \"pass_mark\": 101}]}]}",
		"levels[0].components[0].pass_mark: must be a score");
	refused(HEAD "\"levels\": [{\"level\": 4, \"total_pass_mark\": 60, \"components\": "
		     "[{\"component\": \"theory\", \"weight\": 100}]}, {\"level\": 4, "
		     "\"total_pass_mark\": 60, \"components\": [{\"component\": \"theory\", "
		     "\"weight\": 100}]}]}",
		"levels[1].level: level 4 given twice");
	refused("{\"format\": 1, \"kind\": \"post_spec\", \"code\": \"A B\", \"version\": \"1\", "
		"\"name\": \"x\", \"derived_from\": {\"occupation_code\": \"1\", "
		"\"standard_version\": \"1\"}, \"confidence\": \"low\", \"source\": \"e\", "
		"\"levels\": []}",
		"code: only a-z");
	refused("{\"format\": 1, \"kind\": \"post_spec\", \"code\": \"a\", \"version\": \"1\", "
		"\"name\": \"x\", \"derived_from\": {\"occupation_code\": \"1\"}, "
		"\"confidence\": \"low\", \"source\": \"e\", \"levels\": []}",
		"derived_from.standard_version: must be a text");
}

static void test_total(void **state)
{
	struct arena a;
	struct post_spec p;
	char err[256];
	const struct post_spec_level *l;
	struct component_score e[2] = {{STD_THEORY, SCORE_PRESENT, 500, NULL},
				       {STD_PRACTICAL, SCORE_PRESENT, 900, NULL}};

	(void)state;
	arena_init(&a);
	assert_int_equal(post_spec_parse(good, &a, &p, err, sizeof(err)), 0);
	l = post_spec_level(&p, 4);
	/* 0.3 × 50 + 0.7 × 90 = 78.0 */
	assert_int_equal(post_spec_total(l, e, 2), 780);
	/* 0.3 × 55.5 + 0.7 × 60.1 = 16.65 + 42.07 = 58.72 → 58.7 */
	e[0].tenths = 555;
	e[1].tenths = 601;
	assert_int_equal(post_spec_total(l, e, 2), 587);
	/* half up: 0.3 × 0.5 = 0.15, 0.7 × 0 → 0.15 → 0.2 */
	e[0].tenths = 5;
	e[1].tenths = 0;
	assert_int_equal(post_spec_total(l, e, 2), 2);
	/* a component missing or not present: no total */
	assert_int_equal(post_spec_total(l, e, 1), -1);
	e[1].status = SCORE_ABSENT;
	assert_int_equal(post_spec_total(l, e, 2), -1);
	assert_int_equal(post_spec_total(NULL, e, 2), -1);
	arena_release(&a);
}

static void test_apply(void **state)
{
	struct arena a;
	struct post_spec p;
	struct standard s;
	char err[256];

	(void)state;
	arena_init(&a);
	assert_int_equal(post_spec_parse(good, &a, &p, err, sizeof(err)), 0);
	memset(&s, 0, sizeof(s));
	s.levels = 1u << 4;
	s.level[4].level = 4;
	s.level[4].components = 1u << STD_THEORY | 1u << STD_PRACTICAL;
	s.level[4].pass_mark[STD_THEORY] = 600;
	s.level[4].pass_mark[STD_PRACTICAL] = 600;
	assert_int_equal(post_spec_apply(&p, 4, &s), 0);
	assert_int_equal(s.level[4].pass_mark[STD_THEORY], 400);    /* the spec's */
	assert_int_equal(s.level[4].pass_mark[STD_PRACTICAL], 600); /* the standard's */
	assert_int_equal(s.level[4].components, 1u << STD_THEORY | 1u << STD_PRACTICAL);
	assert_int_equal(post_spec_apply(&p, 3, &s), -1); /* not covered */
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_total),
		cmocka_unit_test(test_apply),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
