/*
 * test_archive.c - services/archive: the files of an in-memory ZIP in
 * order, folders and archivers' metadata skipped, a file over the limit
 * flagged, fn stopping the walk, and what is no archive refused. The archives are built here, entry by entry (stored
 * or deflated with zlib), as zip(1) writes them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "services/archive.h"

struct entry {
	const char *name;
	const char *data;
	size_t len;
	int deflate;
};

static void put16(struct buf *b, unsigned v)
{
	unsigned char x[2] = {(unsigned char)v, (unsigned char)(v >> 8)};

	buf_append(b, x, 2);
}

static void put32(struct buf *b, unsigned long v)
{
	unsigned char x[4] = {(unsigned char)v, (unsigned char)(v >> 8),
			      (unsigned char)(v >> 16), (unsigned char)(v >> 24)};

	buf_append(b, x, 4);
}

/* Raw deflate of data into out (at most n); its length. */
static size_t deflate_raw(const char *data, size_t len, unsigned char *out, size_t n)
{
	z_stream z;

	memset(&z, 0, sizeof(z));
	assert_int_equal(deflateInit2(&z, 9, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
	z.next_in = (unsigned char *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)n;
	assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
	n = z.total_out;
	deflateEnd(&z);
	return n;
}

static void build(struct buf *zip, const struct entry *e, size_t n)
{
	static unsigned char packed[8][4096];
	struct buf cd;
	unsigned long offset[8];

	buf_init(zip, 0);
	buf_init(&cd, 0);
	for (size_t i = 0; i < n; i++) {
		unsigned long crc = crc32(0, (const unsigned char *)e[i].data,
					  (uInt)e[i].len);
		size_t plen = e[i].deflate
				      ? deflate_raw(e[i].data, e[i].len, packed[i], 4096)
				      : e[i].len;
		unsigned long size = e[i].len;

		if (!e[i].deflate)
			memcpy(packed[i], e[i].data, e[i].len);
		offset[i] = zip->len;
		put32(zip, 0x04034b50);
		put16(zip, 20);
		put16(zip, 0);
		put16(zip, e[i].deflate ? 8 : 0);
		put32(zip, 0);
		put32(zip, crc);
		put32(zip, plen);
		put32(zip, size);
		put16(zip, (unsigned)strlen(e[i].name));
		put16(zip, 0);
		buf_append(zip, e[i].name, strlen(e[i].name));
		buf_append(zip, packed[i], plen);
		put32(&cd, 0x02014b50);
		put16(&cd, 20);
		put16(&cd, 20);
		put16(&cd, 0);
		put16(&cd, e[i].deflate ? 8 : 0);
		put32(&cd, 0);
		put32(&cd, crc);
		put32(&cd, plen);
		put32(&cd, size);
		put16(&cd, (unsigned)strlen(e[i].name));
		put16(&cd, 0);
		put16(&cd, 0);
		put16(&cd, 0);
		put16(&cd, 0);
		put32(&cd, 0);
		put32(&cd, offset[i]);
		buf_append(&cd, e[i].name, strlen(e[i].name));
	}
	{
		unsigned long at = zip->len;

		buf_append(zip, cd.data, cd.len);
		put32(zip, 0x06054b50);
		put16(zip, 0);
		put16(zip, 0);
		put16(zip, (unsigned)n);
		put16(zip, (unsigned)n);
		put32(zip, cd.len);
		put32(zip, at);
		put16(zip, 0);
	}
	buf_release(&cd);
}

struct seen {
	char names[8][64];
	size_t lens[8];
	int big[8];
	size_t n;
	int stop_after;
};

static int collect(const char *name, const void *data, size_t len, int too_big, void *arg)
{
	struct seen *s = arg;

	assert_true(s->n < 8);
	snprintf(s->names[s->n], sizeof(s->names[0]), "%s", name);
	s->lens[s->n] = len;
	s->big[s->n] = too_big;
	assert_true(too_big ? data == NULL : data != NULL);
	s->n++;
	return s->stop_after && (int)s->n >= s->stop_after;
}

static void test_files_in_order(void **state)
{
	static const char a[] = "first file", b[] = "second, deflated second, deflated";
	const struct entry e[] = {
		{"110105198503121234.jpg", a, sizeof(a) - 1, 0},
		{"folder/", "", 0, 0},
		{"folder/b.png", b, sizeof(b) - 1, 1},
		{"__MACOSX/folder/._b.png", "x", 1, 0},
		{"folder/.DS_Store", "x", 1, 0},
	};
	struct buf zip;
	struct seen s;
	char err[128];

	(void)state;
	memset(&s, 0, sizeof(s));
	build(&zip, e, 5);
	assert_int_equal(
		archive_each(zip.data, zip.len, 1024, collect, &s, err, sizeof(err)), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.names[0], "110105198503121234.jpg");
	assert_int_equal(s.lens[0], sizeof(a) - 1);
	assert_string_equal(s.names[1], "folder/b.png");
	assert_int_equal(s.lens[1], sizeof(b) - 1);
	/* fn stops the walk */
	memset(&s, 0, sizeof(s));
	s.stop_after = 1;
	assert_int_equal(
		archive_each(zip.data, zip.len, 1024, collect, &s, err, sizeof(err)), 0);
	assert_int_equal(s.n, 1);
	buf_release(&zip);
}

static void test_limits(void **state)
{
	static char big[3000];
	const struct entry declared[] = {{"big.jpg", big, sizeof(big), 1}};
	struct buf zip;
	struct seen s;
	char err[128];

	(void)state;
	memset(big, 'a', sizeof(big));
	memset(&s, 0, sizeof(s));
	build(&zip, declared, 1);
	assert_int_equal(
		archive_each(zip.data, zip.len, 1000, collect, &s, err, sizeof(err)), 0);
	assert_int_equal(s.n, 1);
	assert_true(s.big[0]);
	buf_release(&zip);
}

static void test_not_an_archive(void **state)
{
	static const char a[] = "some bytes";
	const struct entry e[] = {{"a.jpg", a, sizeof(a) - 1, 0}};
	struct buf zip;
	struct seen s;
	char err[128];

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_int_equal(archive_each("GIF89a", 6, 1024, collect, &s, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a ZIP"));
	/* nothing at all: an empty archive, no file (the caller says "empty") */
	assert_int_equal(archive_each(NULL, 0, 1024, collect, &s, err, sizeof(err)), 0);
	build(&zip, e, 1);
	/* cut inside the central directory */
	assert_int_equal(archive_each(zip.data, zip.len - 30, 1024, collect, &s, err,
				      sizeof(err)),
			 -1);
	assert_int_equal(s.n, 0);
	buf_release(&zip);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_files_in_order),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_not_an_archive),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
