/*
 * test_stamp.c - core/stamp: an institution's seal is a PNG with an alpha
 * channel (colour type 4 or 6, or a tRNS chunk) within the limits; an RGB
 * PNG, a JPEG, an oversize or truncated file refused with the right key,
 * always naming the field "seal".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/stamp.h"

static void put32(unsigned char *p, unsigned long v)
{
	p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

/* Appends a chunk (the CRC is not checked here: zeros). */
static size_t chunk(unsigned char *b, size_t n, const char *type, const unsigned char *d,
		    size_t len)
{
	put32(b + n, len);
	memcpy(b + n + 4, type, 4);
	if (len)
		memcpy(b + n + 8, d, len);
	memset(b + n + 8 + len, 0, 4);
	return n + 12 + len;
}

/* signature, IHDR (w x h, colour), [tRNS], one IDAT, IEND */
static size_t png(unsigned char *b, unsigned long w, unsigned long h, int colour, bool trns)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	unsigned char ihdr[13] = {0};
	unsigned char idat[4] = {1, 2, 3, 4}, t[6] = {0};
	size_t n = 8;

	memcpy(b, sig, 8);
	put32(ihdr, w);
	put32(ihdr + 4, h);
	ihdr[8] = 8;
	ihdr[9] = (unsigned char)colour;
	n = chunk(b, n, "IHDR", ihdr, 13);
	if (trns)
		n = chunk(b, n, "tRNS", t, 6);
	n = chunk(b, n, "IDAT", idat, 4);
	return chunk(b, n, "IEND", NULL, 0);
}

static void test_alpha_ok(void **state)
{
	unsigned char b[256];
	struct rule_error e = {0};
	int w, h;

	(void)state;
	assert_true(stamp_check(b, png(b, 200, 180, 6, false), &w, &h, &e));
	assert_int_equal(w, 200);
	assert_int_equal(h, 180);
	assert_true(stamp_check(b, png(b, 64, 64, 4, false), &w, &h, &e));
	/* RGB or a palette with a transparent colour */
	assert_true(stamp_check(b, png(b, 64, 64, 2, true), &w, &h, &e));
	assert_true(stamp_check(b, png(b, 2000, 2000, 3, true), &w, &h, &e));
}

static void refused(const unsigned char *b, size_t n, const char *key)
{
	struct rule_error e = {0};
	int w = -1, h = -1;

	assert_false(stamp_check(b, n, &w, &h, &e));
	assert_string_equal(e.field, "seal");
	assert_string_equal(e.msg, key);
	assert_int_equal(w, 0);
}

static void test_refusals(void **state)
{
	unsigned char b[256],
		jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0xFF, 0xD9};
	unsigned char *big = calloc(1, STAMP_MAX_BYTES + 1);
	size_t n;

	(void)state;
	refused(b, png(b, 200, 200, 2, false), "val.seal.alpha"); /* RGB, opaque */
	refused(b, png(b, 200, 200, 0, false), "val.seal.alpha"); /* grey */
	refused(jpeg, sizeof(jpeg), "val.seal.type");
	refused(b, 0, "val.seal.size");
	assert_non_null(big);
	n = png(big, 200, 200, 6, false);
	(void)n;
	refused(big, STAMP_MAX_BYTES + 1, "val.seal.size");
	free(big);
	refused(b, png(b, 2001, 100, 6, false), "val.seal.dimensions");
	refused(b, png(b, 100, 31, 6, false), "val.seal.dimensions");
	/* truncated: IEND missing, or a chunk running past the end */
	n = png(b, 200, 200, 6, false);
	refused(b, n - 12, "val.seal.broken");
	refused(b, n - 14, "val.seal.broken");
	/* IHDR not first */
	n = png(b, 200, 200, 6, false);
	memcpy(b + 12, "IHDX", 4);
	refused(b, n, "val.seal.broken");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alpha_ok),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
