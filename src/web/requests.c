/*
 * requests.c - requests a holder starts about one of their certificates (a
 * correction, a lost-certificate reprint) on "my certificates", and the
 * issuing institution's list where staff decide them (issue 12).
 */
#include <string.h>

#include "base/str.h"
#include "web/layout.h"
#include "web/web.h"

static const char *const kinds[] = {"correction", "rename", "reprint", NULL};

/* One request's status, the staff's reason once decided. */
static void request_status(struct page *p, const struct cert_request *r)
{
	page_badge(p, "request.status.", r->status);
	if (strcmp(r->status, "open"))
		html_printf(p->out, " <span class=\"request-reason\">%s%s%s</span>",
			    T(p, "request.reason"), p->lang == LANG_EN ? ": " : "：",
			    r->reason);
}

void page_holder_requests(struct page *p, long long cert_id,
			  const struct cert_request *rs, size_t n)
{
	html_printf(p->out, "<section class=\"requests\" id=\"requests-%lld\"><h3>%s</h3>",
		    cert_id, T(p, "request.heading"));
	html_printf(p->out, "<ul class=\"plain\">");
	for (size_t i = 0; i < n; i++) {
		const struct cert_request *r = &rs[i];

		if (r->certificate_id != cert_id)
			continue;
		html_printf(p->out, "<li class=\"request\" data-id=\"%lld\">%s", r->id,
			    T(p, arena_printf(p->req->arena, "request.kind.%s", r->kind)));
		if (*r->field)
			html_printf(p->out, " · %s",
				    T(p, arena_printf(p->req->arena, "request.field.%s",
						      r->field)));
		html_printf(p->out, " · %s ", page_when(p, r->created_at));
		request_status(p, r);
		html_printf(p->out, "</li>");
	}
	html_printf(p->out, "</ul>");
	page_details(p, "request-new", NULL, 0, "request.new");
	page_form(p, arena_printf(p->req->arena, "/me/certificates/%lld/requests", cert_id),
		  "form");
	p->idp = arena_printf(p->req->arena, "r%lld-", cert_id);
	page_select(p, "kind", "request.kind", kinds, "request.kind.", "", 0, NULL);
	page_select(p, "field", "request.field", app_request_fields, "request.field.", "",
		    1, NULL);
	page_textarea(p, "detail", "request.detail", "", NULL, 0);
	p->idp = NULL;
	html_printf(p->out, "<button type=\"submit\">%s</button></form></details></section>",
		    T(p, "request.submit"));
}

/* POST /me/certificates/{id}/requests */
void page_my_request_post(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long rid;
	long long id = page_open_id(&p, &ctx, req, resp, NULL);

	if (!id)
		return;
	if (app_request_file(&ctx, id, page_value(&p, "kind"), page_value(&p, "field"),
			     page_value(&p, "detail"), &rid, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	http_redirect(resp, arena_printf(req->arena, "/me/certificates#requests-%lld", id));
}

/* GET /institutions/{id}/requests[?status=open|accepted|refused] */
void page_institution_requests(struct http_req *req, struct http_resp *resp)
{
	static const char *const statuses[] = {"open", "accepted", "refused", NULL};
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct cert_request *rs;
	size_t n;
	long long inst = page_param_id(req, 0);
	const char *status = http_query(req, "status");

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	if (!inst) {
		page_fail_status(&p, 404, "err.not_found");
		return;
	}
	if (app_request_list(&ctx, inst, status ? status : "", &rs, &n, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	page_begin(&p, T(&p, "request.staff.title"));
	html_printf(p.out, "<h1>%s</h1>", T(&p, "request.staff.title"));
	html_printf(p.out, "<form method=\"get\" class=\"form search\">");
	page_select(&p, "status", "field.status", statuses, "request.status.",
		    status ? status : "", 1, NULL);
	html_printf(p.out, "<button type=\"submit\">%s</button></form>",
		    T(&p, "btn.filter"));
	if (!n)
		html_printf(p.out, "<p class=\"empty\">%s</p>", T(&p, "request.none"));
	html_printf(p.out, "<ul class=\"plain\" id=\"requests\">");
	for (size_t i = 0; i < n; i++) {
		const struct cert_request *r = &rs[i];

		html_printf(p.out,
			    "<li class=\"request\" data-id=\"%lld\"><h2><a "
			    "href=\"/certificates/%lld\" class=\"cert-number\">%s</a> %s</h2>"
			    "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>",
			    r->id, r->certificate_id, r->number, r->holder_name,
			    T(&p, "request.kind"),
			    T(&p, arena_printf(req->arena, "request.kind.%s", r->kind)),
			    T(&p, "request.filed"), page_when(&p, r->created_at));
		if (*r->field)
			html_printf(p.out, "<dt>%s</dt><dd>%s</dd>", T(&p, "request.field"),
				    T(&p, arena_printf(req->arena, "request.field.%s",
						       r->field)));
		html_printf(p.out, "<dt>%s</dt><dd class=\"request-detail\">%s</dd></dl><p>",
			    T(&p, "request.detail"), r->detail);
		request_status(&p, r);
		html_printf(p.out, "</p>");
		if (!strcmp(r->status, "open")) {
			page_form(&p,
				  arena_printf(req->arena, "/requests/%lld/decide", r->id),
				  "form decide");
			html_printf(p.out,
				    "<input type=\"hidden\" name=\"institution\" value=\"%lld\">",
				    inst);
			p.idp = arena_printf(req->arena, "d%lld-", r->id);
			page_textarea(&p, "reason", "request.reason", "", NULL, 1);
			p.idp = NULL;
			html_printf(p.out,
				    "<div class=\"actions\"><button type=\"submit\" name=\"decision\" "
				    "value=\"accept\">%s</button> <button type=\"submit\" "
				    "name=\"decision\" value=\"refuse\">%s</button></div></form>",
				    T(&p, "request.accept"), T(&p, "request.refuse"));
		}
		html_printf(p.out, "</li>");
	}
	html_printf(p.out, "</ul>");
	page_end(&p);
}

/* POST /requests/{id}/decide (decision=accept|refuse, reason) */
void page_request_decide(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_param_id(req, 0), inst;
	const char *decision;

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	decision = page_value(&p, "decision");
	inst = page_form_id(&p, "institution");
	if (!id) {
		page_fail_status(&p, 404, "err.not_found");
		return;
	}
	if (app_request_decide(&ctx, id, decision, page_value(&p, "reason"), &err) !=
	    APP_OK) {
		page_fail(&p, &err);
		return;
	}
	http_redirect(resp,
		      inst ? arena_printf(req->arena, "/institutions/%lld/requests", inst)
			   : "/");
}
