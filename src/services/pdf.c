/*
 * pdf.c - PDF documents through cairo's PDF surface and pango (see pdf.h).
 *
 * Owns: page geometry, the look of each document, fitting text into its
 * box (wrapping, shrinking, columns, and as a last resort cutting).
 * Must not: read or write files (output goes to the caller's buffer
 * through cairo_pdf_surface_create_for_stream), keep state between calls.
 *
 * Threads: every call makes its own cairo surface, context, pango context
 * and layouts. Fonts come from pango's default cairo font map, which pango
 * keeps per thread (since 1.32.6) and frees when the thread ends, so no
 * font map is ever shared between threads and no lock is taken; each HTTP
 * worker keeps its warm glyph caches from one call to the next. cairo and
 * fontconfig lock their own global caches.
 *
 * Text is set with pango_layout_set_text (never markup), so a caller's
 * string cannot change the formatting.
 */
#include "services/pdf.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "base/str.h"

#define FONT_FAMILY     "WenQuanYi Micro Hei"
#define FIELD_MAX       65536 /* bytes in one field */
#define SCOPE_LINES_MAX 1000  /* occupations drawn at most */

/* A4 landscape, in points */
#define PAGE_W 841.89
#define PAGE_H 595.28

struct rgb {
	double r, g, b;
};

static const struct rgb c_red = {0.60, 0.10, 0.10};
static const struct rgb c_gold = {0.71, 0.55, 0.24};
static const struct rgb c_ink = {0.12, 0.12, 0.14};
static const struct rgb c_label = {0.36, 0.33, 0.30};
static const struct rgb c_paper = {1.00, 0.992, 0.965};


/* ---- text ---- */

/* One cairo context and one pango layout, reconfigured for each text. */
struct pen {
	cairo_t *cr;
	PangoContext *ctx;
	PangoLayout *lay;
	PangoFontDescription *fd;
	double spread; /* letter spacing, in em (a spaced-out title) */
	double size;   /* of the text set last */
};

static double layout_height(PangoLayout *lay)
{
	int w, h;

	pango_layout_get_size(lay, &w, &h);
	return (double)h / PANGO_SCALE;
}

/* Sets the layout up for text at size points, wrapped at width (0: no
 * wrapping). Returns the height in points. */
static double pen_set(struct pen *pn, const char *text, double size,
                      double width, PangoAlignment align)
{
	pango_font_description_set_absolute_size(pn->fd, size * PANGO_SCALE);
	pango_layout_set_font_description(pn->lay, pn->fd);
	pango_layout_set_width(pn->lay,
	                       width > 0 ? (int)(width * PANGO_SCALE) : -1);
	pango_layout_set_height(pn->lay, -1);
	pango_layout_set_ellipsize(pn->lay, PANGO_ELLIPSIZE_NONE);
	pango_layout_set_wrap(pn->lay, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(pn->lay, align);
	pango_layout_set_indent(pn->lay, 0);
	pango_layout_set_line_spacing(pn->lay, 0);
	pango_layout_set_attributes(pn->lay, NULL);
	if (pn->spread > 0) {
		PangoAttrList *al = pango_attr_list_new();

		pango_attr_list_insert(
		    al, pango_attr_letter_spacing_new(
		            (int)(size * pn->spread * PANGO_SCALE)));
		pango_layout_set_attributes(pn->lay, al);
		pango_attr_list_unref(al);
	}
	pn->size = size;
	pango_layout_set_text(pn->lay, text, -1);
	return layout_height(pn->lay);
}

/* Like pen_set, shrinking from size down to min in 1 pt steps until the
 * text takes at most lines lines. Returns the height, or -1 (layout left
 * at min) when it never does. */
static double pen_shrink(struct pen *pn, const char *text, double size,
                         double min, double width, int lines,
                         PangoAlignment align)
{
	double h;

	for (;; size -= 1) {
		if (size < min)
			size = min;
		h = pen_set(pn, text, size, width, align);
		if (pango_layout_get_line_count(pn->lay) <= lines)
			return h;
		if (size <= min)
			return -1;
	}
}

/* pen_shrink, and when even min is too big the text is cut to lines lines
 * with an ellipsis. Returns the height. */
static double pen_fit(struct pen *pn, const char *text, double size, double min,
                      double width, int lines, PangoAlignment align)
{
	double h = pen_shrink(pn, text, size, min, width, lines, align);

	if (h >= 0)
		return h;
	pango_layout_set_height(pn->lay, -lines);
	pango_layout_set_ellipsize(pn->lay, PANGO_ELLIPSIZE_END);
	return layout_height(pn->lay);
}

static void pen_draw(struct pen *pn, const struct rgb *c, double x, double y)
{
	cairo_set_source_rgb(pn->cr, c->r, c->g, c->b);
	cairo_move_to(pn->cr, x, y);
	pango_cairo_show_layout(pn->cr, pn->lay);
}

/* ---- ornament ---- */

static void diamond(cairo_t *cr, double x, double y, double r)
{
	cairo_move_to(cr, x, y - r);
	cairo_line_to(cr, x + r, y);
	cairo_line_to(cr, x, y + r);
	cairo_line_to(cr, x - r, y);
	cairo_close_path(cr);
	cairo_fill(cr);
}

static void frame(cairo_t *cr)
{
	const double o = 20, i = 29, k = 40, len = 46;

	cairo_set_source_rgb(cr, c_paper.r, c_paper.g, c_paper.b);
	cairo_rectangle(cr, o, o, PAGE_W - 2 * o, PAGE_H - 2 * o);
	cairo_fill(cr);

	cairo_set_source_rgb(cr, c_red.r, c_red.g, c_red.b);
	cairo_set_line_width(cr, 4);
	cairo_rectangle(cr, o, o, PAGE_W - 2 * o, PAGE_H - 2 * o);
	cairo_stroke(cr);

	cairo_set_source_rgb(cr, c_gold.r, c_gold.g, c_gold.b);
	cairo_set_line_width(cr, 1.2);
	cairo_rectangle(cr, i, i, PAGE_W - 2 * i, PAGE_H - 2 * i);
	cairo_stroke(cr);
	cairo_set_line_width(cr, 0.5);
	cairo_rectangle(cr, i + 3, i + 3, PAGE_W - 2 * i - 6,
	                PAGE_H - 2 * i - 6);
	cairo_stroke(cr);

	/* corner brackets and diamonds */
	cairo_set_line_width(cr, 1.6);
	cairo_set_source_rgb(cr, c_red.r, c_red.g, c_red.b);
	for (int c = 0; c < 4; c++) {
		double x = c & 1 ? PAGE_W - k : k, y = c & 2 ? PAGE_H - k : k;
		double dx = c & 1 ? -1 : 1, dy = c & 2 ? -1 : 1;

		cairo_move_to(cr, x, y + dy * len);
		cairo_line_to(cr, x, y);
		cairo_line_to(cr, x + dx * len, y);
		cairo_stroke(cr);
		diamond(cr, x + dx * 7, y + dy * 7, 3.2);
	}
	cairo_set_source_rgb(cr, c_gold.r, c_gold.g, c_gold.b);
	for (int c = 0; c < 4; c++)
		diamond(cr, c & 1 ? PAGE_W - i : i, c & 2 ? PAGE_H - i : i, 5);
}

/* A gold rule with a diamond in the middle, centred on cx. */
static void rule(cairo_t *cr, double cx, double y, double half)
{
	cairo_set_source_rgb(cr, c_gold.r, c_gold.g, c_gold.b);
	cairo_set_line_width(cr, 0.9);
	cairo_move_to(cr, cx - half, y);
	cairo_line_to(cr, cx - 10, y);
	cairo_move_to(cr, cx + 10, y);
	cairo_line_to(cr, cx + half, y);
	cairo_stroke(cr);
	cairo_set_source_rgb(cr, c_red.r, c_red.g, c_red.b);
	diamond(cr, cx, y, 4);
}

/* ---- the scope: many lines into one box ---- */

/* Lines [from, to) joined with '\n' into b. */
static void join(struct buf *b, const char **lines, size_t from, size_t to)
{
	buf_reset(b);
	for (size_t i = from; i < to; i++) {
		if (i > from)
			buf_putc(b, '\n');
		buf_puts(b, lines[i]);
	}
}

/* Sets column text at size in width w: each line a paragraph with a
 * hanging indent, so a wrapped occupation reads as one. */
static double scope_set(struct pen *pn, const char *text, double size, double w)
{
	pen_set(pn, text, size, w, PANGO_ALIGN_LEFT);
	pango_layout_set_indent(pn->lay, (int)(-size * PANGO_SCALE));
	pango_layout_set_line_spacing(pn->lay, 1.1f);
	return layout_height(pn->lay);
}

/* Height of n lines set in ncol columns at size, or draws them when draw.
 * Lines run down the first column, then the next. */
static double scope_cols(struct pen *pn, struct buf *b, const char **lines,
                         size_t n, int ncol, double size, double x, double y,
                         double w, bool draw)
{
	const double gap = 18;
	double colw = (w - gap * (ncol - 1)) / ncol, hmax = 0;
	size_t per = (n + (size_t)ncol - 1) / (size_t)ncol;

	for (int c = 0; c < ncol; c++) {
		size_t from = (size_t)c * per;
		size_t to = from + per < n ? from + per : n;
		double h;

		if (from >= n)
			break;
		join(b, lines, from, to);
		h = scope_set(pn, b->data, size, colw);
		if (h > hmax)
			hmax = h;
		if (draw)
			pen_draw(pn, &c_ink, x + c * (colw + gap), y);
	}
	return hmax;
}

/* How the scope is set: its lines [0, keep) in ncol columns at size, the
 * last one replaced by "…" when keep < n. */
struct scope_fit {
	int ncol;
	double size;
	size_t keep;
	double h;
};

static const char ellipsis[] = "\xE2\x80\xA6";

/* Sets f for the n lines in f->ncol columns at size; true when they fit
 * height h. */
static bool scope_try(struct pen *pn, struct buf *b, const char **lines,
                      size_t n, double w, double h, struct scope_fit *f,
                      double size)
{
	f->size = size;
	f->h = scope_cols(pn, b, lines, n, f->ncol, size, 0, 0, w, false);
	return f->h <= h;
}

/* Sets f for the first keep lines, the last shown as "…"; true when they
 * fit height h. */
static bool scope_cut(struct pen *pn, struct buf *b, const char **lines,
                      size_t keep, double w, double h, struct scope_fit *f)
{
	const char *save = lines[keep - 1];

	lines[keep - 1] = ellipsis;
	f->keep = keep;
	f->h = scope_cols(pn, b, lines, keep, f->ncol, f->size, 0, 0, w, false);
	lines[keep - 1] = save;
	return f->h <= h;
}

/* Finds how the n lines fit a box w wide and at most h high: one column
 * at 13 pt down to 10 pt, then two columns down to 9 pt, then three down
 * to 7 pt, in half points, the largest that fits (found by bisection:
 * the height only grows with the size); when even that is too tall, the lines
 * that do not fit are dropped and the last kept one becomes "…". */
static void scope_plan(struct pen *pn, struct buf *b, const char **lines,
                       size_t n, double w, double h, struct scope_fit *f)
{
	static const struct {
		int ncol;
		double from, to;
	} plan[] = {{1, 13, 10}, {2, 12, 9}, {3, 11, 7}};

	f->ncol = 1;
	f->keep = n;
	f->h = 0;
	f->size = plan[0].from;
	if (n == 0)
		return;
	for (size_t p = 0; p < sizeof plan / sizeof plan[0]; p++) {
		if (plan[p].ncol > 1 && n < (size_t)plan[p].ncol * 2)
			break;
		f->ncol = plan[p].ncol;
		if (scope_try(pn, b, lines, n, w, h, f, plan[p].from))
			return;
		if (!scope_try(pn, b, lines, n, w, h, f, plan[p].to))
			continue;
		/* the largest half point size that fits: in [lo, hi] */
		{
			int lo = (int)(plan[p].to * 2),
			    hi = (int)(plan[p].from * 2) - 1;

			while (lo < hi) {
				int mid = (lo + hi + 1) / 2;

				if (scope_try(pn, b, lines, n, w, h, f,
				              mid / 2.0))
					lo = mid;
				else
					hi = mid - 1;
			}
			scope_try(pn, b, lines, n, w, h, f, lo / 2.0);
			return;
		}
	}
	/* the most lines that fit with "…" as the last: in [lo, hi] */
	{
		size_t lo = 1, hi = n - 1;

		while (lo < hi) {
			size_t mid = lo + (hi - lo + 1) / 2;

			if (scope_cut(pn, b, lines, mid, w, h, f))
				lo = mid;
			else
				hi = mid - 1;
		}
		if (lo > 1 && scope_cut(pn, b, lines, lo, w, h, f))
			return;
	}
	f->keep = 1;
	f->ncol = 1;
	f->h = scope_cols(pn, b, lines, 1, 1, f->size, 0, 0, w, false);
}

static void scope_draw(struct pen *pn, struct buf *b, const char **lines,
                       size_t n, const struct scope_fit *f, double x, double y,
                       double w)
{
	const char *save;

	if (n == 0)
		return;
	save = lines[f->keep - 1];
	if (f->keep < n)
		lines[f->keep - 1] = ellipsis;
	scope_cols(pn, b, lines, f->keep, f->ncol, f->size, x, y, w, true);
	lines[f->keep - 1] = save;
}

/* Splits a copy of s into its non-blank lines (CR dropped). Returns the
 * count; *copy and *lines are the caller's to free. */
static size_t split_lines(const char *s, char **copy, const char ***lines)
{
	size_t n = 0, cap = 1;
	char *p, *line;

	for (const char *q = s; *q; q++)
		cap += *q == '\n';
	if (cap > SCOPE_LINES_MAX)
		cap = SCOPE_LINES_MAX;
	*copy = strdup(s);
	*lines = calloc(cap, sizeof **lines);
	if (!*copy || !*lines)
		return (size_t)-1;
	for (line = *copy; line && n < cap; line = p) {
		char *e;

		p = strchr(line, '\n');
		if (p)
			*p++ = '\0';
		e = line + strlen(line);
		while (e > line &&
		       (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
			*--e = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		if (*line)
			(*lines)[n++] = line;
	}
	return n;
}

/* ---- the plaque ---- */

struct field {
	const char *name;
	const char **s;
};

/* Replaces NULL strings by "" and refuses invalid UTF-8 or huge fields. */
static int check_fields(struct pdf_plaque *p, char *err, size_t errlen)
{
	const struct field f[] = {
	    {"issuer", &p->issuer},
	    {"title", &p->title},
	    {"institution", &p->institution},
	    {"type_label", &p->type_label},
	    {"registration_no", &p->registration_no},
	    {"scope", &p->scope},
	    {"valid_from", &p->valid_from},
	    {"valid_until", &p->valid_until},
	    {"approval_doc", &p->approval_doc},
	    {"issued_on", &p->issued_on},
	    {"l_type", &p->l_type},
	    {"l_regno", &p->l_regno},
	    {"l_scope", &p->l_scope},
	    {"l_validity", &p->l_validity},
	    {"l_approval", &p->l_approval},
	};

	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		size_t n;

		if (!*f[i].s)
			*f[i].s = "";
		n = strlen(*f[i].s);
		if (n > FIELD_MAX) {
			str_errf(err, errlen, "%s is longer than %d bytes",
			       f[i].name, FIELD_MAX);
			return -1;
		}
		if (!str_utf8_valid(*f[i].s, n)) {
			str_errf(err, errlen, "%s is not valid UTF-8", f[i].name);
			return -1;
		}
	}
	return 0;
}

static cairo_status_t write_buf(void *closure, const unsigned char *data,
                                unsigned int length)
{
	struct buf *out = closure;

	buf_append(out, data, length);
	return buf_failed(out) ? CAIRO_STATUS_WRITE_ERROR
	                       : CAIRO_STATUS_SUCCESS;
}

/* Geometry of the field block */
#define FIELDS_X 120.0
#define LABEL_W  130.0
#define VALUE_X  (FIELDS_X + LABEL_W + 22)
#define VALUE_W  (PAGE_W - FIELDS_X - VALUE_X)
#define ROW_GAP  11.0
#define LABEL_PT 13.0
#define VALUE_PT 14.0

/* Height of a label/value row (value at most two lines). */
static double field_height(struct pen *pn, const char *label, const char *value)
{
	double hl =
	    pen_fit(pn, label, LABEL_PT, 9, LABEL_W, 2, PANGO_ALIGN_RIGHT);
	double hv =
	    pen_fit(pn, value, VALUE_PT, 10, VALUE_W, 2, PANGO_ALIGN_LEFT);

	return hl > hv ? hl : hv;
}

static void label_draw(struct pen *pn, const char *label, double y)
{
	pen_fit(pn, label, LABEL_PT, 9, LABEL_W, 2, PANGO_ALIGN_RIGHT);
	/* labels sit on the value's first baseline: nudge by the size gap */
	pen_draw(pn, &c_label, FIELDS_X, y + (VALUE_PT - LABEL_PT) * 0.6);
}

static double field_draw(struct pen *pn, const char *label, const char *value,
                         double y)
{
	double h = field_height(pn, label, value);

	label_draw(pn, label, y);
	pen_fit(pn, value, VALUE_PT, 10, VALUE_W, 2, PANGO_ALIGN_LEFT);
	pen_draw(pn, &c_ink, VALUE_X, y);
	return h;
}

/* CAIRO_PDF_METADATA_CREATE_DATE from a YYYY-MM-DD date, so the same
 * plaque gives the same bytes; false when d is not such a date. */
static bool pdf_date(const char *d, char *out, size_t n)
{
	for (int i = 0; i < 10; i++) {
		bool dash = i == 4 || i == 7;

		if (dash ? d[i] != '-' : (d[i] < '0' || d[i] > '9'))
			return false;
	}
	if (d[10])
		return false;
	snprintf(out, n, "%sT00:00:00Z", d);
	return true;
}

int pdf_plaque(const struct pdf_plaque *plaque, struct buf *out, char *err,
               size_t errlen)
{
	struct pdf_plaque p = *plaque;
	struct pen pn = {NULL, NULL, NULL, NULL, 0, 0};
	cairo_surface_t *s = NULL;
	char *copy = NULL, *validity = NULL, date[32];
	const char **lines = NULL;
	size_t nlines, vlen;
	double y, h, cx = PAGE_W / 2, ybottom, hscope;
	double ht, hr, hv, ha;
	struct scope_fit fit;
	struct buf sb;
	cairo_status_t st;
	int rc = -1;

	if (check_fields(&p, err, errlen))
		return -1;
	buf_init(&sb, 0);
	nlines = split_lines(p.scope, &copy, &lines);
	vlen = strlen(p.valid_from) + strlen(p.valid_until) + 8;
	validity = malloc(vlen);
	if (nlines == (size_t)-1 || !validity) {
		str_errf(err, errlen, "out of memory");
		goto out;
	}
	snprintf(validity, vlen, "%s \xE2\x80\x94 %s", p.valid_from,
	         p.valid_until);

	s = cairo_pdf_surface_create_for_stream(write_buf, out, PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, p.title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
	                               "skillcert");
	if (pdf_date(p.issued_on, date, sizeof date))
		cairo_pdf_surface_set_metadata(
		    s, CAIRO_PDF_METADATA_CREATE_DATE, date);
	pn.cr = cairo_create(s);
	pn.ctx = pango_cairo_create_context(pn.cr);
	pn.lay = pango_layout_new(pn.ctx);
	pn.fd = pango_font_description_new();
	pango_font_description_set_family_static(pn.fd, FONT_FAMILY);

	frame(pn.cr);

	/* head: issuer, title, rule, institution */
	y = 56;
	y +=
	    pen_fit(&pn, p.issuer, 16, 11, PAGE_W - 200, 1, PANGO_ALIGN_CENTER);
	pen_draw(&pn, &c_ink, 100, 56);
	y += 10;
	pn.spread = 0.125;
	h = pen_fit(&pn, p.title, 34, 20, PAGE_W - 200, 1, PANGO_ALIGN_CENTER);
	/* the spacing also follows the last letter: shift it back */
	pen_draw(&pn, &c_red, 100 + pn.size * pn.spread / 2, y);
	pn.spread = 0;
	y += h + 10;
	rule(pn.cr, cx, y, 170);
	y += 16;
	/* the institution on one line if it can be, else on two */
	h = pen_shrink(&pn, p.institution, 26, 19, PAGE_W - 220, 1,
	               PANGO_ALIGN_CENTER);
	if (h < 0)
		h = pen_fit(&pn, p.institution, 24, 15, PAGE_W - 220, 2,
		            PANGO_ALIGN_CENTER);
	pen_draw(&pn, &c_ink, 110, y);
	y += h + 22;

	/* fields, the scope taking what the others leave; the block is
	 * centred in the space between the head and the foot */
	ybottom = PAGE_H - 112;
	ht = field_height(&pn, p.l_type, p.type_label);
	hr = field_height(&pn, p.l_regno, p.registration_no);
	hv = field_height(&pn, p.l_validity, validity);
	ha = field_height(&pn, p.l_approval, p.approval_doc);
	hscope = ybottom - y - ht - hr - hv - ha - 4 * ROW_GAP;
	if (hscope < 20)
		hscope = 20;
	scope_plan(&pn, &sb, lines, nlines, VALUE_W, hscope, &fit);
	h = pen_fit(&pn, p.l_scope, LABEL_PT, 9, LABEL_W, 2, PANGO_ALIGN_RIGHT);
	hscope = fit.h > h ? fit.h : h;
	h = ht + hr + hscope + hv + ha + 4 * ROW_GAP;
	if (ybottom - y > h)
		y += (ybottom - y - h) / 2;

	y += field_draw(&pn, p.l_type, p.type_label, y) + ROW_GAP;
	y += field_draw(&pn, p.l_regno, p.registration_no, y) + ROW_GAP;
	label_draw(&pn, p.l_scope, y);
	scope_draw(&pn, &sb, lines, nlines, &fit, VALUE_X, y, VALUE_W);
	y += hscope + ROW_GAP;
	y += field_draw(&pn, p.l_validity, validity, y) + ROW_GAP;
	field_draw(&pn, p.l_approval, p.approval_doc, y);
	if (buf_failed(&sb)) {
		str_errf(err, errlen, "out of memory");
		goto out;
	}

	/* foot: issuer and date at the bottom right */
	h = pen_fit(&pn, p.issuer, 14, 10, 320, 1, PANGO_ALIGN_RIGHT);
	pen_draw(&pn, &c_ink, PAGE_W - 96 - 320, PAGE_H - 100);
	pen_fit(&pn, p.issued_on, 14, 10, 320, 1, PANGO_ALIGN_RIGHT);
	pen_draw(&pn, &c_ink, PAGE_W - 96 - 320, PAGE_H - 100 + h + 4);

	cairo_show_page(pn.cr);
	st = cairo_status(pn.cr);
	if (st != CAIRO_STATUS_SUCCESS) {
		str_errf(err, errlen, "cairo: %s", cairo_status_to_string(st));
		goto out;
	}
	cairo_surface_finish(s);
	st = cairo_surface_status(s);
	if (st != CAIRO_STATUS_SUCCESS || buf_failed(out)) {
		str_errf(err, errlen, "PDF output: %s",
		       buf_failed(out) ? "too large or out of memory"
		                       : cairo_status_to_string(st));
		goto out;
	}
	rc = 0;
out:
	if (pn.fd)
		pango_font_description_free(pn.fd);
	if (pn.lay)
		g_object_unref(pn.lay);
	if (pn.ctx)
		g_object_unref(pn.ctx);
	if (pn.cr)
		cairo_destroy(pn.cr);
	if (s)
		cairo_surface_destroy(s);
	buf_release(&sb);
	free(validity);
	free((void *)lines);
	free(copy);
	return rc;
}
