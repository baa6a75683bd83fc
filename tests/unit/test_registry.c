/*
 * test_registry.c - core/registry: the status transition table and the
 * refusal keys, validity (effective status, may open plans), date
 * arithmetic, the GB 32100 credit-code checksum (domain.md §9.2),
 * registration numbers, approval documents, occupation codes, level sets,
 * filing codes, branch kinds and inspection outcomes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/i18n.h"
#include "core/registry.h"

/* ---- status names ---- */

static void test_status_names(void **state)
{
	static const char *const names[REG_STATUS_COUNT] = {
		"applying", "under_notice", "registered", "suspended",
		"revoked",  "expired",      "rejected",
	};
	const char *const *all = reg_status_names();

	(void)state;
	for (int s = 0; s < REG_STATUS_COUNT; s++) {
		assert_string_equal(reg_status_name((enum reg_status)s), names[s]);
		assert_int_equal(reg_status_parse(names[s]), s);
		assert_string_equal(all[s], names[s]);
	}
	assert_null(all[REG_STATUS_COUNT]);
	assert_null(reg_status_name(REG_STATUS_COUNT));
	assert_null(reg_status_name((enum reg_status) - 1));
	assert_int_equal(reg_status_parse("Registered"), -1);
	assert_int_equal(reg_status_parse("registered "), -1);
	assert_int_equal(reg_status_parse(""), -1);
	assert_int_equal(reg_status_parse(NULL), -1);
}

/* ---- the transition table ---- */

#define ACTIONS 8
static const char *const action_names[ACTIONS] = {
	"notice",    "approve", "reject",  "suspend",
	"reinstate", "revoke",  "reapply", "withdraw",
};

/*
 * The whole table, written out independently of the code: expected[from]
 * [action] is the status after, -1 where refused. Rows: applying,
 * under_notice, registered, suspended, revoked, expired, rejected.
 * Columns: notice, approve, reject, suspend, reinstate, revoke, reapply,
 * withdraw.
 */
#define A REG_APPLYING
#define U REG_UNDER_NOTICE
#define R REG_REGISTERED
#define S REG_SUSPENDED
#define V REG_REVOKED
#define E REG_EXPIRED
#define J REG_REJECTED
#define NO (-1)
static const int expected[REG_STATUS_COUNT][ACTIONS] = {
	/*               notice approve reject suspend reinst revoke reapply withdraw */
	[REG_APPLYING] = {U, NO, J, NO, NO, NO, NO, A},
	[REG_UNDER_NOTICE] = {NO, R, J, NO, NO, NO, NO, A},
	[REG_REGISTERED] = {R, R, NO, S, NO, V, R, R},
	[REG_SUSPENDED] = {NO, NO, NO, NO, R, V, NO, NO},
	[REG_REVOKED] = {NO, NO, NO, NO, NO, NO, NO, NO},
	[REG_EXPIRED] = {E, R, NO, NO, NO, NO, E, E},
	[REG_REJECTED] = {NO, NO, NO, NO, NO, NO, A, NO},
};
#undef A
#undef U
#undef R
#undef S
#undef V
#undef E
#undef J

static void test_transition_table(void **state)
{
	(void)state;
	for (int from = 0; from < REG_STATUS_COUNT; from++)
		for (int act = 0; act < ACTIONS; act++) {
			int got = reg_transition((enum reg_status)from,
						 (enum reg_action)act);

			if (got != expected[from][act])
				fail_msg("%s + %s: got %d (%s), want %d (%s)",
					 reg_status_name((enum reg_status)from),
					 action_names[act], got,
					 got < 0 ? "refused"
						 : reg_status_name((enum reg_status)got),
					 expected[from][act],
					 expected[from][act] < 0
						 ? "refused"
						 : reg_status_name(
							   (enum reg_status)
								   expected[from][act]));
		}
}

/* The main path, spelled out: apply → notice → approve → suspend →
 * reinstate → revoke. */
static void test_transition_lifecycle(void **state)
{
	(void)state;
	assert_int_equal(reg_transition(REG_APPLYING, REG_ACT_NOTICE), REG_UNDER_NOTICE);
	assert_int_equal(reg_transition(REG_UNDER_NOTICE, REG_ACT_APPROVE), REG_REGISTERED);
	assert_int_equal(reg_transition(REG_REGISTERED, REG_ACT_SUSPEND), REG_SUSPENDED);
	assert_int_equal(reg_transition(REG_SUSPENDED, REG_ACT_REINSTATE), REG_REGISTERED);
	assert_int_equal(reg_transition(REG_REGISTERED, REG_ACT_REVOKE), REG_REVOKED);
	/* a rejection, then a new application */
	assert_int_equal(reg_transition(REG_UNDER_NOTICE, REG_ACT_REJECT), REG_REJECTED);
	assert_int_equal(reg_transition(REG_REJECTED, REG_ACT_REAPPLY), REG_APPLYING);
	/* a renewal keeps the registration in force */
	assert_int_equal(reg_transition(REG_REGISTERED, REG_ACT_REAPPLY), REG_REGISTERED);
	assert_int_equal(reg_transition(REG_EXPIRED, REG_ACT_APPROVE), REG_REGISTERED);
}

static void test_refusals(void **state)
{
	(void)state;
	/* suspend from applying: not registered */
	assert_int_equal(reg_transition(REG_APPLYING, REG_ACT_SUSPEND), -1);
	assert_string_equal(reg_refusal(REG_APPLYING, REG_ACT_SUSPEND),
			    "reg.refuse.not_registered");
	/* reinstate from registered: not suspended */
	assert_int_equal(reg_transition(REG_REGISTERED, REG_ACT_REINSTATE), -1);
	assert_string_equal(reg_refusal(REG_REGISTERED, REG_ACT_REINSTATE),
			    "reg.refuse.not_suspended");
	/* suspend twice */
	assert_int_equal(reg_transition(REG_SUSPENDED, REG_ACT_SUSPEND), -1);
	assert_string_equal(reg_refusal(REG_SUSPENDED, REG_ACT_SUSPEND),
			    "reg.refuse.not_registered");
	/* revoke an application */
	assert_int_equal(reg_transition(REG_APPLYING, REG_ACT_REVOKE), -1);
	assert_string_equal(reg_refusal(REG_APPLYING, REG_ACT_REVOKE),
			    "reg.refuse.not_registered");
	/* approve what was never noticed */
	assert_int_equal(reg_transition(REG_APPLYING, REG_ACT_APPROVE), -1);
	assert_string_equal(reg_refusal(REG_APPLYING, REG_ACT_APPROVE),
			    "reg.refuse.not_under_notice");
	/* notice twice */
	assert_int_equal(reg_transition(REG_UNDER_NOTICE, REG_ACT_NOTICE), -1);
	assert_string_equal(reg_refusal(REG_UNDER_NOTICE, REG_ACT_NOTICE),
			    "reg.refuse.not_applying");
	/* a suspended institution cannot renew */
	assert_int_equal(reg_transition(REG_SUSPENDED, REG_ACT_REAPPLY), -1);
	assert_string_equal(reg_refusal(REG_SUSPENDED, REG_ACT_REAPPLY),
			    "reg.refuse.cannot_apply");
	/* applying again while applying */
	assert_string_equal(reg_refusal(REG_APPLYING, REG_ACT_REAPPLY),
			    "reg.refuse.cannot_apply");
	/* anything from revoked */
	for (int act = 0; act < ACTIONS; act++) {
		assert_int_equal(reg_transition(REG_REVOKED, (enum reg_action)act), -1);
		assert_string_equal(reg_refusal(REG_REVOKED, (enum reg_action)act),
				    "reg.refuse.revoked");
	}
}

/* Every refused pair has a refusal key, and every key is in the catalog
 * in both languages. */
static void test_refusals_in_catalog(void **state)
{
	(void)state;
	for (int from = 0; from < REG_STATUS_COUNT; from++)
		for (int act = 0; act < ACTIONS; act++) {
			const char *k;

			if (expected[from][act] >= 0)
				continue;
			k = reg_refusal((enum reg_status)from, (enum reg_action)act);
			assert_non_null(k);
			assert_true(strncmp(k, "reg.refuse.", 11) == 0);
			if (!strcmp(tr(LANG_ZH, k), k) || !strcmp(tr(LANG_EN, k), k))
				fail_msg("\"%s\" (%s + %s) has no catalog entry", k,
					 reg_status_name((enum reg_status)from),
					 action_names[act]);
		}
}

/* ---- validity ---- */

static void test_effective(void **state)
{
	(void)state;
	/* registered and valid */
	assert_int_equal(reg_effective(REG_REGISTERED, "2027-06-30", "2026-01-01"),
			 REG_REGISTERED);
	assert_true(reg_may_open_plans(REG_REGISTERED, "2027-06-30", "2026-01-01"));
	/* the last day still counts */
	assert_int_equal(reg_effective(REG_REGISTERED, "2026-01-01", "2026-01-01"),
			 REG_REGISTERED);
	assert_true(reg_may_open_plans(REG_REGISTERED, "2026-01-01", "2026-01-01"));
	/* valid_until before today: expired */
	assert_int_equal(reg_effective(REG_REGISTERED, "2025-12-31", "2026-01-01"),
			 REG_EXPIRED);
	assert_false(reg_may_open_plans(REG_REGISTERED, "2025-12-31", "2026-01-01"));
	/* suspended: may not, and past its end it is expired */
	assert_int_equal(reg_effective(REG_SUSPENDED, "2027-06-30", "2026-01-01"),
			 REG_SUSPENDED);
	assert_false(reg_may_open_plans(REG_SUSPENDED, "2027-06-30", "2026-01-01"));
	assert_int_equal(reg_effective(REG_SUSPENDED, "2020-01-01", "2026-01-01"),
			 REG_EXPIRED);
	/* revoked stays revoked, whatever the dates */
	assert_int_equal(reg_effective(REG_REVOKED, "2020-01-01", "2026-01-01"),
			 REG_REVOKED);
	assert_false(reg_may_open_plans(REG_REVOKED, "2027-06-30", "2026-01-01"));
	/* applying, under notice, rejected: may not */
	assert_false(reg_may_open_plans(REG_APPLYING, NULL, "2026-01-01"));
	assert_false(reg_may_open_plans(REG_UNDER_NOTICE, NULL, "2026-01-01"));
	assert_false(reg_may_open_plans(REG_REJECTED, NULL, "2026-01-01"));
	assert_int_equal(reg_effective(REG_APPLYING, "2020-01-01", "2026-01-01"),
			 REG_APPLYING);
	/* no end date (the center): registered */
	assert_int_equal(reg_effective(REG_REGISTERED, NULL, "2026-01-01"), REG_REGISTERED);
	assert_int_equal(reg_effective(REG_REGISTERED, "", "2026-01-01"), REG_REGISTERED);
	assert_true(reg_may_open_plans(REG_REGISTERED, NULL, "2026-01-01"));
}

/* ---- dates ---- */

static void expect_years(const char *d, int years, const char *want)
{
	char out[11] = "";

	if (!date_add_years(d, years, out) || strcmp(out, want))
		fail_msg("%s + %d years: got \"%s\", want %s", d, years, out, want);
}

static void expect_days(const char *d, int days, const char *want)
{
	char out[11] = "";

	if (!date_add_days(d, days, out) || strcmp(out, want))
		fail_msg("%s + %d days: got \"%s\", want %s", d, days, out, want);
}

static void test_add_years(void **state)
{
	char out[11];

	(void)state;
	expect_years("2024-02-29", 1, "2025-02-28");
	expect_years("2024-02-29", 4, "2028-02-29");
	expect_years("2024-02-29", 3, "2027-02-28");
	expect_years("2096-02-29", 4, "2100-02-28"); /* 2100 is not leap */
	expect_years("1996-02-29", 4, "2000-02-29"); /* 2000 is */
	expect_years("2021-03-15", 3, "2024-03-15");
	expect_years("2021-12-31", 3, "2024-12-31");
	expect_years("2024-01-01", 0, "2024-01-01");
	expect_years("2024-02-28", 1, "2025-02-28");
	assert_false(date_add_years("2023-02-29", 1, out));
	assert_false(date_add_years("2024-13-01", 1, out));
	assert_false(date_add_years("2024-1-01", 1, out));
	assert_false(date_add_years("", 1, out));
	assert_false(date_add_years(NULL, 1, out));
}

static void test_add_days(void **state)
{
	char out[11];

	(void)state;
	expect_days("2024-01-31", 1, "2024-02-01");
	expect_days("2024-02-28", 1, "2024-02-29");
	expect_days("2023-02-28", 1, "2023-03-01");
	expect_days("2024-12-31", 1, "2025-01-01");
	expect_days("2025-01-01", -1, "2024-12-31");
	expect_days("2024-03-01", -1, "2024-02-29");
	expect_days("2023-03-01", -1, "2023-02-28");
	expect_days("2024-01-01", 366, "2025-01-01");
	expect_days("2025-01-01", -366, "2024-01-01");
	expect_days("2026-05-10", 6, "2026-05-16"); /* a 7-day notice */
	expect_days("2026-05-10", -10, "2026-04-30");
	expect_days("2099-12-31", 1, "2100-01-01");
	expect_days("2100-02-28", 1, "2100-03-01");
	expect_days("2024-06-15", 0, "2024-06-15");
	assert_true(date_prev_day("2025-01-01", out));
	assert_string_equal(out, "2024-12-31");
	assert_true(date_prev_day("2027-03-01", out));
	assert_string_equal(out, "2027-02-28");
	assert_false(date_add_days("2024-02-30", 1, out));
	assert_false(date_add_days("2024/01/01", 1, out));
	assert_false(date_add_days(NULL, 1, out));
	assert_false(date_prev_day("x", out));
}

static void test_diff_days(void **state)
{
	(void)state;
	assert_int_equal(date_diff_days("2024-01-01", "2025-01-01"), 366);
	assert_int_equal(date_diff_days("2025-01-01", "2026-01-01"), 365);
	assert_int_equal(date_diff_days("2025-01-01", "2024-01-01"), -366);
	assert_int_equal(date_diff_days("2024-02-28", "2024-03-01"), 2);
	assert_int_equal(date_diff_days("2023-02-28", "2023-03-01"), 1);
	assert_int_equal(date_diff_days("2024-12-31", "2025-01-01"), 1);
	assert_int_equal(date_diff_days("2026-05-05", "2026-05-05"), 0);
	/* add and diff agree */
	{
		char out[11];

		assert_true(date_add_days("2021-07-19", 1000, out));
		assert_int_equal(date_diff_days("2021-07-19", out), 1000);
		assert_true(date_add_days("2021-07-19", -777, out));
		assert_int_equal(date_diff_days("2021-07-19", out), -777);
	}
}

/* ---- GB 32100 ---- */

static void test_credit_code_vectors(void **state)
{
	(void)state;
	/* domain.md §9.2: the published real example and the constructed one */
	assert_true(credit_code_checksum_ok("91110000101623741K"));
	assert_true(credit_code_checksum_ok("91110108123456788E"));
	/* the real registered code that fails the check */
	assert_false(credit_code_checksum_ok("91350211M0000XUF46"));
}

static void test_credit_code_last_char(void **state)
{
	static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	int ok = 0;

	(void)state;
	/* exactly one of the 31 check characters is right */
	for (const char *c = set; *c; c++) {
		char code[19] = "91110108123456788E";

		code[17] = *c;
		if (credit_code_checksum_ok(code)) {
			ok++;
			assert_int_equal(*c, 'E');
		}
	}
	assert_int_equal(ok, 1);
	{
		char code[19] = "91110000101623741K";

		code[17] = 'L';
		assert_false(credit_code_checksum_ok(code));
		/* a changed body character fails too */
		code[17] = 'K';
		code[3] = '2';
		assert_false(credit_code_checksum_ok(code));
	}
}

static void test_credit_code_bad_chars(void **state)
{
	(void)state;
	/* lowercase */
	assert_false(credit_code_checksum_ok("91110000101623741k"));
	assert_false(credit_code_checksum_ok("91110108123456788e"));
	/* characters outside the set (I, O, S, V, Z), space, punctuation */
	assert_false(credit_code_checksum_ok("9111000010162374IK"));
	assert_false(credit_code_checksum_ok("9111000010162374OK"));
	assert_false(credit_code_checksum_ok("9111000010162374SK"));
	assert_false(credit_code_checksum_ok("91110000101623741Z"));
	assert_false(credit_code_checksum_ok("91110000101623741V"));
	assert_false(credit_code_checksum_ok("9111000010162374 K"));
	assert_false(credit_code_checksum_ok("9111000010162374-K"));
	/* wrong length */
	assert_false(credit_code_checksum_ok("91110000101623741"));
	assert_false(credit_code_checksum_ok("91110000101623741KK"));
	assert_false(credit_code_checksum_ok(""));
	assert_false(credit_code_checksum_ok(NULL));
	/* an embedded NUL is a short string, not a check character */
	assert_false(credit_code_checksum_ok("9111000010162374\0K"));
}

/* A check character of 0 (sum ≡ 0 mod 31) and of Y (30) are produced by
 * the same rule; build codes that need them and check both. */
static void test_credit_code_edge_check_chars(void **state)
{
	static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const int w[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
				  29, 25, 13, 8,  24, 10, 30, 28};
	bool seen0 = false, seenY = false;
	char code[19];

	(void)state;
	/* vary the 17th character of a base until both cases appear */
	for (int a = 0; a < 31 && !(seen0 && seenY); a++)
		for (int b = 0; b < 31 && !(seen0 && seenY); b++) {
			int sum = 0, c18;

			snprintf(code, sizeof(code), "9111010812345678%c%c", set[a], '0');
			code[15] = set[b];
			for (int i = 0; i < 17; i++)
				sum += (int)(strchr(set, code[i]) - set) * w[i];
			c18 = 31 - sum % 31;
			if (c18 == 31)
				c18 = 0;
			code[17] = set[c18];
			assert_true(credit_code_checksum_ok(code));
			if (c18 == 0)
				seen0 = true;
			if (c18 == 30)
				seenY = true;
		}
	assert_true(seen0);
	assert_true(seenY);
}

/* ---- registration numbers and documents ---- */

static void test_reg_number(void **state)
{
	char out[16];

	(void)state;
	reg_number_format(2021, 1, out);
	assert_string_equal(out, "JXJD20210001");
	reg_number_format(2026, 3, out);
	assert_string_equal(out, "JXJD20260003");
	reg_number_format(2026, 9999, out);
	assert_string_equal(out, "JXJD20269999");
	assert_true(reg_number_valid("JXJD20210001"));
	assert_true(reg_number_valid(out));
	assert_false(reg_number_valid("JXJD2021001"));
	assert_false(reg_number_valid("JXJD202100011"));
	assert_false(reg_number_valid("jxjd20210001"));
	assert_false(reg_number_valid("JXJC20210001"));
	assert_false(reg_number_valid("JXJD2021000A"));
	assert_false(reg_number_valid(""));
	assert_false(reg_number_valid(NULL));
}

static void test_check_doc(void **state)
{
	struct rule_error e = {0};
	char long_doc[64 * 3 + 4];

	(void)state;
	assert_true(reg_check_doc("机职鉴字[2021]29号", "approval_doc", &e));
	assert_true(reg_check_doc("机职鉴字[2026]3号", "doc_no", &e));
	assert_true(reg_check_doc("AB", "doc_no", &e));
	e.field = e.msg = NULL;
	assert_false(reg_check_doc("", "approval_doc", &e));
	assert_string_equal(e.field, "approval_doc");
	assert_string_equal(e.msg, "val.doc.required");
	e.field = e.msg = NULL;
	assert_false(reg_check_doc(NULL, "doc_no", &e));
	assert_string_equal(e.field, "doc_no");
	assert_string_equal(e.msg, "val.doc.required");
	e.field = e.msg = NULL;
	assert_false(reg_check_doc("号", "doc_no", &e)); /* one character */
	assert_string_equal(e.field, "doc_no");
	assert_string_equal(e.msg, "val.doc.format");
	/* 64 characters (3 bytes each) pass, 65 do not */
	for (int i = 0; i < 64; i++)
		memcpy(long_doc + 3 * i, "号", 3);
	long_doc[64 * 3] = '\0';
	assert_true(reg_check_doc(long_doc, "doc_no", &e));
	long_doc[64 * 3] = 'A';
	long_doc[64 * 3 + 1] = '\0';
	e.msg = NULL;
	assert_false(reg_check_doc(long_doc, "doc_no", &e));
	assert_string_equal(e.msg, "val.doc.format");
	/* control characters, invalid UTF-8 */
	e.msg = NULL;
	assert_false(reg_check_doc("机职\n鉴字", "doc_no", &e));
	assert_string_equal(e.msg, "val.doc.format");
	e.msg = NULL;
	assert_false(reg_check_doc("机职\x7f鉴字", "doc_no", &e));
	assert_string_equal(e.msg, "val.doc.format");
	e.msg = NULL;
	assert_false(reg_check_doc("\xff\xfe\xfd", "doc_no", &e));
	assert_string_equal(e.msg, "val.doc.format");
}

/* ---- occupations and levels ---- */

static void test_occupation_code(void **state)
{
	(void)state;
	assert_true(occupation_code_valid("6-18-01-01"));
	assert_true(occupation_code_valid("4-12-01-02"));
	assert_true(occupation_code_valid("1-01-00-00"));
	assert_true(occupation_code_valid("8-99-99-99"));
	assert_false(occupation_code_valid("6-18-1-01"));
	assert_false(occupation_code_valid("9-18-01-01"));
	assert_false(occupation_code_valid("0-18-01-01"));
	assert_false(occupation_code_valid("6_18_01_01"));
	assert_false(occupation_code_valid("6-18-01-01-00"));
	assert_false(occupation_code_valid("6-18-01-0"));
	assert_false(occupation_code_valid("6-18-01-0a"));
	assert_false(occupation_code_valid("61801010"));
	assert_false(occupation_code_valid(" 6-18-01-01"));
	assert_false(occupation_code_valid(""));
	assert_false(occupation_code_valid(NULL));
}

static void test_levels(void **state)
{
	char out[16];

	(void)state;
	assert_int_equal(levels_parse("5,4,3"), (1u << 5) | (1u << 4) | (1u << 3));
	assert_int_equal(levels_parse("3, 4"), (1u << 3) | (1u << 4));
	assert_int_equal(levels_parse("1"), 1u << 1);
	assert_int_equal(levels_parse("1,2,3,4,5"), 0x3eu);
	assert_int_equal(levels_parse("6"), 0);
	assert_int_equal(levels_parse("0"), 0);
	assert_int_equal(levels_parse("4,4"), 0);
	assert_int_equal(levels_parse(""), 0);
	assert_int_equal(levels_parse("a"), 0);
	assert_int_equal(levels_parse("5,a"), 0);
	assert_int_equal(levels_parse("45"), 0);
	assert_int_equal(levels_parse(",5"), 0);
	assert_int_equal(levels_parse("-1"), 0);
	assert_int_equal(levels_parse(NULL), 0);

	levels_format((1u << 5) | (1u << 4) | (1u << 3), out);
	assert_string_equal(out, "5,4,3");
	levels_format(levels_parse("3, 4"), out);
	assert_string_equal(out, "4,3"); /* highest number first */
	levels_format(levels_parse("1,3,2"), out);
	assert_string_equal(out, "3,2,1");
	levels_format(0x3eu, out);
	assert_string_equal(out, "5,4,3,2,1");
	levels_format(1u << 2, out);
	assert_string_equal(out, "2");
	levels_format(0, out);
	assert_string_equal(out, "");
	/* round trip of every non-empty set */
	for (unsigned m = 2; m < 64; m += 2) {
		levels_format(m, out);
		assert_int_equal(levels_parse(out), m);
	}
}

/* ---- filings, branch kinds, inspections ---- */

static void test_filing_code(void **state)
{
	(void)state;
	assert_true(filing_code_valid("0000", 4));
	assert_true(filing_code_valid("1234", 4));
	assert_true(filing_code_valid("000045", 6));
	assert_false(filing_code_valid("00000", 4));
	assert_false(filing_code_valid("000", 4));
	assert_false(filing_code_valid("00a0", 4));
	assert_false(filing_code_valid("12 4", 4));
	assert_false(filing_code_valid("0000", 6));
	assert_false(filing_code_valid("00004５", 6));
	assert_false(filing_code_valid("", 4));
	assert_false(filing_code_valid(NULL, 4));
}

static void test_branch_kind(void **state)
{
	(void)state;
	assert_true(branch_kind_valid("branch_center", "sector"));
	assert_true(branch_kind_valid("branch_center", "regional"));
	assert_true(branch_kind_valid("branch_center", ""));
	assert_true(branch_kind_valid("branch_center", NULL));
	assert_false(branch_kind_valid("branch_center", "national"));
	assert_false(branch_kind_valid("branch_center", "Sector"));
	/* only a branch center has a kind */
	assert_false(branch_kind_valid("exam_station", "sector"));
	assert_false(branch_kind_valid("training_base", "regional"));
	assert_true(branch_kind_valid("exam_station", ""));
	assert_true(branch_kind_valid("exam_station", NULL));
	assert_false(branch_kind_valid(NULL, "sector"));
}

static void test_inspection_outcomes(void **state)
{
	static const char *const names[INSP_OUTCOME_COUNT] = {"pass", "rectify", "fail"};
	const char *const *all = inspection_outcome_names();

	(void)state;
	for (int o = 0; o < INSP_OUTCOME_COUNT; o++) {
		assert_string_equal(inspection_outcome_name((enum inspection_outcome)o),
				    names[o]);
		assert_int_equal(inspection_outcome_parse(names[o]), o);
		assert_string_equal(all[o], names[o]);
	}
	assert_null(all[INSP_OUTCOME_COUNT]);
	assert_null(inspection_outcome_name(INSP_OUTCOME_COUNT));
	assert_int_equal(inspection_outcome_parse("Pass"), -1);
	assert_int_equal(inspection_outcome_parse("passed"), -1);
	assert_int_equal(inspection_outcome_parse(""), -1);
	assert_int_equal(inspection_outcome_parse(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_names),
		cmocka_unit_test(test_transition_table),
		cmocka_unit_test(test_transition_lifecycle),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_refusals_in_catalog),
		cmocka_unit_test(test_effective),
		cmocka_unit_test(test_add_years),
		cmocka_unit_test(test_add_days),
		cmocka_unit_test(test_diff_days),
		cmocka_unit_test(test_credit_code_vectors),
		cmocka_unit_test(test_credit_code_last_char),
		cmocka_unit_test(test_credit_code_bad_chars),
		cmocka_unit_test(test_credit_code_edge_check_chars),
		cmocka_unit_test(test_reg_number),
		cmocka_unit_test(test_check_doc),
		cmocka_unit_test(test_occupation_code),
		cmocka_unit_test(test_levels),
		cmocka_unit_test(test_filing_code),
		cmocka_unit_test(test_branch_kind),
		cmocka_unit_test(test_inspection_outcomes),
	};

	return cmocka_run_group_tests_name("registry", tests, NULL, NULL);
}
