/*
 * competition_honours.c - GET /api/v1/institutions/{id}/honours: an
 * institution's honour list (荣誉榜) from the final competitions' results
 * (app/competition_honours.c). Public.
 */
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "base/str.h"

static json_t *honour_json(const struct comp_honour *h)
{
	json_t *titles = json_array();

	for (int t = 0; t < COMP_TITLE_COUNT; t++)
		if (h->titles & (1u << t))
			json_array_append_new(
				titles, json_string(comp_title_name((enum comp_title)t)));
	return json_pack("{s:i, s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:I, s:s, s:o, s:b, "
			 "s:i, s:i, s:s}",
			 "year", h->year, "competition_id", (json_int_t)h->competition_id,
			 "competition", h->competition, "tier", h->tier, "event_id",
			 (json_int_t)h->event_id, "occupation_code", h->occupation_code,
			 "occupation_name", h->occupation_name, "group",
			 comp_group_name(h->group), "entry_id", (json_int_t)h->entry_id,
			 "award", comp_award_name(h->award), "titles", titles, "squad",
			 h->squad, "place", h->place, "entrants", h->entrants, "names",
			 h->names);
}

void api_comp_honours(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct comp_honours h;
	long long id = api_param_id(req, resp, 0), year = 0;
	const char *v = http_query(req, "year");
	json_t *arr, *years;

	if (!id)
		return;
	if (v && *v && str_to_ll(v, 2000, 2100, &year)) {
		api_error_msg(req, resp, 422, "invalid", "competition.year_invalid", "year");
		return;
	}
	api_ctx(req, &ctx);
	if (app_comp_honours(&ctx, id, (int)year, &h, &err)) {
		api_fail(req, resp, &err);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < h.nrows; i++)
		json_array_append_new(arr, honour_json(&h.rows[i]));
	years = json_array();
	for (size_t i = 0; i < h.nyears; i++)
		json_array_append_new(years, json_integer(h.years[i]));
	api_send(resp, 200,
		 json_pack("{s:I, s:s, s:o, s:o}", "institution_id", (json_int_t)id,
			   "institution_name", h.inst.name, "years", years, "items", arr));
}
