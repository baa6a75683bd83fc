/*
 * test_routes.c - the route table (cli/routes.c) as a guard: every route
 * is either public with no permission or needs a permission core/authz
 * knows; every route is exactly one of API / page; API patterns live under
 * /api/ (or are /healthz, /metrics); no method+pattern appears twice.
 * A new route without a declared permission fails here.
 *
 * The checker is also run on small broken tables, so that it is known to
 * catch each kind of mistake.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/authz.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define KNOWN_FLAGS \
	(ROUTE_PUBLIC | ROUTE_PAGE | ROUTE_API | ROUTE_PWCHANGE | ROUTE_UPLOAD)

static bool starts_with(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* Broken tables below are checked quietly. */
static bool quiet;

/* Counts the problems in routes[0..n), printing each one. */
static int check_routes(const struct http_route *routes, size_t n)
{
	int bad = 0;

	for (size_t i = 0; i < n; i++) {
		const struct http_route *r = &routes[i];
		const char *m = r->method ? r->method : "(null)";
		const char *p = r->pattern ? r->pattern : "(null)";
		bool api = r->flags & ROUTE_API, page = r->flags & ROUTE_PAGE;

#define PROBLEM(...) \
	do { \
		if (!quiet) { \
			print_message("route %zu %s %s: ", i, m, p); \
			print_message(__VA_ARGS__); \
			print_message("\n"); \
		} \
		bad++; \
	} while (0)

		/* PUT only for an API resource written whole (an exam's answer) */
		if (!r->method ||
		    (strcmp(m, "GET") && strcmp(m, "POST") && (strcmp(m, "PUT") || !api)))
			PROBLEM("method is neither GET nor POST (nor PUT for the API)");
		if (!r->pattern || r->pattern[0] != '/')
			PROBLEM("pattern does not start with '/'");
		if (!r->fn)
			PROBLEM("no handler");
		if (r->flags & ~(unsigned)KNOWN_FLAGS)
			PROBLEM("unknown flag bits 0x%x", r->flags & ~(unsigned)KNOWN_FLAGS);
		if (api == page)
			PROBLEM("must be exactly one of ROUTE_API and ROUTE_PAGE");
		if (r->flags & ROUTE_PUBLIC) {
			if (r->perm)
				PROBLEM("public but declares permission \"%s\"", r->perm);
		} else if (!r->perm) {
			PROBLEM("not public and declares no permission");
		} else if (!perm_known(r->perm)) {
			PROBLEM("permission \"%s\" is not known to core/authz", r->perm);
		}
		/* besides /api/: operations, the published keys
		 * (/.well-known/jwks.json) and the status lists that
		 * credentials point to (/status/{n}) */
		if (r->pattern && api && !starts_with(p, "/api/") &&
		    strcmp(p, "/healthz") && strcmp(p, "/metrics") &&
		    strcmp(p, "/.well-known/jwks.json") && strcmp(p, "/status/{n}"))
			PROBLEM("API route outside /api/");
		if (r->pattern && page && starts_with(p, "/api/"))
			PROBLEM("page route under /api/");
		for (size_t j = 0; j < i; j++)
			if (r->method && r->pattern && routes[j].method &&
			    routes[j].pattern && !strcmp(routes[j].method, r->method) &&
			    !strcmp(routes[j].pattern, r->pattern))
				PROBLEM("same method and pattern as route %zu", j);
#undef PROBLEM
	}
	return bad;
}

static void dummy(struct http_req *req, struct http_resp *resp)
{
	(void)req;
	(void)resp;
}

static void test_table_not_empty(void **state)
{
	(void)state;
	assert_true(cli_nroutes >= 10);
	assert_non_null(cli_routes);
}

static void test_table_clean(void **state)
{
	(void)state;
	assert_int_equal(check_routes(cli_routes, cli_nroutes), 0);
}

/* The routes that must stay as they are: operations and login public,
 * administration behind its permission. */
static void test_known_routes(void **state)
{
	static const struct {
		const char *method, *pattern, *perm; /* perm NULL = public */
	} want[] = {
		{"GET", "/healthz", NULL},
		{"GET", "/metrics", NULL},
		{"GET", "/login", NULL},
		{"POST", "/login", NULL},
		{"GET", "/api/v1/me", PERM_ACCOUNT},
		{"POST", "/api/v1/institutions", PERM_INSTITUTION_CREATE},
		{"GET", "/api/v1/audit", PERM_AUDIT_READ},
		{"GET", "/audit", PERM_AUDIT_READ},
		{"GET", "/audit.csv", PERM_AUDIT_READ},
		{"GET", "/admin/users", PERM_USER_MANAGE},
		{"POST", "/admin/users", PERM_USER_MANAGE},
		{"POST", "/logout", PERM_ACCOUNT},
	};

	(void)state;
	for (size_t w = 0; w < N(want); w++) {
		const struct http_route *r = NULL;

		for (size_t i = 0; i < cli_nroutes && !r; i++)
			if (!strcmp(cli_routes[i].method, want[w].method) &&
			    !strcmp(cli_routes[i].pattern, want[w].pattern))
				r = &cli_routes[i];
		if (!r)
			fail_msg("no route %s %s", want[w].method, want[w].pattern);
		if (!want[w].perm) {
			if (!(r->flags & ROUTE_PUBLIC) || r->perm)
				fail_msg("%s %s should be public", want[w].method,
					 want[w].pattern);
		} else {
			if ((r->flags & ROUTE_PUBLIC) || !r->perm ||
			    strcmp(r->perm, want[w].perm))
				fail_msg("%s %s should need %s", want[w].method,
					 want[w].pattern, want[w].perm);
		}
	}
}

/* ---- the checker catches each kind of mistake ---- */

static void test_checker_catches(void **state)
{
	const struct http_route ok[] = {
		{"GET", "/api/v1/x", dummy, ROUTE_API | ROUTE_PUBLIC, NULL},
		{"POST", "/x", dummy, ROUTE_PAGE, PERM_ACCOUNT},
		{"PUT", "/api/v1/x/{n}", dummy, ROUTE_API | ROUTE_PUBLIC, NULL},
	};
	const struct http_route put_page[] = {
		{"PUT", "/x", dummy, ROUTE_PAGE, PERM_ACCOUNT},
	};
	const struct http_route delete_api[] = {
		{"DELETE", "/api/v1/x", dummy, ROUTE_API, PERM_ACCOUNT},
	};
	const struct http_route no_perm[] = {
		{"POST", "/x/new", dummy, ROUTE_PAGE, NULL},
	};
	const struct http_route unknown_perm[] = {
		{"POST", "/x/new", dummy, ROUTE_PAGE, "x.create"},
	};
	const struct http_route public_perm[] = {
		{"GET", "/x", dummy, ROUTE_PAGE | ROUTE_PUBLIC, PERM_ACCOUNT},
	};
	const struct http_route both[] = {
		{"GET", "/healthz", dummy, ROUTE_API | ROUTE_PAGE | ROUTE_PUBLIC, NULL},
	};
	const struct http_route neither[] = {
		{"GET", "/x", dummy, ROUTE_PUBLIC, NULL},
	};
	const struct http_route api_outside[] = {
		{"GET", "/v1/x", dummy, ROUTE_API | ROUTE_PUBLIC, NULL},
	};
	const struct http_route twice[] = {
		{"GET", "/x", dummy, ROUTE_PAGE | ROUTE_PUBLIC, NULL},
		{"GET", "/x", dummy, ROUTE_PAGE, PERM_ACCOUNT},
	};

	(void)state;
	quiet = true;
	assert_int_equal(check_routes(ok, N(ok)), 0);
	assert_int_equal(check_routes(put_page, N(put_page)), 1);
	assert_int_equal(check_routes(delete_api, N(delete_api)), 1);
	assert_int_equal(check_routes(no_perm, N(no_perm)), 1);
	assert_int_equal(check_routes(unknown_perm, N(unknown_perm)), 1);
	assert_int_equal(check_routes(public_perm, N(public_perm)), 1);
	assert_int_equal(check_routes(both, N(both)), 1);
	assert_int_equal(check_routes(neither, N(neither)), 1);
	assert_int_equal(check_routes(api_outside, N(api_outside)), 1);
	assert_int_equal(check_routes(twice, N(twice)), 1);
	quiet = false;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_not_empty),
		cmocka_unit_test(test_table_clean),
		cmocka_unit_test(test_known_routes),
		cmocka_unit_test(test_checker_catches),
	};

	return cmocka_run_group_tests_name("routes", tests, NULL, NULL);
}
