/*
 * test_idcard.c - core/idcard: document types, normalising and checking ID
 * numbers (GB 11643 vectors of domain.md §9.1, 15-digit conversion,
 * residence permits, format-only types), birth date and sex, the
 * cross-check, masking of numbers and names, age in full years.
 *
 * Check characters of the vectors below that are not from domain.md were
 * computed independently with python3 (ISO 7064 MOD 11-2):
 *   W = [7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]
 *   s17 + "10X98765432"[sum(int(a)*w for a, w in zip(s17, W)) % 11]
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/idcard.h"

#define TODAY "2025-06-01"

/* Normalises and expects success with `want`. */
static void expect_ok(enum id_type t, const char *in, const char *want)
{
	char out[ID_NUMBER_MAX];
	struct rule_error e = {0};

	if (!id_normalise(t, in, TODAY, out, &e))
		fail_msg("\"%s\" (%s) refused: %s", in, id_type_name(t), e.msg);
	assert_string_equal(out, want);
}

/* Normalises and expects failure on field with key. */
static void expect_bad(enum id_type t, const char *in, const char *field, const char *key)
{
	char out[ID_NUMBER_MAX];
	struct rule_error e = {0};

	memset(out, 'Z', sizeof(out));
	if (id_normalise(t, in, TODAY, out, &e))
		fail_msg("\"%s\" (%s) accepted as \"%s\"", in ? in : "(null)",
			 id_type_name(t), out);
	assert_string_equal(out, "");
	assert_non_null(e.field);
	assert_string_equal(e.field, field);
	if (strcmp(e.msg, key) != 0)
		fail_msg("\"%s\": got %s, want %s", in ? in : "(null)", e.msg, key);
}

/* ---- types ---- */

static void test_type_roundtrip(void **state)
{
	static const char *const names[ID_TYPE_COUNT] = {
		"resident_id",   "hmt_residence_permit",        "hk_macao_permit",
		"taiwan_permit", "foreign_permanent_residence", "passport",
	};
	const char *const *all = id_type_names();
	int n = 0;

	(void)state;
	for (int t = 0; t < ID_TYPE_COUNT; t++) {
		assert_string_equal(id_type_name((enum id_type)t), names[t]);
		assert_int_equal(id_type_parse(names[t]), t);
	}
	while (all[n])
		n++;
	assert_int_equal(n, ID_TYPE_COUNT);
	assert_int_equal(id_type_parse("Passport"), -1);
	assert_int_equal(id_type_parse(""), -1);
	assert_int_equal(id_type_parse(NULL), -1);
	assert_int_equal(id_type_parse("passport "), -1);
	assert_null(id_type_name(ID_TYPE_COUNT));
	assert_null(id_type_name((enum id_type) - 1));
	assert_true(id_type_has_birth_sex(ID_RESIDENT));
	assert_true(id_type_has_birth_sex(ID_HMT_RESIDENCE));
	assert_false(id_type_has_birth_sex(ID_PASSPORT));
	assert_false(id_type_has_birth_sex(ID_FOREIGN_PR));
}

static void test_bad_type(void **state)
{
	(void)state;
	expect_bad(ID_TYPE_COUNT, "11010519491231002X", "id_type", "val.id_type.invalid");
	expect_bad((enum id_type) - 1, "11010519491231002X", "id_type",
		   "val.id_type.invalid");
}

/* ---- resident ID, GB 11643 ---- */

static void test_resident_domain_vectors(void **state)
{
	(void)state;
	/* domain.md §9.1 */
	expect_ok(ID_RESIDENT, "11010519491231002X", "11010519491231002X");
	expect_ok(ID_RESIDENT, "440524188001010014", "440524188001010014");
	expect_bad(ID_RESIDENT, "110105194912310021", "id_number", "val.id.checksum");
	/* every other wrong check character fails too */
	for (const char *c = "0123456789"; *c; c++) {
		char s[19] = "11010519491231002X";

		s[17] = *c;
		expect_bad(ID_RESIDENT, s, "id_number", "val.id.checksum");
	}
	/* a changed digit of the body */
	expect_bad(ID_RESIDENT, "11010519491231003X", "id_number", "val.id.checksum");
	expect_ok(ID_RESIDENT, "110105194912310038", "110105194912310038");
}

static void test_resident_lowercase_x(void **state)
{
	(void)state;
	expect_ok(ID_RESIDENT, "11010519491231002x", "11010519491231002X");
	expect_ok(ID_RESIDENT, "32010219900101234x", "32010219900101234X");
}

static void test_resident_15_digits(void **state)
{
	(void)state;
	/* by hand: 110105 + "19" + 491231 + 002 is the standard's own sample
	 * body, whose check character is X (domain.md §9.1) */
	expect_ok(ID_RESIDENT, "110105491231002", "11010519491231002X");
	/* python3: 44052419800101001 -> check 3 */
	expect_ok(ID_RESIDENT, "440524800101001", "440524198001010013");
	/* a 15-digit number with an impossible date */
	expect_bad(ID_RESIDENT, "110105010230001", "id_number", "val.id.birth");
	/* 15 characters that are not digits are not a first-generation ID */
	expect_bad(ID_RESIDENT, "11010549123100X", "id_number", "val.id.format");
	/* 16 and 17 digits are nothing */
	expect_bad(ID_RESIDENT, "1101054912310021", "id_number", "val.id.format");
	expect_bad(ID_RESIDENT, "11010519491231002", "id_number", "val.id.format");
}

static void test_resident_birth(void **state)
{
	char out[ID_NUMBER_MAX];
	struct rule_error e = {0};

	(void)state;
	/* born 2099-01-01 (python3: check 2) */
	expect_bad(ID_RESIDENT, "110105209901010012", "id_number", "val.id.birth");
	/* no `today`: no future check */
	assert_true(id_normalise(ID_RESIDENT, "110105209901010012", NULL, out, &e));
	/* born on `today` is not in the future */
	assert_true(id_normalise(ID_RESIDENT, "110105209901010012", "2099-01-01", out, &e));
	assert_false(id_normalise(ID_RESIDENT, "110105209901010012", "2098-12-31", out, &e));
	/* 2001-02-30 (python3: check 2) */
	expect_bad(ID_RESIDENT, "110105200102300012", "id_number", "val.id.birth");
	/* 2000-02-29 is real (check 3); 1900-02-29 is not (check 7) */
	expect_ok(ID_RESIDENT, "110105200002290013", "110105200002290013");
	expect_bad(ID_RESIDENT, "110105190002290017", "id_number", "val.id.birth");
	/* month 13, day 00 */
	expect_bad(ID_RESIDENT, "110105194913310021", "id_number", "val.id.birth");
	expect_bad(ID_RESIDENT, "110105194912000021", "id_number", "val.id.birth");
}

static void test_resident_province(void **state)
{
	(void)state;
	/* 99 (python3: check X) */
	expect_bad(ID_RESIDENT, "99010519800101001X", "id_number", "val.id.province");
	/* 71 is a province code but no resident ID carries it (check 5) */
	expect_bad(ID_RESIDENT, "710000199001010015", "id_number", "val.id.province");
	/* 81/82/83 are residence permits: the type is wrong (check 9) */
	expect_bad(ID_RESIDENT, "810000199001010019", "id_number", "val.id.hmt_type");
	expect_bad(ID_RESIDENT, "830000199211300034", "id_number", "val.id.hmt_type");
	expect_bad(ID_RESIDENT, "000000199001010010", "id_number", "val.id.province");
}

static void test_resident_whitespace(void **state)
{
	(void)state;
	expect_ok(ID_RESIDENT, "  11010519491231002x\t\r\n", "11010519491231002X");
	/* ideographic space U+3000 around, full-width digits and x */
	expect_ok(ID_RESIDENT,
		  "\xe3\x80\x80"
		  "11010519491231002X"
		  "\xe3\x80\x80",
		  "11010519491231002X");
	expect_ok(ID_RESIDENT, "１１０１０５１９４９１２３１００２ｘ", "11010519491231002X");
	expect_ok(ID_RESIDENT, "１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X");
	/* white space inside is an error */
	expect_bad(ID_RESIDENT, "110105 19491231002X", "id_number", "val.id.format");
	expect_bad(ID_RESIDENT, "110105-19491231002X", "id_number", "val.id.format");
	expect_bad(ID_RESIDENT,
		   "110105\xe3\x80\x80"
		   "19491231002X",
		   "id_number", "val.id.format");
	expect_bad(ID_RESIDENT, "", "id_number", "val.id.required");
	expect_bad(ID_RESIDENT, " \t ", "id_number", "val.id.required");
	expect_bad(ID_RESIDENT, "\xe3\x80\x80", "id_number", "val.id.required");
	expect_bad(ID_RESIDENT, NULL, "id_number", "val.id.required");
}

static void test_resident_format(void **state)
{
	(void)state;
	expect_bad(ID_RESIDENT, "1101051949123100XX", "id_number", "val.id.format");
	expect_bad(ID_RESIDENT, "X10105194912310021", "id_number", "val.id.format");
	expect_bad(ID_RESIDENT, "1101051949123100211", "id_number", "val.id.format");
	expect_bad(ID_RESIDENT, "11010519491231002Y", "id_number", "val.id.format");
	expect_bad(ID_RESIDENT, "张三", "id_number", "val.id.format");
	expect_bad(ID_RESIDENT, "\xff\xfe", "id_number", "val.id.format");
	/* longer than any buffer */
	expect_bad(ID_RESIDENT, "1234567890123456789012345678901234567890123",
		   "id_number", "val.id.format");
}

/* ---- residence permits, foreign permanent residence ---- */

static void test_hmt_residence(void **state)
{
	(void)state;
	/* python3 check characters: 9, 2, 4 */
	expect_ok(ID_HMT_RESIDENCE, "810000199001010019", "810000199001010019");
	expect_ok(ID_HMT_RESIDENCE, "820000198506150022", "820000198506150022");
	expect_ok(ID_HMT_RESIDENCE, "830000199211300034", "830000199211300034");
	expect_bad(ID_HMT_RESIDENCE, "810000199001010018", "id_number", "val.id.checksum");
	/* only the three address codes (810001: check 5) */
	expect_bad(ID_HMT_RESIDENCE, "810001199001010015", "id_number", "val.id.province");
	expect_bad(ID_HMT_RESIDENCE, "11010519491231002X", "id_number", "val.id.province");
	expect_bad(ID_HMT_RESIDENCE, "810000199002300010", "id_number", "val.id.birth");
	/* no 15-digit form */
	expect_bad(ID_HMT_RESIDENCE, "810000900101001", "id_number", "val.id.format");
}

static void test_foreign_pr(void **state)
{
	(void)state;
	/* 2023 card: python3 check 0 */
	expect_ok(ID_FOREIGN_PR, "911156199001010010", "911156199001010010");
	expect_ok(ID_FOREIGN_PR, " 911156199001010010 ", "911156199001010010");
	expect_bad(ID_FOREIGN_PR, "911156199001010011", "id_number", "val.id.checksum");
	/* not leading 9: a resident number is not a residence card */
	expect_bad(ID_FOREIGN_PR, "11010519491231002X", "id_number", "val.id.format");
	/* 2017 card: 3 letters + 12 digits */
	expect_ok(ID_FOREIGN_PR, "USA110019900101", "USA110019900101");
	expect_ok(ID_FOREIGN_PR, "usa110019900101", "USA110019900101");
	expect_bad(ID_FOREIGN_PR, "US1110019900101", "id_number", "val.id.format");
	expect_bad(ID_FOREIGN_PR, "USA11001990010", "id_number", "val.id.format");
}

/* ---- format-only types ---- */

static void test_hk_macao_permit(void **state)
{
	(void)state;
	expect_ok(ID_HK_MACAO_PERMIT, "H12345678", "H12345678");
	expect_ok(ID_HK_MACAO_PERMIT, "M1234567890", "M1234567890");
	expect_ok(ID_HK_MACAO_PERMIT, " h12345678 ", "H12345678");
	expect_bad(ID_HK_MACAO_PERMIT, "X12345678", "id_number", "val.id.format");
	expect_bad(ID_HK_MACAO_PERMIT, "H1234567", "id_number", "val.id.format");
	expect_bad(ID_HK_MACAO_PERMIT, "H123456789", "id_number", "val.id.format");
	expect_bad(ID_HK_MACAO_PERMIT, "12345678", "id_number", "val.id.format");
	expect_bad(ID_HK_MACAO_PERMIT, "H1234567A", "id_number", "val.id.format");
	expect_bad(ID_HK_MACAO_PERMIT, "H", "id_number", "val.id.format");
}

static void test_taiwan_permit(void **state)
{
	(void)state;
	expect_ok(ID_TAIWAN_PERMIT, "12345678", "12345678");
	expect_ok(ID_TAIWAN_PERMIT, "1234567890", "1234567890");
	expect_bad(ID_TAIWAN_PERMIT, "123456789", "id_number", "val.id.format");
	expect_bad(ID_TAIWAN_PERMIT, "1234567", "id_number", "val.id.format");
	expect_bad(ID_TAIWAN_PERMIT, "1234567A", "id_number", "val.id.format");
	expect_bad(ID_TAIWAN_PERMIT, "T12345678", "id_number", "val.id.format");
}

static void test_passport(void **state)
{
	(void)state;
	expect_ok(ID_PASSPORT, "E12345678", "E12345678");
	expect_ok(ID_PASSPORT, "e1234567", "E1234567");
	expect_ok(ID_PASSPORT, "AB123", "AB123");
	expect_ok(ID_PASSPORT, "ABCDEFGHIJ0123456789", "ABCDEFGHIJ0123456789");
	expect_bad(ID_PASSPORT, "AB12", "id_number", "val.id.format");
	expect_bad(ID_PASSPORT, "ABCDEFGHIJ01234567890", "id_number", "val.id.format");
	expect_bad(ID_PASSPORT, "E-1234567", "id_number", "val.id.format");
	expect_bad(ID_PASSPORT, "E 1234567", "id_number", "val.id.format");
	expect_bad(ID_PASSPORT, "Ä1234567", "id_number", "val.id.format");
	expect_bad(ID_PASSPORT, "   ", "id_number", "val.id.required");
}

/* ---- birth date and sex ---- */

static void test_birth_sex(void **state)
{
	char birth[ID_DATE_MAX], sex = '?';

	(void)state;
	assert_true(id_birth_sex("11010519491231002X", birth, &sex));
	assert_string_equal(birth, "1949-12-31");
	assert_int_equal(sex, 'F'); /* 17th digit 2 */
	assert_true(id_birth_sex("440524188001010014", birth, &sex));
	assert_string_equal(birth, "1880-01-01");
	assert_int_equal(sex, 'M'); /* 17th digit 1 */
	assert_true(id_birth_sex("830000199211300034", birth, &sex));
	assert_string_equal(birth, "1992-11-30");
	assert_int_equal(sex, 'M');
	assert_true(id_birth_sex("820000198506150022", birth, &sex));
	assert_int_equal(sex, 'F');
	/* not an 18-character layout, or not a real date */
	assert_false(id_birth_sex("110105200102300012", birth, &sex));
	assert_string_equal(birth, "");
	assert_int_equal(sex, 0);
	assert_false(id_birth_sex("110105491231002", birth, &sex));
	assert_false(id_birth_sex("11010519491231002x", birth, &sex));
	assert_false(id_birth_sex("", birth, &sex));
	assert_false(id_birth_sex(NULL, birth, &sex));
}

static void test_cross_check(void **state)
{
	struct rule_error e = {0};

	(void)state;
	assert_true(id_cross_check(ID_RESIDENT, "11010519491231002X", "1949-12-31", 'F', &e));
	assert_true(id_cross_check(ID_RESIDENT, "11010519491231002X", NULL, 0, &e));
	assert_true(id_cross_check(ID_RESIDENT, "11010519491231002X", "", 'F', &e));
	assert_false(
		id_cross_check(ID_RESIDENT, "11010519491231002X", "1949-12-30", 'F', &e));
	assert_string_equal(e.field, "birth_date");
	assert_string_equal(e.msg, "val.id.birth_mismatch");
	assert_false(
		id_cross_check(ID_RESIDENT, "11010519491231002X", "1949-12-31", 'M', &e));
	assert_string_equal(e.field, "sex");
	assert_string_equal(e.msg, "val.id.sex_mismatch");
	assert_false(id_cross_check(ID_HMT_RESIDENCE, "810000199001010019", NULL, 'F', &e));
	assert_string_equal(e.field, "sex");
	assert_false(id_cross_check(ID_RESIDENT, "H12345678", NULL, 0, &e));
	assert_string_equal(e.field, "id_number");
	assert_string_equal(e.msg, "val.id.format");
	/* types without birth and sex: nothing to compare */
	assert_true(id_cross_check(ID_PASSPORT, "E12345678", "1990-01-01", 'M', &e));
	assert_true(id_cross_check(ID_FOREIGN_PR, "911156199001010010", "2000-01-01", 'F',
				   &e));
}

/* ---- masking ---- */

static void expect_id_mask(const char *id, const char *want)
{
	char out[ID_MASK_MAX];

	memset(out, 'Z', sizeof(out));
	id_mask(id, out, sizeof(out));
	assert_string_equal(out, want);
}

static void test_id_mask(void **state)
{
	(void)state;
	expect_id_mask("11010519491231002X", "110105********002X");
	expect_id_mask("440524188001010014", "440524********0014");
	expect_id_mask("110105491231002", "11***********02");
	expect_id_mask("H12345678", "H1*****78");
	expect_id_mask("12345678", "12****78");
	expect_id_mask("1234567", "12****7");
	expect_id_mask("AB123", "A***3");
	expect_id_mask("ABCD", "A**D");
	expect_id_mask("ABC", "A**");
	expect_id_mask("AB", "A*");
	expect_id_mask("A", "*");
	expect_id_mask("", "");
	expect_id_mask(NULL, "");
	expect_id_mask("ABCDEFGHIJ0123456789", "AB****************89");
	expect_id_mask("\xff\xfe", "**");
}

static void test_id_mask_never_half(void **state)
{
	char id[40], out[ID_MASK_MAX];

	(void)state;
	for (size_t n = 1; n < sizeof(id); n++) {
		size_t shown = 0;

		memset(id, 'A', n);
		id[n] = '\0';
		id_mask(id, out, sizeof(out));
		assert_int_equal(strlen(out), n);
		for (size_t i = 0; i < n; i++)
			shown += out[i] != '*';
		if (n == 18)
			assert_int_equal(shown, 10); /* the agreed 6 + 4 */
		else if (shown * 2 > n)
			fail_msg("length %zu shows %zu characters", n, shown);
		assert_true(shown <= 4 || n == 18);
	}
}

static void test_id_mask_small_buffer(void **state)
{
	char out[18];

	(void)state;
	memset(out, 'Z', sizeof(out));
	id_mask("11010519491231002X", out, sizeof(out)); /* needs 19 */
	assert_string_equal(out, "");
	id_mask("11010519491231002X", out, 0); /* writes nothing */
	assert_string_equal(out, "");
	id_mask("AB", out, 3);
	assert_string_equal(out, "A*");
}

static void expect_name_mask(const char *name, const char *want)
{
	char out[64];

	memset(out, 'Z', sizeof(out));
	name_mask(name, out, sizeof(out));
	assert_string_equal(out, want);
}

static void test_name_mask(void **state)
{
	char small[8];

	(void)state;
	expect_name_mask("张", "*");
	expect_name_mask("张三", "张*");
	expect_name_mask("章子怡", "章*怡");
	expect_name_mask("欧阳小锋", "欧**锋");
	expect_name_mask("欧阳锋", "欧*锋");
	expect_name_mask("买买提·艾力", "买****力");
	expect_name_mask("Anna", "A**a");
	expect_name_mask("Li", "L*");
	expect_name_mask("X", "*");
	expect_name_mask("", "");
	expect_name_mask(NULL, "");
	expect_name_mask("\xe5\xbc", "*"); /* cut UTF-8 */
	/* "章*怡" is 7 bytes + NUL */
	name_mask("章子怡", small, sizeof(small));
	assert_string_equal(small, "章*怡");
	name_mask("章子怡", small, 7);
	assert_string_equal(small, "");
}

/* ---- age ---- */

static void test_age_on(void **state)
{
	(void)state;
	assert_int_equal(age_on("2000-06-15", "2016-06-14"), 15);
	assert_int_equal(age_on("2000-06-15", "2016-06-15"), 16);
	assert_int_equal(age_on("2000-06-15", "2016-12-31"), 16);
	assert_int_equal(age_on("2000-06-15", "2000-06-15"), 0);
	assert_int_equal(age_on("2000-02-29", "2001-02-28"), 0);
	assert_int_equal(age_on("2000-02-29", "2001-03-01"), 1);
	assert_int_equal(age_on("2000-02-29", "2004-02-29"), 4);
	assert_int_equal(age_on("1880-01-01", "2025-06-01"), 145);
	assert_int_equal(age_on("2000-06-15", "2000-06-14"), -1);
	assert_int_equal(age_on("2000-02-30", "2016-06-14"), -1);
	assert_int_equal(age_on("2000-06-15", "20160614"), -1);
	assert_int_equal(age_on(NULL, "2016-06-14"), -1);
	assert_int_equal(age_on("2000-06-15", NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type_roundtrip),
		cmocka_unit_test(test_bad_type),
		cmocka_unit_test(test_resident_domain_vectors),
		cmocka_unit_test(test_resident_lowercase_x),
		cmocka_unit_test(test_resident_15_digits),
		cmocka_unit_test(test_resident_birth),
		cmocka_unit_test(test_resident_province),
		cmocka_unit_test(test_resident_whitespace),
		cmocka_unit_test(test_resident_format),
		cmocka_unit_test(test_hmt_residence),
		cmocka_unit_test(test_foreign_pr),
		cmocka_unit_test(test_hk_macao_permit),
		cmocka_unit_test(test_taiwan_permit),
		cmocka_unit_test(test_passport),
		cmocka_unit_test(test_birth_sex),
		cmocka_unit_test(test_cross_check),
		cmocka_unit_test(test_id_mask),
		cmocka_unit_test(test_id_mask_never_half),
		cmocka_unit_test(test_id_mask_small_buffer),
		cmocka_unit_test(test_name_mask),
		cmocka_unit_test(test_age_on),
	};

	return cmocka_run_group_tests_name("idcard", tests, NULL, NULL);
}
