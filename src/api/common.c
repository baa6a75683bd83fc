/* common.c - helpers shared by the JSON endpoints; see common.h. */
#include "api/common.h"

#include "core/commendation.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"

#define JSON_MAX_DEPTH 32

void api_ctx(struct http_req *req, struct app_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->app = req->ctx;
	ctx->arena = req->arena;
	ctx->actor = req->actor;
	ctx->request_id = req->request_id;
	ctx->address = req->remote_addr;
	ctx->lang = (int)api_lang(req);
	ctx->writes = strcmp(req->method, "GET") && strcmp(req->method, "HEAD");
	ctx->idem = req->state; /* api_idem_before's, or NULL */
}

enum lang api_lang(struct http_req *req)
{
	return lang_choose(http_query(req, "lang"), NULL,
			   http_header(req, "Accept-Language"));
}

static const char *status_code_name(enum app_status s, int *http_status)
{
	switch (s) {
	case APP_INVALID: *http_status = 422; return "invalid";
	case APP_NOT_FOUND: *http_status = 404; return "not_found";
	case APP_CONFLICT: *http_status = 409; return "conflict";
	case APP_UNAUTHENTICATED: *http_status = 401; return "login_required";
	case APP_FORBIDDEN: *http_status = 403; return "forbidden";
	case APP_RATE_LIMITED: *http_status = 429; return "rate_limited";
	case APP_UNAVAILABLE: *http_status = 503; return "unavailable";
	default: *http_status = 500; return "internal";
	}
}

/* Adds "reason" to the error envelope already in resp. */
static void add_reason(struct http_resp *resp, const char *reason)
{
	json_t *root = json_loadb(resp->body.data, resp->body.len, 0, NULL);
	json_t *e = json_object_get(root, "error");
	char *text;

	if (e && json_object_set_new(e, "reason", json_string(reason)) == 0 &&
	    (text = json_dumps(root, JSON_COMPACT))) {
		buf_reset(&resp->body);
		buf_puts(&resp->body, text);
		free(text);
	}
	json_decref(root);
}

void api_fail(struct http_req *req, struct http_resp *resp, const struct app_error *err)
{
	int status;
	const char *code = status_code_name(err->status, &status);

	http_json_error(resp, status, code, tr(api_lang(req), err->msg), err->field);
	/* a spreadsheet the reader refused: its reason (the limit it names,
	 * the broken part, the line) is about the file the client sent */
	if (err->detail && err->msg &&
	    (!strcmp(err->msg, "import.unreadable") ||
	     !strcmp(err->msg, "competition.doc.invalid") ||
	     !strcmp(err->msg, "commendation.rules.invalid") ||
	     !strcmp(err->msg, "competition.awards.not_final") ||
	     /* the exam's start, an instant */
	     !strcmp(err->msg, "err.exam.not_started") ||
	     /* who has not scored which; the tied nominations; a category */
	     !strcmp(err->msg, "commendation.round.missing") ||
	     !strcmp(err->msg, "commendation.round.unscored") ||
	     !strncmp(err->msg, "commendation.tally.", 19)))
		add_reason(resp, err->detail);
	if (err->status == APP_RATE_LIMITED)
		http_set_header(resp, "Retry-After",
				arena_printf(req->arena, "%lld", err->retry_after));
	if (err->status == APP_UNAUTHENTICATED)
		http_set_header(resp, "WWW-Authenticate", "Bearer");
}

void api_error_msg(struct http_req *req, struct http_resp *resp, int status,
		   const char *code, const char *msg_key, const char *field)
{
	http_json_error(resp, status, code, tr(api_lang(req), msg_key), field);
}

/* Depth of nesting, to refuse absurd documents; *nul is set to the
 * member name (the outermost object's key leading to it, or "" at the top)
 * of the first string holding a NUL byte, which json_string_value() would
 * cut short. */
static int json_depth(json_t *v, const char *name, const char **nul)
{
	int max = 0;

	if (json_is_string(v)) {
		if (!*nul && strlen(json_string_value(v)) != json_string_length(v))
			*nul = name;
		return 0;
	}
	if (json_is_object(v)) {
		const char *k;
		json_t *m;

		json_object_foreach(v, k, m)
		{
			int d = json_depth(m, name ? name : k, nul);

			if (d > max)
				max = d;
			if (max > JSON_MAX_DEPTH)
				break;
		}
		return max + 1;
	}
	if (json_is_array(v)) {
		size_t i;
		json_t *m;

		json_array_foreach(v, i, m)
		{
			int d = json_depth(m, name, nul);

			if (d > max)
				max = d;
			if (max > JSON_MAX_DEPTH)
				break;
		}
		return max + 1;
	}
	return 0;
}

json_t *api_read_object(struct http_req *req, struct http_resp *resp)
{
	json_error_t jerr;
	json_t *root;
	const char *nul = NULL;

	if (!http_is_content_type(req, "application/json")) {
		api_error_msg(req, resp, 415, "unsupported_media_type",
			      "err.unsupported_type", NULL);
		return NULL;
	}
	if (!str_utf8_valid(req->body, req->body_len)) {
		api_error_msg(req, resp, 400, "bad_json", "err.bad_json", NULL);
		return NULL;
	}
	/* \u0000 is let through the parser only to be refused below with the
	 * field named (jansson would refuse the whole body without a name) */
	root = json_loadb(req->body, req->body_len,
			  JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &jerr);
	if (!root || !json_is_object(root) || json_depth(root, NULL, &nul) > JSON_MAX_DEPTH) {
		json_decref(root);
		api_error_msg(req, resp, 400, "bad_json", "err.bad_json", NULL);
		return NULL;
	}
	if (nul) {
		api_error_msg(req, resp, 422, "invalid", "err.json_nul",
			      arena_strdup(req->arena, nul));
		json_decref(root);
		return NULL;
	}
	return root;
}

void api_send(struct http_resp *resp, int status, json_t *root)
{
	char *text = root ? json_dumps(root, JSON_COMPACT) : NULL;

	json_decref(root);
	if (!text) {
		http_json_error(resp, 500, "internal", "internal error", NULL);
		return;
	}
	resp->status = status;
	resp->content_type = "application/json";
	buf_puts(&resp->body, text);
	free(text);
}

bool api_get_string(struct http_req *req, struct http_resp *resp, json_t *obj,
		    const char *name, const char **out)
{
	json_t *v = json_object_get(obj, name);

	*out = NULL;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_string(v)) {
		http_json_error(resp, 422, "invalid",
				tr(api_lang(req), "err.bad_request"), name);
		return false;
	}
	*out = arena_strdup(req->arena, json_string_value(v));
	return *out != NULL;
}

const char *api_json_text(struct http_req *req, json_t *obj, const char *name)
{
	json_t *v = json_object_get(obj, name);
	char *text;
	const char *out;

	if (json_is_string(v))
		return arena_strdup(req->arena, json_string_value(v));
	if (!json_is_object(v) || !(text = json_dumps(v, JSON_COMPACT)))
		return NULL;
	out = arena_strdup(req->arena, text);
	free(text);
	return out;
}

bool api_check_int32(struct http_req *req, struct http_resp *resp, json_t *obj, ...)
{
	va_list ap;
	const char *name;
	bool ok = true;

	va_start(ap, obj);
	while (ok && (name = va_arg(ap, const char *))) {
		json_t *v = json_object_get(obj, name);

		if (!v || json_is_null(v))
			continue;
		if (!json_is_integer(v)) {
			http_json_error(resp, 422, "invalid",
					tr(api_lang(req), "err.not_integer"), name);
			ok = false;
		} else if (json_integer_value(v) < INT_MIN ||
			   json_integer_value(v) > INT_MAX) {
			http_json_error(resp, 422, "invalid",
					tr(api_lang(req), "err.out_of_range"), name);
			ok = false;
		}
	}
	va_end(ap);
	return ok;
}

long long api_param_id(struct http_req *req, struct http_resp *resp, int i)
{
	long long id;

	if (i >= req->nparams || str_to_ll(req->params[i], 1, (long long)1 << 62, &id) != 0) {
		api_error_msg(req, resp, 404, "not_found", "err.not_found", NULL);
		return 0;
	}
	return id;
}

long long api_open_id(struct http_req *req, struct http_resp *resp, struct app_ctx *ctx)
{
	api_ctx(req, ctx);
	return api_param_id(req, resp, 0);
}

json_t *api_open_body(struct http_req *req, struct http_resp *resp, struct app_ctx *ctx,
		      long long *id)
{
	*id = api_open_id(req, resp, ctx);
	return *id ? api_read_object(req, resp) : NULL;
}

void api_done_id(struct http_req *req, struct http_resp *resp, int rc,
		 const struct app_error *err, long long id)
{
	api_done(req, resp, rc, err, 201,
		 rc ? NULL : json_pack("{s:I}", "id", (json_int_t)id));
}

void api_appeal_post(struct http_req *req, struct http_resp *resp,
		     enum app_status (*file)(struct app_ctx *, long long, const char *,
					     const char *, const char *, long long *,
					     struct app_error *))
{
	struct app_ctx ctx;
	struct app_error err;
	long long id, aid = 0;
	json_t *b = api_open_body(req, resp, &ctx, &id);
	int rc;

	if (!b)
		return;
	rc = file(&ctx, id, json_string_value(json_object_get(b, "name")),
		  json_string_value(json_object_get(b, "contact")),
		  json_string_value(json_object_get(b, "body")), &aid, &err);
	json_decref(b);
	api_done_id(req, resp, rc, &err, aid);
}

void api_appeal_resolve_post(struct http_req *req, struct http_resp *resp,
			     enum app_status (*resolve)(struct app_ctx *, long long,
							long long, const char *,
							struct app_error *))
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_open_id(req, resp, &ctx), aid;
	json_t *b;
	int rc;

	if (!id || !(aid = api_param_id(req, resp, 1)) || !(b = api_read_object(req, resp)))
		return;
	rc = resolve(&ctx, id, aid, json_string_value(json_object_get(b, "resolution")),
		     &err);
	json_decref(b);
	api_done(req, resp, rc, &err, 200, NULL);
}

bool api_done_body(struct http_req *req, struct http_resp *resp, int rc,
		   const struct app_error *err, const char *content_type,
		   const char *disposition)
{
	if (rc != APP_OK) {
		api_fail(req, resp, err); /* the body replaced */
		return false;
	}
	resp->status = 200;
	resp->content_type = content_type;
	if (disposition)
		http_set_header(resp, "Content-Disposition", disposition);
	return true;
}

void api_error(struct http_req *req, struct http_resp *resp, int status, const char *reason)
{
	api_error_msg(req, resp, status, reason, i18n_reason_key(reason), req->bad_field);
}

bool api_dry_run(struct http_req *req)
{
	const char *dry = http_query(req, "dry_run");

	return dry && strcmp(dry, "0") && strcmp(dry, "false");
}

void api_import_report(struct http_req *req, struct http_resp *resp, int rc,
		       const struct import_report *rep, const struct app_error *err,
		       bool dry_run)
{
	const char *want = http_query(req, "problems");
	size_t kept = rep->nproblems < ASSESS_IMPORT_MAX_PROBLEMS
			      ? rep->nproblems
			      : ASSESS_IMPORT_MAX_PROBLEMS;
	json_t *probs;

	if (rc != APP_OK && !(rc == APP_INVALID && rep->nproblems)) {
		api_fail(req, resp, err);
		return;
	}
	if (want && !strcmp(want, "xlsx") && rep->nproblems) {
		struct app_ctx ctx;
		struct app_error xerr;

		api_ctx(req, &ctx);
		buf_reset(&resp->body);
		if (app_import_problems_xlsx(&ctx, api_lang(req), rep, &resp->body,
					     &xerr) != APP_OK) {
			api_fail(req, resp, &xerr);
			return;
		}
		resp->status = 200;
		resp->content_type = "application/vnd.openxmlformats-officedocument."
				     "spreadsheetml.sheet";
		http_set_header(resp, "Content-Disposition",
				"attachment; filename=\"problems.xlsx\"");
		return;
	}
	probs = json_array();
	for (size_t i = 0; i < kept; i++) {
		const struct import_problem *q = &rep->problems[i];
		json_t *p = json_pack("{s:I, s:s, s:s}", "row", (json_int_t)q->line,
				      "code", q->msg, "message",
				      app_import_problem_text(req->arena, api_lang(req), q));

		json_object_set_new(p, "column",
				    q->column ? json_string(q->column) : json_null());
		if (q->same_as)
			json_object_set_new(p, "same_as",
					    json_integer((json_int_t)q->same_as));
		json_array_append_new(probs, p);
	}
	api_send(resp, rep->nproblems && !dry_run ? 422 : 200,
		 json_pack("{s:b, s:b, s:I, s:I, s:I, s:I, s:o, s:I}", "dry_run", dry_run,
			   "applied", !dry_run && !rep->nproblems, "rows",
			   (json_int_t)rep->rows, "created", (json_int_t)rep->created,
			   "updated", (json_int_t)rep->updated, "unchanged",
			   (json_int_t)rep->unchanged, "problems", probs,
			   "problems_total", (json_int_t)rep->nproblems));
}

void api_done(struct http_req *req, struct http_resp *resp, int rc,
	      const struct app_error *err, int status, json_t *body)
{
	if (rc != APP_OK) {
		json_decref(body);
		api_fail(req, resp, err);
		return;
	}
	api_send(resp, status, body ? body : json_pack("{s:b}", "ok", 1));
}

json_t *api_category_names(json_t *o, const char *code, const char *name, const char *name_en)
{
	if (o) {
		json_object_set_new(o, "category_name",
				    json_string(commend_cat_text(LANG_ZH, code, name,
								 name_en)));
		json_object_set_new(o, "category_name_en",
				    json_string(commend_cat_text(LANG_EN, code, name,
								 name_en)));
	}
	return o;
}
