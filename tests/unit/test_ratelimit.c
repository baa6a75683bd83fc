/*
 * test_ratelimit.c - core/ratelimit: the login policy as given, the free
 * failures, the doubling wait and its cap, the window, the lock and what a
 * failure during a lock does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/ratelimit.h"

#define T0 ((int64_t)1767225600) /* 2026-01-01T00:00:00Z */

/* n failures one second apart starting at t; returns the last one's time */
static int64_t fail_n(const struct rate_policy *p, struct rate_state *s, int n, int64_t t)
{
	for (int i = 0; i < n; i++)
		rate_fail(p, s, t + i);
	return t + n - 1;
}

static void test_policy_values(void **state)
{
	(void)state;
	assert_int_equal(rate_login.window_s, 15 * 60);
	assert_int_equal(rate_login.free, 3);
	assert_int_equal(rate_login.base_wait_s, 2);
	assert_int_equal(rate_login.max_wait_s, 60);
	assert_int_equal(rate_login.lock_after, 10);
	assert_int_equal(rate_login.lock_s, 15 * 60);
}

static void test_zero_state(void **state)
{
	struct rate_state s;

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_int_equal(rate_wait(&rate_login, &s, T0), 0);
	assert_false(rate_locked(&rate_login, &s, T0));
	assert_int_equal(rate_wait(&rate_login, &s, 0), 0);
}

static void test_first_failure_starts_window(void **state)
{
	struct rate_state s;

	(void)state;
	memset(&s, 0, sizeof(s));
	rate_fail(&rate_login, &s, T0);
	assert_int_equal(s.failures, 1);
	assert_int_equal(s.window_start, T0);
	assert_int_equal(s.last_failure, T0);
	rate_fail(&rate_login, &s, T0 + 10);
	assert_int_equal(s.failures, 2);
	assert_int_equal(s.window_start, T0);
	assert_int_equal(s.last_failure, T0 + 10);
}

static void test_free_failures(void **state)
{
	struct rate_state s;

	(void)state;
	memset(&s, 0, sizeof(s));
	for (int i = 0; i < 3; i++) {
		rate_fail(&rate_login, &s, T0 + i);
		assert_int_equal(rate_wait(&rate_login, &s, T0 + i), 0);
		assert_false(rate_locked(&rate_login, &s, T0 + i));
	}
}

static void test_doubling_wait(void **state)
{
	/* the wait right after the nth failure */
	static const int64_t want[] = {0, 0, 0, 2, 4, 8, 16, 32, 60};
	struct rate_state s;

	(void)state;
	memset(&s, 0, sizeof(s));
	for (int i = 0; i < 9; i++) {
		int64_t t = T0 + 100 * i; /* well inside the 15-minute window */

		rate_fail(&rate_login, &s, t);
		assert_int_equal(s.failures, i + 1);
		if (rate_wait(&rate_login, &s, t) != want[i])
			fail_msg("after failure %d: wait %lld, want %lld", i + 1,
				 (long long)rate_wait(&rate_login, &s, t),
				 (long long)want[i]);
		assert_false(rate_locked(&rate_login, &s, t));
	}
}

static void test_wait_shrinks(void **state)
{
	struct rate_state s;
	int64_t last;

	(void)state;
	memset(&s, 0, sizeof(s));
	last = fail_n(&rate_login, &s, 5, T0); /* 5th failure: 4 s */
	assert_int_equal(rate_wait(&rate_login, &s, last), 4);
	assert_int_equal(rate_wait(&rate_login, &s, last + 1), 3);
	assert_int_equal(rate_wait(&rate_login, &s, last + 3), 1);
	assert_int_equal(rate_wait(&rate_login, &s, last + 4), 0);
	assert_int_equal(rate_wait(&rate_login, &s, last + 5), 0);
	assert_int_equal(rate_wait(&rate_login, &s, last + 600), 0);
	/* the 4th failure's 2 s */
	memset(&s, 0, sizeof(s));
	last = fail_n(&rate_login, &s, 4, T0);
	assert_int_equal(rate_wait(&rate_login, &s, last), 2);
	assert_int_equal(rate_wait(&rate_login, &s, last + 1), 1);
	assert_int_equal(rate_wait(&rate_login, &s, last + 2), 0);
}

static void test_cap(void **state)
{
	/* no lock, so the cap shows for any number of failures */
	const struct rate_policy p = {
		.window_s = 3600,
		.free = 3,
		.base_wait_s = 2,
		.max_wait_s = 60,
		.lock_after = 1000,
		.lock_s = 60,
	};
	struct rate_state s;
	int64_t last;

	(void)state;
	memset(&s, 0, sizeof(s));
	last = fail_n(&p, &s, 9, T0);
	assert_int_equal(rate_wait(&p, &s, last), 60); /* 64 capped */
	last = fail_n(&p, &s, 30, last + 1);
	assert_int_equal(s.failures, 39);
	assert_int_equal(rate_wait(&p, &s, last), 60);
	last = fail_n(&p, &s, 900, last + 1); /* 2^935 would overflow anything */
	assert_int_equal(rate_wait(&p, &s, last), 60);
	assert_int_equal(rate_wait(&p, &s, last + 59), 1);
	assert_int_equal(rate_wait(&p, &s, last + 60), 0);
}

static void test_new_window(void **state)
{
	struct rate_state s;

	(void)state;
	memset(&s, 0, sizeof(s));
	fail_n(&rate_login, &s, 5, T0);
	assert_int_equal(s.failures, 5);
	/* still inside the window: counts on */
	rate_fail(&rate_login, &s, T0 + 899);
	assert_int_equal(s.failures, 6);
	assert_int_equal(s.window_start, T0);
	/* once the window is over the old failures no longer count ... */
	assert_int_equal(rate_wait(&rate_login, &s, T0 + 900), 0);
	/* ... and the next failure starts a fresh window */
	rate_fail(&rate_login, &s, T0 + 900);
	assert_int_equal(s.failures, 1);
	assert_int_equal(s.window_start, T0 + 900);
	assert_int_equal(s.last_failure, T0 + 900);
	assert_int_equal(rate_wait(&rate_login, &s, T0 + 900), 0);
	fail_n(&rate_login, &s, 3, T0 + 901); /* 2nd..4th of the new window */
	assert_int_equal(s.failures, 4);
	assert_int_equal(rate_wait(&rate_login, &s, T0 + 903), 2);
}

static void test_lock(void **state)
{
	struct rate_state s;
	int64_t last;

	(void)state;
	memset(&s, 0, sizeof(s));
	last = fail_n(&rate_login, &s, 9, T0);
	assert_false(rate_locked(&rate_login, &s, last));
	last = fail_n(&rate_login, &s, 1, last + 1); /* the 10th */
	assert_int_equal(s.failures, 10);
	assert_true(rate_locked(&rate_login, &s, last));
	assert_int_equal(rate_wait(&rate_login, &s, last), 15 * 60);
	assert_true(rate_locked(&rate_login, &s, last + 60));
	assert_int_equal(rate_wait(&rate_login, &s, last + 60), 15 * 60 - 60);
	assert_true(rate_locked(&rate_login, &s, last + 899));
	assert_int_equal(rate_wait(&rate_login, &s, last + 899), 1);
	/* over */
	assert_false(rate_locked(&rate_login, &s, last + 900));
	assert_int_equal(rate_wait(&rate_login, &s, last + 900), 0);
	assert_false(rate_locked(&rate_login, &s, last + 5000));
	assert_int_equal(rate_wait(&rate_login, &s, last + 5000), 0);
	/* and the next failure after it starts from scratch */
	rate_fail(&rate_login, &s, last + 900);
	assert_int_equal(s.failures, 1);
	assert_int_equal(s.window_start, last + 900);
	assert_false(rate_locked(&rate_login, &s, last + 900));
	assert_int_equal(rate_wait(&rate_login, &s, last + 900), 0);
}

static void test_fail_during_lock(void **state)
{
	struct rate_state s;
	int64_t last;

	(void)state;
	memset(&s, 0, sizeof(s));
	last = fail_n(&rate_login, &s, 10, T0); /* locked until last + 900 */
	assert_true(rate_locked(&rate_login, &s, last));
	/* a failure during the lock, still inside the window */
	rate_fail(&rate_login, &s, T0 + 800);
	assert_int_equal(s.failures, 11);
	assert_int_equal(s.window_start, T0);
	assert_int_equal(s.last_failure, T0 + 800);
	assert_true(rate_locked(&rate_login, &s, T0 + 800));
	assert_int_equal(rate_wait(&rate_login, &s, T0 + 800), 900);
	/* the window is over but the lock is not: the count is kept */
	assert_true(rate_locked(&rate_login, &s, T0 + 1000));
	rate_fail(&rate_login, &s, T0 + 1000);
	assert_int_equal(s.failures, 12);
	assert_int_equal(s.window_start, T0);
	assert_int_equal(s.last_failure, T0 + 1000);
	assert_true(rate_locked(&rate_login, &s, T0 + 1000));
	assert_int_equal(rate_wait(&rate_login, &s, T0 + 1000), 900);
	assert_true(rate_locked(&rate_login, &s, T0 + 1899));
	assert_false(rate_locked(&rate_login, &s, T0 + 1900));
	assert_int_equal(rate_wait(&rate_login, &s, T0 + 1900), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_policy_values),
		cmocka_unit_test(test_zero_state),
		cmocka_unit_test(test_first_failure_starts_window),
		cmocka_unit_test(test_free_failures),
		cmocka_unit_test(test_doubling_wait),
		cmocka_unit_test(test_wait_shrinks),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_new_window),
		cmocka_unit_test(test_lock),
		cmocka_unit_test(test_fail_during_lock),
	};

	return cmocka_run_group_tests_name("ratelimit", tests, NULL, NULL);
}
