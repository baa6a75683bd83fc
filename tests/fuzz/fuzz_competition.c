/*
 * fuzz_competition.c - competition technical documents
 * (src/core/competition.c comp_parse(): tier, groups, modules, aspects and
 * tolerance bands, tie-break order, award bands, titles, squad, promotion
 * rules, the scale), and for a document that parses, every rule computed
 * from it: marking each aspect, totals, the ranking, the standardised
 * score, awards, titles, squad and promotions over a few made-up
 * entrants.
 *
 * Input: the JSON text of one technical document (as in competitions/).
 */
#include "fuzz.h"

#include "core/competition.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static void exercise(const struct comp_doc *d)
{
	struct comp_entry e[6];
	int marks[COMP_MAX_MODULES];
	struct comp_refusal r;
	struct comp_total t;
	int out;

	for (size_t i = 0; i < d->nmodules; i++) {
		const struct comp_module *m = &d->modules[i];

		marks[i] = 0;
		for (size_t j = 0; j < m->naspects; j++) {
			const struct comp_aspect *a = &m->aspects[j];

			(void)comp_mark_judgement(a, (const int[]){3, 2, 3}, &out, &r);
			(void)comp_mark_judgement(a, (const int[]){0, 3, 1}, &out, &r);
			(void)comp_mark_full(a, true, &out, &r);
			if (comp_mark_band(a, 0.03, &out, &r) == 0)
				marks[i] += out;
		}
		if (marks[i] > m->weight)
			abort(); /* bands never earn more than the aspect's max */
	}
	memset(e, 0, sizeof(e));
	for (int k = 0; k < 6; k++) {
		if (comp_total(d, marks, k * 1999, &t, &r))
			abort();
		e[k].group = (enum comp_group)(k % 2);
		e[k].total = t.total - k % 3;
		e[k].practical = t.practical;
		e[k].theory = t.theory;
		e[k].modules = marks;
		e[k].seconds = k * 7;
	}
	comp_rank(d, e, 6);
	comp_standardise(d, e, 6);
	for (int k = 0; k < 6; k++) {
		enum comp_award aw = comp_award_for(d, e[k].place, 6);

		(void)comp_titles_for(d, e[k].place);
		(void)comp_squad_for(d, e[k].place);
		for (int level = 0; level <= 5; level++) {
			struct comp_promotion p = comp_promote(d, e[k].group, aw,
							       e[k].place, 6, level);
			if (p.level < 0 || p.level > 5 ||
			    (p.level && level && p.level >= level))
				abort(); /* a promotion only ever goes up */
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);
	struct arena a;
	struct comp_doc d;
	char err[256];

	arena_init(&a);
	if (comp_parse(s, &a, &d, err, sizeof(err)) == 0)
		exercise(&d);
	else if (strlen(err) >= sizeof(err))
		abort();
	arena_release(&a);
	free(s);
	return 0;
}
