/*
 * test_selfeval.c - core/selfeval: who a plan's candidate pool admits by
 * the employer's credit code (public anyone; staff the institution's own;
 * partners those and the listed companies), the pool a Y institution whose
 * filing stays inside enforces (staff), and which online-application
 * audience fits inside a pool, and recusal by the pool: a shared
 * employer recuses in a public plan only, a declared relationship in
 * every one.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/selfeval.h"

#define INST "91440300MA5F000011"
#define PART "91440300MA5F000022"
#define OTHER "91440300MA5F000033"

static const struct plan_partner partners[] = {{PART, "合作机床厂"}};

static void test_valid(void **state)
{
	(void)state;
	assert_true(selfeval_pool_valid("public"));
	assert_true(selfeval_pool_valid("staff"));
	assert_true(selfeval_pool_valid("partners"));
	assert_false(selfeval_pool_valid(""));
	assert_false(selfeval_pool_valid(NULL));
	assert_false(selfeval_pool_valid("Public"));
	assert_true(selfeval_hr_valid(""));
	assert_true(selfeval_hr_valid("Y"));
	assert_false(selfeval_hr_valid("S"));
	assert_false(selfeval_hr_valid(NULL));
}

static void test_admits(void **state)
{
	(void)state;
	/* public: anyone, even without an employer */
	assert_null(selfeval_admits("public", INST, NULL, 0, OTHER));
	assert_null(selfeval_admits("public", INST, NULL, 0, ""));
	/* staff: the institution's own code only */
	assert_null(selfeval_admits("staff", INST, NULL, 0, INST));
	assert_string_equal(selfeval_admits("staff", INST, NULL, 0, OTHER),
			    "selfeval.not_staff");
	assert_string_equal(selfeval_admits("staff", INST, NULL, 0, ""),
			    "selfeval.not_staff");
	assert_string_equal(selfeval_admits("staff", INST, NULL, 0, NULL),
			    "selfeval.not_staff");
	/* an institution without a code has no staff to admit */
	assert_string_equal(selfeval_admits("staff", "", NULL, 0, ""), "selfeval.not_staff");
	/* partners: the listed and the own staff */
	assert_null(selfeval_admits("partners", INST, partners, 1, PART));
	assert_null(selfeval_admits("partners", INST, partners, 1, INST));
	assert_string_equal(selfeval_admits("partners", INST, partners, 1, OTHER),
			    "selfeval.not_partner");
	assert_string_equal(selfeval_admits("partners", INST, partners, 1, ""),
			    "selfeval.not_partner");
}

static void test_effective(void **state)
{
	struct selfeval_hr none = {"", "", 0}, y = {"Y", "备[2026]1号", 0},
			   y_out = {"Y", "备[2026]1号", 1};

	(void)state;
	assert_string_equal(selfeval_effective_pool("public", &none), "public");
	assert_string_equal(selfeval_effective_pool("partners", &none), "partners");
	assert_string_equal(selfeval_effective_pool("public", &y), "staff");
	assert_string_equal(selfeval_effective_pool("partners", &y), "staff");
	assert_string_equal(selfeval_effective_pool("public", &y_out), "public");
	assert_string_equal(selfeval_effective_pool("", NULL), "public");
}

static void test_offer_within(void **state)
{
	const char *part[] = {PART}, *other[] = {OTHER}, *own[] = {INST};

	(void)state;
	assert_true(selfeval_offer_within("public", INST, NULL, 0, "public", NULL, 0));
	assert_true(selfeval_offer_within("public", INST, NULL, 0, "partners", other, 1));
	assert_false(selfeval_offer_within("staff", INST, NULL, 0, "public", NULL, 0));
	assert_true(selfeval_offer_within("staff", INST, NULL, 0, "staff", NULL, 0));
	assert_false(selfeval_offer_within("staff", INST, NULL, 0, "partners", part, 1));
	assert_true(selfeval_offer_within("staff", INST, NULL, 0, "partners", own, 1));
	assert_false(selfeval_offer_within("partners", INST, partners, 1, "public", NULL, 0));
	assert_true(selfeval_offer_within("partners", INST, partners, 1, "staff", NULL, 0));
	assert_true(selfeval_offer_within("partners", INST, partners, 1, "partners", part,
					  1));
	assert_false(selfeval_offer_within("partners", INST, partners, 1, "partners",
					   other, 1));
}

static void test_recusal(void **state)
{
	const char *pools[] = {"staff", "partners"};

	(void)state;
	/* public: the shared employer recuses, by code or by name */
	assert_string_equal(selfeval_recusal("public", "厂", INST, "厂", INST, NULL),
			    "recusal.employer");
	assert_string_equal(selfeval_recusal(NULL, "厂", "", "厂", "", NULL),
			    "recusal.employer");
	assert_null(selfeval_recusal("public", "厂", INST, "别厂", OTHER, NULL));
	/* staff and partners: a colleague may be assessed; a declared
	 * relative or trainer still may not */
	for (size_t i = 0; i < 2; i++) {
		assert_null(selfeval_recusal(pools[i], "厂", INST, "厂", INST, NULL));
		assert_null(selfeval_recusal(pools[i], "厂", "", "厂", "", ""));
		assert_string_equal(selfeval_recusal(pools[i], "厂", INST, "厂", INST,
						     "relative"),
				    "recusal.relationship");
		assert_string_equal(selfeval_recusal(pools[i], "厂", INST, "别厂", OTHER,
						     "trainer"),
				    "recusal.trainer");
	}
	assert_string_equal(selfeval_recusal("public", "厂", INST, "厂", INST, "relative"),
			    "recusal.relationship");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),     cmocka_unit_test(test_admits),
		cmocka_unit_test(test_effective), cmocka_unit_test(test_offer_within),
		cmocka_unit_test(test_recusal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
