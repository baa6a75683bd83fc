/*
 * make-pdfjoin-corpus.c - writes the seed corpus of fuzz_pdfjoin
 * (tests/fuzz/corpus/pdfjoin/): small PDFs as pdf_certificates_batch's
 * drawing threads write them (cairo's PDF surface at version 1.4), joined
 * by the driver's separator, and broken variants of them.
 *
 *   make -j2 build/release/libskillcert.a
 *   cc -std=c11 -D_GNU_SOURCE -Isrc $(pkg-config --cflags pangocairo) \
 *      -o build/make-pdfjoin-corpus tests/fuzz/make-pdfjoin-corpus.c \
 *      build/release/libskillcert.a $(pkg-config --libs pangocairo) -lm
 *   build/make-pdfjoin-corpus tests/fuzz/corpus/pdfjoin
 *
 * Not built by the Makefile (it runs once, by hand; the files it wrote are
 * committed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>

#include "base/buf.h"
#include "services/pdf.h"
#include "services/pdfjoin.h"

#define SEP "\n--part--\n"

static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int len)
{
	buf_append(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

/* A PDF of `pages` A4 pages, each a frame and, when text, a line in
 * cairo's own serif face (a font subset), as a drawing thread writes. */
static void draw(struct buf *out, int pages, int text)
{
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_buf, out, 595.28,
								 841.89);
	cairo_t *cr = cairo_create(s);

	cairo_pdf_surface_restrict_to_version(s, CAIRO_PDF_VERSION_1_4);
	for (int i = 0; i < pages; i++) {
		cairo_set_source_rgb(cr, 0.6, 0.1, 0.1);
		cairo_rectangle(cr, 20, 20, 555, 800);
		cairo_stroke(cr);
		if (text) {
			char line[32];

			snprintf(line, sizeof line, "page %d", i + 1);
			cairo_select_font_face(cr, "serif", CAIRO_FONT_SLANT_NORMAL,
					       CAIRO_FONT_WEIGHT_NORMAL);
			cairo_set_font_size(cr, 12);
			cairo_move_to(cr, 72, 72);
			cairo_show_text(cr, line);
		}
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_finish(s);
	cairo_surface_destroy(s);
}

static void save(const char *dir, const char *name, const struct buf *const *parts,
		 size_t n, size_t cut)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (!(f = fopen(path, "wb"))) {
		perror(path);
		exit(1);
	}
	for (size_t i = 0; i < n; i++) {
		size_t len = i + 1 == n && cut ? cut : parts[i]->len;

		if (i)
			fputs(SEP, f);
		fwrite(parts[i]->data, 1, len, f);
	}
	fclose(f);
}

/* A copy of b with the first `what` after `after` replaced by `with`
 * (the same length). */
static void garble(struct buf *to, const struct buf *b, const char *what, const char *with)
{
	char *p;

	buf_reset(to);
	buf_append(to, b->data, b->len);
	if (!(p = memmem(to->data, to->len, what, strlen(what)))) {
		fprintf(stderr, "no %s\n", what);
		exit(1);
	}
	memcpy(p, with, strlen(with));
}

int main(int argc, char **argv)
{
	struct buf one, two, text, joined, bad;
	const char *dir = argc > 1 ? argv[1] : ".";
	char err[256];

	buf_init(&one, 0);
	buf_init(&two, 0);
	buf_init(&text, 0);
	buf_init(&joined, 0);
	buf_init(&bad, 0);
	draw(&one, 1, 0);
	draw(&two, 2, 0);
	draw(&text, 1, 1);
	{
		const struct buf *p[] = {&one};
		const struct buf *q[] = {&one, &two};
		const struct buf *r[] = {&two, &text, &one};
		const struct buf *s[] = {&one, &one, &two, &text};

		save(dir, "one", p, 1, 0);
		save(dir, "one-two", q, 2, 0);
		save(dir, "two-text-one", r, 3, 0);
		save(dir, "four", s, 4, 0);
		save(dir, "text", (const struct buf *[]){&text}, 1, 0);
		/* truncated: in the table, before startxref, in an object */
		save(dir, "cut-table", q, 2, two.len - 60);
		save(dir, "cut-startxref", q, 2, two.len - 20);
		save(dir, "cut-object", p, 1, one.len / 3);
	}
	/* garbled: offsets, the table's count, a reference, the kids */
	garble(&bad, &one, "startxref\n", "startxref\n9");
	save(dir, "bad-startxref", (const struct buf *[]){&bad}, 1, 0);
	garble(&bad, &two, "xref\n0 ", "xref\n1 ");
	save(dir, "bad-section", (const struct buf *[]){&one, &bad}, 2, 0);
	garble(&bad, &one, " 0 R", "9 0 R");
	save(dir, "bad-ref", (const struct buf *[]){&bad}, 1, 0);
	garble(&bad, &two, "/Kids [", "/Kids  ");
	save(dir, "bad-kids", (const struct buf *[]){&one, &bad}, 2, 0);
	garble(&bad, &one, "/Root", "/Rout");
	save(dir, "bad-root", (const struct buf *[]){&bad}, 1, 0);
	/* a joined document is itself joinable */
	if (pdf_join((struct buf[]){one, text}, 2, &joined, err, sizeof err)) {
		fprintf(stderr, "join: %s\n", err);
		return 1;
	}
	save(dir, "joined-one", (const struct buf *[]){&joined, &one}, 2, 0);
	buf_release(&one);
	buf_release(&two);
	buf_release(&text);
	buf_release(&joined);
	buf_release(&bad);
	return 0;
}
