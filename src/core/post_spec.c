/*
 * post_spec.c - the post-skill specification: parsing and the weighted
 * result (core/post_spec.h).
 */
#include "core/post_spec.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/rulesdoc.h"

/* Its own only_keys() and want_str(), not rulesdoc's: their messages
 * name the member ("derived_from.x: unknown member", a length bound). */
static bool allowed(const char *key, const char *const *keys)
{
	for (size_t i = 0; keys[i]; i++)
		if (!strcmp(key, keys[i]))
			return true;
	return false;
}

static int only_keys(struct rd_ctx *c, const char *path, json_t *o, const char *const *keys)
{
	const char *k;
	json_t *v;

	if (!json_is_object(o))
		return rd_fail(c, "%s: must be an object", path);
	json_object_foreach(o, k, v)
	{
		if (!allowed(k, keys))
			return rd_fail(c, "%s.%s: unknown member", path, k);
	}
	return 0;
}

/* A non-empty string of at most max bytes, copied into the arena. */
static const char *want_str(struct rd_ctx *c, const char *path, json_t *o,
			    const char *key, size_t max)
{
	json_t *v = json_object_get(o, key);
	const char *s;

	if (!json_is_string(v) || !*json_string_value(v) || json_string_length(v) > max ||
	    strlen(json_string_value(v)) != json_string_length(v)) {
		rd_fail(c, "%s.%s: must be a text of 1..%zu bytes", path, key, max);
		return NULL;
	}
	s = arena_strdup(c->a, json_string_value(v));
	if (!s)
		rd_fail(c, "%s.%s: out of memory", path, key);
	return s;
}

/* A mark: a score text ("60", "60.5") or an integer 0..100, in tenths. */
static int want_mark(struct rd_ctx *c, const char *path, json_t *v, int *tenths)
{
	if (json_is_integer(v) && json_integer_value(v) >= 0 &&
	    json_integer_value(v) <= 100) {
		*tenths = (int)json_integer_value(v) * 10;
		return 0;
	}
	if (json_is_string(v) && score_parse(json_string_value(v), tenths) == SCORE_OK)
		return 0;
	return rd_fail(c, "%s: must be a score 0..100 with at most one decimal", path);
}

static int parse_level(struct rd_ctx *c, size_t i, json_t *o, struct post_spec *out)
{
	static const char *const lkeys[] = {"level", "total_pass_mark", "components", NULL};
	static const char *const ckeys[] = {"component", "weight", "pass_mark", NULL};
	char path[40], cpath[96];
	struct post_spec_level *l;
	json_t *x, *e;
	size_t k;
	int level, sum = 0;

	snprintf(path, sizeof(path), "levels[%zu]", i);
	if (only_keys(c, path, o, lkeys))
		return -1;
	x = json_object_get(o, "level");
	if (!json_is_integer(x) || json_integer_value(x) < 1 || json_integer_value(x) > 5)
		return rd_fail(c, "%s.level: must be 1..5", path);
	level = (int)json_integer_value(x);
	if (out->levels & (1u << level))
		return rd_fail(c, "%s.level: level %d given twice", path, level);
	out->levels |= 1u << level;
	l = &out->level[level];
	l->level = level;
	snprintf(cpath, sizeof(cpath), "%s.total_pass_mark", path);
	if (want_mark(c, cpath, json_object_get(o, "total_pass_mark"), &l->total_pass_mark))
		return -1;
	x = json_object_get(o, "components");
	if (!json_is_array(x) || !json_array_size(x) ||
	    json_array_size(x) > STD_COMPONENT_COUNT)
		return rd_fail(c, "%s.components: must be an array of 1..%d components",
			       path, STD_COMPONENT_COUNT);
	json_array_foreach(x, k, e)
	{
		struct post_spec_comp *pc = &l->comp[k];
		json_t *v;
		int comp;

		snprintf(cpath, sizeof(cpath), "%s.components[%zu]", path, k);
		if (only_keys(c, cpath, e, ckeys))
			return -1;
		v = json_object_get(e, "component");
		comp = json_is_string(v) ? std_component_parse(json_string_value(v)) : -1;
		if (comp < 0)
			return rd_fail(c,
				       "%s.component: must be theory, practical or review",
				       cpath);
		for (size_t j = 0; j < k; j++)
			if ((int)l->comp[j].component == comp)
				return rd_fail(c, "%s.component: given twice", cpath);
		pc->component = (enum std_component)comp;
		v = json_object_get(e, "weight");
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > 100)
			return rd_fail(c, "%s.weight: must be a whole percent 1..100",
				       cpath);
		pc->weight = (int)json_integer_value(v);
		sum += pc->weight;
		pc->pass_mark = -1;
		v = json_object_get(e, "pass_mark");
		if (v) {
			char mpath[128];

			snprintf(mpath, sizeof(mpath), "%s.pass_mark", cpath);
			if (want_mark(c, mpath, v, &pc->pass_mark))
				return -1;
		}
		l->ncomp++;
	}
	if (sum != 100)
		return rd_fail(c, "%s.components: the weights add up to %d, not 100",
			       path, sum);
	return 0;
}

int post_spec_parse(const char *json, struct arena *a, struct post_spec *out, char *err,
		    size_t errlen)
{
	static const char *const top[] = {"format",     "kind",   "code",
					  "version",    "name",   "derived_from",
					  "confidence", "source", "notes",
					  "levels",     NULL};
	static const char *const dkeys[] = {"occupation_code", "standard_version", NULL};
	struct rd_ctx c = {err, errlen, a};
	json_t *root, *x, *e;
	size_t i;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (errlen)
		err[0] = '\0';
	if (json && strlen(json) > POST_SPEC_MAX_BYTES)
		return rd_fail(&c, "(document): longer than %d bytes", POST_SPEC_MAX_BYTES);
	if (!(root = rd_load(&c, json)))
		return -1;
	if (only_keys(&c, "(document)", root, top) || rd_format_kind(&c, root, "post_spec"))
		goto done;
	if (!(out->code = want_str(&c, "(document)", root, "code", 64)) ||
	    !(out->version = want_str(&c, "(document)", root, "version", 64)) ||
	    !(out->name = want_str(&c, "(document)", root, "name", 200)) ||
	    !(out->confidence = want_str(&c, "(document)", root, "confidence", 16)) ||
	    !(out->source = want_str(&c, "(document)", root, "source", 1000)))
		goto done;
	if (strcmp(out->confidence, "high") && strcmp(out->confidence, "medium") &&
	    strcmp(out->confidence, "low")) {
		rd_fail(&c, "confidence: must be high, medium or low");
		goto done;
	}
	for (const char *p = out->code; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) {
			rd_fail(&c, "code: only a-z, 0-9 and '-'");
			goto done;
		}
	x = json_object_get(root, "notes");
	if (x && !json_is_string(x)) {
		rd_fail(&c, "notes: must be a text");
		goto done;
	}
	x = json_object_get(root, "derived_from");
	if (only_keys(&c, "derived_from", x, dkeys) ||
	    !(out->occupation_code = want_str(&c, "derived_from", x, "occupation_code", 32)) ||
	    !(out->standard_version = want_str(&c, "derived_from", x, "standard_version",
					       64)))
		goto done;
	x = json_object_get(root, "levels");
	if (!json_is_array(x) || !json_array_size(x) || json_array_size(x) > 5) {
		rd_fail(&c, "levels: must be an array of 1..5 levels");
		goto done;
	}
	json_array_foreach(x, i, e)
	{
		if (parse_level(&c, i, e, out))
			goto done;
	}
	rc = 0;
done:
	json_decref(root);
	return rc;
}

const struct post_spec_level *post_spec_level(const struct post_spec *p, int level)
{
	if (!p || level < 1 || level > 5 || !(p->levels & (1u << level)))
		return NULL;
	return &p->level[level];
}

int post_spec_apply(const struct post_spec *p, int level, struct standard *s)
{
	const struct post_spec_level *l = post_spec_level(p, level);
	struct std_level *sl;
	unsigned comps = 0;

	if (!l || !standard_offers(s, level))
		return -1;
	sl = &s->level[level];
	for (size_t i = 0; i < l->ncomp; i++) {
		enum std_component k = l->comp[i].component;

		comps |= 1u << k;
		if (l->comp[i].pass_mark >= 0)
			sl->pass_mark[k] = l->comp[i].pass_mark;
		else if (!(sl->components & (1u << k)))
			sl->pass_mark[k] = 600; /* a component the standard lacks: 60 */
	}
	sl->components = comps;
	return 0;
}

int post_spec_total(const struct post_spec_level *l,
		    const struct component_score *entries, size_t n)
{
	long sum = 0;

	if (!l)
		return -1;
	for (size_t i = 0; i < l->ncomp; i++) {
		const struct component_score *e = NULL;

		for (size_t k = 0; k < n; k++)
			if (entries[k].component == l->comp[i].component)
				e = &entries[k];
		if (!e || e->status != SCORE_PRESENT || e->tenths < 0 ||
		    e->tenths > SCORE_MAX)
			return -1;
		sum += (long)l->comp[i].weight * e->tenths;
	}
	return (int)((sum + 50) / 100);
}
