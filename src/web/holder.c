/*
 * holder.c - holder accounts (issue 12): the claim page, where a worker
 * creates their account with one of their certificates.
 */
#include <string.h>

#include "base/str.h"
#include "web/layout.h"
#include "web/web.h"

static void claim_form(struct page *p, const struct app_error *err)
{
	page_begin(p, T(p, "holder.claim.title"));
	html_printf(p->out, "<h1>%s</h1><p>%s</p>", T(p, "holder.claim.title"),
		    T(p, "holder.claim.intro"));
	page_form(p, "/claim", "form narrow");
	page_form_error(p, err);
	page_field(p, "number", "holder.claim.number", page_value(p, "number"), err, 1);
	page_field_ex(p, NULL, "token", "holder.claim.token", page_value(p, "token"),
		      "holder.claim.token_hint", err, 1);
	page_field(p, "name", "holder.claim.name", page_value(p, "name"), err, 1);
	page_field(p, "id_number", "holder.claim.id_number", page_value(p, "id_number"),
		   err, 1);
	page_field_ex(p, NULL, "username", "field.username", page_value(p, "username"),
		      "holder.claim.username_hint", err, 1);
	page_password_field(p, "password", "field.password", "new-password", err);
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
		    T(p, "holder.claim.submit"));
	html_printf(p->out, "<p><a href=\"/login\">%s</a></p>", T(p, "holder.claim.have"));
	page_end(p);
}

/* GET /claim */
void page_claim(struct http_req *req, struct http_resp *resp)
{
	struct page p;

	page_init(&p, req, resp, NULL);
	if (req->actor) {
		http_redirect(resp, "/");
		return;
	}
	claim_form(&p, NULL);
}

/* POST /claim: the account, then the way to sign in. */
void page_claim_post(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id;
	struct holder_claim in = {0};

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	in.number = page_value(&p, "number");
	in.token = page_value(&p, "token");
	in.name = page_value(&p, "name");
	in.id_number = page_value(&p, "id_number");
	in.username = page_value(&p, "username");
	in.password = page_input(&p, "password");
	http_set_header(resp, "Cache-Control", "no-store");
	if (app_holder_claim(&ctx, &in, &id, &err) != APP_OK) {
		if (err.status == APP_RATE_LIMITED) {
			resp->status = 429;
			http_set_header(resp, "Retry-After",
					arena_printf(req->arena, "%lld", err.retry_after));
		} else if (err.status == APP_NOT_FOUND) {
			resp->status = 404;
		} else if (err.status == APP_INVALID || err.status == APP_CONFLICT) {
			resp->status = page_refusal_status(err.status);
		} else {
			page_fail(&p, &err);
			return;
		}
		claim_form(&p, &err);
		return;
	}
	page_begin(&p, T(&p, "holder.claim.title"));
	html_printf(p.out,
		    "<h1>%s</h1><p class=\"notice\" role=\"status\" id=\"claimed\">%s</p>"
		    "<p><a class=\"button\" href=\"/login?next=/me/certificates\">%s</a></p>",
		    T(&p, "holder.claim.title"), T(&p, "holder.claim.done"),
		    T(&p, "btn.login"));
	page_end(&p);
}
