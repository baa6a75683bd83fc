/*
 * test_commendation.c - core/commendation: the rules document format
 * (every embedded file parses; errors name their path), each eligibility
 * rule kind over made-up registry facts with its edge dates (registered
 * on 1 January and 2 January, suspended on 31 December and the next 1
 * January; a finding due today and yesterday; staff years to the day),
 * the refusal's text naming the rule, and the quota arithmetic (overall,
 * a branch's, a province's; scopes that do not apply; no limit).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/embed.h"
#include "core/commendation.h"
#include "core/i18n.h"

extern const struct embedded_file commendation_files[];
extern const size_t commendation_files_count;

static struct arena arena;
static struct commend_doc m2020;

static const char *file_text(const char *name)
{
	for (size_t i = 0; i < commendation_files_count; i++)
		if (!strcmp(commendation_files[i].name, name))
			return (const char *)commendation_files[i].data;
	fail_msg("%s not embedded", name);
	return NULL;
}

static int setup(void **state)
{
	char err[256];
	(void)state;
	arena_init(&arena);
	if (commend_parse(file_text("machinery-2020.json"), &arena, &m2020, err, sizeof(err)))
		fail_msg("machinery-2020.json: %s", err);
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
	assert_true(commendation_files_count >= 1);
	for (size_t i = 0; i < commendation_files_count; i++) {
		struct commend_doc d;
		char err[256];
		if (commend_parse((const char *)commendation_files[i].data, &arena, &d,
				  err, sizeof(err)))
			fail_msg("%s: %s", commendation_files[i].name, err);
	}
}

static void test_machinery_2020(void **state)
{
	const struct commend_cat *c;
	(void)state;
	assert_string_equal(m2020.code, "machinery-2020");
	assert_int_equal(m2020.ncats, 4);
	c = commend_cat_find(&m2020, "advanced_collective");
	assert_non_null(c);
	assert_int_equal(c->kind, COMMEND_COLLECTIVE);
	assert_int_equal(c->rules[0].kind, COMMEND_RULE_REGISTERED_ALL_YEAR);
	c = commend_cat_find(&m2020, "excellent_manager");
	assert_int_equal(c->kind, COMMEND_PERSON);
	assert_int_equal(c->rules[0].kind, COMMEND_RULE_STAFF_YEARS);
	assert_int_equal(c->rules[0].value, 3);
	c = commend_cat_find(&m2020, "special_achievement");
	assert_int_equal(c->prov.confidence, STD_CONF_LOW); /* not confirmed */
	assert_int_equal(c->quota.n[COMMEND_SCOPE_BRANCH], -1);
	assert_int_equal(c->quota.n[COMMEND_SCOPE_ALL], 5);
	assert_null(commend_cat_find(&m2020, "nobody"));
}

/* A minimal document with one category, the piece given spliced in. */
static int parse_with(const char *category, char *err, size_t n)
{
	char doc[8192];
	struct commend_doc d;
	snprintf(doc, sizeof(doc),
		 "{\"format\":1,\"kind\":\"commendation_rules\",\"code\":\"t\",\"name\":\"t\","
		 "\"version\":\"1\",\"citation\":\"c\",\"confidence\":\"low\",\"source\":\"s\","
		 "\"categories\":[%s]}",
		 category);
	return commend_parse(doc, &arena, &d, err, n);
}

#define CAT(kind, quota, rules) \
	"{\"code\":\"advanced_worker\",\"name\":\"n\",\"kind\":\"" kind "\"," \
	"\"confidence\":\"low\",\"source\":\"s\",\"quota\":{\"value\":" quota \
	",\"confidence\":\"low\",\"source\":\"s\"},\"eligibility\":[" rules "]}"
#define RULE(r) "{\"rule\":\"" r "\",\"confidence\":\"low\",\"source\":\"s\"}"

static void expect_error(const char *category, const char *path)
{
	char err[256];
	if (parse_with(category, err, sizeof(err)) == 0)
		fail_msg("parsed: %s", category);
	if (strncmp(err, path, strlen(path)))
		fail_msg("error \"%s\", expected it to start with \"%s\"", err, path);
}

static void test_errors_name_path(void **state)
{
	char err[256];
	struct commend_doc d;
	(void)state;
	assert_int_equal(parse_with(CAT("person", "{\"all\":3}", RULE("no_sanction")),
				    err, sizeof(err)),
			 0);
	expect_error(CAT("person", "{\"all\":3}", RULE("no_such_rule")),
		     "categories[0].eligibility[0].rule");
	expect_error(CAT("person", "{\"all\":3}",
			 RULE("no_sanction") "," RULE("no_sanction")),
		     "categories[0].eligibility[1].rule");
	expect_error(CAT("person", "{\"all\":3}", RULE("staff_years")),
		     "categories[0].eligibility[0].value");
	expect_error(CAT("collective", "{\"all\":3}",
			 "{\"rule\":\"staff_years\",\"value\":3,\"confidence\":\"low\","
			 "\"source\":\"s\"}"),
		     "categories[0].eligibility[0].rule");
	expect_error(CAT("person", "{\"all\":3}",
			 "{\"rule\":\"no_sanction\",\"source\":\"s\"}"),
		     "categories[0].eligibility[0]: \"confidence\"");
	expect_error(CAT("person", "{\"all\":-1}", RULE("no_sanction")),
		     "categories[0].quota.value.all");
	expect_error(CAT("person", "{\"city\":1}", RULE("no_sanction")),
		     "categories[0].quota.value");
	expect_error(CAT("team", "{}", ""), "categories[0].kind");
	expect_error(CAT("person", "{}", "") "," CAT("person", "{}", ""),
		     "categories[1].code");
	expect_error("{\"code\":\"advanced_worker\",\"bogus\":1}",
		     "categories[0]: unknown key");
	assert_int_equal(commend_parse("{\"format\":2}", &arena, &d, err, sizeof(err)), -1);
	assert_string_equal(err, "format: must be 1");
	assert_int_equal(commend_parse("not json", &arena, &d, err, sizeof(err)), -1);
	assert_int_equal(commend_parse(NULL, &arena, &d, err, sizeof(err)), -1);
}

static struct commend_facts facts(const struct commend_status *h, size_t nh)
{
	struct commend_facts f;
	memset(&f, 0, sizeof(f));
	f.year = 2020;
	f.today = "2021-02-01";
	f.history = h;
	f.nhistory = nh;
	return f;
}

static void test_registered_all_year(void **state)
{
	struct commend_rule r = {.kind = COMMEND_RULE_REGISTERED_ALL_YEAR};
	(void)state;
	{
		struct commend_status h[] = {{"2020-01-01", "registered"}};
		struct commend_facts f = facts(h, 1);
		assert_true(commend_rule_met(&r, &f)); /* from 1 January: the whole year */
	}
	{
		struct commend_status h[] = {{"2020-01-02", "registered"}};
		struct commend_facts f = facts(h, 1);
		assert_false(commend_rule_met(&r, &f)); /* 1 January missed */
	}
	{
		struct commend_status h[] = {{"2015-06-01", "registered"},
					     {"2020-12-31", "suspended"}};
		struct commend_facts f = facts(h, 2);
		assert_false(commend_rule_met(&r, &f)); /* suspended on its last day */
	}
	{
		struct commend_status h[] = {{"2015-06-01", "registered"},
					     {"2021-01-01", "suspended"}};
		struct commend_facts f = facts(h, 2);
		assert_true(commend_rule_met(&r, &f)); /* suspended after the year */
	}
	{
		struct commend_status h[] = {{"2015-06-01", "registered"},
					     {"2020-05-01", "suspended"},
					     {"2020-06-01", "registered"}};
		struct commend_facts f = facts(h, 3);
		assert_false(commend_rule_met(&r, &f)); /* suspended a month, back after */
	}
	{
		struct commend_facts f = facts(NULL, 0);
		assert_false(commend_rule_met(&r, &f)); /* never registered */
	}
}

static void test_no_overdue_findings(void **state)
{
	struct commend_rule r = {.kind = COMMEND_RULE_NO_OVERDUE_FINDINGS};
	struct commend_facts f = facts(NULL, 0);
	const char *due_today[] = {"2021-02-01"};
	const char *due_yesterday[] = {"2021-03-01", "2021-01-31"};
	(void)state;
	assert_true(commend_rule_met(&r, &f)); /* none open */
	f.open_deadlines = due_today;
	f.nopen = 1;
	assert_true(commend_rule_met(&r, &f)); /* due today: not overdue yet */
	f.open_deadlines = due_yesterday;
	f.nopen = 2;
	assert_false(commend_rule_met(&r, &f));
}

static void test_staff_years(void **state)
{
	struct commend_rule r = {.kind = COMMEND_RULE_STAFF_YEARS, .value = 3};
	struct commend_status h[] = {{"2010-01-01", "registered"}};
	struct commend_facts f = facts(h, 1);
	(void)state;
	f.staff_since = "2018-01-01";
	assert_true(commend_rule_met(&r, &f)); /* 3 whole years by the end of 2020 */
	f.staff_since = "2018-01-02";
	assert_false(commend_rule_met(&r, &f)); /* a day short */
	f.staff_since = "";
	f.work_start = "2017-07-01"; /* unknown on the staff: the work start */
	assert_true(commend_rule_met(&r, &f));
	f.work_start = NULL;
	assert_false(commend_rule_met(&r, &f)); /* nothing known */
	f.staff_since = "2001-01-01";
	{
		struct commend_status s[] = {{"2010-01-01", "registered"},
					     {"2021-01-15", "suspended"}};
		f.history = s;
		f.nhistory = 2;
		assert_false(commend_rule_met(&r, &f)); /* not a registered institution now */
	}
}

static void test_no_sanction(void **state)
{
	struct commend_rule r = {.kind = COMMEND_RULE_NO_SANCTION};
	struct commend_facts f = facts(NULL, 0);
	(void)state;
	assert_true(commend_rule_met(&r, &f));
	f.sanctions = 1;
	assert_false(commend_rule_met(&r, &f));
}

static void test_eligible_first_rule_named(void **state)
{
	const struct commend_cat *c = commend_cat_find(&m2020, "excellent_manager");
	struct commend_status h[] = {{"2010-01-01", "registered"}};
	struct commend_facts f = facts(h, 1);
	struct commend_refusal r;
	const char *overdue[] = {"2020-01-01"};
	(void)state;
	f.staff_since = "2019-03-01";
	assert_int_equal(commend_eligible(c, &f, &r), -1);
	assert_int_equal(r.rule, COMMEND_RULE_STAFF_YEARS);
	assert_string_equal(commend_refusal_str(&arena, LANG_EN, &r),
			    "Not eligible: too few years on the staff of a registered "
			    "institution (the rule staff_years)");
	assert_non_null(strstr(commend_refusal_str(&arena, LANG_ZH, &r), "任职年限不足"));
	assert_int_equal(r.value, 3);
	f.staff_since = "2015-03-01";
	f.open_deadlines = overdue;
	f.nopen = 1;
	assert_int_equal(commend_eligible(c, &f, &r), -1);
	assert_int_equal(r.rule, COMMEND_RULE_NO_OVERDUE_FINDINGS);
	f.nopen = 0;
	assert_int_equal(commend_eligible(c, &f, &r), 0);
}

static void test_quota_left(void **state)
{
	struct commend_quota q = {{10, 2, 3}};
	struct commend_used u = {{0, 0, 0}};
	enum commend_scope s = COMMEND_SCOPE_COUNT;
	(void)state;
	assert_int_equal(commend_quota_left(&q, &u, true, true, &s), 2);
	assert_int_equal(s, COMMEND_SCOPE_BRANCH);
	u.n[COMMEND_SCOPE_BRANCH] = 2;
	assert_int_equal(commend_quota_left(&q, &u, true, true, &s), 0);
	assert_int_equal(s, COMMEND_SCOPE_BRANCH); /* the branch's is full */
	/* no branch center above: the branch's quota does not apply */
	assert_int_equal(commend_quota_left(&q, &u, false, true, &s), 3);
	assert_int_equal(s, COMMEND_SCOPE_PROVINCE);
	u.n[COMMEND_SCOPE_PROVINCE] = 3;
	assert_int_equal(commend_quota_left(&q, &u, false, true, &s), 0);
	assert_int_equal(s, COMMEND_SCOPE_PROVINCE);
	u.n[COMMEND_SCOPE_ALL] = 10;
	assert_int_equal(commend_quota_left(&q, &u, false, false, &s), 0);
	assert_int_equal(s, COMMEND_SCOPE_ALL);
	u.n[COMMEND_SCOPE_ALL] = 12; /* over (a quota lowered): never below 0 */
	assert_int_equal(commend_quota_left(&q, &u, false, false, &s), 0);
	/* a tie between scopes: the first named binds */
	{
		struct commend_quota t = {{1, 1, -1}};
		struct commend_used z = {{0, 0, 0}};
		assert_int_equal(commend_quota_left(&t, &z, true, true, &s), 1);
		assert_int_equal(s, COMMEND_SCOPE_ALL);
	}
	/* no limit anywhere */
	{
		struct commend_quota none = {{-1, -1, -1}};
		assert_int_equal(commend_quota_left(&none, &u, true, true, NULL), -1);
	}
	/* a quota of 0: none at all */
	{
		struct commend_quota zero = {{0, -1, -1}};
		struct commend_used z = {{0, 0, 0}};
		assert_int_equal(commend_quota_left(&zero, &z, true, true, &s), 0);
	}
}

/* A category of code and names (name_en "" leaves it out), no rules. */
static const char *named_cat(const char *code, const char *name, const char *name_en,
			     const char *kind)
{
	return arena_printf(&arena,
			    "{\"code\":\"%s\",\"name\":\"%s\",%s%s%s\"kind\":\"%s\","
			    "\"confidence\":\"low\",\"source\":\"s\",\"quota\":{\"value\":"
			    "{\"all\":2},\"confidence\":\"low\",\"source\":\"s\"},"
			    "\"eligibility\":[]}",
			    code, name, *name_en ? "\"name_en\":\"" : "", name_en,
			    *name_en ? "\"," : "", kind);
}

/* A campaign's own categories (技术能手, 创新工作室) beside or instead of the
 * 2020 decision's four: any well-formed code, up to COMMEND_MAX_CATS, each
 * once, with its names kept for every page and certificate. */
static void test_configurable_categories(void **state)
{
	char err[256], doc[8192];
	struct commend_doc d;
	const struct commend_cat *c;
	struct buf b;
	(void)state;

	snprintf(doc, sizeof(doc),
		 "{\"format\":1,\"kind\":\"commendation_rules\",\"code\":\"t\",\"name\":"
		 "\"t\",\"version\":\"1\",\"citation\":\"c\",\"confidence\":\"low\","
		 "\"source\":\"s\",\"categories\":[%s,%s]}",
		 named_cat("skill_expert", "技术能手", "Technical expert", "person"),
		 named_cat("innovation_studio2", "创新工作室", "", "collective"));
	assert_int_equal(commend_parse(doc, &arena, &d, err, sizeof(err)), 0);
	assert_int_equal(d.ncats, 2);
	c = commend_cat_find(&d, "skill_expert");
	assert_non_null(c);
	assert_string_equal(c->name, "技术能手");
	assert_string_equal(c->name_en, "Technical expert");
	assert_int_equal(c->kind, COMMEND_PERSON);
	c = commend_cat_find(&d, "innovation_studio2");
	assert_non_null(c);
	assert_string_equal(c->name_en, "");
	assert_int_equal(c->kind, COMMEND_COLLECTIVE);
	assert_null(commend_cat_find(&d, "advanced_collective"));

	/* codes: a lower-case letter first, then [a-z0-9_], at most 40 */
	assert_true(commend_code_valid("a"));
	assert_true(commend_code_valid("skill_expert_2"));
	assert_false(commend_code_valid(""));
	assert_false(commend_code_valid(NULL));
	assert_false(commend_code_valid("2nd"));
	assert_false(commend_code_valid("_x"));
	assert_false(commend_code_valid("Skill"));
	assert_false(commend_code_valid("skill-expert"));
	assert_false(commend_code_valid("skill/../x"));
	assert_false(commend_code_valid("技术能手"));
	assert_true(commend_code_valid("abcdefghijabcdefghijabcdefghijabcdefghij"));
	assert_false(commend_code_valid("abcdefghijabcdefghijabcdefghijabcdefghijk"));
	expect_error(named_cat("Skill", "技术能手", "", "person"), "categories[0].code");
	expect_error(named_cat("a b", "技术能手", "", "person"), "categories[0].code");
	expect_error(named_cat("x", "技术\\u0007能手", "", "person"), "categories[0].name");
	expect_error(named_cat("x", "技术能手", "Tech\\nexpert", "person"),
		     "categories[0].name_en");
	assert_true(commend_name_valid(""));
	assert_true(commend_name_valid("技术能手"));
	assert_false(commend_name_valid("技\n能"));
	assert_false(commend_name_valid("\xe6\x8a"));
	assert_false(commend_name_valid(NULL));
	expect_error(named_cat("x",
			       "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十"
			       "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一",
			       "", "person"),
		     "categories[0].name");
	expect_error(arena_printf(&arena, "%s,%s", named_cat("x", "甲", "", "person"),
				  named_cat("x", "乙", "", "collective")),
		     "categories[1].code: \"x\" twice");
	expect_error("{\"code\":\"x\",\"name\":\"甲\",\"name_en\":\"\"}",
		     "categories[0]: \"name_en\" must be");

	/* at most COMMEND_MAX_CATS (12) */
	buf_init(&b, 0);
	for (int i = 0; i < COMMEND_MAX_CATS + 1; i++)
		buf_printf(&b, "%s%s", i ? "," : "",
			   named_cat(arena_printf(&arena, "c%d", i), "甲", "", "person"));
	assert_int_equal(parse_with(b.data, err, sizeof(err)), -1);
	assert_string_equal(err, "categories: must be an array of 1..12 categories");
	buf_reset(&b);
	for (int i = 0; i < COMMEND_MAX_CATS; i++)
		buf_printf(&b, "%s%s", i ? "," : "",
			   named_cat(arena_printf(&arena, "c%d", i), "甲", "", "person"));
	assert_int_equal(parse_with(b.data, err, sizeof(err)), 0);
	buf_release(&b);

	/* the name in each language: the English name when given, else the
	 * catalog's for the four default codes, else the Chinese name */
	assert_string_equal(commend_cat_text(LANG_EN, "skill_expert", "技术能手",
					     "Technical expert"),
			    "Technical expert");
	assert_string_equal(commend_cat_text(LANG_ZH, "skill_expert", "技术能手",
					     "Technical expert"),
			    "技术能手");
	assert_string_equal(commend_cat_text(LANG_EN, "innovation_studio", "创新工作室", ""),
			    "创新工作室");
	assert_string_equal(commend_cat_text(LANG_EN, "advanced_collective", "先进集体", ""),
			    "Advanced collective");
	/* an honour of a campaign without names kept (before migration 0031) */
	assert_string_equal(commend_cat_text(LANG_ZH, "advanced_worker", "", ""),
			    "先进工作者");
	assert_string_equal(commend_cat_text(LANG_ZH, "advanced_worker", NULL, NULL),
			    "先进工作者");
	assert_string_equal(commend_cat_text(LANG_ZH, "skill_expert", "", ""),
			    "skill_expert");
	assert_string_equal(commend_cat_text(LANG_ZH, NULL, NULL, NULL), "");
	/* the shipped document names its four in English too */
	c = commend_cat_find(&m2020, "excellent_manager");
	assert_string_equal(c->name_en, "Excellent manager");
}

/* The center's entry on the campaign's page edits the rules document: a
 * category added last, replaced in its place, taken out; what would not
 * parse is refused with commend_parse's path. */
static void test_doc_edit(void **state)
{
	struct commend_cat_input in;
	struct commend_doc d;
	const struct commend_cat *c;
	char err[256], *json;
	const char *m = file_text("machinery-2020.json");
	(void)state;

	memset(&in, 0, sizeof(in));
	in.code = "skill_expert";
	in.name = "技术能手";
	in.name_en = "Technical expert";
	in.kind = COMMEND_PERSON;
	in.quota[COMMEND_SCOPE_ALL] = 10;
	in.quota[COMMEND_SCOPE_BRANCH] = -1;
	in.quota[COMMEND_SCOPE_PROVINCE] = 2;
	in.rule[COMMEND_RULE_STAFF_YEARS] = true;
	in.staff_years = 5;
	in.rule[COMMEND_RULE_NO_SANCTION] = true;
	in.source = "entered by center on 2026-12-05";
	json = commend_doc_edit(m, &in, NULL, &arena, &d, err, sizeof(err));
	assert_non_null(json);
	assert_int_equal(d.ncats, 5);
	assert_string_equal(d.cats[4].code, "skill_expert");
	c = &d.cats[4];
	assert_string_equal(c->name_en, "Technical expert");
	assert_int_equal(c->kind, COMMEND_PERSON);
	assert_int_equal(c->quota.n[COMMEND_SCOPE_ALL], 10);
	assert_int_equal(c->quota.n[COMMEND_SCOPE_BRANCH], -1);
	assert_int_equal(c->quota.n[COMMEND_SCOPE_PROVINCE], 2);
	assert_int_equal(c->nrules, 2);
	assert_int_equal(c->rules[0].kind, COMMEND_RULE_STAFF_YEARS);
	assert_int_equal(c->rules[0].value, 5);
	assert_int_equal(c->prov.confidence, STD_CONF_HIGH);
	assert_string_equal(c->prov.source, "entered by center on 2026-12-05");
	/* the rest of the document is as it was */
	assert_string_equal(d.code, "machinery-2020");
	assert_string_equal(d.cats[0].code, "advanced_collective");

	/* replaced in its place */
	in.code = "advanced_worker";
	in.name = "先进工作者（一线）";
	in.name_en = "";
	json = commend_doc_edit(json, &in, NULL, &arena, &d, err, sizeof(err));
	assert_non_null(json);
	assert_int_equal(d.ncats, 5);
	assert_string_equal(d.cats[2].code, "advanced_worker");
	assert_string_equal(d.cats[2].name, "先进工作者（一线）");
	assert_string_equal(d.cats[2].name_en, "");

	/* taken out; an unknown one refused */
	json = commend_doc_edit(json, NULL, "special_achievement", &arena, &d, err,
				sizeof(err));
	assert_non_null(json);
	assert_int_equal(d.ncats, 4);
	assert_null(commend_cat_find(&d, "special_achievement"));
	assert_null(commend_doc_edit(json, NULL, "nobody", &arena, &d, err, sizeof(err)));
	assert_string_equal(err, "categories: no category \"nobody\"");

	/* what would not parse: a collective asking staff years, a bad code */
	in.code = "studio";
	in.kind = COMMEND_COLLECTIVE;
	assert_null(commend_doc_edit(json, &in, NULL, &arena, &d, err, sizeof(err)));
	assert_non_null(strstr(err, "staff_years is for a person category"));
	in.rule[COMMEND_RULE_STAFF_YEARS] = false;
	in.code = "Studio";
	assert_null(commend_doc_edit(json, &in, NULL, &arena, &d, err, sizeof(err)));
	assert_non_null(strstr(err, "categories[4].code"));

	/* at most 12; never none */
	in.code = "s0";
	for (int i = 0; i < 8; i++) {
		in.code = arena_printf(&arena, "s%d", i);
		json = commend_doc_edit(json, &in, NULL, &arena, &d, err, sizeof(err));
		assert_non_null(json);
	}
	assert_int_equal(d.ncats, 12);
	in.code = "s8";
	assert_null(commend_doc_edit(json, &in, NULL, &arena, &d, err, sizeof(err)));
	assert_string_equal(err, "categories: must be an array of 1..12 categories");
	{
		const char *one =
			"{\"format\":1,\"kind\":\"commendation_rules\",\"code\":\"t\","
			"\"name\":\"t\",\"version\":\"1\",\"citation\":\"c\","
			"\"confidence\":\"low\",\"source\":\"s\",\"categories\":[]}";
		in.code = "only";
		json = commend_doc_edit(one, &in, NULL, &arena, &d, err, sizeof(err));
		assert_non_null(json);
		assert_null(commend_doc_edit(json, NULL, "only", &arena, &d, err,
					     sizeof(err)));
		assert_string_equal(err, "categories: must be an array of 1..12 categories");
	}
	assert_null(commend_doc_edit("not json", &in, NULL, &arena, &d, err, sizeof(err)));
}

static void test_names_and_keys(void **state)
{
	(void)state;
	assert_int_equal(commend_scope_parse("province"), COMMEND_SCOPE_PROVINCE);
	assert_int_equal(commend_scope_parse("city"), -1);
	assert_string_equal(commend_rule_name(COMMEND_RULE_STAFF_YEARS), "staff_years");
	assert_string_equal(commend_kind_name(COMMEND_PERSON), "person");
	for (const char *const *k = commend_keys(); *k; k++)
		assert_string_not_equal(tr(LANG_ZH, *k), *k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_embedded_all_parse),
		cmocka_unit_test(test_machinery_2020),
		cmocka_unit_test(test_errors_name_path),
		cmocka_unit_test(test_registered_all_year),
		cmocka_unit_test(test_no_overdue_findings),
		cmocka_unit_test(test_staff_years),
		cmocka_unit_test(test_no_sanction),
		cmocka_unit_test(test_eligible_first_rule_named),
		cmocka_unit_test(test_quota_left),
		cmocka_unit_test(test_configurable_categories),
		cmocka_unit_test(test_doc_edit),
		cmocka_unit_test(test_names_and_keys),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
