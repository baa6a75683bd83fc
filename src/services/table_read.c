/*
 * table_read.c - reading spreadsheets (see table.h): CSV through libcsv and
 * iconv, XLSX through libzip and expat.
 *
 * Owns: encoding detection, cell decoding, the row callback protocol. Must
 * not: keep anything between calls, hold a whole file in memory (only one
 * row, and for XLSX the shared-strings table), touch files other than the
 * one it is given.
 *
 * CSV. With a UTF-8 byte order mark the text is UTF-8 (the mark is dropped).
 * Otherwise the whole input is scanned once: valid UTF-8 is read as UTF-8,
 * anything else as GB18030 (what Chinese Excel writes; GBK and GB2312 are
 * subsets), so a file is read twice. One exception: text that was clearly
 * UTF-8 (UTF8_EVIDENCE multi-byte characters) before its first bad byte is
 * read as UTF-8, and the record holding the bad byte is reported, instead of
 * turning the whole file into GB18030 mojibake. libcsv splits the raw bytes
 * into fields: no GB18030 trail byte is a quote, comma, CR or LF, so this is
 * safe in either encoding, and a multi-byte character cut by a chunk
 * boundary is simply carried inside libcsv's field buffer. Each completed
 * field is then converted (GB18030) or checked (UTF-8) on its own, so an
 * undecodable field is reported with its record number. Records are numbered
 * from 1 (the header); empty lines are skipped and do not count. Quoting is
 * strict: a stray or unbalanced double quote is an error. At most
 * TABLE_MAX_COLS fields and TABLE_MAX_RECORD bytes per record.
 *
 * XLSX. The first sheet listed in xl/workbook.xml, found through
 * xl/_rels/workbook.xml.rels (the sheet1.xml of the worksheets folder when either is
 * missing). xl/sharedStrings.xml is loaded first; the sheet is streamed row
 * by row. A cell's column comes from its reference ("C5"), so the cells a
 * row skips arrive as ""; a row's line is its own number r. Rows with no
 * text at all (only formatting) are skipped. Shared and inline strings give
 * their text (phonetic runs left out, "_xHHHH_" escapes decoded), numbers
 * the text Excel stored, booleans TRUE or FALSE, errors their code (#N/A). A
 * column beyond XFD or a DTD (entity tricks) is refused.
 *
 * Limits (table.h): whatever a file claims, memory stays bounded and so
 * does time. Both formats: TABLE_MAX_CELLS cells handed out in all (a
 * row's skipped cells count: "XFD1" is 16,384 cells), TABLE_MAX_COLS and
 * TABLE_MAX_RECORD per row. XLSX: at most TABLE_MAX_PARTS archive entries,
 * TABLE_MAX_XML bytes of XML unpacked from all parts together (counted as
 * read, not as declared; a declared size beyond it is refused before
 * reading), TABLE_MAX_STRINGS shared strings of TABLE_MAX_SST bytes,
 * elements nested TABLE_MAX_DEPTH deep, row numbers up to TABLE_MAX_ROW.
 * Each refusal names its limit in err.
 */
#include "services/table.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <expat.h>
#include <zip.h>

#include "base/str.h"

#define TABLE_CHUNK 65536
#define NO_CELL SIZE_MAX
/* Valid multi-byte sequences that make a file UTF-8 despite a bad byte
 * later on: GB18030 text almost never forms even one or two. */
#define UTF8_EVIDENCE 8

static const unsigned char utf8_bom[3] = {0xEF, 0xBB, 0xBF};

/* ---- one row of cells ---- */

/* The cells of the row being read: their texts one after another in text,
 * each NUL-terminated; off[i] is where cell i starts, NO_CELL for a cell
 * the row skipped. cols is built from off when the row is handed out. */
struct row {
	struct buf text;
	size_t *off;
	size_t n, cap;
	const char **cols;
	size_t colcap;
	size_t cells; /* cells handed out so far, all rows together */
};

static void row_init(struct row *r)
{
	memset(r, 0, sizeof *r);
	buf_init(&r->text, TABLE_MAX_RECORD);
}

static void row_release(struct row *r)
{
	buf_release(&r->text);
	free(r->off);
	free(r->cols);
	memset(r, 0, sizeof *r);
}

static void row_clear(struct row *r)
{
	buf_reset(&r->text);
	r->n = 0;
}

/* Records that cell col starts at start in text, counting the cells it
 * spans (the gap before it included) against TABLE_MAX_CELLS. Returns 0,
 * -1 when out of memory, -2 beyond TABLE_MAX_CELLS. */
static int row_set(struct row *r, size_t col, size_t start)
{
	size_t span = col >= r->n ? col + 1 - r->n : 1;

	if (span > TABLE_MAX_CELLS - r->cells)
		return -2;
	r->cells += span;
	if (col >= r->cap) {
		size_t cap = r->cap ? r->cap : 16;
		size_t *p;

		while (cap <= col)
			cap *= 2;
		p = realloc(r->off, cap * sizeof *p);
		if (!p)
			return -1;
		r->off = p;
		r->cap = cap;
	}
	while (r->n < col)
		r->off[r->n++] = NO_CELL;
	r->off[col] = start;
	if (col >= r->n)
		r->n = col + 1;
	return 0;
}

/* Hands the row to fn and stores fn's value in *ret. Returns 0, or -1 when
 * out of memory (fn not called). */
static int row_emit(struct row *r, size_t line, size_t done, size_t total,
		    table_row_fn fn, void *arg, int *ret)
{
	struct table_row tr;

	if (r->n > r->colcap) {
		const char **p = realloc(r->cols, r->n * sizeof *p);

		if (!p)
			return -1;
		r->cols = p;
		r->colcap = r->n;
	}
	for (size_t i = 0; i < r->n; i++)
		r->cols[i] = r->off[i] == NO_CELL ? "" : r->text.data + r->off[i];
	tr.line = line;
	tr.done = done;
	tr.total = total;
	tr.ncols = r->n;
	tr.cols = r->cols;
	*ret = fn(&tr, arg);
	return 0;
}

/* Drops the text after the first n bytes. */
static void cut(struct buf *b, size_t n)
{
	if (n < b->len) {
		b->len = n;
		b->data[n] = '\0';
	}
}

/* ---- input in chunks, from memory or from a file ---- */

struct src {
	FILE *f;
	const unsigned char *mem;
	size_t len, pos;
	size_t done, total;   /* bytes read so far (this pass), and in all */
	unsigned char *chunk; /* file reads land here */
};

/* Points *p at the next n > 0 bytes; returns 1, 0 at the end, -1 on a read
 * error. */
static int src_next(struct src *s, const unsigned char **p, size_t *n)
{
	if (!s->f) {
		if (s->pos >= s->len)
			return 0;
		*p = s->mem + s->pos;
		*n = s->len - s->pos < TABLE_CHUNK ? s->len - s->pos : TABLE_CHUNK;
		s->pos += *n;
		s->done = s->pos;
		return 1;
	}
	*n = fread(s->chunk, 1, TABLE_CHUNK, s->f);
	if (*n == 0)
		return ferror(s->f) ? -1 : 0;
	s->done += *n;
	*p = s->chunk;
	return 1;
}

static int src_rewind(struct src *s)
{
	s->pos = 0;
	s->done = 0;
	if (s->f && fseek(s->f, 0, SEEK_SET) != 0)
		return -1;
	return 0;
}

/* ---- UTF-8 scan, fed in pieces ---- */

struct u8scan {
	unsigned need, cp, min;
	size_t multi; /* complete multi-byte sequences seen */
};

/* False as soon as the bytes so far cannot be UTF-8 (NUL bytes pass: they
 * are refused later with a better message). */
static bool u8scan_feed(struct u8scan *v, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned c = p[i];

		if (v->need == 0) {
			/* ASCII runs, eight bytes at a time */
			while (i + 8 <= n) {
				uint64_t w;

				memcpy(&w, p + i, 8);
				if (w & 0x8080808080808080ULL)
					break;
				i += 8;
			}
			if (i == n)
				break;
			c = p[i];
			if (c < 0x80)
				continue;
			if (c >= 0xC2 && c <= 0xDF) {
				v->need = 1, v->cp = c & 0x1F, v->min = 0x80;
			} else if (c >= 0xE0 && c <= 0xEF) {
				v->need = 2, v->cp = c & 0x0F, v->min = 0x800;
			} else if (c >= 0xF0 && c <= 0xF4) {
				v->need = 3, v->cp = c & 0x07, v->min = 0x10000;
			} else {
				return false;
			}
			continue;
		}
		if ((c & 0xC0) != 0x80)
			return false;
		v->cp = v->cp << 6 | (c & 0x3F);
		if (--v->need == 0) {
			if (v->cp < v->min || v->cp > 0x10FFFF ||
			    (v->cp >= 0xD800 && v->cp <= 0xDFFF))
				return false;
			v->multi++;
		}
	}
	return true;
}

/* ---- CSV ---- */

struct csvr {
	table_row_fn fn;
	void *arg;
	iconv_t cd;      /* GB18030 -> UTF-8, or (iconv_t)-1 for UTF-8 */
	bool check_utf8; /* UTF-8 not scanned beforehand: check each field */
	struct row row;
	const struct src *src; /* for the progress of each row */
	size_t record;         /* records handed out so far */
	int rc;                /* nonzero: stop (the callback's value, or -1) */
	char *err;
	size_t errlen;
};

/* Appends field s[0..n) converted from GB18030. Returns 0 or -1. */
static int csv_convert(struct csvr *r, const char *s, size_t n)
{
	char out[4096];
	char *in = (char *)s;
	size_t inleft = n;

	iconv(r->cd, NULL, NULL, NULL, NULL);
	while (inleft > 0) {
		char *o = out;
		size_t oleft = sizeof out;
		size_t k = iconv(r->cd, &in, &inleft, &o, &oleft);

		buf_append(&r->row.text, out, (size_t)(o - out));
		if (k == (size_t)-1 && errno != E2BIG)
			return -1;
	}
	return 0;
}

static void csv_on_field(void *s, size_t n, void *data)
{
	struct csvr *r = data;
	size_t rec = r->record + 1;

	if (r->rc)
		return;
	if (!s)
		n = 0;
	if (r->row.n >= TABLE_MAX_COLS) {
		str_errf(r->err, r->errlen, "record %zu has more than %d fields", rec,
			 TABLE_MAX_COLS);
		goto fail;
	}
	if (n && memchr(s, '\0', n)) {
		str_errf(r->err, r->errlen,
			 "record %zu contains a NUL byte (not a text file, or "
			 "UTF-16: save it as CSV UTF-8)",
			 rec);
		goto fail;
	}
	switch (row_set(&r->row, r->row.n, r->row.text.len)) {
	case 0: break;
	case -2:
		str_errf(r->err, r->errlen,
			 "record %zu: more than %u cells in all (the limit of a "
			 "table)",
			 rec, TABLE_MAX_CELLS);
		goto fail;
	default: goto nomem;
	}
	if (r->cd != (iconv_t)-1) {
		if (csv_convert(r, s, n)) {
			str_errf(r->err, r->errlen,
				 "record %zu: bytes that are neither UTF-8 nor "
				 "GB18030",
				 rec);
			goto fail;
		}
	} else {
		if (r->check_utf8 && !str_utf8_valid(s, n)) {
			str_errf(r->err, r->errlen, "record %zu is not valid UTF-8", rec);
			goto fail;
		}
		buf_append(&r->row.text, s, n);
	}
	buf_putc(&r->row.text, '\0');
	if (buf_failed(&r->row.text)) {
		if (r->row.text.err == BUF_ETOOBIG) {
			str_errf(r->err, r->errlen, "record %zu is longer than %u bytes",
				 rec, TABLE_MAX_RECORD);
			goto fail;
		}
		goto nomem;
	}
	return;
nomem:
	str_errf(r->err, r->errlen, "out of memory in record %zu", rec);
fail:
	r->rc = -1;
}

static void csv_on_record(int c, void *data)
{
	struct csvr *r = data;
	int k, e;

	(void)c;
	if (r->rc)
		return;
	r->record++;
	e = row_emit(&r->row, r->record, r->src->done, r->src->total, r->fn, r->arg, &k);
	if (e) {
		str_errf(r->err, r->errlen, "out of memory in record %zu", r->record);
		k = -1;
	}
	row_clear(&r->row);
	r->rc = k;
}

/* Cells are kept exactly: no white space is trimmed. */
static int csv_no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static int read_csv(struct src *s, table_row_fn fn, void *arg, char *err, size_t errlen)
{
	struct csvr r;
	struct csv_parser p;
	const unsigned char *chunk;
	size_t n, used;
	bool bom = false, first = true, parser = false;
	int k, rc = -1;

	memset(&r, 0, sizeof r);
	r.fn = fn;
	r.arg = arg;
	r.src = s;
	r.cd = (iconv_t)-1;
	r.err = err;
	r.errlen = errlen;
	row_init(&r.row);

	/* detect: byte order mark, else one pass over everything */
	k = src_next(s, &chunk, &n);
	if (k > 0 && n >= 3 && !memcmp(chunk, utf8_bom, 3))
		bom = true;
	if (k > 0 && n >= 2 &&
	    ((chunk[0] == 0xFF && chunk[1] == 0xFE) ||
	     (chunk[0] == 0xFE && chunk[1] == 0xFF))) {
		str_errf(err, errlen,
			 "UTF-16 text is not supported: save the file as CSV UTF-8");
		goto out;
	}
	if (!bom) {
		struct u8scan v = {0, 0, 0, 0};
		bool utf8 = true;

		while (k > 0 && utf8) {
			utf8 = u8scan_feed(&v, chunk, n);
			k = src_next(s, &chunk, &n);
		}
		if (k < 0)
			goto ioerr;
		if (!utf8 && v.multi >= UTF8_EVIDENCE) {
			/* UTF-8 with a flaw: find and name its record */
			r.check_utf8 = true;
		} else if (!utf8 || v.need) {
			r.cd = iconv_open("UTF-8", "GB18030");
			if (r.cd == (iconv_t)-1) {
				str_errf(err, errlen, "no GB18030 converter: %s",
					 strerror(errno));
				goto out;
			}
		}
		if (src_rewind(s))
			goto ioerr;
		k = src_next(s, &chunk, &n);
	} else {
		r.check_utf8 = true;
	}

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI)) {
		str_errf(err, errlen, "out of memory");
		goto out;
	}
	parser = true;
	csv_set_space_func(&p, csv_no_space);
	for (; k > 0; k = src_next(s, &chunk, &n)) {
		if (first && bom)
			chunk += 3, n -= 3;
		first = false;
		used = csv_parse(&p, chunk, n, csv_on_field, csv_on_record, &r);
		if (used != n && !r.rc)
			goto parse_error;
		if (r.rc) {
			rc = r.rc;
			goto out;
		}
		if (csv_get_buffer_size(&p) > TABLE_MAX_RECORD) {
			str_errf(err, errlen,
				 "record %zu is longer than %u bytes (an "
				 "unclosed quote?)",
				 r.record + 1, TABLE_MAX_RECORD);
			goto out;
		}
	}
	if (k < 0)
		goto ioerr;
	if (csv_fini(&p, csv_on_field, csv_on_record, &r) && !r.rc)
		goto parse_error;
	rc = r.rc;
	goto out;

parse_error:
	if (csv_error(&p) == CSV_EPARSE)
		str_errf(err, errlen, "record %zu: a stray or unbalanced double quote",
			 r.record + 1);
	else
		str_errf(err, errlen, "record %zu: %s", r.record + 1,
			 csv_strerror(csv_error(&p)));
	goto out;
ioerr:
	str_errf(err, errlen, "read error: %s", strerror(errno));
out:
	if (parser)
		csv_free(&p);
	if (r.cd != (iconv_t)-1)
		iconv_close(r.cd);
	row_release(&r.row);
	return rc;
}

/* ---- XLSX ---- */

#define NS_SEP '|'

enum xpart { XP_WORKBOOK, XP_RELS, XP_SST, XP_SHEET };

struct xlsx {
	zip_t *z;
	XML_Parser p;
	enum xpart part;
	const char *partname;
	int rc;           /* nonzero: stop (callback's value, or -1 with err set) */
	bool done;        /* the part gave what was wanted; stopped early */
	size_t xml_bytes; /* unpacked so far, all parts together */
	int depth;        /* of the element being read */
	char *err;
	size_t errlen;

	/* workbook and rels */
	char rid[256];
	char target[512];
	bool in_sheets;

	/* shared strings: text of string i at sst.data + sst_off[i] */
	struct buf sst;
	size_t *sst_off;
	size_t sst_n, sst_cap;
	bool in_si;

	/* sheet */
	table_row_fn fn;
	void *arg;
	struct row row;
	bool in_row, in_c, in_v, in_is;
	size_t rownum, lastrow;
	size_t col, nextcol;
	size_t cell_start;
	char ctype; /* n s i(nline) b e d S(tr) */
	bool nonempty;

	/* text inside <t> (and <v>), outside phonetic runs */
	int in_t, in_rph;
};

static const char *local(const char *name)
{
	const char *s = strrchr(name, NS_SEP);

	return s ? s + 1 : name;
}

/* The value of the attribute whose local name is name, or NULL. ns: the
 * attribute must (1) or must not (0) be in a namespace. */
static const char *attr(const char **atts, const char *name, int ns)
{
	for (size_t i = 0; atts[i]; i += 2) {
		const char *sep = strrchr(atts[i], NS_SEP);

		if (!!sep != ns)
			continue;
		if (!strcmp(sep ? sep + 1 : atts[i], name))
			return atts[i + 1];
	}
	return NULL;
}

static void x_fail(struct xlsx *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void x_fail(struct xlsx *x, const char *fmt, ...)
{
	va_list ap;

	if (x->err && x->errlen) {
		va_start(ap, fmt);
		vsnprintf(x->err, x->errlen, fmt, ap);
		va_end(ap);
	}
	x->rc = -1;
	XML_StopParser(x->p, XML_FALSE);
}

static void x_stop(struct xlsx *x, int rc)
{
	x->rc = rc;
	XML_StopParser(x->p, XML_FALSE);
}

static void x_done(struct xlsx *x)
{
	x->done = true;
	XML_StopParser(x->p, XML_FALSE);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decodes OOXML's escapes of characters XML cannot hold, "_xHHHH_" (CR is
 * "_x000D_", a literal "_x" is "_x005F_x"), in place in s[0..n). Returns
 * the new length. NUL and surrogates are left as they are. */
static size_t unescape_x(char *s, size_t n)
{
	size_t i = 0, o = 0;

	while (i < n) {
		unsigned cp = 0;
		bool ok = i + 7 <= n && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_';

		for (int k = 2; ok && k < 6; k++) {
			int v = hexval(s[i + k]);

			ok = v >= 0;
			cp = cp << 4 | (unsigned)(v < 0 ? 0 : v);
		}
		if (!ok || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
			s[o++] = s[i++];
			continue;
		}
		if (cp < 0x80) {
			s[o++] = (char)cp;
		} else if (cp < 0x800) {
			s[o++] = (char)(0xC0 | cp >> 6);
			s[o++] = (char)(0x80 | (cp & 0x3F));
		} else {
			s[o++] = (char)(0xE0 | cp >> 12);
			s[o++] = (char)(0x80 | (cp >> 6 & 0x3F));
			s[o++] = (char)(0x80 | (cp & 0x3F));
		}
		i += 7;
	}
	return o;
}

/* Column of a reference like "C5": 0-based, or -1 when malformed, -2 when
 * beyond the last column. */
static long ref_col(const char *ref)
{
	long col = 0;
	size_t i;

	for (i = 0; ref[i] >= 'A' && ref[i] <= 'Z'; i++) {
		col = col * 26 + (ref[i] - 'A' + 1);
		if (col > TABLE_MAX_COLS)
			return -2;
	}
	if (i == 0 || ref[i] < '0' || ref[i] > '9')
		return -1;
	return col - 1;
}

static void sheet_start(struct xlsx *x, const char *el, const char **atts)
{
	if (!strcmp(el, "row")) {
		const char *r = attr(atts, "r", 0);
		long long v;

		if (r) {
			if (str_to_ll(r, 1, TABLE_MAX_ROW, &v)) {
				x_fail(x, "%s: bad row number \"%.20s\"", x->partname, r);
				return;
			}
			x->rownum = (size_t)v;
		} else if (x->lastrow >= TABLE_MAX_ROW) {
			x_fail(x, "%s: more than %d rows", x->partname, TABLE_MAX_ROW);
			return;
		} else {
			x->rownum = x->lastrow + 1;
		}
		row_clear(&x->row);
		x->in_row = true;
		x->nonempty = false;
		x->nextcol = 0;
	} else if (!strcmp(el, "c") && x->in_row) {
		const char *r = attr(atts, "r", 0), *t = attr(atts, "t", 0);
		long col;

		if (r) {
			col = ref_col(r);
			if (col == -2) {
				x_fail(x, "row %zu: cell %.20s is beyond column %d",
				       x->rownum, r, TABLE_MAX_COLS);
				return;
			}
			if (col < 0) {
				x_fail(x, "row %zu: bad cell reference \"%.20s\"",
				       x->rownum, r);
				return;
			}
			x->col = (size_t)col;
		} else {
			x->col = x->nextcol;
			if (x->col >= TABLE_MAX_COLS) {
				x_fail(x, "row %zu has more than %d cells", x->rownum,
				       TABLE_MAX_COLS);
				return;
			}
		}
		x->nextcol = x->col + 1;
		if (!t || !strcmp(t, "n"))
			x->ctype = 'n';
		else if (!strcmp(t, "s"))
			x->ctype = 's';
		else if (!strcmp(t, "inlineStr"))
			x->ctype = 'i';
		else if (!strcmp(t, "b"))
			x->ctype = 'b';
		else if (!strcmp(t, "e"))
			x->ctype = 'e';
		else if (!strcmp(t, "d"))
			x->ctype = 'd';
		else if (!strcmp(t, "str"))
			x->ctype = 'S';
		else
			x->ctype = 'n';
		x->in_c = true;
		x->cell_start = x->row.text.len;
	} else if (x->in_c) {
		if (!strcmp(el, "v"))
			x->in_v = true;
		else if (!strcmp(el, "is"))
			x->in_is = true;
		else if (!strcmp(el, "t") && x->in_is)
			x->in_t++;
		else if (!strcmp(el, "rPh"))
			x->in_rph++;
	}
}

/* Turns the raw text of the cell just closed into its value. */
static void sheet_cell_end(struct xlsx *x)
{
	struct buf *t = &x->row.text;
	const char *raw = t->data + x->cell_start;
	long long idx;

	if (x->ctype == 's') {
		if (!*raw) {
			/* no value: an empty cell */
		} else if (str_to_ll(raw, 0, (long long)x->sst_n - 1, &idx)) {
			x_fail(x, "row %zu: shared string \"%.20s\" does not exist",
			       x->rownum, raw);
			return;
		} else {
			cut(t, x->cell_start);
			buf_puts(t, x->sst.data + x->sst_off[idx]);
		}
	} else if (x->ctype == 'i' || x->ctype == 'S') {
		cut(t, x->cell_start + unescape_x(t->data + x->cell_start,
						  t->len - x->cell_start));
	} else if (x->ctype == 'b' && *raw) {
		bool v = !strcmp(raw, "1") || !strcmp(raw, "true");

		cut(t, x->cell_start);
		buf_puts(t, v ? "TRUE" : "FALSE");
	}
	if (t->len > x->cell_start)
		x->nonempty = true;
	buf_putc(t, '\0');
	if (buf_failed(t)) {
		x_fail(x, "row %zu is longer than %u bytes", x->rownum, TABLE_MAX_RECORD);
		return;
	}
	switch (row_set(&x->row, x->col, x->cell_start)) {
	case 0: break;
	case -2:
		x_fail(x,
		       "row %zu: more than %u cells in all (the limit of a "
		       "table)",
		       x->rownum, TABLE_MAX_CELLS);
		break;
	default: x_fail(x, "out of memory in row %zu", x->rownum);
	}
}

static void sheet_end(struct xlsx *x, const char *el)
{
	if (!strcmp(el, "c") && x->in_c) {
		x->in_c = x->in_v = x->in_is = false;
		x->in_t = x->in_rph = 0;
		sheet_cell_end(x);
	} else if (!strcmp(el, "row") && x->in_row) {
		int k;

		x->in_row = false;
		x->lastrow = x->rownum;
		if (!x->nonempty)
			return;
		if (row_emit(&x->row, x->rownum, 0, 0, x->fn, x->arg, &k))
			x_fail(x, "out of memory in row %zu", x->rownum);
		else if (k)
			x_stop(x, k);
	} else if (x->in_c) {
		if (!strcmp(el, "v"))
			x->in_v = false;
		else if (!strcmp(el, "is"))
			x->in_is = false;
		else if (!strcmp(el, "t") && x->in_t)
			x->in_t--;
		else if (!strcmp(el, "rPh") && x->in_rph)
			x->in_rph--;
	}
}

/* Returns 0, -1 when out of memory, -2 beyond TABLE_MAX_STRINGS. */
static int sst_push(struct xlsx *x)
{
	if (x->sst_n == TABLE_MAX_STRINGS)
		return -2;
	if (x->sst_n == x->sst_cap) {
		size_t cap = x->sst_cap ? x->sst_cap * 2 : 1024;
		size_t *p = realloc(x->sst_off, cap * sizeof *p);

		if (!p)
			return -1;
		x->sst_off = p;
		x->sst_cap = cap;
	}
	x->sst_off[x->sst_n++] = x->sst.len;
	return 0;
}

static void XMLCALL on_start(void *data, const char *name, const char **atts)
{
	struct xlsx *x = data;
	const char *el = local(name);

	if (x->rc || x->done)
		return; /* stopped: expat may still report a few events */
	if (++x->depth > TABLE_MAX_DEPTH) {
		x_fail(x, "%s: elements nested more than %d deep", x->partname,
		       TABLE_MAX_DEPTH);
		return;
	}
	switch (x->part) {
	case XP_WORKBOOK:
		if (!strcmp(el, "sheets")) {
			x->in_sheets = true;
		} else if (!strcmp(el, "sheet") && x->in_sheets) {
			const char *id = attr(atts, "id", 1);

			if (id && strlen(id) < sizeof x->rid) {
				memcpy(x->rid, id, strlen(id) + 1);
				x_done(x);
			}
		}
		break;
	case XP_RELS:
		if (!strcmp(el, "Relationship")) {
			const char *id = attr(atts, "Id", 0);
			const char *tg = attr(atts, "Target", 0);
			const char *mode = attr(atts, "TargetMode", 0);

			if (id && tg && !strcmp(id, x->rid) &&
			    !(mode && !strcmp(mode, "External"))) {
				if (*tg == '/')
					snprintf(x->target, sizeof x->target, "%s", tg + 1);
				else
					snprintf(x->target, sizeof x->target, "xl/%s", tg);
				x_done(x);
			}
		}
		break;
	case XP_SST:
		if (!strcmp(el, "si")) {
			x->in_si = true;
			x->in_t = x->in_rph = 0;
			int k = sst_push(x);

			if (k == -2)
				x_fail(x, "%s: more than %u shared strings", x->partname,
				       TABLE_MAX_STRINGS);
			else if (k)
				x_fail(x, "out of memory (shared strings)");
		} else if (x->in_si && !strcmp(el, "t")) {
			x->in_t++;
		} else if (x->in_si && !strcmp(el, "rPh")) {
			x->in_rph++;
		}
		break;
	case XP_SHEET: sheet_start(x, el, atts); break;
	}
}

static void XMLCALL on_end(void *data, const char *name)
{
	struct xlsx *x = data;
	const char *el = local(name);

	if (x->rc || x->done)
		return;
	x->depth--;
	if (x->part == XP_SHEET) {
		sheet_end(x, el);
	} else if (x->part == XP_SST) {
		if (!strcmp(el, "si") && x->in_si) {
			size_t at = x->sst_off[x->sst_n - 1];

			x->in_si = false;
			if (!buf_failed(&x->sst))
				cut(&x->sst,
				    at + unescape_x(x->sst.data + at, x->sst.len - at));
			buf_putc(&x->sst, '\0');
			if (buf_failed(&x->sst))
				x_fail(x, "shared strings larger than %u bytes",
				       TABLE_MAX_SST);
		} else if (!strcmp(el, "t") && x->in_t) {
			x->in_t--;
		} else if (!strcmp(el, "rPh") && x->in_rph) {
			x->in_rph--;
		}
	}
}

static void XMLCALL on_text(void *data, const char *s, int n)
{
	struct xlsx *x = data;

	if (x->rc || x->done)
		return;
	if (x->part == XP_SHEET) {
		if (x->in_c && (x->in_v || (x->in_is && x->in_t && !x->in_rph)))
			buf_append(&x->row.text, s, (size_t)n);
	} else if (x->part == XP_SST) {
		if (x->in_si && x->in_t && !x->in_rph)
			buf_append(&x->sst, s, (size_t)n);
	}
}

static void XMLCALL on_doctype(void *data, const char *name, const char *sysid,
			       const char *pubid, int has_internal)
{
	struct xlsx *x = data;

	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	x_fail(x, "%s declares a DTD: not an Excel file", x->partname);
}

/* Streams part name through expat with the handlers of part. Returns 0 when
 * read (or stopped once done), 1 when the archive has no such part, the
 * callback's value when it stopped, or -1 with err set. */
static int xml_part(struct xlsx *x, enum xpart part, const char *name)
{
	zip_file_t *zf;
	zip_int64_t got;
	int rc = -1;

	zip_stat_t st;

	zip_stat_init(&st);
	if (zip_stat(x->z, name, ZIP_FL_NOCASE, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
	    st.size > TABLE_MAX_XML - x->xml_bytes) {
		str_errf(x->err, x->errlen,
			 "%s unpacks to %llu bytes: more than the %u bytes of XML "
			 "a workbook may hold",
			 name, (unsigned long long)st.size, TABLE_MAX_XML);
		return -1;
	}
	zf = zip_fopen(x->z, name, ZIP_FL_NOCASE);
	if (!zf)
		return 1;
	x->p = XML_ParserCreateNS(NULL, NS_SEP);
	if (!x->p) {
		str_errf(x->err, x->errlen, "out of memory");
		goto out;
	}
	x->part = part;
	x->partname = name;
	x->done = false;
	x->depth = 0;
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, on_start, on_end);
	XML_SetCharacterDataHandler(x->p, on_text);
	XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
	do {
		void *b = XML_GetBuffer(x->p, TABLE_CHUNK);

		if (!b) {
			str_errf(x->err, x->errlen, "out of memory");
			goto out;
		}
		got = zip_fread(zf, b, TABLE_CHUNK);
		if (got < 0) {
			str_errf(x->err, x->errlen, "broken XLSX file: %s: %s", name,
				 zip_file_strerror(zf));
			goto out;
		}
		/* counted as read: a declared size may lie */
		if ((size_t)got > TABLE_MAX_XML - x->xml_bytes) {
			str_errf(x->err, x->errlen,
				 "%s: more than the %u bytes of XML a workbook may "
				 "hold",
				 name, TABLE_MAX_XML);
			goto out;
		}
		x->xml_bytes += (size_t)got;
		if (XML_ParseBuffer(x->p, (int)got, got == 0) != XML_STATUS_OK) {
			if (x->done)
				break;
			if (x->rc) {
				rc = x->rc;
				goto out;
			}
			str_errf(x->err, x->errlen, "broken XLSX file: %s line %lu: %s",
				 name, (unsigned long)XML_GetCurrentLineNumber(x->p),
				 XML_ErrorString(XML_GetErrorCode(x->p)));
			goto out;
		}
		/* expat keeps an unfinished token (a tag, an attribute value,
		 * a comment) whole in its buffer: bound it like a row */
		{
			int off, size;

			if (XML_GetInputContext(x->p, &off, &size) &&
			    (size_t)size > TABLE_MAX_RECORD) {
				str_errf(x->err, x->errlen,
					 "%s line %lu: one piece of markup longer "
					 "than %u bytes",
					 name,
					 (unsigned long)XML_GetCurrentLineNumber(x->p),
					 TABLE_MAX_RECORD);
				goto out;
			}
		}
	} while (got > 0);
	rc = 0;
out:
	if (x->p)
		XML_ParserFree(x->p);
	x->p = NULL;
	zip_fclose(zf);
	return rc;
}

static int read_xlsx(zip_t *z, table_row_fn fn, void *arg, char *err, size_t errlen)
{
	struct xlsx x;
	const char *sheet = "xl/"
			    "worksheets/sheet1.xml";
	int k, rc = -1;

	memset(&x, 0, sizeof x);
	x.z = z;
	x.fn = fn;
	x.arg = arg;
	x.err = err;
	x.errlen = errlen;
	buf_init(&x.sst, TABLE_MAX_SST);
	row_init(&x.row);

	k = xml_part(&x, XP_WORKBOOK, "xl/workbook.xml");
	if (k < 0)
		goto out;
	if (k == 0 && x.rid[0]) {
		k = xml_part(&x, XP_RELS, "xl/_rels/workbook.xml.rels");
		if (k < 0)
			goto out;
		if (k == 0 && x.target[0])
			sheet = x.target;
	}
	k = xml_part(&x, XP_SST, "xl/sharedStrings.xml");
	if (k < 0)
		goto out;
	k = xml_part(&x, XP_SHEET, sheet);
	if (k == 1) {
		str_errf(err, errlen, "not an XLSX file: no worksheet %s", sheet);
		goto out;
	}
	rc = k;
out:
	buf_release(&x.sst);
	free(x.sst_off);
	row_release(&x.row);
	return rc;
}

/* Opens the archive over source s (taken over, even on failure) and reads
 * it. */
static int read_zip(zip_source_t *s, table_row_fn fn, void *arg, char *err, size_t errlen)
{
	zip_error_t ze;
	zip_t *z;
	int rc;

	zip_error_init(&ze);
	z = zip_open_from_source(s, ZIP_RDONLY, &ze);
	if (!z) {
		str_errf(err, errlen, "not an XLSX file (%s)", zip_error_strerror(&ze));
		zip_source_free(s);
		zip_error_fini(&ze);
		return -1;
	}
	zip_error_fini(&ze);
	if (zip_get_num_entries(z, 0) > TABLE_MAX_PARTS) {
		str_errf(err, errlen, "not an XLSX file: more than %d parts in the archive",
			 TABLE_MAX_PARTS);
		zip_discard(z);
		return -1;
	}
	rc = read_xlsx(z, fn, arg, err, errlen);
	zip_discard(z);
	return rc;
}

static const unsigned char zip_magic[4] = {'P', 'K', 3, 4};
static const unsigned char ole_magic[8] = {0xD0, 0xCF, 0x11, 0xE0,
					   0xA1, 0xB1, 0x1A, 0xE1};

/* The format of data starting with head[0..n). */
static enum table_format sniff(const unsigned char *head, size_t n)
{
	if (n >= 4 && !memcmp(head, zip_magic, 4))
		return TABLE_XLSX;
	return TABLE_CSV;
}

static bool is_ole(const unsigned char *head, size_t n)
{
	return n >= 8 && !memcmp(head, ole_magic, 8);
}

int table_read_mem(const void *data, size_t len, enum table_format fmt, table_row_fn fn,
		   void *arg, char *err, size_t errlen)
{
	struct src s;

	if (!data)
		data = "";
	if (fmt == TABLE_AUTO)
		fmt = sniff(data, len);
	if (fmt == TABLE_XLSX) {
		zip_error_t ze;
		zip_source_t *zs;

		zip_error_init(&ze);
		zs = zip_source_buffer_create(data, len, 0, &ze);
		if (!zs) {
			str_errf(err, errlen, "%s", zip_error_strerror(&ze));
			zip_error_fini(&ze);
			return -1;
		}
		zip_error_fini(&ze);
		return read_zip(zs, fn, arg, err, errlen);
	}
	if (is_ole(data, len)) {
		str_errf(err, errlen, "an old .xls workbook: save it as .xlsx or CSV");
		return -1;
	}
	memset(&s, 0, sizeof s);
	s.mem = data;
	s.len = len;
	s.total = len;
	return read_csv(&s, fn, arg, err, errlen);
}

int table_read_file(const char *path, enum table_format fmt, table_row_fn fn, void *arg,
		    char *err, size_t errlen)
{
	struct src s;
	unsigned char head[8];
	size_t n;
	int rc = -1;

	memset(&s, 0, sizeof s);
	s.f = fopen(path, "rb");
	if (!s.f) {
		str_errf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	n = fread(head, 1, sizeof head, s.f);
	if (ferror(s.f) || fseek(s.f, 0, SEEK_END) ||
	    (s.total = (size_t)ftell(s.f), fseek(s.f, 0, SEEK_SET))) {
		str_errf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (fmt == TABLE_AUTO)
		fmt = sniff(head, n);
	if (fmt == TABLE_XLSX) {
		zip_error_t ze;
		zip_source_t *zs;

		/* libzip reads the file itself */
		fclose(s.f);
		s.f = NULL;
		zip_error_init(&ze);
		zs = zip_source_file_create(path, 0, -1, &ze);
		if (!zs) {
			str_errf(err, errlen, "%s: %s", path, zip_error_strerror(&ze));
			zip_error_fini(&ze);
			goto out;
		}
		zip_error_fini(&ze);
		rc = read_zip(zs, fn, arg, err, errlen);
		goto out;
	}
	if (is_ole(head, n)) {
		str_errf(err, errlen, "an old .xls workbook: save it as .xlsx or CSV");
		goto out;
	}
	s.chunk = malloc(TABLE_CHUNK);
	if (!s.chunk) {
		str_errf(err, errlen, "out of memory");
		goto out;
	}
	rc = read_csv(&s, fn, arg, err, errlen);
out:
	free(s.chunk);
	if (s.f)
		fclose(s.f);
	return rc;
}
