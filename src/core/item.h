/*
 * item.h - one item (试题) of a theory exam's item bank (题库), as the
 * blueprint (鉴定要素细目表), the paper assembler (core/exam.h), the QTI
 * and spreadsheet importers (services/qti.h) and the store share it.
 *
 * Three kinds: single choice (单选), multiple choice (多选, all-or-nothing)
 * and true/false (判断). Choices are lettered A, B, … in the order given;
 * the key is a bit set over them (bit 0 = A). A true/false item has no
 * options of its own: bit 0 is "true" (正确), bit 1 "false" (错误).
 *
 * Pure data, no I/O. Strings are UTF-8 and owned by the item.
 */
#ifndef CORE_ITEM_H
#define CORE_ITEM_H

#include <stdbool.h>

#define ITEM_MAX_OPTIONS 8
#define ITEM_REF_MAX 64    /* an external identifier: QTI identifier, sheet code */
#define ITEM_POINT_MAX 32  /* a knowledge point's code in the blueprint */
#define ITEM_STEM_MAX 4000 /* bytes */
#define ITEM_OPTION_MAX 1000
#define ITEM_EXPLANATION_MAX 4000

enum item_kind { ITEM_SINGLE = 1, ITEM_MULTI, ITEM_TF };

struct item {
	long long id; /* the store's, 0 before it is stored */
	char ref[ITEM_REF_MAX];
	enum item_kind kind;
	char point[ITEM_POINT_MAX]; /* "A-01-002": the blueprint's knowledge point */
	char *stem;
	int noptions; /* 2..ITEM_MAX_OPTIONS for choice items, 0 for true/false */
	char *options[ITEM_MAX_OPTIONS];
	unsigned key; /* bit set over the options (true/false: bit 0 true, bit 1 false) */
	char *explanation; /* NULL when none */
};

/* "single", "multi", "tf"; NULL for a value out of range. */
const char *item_kind_name(enum item_kind k);
/* The kind a name above stands for, or 0. */
enum item_kind item_kind_parse(const char *name);

/*
 * Whether it is a complete item; when not, *field is the field at fault
 * ("ref", "kind", "point", "stem", "options", "key", "explanation") and
 * the return is a catalog key (val.item.*). Rules: ref and point non-empty
 * printable ASCII without spaces; stem non-empty, at most ITEM_STEM_MAX
 * bytes; choice items 2..ITEM_MAX_OPTIONS non-empty options of at most
 * ITEM_OPTION_MAX bytes, no two the same; a single-choice key exactly one
 * bit, a multiple-choice key at least two, all within the options; a
 * true/false key exactly 1 or 2 and no options; all text valid UTF-8
 * without control characters (the stem and explanation may break lines).
 * NULL when it is complete.
 */
const char *item_check(const struct item *it, const char **field);

/* The key as letters ("A", "ACD"; true/false: "T" or "F") into out (at
 * least ITEM_MAX_OPTIONS + 1 bytes). */
void item_key_letters(const struct item *it, char *out);
/* The key a letter string stands for under it's kind and option count, or
 * 0 when it names no option ("ac" and "A,C" are "AC"; true/false accepts
 * T/F, 对/错, 正确/错误, √/×). */
unsigned item_key_parse(const struct item *it, const char *letters);

/* Frees what the item owns (not the item) and zeroes it. */
void item_clear(struct item *it);

/* One version of an item as the bank keeps it (migration 0041, store/
 * exam_item.c): strings owned by an arena, the options as the JSON array
 * stored. */
struct exam_item_row {
	long long id, institution_id;
	const char *institution_name; /* read only */
	const char *occupation_code;
	int level;
	const char *ref;
	int version;
	const char *kind, *point, *stem;
	const char *options; /* JSON array of strings ("[]" for true/false) */
	long long answer_key;
	const char *explanation;
	const char *status; /* draft submitted reviewed approved superseded retired */
	const char *author, *reviewer, *review_note, *reviewed_at, *approver,
		*approved_at, *retired_at, *retire_reason;
	long long supersedes; /* 0 = the first version */
	const char *created_at, *updated_at;
};
struct exam_item_filter {
	long long institution_id;         /* 0 = every bank */
	const char *occupation_code;      /* NULL or "" = any */
	int level;                        /* 0 = any */
	const char *status, *point, *ref; /* NULL or "" = any */
	long long before;                 /* ids below (0 = from the newest) */
	long long limit;
};
#endif
