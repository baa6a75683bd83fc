/*
 * test_synonym.c - core/synonym: document types by code or label in either
 * language, education levels by code, label or common word, and the list
 * of accepted values a refusal shows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/synonym.h"

static void test_id_type(void **state)
{
	(void)state;
	assert_string_equal(synonym_id_type("resident_id"), "resident_id");
	assert_string_equal(synonym_id_type("居民身份证"), "resident_id");
	assert_string_equal(synonym_id_type("护照"), "passport");
	assert_string_equal(synonym_id_type("passport"), "passport");
	assert_string_equal(synonym_id_type("PASSPORT"), "passport");
	assert_string_equal(synonym_id_type("港澳居民来往内地通行证"), "hk_macao_permit");
	assert_string_equal(synonym_id_type("台湾居民来往大陆通行证"), "taiwan_permit");
	assert_string_equal(synonym_id_type("外国人永久居留身份证"),
			    "foreign_permanent_residence");
	assert_string_equal(synonym_id_type("港澳台居民居住证"), "hmt_residence_permit");
	assert_string_equal(synonym_id_type("Resident identity card"), "resident_id");
	assert_null(synonym_id_type("驾驶证"));
	assert_null(synonym_id_type(""));
	assert_null(synonym_id_type(NULL));
}

static void test_education(void **state)
{
	static const char *const cases[][2] = {
		{"大学本科", "bachelor"},
		{"本科", "bachelor"},
		{"bachelor", "bachelor"},
		{"Bachelor", "bachelor"},
		{"大学专科", "junior_college"},
		{"大专", "junior_college"},
		{"中专", "secondary_vocational"},
		{"职高", "secondary_vocational"},
		{"中专/职高", "secondary_vocational"},
		{"技校", "technical_school"},
		{"技工学校", "technical_school"},
		{"研究生", "master"},
		{"硕士", "master"},
		{"博士", "doctor"},
		{"初中", "junior_middle"},
		{"高中", "senior_middle"},
		{"小学", "primary"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *c = synonym_education(cases[i][0]);

		if (!c || strcmp(c, cases[i][1]))
			fail_msg("%s -> %s, want %s", cases[i][0], c ? c : "NULL",
				 cases[i][1]);
	}
	assert_null(synonym_education("博士后"));
	assert_null(synonym_education(""));
}

static void test_accepted(void **state)
{
	char out[2048], small[8];
	size_t n;

	(void)state;
	n = synonym_accepted(SYN_EDUCATION, LANG_ZH, out, sizeof(out));
	assert_int_equal(n, strlen(out));
	assert_non_null(strstr(out, "小学、初中、初级中学"));
	assert_non_null(strstr(out, "本科、大学本科、学士"));
	assert_non_null(strstr(out, "技校"));
	n = synonym_accepted(SYN_EDUCATION, LANG_EN, out, sizeof(out));
	assert_non_null(strstr(out, "Bachelor (bachelor)"));
	assert_null(strstr(out, "大学本科"));
	synonym_accepted(SYN_ID_TYPE, LANG_ZH, out, sizeof(out));
	assert_non_null(strstr(out, "居民身份证、"));
	assert_non_null(strstr(out, "护照"));
	/* too small: cut, terminated, the whole length still told */
	n = synonym_accepted(SYN_ID_TYPE, LANG_EN, small, sizeof(small));
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_true(n > sizeof(small));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id_type),
		cmocka_unit_test(test_education),
		cmocka_unit_test(test_accepted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
