/*
 * fuzz_commendation.c - commendation rules documents
 * (src/core/commendation.c commend_parse(): categories, their kind, the
 * eligibility rules and default quotas), and for a document that parses,
 * every category's eligibility over a few made-up registry facts (each
 * rule alone, then the category's in order, with the refusal's text) and
 * the quota arithmetic over its default quotas.
 *
 * Input: the JSON text of one rules document (as in commendations/).
 */
#include "fuzz.h"

#include "core/commendation.h"
#include "core/i18n.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static void exercise(const struct commend_doc *d, struct arena *a)
{
	static const struct commend_status h[] = {{"2019-12-31", "registered"},
						  {"2020-06-01", "suspended"},
						  {"2020-07-01", "registered"}};
	static const char *const due[] = {"2021-01-31", ""};
	struct commend_facts f;
	struct commend_refusal r;

	memset(&f, 0, sizeof(f));
	f.year = 2020;
	f.today = "2021-02-01";
	for (size_t i = 0; i < d->ncats; i++) {
		const struct commend_cat *c = &d->cats[i];

		if (commend_cat_find(d, c->code) != c)
			abort(); /* each category found by its code */
		if (!commend_code_valid(c->code) || !c->name_en ||
		    !*commend_cat_text(LANG_EN, c->code, c->name, c->name_en))
			abort(); /* a kept code is well formed; every category has a name */
		for (int k = 0; k < 4; k++) {
			f.history = k & 1 ? h : NULL;
			f.nhistory = k & 1 ? 3 : 0;
			f.open_deadlines = due;
			f.nopen = (size_t)(k & 2);
			f.staff_since = k & 1 ? "2016-02-29" : "";
			f.work_start = k & 2 ? "1990-01-01" : NULL;
			f.sanctions = k == 3;
			for (size_t j = 0; j < c->nrules; j++)
				(void)commend_rule_met(&c->rules[j], &f);
			if (commend_eligible(c, &f, &r)) {
				if (!commend_rule_name(r.rule))
					abort();
				(void)commend_refusal_str(a, LANG_EN, &r);
			}
		}
		for (int used = 0; used < 4; used++) {
			struct commend_used u = {{used, used, used}};
			enum commend_scope s;
			int left = commend_quota_left(&c->quota, &u, used & 1, used & 2, &s);

			if (left < -1 || left > COMMEND_QUOTA_MAX)
				abort(); /* never below 0 but for "no limit" */
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);
	struct arena a;
	struct commend_doc d;
	char err[256];

	arena_init(&a);
	if (commend_parse(s, &a, &d, err, sizeof(err)) == 0)
		exercise(&d, &a);
	else if (strlen(err) >= sizeof(err))
		abort();
	arena_release(&a);
	free(s);
	return 0;
}
