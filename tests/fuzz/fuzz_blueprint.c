/*
 * fuzz_blueprint.c - exam blueprint JSON (src/core/exam.c
 * exam_blueprint_parse(): occupation, level, version, minutes, knowledge
 * points and weights, sections, the difficulty band), and for a blueprint
 * that parses, its quotas, a paper assembled from a made-up bank with one
 * spare item per knowledge point and kind (p-values spread so the band
 * pass runs), a candidate's form, the canonical form and the marking of
 * the form's answers.
 *
 * Input: the JSON text of one blueprint.
 */
#include "fuzz.h"

#include <stdio.h>

#include "core/exam.h"

#define NBANK (EXAM_MAX_ITEMS + EXAM_MAX_POINTS * EXAM_NKINDS)

static struct item items[NBANK];
static struct exam_bank_item bank[NBANK];
static struct exam_paper paper;
static struct exam_form form;
static char stem[] = "stem";
static char opts[4][4] = {"a", "b", "c", "d"};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static void exercise(const struct exam_blueprint *bp, uint64_t seed)
{
	int quota[EXAM_MAX_POINTS][EXAM_NKINDS];
	struct rule_error err;
	size_t n = 0;
	unsigned shown[EXAM_MAX_ITEMS], orig[EXAM_MAX_ITEMS];
	bool right[EXAM_MAX_ITEMS];
	int tenths;
	struct buf b;

	exam_blueprint_quota(bp, quota);
	for (size_t p = 0; p < bp->npoints; p++)
		for (int k = 0; k < EXAM_NKINDS; k++)
			for (int j = 0; j <= quota[p][k] && n < NBANK; j++, n++) {
				struct item *it = &items[n];

				memset(it, 0, sizeof(*it));
				snprintf(it->ref, sizeof(it->ref), "Q%zu", n);
				memcpy(it->point, bp->points[p].code, sizeof(it->point));
				it->kind = (enum item_kind)(k + 1);
				it->stem = stem;
				if (it->kind == ITEM_TF) {
					it->key = 1;
				} else {
					it->noptions = 4;
					for (int o = 0; o < 4; o++)
						it->options[o] = opts[o];
					it->key = it->kind == ITEM_SINGLE ? 1 : 3;
				}
				bank[n].item = it;
				bank[n].retired = false;
				bank[n].p_value = n % 5 == 4 ? -1 : (double)(n % 5) / 4;
				bank[n].used = (int)(n % 3);
			}
	if (!exam_assemble(bp, bank, n, seed, &paper, &err))
		return;
	exam_form_order(&paper, seed ^ 0x1234, &form);
	for (size_t s = 0; s < form.n; s++)
		shown[s] = (unsigned)(s % 4) + 1;
	exam_form_answers(&form, shown, orig);
	(void)exam_mark(&paper, orig, &tenths, right);
	if (tenths < 0 || tenths > 1000 || paper.total != 1000)
		abort();
	buf_init(&b, 0);
	(void)exam_paper_canonical(&paper, &b);
	buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct exam_blueprint bp;
	char *s = fuzz_strndup(data, size);
	struct rule_error err;

	if (exam_blueprint_parse(s, &bp, &err))
		exercise(&bp, size);
	else if (!err.msg || !err.field)
		abort();
	free(s);
	return 0;
}
