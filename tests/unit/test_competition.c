/*
 * test_competition.c - core/competition: the technical document format
 * (every embedded file parses; errors name their path), and the rules of
 * domain.md §6 against the example documents: a judgement aspect (mean of
 * three, a spread over 1 refused naming the aspect), measurement (full or
 * zero, tolerance bands), the total with the theory weight (hundredths,
 * half up), the ranking with the tie-break order (shared places, the next
 * skipped), the standardised score (median at 700), awards (medals, the
 * 国赛 优胜奖 top-half rule with odd and even entrants and ties at the
 * boundary), titles (individual, 2- and 3-person teams), the 世赛 squad,
 * and promotions (国赛 2023, Hainan, the historical 2012 rule).
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
#include "core/competition.h"
#include "core/i18n.h"

extern const struct embedded_file competition_files[];
extern const size_t competition_files_count;

static struct arena arena;
static struct comp_doc guosai, hainan, old2012, selection, machinery, district;
static const char *guosai_text;

static const char *file_text(const char *name)
{
	for (size_t i = 0; i < competition_files_count; i++)
		if (!strcmp(competition_files[i].name, name))
			return (const char *)competition_files[i].data;
	fail_msg("%s not embedded", name);
	return NULL;
}

static void load(const char *name, struct comp_doc *d)
{
	char err[256];
	if (comp_parse(file_text(name), &arena, d, err, sizeof(err)))
		fail_msg("%s: %s", name, err);
}

static int setup(void **state)
{
	(void)state;
	arena_init(&arena);
	guosai_text = file_text("national-games-2023.json");
	load("national-games-2023.json", &guosai);
	load("hainan-provincial.json", &hainan);
	load("national-2012.json", &old2012);
	load("worldskills-selection.json", &selection);
	load("machinery-class2.json", &machinery);
	load("district-example.json", &district);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	arena_release(&arena);
	return 0;
}

static const struct comp_aspect *aspect(const struct comp_doc *d, const char *code)
{
	for (size_t i = 0; i < d->nmodules; i++)
		for (size_t j = 0; j < d->modules[i].naspects; j++)
			if (!strcmp(d->modules[i].aspects[j].code, code))
				return &d->modules[i].aspects[j];
	fail_msg("no aspect %s", code);
	return NULL;
}

static void test_every_file_parses(void **state)
{
	char err[256];
	struct comp_doc d;
	(void)state;
	assert_true(competition_files_count >= 6);
	assert_int_equal(machinery.tier, COMP_TIER_NATIONAL_CLASS2);
	assert_int_equal(district.tier, COMP_TIER_DISTRICT);
	for (size_t i = 0; i < competition_files_count; i++)
		if (comp_parse((const char *)competition_files[i].data, &arena, &d, err,
			       sizeof(err)))
			fail_msg("%s: %s", competition_files[i].name, err);
	assert_int_equal(guosai.tier, COMP_TIER_NATIONAL_GAMES);
	assert_int_equal(hainan.tier, COMP_TIER_PROVINCIAL_CLASS1);
	assert_int_equal(selection.tier, COMP_TIER_WORLDSKILLS_SELECTION);
	assert_true(old2012.historical);
	assert_false(guosai.historical);
	assert_int_equal(guosai.nmodules, 3);
	assert_int_equal(guosai.modules[0].weight, 4000);
	assert_int_equal(hainan.theory_weight, 3000);
	assert_int_equal(guosai.rule_prov[CR_AWARDS].confidence, STD_CONF_HIGH);
	assert_int_equal(guosai.rule_prov[CR_SCALE].confidence, STD_CONF_LOW);
	assert_int_equal(guosai.scale_centre, 700);
	assert_true(guosai.groups & (1u << COMP_GROUP_EMPLOYEE));
	assert_false(guosai.groups & (1u << COMP_GROUP_TEACHER));
}

static void expect_error(const char *json, const char *needle)
{
	struct comp_doc d;
	char err[256];
	assert_int_equal(comp_parse(json, &arena, &d, err, sizeof(err)), -1);
	if (!strstr(err, needle))
		fail_msg("error \"%s\" does not contain \"%s\"", err, needle);
}

/* the 国赛 document with the first from replaced by to */
static char *edit(const char *from, const char *to)
{
	const char *at = strstr(guosai_text, from);
	size_t n = strlen(guosai_text) + strlen(to) + 1;
	char *out = arena_alloc(&arena, n);
	if (!at)
		fail_msg("\"%s\" not in the document", from);
	snprintf(out, n, "%.*s%s%s", (int)(at - guosai_text), guosai_text, to,
		 at + strlen(from));
	return out;
}

static void test_parse_errors(void **state)
{
	(void)state;
	expect_error("[]", "JSON object");
	expect_error("{", "line 1");
	expect_error(edit("\"tier\": \"national_games\"", "\"tier\": \"galactic\""),
		     "tier: ");
	expect_error(edit("\"historical\": false,", ""),
		     "historical: must be true or false");
	expect_error(edit("\"team_size\": 1", "\"team_size\": 4"), "team_size: must be");
	expect_error(edit("\"groups\": [\"employee\", \"student\"]",
			  "\"groups\": [\"elder\"]"),
		     "groups[0]: must be one of");
	expect_error(edit("], \"confidence\": \"low\", \"source\": \"illustrative marking",
			  "], \"source\": \"illustrative marking"),
		     "rules.modules: \"confidence\" is required");
	expect_error(edit("\"weight\": 40", "\"weight\": 41"),
		     "rules.modules.value[0].weight: the aspects' max add up to 40.00, not "
		     "41.00");
	expect_error(edit("{\"within\": 0.02, \"marks\": 10}",
			  "{\"within\": 0.005, \"marks\": 10}"),
		     "rules.modules.value[0].aspects[1].bands[1].within: tolerances must "
		     "widen");
	expect_error(edit("{\"within\": 0.05, \"marks\": 5}",
			  "{\"within\": 0.05, \"marks\": 12}"),
		     "aspects[1].bands[2].marks: a wider band cannot earn more marks");
	expect_error(edit("\"kind\": \"judgement\", \"max\": 10",
			  "\"kind\": \"judgement\", \"max\": 10.005"),
		     "rules.modules.value[1].aspects[0].max: at most two decimals");
	expect_error(edit("\"kind\": \"judgement\", \"max\": 10",
			  "\"kind\": \"judgement\", \"max\": 10, \"bands\": []"),
		     "aspects[0].bands: only a measurement aspect has bands");
	expect_error(edit("\"module:A\"", "\"module:Z\""),
		     "rules.tie_break.value[0]: no module \"Z\"");
	expect_error(edit("\"module:A\"", "\"luck\""), "rules.tie_break.value[0]: \"luck\"");
	expect_error(edit("\"bronze\": {\"places\": 3}", "\"bronze\": {\"places\": 1}"),
		     "rules.awards.value.bronze: ends before the better award's band");
	expect_error(edit("\"bronze\": {\"places\": 3}",
			  "\"bronze\": {\"places\": 3, \"percent\": 3}"),
		     "rules.awards.value.bronze: give either");
	expect_error(edit("\"individual\": 5, \"team2\"", "\"team2\""),
		     "rules.titles.value[0]: \"individual\" is required");
	expect_error(edit("\"squad\": {\"value\": null",
			  "\"squad\": {\"value\": {\"individual\": 5, "
			  "\"team\": 3}"),
		     "a squad is selected by a worldskills_selection competition only");
	expect_error(edit("\"groups\": [\"employee\", \"student\"], \"award\"",
			  "\"groups\": [\"teacher\"], \"award\""),
		     "rules.promotion.value[0].groups[0]: not a group of the event");
	expect_error(edit("\"to\": 2, \"already_up\"", "\"to\": 6, \"already_up\""),
		     "rules.promotion.value[0].to: must be a whole number 1..5");
	expect_error(edit("\"award\": \"excellence\", \"to\": 2",
			  "\"award\": \"excellence\", \"places\": [1, 3], \"to\": 2"),
		     "rules.promotion.value[0]: give one of \"award\", \"places\" or \"percent\"");
	expect_error(edit("\"scale\": {\"value\": {\"centre\": 700, ",
			  "\"scale\": {\"value\": {\"centre\": 700, \"mean\": 1, "),
		     "rules.scale.value: unknown key \"mean\"");
	expect_error(edit("\"theory_weight\": {\"value\": 0",
			  "\"theory_weight\": {\"value\": 10"),
		     "must add up to 100");
	expect_error(edit("\"tie_break\"", "\"tie_breaks\""),
		     "rules: unknown rule \"tie_breaks\"");
	expect_error(edit("\"code\": \"A2\"", "\"code\": \"A1\""), "\"A1\" twice");
	/* the sheet's pseudo-modules: no module or aspect may take their codes */
	expect_error(edit("\"code\": \"A\"", "\"code\": \"theory\""),
		     "rules.modules.value[0].code: \"theory\" is reserved");
	expect_error(edit("\"code\": \"A\"", "\"code\": \"Time\""),
		     "rules.modules.value[0].code: \"Time\" is reserved");
	expect_error(edit("\"code\": \"A2\"", "\"code\": \"time\""),
		     "rules.modules.value[0].aspects[1].code: \"time\" is reserved");
	expect_error(edit("\"code\": \"A2\"", "\"code\": \"THEORY\""),
		     "rules.modules.value[0].aspects[1].code: \"THEORY\" is reserved");
}

/* a judgement aspect: the mean of three marks 0..3 as a share of max */
static void test_judgement(void **state)
{
	const struct comp_aspect *b1 = aspect(&guosai, "B1"); /* max 10 */
	struct comp_refusal r;
	int out = -1;
	(void)state;
	assert_int_equal(comp_mark_judgement(b1, (int[]){3, 3, 3}, &out, &r), 0);
	assert_int_equal(out, 1000);
	assert_int_equal(comp_mark_judgement(b1, (int[]){3, 3, 2}, &out, &r), 0);
	assert_int_equal(out, 889); /* 10 × 8/9 = 8.888… → 8.89 */
	assert_int_equal(comp_mark_judgement(b1, (int[]){0, 1, 1}, &out, &r), 0);
	assert_int_equal(out, 222); /* 2.222… */
	assert_int_equal(comp_mark_judgement(b1, (int[]){2, 1, 2}, &out, &r), 0);
	assert_int_equal(out, 556); /* 5.555… → 5.56, half up */
	assert_int_equal(comp_mark_judgement(b1, (int[]){0, 0, 0}, &out, &r), 0);
	assert_int_equal(out, 0);

	/* a spread of 2 is refused, naming the aspect */
	out = -1;
	assert_int_equal(comp_mark_judgement(b1, (int[]){1, 3, 2}, &out, &r), -1);
	assert_int_equal(out, -1);
	assert_string_equal(r.key, "comp.mark.spread");
	assert_string_equal(r.aspect, "B1");
	assert_int_equal(r.n, 1);
	assert_int_equal(r.m, 3);
	struct buf b;
	buf_init(&b, 0);
	comp_refusal_text(LANG_EN, &r, &b);
	assert_non_null(strstr(b.data, "Aspect B1"));
	assert_non_null(strstr(b.data, "(1 to 3)"));
	buf_reset(&b);
	comp_refusal_text(LANG_ZH, &r, &b);
	assert_non_null(strstr(b.data, "评分项 B1"));
	buf_release(&b);
	assert_int_equal(comp_mark_judgement(b1, (int[]){0, 3, 3}, &out, &r), -1);
	assert_string_equal(r.key, "comp.mark.spread");

	/* out of 0..3 */
	assert_int_equal(comp_mark_judgement(b1, (int[]){3, 4, 3}, &out, &r), -1);
	assert_string_equal(r.key, "comp.mark.range");
	assert_int_equal(r.n, 4);
	assert_int_equal(r.m, 2);
	assert_int_equal(comp_mark_judgement(b1, (int[]){-1, 0, 0}, &out, &r), -1);
	assert_string_equal(r.key, "comp.mark.range");

	/* a measurement aspect is not judged */
	assert_int_equal(
		comp_mark_judgement(aspect(&guosai, "A1"), (int[]){3, 3, 3}, &out, &r), -1);
	assert_string_equal(r.key, "comp.mark.kind");
	assert_string_equal(r.aspect, "A1");
}

static void test_measurement(void **state)
{
	const struct comp_aspect *a1 = aspect(&guosai, "A1"); /* full or zero, 10 */
	const struct comp_aspect *a2 = aspect(&guosai, "A2"); /* bands, 15 */
	struct comp_refusal r;
	int out;
	(void)state;
	assert_int_equal(comp_mark_full(a1, true, &out, &r), 0);
	assert_int_equal(out, 1000);
	assert_int_equal(comp_mark_full(a1, false, &out, &r), 0);
	assert_int_equal(out, 0);
	assert_int_equal(comp_mark_full(a2, true, &out, &r), -1);
	assert_string_equal(r.key, "comp.mark.kind");

	assert_int_equal(comp_mark_band(a2, 0.0, &out, &r), 0);
	assert_int_equal(out, 1500);
	assert_int_equal(comp_mark_band(a2, 0.01, &out, &r), 0); /* on the edge: inside */
	assert_int_equal(out, 1500);
	assert_int_equal(comp_mark_band(a2, -0.015, &out, &r), 0); /* either side */
	assert_int_equal(out, 1000);
	assert_int_equal(comp_mark_band(a2, 0.02, &out, &r), 0);
	assert_int_equal(out, 1000);
	assert_int_equal(comp_mark_band(a2, 0.05, &out, &r), 0);
	assert_int_equal(out, 500);
	assert_int_equal(comp_mark_band(a2, 0.0501, &out, &r), 0);
	assert_int_equal(out, 0);
	assert_int_equal(comp_mark_band(a2, 0.0 / 0.0, &out, &r), -1);
	assert_string_equal(r.key, "comp.mark.deviation");
	assert_int_equal(comp_mark_band(a1, 0.0, &out, &r), -1);
	assert_string_equal(r.key, "comp.mark.kind");
}

/* Hainan: modules A (40) and B (30), theory weight 30 */
static void test_total(void **state)
{
	struct comp_total t;
	struct comp_refusal r;
	(void)state;
	assert_int_equal(comp_total(&hainan, (int[]){3850, 2700}, 8750, &t, &r), 0);
	assert_int_equal(t.practical, 6550);
	assert_int_equal(t.theory, 2625);
	assert_int_equal(t.total, 9175);
	/* 86.35 × 30 % = 25.905 → 25.91 (half up); 86.33 → 25.899 → 25.90 */
	assert_int_equal(comp_total(&hainan, (int[]){0, 0}, 8635, &t, &r), 0);
	assert_int_equal(t.theory, 2591);
	assert_int_equal(comp_total(&hainan, (int[]){0, 0}, 8633, &t, &r), 0);
	assert_int_equal(t.theory, 2590);
	assert_int_equal(comp_total(&hainan, (int[]){4000, 3000}, 10000, &t, &r), 0);
	assert_int_equal(t.total, 10000);
	/* the 国赛 example has no theory: a theory score adds nothing */
	assert_int_equal(comp_total(&guosai, (int[]){4000, 2889, 1500}, 9000, &t, &r), 0);
	assert_int_equal(t.theory, 0);
	assert_int_equal(t.total, 8389);
	/* out of range, naming the module */
	assert_int_equal(comp_total(&hainan, (int[]){4001, 0}, 0, &t, &r), -1);
	assert_string_equal(r.key, "comp.mark.module");
	assert_string_equal(r.aspect, "A");
	struct buf b;
	buf_init(&b, 0);
	comp_refusal_text(LANG_EN, &r, &b);
	assert_string_equal(b.data, "Module A: 40.01 marks is outside 0 to 40.00");
	buf_release(&b);
	assert_int_equal(comp_total(&hainan, (int[]){0, -1}, 0, &t, &r), -1);
	assert_string_equal(r.aspect, "B");
	assert_int_equal(comp_total(&hainan, (int[]){0, 0}, 10001, &t, &r), -1);
	assert_string_equal(r.key, "comp.mark.theory");
}

static void test_rank(void **state)
{
	/* 国赛 example: total, then module A, then module B, then time */
	int m[][3] = {
		{3000, 2000, 0}, /* 0 */
		{3500, 1500, 0}, /* 1: same total, more in A */
		{3500, 1500, 0}, /* 2: same as 1, less time */
		{3500, 1500, 0}, /* 3: same as 2 in everything */
		{2000, 2000, 0}, /* 4 */
		{4000, 3000, 0}, /* 5: student group */
		{1000, 3000, 0}, /* 6: student group */
	};
	struct comp_entry e[] = {
		{COMP_GROUP_EMPLOYEE, 5000, 5000, 0, m[0], 3600, 0, 0},
		{COMP_GROUP_EMPLOYEE, 5000, 5000, 0, m[1], 3700, 0, 0},
		{COMP_GROUP_EMPLOYEE, 5000, 5000, 0, m[2], 3500, 0, 0},
		{COMP_GROUP_EMPLOYEE, 5000, 5000, 0, m[3], 3500, 0, 0},
		{COMP_GROUP_EMPLOYEE, 4000, 4000, 0, m[4], 100, 0, 0},
		{COMP_GROUP_STUDENT, 7000, 7000, 0, m[5], 0, 0, 0},
		{COMP_GROUP_STUDENT, 4000, 4000, 0, m[6], 0, 0, 0},
	};
	(void)state;
	comp_rank(&guosai, e, 7);
	assert_int_equal(e[2].place, 1);
	assert_int_equal(e[3].place, 1); /* still tied: a shared place */
	assert_int_equal(e[1].place, 3); /* place 2 skipped */
	assert_int_equal(e[0].place, 4);
	assert_int_equal(e[4].place, 5);
	assert_int_equal(e[5].place, 1); /* the student group on its own */
	assert_int_equal(e[6].place, 2);

	/* Hainan: practical, then theory, then time */
	struct comp_entry h[] = {
		{COMP_GROUP_EMPLOYEE, 9000, 6000, 3000, NULL, 50, 0, 0},
		{COMP_GROUP_EMPLOYEE, 9000, 6500, 2500, NULL, 60, 0, 0},
		{COMP_GROUP_EMPLOYEE, 9100, 6000, 3100, NULL, 90, 0, 0},
	};
	comp_rank(&hainan, h, 3);
	assert_int_equal(h[2].place, 1);
	assert_int_equal(h[1].place, 2); /* more practical marks */
	assert_int_equal(h[0].place, 3);

	/* without tie-break criteria every equal total shares */
	struct comp_doc plain = hainan;
	plain.nties = 0;
	comp_rank(&plain, h, 3);
	assert_int_equal(h[0].place, 2);
	assert_int_equal(h[1].place, 2);
}

static void test_standardise(void **state)
{
	struct comp_entry three[] = {{.total = 6000}, {.total = 7000}, {.total = 8000}};
	struct comp_entry four[] = {
		{.total = 5000}, {.total = 6000}, {.total = 7000}, {.total = 8000}};
	struct comp_entry same[] = {{.total = 5000}, {.total = 5000}};
	struct comp_entry skew[] = {{.total = 9000},
				    {.total = 6000},
				    {.total = 6000},
				    {.total = 6000},
				    {.total = 6000}};
	(void)state;
	/* median 70, σ = √(200/3) = 8.165: ±10 marks → ±24.49 points */
	comp_standardise(&guosai, three, 3);
	assert_int_equal(three[0].standard, 676);
	assert_int_equal(three[1].standard, 700);
	assert_int_equal(three[2].standard, 724);
	/* median 65 (between the middle two), σ = √125 = 11.18 */
	comp_standardise(&guosai, four, 4);
	assert_int_equal(four[0].standard, 673); /* 700 − 26.83 */
	assert_int_equal(four[1].standard, 691); /* 700 − 8.94 */
	assert_int_equal(four[2].standard, 709);
	assert_int_equal(four[3].standard, 727);
	/* σ 0: everyone at the centre */
	comp_standardise(&guosai, same, 2);
	assert_int_equal(same[0].standard, 700);
	assert_int_equal(same[1].standard, 700);
	/* the median, not the mean, sits at 700: median 60, mean 66, σ = 12 */
	comp_standardise(&guosai, skew, 5);
	assert_int_equal(skew[1].standard, 700); /* a mean at 700 would put it at 690 */
	assert_int_equal(skew[0].standard, 750); /* 700 + 20 × 30 / 12 */
	/* the scale's parameters are data */
	struct comp_doc wide = guosai;
	wide.scale_per_sd = 100;
	wide.scale_centre = 500;
	comp_standardise(&wide, three, 3);
	assert_int_equal(three[2].standard, 622); /* 500 + 122.47 */
	comp_standardise(&guosai, NULL, 0);
}

/* 国赛: places 1–3 medals; 优胜奖 outside the top 3 within the top half */
static void test_awards(void **state)
{
	(void)state;
	assert_int_equal(comp_award_for(&guosai, 1, 10), COMP_AWARD_GOLD);
	assert_int_equal(comp_award_for(&guosai, 2, 10), COMP_AWARD_SILVER);
	assert_int_equal(comp_award_for(&guosai, 3, 10), COMP_AWARD_BRONZE);
	assert_int_equal(comp_award_for(&guosai, 4, 10), COMP_AWARD_EXCELLENCE);
	assert_int_equal(comp_award_for(&guosai, 5, 10), COMP_AWARD_EXCELLENCE);
	assert_int_equal(comp_award_for(&guosai, 6, 10), COMP_AWARD_NONE);
	/* odd: 9 entrants, the top half is 4 places (4.5 rounded down) */
	assert_int_equal(comp_award_for(&guosai, 4, 9), COMP_AWARD_EXCELLENCE);
	assert_int_equal(comp_award_for(&guosai, 5, 9), COMP_AWARD_NONE);
	/* 7 entrants: the top half (3) holds the medals only */
	assert_int_equal(comp_award_for(&guosai, 3, 7), COMP_AWARD_BRONZE);
	assert_int_equal(comp_award_for(&guosai, 4, 7), COMP_AWARD_NONE);
	/* 2 entrants: gold and silver, no bronze place */
	assert_int_equal(comp_award_for(&guosai, 2, 2), COMP_AWARD_SILVER);
	assert_int_equal(comp_award_for(&guosai, 3, 2), COMP_AWARD_NONE);
	/* ties: places 1, 1, 3 → gold, gold, bronze; a tie on the boundary
	 * (8 entrants, places …, 4, 4, 6) gives both the award */
	assert_int_equal(comp_award_for(&guosai, 1, 8), COMP_AWARD_GOLD);
	assert_int_equal(comp_award_for(&guosai, 3, 8), COMP_AWARD_BRONZE);
	assert_int_equal(comp_award_for(&guosai, 4, 8), COMP_AWARD_EXCELLENCE);
	assert_int_equal(comp_award_for(&guosai, 6, 8), COMP_AWARD_NONE);
	assert_int_equal(comp_award_for(&guosai, 0, 8), COMP_AWARD_NONE);
	assert_int_equal(comp_award_for(&guosai, 9, 8), COMP_AWARD_NONE);
	/* Hainan: 优胜奖 within 30 % of 20 entrants = 6 places */
	assert_int_equal(comp_award_for(&hainan, 6, 20), COMP_AWARD_EXCELLENCE);
	assert_int_equal(comp_award_for(&hainan, 7, 20), COMP_AWARD_NONE);
	/* the selection gives medals only; 2012 gives none */
	assert_int_equal(comp_award_for(&selection, 4, 40), COMP_AWARD_NONE);
	assert_int_equal(comp_award_for(&old2012, 1, 40), COMP_AWARD_NONE);
	/* counts instead of a percent */
	struct comp_doc counts = guosai;
	counts.cut[COMP_AWARD_EXCELLENCE] = (struct comp_cut){false, 8};
	assert_int_equal(comp_award_for(&counts, 8, 9), COMP_AWARD_EXCELLENCE);
	assert_int_equal(comp_award_for(&counts, 9, 9), COMP_AWARD_NONE);
}

/* 全国技术能手: top 5; 2-person teams top 3; 3-person top 2 */
static void test_titles(void **state)
{
	struct comp_doc team = guosai;
	const unsigned nat = 1u << COMP_TITLE_NATIONAL_EXPERT;
	(void)state;
	assert_int_equal(comp_titles_for(&guosai, 5), nat);
	assert_int_equal(comp_titles_for(&guosai, 6), 0);
	assert_int_equal(comp_titles_for(&guosai, 0), 0);
	team.team_size = 2;
	assert_int_equal(comp_titles_for(&team, 3), nat);
	assert_int_equal(comp_titles_for(&team, 4), 0);
	team.team_size = 3;
	assert_int_equal(comp_titles_for(&team, 2), nat);
	assert_int_equal(comp_titles_for(&team, 3), 0);
	assert_int_equal(comp_titles_for(&hainan, 1), 0);
	assert_string_equal(comp_title_name(COMP_TITLE_NATIONAL_EXPERT),
			    "national_technical_expert");
}

/* 世赛选拔赛: top 5 individuals, top 3 teams enter the squad */
static void test_squad(void **state)
{
	struct comp_doc team = selection;
	(void)state;
	assert_true(comp_squad_for(&selection, 5));
	assert_false(comp_squad_for(&selection, 6));
	team.team_size = 3;
	assert_true(comp_squad_for(&team, 3));
	assert_false(comp_squad_for(&team, 4));
	assert_false(comp_squad_for(&guosai, 1));
	assert_false(comp_squad_for(&selection, 0));
}

static void expect_promo(const struct comp_doc *d, enum comp_group g, enum comp_award a,
			 int place, int current, enum comp_promo_outcome o, int level)
{
	struct comp_promotion p = comp_promote(d, g, a, place, 40, current);
	if (p.outcome != o || p.level != level)
		fail_msg("%s %s place %d at %d: %s %d, expected %s %d", d->code,
			 comp_award_name(a), place, current, comp_promo_name(p.outcome),
			 p.level, comp_promo_name(o), level);
}

static void test_promotion(void **state)
{
	const enum comp_group E = COMP_GROUP_EMPLOYEE, S = COMP_GROUP_STUDENT;
	(void)state;
	/* 国赛 2023: 优胜奖 or better → 技师; already 技师 → 高级技师 */
	expect_promo(&guosai, E, COMP_AWARD_EXCELLENCE, 5, 0, COMP_PROMO_TO, 2);
	expect_promo(&guosai, S, COMP_AWARD_GOLD, 1, 4, COMP_PROMO_TO, 2);
	expect_promo(&guosai, E, COMP_AWARD_BRONZE, 3, 3, COMP_PROMO_TO, 2);
	expect_promo(&guosai, E, COMP_AWARD_SILVER, 2, 2, COMP_PROMO_ALREADY_UP, 1);
	expect_promo(&guosai, E, COMP_AWARD_GOLD, 1, 1, COMP_PROMO_CAPPED, 0);
	expect_promo(&guosai, E, COMP_AWARD_NONE, 9, 4, COMP_PROMO_NONE, 0);
	expect_promo(&guosai, COMP_GROUP_TEACHER, COMP_AWARD_GOLD, 1, 4, COMP_PROMO_NONE, 0);
	/* Hainan: medals → 技师 (技师 → 高级技师); 优胜奖 → 高级工 (高级工 → 技师) */
	expect_promo(&hainan, E, COMP_AWARD_GOLD, 1, 3, COMP_PROMO_TO, 2);
	expect_promo(&hainan, E, COMP_AWARD_BRONZE, 3, 2, COMP_PROMO_ALREADY_UP, 1);
	expect_promo(&hainan, S, COMP_AWARD_EXCELLENCE, 5, 0, COMP_PROMO_TO, 3);
	expect_promo(&hainan, E, COMP_AWARD_EXCELLENCE, 5, 4, COMP_PROMO_TO, 3);
	expect_promo(&hainan, E, COMP_AWARD_EXCELLENCE, 5, 3, COMP_PROMO_ALREADY_UP, 2);
	expect_promo(&hainan, E, COMP_AWARD_EXCELLENCE, 5, 2, COMP_PROMO_HELD, 0);
	expect_promo(&hainan, E, COMP_AWARD_EXCELLENCE, 5, 1, COMP_PROMO_CAPPED, 0);
	/* 2012: parsed, matched, never issued */
	expect_promo(&old2012, COMP_GROUP_SENIOR, COMP_AWARD_NONE, 5, 3,
		     COMP_PROMO_HISTORICAL, 0);
	assert_int_equal(comp_promote(&old2012, COMP_GROUP_INTERMEDIATE, COMP_AWARD_NONE,
				      15, 40, 0)
				 .rule,
			 3);
	expect_promo(&old2012, COMP_GROUP_SENIOR, COMP_AWARD_NONE, 16, 3, COMP_PROMO_NONE,
		     0);
	/* the 2012 bands with the flag off, to check the place bands */
	struct comp_doc bands = old2012;
	bands.historical = false;
	expect_promo(&bands, COMP_GROUP_SENIOR, COMP_AWARD_NONE, 5, 0, COMP_PROMO_TO, 2);
	expect_promo(&bands, COMP_GROUP_SENIOR, COMP_AWARD_NONE, 6, 0, COMP_PROMO_TO, 3);
	expect_promo(&bands, COMP_GROUP_INTERMEDIATE, COMP_AWARD_NONE, 1, 5,
		     COMP_PROMO_TO, 3);
	expect_promo(&bands, COMP_GROUP_INTERMEDIATE, COMP_AWARD_NONE, 10, 4,
		     COMP_PROMO_HELD, 0); /* no "already" branch in 2012 */
	/* the selection promotes nobody */
	expect_promo(&selection, E, COMP_AWARD_GOLD, 1, 3, COMP_PROMO_NONE, 0);
	/* bad input */
	expect_promo(&guosai, E, COMP_AWARD_GOLD, 1, 6, COMP_PROMO_NONE, 0);
}

/* "up": one level up from the current level, with the level given to
 * those who have none */
static void test_promotion_up(void **state)
{
	struct comp_doc d;
	char err[256];
	const char *json =
		edit("{\"groups\": [\"employee\", \"student\"], \"award\": "
		     "\"excellence\", \"to\": 2, \"already_up\": true}",
		     "{\"groups\": [\"employee\"], \"award\": \"bronze\", \"up\": "
		     "true, \"from_none\": 4}, {\"award\": \"excellence\", \"up\": "
		     "true}");
	(void)state;
	if (comp_parse(json, &arena, &d, err, sizeof(err)))
		fail_msg("%s", err);
	expect_promo(&d, COMP_GROUP_EMPLOYEE, COMP_AWARD_GOLD, 1, 3, COMP_PROMO_UP, 2);
	expect_promo(&d, COMP_GROUP_EMPLOYEE, COMP_AWARD_GOLD, 1, 0, COMP_PROMO_TO, 4);
	expect_promo(&d, COMP_GROUP_EMPLOYEE, COMP_AWARD_GOLD, 1, 2, COMP_PROMO_UP, 1);
	expect_promo(&d, COMP_GROUP_EMPLOYEE, COMP_AWARD_GOLD, 1, 1, COMP_PROMO_CAPPED, 0);
	expect_promo(&d, COMP_GROUP_STUDENT, COMP_AWARD_GOLD, 1, 5, COMP_PROMO_UP, 4);
	expect_promo(&d, COMP_GROUP_STUDENT, COMP_AWARD_GOLD, 1, 0, COMP_PROMO_NO_LEVEL, 0);
	expect_promo(&d, COMP_GROUP_EMPLOYEE, COMP_AWARD_EXCELLENCE, 4, 0,
		     COMP_PROMO_NO_LEVEL, 0);
	expect_error(edit("\"to\": 2, \"already_up\": true",
			  "\"up\": true, \"already_up\": true"),
		     "already_up: true or false, with \"to\" only");
	expect_error(edit("\"to\": 2, \"already_up\": true", "\"to\": 2, \"from_none\": 5"),
		     "from_none: with \"up\" only");
}

/* promotion by headcount ratio (the machinery class-2 pattern): top 10 %
 * of entrants → 技师, the next 20 % → 高级工, rounded down */
static void test_promotion_percent(void **state)
{
	const enum comp_group E = COMP_GROUP_EMPLOYEE;
	struct comp_promotion p;
	(void)state;
	p = comp_promote(&machinery, E, COMP_AWARD_NONE, 4, 40, 0);
	assert_int_equal(p.outcome, COMP_PROMO_TO);
	assert_int_equal(p.level, 2);
	assert_int_equal(p.rule, 0);
	p = comp_promote(&machinery, E, COMP_AWARD_NONE, 5, 40, 4);
	assert_int_equal(p.level, 3);
	assert_int_equal(p.rule, 1);
	p = comp_promote(&machinery, E, COMP_AWARD_NONE, 12, 40, 0);
	assert_int_equal(p.level, 3);
	p = comp_promote(&machinery, E, COMP_AWARD_NONE, 13, 40, 0);
	assert_int_equal(p.outcome, COMP_PROMO_NONE);
	p = comp_promote(&machinery, E, COMP_AWARD_NONE, 2, 40, 2); /* 技师 → 高级技师 */
	assert_int_equal(p.outcome, COMP_PROMO_ALREADY_UP);
	assert_int_equal(p.level, 1);
	/* 9 entrants: 10 % is 0 places, 30 % is 2 */
	p = comp_promote(&machinery, E, COMP_AWARD_NONE, 1, 9, 0);
	assert_int_equal(p.level, 3);
	p = comp_promote(&machinery, E, COMP_AWARD_NONE, 3, 9, 0);
	assert_int_equal(p.outcome, COMP_PROMO_NONE);
	p = comp_promote(&machinery, E, COMP_AWARD_NONE, 41, 40, 0);
	assert_int_equal(p.outcome, COMP_PROMO_NONE);
	/* the student group has no rule */
	p = comp_promote(&machinery, COMP_GROUP_STUDENT, COMP_AWARD_GOLD, 1, 40, 0);
	assert_int_equal(p.outcome, COMP_PROMO_NONE);
	assert_int_equal(comp_titles_for(&machinery, 10), 1u << COMP_TITLE_INDUSTRY_EXPERT);
	expect_error(edit("\"award\": \"excellence\", \"to\": 2",
			  "\"percent\": [10, 10], \"to\": 2"),
		     "rules.promotion.value[0].percent: must be [from, to] percent");

	/* the district example: a medal → one level up, 中级工 without one */
	p = comp_promote(&district, E, COMP_AWARD_BRONZE, 3, 20, 4);
	assert_int_equal(p.outcome, COMP_PROMO_UP);
	assert_int_equal(p.level, 3);
	p = comp_promote(&district, E, COMP_AWARD_GOLD, 1, 20, 0);
	assert_int_equal(p.outcome, COMP_PROMO_TO);
	assert_int_equal(p.level, 4);
	p = comp_promote(&district, E, COMP_AWARD_EXCELLENCE, 4, 20, 4);
	assert_int_equal(p.outcome, COMP_PROMO_NONE);
}

/* every code and outcome has its words in both languages */
static void test_keys_translated(void **state)
{
	char key[80];
	(void)state;
	for (const char *const *k = comp_keys(); *k; k++)
		if (tr(LANG_ZH, *k) == *k || tr(LANG_EN, *k) == *k)
			fail_msg("no catalog entry for \"%s\"", *k);
	for (int t = 0; t < COMP_TIER_COUNT; t++) {
		snprintf(key, sizeof(key), "comp.tier.%s",
			 comp_tier_name((enum comp_tier)t));
		assert_true(tr(LANG_ZH, key) != key);
	}
	for (int g = 0; g < COMP_GROUP_COUNT; g++) {
		snprintf(key, sizeof(key), "comp.group.%s",
			 comp_group_name((enum comp_group)g));
		assert_true(tr(LANG_EN, key) != key);
	}
	for (int a = 0; a < COMP_AWARD_COUNT; a++) {
		snprintf(key, sizeof(key), "comp.award.%s",
			 comp_award_name((enum comp_award)a));
		assert_true(tr(LANG_EN, key) != key);
	}
	for (int o = 0; o < COMP_PROMO_COUNT; o++) {
		snprintf(key, sizeof(key), "comp.promo.%s",
			 comp_promo_name((enum comp_promo_outcome)o));
		assert_true(tr(LANG_EN, key) != key);
	}
	assert_string_equal(tr(LANG_ZH, "comp.tier.national_games"),
			    "中华人民共和国职业技能大赛");
	assert_null(comp_tier_name(COMP_TIER_COUNT));
	assert_int_equal(comp_group_parse("teacher"), COMP_GROUP_TEACHER);
	assert_int_equal(comp_group_parse("boss"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_file_parses),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_judgement),
		cmocka_unit_test(test_measurement),
		cmocka_unit_test(test_total),
		cmocka_unit_test(test_rank),
		cmocka_unit_test(test_standardise),
		cmocka_unit_test(test_awards),
		cmocka_unit_test(test_titles),
		cmocka_unit_test(test_squad),
		cmocka_unit_test(test_promotion),
		cmocka_unit_test(test_promotion_up),
		cmocka_unit_test(test_promotion_percent),
		cmocka_unit_test(test_keys_translated),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
