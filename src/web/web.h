/*
 * web.h - the HTML pages. A page is one function: gather through app/,
 * render inside the layout (page_begin/page_end) through the HTML writer.
 */
#ifndef WEB_WEB_H
#define WEB_WEB_H

#include "http/http.h"

void page_home(struct http_req *req, struct http_resp *resp);
void page_lang(struct http_req *req, struct http_resp *resp);
void page_institution_list(struct http_req *req, struct http_resp *resp);
void page_institution_new(struct http_req *req, struct http_resp *resp);
void page_institution_create(struct http_req *req, struct http_resp *resp);
void page_institution_show(struct http_req *req, struct http_resp *resp);
void page_institution_rename(struct http_req *req, struct http_resp *resp);

void page_login(struct http_req *req, struct http_resp *resp);
void page_login_post(struct http_req *req, struct http_resp *resp);
void page_logout(struct http_req *req, struct http_resp *resp);
void page_account(struct http_req *req, struct http_resp *resp);
void page_password(struct http_req *req, struct http_resp *resp);
void page_password_post(struct http_req *req, struct http_resp *resp);
void page_token_create(struct http_req *req, struct http_resp *resp);
void page_token_revoke(struct http_req *req, struct http_resp *resp);
void page_users(struct http_req *req, struct http_resp *resp);
void page_user_create(struct http_req *req, struct http_resp *resp);
void page_user(struct http_req *req, struct http_resp *resp);
void page_user_grant(struct http_req *req, struct http_resp *resp);
void page_user_revoke(struct http_req *req, struct http_resp *resp);
void page_user_reset(struct http_req *req, struct http_resp *resp);
void page_audit(struct http_req *req, struct http_resp *resp);
void page_audit_csv(struct http_req *req, struct http_resp *resp);

/* Renders an error raised by the HTTP layer as a page. */
void page_error(struct http_req *req, struct http_resp *resp, int status,
		const char *reason);

#endif
