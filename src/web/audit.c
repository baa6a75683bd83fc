/*
 * audit.c - the audit trail for administrators: filter by actor, action,
 * object and date range; page through; export the same selection as CSV.
 */
#include <stdio.h>
#include <string.h>

#include "base/csv.h"
#include "base/str.h"
#include "web/layout.h"
#include "web/web.h"

#define PAGE_SIZE 50
#define CSV_MAX 100000

static void read_filter(struct http_req *req, struct audit_filter *f)
{
	const char *v;
	long long off = 0;

	memset(f, 0, sizeof(*f));
	f->actor = http_query(req, "actor");
	f->action = http_query(req, "action");
	f->object_type = http_query(req, "object_type");
	f->object_id = http_query(req, "object_id");
	f->from = http_query(req, "from");
	f->to = http_query(req, "to");
	if ((v = http_query(req, "offset")))
		str_to_ll(v, 0, 1LL << 40, &off);
	f->offset = off;
	f->limit = PAGE_SIZE;
}

/* The filter as a query string (without offset), for links. */
static const char *filter_query(struct http_req *req, const struct audit_filter *f)
{
	struct buf b;
	const char *names[] = {"actor",     "action", "object_type",
			       "object_id", "from",   "to"};
	const char *vals[] = {f->actor,     f->action, f->object_type,
			      f->object_id, f->from,   f->to};
	const char *out;

	buf_init(&b, 16384);
	for (size_t i = 0; i < 6; i++) {
		if (!vals[i] || !*vals[i])
			continue;
		buf_puts(&b, b.len ? "&" : "");
		buf_puts(&b, names[i]);
		buf_putc(&b, '=');
		str_url_encode(&b, vals[i]);
	}
	out = arena_strdup(req->arena, b.data);
	buf_release(&b);
	return out ? out : "";
}

/* An action code's label in the page's language ("更名" for
 * institution.rename); the code itself when it has none. */
static const char *action_label(struct page *p, const char *code)
{
	const char *key = arena_printf(p->req->arena, "audit.action.%s", code);
	const char *label = T(p, key);

	return label == key ? code : label;
}

/* The newest signed head, for an administrator to compare with what the
 * witnesses hold (docs/backups.md). Nothing when there is none yet. */
static void checkpoint_block(struct page *p, struct app_ctx *ctx)
{
	struct audit_checkpoint cp;
	struct app_error err;
	const char *pub;

	if (app_audit_checkpoint_get(ctx, false, &cp, &pub, &err) != APP_OK)
		return;
	html_printf(p->out,
		    "<section class=\"checkpoint\"><h2>%s</h2><p class=\"hint\">%s</p><dl>"
		    "<dt>%s</dt><dd>%lld</dd><dt>%s</dt><dd><code>%s</code></dd>"
		    "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd><code>%s</code></dd></dl>"
		    "<p><a href=\"/api/v1/audit/checkpoint\" download=\"audit-checkpoint.json\">%s</a></p>"
		    "</section>",
		    T(p, "audit.checkpoint"), T(p, "audit.checkpoint_hint"),
		    T(p, "audit.checkpoint_size"), cp.size, T(p, "audit.checkpoint_root"),
		    cp.root, T(p, "audit.checkpoint_at"), page_when(p, cp.at),
		    T(p, "audit.checkpoint_key"), cp.kid,
		    T(p, "audit.checkpoint_download"));
}

void page_audit(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct audit_filter f;
	struct audit_record *items = NULL;
	size_t n = 0;
	long long total = 0;
	const char *q;
	int rc;

	memset(&err, 0, sizeof(err));
	page_init(&p, req, resp, "nav.audit");
	page_ctx(&p, &ctx);
	read_filter(req, &f);
	rc = app_audit_list(&ctx, &f, &items, &n, &total, &err);
	if (rc != APP_OK && rc != APP_INVALID) {
		page_fail(&p, &err);
		return;
	}
	q = filter_query(req, &f);
	page_begin(&p, T(&p, "audit.title"));
	html_printf(p.out,
		    "<div class=\"titlebar\"><h1>%s</h1>"
		    "<a class=\"button\" href=\"/audit.csv?%s\">%s</a></div>",
		    T(&p, "audit.title"), q, T(&p, "audit.export"));
	html_printf(p.out, "<form class=\"search\" method=\"get\" action=\"/audit\" "
			   "role=\"search\">");
	page_field(&p, "actor", "audit.actor", f.actor, NULL, 0);
	page_field(&p, "action", "audit.action", f.action, NULL, 0);
	page_field(&p, "object_type", "audit.object_type", f.object_type, NULL, 0);
	page_field(&p, "object_id", "audit.object_id", f.object_id, NULL, 0);
	page_field(&p, "from", "audit.from", f.from,
		   err.status == APP_INVALID ? &err : NULL, 0);
	page_field(&p, "to", "audit.to", f.to, err.status == APP_INVALID ? &err : NULL, 0);
	html_printf(p.out, "<button type=\"submit\">%s</button></form>",
		    T(&p, "btn.search"));
	if (err.status == APP_INVALID) {
		resp->status = 422;
		page_end(&p);
		return;
	}
	html_printf(p.out,
		    "<div class=\"table\"><table><thead><tr><th scope=\"col\">#</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(&p, "audit.at"), T(&p, "audit.actor"), T(&p, "audit.action"),
		    T(&p, "audit.object"), T(&p, "audit.before"), T(&p, "audit.after"));
	for (size_t i = 0; i < n; i++)
		html_printf(p.out,
			    "<tr><td>%lld</td><td><time datetime=\"%s\">%s</time></td>"
			    "<td>%s<br><small>%s</small></td>"
			    "<td><span class=\"action\" title=\"%s\">%s</span></td>"
			    "<td>%s %s</td><td><code>%s</code></td>"
			    "<td><code>%s</code></td></tr>",
			    items[i].seq, items[i].at, page_when(&p, items[i].at),
			    items[i].actor, items[i].address, items[i].action,
			    action_label(&p, items[i].action), items[i].object_type,
			    items[i].object_id, items[i].before, items[i].after);
	html_printf(p.out, "</tbody></table></div><p class=\"count\">%lld</p>", total);
	html_printf(p.out, "<nav class=\"pager\" aria-label=\"pages\">");
	if (f.offset > 0)
		html_printf(p.out, "<a href=\"/audit?%s&amp;offset=%lld\">%s</a> ", q,
			    f.offset > PAGE_SIZE ? f.offset - PAGE_SIZE : 0LL,
			    T(&p, "pager.prev"));
	if (f.offset + PAGE_SIZE < total)
		html_printf(p.out, "<a href=\"/audit?%s&amp;offset=%lld\">%s</a>", q,
			    f.offset + PAGE_SIZE, T(&p, "pager.next"));
	html_printf(p.out, "</nav>");
	checkpoint_block(&p, &ctx);
	page_end(&p);
}

void page_audit_csv(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct audit_filter f;
	struct audit_record *items;
	size_t n;
	long long total;
	static const char *const head[] = {"seq",         "at",         "actor",
					   "address",     "request_id", "action",
					   "object_type", "object_id",  "before",
					   "after",       "hash"};

	page_init(&p, req, resp, "nav.audit");
	page_ctx(&p, &ctx);
	read_filter(req, &f);
	f.offset = 0;
	f.limit = CSV_MAX;
	if (app_audit_list(&ctx, &f, &items, &n, &total, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	resp->content_type = "text/csv; charset=utf-8";
	http_set_header(resp, "Content-Disposition", "attachment; filename=\"audit.csv\"");
	buf_reset(&resp->body);
	buf_puts(&resp->body, CSV_BOM);
	for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++) {
		if (i)
			csv_sep(&resp->body);
		csv_field(&resp->body, head[i]);
	}
	csv_end(&resp->body);
	for (size_t i = 0; i < n; i++) {
		const struct audit_record *r = &items[i];
		char seq[24];

		snprintf(seq, sizeof(seq), "%lld", r->seq);
		csv_field(&resp->body, seq);
		csv_sep(&resp->body);
		csv_field(&resp->body, r->at);
		csv_sep(&resp->body);
		csv_field(&resp->body, r->actor);
		csv_sep(&resp->body);
		csv_field(&resp->body, r->address);
		csv_sep(&resp->body);
		csv_field(&resp->body, r->request_id);
		csv_sep(&resp->body);
		csv_field(&resp->body, r->action);
		csv_sep(&resp->body);
		csv_field(&resp->body, r->object_type);
		csv_sep(&resp->body);
		csv_field(&resp->body, r->object_id);
		csv_sep(&resp->body);
		csv_field(&resp->body, r->before);
		csv_sep(&resp->body);
		csv_field(&resp->body, r->after);
		csv_sep(&resp->body);
		csv_field(&resp->body, r->hash);
		csv_end(&resp->body);
	}
}
