/*
 * common.h - private to src/api/: what every endpoint shares.
 */
#ifndef API_COMMON_H
#define API_COMMON_H

#include <jansson.h>

#include "app/app.h"
#include "core/i18n.h"
#include "http/http.h"

/* The app context of this request. */
void api_ctx(struct http_req *req, struct app_ctx *ctx);
enum lang api_lang(struct http_req *req);
/* Renders an app/ failure with the matching status and envelope. */
void api_fail(struct http_req *req, struct http_resp *resp, const struct app_error *err);
/* A field-less error with a catalog message. */
void api_error_msg(struct http_req *req, struct http_resp *resp, int status,
		   const char *code, const char *msg_key, const char *field);
/* The request body as a JSON object, or NULL after answering 400/415 (or
 * 422 naming the member whose string holds a NUL, \u0000). The caller
 * json_decref()s it. */
json_t *api_read_object(struct http_req *req, struct http_resp *resp);
/* Sends root (stolen) with status. */
void api_send(struct http_resp *resp, int status, json_t *root);
/* The end of most handlers: the error envelope when rc is not APP_OK
 * (body, if any, is freed), else status with body ({"ok": true} when
 * NULL). */
void api_done(struct http_req *req, struct http_resp *resp, int rc,
	      const struct app_error *err, int status, json_t *body);
/* The end of a handler whose app/ call (rc) wrote resp->body: 200 with
 * content_type (and the Content-Disposition disposition unless NULL), or
 * the error envelope. Returns whether rc was APP_OK. */
bool api_done_body(struct http_req *req, struct http_resp *resp, int rc,
		   const struct app_error *err, const char *content_type,
		   const char *disposition);
/* A string member, NULL when absent; answers 422 and returns false when the
 * member is present but not a string. */
bool api_get_string(struct http_req *req, struct http_resp *resp, json_t *obj,
		    const char *name, const char **out);
/* Member name as JSON text in the request's arena: a string as it is, an
 * object dumped compact (a document sent inline); NULL when absent or of
 * another type. */
const char *api_json_text(struct http_req *req, json_t *obj, const char *name);
/* Checks that each named member (the list ends with NULL) is absent, null
 * or an integer that fits an int; otherwise answers 422 naming the member
 * (err.not_integer for a string or a fraction, err.out_of_range beyond
 * INT_MIN..INT_MAX: 4294967301 is not 5) and returns false. Call it
 * before narrowing json_integer_value() to int. */
bool api_check_int32(struct http_req *req, struct http_resp *resp, json_t *obj, ...)
	__attribute__((sentinel));
/* Path parameter i as a positive id; answers 404 and returns 0 if not. */
long long api_param_id(struct http_req *req, struct http_resp *resp, int i);
/* api_ctx() into ctx, then the first path parameter as by api_param_id(). */
long long api_open_id(struct http_req *req, struct http_resp *resp, struct app_ctx *ctx);
/* api_open_id() into ctx and *id, then the body as by api_read_object():
 * NULL after answering (404 for the id, 400/415/422 for the body). The
 * caller json_decref()s it. */
json_t *api_open_body(struct http_req *req, struct http_resp *resp, struct app_ctx *ctx,
		      long long *id);
/* The end of a handler that created a row: 201 {"id": id} when rc is
 * APP_OK, else the error envelope (api_done). */
void api_done_id(struct http_req *req, struct http_resp *resp, int rc,
		 const struct app_error *err, long long id);
/* POST .../appeals of a results notice (a plan's or a competition's):
 * {name, contact, body} filed by file(ctx, path id, ...) → 201 {"id"}. */
void api_appeal_post(struct http_req *req, struct http_resp *resp,
		     enum app_status (*file)(struct app_ctx *, long long, const char *,
					     const char *, const char *, long long *,
					     struct app_error *));
/* POST .../appeals/{appeal}/resolve {resolution} by resolve(ctx, path id,
 * appeal id, resolution) → 200. */
void api_appeal_resolve_post(struct http_req *req, struct http_resp *resp,
			     enum app_status (*resolve)(struct app_ctx *, long long,
							long long, const char *,
							struct app_error *));

/* Whether ?dry_run= asks for a dry run (anything but absent, 0, false). */
bool api_dry_run(struct http_req *req);
/* Answers an import: the failure when the file could not be read at all,
 * else {dry_run, applied, rows, created, updated, unchanged, problems:
 * [{row, column, code, message}], problems_total} (422 when a real run
 * was refused). With ?problems=xlsx and problems, the problems as an XLSX
 * workbook instead. */
void api_import_report(struct http_req *req, struct http_resp *resp, int rc,
		       const struct import_report *rep, const struct app_error *err,
		       bool dry_run);

/* An institution as JSON (private fields only when present). */
json_t *api_institution_json(const struct institution *in);
/* Reads an institution_input from a JSON object; false after answering. */
bool api_institution_input(struct http_req *req, struct http_resp *resp, json_t *body,
			   struct institution_input *in);

/* A commendation category's names beside its code in o: "category_name"
 * (Chinese) and "category_name_en", as the campaign's rules give them
 * (core commend_cat_text). Returns o. */
json_t *api_category_names(json_t *o, const char *code, const char *name,
			   const char *name_en);

#endif
