/*
 * registry.c - the registry's JSON endpoints: institution details and
 * changes, applications, batches, objections, scope, filings,
 * inspections, the dashboard, import and export.
 */
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "base/str.h"

/* Reads the JSON body; NULL after answering. */
#define BODY_OR_RETURN(req, resp, body) \
	json_t *body = api_read_object(req, resp); \
	if (!body) \
	return

/* A string member or NULL; false after answering 422. */
static bool str_member(struct http_req *req, struct http_resp *resp, json_t *o,
		       const char *name, const char **out)
{
	return api_get_string(req, resp, o, name, out);
}

static long long int_member(json_t *o, const char *name, long long def)
{
	json_t *v = json_object_get(o, name);

	return json_is_integer(v) ? json_integer_value(v) : def;
}

/* Runs an app/ result: 200 {"ok":true} or the error envelope. */
static void done(struct http_req *req, struct http_resp *resp, int rc,
		 const struct app_error *err)
{
	if (rc != APP_OK) {
		api_fail(req, resp, err);
		return;
	}
	api_send(resp, 200, json_pack("{s:b}", "ok", 1));
}

json_t *api_institution_json(const struct institution *in)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			      "id", (json_int_t)in->id, "name", in->name, "type",
			      in->type, "province", in->province, "credit_code",
			      in->credit_code ? in->credit_code : "", "created_at",
			      in->created_at, "updated_at", in->updated_at, "status",
			      in->status, "branch_kind", in->branch_kind, "address",
			      in->address, "host_org", in->host_org);

	if (!o)
		return NULL;
	json_object_set_new(o, "parent_id",
			    in->parent_id ? json_integer(in->parent_id) : json_null());
	json_object_set_new(o, "registration_no",
			    in->registration_no ? json_string(in->registration_no)
						: json_null());
	json_object_set_new(o, "registered_on",
			    in->registered_on ? json_string(in->registered_on)
					      : json_null());
	json_object_set_new(o, "valid_until",
			    in->valid_until ? json_string(in->valid_until) : json_null());
	json_object_set_new(o, "approval_doc", json_string(in->approval_doc));
	if (in->contact_name) { /* private: only when the actor may read */
		json_object_set_new(o, "contact_name", json_string(in->contact_name));
		json_object_set_new(o, "contact_phone", json_string(in->contact_phone));
		json_object_set_new(o, "contact_email", json_string(in->contact_email));
		json_object_set_new(o, "credit_code_note",
				    json_string(in->credit_code_note));
	}
	return o;
}

bool api_institution_input(struct http_req *req, struct http_resp *resp, json_t *b,
			   struct institution_input *in)
{
	json_t *parent;

	memset(in, 0, sizeof(*in));
	if (!str_member(req, resp, b, "name", &in->name) ||
	    !str_member(req, resp, b, "type", &in->type) ||
	    !str_member(req, resp, b, "province", &in->province) ||
	    !str_member(req, resp, b, "credit_code", &in->credit_code) ||
	    !str_member(req, resp, b, "credit_code_override", &in->credit_code_override) ||
	    !str_member(req, resp, b, "branch_kind", &in->branch_kind) ||
	    !str_member(req, resp, b, "address", &in->address) ||
	    !str_member(req, resp, b, "host_org", &in->host_org) ||
	    !str_member(req, resp, b, "contact_name", &in->contact_name) ||
	    !str_member(req, resp, b, "contact_phone", &in->contact_phone) ||
	    !str_member(req, resp, b, "contact_email", &in->contact_email))
		return false;
	parent = json_object_get(b, "parent_id");
	if (parent && !json_is_null(parent)) {
		if (!json_is_integer(parent) || json_integer_value(parent) <= 0) {
			api_error_msg(req, resp, 422, "invalid", "val.parent.not_found",
				      "parent_id");
			return false;
		}
		in->parent_id = json_integer_value(parent);
	}
	return true;
}

void api_institution_update(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct institution_input in;
	struct institution out;
	long long id = api_param_id(req, resp, 0);

	if (!id)
		return;
	BODY_OR_RETURN(req, resp, b);
	if (!api_institution_input(req, resp, b, &in)) {
		json_decref(b);
		return;
	}
	json_decref(b);
	api_ctx(req, &ctx);
	if (app_institution_update(&ctx, id, &in, &err) != APP_OK ||
	    app_institution_get(&ctx, id, &out, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	api_send(resp, 200, api_institution_json(&out));
}

void api_institution_retype(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *type, *kind, *reason, *doc;
	long long id = api_param_id(req, resp, 0);
	int rc;

	if (!id)
		return;
	BODY_OR_RETURN(req, resp, b);
	if (!str_member(req, resp, b, "type", &type) ||
	    !str_member(req, resp, b, "branch_kind", &kind) ||
	    !str_member(req, resp, b, "reason", &reason) ||
	    !str_member(req, resp, b, "doc_no", &doc)) {
		json_decref(b);
		return;
	}
	json_decref(b);
	api_ctx(req, &ctx);
	rc = app_institution_change_type(&ctx, id, type, kind, reason, doc, &err);
	done(req, resp, rc, &err);
}

void api_institution_status(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *action, *reason, *doc;
	enum reg_action a;
	long long id = api_param_id(req, resp, 0);
	int rc;

	if (!id)
		return;
	BODY_OR_RETURN(req, resp, b);
	if (!str_member(req, resp, b, "action", &action) ||
	    !str_member(req, resp, b, "reason", &reason) ||
	    !str_member(req, resp, b, "doc_no", &doc)) {
		json_decref(b);
		return;
	}
	json_decref(b);
	if (action && !strcmp(action, "suspend"))
		a = REG_ACT_SUSPEND;
	else if (action && !strcmp(action, "reinstate"))
		a = REG_ACT_REINSTATE;
	else if (action && !strcmp(action, "revoke"))
		a = REG_ACT_REVOKE;
	else {
		api_error_msg(req, resp, 422, "invalid", "val.action.invalid", "action");
		return;
	}
	api_ctx(req, &ctx);
	rc = app_institution_status(&ctx, id, a, reason, doc, &err);
	done(req, resp, rc, &err);
}

void api_registration_apply(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long rid, id = api_param_id(req, resp, 0);

	if (!id)
		return;
	api_ctx(req, &ctx);
	if (app_registration_apply(&ctx, id, &rid, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	api_send(resp, 201, json_pack("{s:I}", "registration_id", (json_int_t)rid));
}

void api_registration_reject(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *reason;
	long long id = api_param_id(req, resp, 0);
	int rc;

	if (!id)
		return;
	BODY_OR_RETURN(req, resp, b);
	if (!str_member(req, resp, b, "reason", &reason)) {
		json_decref(b);
		return;
	}
	json_decref(b);
	api_ctx(req, &ctx);
	rc = app_registration_reject(&ctx, id, reason, &err);
	done(req, resp, rc, &err);
}

void api_scope_list(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct institution_detail d;
	long long id = api_open_id(req, resp, &ctx);
	json_t *arr;

	if (!id)
		return;
	if (app_institution_detail(&ctx, id, &d, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < d.nscope; i++) {
		char lv[16];

		levels_format(d.scope[i].levels, lv);
		json_array_append_new(
			arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
				       (json_int_t)d.scope[i].id, "occupation_code",
				       d.scope[i].occupation_code, "occupation_name",
				       d.scope[i].occupation_name, "work_type",
				       d.scope[i].work_type, "levels", lv, "doc_no",
				       d.scope[i].doc_no, "valid_from",
				       d.scope[i].valid_from));
	}
	api_send(resp, 200, json_pack("{s:o}", "items", arr));
}

void api_scope_add(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *code, *name, *work, *levels, *doc;
	long long id = api_param_id(req, resp, 0);
	int rc;

	if (!id)
		return;
	BODY_OR_RETURN(req, resp, b);
	if (!str_member(req, resp, b, "occupation_code", &code) ||
	    !str_member(req, resp, b, "occupation_name", &name) ||
	    !str_member(req, resp, b, "work_type", &work) ||
	    !str_member(req, resp, b, "levels", &levels) ||
	    !str_member(req, resp, b, "doc_no", &doc)) {
		json_decref(b);
		return;
	}
	json_decref(b);
	api_ctx(req, &ctx);
	rc = app_scope_add(&ctx, id, code, name, work, levels, doc, &err);
	done(req, resp, rc, &err);
}

void api_scope_remove(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *doc;
	long long id = api_param_id(req, resp, 0), sid;
	int rc;

	if (!id || !(sid = api_param_id(req, resp, 1)))
		return;
	BODY_OR_RETURN(req, resp, b);
	if (!str_member(req, resp, b, "doc_no", &doc)) {
		json_decref(b);
		return;
	}
	json_decref(b);
	api_ctx(req, &ctx);
	rc = app_scope_remove(&ctx, id, sid, doc, &err);
	done(req, resp, rc, &err);
}

void api_filing_add(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct filing f;
	long long id = api_param_id(req, resp, 0);
	int rc;

	if (!id)
		return;
	BODY_OR_RETURN(req, resp, b);
	memset(&f, 0, sizeof(f));
	if (!str_member(req, resp, b, "authority", &f.authority) ||
	    !str_member(req, resp, b, "filing_no", &f.filing_no) ||
	    !str_member(req, resp, b, "filing_date", &f.filing_date) ||
	    !str_member(req, resp, b, "institution_code", &f.institution_code) ||
	    !str_member(req, resp, b, "province_code", &f.province_code) ||
	    !str_member(req, resp, b, "site_code", &f.site_code)) {
		json_decref(b);
		return;
	}
	json_decref(b);
	api_ctx(req, &ctx);
	rc = app_filing_add(&ctx, id, &f, &err);
	done(req, resp, rc, &err);
}

void api_inspection_add(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *date, *outcome, *notes;
	long long iid, year, id = api_param_id(req, resp, 0);

	if (!id)
		return;
	BODY_OR_RETURN(req, resp, b);
	year = int_member(b, "year", 0);
	if (!api_check_int32(req, resp, b, "year", NULL) ||
	    !str_member(req, resp, b, "inspected_on", &date) ||
	    !str_member(req, resp, b, "outcome", &outcome) ||
	    !str_member(req, resp, b, "notes", &notes)) {
		json_decref(b);
		return;
	}
	json_decref(b);
	api_ctx(req, &ctx);
	if (app_inspection_add(&ctx, id, (int)year, date, outcome, notes, &iid, &err) !=
	    APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	api_send(resp, 201, json_pack("{s:I}", "id", (json_int_t)iid));
}

void api_finding_add(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *desc, *deadline;
	long long id = api_param_id(req, resp, 0);
	int rc;

	if (!id)
		return;
	BODY_OR_RETURN(req, resp, b);
	if (!str_member(req, resp, b, "description", &desc) ||
	    !str_member(req, resp, b, "deadline", &deadline)) {
		json_decref(b);
		return;
	}
	json_decref(b);
	api_ctx(req, &ctx);
	rc = app_finding_add(&ctx, id, desc, deadline, &err);
	done(req, resp, rc, &err);
}

void api_finding_close(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *note;
	long long id = api_param_id(req, resp, 0);
	int rc;

	if (!id)
		return;
	BODY_OR_RETURN(req, resp, b);
	if (!str_member(req, resp, b, "note", &note)) {
		json_decref(b);
		return;
	}
	json_decref(b);
	api_ctx(req, &ctx);
	rc = app_finding_close(&ctx, id, note, &err);
	done(req, resp, rc, &err);
}

static json_t *batch_json(const struct reg_batch *b)
{
	json_t *o = json_pack("{s:I, s:i, s:i, s:s, s:s, s:i, s:I, s:s}", "id",
			      (json_int_t)b->id, "year", b->year, "seq", b->seq, "title",
			      b->title, "status", b->status, "notice_days", b->notice_days,
			      "size", (json_int_t)b->size, "approval_doc", b->approval_doc);

	json_object_set_new(o, "notice_start",
			    b->notice_start ? json_string(b->notice_start) : json_null());
	json_object_set_new(o, "notice_end",
			    b->notice_end ? json_string(b->notice_end) : json_null());
	json_object_set_new(o, "approval_date",
			    b->approval_date ? json_string(b->approval_date) : json_null());
	return o;
}

void api_batch_list(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct reg_batch *items;
	size_t n;
	json_t *arr;

	api_ctx(req, &ctx);
	if (app_batch_list(&ctx, http_query(req, "status"), &items, &n, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, batch_json(&items[i]));
	api_send(resp, 200, json_pack("{s:o}", "items", arr));
}

void api_batch_get(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct reg_batch b;
	struct registration *regs;
	struct objection *objs;
	size_t nr, no;
	long long id = api_open_id(req, resp, &ctx);
	json_t *o, *ra, *oa;

	if (!id)
		return;
	if (app_batch_get(&ctx, id, &b, &regs, &nr, &objs, &no, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	o = batch_json(&b);
	ra = json_array();
	for (size_t i = 0; i < nr; i++)
		json_array_append_new(
			ra, json_pack("{s:I, s:I, s:s, s:s, s:s, s:I}", "id",
				      (json_int_t)regs[i].id, "institution_id",
				      (json_int_t)regs[i].institution_id, "institution_name",
				      regs[i].institution_name, "kind", regs[i].kind,
				      "status", regs[i].status, "open_objections",
				      (json_int_t)regs[i].open_objections));
	json_object_set_new(o, "applications", ra);
	if (app_can(&ctx, PERM_REGISTRY_DECIDE)) {
		oa = json_array();
		for (size_t i = 0; i < no; i++)
			json_array_append_new(
				oa, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s}", "id",
					      (json_int_t)objs[i].id, "institution_id",
					      (json_int_t)objs[i].institution_id,
					      "filer_name", objs[i].filer_name,
					      "filer_contact", objs[i].filer_contact,
					      "body", objs[i].body, "status", objs[i].status,
					      "filed_at", objs[i].filed_at));
		json_object_set_new(o, "objections", oa);
	}
	api_send(resp, 200, o);
}

void api_batch_create(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *title;
	long long id;

	BODY_OR_RETURN(req, resp, b);
	if (!str_member(req, resp, b, "title", &title) ||
	    !api_check_int32(req, resp, b, "year", "notice_days", NULL)) {
		json_decref(b);
		return;
	}
	api_ctx(req, &ctx);
	if (app_batch_create(&ctx, (int)int_member(b, "year", 0), title,
			     (int)int_member(b, "notice_days", REG_NOTICE_DAYS), &id,
			     &err) != APP_OK) {
		json_decref(b);
		api_fail(req, resp, &err);
		return;
	}
	json_decref(b);
	http_set_header(resp, "Location",
			arena_printf(req->arena, "/api/v1/batches/%lld", id));
	api_send(resp, 201, json_pack("{s:I}", "id", (json_int_t)id));
}

void api_batch_add(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_param_id(req, resp, 0), reg;
	int added;

	if (!id)
		return;
	BODY_OR_RETURN(req, resp, b);
	reg = int_member(b, "registration_id", 0);
	json_decref(b);
	api_ctx(req, &ctx);
	if (app_batch_add(&ctx, id, reg, &added, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	api_send(resp, 200, json_pack("{s:i}", "added", added));
}

void api_batch_remove(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_param_id(req, resp, 0), reg;
	int rc;

	if (!id)
		return;
	BODY_OR_RETURN(req, resp, b);
	reg = int_member(b, "registration_id", 0);
	json_decref(b);
	api_ctx(req, &ctx);
	rc = app_batch_remove(&ctx, id, reg, &err);
	done(req, resp, rc, &err);
}

void api_batch_notice(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *start;
	long long id = api_param_id(req, resp, 0);
	int rc;

	if (!id)
		return;
	BODY_OR_RETURN(req, resp, b);
	if (!str_member(req, resp, b, "start", &start)) {
		json_decref(b);
		return;
	}
	json_decref(b);
	api_ctx(req, &ctx);
	rc = app_batch_notice(&ctx, id, start, &err);
	done(req, resp, rc, &err);
}

void api_batch_decide(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *doc, *date;
	long long id = api_param_id(req, resp, 0);
	int approved;

	if (!id)
		return;
	BODY_OR_RETURN(req, resp, b);
	if (!str_member(req, resp, b, "approval_doc", &doc) ||
	    !str_member(req, resp, b, "approval_date", &date)) {
		json_decref(b);
		return;
	}
	json_decref(b);
	api_ctx(req, &ctx);
	if (app_batch_decide(&ctx, id, doc, date, &approved, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	api_send(resp, 200, json_pack("{s:i}", "approved", approved));
}

void api_objection_file(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *name, *contact, *body;
	long long id = api_param_id(req, resp, 0), oid, inst;

	if (!id)
		return;
	BODY_OR_RETURN(req, resp, b);
	inst = int_member(b, "institution_id", 0);
	if (!str_member(req, resp, b, "filer_name", &name) ||
	    !str_member(req, resp, b, "filer_contact", &contact) ||
	    !str_member(req, resp, b, "body", &body)) {
		json_decref(b);
		return;
	}
	json_decref(b);
	api_ctx(req, &ctx);
	if (app_objection_file(&ctx, id, inst, name, contact, body, &oid, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	api_send(resp, 201, json_pack("{s:I}", "id", (json_int_t)oid));
}

void api_objection_resolve(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *resolution;
	long long id = api_param_id(req, resp, 0);
	json_t *upheld;
	int rc;

	if (!id)
		return;
	BODY_OR_RETURN(req, resp, b);
	upheld = json_object_get(b, "upheld");
	if (!json_is_boolean(upheld)) {
		json_decref(b);
		api_error_msg(req, resp, 422, "invalid", "val.action.invalid", "upheld");
		return;
	}
	if (!str_member(req, resp, b, "resolution", &resolution)) {
		json_decref(b);
		return;
	}
	api_ctx(req, &ctx);
	rc = app_objection_resolve(&ctx, id, json_is_true(upheld), resolution, &err);
	json_decref(b);
	done(req, resp, rc, &err);
}

void api_registry_dashboard(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct registry_dashboard d;
	json_t *exp, *over;

	api_ctx(req, &ctx);
	if (app_registry_dashboard(&ctx, &d, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	exp = json_array();
	for (size_t i = 0; i < d.nexpiring; i++)
		json_array_append_new(exp, json_pack("{s:I, s:s, s:s}", "id",
						     (json_int_t)d.expiring[i].id, "name",
						     d.expiring[i].name, "valid_until",
						     d.expiring[i].valid_until));
	over = json_array();
	for (size_t i = 0; i < d.noverdue; i++)
		json_array_append_new(over,
				      json_pack("{s:I, s:I, s:s, s:s}", "id",
						(json_int_t)d.overdue[i].id, "institution_id",
						(json_int_t)d.overdue[i].institution_id,
						"description", d.overdue[i].description,
						"deadline", d.overdue[i].deadline));
	api_send(resp, 200,
		 json_pack("{s:s, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}, s:o, s:o}",
			   "today", d.today, "counts", "applying",
			   (json_int_t)d.counts[0], "under_notice",
			   (json_int_t)d.counts[1], "registered", (json_int_t)d.counts[2],
			   "expired", (json_int_t)d.counts[3], "expiring_90_days",
			   (json_int_t)d.counts[4], "suspended", (json_int_t)d.counts[5],
			   "overdue_findings", (json_int_t)d.counts[6], "open_objections",
			   (json_int_t)d.counts[7], "expiring", exp, "overdue_findings",
			   over));
}

void api_institution_import(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct import_report rep;
	bool dry_run = api_dry_run(req);
	int rc;

	api_ctx(req, &ctx);
	rc = app_institution_import(&ctx, req->body, req->body_len, NULL, dry_run, &rep,
				    &err);
	api_import_report(req, resp, rc, &rep, &err, dry_run);
}
