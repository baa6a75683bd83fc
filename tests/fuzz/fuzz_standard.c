/*
 * fuzz_standard.c - standards JSON (src/core/standard.c standard_parse():
 * levels, components, pass marks, staffing, eligibility routes, dates),
 * and for a standard that parses, the eligibility check of each level for
 * a plain applicant and the lookups the catalogue makes.
 *
 * Input: the JSON text of one standard version (as in standards/).
 */
#include "fuzz.h"

#include "core/standard.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);
	struct arena a;
	struct standard st;
	char err[256];

	arena_init(&a);
	if (standard_parse(s, &a, &st, err, sizeof(err)) == 0) {
		struct applicant ap;
		struct eligibility_result res;

		(void)standard_in_force(&st, "2026-01-01");
		memset(&ap, 0, sizeof(ap));
		ap.birth_date = "1990-05-01";
		ap.work_start = "2010-09-01";
		ap.work_years_declared = true;
		ap.work_years = 12;
		for (int level = 0; level <= 6; level++) {
			const struct std_level *l = standard_level(&st, level);

			(void)standard_offers(&st, level);
			if (l)
				for (int c = 0; c < STD_COMPONENT_COUNT; c++)
					(void)std_level_has(l, (enum std_component)c);
			(void)eligibility_check(&st, level, &ap, "2026-01-01", &res);
		}
	} else if (strlen(err) >= sizeof(err)) {
		abort();
	}
	arena_release(&a);
	free(s);
	return 0;
}
