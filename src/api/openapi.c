/*
 * openapi.c - the OpenAPI 3.1 description of the JSON API, built from the
 * route table (method, path, its {parameters}, public or the permission it
 * takes) and the shapes of src/api/shapes/ *.json (embedded at build time:
 * summary, tag, query parameters, request body, success statuses and their
 * bodies). One source of truth: a route added without its shape is
 * described as "undescribed" (a permissive schema, x-undescribed: true)
 * and tests/unit/test_openapi.c fails; a shape naming no route fails it
 * too.
 *
 * A shape file:
 *   {"components": {"Name": SCHEMA, ...},          shared, optional
 *    "operations": {"GET /api/v1/x/{id}": {
 *        "summary": "...", "tag": "x",             tag: the file's name
 *        "query": {"name": SCHEMA, ...},           optional
 *        "params": {"id": SCHEMA},                 path parameters' schemas
 *                                                  (default: integer for
 *                                                  id and *id, else string)
 *        "request": SCHEMA,                        a JSON body
 *        "optional_body": true,                    ... that may be left out
 *        "upload": {"MEDIA/TYPE": SCHEMA, ...},    another body (uploads)
 *        "responses": {"200": {"json": SCHEMA, "media": "TYPE" | ["TYPE", ...]},
 *                      ...},                       json, media or both
 *        "undescribed": true}}}                    a draft without traffic
 * SCHEMA is JSON Schema 2020-12; "$ref": "#/components/schemas/Name"
 * names a shared one (Error, the envelope, is added here). Every operation
 * also gets the error statuses with the envelope, and every POST the
 * Idempotency-Key header. tools/openapi_draft.mjs drafts a file from
 * recorded e2e traffic; docs/api.md tells the whole of it.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "base/embed.h"

extern const struct embedded_file api_shape_files[];
extern const size_t api_shape_files_count;

/* the error statuses every operation may answer with the envelope */
static const char *const error_statuses[] = {"400", "401", "403", "404",
					     "409", "422", "429", "503"};

/* The shapes of every file merged into ops (keyed "METHOD /path", each
 * given "x-file" = its file's name) and components. Returns the number of
 * problems (a file that does not parse, an operation or a component
 * described twice), the first one written to bad unless it is NULL. */
static int load_shapes(json_t *ops, json_t *components, char *bad, size_t badlen)
{
	int problems = 0;

	for (size_t i = 0; i < api_shape_files_count; i++) {
		const struct embedded_file *f = &api_shape_files[i];
		json_error_t jerr;
		json_t *root = json_loadb((const char *)f->data, f->len, 0, &jerr);
		json_t *o = json_object_get(root, "operations");
		const char *key;
		json_t *v;
		char file[64];
		const char *dot = strrchr(f->name, '.');
		size_t flen = dot ? (size_t)(dot - f->name) : strlen(f->name);

		if (!root || !json_is_object(o)) {
			if (bad && !problems)
				snprintf(bad, badlen, "%s: %s", f->name,
					 root ? "no operations" : jerr.text);
			problems++;
			json_decref(root);
			continue;
		}
		snprintf(file, sizeof(file), "%.*s", (int)(flen < 63 ? flen : 63), f->name);
		json_object_foreach(json_object_get(root, "components"), key, v)
		{
			if (json_object_get(components, key)) {
				if (bad && !problems)
					snprintf(bad, badlen,
						 "%s: component %s defined twice",
						 f->name, key);
				problems++;
				continue;
			}
			json_object_set(components, key, v);
		}
		json_object_foreach(o, key, v)
		{
			if (json_object_get(ops, key)) {
				if (bad && !problems)
					snprintf(bad, badlen, "%s: %s described twice",
						 f->name, key);
				problems++;
				continue;
			}
			json_object_set_new(v, "x-file", json_string(file));
			json_object_set(ops, key, v);
		}
		json_decref(root);
	}
	return problems;
}

static bool is_described(const struct http_route *r)
{
	return (r->flags & ROUTE_API) != 0;
}

int api_openapi_verify(const struct http_route *routes, size_t n, char *bad, size_t badlen)
{
	json_t *ops = json_object(), *components = json_object();
	int problems = load_shapes(ops, components, bad, badlen);
	const char *key;
	json_t *v;
	char k[512];

	for (size_t i = 0; i < n; i++) {
		const struct http_route *r = &routes[i];

		if (!is_described(r))
			continue;
		snprintf(k, sizeof(k), "%s %s", r->method, r->pattern);
		if (!json_object_get(ops, k)) {
			if (bad && !problems)
				snprintf(bad, badlen, "route %s has no shape", k);
			problems++;
		} else {
			json_object_set_new(json_object_get(ops, k), "x-seen", json_true());
		}
	}
	json_object_foreach(ops, key, v)
	{
		if (!json_object_get(v, "x-seen")) {
			if (bad && !problems)
				snprintf(bad, badlen,
					 "shape %s (%s.json) names no API route", key,
					 json_string_value(json_object_get(v, "x-file")));
			problems++;
		}
	}
	json_decref(ops);
	json_decref(components);
	return problems;
}

/* "/api/v1/plans/{id}/x" -> "get_plans_id_x" */
static json_t *operation_id(const char *method, const char *pattern)
{
	char out[256];
	size_t o = 0;
	const char *p = pattern;

	for (const char *m = method; *m && o < sizeof(out) - 1; m++)
		out[o++] = (char)(*m >= 'A' && *m <= 'Z' ? *m + 32 : *m);
	if (strncmp(p, "/api/v1", 7) == 0)
		p += 7;
	for (; *p && o < sizeof(out) - 1; p++) {
		char c = *p;

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    (c >= 'A' && c <= 'Z'))
			out[o++] = c;
		else if (c == '/' || c == '-' || c == '.' || c == '_')
			out[o++] = '_';
	}
	out[o] = '\0';
	return json_string(out);
}

/* The {name} parameters of pattern as OpenAPI path parameters. */
static json_t *path_params(const char *pattern, json_t *given)
{
	json_t *arr = json_array();

	for (const char *p = strchr(pattern, '{'); p; p = strchr(p + 1, '{')) {
		const char *e = strchr(p, '}');
		char name[64];
		json_t *schema;
		size_t len;

		if (!e)
			break;
		len = (size_t)(e - p - 1);
		snprintf(name, sizeof(name), "%.*s", (int)(len < 63 ? len : 63), p + 1);
		schema = json_object_get(given, name);
		if (schema)
			json_incref(schema);
		else if (len >= 2 && strcmp(name + len - 2, "id") == 0)
			schema = json_pack("{s:s, s:i}", "type", "integer", "minimum", 1);
		else
			schema = json_pack("{s:s}", "type", "string");
		json_array_append_new(arr, json_pack("{s:s, s:s, s:b, s:o}", "name", name,
						     "in", "path", "required", 1,
						     "schema", schema));
	}
	return arr;
}

/* No shape, or one that says "undescribed": true (a draft without
 * traffic): a permissive operation, listed by the check. */
static bool undescribed(json_t *shape)
{
	return !shape || json_is_true(json_object_get(shape, "undescribed"));
}

static json_t *responses_of(json_t *shape, bool public_route)
{
	json_t *out = json_object(), *given = json_object_get(shape, "responses");
	const char *status;
	json_t *v;

	json_object_foreach(given, status, v)
	{
		json_t *r = json_object(), *content = json_object();
		json_t *desc = json_object_get(v, "description");
		json_t *media = json_object_get(v, "media"), *m;
		size_t i;

		json_object_set_new(r, "description",
				    desc ? json_incref(desc) : json_string("success"));
		if (json_object_get(v, "json"))
			json_object_set_new(content, "application/json",
					    json_pack("{s:O}", "schema",
						      json_object_get(v, "json")));
		if (json_is_string(media))
			json_object_set_new(content, json_string_value(media),
					    json_pack("{s:{s:s}}", "schema", "type",
						      "string"));
		json_array_foreach(media, i, m)
		{
			json_object_set_new(content, json_string_value(m),
					    json_pack("{s:{s:s}}", "schema", "type",
						      "string"));
		}
		if (json_object_size(content))
			json_object_set_new(r, "content", content);
		else
			json_decref(content);
		json_object_set_new(out, status, r);
	}
	if (undescribed(shape)) /* any success, any body */
		json_object_set_new(out, "2XX",
				    json_pack("{s:s, s:{s:{s:{}}}}", "description",
					      "undescribed yet", "content", "*/*",
					      "schema"));
	for (size_t i = 0; i < sizeof(error_statuses) / sizeof(error_statuses[0]); i++) {
		if (public_route && (!strcmp(error_statuses[i], "401") ||
				     !strcmp(error_statuses[i], "403")))
			continue;
		if (!json_object_get(out, error_statuses[i]))
			json_object_set_new(out, error_statuses[i],
					    json_pack("{s:s}", "$ref",
						      "#/components/responses/Error"));
	}
	json_object_set_new(out, "default",
			    json_pack("{s:s}", "$ref", "#/components/responses/Error"));
	return out;
}

static json_t *operation(const struct http_route *r, json_t *shape)
{
	json_t *op = json_object(), *params;
	json_t *summary = json_object_get(shape, "summary");
	json_t *description = json_object_get(shape, "description");
	json_t *tag = json_object_get(shape, "tag");
	json_t *query = json_object_get(shape, "query");
	json_t *request = json_object_get(shape, "request");
	json_t *upload = json_object_get(shape, "upload");
	bool public_route = (r->flags & ROUTE_PUBLIC) != 0;
	const char *name;
	json_t *v;

	json_object_set_new(op, "operationId", operation_id(r->method, r->pattern));
	json_object_set_new(op, "summary",
			    summary ? json_incref(summary) : json_string("(undescribed)"));
	if (!tag)
		tag = json_object_get(shape, "x-file");
	json_object_set_new(op, "tags",
			    json_pack("[s]", tag ? json_string_value(tag) : "undescribed"));
	params = path_params(r->pattern, json_object_get(shape, "params"));
	json_object_foreach(query, name, v)
	{
		json_array_append_new(params, json_pack("{s:s, s:s, s:O}", "name", name,
							"in", "query", "schema", v));
	}
	/* every POST of the API takes an Idempotency-Key (api/idempotency.c) */
	if (!strcmp(r->method, "POST"))
		json_array_append_new(params,
				      json_pack("{s:s}", "$ref",
						"#/components/parameters/IdempotencyKey"));
	if (json_array_size(params))
		json_object_set_new(op, "parameters", params);
	else
		json_decref(params);
	if (description)
		json_object_set_new(op, "description", json_incref(description));
	if (undescribed(shape) && strcmp(r->method, "GET") != 0)
		json_object_set_new(op, "requestBody",
				    json_pack("{s:b, s:{s:{s:{}}}}", "required", 0,
					      "content", "*/*", "schema"));
	else if (request)
		json_object_set_new(
			op, "requestBody",
			json_pack("{s:b, s:{s:{s:O}}}", "required",
				  !json_is_true(json_object_get(shape, "optional_body")),
				  "content", "application/json", "schema", request));
	else if (upload) {
		json_t *content = json_object();

		json_object_foreach(upload, name, v)
		{
			json_object_set_new(content, name, json_pack("{s:O}", "schema", v));
		}
		json_object_set_new(op, "requestBody",
				    json_pack("{s:b, s:o}", "required", 1, "content",
					      content));
	}
	json_object_set_new(op, "responses", responses_of(shape, public_route));
	if (public_route)
		json_object_set_new(op, "security", json_array());
	else
		json_object_set_new(op, "x-permission",
				    json_string(r->perm ? r->perm : "account"));
	if (undescribed(shape))
		json_object_set_new(op, "x-undescribed", json_true());
	return op;
}

static void lower_method(const char *m, char *out, size_t len)
{
	size_t i = 0;

	for (; m[i] && i < len - 1; i++)
		out[i] = (char)(m[i] >= 'A' && m[i] <= 'Z' ? m[i] + 32 : m[i]);
	out[i] = '\0';
}

json_t *api_openapi_document(const struct http_route *routes, size_t n)
{
	json_t *ops = json_object(), *schemas = json_object(), *paths = json_object();
	json_t *doc, *tags = json_object(), *tag_list = json_array();

	load_shapes(ops, schemas, NULL, 0);
	json_object_set_new(
		schemas, "Error",
		json_pack("{s:s, s:[s], s:b, s:{s:{s:s, s:[s,s], s:b, s:{s:{s:s}, "
			  "s:{s:s}, s:{s:[s,s]}, s:{s:s}}}}}",
			  "type", "object", "required", "error", "additionalProperties",
			  0, "properties", "error", "type", "object", "required", "code",
			  "message", "additionalProperties", 1, "properties", "code",
			  "type", "string", "message", "type", "string", "field", "type",
			  "string", "null", "reason", "type", "string"));
	for (size_t i = 0; i < n; i++) {
		const struct http_route *r = &routes[i];
		char k[512], m[16];
		json_t *item, *shape, *op, *tag;

		if (!is_described(r))
			continue;
		snprintf(k, sizeof(k), "%s %s", r->method, r->pattern);
		shape = json_object_get(ops, k);
		op = operation(r, shape);
		tag = json_array_get(json_object_get(op, "tags"), 0);
		if (!json_object_get(tags, json_string_value(tag))) {
			json_object_set_new(tags, json_string_value(tag), json_true());
			json_array_append_new(tag_list, json_pack("{s:O}", "name", tag));
		}
		item = json_object_get(paths, r->pattern);
		if (!item) {
			item = json_object();
			json_object_set_new(paths, r->pattern, item);
		}
		lower_method(r->method, m, sizeof(m));
		json_object_set_new(item, m, op);
	}
	doc = json_pack(
		"{s:s, s:{s:s, s:s, s:s}, s:[{s:s}], s:o, s:o, s:[{s:[]}, {s:[]}], "
		"s:{s:o, s:{s:{s:s, s:{s:{s:{s:s}}}}}, s:{s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s, "
		"s:s}}}}",
		"openapi", "3.1.0", "info", "title", "skillcert API", "version",
		SKILLCERT_VERSION, "description",
		"The JSON API of skillcert, generated from its route table and the shapes of "
		"src/api/shapes/. Signed-in calls take a bearer token (Authorization: Bearer "
		"...) or the session cookie, with the X-CSRF-Token header on a state-changing "
		"method. x-permission names the permission a route takes somewhere (the "
		"object-level check is the application's). Errors answer "
		"{\"error\":{\"code\",\"message\",\"field\"}}.",
		"servers", "url", "/", "tags", tag_list, "paths", paths, "security",
		"bearerAuth", "cookieAuth", "components", "schemas", schemas, "responses",
		"Error", "description", "the error envelope", "content",
		"application/json", "schema", "$ref", "#/components/schemas/Error",
		"securitySchemes", "bearerAuth", "type", "http", "scheme", "bearer",
		"description", "an API token (skillcert user token)", "cookieAuth",
		"type", "apiKey", "in", "cookie", "name", "sc_session", "description",
		"the session cookie of a signed-in browser");
	json_object_set_new(
		json_object_get(doc, "components"), "parameters",
		json_pack("{s:{s:s, s:s, s:b, s:s, s:{s:s, s:i, s:i, s:s}}}",
			  "IdempotencyKey", "name", "Idempotency-Key", "in", "header",
			  "required", 0, "description",
			  "a key of the client's choosing: a retry with the same key, method, "
			  "path and body within 24 hours gets the first answer "
			  "(Idempotent-Replayed: true) instead of doing the work again "
			  "(an answer that is not kept, a secret, a binary or a large one: 409 "
			  "idempotency.not_kept; docs/api.md, Idempotent requests)",
			  "schema", "type", "string", "minLength", 1, "maxLength", 255,
			  "pattern", "^[ -~]+$"));
	json_decref(tags);
	json_decref(ops);
	return doc;
}

/* the document served, dumped once at start-up */
static char *served;

int api_openapi_prepare(const struct http_route *routes, size_t n)
{
	json_t *doc;

	if (served)
		return 0;
	doc = api_openapi_document(routes, n);
	served = doc ? json_dumps(doc, JSON_COMPACT) : NULL;
	json_decref(doc);
	return served ? 0 : -1;
}

void api_openapi(struct http_req *req, struct http_resp *resp)
{
	if (!served) {
		api_error_msg(req, resp, 503, "unavailable", "err.unavailable", NULL);
		return;
	}
	resp->status = 200;
	resp->content_type = "application/json";
	buf_puts(&resp->body, served);
}
