/*
 * competition.c - a competition's technical document (parse and validate)
 * and the rules computed from it; see competition.h for the format and
 * the rules. No I/O; what the parser keeps lives in the caller's arena.
 */
#include "core/competition.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/i18n.h"
#include "core/rulesdoc.h"

static const char *const tier_names[COMP_TIER_COUNT] = {
	"worldskills_selection",
	"national_games",
	"national_class1",
	"national_class2",
	"provincial_class1",
	"provincial_class2",
	"city",
	"district",
};
static const char *const group_names[COMP_GROUP_COUNT] = {
	"employee", "student", "teacher", "senior", "intermediate",
};
static const char *const award_names[COMP_AWARD_COUNT] = {
	"none", "excellence", "bronze", "silver", "gold",
};
static const char *const title_names[COMP_TITLE_COUNT] = {
	"national_technical_expert",
	"industry_technical_expert",
};
static const char *const rule_names[CR_COUNT] = {
	[CR_THEORY_WEIGHT] = "theory_weight",
	[CR_MODULES] = "modules",
	[CR_TIE_BREAK] = "tie_break",
	[CR_AWARDS] = "awards",
	[CR_TITLES] = "titles",
	[CR_SQUAD] = "squad",
	[CR_PROMOTION] = "promotion",
	[CR_SCALE] = "scale",
};
static const char *const promo_names[COMP_PROMO_COUNT] = {
	"none", "to", "up", "already_up", "held", "capped", "no_level", "historical",
};

const char *comp_tier_name(enum comp_tier t)
{
	return (unsigned)t < COMP_TIER_COUNT ? tier_names[t] : NULL;
}
const char *comp_group_name(enum comp_group g)
{
	return (unsigned)g < COMP_GROUP_COUNT ? group_names[g] : NULL;
}
const char *comp_award_name(enum comp_award a)
{
	return (unsigned)a < COMP_AWARD_COUNT ? award_names[a] : NULL;
}
const char *comp_title_name(enum comp_title t)
{
	return (unsigned)t < COMP_TITLE_COUNT ? title_names[t] : NULL;
}
const char *comp_rule_name(enum comp_rule r)
{
	return (unsigned)r < CR_COUNT ? rule_names[r] : NULL;
}
const char *comp_promo_name(enum comp_promo_outcome o)
{
	return (unsigned)o < COMP_PROMO_COUNT ? promo_names[o] : NULL;
}

static int lookup(const char *s, const char *const *names, int n)
{
	for (int i = 0; s && i < n; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

int comp_group_parse(const char *s) { return lookup(s, group_names, COMP_GROUP_COUNT); }

/* ---- parsing ---- */

/* A number of marks with at most two decimals, min..max marks, into
 * hundredths. */
static int want_marks(struct rd_ctx *c, const char *where, json_t *v, int min, int max,
		      int *out)
{
	double x, h;

	if (!json_is_number(v))
		return rd_fail(c, "%s: must be a number of marks %d..%d", where, min, max);
	x = json_number_value(v);
	if (!(x >= min && x <= max))
		return rd_fail(c, "%s: must be a number of marks %d..%d", where, min, max);
	h = round(x * 100);
	if (fabs(h - x * 100) > 1e-6)
		return rd_fail(c, "%s: at most two decimals (hundredths of a mark)", where);
	*out = (int)h;
	return 0;
}

#define WHERE(buf, ...) snprintf(buf, sizeof(buf), __VA_ARGS__)

/* Whether code is one of the pseudo-modules the marking sheet locks beside
 * the document's modules ("theory", "time"; any case), which a module or an
 * aspect may not take. */
static bool reserved_code(const char *code)
{
	static const char *const reserved[] = {"theory", "time"};

	for (size_t i = 0; i < sizeof(reserved) / sizeof(*reserved); i++)
		if (!strcasecmp(code, reserved[i]))
			return true;
	return false;
}

static int parse_aspect(struct rd_ctx *c, const char *mwhere, size_t idx, json_t *o,
			struct comp_aspect *a)
{
	static const char *const keys[] = {"code", "name", "kind", "max", "bands", NULL};
	char where[256];
	json_t *kind, *bands, *e;
	size_t i;

	WHERE(where, "%s.aspects[%zu]", mwhere, idx);
	if (rd_only_keys(c, where, o, keys) || !(a->code = rd_want_str(c, where, o, "code")))
		return -1;
	if (reserved_code(a->code))
		return rd_fail(c,
			       "%s.code: \"%s\" is reserved (the theory score and the time used)",
			       where, a->code);
	if (json_object_get(o, "name") && !(a->name = rd_want_str(c, where, o, "name")))
		return -1;
	kind = json_object_get(o, "kind");
	bands = json_object_get(o, "bands");
	if (json_is_string(kind) && !strcmp(json_string_value(kind), "judgement"))
		a->kind = COMP_ASPECT_JUDGEMENT;
	else if (json_is_string(kind) && !strcmp(json_string_value(kind), "measurement"))
		a->kind = bands ? COMP_ASPECT_BANDS : COMP_ASPECT_FULL;
	else
		return rd_fail(c, "%s.kind: must be \"measurement\" or \"judgement\"",
			       where);
	{
		char w[300];
		WHERE(w, "%s.max", where);
		if (want_marks(c, w, json_object_get(o, "max"), 0, 100, &a->max))
			return -1;
		if (!a->max)
			return rd_fail(c, "%s: must be more than 0", w);
	}
	if (!bands)
		return 0;
	if (a->kind != COMP_ASPECT_BANDS)
		return rd_fail(c, "%s.bands: only a measurement aspect has bands", where);
	if (!json_is_array(bands) || !json_array_size(bands) ||
	    json_array_size(bands) > COMP_MAX_BANDS)
		return rd_fail(c, "%s.bands: must be an array of 1..%d bands", where,
			       COMP_MAX_BANDS);
	struct comp_band *b = arena_alloc(c->a, json_array_size(bands) * sizeof(*b));
	json_array_foreach(bands, i, e)
	{
		static const char *const bkeys[] = {"within", "marks", NULL};
		char w[300], w2[320];
		json_t *within;

		WHERE(w, "%s.bands[%zu]", where, i);
		if (rd_only_keys(c, w, e, bkeys))
			return -1;
		within = json_object_get(e, "within");
		if (!json_is_number(within) || !(json_number_value(within) >= 0) ||
		    json_number_value(within) > 1e9)
			return rd_fail(c, "%s.within: must be a tolerance of 0 or more", w);
		b[i].within = json_number_value(within);
		WHERE(w2, "%s.marks", w);
		if (want_marks(c, w2, json_object_get(e, "marks"), 0, 100, &b[i].marks))
			return -1;
		if (b[i].marks > a->max)
			return rd_fail(c, "%s: more than the aspect's max", w2);
		if (i && !(b[i].within > b[i - 1].within))
			return rd_fail(c, "%s.within: tolerances must widen band by band",
				       w);
		if (i && b[i].marks > b[i - 1].marks)
			return rd_fail(c, "%s: a wider band cannot earn more marks", w2);
	}
	a->bands = b;
	a->nbands = json_array_size(bands);
	return 0;
}

static int parse_modules(struct rd_ctx *c, const char *where, json_t *x, struct comp_doc *d)
{
	static const char *const keys[] = {"code", "name", "weight", "aspects", NULL};
	struct comp_module *mods;
	json_t *m;
	size_t i;
	int sum = 0;

	if (!json_is_array(x) || !json_array_size(x) || json_array_size(x) > COMP_MAX_MODULES)
		return rd_fail(c, "%s: must be an array of 1..%d modules", where,
			       COMP_MAX_MODULES);
	mods = arena_alloc(c->a, json_array_size(x) * sizeof(*mods));
	json_array_foreach(x, i, m)
	{
		char w[160], w2[180];
		json_t *asp, *e;
		size_t j;
		int asum = 0;

		WHERE(w, "%s[%zu]", where, i);
		if (rd_only_keys(c, w, m, keys) ||
		    !(mods[i].code = rd_want_str(c, w, m, "code")) ||
		    !(mods[i].name = rd_want_str(c, w, m, "name")))
			return -1;
		if (reserved_code(mods[i].code))
			return rd_fail(c,
				       "%s.code: \"%s\" is reserved (the theory score and the time used)",
				       w, mods[i].code);
		for (size_t k = 0; k < i; k++)
			if (!strcmp(mods[k].code, mods[i].code))
				return rd_fail(c, "%s.code: \"%s\" twice", w, mods[i].code);
		WHERE(w2, "%s.weight", w);
		if (want_marks(c, w2, json_object_get(m, "weight"), 0, 100, &mods[i].weight))
			return -1;
		asp = json_object_get(m, "aspects");
		if (!json_is_array(asp) || !json_array_size(asp) ||
		    json_array_size(asp) > COMP_MAX_ASPECTS)
			return rd_fail(c, "%s.aspects: must be an array of 1..%d aspects",
				       w, COMP_MAX_ASPECTS);
		struct comp_aspect *as = arena_alloc(c->a,
						     json_array_size(asp) * sizeof(*as));
		json_array_foreach(asp, j, e)
		{
			if (parse_aspect(c, w, j, e, &as[j]))
				return -1;
			for (size_t k = 0; k < i; k++)
				for (size_t l = 0; l < mods[k].naspects; l++)
					if (!strcmp(mods[k].aspects[l].code, as[j].code))
						return rd_fail(c,
							       "%s.aspects[%zu].code: \"%s\" twice",
							       w, j, as[j].code);
			for (size_t l = 0; l < j; l++)
				if (!strcmp(as[l].code, as[j].code))
					return rd_fail(c,
						       "%s.aspects[%zu].code: \"%s\" twice",
						       w, j, as[j].code);
			asum += as[j].max;
		}
		mods[i].aspects = as;
		mods[i].naspects = json_array_size(asp);
		if (asum != mods[i].weight)
			return rd_fail(c,
				       "%s.weight: the aspects' max add up to %d.%02d, not "
				       "%d.%02d",
				       w, asum / 100, asum % 100, mods[i].weight / 100,
				       mods[i].weight % 100);
		sum += mods[i].weight;
	}
	d->modules = mods;
	d->nmodules = json_array_size(x);
	if (sum + d->theory_weight != 10000)
		return rd_fail(c,
			       "%s: the modules' weights (%d.%02d) and the theory weight (%d.%02d) "
			       "must add up to 100",
			       where, sum / 100, sum % 100, d->theory_weight / 100,
			       d->theory_weight % 100);
	return 0;
}

static int parse_ties(struct rd_ctx *c, const char *where, json_t *x, struct comp_doc *d)
{
	json_t *e;
	size_t i;

	if (!json_is_array(x) || json_array_size(x) > COMP_MAX_TIES)
		return rd_fail(c, "%s: must be an array of at most %d criteria", where,
			       COMP_MAX_TIES);
	json_array_foreach(x, i, e)
	{
		const char *s = json_string_value(e);
		struct comp_tie *t = &d->ties[i];

		if (!s)
			return rd_fail(c, "%s[%zu]: must be a criterion", where, i);
		if (!strcmp(s, "practical"))
			t->kind = COMP_TIE_PRACTICAL;
		else if (!strcmp(s, "theory"))
			t->kind = COMP_TIE_THEORY;
		else if (!strcmp(s, "time"))
			t->kind = COMP_TIE_TIME;
		else if (!strncmp(s, "module:", 7)) {
			size_t m;
			t->kind = COMP_TIE_MODULE;
			for (m = 0; m < d->nmodules; m++)
				if (!strcmp(d->modules[m].code, s + 7))
					break;
			if (m == d->nmodules)
				return rd_fail(c, "%s[%zu]: no module \"%s\"", where, i,
					       s + 7);
			t->module = (int)m;
		} else
			return rd_fail(c,
				       "%s[%zu]: \"%s\" is not practical, theory, time or "
				       "module:CODE",
				       where, i, s);
		for (size_t k = 0; k < i; k++)
			if (d->ties[k].kind == t->kind && d->ties[k].module == t->module)
				return rd_fail(c, "%s[%zu]: \"%s\" twice", where, i, s);
		d->nties++;
	}
	return 0;
}

static int parse_awards(struct rd_ctx *c, const char *where, json_t *x, struct comp_doc *d)
{
	static const char *const keys[] = {"gold", "silver", "bronze", "excellence", NULL};
	static const char *const ckeys[] = {"places", "percent", NULL};
	int last = 0;
	bool last_percent = false;

	if (rd_only_keys(c, where, x, keys))
		return -1;
	for (int aw = COMP_AWARD_GOLD; aw >= COMP_AWARD_EXCELLENCE; aw--) {
		json_t *o = json_object_get(x, award_names[aw]), *p, *q;
		struct comp_cut *cut = &d->cut[aw];
		char w[160];

		WHERE(w, "%s.%s", where, award_names[aw]);
		if (!o || json_is_null(o))
			continue;
		if (rd_only_keys(c, w, o, ckeys))
			return -1;
		p = json_object_get(o, "places");
		q = json_object_get(o, "percent");
		if (!p == !q)
			return rd_fail(c, "%s: give either \"places\" or \"percent\"", w);
		cut->percent = q != NULL;
		if (rd_want_int(c, w, p ? p : q, 1, p ? COMP_MAX_ENTRANTS : 100, &cut->n))
			return -1;
		/* bands are cumulative: each ends at or after the better one */
		if (cut->percent == last_percent && cut->n < last)
			return rd_fail(c, "%s: ends before the better award's band", w);
		last = cut->n;
		last_percent = cut->percent;
	}
	return 0;
}

static int parse_titles(struct rd_ctx *c, const char *where, json_t *x, struct comp_doc *d)
{
	static const char *const keys[] = {"title", "individual", "team2", "team3", NULL};
	json_t *e;
	size_t i;

	if (!json_is_array(x) || json_array_size(x) > COMP_MAX_TITLES)
		return rd_fail(c, "%s: must be an array of at most %d titles", where,
			       COMP_MAX_TITLES);
	json_array_foreach(x, i, e)
	{
		struct comp_title_rule *t = &d->titles[i];
		const char *const sizes[] = {"individual", "team2", "team3"};
		int *n[] = {&t->individual, &t->team2, &t->team3};
		char w[160];
		int k;

		WHERE(w, "%s[%zu]", where, i);
		if (rd_only_keys(c, w, e, keys))
			return -1;
		k = lookup(json_string_value(json_object_get(e, "title")), title_names,
			   COMP_TITLE_COUNT);
		if (k < 0)
			return rd_fail(c,
				       "%s.title: must be one of national_technical_expert, "
				       "industry_technical_expert",
				       w);
		t->title = (enum comp_title)k;
		for (int s = 0; s < 3; s++) {
			json_t *v = json_object_get(e, sizes[s]);
			char w2[180];
			WHERE(w2, "%s.%s", w, sizes[s]);
			if (v && rd_want_int(c, w2, v, 1, COMP_MAX_ENTRANTS, n[s]))
				return -1;
		}
		if (!*n[d->team_size - 1])
			return rd_fail(c,
				       "%s: \"%s\" is required for this event's team size",
				       w, sizes[d->team_size - 1]);
		d->ntitles++;
	}
	return 0;
}

static int parse_squad(struct rd_ctx *c, const char *where, json_t *x, struct comp_doc *d)
{
	static const char *const keys[] = {"individual", "team", NULL};
	char w[160];

	if (json_is_null(x))
		return 0;
	if (rd_only_keys(c, where, x, keys))
		return -1;
	d->squad = true;
	WHERE(w, "%s.individual", where);
	if (rd_want_int(c, w, json_object_get(x, "individual"), 1, 1000,
			&d->squad_individual))
		return -1;
	WHERE(w, "%s.team", where);
	return rd_want_int(c, w, json_object_get(x, "team"), 1, 1000, &d->squad_team);
}

static int parse_promotions(struct rd_ctx *c, const char *where, json_t *x,
			    struct comp_doc *d)
{
	static const char *const keys[] = {"groups",  "award",     "places",
					   "percent", "to",        "already_up",
					   "up",      "from_none", NULL};
	json_t *e;
	size_t i;

	if (!json_is_array(x) || json_array_size(x) > COMP_MAX_PROMOTIONS)
		return rd_fail(c, "%s: must be an array of at most %d rules", where,
			       COMP_MAX_PROMOTIONS);
	json_array_foreach(x, i, e)
	{
		struct comp_promotion_rule *p = &d->promotions[i];
		json_t *groups, *award, *places, *percent, *to, *up, *already, *from_none,
			*g;
		char w[160], w2[180];
		size_t k;

		WHERE(w, "%s[%zu]", where, i);
		if (rd_only_keys(c, w, e, keys))
			return -1;
		groups = json_object_get(e, "groups");
		if (groups) {
			if (!json_is_array(groups) || !json_array_size(groups))
				return rd_fail(c, "%s.groups: must be a non-empty array", w);
			json_array_foreach(groups, k, g)
			{
				int gi = comp_group_parse(json_string_value(g));
				if (gi < 0 || !(d->groups & (1u << gi)))
					return rd_fail(c,
						       "%s.groups[%zu]: not a group of the event",
						       w, k);
				p->groups |= 1u << gi;
			}
		}
		award = json_object_get(e, "award");
		places = json_object_get(e, "places");
		percent = json_object_get(e, "percent");
		if (!!award + !!places + !!percent != 1)
			return rd_fail(c,
				       "%s: give one of \"award\", \"places\" or \"percent\"",
				       w);
		if (award) {
			int aw = lookup(json_string_value(award), award_names,
					COMP_AWARD_COUNT);
			if (aw < COMP_AWARD_EXCELLENCE)
				return rd_fail(c,
					       "%s.award: must be excellence, bronze, silver "
					       "or gold",
					       w);
			p->award = (enum comp_award)aw;
		} else if (places) {
			WHERE(w2, "%s.places", w);
			if (!json_is_array(places) || json_array_size(places) != 2 ||
			    rd_want_int(c, w2, json_array_get(places, 0), 1,
					COMP_MAX_ENTRANTS, &p->place_from) ||
			    rd_want_int(c, w2, json_array_get(places, 1), 1,
					COMP_MAX_ENTRANTS, &p->place_to) ||
			    p->place_to < p->place_from)
				return rd_fail(c, "%s: must be [first, last] places", w2);
		} else {
			WHERE(w2, "%s.percent", w);
			p->percent = true;
			if (!json_is_array(percent) || json_array_size(percent) != 2 ||
			    rd_want_int(c, w2, json_array_get(percent, 0), 0, 99,
					&p->place_from) ||
			    rd_want_int(c, w2, json_array_get(percent, 1), 1, 100,
					&p->place_to) ||
			    p->place_to <= p->place_from)
				return rd_fail(c,
					       "%s: must be [from, to] percent of entrants, "
					       "0 <= from < to <= 100",
					       w2);
		}
		to = json_object_get(e, "to");
		up = json_object_get(e, "up");
		if (!to == !up)
			return rd_fail(c, "%s: give either \"to\" (a level) or \"up\": true",
				       w);
		if (up && !json_is_true(up))
			return rd_fail(c, "%s.up: must be true", w);
		WHERE(w2, "%s.to", w);
		if (to && rd_want_int(c, w2, to, 1, 5, &p->to))
			return -1;
		already = json_object_get(e, "already_up");
		if (already) {
			if (!json_is_boolean(already) || !to)
				return rd_fail(c,
					       "%s.already_up: true or false, with \"to\" only",
					       w);
			p->already_up = json_is_true(already);
		}
		from_none = json_object_get(e, "from_none");
		if (from_none) {
			WHERE(w2, "%s.from_none", w);
			if (!up)
				return rd_fail(c, "%s: with \"up\" only", w2);
			if (rd_want_int(c, w2, from_none, 1, 5, &p->from_none))
				return -1;
		}
		d->npromotions++;
	}
	return 0;
}

static int parse_scale(struct rd_ctx *c, const char *where, json_t *x, struct comp_doc *d)
{
	static const char *const keys[] = {"centre", "points_per_sd", NULL};
	char w[160];

	if (rd_only_keys(c, where, x, keys))
		return -1;
	WHERE(w, "%s.centre", where);
	if (rd_want_int(c, w, json_object_get(x, "centre"), 1, 10000, &d->scale_centre))
		return -1;
	WHERE(w, "%s.points_per_sd", where);
	return rd_want_int(c, w, json_object_get(x, "points_per_sd"), 1, 1000,
			   &d->scale_per_sd);
}

static int parse_rule(struct rd_ctx *c, enum comp_rule r, json_t *o, struct comp_doc *d)
{
	static const char *const keys[] = {"value", "confidence", "source", NULL};
	char where[80];
	json_t *x;

	WHERE(where, "rules.%s", rule_names[r]);
	if (!json_is_object(o))
		return rd_fail(c,
			       "%s: is required (an object with value, confidence, source)",
			       where);
	if (rd_only_keys(c, where, o, keys) ||
	    rd_parse_prov(c, where, o, &d->rule_prov[r].confidence, &d->rule_prov[r].source))
		return -1;
	x = json_object_get(o, "value");
	if (!x)
		return rd_fail(c, "%s: \"value\" is required", where);
	WHERE(where, "rules.%s.value", rule_names[r]);
	switch (r) {
	case CR_THEORY_WEIGHT: return want_marks(c, where, x, 0, 100, &d->theory_weight);
	case CR_MODULES: return parse_modules(c, where, x, d);
	case CR_TIE_BREAK: return parse_ties(c, where, x, d);
	case CR_AWARDS: return parse_awards(c, where, x, d);
	case CR_TITLES: return parse_titles(c, where, x, d);
	case CR_SQUAD: return parse_squad(c, where, x, d);
	case CR_PROMOTION: return parse_promotions(c, where, x, d);
	case CR_SCALE: return parse_scale(c, where, x, d);
	case CR_COUNT: break;
	}
	return rd_fail(c, "%s: unknown rule", where);
}

static int parse_doc(struct rd_ctx *c, json_t *root, struct comp_doc *d)
{
	static const char *const keys[] = {"format",    "kind",       "code",
					   "name",      "tier",       "version",
					   "citation",  "notes",      "groups",
					   "team_size", "rules",      "confidence",
					   "source",    "historical", NULL};
	json_t *hist, *groups, *rules, *notes, *e;
	const char *k;
	size_t i;
	int t;

	if (!json_is_object(root))
		return rd_fail(c, "the file must hold a JSON object");
	if (rd_only_keys(c, "(top)", root, keys))
		return -1;
	if (rd_format_kind(c, root, "competition_technical_document"))
		return -1;
	if (!(d->code = rd_want_str(c, "(top)", root, "code")) ||
	    !(d->name = rd_want_str(c, "(top)", root, "name")) ||
	    !(d->version = rd_want_str(c, "(top)", root, "version")) ||
	    !(d->citation = rd_want_str(c, "(top)", root, "citation")) ||
	    rd_parse_prov(c, "(top)", root, &d->prov.confidence, &d->prov.source))
		return -1;
	t = lookup(json_string_value(json_object_get(root, "tier")), tier_names,
		   COMP_TIER_COUNT);
	if (t < 0)
		return rd_fail(c, "tier: must be one of worldskills_selection, national_games, "
				  "national_class1, national_class2, provincial_class1, "
				  "provincial_class2, city, district");
	d->tier = (enum comp_tier)t;
	hist = json_object_get(root, "historical");
	if (!json_is_boolean(hist))
		return rd_fail(c, "historical: must be true or false");
	d->historical = json_is_true(hist);
	notes = json_object_get(root, "notes");
	if (notes) {
		if (!json_is_string(notes))
			return rd_fail(c, "notes: must be a string");
		d->notes = arena_strdup(c->a, json_string_value(notes));
	}
	groups = json_object_get(root, "groups");
	if (!json_is_array(groups) || !json_array_size(groups) ||
	    json_array_size(groups) > COMP_MAX_GROUPS)
		return rd_fail(c, "groups: must be an array of 1..%d groups",
			       COMP_MAX_GROUPS);
	json_array_foreach(groups, i, e)
	{
		int g = comp_group_parse(json_string_value(e));
		if (g < 0)
			return rd_fail(c,
				       "groups[%zu]: must be one of employee, student, teacher, "
				       "senior, intermediate",
				       i);
		if (d->groups & (1u << g))
			return rd_fail(c, "groups[%zu]: \"%s\" twice", i, group_names[g]);
		d->groups |= 1u << g;
	}
	if (rd_want_int(c, "team_size", json_object_get(root, "team_size"), 1, 3,
			&d->team_size))
		return -1;
	rules = json_object_get(root, "rules");
	if (!json_is_object(rules))
		return rd_fail(c, "rules: is required (an object)");
	json_object_foreach(rules, k, e)
	{
		if (lookup(k, rule_names, CR_COUNT) < 0)
			return rd_fail(c, "rules: unknown rule \"%s\"", k);
	}
	/* in this order: modules need the theory weight, ties the modules */
	for (int r = 0; r < CR_COUNT; r++)
		if (parse_rule(c, (enum comp_rule)r,
			       json_object_get(rules, rule_names[r]), d))
			return -1;
	if (d->squad && d->tier != COMP_TIER_WORLDSKILLS_SELECTION)
		return rd_fail(c, "rules.squad.value: a squad is selected by a "
				  "worldskills_selection competition only");
	return 0;
}

int comp_parse(const char *json, struct arena *a, struct comp_doc *out, char *err,
	       size_t errlen)
{
	struct rd_ctx c = {err, errlen, a};
	json_error_t je;
	json_t *root;
	int rc;

	memset(out, 0, sizeof(*out));
	root = json_loads(json, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return rd_fail(&c, "line %d, column %d: %s", je.line, je.column, je.text);
	rc = parse_doc(&c, root, out);
	json_decref(root);
	return rc;
}

/* ---- marking ---- */

static int refuse(struct comp_refusal *r, const char *key, const struct comp_aspect *a,
		  int n, int m)
{
	if (r) {
		r->key = key;
		r->aspect = a ? a->code : "";
		r->n = n;
		r->m = m;
	}
	return -1;
}

/* x / d rounded half up, for x >= 0 and d > 0 */
static long long div_half_up(long long x, long long d) { return (2 * x + d) / (2 * d); }

int comp_mark_judgement(const struct comp_aspect *a, const int marks[3], int *out,
			struct comp_refusal *r)
{
	int lo = 3, hi = 0, sum = 0;

	if (a->kind != COMP_ASPECT_JUDGEMENT)
		return refuse(r, "comp.mark.kind", a, 0, 0);
	for (int i = 0; i < 3; i++) {
		if (marks[i] < 0 || marks[i] > 3)
			return refuse(r, "comp.mark.range", a, marks[i], i + 1);
		lo = marks[i] < lo ? marks[i] : lo;
		hi = marks[i] > hi ? marks[i] : hi;
		sum += marks[i];
	}
	if (hi - lo > 1)
		return refuse(r, "comp.mark.spread", a, lo, hi);
	*out = (int)div_half_up((long long)a->max * sum, 9);
	return 0;
}

int comp_mark_full(const struct comp_aspect *a, bool met, int *out, struct comp_refusal *r)
{
	if (a->kind != COMP_ASPECT_FULL)
		return refuse(r, "comp.mark.kind", a, 0, 0);
	*out = met ? a->max : 0;
	return 0;
}

int comp_mark_band(const struct comp_aspect *a, double deviation, int *out,
		   struct comp_refusal *r)
{
	double dev = fabs(deviation);

	if (a->kind != COMP_ASPECT_BANDS)
		return refuse(r, "comp.mark.kind", a, 0, 0);
	if (!isfinite(deviation))
		return refuse(r, "comp.mark.deviation", a, 0, 0);
	*out = 0;
	for (size_t i = 0; i < a->nbands; i++)
		if (dev <= a->bands[i].within) {
			*out = a->bands[i].marks;
			break;
		}
	return 0;
}

int comp_total(const struct comp_doc *d, const int *module_marks, int theory_score,
	       struct comp_total *out, struct comp_refusal *r)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < d->nmodules; i++) {
		const struct comp_module *m = &d->modules[i];
		if (module_marks[i] < 0 || module_marks[i] > m->weight) {
			if (r) {
				r->key = "comp.mark.module";
				r->aspect = m->code;
				r->n = module_marks[i];
				r->m = m->weight;
			}
			return -1;
		}
		out->practical += module_marks[i];
	}
	if (theory_score < 0 || theory_score > 10000)
		return refuse(r, "comp.mark.theory", NULL, theory_score, 10000);
	out->theory = (int)div_half_up((long long)theory_score * d->theory_weight, 10000);
	out->total = out->practical + out->theory;
	return 0;
}

void comp_refusal_text(int lang, const struct comp_refusal *r, struct buf *out)
{
	static const char *const names[] = {"aspect", "n", "m"};
	char n[24], m[24];
	const char *values[] = {r->aspect ? r->aspect : "", n, m};

	/* marks in hundredths read as marks; judges' marks are whole */
	if (!strcmp(r->key, "comp.mark.module") || !strcmp(r->key, "comp.mark.theory")) {
		snprintf(n, sizeof(n), "%d.%02d", r->n / 100, abs(r->n % 100));
		snprintf(m, sizeof(m), "%d.%02d", r->m / 100, r->m % 100);
	} else {
		snprintf(n, sizeof(n), "%d", r->n);
		snprintf(m, sizeof(m), "%d", r->m);
	}
	i18n_fill(out, tr((enum lang)lang, r->key), names, values, 3);
}

const char *comp_refusal_str(struct arena *a, int lang, const struct comp_refusal *r)
{
	struct buf b;
	const char *out;

	buf_init(&b, 0);
	comp_refusal_text(lang, r, &b);
	buf_putc(&b, '\0');
	out = arena_strdup(a, b.data ? b.data : "");
	buf_release(&b);
	return out;
}

bool comp_refusal_is(const struct comp_refusal *r, const char *msg)
{
	return r && r->key && msg && !strcmp(r->key, msg);
}

const char *comp_refusal_for(struct arena *a, int lang, const struct comp_refusal *r,
			     const char *msg)
{
	return comp_refusal_is(r, msg) ? comp_refusal_str(a, lang, r)
				       : tr((enum lang)lang, msg);
}

/* ---- results ---- */

/* > 0 when x ranks above y, < 0 below, 0 equal on every criterion */
static int compare(const struct comp_doc *d, const struct comp_entry *x,
		   const struct comp_entry *y)
{
	if (x->total != y->total)
		return x->total > y->total ? 1 : -1;
	for (size_t i = 0; i < d->nties; i++) {
		long a = 0, b = 0;
		switch (d->ties[i].kind) {
		case COMP_TIE_PRACTICAL:
			a = x->practical;
			b = y->practical;
			break;
		case COMP_TIE_THEORY:
			a = x->theory;
			b = y->theory;
			break;
		case COMP_TIE_MODULE:
			a = x->modules ? x->modules[d->ties[i].module] : 0;
			b = y->modules ? y->modules[d->ties[i].module] : 0;
			break;
		case COMP_TIE_TIME: /* less time ranks higher */
			a = -(long)x->seconds;
			b = -(long)y->seconds;
			break;
		}
		if (a != b)
			return a > b ? 1 : -1;
	}
	return 0;
}

void comp_rank(const struct comp_doc *d, struct comp_entry *e, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int above = 0;
		for (size_t j = 0; j < n; j++)
			if (j != i && e[j].group == e[i].group &&
			    compare(d, &e[j], &e[i]) > 0)
				above++;
		e[i].place = above + 1;
	}
}

/* The k-th smallest total (0-based), without sorting a copy: the value
 * with fewer than k+1 below it and more than k at or below it. O(n²). */
static int kth_total(const struct comp_entry *e, size_t n, size_t k)
{
	for (size_t i = 0; i < n; i++) {
		size_t below = 0, upto = 0;
		for (size_t j = 0; j < n; j++) {
			below += e[j].total < e[i].total;
			upto += e[j].total <= e[i].total;
		}
		if (below <= k && k < upto)
			return e[i].total;
	}
	return 0; /* not reached for k < n */
}

void comp_standardise(const struct comp_doc *d, struct comp_entry *e, size_t n)
{
	double median, mean = 0, var = 0, sd;

	if (!n)
		return;
	for (size_t i = 0; i < n; i++)
		mean += e[i].total;
	mean /= (double)n;
	median = n % 2 ? kth_total(e, n, n / 2)
		       : (kth_total(e, n, n / 2 - 1) + (double)kth_total(e, n, n / 2)) / 2;
	for (size_t i = 0; i < n; i++)
		var += (e[i].total - mean) * (e[i].total - mean);
	sd = sqrt(var / (double)n);
	for (size_t i = 0; i < n; i++)
		e[i].standard =
			sd > 0 ? (int)lround(d->scale_centre +
					     d->scale_per_sd * (e[i].total - median) / sd)
			       : d->scale_centre;
}

static int cut_place(const struct comp_cut *c, int entrants)
{
	if (!c->n)
		return 0;
	return c->percent ? (int)((long long)entrants * c->n / 100) : c->n;
}

enum comp_award comp_award_for(const struct comp_doc *d, int place, int entrants)
{
	if (place < 1 || place > entrants)
		return COMP_AWARD_NONE;
	for (int aw = COMP_AWARD_GOLD; aw >= COMP_AWARD_EXCELLENCE; aw--)
		if (place <= cut_place(&d->cut[aw], entrants))
			return (enum comp_award)aw;
	return COMP_AWARD_NONE;
}

unsigned comp_titles_for(const struct comp_doc *d, int place)
{
	unsigned bits = 0;

	for (size_t i = 0; i < d->ntitles; i++) {
		const struct comp_title_rule *t = &d->titles[i];
		int top = d->team_size == 1   ? t->individual
			  : d->team_size == 2 ? t->team2
					      : t->team3;
		if (place >= 1 && place <= top)
			bits |= 1u << t->title;
	}
	return bits;
}

bool comp_squad_for(const struct comp_doc *d, int place)
{
	if (!d->squad || place < 1)
		return false;
	return place <= (d->team_size == 1 ? d->squad_individual : d->squad_team);
}

static bool rule_matches(const struct comp_promotion_rule *p, enum comp_group g,
			 enum comp_award award, int place, int entrants)
{
	if (p->groups && !(p->groups & (1u << g)))
		return false;
	if (p->award != COMP_AWARD_NONE)
		return award >= p->award;
	if (p->percent) /* places after from %, up to to % of entrants (down) */
		return place >= 1 && place <= entrants &&
		       place > (int)((long long)entrants * p->place_from / 100) &&
		       place <= (int)((long long)entrants * p->place_to / 100);
	return place >= p->place_from && place <= p->place_to;
}

struct comp_promotion comp_promote(const struct comp_doc *d, enum comp_group group,
				   enum comp_award award, int place, int entrants,
				   int current)
{
	struct comp_promotion out = {COMP_PROMO_NONE, 0, -1};

	if (current < 0 || current > 5 || (unsigned)group >= COMP_GROUP_COUNT)
		return out;
	for (size_t i = 0; i < d->npromotions; i++) {
		const struct comp_promotion_rule *p = &d->promotions[i];

		if (!rule_matches(p, group, award, place, entrants))
			continue;
		out.rule = (int)i;
		if (d->historical) {
			out.outcome = COMP_PROMO_HISTORICAL;
			return out;
		}
		if (current == 1) {
			out.outcome = COMP_PROMO_CAPPED;
		} else if (p->to) {
			/* level numbers count down: 1 is the highest */
			if (!current || current > p->to) {
				out.outcome = COMP_PROMO_TO;
				out.level = p->to;
			} else if (current == p->to && p->already_up) {
				out.outcome = COMP_PROMO_ALREADY_UP;
				out.level = current - 1;
			} else {
				out.outcome = COMP_PROMO_HELD;
			}
		} else if (current) {
			out.outcome = COMP_PROMO_UP;
			out.level = current - 1;
		} else if (p->from_none) {
			out.outcome = COMP_PROMO_TO;
			out.level = p->from_none;
		} else {
			out.outcome = COMP_PROMO_NO_LEVEL;
		}
		return out;
	}
	return out;
}

static const char *const keys[] = {
	"comp.award.bronze",
	"comp.award.excellence",
	"comp.award.gold",
	"comp.award.none",
	"comp.award.silver",
	"comp.group.employee",
	"comp.group.intermediate",
	"comp.group.senior",
	"comp.group.student",
	"comp.group.teacher",
	"comp.mark.deviation",
	"comp.mark.kind",
	"comp.mark.module",
	"comp.mark.range",
	"comp.mark.spread",
	"comp.mark.theory",
	"comp.promo.already_up",
	"comp.promo.capped",
	"comp.promo.held",
	"comp.promo.historical",
	"comp.promo.no_level",
	"comp.promo.none",
	"comp.promo.to",
	"comp.promo.up",
	"comp.squad",
	"comp.tier.city",
	"comp.tier.district",
	"comp.tier.national_class1",
	"comp.tier.national_class2",
	"comp.tier.national_games",
	"comp.tier.provincial_class1",
	"comp.tier.provincial_class2",
	"comp.tier.worldskills_selection",
	"comp.title.industry_technical_expert",
	"comp.title.national_technical_expert",
	NULL,
};

const char *const *comp_keys(void) { return keys; }
