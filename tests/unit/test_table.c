/*
 * test_table.c - services/table: CSV in UTF-8, UTF-8 with a byte order
 * mark and GB18030 (4-byte characters included), quoting, empty lines and
 * trailing empty fields, a 3 MB file whose read chunks end inside
 * multi-byte characters in both encodings, the callback's stop value,
 * undecodable bytes and broken quoting reported with their record; XLSX
 * written by table_write_xlsx and read back (CJK, empty cells, frozen bold
 * header), a workbook written straight with libxlsxwriter (a gap between
 * columns, a skipped row, numbers, booleans, formulas, shared strings),
 * hand-made archives (inline strings with phonetic runs, no workbook.xml,
 * a column beyond XFD, a DTD), files that are not spreadsheets; the CSV
 * writer's exact bytes. Hostile files, one per limit of table.h, each
 * refused with an error naming its limit: too many shared strings (the
 * 100-million-empty-strings bomb, scaled to just past the limit) or too
 * many of their bytes, too many cells (a gap to XFD in every row counts),
 * rows past the last, elements nested too deep, a piece of markup longer
 * than a row, too many archive entries, a part that unpacks to more XML
 * than allowed (declared, or lying about its size), and a CSV of too many
 * cells.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xlsxwriter.h>
#include <zip.h>
#include <zlib.h>

#include "base/buf.h"
#include "base/csv.h"
#include "services/table.h"

/* ---- helpers ---- */

/* A string literal as (pointer, length): it may hold NUL bytes. */
#define LIT(s) (s), (sizeof(s) - 1)

/* Rows as the callback saw them, one per line: "LINE:NCOLS:a|b|c". */
struct got {
	struct buf b;
	size_t rows;
	size_t stop_at; /* return stop_val from this row on (1-based) */
	int stop_val;
};

static int collect(const struct table_row *r, void *arg)
{
	struct got *g = arg;

	buf_printf(&g->b, "%zu:%zu:", r->line, r->ncols);
	for (size_t i = 0; i < r->ncols; i++) {
		if (i)
			buf_putc(&g->b, '|');
		buf_puts(&g->b, r->cols[i]);
	}
	buf_putc(&g->b, '\n');
	g->rows++;
	if (g->stop_at && g->rows >= g->stop_at)
		return g->stop_val;
	return 0;
}

static void got_init(struct got *g)
{
	memset(g, 0, sizeof *g);
	buf_init(&g->b, 0);
}

/* Reads data with table_read_mem and checks the rows against want. */
static void expect_rows(const void *data, size_t len, enum table_format fmt, const char *want)
{
	struct got g;
	char err[256] = "";
	int rc;

	got_init(&g);
	rc = table_read_mem(data, len, fmt, collect, &g, err, sizeof err);
	if (rc != 0)
		fail_msg("table_read_mem: %d (%s)", rc, err);
	assert_false(buf_failed(&g.b));
	if (strcmp(g.b.data, want))
		fail_msg("rows:\n%s\nwant:\n%s", g.b.data, want);
	buf_release(&g.b);
}

/* Reads data and expects -1 with an error containing needle; returns the
 * number of rows the callback saw before. */
static size_t expect_error(const void *data, size_t len, enum table_format fmt,
			   const char *needle)
{
	struct got g;
	char err[256] = "";
	size_t rows;
	int rc;

	got_init(&g);
	rc = table_read_mem(data, len, fmt, collect, &g, err, sizeof err);
	if (rc != -1)
		fail_msg("read gave %d, want -1 (%s); rows:\n%s", rc, needle, g.b.data);
	if (!strstr(err, needle))
		fail_msg("error \"%s\" does not contain \"%s\"", err, needle);
	rows = g.rows;
	buf_release(&g.b);
	return rows;
}

/* out = s[0..n) converted from UTF-8 to GB18030. */
static void to_gb18030(const char *s, size_t n, struct buf *out)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	char *in = (char *)s;
	size_t inleft = n;

	assert_true(cd != (iconv_t)-1);
	buf_reset(out);
	while (inleft > 0) {
		char chunk[4096], *o = chunk;
		size_t oleft = sizeof chunk;
		size_t k = iconv(cd, &in, &inleft, &o, &oleft);

		buf_append(out, chunk, (size_t)(o - chunk));
		if (k == (size_t)-1)
			assert_int_equal(errno, E2BIG);
	}
	iconv_close(cd);
	assert_false(buf_failed(out));
}

/* Writes data to a new temporary file whose name goes to path. */
/* A mkstemp() template in $TMPDIR (else the system's directory). */
static void tmp_template(char *path, size_t n)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(path, n, "%s%ctest_table-XXXXXX", tmp && *tmp ? tmp : P_tmpdir, '/');
}

static void write_tmp(const void *data, size_t len, char *path, size_t n)
{
	int fd;
	FILE *f;

	tmp_template(path, n);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void read_whole(const char *path, struct buf *out)
{
	char chunk[8192];
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(f);
	buf_reset(out);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(out, chunk, n);
	fclose(f);
	assert_false(buf_failed(out));
}

/* ---- CSV ---- */

/* CRLF and LF, an empty line, a quoted field with a newline and doubled
 * quotes, a CRLF inside quotes, a comma inside quotes, white space kept,
 * trailing empty fields, a 4-byte character, no final newline. */
static const char csv_text[] = "姓名,单位,备注\r\n"
			       "张三,机械工业职业技能鉴定指导中心,\r\n"
			       "\r\n"
			       "李四,\"新疆分中心\n乌鲁木齐\",\"他说\"\"好\"\"\"\n"
			       " 王五 ,\"a,b\",,\n"
			       "\n\n"
			       "赵六,\"x\r\ny\",\"\"\r\n"
			       "𠀀,考试站/鉴定站,z";

static const char csv_rows[] = "1:3:姓名|单位|备注\n"
			       "2:3:张三|机械工业职业技能鉴定指导中心|\n"
			       "3:3:李四|新疆分中心\n乌鲁木齐|他说\"好\"\n"
			       "4:4: 王五 |a,b||\n"
			       "5:3:赵六|x\r\ny|\n"
			       "6:3:𠀀|考试站/鉴定站|z\n";

static void test_csv_utf8(void **state)
{
	(void)state;
	expect_rows(csv_text, strlen(csv_text), TABLE_CSV, csv_rows);
	expect_rows(csv_text, strlen(csv_text), TABLE_AUTO, csv_rows);
}

static void test_csv_bom(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	buf_puts(&b, CSV_BOM);
	buf_puts(&b, csv_text);
	expect_rows(b.data, b.len, TABLE_AUTO, csv_rows);
	/* a BOM alone is an empty file */
	expect_rows(CSV_BOM, 3, TABLE_CSV, "");
	buf_release(&b);
}

static void test_csv_gb18030(void **state)
{
	struct buf gb;

	(void)state;
	buf_init(&gb, 0);
	to_gb18030(csv_text, strlen(csv_text), &gb);
	/* the test data really is GB18030: U+20000 is 95 32 82 36, 机 is
	 * BB FA */
	assert_non_null(memmem(gb.data, gb.len, "\x95\x32\x82\x36", 4));
	assert_non_null(memmem(gb.data, gb.len, "\xBB\xFA", 2));
	assert_null(memmem(gb.data, gb.len, "机", strlen("机")));
	expect_rows(gb.data, gb.len, TABLE_AUTO, csv_rows);
	buf_release(&gb);
}

/* One long GB18030 field: converted in several goes. */
static void test_csv_gb18030_long_field(void **state)
{
	struct buf text, want, gb;

	(void)state;
	buf_init(&text, 0);
	buf_init(&want, 0);
	buf_init(&gb, 0);
	buf_puts(&text, "a,\"");
	buf_puts(&want, "1:3:a|");
	for (int i = 0; i < 3000; i++) {
		buf_puts(&text, i % 100 ? "鉴" : "\n𠀀");
		buf_puts(&want, i % 100 ? "鉴" : "\n𠀀");
	}
	buf_puts(&text, "\",z\r\n");
	buf_puts(&want, "|z\n");
	to_gb18030(text.data, text.len, &gb);
	expect_rows(gb.data, gb.len, TABLE_CSV, want.data);
	buf_release(&text);
	buf_release(&want);
	buf_release(&gb);
}

/* Mostly ASCII with a few characters cut by the 64 KiB read chunks: too
 * few to count as evidence, so the UTF-8 scan itself must carry a
 * character over a chunk boundary. */
static void test_csv_utf8_sparse(void **state)
{
	struct buf text, want;
	char path[64];
	struct got g;
	char err[256] = "";
	int rc;

	(void)state;
	buf_init(&text, 0);
	buf_init(&want, 0);
	buf_puts(&text, "a,b\n");
	buf_puts(&want, "1:2:a|b\n");
	for (int at = 1; at <= 2; at++) {
		size_t pad = (size_t)at * 65536 - 1 - text.len - 2;

		buf_puts(&text, "c,");
		buf_puts(&want, at == 1 ? "2:2:c|" : "3:2:c|");
		for (size_t i = 0; i < pad; i++) {
			buf_putc(&text, 'd');
			buf_putc(&want, 'd');
		}
		buf_puts(&text, at == 1 ? "机\n" : "𠀀\n");
		buf_puts(&want, at == 1 ? "机\n" : "𠀀\n");
	}
	assert_memory_equal(text.data + 65535, "机", 3);
	assert_memory_equal(text.data + 2 * 65536 - 1, "𠀀", 4);
	expect_rows(text.data, text.len, TABLE_CSV, want.data);
	write_tmp(text.data, text.len, path, sizeof path);
	got_init(&g);
	rc = table_read_file(path, TABLE_CSV, collect, &g, err, sizeof err);
	unlink(path);
	assert_int_equal(rc, 0);
	assert_string_equal(g.b.data, want.data);
	buf_release(&g.b);
	buf_release(&text);
	buf_release(&want);
}

/* Text ending inside a UTF-8 sequence is not UTF-8: E6 9C is GB18030 for
 * U+93C8. */
static void test_csv_truncated_utf8(void **state)
{
	(void)state;
	expect_rows(LIT("a,b\n\xE6\x9C"), TABLE_AUTO, "1:2:a|b\n2:1:\xE9\x8F\x88\n");
}

static void test_csv_empty(void **state)
{
	(void)state;
	expect_rows("", 0, TABLE_AUTO, "");
	expect_rows(NULL, 0, TABLE_CSV, "");
	expect_rows(LIT("\r\n\n"), TABLE_CSV, "");
	expect_rows(LIT("a"), TABLE_CSV, "1:1:a\n");
	expect_rows(LIT("\"\"\n"), TABLE_CSV, "1:1:\n");
	expect_rows(LIT(","), TABLE_CSV, "1:2:|\n");
}

/* Length of the GB18030 character at p. */
static size_t gb_charlen(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	return p[1] >= 0x30 && p[1] <= 0x39 ? 4 : 2;
}

/* True when, for every power-of-two chunk size from 4 KiB to 64 KiB, some
 * chunk boundary falls inside a multi-byte character. */
static int boundaries_split(const unsigned char *p, size_t n, int gb)
{
	for (size_t chunk = 4096; chunk <= 65536; chunk *= 2) {
		int split = 0;

		if (!gb) {
			for (size_t at = chunk; at < n && !split; at += chunk)
				split = (p[at] & 0xC0) == 0x80;
		} else {
			size_t next = chunk;

			for (size_t i = 0; i < n && !split;) {
				size_t k = gb_charlen(p + i);

				if (i < next && next < i + k)
					split = 1;
				i += k;
				while (next <= i)
					next += chunk;
			}
		}
		if (!split)
			return 0;
	}
	return 1;
}

static void test_csv_big(void **state)
{
	struct buf text, want, gb;
	char path[64];
	int i;

	(void)state;
	buf_init(&text, 0);
	buf_init(&want, 0);
	buf_init(&gb, 0);
	buf_puts(&text, "编号,机构,地区,备注\r\n");
	buf_puts(&want, "1:4:编号|机构|地区|备注\n");
	for (i = 1; text.len < (3u << 20); i++) {
		char org[256] = "", note[64] = "";
		size_t o = 0;

		for (int k = 0; k <= i % 4; k++)
			o += (size_t)snprintf(org + o, sizeof org - o, "%s",
					      "机械工业职业技能鉴定指导中心");
		snprintf(org + o, sizeof org - o, "%.*s", i % 3 * 4,
			 "𠀀𠀀𠀀𠀀"); /* 0, 1 or 2 four-byte characters */
		if (i % 13 == 0)
			snprintf(note, sizeof note, "第%d行\n续", i);
		buf_printf(&text, "%d,%s,新疆分中心%.*s,\"%s\"%s", i, org, i % 5, "abcd",
			   note, i % 2 ? "\r\n" : "\n");
		buf_printf(&want, "%d:4:%d|%s|新疆分中心%.*s|%s\n", i + 1, i, org, i % 5,
			   "abcd", note);
	}
	assert_false(buf_failed(&text));
	assert_false(buf_failed(&want));
	to_gb18030(text.data, text.len, &gb);
	assert_true(boundaries_split((unsigned char *)text.data, text.len, 0));
	assert_true(boundaries_split((unsigned char *)gb.data, gb.len, 1));

	/* in memory, then from files in both encodings */
	expect_rows(text.data, text.len, TABLE_AUTO, want.data);
	expect_rows(gb.data, gb.len, TABLE_AUTO, want.data);
	for (int enc = 0; enc < 2; enc++) {
		struct buf *src = enc ? &gb : &text;
		struct got g;
		char err[256] = "";
		int rc;

		write_tmp(src->data, src->len, path, sizeof path);
		got_init(&g);
		rc = table_read_file(path, TABLE_AUTO, collect, &g, err, sizeof err);
		unlink(path);
		if (rc)
			fail_msg("%s: %d %s", enc ? "GB18030" : "UTF-8", rc, err);
		assert_int_equal(g.rows, (size_t)i);
		if (strcmp(g.b.data, want.data))
			fail_msg("%s file read back differently", enc ? "GB18030" : "UTF-8");
		buf_release(&g.b);
	}
	buf_release(&text);
	buf_release(&want);
	buf_release(&gb);
}

static void test_csv_stop(void **state)
{
	struct got g;
	char err[64] = "";

	(void)state;
	got_init(&g);
	g.stop_at = 2;
	g.stop_val = 7;
	assert_int_equal(table_read_mem(csv_text, strlen(csv_text), TABLE_CSV, collect,
					&g, err, sizeof err),
			 7);
	assert_int_equal(g.rows, 2);
	buf_release(&g.b);
}

static void test_csv_bad_bytes(void **state)
{
	static const char bom_bad[] = "\xEF\xBB\xBF"
				      "a,b\r\nc,\xE6\x9C\r\nd,e\r\n";
	static const char nul[] = "a,b\r\nc,d\r\ne\0f,g\r\n";
	struct buf gb;
	size_t rows;

	(void)state;
	buf_init(&gb, 0);

	/* GB18030 with a byte that is no GB18030 */
	to_gb18030(LIT("姓名,单位\r\n张三,机械\r\n李四,ab"), &gb);
	buf_puts(&gb, "\xFF"
		      "cd\r\n王五,x\r\n");
	rows = expect_error(gb.data, gb.len, TABLE_AUTO, "record 3");
	assert_int_equal(rows, 2); /* the records before were delivered */

	/* GB18030 with a lead byte cut off by the field's end */
	to_gb18030(LIT("姓名,单位\r\n张三,"), &gb);
	buf_puts(&gb, "\x81\r\n");
	expect_error(gb.data, gb.len, TABLE_CSV, "record 2");

	/* UTF-8 with a BOM and a truncated character */
	expect_error(bom_bad, sizeof bom_bad - 1, TABLE_CSV, "record 2");

	/* plainly UTF-8 until a bad byte: reported, not read as GB18030 */
	expect_error(LIT("机械工业,职业技能\n鉴定指导,中心\n新疆,分中心\nx,\xFF\n"),
		     TABLE_CSV, "record 4");

	/* NUL bytes, UTF-16 */
	expect_error(nul, sizeof nul - 1, TABLE_CSV, "record 3");
	expect_error(LIT("\xFF\xFE"
			 "a\0,\0"),
		     TABLE_AUTO, "UTF-16");
	buf_release(&gb);
}

static void test_csv_bad_quotes(void **state)
{
	(void)state;
	/* unclosed, a quote inside an unquoted field, text after one */
	expect_error(LIT("a,b\r\n\"c,d\r\ne,f\r\n"), TABLE_CSV, "record 2");
	expect_error(LIT("a,b\r\nc,d\r\ne,f\"g\r\n"), TABLE_CSV, "record 3");
	expect_error(LIT("\"a\"b,c\r\n"), TABLE_CSV, "record 1");
}

static void test_csv_too_many_fields(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	buf_puts(&b, "a,b\r\n");
	for (int i = 0; i < 16383; i++)
		buf_putc(&b, ',');
	buf_puts(&b, "\r\n"); /* 16384 fields: the most there may be */
	for (int i = 0; i < 16384; i++)
		buf_putc(&b, ',');
	buf_puts(&b, "\r\n");
	assert_int_equal(expect_error(b.data, b.len, TABLE_CSV, "record 3"), 2);
	buf_release(&b);
}

static void test_read_file_missing(void **state)
{
	char err[256] = "";
	struct got g;

	(void)state;
	got_init(&g);
	assert_int_equal(table_read_file("/nonexistent/dir/x.csv", TABLE_AUTO, collect,
					 &g, err, sizeof err),
			 -1);
	assert_non_null(strstr(err, "/nonexistent/dir/x.csv"));
	assert_int_equal(g.rows, 0);
	buf_release(&g.b);
}

/* ---- writing ---- */

struct rows {
	const char *const (*cols)[4];
	size_t n, next;
};

static int next_row(void *arg, const char **cols)
{
	struct rows *r = arg;

	if (r->next == r->n)
		return 0;
	for (size_t i = 0; i < 4; i++)
		cols[i] = r->cols[r->next][i];
	r->next++;
	return 1;
}

static int next_fails(void *arg, const char **cols)
{
	(void)arg, (void)cols;
	return -1;
}

static void test_write_csv(void **state)
{
	static const char *const header[4] = {"姓名", "备注", "a,b", "x"};
	static const char *const data[][4] = {
		{"张三", "=1+2", "", "y"},
		{"李\"四", NULL, "x\ny", "-1"},
	};
	static const char want[] = "\xEF\xBB\xBF\"姓名\",\"备注\",\"a,b\",\"x\"\r\n"
				   "\"张三\",\"'=1+2\",\"\",\"y\"\r\n"
				   "\"李\"\"四\",\"\",\"x\ny\",\"'-1\"\r\n";
	struct rows r = {data, 2, 0};
	struct buf out;
	char err[128] = "";

	(void)state;
	buf_init(&out, 0);
	assert_int_equal(table_write_csv(4, header, next_row, &r, &out, err, sizeof err), 0);
	assert_int_equal(out.len, sizeof want - 1);
	assert_memory_equal(out.data, want, sizeof want - 1);

	/* a failing producer is an error */
	buf_reset(&out);
	assert_int_equal(table_write_csv(4, header, next_fails, NULL, &out, err, sizeof err),
			 -1);
	assert_non_null(strstr(err, "row 2"));
	buf_release(&out);
}

/* GB18030: the same CSV without a byte order mark, "车工" as b3 b5 b9 a4,
 * a character outside the BMP in its four-byte form, and read back as the
 * same cells. */
static void test_write_csv_gb18030(void **state)
{
	static const char *const header[4] = {"职业", "工种", "备注", "x"};
	static const char *const data[][4] = {
		{"车工", "--", "\xf0\xa0\x80\x80", "€"},
	};
	static const char want[] =
		"\"\xd6\xb0\xd2\xb5\",\"\xb9\xa4\xd6\xd6\",\"\xb1\xb8\xd7\xa2\",\"x\"\r\n"
		"\"\xb3\xb5\xb9\xa4\",\"'--\",\"\x95\x32\x82\x36\",\"\xa2\xe3\"\r\n";
	struct rows r = {data, 1, 0};
	struct buf out, utf8;
	char err[128] = "";

	(void)state;
	buf_init(&out, 0);
	buf_init(&utf8, 0);
	assert_int_equal(table_write_csv_enc(TABLE_GB18030, 4, header, next_row, &r, &out,
					     err, sizeof err),
			 0);
	assert_int_equal(out.len, sizeof want - 1);
	assert_memory_equal(out.data, want, sizeof want - 1);
	/* the default is the UTF-8 writer, BOM and all */
	r.next = 0;
	assert_int_equal(table_write_csv_enc(TABLE_UTF8_BOM, 4, header, next_row, &r,
					     &utf8, err, sizeof err),
			 0);
	assert_memory_equal(utf8.data, "\xEF\xBB\xBF", 3);
	buf_release(&utf8);
	/* a failing producer is an error here too */
	buf_reset(&out);
	assert_int_equal(table_write_csv_enc(TABLE_GB18030, 4, header, next_fails, NULL,
					     &out, err, sizeof err),
			 -1);
	buf_release(&out);
}

/* The text of part name in the zip archive data. */
/* A part of the workbook by its pieces ("xl", then dir when not "", then
 * leaf), joined by the ZIP's separator. */
static const char *xl_part(char *out, size_t n, const char *dir, const char *leaf)
{
	snprintf(out, n, "xl%c%s%s%s", '/', dir, *dir ? "/" : "", leaf);
	return out;
}

static void zip_part(const struct buf *data, const char *name, struct buf *out)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	zip_file_t *f;
	char chunk[4096];
	zip_int64_t n;

	zip_error_init(&ze);
	src = zip_source_buffer_create(data->data, data->len, 0, &ze);
	assert_non_null(src);
	z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	assert_non_null(z);
	f = zip_fopen(z, name, 0);
	assert_non_null(f);
	buf_reset(out);
	while ((n = zip_fread(f, chunk, sizeof chunk)) > 0)
		buf_append(out, chunk, (size_t)n);
	zip_fclose(f);
	zip_discard(z);
	zip_error_fini(&ze);
}

/* A workbook of several sheets: the first reads back as the XLSX reader
 * reads any, every sheet is in the archive under its name, numbers are
 * numbers (a <v> without a shared string) and text stays text; a repeated
 * or bad sheet name and a sheet without columns are refused. */
static void test_write_xlsx_sheets(void **state)
{
	char pn[64];
	static const char *const a[] = {"省份", "报名",  "合格率", "北京市",
					"120",  "83.33", "上海市", "0",
					"",     "合计",  "-5",     "12a"};
	static const char *const b[] = {"等级", "人数", "四级/中级工", "7"};
	struct table_sheet sheets[2] = {{"按省份", 3, 3, a, 1}, {"按等级", 2, 1, b, 0}};
	struct buf out, part;
	char err[256] = "";

	(void)state;
	buf_init(&out, 0);
	buf_init(&part, 0);
	assert_int_equal(table_write_xlsx_sheets(sheets, 2, &out, err, sizeof err), 0);
	expect_rows(out.data, out.len, TABLE_AUTO,
		    "1:3:省份|报名|合格率\n2:3:北京市|120|83.33\n3:3:上海市|0|\n"
		    "4:3:合计|-5|12a\n");
	zip_part(&out, xl_part(pn, sizeof(pn), "", "workbook.xml"), &part);
	assert_non_null(strstr(part.data, "name=\"按省份\""));
	assert_non_null(strstr(part.data, "name=\"按等级\""));
	zip_part(&out, xl_part(pn, sizeof(pn), "worksheets", "sheet1.xml"), &part);
	assert_non_null(strstr(part.data, "<v>120</v>")); /* a number, not a string */
	assert_non_null(strstr(part.data, "<v>83.33</v>"));
	zip_part(&out, xl_part(pn, sizeof(pn), "worksheets", "sheet2.xml"), &part);
	assert_null(strstr(part.data, "<v>7</v>")); /* numbers off: text */
	buf_reset(&out);
	sheets[1].name = "按省份";
	assert_int_equal(table_write_xlsx_sheets(sheets, 2, &out, err, sizeof err), -1);
	sheets[1].name = "a[1]";
	assert_int_equal(table_write_xlsx_sheets(sheets, 2, &out, err, sizeof err), -1);
	assert_non_null(strstr(err, "sheet 2"));
	sheets[1].name = "ok";
	sheets[1].ncols = 0;
	assert_int_equal(table_write_xlsx_sheets(sheets, 2, &out, err, sizeof err), -1);
	assert_int_equal(table_write_xlsx_sheets(sheets, 0, &out, err, sizeof err), -1);
	buf_release(&out);
	buf_release(&part);
}

/* A ZIP of files in memory: each entry there by name with its bytes, in
 * order; the same entries give the same bytes; none is an empty archive. */
static void test_write_zip(void **state)
{
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', 0, 1, 2, 3};
	const struct table_zip_entry e[2] = {
		{"S000011000123264000001.png", png, sizeof png},
		{"说明.txt", "照片按证书编号命名", strlen("照片按证书编号命名")},
	};
	struct buf a, b, part;
	char err[128] = "";
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;

	(void)state;
	buf_init(&a, 0);
	buf_init(&b, 0);
	buf_init(&part, 0);
	assert_int_equal(table_write_zip(e, 2, &a, err, sizeof err), 0);
	assert_memory_equal(a.data, "PK\3\4", 4);
	zip_part(&a, "S000011000123264000001.png", &part);
	assert_int_equal(part.len, sizeof png);
	assert_memory_equal(part.data, png, sizeof png);
	zip_part(&a, "说明.txt", &part);
	assert_int_equal(part.len, strlen("照片按证书编号命名"));
	assert_memory_equal(part.data, "照片按证书编号命名", part.len);
	zip_error_init(&ze);
	src = zip_source_buffer_create(a.data, a.len, 0, &ze);
	z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	assert_non_null(z);
	assert_int_equal(zip_get_num_entries(z, 0), 2);
	assert_string_equal(zip_get_name(z, 0, 0), "S000011000123264000001.png");
	zip_discard(z);
	zip_error_fini(&ze);
	assert_int_equal(table_write_zip(e, 2, &b, err, sizeof err), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	buf_reset(&b);
	assert_int_equal(table_write_zip(NULL, 0, &b, err, sizeof err), 0);
	assert_int_equal(b.len, 22);
	zip_error_init(&ze);
	src = zip_source_buffer_create(b.data, b.len, 0, &ze);
	z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	assert_non_null(z);
	assert_int_equal(zip_get_num_entries(z, 0), 0);
	zip_discard(z);
	zip_error_fini(&ze);
	buf_release(&a);
	buf_release(&b);
	buf_release(&part);
}

static const char *const xl_header[4] = {"姓名", "身份证号", "单位", "备注"};
static const char *const xl_data[][4] = {
	{"张三", "110101199003070011", "机械工业职业技能鉴定指导中心", ""},
	{"李四", NULL, "新疆分中心\r\n乌鲁木齐", " 前后空格 "},
	{"𠀀", "=1+2", "", "<&>\"'"},
	{"", NULL, "", ""},
	{"王五", "", "", "末"},
};
static const char xl_want[] = "1:4:姓名|身份证号|单位|备注\n"
			      "2:4:张三|110101199003070011|机械工业职业技能鉴定指导中心|\n"
			      "3:4:李四||新疆分中心\r\n乌鲁木齐| 前后空格 \n"
			      "4:4:𠀀|=1+2||<&>\"'\n"
			      /* row 5 has no text: skipped */
			      "6:4:王五|||末\n";

static void test_xlsx_roundtrip(void **state)
{
	char pn[64];
	struct rows r = {xl_data, 5, 0};
	struct buf out, part;
	char err[256] = "", path[64];
	struct got g;
	int rc;

	(void)state;
	buf_init(&out, 0);
	buf_init(&part, 0);
	if (table_write_xlsx("机构", 4, xl_header, next_row, &r, &out, err, sizeof err))
		fail_msg("table_write_xlsx: %s", err);
	assert_true(out.len > 4);
	assert_memory_equal(out.data, "PK\3\4", 4);
	expect_rows(out.data, out.len, TABLE_AUTO, xl_want);
	expect_rows(out.data, out.len, TABLE_XLSX, xl_want);

	/* from a file too */
	write_tmp(out.data, out.len, path, sizeof path);
	got_init(&g);
	rc = table_read_file(path, TABLE_AUTO, collect, &g, err, sizeof err);
	unlink(path);
	assert_int_equal(rc, 0);
	assert_string_equal(g.b.data, xl_want);
	buf_release(&g.b);

	/* the header row is frozen and bold; the CJK column is wider */
	zip_part(&out,
		 "xl/"
		 "worksheets/sheet1.xml",
		 &part);
	assert_non_null(strstr(part.data, "state=\"frozen\""));
	assert_non_null(strstr(part.data, "ySplit=\"1\""));
	assert_non_null(strstr(part.data, "<col min=\"3\" max=\"3\" width=\"30"));
	assert_non_null(strstr(part.data, "<col min=\"2\" max=\"2\" width=\"20"));
	zip_part(&out, xl_part(pn, sizeof(pn), "", "styles.xml"), &part);
	assert_non_null(strstr(part.data, "<b/>"));
	zip_part(&out, xl_part(pn, sizeof(pn), "", "workbook.xml"), &part);
	assert_non_null(strstr(part.data, "name=\"机构\""));

	/* bad sheet name, failing producer */
	buf_reset(&out);
	r.next = 0;
	assert_int_equal(table_write_xlsx("a/b", 4, xl_header, next_row, &r, &out, err,
					  sizeof err),
			 -1);
	assert_non_null(strstr(err, "sheet name"));
	assert_int_equal(table_write_xlsx("x", 4, xl_header, next_fails, NULL, &out, err,
					  sizeof err),
			 -1);
	assert_non_null(strstr(err, "row 2"));
	buf_release(&out);
	buf_release(&part);
}

static void test_xlsx_stop(void **state)
{
	struct rows r = {xl_data, 5, 0};
	struct buf out;
	char err[256] = "";
	struct got g;

	(void)state;
	buf_init(&out, 0);
	assert_int_equal(table_write_xlsx("s", 4, xl_header, next_row, &r, &out, err,
					  sizeof err),
			 0);
	got_init(&g);
	g.stop_at = 3;
	g.stop_val = 42;
	assert_int_equal(table_read_mem(out.data, out.len, TABLE_AUTO, collect, &g, err,
					sizeof err),
			 42);
	assert_int_equal(g.rows, 3);
	buf_release(&g.b);
	buf_release(&out);
}

/* A workbook written straight with libxlsxwriter (shared strings, not
 * constant memory): A1 and C1 with B1 missing, a number, a boolean, a
 * formula, row 3 missing altogether. */
static void test_xlsx_gap(void **state)
{
	static const char want[] = "1:3:姓名||单位\n"
				   "2:4:张三||12.5|TRUE\n"
				   "4:3:|新疆分中心|2\n"
				   "5:1:FALSE\n";
	char path[64];
	lxw_workbook *wb;
	lxw_worksheet *ws;
	struct buf data;
	struct got g;
	char err[256] = "";
	int fd, rc;

	(void)state;
	tmp_template(path, sizeof path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	wb = workbook_new(path);
	assert_non_null(wb);
	ws = workbook_add_worksheet(wb, "第一页");
	worksheet_write_string(ws, 0, 0, "姓名", NULL);
	worksheet_write_string(ws, 0, 2, "单位", NULL);
	worksheet_write_string(ws, 1, 0, "张三", NULL);
	worksheet_write_number(ws, 1, 2, 12.5, NULL);
	worksheet_write_boolean(ws, 1, 3, 1, NULL);
	worksheet_write_string(ws, 3, 1, "新疆分中心", NULL);
	worksheet_write_formula_num(ws, 3, 2, "=1+1", NULL, 2);
	worksheet_write_boolean(ws, 4, 0, 0, NULL);
	ws = workbook_add_worksheet(wb, "第二页");
	worksheet_write_string(ws, 0, 0, "not this sheet", NULL);
	assert_int_equal(workbook_close(wb), LXW_NO_ERROR);

	buf_init(&data, 0);
	read_whole(path, &data);
	got_init(&g);
	rc = table_read_file(path, TABLE_XLSX, collect, &g, err, sizeof err);
	unlink(path);
	assert_int_equal(rc, 0);
	assert_string_equal(g.b.data, want);
	expect_rows(data.data, data.len, TABLE_XLSX, want);
	buf_release(&g.b);
	buf_release(&data);
}

/* A zip archive with the given parts, written with libzip. */
static void make_zip(struct buf *out, const char *const *names, const char *const *texts,
		     size_t n)
{
	char path[64];
	zip_t *z;
	int fd, zerr;

	tmp_template(path, sizeof path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	z = zip_open(path, ZIP_TRUNCATE, &zerr);
	assert_non_null(z);
	for (size_t i = 0; i < n; i++) {
		zip_source_t *s = zip_source_buffer(z, texts[i], strlen(texts[i]), 0);

		assert_non_null(s);
		assert_true(zip_file_add(z, names[i], s, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	read_whole(path, out);
	unlink(path);
}

#define SHEET_HEAD \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>" \
	"<worksheet xmlns=\"http://schemas.openxmlformats.org/" \
	"spreadsheetml/2006/main\"><sheetData>"
#define SHEET_TAIL "</sheetData></worksheet>"

static void test_xlsx_handmade(void **state)
{
	static const char *const names[] = {"xl/"
					    "worksheets/sheet1.xml"};
	static const char *const inline_sheet[] = {
		SHEET_HEAD "<row r=\"3\"><c r=\"B3\" t=\"inlineStr\"><is><r><t>机械</t></r>"
			   "<r><t xml:space=\"preserve\"> 工业</t></r>"
			   "<rPh sb=\"0\" eb=\"2\"><t>jixie</t></rPh></is></c>"
			   "<c t=\"inlineStr\"><is><t>&lt;&amp;&gt;</t></is></c>"
			   "<c r=\"E3\" t=\"e\"><v>#N/A</v></c>"
			   "<c r=\"F3\" t=\"inlineStr\"><is><t>a_x000D_&#10;b_x005F_x0041_"
			   "_x4E2D_</t></is></c></row>"
			   "<row><c r=\"A4\" s=\"1\"/></row>"
			   "<row><c r=\"A5\"><v>1.5E+17</v></c></row>" SHEET_TAIL};
	static const char *const wide_sheet[] = {
		SHEET_HEAD "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x"
			   "</t></is></c><c r=\"XFE1\"><v>1</v></c></row>" SHEET_TAIL};
	static const char *const last_col[] = {
		SHEET_HEAD "<row r=\"1\"><c r=\"XFD1\"><v>1</v></c></row>" SHEET_TAIL};
	static const char *const dtd_sheet[] = {
		"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]>"
		"<worksheet><sheetData><row><c><v>&a;</v></c></row>"
		"</sheetData></worksheet>"};
	static const char *const bad_sst[] = {
		SHEET_HEAD "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>" SHEET_TAIL};
	static const char *const other[] = {"hello.txt"};
	static const char *const hello[] = {"hello"};
	struct buf z;
	struct got g;
	char err[256];

	(void)state;
	buf_init(&z, 0);

	/* no workbook.xml: the first sheet's usual name; inline strings
	 * without their phonetic run; a cell with no reference follows the
	 * one before; a row of formatting only is skipped; a row with no
	 * number follows the one before */
	make_zip(&z, names, inline_sheet, 1);
	expect_rows(z.data, z.len, TABLE_AUTO,
		    "3:6:|机械 工业|<&>||#N/A|a\r\nb_x0041_中\n"
		    "5:1:1.5E+17\n");

	/* XFD is the last column; XFE is refused */
	make_zip(&z, names, last_col, 1);
	got_init(&g);
	assert_int_equal(
		table_read_mem(z.data, z.len, TABLE_XLSX, collect, &g, err, sizeof err), 0);
	assert_int_equal(g.rows, 1);
	assert_true(g.b.len > 16384);
	buf_release(&g.b);
	make_zip(&z, names, wide_sheet, 1);
	expect_error(z.data, z.len, TABLE_AUTO, "XFE1");

	make_zip(&z, names, dtd_sheet, 1);
	expect_error(z.data, z.len, TABLE_AUTO, "DTD");
	make_zip(&z, names, bad_sst, 1);
	expect_error(z.data, z.len, TABLE_AUTO, "shared string");

	/* a zip that is no workbook */
	make_zip(&z, other, hello, 1);
	expect_error(z.data, z.len, TABLE_AUTO, "no worksheet");
	buf_release(&z);
}

/* ---- hostile files: each limit of table.h ---- */

static void put16(struct buf *b, unsigned v)
{
	unsigned char c[2] = {(unsigned char)v, (unsigned char)(v >> 8)};

	buf_append(b, c, 2);
}

static void put32(struct buf *b, uint32_t v)
{
	put16(b, v & 0xFFFF);
	put16(b, v >> 16);
}

static uLong lying_crc;

static void deflate_more(z_stream *zs, const void *in, size_t n, int flush, struct buf *out)
{
	unsigned char chunk[65536];

	lying_crc = crc32(lying_crc, in, (uInt)n);
	zs->next_in = (unsigned char *)in;
	zs->avail_in = (uInt)n;
	do {
		zs->next_out = chunk;
		zs->avail_out = sizeof chunk;
		assert_true(deflate(zs, flush) != Z_STREAM_ERROR);
		buf_append(out, chunk, sizeof chunk - zs->avail_out);
	} while (zs->avail_out == 0);
}

/* A zip archive of one deflated part, written by hand so that it can lie:
 * the part unpacks to head, fill bytes of ' ', then tail, and its headers
 * declare that it unpacks to `declared` bytes. */
static void lying_zip(struct buf *out, const char *name, const char *head, size_t fill,
		      const char *tail, uint32_t declared)
{
	static char spaces[1 << 16];
	struct buf comp;
	z_stream zs;
	size_t nl = strlen(name), cd;

	memset(spaces, ' ', sizeof spaces);
	memset(&zs, 0, sizeof zs);
	lying_crc = crc32(0, Z_NULL, 0);
	buf_init(&comp, 0);
	assert_int_equal(deflateInit2(&zs, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY), Z_OK);
	deflate_more(&zs, head, strlen(head), Z_NO_FLUSH, &comp);
	while (fill) {
		size_t n = fill < sizeof spaces ? fill : sizeof spaces;

		deflate_more(&zs, spaces, n, Z_NO_FLUSH, &comp);
		fill -= n;
	}
	deflate_more(&zs, tail, strlen(tail), Z_FINISH, &comp);
	deflateEnd(&zs);
	assert_false(buf_failed(&comp));

	buf_reset(out);
	put32(out, 0x04034b50); /* local header */
	put16(out, 20), put16(out, 0), put16(out, 8), put16(out, 0);
	put16(out, 0), put32(out, (uint32_t)lying_crc), put32(out, (uint32_t)comp.len);
	put32(out, declared), put16(out, (unsigned)nl), put16(out, 0);
	buf_append(out, name, nl);
	buf_append(out, comp.data, comp.len);
	cd = out->len;
	put32(out, 0x02014b50); /* central directory */
	put16(out, 20), put16(out, 20), put16(out, 0), put16(out, 8);
	put16(out, 0), put16(out, 0), put32(out, (uint32_t)lying_crc);
	put32(out, (uint32_t)comp.len), put32(out, declared);
	put16(out, (unsigned)nl), put16(out, 0), put16(out, 0), put16(out, 0);
	put16(out, 0), put32(out, 0), put32(out, 0);
	buf_append(out, name, nl);
	put32(out, 0x06054b50); /* end of central directory */
	put16(out, 0), put16(out, 0), put16(out, 1), put16(out, 1);
	put32(out, (uint32_t)(out->len - cd - 4 - 2 * 4)), put32(out, (uint32_t)cd);
	put16(out, 0);
	assert_false(buf_failed(out));
	buf_release(&comp);
}

static const char *const sheet_names[] = {"xl/"
					  "worksheets/sheet1.xml",
					  "xl/sharedStrings.xml"};

/* A workbook of a one-cell sheet and a shared-strings part that is n
 * empty strings: 5 bytes each, and nearly nothing once deflated. */
static void sst_bomb(struct buf *z, size_t n)
{
	struct buf sst;
	const char *texts[2];

	buf_init(&sst, (size_t)256 << 20);
	buf_puts(&sst, "<sst xmlns=\"http://schemas.openxmlformats.org/"
		       "spreadsheetml/2006/main\">");
	for (size_t i = 0; i < n; i++)
		buf_append(&sst, "<si/>", 5);
	buf_puts(&sst, "</sst>");
	assert_false(buf_failed(&sst));
	texts[0] = SHEET_HEAD "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"
			      "</row>" SHEET_TAIL;
	texts[1] = sst.data;
	make_zip(z, sheet_names, texts, 2);
	buf_release(&sst);
}

static void test_limit_shared_strings(void **state)
{
	struct buf z, big;
	const char *texts[2];

	(void)state;
	buf_init(&z, 0);
	/* as many as allowed: read */
	sst_bomb(&z, TABLE_MAX_STRINGS);
	expect_rows(z.data, z.len, TABLE_XLSX, ""); /* an empty row: skipped */
	/* one more: refused, naming the limit, before the sheet is read */
	sst_bomb(&z, (size_t)TABLE_MAX_STRINGS + 1);
	assert_true(z.len < ((size_t)1 << 20)); /* a bomb: small on the wire */
	assert_int_equal(expect_error(z.data, z.len, TABLE_XLSX,
				      "more than 2097152 shared strings"),
			 0);

	/* one string longer than all strings may be together */
	buf_init(&big, (size_t)128 << 20);
	buf_puts(&big, "<sst><si><t>");
	for (size_t i = 0; i <= TABLE_MAX_SST / 64; i++)
		buf_puts(&big, "0123456789abcdef0123456789abcdef"
			       "0123456789abcdef0123456789abcdef");
	buf_puts(&big, "</t></si></sst>");
	assert_false(buf_failed(&big));
	texts[0] = SHEET_HEAD SHEET_TAIL;
	texts[1] = big.data;
	make_zip(&z, sheet_names, texts, 2);
	expect_error(z.data, z.len, TABLE_XLSX, "shared strings larger than 67108864 bytes");
	buf_release(&big);
	buf_release(&z);
}

/* Rows whose one cell is in column XFD: 16,384 cells each, counted
 * whether or not the row has text. */
static void wide_rows(struct buf *z, size_t rows, bool text)
{
	struct buf sheet;
	const char *texts[1];

	buf_init(&sheet, (size_t)64 << 20);
	buf_puts(&sheet, SHEET_HEAD);
	for (size_t i = 1; i <= rows; i++)
		buf_printf(&sheet,
			   text ? "<row r=\"%zu\"><c r=\"XFD%zu\"><v>1</v></c></row>"
				: "<row r=\"%zu\"><c r=\"XFD%zu\"/></row>",
			   i, i);
	buf_puts(&sheet, SHEET_TAIL);
	assert_false(buf_failed(&sheet));
	texts[0] = sheet.data;
	make_zip(z, sheet_names, texts, 1);
	buf_release(&sheet);
}

static int count_only(const struct table_row *r, void *arg)
{
	(*(size_t *)arg)++;
	(void)r;
	return 0;
}

static void test_limit_cells(void **state)
{
	const size_t per_row = TABLE_MAX_COLS;
	size_t rows = 0;
	struct buf z;
	char err[256] = "";

	(void)state;
	buf_init(&z, 0);
	wide_rows(&z, TABLE_MAX_CELLS / per_row, true);
	assert_int_equal(table_read_mem(z.data, z.len, TABLE_XLSX, count_only, &rows, err,
					sizeof err),
			 0);
	assert_int_equal(rows, TABLE_MAX_CELLS / per_row);
	wide_rows(&z, TABLE_MAX_CELLS / per_row + 1, true);
	expect_error(z.data, z.len, TABLE_XLSX, "more than 67108864 cells");
	/* rows without text are not handed out, but their cells count */
	wide_rows(&z, TABLE_MAX_CELLS / per_row + 1, false);
	expect_error(z.data, z.len, TABLE_XLSX, "more than 67108864 cells");
	buf_release(&z);
}

static void test_limit_csv_cells(void **state)
{
	struct buf csv;
	size_t rows = 0;
	char err[256] = "";

	(void)state;
	/* 4,097 records of 16,384 empty fields: 4 bytes a cell short of the
	 * cells a table may have */
	buf_init(&csv, (size_t)128 << 20);
	for (size_t r = 0; r <= TABLE_MAX_CELLS / TABLE_MAX_COLS; r++) {
		for (size_t c = 1; c < TABLE_MAX_COLS; c++)
			buf_putc(&csv, ',');
		buf_putc(&csv, '\n');
	}
	assert_false(buf_failed(&csv));
	assert_int_equal(table_read_mem(csv.data, csv.len - TABLE_MAX_COLS, TABLE_CSV,
					count_only, &rows, err, sizeof err),
			 0);
	assert_int_equal(rows, TABLE_MAX_CELLS / TABLE_MAX_COLS);
	expect_error(csv.data, csv.len, TABLE_CSV, "more than 67108864 cells");
	buf_release(&csv);
}

static void test_limit_rows_depth_markup(void **state)
{
	static const char *const last_row[] = {SHEET_HEAD
					       "<row r=\"1048576\"><c><v>1</v></c></row>"
					       "<row><c><v>2</v></c></row>" SHEET_TAIL};
	struct buf z, deep, markup;
	const char *texts[1];

	(void)state;
	buf_init(&z, 0);
	make_zip(&z, sheet_names, last_row, 1);
	expect_error(z.data, z.len, TABLE_XLSX, "more than 1048576 rows");

	/* nested 64 deep is read; 65 is refused */
	buf_init(&deep, 0);
	for (int depth = 64; depth <= 65; depth++) {
		buf_reset(&deep);
		buf_puts(&deep, "<worksheet><sheetData><row><c><v>1</v></c>");
		for (int i = 3; i < depth; i++) /* row is the third */
			buf_puts(&deep, "<x>");
		for (int i = 3; i < depth; i++)
			buf_puts(&deep, "</x>");
		buf_puts(&deep, "</row></sheetData></worksheet>");
		texts[0] = deep.data;
		make_zip(&z, sheet_names, texts, 1);
		if (depth == 64)
			expect_rows(z.data, z.len, TABLE_XLSX, "1:1:1\n");
		else
			expect_error(z.data, z.len, TABLE_XLSX, "nested more than 64 deep");
	}
	buf_release(&deep);

	/* an attribute value longer than a row may be: expat would hold it
	 * whole */
	buf_init(&markup, (size_t)64 << 20);
	buf_puts(&markup, SHEET_HEAD "<row r=\"1\" x=\"");
	for (size_t i = 0; i <= TABLE_MAX_RECORD / 64; i++)
		buf_puts(&markup, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
				  "aaaaaaaaaaaaaaaa");
	buf_puts(&markup, "\"><c><v>1</v></c></row>" SHEET_TAIL);
	assert_false(buf_failed(&markup));
	texts[0] = markup.data;
	make_zip(&z, sheet_names, texts, 1);
	expect_error(z.data, z.len, TABLE_XLSX,
		     "one piece of markup longer than 16777216 bytes");
	buf_release(&markup);
	buf_release(&z);
}

static void test_limit_parts(void **state)
{
	static char names[TABLE_MAX_PARTS + 1][24];
	static const char *np[TABLE_MAX_PARTS + 1], *tp[TABLE_MAX_PARTS + 1];
	struct buf z;

	(void)state;
	for (int i = 0; i <= TABLE_MAX_PARTS; i++) {
		snprintf(names[i], sizeof names[i], "p%d.xml", i);
		np[i] = names[i];
		tp[i] = "";
	}
	buf_init(&z, 0);
	make_zip(&z, np, tp, TABLE_MAX_PARTS + 1);
	expect_error(z.data, z.len, TABLE_XLSX, "more than 4096 parts");
	buf_release(&z);
}

static void test_limit_xml_size(void **state)
{
	const char *name = "xl/"
			   "worksheets/sheet1.xml";
	struct buf z;

	(void)state;
	buf_init(&z, 0);
	/* declared: refused before a byte is unpacked */
	lying_zip(&z, name, SHEET_HEAD, 1000, SHEET_TAIL, 0xFFFFFF00u);
	expect_error(z.data, z.len, TABLE_XLSX, "unpacks to 4294967040 bytes");
	/* declared small, unpacking to more than allowed: counted as read */
	lying_zip(&z, name, SHEET_HEAD, TABLE_MAX_XML, SHEET_TAIL, 100);
	assert_true(z.len < ((size_t)4 << 20));
	expect_error(z.data, z.len, TABLE_XLSX, "more than the 536870912 bytes of XML");
	/* the same shape within the limit is read */
	lying_zip(&z, name, SHEET_HEAD "<row><c><v>7</v></c></row>", 1 << 20, SHEET_TAIL,
		  100);
	expect_rows(z.data, z.len, TABLE_XLSX, "1:1:7\n");
	buf_release(&z);
}

static void test_not_xlsx(void **state)
{
	static const char garbage[] = "PK\3\4 this is no zip archive at all";
	static const char ole[] = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1xxxxxxxx";
	struct rows r = {xl_data, 5, 0};
	struct buf out;
	char err[256] = "";

	(void)state;
	expect_error(LIT("hello, world\r\n"), TABLE_XLSX, "not an XLSX");
	expect_error(garbage, sizeof garbage - 1, TABLE_AUTO, "not an XLSX");
	expect_error("", 0, TABLE_XLSX, "not an XLSX");
	expect_error(ole, sizeof ole - 1, TABLE_AUTO, ".xls");

	/* a real workbook cut in half */
	buf_init(&out, 0);
	assert_int_equal(table_write_xlsx("s", 4, xl_header, next_row, &r, &out, err,
					  sizeof err),
			 0);
	expect_error(out.data, out.len / 2, TABLE_AUTO, "XLSX");
	/* a byte changed in the sheet's compressed data: a broken deflate
	 * stream or a CRC mismatch */
	{
		const char *name = "xl/"
				   "worksheets/sheet1.xml";
		char *at = memmem(out.data, out.len, name, strlen(name));

		assert_non_null(at);
		at[strlen(name) + 8] ^= 0x55;
		expect_error(out.data, out.len, TABLE_AUTO, "broken XLSX");
	}
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_utf8),
		cmocka_unit_test(test_csv_bom),
		cmocka_unit_test(test_csv_gb18030),
		cmocka_unit_test(test_csv_gb18030_long_field),
		cmocka_unit_test(test_csv_utf8_sparse),
		cmocka_unit_test(test_csv_truncated_utf8),
		cmocka_unit_test(test_csv_empty),
		cmocka_unit_test(test_csv_big),
		cmocka_unit_test(test_csv_stop),
		cmocka_unit_test(test_csv_bad_bytes),
		cmocka_unit_test(test_csv_bad_quotes),
		cmocka_unit_test(test_csv_too_many_fields),
		cmocka_unit_test(test_read_file_missing),
		cmocka_unit_test(test_write_csv),
		cmocka_unit_test(test_write_csv_gb18030),
		cmocka_unit_test(test_write_zip),
		cmocka_unit_test(test_write_xlsx_sheets),
		cmocka_unit_test(test_xlsx_roundtrip),
		cmocka_unit_test(test_xlsx_stop),
		cmocka_unit_test(test_xlsx_gap),
		cmocka_unit_test(test_xlsx_handmade),
		cmocka_unit_test(test_not_xlsx),
		cmocka_unit_test(test_limit_shared_strings),
		cmocka_unit_test(test_limit_cells),
		cmocka_unit_test(test_limit_csv_cells),
		cmocka_unit_test(test_limit_rows_depth_markup),
		cmocka_unit_test(test_limit_parts),
		cmocka_unit_test(test_limit_xml_size),
	};

	return cmocka_run_group_tests_name("table", tests, NULL, NULL);
}
