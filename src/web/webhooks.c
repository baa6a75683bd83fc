/* webhooks.c - webhook subscriptions and their delivery log (issue 18):
 * the list with the form to subscribe (the secret shown once), one
 * subscription with its deliveries and a replay button each. app/webhook.c
 * has the rules. */
#include <string.h>

#include "base/str.h"
#include "web/layout.h"
#include "web/web.h"

static void list_page(struct page *p, const struct app_error *ferr, const char *secret,
		      long long new_id)
{
	struct app_ctx ctx;
	struct app_error err;
	struct webhook_sub *xs;
	size_t n;

	page_ctx(p, &ctx);
	if (app_webhook_list(&ctx, &xs, &n, &err) != APP_OK) {
		page_fail(p, &err);
		return;
	}
	page_begin(p, T(p, "webhooks.title"));
	html_printf(p->out, "<h1>%s</h1><p class=\"hint\">%s</p>", T(p, "webhooks.title"),
		    T(p, "webhooks.lead"));
	if (secret)
		html_printf(p->out,
			    "<div class=\"notice ok\" id=\"secret\"><p>%s</p>"
			    "<p><code>%s</code></p><p><a href=\"/admin/webhooks/%lld\">%s</a></p>"
			    "</div>",
			    T(p, "webhooks.secret_once"), secret, new_id,
			    T(p, "webhooks.open"));
	page_error_summary(p, ferr, "add");
	if (!n) {
		html_printf(p->out, "<p>%s</p>", T(p, "webhooks.none"));
	} else {
		html_printf(p->out,
			    "<div class=\"table\"><table id=\"webhooks\"><thead><tr>"
			    "<th scope=\"col\">#</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead><tbody>",
			    T(p, "webhooks.url"), T(p, "webhooks.institution"),
			    T(p, "webhooks.events"), T(p, "webhooks.state"));
		for (size_t i = 0; i < n; i++)
			html_printf(p->out,
				    "<tr><td><a href=\"/admin/webhooks/%lld\">%lld</a></td>"
				    "<td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>",
				    xs[i].id, xs[i].id, xs[i].url,
				    xs[i].institution_id ? xs[i].institution_name
							 : T(p, "webhooks.network"),
				    xs[i].events,
				    T(p, xs[i].active ? "webhooks.active"
						      : "webhooks.paused"));
		html_printf(p->out, "</tbody></table></div>");
	}
	html_printf(p->out, "<h2 id=\"add\">%s</h2>", T(p, "webhooks.add"));
	page_form(p, "/admin/webhooks", "form");
	page_form_error(p, ferr);
	page_field_ex(p, NULL, "url", "webhooks.url", ferr ? page_input(p, "url") : "",
		      "webhooks.url_hint", ferr, 1);
	page_institution_select(p, "institution_id", "webhooks.institution",
				PERM_WEBHOOK_MANAGE, "webhooks.network",
				ferr ? page_input(p, "institution_id") : "", ferr);
	page_field_ex(p, NULL, "events", "webhooks.events",
		      ferr ? page_input(p, "events") : "*", "webhooks.events_hint", ferr,
		      0);
	page_field(p, "description", "webhooks.description",
		   ferr ? page_input(p, "description") : "", ferr, 0);
	html_printf(p->out, "<button type=\"submit\">%s</button></form>",
		    T(p, "webhooks.add"));
	page_end(p);
}

/* GET /admin/webhooks */
void page_webhooks(struct http_req *req, struct http_resp *resp)
{
	struct page p;

	page_init(&p, req, resp, "nav.users");
	list_page(&p, NULL, NULL, 0);
}

/* POST /admin/webhooks {url, institution_id, events, description} */
void page_webhook_create(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct webhook_input in;
	const char *secret;
	long long id;

	page_init(&p, req, resp, "nav.users");
	page_ctx(&p, &ctx);
	memset(&in, 0, sizeof(in));
	in.url = page_value(&p, "url");
	in.institution_id = page_form_id(&p, "institution_id");
	in.events = page_value(&p, "events");
	in.description = page_value(&p, "description");
	in.active = 1;
	if (app_webhook_add(&ctx, &in, &id, &secret, &err) != APP_OK) {
		if (err.status != APP_INVALID) {
			page_fail(&p, &err);
			return;
		}
		resp->status = 422;
		list_page(&p, &err, NULL, 0);
		return;
	}
	/* shown once, never cached */
	http_set_header(resp, "Cache-Control", "no-store");
	list_page(&p, NULL, secret, id);
}

/* GET /admin/webhooks/{id}: the subscription and its deliveries */
void page_webhook(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct webhook_sub s;
	struct webhook_delivery *ds;
	size_t n;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.users");

	if (!id)
		return;
	if (app_webhook_get(&ctx, id, &s, &err) != APP_OK ||
	    app_webhook_deliveries(&ctx, id, 0, 100, &ds, &n, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	page_begin(&p, T(&p, "webhooks.title"));
	html_printf(p.out,
		    "<p><a href=\"/admin/webhooks\">%s</a></p><h1>%s #%lld</h1>"
		    "<dl><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
		    "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>",
		    T(&p, "webhooks.title"), T(&p, "webhooks.one"), id,
		    T(&p, "webhooks.url"), s.url, T(&p, "webhooks.institution"),
		    s.institution_id ? s.institution_name : T(&p, "webhooks.network"),
		    T(&p, "webhooks.events"), s.events, T(&p, "webhooks.description"),
		    s.description, T(&p, "webhooks.state"),
		    T(&p, s.active ? "webhooks.active" : "webhooks.paused"));
	page_button(&p, arena_printf(req->arena, "/admin/webhooks/%lld/remove", id),
		    "webhooks.remove", "danger");
	html_printf(p.out, "<h2 id=\"deliveries\">%s</h2>", T(&p, "webhooks.deliveries"));
	if (!n) {
		html_printf(p.out, "<p>%s</p>", T(&p, "webhooks.no_deliveries"));
		page_end(&p);
		return;
	}
	html_printf(p.out,
		    "<div class=\"table\"><table id=\"deliveries-log\"><thead><tr>"
		    "<th scope=\"col\">#</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\"></th></tr></thead><tbody>",
		    T(&p, "webhooks.type"), T(&p, "field.created_at"),
		    T(&p, "webhooks.state"), T(&p, "webhooks.attempts"),
		    T(&p, "webhooks.last"));
	for (size_t i = 0; i < n; i++) {
		html_printf(p.out,
			    "<tr data-delivery=\"%lld\"><td>%lld</td><td>%s</td><td>%s</td>"
			    "<td>%s</td><td>%lld</td><td>",
			    ds[i].id, ds[i].id, ds[i].kind, page_when(&p, ds[i].created_at),
			    T(&p, !strcmp(ds[i].state, "delivered") ? "webhooks.delivered"
				  : !strcmp(ds[i].state, "failed")  ? "webhooks.failed"
								    : "webhooks.pending"),
			    ds[i].attempts);
		if (ds[i].last_status)
			html_printf(p.out, "HTTP %lld ", ds[i].last_status);
		if (ds[i].last_error)
			html_printf(p.out, "<span class=\"error\">%s</span>",
				    ds[i].last_error);
		html_printf(p.out, "</td><td>");
		page_button(&p,
			    arena_printf(req->arena,
					 "/admin/webhooks/%lld/deliveries/%lld/replay",
					 id, ds[i].id),
			    "webhooks.replay", "small");
		html_printf(p.out, "</td></tr>");
	}
	html_printf(p.out, "</tbody></table></div>");
	page_end(&p);
}

/* POST /admin/webhooks/{id}/deliveries/{did}/replay */
void page_webhook_replay(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.users"), did, nid;

	if (!id)
		return;
	if (!(did = page_param_id(req, 1))) {
		page_fail_status(&p, 404, "err.not_found");
		return;
	}
	if (app_webhook_replay(&ctx, id, did, &nid, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	http_redirect(resp, arena_printf(req->arena, "/admin/webhooks/%lld#deliveries", id));
}

/* POST /admin/webhooks/{id}/remove */
void page_webhook_remove(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.users");

	if (!id)
		return;
	if (app_webhook_remove(&ctx, id, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	http_redirect(resp, "/admin/webhooks");
}
