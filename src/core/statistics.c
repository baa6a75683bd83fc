/*
 * statistics.c - the codes of the measures and dimensions (core/statistics.h).
 */
#include "core/statistics.h"

#include <stdlib.h>
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

static int cell_cmp(const void *pa, const void *pb)
{
	const struct stat_cell *a = pa, *b = pb;
	int d;

	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->institution_id != b->institution_id)
		return a->institution_id < b->institution_id ? -1 : 1;
	if ((d = strcmp(a->occupation, b->occupation)))
		return d;
	return (a->level > b->level) - (a->level < b->level);
}

size_t stat_cells_merge(struct stat_cell *cells, size_t n)
{
	size_t out = 0;

	if (!n)
		return 0;
	qsort(cells, n, sizeof(*cells), cell_cmp);
	for (size_t i = 1; i < n; i++) {
		if (!cell_cmp(&cells[out], &cells[i])) {
			for (int m = 0; m < STAT_MEASURES; m++)
				cells[out].v[m] += cells[i].v[m];
			continue;
		}
		cells[++out] = cells[i];
	}
	return out + 1;
}
