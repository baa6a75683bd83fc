/*
 * rulesdoc.c - the parse context and member checks shared by the
 * rules-document parsers; see rulesdoc.h.
 */
#include "core/rulesdoc.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int rd_fail(struct rd_ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err, c->errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

json_t *rd_load(struct rd_ctx *c, const char *json)
{
	json_error_t je;
	json_t *root;

	if (c->errlen)
		c->err[0] = '\0';
	root = json_loads(json ? json : "", JSON_REJECT_DUPLICATES, &je);
	if (!root)
		rd_fail(c, "line %d: %s", je.line, je.text);
	return root;
}

int rd_format_kind(struct rd_ctx *c, json_t *root, const char *kind)
{
	json_t *x = json_object_get(root, "format");

	if (!json_is_integer(x) || json_integer_value(x) != 1)
		return rd_fail(c, "format: must be 1");
	x = json_object_get(root, "kind");
	if (!json_is_string(x) || strcmp(json_string_value(x), kind))
		return rd_fail(c, "kind: must be \"%s\"", kind);
	return 0;
}

int rd_only_keys(struct rd_ctx *c, const char *where, json_t *obj, const char *const *keys)
{
	const char *k;
	json_t *v;

	if (!json_is_object(obj))
		return rd_fail(c, "%s: must be an object", where);
	json_object_foreach(obj, k, v)
	{
		size_t i;
		for (i = 0; keys[i]; i++)
			if (!strcmp(k, keys[i]))
				break;
		if (!keys[i])
			return rd_fail(c, "%s: unknown key \"%s\"", where, k);
	}
	return 0;
}

const char *rd_want_str(struct rd_ctx *c, const char *where, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_string(v) || !json_string_length(v)) {
		rd_fail(c, "%s: \"%s\" must be a non-empty string", where, key);
		return NULL;
	}
	return arena_strdup(c->a, json_string_value(v));
}

int rd_want_int(struct rd_ctx *c, const char *where, json_t *v, int min, int max, int *out)
{
	if (!json_is_integer(v) || json_integer_value(v) < min || json_integer_value(v) > max)
		return rd_fail(c, "%s: must be a whole number %d..%d", where, min, max);
	*out = (int)json_integer_value(v);
	return 0;
}

int rd_parse_prov(struct rd_ctx *c, const char *where, json_t *obj,
		  enum std_confidence *confidence, const char **source)
{
	json_t *cf = json_object_get(obj, "confidence");
	json_t *src = json_object_get(obj, "source");
	int i;

	if (!json_is_string(cf))
		return rd_fail(c, "%s: \"confidence\" is required (low, medium or high)",
			       where);
	for (i = STD_CONF_LOW; i <= STD_CONF_HIGH; i++)
		if (!strcmp(json_string_value(cf),
			    std_confidence_name((enum std_confidence)i)))
			break;
	if (i > STD_CONF_HIGH)
		return rd_fail(c, "%s: confidence \"%s\" is not low, medium or high",
			       where, json_string_value(cf));
	*confidence = (enum std_confidence)i;
	if (!json_is_string(src) || !json_string_length(src))
		return rd_fail(c, "%s: \"source\" is required", where);
	*source = arena_strdup(c->a, json_string_value(src));
	return 0;
}
