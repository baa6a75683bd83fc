/*
 * figures.c - GET /api/v1/institutions/{id}/figures?year=[&tree=1] and
 * GET /api/v1/people/{id}/figures?year=: the figures of a year the
 * registry already knows (app/figures.c), the JSON a nomination carries
 * (docs/commendations.md "Figures"). Staff with institution.read.
 */
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "base/str.h"

static void figures(struct http_req *req, struct http_resp *resp, bool person)
{
	struct app_ctx ctx;
	struct app_error err;
	struct figures f;
	long long id = api_param_id(req, resp, 0), year = 0;
	const char *v = http_query(req, "year"), *t = http_query(req, "tree");
	json_error_t jerr;
	json_t *root;

	if (!id)
		return;
	/* a year missing or not one is refused by app_figures() (0), after
	 * the permission */
	if (!v || str_to_ll(v, 2000, 2100, &year))
		year = 0;
	if (t && *t && strcmp(t, "0") && strcmp(t, "1")) {
		api_error_msg(req, resp, 422, "invalid", "figures.tree_invalid", "tree");
		return;
	}
	api_ctx(req, &ctx);
	if (app_figures(&ctx, (int)year, person ? 0 : id, !person && t && !strcmp(t, "1"),
			person ? id : 0, &f, &err)) {
		api_fail(req, resp, &err);
		return;
	}
	root = json_loads(app_figures_json(&ctx, &f), 0, &jerr);
	api_send(resp, 200, root ? root : json_object());
}

void api_institution_figures(struct http_req *req, struct http_resp *resp)
{
	figures(req, resp, false);
}

void api_person_figures(struct http_req *req, struct http_resp *resp)
{
	figures(req, resp, true);
}
