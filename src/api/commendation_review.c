/*
 * commendation_review.c - the review of a commendation campaign as JSON
 * (issue 14): the panel, rounds, scores and votes, the tally, the notice
 * and its objections under /api/v1/commendations/{id}/... Every rule and
 * permission is app/commendation_review.c's; a refusal naming reviewers,
 * nominations or a category carries them in error.reason.
 */
#include <string.h>

#include "api/api.h"
#include "api/common.h"

static long long int_of(json_t *o, const char *name)
{
	json_t *v = json_object_get(o, name);

	return json_is_integer(v) ? json_integer_value(v) : 0;
}

static const char *str_of(json_t *o, const char *name)
{
	return json_string_value(json_object_get(o, name));
}

static json_t *nullable_int(bool has, long long v)
{
	return has ? json_integer(v) : json_null();
}

/* GET /api/v1/commendations/{id}/review -> 200 {campaign, reviewers,
 * rounds, nominations, votes, objections}: the center's view, or a
 * reviewer's (their own votes; objections empty). campaign.
 * decision_refusal: why the decision may not be taken yet
 * (comm_notice_clear's catalog key), null when it may. Each reviewer
 * carries recusals: [{nomination_id, reason}] (reason a catalog text). */
void api_comm_review(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct comm_review r;
	long long id = api_open_id(req, resp, &ctx);
	json_t *revs, *rounds, *noms, *votes, *objs;
	enum lang lang = api_lang(req);
	int rc;

	if (!id)
		return;
	rc = app_comm_review(&ctx, id, &r, &err);
	if (rc) {
		api_done(req, resp, rc, &err, 200, NULL);
		return;
	}
	revs = json_array();
	for (size_t i = 0; i < r.nreviewers; i++) {
		json_t *rec = json_array();

		for (size_t k = 0; k < r.nnoms; k++)
			if (r.recusal[i * r.nnoms + k])
				json_array_append_new(
					rec,
					json_pack("{s:I, s:s}", "nomination_id",
						  (json_int_t)r.noms[k].id, "reason",
						  tr(lang, r.recusal[i * r.nnoms + k])));
		json_array_append_new(
			revs, json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:b}", "id",
					(json_int_t)r.reviewers[i].id, "person_id",
					(json_int_t)r.reviewers[i].person_id, "name",
					r.reviewers[i].name, "override_note",
					r.reviewers[i].override_note, "appointed_at",
					r.reviewers[i].appointed_at, "recusals", rec,
					"self", (long)i == r.self));
	}
	rounds = json_array();
	for (size_t i = 0; i < r.nrounds; i++)
		json_array_append_new(
			rounds,
			json_pack("{s:i, s:s, s:s, s:s, s:o}", "seq", r.rounds[i].seq,
				  "method", r.rounds[i].method, "status", r.rounds[i].status,
				  "opened_at", r.rounds[i].opened_at, "closed_at",
				  r.rounds[i].closed_at ? json_string(r.rounds[i].closed_at)
							: json_null()));
	noms = json_array();
	for (size_t k = 0; k < r.nnoms; k++) {
		const struct comm_rev_nomination *n = &r.noms[k];

		json_array_append_new(
			noms,
			api_category_names(
				json_pack("{s:I, s:s, s:s, s:I, s:s, s:o, s:s, s:s, s:o, s:o, s:s}",
					  "id", (json_int_t)n->id, "category", n->category,
					  "kind", n->person_id ? "person" : "collective",
					  "institution_id", (json_int_t)n->institution_id,
					  "institution_name", n->institution_name,
					  "person_name",
					  n->person_name ? json_string(n->person_name)
							 : json_null(),
					  "status", n->status, "status_reason",
					  n->status_reason, "rank",
					  nullable_int(n->has_rank, n->rank), "score",
					  nullable_int(n->has_score, n->score),
					  "override_note", n->override_note),
				n->category, n->category_name, n->category_name_en));
	}
	votes = json_array();
	for (size_t v = 0; v < r.nvotes; v++)
		json_array_append_new(
			votes, json_pack("{s:I, s:I, s:i, s:s, s:s}", "nomination_id",
					 (json_int_t)r.votes[v].nomination_id,
					 "reviewer_id", (json_int_t)r.votes[v].reviewer_id,
					 "value", r.votes[v].value, "note", r.votes[v].note,
					 "entered_by", r.votes[v].entered_by));
	objs = json_array();
	for (size_t o = 0; o < r.nobjections; o++) {
		const struct comm_rev_objection *x = &r.objections[o];

		json_array_append_new(
			objs, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
					(json_int_t)x->id, "nomination_id",
					(json_int_t)x->nomination_id, "filer_name",
					x->filer_name, "filer_contact", x->filer_contact,
					"body", x->body, "filed_at", x->filed_at,
					"status", x->status, "resolution", x->resolution));
	}
	http_set_header(resp, "Cache-Control", "no-store");
	api_done(req, resp, rc, &err, 200,
		 json_pack("{s:{s:I, s:i, s:s, s:s, s:o, s:o, s:s?}, s:o, s:o, s:o, s:o, s:o}",
			   "campaign", "id", (json_int_t)r.campaign.id, "year",
			   r.campaign.year, "title", r.campaign.title, "status",
			   r.campaign.status, "notice_start",
			   r.campaign.notice_start ? json_string(r.campaign.notice_start)
						   : json_null(),
			   "notice_end",
			   r.campaign.notice_end ? json_string(r.campaign.notice_end)
						 : json_null(),
			   "decision_refusal", r.decision_refusal, "reviewers", revs,
			   "rounds", rounds, "nominations", noms, "votes", votes,
			   "objections", objs));
}

/* POST /api/v1/commendations/{id}/reviewers {person_id, override_note?}
 * -> 201 {id}. */
void api_comm_reviewer_add(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id, rid = 0;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc;

	if (!b)
		return;
	rc = app_comm_reviewer_add(&ctx, id, int_of(b, "person_id"),
				   str_of(b, "override_note"), &rid, &err);
	json_decref(b);
	api_done_id(req, resp, rc, &err, rid);
}

/* POST /api/v1/commendations/{id}/reviewers/{rid}/remove -> 200. */
void api_comm_reviewer_remove(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_open_id(req, resp, &ctx), rid;

	if (!id || !(rid = api_param_id(req, resp, 1)))
		return;
	api_done(req, resp, app_comm_reviewer_remove(&ctx, id, rid, &err), &err, 200, NULL);
}

/* POST /api/v1/commendations/{id}/rounds {method} -> 201 {seq}. */
void api_comm_round_open(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc, seq = 0;

	if (!b)
		return;
	rc = app_comm_round_open(&ctx, id, str_of(b, "method"), &seq, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 201, rc ? NULL : json_pack("{s:i}", "seq", seq));
}

/* POST /api/v1/commendations/{id}/rounds/close -> 200; 409 naming who has
 * not scored which nominations in error.reason. */
void api_comm_round_close(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_open_id(req, resp, &ctx);

	if (!id)
		return;
	api_done(req, resp, app_comm_round_close(&ctx, id, &err), &err, 200, NULL);
}

/* POST /api/v1/commendations/{id}/votes {nomination_id, value, note?,
 * reviewer_id?} -> 200; value a number or text (0-100, or 1/0). */
void api_comm_vote(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id;
	json_t *b = api_open_body(req, resp, &ctx, &id), *v;
	const char *value = NULL;
	int rc;

	if (!b)
		return;
	v = json_object_get(b, "value");
	if (json_is_integer(v))
		value = arena_printf(req->arena, "%" JSON_INTEGER_FORMAT,
				     json_integer_value(v));
	else if (json_is_string(v))
		value = arena_strdup(req->arena, json_string_value(v));
	rc = app_comm_vote(&ctx, id, int_of(b, "reviewer_id"), int_of(b, "nomination_id"),
			   value, str_of(b, "note"), &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

/* POST /api/v1/commendations/{id}/tally {overrides?: [{nomination_id,
 * proposed}], override_note?} -> 200. */
void api_comm_tally(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct comm_override *ov = NULL;
	long long id;
	json_t *b = api_open_body(req, resp, &ctx, &id), *arr, *o;
	size_t n = 0, i;
	int rc;

	if (!b)
		return;
	arr = json_object_get(b, "overrides");
	if (json_is_array(arr) && json_array_size(arr) && json_array_size(arr) < 1000) {
		ov = arena_alloc(req->arena, json_array_size(arr) * sizeof(*ov));
		json_array_foreach(arr, i, o)
		{
			ov[n].nomination_id = int_of(o, "nomination_id");
			ov[n++].proposed = json_is_true(json_object_get(o, "proposed"));
		}
	}
	rc = app_comm_tally(&ctx, id, ov, n, str_of(b, "override_note"), &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

/* POST /api/v1/commendations/{id}/notice -> 200: the proposed list public. */
void api_comm_notice(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_open_id(req, resp, &ctx);

	if (!id)
		return;
	api_done(req, resp, app_comm_notice(&ctx, id, &err), &err, 200, NULL);
}

/* GET /api/v1/commendations/{id}/notice (public) -> 200 {campaign: {id,
 * year, title, status, notice_start, notice_end}, items: [{nomination_id,
 * category, kind, nominee, institution}]}: nothing else personal. */
void api_comm_notice_get(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct comm_rev_campaign x;
	struct comm_notice_item *items = NULL;
	size_t n = 0;
	long long id = api_open_id(req, resp, &ctx);
	json_t *arr;
	int rc;

	if (!id)
		return;
	rc = app_comm_notice_list(&ctx, id, &x, &items, &n, &err);
	if (rc) {
		api_done(req, resp, rc, &err, 200, NULL);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
			arr, api_category_names(
				     json_pack("{s:I, s:s, s:s, s:s, s:s}", "nomination_id",
					       (json_int_t)items[i].nomination_id,
					       "category", items[i].category, "kind",
					       items[i].kind, "nominee", items[i].nominee,
					       "institution", items[i].institution),
				     items[i].category, items[i].category_name,
				     items[i].category_name_en));
	api_done(req, resp, rc, &err, 200,
		 json_pack("{s:{s:I, s:i, s:s, s:s, s:s?, s:s?}, s:o}", "campaign", "id",
			   (json_int_t)x.id, "year", x.year, "title", x.title, "status",
			   x.status, "notice_start", x.notice_start, "notice_end",
			   x.notice_end, "items", arr));
}

/* POST /api/v1/commendations/{id}/objections (public) {nomination_id,
 * name, contact, body} -> 201 {id}; 429 past the address's limit. */
void api_comm_objection(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id, oid = 0;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc;

	if (!b)
		return;
	rc = app_comm_objection_file(&ctx, id, int_of(b, "nomination_id"),
				     str_of(b, "name"), str_of(b, "contact"),
				     str_of(b, "body"), &oid, &err);
	json_decref(b);
	api_done_id(req, resp, rc, &err, oid);
}

/* POST /api/v1/commendations/{id}/objections/{oid}/resolve {upheld,
 * resolution} -> 200. */
void api_comm_objection_resolve(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_open_id(req, resp, &ctx), oid;
	json_t *b;
	int rc;

	if (!id || !(oid = api_param_id(req, resp, 1)) || !(b = api_read_object(req, resp)))
		return;
	rc = app_comm_objection_resolve(&ctx, id, oid,
					json_is_true(json_object_get(b, "upheld")),
					str_of(b, "resolution"), &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}
