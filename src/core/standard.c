/*
 * standard.c - standard data (parse and validate) and eligibility; see
 * standard.h for the format and the rules.
 *
 * The parser walks the jansson tree once, keeping the JSON path of where
 * it is in a small buffer so the first error can say where it happened.
 * Levels take their settings from "defaults" merged with their own: the
 * level_in structs hold what one object said (-1 = not said), merge_level()
 * combines them and checks that nothing required is missing.
 */
#include "core/standard.h"

#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "core/registry.h"

/* ---- vocabularies ---- */

static const char *const component_names[STD_COMPONENT_COUNT + 1] = {
	[STD_THEORY] = "theory",
	[STD_PRACTICAL] = "practical",
	[STD_REVIEW] = "review",
	[STD_COMPONENT_COUNT] = NULL,
};

const char *std_component_name(enum std_component c)
{
	return (unsigned)c < STD_COMPONENT_COUNT ? component_names[c] : NULL;
}

static int lookup(const char *const *names, int count, const char *s)
{
	for (int i = 0; s && i < count; i++)
		if (names[i] && !strcmp(s, names[i]))
			return i;
	return -1;
}

int std_component_parse(const char *s)
{
	return lookup(component_names, STD_COMPONENT_COUNT, s);
}

static const char *const confidence_names[] = {"", "low", "medium", "high"};

const char *std_confidence_name(enum std_confidence c)
{
	return (unsigned)c <= STD_CONF_HIGH ? confidence_names[c] : NULL;
}

static const char *const aggregate_names[] = {"mean", "median"};

const char *std_aggregate_name(enum std_aggregate a)
{
	return (unsigned)a <= STD_AGG_MEDIAN ? aggregate_names[a] : NULL;
}

static const char *const diploma_names[DIP_TYPE_COUNT + 1] = {
	[DIP_JUNIOR_MIDDLE] = "junior_middle",
	[DIP_SENIOR_MIDDLE] = "senior_middle",
	[DIP_SECONDARY_VOCATIONAL] = "secondary_vocational",
	[DIP_TECHNICAL_SCHOOL] = "technical_school",
	[DIP_SENIOR_TECHNICAL_SCHOOL] = "senior_technical_school",
	[DIP_TECHNICIAN_COLLEGE] = "technician_college",
	[DIP_HIGHER_VOCATIONAL] = "higher_vocational",
	[DIP_COLLEGE] = "college",
	[DIP_VOCATIONAL_BACHELOR] = "vocational_bachelor",
	[DIP_BACHELOR] = "bachelor",
	[DIP_MASTER] = "master",
	[DIP_DOCTOR] = "doctor",
	[DIP_TYPE_COUNT] = NULL,
};

const char *diploma_type_name(enum diploma_type t)
{
	return (unsigned)t < DIP_TYPE_COUNT ? diploma_names[t] : NULL;
}

int diploma_type_parse(const char *s) { return lookup(diploma_names, DIP_TYPE_COUNT, s); }

const char *const *diploma_type_names(void) { return diploma_names; }

static const char *const title_names[] = {NULL, "junior", "intermediate", "senior"};

const char *title_level_name(enum title_level t)
{
	return (unsigned)t <= TITLE_SENIOR ? title_names[t] : NULL;
}

int title_level_parse(const char *s) { return lookup(title_names, TITLE_SENIOR + 1, s); }

/* ---- parse context: the path of where we are, the first error ---- */

struct pctx {
	struct arena *a;
	char path[256];
	size_t len;
	char *err;
	size_t errlen;
	int rc;
};

static size_t push(struct pctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Appends a segment to the path; returns the length to pop back to. */
static size_t push(struct pctx *c, const char *fmt, ...)
{
	size_t old = c->len;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->path + c->len, sizeof(c->path) - c->len, fmt, ap);
	va_end(ap);
	c->len = strlen(c->path);
	return old;
}

static size_t push_key(struct pctx *c, const char *key)
{
	return c->len ? push(c, ".%s", key) : push(c, "%s", key);
}

static void pop(struct pctx *c, size_t old)
{
	c->len = old;
	c->path[old] = '\0';
}

static bool vfail(struct pctx *c, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* Records the first error, "path: message"; always returns false. */
static bool vfail(struct pctx *c, const char *fmt, va_list ap)
{
	char msg[256];

	if (c->rc)
		return false;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	c->rc = STANDARD_EINVALID;
	if (c->len)
		str_errf(c->err, c->errlen, "%s: %s", c->path, msg);
	else
		str_errf(c->err, c->errlen, "%s", msg);
	return false;
}

static bool fail(struct pctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static bool fail(struct pctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(c, fmt, ap);
	va_end(ap);
	return false;
}

static bool fail_at(struct pctx *c, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The value at key `name` of the current object is wrong (name NULL: the
 * value at the current path). */
static bool fail_at(struct pctx *c, const char *name, const char *fmt, ...)
{
	size_t old = name ? push_key(c, name) : c->len;
	va_list ap;

	va_start(ap, fmt);
	vfail(c, fmt, ap);
	va_end(ap);
	pop(c, old);
	return false;
}

static bool nomem(struct pctx *c)
{
	if (!c->rc) {
		c->rc = STANDARD_ENOMEM;
		str_errf(c->err, c->errlen, "out of memory");
	}
	return false;
}

static bool want_int(struct pctx *c, const char *name, json_t *v, int min, int max, int *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		return fail_at(c, name, "expected an integer %d..%d", min, max);
	*out = (int)json_integer_value(v);
	return true;
}

static bool want_bool(struct pctx *c, const char *name, json_t *v, bool *out)
{
	if (!json_is_boolean(v))
		return fail_at(c, name, "expected true or false");
	*out = json_is_true(v);
	return true;
}

static bool want_true(struct pctx *c, const char *name, json_t *v)
{
	if (!json_is_true(v))
		return fail_at(c, name, "expected true");
	return true;
}

/* A number 0..max points with at most one decimal, into tenths. */
static bool want_tenths(struct pctx *c, const char *name, json_t *v, int max, int *out)
{
	double x;
	long t;

	if (json_is_integer(v)) {
		json_int_t i = json_integer_value(v);

		if (i >= 0 && i <= max) {
			*out = (int)i * 10;
			return true;
		}
	} else if (json_is_real(v)) {
		x = json_real_value(v) * 10.0;
		if (x >= -0.000001 && x <= max * 10.0 + 0.000001) {
			t = (long)(x + 0.5);
			if (x - (double)t < 0.000001 && (double)t - x < 0.000001) {
				*out = (int)t;
				return true;
			}
		}
	}
	return fail_at(c, name, "expected a number 0..%d with at most one decimal", max);
}

/* A string of 1..maxchars characters without control characters, copied
 * into the arena. */
static bool want_string(struct pctx *c, const char *name, json_t *v, size_t maxchars,
			const char **out)
{
	const char *s;
	size_t n;

	if (!json_is_string(v))
		return fail_at(c, name, "expected a string");
	s = json_string_value(v);
	n = json_string_length(v);
	if (n == 0)
		return fail_at(c, name, "must not be empty");
	if (strlen(s) != n || !str_utf8_valid(s, n) || str_utf8_len(s, n) > maxchars)
		return fail_at(c, name, "at most %zu characters of text", maxchars);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return fail_at(c, name, "control characters are not allowed");
	if (!(*out = arena_strndup(c->a, s, n)))
		return nomem(c);
	return true;
}

static bool want_date(struct pctx *c, const char *name, json_t *v, const char **out)
{
	if (!json_is_string(v) || !time_date_valid(json_string_value(v)) ||
	    json_string_length(v) != 10)
		return fail_at(c, name, "expected a date YYYY-MM-DD");
	return want_string(c, name, v, 10, out);
}

static bool want_object(struct pctx *c, const char *name, json_t *v)
{
	if (!json_is_object(v))
		return fail_at(c, name, "expected an object");
	return true;
}

static bool want_array(struct pctx *c, const char *name, json_t *v, size_t min, size_t max)
{
	if (!json_is_array(v))
		return fail_at(c, name, "expected an array");
	if (json_array_size(v) < min || json_array_size(v) > max)
		return fail_at(c, name, "expected %zu..%zu entries", min, max);
	return true;
}

/* "confidence" and "source" of any object; false when key is neither. */
static bool provenance_key(struct pctx *c, const char *key, json_t *v,
			   struct std_provenance *p, bool *ok)
{
	if (!strcmp(key, "confidence")) {
		int i = json_is_string(v)
				? lookup(confidence_names, 4, json_string_value(v))
				: -1;

		if (i <= 0) {
			*ok = fail_at(c, key,
				      "expected \"low\", \"medium\" or "
				      "\"high\"");
		} else {
			p->confidence = (enum std_confidence)i;
			*ok = true;
		}
		return true;
	}
	if (!strcmp(key, "source")) {
		*ok = want_string(c, key, v, 1000, &p->source);
		return true;
	}
	return false;
}

static bool unknown_key(struct pctx *c, const char *key)
{
	return fail(c, "unknown key \"%s\"", key);
}

/* ---- level settings, from "defaults" or a level ---- */

/* The staffing keys, in the order of level_in.staff[]. */
enum {
	ST_PPC,
	ST_PPR,
	ST_APC,
	ST_AMIN,
	ST_AODD,
	ST_RMIN,
	ST_RODD,
	ST_SPREAD,
	ST_AGG,
	ST_COUNT
};
enum st_type { ST_INT, ST_BOOL, ST_TENTHS, ST_AGGREGATE };
static const struct {
	const char *name;
	enum st_type type;
	int min, max;
} staff_keys[ST_COUNT] = {
	[ST_PPC] = {"proctor_per_candidates", ST_INT, 1, 100},
	[ST_PPR] = {"proctors_per_room_min", ST_INT, 1, 50},
	[ST_APC] = {"assessor_per_candidates", ST_INT, 1, 100},
	[ST_AMIN] = {"assessors_min", ST_INT, 1, 50},
	[ST_AODD] = {"assessors_odd", ST_BOOL, 0, 1},
	[ST_RMIN] = {"review_panel_min", ST_INT, 1, 50},
	[ST_RODD] = {"review_panel_odd", ST_BOOL, 0, 1},
	[ST_SPREAD] = {"spread_threshold", ST_TENTHS, 0, 100},
	[ST_AGG] = {"practical_aggregate", ST_AGGREGATE, 0, 1}, /* optional */
};

struct level_in {
	bool has_components, pass_object;
	unsigned components;
	int minutes[STD_COMPONENT_COUNT], pass[STD_COMPONENT_COUNT];
	int staff[ST_COUNT];
	int notice_days, notice_working;
	struct std_provenance prov, staffing_prov, minutes_prov, pass_prov;
	json_t *routes;
};

static void level_in_init(struct level_in *l)
{
	memset(l, 0, sizeof(*l));
	for (int i = 0; i < STD_COMPONENT_COUNT; i++)
		l->minutes[i] = l->pass[i] = -1;
	for (int i = 0; i < ST_COUNT; i++)
		l->staff[i] = -1;
	l->notice_days = l->notice_working = -1;
}

static bool parse_components(struct pctx *c, json_t *v, struct level_in *l)
{
	size_t i, old, base;
	json_t *e;

	if (!want_array(c, "components", v, 1, STD_COMPONENT_COUNT))
		return false;
	old = push_key(c, "components");
	base = c->len;
	json_array_foreach(v, i, e)
	{
		int k = json_is_string(e) ? std_component_parse(json_string_value(e)) : -1;

		push(c, "[%zu]", i);
		if (k < 0)
			fail(c, "expected \"theory\", \"practical\" or \"review\"");
		else if (l->components & (1u << k))
			fail(c, "\"%s\" is given twice", component_names[k]);
		pop(c, base);
		if (c->rc)
			break;
		l->components |= 1u << k;
	}
	pop(c, old);
	l->has_components = true;
	return !c->rc;
}

static bool parse_minutes(struct pctx *c, json_t *v, struct level_in *l)
{
	const char *key;
	json_t *e;
	size_t old;
	bool ok = true;

	if (!want_object(c, "min_minutes", v))
		return false;
	old = push_key(c, "min_minutes");
	json_object_foreach(v, key, e)
	{
		int k = std_component_parse(key);

		if (k >= 0)
			ok = want_int(c, key, e, 1, 1440, &l->minutes[k]);
		else if (!provenance_key(c, key, e, &l->minutes_prov, &ok))
			ok = unknown_key(c, key);
		if (!ok)
			break;
	}
	pop(c, old);
	return ok;
}

static bool parse_pass(struct pctx *c, json_t *v, struct level_in *l)
{
	const char *key;
	json_t *e;
	size_t old;
	bool ok = true;
	int t;

	if (json_is_number(v)) {
		if (!want_tenths(c, "pass_mark", v, 100, &t))
			return false;
		for (int i = 0; i < STD_COMPONENT_COUNT; i++)
			l->pass[i] = t;
		return true;
	}
	if (!json_is_object(v))
		return fail_at(c, "pass_mark", "expected a number or an object");
	l->pass_object = true;
	old = push_key(c, "pass_mark");
	json_object_foreach(v, key, e)
	{
		int k = std_component_parse(key);

		if (k >= 0)
			ok = want_tenths(c, key, e, 100, &l->pass[k]);
		else if (!provenance_key(c, key, e, &l->pass_prov, &ok))
			ok = unknown_key(c, key);
		if (!ok)
			break;
	}
	pop(c, old);
	return ok;
}

static bool parse_staffing(struct pctx *c, json_t *v, struct level_in *l)
{
	const char *key;
	json_t *e;
	size_t old;
	bool ok = true, b = false;

	if (!want_object(c, "staffing", v))
		return false;
	old = push_key(c, "staffing");
	json_object_foreach(v, key, e)
	{
		int k = -1;

		for (int i = 0; i < ST_COUNT && k < 0; i++)
			if (!strcmp(key, staff_keys[i].name))
				k = i;
		if (k < 0) {
			if (!provenance_key(c, key, e, &l->staffing_prov, &ok))
				ok = unknown_key(c, key);
		} else if (staff_keys[k].type == ST_INT) {
			ok = want_int(c, key, e, staff_keys[k].min, staff_keys[k].max,
				      &l->staff[k]);
		} else if (staff_keys[k].type == ST_BOOL) {
			ok = want_bool(c, key, e, &b);
			l->staff[k] = b;
		} else if (staff_keys[k].type == ST_TENTHS) {
			ok = want_tenths(c, key, e, staff_keys[k].max, &l->staff[k]);
		} else {
			l->staff[k] = json_is_string(e) ? lookup(aggregate_names, 2,
								 json_string_value(e))
							: -1;
			if (l->staff[k] < 0)
				ok = fail_at(c, key, "expected \"mean\" or \"median\"");
		}
		if (!ok)
			break;
	}
	pop(c, old);
	return ok;
}

static bool parse_settings(struct pctx *c, json_t *obj, struct level_in *l, bool is_level)
{
	const char *key;
	json_t *v;
	bool ok = true, b = false;

	json_object_foreach(obj, key, v)
	{
		if (!strcmp(key, "components"))
			ok = parse_components(c, v, l);
		else if (!strcmp(key, "min_minutes"))
			ok = parse_minutes(c, v, l);
		else if (!strcmp(key, "pass_mark"))
			ok = parse_pass(c, v, l);
		else if (!strcmp(key, "staffing"))
			ok = parse_staffing(c, v, l);
		else if (!strcmp(key, "result_notice_days"))
			ok = want_int(c, key, v, 1, 90, &l->notice_days);
		else if (!strcmp(key, "result_notice_working_days")) {
			ok = want_bool(c, key, v, &b);
			l->notice_working = b;
		} else if (is_level && !strcmp(key, "routes"))
			l->routes = v;
		else if (!provenance_key(c, key, v, &l->prov, &ok))
			ok = unknown_key(c, key);
		if (!ok)
			return false;
	}
	return true;
}

static int pick(int level_value, int default_value)
{
	return level_value != -1 ? level_value : default_value;
}

static bool prov_given(const struct std_provenance *p)
{
	return p->confidence != STD_CONF_NONE || p->source;
}

/* Combines the defaults d with the level's own l into out; the path is
 * the level's. */
static bool merge_level(struct pctx *c, int level, const struct level_in *d,
			const struct level_in *l, struct std_level *out)
{
	struct std_staffing *st = &out->staffing;
	int m[ST_COUNT];

	out->level = level;
	if (l->has_components)
		out->components = l->components;
	else if (d->has_components)
		out->components = d->components;
	else
		return fail(c, "missing \"components\" (give it here or in "
			       "defaults)");
	if (level >= 3 && (out->components & (1u << STD_REVIEW)))
		return fail(c, "\"review\" (综合评审) is for levels 2 and 1 only");
	for (int k = 0; k < STD_COMPONENT_COUNT; k++) {
		if (!(out->components & (1u << k))) {
			char at[32];

			snprintf(at, sizeof(at), "min_minutes.%s", component_names[k]);
			if (l->minutes[k] != -1)
				return fail_at(c, at, "not a component of this level");
			snprintf(at, sizeof(at), "pass_mark.%s", component_names[k]);
			if (l->pass_object && l->pass[k] != -1)
				return fail_at(c, at, "not a component of this level");
			continue;
		}
		out->min_minutes[k] = pick(l->minutes[k], d->minutes[k]);
		if (out->min_minutes[k] < 0)
			return fail(c,
				    "missing \"min_minutes.%s\" (give it here "
				    "or in defaults)",
				    component_names[k]);
		out->pass_mark[k] = pick(l->pass[k], d->pass[k]);
		if (out->pass_mark[k] < 0)
			out->pass_mark[k] = STD_PASS_MARK_DEFAULT;
	}
	for (int i = 0; i < ST_COUNT; i++) {
		m[i] = pick(l->staff[i], d->staff[i]);
		if (m[i] < 0 && i != ST_AGG)
			return fail(c,
				    "missing \"staffing.%s\" (give it here or in "
				    "defaults)",
				    staff_keys[i].name);
	}
	st->proctor_per_candidates = m[ST_PPC];
	st->proctors_per_room_min = m[ST_PPR];
	st->assessor_per_candidates = m[ST_APC];
	st->assessors_min = m[ST_AMIN];
	st->assessors_odd = m[ST_AODD];
	st->review_panel_min = m[ST_RMIN];
	st->review_panel_odd = m[ST_RODD];
	st->spread_threshold = m[ST_SPREAD];
	st->practical_aggregate = m[ST_AGG] < 0 ? STD_AGG_MEAN
						: (enum std_aggregate)m[ST_AGG];
	st->prov = prov_given(&l->staffing_prov) ? l->staffing_prov : d->staffing_prov;
	out->result_notice_days = pick(l->notice_days, d->notice_days);
	if (out->result_notice_days < 0)
		return fail(c, "missing \"result_notice_days\" (give it here or "
			       "in defaults)");
	out->result_notice_working_days = pick(l->notice_working, d->notice_working) == 1;
	out->prov = prov_given(&l->prov) ? l->prov : d->prov;
	out->minutes_prov = prov_given(&l->minutes_prov) ? l->minutes_prov : d->minutes_prov;
	out->pass_prov = prov_given(&l->pass_prov) ? l->pass_prov : d->pass_prov;
	return true;
}

/* ---- routes and conditions ---- */

static const char *const primaries[] = {
	[STD_COND_CERT] = "cert_level",
	[STD_COND_PRE_TECHNICIAN] = "pre_technician_cert",
	[STD_COND_WORK_YEARS] = "work_years",
	[STD_COND_DIPLOMA] = "diploma",
	[STD_COND_AGE] = "age_min",
	[STD_COND_TITLE] = "title",
	[STD_COND_APPRENTICESHIP] = "apprenticeship",
	[STD_COND_TRAINING_HOURS] = "training_hours",
};
#define NPRIMARIES (sizeof(primaries) / sizeof(primaries[0]))

#define K(kind) (1u << (kind))
static const struct {
	const char *name;
	unsigned kinds; /* primaries it may go with */
} modifiers[] = {
	{"years_since_cert", K(STD_COND_CERT) | K(STD_COND_PRE_TECHNICIAN)},
	{"related_occupation", K(STD_COND_CERT) | K(STD_COND_PRE_TECHNICIAN)},
	{"specialty_related", K(STD_COND_DIPLOMA)},
	{"final_year_student", K(STD_COND_DIPLOMA)},
	{"program_level", K(STD_COND_DIPLOMA)},
	{"years_since_title", K(STD_COND_TITLE)},
	{"title_related", K(STD_COND_TITLE)},
};
#define NMODIFIERS (sizeof(modifiers) / sizeof(modifiers[0]))
#undef K

static int modifier_index(const char *key)
{
	for (size_t i = 0; i < NMODIFIERS; i++)
		if (!strcmp(key, modifiers[i].name))
			return (int)i;
	return -1;
}

static bool parse_diploma_types(struct pctx *c, json_t *v, struct std_condition *k)
{
	char list[DIP_TYPE_COUNT * 32];
	size_t i, n, old, base, used = 0;
	bool many = json_is_array(v);

	if (many) {
		if (!want_array(c, "diploma", v, 1, DIP_TYPE_COUNT))
			return false;
		n = json_array_size(v);
	} else if (json_is_string(v)) {
		n = 1;
	} else {
		return fail_at(c, "diploma",
			       "expected a diploma type or an array "
			       "of them");
	}
	list[0] = '\0';
	old = push_key(c, "diploma");
	base = c->len;
	for (i = 0; i < n && !c->rc; i++) {
		json_t *e = many ? json_array_get(v, i) : v;
		int t = json_is_string(e) ? diploma_type_parse(json_string_value(e)) : -1;

		if (many)
			push(c, "[%zu]", i);
		if (t < 0 && json_is_string(e))
			fail(c, "unknown diploma type \"%s\"", json_string_value(e));
		else if (t < 0)
			fail(c, "expected a diploma type");
		else if (k->diplomas & (1u << t))
			fail(c, "\"%s\" is given twice", diploma_names[t]);
		pop(c, base);
		if (c->rc)
			break;
		k->diplomas |= 1u << t;
		used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
					 used ? "," : "", diploma_names[t]);
	}
	pop(c, old);
	if (c->rc)
		return false;
	if (!(k->diploma_list = arena_strdup(c->a, list)))
		return nomem(c);
	return true;
}

static bool parse_condition(struct pctx *c, json_t *v, struct std_condition *k)
{
	const char *key, *primary = NULL;
	json_t *e;
	int kind = -1;
	bool ok = true;

	if (!json_is_object(v))
		return fail(c, "expected an object");
	if (json_object_size(v) == 0)
		return fail(c, "empty condition");
	/* name the condition: exactly one primary key, known modifiers */
	json_object_foreach(v, key, e)
	{
		int p = lookup(primaries, (int)NPRIMARIES, key);

		if (p >= 0) {
			if (primary)
				return fail(c,
					    "one condition per object: \"%s\" "
					    "and \"%s\"",
					    primary, key);
			primary = key;
			kind = p;
		} else if (modifier_index(key) < 0)
			return fail(c, "unknown condition \"%s\"", key);
	}
	if (!primary) { /* only modifiers: say what they need */
		json_object_foreach(v, key, e)
		{
			int m = modifier_index(key);

			for (size_t p = 0; p < NPRIMARIES; p++)
				if (modifiers[m].kinds & (1u << p))
					return fail(c, "\"%s\" needs \"%s\"", key,
						    primaries[p]);
		}
		return fail(c, "no condition");
	}
	json_object_foreach(v, key, e)
	{
		int m = modifier_index(key);

		if (m >= 0 && !(modifiers[m].kinds & (1u << kind)))
			return fail(c, "\"%s\" does not go with \"%s\"", key, primary);
	}
	k->kind = (enum std_cond_kind)kind;
	json_object_foreach(v, key, e)
	{
		if (!strcmp(key, "cert_level"))
			ok = want_int(c, key, e, 1, 5, &k->level);
		else if (!strcmp(key, "pre_technician_cert") ||
			 !strcmp(key, "apprenticeship"))
			ok = want_true(c, key, e);
		else if (!strcmp(key, "work_years"))
			ok = want_int(c, key, e, 0, 60, &k->years);
		else if (!strcmp(key, "training_hours"))
			ok = want_int(c, key, e, 1, 10000, &k->hours);
		else if (!strcmp(key, "age_min"))
			ok = want_int(c, key, e, 0, 100, &k->years);
		else if (!strcmp(key, "years_since_cert") ||
			 !strcmp(key, "years_since_title"))
			ok = want_int(c, key, e, 0, 60, &k->years);
		else if (!strcmp(key, "related_occupation"))
			ok = want_bool(c, key, e, &k->related_occupation);
		else if (!strcmp(key, "specialty_related"))
			ok = want_bool(c, key, e, &k->specialty_related);
		else if (!strcmp(key, "final_year_student"))
			ok = want_bool(c, key, e, &k->final_year_student);
		else if (!strcmp(key, "title_related"))
			ok = want_bool(c, key, e, &k->title_related);
		else if (!strcmp(key, "program_level"))
			ok = want_int(c, key, e, 1, 5, &k->program_level);
		else if (!strcmp(key, "diploma"))
			ok = parse_diploma_types(c, e, k);
		else if (!strcmp(key, "title")) {
			int t = json_is_string(e) ? title_level_parse(json_string_value(e))
						  : -1;

			if (t < 0) {
				ok = fail_at(c, key,
					     "expected \"junior\", "
					     "\"intermediate\" or \"senior\"");
			}
			k->title = (enum title_level)t;
		}
		if (!ok)
			return false;
	}
	return true;
}

static bool route_id_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 16)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '.' || s[i] == '_' ||
		      s[i] == '-'))
			return false;
	return true;
}

static bool catalog_key_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64 || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'z') ||
		      s[i] == '.' || s[i] == '_'))
			return false;
	return true;
}

static bool parse_route(struct pctx *c, json_t *v, struct std_route *r)
{
	const char *key;
	json_t *e, *conds = NULL;
	bool ok = true;
	struct std_condition *k;
	size_t i;

	if (!json_is_object(v))
		return fail(c, "expected an object");
	json_object_foreach(v, key, e)
	{
		if (!strcmp(key, "id")) {
			ok = want_string(c, key, e, 16, &r->id);
			if (ok && !route_id_ok(r->id)) {
				ok = fail_at(c, key,
					     "1..16 characters of 0-9 A-Z a-z . _ -");
			}
		} else if (!strcmp(key, "text"))
			ok = want_string(c, key, e, 500, &r->text);
		else if (!strcmp(key, "key")) {
			ok = want_string(c, key, e, 64, &r->key);
			if (ok && !catalog_key_ok(r->key)) {
				ok = fail_at(c, key, "a catalog key: a-z 0-9 . _");
			}
		} else if (!strcmp(key, "conditions"))
			conds = e;
		else if (!provenance_key(c, key, e, &r->prov, &ok))
			ok = unknown_key(c, key);
		if (!ok)
			return false;
	}
	if (!r->id)
		return fail(c, "missing \"id\"");
	if (!r->text)
		return fail(c, "missing \"text\"");
	if (!conds)
		return fail(c, "missing \"conditions\"");
	if (!want_array(c, "conditions", conds, 1, STD_MAX_CONDITIONS))
		return false;
	r->nconditions = json_array_size(conds);
	if (!(k = arena_alloc(c->a, r->nconditions * sizeof(*k))))
		return nomem(c);
	json_array_foreach(conds, i, e)
	{
		size_t old = push(c, ".conditions[%zu]", i);

		ok = parse_condition(c, e, &k[i]);
		pop(c, old);
		if (!ok)
			return false;
	}
	r->conditions = k;
	return true;
}

static bool parse_routes(struct pctx *c, json_t *v, struct std_level *out)
{
	struct std_route *r;
	json_t *e;
	size_t i;

	if (!v)
		return fail(c, "missing \"routes\"");
	if (!want_array(c, "routes", v, 1, STD_MAX_ROUTES))
		return false;
	out->nroutes = json_array_size(v);
	if (!(r = arena_alloc(c->a, out->nroutes * sizeof(*r))))
		return nomem(c);
	json_array_foreach(v, i, e)
	{
		size_t old = push(c, ".routes[%zu]", i);
		bool ok = parse_route(c, e, &r[i]);

		for (size_t j = 0; ok && j < i; j++)
			if (!strcmp(r[j].id, r[i].id))
				ok = fail(c, "route id \"%s\" is used twice", r[i].id);
		pop(c, old);
		if (!ok)
			return false;
	}
	out->routes = r;
	return true;
}

/* ---- the document ---- */

static bool parse_occupation(struct pctx *c, json_t *v, struct standard *s)
{
	const char *key;
	json_t *e;
	size_t old;
	bool ok = true;

	if (!want_object(c, "occupation", v))
		return false;
	old = push_key(c, "occupation");
	json_object_foreach(v, key, e)
	{
		if (!strcmp(key, "code")) {
			ok = want_string(c, key, e, 10, &s->occupation_code);
			if (ok && !occupation_code_valid(s->occupation_code)) {
				ok = fail_at(c, key,
					     "expected an occupation code "
					     "D-DD-DD-DD");
			}
		} else if (!strcmp(key, "name"))
			ok = want_string(c, key, e, 50, &s->occupation_name);
		else if (!strcmp(key, "edition")) {
			ok = want_string(c, key, e, 4, &s->edition);
			if (ok && strcmp(s->edition, "1999") &&
			    strcmp(s->edition, "2015") && strcmp(s->edition, "2022")) {
				ok = fail_at(c, key,
					     "expected \"1999\", \"2015\" or "
					     "\"2022\"");
			}
		} else if (!provenance_key(c, key, e, &s->occupation_prov, &ok))
			ok = unknown_key(c, key);
		if (!ok)
			break;
	}
	if (ok && !s->occupation_code)
		ok = fail(c, "missing \"code\"");
	if (ok && !s->occupation_name)
		ok = fail(c, "missing \"name\"");
	if (ok && !s->edition)
		ok = fail(c, "missing \"edition\"");
	pop(c, old);
	return ok;
}

static bool parse_work_types(struct pctx *c, json_t *v, struct standard *s)
{
	const char **w;
	json_t *e;
	size_t i, old, base;

	if (!want_array(c, "work_types", v, 0, STD_MAX_WORK_TYPES))
		return false;
	s->nwork_types = json_array_size(v);
	if (!(w = arena_alloc(c->a, (s->nwork_types + 1) * sizeof(*w))))
		return nomem(c);
	old = push_key(c, "work_types");
	base = c->len;
	json_array_foreach(v, i, e)
	{
		push(c, "[%zu]", i);
		if (want_string(c, NULL, e, 50, &w[i]))
			for (size_t j = 0; j < i; j++)
				if (!strcmp(w[j], w[i]))
					fail(c, "\"%s\" is given twice", w[i]);
		pop(c, base);
		if (c->rc)
			break;
	}
	pop(c, old);
	s->work_types = w;
	return !c->rc;
}

static bool parse_levels(struct pctx *c, json_t *v, const struct level_in *d,
			 struct standard *s)
{
	const char *key;
	json_t *e;
	size_t old;

	if (!want_object(c, "levels", v))
		return false;
	old = push_key(c, "levels");
	if (json_object_size(v) == 0)
		fail(c, "no level is offered");
	json_object_foreach(v, key, e)
	{
		struct level_in l;
		size_t here;
		int n;

		if (c->rc)
			break;
		if (strlen(key) != 1 || key[0] < '1' || key[0] > '5') {
			fail(c, "unknown level \"%s\" (levels are \"1\"..\"5\")", key);
			break;
		}
		n = key[0] - '0';
		here = push(c, ".%s", key);
		level_in_init(&l);
		if (!json_is_object(e))
			fail(c, "expected an object");
		else if (parse_settings(c, e, &l, true) &&
			 merge_level(c, n, d, &l, &s->level[n]))
			parse_routes(c, l.routes, &s->level[n]);
		pop(c, here);
		s->levels |= 1u << n;
	}
	pop(c, old);
	return !c->rc;
}

static bool parse_root(struct pctx *c, json_t *root, struct standard *s)
{
	const char *key;
	json_t *v, *defaults = NULL, *levels = NULL;
	struct level_in d;
	bool ok = true;

	if (!json_is_object(root))
		return fail(c, "a standard is a JSON object");
	json_object_foreach(root, key, v)
	{
		if (!strcmp(key, "format")) {
			ok = want_int(c, key, v, 1, 1, &s->format);
		} else if (!strcmp(key, "kind")) {
			ok = want_string(c, key, v, 32, &s->kind);
			if (ok && strcmp(s->kind, "national_standard") &&
			    strcmp(s->kind, "evaluation_spec")) {
				ok = fail_at(c, key,
					     "expected \"national_standard\" or "
					     "\"evaluation_spec\"");
			}
		} else if (!strcmp(key, "occupation"))
			ok = parse_occupation(c, v, s);
		else if (!strcmp(key, "work_types"))
			ok = parse_work_types(c, v, s);
		else if (!strcmp(key, "version"))
			ok = want_string(c, key, v, 32, &s->version);
		else if (!strcmp(key, "name"))
			ok = want_string(c, key, v, 200, &s->name);
		else if (!strcmp(key, "citation"))
			ok = want_string(c, key, v, 100, &s->citation);
		else if (!strcmp(key, "effective_from"))
			ok = want_date(c, key, v, &s->effective_from);
		else if (!strcmp(key, "effective_to")) {
			if (!json_is_null(v))
				ok = want_date(c, key, v, &s->effective_to);
		} else if (!strcmp(key, "template")) {
			ok = want_string(c, key, v, 16, &s->template_name);
			if (ok && strcmp(s->template_name, "2018") &&
			    strcmp(s->template_name, "2023") &&
			    strcmp(s->template_name, "legacy")) {
				ok = fail_at(c, key,
					     "expected \"2018\", \"2023\" or "
					     "\"legacy\"");
			}
		} else if (!strcmp(key, "notes"))
			ok = want_string(c, key, v, 2000, &s->notes);
		else if (!strcmp(key, "defaults")) {
			ok = want_object(c, key, v);
			defaults = v;
		} else if (!strcmp(key, "levels"))
			levels = v;
		else if (!provenance_key(c, key, v, &s->prov, &ok))
			ok = unknown_key(c, key);
		if (!ok)
			return false;
	}
	if (!s->format)
		return fail(c, "missing \"format\"");
	if (!s->kind)
		return fail(c, "missing \"kind\"");
	if (!s->occupation_code)
		return fail(c, "missing \"occupation\"");
	if (!s->version)
		return fail(c, "missing \"version\"");
	if (!s->name)
		return fail(c, "missing \"name\"");
	if (!s->citation)
		return fail(c, "missing \"citation\"");
	if (!s->effective_from)
		return fail(c, "missing \"effective_from\"");
	if (s->effective_to && strcmp(s->effective_to, s->effective_from) < 0)
		return fail_at(c, "effective_to", "before effective_from");
	if (!levels)
		return fail(c, "missing \"levels\"");
	if (!s->work_types) {
		static const char *const none[1] = {NULL};

		s->work_types = none;
	}
	level_in_init(&d);
	if (defaults) {
		size_t old = push_key(c, "defaults");

		ok = parse_settings(c, defaults, &d, false);
		pop(c, old);
		if (!ok)
			return false;
	}
	return parse_levels(c, levels, &d, s);
}

int standard_parse(const char *json, struct arena *a, struct standard *out, char *err,
		   size_t errlen)
{
	struct pctx c = {.a = a, .err = err, .errlen = errlen};
	json_error_t jerr;
	json_t *root;

	str_errf(err, errlen, "%s", "");
	memset(out, 0, sizeof(*out));
	if (!json) {
		str_errf(err, errlen, "no text");
		return STANDARD_ESYNTAX;
	}
	root = json_loads(json, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		str_errf(err, errlen, "line %d, column %d: %s", jerr.line, jerr.column,
			 jerr.text);
		return STANDARD_ESYNTAX;
	}
	parse_root(&c, root, out);
	json_decref(root);
	return c.rc;
}

/* ---- accessors ---- */

bool standard_offers(const struct standard *s, int level)
{
	return s && level >= 1 && level <= 5 && (s->levels & (1u << level));
}

const struct std_level *standard_level(const struct standard *s, int level)
{
	return standard_offers(s, level) ? &s->level[level] : NULL;
}

bool standard_in_force(const struct standard *s, const char *date)
{
	if (!s || !s->effective_from || !date || !time_date_valid(date))
		return false;
	return strcmp(s->effective_from, date) <= 0 &&
	       (!s->effective_to || strcmp(date, s->effective_to) <= 0);
}

bool std_level_has(const struct std_level *l, enum std_component c)
{
	return l && (unsigned)c < STD_COMPONENT_COUNT && (l->components & (1u << c));
}

const struct std_route *std_level_route(const struct std_level *l, const char *id)
{
	for (size_t i = 0; l && id && i < l->nroutes; i++)
		if (!strcmp(l->routes[i].id, id))
			return &l->routes[i];
	return NULL;
}

/* ---- eligibility ---- */

int std_full_years(const char *from, const char *to)
{
	char anniversary[11];
	int y;

	if (!from || !to || !time_date_valid(from) || !time_date_valid(to))
		return INT_MIN;
	if (strcmp(from, to) > 0)
		return -std_full_years(to, from);
	y = ((to[0] - '0') * 1000 + (to[1] - '0') * 100 + (to[2] - '0') * 10 +
	     (to[3] - '0')) -
	    ((from[0] - '0') * 1000 + (from[1] - '0') * 100 + (from[2] - '0') * 10 +
	     (from[3] - '0'));
	if (y > 0 && date_add_years(from, y, anniversary) && strcmp(anniversary, to) > 0)
		y--;
	return y;
}

static const char *const elig_keys[] = {
	"elig.level_not_offered",
	"elig.cert.none",
	"elig.cert.level",
	"elig.cert.other_occupation",
	"elig.cert.years",
	"elig.pre_technician.none",
	"elig.pre_technician.years",
	"elig.work.years",
	"elig.diploma.none",
	"elig.diploma.specialty",
	"elig.diploma.program",
	"elig.diploma.final_year",
	"elig.age.unknown",
	"elig.age.min",
	"elig.title.none",
	"elig.title.level",
	"elig.title.related",
	"elig.title.years",
	"elig.apprenticeship.none",
	"elig.training_hours.short",
	/* malformed facts (eligibility_check returns -1) */
	"val.date.invalid",
	"val.date.future",
	"val.date.required",
	"val.diploma.type",
	"val.diploma.final_year_graduated",
	"val.diploma.program_level",
	"val.cert.kind",
	"val.cert.level",
	"val.cert.occupation",
	"val.title.level",
	"val.work_years.range",
	"val.training_hours.range",
	NULL,
};

const char *const *eligibility_keys(void) { return elig_keys; }

/* Cumulative full years of work on today. */
static int work_total(const struct applicant *a, const char *today)
{
	int y;

	if (a->work_years_declared)
		return a->work_years;
	if (!a->work_start)
		return 0;
	y = std_full_years(a->work_start, today);
	return y > 0 ? y : 0;
}

/* Full years of work since date (a certificate's or a title's). */
static int work_since(const struct applicant *a, const char *date, const char *today)
{
	const char *from = date;
	int y;

	if (a->work_start && strcmp(a->work_start, from) > 0)
		from = a->work_start;
	y = std_full_years(from, today);
	if (y < 0)
		y = 0;
	if (a->work_years_declared && y > a->work_years)
		y = a->work_years;
	return y;
}

static bool miss(struct elig_route_result *r, const char *key, int level, int required,
		 int actual)
{
	r->key = key;
	r->level = level;
	r->required = required;
	r->actual = actual;
	return false;
}

static bool eval_cert(const struct standard *s, const struct std_condition *k,
		      const struct applicant *a, const char *today,
		      struct elig_route_result *r)
{
	bool pre = k->kind == STD_COND_PRE_TECHNICIAN;
	enum cert_kind want = pre ? CERT_PRE_TECHNICIAN : CERT_SKILL;
	bool counted = false, level_ok = false, other = false;
	int best_level = 0, best_years = -1;

	for (size_t i = 0; i < a->ncerts; i++) {
		const struct applicant_cert *ct = &a->certs[i];
		bool same = !strcmp(ct->occupation_code, s->occupation_code);
		bool lvl = pre || ct->level <= k->level;
		int y;

		if (ct->kind != want || (!same && !ct->related))
			continue;
		if (!same && !k->related_occupation) {
			other = other || lvl;
			continue;
		}
		counted = true;
		if (!pre && (best_level == 0 || ct->level < best_level))
			best_level = ct->level;
		if (!lvl)
			continue;
		level_ok = true;
		y = work_since(a, ct->issued_on, today);
		if (y > best_years)
			best_years = y;
	}
	if (level_ok && best_years >= k->years)
		return true;
	if (level_ok)
		return miss(r, pre ? "elig.pre_technician.years" : "elig.cert.years",
			    k->level, k->years, best_years);
	if (other)
		return miss(r, "elig.cert.other_occupation", k->level, k->level, 0);
	if (counted && !pre)
		return miss(r, "elig.cert.level", k->level, k->level, best_level);
	return miss(r, pre ? "elig.pre_technician.none" : "elig.cert.none", k->level,
		    k->level, 0);
}

static bool eval_diploma(const struct std_condition *k, const struct applicant *a,
			 struct elig_route_result *r)
{
	/* how far the best diploma got: -1 no such type, 0 type, 1 specialty,
	 * 2 program level; passing all is success */
	int best = -1, best_program = 0;

	r->detail = k->diploma_list;
	for (size_t i = 0; i < a->ndiplomas; i++) {
		const struct applicant_diploma *d = &a->diplomas[i];
		int stage = 0;

		if (!(k->diplomas & (1u << d->type)))
			continue;
		if (!k->specialty_related || d->specialty_related) {
			stage = 1;
			if (d->program_level &&
			    (!best_program || d->program_level < best_program))
				best_program = d->program_level;
			if (!k->program_level ||
			    (d->program_level && d->program_level <= k->program_level)) {
				stage = 2;
				if (!d->final_year || k->final_year_student)
					return true;
			}
		}
		if (stage > best)
			best = stage;
	}
	switch (best) {
	case 0: return miss(r, "elig.diploma.specialty", 0, 0, 0);
	case 1:
		return miss(r, "elig.diploma.program", k->program_level, k->program_level,
			    best_program);
	case 2: return miss(r, "elig.diploma.final_year", 0, 0, 0);
	}
	return miss(r, "elig.diploma.none", 0, 0, 0);
}

static bool eval_title(const struct std_condition *k, const struct applicant *a,
		       const char *today, struct elig_route_result *r)
{
	bool any = false, rank_ok = false, unrelated = false;
	int best_rank = 0, best_years = -1;

	for (size_t i = 0; i < a->ntitles; i++) {
		const struct applicant_title *t = &a->titles[i];
		int y;

		any = true;
		if ((int)t->level > best_rank)
			best_rank = (int)t->level;
		if (t->level < k->title)
			continue;
		if (k->title_related && !t->related) {
			unrelated = true;
			continue;
		}
		rank_ok = true;
		y = work_since(a, t->granted_on, today);
		if (y > best_years)
			best_years = y;
	}
	if (rank_ok && best_years >= k->years)
		return true;
	if (rank_ok)
		return miss(r, "elig.title.years", (int)k->title, k->years, best_years);
	if (unrelated)
		return miss(r, "elig.title.related", (int)k->title, (int)k->title, 0);
	if (any)
		return miss(r, "elig.title.level", (int)k->title, (int)k->title, best_rank);
	return miss(r, "elig.title.none", (int)k->title, (int)k->title, 0);
}

static bool eval_condition(const struct standard *s, const struct std_condition *k,
			   const struct applicant *a, const char *today,
			   struct elig_route_result *r)
{
	int y;

	switch (k->kind) {
	case STD_COND_CERT:
	case STD_COND_PRE_TECHNICIAN: return eval_cert(s, k, a, today, r);
	case STD_COND_WORK_YEARS:
		y = work_total(a, today);
		return y >= k->years || miss(r, "elig.work.years", 0, k->years, y);
	case STD_COND_DIPLOMA: return eval_diploma(k, a, r);
	case STD_COND_AGE:
		if (!a->birth_date)
			return miss(r, "elig.age.unknown", 0, k->years, 0);
		y = std_full_years(a->birth_date, today);
		return y >= k->years || miss(r, "elig.age.min", 0, k->years, y);
	case STD_COND_TITLE: return eval_title(k, a, today, r);
	case STD_COND_APPRENTICESHIP:
		return a->apprenticeship_completed ||
		       miss(r, "elig.apprenticeship.none", 0, 0, 0);
	case STD_COND_TRAINING_HOURS:
		return a->training_hours >= k->hours ||
		       miss(r, "elig.training_hours.short", 0, k->hours, a->training_hours);
	}
	return miss(r, "elig.apprenticeship.none", 0, 0, 0);
}

static int bad_fact(struct eligibility_result *out, const char *field, const char *msg,
		    int index)
{
	out->error.field = field;
	out->error.msg = msg;
	out->error_index = index;
	return -1;
}

/* NULL when date is a valid day not after today, else the key. */
static const char *date_problem(const char *date, const char *today)
{
	if (!date)
		return "val.date.required";
	if (!time_date_valid(date) || strlen(date) != 10)
		return "val.date.invalid";
	if (strcmp(date, today) > 0)
		return "val.date.future";
	return NULL;
}

static int check_facts(const struct applicant *a, const char *today,
		       struct eligibility_result *out)
{
	const char *p;

	if (a->birth_date && (p = date_problem(a->birth_date, today)))
		return bad_fact(out, "birth_date", p, -1);
	if (a->work_start && (p = date_problem(a->work_start, today)))
		return bad_fact(out, "work_start", p, -1);
	if (a->work_years_declared && (a->work_years < 0 || a->work_years > 80))
		return bad_fact(out, "work_years", "val.work_years.range", -1);
	if (a->training_hours < 0 || a->training_hours > 100000)
		return bad_fact(out, "training_hours", "val.training_hours.range", -1);
	for (size_t i = 0; i < a->ndiplomas; i++) {
		const struct applicant_diploma *d = &a->diplomas[i];

		if ((unsigned)d->type >= DIP_TYPE_COUNT)
			return bad_fact(out, "diplomas.type", "val.diploma.type", (int)i);
		if (d->program_level < 0 || d->program_level > 5)
			return bad_fact(out, "diplomas.program_level",
					"val.diploma.program_level", (int)i);
		if (d->final_year && d->graduated_on)
			return bad_fact(out, "diplomas.graduated_on",
					"val.diploma.final_year_graduated", (int)i);
		if (!d->final_year && (p = date_problem(d->graduated_on, today)))
			return bad_fact(out, "diplomas.graduated_on", p, (int)i);
	}
	for (size_t i = 0; i < a->ncerts; i++) {
		const struct applicant_cert *c = &a->certs[i];

		if (c->kind != CERT_SKILL && c->kind != CERT_PRE_TECHNICIAN)
			return bad_fact(out, "certs.kind", "val.cert.kind", (int)i);
		if (!occupation_code_valid(c->occupation_code))
			return bad_fact(out, "certs.occupation_code",
					"val.cert.occupation", (int)i);
		if (c->kind == CERT_SKILL && (c->level < 1 || c->level > 5))
			return bad_fact(out, "certs.level", "val.cert.level", (int)i);
		if ((p = date_problem(c->issued_on, today)))
			return bad_fact(out, "certs.issued_on", p, (int)i);
	}
	for (size_t i = 0; i < a->ntitles; i++) {
		const struct applicant_title *t = &a->titles[i];

		if (t->level < TITLE_JUNIOR || t->level > TITLE_SENIOR)
			return bad_fact(out, "titles.level", "val.title.level", (int)i);
		if ((p = date_problem(t->granted_on, today)))
			return bad_fact(out, "titles.granted_on", p, (int)i);
	}
	return 0;
}

int eligibility_check(const struct standard *s, int level, const struct applicant *a,
		      const char *today, struct eligibility_result *out)
{
	const struct std_level *l;

	memset(out, 0, sizeof(*out));
	out->level = level;
	out->error_index = -1;
	if (!today || strlen(today) != 10 || !time_date_valid(today))
		return bad_fact(out, "today", "val.date.invalid", -1);
	if (!s || !a)
		return bad_fact(out, "applicant", "val.date.required", -1);
	if (check_facts(a, today, out))
		return -1;
	if (!(l = standard_level(s, level))) {
		out->refusal = "elig.level_not_offered";
		return 0;
	}
	out->nroutes = l->nroutes;
	for (size_t i = 0; i < l->nroutes; i++) {
		struct elig_route_result *r = &out->routes[i];

		r->route = &l->routes[i];
		r->passed = true;
		r->condition = -1;
		for (size_t j = 0; j < l->routes[i].nconditions; j++)
			if (!eval_condition(s, &l->routes[i].conditions[j], a, today, r)) {
				r->passed = false;
				r->condition = (int)j;
				break;
			}
		if (r->passed) {
			r->detail = NULL;
			if (!out->eligible) {
				out->eligible = true;
				out->route = r->route;
				out->route_id = r->route->id;
			}
		}
	}
	return 0;
}
