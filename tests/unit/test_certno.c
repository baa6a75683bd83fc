/*
 * test_certno.c - core/certno: the 22-character 职业技能等级证书 number
 * (domain.md §1.1 and its worked examples), legacy 职业资格证书 numbers
 * (§1.2), and the industry line's number pattern.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/certno.h"

static struct certno example(void)
{
	/* §1.1 constructed example: S 0000 11 000123 24 4 000001 */
	struct certno n = {'S', "0000", "11", "000123", 2024, 4, 1};

	return n;
}

static void test_format_example(void **state)
{
	struct certno n = example();
	char out[CERTNO_LEN + 1], prefix[CERTNO_PREFIX_LEN + 1];

	(void)state;
	assert_null(certno_format(&n, out));
	assert_string_equal(out, "S000011000123244000001");
	assert_null(certno_prefix(&n, prefix));
	assert_string_equal(prefix, "S000011000123244");
	n = (struct certno){'Y', "0123", "22", "000045", 2023, 3, 178};
	assert_null(certno_format(&n, out));
	assert_string_equal(out, "Y012322000045233000178");
	n.serial = 999999;
	assert_null(certno_format(&n, out));
	assert_string_equal(out + 16, "999999");
}

static void test_format_refusals(void **state)
{
	struct certno n = example();
	char out[CERTNO_LEN + 1];

	(void)state;
	n.kind = 'X';
	assert_string_equal(certno_format(&n, out), CERTNO_E_PART);
	assert_string_equal(out, "");
	n = example();
	memcpy(n.province, "99", 3);
	assert_string_equal(certno_format(&n, out), CERTNO_E_PROVINCE);
	n = example();
	n.level = 6;
	assert_string_equal(certno_format(&n, out), CERTNO_E_LEVEL);
	n = example();
	n.serial = 1000000;
	assert_string_equal(certno_format(&n, out), CERTNO_E_SERIAL);
	n.serial = 0;
	assert_string_equal(certno_format(&n, out), CERTNO_E_SERIAL);
	n = example();
	memcpy(n.site, "12A456", 7);
	assert_string_equal(certno_format(&n, out), CERTNO_E_PART);
	n = example();
	n.year = 1999;
	assert_string_equal(certno_format(&n, out), CERTNO_E_PART);
}

static void test_parse(void **state)
{
	struct certno n;

	(void)state;
	assert_null(certno_parse("Y012322000045233000178", &n));
	assert_int_equal(n.kind, 'Y');
	assert_string_equal(n.institution, "0123");
	assert_string_equal(n.province, "22");
	assert_string_equal(n.site, "000045");
	assert_int_equal(n.year, 2023);
	assert_int_equal(n.level, 3);
	assert_int_equal(n.serial, 178);
	/* the official example has letters in the site code: a shape error */
	assert_string_equal(certno_parse("Y000123XXXXXX195000001", &n), CERTNO_E_SHAPE);
	assert_string_equal(certno_parse("S00001100012324400000", &n), CERTNO_E_SHAPE);
	assert_string_equal(certno_parse("S0000110001232440000011", &n), CERTNO_E_SHAPE);
	assert_string_equal(certno_parse("s000011000123244000001", &n), CERTNO_E_SHAPE);
	assert_string_equal(certno_parse(" S00001100012324400000", &n), CERTNO_E_SHAPE);
	assert_string_equal(certno_parse("S000099000123244000001", &n), CERTNO_E_PROVINCE);
	assert_string_equal(certno_parse("S000011000123246000001", &n), CERTNO_E_LEVEL);
	assert_string_equal(certno_parse("S000011000123240000001", &n), CERTNO_E_LEVEL);
	assert_string_equal(certno_parse("S000011000123244000000", &n), CERTNO_E_SERIAL);
	assert_string_equal(certno_parse(NULL, &n), CERTNO_E_SHAPE);
}

static void test_round_trip(void **state)
{
	char out[CERTNO_LEN + 1];
	struct certno a, b;

	(void)state;
	for (int lvl = 1; lvl <= 5; lvl++) {
		a = (struct certno){'S', "9999", "65", "123456", 2099, lvl, 42 * lvl};
		assert_null(certno_format(&a, out));
		assert_null(certno_parse(out, &b));
		assert_int_equal(b.level, lvl);
		assert_int_equal(b.serial, 42 * lvl);
		assert_int_equal(b.year, 2099);
		assert_string_equal(b.site, "123456");
	}
}

static void test_legacy(void **state)
{
	char norm[CERTNO_LEGACY_MAX + 1];
	int level, year2;

	(void)state;
	/* §1.2 worked example: 2008 北京, local station, 高级 */
	assert_null(certno_legacy("0811012015300087", norm, &level, &year2));
	assert_string_equal(norm, "0811012015300087");
	assert_int_equal(level, 3);
	assert_int_equal(year2, 8);
	/* institution kind 5 or level 0: not the 16-digit shape */
	assert_string_equal(certno_legacy("0811015015300087", norm, &level, &year2),
			    "certno.legacy_shape");
	assert_string_equal(certno_legacy("0811012015000087", norm, &level, &year2),
			    "certno.legacy_shape");
	assert_string_equal(certno_legacy("0811012015300000", norm, &level, &year2),
			    "certno.legacy_shape");
	/* 13 digits (Shanghai): padded with 000 */
	assert_null(certno_legacy("1234567890123", norm, &level, &year2));
	assert_string_equal(norm, "0001234567890123");
	assert_int_equal(level, 0);
	/* other series are kept as given */
	assert_null(certno_legacy("081101201530008712", norm, &level, &year2));
	assert_string_equal(norm, "081101201530008712");
	assert_int_equal(level, 0);
	assert_null(certno_legacy("SH2009A0001", norm, &level, &year2));
	assert_string_equal(certno_legacy("12345", norm, &level, &year2), "certno.legacy");
	assert_string_equal(certno_legacy("0811-0120", norm, &level, &year2),
			    "certno.legacy");
	assert_string_equal(certno_legacy("", norm, &level, &year2), "certno.legacy");
}

static void test_pattern(void **state)
{
	struct certno n = {'S', "0000", "44", "000045", 2026, 3, 17};
	char out[41], prefix[41];

	(void)state;
	assert_null(certno_pattern_check("JX{YYYY}{L}{N6}"));
	assert_null(certno_pattern("JX{YYYY}{L}{N6}", &n, out, prefix));
	assert_string_equal(out, "JX20263000017");
	assert_string_equal(prefix, "JX20263");
	assert_null(certno_pattern("JX-{P}{INST}{SITE}-{YY}{L}{N4}", &n, out, prefix));
	assert_string_equal(out, "JX-440000000045-2630017");
	assert_string_equal(prefix, "JX-440000000045-263");
	n.serial = 10000;
	assert_string_equal(certno_pattern("JX{YY}{N4}", &n, out, prefix), CERTNO_E_SERIAL);
	n.serial = 9999;
	assert_null(certno_pattern("JX{YY}{N4}", &n, out, NULL));
	assert_string_equal(out, "JX269999");
	assert_string_equal(certno_pattern_check("JX{YYYY}"), "certno.pattern");
	assert_string_equal(certno_pattern_check("JX{N6}{N6}"), "certno.pattern");
	assert_string_equal(certno_pattern_check("JX{Q}{N6}"), "certno.pattern");
	assert_string_equal(certno_pattern_check("jx{N6}"), "certno.pattern");
	assert_string_equal(certno_pattern_check("JX{N9}"), "certno.pattern");
	assert_string_equal(certno_pattern_check(""), "certno.pattern");
	assert_string_equal(certno_pattern_check("JX{N6"), "certno.pattern");
	assert_string_equal(certno_pattern_check("ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ{N6}"),
			    "certno.pattern");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_example),
		cmocka_unit_test(test_format_refusals),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_legacy),
		cmocka_unit_test(test_pattern),
	};

	return cmocka_run_group_tests_name("certno", tests, NULL, NULL);
}
