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

/* Renders an error raised by the HTTP layer as a page. */
void page_error(struct http_req *req, struct http_resp *resp, int status);

#endif
