/*
 * test_openapi.c - the OpenAPI description (api/openapi.c) against the
 * route table: every API route has a shape in src/api/shapes/ and every
 * shape names an API route (a route added without its shape, or a shape
 * left behind by a removed or renamed route, fails here); the document
 * takes its paths, path parameters, security and permissions from the
 * route table itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "base/buf.h"
#include "cli/cli.h"

static void dummy(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	(void)resp;
}

static void test_every_route_has_a_shape(void **state)
{
	char bad[512] = "";
	int n;

	(void)state;
	n = api_openapi_verify(cli_routes, cli_nroutes, bad, sizeof(bad));
	if (n)
		print_message("%d problem(s), the first: %s\n", n, bad);
	assert_int_equal(n, 0);
}

/* The table with one API route more: that route has no shape. */
static void test_route_without_shape(void **state)
{
	struct http_route *t = calloc(cli_nroutes + 1, sizeof(*t));
	char bad[512] = "";

	(void)state;
	assert_non_null(t);
	memcpy(t, cli_routes, cli_nroutes * sizeof(*t));
	t[cli_nroutes] = (struct http_route){"GET", "/api/v1/nowhere/{id}", dummy,
					     ROUTE_API | ROUTE_PUBLIC, NULL};
	assert_int_equal(api_openapi_verify(t, cli_nroutes + 1, bad, sizeof(bad)), 1);
	assert_non_null(strstr(bad, "GET /api/v1/nowhere/{id} has no shape"));
	free(t);
}

/* The table without one API route: its shape names no route. A page
 * route less changes nothing. */
static void test_shape_without_route(void **state)
{
	struct http_route *t = calloc(cli_nroutes, sizeof(*t));
	size_t n = 0;
	bool dropped = false, dropped_page = false;
	char bad[512] = "";

	(void)state;
	assert_non_null(t);
	for (size_t i = 0; i < cli_nroutes; i++) {
		if (!dropped && !strcmp(cli_routes[i].pattern, "/api/v1/certificates/{id}")) {
			dropped = true;
			continue;
		}
		if (!dropped_page && (cli_routes[i].flags & ROUTE_PAGE)) {
			dropped_page = true;
			continue;
		}
		t[n++] = cli_routes[i];
	}
	assert_true(dropped && dropped_page);
	assert_int_equal(api_openapi_verify(t, n, bad, sizeof(bad)), 1);
	assert_non_null(strstr(bad, "/api/v1/certificates/{id}"));
	assert_non_null(strstr(bad, "names no API route"));
	free(t);
}

static json_t *op_of(json_t *doc, const char *path, const char *method)
{
	return json_object_get(json_object_get(json_object_get(doc, "paths"), path), method);
}

static void test_document(void **state)
{
	json_t *doc = api_openapi_document(cli_routes, cli_nroutes), *op, *p;
	size_t napi = 0;

	(void)state;
	assert_non_null(doc);
	assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.1.0");
	assert_string_equal(json_string_value(json_object_get(json_object_get(doc, "info"),
							      "version")),
			    SKILLCERT_VERSION);
	/* every API route is an operation, no page route is */
	for (size_t i = 0; i < cli_nroutes; i++) {
		char m[8];
		size_t k = 0;

		for (; cli_routes[i].method[k] && k < sizeof(m) - 1; k++)
			m[k] = (char)(cli_routes[i].method[k] + 32);
		m[k] = '\0';
		op = op_of(doc, cli_routes[i].pattern, m);
		if (cli_routes[i].flags & ROUTE_API) {
			napi++;
			assert_non_null(op);
		} else {
			assert_null(op);
		}
	}
	assert_true(napi > 200);
	/* a signed-in route: its permission, the error envelope */
	op = op_of(doc, "/api/v1/certificates/{id}", "get");
	assert_non_null(op);
	assert_string_equal(json_string_value(json_object_get(op, "x-permission")),
			    "certificate.read");
	assert_null(json_object_get(op, "security"));
	assert_null(json_object_get(op, "x-undescribed"));
	p = json_array_get(json_object_get(op, "parameters"), 0);
	assert_string_equal(json_string_value(json_object_get(p, "name")), "id");
	assert_string_equal(json_string_value(json_object_get(p, "in")), "path");
	assert_true(json_is_true(json_object_get(p, "required")));
	assert_non_null(json_object_get(json_object_get(op, "responses"), "200"));
	assert_string_equal(
		json_string_value(json_object_get(
			json_object_get(json_object_get(op, "responses"), "403"), "$ref")),
		"#/components/responses/Error");
	/* a public route: no security, no 401/403 */
	op = op_of(doc, "/api/v1/verify", "get");
	assert_non_null(op);
	assert_int_equal(json_array_size(json_object_get(op, "security")), 0);
	assert_true(json_is_array(json_object_get(op, "security")));
	assert_null(json_object_get(json_object_get(op, "responses"), "401"));
	assert_null(json_object_get(op, "x-permission"));
	/* the shared shapes */
	assert_non_null(json_object_get(
		json_object_get(json_object_get(doc, "components"), "schemas"), "Error"));
	assert_non_null(json_object_get(json_object_get(json_object_get(doc, "components"),
							"schemas"),
					"Certificate"));
	json_decref(doc);
}

/* The served document is built once and answers as JSON. */
static void test_served(void **state)
{
	struct http_resp resp;
	json_t *doc;

	(void)state;
	memset(&resp, 0, sizeof(resp));
	buf_init(&resp.body, 0);
	assert_int_equal(api_openapi_prepare(cli_routes, cli_nroutes), 0);
	api_openapi(NULL, &resp);
	assert_int_equal(resp.status, 200);
	assert_string_equal(resp.content_type, "application/json");
	doc = json_loadb(resp.body.data, resp.body.len, 0, NULL);
	assert_non_null(doc);
	assert_non_null(
		json_object_get(json_object_get(doc, "paths"), "/api/v1/openapi.json"));
	json_decref(doc);
	buf_release(&resp.body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_route_has_a_shape),
		cmocka_unit_test(test_route_without_shape),
		cmocka_unit_test(test_shape_without_route),
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_served),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
