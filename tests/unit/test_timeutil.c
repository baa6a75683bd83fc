/*
 * test_timeutil.c - base/timeutil: calendar-date validation, the shape
 * of the ISO-8601 instants, time zones (TZif files, fixed offsets) and the
 * local "today" and times.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
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
		"",
		"2024-1-01",
		"2024-01-1",
		"24-01-01",
		"2024/01/01",
		"20240101",
		"2024-01-01 ",
		" 2024-01-01",
		"2024-01-01T00:00:00Z",
		"2024-0a-01",
		"2024_01_01",
		"2024-01-0x",
		"abcd-ef-gh",
		"+024-01-01",
		"2024--1-01",
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

static void test_iso_of_time(void **state)
{
	char s[21];

	(void)state;
	time_iso(1796319000, s, sizeof(s));
	assert_string_equal(s, "2026-12-03T17:30:00Z");
	time_iso(0, s, sizeof(s));
	assert_string_equal(s, "1970-01-01T00:00:00Z");
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

static struct time_zone tz; /* 15 KB: not on the stack */

static void test_zone_shanghai(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(time_zone_load("Asia/Shanghai", NULL, &tz, err, sizeof(err)), 0);
	assert_string_equal(tz.name, "Asia/Shanghai");
	/* 2026-12-03T17:30:00Z: standard time, UTC+8 */
	assert_int_equal(time_zone_offset(&tz, 1796319000), 8 * 3600);
	/* 1988-07-01T00:00:00Z: China's summer time of 1986-1991, UTC+9 */
	assert_int_equal(time_zone_offset(&tz, 583718400), 9 * 3600);
	/* long after the last transition: the footer's CST-8 */
	assert_int_equal(time_zone_offset(&tz, 4102444800LL), 8 * 3600);
}

static void test_zone_fixed(void **state)
{
	static const char *const bad[] = {
		"",
		"../etc/passwd",
		"/etc/passwd",
		"Asia//Shanghai",
		"Asia/",
		"Asia/.hidden",
		"+25:00",
		"+08:60",
		"+8",
		"+08:0",
		"-0800x",
		"Asia/Shang hai",
		"Nowhere/Atlantis",
	};
	char err[256];

	(void)state;
	assert_int_equal(time_zone_load("+05:30", NULL, &tz, err, sizeof(err)), 0);
	assert_int_equal(time_zone_offset(&tz, 0), 5 * 3600 + 1800);
	assert_int_equal(time_zone_load("-0300", NULL, &tz, err, sizeof(err)), 0);
	assert_int_equal(time_zone_offset(&tz, 0), -3 * 3600);
	assert_int_equal(time_zone_load("+08", NULL, &tz, err, sizeof(err)), 0);
	assert_int_equal(time_zone_offset(&tz, 0), 8 * 3600);
	assert_int_equal(time_zone_load("UTC", NULL, &tz, err, sizeof(err)), 0);
	assert_int_equal(time_zone_offset(&tz, 0), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_int_equal(time_zone_load(bad[i], NULL, &tz, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "time zone"));
	}
	/* the default zone without its file: +08:00 */
	assert_int_equal(time_zone_load(TIME_ZONE_DEFAULT, "nonexistent-dir", &tz, err,
					sizeof(err)),
			 0);
	assert_int_equal(time_zone_offset(&tz, 1796319000), 8 * 3600);
}

/* Reads a zone file of the system's TZ database; NULL when absent. */
static unsigned char *read_zone(const char *name, size_t *n)
{
	static unsigned char buf[65536];
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", name);
	if (!(f = fopen(path, "rb")))
		return NULL;
	*n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return buf;
}

static void test_tzif_malformed(void **state)
{
	size_t n = 0;
	unsigned char *z = read_zone("Asia/Shanghai", &n), copy[65536];

	(void)state;
	assert_non_null(z);
	assert_int_equal(time_zone_parse_tzif(z, n, &tz), 0);
	/* every truncation is refused, never read past */
	for (size_t k = 0; k < n - 1; k++) {
		unsigned char *t = malloc(k ? k : 1);

		memcpy(t, z, k);
		assert_int_equal(time_zone_parse_tzif(t, k, &tz), -1);
		free(t);
	}
	/* a wrong magic, a type index out of range, unsorted times */
	memcpy(copy, z, n);
	copy[0] = 'X';
	assert_int_equal(time_zone_parse_tzif(copy, n, &tz), -1);
	/* a zone still keeping summer time is refused (footer with rules) */
	if ((z = read_zone("Europe/Berlin", &n)))
		assert_int_equal(time_zone_parse_tzif(z, n, &tz), -1);
}

/* A version-1 file built by hand: one transition at 1000 from +1 h to
 * +2 h. */
static void test_tzif_v1(void **state)
{
	unsigned char f[44 + 4 + 1 + 12 + 4];
	size_t k = 44;

	(void)state;
	memset(f, 0, sizeof(f));
	memcpy(f, "TZif", 4);
	f[35] = 1;                                /* timecnt */
	f[39] = 2;                                /* typecnt */
	f[43] = 4;                                /* charcnt */
	f[k + 2] = 0x03, f[k + 3] = 0xe8, k += 4; /* at 1000 */
	f[k++] = 1;                               /* type 1 */
	f[k + 2] = 0x0e, f[k + 3] = 0x10, k += 6; /* +3600 */
	f[k + 2] = 0x1c, f[k + 3] = 0x20, k += 6; /* +7200 */
	assert_int_equal(time_zone_parse_tzif(f, sizeof(f), &tz), 0);
	assert_int_equal(time_zone_offset(&tz, 999), 3600);
	assert_int_equal(time_zone_offset(&tz, 1000), 7200);
	f[44 + 4] = 2; /* a type that does not exist */
	assert_int_equal(time_zone_parse_tzif(f, sizeof(f), &tz), -1);
}

static void test_local_and_today(void **state)
{
	char err[256], s[32];

	(void)state;
	assert_int_equal(time_zone_load("Asia/Shanghai", NULL, &tz, err, sizeof(err)), 0);
	time_zone_set(&tz);
	assert_string_equal(time_zone_name(), "Asia/Shanghai");
	assert_true(time_local("2026-12-04T13:30:00Z", s, sizeof(s)));
	assert_string_equal(s, "2026-12-04 21:30");
	assert_true(time_local("2026-12-03T17:30:00.123Z", s, sizeof(s)));
	assert_string_equal(s, "2026-12-04 01:30");
	assert_false(time_local("2026-12-04", s, sizeof(s)));
	assert_string_equal(s, "");
	assert_false(time_local("yesterday", s, sizeof(s)));
	/* 01:30 in Beijing is 17:30 UTC the day before: today is the 4th */
	assert_int_equal(time_set_test_now("2026-12-03T17:30:00Z"), 0);
	time_today(s, sizeof(s));
	assert_string_equal(s, "2026-12-04");
	time_now_iso(s, sizeof(s));
	assert_true(!strncmp(s, "2026-12-03T17:3", 15));
	assert_true(time_now() - 1796319000 < 60);
	/* the 4th begins at 16:00 UTC on the 3rd in Beijing */
	assert_true(time_day_start("2026-12-04", s, sizeof(s)));
	assert_string_equal(s, "2026-12-03T16:00:00Z");
	assert_false(time_day_start("2026-02-30", s, sizeof(s)));
	assert_string_equal(s, "");
	assert_int_equal(time_set_test_now("soon"), -1);
	assert_int_equal(time_parse_iso("2026-12-03T17:30:00Z"), 1796319000);
	assert_int_equal(time_parse_iso("2026-02-30T17:30:00Z"), -1);
	/* a time typed in Beijing is the instant 8 hours earlier */
	assert_true(time_from_local("2026-12-04 09:30", s, sizeof(s)));
	assert_string_equal(s, "2026-12-04T01:30:00Z");
	assert_true(time_from_local("2026-12-04T07:05:09", s, sizeof(s)));
	assert_string_equal(s, "2026-12-03T23:05:09Z");
	assert_true(time_from_local("2026-12-04T01:30:00Z", s, sizeof(s)));
	assert_string_equal(s, "2026-12-04T01:30:00Z");
	{
		static const char *const bad[] = {
			"2026-12-04",           "2026-12-04 9:30",   "2026-12-04 09:30:",
			"2026-12-04 24:00",     "2026-12-04 09:60",  "2026-02-30 09:30",
			"2026/12/04 09:30",     "2026-12-04_09:30",  "2026-12-04 09:30 ",
			"２０２６-12-04 09:30", "2026-12-04T09:30Q", "",
		};

		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			assert_false(time_from_local(bad[i], s, sizeof(s)));
			assert_string_equal(s, "");
		}
		assert_false(time_from_local(NULL, s, sizeof(s)));
		assert_false(time_from_local("2026-12-04 09:30", s, 20)); /* too small */
	}
	/* a zone with a fixed offset west of UTC */
	assert_int_equal(time_zone_load("-05:00", NULL, &tz, err, sizeof(err)), 0);
	time_zone_set(&tz);
	assert_true(time_from_local("2026-12-04 20:00", s, sizeof(s)));
	assert_string_equal(s, "2026-12-05T01:00:00Z");
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
		cmocka_unit_test(test_iso_of_time),
		cmocka_unit_test(test_now_iso_ms),
		cmocka_unit_test(test_mono),
		cmocka_unit_test(test_year),
		cmocka_unit_test(test_pin),
		cmocka_unit_test(test_zone_shanghai),
		cmocka_unit_test(test_zone_fixed),
		cmocka_unit_test(test_tzif_malformed),
		cmocka_unit_test(test_tzif_v1),
		cmocka_unit_test(test_local_and_today),
	};

	return cmocka_run_group_tests_name("timeutil", tests, NULL, NULL);
}
