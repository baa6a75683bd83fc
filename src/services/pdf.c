/*
 * pdf.c - PDF documents through cairo's PDF surface and pango (see pdf.h).
 *
 * Owns: page geometry, the look of each document, fitting text into its
 * box (wrapping, shrinking, columns, and as a last resort cutting),
 * decoding a certificate's photo (PNG through cairo, JPEG through libjpeg)
 * and drawing its QR code (the matrix from qr.c).
 * Must not: read or write files (output goes to the caller's buffer
 * through cairo_pdf_surface_create_for_stream), keep state between calls,
 * print anything (libjpeg's messages are caught, not written to stderr).
 *
 * Threads: every call makes its own cairo surface, context, pango context
 * and layouts. Fonts come from pango's default cairo font map, which pango
 * keeps per thread (since 1.32.6) and frees when the thread ends, so no
 * font map is ever shared between threads and no lock is taken; each HTTP
 * worker keeps its warm glyph caches from one call to the next. cairo and
 * fontconfig lock their own global caches. pdf_certificates_batch starts
 * threads of its own, each drawing whole PDFs of consecutive pages with
 * its own surface, context and (per-thread) font map; nothing cairo or
 * pango makes crosses threads: the calling thread only joins the finished
 * PDFs' bytes.
 *
 * Text is set with pango_layout_set_text (never markup), so a caller's
 * string cannot change the formatting.
 */
#include "services/pdf.h"

#include <inttypes.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <jpeglib.h>
#include <pango/pangocairo.h>

#include "base/str.h"
#include "core/photo.h"
#include "core/stamp.h"
#include "services/chart.h"
#include "services/pdfjoin.h"
#include "services/qr.h"

/* One face for every document: a serif (Ming/Song, 明体/宋体) face, as
 * official certificates are set. Certificates are customarily set in a
 * FangSong (仿宋) or Song face; no FangSong font is packaged in Debian (the
 * free CJK families there are WenQuanYi, Noto/Source Han Sans and Serif,
 * AR PL UMing/UKai), so the Song-style AR PL UMing (fonts-arphic-uming,
 * its simplified-Chinese glyph forms: "CN") it is, embedded as a subset
 * like any face cairo embeds. */
#define FONT_FAMILY "AR PL UMing CN"
#define FIELD_MAX 65536      /* bytes in one field */
#define SCOPE_LINES_MAX 1000 /* occupations drawn at most */

/* A4 landscape, in points */
#define PAGE_W 841.89
#define PAGE_H 595.28
/* the plaque's QR code: 24 mm, quiet zone included, at the lower left */
#define P_QR_SIDE (24 * 72 / 25.4)
#define P_QR_X 96.0
#define P_QR_BOTTOM 56.0

struct rgb {
	double r, g, b;
};

static const struct rgb c_red = {0.60, 0.10, 0.10};
static const struct rgb c_gold = {0.71, 0.55, 0.24};
static const struct rgb c_ink = {0.12, 0.12, 0.14};
static const struct rgb c_label = {0.36, 0.33, 0.30};
static const struct rgb c_paper = {1.00, 0.992, 0.965};

/* the seal (defined with the images below) */
static cairo_surface_t *stamp_surface(const unsigned char *data, size_t len, char *err,
				      size_t errlen);
static void stamp_draw(cairo_t *cr, cairo_surface_t *img, double cx, double cy, double side);
/* the QR code (defined with the certificate below) */
static void qr_draw(cairo_t *cr, const struct qr *q, double x, double y, double side);

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

/* A pen on a new document's surface s, set in the face of every document. */
static void pen_open(struct pen *pn, cairo_surface_t *s)
{
	pn->cr = cairo_create(s);
	pn->ctx = pango_cairo_create_context(pn->cr);
	pn->lay = pango_layout_new(pn->ctx);
	pn->fd = pango_font_description_new();
	pango_font_description_set_family_static(pn->fd, FONT_FAMILY);
}

/* Frees what pen_open() made (any part of it may be missing). */
static void pen_close(struct pen *pn)
{
	if (pn->fd)
		pango_font_description_free(pn->fd);
	if (pn->lay)
		g_object_unref(pn->lay);
	if (pn->ctx)
		g_object_unref(pn->ctx);
	if (pn->cr)
		cairo_destroy(pn->cr);
}

/* Ends the page drawn on cr; -1 with err filled when cairo failed. */
static int page_shown(cairo_t *cr, char *err, size_t errlen)
{
	cairo_status_t st;

	cairo_show_page(cr);
	st = cairo_status(cr);
	if (st == CAIRO_STATUS_SUCCESS)
		return 0;
	str_errf(err, errlen, "cairo: %s", cairo_status_to_string(st));
	return -1;
}

/* Finishes the document written to out through s; -1 with err filled when
 * cairo failed or out could not hold it. */
static int doc_finished(cairo_surface_t *s, struct buf *out, char *err, size_t errlen)
{
	cairo_status_t st;

	cairo_surface_finish(s);
	st = cairo_surface_status(s);
	if (st == CAIRO_STATUS_SUCCESS && !buf_failed(out))
		return 0;
	str_errf(err, errlen, "PDF output: %s",
		 buf_failed(out) ? "too large or out of memory"
				 : cairo_status_to_string(st));
	return -1;
}

static double layout_height(PangoLayout *lay)
{
	int w, h;

	pango_layout_get_size(lay, &w, &h);
	return (double)h / PANGO_SCALE;
}

/* Sets the layout up for text at size points, wrapped at width (0: no
 * wrapping). Returns the height in points. */
static double pen_set(struct pen *pn, const char *text, double size, double width,
		      PangoAlignment align)
{
	pango_font_description_set_absolute_size(pn->fd, size * PANGO_SCALE);
	pango_layout_set_font_description(pn->lay, pn->fd);
	pango_layout_set_width(pn->lay, width > 0 ? (int)(width * PANGO_SCALE) : -1);
	pango_layout_set_height(pn->lay, -1);
	pango_layout_set_ellipsize(pn->lay, PANGO_ELLIPSIZE_NONE);
	pango_layout_set_wrap(pn->lay, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(pn->lay, align);
	pango_layout_set_indent(pn->lay, 0);
	pango_layout_set_line_spacing(pn->lay, 0);
	pango_layout_set_justify(pn->lay, FALSE);
	pango_layout_set_attributes(pn->lay, NULL);
	if (pn->spread > 0) {
		PangoAttrList *al = pango_attr_list_new();

		pango_attr_list_insert(al, pango_attr_letter_spacing_new(
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
static double pen_shrink(struct pen *pn, const char *text, double size, double min,
			 double width, int lines, PangoAlignment align)
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

/* The border of a page w x h points: paper, a red line, two gold lines,
 * red corner brackets with diamonds. */
static void frame(cairo_t *cr, double w, double h)
{
	const double o = 20, i = 29, k = 40, len = 46;

	cairo_set_source_rgb(cr, c_paper.r, c_paper.g, c_paper.b);
	cairo_rectangle(cr, o, o, w - 2 * o, h - 2 * o);
	cairo_fill(cr);

	cairo_set_source_rgb(cr, c_red.r, c_red.g, c_red.b);
	cairo_set_line_width(cr, 4);
	cairo_rectangle(cr, o, o, w - 2 * o, h - 2 * o);
	cairo_stroke(cr);

	cairo_set_source_rgb(cr, c_gold.r, c_gold.g, c_gold.b);
	cairo_set_line_width(cr, 1.2);
	cairo_rectangle(cr, i, i, w - 2 * i, h - 2 * i);
	cairo_stroke(cr);
	cairo_set_line_width(cr, 0.5);
	cairo_rectangle(cr, i + 3, i + 3, w - 2 * i - 6, h - 2 * i - 6);
	cairo_stroke(cr);

	/* corner brackets and diamonds */
	cairo_set_line_width(cr, 1.6);
	cairo_set_source_rgb(cr, c_red.r, c_red.g, c_red.b);
	for (int c = 0; c < 4; c++) {
		double x = c & 1 ? w - k : k, y = c & 2 ? h - k : k;
		double dx = c & 1 ? -1 : 1, dy = c & 2 ? -1 : 1;

		cairo_move_to(cr, x, y + dy * len);
		cairo_line_to(cr, x, y);
		cairo_line_to(cr, x + dx * len, y);
		cairo_stroke(cr);
		diamond(cr, x + dx * 7, y + dy * 7, 3.2);
	}
	cairo_set_source_rgb(cr, c_gold.r, c_gold.g, c_gold.b);
	for (int c = 0; c < 4; c++)
		diamond(cr, c & 1 ? w - i : i, c & 2 ? h - i : i, 5);
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
static double scope_cols(struct pen *pn, struct buf *b, const char **lines, size_t n,
			 int ncol, double size, double x, double y, double w, bool draw)
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
static bool scope_try(struct pen *pn, struct buf *b, const char **lines, size_t n,
		      double w, double h, struct scope_fit *f, double size)
{
	f->size = size;
	f->h = scope_cols(pn, b, lines, n, f->ncol, size, 0, 0, w, false);
	return f->h <= h;
}

/* Sets f for the first keep lines, the last shown as "…"; true when they
 * fit height h. */
static bool scope_cut(struct pen *pn, struct buf *b, const char **lines, size_t keep,
		      double w, double h, struct scope_fit *f)
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
static void scope_plan(struct pen *pn, struct buf *b, const char **lines, size_t n,
		       double w, double h, struct scope_fit *f)
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
			int lo = (int)(plan[p].to * 2), hi = (int)(plan[p].from * 2) - 1;

			while (lo < hi) {
				int mid = (lo + hi + 1) / 2;

				if (scope_try(pn, b, lines, n, w, h, f, mid / 2.0))
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

static void scope_draw(struct pen *pn, struct buf *b, const char **lines, size_t n,
		       const struct scope_fit *f, double x, double y, double w)
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
		while (e > line && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
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
static int check_strings(const struct field *f, size_t n, char *err, size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		size_t len;

		if (!*f[i].s)
			*f[i].s = "";
		len = strlen(*f[i].s);
		if (len > FIELD_MAX) {
			str_errf(err, errlen, "%s is longer than %d bytes", f[i].name,
				 FIELD_MAX);
			return -1;
		}
		if (!str_utf8_valid(*f[i].s, len)) {
			str_errf(err, errlen, "%s is not valid UTF-8", f[i].name);
			return -1;
		}
	}
	return 0;
}

/* The plaque's strings, through check_strings. */
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
		{"qr_text", &p->qr_text},
	};

	return check_strings(f, sizeof f / sizeof f[0], err, errlen);
}

static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int length)
{
	struct buf *out = closure;

	buf_append(out, data, length);
	return buf_failed(out) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* Geometry of the field block */
#define FIELDS_X 120.0
#define LABEL_W 130.0
#define VALUE_X (FIELDS_X + LABEL_W + 22)
#define VALUE_W (PAGE_W - FIELDS_X - VALUE_X)
#define ROW_GAP 11.0
#define LABEL_PT 13.0
#define VALUE_PT 14.0

/* Height of a label/value row (value at most two lines). */
static double field_height(struct pen *pn, const char *label, const char *value)
{
	double hl = pen_fit(pn, label, LABEL_PT, 9, LABEL_W, 2, PANGO_ALIGN_RIGHT);
	double hv = pen_fit(pn, value, VALUE_PT, 10, VALUE_W, 2, PANGO_ALIGN_LEFT);

	return hl > hv ? hl : hv;
}

static void label_draw(struct pen *pn, const char *label, double y)
{
	pen_fit(pn, label, LABEL_PT, 9, LABEL_W, 2, PANGO_ALIGN_RIGHT);
	/* labels sit on the value's first baseline: nudge by the size gap */
	pen_draw(pn, &c_label, FIELDS_X, y + (VALUE_PT - LABEL_PT) * 0.6);
}

static double field_draw(struct pen *pn, const char *label, const char *value, double y)
{
	double h = field_height(pn, label, value);

	label_draw(pn, label, y);
	pen_fit(pn, value, VALUE_PT, 10, VALUE_W, 2, PANGO_ALIGN_LEFT);
	pen_draw(pn, &c_ink, VALUE_X, y);
	return h;
}

/* Reads up to width decimal digits at *p into *v, advancing *p past
 * them; false when there are fewer than minw. */
static bool digits(const char **p, int minw, int width, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < width && **p >= '0' && **p <= '9'; i++, (*p)++)
		*v = *v * 10 + (**p - '0');
	return i >= minw;
}

/* Skips sep at *p; false when it is not there. */
static bool skip(const char **p, const char *sep)
{
	size_t n = strlen(sep);

	if (strncmp(*p, sep, n))
		return false;
	*p += n;
	return true;
}

/* CAIRO_PDF_METADATA_CREATE_DATE from a date as printed, so the same
 * document gives the same bytes: YYYY-MM-DD, or YYYY年M月D日 (month and
 * day with or without a leading zero). False when d is neither. */
static bool pdf_date(const char *d, char *out, size_t n)
{
	const char *p = d;
	int y, m, day;

	if (!digits(&p, 4, 4, &y))
		return false;
	if (skip(&p, "-")) {
		if (!digits(&p, 2, 2, &m) || !skip(&p, "-") || !digits(&p, 2, 2, &day))
			return false;
	} else if (!skip(&p, "\xE5\xB9\xB4") ||                            /* 年 */
		   !digits(&p, 1, 2, &m) || !skip(&p, "\xE6\x9C\x88") ||   /* 月 */
		   !digits(&p, 1, 2, &day) || !skip(&p, "\xE6\x97\xA5")) { /* 日 */
		return false;
	}
	if (*p || m < 1 || m > 12 || day < 1 || day > 31)
		return false;
	snprintf(out, n, "%04d-%02d-%02dT00:00:00Z", y, m, day);
	return true;
}

int pdf_plaque(const struct pdf_plaque *plaque, struct buf *out, char *err, size_t errlen)
{
	struct pdf_plaque p = *plaque;
	struct pen pn = {NULL, NULL, NULL, NULL, 0, 0};
	struct qr q = {0, NULL};
	cairo_surface_t *s = NULL, *stamp = NULL;
	char *copy = NULL, *validity = NULL, date[32];
	const char **lines = NULL;
	size_t nlines, vlen;
	double y, h, cx = PAGE_W / 2, ybottom, hscope;
	double ht, hr, hv, ha;
	struct scope_fit fit;
	struct buf sb;
	int rc = -1;

	if (check_fields(&p, err, errlen))
		return -1;
	if (p.seal && !(stamp = stamp_surface(p.seal, p.seal_len, err, errlen)))
		return -1;
	if (*p.qr_text && qr_encode(p.qr_text, &q, err, errlen)) {
		if (stamp)
			cairo_surface_destroy(stamp);
		return -1;
	}
	buf_init(&sb, 0);
	nlines = split_lines(p.scope, &copy, &lines);
	vlen = strlen(p.valid_from) + strlen(p.valid_until) + 8;
	validity = malloc(vlen);
	if (nlines == (size_t)-1 || !validity) {
		str_errf(err, errlen, "out of memory");
		goto out;
	}
	snprintf(validity, vlen, "%s \xE2\x80\x94 %s", p.valid_from, p.valid_until);

	s = cairo_pdf_surface_create_for_stream(write_buf, out, PAGE_W, PAGE_H);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, p.title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "skillcert");
	if (pdf_date(p.issued_on, date, sizeof date))
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
	pen_open(&pn, s);

	frame(pn.cr, PAGE_W, PAGE_H);

	/* head: issuer, title, rule, institution */
	y = 56;
	y += pen_fit(&pn, p.issuer, 16, 11, PAGE_W - 200, 1, PANGO_ALIGN_CENTER);
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
	h = pen_shrink(&pn, p.institution, 26, 19, PAGE_W - 220, 1, PANGO_ALIGN_CENTER);
	if (h < 0)
		h = pen_fit(&pn, p.institution, 24, 15, PAGE_W - 220, 2, PANGO_ALIGN_CENTER);
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
	if (stamp)
		stamp_draw(pn.cr, stamp, PAGE_W - 96 - 90, PAGE_H - 100 + h, 40 * 72 / 25.4);
	/* the QR code of the institution's public page, at the lower left */
	if (q.modules)
		qr_draw(pn.cr, &q, P_QR_X, PAGE_H - P_QR_BOTTOM - P_QR_SIDE, P_QR_SIDE);

	if (page_shown(pn.cr, err, errlen))
		goto out;
	if (doc_finished(s, out, err, errlen))
		goto out;
	rc = 0;
out:
	pen_close(&pn);
	if (s)
		cairo_surface_destroy(s);
	if (stamp)
		cairo_surface_destroy(stamp);
	qr_release(&q);
	buf_release(&sb);
	free(validity);
	free((void *)lines);
	free(copy);
	return rc;
}

/* ---- the certificate: 职业技能等级证书, A4 portrait ---- */

/* A4 portrait, in points */
#define CERT_W 595.28
#define CERT_H 841.89
#define MM (72 / 25.4)

/* A page's title at y, spaced out by spread, fitted on one line from size
 * down to min points, centred, with a rule under it; returns the rule's y. */
static double title_rule(struct pen *pn, const char *title, double size, double min,
			 double spread, const struct rgb *c, double y)
{
	double h;

	pn->spread = spread;
	h = pen_fit(pn, title, size, min, CERT_W - 160, 1, PANGO_ALIGN_CENTER);
	pen_draw(pn, c, 80 + pn->size * pn->spread / 2, y);
	pn->spread = 0;
	y += h + 12;
	rule(pn->cr, CERT_W / 2, y, 150);
	return y;
}

#define C_LEFT 72.0             /* left edge of the text */
#define C_RIGHT (CERT_W - 72.0) /* right edge of the text */
#define C_LABEL_W 100.0         /* the label column */
#define C_VALUE_X (C_LEFT + C_LABEL_W + 10)
#define C_LABEL_PT 11.0
#define C_VALUE_PT 12.0 /* 小四号 */
#define C_ROW_GAP 12.0
#define C_PHOTO_W (25 * MM) /* 1-inch photo: 25 x 35 mm */
#define C_PHOTO_H (35 * MM)
#define C_PHOTO_X (C_RIGHT - C_PHOTO_W)
#define C_QR_SIDE (30 * MM) /* quiet zone included */
#define C_QR_QUIET 4        /* modules of quiet zone */
#define C_FOOT_PT 9.0
#define C_FOOT_Y (CERT_H - 50) /* bottom of the lookup lines */
#define LOOKUPS_MAX 4
#define C_SEAL_SIDE (40 * MM) /* an official seal: 40-42 mm */
#define C_BODY_PT 14.0        /* 四号: the body */
#define C_GAP_MIN 18.0        /* between the blocks, at least */

/* Checks the strings of one certificate as check_fields does, and the
 * lookup lines up to the first NULL (at most LOOKUPS_MAX). */
static int cert_check(struct pdf_certificate *c, char *err, size_t errlen)
{
	const struct field f[] = {
		{"title", &c->title},
		{"body", &c->body},
		{"name", &c->name},
		{"id_type", &c->id_type},
		{"id_number", &c->id_number},
		{"occupation", &c->occupation},
		{"work_type", &c->work_type},
		{"level", &c->level},
		{"number", &c->number},
		{"issued_on", &c->issued_on},
		{"institution", &c->institution},
		{"l_name", &c->l_name},
		{"l_id_type", &c->l_id_type},
		{"l_id_number", &c->l_id_number},
		{"l_occupation", &c->l_occupation},
		{"l_work_type", &c->l_work_type},
		{"l_level", &c->l_level},
		{"l_number", &c->l_number},
		{"l_issued_on", &c->l_issued_on},
		{"l_institution", &c->l_institution},
	};

	if (check_strings(f, sizeof f / sizeof f[0], err, errlen))
		return -1;
	for (int i = 0; i < LOOKUPS_MAX && c->lookups[i]; i++) {
		const struct field l = {"lookup line", &c->lookups[i]};

		if (check_strings(&l, 1, err, errlen))
			return -1;
	}
	if (c->qr_text && strlen(c->qr_text) > QR_TEXT_MAX) {
		str_errf(err, errlen, "qr_text is longer than %d bytes", QR_TEXT_MAX);
		return -1;
	}
	return 0;
}

/* ---- the photo ---- */

/* libjpeg reports errors through error_exit, which must not return (the
 * default one calls exit()): ours keeps the message and jumps back. */
struct jpeg_fail {
	struct jpeg_error_mgr pub;
	jmp_buf back;
	char msg[JMSG_LENGTH_MAX];
};

static void jpeg_fail_exit(j_common_ptr ci)
{
	struct jpeg_fail *f = (struct jpeg_fail *)ci->err;

	ci->err->format_message(ci, f->msg);
	longjmp(f->back, 1);
}

/* Warnings (level -1) are corrupt data that libjpeg would paper over,
 * a truncated file among them (it pads it with grey): refuse those too.
 * Trace messages (level >= 0) are dropped. */
static void jpeg_fail_emit(j_common_ptr ci, int level)
{
	if (level < 0)
		jpeg_fail_exit(ci);
}

static void jpeg_quiet(j_common_ptr ci) { (void)ci; }

/* Decodes a JPEG into an RGB24 surface carrying the original bytes as its
 * CAIRO_MIME_TYPE_JPEG data, so the PDF embeds the file as it is (a
 * DCTDecode image) rather than the decoded pixels. The mime data is a copy
 * the surface owns: a batch's caller may reuse the photo's memory once the
 * page is drawn, while the PDF surface may still hold the image.
 * Grey JPEGs are expanded to RGB; CMYK and YCCK ones are refused.
 * Returns the surface, or NULL with a reason in err. */
static cairo_surface_t *jpeg_surface(const unsigned char *data, size_t len, char *err,
				     size_t errlen)
{
	struct jpeg_decompress_struct ci;
	struct jpeg_fail jf;
	/* changed after setjmp and read after longjmp: volatile */
	cairo_surface_t *volatile s = NULL;
	unsigned char *volatile row = NULL;
	unsigned char *px, *copy;
	int stride;

	memset(&ci, 0, sizeof ci);
	ci.err = jpeg_std_error(&jf.pub);
	jf.pub.error_exit = jpeg_fail_exit;
	jf.pub.emit_message = jpeg_fail_emit;
	jf.pub.output_message = jpeg_quiet;
	jf.msg[0] = '\0';
	if (setjmp(jf.back)) {
		str_errf(err, errlen, "photo: broken JPEG (%s)", jf.msg);
		goto fail;
	}
	jpeg_create_decompress(&ci);
	/* no backing store: a file that needs more than this fails cleanly */
	ci.mem->max_memory_to_use = 64L << 20;
	jpeg_mem_src(&ci, data, (unsigned long)len);
	jpeg_read_header(&ci, TRUE);
	if (ci.image_width > PHOTO_MAX_SIDE || ci.image_height > PHOTO_MAX_SIDE) {
		str_errf(err, errlen, "photo: %ux%u pixels, at most %d a side",
			 ci.image_width, ci.image_height, PHOTO_MAX_SIDE);
		goto fail;
	}
	switch (ci.jpeg_color_space) {
	case JCS_GRAYSCALE: ci.out_color_space = JCS_GRAYSCALE; break;
	case JCS_YCbCr:
	case JCS_RGB: ci.out_color_space = JCS_RGB; break;
	default: str_errf(err, errlen, "photo: CMYK JPEG, use an RGB one"); goto fail;
	}
	jpeg_start_decompress(&ci);
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)ci.output_width,
				       (int)ci.output_height);
	row = malloc((size_t)ci.output_width * ci.output_components);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS || !row) {
		str_errf(err, errlen, "photo: out of memory");
		goto fail;
	}
	cairo_surface_flush(s);
	px = cairo_image_surface_get_data(s);
	stride = cairo_image_surface_get_stride(s);
	while (ci.output_scanline < ci.output_height) {
		uint32_t *dst =
			(uint32_t *)(void *)(px + (size_t)stride * ci.output_scanline);
		JSAMPROW r = row;

		jpeg_read_scanlines(&ci, &r, 1);
		for (JDIMENSION x = 0; x < ci.output_width; x++) {
			const unsigned char *p = row + (size_t)x * ci.output_components;

			dst[x] = ci.output_components == 1
					 ? 0xFF000000u | (uint32_t)p[0] << 16 |
						   (uint32_t)p[0] << 8 | p[0]
					 : 0xFF000000u | (uint32_t)p[0] << 16 |
						   (uint32_t)p[1] << 8 | p[2];
		}
	}
	jpeg_finish_decompress(&ci); /* reads to the end: catches truncation */
	cairo_surface_mark_dirty(s);
	copy = malloc(len);
	if (!copy || (memcpy(copy, data, len),
		      cairo_surface_set_mime_data(s, CAIRO_MIME_TYPE_JPEG, copy, len,
						  free, copy) != CAIRO_STATUS_SUCCESS)) {
		free(copy);
		str_errf(err, errlen, "photo: out of memory");
		goto fail;
	}
	jpeg_destroy_decompress(&ci);
	free(row);
	return s;
fail:
	jpeg_destroy_decompress(&ci);
	free(row);
	if (s)
		cairo_surface_destroy(s);
	return NULL;
}

/* Reads a PNG from memory for cairo. */
struct png_src {
	const unsigned char *p;
	size_t left;
};

static cairo_status_t png_read(void *closure, unsigned char *data, unsigned int length)
{
	struct png_src *src = closure;

	if (length > src->left)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, src->p, length);
	src->p += length;
	src->left -= length;
	return CAIRO_STATUS_SUCCESS;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Decodes a PNG (its size checked in the IHDR first: a small file can
 * claim a huge image). Returns the surface, or NULL with a reason. */
static cairo_surface_t *png_decode(const char *what, uint32_t max_side,
				   const unsigned char *data, size_t len, char *err,
				   size_t errlen)
{
	struct png_src src = {data, len};
	cairo_surface_t *s;
	uint32_t w, h;

	if (len < 24 || memcmp(data + 12, "IHDR", 4)) {
		str_errf(err, errlen, "%s: broken PNG (no IHDR)", what);
		return NULL;
	}
	w = be32(data + 16);
	h = be32(data + 20);
	if (w == 0 || h == 0 || w > max_side || h > max_side) {
		str_errf(err, errlen,
			 "%s: %" PRIu32 "x%" PRIu32 " pixels, at most %" PRIu32 " a side",
			 what, w, h, max_side);
		return NULL;
	}
	s = cairo_image_surface_create_from_png_stream(png_read, &src);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		str_errf(err, errlen, "%s: broken PNG (%s)", what,
			 cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		return NULL;
	}
	return s;
}

static cairo_surface_t *png_surface(const unsigned char *data, size_t len, char *err,
				    size_t errlen)
{
	return png_decode("photo", PHOTO_MAX_SIDE, data, len, err, errlen);
}

/* ---- the seal ---- */

int pdf_png_decodes(const unsigned char *data, size_t len, char *err, size_t errlen)
{
	static const unsigned char png_sig[8] = {0x89, 'P',  'N',  'G',
						 '\r', '\n', 0x1A, '\n'};
	cairo_surface_t *s;

	if (!data || len < 8 || memcmp(data, png_sig, 8)) {
		str_errf(err, errlen, "seal: not a PNG");
		return -1;
	}
	s = png_decode("seal", STAMP_MAX_SIDE, data, len, err, errlen);
	if (!s)
		return -1;
	cairo_surface_destroy(s);
	return 0;
}

static cairo_surface_t *stamp_surface(const unsigned char *data, size_t len, char *err,
				      size_t errlen)
{
	return png_decode("seal", STAMP_MAX_SIDE, data, len, err, errlen);
}

/* The seal centred on (cx, cy), scaled to fit a square of side points:
 * its shape (the alpha channel) painted in seal red, a little
 * transparent so that what it covers still reads, as an impression in
 * red ink does. Whatever colour the image has, the print is red. */
static void stamp_draw(cairo_t *cr, cairo_surface_t *img, double cx, double cy, double side)
{
	double iw = cairo_image_surface_get_width(img);
	double ih = cairo_image_surface_get_height(img);
	double k = side / (iw > ih ? iw : ih);

	cairo_save(cr);
	cairo_translate(cr, cx - iw * k / 2, cy - ih * k / 2);
	cairo_scale(cr, k, k);
	cairo_set_source_rgba(cr, 0.86, 0.08, 0.08, 0.82);
	cairo_mask_surface(cr, img, 0, 0);
	cairo_restore(cr);
}

/* The photo as a surface by its signature, or NULL with a reason. */
static cairo_surface_t *photo_surface(const unsigned char *data, size_t len, char *err,
				      size_t errlen)
{
	static const unsigned char png_sig[8] = {0x89, 'P',  'N',  'G',
						 '\r', '\n', 0x1A, '\n'};

	if (len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
		return jpeg_surface(data, len, err, errlen);
	if (len >= 8 && !memcmp(data, png_sig, 8))
		return png_surface(data, len, err, errlen);
	str_errf(err, errlen, "photo: neither JPEG nor PNG");
	return NULL;
}

/* The photo box at (x, y): the image scaled to fit it, aspect kept and
 * centred, then a thin frame (alone when img is NULL). */
static void photo_draw(cairo_t *cr, cairo_surface_t *img, double x, double y)
{
	if (img) {
		double iw = cairo_image_surface_get_width(img);
		double ih = cairo_image_surface_get_height(img);
		double k = C_PHOTO_W / iw < C_PHOTO_H / ih ? C_PHOTO_W / iw : C_PHOTO_H / ih;

		cairo_save(cr);
		cairo_rectangle(cr, x, y, C_PHOTO_W, C_PHOTO_H);
		cairo_clip(cr);
		cairo_translate(cr, x + (C_PHOTO_W - iw * k) / 2,
				y + (C_PHOTO_H - ih * k) / 2);
		cairo_scale(cr, k, k);
		cairo_set_source_surface(cr, img, 0, 0);
		cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
		cairo_paint(cr);
		cairo_restore(cr);
	} else {
		cairo_set_source_rgb(cr, 1, 1, 1);
		cairo_rectangle(cr, x, y, C_PHOTO_W, C_PHOTO_H);
		cairo_fill(cr);
	}
	cairo_set_source_rgb(cr, c_label.r, c_label.g, c_label.b);
	cairo_set_line_width(cr, 0.6);
	cairo_rectangle(cr, x, y, C_PHOTO_W, C_PHOTO_H);
	cairo_stroke(cr);
}

/* ---- the QR code ---- */

/* The code as vector squares on white, side points wide with the quiet
 * zone: each run of dark modules in a row is one rectangle, all of them
 * one path filled once (no hairline seams between neighbours). */
static void qr_draw(cairo_t *cr, const struct qr *q, double x, double y, double side)
{
	double m = side / (q->width + 2 * C_QR_QUIET);

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, side, side);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	for (int r = 0; r < q->width; r++) {
		for (int c = 0; c < q->width;) {
			int run = 0;

			while (c + run < q->width && q->modules[r * q->width + c + run])
				run++;
			if (run == 0) {
				c++;
				continue;
			}
			cairo_rectangle(cr, x + (c + C_QR_QUIET) * m,
					y + (r + C_QR_QUIET) * m, run * m, m);
			c += run;
		}
	}
	cairo_fill(cr);
}

/* ---- the page ---- */

/* Height of a label/value row: the label at most two lines in the label
 * column, the value at most lines lines in width w. */
static double cert_row_height(struct pen *pn, const char *label, const char *value,
			      double w, int lines)
{
	double hl = pen_fit(pn, label, C_LABEL_PT, 8, C_LABEL_W, 2, PANGO_ALIGN_LEFT);
	double hv = pen_fit(pn, value, C_VALUE_PT, 9, w, lines, PANGO_ALIGN_LEFT);

	return hl > hv ? hl : hv;
}

static double cert_row(struct pen *pn, const char *label, const char *value, double y,
		       double w, int lines)
{
	double h = cert_row_height(pn, label, value, w, lines);

	pen_fit(pn, label, C_LABEL_PT, 8, C_LABEL_W, 2, PANGO_ALIGN_LEFT);
	pen_draw(pn, &c_label, C_LEFT, y + (C_VALUE_PT - C_LABEL_PT) * 0.6);
	pen_fit(pn, value, C_VALUE_PT, 9, w, lines, PANGO_ALIGN_LEFT);
	pen_draw(pn, &c_ink, C_VALUE_X, y);
	return h;
}

/* Sets the body paragraph (first line indented two characters, 1.6 line
 * spacing, justified) in width w, from 14 pt down to 9 pt until it fits
 * height avail, else at 9 pt cut with an ellipsis. Returns the height. */
static double body_fit(struct pen *pn, const char *text, double w, double avail)
{
	double size, h;
	int lines;

	for (size = C_BODY_PT;; size -= 0.5) {
		pen_set(pn, text, size, w, PANGO_ALIGN_LEFT);
		pango_layout_set_indent(pn->lay, (int)(2 * size * PANGO_SCALE));
		pango_layout_set_line_spacing(pn->lay, 1.6f);
		pango_layout_set_justify(pn->lay, TRUE);
		h = layout_height(pn->lay);
		if (h <= avail || size <= 9)
			break;
	}
	if (h <= avail)
		return h;
	/* cut by a line count: a height limit in points ignores the line
	 * spacing when pango decides where to ellipsize */
	lines = pango_layout_get_line_count(pn->lay);
	lines = (int)(avail / (h / lines));
	pango_layout_set_ellipsize(pn->lay, PANGO_ELLIPSIZE_END);
	for (; lines > 1; lines--) {
		pango_layout_set_height(pn->lay, -lines);
		h = layout_height(pn->lay);
		if (h <= avail)
			return h;
	}
	pango_layout_set_height(pn->lay, -1);
	return layout_height(pn->lay);
}

/* Draws one certificate on the current page. Returns 0, or -1 with a
 * reason (the photo or the QR code). */
static int cert_page(struct pen *pn, const struct pdf_certificate *c,
		     cairo_surface_t *stamp, char *err, size_t errlen)
{
	cairo_t *cr = pn->cr;
	cairo_surface_t *img = NULL;
	struct qr q = {0, NULL};
	const struct {
		const char *l, *v;
	} rows[] = {
		{c->l_name, c->name},           {c->l_id_type, c->id_type},
		{c->l_id_number, c->id_number}, {c->l_occupation, c->occupation},
		{c->l_work_type, c->work_type}, {c->l_level, c->level},
		{c->l_number, c->number},
	};
	double y, h, ytop, yfoot, yqr, hinst, hdate, hissue, hbelow, wnarrow, wfull,
		wlook, free_h, gap, yissue;
	int nlook = 0;

	if (c->photo) {
		img = photo_surface(c->photo, c->photo_len, err, errlen);
		if (!img)
			return -1;
	}
	if (c->qr_text && *c->qr_text && qr_encode(c->qr_text, &q, err, errlen)) {
		if (img)
			cairo_surface_destroy(img);
		return -1;
	}

	frame(cr, CERT_W, CERT_H);

	/* title, spaced out, and a rule */
	y = title_rule(pn, c->title, 30, 18, 0.2, &c_red, 66);
	y += 26;

	/* the photo at the upper right; the fields beside and below it */
	photo_draw(cr, img, C_PHOTO_X, y);
	ytop = y;
	wnarrow = C_PHOTO_X - 14 - C_VALUE_X;
	wfull = C_RIGHT - C_VALUE_X;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		double w = y < ytop + C_PHOTO_H + 4 ? wnarrow : wfull;

		y += cert_row(pn, rows[i].l, rows[i].v, y, w, 2) + C_ROW_GAP;
	}
	if (y < ytop + C_PHOTO_H + C_ROW_GAP)
		y = ytop + C_PHOTO_H + C_ROW_GAP;
	y += 14;

	/* the foot: the QR code at the right, the lookup lines beside it,
	 * bottom-aligned with it */
	while (nlook < LOOKUPS_MAX && c->lookups[nlook])
		nlook++;
	yqr = C_FOOT_Y - C_QR_SIDE;
	if (q.modules)
		qr_draw(cr, &q, C_RIGHT - C_QR_SIDE, yqr, C_QR_SIDE);
	wlook = C_RIGHT - C_QR_SIDE - 16 - C_LEFT;
	yfoot = C_FOOT_Y;
	for (int i = nlook - 1; i >= 0; i--) {
		h = pen_fit(pn, c->lookups[i], C_FOOT_PT, 7, wlook, 1, PANGO_ALIGN_LEFT);
		yfoot -= h;
		pen_draw(pn, &c_label, C_LEFT, yfoot);
		yfoot -= 4;
	}
	if (yfoot > yqr)
		yfoot = yqr;

	/* between the fields and the foot: the body, then the issuing block
	 * (评价机构 and the date, the seal over them), the space left spread
	 * between them as a printed certificate spreads it */
	wfull = C_RIGHT - C_VALUE_X;
	hinst = cert_row_height(pn, c->l_institution, c->institution, wfull, 3);
	hdate = cert_row_height(pn, c->l_issued_on, c->issued_on, wfull, 1);
	hissue = hinst + C_ROW_GAP + hdate;
	/* the seal reaches below the date: room for its lower half */
	hbelow = C_SEAL_SIDE / 2 - hdate / 2;
	h = body_fit(pn, c->body, C_RIGHT - C_LEFT,
		     yfoot - y - hissue - hbelow - 3 * C_GAP_MIN);
	/* three equal gaps (the last one holding the seal's lower half) */
	free_h = yfoot - y - h - hissue;
	gap = free_h / 3;
	if (gap < hbelow + C_GAP_MIN) /* a long body: the seal's room first */
		gap = (free_h - hbelow) / 3 > C_GAP_MIN ? (free_h - hbelow) / 3 : C_GAP_MIN;
	y += gap * 0.9; /* the body a little nearer the fields */
	pen_draw(pn, &c_ink, C_LEFT, y);
	y += h + gap * 1.1;
	yissue = y;
	cert_row(pn, c->l_institution, c->institution, yissue, wfull, 3);
	cert_row(pn, c->l_issued_on, c->issued_on, yissue + hinst + C_ROW_GAP, wfull, 1);
	/* the seal over the institution and the date */
	if (stamp)
		stamp_draw(cr, stamp, C_VALUE_X + C_SEAL_SIDE * 0.75, yissue + hissue / 2,
			   C_SEAL_SIDE);

	qr_release(&q);
	if (img)
		cairo_surface_destroy(img);
	return 0;
}

/* The certificates' PDF surface, its metadata from the first page. */
static cairo_surface_t *cert_doc(const struct pdf_certificate *first, struct buf *out)
{
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_buf, out, CERT_W,
								 CERT_H);
	char date[32];

	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, first->title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "skillcert");
	if (pdf_date(first->issued_on, date, sizeof date))
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
	return s;
}

/* Fills page i through the caller and checks it (NULL strings to ""). */
static int batch_fill(const struct pdf_batch *b, size_t i, size_t slot,
		      struct pdf_certificate *c, char *e, size_t elen)
{
	memset(c, 0, sizeof(*c));
	if (b->fill(b->arg, i, slot, c, e, elen))
		return -1;
	return cert_check(c, e, elen);
}

/* The batch on the calling thread: each page filled, drawn straight into
 * the PDF and shown before the next is filled (a window of one); the
 * seal decoded once for the pages sharing its bytes. */
/* A batch's refusal: naming the certificate (the i-th, from 0) when the
 * batch holds more than one. */
static void batch_refusal(const struct pdf_batch *b, size_t i, const char *why, char *err,
			  size_t errlen)
{
	if (b->n > 1)
		str_errf(err, errlen, "certificate %zu: %s", i + 1, why);
	else
		str_errf(err, errlen, "%s", why);
}

static int batch_serial(struct pdf_batch *b, struct buf *out, char *err, size_t errlen)
{
	struct pen pn = {NULL, NULL, NULL, NULL, 0, 0};
	struct pdf_certificate c;
	cairo_surface_t *s = NULL, *stamp = NULL;
	const unsigned char *stamp_of = NULL; /* the bytes stamp is */
	char e[256];
	size_t i;
	int rc = -1;

	b->held_max = 1;
	for (i = 0; i < b->n; i++) {
		if (batch_fill(b, i, 0, &c, e, sizeof e))
			goto bad;
		if (!s) {
			s = cert_doc(&c, out);
			pen_open(&pn, s);
		}
		if (c.seal != stamp_of) { /* decoded once for the pages sharing it */
			if (stamp)
				cairo_surface_destroy(stamp);
			stamp = NULL;
			stamp_of = c.seal;
			if (c.seal &&
			    !(stamp = stamp_surface(c.seal, c.seal_len, e, sizeof e)))
				goto bad;
		}
		if (cert_page(&pn, &c, stamp, e, sizeof e))
			goto bad;
		if (page_shown(pn.cr, err, errlen))
			goto out;
	}
	if (doc_finished(s, out, err, errlen))
		goto out;
	rc = 0;
	goto out;
bad:
	batch_refusal(b, i, e, err, errlen);
out:
	pen_close(&pn);
	if (s)
		cairo_surface_destroy(s);
	if (stamp)
		cairo_surface_destroy(stamp);
	return rc;
}

/* ---- the batch on several threads ---- */

/* Each drawing thread renders a run of consecutive pages (a chunk) into a
 * PDF of its own, start to finish: its pango context and font map, its
 * cairo surface, the compression of its streams. The calling thread joins
 * the chunks' PDFs into one, in order (services/pdfjoin.c, pdf_join_add):
 * their objects renumbered, their pages under one page tree. A chunk's
 * fonts are subsets of its own, so the joined file carries one subset per
 * chunk. cairo writes these PDFs (version 1.4: a classic cross-reference
 * table, no object streams); anything else is refused as malformed. */

enum chunk_state { CHUNK_FREE, CHUNK_FILLED, CHUNK_DRAWN, CHUNK_FAILED };
struct chunk {
	size_t first, count; /* pages [first, first + count) of the batch */
	enum chunk_state state;
	struct buf pdf; /* CHUNK_DRAWN: its document */
	size_t bad;     /* CHUNK_FAILED: the page that failed */
	char err[256];  /* and why */
};

struct batch_run {
	pthread_mutex_t mu;
	pthread_cond_t work;           /* a chunk filled, or stop */
	pthread_cond_t done;           /* a chunk drawn or failed */
	struct pdf_certificate *pages; /* page p in pages[p % window] */
	size_t window;
	struct chunk *chunks; /* chunk j in chunks[j % nchunks] */
	size_t nchunks;
	size_t published; /* chunks filled and handed out */
	size_t next_draw; /* the next chunk a drawing thread takes */
	bool stop;
};

/* Draws the pages of ch into its own PDF, on a drawing thread. */
static int chunk_render(struct batch_run *r, struct chunk *ch)
{
	struct pen pn = {NULL, NULL, NULL, NULL, 0, 0};
	cairo_surface_t *s = NULL, *stamp = NULL;
	const unsigned char *stamp_of = NULL;
	size_t k;
	int rc = -1;

	buf_reset(&ch->pdf);
	for (k = 0; k < ch->count; k++) {
		const struct pdf_certificate *c = &r->pages[(ch->first + k) % r->window];

		if (!s) {
			s = cert_doc(c, &ch->pdf);
			cairo_pdf_surface_restrict_to_version(s, CAIRO_PDF_VERSION_1_4);
			pen_open(&pn, s);
		}
		if (c->seal != stamp_of) {
			if (stamp)
				cairo_surface_destroy(stamp);
			stamp = NULL;
			stamp_of = c->seal;
			if (c->seal && !(stamp = stamp_surface(c->seal, c->seal_len,
							       ch->err, sizeof ch->err)))
				goto out;
		}
		if (cert_page(&pn, c, stamp, ch->err, sizeof ch->err) ||
		    page_shown(pn.cr, ch->err, sizeof ch->err))
			goto out;
	}
	if (doc_finished(s, &ch->pdf, ch->err, sizeof ch->err))
		goto out;
	rc = 0;
out:
	ch->bad = ch->first + (k < ch->count ? k : ch->count - 1);
	pen_close(&pn);
	if (s)
		cairo_surface_destroy(s);
	if (stamp)
		cairo_surface_destroy(stamp);
	return rc;
}

/* A drawing thread: takes the filled chunks in order, renders each. */
static void *batch_worker(void *arg)
{
	struct batch_run *r = arg;

	pthread_mutex_lock(&r->mu);
	for (;;) {
		struct chunk *ch;
		int rc;

		while (!r->stop && r->next_draw >= r->published)
			pthread_cond_wait(&r->work, &r->mu);
		if (r->stop)
			break;
		ch = &r->chunks[r->next_draw++ % r->nchunks];
		pthread_mutex_unlock(&r->mu);
		rc = chunk_render(r, ch);
		pthread_mutex_lock(&r->mu);
		ch->state = rc ? CHUNK_FAILED : CHUNK_DRAWN;
		pthread_cond_broadcast(&r->done);
	}
	pthread_mutex_unlock(&r->mu);
	/* the thread's font map goes with it (pango frees it at exit) */
	return NULL;
}

/* The batch on b->threads drawing threads. The calling thread fills the
 * pages (at most window ahead of the first page not yet joined), hands
 * them out by chunks, and joins the chunks' PDFs in order. */
static int batch_threads(struct pdf_batch *b, struct buf *out, char *err, size_t errlen)
{
	struct batch_run r;
	struct pdf_join m;
	pthread_t *tid;
	int nthreads = 0, rc = -1;
	size_t per, filled = 0, written = 0, joined = 0, bad = 0;
	char e[256] = "";

	/* chunks: about four per thread for a small batch, at most
	 * PDF_CHUNK_PAGES pages, at least two in the window */
	per = (b->n + 4 * (size_t)b->threads - 1) / (4 * (size_t)b->threads);
	per = per > PDF_CHUNK_PAGES ? PDF_CHUNK_PAGES : per;
	per = per > b->window / 2 ? b->window / 2 : per;
	per = per ? per : 1;
	memset(&r, 0, sizeof r);
	pdf_join_init(&m);
	r.window = b->window / per * per;
	r.nchunks = r.window / per;
	r.pages = calloc(r.window, sizeof(*r.pages));
	r.chunks = calloc(r.nchunks, sizeof(*r.chunks));
	tid = calloc((size_t)b->threads, sizeof(*tid));
	if (!r.pages || !r.chunks || !tid) {
		free(r.pages);
		free(r.chunks);
		free(tid);
		str_errf(err, errlen, "out of memory");
		return -1;
	}
	for (size_t j = 0; j < r.nchunks; j++)
		buf_init(&r.chunks[j].pdf, 0);
	pthread_mutex_init(&r.mu, NULL);
	pthread_cond_init(&r.work, NULL);
	pthread_cond_init(&r.done, NULL);
	b->held_max = 0;
	for (; nthreads < b->threads; nthreads++)
		if (pthread_create(&tid[nthreads], NULL, batch_worker, &r))
			break;
	if (nthreads == 0) {
		str_errf(err, errlen, "cannot start a drawing thread");
		goto out;
	}

	while (written < b->n) {
		struct chunk *ch;

		/* fill up the window, handing out each chunk once filled */
		while (filled < b->n && filled - written < r.window) {
			if (batch_fill(b, filled, filled % r.window,
				       &r.pages[filled % r.window], e, sizeof e)) {
				bad = filled;
				goto failed;
			}
			filled++;
			if (filled - written > b->held_max)
				b->held_max = filled - written;
			if (filled % per == 0 || filled == b->n) {
				pthread_mutex_lock(&r.mu);
				ch = &r.chunks[r.published % r.nchunks];
				ch->first = r.published * per;
				ch->count = filled - ch->first;
				ch->state = CHUNK_FILLED;
				r.published++;
				pthread_cond_signal(&r.work);
				pthread_mutex_unlock(&r.mu);
			}
		}
		/* the next chunk in order, once drawn */
		ch = &r.chunks[joined % r.nchunks];
		pthread_mutex_lock(&r.mu);
		while (ch->state == CHUNK_FILLED)
			pthread_cond_wait(&r.done, &r.mu);
		pthread_mutex_unlock(&r.mu);
		if (ch->state == CHUNK_FAILED) {
			bad = ch->bad;
			str_errf(e, sizeof e, "%s", ch->err);
			goto failed;
		}
		if (pdf_join_add(&m, ch->pdf.data, ch->pdf.len, out, e, sizeof e)) {
			str_errf(err, errlen, "joining the pages: %s", e);
			goto out;
		}
		written += ch->count;
		ch->state = CHUNK_FREE;
		joined++;
	}
	if (pdf_join_finish(&m, out, err, errlen))
		goto out;
	rc = 0;
	goto out;
failed:
	batch_refusal(b, bad, e, err, errlen);
out:
	pthread_mutex_lock(&r.mu);
	r.stop = true;
	pthread_cond_broadcast(&r.work);
	pthread_mutex_unlock(&r.mu);
	for (int t = 0; t < nthreads; t++)
		pthread_join(tid[t], NULL);
	for (size_t j = 0; j < r.nchunks; j++)
		buf_release(&r.chunks[j].pdf);
	pthread_cond_destroy(&r.work);
	pthread_cond_destroy(&r.done);
	pthread_mutex_destroy(&r.mu);
	pdf_join_release(&m);
	free(r.pages);
	free(r.chunks);
	free(tid);
	return rc;
}

int pdf_certificates_batch(struct pdf_batch *b, struct buf *out, char *err, size_t errlen)
{
	if (b->n == 0) {
		str_errf(err, errlen, "no certificate to render");
		return -1;
	}
	if (b->threads <= 1 || b->n == 1 || b->window < 2)
		return batch_serial(b, out, err, errlen);
	return batch_threads(b, out, err, errlen);
}

/* pdf_certificates' pages, from its array. */
static int array_fill(void *arg, size_t i, size_t slot, struct pdf_certificate *c,
		      char *err, size_t errlen)
{
	const struct pdf_certificate *certs = arg;

	(void)slot;
	(void)err;
	(void)errlen;
	*c = certs[i];
	return 0;
}

int pdf_certificates(const struct pdf_certificate *certs, size_t n, struct buf *out,
		     char *err, size_t errlen)
{
	struct pdf_batch b = {.n = n, .threads = 1, .window = 1, .fill = array_fill};
	struct pdf_certificate c;
	char e[256];

	if (n == 0) {
		str_errf(err, errlen, "no certificate to render");
		return -1;
	}
	/* every page's strings first, before any output */
	for (size_t i = 0; i < n; i++) {
		c = certs[i];
		if (cert_check(&c, e, sizeof e)) {
			if (n > 1)
				str_errf(err, errlen, "certificate %zu: %s", i + 1, e);
			else
				str_errf(err, errlen, "%s", e);
			return -1;
		}
	}
	b.arg = (void *)(uintptr_t)certs;
	return pdf_certificates_batch(&b, out, err, errlen);
}

int pdf_certificate(const struct pdf_certificate *c, struct buf *out, char *err,
		    size_t errlen)
{
	return pdf_certificates(c, 1, out, err, errlen);
}

/* ---- the admission ticket (准考证, issue 12) ---- */

static int ticket_check(struct pdf_ticket *t, char *err, size_t errlen)
{
	const struct field f[] = {
		{"title", &t->title},
		{"name", &t->name},
		{"id_number", &t->id_number},
		{"occupation", &t->occupation},
		{"level", &t->level},
		{"plan", &t->plan},
		{"institution", &t->institution},
		{"room", &t->room},
		{"seat", &t->seat},
		{"times", &t->times},
		{"code", &t->code},
		{"note", &t->note},
		{"l_name", &t->l_name},
		{"l_id_number", &t->l_id_number},
		{"l_occupation", &t->l_occupation},
		{"l_level", &t->l_level},
		{"l_plan", &t->l_plan},
		{"l_institution", &t->l_institution},
		{"l_room", &t->l_room},
		{"l_seat", &t->l_seat},
		{"l_times", &t->l_times},
		{"l_code", &t->l_code},
	};

	if (check_strings(f, sizeof f / sizeof f[0], err, errlen))
		return -1;
	if (t->qr_text && strlen(t->qr_text) > QR_TEXT_MAX) {
		str_errf(err, errlen, "qr_text is longer than %d bytes", QR_TEXT_MAX);
		return -1;
	}
	return 0;
}

/* One ticket: the title and a rule, the photo at the upper right with the
 * fields beside and below it (the seat only when there is one), the claim
 * code large, and at the foot the note with the QR code at the right. */
static int ticket_page(struct pen *pn, const struct pdf_ticket *t, char *err, size_t errlen)
{
	cairo_t *cr = pn->cr;
	cairo_surface_t *img = NULL;
	struct qr q = {0, NULL};
	const struct {
		const char *l, *v;
		int lines;
	} rows[] = {
		{t->l_name, t->name, 2},
		{t->l_id_number, t->id_number, 1},
		{t->l_occupation, t->occupation, 2},
		{t->l_level, t->level, 1},
		{t->l_plan, t->plan, 2},
		{t->l_institution, t->institution, 2},
		{t->l_room, t->room, 2},
		{t->l_seat, t->seat, 1},
		{t->l_times, t->times, 4},
	};
	double y, h, ytop, wnarrow, wfull, yqr;

	if (t->photo && !(img = photo_surface(t->photo, t->photo_len, err, errlen)))
		return -1;
	if (t->qr_text && *t->qr_text && qr_encode(t->qr_text, &q, err, errlen)) {
		if (img)
			cairo_surface_destroy(img);
		return -1;
	}
	frame(cr, CERT_W, CERT_H);
	y = title_rule(pn, t->title, 26, 16, 0.2, &c_ink, 66);
	y += 26;
	photo_draw(cr, img, C_PHOTO_X, y);
	ytop = y;
	wnarrow = C_PHOTO_X - 14 - C_VALUE_X;
	wfull = C_RIGHT - C_VALUE_X;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		double w = y < ytop + C_PHOTO_H + 4 ? wnarrow : wfull;

		/* no seats: the room only; no dates set: no dates */
		if (!*rows[i].v && (rows[i].l == t->l_seat || rows[i].l == t->l_times))
			continue;
		y += cert_row(pn, rows[i].l, rows[i].v, y, w, rows[i].lines) + C_ROW_GAP;
	}
	if (y < ytop + C_PHOTO_H + C_ROW_GAP)
		y = ytop + C_PHOTO_H + C_ROW_GAP;
	y += 10;
	if (*t->code) {
		h = pen_fit(pn, t->l_code, C_LABEL_PT, 8, C_LABEL_W, 2, PANGO_ALIGN_LEFT);
		pen_draw(pn, &c_label, C_LEFT, y + 6);
		h = pen_fit(pn, t->code, 20, 12, wfull, 1, PANGO_ALIGN_LEFT);
		pen_draw(pn, &c_red, C_VALUE_X, y);
		y += h + C_ROW_GAP;
	}
	yqr = C_FOOT_Y - C_QR_SIDE;
	if (q.modules)
		qr_draw(cr, &q, C_RIGHT - C_QR_SIDE, yqr, C_QR_SIDE);
	h = pen_fit(pn, t->note, C_FOOT_PT + 1, 7, C_RIGHT - C_QR_SIDE - 16 - C_LEFT, 8,
		    PANGO_ALIGN_LEFT);
	pen_draw(pn, &c_label, C_LEFT, C_FOOT_Y - h > y ? C_FOOT_Y - h : y);
	qr_release(&q);
	if (img)
		cairo_surface_destroy(img);
	return 0;
}

int pdf_tickets(const struct pdf_ticket *tickets, size_t n, struct buf *out, char *err,
		size_t errlen)
{
	struct pen pn = {NULL, NULL, NULL, NULL, 0, 0};
	struct pdf_ticket t;
	cairo_surface_t *s = NULL;
	char e[256];
	size_t i;
	int rc = -1;

	if (n == 0) {
		str_errf(err, errlen, "no ticket to render");
		return -1;
	}
	for (i = 0; i < n; i++) {
		t = tickets[i];
		if (ticket_check(&t, e, sizeof e))
			goto bad;
	}
	t = tickets[0];
	ticket_check(&t, e, sizeof e);
	s = cairo_pdf_surface_create_for_stream(write_buf, out, CERT_W, CERT_H);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, t.title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "skillcert");
	pen_open(&pn, s);
	for (i = 0; i < n; i++) {
		t = tickets[i];
		ticket_check(&t, e, sizeof e); /* NULL strings to "" again */
		if (ticket_page(&pn, &t, e, sizeof e))
			goto bad;
		if (page_shown(pn.cr, err, errlen))
			goto out;
	}
	if (doc_finished(s, out, err, errlen))
		goto out;
	rc = 0;
	goto out;
bad:
	if (n > 1)
		str_errf(err, errlen, "ticket %zu: %s", i + 1, e);
	else
		str_errf(err, errlen, "%s", e);
out:
	pen_close(&pn);
	if (s)
		cairo_surface_destroy(s);
	return rc;
}

/* ---- the subsidy application form (技能提升补贴申请表, issue 12) ---- */

static int form_check(struct pdf_subsidy_form *f, char *err, size_t errlen)
{
	struct field fs[2 * PDF_FORM_ROWS + 8];
	size_t n = 0;

	fs[n++] = (struct field){"title", &f->title};
	fs[n++] = (struct field){"l_reasons", &f->l_reasons};
	fs[n++] = (struct field){"reasons", &f->reasons};
	fs[n++] = (struct field){"note", &f->note};
	for (size_t i = 0; i < PDF_FORM_ROWS && f->label[i]; i++) {
		fs[n++] = (struct field){"label", &f->label[i]};
		fs[n++] = (struct field){"value", &f->value[i]};
	}
	for (size_t i = 0; i < 4 && f->blank[i]; i++)
		fs[n++] = (struct field){"blank", &f->blank[i]};
	if (check_strings(fs, n, err, errlen))
		return -1;
	if (f->qr_text && strlen(f->qr_text) > QR_TEXT_MAX) {
		str_errf(err, errlen, "qr_text is longer than %d bytes", QR_TEXT_MAX);
		return -1;
	}
	return 0;
}

/* The page: the title and a rule, the rows, the reasons, the blanks (a
 * label and a rule to write on), the note and the QR code at the foot. */
static int form_page(struct pen *pn, const struct pdf_subsidy_form *f, char *err,
		     size_t errlen)
{
	cairo_t *cr = pn->cr;
	struct qr q = {0, NULL};
	double y, h, wfull = C_RIGHT - C_VALUE_X, yqr = C_FOOT_Y - C_QR_SIDE;

	if (f->qr_text && *f->qr_text && qr_encode(f->qr_text, &q, err, errlen))
		return -1;
	frame(cr, CERT_W, CERT_H);
	y = title_rule(pn, f->title, 24, 14, 0.15, &c_ink, 66);
	y += 22;
	for (size_t i = 0; i < PDF_FORM_ROWS && f->label[i]; i++)
		y += cert_row(pn, f->label[i], f->value[i], y, wfull, 3) + C_ROW_GAP * 0.6;
	if (*f->reasons) {
		y += 4;
		y += cert_row(pn, f->l_reasons, f->reasons, y, wfull, 12) + C_ROW_GAP;
	}
	y += 6;
	for (size_t i = 0; i < 4 && f->blank[i]; i++) {
		h = pen_fit(pn, f->blank[i], C_LABEL_PT, 8, C_LABEL_W, 2, PANGO_ALIGN_LEFT);
		pen_draw(pn, &c_label, C_LEFT, y);
		cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
		cairo_set_line_width(cr, 0.6);
		cairo_move_to(cr, C_VALUE_X, y + h + 2);
		cairo_line_to(cr, i == 0 ? C_RIGHT : C_RIGHT - C_QR_SIDE - 16, y + h + 2);
		cairo_stroke(cr);
		y += h + 20;
	}
	if (q.modules)
		qr_draw(cr, &q, C_RIGHT - C_QR_SIDE, yqr, C_QR_SIDE);
	h = pen_fit(pn, f->note, C_FOOT_PT, 7, C_RIGHT - C_QR_SIDE - 16 - C_LEFT, 6,
		    PANGO_ALIGN_LEFT);
	pen_draw(pn, &c_label, C_LEFT, C_FOOT_Y - h > y ? C_FOOT_Y - h : y);
	qr_release(&q);
	return 0;
}

int pdf_subsidy_form(const struct pdf_subsidy_form *form, struct buf *out, char *err,
		     size_t errlen)
{
	struct pen pn = {NULL, NULL, NULL, NULL, 0, 0};
	struct pdf_subsidy_form f = *form;
	cairo_surface_t *s = NULL;
	int rc = -1;

	if (form_check(&f, err, errlen))
		return -1;
	s = cairo_pdf_surface_create_for_stream(write_buf, out, CERT_W, CERT_H);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, f.title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "skillcert");
	pen_open(&pn, s);
	if (form_page(&pn, &f, err, errlen) || page_shown(pn.cr, err, errlen))
		goto out;
	if (doc_finished(s, out, err, errlen))
		goto out;
	rc = 0;
out:
	pen_close(&pn);
	if (s)
		cairo_surface_destroy(s);
	return rc;
}

/* ---- a decision document (表彰决定, issue 14) ---- */

/* Draws the decision's pages: the title, the number, the preamble, then
 * each line (headings in bold size), a new page whenever the next line
 * would pass the foot, and the signatory and date at the right after the
 * last. */
static int decision_pages(struct pen *pn, const struct pdf_decision *d, char *err,
			  size_t errlen)
{
	const double foot = CERT_H - 72;
	double y, h, w = C_RIGHT - C_LEFT;

	frame(pn->cr, CERT_W, CERT_H);
	y = title_rule(pn, d->title, 20, 12, 0.02, &c_red, 60);
	y += 10;
	h = pen_set(pn, d->number, C_VALUE_PT, w, PANGO_ALIGN_CENTER);
	pen_draw(pn, &c_ink, C_LEFT, y);
	y += h + 14;
	h = pen_set(pn, d->preamble, C_VALUE_PT, w, PANGO_ALIGN_LEFT);
	pen_draw(pn, &c_ink, C_LEFT, y);
	y += h + 14;
	for (size_t i = 0; i < d->nlines; i++) {
		const struct pdf_decision_line *l = &d->lines[i];
		double size = l->heading ? C_BODY_PT : C_VALUE_PT;

		h = pen_set(pn, l->text ? l->text : "", size, l->heading ? w : w - 24,
			    PANGO_ALIGN_LEFT);
		if (y + h > foot) {
			if (page_shown(pn->cr, err, errlen))
				return -1;
			frame(pn->cr, CERT_W, CERT_H);
			y = 72;
			h = pen_set(pn, l->text ? l->text : "", size,
				    l->heading ? w : w - 24, PANGO_ALIGN_LEFT);
		}
		if (l->heading)
			y += 6;
		pen_draw(pn, l->heading ? &c_red : &c_ink,
			 l->heading ? C_LEFT : C_LEFT + 24, y);
		y += h + (l->heading ? 8 : 4);
	}
	if (y + 80 > foot) {
		if (page_shown(pn->cr, err, errlen))
			return -1;
		frame(pn->cr, CERT_W, CERT_H);
		y = 72;
	}
	y += 30;
	h = pen_set(pn, d->signatory, C_VALUE_PT, w, PANGO_ALIGN_RIGHT);
	pen_draw(pn, &c_ink, C_LEFT, y);
	y += h + 6;
	pen_set(pn, d->date, C_VALUE_PT, w, PANGO_ALIGN_RIGHT);
	pen_draw(pn, &c_ink, C_LEFT, y);
	return page_shown(pn->cr, err, errlen);
}

int pdf_decision(const struct pdf_decision *doc, struct buf *out, char *err, size_t errlen)
{
	struct pen pn = {NULL, NULL, NULL, NULL, 0, 0};
	struct pdf_decision d = *doc;
	struct field fs[5] = {{"title", &d.title},
			      {"number", &d.number},
			      {"preamble", &d.preamble},
			      {"signatory", &d.signatory},
			      {"date", &d.date}};
	cairo_surface_t *s = NULL;
	int rc = -1;

	if (check_strings(fs, 5, err, errlen))
		return -1;
	for (size_t i = 0; i < d.nlines; i++) {
		const char *t = d.lines[i].text;

		if (t && (strlen(t) > FIELD_MAX || !str_utf8_valid(t, strlen(t)))) {
			str_errf(err, errlen, "line %zu: too long or not UTF-8", i + 1);
			return -1;
		}
	}
	s = cairo_pdf_surface_create_for_stream(write_buf, out, CERT_W, CERT_H);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d.title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "skillcert");
	pen_open(&pn, s);
	if (decision_pages(&pn, &d, err, errlen))
		goto out;
	if (doc_finished(s, out, err, errlen))
		goto out;
	rc = 0;
out:
	pen_close(&pn);
	if (s)
		cairo_surface_destroy(s);
	return rc;
}

/* ---- the report (issue 16's annual report) ---- */

#define R_LEFT 50.0
#define R_RIGHT (CERT_W - 50.0)
#define R_TOP 56.0
#define R_FOOT (CERT_H - 52.0) /* the blocks end above it */
#define R_TEXT_PT 10.0
#define R_HEAD_PT 13.0
#define R_CELL_PT 8.5
#define R_CELL_MIN 6.0
#define R_CHART_H 230.0

struct rep {
	struct pen *pn;
	const struct pdf_report *r;
	int page, pages; /* the page drawn, and of how many (0: not known yet) */
	double y;
};

static double text_width(struct pen *pn, const char *text, double size)
{
	int w, h;

	pen_set(pn, text, size, 0, PANGO_ALIGN_LEFT);
	pango_layout_get_size(pn->lay, &w, &h);
	return (double)w / PANGO_SCALE;
}

/* The page's footer, then the page shown; the next one begins. */
static int rep_break(struct rep *st, char *err, size_t errlen)
{
	char num[48];
	double w = R_RIGHT - R_LEFT;

	pen_set(st->pn, st->r->footer, 8, w * 0.8, PANGO_ALIGN_LEFT);
	pango_layout_set_ellipsize(st->pn->lay, PANGO_ELLIPSIZE_END);
	pen_draw(st->pn, &c_label, R_LEFT, CERT_H - 40);
	snprintf(num, sizeof num, "%d / %d", st->page, st->pages);
	pen_set(st->pn, num, 8, w, PANGO_ALIGN_RIGHT);
	pen_draw(st->pn, &c_label, R_LEFT, CERT_H - 40);
	if (page_shown(st->pn->cr, err, errlen))
		return -1;
	st->page++;
	st->y = R_TOP;
	return 0;
}

/* A new page unless h points still fit on this one. */
static int rep_room(struct rep *st, double h, char *err, size_t errlen)
{
	if (st->y + h <= R_FOOT || st->y <= R_TOP)
		return 0;
	return rep_break(st, err, errlen);
}

/* The columns' widths of table b at *size (shrunk for many columns). */
static void table_widths(struct pen *pn, const struct pdf_block *b, double *size, double *w)
{
	double avail = R_RIGHT - R_LEFT, sum = 0, rest = 0;

	for (size_t j = 0; j < b->ncols; j++) {
		w[j] = 0;
		for (size_t i = 0; i <= b->nrows; i++) {
			const char *t = b->cells[i * b->ncols + j];
			double tw = text_width(pn, t ? t : "", R_CELL_PT) + 8;

			if (tw > w[j])
				w[j] = tw;
		}
		sum += w[j];
	}
	for (*size = R_CELL_PT; sum * *size / R_CELL_PT > avail && *size > R_CELL_MIN;
	     *size -= 0.5)
		;
	for (size_t j = 0; j < b->ncols; j++) {
		w[j] *= *size / R_CELL_PT;
		if (j)
			rest += w[j];
	}
	sum = sum * *size / R_CELL_PT;
	if (sum <= avail) { /* the room left goes to every column alike */
		for (size_t j = 0; j < b->ncols; j++)
			w[j] += (avail - sum) / (double)b->ncols;
	} else if (avail - rest >= avail * 0.2) { /* the first column is cut */
		w[0] = avail - rest;
	} else { /* every column is cut alike */
		for (size_t j = 0; j < b->ncols; j++)
			w[j] *= avail / sum;
	}
}

static void table_row(struct pen *pn, const struct pdf_block *b, size_t i,
		      const double *w, double size, double y, double rh)
{
	double x = R_LEFT;

	if (i == 0) {
		cairo_set_source_rgb(pn->cr, 0.92, 0.92, 0.90);
		cairo_rectangle(pn->cr, R_LEFT, y, R_RIGHT - R_LEFT, rh);
		cairo_fill(pn->cr);
	}
	for (size_t j = 0; j < b->ncols; j++) {
		const char *t = b->cells[i * b->ncols + j];

		pen_set(pn, t ? t : "", size, w[j] - 6,
			j == 0 ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
		pango_layout_set_ellipsize(pn->lay, PANGO_ELLIPSIZE_END);
		pen_draw(pn, &c_ink, x + 3, y + (rh - size * 1.3) / 2);
		x += w[j];
	}
	cairo_set_source_rgb(pn->cr, 0.75, 0.75, 0.75);
	cairo_set_line_width(pn->cr, 0.4);
	cairo_move_to(pn->cr, R_LEFT, y + rh);
	cairo_line_to(pn->cr, R_RIGHT, y + rh);
	cairo_stroke(pn->cr);
}

static int rep_table(struct rep *st, const struct pdf_block *b, char *err, size_t errlen)
{
	double w[PDF_TABLE_COLS], size, rh;

	table_widths(st->pn, b, &size, w);
	rh = size * 1.3 + 6;
	if (rep_room(st, rh * (b->nrows ? 2 : 1), err, errlen))
		return -1;
	table_row(st->pn, b, 0, w, size, st->y, rh);
	st->y += rh;
	for (size_t i = 1; i <= b->nrows; i++) {
		if (st->y + rh > R_FOOT) {
			if (rep_break(st, err, errlen))
				return -1;
			table_row(st->pn, b, 0, w, size, st->y, rh);
			st->y += rh;
		}
		table_row(st->pn, b, i, w, size, st->y, rh);
		st->y += rh;
	}
	st->y += 10;
	return 0;
}

/* Every page of the report; *pages gets their number. */
static int rep_pages(struct pen *pn, const struct pdf_report *r, int *pages, char *err,
		     size_t errlen)
{
	struct rep st = {pn, r, 1, *pages, R_TOP};
	double w = R_RIGHT - R_LEFT, h;

	h = pen_set(pn, r->title, 20, w, PANGO_ALIGN_CENTER);
	pen_draw(pn, &c_red, R_LEFT, st.y);
	st.y += h + 6;
	h = pen_set(pn, r->subtitle, 11, w, PANGO_ALIGN_CENTER);
	pen_draw(pn, &c_label, R_LEFT, st.y);
	st.y += h + 18;
	for (size_t k = 0; k < r->nblocks; k++) {
		const struct pdf_block *b = &r->blocks[k];
		double ch = b->height > 0 ? b->height : R_CHART_H;
		const char *txt = b->text ? b->text : "";

		switch (b->kind) {
		case PDF_HEADING:
			h = pen_set(pn, txt, R_HEAD_PT, w, PANGO_ALIGN_LEFT);
			if (rep_room(&st, h + 70, err, errlen))
				return -1;
			st.y += 6;
			pen_set(pn, txt, R_HEAD_PT, w, PANGO_ALIGN_LEFT);
			pen_draw(pn, &c_red, R_LEFT, st.y);
			st.y += h + 6;
			break;
		case PDF_TEXT:
			h = pen_set(pn, txt, R_TEXT_PT, w, PANGO_ALIGN_LEFT);
			if (rep_room(&st, h, err, errlen))
				return -1;
			pen_set(pn, txt, R_TEXT_PT, w, PANGO_ALIGN_LEFT);
			pen_draw(pn, &c_ink, R_LEFT, st.y);
			st.y += h + 8;
			break;
		case PDF_TABLE:
			if (rep_table(&st, b, err, errlen))
				return -1;
			break;
		case PDF_CHART:
			if (rep_room(&st, ch, err, errlen))
				return -1;
			if (chart_draw(pn->cr, b->chart, R_LEFT, st.y, w, ch, err, errlen))
				return -1;
			st.y += ch + 12;
			break;
		}
	}
	if (rep_break(&st, err, errlen))
		return -1;
	*pages = st.page - 1;
	return 0;
}

static cairo_status_t write_none(void *closure, const unsigned char *data, unsigned int len)
{
	(void)closure;
	(void)data;
	(void)len;
	return CAIRO_STATUS_SUCCESS;
}

/* Draws the report on a PDF surface writing to fn; *pages in and out. */
static int rep_draw(const struct pdf_report *r, cairo_write_func_t fn, struct buf *out,
		    int *pages, char *err, size_t errlen)
{
	struct pen pn = {NULL, NULL, NULL, NULL, 0, 0};
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(fn, out, CERT_W, CERT_H);
	int rc = -1;

	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, r->title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "skillcert");
	pen_open(&pn, s);
	if (rep_pages(&pn, r, pages, err, errlen))
		goto out;
	if (out && doc_finished(s, out, err, errlen))
		goto out;
	rc = 0;
out:
	pen_close(&pn);
	cairo_surface_destroy(s);
	return rc;
}

int pdf_report(const struct pdf_report *doc, struct buf *out, char *err, size_t errlen)
{
	struct pdf_report r = *doc;
	struct field fs[3] = {{"title", &r.title},
			      {"subtitle", &r.subtitle},
			      {"footer", &r.footer}};
	int pages = 0;

	if (check_strings(fs, 3, err, errlen))
		return -1;
	for (size_t k = 0; k < r.nblocks; k++) {
		const struct pdf_block *b = &r.blocks[k];
		size_t n = b->kind == PDF_TABLE ? (b->nrows + 1) * b->ncols : 1;

		if (b->kind == PDF_TABLE && (b->ncols < 1 || b->ncols > PDF_TABLE_COLS)) {
			str_errf(err, errlen, "block %zu: %zu columns", k + 1, b->ncols);
			return -1;
		}
		if (b->kind == PDF_CHART && !b->chart) {
			str_errf(err, errlen, "block %zu: no chart", k + 1);
			return -1;
		}
		for (size_t i = 0; i < n; i++) {
			const char *t = b->kind == PDF_TABLE ? b->cells[i] : b->text;

			if (t && (strlen(t) > FIELD_MAX || !str_utf8_valid(t, strlen(t)))) {
				str_errf(err, errlen,
					 "block %zu: text too long or not UTF-8", k + 1);
				return -1;
			}
		}
	}
	/* a first pass counts the pages, the second draws "n / m" */
	if (rep_draw(&r, write_none, NULL, &pages, err, errlen))
		return -1;
	return rep_draw(&r, write_buf, out, &pages, err, errlen);
}
