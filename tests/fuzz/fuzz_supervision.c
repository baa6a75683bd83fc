/*
 * fuzz_supervision.c - supervision rules documents
 * (src/core/supervision.c sup_rules_parse(): every rule with exactly its
 * thresholds, each a number in its range), and for a document that
 * parses, every rule run on small arrays made from the input's bytes: a p
 * value within [0, 1], a raised verdict always tested, the statistic's
 * text inside its buffer, clusters numbered below their count.
 *
 * Input: the JSON text of one rules document (as supervision/rules.json).
 */
#include "fuzz.h"

#include <math.h>

#include "core/supervision.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static void check(const struct sup_verdict *v)
{
	if (!(v->p >= 0 && v->p <= 1) || (v->raised && !v->tested) ||
	    strnlen(v->text, sizeof(v->text)) >= sizeof(v->text))
		abort();
}

static void exercise(const struct sup_rules *r, const uint8_t *d, size_t size)
{
	enum { N = 12 };
	long long x[N], base[N], at[N];
	double diff[N];
	int tenths[N * 3], cluster[N];
	struct sup_verdict v[N];
	size_t nclusters;

	for (size_t i = 0; i < N; i++) {
		uint8_t b = size ? d[i % size] : 0;

		base[i] = b % 50;
		x[i] = base[i] ? (b / 3) % (base[i] + 1) : 0;
		at[i] = (long long)(b % 7) * (long long)i;
		diff[i] = (double)(int)(b % 21) - 10;
		for (size_t j = 0; j < 3; j++)
			tenths[i * 3 + j] = (b + j) % 5 ? (int)(550 + (b + j) % 120)
							: SUP_MISSING;
	}
	sup_rate_outliers(&r->r[SUP_PASS_RATE_OUTLIER], N, x, base, v);
	for (size_t i = 0; i < N; i++)
		check(&v[i]);
	sup_overrides(&r->r[SUP_OVERRIDES], N, x, base, v);
	for (size_t i = 0; i < N; i++)
		check(&v[i]);
	sup_assessor_bias(&r->r[SUP_ASSESSOR_BIAS], N, diff, &v[0]);
	check(&v[0]);
	sup_theory_bunching(&r->r[SUP_THEORY_BUNCHING], N * 3, tenths, &v[0]);
	check(&v[0]);
	sup_fast_entry(&r->r[SUP_FAST_ENTRY], N, at, &v[0]);
	check(&v[0]);
	sup_count(&r->r[SUP_UNFILED_OVERDUE], x[0], &v[0]);
	check(&v[0]);
	nclusters = sup_identical(&r->r[SUP_IDENTICAL_PATTERNS], N, 3, tenths, cluster);
	for (size_t i = 0; i < N; i++)
		if (cluster[i] >= (int)nclusters || cluster[i] < -1)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);
	struct arena a;
	struct sup_rules r;
	char err[256];

	arena_init(&a);
	if (sup_rules_parse(s, &a, &r, err, sizeof(err)) == 0)
		exercise(&r, data, size);
	else if (strlen(err) >= sizeof(err) || !err[0])
		abort();
	arena_release(&a);
	free(s);
	return 0;
}
