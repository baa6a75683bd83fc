/*
 * subsidy.c - the skill-upgrade subsidy (技能提升补贴) of a certificate
 * through the API (docs/subsidy.md, docs/api.md).
 */
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/i18n.h"

static json_t *reason_json(enum lang lang, const struct subsidy_reason *r)
{
	struct buf t;
	json_t *o;

	buf_init(&t, 0);
	subsidy_reason_text(lang, r, &t);
	o = json_pack("{s:s, s:s, s:s, s:s%, s:s, s:I, s:I}", "rule", r->rule, "verdict",
		      subsidy_verdict_name(r->verdict), "key", r->key, "text",
		      t.data ? t.data : "", t.len, "confidence",
		      std_confidence_name(r->confidence), "n", (json_int_t)r->n, "m",
		      (json_int_t)r->m);
	json_object_set_new(o, "date", r->date[0] ? json_string(r->date) : json_null());
	buf_release(&t);
	return o;
}

/* One recorded claim of the holder. */
static json_t *claim_json(const struct subsidy_claim *c)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s, s:s, s:b}",
			      "id", (json_int_t)c->id, "certificate_id",
			      (json_int_t)c->certificate_id, "certificate_number",
			      c->certificate_number, "occupation_code", c->occupation_code,
			      "level", c->level, "province", c->province, "claimed_on",
			      c->claimed_on, "amount", c->amount, "recorded_by",
			      c->recorded_by, "recorded_at", c->recorded_at, "note",
			      c->note, "voided", *c->voided_at != 0);

	if (*c->voided_at)
		json_object_update_new(o, json_pack("{s:s, s:s, s:s}", "voided_at",
						    c->voided_at, "voided_by", c->voided_by,
						    "void_reason", c->void_reason));
	return o;
}

static json_t *subsidy_json(enum lang lang, const struct subsidy_view *v)
{
	const struct subsidy_result *r = &v->result;
	const struct subsidy_version *ver = r->version;
	char key[40];
	json_t *o, *reasons = json_array();

	snprintf(key, sizeof(key), "subsidy.verdict.%s", subsidy_verdict_name(r->verdict));
	for (size_t i = 0; i < r->nreasons; i++)
		json_array_append_new(reasons, reason_json(lang, &r->reasons[i]));
	o = json_pack("{s:{s:I, s:s, s:s, s:i, s:s, s:s}, s:s, s:s, s:s, s:s, s:s, s:o}",
		      "certificate", "id", (json_int_t)v->cert.id, "number",
		      v->cert.number, "occupation_code", v->cert.occupation_code, "level",
		      v->cert.level, "issued_on", v->cert.issued_on, "status",
		      v->cert.status, "today", v->today, "region", v->region, "rules",
		      v->rules_name, "verdict", subsidy_verdict_name(r->verdict),
		      "verdict_text", tr(lang, key), "reasons", reasons);
	if (ver) {
		json_object_set_new(o, "version",
				    json_pack("{s:s, s:s, s:s, s:s}", "version", ver->version,
					      "citation", ver->citation, "effective_from",
					      ver->effective_from, "confidence",
					      std_confidence_name(ver->prov.confidence)));
		json_object_set_new(o, "effective_to",
				    ver->effective_to ? json_string(ver->effective_to)
						      : json_null());
		json_object_set_new(o, "window",
				    json_pack("{s:s, s:s, s:I}", "first_day",
					      r->first_day, "last_day", r->last_day,
					      "days_left", (json_int_t)r->days_left));
		json_object_set_new(o, "amount_max",
				    r->amount_max ? json_integer(r->amount_max)
						  : json_null());
		json_object_set_new(o, "uplift_percent", json_integer(r->uplift_percent));
	} else {
		json_object_set_new(o, "version", json_null());
		json_object_set_new(o, "window", json_null());
		json_object_set_new(o, "amount_max", json_null());
	}
	json_t *claims = json_array();
	for (size_t i = 0; i < v->nclaims; i++)
		json_array_append_new(claims, claim_json(&v->claims[i]));
	json_object_set_new(o, "claims", claims);
	return o;
}

/* GET /api/v1/certificates/{id}/subsidy[?insured_months=N] */
void api_cert_subsidy(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct subsidy_view v;
	long long id = api_param_id(req, resp, 0), months = -1;
	const char *m = http_query(req, "insured_months");
	int rc;

	if (!id)
		return;
	api_ctx(req, &ctx);
	if (m && *m && str_to_ll(m, 0, 600, &months) != 0) {
		api_error_msg(req, resp, 422, "invalid", "val.subsidy.insured_months",
			      "insured_months");
		return;
	}
	rc = app_cert_subsidy(&ctx, id, (int)months, &v, &err);
	api_done(req, resp, rc, &err, 200,
		 rc == APP_OK ? subsidy_json(api_lang(req), &v) : NULL);
}

/* GET /api/v1/subsidy/holders.xlsx|.csv?within=N (default 30 days) */
static void holders(struct http_req *req, struct http_resp *resp, const char *format,
		    const char *type)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *w = http_query(req, "within");
	long long within = 30;
	char today[11];

	if (w && *w && str_to_ll(w, 1, 366, &within) != 0) {
		api_error_msg(req, resp, 422, "invalid", "val.subsidy.within", "within");
		return;
	}
	api_ctx(req, &ctx);
	buf_reset(&resp->body);
	if (app_subsidy_export(&ctx, format, (int)within, api_lang(req), &resp->body,
			       &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	time_today(today, sizeof(today));
	resp->status = 200;
	resp->content_type = type;
	http_set_header(resp, "Content-Disposition",
			arena_printf(req->arena, "attachment; filename=\"subsidy-%s.%s\"",
				     today, format));
	/* holders' names: for nobody's cache */
	http_set_header(resp, "Cache-Control", "private, no-store");
}

void api_subsidy_holders_xlsx(struct http_req *req, struct http_resp *resp)
{
	holders(req, resp, "xlsx",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

void api_subsidy_holders_csv(struct http_req *req, struct http_resp *resp)
{
	holders(req, resp, "csv", "text/csv; charset=utf-8");
}

static const char *field_of(json_t *o, const char *name)
{
	return json_string_value(json_object_get(o, name));
}

/* POST /api/v1/certificates/{id}/subsidy-claims {claimed_on, amount,
 * province?, note?} -> 201 {"id": n} */
void api_subsidy_claim(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct subsidy_claim_in in;
	long long id = api_param_id(req, resp, 0), claim = 0;
	json_t *b;
	int rc;

	if (!id || !(b = api_read_object(req, resp)))
		return;
	api_ctx(req, &ctx);
	in.claimed_on = field_of(b, "claimed_on");
	in.amount = field_of(b, "amount");
	in.province = field_of(b, "province");
	in.note = field_of(b, "note");
	rc = app_subsidy_claim_record(&ctx, id, &in, &claim, &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 201,
		 rc ? NULL : json_pack("{s:I}", "id", (json_int_t)claim));
}

/* POST /api/v1/certificates/{id}/subsidy-claims/{cid}/void {reason} ->
 * 200 {"id": cid, "voided": true} */
void api_subsidy_claim_void(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_param_id(req, resp, 0), cid;
	json_t *b;
	int rc;

	if (!id || !(cid = api_param_id(req, resp, 1)) || !(b = api_read_object(req, resp)))
		return;
	api_ctx(req, &ctx);
	rc = app_subsidy_claim_void(&ctx, id, cid, field_of(b, "reason"), &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200,
		 rc ? NULL : json_pack("{s:I, s:b}", "id", (json_int_t)cid, "voided", 1));
}
