/* tickets.c - claim codes (issue 12): staff draw a plan's codes, shown
 * once (app/ticket.c has the rules). */
#include "api/api.h"
#include "api/common.h"
#include "core/scoring.h"

/* POST /api/v1/plans/{id}/claim-codes -> 200 {"codes": [{enrolment_id,
 * name, id_masked, code}]} */
void api_plan_claim_codes(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct claim_code *xs = NULL;
	size_t n = 0;
	long long id = api_open_id(req, resp, &ctx);
	json_t *arr;
	int rc;

	if (!id)
		return;
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

/* GET /api/v1/me/results: a holder's published results -> {"results":
 * [{enrolment_id, plan_id, title, occupation_code, occupation_name, level,
 * institution_name, outcome, components: [{component, score, status}]}]}
 * (score "82.5", or null when absent) */
void api_my_results(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct holder_result *xs = NULL;
	size_t n = 0;
	json_t *arr;
	int rc;

	api_ctx(req, &ctx);
	rc = app_holder_results(&ctx, &xs, &n, &err);
	arr = json_array();
	for (size_t i = 0; rc == APP_OK && i < n; i++) {
		const struct plan *p = &xs[i].plan;
		json_t *cs = json_array();

		for (size_t k = 0; k < xs[i].ncomponents; k++) {
			const struct component_row *m = &xs[i].components[k];
			char score[8];

			score_format(m->tenths, score);
			json_array_append_new(cs,
					      json_pack("{s:s, s:o, s:s}", "component",
							m->component, "score",
							m->tenths < 0 ? json_null()
								      : json_string(score),
							"status", m->status));
		}
		json_array_append_new(
			arr, json_pack("{s:I, s:I, s:s, s:s, s:s, s:i, s:s, s:s, s:o}",
				       "enrolment_id", (json_int_t)xs[i].enrolment_id,
				       "plan_id", (json_int_t)p->id, "title", p->title,
				       "occupation_code",
				       p->occupation_code ? p->occupation_code : "",
				       "occupation_name",
				       p->occupation_name ? p->occupation_name : "",
				       "level", p->level, "institution_name",
				       p->institution_name ? p->institution_name : "",
				       "outcome", xs[i].outcome, "components", cs));
	}
	http_set_header(resp, "Cache-Control", "no-store");
	api_done(req, resp, rc, &err, 200, json_pack("{s:o}", "results", arr));
}

static void send_tickets(struct http_req *req, struct http_resp *resp, long long plan_id,
			 long long enrolment_id)
{
	struct app_ctx ctx;
	struct app_error err;

	api_ctx(req, &ctx);
	buf_reset(&resp->body);
	http_set_header(resp, "Cache-Control", "no-store");
	api_done_body(req, resp,
		      app_ticket_pdf(&ctx, plan_id, enrolment_id, &resp->body, &err),
		      &err, "application/pdf",
		      enrolment_id
			      ? arena_printf(req->arena,
					     "attachment; filename=\"ticket-%lld-%lld.pdf\"",
					     plan_id, enrolment_id)
			      : arena_printf(req->arena,
					     "attachment; filename=\"tickets-%lld.pdf\"",
					     plan_id));
}

/* POST /api/v1/plans/{id}/tickets.pdf: every candidate's admission ticket,
 * each with a new claim code */
void api_plan_tickets_pdf(struct http_req *req, struct http_resp *resp)
{
	long long id = api_param_id(req, resp, 0);

	if (id)
		send_tickets(req, resp, id, 0);
}

/* POST /api/v1/plans/{id}/enrolments/{eid}/ticket.pdf: one candidate's */
void api_enrolment_ticket_pdf(struct http_req *req, struct http_resp *resp)
{
	long long id = api_param_id(req, resp, 0), eid;

	if (id && (eid = api_param_id(req, resp, 1)))
		send_tickets(req, resp, id, eid);
}

/* GET /api/v1/me/tickets: a holder's admission tickets -> {"tickets":
 * [{enrolment_id, plan_id, title, occupation_code, occupation_name, level,
 * institution_name, room, theory_on, practical_on, review_on, pdf}]} */
void api_my_tickets(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct holder_ticket *xs = NULL;
	size_t n = 0;
	json_t *arr;
	int rc;

	api_ctx(req, &ctx);
	rc = app_holder_tickets(&ctx, &xs, &n, &err);
	arr = json_array();
	for (size_t i = 0; rc == APP_OK && i < n; i++) {
		const struct plan *p = &xs[i].plan;

		json_array_append_new(
			arr,
			json_pack("{s:I, s:I, s:s, s:s, s:s, s:i, s:s, s:s, s:i, s:s, s:s, s:s, s:s}",
				  "enrolment_id", (json_int_t)xs[i].enrolment_id, "plan_id",
				  (json_int_t)p->id, "title", p->title, "occupation_code",
				  p->occupation_code ? p->occupation_code : "",
				  "occupation_name",
				  p->occupation_name ? p->occupation_name : "", "level",
				  p->level, "institution_name",
				  p->institution_name ? p->institution_name : "", "room",
				  xs[i].room, "seat", xs[i].seat, "theory_on",
				  p->theory_on ? p->theory_on : "", "practical_on",
				  p->practical_on ? p->practical_on : "", "review_on",
				  p->review_on ? p->review_on : "", "pdf",
				  arena_printf(req->arena, "/api/v1/me/tickets/%lld/ticket.pdf",
					       xs[i].enrolment_id)));
	}
	http_set_header(resp, "Cache-Control", "no-store");
	api_done(req, resp, rc, &err, 200, json_pack("{s:o}", "tickets", arr));
}

/* GET /api/v1/me/tickets/{enrolment}/ticket.pdf */
void api_my_ticket_pdf(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_open_id(req, resp, &ctx);

	if (!id)
		return;
	buf_reset(&resp->body);
	http_set_header(resp, "Cache-Control", "no-store");
	api_done_body(req, resp, app_holder_ticket_pdf(&ctx, id, &resp->body, &err), &err,
		      "application/pdf",
		      arena_printf(req->arena, "attachment; filename=\"ticket-%lld.pdf\"",
				   id));
}
