/*
 * test_award.c - core/certificate cert_award(): the award a certificate
 * states, "车工四级/中级工" without a work type (never "车工（--）"), the
 * work type in full-width parentheses when there is one, cut at a
 * character boundary when the buffer is short; and cert_date_zh(), the
 * dates as certificates and plaques print them; the revocation categories
 * (the public part of a revocation's reason) and their labels;
 * cert_grade_text(), what a certificate states where its level is: an
 * award certificate (获奖证书) its award and competition, never a level.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/certificate.h"
#include "core/i18n.h"

static void test_no_work_type(void **state)
{
	static const char *const none[] = {"",   "--", " -- ", "-",    "—",
					   "——", "/",  "无",   "－－", "  "};
	char out[CERT_AWARD_MAX];

	(void)state;
	assert_string_equal(cert_award(out, sizeof(out), "车工", NULL, "四级/中级工"),
			    "车工四级/中级工");
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++) {
		assert_string_equal(cert_award(out, sizeof(out), "车工", none[i],
					       "四级/中级工"),
				    "车工四级/中级工");
		assert_false(cert_has_work_type(none[i]));
	}
}

static void test_work_type(void **state)
{
	char out[CERT_AWARD_MAX];

	(void)state;
	assert_true(cert_has_work_type("数控车工"));
	assert_string_equal(cert_award(out, sizeof(out), "车工", "数控车工", "三级/高级工"),
			    "车工（数控车工）三级/高级工");
	/* a work type that merely contains a dash is one */
	assert_true(cert_has_work_type("A-1"));
}

static void test_cut(void **state)
{
	char out[8];

	(void)state;
	/* "车工" is 6 bytes; the next character would not fit whole */
	cert_award(out, sizeof(out), "车工", "", "四级/中级工");
	assert_string_equal(out, "车工");
	assert_true(strlen(out) < sizeof(out));
}

/* cert_date_zh: the plaque's and the certificate's dates */
static void test_date_zh(void **state)
{
	char out[64];

	(void)state;
	assert_string_equal(cert_date_zh(out, sizeof(out), "2021-03-01"), "2021年3月1日");
	assert_string_equal(cert_date_zh(out, sizeof(out), "2026-12-24"), "2026年12月24日");
	/* what is not a date is printed as it is */
	assert_string_equal(cert_date_zh(out, sizeof(out), "2021-3-1x"), "2021-3-1x");
	assert_string_equal(cert_date_zh(out, sizeof(out), "2021-13-01"), "2021-13-01");
	assert_string_equal(cert_date_zh(out, sizeof(out), NULL), "");
}

/* the fixed list of revocation categories, each labelled in both languages */
static void test_reason_categories(void **state)
{
	static const char *const want[] = {"fraud", "error", "holder_request", "other"};
	size_t n = 0;

	(void)state;
	for (const char *const *c = cert_reason_categories; *c; c++, n++) {
		const char *key = cert_reason_category_key(*c);

		assert_true(n < 4);
		assert_string_equal(*c, want[n]);
		assert_true(cert_reason_category_valid(*c));
		assert_non_null(key);
		assert_string_not_equal(tr(LANG_ZH, key), key);
		assert_string_not_equal(tr(LANG_EN, key), key);
	}
	assert_int_equal(n, 4);
	assert_string_equal(tr(LANG_ZH, cert_reason_category_key("fraud")), "弄虚作假");
	assert_string_equal(tr(LANG_ZH, cert_reason_category_key("holder_request")),
			    "本人申请");
	/* anything else: not a category, no label */
	assert_false(cert_reason_category_valid(NULL));
	assert_false(cert_reason_category_valid(""));
	assert_false(cert_reason_category_valid("Fraud"));
	assert_false(cert_reason_category_valid("cheating"));
	assert_null(cert_reason_category_key(""));
	assert_null(cert_reason_category_key(NULL));
}

static void test_grade_text(void **state)
{
	struct certificate x;
	char out[CERT_AWARD_MAX];

	(void)state;
	memset(&x, 0, sizeof(x));
	x.line = "skill";
	x.level = 4;
	assert_string_equal(cert_grade_text(LANG_ZH, &x, out, sizeof(out)), "四级/中级工");
	assert_false(cert_is_award(&x));
	/* an award certificate: level 0, its award and competition */
	x.line = "award";
	x.level = 0;
	x.award = "gold";
	x.competition_name = "全国机械行业职业技能竞赛";
	assert_true(cert_is_award(&x));
	assert_string_equal(cert_grade_text(LANG_ZH, &x, out, sizeof(out)),
			    "获奖证书 · 金牌 · 全国机械行业职业技能竞赛");
	x.award = "excellence";
	assert_string_equal(
		cert_grade_text(LANG_EN, &x, out, sizeof(out)),
		"Award certificate · Award of excellence · 全国机械行业职业技能竞赛");
	/* an award the catalog does not know reads as none, not as a key */
	x.award = "platinum";
	assert_string_equal(cert_grade_text(LANG_ZH, &x, out, sizeof(out)),
			    "获奖证书 · 无奖项 · 全国机械行业职业技能竞赛");
	assert_false(cert_is_award(NULL));
}

/* An honour certificate (荣誉证书, line "honour"): its category and
 * campaign where a level would be; a recognition as an award is, never a
 * level; a category the catalog does not know reads as its code. */
static void test_honour_text(void **state)
{
	struct certificate x;
	char out[CERT_AWARD_MAX];

	(void)state;
	memset(&x, 0, sizeof(x));
	x.line = "skill";
	x.level = 4;
	assert_false(cert_is_recognition(&x));
	assert_false(cert_is_honour(&x));
	x.line = "award";
	assert_true(cert_is_recognition(&x));
	x.line = "honour";
	x.level = 0;
	x.award = "advanced_collective";
	x.competition_name = "2020年度表彰";
	assert_true(cert_is_honour(&x));
	assert_true(cert_is_recognition(&x));
	assert_false(cert_is_award(&x));
	assert_string_equal(cert_grade_text(LANG_ZH, &x, out, sizeof(out)),
			    "荣誉证书 · 先进集体 · 2020年度表彰");
	x.award = "special_achievement";
	assert_string_equal(cert_grade_text(LANG_EN, &x, out, sizeof(out)),
			    "Honour certificate · Special achievement award · 2020年度表彰");
	x.award = "innovation_studio";
	assert_string_equal(cert_grade_text(LANG_ZH, &x, out, sizeof(out)),
			    "荣誉证书 · innovation_studio · 2020年度表彰");
	assert_false(cert_is_recognition(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_work_type),
		cmocka_unit_test(test_work_type),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_date_zh),
		cmocka_unit_test(test_reason_categories),
		cmocka_unit_test(test_grade_text),
		cmocka_unit_test(test_honour_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
