/*
 * table_write.c - writing spreadsheets (see table.h): XLSX through
 * libxlsxwriter, CSV through base/csv.h (GB18030 through iconv), ZIP
 * archives through libzip.
 *
 * Owns: the look of what we hand out (bold frozen header row, column
 * widths fitted to the text, every cell text; an empty cell is written as
 * a formatted blank, so each row keeps the header's width when read back).
 * Must not: write anything but its output buffer and the one temporary
 * file libxlsxwriter needs (libxlsxwriter 1.1.4 cannot write to memory):
 * a mkstemp file in $TMPDIR (else /tmp), read back into the buffer and
 * removed before returning. In constant-memory mode libxlsxwriter also
 * keeps the sheet in an anonymous tmpfile() in the same directory while it
 * works, so memory stays flat however many rows there are.
 */
#include "base/str.h"
#include "services/table.h"

#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>
#include <zip.h>

#include "base/csv.h"

#define WIDTH_MIN 8 /* column widths, in Excel's character units */
#define WIDTH_MAX 60

/* ---- CSV ---- */

static void csv_row(struct buf *out, size_t ncols, const char *const *cols)
{
	for (size_t i = 0; i < ncols; i++) {
		if (i)
			csv_sep(out);
		csv_field(out, cols[i]);
	}
	csv_end(out);
}

int table_write_csv(size_t ncols, const char *const *header, table_next_fn next,
		    void *arg, struct buf *out, char *err, size_t errlen)
{
	const char **cols = NULL;
	size_t row = 1;
	int k, rc = -1;

	if (ncols == 0 || ncols > LXW_COL_MAX) {
		str_errf(err, errlen, "bad column count %zu", ncols);
		goto out;
	}
	cols = calloc(ncols, sizeof *cols);
	if (!cols) {
		str_errf(err, errlen, "out of memory");
		goto out;
	}
	buf_puts(out, CSV_BOM);
	csv_row(out, ncols, header);
	while ((k = next(arg, cols)) == 1) {
		row++;
		csv_row(out, ncols, cols);
		memset(cols, 0, ncols * sizeof *cols);
		if (buf_failed(out))
			break;
	}
	if (k < 0) {
		str_errf(err, errlen, "row %zu could not be produced", row + 1);
		goto out;
	}
	if (buf_failed(out)) {
		str_errf(err, errlen, "CSV larger than %zu bytes", out->cap_limit);
		goto out;
	}
	rc = 0;
out:
	free(cols);
	return rc;
}

/* Appends UTF-8 text (len bytes) to out as GB18030. Returns 0 or -1. */
static int to_gb18030(const char *text, size_t len, struct buf *out, char *err, size_t errlen)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	char *in = (char *)text, chunk[4096];
	size_t left = len;
	int rc = 0;

	if (cd == (iconv_t)-1) {
		str_errf(err, errlen, "iconv: %s", strerror(errno));
		return -1;
	}
	while (left > 0 && rc == 0) {
		char *o = chunk;
		size_t room = sizeof chunk;

		if (iconv(cd, &in, &left, &o, &room) == (size_t)-1 && errno != E2BIG) {
			str_errf(err, errlen, "GB18030 at byte %zu: %s", len - left,
				 strerror(errno));
			rc = -1;
		}
		buf_append(out, chunk, sizeof chunk - room);
	}
	iconv_close(cd);
	if (rc == 0 && buf_failed(out)) {
		str_errf(err, errlen, "CSV larger than %zu bytes", out->cap_limit);
		rc = -1;
	}
	return rc;
}

int table_write_csv_enc(enum table_encoding enc, size_t ncols, const char *const *header,
			table_next_fn next, void *arg, struct buf *out, char *err,
			size_t errlen)
{
	struct buf utf8;
	size_t bom = strlen(CSV_BOM);
	int rc;

	if (enc == TABLE_UTF8_BOM)
		return table_write_csv(ncols, header, next, arg, out, err, errlen);
	buf_init(&utf8, out->cap_limit);
	rc = table_write_csv(ncols, header, next, arg, &utf8, err, errlen);
	if (rc == 0)
		rc = to_gb18030(utf8.data + bom, utf8.len - bom, out, err, errlen);
	buf_release(&utf8);
	return rc;
}

/* ---- ZIP ---- */

int table_write_zip(const struct table_zip_entry *e, size_t n, struct buf *out, char *err,
		    size_t errlen)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za = NULL;
	zip_stat_t st;
	char chunk[16384];
	zip_int64_t got;
	int rc = -1;

	if (n == 0) {
		/* libzip writes nothing for an archive without entries: the
		 * end-of-central-directory record alone is the empty ZIP */
		static const char empty[22] = {'P', 'K', 5, 6};

		buf_append(out, empty, sizeof empty);
		return buf_failed(out) ? -1 : 0;
	}
	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src || !(za = zip_open_from_source(src, ZIP_TRUNCATE, &ze))) {
		str_errf(err, errlen, "zip: %s", zip_error_strerror(&ze));
		if (src)
			zip_source_free(src);
		zip_error_fini(&ze);
		return -1;
	}
	zip_source_keep(src); /* read back after zip_close() */
	for (size_t i = 0; i < n; i++) {
		zip_source_t *f = zip_source_buffer(za, e[i].data, e[i].len, 0);
		zip_int64_t idx = f ? zip_file_add(za, e[i].name, f, ZIP_FL_ENC_UTF_8) : -1;

		if (idx < 0) {
			if (f)
				zip_source_free(f);
			str_errf(err, errlen, "zip entry %s: %s", e[i].name,
				 zip_strerror(za));
			zip_discard(za);
			goto out;
		}
		zip_file_set_mtime(za, (zip_uint64_t)idx, 946684800, 0);
	}
	if (zip_close(za) < 0) {
		str_errf(err, errlen, "zip: %s", zip_strerror(za));
		zip_discard(za);
		goto out;
	}
	if (zip_source_stat(src, &st) < 0 || zip_source_open(src) < 0) {
		str_errf(err, errlen, "zip: reading the archive back");
		goto out;
	}
	while ((got = zip_source_read(src, chunk, sizeof chunk)) > 0)
		buf_append(out, chunk, (size_t)got);
	zip_source_close(src);
	if (got < 0) {
		str_errf(err, errlen, "zip: reading the archive back");
		goto out;
	}
	if (buf_failed(out)) {
		str_errf(err, errlen, "archive larger than %zu bytes", out->cap_limit);
		goto out;
	}
	rc = 0;
out:
	zip_source_free(src);
	zip_error_fini(&ze);
	return rc;
}

/* ---- XLSX ---- */

/* Width of s as Excel shows it, in character units: the longest line,
 * counting East Asian characters (U+3000 and up, roughly) as two. */
static size_t text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0, max = 0;

	for (; *p; p++) {
		if (*p == '\n') {
			w = 0;
			continue;
		}
		if ((*p & 0xC0) == 0x80)
			continue; /* continuation byte */
		if (*p >= 0xE3)
			w += 2;
		else
			w += 1;
		if (w > max)
			max = w;
	}
	return max;
}

/* Writes row r of cols into ws in format fmt, widening widths[]. Returns
 * 0 or an lxw_error. */
static lxw_error xlsx_cell(lxw_worksheet *ws, lxw_row_t r, size_t c, const char *s,
			   lxw_format *fmt, size_t *width)
{
	size_t w;
	lxw_error e;

	if (!s || !*s) /* a formatted blank, so the row keeps its width */
		return worksheet_write_blank(ws, r, (lxw_col_t)c, fmt);
	e = worksheet_write_string(ws, r, (lxw_col_t)c, s, fmt);
	if (e)
		return e;
	w = text_width(s);
	if (w > *width)
		*width = w;
	return LXW_NO_ERROR;
}

static lxw_error xlsx_row(lxw_worksheet *ws, lxw_row_t r, size_t ncols,
			  const char *const *cols, lxw_format *fmt, size_t *widths)
{
	for (size_t c = 0; c < ncols; c++) {
		lxw_error e = xlsx_cell(ws, r, c, cols[c], fmt, &widths[c]);

		if (e)
			return e;
	}
	return LXW_NO_ERROR;
}

/* Appends the file at path to out. Returns 0 or -1 with err set. */
static int slurp(const char *path, struct buf *out, char *err, size_t errlen)
{
	char chunk[16384];
	FILE *f = fopen(path, "rb");
	size_t n;
	int rc = -1;

	if (!f) {
		str_errf(err, errlen, "reading the workbook back: %s", strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(out, chunk, n);
	if (ferror(f)) {
		str_errf(err, errlen, "reading the workbook back: %s", strerror(errno));
		goto out;
	}
	if (buf_failed(out)) {
		str_errf(err, errlen, "workbook larger than %zu bytes", out->cap_limit);
		goto out;
	}
	rc = 0;
out:
	fclose(f);
	return rc;
}

/* A new workbook in a temporary file (its name into path, "" when none
 * was made: the caller unlinks a non-empty one). Returns the workbook, or
 * NULL with err set. */
static lxw_workbook *workbook_open(char *path, char *tmpdir, char *err, size_t errlen)
{
	const char *dir = getenv("TMPDIR");
	lxw_workbook_options opt;
	lxw_workbook *wb;
	int fd;

	path[0] = '\0';
	if (!dir || !*dir)
		dir = "/tmp";
	if ((size_t)snprintf(tmpdir, PATH_MAX, "%s", dir) >= PATH_MAX ||
	    (size_t)snprintf(path, PATH_MAX, "%s/skillcert-XXXXXX.xlsx", dir) >= PATH_MAX) {
		path[0] = '\0';
		str_errf(err, errlen, "temporary directory name too long");
		return NULL;
	}
	fd = mkstemps(path, 5);
	if (fd < 0) {
		str_errf(err, errlen, "temporary file in %s: %s", dir, strerror(errno));
		path[0] = '\0';
		return NULL;
	}
	close(fd);
	memset(&opt, 0, sizeof opt);
	opt.constant_memory = LXW_TRUE;
	opt.tmpdir = tmpdir;
	wb = workbook_new_opt(path, &opt);
	if (!wb)
		str_errf(err, errlen, "out of memory");
	return wb;
}

/* Fits the columns of ws to widths (character units, within bounds). */
static void fit_columns(lxw_worksheet *ws, size_t ncols, const size_t *widths)
{
	for (size_t c = 0; c < ncols; c++) {
		size_t w = widths[c] + 2;

		w = w < WIDTH_MIN ? WIDTH_MIN : w > WIDTH_MAX ? WIDTH_MAX : w;
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (double)w, NULL);
	}
}

int table_write_xlsx(const char *sheet, size_t ncols, const char *const *header,
		     table_next_fn next, void *arg, struct buf *out, char *err,
		     size_t errlen)
{
	char path[PATH_MAX], tmpdir[PATH_MAX];
	const char **cols = NULL;
	size_t *widths = NULL;
	lxw_workbook *wb = NULL;
	lxw_worksheet *ws;
	lxw_format *bold, *plain;
	lxw_row_t r = 0;
	lxw_error e;
	int k, rc = -1;

	path[0] = '\0';
	if (ncols == 0 || ncols > LXW_COL_MAX) {
		str_errf(err, errlen, "bad column count %zu", ncols);
		goto out;
	}
	cols = calloc(ncols, sizeof *cols);
	widths = calloc(ncols, sizeof *widths);
	if (!cols || !widths) {
		str_errf(err, errlen, "out of memory");
		goto out;
	}
	if (!(wb = workbook_open(path, tmpdir, err, errlen)))
		goto out;
	e = workbook_validate_sheet_name(wb, sheet ? sheet : "");
	if (e) {
		str_errf(err, errlen, "sheet name: %s", lxw_strerror(e));
		goto out;
	}
	ws = workbook_add_worksheet(wb, sheet);
	bold = workbook_add_format(wb);
	plain = workbook_add_format(wb);
	if (!ws || !bold || !plain) {
		str_errf(err, errlen, "out of memory");
		goto out;
	}
	format_set_bold(bold);
	worksheet_freeze_panes(ws, 1, 0);
	e = xlsx_row(ws, r, ncols, header, bold, widths);
	while (!e && (k = next(arg, cols)) != 0) {
		if (k < 0) {
			str_errf(err, errlen, "row %lu could not be produced",
				 (unsigned long)r + 2);
			goto out;
		}
		if (++r >= LXW_ROW_MAX) {
			str_errf(err, errlen, "more than %d rows", LXW_ROW_MAX);
			goto out;
		}
		e = xlsx_row(ws, r, ncols, cols, plain, widths);
		memset(cols, 0, ncols * sizeof *cols);
	}
	if (e) {
		str_errf(err, errlen, "row %lu: %s", (unsigned long)r + 1, lxw_strerror(e));
		goto out;
	}
	fit_columns(ws, ncols, widths);
	e = workbook_close(wb);
	wb = NULL;
	if (e) {
		str_errf(err, errlen, "writing the workbook: %s", lxw_strerror(e));
		goto out;
	}
	rc = slurp(path, out, err, errlen);
out:
	if (wb)
		lxw_workbook_free(wb);
	if (path[0])
		unlink(path);
	free(cols);
	free(widths);
	return rc;
}

/* ---- XLSX of several sheets ---- */

/* Whether s is a plain decimal number ("-12", "45.67"), written as one. */
static bool is_number(const char *s)
{
	bool digits = false, point = false;
	const char *p = *s == '-' ? s + 1 : s;

	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits = true;
		else if (*p == '.' && digits && !point)
			point = true;
		else
			return false;
	}
	return digits && p[-1] != '.' && strlen(s) < 16;
}

static int sheet_write(lxw_workbook *wb, const struct table_sheet *t, lxw_format *bold,
		       lxw_format *plain, char *err, size_t errlen)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, t->name);
	size_t widths[TABLE_SHEET_COLS] = {0};
	lxw_error e;

	if (!ws) {
		str_errf(err, errlen, "sheet %s: out of memory", t->name);
		return -1;
	}
	worksheet_freeze_panes(ws, 1, 0);
	e = xlsx_row(ws, 0, t->ncols, t->cells, bold, widths);
	for (size_t i = 1; !e && i <= t->nrows; i++) {
		const char *const *row = t->cells + i * t->ncols;

		for (size_t c = 0; !e && c < t->ncols; c++) {
			if (t->numbers && c && row[c] && is_number(row[c])) {
				e = worksheet_write_number(ws, (lxw_row_t)i, (lxw_col_t)c,
							   strtod(row[c], NULL), plain);
				if (text_width(row[c]) > widths[c])
					widths[c] = text_width(row[c]);
			} else {
				e = xlsx_cell(ws, (lxw_row_t)i, c, row[c], plain,
					      &widths[c]);
			}
		}
	}
	if (e) {
		str_errf(err, errlen, "sheet %s: %s", t->name, lxw_strerror(e));
		return -1;
	}
	fit_columns(ws, t->ncols, widths);
	return 0;
}

int table_write_xlsx_sheets(const struct table_sheet *sheets, size_t n, struct buf *out,
			    char *err, size_t errlen)
{
	char path[PATH_MAX], tmpdir[PATH_MAX];
	lxw_workbook *wb = NULL;
	lxw_format *bold, *plain;
	lxw_error e;
	int rc = -1;

	path[0] = '\0';
	if (n == 0) {
		str_errf(err, errlen, "a workbook needs a sheet");
		goto out;
	}
	for (size_t k = 0; k < n; k++)
		if (sheets[k].ncols == 0 || sheets[k].ncols > TABLE_SHEET_COLS ||
		    sheets[k].nrows >= LXW_ROW_MAX) {
			str_errf(err, errlen, "sheet %zu: %zu columns, %zu rows", k + 1,
				 sheets[k].ncols, sheets[k].nrows);
			goto out;
		}
	if (!(wb = workbook_open(path, tmpdir, err, errlen)))
		goto out;
	for (size_t k = 0; k < n; k++) {
		e = workbook_validate_sheet_name(wb, sheets[k].name ? sheets[k].name : "");
		if (e) {
			str_errf(err, errlen, "sheet %zu name: %s", k + 1, lxw_strerror(e));
			goto out;
		}
	}
	bold = workbook_add_format(wb);
	plain = workbook_add_format(wb);
	if (!bold || !plain) {
		str_errf(err, errlen, "out of memory");
		goto out;
	}
	format_set_bold(bold);
	for (size_t k = 0; k < n; k++)
		if (sheet_write(wb, &sheets[k], bold, plain, err, errlen))
			goto out;
	e = workbook_close(wb);
	wb = NULL;
	if (e) {
		str_errf(err, errlen, "writing the workbook: %s", lxw_strerror(e));
		goto out;
	}
	rc = slurp(path, out, err, errlen);
out:
	if (wb)
		lxw_workbook_free(wb);
	if (path[0])
		unlink(path);
	return rc;
}
