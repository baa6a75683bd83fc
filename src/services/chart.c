/*
 * chart.c - bar, line and pie charts on a cairo context (see chart.h).
 *
 * Owns: the charts' geometry (fixed margins, so chart_bar_box() and
 * chart_point() agree with the drawing), the value axis' round steps, the
 * colours, fitting labels into their slots.
 * Must not: read or write files, keep state between calls, use markup
 * (text is set with pango_layout_set_text, so a label cannot change the
 * formatting).
 */
#include "services/chart.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "base/str.h"

/* the face of every document (services/pdf.c): one face, one subset */
#define FONT_FAMILY "AR PL UMing CN"
#define LABEL_PT 8.0
#define VALUE_PT 7.0
#define TITLE_PT 10.0
#define MIN_W 120.0
#define MIN_H 100.0
#define BAR_MAX_W 56.0 /* a bar no wider, however few the categories */

struct rgb {
	double r, g, b;
};

static const struct rgb palette[] = {
	{0.20, 0.40, 0.69}, {0.84, 0.37, 0.00}, {0.17, 0.58, 0.17}, {0.60, 0.10, 0.10},
	{0.55, 0.34, 0.29}, {0.58, 0.40, 0.74}, {0.45, 0.45, 0.45}, {0.09, 0.65, 0.72},
};
#define NCOLOURS (sizeof palette / sizeof palette[0])
static const struct rgb c_ink = {0.12, 0.12, 0.14};
static const struct rgb c_grid = {0.85, 0.85, 0.85};

/* ---- geometry ---- */

struct plot {
	double x, y, w, h; /* the plot area */
	double top;        /* the value at its top */
	double step;       /* between grid lines */
	double slot;       /* one category's width */
};

static bool has_text(const char *s) { return s && *s; }

static bool has_legend(const struct chart *c)
{
	return c->kind != CHART_PIE && (c->nseries > 1 || has_text(c->names[0]));
}

/* A round step (1, 2 or 5 times a power of ten) giving about five grid
 * lines up to max; counts never step by less than one. */
static void axis_of(const struct chart *c, double *top, double *step)
{
	double max = 0, raw, mag, f;

	for (size_t s = 0; s < c->nseries; s++)
		for (size_t i = 0; i < c->ncats; i++)
			if (c->values[s][i] > max)
				max = c->values[s][i];
	if (max <= 0)
		max = c->percent ? 100 : 1;
	raw = max / 5;
	mag = pow(10, floor(log10(raw)));
	f = raw / mag;
	*step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
	if (!c->percent && *step < 1)
		*step = 1;
	*top = ceil(max / *step - 1e-9) * *step;
	if (*top <= 0)
		*top = *step;
}

static void plot_of(const struct chart *c, double w, double h, struct plot *p)
{
	double top = CHART_PAD;

	if (has_text(c->title))
		top += CHART_TITLE_H;
	if (has_legend(c))
		top += CHART_LEGEND_H;
	p->x = CHART_AXIS_W;
	p->y = top;
	p->w = w - CHART_AXIS_W - CHART_PAD;
	p->h = h - top - CHART_LABELS_H;
	axis_of(c, &p->top, &p->step);
	p->slot = c->ncats ? p->w / (double)c->ncats : p->w;
}

int chart_bar_box(const struct chart *c, double w, double h, size_t i, size_t s,
		  double box[4])
{
	struct plot p;
	double group, bw, v;

	if (c->kind != CHART_BAR || i >= c->ncats || s >= c->nseries)
		return -1;
	plot_of(c, w, h, &p);
	group = fmin(p.slot * 0.7, BAR_MAX_W * (double)c->nseries);
	bw = group / (double)c->nseries;
	v = c->values[s][i] > 0 ? c->values[s][i] : 0;
	box[3] = v / p.top * p.h;
	box[0] = p.x + (double)i * p.slot + (p.slot - group) / 2 + (double)s * bw;
	box[1] = p.y + p.h - box[3];
	box[2] = bw;
	return 0;
}

int chart_point(const struct chart *c, double w, double h, size_t i, size_t s, double xy[2])
{
	struct plot p;
	double v;

	if (c->kind != CHART_LINE || i >= c->ncats || s >= c->nseries)
		return -1;
	plot_of(c, w, h, &p);
	v = c->values[s][i] > 0 ? c->values[s][i] : 0;
	xy[0] = p.x + ((double)i + 0.5) * p.slot;
	xy[1] = p.y + p.h - v / p.top * p.h;
	return 0;
}

/* ---- text ---- */

struct pen {
	cairo_t *cr;
	PangoLayout *lay;
	PangoFontDescription *fd;
};

/* Sets text at size in a box width wide (one or two lines, then cut with
 * an ellipsis); returns its height. */
static double pen_set(struct pen *pn, const char *text, double size, double width,
		      int lines, PangoAlignment al)
{
	int w, h;

	pango_font_description_set_absolute_size(pn->fd, size * PANGO_SCALE);
	pango_layout_set_font_description(pn->lay, pn->fd);
	pango_layout_set_width(pn->lay, width > 0 ? (int)(width * PANGO_SCALE) : -1);
	pango_layout_set_height(pn->lay, -lines);
	pango_layout_set_wrap(pn->lay, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_ellipsize(pn->lay, width > 0 ? PANGO_ELLIPSIZE_END
						      : PANGO_ELLIPSIZE_NONE);
	pango_layout_set_alignment(pn->lay, al);
	pango_layout_set_text(pn->lay, text ? text : "", -1);
	pango_layout_get_size(pn->lay, &w, &h);
	return (double)h / PANGO_SCALE;
}

/* The width of text set at size on one line. */
static double pen_width(struct pen *pn, const char *text, double size)
{
	int w, h;

	pen_set(pn, text, size, 0, 1, PANGO_ALIGN_LEFT);
	pango_layout_get_size(pn->lay, &w, &h);
	return (double)w / PANGO_SCALE;
}

static void pen_draw(struct pen *pn, const struct rgb *c, double x, double y)
{
	cairo_set_source_rgb(pn->cr, c->r, c->g, c->b);
	cairo_move_to(pn->cr, x, y);
	pango_cairo_show_layout(pn->cr, pn->lay);
}

/* A label shrunk from size down to 5 pt to fit width on lines lines (cut
 * when even that is too wide), centred in (x, width), top at y. */
static void label_fit(struct pen *pn, const char *text, double size, double x, double y,
		      double width, int lines, const struct rgb *c)
{
	for (; size > 5 && pen_width(pn, text, size) > width * lines; size -= 0.5)
		;
	pen_set(pn, text, size, width, lines, PANGO_ALIGN_CENTER);
	pen_draw(pn, c, x, y);
}

static void number(char *out, size_t len, double v, int percent)
{
	if (percent)
		snprintf(out, len, "%.1f%%", v);
	else
		snprintf(out, len, "%.0f", v);
}

/* ---- drawing ---- */

static void set_rgb(cairo_t *cr, const struct rgb *c)
{
	cairo_set_source_rgb(cr, c->r, c->g, c->b);
}

static void draw_title(struct pen *pn, const struct chart *c, double w)
{
	if (!has_text(c->title))
		return;
	pen_set(pn, c->title, TITLE_PT, w, 1, PANGO_ALIGN_CENTER);
	pen_draw(pn, &c_ink, 0, 4);
}

/* The legend: a swatch and a name per series, in a row under the title. */
static void draw_legend(struct pen *pn, const struct chart *c, double w)
{
	double y = CHART_PAD + (has_text(c->title) ? CHART_TITLE_H : 0) - 4;
	double each = (w - CHART_AXIS_W) / (double)c->nseries, x = CHART_AXIS_W;

	for (size_t s = 0; s < c->nseries; s++, x += each) {
		set_rgb(pn->cr, &palette[s % NCOLOURS]);
		cairo_rectangle(pn->cr, x, y + 3, 9, 9);
		cairo_fill(pn->cr);
		pen_set(pn, c->names[s], LABEL_PT, each - 16, 1, PANGO_ALIGN_LEFT);
		pen_draw(pn, &c_ink, x + 13, y + 2);
	}
}

/* Grid lines, the axis' numbers and the category labels. */
static void draw_axes(struct pen *pn, const struct chart *c, const struct plot *p)
{
	cairo_t *cr = pn->cr;
	char num[48];

	cairo_set_line_width(cr, 0.5);
	for (double v = 0; v <= p->top + p->step / 2; v += p->step) {
		double y = p->y + p->h - v / p->top * p->h;

		set_rgb(cr, &c_grid);
		cairo_move_to(cr, p->x, y);
		cairo_line_to(cr, p->x + p->w, y);
		cairo_stroke(cr);
		if (c->percent)
			snprintf(num, sizeof num, "%g%%", v);
		else
			snprintf(num, sizeof num, "%.0f", v);
		double th = pen_set(pn, num, VALUE_PT, CHART_AXIS_W - 6, 1,
				    PANGO_ALIGN_RIGHT);
		pen_draw(pn, &c_ink, 0, y - th / 2);
	}
	set_rgb(cr, &c_ink);
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, p->x, p->y);
	cairo_line_to(cr, p->x, p->y + p->h);
	cairo_line_to(cr, p->x + p->w, p->y + p->h);
	cairo_stroke(cr);
	for (size_t i = 0; i < c->ncats; i++)
		label_fit(pn, c->cats[i], LABEL_PT, p->x + (double)i * p->slot,
			  p->y + p->h + 3, p->slot - 2, 2, &c_ink);
}

static void draw_bars(struct pen *pn, const struct chart *c, double w, double h,
		      const struct plot *p)
{
	char num[48];

	for (size_t s = 0; s < c->nseries; s++)
		for (size_t i = 0; i < c->ncats; i++) {
			double b[4];

			chart_bar_box(c, w, h, i, s, b);
			set_rgb(pn->cr, &palette[s % NCOLOURS]);
			cairo_rectangle(pn->cr, b[0], b[1], b[2], b[3]);
			cairo_fill(pn->cr);
			if (b[2] < 9 || c->ncats * c->nseries > 40)
				continue;
			number(num, sizeof num, c->values[s][i], c->percent);
			double size = VALUE_PT;
			for (; size > 4.5 && pen_width(pn, num, size) > b[2] + p->slot * 0.1;
			     size -= 0.5)
				;
			pen_set(pn, num, size, 0, 1, PANGO_ALIGN_LEFT);
			pen_draw(pn, &c_ink, b[0] + (b[2] - pen_width(pn, num, size)) / 2,
				 b[1] - size * 1.4);
		}
}

static void draw_lines(struct pen *pn, const struct chart *c, double w, double h)
{
	cairo_t *cr = pn->cr;
	char num[48];

	for (size_t s = 0; s < c->nseries; s++) {
		double xy[2];

		set_rgb(cr, &palette[s % NCOLOURS]);
		cairo_set_line_width(cr, 1.6);
		cairo_new_path(cr);
		for (size_t i = 0; i < c->ncats; i++) {
			chart_point(c, w, h, i, s, xy);
			if (i)
				cairo_line_to(cr, xy[0], xy[1]);
			else
				cairo_move_to(cr, xy[0], xy[1]);
		}
		cairo_stroke(cr);
		for (size_t i = 0; i < c->ncats; i++) {
			chart_point(c, w, h, i, s, xy);
			set_rgb(cr, &palette[s % NCOLOURS]);
			cairo_new_path(cr);
			cairo_arc(cr, xy[0], xy[1], 2.6, 0, 2 * M_PI);
			cairo_fill(cr);
			if (c->ncats > 16)
				continue;
			number(num, sizeof num, c->values[s][i], c->percent);
			pen_set(pn, num, VALUE_PT, 0, 1, PANGO_ALIGN_LEFT);
			pen_draw(pn, &c_ink, xy[0] - pen_width(pn, num, VALUE_PT) / 2,
				 xy[1] - VALUE_PT * 1.9);
		}
	}
}

/* The pie at the left, its legend (label, value, share) at the right. */
static void draw_pie(struct pen *pn, const struct chart *c, double w, double h)
{
	cairo_t *cr = pn->cr;
	double top = CHART_PAD + (has_text(c->title) ? CHART_TITLE_H : 0);
	double r = fmin(h - top - CHART_PAD, w * 0.45) / 2, cx = CHART_PAD + r,
	       cy = top + r, total = 0, a = -M_PI / 2, row;
	const double *v = c->values[0];
	char line[512];

	for (size_t i = 0; i < c->ncats; i++)
		total += v[i];
	set_rgb(cr, &c_grid);
	cairo_set_line_width(cr, 0.8);
	cairo_new_path(cr); /* no line from where the title left the point */
	cairo_arc(cr, cx, cy, r, 0, 2 * M_PI);
	cairo_stroke(cr);
	for (size_t i = 0; total > 0 && i < c->ncats; i++) {
		double sweep = v[i] / total * 2 * M_PI;

		if (sweep <= 0)
			continue;
		set_rgb(cr, &palette[i % NCOLOURS]);
		cairo_move_to(cr, cx, cy);
		cairo_arc(cr, cx, cy, r, a, a + sweep);
		cairo_close_path(cr);
		cairo_fill_preserve(cr);
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_set_line_width(cr, 0.8);
		cairo_stroke(cr);
		a += sweep;
	}
	row = fmin(14, (h - top - CHART_PAD) / (double)(c->ncats ? c->ncats : 1));
	for (size_t i = 0; i < c->ncats; i++) {
		double x = cx + r + 16, y = top + (double)i * row;

		set_rgb(cr, &palette[i % NCOLOURS]);
		cairo_rectangle(cr, x, y + 2, 8, 8);
		cairo_fill(cr);
		snprintf(line, sizeof line, "%.200s  %.0f (%.1f%%)",
			 c->cats[i] ? c->cats[i] : "", v[i],
			 total > 0 ? v[i] / total * 100 : 0.0);
		pen_set(pn, line, fmin(LABEL_PT, row * 0.75), w - x - 12, 1,
			PANGO_ALIGN_LEFT);
		pen_draw(pn, &c_ink, x + 12, y);
	}
}

static int utf8_ok(const char *s) { return !s || str_utf8_valid(s, strlen(s)); }

static int check(const struct chart *c, double w, double h, char *err, size_t errlen)
{
	if (w < MIN_W || h < MIN_H) {
		str_errf(err, errlen, "chart box %.0f x %.0f too small", w, h);
		return -1;
	}
	if (c->ncats > CHART_CATS_MAX || (c->ncats && !c->cats)) {
		str_errf(err, errlen, "chart: %zu categories (at most %d)", c->ncats,
			 CHART_CATS_MAX);
		return -1;
	}
	if (c->nseries < 1 || c->nseries > CHART_SERIES_MAX) {
		str_errf(err, errlen, "chart: %zu series (1 to %d)", c->nseries,
			 CHART_SERIES_MAX);
		return -1;
	}
	if (!utf8_ok(c->title) || !utf8_ok(c->empty)) {
		str_errf(err, errlen, "chart: title not UTF-8");
		return -1;
	}
	for (size_t s = 0; s < c->nseries; s++) {
		if (!utf8_ok(c->names[s])) {
			str_errf(err, errlen, "chart: series %zu: name not UTF-8", s + 1);
			return -1;
		}
		if (c->ncats && !c->values[s]) {
			str_errf(err, errlen, "chart: series %zu: no values", s + 1);
			return -1;
		}
		for (size_t i = 0; i < c->ncats; i++)
			if (!isfinite(c->values[s][i]) || c->values[s][i] < 0) {
				str_errf(err, errlen, "chart: series %zu, value %zu: %g",
					 s + 1, i + 1, c->values[s][i]);
				return -1;
			}
	}
	for (size_t i = 0; i < c->ncats; i++)
		if (!utf8_ok(c->cats[i])) {
			str_errf(err, errlen, "chart: label %zu not UTF-8", i + 1);
			return -1;
		}
	return 0;
}

int chart_draw(struct _cairo *cr, const struct chart *c, double x, double y, double w,
	       double h, char *err, size_t errlen)
{
	struct pen pn;
	struct plot p;
	cairo_status_t st;

	if (check(c, w, h, err, errlen))
		return -1;
	cairo_save(cr);
	cairo_translate(cr, x, y);
	pn.cr = cr;
	pn.lay = pango_cairo_create_layout(cr);
	pn.fd = pango_font_description_new();
	pango_font_description_set_family_static(pn.fd, FONT_FAMILY);
	draw_title(&pn, c, w);
	if (c->ncats == 0) {
		double th = pen_set(&pn, has_text(c->empty) ? c->empty : "-", LABEL_PT, w,
				    1, PANGO_ALIGN_CENTER);

		pen_draw(&pn, &c_ink, 0, (h - th) / 2);
	} else if (c->kind == CHART_PIE) {
		draw_pie(&pn, c, w, h);
	} else {
		plot_of(c, w, h, &p);
		if (has_legend(c))
			draw_legend(&pn, c, w);
		draw_axes(&pn, c, &p);
		if (c->kind == CHART_BAR)
			draw_bars(&pn, c, w, h, &p);
		else
			draw_lines(&pn, c, w, h);
	}
	pango_font_description_free(pn.fd);
	g_object_unref(pn.lay);
	cairo_restore(cr);
	st = cairo_status(cr);
	if (st != CAIRO_STATUS_SUCCESS) {
		str_errf(err, errlen, "cairo: %s", cairo_status_to_string(st));
		return -1;
	}
	return 0;
}

static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int len)
{
	struct buf *out = closure;

	buf_append(out, data, len);
	return buf_failed(out) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

int chart_png(const struct chart *c, int w, int h, struct buf *out, char *err, size_t errlen)
{
	cairo_surface_t *s;
	cairo_t *cr;
	int rc = -1;

	if (w < MIN_W || h < MIN_H || w > 4096 || h > 4096) {
		str_errf(err, errlen, "chart size %d x %d out of range", w, h);
		return -1;
	}
	s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	if (chart_draw(cr, c, 0, 0, w, h, err, errlen) == 0) {
		cairo_surface_flush(s);
		if (cairo_surface_write_to_png_stream(s, write_buf, out) ==
		    CAIRO_STATUS_SUCCESS)
			rc = 0;
		else
			str_errf(err, errlen, "PNG output failed");
	}
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	return rc;
}
