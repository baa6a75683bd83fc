/*
 * test_timeutil.c - base/timeutil: calendar-date validation and the shape
 * of the ISO-8601 instants.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <time.h>

#include "base/timeutil.h"

static void test_date_valid(void **state)
{
	static const char *const ok[] = {
		"2024-01-01", "2024-12-31", "1900-01-01", "2999-12-31",
		"2024-04-30", "2023-02-28", "2026-11-26", "2024-07-31",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		assert_true(time_date_valid(ok[i]));
}

static void test_leap_years(void **state)
{
	(void)state;
	assert_true(time_date_valid("2000-02-29"));  /* divisible by 400 */
	assert_false(time_date_valid("1900-02-29")); /* by 100, not 400 */
	assert_true(time_date_valid("2024-02-29"));  /* by 4 */
	assert_false(time_date_valid("2023-02-29"));
	assert_false(time_date_valid("2100-02-29"));
	assert_true(time_date_valid("2400-02-29"));
	assert_false(time_date_valid("2024-02-30"));
	assert_false(time_date_valid("2000-02-30"));
}

static void test_bad_dates(void **state)
{
	static const char *const bad[] = {
		"2024-13-01", "2024-00-10", "2024-01-00", "2024-01-32",
		"2024-04-31", "2024-06-31", "2024-09-31", "2024-11-31",
		"1899-12-31", "3000-01-01", "0000-01-01",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(time_date_valid(bad[i]));
}

static void test_bad_format(void **state)
{
	static const char *const bad[] = {
		"",           "2024-1-01",   "2024-01-1",   "24-01-01",
		"2024/01/01", "20240101",    "2024-01-01 ", " 2024-01-01",
		"2024-01-01T00:00:00Z",      "2024-0a-01",  "2024_01_01",
		"2024-01-0x", "abcd-ef-gh",  "+024-01-01",  "2024--1-01",
		"2024-01-01\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_false(time_date_valid(bad[i]));
}

/* "YYYY-MM-DDTHH:MM:SS" digits and separators at the right places */
static void check_shape(const char *s)
{
	for (int i = 0; i < 19; i++) {
		if (i == 4 || i == 7)
			assert_int_equal(s[i], '-');
		else if (i == 10)
			assert_int_equal(s[i], 'T');
		else if (i == 13 || i == 16)
			assert_int_equal(s[i], ':');
		else
			assert_true(s[i] >= '0' && s[i] <= '9');
	}
}

static void test_now_iso(void **state)
{
	char s[32], date[11];
	time_t before = time(NULL), after;
	struct tm tm;
	char expect_lo[32], expect_hi[32];

	(void)state;
	memset(s, 'X', sizeof(s));
	time_now_iso(s, sizeof(s));
	after = time(NULL);
	assert_int_equal(strlen(s), 20);
	check_shape(s);
	assert_int_equal(s[19], 'Z');
	memcpy(date, s, 10);
	date[10] = '\0';
	assert_true(time_date_valid(date));
	/* it is UTC and now */
	gmtime_r(&before, &tm);
	strftime(expect_lo, sizeof(expect_lo), "%Y-%m-%dT%H:%M:%SZ", &tm);
	gmtime_r(&after, &tm);
	strftime(expect_hi, sizeof(expect_hi), "%Y-%m-%dT%H:%M:%SZ", &tm);
	assert_true(strcmp(s, expect_lo) >= 0);
	assert_true(strcmp(s, expect_hi) <= 0);
}

static void test_now_iso_exact_size(void **state)
{
	char s[21];

	(void)state;
	time_now_iso(s, sizeof(s)); /* the documented minimum */
	assert_int_equal(strlen(s), 20);
	assert_int_equal(s[19], 'Z');
}

static void test_now_iso_ms(void **state)
{
	char s[25];

	(void)state;
	time_now_iso_ms(s, sizeof(s));
	assert_int_equal(strlen(s), 24);
	check_shape(s);
	assert_int_equal(s[19], '.');
	for (int i = 20; i < 23; i++)
		assert_true(s[i] >= '0' && s[i] <= '9');
	assert_int_equal(s[23], 'Z');
}

static void test_mono(void **state)
{
	uint64_t a = time_mono_us(), b;
	struct timespec ts = {0, 2000000}; /* 2 ms */

	(void)state;
	nanosleep(&ts, NULL);
	b = time_mono_us();
	assert_true(b >= a + 2000);
	assert_true(b - a < 10u * 1000000u);
}

static void test_year(void **state)
{
	(void)state;
	assert_int_equal(time_year("2026-11-27"), 2026);
	assert_int_equal(time_year("1999"), 1999);
	assert_int_equal(time_year("2026-11-27T00:00:00Z"), 2026);
	assert_int_equal(time_year("26-11-27"), 0);
	assert_int_equal(time_year("20x6-01-01"), 0);
	assert_int_equal(time_year(""), 0);
	assert_int_equal(time_year(NULL), 0);
}

static void test_pin(void **state)
{
	char now[32], ms[32], today[11];

	(void)state;
	assert_true(time_pin("2021-03-15T02:30:00Z"));
	time_now_iso(now, sizeof(now));
	time_now_iso_ms(ms, sizeof(ms));
	time_today(today, sizeof(today));
	assert_string_equal(now, "2021-03-15T02:30:00Z");
	assert_string_equal(ms, "2021-03-15T02:30:00.000Z");
	assert_string_equal(today, "2021-03-15");
	/* malformed instants change nothing */
	assert_false(time_pin("2021-02-30T00:00:00Z"));
	assert_false(time_pin("2021-03-16T24:00:00Z"));
	assert_false(time_pin("2021-03-16 00:00:00Z"));
	assert_false(time_pin("2021-03-16T00:00:00"));
	assert_false(time_pin(""));
	time_today(today, sizeof(today));
	assert_string_equal(today, "2021-03-15");
	/* unpinned: the real clock again */
	assert_true(time_pin(NULL));
	time_today(today, sizeof(today));
	assert_true(strcmp(today, "2026-01-01") > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_valid),
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_bad_dates),
		cmocka_unit_test(test_bad_format),
		cmocka_unit_test(test_now_iso),
		cmocka_unit_test(test_now_iso_exact_size),
		cmocka_unit_test(test_now_iso_ms),
		cmocka_unit_test(test_mono),
		cmocka_unit_test(test_year),
		cmocka_unit_test(test_pin),
	};

	return cmocka_run_group_tests_name("timeutil", tests, NULL, NULL);
}
