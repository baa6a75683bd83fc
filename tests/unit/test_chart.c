/*
 * test_chart.c - services/chart: charts drawn into a cairo image surface.
 * Ink is where chart_bar_box() and chart_point() say the bars and points
 * are, and none above a bar; a chart of zeros and a chart of nothing draw
 * without a crash (and without bars); Chinese labels, long labels and a
 * pie are drawn; bad input (a negative or non-finite value, text that is
 * not UTF-8, too many series or categories, a box too small) is refused
 * with a reason; chart_png() writes a PNG.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <string.h>

#include <cairo.h>

#include "base/buf.h"
#include "services/chart.h"

#define W 480
#define H 320

static const char *const provinces[] = {"北京市", "上海市", "湖北省", "新疆维吾尔自治区"};
static const double enrolled[] = {120, 45, 300, 0};
static const double passed[] = {100, 30, 210, 0};

struct canvas {
	cairo_surface_t *s;
	cairo_t *cr;
};

static void canvas_open(struct canvas *cv)
{
	cv->s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, W, H);
	cv->cr = cairo_create(cv->s);
	cairo_set_source_rgb(cv->cr, 1, 1, 1);
	cairo_paint(cv->cr);
}

static void canvas_close(struct canvas *cv)
{
	cairo_destroy(cv->cr);
	cairo_surface_destroy(cv->s);
}

/* Whether the pixel at (x, y) is not white. */
static bool ink(struct canvas *cv, double x, double y)
{
	int stride = cairo_image_surface_get_stride(cv->s);
	const unsigned char *d = cairo_image_surface_get_data(cv->s);
	const uint32_t *px;

	cairo_surface_flush(cv->s);
	px = (const uint32_t *)(const void *)(d + (int)y * stride + (int)x * 4);
	return (*px & 0xffffff) != 0xffffff;
}

/* Inked pixels in the rectangle. */
static int ink_in(struct canvas *cv, int x0, int y0, int x1, int y1)
{
	int n = 0;

	for (int y = y0; y < y1; y++)
		for (int x = x0; x < x1; x++)
			n += ink(cv, x, y);
	return n;
}

static int draw(struct canvas *cv, const struct chart *c)
{
	char err[256] = "";
	int rc = chart_draw(cv->cr, c, 0, 0, W, H, err, sizeof err);

	if (rc)
		print_message("chart_draw: %s\n", err);
	return rc;
}

static void test_bars(void **state)
{
	struct chart c = {.kind = CHART_BAR,
			  .title = "各省报名与合格人数",
			  .ncats = 4,
			  .cats = provinces,
			  .nseries = 2,
			  .names = {"报名", "合格"},
			  .values = {enrolled, passed}};
	struct canvas cv;
	double b[4], b2[4];

	(void)state;
	canvas_open(&cv);
	assert_int_equal(draw(&cv, &c), 0);
	for (size_t s = 0; s < 2; s++)
		for (size_t i = 0; i < 3; i++) {
			assert_int_equal(chart_bar_box(&c, W, H, i, s, b), 0);
			assert_true(b[3] > 4);
			/* the bar's middle is inked, and the plot above it is not */
			assert_true(ink(&cv, b[0] + b[2] / 2, b[1] + b[3] / 2));
			assert_true(ink(&cv, b[0] + 1, b[1] + b[3] - 1));
		}
	/* the tallest bar (湖北省 300) reaches higher than 上海市's 45 */
	assert_int_equal(chart_bar_box(&c, W, H, 2, 0, b), 0);
	assert_int_equal(chart_bar_box(&c, W, H, 1, 0, b2), 0);
	assert_true(b[1] < b2[1]);
	assert_true(b[3] > 5 * b2[3]);
	/* above 上海市's short bar, below the title band: white but for the
	 * grid's grey lines and the value printed just over the bar */
	assert_true(ink_in(&cv, (int)b2[0] + 2, (int)(b[1]) + 2, (int)(b2[0] + b2[2]) - 2,
			   (int)(b2[1]) - 16) < (int)((b2[1] - b[1]) * 2));
	/* zero values: a bar of height 0, nothing inked in its slot's middle */
	assert_int_equal(chart_bar_box(&c, W, H, 3, 0, b), 0);
	assert_true(b[3] == 0);
	assert_false(ink(&cv, b[0] + b[2] / 2, b[1] - 20));
	/* the series' colours differ */
	assert_int_equal(chart_bar_box(&c, W, H, 2, 1, b2), 0);
	assert_int_equal(chart_bar_box(&c, W, H, 2, 0, b), 0);
	{
		const unsigned char *d = cairo_image_surface_get_data(cv.s);
		int stride = cairo_image_surface_get_stride(cv.s);
		uint32_t p1, p2;

		memcpy(&p1,
		       d + (int)(b[1] + b[3] / 2) * stride + (int)(b[0] + b[2] / 2) * 4, 4);
		memcpy(&p2,
		       d + (int)(b2[1] + b2[3] / 2) * stride + (int)(b2[0] + b2[2] / 2) * 4,
		       4);
		assert_true(p1 != p2);
	}
	/* one category: its bar no wider than 56, centred over the plot */
	{
		struct chart one = {.kind = CHART_BAR,
				    .ncats = 1,
				    .cats = provinces,
				    .nseries = 1,
				    .values = {enrolled}};
		double mid = CHART_AXIS_W + (W - CHART_AXIS_W - CHART_PAD) / 2;

		assert_int_equal(chart_bar_box(&one, W, H, 0, 0, b), 0);
		assert_true(b[2] <= 56 && b[2] > 50);
		assert_true(fabs(b[0] + b[2] / 2 - mid) < 0.5);
	}
	/* out of range */
	assert_int_equal(chart_bar_box(&c, W, H, 4, 0, b), -1);
	assert_int_equal(chart_bar_box(&c, W, H, 0, 2, b), -1);
	canvas_close(&cv);
}

static void test_zeros_and_empty(void **state)
{
	static const double zeros[] = {0, 0, 0, 0};
	struct chart c = {.kind = CHART_BAR,
			  .ncats = 4,
			  .cats = provinces,
			  .nseries = 1,
			  .values = {zeros}};
	struct chart none = {.kind = CHART_BAR, .nseries = 1, .empty = "无数据"};
	struct chart pie0 = {.kind = CHART_PIE,
			     .ncats = 4,
			     .cats = provinces,
			     .nseries = 1,
			     .values = {zeros}};
	struct canvas cv;
	double b[4];

	(void)state;
	canvas_open(&cv);
	assert_int_equal(draw(&cv, &c), 0);
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(chart_bar_box(&c, W, H, i, 0, b), 0);
		assert_true(b[3] == 0);
	}
	/* the plot's inside is white but for grid lines: no bar anywhere */
	assert_true(ink_in(&cv, (int)CHART_AXIS_W + 2, 40, W - 20, 60) < W);
	canvas_close(&cv);

	canvas_open(&cv);
	assert_int_equal(draw(&cv, &none), 0);
	assert_true(ink_in(&cv, 0, H / 2 - 10, W, H / 2 + 10) > 0); /* "无数据" */
	assert_int_equal(chart_bar_box(&none, W, H, 0, 0, b), -1);
	canvas_close(&cv);

	canvas_open(&cv);
	assert_int_equal(draw(&cv, &pie0), 0);
	canvas_close(&cv);
}

static void test_line(void **state)
{
	static const char *const years[] = {"2022", "2023", "2024", "2025", "2026"};
	static const double v[] = {10, 80, 40, 0, 95};
	struct chart c = {.kind = CHART_LINE,
			  .title = "五年趋势",
			  .ncats = 5,
			  .cats = years,
			  .nseries = 1,
			  .names = {"合格率"},
			  .values = {v},
			  .percent = 1};
	struct canvas cv;
	double a[2], z[2];

	(void)state;
	canvas_open(&cv);
	assert_int_equal(draw(&cv, &c), 0);
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(chart_point(&c, W, H, i, 0, a), 0);
		assert_true(ink(&cv, a[0], a[1]));
	}
	assert_int_equal(chart_point(&c, W, H, 1, 0, a), 0);
	assert_int_equal(chart_point(&c, W, H, 3, 0, z), 0);
	assert_true(a[1] < z[1]); /* 80% higher than 0% */
	assert_int_equal(chart_point(&c, W, H, 5, 0, a), -1);
	canvas_close(&cv);
}

static void test_pie_and_labels(void **state)
{
	static const char *const levels[] = {"五级/初级工", "四级/中级工", "三级/高级工",
					     "二级/技师", "一级/高级技师"};
	static const char *const long_labels[] = {
		"中华人民共和国机械工业职业技能鉴定指导中心直属第一考试站（北京）",
		"a-very-long-label-without-any-space-to-break-it-into-lines-at-all", "",
		NULL};
	static const double v[] = {50, 30, 15, 4, 1};
	static const double w4[] = {5, 6, 7, 8};
	struct chart pie = {.kind = CHART_PIE,
			    .title = "按等级",
			    .ncats = 5,
			    .cats = levels,
			    .nseries = 1,
			    .values = {v}};
	struct chart bars = {.kind = CHART_BAR,
			     .ncats = 4,
			     .cats = long_labels,
			     .nseries = 1,
			     .values = {w4}};
	struct canvas cv;

	(void)state;
	canvas_open(&cv);
	assert_int_equal(draw(&cv, &pie), 0);
	/* the pie's disc is inked (its centre is the slices' corner) */
	assert_true(ink_in(&cv, 40, 100, 120, 180) > 1000);
	canvas_close(&cv);
	canvas_open(&cv);
	assert_int_equal(draw(&cv, &bars), 0);
	/* labels drawn in the band under the plot */
	assert_true(ink_in(&cv, (int)CHART_AXIS_W, H - (int)CHART_LABELS_H + 2, W, H - 2) >
		    0);
	canvas_close(&cv);
}

static void test_refusals(void **state)
{
	static const double neg[] = {1, -1};
	static const double nan_[] = {1, NAN};
	static const double ok[] = {1, 2};
	static const char *const bad_utf8[] = {"ok", "\xff\xfe"};
	static const char *const two[] = {"a", "b"};
	struct chart c = {
		.kind = CHART_BAR, .ncats = 2, .cats = two, .nseries = 1, .values = {neg}};
	struct canvas cv;
	char err[256];

	(void)state;
	canvas_open(&cv);
	assert_int_equal(chart_draw(cv.cr, &c, 0, 0, W, H, err, sizeof err), -1);
	assert_non_null(strstr(err, "value 2"));
	c.values[0] = nan_;
	assert_int_equal(chart_draw(cv.cr, &c, 0, 0, W, H, err, sizeof err), -1);
	c.values[0] = ok;
	c.cats = bad_utf8;
	assert_int_equal(chart_draw(cv.cr, &c, 0, 0, W, H, err, sizeof err), -1);
	assert_non_null(strstr(err, "UTF-8"));
	c.cats = two;
	c.title = "\xc3";
	assert_int_equal(chart_draw(cv.cr, &c, 0, 0, W, H, err, sizeof err), -1);
	c.title = NULL;
	c.nseries = CHART_SERIES_MAX + 1;
	assert_int_equal(chart_draw(cv.cr, &c, 0, 0, W, H, err, sizeof err), -1);
	c.nseries = 0;
	assert_int_equal(chart_draw(cv.cr, &c, 0, 0, W, H, err, sizeof err), -1);
	c.nseries = 1;
	c.ncats = CHART_CATS_MAX + 1;
	assert_int_equal(chart_draw(cv.cr, &c, 0, 0, W, H, err, sizeof err), -1);
	c.ncats = 2;
	assert_int_equal(chart_draw(cv.cr, &c, 0, 0, 50, 50, err, sizeof err), -1);
	assert_non_null(strstr(err, "too small"));
	assert_int_equal(chart_draw(cv.cr, &c, 0, 0, W, H, err, sizeof err), 0);
	canvas_close(&cv);
}

static void test_png(void **state)
{
	struct chart c = {.kind = CHART_BAR,
			  .ncats = 4,
			  .cats = provinces,
			  .nseries = 1,
			  .values = {enrolled}};
	struct buf out;
	char err[256];

	(void)state;
	buf_init(&out, 0);
	assert_int_equal(chart_png(&c, 400, 300, &out, err, sizeof err), 0);
	assert_true(out.len > 100);
	assert_memory_equal(out.data, "\x89PNG", 4);
	assert_int_equal(chart_png(&c, 10, 300, &out, err, sizeof err), -1);
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bars),     cmocka_unit_test(test_zeros_and_empty),
		cmocka_unit_test(test_line),     cmocka_unit_test(test_pie_and_labels),
		cmocka_unit_test(test_refusals), cmocka_unit_test(test_png),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
