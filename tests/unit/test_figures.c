/*
 * test_figures.c - core/figures: a rate in hundredths of a percent,
 * rounded half up, 0 when there is nothing to divide by; whether a
 * certificate was filed on time (the first batch received submitted
 * within the days of its issue, the issue day counted as day 0).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/figures.h"

static void test_rate(void **state)
{
	(void)state;
	assert_int_equal(figures_rate(0, 0), 0);
	assert_int_equal(figures_rate(5, 0), 0);
	assert_int_equal(figures_rate(-1, 3), 0);
	assert_int_equal(figures_rate(0, 7), 0);
	assert_int_equal(figures_rate(3, 3), 10000);
	assert_int_equal(figures_rate(4, 3), 10000);
	assert_int_equal(figures_rate(1, 2), 5000);
	assert_int_equal(figures_rate(2, 3), 6667);  /* 66.666… up */
	assert_int_equal(figures_rate(1, 3), 3333);  /* 33.333… down */
	assert_int_equal(figures_rate(1, 8), 1250);  /* exact */
	assert_int_equal(figures_rate(1, 16), 625);  /* 6.25 */
	assert_int_equal(figures_rate(1, 32), 313);  /* 3.125 half up */
	assert_int_equal(figures_rate(1, 20000), 1); /* 0.005 half up */
	assert_int_equal(figures_rate(1, 20001), 0);
	assert_int_equal(figures_rate(999999999, 1000000000), 10000);
}

static void test_on_time(void **state)
{
	(void)state;
	assert_true(figures_on_time("2026-03-01", "2026-03-01T10:00:00.000Z", 15));
	assert_true(figures_on_time("2026-03-01", "2026-03-16T23:59:59Z", 15));
	assert_false(figures_on_time("2026-03-01", "2026-03-17T00:00:00Z", 15));
	assert_true(figures_on_time("2026-12-25", "2027-01-09", 15)); /* over the year */
	assert_false(figures_on_time("2026-12-25", "2027-01-10", 15));
	assert_true(figures_on_time("2024-02-20", "2024-03-06", 15)); /* leap day */
	assert_false(figures_on_time("2026-03-01", "", 15));
	assert_false(figures_on_time("2026-03-01", NULL, 15));
	assert_false(figures_on_time("not-a-date", "2026-03-02", 15));
	assert_false(figures_on_time("2026-03-01", "2026-13-02", 15));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rate),
		cmocka_unit_test(test_on_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
