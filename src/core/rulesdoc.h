/*
 * rulesdoc.h - what the rules-document parsers in core share (subsidy,
 * competition, commendation, apprenticeship, post-skill specification):
 * a parse context holding the caller's error buffer and arena, and the
 * checks every such document makes on a JSON member, each failing with a
 * message that names the path ("where") in the document. No I/O; what is
 * kept lives in the context's arena.
 *
 * The JSON values are jansson's (json_t is struct json_t); the caller
 * includes <jansson.h>.
 */
#ifndef SKILLCERT_CORE_RULESDOC_H
#define SKILLCERT_CORE_RULESDOC_H

#include <stddef.h>

#include "base/arena.h"
#include "core/standard.h"

struct json_t;

struct rd_ctx {
	char *err;     /* the message of the first failure */
	size_t errlen; /* 0: no message kept */
	struct arena *a;
};

/* Writes the message into c->err; returns -1. */
__attribute__((format(printf, 2, 3))) int rd_fail(struct rd_ctx *c, const char *fmt, ...);

/* The document json parsed (duplicate keys refused; NULL read as ""), or
 * NULL after "line L: <jansson's text>"; c->err emptied first. The
 * caller json_decref()s it. */
struct json_t *rd_load(struct rd_ctx *c, const char *json);

/* root's "format" is 1 and its "kind" is kind: "format: must be 1" /
 * "kind: must be \"<kind>\"". */
int rd_format_kind(struct rd_ctx *c, struct json_t *root, const char *kind);

/* obj must be an object whose keys are all in the NULL-ended list keys:
 * "<where>: must be an object" / "<where>: unknown key \"k\"". */
int rd_only_keys(struct rd_ctx *c, const char *where, struct json_t *obj,
		 const char *const *keys);

/* The member key of obj, a non-empty string copied into the arena, or
 * NULL after "<where>: \"key\" must be a non-empty string". */
const char *rd_want_str(struct rd_ctx *c, const char *where, struct json_t *obj,
			const char *key);

/* v a whole number min..max into *out, or "<where>: must be a whole number
 * min..max". */
int rd_want_int(struct rd_ctx *c, const char *where, struct json_t *v, int min, int max,
		int *out);

/* The provenance of obj: its "confidence" (low, medium or high) into
 * *confidence and its "source" (a non-empty string, copied) into *source;
 * both are required. */
int rd_parse_prov(struct rd_ctx *c, const char *where, struct json_t *obj,
		  enum std_confidence *confidence, const char **source);

#endif
