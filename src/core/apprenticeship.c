/*
 * apprenticeship.c - an apprenticeship rules document (parse and
 * validate), admission, a class's duration and the subsidy of one
 * apprentice-year; see apprenticeship.h. No I/O; what the parser keeps
 * lives in the caller's arena.
 */
#include "core/apprenticeship.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rulesdoc.h"

static const char *const hire_names[APPR_HIRE_COUNT] = {"new", "transferred", "current"};
static const char *const outcome_names[APPR_OUT_COUNT] = {"certificate", "completed",
							  "not_completed", "training"};
static const char *const keys[] = {
	"apprenticeship.refuse.contract",    "apprenticeship.refuse.hire",
	"apprenticeship.refuse.level",       "apprenticeship.refuse.months",
	"apprenticeship.rule.certificate",   "apprenticeship.rule.completed",
	"apprenticeship.rule.not_completed", "apprenticeship.rule.per_year",
	"apprenticeship.rule.training",      NULL,
};

static int lookup(const char *s, const char *const *names, int n)
{
	for (int i = 0; s && i < n; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

const char *appr_hire_name(enum appr_hire h)
{
	return (unsigned)h < APPR_HIRE_COUNT ? hire_names[h] : NULL;
}
int appr_hire_parse(const char *s) { return lookup(s, hire_names, APPR_HIRE_COUNT); }
const char *appr_outcome_name(enum appr_outcome o)
{
	return (unsigned)o < APPR_OUT_COUNT ? outcome_names[o] : NULL;
}
const char *appr_refusal_key(enum appr_refusal r)
{
	return r > APPR_OK && r < APPR_REFUSE_COUNT ? keys[r - 1] : NULL;
}
const char *const *appr_keys(void) { return keys; }

/* ---- parsing ---- */

/* A provenanced value {"value": …, "confidence": …, "source": …}: its
 * value, or NULL after failing. */
static json_t *valued(struct rd_ctx *c, json_t *root, const char *key, struct appr_prov *p)
{
	static const char *const vkeys[] = {"value", "confidence", "source", NULL};
	json_t *o = json_object_get(root, key);

	if (!o) {
		rd_fail(c, "%s: is required", key);
		return NULL;
	}
	if (rd_only_keys(c, key, o, vkeys) ||
	    rd_parse_prov(c, key, o, &p->confidence, &p->source))
		return NULL;
	if (!json_object_get(o, "value")) {
		rd_fail(c, "%s.value: is required", key);
		return NULL;
	}
	return json_object_get(o, "value");
}

/* {"4": n, "3": m} keyed by skill level 1..5 into out[1..5]. */
static int by_level(struct rd_ctx *c, const char *where, json_t *o, int lo, int hi, int *out)
{
	const char *k;
	json_t *v;
	char w[96];

	if (!json_is_object(o))
		return rd_fail(c, "%s: must be an object keyed by level \"1\"..\"5\"",
			       where);
	json_object_foreach(o, k, v)
	{
		if (strlen(k) != 1 || k[0] < '1' || k[0] > '5')
			return rd_fail(c, "%s: key \"%s\" is not a level \"1\"..\"5\"",
				       where, k);
		snprintf(w, sizeof(w), "%s.%s", where, k);
		if (rd_want_int(c, w, v, lo, hi, &out[k[0] - '0']))
			return -1;
	}
	return 0;
}

static int parse_hire(struct rd_ctx *c, json_t *root, struct appr_rules *r)
{
	json_t *v = valued(c, root, "hire_kinds", &r->hire_prov), *e;
	size_t i;

	if (!v)
		return -1;
	if (!json_is_array(v) || !json_array_size(v) || json_array_size(v) > APPR_HIRE_COUNT)
		return rd_fail(c, "hire_kinds.value: must be an array of 1..3 of new, "
				  "transferred, current");
	json_array_foreach(v, i, e)
	{
		int h = json_is_string(e) ? appr_hire_parse(json_string_value(e)) : -1;
		if (h < 0 || r->hire[h])
			return rd_fail(c,
				       "hire_kinds.value[%zu]: must be new, transferred or "
				       "current, each once",
				       i);
		r->hire[h] = true;
	}
	return 0;
}

static int parse_levels(struct rd_ctx *c, json_t *root, struct appr_rules *r)
{
	json_t *v = valued(c, root, "target_levels", &r->level_prov), *e;
	size_t i;
	char w[64];

	if (!v)
		return -1;
	if (!json_is_array(v) || !json_array_size(v) || json_array_size(v) > 5)
		return rd_fail(c, "target_levels.value: must be an array of 1..5 levels");
	json_array_foreach(v, i, e)
	{
		int l;
		snprintf(w, sizeof(w), "target_levels.value[%zu]", i);
		if (rd_want_int(c, w, e, 1, 5, &l))
			return -1;
		if (r->level[l])
			return rd_fail(c, "%s: level %d twice", w, l);
		r->level[l] = true;
	}
	return 0;
}

static int parse_duration(struct rd_ctx *c, json_t *root, struct appr_rules *r)
{
	static const char *const dkeys[] = {"min", "max", "special_max", "levels", NULL};
	json_t *v = valued(c, root, "duration", &r->dur_prov);

	if (!v || rd_only_keys(c, "duration.value", v, dkeys))
		return -1;
	if (rd_want_int(c, "duration.value.min", json_object_get(v, "min"), 1,
			APPR_MONTHS_MAX, &r->dur_min) ||
	    rd_want_int(c, "duration.value.max", json_object_get(v, "max"), r->dur_min,
			APPR_MONTHS_MAX, &r->dur_max))
		return -1;
	r->dur_special_max = r->dur_max;
	if (json_object_get(v, "special_max") &&
	    rd_want_int(c, "duration.value.special_max", json_object_get(v, "special_max"),
			r->dur_max, APPR_MONTHS_MAX, &r->dur_special_max))
		return -1;
	if (json_object_get(v, "levels")) {
		if (by_level(c, "duration.value.levels", json_object_get(v, "levels"),
			     r->dur_min, r->dur_max, r->level_months))
			return -1;
		for (int l = 1; l <= 5; l++)
			if (r->level_months[l] && !r->level[l])
				return rd_fail(c,
					       "duration.value.levels.%d: level %d is not "
					       "one of target_levels",
					       l, l);
	}
	return 0;
}

/* The paths below "subsidy.value" (built, so that no literal looks like
 * a catalog key of the subsidy module's). */
static const char *sub_path(char *w, size_t n, const char *rest)
{
	snprintf(w, n, "%s.value%s%s", "subsidy", *rest ? "." : "", rest);
	return w;
}

static int parse_subsidy(struct rd_ctx *c, json_t *root, struct appr_rules *r)
{
	static const char *const skeys[] = {
		"per_year",      "certificate", "completed_without_certificate",
		"not_completed", "clawback",    NULL};
	json_t *v = valued(c, root, "subsidy", &r->subsidy_prov), *x;
	char w[96];

	for (int l = 0; l < 6; l++)
		r->cert[l] = -1;
	r->without = r->not_completed = -1;
	if (!v || rd_only_keys(c, sub_path(w, sizeof(w), ""), v, skeys) ||
	    rd_want_int(c, sub_path(w, sizeof(w), "per_year"),
			json_object_get(v, "per_year"), 0, APPR_AMOUNT_MAX, &r->per_year))
		return -1;
	if ((x = json_object_get(v, "certificate")) &&
	    by_level(c, sub_path(w, sizeof(w), "certificate"), x, 0, APPR_AMOUNT_MAX,
		     r->cert))
		return -1;
	if ((x = json_object_get(v, "completed_without_certificate")) &&
	    rd_want_int(c, sub_path(w, sizeof(w), "completed_without_certificate"), x, 0,
			APPR_AMOUNT_MAX, &r->without))
		return -1;
	if ((x = json_object_get(v, "not_completed")) &&
	    rd_want_int(c, sub_path(w, sizeof(w), "not_completed"), x, 0, APPR_AMOUNT_MAX,
			&r->not_completed))
		return -1;
	x = json_object_get(v, "clawback");
	if (!json_is_boolean(x))
		return rd_fail(c, "%s: must be true or false",
			       sub_path(w, sizeof(w), "clawback"));
	r->clawback = json_is_true(x);
	return 0;
}

int appr_parse(const char *json, struct arena *a, struct appr_rules *out, char *err,
	       size_t errlen)
{
	static const char *const top[] = {"format",     "kind",
					  "code",       "name",
					  "version",    "citation",
					  "confidence", "source",
					  "notes",      "contract_months_min",
					  "hire_kinds", "target_levels",
					  "duration",   "subsidy",
					  NULL};
	struct rd_ctx c = {err, errlen, a};
	json_t *root, *x;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!(root = rd_load(&c, json)))
		return -1;
	if (rd_only_keys(&c, "(document)", root, top) ||
	    rd_format_kind(&c, root, "apprenticeship_rules"))
		goto done;
	if (!(out->code = rd_want_str(&c, "(document)", root, "code")) ||
	    !(out->name = rd_want_str(&c, "(document)", root, "name")) ||
	    !(out->version = rd_want_str(&c, "(document)", root, "version")) ||
	    !(out->citation = rd_want_str(&c, "(document)", root, "citation")) ||
	    rd_parse_prov(&c, "(document)", root, &out->prov.confidence, &out->prov.source))
		goto done;
	if (json_object_get(root, "notes") &&
	    !(out->notes = rd_want_str(&c, "(document)", root, "notes")))
		goto done;
	x = valued(&c, root, "contract_months_min", &out->contract_prov);
	if (!x || rd_want_int(&c, "contract_months_min.value", x, 1, APPR_MONTHS_MAX,
			      &out->contract_months_min))
		goto done;
	if (parse_hire(&c, root, out) || parse_levels(&c, root, out) ||
	    parse_duration(&c, root, out) || parse_subsidy(&c, root, out))
		goto done;
	rc = 0;
done:
	json_decref(root);
	return rc;
}

/* ---- dates ---- */

static bool ymd(const char *s, int *y, int *m, int *d)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	if (*y < 1 || *m < 1 || *m > 12 || *d < 1 || *d > mdays[*m - 1])
		return false;
	if (*m == 2 && *d == 29 && !((*y % 4 == 0 && *y % 100) || *y % 400 == 0))
		return false;
	return true;
}

static int month_days(int y, int m)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0))
		return 29;
	return mdays[m - 1];
}

int appr_months_between(const char *from, const char *to)
{
	int y1, m1, d1, y2, m2, d2, n;
	char e[16];

	if (!ymd(from, &y1, &m1, &d1) || !ymd(to, &y2, &m2, &d2) || strcmp(to, from) < 0)
		return -1;
	/* the most months whose span (appr_span_end) ends on or before to */
	n = (y2 - y1) * 12 + (m2 - m1) + 1;
	while (n > 0 && appr_span_end(from, n, e, sizeof(e)) && strcmp(e, to) > 0)
		n--;
	return n;
}

bool appr_span_end(const char *from, int months, char *out, size_t n)
{
	int y, m, d;

	if (!ymd(from, &y, &m, &d) || months < 0 || months > 12000)
		return false;
	m += months;
	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	/* less one day */
	if (--d < 1) {
		if (--m < 1) {
			m = 12;
			y--;
		}
		d = month_days(y, m);
	}
	snprintf(out, n, "%04d-%02d-%02d", y, m, d);
	return true;
}

int appr_months_in_year(const char *from, const char *to, int year)
{
	int y, m, d, n, k = 0;

	if (year < 1 || year > 9999 || !ymd(from, &y, &m, &d) ||
	    (n = appr_months_between(from, to)) < 0)
		return 0;
	/* month i of the span starts in month m + i of year y */
	for (int i = 0; i < n; i++)
		if (y + (m - 1 + i) / 12 == year)
			k++;
	return k;
}

static const char *later(const char *a, const char *b)
{
	return strcmp(a, b) > 0 ? a : b;
}
static const char *earlier(const char *a, const char *b)
{
	return strcmp(a, b) < 0 ? a : b;
}

int appr_paid_months(const char *class_start, int class_months, const char *contract_start,
		     const char *contract_end, const char *ended_on,
		     const struct appr_interruption *iv, size_t niv, int year)
{
	char planned[16], before[16];
	const char *from, *to;
	int y, m, d, months;

	if (!class_start || !contract_start || !contract_end ||
	    !ymd(contract_start, &y, &m, &d) || !ymd(contract_end, &y, &m, &d) ||
	    !appr_span_end(class_start, class_months, planned, sizeof(planned)))
		return 0;
	from = later(class_start, contract_start);
	to = earlier(planned, contract_end);
	if (ended_on && *ended_on) {
		if (!ymd(ended_on, &y, &m, &d))
			return 0;
		to = earlier(to, ended_on);
	}
	if (strcmp(to, from) < 0)
		return 0;
	months = appr_months_in_year(from, to, year);
	for (size_t i = 0; i < niv && months > 0; i++) {
		const char *a = iv[i].from_on, *b = to;

		if (!a || !ymd(a, &y, &m, &d))
			continue;
		if (iv[i].to_on && *iv[i].to_on) {
			/* training resumed on to_on: interrupted to the day before */
			if (!appr_span_end(iv[i].to_on, 0, before, sizeof(before)))
				continue;
			b = earlier(before, to);
		}
		a = later(a, from);
		if (strcmp(b, a) < 0)
			continue;
		months -= appr_months_in_year(a, b, year);
	}
	return months > 0 ? months : 0;
}

/* ---- admission and duration ---- */

bool appr_wage_below(int wage, int minimum_wage)
{
	return wage > 0 && minimum_wage > 0 && wage < minimum_wage;
}

enum appr_refusal appr_admit(const struct appr_rules *r, int contract_months,
			     enum appr_hire hire, int level)
{
	if (contract_months < r->contract_months_min)
		return APPR_REFUSE_CONTRACT;
	if ((unsigned)hire >= APPR_HIRE_COUNT || !r->hire[hire])
		return APPR_REFUSE_HIRE;
	if (level < 1 || level > 5 || !r->level[level])
		return APPR_REFUSE_LEVEL;
	return APPR_OK;
}

enum appr_refusal appr_duration(const struct appr_rules *r, int level, int *standard,
				int *min, int *max, int *special_max)
{
	if (level < 1 || level > 5 || !r->level[level])
		return APPR_REFUSE_LEVEL;
	if (standard)
		*standard = r->level_months[level] ? r->level_months[level] : r->dur_min;
	if (min)
		*min = r->dur_min;
	if (max)
		*max = r->dur_max;
	if (special_max)
		*special_max = r->dur_special_max;
	return APPR_OK;
}

enum appr_refusal appr_class_months(const struct appr_rules *r, int level, int months,
				    bool *special)
{
	int lo, hi, sp;
	enum appr_refusal rf = appr_duration(r, level, NULL, &lo, &hi, &sp);

	if (special)
		*special = false;
	if (rf != APPR_OK)
		return rf;
	if (months < lo || months > sp)
		return APPR_REFUSE_MONTHS;
	if (special)
		*special = months > hi;
	return APPR_OK;
}

/* ---- subsidy ---- */

void appr_subsidy(const struct appr_rules *r, enum appr_outcome o, int cert_level,
		  int months, int advances, struct appr_subsidy *out)
{
	memset(out, 0, sizeof(*out));
	if (months < 0)
		months = 0;
	if (months > 12)
		months = 12;
	if (advances < 0)
		advances = 0;
	if (o == APPR_OUT_CERTIFICATE &&
	    (cert_level < 1 || cert_level > 5 || r->cert[cert_level] < 0))
		o = APPR_OUT_COMPLETED;
	switch (o) {
	case APPR_OUT_CERTIFICATE:
		out->rate = r->cert[cert_level];
		out->rule = "apprenticeship.rule.certificate";
		break;
	case APPR_OUT_COMPLETED:
		out->rate = r->without >= 0 ? r->without : r->per_year;
		out->rule = r->without >= 0 ? "apprenticeship.rule.completed"
					    : "apprenticeship.rule.per_year";
		break;
	case APPR_OUT_NOT_COMPLETED:
		out->rate = r->not_completed >= 0 ? r->not_completed : 0;
		out->rule = "apprenticeship.rule.not_completed";
		break;
	default:
		out->rule = "apprenticeship.rule.training";
		return; /* nothing settled while training */
	}
	out->amount = (int)(((long long)out->rate * months + 6) / 12);
	out->due = out->amount > advances ? out->amount - advances : 0;
	if (r->clawback && advances > out->amount)
		out->clawback = advances - out->amount;
}
