/*
 * statistics.c - the codes of the measures and dimensions (core/statistics.h).
 */
#include "core/statistics.h"

#include <string.h>

#include "core/figures.h"

static const char *const measure_codes[STAT_MEASURES] = {
	[STAT_PLANS] = "plans",
	[STAT_ENROLLED] = "enrolled",
	[STAT_ASSESSED] = "assessed",
	[STAT_PASSED] = "passed",
	[STAT_THEORY_SAT] = "theory_sat",
	[STAT_THEORY_PASSED] = "theory_passed",
	[STAT_PRACTICAL_SAT] = "practical_sat",
	[STAT_PRACTICAL_PASSED] = "practical_passed",
	[STAT_REVIEW_SAT] = "review_sat",
	[STAT_REVIEW_PASSED] = "review_passed",
	[STAT_CERTIFICATES] = "certificates",
	[STAT_FILED_ON_TIME] = "filed_on_time",
	[STAT_FILED_LATE] = "filed_late",
	[STAT_UNFILED] = "unfiled",
	[STAT_REVOKED] = "revoked",
	[STAT_CORRECTIONS] = "corrections",
	[STAT_APPEALS] = "appeals",
	[STAT_COMPETITION_ENTRANTS] = "competition_entrants",
	[STAT_COMPETITION_AWARDS] = "competition_awards",
	[STAT_HONOURS] = "honours",
	[STAT_APPRENTICES] = "apprentices",
	[STAT_APPRENTICES_COMPLETED] = "apprentices_completed",
	[STAT_TRAINEES] = "trainees",
	[STAT_TRAINEES_COMPLETED] = "trainees_completed",
};

static const char *const dim_codes[STAT_DIMS] = {
	[STAT_BY_NONE] = "none",
	[STAT_BY_YEAR] = "year",
	[STAT_BY_PROVINCE] = "province",
	[STAT_BY_BRANCH] = "branch",
	[STAT_BY_INSTITUTION] = "institution",
	[STAT_BY_OCCUPATION] = "occupation",
	[STAT_BY_LEVEL] = "level",
};

const char *stat_measure_code(enum stat_measure m)
{
	return (unsigned)m < STAT_MEASURES ? measure_codes[m] : NULL;
}

int stat_measure_parse(const char *code)
{
	for (int i = 0; code && i < STAT_MEASURES; i++)
		if (!strcmp(code, measure_codes[i]))
			return i;
	return -1;
}

const char *stat_dim_code(enum stat_dim d)
{
	return (unsigned)d < STAT_DIMS ? dim_codes[d] : NULL;
}

int stat_dim_parse(const char *code)
{
	for (int i = 0; code && i < STAT_DIMS; i++)
		if (!strcmp(code, dim_codes[i]))
			return i;
	return -1;
}

int stat_rate(long long part, long long whole) { return figures_rate(part, whole); }
