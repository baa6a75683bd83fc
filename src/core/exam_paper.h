/*
 * exam_paper.h - a blueprint and a paper as the store keeps them
 * (migration 0042, store/exam_paper.c, app/exam_paper.c): the blueprint's
 * JSON as given, a paper of a plan with its items (the very version rows
 * of the bank) and its seal. The rules are core/exam.h's.
 *
 * Pure data, no I/O. Strings are owned by an arena.
 */
#ifndef CORE_EXAM_PAPER_H
#define CORE_EXAM_PAPER_H

#include "core/item.h"

struct exam_blueprint_row {
	long long id, institution_id;
	const char *institution_name; /* read only */
	const char *occupation_code;
	int level;
	const char *version;
	const char *doc; /* the JSON as given */
	int minutes;
	const char *created_by, *created_at;
};

struct exam_paper_row {
	long long id, plan_id, blueprint_id;
	const char *seed;   /* decimal uint64 */
	const char *status; /* draft | sealed */
	const char *digest; /* hex SHA-256 of the canonical bytes; "" until sealed */
	long long warnings; /* EXAM_WARN_* bits */
	const char *created_by, *created_at, *sealed_by, *sealed_at;
	/* the sitting (migration 0043): "" until opened / closed */
	const char *starts_at, *opened_by, *closed_at;
	/* joined: the blueprint's */
	long long bank_institution_id;
	const char *occupation_code, *version;
	int level, minutes;
	long long nitems; /* read only: its items */
};

/* An approved item of a bank, and how many papers used its ref (any
 * version). */
struct exam_bank_row {
	struct exam_item_row x;
	long long used;
	int stat_attempts, p_milli; /* its statistics (0, 0: none yet) */
};

/* An item of a paper: its position (1, 2, …), the score it carries
 * (tenths) and the version row it is. */
struct exam_paper_item_row {
	int position;
	int score;
	struct exam_item_row x;
};

/* ---- the online exam (migration 0043, store/exam_attempt.c,
 * app/exam_attempt.c) ---- */

/* A candidate's attempt at a paper: one per enrolment and paper. The
 * deadline is the sitting's start plus the blueprint's minutes plus the
 * minutes granted to this candidate (not the attempt's start: a late
 * candidate has less time). */
struct exam_attempt_row {
	long long id, paper_id, enrolment_id;
	const char *seed;   /* decimal uint64: the candidate's form */
	const char *status; /* in_progress | submitted | timed_out */
	const char *started_at, *saved_at, *finished_at; /* "" = not yet */
	int extra_minutes;
	int answered;            /* answers not blank */
	int tenths;              /* marked total; -1 until marked */
	int nright;              /* items right; -1 until marked */
	const char *marked_into; /* "theory" when it became the theory
				    component, else the reason it did not
				    ("locked", "plan_status", ""), read only */
	/* joined: the paper's and its plan's */
	long long plan_id;
	const char *starts_at; /* the sitting's start */
	int minutes;           /* the blueprint's */
	/* joined: the enrolment's person (masked) and room */
	const char *person_name, *person_masked_id;
	long long room_id;
	int seat;
};

/* One saved answer: the position shown to the candidate (1, 2, …) and
 * the letters chosen as shown ("" cleared). */
struct exam_answer_row {
	int position;
	const char *answer;
	const char *saved_at;
};

/* Time granted to one candidate, with its reason. */
struct exam_extension_row {
	long long id, attempt_id;
	int minutes;
	const char *reason, *granted_by, *granted_at;
};

/* An item version's statistics from the marked attempts at every paper
 * that carried it (core/exam.h exam_item_stats), as stored: thousandths. */
struct exam_item_stat_row {
	long long item_id;
	int attempts;
	int p_milli; /* difficulty ×1000 */
	int r_milli; /* discrimination ×1000; has_r false: not defined */
	bool has_r;
	unsigned flags; /* EXAM_STAT_* bits */
	const char *computed_at;
};

#endif
