/*
 * plans.c - /api/v1/plans (assessment plans: lifecycle, rooms, staff,
 * enrolment) and the facts of /api/v1/people/{id} (certificates,
 * diplomas, titles, assessor qualifications, relationships).
 */
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "base/str.h"

static long long int_of(json_t *o, const char *name)
{
	json_t *v = json_object_get(o, name);

	return json_is_integer(v) ? json_integer_value(v) : 0;
}

static const char *str_of(json_t *o, const char *name)
{
	return json_string_value(json_object_get(o, name));
}

static json_t *plan_json(const struct plan *p)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:s, s:i, s:s, s:s, "
			      "s:i, s:I, s:s, s:s}",
			      "id", (json_int_t)p->id, "institution_id",
			      (json_int_t)p->institution_id, "institution_name",
			      p->institution_name, "standard_id",
			      (json_int_t)p->standard_id, "occupation_code",
			      p->occupation_code, "occupation_name", p->occupation_name,
			      "work_type", p->work_type, "level", p->level, "title",
			      p->title, "status", p->status, "capacity", p->capacity,
			      "enrolled", (json_int_t)p->enrolled, "created_at",
			      p->created_at, "updated_at", p->updated_at);
	const char *names[] = {"theory_on", "practical_on", "review_on"};
	const char *vals[] = {p->theory_on, p->practical_on, p->review_on};

	for (int i = 0; i < 3; i++)
		json_object_set_new(o, names[i],
				    vals[i] ? json_string(vals[i]) : json_null());
	return o;
}

void api_plan_create(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct plan_input in;
	long long id;
	json_t *b = api_read_object(req, resp);
	int rc;

	if (!b)
		return;
	if (!api_check_int32(req, resp, b, "level", "capacity", NULL)) {
		json_decref(b);
		return;
	}
	memset(&in, 0, sizeof(in));
	in.institution_id = int_of(b, "institution_id");
	in.standard_id = int_of(b, "standard_id");
	in.level = (int)int_of(b, "level");
	in.capacity = (int)int_of(b, "capacity");
	if (!api_get_string(req, resp, b, "work_type", &in.work_type) ||
	    !api_get_string(req, resp, b, "title", &in.title) ||
	    !api_get_string(req, resp, b, "theory_on", &in.theory_on) ||
	    !api_get_string(req, resp, b, "practical_on", &in.practical_on) ||
	    !api_get_string(req, resp, b, "review_on", &in.review_on)) {
		json_decref(b);
		return;
	}
	json_decref(b);
	api_ctx(req, &ctx);
	rc = app_plan_create(&ctx, &in, &id, &err);
	if (rc == APP_OK)
		http_set_header(resp, "Location",
				arena_printf(req->arena, "/api/v1/plans/%lld", id));
	api_done(req, resp, rc, &err, 201,
		 rc ? NULL : json_pack("{s:I}", "id", (json_int_t)id));
}

void api_plan_list(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct plan *items;
	size_t n;
	long long inst = 0;
	const char *v = http_query(req, "institution_id");
	json_t *arr;

	if (v)
		str_to_ll(v, 0, 1LL << 62, &inst);
	api_ctx(req, &ctx);
	if (app_plan_list(&ctx, inst, http_query(req, "status"), &items, &n, &err) !=
	    APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, plan_json(&items[i]));
	api_send(resp, 200, json_pack("{s:o}", "items", arr));
}

void api_plan_get(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct plan_detail d;
	long long id = api_open_id(req, resp, &ctx);
	json_t *o, *rooms, *staff, *enr, *viol;

	if (!id)
		return;
	if (app_plan_get(&ctx, id, &d, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	o = plan_json(&d.plan);
	rooms = json_array();
	for (size_t i = 0; i < d.nrooms; i++)
		json_array_append_new(rooms, json_pack("{s:I, s:s, s:i, s:I}", "id",
						       (json_int_t)d.rooms[i].id, "name",
						       d.rooms[i].name, "capacity",
						       d.rooms[i].capacity, "enrolled",
						       (json_int_t)d.rooms[i].enrolled));
	staff = json_array();
	for (size_t i = 0; i < d.nstaff; i++)
		json_array_append_new(
			staff, json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:s}", "id",
					 (json_int_t)d.staff[i].id, "person_id",
					 (json_int_t)d.staff[i].person_id, "name",
					 d.staff[i].person_name, "id_masked",
					 d.staff[i].person_masked_id, "role", d.staff[i].role,
					 "room_id", (json_int_t)d.staff[i].room_id,
					 "override_note", d.staff[i].override_note));
	enr = json_array();
	for (size_t i = 0; i < d.nenrolments; i++)
		json_array_append_new(
			enr, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:I, s:i}", "id",
				       (json_int_t)d.enrolments[i].id, "person_id",
				       (json_int_t)d.enrolments[i].person_id, "name",
				       d.enrolments[i].person_name, "id_masked",
				       d.enrolments[i].person_masked_id, "route",
				       d.enrolments[i].route_id, "status",
				       d.enrolments[i].status, "room_id",
				       (json_int_t)d.enrolments[i].room_id, "seat",
				       d.enrolments[i].seat));
	viol = json_array();
	for (int i = 0; i < d.nviolations && i < 16; i++)
		json_array_append_new(viol, json_pack("{s:s, s:s, s:i, s:i, s:i, s:i}",
						      "key", d.violations[i].key, "where",
						      d.violations[i].where, "index",
						      d.violations[i].index, "candidates",
						      d.violations[i].candidates,
						      "required", d.violations[i].required,
						      "actual", d.violations[i].actual));
	json_object_set_new(o, "rooms", rooms);
	json_object_set_new(o, "staff", staff);
	json_object_set_new(o, "enrolments", enr);
	json_object_set_new(o, "staffing_violations", viol);
	viol = json_array();
	for (size_t i = 0; i < d.nvisits; i++)
		json_array_append_new(viol, json_pack("{s:I, s:s, s:s, s:s, s:s}", "id",
						      (json_int_t)d.visits[i].id, "name",
						      d.visits[i].name, "organisation",
						      d.visits[i].organisation,
						      "visited_on", d.visits[i].visited_on,
						      "notes", d.visits[i].notes));
	json_object_set_new(o, "supervisor_visits", viol);
	api_send(resp, 200, o);
}

void api_plan_act(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_param_id(req, resp, 0);
	json_t *b;
	int action, rc;

	if (!id || !(b = api_read_object(req, resp)))
		return;
	action = plan_action_parse(str_of(b, "action"));
	api_ctx(req, &ctx);
	/* an unknown action is refused by app/ after it checked who asks */
	rc = app_plan_act(&ctx, id,
			  action < 0 ? PLAN_ACTION_COUNT : (enum plan_action)action,
			  str_of(b, "reason"), &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

void api_plan_room(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_param_id(req, resp, 0), room;
	json_t *b;
	int rc;

	if (!id || !(b = api_read_object(req, resp)))
		return;
	if (!api_check_int32(req, resp, b, "capacity", NULL)) {
		json_decref(b);
		return;
	}
	api_ctx(req, &ctx);
	rc = app_plan_add_room(&ctx, id, str_of(b, "name"), (int)int_of(b, "capacity"),
			       &room, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 201,
		 rc ? NULL : json_pack("{s:I}", "id", (json_int_t)room));
}

void api_plan_visit(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct supervisor_visit v;
	long long id = api_param_id(req, resp, 0), vid;
	json_t *b;
	int rc;

	if (!id || !(b = api_read_object(req, resp)))
		return;
	memset(&v, 0, sizeof(v));
	v.name = str_of(b, "name");
	v.organisation = str_of(b, "organisation");
	v.visited_on = str_of(b, "visited_on");
	v.notes = str_of(b, "notes");
	api_ctx(req, &ctx);
	rc = app_plan_add_visit(&ctx, id, &v, &vid, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 201,
		 rc ? NULL : json_pack("{s:I}", "id", (json_int_t)vid));
}

void api_plan_assign(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_param_id(req, resp, 0), sid;
	json_t *b;
	int rc;

	if (!id || !(b = api_read_object(req, resp)))
		return;
	api_ctx(req, &ctx);
	/* by id (someone of the actor's institutions) or by document */
	rc = str_of(b, "id_number")
		     ? app_plan_assign_doc(&ctx, id, str_of(b, "id_type"),
					   str_of(b, "id_number"), str_of(b, "role"),
					   int_of(b, "room_id"),
					   str_of(b, "override_note"), &sid, &err)
		     : app_plan_assign(&ctx, id, int_of(b, "person_id"),
				       str_of(b, "role"), int_of(b, "room_id"),
				       str_of(b, "override_note"), &sid, &err);
	json_decref(b);
	if (rc != APP_OK && err.detail && !strncmp(err.msg, "recusal.", 8)) {
		api_fail(req, resp, &err);
		/* which candidate: the reviewer needs to know */
		return;
	}
	api_done(req, resp, rc, &err, 201,
		 rc ? NULL : json_pack("{s:I}", "id", (json_int_t)sid));
}

void api_plan_unassign(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_param_id(req, resp, 0), sid;
	int rc;

	if (!id || !(sid = api_param_id(req, resp, 1)))
		return;
	api_ctx(req, &ctx);
	rc = app_plan_unassign(&ctx, id, sid, &err);
	api_done(req, resp, rc, &err, 200, NULL);
}

void api_plan_enrol(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct eligibility_result *elig = arena_alloc(req->arena, sizeof(*elig));
	long long id = api_param_id(req, resp, 0), eid;
	json_t *b, *routes;
	int rc;

	if (!id || !elig || !(b = api_read_object(req, resp)))
		return;
	api_ctx(req, &ctx);
	/* by id (someone of the actor's institutions) or by document */
	rc = str_of(b, "id_number")
		     ? app_plan_enrol_doc(&ctx, id, str_of(b, "id_type"),
					  str_of(b, "id_number"), int_of(b, "room_id"),
					  &eid, elig, &err)
		     : app_plan_enrol(&ctx, id, int_of(b, "person_id"),
				      int_of(b, "room_id"), &eid, elig, &err);
	json_decref(b);
	if (rc == APP_INVALID && err.msg && !strcmp(err.msg, "enrol.not_eligible")) {
		/* every route with why it failed */
		api_fail(req, resp, &err);
		routes = json_array();
		for (size_t i = 0; i < elig->nroutes; i++)
			json_array_append_new(
				routes,
				json_pack("{s:s, s:s, s:i, s:i}", "id",
					  elig->routes[i].route ? elig->routes[i].route->id
								: "",
					  "key",
					  elig->routes[i].key ? elig->routes[i].key : "",
					  "required", elig->routes[i].required, "actual",
					  elig->routes[i].actual));
		{
			json_t *root = json_loadb(resp->body.data, resp->body.len, 0, NULL);

			if (root) {
				json_object_set_new(json_object_get(root, "error"),
						    "routes", routes);
				buf_reset(&resp->body);
				api_send(resp, 422, root);
			} else {
				json_decref(routes);
			}
		}
		return;
	}
	api_done(req, resp, rc, &err, 201,
		 rc ? NULL
		    : json_pack("{s:I, s:s}", "id", (json_int_t)eid, "route",
				elig->route_id));
}

void api_plan_withdraw(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_param_id(req, resp, 0), eid;
	int rc;

	if (!id || !(eid = api_param_id(req, resp, 1)))
		return;
	api_ctx(req, &ctx);
	rc = app_plan_withdraw(&ctx, id, eid, &err);
	api_done(req, resp, rc, &err, 200, NULL);
}

void api_person_fact(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_param_id(req, resp, 0);
	const char *what;
	json_t *b;
	int rc;

	if (!id || !(b = api_read_object(req, resp)))
		return;
	what = req->params[1];
	/* the one int member of each kind of fact */
	if (!api_check_int32(req, resp, b,
			     !strcmp(what, "certificates")     ? "level"
			     : !strcmp(what, "diplomas")       ? "program_level"
			     : !strcmp(what, "qualifications") ? "max_level"
							       : NULL,
			     NULL)) {
		json_decref(b);
		return;
	}
	api_ctx(req, &ctx);
	if (!strcmp(what, "certificates"))
		rc = app_person_add_certificate(
			&ctx, id, str_of(b, "kind") ? str_of(b, "kind") : "skill",
			str_of(b, "occupation_code"),
			json_is_true(json_object_get(b, "related")),
			(int)int_of(b, "level"), str_of(b, "issued_on"),
			str_of(b, "number"), &err);
	else if (!strcmp(what, "diplomas"))
		rc = app_person_add_diploma(
			&ctx, id, str_of(b, "type"),
			json_is_true(json_object_get(b, "specialty_related")),
			str_of(b, "graduated_on"),
			json_is_true(json_object_get(b, "final_year")),
			(int)int_of(b, "program_level"), &err);
	else if (!strcmp(what, "titles"))
		rc = app_person_add_title(&ctx, id, str_of(b, "level"),
					  str_of(b, "granted_on"),
					  json_is_true(json_object_get(b, "related")),
					  &err);
	else if (!strcmp(what, "qualifications"))
		rc = app_person_add_qualification(
			&ctx, id, str_of(b, "occupation_code"), str_of(b, "grade"),
			(int)int_of(b, "max_level"), str_of(b, "valid_from"),
			str_of(b, "valid_to"), str_of(b, "number"), &err);
	else if (!strcmp(what, "relationships"))
		rc = app_person_add_relationship(&ctx, id, int_of(b, "person_id"),
						 str_of(b, "kind"), &err);
	else {
		json_decref(b);
		api_error_msg(req, resp, 404, "not_found", "err.not_found", NULL);
		return;
	}
	json_decref(b);
	api_done(req, resp, rc, &err, 201, NULL);
}
