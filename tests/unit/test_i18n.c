/*
 * test_i18n.c - core/i18n: the catalog's order (tr() bsearches it), its
 * completeness, lookups, and choosing the language of a request.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "core/i18n.h"
#include "core/institution.h"
#include "core/scoring.h"
#include "core/standard.h"
#include "core/subsidy.h"

static void test_catalog_sorted_unique(void **state)
{
	size_t n = 0;
	const struct i18n_entry *t = i18n_table(&n);

	(void)state;
	assert_non_null(t);
	assert_true(n > 0);
	for (size_t i = 1; i < n; i++) {
		if (strcmp(t[i - 1].key, t[i].key) >= 0)
			fail_msg("catalog out of order or duplicate: \"%s\" then \"%s\"",
				 t[i - 1].key, t[i].key);
	}
}

static void test_catalog_complete(void **state)
{
	size_t n = 0;
	const struct i18n_entry *t = i18n_table(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		assert_non_null(t[i].key);
		if (!t[i].key[0])
			fail_msg("entry %zu has an empty key", i);
		if (!t[i].zh || !t[i].zh[0])
			fail_msg("\"%s\" has no Chinese text", t[i].key);
		if (!t[i].en || !t[i].en[0])
			fail_msg("\"%s\" has no English text", t[i].key);
		if (!str_utf8_valid(t[i].zh, strlen(t[i].zh)) ||
		    !str_utf8_valid(t[i].en, strlen(t[i].en)))
			fail_msg("\"%s\" is not valid UTF-8", t[i].key);
	}
}

/* Every entry is reachable through tr(): the bsearch finds each key. */
static void test_every_key_found(void **state)
{
	size_t n = 0;
	const struct i18n_entry *t = i18n_table(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		char copy[128];

		/* a copy, so the lookup cannot pass by pointer identity */
		snprintf(copy, sizeof(copy), "%s", t[i].key);
		assert_ptr_equal(tr(LANG_ZH, copy), t[i].zh);
		assert_ptr_equal(tr(LANG_EN, copy), t[i].en);
	}
}

/* The keys the domain rules hand out must all be in the catalog. */
static void test_rule_keys_present(void **state)
{
	static const char *const keys[] = {
		"val.name.required", "val.name.invalid",     "val.name.length",
		"val.type.invalid",  "val.province.invalid", "val.credit_code.format",
		"val.reason.length",
	};
	const char *const *prov = province_codes();

	(void)state;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (tr(LANG_ZH, keys[i]) == keys[i] ||
		    !strcmp(tr(LANG_ZH, keys[i]), keys[i]))
			fail_msg("\"%s\" missing from the catalog", keys[i]);
	for (int t = 0; t < INST_TYPE_COUNT; t++) {
		char key[64];

		snprintf(key, sizeof(key), "type.%s", inst_type_name((enum inst_type)t));
		if (!strcmp(tr(LANG_EN, key), key))
			fail_msg("\"%s\" missing from the catalog", key);
	}
	for (; *prov; prov++) {
		char key[64];

		snprintf(key, sizeof(key), "province.%s", *prov);
		if (!strcmp(tr(LANG_ZH, key), key))
			fail_msg("\"%s\" missing from the catalog", key);
	}
}

static void test_tr(void **state)
{
	(void)state;
	assert_string_equal(tr(LANG_ZH, "btn.cancel"), "取消");
	assert_string_equal(tr(LANG_EN, "btn.cancel"), "Cancel");
	assert_string_equal(tr(LANG_ZH, "province.11"), "北京市");
	assert_string_equal(tr(LANG_EN, "province.11"), "Beijing");
	/* first and last entries (bsearch edges) */
	assert_string_equal(tr(LANG_EN, "app.name"), "Skills Evaluation Platform");
	assert_string_equal(tr(LANG_EN, "val.type.invalid"),
			    "Choose a valid institution type");
	/* unknown key: the key itself, never NULL */
	assert_string_equal(tr(LANG_ZH, "no.such.key"), "no.such.key");
	assert_string_equal(tr(LANG_EN, "no.such.key"), "no.such.key");
	assert_string_equal(tr(LANG_EN, ""), "");
	assert_string_equal(tr(LANG_EN, "btn"), "btn");                 /* a prefix */
	assert_string_equal(tr(LANG_EN, "btn.cancel "), "btn.cancel "); /* not trimmed */
	assert_string_equal(tr(LANG_EN, "BTN.CANCEL"), "BTN.CANCEL");   /* case matters */
}

static void test_lang_code(void **state)
{
	(void)state;
	assert_string_equal(lang_code(LANG_ZH), "zh");
	assert_string_equal(lang_code(LANG_EN), "en");
}

static void test_lang_parse(void **state)
{
	(void)state;
	assert_int_equal(lang_parse("zh"), LANG_ZH);
	assert_int_equal(lang_parse("zh-CN"), LANG_ZH);
	assert_int_equal(lang_parse("zh-Hans-CN"), LANG_ZH);
	assert_int_equal(lang_parse("zh_CN"), LANG_ZH);
	assert_int_equal(lang_parse("ZH"), LANG_ZH);
	assert_int_equal(lang_parse("en"), LANG_EN);
	assert_int_equal(lang_parse("en-US"), LANG_EN);
	assert_int_equal(lang_parse("EN-gb"), LANG_EN);
	assert_int_equal(lang_parse("fr"), -1);
	assert_int_equal(lang_parse(""), -1);
	assert_int_equal(lang_parse(NULL), -1);
	assert_int_equal(lang_parse("eng"), -1);
	assert_int_equal(lang_parse("zhx"), -1);
	assert_int_equal(lang_parse("e"), -1);
	assert_int_equal(lang_parse("*"), -1);
}

static void test_accept(void **state)
{
	(void)state;
	assert_int_equal(lang_from_accept("en-US,en;q=0.9,zh;q=0.8"), LANG_EN);
	assert_int_equal(lang_from_accept("fr, en;q=0.5"), LANG_EN);
	assert_int_equal(lang_from_accept("zh-CN"), LANG_ZH);
	assert_int_equal(lang_from_accept("en"), LANG_EN);
	assert_int_equal(lang_from_accept(NULL), LANG_ZH);
	assert_int_equal(lang_from_accept(""), LANG_ZH);
	assert_int_equal(lang_from_accept("fr, de"), LANG_ZH);
	/* q decides, not order */
	assert_int_equal(lang_from_accept("zh;q=0.3, en;q=0.7"), LANG_EN);
	assert_int_equal(lang_from_accept("en;q=0.3, zh-CN;q=0.7"), LANG_ZH);
	assert_int_equal(lang_from_accept("en;q=0.5,zh-TW"), LANG_ZH);
	/* spaces around parameters */
	assert_int_equal(lang_from_accept("zh ; q=0.2 , en ; q=0.4"), LANG_EN);
	/* other parameters are ignored */
	assert_int_equal(lang_from_accept("en;level=1;q=0.9, zh;q=0.1"), LANG_EN);
}

static void test_accept_q_zero(void **state)
{
	(void)state;
	/* q=0 means "not acceptable" */
	assert_int_equal(lang_from_accept("en;q=0"), LANG_ZH);
	assert_int_equal(lang_from_accept("en;q=0.0, fr"), LANG_ZH);
	assert_int_equal(lang_from_accept("en-US;q=0, en;q=0.000"), LANG_ZH);
	assert_int_equal(lang_from_accept("fr, en;q=0.001"), LANG_EN);
}

static void test_accept_long_tag(void **state)
{
	(void)state;
	/* tags longer than the parser's buffer are skipped, not misread */
	assert_int_equal(lang_from_accept("x-aaaaaaaaaaaaaaaaaaaaaaaa, en"), LANG_EN);
	assert_int_equal(lang_from_accept(
				 "x-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;q=1,en;q=0.5"),
			 LANG_EN);
}

static void test_choose(void **state)
{
	(void)state;
	/* explicit > remembered > header > Chinese */
	assert_int_equal(lang_choose("en", "zh", "zh"), LANG_EN);
	assert_int_equal(lang_choose("zh", "en", "en"), LANG_ZH);
	assert_int_equal(lang_choose(NULL, "en", "zh"), LANG_EN);
	assert_int_equal(lang_choose(NULL, "zh", "en"), LANG_ZH);
	assert_int_equal(lang_choose(NULL, NULL, "en-US,en;q=0.9"), LANG_EN);
	assert_int_equal(lang_choose(NULL, NULL, NULL), LANG_ZH);
	/* an unusable choice falls through to the next source */
	assert_int_equal(lang_choose("fr", "en", "zh"), LANG_EN);
	assert_int_equal(lang_choose("", "", "en"), LANG_EN);
	assert_int_equal(lang_choose("xx", "yy", "fr"), LANG_ZH);
	assert_int_equal(lang_choose("en", NULL, NULL), LANG_EN);
}

static void test_fill(void **state)
{
	const char *names[] = {"required", "actual"};
	const char *values[] = {"6", "3"};
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	i18n_fill(&b, "满{required}年，您满{actual}年", names, values, 2);
	assert_string_equal(b.data, "满6年，您满3年");
	buf_reset(&b);
	/* unknown placeholders stay; a lone brace is text */
	i18n_fill(&b, "{level} {actual} { x", names, values, 2);
	assert_string_equal(b.data, "{level} 3 { x");
	buf_reset(&b);
	i18n_fill(&b, "", names, values, 2);
	assert_string_equal(b.data, "");
	buf_release(&b);
}

/* Every key the eligibility, scoring and staffing rules can return has a
 * translation in both languages: a page never shows a bare key. */
static void test_rule_keys_translated(void **state)
{
	const char *const *lists[] = {eligibility_keys(), scoring_keys(), subsidy_keys()};
	int seen = 0;

	(void)state;
	for (size_t l = 0; l < 3; l++)
		for (const char *const *k = lists[l]; *k; k++) {
			const char *zh = tr(LANG_ZH, *k), *en = tr(LANG_EN, *k);

			if (zh == *k || en == *k)
				fail_msg("no catalog entry for \"%s\"", *k);
			seen++;
		}
	assert_true(seen > 40);
}

/* Levels 1..5 have their catalog entries; anything else is "". */
static void test_level_key(void **state)
{
	(void)state;
	assert_string_equal(i18n_level_key(1), "level.1");
	assert_string_equal(tr(LANG_ZH, i18n_level_key(4)), "四级/中级工");
	assert_string_equal(tr(LANG_EN, i18n_level_key(5)), "Level 5 / junior worker");
	assert_string_equal(i18n_level_key(0), "");
	assert_string_equal(i18n_level_key(6), "");
	assert_string_equal(tr(LANG_ZH, i18n_level_key(-1)), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalog_sorted_unique),
		cmocka_unit_test(test_catalog_complete),
		cmocka_unit_test(test_every_key_found),
		cmocka_unit_test(test_rule_keys_present),
		cmocka_unit_test(test_tr),
		cmocka_unit_test(test_lang_code),
		cmocka_unit_test(test_lang_parse),
		cmocka_unit_test(test_accept),
		cmocka_unit_test(test_accept_q_zero),
		cmocka_unit_test(test_accept_long_tag),
		cmocka_unit_test(test_choose),
		cmocka_unit_test(test_rule_keys_translated),
		cmocka_unit_test(test_fill),
		cmocka_unit_test(test_level_key),
	};

	return cmocka_run_group_tests_name("i18n", tests, NULL, NULL);
}
