/*
 * test_filing.c - core/filing: the batch statuses and their transition
 * table (refusals naming the status), the §2.2 record's headings (domain.md
 * §2.2, in the catalog), reading a component's score out of a
 * certificate's scores, and the receipt number and reason rules.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/filing.h"
#include "core/i18n.h"

static void test_status_names(void **state)
{
	static const char *const names[FILING_STATUS_COUNT] = {"draft", "submitted",
							       "received"};
	const char *const *all = filing_status_names();

	(void)state;
	for (int s = 0; s < FILING_STATUS_COUNT; s++) {
		assert_string_equal(filing_status_name((enum filing_status)s), names[s]);
		assert_int_equal(filing_status_parse(names[s]), s);
		assert_string_equal(all[s], names[s]);
	}
	assert_null(all[FILING_STATUS_COUNT]);
	assert_null(filing_status_name(FILING_STATUS_COUNT));
	assert_int_equal(filing_status_parse("Draft"), -1);
	assert_int_equal(filing_status_parse(""), -1);
	assert_int_equal(filing_status_parse(NULL), -1);
}

/* The whole table, written out independently of the code: after[action]
 * [status], -1 where refused; and the word of the status its refusal must
 * name (Chinese text). Columns: draft, submitted, received. */
static void test_transitions(void **state)
{
	static const int after[3][3] = {
		/* submit */ {FILING_SUBMITTED, -1, -1},
		/* receipt */ {-1, FILING_RECEIVED, -1},
		/* reject */ {-1, FILING_SUBMITTED, FILING_RECEIVED},
	};
	static const char *const word[3] = {"草稿", "已报送", "已登记回执"};

	(void)state;
	for (int a = 0; a < 3; a++)
		for (int s = 0; s < 3; s++) {
			const char *why = "unset";
			int to = filing_transition((enum filing_status)s,
						   (enum filing_action)a, &why);

			assert_int_equal(to, after[a][s]);
			if (to >= 0) {
				assert_null(why);
				continue;
			}
			assert_non_null(why);
			/* a catalog entry, in both languages, naming the state */
			assert_string_not_equal(tr(LANG_ZH, why), why);
			assert_string_not_equal(tr(LANG_EN, why), why);
			if (!strstr(tr(LANG_ZH, why), word[s]))
				fail_msg("%s: \"%s\" does not name %s", why,
					 tr(LANG_ZH, why), word[s]);
		}
	{
		const char *why = NULL;

		assert_int_equal(filing_transition(FILING_STATUS_COUNT, FILING_SUBMIT, &why),
				 -1);
		assert_non_null(why);
		assert_string_not_equal(tr(LANG_ZH, why), why);
	}
}

/* §2.2, the headings in the authority's order. */
static void test_columns(void **state)
{
	static const char *const zh[FILING_COLUMNS] = {
		"姓名",
		"性别",
		"出生日期",
		"证件类型",
		"证件号码",
		"文化程度",
		"工作单位",
		"照片",
		"职业名称",
		"职业编码",
		"工种/职业方向",
		"职业技能标准",
		"标准版本",
		"职业技能等级",
		"申报条件",
		"理论知识考试日期",
		"技能考核日期",
		"综合评审日期",
		"理论知识考试成绩",
		"技能考核成绩",
		"综合评审成绩",
		"评定结果",
		"证书编号",
		"发证日期",
		"证书状态",
		"状态原因",
		"状态日期",
		"评价机构名称",
		"评价机构代码",
		"统一社会信用代码",
		"考点/评价场所",
		"站点代码",
		"所在省份",
		"考评员证件号码",
		"督导员证件号码",
		"考务批次号",
		"备案批次号",
		"准予取得职业技能等级",
	};
	const char *const *keys = filing_column_keys();

	(void)state;
	for (size_t i = 0; i < FILING_COLUMNS; i++) {
		assert_non_null(keys[i]);
		assert_string_equal(tr(LANG_ZH, keys[i]), zh[i]);
		assert_string_not_equal(tr(LANG_EN, keys[i]), keys[i]);
	}
	assert_null(keys[FILING_COLUMNS]);
	/* the fixed values of a row */
	assert_string_equal(tr(LANG_ZH, "filing.result.pass"), "合格");
	assert_string_equal(tr(LANG_ZH, "sex.M"), "男");
	assert_string_equal(tr(LANG_ZH, "sex.F"), "女");
}

/* The photo's name in the record and the archive; the CSV's encodings. */
static void test_photo_name_and_encoding(void **state)
{
	char out[64];

	(void)state;
	assert_string_equal(filing_photo_name("S000011000123264000001", "image/jpeg", out,
					      sizeof(out)),
			    "S000011000123264000001.jpg");
	assert_string_equal(filing_photo_name("S000011000123264000001", "image/png", out,
					      sizeof(out)),
			    "S000011000123264000001.png");
	assert_string_equal(filing_photo_name("S1", "", out, sizeof(out)), "");
	assert_string_equal(filing_photo_name("S1", NULL, out, sizeof(out)), "");
	assert_string_equal(filing_photo_name("S1", "image/gif", out, sizeof(out)), "");
	assert_string_equal(filing_photo_name("", "image/png", out, sizeof(out)), "");
	{
		char small[6];

		assert_string_equal(filing_photo_name("S12345", "image/png", small,
						      sizeof(small)),
				    "S1234");
	}
	assert_int_equal(filing_encoding_parse(NULL), FILING_UTF8);
	assert_int_equal(filing_encoding_parse(""), FILING_UTF8);
	assert_int_equal(filing_encoding_parse("utf-8"), FILING_UTF8);
	assert_int_equal(filing_encoding_parse("UTF8"), FILING_UTF8);
	assert_int_equal(filing_encoding_parse("gb18030"), FILING_GB18030);
	assert_int_equal(filing_encoding_parse("GB18030"), FILING_GB18030);
	assert_int_equal(filing_encoding_parse("gbk"), -1);
	assert_int_equal(filing_encoding_parse("latin1"), -1);
	/* the statuses a row names, in Chinese */
	assert_string_equal(tr(LANG_ZH, "cert.status.valid"), "有效");
	assert_string_equal(tr(LANG_ZH, "cert.status.revoked"), "已注销");
}

static void test_score(void **state)
{
	char out[16];
	const char *s = "theory=85.0;practical=78.5";

	(void)state;
	assert_string_equal(filing_score(s, "theory", out, sizeof(out)), "85.0");
	assert_string_equal(filing_score(s, "practical", out, sizeof(out)), "78.5");
	assert_string_equal(filing_score(s, "review", out, sizeof(out)), "");
	assert_string_equal(filing_score("theory=90.0;practical=80.0;review=75.5",
					 "review", out, sizeof(out)),
			    "75.5");
	/* a component's status instead of a score */
	assert_string_equal(filing_score("theory=absent", "theory", out, sizeof(out)),
			    "absent");
	/* whole names only */
	assert_string_equal(
		filing_score("theory2=1.0;theory=2.0", "theory", out, sizeof(out)), "2.0");
	assert_string_equal(filing_score("theor=1.0", "theory", out, sizeof(out)), "");
	assert_string_equal(filing_score("theory", "theory", out, sizeof(out)), "");
	assert_string_equal(filing_score("theory=", "theory", out, sizeof(out)), "");
	assert_string_equal(filing_score("", "theory", out, sizeof(out)), "");
	assert_string_equal(filing_score(NULL, "theory", out, sizeof(out)), "");
	assert_string_equal(filing_score(s, "", out, sizeof(out)), "");
	assert_string_equal(filing_score(";;theory=1.5;", "theory", out, sizeof(out)),
			    "1.5");
	/* cut to the buffer, never past it */
	{
		char small[3];

		assert_string_equal(filing_score(s, "theory", small, sizeof(small)), "85");
	}
}

static void test_receipt_and_reason(void **state)
{
	char text[256];

	(void)state;
	assert_true(filing_receipt_no_valid("粤人社备回[2026]12号"));
	assert_true(filing_receipt_no_valid("R1"));
	assert_false(filing_receipt_no_valid(""));
	assert_false(filing_receipt_no_valid(NULL));
	assert_false(filing_receipt_no_valid("R\n1"));
	assert_false(filing_receipt_no_valid("R\x7f"));
	assert_false(filing_receipt_no_valid("\xff\xfe"));
	memset(text, 'x', 64);
	text[64] = '\0';
	assert_true(filing_receipt_no_valid(text));
	text[64] = 'x';
	text[65] = '\0';
	assert_false(filing_receipt_no_valid(text));
	/* characters, not bytes: 64 Chinese characters are fine */
	for (int i = 0; i < 64; i++)
		memcpy(text + i * 3, "号", 3);
	text[64 * 3] = '\0';
	assert_true(filing_receipt_no_valid(text));

	assert_true(filing_reason_valid("姓名与证件不符"));
	assert_false(filing_reason_valid(""));
	assert_false(filing_reason_valid(NULL));
	assert_false(filing_reason_valid("a\tb"));
	{
		char long_reason[FILING_REASON_MAX + 2];

		memset(long_reason, 'r', FILING_REASON_MAX);
		long_reason[FILING_REASON_MAX] = '\0';
		assert_true(filing_reason_valid(long_reason));
		long_reason[FILING_REASON_MAX] = 'r';
		long_reason[FILING_REASON_MAX + 1] = '\0';
		assert_false(filing_reason_valid(long_reason));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_transitions),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_photo_name_and_encoding),
		cmocka_unit_test(test_score),
		cmocka_unit_test(test_receipt_and_reason),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
