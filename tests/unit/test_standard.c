/*
 * test_standard.c - core/standard: the JSON format of a standard version
 * (every parse error names its path), every file in standards/
 * parses, full years between dates, and eligibility vectors for every
 * route and level of the 2018 template (电工 2018), the 四级-start
 * occupation (工业机器人系统操作员 2020) and the newer template (镗工
 * 2023): each route passing alone, each failing with its key and numbers,
 * the full-years boundary day, final-year students, malformed facts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "core/standard.h"

/* ---- helpers ---- */

/* Reads standards/NAME from the repository root, whichever of a few
 * parent directories the test runs in. Returns malloc'd text. */
static char *read_data(const char *name)
{
	static const char *const roots[] = {"", "../", "../../", "../../../"};
	char path[512];

	for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
		FILE *f;
		long n;
		char *text;

		snprintf(path, sizeof(path), "%sstandards/%s", roots[i], name);
		if (!(f = fopen(path, "rb")))
			continue;
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		fseek(f, 0, SEEK_SET);
		text = malloc((size_t)n + 1);
		assert_non_null(text);
		assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
		text[n] = '\0';
		fclose(f);
		return text;
	}
	fail_msg("standards/%s not found", name);
	return NULL;
}

static const char *data_dir(void)
{
	static const char *const dirs[] = {"standards", "../standards", "../../standards",
					   "../../../standards"};

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		DIR *d = opendir(dirs[i]);

		if (d) {
			closedir(d);
			return dirs[i];
		}
	}
	return NULL;
}

static struct arena arena;

static int setup(void **state)
{
	(void)state;
	arena_init(&arena);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_release(&arena);
	return 0;
}

/* Parses standards/NAME into *s (arena-owned). */
static void load(const char *name, struct standard *s)
{
	char err[512];
	char *text = read_data(name);
	int rc = standard_parse(text, &arena, s, err, sizeof(err));

	if (rc != STANDARD_OK)
		fail_msg("%s: %s", name, err);
	free(text);
}

/* ---- the format ---- */

static const char base_doc[] =
	"{\"format\": 1, \"kind\": \"national_standard\","
	" \"occupation\": {\"code\": \"6-31-01-03\", \"name\": \"电工\","
	" \"edition\": \"2015\"},"
	" \"version\": \"2018\", \"name\": \"国家职业技能标准 电工（2018年版）\","
	" \"citation\": \"人社厅发〔2018〕145号\","
	" \"effective_from\": \"2019-01-01\","
	" \"defaults\": {\"components\": [\"theory\", \"practical\"],"
	"  \"min_minutes\": {\"theory\": 90, \"practical\": 120, \"review\": 30},"
	"  \"staffing\": {\"proctor_per_candidates\": 15,"
	"   \"proctors_per_room_min\": 2, \"assessor_per_candidates\": 5,"
	"   \"assessors_min\": 3, \"assessors_odd\": true,"
	"   \"review_panel_min\": 3, \"review_panel_odd\": true,"
	"   \"spread_threshold\": 10.0},"
	"  \"result_notice_days\": 5},"
	" \"levels\": {"
	"  \"4\": {\"routes\": ["
	"   {\"id\": \"4-1\", \"text\": \"T\", \"conditions\":"
	"    [{\"cert_level\": 5, \"years_since_cert\": 4}]},"
	"   {\"id\": \"4-2\", \"text\": \"T\", \"conditions\": [{\"work_years\": 6}]}]},"
	"  \"2\": {\"components\": [\"theory\", \"practical\", \"review\"],"
	"   \"routes\": ["
	"   {\"id\": \"2-1\", \"text\": \"T\", \"conditions\":"
	"    [{\"cert_level\": 3, \"years_since_cert\": 4}]}]}"
	" }}";

/* base_doc with the first `from` replaced by `to`. */
static const char *variant(const char *from, const char *to)
{
	static char out[8192];
	const char *at = strstr(base_doc, from);
	size_t pre;

	if (!at)
		fail_msg("variant: \"%s\" is not in the base document", from);
	pre = (size_t)(at - base_doc);
	snprintf(out, sizeof(out), "%.*s%s%s", (int)pre, base_doc, to, at + strlen(from));
	return out;
}

static void test_parse_base(void **state)
{
	struct standard s;
	const struct std_level *l4, *l2;
	char err[256];

	(void)state;
	assert_int_equal(standard_parse(base_doc, &arena, &s, err, sizeof(err)),
			 STANDARD_OK);
	assert_string_equal(err, "");
	assert_string_equal(s.occupation_code, "6-31-01-03");
	assert_string_equal(s.occupation_name, "电工");
	assert_string_equal(s.edition, "2015");
	assert_string_equal(s.citation, "人社厅发〔2018〕145号");
	assert_null(s.effective_to);
	assert_int_equal(s.nwork_types, 0);
	assert_non_null(s.work_types);
	assert_int_equal(s.levels, (1u << 4) | (1u << 2));
	assert_true(standard_offers(&s, 4));
	assert_true(standard_offers(&s, 2));
	assert_false(standard_offers(&s, 5));
	assert_false(standard_offers(&s, 0));
	assert_false(standard_offers(&s, 6));
	assert_null(standard_level(&s, 3));
	l4 = standard_level(&s, 4);
	l2 = standard_level(&s, 2);
	assert_non_null(l4);
	assert_true(std_level_has(l4, STD_THEORY));
	assert_true(std_level_has(l4, STD_PRACTICAL));
	assert_false(std_level_has(l4, STD_REVIEW));
	assert_true(std_level_has(l2, STD_REVIEW));
	assert_int_equal(l4->min_minutes[STD_THEORY], 90);
	assert_int_equal(l4->min_minutes[STD_PRACTICAL], 120);
	assert_int_equal(l4->min_minutes[STD_REVIEW], 0);
	assert_int_equal(l2->min_minutes[STD_REVIEW], 30);
	/* the format's default pass mark */
	for (int k = 0; k < STD_COMPONENT_COUNT; k++)
		assert_int_equal(l2->pass_mark[k], 600);
	assert_int_equal(l4->staffing.proctor_per_candidates, 15);
	assert_int_equal(l4->staffing.proctors_per_room_min, 2);
	assert_int_equal(l4->staffing.assessor_per_candidates, 5);
	assert_int_equal(l4->staffing.assessors_min, 3);
	assert_true(l4->staffing.assessors_odd);
	assert_int_equal(l4->staffing.review_panel_min, 3);
	assert_true(l4->staffing.review_panel_odd);
	assert_int_equal(l4->staffing.practical_aggregate, STD_AGG_MEAN);
	assert_int_equal(l4->staffing.spread_threshold, 100);
	assert_int_equal(l4->result_notice_days, 5);
	assert_false(l4->result_notice_working_days);
	assert_int_equal(l4->nroutes, 2);
	assert_string_equal(l4->routes[0].id, "4-1");
	assert_null(l4->routes[0].key);
	assert_int_equal(l4->routes[0].nconditions, 1);
	assert_int_equal(l4->routes[0].conditions[0].kind, STD_COND_CERT);
	assert_int_equal(l4->routes[0].conditions[0].level, 5);
	assert_int_equal(l4->routes[0].conditions[0].years, 4);
	assert_false(l4->routes[0].conditions[0].related_occupation);
	assert_ptr_equal(std_level_route(l4, "4-2"), &l4->routes[1]);
	assert_null(std_level_route(l4, "4-3"));
	/* in force */
	assert_true(standard_in_force(&s, "2019-01-01"));
	assert_true(standard_in_force(&s, "2030-01-01"));
	assert_false(standard_in_force(&s, "2018-12-31"));
	assert_false(standard_in_force(&s, "2019-02-30"));
}

/* A level's settings merge over the defaults key by key. */
static void test_parse_merge(void **state)
{
	struct standard s;
	const struct std_level *l4, *l2;
	char err[256];
	const char *doc = variant(
		"\"4\": {\"routes\"",
		"\"4\": {\"pass_mark\": {\"practical\": 70.5, \"confidence\": \"low\"},"
		" \"min_minutes\": {\"practical\": 150},"
		" \"staffing\": {\"assessor_per_candidates\": 10,"
		"  \"practical_aggregate\": \"median\", \"spread_threshold\": 7.5,"
		"  \"source\": \"the standard, 4.2\"},"
		" \"result_notice_days\": 7, \"result_notice_working_days\": true,"
		" \"confidence\": \"high\", \"routes\"");

	(void)state;
	assert_int_equal(standard_parse(doc, &arena, &s, err, sizeof(err)), STANDARD_OK);
	l4 = standard_level(&s, 4);
	l2 = standard_level(&s, 2);
	assert_int_equal(l4->pass_mark[STD_THEORY], 600);
	assert_int_equal(l4->pass_mark[STD_PRACTICAL], 705);
	assert_int_equal(l4->pass_prov.confidence, STD_CONF_LOW);
	assert_int_equal(l4->min_minutes[STD_THEORY], 90);
	assert_int_equal(l4->min_minutes[STD_PRACTICAL], 150);
	assert_int_equal(l4->staffing.assessor_per_candidates, 10);
	assert_int_equal(l4->staffing.assessors_min, 3); /* from defaults */
	assert_int_equal(l4->staffing.practical_aggregate, STD_AGG_MEDIAN);
	assert_int_equal(l4->staffing.spread_threshold, 75);
	assert_string_equal(l4->staffing.prov.source, "the standard, 4.2");
	assert_int_equal(l4->result_notice_days, 7);
	assert_true(l4->result_notice_working_days);
	assert_int_equal(l4->prov.confidence, STD_CONF_HIGH);
	/* level 2 keeps the defaults */
	assert_int_equal(l2->pass_mark[STD_PRACTICAL], 600);
	assert_int_equal(l2->staffing.assessor_per_candidates, 5);
	assert_int_equal(l2->staffing.practical_aggregate, STD_AGG_MEAN);
	assert_int_equal(l2->min_minutes[STD_PRACTICAL], 120);
	/* a pass mark as one number for every component */
	doc = variant("\"result_notice_days\": 5}",
		      "\"result_notice_days\": 5, \"pass_mark\": 65}");
	assert_int_equal(standard_parse(doc, &arena, &s, err, sizeof(err)), STANDARD_OK);
	assert_int_equal(standard_level(&s, 2)->pass_mark[STD_REVIEW], 650);
}

static const struct {
	const char *from, *to;
	int rc;
	const char *msg; /* exact, or the prefix for ESYNTAX */
} errors[] = {
	{"{\"work_years\": 6}", "{\"cert_lvl\": 5}", STANDARD_EINVALID,
	 "levels.4.routes[1].conditions[0]: unknown condition \"cert_lvl\""},
	{"\"format\": 1,", "\"format\": 1, \"foo\": 2,", STANDARD_EINVALID,
	 "unknown key \"foo\""},
	{"\"cert_level\": 5,", "\"cert_level\": \"5\",", STANDARD_EINVALID,
	 "levels.4.routes[0].conditions[0].cert_level: expected an integer 1..5"},
	{"\"cert_level\": 5,", "\"cert_level\": 6,", STANDARD_EINVALID,
	 "levels.4.routes[0].conditions[0].cert_level: expected an integer 1..5"},
	{"\"assessors_min\": 3,", "", STANDARD_EINVALID,
	 "levels.4: missing \"staffing.assessors_min\" (give it here or in "
	 "defaults)"},
	{"\"result_notice_days\": 5}", "\"result_notice_working_days\": false}",
	 STANDARD_EINVALID,
	 "levels.4: missing \"result_notice_days\" (give it here or in defaults)"},
	{"\"practical\": 120, ", "", STANDARD_EINVALID,
	 "levels.4: missing \"min_minutes.practical\" (give it here or in "
	 "defaults)"},
	{"\"defaults\": {\"components\": [\"theory\", \"practical\"],", "\"defaults\": {",
	 STANDARD_EINVALID,
	 "levels.4: missing \"components\" (give it here or in defaults)"},
	{"\"2\": {\"components\"", "\"3\": {\"components\"", STANDARD_EINVALID,
	 "levels.3: \"review\" (综合评审) is for levels 2 and 1 only"},
	{"\"theory\", \"practical\", \"review\"", "\"theory\", \"theory\"",
	 STANDARD_EINVALID, "levels.2.components[1]: \"theory\" is given twice"},
	{"\"theory\", \"practical\", \"review\"", "\"theory\", \"written\"",
	 STANDARD_EINVALID,
	 "levels.2.components[1]: expected \"theory\", \"practical\" or "
	 "\"review\""},
	{"{\"work_years\": 6}", "{\"diploma\": [\"college\", \"college2\"]}",
	 STANDARD_EINVALID,
	 "levels.4.routes[1].conditions[0].diploma[1]: unknown diploma type "
	 "\"college2\""},
	{"{\"work_years\": 6}", "{\"diploma\": \"phd\"}", STANDARD_EINVALID,
	 "levels.4.routes[1].conditions[0].diploma: unknown diploma type "
	 "\"phd\""},
	{"{\"work_years\": 6}", "{\"diploma\": [\"college\", \"college\"]}",
	 STANDARD_EINVALID,
	 "levels.4.routes[1].conditions[0].diploma[1]: \"college\" is given "
	 "twice"},
	{"{\"work_years\": 6}", "{\"years_since_cert\": 2}", STANDARD_EINVALID,
	 "levels.4.routes[1].conditions[0]: \"years_since_cert\" needs "
	 "\"cert_level\""},
	{"{\"work_years\": 6}", "{\"work_years\": 6, \"cert_level\": 4}", STANDARD_EINVALID,
	 "levels.4.routes[1].conditions[0]: one condition per object: "
	 "\"work_years\" and \"cert_level\""},
	{"{\"work_years\": 6}", "{\"work_years\": 6, \"final_year_student\": true}",
	 STANDARD_EINVALID,
	 "levels.4.routes[1].conditions[0]: \"final_year_student\" does not go "
	 "with \"work_years\""},
	{"{\"work_years\": 6}", "{}", STANDARD_EINVALID,
	 "levels.4.routes[1].conditions[0]: empty condition"},
	{"{\"work_years\": 6}", "{\"apprenticeship\": false}", STANDARD_EINVALID,
	 "levels.4.routes[1].conditions[0].apprenticeship: expected true"},
	{"{\"work_years\": 6}", "{\"training_hours\": 0}", STANDARD_EINVALID,
	 "levels.4.routes[1].conditions[0].training_hours: expected an integer "
	 "1..10000"},
	{"{\"work_years\": 6}", "{\"training_hours\": 80, \"years_since_cert\": 1}",
	 STANDARD_EINVALID,
	 "levels.4.routes[1].conditions[0]: \"years_since_cert\" does not go "
	 "with \"training_hours\""},
	{"{\"work_years\": 6}", "{\"title\": \"chief\"}", STANDARD_EINVALID,
	 "levels.4.routes[1].conditions[0].title: expected \"junior\", "
	 "\"intermediate\" or \"senior\""},
	{"{\"work_years\": 6}", "{\"diploma\": \"college\", \"program_level\": 0}",
	 STANDARD_EINVALID,
	 "levels.4.routes[1].conditions[0].program_level: expected an integer "
	 "1..5"},
	{"\"conditions\": [{\"work_years\": 6}]", "\"conditions\": []", STANDARD_EINVALID,
	 "levels.4.routes[1].conditions: expected 1..8 entries"},
	{"\"id\": \"4-2\"", "\"id\": \"4-1\"", STANDARD_EINVALID,
	 "levels.4.routes[1]: route id \"4-1\" is used twice"},
	{"\"id\": \"4-2\"", "\"id\": \"4 2\"", STANDARD_EINVALID,
	 "levels.4.routes[1].id: 1..16 characters of 0-9 A-Z a-z . _ -"},
	{"\"id\": \"4-2\",", "\"id\": \"4-2\", \"txt\": \"x\",", STANDARD_EINVALID,
	 "levels.4.routes[1]: unknown key \"txt\""},
	{"\"id\": \"4-2\", \"text\": \"T\",", "\"id\": \"4-2\",", STANDARD_EINVALID,
	 "levels.4.routes[1]: missing \"text\""},
	{"\"id\": \"4-2\",", "\"id\": \"4-2\", \"key\": \"Route 2\",", STANDARD_EINVALID,
	 "levels.4.routes[1].key: a catalog key: a-z 0-9 . _"},
	{"\"4\": {\"routes\"", "\"6\": {\"routes\"", STANDARD_EINVALID,
	 "levels: unknown level \"6\" (levels are \"1\"..\"5\")"},
	{"\"4\": {\"routes\"", "\"5\": {\"components\": [\"theory\"]}, \"4\": {\"routes\"",
	 STANDARD_EINVALID, "levels.5: missing \"routes\""},
	{"\"4\": {\"routes\"", "\"4\": {\"min_minutes\": {\"review\": 30}, \"routes\"",
	 STANDARD_EINVALID, "levels.4.min_minutes.review: not a component of this level"},
	{"\"4\": {\"routes\"", "\"4\": {\"pass_mark\": {\"review\": 60}, \"routes\"",
	 STANDARD_EINVALID, "levels.4.pass_mark.review: not a component of this level"},
	{"\"4\": {\"routes\"", "\"4\": {\"x\": 1, \"routes\"", STANDARD_EINVALID,
	 "levels.4: unknown key \"x\""},
	{"\"4\": {\"routes\"", "\"4\": {\"min_minutes\": {\"theory\": 0}, \"routes\"",
	 STANDARD_EINVALID, "levels.4.min_minutes.theory: expected an integer 1..1440"},
	{"\"result_notice_days\": 5}", "\"result_notice_days\": 5, \"pass_mark\": 60.55}",
	 STANDARD_EINVALID,
	 "defaults.pass_mark: expected a number 0..100 with at most one decimal"},
	{"\"result_notice_days\": 5}", "\"result_notice_days\": 5, \"pass_mark\": 101}",
	 STANDARD_EINVALID,
	 "defaults.pass_mark: expected a number 0..100 with at most one decimal"},
	{"\"spread_threshold\": 10.0}",
	 "\"spread_threshold\": 10.0, \"practical_aggregate\": \"mode\"}", STANDARD_EINVALID,
	 "defaults.staffing.practical_aggregate: expected \"mean\" or \"median\""},
	{"\"assessors_odd\": true", "\"assessors_odd\": 1", STANDARD_EINVALID,
	 "defaults.staffing.assessors_odd: expected true or false"},
	{"\"proctor_per_candidates\": 15", "\"proctor_per_candidates\": 0", STANDARD_EINVALID,
	 "defaults.staffing.proctor_per_candidates: expected an integer 1..100"},
	{"\"spread_threshold\": 10.0}", "\"spread_threshold\": 10.0, \"ratio\": 5}",
	 STANDARD_EINVALID, "defaults.staffing: unknown key \"ratio\""},
	{"\"6-31-01-03\"", "\"6-31-1-03\"", STANDARD_EINVALID,
	 "occupation.code: expected an occupation code D-DD-DD-DD"},
	{"\"edition\": \"2015\"", "\"edition\": \"2020\"", STANDARD_EINVALID,
	 "occupation.edition: expected \"1999\", \"2015\" or \"2022\""},
	{"\"edition\": \"2015\"}", "\"edition\": \"2015\", \"sector\": 6}",
	 STANDARD_EINVALID, "occupation: unknown key \"sector\""},
	{"\"citation\": \"人社厅发〔2018〕145号\",", "", STANDARD_EINVALID,
	 "missing \"citation\""},
	{"\"effective_from\": \"2019-01-01\",",
	 "\"effective_from\": \"2019-01-01\", \"effective_to\": \"2018-12-31\",",
	 STANDARD_EINVALID, "effective_to: before effective_from"},
	{"\"effective_from\": \"2019-01-01\"", "\"effective_from\": \"2019-02-29\"",
	 STANDARD_EINVALID, "effective_from: expected a date YYYY-MM-DD"},
	{"\"format\": 1,", "\"format\": 2,", STANDARD_EINVALID,
	 "format: expected an integer 1..1"},
	{"\"kind\": \"national_standard\"", "\"kind\": \"rule\"", STANDARD_EINVALID,
	 "kind: expected \"national_standard\" or \"evaluation_spec\""},
	{"\"format\": 1,", "\"format\": 1, \"confidence\": \"sure\",", STANDARD_EINVALID,
	 "confidence: expected \"low\", \"medium\" or \"high\""},
	{"\"version\"", "\"work_types\": [\"装配钳工\", \"装配钳工\"], \"version\"",
	 STANDARD_EINVALID, "work_types[1]: \"装配钳工\" is given twice"},
	{"\"version\"", "\"work_types\": [\"装配钳工\", \"\"], \"version\"",
	 STANDARD_EINVALID, "work_types[1]: must not be empty"},
	{"\"name\": \"国家", "\"name\": \"\\t国家", STANDARD_EINVALID,
	 "name: control characters are not allowed"},
	/* not JSON, or JSON with a key twice: the line and column */
	{"\"format\": 1,", "\"format\": 1, \"format\": 1,", STANDARD_ESYNTAX,
	 "line 1, column "},
	{"\"format\": 1,", "\"format\": 1", STANDARD_ESYNTAX, "line 1, column "},
};

static void test_parse_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(errors) / sizeof(errors[0]); i++) {
		struct standard s;
		char err[512];
		int rc = standard_parse(variant(errors[i].from, errors[i].to), &arena, &s,
					err, sizeof(err));

		if (rc != errors[i].rc)
			fail_msg("case %zu: rc %d, want %d (%s)", i, rc, errors[i].rc, err);
		if (rc == STANDARD_ESYNTAX
			    ? strncmp(err, errors[i].msg, strlen(errors[i].msg)) != 0
			    : strcmp(err, errors[i].msg) != 0)
			fail_msg("case %zu:\n got: %s\nwant: %s", i, err, errors[i].msg);
	}
}

static void test_parse_odd_inputs(void **state)
{
	struct standard s;
	char err[256];

	(void)state;
	assert_int_equal(standard_parse("[]", &arena, &s, err, sizeof(err)),
			 STANDARD_EINVALID);
	assert_string_equal(err, "a standard is a JSON object");
	assert_int_equal(standard_parse("", &arena, &s, err, sizeof(err)), STANDARD_ESYNTAX);
	assert_int_equal(standard_parse(NULL, &arena, &s, err, sizeof(err)),
			 STANDARD_ESYNTAX);
	assert_int_equal(standard_parse("{}", &arena, &s, err, sizeof(err)),
			 STANDARD_EINVALID);
	assert_string_equal(err, "missing \"format\"");
	/* no error buffer: still refused */
	assert_int_equal(standard_parse("{}", &arena, &s, NULL, 0), STANDARD_EINVALID);
}

/* ---- the data files ---- */

static void test_every_data_file_parses(void **state)
{
	const char *dir = data_dir();
	struct dirent *e;
	DIR *d;
	int n = 0;

	(void)state;
	assert_non_null(dir);
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		struct standard s;
		char want[64];

		if (len < 6 || strcmp(e->d_name + len - 5, ".json"))
			continue;
		load(e->d_name, &s);
		/* the file is named after its code and version */
		snprintf(want, sizeof(want), "%s-%s.json", s.occupation_code, s.version);
		if (strcmp(want, e->d_name))
			fail_msg("%s holds %s", e->d_name, want);
		assert_non_null(s.prov.source);
		assert_true(s.prov.confidence != STD_CONF_NONE);
		for (int l = 1; l <= 5; l++) {
			const struct std_level *lv = standard_level(&s, l);

			if (!lv)
				continue;
			assert_true(lv->nroutes >= 1);
			assert_int_equal(std_level_has(lv, STD_REVIEW), l <= 2);
			assert_true(lv->min_minutes[STD_THEORY] >= 90);
		}
		n++;
	}
	closedir(d);
	assert_true(n >= 8);
}

static void test_data_levels(void **state)
{
	struct standard s;

	(void)state;
	load("6-30-99-00-2020.json", &s);
	assert_string_equal(s.citation, "人社厅发〔2020〕108号");
	assert_false(standard_offers(&s, 5));
	for (int l = 1; l <= 4; l++)
		assert_true(standard_offers(&s, l));
	load("6-31-01-03-2018.json", &s);
	assert_string_equal(s.citation, "人社厅发〔2018〕145号");
	for (int l = 1; l <= 5; l++)
		assert_true(standard_offers(&s, l));
	load("6-20-01-01-2020.json", &s);
	assert_int_equal(s.nwork_types, 3);
	assert_string_equal(s.work_types[0], "装配钳工");
	load("6-18-01-05-2023.json", &s);
	assert_string_equal(s.template_name, "2023");
}

/* ---- full years ---- */

static void test_full_years(void **state)
{
	(void)state;
	assert_int_equal(std_full_years("2020-06-01", "2024-06-01"), 4);
	assert_int_equal(std_full_years("2020-06-01", "2024-05-31"), 3);
	assert_int_equal(std_full_years("2020-06-01", "2020-06-01"), 0);
	assert_int_equal(std_full_years("2020-06-01", "2021-05-31"), 0);
	assert_int_equal(std_full_years("2019-12-31", "2020-01-01"), 0);
	/* a 02-29 start: its anniversary is 02-28 in common years */
	assert_int_equal(std_full_years("2020-02-29", "2021-02-28"), 1);
	assert_int_equal(std_full_years("2020-02-29", "2021-02-27"), 0);
	assert_int_equal(std_full_years("2020-02-29", "2024-02-28"), 3);
	assert_int_equal(std_full_years("2020-02-29", "2024-02-29"), 4);
	assert_int_equal(std_full_years("2024-06-01", "2020-06-01"), -4);
	assert_int_equal(std_full_years("2024-02-30", "2025-01-01"), INT_MIN);
	assert_int_equal(std_full_years(NULL, "2025-01-01"), INT_MIN);
}

/* ---- eligibility: the 2018 template ---- */

#define TODAY "2024-06-01"
#define ELEC "6-31-01-03"

static struct standard elec, robot, bore;

static int setup_data(void **state)
{
	(void)state;
	arena_init(&arena);
	load("6-31-01-03-2018.json", &elec);
	load("6-30-99-00-2020.json", &robot);
	load("6-18-01-05-2023.json", &bore);
	return 0;
}

static bool key_listed(const char *key)
{
	for (const char *const *k = eligibility_keys(); *k; k++)
		if (!strcmp(*k, key))
			return true;
	return false;
}

/* Runs the check and asserts the common invariants. */
static void check(const struct standard *s, int level, const struct applicant *a,
		  const char *today, struct eligibility_result *r)
{
	bool any = false;

	assert_int_equal(eligibility_check(s, level, a, today, r), 0);
	assert_int_equal(r->level, level);
	for (size_t i = 0; i < r->nroutes; i++) {
		if (r->routes[i].passed) {
			assert_null(r->routes[i].key);
			assert_int_equal(r->routes[i].condition, -1);
			if (!any)
				assert_string_equal(r->route_id, r->routes[i].route->id);
			any = true;
		} else {
			assert_non_null(r->routes[i].key);
			assert_true(key_listed(r->routes[i].key));
			assert_true(r->routes[i].condition >= 0);
		}
	}
	assert_int_equal(r->eligible, any);
	if (!any)
		assert_null(r->route_id);
}

static const struct elig_route_result *route(const struct eligibility_result *r,
					     const char *id)
{
	for (size_t i = 0; i < r->nroutes; i++)
		if (!strcmp(r->routes[i].route->id, id))
			return &r->routes[i];
	fail_msg("no route %s", id);
	return NULL;
}

/* Route id failed on condition cond with key and numbers. */
static void failed(const struct eligibility_result *r, const char *id, int cond,
		   const char *key, int required, int actual)
{
	const struct elig_route_result *x = route(r, id);

	assert_false(x->passed);
	assert_int_equal(x->condition, cond);
	assert_string_equal(x->key, key);
	assert_int_equal(x->required, required);
	assert_int_equal(x->actual, actual);
}

static void passed_only(const struct eligibility_result *r, const char *id)
{
	assert_true(r->eligible);
	assert_string_equal(r->route_id, id);
	for (size_t i = 0; i < r->nroutes; i++)
		assert_int_equal(r->routes[i].passed, !strcmp(r->routes[i].route->id, id));
}

static void test_elig_level5(void **state)
{
	struct eligibility_result r;
	struct applicant a = {.work_start = "2023-06-01"};

	(void)state;
	/* 5-1: one full year of work, counted to the day */
	check(&elec, 5, &a, TODAY, &r);
	passed_only(&r, "5-1");
	check(&elec, 5, &a, "2024-05-31", &r);
	assert_false(r.eligible);
	failed(&r, "5-1", 0, "elig.work.years", 1, 0);
	failed(&r, "5-2", 0, "elig.apprenticeship.none", 0, 0);
	/* 5-2: an apprenticeship completed, no work */
	a = (struct applicant){.apprenticeship_completed = true};
	check(&elec, 5, &a, TODAY, &r);
	passed_only(&r, "5-2");
	/* a declared cumulative count instead of a start date */
	a = (struct applicant){.work_years_declared = true, .work_years = 1};
	check(&elec, 5, &a, TODAY, &r);
	passed_only(&r, "5-1");
	/* nothing at all */
	a = (struct applicant){0};
	check(&elec, 5, &a, TODAY, &r);
	assert_false(r.eligible);
	assert_int_equal(r.nroutes, 2);
	failed(&r, "5-1", 0, "elig.work.years", 1, 0);
}

static void test_elig_level4(void **state)
{
	struct eligibility_result r;
	struct applicant_cert c5 = {CERT_SKILL, ELEC, false, 5, "2020-06-01"};
	struct applicant_diploma tech = {DIP_TECHNICAL_SCHOOL, true, "2023-07-01", false, 0};
	struct applicant_diploma sec = {DIP_SECONDARY_VOCATIONAL, true, "2023-07-01",
					false, 4};
	struct applicant a = {.certs = &c5, .ncerts = 1};

	(void)state;
	/* 4-1: four full years after a 五级 certificate */
	check(&elec, 4, &a, TODAY, &r);
	passed_only(&r, "4-1");
	/* the day before the anniversary: 3 full years */
	check(&elec, 4, &a, "2024-05-31", &r);
	assert_false(r.eligible);
	failed(&r, "4-1", 0, "elig.cert.years", 4, 3);
	assert_int_equal(route(&r, "4-1")->level, 5);
	failed(&r, "4-2", 0, "elig.work.years", 6, 0);
	failed(&r, "4-3a", 0, "elig.diploma.none", 0, 0);
	assert_string_equal(route(&r, "4-3a")->detail, "technical_school");
	failed(&r, "4-3b", 0, "elig.diploma.none", 0, 0);
	assert_string_equal(route(&r, "4-3b")->detail,
			    "secondary_vocational,higher_vocational,"
			    "vocational_bachelor");
	/* a related occupation's certificate counts (related_occupation) */
	c5.occupation_code = "6-31-01-10";
	c5.related = true;
	check(&elec, 4, &a, TODAY, &r);
	passed_only(&r, "4-1");
	/* an unrelated occupation's certificate does not */
	c5.related = false;
	check(&elec, 4, &a, TODAY, &r);
	failed(&r, "4-1", 0, "elig.cert.none", 5, 0);
	c5.occupation_code = ELEC;
	/* work since the certificate starts at the later work start */
	a.work_start = "2021-06-01";
	check(&elec, 4, &a, TODAY, &r);
	failed(&r, "4-1", 0, "elig.cert.years", 4, 3);
	/* and never exceeds the declared cumulative years */
	a.work_start = NULL;
	a.work_years_declared = true;
	a.work_years = 2;
	check(&elec, 4, &a, TODAY, &r);
	failed(&r, "4-1", 0, "elig.cert.years", 4, 2);
	failed(&r, "4-2", 0, "elig.work.years", 6, 2);
	/* 4-2: six years of cumulative work */
	a = (struct applicant){.work_start = "2018-06-01"};
	check(&elec, 4, &a, TODAY, &r);
	passed_only(&r, "4-2");
	check(&elec, 4, &a, "2024-05-31", &r);
	failed(&r, "4-2", 0, "elig.work.years", 6, 5);
	failed(&r, "4-1", 0, "elig.cert.none", 5, 0);
	/* 4-3a: a 技工学校 diploma of the specialty */
	a = (struct applicant){.diplomas = &tech, .ndiplomas = 1};
	check(&elec, 4, &a, TODAY, &r);
	passed_only(&r, "4-3a");
	/* a final-year student counts */
	tech.graduated_on = NULL;
	tech.final_year = true;
	check(&elec, 4, &a, TODAY, &r);
	passed_only(&r, "4-3a");
	/* an unrelated specialty does not */
	tech.specialty_related = false;
	check(&elec, 4, &a, TODAY, &r);
	assert_false(r.eligible);
	failed(&r, "4-3a", 0, "elig.diploma.specialty", 0, 0);
	/* 4-3b: a secondary vocational program assessed for 中级 */
	a = (struct applicant){.diplomas = &sec, .ndiplomas = 1};
	check(&elec, 4, &a, TODAY, &r);
	passed_only(&r, "4-3b");
	sec.program_level = 3; /* trained to a higher level: counts */
	check(&elec, 4, &a, TODAY, &r);
	passed_only(&r, "4-3b");
	sec.program_level = 0; /* not assessed */
	check(&elec, 4, &a, TODAY, &r);
	assert_false(r.eligible);
	failed(&r, "4-3b", 0, "elig.diploma.program", 4, 0);
	sec.program_level = 5;
	check(&elec, 4, &a, TODAY, &r);
	failed(&r, "4-3b", 0, "elig.diploma.program", 4, 5);
}

static void test_elig_level3(void **state)
{
	struct eligibility_result r;
	struct applicant_cert c4 = {CERT_SKILL, ELEC, false, 4, "2019-06-01"};
	struct applicant_diploma senior = {DIP_SENIOR_TECHNICAL_SCHOOL, false, NULL, true,
					   0};
	struct applicant_diploma hv = {DIP_HIGHER_VOCATIONAL, true, "2020-07-01", false, 3};
	struct applicant_diploma college = {DIP_COLLEGE, true, "2020-07-01", false, 0};
	struct applicant a = {.certs = &c4, .ncerts = 1};

	(void)state;
	/* 3-1: five years after a 四级 certificate */
	check(&elec, 3, &a, TODAY, &r);
	passed_only(&r, "3-1");
	c4.issued_on = "2019-06-02";
	check(&elec, 3, &a, TODAY, &r);
	assert_false(r.eligible);
	failed(&r, "3-1", 0, "elig.cert.years", 5, 4);
	/* 3-2a and 3-2b need the certificate and a diploma */
	failed(&r, "3-2a", 1, "elig.diploma.none", 0, 0);
	failed(&r, "3-2b", 1, "elig.diploma.none", 0, 0);
	failed(&r, "3-3", 0, "elig.diploma.none", 0, 0);
	/* 3-2a: 四级 + a 高级技工学校 final-year student, any specialty */
	c4.issued_on = "2024-01-10";
	a.diplomas = &senior;
	a.ndiplomas = 1;
	check(&elec, 3, &a, TODAY, &r);
	passed_only(&r, "3-2a");
	/* the diploma without the certificate */
	a.ncerts = 0;
	check(&elec, 3, &a, TODAY, &r);
	failed(&r, "3-2a", 0, "elig.cert.none", 4, 0);
	a.ncerts = 1;
	/* a 五级 certificate is not enough */
	c4.level = 5;
	check(&elec, 3, &a, TODAY, &r);
	failed(&r, "3-1", 0, "elig.cert.level", 4, 5);
	failed(&r, "3-2a", 0, "elig.cert.level", 4, 5);
	c4.level = 4;
	/* 3-2b: 四级 + a 高职 program assessed for 高级 */
	a.diplomas = &hv;
	check(&elec, 3, &a, TODAY, &r);
	passed_only(&r, "3-2b");
	hv.program_level = 4;
	check(&elec, 3, &a, TODAY, &r);
	failed(&r, "3-2b", 1, "elig.diploma.program", 3, 4);
	/* 3-3: 大专 + two years after 四级 */
	a.diplomas = &college;
	c4.issued_on = "2022-06-01";
	check(&elec, 3, &a, TODAY, &r);
	passed_only(&r, "3-3");
	c4.issued_on = "2022-06-02";
	check(&elec, 3, &a, TODAY, &r);
	failed(&r, "3-3", 1, "elig.cert.years", 2, 1);
	/* a final-year 大专 student: 3-3 does not take them */
	c4.issued_on = "2022-06-01";
	college.graduated_on = NULL;
	college.final_year = true;
	check(&elec, 3, &a, TODAY, &r);
	failed(&r, "3-3", 0, "elig.diploma.final_year", 0, 0);
	/* a higher certificate counts for a lower one */
	c4.level = 3;
	c4.issued_on = "2019-01-01";
	check(&elec, 3, &a, TODAY, &r);
	assert_string_equal(r.route_id, "3-1");
}

static void test_elig_level2(void **state)
{
	struct eligibility_result r;
	struct applicant_cert c3 = {CERT_SKILL, ELEC, false, 3, "2020-06-01"};
	struct applicant_cert pre = {CERT_PRE_TECHNICIAN, ELEC, false, 0, "2022-06-01"};
	struct applicant_diploma tc = {DIP_TECHNICIAN_COLLEGE, true, "2021-07-01", false, 2};
	struct applicant a = {.certs = &c3, .ncerts = 1};

	(void)state;
	/* 2-1: four years after 三级 */
	check(&elec, 2, &a, TODAY, &r);
	passed_only(&r, "2-1");
	check(&elec, 2, &a, "2024-05-31", &r);
	failed(&r, "2-1", 0, "elig.cert.years", 4, 3);
	failed(&r, "2-2a", 1, "elig.diploma.none", 0, 0);
	failed(&r, "2-2b", 0, "elig.pre_technician.none", 0, 0);
	/* 2-2a: 三级 + 技师学院 graduate + three years of work */
	c3.issued_on = "2023-06-01";
	a.diplomas = &tc;
	a.ndiplomas = 1;
	a.work_start = "2021-06-01";
	check(&elec, 2, &a, TODAY, &r);
	passed_only(&r, "2-2a");
	a.work_start = "2021-06-02";
	check(&elec, 2, &a, TODAY, &r);
	failed(&r, "2-2a", 2, "elig.work.years", 3, 2);
	/* 2-2b: 预备技师 + 技师学院 graduate + two years */
	a.certs = &pre;
	a.work_start = "2022-06-01";
	check(&elec, 2, &a, TODAY, &r);
	passed_only(&r, "2-2b");
	a.work_start = "2022-06-02";
	check(&elec, 2, &a, TODAY, &r);
	failed(&r, "2-2b", 2, "elig.work.years", 2, 1);
	failed(&r, "2-1", 0, "elig.cert.none", 3, 0);
}

static void test_elig_level1(void **state)
{
	struct eligibility_result r;
	struct applicant_cert certs[] = {
		{CERT_SKILL, ELEC, false, 3, "2010-06-01"},
		{CERT_SKILL, ELEC, false, 2, "2020-06-01"},
	};
	struct applicant a = {.certs = certs, .ncerts = 2};

	(void)state;
	check(&elec, 1, &a, TODAY, &r);
	passed_only(&r, "1-1");
	assert_int_equal(r.nroutes, 1);
	check(&elec, 1, &a, "2024-05-31", &r);
	failed(&r, "1-1", 0, "elig.cert.years", 4, 3);
	/* only the 三级 certificate: the level is too low */
	a.ncerts = 1;
	check(&elec, 1, &a, TODAY, &r);
	failed(&r, "1-1", 0, "elig.cert.level", 2, 3);
}

/* The first route that passes is the one recorded; every route is
 * still evaluated. */
static void test_elig_first_route(void **state)
{
	struct eligibility_result r;
	struct applicant_diploma tech = {DIP_TECHNICAL_SCHOOL, true, "2010-07-01", false, 4};
	struct applicant a = {.work_start = "2010-08-01", .diplomas = &tech, .ndiplomas = 1};

	(void)state;
	check(&elec, 4, &a, TODAY, &r);
	assert_string_equal(r.route_id, "4-2");
	assert_ptr_equal(r.route, std_level_route(standard_level(&elec, 4), "4-2"));
	assert_false(route(&r, "4-1")->passed);
	assert_true(route(&r, "4-2")->passed);
	assert_true(route(&r, "4-3a")->passed);
	assert_false(route(&r, "4-3b")->passed); /* 技工学校 is not on that list */
}

/* An occupation starting at 四级 refuses level 5. */
static void test_elig_level_not_offered(void **state)
{
	struct eligibility_result r;
	struct applicant a = {.work_start = "2000-01-01", .apprenticeship_completed = true};

	(void)state;
	assert_int_equal(eligibility_check(&robot, 5, &a, TODAY, &r), 0);
	assert_false(r.eligible);
	assert_string_equal(r.refusal, "elig.level_not_offered");
	assert_true(key_listed(r.refusal));
	assert_int_equal(r.level, 5);
	assert_int_equal(r.nroutes, 0);
	assert_int_equal(eligibility_check(&robot, 0, &a, TODAY, &r), 0);
	assert_string_equal(r.refusal, "elig.level_not_offered");
	/* its 四级 takes cumulative work */
	check(&robot, 4, &a, TODAY, &r);
	assert_null(r.refusal);
	assert_string_equal(r.route_id, "4-2");
}

/* {"training_hours": N}: completed training hours in this occupation,
 * counted to the hour, beside another route. */
static void test_elig_training_hours(void **state)
{
	struct standard s;
	struct eligibility_result r;
	struct applicant a = {.training_hours = 79};
	const struct std_condition *k;
	char err[256];
	const char *doc = variant("{\"work_years\": 6}",
				  "{\"work_years\": 2}, {\"training_hours\": 80}");

	(void)state;
	assert_int_equal(standard_parse(doc, &arena, &s, err, sizeof(err)), STANDARD_OK);
	k = &std_level_route(standard_level(&s, 4), "4-2")->conditions[1];
	assert_int_equal(k->kind, STD_COND_TRAINING_HOURS);
	assert_int_equal(k->hours, 80);
	a.work_years_declared = true;
	a.work_years = 2;
	check(&s, 4, &a, TODAY, &r);
	assert_false(r.eligible);
	failed(&r, "4-2", 1, "elig.training_hours.short", 80, 79);
	assert_true(key_listed("elig.training_hours.short"));
	a.training_hours = 80;
	check(&s, 4, &a, TODAY, &r);
	passed_only(&r, "4-2");
	/* the hours alone do not make up for the work */
	a.work_years = 1;
	check(&s, 4, &a, TODAY, &r);
	failed(&r, "4-2", 0, "elig.work.years", 2, 1);
	/* a negative count is a bad fact */
	a.training_hours = -1;
	assert_int_equal(eligibility_check(&s, 4, &a, TODAY, &r), -1);
	assert_string_equal(r.error.field, "training_hours");
	assert_string_equal(r.error.msg, "val.training_hours.range");
}

/* ---- eligibility: the newer template (镗工 2023) ---- */

static void test_elig_newer_template(void **state)
{
	struct eligibility_result r;
	struct applicant a = {.birth_date = "2008-06-01"};
	struct applicant_title junior = {TITLE_JUNIOR, "2023-06-01", true};
	struct applicant_title inter = {TITLE_INTERMEDIATE, "2023-06-01", true};
	struct applicant_title senior = {TITLE_SENIOR, "2023-06-01", true};
	struct applicant_cert c3 = {CERT_SKILL, "6-18-01-05", false, 3, "2023-06-01"};
	struct applicant_diploma cls = {DIP_TECHNICIAN_COLLEGE, true, NULL, true, 3};

	(void)state;
	/* 五级 by age: 16 full years */
	check(&bore, 5, &a, TODAY, &r);
	passed_only(&r, "5-1");
	a.birth_date = "2008-06-02";
	check(&bore, 5, &a, TODAY, &r);
	failed(&r, "5-1", 0, "elig.age.min", 16, 15);
	a.birth_date = NULL;
	check(&bore, 5, &a, TODAY, &r);
	failed(&r, "5-1", 0, "elig.age.unknown", 16, 0);
	/* 三级 3-3: a matching 初级职称 and a year of work */
	a = (struct applicant){.titles = &junior, .ntitles = 1};
	check(&bore, 3, &a, TODAY, &r);
	passed_only(&r, "3-3");
	check(&bore, 3, &a, "2024-05-31", &r);
	failed(&r, "3-3", 0, "elig.title.years", 1, 0);
	junior.related = false;
	check(&bore, 3, &a, TODAY, &r);
	failed(&r, "3-3", 0, "elig.title.related", TITLE_JUNIOR, 0);
	junior.related = true;
	a.ntitles = 0;
	check(&bore, 3, &a, TODAY, &r);
	failed(&r, "3-3", 0, "elig.title.none", TITLE_JUNIOR, 0);
	/* 3-4: a 技工院校 高级工班 final-year student */
	a = (struct applicant){.diplomas = &cls, .ndiplomas = 1};
	check(&bore, 3, &a, TODAY, &r);
	passed_only(&r, "3-4");
	cls.program_level = 4; /* 中级工班 */
	check(&bore, 3, &a, TODAY, &r);
	failed(&r, "3-4", 0, "elig.diploma.program", 3, 4);
	/* 二级 2-2: 初级职称 five years and a year after 三级 */
	junior.granted_on = "2019-06-01";
	a = (struct applicant){.titles = &junior, .ntitles = 1, .certs = &c3, .ncerts = 1};
	check(&bore, 2, &a, TODAY, &r);
	passed_only(&r, "2-2");
	c3.issued_on = "2023-06-02";
	check(&bore, 2, &a, TODAY, &r);
	failed(&r, "2-2", 1, "elig.cert.years", 1, 0);
	failed(&r, "2-3", 0, "elig.title.level", TITLE_INTERMEDIATE, TITLE_JUNIOR);
	/* 2-3: a 中级职称 for a year; a 高级职称 counts as well */
	a = (struct applicant){.titles = &inter, .ntitles = 1};
	check(&bore, 2, &a, TODAY, &r);
	passed_only(&r, "2-3");
	a.titles = &senior;
	check(&bore, 2, &a, TODAY, &r);
	assert_string_equal(r.route_id, "2-3");
	/* 一级 1-3: a 高级职称 for a year */
	check(&bore, 1, &a, TODAY, &r);
	passed_only(&r, "1-3");
	a.titles = &inter;
	check(&bore, 1, &a, TODAY, &r);
	failed(&r, "1-3", 0, "elig.title.level", TITLE_SENIOR, TITLE_INTERMEDIATE);
	failed(&r, "1-2", 0, "elig.title.years", 5, 1);
}

/* ---- malformed facts ---- */

static void test_elig_bad_facts(void **state)
{
	struct eligibility_result r;
	struct applicant_cert c = {CERT_SKILL, ELEC, false, 5, "2024-06-02"};
	struct applicant_diploma d = {DIP_COLLEGE, true, "2020-07-01", true, 0};
	struct applicant_title t = {TITLE_NONE, "2020-01-01", true};
	struct applicant a = {.certs = &c, .ncerts = 1};

	(void)state;
	/* a certificate from tomorrow */
	assert_int_equal(eligibility_check(&elec, 4, &a, TODAY, &r), -1);
	assert_string_equal(r.error.field, "certs.issued_on");
	assert_string_equal(r.error.msg, "val.date.future");
	assert_int_equal(r.error_index, 0);
	c.issued_on = "2024-02-30";
	assert_int_equal(eligibility_check(&elec, 4, &a, TODAY, &r), -1);
	assert_string_equal(r.error.msg, "val.date.invalid");
	c.issued_on = "2020-01-01";
	c.level = 6;
	assert_int_equal(eligibility_check(&elec, 4, &a, TODAY, &r), -1);
	assert_string_equal(r.error.field, "certs.level");
	assert_string_equal(r.error.msg, "val.cert.level");
	c.level = 5;
	c.occupation_code = "6-31-01";
	assert_int_equal(eligibility_check(&elec, 4, &a, TODAY, &r), -1);
	assert_string_equal(r.error.msg, "val.cert.occupation");
	c.occupation_code = ELEC;
	/* a final-year student with a graduation date */
	a = (struct applicant){.diplomas = &d, .ndiplomas = 1};
	assert_int_equal(eligibility_check(&elec, 4, &a, TODAY, &r), -1);
	assert_string_equal(r.error.field, "diplomas.graduated_on");
	assert_string_equal(r.error.msg, "val.diploma.final_year_graduated");
	/* a graduate without one */
	d.final_year = false;
	d.graduated_on = NULL;
	assert_int_equal(eligibility_check(&elec, 4, &a, TODAY, &r), -1);
	assert_string_equal(r.error.msg, "val.date.required");
	d.graduated_on = "2020-07-01";
	d.type = DIP_TYPE_COUNT;
	assert_int_equal(eligibility_check(&elec, 4, &a, TODAY, &r), -1);
	assert_string_equal(r.error.msg, "val.diploma.type");
	/* titles, work, birth */
	a = (struct applicant){.titles = &t, .ntitles = 1};
	assert_int_equal(eligibility_check(&elec, 4, &a, TODAY, &r), -1);
	assert_string_equal(r.error.msg, "val.title.level");
	a = (struct applicant){.work_years_declared = true, .work_years = -1};
	assert_int_equal(eligibility_check(&elec, 4, &a, TODAY, &r), -1);
	assert_string_equal(r.error.msg, "val.work_years.range");
	a = (struct applicant){.birth_date = "2030-01-01"};
	assert_int_equal(eligibility_check(&elec, 4, &a, TODAY, &r), -1);
	assert_string_equal(r.error.field, "birth_date");
	assert_string_equal(r.error.msg, "val.date.future");
	a = (struct applicant){.work_start = "20200101"};
	assert_int_equal(eligibility_check(&elec, 4, &a, TODAY, &r), -1);
	assert_string_equal(r.error.field, "work_start");
	/* a bad today */
	a = (struct applicant){0};
	assert_int_equal(eligibility_check(&elec, 4, &a, "2024-13-01", &r), -1);
	assert_string_equal(r.error.field, "today");
	for (const char *const *k = eligibility_keys(); *k; k++)
		assert_true(strlen(*k) > 4);
}

int main(void)
{
	const struct CMUnitTest parse[] = {
		cmocka_unit_test(test_parse_base),
		cmocka_unit_test(test_parse_merge),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_odd_inputs),
		cmocka_unit_test(test_every_data_file_parses),
		cmocka_unit_test(test_data_levels),
		cmocka_unit_test(test_full_years),
	};
	const struct CMUnitTest elig[] = {
		cmocka_unit_test(test_elig_level5),
		cmocka_unit_test(test_elig_level4),
		cmocka_unit_test(test_elig_level3),
		cmocka_unit_test(test_elig_level2),
		cmocka_unit_test(test_elig_level1),
		cmocka_unit_test(test_elig_first_route),
		cmocka_unit_test(test_elig_level_not_offered),
		cmocka_unit_test(test_elig_training_hours),
		cmocka_unit_test(test_elig_newer_template),
		cmocka_unit_test(test_elig_bad_facts),
	};
	int failed_count = 0;

	failed_count += cmocka_run_group_tests_name("standard format", parse, setup,
						    teardown);
	failed_count += cmocka_run_group_tests_name("eligibility", elig, setup_data,
						    teardown);
	return failed_count ? 1 : 0;
}
