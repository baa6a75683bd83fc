/*
 * exam.h - the rules of a computer-based theory exam (机考理论知识考试):
 * the blueprint (鉴定要素细目表) a paper is assembled by, assembly from the
 * item bank (题库), parallel forms (one order of items and options per
 * candidate), the canonical form a paper is sealed by, automatic marking,
 * and item statistics (difficulty, discrimination).
 *
 * Pure rules, no I/O: the store reads the bank, the app seals and keeps the
 * paper and the answers, services/ hashes the canonical form. Scores are
 * integer tenths (core/scoring.h): a paper totals exactly SCORE_MAX (1000,
 * 100 points); no floating point touches a score. Statistics and the
 * difficulty band are doubles: they describe items, they decide nothing.
 *
 * ---- The blueprint, JSON (one per occupation and level, versioned) ----
 *
 *   {"occupation": "6-18-01-01",   occupation code (digits and hyphens)
 *    "level": 4,                   1..5
 *    "version": "2026.1",          1..31 printable ASCII, no spaces
 *    "minutes": 90,                exam time, 1..600
 *    "points": [                   knowledge points, 1..EXAM_MAX_POINTS
 *      {"code": "A-01",            as item.point: printable ASCII, no
 *                                  spaces, < ITEM_POINT_MAX bytes, unique
 *       "name": "安全生产",        1..EXAM_NAME_MAX bytes
 *       "weight": 10}, …],         whole percent 1..100; they sum to 100
 *    "sections": [                 one per kind, each kind at most once
 *      {"kind": "single",          "single", "multi", "tf"
 *       "count": 60,               items, 1..EXAM_MAX_ITEMS
 *       "score": 10}, …],          tenths each (10 = 1.0 point), 1..1000
 *    "difficulty": {"min": 0.55,   optional: the band the paper's mean
 *                   "max": 0.80}}  known p-value should fall in, 0 ≤ min ≤
 *                                  max ≤ 1
 *
 * The sections' count × score sum to exactly 1000 tenths, and all counts
 * together are at most EXAM_MAX_ITEMS. Unknown members are refused, so a
 * misspelt one does not pass unnoticed.
 *
 * ---- Quotas ----
 *
 * A section's count is shared among the knowledge points by weight, by
 * largest remainder (Hamilton): each point gets floor(count × weight /
 * 100), and the items left over go one each to the points with the
 * largest remainders, an earlier point first among equal remainders. So
 * each section's quotas sum to its count exactly (weights 33/33/34 of 10
 * items: 3/3/4).
 *
 * ---- The paper ----
 *
 * Items in sections, always in the order single, multi, tf; within a
 * section by knowledge point in the blueprint's order, then by the
 * assembler's pick. Each item carries its section's score; they total
 * 1000.
 *
 * ---- Marking ----
 *
 * Answers are bit sets in the ORIGINAL option order (bit 0 = A; true/false:
 * 1 true, 2 false), 0 = unanswered. Single choice and true/false: right
 * when the answer is exactly the key. Multiple choice is all-or-nothing
 * (多选题多选、少选、错选均不得分): right only when the answer is exactly the
 * key; a partly right answer scores 0. A right item earns its full score,
 * a wrong or unanswered one 0.
 */
#ifndef CORE_EXAM_H
#define CORE_EXAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "core/institution.h" /* struct rule_error */
#include "core/item.h"

#define EXAM_MAX_POINTS 64
#define EXAM_MAX_ITEMS 400 /* on one paper, all sections together */
#define EXAM_NAME_MAX 200  /* bytes of a knowledge point's name */
#define EXAM_NKINDS 3      /* sections: ITEM_SINGLE, ITEM_MULTI, ITEM_TF */
#define EXAM_STATS_MIN 30  /* attempts before an item gets a verdict */

/* ---- the blueprint ---- */

struct exam_point {
	char code[ITEM_POINT_MAX];
	char name[EXAM_NAME_MAX + 1];
	int weight; /* percent */
};

struct exam_blueprint {
	char occupation[32];
	int level;
	char version[32];
	int minutes;
	size_t npoints;
	struct exam_point points[EXAM_MAX_POINTS];
	/* by kind: [ITEM_SINGLE - 1] … [ITEM_TF - 1]; count 0 = no section */
	int count[EXAM_NKINDS];
	int score[EXAM_NKINDS]; /* tenths per item */
	bool has_band;
	double band_min, band_max; /* when has_band */
	/* the path of a parse error ("points[2].weight"): err->field points
	 * here */
	char where[64];
};

/*
 * Parses and checks a blueprint's JSON text into *out. Returns true when
 * valid. Else false, with err->msg a catalog key (val.blueprint.*) and
 * err->field the JSON path at fault ("points[2].weight", "sections",
 * "difficulty.max"; "" for the document itself), which points into
 * out->where; the rest of *out is then unspecified. Allocates nothing
 * that outlives the call.
 */
bool exam_blueprint_parse(const char *json, struct exam_blueprint *out,
			  struct rule_error *err);

/* The number of items of kind k (ITEM_SINGLE…ITEM_TF) for each knowledge
 * point: quota[p][k - 1] for bp->points[p] (see "Quotas" above). Rows past
 * bp->npoints are left alone. */
void exam_blueprint_quota(const struct exam_blueprint *bp, int quota[][EXAM_NKINDS]);

/* Every catalog key exam_blueprint_parse() and exam_assemble() hand out,
 * NULL-terminated (for the catalog test). */
const char *const *exam_keys(void);

/* ---- assembly ---- */

struct exam_bank_item {
	const struct item *item;
	bool retired;   /* never picked */
	double p_value; /* share of candidates who got it right; < 0 unknown */
	int used;       /* times on past papers */
};

struct exam_paper_item {
	const struct item *item; /* the bank's: the paper lives no longer */
	int score;               /* tenths */
	size_t bank_index;       /* index into the bank given to exam_assemble */
};

enum exam_warning {
	EXAM_WARN_BAND = 1u << 0,     /* the mean known p-value is outside the
					band and no swap within the bank got
					it in */
	EXAM_WARN_NO_PVALUE = 1u << 1 /* a band is set but no item on the paper
					 has a known p-value */
};

/* A paper kept by the store is rebuilt by filling seed, n, items[].item,
 * items[].score and total (bank_index, mean_p, warnings, where, missing
 * matter only to exam_assemble's caller); forms, the canonical form and
 * marking read nothing else. */
struct exam_paper {
	uint64_t seed;
	size_t n;
	struct exam_paper_item items[EXAM_MAX_ITEMS];
	int total;         /* tenths: 1000 */
	double mean_p;     /* mean of the items' known p-values; < 0 none */
	unsigned warnings; /* enum exam_warning bits */
	/* on a shortfall: the point and kind, and how many items are missing */
	char where[ITEM_POINT_MAX + 16]; /* "A-01.multi": err->field */
	int missing;
};

/*
 * Assembles a paper by the blueprint from the bank's n items. For each
 * knowledge point and kind it picks the quota from the items of that
 * point and kind that are not retired and pass item_check(): the least
 * used first, among equals in an order drawn from seed (splitmix64 of the
 * seed and the item's ref, so the pick does not depend on the bank's
 * order). When the blueprint has a difficulty band and the mean known
 * p-value (each item counted once, unknown ones left out) is outside it,
 * it swaps a picked item for an unpicked one of the same point and kind
 * while a swap brings the mean closer to the band, the closest first;
 * still outside: EXAM_WARN_BAND, not an error. The pass is greedy, one
 * swap at a time: a band that only a combination of swaps, each moving the
 * mean away first, could reach is reported as missed. The same blueprint,
 * bank and seed give the same paper.
 *
 * Returns true with *out filled. False on a shortfall: err->msg
 * "err.exam.shortfall", err->field "<point code>.<kind>" (in out->where)
 * and out->missing how many items short: the first short one in paper
 * order (kinds single, multi, tf; within a kind, points in the blueprint's
 * order).
 */
bool exam_assemble(const struct exam_blueprint *bp, const struct exam_bank_item *bank,
		   size_t n, uint64_t seed, struct exam_paper *out, struct rule_error *err);

/* ---- parallel forms ---- */

/*
 * One candidate's form of a paper: the items shuffled within each
 * section (sections stay single, multi, tf) and each choice item's
 * options shuffled (true/false keeps true, false). Derived from the
 * paper's seed and the candidate's seed, so a candidate always gets the
 * same form.
 */
struct exam_form {
	size_t n;
	/* shown position s holds the paper's item order[s] */
	uint16_t order[EXAM_MAX_ITEMS];
	/* for the paper's item i: shown option letter j is original option
	 * option[i][j] (identity for true/false) */
	uint8_t option[EXAM_MAX_ITEMS][ITEM_MAX_OPTIONS];
	uint8_t noptions[EXAM_MAX_ITEMS]; /* the paper's item i's (2 for tf) */
};

void exam_form_order(const struct exam_paper *p, uint64_t candidate_seed,
		     struct exam_form *out);

/* An answer to the paper's item i given in the shown letters, as a bit set
 * over the original options (shown bits past the item's options are
 * dropped, so the answer stays wrong rather than becoming another). */
unsigned exam_form_original(const struct exam_form *f, size_t i, unsigned shown);

/* The answers as shown (shown[s] for shown position s) into the paper's
 * order and original letters: original[i] for the paper's item i. */
void exam_form_answers(const struct exam_form *f, const unsigned *shown, unsigned *original);

/* ---- sealing ---- */

/*
 * Appends the paper's canonical bytes to out: a header line with the item
 * count and total, then for each item in order its ref, kind, knowledge
 * point, score, key, stem, options and explanation, every string length-
 * prefixed ("<bytes>:<text>") so no content can mimic the framing. Only
 * the content counts: the store's ids, bank indexes and p-values are left
 * out. Returns false when the buffer's cap was hit (buf_failed).
 */
bool exam_paper_canonical(const struct exam_paper *p, struct buf *out);

/* ---- marking ---- */

/*
 * Marks answers[i] (original option bits, 0 unanswered) against the
 * paper's item i for every item: *tenths_out the total (0..1000), and
 * when correct_out is not NULL, correct_out[i] whether item i was right.
 * Returns the number of items right.
 */
size_t exam_mark(const struct exam_paper *p, const unsigned *answers, int *tenths_out,
		 bool *correct_out);

/* ---- item statistics ---- */

/* One attempt at an item: the attempt's total, the score the item carried
 * on that paper, and whether it was right. */
struct exam_response {
	int total; /* tenths, the whole attempt, this item included */
	int score; /* tenths the item was worth on that paper */
	bool right;
};

enum exam_stat_flag {
	EXAM_STAT_FEW = 1u << 0,  /* fewer than EXAM_STATS_MIN attempts: no
				     verdict, no other flag */
	EXAM_STAT_HARD = 1u << 1, /* p < 0.2 */
	EXAM_STAT_EASY = 1u << 2, /* p > 0.9 */
	EXAM_STAT_POOR = 1u << 3, /* r_pb < 0.2, or undefined (no spread) */
};

struct exam_item_stat {
	size_t n;       /* attempts */
	double p;       /* difficulty: share right (0 when n = 0) */
	bool has_r;     /* r_pb is defined: some right, some wrong, and the
			   corrected totals vary */
	double r_pb;    /* discrimination (when has_r) */
	unsigned flags; /* enum exam_stat_flag bits */
};

/*
 * Difficulty and discrimination of one item from its n attempts.
 * Discrimination is the point-biserial correlation between the item's
 * 0/1 and the CORRECTED total (the attempt's total less what this item
 * earned, so the item does not correlate with itself), with population
 * standard deviations: r_pb = (M1 - M0) / s × √(p q), M1 and M0 the mean
 * corrected totals of those right and wrong, s their population sd.
 */
void exam_item_stats(const struct exam_response *r, size_t n, struct exam_item_stat *out);

/*
 * The same for every item of one paper from its nattempts attempts:
 * totals[a] the attempt's total in tenths, right[a * p->n + i] whether it
 * got the paper's item i right (as exam_mark's correct_out); out[i] for
 * item i (p->n of them).
 */
void exam_paper_stats(const struct exam_paper *p, const int *totals, const bool *right,
		      size_t nattempts, struct exam_item_stat *out);

#endif
