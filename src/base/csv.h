/*
 * csv.h - writing CSV (RFC 4180) for spreadsheets.
 *
 * csv_field() quotes every field, doubles inner quotes, and defuses
 * spreadsheet formulas: a field starting with = + - @ TAB or CR gets a
 * leading apostrophe, so Excel shows it as text instead of running it.
 * A row is fields separated by csv_sep() and ended by csv_end() (CRLF).
 */
#ifndef BASE_CSV_H
#define BASE_CSV_H

#include "base/buf.h"

/* The UTF-8 byte order mark Excel needs to read UTF-8. */
#define CSV_BOM "\xEF\xBB\xBF"

void csv_field(struct buf *b, const char *s);
static inline void csv_sep(struct buf *b) { buf_putc(b, ','); }
static inline void csv_end(struct buf *b) { buf_puts(b, "\r\n"); }

#endif
