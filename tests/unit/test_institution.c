/*
 * test_institution.c - core/institution: type names, province codes and the
 * field rules (name, type, province, credit code, reason) with the field
 * and catalog key each failure reports.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/i18n.h"
#include "core/institution.h"

/* ---- types ---- */

static void test_type_roundtrip(void **state)
{
	static const char *const names[INST_TYPE_COUNT] = {
		"center",        "branch_center",      "training_base",
		"practice_base", "management_station", "exam_station",
		"exam_site",
	};

	(void)state;
	for (int t = 0; t < INST_TYPE_COUNT; t++) {
		const char *name = inst_type_name((enum inst_type)t);

		assert_non_null(name);
		assert_string_equal(name, names[t]);
		assert_int_equal(inst_type_parse(name), t);
	}
}

static void test_type_unknown(void **state)
{
	(void)state;
	assert_int_equal(inst_type_parse("school"), -1);
	assert_int_equal(inst_type_parse(""), -1);
	assert_int_equal(inst_type_parse(NULL), -1);
	assert_int_equal(inst_type_parse("Center"), -1);
	assert_int_equal(inst_type_parse("center "), -1);
	assert_int_equal(inst_type_parse("exam"), -1);
	assert_null(inst_type_name(INST_TYPE_COUNT));
	assert_null(inst_type_name((enum inst_type) - 1));
}

static void test_check_type(void **state)
{
	struct rule_error e = {0};

	(void)state;
	assert_true(inst_check_type("exam_station", &e));
	assert_false(inst_check_type("nope", &e));
	assert_string_equal(e.field, "type");
	assert_string_equal(e.msg, "val.type.invalid");
	e.field = e.msg = NULL;
	assert_false(inst_check_type(NULL, &e));
	assert_string_equal(e.field, "type");
}

/* ---- provinces ---- */

static void test_province_valid(void **state)
{
	(void)state;
	assert_true(province_valid("11"));
	assert_true(province_valid("65"));
	assert_true(province_valid("82"));
	assert_true(province_valid("71"));
	assert_false(province_valid("10"));
	assert_false(province_valid("99"));
	assert_false(province_valid("1"));
	assert_false(province_valid(""));
	assert_false(province_valid("110"));
	assert_false(province_valid("11 "));
	assert_false(province_valid("83"));
	assert_false(province_valid(NULL));
}

static void test_province_codes(void **state)
{
	const char *const *p = province_codes();
	size_t n = 0;

	(void)state;
	for (; p[n]; n++) {
		assert_int_equal(strlen(p[n]), 2);
		assert_true(province_valid(p[n]));
		if (n > 0)
			assert_true(strcmp(p[n - 1], p[n]) < 0); /* in order, unique */
	}
	assert_int_equal(n, 34); /* 34 province-level divisions */
}

static void test_check_province(void **state)
{
	struct rule_error e = {0};

	(void)state;
	assert_true(inst_check_province("44", &e));
	assert_false(inst_check_province("00", &e));
	assert_string_equal(e.field, "province");
	assert_string_equal(e.msg, "val.province.invalid");
}

/* ---- name ---- */

/* out = unit repeated times times (out must be large enough). */
static void repeat(char *out, const char *unit, int times)
{
	size_t n = strlen(unit);

	for (int i = 0; i < times; i++)
		memcpy(out + (size_t)i * n, unit, n);
	out[(size_t)times * n] = '\0';
}

static void expect_name(const char *name, const char *msg)
{
	struct rule_error e = {NULL, NULL};

	if (!msg) {
		if (!inst_check_name(name, &e))
			fail_msg("name \"%s\" refused with %s", name, e.msg);
		return;
	}
	if (inst_check_name(name, &e))
		fail_msg("name \"%s\" accepted, expected %s", name, msg);
	assert_non_null(e.field);
	assert_string_equal(e.field, "name");
	assert_string_equal(e.msg, msg);
}

static void test_name_required(void **state)
{
	(void)state;
	expect_name("", "val.name.required");
	expect_name(NULL, "val.name.required");
}

static void test_name_length(void **state)
{
	char s[512];

	(void)state;
	expect_name("a", "val.name.length");
	expect_name("机", "val.name.length");
	expect_name("ab", NULL);
	expect_name("机构", NULL);
	/* 100 characters OK, 101 too long, whether ASCII or CJK */
	memset(s, 'x', 100);
	s[100] = '\0';
	expect_name(s, NULL);
	memset(s, 'x', 101);
	s[101] = '\0';
	expect_name(s, "val.name.length");
	repeat(s, "鉴", 100);
	expect_name(s, NULL); /* 300 bytes, 100 characters */
	repeat(s, "鉴", 101);
	expect_name(s, "val.name.length");
}

static void test_name_spaces(void **state)
{
	(void)state;
	expect_name(" 机构", "val.name.invalid");
	expect_name("机构 ", "val.name.invalid");
	expect_name(" ", "val.name.invalid");
	expect_name("\xe3\x80\x80机构", "val.name.invalid"); /* full-width space */
	expect_name("机构\xe3\x80\x80", "val.name.invalid");
	expect_name("机械 鉴定站", NULL); /* inner space is fine */
}

static void test_name_control(void **state)
{
	(void)state;
	expect_name("机\t构", "val.name.invalid");
	expect_name("机\n构", "val.name.invalid");
	expect_name("机构\r", "val.name.invalid");
	expect_name("ab\x01", "val.name.invalid");
	expect_name("ab\x1f"
		    "c",
		    "val.name.invalid");
	expect_name("ab\x7f", "val.name.invalid");
}

static void test_name_bad_utf8(void **state)
{
	(void)state;
	expect_name("ab\xff", "val.name.invalid");
	expect_name("\xE6\x9C", "val.name.invalid"); /* truncated */
	expect_name("a\xC0\xAF"
		    "b",
		    "val.name.invalid"); /* overlong */
	expect_name("a\xED\xA0\x80"
		    "b",
		    "val.name.invalid"); /* surrogate */
}

static void test_name_ok(void **state)
{
	(void)state;
	expect_name("机械工业职业技能鉴定指导中心", NULL);
	expect_name("Shanghai Station No.1 (A&B)", NULL);
	expect_name("北京第一鉴定站（二期）", NULL);
}

/* ---- credit code ---- */

static void expect_code(const char *code, bool ok)
{
	struct rule_error e = {NULL, NULL};

	if (ok) {
		if (!inst_check_credit_code(code, &e))
			fail_msg("credit code \"%s\" refused", code);
		return;
	}
	if (inst_check_credit_code(code, &e))
		fail_msg("credit code \"%s\" accepted", code);
	assert_string_equal(e.field, "credit_code");
	assert_string_equal(e.msg, "val.credit_code.format");
}

static void test_credit_code(void **state)
{
	(void)state;
	expect_code("", true);
	expect_code(NULL, true);
	expect_code("91110108123456788E", true);
	expect_code("91350100M000100Y43", true);
	expect_code("9111010812345678", false);    /* 16 */
	expect_code("91110108123456788", false);   /* 17 */
	expect_code("91110108123456788EE", false); /* 19 */
	expect_code("91110108123456788e", false);  /* lowercase */
	expect_code("91110108123456788I", false);
	expect_code("91110108123456788O", false);
	expect_code("91110108123456788S", false);
	expect_code("91110108123456788V", false);
	expect_code("91110108123456788Z", false);
	expect_code("9111010812345678 E", false);
	expect_code("91110108123456788-", false);
	expect_code("９1110108123456788E", false); /* full-width digit */
}

/* ---- reason ---- */

static void test_reason(void **state)
{
	char s[2048];
	struct rule_error e = {NULL, NULL};

	(void)state;
	assert_true(inst_check_reason(NULL, &e));
	assert_true(inst_check_reason("", &e));
	assert_true(inst_check_reason("上级主管部门批复更名", &e));
	repeat(s, "名", 500);
	assert_true(inst_check_reason(s, &e)); /* 500 characters, 1500 bytes */
	repeat(s, "名", 501);
	assert_false(inst_check_reason(s, &e));
	assert_string_equal(e.field, "reason");
	assert_string_equal(e.msg, "val.reason.length");
	memset(s, 'r', 500);
	s[500] = '\0';
	assert_true(inst_check_reason(s, &e));
	s[500] = 'r';
	s[501] = '\0';
	e.field = e.msg = NULL;
	assert_false(inst_check_reason(s, &e));
	assert_string_equal(e.field, "reason");
	e.field = NULL;
	assert_false(inst_check_reason("bad \xff utf8", &e));
	assert_string_equal(e.field, "reason");
}

/* Every message a rule reports has catalog text. */
static void test_messages_in_catalog(void **state)
{
	struct rule_error e;
	const char *msgs[8];
	int n = 0;

	(void)state;
	inst_check_name("", &e);
	msgs[n++] = e.msg;
	inst_check_name("a", &e);
	msgs[n++] = e.msg;
	inst_check_name(" a", &e);
	msgs[n++] = e.msg;
	inst_check_type("x", &e);
	msgs[n++] = e.msg;
	inst_check_province("x", &e);
	msgs[n++] = e.msg;
	inst_check_credit_code("x", &e);
	msgs[n++] = e.msg;
	inst_check_reason("\xff", &e);
	msgs[n++] = e.msg;
	for (int i = 0; i < n; i++) {
		if (!strcmp(tr(LANG_ZH, msgs[i]), msgs[i]) ||
		    !strcmp(tr(LANG_EN, msgs[i]), msgs[i]))
			fail_msg("\"%s\" has no catalog entry", msgs[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type_roundtrip),
		cmocka_unit_test(test_type_unknown),
		cmocka_unit_test(test_check_type),
		cmocka_unit_test(test_province_valid),
		cmocka_unit_test(test_province_codes),
		cmocka_unit_test(test_check_province),
		cmocka_unit_test(test_name_required),
		cmocka_unit_test(test_name_length),
		cmocka_unit_test(test_name_spaces),
		cmocka_unit_test(test_name_control),
		cmocka_unit_test(test_name_bad_utf8),
		cmocka_unit_test(test_name_ok),
		cmocka_unit_test(test_credit_code),
		cmocka_unit_test(test_reason),
		cmocka_unit_test(test_messages_in_catalog),
	};

	return cmocka_run_group_tests_name("institution", tests, NULL, NULL);
}
