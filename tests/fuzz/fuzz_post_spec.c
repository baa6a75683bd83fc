/*
 * fuzz_post_spec.c - post-skill specifications (src/core/post_spec.c
 * post_spec_parse(): levels, components, weights and marks), and for a
 * document that parses, every covered level applied to a made-up standard
 * and its weighted total over a few made-up scores (never out of 0..100,
 * the weights adding up to 100).
 *
 * Input: the JSON text of one specification (as in post_specs/).
 */
#include "fuzz.h"

#include "core/post_spec.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static void exercise(const struct post_spec *p)
{
	for (int level = 1; level <= 5; level++) {
		const struct post_spec_level *l = post_spec_level(p, level);
		struct component_score e[STD_COMPONENT_COUNT];
		struct standard s;
		int sum = 0, total;

		if (!l)
			continue;
		memset(&s, 0, sizeof(s));
		s.levels = 1u << level;
		s.level[level].level = level;
		s.level[level].components = 1u << STD_THEORY | 1u << STD_PRACTICAL;
		if (post_spec_apply(p, level, &s) != 0)
			abort(); /* a covered level the standard offers */
		for (size_t i = 0; i < l->ncomp; i++) {
			sum += l->comp[i].weight;
			e[i].component = l->comp[i].component;
			e[i].status = SCORE_PRESENT;
			e[i].tenths = (int)(i * 337 % (SCORE_MAX + 1));
			e[i].reason = NULL;
		}
		if (sum != 100)
			abort();
		total = post_spec_total(l, e, l->ncomp);
		if (total < 0 || total > SCORE_MAX)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);
	struct arena a;
	struct post_spec p;
	char err[256];

	arena_init(&a);
	if (post_spec_parse(s, &a, &p, err, sizeof(err)) == 0)
		exercise(&p);
	else if (strlen(err) >= sizeof(err))
		abort();
	arena_release(&a);
	free(s);
	return 0;
}
