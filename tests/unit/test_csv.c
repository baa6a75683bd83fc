/*
 * test_csv.c - base/csv: every field quoted, inner quotes doubled, formula
 * triggers defused with a leading apostrophe, empty and NULL fields, UTF-8
 * left alone, rows and the byte order mark.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/csv.h"

static int setup(void **state)
{
	static struct buf b;

	buf_init(&b, 0);
	*state = &b;
	return 0;
}

static int teardown(void **state)
{
	buf_release(*state);
	return 0;
}

/* csv_field(s) on an emptied buffer equals want */
static void expect_field(struct buf *b, const char *s, const char *want)
{
	buf_reset(b);
	csv_field(b, s);
	assert_false(buf_failed(b));
	if (strcmp(b->data, want))
		fail_msg("csv_field(\"%s\") = [%s], want [%s]", s ? s : "(null)", b->data,
			 want);
	assert_int_equal(b->len, strlen(want));
}

static void test_plain_quoted(void **state)
{
	struct buf *b = *state;

	expect_field(b, "abc", "\"abc\"");
	expect_field(b, "a,b", "\"a,b\"");
	expect_field(b, "a b", "\"a b\"");
	expect_field(b, "a\nb", "\"a\nb\""); /* line breaks stay inside quotes */
	expect_field(b, "a\r\nb", "\"a\r\nb\"");
	expect_field(b, "123", "\"123\"");
	expect_field(b, "'x", "\"'x\""); /* an apostrophe is left as is */
}

static void test_doubled_quotes(void **state)
{
	struct buf *b = *state;

	expect_field(b, "a\"b", "\"a\"\"b\"");
	expect_field(b, "\"", "\"\"\"\"");
	expect_field(b, "\"\"", "\"\"\"\"\"\"");
	expect_field(b, "say \"hi\"", "\"say \"\"hi\"\"\"");
	expect_field(b, "\"quoted\",x", "\"\"\"quoted\"\",x\"");
}

static void test_formula_defused(void **state)
{
	struct buf *b = *state;

	expect_field(b, "=1+2", "\"'=1+2\"");
	expect_field(b, "=cmd|' /C calc'!A0", "\"'=cmd|' /C calc'!A0\"");
	expect_field(b, "+1", "\"'+1\"");
	expect_field(b, "-1", "\"'-1\"");
	expect_field(b, "@SUM(A1:A2)", "\"'@SUM(A1:A2)\"");
	expect_field(b, "\tx", "\"'\tx\"");
	expect_field(b, "\rx", "\"'\rx\"");
	expect_field(b, "=", "\"'=\"");
	/* defusing and quote doubling together */
	expect_field(b, "=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"");
	/* only the first character matters */
	expect_field(b, "a=1", "\"a=1\"");
	expect_field(b, "1+1", "\"1+1\"");
	expect_field(b, "x@y", "\"x@y\"");
	expect_field(b, "a-b", "\"a-b\"");
}

static void test_empty_and_null(void **state)
{
	struct buf *b = *state;

	expect_field(b, "", "\"\"");
	expect_field(b, NULL, "\"\"");
}

static void test_cjk_untouched(void **state)
{
	struct buf *b = *state;

	expect_field(b, "机械工业职业技能鉴定指导中心", "\"机械工业职业技能鉴定指导中心\"");
	expect_field(b, "“引号”", "\"“引号”\""); /* full-width quotes are not quotes */
	expect_field(b, "＝1+2", "\"＝1+2\"");   /* nor is a full-width equals sign */
}

static void test_row(void **state)
{
	struct buf *b = *state;

	buf_reset(b);
	buf_puts(b, CSV_BOM);
	csv_field(b, "seq");
	csv_sep(b);
	csv_field(b, "actor");
	csv_end(b);
	csv_field(b, "1");
	csv_sep(b);
	csv_field(b, "-admin");
	csv_sep(b);
	csv_field(b, NULL);
	csv_end(b);
	assert_false(buf_failed(b));
	assert_string_equal(b->data, "\xEF\xBB\xBF\"seq\",\"actor\"\r\n"
				     "\"1\",\"'-admin\",\"\"\r\n");
}

static void test_bom(void **state)
{
	const unsigned char want[] = {0xEF, 0xBB, 0xBF};

	(void)state;
	assert_int_equal(sizeof(CSV_BOM) - 1, 3);
	assert_int_equal(strlen(CSV_BOM), 3);
	assert_memory_equal(CSV_BOM, want, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plain_quoted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_doubled_quotes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_formula_defused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_null, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cjk_untouched, setup, teardown),
		cmocka_unit_test_setup_teardown(test_row, setup, teardown),
		cmocka_unit_test(test_bom),
	};

	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
