/*
 * chart.h - charts drawn with cairo and pango (issue 16's annual report):
 * a bar chart (one to CHART_SERIES_MAX series side by side), a line chart
 * (one line per series) and a pie (the first series), with the value axis,
 * its grid and numbers, the category labels under the plot (Chinese set by
 * pango in the face services/pdf.c uses), the values over the bars and a
 * legend.
 *
 * The geometry does not depend on the text: the plot area is the box less
 * fixed margins (CHART_* below), so chart_bar_box() and chart_point() say
 * where a bar or a point is drawn without drawing it (the tests look for
 * ink there). Labels that do not fit their slot are shrunk, wrapped to two
 * lines and then cut with an ellipsis, never drawn over their neighbours.
 *
 * Strings must be UTF-8 (checked); NULL strings are drawn as empty. The
 * caller's arrays are only read during the call. Every call stands alone:
 * threads may draw at once (on their own cairo contexts).
 */
#ifndef SERVICES_CHART_H
#define SERVICES_CHART_H

#include <stddef.h>

#include "base/buf.h"

#define CHART_SERIES_MAX 4
#define CHART_CATS_MAX 64 /* categories (bars, points, slices) at most */

/* the margins of the plot area inside the chart's box, in the box's units
 * (points in a PDF, pixels in a PNG) */
#define CHART_TITLE_H 20.0  /* the title's band at the top (when there is one) */
#define CHART_LEGEND_H 16.0 /* the legend's band under it (several series) */
#define CHART_AXIS_W 44.0   /* the value axis' numbers at the left */
#define CHART_LABELS_H 30.0 /* the category labels under the plot */
#define CHART_PAD 8.0       /* at the right and above the plot */

enum chart_kind { CHART_BAR, CHART_LINE, CHART_PIE };

struct chart {
	enum chart_kind kind;
	const char *title;       /* drawn in the title band; NULL or "": no band */
	size_t ncats;            /* 0 .. CHART_CATS_MAX (0: "no data" is drawn) */
	const char *const *cats; /* ncats category labels */
	size_t nseries;          /* 1 .. CHART_SERIES_MAX (a pie: the first) */
	const char *names[CHART_SERIES_MAX];    /* the legend (NULL: none) */
	const double *values[CHART_SERIES_MAX]; /* ncats values each, >= 0 */
	int percent;       /* values are percentages: the axis reads "40%" */
	const char *empty; /* drawn when there is nothing to chart ("无数据") */
};

/* The cairo context (cairo_t) to draw on: the caller's surface, PDF or
 * image; chart.h does not make its callers include cairo. */
struct _cairo;

/* Draws the chart into the box (x, y, w, h) of cr, whose state is saved
 * and restored. Returns 0, or -1 with the reason in err: a string that is
 * not UTF-8, too many categories or series, a negative or non-finite
 * value, a box too small to hold the margins (w < 120 or h < 100). */
int chart_draw(struct _cairo *cr, const struct chart *c, double x, double y, double w,
	       double h, char *err, size_t errlen);

/* Where chart_draw() draws the bar of category i in series s of a bar
 * chart in a w x h box at (0, 0): box = {x, y, width, height} (the bars of
 * a category side by side, centred in its slot, each at most 56 wide).
 * Returns 0,
 * or -1 when c is not a bar chart or i, s are out of range. A zero value
 * gives height 0. */
int chart_bar_box(const struct chart *c, double w, double h, size_t i, size_t s,
		  double box[4]);

/* Where chart_draw() puts point i of series s of a line chart in a w x h
 * box at (0, 0): xy = {x, y}. Returns 0 or -1 as chart_bar_box(). */
int chart_point(const struct chart *c, double w, double h, size_t i, size_t s, double xy[2]);

/* The chart alone as a PNG of w x h pixels on white (a page may show it):
 * 0, or -1 with a reason as chart_draw(). */
int chart_png(const struct chart *c, int w, int h, struct buf *out, char *err,
	      size_t errlen);

#endif
