/*
 * routes.c - THE route table: every URL the server answers, with its
 * handler, its kind (page or API) and the permission it needs.
 * Add a line here to add a page or an endpoint (see CONTRIBUTING.md).
 */
#include "api/api.h"
#include "cli/cli.h"
#include "web/web.h"

#define PUBLIC_API (ROUTE_PUBLIC | ROUTE_API)
#define PUBLIC_PAGE (ROUTE_PUBLIC | ROUTE_PAGE)

const struct http_route cli_routes[] = {
	/* operations */
	{"GET", "/healthz", api_healthz, PUBLIC_API, NULL},
	{"GET", "/metrics", api_metrics, PUBLIC_API, NULL},

	/* JSON API */
	{"GET", "/api/v1/institutions", api_institution_list, PUBLIC_API, NULL},
	{"POST", "/api/v1/institutions", api_institution_create, PUBLIC_API, NULL},
	{"GET", "/api/v1/institutions/{id}", api_institution_get, PUBLIC_API, NULL},
	{"GET", "/api/v1/institutions/{id}/names", api_institution_names,
	 PUBLIC_API, NULL},
	{"POST", "/api/v1/institutions/{id}/rename", api_institution_rename,
	 PUBLIC_API, NULL},

	/* pages */
	{"GET", "/", page_home, PUBLIC_PAGE, NULL},
	{"GET", "/lang", page_lang, PUBLIC_PAGE, NULL},
	{"GET", "/institutions", page_institution_list, PUBLIC_PAGE, NULL},
	{"POST", "/institutions", page_institution_create, PUBLIC_PAGE, NULL},
	{"GET", "/institutions/new", page_institution_new, PUBLIC_PAGE, NULL},
	{"GET", "/institutions/{id}", page_institution_show, PUBLIC_PAGE, NULL},
	{"POST", "/institutions/{id}/rename", page_institution_rename, PUBLIC_PAGE,
	 NULL},
};

const size_t cli_nroutes = sizeof(cli_routes) / sizeof(cli_routes[0]);
