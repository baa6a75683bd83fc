/*
 * holder.c - holder accounts (issue 12): the claim pages, where a worker
 * creates their account with one of their certificates or with a claim
 * code.
 */
#include <string.h>

#include "base/str.h"
#include "web/layout.h"
#include "web/web.h"

/* The claim's form: with a certificate (its number and QR token) or, by_code,
 * with the claim code of an admission ticket or result notice. */
static void claim_form(struct page *p, bool by_code, const struct app_error *err)
{
	page_begin(p, T(p, "holder.claim.title"));
	html_printf(p->out, "<h1>%s</h1><p>%s</p>", T(p, "holder.claim.title"),
		    T(p, by_code ? "holder.code.intro" : "holder.claim.intro"));
	if (!by_code)
		html_printf(p->out, "<p><a href=\"/claim/code\">%s</a></p>",
			    T(p, "holder.code.link"));
	page_form(p, by_code ? "/claim/code" : "/claim", "form narrow");
	page_form_error(p, err);
	if (by_code) {
		page_field_ex(p, NULL, "code", "holder.code.field", page_value(p, "code"),
			      "holder.code.hint", err, 1);
	} else {
		page_field(p, "number", "holder.claim.number", page_value(p, "number"),
			   err, 1);
		page_field_ex(p, NULL, "token", "holder.claim.token",
			      page_value(p, "token"), "holder.claim.token_hint", err, 1);
	}
	page_field(p, "name", "holder.claim.name", page_value(p, "name"), err, 1);
	page_field(p, "id_number", "holder.claim.id_number", page_value(p, "id_number"),
		   err, 1);
	page_field_ex(p, NULL, "username", "field.username", page_value(p, "username"),
		      "holder.claim.username_hint", err, 1);
	page_password_field(p, "password", "field.password", "new-password", err);
	page_field_ex(p, "email", "email", "field.email_optional", page_value(p, "email"),
		      "email.claim_hint", err, 0);
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
		    T(p, "holder.claim.submit"));
	html_printf(p->out, "<p><a href=\"/login\">%s</a></p>", T(p, "holder.claim.have"));
	page_end(p);
}

static void claim_get(struct http_req *req, struct http_resp *resp, bool by_code)
{
	struct page p;

	page_init(&p, req, resp, NULL);
	if (req->actor) {
		http_redirect(resp, "/");
		return;
	}
	claim_form(&p, by_code, NULL);
}

/* The account, then the way to sign in: to the certificate that proved who
 * they are, or to the results the claim code came with. */
static void claim_post(struct http_req *req, struct http_resp *resp, bool by_code)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id;
	struct holder_claim in = {0};

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	if (by_code) {
		in.code = page_value(&p, "code");
	} else {
		in.number = page_value(&p, "number");
		in.token = page_value(&p, "token");
	}
	in.name = page_value(&p, "name");
	in.id_number = page_value(&p, "id_number");
	in.username = page_value(&p, "username");
	in.password = page_input(&p, "password");
	in.email = page_value(&p, "email");
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
		claim_form(&p, by_code, &err);
		return;
	}
	page_begin(&p, T(&p, "holder.claim.title"));
	html_printf(p.out,
		    "<h1>%s</h1><p class=\"notice\" role=\"status\" id=\"claimed\">%s</p>"
		    "<p><a class=\"button\" href=\"/login?next=%s\">%s</a></p>",
		    T(&p, "holder.claim.title"), T(&p, "holder.claim.done"),
		    by_code ? "/me/results" : "/me/certificates", T(&p, "btn.login"));
	page_end(&p);
}

/* GET /claim */
void page_claim(struct http_req *req, struct http_resp *resp)
{
	claim_get(req, resp, false);
}

/* POST /claim */
void page_claim_post(struct http_req *req, struct http_resp *resp)
{
	claim_post(req, resp, false);
}

/* GET /claim/code */
void page_claim_code(struct http_req *req, struct http_resp *resp)
{
	claim_get(req, resp, true);
}

/* POST /claim/code */
void page_claim_code_post(struct http_req *req, struct http_resp *resp)
{
	claim_post(req, resp, true);
}

/* ---- my certificates ---- */

/* The address of a shared certificate's public page. */
static const char *share_url(struct page *p, const char *share_id)
{
	return arena_printf(p->req->arena, "/c/%s", share_id);
}

/* The photo switch of one card: on, the public pages show the photo. */
static void photo_switch(struct page *p, const struct holder_cert *h)
{
	page_form(p, arena_printf(p->req->arena, "/me/certificates/%lld/photo", h->cert.id),
		  "photo-switch");
	html_printf(p->out,
		    "<input type=\"hidden\" name=\"on\" value=\"%s\"><p>%s</p>"
		    "<button type=\"submit\">%s</button></form>",
		    h->photo_shown ? "0" : "1",
		    T(p, h->photo_shown ? "holder.mine.photo_shown"
					: "holder.mine.photo_hidden"),
		    T(p, h->photo_shown ? "holder.mine.photo_off" : "holder.mine.photo_on"));
}

/* GET /me/certificates */
void page_my_certificates(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct holder_cert *xs;
	struct cert_request *rs;
	size_t n, nr;

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	if (app_holder_certs(&ctx, &xs, &n, &err) != APP_OK ||
	    app_request_mine(&ctx, &rs, &nr, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	page_begin(&p, T(&p, "holder.mine.title"));
	html_printf(p.out, "<h1>%s</h1>", T(&p, "holder.mine.title"));
	if (!n)
		html_printf(p.out, "<p class=\"empty\">%s</p>", T(&p, "cert.none"));
	html_printf(p.out, "<ul class=\"plain\" id=\"my-certificates\">");
	for (size_t i = 0; i < n; i++) {
		const struct certificate *x = &xs[i].cert;

		html_printf(p.out,
			    "<li class=\"cert-card status-%s\" data-number=\"%s\">"
			    "<h2 class=\"cert-number\">%s</h2>",
			    x->status, x->number, x->number);
		page_badge(&p, "cert.status.", x->status);
		html_printf(p.out,
			    "<dl class=\"facts\"><dt>%s</dt><dd>%s %s</dd><dt>%s</dt><dd>%s</dd>"
			    "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd></dl>",
			    T(&p, "field.occupation_short"), x->occupation_code,
			    x->occupation_name, page_cert_grade_label(&p, x->line),
			    page_cert_grade(&p, x->line, x->level, x->award,
					    x->competition_name, x->award_name,
					    x->award_name_en),
			    T(&p, "cert.issued_on"), x->issued_on,
			    T(&p, "field.institution"), x->institution_name);
		html_printf(p.out, "<p class=\"actions\">");
		if (!strcmp(x->status, "valid") && strcmp(x->line, "legacy"))
			html_printf(p.out,
				    "<a href=\"/me/certificates/%lld/certificate.pdf\">%s</a> ",
				    x->id, T(&p, "holder.mine.pdf"));
		if (*x->credential)
			html_printf(p.out,
				    "<a href=\"/me/certificates/%lld/credential.jwt\">%s</a> "
				    "<a href=\"/me/certificates/%lld/credential.json\">%s</a>",
				    x->id, T(&p, "holder.mine.jwt"), x->id,
				    T(&p, "holder.mine.json"));
		html_printf(p.out, "</p>");
		page_form(&p,
			  arena_printf(req->arena, "/me/certificates/%lld/share", x->id),
			  "share");
		html_printf(p.out, "<input type=\"hidden\" name=\"on\" value=\"%s\">",
			    xs[i].share_id ? "0" : "1");
		if (xs[i].share_id)
			html_printf(p.out,
				    "<p>%s <a class=\"share-link\" href=\"%s\">%s</a></p>",
				    T(&p, "holder.mine.shared"),
				    share_url(&p, xs[i].share_id),
				    share_url(&p, xs[i].share_id));
		else
			html_printf(p.out, "<p>%s</p>", T(&p, "holder.mine.not_shared"));
		html_printf(p.out, "<button type=\"submit\">%s</button></form>",
			    T(&p, xs[i].share_id ? "holder.mine.share_off"
						 : "holder.mine.share_on"));
		photo_switch(&p, &xs[i]);
		/* the subsidy this certificate may entitle its holder to: the
		 * verdict, the amount band, the deadline counting down */
		page_subsidy_block_as(&p, x->id,
				      arena_printf(req->arena, "subsidy-%lld", x->id));
		page_holder_requests(&p, x->id, rs, nr);
		html_printf(p.out, "</li>");
	}
	html_printf(p.out, "</ul>");
	page_end(&p);
}

/* POST /me/certificates/{id}/share (on=1 or on=0) */
void page_my_certificate_share(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	const char *sid;
	long long id = page_open_id(&p, &ctx, req, resp, NULL);

	if (!id)
		return;
	if (app_holder_share(&ctx, id, !strcmp(page_value(&p, "on"), "1"), &sid, &err) !=
	    APP_OK) {
		page_fail(&p, &err);
		return;
	}
	http_redirect(resp, "/me/certificates");
}

/* POST /me/certificates/{id}/photo (on=1 or on=0) */
void page_my_certificate_photo(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_open_id(&p, &ctx, req, resp, NULL);

	if (!id)
		return;
	if (app_holder_photo(&ctx, id, !strcmp(page_value(&p, "on"), "1"), &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	http_redirect(resp, "/me/certificates");
}

/* GET /c/{share}/photo, /v/{token}/photo: the holder's photo, only while
 * they show it. */
static void public_photo(struct http_req *req, struct http_resp *resp, bool shared)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	const char *mime;

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	http_set_header(resp, "Cache-Control", "no-store");
	buf_reset(&resp->body);
	if (app_holder_public_photo(&ctx, shared ? req->params[0] : NULL,
				    shared ? NULL : req->params[0], &mime, &resp->body,
				    &err) != APP_OK) {
		buf_reset(&resp->body);
		page_fail(&p, &err);
		return;
	}
	resp->status = 200;
	resp->content_type = mime;
}

void page_shared_photo(struct http_req *req, struct http_resp *resp)
{
	public_photo(req, resp, true);
}

void page_verify_photo(struct http_req *req, struct http_resp *resp)
{
	public_photo(req, resp, false);
}

/* GET /me/certificates/{id}/certificate.pdf, credential.jwt, credential.json */
static void my_file(struct http_req *req, struct http_resp *resp, int kind)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct holder_cert h;
	long long id = page_open_id(&p, &ctx, req, resp, NULL);

	if (!id)
		return;
	if (app_holder_cert(&ctx, id, &h, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	buf_reset(&resp->body);
	if (kind == 0) {
		if (app_cert_pdf(&ctx, id, 0, &resp->body, &err) != APP_OK) {
			buf_reset(&resp->body);
			page_fail_status(&p, 404, err.msg);
			return;
		}
		resp->content_type = "application/pdf";
	} else if (!*h.cert.credential) {
		page_fail_status(&p, 404, "cert.no_credential");
		return;
	} else {
		buf_puts(&resp->body, kind == 1 ? h.cert.credential : h.credential_json);
		resp->content_type = kind == 1 ? "application/vc+jwt" : "application/json";
	}
	http_set_header(resp, "Content-Disposition",
			arena_printf(req->arena, "attachment; filename=\"%s.%s\"",
				     h.cert.number,
				     kind == 0   ? "pdf"
				     : kind == 1 ? "jwt"
						 : "json"));
}

void page_my_certificate_pdf(struct http_req *req, struct http_resp *resp)
{
	my_file(req, resp, 0);
}

void page_my_credential_jwt(struct http_req *req, struct http_resp *resp)
{
	my_file(req, resp, 1);
}

void page_my_credential_json(struct http_req *req, struct http_resp *resp)
{
	my_file(req, resp, 2);
}

/* GET /c/{share id}: a shared certificate's public page (no ID number;
 * the photo only when the holder shows it), with the signed QR token's
 * check. */
void page_shared_credential(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct cert_public x;
	const char *token, *mime;

	page_init(&p, req, resp, NULL);
	page_ctx(&p, &ctx);
	http_set_header(resp, "Cache-Control", "no-store");
	if (app_holder_shared(&ctx, req->params[0], &x, &token, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	page_begin(&p, T(&p, "holder.shared.title"));
	html_printf(p.out,
		    "<h1>%s</h1><article class=\"cert-card status-%s\" id=\"credential\">",
		    T(&p, "holder.shared.title"), x.status);
	if (app_holder_public_photo(&ctx, req->params[0], NULL, &mime, NULL, &err) == APP_OK)
		html_printf(p.out,
			    "<img class=\"holder-photo\" id=\"holder-photo\" src=\"/c/%s/photo\" "
			    "alt=\"%s\" width=\"120\">",
			    req->params[0], T(&p, "holder.photo_alt"));
	html_printf(p.out, "<h2>%s</h2>",
		    !strcmp(x.line, "honour")     ? T(&p, "cert.title.honour")
		    : !strcmp(x.line, "training") ? T(&p, "cert.title.training")
		    : !strcmp(x.line, "award")    ? T(&p, "cert.title.award")
		    : strcmp(x.line, "industry")  ? T(&p, "cert.title.skill")
						  : T(&p, "cert.title.industry"));
	page_badge(&p, "cert.status.", x.status);
	html_printf(p.out,
		    "<dl class=\"facts\"><dt>%s</dt><dd class=\"cert-number\">%s</dd>"
		    "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s %s</dd><dt>%s</dt><dd>%s</dd>"
		    "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>",
		    T(&p, "cert.number"), x.number, T(&p, "field.person_name"), x.holder,
		    T(&p, "field.occupation_short"), x.occupation_code, x.occupation_name,
		    page_cert_grade_label(&p, x.line),
		    page_cert_grade(&p, x.line, x.level, x.award, x.competition_name,
				    x.award_name, x.award_name_en),
		    T(&p, "cert.issued_on"), x.issued_on, T(&p, "field.institution"),
		    x.institution_name);
	if (strcmp(x.status, "valid"))
		html_printf(p.out, "<dt>%s</dt><dd>%s</dd>", T(&p, "cert.status_since"),
			    x.status_date ? x.status_date : "");
	html_printf(p.out, "</dl></article>");
	if (token && *token)
		html_printf(p.out, "<p><a href=\"/v/%s\" id=\"verify-link\">%s</a></p>",
			    token, T(&p, "holder.shared.verify"));
	page_end(&p);
}
