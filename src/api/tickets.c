/* tickets.c - claim codes (issue 12): staff draw a plan's codes, shown
 * once (app/ticket.c has the rules). */
#include "api/api.h"
#include "api/common.h"

/* POST /api/v1/plans/{id}/claim-codes -> 200 {"codes": [{enrolment_id,
 * name, id_masked, code}]} */
void api_plan_claim_codes(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct claim_code *xs = NULL;
	size_t n = 0;
	long long id = api_param_id(req, resp, 0);
	json_t *arr;
	int rc;

	if (!id)
		return;
	api_ctx(req, &ctx);
	rc = app_ticket_claim_codes(&ctx, id, &xs, &n, &err);
	arr = json_array();
	for (size_t i = 0; rc == APP_OK && i < n; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s, s:s, s:s}", "enrolment_id",
						     (json_int_t)xs[i].enrolment_id,
						     "name", xs[i].name, "id_masked",
						     xs[i].id_masked ? xs[i].id_masked : "",
						     "code", xs[i].code));
	http_set_header(resp, "Cache-Control", "no-store");
	api_done(req, resp, rc, &err, 200, json_pack("{s:o}", "codes", arr));
}
