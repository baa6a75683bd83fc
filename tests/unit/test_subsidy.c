/*
 * test_subsidy.c - core/subsidy: the rules file format (every embedded
 * file parses; errors name their path), and one test per rule of
 * domain.md §7.1 against the national data: insured months, levels
 * covered, certificates from 2017, the window's first and last day and the
 * day after, once per occupation and level, a subsidized higher level
 * excluding a lower one, claims per year, the amount per level, the
 * shortage-list uplift (a province file), the version by issue date, and
 * facts not known reading as "needs checking".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/embed.h"
#include "core/subsidy.h"

extern const struct embedded_file subsidy_files[];
extern const size_t subsidy_files_count;

static struct arena arena;
static struct subsidy_rules national;

static int setup(void **state)
{
	char err[256];
	(void)state;
	arena_init(&arena);
	for (size_t i = 0; i < subsidy_files_count; i++)
		if (!strcmp(subsidy_files[i].name, "00-national.json")) {
			if (subsidy_parse((const char *)subsidy_files[i].data, &arena,
					  &national, err, sizeof(err)))
				fail_msg("00-national.json: %s", err);
			return 0;
		}
	fail_msg("00-national.json not embedded");
	return -1;
}

static int teardown(void **state)
{
	(void)state;
	arena_release(&arena);
	return 0;
}

/* A 四级 电工 certificate issued 2023-03-15, valid; facts: 24 insured
 * months, no claims. */
static struct subsidy_cert cert = {"6-31-01-03", "2023-03-15", 4, true};
static struct subsidy_facts facts = {24, true, NULL, 0, NULL, 0};

static const struct subsidy_reason *reason(const struct subsidy_result *r, const char *key)
{
	for (size_t i = 0; i < r->nreasons; i++)
		if (!strcmp(r->reasons[i].key, key))
			return &r->reasons[i];
	return NULL;
}

static void eval(const struct subsidy_cert *c, const struct subsidy_facts *f,
		 const char *today, struct subsidy_result *r)
{
	assert_int_equal(subsidy_evaluate(&national, c, f, today, r), 0);
}

static void test_every_file_parses(void **state)
{
	char err[256];
	struct subsidy_rules r;
	(void)state;
	assert_true(subsidy_files_count >= 1);
	for (size_t i = 0; i < subsidy_files_count; i++)
		if (subsidy_parse((const char *)subsidy_files[i].data, &arena, &r, err,
				  sizeof(err)))
			fail_msg("%s: %s", subsidy_files[i].name, err);
}

static void test_eligible(void **state)
{
	struct subsidy_result r;
	(void)state;
	eval(&cert, &facts, "2023-06-01", &r);
	assert_int_equal(r.verdict, SUBSIDY_ELIGIBLE);
	assert_string_equal(r.version->version, "2022");
	assert_int_equal(r.amount_max, 1500);
	assert_string_equal(r.last_day, "2024-03-14");
	assert_non_null(reason(&r, "subsidy.r.insured.ok"));
	assert_non_null(reason(&r, "subsidy.r.level.ok"));
	assert_non_null(reason(&r, "subsidy.r.from.ok"));
	assert_non_null(reason(&r, "subsidy.r.year.ok"));
}

/* insured months: 12 in the 2022 version, 36 in the 2017 one */
static void test_insured_months(void **state)
{
	struct subsidy_result r;
	struct subsidy_facts f = facts;
	struct subsidy_cert c = cert;
	const struct subsidy_reason *x;
	(void)state;
	f.insured_months = 11;
	eval(&cert, &f, "2023-06-01", &r);
	assert_int_equal(r.verdict, SUBSIDY_NOT_ELIGIBLE);
	assert_non_null(x = reason(&r, "subsidy.r.insured.no"));
	assert_int_equal(x->n, 11);
	assert_int_equal(x->m, 12);
	f.insured_months = 12;
	eval(&cert, &f, "2023-06-01", &r);
	assert_int_equal(r.verdict, SUBSIDY_ELIGIBLE);
	c.issued_on = "2019-05-01";
	f.insured_months = 35;
	eval(&c, &f, "2019-06-01", &r);
	assert_string_equal(r.version->version, "2017");
	assert_non_null(x = reason(&r, "subsidy.r.insured.no"));
	assert_int_equal(x->m, 36);
	f.insured_months = 36;
	eval(&c, &f, "2019-06-01", &r);
	assert_int_equal(r.verdict, SUBSIDY_ELIGIBLE);
	f.insured_months = -1;
	eval(&c, &f, "2019-06-01", &r);
	assert_int_equal(r.verdict, SUBSIDY_CHECK);
	assert_non_null(x = reason(&r, "subsidy.r.insured.unknown"));
	assert_int_equal(x->m, 36);
}

/* levels: 5, 4, 3 covered, 技师 (2) and 高级技师 (1) not */
static void test_levels(void **state)
{
	struct subsidy_result r;
	struct subsidy_cert c = cert;
	const int amount[6] = {0, 0, 0, 2000, 1500, 1000};
	(void)state;
	for (int l = 1; l <= 5; l++) {
		c.level = l;
		eval(&c, &facts, "2023-06-01", &r);
		assert_int_equal(r.verdict,
				 l >= 3 ? SUBSIDY_ELIGIBLE : SUBSIDY_NOT_ELIGIBLE);
		assert_non_null(
			reason(&r, l >= 3 ? "subsidy.r.level.ok" : "subsidy.r.level.no"));
		assert_int_equal(r.amount_max, amount[l]);
	}
}

/* certificates obtained from 2017-01-01 on; no version before */
static void test_certificates_from(void **state)
{
	struct subsidy_result r;
	struct subsidy_cert c = cert;
	(void)state;
	c.issued_on = "2017-01-01";
	eval(&c, &(struct subsidy_facts){36, true, NULL, 0, NULL, 0}, "2017-02-01", &r);
	assert_int_equal(r.verdict, SUBSIDY_ELIGIBLE);
	c.issued_on = "2016-12-31";
	eval(&c, &facts, "2017-02-01", &r);
	assert_null(r.version);
	assert_int_equal(r.verdict, SUBSIDY_CHECK);
	assert_non_null(reason(&r, "subsidy.r.rule.none"));
}

/* the window: the issue date, the last day (12 months less a day), the day
 * after */
static void test_window_edges(void **state)
{
	struct subsidy_result r;
	const struct subsidy_reason *x;
	(void)state;
	eval(&cert, &facts, "2023-03-15", &r);
	assert_int_equal(r.verdict, SUBSIDY_ELIGIBLE);
	assert_int_equal(r.days_left, 366);
	eval(&cert, &facts, "2024-03-14", &r);
	assert_int_equal(r.verdict, SUBSIDY_ELIGIBLE);
	assert_int_equal(r.days_left, 1);
	assert_non_null(x = reason(&r, "subsidy.r.window.ok"));
	assert_string_equal(x->date, "2024-03-14");
	eval(&cert, &facts, "2024-03-15", &r);
	assert_int_equal(r.verdict, SUBSIDY_NOT_ELIGIBLE);
	assert_int_equal(r.days_left, 0);
	assert_non_null(x = reason(&r, "subsidy.r.window.closed"));
	assert_int_equal(x->m, 12);
}

static void test_window_month_end(void **state)
{
	char last[11];
	(void)state;
	subsidy_window_last("2024-02-29", 12, last);
	assert_string_equal(last, "2025-02-27");
	subsidy_window_last("2023-01-31", 1, last);
	assert_string_equal(last, "2023-02-27");
	subsidy_window_last("2023-12-01", 12, last);
	assert_string_equal(last, "2024-11-30");
	assert_int_equal(subsidy_days_between("2023-12-31", "2024-03-01"), 61);
	subsidy_months_before("2025-03-31", 1, last);
	assert_string_equal(last, "2025-02-28");
	subsidy_months_before("2024-09-01", 12, last);
	assert_string_equal(last, "2023-09-01");
	subsidy_months_before("2024-13-01", 12, last);
	assert_string_equal(last, "");
}

/* once per occupation and level; another occupation does not count */
static void test_once_per_level(void **state)
{
	struct subsidy_result r;
	struct subsidy_prior same = {"6-31-01-03", "2022-05-01", 4};
	struct subsidy_prior other = {"4-12-01-01", "2022-05-01", 4};
	struct subsidy_facts f = facts;
	const struct subsidy_reason *x;
	(void)state;
	f.claims = &other;
	f.nclaims = 1;
	eval(&cert, &f, "2023-06-01", &r);
	assert_int_equal(r.verdict, SUBSIDY_ELIGIBLE);
	f.claims = &same;
	eval(&cert, &f, "2023-06-01", &r);
	assert_int_equal(r.verdict, SUBSIDY_NOT_ELIGIBLE);
	assert_non_null(x = reason(&r, "subsidy.r.once.no"));
	assert_string_equal(x->date, "2022-05-01");
}

/* a subsidized higher level (三级) excludes this lower one (四级) in 2022,
 * not in 2017; a lower one claimed does not exclude a higher */
static void test_higher_excludes_lower(void **state)
{
	struct subsidy_result r;
	struct subsidy_prior higher = {"6-31-01-03", "2022-05-01", 3};
	struct subsidy_prior lower = {"6-31-01-03", "2022-05-01", 5};
	struct subsidy_facts f = facts;
	struct subsidy_cert c = cert;
	const struct subsidy_reason *x;
	(void)state;
	f.claims = &higher;
	f.nclaims = 1;
	eval(&cert, &f, "2023-06-01", &r);
	assert_int_equal(r.verdict, SUBSIDY_NOT_ELIGIBLE);
	assert_non_null(x = reason(&r, "subsidy.r.higher.no"));
	assert_int_equal(x->n, 3);
	f.claims = &lower;
	eval(&cert, &f, "2023-06-01", &r);
	assert_int_equal(r.verdict, SUBSIDY_ELIGIBLE);
	c.issued_on = "2019-05-01";
	f.insured_months = 36;
	f.claims = &higher;
	eval(&c, &f, "2019-06-01", &r);
	assert_int_equal(r.verdict, SUBSIDY_ELIGIBLE);
	assert_null(reason(&r, "subsidy.r.higher.no"));
}

/* at most 3 claims a calendar year (2022 version); none in 2017's */
static void test_claims_per_year(void **state)
{
	struct subsidy_result r;
	struct subsidy_prior three[3] = {{"4-12-01-01", "2023-01-10", 5},
					 {"6-18-01-01", "2023-02-10", 5},
					 {"6-20-01-01", "2023-03-10", 5}};
	struct subsidy_facts f = facts;
	const struct subsidy_reason *x;
	(void)state;
	f.claims = three;
	f.nclaims = 2;
	eval(&cert, &f, "2023-06-01", &r);
	assert_int_equal(r.verdict, SUBSIDY_ELIGIBLE);
	f.nclaims = 3;
	eval(&cert, &f, "2023-06-01", &r);
	assert_int_equal(r.verdict, SUBSIDY_NOT_ELIGIBLE);
	assert_non_null(x = reason(&r, "subsidy.r.year.no"));
	assert_int_equal(x->n, 3);
	assert_int_equal(x->m, 3);
	assert_string_equal(x->date, "2023");
	/* the next year counts afresh */
	eval(&cert, &f, "2024-01-02", &r);
	assert_int_equal(r.verdict, SUBSIDY_ELIGIBLE);
}

/* claims not known: "needs checking", and a higher level held is named */
static void test_claims_unknown(void **state)
{
	struct subsidy_result r;
	struct subsidy_prior held = {"6-31-01-03", "2023-01-01", 3};
	struct subsidy_facts f = {24, false, NULL, 0, &held, 1};
	const struct subsidy_reason *x;
	(void)state;
	eval(&cert, &f, "2023-06-01", &r);
	assert_int_equal(r.verdict, SUBSIDY_CHECK);
	assert_non_null(reason(&r, "subsidy.r.claims.unknown"));
	assert_non_null(x = reason(&r, "subsidy.r.higher.held"));
	assert_int_equal(x->n, 3);
}

/* a complete record of claims (claims_known): the once-per-
 * level and higher-level rules say they passed instead of "needs
 * checking"; one hit says only the failure; the 2017 version, without the
 * higher-level rule, says nothing of it */
static void test_claims_on_record(void **state)
{
	struct subsidy_result r;
	struct subsidy_prior other = {"4-12-01-01", "2023-02-01", 3};
	struct subsidy_prior same = {"6-31-01-03", "2023-02-01", 4};
	struct subsidy_prior higher = {"6-31-01-03", "2023-02-01", 3};
	struct subsidy_facts f = facts;
	struct subsidy_cert c = cert;
	const struct subsidy_reason *x;
	(void)state;
	f.claims = &other;
	f.nclaims = 1;
	eval(&cert, &f, "2023-06-01", &r);
	assert_int_equal(r.verdict, SUBSIDY_ELIGIBLE);
	assert_null(reason(&r, "subsidy.r.claims.unknown"));
	assert_non_null(x = reason(&r, "subsidy.r.once.ok"));
	assert_int_equal(x->verdict, SUBSIDY_ELIGIBLE);
	assert_string_equal(x->rule, "once_per_level");
	assert_non_null(x = reason(&r, "subsidy.r.higher.ok"));
	assert_int_equal(x->verdict, SUBSIDY_ELIGIBLE);
	assert_non_null(x = reason(&r, "subsidy.r.year.ok"));
	assert_int_equal(x->n, 1);
	/* this occupation and level paid: not eligible, no "passed" for it */
	f.claims = &same;
	eval(&cert, &f, "2023-06-01", &r);
	assert_int_equal(r.verdict, SUBSIDY_NOT_ELIGIBLE);
	assert_non_null(reason(&r, "subsidy.r.once.no"));
	assert_null(reason(&r, "subsidy.r.once.ok"));
	assert_non_null(reason(&r, "subsidy.r.higher.ok"));
	/* a higher level paid: the lower one excluded */
	f.claims = &higher;
	eval(&cert, &f, "2023-06-01", &r);
	assert_int_equal(r.verdict, SUBSIDY_NOT_ELIGIBLE);
	assert_non_null(reason(&r, "subsidy.r.higher.no"));
	assert_null(reason(&r, "subsidy.r.higher.ok"));
	assert_non_null(reason(&r, "subsidy.r.once.ok"));
	/* not complete (as app/ passes the record): a claim that excludes
	 * still decides; one that does not leaves "needs checking", and
	 * neither rule says it passed */
	f.claims_known = false;
	eval(&cert, &f, "2023-06-01", &r);
	assert_int_equal(r.verdict, SUBSIDY_NOT_ELIGIBLE);
	assert_non_null(reason(&r, "subsidy.r.higher.no"));
	assert_null(reason(&r, "subsidy.r.claims.unknown"));
	f.claims = &same;
	eval(&cert, &f, "2023-06-01", &r);
	assert_int_equal(r.verdict, SUBSIDY_NOT_ELIGIBLE);
	assert_non_null(reason(&r, "subsidy.r.once.no"));
	assert_null(reason(&r, "subsidy.r.claims.unknown"));
	f.claims = &other;
	eval(&cert, &f, "2023-06-01", &r);
	assert_int_equal(r.verdict, SUBSIDY_CHECK);
	assert_non_null(reason(&r, "subsidy.r.claims.unknown"));
	assert_null(reason(&r, "subsidy.r.once.ok"));
	assert_null(reason(&r, "subsidy.r.higher.ok"));
	assert_null(reason(&r, "subsidy.r.year.ok"));
	/* 2017: no higher-level rule, so nothing said of it */
	c.issued_on = "2019-05-01";
	f = facts;
	f.insured_months = 36;
	f.claims = &other;
	f.nclaims = 1;
	eval(&c, &f, "2019-06-01", &r);
	assert_int_equal(r.verdict, SUBSIDY_ELIGIBLE);
	assert_non_null(reason(&r, "subsidy.r.once.ok"));
	assert_null(reason(&r, "subsidy.r.higher.ok"));
}

static void test_status_and_after_2024(void **state)
{
	struct subsidy_result r;
	struct subsidy_cert c = cert;
	const struct subsidy_reason *x;
	(void)state;
	c.valid = false;
	eval(&c, &facts, "2023-06-01", &r);
	assert_int_equal(r.verdict, SUBSIDY_NOT_ELIGIBLE);
	assert_non_null(reason(&r, "subsidy.r.status.no"));
	/* no version confirmed after 2024-12-31 */
	c.valid = true;
	c.issued_on = "2025-01-01";
	eval(&c, &facts, "2025-02-01", &r);
	assert_int_equal(r.verdict, SUBSIDY_CHECK);
	assert_non_null(x = reason(&r, "subsidy.r.rule.none"));
	assert_string_equal(x->date, "2025-01-01");
	assert_string_equal(r.last_day, "");
}

static const char province[] =
	"{\"format\":1,\"kind\":\"skill_upgrade_subsidy\",\"region\":\"33\",\"name\":\"t\","
	"\"versions\":[{\"version\":\"x\",\"citation\":\"c\",\"effective_from\":\"2023-01-01\","
	"\"effective_to\":null,\"confidence\":\"low\",\"source\":\"s\",\"rules\":{"
	"\"insured_months\":{\"value\":12,\"confidence\":\"low\",\"source\":\"s\"},"
	"\"levels\":{\"value\":[5,4,3,2],\"confidence\":\"low\",\"source\":\"s\"},"
	"\"certificates_from\":{\"value\":\"2017-01-01\",\"confidence\":\"low\",\"source\":\"s\"},"
	"\"window_months\":{\"value\":6,\"confidence\":\"low\",\"source\":\"s\"},"
	"\"amount_max\":{\"value\":{\"5\":1000,\"4\":1500,\"3\":2000,\"2\":3000},"
	"\"confidence\":\"low\",\"source\":\"s\"},"
	"\"claims_per_year\":{\"value\":null,\"confidence\":\"low\",\"source\":\"s\"},"
	"\"once_per_level\":{\"value\":true,\"confidence\":\"low\",\"source\":\"s\"},"
	"\"higher_excludes_lower\":{\"value\":true,\"confidence\":\"low\",\"source\":\"s\"},"
	"\"shortage_uplift_percent\":{\"value\":50,\"confidence\":\"low\",\"source\":\"s\"},"
	"\"shortage_occupations\":{\"value\":[\"6-31-01-03\"],\"confidence\":\"low\","
	"\"source\":\"s\"}}}]}";

/* a province's data: 技师 covered, a 6-month window, the shortage uplift */
static void test_province_uplift(void **state)
{
	struct subsidy_rules p;
	struct subsidy_result r;
	struct subsidy_cert c = cert;
	char err[256];
	const struct subsidy_reason *x;
	(void)state;
	if (subsidy_parse(province, &arena, &p, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(subsidy_evaluate(&p, &cert, &facts, "2023-06-01", &r), 0);
	assert_int_equal(r.amount_max, 2250);
	assert_int_equal(r.uplift_percent, 50);
	assert_non_null(x = reason(&r, "subsidy.r.shortage"));
	assert_int_equal(x->n, 50);
	assert_string_equal(r.last_day, "2023-09-14");
	c.level = 2;
	c.occupation_code = "4-12-01-01";
	assert_int_equal(subsidy_evaluate(&p, &c, &facts, "2023-06-01", &r), 0);
	assert_int_equal(r.verdict, SUBSIDY_ELIGIBLE);
	assert_int_equal(r.amount_max, 3000);
	assert_null(reason(&r, "subsidy.r.shortage"));
}

static void expect_error(const char *json, const char *needle)
{
	struct subsidy_rules r;
	char err[256];
	assert_int_equal(subsidy_parse(json, &arena, &r, err, sizeof(err)), -1);
	if (!strstr(err, needle))
		fail_msg("error \"%s\" does not contain \"%s\"", err, needle);
}

static void replace(char *out, size_t n, const char *from, const char *to)
{
	const char *at = strstr(province, from);
	assert_non_null(at);
	snprintf(out, n, "%.*s%s%s", (int)(at - province), province, to, at + strlen(from));
}

static void test_parse_errors(void **state)
{
	char j[4096];
	(void)state;
	expect_error("[]", "JSON object");
	expect_error("{", "line 1");
	replace(j, sizeof(j), "\"window_months\":{\"value\":6,\"confidence\":\"low\",",
		"\"window_months\":{\"value\":6,");
	expect_error(j, "versions[0].rules.window_months: \"confidence\" is required");
	replace(j, sizeof(j), "\"once_per_level\"", "\"once_per_lvl\"");
	expect_error(j, "unknown rule \"once_per_lvl\"");
	replace(j, sizeof(j), "\"2\":3000", "\"1\":3000");
	expect_error(j, "amount_max.value: level 1 is not covered");
	replace(j, sizeof(j), "\"region\":\"33\"", "\"region\":\"99\"");
	expect_error(j, "region");
	replace(j, sizeof(j), "\"window_months\":{\"value\":6",
		"\"window_months\":{\"value\":0");
	expect_error(j, "window_months.value: must be a whole number 1..120");
	replace(j, sizeof(j), "\"effective_to\":null", "\"effective_to\":\"2022-01-01\"");
	expect_error(j, "effective_to is before effective_from");
}

static void test_bad_facts(void **state)
{
	struct subsidy_result r;
	struct subsidy_cert c = cert;
	struct subsidy_prior bad = {"6-31-01-03", "2023-02-30", 4};
	struct subsidy_facts f = facts;
	(void)state;
	assert_int_equal(subsidy_evaluate(&national, &cert, &facts, "2023-13-01", &r), -1);
	c.level = 6;
	assert_int_equal(subsidy_evaluate(&national, &c, &facts, "2023-06-01", &r), -1);
	f.claims = &bad;
	f.nclaims = 1;
	assert_int_equal(subsidy_evaluate(&national, &cert, &f, "2023-06-01", &r), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_file_parses),
		cmocka_unit_test(test_eligible),
		cmocka_unit_test(test_insured_months),
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_certificates_from),
		cmocka_unit_test(test_window_edges),
		cmocka_unit_test(test_window_month_end),
		cmocka_unit_test(test_once_per_level),
		cmocka_unit_test(test_higher_excludes_lower),
		cmocka_unit_test(test_claims_per_year),
		cmocka_unit_test(test_claims_unknown),
		cmocka_unit_test(test_claims_on_record),
		cmocka_unit_test(test_status_and_after_2024),
		cmocka_unit_test(test_province_uplift),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_bad_facts),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
