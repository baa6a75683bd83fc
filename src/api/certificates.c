/*
 * certificates.c - certificates through the API: issuing a plan's,
 * reading, suspending, reinstating, revoking, superseding, PDFs; the
 * public verification (number + name, ID number + name, QR token); the
 * published keys (/.well-known/jwks.json) and status lists (/status/{n}).
 */
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "base/str.h"
#include "core/i18n.h"

static long long num(const char *s, long long dflt)
{
	long long v;

	return s && str_to_ll(s, 0, 1000000000000LL, &v) == 0 ? v : dflt;
}

static const char *str_of(json_t *o, const char *name)
{
	return json_string_value(json_object_get(o, name));
}

/* Catalog keys of a status and of a level. */
static const char *status_key(const char *status)
{
	static const char *const keys[][2] = {
		{"valid", "cert.status.valid"},
		{"suspended", "cert.status.suspended"},
		{"revoked", "cert.status.revoked"},
		{"superseded", "cert.status.superseded"},
	};

	for (size_t i = 0; status && i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(keys[i][0], status))
			return keys[i][1];
	return "cert.status.valid";
}

static json_t *nullable(const char *s) { return s ? json_string(s) : json_null(); }

/* An award certificate's (line "award", level 0) award and competition,
 * and its level_name the award's words ("获奖证书 · 金牌 · …"), never a
 * level. */
static void award_fields(enum lang lang, json_t *o, const char *line, int level,
			 const char *award, const char *competition,
			 const char *award_name, const char *award_name_en)
{
	struct certificate x;
	char text[CERT_AWARD_MAX];

	memset(&x, 0, sizeof(x));
	x.line = line;
	x.level = level;
	x.award = award;
	x.competition_name = competition;
	x.award_name = award_name;
	x.award_name_en = award_name_en;
	/* a training certificate's (line "training"): named by its course */
	x.occupation_name = json_string_value(json_object_get(o, "occupation_name"));
	if (!cert_is_recognition(&x))
		return;
	/* an honour certificate's (line "honour"): its category and campaign */
	if (cert_is_honour(&x)) {
		json_object_set_new(o, "category", json_string(award ? award : ""));
		json_object_set_new(o, "category_name",
				    json_string(cert_honour_category_text(LANG_ZH, &x)));
		json_object_set_new(o, "category_name_en",
				    json_string(cert_honour_category_text(LANG_EN, &x)));
		json_object_set_new(o, "campaign",
				    json_string(competition ? competition : ""));
	} else {
		json_object_set_new(o, "award", json_string(award ? award : ""));
		json_object_set_new(o, "competition_name",
				    json_string(competition ? competition : ""));
	}
	json_object_set_new(o, "level_name",
			    json_string(cert_grade_text(lang, &x, text, sizeof(text))));
}

/* The staff view of a certificate (no credential text: see /credential). */
static json_t *cert_json(enum lang lang, const struct certificate *x)
{
	json_t *o = json_pack(
		"{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, "
		"s:s, s:s, s:s, s:s, s:I}",
		"id", (json_int_t)x->id, "number", x->number, "line", x->line,
		"holder_name", x->holder_name, "id_type", x->id_type, "id_masked",
		x->id_masked, "occupation_code", x->occupation_code, "occupation_name",
		x->occupation_name, "work_type", x->work_type, "level", x->level,
		"level_name", tr(lang, i18n_level_key(x->level)), "issued_on",
		x->issued_on, "institution_name", x->institution_name, "status",
		x->status, "status_reason", x->status_reason, "scores", x->scores, "kid",
		x->kid, "qr_token", x->qr_token, "plan_id", (json_int_t)x->plan_id);

	award_fields(lang, o, x->line, x->level, x->award, x->competition_name,
		     x->award_name, x->award_name_en);
	json_object_set_new(o, "status_date", nullable(x->status_date));
	json_object_set_new(o, "status_category",
			    json_string(x->status_category ? x->status_category : ""));
	json_object_set_new(o, "superseded_by", nullable(x->superseded_by_number));
	json_object_set_new(o, "institution_id", json_integer(x->institution_id));
	json_object_set_new(o, "site",
			    json_pack("{s:s, s:s, s:s}", "institution_code",
				      x->institution_code, "province_code",
				      x->province_code, "site_code", x->site_code));
	return o;
}

/* The refusal of a plan with candidates lacking a photo: the error, with
 * "problems" naming each (person_id, enrolment_id, name, field "photo"). */
static void missing_photos(struct http_req *req, struct http_resp *resp,
			   const struct app_error *err, const struct cert_issue_report *rep)
{
	json_t *root, *e, *probs = json_array();
	char *text;

	api_fail(req, resp, err);
	for (size_t i = 0; i < rep->nmissing; i++)
		json_array_append_new(
			probs,
			json_pack("{s:s, s:I, s:I, s:s}", "field", "photo", "person_id",
				  (json_int_t)rep->missing[i].person_id, "enrolment_id",
				  (json_int_t)rep->missing[i].enrolment_id, "name",
				  rep->missing[i].name));
	root = json_loadb(resp->body.data, resp->body.len, 0, NULL);
	e = json_object_get(root, "error");
	if (e && json_object_set_new(e, "problems", probs) == 0 &&
	    (text = json_dumps(root, JSON_COMPACT))) {
		buf_reset(&resp->body);
		buf_puts(&resp->body, text);
		free(text);
	} else if (!e) {
		json_decref(probs);
	}
	json_decref(root);
}

void api_cert_issue(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct cert_issue_report rep;
	long long id = api_param_id(req, resp, 0);
	json_t *b = NULL;
	int rc;

	if (!id)
		return;
	if (req->body_len && !(b = api_read_object(req, resp)))
		return;
	api_ctx(req, &ctx);
	rc = app_cert_issue(&ctx, id, b ? str_of(b, "line") : NULL, &rep, &err);
	json_decref(b);
	if (rc && rep.nmissing) {
		missing_photos(req, resp, &err, &rep);
		return;
	}
	api_done(req, resp, rc, &err, 200,
		 rc ? NULL
		    : json_pack("{s:I, s:I, s:o, s:o}", "issued", (json_int_t)rep.issued,
				"already", (json_int_t)rep.already, "first",
				nullable(rep.first_number), "last",
				nullable(rep.last_number)));
}

void api_cert_list(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct certificate *xs;
	const char *plan = http_query(req, "plan"), *q = http_query(req, "q");
	const char *lim = http_query(req, "limit"), *off = http_query(req, "offset");
	size_t n;
	json_t *arr;
	int rc;

	api_ctx(req, &ctx);
	rc = app_cert_list(&ctx, num(plan, 0), q ? q : "", num(lim, 50), num(off, 0), &xs,
			   &n, &err);
	arr = json_array();
	for (size_t i = 0; rc == APP_OK && i < n; i++)
		json_array_append_new(arr, cert_json(api_lang(req), &xs[i]));
	api_done(req, resp, rc, &err, 200, json_pack("{s:o}", "certificates", arr));
}

void api_cert_get(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct cert_view v;
	long long id = api_open_id(req, resp, &ctx);
	json_t *o = NULL, *ev;
	int rc;

	if (!id)
		return;
	rc = app_cert_get(&ctx, id, &v, &err);
	if (rc == APP_OK) {
		o = cert_json(api_lang(req), &v.cert);
		ev = json_array();
		for (size_t i = 0; i < v.nevents; i++)
			json_array_append_new(ev, json_pack("{s:s, s:s, s:s, s:s, s:s}",
							    "action", v.events[i].action,
							    "reason", v.events[i].reason,
							    "doc_no", v.events[i].doc_no,
							    "actor", v.events[i].actor,
							    "at", v.events[i].at));
		json_object_set_new(o, "events", ev);
		json_object_set_new(o, "credential", json_string(v.cert.credential));
	}
	api_done(req, resp, rc, &err, 200, o);
}

/* POST /api/v1/certificates/{id}/status {action, category (revoke), reason,
 * doc_no} */
void api_cert_status(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc;

	if (!b)
		return;
	rc = app_cert_change(&ctx, id, str_of(b, "action"), str_of(b, "category"),
			     str_of(b, "reason"), str_of(b, "doc_no"), &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

/* POST /api/v1/certificates/{id}/supersede {name?, reason, doc_no} */
void api_cert_supersede(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_param_id(req, resp, 0), nid = 0;
	json_t *b;
	int rc;

	if (!id || !(b = api_read_object(req, resp)))
		return;
	api_ctx(req, &ctx);
	rc = app_cert_supersede(&ctx, id, str_of(b, "name"), str_of(b, "reason"),
				str_of(b, "doc_no"), &nid, &err);
	json_decref(b);
	api_done_id(req, resp, rc, &err, nid);
}

static void send_pdf(struct http_req *req, struct http_resp *resp, long long id,
		     long long plan_id, const char *name)
{
	struct app_ctx ctx;
	struct app_error err;

	api_ctx(req, &ctx);
	buf_reset(&resp->body);
	api_done_body(req, resp, app_cert_pdf(&ctx, id, plan_id, &resp->body, &err), &err,
		      "application/pdf",
		      arena_printf(req->arena, "inline; filename=\"%s.pdf\"", name));
}

void api_cert_pdf(struct http_req *req, struct http_resp *resp)
{
	long long id = api_param_id(req, resp, 0);

	if (id)
		send_pdf(req, resp, id, 0, arena_printf(req->arena, "certificate-%lld", id));
}

void api_plan_cert_pdf(struct http_req *req, struct http_resp *resp)
{
	long long id = api_param_id(req, resp, 0);

	if (id)
		send_pdf(req, resp, 0, id,
			 arena_printf(req->arena, "plan-%lld-certificates", id));
}

/* GET /api/v1/certificates/{id}/credential: the signed JWS as is */
void api_cert_credential(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct cert_view v;
	long long id = api_open_id(req, resp, &ctx);

	if (!id)
		return;
	if (app_cert_get(&ctx, id, &v, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	if (!*v.cert.credential) {
		err.status = APP_NOT_FOUND;
		err.field = NULL;
		err.msg = "cert.no_credential";
		api_fail(req, resp, &err);
		return;
	}
	resp->status = 200;
	resp->content_type = "application/vc+jwt";
	buf_reset(&resp->body);
	buf_puts(&resp->body, v.cert.credential);
}

/* ---- public ---- */

static json_t *public_json(enum lang lang, const struct cert_public *x)
{
	json_t *o = json_pack(
		"{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:s, s:s, s:s, s:s, s:s}",
		"number", x->number, "line", x->line, "holder", x->holder, "id_type",
		x->id_type, "id_masked", x->id_masked, "occupation_code",
		x->occupation_code, "occupation_name", x->occupation_name, "work_type",
		*x->work_type ? x->work_type : "--", "level", x->level, "level_name",
		tr(lang, i18n_level_key(x->level)), "issued_on", x->issued_on,
		"institution_name", x->institution_name, "status", x->status,
		"status_text", tr(lang, status_key(x->status)));

	award_fields(lang, o, x->line, x->level, x->award, x->competition_name,
		     x->award_name, x->award_name_en);
	/* the category of the reason, never the staff's free text */
	json_object_set_new(o, "status_category", json_string(x->status_category));
	json_object_set_new(
		o, "status_category_text",
		json_string(cert_reason_category_key(x->status_category)
				    ? tr(lang, cert_reason_category_key(x->status_category))
				    : ""));
	json_object_set_new(o, "status_date", nullable(x->status_date));
	json_object_set_new(o, "superseded_by", nullable(x->superseded_by));
	json_object_set_new(o, "institution",
			    json_pack("{s:o, s:o}", "status",
				      nullable(x->institution_status), "valid_until",
				      nullable(x->institution_valid_until)));
	return o;
}

/* A JSON string of s into b, as jansson's JSON_COMPACT writes it; false
 * (b left part-written) when s is NULL, not UTF-8 or holds a control
 * character: what jansson refuses or escapes otherwise is left to it. */
static bool fast_str(struct buf *b, const char *s)
{
	const char *run = s;

	if (!s || !str_utf8_valid(s, strlen(s)))
		return false;
	buf_putc(b, '"');
	for (const char *p = s; *p; p++) {
		if ((unsigned char)*p < 0x20)
			return false;
		if (*p == '"' || *p == '\\') {
			buf_append(b, run, (size_t)(p - run));
			buf_putc(b, '\\');
			run = p;
		}
	}
	buf_puts(b, run);
	buf_putc(b, '"');
	return true;
}

static bool fast_field(struct buf *b, const char *key, const char *s)
{
	buf_puts(b, key);
	return fast_str(b, s);
}

static bool fast_nullable(struct buf *b, const char *key, const char *s)
{
	buf_puts(b, key);
	if (!s) {
		buf_puts(b, "null");
		return true;
	}
	return fast_str(b, s);
}

/* The body public_json() and api_send() give one certificate, written
 * straight into out (the same bytes, the same keys in the same order)
 * without building and dumping a jansson tree: the public verification's
 * answer (bench/pg.sh). Only for a certificate award_fields() leaves as
 * it is; false (out emptied) for any other, and for a text jansson would
 * escape or refuse: the caller then takes the jansson path. */
static bool public_body_fast(enum lang lang, const struct cert_public *x, struct buf *out)
{
	struct certificate c;
	const char *cat = x->status_category;
	const char *cat_key = cat ? cert_reason_category_key(cat) : NULL;
	bool ok;

	memset(&c, 0, sizeof(c));
	c.line = x->line;
	c.level = x->level;
	c.award = x->award;
	c.competition_name = x->competition_name;
	c.award_name = x->award_name;
	c.award_name_en = x->award_name_en;
	c.occupation_name = x->occupation_name;
	if (!x->line || cert_is_recognition(&c))
		return false;
	buf_reserve(out, 1024);
	buf_puts(out, "{\"certificates\":[{");
	ok = fast_field(out, "\"number\":", x->number) &&
	     fast_field(out, ",\"line\":", x->line) &&
	     fast_field(out, ",\"holder\":", x->holder) &&
	     fast_field(out, ",\"id_type\":", x->id_type) &&
	     fast_field(out, ",\"id_masked\":", x->id_masked) &&
	     fast_field(out, ",\"occupation_code\":", x->occupation_code) &&
	     fast_field(out, ",\"occupation_name\":", x->occupation_name) &&
	     fast_field(out, ",\"work_type\":",
			x->work_type && !*x->work_type ? "--" : x->work_type);
	if (ok)
		buf_printf(out, ",\"level\":%d", x->level);
	ok = ok && fast_field(out, ",\"level_name\":", tr(lang, i18n_level_key(x->level))) &&
	     fast_field(out, ",\"issued_on\":", x->issued_on) &&
	     fast_field(out, ",\"institution_name\":", x->institution_name) &&
	     fast_field(out, ",\"status\":", x->status) &&
	     fast_field(out, ",\"status_text\":", tr(lang, status_key(x->status))) &&
	     fast_field(out, ",\"status_category\":", cat) &&
	     fast_field(out, ",\"status_category_text\":", cat_key ? tr(lang, cat_key) : "") &&
	     fast_nullable(out, ",\"status_date\":", x->status_date) &&
	     fast_nullable(out, ",\"superseded_by\":", x->superseded_by) &&
	     fast_nullable(out, ",\"institution\":{\"status\":", x->institution_status) &&
	     fast_nullable(out, ",\"valid_until\":", x->institution_valid_until);
	buf_puts(out, "}}]}");
	if (!ok || buf_failed(out)) {
		buf_reset(out);
		return false;
	}
	return true;
}

/* GET /api/v1/verify?number=&name= | ?id_type=&id_number=&name= | ?token= */
void api_verify(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct cert_public one, *many = NULL;
	struct token_fields f;
	const char *number = http_query(req, "number"), *name = http_query(req, "name");
	const char *idn = http_query(req, "id_number"), *token = http_query(req, "token");
	size_t n = 0;
	json_t *arr;
	int rc;

	api_ctx(req, &ctx);
	if (token && *token) {
		rc = app_verify_token(&ctx, token, &f, &one, &err);
		if (rc == APP_OK) {
			many = &one;
			n = 1;
		}
	} else if (idn && *idn) {
		rc = app_verify_holder(&ctx, http_query(req, "id_type"), idn, name, &many,
				       &n, &err);
	} else {
		rc = app_verify_number(&ctx, number, name, &one, &err);
		if (rc == APP_OK) {
			many = &one;
			n = 1;
		}
	}
	if (rc == APP_RATE_LIMITED)
		http_set_header(resp, "Retry-After",
				arena_printf(req->arena, "%lld", err.retry_after));
	if (rc == APP_OK && n == 1 && public_body_fast(api_lang(req), many, &resp->body)) {
		resp->status = 200;
		resp->content_type = "application/json";
		return;
	}
	arr = json_array();
	for (size_t i = 0; rc == APP_OK && i < n; i++)
		json_array_append_new(arr, public_json(api_lang(req), &many[i]));
	api_done(req, resp, rc, &err, 200, json_pack("{s:o}", "certificates", arr));
}

void api_jwks(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;

	api_ctx(req, &ctx);
	buf_reset(&resp->body);
	if (api_done_body(req, resp, app_jwks(&ctx, &resp->body, &err), &err,
			  "application/jwk-set+json", NULL))
		http_set_header(resp, "Cache-Control", "public, max-age=300");
}

void api_status_list(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	const char *s = req->params[0];
	long long n = num(s, -1);

	api_ctx(req, &ctx);
	buf_reset(&resp->body);
	if (api_done_body(req, resp,
			  app_status_list(&ctx, n, http_header(req, "Host"), &resp->body,
					  &err),
			  &err, "application/vc+jwt", NULL))
		http_set_header(resp, "Cache-Control", "public, max-age=60");
}
