/*
 * test_statistics.c - core/statistics: every measure and dimension has a
 * code that parses back, unknown codes are refused, the rate is the
 * figures' one; cells of equal key (the sources of one refresh) merge into
 * one with their measures added, ordered by year, institution, occupation
 * and level.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/statistics.h"

static void test_codes(void **state)
{
	(void)state;
	for (int m = 0; m < STAT_MEASURES; m++) {
		const char *c = stat_measure_code((enum stat_measure)m);

		assert_non_null(c);
		assert_int_equal(stat_measure_parse(c), m);
	}
	assert_string_equal(stat_measure_code(STAT_THEORY_PASSED), "theory_passed");
	assert_string_equal(stat_measure_code(STAT_TRAINEES_COMPLETED),
			    "trainees_completed");
	assert_null(stat_measure_code(STAT_MEASURES));
	assert_int_equal(stat_measure_parse("pass_rate"), -1);
	assert_int_equal(stat_measure_parse(""), -1);
	assert_int_equal(stat_measure_parse(NULL), -1);
	for (int d = 0; d < STAT_DIMS; d++)
		assert_int_equal(stat_dim_parse(stat_dim_code((enum stat_dim)d)), d);
	assert_int_equal(stat_dim_parse("province"), STAT_BY_PROVINCE);
	assert_int_equal(stat_dim_parse("Province"), -1);
	assert_null(stat_dim_code(STAT_DIMS));
	assert_int_equal(stat_rate(2, 3), 6667);
	assert_int_equal(stat_rate(1, 0), 0);
}

static struct stat_cell cell(int year, long long inst, const char *occ, int level,
			     enum stat_measure m, long long v)
{
	struct stat_cell c;

	memset(&c, 0, sizeof(c));
	c.year = year;
	c.institution_id = inst;
	c.occupation = occ;
	c.level = level;
	c.v[m] = v;
	return c;
}

static void test_merge(void **state)
{
	struct stat_cell v[] = {
		cell(2025, 7, "6-18-01-01", 4, STAT_PASSED, 3),
		cell(2025, 3, "", 0, STAT_HONOURS, 1),
		cell(2025, 7, "6-18-01-01", 4, STAT_ENROLLED, 5),
		cell(2025, 7, "6-18-01-01", 3, STAT_ENROLLED, 2),
		cell(2025, 7, "6-18-01-01", 4, STAT_PASSED, 1),
		cell(2025, 7, "4-04-05-02", 4, STAT_PLANS, 1),
	};
	size_t n;

	(void)state;
	assert_int_equal(stat_cells_merge(v, 0), 0);
	n = stat_cells_merge(v, sizeof(v) / sizeof(v[0]));
	assert_int_equal(n, 4);
	assert_int_equal(v[0].institution_id, 3);
	assert_int_equal(v[0].v[STAT_HONOURS], 1);
	assert_string_equal(v[1].occupation, "4-04-05-02");
	assert_int_equal(v[1].v[STAT_PLANS], 1);
	assert_int_equal(v[2].level, 3);
	assert_int_equal(v[2].v[STAT_ENROLLED], 2);
	assert_int_equal(v[3].level, 4);
	assert_int_equal(v[3].v[STAT_ENROLLED], 5);
	assert_int_equal(v[3].v[STAT_PASSED], 4);
	assert_int_equal(v[3].v[STAT_PLANS], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_merge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
