/* scoring.c - scores, statuses, the pass rule and staffing; see scoring.h. */
#include "core/scoring.h"

#include <stdio.h>
#include <string.h>

#include "base/str.h"

/* ---- one score as text ---- */

int score_parse(const char *text, int *tenths)
{
	const char *p = text, *end;
	int whole = 0, digits = 0, frac = 0;

	if (!p)
		return SCORE_EEMPTY;
	while (*p == ' ' || *p == '\t')
		p++;
	end = p + strlen(p);
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (p == end)
		return SCORE_EEMPTY;
	if (*p == '-' && p + 1 < end && p[1] >= '0' && p[1] <= '9')
		return SCORE_ERANGE; /* a negative number: out of range */
	for (; p < end && *p >= '0' && *p <= '9'; p++, digits++)
		if (whole <= 100)
			whole = whole * 10 + (*p - '0'); /* stays small */
	if (digits == 0)
		return SCORE_EFORMAT;
	if (p < end) {
		const char *f;

		if (*p != '.' || p + 1 == end)
			return SCORE_EFORMAT;
		for (f = p + 1; f < end; f++)
			if (*f < '0' || *f > '9')
				return SCORE_EFORMAT;
		if (end - (p + 1) > 1)
			return SCORE_EDECIMALS;
		frac = p[1] - '0';
	}
	if (whole * 10 + frac > SCORE_MAX)
		return SCORE_ERANGE;
	*tenths = whole * 10 + frac;
	return SCORE_OK;
}

const char *score_err_key(int err)
{
	switch (err) {
	case SCORE_EEMPTY: return "val.score.required";
	case SCORE_EFORMAT: return "val.score.format";
	case SCORE_EDECIMALS: return "val.score.decimals";
	case SCORE_ERANGE: return "val.score.range";
	}
	return NULL;
}

void score_format(int tenths, char out[8])
{
	if (tenths < 0 || tenths > SCORE_MAX)
		snprintf(out, 8, "?");
	else
		snprintf(out, 8, "%d.%d", tenths / 10, tenths % 10);
}

/* ---- statuses ---- */

static const char *const status_names[SCORE_STATUS_COUNT + 1] = {
	[SCORE_PRESENT] = "present",     [SCORE_ABSENT] = "absent",
	[SCORE_WITHDRAWN] = "withdrawn", [SCORE_DISQUALIFIED] = "disqualified",
	[SCORE_STATUS_COUNT] = NULL,
};

const char *score_status_name(enum score_status s)
{
	return (unsigned)s < SCORE_STATUS_COUNT ? status_names[s] : NULL;
}

int score_status_parse(const char *s)
{
	for (int i = 0; s && i < SCORE_STATUS_COUNT; i++)
		if (!strcmp(s, status_names[i]))
			return i;
	return -1;
}

const char *const *score_status_names(void) { return status_names; }

static bool fail(struct rule_error *err, const char *field, const char *msg)
{
	err->field = field;
	err->msg = msg;
	return false;
}

bool score_check_entry(const struct component_score *e, struct rule_error *err)
{
	size_t n;

	if ((unsigned)e->component >= STD_COMPONENT_COUNT)
		return fail(err, "component", "val.component.invalid");
	switch (e->status) {
	case SCORE_PRESENT:
		if (e->tenths < 0 || e->tenths > SCORE_MAX)
			return fail(err, "score", "val.score.range");
		return true;
	case SCORE_ABSENT:
	case SCORE_WITHDRAWN: return true;
	case SCORE_DISQUALIFIED:
		n = e->reason ? strlen(e->reason) : 0;
		if (n == 0)
			return fail(err, "reason", "val.score.reason_required");
		if (!str_utf8_valid(e->reason, n) || str_utf8_len(e->reason, n) > 500)
			return fail(err, "reason", "val.reason.length");
		return true;
	case SCORE_STATUS_COUNT: break;
	}
	return fail(err, "status", "val.score.status");
}

/* ---- the practical score ---- */

static void sort_small(int *v, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		int x = v[i];
		size_t j = i;

		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

#define AGG_MAX 64 /* assessors per candidate; more is not a real panel */

int score_aggregate(enum std_aggregate how, const int *tenths, size_t n, int *out)
{
	int sorted[AGG_MAX];
	long sum = 0;

	if (n == 0 || n > AGG_MAX)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (tenths[i] < 0 || tenths[i] > SCORE_MAX)
			return -1;
		sum += tenths[i];
		sorted[i] = tenths[i];
	}
	if (how == STD_AGG_MEDIAN) {
		sort_small(sorted, n);
		*out = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2] + 1) / 2;
		return 0;
	}
	*out = (int)((2 * sum + (long)n) / (2 * (long)n));
	return 0;
}

static int problem(struct practical_score *out, const char *key, int required, int actual)
{
	out->problem = key;
	out->required = required;
	out->actual = actual;
	return -1;
}

int score_practical(const struct standard *s, int level, const int *tenths, size_t n,
		    const char *note, struct practical_score *out)
{
	const struct std_level *l = standard_level(s, level);
	int lo, hi;

	memset(out, 0, sizeof(*out));
	if (!l)
		return problem(out, "score.level_not_offered", level, 0);
	if (n == 0)
		return problem(out, "score.no_scores", 1, 0);
	if (score_aggregate(l->staffing.practical_aggregate, tenths, n, &out->tenths))
		return problem(out, "val.score.range", SCORE_MAX, 0);
	lo = hi = tenths[0];
	for (size_t i = 1; i < n; i++) {
		if (tenths[i] < lo)
			lo = tenths[i];
		if (tenths[i] > hi)
			hi = tenths[i];
	}
	out->spread = hi - lo;
	out->needs_note = out->spread > l->staffing.spread_threshold;
	if ((int)n < l->staffing.assessors_min)
		return problem(out, "score.assessors_too_few", l->staffing.assessors_min,
			       (int)n);
	if (out->needs_note && (!note || !*note))
		return problem(out, "score.moderation_required",
			       l->staffing.spread_threshold, out->spread);
	return 0;
}

/* ---- the result ---- */

static const char *const result_names[RESULT_COUNT] = {
	[RESULT_PASS] = "pass",
	[RESULT_FAIL] = "fail",
	[RESULT_ABSENT] = "absent",
	[RESULT_WITHDRAWN] = "withdrawn",
	[RESULT_DISQUALIFIED] = "disqualified",
	[RESULT_INCOMPLETE] = "incomplete",
};

const char *score_result_name(enum score_result r)
{
	return (unsigned)r < RESULT_COUNT ? result_names[r] : NULL;
}

static int refuse(struct score_outcome *out, const char *key, int component)
{
	out->key = key;
	out->component = component;
	return -1;
}

static void decide(struct score_outcome *out, enum score_result r, const char *key,
		   int component)
{
	out->result = r;
	out->key = key;
	out->component = component;
}

int score_result(const struct standard *s, int level,
		 const struct component_score *entries, size_t n, struct score_outcome *out)
{
	const struct std_level *l = standard_level(s, level);
	static const struct {
		enum score_status status;
		enum score_result result;
		const char *key;
	} order[] = {
		{SCORE_DISQUALIFIED, RESULT_DISQUALIFIED, "score.result.disqualified"},
		{SCORE_WITHDRAWN, RESULT_WITHDRAWN, "score.result.withdrawn"},
		{SCORE_ABSENT, RESULT_ABSENT, "score.result.absent"},
	};

	memset(out, 0, sizeof(*out));
	out->component = -1;
	if (!l)
		return refuse(out, "score.level_not_offered", -1);
	for (int k = 0; k < STD_COMPONENT_COUNT; k++) {
		out->comp[k].required = std_level_has(l, (enum std_component)k);
		out->comp[k].pass_mark = l->pass_mark[k];
	}
	for (size_t i = 0; i < n; i++) {
		const struct component_score *e = &entries[i];
		struct rule_error err = {0};
		int k = (int)e->component;

		if (!score_check_entry(e, &err))
			return refuse(out, err.msg,
				      (unsigned)k < STD_COMPONENT_COUNT ? k : -1);
		if (!out->comp[k].required)
			return refuse(out, "score.component_not_at_level", k);
		if (out->comp[k].entered)
			return refuse(out, "score.component_twice", k);
		out->comp[k].entered = true;
		out->comp[k].status = e->status;
		out->comp[k].tenths = e->status == SCORE_PRESENT ? e->tenths : 0;
		out->comp[k].passed = e->status == SCORE_PRESENT &&
				      e->tenths >= l->pass_mark[k];
	}
	for (size_t o = 0; o < sizeof(order) / sizeof(order[0]); o++)
		for (int k = 0; k < STD_COMPONENT_COUNT; k++)
			if (out->comp[k].entered && out->comp[k].status == order[o].status) {
				decide(out, order[o].result, order[o].key, k);
				return 0;
			}
	for (int k = 0; k < STD_COMPONENT_COUNT; k++)
		if (out->comp[k].required && !out->comp[k].entered) {
			decide(out, RESULT_INCOMPLETE, "score.result.incomplete", k);
			return 0;
		}
	for (int k = 0; k < STD_COMPONENT_COUNT; k++)
		if (out->comp[k].required && !out->comp[k].passed) {
			decide(out, RESULT_FAIL, "score.result.below_mark", k);
			out->required = out->comp[k].pass_mark;
			out->actual = out->comp[k].tenths;
			return 0;
		}
	decide(out, RESULT_PASS, "score.result.pass", -1);
	return 0;
}

/* ---- staffing ---- */

struct vlist {
	struct staffing_violation *out;
	size_t max;
	int count;
};

static void add(struct vlist *v, const char *key, const char *where, int index,
		int candidates, int required, int actual)
{
	if ((size_t)v->count < v->max) {
		struct staffing_violation *x = &v->out[v->count];

		x->key = key;
		x->where = where;
		x->index = index;
		x->candidates = candidates;
		x->required = required;
		x->actual = actual;
	}
	v->count++;
}

static int ceil_div(int a, int b) { return (a + b - 1) / b; }

/* A panel of `have` members with at least `min`, odd when asked. */
static void check_panel(struct vlist *v, const char *min_key, const char *odd_key,
			const char *where, int index, int candidates, int have, int min,
			bool odd)
{
	if (have < min)
		add(v, min_key, where, index, candidates, min, have);
	if (odd && have % 2 == 0 && have >= min)
		add(v, odd_key, where, index, candidates, have + 1, have);
}

int staffing_check(const struct standard *s, int level, const struct staffing_plan *plan,
		   struct staffing_violation *out, size_t max)
{
	const struct std_level *l = standard_level(s, level);
	const struct std_staffing *st;
	struct vlist v = {out, out ? max : 0, 0};

	if (!l || !plan)
		return -1;
	st = &l->staffing;
	for (size_t i = 0; i < plan->nrooms; i++)
		if (plan->rooms[i].candidates < 0 || plan->rooms[i].proctors < 0)
			return -1;
	for (size_t i = 0; i < plan->ngroups; i++)
		if (plan->groups[i].candidates < 0 || plan->groups[i].assessors < 0)
			return -1;
	if (plan->review_panel < 0 || plan->candidates < 0 || plan->proctors < 0)
		return -1;
	if (std_level_has(l, STD_THEORY))
		for (size_t i = 0; i < plan->nrooms; i++) {
			const struct staffing_room *r = &plan->rooms[i];
			int need = ceil_div(r->candidates, st->proctor_per_candidates);

			if (r->candidates == 0)
				continue;
			if (r->proctors < need)
				add(&v, "staff.proctors.ratio", "room", (int)i,
				    r->candidates, need, r->proctors);
			if (r->proctors < st->proctors_per_room_min)
				add(&v, "staff.proctors.room_min", "room", (int)i,
				    r->candidates, st->proctors_per_room_min, r->proctors);
		}
	if (std_level_has(l, STD_THEORY) &&
	    plan->proctors < ceil_div(plan->candidates, st->proctor_per_candidates))
		add(&v, "staff.proctors.total", "plan", 0, plan->candidates,
		    ceil_div(plan->candidates, st->proctor_per_candidates), plan->proctors);
	if (std_level_has(l, STD_PRACTICAL))
		for (size_t i = 0; i < plan->ngroups; i++) {
			const struct staffing_group *g = &plan->groups[i];
			int need = ceil_div(g->candidates, st->assessor_per_candidates);

			if (g->candidates == 0)
				continue;
			if (g->assessors < need)
				add(&v, "staff.assessors.ratio", "group", (int)i,
				    g->candidates, need, g->assessors);
			check_panel(&v, "staff.assessors.min", "staff.assessors.odd",
				    "group", (int)i, g->candidates, g->assessors,
				    st->assessors_min, st->assessors_odd);
		}
	if (std_level_has(l, STD_REVIEW))
		check_panel(&v, "staff.review.min", "staff.review.odd", "review", -1, 0,
			    plan->review_panel, st->review_panel_min, st->review_panel_odd);
	return v.count;
}

static const char *const keys[] = {
	"val.score.required",
	"val.score.format",
	"val.score.decimals",
	"val.score.range",
	"val.score.status",
	"val.score.reason_required",
	"val.reason.length",
	"val.component.invalid",
	"score.level_not_offered",
	"score.no_scores",
	"score.assessors_too_few",
	"score.moderation_required",
	"score.component_twice",
	"score.component_not_at_level",
	"score.result.pass",
	"score.result.below_mark",
	"score.result.absent",
	"score.result.withdrawn",
	"score.result.disqualified",
	"score.result.incomplete",
	"staff.proctors.ratio",
	"staff.proctors.room_min",
	"staff.proctors.total",
	"staff.assessors.ratio",
	"staff.assessors.min",
	"staff.assessors.odd",
	"staff.review.min",
	"staff.review.odd",
	NULL,
};

const char *const *scoring_keys(void) { return keys; }
