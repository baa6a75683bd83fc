/*
 * test_item.c - core/item: kind names, item_check (every rule and the
 * field it names), the key as letters and back (round trips and
 * refusals), item_clear.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/item.h"

static char stem[] = "车床主轴的转速单位是？";
static char opt_a[] = "r/min", opt_b[] = "m/s", opt_c[] = "N·m", opt_d[] = "kW";

/* a valid single-choice item with four options, key B */
static struct item single(void)
{
	struct item it;

	memset(&it, 0, sizeof(it));
	strncpy(it.ref, "Q-0001", sizeof(it.ref) - 1);
	it.kind = ITEM_SINGLE;
	strncpy(it.point, "A-01-002", sizeof(it.point) - 1);
	it.stem = stem;
	it.noptions = 4;
	it.options[0] = opt_a;
	it.options[1] = opt_b;
	it.options[2] = opt_c;
	it.options[3] = opt_d;
	it.key = 1u << 1;
	return it;
}

static struct item tf(unsigned key)
{
	struct item it = single();

	it.kind = ITEM_TF;
	it.noptions = 0;
	memset(it.options, 0, sizeof(it.options));
	it.key = key;
	return it;
}

static void expect(const struct item *it, const char *key, const char *field)
{
	const char *f = "unset";
	const char *k = item_check(it, &f);

	if (!key) {
		assert_null(k);
		assert_null(f);
		return;
	}
	assert_non_null(k);
	assert_string_equal(k, key);
	assert_non_null(f);
	assert_string_equal(f, field);
}

static void test_kind_names(void **state)
{
	(void)state;
	assert_string_equal(item_kind_name(ITEM_SINGLE), "single");
	assert_string_equal(item_kind_name(ITEM_MULTI), "multi");
	assert_string_equal(item_kind_name(ITEM_TF), "tf");
	assert_null(item_kind_name((enum item_kind)0));
	assert_null(item_kind_name((enum item_kind)4));
	assert_int_equal(item_kind_parse("single"), ITEM_SINGLE);
	assert_int_equal(item_kind_parse("multi"), ITEM_MULTI);
	assert_int_equal(item_kind_parse("tf"), ITEM_TF);
	assert_int_equal(item_kind_parse("Single"), 0);
	assert_int_equal(item_kind_parse(""), 0);
	assert_int_equal(item_kind_parse(NULL), 0);
}

static void test_check_valid(void **state)
{
	struct item it = single(), t = tf(2);
	static char expl[] = "单位为每分钟转数";

	(void)state;
	expect(&it, NULL, NULL);
	assert_null(item_check(&it, NULL)); /* field may be NULL */
	it.explanation = expl;
	expect(&it, NULL, NULL);
	it.kind = ITEM_MULTI;
	it.key = 0x5; /* A and C */
	expect(&it, NULL, NULL);
	it.noptions = ITEM_MAX_OPTIONS;
	for (int i = 4; i < ITEM_MAX_OPTIONS; i++) {
		static char extra[ITEM_MAX_OPTIONS][4];

		extra[i][0] = (char)('w' + i - 4);
		it.options[i] = extra[i];
	}
	it.key = 1u << (ITEM_MAX_OPTIONS - 1) | 1u;
	expect(&it, NULL, NULL);
	expect(&t, NULL, NULL);
	t.key = 1;
	expect(&t, NULL, NULL);
}

static void test_check_ref_point_kind(void **state)
{
	struct item it = single();

	(void)state;
	it.ref[0] = '\0';
	expect(&it, "val.item.ref", "ref");
	it = single();
	strncpy(it.ref, "Q 1", sizeof(it.ref) - 1);
	expect(&it, "val.item.ref", "ref");
	it = single();
	strncpy(it.ref, "题1", sizeof(it.ref) - 1); /* not ASCII */
	expect(&it, "val.item.ref", "ref");
	it = single();
	memset(it.ref, 'x', sizeof(it.ref)); /* no terminator within the field */
	expect(&it, "val.item.ref", "ref");
	it = single();
	memset(it.ref, 'x', sizeof(it.ref) - 1); /* 63 bytes: fits */
	it.ref[sizeof(it.ref) - 1] = '\0';
	expect(&it, NULL, NULL);

	it = single();
	it.kind = (enum item_kind)0;
	expect(&it, "val.item.kind", "kind");
	it.kind = (enum item_kind)7;
	expect(&it, "val.item.kind", "kind");

	it = single();
	it.point[0] = '\0';
	expect(&it, "val.item.point", "point");
	strncpy(it.point, "A-01\t", sizeof(it.point) - 1);
	expect(&it, "val.item.point", "point");
}

static void test_check_stem_explanation(void **state)
{
	struct item it = single();
	static char blank[] = " \t\r\n";
	char *long_text = malloc(ITEM_STEM_MAX + 2);

	(void)state;
	it.stem = NULL;
	expect(&it, "val.item.stem_required", "stem");
	it.stem = blank;
	expect(&it, "val.item.stem_required", "stem");
	memset(long_text, 'x', ITEM_STEM_MAX);
	long_text[ITEM_STEM_MAX] = '\0';
	it.stem = long_text;
	expect(&it, NULL, NULL); /* exactly the limit */
	long_text[ITEM_STEM_MAX] = 'x';
	long_text[ITEM_STEM_MAX + 1] = '\0';
	expect(&it, "val.item.stem_long", "stem");

	it = single();
	long_text[ITEM_EXPLANATION_MAX] = '\0';
	it.explanation = long_text;
	expect(&it, NULL, NULL);
	long_text[ITEM_EXPLANATION_MAX] = 'x';
	expect(&it, "val.item.explanation_long", "explanation");
	free(long_text);
}

static void test_check_options(void **state)
{
	struct item it = single();
	static char empty[] = "", blank[] = "  ";
	char *long_opt = malloc(ITEM_OPTION_MAX + 2);

	(void)state;
	it.noptions = 1;
	it.key = 1;
	expect(&it, "val.item.options_count", "options");
	it.noptions = ITEM_MAX_OPTIONS + 1;
	expect(&it, "val.item.options_count", "options");
	it = single();
	it.options[2] = NULL;
	expect(&it, "val.item.option_required", "options");
	it.options[2] = empty;
	expect(&it, "val.item.option_required", "options");
	it.options[2] = blank;
	expect(&it, "val.item.option_required", "options");
	it = single();
	it.options[3] = opt_a;
	expect(&it, "val.item.option_repeated", "options");
	it = single();
	memset(long_opt, 'y', ITEM_OPTION_MAX);
	long_opt[ITEM_OPTION_MAX] = '\0';
	it.options[0] = long_opt;
	expect(&it, NULL, NULL);
	long_opt[ITEM_OPTION_MAX] = 'y';
	long_opt[ITEM_OPTION_MAX + 1] = '\0';
	expect(&it, "val.item.option_long", "options");
	free(long_opt);
}

static void test_check_keys(void **state)
{
	struct item it = single();
	struct item t;

	(void)state;
	it.key = 0;
	expect(&it, "val.item.key", "key");
	it.key = 1u << 4; /* E on a four-option item */
	expect(&it, "val.item.key", "key");
	it.key = 0x3;
	expect(&it, "val.item.key_single", "key");
	it.kind = ITEM_MULTI;
	it.key = 0x4;
	expect(&it, "val.item.key_multi", "key");
	it.key = 0x13; /* A, B and E */
	expect(&it, "val.item.key", "key");
	it.key = 0xf; /* all four: allowed */
	expect(&it, NULL, NULL);

	t = tf(0);
	expect(&t, "val.item.key", "key");
	t.key = 3;
	expect(&t, "val.item.key", "key");
	t.key = 1;
	t.noptions = 2;
	expect(&t, "val.item.tf_options", "options");
}

static void test_key_letters(void **state)
{
	struct item it = single();
	char out[ITEM_MAX_OPTIONS + 1];

	(void)state;
	item_key_letters(&it, out);
	assert_string_equal(out, "B");
	it.kind = ITEM_MULTI;
	it.key = 0xd;
	item_key_letters(&it, out);
	assert_string_equal(out, "ACD");
	it.key = 0xff;
	item_key_letters(&it, out);
	assert_string_equal(out, "ABCDEFGH");
	it = tf(1);
	item_key_letters(&it, out);
	assert_string_equal(out, "T");
	it.key = 2;
	item_key_letters(&it, out);
	assert_string_equal(out, "F");
	it.key = 3; /* not a key: nothing */
	item_key_letters(&it, out);
	assert_string_equal(out, "");
}

/* every key of a four-option item: letters and back give the same bits */
static void test_key_round_trip(void **state)
{
	struct item it = single();
	char out[ITEM_MAX_OPTIONS + 1];

	(void)state;
	it.kind = ITEM_MULTI;
	for (unsigned k = 1; k < 16; k++) {
		it.key = k;
		item_key_letters(&it, out);
		assert_int_equal(item_key_parse(&it, out), k);
	}
	it = tf(1);
	for (unsigned k = 1; k <= 2; k++) {
		it.key = k;
		item_key_letters(&it, out);
		assert_int_equal(item_key_parse(&it, out), k);
	}
}

static void test_key_parse_forms(void **state)
{
	struct item it = single();
	struct item t = tf(1);

	(void)state;
	it.kind = ITEM_MULTI;
	assert_int_equal(item_key_parse(&it, "AC"), 0x5);
	assert_int_equal(item_key_parse(&it, "ac"), 0x5);
	assert_int_equal(item_key_parse(&it, "A,C"), 0x5);
	assert_int_equal(item_key_parse(&it, " C A "), 0x5);
	assert_int_equal(item_key_parse(&it, "D"), 0x8);
	assert_int_equal(item_key_parse(&t, "T"), 1);
	assert_int_equal(item_key_parse(&t, "t"), 1);
	assert_int_equal(item_key_parse(&t, "对"), 1);
	assert_int_equal(item_key_parse(&t, "正确"), 1);
	assert_int_equal(item_key_parse(&t, "√"), 1);
	assert_int_equal(item_key_parse(&t, " true "), 1);
	assert_int_equal(item_key_parse(&t, "F"), 2);
	assert_int_equal(item_key_parse(&t, "错"), 2);
	assert_int_equal(item_key_parse(&t, "错误"), 2);
	assert_int_equal(item_key_parse(&t, "×"), 2);
	assert_int_equal(item_key_parse(&t, "FALSE"), 2);
}

static void test_key_parse_refusals(void **state)
{
	struct item it = single();
	struct item t = tf(1);

	(void)state;
	it.kind = ITEM_MULTI;
	assert_int_equal(item_key_parse(&it, NULL), 0);
	assert_int_equal(item_key_parse(&it, ""), 0);
	assert_int_equal(item_key_parse(&it, "E"), 0);   /* past the options */
	assert_int_equal(item_key_parse(&it, "AA"), 0);  /* repeated */
	assert_int_equal(item_key_parse(&it, "A;C"), 0); /* not a separator */
	assert_int_equal(item_key_parse(&it, "1"), 0);
	assert_int_equal(item_key_parse(&it, "对"), 0);
	assert_int_equal(item_key_parse(&t, "A"), 0);
	assert_int_equal(item_key_parse(&t, "TF"), 0);
	assert_int_equal(item_key_parse(&t, "yes"), 0);
	assert_int_equal(item_key_parse(&t, ""), 0);
}

static void test_clear(void **state)
{
	struct item it;

	(void)state;
	memset(&it, 0, sizeof(it));
	it.id = 7;
	it.kind = ITEM_SINGLE;
	it.stem = strdup("stem");
	it.noptions = 2;
	it.options[0] = strdup("a");
	it.options[1] = strdup("b");
	it.explanation = strdup("e");
	item_clear(&it); /* ASan: nothing leaks */
	assert_int_equal(it.id, 0);
	assert_null(it.stem);
	assert_null(it.options[0]);
	assert_null(it.explanation);
	assert_int_equal(it.noptions, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kind_names),
		cmocka_unit_test(test_check_valid),
		cmocka_unit_test(test_check_ref_point_kind),
		cmocka_unit_test(test_check_stem_explanation),
		cmocka_unit_test(test_check_options),
		cmocka_unit_test(test_check_keys),
		cmocka_unit_test(test_key_letters),
		cmocka_unit_test(test_key_round_trip),
		cmocka_unit_test(test_key_parse_forms),
		cmocka_unit_test(test_key_parse_refusals),
		cmocka_unit_test(test_clear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
