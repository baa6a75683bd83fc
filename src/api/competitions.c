/*
 * competitions.c - /api/v1/competitions (skills competitions: the
 * competition, its technical document's versions, its status, events,
 * entries and judges). Public reads show what app/ lets the caller see.
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

/* The array member name's first max members into out (0 for one not an
 * integer); returns how many members it has, max or more included. */
static size_t ids_of(json_t *b, const char *name, long long *out, size_t max)
{
	json_t *v;
	size_t i, n = 0;

	json_array_foreach(json_object_get(b, name), i, v)
	{
		if (i < max)
			out[i] = json_is_integer(v) ? json_integer_value(v) : 0;
		n = i + 1;
	}
	return n;
}

static json_t *comp_json(const struct competition *x)
{
	return json_pack("{s:I, s:s, s:s, s:i, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s, "
			 "s:s, s:s}",
			 "id", (json_int_t)x->id, "name", x->name, "tier", x->tier,
			 "year", x->year, "organiser_id", (json_int_t)x->organiser_id,
			 "organiser_name", x->organiser_name, "approval_doc",
			 x->approval_doc, "starts_on", x->starts_on, "ends_on",
			 x->ends_on, "venue", x->venue, "status", x->status,
			 "document_version", x->doc_version, "document_code", x->doc_code,
			 "document_digest", x->doc_digest, "updated_at", x->updated_at);
}

void api_comp_list(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct competition *items;
	size_t n;
	long long year = 0;
	const char *v = http_query(req, "year");
	json_t *arr;

	if (v && *v && str_to_ll(v, 2000, 2100, &year)) {
		api_error_msg(req, resp, 422, "invalid", "competition.year_invalid", "year");
		return;
	}
	api_ctx(req, &ctx);
	if (app_comp_list(&ctx, (int)year, http_query(req, "tier"), &items, &n, &err)) {
		api_fail(req, resp, &err);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, comp_json(&items[i]));
	api_send(resp, 200, json_pack("{s:o}", "items", arr));
}

void api_comp_create(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct comp_input in;
	long long id, co[17];
	json_t *b = api_read_object(req, resp);
	int rc;

	if (!b)
		return;
	if (!api_check_int32(req, resp, b, "year", NULL)) {
		json_decref(b);
		return;
	}
	memset(&in, 0, sizeof(in));
	in.year = (int)int_of(b, "year");
	in.organiser_id = int_of(b, "organiser_id");
	in.ncoorganisers = ids_of(b, "coorganisers", co, 17);
	in.coorganisers = co;
	if (!api_get_string(req, resp, b, "name", &in.name) ||
	    !api_get_string(req, resp, b, "tier", &in.tier) ||
	    !api_get_string(req, resp, b, "approval_doc", &in.approval_doc) ||
	    !api_get_string(req, resp, b, "starts_on", &in.starts_on) ||
	    !api_get_string(req, resp, b, "ends_on", &in.ends_on) ||
	    !api_get_string(req, resp, b, "venue", &in.venue) ||
	    !api_get_string(req, resp, b, "document_code", &in.document_code)) {
		json_decref(b);
		return;
	}
	in.document = api_json_text(req, b, "document");
	api_ctx(req, &ctx);
	rc = app_comp_create(&ctx, &in, &id, &err);
	json_decref(b);
	if (rc == APP_OK)
		http_set_header(resp, "Location",
				arena_printf(req->arena, "/api/v1/competitions/%lld", id));
	api_done_id(req, resp, rc, &err, id);
}

void api_comp_get(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct comp_detail d;
	long long id = api_open_id(req, resp, &ctx);
	json_t *o, *arr;

	if (!id)
		return;
	if (app_comp_get(&ctx, id, &d, &err)) {
		api_fail(req, resp, &err);
		return;
	}
	o = comp_json(&d.comp);
	arr = json_array();
	for (size_t i = 0; i < d.ncoorganisers; i++)
		json_array_append_new(arr, json_pack("{s:I, s:s}", "id",
						     (json_int_t)d.coorganisers[i].id,
						     "name", d.coorganisers[i].name));
	json_object_set_new(o, "coorganisers", arr);
	arr = json_array();
	for (size_t i = 0; i < d.ndocs; i++)
		json_array_append_new(arr,
				      json_pack("{s:i, s:s, s:s, s:s}", "version",
						d.docs[i].version, "code", d.docs[i].code,
						"digest", d.docs[i].digest, "created_at",
						d.docs[i].created_at));
	json_object_set_new(o, "documents", arr);
	arr = json_array();
	for (size_t i = 0; i < d.nevents; i++) {
		const struct competition_event *e = &d.events[i];
		json_t *ev = json_pack("{s:I, s:s, s:s, s:s, s:i, s:i, s:i, s:i, s:i}",
				       "id", (json_int_t)e->id, "occupation_code",
				       e->occupation_code, "occupation_name",
				       e->occupation_name, "group", e->grp, "team_size",
				       e->team_size, "quota_institution",
				       e->quota_institution, "quota_province",
				       e->quota_province, "min_age", e->min_age,
				       "max_age", e->max_age);
		json_t *entries = json_array(), *judges = json_array();

		for (size_t k = 0; k < d.nentries; k++) {
			const struct competition_entry *n = &d.entries[k];
			json_t *members;

			if (n->event_id != e->id)
				continue;
			members = json_array();
			for (size_t m = 0; m < d.nentrants; m++)
				if (d.entrants[m].entry_id == n->id)
					json_array_append_new(
						members,
						json_pack("{s:I, s:s, s:s}", "person_id",
							  (json_int_t)d.entrants[m].person_id,
							  "name", d.entrants[m].name,
							  "id_masked",
							  d.entrants[m].id_masked));
			json_array_append_new(
				entries, json_pack("{s:I, s:I, s:s, s:s, s:s, s:o}", "id",
						   (json_int_t)n->id, "institution_id",
						   (json_int_t)n->institution_id,
						   "institution_name", n->institution_name,
						   "status", n->status, "reason",
						   n->reason, "members", members));
		}
		for (size_t k = 0; k < d.njudges; k++)
			if (d.judges[k].event_id == e->id)
				json_array_append_new(
					judges,
					json_pack("{s:I, s:I, s:s, s:s, s:s, s:s}", "id",
						  (json_int_t)d.judges[k].id, "person_id",
						  (json_int_t)d.judges[k].person_id,
						  "name", d.judges[k].name, "role",
						  d.judges[k].role, "override_by",
						  d.judges[k].override_by, "override_note",
						  d.judges[k].override_note));
		json_object_set_new(ev, "entries", entries);
		json_object_set_new(ev, "judges", judges);
		json_array_append_new(arr, ev);
	}
	json_object_set_new(o, "events", arr);
	api_send(resp, 200, o);
}

void api_comp_document(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc, version = 0;

	if (!b)
		return;
	rc = app_comp_document(&ctx, id, str_of(b, "document_code"),
			       api_json_text(req, b, "document"), &version, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 201,
		 rc ? NULL : json_pack("{s:i}", "version", version));
}

void api_comp_act(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc;

	if (!b)
		return;
	rc = app_comp_act(&ctx, id, str_of(b, "action"), &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

void api_comp_event(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct comp_event_input in;
	long long id, eid = 0;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc;

	if (!b)
		return;
	if (!api_check_int32(req, resp, b, "quota_institution", "quota_province",
			     "min_age", "max_age", NULL)) {
		json_decref(b);
		return;
	}
	memset(&in, 0, sizeof(in));
	in.occupation_code = str_of(b, "occupation_code");
	in.group = str_of(b, "group");
	in.quota_institution = (int)int_of(b, "quota_institution");
	in.quota_province = (int)int_of(b, "quota_province");
	in.min_age = (int)int_of(b, "min_age");
	in.max_age = (int)int_of(b, "max_age");
	rc = app_comp_event_add(&ctx, id, &in, &eid, &err);
	json_decref(b);
	api_done_id(req, resp, rc, &err, eid);
}

void api_comp_nominate(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id, entry = 0, people[4] = {0};
	json_t *b = api_open_body(req, resp, &ctx, &id);
	size_t n;
	int rc;

	if (!b)
		return;
	n = ids_of(b, "person_ids", people, 4);
	rc = app_comp_nominate(&ctx, id, int_of(b, "institution_id"), people,
			       n > 4 ? 4 : n, str_of(b, "override_note"), &entry, &err);
	json_decref(b);
	api_done_id(req, resp, rc, &err, entry);
}

static void decide(struct http_req *req, struct http_resp *resp, bool confirm)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc;

	if (!b)
		return;
	rc = app_comp_decide(&ctx, id, confirm, str_of(b, "reason"), &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

void api_comp_confirm(struct http_req *req, struct http_resp *resp)
{
	decide(req, resp, true);
}

void api_comp_refuse(struct http_req *req, struct http_resp *resp)
{
	decide(req, resp, false);
}

void api_comp_judge(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id, jid = 0;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc;

	if (!b)
		return;
	rc = app_comp_appoint(&ctx, id, int_of(b, "person_id"), str_of(b, "role"),
			      str_of(b, "override_note"), &jid, &err);
	json_decref(b);
	api_done_id(req, resp, rc, &err, jid);
}

/* ---- marking (app/competition_marks.c) ---- */

/* A refusal that names an aspect and marks: its text from the rule's
 * catalog key with the values filled in. */
static void done_why(struct http_req *req, struct http_resp *resp, int rc,
		     const struct app_error *err, const struct comp_refusal *why, int ok,
		     json_t *body)
{
	if (rc && comp_refusal_is(why, err->msg)) {
		http_json_error(resp, err->status == APP_CONFLICT ? 409 : 422,
				err->status == APP_CONFLICT ? "conflict" : "invalid",
				comp_refusal_str(req->arena, api_lang(req), why),
				err->field);
		json_decref(body);
		return;
	}
	api_done(req, resp, rc, err, ok, body);
}

static json_t *mark_json(const struct competition_mark *m)
{
	return json_pack("{s:I, s:s, s:I, s:s, s:f, s:s, s:s, s:s}", "entry_id",
			 (json_int_t)m->entry_id, "aspect", m->aspect, "judge_id",
			 (json_int_t)m->judge_id, "value", m->value, "marks",
			 m->judge_id ? (double)m->marks : m->marks / 100.0, "note",
			 m->note, "updated_at", m->updated_at, "updated_by", m->updated_by);
}

void api_comp_sheet(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct comp_sheet s;
	long long id = api_open_id(req, resp, &ctx);
	json_t *o, *arr;
	int rc;

	if (!id)
		return;
	rc = app_comp_sheet(&ctx, id, &s, &err);
	if (rc) {
		api_done(req, resp, rc, &err, 200, NULL);
		return;
	}
	o = json_pack("{s:I, s:I, s:s, s:s, s:b, s:I, s:b}", "event_id", (json_int_t)id,
		      "competition_id", (json_int_t)s.comp.id, "status", s.comp.status,
		      "group", s.event.grp, "manage", s.manage, "judge_id",
		      (json_int_t)s.judge_id, "chief", s.chief);
	arr = json_array();
	for (size_t m = 0; m < s.doc.nmodules; m++) {
		const struct comp_module *mod = &s.doc.modules[m];
		json_t *asp = json_array();

		for (size_t k = 0; k < mod->naspects; k++)
			json_array_append_new(
				asp, json_pack("{s:s, s:s, s:f}", "code",
					       mod->aspects[k].code, "kind",
					       mod->aspects[k].kind == COMP_ASPECT_JUDGEMENT
						       ? "judgement"
					       : mod->aspects[k].kind == COMP_ASPECT_BANDS
						       ? "bands"
						       : "full",
					       "max", mod->aspects[k].max / 100.0));
		json_array_append_new(
			arr, json_pack("{s:s, s:f, s:b, s:o}", "code", mod->code,
				       "weight", mod->weight / 100.0, "locked",
				       app_comp_locked(&s, mod->code), "aspects", asp));
	}
	json_object_set_new(o, "modules", arr);
	json_object_set_new(o, "theory_locked", json_boolean(app_comp_locked(&s, "theory")));
	arr = json_array();
	for (size_t i = 0; i < s.nentries; i++)
		json_array_append_new(
			arr, json_pack("{s:I, s:s}", "id", (json_int_t)s.entries[i].id,
				       "institution_name", s.entries[i].institution_name));
	json_object_set_new(o, "entries", arr);
	arr = json_array();
	for (size_t i = 0; i < s.njudges; i++)
		json_array_append_new(arr, json_pack("{s:I, s:I, s:s, s:s}", "id",
						     (json_int_t)s.judges[i].id, "person_id",
						     (json_int_t)s.judges[i].person_id,
						     "role", s.judges[i].role, "name",
						     s.judges[i].name));
	json_object_set_new(o, "judges", arr);
	arr = json_array();
	for (size_t i = 0; i < s.nmarks; i++)
		json_array_append_new(arr, mark_json(&s.marks[i]));
	json_object_set_new(o, "marks", arr);
	arr = json_array();
	for (size_t i = 0; i < s.ntheory; i++)
		json_array_append_new(arr, json_pack("{s:I, s:f}", "entry_id",
						     (json_int_t)s.theory[i].entry_id,
						     "score", s.theory[i].score / 100.0));
	json_object_set_new(o, "theory", arr);
	arr = json_array();
	for (size_t i = 0; i < s.ntimes; i++)
		json_array_append_new(arr, json_pack("{s:I, s:i}", "entry_id",
						     (json_int_t)s.times[i].entry_id,
						     "seconds", s.times[i].seconds));
	json_object_set_new(o, "times", arr);
	json_object_set_new(o, "time_locked", json_boolean(app_comp_locked(&s, "time")));
	arr = json_array();
	for (size_t i = 0; i < s.ncorrections; i++) {
		const struct competition_correction *k = &s.corrections[i];

		json_array_append_new(
			arr,
			json_pack("{s:I, s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s?}", "id",
				  (json_int_t)k->id, "entry_id", (json_int_t)k->entry_id,
				  "aspect", k->aspect, "judge_id", (json_int_t)k->judge_id,
				  "value", k->value, "reason", k->reason, "status", k->status,
				  "filed_by", k->filed_by, "decided_by", k->decided_by));
	}
	json_object_set_new(o, "corrections", arr);
	api_done(req, resp, APP_OK, &err, 200, o);
}

static void mark_input(json_t *b, struct comp_mark_input *in)
{
	memset(in, 0, sizeof(*in));
	in->entry_id = int_of(b, "entry_id");
	in->judge_id = int_of(b, "judge_id");
	in->aspect = str_of(b, "aspect");
	in->value = str_of(b, "value");
	in->note = str_of(b, "note");
	if (!in->note)
		in->note = str_of(b, "reason");
}

void api_comp_mark(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct comp_mark_input in;
	struct comp_refusal why;
	long long id;
	json_t *b = api_open_body(req, resp, &ctx, &id), *out = NULL;
	int rc;

	if (!b)
		return;
	mark_input(b, &in);
	rc = app_comp_mark(&ctx, id, &in, &why, &err);
	json_decref(b);
	if (!rc) {
		/* saved; a spread still to resolve is said beside the field */
		out = json_object();
		if (why.key)
			json_object_set_new(out, "spread",
					    json_string(comp_refusal_str(
						    req->arena, api_lang(req), &why)));
	}
	done_why(req, resp, rc, &err, &why, 200, out);
}

void api_comp_theory(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc;

	if (!b)
		return;
	rc = app_comp_theory(&ctx, id, int_of(b, "entry_id"), str_of(b, "score"), &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

void api_comp_lock(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct comp_refusal why;
	long long id;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc;

	if (!b)
		return;
	rc = app_comp_lock(&ctx, id, str_of(b, "module"), &why, &err);
	json_decref(b);
	done_why(req, resp, rc, &err, &why, 200, NULL);
}

void api_comp_correction(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct comp_mark_input in;
	long long id, cid = 0;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc;

	if (!b)
		return;
	mark_input(b, &in);
	in.note = str_of(b, "reason");
	rc = app_comp_correction_file(&ctx, id, &in, &cid, &err);
	json_decref(b);
	api_done_id(req, resp, rc, &err, cid);
}

static void correction_decide(struct http_req *req, struct http_resp *resp, bool approve)
{
	struct app_ctx ctx;
	struct app_error err;
	struct comp_refusal why;
	long long id = api_open_id(req, resp, &ctx);
	int rc;

	if (!id)
		return;
	rc = app_comp_correction_decide(&ctx, id, approve, &why, &err);
	done_why(req, resp, rc, &err, &why, 200, NULL);
}

void api_comp_correction_approve(struct http_req *req, struct http_resp *resp)
{
	correction_decide(req, resp, true);
}

void api_comp_correction_refuse(struct http_req *req, struct http_resp *resp)
{
	correction_decide(req, resp, false);
}

void api_comp_import(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct comp_import_report rep;
	long long id = api_open_id(req, resp, &ctx);
	bool dry = api_dry_run(req);
	json_t *o, *arr;
	int rc;

	if (!id)
		return;
	rc = app_comp_import(&ctx, id, req->body, req->body_len, !dry, api_lang(req),
			     &rep, &err);
	if (rc) {
		api_fail(req, resp, &err);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < rep.nproblems; i++)
		json_array_append_new(arr, json_pack("{s:i, s:s, s:s}", "row",
						     rep.problems[i].row, "column",
						     rep.problems[i].column, "message",
						     rep.problems[i].text));
	o = json_pack("{s:b, s:i, s:i, s:b, s:o}", "dry_run", dry, "rows", rep.rows,
		      "marks", rep.marks, "committed", rep.committed, "problems", arr);
	api_done(req, resp, APP_OK, &err, rep.nproblems ? 422 : 200, o);
}

static json_t *result_json(const struct comp_result *r, size_t nmodules)
{
	json_t *mods = json_array(), *titles = json_array(), *o;

	for (size_t m = 0; m < nmodules; m++)
		json_array_append_new(mods, json_real(r->modules[m] / 100.0));
	for (int t = 0; t < COMP_TITLE_COUNT; t++)
		if (r->titles & (1u << t))
			json_array_append_new(
				titles, json_string(comp_title_name((enum comp_title)t)));
	o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:o, s:f, s:f, s:f, s:i, s:i, s:i, s:s, "
		      "s:o, s:b}",
		      "entry_id", (json_int_t)r->entry_id, "event_id",
		      (json_int_t)r->event_id, "names", r->names, "institution_name",
		      r->institution, "group", comp_group_name(r->group), "modules", mods,
		      "practical", r->total.practical / 100.0, "theory",
		      r->total.theory / 100.0, "total", r->total.total / 100.0, "place",
		      r->place, "entrants", r->entrants, "standard", r->standard, "award",
		      comp_award_name(r->award), "titles", titles, "squad", r->squad);
	/* the time used, once locked (the "time" tie-break) */
	json_object_set_new(o, "time_used",
			    r->seconds < 0 ? json_null() : json_integer(r->seconds));
	return o;
}

void api_comp_results(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct comp_results res;
	long long id = api_open_id(req, resp, &ctx);
	json_t *o, *arr;
	int rc;

	if (!id)
		return;
	rc = app_comp_results(&ctx, id, &res, &err);
	if (rc) {
		api_done(req, resp, rc, &err, 200, NULL);
		return;
	}
	o = json_pack("{s:I, s:s, s:s?, s:s?}", "competition_id", (json_int_t)id,
		      "status", res.comp.status, "notice_start", res.comp.notice_start,
		      "notice_end", res.comp.notice_end);
	arr = json_array();
	for (size_t i = 0; i < res.nrows; i++)
		json_array_append_new(arr, result_json(&res.rows[i], res.doc.nmodules));
	json_object_set_new(o, "results", arr);
	if (res.manage) {
		arr = json_array();
		for (size_t i = 0; i < res.nappeals; i++)
			json_array_append_new(arr,
					      json_pack("{s:I, s:s, s:s, s:s, s:s}", "id",
							(json_int_t)res.appeals[i].id,
							"name", res.appeals[i].name, "body",
							res.appeals[i].body, "status",
							res.appeals[i].status, "resolution",
							res.appeals[i].resolution));
		json_object_set_new(o, "appeals", arr);
	}
	api_done(req, resp, APP_OK, &err, 200, o);
}

void api_comp_promotions(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct comp_promo_row *rows;
	size_t n;
	long long id = api_open_id(req, resp, &ctx);
	json_t *arr;
	int rc;

	if (!id)
		return;
	rc = app_comp_promotions(&ctx, id, &rows, &n, &err);
	if (rc) {
		api_done(req, resp, rc, &err, 200, NULL);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack(
			"{s:I, s:I, s:s, s:s, s:s, s:i, s:i, s:i, s:s, s:i, s:i}",
			"entry_id", (json_int_t)rows[i].entry_id, "person_id",
			(json_int_t)rows[i].person_id, "name", rows[i].name, "group",
			comp_group_name(rows[i].group), "award",
			comp_award_name(rows[i].award), "place", rows[i].place,
			"entrants", rows[i].entrants, "current_level", rows[i].current,
			"outcome", comp_promo_name(rows[i].promo.outcome), "level",
			rows[i].promo.level, "rule", rows[i].promo.rule);

		/* the center's decision (app/competition_promote.c) */
		json_object_update_new(
			o, json_pack("{s:s, s:s, s:I, s:o}", "status", rows[i].status,
				     "reason", rows[i].reason, "certificate_id",
				     (json_int_t)rows[i].certificate_id, "certificate_number",
				     *rows[i].certificate_number
					     ? json_string(rows[i].certificate_number)
					     : json_null()));
		json_array_append_new(arr, o);
	}
	api_done(req, resp, APP_OK, &err, 200, json_pack("{s:o}", "promotions", arr));
}

void api_comp_appeal(struct http_req *req, struct http_resp *resp)
{
	api_appeal_post(req, resp, app_comp_appeal_file);
}

void api_comp_appeal_resolve(struct http_req *req, struct http_resp *resp)
{
	api_appeal_resolve_post(req, resp, app_comp_appeal_resolve);
}

/* POST /api/v1/competition-events/{id}/time {entry_id, seconds}: the time
 * an entry used (seconds a whole number, or a text "12:34"). */
void api_comp_time(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_param_id(req, resp, 0);
	json_t *b, *v;
	const char *text = NULL;
	int rc;

	if (!id || !(b = api_read_object(req, resp)))
		return;
	v = json_object_get(b, "seconds");
	if (json_is_integer(v))
		text = arena_printf(req->arena, "%" JSON_INTEGER_FORMAT,
				    json_integer_value(v));
	else if (json_is_string(v))
		text = arena_strdup(req->arena, json_string_value(v));
	api_ctx(req, &ctx);
	rc = app_comp_time(&ctx, id, int_of(b, "entry_id"), text, "seconds", &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}
