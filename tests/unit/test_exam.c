/*
 * test_exam.c - core/exam: the blueprint (parse, every refusal with its
 * path), quotas by largest remainder, assembly (quotas, determinism,
 * usage preference, retired and broken items, shortfall, the difficulty
 * band), parallel forms, the canonical form, marking, item statistics.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/exam.h"
#include "core/i18n.h"

/* ---- blueprint documents ---- */

#define POINTS_OK \
	"[{\"code\": \"A-01\", \"name\": \"安全生产\", \"weight\": 10}," \
	" {\"code\": \"A-02\", \"name\": \"识图\", \"weight\": 30}," \
	" {\"code\": \"B-01\", \"name\": \"车削加工\", \"weight\": 60}]"
#define SECTIONS_OK \
	"[{\"kind\": \"single\", \"count\": 60, \"score\": 10}," \
	" {\"kind\": \"multi\", \"count\": 10, \"score\": 20}," \
	" {\"kind\": \"tf\", \"count\": 20, \"score\": 10}]"

/* a blueprint whose head, points, sections and tail can be swapped */
static char *doc(const char *head, const char *points, const char *sections, const char *tail)
{
	static char out[4096];

	snprintf(out, sizeof(out), "{%s \"points\": %s, \"sections\": %s%s}",
		 head ? head
		      : "\"occupation\": \"6-18-01-01\", \"level\": 4, \"version\": \"2026.1\","
			" \"minutes\": 90,",
		 points ? points : POINTS_OK, sections ? sections : SECTIONS_OK,
		 tail ? tail : ", \"difficulty\": {\"min\": 0.55, \"max\": 0.80}");
	return out;
}

static struct exam_blueprint bp;

static void test_blueprint_parse(void **state)
{
	struct rule_error err;

	(void)state;
	assert_true(exam_blueprint_parse(doc(NULL, NULL, NULL, NULL), &bp, &err));
	assert_null(err.msg);
	assert_string_equal(bp.occupation, "6-18-01-01");
	assert_int_equal(bp.level, 4);
	assert_string_equal(bp.version, "2026.1");
	assert_int_equal(bp.minutes, 90);
	assert_int_equal(bp.npoints, 3);
	assert_string_equal(bp.points[0].code, "A-01");
	assert_string_equal(bp.points[0].name, "安全生产");
	assert_int_equal(bp.points[2].weight, 60);
	assert_int_equal(bp.count[ITEM_SINGLE - 1], 60);
	assert_int_equal(bp.score[ITEM_SINGLE - 1], 10);
	assert_int_equal(bp.count[ITEM_MULTI - 1], 10);
	assert_int_equal(bp.score[ITEM_MULTI - 1], 20);
	assert_int_equal(bp.count[ITEM_TF - 1], 20);
	assert_true(bp.has_band);
	assert_true(fabs(bp.band_min - 0.55) < 1e-9);
	assert_true(fabs(bp.band_max - 0.80) < 1e-9);

	/* no band; a section left out; sections in any order */
	assert_true(exam_blueprint_parse(
		doc(NULL, NULL,
		    "[{\"kind\": \"tf\", \"count\": 20, \"score\": 20},"
		    " {\"kind\": \"single\", \"count\": 60, \"score\": 10}]",
		    ""),
		&bp, &err));
	assert_false(bp.has_band);
	assert_int_equal(bp.count[ITEM_MULTI - 1], 0);
	assert_int_equal(bp.count[ITEM_TF - 1], 20);
	assert_true(exam_blueprint_parse(doc(NULL, NULL, NULL, ", \"difficulty\": null"),
					 &bp, &err));
	assert_false(bp.has_band);
}

struct refusal {
	const char *head, *points, *sections, *tail;
	const char *key, *field;
};

#define HEAD(occ, level, version, minutes) \
	"\"occupation\": " occ ", \"level\": " level ", \"version\": " version \
	", \"minutes\": " minutes ","

static const struct refusal refusals[] = {
	{HEAD("\"6-18-01-01\"", "4", "\"2026.1\"", "90") " \"extra\": 1,", NULL, NULL,
	 NULL, "val.blueprint.unknown", "extra"},
	{HEAD("\"6 18\"", "4", "\"2026.1\"", "90"), NULL, NULL, NULL,
	 "val.blueprint.occupation", "occupation"},
	{HEAD("\"X-18\"", "4", "\"2026.1\"", "90"), NULL, NULL, NULL,
	 "val.blueprint.occupation", "occupation"},
	{HEAD("618", "4", "\"2026.1\"", "90"), NULL, NULL, NULL,
	 "val.blueprint.occupation", "occupation"},
	{HEAD("\"6-18-01-01\"", "6", "\"2026.1\"", "90"), NULL, NULL, NULL,
	 "val.blueprint.level", "level"},
	{HEAD("\"6-18-01-01\"", "4.0", "\"2026.1\"", "90"), NULL, NULL, NULL,
	 "val.blueprint.level", "level"},
	{HEAD("\"6-18-01-01\"", "4", "\"\"", "90"), NULL, NULL, NULL,
	 "val.blueprint.version", "version"},
	{HEAD("\"6-18-01-01\"", "4", "\"2026 1\"", "90"), NULL, NULL, NULL,
	 "val.blueprint.version", "version"},
	{HEAD("\"6-18-01-01\"", "4", "\"2026.1\"", "0"), NULL, NULL, NULL,
	 "val.blueprint.minutes", "minutes"},
	{HEAD("\"6-18-01-01\"", "4", "\"2026.1\"", "601"), NULL, NULL, NULL,
	 "val.blueprint.minutes", "minutes"},
	{NULL, "[]", NULL, NULL, "val.blueprint.points", "points"},
	{NULL, "{}", NULL, NULL, "val.blueprint.points", "points"},
	{NULL, "[1]", NULL, NULL, "val.blueprint.points", "points[0]"},
	{NULL, "[{\"code\": \"A\", \"name\": \"n\", \"weight\": 100, \"w\": 1}]", NULL,
	 NULL, "val.blueprint.unknown", "points[0].w"},
	{NULL,
	 "[{\"code\": \"A\", \"name\": \"n\", \"weight\": 50},"
	 " {\"code\": \"A B\", \"name\": \"n\", \"weight\": 50}]",
	 NULL, NULL, "val.blueprint.point_code", "points[1].code"},
	{NULL,
	 "[{\"code\": \"A\", \"name\": \"n\", \"weight\": 50},"
	 " {\"code\": \"A\", \"name\": \"m\", \"weight\": 50}]",
	 NULL, NULL, "val.blueprint.point_repeated", "points[1].code"},
	{NULL, "[{\"code\": \"A\", \"name\": \" \", \"weight\": 100}]", NULL, NULL,
	 "val.blueprint.point_name", "points[0].name"},
	{NULL, "[{\"code\": \"A\", \"weight\": 100}]", NULL, NULL,
	 "val.blueprint.point_name", "points[0].name"},
	{NULL,
	 "[{\"code\": \"A\", \"name\": \"n\", \"weight\": 0}, {\"code\": \"B\", \"name\": \"n\", \"weight\": 100}]",
	 NULL, NULL, "val.blueprint.weight", "points[0].weight"},
	{NULL, "[{\"code\": \"A\", \"name\": \"n\", \"weight\": 12.5}]", NULL, NULL,
	 "val.blueprint.weight", "points[0].weight"},
	{NULL,
	 "[{\"code\": \"A\", \"name\": \"n\", \"weight\": 50},"
	 " {\"code\": \"B\", \"name\": \"n\", \"weight\": 49}]",
	 NULL, NULL, "val.blueprint.weights_sum", "points"},
	{NULL, NULL, "[]", NULL, "val.blueprint.sections", "sections"},
	{NULL, NULL, "[1]", NULL, "val.blueprint.sections", "sections[0]"},
	{NULL, NULL, "[{\"kind\": \"essay\", \"count\": 10, \"score\": 100}]", NULL,
	 "val.blueprint.section_kind", "sections[0].kind"},
	{NULL, NULL,
	 "[{\"kind\": \"tf\", \"count\": 50, \"score\": 10},"
	 " {\"kind\": \"tf\", \"count\": 50, \"score\": 10}]",
	 NULL, "val.blueprint.section_repeated", "sections[1].kind"},
	{NULL, NULL, "[{\"kind\": \"tf\", \"count\": 0, \"score\": 10}]", NULL,
	 "val.blueprint.section_count", "sections[0].count"},
	{NULL, NULL, "[{\"kind\": \"tf\", \"count\": 100, \"score\": 0}]", NULL,
	 "val.blueprint.section_score", "sections[0].score"},
	{NULL, NULL, "[{\"kind\": \"tf\", \"count\": 100, \"score\": 10, \"x\": 0}]",
	 NULL, "val.blueprint.unknown", "sections[0].x"},
	{NULL, NULL, "[{\"kind\": \"tf\", \"count\": 99, \"score\": 10}]", NULL,
	 "val.blueprint.total", "sections"},
	{NULL, NULL,
	 "[{\"kind\": \"single\", \"count\": 60, \"score\": 10},"
	 " {\"kind\": \"multi\", \"count\": 10, \"score\": 20},"
	 " {\"kind\": \"tf\", \"count\": 20, \"score\": 5}]", /* the 90-point paper */
	 NULL, "val.blueprint.total", "sections"},
	{NULL, NULL,
	 "[{\"kind\": \"single\", \"count\": 300, \"score\": 2},"
	 " {\"kind\": \"tf\", \"count\": 200, \"score\": 2}]",
	 NULL, "val.blueprint.too_many_items", "sections"},
	{NULL, NULL, NULL, ", \"difficulty\": {\"min\": 0.8, \"max\": 0.5}",
	 "val.blueprint.band", "difficulty.max"},
	{NULL, NULL, NULL, ", \"difficulty\": {\"min\": -0.1, \"max\": 0.5}",
	 "val.blueprint.band", "difficulty.min"},
	{NULL, NULL, NULL, ", \"difficulty\": {\"min\": 0.1, \"max\": 1.5}",
	 "val.blueprint.band", "difficulty.max"},
	{NULL, NULL, NULL, ", \"difficulty\": {\"min\": 0.1}", "val.blueprint.band",
	 "difficulty.max"},
	{NULL, NULL, NULL, ", \"difficulty\": 0.5", "val.blueprint.band", "difficulty"},
	{NULL, NULL, NULL, ", \"difficulty\": {\"min\": 0.1, \"max\": 0.5, \"mean\": 0.3}",
	 "val.blueprint.unknown", "difficulty.mean"},
};

static void test_blueprint_refusals(void **state)
{
	struct rule_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		const struct refusal *r = &refusals[i];
		const char *json = doc(r->head, r->points, r->sections, r->tail);

		if (exam_blueprint_parse(json, &bp, &err))
			fail_msg("refusal %zu accepted: %s", i, json);
		if (strcmp(err.msg, r->key) || strcmp(err.field, r->field))
			fail_msg("refusal %zu: %s at %s, expected %s at %s", i, err.msg,
				 err.field, r->key, r->field);
	}
	/* missing members name the member */
	assert_false(exam_blueprint_parse(
		"{\"occupation\": \"6-18\", \"level\": 4, \"version\": \"1\", \"points\": " POINTS_OK
		", \"sections\": " SECTIONS_OK "}",
		&bp, &err));
	assert_string_equal(err.msg, "val.blueprint.minutes");
	assert_string_equal(err.field, "minutes");
	assert_false(
		exam_blueprint_parse("{\"occupation\": \"6-18\", \"level\": 4, \"version\": "
				     "\"1\", \"minutes\": 60, \"points\": " POINTS_OK "}",
				     &bp, &err));
	assert_string_equal(err.msg, "val.blueprint.sections");
	/* not JSON, not an object, duplicate member */
	assert_false(exam_blueprint_parse("{\"occupation\": ", &bp, &err));
	assert_string_equal(err.msg, "val.blueprint.json");
	assert_string_equal(err.field, "");
	assert_false(exam_blueprint_parse("[1, 2]", &bp, &err));
	assert_string_equal(err.msg, "val.blueprint.json");
	assert_false(exam_blueprint_parse(NULL, &bp, &err));
	assert_string_equal(err.msg, "val.blueprint.json");
	assert_false(exam_blueprint_parse("{\"level\": 4, \"level\": 5}", &bp, &err));
	assert_string_equal(err.msg, "val.blueprint.json");
}

static void test_keys_in_catalog(void **state)
{
	const char *const *k = exam_keys();
	size_t n = 0;

	(void)state;
	for (; *k; k++, n++) {
		if (!strcmp(tr(LANG_ZH, *k), *k) || !strcmp(tr(LANG_EN, *k), *k))
			fail_msg("\"%s\" missing from the catalog", *k);
	}
	assert_true(n >= 20);
	for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		for (k = exam_keys(); *k && strcmp(*k, refusals[i].key); k++)
			;
		if (!*k)
			fail_msg("\"%s\" not in exam_keys()", refusals[i].key);
	}
}

/* ---- quotas ---- */

static void set_points(struct exam_blueprint *b, const int *weights, size_t n)
{
	memset(b, 0, sizeof(*b));
	b->npoints = n;
	for (size_t i = 0; i < n; i++) {
		snprintf(b->points[i].code, sizeof(b->points[i].code), "P%zu", i + 1);
		b->points[i].weight = weights[i];
	}
}

static void test_quota(void **state)
{
	static const int w333[] = {33, 33, 34}, w136[] = {10, 30, 60},
			 w5[] = {1, 2, 3, 4, 90};
	int q[EXAM_MAX_POINTS][EXAM_NKINDS];
	struct exam_blueprint b;

	(void)state;
	set_points(&b, w333, 3);
	b.count[0] = 10; /* 3.3, 3.3, 3.4: the last has the largest remainder */
	b.count[1] = 20; /* 6.6, 6.6, 6.8: one to the third, then the first */
	b.count[2] = 2;  /* 0.66, 0.66, 0.68 */
	exam_blueprint_quota(&b, q);
	assert_int_equal(q[0][0], 3);
	assert_int_equal(q[1][0], 3);
	assert_int_equal(q[2][0], 4);
	assert_int_equal(q[0][1], 7);
	assert_int_equal(q[1][1], 6);
	assert_int_equal(q[2][1], 7);
	assert_int_equal(q[0][2], 1);
	assert_int_equal(q[1][2], 0);
	assert_int_equal(q[2][2], 1);

	set_points(&b, w136, 3);
	b.count[0] = 60;
	b.count[1] = 10;
	b.count[2] = 0; /* no section */
	exam_blueprint_quota(&b, q);
	assert_int_equal(q[0][0], 6);
	assert_int_equal(q[1][0], 18);
	assert_int_equal(q[2][0], 36);
	assert_int_equal(q[0][1], 1);
	assert_int_equal(q[1][1], 3);
	assert_int_equal(q[2][1], 6);
	assert_int_equal(q[0][2] + q[1][2] + q[2][2], 0);

	/* every count 0..400 over uneven weights: the quotas sum exactly and
	 * each is within one of its exact share */
	set_points(&b, w5, 5);
	for (int c = 0; c <= EXAM_MAX_ITEMS; c++) {
		int sum = 0;

		b.count[0] = c;
		exam_blueprint_quota(&b, q);
		for (int p = 0; p < 5; p++) {
			sum += q[p][0];
			assert_true(q[p][0] * 100 <= c * w5[p] + 99);
			assert_true(q[p][0] * 100 >= c * w5[p] - 99);
		}
		assert_int_equal(sum, c);
	}
}

/* ---- a bank ---- */

#define GROUP 5 /* items per point and kind */
#define NBANK (2 * 3 * GROUP)

static struct item items[NBANK];
static struct exam_bank_item bank[NBANK];
static char texts[NBANK][6][32];

/* two points P1, P2 at 50 % each; single 4 × 15.0, multi 2 × 10.0, tf 4 ×
 * 5.0 = 100; bank: GROUP items of each point and kind, all unused, p
 * unknown */
static void setup_bank(struct exam_blueprint *b)
{
	static const int w[] = {50, 50};

	set_points(b, w, 2);
	b->count[ITEM_SINGLE - 1] = 4;
	b->score[ITEM_SINGLE - 1] = 150;
	b->count[ITEM_MULTI - 1] = 2;
	b->score[ITEM_MULTI - 1] = 100;
	b->count[ITEM_TF - 1] = 4;
	b->score[ITEM_TF - 1] = 50;
	memset(items, 0, sizeof(items));
	for (int i = 0; i < NBANK; i++) {
		struct item *it = &items[i];
		int point = i / (3 * GROUP), kind = (i / GROUP) % 3 + 1;

		it->id = 1000 + i;
		snprintf(it->ref, sizeof(it->ref), "Q%03d", i);
		snprintf(it->point, sizeof(it->point), "P%d", point + 1);
		it->kind = (enum item_kind)kind;
		snprintf(texts[i][0], sizeof(texts[i][0]), "stem %d", i);
		it->stem = texts[i][0];
		if (kind == ITEM_TF) {
			it->key = 1 + (unsigned)(i % 2);
		} else {
			it->noptions = 5;
			for (int j = 0; j < 5; j++) {
				snprintf(texts[i][j + 1], sizeof(texts[i][j + 1]),
					 "option %d.%d", i, j);
				it->options[j] = texts[i][j + 1];
			}
			it->key = kind == ITEM_SINGLE ? 1u << (i % 5) : (3u << (i % 4));
		}
		assert_null(item_check(it, NULL));
		bank[i].item = it;
		bank[i].retired = false;
		bank[i].p_value = -1;
		bank[i].used = 0;
	}
}

static struct exam_paper paper, paper2;

static void check_paper(const struct exam_blueprint *b, const struct exam_paper *p)
{
	static const int want[] = {ITEM_SINGLE, ITEM_SINGLE, ITEM_SINGLE, ITEM_SINGLE,
				   ITEM_MULTI,  ITEM_MULTI,  ITEM_TF,     ITEM_TF,
				   ITEM_TF,     ITEM_TF};
	int total = 0;

	assert_int_equal(p->n, 10);
	assert_int_equal(p->total, 1000);
	for (size_t i = 0; i < p->n; i++) {
		const struct item *it = p->items[i].item;
		int pt = i < 4 ? (int)i / 2 : i < 6 ? (int)i - 4 : (int)(i - 6) / 2;

		assert_int_equal(it->kind, want[i]);
		assert_string_equal(it->point, b->points[pt].code);
		assert_ptr_equal(it, bank[p->items[i].bank_index].item);
		assert_false(bank[p->items[i].bank_index].retired);
		assert_int_equal(p->items[i].score, b->score[it->kind - 1]);
		total += p->items[i].score;
		for (size_t j = 0; j < i; j++)
			assert_ptr_not_equal(p->items[j].item, it);
	}
	assert_int_equal(total, 1000);
}

static void test_assemble_shape(void **state)
{
	struct exam_blueprint b;
	struct rule_error err;

	(void)state;
	setup_bank(&b);
	assert_true(exam_assemble(&b, bank, NBANK, 42, &paper, &err));
	assert_null(err.msg);
	check_paper(&b, &paper);
	assert_int_equal(paper.seed, 42);
	assert_int_equal(paper.warnings, 0);
	assert_true(paper.mean_p < 0); /* no p-values known */
}

static void test_assemble_deterministic(void **state)
{
	static struct exam_bank_item reversed[NBANK];
	struct exam_blueprint b;
	struct rule_error err;
	int differ = 0;

	(void)state;
	setup_bank(&b);
	assert_true(exam_assemble(&b, bank, NBANK, 7, &paper, &err));
	assert_true(exam_assemble(&b, bank, NBANK, 7, &paper2, &err));
	assert_int_equal(paper.n, paper2.n);
	for (size_t i = 0; i < paper.n; i++)
		assert_ptr_equal(paper.items[i].item, paper2.items[i].item);
	/* the bank's order does not matter, only the seed */
	for (int i = 0; i < NBANK; i++)
		reversed[i] = bank[NBANK - 1 - i];
	assert_true(exam_assemble(&b, reversed, NBANK, 7, &paper2, &err));
	for (size_t i = 0; i < paper.n; i++)
		assert_ptr_equal(paper.items[i].item, paper2.items[i].item);
	/* other seeds pick other items */
	for (uint64_t s = 8; s < 28; s++) {
		assert_true(exam_assemble(&b, bank, NBANK, s, &paper2, &err));
		check_paper(&b, &paper2);
		for (size_t i = 0; i < paper.n; i++)
			if (paper.items[i].item != paper2.items[i].item) {
				differ++;
				break;
			}
	}
	assert_true(differ >= 15);
}

static void test_assemble_prefers_unused(void **state)
{
	struct exam_blueprint b;
	struct rule_error err;

	(void)state;
	setup_bank(&b);
	/* in each group of GROUP, the last ones are fresh: exactly as many as
	 * the group's quota (single 2, multi 1, tf 2) */
	for (int i = 0; i < NBANK; i++) {
		int kind = (i / GROUP) % 3 + 1, quota = kind == ITEM_MULTI ? 1 : 2;

		bank[i].used = i % GROUP >= GROUP - quota ? 0 : 3 + i % 2;
	}
	for (uint64_t s = 1; s < 10; s++) {
		assert_true(exam_assemble(&b, bank, NBANK, s, &paper, &err));
		check_paper(&b, &paper);
		for (size_t i = 0; i < paper.n; i++)
			assert_int_equal(bank[paper.items[i].bank_index].used, 0);
	}
}

static void test_assemble_retired_shortfall(void **state)
{
	struct exam_blueprint b;
	struct rule_error err;

	(void)state;
	setup_bank(&b);
	/* P2's multi items are 20..24: retire four, break the fifth */
	for (int i = 20; i < 24; i++)
		bank[i].retired = true;
	assert_true(exam_assemble(&b, bank, NBANK, 3, &paper, &err));
	check_paper(&b, &paper);
	assert_int_equal(paper.items[5].bank_index, 24); /* the one left */
	items[24].key = 1; /* a multi key of one option: fails item_check */
	assert_false(exam_assemble(&b, bank, NBANK, 3, &paper, &err));
	assert_string_equal(err.msg, "err.exam.shortfall");
	assert_string_equal(err.field, "P2.multi");
	assert_int_equal(paper.missing, 1);

	/* P1's singles (0..4): quota 2, only one left; reported first */
	setup_bank(&b);
	for (int i = 0; i < 4; i++)
		bank[i].retired = true;
	for (int i = 25; i < 30; i++) /* and no P2 tf at all */
		bank[i].retired = true;
	assert_false(exam_assemble(&b, bank, NBANK, 3, &paper, &err));
	assert_string_equal(err.field, "P1.single");
	assert_int_equal(paper.missing, 1);
	for (int i = 0; i < 4; i++)
		bank[i].retired = false;
	assert_false(exam_assemble(&b, bank, NBANK, 3, &paper, &err));
	assert_string_equal(err.field, "P2.tf");
	assert_int_equal(paper.missing, 2);
	/* an empty bank */
	assert_false(exam_assemble(&b, bank, 0, 3, &paper, &err));
	assert_string_equal(err.field, "P1.single");
	assert_int_equal(paper.missing, 2);
}

static void test_assemble_band(void **state)
{
	struct exam_blueprint b;
	struct rule_error err;

	(void)state;
	setup_bank(&b);
	b.has_band = true;
	b.band_min = 0.55;
	b.band_max = 0.80;
	/* in each group the two least used are hard (0.3), the rest easy
	 * (0.7): usage alone gives a mean far below the band */
	for (int i = 0; i < NBANK; i++) {
		bank[i].used = i % GROUP < 2 ? 0 : 1;
		bank[i].p_value = i % GROUP < 2 ? 0.3 : 0.7;
	}
	assert_true(exam_assemble(&b, bank, NBANK, 5, &paper, &err));
	check_paper(&b, &paper);
	assert_int_equal(paper.warnings, 0);
	assert_true(paper.mean_p >= 0.55 && paper.mean_p <= 0.80);
	/* without the band the same bank gives the all-hard paper, no warning */
	b.has_band = false;
	assert_true(exam_assemble(&b, bank, NBANK, 5, &paper2, &err));
	assert_true(fabs(paper2.mean_p - 0.3) < 1e-9);
	assert_int_equal(paper2.warnings, 0);
	b.has_band = true;

	/* a band the bank cannot reach: a paper all the same, and a warning */
	for (int i = 0; i < NBANK; i++)
		bank[i].p_value = 0.3;
	assert_true(exam_assemble(&b, bank, NBANK, 5, &paper, &err));
	check_paper(&b, &paper);
	assert_int_equal(paper.warnings, EXAM_WARN_BAND);
	assert_true(fabs(paper.mean_p - 0.3) < 1e-9);
	/* no p-value known at all */
	for (int i = 0; i < NBANK; i++)
		bank[i].p_value = -1;
	assert_true(exam_assemble(&b, bank, NBANK, 5, &paper, &err));
	assert_int_equal(paper.warnings, EXAM_WARN_NO_PVALUE);
	assert_true(paper.mean_p < 0);
}

/* ---- parallel forms ---- */

static struct exam_form form, form2;

static unsigned shown_key(const struct exam_form *f, size_t i, unsigned key)
{
	unsigned shown = 0;

	for (int j = 0; j < f->noptions[i]; j++)
		if (key & (1u << f->option[i][j]))
			shown |= 1u << j;
	return shown;
}

static void test_form_order(void **state)
{
	struct exam_blueprint b;
	struct rule_error err;
	unsigned shown[EXAM_MAX_ITEMS], orig[EXAM_MAX_ITEMS];
	int tenths, moved = 0;

	(void)state;
	setup_bank(&b);
	assert_true(exam_assemble(&b, bank, NBANK, 11, &paper, &err));
	exam_form_order(&paper, 1001, &form);
	exam_form_order(&paper, 1001, &form2);
	assert_memory_equal(&form, &form2, sizeof(form)); /* the same candidate */
	exam_form_order(&paper, 1002, &form2);
	assert_true(memcmp(form.order, form2.order, sizeof(form.order)) ||
		    memcmp(form.option, form2.option, sizeof(form.option)));
	assert_true(memcmp(form.order, form2.order, sizeof(form.order)) != 0);
	/* another paper seed, same candidate: another form */
	paper2 = paper;
	paper2.seed = 12;
	exam_form_order(&paper2, 1001, &form2);
	assert_true(memcmp(&form, &form2, sizeof(form)) != 0);

	/* a permutation within each section; options a permutation; tf kept */
	assert_int_equal(form.n, paper.n);
	for (size_t s = 0; s < form.n; s++) {
		unsigned seen = 0;
		size_t i = form.order[s];

		assert_true(i < paper.n);
		assert_int_equal(paper.items[i].item->kind, paper.items[s].item->kind);
		for (size_t t = 0; t < s; t++)
			assert_int_not_equal(form.order[t], form.order[s]);
		if (i != s)
			moved++;
		assert_int_equal(form.noptions[i], paper.items[i].item->kind == ITEM_TF
							   ? 2
							   : paper.items[i].item->noptions);
		for (int j = 0; j < form.noptions[i]; j++)
			seen |= 1u << form.option[i][j];
		assert_int_equal(seen, (1u << form.noptions[i]) - 1);
		if (paper.items[i].item->kind == ITEM_TF) {
			assert_int_equal(form.option[i][0], 0);
			assert_int_equal(form.option[i][1], 1);
		}
	}
	assert_true(moved > 0);

	/* the right answers in the shown letters mark full */
	for (size_t s = 0; s < form.n; s++)
		shown[s] = shown_key(&form, form.order[s],
				     paper.items[form.order[s]].item->key);
	exam_form_answers(&form, shown, orig);
	assert_int_equal(exam_mark(&paper, orig, &tenths, NULL), paper.n);
	assert_int_equal(tenths, 1000);
	/* the original letters given as shown do not (options were moved) */
	for (size_t s = 0; s < form.n; s++)
		shown[s] = paper.items[form.order[s]].item->key;
	exam_form_answers(&form, shown, orig);
	exam_mark(&paper, orig, &tenths, NULL);
	assert_true(tenths < 1000);
	/* a letter past the options stays wrong */
	assert_int_equal(exam_form_original(&form, 0, 1u << 6), 1u << 6);
	assert_int_equal(exam_form_original(&form, paper.n, 1), 0);
}

/* ---- the canonical form ---- */

static char *canon(const struct exam_paper *p)
{
	struct buf b;

	buf_init(&b, 0);
	assert_true(exam_paper_canonical(p, &b));
	return buf_detach(&b, NULL);
}

static void expect_change(const char *before, const char *what)
{
	char *after = canon(&paper);

	if (!strcmp(before, after))
		fail_msg("canonical form unchanged by %s", what);
	free(after);
}

static void expect_same(const char *before, const char *what)
{
	char *after = canon(&paper);

	if (strcmp(before, after))
		fail_msg("canonical form changed by %s", what);
	free(after);
}

static void test_canonical(void **state)
{
	struct exam_blueprint b;
	struct rule_error err;
	char *c0;
	struct item *it;
	char saved[32];
	static char expl[] = "because";
	struct buf small;

	(void)state;
	setup_bank(&b);
	assert_true(exam_assemble(&b, bank, NBANK, 13, &paper, &err));
	c0 = canon(&paper);
	assert_non_null(strstr(c0, "skillcert-exam-paper/1 items 10 total 1000\n"));
	expect_same(c0, "nothing");
	it = (struct item *)paper.items[4].item; /* a multi */

	memcpy(saved, it->stem, sizeof(saved));
	it->stem[0] = 'S';
	expect_change(c0, "the stem");
	memcpy(it->stem, saved, sizeof(saved));
	expect_same(c0, "the stem put back");

	memcpy(saved, it->options[2], sizeof(saved));
	it->options[2][0] = 'O';
	expect_change(c0, "an option");
	memcpy(it->options[2], saved, sizeof(saved));

	it->key ^= 1u << 4;
	expect_change(c0, "the key");
	it->key ^= 1u << 4;
	it->ref[0] = 'R';
	expect_change(c0, "the ref");
	it->ref[0] = 'Q';
	it->point[1] = '9';
	expect_change(c0, "the point");
	it->point[1] = '1';
	paper.items[4].score = 101;
	expect_change(c0, "the score");
	paper.items[4].score = 100;
	it->explanation = expl;
	expect_change(c0, "an explanation");
	it->explanation = NULL;
	{
		struct exam_paper_item t = paper.items[0];

		paper.items[0] = paper.items[1];
		paper.items[1] = t;
		expect_change(c0, "the order");
		paper.items[1] = paper.items[0];
		paper.items[0] = t;
	}
	/* a byte moved from one string to the next: the framing tells */
	{
		char *s = it->options[0], *o = it->options[1];
		size_t ls = strlen(s);
		char a[32], b2[32];

		memcpy(a, s, sizeof(a));
		memcpy(b2, o, sizeof(b2));
		memmove(o + 1, o, strlen(o) + 1);
		o[0] = s[ls - 1];
		s[ls - 1] = '\0';
		expect_change(c0, "a byte moved between options");
		memcpy(s, a, sizeof(a));
		memcpy(o, b2, sizeof(b2));
	}
	/* not content: ids, bank indexes, p-values, the seed */
	it->id = 99999;
	paper.items[4].bank_index = 0;
	bank[3].p_value = 0.5;
	paper.seed = 1;
	expect_same(c0, "ids, indexes, p-values, seed");
	free(c0);

	buf_init(&small, 16);
	assert_false(exam_paper_canonical(&paper, &small));
	buf_release(&small);
}

/* ---- marking ---- */

static void test_mark(void **state)
{
	struct exam_blueprint b;
	struct rule_error err;
	unsigned ans[EXAM_MAX_ITEMS];
	bool right[EXAM_MAX_ITEMS];
	int tenths;

	(void)state;
	setup_bank(&b);
	assert_true(exam_assemble(&b, bank, NBANK, 17, &paper, &err));
	for (size_t i = 0; i < paper.n; i++)
		ans[i] = paper.items[i].item->key;
	assert_int_equal(exam_mark(&paper, ans, &tenths, right), 10);
	assert_int_equal(tenths, 1000);
	for (size_t i = 0; i < paper.n; i++)
		assert_true(right[i]);

	memset(ans, 0, sizeof(ans));
	assert_int_equal(exam_mark(&paper, ans, &tenths, right), 0);
	assert_int_equal(tenths, 0);
	assert_false(right[0]);

	for (size_t i = 0; i < paper.n; i++)
		ans[i] = paper.items[i].item->key;
	/* single 0 wrong: another option */
	ans[0] = paper.items[0].item->key == 1 ? 2 : 1;
	/* single 1: the key and one more */
	ans[1] |= paper.items[1].item->key == 1 ? 2 : 1;
	/* multi 4: one of the key's two options only (all-or-nothing) */
	ans[4] &= ans[4] - 1;
	/* multi 5: the key and one more */
	ans[5] |= 1u << 4 & ~paper.items[5].item->key ? 1u << 4 : 1u;
	/* tf 6: the other one */
	ans[6] = 3 - paper.items[6].item->key;
	assert_int_equal(exam_mark(&paper, ans, &tenths, right), 5);
	assert_int_equal(tenths, 1000 - 2 * 150 - 2 * 100 - 50);
	assert_false(right[0]);
	assert_false(right[1]);
	assert_true(right[2]);
	assert_true(right[3]);
	assert_false(right[4]);
	assert_false(right[5]);
	assert_false(right[6]);
	assert_true(right[7]);
	/* tf answered "both": wrong */
	ans[7] = 3;
	exam_mark(&paper, ans, &tenths, NULL);
	assert_int_equal(tenths, 1000 - 2 * 150 - 2 * 100 - 2 * 50);
}

/* ---- item statistics ---- */

/* Eight attempts, the item worth 1.0 (10 tenths). Corrected totals (less
 * the item's 10 when right): 890 840 790 700 640 600 500 400, mean 670;
 * right: 890 840 790 640 (M1 = 790), wrong: 700 600 500 400 (M0 = 550);
 * squared deviations sum to 200200, population sd √25025 = 158.1929;
 * p = 0.5, r_pb = 240 / 158.1929 × 0.5 = 0.758567. (Uncorrected totals
 * would give 0.771517.) */
static const struct exam_response eight[] = {
	{900, 10, true}, {850, 10, true},  {800, 10, true},  {700, 10, false},
	{650, 10, true}, {600, 10, false}, {500, 10, false}, {400, 10, false},
};

/* the same totals, the weak right and the strong wrong: corrected 900 850
 * 790 690 650 590 490 390; M1 = 590, M0 = 800, sd 164.9574, p = 0.625,
 * r_pb = -0.616316 */
static const struct exam_response reversed8[] = {
	{900, 10, false}, {850, 10, false}, {800, 10, true}, {700, 10, true},
	{650, 10, false}, {600, 10, true},  {500, 10, true}, {400, 10, true},
};

static void test_stats_hand(void **state)
{
	struct exam_response r[32];
	struct exam_item_stat st;

	(void)state;
	exam_item_stats(eight, 8, &st);
	assert_int_equal(st.n, 8);
	assert_true(fabs(st.p - 0.5) < 1e-12);
	assert_true(st.has_r);
	assert_true(fabs(st.r_pb - 0.758567) < 1e-6);
	assert_int_equal(st.flags, EXAM_STAT_FEW); /* 8 < 30: no verdict */

	/* four times over: the same p and r_pb, and now a verdict: none */
	for (int i = 0; i < 32; i++)
		r[i] = eight[i % 8];
	exam_item_stats(r, 32, &st);
	assert_true(fabs(st.p - 0.5) < 1e-12);
	assert_true(fabs(st.r_pb - 0.758567) < 1e-6);
	assert_int_equal(st.flags, 0);

	for (int i = 0; i < 32; i++)
		r[i] = reversed8[i % 8];
	exam_item_stats(r, 32, &st);
	assert_true(fabs(st.p - 0.625) < 1e-12);
	assert_true(fabs(st.r_pb - -0.616316) < 1e-6);
	assert_int_equal(st.flags, EXAM_STAT_POOR);
}

static void test_stats_flags(void **state)
{
	struct exam_response r[40];
	struct exam_item_stat st;

	(void)state;
	/* 30 attempts, totals 300..590 by 10; the top k right */
	for (int i = 0; i < 30; i++) {
		r[i].total = 300 + 10 * i;
		r[i].score = 10;
		r[i].right = false;
	}
	for (int i = 25; i < 30; i++) /* 5 of 30: p = 0.167 */
		r[i].right = true;
	exam_item_stats(r, 30, &st);
	assert_true(st.has_r && st.r_pb > 0.2);
	assert_int_equal(st.flags, EXAM_STAT_HARD);
	r[24].right = true; /* 6 of 30: p = 0.2 exactly, not too hard */
	exam_item_stats(r, 30, &st);
	assert_int_equal(st.flags, 0);
	for (int i = 3; i < 30; i++) /* 27 of 30: p = 0.9 exactly */
		r[i].right = true;
	exam_item_stats(r, 30, &st);
	assert_int_equal(st.flags, 0);
	r[2].right = true; /* 28 of 30 */
	exam_item_stats(r, 30, &st);
	assert_int_equal(st.flags, EXAM_STAT_EASY);
	for (int i = 0; i < 30; i++) /* all right: no spread, no r */
		r[i].right = true;
	exam_item_stats(r, 30, &st);
	assert_false(st.has_r);
	assert_int_equal(st.flags, EXAM_STAT_EASY | EXAM_STAT_POOR);
	for (int i = 0; i < 30; i++) /* none right */
		r[i].right = false;
	exam_item_stats(r, 30, &st);
	assert_int_equal(st.flags, EXAM_STAT_HARD | EXAM_STAT_POOR);
	/* 29: no verdict, whatever the numbers */
	exam_item_stats(r, 29, &st);
	assert_int_equal(st.flags, EXAM_STAT_FEW);
	/* every corrected total the same: right ones scored 10 more */
	for (int i = 0; i < 30; i++) {
		r[i].right = i % 2;
		r[i].total = r[i].right ? 510 : 500;
	}
	exam_item_stats(r, 30, &st);
	assert_false(st.has_r);
	assert_int_equal(st.flags, EXAM_STAT_POOR);
	/* nothing at all */
	exam_item_stats(r, 0, &st);
	assert_int_equal(st.n, 0);
	assert_false(st.has_r);
	assert_int_equal(st.flags, EXAM_STAT_FEW);
}

/* a paper's attempts marked and the stats of each item: the same as the
 * item's own responses give, its score taken off the right ones' totals */
static void test_paper_stats(void **state)
{
	enum { NA = 40 };
	static bool right[NA * EXAM_MAX_ITEMS];
	static struct exam_item_stat st[EXAM_MAX_ITEMS];
	struct exam_response r[NA];
	struct exam_item_stat one;
	int totals[NA];
	unsigned ans[EXAM_MAX_ITEMS];
	struct exam_blueprint b;
	struct rule_error err;

	(void)state;
	setup_bank(&b);
	assert_true(exam_assemble(&b, bank, NBANK, 19, &paper, &err));
	for (size_t a = 0; a < NA; a++) {
		/* attempt a gets item i right when (a + 3 i) % 7 < a % 8 */
		for (size_t i = 0; i < paper.n; i++)
			ans[i] = (a + 3 * i) % 7 < a % 8 ? paper.items[i].item->key : 0;
		exam_mark(&paper, ans, &totals[a], &right[a * paper.n]);
	}
	exam_paper_stats(&paper, totals, right, NA, st);
	for (size_t i = 0; i < paper.n; i++) {
		size_t n1 = 0;

		for (size_t a = 0; a < NA; a++) {
			r[a].total = totals[a];
			r[a].score = paper.items[i].score;
			r[a].right = right[a * paper.n + i];
			n1 += r[a].right;
		}
		exam_item_stats(r, NA, &one);
		assert_int_equal(st[i].n, NA);
		assert_true(fabs(st[i].p - (double)n1 / NA) < 1e-12);
		assert_int_equal(st[i].has_r, one.has_r);
		assert_true(fabs(st[i].r_pb - one.r_pb) < 1e-12);
		assert_int_equal(st[i].flags, one.flags);
		assert_true(st[i].has_r &&
			    st[i].r_pb > 0.2); /* stronger attempts get more right */
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blueprint_parse),
		cmocka_unit_test(test_blueprint_refusals),
		cmocka_unit_test(test_keys_in_catalog),
		cmocka_unit_test(test_quota),
		cmocka_unit_test(test_assemble_shape),
		cmocka_unit_test(test_assemble_deterministic),
		cmocka_unit_test(test_assemble_prefers_unused),
		cmocka_unit_test(test_assemble_retired_shortfall),
		cmocka_unit_test(test_assemble_band),
		cmocka_unit_test(test_form_order),
		cmocka_unit_test(test_canonical),
		cmocka_unit_test(test_mark),
		cmocka_unit_test(test_stats_hand),
		cmocka_unit_test(test_stats_flags),
		cmocka_unit_test(test_paper_stats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
