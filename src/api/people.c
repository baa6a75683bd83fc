/* people.c - /api/v1/people: register, find, list, show. Whose people an
 * actor sees and changes is app/person.c's rule (docs/security.md). */
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "base/str.h"

static json_t *person_json(const struct person *p)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			      "id", (json_int_t)p->id, "name", p->name, "id_type",
			      p->id_type, "id_masked", p->id_masked, "sex", p->sex,
			      "education", p->education, "employer", p->employer,
			      "employer_credit_code", p->employer_credit_code, "phone",
			      p->phone, "created_at", p->created_at, "updated_at",
			      p->updated_at);

	json_object_set_new(o, "birth_date",
			    p->birth_date ? json_string(p->birth_date) : json_null());
	json_object_set_new(o, "work_start",
			    p->work_start ? json_string(p->work_start) : json_null());
	return o;
}

void api_person_create(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct person_input in;
	struct person p;
	long long id;
	json_t *b = api_read_object(req, resp);

	if (!b)
		return;
	memset(&in, 0, sizeof(in));
	if (!api_get_string(req, resp, b, "name", &in.name) ||
	    !api_get_string(req, resp, b, "id_type", &in.id_type) ||
	    !api_get_string(req, resp, b, "id_number", &in.id_number) ||
	    !api_get_string(req, resp, b, "sex", &in.sex) ||
	    !api_get_string(req, resp, b, "birth_date", &in.birth_date) ||
	    !api_get_string(req, resp, b, "education", &in.education) ||
	    !api_get_string(req, resp, b, "employer", &in.employer) ||
	    !api_get_string(req, resp, b, "employer_credit_code", &in.employer_credit_code) ||
	    !api_get_string(req, resp, b, "work_start", &in.work_start) ||
	    !api_get_string(req, resp, b, "phone", &in.phone)) {
		json_decref(b);
		return;
	}
	/* the institution registering them (when the actor has several) */
	if (json_object_get(b, "institution_id")) {
		json_t *v = json_object_get(b, "institution_id");

		if (!json_is_integer(v) || json_integer_value(v) < 1) {
			struct app_error e = {APP_INVALID, "institution_id",
					      "val.parent.not_found", NULL, 0};

			json_decref(b);
			api_fail(req, resp, &e);
			return;
		}
		in.institution_id = json_integer_value(v);
	}
	json_decref(b);
	if (!in.id_type)
		in.id_type = "resident_id";
	api_ctx(req, &ctx);
	if (app_person_create(&ctx, &in, &id, &err) != APP_OK) {
		api_fail(req, resp, &err);
		if (err.status == APP_CONFLICT && id) {
			/* found, not duplicated: say where */
			http_set_header(resp, "Location",
					arena_printf(req->arena, "/api/v1/people/%lld", id));
		}
		return;
	}
	if (app_person_get(&ctx, id, &p, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	http_set_header(resp, "Location",
			arena_printf(req->arena, "/api/v1/people/%lld", id));
	api_send(resp, 201, person_json(&p));
}

void api_person_get(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct person p;
	long long id = api_open_id(req, resp, &ctx);

	if (!id)
		return;
	if (app_person_get(&ctx, id, &p, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	api_send(resp, 200, person_json(&p));
}

void api_person_list(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct person *items;
	size_t n;
	long long limit = 50, offset = 0;
	const char *v;
	json_t *arr;

	if ((v = http_query(req, "limit")))
		str_to_ll(v, 1, 500, &limit);
	if ((v = http_query(req, "offset")))
		str_to_ll(v, 0, 1LL << 40, &offset);
	api_ctx(req, &ctx);
	if (app_person_list(&ctx, http_query(req, "q"), limit, offset, &items, &n, &err) !=
	    APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, person_json(&items[i]));
	api_send(resp, 200, json_pack("{s:o}", "items", arr));
}

/* POST, so the number travels in a body, never in a URL or an access log. */
void api_person_photo_put(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_open_id(req, resp, &ctx);

	if (!id)
		return;
	if (app_person_set_photo(&ctx, id, req->body, req->body_len, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	api_send(resp, 200, json_pack("{s:b}", "ok", 1));
}

void api_person_photo_get(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *mime;
	long long id = api_open_id(req, resp, &ctx);

	if (!id)
		return;
	if (app_person_photo(&ctx, id, &mime, &resp->body, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	resp->status = 200;
	resp->content_type = mime;
	/* personal data: not for shared caches */
	http_set_header(resp, "Cache-Control", "private, no-store");
}

void api_person_lookup(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct person p;
	const char *type, *number;
	json_t *b = api_read_object(req, resp);

	if (!b)
		return;
	if (!api_get_string(req, resp, b, "id_type", &type) ||
	    !api_get_string(req, resp, b, "id_number", &number)) {
		json_decref(b);
		return;
	}
	json_decref(b);
	api_ctx(req, &ctx);
	if (app_person_find(&ctx, type ? type : "resident_id", number, &p, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	api_send(resp, 200, person_json(&p));
}

/* POST /api/v1/qualifications-import: assessor qualifications from a
 * spreadsheet (the request body), like the other imports. */
void api_qualifications_import(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct import_report rep;
	struct assess_import_opts o = {api_dry_run(req), NULL, NULL, 0};
	int rc;

	api_ctx(req, &ctx);
	rc = app_assess_import(&ctx, IMPORT_QUALIFICATIONS, 0, req->body, req->body_len,
			       NULL, &o, &rep, &err);
	api_import_report(req, resp, rc, &rep, &err, o.dry_run);
}
