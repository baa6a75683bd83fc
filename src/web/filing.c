/*
 * filing.c - filing certificates with the provincial HR authorities
 * (属地备案) as pages: /filings lists the batches, creates one for a
 * province and shows the certificates still unfiled N days after issue;
 * /filings/{id} shows a batch with its certificates, the downloads (XLSX,
 * CSV, manifest), and the step its status allows: submit a draft, record
 * the authority's receipt, record the rows it sent back.
 *
 * app/ decides who may do what and when. A refused form shows the batch
 * (or the list) again with the reason next to the field and what was
 * typed kept (422/409); a done one goes back with ?done= naming it.
 */
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "core/institution.h"
#include "web/layout.h"
#include "web/web.h"

/* A trimmed form field ("" when absent). */

/* Which form was refused and why. */
struct refusal {
	const char *form;
	const struct app_error *err;
};

static const struct app_error *ferr(const struct refusal *r, const char *name)
{
	return r && !strcmp(r->form, name) ? r->err : NULL;
}

static const char *typed(struct page *p, const struct refusal *r, const char *form,
			 const char *name, const char *dflt)
{
	return ferr(r, form) ? page_input(p, name) : dflt;
}

/* The error no field of the form shows (fields: NULL-terminated names). */
static void form_error(struct page *p, const struct app_error *err, const char *const *fields)
{
	if (!err || !err->msg)
		return;
	for (const char *const *f = fields; err->field && *f; f++)
		if (!strcmp(*f, err->field))
			return;
	html_printf(p->out, "<p class=\"error\" role=\"alert\">%s</p>", T(p, err->msg));
}

static void submit(struct page *p, const char *label_key)
{
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
		    T(p, label_key));
	p->idp = NULL;
}

static const char *province(struct page *p, const char *code)
{
	return T(p, arena_printf(p->req->arena, "province.%s", code));
}

static void table_head(struct page *p, const char *const *keys)
{
	html_printf(p->out, "<div class=\"table\"><table class=\"stack\"><thead><tr>");
	for (; *keys; keys++)
		html_printf(p->out, "<th scope=\"col\">%s</th>", T(p, *keys));
	html_printf(p->out, "</tr></thead><tbody>");
}

static void done_notice(struct page *p)
{
	static const char *const forms[] = {"create", "submit", "receipt", "reject", NULL};
	const char *done = http_query(p->req, "done");

	for (const char *const *f = forms; done && *f; f++)
		if (!strcmp(*f, done))
			html_printf(p->out, "<p class=\"notice\" role=\"status\">%s</p>",
				    T(p, arena_printf(p->req->arena, "filing.done.%s", *f)));
}

/* ---- the list, the new batch, the unfiled report ---- */

/* The certificates unfiled for days, province by province. */
static void report(struct page *p, struct app_ctx *ctx, const char *days_text)
{
	static const char *const cols[] = {"filing.field.number", "filing.field.holder",
					   "filing.field.issued_on", "filing.days_since",
					   NULL};
	struct filing_report r;
	struct app_error err;
	long long days = FILING_DAYS_DEFAULT;
	const char *at = NULL;
	int rc;

	html_printf(p->out,
		    "<section id=\"unfiled\" aria-labelledby=\"unfiled-h\">"
		    "<h2 id=\"unfiled-h\">%s</h2><p class=\"hint\">%s</p>",
		    T(p, "filing.unfiled_title"), T(p, "filing.unfiled_intro"));
	memset(&err, 0, sizeof(err));
	if (days_text && *days_text && str_to_ll(days_text, -1000000, 1000000, &days)) {
		err.status = APP_INVALID;
		err.field = "days";
		err.msg = "filing.val.days";
		rc = APP_INVALID;
	} else {
		rc = app_filing_unfiled(ctx, (int)days, &r, &err);
	}
	html_printf(p->out,
		    "<form class=\"search\" method=\"get\" action=\"/filings#unfiled\">");
	page_field_ex(p, "number", "days", "filing.field.days",
		      days_text && *days_text ? days_text : "30", NULL,
		      rc == APP_INVALID ? &err : NULL, 1);
	html_printf(p->out, "<button type=\"submit\">%s</button></form>", T(p, "btn.show"));
	if (rc != APP_OK) {
		if (rc != APP_INVALID)
			html_printf(p->out, "<p class=\"error\" role=\"alert\">%s</p>",
				    T(p, err.msg));
		else
			p->resp->status = 422;
		html_printf(p->out, "</section>");
		return;
	}
	if (!r.n) {
		html_printf(p->out, "<p class=\"empty\">%s</p></section>",
			    T(p, "filing.unfiled_none"));
		return;
	}
	for (size_t i = 0; i < r.n; i++) {
		const struct filing_unfiled *x = &r.items[i];

		if (!at || strcmp(at, x->province_code)) {
			size_t k = i;

			if (at)
				html_printf(p->out, "</tbody></table></div>");
			at = x->province_code;
			while (k < r.n && !strcmp(r.items[k].province_code, at))
				k++;
			html_printf(p->out, "<h3>%s <span class=\"count\">%lld</span></h3>",
				    province(p, at), (long long)(k - i));
			table_head(p, cols);
		}
		html_printf(p->out,
			    "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%ld</td></tr>",
			    T(p, cols[0]), x->number, T(p, cols[1]), x->holder_name,
			    T(p, cols[2]), x->issued_on, T(p, cols[3]), x->days);
	}
	html_printf(p->out, "</tbody></table></div><p class=\"count\">%s %lld</p></section>",
		    T(p, "list.total"), (long long)r.n);
}

static void list_page(struct page *p, const struct app_error *form_err)
{
	static const char *const cols[] = {"filing.field.batch",
					   "field.province",
					   "field.status",
					   "filing.field.rows",
					   "filing.field.rejected",
					   "field.created_at",
					   "filing.field.submitted_at",
					   "filing.field.receipt_no",
					   NULL};
	static const char *const fields[] = {"province", NULL};
	struct app_ctx ctx;
	struct app_error err;
	struct filing_batch *items;
	size_t n;

	page_ctx(p, &ctx);
	if (app_filing_batch_list(&ctx, &items, &n, &err) != APP_OK) {
		page_fail(p, &err);
		return;
	}
	page_begin(p, T(p, "filing.list_title"));
	html_printf(p->out, "<h1>%s</h1><p class=\"lead\">%s</p>",
		    T(p, "filing.list_title"), T(p, "filing.list_intro"));
	if (form_err)
		page_error_summary(p, form_err, "form-create");
	html_printf(p->out,
		    "<section id=\"form-create\" aria-labelledby=\"create-h\">"
		    "<h2 id=\"create-h\">%s</h2>",
		    T(p, "filing.new_title"));
	page_form(p, "/filings", "form");
	p->idp = "fc-";
	html_printf(p->out, "<p class=\"hint\">%s</p>", T(p, "filing.new_hint"));
	form_error(p, form_err, fields);
	page_select(p, "province", "field.province", province_codes(), "province.",
		    form_err ? page_input(p, "province") : NULL, 0, form_err);
	submit(p, "filing.btn.create");
	html_printf(p->out,
		    "</section><section id=\"batches\" aria-labelledby=\"batches-h\">"
		    "<h2 id=\"batches-h\">%s</h2>",
		    T(p, "filing.batches_title"));
	if (!n) {
		html_printf(p->out, "<p class=\"empty\">%s</p>", T(p, "filing.none"));
	} else {
		table_head(p, cols);
		for (size_t i = 0; i < n; i++) {
			const struct filing_batch *b = &items[i];

			html_printf(p->out,
				    "<tr><td data-label=\"%s\"><a href=\"/filings/%lld\">#%lld</a>"
				    "</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">",
				    T(p, cols[0]), b->id, b->id, T(p, cols[1]),
				    province(p, b->province_code), T(p, cols[2]));
			page_badge(p, "filing.status.", b->status);
			html_printf(
				p->out,
				"</td><td data-label=\"%s\">%lld</td>"
				"<td data-label=\"%s\">%lld</td><td data-label=\"%s\">%s</td>"
				"<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td></tr>",
				T(p, cols[3]), b->row_count, T(p, cols[4]), b->rejected,
				T(p, cols[5]), page_when(p, b->created_at), T(p, cols[6]),
				b->submitted_at ? page_when(p, b->submitted_at) : "—",
				T(p, cols[7]),
				b->receipt_no && *b->receipt_no ? b->receipt_no : "—");
		}
		html_printf(p->out, "</tbody></table></div>");
	}
	html_printf(p->out, "</section>");
	report(p, &ctx, http_query(p->req, "days"));
	page_end(p);
}

void page_filings(struct http_req *req, struct http_resp *resp)
{
	struct page p;

	page_init(&p, req, resp, "nav.filings");
	list_page(&p, NULL);
}

void page_filing_create(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id, rows;

	page_init(&p, req, resp, "nav.filings");
	page_ctx(&p, &ctx);
	if (app_filing_batch_create(&ctx, page_value(&p, "province"), &id, &rows, &err) !=
	    APP_OK) {
		if (err.status != APP_INVALID && err.status != APP_CONFLICT) {
			page_fail(&p, &err);
			return;
		}
		resp->status = page_refusal_status(err.status);
		list_page(&p, &err);
		return;
	}
	http_redirect(resp, arena_printf(req->arena, "/filings/%lld?done=create", id));
}

/* ---- one batch ---- */

static void facts(struct page *p, const struct filing_batch *b)
{
	html_printf(p->out, "<dl class=\"facts\"><dt>%s</dt><dd>%s (%s)</dd><dt>%s</dt><dd>",
		    T(p, "field.province"), province(p, b->province_code),
		    b->province_code, T(p, "field.status"));
	page_badge(p, "filing.status.", b->status);
	html_printf(p->out,
		    "</dd><dt>%s</dt><dd>%lld</dd><dt>%s</dt><dd>%lld</dd><dt>%s</dt>"
		    "<dd>%lld</dd><dt>%s</dt><dd>%s · %s</dd>",
		    T(p, "filing.field.rows"), b->row_count, T(p, "filing.field.accepted"),
		    b->accepted, T(p, "filing.field.rejected"), b->rejected,
		    T(p, "field.created_at"), page_when(p, b->created_at), b->created_by);
	if (b->submitted_at)
		html_printf(p->out,
			    "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd><code>%s</code></dd>",
			    T(p, "filing.field.submitted_at"),
			    page_when(p, b->submitted_at), T(p, "filing.field.sha256"),
			    b->sha256);
	if (b->received_at)
		html_printf(p->out, "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>",
			    T(p, "filing.field.receipt_no"), b->receipt_no,
			    T(p, "filing.field.received_at"), b->received_at);
	html_printf(p->out, "</dl>");
}

static void downloads(struct page *p, const struct filing_batch *b)
{
	static const char *const encodings[] = {"utf-8", "gb18030"};
	const char *labels[] = {T(p, "filing.encoding.utf8"),
				T(p, "filing.encoding.gb18030")};

	html_printf(p->out,
		    "<section id=\"files\" aria-labelledby=\"files-h\"><h2 id=\"files-h\">%s"
		    "</h2><p class=\"hint\">%s</p><div class=\"row-actions\">"
		    "<a class=\"button secondary\" href=\"/filings/%lld/export.xlsx\" "
		    "download>%s</a> <a class=\"button secondary\" "
		    "href=\"/filings/%lld/photos.zip\" download>%s</a> "
		    "<a class=\"button secondary\" href=\"/filings/%lld/manifest.json\" "
		    "download>%s</a></div>",
		    T(p, "filing.files_title"), T(p, "filing.files_hint"), b->id,
		    T(p, "filing.download_xlsx"), b->id, T(p, "filing.download_photos"),
		    b->id, T(p, "filing.download_manifest"));
	/* the CSV in the encoding the province's system reads (GET: nothing
	 * changes, the download is audited in app/) */
	html_printf(p->out, "<form method=\"get\" action=\"/filings/%lld/export.csv\">",
		    b->id);
	page_select_text(p, "encoding", "filing.field.encoding", encodings, labels, 2,
			 "utf-8", 0, NULL);
	html_printf(p->out,
		    "<button type=\"submit\" class=\"secondary\">%s</button></form>"
		    "</section>",
		    T(p, "filing.download_csv"));
}

/* The step the batch's status allows. */
static void steps(struct page *p, const struct filing_view *v, const struct refusal *r)
{
	static const char *const receipt_fields[] = {"receipt_no", "date", NULL};
	static const char *const reject_fields[] = {"number", "reason", NULL};
	const struct filing_batch *b = &v->batch;
	int st = filing_status_parse(b->status);
	const struct app_error *e;
	char today[11];

	time_today(today, sizeof(today));
	html_printf(p->out,
		    "<section id=\"steps\" aria-labelledby=\"steps-h\">"
		    "<h2 id=\"steps-h\">%s</h2>",
		    T(p, "filing.steps_title"));
	if (st == FILING_DRAFT) {
		form_error(p, ferr(r, "submit"), (const char *const[]){NULL});
		html_printf(p->out, "<p class=\"hint\">%s</p>", T(p, "filing.submit_hint"));
		page_form(p, arena_printf(p->req->arena, "/filings/%lld/submit", b->id),
			  "inline");
		html_printf(p->out, "<button type=\"submit\">%s</button></form>",
			    T(p, "filing.btn.submit"));
	}
	if (st == FILING_SUBMITTED) {
		e = ferr(r, "receipt");
		page_details(p, "disclose", "form-receipt", e != NULL,
			     "filing.receipt_title");
		page_form(p, arena_printf(p->req->arena, "/filings/%lld/receipt", b->id),
			  "form");
		p->idp = "rc-";
		form_error(p, e, receipt_fields);
		page_field(p, "receipt_no", "filing.field.receipt_no",
			   typed(p, r, "receipt", "receipt_no", NULL), e, 1);
		page_field_ex(p, "date", "date", "filing.field.received_at",
			      typed(p, r, "receipt", "date", today), NULL, e, 1);
		submit(p, "filing.btn.receipt");
		html_printf(p->out, "</details>");
	}
	if (st == FILING_SUBMITTED || st == FILING_RECEIVED) {
		e = ferr(r, "reject");
		page_details(p, "disclose", "form-reject", e != NULL, "filing.reject_title");
		page_form(p, arena_printf(p->req->arena, "/filings/%lld/rejections", b->id),
			  "form");
		p->idp = "rj-";
		html_printf(p->out, "<p class=\"hint\">%s</p>", T(p, "filing.reject_hint"));
		form_error(p, e, reject_fields);
		page_field(p, "number", "filing.field.number",
			   typed(p, r, "reject", "number", NULL), e, 1);
		page_textarea(p, "reason", "field.reason",
			      typed(p, r, "reject", "reason", NULL), e, 1);
		submit(p, "filing.btn.reject");
		html_printf(p->out, "</details>");
	}
	if (st == FILING_RECEIVED && !b->rejected)
		html_printf(p->out, "<p class=\"notice\">%s</p>",
			    T(p, "filing.all_accepted"));
	html_printf(p->out, "</section>");
}

static void items_section(struct page *p, const struct filing_view *v)
{
	static const char *const cols[] = {
		"filing.field.number", "filing.field.holder",    "filing.field.issued_on",
		"field.status",        "filing.field.rejection", NULL};

	html_printf(p->out,
		    "<section id=\"items\" aria-labelledby=\"items-h\">"
		    "<h2 id=\"items-h\">%s</h2>",
		    T(p, "filing.items_title"));
	table_head(p, cols);
	for (size_t i = 0; i < v->nitems; i++) {
		const struct filing_item *x = &v->items[i];

		html_printf(p->out,
			    "<tr id=\"c-%lld\"><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">",
			    x->certificate_id, T(p, cols[0]), x->number, T(p, cols[1]),
			    x->holder_name, T(p, cols[2]), x->issued_on, T(p, cols[3]));
		page_badge(p, "filing.item.", x->status);
		html_printf(p->out, "</td><td data-label=\"%s\">%s</td></tr>",
			    T(p, cols[4]),
			    x->rejection && *x->rejection ? x->rejection : "—");
	}
	html_printf(p->out, "</tbody></table></div><p class=\"count\">%s %lld</p></section>",
		    T(p, "list.total"), (long long)v->nitems);
}

static void batch_page(struct page *p, const struct filing_view *v, const struct refusal *r)
{
	const char *title = arena_printf(p->req->arena, "%s #%lld · %s",
					 T(p, "filing.batch_title"), v->batch.id,
					 province(p, v->batch.province_code));

	page_begin(p, title);
	html_printf(p->out,
		    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/filings\">%s</a></nav>"
		    "<div class=\"titlebar\"><div class=\"titlehead\"><h1>%s</h1>",
		    T(p, "nav.crumbs"), T(p, "filing.list_title"), title);
	page_badge(p, "filing.status.", v->batch.status);
	html_printf(p->out, "</div></div>");
	if (!r)
		done_notice(p);
	else
		page_error_summary(p, r->err,
				   !strcmp(r->form, "receipt")  ? "form-receipt"
				   : !strcmp(r->form, "reject") ? "form-reject"
								: "steps");
	facts(p, &v->batch);
	downloads(p, &v->batch);
	steps(p, v, r);
	items_section(p, v);
	page_end(p);
}

void page_filing(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct filing_view v;
	long long id = page_param_id(req, 0);

	page_init(&p, req, resp, "nav.filings");
	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	page_ctx(&p, &ctx);
	if (app_filing_batch_get(&ctx, id, &v, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	batch_page(&p, &v, NULL);
}

/* Ends an action on batch id: back to it, or the batch again with the
 * refusal of form. */
static void finish(struct page *p, struct app_ctx *ctx, int rc,
		   const struct app_error *err, long long id, const char *form)
{
	struct refusal r = {form, err};
	struct filing_view v;
	struct app_error e2;

	if (rc == APP_OK) {
		http_redirect(p->resp, arena_printf(p->req->arena,
						    "/filings/%lld?done=%s", id, form));
		return;
	}
	if (err->status != APP_INVALID && err->status != APP_CONFLICT) {
		page_fail(p, err);
		return;
	}
	if (app_filing_batch_get(ctx, id, &v, &e2) != APP_OK) {
		page_fail(p, &e2);
		return;
	}
	p->resp->status = page_refusal_status(err->status);
	batch_page(p, &v, &r);
}

/* The batch id of the path, 0 after answering 404. */
static long long target(struct http_req *req, struct http_resp *resp, struct page *p,
			struct app_ctx *ctx)
{
	long long id = page_param_id(req, 0);

	page_init(p, req, resp, "nav.filings");
	page_ctx(p, ctx);
	if (!id)
		page_error(req, resp, 404, "not_found");
	return id;
}

void page_filing_submit(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	const char *sha256;
	long long id = target(req, resp, &p, &ctx);
	int rc;

	if (!id)
		return;
	rc = app_filing_submit(&ctx, id, &sha256, &err);
	finish(&p, &ctx, rc, &err, id, "submit");
}

void page_filing_receipt(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = target(req, resp, &p, &ctx), accepted;
	int rc;

	if (!id)
		return;
	rc = app_filing_receipt(&ctx, id, page_value(&p, "receipt_no"),
				page_value(&p, "date"), &accepted, &err);
	finish(&p, &ctx, rc, &err, id, "receipt");
}

void page_filing_reject(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct filing_rejection row;
	long long id = target(req, resp, &p, &ctx);
	size_t bad;
	int rc;

	if (!id)
		return;
	row.number = page_value(&p, "number");
	row.reason = page_value(&p, "reason");
	rc = app_filing_reject(&ctx, id, &row, 1, &bad, &err);
	finish(&p, &ctx, rc, &err, id, "reject");
}

/* ---- the files ---- */

/* One file of the export (ext "xlsx", "csv", "zip" or "json"); the CSV in
 * ?encoding= (utf-8 or gb18030). */
static void download(struct http_req *req, struct http_resp *resp, const char *ext)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct filing_export x;
	struct filing_export_opts opt;
	const struct buf *b;
	const char *type, *name;
	long long id = target(req, resp, &p, &ctx);

	if (!id)
		return;
	opt.encoding = http_query(req, "encoding");
	opt.photos = !strcmp(ext, "zip") || !strcmp(ext, "json");
	if (app_filing_export(&ctx, id, &opt, &x, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	if (!strcmp(ext, "xlsx")) {
		b = &x.xlsx;
		type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		name = arena_printf(req->arena, "%s.xlsx", x.base);
	} else if (!strcmp(ext, "csv")) {
		b = &x.csv;
		type = strcmp(x.encoding, "gb18030") ? "text/csv; charset=utf-8"
						     : "text/csv; charset=gb18030";
		name = arena_printf(req->arena, "%s.csv", x.base);
	} else if (!strcmp(ext, "zip")) {
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
	resp->content_type = type;
	http_set_header(resp, "Content-Disposition",
			arena_printf(req->arena, "attachment; filename=\"%s\"", name));
	/* full ID numbers: for nobody's cache */
	http_set_header(resp, "Cache-Control", "private, no-store");
	app_filing_export_free(&x);
}

void page_filing_xlsx(struct http_req *req, struct http_resp *resp)
{
	download(req, resp, "xlsx");
}

void page_filing_csv(struct http_req *req, struct http_resp *resp)
{
	download(req, resp, "csv");
}

void page_filing_photos(struct http_req *req, struct http_resp *resp)
{
	download(req, resp, "zip");
}

void page_filing_manifest(struct http_req *req, struct http_resp *resp)
{
	download(req, resp, "json");
}
