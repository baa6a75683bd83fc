/*
 * test_statuslist.c - services/statuslist: W3C Bitstring Status List v1.0.
 * Bit order (entry 0 is the most significant bit of the first byte) with
 * exact byte values; encode/decode round trips; interoperation with the
 * gzip tool both ways (our text decompresses with `gzip -dc`, a list
 * compressed by `gzip -c` decodes); refusals: no "u" prefix, bad
 * base64url, not gzip, a cut or corrupted member, trailing bytes, two
 * members, an empty list, a list under 16 KB to encode, and a zip bomb
 * (17 MiB of zeros) against the 16 MiB limit.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "services/sign.h"
#include "services/statuslist.h"

#define N STATUSLIST_MIN_BYTES

static const char b64url[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* encodedList of bits[0..n) as a new string (free it). */
static char *encode(const unsigned char *bits, size_t n)
{
	struct buf b;
	char *s;

	buf_init(&b, 0);
	assert_int_equal(statuslist_encode(bits, n, &b), 0);
	assert_false(buf_failed(&b));
	s = buf_detach(&b, NULL);
	assert_non_null(s);
	return s;
}

/* The gzip bytes inside an encodedList (malloc'd, *n bytes). */
static unsigned char *gzip_of(const char *text, size_t *n)
{
	size_t len = strlen(text + 1);
	unsigned char *p = malloc(len + 1);

	assert_non_null(p);
	assert_int_equal(text[0], 'u');
	assert_int_equal(sign_unb64url(text + 1, len, p, len + 1, n), 0);
	return p;
}

/* "u" + base64url of raw bytes (free it). */
static char *text_of(const unsigned char *p, size_t n)
{
	struct buf b;
	char *s;

	buf_init(&b, 0);
	buf_putc(&b, 'u');
	sign_b64url(p, n, &b);
	assert_false(buf_failed(&b));
	s = buf_detach(&b, NULL);
	assert_non_null(s);
	return s;
}

static void expect_refused(const char *text)
{
	unsigned char *bits = (unsigned char *)"x";
	size_t n = 99;

	assert_int_equal(statuslist_decode(text, &bits, &n), -1);
	assert_null(bits);
	assert_int_equal(n, 0);
}

/* A temporary file holding p[0..n); its name in path. */
static void temp_file(char path[64], const void *p, size_t n)
{
	FILE *f;
	int fd;

	snprintf(path, 64, "/tmp/test_statuslist.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

/* Runs cmd and reads its whole standard output (malloc'd, *n bytes). */
static unsigned char *run(const char *cmd, size_t *n)
{
	unsigned char *p = NULL, *q;
	size_t cap = 0, got;
	FILE *f = popen(cmd, "r");

	assert_non_null(f);
	*n = 0;
	do {
		if (*n == cap) {
			cap = cap ? cap * 2 : 65536;
			q = realloc(p, cap);
			assert_non_null(q);
			p = q;
		}
		got = fread(p + *n, 1, cap - *n, f);
		*n += got;
	} while (got > 0);
	assert_int_equal(pclose(f), 0);
	return p;
}

/* ---- bits ---- */

static void test_bit_order(void **state)
{
	unsigned char *bits = calloc(1, N + 1); /* one guard byte */

	(void)state;
	assert_non_null(bits);
	statuslist_set(bits, N, 0, true);
	assert_int_equal(bits[0], 0x80);
	statuslist_set(bits, N, 7, true);
	assert_int_equal(bits[0], 0x81);
	statuslist_set(bits, N, 8, true);
	assert_int_equal(bits[1], 0x80);
	statuslist_set(bits, N, 131071, true);
	assert_int_equal(bits[N - 1], 0x01);
	statuslist_set(bits, N, 13, true); /* 8 + 5 */
	assert_int_equal(bits[1], 0x84);

	assert_true(statuslist_get(bits, N, 0));
	assert_false(statuslist_get(bits, N, 1));
	assert_false(statuslist_get(bits, N, 6));
	assert_true(statuslist_get(bits, N, 7));
	assert_true(statuslist_get(bits, N, 8));
	assert_false(statuslist_get(bits, N, 9));
	assert_true(statuslist_get(bits, N, 13));
	assert_true(statuslist_get(bits, N, 131071));
	assert_false(statuslist_get(bits, N, 131070));

	/* clearing touches one bit only */
	statuslist_set(bits, N, 7, false);
	assert_int_equal(bits[0], 0x80);
	statuslist_set(bits, N, 7, false);
	assert_int_equal(bits[0], 0x80);

	/* beyond the end: false, and nothing written */
	bits[N] = 0xff;
	assert_false(statuslist_get(bits, N, 131072));
	bits[N] = 0x00;
	statuslist_set(bits, N, 131072, true);
	statuslist_set(bits, N, (size_t)-1, true);
	assert_int_equal(bits[N], 0x00);
	assert_false(statuslist_get(bits, N, (size_t)-1));
	assert_false(statuslist_get(bits, 0, 0));
	free(bits);
}

/* ---- encode and decode ---- */

static void test_roundtrip_zero(void **state)
{
	unsigned char *zero = calloc(1, N), *back = NULL;
	size_t n = 0;
	char *text;

	(void)state;
	assert_non_null(zero);
	assert_int_equal(STATUSLIST_MIN_BITS, 131072);
	assert_int_equal(N, 16384);
	text = encode(zero, N);
	assert_int_equal(text[0], 'u');
	assert_int_equal(strspn(text + 1, b64url), strlen(text + 1));
	assert_true(strlen(text) < 200); /* zeros compress well */
	assert_int_equal(statuslist_decode(text, &back, &n), 0);
	assert_int_equal(n, N);
	assert_memory_equal(back, zero, N);
	free(back);
	free(text);
	free(zero);
}

static void test_roundtrip_bits(void **state)
{
	static const size_t set[] = {0, 7, 8, 1000, 65535, 131071};
	unsigned char *bits = calloc(1, 2 * N), *back = NULL;
	size_t n = 0;
	struct buf b;
	char *text;

	(void)state;
	assert_non_null(bits);
	for (size_t i = 0; i < sizeof(set) / sizeof(set[0]); i++)
		statuslist_set(bits, N, set[i], true);
	text = encode(bits, N);
	assert_int_equal(statuslist_decode(text, &back, &n), 0);
	assert_int_equal(n, N);
	assert_memory_equal(back, bits, N);
	for (size_t i = 0; i < sizeof(set) / sizeof(set[0]); i++)
		assert_true(statuslist_get(back, n, set[i]));
	assert_false(statuslist_get(back, n, 1));
	free(back);
	free(text);

	/* a longer list, every third bit set */
	for (size_t i = 0; i < 2 * N * 8; i += 3)
		statuslist_set(bits, 2 * N, i, true);
	text = encode(bits, 2 * N);
	assert_int_equal(statuslist_decode(text, &back, &n), 0);
	assert_int_equal(n, 2 * N);
	assert_memory_equal(back, bits, 2 * N);
	free(back);

	/* encode appends */
	buf_init(&b, 0);
	buf_puts(&b, "list=");
	assert_int_equal(statuslist_encode(bits, 2 * N, &b), 0);
	assert_string_equal(b.data + 5, text);
	buf_release(&b);
	free(text);
	free(bits);
}

static void test_gzip_interop(void **state)
{
	unsigned char *zero = calloc(1, N), *bits = calloc(1, N), *gz, *out, *back = NULL;
	char path[64], cmd[128], *text;
	size_t gzlen, outlen, n = 0;

	(void)state;
	assert_non_null(zero);
	assert_non_null(bits);

	/* ours decompresses with gzip -dc */
	text = encode(zero, N);
	gz = gzip_of(text, &gzlen);
	assert_true(gzlen > 18);
	assert_int_equal(gz[0], 0x1f); /* RFC 1952 magic, deflate */
	assert_int_equal(gz[1], 0x8b);
	assert_int_equal(gz[2], 8);
	temp_file(path, gz, gzlen);
	snprintf(cmd, sizeof(cmd), "gzip -dc < %s", path);
	out = run(cmd, &outlen);
	assert_int_equal(outlen, 16384);
	assert_memory_equal(out, zero, N);
	unlink(path);
	free(out);
	free(gz);
	free(text);

	/* gzip -c's output decodes */
	statuslist_set(bits, N, 0, true);
	statuslist_set(bits, N, 4242, true);
	statuslist_set(bits, N, 131071, true);
	temp_file(path, bits, N);
	snprintf(cmd, sizeof(cmd), "gzip -9nc < %s", path);
	gz = run(cmd, &gzlen);
	text = text_of(gz, gzlen);
	assert_int_equal(statuslist_decode(text, &back, &n), 0);
	assert_int_equal(n, N);
	assert_memory_equal(back, bits, N);
	assert_true(statuslist_get(back, n, 4242));
	unlink(path);
	free(back);
	free(text);
	free(gz);
	free(bits);
	free(zero);
}

static void test_refusals(void **state)
{
	unsigned char *zero = calloc(1, N), *gz, *two;
	size_t gzlen;
	struct buf b;
	char *text, *t;

	(void)state;
	assert_non_null(zero);
	text = encode(zero, N);

	/* no "u" prefix, another multibase prefix, nothing */
	expect_refused(text + 1);
	t = strdup(text);
	assert_non_null(t);
	t[0] = 'U';
	expect_refused(t);
	t[0] = 'm'; /* base64 with padding in multibase */
	expect_refused(t);
	free(t);
	expect_refused("");
	expect_refused("u");
	expect_refused(NULL);
	/* not base64url */
	expect_refused("u+/8=");
	expect_refused("uH4sIAAAAAAAAA==");
	expect_refused("uH4sI AAAA");
	expect_refused("uZ");
	/* base64url, but not gzip */
	expect_refused("uAAA");
	expect_refused("uAAAA");
	expect_refused("ueJwDAAAAAAE"); /* zlib wrapper (RFC 1950), not gzip */

	gz = gzip_of(text, &gzlen);
	/* a cut member */
	t = text_of(gz, gzlen - 4);
	expect_refused(t);
	free(t);
	t = text_of(gz, 10);
	expect_refused(t);
	free(t);
	/* a corrupted CRC32 */
	gz[gzlen - 6] ^= 0x01;
	t = text_of(gz, gzlen);
	expect_refused(t);
	free(t);
	gz[gzlen - 6] ^= 0x01;
	/* bytes after the member; two members */
	two = malloc(2 * gzlen);
	assert_non_null(two);
	memcpy(two, gz, gzlen);
	two[gzlen] = 0;
	t = text_of(two, gzlen + 1);
	expect_refused(t);
	free(t);
	memcpy(two + gzlen, gz, gzlen);
	t = text_of(two, 2 * gzlen);
	expect_refused(t);
	free(t);
	/* the untouched member still decodes */
	t = text_of(gz, gzlen);
	{
		unsigned char *back = NULL;
		size_t n = 0;

		assert_int_equal(statuslist_decode(t, &back, &n), 0);
		assert_int_equal(n, N);
		free(back);
	}
	free(t);
	free(two);
	free(gz);

	/* an empty list (gzip of nothing) */
	{
		static const unsigned char empty_gz[] = {0x1f, 0x8b, 0x08, 0x00, 0x00,
							 0x00, 0x00, 0x00, 0x00, 0x03,
							 0x03, 0x00, 0x00, 0x00, 0x00,
							 0x00, 0x00, 0x00, 0x00, 0x00};

		t = text_of(empty_gz, sizeof(empty_gz));
		expect_refused(t);
		free(t);
	}

	/* encode refuses lists under 16 KB and leaves out alone */
	buf_init(&b, 0);
	buf_puts(&b, "keep");
	assert_int_equal(statuslist_encode(zero, N - 1, &b), -1);
	assert_int_equal(statuslist_encode(zero, 0, &b), -1);
	assert_int_equal(statuslist_encode(NULL, N, &b), -1);
	assert_string_equal(b.data, "keep");
	buf_release(&b);
	free(text);
	free(zero);
}

static void test_zip_bomb(void **state)
{
	size_t big = (size_t)17 << 20, n = 0;
	unsigned char *zero = calloc(1, big), *back = NULL;
	char *text;

	(void)state;
	assert_non_null(zero);
	/* 17 MiB of zeros: a few KB of text, refused when decoded */
	text = encode(zero, big);
	assert_true(strlen(text) < 64 * 1024);
	expect_refused(text);
	free(text);
	/* one byte over the limit */
	text = encode(zero, STATUSLIST_MAX_BYTES + 1);
	expect_refused(text);
	free(text);
	/* exactly the limit is allowed */
	text = encode(zero, STATUSLIST_MAX_BYTES);
	assert_int_equal(statuslist_decode(text, &back, &n), 0);
	assert_int_equal(n, STATUSLIST_MAX_BYTES);
	assert_int_equal(n, 16777216);
	assert_false(statuslist_get(back, n, n * 8 - 1));
	free(back);
	free(text);
	free(zero);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bit_order),
		cmocka_unit_test(test_roundtrip_zero),
		cmocka_unit_test(test_roundtrip_bits),
		cmocka_unit_test(test_gzip_interop),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_zip_bomb),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
