/* competition_judge.c - a judge's own events (issue 13): GET
 * /api/v1/me/judging for an account linked to a person (app/
 * competition_judge.c checks it is the actor's own person). */
#include <string.h>

#include "api/api.h"
#include "api/common.h"

/* GET /api/v1/me/judging -> 200 {"events": [{judge_id, role, event_id,
 * group, occupation_code, occupation_name, competition: {id, name, tier,
 * year, status, starts_on, ends_on}, sheet}]}; sheet: the marking sheet's
 * address while the competition is marking, else null. 404 for a staff
 * account (no person). */
void api_my_judging(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct comp_judging *xs = NULL;
	size_t n = 0;
	json_t *arr;
	int rc;

	api_ctx(req, &ctx);
	rc = app_comp_judging(&ctx, &xs, &n, &err);
	arr = json_array();
	for (size_t i = 0; rc == APP_OK && i < n; i++) {
		const struct comp_judging *j = &xs[i];
		bool marking = !strcmp(j->status, "marking");

		json_array_append_new(
			arr,
			json_pack("{s:I, s:s, s:I, s:s, s:s, s:s, s:{s:I, s:s, s:s, s:i, s:s, "
				  "s:s, s:s}, s:o}",
				  "judge_id", (json_int_t)j->judge_id, "role", j->role,
				  "event_id", (json_int_t)j->event_id, "group", j->grp,
				  "occupation_code", j->occupation_code,
				  "occupation_name", j->occupation_name, "competition",
				  "id", (json_int_t)j->competition_id, "name", j->name,
				  "tier", j->tier, "year", j->year, "status", j->status,
				  "starts_on", j->starts_on, "ends_on", j->ends_on, "sheet",
				  marking ? json_string(arena_printf(
						    req->arena, "/competition-events/%lld/marks",
						    j->event_id))
					  : json_null()));
	}
	http_set_header(resp, "Cache-Control", "no-store");
	api_done(req, resp, rc, &err, 200, json_pack("{s:o}", "events", arr));
}
