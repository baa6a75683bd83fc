/*
 * test_photo.c - core/photo: JPEG and PNG recognised by their structure,
 * with their sizes; other files, truncated files and absurd sizes refused
 * with the right key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/photo.h"

/* A minimal JPEG: SOI, APP0 (JFIF), SOF0 with w x h, SOS, one byte of
 * scan data, EOI. */
static size_t jpeg(unsigned char *b, unsigned w, unsigned h)
{
	static const unsigned char app0[] = {0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0,
					     1,    1,    0, 0,  1,   0,   1,   0,   0};
	size_t n = 0;

	b[n++] = 0xFF, b[n++] = 0xD8;
	memcpy(b + n, app0, sizeof(app0));
	n += sizeof(app0);
	b[n++] = 0xFF, b[n++] = 0xC0, b[n++] = 0, b[n++] = 11, b[n++] = 8;
	b[n++] = (unsigned char)(h >> 8), b[n++] = (unsigned char)h;
	b[n++] = (unsigned char)(w >> 8), b[n++] = (unsigned char)w;
	b[n++] = 1, b[n++] = 1, b[n++] = 0x11, b[n++] = 0;
	b[n++] = 0xFF, b[n++] = 0xDA, b[n++] = 0, b[n++] = 8, b[n++] = 1;
	b[n++] = 1, b[n++] = 0, b[n++] = 0, b[n++] = 63, b[n++] = 0;
	b[n++] = 0x42;
	b[n++] = 0xFF, b[n++] = 0xD9;
	return n;
}

static void put32(unsigned char *p, unsigned long v)
{
	p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

/* A PNG's chunk skeleton: signature, IHDR (w x h), IDAT (2 bytes), IEND;
 * CRCs zero (not checked). */
static size_t png(unsigned char *b, unsigned w, unsigned h)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
	size_t n = 0;

	memcpy(b, sig, 8);
	n = 8;
	put32(b + n, 13), memcpy(b + n + 4, "IHDR", 4);
	put32(b + n + 8, w), put32(b + n + 12, h);
	memset(b + n + 16, 0, 5 + 4);
	b[n + 16] = 8, b[n + 17] = 2;
	n += 12 + 13;
	put32(b + n, 2), memcpy(b + n + 4, "IDAT", 4), b[n + 8] = 0x78, b[n + 9] = 0x9C;
	memset(b + n + 10, 0, 4);
	n += 12 + 2;
	put32(b + n, 0), memcpy(b + n + 4, "IEND", 4), memset(b + n + 8, 0, 4);
	return n + 12;
}

static void test_jpeg_ok(void **state)
{
	unsigned char b[128];
	struct photo_info pi;
	struct rule_error e;
	size_t n = jpeg(b, 358, 441);

	(void)state;
	assert_true(photo_check(b, n, &pi, &e));
	assert_string_equal(pi.mime, "image/jpeg");
	assert_int_equal(pi.width, 358);
	assert_int_equal(pi.height, 441);
}

static void test_png_ok(void **state)
{
	unsigned char b[128];
	struct photo_info pi;
	struct rule_error e;
	size_t n = png(b, 300, 400);

	(void)state;
	assert_true(photo_check(b, n, &pi, &e));
	assert_string_equal(pi.mime, "image/png");
	assert_int_equal(pi.width, 300);
	assert_int_equal(pi.height, 400);
}

static void refused(const unsigned char *b, size_t n, const char *key)
{
	struct photo_info pi;
	struct rule_error e = {NULL, NULL};

	assert_false(photo_check(b, n, &pi, &e));
	assert_string_equal(e.field, "photo");
	assert_string_equal(e.msg, key);
}

static void test_refusals(void **state)
{
	unsigned char b[128];
	size_t n;
	unsigned char *big;

	(void)state;
	refused((const unsigned char *)"GIF89a......", 12, "val.photo.type");
	refused((const unsigned char *)"%PDF-1.7", 8, "val.photo.type");
	refused(b, 0, "val.photo.size");
	n = jpeg(b, 358, 441);
	refused(b, n - 2, "val.photo.broken"); /* no EOI */
	refused(b, 20, "val.photo.broken");    /* cut in the middle */
	n = jpeg(b, 16, 16);
	refused(b, n, "val.photo.dimensions");
	n = png(b, 300, 400);
	refused(b, n - 12, "val.photo.broken"); /* no IEND */
	b[8 + 3] = 200;                         /* IHDR length past the end */
	refused(b, n, "val.photo.broken");
	n = png(b, 9000, 400);
	refused(b, n, "val.photo.dimensions");
	big = calloc(1, PHOTO_MAX_BYTES + 1);
	assert_non_null(big);
	n = jpeg(big, 358, 441);
	refused(big, PHOTO_MAX_BYTES + 1, "val.photo.size");
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jpeg_ok),
		cmocka_unit_test(test_png_ok),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
