/*
 * test_itemsheet.c - core/itemsheet and services/qti's sheet reader and
 * writer: the header in Chinese or English, in any order, with columns
 * of other names ignored; blank rows skipped; each bad row refused with
 * its line and field while the good rows are kept; a header lacking or
 * repeating a column refused as a whole; true/false rows that spell out
 * 正确/错误; keys with 、; more than QTI_MAX_ITEMS rows refused; items ->
 * XLSX -> items equal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/itemsheet.h"
#include "services/qti.h"

static int read_csv(const char *csv, struct qti_import *im)
{
	return qti_sheet_read(csv, strlen(csv), im);
}

static void test_header_zh(void **state)
{
	/* any order, an extra column, a blank row and a row of blank cells */
	const char *csv = "备注,题干,试题编号,题型,鉴定要素,选项A,选项B,选项C,答案,解析\n"
			  "x,钢的密度约为,S-1,单选,A-01,7.85,2.7,8.9,A,常识\n"
			  "\n"
			  ",,,,,,,,,\n"
			  ",下列属于量具的有,M-1,多选题,A-02,卡尺,扳手,千分尺,\"A、C\",\n"
			  ",砂轮可侧面磨削,T-1,判断,A-03,,,,错,\n";
	struct qti_import im;

	(void)state;
	assert_int_equal(read_csv(csv, &im), 0);
	assert_int_equal(im.nrefused, 0);
	assert_int_equal(im.nitems, 3);
	assert_string_equal(im.items[0].ref, "S-1");
	assert_int_equal(im.items[0].kind, ITEM_SINGLE);
	assert_string_equal(im.items[0].point, "A-01");
	assert_string_equal(im.items[0].stem, "钢的密度约为");
	assert_int_equal(im.items[0].noptions, 3);
	assert_string_equal(im.items[0].options[2], "8.9");
	assert_int_equal(im.items[0].key, 1u);
	assert_string_equal(im.items[0].explanation, "常识");
	assert_int_equal(im.items[1].kind, ITEM_MULTI);
	assert_int_equal(im.items[1].key, 5u);
	assert_null(im.items[1].explanation);
	assert_int_equal(im.items[2].kind, ITEM_TF);
	assert_int_equal(im.items[2].noptions, 0);
	assert_int_equal(im.items[2].key, 2u);
	qti_import_release(&im);
}

static void test_header_en(void **state)
{
	const char *csv = "Key,STEM,ref,kind,point,Option_A,option b,explanation\n"
			  "B,  两个选项  ,E-1,single,P-1,甲,乙,\n"
			  "T,对吗,E-2,tf,P-1,,,\n";
	struct qti_import im;

	(void)state;
	assert_int_equal(read_csv(csv, &im), 0);
	assert_int_equal(im.nrefused, 0);
	assert_int_equal(im.nitems, 2);
	assert_string_equal(im.items[0].stem, "两个选项"); /* trimmed */
	assert_int_equal(im.items[0].key, 2u);
	assert_int_equal(im.items[1].key, 1u);
	qti_import_release(&im);
}

static void test_bad_rows(void **state)
{
	const char *csv = "试题编号,题型,鉴定要素,题干,选项A,选项B,选项C,选项D,答案\n"
			  "G-1,单选,P,好题,a,b,,,A\n"      /* 2 good */
			  "B-1,填空,P,题,a,b,,,A\n"        /* 3 kind */
			  "B-2,单选,P,,a,b,,,A\n"          /* 4 stem */
			  "B-3,单选,P,题,a,b,,d,A\n"       /* 5 option_d after a gap */
			  "B-4,单选,P,题,a,b,,,C\n"        /* 6 key names no option */
			  "B-5,单选,P,题,a,b,,,AB\n"       /* 7 single with two */
			  "B 6,单选,P,题,a,b,,,A\n"        /* 8 ref with a space */
			  "B-7,多选,,题,a,b,,,AB\n"        /* 9 point missing */
			  "B-8,单选,P,题,a,a,,,A\n"        /* 10 options repeated */
			  "B-9,判断,P,题,甲,乙,,,对\n"     /* 11 t/f with options */
			  "G-2,判断,P,题,正确,错误,,,B\n"  /* 12 good: B is 错误 */
			  "G-3,判断,P,题,错误,正确,,,A\n"; /* 13 good: A is 错误 */
	static const struct {
		size_t line;
		const char *ref, *field, *key;
	} want[] = {
		{3, "B-1", "kind", "val.itemsheet.kind"},
		{4, "B-2", "stem", "val.item.stem_required"},
		{5, "B-3", "option_d", "val.itemsheet.option_gap"},
		{6, "B-4", "key", "val.item.key"},
		{7, "B-5", "key", "val.item.key_single"},
		{8, "B 6", "ref", "val.item.ref"},
		{9, "B-7", "point", "val.item.point"},
		{10, "B-8", "options", "val.item.option_repeated"},
		{11, "B-9", "options", "val.item.tf_options"},
	};
	struct qti_import im;

	(void)state;
	assert_int_equal(read_csv(csv, &im), 0);
	assert_int_equal(im.nitems, 3);
	assert_string_equal(im.items[0].ref, "G-1");
	assert_string_equal(im.items[1].ref, "G-2");
	assert_int_equal(im.items[1].key, 2u);
	assert_string_equal(im.items[2].ref, "G-3");
	assert_int_equal(im.items[2].key, 2u);
	assert_int_equal(im.nrefused, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < im.nrefused; i++) {
		assert_int_equal(im.refused[i].line, want[i].line);
		assert_string_equal(im.refused[i].ref, want[i].ref);
		assert_string_equal(im.refused[i].field, want[i].field);
		assert_string_equal(im.refused[i].key, want[i].key);
	}
	qti_import_release(&im);
}

static void test_whole_refusals(void **state)
{
	struct qti_import im;

	(void)state;
	/* a required column missing: named */
	assert_int_equal(read_csv("试题编号,题型,题干,答案\nA,单选,x,A\n", &im), -1);
	assert_string_equal(im.error, "val.itemsheet.header_missing");
	assert_non_null(strstr(im.detail, "point"));
	assert_int_equal(im.nitems, 0);
	qti_import_release(&im);
	/* one column twice, in two languages */
	assert_int_equal(read_csv("ref,题型,鉴定要素,题干,答案,试题编号\n", &im), -1);
	assert_string_equal(im.error, "val.itemsheet.header_repeated");
	assert_non_null(strstr(im.detail, "ref"));
	qti_import_release(&im);
	/* nothing at all */
	assert_int_equal(read_csv("\n\n", &im), -1);
	assert_string_equal(im.error, "val.itemsheet.empty");
	qti_import_release(&im);
	/* not a spreadsheet */
	assert_int_equal(qti_sheet_read("PK\3\4garbage", 11, &im), -1);
	assert_string_equal(im.error, "val.itemsheet.not_table");
	qti_import_release(&im);
}

static void test_too_many_rows(void **state)
{
	struct buf csv;
	struct qti_import im;

	(void)state;
	buf_init(&csv, 0);
	buf_puts(&csv, "ref,kind,point,stem,key\n");
	for (int i = 0; i < QTI_MAX_ITEMS; i++)
		buf_printf(&csv, "T-%d,tf,P,s,T\n", i);
	assert_int_equal(qti_sheet_read(csv.data, csv.len, &im), 0);
	assert_int_equal(im.nitems, QTI_MAX_ITEMS);
	qti_import_release(&im);
	buf_puts(&csv, "T-x,tf,P,s,T\n");
	assert_int_equal(qti_sheet_read(csv.data, csv.len, &im), -1);
	assert_string_equal(im.error, "val.itemsheet.rows_many");
	assert_int_equal(im.nitems, 0);
	qti_import_release(&im);
	buf_release(&csv);
}

static void test_row_pure(void **state)
{
	const char *header[] = {"试题编号", "题型", "鉴定要素", "题干",
				"A",        "B",    "C",        "答案"};
	const char *row[] = {" X-1 ", "多项选择题", "P-9", "题",
			     "一",    "二",         "三",  "b，c"};
	struct itemsheet_map map;
	struct item it;
	const char *field;

	(void)state;
	assert_null(itemsheet_header(header, 8, &map, &field));
	assert_int_equal(map.col[ITEMSHEET_OPTION_A + 2], 6);
	assert_int_equal(map.col[ITEMSHEET_EXPLANATION], -1);
	assert_null(itemsheet_row(&map, row, 8, &it, &field));
	assert_string_equal(it.ref, "X-1");
	assert_int_equal(it.kind, ITEM_MULTI);
	assert_int_equal(it.key, 6u);
	item_clear(&it);
	/* a short row: the missing cells are blank */
	assert_string_equal(itemsheet_row(&map, row, 4, &it, &field),
			    "val.item.options_count");
	assert_string_equal(field, "options");
	assert_true(itemsheet_blank(row, 0));
	assert_false(itemsheet_blank(row, 1));
}

static void test_xlsx_round_trip(void **state)
{
	struct item it[3];
	struct buf x;
	struct qti_import im;
	char err[256] = "";

	(void)state;
	memset(it, 0, sizeof it);
	snprintf(it[0].ref, sizeof it[0].ref, "R-1");
	it[0].kind = ITEM_MULTI;
	snprintf(it[0].point, sizeof it[0].point, "A-01-001");
	it[0].stem = strdup("题干 <&>\n第二行");
	it[0].noptions = ITEM_MAX_OPTIONS;
	for (int i = 0; i < ITEM_MAX_OPTIONS; i++) {
		char o[32];

		snprintf(o, sizeof o, "选项 %d", i);
		it[0].options[i] = strdup(o);
	}
	it[0].key = 0x82;
	it[0].explanation = strdup("解析");
	snprintf(it[1].ref, sizeof it[1].ref, "R-2");
	it[1].kind = ITEM_TF;
	snprintf(it[1].point, sizeof it[1].point, "B");
	it[1].stem = strdup("判断");
	it[1].key = 2;
	snprintf(it[2].ref, sizeof it[2].ref, "R-3");
	it[2].kind = ITEM_SINGLE;
	snprintf(it[2].point, sizeof it[2].point, "C");
	it[2].stem = strdup("单选");
	it[2].noptions = 2;
	it[2].options[0] = strdup("=1+1"); /* text, not a formula */
	it[2].options[1] = strdup("007");
	it[2].key = 1;
	buf_init(&x, 0);
	assert_int_equal(qti_sheet_write(it, 3, &x, err, sizeof err), 0);
	assert_int_equal(qti_sheet_read(x.data, x.len, &im), 0);
	assert_int_equal(im.nrefused, 0);
	assert_int_equal(im.nitems, 3);
	for (int k = 0; k < 3; k++) {
		const struct item *a = &it[k], *b = &im.items[k];

		assert_string_equal(a->ref, b->ref);
		assert_int_equal(a->kind, b->kind);
		assert_string_equal(a->point, b->point);
		assert_string_equal(a->stem, b->stem);
		assert_int_equal(a->noptions, b->noptions);
		for (int i = 0; i < a->noptions; i++)
			assert_string_equal(a->options[i], b->options[i]);
		assert_int_equal(a->key, b->key);
		if (a->explanation)
			assert_string_equal(a->explanation, b->explanation);
		else
			assert_null(b->explanation);
	}
	qti_import_release(&im);
	for (int k = 0; k < 3; k++)
		item_clear(&it[k]);
	buf_release(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_zh),
		cmocka_unit_test(test_header_en),
		cmocka_unit_test(test_bad_rows),
		cmocka_unit_test(test_whole_refusals),
		cmocka_unit_test(test_too_many_rows),
		cmocka_unit_test(test_row_pure),
		cmocka_unit_test(test_xlsx_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
