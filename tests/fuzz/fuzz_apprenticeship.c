/*
 * fuzz_apprenticeship.c - apprenticeship rules documents
 * (src/core/apprenticeship.c appr_parse(): contract months, hire kinds,
 * target levels, duration, subsidy), and for a document that parses,
 * admission, the duration of every level and the subsidy of every outcome
 * over a few months and advances.
 *
 * Input: the JSON text of one rules document (as in apprenticeships/).
 */
#include "fuzz.h"

#include "core/apprenticeship.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static void exercise(const struct appr_rules *r)
{
	for (int level = 0; level <= 6; level++) {
		int st = 0, lo = 0, hi = 0, sp = 0;
		bool special;

		for (int h = 0; h < APPR_HIRE_COUNT; h++)
			(void)appr_admit(r, level * 6, (enum appr_hire)h, level);
		if (appr_duration(r, level, &st, &lo, &hi, &sp) == APPR_OK &&
		    (st < lo || st > hi || hi > sp))
			abort(); /* the standard months within the range */
		(void)appr_class_months(r, level, level * 7, &special);
		for (int o = 0; o < APPR_OUT_COUNT; o++)
			for (int months = -1; months <= 13; months += 7) {
				struct appr_subsidy s;

				appr_subsidy(r, (enum appr_outcome)o, level, months,
					     level * 1000, &s);
				if (s.amount < 0 || s.due < 0 || s.clawback < 0 ||
				    s.amount > APPR_AMOUNT_MAX || !s.rule)
					abort();
				if (s.due && s.clawback)
					abort(); /* never both */
			}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);
	struct arena a;
	struct appr_rules r;
	char err[256];

	arena_init(&a);
	if (appr_parse(s, &a, &r, err, sizeof(err)) == 0)
		exercise(&r);
	else if (strlen(err) >= sizeof(err))
		abort();
	arena_release(&a);
	free(s);
	return 0;
}
