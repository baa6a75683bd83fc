/*
 * test_apprenticeship.c - core/apprenticeship: the rules document format
 * (every embedded file parses; errors name their path), the dates (whole
 * months of a contract, a span's last day, months in a year), admission
 * (contract months to the day, hire kinds national and Wuhan, target
 * levels), a class's duration by level, and the subsidy of one
 * apprentice-year (Wuhan's amounts by certificate level, completed
 * without, not completed with advances clawed back, still training; the
 * national floor; months in the year).
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
#include "core/apprenticeship.h"
#include "core/i18n.h"

extern const struct embedded_file apprenticeship_files[];
extern const size_t apprenticeship_files_count;

static struct arena arena;
static struct appr_rules nat, wuhan;

static const char *file_text(const char *name)
{
	for (size_t i = 0; i < apprenticeship_files_count; i++)
		if (!strcmp(apprenticeship_files[i].name, name))
			return (const char *)apprenticeship_files[i].data;
	fail_msg("%s not embedded", name);
	return NULL;
}

static int setup(void **state)
{
	char err[256];
	(void)state;
	arena_init(&arena);
	if (appr_parse(file_text("national-2021.json"), &arena, &nat, err, sizeof(err)))
		fail_msg("national-2021.json: %s", err);
	if (appr_parse(file_text("wuhan.json"), &arena, &wuhan, err, sizeof(err)))
		fail_msg("wuhan.json: %s", err);
	return 0;
}
static int teardown(void **state)
{
	(void)state;
	arena_release(&arena);
	return 0;
}

static void test_embedded_all_parse(void **state)
{
	(void)state;
	assert_true(apprenticeship_files_count >= 2);
	for (size_t i = 0; i < apprenticeship_files_count; i++) {
		struct appr_rules r;
		char err[256];
		if (appr_parse((const char *)apprenticeship_files[i].data, &arena, &r,
			       err, sizeof(err)))
			fail_msg("%s: %s", apprenticeship_files[i].name, err);
		assert_true(r.prov.confidence != STD_CONF_NONE);
		assert_non_null(r.subsidy_prov.source);
	}
	assert_string_equal(nat.code, "national-2021");
	assert_int_equal(nat.contract_months_min, 12);
	assert_int_equal(wuhan.subsidy_prov.confidence, STD_CONF_MEDIUM);
}

/* A document built from the national one with one value replaced. */
static int parse_with(const char *from, const char *to, char *err, size_t n)
{
	const char *base = file_text("national-2021.json");
	const char *at = strstr(base, from);
	char doc[8192];
	struct appr_rules r;

	assert_non_null(at);
	snprintf(doc, sizeof(doc), "%.*s%s%s", (int)(at - base), base, to,
		 at + strlen(from));
	return appr_parse(doc, &arena, &r, err, n);
}

static void test_errors_name_path(void **state)
{
	char err[256];
	struct appr_rules r;
	(void)state;

	assert_int_equal(appr_parse("[]", &arena, &r, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "(document)"));
	assert_int_equal(appr_parse("{", &arena, &r, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "line 1"));
	assert_int_equal(parse_with("\"kind\": \"apprenticeship_rules\"",
				    "\"kind\": \"commendation_rules\"", err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "kind"));
	assert_int_equal(parse_with("\"value\": 12", "\"value\": 0", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "contract_months_min.value"));
	assert_int_equal(parse_with("[\"new\", \"transferred\"]", "[\"new\", \"new\"]",
				    err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "hire_kinds.value[1]"));
	assert_int_equal(parse_with("[4, 3, 2, 1]", "[4, 6]", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "target_levels.value[1]"));
	assert_int_equal(parse_with("\"max\": 24", "\"max\": 6", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "duration.value.max"));
	assert_int_equal(parse_with("\"special_max\": 36",
				    "\"special_max\": 36, \"x\": 1", err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "duration.value: unknown key \"x\""));
	assert_int_equal(
		parse_with("\"clawback\": false", "\"clawback\": 0", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "subsidy.value.clawback"));
	assert_int_equal(parse_with("\"confidence\": \"high\",\n    \"source\": "
				    "\"人社部发〔2021〕39号: 与企业",
				    "\"confidence\": \"sure\",\n    \"source\": \"x", err,
				    sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "contract_months_min: confidence \"sure\""));
	assert_int_equal(parse_with("\"per_year\": 5000",
				    "\"per_year\": 5000, "
				    "\"certificate\": {\"6\": 1}",
				    err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "subsidy.value.certificate"));
}

/* An apprentice's own paid time: from their own start in the class to
 * their own end, less their interruptions. */
static void test_paid_months(void **state)
{
	const char *k = "2024-09-01"; /* 12 months: to 2025-08-31 */
	struct appr_interruption iv[2] = {
		{.apprentice_id = 1, .from_on = "2025-04-01", .to_on = "2025-06-01"},
		{.apprentice_id = 1, .from_on = "2025-07-01", .to_on = ""},
	};

	(void)state;
	/* the contract began before the class: the class's months */
	assert_int_equal(appr_paid_months(k, 12, "2024-08-15", "2027-08-14", NULL, NULL,
					  0, 2024),
			 4);
	assert_int_equal(appr_paid_months(k, 12, "2024-08-15", "2027-08-14", NULL, NULL,
					  0, 2025),
			 8);
	/* admitted six months into the class: only their own six */
	assert_int_equal(appr_paid_months(k, 12, "2025-03-01", "2026-02-28", NULL, NULL,
					  0, 2024),
			 0);
	assert_int_equal(appr_paid_months(k, 12, "2025-03-01", "2026-02-28", NULL, NULL,
					  0, 2025),
			 6);
	/* withdrawn on 2025-05-31: March to May */
	assert_int_equal(appr_paid_months(k, 12, "2025-03-01", "2026-02-28", "2025-05-31",
					  NULL, 0, 2025),
			 3);
	/* interrupted April and May (resumed on June 1st): not paid */
	assert_int_equal(
		appr_paid_months(k, 12, "2025-03-01", "2026-02-28", NULL, iv, 1, 2025), 4);
	/* and interrupted again from July, still open: July and August not paid */
	assert_int_equal(
		appr_paid_months(k, 12, "2025-03-01", "2026-02-28", NULL, iv, 2, 2025), 2);
	/* a contract ending before the class: to the contract's end */
	assert_int_equal(appr_paid_months(k, 12, "2024-09-01", "2025-06-30", NULL, NULL,
					  0, 2025),
			 6);
	/* bad dates: nothing */
	assert_int_equal(appr_paid_months(k, 12, "2025-13-01", "2026-02-28", NULL, NULL,
					  0, 2025),
			 0);
	assert_int_equal(
		appr_paid_months(k, 12, "2025-03-01", "2026-02-28", "x", NULL, 0, 2025), 0);
}

static void test_dates(void **state)
{
	char e[16];
	(void)state;
	assert_int_equal(appr_months_between("2024-01-01", "2024-12-31"), 12);
	assert_int_equal(appr_months_between("2024-01-01", "2024-12-30"), 11);
	assert_int_equal(appr_months_between("2024-03-15", "2025-03-14"), 12);
	assert_int_equal(appr_months_between("2024-03-15", "2025-03-13"), 11);
	assert_int_equal(appr_months_between("2024-03-15", "2024-03-15"), 0);
	assert_int_equal(appr_months_between("2024-03-15", "2024-03-14"), -1);
	assert_int_equal(appr_months_between("2024-02-30", "2025-03-14"), -1);
	assert_int_equal(appr_months_between("2024-01-01", "bad"), -1);
	assert_true(appr_span_end("2024-09-01", 12, e, sizeof(e)));
	assert_string_equal(e, "2025-08-31");
	assert_true(appr_span_end("2024-03-01", 24, e, sizeof(e)));
	assert_string_equal(e, "2026-02-28");
	assert_false(appr_span_end("2024-13-01", 1, e, sizeof(e)));
	/* 2024-09-01 .. 2025-08-31: four months in 2024, eight in 2025 */
	assert_int_equal(appr_months_in_year("2024-09-01", "2025-08-31", 2024), 4);
	assert_int_equal(appr_months_in_year("2024-09-01", "2025-08-31", 2025), 8);
	assert_int_equal(appr_months_in_year("2024-09-01", "2025-08-31", 2026), 0);
	assert_int_equal(appr_months_in_year("2023-01-01", "2026-12-31", 2024), 12);
	/* the wage below the minimum: a warning only when both are recorded */
	assert_true(appr_wage_below(2000, 2210));
	assert_false(appr_wage_below(2210, 2210));
	assert_false(appr_wage_below(0, 2210));
	assert_false(appr_wage_below(2000, 0));
	/* a span from mid-month: each whole month belongs to the year it
	 * starts in, and the years sum to the span's 24 months */
	{
		char end[16];
		int sum = 0;

		assert_true(appr_span_end("2024-09-15", 24, end, sizeof(end)));
		assert_string_equal(end, "2026-09-14");
		assert_int_equal(appr_months_between("2024-09-15", end), 24);
		assert_int_equal(appr_months_in_year("2024-09-15", end, 2024), 4);
		assert_int_equal(appr_months_in_year("2024-09-15", end, 2025), 12);
		assert_int_equal(appr_months_in_year("2024-09-15", end, 2026), 8);
		for (int y = 2023; y <= 2027; y++)
			sum += appr_months_in_year("2024-09-15", end, y);
		assert_int_equal(sum, 24);
	}
}

static void test_admission(void **state)
{
	(void)state;
	/* a contract of a year to the day is admitted; a day less is not */
	assert_int_equal(appr_admit(&nat, appr_months_between("2024-03-01", "2025-02-28"),
				    APPR_HIRE_NEW, 4),
			 APPR_OK);
	assert_int_equal(appr_admit(&nat, appr_months_between("2024-03-01", "2025-02-27"),
				    APPR_HIRE_NEW, 4),
			 APPR_REFUSE_CONTRACT);
	assert_int_equal(appr_admit(&nat, 36, APPR_HIRE_TRANSFERRED, 1), APPR_OK);
	/* current staff: only where the local rule allows */
	assert_int_equal(appr_admit(&nat, 36, APPR_HIRE_CURRENT, 4), APPR_REFUSE_HIRE);
	assert_int_equal(appr_admit(&wuhan, 36, APPR_HIRE_CURRENT, 4), APPR_OK);
	/* target levels: 4..1 nationally; Wuhan's classes 中级 and 高级 */
	assert_int_equal(appr_admit(&nat, 36, APPR_HIRE_NEW, 5), APPR_REFUSE_LEVEL);
	assert_int_equal(appr_admit(&wuhan, 36, APPR_HIRE_NEW, 2), APPR_REFUSE_LEVEL);
	/* the first failing check in order */
	assert_int_equal(appr_admit(&nat, 6, APPR_HIRE_CURRENT, 5), APPR_REFUSE_CONTRACT);
	assert_string_equal(appr_refusal_key(APPR_REFUSE_HIRE),
			    "apprenticeship.refuse.hire");
	assert_null(appr_refusal_key(APPR_OK));
}

static void test_duration(void **state)
{
	int st, lo, hi, sp;
	bool special;
	(void)state;
	assert_int_equal(appr_duration(&wuhan, 4, &st, &lo, &hi, &sp), APPR_OK);
	assert_int_equal(st, 12);
	assert_int_equal(appr_duration(&wuhan, 3, &st, &lo, &hi, &sp), APPR_OK);
	assert_int_equal(st, 24);
	assert_int_equal(lo, 12);
	assert_int_equal(hi, 24);
	assert_int_equal(sp, 36);
	assert_int_equal(appr_duration(&nat, 2, &st, NULL, NULL, NULL), APPR_OK);
	assert_int_equal(st, 12);
	assert_int_equal(appr_duration(&wuhan, 1, &st, NULL, NULL, NULL), APPR_REFUSE_LEVEL);
	assert_int_equal(appr_class_months(&nat, 4, 24, &special), APPR_OK);
	assert_false(special);
	assert_int_equal(appr_class_months(&nat, 4, 30, &special), APPR_OK);
	assert_true(special);
	assert_int_equal(appr_class_months(&nat, 4, 37, &special), APPR_REFUSE_MONTHS);
	assert_int_equal(appr_class_months(&nat, 4, 11, NULL), APPR_REFUSE_MONTHS);
}

static void test_subsidy_wuhan(void **state)
{
	struct appr_subsidy s;
	(void)state;
	/* a whole year with a 中级 certificate: ¥5000; 高级: ¥6000 */
	appr_subsidy(&wuhan, APPR_OUT_CERTIFICATE, 4, 12, 0, &s);
	assert_int_equal(s.amount, 5000);
	assert_int_equal(s.due, 5000);
	assert_string_equal(s.rule, "apprenticeship.rule.certificate");
	appr_subsidy(&wuhan, APPR_OUT_CERTIFICATE, 3, 12, 2000, &s);
	assert_int_equal(s.amount, 6000);
	assert_int_equal(s.due, 4000);
	assert_int_equal(s.clawback, 0);
	/* four months of a year: a third */
	appr_subsidy(&wuhan, APPR_OUT_CERTIFICATE, 3, 4, 0, &s);
	assert_int_equal(s.amount, 2000);
	/* completed without a certificate: ¥4000; a 五级 certificate the rule
	 * names no amount for counts as without */
	appr_subsidy(&wuhan, APPR_OUT_COMPLETED, 0, 12, 0, &s);
	assert_int_equal(s.amount, 4000);
	assert_string_equal(s.rule, "apprenticeship.rule.completed");
	appr_subsidy(&wuhan, APPR_OUT_CERTIFICATE, 5, 12, 0, &s);
	assert_int_equal(s.amount, 4000);
	/* not completed: nothing, the advances clawed back */
	appr_subsidy(&wuhan, APPR_OUT_NOT_COMPLETED, 0, 12, 2500, &s);
	assert_int_equal(s.amount, 0);
	assert_int_equal(s.due, 0);
	assert_int_equal(s.clawback, 2500);
	assert_string_equal(s.rule, "apprenticeship.rule.not_completed");
	/* still training: nothing settled, the advance kept */
	appr_subsidy(&wuhan, APPR_OUT_TRAINING, 0, 12, 2500, &s);
	assert_int_equal(s.amount, 0);
	assert_int_equal(s.due, 0);
	assert_int_equal(s.clawback, 0);
	assert_string_equal(s.rule, "apprenticeship.rule.training");
}

static void test_subsidy_national(void **state)
{
	struct appr_subsidy s;
	(void)state;
	/* the floor whatever the certificate; no claw-back rule */
	appr_subsidy(&nat, APPR_OUT_CERTIFICATE, 4, 12, 0, &s);
	assert_int_equal(s.amount, 5000);
	assert_string_equal(s.rule, "apprenticeship.rule.per_year");
	appr_subsidy(&nat, APPR_OUT_COMPLETED, 0, 6, 0, &s);
	assert_int_equal(s.amount, 2500);
	appr_subsidy(&nat, APPR_OUT_NOT_COMPLETED, 0, 12, 1000, &s);
	assert_int_equal(s.amount, 0);
	assert_int_equal(s.clawback, 0);
}

static void test_keys_in_catalog(void **state)
{
	(void)state;
	for (const char *const *k = appr_keys(); *k; k++) {
		assert_string_not_equal(tr(LANG_ZH, *k), *k);
		assert_string_not_equal(tr(LANG_EN, *k), *k);
	}
	assert_string_equal(appr_hire_name(APPR_HIRE_TRANSFERRED), "transferred");
	assert_int_equal(appr_hire_parse("current"), APPR_HIRE_CURRENT);
	assert_int_equal(appr_hire_parse("intern"), -1);
	assert_string_equal(appr_outcome_name(APPR_OUT_NOT_COMPLETED), "not_completed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_embedded_all_parse),
		cmocka_unit_test(test_errors_name_path),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_paid_months),
		cmocka_unit_test(test_admission),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_subsidy_wuhan),
		cmocka_unit_test(test_subsidy_national),
		cmocka_unit_test(test_keys_in_catalog),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
