/*
 * table.h - spreadsheets in and out: what institutions exchange with us.
 *
 * Reading: CSV (UTF-8, UTF-8 with a byte order mark, or GB18030 as Chinese
 * Excel writes it; the encoding is detected) through libcsv and iconv, or
 * XLSX (the first worksheet) through libzip and expat. Rows are streamed
 * to a callback one at a time, so memory stays flat however long the file
 * is (XLSX keeps its shared-strings table in memory). Every cell arrives as
 * UTF-8 text with surrounding white space kept; empty cells are "".
 *
 * Writing: XLSX through libxlsxwriter (all cells as text, a bold header
 * row, frozen), CSV (UTF-8 with BOM, or GB18030 without one through
 * iconv; RFC 4180, formulas defused, see base/csv.h), and ZIP archives of
 * files given in memory (libzip, the library the XLSX reader opens them
 * with).
 */
#ifndef SERVICES_TABLE_H
#define SERVICES_TABLE_H

#include <stddef.h>

#include "base/buf.h"

enum table_format { TABLE_AUTO = 0, TABLE_CSV, TABLE_XLSX };

/* Limits every reader keeps, whatever a file claims: memory stays bounded
 * (one row, and for XLSX the shared strings) and so does time. Beyond one
 * the reader stops with -1 and an err that names the limit. */
#define TABLE_MAX_COLS 16384  /* columns in a row: Excel's XFD */
#define TABLE_MAX_ROW 1048576 /* XLSX row number: Excel's last row */
#define TABLE_MAX_CELLS \
	(1u << 26)                   /* cells handed out in all, the gaps a
					 row skips included (67,108,864) */
#define TABLE_MAX_RECORD (16u << 20) /* bytes of text in one row */
#define TABLE_MAX_STRINGS (1u << 21) /* XLSX shared strings (2,097,152) */
#define TABLE_MAX_SST (64u << 20)    /* bytes of XLSX shared strings */
#define TABLE_MAX_XML \
	(512u << 20)         /* bytes of XML an XLSX unpacks to,
					  all parts together */
#define TABLE_MAX_PARTS 4096 /* entries in an XLSX archive */
#define TABLE_MAX_DEPTH 64   /* nesting of XML elements */

struct table_row {
	size_t line;        /* 1-based: the row's number as a spreadsheet shows
			       it (header = 1); for CSV the record number */
	size_t done, total; /* bytes of the source read so far and in all, for
			       a progress bar (CSV; 0 and 0 for XLSX) */
	size_t ncols;
	const char *const *cols; /* valid only during the callback */
};

/* Called for every row, header included. Return 0 to go on, nonzero to
 * stop (that value is returned by the reader). */
typedef int (*table_row_fn)(const struct table_row *row, void *arg);

/* TABLE_AUTO: XLSX when the data starts with "PK\3\4", else CSV.
 * Returns 0 when every row was read, the callback's nonzero value when it
 * stopped, or -1 with a reason in err (not a spreadsheet, broken file,
 * undecodable text: err names the line; a limit above: err names it). */
int table_read_file(const char *path, enum table_format fmt, table_row_fn fn, void *arg,
		    char *err, size_t errlen);
int table_read_mem(const void *data, size_t len, enum table_format fmt, table_row_fn fn,
		   void *arg, char *err, size_t errlen);

/* Produces the next row to write into *cols (ncols entries); returns 1 when
 * a row was produced, 0 at the end, -1 on error. */
typedef int (*table_next_fn)(void *arg, const char **cols);

/* Writes header + rows as an XLSX workbook (one sheet named sheet) into
 * out. Returns 0 or -1 with a reason. */
int table_write_xlsx(const char *sheet, size_t ncols, const char *const *header,
		     table_next_fn next, void *arg, struct buf *out, char *err,
		     size_t errlen);
/* One sheet of a workbook: a header row and nrows rows, ncols cells each
 * ((nrows + 1) x ncols, the header first; NULL or "" a blank). With
 * numbers, a cell past the first column that is a plain decimal number
 * ("12", "-3", "45.67") is written as a number, the rest as text. */
#define TABLE_SHEET_COLS 256
struct table_sheet {
	const char *name; /* Excel's rules: at most 31 characters, no []:*?/\ */
	size_t ncols, nrows;
	const char *const *cells;
	int numbers;
};
/* Writes the n sheets, in order, as one XLSX workbook into out (each
 * sheet as table_write_xlsx() writes one). Returns 0 or -1 with a reason
 * (a bad or repeated sheet name names the sheet). */
int table_write_xlsx_sheets(const struct table_sheet *sheets, size_t n, struct buf *out,
			    char *err, size_t errlen);
/* The same as CSV (UTF-8 with BOM, CRLF). */
int table_write_csv(size_t ncols, const char *const *header, table_next_fn next,
		    void *arg, struct buf *out, char *err, size_t errlen);

/* A CSV's encoding: UTF-8 with a byte order mark, or GB18030 (every
 * Unicode character has a GB18030 form) with none. */
enum table_encoding { TABLE_UTF8_BOM = 0, TABLE_GB18030 };
/* table_write_csv() in encoding enc. */
int table_write_csv_enc(enum table_encoding enc, size_t ncols, const char *const *header,
			table_next_fn next, void *arg, struct buf *out, char *err,
			size_t errlen);

/* One file of an archive: its name inside and its bytes (not copied:
 * they must live until table_write_zip() returns). */
struct table_zip_entry {
	const char *name;
	const void *data;
	size_t len;
};
/* Writes the n entries, in order, as a ZIP archive into out (deflated; each
 * entry dated 2000-01-01 00:00 local time, so the same entries give the
 * same bytes). Returns 0 or -1 with a reason. */
int table_write_zip(const struct table_zip_entry *e, size_t n, struct buf *out, char *err,
		    size_t errlen);

#endif
