/*
 * filing.c - /api/v1/filings: filing certificates with the provincial HR
 * authorities (属地备案). Batches by province, their record as XLSX, CSV
 * and manifest downloads, submission, the authority's receipt and its
 * rejections, and the report of certificates still unfiled.
 */
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "base/str.h"

static const char *province_name(struct http_req *req, const char *code)
{
	return tr(api_lang(req), arena_printf(req->arena, "province.%s", code));
}

static json_t *opt(const char *s) { return s && *s ? json_string(s) : json_null(); }

static json_t *batch_json(struct http_req *req, const struct filing_batch *b)
{
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:I, s:I, s:I, s:s, s:s}", "id",
			      (json_int_t)b->id, "province", b->province_code,
			      "province_name", province_name(req, b->province_code),
			      "status", b->status, "rows", (json_int_t)b->row_count,
			      "accepted", (json_int_t)b->accepted, "rejected",
			      (json_int_t)b->rejected, "created_by", b->created_by,
			      "created_at", b->created_at);

	json_object_set_new(o, "sha256", opt(b->sha256));
	json_object_set_new(o, "submitted_at", opt(b->submitted_at));
	json_object_set_new(o, "receipt_no", opt(b->receipt_no));
	json_object_set_new(o, "received_at", opt(b->received_at));
	return o;
}

void api_filing_list(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct filing_batch *items;
	size_t n;
	json_t *arr;

	api_ctx(req, &ctx);
	if (app_filing_batch_list(&ctx, &items, &n, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, batch_json(req, &items[i]));
	api_send(resp, 200, json_pack("{s:o}", "items", arr));
}

void api_filing_create(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	json_t *b = api_read_object(req, resp), *v;
	const char *province = NULL;
	long long id, rows;
	int rc;

	if (!b)
		return;
	/* "44" or 44 */
	v = json_object_get(b, "province");
	if (json_is_integer(v))
		province = arena_printf(req->arena, "%lld",
					(long long)json_integer_value(v));
	else if (!api_get_string(req, resp, b, "province", &province)) {
		json_decref(b);
		return;
	}
	json_decref(b);
	api_ctx(req, &ctx);
	rc = app_filing_batch_create(&ctx, province, &id, &rows, &err);
	if (rc == APP_OK)
		http_set_header(resp, "Location",
				arena_printf(req->arena, "/api/v1/filings/%lld", id));
	api_done(req, resp, rc, &err, 201,
		 rc ? NULL
		    : json_pack("{s:I, s:I}", "id", (json_int_t)id, "rows",
				(json_int_t)rows));
}

void api_filing_get(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct filing_view v;
	long long id = api_open_id(req, resp, &ctx);
	json_t *o, *items;

	if (!id)
		return;
	if (app_filing_batch_get(&ctx, id, &v, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	o = batch_json(req, &v.batch);
	items = json_array();
	for (size_t i = 0; i < v.nitems; i++) {
		const struct filing_item *x = &v.items[i];
		json_t *it = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:I}",
				       "certificate_id", (json_int_t)x->certificate_id,
				       "number", x->number, "line", x->line, "holder",
				       x->holder_name, "issued_on", x->issued_on, "status",
				       x->status, "certificate_status", x->cert_status,
				       "institution_id", (json_int_t)x->institution_id);

		json_object_set_new(it, "rejection", opt(x->rejection));
		json_array_append_new(items, it);
	}
	json_object_set_new(o, "items", items);
	api_send(resp, 200, o);
}

/* One file of the batch's export: "xlsx", "csv", "zip" (the photos) or
 * "json" (the manifest, of the files made with it: photos included).
 * ?encoding=utf-8|gb18030 chooses the CSV's encoding. */
static void download(struct http_req *req, struct http_resp *resp, const char *what)
{
	struct app_ctx ctx;
	struct app_error err;
	struct filing_export x;
	struct filing_export_opts opt;
	long long id = api_param_id(req, resp, 0);
	const struct buf *b;
	const char *type, *name;

	if (!id)
		return;
	opt.encoding = http_query(req, "encoding");
	opt.photos = !strcmp(what, "zip") || !strcmp(what, "json");
	api_ctx(req, &ctx);
	if (app_filing_export(&ctx, id, &opt, &x, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	if (!strcmp(what, "xlsx")) {
		b = &x.xlsx;
		type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		name = arena_printf(req->arena, "%s.xlsx", x.base);
	} else if (!strcmp(what, "csv")) {
		b = &x.csv;
		type = strcmp(x.encoding, "gb18030") ? "text/csv; charset=utf-8"
						     : "text/csv; charset=gb18030";
		name = arena_printf(req->arena, "%s.csv", x.base);
	} else if (!strcmp(what, "zip")) {
		b = &x.zip;
		type = "application/zip";
		name = arena_printf(req->arena, "%s-photos.zip", x.base);
	} else {
		b = &x.manifest;
		type = "application/json";
		name = arena_printf(req->arena, "%s.manifest.json", x.base);
	}
	buf_reset(&resp->body);
	buf_append(&resp->body, b->data, b->len);
	app_filing_export_free(&x);
	if (buf_failed(&resp->body)) {
		api_error_msg(req, resp, 500, "internal", "err.internal", NULL);
		return;
	}
	resp->status = 200;
	resp->content_type = type;
	http_set_header(resp, "Content-Disposition",
			arena_printf(req->arena, "attachment; filename=\"%s\"", name));
	/* full ID numbers: for nobody's cache */
	http_set_header(resp, "Cache-Control", "private, no-store");
}

void api_filing_xlsx(struct http_req *req, struct http_resp *resp)
{
	download(req, resp, "xlsx");
}

void api_filing_csv(struct http_req *req, struct http_resp *resp)
{
	download(req, resp, "csv");
}

void api_filing_photos(struct http_req *req, struct http_resp *resp)
{
	download(req, resp, "zip");
}

void api_filing_manifest(struct http_req *req, struct http_resp *resp)
{
	download(req, resp, "json");
}

void api_filing_submit(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_open_id(req, resp, &ctx);
	const char *sha256;
	int rc;

	if (!id)
		return;
	rc = app_filing_submit(&ctx, id, &sha256, &err);
	api_done(req, resp, rc, &err, 200,
		 rc ? NULL
		    : json_pack("{s:b, s:s, s:s}", "ok", 1, "status", "submitted",
				"sha256", sha256));
}

void api_filing_receipt(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	long long id = api_param_id(req, resp, 0), accepted;
	const char *no, *date;
	json_t *b;
	int rc;

	if (!id || !(b = api_read_object(req, resp)))
		return;
	if (!api_get_string(req, resp, b, "receipt_no", &no) ||
	    !api_get_string(req, resp, b, "date", &date)) {
		json_decref(b);
		return;
	}
	json_decref(b);
	api_ctx(req, &ctx);
	rc = app_filing_receipt(&ctx, id, no, date, &accepted, &err);
	api_done(req, resp, rc, &err, 200,
		 rc ? NULL
		    : json_pack("{s:b, s:s, s:I}", "ok", 1, "status", "received",
				"accepted", (json_int_t)accepted));
}

/* {"rejections": [{"number", "reason"}, ...]} or one {"number", "reason"}. */
void api_filing_reject(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct filing_rejection *rows;
	long long id = api_param_id(req, resp, 0);
	json_t *b, *list, *one;
	size_t n, bad = 0;
	int rc;

	if (!id || !(b = api_read_object(req, resp)))
		return;
	list = json_object_get(b, "rejections");
	if (list ? !json_is_array(list)
		 : !json_object_get(b, "number") && !json_object_get(b, "reason")) {
		json_decref(b);
		api_error_msg(req, resp, 422, "invalid", "filing.val.rejections",
			      "rejections");
		return;
	}
	n = list ? json_array_size(list) : 1;
	rows = arena_alloc(req->arena, (n ? n : 1) * sizeof(*rows));
	if (!rows) {
		json_decref(b);
		api_error_msg(req, resp, 500, "internal", "err.internal", NULL);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		one = list ? json_array_get(list, i) : b;
		rows[i].number = arena_strdup(
			req->arena,
			json_is_string(json_object_get(one, "number"))
				? json_string_value(json_object_get(one, "number"))
				: "");
		rows[i].reason = arena_strdup(
			req->arena,
			json_is_string(json_object_get(one, "reason"))
				? json_string_value(json_object_get(one, "reason"))
				: "");
	}
	json_decref(b);
	api_ctx(req, &ctx);
	rc = app_filing_reject(&ctx, id, rows, n, &bad, &err);
	/* which row: "rejections[1].number" */
	if (rc != APP_OK && list && err.field &&
	    (!strcmp(err.field, "number") || !strcmp(err.field, "reason")))
		err.field = arena_printf(req->arena, "rejections[%zu].%s", bad, err.field);
	api_done(req, resp, rc, &err, 200,
		 rc ? NULL : json_pack("{s:b, s:I}", "ok", 1, "rejected", (json_int_t)n));
}

void api_filing_unfiled(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct filing_report r;
	const char *d = http_query(req, "days");
	long long days = FILING_DAYS_DEFAULT;
	json_t *provinces, *cur = NULL, *items = NULL;
	const char *at = NULL;

	if (d && str_to_ll(d, -1000000, 1000000, &days)) {
		api_error_msg(req, resp, 422, "invalid", "filing.val.days", "days");
		return;
	}
	api_ctx(req, &ctx);
	if (app_filing_unfiled(&ctx, (int)days, &r, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	provinces = json_array();
	for (size_t i = 0; i < r.n; i++) {
		const struct filing_unfiled *x = &r.items[i];

		if (!at || strcmp(at, x->province_code)) {
			at = x->province_code;
			items = json_array();
			cur = json_pack("{s:s, s:s, s:o}", "province", at, "province_name",
					province_name(req, at), "items", items);
			json_array_append_new(provinces, cur);
		}
		json_array_append_new(
			items, json_pack("{s:I, s:s, s:s, s:s, s:I}", "certificate_id",
					 (json_int_t)x->certificate_id, "number",
					 x->number, "holder", x->holder_name, "issued_on",
					 x->issued_on, "days", (json_int_t)x->days));
		json_object_set_new(cur, "count",
				    json_integer((json_int_t)json_array_size(items)));
	}
	api_send(resp, 200,
		 json_pack("{s:i, s:s, s:s, s:I, s:o}", "days", r.days, "today", r.today,
			   "until", r.until, "total", (json_int_t)r.n, "provinces",
			   provinces));
}
