/*
 * post_spec.h - the post-skill specification (岗位技能规范) of an enterprise
 * self-evaluation (issue 15; docs/self-evaluation.md): a versioned JSON
 * document derived from a national standard (its occupation code and
 * version named), giving for each level it covers its own components,
 * their weights (percent, summing to 100), each component's pass mark
 * where it differs from the standard's, and the pass mark of the weighted
 * total. A plan that names one is scored by it: the components and their
 * marks replace the level's (post_spec_apply), and a candidate who passes
 * every component must also reach the weighted total (post_spec_total).
 *
 *   {"format": 1, "kind": "post_spec", "code": "cnc-turner-post",
 *    "version": "2026-1", "name": "数控车工岗位技能规范",
 *    "derived_from": {"occupation_code": "6-18-01-01",
 *                     "standard_version": "2018"},
 *    "confidence": "medium", "source": "…",
 *    "levels": [{"level": 4, "total_pass_mark": "70",
 *                "components": [{"component": "theory", "weight": 30,
 *                                "pass_mark": "40"},
 *                               {"component": "practical", "weight": 70}]}]}
 *
 * Pure: no I/O; strings copied into the caller's arena.
 */
#ifndef CORE_POST_SPEC_H
#define CORE_POST_SPEC_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "core/scoring.h"
#include "core/standard.h"

#define POST_SPEC_MAX_BYTES (64 * 1024)

struct post_spec_comp {
	enum std_component component;
	int weight;    /* percent, 1..100 */
	int pass_mark; /* tenths; -1: the standard's */
};

struct post_spec_level {
	int level;           /* 1..5 */
	int total_pass_mark; /* tenths, of the weighted total */
	struct post_spec_comp comp[STD_COMPONENT_COUNT];
	size_t ncomp;
};

struct post_spec {
	const char *code, *version, *name;
	const char *occupation_code, *standard_version; /* derived from */
	const char *confidence, *source;
	struct post_spec_level level[6]; /* [1..5] where covered */
	unsigned levels;                 /* bit n = level n covered */
};

/* Parses and validates a document into *out; 0, or -1 with one line in
 * err naming the path ("levels[0].components[1].weight: …"). */
int post_spec_parse(const char *json, struct arena *a, struct post_spec *out, char *err,
		    size_t errlen);
/* The level's part, or NULL when the spec does not cover it. */
const struct post_spec_level *post_spec_level(const struct post_spec *p, int level);
/* Makes the standard's level assess the spec's components with the spec's
 * marks (the standard's where the spec gives none). 0, or -1 when the spec
 * does not cover the level or the standard does not offer it. */
int post_spec_apply(const struct post_spec *p, int level, struct standard *s);
/* The weighted total in tenths (Σ weight × score / 100, rounded half up)
 * of the present entries of the level's components; -1 when one is
 * missing or not present. */
int post_spec_total(const struct post_spec_level *l,
		    const struct component_score *entries, size_t n);

#endif
