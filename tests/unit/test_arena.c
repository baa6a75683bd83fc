/*
 * test_arena.c - base/arena: 16-byte alignment, zeroed memory, allocations
 * larger than a chunk, strdup/strndup/printf, release; and the policy when
 * memory runs out: the process aborts with a message (a size overflow, an
 * arena over its limit), no NULL ever comes back; a buffer over its cap
 * keeps its sticky error instead.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/arena.h"
#include "base/buf.h"

#define CHUNK 8192

static void test_init_release(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_null(a.head);
	assert_int_equal(a.total, 0);
	assert_non_null(arena_alloc(&a, 10));
	assert_non_null(a.head);
	arena_release(&a);
	assert_null(a.head);
	assert_int_equal(a.total, 0);
	/* release of an empty arena, and twice, is harmless */
	arena_release(&a);
	arena_release(&a);
	assert_null(a.head);
}

static void test_alignment(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	for (size_t n = 0; n < 300; n++) {
		unsigned char *p = arena_alloc(&a, n);

		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
	}
	arena_release(&a);
}

static void test_zeroed(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	/* dirty memory, release it, allocate again: must come back zeroed */
	for (int round = 0; round < 3; round++) {
		for (size_t n = 1; n < 2000; n += 97) {
			unsigned char *p = arena_alloc(&a, n);

			assert_non_null(p);
			for (size_t i = 0; i < n; i++)
				assert_int_equal(p[i], 0);
			memset(p, 0xAB, n);
		}
		arena_release(&a);
	}
}

static void test_grow(void **state)
{
	struct arena a;
	int *xs = NULL;

	(void)state;
	arena_init(&a);
	for (size_t n = 0; n < 40; n++) {
		int *bigger = arena_grow(&a, xs, n, sizeof(*xs));

		assert_int_equal(bigger[n], 0); /* the new element, zeroed */
		for (size_t i = 0; i < n; i++)
			assert_int_equal(bigger[i], (int)i * 7);
		bigger[n] = (int)n * 7;
		xs = bigger;
	}
	arena_release(&a);
}

static void test_distinct_no_overlap(void **state)
{
	struct arena a;
	unsigned char *p[64];

	(void)state;
	arena_init(&a);
	for (int i = 0; i < 64; i++) {
		p[i] = arena_alloc(&a, 200);
		assert_non_null(p[i]);
		memset(p[i], i, 200);
	}
	for (int i = 0; i < 64; i++)
		for (int k = 0; k < 200; k++)
			assert_int_equal(p[i][k], i);
	arena_release(&a);
}

static void test_total(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	arena_alloc(&a, 1);
	assert_int_equal(a.total, 16);
	arena_alloc(&a, 16);
	assert_int_equal(a.total, 32);
	arena_alloc(&a, 17);
	assert_int_equal(a.total, 64);
	arena_alloc(&a, 0);
	assert_int_equal(a.total, 80);
	arena_release(&a);
}

static void test_large(void **state)
{
	struct arena a;
	unsigned char *small1, *big, *small2, *big2;
	size_t bign = 3 * CHUNK + 5;

	(void)state;
	arena_init(&a);
	small1 = arena_alloc(&a, 32);
	assert_non_null(small1);
	memset(small1, 1, 32);
	big = arena_alloc(&a, bign);
	assert_non_null(big);
	assert_int_equal((uintptr_t)big % 16, 0);
	for (size_t i = 0; i < bign; i++)
		assert_int_equal(big[i], 0);
	memset(big, 2, bign);
	/* the current chunk stays in use: the next small block follows small1 */
	small2 = arena_alloc(&a, 32);
	assert_non_null(small2);
	assert_ptr_equal(small2, small1 + 32);
	memset(small2, 3, 32);
	big2 = arena_alloc(&a, CHUNK + 1);
	assert_non_null(big2);
	memset(big2, 4, CHUNK + 1);
	/* nothing overwrote anything */
	for (size_t i = 0; i < 32; i++) {
		assert_int_equal(small1[i], 1);
		assert_int_equal(small2[i], 3);
	}
	for (size_t i = 0; i < bign; i++)
		assert_int_equal(big[i], 2);
	assert_true(a.total >= 32 + bign + 32 + CHUNK + 1);
	arena_release(&a);
}

static void test_large_first(void **state)
{
	struct arena a;
	unsigned char *big, *s;

	(void)state;
	arena_init(&a);
	big = arena_alloc(&a, 100000);
	assert_non_null(big);
	memset(big, 7, 100000);
	s = arena_alloc(&a, 100);
	assert_non_null(s);
	for (int i = 0; i < 100; i++)
		assert_int_equal(s[i], 0);
	assert_int_equal(big[99999], 7);
	arena_release(&a);
}

static void test_exact_chunk(void **state)
{
	struct arena a;
	unsigned char *p, *q;

	(void)state;
	arena_init(&a);
	p = arena_alloc(&a, CHUNK);
	assert_non_null(p);
	memset(p, 9, CHUNK);
	q = arena_alloc(&a, CHUNK - 16);
	assert_non_null(q);
	memset(q, 8, CHUNK - 16);
	assert_int_equal(p[CHUNK - 1], 9);
	arena_release(&a);
}

/* Runs fn(arg) in a child: resolves whether it died of SIGABRT and what it
 * wrote to stderr (into msg). */
static bool dies_with_abort(void (*fn)(size_t), size_t arg, char *msg, size_t msglen)
{
	int fd[2], status = 0;
	ssize_t got, n = 0;
	pid_t pid;

	assert_int_equal(pipe(fd), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fd[1], 2);
		close(fd[0]);
		fn(arg);
		_exit(0); /* survived: the test fails */
	}
	close(fd[1]);
	while (n < (ssize_t)msglen - 1 &&
	       (got = read(fd[0], msg + n, msglen - 1 - (size_t)n)) > 0)
		n += got;
	msg[n] = '\0';
	close(fd[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

static void alloc_huge(size_t n)
{
	struct arena a;

	arena_init(&a);
	(void)arena_alloc(&a, n);
}

static void alloc_over_limit(size_t limit)
{
	struct arena a;

	arena_init(&a);
	a.limit = limit;
	(void)arena_alloc(&a, limit / 2);
	(void)arena_alloc(&a, limit / 2 + 16);
}

static void strndup_huge(size_t n)
{
	struct arena a;

	arena_init(&a);
	(void)arena_strndup(&a, "x", n);
}

static void test_overflow(void **state)
{
	char msg[512];

	(void)state;
	assert_true(dies_with_abort(alloc_huge, SIZE_MAX, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "out of memory"));
	assert_true(dies_with_abort(alloc_huge, SIZE_MAX - 20, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "out of memory"));
	assert_true(dies_with_abort(strndup_huge, SIZE_MAX, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "out of memory"));
}

static void test_limit(void **state)
{
	struct arena a;
	char msg[512];

	(void)state;
	/* up to the limit: fine, also after a release */
	arena_init(&a);
	a.limit = 1024;
	for (int round = 0; round < 2; round++) {
		assert_non_null(arena_alloc(&a, 512));
		assert_non_null(arena_alloc(&a, 512));
		assert_int_equal(a.total, 1024);
		arena_release(&a);
		assert_int_equal(a.limit, 1024);
	}
	/* one byte over it: the process ends, with a message */
	assert_true(dies_with_abort(alloc_over_limit, 1024, msg, sizeof(msg)));
	assert_non_null(strstr(msg, "out of memory (arena"));
	/* arena_init: no limit */
	arena_init(&a);
	assert_int_equal(a.limit, 0);
	assert_non_null(arena_alloc(&a, 1 << 20));
	arena_release(&a);
}

static void test_buf_cap_is_sticky(void **state)
{
	struct buf b;

	(void)state;
	/* a cap is the input's limit, not memory running out: no abort, a
	 * sticky error checked once */
	buf_init(&b, 8);
	buf_puts(&b, "12345678");
	assert_false(buf_failed(&b));
	buf_putc(&b, '9');
	assert_true(buf_failed(&b));
	assert_int_equal(b.err, BUF_ETOOBIG);
	buf_puts(&b, "x");
	assert_int_equal(b.len, 8);
	buf_release(&b);
}

static void test_strdup(void **state)
{
	struct arena a;
	char src[] = "技能 cert";
	char *p;

	(void)state;
	arena_init(&a);
	p = arena_strdup(&a, src);
	assert_non_null(p);
	assert_string_equal(p, "技能 cert");
	assert_ptr_not_equal(p, src);
	src[0] = 'X';
	assert_string_equal(p, "技能 cert");
	p = arena_strdup(&a, "");
	assert_non_null(p);
	assert_string_equal(p, "");
	p = arena_strndup(&a, "abcdef", 3);
	assert_string_equal(p, "abc");
	p = arena_strndup(&a, "a\0bc", 4); /* copies n bytes, then a NUL */
	assert_memory_equal(p, "a\0bc\0", 5);
	arena_release(&a);
}

static void test_printf(void **state)
{
	struct arena a;
	char *p, big[20000];

	(void)state;
	arena_init(&a);
	p = arena_printf(&a, "%s-%d-%lld", "机构", 7, -9000000000LL);
	assert_non_null(p);
	assert_string_equal(p, "机构-7--9000000000");
	p = arena_printf(&a, "%s", "");
	assert_string_equal(p, "");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	p = arena_printf(&a, "[%s]", big);
	assert_non_null(p);
	assert_int_equal(strlen(p), sizeof(big) + 1);
	assert_int_equal(p[0], '[');
	assert_int_equal(p[sizeof(big)], ']');
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_release),
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_zeroed),
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_distinct_no_overlap),
		cmocka_unit_test(test_total),
		cmocka_unit_test(test_large),
		cmocka_unit_test(test_large_first),
		cmocka_unit_test(test_exact_chunk),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_buf_cap_is_sticky),
		cmocka_unit_test(test_strdup),
		cmocka_unit_test(test_printf),
	};

	return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}
