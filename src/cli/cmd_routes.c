/* cmd_routes.c - `skillcert routes`: the route table as JSON, for tests
 * and for reviewing who may reach what; `skillcert openapi`: the OpenAPI
 * 3.1 description of the JSON API (api/openapi.c), as served at
 * /api/v1/openapi.json. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "api/api.h"
#include "cli/cli.h"

int cmd_routes(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("routes");
	const char *pos[1];
	int npos, rc = cli_parse(cmd, argc, argv, NULL, pos, 0, &npos);
	json_t *arr;

	if (rc)
		return rc == 1 ? 0 : rc;
	arr = json_array();
	for (size_t i = 0; i < cli_nroutes; i++) {
		const struct http_route *r = &cli_routes[i];
		json_t *o = json_pack("{s:s, s:s, s:s, s:b, s:b}", "method", r->method,
				      "pattern", r->pattern, "kind",
				      r->flags & ROUTE_API ? "api" : "page", "public",
				      (r->flags & ROUTE_PUBLIC) != 0, "password_change",
				      (r->flags & ROUTE_PWCHANGE) != 0);

		json_object_set_new(o, "perm", r->perm ? json_string(r->perm) : json_null());
		json_array_append_new(arr, o);
	}
	return cli_print_json(arr);
}

int cmd_openapi(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("openapi");
	const char *pos[1];
	int npos, rc = cli_parse(cmd, argc, argv, NULL, pos, 0, &npos);
	char bad[512] = "";
	int problems;

	if (rc)
		return rc == 1 ? 0 : rc;
	problems = api_openapi_verify(cli_routes, cli_nroutes, bad, sizeof(bad));
	if (problems)
		fprintf(stderr, "skillcert openapi: %d shape problem(s), the first: %s\n",
			problems, bad);
	return cli_print_json(api_openapi_document(cli_routes, cli_nroutes));
}
