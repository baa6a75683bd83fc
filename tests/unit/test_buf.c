/*
 * test_buf.c - base/buf: growth, the NUL-termination invariant, the hard cap
 * with its sticky error, reset, detach and release.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "base/buf.h"

static void test_init_empty(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	assert_non_null(b.data);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_int_equal(b.cap_limit, BUF_DEFAULT_LIMIT);
	assert_int_equal(b.err, BUF_OK);
	assert_false(buf_failed(&b));
	buf_release(&b);

	buf_init(&b, 123);
	assert_int_equal(b.cap_limit, 123);
	buf_release(&b);
}

static void test_append_and_nul(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	buf_append(&b, "abc", 3);
	assert_int_equal(b.len, 3);
	assert_string_equal(b.data, "abc");
	assert_int_equal(b.data[b.len], '\0');
	buf_puts(&b, "def");
	buf_putc(&b, '!');
	assert_int_equal(b.len, 7);
	assert_string_equal(b.data, "abcdef!");
	buf_printf(&b, "%d-%s", 42, "x");
	assert_string_equal(b.data, "abcdef!42-x");
	assert_int_equal(b.len, strlen("abcdef!42-x"));
	/* zero-length appends change nothing */
	buf_append(&b, "zzz", 0);
	buf_puts(&b, "");
	buf_printf(&b, "%s", "");
	assert_int_equal(b.len, 11);
	assert_false(buf_failed(&b));
	buf_release(&b);
}

static void test_embedded_nul(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	buf_append(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 4); /* plus the terminating NUL */
	buf_release(&b);
}

static void test_growth(void **state)
{
	struct buf b;
	size_t i;

	(void)state;
	buf_init(&b, 0);
	for (i = 0; i < 100000; i++) {
		buf_putc(&b, (char)('a' + i % 26));
		/* the invariant holds after every append */
		assert_int_equal(b.data[b.len], '\0');
		assert_true(b.alloc > b.len);
	}
	assert_int_equal(b.len, 100000);
	assert_false(buf_failed(&b));
	for (i = 0; i < 100000; i++)
		assert_int_equal(b.data[i], (char)('a' + i % 26));
	assert_int_equal(strlen(b.data), 100000);
	buf_release(&b);
}

static void test_big_printf(void **state)
{
	struct buf b;
	char *big = malloc(5001);

	(void)state;
	assert_non_null(big);
	memset(big, 'q', 5000);
	big[5000] = '\0';
	buf_init(&b, 0);
	buf_puts(&b, "<");
	buf_printf(&b, "%s|%s", big, big);
	buf_puts(&b, ">");
	assert_int_equal(b.len, 1 + 5000 + 1 + 5000 + 1);
	assert_int_equal(b.data[0], '<');
	assert_int_equal(b.data[5001], '|');
	assert_int_equal(b.data[10002], '>');
	assert_int_equal(b.data[10003], '\0');
	buf_release(&b);
	free(big);
}

static void test_cap_exact_fits(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 10);
	buf_append(&b, "0123456789", 10);
	assert_false(buf_failed(&b));
	assert_int_equal(b.len, 10);
	assert_string_equal(b.data, "0123456789");
	buf_release(&b);
}

static void test_cap_sticky(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 10);
	buf_puts(&b, "12345678");
	assert_false(buf_failed(&b));
	buf_puts(&b, "abc"); /* 11 > 10 */
	assert_true(buf_failed(&b));
	assert_int_equal(b.err, BUF_ETOOBIG);
	/* nothing of the failed append was written */
	assert_int_equal(b.len, 8);
	assert_string_equal(b.data, "12345678");
	/* later appends are no-ops even when they would fit */
	buf_putc(&b, 'x');
	buf_append(&b, "y", 1);
	buf_printf(&b, "%d", 7);
	buf_puts(&b, "z");
	assert_int_equal(b.len, 8);
	assert_string_equal(b.data, "12345678");
	assert_int_equal(b.err, BUF_ETOOBIG);
	buf_release(&b);
}

static void test_cap_printf(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 5);
	buf_printf(&b, "%s", "123456");
	assert_int_equal(b.err, BUF_ETOOBIG);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_puts(&b, "a");
	assert_int_equal(b.len, 0);
	buf_release(&b);
}

static void test_cap_from_empty(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 1);
	buf_puts(&b, "ab");
	assert_int_equal(b.err, BUF_ETOOBIG);
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	buf_release(&b);
}

static void test_reset(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 4);
	buf_puts(&b, "abcd");
	buf_puts(&b, "e");
	assert_true(buf_failed(&b));
	buf_reset(&b);
	assert_false(buf_failed(&b));
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_puts(&b, "wxyz");
	assert_false(buf_failed(&b));
	assert_string_equal(b.data, "wxyz");
	buf_release(&b);

	/* reset of a never-grown buffer keeps it usable */
	buf_init(&b, 0);
	buf_reset(&b);
	assert_string_equal(b.data, "");
	buf_puts(&b, "k");
	assert_string_equal(b.data, "k");
	buf_release(&b);
}

static void test_release(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 77);
	buf_puts(&b, "hello");
	buf_release(&b);
	assert_non_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.alloc, 0);
	assert_string_equal(b.data, "");
	assert_int_equal(b.err, BUF_OK);
	assert_int_equal(b.cap_limit, 77); /* the cap survives release */
	/* usable again */
	buf_puts(&b, "again");
	assert_string_equal(b.data, "again");
	buf_release(&b);
	/* releasing twice is harmless */
	buf_release(&b);
	assert_int_equal(b.len, 0);
}

static void test_release_after_error(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 3);
	buf_puts(&b, "abcdef");
	buf_release(&b);
	assert_int_equal(b.err, BUF_OK);
	buf_puts(&b, "abc");
	assert_false(buf_failed(&b));
	assert_string_equal(b.data, "abc");
	buf_release(&b);
}

static void test_detach(void **state)
{
	struct buf b;
	size_t len = 99;
	char *p;

	(void)state;
	buf_init(&b, 50);
	buf_puts(&b, "detached");
	p = buf_detach(&b, &len);
	assert_non_null(p);
	assert_int_equal(len, 8);
	assert_string_equal(p, "detached");
	/* the buffer is reset and independent of p */
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	assert_ptr_not_equal(b.data, p);
	assert_int_equal(b.cap_limit, 50);
	buf_puts(&b, "new");
	assert_string_equal(b.data, "new");
	assert_string_equal(p, "detached");
	free(p);
	buf_release(&b);
}

static void test_detach_empty(void **state)
{
	struct buf b;
	size_t len = 99;
	char *p;

	(void)state;
	buf_init(&b, 0);
	p = buf_detach(&b, &len);
	/* even an empty buffer hands out memory the caller may free() */
	assert_non_null(p);
	assert_int_equal(len, 0);
	assert_string_equal(p, "");
	free(p);
	p = buf_detach(&b, NULL);
	assert_non_null(p);
	free(p);
	buf_release(&b);
}

/* RFC 4648 section 10 vectors, and bytes above 0x7f. */
static void test_base64(void **state)
{
	static const char *const in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
	static const char *const out[] = {"",         "Zg==",     "Zm8=",    "Zm9v",
					  "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
	static const unsigned char bin[] = {0xff, 0xd8, 0xff, 0x00};
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		buf_reset(&b);
		buf_base64(&b, in[i], strlen(in[i]));
		buf_putc(&b, '\0');
		assert_string_equal(b.data, out[i]);
	}
	buf_reset(&b);
	buf_base64(&b, bin, sizeof(bin));
	buf_putc(&b, '\0');
	assert_string_equal(b.data, "/9j/AA==");
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_empty),
		cmocka_unit_test(test_append_and_nul),
		cmocka_unit_test(test_embedded_nul),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_big_printf),
		cmocka_unit_test(test_cap_exact_fits),
		cmocka_unit_test(test_cap_sticky),
		cmocka_unit_test(test_cap_printf),
		cmocka_unit_test(test_cap_from_empty),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_release),
		cmocka_unit_test(test_release_after_error),
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_detach),
		cmocka_unit_test(test_detach_empty),
	};

	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
