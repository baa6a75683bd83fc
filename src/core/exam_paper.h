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
};

/* An item of a paper: its position (1, 2, …), the score it carries
 * (tenths) and the version row it is. */
struct exam_paper_item_row {
	int position;
	int score;
	struct exam_item_row x;
};

#endif
