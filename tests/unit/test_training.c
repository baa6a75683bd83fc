/*
 * test_training.c - core/training: the course's status one step at a time,
 * the modes and lesson kinds, a video's https link, a PDF by its magic
 * bytes, a session's time, and when the hours are reached.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/training.h"

static void test_status_steps(void **state)
{
	(void)state;
	assert_true(training_status_next("draft", "open"));
	assert_true(training_status_next("open", "closed"));
	assert_false(training_status_next("draft", "closed")); /* a step skipped */
	assert_false(training_status_next("open", "draft"));   /* backwards */
	assert_false(training_status_next("closed", "open"));
	assert_false(training_status_next("open", "open"));
	assert_false(training_status_next(NULL, "open"));
	assert_true(training_status_valid("closed"));
	assert_false(training_status_valid("finished"));
	assert_false(training_status_valid(NULL));
}

static void test_vocabularies(void **state)
{
	(void)state;
	assert_true(training_mode_valid("online"));
	assert_true(training_mode_valid("in_person"));
	assert_false(training_mode_valid("in-person"));
	assert_false(training_mode_valid(""));
	assert_true(training_lesson_kind_valid("document"));
	assert_true(training_lesson_kind_valid("video"));
	assert_false(training_lesson_kind_valid("audio"));
	assert_false(training_lesson_kind_valid(NULL));
}

static void test_url(void **state)
{
	char longer[TRAINING_URL_MAX + 2];

	(void)state;
	assert_true(training_url_ok("https://video.example/cnc-1?t=30"));
	assert_false(training_url_ok("http://video.example/cnc-1"));
	assert_false(training_url_ok("javascript:alert(1)"));
	assert_false(training_url_ok("https://"));
	assert_false(training_url_ok("https:///path"));
	assert_false(training_url_ok("https://a.example/x y"));
	assert_false(training_url_ok("https://a.example/\"><script>"));
	assert_false(training_url_ok("https://a.example/\x01"));
	assert_false(training_url_ok(NULL));
	memset(longer, 'a', sizeof(longer) - 1);
	memcpy(longer, "https://", 8);
	longer[sizeof(longer) - 1] = '\0';
	assert_false(training_url_ok(longer));
	longer[TRAINING_URL_MAX] = '\0';
	assert_true(training_url_ok(longer));
}

static void test_pdf(void **state)
{
	(void)state;
	assert_true(training_is_pdf("%PDF-1.7\n", 9));
	assert_false(training_is_pdf("%PDF", 4));
	assert_false(training_is_pdf("<html>", 6));
	assert_false(training_is_pdf(NULL, 0));
}

static void test_time(void **state)
{
	(void)state;
	assert_true(training_time_ok("2026-03-01T09:00"));
	assert_true(training_time_ok("2024-02-29T23:59"));
	assert_false(training_time_ok("2023-02-29T09:00"));
	assert_false(training_time_ok("2026-03-01 09:00"));
	assert_false(training_time_ok("2026-03-01T24:00"));
	assert_false(training_time_ok("2026-03-01T09:60"));
	assert_false(training_time_ok("2026-03-01T9:00"));
	assert_false(training_time_ok("2026-03-01T09:00:00"));
	assert_false(training_time_ok(NULL));
}

static void test_hours(void **state)
{
	(void)state;
	assert_false(training_hours_reached(39, 40));
	assert_true(training_hours_reached(40, 40));
	assert_true(training_hours_reached(41, 40));
	assert_false(training_hours_reached(0, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_steps), cmocka_unit_test(test_vocabularies),
		cmocka_unit_test(test_url),          cmocka_unit_test(test_pdf),
		cmocka_unit_test(test_time),         cmocka_unit_test(test_hours),
	};

	return cmocka_run_group_tests_name("training", tests, NULL, NULL);
}
