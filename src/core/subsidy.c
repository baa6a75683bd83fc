/*
 * subsidy.c - skill-upgrade subsidy rules (parse and validate) and the
 * evaluator; see subsidy.h for the format and the rules.
 */
#include "core/subsidy.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "base/timeutil.h"
#include "core/i18n.h"
#include "core/rulesdoc.h"
#include "core/institution.h"

static const char *const rule_names[SR_COUNT] = {
	[SR_INSURED_MONTHS] = "insured_months",
	[SR_LEVELS] = "levels",
	[SR_CERTIFICATES_FROM] = "certificates_from",
	[SR_WINDOW_MONTHS] = "window_months",
	[SR_AMOUNT_MAX] = "amount_max",
	[SR_CLAIMS_PER_YEAR] = "claims_per_year",
	[SR_ONCE_PER_LEVEL] = "once_per_level",
	[SR_HIGHER_EXCLUDES_LOWER] = "higher_excludes_lower",
	[SR_SHORTAGE_UPLIFT] = "shortage_uplift_percent",
	[SR_SHORTAGE_OCCUPATIONS] = "shortage_occupations",
};

const char *subsidy_rule_name(enum subsidy_rule r)
{
	return (unsigned)r < SR_COUNT ? rule_names[r] : NULL;
}

const char *subsidy_verdict_name(enum subsidy_verdict v)
{
	switch (v) {
	case SUBSIDY_ELIGIBLE: return "eligible";
	case SUBSIDY_CHECK: return "check";
	case SUBSIDY_NOT_ELIGIBLE: return "not_eligible";
	}
	return "";
}

/* ---- dates ---- */

static long long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long long z, char out[11])
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long y = yoe + era * 400;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1);
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	snprintf(out, 11, "%04d-%02d-%02d", (int)(y + (m <= 2)), m, d);
}

static bool parse_date(const char *s, int *y, int *m, int *d)
{
	if (!s || strlen(s) != 10 || !time_date_valid(s))
		return false;
	return sscanf(s, "%4d-%2d-%2d", y, m, d) == 3;
}

static long long day_number(const char *s)
{
	int y, m, d;
	return parse_date(s, &y, &m, &d) ? days_from_civil(y, m, d) : 0;
}

long long subsidy_days_between(const char *a, const char *b)
{
	return day_number(b) - day_number(a);
}

static int month_days(int y, int m)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : len[m - 1];
}

void subsidy_window_last(const char *issued, int months, char out[11])
{
	int y, m, d;
	if (!parse_date(issued, &y, &m, &d)) {
		out[0] = '\0';
		return;
	}
	int t = y * 12 + (m - 1) + months;
	y = t / 12;
	m = t % 12 + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	civil_from_days(days_from_civil(y, m, d) - 1, out);
}

void subsidy_months_before(const char *date, int months, char out[11])
{
	int y, m, d;
	if (!parse_date(date, &y, &m, &d)) {
		out[0] = '\0';
		return;
	}
	int t = y * 12 + (m - 1) - months;
	y = t / 12;
	m = t % 12 + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	civil_from_days(days_from_civil(y, m, d), out);
}

/* ---- parsing ---- */

/* A non-empty string member that is a date YYYY-MM-DD. */
static const char *want_date(struct rd_ctx *c, const char *where, json_t *obj,
			     const char *key)
{
	const char *s = rd_want_str(c, where, obj, key);

	if (s && !parse_date(s, &(int){0}, &(int){0}, &(int){0})) {
		rd_fail(c, "%s: \"%s\" must be a date YYYY-MM-DD", where, key);
		return NULL;
	}
	return s;
}

static int parse_rule(struct rd_ctx *c, const char *vwhere, enum subsidy_rule r,
		      json_t *o, struct subsidy_version *v)
{
	char where[160];
	static const char *const keys[] = {"value", "confidence", "source", NULL};
	json_t *x, *e;
	size_t i;
	const char *k;

	snprintf(where, sizeof(where), "%s.rules.%s", vwhere, rule_names[r]);
	if (!json_is_object(o))
		return rd_fail(c,
			       "%s: is required (an object with value, confidence, source)",
			       where);
	if (rd_only_keys(c, where, o, keys) ||
	    rd_parse_prov(c, where, o, &v->rule_prov[r].confidence, &v->rule_prov[r].source))
		return -1;
	x = json_object_get(o, "value");
	if (!x)
		return rd_fail(c, "%s: \"value\" is required", where);
	snprintf(where + strlen(where), sizeof(where) - strlen(where), ".value");
	switch (r) {
	case SR_INSURED_MONTHS:
		return rd_want_int(c, where, x, 0, 600, &v->insured_months);
	case SR_WINDOW_MONTHS: return rd_want_int(c, where, x, 1, 120, &v->window_months);
	case SR_SHORTAGE_UPLIFT:
		return rd_want_int(c, where, x, 0, 100, &v->shortage_uplift_percent);
	case SR_CLAIMS_PER_YEAR:
		if (json_is_null(x))
			return v->claims_per_year = 0;
		return rd_want_int(c, where, x, 1, 100, &v->claims_per_year);
	case SR_ONCE_PER_LEVEL:
	case SR_HIGHER_EXCLUDES_LOWER:
		if (!json_is_boolean(x))
			return rd_fail(c, "%s: must be true or false", where);
		*(r == SR_ONCE_PER_LEVEL ? &v->once_per_level
					 : &v->higher_excludes_lower) = json_is_true(x);
		return 0;
	case SR_CERTIFICATES_FROM:
		if (!json_is_string(x) ||
		    !parse_date(json_string_value(x), &(int){0}, &(int){0}, &(int){0}))
			return rd_fail(c, "%s: must be a date YYYY-MM-DD", where);
		v->certificates_from = arena_strdup(c->a, json_string_value(x));
		return 0;
	case SR_LEVELS:
		if (!json_is_array(x) || !json_array_size(x))
			return rd_fail(c, "%s: must be a non-empty array of levels 1..5",
				       where);
		json_array_foreach(x, i, e)
		{
			int l;
			if (rd_want_int(c, where, e, 1, 5, &l))
				return -1;
			if (v->levels & (1u << l))
				return rd_fail(c, "%s: level %d twice", where, l);
			v->levels |= 1u << l;
		}
		return 0;
	case SR_AMOUNT_MAX:
		if (!json_is_object(x))
			return rd_fail(c, "%s: must be an object of yuan per level", where);
		json_object_foreach(x, k, e)
		{
			if (strlen(k) != 1 || k[0] < '1' || k[0] > '5')
				return rd_fail(c, "%s: \"%s\" is not a level 1..5", where,
					       k);
			if (rd_want_int(c, where, e, 1, 1000000, &v->amount_max[k[0] - '0']))
				return -1;
		}
		return 0;
	case SR_SHORTAGE_OCCUPATIONS: {
		const char **list;
		if (!json_is_array(x))
			return rd_fail(c, "%s: must be an array of occupation codes", where);
		list = arena_alloc(c->a, (json_array_size(x) + 1) * sizeof(*list));
		json_array_foreach(x, i, e)
		{
			if (!json_is_string(e) || json_string_length(e) != 10)
				return rd_fail(c,
					       "%s[%zu]: not an occupation code D-DD-DD-DD",
					       where, i);
			list[i] = arena_strdup(c->a, json_string_value(e));
		}
		v->shortage = list;
		v->nshortage = json_array_size(x);
		return 0;
	}
	case SR_COUNT: break;
	}
	return rd_fail(c, "%s: unknown rule", where);
}

static int parse_version(struct rd_ctx *c, size_t idx, json_t *o, struct subsidy_version *v)
{
	static const char *const keys[] = {"version",      "citation",   "effective_from",
					   "effective_to", "confidence", "source",
					   "notes",        "rules",      NULL};
	char where[64];
	json_t *rules, *to, *notes;
	const char *k;
	json_t *e;

	snprintf(where, sizeof(where), "versions[%zu]", idx);
	if (!json_is_object(o))
		return rd_fail(c, "%s: must be an object", where);
	if (rd_only_keys(c, where, o, keys) ||
	    rd_parse_prov(c, where, o, &v->prov.confidence, &v->prov.source))
		return -1;
	if (!(v->version = rd_want_str(c, where, o, "version")) ||
	    !(v->citation = rd_want_str(c, where, o, "citation")) ||
	    !(v->effective_from = want_date(c, where, o, "effective_from")))
		return -1;
	to = json_object_get(o, "effective_to");
	if (to && !json_is_null(to)) {
		if (!(v->effective_to = want_date(c, where, o, "effective_to")))
			return -1;
		if (strcmp(v->effective_to, v->effective_from) < 0)
			return rd_fail(c, "%s: effective_to is before effective_from",
				       where);
	} else if (!to) {
		return rd_fail(c, "%s: \"effective_to\" is required (a date or null)",
			       where);
	}
	notes = json_object_get(o, "notes");
	if (notes) {
		if (!json_is_string(notes))
			return rd_fail(c, "%s: \"notes\" must be a string", where);
		v->notes = arena_strdup(c->a, json_string_value(notes));
	}
	rules = json_object_get(o, "rules");
	if (!json_is_object(rules))
		return rd_fail(c, "%s: \"rules\" is required (an object)", where);
	json_object_foreach(rules, k, e)
	{
		int r;
		for (r = 0; r < SR_COUNT; r++)
			if (!strcmp(k, rule_names[r]))
				break;
		if (r == SR_COUNT)
			return rd_fail(c, "%s.rules: unknown rule \"%s\"", where, k);
	}
	for (int r = 0; r < SR_COUNT; r++)
		if (parse_rule(c, where, (enum subsidy_rule)r,
			       json_object_get(rules, rule_names[r]), v))
			return -1;
	for (int l = 1; l <= 5; l++) {
		bool covered = v->levels & (1u << l);
		if (covered != (v->amount_max[l] > 0))
			return rd_fail(c,
				       "%s.rules.amount_max.value: level %d %s (amounts are "
				       "given for exactly the levels covered)",
				       where, l, covered ? "is missing" : "is not covered");
	}
	return 0;
}

int subsidy_parse(const char *json, struct arena *a, struct subsidy_rules *out, char *err,
		  size_t errlen)
{
	static const char *const keys[] = {"format", "kind",     "region",
					   "name",   "versions", NULL};
	struct rd_ctx c = {err, errlen, a};
	json_error_t je;
	json_t *root, *versions, *e;
	size_t i;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	root = json_loads(json, JSON_REJECT_DUPLICATES, &je);
	if (!root) {
		rd_fail(&c, "line %d, column %d: %s", je.line, je.column, je.text);
		return -1;
	}
	if (!json_is_object(root)) {
		rd_fail(&c, "the file must hold a JSON object");
		goto done;
	}
	if (rd_only_keys(&c, "(top)", root, keys))
		goto done;
	if (rd_format_kind(&c, root, "skill_upgrade_subsidy"))
		goto done;
	if (!(out->region = rd_want_str(&c, "(top)", root, "region")) ||
	    !(out->name = rd_want_str(&c, "(top)", root, "name")))
		goto done;
	if (strcmp(out->region, "00") && !province_valid(out->region)) {
		rd_fail(&c, "region: \"%s\" is neither 00 nor a province code", out->region);
		goto done;
	}
	versions = json_object_get(root, "versions");
	if (!json_is_array(versions) || !json_array_size(versions) ||
	    json_array_size(versions) > SUBSIDY_MAX_VERSIONS) {
		rd_fail(&c, "versions: must be an array of 1..%d versions",
			SUBSIDY_MAX_VERSIONS);
		goto done;
	}
	json_array_foreach(versions, i, e)
	{
		if (parse_version(&c, i, e, &out->versions[i]))
			goto done;
		out->nversions++;
	}
	for (i = 0; i < out->nversions; i++)
		for (size_t j = 0; j < out->nversions; j++) {
			const struct subsidy_version *x = &out->versions[i],
						     *y = &out->versions[j];
			if (i != j && strcmp(x->effective_from, y->effective_from) <= 0 &&
			    (!x->effective_to ||
			     strcmp(x->effective_to, y->effective_from) >= 0)) {
				rd_fail(&c, "versions[%zu] and versions[%zu] overlap", i, j);
				goto done;
			}
		}
	rc = 0;
done:
	json_decref(root);
	return rc;
}

const struct subsidy_version *subsidy_version_for(const struct subsidy_rules *r,
						  const char *date)
{
	for (size_t i = 0; i < r->nversions; i++) {
		const struct subsidy_version *v = &r->versions[i];
		if (strcmp(date, v->effective_from) >= 0 &&
		    (!v->effective_to || strcmp(date, v->effective_to) <= 0))
			return v;
	}
	return NULL;
}

/* ---- evaluation ---- */

static const char *const keys[] = {
	"subsidy.r.claims.unknown",
	"subsidy.r.from.no",
	"subsidy.r.from.ok",
	"subsidy.r.higher.held",
	"subsidy.r.higher.no",
	"subsidy.r.higher.ok",
	"subsidy.r.insured.no",
	"subsidy.r.insured.ok",
	"subsidy.r.insured.unknown",
	"subsidy.r.level.no",
	"subsidy.r.level.ok",
	"subsidy.r.once.no",
	"subsidy.r.once.ok",
	"subsidy.r.rule.none",
	"subsidy.r.shortage",
	"subsidy.r.status.no",
	"subsidy.r.window.closed",
	"subsidy.r.window.ok",
	"subsidy.r.year.no",
	"subsidy.r.year.ok",
	NULL,
};

const char *const *subsidy_keys(void) { return keys; }

static struct subsidy_reason *add(struct subsidy_result *out, enum subsidy_verdict v,
				  const char *key, const char *rule,
				  enum std_confidence conf)
{
	struct subsidy_reason *r;
	if (out->nreasons >= SUBSIDY_MAX_REASONS)
		return &out->reasons[SUBSIDY_MAX_REASONS - 1];
	r = &out->reasons[out->nreasons++];
	memset(r, 0, sizeof(*r));
	r->verdict = v;
	r->key = key;
	r->rule = rule;
	r->confidence = conf;
	if (v > out->verdict)
		out->verdict = v;
	return r;
}

static struct subsidy_reason *add_rule(struct subsidy_result *out, enum subsidy_verdict v,
				       const char *key, const struct subsidy_version *ver,
				       enum subsidy_rule rule)
{
	return add(out, v, key, rule_names[rule], ver->rule_prov[rule].confidence);
}

static bool valid_prior(const struct subsidy_prior *p)
{
	return p->occupation_code && p->level >= 1 && p->level <= 5 &&
	       parse_date(p->date, &(int){0}, &(int){0}, &(int){0});
}

static void eval_claims(const struct subsidy_version *v, const struct subsidy_cert *c,
			const struct subsidy_facts *f, const char *today,
			struct subsidy_result *out)
{
	int this_year = 0;
	bool once_hit = false, higher_hit = false, year_over;
	struct subsidy_reason *r;

	/* a claim on record that excludes this one is certain, whether or
	 * not the record is complete */
	for (size_t i = 0; i < f->nclaims; i++) {
		const struct subsidy_prior *p = &f->claims[i];
		bool same = !strcmp(p->occupation_code, c->occupation_code);
		if (same && p->level == c->level && v->once_per_level) {
			r = add_rule(out, SUBSIDY_NOT_ELIGIBLE, "subsidy.r.once.no", v,
				     SR_ONCE_PER_LEVEL);
			snprintf(r->date, sizeof(r->date), "%s", p->date);
			once_hit = true;
		}
		/* level numbers: 1 is the highest */
		if (same && p->level < c->level && v->higher_excludes_lower) {
			r = add_rule(out, SUBSIDY_NOT_ELIGIBLE, "subsidy.r.higher.no", v,
				     SR_HIGHER_EXCLUDES_LOWER);
			r->n = p->level;
			snprintf(r->date, sizeof(r->date), "%s", p->date);
			higher_hit = true;
		}
		if (!strncmp(p->date, today, 4))
			this_year++;
	}
	year_over = v->claims_per_year && this_year >= v->claims_per_year;
	if (year_over || (v->claims_per_year && f->claims_known)) {
		r = add_rule(out, year_over ? SUBSIDY_NOT_ELIGIBLE : SUBSIDY_ELIGIBLE,
			     year_over ? "subsidy.r.year.no" : "subsidy.r.year.ok", v,
			     SR_CLAIMS_PER_YEAR);
		r->n = this_year;
		r->m = v->claims_per_year;
		snprintf(r->date, sizeof(r->date), "%.4s", today);
	}
	if (!f->claims_known) {
		if (once_hit || higher_hit || year_over)
			return; /* excluded already: nothing left to check */
		r = add_rule(out, SUBSIDY_CHECK, "subsidy.r.claims.unknown", v,
			     SR_ONCE_PER_LEVEL);
		r->m = v->claims_per_year;
		/* a higher level the holder has may have been subsidized */
		for (size_t i = 0; v->higher_excludes_lower && i < f->nheld; i++)
			if (!strcmp(f->held[i].occupation_code, c->occupation_code) &&
			    f->held[i].level < c->level) {
				r = add_rule(out, SUBSIDY_CHECK, "subsidy.r.higher.held",
					     v, SR_HIGHER_EXCLUDES_LOWER);
				r->n = f->held[i].level;
				break;
			}
		return;
	}
	/* a complete record: the rules it decides passed */
	if (v->once_per_level && !once_hit)
		add_rule(out, SUBSIDY_ELIGIBLE, "subsidy.r.once.ok", v, SR_ONCE_PER_LEVEL);
	if (v->higher_excludes_lower && !higher_hit)
		add_rule(out, SUBSIDY_ELIGIBLE, "subsidy.r.higher.ok", v,
			 SR_HIGHER_EXCLUDES_LOWER);
}

int subsidy_evaluate(const struct subsidy_rules *rules, const struct subsidy_cert *c,
		     const struct subsidy_facts *f, const char *today,
		     struct subsidy_result *out)
{
	const struct subsidy_version *v;
	struct subsidy_reason *r;
	bool shortage = false;

	memset(out, 0, sizeof(*out));
	if (!parse_date(today, &(int){0}, &(int){0}, &(int){0}) ||
	    !parse_date(c->issued_on, &(int){0}, &(int){0}, &(int){0}) ||
	    !c->occupation_code || c->level < 1 || c->level > 5)
		return -1;
	for (size_t i = 0; i < f->nclaims; i++)
		if (!valid_prior(&f->claims[i]))
			return -1;
	for (size_t i = 0; i < f->nheld; i++)
		if (!valid_prior(&f->held[i]))
			return -1;

	if (!c->valid)
		add(out, SUBSIDY_NOT_ELIGIBLE, "subsidy.r.status.no", "status",
		    STD_CONF_HIGH);
	v = out->version = subsidy_version_for(rules, c->issued_on);
	if (!v) {
		r = add(out, SUBSIDY_CHECK, "subsidy.r.rule.none", "version", STD_CONF_NONE);
		snprintf(r->date, sizeof(r->date), "%s", c->issued_on);
		return 0;
	}

	/* certificates obtained from a date on */
	r = add_rule(out,
		     strcmp(c->issued_on, v->certificates_from) >= 0 ? SUBSIDY_ELIGIBLE
								     : SUBSIDY_NOT_ELIGIBLE,
		     strcmp(c->issued_on, v->certificates_from) >= 0 ? "subsidy.r.from.ok"
								     : "subsidy.r.from.no",
		     v, SR_CERTIFICATES_FROM);
	snprintf(r->date, sizeof(r->date), "%s", v->certificates_from);

	/* levels covered */
	bool covered = v->levels & (1u << c->level);
	r = add_rule(out, covered ? SUBSIDY_ELIGIBLE : SUBSIDY_NOT_ELIGIBLE,
		     covered ? "subsidy.r.level.ok" : "subsidy.r.level.no", v, SR_LEVELS);
	r->n = c->level;

	/* insured months */
	if (f->insured_months < 0) {
		r = add_rule(out, SUBSIDY_CHECK, "subsidy.r.insured.unknown", v,
			     SR_INSURED_MONTHS);
	} else {
		bool enough = f->insured_months >= v->insured_months;
		r = add_rule(out, enough ? SUBSIDY_ELIGIBLE : SUBSIDY_NOT_ELIGIBLE,
			     enough ? "subsidy.r.insured.ok" : "subsidy.r.insured.no", v,
			     SR_INSURED_MONTHS);
		r->n = f->insured_months;
	}
	r->m = v->insured_months;

	/* the window after the issue date */
	snprintf(out->first_day, sizeof(out->first_day), "%s", c->issued_on);
	subsidy_window_last(c->issued_on, v->window_months, out->last_day);
	out->days_left = subsidy_days_between(today, out->last_day) + 1;
	bool open = out->days_left > 0 && strcmp(today, c->issued_on) >= 0;
	r = add_rule(out, open ? SUBSIDY_ELIGIBLE : SUBSIDY_NOT_ELIGIBLE,
		     open ? "subsidy.r.window.ok" : "subsidy.r.window.closed", v,
		     SR_WINDOW_MONTHS);
	snprintf(r->date, sizeof(r->date), "%s", out->last_day);
	r->n = out->days_left;
	r->m = v->window_months;

	eval_claims(v, c, f, today, out);

	/* the amount and the shortage-list uplift */
	for (size_t i = 0; i < v->nshortage; i++)
		if (!strcmp(v->shortage[i], c->occupation_code))
			shortage = true;
	out->amount_max = v->amount_max[c->level];
	if (shortage && v->shortage_uplift_percent && out->amount_max) {
		out->uplift_percent = v->shortage_uplift_percent;
		out->amount_max += out->amount_max * v->shortage_uplift_percent / 100;
		r = add_rule(out, SUBSIDY_ELIGIBLE, "subsidy.r.shortage", v,
			     SR_SHORTAGE_UPLIFT);
		r->n = v->shortage_uplift_percent;
	}
	return 0;
}

void subsidy_reason_text(int lang, const struct subsidy_reason *r, struct buf *out)
{
	static const char *const names[] = {"n", "m", "date"};
	char n[24], m[24];
	const char *values[] = {n, m, r->date};

	snprintf(n, sizeof(n), "%lld", r->n);
	snprintf(m, sizeof(m), "%lld", r->m);
	i18n_fill(out, tr((enum lang)lang, r->key), names, values, 3);
}
