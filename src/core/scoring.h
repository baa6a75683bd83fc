/*
 * scoring.h - how an assessment is conducted and decided (domain.md §4):
 * scores and their text form, candidate statuses, the practical score from
 * several assessors, the pass rule, and the staffing rules of a plan.
 *
 * Pure rules, no I/O, no allocation. Every number that varies — pass
 * marks, the practical aggregate, the spread threshold, the staffing ratios
 * — comes from the standard (core/standard.h). Messages are catalog keys
 * with numbers beside them; scoring_keys() lists them with their numbers.
 *
 * Scores are 0–100 with at most one decimal, kept as integer tenths
 * (85.5 → 855), so no floating point touches a result.
 */
#ifndef CORE_SCORING_H
#define CORE_SCORING_H

#include <stdbool.h>
#include <stddef.h>

#include "core/institution.h" /* struct rule_error */
#include "core/standard.h"

#define SCORE_MAX 1000 /* tenths: 100.0 */

/* ---- one score as text ---- */

enum score_err {
	SCORE_OK = 0,
	SCORE_EEMPTY,    /* "" or only spaces: val.score.required */
	SCORE_EFORMAT,   /* not a number: val.score.format */
	SCORE_EDECIMALS, /* more than one decimal: val.score.decimals */
	SCORE_ERANGE,    /* below 0 or above 100: val.score.range */
};

/*
 * Parses a score: optional spaces or tabs, digits, optionally '.' and
 * exactly one digit, optional spaces ("85", "85.5", " 85.0 ", "0",
 * "100.0"). Refuses "85.55" (EDECIMALS), "101" and "-1" (ERANGE), "abc",
 * "85.", ".5", "+85", "1e2" (EFORMAT), "" (EEMPTY). On success sets
 * *tenths (0..1000) and returns SCORE_OK; else leaves it alone.
 */
int score_parse(const char *text, int *tenths);
/* The catalog key of a score_parse() error; NULL for SCORE_OK. */
const char *score_err_key(int err);
/* "85.5", "85.0", "100.0", "0.0": always one decimal. out needs 8 bytes;
 * a value out of 0..1000 is written as "?". */
void score_format(int tenths, char out[8]);

/* ---- statuses ---- */

enum score_status {
	SCORE_PRESENT,      /* sat the component; a score is given */
	SCORE_ABSENT,       /* 缺考 */
	SCORE_WITHDRAWN,    /* 放弃 / 中途退出 */
	SCORE_DISQUALIFIED, /* 违纪取消成绩: needs a reason */
	SCORE_STATUS_COUNT
};
const char *score_status_name(enum score_status s); /* "present" … */
int score_status_parse(const char *s);              /* -1 when unknown */
const char *const *score_status_names(void);        /* NULL-terminated */

/* One candidate's entry for one component. tenths is read only when the
 * status is SCORE_PRESENT; reason only when SCORE_DISQUALIFIED. */
struct component_score {
	enum std_component component;
	enum score_status status;
	int tenths;
	const char *reason;
};

/* Checks one entry on its own: a known component and status, a present
 * score within 0..1000, a disqualification with a reason (1..500
 * characters). Field is "component", "status", "score" or "reason". */
bool score_check_entry(const struct component_score *e, struct rule_error *err);

/* ---- the practical score from several assessors ---- */

/*
 * Combines n (≥ 1) assessors' scores in tenths into *out:
 *   mean   — the exact mean rounded half up to a tenth, in integers:
 *            (2·Σ + n) / (2n) with integer division, so 85.0 and 85.5
 *            give 85.3 (85.25 → 85.3), and 80.0, 80.0, 80.1 give 80.0;
 *   median — the middle score of the sorted list; for an even count the
 *            mean of the two middle ones, rounded half up the same way
 *            ((a + b + 1) / 2).
 * Returns 0, or -1 when n is 0 or a score is outside 0..1000.
 */
int score_aggregate(enum std_aggregate how, const int *tenths, size_t n, int *out);

struct practical_score {
	int tenths;          /* the aggregate the standard asks for */
	int spread;          /* max − min, tenths */
	bool needs_note;     /* spread > the standard's spread_threshold */
	const char *problem; /* NULL when the score can be submitted, else a
				key (see below) */
	int required, actual;
};

/*
 * The practical score of one candidate at `level` from the n assessors'
 * scores, with the moderation note given (NULL or "" = none). Fills *out
 * and returns 0 when it can be submitted; else -1 with out->problem:
 *   "score.level_not_offered"   (required = level)
 *   "score.no_scores"           n == 0
 *   "val.score.range"           a score outside 0..100
 *   "score.assessors_too_few"   n < staffing.assessors_min (required, actual)
 *   "score.moderation_required" spread above the threshold and no note
 *                               (required = threshold, actual = spread,
 *                               both tenths)
 */
int score_practical(const struct standard *s, int level, const int *tenths, size_t n,
		    const char *note, struct practical_score *out);

/* ---- the result of a candidate ---- */

enum score_result {
	RESULT_PASS,
	RESULT_FAIL,         /* a component below its pass mark */
	RESULT_ABSENT,       /* absent from a component: fails */
	RESULT_WITHDRAWN,    /* withdrew from a component: fails */
	RESULT_DISQUALIFIED, /* disqualified in a component: fails */
	RESULT_INCOMPLETE,   /* a required component has no entry yet */
	RESULT_COUNT
};
const char *score_result_name(enum score_result r); /* "pass" … */

struct score_outcome {
	enum score_result result;
	const char *key;      /* why, as a catalog key (below) */
	int component;        /* the component the key concerns; -1 none */
	int required, actual; /* pass mark and score (tenths) for a fail */
	struct {
		bool required; /* assessed at this level */
		bool entered;  /* an entry was given */
		bool passed;   /* present and ≥ pass mark */
		enum score_status status;
		int tenths, pass_mark;
	} comp[STD_COMPONENT_COUNT];
};

/*
 * Decides a candidate at `level` from the entries given (at most one per
 * component). A candidate passes only when every component the level
 * assesses has a present score ≥ that component's pass mark (the review
 * component counts only where the standard assesses it: levels 2 and 1).
 * Decided in this order, the first that applies:
 *   any entry disqualified → RESULT_DISQUALIFIED "score.result.disqualified"
 *   any withdrawn          → RESULT_WITHDRAWN    "score.result.withdrawn"
 *   any absent             → RESULT_ABSENT       "score.result.absent"
 *   a component missing    → RESULT_INCOMPLETE   "score.result.incomplete"
 *   a score below its mark → RESULT_FAIL         "score.result.below_mark"
 *                            (component, required = mark, actual = score;
 *                            the first such component)
 *   otherwise              → RESULT_PASS         "score.result.pass"
 * out->comp[] shows every component. Returns 0; -1 when the level is not
 * offered ("score.level_not_offered"), an entry is invalid (its
 * score_check_entry() key), a component is given twice
 * ("score.component_twice") or is not assessed at this level
 * ("score.component_not_at_level"), with out->key and out->component set.
 */
int score_result(const struct standard *s, int level, const struct component_score *entries,
		 size_t n, struct score_outcome *out);

/* ---- staffing of a plan ---- */

struct staffing_room { /* a theory exam room */
	int candidates, proctors;
};

struct staffing_group { /* a practical station or assessor group */
	int candidates, assessors;
};

struct staffing_plan {
	const struct staffing_room *rooms;
	size_t nrooms;
	const struct staffing_group *groups;
	size_t ngroups;
	int review_panel; /* members of the review panel (levels 2 and 1) */
	/* the whole plan, rooms or not: its theory candidates and all its
	 * proctors (a candidate not seated in a room still needs them) */
	int candidates, proctors;
};

/* One broken rule: where ("room", "group", "review" or "plan"), which (index in
 * rooms/groups; -1 for the review panel), how many candidates there, and
 * the numbers: at least `required`, `actual` present. */
struct staffing_violation {
	const char *key;
	const char *where;
	int index;
	int candidates;
	int required, actual;
};

/*
 * Checks a plan's staffing at `level` against the standard and writes
 * every broken rule, up to max, into out (rooms first, then groups, then
 * the review panel). Rooms are checked only when the level has a theory
 * component, groups when it has a practical one, the panel when it has a
 * review; rooms and groups without candidates are skipped.
 *   "staff.proctors.ratio"    a room: proctors < ⌈candidates / ratio⌉
 *   "staff.proctors.room_min" a room: proctors < proctors_per_room_min
 *   "staff.assessors.ratio"   a group: assessors < ⌈candidates / ratio⌉
 *   "staff.assessors.min"     a group: assessors < assessors_min
 *   "staff.assessors.odd"     a group: an even number where odd is asked
 *                             (required = the next odd number)
 *   "staff.review.min"        panel < review_panel_min
 *   "staff.review.odd"        an even panel where odd is asked
 * Returns the number of broken rules (which may exceed max), 0 when the
 * staffing is sound, -1 when the level is not offered or a count is
 * negative.
 */
int staffing_check(const struct standard *s, int level, const struct staffing_plan *plan,
		   struct staffing_violation *out, size_t max);

/* Every key this module hands out, NULL-terminated. */
const char *const *scoring_keys(void);

#endif
