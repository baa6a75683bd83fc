/*
 * test_qr.c - services/qr: the matrix has a QR code's size and finder
 * patterns, longer text never gives a smaller code, over-long text is
 * refused with a reason, the SVG form is one path, and a code written as
 * an image reads back byte for byte with zbarimg (zbar-tools is in
 * deps/debian-packages.txt, so a missing zbarimg fails the test).
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

#include "base/buf.h"
#include "services/qr.h"

#define ZBARIMG "/usr/bin/zbarimg"

/* About 200 characters, mixed case, the shape of a verification link. */
static const char url[] =
	"https://verify.example.cn/v/v1.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
	"-aBcDeFgHiJkLmNoPqRsTuVwXyZ_9876543210.QwErTyUiOpAsDfGhJkLzXcVbNm"
	"?lang=zh-CN&sig=MnBvCxZlKjHgFdSaPoIuYtReWq0192837465AaBbCcDdEe";

static struct qr encode(const char *text)
{
	struct qr q;
	char err[128] = "";

	if (qr_encode(text, &q, err, sizeof err))
		fail_msg("qr_encode: %s", err);
	assert_non_null(q.modules);
	return q;
}

static int dark(const struct qr *q, int x, int y) { return q->modules[y * q->width + x]; }

/* The 7x7 finder pattern with its top left corner at (x0, y0): a dark
 * border, a light ring, a dark 3x3 core. */
static void expect_finder(const struct qr *q, int x0, int y0)
{
	for (int y = 0; y < 7; y++)
		for (int x = 0; x < 7; x++) {
			int ring = x < y ? x : y, want;

			ring = ring < 6 - x ? ring : 6 - x;
			ring = ring < 6 - y ? ring : 6 - y;
			want = ring != 1; /* ring 0 dark, 1 light, 2-3 dark */
			if (dark(q, x0 + x, y0 + y) != want)
				fail_msg("finder at (%d,%d): module (%d,%d) "
					 "is %s",
					 x0, y0, x, y, want ? "light" : "dark");
		}
}

static void test_qr_matrix(void **state)
{
	struct qr q;

	(void)state;
	q = encode(url);
	assert_true(q.width >= 21 && q.width <= 177);
	assert_int_equal((q.width - 21) % 4, 0);
	for (int i = 0; i < q.width * q.width; i++)
		assert_true(q.modules[i] == 0 || q.modules[i] == 1);
	expect_finder(&q, 0, 0);
	expect_finder(&q, q.width - 7, 0);
	expect_finder(&q, 0, q.width - 7);
	/* the separators: a light row and column inside each finder's
	 * corner */
	for (int i = 0; i < 8; i++) {
		assert_int_equal(dark(&q, i, 7), 0);
		assert_int_equal(dark(&q, 7, i), 0);
		assert_int_equal(dark(&q, q.width - 8, i), 0);
		assert_int_equal(dark(&q, i, q.width - 8), 0);
	}
	qr_release(&q);
	assert_null(q.modules);
	assert_int_equal(q.width, 0);
	qr_release(&q); /* again: harmless */
}

static void test_qr_sizes(void **state)
{
	struct qr a, b, c;

	(void)state;
	a = encode("A");
	assert_int_equal(a.width, 21); /* version 1 */
	b = encode("https://verify.example.cn/v/1");
	c = encode(url);
	assert_true(b.width >= a.width);
	assert_true(c.width > b.width);
	qr_release(&a);
	qr_release(&b);
	qr_release(&c);
}

static void test_qr_too_long(void **state)
{
	char *text = malloc(5001), err[128] = "";
	struct qr q = {1, (unsigned char *)"x"};

	(void)state;
	assert_non_null(text);
	memset(text, 'a', 5000);
	text[5000] = '\0';
	assert_int_equal(qr_encode(text, &q, err, sizeof err), -1);
	assert_non_null(strstr(err, "5000 bytes"));
	assert_null(q.modules);
	assert_int_equal(q.width, 0);
	/* just over version 40-M in byte mode */
	text[QR_TEXT_MAX + 1] = '\0';
	err[0] = '\0';
	assert_int_equal(qr_encode(text, &q, err, sizeof err), -1);
	assert_true(err[0] != '\0');
	/* the most that fits */
	text[QR_TEXT_MAX] = '\0';
	q = encode(text);
	assert_int_equal(q.width, 177); /* version 40 */
	qr_release(&q);
	err[0] = '\0';
	assert_int_equal(qr_encode("", &q, err, sizeof err), -1);
	assert_non_null(strstr(err, "empty"));
	free(text);
}

static void test_qr_svg(void **state)
{
	struct buf out;
	char err[128] = "";
	struct qr q;
	char want[64];

	(void)state;
	buf_init(&out, 0);
	if (qr_svg(url, 4, &out, err, sizeof err))
		fail_msg("qr_svg: %s", err);
	assert_memory_equal(out.data, "<svg", 4);
	assert_non_null(strstr(out.data, "<path"));
	assert_null(strstr(strstr(out.data, "<path") + 1, "<path"));
	assert_non_null(strstr(out.data, "crispEdges"));
	assert_non_null(strstr(out.data, "</svg>"));
	/* side = (width + 2 * 4) * 4, and the first finder's run starts
	 * 4 modules in */
	q = encode(url);
	snprintf(want, sizeof want, "width=\"%d\"", (q.width + 8) * 4);
	assert_non_null(strstr(out.data, want));
	assert_non_null(strstr(out.data, "M16 16h28v4h-28z"));
	qr_release(&q);
	buf_reset(&out);
	assert_int_equal(qr_svg(url, 0, &out, err, sizeof err), -1);
	buf_release(&out);
}

/* Writes q as a binary PGM, scale pixels per module, with the quiet zone. */
static void write_pgm(const struct qr *q, int scale, const char *path)
{
	int side = (q->width + 8) * scale;
	FILE *f = fopen(path, "wb");
	unsigned char *row = malloc((size_t)side);

	assert_non_null(f);
	assert_non_null(row);
	fprintf(f, "P5\n%d %d\n255\n", side, side);
	for (int py = 0; py < side; py++) {
		int y = py / scale - 4;

		for (int px = 0; px < side; px++) {
			int x = px / scale - 4;
			int on = x >= 0 && y >= 0 && x < q->width && y < q->width &&
				 dark(q, x, y);

			row[px] = on ? 0 : 255;
		}
		assert_int_equal(fwrite(row, 1, (size_t)side, f), (size_t)side);
	}
	free(row);
	assert_int_equal(fclose(f), 0);
}

static void test_qr_zbar_roundtrip(void **state)
{
	char path[64], cmd[160], got[4096];
	struct qr q;
	FILE *p;
	size_t n;
	int fd;

	(void)state;
	/* zbar-tools is a listed dependency: missing is a failure */
	if (access(ZBARIMG, X_OK) != 0)
		fail_msg("%s is missing (install zbar-tools)", ZBARIMG);
	snprintf(path, sizeof path, "/tmp/test_qr-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	q = encode(url);
	write_pgm(&q, 8, path);
	qr_release(&q);

	/* zbarimg's stderr is D-Bus noise; its exit status tells */
	snprintf(cmd, sizeof cmd, "%s --raw -q '%s' 2>/dev/null", ZBARIMG, path);
	p = popen(cmd, "r");
	assert_non_null(p);
	n = fread(got, 1, sizeof got - 1, p);
	got[n] = '\0';
	assert_int_equal(pclose(p), 0);
	unlink(path);
	/* zbarimg ends the symbol with a newline */
	if (n > 0 && got[n - 1] == '\n')
		got[--n] = '\0';
	assert_int_equal(n, strlen(url));
	assert_string_equal(got, url);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qr_matrix),         cmocka_unit_test(test_qr_sizes),
		cmocka_unit_test(test_qr_too_long),       cmocka_unit_test(test_qr_svg),
		cmocka_unit_test(test_qr_zbar_roundtrip),
	};

	return cmocka_run_group_tests_name("qr", tests, NULL, NULL);
}
